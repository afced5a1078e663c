//! `check`: validate a loaded report before rendering: ids, references
//! between items, guiding questions, audiences and output paths.

mod analysis;
mod lints;
mod logos;
pub mod privacy;
mod references;
mod translations;

#[doc(hidden)]
pub use crate::links::resolve;

use crate::config::{Audience, Settings};
use crate::error::Diagnostics;
use crate::model::Report;

/// Validate `report` for a build aimed at `audience`. Errors and warnings
/// are returned together; the build stops when there is any error.
pub fn check(report: &Report, settings: &Settings, audience: Audience) -> Diagnostics {
    let mut diags = Diagnostics::default();
    references::check(report, settings, audience, &mut diags);
    analysis::check(report, settings, audience, &mut diags);
    translations::check(report, settings, &mut diags);
    logos::check(report, settings, &mut diags);
    privacy::check_quotes(report, &mut diags);
    if audience == Audience::Public {
        // Only what the public build will contain is scanned.
        let (visible, _) = report.for_audience(audience, settings.config.build.default_audience);
        privacy::check_public(&visible, settings, &mut diags);
    }
    diags.sort();
    diags
}

/// Lints for `kartsite check` that do not stop a build.
pub fn lints(
    report: &Report,
    settings: &Settings,
    audience: Audience,
) -> Vec<crate::error::Diagnostic> {
    lints::unanswered_questions(report, settings, audience)
}
