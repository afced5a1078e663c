//! A lookup join (`join:` in a chart spec): each row of the chart's data
//! gets columns from a second file, matched on a key column. SCB's DeSO–RegSO
//! key is the usual case: a DeSO table joined on its DeSO code gains the
//! RegSO and its name, so the chart can show area names, or keep the DeSO
//! of one RegSO with `filter:`.
//!
//! ```yaml
//! join:
//!   data: scb-deso-regso.csv    # the lookup file under data/
//!   on: region                  # the key column of the chart's data
//!   key: DeSO                   # the key column of the lookup file (default: as `on`)
//!   add: [RegSO]                # the columns to add (default: all but the key)
//! ```
//!
//! Keys match on the label, on a JSON-stat code, or on the code that
//! starts a label (`0180C1010 Norrbacka` matches `0180C1010`). A row of the
//! data without a match is an error that names the first few keys, unless
//! `unmatched: drop`; a key twice in the lookup file is an error at its
//! second row.

use std::collections::HashMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::ChartEnv;
use super::data::{self, Column, FileOptions, RawCell, RawTable};
use super::spec::{ChartSpec, Sp};
use crate::error::Diagnostic;

/// `join:` in a chart spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Join {
    /// The lookup file, under `data/`.
    pub data: Sp,
    /// Spreadsheets: the sheet of the lookup file (default: the first).
    #[serde(default)]
    pub sheet: Option<Sp>,
    /// Title lines above the lookup file's header.
    #[serde(default)]
    pub skip_rows: usize,
    /// The key column of the chart's data.
    pub on: Sp,
    /// The key column of the lookup file (default: the column named as `on`).
    #[serde(default)]
    pub key: Option<Sp>,
    /// The columns of the lookup file to add (default: all but the key).
    #[serde(default)]
    pub add: Option<Spanned<Vec<Sp>>>,
    /// Rows of the data without a match: `error` (default) or `drop`.
    #[serde(default)]
    pub unmatched: Option<Spanned<Unmatched>>,
}

/// What happens to a row of the data whose key the lookup file lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unmatched {
    #[default]
    Error,
    Drop,
}

/// The ways a key cell can be written: its label, its code, and the code
/// that starts the label (`0180C1010 Norrbacka` → `0180C1010`).
fn key_forms(cell: &RawCell) -> Vec<String> {
    let label = cell.label();
    let mut out = vec![label.to_lowercase()];
    if let Some(c) = &cell.code {
        out.push(c.trim().to_lowercase());
    }
    if let Some((first, rest)) = label.split_once(char::is_whitespace)
        && first.bytes().any(|b| b.is_ascii_digit())
        && !rest.trim().is_empty()
    {
        out.push(first.to_lowercase());
    }
    out
}

/// How many unmatched keys or areas an error names.
const NAMED: usize = 5;

/// The first few unmatched values, quoted and joined, and "… and N more"
/// (or nothing) for the rest, for an error that lists them.
pub(super) fn first_few(unmatched: &[String]) -> (String, crate::messages::Msg) {
    let named: Vec<String> = unmatched
        .iter()
        .take(NAMED)
        .map(|u| format!("\"{u}\""))
        .collect();
    let more = if unmatched.len() > NAMED {
        crate::msg!("join.and-more", n = unmatched.len() - NAMED)
    } else {
        crate::msg!("join.nothing-more")
    };
    (named.join(", "), more)
}

