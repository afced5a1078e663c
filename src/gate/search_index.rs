//! The search index as `search.js` reads it: the URLs it makes links of,
//! and its strings, each a text of its own.

use std::collections::BTreeSet;

use super::blocks::BLOCK_BREAK;
use super::{Gate, url};
use crate::error::Diagnostic;

impl Gate<'_> {
    /// Check the URLs of the search index (search.js makes links of them);
    /// a refused one is replaced by the home page.
    pub(super) fn search_index(&self, url: &str, bytes: &mut Vec<u8>, diags: &mut Vec<Diagnostic>) {
        const PREFIX: &[u8] = b"window.kartsiteSearch = ";
        let Some(json) = bytes
            .strip_prefix(PREFIX)
            .map(|j| j.strip_suffix(b";\n").unwrap_or(j))
        else {
            return;
        };
        let Some(urls) = doc_urls(json) else {
            return;
        };
        let bad: BTreeSet<usize> = urls
            .iter()
            .enumerate()
            .filter(|(_, u)| url::classify(u, url).is_err())
            .map(|(i, _)| i)
            .collect();
        if bad.is_empty() {
            return;
        }
        let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(json) else {
            return;
        };
        if let Some(docs) = value.get_mut("docs").and_then(|d| d.as_array_mut()) {
            for &i in &bad {
                let doc_url = docs[i][0].as_str().unwrap_or("").to_string();
                if let Err(why) = url::classify(&doc_url, url) {
                    diags.push(
                        Diagnostic::warning(
                            "gate",
                            self.origin(url),
                            crate::msg!("gate.search-index-link", why = why.describe()),
                        )
                        .hint(crate::msg!("gate.rename-the-page")),
                    );
                }
                docs[i][0] = serde_json::Value::String("index.html".into());
            }
        }
        let mut out = PREFIX.to_vec();
        if serde_json::to_writer(&mut out, &value).is_ok() {
            out.extend_from_slice(b";\n");
            *bytes = out;
        }
    }
}

/// The URL of each document of the index (`docs`), or `None` if it is
/// not the index `search.js` reads.
fn doc_urls(json: &[u8]) -> Option<Vec<String>> {
    #[derive(serde::Deserialize)]
    struct Docs<'s> {
        #[serde(borrow)]
        docs: Vec<(
            std::borrow::Cow<'s, str>,
            serde::de::IgnoredAny,
            usize,
            serde::de::IgnoredAny,
        )>,
    }
    let urls = |d: Docs<'_>| d.docs.into_iter().map(|d| d.0.into_owned()).collect();
    // The terms (most of the index: words and the numbers of the pages
    // they are on) come last and hold no URL: the documents are read
    // from the index without them where it ends so, else whole.
    if let Some(at) = terms_start(json) {
        let head = [&json[..at], b"}"].concat();
        if let Ok(d) = serde_json::from_slice::<Docs<'_>>(&head) {
            return Some(urls(d));
        }
    }
    serde_json::from_slice::<Docs<'_>>(json).ok().map(urls)
}

/// Where the index's last member, `"terms":{…}`, starts (at the comma
/// before it), if the index ends with it: its values are arrays of
/// numbers, so `,"terms":{` is found nowhere else (a string's quotes
/// are escaped), and the index is the object before it, closed.
fn terms_start(json: &[u8]) -> Option<usize> {
    const TERMS: &[u8] = b",\"terms\":{";
    let at = memchr::memmem::rfind(json, TERMS)?;
    (json.last() == Some(&b'}')).then_some(at)
}

/// The text of the search index as its reader sees it, every block
/// ([`scanned_text`] keeps only those that may hold personal data).
#[cfg(test)]
pub(super) fn text(bytes: &[u8]) -> Option<String> {
    text_with(bytes, |_| true)
}

/// The text of the search index as its reader sees it: `search.js` shows
/// each JSON string on its own (`textContent`: titles, snippets), so each
/// string, its escapes decoded, is a block of its own
/// ([`super::blocks`]), and so are the bytes between strings (numbers and
/// punctuation). Read whole, one number in one page's snippet made the
/// whole index one block to normalise and scan. Only the blocks that may
/// hold personal data ([`blocks::may_hold`](super::blocks)) are kept:
/// scanning them finds what scanning every block finds, without copying
/// the rest of the index (most of it: the terms and the numbers of the
/// pages they are on). `None` if the bytes are not UTF-8 or not JSON
/// strings closed in order (then the index is scanned whole, as any text
/// file).
pub(super) fn scanned_text(bytes: &[u8]) -> Option<String> {
    text_with(bytes, |b| super::blocks::may_hold(b.as_bytes()))
}

