//! The chart's table: categories × series of numbers, missing values or
//! suppressed counts. Built from a [`RawTable`] by the columns the spec
//! names; every chart type draws from it and the HTML table shows it.

use std::collections::{BTreeMap, HashMap};

use super::data::number::{Num, parse_number};
use super::data::{RawCell, RawTable, RawValue};
use super::spec::{ChartSpec, ChartType, LabelPart, Sort, Sp};
use crate::error::Diagnostic;

/// One value of the table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Value(f64),
    /// Not in the data: drawn as a gap, shown as "–", never as zero.
    Missing,
    /// A count below `min_count`: hidden, shown as "<5".
    Suppressed,
}

impl Cell {
    pub fn value(self) -> Option<f64> {
        match self {
            Cell::Value(v) => Some(v),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Heading of the category column.
    pub category_title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

impl Table {
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.series
            .iter()
            .flat_map(|s| s.values.iter().filter_map(|c| c.value()))
    }

    pub fn has(&self, cell: Cell) -> bool {
        self.series.iter().any(|s| {
            s.values
                .iter()
                .any(|c| std::mem::discriminant(c) == std::mem::discriminant(&cell))
        })
    }

    /// Swap categories and series.
    pub fn transpose(&self, new_title: String) -> Table {
        Table {
            category_title: new_title,
            categories: self.series.iter().map(|s| s.name.clone()).collect(),
            series: self
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| Series {
                    name: c.clone(),
                    values: self.series.iter().map(|s| s.values[i]).collect(),
                })
                .collect(),
        }
    }

    /// Hide counts from 1 to `min_count - 1` (0 stays: it names no one).
    pub fn suppress(&mut self, min_count: u32) {
        let min = f64::from(min_count);
        for s in &mut self.series {
            for c in &mut s.values {
                if let Cell::Value(v) = *c
                    && v > 0.0
                    && v < min
                {
                    *c = Cell::Suppressed;
                }
            }
        }
    }

    /// Order categories by the first series (missing values last).
    pub fn sort(&mut self, sort: Sort) {
        if sort == Sort::None || self.series.is_empty() {
            return;
        }
        let key = self.series[0].values.clone();
        let mut idx: Vec<usize> = (0..self.categories.len()).collect();
        idx.sort_by(|&a, &b| {
            let (x, y) = (key[a].value(), key[b].value());
            match (x, y) {
                (Some(x), Some(y)) => {
                    let o = x.total_cmp(&y);
                    if sort == Sort::Descending {
                        o.reverse()
                    } else {
                        o
                    }
                }
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then(a.cmp(&b))
        });
        self.categories = idx.iter().map(|&i| self.categories[i].clone()).collect();
        for s in &mut self.series {
            s.values = idx.iter().map(|&i| s.values[i]).collect();
        }
    }
}

/// Keep one part of an SCB label `Kommun (Område)`.
pub fn split_label(label: &str, part: LabelPart) -> String {
    let l = label.trim();
    let parts = l
        .strip_suffix(')')
        .and_then(|s| s.rsplit_once(" ("))
        .map(|(m, a)| (m.trim(), a.trim()));
    match (part, parts) {
        (LabelPart::Municipality, Some((m, _))) => m.to_string(),
        (LabelPart::Area, Some((_, a))) => a.to_string(),
        _ => l.to_string(),
    }
}

/// Values a chart type accepts; `Err` explains what is wrong.
fn check_value(kind: ChartType, v: f64) -> Result<(), &'static str> {
    match kind {
        ChartType::Donut | ChartType::Diverging if v < 0.0 => {
            Err("negative values cannot be parts of a whole")
        }
        ChartType::AreaType if !(v.fract() == 0.0 && (1.0..=5.0).contains(&v)) => {
            Err("an area type is a whole number from 1 to 5")
        }
        _ => Ok(()),
    }
}

struct Builder<'a> {
    raw: &'a RawTable,
    spec: &'a ChartSpec,
}

