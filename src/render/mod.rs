//! `render`: turn a checked report into the bytes of every output file.
//! Pure: no disk access; the theme and the report arrive in memory.

pub mod accessibility;
pub mod actor_map;
pub mod analysis;
pub mod anchors;
pub mod annual_cycle;
pub mod chart_extras;
pub mod environment;
pub mod glossary;
pub mod i18n;
pub mod kumu;
pub mod lix;
pub mod look;
pub mod markdown;
pub mod network_layout;
pub mod not_found;
pub mod page;
pub mod print;
pub mod qr;
pub mod resident;
pub mod resident_pages;
pub mod search;
pub mod swot;
pub mod views;

// Old paths, kept so that branches written against them still merge; new
// code uses `crate::links` and `crate::theme::compile`.
#[doc(hidden)]
pub use crate::links;
#[doc(hidden)]
pub use crate::theme::compile as theme;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::chart::{ChartEnv, PlacedChart};
use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Page, Report};
use markdown::{AnchorRef, LinkTargets};
pub use page::PageResult;
use page::{Body, LangCtx, NavItem, Renderer, Spec};
use theme::Theme;
use views::{SiteView, ViewBuilder, phase_url};

pub use crate::paths::RESERVED_URLS;
use crate::paths::{GENERATED_PAGES, GeneratedKind};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Site-relative path with `/`.
    pub url: String,
    pub bytes: Vec<u8>,
}

/// What a render needs.
pub struct RenderInput<'a> {
    /// Already filtered for the audience.
    pub report: &'a Report,
    pub settings: &'a Settings,
    pub theme: &'a Theme,
    pub audience: Audience,
    /// Pages that exist but are not part of this build (internal, drafts).
    pub hidden_pages: BTreeSet<PathBuf>,
}

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

/// A rendered site: every output file, sorted by path, and the warnings
/// found on the way.
#[derive(Debug, Default)]
pub struct RenderedSite {
    pub files: Vec<OutFile>,
    pub warnings: Vec<Diagnostic>,
    /// LIX of every resident page in the main language, by URL.
    pub readability: Vec<(String, f64)>,
}

/// One output that [`render_prepared`] and [`finish`] offer to their
/// [`Selector`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output<'a> {
    /// A page rendered with `template`; `phase` is the id of the phase the
    /// page shows or belongs to (the template's `phase` value).
    Page {
        url: &'a str,
        template: &'a str,
        phase: Option<&'a str>,
    },
    /// A resident page rendered outside the main loop (the feedback page,
    /// flyer and glossary in every language, and translated resident pages).
    /// It reads the report's items, glossary and resident pages, which the
    /// site view does not hold; `source` is the URL of the main-language
    /// page whose text or translations it shows, if any.
    Resident {
        url: &'a str,
        template: &'a str,
        source: Option<&'a str>,
    },
    /// An output made from every page: the print page (from the rendered
    /// pages) or the search index (from the text of every page and item).
    Whole { url: &'a str },
    /// A file copied as it is: a theme static file or a report asset.
    File { url: &'a str },
}

/// Chooses the outputs a render makes: `serve` re-renders only what an edit
/// can have changed.
pub trait Selector {
    /// Whether to render (or copy) `output`.
    fn wants(&self, output: Output<'_>) -> bool;
}

/// Selects every output: a whole build.
pub struct Everything;

impl Selector for Everything {
    fn wants(&self, _: Output<'_>) -> bool {
        true
    }
}

/// What all outputs of a render share: link targets, the site view, and
/// the templates with the site-wide values as globals. `serve` keeps it
/// between rebuilds that change only the text of pages.
pub struct Prepared {
    /// Shared with the next rebuild's [`Prepared`] when they still hold.
    pub targets: Arc<LinkTargets>,
    pub view: SiteView,
    /// Errors and warnings found while building the view.
    view_diagnostics: Vec<Diagnostic>,
    /// Links to anchors found in items.
    view_anchors: Vec<AnchorRef>,
    /// The theme's templates with `site`, `report` and `t` as globals.
    tera: tera::Tera,
    nav: Vec<NavItem>,
    /// The print page's reading order and section ids (shared with the
    /// next rebuild's when the order is the same).
    pub print: Arc<print::Plan>,
    /// The charts' privacy guard and date.
    chart_extras: chart_extras::ChartExtras,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("pages", &self.targets.pages.len())
            .finish()
    }
}

/// Render the whole site.
pub fn render_site(input: &RenderInput<'_>) -> Result<RenderedSite, Diagnostics> {
    let prepared = prepare(input);
    let mut pages = render_prepared(input, &prepared, &Everything);
    finish(input, &prepared, &mut pages.results, &Everything)
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
    targets.generated = RESERVED_URLS
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
        .collect();
    targets
}

/// Build the link targets, the site view and the shared template values.
pub fn prepare(input: &RenderInput<'_>) -> Prepared {
    prepare_with(input, Arc::new(link_targets(input)), None)
}

/// [`prepare`] with link targets made before (they change only when pages
/// or assets come or go, or change audience, or the glossary appears or
/// goes) and the print plan of the last render, kept if the reading order
/// is the same.
pub fn prepare_with(
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
        chart_extras: chart_extras::ChartExtras::new(report, settings),
    }
}

