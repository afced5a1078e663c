//! Scanning what the gate reads for personal data: each block of text
//! that may hold some is normalised and goes through the detectors of
//! [`crate::check::privacy`]; a hit is located in the page source where
//! it can be traced. Blocks found clean are remembered ([`Clean`]).

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{Gate, blocks, text};

/// A set hashed with a fixed, fast hash: its keys are the report's own
/// text, and the sets are bounded ([`Clean::MOST`]), so blocks made to
/// collide could only slow their own build.
pub(super) type Set<T> = std::collections::HashSet<T, foldhash::fast::FixedState>;
use crate::check::privacy::{self, Hit, Kind};
use crate::error::{Diagnostic, Pos};

/// Candidate blocks already scanned that held nothing to report (after
/// the allowlist): the same block scans the same — the scan depends on
/// the block's text, on whether only identity numbers count, and on the
/// allowlist, which is the gate's — so it is not scanned again (the
/// footer's contact address and the dates that every page repeats). A
/// block with a hit is never kept: its hit is reported from each file.
/// Bounded: short blocks only, and a limited number of them.
#[derive(Default)]
pub(super) struct Clean {
    text: Set<String>,
    geometry: Set<String>,
}

impl Clean {
    /// The longest block kept, in bytes.
    const LONGEST: usize = 512;
    /// How many blocks are kept, of each kind.
    const MOST: usize = 4096;

    fn set(&mut self, identity_only: bool) -> &mut Set<String> {
        if identity_only {
            &mut self.geometry
        } else {
            &mut self.text
        }
    }
}

impl Gate<'_> {
    /// Scan the path of the file at `url`: a block of its own (scanned
    /// apart, it gives what its text and its path joined by a block break
    /// give).
    pub(super) fn scan_path(&self, url: &str, hits: &mut Vec<((Kind, String), Diagnostic)>) {
        self.scan(url, &text::decode_percent(url), hits, false);
    }

    /// Scan `text` (from the file at `url`) for personal data.
    /// With `identity_only`, only identity numbers count (in geometry,
    /// where numbers of a phone's shape are coordinates).
    pub(super) fn scan(
        &self,
        url: &str,
        text: &str,
        hits: &mut Vec<((Kind, String), Diagnostic)>,
        identity_only: bool,
    ) {
        self.scan_blocks(url, std::iter::once(text), hits, identity_only);
    }

    /// [`Gate::scan`] over several texts (blocks) of one file: each value
    /// found is reported once.
    pub(super) fn scan_blocks<'t>(
        &self,
        url: &str,
        texts: impl IntoIterator<Item = &'t str>,
        hits: &mut Vec<((Kind, String), Diagnostic)>,
        identity_only: bool,
    ) {
        let mut keys = BTreeSet::new();
        // Only the blocks that can hold personal data are normalised and
        // scanned; each alone finds what the whole text would ([`blocks`]).
        for text in texts {
            for block in blocks::candidates(text) {
                let raw = &text[block];
                let short = raw.len() <= Clean::LONGEST;
                if short && self.clean_lock().set(identity_only).contains(raw) {
                    continue;
                }
                let norm = text::normalise(raw);
                let norm = text::deglue(&norm);
                let found = if identity_only {
                    privacy::scan_text_but_phones(&norm)
                } else {
                    privacy::scan_text(&norm)
                };
                let mut reported = false;
                for h in found {
                    if self.allow.allows(&norm, &h)
                        || (identity_only && matches!(h.kind, Kind::Phone | Kind::Email))
                    {
                        continue;
                    }
                    reported = true;
                    let key = (h.kind, privacy::canonical(h.kind, &norm[h.range.clone()]));
                    if keys.insert(key.clone()) {
                        let d = self.hit(url, &norm, &h, &key);
                        hits.push((key, d));
                    }
                }
                if short && !reported {
                    let mut clean = self.clean_lock();
                    let set = clean.set(identity_only);
                    if set.len() < Clean::MOST {
                        set.insert(raw.to_string());
                    }
                }
            }
        }
    }

    fn clean_lock(&self) -> std::sync::MutexGuard<'_, Clean> {
        self.clean.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The error for a hit in the published file `url`: located in the
    /// page source where the value can be found there, else naming the
    /// published file and the page it came from.
    fn hit(&self, url: &str, norm: &str, h: &Hit, key: &(Kind, String)) -> Diagnostic {
        let (file, pos) = self.trace(url, key);
        privacy::published_hit(
            &file,
            pos,
            norm,
            h,
            crate::msg!("privacy.in-published-file", url = url),
        )
    }

    /// Where in a source the value `key` is written, as far as it can be
    /// traced: a line of the page at `url` (or any page), else the page.
    fn trace(&self, url: &str, key: &(Kind, String)) -> (PathBuf, Option<Pos>) {
        let page = self.report.pages.iter().find(|p| p.url == url);
        let candidates = page.into_iter().chain(self.report.pages.iter());
        let found = |text: &str| {
            let norm = text::normalise(&text::decode_percent(&text::decode_entities(&plain(text))));
            let norm = text::deglue(&norm);
            privacy::scan_text(&norm).iter().any(|h| {
                h.kind == key.0 && privacy::canonical(h.kind, &norm[h.range.clone()]) == key.1
            })
        };
        for p in candidates {
            let lines: Vec<&str> = p.body.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                // The line, or the line with the next (a soft line break).
                let joined = lines.get(i + 1).map(|next| format!("{line}\n{next}"));
                if found(line) || joined.is_some_and(|j| found(&j)) {
                    let line = p.body_line + u32::try_from(i).unwrap_or(0);
                    return (p.source.clone(), Some(Pos { line, column: 1 }));
                }
            }
            // A folder or file name.
            if found(&p.url) {
                return (p.source.clone(), None);
            }
        }
        (self.origin(url), None)
    }
}

/// A line of Markdown as its reader sees it: emphasis marks, backslash
/// escapes and inline HTML tags and comments removed.
fn plain(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '_' | '*' | '\\' | '`' | '~' => {}
            c => out.push(c),
        }
    }
    out
}

/// The personal data the gate's detectors find in `texts` (kind and
/// canonical value, sorted, each once): what the generated tests compare.
#[cfg(test)]
pub(crate) fn personal_data(texts: &[String]) -> Vec<(Kind, String)> {
    let mut out: Vec<_> = texts
        .iter()
        .flat_map(|t| {
            let norm = text::normalise(t);
            let norm = text::deglue(&norm).into_owned();
            privacy::scan_text(&norm)
                .into_iter()
                .map(|h| (h.kind, privacy::canonical(h.kind, &norm[h.range])))
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}
