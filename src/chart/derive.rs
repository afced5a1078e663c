//! Derived values declared in the chart spec (`derive:`): a share of the
//! total or of a named row (%), per 1,000 of a population column, the
//! change since the first or a named category (year), and a count of rows
//! by a column. Counts are suppressed before anything is derived from
//! them, so a share never reveals a hidden count; the unit follows the
//! derivation and the figure says how the values were made.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::ChartEnv;
use super::data::RawTable;
use super::spec::{ChartSpec, Sp};
use super::table::{Cell, Series, Table};
use crate::error::Diagnostic;

/// `derive:` in a chart spec. One derivation per chart.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derive {
    /// `total`: each value as % of its series' sum; a category name: as %
    /// of that row (which is then left out).
    #[serde(default)]
    pub share: Option<Sp>,
    /// The population: a series (column) of the chart, the others per
    /// 1,000 of it; or another file keyed by area (and year).
    #[serde(default)]
    pub per_1000: Option<Spanned<Per>>,
    /// `first` or a category (a year): each value minus that one's.
    #[serde(default)]
    pub change_since: Option<Sp>,
    /// A column: count the rows by its values (e.g. RegSO by area type).
    #[serde(default)]
    pub count_by: Option<Sp>,
}

/// One derivation per chart: several, or none, is an error at `derive:`.
pub fn check(spec: &ChartSpec, d: &Spanned<Derive>) -> Result<(), Diagnostic> {
    let v = &d.value;
    let set: Vec<Option<crate::error::Pos>> = [
        v.share.as_ref().map(|s| spec.origin.pos(s)),
        v.per_1000.as_ref().map(|s| spec.origin.pos(s)),
        v.change_since.as_ref().map(|s| spec.origin.pos(s)),
        v.count_by.as_ref().map(|s| spec.origin.pos(s)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if set.len() > 1 {
        return Err(Diagnostic::error(
            "chart",
            &spec.origin.file,
            crate::msg!("derive.takes-one-of"),
        )
        .at(set[1])
        .hint(crate::msg!("derive.make-a-second-chart")));
    }
    if set.is_empty() {
        return Err(spec
            .error(d, crate::msg!("derive.is-empty"))
            .hint(crate::msg!("derive.e-g-derive")));
    }
    Ok(())
}

/// A table of counts of the rows of `raw` by the values of a column.
pub fn count_by(
    raw: &RawTable,
    spec: &ChartSpec,
    col: &Sp,
    env: &ChartEnv<'_>,
) -> Result<Table, Diagnostic> {
    let c = raw.column(&col.value).ok_or_else(|| {
        spec.error(
            col,
            crate::msg!("derive.count-by-unknown-column", column = &col.value),
        )
        .hint(crate::msg!(
            "table.the-columns-are",
            column_list = raw.column_list()
        ))
    })?;
    let mut rows: Vec<&super::data::RawRow> = raw.rows.iter().collect();
    for (conds, keep) in [(&spec.filter, true), (&spec.exclude, false)] {
        let Some(conds) = conds else { continue };
        for (name, cond) in &conds.value.0 {
            let at = raw.column(name).ok_or_else(|| {
                spec.error(conds, crate::msg!("derive.unknown-column", column = name))
                    .hint(crate::msg!(
                        "table.the-columns-are",
                        column_list = raw.column_list()
                    ))
            })?;
            rows.retain(|r| cond.matches(&r.cells[at]) == keep);
        }
    }
    if rows.is_empty() {
        return Err(spec
            .error(col, crate::msg!("derive.no-row-left"))
            .hint(crate::msg!("derive.check-filter-exclude")));
    }
    let mut categories: Vec<String> = Vec::new();
    let mut counts: Vec<f64> = Vec::new();
    for r in rows {
        let v = r.cells[c].label();
        match categories.iter().position(|x| *x == v) {
            Some(i) => counts[i] += 1.0,
            None => {
                categories.push(v);
                counts.push(1.0);
            }
        }
    }
    // Sorted by value, numbers as numbers (area types 1–5, years).
    let mut idx: Vec<usize> = (0..categories.len()).collect();
    idx.sort_by(|&a, &b| {
        let (x, y) = (&categories[a], &categories[b]);
        match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(x), Ok(y)) => x.total_cmp(&y),
            _ => x.cmp(y),
        }
    });
    Ok(Table {
        category_title: raw.columns[c].name.clone(),
        categories: idx.iter().map(|&i| categories[i].clone()).collect(),
        series: vec![Series {
            name: env.t("derive_count"),
            values: idx.iter().map(|&i| Cell::Value(counts[i])).collect(),
        }],
    })
}

