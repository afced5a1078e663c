//! Render one main-language page of the page list, with its print
//! section, search entry and anchors.

use super::list_pages::Job;
use super::page::{LangCtx, PageResult, Renderer};
use super::prepare_site::main_spec;
use super::views::{self, phase_url};
use super::{RenderInput, accessibility, search};
use crate::model::Page;

/// Render one main-language page, its print section, search entry and
/// anchors.
pub(super) fn render_page_job(
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
