//! Reading a copy along its original: the print page's section made from
//! a page holds the page's `<main>` with some tags rewritten (heading
//! levels, ids, links turned into anchors, paths rebased). Where the
//! section's bytes are the page's bytes, the reader has already read
//! them, so it takes them as read and reads only what differs.
//!
//! When the reader reads the page it records a [`Layout`]: the places
//! where it holds nothing (right after a block-level tag, its block of
//! text ended: a *break*), the tags whose reading depends on the file's
//! place in the site (a URL attribute, a style that may load, a
//! `<style>` element: a *mark*), and where each tag ends. Reading the
//! section along the page ([`Follow`]), at each break of the section it
//! compares the bytes that follow with the page's from the matching
//! place. A stretch is skipped only if
//!
//! - it starts at a break in both (so both readers hold nothing),
//! - its bytes are equal,
//! - it ends at a break of the page (so the section's reader holds
//!   nothing there either, and no token read in it looked past its end),
//! - and it holds no mark (so every URL is judged from the section's own
//!   place and its links and references are collected, and every script
//!   is read for the hosts it names).
//!
//! Read from the same state, the same bytes give the same blocks of text,
//! attribute values and geometry, and those were scanned in the page. So
//! what a skip leaves out was scanned, whatever the match between the
//! two files: a wrong match only costs a skip.

use std::ops::Range;

use super::html::Read;

/// What reading a page recorded for reading a copy along it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Byte positions right after a block-level tag (not a raw text
    /// element's start tag), where the reader holds nothing; ascending.
    breaks: Vec<usize>,
    /// Where the tags that depend on the file's place start; ascending.
    marks: Vec<usize>,
    /// Every tag: where it starts and ends; ascending.
    tags: Vec<(usize, usize)>,
    /// The end of the first `<main>` start tag: where a section's copy of
    /// the page starts.
    main: Option<usize>,
    /// The end of the first `</main>` end tag: where a page's footer
    /// starts.
    main_end: Option<usize>,
}

impl Layout {
    /// An empty layout for a file of `len` bytes (sized for the pages
    /// kartsite writes: a tag in about every 30 bytes).
    pub(super) fn for_len(len: usize) -> Self {
        Layout {
            breaks: Vec::with_capacity(len / 64),
            marks: Vec::with_capacity(len / 256),
            tags: Vec::with_capacity(len / 32),
            main: None,
            main_end: None,
        }
    }

    /// Record a tag read at `range`: `block` if it ends a block of text
    /// (and is not a raw text element's start tag), `placed` if its
    /// reading depends on the file's place, `main` if it is `<main>`'s
    /// start tag (`Some(true)`) or end tag (`Some(false)`).
    #[inline]
    pub(super) fn tag(
        &mut self,
        range: Range<usize>,
        block: bool,
        placed: bool,
        main: Option<bool>,
    ) {
        if block {
            self.breaks.push(range.end);
        }
        if placed {
            self.marks.push(range.start);
        }
        match main {
            Some(true) if self.main.is_none() => self.main = Some(range.end),
            Some(false) if self.main_end.is_none() => self.main_end = Some(range.end),
            _ => {}
        }
        self.tags.push((range.start, range.end));
    }

    /// Record what `model` recorded in its bytes `from` (a stretch taken
    /// as read: the same bytes stand here from `to`), as it stands here.
    /// The break at `from.start` is recorded already (the tag before it
    /// was read here).
    pub(super) fn copy(&mut self, model: &Layout, from: Range<usize>, to: usize) {
        let here = |p: usize| p - from.start + to;
        let inside = |v: &[usize], after: bool| {
            let first = if after {
                v.partition_point(|&p| p <= from.start)
            } else {
                v.partition_point(|&p| p < from.start)
            };
            let last = if after {
                v.partition_point(|&p| p <= from.end)
            } else {
                v.partition_point(|&p| p < from.end)
            };
            first..last.max(first)
        };
        // A break is right after a tag: in (start, end]. A mark or a tag
        // starts in [start, end).
        let breaks = inside(&model.breaks, true);
        self.breaks
            .extend(model.breaks[breaks].iter().map(|&p| here(p)));
        let marks = inside(&model.marks, false);
        self.marks
            .extend(model.marks[marks].iter().map(|&p| here(p)));
        let first = model.tags.partition_point(|t| t.0 < from.start);
        let last = model.tags.partition_point(|t| t.0 < from.end);
        self.tags.extend(
            model.tags[first..last.max(first)]
                .iter()
                .map(|&(a, b)| (here(a), here(b))),
        );
        let within = |p: &usize| *p > from.start && *p <= from.end;
        if self.main.is_none() {
            self.main = model.main.filter(within).map(here);
        }
        if self.main_end.is_none() {
            self.main_end = model.main_end.filter(within).map(here);
        }
    }
}