/// Apply `share`, `per_1000` or `change_since` to the built table; returns
/// the unit of the result (when it changes) and how it was made.
pub fn apply(
    table: &mut Table,
    spec: &ChartSpec,
    d: &Derive,
    env: &ChartEnv<'_>,
) -> Result<(Option<String>, String), Diagnostic> {
    if let Some(s) = &d.share {
        let of = s.value.trim();
        if of.eq_ignore_ascii_case("total") {
            for se in &mut table.series {
                let sum: f64 = se.values.iter().filter_map(|c| c.value()).sum();
                for c in &mut se.values {
                    if let Cell::Value(v) = *c {
                        *c = if sum == 0.0 {
                            Cell::Missing
                        } else {
                            Cell::Value(v / sum * 100.0)
                        };
                    }
                }
            }
            return Ok((Some("%".into()), env.t("derive_share_total")));
        }
        let Some(row) = table.categories.iter().position(|c| c.trim() == of) else {
            return Err(spec
                .error(s, crate::msg!("derive.share-names", value = of))
                .hint(crate::msg!(
                    "derive.the-categories-are",
                    categories = table.categories.join(", ")
                )));
        };
        for se in &mut table.series {
            let base = se.values[row].value();
            for c in &mut se.values {
                if let Cell::Value(v) = *c {
                    *c = match base {
                        Some(b) if b != 0.0 => Cell::Value(v / b * 100.0),
                        _ => Cell::Missing,
                    };
                }
            }
            se.values.remove(row);
        }
        table.categories.remove(row);
        return Ok((
            Some("%".into()),
            env.t("derive_share_of").replace("{row}", of),
        ));
    }
    if let Some(p) = &d.per_1000 {
        let col = match &p.value {
            Per::File(f) => return per_1000_of_file(table, spec, p, f, env),
            Per::Series(c) => c,
        };
        let Some(pi) = table
            .series
            .iter()
            .position(|s| s.name.trim().eq_ignore_ascii_case(col.trim()))
        else {
            let names: Vec<&str> = table.series.iter().map(|s| s.name.as_str()).collect();
            return Err(spec
                .error(p, crate::msg!("derive.per-1000-names", value = col))
                .hint(crate::msg!(
                    "derive.name-the-population-column",
                    series = names.join(", ")
                )));
        };
        if table.series.len() < 2 {
            return Err(spec
                .error(p, crate::msg!("derive.per-1000-needs-a-series"))
                .hint(crate::msg!("derive.list-both-columns")));
        }
        let pop = table.series.remove(pi);
        for se in &mut table.series {
            for (c, n) in se.values.iter_mut().zip(&pop.values) {
                if let Cell::Value(v) = *c {
                    *c = match n.value() {
                        Some(n) if n > 0.0 => Cell::Value(v / n * 1000.0),
                        _ => Cell::Missing,
                    };
                }
            }
        }
        return Ok((
            Some(env.t("derive_per_1000_unit")),
            env.t("derive_per_1000")
                .replace("{population}", pop.name.trim()),
        ));
    }
    if let Some(b) = &d.change_since {
        let want = b.value.trim();
        let base = if want.eq_ignore_ascii_case("first") {
            0
        } else {
            table
                .categories
                .iter()
                .position(|c| c.trim() == want)
                .ok_or_else(|| {
                    spec.error(b, crate::msg!("derive.change-since-names", value = want))
                        .hint(crate::msg!(
                            "derive.the-categories-are",
                            categories = table.categories.join(", ")
                        ))
                })?
        };
        let base_name = table.categories[base].clone();
        for se in &mut table.series {
            let bv = se.values[base].value();
            for c in &mut se.values {
                if let Cell::Value(v) = *c {
                    *c = bv.map_or(Cell::Missing, |bv| Cell::Value(v - bv));
                }
            }
        }
        return Ok((None, env.t("derive_change").replace("{base}", &base_name)));
    }
    Ok((None, String::new()))
}

/// `per_1000:` names a series of the chart, or a population file.
#[derive(Debug, Clone)]
pub enum Per {
    Series(String),
    File(Box<Population>),
}

