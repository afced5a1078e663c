//! Checking links to anchors (`page.html#part`) against the rendered pages.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Diagnostic;
use crate::render::OutFile;
use crate::render::markdown::AnchorRef;

/// Every `id="…"` in an HTML page.
fn ids(html: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            out.insert(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// Every `id` of an HTML page, sorted.
pub fn ids_of(html: &str) -> Vec<String> {
    ids(html).into_iter().map(str::to_string).collect()
}

/// An error for each anchor that its target page does not have;
/// `ids` gives the sorted ids of a page ([`ids_of`]).
pub fn verify_ids(
    refs: &[AnchorRef],
    ids: impl Fn(&str) -> Option<Vec<String>>,
) -> Vec<Diagnostic> {
    if refs.is_empty() {
        return Vec::new();
    }
    let wanted: BTreeSet<&str> = refs.iter().map(|r| r.url.as_str()).collect();
    let pages: BTreeMap<&str, Vec<String>> = wanted
        .into_iter()
        .filter_map(|url| ids(url).map(|i| (url, i)))
        .collect();
    refs.iter()
        .filter(|r| {
            pages
                .get(r.url.as_str())
                .is_some_and(|ids| ids.binary_search(&r.anchor).is_err())
        })
        .map(broken)
        .collect()
}

fn broken(r: &AnchorRef) -> Diagnostic {
    Diagnostic::error(
        "broken-anchor",
        &r.file,
        format!("the anchor \"#{}\" does not exist on {}", r.anchor, r.url),
    )
    .at(Some(r.pos))
    .hint("headings get anchors from their text: \"## Trygghet på torget\" → #trygghet-pa-torget")
}

/// An error for each anchor that its target page does not have.
pub fn verify(files: &[OutFile], refs: &[AnchorRef]) -> Vec<Diagnostic> {
    let by_url: BTreeMap<&str, &[u8]> = files
        .iter()
        .map(|f| (f.url.as_str(), f.bytes.as_slice()))
        .collect();
    verify_with(refs, |url| by_url.get(url).copied())
}

/// [`verify`] with the bytes of each page from `page`.
pub fn verify_with<'a>(
    refs: &'a [AnchorRef],
    page: impl Fn(&str) -> Option<&'a [u8]>,
) -> Vec<Diagnostic> {
    if refs.is_empty() {
        return Vec::new();
    }
    let wanted: BTreeSet<&str> = refs.iter().map(|r| r.url.as_str()).collect();
    let pages: BTreeMap<&str, BTreeSet<&str>> = wanted
        .into_iter()
        .filter_map(|url| page(url).map(|b| (url, ids(std::str::from_utf8(b).unwrap_or("")))))
        .collect();
    refs.iter()
        .filter(|r| {
            pages
                .get(r.url.as_str())
                .is_some_and(|ids| !ids.contains(r.anchor.as_str()))
        })
        .map(broken)
        .collect()
}