/// The pages a render made, in the order they were rendered.
#[derive(Default)]
pub struct RenderedPages {
    /// Each rendered page's URL and result.
    pub results: Vec<(String, PageResult)>,
    /// The URL of every page the render offered its selector, rendered or
    /// not, in the order a whole build renders them.
    pub order: Vec<String>,
}

/// One main-language page of a render.
enum Job<'a> {
    Home(Option<&'a Page>),
    Phase(&'a views::PhaseView, Option<&'a Page>),
    Page(&'a Page, Option<&'a views::PhaseView>),
    /// An overview page: template, URL, key of its title.
    Overview(&'static str, &'static str, &'static str),
    Accessibility,
}

impl Job<'_> {
    fn url(&self) -> &str {
        match self {
            Job::Home(_) => "index.html",
            Job::Phase(ph, _) => &ph.url,
            Job::Page(p, _) => &p.url,
            Job::Overview(_, url, _) => url,
            Job::Accessibility => accessibility::ACCESSIBILITY_URL,
        }
    }
}

/// Pages rendered in parallel at a time: bounds the memory a build holds
/// while it streams pages to disk.
const CHUNK: usize = 64;

/// Render the pages `selector` wants with what [`prepare`] made of the
/// same input (or of one that differs only in the text of pages). The
/// outputs made from every page come from [`finish`]. The main-language
/// pages are rendered in parallel; each result also holds what the outputs
/// made from every page need of it (its print section, search entry and
/// anchors), so those never read a page twice.
pub fn render_prepared(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    selector: &dyn Selector,
) -> RenderedPages {
    let mut results = Vec::new();
    let order = render_each(input, prepared, selector, &mut |res| {
        results.push((res.url.clone(), res));
    });
    RenderedPages { results, order }
}