impl Builder<'_> {
    fn column(&self, name: &Sp) -> Result<usize, Diagnostic> {
        self.raw.column(&name.value).ok_or_else(|| {
            let file = self.raw.file.to_string_lossy().replace('\\', "/");
            self.spec
                .error(
                    name,
                    crate::msg!(
                        "table.unknown-column-in",
                        value = (name.value).to_string(),
                        file = file.to_string()
                    ),
                )
                .hint(crate::msg!(
                    "table.the-columns-are",
                    column_list = (self.raw.column_list()).to_string()
                ))
        })
    }

    fn cell_error(&self, cell: &RawCell, message: String, hint: &str) -> Diagnostic {
        Diagnostic::error("data", &self.raw.file, message)
            .at(cell.pos)
            .hint(hint.to_string())
    }

    /// A cell as a number of the table.
    fn number(&self, cell: &RawCell, column: usize) -> Result<Cell, Diagnostic> {
        let col = &self.raw.columns[column].name;
        let v = match &cell.value {
            RawValue::Missing => return Ok(Cell::Missing),
            RawValue::Number(n) if n.is_finite() => *n,
            RawValue::Number(_) => {
                return Err(self.cell_error(
                    cell,
                    format!("the value in column \"{col}\" is not a finite number"),
                    "write a number",
                ));
            }
            RawValue::Text(t) => match parse_number(t) {
                Some(Num::Value(v)) => v,
                Some(Num::Missing) => return Ok(Cell::Missing),
                None => {
                    return Err(self.cell_error(
                        cell,
                        format!("\"{}\" in column \"{col}\" is not a number", t.trim()),
                        "write numbers like 1234, 1 234 or 24,1; leave the cell empty or write .. when the value is missing",
                    ));
                }
            },
        };
        check_value(self.spec.kind(), v).map_err(|why| {
            self.cell_error(
                cell,
                format!("{} in column \"{col}\": {why}", super::spec::number_text(v)),
                "check the value in the data",
            )
        })?;
        Ok(Cell::Value(v))
    }

    fn category_label(&self, cell: &RawCell) -> String {
        let mut l = cell.label();
        if self.spec.strip_codes.as_ref().is_some_and(|s| s.value) {
            l = super::select::strip_code(&l);
        }
        match &self.spec.split {
            Some(p) => split_label(&l, p.value),
            None => l,
        }
    }

    fn build(&self) -> Result<Table, Diagnostic> {
        let raw = self.raw;
        let spec = self.spec;
        // Filters.
        let mut rows: Vec<&super::data::RawRow> = raw.rows.iter().collect();
        let mut filtered: Vec<usize> = Vec::new();
        if let Some(f) = &spec.filter {
            for (col, want) in &f.value.0 {
                let c = raw.column(col).ok_or_else(|| {
                    spec.error(
                        f,
                        crate::msg!("table.the-filter-names-the-unknown", col = col.to_string()),
                    )
                    .hint(crate::msg!(
                        "table.the-columns-are",
                        column_list = (raw.column_list()).to_string()
                    ))
                })?;
                let kept: Vec<&super::data::RawRow> = rows
                    .iter()
                    .copied()
                    .filter(|r| want.matches(&r.cells[c]))
                    .collect();
                if kept.is_empty() {
                    let before = distinct(rows.iter().map(|r| r.cells[c].label()));
                    return Err(spec
                        .error(
                            f,
                            crate::msg!(
                                "table.no-row-has-in-column",
                                describe = (want.describe()).to_string(),
                                col = col.to_string()
                            ),
                        )
                        .hint(crate::msg!(
                            "table.values-in-that-column",
                            before = (shorten(&before)).to_string()
                        )));
                }
                rows = kept;
                filtered.push(c);
            }
        }
        if let Some(x) = &spec.exclude {
            for (col, drop) in &x.value.0 {
                let c = raw.column(col).ok_or_else(|| {
                    spec.error(
                        x,
                        crate::msg!(
                            "table.exclude-names-the-unknown-column",
                            col = col.to_string()
                        ),
                    )
                    .hint(crate::msg!(
                        "table.the-columns-are",
                        column_list = (raw.column_list()).to_string()
                    ))
                })?;
                let before: Vec<String> = distinct(rows.iter().map(|r| r.cells[c].label()));
                let n = rows.len();
                rows.retain(|r| !drop.matches(&r.cells[c]));
                if rows.len() == n {
                    return Err(spec
                        .error(
                            x,
                            crate::msg!(
                                "table.exclude-leaves-out-nothing-no",
                                describe = (drop.describe()).to_string(),
                                col = col.to_string()
                            ),
                        )
                        .hint(crate::msg!(
                            "table.values-in-that-column",
                            before = (shorten(&before)).to_string()
                        )));
                }
                if rows.is_empty() {
                    return Err(spec
                        .error(
                            x,
                            crate::msg!(
                                "table.exclude-leaves-out-every-row",
                                describe = (drop.describe()).to_string(),
                                col = col.to_string()
                            ),
                        )
                        .hint(crate::msg!("table.exclude-fewer-values-or-choose")));
                }
            }
        }
        let cat_col = match &spec.category {
            Some(c) => self.column(c)?,
            None => 0,
        };
        let category_title = raw.columns[cat_col].name.clone();
        let long_value = match (&spec.value, &spec.series) {
            (Some(v), _) => Some(self.column(v)?),
            (None, Some(s)) => Some(
                raw.default_value
                    .or_else(|| raw.column("value"))
                    .ok_or_else(|| {
                        spec.error(s, crate::msg!("table.long-data-needs-value-the"))
                            .hint(crate::msg!(
                                "table.the-columns-are",
                                column_list = (raw.column_list()).to_string()
                            ))
                    })?,
            ),
            (None, None) if spec.values.is_none() => raw.default_value,
            (None, None) => None,
        };
        let mut table = if let Some(vcol) = long_value {
            let scol = match &spec.series {
                Some(s) => Some(self.column(s)?),
                None => None,
            };
            let mut categories: Vec<String> = Vec::new();
            let mut series_names: Vec<String> = Vec::new();
            // Label → index, so a national table of 10,000 areas is not
            // searched from the start for every row.
            let mut cat_at: HashMap<String, usize> = HashMap::new();
            let mut ser_at: HashMap<String, usize> = HashMap::new();
            let mut cells: BTreeMap<(usize, usize), (Cell, &super::data::RawRow)> = BTreeMap::new();
            for r in &rows {
                let cat = self.category_label(&r.cells[cat_col]);
                let ser = match scol {
                    Some(s) => self.category_label(&r.cells[s]),
                    None => raw.columns[vcol].name.clone(),
                };
                let ci = index_of(&mut categories, &mut cat_at, &cat);
                let si = index_of(&mut series_names, &mut ser_at, &ser);
                let value = self.number(&r.cells[vcol], vcol)?;
                if let Some((_, first)) = cells.get(&(ci, si)) {
                    return Err(self.duplicate(
                        r,
                        first,
                        &cat,
                        scol.map(|_| ser.as_str()),
                        &[cat_col, vcol],
                        scol,
                        &filtered,
                    ));
                }
                cells.insert((ci, si), (value, r));
            }
            Table {
                category_title,
                series: series_names
                    .into_iter()
                    .enumerate()
                    .map(|(si, name)| Series {
                        name,
                        values: (0..categories.len())
                            .map(|ci| cells.get(&(ci, si)).map_or(Cell::Missing, |c| c.0))
                            .collect(),
                    })
                    .collect(),
                categories,
            }
        } else {
            let value_cols: Vec<usize> = match &spec.values {
                Some(v) => v
                    .value
                    .iter()
                    .map(|c| self.column(c))
                    .collect::<Result<_, _>>()?,
                None => (0..raw.columns.len())
                    .filter(|c| *c != cat_col && !filtered.contains(c))
                    .collect(),
            };
            if value_cols.is_empty() {
                return Err(spec
                    .error(
                        &spec.id,
                        crate::msg!(
                            "table.the-data-of-has-no",
                            value = (spec.id.value).to_string()
                        ),
                    )
                    .hint(crate::msg!("table.a-chart-needs-a-category")));
            }
            let mut categories = Vec::new();
            let mut series: Vec<Series> = value_cols
                .iter()
                .map(|&c| Series {
                    name: raw.columns[c].name.clone(),
                    values: Vec::new(),
                })
                .collect();
            let mut seen: BTreeMap<String, &super::data::RawRow> = BTreeMap::new();
            for r in &rows {
                let cat = self.category_label(&r.cells[cat_col]);
                if let Some(first) = seen.get(&cat) {
                    return Err(self.duplicate(r, first, &cat, None, &[cat_col], None, &filtered));
                }
                seen.insert(cat.clone(), r);
                categories.push(cat);
                for (s, &c) in series.iter_mut().zip(&value_cols) {
                    s.values.push(self.number(&r.cells[c], c)?);
                }
            }
            Table {
                category_title,
                categories,
                series,
            }
        };
        if spec.transpose {
            let title = match (&spec.series, &spec.values) {
                (Some(s), _) => raw
                    .column(&s.value)
                    .map_or_else(String::new, |c| raw.columns[c].name.clone()),
                _ => String::new(),
            };
            table = table.transpose(title);
        }
        if let Some(t) = &spec.category_title {
            table.category_title = t.trim().to_string();
        }
        table.sort(spec.sort);
        Ok(table)
    }

    /// Two rows for the same cell: say which columns tell them apart.
    #[allow(clippy::too_many_arguments)]
    fn duplicate(
        &self,
        row: &super::data::RawRow,
        first: &super::data::RawRow,
        cat: &str,
        series: Option<&str>,
        used: &[usize],
        scol: Option<usize>,
        filtered: &[usize],
    ) -> Diagnostic {
        let differ: Vec<&str> = (0..self.raw.columns.len())
            .filter(|c| !used.contains(c) && Some(*c) != scol && !filtered.contains(c))
            .filter(|&c| row.cells[c].label() != first.cells[c].label())
            .map(|c| self.raw.columns[c].name.as_str())
            .collect();
        let what = match series {
            Some(s) => format!("category \"{cat}\" and series \"{s}\""),
            None => format!("category \"{cat}\""),
        };
        let first_at = first
            .pos
            .map(|p| format!(" (the first is on line {})", p.line))
            .unwrap_or_default();
        let hint = match differ.first() {
            Some(c) => format!(
                "the rows differ in {}: pick one with `filter: {{{c}: …}}`, or use it as `series:`",
                differ.join(", ")
            ),
            None if self.spec.split.is_some() => {
                "`split` made two labels the same; use `split: full`".to_string()
            }
            None => "remove the repeated row".to_string(),
        };
        let mut d = Diagnostic::error(
            "data",
            &self.raw.file,
            crate::msg!(
                "table.more-than-one-row-for",
                what = what.to_string(),
                first_at = first_at.to_string()
            ),
        )
        .hint(hint);
        if let Some(p) = row.pos {
            d = d.at(Some(p));
        } else {
            // JSON-stat rows have no line: point at the chart instead.
            d = self
                .spec
                .error(&self.spec.id, d.message_source())
                .maybe_hint(d.hint_source());
        }
        d
    }
}

