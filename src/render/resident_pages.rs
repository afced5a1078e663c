//! The resident pages of every language: the feedback page ("Det här hörde
//! vi → Det här gör vi → status"), its printable flyer with a QR code, the
//! glossary, and the translations of pages marked for residents.

use crate::config::Settings;
use crate::model::Report;
use crate::model::items::translated;
use crate::render::glossary::{self, Term};
use crate::render::markdown::LinkTargets;
use crate::render::page::{Alternate, Body, LangCtx, NavItem, PageResult, Renderer, Spec};
use crate::render::resident::ResidentBuilder;
use crate::render::{i18n, qr};
use crate::theme::compile::Theme;

pub use crate::paths::FLYER_URL;
pub use crate::paths::GLOSSARY_URL;
pub use crate::paths::RESIDENTS_URL;

/// The extra languages of resident pages.
pub fn languages(_report: &Report, settings: &Settings, _theme: &Theme) -> Vec<String> {
    settings.config.book.languages.clone()
}

fn prefix(lang: &str, main: &str) -> String {
    if lang == main {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// The glossary in `lang`: translated entries only (the main language has
/// them all).
pub(crate) fn terms(report: &Report, lang: &str, main: &str) -> Vec<Term> {
    report
        .glossary
        .iter()
        .filter_map(|g| {
            if lang == main {
                return Some(Term {
                    term: g.term.value.clone(),
                    explanation: g.explanation.clone(),
                });
            }
            let (term, ok1) = translated(&g.translations, lang, "term", &g.term.value);
            let (explanation, ok2) =
                translated(&g.translations, lang, "explanation", &g.explanation);
            (ok1 && ok2).then(|| Term {
                term: term.to_string(),
                explanation: explanation.to_string(),
            })
        })
        .collect()
}

/// The language switcher for the page at main-language URL `url`.
pub(crate) fn alternates(langs: &[String], main: &str, url: &str, current: &str) -> Vec<Alternate> {
    if langs.is_empty() {
        return Vec::new();
    }
    let current = if current.is_empty() { main } else { current };
    std::iter::once(main.to_string())
        .chain(langs.iter().cloned())
        .map(|l| Alternate {
            url: format!("{}{url}", prefix(&l, main)),
            name: i18n::endonym(&l),
            current: l == current,
            lang: l,
        })
        .collect()
}

pub struct ResidentPages<'a> {
    pub report: &'a Report,
    pub settings: &'a Settings,
    pub theme: &'a Theme,
    pub targets: &'a LinkTargets,
    pub renderer: &'a Renderer<'a>,
    pub main: &'a LangCtx<'a>,
    pub langs: &'a [String],
}

impl ResidentPages<'_> {
    pub fn render(&self) -> Vec<PageResult> {
        self.render_selected(&mut |_, _, _| true)
    }

    /// Render the pages `wants(url, template, source)` wants; `source` is
    /// the main-language URL of the page a translated page shows.
    pub(crate) fn render_selected(
        &self,
        wants: &mut dyn FnMut(&str, &str, Option<&str>) -> bool,
    ) -> Vec<PageResult> {
        let main_lang = self.main.code.as_str();
        let mut out = Vec::new();
        let resident_pages: Vec<_> = self
            .report
            .pages
            .iter()
            .filter(|p| p.is_resident())
            .collect();
        for lang in std::iter::once(main_lang.to_string()).chain(self.langs.iter().cloned()) {
            let pre = prefix(&lang, main_lang);
            let strings = self.theme.strings_for(&lang);
            let s = |k: &str| strings.get(k).cloned().unwrap_or_else(|| k.to_string());
            let ctx = if lang == main_lang {
                self.main.clone()
            } else {
                let mut nav = vec![NavItem {
                    title: s("nav_residents"),
                    url: format!("{pre}{RESIDENTS_URL}"),
                    lang: None,
                }];
                for p in &resident_pages {
                    let (title, l) = match p.translations.get(&lang) {
                        Some(t) => (t.title.clone(), None),
                        None => (p.title.clone(), Some(main_lang.to_string())),
                    };
                    nav.push(NavItem {
                        title,
                        url: format!("{pre}{}", p.url),
                        lang: l,
                    });
                }
                if !self.report.glossary.is_empty() {
                    nav.push(NavItem {
                        title: s("nav_glossary"),
                        url: format!("{pre}{GLOSSARY_URL}"),
                        lang: None,
                    });
                }
                nav.push(NavItem {
                    title: s("nav_main_site"),
                    url: "index.html".into(),
                    lang: None,
                });
                LangCtx {
                    code: lang.clone(),
                    prefix: pre.clone(),
                    nav,
                    strings,
                    terms: terms(self.report, &lang, main_lang),
                }
            };
            // The feedback page for residents and its flyer.
            for (tpl, base_url, key) in [
                ("residents.html", RESIDENTS_URL, "residents_title"),
                ("flyer.html", FLYER_URL, "flyer_title"),
            ] {
                let url = format!("{pre}{base_url}");
                if !wants(&url, tpl, None) {
                    continue;
                }
                let (view, _) = ResidentBuilder {
                    report: self.report,
                    settings: self.settings,
                    theme: self.theme,
                    targets: self.targets,
                    lang: &lang,
                    page_url: &url,
                    fallback: false,
                }
                .build();
                let published = format!("{pre}{RESIDENTS_URL}");
                let qr = self.settings.config.build.base_url.as_ref().and_then(|b| {
                    let full = format!("{}/{published}", b.trim_end_matches('/'));
                    qr::svg(&full, "qr-title", &format!("{} {full}", s("qr_label")))
                        .map(|svg| (svg, full))
                });
                out.push(self.renderer.page(
                    &ctx,
                    Spec {
                        tpl,
                        url: &url,
                        title: &s(key),
                        body: None,
                        resident: tpl == "residents.html",
                        alternates: alternates(self.langs, main_lang, base_url, &lang),
                    },
                    |c| {
                        c.insert("resident", &view);
                        c.insert("qr", &qr.as_ref().map(|q| &q.0));
                        c.insert("published_url", &qr.as_ref().map(|q| &q.1));
                    },
                ));
            }
            // The glossary.
            let glossary_url = format!("{pre}{GLOSSARY_URL}");
            if !self.report.glossary.is_empty() && wants(&glossary_url, "glossary.html", None) {
                let url = glossary_url;
                let mut entries: Vec<_> = terms(self.report, &lang, main_lang)
                    .into_iter()
                    .map(|t| serde_json::json!({"anchor": glossary::anchor(&t.term), "term": t.term, "explanation": t.explanation}))
                    .collect();
                entries.sort_by(|a, b| {
                    a["term"]
                        .as_str()
                        .unwrap_or("")
                        .to_lowercase()
                        .cmp(&b["term"].as_str().unwrap_or("").to_lowercase())
                });
                out.push(self.renderer.page(
                    &ctx,
                    Spec {
                        tpl: "glossary.html",
                        url: &url,
                        title: &s("nav_glossary"),
                        body: None,
                        resident: true,
                        alternates: alternates(self.langs, main_lang, GLOSSARY_URL, &lang),
                    },
                    |c| c.insert("glossary", &entries),
                ));
            }
            // Translated pages (the main language's are rendered with the rest).
            if lang == main_lang {
                continue;
            }
            for p in &resident_pages {
                let url = format!("{pre}{}", p.url);
                if !wants(&url, "page.html", Some(&p.url)) {
                    continue;
                }
                let internal = p.audience == crate::config::Audience::Internal;
                let (title, body, fallback) = match p.translations.get(&lang) {
                    Some(t) => (t.title.as_str(), Body::translation(t, internal), false),
                    None => (p.title.as_str(), Body::from(*p), true),
                };
                out.push(self.renderer.page(
                    &ctx,
                    Spec {
                        tpl: "page.html",
                        url: &url,
                        title,
                        body: Some(body),
                        resident: true,
                        alternates: alternates(self.langs, main_lang, &p.url, &lang),
                    },
                    |c| {
                        c.insert("phase", &None::<()>);
                        c.insert("answers", &Vec::<()>::new());
                        c.insert("fallback_lang", &fallback.then_some(main_lang));
                    },
                ));
            }
        }
        out
    }
}
