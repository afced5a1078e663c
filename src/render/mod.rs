//! `render`: turn a checked report into the bytes of every output file.
//! Pure: no disk access; the theme and the report arrive in memory.

pub mod links;
pub mod markdown;
pub mod theme;
pub mod views;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::chart::{ChartEnv, PlacedChart};
use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Page, Report};
use markdown::{LinkTargets, MdSource};
use theme::Theme;
use views::{SiteView, ViewBuilder, phase_url};

/// Output paths the generator writes itself; a page may not take them.
pub const RESERVED_URLS: &[&str] = &[
    views::FINDINGS_URL,
    views::PRIORITIES_URL,
    views::FEEDBACK_URL,
    views::ACTORS_URL,
    views::PLACES_URL,
    "404.html",
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
    nav: Vec<NavItem>,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
}

/// Render the whole site. Returns every output file, sorted by path.
pub fn render_site(input: &RenderInput<'_>) -> Result<Vec<OutFile>, Diagnostics> {
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
    let (view, mut errors) = ViewBuilder {
        report,
        settings,
        theme,
        targets: &targets,
        errors: Vec::new(),
    }
    .build();

    let t = |k: &str| theme.t(k);
    let mut nav = vec![NavItem {
        title: t("nav_home"),
        url: "index.html".into(),
    }];
    nav.extend(settings.model.phases.iter().map(|p| NavItem {
        title: p.title.clone(),
        url: phase_url(&p.id),
    }));
    for (key, url) in [
        ("nav_findings", views::FINDINGS_URL),
        ("nav_priorities", views::PRIORITIES_URL),
        ("nav_feedback", views::FEEDBACK_URL),
        ("nav_actors", views::ACTORS_URL),
        ("nav_places", views::PLACES_URL),
    ] {
        nav.push(NavItem {
            title: t(key),
            url: url.into(),
        });
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
        lang: settings.language(),
        audience: audience.as_str(),
        internal: *audience == Audience::Internal,
        contact: &c.contact,
        nav,
    };
    let mut base = tera::Context::new();
    base.insert("site", &site);
    base.insert("t", &theme.strings);
    base.insert("report", &view);

    let r = Renderer {
        theme,
        base,
        targets: &targets,
        view: &view,
        charts: ChartEnv {
            data: &report.data,
            library: &report.charts,
            min_count: settings.config.charts.min_count,
            lang: settings.language(),
            strings: &theme.strings,
        },
    };
    let mut out = Vec::new();
    let mut charts: Vec<PlacedChart> = Vec::new();
    let mut push = |res: Result<(OutFile, Vec<PlacedChart>), Vec<Diagnostic>>| match res {
        Ok((f, c)) => {
            out.push(f);
            charts.extend(c);
        }
        Err(e) => errors.extend(e),
    };

    let home = report.pages.iter().find(|p| p.url == "index.html");
    push(r.page("home.html", "index.html", &t("nav_home"), home, |_| {}));
    for ph in &view.phases {
        let intro = report.pages.iter().find(|p| p.url == ph.url);
        push(r.page("phase.html", &ph.url, &ph.title, intro, |ctx| {
            ctx.insert("phase", ph)
        }));
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
        push(r.page("page.html", &p.url, &p.title, Some(p), |ctx| {
            ctx.insert("phase", &phase);
            ctx.insert("answers", &answers);
        }));
    }
    for (tpl, url, key) in [
        ("findings.html", views::FINDINGS_URL, "nav_findings"),
        ("priorities.html", views::PRIORITIES_URL, "nav_priorities"),
        ("feedback.html", views::FEEDBACK_URL, "nav_feedback"),
        ("actors.html", views::ACTORS_URL, "nav_actors"),
        ("places.html", views::PLACES_URL, "nav_places"),
        ("404.html", "404.html", "not_found_title"),
    ] {
        push(r.page(tpl, url, &t(key), None, |_| {}));
    }
    out.extend(chart_files(charts, &mut errors));
    if !errors.is_empty() {
        let mut d = Diagnostics(errors);
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
    Ok(dedup)
}

/// The CSV downloads of all charts. A chart id names one chart in the
/// site: the same shared chart may appear on several pages, but two
/// different charts may not share an id.
fn chart_files(charts: Vec<PlacedChart>, errors: &mut Vec<Diagnostic>) -> Vec<OutFile> {
    let mut seen: std::collections::BTreeMap<String, PlacedChart> =
        std::collections::BTreeMap::new();
    for c in charts {
        match seen.get(&c.chart.id) {
            Some(first) if first.defined_in == c.defined_in && first.defined_at == c.defined_at => {}
            Some(first) => errors.push(
                Diagnostic::error("duplicate-id", &c.page, format!("the chart id \"{}\" is used twice", c.chart.id))
                    .at(Some(crate::error::Pos::new(c.line, 1)))
                    .hint(format!(
                        "it is also used on {}:{}; give each chart its own id, or share one chart through data/charts.yaml and `ref:`",
                        first.page.to_string_lossy().replace('\\', "/"),
                        first.line
                    )),
            ),
            None => {
                seen.insert(c.chart.id.clone(), c);
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

struct Renderer<'a> {
    theme: &'a Theme,
    base: tera::Context,
    targets: &'a LinkTargets,
    #[allow(dead_code)]
    view: &'a SiteView,
    charts: ChartEnv<'a>,
}

impl Renderer<'_> {
    /// Render one page with template `tpl` at `url`; `body` is the Markdown
    /// page whose text goes into it, if any.
    fn page(
        &self,
        tpl: &str,
        url: &str,
        title: &str,
        body: Option<&Page>,
        extra: impl FnOnce(&mut tera::Context),
    ) -> Result<(OutFile, Vec<PlacedChart>), Vec<Diagnostic>> {
        let mut ctx = self.base.clone();
        ctx.insert("root", &links::path_to_root(url));
        ctx.insert("page_url", url);
        ctx.insert("page_title", title);
        let mut errors = Vec::new();
        let mut charts = Vec::new();
        let (html, summary, internal, source) = match body {
            Some(p) => {
                let r = markdown::render(
                    &p.body,
                    MdSource {
                        file: &p.source,
                        first_line: p.body_line,
                        page_url: url,
                        demote: true,
                        charts: Some(&self.charts),
                    },
                    self.targets,
                );
                errors.extend(r.errors);
                charts = r.charts;
                (
                    r.html,
                    p.front.summary.clone(),
                    p.audience == Audience::Internal,
                    p.source.to_string_lossy().replace('\\', "/"),
                )
            }
            None => (String::new(), String::new(), false, String::new()),
        };
        ctx.insert("content", &html);
        ctx.insert("summary", &summary);
        ctx.insert("page_internal", &internal);
        ctx.insert("source", &source);
        extra(&mut ctx);
        match self.theme.render(tpl, &ctx) {
            Ok(s) if errors.is_empty() => Ok((
                OutFile {
                    url: url.to_string(),
                    bytes: s.into_bytes(),
                },
                charts,
            )),
            Ok(_) => Err(errors),
            Err(e) => {
                errors.push(e);
                Err(errors)
            }
        }
    }
}
