//! Prepare a render: the link targets, the site view, the navigation and
//! the templates with the site-wide values as globals, shared by every
//! output of the render (and kept by `serve` between rebuilds).

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::list_pages::generated_targets;
use super::markdown::{AnchorRef, LinkTargets};
use super::page::{Body, LangCtx, NavItem, Renderer, Spec};
use super::views::{self, SiteView, ViewBuilder, phase_url};
use super::{RenderInput, i18n, look, print, resident_pages};
use crate::chart::ChartEnv;
use crate::config::Audience;
use crate::error::Diagnostic;
use crate::model::Page;

/// Site-wide template values.
#[derive(Serialize)]
struct SiteMeta<'a> {
    title: &'a str,
    description: &'a str,
    authors: &'a [String],
    area: &'a str,
    municipality: &'a str,
    organisation: &'a str,
    period: &'a str,
    model: &'a str,
    area_type: Option<u8>,
    area_type_label: String,
    area_type_source: Option<&'a str>,
    /// Read from SCB's index table (`area_type_index`): years, remark.
    area_type_indexed: Option<crate::chart::area_index::AreaTypeIndexed>,
    lang: &'a str,
    /// The main language's name for itself ("Svenska"): marks menu entries
    /// of pages shown untranslated.
    lang_name: String,
    /// Logos of `[book]` and `[theme]`.
    look: look::Look,
    audience: &'static str,
    internal: bool,
    contact: &'a crate::config::ContactConfig,
    /// When the report was last updated (`YYYY-MM-DD`), from its content.
    updated: Option<String>,
    /// `[build] base_url` ending in `/`, for canonical links: public
    /// builds only.
    canonical_base: Option<String>,
}

/// What all outputs of a render share: link targets, the site view, and
/// the templates with the site-wide values as globals. `serve` keeps it
/// between rebuilds that change only the text of pages.
pub struct Prepared {
    /// Shared with the next rebuild's [`Prepared`] when they still hold.
    pub targets: Arc<LinkTargets>,
    pub view: SiteView,
    /// Errors and warnings found while building the view.
    pub(super) view_diagnostics: Vec<Diagnostic>,
    /// Links to anchors found in items.
    pub(super) view_anchors: Vec<AnchorRef>,
    /// The theme's templates with `site`, `report` and `t` as globals.
    pub(super) tera: tera::Tera,
    pub(super) nav: Vec<NavItem>,
    /// The print page's reading order and section ids (shared with the
    /// next rebuild's when the order is the same).
    pub print: Arc<print::Plan>,
    /// The charts' privacy guard and date.
    pub(super) chart_extras: super::chart_extras::ChartExtras,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("pages", &self.targets.pages.len())
            .finish()
    }
}

/// What links may point at: every page, hidden page, asset and generated
/// file.
pub fn link_targets(input: &RenderInput<'_>) -> LinkTargets {
    let RenderInput {
        report, settings, ..
    } = input;
    let mut targets = LinkTargets {
        allow_raw_html: settings.config.build.allow_raw_html,
        hidden: input.hidden_pages.clone(),
        ..LinkTargets::default()
    };
    for p in &report.pages {
        targets.pages.insert(p.source.clone(), p.url.clone());
    }
    // A phase folder without an _index.md still has its phase page.
    for ph in &settings.model.phases {
        targets
            .pages
            .entry(PathBuf::from(format!("content/{}/_index.md", ph.id)))
            .or_insert_with(|| phase_url(&ph.id));
    }
    targets
        .pages
        .entry(PathBuf::from("content/_index.md"))
        .or_insert_with(|| "index.html".into());
    for a in &report.assets {
        targets.assets.insert(a.url.clone());
    }
    targets.generated = generated_targets(report);
    targets
}

/// Build the link targets, the site view and the shared template values.
pub(crate) fn prepare(input: &RenderInput<'_>) -> Prepared {
    prepare_with(input, Arc::new(link_targets(input)), None)
}

