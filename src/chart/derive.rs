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
    /// A series (column) with the population: the others per 1,000 of it.
    #[serde(default)]
    pub per_1000: Option<Sp>,
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
    let set: Vec<&Sp> = [&v.share, &v.per_1000, &v.change_since, &v.count_by]
        .into_iter()
        .flatten()
        .collect();
    if set.len() > 1 {
        return Err(spec
            .error(
                set[1],
                "`derive` takes one of share, per_1000, change_since and count_by",
            )
            .hint("make a second chart for the other derived value"));
    }
    if set.is_empty() {
        return Err(spec
            .error(d, "`derive` is empty")
            .hint("e.g. `derive: {share: total}` or `derive: {per_1000: Folkmängd}`"));
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
            format!("`count_by` names the unknown column \"{}\"", col.value),
        )
        .hint(format!("the columns are: {}", raw.column_list()))
    })?;
    let mut rows: Vec<&super::data::RawRow> = raw.rows.iter().collect();
    for (conds, keep) in [(&spec.filter, true), (&spec.exclude, false)] {
        let Some(conds) = conds else { continue };
        for (name, cond) in &conds.value.0 {
            let at = raw.column(name).ok_or_else(|| {
                spec.error(conds, format!("unknown column \"{name}\""))
                    .hint(format!("the columns are: {}", raw.column_list()))
            })?;
            rows.retain(|r| cond.matches(&r.cells[at]) == keep);
        }
    }
    if rows.is_empty() {
        return Err(spec
            .error(col, "no row is left to count")
            .hint("check `filter:` and `exclude:`"));
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
                .error(
                    s,
                    format!("`share` names \"{of}\", which is neither `total` nor a category"),
                )
                .hint(format!(
                    "the categories are: {}",
                    table.categories.join(", ")
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
        let Some(pi) = table
            .series
            .iter()
            .position(|s| s.name.trim().eq_ignore_ascii_case(p.value.trim()))
        else {
            let names: Vec<&str> = table.series.iter().map(|s| s.name.as_str()).collect();
            return Err(spec
                .error(
                    p,
                    format!(
                        "`per_1000` names \"{}\", which is not a series of the chart",
                        p.value
                    ),
                )
                .hint(format!(
                    "name the population column; the series are: {}",
                    names.join(", ")
                )));
        };
        if table.series.len() < 2 {
            return Err(spec
                .error(
                    p,
                    "`per_1000` needs a series to divide besides the population",
                )
                .hint(
                    "list both columns in `values:`, e.g. `values: [Anmälda brott, Folkmängd]`",
                ));
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
            table.categories.iter().position(|c| c.trim() == want).ok_or_else(|| {
                spec.error(b, format!("`change_since` names \"{want}\", which is neither `first` nor a category"))
                    .hint(format!("the categories are: {}", table.categories.join(", ")))
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
