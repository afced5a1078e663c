//! The exit gate: every file a build, `serve` or an export publishes
//! passes [`Gate::pass`] on its way out, after it is rendered and before
//! it is written. It checks the file *as published*, so outputs made
//! after the source checks (the print page, the search index, chart
//! downloads, copied files) cannot slip past them:
//!
//! - **URLs** ([`url`]): every URL-bearing attribute of HTML and SVG and
//!   every URL of the search index, read after entity and percent
//!   decoding; only site paths inside the site, `#…`, `http(s):`,
//!   `mailto:` and `tel:` pass. Anything else is cut, with a warning.
//!   Images and media from other hosts are cut too (kept, with the
//!   warning, under `allow_raw_html`).
//! - **Files** ([`files`]): editor backups, temporary and system files are
//!   never published (a warning); a path that is not a safe URL path is
//!   an error.
//! - **Personal data** (public builds): the text of every output as a
//!   reader or a program sees it ([`html`], [`text`]) goes through the
//!   privacy detectors of [`crate::check::privacy`]. A hit fails the
//!   build, located in the page source where it can be traced.
//! - **Links** ([`Gated::finish`]): a link in a published page to a site
//!   file the build does not publish (an internal or draft page linked
//!   by raw HTML or `[participate] text`) is an error in a public build.
//!
//! Today's source checks stay: they give precise locations first. The
//! gate is the backstop that cannot be bypassed. Later exports call the
//! same [`Gate::pass`] (or wrap their sink in [`Gated`]).

pub mod csv {
    //! CSV injection (the rule lives beside the CSV writer in `chart`).
    pub use crate::chart::csv_safe::neutralise;
}
pub mod align;
pub mod blocks;
pub mod css;
pub mod files;
mod gated;
pub mod html;
mod html_names;
mod html_scan;
pub mod raw;
mod scan;
use scan::Clean;
mod search_index;
pub mod text;
pub mod url;

pub use gated::{Gated, pass_all, whole_site_beside};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::check::privacy::{self, Allowlist, Kind};
use crate::config::{Audience, Settings};
use crate::error::Diagnostic;
use crate::model::Report;
use crate::render::{OutFile, RenderInput};

/// File endings whose text is scanned for personal data.
const TEXT_ENDINGS: &[&str] = &[
    "html", "htm", "svg", "xml", "json", "csv", "txt", "md", "markdown", "tsv", "ics", "vcf",
];

/// The gate of one build: what it needs to judge a file.
pub struct Gate<'a> {
    public: bool,
    keep_remote: bool,
    allow: Allowlist,
    report: &'a Report,
    /// Personal data already reported (kind and canonical value): each is
    /// reported once, at its first file.
    reported: Mutex<BTreeMap<(Kind, String), usize>>,
    /// Site paths of the files under content/ that are not pages: each is
    /// published only if a published file refers to it.
    attachments: BTreeSet<String>,
    /// Blocks already scanned and found clean ([`Clean`]).
    clean: Mutex<Clean>,
    /// The first page of each folder, read whole: the later pages of the
    /// folder are read along it ([`Sibling`]).
    models: Mutex<HashMap<String, Arc<align::Model>>>,
}

/// A page's place among the pages of its folder, in the order
/// [`Gated`] hands files on: the first is read whole and becomes the
/// folder's [`align::Model`]; a later one is read along it if it is
/// ready (the same bytes in the same folder read the same; what they
/// hold was found, and is reported, at the first page). Whether a page
/// is read along the model or whole, what the gate finds is the same.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Sibling {
    /// Not a page, or read on its own.
    #[default]
    Alone,
    First,
    Later,
}

/// The folder of the file at site path `url`.
fn folder(url: &str) -> &str {
    url.rsplit_once('/').map_or("", |(f, _)| f)
}

/// What passing a file found besides its verdict.
#[derive(Debug, Default)]
pub struct Passed {
    /// Site paths its links (`a`, `area`) lead to, with their lines.
    pub links: Vec<(String, usize)>,
    /// The attachments it refers to (by links, images, sources, CSS):
    /// only they wait to be referred to ([`Gated::finish`]).
    pub refs: Vec<String>,
    /// Personal data found (public builds): its key (kind and canonical
    /// value) and the error. Each value is reported once, at the first
    /// file that holds it in publishing order ([`Gate::report_hits`]).
    pub hits: Vec<((Kind, String), Diagnostic)>,
}

/// The text of a page the gate has read and scanned ([`html::Read`]):
/// the print page's section made from it scans only what differs.
pub(crate) struct Seen {
    /// The blocks of the text a reader sees that were scanned.
    reader: Vec<String>,
    /// Where the page's reader held nothing and which tags depend on its
    /// place: the section is read along the page ([`align`]). `None` if
    /// URLs were cut from the page (its bytes are not the ones read).
    layout: Option<align::Layout>,
}