/// A page read whole, and where what its reading collected is: a page of
/// the same folder is read along it ([`Follow::sibling`]). In one folder
/// a URL reads the same in every file, so where the two pages' bytes are
/// equal (the head, the header, the menu and the footer the theme writes
/// on every page) the later page takes the first page's links and
/// references, and what else is there was scanned in the first page.
#[derive(Debug)]
pub struct Model {
    pub(super) bytes: Vec<u8>,
    pub(super) layout: Layout,
    /// The links, with their lines, and where each attribute starts.
    links: Vec<(String, usize)>,
    link_at: Vec<usize>,
    /// The references, and where each attribute or `<style>` starts.
    refs: Vec<String>,
    ref_at: Vec<usize>,
}

impl Model {
    /// The model `html` makes, read as `read` (with its layout recorded),
    /// if reading it refused nothing, kept no remote load and found no
    /// script naming another host: then what it holds reads the same in
    /// every file of its folder and is reported, if ever, at it.
    pub fn of(html: &[u8], read: &Read) -> Option<Model> {
        let clean = read.cuts.is_empty()
            && read.removed.is_empty()
            && read.remote_kept.is_empty()
            && read.script_hosts.is_empty();
        (clean && read.layout.main.is_some()).then(|| Model {
            bytes: html.to_vec(),
            layout: read.layout.clone(),
            links: read.links.clone(),
            link_at: read.link_at.clone(),
            refs: read.refs.clone(),
            ref_at: read.ref_at.clone(),
        })
    }

    pub(super) fn along(&self) -> Along<'_> {
        Along {
            page: &self.bytes,
            layout: &self.layout,
        }
    }

    /// Take into `r` the links and references of the model's bytes `from`
    /// (taken as read: the same bytes stand in `r`'s file from `to`); a
    /// link's line moves by what `lines` gives (the line of `to` here less
    /// that of `from.start` in the model), asked only if a link moves.
    pub(super) fn carry(
        &self,
        r: &mut Read,
        from: Range<usize>,
        to: usize,
        lines: impl FnOnce() -> isize,
    ) {
        let inside = |at: &[usize]| {
            let first = at.partition_point(|&p| p < from.start);
            first..at.partition_point(|&p| p < from.end).max(first)
        };
        let links = inside(&self.link_at);
        let lines = if links.is_empty() { 0 } else { lines() };
        for k in links {
            let (link, line) = &self.links[k];
            r.links
                .push((link.clone(), line.saturating_add_signed(lines)));
            r.link_at.push(self.link_at[k] - from.start + to);
        }
        for k in inside(&self.ref_at) {
            r.refs.push(self.refs[k].clone());
            r.ref_at.push(self.ref_at[k] - from.start + to);
        }
    }
}

/// A page read before and its layout: what a copy is read along.
#[derive(Clone, Copy)]
pub struct Along<'p> {
    pub page: &'p [u8],
    pub layout: &'p Layout,
}

/// The reading of a copy along a page: where in the page the copy's
/// reader is.
pub(super) struct Follow<'p> {
    along: Along<'p>,
    /// A place of the copy (right after a tag) and the page's place that
    /// matches it.
    anchor: Option<(usize, usize)>,
    started: bool,
    /// Reading a page along another page of its folder ([`Model`]):
    /// tags that depend on the file's place may be taken as read too.
    sibling: bool,
    /// (A sibling) lost in the other page's `<main>`: nothing is looked
    /// for until the copy's `</main>`.
    dormant: bool,
    /// Bytes of the copy taken as read.
    pub(super) skipped: usize,
}

impl<'p> Follow<'p> {
    pub(super) fn new(along: Along<'p>) -> Self {
        Follow {
            along,
            anchor: None,
            started: false,
            sibling: false,
            dormant: false,
            skipped: 0,
        }
    }

    /// The reading of a page along another page of its folder (from the
    /// start of both; their `</main>` end tags match too).
    pub(super) fn sibling(model: &'p Model) -> Self {
        Follow {
            anchor: Some((0, 0)),
            started: true,
            sibling: true,
            ..Follow::new(model.along())
        }
    }

