//! Reading published HTML and SVG as a browser and a reader do: every
//! URL-bearing attribute (checked against the URL policy, removed when
//! refused) and the text (markup removed, inline markup and comments
//! joining their neighbours, attribute values decoded).

use std::ops::Range;

use memchr::memchr;

use super::align::{Along, Follow, Layout, Model};
use super::blocks;
use super::html_names::{Kind, loaded, not_text, url_attr};
use super::html_scan::{ATTR_NAME, Lines, NAME, find, find_ci, lower_if, scan_name};
use super::raw::{Block, keep_as_written, keep_block};
use super::text::decode_entities;
use super::url::{Refused, Target, classify};

/// What stands between the texts of two blocks: not a space, so that
/// neighbouring table cells (`20`, `45`, `12`, `34`) never read as one
/// number.
pub const BLOCK_BREAK: &str = " \u{A6} ";

/// One refused URL attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// The attribute name (lower case).
    pub attr: String,
    /// The element.
    pub tag: String,
    pub why: Refused,
    /// 1-based line in the file.
    pub line: usize,
}

/// Cut a refused attribute (with the space before it) out of the file's
/// bytes and record why.
fn cut_attribute(
    r: &mut Read,
    b: &[u8],
    attr: std::ops::Range<usize>,
    name: &str,
    tag: &str,
    why: Refused,
    line: usize,
) {
    let mut s = attr.start;
    while s > 0 && b[s - 1].is_ascii_whitespace() {
        s -= 1;
    }
    r.cuts.push(s..attr.end);
    r.removed.push(Removed {
        attr: name.to_string(),
        tag: tag.to_string(),
        why,
        line,
    });
}

/// What reading a file found.
#[derive(Debug, Default)]
pub struct Read {
    /// Byte ranges of attributes to cut (sorted, not overlapping).
    pub cuts: Vec<Range<usize>>,
    pub removed: Vec<Removed>,
    /// Remote resources kept (with `allow_raw_html`).
    pub remote_kept: Vec<Removed>,
    /// The blocks of the text a reader sees (a paragraph, a table cell,
    /// an SVG label; inline markup and comments join their neighbours),
    /// decoded, that may hold personal data: of the others, whose bytes
    /// could not make them a candidate even before decoding
    /// ([`blocks::Raw`]), nothing is copied.
    pub reader: Vec<String>,
    /// The same for attribute values, comments and the text of scripts,
    /// `<title>` and `<textarea>`: each a block of its own.
    pub other: Vec<String>,
    /// Values of geometry attributes (`d`, `points`, …), where only
    /// identity numbers (validated by check digits) are looked for.
    pub geometry: String,
    /// Site paths the file links to (`a href`, `area href`), with the
    /// line, for the check that every link leads to a published file.
    pub links: Vec<(String, usize)>,
    /// Where each link's attribute starts.
    pub(super) link_at: Vec<usize>,
    /// Every other site path the file refers to (images, sources, CSS
    /// `url()`); with the targets of `links`, the attachments it makes
    /// published.
    pub refs: Vec<String>,
    /// Where each reference's attribute or `<style>` element starts.
    pub(super) ref_at: Vec<usize>,
    /// Other hosts named in the strings of inline scripts, with the line.
    pub script_hosts: Vec<(String, usize)>,
    /// Where the reader held nothing, and the tags that depend on the
    /// file's place ([`Reading::record`]).
    pub layout: Layout,
    /// Bytes taken as read: the page's, read along it ([`Reading::along`]).
    pub skipped: usize,
}

