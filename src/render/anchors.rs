//! Checking links to anchors (`page.html#part`) against the rendered pages.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Diagnostic;
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

/// The ids of a page, kept compactly (sorted, one string) for the anchor
/// checks that run once every page is rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ids(Box<str>);

impl Ids {
    /// Every `id="…"` of an HTML page.
    pub fn of(html: &str) -> Ids {
        ids(html).into_iter().collect()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.iter().any(|i| i == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split('\n').filter(|i| !i.is_empty())
    }
}

impl<S: AsRef<str>> FromIterator<S> for Ids {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Ids {
        let set: BTreeSet<String> = iter
            .into_iter()
            .map(|s| s.as_ref().replace('\n', " "))
            .collect();
        Ids(set
            .into_iter()
            .collect::<Vec<_>>()
            .join("\n")
            .into_boxed_str())
    }
}

/// An error for each anchor that its target page does not have; `ids`
/// gives the ids of a page.
pub(crate) fn verify_ids(refs: &[AnchorRef], ids: impl Fn(&str) -> Option<Ids>) -> Vec<Diagnostic> {
    if refs.is_empty() {
        return Vec::new();
    }
    let wanted: BTreeSet<&str> = refs.iter().map(|r| r.url.as_str()).collect();
    let pages: BTreeMap<&str, Ids> = wanted
        .into_iter()
        .filter_map(|url| ids(url).map(|i| (url, i)))
        .collect();
    refs.iter()
        .filter(|r| {
            pages
                .get(r.url.as_str())
                .is_some_and(|ids| !ids.contains(&r.anchor))
        })
        .map(broken)
        .collect()
}

fn broken(r: &AnchorRef) -> Diagnostic {
    Diagnostic::error(
        "broken-anchor",
        &r.file,
        crate::msg!(
            "links.the-anchor-does-not-exist",
            anchor = (r.anchor).to_string(),
            url = (r.url).to_string()
        ),
    )
    .at(Some(r.pos))
    .hint(crate::msg!("links.headings-get-anchors-from-their"))
}
