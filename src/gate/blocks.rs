//! Which parts of a published text can hold personal data at all: one
//! fast pass over the bytes, so that the normaliser and the detectors run
//! only over the blocks that need them, not over every published byte.
//!
//! The text the gate reads ([`super::html::read`]) is made of blocks (a
//! paragraph, a table cell, a list item, an attribute value) separated
//! by [`BLOCK_BREAK`] (` ¦ `). Scanning each block on its own finds the
//! same personal data as scanning the whole text:
//!
//! - no detector matches across ` ¦ `: numbers are digits and the
//!   separators `space - . / ( ) +`, addresses are letters, digits and
//!   `_ % + - .` around an `@` or a written-out `[at]`, and the words that
//!   clear a number (IBAN, `Ärendenummer`) are followed by the number; `¦`
//!   is none of these and is its own normal form;
//! - a block's first and last characters have a space beside them in the
//!   whole text, so word boundaries, `deglue`'s words and the runs of
//!   spaces read the same alone as in the whole text.
//!
//! A block that may hold personal data is cut further, at each `;` and
//! at each `,` with no digit beside it; each run of pieces that may hold
//! some is scanned alone (a CSV download is one block, and every one
//! ends with the date it was compiled). The pieces find what the block
//! finds: no detector matches a `;` or a `,`; the phone detector reads a
//! `,` beside its match only with a digit on the `,`'s other side
//! (`070 123 45 67,5` is part of a longer number), and that `,` is not a
//! cut; a `,` or `;`
//! is a word boundary as the end of a text is; and `deglue`'s words end
//! at both.
//!
//! A block is skipped only if it cannot hold a hit after normalising
//! ([`super::text::normalise`]):
//!
//! - every number a detector reports has at least seven ASCII digits in
//!   one run of digits and separators; a block is kept if a run of
//!   digits, separators, underscores, spaces, control characters and
//!   characters that normalise to separators or vanish (no-break and
//!   other spaces, dashes, `…`, zero-width characters, the soft hyphen)
//!   holds seven digits;
//! - an address needs an `@` (or `＠`, `﹫`) or a closing bracket after
//!   `at` or `snabel-a`: a block is kept if it has an `@` or a closing
//!   bracket after an `a` or `t` in the same block (spaces and other
//!   characters between allowed);
//! - any other character outside ASCII is kept unless it is on a short
//!   list of characters that are their own normal form and neither a
//!   digit, a separator, an `@` nor a bracket (the Latin-1 letters of
//!   Swedish and Norwegian, the Arabic letters of resident pages in
//!   Arabic or Persian, quotation marks, `€`, `§`, `°`, …): a full-width
//!   or Arabic-Indic digit, `＠` or a combining mark keeps its block.
//!
//! Most blocks of prose have none of these: a block without a digit,
//! `@`, closing bracket or character outside ASCII and Latin-1 letters
//! is skipped by a pass the compiler vectorises, before any character
//! is read one by one.
//!
//! `the_blocks_find_what_the_whole_text_finds` (tests) checks the claim
//! against the detectors over generated texts.
//!
//! The same argument lets a text skip the blocks of a text already
//! scanned: the print page's sections repeat the pages.

use std::ops::Range;

pub use super::html::BLOCK_BREAK;
pub use super::raw::{Raw, raw_notable, raw_read};

/// The fewest digits of any number a detector reports (as in
/// `check::privacy::windows`).
pub(super) const MIN_DIGITS: u32 = 7;

/// What a character is to the pre-filter.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Breaks a run of digits and can be no part of personal data's
    /// special characters (letters, most punctuation).
    Breaks,
    /// Continues a run of digits (separators, spaces, `_`, control
    /// characters; outside ASCII: spaces, dashes, invisible characters).
    Joins,
    /// An ASCII digit.
    Digit,
    /// Needs a closer look: `)`, `]`, `}` (may end a written-out `@`),
    /// `@`, and the first byte of a character outside ASCII and Latin-1.
    Look,
    /// Keeps its block (`@`, unknown characters outside ASCII).
    Keep,
}

