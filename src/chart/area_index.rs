//! The area type from SCB's index table (Segregationsbarometern's
//! områdestyp 1–5 per RegSO) instead of a number typed into book.toml:
//! `area_type_index` names the file under `data/` (CSV or a spreadsheet, as
//! SCB hands it over) and `area_type_regso` the area's RegSO code or name.
//! The table may be long (a year column and a type column) or wide (one
//! column per year); the home page shows the latest year's type, the trend
//! over the years in the file, the source and year, and SCB's caveats.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::{Location, Spanned};

use super::data::{self, FileOptions, RawTable, RawValue, number::Num, number::parse_number};
use super::select::strip_code;
use super::spec::LabelPart;
use super::spec::SpecOrigin;
use super::table::split_label;
use crate::error::Diagnostic;

/// The area's types by year, read from the index file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AreaTypeIndexed {
    /// The latest year's type.
    pub latest: u8,
    pub year: String,
    /// Every year in the file, oldest first.
    pub trend: Vec<YearType>,
    /// The file's remark for the area, if it has a remark column.
    pub remark: Option<String>,
    /// `data/<file>`, for the source line.
    pub file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct YearType {
    pub year: String,
    pub area_type: u8,
}

fn has(name: &str, words: &[&str]) -> bool {
    let n = name.to_lowercase();
    words.iter().any(|w| n.contains(w))
}

/// A 4-digit year in a column name ("2023", "Områdestyp 2023").
fn year_in(name: &str) -> Option<String> {
    name.split(|c: char| !c.is_ascii_digit())
        .find(|p| p.len() == 4 && (p.starts_with("19") || p.starts_with("20")))
        .map(str::to_string)
}

/// Does the row's cell name the area (code, name, or "code name")?
fn names_area(raw: &RawTable, row: usize, want: &str) -> bool {
    let want = want.trim().to_lowercase();
    raw.rows[row].cells.iter().any(|c| {
        let l = c.label().to_lowercase();
        l == want
            || c.code
                .as_deref()
                .is_some_and(|k| k.trim().to_lowercase() == want)
            || strip_code(&c.label()).to_lowercase() == want
            || split_label(&c.label(), LabelPart::Area).to_lowercase() == want
            || l.split_whitespace().next() == Some(want.as_str())
    })
}

fn type_of(raw: &RawTable, row: usize, col: usize) -> Result<Option<u8>, Diagnostic> {
    let cell = &raw.rows[row].cells[col];
    let v = match &cell.value {
        RawValue::Missing => return Ok(None),
        RawValue::Number(n) => Some(*n),
        RawValue::Text(t) => match parse_number(t) {
            Some(Num::Value(v)) => Some(v),
            Some(Num::Missing) => return Ok(None),
            None => None,
        },
    };
    match v {
        Some(v) if v.fract() == 0.0 && (1.0..=5.0).contains(&v) => Ok(Some(v as u8)),
        _ => Err(Diagnostic::error(
            "data",
            &raw.file,
            crate::msg!(
                "areaindex.not-an-area-type",
                value = cell.label(),
                column = &raw.columns[col].name
            ),
        )
        .at(cell.pos)
        .hint(crate::msg!("areaindex.an-area-type-is"))),
    }
}