/// The refused URLs of `css` (from the file at site path `from`, starting
/// on line `line`, at byte `offset` of the file): the byte ranges to cut
/// (shifted by `offset`) and why, with the line. Remote loads are refused
/// unless `keep_remote` (then they are noted in `r.remote_kept`).
pub fn css_refused(
    css: &str,
    from: &str,
    keep_remote: bool,
    r: &mut Read,
    tag: &str,
    line: usize,
    offset: usize,
) -> Vec<(Range<usize>, (usize, Refused))> {
    let mut out: Vec<(Range<usize>, (usize, Refused))> = Vec::new();
    for u in super::css::urls(css) {
        let at_line = line + u.line - 1;
        let why = match classify(&u.url, from) {
            Err(why) => why,
            Ok(Target::External { .. }) if keep_remote => {
                r.remote_kept.push(Removed {
                    attr: "url()".into(),
                    tag: tag.into(),
                    why: Refused::Remote,
                    line: at_line,
                });
                continue;
            }
            // A `mailto:` or web address in CSS is loaded, never clicked.
            Ok(Target::External { .. }) => Refused::Remote,
            Ok(Target::Site(p)) => {
                r.refs.push(p);
                continue;
            }
            Ok(Target::Same) => continue,
        };
        let cut = u.cut.start + offset..u.cut.end + offset;
        // `image-set()` names several URLs with one range: cut it once.
        if out.last().is_some_and(|(c, _)| c.end > cut.start) {
            continue;
        }
        out.push((cut, (at_line, why)));
    }
    out
}

/// Whether a `style` value (before entity decoding) may name a URL: a
/// URL in CSS needs a function's `(` or an `@import` (an escape cannot
/// make either), and an entity may decode to one.
fn style_may_load(raw: &[u8]) -> bool {
    memchr::memchr3(b'(', b'@', b'&', raw).is_some()
}

/// How to read a file ([`read_with`]).
#[derive(Clone, Copy, Default)]
pub struct Reading<'p> {
    /// Images and media from other hosts stay (and are reported).
    pub keep_remote: bool,
    /// Read the text too ([`Read::reader`], [`Read::other`],
    /// [`Read::geometry`]).
    pub want_text: bool,
    /// Record the file's [`Layout`] ([`Read::layout`]), for a copy of it
    /// to be read along it.
    pub record: bool,
    /// Read the file along a page read before: what is the page's is
    /// taken as read ([`super::align`]).
    pub along: Option<Along<'p>>,
    /// Read the file along another page of its folder read before ([`Model`]): what
    /// is that page's is taken as read, with its links and references.
    pub sibling: Option<&'p Model>,
    /// Keep every block of text, whether or not it may hold personal
    /// data (tests compare the two).
    pub(super) all: bool,
}

/// Read `html` (the file at site path `from`). With `keep_remote`, images
/// and media from other hosts stay (and are reported). With `want_text`,
/// the text is read too ([`Read::reader`], [`Read::other`],
/// [`Read::geometry`]).
pub fn read(html: &str, from: &str, keep_remote: bool, want_text: bool) -> Read {
    read_with(
        html,
        from,
        Reading {
            keep_remote,
            want_text,
            ..Reading::default()
        },
    )
}

