//! Render the main-language pages in parallel chunks (bounded memory while
//! a build streams them to disk), then the resident pages in every
//! language, in the order of a whole build.

use super::list_pages::offered_pages;
use super::page::PageResult;
use super::prepare_site::main_renderer;
use super::render_page_job::render_page_job;
use super::{Output, Prepared, RenderInput, Selector, resident_pages};

/// The pages a render made, in the order they were rendered.
#[derive(Default)]
pub struct RenderedPages {
    /// Each rendered page's URL and result.
    pub results: Vec<(String, PageResult)>,
    /// The URL of every page the render offered its selector, rendered or
    /// not, in the order a whole build renders them.
    pub order: Vec<String>,
}

/// Pages rendered in parallel at a time: bounds the memory a build holds
/// while it streams pages to disk.
const CHUNK: usize = 64;

/// Render the pages `selector` wants with what [`prepare`](super::prepare) made of the
/// same input (or of one that differs only in the text of pages). The
/// outputs made from every page come from [`finish`](super::finish). The main-language
/// pages are rendered in parallel; each result also holds what the outputs
/// made from every page need of it (its print section, search entry and
/// anchors), so those never read a page twice.
pub(crate) fn render_prepared(
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
pub(super) fn render_each(
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
    let mut offered = offered_pages(report, view);
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
            .map(|job| render_page_job(input, &r, &main, &langs, job))
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
