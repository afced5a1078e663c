//! Reading published HTML and SVG as a browser and a reader do: every
//! URL-bearing attribute (checked against the URL policy, removed when
//! refused) and the text (markup removed, inline markup and comments
//! joining their neighbours, attribute values decoded).

use std::ops::Range;

use memchr::memchr;

use super::blocks;
use super::html_names::{inline, loaded, not_text, url_attr};
use super::html_scan::{ATTR_NAME, Lines, NAME, find, find_ci, lower_if, scan_name};
use super::raw::{Block, keep_block};
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
    /// Every other site path the file refers to (images, sources, CSS
    /// `url()`); with the targets of `links`, the attachments it makes
    /// published.
    pub refs: Vec<String>,
    /// Other hosts named in the strings of inline scripts, with the line.
    pub script_hosts: Vec<(String, usize)>,
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

/// Read `html` (the file at site path `from`). With `keep_remote`, images
/// and media from other hosts stay (and are reported). With `want_text`,
/// the text is read too ([`Read::reader`], [`Read::other`],
/// [`Read::geometry`]).
pub fn read(html: &str, from: &str, keep_remote: bool, want_text: bool) -> Read {
    read_as(html, from, keep_remote, want_text, false)
}

/// [`read`]; with `all`, every block of text is kept, whether or not it
/// may hold personal data (tests compare the two).
fn read_as(html: &str, from: &str, keep_remote: bool, want_text: bool, all: bool) -> Read {
    let b = html.as_bytes();
    let mut r = Read::default();
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
                keep_block(
                    &mut r.other,
                    &html[i..end],
                    false,
                    all,
                    std::borrow::Cow::Borrowed,
                );
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
        let mut j = name_end;
        // `<link rel="canonical">` names the page's own public address: a
        // link, not a request (the theme writes `rel` before `href`).
        let mut rel_names_only = false;
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
                let at_line = lines.at(attr_start);
                let loaded = loaded(&name)
                    || (name == "href" && tag == "link" && !rel_names_only)
                    || (name == "href" && matches!(&*tag, "image" | "use"))
                    || (name == "xlink:href" && matches!(&*tag, "image" | "use"));
                let link = matches!(&*tag, "a" | "area");
                let mut refused = None;
                let mut judge = |u: &str| match classify(u, from) {
                    Err(why) => refused = Some(why),
                    Ok(Target::External { web: true }) if loaded => {
                        if keep_remote {
                            r.remote_kept.push(Removed {
                                attr: name.to_string(),
                                tag: tag.to_string(),
                                why: Refused::Remote,
                                line: at_line,
                            });
                        } else {
                            refused = Some(Refused::Remote);
                        }
                    }
                    Ok(Target::Site(p)) if link => r.links.push((p, at_line)),
                    Ok(Target::Site(p)) => r.refs.push(p),
                    Ok(_) => {}
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
                if let Some(why) = refused {
                    cut_attribute(&mut r, b, attr_start..j, &name, &tag, why, at_line);
                    continue;
                }
            }
            if !closing && name == "style" && style_may_load(raw.as_bytes()) {
                // `url(…)` in a style attribute loads like `src`.
                let at_line = lines.at(attr_start);
                let decoded = decode_entities(raw);
                let refused = css_refused(&decoded, from, keep_remote, &mut r, &tag, at_line, 0)
                    .into_iter()
                    .next();
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
        if want_text && !inline(&tag) {
            // A block boundary (table cells, list items, SVG labels): the
            // texts either side are not one number.
            block.end(html, &mut r.reader);
        }
        // Raw text elements: their content is not markup.
        if !closing && matches!(&*tag, "script" | "style" | "textarea" | "title") {
            let close = format!("</{tag}");
            let end = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
            if tag == "style" {
                let line = lines.at(i);
                for (cut, why) in
                    css_refused(&html[i..end], from, keep_remote, &mut r, &tag, line, i)
                {
                    r.cuts.push(cut);
                    r.removed.push(Removed {
                        attr: "url()".into(),
                        tag: tag.to_string(),
                        why: why.1,
                        line: why.0,
                    });
                }
            } else if tag == "script" {
                for (host, at) in super::css::script_hosts(&html[i..end]) {
                    let line = lines.at(i);
                    r.script_hosts.push((host, line + at - 1));
                }
            }
            if want_text && tag != "style" {
                if tag == "script" {
                    keep_block(
                        &mut r.other,
                        &html[i..end],
                        false,
                        all,
                        std::borrow::Cow::Borrowed,
                    );
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
    r
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
mod tests {
    use super::*;

    #[test]
    fn attribute_and_element_names() {
        assert!(url_attr("href") && url_attr("xlink:href") && !url_attr("class"));
        assert!(loaded("src") && loaded("srcset") && !loaded("href"));
        assert!(not_text("class") && not_text("viewbox") && !not_text("alt"));
        assert!(inline("em") && inline("tspan") && !inline("td"));
    }

    #[test]
    fn refused_urls_are_cut_and_named() {
        let html = "<p><a class=\"x\" href=\"../java&#x73;cript:alert(1)\">x</a>\n<img src='//evil.example/p.png' alt=\"karta\"></p>";
        let r = read(html, "a/b.html", false, true);
        assert_eq!(r.removed.len(), 2);
        assert_eq!(r.removed[0].attr, "href");
        assert_eq!(r.removed[1].line, 2);
        let out = String::from_utf8(cut(html.as_bytes(), &r.cuts)).unwrap();
        assert_eq!(out, "<p><a class=\"x\">x</a>\n<img alt=\"karta\"></p>");
    }

    #[test]
    fn remote_images_go_unless_raw_html_is_allowed() {
        let html = "<img src=\"https://tracker.example/p.gif\"><a href=\"https://scb.se\">SCB</a>";
        let r = read(html, "index.html", false, false);
        assert_eq!(r.removed.len(), 1);
        assert_eq!(r.removed[0].why, Refused::Remote);
        let r = read(html, "index.html", true, false);
        assert!(r.removed.is_empty());
        assert_eq!(r.remote_kept.len(), 1);
    }

    #[test]
    fn a_canonical_link_is_no_request_but_a_remote_stylesheet_is() {
        let html = "<link rel=\"canonical\" href=\"https://example.org/r/index.html\">\
                    <link rel=\"stylesheet\" href=\"https://cdn.example/x.css\">";
        let r = read(html, "index.html", false, false);
        assert_eq!(r.removed.len(), 1);
        assert_eq!(r.removed[0].why, Refused::Remote);
        assert_eq!(r.removed[0].line, 1);
    }

    #[test]
    fn text_joins_inline_markup_and_comments() {
        let html =
            "<p>Ring <em>070</em>-123<!-- x -->&#32;45&nbsp;67</p><td>45</td><td>123456</td>";
        let r = read_as(html, "index.html", false, true, true);
        assert_eq!(r.reader, ["Ring 070-123 45\u{a0}67", "45", "123456"]);
        assert_eq!(r.other, ["<!-- x -->"]);
    }

    #[test]
    fn only_blocks_that_may_hold_personal_data_are_kept() {
        let html = "<p>Välkommen <em>till</em> Ekby</p><p>Ring 070-<b>123</b> 4</p>\
                    <p title=\"Sida 3\" class=\"x\">Mötet &amp; fikat</p>\
                    <a href=\"a%40b.se\">x</a><!-- ok --><td>12 %</td><td>(0)</td>";
        let r = read(html, "index.html", false, true);
        // Prose without seven digits, an `@`, a bracket or an unusual
        // character is not copied; an entity may decode to anything, so
        // its block is.
        assert_eq!(r.reader, ["Ring 070-123 4", "Mötet & fikat", "(0)"]);
        // A URL's percent escapes are decoded.
        assert_eq!(r.other, ["a@b.se"]);
        assert!(read(html, "index.html", false, false).reader.is_empty());
    }

    /// The shortcut against reading every block: generated HTML (inline
    /// and block elements, entities, comments, attributes, scripts)
    /// finds the same personal data read either way.
    #[test]
    fn the_kept_blocks_find_what_all_blocks_find() {
        use crate::check::privacy::{canonical, scan_text};
        use crate::gate::text::{deglue, normalise};
        const PIECES: &[&str] = &[
            "070",
            "-123",
            " 45 67",
            "8501011236",
            "850101",
            "-1236",
            "anna",
            "@",
            "&#64;",
            "&#x40;",
            "&commat;",
            "exempel.se",
            " [at] ",
            "&#48;",
            "&#55;",
            "7",
            "&amp;",
            "&nbsp;",
            "&shy;",
            "<em>",
            "</em>",
            "<b>",
            "</b>",
            "<span class=x>",
            "</span>",
            "<p>",
            "</p>",
            "<td>",
            "<br>",
            "<!-- c -->",
            "<!-- 070 123 45 67 -->",
            "<a href=\"a%40b.se\">",
            "</a>",
            "<a title=\"070 12345\">",
            "<script>var t = '0701234567';</script>",
            "<title>070 1234567</title>",
            "<path d=\"M 8501011236\"/>",
            "Ring ",
            "å",
            "¦",
            "\u{200B}",
            "\n",
            "(at)",
            "x",
        ];
        let found = |texts: &[String]| -> Vec<(crate::check::privacy::Kind, String)> {
            let mut out: Vec<_> = texts
                .iter()
                .flat_map(|t| {
                    let norm = normalise(t);
                    let norm = deglue(&norm).into_owned();
                    scan_text(&norm)
                        .into_iter()
                        .map(|h| (h.kind, canonical(h.kind, &norm[h.range])))
                        .collect::<Vec<_>>()
                })
                .collect();
            out.sort();
            out.dedup();
            out
        };
        let mut next = crate::gate::xorshift(0x2545_F491_4F6C_DD1D);
        let mut with_hits = 0;
        for _ in 0..20_000 {
            let n = 1 + (next() % 16) as usize;
            let html: String = (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let kept = read(&html, "a/b.html", false, true);
            let every = read_as(&html, "a/b.html", false, true, true);
            let all = found(&every.reader);
            with_hits += usize::from(!all.is_empty());
            assert_eq!(found(&kept.reader), all, "{html:?}");
            assert_eq!(found(&kept.other), found(&every.other), "{html:?}");
            assert_eq!(
                found(std::slice::from_ref(&kept.geometry)),
                found(std::slice::from_ref(&every.geometry)),
                "{html:?}"
            );
        }
        assert!(with_hits > 2_000, "{with_hits}");
    }

    #[test]
    fn links_to_site_pages_are_collected() {
        let html = "<a href=\"../intern.html#x\">i</a><link href=\"style.css\" rel=stylesheet>";
        let r = read(html, "fas/a.html", false, false);
        assert_eq!(r.links, vec![("intern.html".to_string(), 1)]);
    }
}