/// The class of each byte, as the first byte of a character. Text is
/// UTF-8, so a continuation byte is only seen after a Latin-1 letter's
/// first byte (0xC3), which is a letter; the first bytes of all other
/// characters outside ASCII are looked at closer ([`wide`]).
pub(super) const BYTES: [Class; 256] = {
    let mut t = [Class::Breaks; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_digit() {
            Class::Digit
        } else if c <= b' ' || c == 0x7F {
            Class::Joins
        } else if c >= 0x80 && c < 0xC0 {
            // Continuation bytes (after 0xC3).
            Class::Breaks
        } else if c == 0xC3 {
            // U+00C0–U+00FF: Latin-1 letters, `×`, `÷`.
            Class::Breaks
        } else if c >= 0xC0 {
            Class::Look
        } else {
            match c {
                b'-' | b'.' | b'/' | b'(' | b'+' | b'_' => Class::Joins,
                b')' | b']' | b'}' => Class::Look,
                b'@' => Class::Keep,
                _ => Class::Breaks,
            }
        };
        i += 1;
    }
    t
};

/// The class of the character outside ASCII that starts at `b[i]`, and
/// its length in bytes.
pub(super) fn wide(b: &[u8], i: usize) -> (Class, usize) {
    match (b[i], b.get(i + 1).copied(), b.get(i + 2).copied()) {
        // U+00C0–U+00FF: Latin-1 letters, `×`, `÷`.
        (0xC3, Some(0x80..=0xBF), _) => (Class::Breaks, 2),
        // No-break space, soft hyphen.
        (0xC2, Some(0xA0 | 0xAD), _) => (Class::Joins, 2),
        // `¡ ¢ £ ¤ ¥ ¦ § © « ¬ ® ° ± ¶ · » ¿`.
        (
            0xC2,
            Some(0xA1..=0xA7 | 0xA9 | 0xAB | 0xAC | 0xAE | 0xB0 | 0xB1 | 0xB6 | 0xB7 | 0xBB | 0xBF),
            _,
        ) => (Class::Breaks, 2),
        // U+2000–U+200F spaces and zero-width characters, U+2010–U+2015
        // dashes, U+2028–U+202F separators, controls and the narrow
        // no-break space, `…` (U+2026) and the one-dot leader.
        (0xE2, Some(0x80), Some(0x80..=0x95 | 0xA4..=0xAF)) => (Class::Joins, 3),
        // `‘ ’ ‚ “ ” „ † ‡ •`, `‹ ›`.
        (0xE2, Some(0x80), Some(0x98..=0xA2 | 0xB9 | 0xBA)) => (Class::Breaks, 3),
        // Word joiner and invisible operators (U+2060–U+206F).
        (0xE2, Some(0x81), Some(0xA0..=0xAF)) => (Class::Joins, 3),
        // Arabic letters (U+0621–U+063A, U+0641–U+064A), the Persian
        // and Urdu `پ چ ژ ک گ ی`, and the Arabic comma, semicolon and
        // question mark: their own normal form, and letters or
        // punctuation to every detector, as Latin letters are (resident
        // pages in Arabic or Persian are prose like the others). The
        // tatweel, the vowel marks and the Arabic-Indic digits are kept.
        (lead @ 0xD8..=0xDB, next, _) if super::text::arabic_prose(lead, next) => {
            (Class::Breaks, 2)
        }
        // `€`.
        (0xE2, Some(0x82), Some(0xAC)) => (Class::Breaks, 3),
        // `→ ← ↑ ↓`.
        (0xE2, Some(0x86), Some(0x90..=0x93)) => (Class::Breaks, 3),
        // The minus sign.
        (0xE2, Some(0x88), Some(0x92)) => (Class::Joins, 3),
        // Byte-order mark (zero-width no-break space).
        (0xEF, Some(0xBB), Some(0xBF)) => (Class::Joins, 3),
        (c, _, _) => {
            let len = match c {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            (Class::Keep, len)
        }
    }
}

/// Whether the closing bracket at `close` may end a written-out `@`
/// (`(at)`, `[ at ]`, `(snabel-a)`): an `a` or `t` before it, with
/// spaces, control characters and characters outside ASCII between.
fn may_end_written_at(b: &[u8], close: usize) -> bool {
    b[..close]
        .iter()
        .rev()
        .find(|&&c| c > b' ' && c != 0x7F && c < 0x80)
        .is_some_and(|&c| matches!(c | 0x20, b'a' | b't'))
}

/// The blocks of `text` (byte ranges between block breaks) that may hold
/// personal data once normalised, in order.
pub fn candidates(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let end = next_break(b, start).unwrap_or(b.len());
        if may_hold(&b[start..end]) {
            if memchr::memchr2(b',', b';', &b[start..end]).is_some() {
                push_pieces(b, start..end, &mut out);
            } else {
                out.push(start..end);
            }
        }
        if end == b.len() {
            return out;
        }
        start = end + BLOCK_BREAK.len();
    }
}

