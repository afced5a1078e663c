//! E-mail addresses.

use std::sync::LazyLock;

use regex::Regex;

use super::{Hit, Kind};

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[\p{L}\p{N}_%+\-]+(?:\.[\p{L}\p{N}_%+\-]+)*(?:[@＠]|\s?[\[(\{]\s?(?i:at|snabel-a|@)\s?[\])\}]\s?)[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?)*\.(\p{L}{2,})(?-u:\b)",
    )
    .expect("valid regex")
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
    let lower_at = |pat: &str| {
        text.as_bytes()
            .windows(pat.len())
            .any(|w| w.eq_ignore_ascii_case(pat.as_bytes()))
    };
    if !text.contains(['@', '＠'])
        && !lower_at("at)")
        && !lower_at("at]")
        && !lower_at("at}")
        && !lower_at("-a)")
        && !lower_at("-a]")
    {
        return Vec::new();
    }
    EMAIL
        .captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            let tld = c.get(1)?.as_str().to_lowercase();
            (!FILE_ENDINGS.contains(&tld.as_str())).then(|| Hit {
                kind: Kind::Email,
                range: all.range(),
            })
        })
        .collect()
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