/// Add the lookup file's columns to `raw`, row by row.
pub fn apply(
    raw: &mut RawTable,
    spec: &ChartSpec,
    j: &Spanned<Join>,
    env: &ChartEnv<'_>,
) -> Result<(), Diagnostic> {
    let j = &j.value;
    let (lkey, lbytes) = data::find(&spec.origin, &j.data, env.data)?;
    let lookup = data::read_file(
        &spec.origin,
        &j.data,
        lkey,
        lbytes,
        FileOptions {
            sheet: j.sheet.as_ref(),
            skip_rows: j.skip_rows,
            header_rows: None,
        },
    )?;
    let lookup_path = lookup.file.to_string_lossy().replace('\\', "/");
    let on = raw.column(&j.on.value).ok_or_else(|| {
        spec.error(
            &j.on,
            crate::msg!(
                "join.join-on-names-the-unknown",
                value = (j.on.value).to_string()
            ),
        )
        .hint(crate::msg!(
            "join.the-columns-of-the-chart",
            column_list = (raw.column_list()).to_string()
        ))
    })?;
    let key_name = j.key.as_ref().unwrap_or(&j.on);
    let key = lookup.column(&key_name.value).ok_or_else(|| {
        spec.error(
            key_name,
            crate::msg!(
                "join.the-lookup-file-has-no",
                lookup_path = lookup_path.to_string(),
                value = (key_name.value).to_string()
            ),
        )
        .hint(crate::msg!(
            "join.name-its-key-column-with",
            column_list = (lookup.column_list()).to_string()
        ))
    })?;
    let add: Vec<usize> = match &j.add {
        Some(list) => list
            .value
            .iter()
            .map(|c| {
                lookup.column(&c.value).ok_or_else(|| {
                    spec.error(
                        c,
                        crate::msg!(
                            "join.the-lookup-file-has-no",
                            lookup_path = lookup_path.to_string(),
                            value = (c.value).to_string()
                        ),
                    )
                    .hint(crate::msg!(
                        "join.its-columns-are",
                        column_list = (lookup.column_list()).to_string()
                    ))
                })
            })
            .collect::<Result<_, _>>()?,
        None => (0..lookup.columns.len()).filter(|&c| c != key).collect(),
    };
    for &c in &add {
        let name = &lookup.columns[c].name;
        if let Some(existing) = raw.column(name)
            && raw.columns[existing].name.eq_ignore_ascii_case(name.trim())
        {
            return Err(spec
                .error(
                    j.add.as_ref().map_or(&j.data, |a| &a.value[0]),
                    crate::msg!(
                        "join.the-column-is-in-both",
                        name = name.to_string(),
                        lookup_path = lookup_path.to_string()
                    ),
                )
                .hint(crate::msg!("join.list-the-lookup-file-s")));
        }
    }
    // Key → row of the lookup file. The full label must be unique.
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut full: HashMap<String, usize> = HashMap::new();
    for (ri, r) in lookup.rows.iter().enumerate() {
        let cell = &r.cells[key];
        let forms = key_forms(cell);
        if forms[0].is_empty() {
            continue;
        }
        if let Some(first) = full.insert(forms[0].clone(), ri) {
            let line = lookup.rows[first].pos.map_or(0, |p| p.line);
            return Err(Diagnostic::error(
                "data",
                &lookup.file,
                crate::msg!(
                    "join.the-key-is-in-the",
                    label = (cell.label()).to_string(),
                    line = line.to_string()
                ),
            )
            .at(cell.pos)
            .hint(crate::msg!("join.a-lookup-file-has-one")));
        }
        for f in forms {
            index.entry(f).or_insert(ri);
        }
    }
    let columns: Vec<String> = raw.columns.iter().map(|c| c.name.clone()).collect();
    let mut unmatched: Vec<String> = Vec::new();
    let mut keep = Vec::with_capacity(raw.rows.len());
    for row in &mut raw.rows {
        let found = key_forms(&row.cells[on])
            .iter()
            .find_map(|f| index.get(f).copied());
        match found {
            Some(li) => {
                row.cells.extend(add.iter().map(|&c| RawCell {
                    pos: None,
                    ..lookup.rows[li].cells[c].clone()
                }));
                keep.push(true);
            }
            None if !chosen(spec, &columns, &row.cells) => keep.push(false),
            None => {
                let k = row.cells[on].label();
                if !unmatched.contains(&k) {
                    unmatched.push(k);
                }
                keep.push(false);
            }
        }
    }
    let drop = j
        .unmatched
        .as_ref()
        .is_some_and(|u| u.value == Unmatched::Drop);
    if !unmatched.is_empty() && !drop {
        let (named, more) = first_few(&unmatched);
        return Err(spec
            .error(
                &j.on,
                crate::msg!(
                    "join.unmatched-keys",
                    n = unmatched.len(),
                    lookup_path = lookup_path.to_string(),
                    keys = named,
                    more = more
                ),
            )
            .hint(crate::msg!("join.check-that-on-and-key")));
    }
    let mut it = keep.iter();
    raw.rows.retain(|_| *it.next().unwrap_or(&true));
    raw.columns.extend(add.iter().map(|&c| Column {
        pos: None,
        ..lookup.columns[c].clone()
    }));
    Ok(())
}

/// Whether `filter:` and `exclude:` keep a row, judged on the data's own
/// columns (conditions on the lookup's columns are judged after the join).
/// A row they leave out needs no match.
fn chosen(spec: &ChartSpec, columns: &[String], cells: &[RawCell]) -> bool {
    let at = |name: &str| {
        let n = name.trim().to_lowercase();
        columns.iter().position(|c| c.trim().to_lowercase() == n)
    };
    for (conds, keep) in [(&spec.filter, true), (&spec.exclude, false)] {
        let Some(conds) = conds else { continue };
        for (name, cond) in &conds.value.0 {
            if let Some(i) = at(name)
                && cond.matches(&cells[i]) != keep
            {
                return false;
            }
        }
    }
    true
}

/// For the CSV's "how it was made": which file was joined on which column.
pub fn describe(j: &Join, env: &ChartEnv<'_>) -> String {
    env.t("csv_join")
        .replace("{file}", j.data.value.trim())
        .replace("{column}", j.on.value.trim())
}