    /// The copy's reader read the tag at `range` of `s`: find the page's
    /// place after it. The first tag (the section's own) matches the end
    /// of the page's `<main>` start tag; each later one matches the
    /// page's tag that follows the matched bytes, text of only white
    /// space matching text of only white space. Along a sibling, a tag
    /// after text that differs (a title) matches the same tag among the
    /// next few of the page's, before `<main>`; `main_end` (the copy's
    /// `</main>`) matches the page's.
    #[inline]
    pub(super) fn tag(&mut self, s: &[u8], range: Range<usize>, main_end: bool) {
        // Lost or resting: nothing to do until a `</main>` (most tags of
        // a page read along a sibling).
        if self.started && (self.dormant || self.anchor.is_none()) && !(self.sibling && main_end) {
            return;
        }
        self.tag_at(s, range, main_end);
    }

    fn tag_at(&mut self, s: &[u8], range: Range<usize>, main_end: bool) {
        if !self.started {
            self.started = true;
            self.anchor = self.along.layout.main.map(|m| (range.end, m));
            return;
        }
        if self.sibling && main_end {
            self.dormant = false;
            self.anchor = self.along.layout.main_end.map(|m| (range.end, m));
            return;
        }
        if self.dormant {
            return;
        }
        let Some((sa, ma)) = self.anchor else {
            return;
        };
        let page = self.along.page;
        let n = range.end - sa;
        // The usual case: the text and the tag are the page's.
        if page.get(ma..ma + n) == Some(&s[sa..range.end]) {
            self.anchor = Some((range.end, ma + n));
            return;
        }
        self.anchor = None;
        let text = &s[sa..range.start];
        let page_text_end = if page.get(ma..ma + text.len()) == Some(text) {
            ma + text.len()
        } else if text.iter().all(u8::is_ascii_whitespace) {
            ma + page[ma..]
                .iter()
                .take_while(|c| c.is_ascii_whitespace())
                .count()
        } else {
            return self.resync(s, range, ma);
        };
        // A rewritten tag: where the page's tag there ends.
        let tags = &self.along.layout.tags;
        if let Ok(k) = tags.binary_search_by_key(&page_text_end, |t| t.0) {
            self.anchor = Some((range.end, tags[k].1));
        }
    }

    /// After text that differs, along a sibling: the copy's tag `range`
    /// matches the same tag among the next few of the page's after
    /// `ma`, before the page's `<main>`; inside it, the pages' own
    /// contents differ and the reading rests until `</main>`.
    fn resync(&mut self, s: &[u8], range: Range<usize>, ma: usize) {
        if !self.sibling {
            return;
        }
        let layout = self.along.layout;
        if layout.main.is_none_or(|m| ma >= m) {
            self.dormant = true;
            return;
        }
        let tag = &s[range.clone()];
        let first = layout.tags.partition_point(|t| t.0 < ma);
        self.anchor = layout.tags[first..]
            .iter()
            .take(4)
            .find(|t| self.along.page.get(t.0..t.1) == Some(tag))
            .map(|t| (range.end, t.1));
    }

    /// At a break of the copy at `i` (right after a block-level tag, just
    /// passed to [`Follow::tag`]): the place to go on reading from, past
    /// the bytes that are the page's, if there are any to skip, and those
    /// bytes of the page. Along a sibling the stretch may hold marks.
    #[inline]
    pub(super) fn skip(&mut self, s: &[u8], i: usize) -> Option<(usize, Range<usize>)> {
        match self.anchor {
            Some((sa, m)) if sa == i && !self.dormant => self.skip_at(s, i, m),
            _ => None,
        }
    }

    fn skip_at(&mut self, s: &[u8], i: usize, m: usize) -> Option<(usize, Range<usize>)> {
        let layout = self.along.layout;
        if layout.breaks.binary_search(&m).is_err() {
            return None;
        }
        let limit = if self.sibling {
            self.along.page.len()
        } else {
            let mark = layout.marks.partition_point(|&p| p < m);
            layout
                .marks
                .get(mark)
                .copied()
                .unwrap_or(self.along.page.len())
        };
        let same = common_prefix(&s[i..], &self.along.page[m..limit]);
        let q = layout.breaks[..layout.breaks.partition_point(|&b| b <= m + same)]
            .last()
            .copied()?;
        if q <= m {
            return None;
        }
        let to = i + (q - m);
        self.anchor = Some((to, q));
        self.skipped += q - m;
        Some((to, m..q))
    }
}

/// How many bytes `a` and `b` share at their start.
pub(super) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 16 <= n {
        let x = u128::from_ne_bytes(a[i..i + 16].try_into().unwrap_or_default());
        let y = u128::from_ne_bytes(b[i..i + 16].try_into().unwrap_or_default());
        if x != y {
            break;
        }
        i += 16;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

#[cfg(test)]
#[path = "align_tests.rs"]
mod tests;
