//! E-mail addresses.

use std::sync::LazyLock;

use super::pattern::Pattern;

use super::{Hit, Kind};

static EMAIL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"[\p{L}\p{N}_%+\-]+(?:\.[\p{L}\p{N}_%+\-]+)*(?:[@＠]|\s?[\[(\{]\s?(?i:at|snabel-a|@)\s?[\])\}]\s?)[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?)*\.(\p{L}{2,})(?-u:\b)",
    )
});

/// [`EMAIL`] for text of ASCII only, where it matches exactly what
/// [`EMAIL`] matches (`\p{L}` is `[A-Za-z]` there, `\p{N}` `[0-9]`, `\s`
/// the ASCII spaces, and `＠` cannot occur). Its automaton is small: a
/// thread that has not searched with it yet builds little (the Unicode
/// classes make every new thread's first searches with [`EMAIL`] costly).
static EMAIL_ASCII: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"[A-Za-z0-9_%+\-]+(?:\.[A-Za-z0-9_%+\-]+)*(?:@|[\t\n\x0B\x0C\r ]?[\[(\{][\t\n\x0B\x0C\r ]?(?i:at|snabel-a|@)[\t\n\x0B\x0C\r ]?[\])\}][\t\n\x0B\x0C\r ]?)[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.([A-Za-z]{2,})(?-u:\b)",
    )
});

/// File name endings that look like a top-level domain in names such as
/// `karta@2x.png`.
const FILE_ENDINGS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "pdf", "css", "js", "html", "htm", "csv",
    "md", "yaml", "yml", "toml", "json", "txt",
];

/// Every e-mail address in `text`.
pub(crate) fn find(text: &str) -> Vec<Hit> {
    // Most text has no address: skip the regex without an `@` or a
    // written-out one.
    if !may_hold(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for piece in pieces(text) {
        let part = &text[piece.clone()];
        if !may_hold(part) {
            continue;
        }
        let re = if part.is_ascii() {
            &EMAIL_ASCII
        } else {
            &EMAIL
        };

        out.extend(matches(re, part).map(|r| Hit {
            kind: Kind::Email,
            range: r.start + piece.start..r.end + piece.start,
        }));
    }
    out
}

/// Whether `text` has an `@`, a `＠` or the end of a written-out one
/// (`at)`, `-a ]`, …): an address needs one.
fn may_hold(text: &str) -> bool {
    text.contains(['@', '＠'])
        || text.match_indices([')', ']', '}']).any(|(i, _)| {
            let before = &text[..i];
            // `\s?` before the bracket.
            let before = before
                .strip_suffix(|c: char| c.is_whitespace())
                .unwrap_or(before)
                .as_bytes();
            before.len() >= 2
                && matches!(
                    before[before.len() - 2..].to_ascii_lowercase().as_slice(),
                    b"at" | b"-a"
                )
        })
}

/// The addresses `re` finds in `text`, but names of files.
/// The top-level domain is what follows the match's last `.`: the
/// patterns end with `\.` and letters.
fn matches<'t>(
    re: &'t Pattern,
    text: &'t str,
) -> impl Iterator<Item = std::ops::Range<usize>> + 't {
    re.find_iter(text).filter_map(|m| {
        let all = m.as_str();
        let tld = all[all.rfind('.')? + 1..].to_lowercase();
        (!FILE_ENDINGS.contains(&tld.as_str())).then(|| m.range())
    })
}

