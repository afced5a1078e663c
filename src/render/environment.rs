//! Omvärldsanalys: the factors of the environmental scan grouped by PESTEL
//! kind in one table, each with its trend, likely effect on the area,
//! certainty, linked source and the priorities it affects.

use serde::Serialize;

use super::theme::Theme;
use super::views::{Group, Label, PRIORITIES_URL, Ref};
use crate::config::{Audience, Settings};
use crate::model::Report;
use crate::model::analysis::{Factor, FactorKind};

pub use crate::paths::ENVIRONMENT_URL;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EnvironmentView {
    /// The kinds that have factors, in PESTEL order.
    pub groups: Vec<Group<FactorView>>,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactorView {
    pub id: String,
    pub title: String,
    pub kind: Label,
    pub trend: String,
    pub effect: String,
    pub certainty: Option<Label>,
    /// Site-relative page URL, or a web address.
    pub source: Option<String>,
    pub source_external: bool,
    pub source_title: String,
    pub priorities: Vec<Ref>,
    pub internal: bool,
}

/// The site URL of a source: a web address as it is, a page of the report
/// as its output path (with its anchor).
fn source_url(report: &Report, f: &Factor, value: &str) -> Option<(String, bool)> {
    let v = value.trim();
    if v.starts_with("https://") || v.starts_with("http://") {
        return Some((v.to_string(), true));
    }
    let (path, anchor) = v.split_once('#').map_or((v, None), |(p, a)| (p, Some(a)));
    let target = crate::links::resolve(&f.origin.file, path)?;
    let page = report.pages.iter().find(|p| p.source == target)?;
    Some((
        match anchor {
            Some(a) => format!("{}#{a}", page.url),
            None => page.url.clone(),
        },
        false,
    ))
}

pub fn view(report: &Report, settings: &Settings, theme: &Theme) -> EnvironmentView {
    let default = settings.config.build.default_audience;
    let priority = |id: &str| {
        report
            .priorities
            .iter()
            .find(|p| p.id.value == id)
            .map(|p| Ref {
                id: p.id.value.clone(),
                title: p.title.clone(),
                url: format!("{PRIORITIES_URL}#{}", p.id.value),
            })
    };
    let label = |prefix: &str, key: &str| Label {
        id: key.to_string(),
        name: theme.t(&format!("{prefix}_{key}")),
    };
    let groups = FactorKind::ALL
        .iter()
        .map(|k| {
            let kind = label("factor_kind", k.key());
            let mut items: Vec<FactorView> = report
                .factors
                .iter()
                .filter(|f| f.kind == *k)
                .map(|f| {
                    let source = f
                        .source
                        .as_ref()
                        .and_then(|s| source_url(report, f, &s.value));
                    FactorView {
                        id: f.id.value.clone(),
                        title: f.title.clone(),
                        kind: kind.clone(),
                        trend: f.trend.trim().to_string(),
                        effect: f.effect.trim().to_string(),
                        certainty: f.certainty.map(|c| label("certainty", c.key())),
                        source_external: source.as_ref().is_some_and(|s| s.1),
                        source: source.map(|s| s.0),
                        source_title: f.source_title.trim().to_string(),
                        priorities: f
                            .priorities
                            .iter()
                            .filter_map(|p| priority(&p.value))
                            .collect(),
                        internal: f.audience.unwrap_or(default) == Audience::Internal,
                    }
                })
                .collect();
            items.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
            Group {
                id: kind.id,
                name: kind.name,
                items,
            }
        })
        .filter(|g| !g.items.is_empty())
        .collect();
    EnvironmentView {
        groups,
        count: report.factors.len(),
    }
}
