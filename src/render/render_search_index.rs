//! Render the offline search index: one document per page (from the text
//! its rendering found, or read now) and per item, numbered in a fixed
//! order.

use super::page::PageResult;
use super::views::phase_url;
use super::{OutFile, RenderInput, search};
use crate::model::Page;

/// A search document to make when no page brought its entry.
pub(super) type DocFn<'a> = Box<dyn Fn() -> search::Doc + Sync + 'a>;

/// The pages' search documents in the order of the index: the home page,
/// the phases, the other pages by URL (the items follow them).
pub(super) fn page_docs<'a>(input: &'a RenderInput<'_>) -> Vec<(String, DocFn<'a>)> {
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
pub(super) enum Made<'a> {
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
pub(super) fn search_entries<'a>(
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

/// The search index made from what rendering each page found (`page` gives
/// the result of the page at a URL); documents no page brought are read
/// now.
pub(super) fn render_search_index<'p>(
    input: &RenderInput<'_>,
    page: &(dyn Fn(&str) -> Option<&'p PageResult> + Sync),
) -> OutFile {
    let mut b = search::IndexBuilder::new(input.settings.language());
    let made = |_, url: &str| match page(url).and_then(|r| r.search.as_ref()) {
        Some(e) => Made::Entry(e),
        None => Made::Nothing,
    };
    for (n, e) in search_entries(input, made) {
        b.add(n, &e);
    }
    OutFile {
        url: search::SEARCH_INDEX_URL.into(),
        bytes: b.finish(input.theme),
    }
}
