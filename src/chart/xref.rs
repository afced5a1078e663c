//! Cross-references: `@fig-<id>` in a page's text becomes a link to the
//! figure, written "Figur 2" (numbered per page).

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::error::{Diagnostic, Pos, offset_to_pos};

/// A piece of text: plain, or a reference to a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'t> {
    Text(&'t str),
    /// `id` is the chart id (without `fig-`).
    Ref(&'t str),
}

const MARK: &str = "@fig-";

/// Split `text` at every `@fig-<id>` that starts a word.
pub fn split(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    // Start of the text not yet emitted, and where to search next.
    let (mut plain_from, mut search_from) = (0, 0);
    while let Some(i) = text[search_from..].find(MARK) {
        let at = search_from + i;
        let before = text[..at].chars().next_back();
        let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let tail = &text[at + MARK.len()..];
        let len = tail
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
            .count();
        let id = tail[..len].trim_end_matches('-');
        if starts_word && !id.is_empty() {
            if at > plain_from {
                out.push(Piece::Text(&text[plain_from..at]));
            }
            out.push(Piece::Ref(id));
            plain_from = at + MARK.len() + id.len();
            search_from = plain_from;
        } else {
            search_from = at + MARK.len();
        }
    }
    if plain_from < text.len() {
        out.push(Piece::Text(&text[plain_from..]));
    }
    out
}

/// Replace `@fig-<id>` in running text (not in code or link text) with a
/// link "Figur N". Returns the ids referred to.
pub fn link_figures(
    events: &mut Vec<Event<'_>>,
    numbers: &BTreeMap<String, usize>,
    word: &str,
) -> Vec<String> {
    let mut refs = Vec::new();
    let mut skip = 0usize;
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    for ev in events.drain(..) {
        match &ev {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. }) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(t) if skip == 0 => {
                // Join text split by the parser, so a reference is whole.
                if let Some(Event::Text(prev)) = out.last_mut() {
                    *prev = CowStr::from(format!("{prev}{t}"));
                    continue;
                }
            }
            _ => {}
        }
        out.push(ev);
    }
    let mut linked: Vec<Event<'_>> = Vec::with_capacity(out.len());
    let mut skip = 0usize;
    for ev in out {
        match &ev {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. }) => skip += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(t) if skip == 0 && t.contains("@fig-") => {
                for piece in split(t) {
                    match piece {
                        Piece::Text(s) => linked.push(Event::Text(CowStr::from(s.to_string()))),
                        Piece::Ref(id) => {
                            refs.push(id.to_string());
                            let html = match numbers.get(id) {
                                Some(n) => format!(
                                    "<a class=\"fig-ref\" href=\"#fig-{id}\">{} {n}</a>",
                                    super::svg::esc(word)
                                ),
                                None => format!("@fig-{}", super::svg::esc(id)),
                            };
                            linked.push(Event::InlineHtml(CowStr::from(html)));
                        }
                    }
                }
                continue;
            }
            _ => {}
        }
        linked.push(ev);
    }
    *events = linked;
    refs
}

/// Errors for references to figures that are not on the page.
pub fn unknown_figures(
    text: &str,
    file: &Path,
    first_line: u32,
    refs: &[String],
    numbers: &BTreeMap<String, usize>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for id in refs {
        if numbers.contains_key(id)
            || out
                .iter()
                .any(|d: &Diagnostic| d.message.contains(&format!("\"fig-{id}\"")))
        {
            continue;
        }
        let pos = text.find(&format!("@fig-{id}")).map(|o| {
            let p = offset_to_pos(text, o);
            Pos::new(p.line + first_line - 1, p.column)
        });
        let hint = if numbers.is_empty() {
            crate::msg!("chart.xref.same-page")
        } else {
            let ids: Vec<&str> = numbers.keys().map(String::as_str).collect();
            crate::msg!("chart.xref.charts-on-this-page", ids = ids.join(", "))
        };
        out.push(
            Diagnostic::error(
                "unknown-figure",
                file,
                crate::msg!("chart.no-figure-fig-on-this", id = id.to_string()),
            )
            .at(pos)
            .hint(hint),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references() {
        assert_eq!(
            split("Se @fig-befolkning-alder. Och @fig-trygghet-"),
            vec![
                Piece::Text("Se "),
                Piece::Ref("befolkning-alder"),
                Piece::Text(". Och "),
                Piece::Ref("trygghet"),
                Piece::Text("-"),
            ]
        );
        assert_eq!(split("ingen referens"), vec![Piece::Text("ingen referens")]);
        assert_eq!(
            split("(@fig-a)"),
            vec![Piece::Text("("), Piece::Ref("a"), Piece::Text(")")]
        );
    }

    #[test]
    fn email_like_text_is_not_a_reference() {
        let pieces = split("mejla info@fig-bolaget.se eller @fig-");
        assert!(
            pieces.iter().all(|p| matches!(p, Piece::Text(_))),
            "{pieces:?}"
        );
        let joined: String = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => *t,
                Piece::Ref(_) => "",
            })
            .collect();
        assert_eq!(joined, "mejla info@fig-bolaget.se eller @fig-");
    }
}
