//! What a reader or a program sees of published text: HTML character
//! references and percent-encoding decoded, and the text normalised so
//! that a number or address written in an unusual form reads as the
//! plain one (Unicode NFKC, zero-width characters and soft hyphens
//! removed, every dash and space variant unified).

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// Decode HTML character references (`&#45;`, `&#x40;`, `&commat;`,
/// legacy names without `;`) as a browser does.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (decoded, used) = one_reference(rest);
        match decoded {
            Some(text) => {
                out.push_str(&text);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The reference at the start of `s` (which starts with `&`): its text
/// and how many bytes it takes.
fn one_reference(s: &str) -> (Option<String>, usize) {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let digits = b[start..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return (None, 0);
        }
        let text = &s[start..start + digits];
        let n = u32::from_str_radix(
            text.trim_start_matches('0').get(..8).unwrap_or(text),
            if hex { 16 } else { 10 },
        )
        .unwrap_or(0xFFFD);
        let c = char::from_u32(n)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        let mut used = start + digits;
        if b.get(used) == Some(&b';') {
            used += 1;
        }
        return (Some(c.to_string()), used);
    }
    // The longest named reference (names are at most 32 bytes).
    let name_len = b[1..]
        .iter()
        .take(33)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    for len in (1..=name_len).rev() {
        let with_semi = b.get(1 + len) == Some(&b';');
        let keys: &[usize] = if with_semi { &[1, 0] } else { &[0] };
        for &extra in keys {
            let key = &s[1..1 + len + extra];
            if let Some(&(a, c)) = markup5ever::data::NAMED_ENTITIES.get(key)
                && a != 0
            {
                let mut text = String::new();
                text.extend(char::from_u32(a));
                if c != 0 {
                    text.extend(char::from_u32(c));
                }
                return (Some(text), 1 + len + extra);
            }
        }
    }
    (None, 0)
}

/// Decode `%XX` escapes (invalid UTF-8 becomes U+FFFD), repeatedly while
/// they change the text (at most three rounds, for double encoding).
pub fn decode_percent(s: &str) -> Cow<'_, str> {
    let mut cur = Cow::Borrowed(s);
    for _ in 0..3 {
        if !cur.contains('%') {
            break;
        }
        let next = percent_encoding::percent_decode_str(&cur)
            .decode_utf8_lossy()
            .into_owned();
        if next == *cur {
            break;
        }
        cur = Cow::Owned(next);
    }
    cur
}

/// Whether `c` is invisible and joins what is around it: zero-width
/// characters, the soft hyphen, word joiners, byte-order marks, and
/// bidirectional controls.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E007F}')
}

/// Whether `c` is a dash a reader takes for `-`.
fn dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2043}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
                | '\u{058A}'
                | '\u{05BE}'
                | '\u{1806}'
                | '\u{2E3A}'
                | '\u{2E3B}'
    )
}

/// The text as it reads: NFKC (full-width digits and `＠` become ASCII),
/// the digits of other scripts made ASCII digits (`٠٧٠` is `070`),
/// invisible characters removed, dashes made `-`, every run of spaces and
/// line breaks one space, an underscore beside a digit dropped, so the
/// detectors see the plain form.
///
/// One pass over the bytes. Most published text is printable ASCII and
/// the Latin-1 letters of Swedish and Norwegian (`å`, `ä`, `ö`, `ø`, `æ`,
/// `é`), which are their own normal form: such spans are copied whole.
/// Runs of ASCII spaces and control characters become one space. Any
/// other character starts a run that is normalised on its own, with the
/// character before it (which a combining mark may join): no ASCII or
/// Latin-1 letter is ever the second part of a composition, so a run
/// ends where the next such span starts. The result equals NFKC of the
/// whole text followed by the same mapping.
pub fn normalise(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut last_space = false;
    let mut i = 0;
    while i < b.len() {
        // A span of characters that are their own normal form.
        let start = i;
        let mut last_char = i;
        while let Some(n) = plain_char(b, i) {
            last_char = i;
            i += n;
            // One space between two such characters is its own normal
            // form too (prose, word by word).
            if b.get(i) == Some(&b' ') && plain_char(b, i + 1).is_some() {
                i += 1;
            }
        }
        if i >= b.len() {
            out.push_str(&s[start..i]);
            break;
        }
        if b[i] < 0x80 {
            // ASCII spaces and control characters: one space.
            if i > start {
                out.push_str(&s[start..i]);
                last_space = false;
            }
            while i < b.len() && b[i] < 0x80 && plain_char(b, i).is_none() {
                i += 1;
            }
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        // Another character: a run to normalise, from the character
        // before it, to the next plain or ASCII character.
        let run_start = if i > start { last_char } else { i };
        if run_start > start {
            out.push_str(&s[start..run_start]);
            last_space = false;
        }
        while i < b.len() && b[i] >= 0x80 && plain_char(b, i).is_none() {
            i += 1;
        }
        normalise_run(&s[run_start..i], &mut out, &mut last_space);
    }
    if out.as_bytes().contains(&b'_') {
        out = drop_underscores_by_digits(&out);
    }
    out
}

/// The length of the character at `i` if it is its own normal form and
/// copied as it is: printable ASCII, a Latin-1 letter (U+00C0–U+00FF),
/// `¦` (which separates blocks), or one of the Arabic letters and
/// punctuation that [`super::blocks::wide`] calls prose (resident pages
/// in Arabic or Persian); else `None`. None of them is a space, a dash,
/// a digit or invisible, each is a starter that NFKC leaves as it is,
/// and none is the second of a pair that composes: the characters
/// around them normalise as if they were not there.
#[inline]
fn plain_char(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        0x21..=0x7E => Some(1),
        0xC3 if matches!(b.get(i + 1), Some(0x80..=0xBF)) => Some(2),
        0xC2 if b.get(i + 1) == Some(&0xA6) => Some(2),
        0xD8..=0xDB if arabic_prose(b[i], b.get(i + 1).copied()) => Some(2),
        _ => None,
    }
}

