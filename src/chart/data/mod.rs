//! Data importers: every source becomes a [`RawTable`] of text or number
//! cells that remember where they were read, so a bad value is reported at
//! its file, line and column.

pub mod csv;
pub mod jsonstat;
pub mod jsonstat1;
pub mod layout;
pub mod number;
pub mod pxweb;
pub mod xlsx;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::spec::{ChartSpec, Scalar, Sp, SpecOrigin};
use crate::error::{Diagnostic, Pos};

pub use crate::paths::DATA_DIR;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// Text to be parsed as a number or used as a label.
    Text(String),
    Number(f64),
    Missing,
}

#[derive(Debug, Clone)]
pub struct RawCell {
    pub value: RawValue,
    /// A code next to the label (JSON-stat), also matched by filters.
    pub code: Option<String>,
    pub pos: Option<Pos>,
}

impl RawCell {
    /// The cell as a label.
    pub fn label(&self) -> String {
        match &self.value {
            RawValue::Text(t) => t.trim().to_string(),
            RawValue::Number(n) => super::spec::number_text(*n),
            RawValue::Missing => String::new(),
        }
    }

    /// Does the cell hold `want` (as label or code)?
    pub fn matches(&self, want: &str) -> bool {
        let want = want.trim();
        let label = match &self.value {
            RawValue::Text(t) => t.trim() == want,
            _ => self.label() == want,
        };
        label || self.code.as_deref().is_some_and(|c| c.trim() == want)
    }
}

#[derive(Debug, Clone)]
pub struct RawRow {
    pub pos: Option<Pos>,
    pub cells: Vec<RawCell>,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    /// Another name the column answers to (JSON-stat: the dimension label).
    pub alias: Option<String>,
    pub pos: Option<Pos>,
}

/// A table as read from a source, before the chart picks its columns.
#[derive(Debug, Clone)]
pub struct RawTable {
    /// Where the cells were read (the data file, or the spec's file).
    pub file: PathBuf,
    pub columns: Vec<Column>,
    pub rows: Vec<RawRow>,
    /// The number column when the source is long by nature (JSON-stat).
    pub default_value: Option<usize>,
    /// What was skipped while reading (title lines, notes), for `check`.
    pub notes: Vec<Diagnostic>,
}

impl RawTable {
    /// The index of the column called `name`: exact, then ignoring case
    /// and surrounding spaces, then by alias, then `#N` for the N-th
    /// column (for a column whose heading is empty).
    pub fn column(&self, name: &str) -> Option<usize> {
        let n = name.trim();
        let by_position = || {
            n.strip_prefix('#')
                .and_then(|d| d.parse::<usize>().ok())
                .filter(|d| (1..=self.columns.len()).contains(d))
                .map(|d| d - 1)
        };
        self.columns
            .iter()
            .position(|c| c.name == n)
            .or_else(|| {
                self.columns
                    .iter()
                    .position(|c| c.name.to_lowercase() == n.to_lowercase())
            })
            .or_else(|| {
                self.columns.iter().position(|c| {
                    c.alias
                        .as_deref()
                        .is_some_and(|a| a.to_lowercase() == n.to_lowercase())
                })
            })
            .or_else(by_position)
    }