/// The pieces of the block `block` of `b` (which may hold personal data)
/// that may hold some, each run of them one range: the block cut at each
/// `;`, and at each `,` with no digit beside it (see the module's
/// documentation). A CSV download's rows and the notes under them, or a
/// sentence that names a date, are scanned in the cells and clauses that
/// hold the digits.
fn push_pieces(b: &[u8], block: Range<usize>, out: &mut Vec<Range<usize>>) {
    let digit = |i: Option<usize>| i.and_then(|i| b.get(i)).is_some_and(u8::is_ascii_digit);
    let cuts = memchr::memchr2_iter(b',', b';', &b[block.clone()])
        .map(|p| block.start + p)
        .filter(|&p| b[p] == b';' || !(digit(p.checked_sub(1)) || digit(Some(p + 1))))
        .chain(std::iter::once(block.end));
    let mut piece_start = block.start;
    // Where the run of pieces that may hold began.
    let mut open: Option<usize> = None;
    for cut in cuts {
        if may_hold(&b[piece_start..cut]) {
            open.get_or_insert(piece_start);
        } else if let Some(from) = open.take() {
            out.push(from..piece_start - 1);
        }
        piece_start = cut + 1;
    }
    if let Some(from) = open {
        out.push(from..block.end);
    }
}

/// Where the next [`BLOCK_BREAK`] (` ¦ `, bytes `20 C2 A6 20`) starts at
/// or after `from`: found by its `A6`, which in UTF-8 is only ever a
/// continuation byte (cheaper than setting up a substring search for
/// each of many short texts).
fn next_break(b: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(p) = memchr::memchr(0xA6, b.get(at..)?) {
        let p = at + p;
        if p >= from + 2 && b[p - 2] == b' ' && b[p - 1] == 0xC2 && b.get(p + 1) == Some(&b' ') {
            return Some(p - 2);
        }
        at = p + 1;
    }
    None
}

/// Whether a byte can make a block a candidate: a digit, `@`, a closing
/// bracket, or the first byte of a character outside ASCII other than a
/// Latin-1 letter's (0xC3). A block without one is made of
/// [`Class::Breaks`] and [`Class::Joins`] only.
#[inline]
pub(super) const fn notable(c: u8) -> bool {
    // Without short cuts, so that the loop over a chunk is vectorised.
    (c.wrapping_sub(b'0') < 10)
        | (c == b'@')
        | (c == b')')
        | (c == b']')
        | (c == b'}')
        | ((c >= 0xC0) & (c != 0xC3))
}

/// The bytes [`notable`] calls notable, for reading byte by byte.
pub(super) static NOTABLE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = notable(i as u8);
        i += 1;
    }
    t
};

/// The first byte at or after `from` in `b` that `table` marks: 32
/// bytes at a time by `stop` (the same test, without short cuts, which
/// the compiler vectorises), then one by one in the chunk that holds it.
#[inline]
pub(super) fn next_marked(
    b: &[u8],
    from: usize,
    table: &[bool; 256],
    stop: impl Fn(u8) -> bool,
) -> Option<usize> {
    let rest = b.get(from..)?;
    let mut i = 0;
    for c in rest.chunks_exact(32) {
        if c.iter().fold(false, |any, &x| any | stop(x)) {
            break;
        }
        i += 32;
    }
    rest[i..]
        .iter()
        .position(|&x| table[usize::from(x)])
        .map(|p| from + i + p)
}