/// [`read`], as `how` says.
pub fn read_with(html: &str, from: &str, how: Reading<'_>) -> Read {
    let Reading {
        keep_remote,
        want_text,
        all,
        ..
    } = how;
    let b = html.as_bytes();
    let mut r = Read::default();
    let mut follow = match (how.along, how.sibling) {
        (Some(along), _) => Some(Follow::new(along)),
        (None, Some(model)) => Some(Follow::sibling(model)),
        (None, None) => None,
    };
    let sibling = how.sibling.filter(|_| how.along.is_none());
    // The model's lines, for the links taken from it.
    let mut model_lines = sibling.map(|m| Lines::new(&m.bytes));
    if how.record {
        r.layout = Layout::for_len(html.len());
    }
    let mut block = Block {
        all,
        ..Block::default()
    };
    let mut i = 0;
    // Lines are counted only up to where one is asked for (a URL, a
    // style or a script), once.
    let mut lines = Lines::new(b);
    let mut text_start = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        if want_text {
            block.add(b, text_start..lt);
        }
        i = lt;
        if b[i + 1..].starts_with(b"!--") {
            let end = find(b, i + 4, b"-->").map_or(b.len(), |e| e + 3);
            if want_text {
                keep_as_written(&mut r.other, &html[i..end], all);
            }
            i = end;
            text_start = i;
            continue;
        }
        let closing = b.get(i + 1) == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        let (name_end, upper) = scan_name(b, name_start, &NAME);
        let name_len = name_end - name_start;
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            if matches!(b.get(i + 1), Some(b'!' | b'?')) {
                let end = memchr(b'>', &b[i..]).map_or(b.len(), |e| i + e + 1);
                i = end;
                text_start = i;
            } else {
                // A lone `<` is text.
                text_start = i;
                i += 1;
            }
            continue;
        }
        let tag = lower_if(&html[name_start..name_end], upper);
        let kind = Kind::of(&tag);
        let mut j = name_end;
        // `<link rel="canonical">` names the page's own public address: a
        // link, not a request (the theme writes `rel` before `href`).
        let mut rel_names_only = false;
        // Whether reading the tag depends on the file's place (a URL or
        // a style that may load).
        let mut placed = false;
        // Attributes.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let attr_start = j;
            let upper;
            (j, upper) = scan_name(b, attr_start, &ATTR_NAME);
            let name = lower_if(&html[attr_start..j], upper);
            let mut k = j;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            let mut value: Option<Range<usize>> = None;
            if k < b.len() && b[k] == b'=' {
                k += 1;
                while k < b.len() && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                if k < b.len() && (b[k] == b'"' || b[k] == b'\'') {
                    let q = b[k];
                    let end = memchr(q, &b[k + 1..]).map_or(b.len(), |e| k + 1 + e);
                    value = Some(k + 1..end);
                    j = (end + 1).min(b.len());
                } else {
                    let start = k;
                    while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                        k += 1;
                    }
                    value = Some(start..k);
                    j = k;
                }
            }
            if j == attr_start {
                j += 1;
                continue;
            }
            let Some(v) = value else { continue };
            let raw = &html[v.clone()];
            if name == "rel" && tag == "link" {
                rel_names_only = raw.eq_ignore_ascii_case("canonical");
            }
            let is_url = url_attr(&name);
            if !closing && is_url {
                placed = true;
                // The line, counted only if a link or a removal needs it
                // (most URLs of the print page are its own fragments).
                let mut at_line = None;
                let loaded = loaded(&name)
                    || (name == "href" && tag == "link" && !rel_names_only)
                    || (name == "href" && matches!(&*tag, "image" | "use"))
                    || (name == "xlink:href" && matches!(&*tag, "image" | "use"));
                let link = matches!(&*tag, "a" | "area");
                let mut refused = None;
                let mut judge = |u: &str| {
                    let mut line = || *at_line.get_or_insert_with(|| lines.at(attr_start));
                    match classify(u, from) {
                        Err(why) => refused = Some(why),
                        Ok(Target::External { web: true }) if loaded => {
                            if keep_remote {
                                r.remote_kept.push(Removed {
                                    attr: name.to_string(),
                                    tag: tag.to_string(),
                                    why: Refused::Remote,
                                    line: line(),
                                });
                            } else {
                                refused = Some(Refused::Remote);
                            }
                        }
                        Ok(Target::Site(p)) if link => r.links.push((p, line())),
                        Ok(Target::Site(p)) => r.refs.push(p),
                        Ok(_) => {}
                    }
                };
                if name.ends_with("srcset") {
                    raw.split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .for_each(&mut judge);
                } else if name == "ping" || name == "archive" {
                    raw.split_whitespace().for_each(&mut judge);
                } else {
                    judge(raw);
                }
                note_at(&mut r, attr_start);
                if let Some(why) = refused {
                    let at_line = at_line.unwrap_or_else(|| lines.at(attr_start));
                    cut_attribute(&mut r, b, attr_start..j, &name, &tag, why, at_line);
                    continue;
                }
            }
            if !closing && name == "style" && style_may_load(raw.as_bytes()) {
                // `url(…)` in a style attribute loads like `src`.
                placed = true;
                let at_line = lines.at(attr_start);
                let decoded = decode_entities(raw);
                let refused = css_refused(&decoded, from, keep_remote, &mut r, &tag, at_line, 0)
                    .into_iter()
                    .next();
                note_at(&mut r, attr_start);
                if let Some(why) = refused {
                    cut_attribute(&mut r, b, attr_start..j, &name, &tag, (why.1).1, at_line);
                    continue;
                }
            }
            if !want_text || raw.is_empty() {
                continue;
            }
            if not_text(&name) {
                if all || blocks::raw_notable(raw.as_bytes(), false) {
                    r.geometry.push_str(BLOCK_BREAK);
                    r.geometry.push_str(&decode_entities(raw));
                }
            } else if is_url {
                keep_block(&mut r.other, raw, true, all, |v| {
                    std::borrow::Cow::Owned(
                        super::text::decode_percent(&decode_entities(v)).into_owned(),
                    )
                });
            } else {
                keep_block(&mut r.other, raw, false, all, decode_entities);
            }
        }
        let end = if j < b.len() { j + 1 } else { b.len() };
        i = end;
        text_start = i;
        if let Some(f) = &mut follow {
            f.tag(b, lt..end, closing && kind == Kind::Main);
        }
        let block_level = kind != Kind::Inline;
        if want_text && block_level {
            // A block boundary (table cells, list items, SVG labels): the
            // texts either side are not one number.
            block.end(html, &mut r.reader);
        }
        let raw_text = !closing && kind.raw_text();
        if how.record {
            // A `<style>` element's URLs, and the hosts a script names
            // (reported for each file), are read in each file.
            let placed = placed || (raw_text && matches!(kind, Kind::Style | Kind::Script));
            r.layout.tag(
                lt..end,
                block_level && !raw_text,
                placed,
                (kind == Kind::Main).then_some(!closing),
            );
        }
        if block_level && !raw_text {
            // Nothing is held here: what follows that is the page's
            // (read along it) was read with it.
            if let Some((to, from)) = follow.as_mut().and_then(|f| f.skip(b, i)) {
                if let (Some(model), Some(model_lines)) = (sibling, model_lines.as_mut()) {
                    // The same bytes in the same folder: the same links
                    // and references, lines moved.
                    model.carry(&mut r, from.clone(), i, || {
                        lines.at(i) as isize - model_lines.at(from.start) as isize
                    });
                    if how.record {
                        r.layout.copy(&model.layout, from, i);
                    }
                }
                i = to;
                text_start = to;
            }
        }
        // Raw text elements: their content is not markup.
        if raw_text {
            let close = format!("</{tag}");
            let end = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
            if kind == Kind::Style {
                let line = lines.at(i);
                let refused = css_refused(&html[i..end], from, keep_remote, &mut r, &tag, line, i);
                note_at(&mut r, lt);
                for (cut, why) in refused {
                    r.cuts.push(cut);
                    r.removed.push(Removed {
                        attr: "url()".into(),
                        tag: tag.to_string(),
                        why: why.1,
                        line: why.0,
                    });
                }
            } else if kind == Kind::Script {
                for (host, at) in super::css::script_hosts(&html[i..end]) {
                    let line = lines.at(i);
                    r.script_hosts.push((host, line + at - 1));
                }
            }
            if want_text && kind != Kind::Style {
                if kind == Kind::Script {
                    keep_as_written(&mut r.other, &html[i..end], all);
                } else {
                    keep_block(&mut r.other, &html[i..end], false, all, decode_entities);
                }
            }
            i = end;
            text_start = i;
        }
    }
    if want_text {
        block.add(b, text_start..b.len());
        block.end(html, &mut r.reader);
    }
    r.skipped = follow.map_or(0, |f| f.skipped);
    r
}

/// Note where the links and references collected since the last note
/// are: at `at`.
fn note_at(r: &mut Read, at: usize) {
    r.link_at.resize(r.links.len(), at);
    r.ref_at.resize(r.refs.len(), at);
}

/// `html` without the byte ranges `cuts` (sorted, not overlapping).
pub fn cut(html: &[u8], cuts: &[Range<usize>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    let mut at = 0;
    for c in cuts {
        if c.start >= at {
            out.extend_from_slice(&html[at..c.start]);
            at = c.end;
        }
    }
    out.extend_from_slice(&html[at.min(html.len())..]);
    out
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
