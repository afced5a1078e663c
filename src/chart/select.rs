//! Choosing and cleaning rows as exports come: `filter` and `exclude` with
//! one value, a list, a prefix or "the municipality's areas"; region codes
//! stripped from labels (`0180 Stockholm`, SSB's `33990104 Kvernmoen`);
//! a rename map; and `top: N` with the rest summed as one category.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::data::{RawCell, RawTable};
use super::scalar::Scalar;
use super::spec::{ChartSpec, ChartType, LabelPart};
use super::table::{Cell, Table, split_label};
use crate::error::Diagnostic;

/// What a column must hold for a row to be chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// One value (label or code).
    Is(Scalar),
    /// Any of these values.
    AnyOf(Vec<Scalar>),
    /// A label or code that starts with this text (`{prefix: "0180"}`).
    Prefix(String),
    /// An SCB label `Kommun (Område)` of this municipality, or the
    /// municipality's own row (`{municipality: Ekby}`).
    Municipality(String),
}

/// Does the cell hold the value (text without a copy per row)?
fn scalar_matches(cell: &RawCell, v: &Scalar) -> bool {
    match v {
        Scalar::Text(t) => cell.matches(t),
        _ => cell.matches(&v.as_text()),
    }
}

impl Condition {
    /// Does the cell meet the condition?
    pub fn matches(&self, cell: &RawCell) -> bool {
        match self {
            Condition::Is(v) => scalar_matches(cell, v),
            Condition::AnyOf(vs) => vs.iter().any(|v| scalar_matches(cell, v)),
            Condition::Prefix(p) => {
                let p = p.trim();
                cell.label().starts_with(p)
                    || cell
                        .code
                        .as_deref()
                        .is_some_and(|c| c.trim().starts_with(p))
            }
            Condition::Municipality(m) => {
                let m = m.trim().to_lowercase();
                let label = strip_code(&cell.label());
                split_label(&label, LabelPart::Municipality).to_lowercase() == m
            }
        }
    }

