//! The pages of a render: every main-language page (home, phases, the
//! report's pages, the generated pages of [`crate::paths::GENERATED_PAGES`]
//! and the analysis views, the accessibility statement) as a [`Job`], and
//! the generated files links may point at.

use std::collections::BTreeSet;

use super::views::{self, SiteView};
use super::{accessibility, analysis, kumu, resident_pages};
use crate::model::{Page, Report};
use crate::paths::{GENERATED_PAGES, GeneratedKind, RESERVED_URLS};

/// One main-language page of a render.
pub(super) enum Job<'a> {
    Home(Option<&'a Page>),
    Phase(&'a views::PhaseView, Option<&'a Page>),
    Page(&'a Page, Option<&'a views::PhaseView>),
    /// An overview page: template, URL, key of its title.
    Overview(&'static str, &'static str, &'static str),
    Accessibility,
}

impl Job<'_> {
    pub(super) fn url(&self) -> &str {
        match self {
            Job::Home(_) => "index.html",
            Job::Phase(ph, _) => &ph.url,
            Job::Page(p, _) => &p.url,
            Job::Overview(_, url, _) => url,
            Job::Accessibility => accessibility::ACCESSIBILITY_URL,
        }
    }
}

/// Every main-language page, with the template and phase (the id of the
/// phase it shows or belongs to) a selector is asked about, in the order
/// of the report (the print page's reading order is applied later).
pub(super) fn offered_pages<'a>(
    report: &'a Report,
    view: &'a SiteView,
) -> Vec<(Job<'a>, &'a str, Option<&'a str>)> {
    let mut offered: Vec<(Job<'_>, &str, Option<&str>)> = Vec::new();
    let home = report.pages.iter().find(|p| p.url == "index.html");
    offered.push((Job::Home(home), "home.html", None));
    for ph in &view.phases {
        let intro = report.pages.iter().find(|p| p.url == ph.url);
        offered.push((Job::Phase(ph, intro), "phase.html", Some(&ph.id)));
    }
    for p in &report.pages {
        if p.url == "index.html" || view.phases.iter().any(|ph| ph.url == p.url) {
            continue;
        }
        let phase = p
            .phase
            .as_ref()
            .and_then(|id| view.phases.iter().find(|ph| &ph.id == id));
        offered.push((
            Job::Page(p, phase),
            "page.html",
            phase.map(|ph| ph.id.as_str()),
        ));
    }
    for g in GENERATED_PAGES
        .iter()
        .filter(|g| g.kind == GeneratedKind::Overview)
    {
        let (Some(tpl), Some(key)) = (g.template, g.title) else {
            continue;
        };
        offered.push((Job::Overview(tpl, g.url, key), tpl, None));
    }
    for (tpl, url, key) in analysis::pages(report) {
        offered.push((Job::Overview(tpl, url, key), tpl, None));
    }
    offered.push((Job::Accessibility, "accessibility.html", None));
    offered
}

/// The generated files this report's build makes, for links to point at:
/// the glossary only with a glossary, an analysis view only with entries,
/// the Kumu files only with actors.
pub(super) fn generated_targets(report: &Report) -> BTreeSet<String> {
    RESERVED_URLS
        .iter()
        .filter(|u| **u != resident_pages::GLOSSARY_URL || !report.glossary.is_empty())
        .filter(|u| {
            !analysis::all_pages().any(|p| p.1 == **u)
                || analysis::pages(report).iter().any(|p| p.1 == **u)
        })
        .filter(|u| {
            ![kumu::ELEMENTS_URL, kumu::CONNECTIONS_URL].contains(*u) || !report.actors.is_empty()
        })
        .map(|u| (*u).to_string())
        .collect()
}
