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
pub mod blocks;
pub mod css;
pub mod files;
pub mod html;
pub mod text;
pub mod url;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Mutex;

use crate::check::privacy::{self, Allowlist, Hit, Kind};
use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Pos};
use crate::model::Report;
use crate::render::{OutFile, RenderInput, Sink};

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
}

/// What passing a file found besides its verdict.
#[derive(Debug, Default)]
pub struct Passed {
    /// Site paths its links (`a`, `area`) lead to, with their lines.
    pub links: Vec<(String, usize)>,
    /// Every site path it refers to (links, images, sources, CSS).
    pub refs: Vec<String>,
    /// Personal data found (public builds): its key (kind and canonical
    /// value) and the error. Each value is reported once, at the first
    /// file that holds it in publishing order ([`Gate::report_hits`]).
    pub hits: Vec<((Kind, String), Diagnostic)>,
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
        mut file: OutFile,
        diags: &mut Vec<Diagnostic>,
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
        let links = self.pass_bytes(&file.url, &mut file.bytes, diags);
        Some((file, links))
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
        let ext = url
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let mut passed = Passed::default();
        let mut scanned: Option<String> = None;
        let mut geometry = String::new();
        if matches!(ext.as_str(), "html" | "htm" | "svg" | "xml" | "xhtml") {
            let text = utf8(bytes);
            let read = html::read(&text, url, self.keep_remote, self.public);
            drop(text);
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
            passed.links = read.links;
            passed.refs = read.refs;
            scanned = Some(read.text);
            geometry = read.geometry;
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
        if self.public {
            let text = match scanned {
                Some(t) => std::borrow::Cow::Owned(t),
                None if TEXT_ENDINGS.contains(&ext.as_str())
                    || url == crate::render::search::SEARCH_INDEX_URL =>
                {
                    utf8(bytes)
                }
                None => std::borrow::Cow::Borrowed(""),
            };
            // The text, then its path (a block of its own: scanned apart,
            // it gives what the two joined by a block break give).
            self.scan(url, &text, &mut passed.hits, false);
            self.scan(url, &text::decode_percent(url), &mut passed.hits, false);
            if !geometry.is_empty() {
                self.scan(url, &geometry, &mut passed.hits, true);
            }
        }
        passed
    }

    /// Check the URLs of the search index (search.js makes links of them);
    /// a refused one is replaced by the home page.
    fn search_index(&self, url: &str, bytes: &mut Vec<u8>, diags: &mut Vec<Diagnostic>) {
        const PREFIX: &[u8] = b"window.kartsiteSearch = ";
        let Some(json) = bytes
            .strip_prefix(PREFIX)
            .map(|j| j.strip_suffix(b";\n").unwrap_or(j))
        else {
            return;
        };
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
        let Ok(index) = serde_json::from_slice::<Docs<'_>>(json) else {
            return;
        };
        let bad: BTreeSet<usize> = index
            .docs
            .iter()
            .enumerate()
            .filter(|(_, d)| url::classify(&d.0, url).is_err())
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