/// Read the area's types from `file` (a key under `data/`).
pub fn resolve(
    file: &str,
    regso: &str,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<AreaTypeIndexed, Diagnostic> {
    let origin = SpecOrigin {
        file: "book.toml".into(),
        line_offset: 0,
    };
    let at = Spanned::new(file.to_string(), Location::UNKNOWN, Location::UNKNOWN);
    let (key, bytes) = data::find(&origin, &at, files).map_err(|d| {
        let hint = crate::msg!(
            "areaindex.names-a-file-under-data",
            hint = d.hint_text().unwrap_or_default()
        );
        d.hint(hint)
    })?;
    let raw = data::read_file(&origin, &at, key, bytes, FileOptions::default())?;
    let path = Path::new(data::DATA_DIR).join(key);
    let shown = path.to_string_lossy().replace('\\', "/");
    let rows: Vec<usize> = (0..raw.rows.len())
        .filter(|&r| names_area(&raw, r, regso))
        .collect();
    if rows.is_empty() {
        return Err(Diagnostic::error(
            "config",
            "book.toml",
            crate::msg!("areaindex.no-row-names-regso", file = &shown, regso = regso),
        )
        .hint(crate::msg!("areaindex.write-the-regso")));
    }
    let year_col = raw
        .columns
        .iter()
        .position(|c| has(&c.name, &["år", "year", "tid", "period"]) && year_in(&c.name).is_none());
    let type_col = raw.columns.iter().position(|c| {
        has(
            &c.name,
            &["områdestyp", "omradestyp", "omrtyp", "area type", "typ"],
        ) && year_in(&c.name).is_none()
    });
    let remark_col = raw
        .columns
        .iter()
        .position(|c| has(&c.name, &["anm", "kommentar", "remark", "flagg", "note"]));
    let mut trend: Vec<YearType> = Vec::new();
    let mut last_row = rows[0];
    match (year_col, type_col) {
        (Some(y), Some(t)) => {
            for &r in &rows {
                if let Some(v) = type_of(&raw, r, t)? {
                    trend.push(YearType {
                        year: raw.rows[r].cells[y].label(),
                        area_type: v,
                    });
                    last_row = r;
                }
            }
        }
        _ => {
            let row = rows[0];
            for (c, col) in raw.columns.iter().enumerate() {
                if let Some(year) = year_in(&col.name)
                    && let Some(v) = type_of(&raw, row, c)?
                {
                    trend.push(YearType { year, area_type: v });
                }
            }
        }
    }
    trend.sort_by(|a, b| a.year.cmp(&b.year));
    trend.dedup_by(|a, b| a.year == b.year);
    let Some(last) = trend.last().cloned() else {
        return Err(Diagnostic::error(
            "data",
            &raw.file,
            crate::msg!("areaindex.no-area-type-for", file = &shown, regso = regso),
        )
        .hint(crate::msg!("areaindex.the-index-needs")));
    };
    let remark = remark_col
        .map(|c| raw.rows[last_row].cells[c].label())
        .filter(|r| !r.is_empty());
    Ok(AreaTypeIndexed {
        latest: last.area_type,
        year: last.year,
        trend,
        remark,
        file: shown,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SCB-shaped index over several years, long: one row per RegSO and
    /// year, with SCB's remark column; a title line and a notes block.
    const LONG: &str = "\"Socioekonomiskt index och områdestyp per RegSO\"\n\"RegSO-kod\";\"RegSO\";\"År\";\"Index\";\"Områdestyp\";\"Anmärkning\"\n\"1999R001\";\"Ekby (Norrbacka)\";\"2019\";\"20,1\";\"2\";\"\"\n\"1999R002\";\"Ekby (Centrum)\";\"2019\";\"61,0\";\"4\";\"\"\n\"1999R001\";\"Ekby (Norrbacka)\";\"2021\";\"17,9\";\"1\";\"\"\n\"1999R001\";\"Ekby (Norrbacka)\";\"2023\";\"22,0\";\"2\";\"Liten befolkning\"\n\n\"Källa: SCB, Segregationsbarometern\"\n";

    fn files(name: &str, text: &str) -> BTreeMap<String, Vec<u8>> {
        BTreeMap::from([(name.to_string(), text.as_bytes().to_vec())])
    }

    #[test]
    fn the_latest_type_and_the_trend_from_a_long_index() {
        let a = resolve("index.csv", "1999R001", &files("index.csv", LONG)).unwrap();
        assert_eq!((a.latest, a.year.as_str()), (2, "2023"));
        let trend: Vec<(&str, u8)> = a
            .trend
            .iter()
            .map(|t| (t.year.as_str(), t.area_type))
            .collect();
        assert_eq!(trend, [("2019", 2), ("2021", 1), ("2023", 2)]);
        assert_eq!(a.remark.as_deref(), Some("Liten befolkning"));
        // The area named by its name instead of its code.
        let b = resolve("index.csv", "Norrbacka", &files("index.csv", LONG)).unwrap();
        assert_eq!(b.trend, a.trend);
    }

    #[test]
    fn a_wide_index_with_one_column_per_year() {
        let wide =
            "RegSO;Områdestyp 2020;Områdestyp 2022;Områdestyp 2024\n1999R001 Norrbacka;3;2;..\n";
        let a = resolve("w.csv", "1999R001", &files("w.csv", wide)).unwrap();
        assert_eq!((a.latest, a.year.as_str()), (2, "2022"));
        assert_eq!(a.trend.len(), 2);
    }

    #[test]
    fn errors_name_the_file_the_cell_and_the_fix() {
        let e = resolve("index.csv", "1999R009", &files("index.csv", LONG)).unwrap_err();
        assert!(
            e.message
                .contains("no row of data/index.csv names the RegSO \"1999R009\""),
            "{e}"
        );
        let bad = LONG.replace("\"2021\";\"17,9\";\"1\"", "\"2021\";\"17,9\";\"6\"");
        let e = resolve("index.csv", "1999R001", &files("index.csv", &bad)).unwrap_err();
        assert_eq!(e.file, std::path::PathBuf::from("data/index.csv"));
        assert_eq!((e.line, e.column), (Some(5), Some(45)), "{e}");
        let e = resolve("saknas.csv", "1999R001", &files("index.csv", LONG)).unwrap_err();
        assert!(e.message.contains("data/saknas.csv"), "{e}");
    }
}