    /// The column names, for hints.
    pub fn column_list(&self) -> String {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, c)| match &c.alias {
                _ if c.name.is_empty() => format!("#{} (no heading)", i + 1),
                Some(a) if *a != c.name => format!("{} ({a})", c.name),
                _ => c.name.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Inline `rows:` as a raw table. Columns are the keys in the order first
/// written; a key left out of a row is a missing value.
pub fn inline(spec: &ChartSpec) -> Result<RawTable, Diagnostic> {
    let rows = spec.rows.as_ref().map(|r| &r.value[..]).unwrap_or_default();
    let mut names: Vec<String> = Vec::new();
    for r in rows {
        for (k, _) in &r.value.0 {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let pos = spec.origin.pos(r);
        let by_name: BTreeMap<&str, &Scalar> =
            r.value.0.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let cells = names
            .iter()
            .map(|n| RawCell {
                value: match by_name.get(n.as_str()) {
                    Some(Scalar::Text(t)) => RawValue::Text(t.clone()),
                    Some(Scalar::Number(x)) => RawValue::Number(*x),
                    Some(Scalar::Null) | None => RawValue::Missing,
                },
                code: None,
                pos,
            })
            .collect();
        out.push(RawRow { pos, cells });
    }
    if out.is_empty() {
        let at = spec
            .rows
            .as_ref()
            .map_or(spec.origin.pos(&spec.id), |r| spec.origin.pos(r));
        return Err(Diagnostic::error(
            "chart",
            &spec.origin.file,
            crate::msg!(
                "data.the-chart-has-no-rows",
                value = (spec.id.value).to_string()
            ),
        )
        .at(at)
        .hint(crate::msg!("data.write-one-row-per-category")));
    }
    Ok(RawTable {
        file: spec.origin.file.clone(),
        columns: names
            .into_iter()
            .map(|name| Column {
                name,
                alias: None,
                pos: None,
            })
            .collect(),
        rows: out,
        default_value: None,
        notes: Vec::new(),
    })
}

/// The path under `data/` that `data: …` names: relative, inside the
/// folder, with `/`. A leading `data/` is accepted. `None` when the path
/// climbs out or is absolute.
pub fn data_key(path: &str) -> Option<String> {
    let p = path.trim().replace('\\', "/");
    if p.is_empty() || p.starts_with('/') || p.contains(':') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => return None,
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// The file under `data/` that `at` (written in `origin`) names.
pub fn find<'a>(
    origin: &SpecOrigin,
    at: &Sp,
    files: &'a BTreeMap<String, Vec<u8>>,
) -> Result<(&'a String, &'a Vec<u8>), Diagnostic> {
    let data = at;
    let Some(key) = data_key(&data.value) else {
        return Err(origin
            .error(
                data,
                crate::msg!(
                    "data2.the-data-path-leaves-the",
                    value = (data.value).to_string()
                ),
            )
            .hint(crate::msg!("data.name-a-file-inside-data")));
    };
    let found = files.get_key_value(&key).or_else(|| {
        key.strip_prefix("data/")
            .and_then(|k| files.get_key_value(k))
    });
    let Some((key, bytes)) = found else {
        let mut known: Vec<&str> = files.keys().map(String::as_str).take(12).collect();
        known.retain(|k| *k != "charts.yaml");
        let hint = if known.is_empty() {
            crate::msg!("data2.put-the-file-in-data")
        } else {
            crate::msg!("data2.files-in-data", files = known.join(", "))
        };
        return Err(origin
            .error(
                data,
                crate::msg!("data2.the-data-file-data-does", key = key.to_string()),
            )
            .hint(hint));
    };
    Ok((key, bytes))
}

/// Read the chart's data: a file under `data/` (looked up in memory) or its
/// inline rows.
pub fn load(spec: &ChartSpec, files: &BTreeMap<String, Vec<u8>>) -> Result<RawTable, Diagnostic> {
    let Some(data) = &spec.data else {
        return inline(spec);
    };
    let (key, bytes) = find(&spec.origin, data, files)?;
    let opts = FileOptions {
        sheet: spec.sheet.as_ref(),
        skip_rows: spec.skip_rows,
        header_rows: spec.header_rows.as_ref().map(|h| h.value),
    };
    read_file(&spec.origin, data, key, bytes, opts)
}

/// How a data file is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileOptions<'a> {
    pub sheet: Option<&'a Sp>,
    pub skip_rows: usize,
    pub header_rows: Option<u8>,
}

/// Read one file under `data/` (`key`); `at` is the value (written in
/// `origin`) that named the file, for errors.
pub fn read_file(
    origin: &SpecOrigin,
    at: &Sp,
    key: &str,
    bytes: &[u8],
    opts: FileOptions<'_>,
) -> Result<RawTable, Diagnostic> {
    let sheet = opts.sheet;
    let file = Path::new(DATA_DIR).join(key);
    let ext = key
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => csv::parse_with(
            &file,
            bytes,
            csv::ReadOptions {
                skip_rows: opts.skip_rows,
                header_rows: opts.header_rows,
            },
        ),
        "json" => jsonstat::parse(&file, bytes),
        "xlsx" | "xlsm" | "xls" | "ods" => xlsx::parse(
            &file,
            bytes,
            sheet.map(|s| s.value.as_str()),
            opts.header_rows,
            opts.skip_rows,
        )
        .map_err(|d| match sheet {
            // A missing sheet is the spec's mistake: point at `sheet:`.
            Some(s) if d.message.contains("no sheet called") => origin
                .error(s, d.message_source())
                .maybe_hint(d.hint_source()),
            _ => d,
        }),
        _ => Err(origin
            .error(
                at,
                crate::msg!("data2.kartsite-cannot-read-data-as", key = key.to_string()),
            )
            .hint(crate::msg!("data.use-a-csv-file-comma"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_keys_stay_inside() {
        assert_eq!(
            data_key("befolkning.csv").as_deref(),
            Some("befolkning.csv")
        );
        assert_eq!(data_key("./scb/tab.csv").as_deref(), Some("scb/tab.csv"));
        assert_eq!(data_key("data/x.csv").as_deref(), Some("data/x.csv"));
        assert_eq!(data_key("../hemlig.csv"), None);
        assert_eq!(data_key("scb/../../x.csv"), None);
        assert_eq!(data_key("/etc/passwd"), None);
        assert_eq!(data_key("C:\\data\\x.csv"), None);
        assert_eq!(data_key(""), None);
    }
}
