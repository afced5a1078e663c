//! Rendering one page: the template context every page shares (language,
//! direction, navigation, language switcher, relative root) plus its own.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::chart::{ChartEnv, PlacedChart};
use crate::config::Audience;
use crate::error::Diagnostic;
use crate::model::{Page, PageTranslation};
use crate::render::glossary::{self, Term};
use crate::render::markdown::{self, AnchorRef, LinkTargets, MdSource};
use crate::render::{OutFile, i18n, links};
use crate::theme::compile::Theme;

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// Set when the title is in another language than the page.
    pub lang: Option<String>,
}

/// A language the site is rendered in.
#[derive(Debug, Clone)]
pub struct LangCtx<'a> {
    pub code: String,
    /// `""` for the main language, `"ar/"` for the others.
    pub prefix: String,
    pub nav: Vec<NavItem>,
    pub strings: &'a BTreeMap<String, String>,
    /// Glossary terms in this language.
    pub terms: Vec<Term>,
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: String,
    pub name: String,
    pub url: String,
    pub current: bool,
}

/// The Markdown text that goes into a page.
#[derive(Debug, Clone, Copy)]
pub struct Body<'a> {
    pub source: &'a std::path::Path,
    pub text: &'a str,
    pub line: u32,
    pub summary: &'a str,
    pub internal: bool,
}

impl<'a> From<&'a Page> for Body<'a> {
    fn from(p: &'a Page) -> Self {
        Body {
            source: &p.source,
            text: &p.body,
            line: p.body_line,
            summary: &p.front.summary,
            internal: p.audience == Audience::Internal,
        }
    }
}

impl<'a> Body<'a> {
    pub fn translation(t: &'a PageTranslation, internal: bool) -> Self {
        Body {
            source: &t.source,
            text: &t.body,
            line: t.body_line,
            summary: &t.summary,
            internal,
        }
    }
}

/// One page to render.
pub struct Spec<'a> {
    pub tpl: &'a str,
    pub url: &'a str,
    pub title: &'a str,
    pub body: Option<Body<'a>>,
    /// A resident page: glossary terms are marked, LIX is measured.
    pub resident: bool,
    /// The language switcher (empty: none).
    pub alternates: Vec<Alternate>,
}

/// One rendered page and what was found while rendering it.
#[derive(Debug, Clone, Default)]
pub struct PageResult {
    /// The page's URL.
    pub url: String,
    /// The result of an earlier render, kept without its file (the page
    /// was not rendered again).
    pub kept: bool,
    pub file: Option<OutFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub anchors: Vec<AnchorRef>,
    /// The page's LIX, for resident pages.
    pub lix: Option<f64>,
    /// The charts drawn on the page, with their CSV downloads.
    pub charts: Vec<PlacedChart>,
    /// Every `id` on the page (what links to its anchors may name).
    pub ids: crate::render::anchors::Ids,
    /// The page's section of the print page, if it is part of it.
    pub print: Option<String>,
    /// The page's document in the search index, if it has one.
    pub search: Option<crate::render::search::Entry>,
    /// The page's Markdown as plain text, until its search entry is made.
    pub text: Option<String>,
}

pub struct Renderer<'a> {
    pub theme: &'a Theme,
    /// The theme's templates with the site-wide values (`site`, `report`,
    /// the main language's `t`) as globals, shared by every page unclone'd.
    pub tera: &'a tera::Tera,
    pub targets: &'a LinkTargets,
    pub has_glossary: bool,
    /// What charts read, in the main language (pages in other languages
    /// get their own words and download folder).
    pub charts: ChartEnv<'a>,
    /// Where pages go in the print page.
    pub print: &'a crate::render::print::Plan,
    /// The other languages of the site (`[book] languages`): each has a
    /// folder of its own, which the 404 page must know.
    pub languages: &'a [String],
}