/// Whether the two bytes `lead`, `next` are an Arabic letter or Arabic
/// punctuation that is prose to every detector (U+060C, U+061B, U+061F,
/// U+0621–U+063A, U+0641–U+064A and the Persian and Urdu `پ چ ژ ک گ ی`).
#[inline]
pub(super) fn arabic_prose(lead: u8, next: Option<u8>) -> bool {
    matches!(
        (lead, next),
        (0xD8, Some(0x8C | 0x9B | 0x9F | 0xA1..=0xBA))
            | (0xD9, Some(0x81..=0x8A | 0xBE))
            | (0xDA, Some(0x86 | 0x98 | 0xA9 | 0xAF))
            | (0xDB, Some(0x8C))
    )
}

/// Append `run` normalised (NFKC, invisible characters removed, dashes
/// made `-`, spaces joined).
fn normalise_run(run: &str, out: &mut String, last_space: &mut bool) {
    let mut push = |c: char| {
        let c = if dash(c) {
            '-'
        } else {
            ascii_digit(c).unwrap_or(c)
        };
        if c.is_whitespace() || c.is_control() {
            if !*last_space {
                out.push(' ');
            }
            *last_space = true;
            return;
        }
        *last_space = false;
        out.push(c);
    };
    if unicode_normalization::is_nfkc_quick(run.chars()) == unicode_normalization::IsNormalized::Yes
    {
        for c in run.chars().filter(|&c| !invisible(c)) {
            push(c);
        }
    } else {
        for c in run.chars().filter(|&c| !invisible(c)).nfkc() {
            if !invisible(c) {
                push(c);
            }
        }
    }
}

/// The zeros of the decimal digits of other scripts (Unicode `Nd`, each
/// run of ten in order), in the Basic Multilingual Plane: Arabic-Indic,
/// Persian and Urdu, N'Ko, the Indic scripts, Thai, Lao, Tibetan,
/// Myanmar, Khmer, Mongolian and others. NFKC leaves them as they are.
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
];

/// The ASCII digit a decimal digit of another script stands for: a phone
/// number written `٠٧٠-١٢٣ ٤٥ ٦٧` on a page in Arabic is `070-123 45 67`.
fn ascii_digit(c: char) -> Option<char> {
    let n = u32::from(c);
    if n < 0x0660 {
        return None;
    }
    DIGIT_ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&n))
        .and_then(|&zero| char::from_digit(n - zero, 10))
}

/// `85_0101_-1236` reads as `850101-1236`: an underscore next to a digit
/// is dropped (in addresses, between letters, it stays).
fn drop_underscores_by_digits(s: &str) -> String {
    let b = s.as_bytes();
    let digit = |i: Option<&u8>| i.is_some_and(u8::is_ascii_digit);
    let kept: Vec<u8> = b
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            c != b'_' || !(digit(i.checked_sub(1).and_then(|j| b.get(j))) || digit(b.get(i + 1)))
        })
        .map(|(_, &c)| c)
        .collect();
    // Only ASCII underscores were taken out: still UTF-8.
    String::from_utf8(kept).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether the bytes `p` and `c` are a letter and an ASCII digit, or a
