//! Open answers of a survey: `type: answers` lists the free-text answers to
//! one open question of a survey mapping (`open:`), as written, one per
//! line, with a CSV download. Only a question marked `public: true` is
//! listed, and every answer goes through the privacy guard first: an answer
//! with a personnummer, a phone number or an e-mail address stops the
//! build with an error at its row and column in the export, the value
//! masked. Nothing else of the export (no group, no time stamp) is shown,
//! so an answer cannot be tied to the other answers of a respondent.
//!
//! ```yaml
//! # in the mapping
//! open:
//!   - id: forslag
//!     column: Vad skulle göra Norrbacka tryggare?
//!     public: true
//! ```

use std::fmt::Write as _;

use super::data::RawValue;
use super::figure::{csv_field, figure_head};
use super::spec::ChartSpec;
use super::survey::{self, Survey};
use super::svg::esc;
use super::{ChartEnv, RenderedChart};
use crate::error::Diagnostic;

/// The answers of the open question a `type: answers` chart names, after
/// the privacy guard: (answer, in the order of the export).
pub fn answers(spec: &ChartSpec, env: &ChartEnv<'_>) -> Result<Vec<String>, Diagnostic> {
    let Survey {
        mapping,
        file,
        origin,
        export,
    } = survey::load(spec, env)?;
    let Some(item_id) = &spec.item else {
        unreachable!("survey::load checks `item:`");
    };
    let Some(q) = mapping
        .open
        .iter()
        .find(|q| q.id.value.trim() == item_id.value.trim())
    else {
        return Err(survey::unknown_item(spec, &mapping, &file, item_id));
    };
    let path = file.to_string_lossy().replace('\\', "/");
    if !q.public {
        return Err(spec
            .error(
                item_id,
                crate::msg!(
                    "answers.the-open-question-in-is",
                    value = (q.id.value.trim()).to_string(),
                    path = path.to_string()
                ),
            )
            .hint(crate::msg!(
                "answers.open-answers-are-published-only",
                value = (q.id.value.trim()).to_string(),
                path = path.to_string()
            )));
    }
    let Some(col) = export.column(&q.column.value) else {
        return Err(origin
            .error(
                &q.column,
                crate::msg!(
                    "answers.the-export-has-no-column",
                    value = (q.column.value).to_string()
                ),
            )
            .hint(crate::msg!(
                "answers.its-columns-are",
                column_list = (export.column_list()).to_string()
            )));
    };
    let Some(guard) = env.guard else {
        return Err(spec
            .error(
                item_id,
                crate::msg!("answers.open-answers-cannot-be-listed"),
            )
            .hint(crate::msg!("answers.build-the-report-with-kartsite")));
    };
    let mut out = Vec::new();
    for r in &export.rows {
        let cell = &r.cells[col];
        let text = match &cell.value {
            RawValue::Text(t) => t.split_whitespace().collect::<Vec<_>>().join(" "),
            RawValue::Number(_) => cell.label(),
            RawValue::Missing => continue,
        };
        if text.is_empty() {
            continue;
        }
        if let Some(hit) = (guard.0)(&text) {
            return Err(Diagnostic::error(
                "privacy",
                &export.file,
                crate::msg!(
                    "answers.an-open-answer-to-holds",
                    value = (q.id.value.trim()).to_string(),
                    what = hit.what,
                    masked = hit.masked
                ),
            )
            .at(cell.pos)
            .hint(crate::msg!(
                "answers.open-answers-are-published-as",
                value = (q.id.value.trim()).to_string(),
                path = path.to_string()
            )));
        }
        out.push(text);
    }
    Ok(out)
}

/// The figure: title and caption, a count, the answers as a list, the
/// source, and the answers as CSV.
pub fn render(
    spec: &ChartSpec,
    number: usize,
    page_url: &str,
    env: &ChartEnv<'_>,
) -> Result<RenderedChart, Diagnostic> {
    let list = answers(spec, env)?;
    let p = format!("fig-{}", spec.id.value);
    let figure_word = format!("{} {number}", env.t("figure"));
    let mut h = String::new();
    figure_head(&mut h, spec, &p, &figure_word);
    let count = env
        .t("answers_count")
        .replace("{count}", &list.len().to_string());
    let _ = writeln!(h, "<p class=\"chart-summary\">{}</p>", esc(&count));
    h.push_str("<ul class=\"open-answers\">\n");
    for a in &list {
        let _ = writeln!(h, "<li>{}</li>", esc(a));
    }
    h.push_str("</ul>\n");
    if !spec.source.trim().is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"chart-source\">{}: {}</p>",
            esc(&env.t("source")),
            esc(spec.source.trim())
        );
    }
    let csv_url = format!("{}data/{}.csv", env.csv_prefix, spec.id.value);
    let link = env
        .t("chart_download")
        .replace("{figure}", &figure_word.to_lowercase());
    let _ = write!(
        h,
        "<p class=\"chart-download\"><a href=\"{}\" download>{}</a></p>\n</figure>",
        esc(&crate::links::relative(page_url, &csv_url)),
        esc(&link)
    );
    let sep = if env.lang == "en" { ',' } else { ';' };
    let mut csv = String::from("\u{feff}");
    csv.push_str(&csv_field(&spec.title, sep));
    csv.push_str("\r\n");
    for a in &list {
        csv.push_str(&csv_field(a, sep));
        csv.push_str("\r\n");
    }
    Ok(RenderedChart {
        id: spec.id.value.clone(),
        html: h,
        csv_url,
        csv: csv.into_bytes(),
        notes: Vec::new(),
    })
}
