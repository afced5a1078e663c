//! URLs in CSS and scripts: `url(…)`, `image-set("…")` and `@import` in
//! style sheets, `<style>` elements and `style` attributes (read after CSS
//! escapes are decoded, as a browser reads `u\72l(` or `"http\3a //"`),
//! and addresses of other hosts in scripts.

use std::ops::Range;

/// One URL found in CSS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CssUrl {
    /// Byte range to cut if the URL is refused: the whole `url(…)` or
    /// function, or the whole `@import …;` rule.
    pub cut: Range<usize>,
    /// The URL, CSS escapes decoded.
    pub url: String,
    /// 1-based line in the CSS.
    pub line: usize,
}

/// Functions whose arguments a browser loads.
const LOADING: &[&str] = &[
    "url",
    "src",
    "image",
    "image-set",
    "-webkit-image-set",
    "cross-fade",
];

/// Every URL a browser would load from `css`.
pub fn urls(css: &str) -> Vec<CssUrl> {
    if memchr::memchr(b'\\', css.as_bytes()).is_some() {
        urls_escaped(css)
    } else {
        urls_plain(css)
    }
}

/// A search through bytes, for a reading that goes from one find to the
/// next: what it found is kept, and it is searched for again only once
/// the reading has passed it.
struct Ahead {
    at: Option<usize>,
    find: fn(&[u8]) -> Option<usize>,
}

impl Ahead {
    fn new(b: &[u8], find: fn(&[u8]) -> Option<usize>) -> Ahead {
        Ahead { at: find(b), find }
    }

    /// Its find at or after `i`.
    fn from(&mut self, b: &[u8], i: usize) -> Option<usize> {
        if self.at.is_some_and(|p| p < i) {
            self.at = (self.find)(&b[i..]).map(|p| p + i);
        }
        self.at
    }

    /// The first find of `x` and `y` at or after `i`.
    fn first(b: &[u8], i: usize, x: &mut Ahead, y: &mut Ahead) -> Option<usize> {
        x.from(b, i).into_iter().chain(y.from(b, i)).min()
    }
}

/// Whether `c` is part of an identifier.
fn ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80
}