/// [`render_prepared`], handing each page to `each` as soon as it is
/// rendered, in the order of a whole build: the pages of the print page in
/// its reading order first. Returns the URL of every page offered to the
/// selector, rendered or not, in that order.
fn render_each(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    selector: &dyn Selector,
    each: &mut dyn FnMut(PageResult),
) -> Vec<String> {
    let RenderInput {
        report,
        settings,
        theme,
        ..
    } = input;
    let Prepared { targets, view, .. } = prepared;
    // Every main-language page, with the template and phase the selector
    // is asked about.
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
    // The print page's reading order first (a stable sort keeps the rest).
    offered
        .sort_by_cached_key(|(job, _, _)| prepared.print.position(job.url()).unwrap_or(usize::MAX));
    let mut order: Vec<String> = Vec::with_capacity(offered.len());
    let mut jobs = Vec::new();
    for (job, template, phase) in offered {
        let url = job.url();
        order.push(url.to_string());
        if selector.wants(Output::Page {
            url,
            template,
            phase,
        }) {
            jobs.push(job);
        }
    }
    let (r, main) = main_renderer(input, prepared);
    let langs = resident_pages::languages(report, settings, theme);
    for chunk in jobs.chunks(CHUNK) {
        use rayon::prelude::*;
        let results: Vec<PageResult> = chunk
            .par_iter()
            .map(|job| run_job(input, &r, &main, &langs, job))
            .collect();
        for res in results {
            each(res);
        }
    }
    // Pages for residents, in every language.
    let resident = resident_pages::ResidentPages {
        report,
        settings,
        theme,
        targets,
        renderer: &r,
        main: &main,
        langs: &langs,
    };
    let resident_results = resident.render_selected(&mut |url, template, source| {
        order.push(url.to_string());
        selector.wants(Output::Resident {
            url,
            template,
            source,
        })
    });
    for res in resident_results {
        each(res);
    }
    order
}

