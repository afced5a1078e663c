//! The pre-filter on raw bytes: which blocks of a published file's text
//! the HTML reader ([`super::html`]) decodes and keeps at all. It reads
//! the bytes as they are written, before entities and percent escapes
//! are decoded, by [`super::blocks`]' own rules for a candidate, so that
//! the prose around the few blocks that may hold personal data is never
//! copied; and the block of text the reader is reading ([`Block`]).

use std::ops::Range;

use super::blocks::{BYTES, Class, MIN_DIGITS, next_marked, notable, wide};
use super::text::decode_entities;

/// What the pre-filter reads in the raw bytes of a block's text (before
/// entities and percent escapes are decoded), run after run of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Raw {
    /// A [`notable`] ASCII byte other than a digit, a character outside
    /// ASCII that [`may_hold`](super::blocks::may_hold) keeps, or an `&` (with `percent`, a `%`)
    /// that may decode to anything.
    pub special: bool,
    /// The most ASCII digits in one run of digits and the characters
    /// that join them, as [`may_hold`](super::blocks::may_hold) counts them.
    pub best: usize,
    /// The digits of the run still open at the end.
    pub run: usize,
}

impl Raw {
    /// Whether the block may be a candidate: a special byte, or a run of
    /// seven digits — [`may_hold`](super::blocks::may_hold)'s own rules, read on the raw bytes.
    /// Decoding changes nothing but references and escapes, which start
    /// with a special byte; so a block whose raw bytes say no holds no
    /// candidate once decoded, and the reader ([`super::html::read`])
    /// keeps only the other blocks, without copying or decoding the
    /// prose around them.
    pub fn may_hold(self) -> bool {
        self.special || self.best >= MIN_DIGITS as usize
    }
}

/// Read `raw`, the next run of text of a block read so far as `prev`, for
/// the pre-filter ([`Raw`]); `percent` for a URL, whose percent escapes
/// are decoded too.
#[inline]
pub fn raw_read(raw: &[u8], percent: bool, prev: Raw) -> Raw {
    if prev.may_hold() {
        return prev;
    }
    // Short runs (most runs between two tags) with nothing that counts
    // are read here, without a call.
    if prev.run == 0 && raw.len() < 16 {
        let table = if percent { &RAW_PERCENT } else { &RAW };
        return match raw.iter().position(|&x| table[usize::from(x)]) {
            Some(p) => raw_bytes(raw, p, percent, prev),
            None => prev,
        };
    }
    raw_bytes(raw, 0, percent, prev)
}

/// [`raw_read`] from byte `i` on, as [`may_hold`](super::blocks::may_hold) reads a block:
/// while no run of digits is open, straight to the next byte that counts
/// ([`next_marked`]); from there character by character.
fn raw_bytes(raw: &[u8], mut i: usize, percent: bool, mut r: Raw) -> Raw {
    let special = |mut r: Raw| {
        r.special = true;
        r
    };
    let table = if percent { &RAW_PERCENT } else { &RAW };
    let stop = |x: u8| notable(x) | (x == b'&') | (percent & (x == b'%'));
    loop {
        if r.run == 0 {
            match next_marked(raw, i, table, stop) {
                Some(p) => i = p,
                None => return r,
            }
        }
        let Some(&x) = raw.get(i) else {
            return r;
        };
        if x == b'&' || (percent && x == b'%') {
            return special(r);
        }
        match BYTES[usize::from(x)] {
            Class::Breaks => r.run = 0,
            Class::Joins => {}
            Class::Digit => {
                r.run += 1;
                r.best = r.best.max(r.run);
                if r.best >= MIN_DIGITS as usize {
                    return r;
                }
            }
            Class::Keep => return special(r),
            // A closing bracket (may end a written-out `@`).
            Class::Look if x < 0x80 => return special(r),
            Class::Look => {
                // Dashes, quotation marks, `…`, `·`, `›`, no-break
                // spaces break or join a run of digits; the rest is kept.
                let (class, len) = wide(raw, i);
                match class {
                    Class::Breaks => r.run = 0,
                    Class::Joins => {}
                    _ => return special(r),
                }
                i += len;
                continue;
            }
        }
        i += 1;
    }
}

/// Whether `raw`, the whole text of a block, may make it a candidate.
pub fn raw_notable(raw: &[u8], percent: bool) -> bool {
    raw_read(raw, percent, Raw::default()).may_hold()
}

