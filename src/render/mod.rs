//! `render`: turn a checked report into the bytes of every output file.
//! Pure: no disk access; the theme and the report arrive in memory.

pub mod accessibility;
pub mod anchors;
pub mod glossary;
pub mod i18n;
pub mod links;
pub mod lix;
pub mod markdown;
pub mod page;
pub mod print;
pub mod qr;
pub mod resident;
pub mod resident_pages;
pub mod search;
pub mod theme;
pub mod views;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::chart::{ChartEnv, PlacedChart};
use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Page, Report};
use markdown::LinkTargets;
use page::{Body, LangCtx, NavItem, PageResult, Renderer, Spec};
use theme::Theme;
use views::{ViewBuilder, phase_url};

/// Output paths the generator writes itself; a page may not take them.
pub const RESERVED_URLS: &[&str] = &[
    views::FINDINGS_URL,
    views::PRIORITIES_URL,
    views::FEEDBACK_URL,
    views::ACTORS_URL,
    views::PLACES_URL,
    "404.html",
    resident_pages::RESIDENTS_URL,
    resident_pages::FLYER_URL,
    resident_pages::GLOSSARY_URL,
    search::SEARCH_INDEX_URL,
    print::PRINT_URL,
    accessibility::ACCESSIBILITY_URL,
];

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
    lang: &'a str,
    audience: &'static str,
    internal: bool,
    contact: &'a crate::config::ContactConfig,
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