/// Render one main-language page, its print section, search entry and
/// anchors.
fn run_job(
    input: &RenderInput<'_>,
    r: &Renderer<'_>,
    main: &LangCtx<'_>,
    langs: &[String],
    job: &Job<'_>,
) -> PageResult {
    let RenderInput {
        settings, theme, ..
    } = input;
    let t = |k: &str| theme.t(k);
    let main_lang = settings.language();
    // The search document of the page, from the text its rendering found.
    enum Doc<'p> {
        Home(Option<&'p Page>),
        Phase(&'p str, Option<&'p Page>),
        Page(&'p Page),
    }
    let (mut res, doc) = match *job {
        Job::Home(home) => {
            let title = t("nav_home");
            (
                r.page(
                    main,
                    main_spec("home.html", "index.html", &title, home, langs, main_lang),
                    |_| {},
                ),
                Some(Doc::Home(home)),
            )
        }
        Job::Phase(ph, intro) => (
            r.page(
                main,
                main_spec("phase.html", &ph.url, &ph.title, intro, langs, main_lang),
                |ctx| ctx.insert("phase", ph),
            ),
            Some(Doc::Phase(&ph.id, intro)),
        ),
        Job::Page(p, phase) => {
            let answers: Vec<_> = p
                .front
                .answers
                .iter()
                .filter_map(|a| settings.model.question(&a.value))
                .map(|(ph, q)| serde_json::json!({"id": q.id, "text": q.text, "phase": ph.title, "url": phase_url(&ph.id)}))
                .collect();
            let res = r.page(
                main,
                main_spec("page.html", &p.url, &p.title, Some(p), langs, main_lang),
                |ctx| {
                    // The phase's name and link only: the whole PhaseView
                    // lists every page of the phase, and converting it for
                    // each page would make a build quadratic in the number
                    // of pages.
                    ctx.insert(
                        "phase",
                        &phase.map(|ph| views::Ref {
                            id: ph.id.clone(),
                            title: ph.title.clone(),
                            url: ph.url.clone(),
                        }),
                    );
                    ctx.insert("answers", &answers);
                },
            );
            let doc = search::is_plain_page(settings, &p.url).then_some(Doc::Page(p));
            (res, doc)
        }
        Job::Overview(tpl, url, key) => {
            let title = t(key);
            (
                r.page(
                    main,
                    main_spec(tpl, url, &title, None, langs, main_lang),
                    |_| {},
                ),
                None,
            )
        }
        Job::Accessibility => {
            let title = t("a11y_title");
            (
                r.page(
                    main,
                    main_spec(
                        "accessibility.html",
                        accessibility::ACCESSIBILITY_URL,
                        &title,
                        None,
                        langs,
                        main_lang,
                    ),
                    |ctx| ctx.insert("a11y", &accessibility::statement(settings)),
                ),
                None,
            )
        }
    };
    let text = res.text.take().unwrap_or_default();
    let text_of = |page: Option<&Page>| {
        page.map(|p| search::page_text(p, &text))
            .unwrap_or_default()
    };
    let doc = match doc {
        Some(Doc::Home(page)) => Some(search::home_doc(settings, &text_of(page))),
        Some(Doc::Phase(id, page)) => settings
            .model
            .phases
            .iter()
            .find(|ph| ph.id == id)
            .map(|ph| search::phase_doc(ph, &text_of(page))),
        Some(Doc::Page(p)) => Some(search::page_doc(p, text_of(Some(p)))),
        None => None,
    };
    res.search = doc.as_ref().map(search::Entry::of);
    res
}

/// Make what is made from every page (chart downloads, the print page, the
/// search index, anchor checks, readability warnings) and add the files
/// copied as they are. `pages` are the pages just rendered, in the order a
/// whole build renders them, with the results of earlier renders (without
/// their file) for the pages not rendered again. Returns every file made
/// (the pages of `pages` included), sorted by path, with the warnings of
/// every page.
pub fn finish(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    pages: &mut [(String, PageResult)],
    selector: &dyn Selector,
) -> Result<RenderedSite, Diagnostics> {
    let want = |url| selector.wants(Output::Whole { url });
    let (want_print, want_search) = (want(print::PRINT_URL), want(search::SEARCH_INDEX_URL));
    let whole = if !want_print && !want_search {
        WholeOutputs::default()
    } else {
        let mut by_url: BTreeMap<&str, &PageResult> = BTreeMap::new();
        for (url, r) in pages.iter() {
            by_url.entry(url.as_str()).or_insert(r);
        }
        let to_print = |a: &AnchorRef| a.url == print::PRINT_URL;
        let print_ids = prepared.view_anchors.iter().any(to_print)
            || pages.iter().any(|(_, r)| r.anchors.iter().any(to_print));
        whole_outputs(
            input,
            prepared,
            &|url| by_url.get(url).copied(),
            want_print,
            want_search,
            print_ids,
        )
    };
    let print_ids = whole.print_ids;
    let mut site = complete(input, prepared, pages, print_ids, selector)?;
    if let Some(d) = whole.errors.into_iter().next() {
        return Err(Diagnostics(vec![d]));
    }
    site.files.extend(whole.files);
    sort_files(&mut site.files);
    Ok(site)
}

/// The outputs made from every page: the print page and the search index.
#[derive(Debug, Default)]
pub struct WholeOutputs {
    pub files: Vec<OutFile>,
    /// The ids on the print page, if it was made (and they were asked
    /// for).
    pub print_ids: Option<anchors::Ids>,
    /// Errors of the print page's template.
    pub errors: Vec<Diagnostic>,
}

/// Make the print page (with `print`) and the search index (with
/// `search`) from what rendering each page found: `page` gives the result
/// of the page at a URL (rendered now or kept from before). `serve` makes
/// them after it has served the edited page.
pub fn whole_outputs<'p>(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    page: &(dyn Fn(&str) -> Option<&'p PageResult> + Sync),
    print: bool,
    search: bool,
    print_ids: bool,
) -> WholeOutputs {
    let mut out = WholeOutputs::default();
    if print {
        let langs = resident_pages::languages(input.report, input.settings, input.theme);
        let shell = print_page_of(input, prepared, &langs, PRINT_BODY_MARK);
        out.errors
            .extend(shell.diagnostics.iter().filter(|d| d.is_error()).cloned());
        if let Some(f) = &shell.file {
            let text = String::from_utf8_lossy(&f.bytes);
            let (head, tail) = text.split_once(PRINT_BODY_MARK).unwrap_or((&text, ""));
            let mut bytes = head.as_bytes().to_vec();
            let mut ids: Vec<String> = shell.ids.iter().map(str::to_string).collect();
            for part in &prepared.print.parts {
                if let Some(r) = page(&part.url) {
                    if let Some(section) = &r.print {
                        bytes.extend_from_slice(section.as_bytes());
                    }
                    if print_ids {
                        ids.push(part.id.clone());
                        ids.extend(r.ids.iter().map(|i| format!("{}--{i}", part.id)));
                    }
                }
            }
            bytes.extend_from_slice(tail.as_bytes());
            out.print_ids = print_ids.then(|| ids.into_iter().collect());
            out.files.push(OutFile {
                url: print::PRINT_URL.into(),
                bytes,
            });
        }
    }
    if search {
        let mut b = search::IndexBuilder::new(input.settings.language());
        let made = |_, url: &str| match page(url).and_then(|r| r.search.as_ref()) {
            Some(e) => Made::Entry(e),
            None => Made::Nothing,
        };
        for (n, e) in search_entries(input, made) {
            b.add(n, &e);
        }
        out.files.push(OutFile {
            url: search::SEARCH_INDEX_URL.into(),
            bytes: b.finish(input.theme),
        });
    }
    out
}