/// Whether the block `b` (no block break inside) may hold personal data
/// once normalised. Most blocks of prose have no notable byte, and most
/// of a block that has one is prose: while no run of digits is open, the
/// bytes that break or join one change nothing, and the reading goes
/// straight to the next notable byte ([`next_marked`]); only from there
/// is it read character by character.
pub(super) fn may_hold(b: &[u8]) -> bool {
    let mut digits = 0u32;
    let mut i = 0;
    loop {
        if digits == 0 {
            match next_marked(b, i, &NOTABLE, notable) {
                Some(p) => i = p,
                None => return false,
            }
        }
        let Some(&x) = b.get(i) else {
            return false;
        };
        let keep = match BYTES[usize::from(x)] {
            Class::Breaks => {
                digits = 0;
                i += 1;
                continue;
            }
            Class::Joins => {
                i += 1;
                continue;
            }
            Class::Digit => {
                digits += 1;
                i += 1;
                digits >= MIN_DIGITS
            }
            Class::Keep => true,
            Class::Look if x < 0x80 => {
                // A closing bracket: joins a run of digits.
                let keep = may_end_written_at(b, i);
                i += 1;
                keep
            }
            Class::Look => {
                let (class, len) = wide(b, i);
                i += len;
                match class {
                    Class::Breaks => digits = 0,
                    Class::Digit => digits += 1,
                    _ => {}
                }
                class == Class::Keep || digits >= MIN_DIGITS
            }
        };
        if keep {
            return true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::privacy::{Kind, canonical, scan_text};
    use crate::gate::text::{deglue, normalise};

    /// What the gate finds in `text` read whole.
    fn found(text: &str) -> Vec<(Kind, String)> {
        let norm = normalise(text);
        let norm = deglue(&norm);
        scan_text(&norm)
            .into_iter()
            .map(|h| (h.kind, canonical(h.kind, &norm[h.range])))
            .collect()
    }

    /// What the gate finds in the candidate blocks of `text`.
    fn found_in_blocks(text: &str) -> Vec<(Kind, String)> {
        candidates(text)
            .into_iter()
            .flat_map(|r| found(&text[r]))
            .collect()
    }

    #[test]
    fn blocks_without_digits_addresses_or_unusual_characters_are_skipped() {
        let text = "Välkommen till Ekby ¦ Mötet är på torsdag (kl. 18) ¦ Ring 070-123 45 67 \
                    ¦ Läs mer » ¦ anna@exempel.se ¦ 2026-03-15 ¦ 12 345 kr ¦ ０７０";
        let kept: Vec<&str> = candidates(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            kept,
            [
                "Ring 070-123 45 67",
                "anna@exempel.se",
                "2026-03-15",
                "０７０"
            ]
        );
        assert_eq!(candidates("x (at) y").len(), 1);
        assert!(candidates("x (se tabell) y").is_empty());
        assert!(candidates("").is_empty());
    }

    #[test]
    fn block_breaks_are_found_as_split_finds_them() {
        let text = "a ¦ b¦c ¦ ¦  ¦ ";
        assert_eq!(next_break(text.as_bytes(), 0), Some(1));
        let splits: Vec<&str> = text.split(BLOCK_BREAK).collect();
        let mut ours = Vec::new();
        let mut start = 0;
        loop {
            let end = next_break(text.as_bytes(), start).unwrap_or(text.len());
            ours.push(&text[start..end]);
            if end == text.len() {
                break;
            }
            start = end + BLOCK_BREAK.len();
        }
        assert_eq!(ours, splits);
    }

    #[test]
    fn a_byte_that_is_not_notable_only_breaks_or_joins_a_run() {
        for c in 0..=255u8 {
            if !notable(c) {
                assert!(
                    matches!(BYTES[usize::from(c)], Class::Breaks | Class::Joins),
                    "{c:#x}"
                );
            }
        }
    }

    /// [`may_hold`] and [`raw_read`], which skip to the next notable
    /// byte, read as a plain reading of every byte does.
    #[test]
    fn skipping_to_the_next_notable_byte_reads_as_every_byte() {
        fn may_hold_slowly(b: &[u8]) -> bool {
            let (mut digits, mut i) = (0, 0);
            while i < b.len() {
                let (class, len) = match BYTES[usize::from(b[i])] {
                    Class::Look if b[i] >= 0x80 => wide(b, i),
                    Class::Look => (Class::Keep, 1),
                    class => (class, 1),
                };
                if b[i] == b')' || b[i] == b']' || b[i] == b'}' {
                    if may_end_written_at(b, i) {
                        return true;
                    }
                } else {
                    match class {
                        Class::Breaks => digits = 0,
                        Class::Digit => digits += 1,
                        Class::Keep => return true,
                        _ => {}
                    }
                }
                if digits >= MIN_DIGITS {
                    return true;
                }
                i += len;
            }
            false
        }
        fn raw_slowly(b: &[u8], percent: bool, mut r: Raw) -> Raw {
            let mut i = 0;
            while i < b.len() && !r.may_hold() {
                let (class, len) = match BYTES[usize::from(b[i])] {
                    Class::Look if b[i] >= 0x80 => wide(b, i),
                    Class::Look => (Class::Keep, 1),
                    class => (class, 1),
                };
                if b[i] == b'&' || (percent && b[i] == b'%') || class == Class::Keep {
                    r.special = true;
                    break;
                }
                match class {
                    Class::Breaks => r.run = 0,
                    Class::Digit => {
                        r.run += 1;
                        r.best = r.best.max(r.run);
                    }
                    _ => {}
                }
                i += len;
            }
            r
        }
        const PIECES: &[&str] = &[
            "Välkommen till mötet på torsdag i Ekby ",
            "x",
            " ",
            "-",
            "12",
            "070",
            "1234",
            "\u{a0}",
            "–",
            "”",
            "هاتف",
            "\u{64B}",
            "٧",
            ")",
            "(at)",
            "@",
            "&amp;",
            "%20",
            "é",
        ];
        let mut next = crate::gate::xorshift(0xD1B5_4A32_D192_ED03);
        for _ in 0..20_000 {
            let text = crate::gate::pieces_text(&mut next, PIECES, 14);
            let b = text.as_bytes();
            assert_eq!(may_hold(b), may_hold_slowly(b), "{text:?}");
            for percent in [false, true] {
                let cut = (next() % (b.len() as u64 + 1)) as usize;
                let cut = (0..=cut)
                    .rev()
                    .find(|&c| text.is_char_boundary(c))
                    .unwrap_or(0);
                let first = raw_read(&b[..cut], percent, Raw::default());
                let whole = raw_read(&b[cut..], percent, first);
                let slow = raw_slowly(
                    &b[cut..],
                    percent,
                    raw_slowly(&b[..cut], percent, Raw::default()),
                );
                assert_eq!(whole.may_hold(), slow.may_hold(), "{text:?} {cut}");
                if !slow.may_hold() {
                    assert_eq!(whole, slow, "{text:?} {cut}");
                }
            }
        }
    }

    #[test]
    fn the_blocks_find_what_the_whole_text_finds() {
        // Pieces of personal data, things that clear or disguise it, and
        // the characters the pre-filter classifies.
        const PIECES: &[&str] = &[
            "070-123 45 67",
            "0701234567",
            "850101-1236",
            "19850101-1236",
            "8501011236",
            "+46 70 123 45 67",
            "912 34 567",
            "anna@exempel.se",
            "anna [at] exempel.se",
            "namn(at)exempel.se",
            "ola (snabel-a) x.no",
            "Ärendenummer ",
            "Dnr ",
            "SE45 5000 0000 0583 9825 7466",
            "070-2025-123",
            "12",
            "345",
            "2025",
            " ",
            "  ",
            "\n",
            "-",
            "_",
            ".",
            "/",
            "(",
            ")",
            "]",
            "at",
            "a",
            "t",
            "tel",
            "SE",
            "x",
            " ¦ ",
            "¦",
            "å",
            "Ö",
            "é",
            "’",
            "·",
            "›",
            "}",
            "€",
            "…",
            "\u{A0}",
            "\u{202F}",
            "–",
            "\u{2212}",
            "\u{200B}",
            "\u{AD}",
            "\u{FEFF}",
            "\u{301}",
            "８",
            "５",
            "＠",
            "（",
            "ａｔ",
            "²",
            "مرحبا",
            "پ",
            "ی",
            "،",
            "؟",
            "ـ",
            "\u{64E}",
            "٠٧٠",
            "۱۲۳",
            "ﻻ",
            ",",
            ";",
            ",5",
            "1,",
            "tel",
            "ABC",
        ];
        let mut next = crate::gate::xorshift(0x9E37_79B9_7F4A_7C15);
        let mut with_hits = 0;
        for _ in 0..30_000 {
            let text = crate::gate::pieces_text(&mut next, PIECES, 14);
            let whole = found(&text);
            with_hits += usize::from(!whole.is_empty());
            // What the raw pre-filter skips has no candidate block.
            assert!(
                raw_notable(text.as_bytes(), false) || candidates(&text).is_empty(),
                "{text:?}"
            );
            assert_eq!(found_in_blocks(&text), whole, "{text:?}");
            // The blocks `split` gives (those the HTML reader makes, and
            // those a print section compares with its page's) find the
            // same.
            let split: Vec<_> = text.split(BLOCK_BREAK).flat_map(found).collect();
            assert_eq!(split, whole, "{text:?}");
            // Geometry is scanned without the phone detector: the
            // identity numbers are the same.
            let norm = normalise(&text);
            let norm = deglue(&norm);
            let identity = |hits: Vec<crate::check::privacy::Hit>| -> Vec<_> {
                hits.into_iter()
                    .filter(|h| !matches!(h.kind, Kind::Phone | Kind::Email))
                    .collect()
            };
            assert_eq!(
                identity(crate::check::privacy::scan_text_but_phones(&norm)),
                identity(scan_text(&norm)),
                "{text:?}"
            );
        }
        // The texts are not all clean: the comparison means something.
        assert!(with_hits > 3_000, "{with_hits}");
    }
}
