//! Where in a text the detectors need to look: a fast pass over the
//! bytes that finds the few places a hit can be, so the regular
//! expressions run over those windows only, not over every published
//! byte.
//!
//! Every number the detectors find (phone, personnummer, fødselsnummer)
//! is made of digits and the separators `space - . / ( ) +` only, and has
//! at least seven digits. So a hit lies inside a run of such bytes with
//! seven digits or more. A window is that run with some context either
//! side (for the IBAN and case-number words that clear a hit), widened
//! until it starts and ends at a space that does not continue a run, so
//! word boundaries read the same as in the whole text and no run is cut.
//!
//! An e-mail address has an `@` (or `＠`, or a written-out `[at]`,
//! `(snabel-a)`), with at most a few spaces inside: its window is that
//! sign with three words either side.

use std::ops::Range;

/// The fewest digits of any number a detector reports.
const MIN_DIGITS: usize = 7;

/// Bytes of context kept either side of a run of digits (the longest
/// case-number word and an IBAN fit in it).
const CONTEXT: usize = 64;

/// A byte a number is written with.
fn numberish(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'.' | b'/' | b'(' | b')' | b'+')
}

fn space(b: u8) -> bool {
    b.is_ascii_whitespace()
}

/// Windows of `text` (sorted, not overlapping) that hold every run of
/// number bytes with at least [`MIN_DIGITS`] digits. The detectors match
/// ASCII digits only (the gate normalises full-width ones first); the
/// no-break spaces and en dashes they allow between digits are part of a
/// run.
pub(super) fn numbers(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A run of number bytes around this digit.
        let mut start = i;
        while start > 0 && numberish(b[start - 1]) {
            start -= 1;
        }
        let mut end = i;
        let mut digits = 0;
        while end < b.len() && (numberish(b[end]) || nbsp_or_dash(b, end) > 0) {
            if b[end].is_ascii_digit() {
                digits += 1;
            }
            end += nbsp_or_dash(b, end).max(1);
        }
        i = end;
        if digits < MIN_DIGITS {
            continue;
        }
        let w = widen(
            b,
            start.saturating_sub(CONTEXT),
            (end + CONTEXT).min(b.len()),
        );
        push(&mut out, w);
    }
    out
}

/// The length of a no-break space, narrow no-break space or en dash at
/// `i` (UTF-8), else 0: the source checks scan text that is not
/// normalised, where numbers are written with them.
fn nbsp_or_dash(b: &[u8], i: usize) -> usize {
    match b.get(i..i + 2) {
        Some([0xC2, 0xA0]) => 2,
        _ => match b.get(i..i + 3) {
            Some([0xE2, 0x80, 0x93 | 0xAF]) => 3,
            _ => 0,
        },
    }
}

/// `start..end` widened to start after a space that ends no run of
/// number bytes and end before one that starts none (or the text's
/// ends).
fn widen(b: &[u8], mut start: usize, mut end: usize) -> Range<usize> {
    let edge = |p: usize| {
        // A clean edge at p: p-1 is a space and p-2 is no number byte.
        p == 0 || p >= b.len() || (space(b[p - 1]) && (p < 2 || !numberish(b[p - 2])))
    };
    while !edge(start) {
        start -= 1;
    }
    // The end: a space at `end` not preceded by a number byte.
    let edge_end = |p: usize| p >= b.len() || (space(b[p]) && (p == 0 || !numberish(b[p - 1])));
    while !edge_end(end) {
        end += 1;
    }
    start..end
}

fn push(out: &mut Vec<Range<usize>>, w: Range<usize>) {
    match out.last_mut() {
        Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
        _ => out.push(w),
    }
}

/// Windows of `text` that may hold an e-mail address.
pub(super) fn email(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (i, &c) in b.iter().enumerate() {
        let at = match c {
            b'@' => true,
            // `＠` (U+FF20).
            0xEF => b.get(i + 1..i + 3) == Some(&[0xBC, 0xA0]),
            // `[at]`, `(at)`, `{ at }`, `(snabel-a)`: a bracket, an
            // optional space, the word, an optional space, this bracket.
            b')' | b']' | b'}' => written_at(b, i),
            _ => false,
        };
        if !at {
            continue;
        }
        // Three words either side; before a written-out `@`, also the
        // two spaces it may hold (`anna [ at ] x.se`).
        let left = if c == b'@' || c == 0xEF { 3 } else { 5 };
        let mut start = i;
        let mut spaces = 0;
        while start > 0 {
            if space(b[start - 1]) {
                spaces += 1;
                if spaces == left {
                    break;
                }
            }
            start -= 1;
        }
        let mut end = i;
        let mut spaces = 0;
        while end < b.len() {
            if space(b[end]) {
                spaces += 1;
                if spaces == 3 {
                    break;
                }
            }
            end += 1;
        }
        push(&mut out, start..end);
    }
    out
}

/// Whether the closing bracket at `close` ends a written-out `@`.
fn written_at(b: &[u8], close: usize) -> bool {
    let mut k = close;
    if k > 0 && space(b[k - 1]) {
        k -= 1;
    }
    let word = [&b"at"[..], b"snabel-a"]
        .iter()
        .find(|w| k >= w.len() && b[k - w.len()..k].eq_ignore_ascii_case(w))
        .map(|w| k - w.len());
    word.is_some_and(|mut o| {
        if o > 0 && space(b[o - 1]) {
            o -= 1;
        }
        o > 0 && matches!(b[o - 1], b'(' | b'[' | b'{')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Vec<&str> {
        numbers(text).into_iter().map(|w| &text[w]).collect()
    }

    #[test]
    fn windows_hold_whole_runs_of_digits() {
        assert!(parts("Inga siffror här, bara 2025 och 12 %.").is_empty());
        let t = "Ring 070-123 45 67 i dag.";
        assert_eq!(parts(t), [t]);
        let long = format!(
            "{} Ring 070-123 45 67 nu {}",
            "ord ".repeat(40),
            "ord ".repeat(40)
        );
        let w = parts(&long);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("070-123 45 67"));
        assert!(w[0].len() < long.len());
        // Never starts or ends inside a run of number bytes.
        let table = format!("{}a 12 34 56 78 90 12 34 b", "x".repeat(100));
        let w = parts(&table);
        assert!(w[0].contains("12 34 56 78 90 12 34"), "{w:?}");
    }

    #[test]
    fn email_windows() {
        let t = "Skriv till anna [at] exempel.se eller ring.";
        let w = email(t);
        assert_eq!(w.len(), 1);
        assert!(t[w[0].clone()].contains("anna [at] exempel.se"));
        assert!(email("Inga adresser här (se format) [stat].").is_empty());
        for t in [
            "anna(at)x.se",
            "anna [ at ] x.se",
            "anna{AT}x.se",
            "anna (snabel-a) x.se",
        ] {
            assert_eq!(email(t).len(), 1, "{t}");
            let text = format!("Mejla till {t} i dag");
            let w = email(&text);
            assert!(text[w[0].clone()].contains(t), "{text}");
        }
    }
}