fn index_of(v: &mut Vec<String>, at: &mut HashMap<String, usize>, s: &str) -> usize {
    if let Some(i) = at.get(s) {
        return *i;
    }
    v.push(s.to_string());
    at.insert(s.to_string(), v.len() - 1);
    v.len() - 1
}

fn distinct(it: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in it {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

pub(super) fn shorten(v: &[String]) -> String {
    let mut s = v.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
    if v.len() > 8 {
        s.push_str(", …");
    }
    s
}

/// Build the chart's table from `raw` as the spec says.
pub fn build(raw: &RawTable, spec: &ChartSpec) -> Result<Table, Diagnostic> {
    super::select::check_split(raw, spec)?;
    let mut table = Builder { raw, spec }.build()?;
    if let Some(r) = &spec.rename {
        super::select::rename(&mut table, spec, r)?;
    }
    if table.categories.is_empty() || table.series.is_empty() {
        return Err(spec
            .error(
                &spec.id,
                crate::msg!(
                    "table.the-chart-has-no-data",
                    value = (spec.id.value).to_string()
                ),
            )
            .hint(crate::msg!("table.check-filter-and-the-columns")));
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::spec::{SpecOrigin, parse_spec};

    fn spec(y: &str) -> ChartSpec {
        parse_spec(
            y,
            SpecOrigin {
                file: "content/a.md".into(),
                line_offset: 3,
            },
        )
        .unwrap()
    }

    fn csv(s: &str) -> RawTable {
        crate::chart::data::csv::parse(std::path::Path::new("data/d.csv"), s.as_bytes(), 0).unwrap()
    }

    #[test]
    fn wide_data_and_missing_values() {
        let t = build(
            &csv("ålder;Norrbacka;Ekby\n0–19 år;29;23,4\n65+ år;..;21\n"),
            &spec("id: a\ntype: grouped-bar\ntitle: T\ndata: d.csv\n"),
        )
        .unwrap();
        assert_eq!(t.category_title, "ålder");
        assert_eq!(t.categories, ["0–19 år", "65+ år"]);
        assert_eq!(t.series[0].name, "Norrbacka");
        assert_eq!(t.series[0].values, [Cell::Value(29.0), Cell::Missing]);
        assert_eq!(t.series[1].values, [Cell::Value(23.4), Cell::Value(21.0)]);
    }

    #[test]
    fn long_data_with_filter() {
        let raw = csv(
            "år,område,kön,andel\n2023,Norrbacka,alla,41\n2023,Norrbacka,kvinnor,48\n2024,Norrbacka,alla,38\n2023,Ekby,alla,24\n",
        );
        let t = build(
            &raw,
            &spec("id: a\ntype: line\ntitle: T\ndata: d.csv\ncategory: år\nseries: område\nvalue: andel\nfilter: {kön: alla}\n"),
        )
        .unwrap();
        assert_eq!(t.categories, ["2023", "2024"]);
        assert_eq!(t.series[1].name, "Ekby");
        assert_eq!(t.series[1].values, [Cell::Value(24.0), Cell::Missing]);
        // Without the filter the rows collide; the hint names the column.
        let e = build(
            &raw,
            &spec("id: a\ntype: line\ntitle: T\ndata: d.csv\ncategory: år\nseries: område\nvalue: andel\n"),
        )
        .unwrap_err();
        assert_eq!(e.file, std::path::PathBuf::from("data/d.csv"));
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.hint.as_deref().unwrap().contains("kön"), "{e:?}");
    }

    #[test]
    fn unknown_column_is_located_in_the_spec() {
        let e = build(
            &csv("a,b\nx,1\n"),
            &spec("id: a\ntype: bar\ntitle: T\ndata: d.csv\ncategory: c\n"),
        )
        .unwrap_err();
        assert_eq!(e.file, std::path::PathBuf::from("content/a.md"));
        assert_eq!(e.line, Some(8), "{e}");
        assert!(e.hint.as_deref().unwrap().contains("a, b"), "{e:?}");
    }

    #[test]
    fn non_numeric_value_is_located_in_the_csv() {
        let e = build(
            &csv("a;b\nx;1\ny;12,4x\n"),
            &spec("id: a\ntype: bar\ntitle: T\ndata: d.csv\n"),
        )
        .unwrap_err();
        assert_eq!(e.file, std::path::PathBuf::from("data/d.csv"));
        assert_eq!((e.line, e.column), (Some(3), Some(3)), "{e}");
        assert!(e.message.contains("12,4x"), "{e}");
    }

    #[test]
    fn split_scb_labels() {
        assert_eq!(split_label("Botkyrka (Fittja)", LabelPart::Area), "Fittja");
        assert_eq!(
            split_label("Botkyrka (Fittja)", LabelPart::Municipality),
            "Botkyrka"
        );
        assert_eq!(split_label("Norrbacka", LabelPart::Area), "Norrbacka");
        let t = build(
            &csv("Område,2023\nBotkyrka (Fittja),1\nBotkyrka (Grödinge),4\n"),
            &spec("id: a\ntype: area-type\ntitle: T\ndata: d.csv\nsplit: area\n"),
        )
        .unwrap();
        assert_eq!(t.categories, ["Fittja", "Grödinge"]);
    }

    #[test]
    fn area_type_values_are_checked() {
        let e = build(
            &csv("Område,typ\nA,7\n"),
            &spec("id: a\ntype: area-type\ntitle: T\ndata: d.csv\n"),
        )
        .unwrap_err();
        assert!(e.message.contains("1 to 5"), "{e}");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn suppression_transpose_and_sort() {
        let mut t = build(
            &csv("svar,antal\nJa,12\nNej,3\nVet ej,0\n"),
            &spec("id: a\ntype: bar\ntitle: T\ndata: d.csv\nsort: ascending\n"),
        )
        .unwrap();
        assert_eq!(t.categories, ["Vet ej", "Nej", "Ja"]);
        t.suppress(5);
        assert_eq!(
            t.series[0].values,
            [Cell::Value(0.0), Cell::Suppressed, Cell::Value(12.0)]
        );
        let tt = t.transpose(String::new());
        assert_eq!(tt.categories, ["antal"]);
        assert_eq!(tt.series.len(), 3);
    }
}
