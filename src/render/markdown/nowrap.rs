//! Sequences that must not break across lines: a phone number ("0771-" /
//! "19 95 00" on two lines cannot be dialled) and a number grouped by
//! spaces ("41" / "000"). In Markdown text they are wrapped in a span with
//! `white-space: nowrap` (`.phone` and `.nowrap` in the theme's CSS); the
//! text itself is unchanged, so copying and searching it still work. Phone
//! numbers are found by the privacy guard's detector, which knows Swedish
//! and Norwegian numbers and tells them from dates, amounts and ids. Code
//! and text inside links stay as they are.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::check::privacy::{Kind, scan_text};

/// Wrap the no-break sequences of every text event outside code.
pub(super) fn wrap(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut code = 0usize;
    for ev in events {
        match &ev {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            _ => {}
        }
        match ev {
            Event::Text(t) if code == 0 => {
                let spans = sequences(&t);
                if spans.is_empty() {
                    out.push(Event::Text(t));
                    continue;
                }
                let mut at = 0;
                for (class, r) in spans {
                    if r.start > at {
                        out.push(Event::Text(CowStr::from(t[at..r.start].to_string())));
                    }
                    out.push(Event::InlineHtml(CowStr::Borrowed(class)));
                    out.push(Event::Text(CowStr::from(t[r.clone()].to_string())));
                    out.push(Event::InlineHtml(CowStr::Borrowed("</span>")));
                    at = r.end;
                }
                if at < t.len() {
                    out.push(Event::Text(CowStr::from(t[at..].to_string())));
                }
            }
            other => out.push(other),
        }
    }
    out
}

const PHONE: &str = "<span class=\"phone\">";
const NOWRAP: &str = "<span class=\"nowrap\">";

/// The sequences to keep whole in `text`, in order, not overlapping: each
/// with the opening tag of its span.
fn sequences(text: &str) -> Vec<(&'static str, Range<usize>)> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let mut out: Vec<(&'static str, Range<usize>)> = scan_text(text)
        .into_iter()
        .filter(|h| h.kind == Kind::Phone)
        .map(|h| (PHONE, h.range))
        .collect();
    for r in grouped_numbers(text) {
        if !out.iter().any(|(_, p)| p.start < r.end && r.start < p.end) {
            out.push((NOWRAP, r));
        }
    }
    out.sort_by_key(|(_, r)| r.start);
    out
}

/// Numbers grouped by spaces (`41 000`, `1 234 567`, also with a no-break
/// or thin space), with a unit sign after a space (`70 %`) kept with them.
fn grouped_numbers(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-' || b[i - 1] == b'+'))
        {
            i += 1;
            continue;
        }
        let start = i;
        let digits = |j: usize| b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
        let first = digits(i);
        i += first;
        let mut end = i;
        let mut groups = 0;
        if first <= 3 {
            while let Some(sp) = space_at(text, end) {
                let d = digits(end + sp);
                let after = end + sp + d;
                if d == 3 && !b.get(after).is_some_and(u8::is_ascii_digit) {
                    end = after;
                    groups += 1;
                } else {
                    break;
                }
            }
        }
        if groups > 0 {
            // A following per cent sign stays with the number.
            if let Some(sp) = space_at(text, end)
                && text[end + sp..].starts_with('%')
            {
                end += sp + 1;
            }
            out.push(start..end);
        }
        i = end.max(i);
    }
    out
}

/// The length of a space (ASCII, no-break or narrow no-break) at `at`.
fn space_at(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    [" ", "\u{a0}", "\u{202f}", "\u{2009}"]
        .iter()
        .find(|s| rest.starts_with(**s))
        .map(|s| s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str) -> Vec<String> {
        sequences(text)
            .into_iter()
            .map(|(c, r)| {
                format!(
                    "{}{}",
                    if c == PHONE { "phone:" } else { "nowrap:" },
                    &text[r]
                )
            })
            .collect()
    }

    #[test]
    fn swedish_and_norwegian_phone_numbers_are_kept_whole() {
        assert_eq!(
            wrapped("Ring 0771-19 95 00 eller 08-123 456 78."),
            ["phone:0771-19 95 00", "phone:08-123 456 78"]
        );
        assert_eq!(
            wrapped("Ring +46 8 123 45 67 i dag"),
            ["phone:+46 8 123 45 67"]
        );
        assert_eq!(wrapped("Ring 22 33 44 55 (Oslo)"), ["phone:22 33 44 55"]);
    }

    #[test]
    fn numbers_grouped_by_spaces_are_kept_whole() {
        assert_eq!(
            wrapped("mot 41 000 invånare och 4 300 i Norrbacka"),
            ["nowrap:41 000", "nowrap:4 300"]
        );
        assert_eq!(
            wrapped("1\u{a0}234\u{a0}567 kronor, 12 %"),
            ["nowrap:1\u{a0}234\u{a0}567"]
        );
        assert_eq!(
            wrapped("andelen 41 000 % är fel men 2 460 % ok"),
            ["nowrap:41 000 %", "nowrap:2 460 %"]
        );
        // Years and dates stay as they are.
        assert!(wrapped("år 2019 och 2024-05-20, 12 år").is_empty());
        assert!(wrapped("inga siffror här").is_empty());
    }

    #[test]
    fn code_blocks_are_left_alone() {
        let events: Vec<Event<'_>> =
            pulldown_cmark::Parser::new("Ring 0771-19 95 00.\n\n```\n0771-19 95 00\n```\n")
                .collect();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, wrap(events).into_iter());
        assert_eq!(
            html,
            "<p>Ring <span class=\"phone\">0771-19 95 00</span>.</p>\n<pre><code>0771-19 95 00\n</code></pre>\n"
        );
    }
}
