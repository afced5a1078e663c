//! SWOT: strengths, weaknesses, opportunities and threats, of the whole
//! report or of a phase, each entry linked to the findings it rests on
//! (and each finding back to its entries). The page shows a 2×2 grid per
//! SWOT that stacks to one column on a phone.

use serde::Serialize;

use super::search::excerpt;
use super::theme::Theme;
use super::views::{FINDINGS_URL, Label, Ref, phase_url};
use crate::config::{Audience, Settings};
use crate::model::Report;
use crate::model::analysis::{SwotEntry, SwotKind};

pub use crate::paths::SWOT_URL;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SwotView {
    /// The report's own SWOT first, then one per phase in model order.
    pub sections: Vec<SwotSection>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwotSection {
    /// The id of the section's heading.
    pub id: String,
    pub title: String,
    pub phase: Option<Ref>,
    /// Always four, in the order strengths, weaknesses, opportunities,
    /// threats.
    pub quadrants: Vec<Quadrant>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quadrant {
    pub kind: Label,
    pub entries: Vec<SwotEntryView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SwotEntryView {
    pub id: String,
    pub text: String,
    pub findings: Vec<Ref>,
    pub internal: bool,
}

/// The phase an entry belongs to: its own `phase`, or its folder's.
pub(crate) fn phase_of(e: &SwotEntry) -> Option<&str> {
    e.phase
        .as_ref()
        .map(|p| p.value.as_str())
        .or(e.origin.phase.as_deref())
}

pub fn view(report: &Report, settings: &Settings, theme: &Theme) -> SwotView {
    let default = settings.config.build.default_audience;
    let finding = |id: &str| {
        report
            .findings
            .iter()
            .find(|f| f.id.value == id)
            .map(|f| Ref {
                id: f.id.value.clone(),
                title: f.title.clone(),
                url: format!("{FINDINGS_URL}#{}", f.id.value),
            })
    };
    let section =
        |id: String, title: String, phase: Option<Ref>, entries: Vec<&SwotEntry>| SwotSection {
            id,
            title,
            phase,
            quadrants: SwotKind::ALL
                .iter()
                .map(|k| Quadrant {
                    kind: Label {
                        id: k.key().to_string(),
                        name: theme.t(&format!("swot_{}", k.key())),
                    },
                    entries: entries
                        .iter()
                        .filter(|e| e.kind == *k)
                        .map(|e| SwotEntryView {
                            id: e.id.value.clone(),
                            text: e.text.trim().to_string(),
                            findings: e
                                .findings
                                .iter()
                                .filter_map(|f| finding(&f.value))
                                .collect(),
                            internal: e.audience.unwrap_or(default) == Audience::Internal,
                        })
                        .collect(),
                })
                .collect(),
        };
    let mut sections = Vec::new();
    let whole: Vec<&SwotEntry> = report
        .swot
        .iter()
        .filter(|e| phase_of(e).is_none_or(|p| settings.model.phase(p).is_none()))
        .collect();
    if !whole.is_empty() {
        sections.push(section(
            "swot-report".into(),
            theme.t("swot_report"),
            None,
            whole,
        ));
    }
    for ph in &settings.model.phases {
        let entries: Vec<&SwotEntry> = report
            .swot
            .iter()
            .filter(|e| phase_of(e) == Some(ph.id.as_str()))
            .collect();
        if !entries.is_empty() {
            sections.push(section(
                format!("swot-{}", ph.id),
                ph.title.clone(),
                Some(Ref {
                    id: ph.id.clone(),
                    title: ph.title.clone(),
                    url: phase_url(&ph.id),
                }),
                entries,
            ));
        }
    }
    SwotView { sections }
}

/// The links from findings back to the entries resting on them: finding
/// id → ref of each entry.
pub(crate) fn backlinks(report: &Report, theme: &Theme) -> Vec<(String, Ref)> {
    let mut out = Vec::new();
    for e in &report.swot {
        for f in &e.findings {
            out.push((
                f.value.clone(),
                Ref {
                    id: e.id.value.clone(),
                    title: format!(
                        "{} – {}",
                        theme.t(&format!("swot_one_{}", e.kind.key())),
                        excerpt(e.text.trim(), 60)
                    ),
                    url: format!("{SWOT_URL}#{}", e.id.value),
                },
            ));
        }
    }
    out
}