/// Receives the files of a streamed render as they are made.
pub trait Sink {
    /// A whole output file.
    fn file(&mut self, file: OutFile);
    /// The next bytes of the file at `url` (the print page, made section
    /// by section).
    fn append(&mut self, url: &str, bytes: Vec<u8>);
}

/// What a streamed render found.
#[derive(Debug, Default)]
pub struct Streamed {
    /// Files handed to the sink.
    pub files: usize,
    /// HTML pages among them.
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    pub readability: Vec<(String, f64)>,
}

/// Stands in the print page's template for its body, so the page can be
/// written head, sections, tail without holding it whole.
const PRINT_BODY_MARK: &str = "\u{1}kartsite-print-body\u{1}";

/// Render the whole site into `sink`, each page as soon as it is made: the
/// build holds the report and what the outputs made from every page need,
/// but not the site. The bytes are those of [`render_site`]. On `Err` the
/// sink has received an incomplete site.
pub fn render_streaming(
    input: &RenderInput<'_>,
    sink: &mut dyn Sink,
) -> Result<Streamed, Diagnostics> {
    let prepared = prepare(input);
    let langs = resident_pages::languages(input.report, input.settings, input.theme);
    let mut streamed = Streamed::default();
    // The print page's head and tail around the sections.
    let shell = print_page_of(input, &prepared, &langs, PRINT_BODY_MARK);
    let shell_text = shell
        .file
        .as_ref()
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    let (head, tail) = shell_text
        .split_once(PRINT_BODY_MARK)
        .unwrap_or((shell_text.as_str(), ""));
    let print_url = print::PRINT_URL;
    let printing = shell.file.is_some();
    if printing {
        sink.append(print_url, head.as_bytes().to_vec());
    }
    // Each search document's number: its place in the index.
    let doc_numbers: BTreeMap<String, u32> = (0u32..)
        .zip(page_docs(input))
        .map(|(n, (url, _))| (url, n))
        .collect();
    let mut index = search::IndexBuilder::new(input.settings.language());
    let mut indexed = BTreeSet::new();
    let mut metas: Vec<(String, PageResult)> = Vec::new();
    render_each(input, &prepared, &Everything, &mut |mut res| {
        if let Some(section) = res.print.take()
            && printing
        {
            sink.append(print_url, section.into_bytes());
        }
        if let Some(e) = res.search.take()
            && let Some(&n) = doc_numbers.get(&e.url)
            && indexed.insert(n)
        {
            index.add(n, &e);
        }
        if let Some(f) = res.file.take() {
            streamed.files += 1;
            streamed.pages += usize::from(f.url.ends_with(".html"));
            sink.file(f);
            res.kept = true;
        }
        res.text = None;
        metas.push((res.url.clone(), res));
    });
    if printing {
        sink.append(print_url, tail.as_bytes().to_vec());
        streamed.files += 1;
        streamed.pages += 1;
    }
    // Documents no page brought (the items, and pages that failed); an
    // empty entry marks one already indexed.
    let made = |n, _: &str| {
        if indexed.contains(&n) {
            Made::Indexed
        } else {
            Made::Nothing
        }
    };
    for (n, e) in search_entries(input, made) {
        index.add(n, &e);
    }
    let search = index.finish(input.theme);
    // Ids on the print page (its own and each section's), if a link names
    // one.
    let to_print = |a: &AnchorRef| a.url == print::PRINT_URL;
    let print_ids = (prepared.view_anchors.iter().any(to_print)
        || metas.iter().any(|(_, r)| r.anchors.iter().any(to_print)))
    .then(|| {
        let by_url: BTreeMap<&str, &PageResult> =
            metas.iter().map(|(u, r)| (u.as_str(), r)).collect();
        let mut ids: Vec<String> = shell.ids.iter().map(str::to_string).collect();
        for part in &prepared.print.parts {
            ids.push(part.id.clone());
            if let Some(r) = by_url.get(part.url.as_str()) {
                ids.extend(r.ids.iter().map(|i| format!("{}--{i}", part.id)));
            }
        }
        ids.into_iter().collect()
    })
    .or_else(|| Some(anchors::Ids::default()));
    let mut site = complete(input, &prepared, &mut metas, print_ids, &Everything)?;
    if let Some(d) = shell.diagnostics.iter().find(|d| d.is_error()) {
        return Err(Diagnostics(vec![d.clone()]));
    }
    site.files.push(OutFile {
        url: search::SEARCH_INDEX_URL.into(),
        bytes: search,
    });
    for f in site.files {
        streamed.files += 1;
        streamed.pages += usize::from(f.url.ends_with(".html"));
        sink.file(f);
    }
    streamed.warnings = site.warnings;
    streamed.readability = site.readability;
    Ok(streamed)
}

