//! Survey import: a mapping (a YAML file under `data/`) over a raw export
//! — one row per respondent, answers as text (Google Forms CSV with grid
//! questions as `Fråga [Del]` columns, Microsoft Forms .xlsx, LimeSurvey
//! CSV with full answers) — becomes the counts behind a diverging chart:
//! one row per group with its n, the scale's answers in order, answers off
//! the scale ("Vet ej") and blanks counted apart, never as zero. A group
//! with fewer than `min_count` respondents is hidden as a whole; single
//! small answer cells are not, so one rare answer does not hide a
//! statement.
//!
//! ```yaml
//! export: enkat-boende.csv
//! scale: [Mycket otrygg, Ganska otrygg, Ganska trygg, Mycket trygg]
//! outside_scale: [Vet ej]
//! group: Ålder
//! items:
//!   - id: kvall
//!     column: Hur trygg känner du dig ute sent på kvällen?
//!   - id: nojd
//!     grid: Hur nöjd är du med
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::ChartEnv;
use super::data::{self, DATA_DIR, FileOptions, RawCell, RawTable, RawValue};
use super::scalar::Row;
use super::scalar::yaml_options;
use super::spec::{ChartSpec, Sp, SpecOrigin};
use super::table::{Cell, Series, Table};
use crate::error::{Diagnostic, yaml_error_in};

/// The mapping file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The raw export, a file under `data/`.
    pub export: Sp,
    /// Spreadsheets: the sheet (default: the first).
    #[serde(default)]
    pub sheet: Option<Sp>,
    /// The answers of the scale, from most negative to most positive, as
    /// written in the export (an item may have its own).
    #[serde(default)]
    pub scale: Option<Spanned<Vec<Sp>>>,
    /// Shown names of answers: answer → label.
    #[serde(default)]
    pub labels: Option<Spanned<Row>>,
    /// Answers counted apart, e.g. "Vet ej".
    #[serde(default)]
    pub outside_scale: Vec<Sp>,
    /// The column that groups respondents (age group, the form's language).
    #[serde(default)]
    pub group: Option<Sp>,
    /// Groups with fewer respondents are not shown (default: the chart's
    /// or `[charts] min_count`).
    #[serde(default)]
    pub min_count: Option<u32>,
    #[serde(default)]
    pub items: Vec<Item>,
    /// Open questions: free-text answers, listed by `type: answers` only
    /// when marked `public: true`, and always through the privacy guard.
    #[serde(default)]
    pub open: Vec<OpenQuestion>,
}

/// An open question of the export.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenQuestion {
    pub id: Sp,
    /// The column with the answers.
    pub column: Sp,
    /// Whether the answers may be listed in the report (default: no).
    #[serde(default)]
    pub public: bool,
}

/// One Likert item: a column, or the columns of a grid question.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: Sp,
    /// The column with the answers.
    #[serde(default)]
    pub column: Option<Sp>,
    /// A grid question: the columns `<grid> [<part>]`, one row per part.
    #[serde(default)]
    pub grid: Option<Sp>,
    /// The name shown for a plain item (default: the column's name).
    #[serde(default)]
    pub label: Option<String>,
    /// This item's scale, when it is not the survey's.
    #[serde(default)]
    pub scale: Option<Spanned<Vec<Sp>>>,
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn parse_mapping(file: &Path, text: &str) -> Result<Mapping, Diagnostic> {
    let m: Mapping = serde_saphyr::from_str_with_options(text, yaml_options()).map_err(|e| {
        yaml_error_in(file, text, &e, 0).hint(crate::msg!("survey.docs-list-every-field"))
    })?;
    let origin = SpecOrigin {
        file: file.to_path_buf(),
        line_offset: 0,
    };
    for i in &m.items {
        match i.scale.as_ref().or(m.scale.as_ref()) {
            None => {
                return Err(origin
                    .error(
                        &i.id,
                        crate::msg!("survey.item-has-no-scale", item = &i.id.value),
                    )
                    .hint(crate::msg!("survey.write-scale")));
            }
            Some(s) if s.value.len() < 2 => {
                return Err(origin
                    .error(s, crate::msg!("survey.scale-needs-two"))
                    .hint(crate::msg!("survey.list-the-answers")));
            }
            Some(_) => {}
        }
        if i.column.is_some() == i.grid.is_some() {
            return Err(origin
                .error(
                    &i.id,
                    crate::msg!("survey.item-needs-column-or-grid", item = &i.id.value),
                )
                .hint(crate::msg!("survey.column-names-the-column")));
        }
    }
    Ok(m)
}

