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

/// What reading a page recorded for reading a copy along it.
#[derive(Debug, Default)]
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
        }
    }

    /// Record a tag read at `range`: `block` if it ends a block of text
    /// (and is not a raw text element's start tag), `placed` if its
    /// reading depends on the file's place.
    pub(super) fn tag(&mut self, range: Range<usize>, block: bool, placed: bool, main: bool) {
        if block {
            self.breaks.push(range.end);
        }
        if placed {
            self.marks.push(range.start);
        }
        if main && self.main.is_none() {
            self.main = Some(range.end);
        }
        self.tags.push((range.start, range.end));
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
    /// Bytes of the copy taken as read.
    pub(super) skipped: usize,
}

impl<'p> Follow<'p> {
    pub(super) fn new(along: Along<'p>) -> Self {
        Follow {
            along,
            anchor: None,
            started: false,
            skipped: 0,
        }
    }

    /// The copy's reader read the tag at `range` of `s`: find the page's
    /// place after it. The first tag (the section's own) matches the end
    /// of the page's `<main>` start tag; each later one matches the
    /// page's tag that follows the matched bytes, text of only white
    /// space matching text of only white space.
    pub(super) fn tag(&mut self, s: &[u8], range: Range<usize>) {
        if !self.started {
            self.started = true;
            self.anchor = self.along.layout.main.map(|m| (range.end, m));
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
            return;
        };
        // A rewritten tag: where the page's tag there ends.
        let tags = &self.along.layout.tags;
        if let Ok(k) = tags.binary_search_by_key(&page_text_end, |t| t.0) {
            self.anchor = Some((range.end, tags[k].1));
        }
    }

