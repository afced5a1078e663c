//! The analysis views together: what each adds to the site view (and
//! where it is listed: in the phase its entries belong to, or among the
//! pages outside the phases), their generated pages and their search
//! documents. Each view is its own module: [`actor_map`] (with
//! [`kumu`]), [`swot`], [`annual_cycle`] and [`environment`].
//!
//! [`actor_map`]: super::actor_map
//! [`kumu`]: super::kumu
//! [`swot`]: super::swot
//! [`annual_cycle`]: super::annual_cycle
//! [`environment`]: super::environment

use super::actor_map;
use super::annual_cycle::{self, ANNUAL_URL};
use super::environment::{self, ENVIRONMENT_URL};
use super::search::{Doc, plain_text};
use super::swot::{self, SWOT_URL};
use super::theme::Theme;
use super::views::{PageRef, SiteView};
use crate::config::Settings;
use crate::model::Report;

/// The generated page of each view: template, URL, key of its title
/// (the `Analysis` rows of [`crate::paths::GENERATED_PAGES`]).
pub(crate) fn all_pages() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    crate::paths::GENERATED_PAGES
        .iter()
        .filter(|g| g.kind == crate::paths::GeneratedKind::Analysis)
        .filter_map(|g| Some((g.template?, g.url, g.title?)))
}

/// The analysis pages `report` has (a view without entries has none).
pub fn pages(report: &Report) -> Vec<(&'static str, &'static str, &'static str)> {
    all_pages()
        .filter(|(_, url, _)| !phases_of(report, url).is_empty())
        .collect()
}

/// The phases (by id; `None` for the whole report) of the entries behind
/// the page at `url`.
fn phases_of<'a>(report: &'a Report, url: &str) -> Vec<Option<&'a str>> {
    let mut out: Vec<Option<&str>> = match url {
        SWOT_URL => report.swot.iter().map(swot::phase_of).collect(),
        ANNUAL_URL => report
            .activities
            .iter()
            .map(|a| {
                a.phase
                    .as_ref()
                    .map(|p| p.value.as_str())
                    .or(a.origin.phase.as_deref())
            })
            .collect(),
        ENVIRONMENT_URL => report
            .factors
            .iter()
            .map(|f| {
                f.phase
                    .as_ref()
                    .map(|p| p.value.as_str())
                    .or(f.origin.phase.as_deref())
            })
            .collect(),
        _ => Vec::new(),
    };
    out.sort();
    out.dedup();
    out
}

/// Fill in the analysis views of `view`, list their pages in their
/// phases, and link findings back to the SWOT entries resting on them.
pub fn extend(view: &mut SiteView, report: &Report, settings: &Settings, theme: &Theme) {
    view.actor_map = actor_map::view(report, settings, theme);
    view.swot = swot::view(report, settings, theme);
    view.annual_cycle = annual_cycle::view(report, settings, theme);
    view.environment = environment::view(report, settings, theme);
    let back = swot::backlinks(report, theme);
    for f in view.findings.iter_mut().chain(
        view.findings_by_need
            .iter_mut()
            .flat_map(|g| g.items.iter_mut()),
    ) {
        f.used_by.extend(
            back.iter()
                .filter(|(id, _)| *id == f.id)
                .map(|(_, r)| r.clone()),
        );
    }
    for (_, url, key) in pages(report) {
        let page = PageRef {
            title: theme.t(key),
            url: url.to_string(),
            summary: theme.t(&format!("{key}_summary")),
            internal: false,
        };
        let phases = phases_of(report, url);
        let mut listed = false;
        for ph in &mut view.phases {
            if phases.contains(&Some(ph.id.as_str())) {
                ph.pages.push(page.clone());
                listed = true;
            }
        }
        if !listed || phases.contains(&None) {
            view.other_pages.push(page);
        }
    }
}

fn join_words(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The search documents of the analysis entries (the actors are already
/// documents of their own).
pub(crate) fn search_docs(report: &Report, theme: &Theme, kind: usize) -> Vec<Doc> {
    let mut docs = Vec::new();
    for e in &report.swot {
        docs.push(Doc {
            url: format!("{SWOT_URL}#{}", e.id.value),
            title: format!(
                "{}: {}",
                theme.t(&format!("swot_one_{}", e.kind.key())),
                e.text.trim()
            ),
            kind,
            text: e.text.trim().to_string(),
            meta: String::new(),
        });
    }
    for a in &report.activities {
        docs.push(Doc {
            url: format!("{ANNUAL_URL}#{}", a.id.value),
            title: a.name.clone(),
            kind,
            text: plain_text(&a.description),
            meta: theme.t("nav_annual_cycle"),
        });
    }
    for f in &report.factors {
        docs.push(Doc {
            url: format!("{ENVIRONMENT_URL}#{}", f.id.value),
            title: f.title.clone(),
            kind,
            text: join_words(&[&f.trend, &f.effect]),
            meta: join_words(&[
                &theme.t(&format!("factor_kind_{}", f.kind.key())),
                &f.source_title,
            ]),
        });
    }
    docs
}