/// [`prepare`] with link targets made before (they change only when pages
/// or assets come or go, or change audience, or the glossary appears or
/// goes) and the print plan of the last render, kept if the reading order
/// is the same.
pub(crate) fn prepare_with(
    input: &RenderInput<'_>,
    targets: Arc<LinkTargets>,
    last_plan: Option<&Arc<print::Plan>>,
) -> Prepared {
    let RenderInput {
        report,
        settings,
        theme,
        audience,
        ..
    } = input;
    let (view, mut view_diagnostics, view_anchors) = ViewBuilder {
        report,
        settings,
        theme,
        targets: &targets,
        errors: Vec::new(),
        anchors: Vec::new(),
    }
    .build();

    let t = |k: &str| theme.t(k);
    let main_lang = settings.language();
    let nav_item = |title: String, url: &str| NavItem {
        title,
        url: url.into(),
        lang: None,
    };
    let mut nav = vec![nav_item(t("nav_home"), "index.html")];
    nav.extend(
        settings
            .model
            .phases
            .iter()
            .map(|p| nav_item(p.title.clone(), &phase_url(&p.id))),
    );
    for (key, url) in [
        ("nav_findings", views::FINDINGS_URL),
        ("nav_priorities", views::PRIORITIES_URL),
        ("nav_feedback", views::FEEDBACK_URL),
        ("nav_residents", resident_pages::RESIDENTS_URL),
        ("nav_actors", views::ACTORS_URL),
        ("nav_places", views::PLACES_URL),
    ] {
        nav.push(nav_item(t(key), url));
    }
    let c = &settings.config;
    let indexed = match (&c.report.area_type_index, &c.report.area_type_regso) {
        (Some(f), Some(r)) => crate::chart::area_index::resolve(f, r, &report.data)
            .map_err(|d| view_diagnostics.push(d))
            .ok(),
        _ => None,
    };
    let area_type = c.report.area_type.or(indexed.as_ref().map(|i| i.latest));
    let site = SiteMeta {
        title: &c.book.title,
        description: &c.book.description,
        authors: &c.book.authors,
        area: &c.report.area,
        municipality: &c.report.municipality,
        organisation: &c.report.organisation,
        period: &c.report.period,
        model: &settings.model.name,
        area_type,
        area_type_label: area_type
            .map(|n| t(&format!("area_type_{n}")))
            .unwrap_or_default(),
        area_type_source: c.report.area_type_source.as_deref(),
        area_type_indexed: indexed,
        lang: main_lang,
        lang_name: i18n::endonym(main_lang),
        look: look::Look::of(c),
        audience: audience.as_str(),
        internal: *audience == Audience::Internal,
        contact: &c.contact,
        updated: crate::theme::dates::last_updated(report, settings),
        canonical_base: c
            .build
            .base_url
            .as_ref()
            .filter(|_| *audience == Audience::Public)
            .map(|b| format!("{}/", b.trim_end_matches('/'))),
    };
    let mut base = tera::Context::new();
    base.insert("site", &site);
    base.insert("report", &view);
    base.insert("t", &theme.strings);
    let mut tera = theme.tera.clone();
    *tera.global_context() = base;
    let print = match last_plan {
        Some(plan) if plan.is_order_of(&view) => Arc::clone(plan),
        _ => Arc::new(print::Plan::of(&view)),
    };
    Prepared {
        targets,
        view,
        view_diagnostics,
        view_anchors,
        tera,
        nav,
        print,
        chart_extras: super::chart_extras::ChartExtras::new(report, settings),
    }
}

/// A page in the main language; resident pages get the language switcher.
pub(super) fn main_spec<'a>(
    tpl: &'a str,
    url: &'a str,
    title: &'a str,
    body: Option<&'a Page>,
    langs: &[String],
    main_lang: &str,
) -> Spec<'a> {
    let resident = body.is_some_and(Page::is_resident);
    Spec {
        tpl,
        url,
        title,
        body: body.map(Body::from),
        resident,
        alternates: if resident {
            resident_pages::alternates(langs, main_lang, url, "")
        } else {
            Vec::new()
        },
    }
}

/// The renderer and the main language's context every main-language page
/// (and the print page) is rendered with.
pub(super) fn main_renderer<'a>(
    input: &'a RenderInput<'_>,
    prepared: &'a Prepared,
) -> (Renderer<'a>, LangCtx<'a>) {
    let RenderInput {
        report,
        settings,
        theme,
        ..
    } = input;
    let main_lang = settings.language();
    let r = Renderer {
        theme,
        tera: &prepared.tera,
        targets: &prepared.targets,
        has_glossary: !report.glossary.is_empty(),
        charts: ChartEnv {
            data: &report.data,
            library: &report.charts,
            min_count: settings.config.charts.min_count,
            lang: main_lang,
            strings: &theme.strings,
            csv_prefix: "",
            updated: prepared.chart_extras.updated.as_deref(),
            guard: Some(prepared.chart_extras.guard()),
        },
        print: &prepared.print,
        languages: &settings.config.book.languages,
    };
    let main = LangCtx {
        code: main_lang.to_string(),
        prefix: String::new(),
        nav: prepared.nav.clone(),
        strings: &theme.strings,
        terms: resident_pages::terms(report, main_lang, main_lang),
    };
    (r, main)
}