/// The pieces of `text` an address can lie in: cut at every character
/// no address holds. An address holds letters, digits, `_ % + - .`, `@`
/// and `＠`, and, written out, brackets and the white space beside them
/// (`anna [at] x.se`); the character after one is never a word character
/// (it ends with `\b`), so a piece's end reads as the text's. Each
/// address of `text` is one of a piece, found as in the whole text.
fn pieces(text: &str) -> Vec<std::ops::Range<usize>> {
    let spaced = written_out(text);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let held = c.is_alphanumeric()
            || matches!(
                c,
                '_' | '%' | '+' | '-' | '.' | '@' | '＠' | '[' | '(' | '{' | ']' | ')' | '}'
            )
            || (c.is_whitespace() && spaced.iter().any(|r| r.contains(&i)));
        if !held {
            if start < i {
                out.push(start..i);
            }
            start = i + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// The written-out `@`s of `text` (`[at]`, `( at )`, `{snabel-a}`,
/// `(@)`), each with the white space character either side of it: a
/// bracket, a space or none, the word (any case), a space or none, a
/// bracket.
fn written_out(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let space_at = |i: usize| {
        text.get(i..)
            .and_then(|t| t.chars().next())
            .filter(|c| c.is_whitespace())
    };
    let mut out = Vec::new();
    for (i, _) in text.match_indices(['[', '(', '{']) {
        let mut j = i + 1;
        j += space_at(j).map_or(0, char::len_utf8);
        let rest = &text[j..];
        // `(?i:at|snabel-a|@)`: `s` also matches `ſ`.
        let word = if rest.starts_with('@') {
            1
        } else if rest.get(..2).is_some_and(|w| w.eq_ignore_ascii_case("at")) {
            2
        } else if let Some(r) = rest
            .strip_prefix(['s', 'S'])
            .or_else(|| rest.strip_prefix('ſ'))
            .filter(|r| {
                r.get(..7)
                    .is_some_and(|w| w.eq_ignore_ascii_case("nabel-a"))
            })
        {
            rest.len() - r.len() + 7
        } else {
            continue;
        };
        j += word;
        j += space_at(j).map_or(0, char::len_utf8);
        if !matches!(b.get(j), Some(b']' | b')' | b'}')) {
            continue;
        }
        let before = text[..i]
            .chars()
            .next_back()
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8);
        let after = space_at(j + 1).map_or(0, char::len_utf8);
        out.push(i - before..j + 1 + after);
    }
    out
}

/// The local part and the domain of an address found by [`find`]
/// (`anna@x.se`, `anna＠x.se`, `anna [at] x.se`, `anna(at)x.se`).
pub(crate) fn parts(value: &str) -> (&str, &str) {
    if let Some(i) = value.find(['@', '＠']) {
        let at = value[i..].chars().next().map_or(1, char::len_utf8);
        let (l, d) = (&value[..i], &value[i + at..]);
        // `anna [@] x.se`
        return (
            l.trim_end_matches([' ', '[', '(', '{']),
            d.trim_start_matches([' ', ']', ')', '}']),
        );
    }
    match value.find(['[', '(', '{']) {
        Some(i) => {
            let d = value[i..]
                .find([']', ')', '}'])
                .map_or("", |j| &value[i + j + 1..]);
            (value[..i].trim_end(), d.trim_start())
        }
        None => (value, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|h| &text[h.range]).collect()
    }

    #[test]
    fn addresses() {
        for a in [
            "anna.svensson@ekby.se",
            "norrbacka@ekby.rodakorset.example.org",
            "namn [at] exempel.se",
            "namn(at)exempel.se",
            "namn [ at ] exempel.se",
            "namn {snabel-a} exempel.se",
            "namn＠exempel.se",
            "förnamn.efternamn@kommun.example.se",
            "x+tag@a-b.no",
            "Ola_Nordmann@Example.NO",
        ] {
            let text = format!("Skriv till {a}.");
            assert_eq!(hits(&text), vec![a], "{a}");
            let link = format!("[mejla](mailto:{a})");
            assert_eq!(hits(&link), vec![a], "{a}");
        }
    }

    /// Read in pieces, and with the ASCII automaton where a piece is
    /// ASCII, the text gives what the whole text gives to [`EMAIL`].
    #[test]
    fn pieces_find_what_the_whole_text_finds() {
        const PIECES: &[&str] = &[
            "anna",
            "Ö",
            "ö",
            ".",
            "@",
            "＠",
            " ",
            "\u{a0}",
            "\n",
            "[",
            "]",
            "(",
            ")",
            "{",
            "}",
            "at",
            "AT",
            "snabel-a",
            "-",
            "_",
            "%",
            "+",
            "x",
            "se",
            "no",
            "png",
            "7",
            "٣",
            ",",
            ":",
            "/",
            "ſ",
            "é",
            "ab",
            "anna@x.se",
            "@x.se",
            "@ekby.rodakorset.no",
            ".se",
            ".nö",
            "(at)",
            " [at] ",
            "{snabel-a}",
            "( @ )",
            "[ at\u{a0}]",
            "(AT )",
            "(ſnabel-A)",
            "(@fig-x)",
            "ö.se",
            "karta@2x.png",
            "Ola_N+1",
        ];
        let mut next = crate::gate::xorshift(0x9E37_79B9_7F4A_7C15);
        let mut found = 0;
        for _ in 0..60_000 {
            let text = crate::gate::pieces_text(&mut next, PIECES, 14);
            let whole: Vec<_> = matches(&EMAIL, &text).collect();
            let by_pieces: Vec<_> = find(&text).into_iter().map(|h| h.range).collect();
            found += whole.len();
            assert_eq!(by_pieces, whole, "{text:?}");
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn things_that_are_not_addresses() {
        for text in [
            "Bilden karta@2x.png och logo@3x.svg.",
            "Vi ses @torget kl. 18.",
            "Räkna 5 @ 20 kr.",
            "Mejla oss på norrbacka at ekby punkt se.",
        ] {
            assert!(hits(text).is_empty(), "{text}: {:?}", hits(text));
        }
    }
}
