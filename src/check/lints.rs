//! Writing lints for `kartsite check`: how far the report has come, which
//! never stops a build (notes, so `check` and `build` count the same
//! errors and warnings).

use std::path::PathBuf;

use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Pos};
use crate::model::Report;

/// Guiding questions that no page of this audience answers.
pub(crate) fn unanswered_questions(
    report: &Report,
    settings: &Settings,
    audience: Audience,
) -> Vec<Diagnostic> {
    let default = settings.config.build.default_audience;
    let (visible, _) = report.for_audience(audience, default);
    let mut out = Vec::new();
    for phase in &settings.model.phases {
        let index = PathBuf::from(format!("content/{}/_index.md", phase.id));
        let has_index = visible.pages.iter().any(|p| p.source == index);
        let file = if has_index {
            index
        } else {
            PathBuf::from(format!("content/{}/", phase.id))
        };
        for q in &phase.questions {
            let answered = visible
                .pages
                .iter()
                .any(|p| p.front.answers.iter().any(|a| a.value == q.id));
            if !answered {
                out.push(
                    Diagnostic::note(
                        "unanswered-question",
                        &file,
                        crate::msg!(
                            "lints.phase-no-page-answers-the",
                            title = (phase.title).to_string(),
                            id = (q.id).to_string(),
                            text = (q.text).to_string()
                        ),
                    )
                    .at(has_index.then(|| Pos::new(1, 1)))
                    .hint(crate::msg!(
                        "lints.add-answers-to-the-front",
                        id = (q.id).to_string()
                    )),
                );
            }
        }
    }
    out
}
