//! Raw HTML written in Markdown, made safe with ammonia.
//!
//! pulldown-cmark hands raw HTML over in pieces: an HTML block at a time
//! (and `<details>` … Markdown … `</details>` is two blocks with a
//! paragraph between), inline tags one by one (`<abbr title="…">`, then
//! the text, then `</abbr>`). Cleaning each piece alone would break those
//! pairs, so a page is cleaned as one document: the HTML kartsite wrote
//! itself (paragraphs, links, charts) is swapped for placeholders, the
//! author's HTML stays as written, ammonia cleans the whole, and the
//! placeholders are swapped back. kartsite's own HTML is never reparsed,
//! so a page without raw HTML comes out exactly as before.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::LazyLock;

use pulldown_cmark::CowStr;

/// Stands in the rendered HTML where a piece of raw HTML was. A Unicode
/// noncharacter: never in real text (the source is scrubbed of it first).
pub(super) const MARK: char = '\u{FDD0}';
/// `MARK` as a string.
pub(super) const MARK_STR: &str = "\u{FDD0}";
/// `MARK` and a line break.
pub(super) const MARK_NL: &str = "\u{FDD0}\n";
/// Closes a placeholder (`MARK`, index, `END`) in the document ammonia sees.
const END: char = '\u{FDD1}';

/// Elements an author may write. Everything else is removed (its text
/// stays, except for the elements in `DROP_WITH_CONTENT`).
pub(super) const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Removed together with everything inside them.
const DROP_WITH_CONTENT: &[&str] = &["script", "style", "template", "noscript"];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let set = |v: &[&'static str]| v.iter().copied().collect::<HashSet<_>>();
    let mut b = ammonia::Builder::empty();
    b.tags(set(ALLOWED_TAGS))
        .clean_content_tags(set(DROP_WITH_CONTENT))
        .generic_attributes(set(&["class", "title", "lang", "dir"]))
        .tag_attributes(
            [
                ("a", set(&["href", "hreflang"])),
                ("img", set(&["src", "alt", "width", "height"])),
                ("td", set(&["colspan", "rowspan"])),
                ("th", set(&["colspan", "rowspan", "scope"])),
                ("col", set(&["span"])),
                ("colgroup", set(&["span"])),
                ("ol", set(&["start", "reversed", "type"])),
                ("li", set(&["value"])),
                ("details", set(&["open"])),
                ("time", set(&["datetime"])),
            ]
            .into_iter()
            .collect(),
        )
        // No data: (not even images), no javascript:/vbscript:.
        .url_schemes(set(&["http", "https", "mailto", "tel"]))
        // Relative links stay relative: the site must work from file://.
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true);
    b
});

/// The rendered page with its raw HTML cleaned.
pub(super) struct Cleaned {
    pub html: String,
    /// Some of kartsite's own HTML ended up inside something that is
    /// removed (an unclosed `<script>`, `<style>`, comment or tag), so
    /// text of the page is missing.
    pub swallowed: bool,
}