/// A survey mapping and its export, read.
pub(super) struct Survey {
    pub mapping: Mapping,
    /// The mapping's path, `data/enkat.yaml`.
    pub file: PathBuf,
    pub origin: SpecOrigin,
    pub export: RawTable,
}

/// Read the mapping a chart names (`survey:`) and the export it points at.
pub(super) fn load(spec: &ChartSpec, env: &ChartEnv<'_>) -> Result<Survey, Diagnostic> {
    let (Some(survey), Some(_)) = (&spec.survey, &spec.item) else {
        return Err(spec
            .error(&spec.id, crate::msg!("survey.needs-survey-and-item"))
            .hint(crate::msg!("survey.e-g-survey-and-item")));
    };
    let (key, bytes) = data::find(&spec.origin, survey, env.data)?;
    let file = Path::new(DATA_DIR).join(key);
    let text = data::csv::decode(bytes);
    let mapping = parse_mapping(&file, &text)?;
    let origin = SpecOrigin {
        file: file.clone(),
        line_offset: 0,
    };
    let (ekey, ebytes) = data::find(&origin, &mapping.export, env.data)?;
    let export = data::read_file(
        &origin,
        &mapping.export,
        ekey,
        ebytes,
        FileOptions {
            sheet: mapping.sheet.as_ref(),
            ..FileOptions::default()
        },
    )?;
    Ok(Survey {
        mapping,
        file,
        origin,
        export,
    })
}

/// The chart names an item the mapping lacks (or an open question in a
/// chart that counts answers, or the other way round).
pub(super) fn unknown_item(spec: &ChartSpec, m: &Mapping, file: &Path, item_id: &Sp) -> Diagnostic {
    let want = item_id.value.trim();
    let path = file.to_string_lossy().replace('\\', "/");
    let counted = m.items.iter().any(|i| i.id.value.trim() == want);
    let open = m.open.iter().any(|q| q.id.value.trim() == want);
    if open {
        return spec
            .error(
                item_id,
                crate::msg!("survey.is-an-open-question", item = want, file = &path),
            )
            .hint(crate::msg!("survey.open-answers-are-listed"));
    }
    if counted {
        return spec
            .error(
                item_id,
                crate::msg!("survey.is-a-scale-item", item = want, file = &path),
            )
            .hint(crate::msg!("survey.a-scale-item-is-drawn"));
    }
    let ids: Vec<&str> = m
        .items
        .iter()
        .map(|i| i.id.value.as_str())
        .chain(m.open.iter().map(|q| q.id.value.as_str()))
        .collect();
    spec.error(
        item_id,
        crate::msg!("survey.has-no-item", file = &path, item = want),
    )
    .hint(crate::msg!("survey.its-items-are", items = ids.join(", ")))
}

