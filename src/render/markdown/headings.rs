//! Headings: the attributes a heading may carry, and an id on every
//! heading (levels shifted down under the page title when asked).

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use crate::error::{Diagnostic, Pos};
use crate::links::slugify;

/// Attributes a heading may carry (`# Title {lang=en}`); any other, such
/// as `onclick`, is dropped with a warning.
pub(super) fn safe_heading_attrs<'e>(
    attrs: Vec<(CowStr<'e>, Option<CowStr<'e>>)>,
    file: &Path,
    at: Pos,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(CowStr<'e>, Option<CowStr<'e>>)> {
    attrs
        .into_iter()
        .filter(|(name, _)| {
            let ok = matches!(name.to_ascii_lowercase().as_str(), "lang" | "dir" | "title");
            if !ok {
                errors.push(
                    Diagnostic::warning(
                        "unsafe-html",
                        file,
                        crate::msg!(
                            "markdown.the-heading-attribute-is-removed",
                            name = name.to_string()
                        ),
                    )
                    .at(Some(at))
                    .hint(crate::msg!("markdown.a-heading-may-have-id")),
                );
            }
            ok
        })
        .collect()
}

/// Give every heading an id (from its text, unique on the page) and shift
/// the levels down one when `demote`.
pub(super) fn anchor_headings(events: &mut [Event<'_>], demote: bool) {
    // Only shift when the text uses `#` (h1): the page title is the h1, so
    // `## Avsnitt` stays an h2.
    let demote = demote
        && events.iter().any(|e| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        });
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            if let Event::Start(Tag::Heading { level, id, .. }) = &mut events[i] {
                if id.is_none() {
                    let base = slugify(&text);
                    let n = seen.entry(base.clone()).or_insert(0);
                    *n += 1;
                    let slug = if *n == 1 { base } else { format!("{base}-{n}") };
                    *id = Some(CowStr::from(slug));
                }
                if demote {
                    *level = lower(*level);
                }
            }
            if demote && let Some(Event::End(TagEnd::Heading(level))) = events.get_mut(j) {
                *level = lower(*level);
            }
            i = j;
        }
        i += 1;
    }
}

fn lower(l: HeadingLevel) -> HeadingLevel {
    match l {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}
