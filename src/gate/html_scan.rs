//! The byte-level scanning of the HTML reader ([`super::html`]): the
//! tables its names are read with, lines counted on demand, and searches
//! for the end of a comment or a raw text element.

/// `s` in lower case if it has an upper-case letter (`upper`, found as
/// it was scanned).
pub(super) fn lower_if(s: &str, upper: bool) -> std::borrow::Cow<'_, str> {
    if upper {
        std::borrow::Cow::Owned(s.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The bytes of an element's name: 0 ends it, 2 is an upper-case letter.
pub(super) static NAME: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_uppercase() {
            2
        } else if c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'_') {
            1
        } else {
            0
        };
        i += 1;
    }
    t
};

/// The bytes of an attribute's name: anything but white space, `>`, `=`
/// and `/` (0); 2 is an upper-case letter.
pub(super) static ATTR_NAME: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_uppercase() {
            2
        } else if c.is_ascii_whitespace() || matches!(c, b'>' | b'=' | b'/') {
            0
        } else {
            1
        };
        i += 1;
    }
    t
};

/// The line of a byte of a file, counted on demand: the newlines up to
/// the place asked for are counted once, as the reader moves on (most
/// of a page needs no line: its text and most of its attributes).
pub(super) struct Lines<'b> {
    b: &'b [u8],
    /// A byte and its 1-based line.
    pos: usize,
    line: usize,
}

impl<'b> Lines<'b> {
    pub(super) fn new(b: &'b [u8]) -> Self {
        Lines { b, pos: 0, line: 1 }
    }

    /// The line of byte `p`.
    // Out of line, as [`find_ci`]: asked for only at URLs, styles and
    // scripts, and the reader's loop, which would take it in, runs
    // slower with it (measured: 0.9 M instructions more on the example).
    #[inline(never)]
    pub(super) fn at(&mut self, p: usize) -> usize {
        let p = p.min(self.b.len());
        if p >= self.pos {
            self.line += count_lines(&self.b[self.pos..p]);
        } else {
            self.line -= count_lines(&self.b[p..self.pos]);
        }
        self.pos = p;
        self.line
    }
}

fn count_lines(b: &[u8]) -> usize {
    // Short spans: a plain loop is cheaper than setting up the vector
    // search.
    if b.len() < 64 {
        return b.iter().filter(|&&c| c == b'\n').count();
    }
    memchr::memchr_iter(b'\n', b).count()
}

pub(super) fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, pat).map(|p| p + from)
}

/// The first `pat` (ASCII, starting with `<`) at or after `from`, in any
/// case: each `<` is a candidate, compared without case.
#[inline(never)]
pub(super) fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let hay = b.get(from..)?;
    let first = *pat.first()?;
    memchr::memchr_iter(first, hay)
        .find(|&p| {
            hay.get(p..p + pat.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(pat))
        })
        .map(|p| p + from)
}

/// The end of the name that starts at `from` in `b`, read with `table`
/// ([`NAME`] or [`ATTR_NAME`]), and whether it has an upper-case letter.
pub(super) fn scan_name(b: &[u8], from: usize, table: &[u8; 256]) -> (usize, bool) {
    let mut end = from;
    let mut upper = false;
    while let Some(&c) = b.get(end) {
        match table[usize::from(c)] {
            0 => break,
            2 => upper = true,
            _ => {}
        }
        end += 1;
    }
    (end, upper)
}