fn text_with(bytes: &[u8], keep: impl Fn(&str) -> bool) -> Option<String> {
    let all = simdutf8::basic::from_utf8(bytes).ok()?;
    let mut out = String::new();
    let mut push = |block: &str| {
        // A string holding a block break is more than one block: it may
        // hold personal data if one of them does, and so it does.
        if !block.is_empty() && keep(block) {
            out.push_str(BLOCK_BREAK);
            out.push_str(block);
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let Some(open) = memchr::memchr(b'"', &bytes[i..]).map(|o| i + o) else {
            push(&all[i..]);
            break;
        };
        push(&all[i..open]);
        // The closing quote: the first `"` not escaped by a backslash.
        let mut close = open + 1;
        loop {
            let at = close + memchr::memchr2(b'"', b'\\', bytes.get(close..)?)?;
            if bytes[at] == b'"' {
                close = at;
                break;
            }
            // A backslash and the byte it escapes.
            close = at + 2;
        }
        let inner = &all[open + 1..close];
        if inner.contains('\\') {
            let s: String = serde_json::from_str(&all[open..=close]).ok()?;
            push(&s);
        } else {
            push(inner);
        }
        i = close + 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documents read from the index without its terms are those of
    /// the whole index, whatever the strings hold (`,"terms":{` too);
    /// an index that does not end with its terms is read whole.
    #[test]
    fn the_documents_are_read_without_the_terms_as_with_them() {
        const PIECES: &[&str] = &[
            ",\"terms\":{",
            "terms",
            "\"",
            "}",
            "{",
            "]",
            "javascript:alert(1)",
            "a.html",
            "å",
            "\\",
        ];
        let mut next = crate::gate::xorshift(0x0DDB_1A5E_5BAD_5EED);
        let string = |next: &mut dyn FnMut() -> u64| -> String {
            (0..next() % 5)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect()
        };
        for round in 0..2_000 {
            let docs: Vec<serde_json::Value> = (0..next() % 4)
                .map(|_| {
                    serde_json::json!([string(&mut next), string(&mut next), 1, string(&mut next)])
                })
                .collect();
            let mut terms = serde_json::Map::new();
            for _ in 0..next() % 4 {
                terms.insert(string(&mut next), serde_json::json!([1, 2]));
            }
            // Written in order, as the index writer writes it, or with
            // the terms before the documents.
            let docs_json = serde_json::to_string(&docs).unwrap();
            let terms_json = serde_json::to_string(&terms).unwrap();
            let stop = serde_json::to_string(&[string(&mut next)]).unwrap();
            let last = round % 5 != 0;
            let json = if last {
                format!("{{\"v\":1,\"stop\":{stop},\"docs\":{docs_json},\"terms\":{terms_json}}}")
            } else {
                format!("{{\"v\":1,\"terms\":{terms_json},\"stop\":{stop},\"docs\":{docs_json}}}")
            };
            let json = json.into_bytes();
            let want: Vec<String> = docs
                .iter()
                .map(|d| d[0].as_str().unwrap().to_string())
                .collect();
            assert_eq!(
                doc_urls(&json),
                Some(want),
                "{}",
                String::from_utf8_lossy(&json)
            );
            assert!(terms_start(&json).is_some());
        }
    }

    #[test]
    fn strings_and_what_lies_between_are_blocks() {
        let index = br#"window.kartsiteSearch = {"docs":[["a.html","Ring \"070\" 123",0,"x\u00e5"]],"w":[1,22]};"#;
        let t = text(index).unwrap();
        let blocks: Vec<&str> = t.split(BLOCK_BREAK).collect();
        assert_eq!(
            blocks,
            [
                "",
                "window.kartsiteSearch = {",
                "docs",
                ":[[",
                "a.html",
                ",",
                "Ring \"070\" 123",
                ",0,",
                "x\u{e5}",
                "]],",
                "w",
                ":[1,22]};"
            ]
        );
        assert_eq!(text(br#"{"open"#), None);
    }

    /// Each string the JSON writer wrote is read back as the program
    /// reading the JSON reads it (escapes, quotes, backslashes, control
    /// characters, text outside ASCII), and between them only punctuation
    /// and numbers.
    #[test]
    fn the_blocks_are_the_strings_a_program_reads() {
        const PIECES: &[&str] = &[
            "070",
            "-123 45",
            "\"",
            "\\",
            "\n",
            "\t",
            "\u{1}",
            "å",
            " ¦ ",
            "@",
            "a",
            " ",
            ",",
            "]",
            "[",
            ":",
            "\\\"",
            "/",
            "\u{2028}",
            "…",
            "0701234567",
            "850101-1236",
        ];
        let mut next = crate::gate::xorshift(0x1234_5678_9ABC_DEF1);
        let mut with_hits = 0;
        for _ in 0..5_000 {
            let strings: Vec<String> = (0..(next() % 6))
                .map(|_| {
                    (0..(next() % 6))
                        .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                        .collect()
                })
                .collect();
            let json =
                serde_json::to_vec(&serde_json::json!({ "docs": [[strings, 12345]] })).unwrap();
            let mut bytes = b"window.kartsiteSearch = ".to_vec();
            bytes.extend_from_slice(&json);
            bytes.extend_from_slice(b";\n");
            let t = text(&bytes).unwrap();
            // Only the blocks that may hold personal data: the same found.
            let scanned = scanned_text(&bytes).unwrap();
            assert_eq!(
                crate::gate::scan::personal_data(std::slice::from_ref(&scanned)),
                crate::gate::scan::personal_data(std::slice::from_ref(&t)),
                "{t:?}"
            );
            assert!(scanned.len() <= t.len());
            with_hits +=
                usize::from(!crate::gate::scan::personal_data(std::slice::from_ref(&t)).is_empty());
            let read: Vec<&str> = t.split(BLOCK_BREAK).collect();
            // Every string is read as its blocks (a string holding ` ¦ `
            // is more than one: each scanned alone finds what the string
            // finds, as in HTML), in order.
            let pieces: Vec<&str> = strings
                .iter()
                .flat_map(|s| s.split(BLOCK_BREAK))
                .filter(|p| !p.is_empty())
                .collect();
            let mut at = 0;
            for p in &pieces {
                let found = read[at..].iter().position(|b| b == p);
                assert!(found.is_some(), "{p:?} in {read:?}");
                at += found.unwrap_or(0) + 1;
            }
            // The other blocks are JSON punctuation, numbers and keys.
            for b in read.iter().filter(|b| !pieces.contains(b)) {
                assert!(
                    b.is_empty()
                        || *b == "docs"
                        || *b == "window.kartsiteSearch = {"
                        || b.chars()
                            .all(|c| c.is_ascii_digit() || "[]{},:;\n".contains(c)),
                    "{b:?} in {read:?}"
                );
            }
        }
        assert!(with_hits > 500, "{with_hits}");
    }
}