/// The bytes that end [`raw_read`]'s fast pass: digits, `&`, and those
/// [`BYTES`] does not call breaking or joining.
static RAW: [bool; 256] = raw_table(false);
/// The same, and `%`.
static RAW_PERCENT: [bool; 256] = raw_table(true);

const fn raw_table(percent: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = !matches!(BYTES[i], Class::Breaks | Class::Joins)
            || c == b'&'
            || (percent && c == b'%');
        i += 1;
    }
    t
}

/// The block of reader text being read: its runs of text (byte ranges
/// of the file, with inline markup and comments between them) and
/// whether one of them may make it a candidate.
#[derive(Default)]
pub(super) struct Block {
    pub(super) runs: Vec<Range<usize>>,
    /// What the pre-filter read in the runs so far.
    pub(super) raw: Raw,
    /// Keep every block (tests: the shortcut against reading it all).
    pub(super) all: bool,
}

impl Block {
    pub(super) fn add(&mut self, b: &[u8], run: Range<usize>) {
        if run.is_empty() {
            return;
        }
        self.raw = raw_read(&b[run.clone()], false, self.raw);
        self.runs.push(run);
    }

    /// End the block (at a block boundary): its text, joined and
    /// decoded, goes to `out` if it may hold personal data.
    pub(super) fn end(&mut self, html: &str, out: &mut Vec<String>) {
        if !self.runs.is_empty() && (self.all || self.raw.may_hold()) {
            let mut text = String::new();
            for run in &self.runs {
                text.push_str(&decode_entities(&html[run.clone()]));
            }
            out.push(text);
        }
        self.runs.clear();
        self.raw = Raw::default();
    }
}

/// Keep `raw` (an attribute value, a comment, a script) as a block of
/// its own, as `decode` reads it, if it may hold personal data.
pub(super) fn keep_block<'s>(
    out: &mut Vec<String>,
    raw: &'s str,
    percent: bool,
    all: bool,
    decode: impl FnOnce(&'s str) -> std::borrow::Cow<'s, str>,
) {
    if !raw.is_empty() && (all || raw_notable(raw.as_bytes(), percent)) {
        out.push(decode(raw).into_owned());
    }
}

/// [`keep_block`] of text read as it is written (a comment, a script):
/// nothing to decode.
pub(super) fn keep_as_written(out: &mut Vec<String>, raw: &str, all: bool) {
    keep_block(out, raw, false, all, std::borrow::Cow::Borrowed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_and_the_vector_pass_agree() {
        for c in 0..=255u8 {
            let digit = c.is_ascii_digit();
            let special = (notable(c) && !digit) || c == b'&';
            assert_eq!(RAW[usize::from(c)], notable(c) || c == b'&', "{c:#x}");
            assert_eq!(
                RAW_PERCENT[usize::from(c)],
                RAW[usize::from(c)] || c == b'%'
            );
            for len in [1, 31, 32, 33, 64, 70] {
                for at in [0, len / 2, len - 1] {
                    let mut run = vec![b'x'; len];
                    run[at] = c;
                    let read = raw_read(&run, false, Raw::default());
                    // A lone first byte of a wider character is kept.
                    assert_eq!(read.special, special, "{c:#x} {len} {at}");
                    if !special {
                        assert_eq!(read.best, usize::from(digit), "{c:#x} {len} {at}");
                    }
                    let read = raw_read(&run, true, Raw::default());
                    assert_eq!(read.special, special || c == b'%');
                }
            }
        }
        // Typography breaks or joins runs of digits: no candidate.
        let prose = "Sida 329: vi – det ”boende” … » · ’ och\u{a0}mer ".repeat(3);
        let read = raw_read(prose.as_bytes(), false, Raw::default());
        assert!(!read.special && read.best == 3, "{read:?}");
        assert!(raw_read("x ＠ y".as_bytes(), false, Raw::default()).special);
        // Seven digits in one run make a candidate, across runs of text
        // and long stretches of joining characters; seven apart do not.
        assert!(raw_notable(b"070-123 45 67", false));
        assert!(!raw_notable(b"avsnitt-07/sida-00250.html", true));
        let first = raw_read(b"Ring 070", false, Raw::default());
        assert!(raw_read(b"-1234", false, first).may_hold());
        let spaces = " ".repeat(70);
        assert!(raw_notable(format!("070{spaces}1234").as_bytes(), false));
        let first = raw_read(b"070", false, Raw::default());
        assert!(raw_read(format!("{spaces}1234").as_bytes(), false, first).may_hold());
        assert!(!raw_read(b"x 1234", false, first).may_hold());
    }
}