    /// At a break of the copy at `i` (right after a block-level tag, just
    /// passed to [`Follow::tag`]): the place to go on reading from, past
    /// the bytes that are the page's, if there are any to skip.
    pub(super) fn skip(&mut self, s: &[u8], i: usize) -> Option<usize> {
        let (sa, m) = self.anchor?;
        let layout = self.along.layout;
        if sa != i || layout.breaks.binary_search(&m).is_err() {
            return None;
        }
        let mark = layout.marks.partition_point(|&p| p < m);
        let limit = layout
            .marks
            .get(mark)
            .copied()
            .unwrap_or(self.along.page.len());
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
        Some(to)
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
mod tests {
    use super::*;
    use crate::gate::html::{Read, Reading, read_with};

    /// Pieces of a page's `<main>`: block and inline tags, URLs of every
    /// kind, raw text elements, comments, entities and personal data.
    const BODY: &[&str] = &[
        "<p>",
        "</p>",
        "<h2 id=\"a\">",
        "</h2>",
        "<em>",
        "</em>",
        "Text ",
        "070",
        "-123 45 67",
        "850101-1236",
        "anna@exempel.se",
        "<a href=\"../b.html\">",
        "<a href=\"https://scb.se\">",
        "</a>",
        "<img src=\"../bild.png\" alt=\"karta 070 123\">",
        "<!-- c 4567 -->",
        "<td>",
        "</td>",
        "<script>var u = '//cdn.example/x.js';</script>",
        "<style>p { background: url(../x.png) }</style>",
        "<span style=\"background:url(../x.png)\">",
        "</span>",
        "\n",
        "å",
        "&amp;",
        "&#48;",
        "<br>",
        "<li>",
        "</li>",
        "<title>t</title>",
    ];

    /// Paragraphs, emphasis and text.
    const PROSE: &[&str] = &[
        "<p>",
        "</p>",
        "<em>",
        "</em>",
        "Text ",
        "070",
        "-123 45 67",
        "å",
        "\n",
    ];

    /// What the print page's rewriting, and a careless or hostile
    /// change, may make of a piece in the section.
    fn changed(piece: &str, roll: u64) -> String {
        match (piece, roll % 9) {
            ("<h2 id=\"a\">", _) => "<h3 id=\"fas-sida--a\">".into(),
            ("</h2>", _) => "</h3>".into(),
            ("<a href=\"../b.html\">", 0..=4) => "<a href=\"#b\">".into(),
            ("<a href=\"../b.html\">", _) => "<a>".into(),
            ("<img src=\"../bild.png\" alt=\"karta 070 123\">", _) => {
                "<img src=\"bild.png\" alt=\"karta 070 123\">".into()
            }
            (p, 0) => format!("{p}0701234567"),
            (p, 1) => format!("{p}<a href=\"../javascript:alert(1)\">x</a>"),
            (p, 2) => format!("<img src=\"//evil.example/p.png\">{p}"),
            (p, 3) => format!("{p}<p>8501011236</p>"),
            // An inline tag made a block one and back.
            (p, 4) => p.replace("<em>", "<td>").replace("</p>", "</b>"),
            (p, _) => p.into(),
        }
    }

    /// What reading a file found, but its text.
    fn judged(r: &Read) -> impl PartialEq + std::fmt::Debug + '_ {
        (
            &r.cuts,
            &r.removed,
            &r.remote_kept,
            &r.links,
            &r.refs,
            &r.script_hosts,
        )
    }

    fn texts(r: &Read) -> Vec<String> {
        let mut all = r.reader.clone();
        all.extend(r.other.iter().cloned());
        all.push(r.geometry.clone());
        all
    }

    /// A section read along its page judges every URL as read alone and
    /// misses no personal data that is not the page's; unchanged, most
    /// of it is taken as read.
    #[test]
    fn a_section_read_along_its_page_finds_what_it_holds() {
        let mut next = crate::gate::xorshift(0xD1B5_4A32_D192_ED03);
        let (mut skipped, mut total, mut with_hits) = (0, 0, 0);
        for round in 0..4_000u32 {
            let n = 1 + (next() % 40) as usize;
            // Every fourth section is the page's main as the print page
            // makes it, of paragraphs (no URL, no heading: what skipping
            // is for); the others are changed here and there.
            let changes = !round.is_multiple_of(4);
            let pieces = if changes { BODY } else { PROSE };
            let body: Vec<&str> = (0..n)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            let page = format!(
                "<!DOCTYPE html><html><head><title>T</title>\
                 <link rel=\"stylesheet\" href=\"../style.css\"></head>\
                 <body><nav><a href=\"../index.html\">Hem</a></nav><main id=\"main\">\n{}</main>\
                 <footer><a href=\"../print.html\">Skriv ut</a></footer></body></html>",
                body.concat()
            );
            let inner: String = body
                .iter()
                .map(|p| {
                    let roll = next();
                    if changes && roll.is_multiple_of(5) {
                        changed(p, roll / 5)
                    } else {
                        changed(p, 8)
                    }
                })
                .collect();
            let section =
                format!("<section id=\"fas-sida\" class=\"print-section\">\n{inner}\n</section>\n");
            let how = Reading {
                want_text: true,
                ..Reading::default()
            };
            let read = read_with(
                &page,
                "fas/sida.html",
                Reading {
                    record: true,
                    ..how
                },
            );
            let alone = read_with(&section, "print.html", how);
            let along = Along {
                page: page.as_bytes(),
                layout: &read.layout,
            };
            let along = read_with(
                &section,
                "print.html",
                Reading {
                    along: Some(along),
                    ..how
                },
            );
            assert_eq!(judged(&along), judged(&alone), "{page}\n{section}");
            let all = crate::gate::scan::personal_data(&texts(&alone));
            with_hits += usize::from(!all.is_empty());
            let mut either = crate::gate::scan::personal_data(&texts(&read));
            either.extend(crate::gate::scan::personal_data(&texts(&along)));
            for hit in &all {
                assert!(either.contains(hit), "{hit:?}\n{page}\n{section}");
            }
            if !changes {
                skipped += along.skipped;
                total += inner.len();
            }
        }
        assert!(with_hits > 1_000, "{with_hits}");
        assert!(skipped * 10 > total * 8, "{skipped} of {total}");
    }

    #[test]
    fn common_prefixes() {
        let a: Vec<u8> = (0..100u8).collect();
        for k in 0..100 {
            let mut b = a.clone();
            b[k] ^= 1;
            assert_eq!(common_prefix(&a, &b), k);
            assert_eq!(common_prefix(&a[..k], &b), k);
        }
        assert_eq!(common_prefix(&a, &a), 100);
    }
}
