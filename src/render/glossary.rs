//! Glossary (ordlista): the first use of each term on a resident page is
//! marked up with its explanation and a link to the glossary page.

use std::collections::BTreeSet;

use crate::links::slugify;

/// A term and its explanation in the page's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub term: String,
    pub explanation: String,
}

/// The anchor of a term on the glossary page.
pub fn anchor(term: &str) -> String {
    format!("t-{}", slugify(term))
}

/// Elements whose text is never marked.
const SKIP: &[&str] = &[
    "a", "abbr", "dfn", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style",
    "svg", "title",
];

/// Mark the first use of each term not yet in `seen` in the text of
/// `html`. `glossary_href` is the relative link to the glossary page.
pub fn mark(
    html: &str,
    terms: &[Term],
    seen: &mut BTreeSet<String>,
    glossary_href: &str,
) -> String {
    if terms.iter().all(|t| seen.contains(&t.term.to_lowercase())) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut skip_depth = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let tag = &rest[..end];
                let closing = tag.starts_with("</");
                let name: String = tag
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if SKIP.contains(&name.as_str()) && !tag.ends_with("/>") {
                    if closing {
                        skip_depth = skip_depth.saturating_sub(1);
                    } else {
                        skip_depth += 1;
                    }
                }
                out.push_str(tag);
                rest = &rest[end..];
            }
            next => {
                let end = next.unwrap_or(rest.len());
                let text = &rest[..end];
                if skip_depth == 0 {
                    out.push_str(&mark_text(text, terms, seen, glossary_href));
                } else {
                    out.push_str(text);
                }
                rest = &rest[end..];
            }
        }
    }
    out
}

fn mark_text(text: &str, terms: &[Term], seen: &mut BTreeSet<String>, href: &str) -> String {
    // Find the earliest first use among unseen terms, mark it, repeat on the rest.
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Lowercasing changed byte lengths (rare letters): leave unmarked
        // rather than risk a wrong split.
        return text.to_string();
    }
    let mut best: Option<(usize, &Term)> = None;
    for t in terms {
        let key = t.term.to_lowercase();
        if key.is_empty() || seen.contains(&key) {
            continue;
        }
        if let Some(i) = find_word(&lower, &key)
            && best.is_none_or(|(b, _)| i < b)
        {
            best = Some((i, t));
        }
    }
    let Some((i, t)) = best else {
        return text.to_string();
    };
    // The whole word is marked, inflected forms and compounds included
    // ("vårdcentralen", not "vårdcentral|en").
    let j = i + t.term.len();
    let j = j + text[j..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .map(char::len_utf8)
        .sum::<usize>();
    seen.insert(t.term.to_lowercase());
    format!(
        "{}<abbr class=\"term\" title=\"{}\"><a href=\"{href}#{}\">{}</a></abbr>{}",
        &text[..i],
        escape_attr(&t.explanation),
        anchor(&t.term),
        &text[i..j],
        mark_text(&text[j..], terms, seen, href)
    )
}

/// The byte offset of `word` in `text` where it stands as a whole word
/// (a Swedish compound may continue it: "fritidsgården" matches "fritidsgård").
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && !in_reference(text, at) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Whether byte `at` of escaped HTML text lies inside a character
/// reference (`&lt;`, `&#228;`, `&#x2d;`): markup inserted there would
/// break the reference into visible text (a term `lt` in `&lt;`).
fn in_reference(text: &str, at: usize) -> bool {
    let name = |b: &u8| b.is_ascii_alphanumeric() || *b == b'#';
    let before = &text.as_bytes()[..at];
    let start = before.len() - before.iter().rev().take_while(|b| name(b)).count();
    // Escaped text has no bare `&`: each one starts a reference (with
    // `;`, or a legacy name such as `&copy` that browsers read too).
    start > 0 && before[start - 1] == b'&'
}

pub(crate) fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> Vec<Term> {
        vec![
            Term {
                term: "Fritidsgård".into(),
                explanation: "En plats för unga efter skolan.".into(),
            },
            Term {
                term: "RegSO".into(),
                explanation: "Regionala statistikområden".into(),
            },
        ]
    }

    #[test]
    fn first_use_only_and_not_in_links_or_headings() {
        let mut seen = BTreeSet::new();
        let html = "<h2>Fritidsgård</h2><p>Vi besökte <a href=\"x\">fritidsgården</a>. Fritidsgården är öppen, fritidsgård igen.</p>";
        let out = mark(html, &terms(), &mut seen, "../glossary.html");
        assert_eq!(out.matches("<abbr").count(), 1, "{out}");
        assert!(out.contains("<abbr class=\"term\" title=\"En plats för unga efter skolan.\"><a href=\"../glossary.html#t-fritidsgard\">Fritidsgården</a></abbr> är öppen"), "{out}");
        // Second call on the same page marks nothing again.
        let again = mark("<p>Fritidsgård</p>", &terms(), &mut seen, "g.html");
        assert!(!again.contains("<abbr"));
    }

    #[test]
    fn never_marks_inside_a_character_reference() {
        let terms = |names: &[&str]| -> Vec<Term> {
            names
                .iter()
                .map(|n| Term {
                    term: (*n).into(),
                    explanation: "x".into(),
                })
                .collect()
        };
        for (html, term) in [
            ("<p>a &lt; b och lt</p>", "lt"),
            ("<p>&amp; amp</p>", "amp"),
            ("<p>&#x2d; x2d</p>", "x2d"),
            ("<p>&quot;quot&quot;</p>", "quot"),
            ("<p>Ö&auml;ml &auml;ml</p>", "auml"),
        ] {
            let mut seen = BTreeSet::new();
            let out = mark(html, &terms(&[term]), &mut seen, "g.html");
            // Every reference of the input is whole in the output.
            for r in html.split('&').skip(1) {
                let r = &r[..=r.find(';').unwrap()];
                assert!(out.contains(&format!("&{r}")), "{term}: {out}");
            }
            assert!(!out.contains("&<"), "{term}: {out}");
        }
        // The word itself, outside the reference, is still marked.
        let mut seen = BTreeSet::new();
        let out = mark("<p>a &lt; b, lt</p>", &terms(&["lt"]), &mut seen, "g.html");
        assert!(out.contains("&lt; b, <abbr"), "{out}");
    }

    #[test]
    fn needs_a_word_start() {
        let mut seen = BTreeSet::new();
        let out = mark(
            "<p>Kommunfritidsgård och RegSO-data</p>",
            &terms(),
            &mut seen,
            "g.html",
        );
        assert!(!out.contains("#t-fritidsgard"), "{out}");
        assert!(out.contains("#t-regso"), "{out}");
    }
}