impl<'de> Deserialize<'de> for Per {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Per;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("the population series, e.g. `per_1000: Folkmängd`, or a population file, e.g. `per_1000: {data: folkmangd.csv, value: Folkmängd}`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Per, E> {
                Ok(Per::Series(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Per, E> {
                Ok(Per::Series(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Per, E> {
                Ok(Per::Series(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Per, A::Error> {
                Population::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|p| Per::File(Box::new(p)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A population from another file (`per_1000: {data: …}`): read like a
/// chart's data into areas × years. With one series (e.g. filtered to one
/// year) each category of the chart is divided by its area's population;
/// with several, each cell by the population of its area and year (the
/// chart's categories and series, either way round).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// The file under `data/`.
    pub data: Sp,
    #[serde(default)]
    pub sheet: Option<Sp>,
    #[serde(default)]
    pub skip_rows: usize,
    /// The area column (default: the first).
    #[serde(default)]
    pub category: Option<Sp>,
    /// Long data: the year column.
    #[serde(default)]
    pub series: Option<Sp>,
    /// Long data: the column with the population.
    #[serde(default)]
    pub value: Option<Sp>,
    /// Wide data: the year columns (default: all others).
    #[serde(default)]
    pub values: Option<Spanned<Vec<Sp>>>,
    #[serde(default)]
    pub filter: Option<Spanned<super::select::Conditions>>,
    #[serde(default)]
    pub exclude: Option<Spanned<super::select::Conditions>>,
    /// Strip region codes from the area labels (default: as the chart).
    #[serde(default)]
    pub strip_codes: Option<Spanned<bool>>,
    /// Keep one part of SCB labels `Kommun (Område)` (default: as the chart).
    #[serde(default)]
    pub split: Option<Spanned<super::spec::LabelPart>>,
}

fn per_1000_of_file(
    table: &mut Table,
    spec: &ChartSpec,
    at: &Spanned<Per>,
    f: &Population,
    env: &ChartEnv<'_>,
) -> Result<(Option<String>, String), Diagnostic> {
    // The population file is read as a chart's data would be, with the
    // chart's label cleaning (codes, rename, split) so the labels match.
    let mut ps = spec.clone();
    ps.data = Some(f.data.clone());
    ps.rows = None;
    ps.sheet = f.sheet.clone();
    ps.skip_rows = f.skip_rows;
    ps.header_rows = None;
    ps.category = f.category.clone();
    ps.series = f.series.clone();
    ps.value = f.value.clone();
    ps.values = f.values.clone();
    ps.filter = f.filter.clone();
    ps.exclude = f.exclude.clone();
    if f.strip_codes.is_some() {
        ps.strip_codes = f.strip_codes.clone();
    }
    if f.split.is_some() {
        ps.split = f.split.clone();
    }
    ps.transpose = false;
    ps.category_title = None;
    ps.derive = None;
    ps.join = None;
    ps.top = None;
    ps.sort = Default::default();
    let raw = super::data::load(&ps, env.data)?;
    let pop = super::table::build(&raw, &ps)?;
    let file = raw.file.to_string_lossy().replace('\\', "/");
    let norm = |s: &str| s.trim().to_lowercase();
    let find = |list: &[String], want: &str| list.iter().position(|x| norm(x) == norm(want));
    let series_names: Vec<String> = pop.series.iter().map(|s| s.name.clone()).collect();
    // The population of (category, series) of the chart, if the file has it.
    let lookup = |cat: &str, ser: &str| -> Option<Cell> {
        if pop.series.len() == 1 {
            return find(&pop.categories, cat).map(|i| pop.series[0].values[i]);
        }
        if let (Some(ci), Some(si)) = (find(&pop.categories, cat), find(&series_names, ser)) {
            return Some(pop.series[si].values[ci]);
        }
        // Years along the chart's categories, areas as its series.
        if let (Some(ci), Some(si)) = (find(&pop.categories, ser), find(&series_names, cat)) {
            return Some(pop.series[si].values[ci]);
        }
        None
    };
    let mut unmatched: Vec<String> = Vec::new();
    let chart_series = table.series.len();
    for se in &mut table.series {
        for (ci, c) in se.values.iter_mut().enumerate() {
            let cat = &table.categories[ci];
            match lookup(cat, &se.name) {
                Some(n) => {
                    if let Cell::Value(v) = *c {
                        *c = match n.value() {
                            Some(n) if n > 0.0 => Cell::Value(v / n * 1000.0),
                            _ => Cell::Missing,
                        };
                    }
                }
                None => {
                    let what = if pop.series.len() == 1 || chart_series == 1 {
                        cat.clone()
                    } else {
                        format!("{cat} / {}", se.name)
                    };
                    if !unmatched.contains(&what) {
                        unmatched.push(what);
                    }
                }
            }
        }
    }
    if !unmatched.is_empty() {
        let (named, more) = super::join::first_few(&unmatched);
        let shown: Vec<&str> = pop.categories.iter().take(8).map(String::as_str).collect();
        return Err(spec
            .error(
                at,
                crate::msg!(
                    "derive.no-population-for",
                    file = file.to_string(),
                    n = unmatched.len(),
                    parts = named,
                    more = more
                ),
            )
            .hint(crate::msg!(
                "derive.write-the-areas-the-same-way",
                areas = format!(
                    "{}{}",
                    shown.join(", "),
                    if pop.categories.len() > 8 {
                        ", …"
                    } else {
                        ""
                    }
                )
            )));
    }
    Ok((
        Some(env.t("derive_per_1000_unit")),
        env.t("derive_per_1000_file")
            .replace("{file}", f.data.value.trim()),
    ))
}