/// [`urls`] of CSS without a backslash (no escapes: every name is as it
/// is written), as [`urls_escaped`] reads it: from one byte where a
/// comment, a string, an at-rule or a call starts to the next (found by
/// vector searches); at a `(`, the name of the call is read backwards. A
/// theme's style sheet is mostly names and values, each of which the
/// other reading walks through.
fn urls_plain(css: &str) -> Vec<CssUrl> {
    let b = css.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // The next `(`, `/` or `@`, and the next quote.
    let mut calls = Ahead::new(b, |h| memchr::memchr3(b'(', b'/', b'@', h));
    let mut quotes = Ahead::new(b, |h| memchr::memchr2(b'"', b'\'', h));
    while let Some(p) = Ahead::first(b, i, &mut calls, &mut quotes) {
        i = p;
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = find(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
            }
            b'"' | b'\'' => i = string_end(b, i),
            b'@' => {
                let (name, end) = ident(css, i + 1);
                if name.eq_ignore_ascii_case("import") {
                    let rule_end = rule_end(b, end);
                    out.push(import(css, i, end, rule_end));
                    i = rule_end;
                } else {
                    i = end.max(i + 1);
                }
            }
            b'(' => {
                // The name: the identifier before the `(`, from its first
                // letter or `-` (where the other reading starts one); an
                // at-rule's name is none.
                let run = b[..i]
                    .iter()
                    .rposition(|&c| !ident_byte(c))
                    .map_or(0, |p| p + 1);
                let start = (run..i)
                    .find(|&k| b[k].is_ascii_alphabetic() || b[k] == b'-')
                    .unwrap_or(i);
                if start < i
                    && !(run > 0 && b[run - 1] == b'@')
                    && let Some(next) = call(css, start, i, &mut out)
                {
                    i = next;
                    continue;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The `@import` rule at `at` (its name ends at `end`, the rule at
/// `rule_end`).
fn import(css: &str, at: usize, end: usize, rule_end: usize) -> CssUrl {
    let mut inner = urls(&css[end..rule_end]);
    let url = match inner.pop() {
        Some(u) => u.url,
        None => first_string(css, end, rule_end).unwrap_or_default(),
    };
    CssUrl {
        cut: at..rule_end,
        url,
        line: line_of(css.as_bytes(), at),
    }
}

/// The call whose name starts at `at` and whose `(` is at `paren`: if it
/// loads ([`LOADING`]), its URLs go to `out` and the reading goes on at
/// the returned position, after its `)`.
fn call(css: &str, at: usize, paren: usize, out: &mut Vec<CssUrl>) -> Option<usize> {
    let b = css.as_bytes();
    let (name, _) = ident(css, at);
    let lower = name.to_ascii_lowercase();
    if !LOADING.contains(&lower.as_str()) {
        return None;
    }
    let close = close_paren(b, paren + 1);
    let args = &css[paren + 1..close.min(b.len())];
    let urls: Vec<String> = if lower == "url" || lower == "src" {
        vec![unquote(args.trim())]
    } else {
        strings(args)
            .into_iter()
            .chain(urls(args).into_iter().map(|u| u.url))
            .collect()
    };
    for url in urls {
        out.push(CssUrl {
            cut: at..(close + 1).min(b.len()),
            url,
            line: line_of(b, at),
        });
    }
    Some((close + 1).min(b.len()))
}

/// [`urls`] of CSS with escapes: byte by byte, each name decoded where
/// it may be a call.
fn urls_escaped(css: &str) -> Vec<CssUrl> {
    let b = css.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i = find(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
            continue;
        }
        if c == b'"' || c == b'\'' {
            i = string_end(b, i);
            continue;
        }
        if c == b'@' {
            let (name, end) = ident(css, i + 1);
            if name.eq_ignore_ascii_case("import") {
                let rule_end = rule_end(b, end);
                out.push(import(css, i, end, rule_end));
                i = rule_end;
                continue;
            }
            i = end.max(i + 1);
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'-' || c == b'\\' {
            // Most identifiers (properties, values) are no function: the
            // name is decoded only for one.
            let end = ident_end(css, i);
            if end > i
                && b.get(end) == Some(&b'(')
                && let Some(next) = call(css, i, end, &mut out)
            {
                i = next;
                continue;
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// The identifier at `at`, escapes decoded, and where it ends.
fn ident(css: &str, at: usize) -> (String, usize) {
    let b = css.as_bytes();
    let mut name = String::new();
    let mut i = at;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' {
            let (ch, used) = escape(css, i);
            name.push(ch);
            i += used;
        } else if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80 {
            let ch = css[i..].chars().next().unwrap_or('\u{FFFD}');
            name.push(ch);
            i += ch.len_utf8();
        } else {
            break;
        }
    }
    (name, i)
}

/// Where the identifier at `at` ends ([`ident`] without decoding it):
/// the bytes of a character outside ASCII are all 0x80 or more.
fn ident_end(css: &str, at: usize) -> usize {
    let b = css.as_bytes();
    let mut i = at;
    while let Some(&c) = b.get(i) {
        if c == b'\\' {
            i += escape(css, i).1;
        } else if ident_byte(c) {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The escape at `at` (a `\`): its character and its length.
fn escape(css: &str, at: usize) -> (char, usize) {
    let b = css.as_bytes();
    let hex = b[at + 1..]
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_hexdigit())
        .count();
    if hex > 0 {
        let n = u32::from_str_radix(&css[at + 1..at + 1 + hex], 16).unwrap_or(0xFFFD);
        let mut used = 1 + hex;
        if b.get(at + used).is_some_and(u8::is_ascii_whitespace) {
            used += 1;
        }
        return (
            char::from_u32(n)
                .filter(|&c| c != '\0')
                .unwrap_or('\u{FFFD}'),
            used,
        );
    }
    match css.get(at + 1..).and_then(|r| r.chars().next()) {
        Some(c) => (c, 1 + c.len_utf8()),
        None => ('\u{FFFD}', 1),
    }
}

/// `s` without its quotes, escapes decoded.
fn unquote(s: &str) -> String {
    let inner = match s.as_bytes().first() {
        Some(q @ (b'"' | b'\'')) => {
            let s = &s[1..];
            s.strip_suffix(*q as char).unwrap_or(s)
        }
        _ => s,
    };
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        if inner.as_bytes()[i] == b'\\' {
            if inner.as_bytes().get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            let (c, used) = escape(inner, i);
            out.push(c);
            i += used;
        } else {
            let c = inner[i..].chars().next().unwrap_or('\u{FFFD}');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The quoted strings in `args`, unquoted.
fn strings(args: &str) -> Vec<String> {
    let b = args.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' || b[i] == b'\'' {
            let end = string_end(b, i);
            out.push(unquote(&args[i..end]));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

fn first_string(css: &str, from: usize, to: usize) -> Option<String> {
    strings(&css[from..to]).into_iter().next()
}

/// The end (exclusive) of the string starting at `at`.
fn string_end(b: &[u8], at: usize) -> usize {
    let q = b[at];
    let mut i = at + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == q => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The `)` closing a function whose arguments start at `at`.
fn close_paren(b: &[u8], at: usize) -> usize {
    let mut depth = 0;
    let mut i = at;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => {
                i = string_end(b, i);
                continue;
            }
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' if depth == 0 => return i,
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// The end of an at-rule: after its `;` (or the end).
fn rule_end(b: &[u8], at: usize) -> usize {
    let mut i = at;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => {
                i = string_end(b, i);
                continue;
            }
            b';' => return i + 1,
            b'{' | b'}' => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, pat).map(|p| p + from)
}

fn line_of(b: &[u8], at: usize) -> usize {
    1 + b[..at].iter().filter(|&&c| c == b'\n').count()
}

/// Addresses of other hosts in the string literals of a script
/// (`"https://…"`, `'//host/…'`), with their lines: each would be a
/// request to another host if the script loads it. Comments are skipped;
/// XML namespace names (`http://www.w3.org/…`) are names, not requests.
pub fn script_hosts(js: &str) -> Vec<(String, usize)> {
    let b = js.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Comments and string literals start at a `/` or a quote.
    let mut slashes = Ahead::new(b, |h| memchr::memchr(b'/', h));
    let mut quotes = Ahead::new(b, |h| memchr::memchr3(b'"', b'\'', b'`', h));
    while let Some(p) = Ahead::first(b, i, &mut slashes, &mut quotes) {
        i = p;
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |e| i + e);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = find(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
            }
            b'"' | b'\'' | b'`' => {
                let end = string_end(b, i);
                let lit = &js[i + 1..end.saturating_sub(1).max(i + 1)];
                if !lit.contains("//") {
                    i = end;
                    continue;
                }
                let lower = lit.to_ascii_lowercase();
                for (at, _) in lower.match_indices("//") {
                    let before = &lower[..at];
                    if !(before.is_empty()
                        || before.ends_with("http:")
                        || before.ends_with("https:"))
                    {
                        continue;
                    }
                    let host: String = lit[at + 2..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'))
                        .collect();
                    if host.contains('.') && !lit[at + 2..].starts_with("www.w3.org/") {
                        out.push((host, line_of(b, i)));
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(css: &str) -> Vec<String> {
        urls(css).into_iter().map(|u| u.url).collect()
    }

    #[test]
    fn an_identifier_ends_where_its_decoding_ends() {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "9",
            "-",
            "_",
            "\\",
            "\\72",
            "\\000072 ",
            "\\(",
            "\\\n",
            "(",
            " ",
            ":",
            "å",
            "€",
            "😀",
            "\\é",
            "\\110000",
        ];
        let mut next = crate::gate::xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..20_000 {
            let n = 1 + (next() % 8) as usize;
            let css: String = (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            for (at, _) in css.char_indices() {
                assert_eq!(ident_end(&css, at), ident(&css, at).1, "{css:?} {at}");
            }
        }
    }

    #[test]
    fn urls_however_written() {
        assert_eq!(
            found("a{background:url(https://t.example/p.gif)}"),
            ["https://t.example/p.gif"]
        );
        assert_eq!(found("a{background:URL( \"x.png\" )}"), ["x.png"]);
        assert_eq!(
            found("a{background:u\\72l(//t.example/p)}"),
            ["//t.example/p"]
        );
        assert_eq!(
            found("a{background:url('http\\3a //t.example/p')}"),
            ["http://t.example/p"]
        );
        assert_eq!(
            found("@import 'https://cdn.example/x.css';\n@import url(y.css) screen;"),
            ["https://cdn.example/x.css", "y.css"]
        );
        assert_eq!(
            found("a{background-image:image-set(\"a.png\" 1x, url(//h.example/b.png) 2x)}"),
            ["a.png", "//h.example/b.png"]
        );
        // Comments and strings are not calls.
        assert!(
            found("/* url(https://x.example) */ a{content:\"url(https://x.example)\"}").is_empty()
        );
    }

    #[test]
    fn cuts_cover_the_call_or_the_rule() {
        let css = "@import \"//h.example/x.css\";\nb{color:red;background:url(x.png) no-repeat}";
        let u = urls(css);
        assert_eq!(&css[u[0].cut.clone()], "@import \"//h.example/x.css\";");
        assert_eq!(&css[u[1].cut.clone()], "url(x.png)");
        assert_eq!(u[1].line, 2);
    }

    /// CSS without escapes is read from special byte to special byte as
    /// it is read byte by byte.
    #[test]
    fn the_plain_reading_finds_what_the_byte_reading_finds() {
        const PIECES: &[&str] = &[
            "url(",
            "URL(",
            "src(",
            "image-set(",
            "x.png",
            ")",
            "(",
            "\"a.png\"",
            "'b.png'",
            "\"",
            "'",
            "/*",
            "*/",
            "/",
            "@import ",
            "@media",
            "@",
            "2",
            "_",
            "é",
            "-",
            "--",
            " ",
            "\n",
            ";",
            "{",
            "}",
            "a",
            "var(--x)",
            "#",
            "https://x.example/i.png",
            "cross-fade(",
        ];
        let mut next = crate::gate::xorshift(0xA076_1D64_78BD_642F);
        for _ in 0..20_000 {
            let css = crate::gate::pieces_text(&mut next, PIECES, 12);
            assert_eq!(urls_plain(&css), urls_escaped(&css), "{css:?}");
        }
    }

    #[test]
    fn script_addresses() {
        let js = "const ns = \"http://www.w3.org/2000/svg\";\nfetch('https://tracker.example/c?x=1');\nlet a = `//cdn.example/x.js`; // see https://docs.example\n/* https://licence.example */ let b = 'a//b';";
        let h = script_hosts(js);
        assert_eq!(
            h,
            [
                ("tracker.example".to_string(), 2),
                ("cdn.example".to_string(), 3)
            ]
        );
    }
}