    /// Scan `text` (from the file at `url`) for personal data.
    /// With `identity_only`, only identity numbers count (in geometry,
    /// where numbers of a phone's shape are coordinates).
    fn scan(
        &self,
        url: &str,
        text: &str,
        hits: &mut Vec<((Kind, String), Diagnostic)>,
        identity_only: bool,
    ) {
        let mut keys = BTreeSet::new();
        // Only the blocks that can hold personal data are normalised and
        // scanned; each alone finds what the whole text would ([`blocks`]).
        for block in blocks::candidates(text) {
            let norm = text::normalise(&text[block]);
            let norm = text::deglue(&norm);
            for h in privacy::scan_text(&norm) {
                if self.allow.allows(&norm, &h)
                    || (identity_only && matches!(h.kind, Kind::Phone | Kind::Email))
                {
                    continue;
                }
                let key = (h.kind, privacy::canonical(h.kind, &norm[h.range.clone()]));
                if keys.insert(key.clone()) {
                    let d = self.hit(url, &norm, &h, &key);
                    hits.push((key, d));
                }
            }
        }
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

/// A [`Sink`] that passes every file through a [`Gate`] before handing
/// it on: the choke point of `build` (around the staging writer) and of
/// exports that write files.
///
/// With [`Gated::whole_site`], attachments (files under content/ that are
/// not pages) are held back until [`Gated::finish`] and handed on only if
/// a published file refers to them: one linked only from an internal or
/// draft page stays out of the public build.
pub struct Gated<'g, 'a> {
    gate: &'g Gate<'a>,
    inner: &'g mut dyn Sink,
    pub diags: Vec<Diagnostic>,
    published: BTreeSet<String>,
    links: Vec<(String, String, usize)>,
    /// Whether the sink sees the whole site (attachments are held).
    whole: bool,
    held: Vec<(OutFile, Vec<String>)>,
    refs: BTreeSet<String>,
    /// Files and parts waiting to be passed, together on every core.
    queue: Vec<Queued>,
    /// With a worker ([`whole_site_beside`]), each batch is passed by it
    /// while the render goes on; the results come back numbered and are
    /// handed on in order.
    jobs: Option<std::sync::mpsc::Sender<(u64, Vec<Queued>)>>,
    sent: u64,
    handed: u64,
    ready: BTreeMap<u64, Batch>,
    tx: std::sync::mpsc::Sender<(u64, Batch)>,
    rx: std::sync::mpsc::Receiver<(u64, Batch)>,
}

/// What passing a batch gave: each file (or `None`, never published)
/// with what was found, and its messages.
type Batch = Vec<(Option<(Queued, Passed)>, Vec<Diagnostic>)>;

/// Pass `items` on every core.
fn pass_batch(gate: &Gate<'_>, items: Vec<Queued>) -> Batch {
    use rayon::prelude::*;
    items
        .into_par_iter()
        .map(|q| {
            let mut diags = Vec::new();
            let passed = match q {
                Queued::File(f) => gate
                    .pass_linked(f, &mut diags)
                    .map(|(f, p)| (Queued::File(f), p)),
                Queued::Append(url, mut bytes) => {
                    let p = gate.pass_bytes(&url, &mut bytes, &mut diags);
                    Some((Queued::Append(url, bytes), p))
                }
            };
            (passed, diags)
        })
        .collect()
}

/// A file or a part of one, waiting in [`Gated`]'s queue.
enum Queued {
    File(OutFile),
    Append(String, Vec<u8>),
}

/// How many files [`Gated`] passes at once, in parallel.
const BATCH: usize = 16;

impl<'g, 'a> Gated<'g, 'a> {
    /// Gate the files of a partial site (`serve`): every attachment is
    /// handed on.
    pub fn new(gate: &'g Gate<'a>, inner: &'g mut dyn Sink) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        Gated {
            gate,
            inner,
            diags: Vec::new(),
            published: BTreeSet::new(),
            links: Vec::new(),
            whole: false,
            held: Vec::new(),
            refs: BTreeSet::new(),
            queue: Vec::new(),
            jobs: None,
            sent: 0,
            handed: 0,
            ready: BTreeMap::new(),
            tx,
            rx,
        }
    }

    /// Hand on the batches that are back, in order; with `wait`, until
    /// every batch sent is back.
    fn drain(&mut self, wait: bool) {
        loop {
            while let Ok((n, b)) = self.rx.try_recv() {
                self.ready.insert(n, b);
            }
            while let Some(b) = self.ready.remove(&self.handed) {
                self.handed += 1;
                self.hand_batch(b);
            }
            if !wait || self.handed == self.sent {
                return;
            }
            match self.rx.recv() {
                Ok((n, b)) => {
                    self.ready.insert(n, b);
                }
                Err(_) => return,
            }
        }
    }

    /// Pass the queued files on every core, then hand them on in the
    /// order they came (the output and the messages do not depend on
    /// threads). With a scope the batch is passed in the background.
    pub fn flush(&mut self) {
        if self.queue.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.queue);
        let gate = self.gate;
        let items = match &self.jobs {
            Some(jobs) => match jobs.send((self.sent, items)) {
                Ok(()) => {
                    self.sent += 1;
                    self.drain(false);
                    return;
                }
                // The worker is gone: pass the batch here.
                Err(e) => e.0.1,
            },
            None => items,
        };
        let b = pass_batch(gate, items);
        self.hand_batch(b);
    }

    /// Hand on one batch, in order.
    fn hand_batch(&mut self, batch: Batch) {
        let gate = self.gate;
        for (passed, diags) in batch {
            self.diags.extend(diags);
            let Some((q, mut p)) = passed else { continue };
            gate.report_hits(std::mem::take(&mut p.hits), &mut self.diags);
            match q {
                Queued::File(f) => self.hand_on(f, p),
                Queued::Append(url, bytes) => {
                    self.note(&url, p);
                    self.published.insert(url.clone());
                    self.inner.append(&url, bytes);
                }
            }
        }
    }

    /// Hand on a file that passed (an attachment of a whole site waits
    /// for [`Gated::finish`]).
    fn hand_on(&mut self, f: OutFile, passed: Passed) {
        let url = f.url.clone();
        if self.whole && self.gate.attachments.contains(&url) {
            self.links.extend(
                passed
                    .links
                    .into_iter()
                    .map(|(to, line)| (url.clone(), to, line)),
            );
            self.held.push((f, passed.refs));
            return;
        }
        self.note(&url, passed);
        self.published.insert(url);
        self.inner.file(f);
    }

    /// The diagnostics of a partial site (after the last file).
    pub fn finish_partial(mut self) -> Vec<Diagnostic> {
        self.flush();
        self.drain(true);
        self.diags
    }

    /// Gate the files of a whole site: attachments no published file
    /// refers to are left out (call [`Gated::finish`]).
    pub fn whole_site(gate: &'g Gate<'a>, inner: &'g mut dyn Sink) -> Self {
        Gated {
            whole: true,
            ..Gated::new(gate, inner)
        }
    }