/// What [`finish`] and [`render_streaming`] share: chart downloads,
/// warnings, anchor checks (`print_ids`: the sorted ids of the print page,
/// if made), the page files still in `pages`, and the files copied as they
/// are.
fn complete(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    pages: &mut [(String, PageResult)],
    print_ids: Option<anchors::Ids>,
    selector: &dyn Selector,
) -> Result<RenderedSite, Diagnostics> {
    let RenderInput {
        report,
        settings,
        theme,
        ..
    } = input;
    let langs = resident_pages::languages(report, settings, theme);
    let mut errors = prepared.view_diagnostics.clone();
    let mut anchor_refs = prepared.view_anchors.clone();
    let mut out = Vec::new();
    let mut readability = Vec::new();
    let mut charts: Vec<&PlacedChart> = Vec::new();
    for (_, res) in pages.iter() {
        charts.extend(&res.charts);
        if let (Some(l), true) = (res.lix, res.file.is_some() || res.kept) {
            readability.push((res.url.clone(), l));
        }
        errors.extend(res.diagnostics.iter().cloned());
        anchor_refs.extend(res.anchors.iter().cloned());
    }
    out.extend(chart_files(charts, &mut errors));
    // Made from what the actor map shows: re-made with the actors page.
    if pages
        .iter()
        .any(|(url, res)| url == views::ACTORS_URL && res.file.is_some())
        || (pages
            .iter()
            .any(|(url, res)| url == views::ACTORS_URL && res.kept)
            && selector.wants(Output::File {
                url: kumu::ELEMENTS_URL,
            }))
    {
        out.extend(kumu::files(report, settings, theme));
    }
    if settings.config.build.base_url.is_none()
        && (!langs.is_empty() || !report.priorities.is_empty())
    {
        errors.push(
            Diagnostic::warning("no-base-url", "book.toml", "the flyers have no QR code because [build] base_url is not set")
                .hint("set base_url to the address where the site will be published; it is used only for QR codes and canonical links"),
        );
    }
    for (url, lix) in &readability {
        if *lix > settings.config.readability.lix_max {
            let source = report
                .pages
                .iter()
                .find(|p| &p.url == url)
                .map_or_else(|| PathBuf::from(format!("({url})")), |p| p.source.clone());
            errors.push(
                Diagnostic::warning(
                    "readability",
                    source,
                    format!(
                        "the resident page {url} has LIX {lix:.0}, above the limit {:.0}",
                        settings.config.readability.lix_max
                    ),
                )
                .hint("use shorter sentences and shorter words; explain terms in the glossary"),
            );
        }
    }
    let (errs, warnings): (Vec<_>, Vec<_>) = errors.into_iter().partition(Diagnostic::is_error);
    let mut errors = errs;
    if !anchor_refs.is_empty() {
        // What each linked page found, by URL: the first result of a URL.
        let wanted: BTreeSet<&str> = anchor_refs.iter().map(|r| r.url.as_str()).collect();
        let mut by_url: BTreeMap<&str, &PageResult> = BTreeMap::new();
        for (url, res) in pages.iter() {
            if wanted.contains(url.as_str()) {
                by_url.entry(url.as_str()).or_insert(res);
            }
        }
        errors.extend(anchors::verify_ids(&anchor_refs, |url| {
            if url == print::PRINT_URL {
                return print_ids.clone();
            }
            by_url.get(url).map(|r| r.ids.clone())
        }));
    }
    if !errors.is_empty() {
        let mut d = Diagnostics(errors);
        d.0.extend(warnings);
        d.sort();
        return Err(d);
    }
    out.extend(pages.iter_mut().filter_map(|(_, res)| res.file.take()));
    for (url, bytes) in &theme.statics {
        if selector.wants(Output::File { url }) {
            out.push(OutFile {
                url: url.clone(),
                bytes: look::static_file(url, bytes, &settings.config),
            });
        }
    }
    for a in &report.assets {
        if selector.wants(Output::File { url: &a.url }) {
            out.push(OutFile {
                url: a.url.clone(),
                bytes: a.bytes.clone(),
            });
        }
    }
    sort_files(&mut out);
    readability.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(RenderedSite {
        files: out,
        warnings,
        readability,
    })
}