/// Render the whole site.
pub fn render_site(input: &RenderInput<'_>) -> Result<RenderedSite, Diagnostics> {
    let RenderInput {
        report,
        settings,
        theme,
        audience,
        ..
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
        .map(|u| (*u).to_string())
        .collect();
    let (view, mut errors, mut anchor_refs) = ViewBuilder {
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
    let site = SiteMeta {
        title: &c.book.title,
        description: &c.book.description,
        authors: &c.book.authors,
        area: &c.report.area,
        municipality: &c.report.municipality,
        organisation: &c.report.organisation,
        period: &c.report.period,
        model: &settings.model.name,
        area_type: c.report.area_type,
        area_type_label: c
            .report
            .area_type
            .map(|n| t(&format!("area_type_{n}")))
            .unwrap_or_default(),
        area_type_source: c.report.area_type_source.as_deref(),
        lang: main_lang,
        audience: audience.as_str(),
        internal: *audience == Audience::Internal,
        contact: &c.contact,
    };
    let mut base = tera::Context::new();
    base.insert("site", &site);
    base.insert("report", &view);

    base.insert("t", &theme.strings);
    let mut tera = theme.tera.clone();
    *tera.global_context() = base;
    let r = Renderer {
        theme,
        tera,
        targets: &targets,
        has_glossary: !report.glossary.is_empty(),
        charts: ChartEnv {
            data: &report.data,
            library: &report.charts,
            min_count: settings.config.charts.min_count,
            lang: main_lang,
            strings: &theme.strings,
            csv_prefix: "",
        },
    };
    let main = LangCtx {
        code: main_lang.to_string(),
        prefix: String::new(),
        nav,
        strings: &theme.strings,
        terms: resident_pages::terms(report, main_lang, main_lang),
    };
    let langs = resident_pages::languages(report, settings, theme);
    let mut out = Vec::new();
    let mut readability = Vec::new();
    let mut charts: Vec<PlacedChart> = Vec::new();
    let mut push = |res: PageResult| {
        charts.extend(res.charts);
        if let (Some(l), Some(f)) = (res.lix, &res.file) {
            readability.push((f.url.clone(), l));
        }
        out.extend(res.file);
        errors.extend(res.diagnostics);
        anchor_refs.extend(res.anchors);
    };
    let home = report.pages.iter().find(|p| p.url == "index.html");
    let home_title = t("nav_home");
    push(r.page(
        &main,
        main_spec(
            "home.html",
            "index.html",
            &home_title,
            home,
            &langs,
            main_lang,
        ),
        |_| {},
    ));
    for ph in &view.phases {
        let intro = report.pages.iter().find(|p| p.url == ph.url);
        push(r.page(
            &main,
            main_spec("phase.html", &ph.url, &ph.title, intro, &langs, main_lang),
            |ctx| ctx.insert("phase", ph),
        ));
    }
    for p in &report.pages {
        if p.url == "index.html" || view.phases.iter().any(|ph| ph.url == p.url) {
            continue;
        }
        let phase = p
            .phase
            .as_ref()
            .and_then(|id| view.phases.iter().find(|ph| &ph.id == id));
        let answers: Vec<_> = p
            .front
            .answers
            .iter()
            .filter_map(|a| settings.model.question(&a.value))
            .map(|(ph, q)| serde_json::json!({"id": q.id, "text": q.text, "phase": ph.title, "url": phase_url(&ph.id)}))
            .collect();
        push(r.page(
            &main,
            main_spec("page.html", &p.url, &p.title, Some(p), &langs, main_lang),
            |ctx| {
                // The phase's name and link only: the whole PhaseView lists
                // every page of the phase, and converting it for each page
                // would make a build quadratic in the number of pages.
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
        ));
    }
    for (tpl, url, key) in [
        ("findings.html", views::FINDINGS_URL, "nav_findings"),
        ("priorities.html", views::PRIORITIES_URL, "nav_priorities"),
        ("feedback.html", views::FEEDBACK_URL, "nav_feedback"),
        ("actors.html", views::ACTORS_URL, "nav_actors"),
        ("places.html", views::PLACES_URL, "nav_places"),
        ("404.html", "404.html", "not_found_title"),
    ] {
        let title = t(key);
        push(r.page(
            &main,
            main_spec(tpl, url, &title, None, &langs, main_lang),
            |_| {},
        ));
    }
    let a11y_title = t("a11y_title");
    push(r.page(
        &main,
        main_spec(
            "accessibility.html",
            accessibility::ACCESSIBILITY_URL,
            &a11y_title,
            None,
            &langs,
            main_lang,
        ),
        |ctx| ctx.insert("a11y", &accessibility::statement(settings)),
    ));
    // Pages for residents, in every language.
    let resident = resident_pages::ResidentPages {
        report,
        settings,
        theme,
        targets: &targets,
        renderer: &r,
        main: &main,
        langs: &langs,
    };
    for res in resident.render() {
        push(res);
    }
    out.extend(chart_files(charts, &mut errors));
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
    // The whole report on one page, from the pages rendered above.
    let body = print::print_body_for(&view, &out);
    let print_title = t("print_title");
    let res = r.page(
        &main,
        main_spec(
            "print.html",
            print::PRINT_URL,
            &print_title,
            None,
            &langs,
            main_lang,
        ),
        |ctx| ctx.insert("print_body", &body),
    );
    out.extend(res.file);
    errors.extend(res.diagnostics);
    let docs = search::documents(report, settings, theme);
    out.push(OutFile {
        url: search::SEARCH_INDEX_URL.into(),
        bytes: search::index_js(&docs, main_lang, theme),
    });
    let (errs, warnings): (Vec<_>, Vec<_>) = errors.into_iter().partition(Diagnostic::is_error);
    let mut errors = errs;
    errors.extend(anchors::verify(&out, &anchor_refs));
    if !errors.is_empty() {
        let mut d = Diagnostics(errors);
        d.0.extend(warnings);
        d.sort();
        return Err(d);
    }
    for (url, bytes) in &theme.statics {
        out.push(OutFile {
            url: url.clone(),
            bytes: bytes.clone(),
        });
    }
    for a in &report.assets {
        out.push(OutFile {
            url: a.url.clone(),
            bytes: a.bytes.clone(),
        });
    }
    out.sort_by(|a, b| a.url.cmp(&b.url));
    // A report asset may replace a theme file of the same name (later wins).
    let mut dedup: Vec<OutFile> = Vec::with_capacity(out.len());
    for f in out {
        match dedup.last_mut() {
            Some(last) if last.url == f.url => *last = f,
            _ => dedup.push(f),
        }
    }
    readability.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(RenderedSite {
        files: dedup,
        warnings,
        readability,
    })
}

/// The CSV downloads of all charts. A download path names one data set:
/// the same chart may appear on several pages (shared through
/// `data/charts.yaml`, or a page and its fallback in another language), but
/// two charts that publish different data may not share an id.
fn chart_files(charts: Vec<PlacedChart>, errors: &mut Vec<Diagnostic>) -> Vec<OutFile> {
    let mut seen: std::collections::BTreeMap<String, PlacedChart> =
        std::collections::BTreeMap::new();
    for c in charts {
        match seen.get(&c.chart.csv_url) {
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
                seen.insert(c.chart.csv_url.clone(), c);
            }
        }
    }
    seen.into_values()
        .map(|c| OutFile {
            url: c.chart.csv_url,
            bytes: c.chart.csv,
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
