//! A detector's regular expression, with one set of search caches that
//! every thread shares.
//!
//! `regex::Regex` keeps a cache per thread: the lazy DFA a search builds
//! state by state. The source check runs on one thread and the exit gate
//! on another, over much the same text, so the gate's thread built again
//! every state the check had built (on the bundled example, a third of the
//! detectors' cost in the gate). Here a search takes the cache last put
//! back, whichever thread used it, and puts it back when done; two threads
//! searching at once each take their own. The matches are the same as
//! `regex::Regex::find_iter`'s: the same engine, built from the same
//! pattern with the same defaults.

use std::ops::Range;
use std::sync::{Mutex, PoisonError};

use regex_automata::Input;
use regex_automata::meta::{Cache, Regex};
use regex_automata::util::iter::Searcher;

/// A compiled pattern and its shared caches.
pub(crate) struct Pattern {
    re: Regex,
    caches: Mutex<Vec<Cache>>,
}

impl Pattern {
    /// Compiles `pattern` (the `regex` crate's syntax and defaults).
    ///
    /// # Panics
    ///
    /// If `pattern` is not a valid regular expression: the patterns are
    /// constants of this program.
    pub(crate) fn new(pattern: &str) -> Pattern {
        Pattern {
            re: Regex::new(pattern).expect("valid regex"),
            caches: Mutex::new(Vec::new()),
        }
    }

    /// The leftmost-first, non-overlapping matches of the pattern in
    /// `text`, as byte ranges.
    pub(crate) fn find_iter<'p, 't>(&'p self, text: &'t str) -> Matches<'p, 't> {
        let cache = self
            .caches
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
            .unwrap_or_else(|| self.re.create_cache());
        Matches {
            pattern: self,
            text,
            cache: Some(cache),
            searcher: Searcher::new(Input::new(text)),
        }
    }
}

/// The iterator of [`Pattern::find_iter`]; puts its cache back when
/// dropped.
pub(crate) struct Matches<'p, 't> {
    pattern: &'p Pattern,
    text: &'t str,
    cache: Option<Cache>,
    searcher: Searcher<'t>,
}

/// One match: its byte range and the text it covers.
pub(crate) struct Found<'t> {
    text: &'t str,
    range: Range<usize>,
}

impl<'t> Found<'t> {
    pub(crate) fn as_str(&self) -> &'t str {
        &self.text[self.range.clone()]
    }

    pub(crate) fn range(&self) -> Range<usize> {
        self.range.clone()
    }
}

impl<'t> Iterator for Matches<'_, 't> {
    type Item = Found<'t>;

    fn next(&mut self) -> Option<Found<'t>> {
        let cache = self.cache.as_mut()?;
        let re = &self.pattern.re;
        let m = self
            .searcher
            .advance(|input| Ok(re.search_with(cache, input)))?;
        Some(Found {
            text: self.text,
            range: m.range(),
        })
    }
}

impl Drop for Matches<'_, '_> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take() {
            self.pattern
                .caches
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(cache);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    /// The same matches as the `regex` crate's, empty matches and text
    /// outside ASCII included, from one thread and from several.
    #[test]
    fn the_matches_are_those_of_the_regex_crate() {
        let patterns = [
            r"(?-u:\b)[0-9]{6}[- ]?[0-9]{5}(?-u:\b)",
            r"[\p{L}\p{N}]+@[\p{L}]+\.(\p{L}{2,})",
            r"a*",
            r"(?i)ärende\s*[0-9]+",
        ];
        let texts = [
            "",
            "010190 12345 och 01019012345x 010190-12345",
            "anna@exempel.se, ÅSA@ÖRE.NO och bbb",
            "ÄRENDE 12 ärende 3 — baaab ∅ a",
        ];
        for p in patterns {
            let ours = Pattern::new(p);
            let theirs = regex::Regex::new(p).unwrap();
            std::thread::scope(|s| {
                for _ in 0..3 {
                    s.spawn(|| {
                        for t in texts {
                            let a: Vec<_> = ours.find_iter(t).map(|m| m.range()).collect();
                            let b: Vec<_> = theirs.find_iter(t).map(|m| m.range()).collect();
                            assert_eq!(a, b, "{p} in {t:?}");
                        }
                    });
                }
            });
        }
    }

    /// A search that stops early still puts its cache back, and a later
    /// search takes it rather than building one more.
    #[test]
    fn a_cache_is_put_back_and_taken_again() {
        let p = Pattern::new(r"[0-9]+");
        assert_eq!(p.find_iter("1 2 3").next().map(|m| m.as_str()), Some("1"));
        assert_eq!(p.caches.lock().unwrap().len(), 1);
        let n = p.find_iter("4 5").count();
        assert_eq!(n, 2);
        assert_eq!(p.caches.lock().unwrap().len(), 1);
    }
}