/// The survey behind a chart: its spec (with the answers off the scale and
/// blanks as `outside_scale`, values not counts of single cells) and table.
pub fn tally(
    spec: &ChartSpec,
    env: &ChartEnv<'_>,
) -> Result<(ChartSpec, Table, Vec<Diagnostic>), Diagnostic> {
    let Survey {
        mapping: m,
        file,
        origin: morigin,
        export: raw,
    } = load(spec, env)?;
    let (Some(survey), Some(item_id)) = (&spec.survey, &spec.item) else {
        unreachable!("load checks `survey:` and `item:`");
    };
    let Some(item) = m
        .items
        .iter()
        .find(|i| i.id.value.trim() == item_id.value.trim())
    else {
        return Err(unknown_item(spec, &m, &file, item_id));
    };
    let column = |name: &Sp| {
        raw.column(&name.value).ok_or_else(|| {
            morigin
                .error(
                    name,
                    crate::msg!("survey.export-has-no-column", column = &name.value),
                )
                .hint(crate::msg!(
                    "answers.its-columns-are",
                    column_list = short_list(&raw)
                ))
        })
    };
    // (part label, column) of the item.
    let parts: Vec<(String, usize)> = match (&item.column, &item.grid) {
        (Some(c), _) => vec![(
            item.label
                .clone()
                .unwrap_or_else(|| c.value.trim().to_string()),
            column(c)?,
        )],
        (None, Some(g)) => {
            let q = norm(&g.value);
            let found: Vec<(String, usize)> = raw
                .columns
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    let (head, rest) = c.name.rsplit_once('[')?;
                    let part = rest.strip_suffix(']')?;
                    (norm(head) == q).then(|| (part.trim().to_string(), i))
                })
                .collect();
            if found.is_empty() {
                return Err(morigin
                    .error(
                        g,
                        crate::msg!("survey.no-grid-column", question = g.value.trim()),
                    )
                    .hint(crate::msg!(
                        "survey.grid-columns-are-named",
                        column_list = short_list(&raw)
                    )));
            }
            found
        }
        (None, None) => {
            return Err(morigin.error(
                &item.id,
                crate::msg!("survey.the-item-needs-column-or-grid"),
            ));
        }
    };
    let group_col = m.group.as_ref().map(column).transpose()?;
    let label_of = |answer: &str| -> String {
        m.labels
            .as_ref()
            .and_then(|l| l.value.0.iter().find(|(k, _)| norm(k) == norm(answer)))
            .map_or_else(|| answer.trim().to_string(), |(_, v)| v.as_text())
    };
    let Some(item_scale) = item.scale.as_ref().or(m.scale.as_ref()) else {
        return Err(morigin.error(&item.id, crate::msg!("survey.the-item-has-no-scale")));
    };
    let scale: Vec<String> = item_scale.value.iter().map(|s| norm(&s.value)).collect();
    let outside: Vec<String> = m.outside_scale.iter().map(|s| norm(&s.value)).collect();
    let blank_name = env.t("survey_blank");
    // Each row's group, found once: index into `groups` (in the order the
    // groups first appear), `None` for a blank group. Distinct texts are
    // few, so each is looked up once and rows share the result.
    let mut groups: Vec<String> = Vec::new();
    let mut row_group: Vec<Option<usize>> = Vec::with_capacity(raw.rows.len());
    if let Some(g) = group_col {
        let mut seen: HashMap<&str, Option<usize>> = HashMap::new();
        for r in &raw.rows {
            let text = cell_text(&r.cells[g]);
            let at = match seen.get(text.as_ref()) {
                Some(at) => *at,
                None => {
                    let v = r.cells[g].label();
                    let at = if v.is_empty() {
                        None
                    } else {
                        Some(groups.iter().position(|x| *x == v).unwrap_or_else(|| {
                            groups.push(v);
                            groups.len() - 1
                        }))
                    };
                    if let std::borrow::Cow::Borrowed(t) = text {
                        seen.insert(t, at);
                    }
                    at
                }
            };
            row_group.push(at);
        }
    }
    let min_count = m.min_count.or(spec.min_count).unwrap_or(env.min_count);
    let steps = scale.len() + outside.len() + 1;
    let mut categories = Vec::new();
    let mut columns: Vec<Vec<Cell>> = vec![Vec::new(); steps];
    let mut any_blank = false;
    let mut hidden = Vec::new();
    for (part, col) in &parts {
        // counts[0] is everyone, counts[1 + g] group g; one pass over the rows.
        let mut counts = vec![vec![0u32; steps]; groups.len() + 1];
        let mut answers: HashMap<&str, usize> = HashMap::new();
        for (ri, r) in raw.rows.iter().enumerate() {
            let cell = &r.cells[*col];
            let text = cell_text(cell);
            let at = match answers.get(text.as_ref()) {
                Some(at) => *at,
                None => {
                    let answer = norm(&cell.label());
                    let at = if answer.is_empty() {
                        steps - 1
                    } else if let Some(i) = scale.iter().position(|s| *s == answer) {
                        i
                    } else if let Some(i) = outside.iter().position(|s| *s == answer) {
                        scale.len() + i
                    } else {
                        return Err(off_scale(&raw, cell, &file, item_scale));
                    };
                    if let std::borrow::Cow::Borrowed(t) = text {
                        answers.insert(t, at);
                    }
                    at
                }
            };
            any_blank |= at == steps - 1;
            counts[0][at] += 1;
            if let Some(Some(g)) = row_group.get(ri) {
                counts[1 + g][at] += 1;
            }
        }
        for (k, counts) in counts.iter().enumerate() {
            let key = k.checked_sub(1).map(|g| groups[g].as_str());
            let n: u32 = counts.iter().sum();
            let name = match (key, parts.len() > 1) {
                (None, false) if group_col.is_some() => env.t("survey_all"),
                (None, _) => part.clone(),
                (Some(g), false) => g.to_string(),
                (Some(g), true) => format!("{part} – {g}"),
            };
            let small = n < min_count;
            if small {
                hidden.push(name.clone());
                categories.push(name);
            } else {
                categories.push(format!("{name} (n = {n})"));
            }
            for (i, c) in counts.iter().enumerate() {
                columns[i].push(if small {
                    Cell::Suppressed
                } else {
                    Cell::Value(f64::from(*c))
                });
            }
        }
    }
    let mut names: Vec<String> = item_scale
        .value
        .iter()
        .map(|s| label_of(&s.value))
        .collect();
    names.extend(m.outside_scale.iter().map(|s| label_of(&s.value)));
    names.push(blank_name.clone());
    let mut series: Vec<Series> = names
        .into_iter()
        .zip(columns)
        .map(|(name, values)| Series { name, values })
        .collect();
    if !any_blank {
        series.pop();
    }
    let mut out_spec = spec.clone();
    let mut off: Vec<String> = series[scale.len()..]
        .iter()
        .map(|s| s.name.clone())
        .collect();
    off.dedup();
    out_spec.outside_scale = Some(Spanned::new(off, survey.referenced, survey.defined));
    out_spec.counts = Some(false);
    out_spec.min_count = Some(min_count);
    let mut notes = raw.notes.clone();
    if !hidden.is_empty() {
        notes.push(
            Diagnostic::note(
                "data",
                &raw.file,
                crate::msg!(
                    "survey.small-groups-hidden",
                    min = min_count.to_string(),
                    groups = hidden.join(", ")
                ),
            )
            .hint(crate::msg!("survey.small-groups-point-out")),
        );
    }
    let table = Table {
        category_title: m
            .group
            .as_ref()
            .map_or_else(String::new, |g| g.value.trim().to_string()),
        categories,
        series,
    };
    Ok((out_spec, table, notes))
}

/// A cell's text as read, borrowed when it is text (numbers and blanks
/// are rare in answers).
fn cell_text(cell: &RawCell) -> std::borrow::Cow<'_, str> {
    match &cell.value {
        RawValue::Text(t) => std::borrow::Cow::Borrowed(t.as_str()),
        _ => std::borrow::Cow::Owned(cell.label()),
    }
}

/// An answer on neither the scale nor `outside_scale`: an error at its cell.
fn off_scale(
    raw: &RawTable,
    cell: &RawCell,
    mapping: &Path,
    scale: &Spanned<Vec<Sp>>,
) -> Diagnostic {
    Diagnostic::error(
        "data",
        &raw.file,
        crate::msg!("survey.answer-not-on-scale", answer = cell.label()),
    )
    .at(cell.pos)
    .hint(crate::msg!(
        "survey.the-scale-is",
        file = mapping.to_string_lossy().replace('\\', "/"),
        scale = scale
            .value
            .iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

fn short_list(raw: &RawTable) -> String {
    let mut names: Vec<String> = raw
        .columns
        .iter()
        .take(12)
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    if raw.columns.len() > 12 {
        names.push("…".into());
    }
    names.join(", ")
}