/// digit and a letter, side by side: a letter is an ASCII letter or a
/// character outside ASCII (in normalised text: the letters of other
/// scripts, `هاتف0701234567`, and a few symbols, which a space beside a
/// number does not change).
#[inline]
fn letter_meets_digit(p: u8, c: u8) -> bool {
    // Without short-circuits: the pass over a whole text
    // ([`next_junction`]) is vectorised.
    let letter = |x: u8| ((x | 0x20).wrapping_sub(b'a') < 26) | (x >= 0x80);
    let digit = |x: u8| x.wrapping_sub(b'0') < 10;
    (letter(p) & digit(c)) | (digit(p) & letter(c))
}

/// Where a letter and a digit next touch at or after `from` in `b`: the
/// index of the second of the two. Most texts have no such pair, and
/// [`deglue`] reads only the words that have one; the pairs are looked
/// for 32 at a time, by a pass the compiler vectorises.
fn next_junction(b: &[u8], from: usize) -> Option<usize> {
    let pairs = b.len().checked_sub(1)?;
    let (x, y) = (b.get(from..pairs)?, &b[from + 1..]);
    let mut i = 0;
    for (p, c) in x.chunks_exact(32).zip(y.chunks_exact(32)) {
        if p.iter()
            .zip(c)
            .fold(false, |any, (&p, &c)| any | letter_meets_digit(p, c))
        {
            break;
        }
        i += 32;
    }
    x[i..]
        .iter()
        .zip(&y[i..])
        .position(|(&p, &c)| letter_meets_digit(p, c))
        .map(|at| from + i + at + 1)
}

/// Whether the word `w` has letters and digits glued together
/// (`tel0701234567`), and is neither an address (an `@`) nor a code of
/// capitals and digits (`SE45`, `TAB6586`, `BE0101N1`).
fn glued(w: &[u8]) -> bool {
    let mut boundary = false;
    let mut code = true;
    for (i, &c) in w.iter().enumerate() {
        if c == b'@' {
            return false;
        }
        code &= c.is_ascii_uppercase() || c.is_ascii_digit();
        if i > 0 {
            boundary |= letter_meets_digit(w[i - 1], c);
        }
    }
    // A checksum is looked for only in the few words that would be cut.
    boundary && !code && !digest(w)
}

/// Whether the word `w` is a checksum or an identifier in hexadecimal:
/// at least 32 hex digits (MD5, SHA-1, SHA-256, as `build.json` records
/// its inputs' hash), whole or in a UUID's dashed groups. Its runs of
/// digits are no numbers a person is reached by: it is not cut apart.
fn digest(w: &[u8]) -> bool {
    let w = w
        .strip_prefix(b"\"")
        .and_then(|x| x.strip_suffix(b"\""))
        .unwrap_or(w);
    let hex = w.iter().filter(|c| c.is_ascii_hexdigit()).count();
    let dashes = w.iter().filter(|&&c| c == b'-').count();
    let uuid = dashes == 4
        && w.split(|&c| c == b'-')
            .map(<[u8]>::len)
            .eq([8, 4, 4, 4, 12]);
    hex >= 32 && hex + dashes == w.len() && (dashes == 0 || uuid)
}