/// Clean `rendered`, which holds one `MARK` where each of `raws` was.
/// `None` when the marks do not match the pieces (the page held a
/// noncharacter that came from a character reference): the caller then
/// leaves the raw HTML out.
pub(super) fn clean(rendered: &str, raws: &[CowStr<'_>]) -> Option<Cleaned> {
    let own: Vec<&str> = rendered.split(MARK).collect();
    if own.len() != raws.len() + 1 {
        return None;
    }
    let mut doc =
        String::with_capacity(rendered.len() + raws.iter().map(|r| r.len()).sum::<usize>());
    for (i, part) in own.iter().enumerate() {
        if i > 0 {
            doc.push_str(&raws[i - 1]);
        }
        if part.trim().is_empty() {
            // Whitespace is text either way; keeping it in place stops the
            // parser from moving it out of a table.
            doc.push_str(part);
        } else {
            let _ = write!(doc, "{MARK}{i}{END}");
        }
    }
    let cleaned = CLEANER.clean(&doc).to_string();
    let mut used = vec![false; own.len()];
    let mut swallowed = false;
    let mut html = String::with_capacity(rendered.len());
    // html5ever writes tags with double-quoted attribute values and `<`
    // escaped in text, so a `<` outside quotes opens a tag and a `>`
    // outside quotes closes it: a placeholder is in text exactly when
    // it is outside a tag.
    let (mut in_tag, mut in_quote) = (false, false);
    let mut chars = cleaned.chars();
    while let Some(c) = chars.next() {
        match c {
            '<' if !in_tag => in_tag = true,
            '"' if in_tag => in_quote = !in_quote,
            '>' if in_tag && !in_quote => in_tag = false,
            MARK => {
                let digits: String = chars.by_ref().take_while(|&d| d != END).collect();
                match digits.parse::<usize>().ok().filter(|&i| i < own.len()) {
                    Some(i) if !in_tag => {
                        html.push_str(own[i]);
                        used[i] = true;
                    }
                    // Inside an attribute or a broken tag: kartsite's HTML
                    // never goes there.
                    _ => swallowed = true,
                }
                continue;
            }
            END => continue,
            _ => {}
        }
        html.push(c);
    }
    swallowed |= own
        .iter()
        .zip(&used)
        .any(|(part, used)| !used && !part.trim().is_empty());
    Some(Cleaned { html, swallowed })
}

/// The first element in a piece of raw HTML that cleaning removes, for a
/// warning: (byte offset in `raw`, tag name).
pub(super) fn first_removed_tag(raw: &str) -> Option<(usize, String)> {
    let bytes = raw.as_bytes();
    let mut i = 0;
    while let Some(lt) = raw[i..].find('<') {
        let at = i + lt;
        i = at + 1;
        // Closing tags of removed elements need no second warning.
        if bytes.get(at + 1) == Some(&b'/') {
            continue;
        }
        let name: String = raw[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if !ALLOWED_TAGS.contains(&lower.as_str()) {
            return Some((at, lower));
        }
    }
    None
}

/// The first event-handler attribute (`on…=`) in a piece of raw HTML:
/// (byte offset, attribute name).
pub(super) fn first_handler(raw: &str) -> Option<(usize, String)> {
    let lower = raw.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut from = 0;
    while let Some(p) = lower[from..].find("on") {
        let at = from + p;
        from = at + 2;
        let before = at.checked_sub(1).map(|j| b[j]);
        if !matches!(
            before,
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\'')
        ) {
            continue;
        }
        let name: String = lower[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        let after = lower[at + name.len()..].trim_start();
        if name.len() > 2 && after.starts_with('=') && inside_tag(&lower, at) {
            return Some((at, name));
        }
    }
    None
}

/// The first `javascript:`, `vbscript:` or `data:` address in a piece of
/// raw HTML, with tabs and line breaks in it ignored: (byte offset,
/// scheme). Addresses hidden behind character references are not found
/// here, but cleaning removes them all the same.
pub(super) fn first_script_url(raw: &str) -> Option<(usize, &'static str)> {
    let mut squeezed = String::with_capacity(raw.len());
    let mut offsets = Vec::with_capacity(raw.len());
    for (i, c) in raw.char_indices() {
        if !matches!(c, '\t' | '\n' | '\r') {
            for l in c.to_lowercase() {
                squeezed.push(l);
                offsets.resize(squeezed.len(), i);
            }
        }
    }
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .filter_map(|s| {
            let at = squeezed
                .match_indices(s)
                .map(|(at, _)| at)
                .find(|&at| inside_tag(&squeezed, at))?;
            Some((offsets[at], s.trim_end_matches(':')))
        })
        .min()
}

/// Whether byte `at` of `html` is inside a tag (after a `<` with no `>`).
fn inside_tag(html: &str, at: usize) -> bool {
    let head = &html[..at];
    match (head.rfind('<'), head.rfind('>')) {
        (Some(lt), Some(gt)) => lt > gt,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rendered: &str, raws: &[&str]) -> Cleaned {
        let raws: Vec<CowStr<'_>> = raws.iter().map(|r| CowStr::from(*r)).collect();
        clean(rendered, &raws).expect("marks match")
    }

    #[test]
    fn inline_pairs_survive_and_own_html_is_untouched() {
        let r = run(
            "<p>Se <em>\u{FDD0}SCB\u{FDD0}</em> här<br />\n</p>\n",
            &["<abbr title=\"Statistiska centralbyrån\">", "</abbr>"],
        );
        assert_eq!(
            r.html,
            "<p>Se <em><abbr title=\"Statistiska centralbyrån\">SCB</abbr></em> här<br />\n</p>\n"
        );
        assert!(!r.swallowed);
    }

    #[test]
    fn details_around_markdown_keeps_the_markdown_inside() {
        let r = run(
            "\u{FDD0}<p>Mer <strong>text</strong></p>\n\u{FDD0}",
            &["<details open>\n<summary>Mer</summary>\n", "</details>\n"],
        );
        assert_eq!(
            r.html,
            "<details open=\"\">\n<summary>Mer</summary>\n<p>Mer <strong>text</strong></p>\n</details>\n"
        );
    }

    #[test]
    fn scripts_and_handlers_go_and_text_in_scripts_is_reported() {
        let r = run(
            "<p>a \u{FDD0}alert(1)\u{FDD0} b \u{FDD0}</p>\n",
            &["<script>", "</script>", "<img src=x onerror=alert(1)>"],
        );
        assert_eq!(r.html, "<p>a  b <img src=\"x\"></p>\n");
        assert!(r.swallowed);
    }

    #[test]
    fn a_placeholder_caught_in_an_unclosed_tag_is_dropped() {
        let r = run("\u{FDD0}<p>x</p>\n", &["<div title=\"\n"]);
        assert!(!r.html.contains("<p>x</p>"), "{}", r.html);
        assert!(r.swallowed);
    }

    #[test]
    fn forged_placeholders_from_character_references_only_repeat_own_html() {
        let r = run(
            "<p>x</p>\u{FDD0}",
            &["<a title=\"&#xFDD0;0&#xFDD1;\" href=\"#\">&#xFDD0;0&#xFDD1;</a>"],
        );
        assert_eq!(r.html, "<p>x</p><a title=\"\" href=\"#\"><p>x</p></a>");
    }

    #[test]
    fn removed_tags_and_handlers_are_found() {
        assert_eq!(
            first_removed_tag("<div><IFRAME src=x>"),
            Some((5, "iframe".into()))
        );
        assert_eq!(first_removed_tag("<p>a < b</p>"), None);
        assert_eq!(
            first_handler("<svg/onload=alert(1)>"),
            Some((5, "onload".into()))
        );
        assert_eq!(first_handler("<p>one=1 only</p>"), None);
        assert_eq!(
            first_script_url("<p>javascript: a word</p><a href=\"Java\tScript:x\">"),
            Some((34, "javascript"))
        );
    }
}
