//! The choke point: [`Gated`], a [`Sink`] that passes every file through
//! a [`Gate`] before handing it on (around the staging writer of `build`
//! and in exports), in parallel batches beside the render
//! ([`whole_site_beside`]) or after it ([`pass_all`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::{Gate, Passed, Sibling};
use crate::error::Diagnostic;
use crate::render::{OutFile, Sink};

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
    published: super::scan::Set<String>,
    /// Each file's links: its site path, and the site paths it links to
    /// with their lines.
    links: Vec<(String, Vec<(String, usize)>)>,
    /// Whether the sink sees the whole site (attachments are held).
    whole: bool,
    /// The folders a page was queued in ([`Sibling`]).
    folders: std::collections::HashSet<String>,
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

/// What passing a batch gave: for each item, the files and parts that
/// may be published with what was found (in the order they are handed
/// on), the personal data found (in the order it is reported) and the
/// messages.
type Batch = Vec<(Vec<Done>, Vec<Hits>, Vec<Diagnostic>)>;

/// Personal data found in one file ([`Passed::hits`]).
type Hits = Vec<((crate::check::privacy::Kind, String), Diagnostic)>;

/// A file or a part of one that passed.
enum Done {
    File(OutFile, Passed),
    Append(String, Vec<u8>, Passed),
}

/// Pass `items` on every core.
fn pass_batch(gate: &Gate<'_>, items: Vec<Queued>) -> Batch {
    use rayon::prelude::*;
    items.into_par_iter().map(|q| pass_one(gate, q)).collect()
}

/// Pass one queued file or part.
fn pass_one(gate: &Gate<'_>, q: Queued) -> (Vec<Done>, Vec<Hits>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut hits = Vec::new();
    let mut done = Vec::new();
    match q {
        Queued::File(f, sibling) => {
            if let Some((f, mut p)) = gate.pass_linked_as(f, &mut diags, sibling) {
                hits.push(std::mem::take(&mut p.hits));
                done.push(Done::File(f, p));
            }
        }
        Queued::Append(url, mut bytes) => {
            let mut p = gate.pass_bytes(&url, &mut bytes, &mut diags);
            hits.push(std::mem::take(&mut p.hits));
            done.push(Done::Append(url, bytes, p));
        }
        Queued::PageAndSection(page, print_url, mut section, sibling) => {
            let (page, mut s) =
                gate.pass_page_and_section_as(page, &print_url, &mut section, &mut diags, sibling);
            // The page's personal data is reported at the page;
            // the section is handed on first, as it came.
            let page = page.map(|(f, mut p)| {
                hits.push(std::mem::take(&mut p.hits));
                Done::File(f, p)
            });
            hits.push(std::mem::take(&mut s.hits));
            done.push(Done::Append(print_url, section, s));
            done.extend(page);
        }
    }
    (done, hits, diags)
}

/// A file or a part of one, waiting in [`Gated`]'s queue.
enum Queued {
    File(OutFile, Sibling),
    Append(String, Vec<u8>),
    /// A page and the section of the print page (at the URL) made from it.
    PageAndSection(OutFile, String, Vec<u8>, Sibling),
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
            published: Default::default(),
            links: Vec::new(),
            whole: false,
            folders: Default::default(),
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

    /// The place of the file at `url` among the pages of its folder, in
    /// the order files are queued.
    fn sibling(&mut self, url: &str) -> Sibling {
        if !url.ends_with(".html") {
            return Sibling::Alone;
        }
        let folder = super::folder(url);
        if self.folders.contains(folder) {
            Sibling::Later
        } else {
            self.folders.insert(folder.to_string());
            Sibling::First
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
        for (done, hits, diags) in batch {
            self.diags.extend(diags);
            for h in hits {
                gate.report_hits(h, &mut self.diags);
            }
            for d in done {
                match d {
                    Done::File(f, p) => self.hand_on(f, p),
                    Done::Append(url, bytes, p) => {
                        self.note(&url, p);
                        if !self.published.contains(&url) {
                            self.published.insert(url.clone());
                        }
                        self.inner.append(&url, bytes);
                    }
                }
            }
        }
    }

    /// Hand on a file that passed (an attachment of a whole site waits
    /// for [`Gated::finish`]).
    fn hand_on(&mut self, f: OutFile, passed: Passed) {
        let url = f.url.clone();
        if self.whole && self.gate.attachments.contains(&url) {
            if !passed.links.is_empty() {
                self.links.push((url, passed.links));
            }
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
        if !passed.links.is_empty() {
            self.links.push((url.to_string(), passed.links));
        }
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
        let links = std::mem::take(&mut self.links);
        let links = links
            .iter()
            .flat_map(|(from, to)| to.iter().map(move |(to, line)| (from, to, *line)));
        for (from, to, line) in links {
            if self.published.contains(to) || !seen.insert((from, to)) {
                continue;
            }
            let msg = crate::msg!(
                "gate.links-to-unpublished",
                line = line,
                from = from,
                to = to
            );
            let hint = crate::msg!("gate.link-only-to-this-audience");
            let origin = self.gate.origin(from);
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
        let sibling = self.sibling(&file.url);
        self.queue.push(Queued::File(file, sibling));
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

    fn page_and_section(&mut self, page: OutFile, print_url: &str, section: Vec<u8>) {
        let sibling = self.sibling(&page.url);
        self.queue.push(Queued::PageAndSection(
            page,
            print_url.to_string(),
            section,
            sibling,
        ));
        if self.queue.len() >= BATCH {
            self.flush();
        }
    }
}

/// Run `render` with a whole-site [`Gated`] around `inner` whose batches
/// are passed by worker threads while `render` goes on making the next
/// pages: the gate runs beside the render, not after it. Returns what
/// `render` returned and every diagnostic of the gate.
pub fn whole_site_beside<R>(
    gate: &Gate<'_>,
    inner: &mut dyn Sink,
    render: impl FnOnce(&mut dyn Sink) -> R,
) -> (R, Vec<Diagnostic>) {
    std::thread::scope(|s| {
        let (jobs, todo) = std::sync::mpsc::channel::<(u64, Vec<Queued>)>();
        let mut gated = Gated::whole_site(gate, inner);
        // The render keeps every core busy; the gate's batches are passed
        // beside it, each on one thread (a batch handed to the thread
        // pool would wake its threads for every sixteen files, and they
        // are busy rendering): one thread in six cores is enough.
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().div_ceil(6));
        let todo = std::sync::Arc::new(std::sync::Mutex::new(todo));
        for _ in 0..workers {
            let done = gated.tx.clone();
            let todo = todo.clone();
            s.spawn(move || {
                loop {
                    let job = todo.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((n, items)) = job else { break };
                    let batch: Batch = items.into_iter().map(|q| pass_one(gate, q)).collect();
                    if done.send((n, batch)).is_err() {
                        break;
                    }
                }
            });
        }
        gated.jobs = Some(jobs);
        let out = render(&mut gated);
        // Dropping the gated sink ends the workers.
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