/// Sort files by path; of two with the same path the later one stays (a
/// report asset may replace a theme file of the same name).
fn sort_files(files: &mut Vec<OutFile>) {
    files.sort_by(|a, b| a.url.cmp(&b.url));
    let mut dedup: Vec<OutFile> = Vec::with_capacity(files.len());
    for f in files.drain(..) {
        match dedup.last_mut() {
            Some(last) if last.url == f.url => *last = f,
            _ => dedup.push(f),
        }
    }
    *files = dedup;
}

/// The print page with `body` in it.
fn print_page_of(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    langs: &[String],
    body: &str,
) -> PageResult {
    let title = input.theme.t("print_title");
    let (r, main) = main_renderer(input, prepared);
    r.page(
        &main,
        main_spec(
            "print.html",
            print::PRINT_URL,
            &title,
            None,
            langs,
            input.settings.language(),
        ),
        |ctx| ctx.insert("print_body", body),
    )
}

/// A search document to make when no page brought its entry.
type DocFn<'a> = Box<dyn Fn() -> search::Doc + Sync + 'a>;

/// The pages' search documents in the order of the index: the home page,
/// the phases, the other pages by URL (the items follow them).
fn page_docs<'a>(input: &'a RenderInput<'_>) -> Vec<(String, DocFn<'a>)> {
    let RenderInput {
        report, settings, ..
    } = input;
    let page = |url: &str| report.pages.iter().find(|p| p.url == url);
    let mut docs: Vec<(String, DocFn<'a>)> = Vec::new();
    docs.push((
        "index.html".into(),
        Box::new(move || search::home_doc(settings, &search::text_of(page("index.html")))),
    ));
    for ph in &settings.model.phases {
        let url = phase_url(&ph.id);
        let u = url.clone();
        docs.push((
            url,
            Box::new(move || search::phase_doc(ph, &search::text_of(page(&u)))),
        ));
    }
    let mut pages: Vec<&Page> = report
        .pages
        .iter()
        .filter(|p| search::is_plain_page(settings, &p.url))
        .collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    for p in pages {
        docs.push((
            p.url.clone(),
            Box::new(move || search::page_doc(p, search::text_of(Some(p)))),
        ));
    }
    docs
}

/// What a page brought for a search document.
enum Made<'a> {
    /// Its entry.
    Entry(&'a search::Entry),
    /// Already indexed: leave it out.
    Indexed,
    /// Nothing: count the document now.
    Nothing,
}

/// The search index's documents, numbered and in order: `made(n, url)`
/// tells what a page brought for document `n`; the others (and the items)
/// are counted now.
fn search_entries<'a>(
    input: &RenderInput<'_>,
    made: impl Fn(u32, &str) -> Made<'a> + Sync,
) -> Vec<(u32, std::borrow::Cow<'a, search::Entry>)> {
    use rayon::prelude::*;
    use std::borrow::Cow;
    let docs = page_docs(input);
    let mut entries: Vec<(u32, Cow<'a, search::Entry>)> = (0u32..)
        .zip(&docs)
        .par_bridge()
        .filter_map(|(n, (url, doc))| match made(n, url) {
            Made::Entry(e) => Some((n, Cow::Borrowed(e))),
            Made::Indexed => None,
            Made::Nothing => Some((n, Cow::Owned(search::Entry::of(&doc())))),
        })
        .collect();
    let items = search::item_docs(input.report, input.settings, input.theme);
    let first = u32::try_from(docs.len()).unwrap_or(u32::MAX);
    entries.extend(
        (first..).zip(
            items
                .par_iter()
                .map(|d| Cow::Owned(search::Entry::of(d)))
                .collect::<Vec<_>>(),
        ),
    );
    entries.sort_by_key(|(n, _)| *n);
    entries
}

/// The CSV downloads of all charts. A download path names one data set:
/// the same chart may appear on several pages (shared through
/// `data/charts.yaml`, or a page and its fallback in another language), but
/// two charts that publish different data may not share an id.
fn chart_files(charts: Vec<&PlacedChart>, errors: &mut Vec<Diagnostic>) -> Vec<OutFile> {
    let mut seen: BTreeMap<&str, &PlacedChart> = BTreeMap::new();
    for c in charts {
        match seen.get(c.chart.csv_url.as_str()) {
            Some(first) if first.chart.csv == c.chart.csv => {}
            Some(first) => errors.push(
                Diagnostic::error(
                    "duplicate-id",
                    &c.page,
                    format!("the chart id \"{}\" is used twice", c.chart.id),
                )
                .at(Some(crate::error::Pos::new(c.line, 1)))
                .hint(format!(
                    "it is also used on {}:{}; give each chart its own id, or share one chart through data/charts.yaml and `ref:`",
                    first.page.to_string_lossy().replace('\\', "/"),
                    first.line
                )),
            ),
            None => {
                seen.insert(&c.chart.csv_url, c);
            }
        }
    }
    seen.into_values()
        .map(|c| OutFile {
            url: c.chart.csv_url.clone(),
            bytes: c.chart.csv.clone(),
        })
        .collect()
}

/// A page in the main language; resident pages get the language switcher.
fn main_spec<'a>(
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
fn main_renderer<'a>(
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