    /// The condition in words, for messages.
    pub fn describe(&self) -> String {
        match self {
            Condition::Is(v) => format!("\"{}\"", v.as_text()),
            Condition::AnyOf(vs) => vs
                .iter()
                .map(|v| format!("\"{}\"", v.as_text()))
                .collect::<Vec<_>>()
                .join(" or "),
            Condition::Prefix(p) => format!("a value starting with \"{p}\""),
            Condition::Municipality(m) => format!("an area of the municipality \"{m}\""),
        }
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Condition;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value, a list of values, {prefix: \"0180\"} or {municipality: Ekby}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Condition, E> {
                Ok(Condition::Is(Scalar::Text(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Condition, E> {
                Ok(Condition::Is(Scalar::Text(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Condition, E> {
                Ok(Condition::Is(Scalar::Number(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Condition, E> {
                Ok(Condition::Is(Scalar::Number(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Condition, E> {
                Ok(Condition::Is(Scalar::Number(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Condition, E> {
                Ok(Condition::Is(Scalar::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Condition, E> {
                Ok(Condition::Is(Scalar::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Condition, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<Scalar>()? {
                    out.push(v);
                }
                if out.is_empty() {
                    return Err(de::Error::custom(
                        "an empty list chooses no row; list the values to keep",
                    ));
                }
                Ok(Condition::AnyOf(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Condition, A::Error> {
                let Some((k, v)) = map.next_entry::<String, Scalar>()? else {
                    return Err(de::Error::custom(
                        "write {prefix: \"0180\"} or {municipality: Ekby}",
                    ));
                };
                if map.next_entry::<String, Scalar>()?.is_some() {
                    return Err(de::Error::custom(
                        "a condition has one key: prefix or municipality",
                    ));
                }
                match k.trim() {
                    "prefix" => Ok(Condition::Prefix(v.as_text())),
                    "municipality" | "kommun" => Ok(Condition::Municipality(v.as_text())),
                    other => Err(de::Error::custom(format!(
                        "unknown condition \"{other}\"; use prefix or municipality"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// `filter:` or `exclude:`: column → condition, in the order written.
pub type Conditions = super::scalar::Pairs<Condition>;

/// A label without a leading region code: `0180 Stockholm` → `Stockholm`,
/// `33990104 Kvernmoen` → `Kvernmoen`, `0 Hele landet` → `Hele landet`,
/// `0180C1010 Norrbacka` (DeSO) → `Norrbacka`. A code is a first word of
/// digits and capital letters with at least one digit; `20 år`-style
/// labels (a number and a unit word) keep their number only when the rest
/// starts lowercase.
pub fn strip_code(label: &str) -> String {
    let l = label.trim();
    let Some((code, rest)) = l.split_once(char::is_whitespace) else {
        return l.to_string();
    };
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '-' || c == '–');
    let is_code = code.chars().any(|c| c.is_ascii_digit())
        && code
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
    let starts_upper = rest.chars().next().is_some_and(char::is_uppercase);
    if is_code && starts_upper {
        rest.trim().to_string()
    } else {
        l.to_string()
    }
}

/// Keep the `n` categories with the largest values of the first series
/// (in the table's order) and sum the rest into one category `other`.
/// Missing values count as nothing; a sum of only missing values is
/// missing. Does nothing when the table has at most `n + 1` categories.
pub fn top(table: &mut Table, n: usize, other: &str) {
    if table.categories.len() <= n + 1 || table.series.is_empty() {
        return;
    }
    let key = &table.series[0].values;
    let mut idx: Vec<usize> = (0..table.categories.len()).collect();
    idx.sort_by(|&a, &b| {
        let (x, y) = (key[a].value(), key[b].value());
        match (x, y) {
            (Some(x), Some(y)) => y.total_cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then(a.cmp(&b))
    });
    let mut keep = idx[..n].to_vec();
    keep.sort_unstable();
    let rest = &idx[n..];
    table.categories = keep
        .iter()
        .map(|&i| table.categories[i].clone())
        .chain(std::iter::once(other.to_string()))
        .collect();
    for s in &mut table.series {
        let sum = rest
            .iter()
            .filter_map(|&i| s.values[i].value())
            .reduce(|a, b| a + b);
        let mut values: Vec<Cell> = keep.iter().map(|&i| s.values[i]).collect();
        values.push(sum.map_or(Cell::Missing, Cell::Value));
        s.values = values;
    }
}

/// `split` must find labels of the shape `Kommun (Område)` among the
/// categories or the series, or it would do nothing.
pub(super) fn check_split(raw: &RawTable, spec: &ChartSpec) -> Result<(), Diagnostic> {
    let Some(p) = &spec.split else {
        return Ok(());
    };
    if p.value == LabelPart::Full {
        return Ok(());
    }
    let cols: Vec<usize> = [spec.category.as_ref(), spec.series.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|c| raw.column(&c.value))
        .chain(spec.category.is_none().then_some(0))
        .collect();
    let shaped = raw.rows.iter().any(|r| {
        cols.iter().any(|&c| {
            r.cells
                .get(c)
                .is_some_and(|cell| split_label(&cell.label(), LabelPart::Area) != cell.label())
        })
    });
    if shaped {
        return Ok(());
    }
    let names: Vec<&str> = cols.iter().map(|&c| raw.columns[c].name.as_str()).collect();
    Err(spec
        .error(p, crate::msg!("select.split-finds-no-label"))
        .hint(crate::msg!(
            "select.split-works-on",
            columns = names.join(", ")
        )))
}

/// Apply `rename:` to categories and series; every name must be found.
pub(super) fn rename(
    table: &mut Table,
    spec: &ChartSpec,
    map: &serde_saphyr::Spanned<super::scalar::Row>,
) -> Result<(), Diagnostic> {
    for (from, to) in &map.value.0 {
        let to = to.as_text();
        let from_t = from.trim();
        let hit =
            |n: &String| n.trim() == from_t || n.trim().to_lowercase() == from_t.to_lowercase();
        let mut found = false;
        for c in table.categories.iter_mut().filter(|n| hit(n)) {
            c.clone_from(&to);
            found = true;
        }
        for s in table.series.iter_mut().filter(|s| hit(&s.name)) {
            s.name.clone_from(&to);
            found = true;
        }
        if !found {
            let mut names: Vec<String> = table.categories.clone();
            names.extend(table.series.iter().map(|s| s.name.clone()));
            return Err(spec
                .error(
                    map,
                    crate::msg!("select.rename-names", value = from.to_string()),
                )
                .hint(crate::msg!(
                    "select.the-names-are",
                    names = super::table::shorten(&names)
                )));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for n in table
        .categories
        .iter()
        .chain(table.series.iter().map(|s| &s.name))
    {
        if seen.contains(&n.as_str()) && table.categories.iter().filter(|c| *c == n).count() > 1 {
            return Err(spec
                .error(map, crate::msg!("select.rename-gives-two", value = n))
                .hint(crate::msg!("select.give-each-category")));
        }
        seen.push(n);
    }
    Ok(())
}

/// Checks of the spec's options that read and choose data.
pub(super) fn validate_reading(spec: &ChartSpec) -> Result<(), Diagnostic> {
    if let Some(d) = &spec.derive {
        super::derive::check(spec, d)?;
    }
    match (&spec.survey, &spec.item) {
        (Some(s), _) if spec.data.is_some() || spec.rows.is_some() => {
            return Err(spec
                .error(s, crate::msg!("select.survey-reads-the-export"))
                .hint(crate::msg!("select.remove-data-rows")));
        }
        (Some(s), None) => {
            return Err(spec
                .error(s, crate::msg!("select.survey-needs-item"))
                .hint(crate::msg!("select.e-g-item")));
        }
        (None, Some(i)) => {
            return Err(spec
                .error(i, crate::msg!("select.item-needs-survey"))
                .hint(crate::msg!("select.name-the-survey-mapping")));
        }
        (Some(s), Some(_))
            if !matches!(
                spec.kind(),
                ChartType::Diverging | ChartType::StackedBar | ChartType::Answers
            ) =>
        {
            return Err(spec
                .error(
                    s,
                    crate::msg!("select.survey-item-type", key = spec.kind().key()),
                )
                .hint(crate::msg!("select.use-diverging")));
        }
        _ => {}
    }
    if let Some(h) = &spec.header_rows
        && !(1..=2).contains(&h.value)
    {
        return Err(spec
            .error(
                h,
                crate::msg!("select.header-rows", value = h.value.to_string()),
            )
            .hint(crate::msg!("select.header-rows-2")));
    }
    if let Some(s) = &spec.sheet {
        let file = spec.data.as_ref().map_or("", |d| d.value.as_str());
        let ext = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        if !matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xls" | "ods")) {
            return Err(spec
                .error(s, crate::msg!("select.sheet-needs-spreadsheet"))
                .hint(crate::msg!("select.remove-the-line-or-data")));
        }
    }
    if let Some(t) = &spec.top {
        if t.value == 0 {
            return Err(spec
                .error(t, crate::msg!("select.top-at-least-1"))
                .hint(crate::msg!("select.e-g-top")));
        }
        if !matches!(
            spec.kind(),
            ChartType::Bar | ChartType::GroupedBar | ChartType::StackedBar | ChartType::Donut
        ) {
            return Err(spec
                .error(
                    t,
                    crate::msg!("select.top-works-with", key = spec.kind().key()),
                )
                .hint(crate::msg!("select.summing-the-rest")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::data::RawValue;
    use crate::chart::table::Series;

    fn cell(label: &str, code: Option<&str>) -> RawCell {
        RawCell {
            value: RawValue::Text(label.into()),
            code: code.map(str::to_string),
            pos: None,
        }
    }

    #[test]
    fn codes_are_stripped_from_scb_and_ssb_labels() {
        assert_eq!(strip_code("0180 Stockholm"), "Stockholm");
        assert_eq!(strip_code("33990104 Kvernmoen"), "Kvernmoen");
        assert_eq!(strip_code("0 Hele landet"), "Hele landet");
        assert_eq!(strip_code("0180C1010 Norrbacka"), "Norrbacka");
        assert_eq!(
            strip_code("1480R006 Göteborg - Angered"),
            "Göteborg - Angered"
        );
        assert_eq!(strip_code("20 år"), "20 år");
        assert_eq!(strip_code("65+ år"), "65+ år");
        assert_eq!(strip_code("2024"), "2024");
        assert_eq!(strip_code("Norrbacka"), "Norrbacka");
    }

    #[test]
    fn conditions_match_labels_codes_prefixes_and_municipalities() {
        let c = cell("Ekby (Norrbacka)", Some("1999R001"));
        assert!(Condition::Is(Scalar::Text("1999R001".into())).matches(&c));
        assert!(Condition::Prefix("1999".into()).matches(&c));
        assert!(!Condition::Prefix("0180".into()).matches(&c));
        assert!(Condition::Municipality("ekby".into()).matches(&c));
        assert!(Condition::Municipality("Ekby".into()).matches(&cell("1999 Ekby", None)));
        assert!(!Condition::Municipality("Ekby".into()).matches(&cell("Ekbyholm (A)", None)));
        let any = Condition::AnyOf(vec![
            Scalar::Text("Ekby (Norrbacka)".into()),
            Scalar::Number(2.0),
        ]);
        assert!(any.matches(&c));
        assert!(any.matches(&cell("2", None)));
    }

    #[test]
    fn top_sums_the_rest_as_one_category() {
        let mut t = Table {
            category_title: "kommun".into(),
            categories: ["A", "B", "C", "D", "E"].map(String::from).to_vec(),
            series: vec![Series {
                name: "n".into(),
                values: vec![
                    Cell::Value(5.0),
                    Cell::Value(50.0),
                    Cell::Missing,
                    Cell::Value(20.0),
                    Cell::Value(7.0),
                ],
            }],
        };
        top(&mut t, 2, "Övriga");
        assert_eq!(t.categories, ["B", "D", "Övriga"]);
        // 5 + 7, the missing value counts as nothing.
        assert_eq!(
            t.series[0].values,
            [Cell::Value(50.0), Cell::Value(20.0), Cell::Value(12.0)]
        );
    }
}