impl<'a> Gate<'a> {
    pub fn new(report: &'a Report, settings: &Settings, audience: Audience) -> Gate<'a> {
        Gate {
            public: audience == Audience::Public,
            keep_remote: settings.config.build.allow_raw_html,
            allow: privacy::allowlist(settings).0,
            report,
            reported: Mutex::default(),
            attachments: report
                .assets
                .iter()
                .filter(|a| a.attachment)
                .map(|a| a.url.clone())
                .collect(),
            clean: Mutex::default(),
            models: Mutex::default(),
        }
    }

    /// The gate for what `input` renders.
    pub fn for_input(input: &RenderInput<'a>) -> Gate<'a> {
        Gate::new(input.report, input.settings, input.audience)
    }

    /// Pass one file: `None` if it may never be published; else the file
    /// as it may be published (refused URLs cut). Errors and warnings go
    /// to `diags`.
    pub fn pass(&self, file: OutFile, diags: &mut Vec<Diagnostic>) -> Option<OutFile> {
        self.pass_linked(file, diags).map(|(f, passed)| {
            self.report_hits(passed.hits, diags);
            f
        })
    }

    /// Report personal data found by [`Gate::pass_linked`] or
    /// [`Gate::pass_bytes`]: each value once, at its first file (call in
    /// publishing order, so the messages do not depend on threads).
    pub fn report_hits(
        &self,
        hits: Vec<((Kind, String), Diagnostic)>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let mut seen = self.reported.lock().unwrap_or_else(|e| e.into_inner());
        for (key, d) in hits {
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            if *n == 1 {
                diags.push(d);
            }
        }
    }

    /// [`Gate::pass`], also returning the site paths the file links to
    /// and refers to.
    pub fn pass_linked(
        &self,
        file: OutFile,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<(OutFile, Passed)> {
        self.pass_linked_as(file, diags, Sibling::Alone)
    }

    /// [`Gate::pass_linked`] of a page with its place in its folder.
    pub(crate) fn pass_linked_as(
        &self,
        file: OutFile,
        diags: &mut Vec<Diagnostic>,
        sibling: Sibling,
    ) -> Option<(OutFile, Passed)> {
        self.pass_named(file, diags, |url, bytes, diags| {
            self.pass_bytes_as(url, bytes, diags, None, false, sibling)
                .0
        })
    }

    /// Pass `file`: `None` if its name may never be published, else its
    /// bytes passed by `bytes`.
    fn pass_named(
        &self,
        mut file: OutFile,
        diags: &mut Vec<Diagnostic>,
        bytes: impl FnOnce(&str, &mut Vec<u8>, &mut Vec<Diagnostic>) -> Passed,
    ) -> Option<(OutFile, Passed)> {
        match files::never_published(&file.url) {
            Some(files::Never::Backup) => {
                diags.push(
                    Diagnostic::warning(
                        "gate",
                        self.origin(&file.url),
                        crate::msg!("gate.backup-file", file = &file.url),
                    )
                    .hint(crate::msg!("gate.delete-backup")),
                );
                return None;
            }
            Some(files::Never::UnsafeName) => {
                let suggested: Vec<String> = file.url.split('/').map(files::suggest).collect();
                diags.push(
                    Diagnostic::error(
                        "gate",
                        self.origin(&file.url),
                        crate::msg!("gate.unsafe-name"),
                    )
                    .hint(crate::msg!("gate.rename-it", name = suggested.join("/"))),
                );
                return None;
            }
            None => {}
        }
        let passed = bytes(&file.url, &mut file.bytes, diags);
        Some((file, passed))
    }

    /// Pass a page and the section of the print page made from it (one
    /// part of the print page): the page as [`Gate::pass_linked`], the
    /// section as [`Gate::pass_bytes`] (every URL read again: the print
    /// page is in another folder), except that of the text a reader
    /// sees in it only the blocks that are not blocks of the page's are
    /// scanned for personal data — the same block scans the same; its
    /// attribute values, comments, scripts and geometry are scanned as in
    /// any file.
    pub fn pass_page_and_section(
        &self,
        page: OutFile,
        print_url: &str,
        section: &mut Vec<u8>,
        diags: &mut Vec<Diagnostic>,
    ) -> (Option<(OutFile, Passed)>, Passed) {
        self.pass_page_and_section_as(page, print_url, section, diags, Sibling::Alone)
    }

    /// [`Gate::pass_page_and_section`] with the page's place in its
    /// folder.
    pub(crate) fn pass_page_and_section_as(
        &self,
        page: OutFile,
        print_url: &str,
        section: &mut Vec<u8>,
        diags: &mut Vec<Diagnostic>,
        sibling: Sibling,
    ) -> (Option<(OutFile, Passed)>, Passed) {
        let mut seen = None;
        let page = self.pass_named(page, diags, |url, bytes, diags| {
            let (passed, s) = self.pass_bytes_as(url, bytes, diags, None, true, sibling);
            seen = s;
            passed
        });
        let known = seen
            .as_ref()
            .map(|s| (s, page.as_ref().map(|p| p.0.bytes.as_slice())));
        let (section, _) =
            self.pass_bytes_as(print_url, section, diags, known, false, Sibling::Alone);
        (page, section)
    }

    /// Pass the bytes of the file at `url` (whole, or one part of a file
    /// written in parts such as the print page): cut refused URLs, scan
    /// for personal data. Returns the site paths its links lead to.
    pub fn pass_bytes(
        &self,
        url: &str,
        bytes: &mut Vec<u8>,
        diags: &mut Vec<Diagnostic>,
    ) -> Passed {
        self.pass_bytes_as(url, bytes, diags, None, false, Sibling::Alone)
            .0
    }

    /// [`Gate::pass_bytes`]; the blocks of text also in `known` (the
    /// text of a file already scanned) are not scanned again. With
    /// `keep`, also returns the text read (HTML and SVG). A page is read
    /// as its place in its folder says ([`Sibling`]).
    fn pass_bytes_as(
        &self,
        url: &str,
        bytes: &mut Vec<u8>,
        diags: &mut Vec<Diagnostic>,
        known: Option<(&Seen, Option<&[u8]>)>,
        keep: bool,
        sibling: Sibling,
    ) -> (Passed, Option<Seen>) {
        let ext = url
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let mut passed = Passed::default();
        // HTML and SVG: the blocks of text that may hold personal data.
        let mut read_text: Option<(Vec<String>, Vec<String>, String)> = None;
        let mut layout = None;
        if matches!(ext.as_str(), "html" | "htm" | "svg" | "xml" | "xhtml") {
            let text = utf8(bytes);
            // A print section is read along its page: what is the page's
            // was read with it.
            let along = known.and_then(|(seen, page)| {
                Some(align::Along {
                    page: page?,
                    layout: seen.layout.as_ref()?,
                })
            });
            let models = || self.models.lock().unwrap_or_else(|e| e.into_inner());
            let model = match sibling {
                Sibling::Later => models().get(folder(url)).cloned(),
                _ => None,
            };
            let how = html::Reading {
                keep_remote: self.keep_remote,
                want_text: self.public,
                record: keep || sibling == Sibling::First,
                along,
                sibling: model.as_deref(),
                ..html::Reading::default()
            };
            let mut read = html::read_with(&text, url, how);
            if sibling == Sibling::First
                && let Some(m) = align::Model::of(text.as_bytes(), &read)
            {
                models().insert(folder(url).to_string(), Arc::new(m));
            }
            drop(text);
            if keep && read.cuts.is_empty() {
                layout = Some(std::mem::take(&mut read.layout));
            }
            for r in &read.removed {
                diags.push(self.refused(url, r, true));
            }
            for r in &read.remote_kept {
                diags.push(self.refused(url, r, false));
            }
            if !read.cuts.is_empty() {
                *bytes = html::cut(bytes, &read.cuts);
            }
            for (host, line) in &read.script_hosts {
                diags.push(self.script_host(url, host, *line));
            }
            passed.refs = read.refs;
            passed.links = read.links;
            read_text = Some((read.reader, read.other, read.geometry));
        } else if url == crate::render::search::SEARCH_INDEX_URL {
            self.search_index(url, bytes, diags);
        } else if ext == "css" {
            let text = utf8(bytes);
            let mut read = html::Read::default();
            let cuts = html::css_refused(&text, url, self.keep_remote, &mut read, "style", 1, 0);
            drop(text);
            passed.refs = read.refs;
            for r in &read.remote_kept {
                diags.push(self.refused(url, r, false));
            }
            for (_, (line, why)) in &cuts {
                let r = html::Removed {
                    attr: "url()".into(),
                    tag: "style".into(),
                    why: why.clone(),
                    line: *line,
                };
                diags.push(self.refused(url, &r, true));
            }
            if !cuts.is_empty() {
                let ranges: Vec<_> = cuts.into_iter().map(|(c, _)| c).collect();
                *bytes = html::cut(bytes, &ranges);
            }
        } else if matches!(ext.as_str(), "js" | "mjs") {
            let text = utf8(bytes);
            for (host, line) in css::script_hosts(&text) {
                diags.push(self.script_host(url, &host, line));
            }
        }
        self.keep_what_finish_needs(&mut passed);
        if !self.public {
            return (passed, None);
        }
        match read_text {
            Some((reader, other, geometry)) => {
                // The text a reader sees: with `known` (a print section),
                // only the blocks its page did not hold — the same block
                // scans the same. The attribute values, comments and
                // scripts (where the print page rewrites ids and links)
                // and the geometry: all of them, as always.
                let known: scan::Set<&str> = known
                    .map(|(k, _)| k.reader.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                let blocks = reader
                    .iter()
                    .map(String::as_str)
                    .filter(|b| !known.contains(b))
                    .chain(other.iter().map(String::as_str));
                self.scan_blocks(url, blocks, &mut passed.hits, false);
                self.scan_path(url, &mut passed.hits);
                if !geometry.is_empty() {
                    self.scan(url, &geometry, &mut passed.hits, true);
                }
                let seen = keep.then_some(Seen { reader, layout });
                (passed, seen)
            }
            None => {
                let text = if url == crate::render::search::SEARCH_INDEX_URL {
                    search_index::scanned_text(bytes)
                        .map_or_else(|| utf8(bytes), std::borrow::Cow::Owned)
                } else if TEXT_ENDINGS.contains(&ext.as_str()) {
                    utf8(bytes)
                } else {
                    std::borrow::Cow::Borrowed("")
                };
                self.scan(url, &text, &mut passed.hits, false);
                self.scan_path(url, &mut passed.hits);
                (passed, None)
            }
        }
    }

    /// Keep of what a file refers to only what [`Gated::finish`] looks
    /// at, so that the thread that hands files on does little: of the
    /// site paths, the attachments (only they wait to be referred to; a
    /// link's target counts too), and each link's target once (at its
    /// first line).
    fn keep_what_finish_needs(&self, passed: &mut Passed) {
        passed.refs.retain(|p| self.attachments.contains(p));
        passed.refs.extend(
            passed
                .links
                .iter()
                .filter(|(p, _)| self.attachments.contains(p))
                .map(|(p, _)| p.clone()),
        );
        // Lines grow through a file: the least is the first.
        passed
            .links
            .sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        passed.links.dedup_by(|a, b| a.0 == b.0);
    }

    /// A script that names another host: it cannot be cut without
    /// breaking the script, so it stops the build (a warning under
    /// `allow_raw_html`).
    fn script_host(&self, url: &str, host: &str, line: usize) -> Diagnostic {
        let msg = crate::msg!("gate.script-host", line = line, file = url, host = host);
        let hint = crate::msg!("gate.copy-what-it-loads");
        if self.keep_remote {
            Diagnostic::warning("gate", self.origin(url), msg).hint(hint)
        } else {
            Diagnostic::error("gate", self.origin(url), msg).hint(hint)
        }
    }

    /// The warning for a URL cut from (or, remote, kept in) `url`.
    fn refused(&self, url: &str, r: &html::Removed, cut: bool) -> Diagnostic {
        let what = crate::msg!(
            "gate.attr-of-tag",
            attr = r.attr.to_string(),
            tag = r.tag.to_string(),
            line = r.line,
            file = url
        );
        let d = if cut {
            Diagnostic::warning(
                "gate",
                self.origin(url),
                crate::msg!("gate.removed", what = what, why = r.why.describe()),
            )
        } else {
            Diagnostic::warning(
                "gate",
                self.origin(url),
                crate::msg!("gate.loads-remote", what = what, why = r.why.describe()),
            )
        };
        d.hint(match r.why {
            url::Refused::Remote => crate::msg!("gate.copy-the-image"),
            url::Refused::Absolute => crate::msg!("gate.write-relative"),
            _ => crate::msg!("gate.link-relative-or-https"),
        })
    }

    /// The source a published file comes from: its page, else the file.
    fn origin(&self, url: &str) -> PathBuf {
        let base = url.split('#').next().unwrap_or(url);
        self.report
            .pages
            .iter()
            .find(|p| p.url == base)
            .map_or_else(
                || PathBuf::from(format!("(published) {url}")),
                |p| p.source.clone(),
            )
    }
}

/// `bytes` as text: borrowed when they are UTF-8, as rendered files are
/// (checked with SIMD: Swedish text is not all ASCII, where the standard
/// check slows down), else with U+FFFD for each invalid sequence.
fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// A small deterministic generator for the gate's generated tests
/// (xorshift64): the same texts on every run.
#[cfg(test)]
pub(crate) fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// A generated text for tests: one to `most` of `pieces`, each drawn
/// with `next` ([`xorshift`]).
#[cfg(test)]
pub(crate) fn pieces_text(next: &mut impl FnMut() -> u64, pieces: &[&str], most: u64) -> String {
    let n = 1 + (next() % most) as usize;
    (0..n)
        .map(|_| pieces[(next() % pieces.len() as u64) as usize])
        .collect()
}