impl Renderer<'_> {
    /// Render `spec` in `lang`; `extra` adds the page's own values.
    pub fn page(
        &self,
        lang: &LangCtx<'_>,
        spec: Spec<'_>,
        extra: impl FnOnce(&mut tera::Context),
    ) -> PageResult {
        let url = spec.url;
        let root = links::path_to_root(url);
        let mut ctx = tera::Context::new();
        ctx.insert("root", &root);
        ctx.insert("page_url", url);
        if url == crate::paths::NOT_FOUND_URL {
            ctx.insert("inline_css", &super::not_found::inline_css(self.theme));
            ctx.insert(
                "site_folders",
                &super::not_found::site_folders(self.targets, self.languages),
            );
        }
        ctx.insert("page_title", spec.title);
        ctx.insert("lang", &lang.code);
        ctx.insert("dir", i18n::dir(&lang.code));
        ctx.insert("lang_prefix", &lang.prefix);
        ctx.insert("nav", &lang.nav);
        if !lang.prefix.is_empty() {
            // Other languages shadow the main language's strings.
            ctx.insert("t", lang.strings);
        }
        ctx.insert("alternates", &spec.alternates);
        ctx.insert("has_glossary", &self.has_glossary);
        ctx.insert("fallback_lang", &None::<String>);
        // Resident pages stay free of scripts (no search box there).
        ctx.insert("resident", &spec.resident);
        let mut res = PageResult {
            url: url.to_string(),
            ..PageResult::default()
        };
        let charts = ChartEnv {
            lang: &lang.code,
            strings: lang.strings,
            csv_prefix: &lang.prefix,
            ..self.charts
        };
        let (html, summary, internal, source) = match spec.body {
            Some(b) => {
                let r = markdown::render(
                    b.text,
                    MdSource {
                        file: b.source,
                        first_line: b.line,
                        page_url: url,
                        demote: true,
                        charts: Some(&charts),
                    },
                    self.targets,
                );
                res.diagnostics.extend(r.errors);
                res.anchors.extend(r.anchors);
                res.charts.extend(r.charts);
                res.text = Some(r.text);
                (
                    r.html,
                    b.summary.to_string(),
                    b.internal,
                    b.source.to_string_lossy().replace('\\', "/"),
                )
            }
            None => (String::new(), String::new(), false, String::new()),
        };
        ctx.insert("content", &html);
        ctx.insert("summary", &summary);
        ctx.insert("page_internal", &internal);
        ctx.insert("source", &source);
        extra(&mut ctx);
        match self.theme.render_in(self.tera, spec.tpl, &ctx) {
            Ok(mut s) => {
                if spec.resident {
                    if lang.prefix.is_empty() {
                        res.lix = crate::render::lix::lix_of_html(main_of(&s));
                    }
                    if !lang.terms.is_empty() && !spec.tpl.starts_with("glossary") {
                        s = mark_main(
                            &s,
                            &lang.terms,
                            &format!("{root}{}glossary.html", lang.prefix),
                        );
                    }
                }
                res.ids = crate::render::anchors::Ids::of(&s);
                // Links to anchors on the page itself are checked now;
                // only those to other pages wait for every page.
                let (own, other): (Vec<_>, Vec<_>) = std::mem::take(&mut res.anchors)
                    .into_iter()
                    .partition(|a| a.url == url);
                res.diagnostics
                    .extend(crate::render::anchors::verify_ids(&own, |_| {
                        Some(res.ids.clone())
                    }));
                res.anchors = other;
                res.print = self.print.section(url, &s);
                res.file = Some(OutFile {
                    url: url.to_string(),
                    bytes: s.into_bytes(),
                });
            }
            Err(e) => res.diagnostics.push(e),
        }
        res
    }
}

/// The byte range of the `<main>` element of a page.
fn main_range(html: &str) -> (usize, usize) {
    let start = html.find("<main").unwrap_or(0);
    let end = html.rfind("</main>").unwrap_or(html.len());
    (start, end.max(start))
}

/// The `<main>` element of a page (what LIX is measured on).
fn main_of(html: &str) -> &str {
    let (a, b) = main_range(html);
    &html[a..b]
}

/// Mark the first use of each glossary term inside `<main>`.
fn mark_main(html: &str, terms: &[Term], href: &str) -> String {
    let (a, b) = main_range(html);
    let marked = glossary::mark(&html[a..b], terms, &mut BTreeSet::new(), href);
    format!("{}{marked}{}", &html[..a], &html[b..])
}