    fn note(&mut self, url: &str, passed: Passed) {
        self.links.extend(
            passed
                .links
                .into_iter()
                .map(|(to, line)| (url.to_string(), to, line)),
        );
        self.refs.extend(passed.refs);
    }

    /// After the last file: the attachments a published file refers to
    /// are handed on, the others named in a warning; a link to a site
    /// file that was not published is an error in a public build (an
    /// internal or draft page reached by raw HTML or `[participate]
    /// text`), else a warning. Returns every diagnostic of the gate.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.flush();
        self.drain(true);
        // An attachment may refer to another (an HTML file to its images).
        loop {
            let (used, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.held)
                .into_iter()
                .partition(|(f, _)| self.refs.contains(&f.url));
            self.held = rest;
            if used.is_empty() {
                break;
            }
            for (f, refs) in used {
                self.refs.extend(refs);
                self.published.insert(f.url.clone());
                self.inner.file(f);
            }
        }
        for (f, _) in std::mem::take(&mut self.held) {
            let file = PathBuf::from(format!("content/{}", f.url));
            let msg = crate::msg!("gate.unused-file");
            // In the public version an internal page may be the one that
            // links it: held back as it should be, so only noted. In the
            // internal version no page links it at all.
            self.diags.push(if self.gate.public {
                Diagnostic::note("unused-file", file, msg)
                    .hint(crate::msg!("gate.unused-file-public"))
            } else {
                Diagnostic::warning("unused-file", file, msg)
                    .hint(crate::msg!("gate.unused-file-internal"))
            });
        }
        let mut seen = BTreeSet::new();
        for (from, to, line) in std::mem::take(&mut self.links) {
            if self.published.contains(&to) || !seen.insert((from.clone(), to.clone())) {
                continue;
            }
            let msg = crate::msg!(
                "gate.links-to-unpublished",
                line = line,
                from = &from,
                to = &to
            );
            let hint = crate::msg!("gate.link-only-to-this-audience");
            let origin = self.gate.origin(&from);
            self.diags.push(if self.gate.public {
                Diagnostic::error("gate", origin, msg).hint(hint)
            } else {
                Diagnostic::warning("gate", origin, msg).hint(hint)
            });
        }
        self.diags
    }
}

impl Sink for Gated<'_, '_> {
    fn file(&mut self, file: OutFile) {
        self.queue.push(Queued::File(file));
        if self.queue.len() >= BATCH {
            self.flush();
        }
    }

    fn append(&mut self, url: &str, bytes: Vec<u8>) {
        self.queue.push(Queued::Append(url.to_string(), bytes));
        if self.queue.len() >= BATCH {
            self.flush();
        }
    }
}

/// Run `render` with a whole-site [`Gated`] around `inner` whose batches
/// are passed by a worker thread (on the thread pool) while `render` goes
/// on making the next pages: the gate runs beside the render, not after
/// it. Returns what `render` returned and every diagnostic of the gate.
pub fn whole_site_beside<R>(
    gate: &Gate<'_>,
    inner: &mut dyn Sink,
    render: impl FnOnce(&mut dyn Sink) -> R,
) -> (R, Vec<Diagnostic>) {
    std::thread::scope(|s| {
        let (jobs, todo) = std::sync::mpsc::channel::<(u64, Vec<Queued>)>();
        let mut gated = Gated::whole_site(gate, inner);
        let done = gated.tx.clone();
        s.spawn(move || {
            for (n, items) in todo {
                if done.send((n, pass_batch(gate, items))).is_err() {
                    break;
                }
            }
        });
        gated.jobs = Some(jobs);
        let out = render(&mut gated);
        // Dropping the gated sink ends the worker.
        (out, gated.finish())
    })
}

/// Pass every file of a finished render (an in-memory build, `serve`):
/// the files that may be published, and the gate's diagnostics.
pub fn pass_all(
    gate: &Gate<'_>,
    files: Vec<OutFile>,
    whole_site: bool,
) -> (Vec<OutFile>, Vec<Diagnostic>) {
    struct Collect(Vec<OutFile>);
    impl Sink for Collect {
        fn file(&mut self, f: OutFile) {
            self.0.push(f);
        }
        fn append(&mut self, url: &str, bytes: Vec<u8>) {
            match self.0.iter_mut().find(|f| f.url == url) {
                Some(f) => f.bytes.extend(bytes),
                None => self.0.push(OutFile {
                    url: url.into(),
                    bytes,
                }),
            }
        }
    }
    let mut out = Collect(Vec::with_capacity(files.len()));
    let mut gated = if whole_site {
        Gated::whole_site(gate, &mut out)
    } else {
        Gated::new(gate, &mut out)
    };
    for f in files {
        gated.file(f);
    }
    let mut diags = if whole_site {
        gated.finish()
    } else {
        gated.finish_partial()
    };
    diags.sort_by(|a, b| format!("{a}").cmp(&format!("{b}")));
    (out.0, diags)
}