/// A space put where letters and digits touch (`tel0701234567`,
/// `0701234567kr`), except in words with an `@` (an address such as
/// `anna2@exempel.se` stays whole for the allowlist). A word ends at a
/// space, a comma or a semicolon: the cells of a CSV row are words apart
/// (and a text cut into blocks at those characters reads the same,
/// [`super::blocks::candidates`]).
pub fn deglue(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    // Bytes of `b` before `copied` are in `out`.
    let mut copied = 0;
    let mut from = 0;
    while let Some(at) = next_junction(b, from) {
        // The word where the two touch.
        let start = memchr::memrchr3(b' ', b',', b';', &b[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr3(b' ', b',', b';', &b[at..]).map_or(b.len(), |i| at + i);
        let w = &b[start..end];
        if glued(w) {
            let out = out.get_or_insert_with(|| Vec::with_capacity(b.len() + 8));
            out.extend_from_slice(&b[copied..start]);
            for (j, &c) in w.iter().enumerate() {
                if j > 0 && letter_meets_digit(w[j - 1], c) {
                    out.push(b' ');
                }
                out.push(c);
            }
            copied = end;
        }
        from = end;
    }
    let Some(mut out) = out else {
        return Cow::Borrowed(s);
    };
    out.extend_from_slice(&b[copied..]);
    // Spaces were put between characters only (a byte of a character
    // outside ASCII is 0x80 or more, a digit is ASCII): still UTF-8.
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hash or a UUID (as `build.json` publishes its inputs' hash) is
    /// no phone number glued to letters; `tel0701234567` still is.
    #[test]
    fn checksums_are_not_cut_into_numbers() {
        use crate::check::privacy::scan_text;
        for text in [
            "04b1c07224d163e988a5d7c5a4b80e9d974d2026e02508418d9e36b66ca69568",
            "\"inputs_sha256\": \"04b1c07224d163e988a5d7c5a4b80e9d974d2026e02508418d9e36b66ca69568\",",
            "id 5f0e2508418d9e36b66ca6956801234a",
            "550e8400-e29b-41d4-a716-446655440000",
        ] {
            let norm = normalise(text);
            assert!(scan_text(&deglue(&norm)).is_empty(), "{text}");
        }
        for text in ["tel0701234567", "ab0701234567cd", "abcdef0701234567"] {
            assert!(!scan_text(&deglue(text)).is_empty(), "{text}");
        }
    }

    #[test]
    fn entities_decode_as_a_browser_reads_them() {
        assert_eq!(decode_entities("070&#45;123&#x2d;45 67"), "070-123-45 67");
        assert_eq!(
            decode_entities("anna&#64;x.se &commat; &amp;lt;"),
            "anna@x.se @ &lt;"
        );
        assert_eq!(
            decode_entities("javascript&colon;x &copy 1 & 2"),
            "javascript:x © 1 & 2"
        );
        assert_eq!(decode_entities("&#0;&#99999999999;"), "\u{FFFD}\u{FFFD}");
    }

    /// The pass over the whole text finds each letter beside a digit
    /// that reading pair by pair finds, across the pass's chunks too; and
    /// [`deglue`], which reads only the words that hold one, reads as
    /// reading every word does.
    #[test]
    fn the_whole_text_pass_finds_each_letter_beside_a_digit() {
        fn deglue_every_word(s: &str) -> String {
            let mut seps = s.matches([' ', ',', ';']);
            s.split([' ', ',', ';'])
                .map(|w| {
                    let b = w.as_bytes();
                    if !glued(b) {
                        return w.to_string();
                    }
                    let mut out = Vec::new();
                    for (j, &c) in b.iter().enumerate() {
                        if j > 0 && letter_meets_digit(b[j - 1], c) {
                            out.push(b' ');
                        }
                        out.push(c);
                    }
                    String::from_utf8(out).unwrap()
                })
                .map(|w| w + seps.next().unwrap_or(""))
                .collect()
        }
        const PIECES: &[&str] = &[
            "a", "Z", "0", "9", " ", "-", "@", "å", "ف", "`", "{", "SE45", "x", ",", ";",
        ];
        let mut next = crate::gate::xorshift(0x9E37_79B9_7F4A_7C15);
        for _ in 0..5_000 {
            let len = (next() % 140) as usize;
            let mut t: Vec<&str> = vec![" "; len];
            // Mostly spaces: a pair, if any, falls anywhere in the text.
            for _ in 0..(next() % 6) {
                if len > 0 {
                    t[(next() % len as u64) as usize] =
                        PIECES[(next() % PIECES.len() as u64) as usize];
                }
            }
            let t = t.concat();
            let b = t.as_bytes();
            let pairwise: Vec<usize> = (1..b.len())
                .filter(|&i| letter_meets_digit(b[i - 1], b[i]))
                .collect();
            let mut found = Vec::new();
            let mut from = 0;
            while let Some(at) = next_junction(b, from) {
                found.push(at);
                from = at;
            }
            assert_eq!(found, pairwise, "{t:?}");
            assert_eq!(deglue(&t), deglue_every_word(&t), "{t:?}");
        }
        assert_eq!(next_junction(b"tel0", 0), Some(3));
        // Normalised text has no digit outside ASCII.
        assert_eq!(next_junction("هاتف٠".as_bytes(), 0), None);
        assert_eq!(next_junction("ف0".as_bytes(), 0), Some(2));
        assert_eq!(next_junction(b"0 a 1 `2 2{ @3", 0), None);
    }

    #[test]
    fn percent_decoding_repeats_for_double_encoding() {
        assert_eq!(decode_percent("java%73cript:"), "javascript:");
        assert_eq!(decode_percent("%2537"), "7");
        assert_eq!(decode_percent("100%"), "100%");
    }

    #[test]
    fn normalised_text_shows_the_plain_form() {
        assert_eq!(normalise("８５０１０１–１２３６"), "850101-1236");
        assert_eq!(normalise("070\u{200B}123\u{AD}45\u{A0}67"), "07012345 67");
        assert_eq!(normalise("a\n\n  b\tc"), "a b c");
        assert_eq!(normalise("anna＠exempel.se"), "anna@exempel.se");
        assert_eq!(
            normalise("85_0101_-1236 anna_b@x.se"),
            "850101-1236 anna_b@x.se"
        );
        assert_eq!(deglue("tel0701234567kr ok"), "tel 0701234567 kr ok");
        assert_eq!(deglue("anna2@x.se"), "anna2@x.se");
        assert_eq!(deglue("SE45 TAB6586 år2025"), "SE45 TAB6586 år 2025");
        // Runs of other characters are normalised on their own, with the
        // ASCII letter a combining mark joins.
        assert_eq!(normalise("Cafe\u{301} 1\u{A0}200 kr…"), "Café 1 200 kr...");
        assert_eq!(normalise("ab\u{200B}cd ＡＢ"), "abcd AB");
        assert_eq!(normalise("_x_ 1_2"), "_x_ 12");
        // Digits of other scripts are digits; letters of any script glued
        // to a number are cut from it.
        assert_eq!(
            normalise("٠٧٠-١٢٣ ٤٥ ٦٧ ۰۷۰۱۲۳۴۵۶۷"),
            "070-123 45 67 0701234567"
        );
        assert_eq!(deglue("هاتف0701234567 ö1"), "هاتف 0701234567 ö 1");
        for written in ["٠٧٠-١٢٣ ٤٥ ٦٧", "هاتف٠٧٠١٢٣٤٥٦٧", "۸۵۰۱۰۱-۱۲۳۶"]
        {
            let norm = normalise(written);
            let hits = crate::check::privacy::scan_text(&deglue(&norm));
            assert_eq!(hits.len(), 1, "{written}");
        }
        assert_eq!(ascii_digit('٩'), Some('9'));
        assert_eq!(ascii_digit('a'), None);
        assert_eq!(ascii_digit('\u{06FA}'), None);
    }

    /// What [`normalise`] must equal: NFKC of the whole text (invisible
    /// characters removed before and after), then dashes, spaces and
    /// underscores mapped. Slow; the fast path must give the same.
    fn reference(s: &str) -> String {
        let mut out = String::new();
        let mut last_space = false;
        for c in s.chars().filter(|&c| !invisible(c)).nfkc() {
            if invisible(c) {
                continue;
            }
            let c = if dash(c) {
                '-'
            } else {
                ascii_digit(c).unwrap_or(c)
            };
            if c.is_whitespace() || c.is_control() {
                if !last_space {
                    out.push(' ');
                }
                last_space = true;
                continue;
            }
            last_space = false;
            out.push(c);
        }
        if out.contains('_') {
            out = drop_underscores_by_digits(&out);
        }
        out
    }

    #[test]
    fn the_fast_path_equals_nfkc_of_the_whole_text() {
        // Characters that copy, join, compose, decompose or vanish.
        const ALPHABET: &[&str] = &[
            "a", "e", "Z", "0", "7", " ", "\n", "\t", "\u{7f}", "_", "-", "@", "å", "ö", "é", "Ø",
            "ÿ", "¦", "\u{301}", "\u{323}", "\u{308}", "\u{A0}", "\u{AD}", "\u{200B}", "\u{FEFF}",
            "８", "＠", "–", "—", "²", "ﬁ", "…", "\u{1100}", "\u{1161}", "\u{11A8}", "\u{AC00}",
            "\u{B47}", "\u{B3E}", "Å", "\u{212B}", "ｱ", "\u{FF9E}", "\u{3000}", "\u{2028}", "٠",
            "٧", "۵", "९", "๓", "هاتف", "ا", "و", "ي", "ی", "آ", "،", "\u{653}", "\u{654}",
            "\u{655}", "\u{64B}", "\u{651}", "\u{6D5}", "\u{6C1}",
        ];
        let mut next = crate::gate::xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            let s: String = (0..len)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect();
            assert_eq!(normalise(&s), reference(&s), "{s:?}");
        }
    }
}
