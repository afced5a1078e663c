//! Incremental rebuilds: a [`Session`] keeps the loaded report, theme and
//! settings and the last good site in memory. When files change it reads
//! only those files again, renders only the outputs the change can reach,
//! and reports which outputs really differ, byte for byte.
//!
//! What a change reaches:
//! - a page: its own output; when it changes what lists show (title,
//!   summary, order, answered questions, …) also every output whose
//!   template reads the changed part of the site view (its phase page,
//!   the home page, overviews);
//! - a YAML file of items: the outputs whose templates read the parts of
//!   the site view that changed (overviews, phase pages, the home page);
//! - a template: the outputs rendered with it or with a template that
//!   includes or extends it; UI strings: everything;
//! - a static file or asset: that file;
//! - adding or removing pages or assets (links may break or mend),
//!   `book.toml`, chart data, folders: everything, read again from disk.
//!
//! Which parts of the view a template reads is found by scanning it
//! ([`deps`]); when unsure, a template reads everything.

pub mod changes;
pub mod deps;
mod kept;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::build::BuildOptions;
use crate::check;
use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Diagnostics};
use crate::load::{self, CONTENT_DIR, LoadedFile, STATIC_DIR};
use crate::model::{Asset, Report};
use crate::project::Project;
use crate::render::views::SiteView;
use crate::render::{self, Output, Prepared, RenderInput, Selector};
use crate::theme::ThemeFiles;
use crate::theme::compile::Theme;
pub use changes::{Change, ChangeKind, classify};
use deps::TemplateDeps;
use kept::KeptPages;

/// The bytes of one output file, shared with whoever serves it.
pub type Bytes = Arc<[u8]>;

/// What a rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// Outputs that are new or whose bytes changed, sorted.
    pub changed: Vec<String>,
    /// Outputs that no longer exist, sorted.
    pub removed: Vec<String>,
    /// How many outputs were rendered or copied (changed or not).
    pub rendered: usize,
    /// The whole report was read again from disk.
    pub reloaded: bool,
    pub warnings: Vec<Diagnostic>,
    /// LIX of each resident page in the main language.
    pub readability: Vec<(String, f64)>,
    pub timings: Timings,
}

/// Where the time of a rebuild went.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading and parsing the changed files.
    pub load: Duration,
    /// The checks; they run alongside the making of the site view, which
    /// `render` counts.
    pub check: Duration,
    pub render: Duration,
    /// Comparing with the previous output.
    pub compare: Duration,
    /// The whole rebuild, start to end.
    pub total: Duration,
}

impl Timings {
    pub fn total(&self) -> Duration {
        self.total
    }
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "load {:.1} ms, check {:.1} ms beside render {:.1} ms, compare {:.1} ms",
            ms(self.load),
            ms(self.check),
            ms(self.render),
            ms(self.compare)
        )
    }
}

/// Everything read from disk.
struct Sources {
    settings: Settings,
    theme_files: ThemeFiles,
    theme: Theme,
    deps: TemplateDeps,
    report: Report,
}

impl Sources {
    fn read(opts: &BuildOptions) -> Result<Sources, Diagnostics> {
        let Project {
            settings,
            theme_files,
            theme,
            report,
            ..
        } = Project::load(&opts.root, opts.load_options())?;
        let deps = TemplateDeps::scan(&theme_files);
        Ok(Sources {
            settings,
            theme_files,
            theme,
            deps,
            report,
        })
    }
}

impl Sources {
    /// For a public build, the report as the public sees it and the pages
    /// left out; `None` for an internal build, which shows the whole
    /// report (only drafts are hidden).
    fn visible(&self, audience: Audience) -> Option<(crate::model::Report, Vec<PathBuf>)> {
        (audience == Audience::Public).then(|| {
            self.report
                .for_audience(audience, self.settings.config.build.default_audience)
        })
    }

    /// What a render of the report for `audience` reads; `filtered` is
    /// what [`Sources::visible`] gave.
    fn input<'a>(
        &'a self,
        filtered: &'a Option<(crate::model::Report, Vec<PathBuf>)>,
        audience: Audience,
    ) -> RenderInput<'a> {
        let (report, hidden) = match filtered {
            Some((r, hidden)) => (r, hidden.clone()),
            None => (&self.report, self.report.drafts.clone()),
        };
        RenderInput {
            report,
            settings: &self.settings,
            theme: &self.theme,
            audience,
            hidden_pages: hidden.into_iter().collect(),
        }
    }
}

/// The work of the next rebuild (kept when a rebuild fails).
#[derive(Debug, Default)]
struct Pending {
    /// Read the whole report again.
    reload: bool,
    /// Render every output.
    all: bool,
    /// Something besides the text of pages changed (titles, front matter,
    /// items, UI strings, …), so the site view and link targets must be
    /// made again. Without it the last render's [`Prepared`] still holds
    /// and `check` would find what it found before.
    structural: bool,
    /// The text of some page changed (the search index reads it).
    text: bool,
    /// Outputs to render.
    urls: BTreeSet<String>,
    /// Changed templates (names under `templates/`).
    templates: BTreeSet<String>,
}

/// Picks the outputs a rebuild renders (see the module documentation).
struct Select<'a> {
    pending: &'a Pending,
    deps: &'a TemplateDeps,
    /// Changed top-level view fields.
    report: BTreeSet<String>,
    /// Changed fields of each phase.
    phases: BTreeMap<String, BTreeSet<String>>,
    /// Whether a page made with a template (and of a phase) reads what
    /// changed, as found for the first such page: thousands of pages share
    /// a few answers.
    reads: std::cell::RefCell<Vec<(String, Option<String>, bool)>>,
}

impl Select<'_> {
    /// Whether a page made with `template`, of `phase`, reads a changed
    /// part of the site view or uses a changed template.
    fn reads_changes(&self, template: &str, phase: Option<&str>) -> bool {
        let known = self
            .reads
            .borrow()
            .iter()
            .find(|(t, p, _)| t == template && p.as_deref() == phase)
            .map(|(_, _, reads)| *reads);
        if let Some(reads) = known {
            return reads;
        }
        let deps = self.deps.of(template);
        let reads = self.deps.uses_any(template, &self.pending.templates)
            || deps.report.reads_any(&self.report)
            || phase
                .and_then(|id| self.phases.get(id))
                .is_some_and(|changed| deps.phase.reads_any(changed));
        self.reads
            .borrow_mut()
            .push((template.to_string(), phase.map(str::to_string), reads));
        reads
    }

    /// Note what differs between the site view of the last render and the
    /// new one.
    fn view(&mut self, old: &SiteView, new: &SiteView) {
        self.report = old.changed_fields(new);
        if !self.report.contains("phases") {
            return;
        }
        let ids: BTreeSet<&String> = old
            .phases
            .iter()
            .chain(&new.phases)
            .map(|p| &p.id)
            .collect();
        self.phases = ids
            .into_iter()
            .map(|id| {
                let a = old.phases.iter().find(|p| &p.id == id);
                let b = new.phases.iter().find(|p| &p.id == id);
                let changed = match (a, b) {
                    (Some(a), Some(b)) => a.changed_fields(b),
                    // A phase came or went: all of its fields.
                    (Some(p), None) | (None, Some(p)) => field_names(p),
                    (None, None) => BTreeSet::new(),
                };
                (id.clone(), changed)
            })
            .collect();
    }
}

/// The names of the fields of `value` as templates see them.
fn field_names(value: &impl serde::Serialize) -> BTreeSet<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => map.into_iter().map(|(k, _)| k).collect(),
        _ => BTreeSet::new(),
    }
}

/// Picks what [`render::finish`] makes again: the print page when a page
/// it shows may have changed, the search index when the text of a page or
/// item may have changed, and the copied files that changed.
struct Finish<'a> {
    pending: &'a Pending,
    print: bool,
    search: bool,
    /// The print page and search index are left for
    /// [`Session::refresh_whole`].
    defer: bool,
}

impl Selector for Finish<'_> {
    fn wants(&self, output: Output<'_>) -> bool {
        if self.defer && matches!(output, Output::Whole { .. }) {
            return false;
        }
        if self.pending.all {
            return true;
        }
        match output {
            Output::Whole { url } if url == render::print::PRINT_URL => self.print,
            Output::Whole { .. } => self.search,
            Output::File { url } => self.pending.urls.contains(url),
            Output::Page { .. } | Output::Resident { .. } => true,
        }
    }
}

impl Selector for Select<'_> {
    fn wants(&self, output: Output<'_>) -> bool {
        if self.pending.all {
            return true;
        }
        match output {
            Output::File { url } => self.pending.urls.contains(url),
            // Made in `finish`, chosen by `Finish`.
            Output::Whole { .. } => true,
            // The feedback page, flyer and glossary in every language, and
            // translated resident pages: they read items, the glossary and
            // resident pages, which the site view does not show.
            Output::Resident {
                url,
                template,
                source,
            } => {
                self.pending.structural
                    || self.pending.urls.contains(url)
                    || source.is_some_and(|s| self.pending.urls.contains(s))
                    || self.deps.uses_any(template, &self.pending.templates)
            }
            Output::Page {
                url,
                template,
                phase,
            } => self.pending.urls.contains(url) || self.reads_changes(template, phase),
        }
    }
}

/// A report loaded and rendered in memory, rebuilt file by file.
pub struct Session {
    opts: BuildOptions,
    src: Sources,
    /// Files that fail to load now, with their errors; their last good
    /// version stays in the report until they load again.
    broken: BTreeMap<PathBuf, Diagnostics>,
    /// The last good site.
    files: BTreeMap<String, Bytes>,
    /// What the last good site was rendered with.
    prepared: Option<Prepared>,
    /// What rendering each page of the last good site found (its file
    /// taken out): the charts, anchors, warnings and LIX that the outputs
    /// made from every page read.
    pages: KeptPages,
    /// The chart downloads of the last good site.
    charts: BTreeSet<String>,
    pending: Pending,
    /// Leave the print page and the search index to
    /// [`Session::refresh_whole`] (`serve` makes them after serving the
    /// edited page).
    defer_whole: bool,
    /// The print page or the search index is older than the pages.
    stale_print: bool,
    stale_search: bool,
    /// Warnings of the checks of the last good build.
    check_warnings: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    readability: Vec<(String, f64)>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("root", &self.opts.root)
            .field("files", &self.files.len())
            .finish()
    }
}

impl Session {
    /// Load, check and render the whole report. The output directory in
    /// `opts` is not used: nothing is written.
    pub fn open(opts: BuildOptions) -> Result<Session, Diagnostics> {
        let src = Sources::read(&opts)?;
        let mut session = Session {
            opts,
            src,
            broken: BTreeMap::new(),
            files: BTreeMap::new(),
            prepared: None,
            pages: KeptPages::default(),
            charts: BTreeSet::new(),
            pending: Pending {
                all: true,
                structural: true,
                ..Pending::default()
            },
            defer_whole: false,
            stale_print: false,
            stale_search: false,
            check_warnings: Vec::new(),
            warnings: Vec::new(),
            readability: Vec::new(),
        };
        session.rebuild(Instant::now())?;
        Ok(session)
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    pub fn settings(&self) -> &Settings {
        &self.src.settings
    }

    /// The last good site, by URL.
    pub fn files(&self) -> &BTreeMap<String, Bytes> {
        &self.files
    }

    pub fn file(&self, url: &str) -> Option<&Bytes> {
        self.files.get(url)
    }

    /// Number of HTML pages in the last good site.
    pub fn page_count(&self) -> usize {
        self.files
            .keys()
            .filter(|u| crate::paths::is_page(u))
            .count()
    }

    /// Warnings of the last good build.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// LIX of each resident page in the main language, in the last good
    /// build.
    pub fn readability(&self) -> &[(String, f64)] {
        &self.readability
    }

    /// What a change of `rel` (relative to the report folder) means here;
    /// `None` when it is not part of the report.
    pub fn classify(&self, rel: &Path) -> Option<Change> {
        classify(rel, &self.src.settings.config.build.theme).map(|k| Change::new(rel, k))
    }

    /// Apply changed files and rebuild what they reach. On errors the last
    /// good site stays as it is, and the work is kept for the next call.
    pub fn apply(&mut self, changes: &[Change]) -> Result<Rebuild, Diagnostics> {
        let start = Instant::now();
        let reload = self.pending.reload
            || changes.iter().any(|c| match c.kind {
                ChangeKind::Config | ChangeKind::ChartData | ChangeKind::Rescan => true,
                // A translation belongs to its page: read everything.
                ChangeKind::Page
                    if load::translation_lang(&c.path, &self.src.settings).is_some() =>
                {
                    true
                }
                ChangeKind::Page | ChangeKind::Items | ChangeKind::Static => {
                    self.is_folder(&c.path)
                }
                ChangeKind::Template => false,
            });
        if reload {
            return self.reload(start);
        }
        let mut theme_changed = false;
        for c in changes {
            match c.kind {
                ChangeKind::Page => self.reload_page(&c.path),
                ChangeKind::Items => self.reload_items(&c.path),
                ChangeKind::Static => self.reload_asset(&c.path),
                ChangeKind::Template => theme_changed = true,
                ChangeKind::ChartData | ChangeKind::Config | ChangeKind::Rescan => {}
            }
        }
        if theme_changed {
            self.reload_theme();
        }
        self.rebuild(start)
    }

    /// Leave the print page and the search index out of [`Session::apply`]
    /// and make them in [`Session::refresh_whole`]: at 10,000 pages they
    /// take longer than the pages an edit reaches.
    pub fn defer_whole_site_outputs(&mut self, on: bool) {
        self.defer_whole = on;
    }

    /// Make the print page and the search index again if an
    /// [`Session::apply`] left them older than the pages. Returns them if
    /// their bytes changed.
    pub fn refresh_whole(&mut self) -> Result<Rebuild, Diagnostics> {
        let start = Instant::now();
        let mut rebuild = Rebuild::default();
        let (print, search) = (self.stale_print, self.stale_search);
        let Some(prepared) = self.prepared.as_ref().filter(|_| print || search) else {
            return Ok(rebuild);
        };
        let filtered = self.src.visible(self.opts.audience);
        let input = self.src.input(&filtered, self.opts.audience);
        let pages = &self.pages;
        let whole =
            render::whole_outputs(&input, prepared, &|u| pages.get(u), print, search, false);
        if !whole.errors.is_empty() {
            return Err(Diagnostics(whole.errors));
        }
        let whole = gated(
            &input,
            render::RenderedSite {
                files: whole.files,
                ..Default::default()
            },
        )?;
        rebuild.rendered = whole.files.len();
        for f in whole.files {
            if self.files.get(&f.url).is_some_and(|old| **old == *f.bytes) {
                continue;
            }
            rebuild.changed.push(f.url.clone());
            self.files.insert(f.url, Bytes::from(f.bytes));
        }
        rebuild.changed.sort();
        self.stale_print = false;
        self.stale_search = false;
        rebuild.warnings.clone_from(&self.warnings);
        rebuild.readability.clone_from(&self.readability);
        rebuild.timings.render = start.elapsed();
        rebuild.timings.total = start.elapsed();
        Ok(rebuild)
    }

    /// Whether `rel` is (or was) a folder with sources in it.
    fn is_folder(&self, rel: &Path) -> bool {
        if rel.as_os_str().is_empty() {
            return false;
        }
        match std::fs::symlink_metadata(self.opts.root.join(rel)) {
            Ok(m) if m.is_dir() => return true,
            Ok(_) => return false,
            // Gone: was it a file, or a folder of them?
            Err(_) => {}
        }
        let under = |p: &Path| p != rel && p.starts_with(rel);
        let r = &self.src.report;
        r.pages.iter().any(|p| under(&p.source))
            || r.drafts.iter().any(|p| under(p))
            || r.findings.iter().any(|i| under(&i.origin.file))
            || r.priorities.iter().any(|i| under(&i.origin.file))
            || r.feedback.iter().any(|i| under(&i.origin.file))
            || r.actors.iter().any(|i| under(&i.origin.file))
            || r.places.iter().any(|i| under(&i.origin.file))
            || r.quotes.iter().any(|i| under(&i.origin.file))
            || r.key_persons.iter().any(|i| under(&i.origin.file))
            || r.glossary.iter().any(|i| under(&i.origin.file))
            || r.assets.iter().any(|a| {
                under(&Path::new(CONTENT_DIR).join(&a.url))
                    || under(&Path::new(STATIC_DIR).join(&a.url))
            })
    }

    /// Read everything again.
    fn reload(&mut self, start: Instant) -> Result<Rebuild, Diagnostics> {
        self.pending.reload = true;
        self.broken.clear();
        match Sources::read(&self.opts) {
            Ok(src) => {
                self.src = src;
                self.pending.reload = false;
                self.pending.all = true;
                self.pending.structural = true;
                let mut r = self.rebuild(start)?;
                r.reloaded = true;
                Ok(r)
            }
            Err(e) => {
                self.broken.insert(PathBuf::new(), e.clone());
                Err(e)
            }
        }
    }

    fn load_file(&self, rel: &Path) -> Result<LoadedFile, Diagnostic> {
        load::load_file(
            &self.opts.root,
            rel,
            &self.src.settings,
            self.opts.load_options(),
        )
    }

    fn reload_page(&mut self, rel: &Path) {
        let loaded = match self.load_file(rel) {
            Ok(l) => l,
            Err(d) => {
                self.broken.insert(rel.to_path_buf(), d.into());
                return;
            }
        };
        self.broken.remove(rel);
        let public = self.opts.audience == Audience::Public;
        let pending = &mut self.pending;
        pending.text = true;
        let report = &mut self.src.report;
        let old = report
            .pages
            .binary_search_by(|p| p.source.as_path().cmp(rel));
        let was_draft = report.drafts.iter().any(|d| d == rel);
        if let Ok(i) = old {
            pending.urls.insert(report.pages[i].url.clone());
        }
        report.drafts.retain(|d| d != rel);
        match loaded {
            LoadedFile::Page(page) => {
                pending.urls.insert(page.url.clone());
                match old {
                    Ok(i) => {
                        let was = &report.pages[i];
                        // Who may see the page decides where links to it go.
                        if public && was.audience != page.audience {
                            pending.all = true;
                        }
                        // What lists and checks read of a page.
                        let same_outline = was.url == page.url
                            && was.title == page.title
                            && was.front == page.front
                            && was.phase == page.phase
                            && was.is_index == page.is_index
                            && was.audience == page.audience;
                        pending.structural |= !same_outline;
                        // Resident pages are listed in other languages.
                        pending.structural |= page.is_resident() || was.is_resident();
                        // Translations are read with their page.
                        let mut page = page;
                        page.translations = std::mem::take(&mut report.pages[i].translations);
                        report.pages[i] = page;
                    }
                    Err(i) => {
                        report.pages.insert(i, page);
                        pending.all = true;
                    }
                }
                if was_draft {
                    pending.all = true;
                }
            }
            LoadedFile::Draft(source) => {
                if let Ok(i) = old {
                    report.pages.remove(i);
                }
                report.drafts.push(source);
                pending.all |= old.is_ok() || !was_draft;
            }
            LoadedFile::Nothing | LoadedFile::Items(_) | LoadedFile::Asset(_) => {
                if let Ok(i) = old {
                    report.pages.remove(i);
                }
                pending.all |= old.is_ok() || was_draft;
            }
        }
        pending.structural |= pending.all;
    }

    fn reload_items(&mut self, rel: &Path) {
        let items = match self.load_file(rel) {
            Ok(LoadedFile::Items(items)) => items,
            Ok(_) => Report::default(),
            Err(d) => {
                self.broken.insert(rel.to_path_buf(), d.into());
                return;
            }
        };
        self.broken.remove(rel);
        self.pending.structural = true;
        self.pending.text = true;
        let report = &mut self.src.report;
        // The glossary is marked on resident pages and decides whether
        // there is a glossary page: render everything.
        if !items.glossary.is_empty() || report.glossary.iter().any(|g| g.origin.file == rel) {
            self.pending.all = true;
        }
        report.replace_file_items(rel, items);
    }

    /// An asset under `content/` or `static/`: both places can give the
    /// same URL (the one under `static/` wins), so both are read again.
    fn reload_asset(&mut self, rel: &Path) {
        let url = rel
            .strip_prefix(CONTENT_DIR)
            .or_else(|_| rel.strip_prefix(STATIC_DIR))
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            });
        let Ok(url) = url else { return };
        let mut found = Vec::new();
        for dir in [CONTENT_DIR, STATIC_DIR] {
            let path = Path::new(dir).join(&url);
            match self.load_file(&path) {
                Ok(LoadedFile::Asset(a)) => found.push(a),
                Ok(_) => {}
                Err(d) => {
                    self.broken.insert(path, d.into());
                    return;
                }
            }
        }
        for dir in [CONTENT_DIR, STATIC_DIR] {
            self.broken.remove(&Path::new(dir).join(&url));
        }
        let assets = &mut self.src.report.assets;
        let had = assets.iter().any(|a| a.url == url);
        assets.retain(|a| a.url != url);
        let at = assets.partition_point(|a: &Asset| a.url < url);
        let has = !found.is_empty();
        assets.splice(at..at, found);
        self.pending.urls.insert(url);
        // Links to the file may break or mend.
        if had != has {
            self.pending.all = true;
            self.pending.structural = true;
        }
    }

    fn reload_theme(&mut self) {
        let key = PathBuf::from(crate::theme::overrides::THEMES_DIR)
            .join(&self.src.settings.config.build.theme);
        let files = match crate::theme::overrides::load_theme(
            &self.opts.root,
            &self.src.settings.config.build.theme,
        ) {
            Ok(f) => f,
            Err(d) => {
                self.broken.insert(key, d.into());
                return;
            }
        };
        let settings = &self.src.settings;
        let theme =
            match Theme::compile(&files, settings.language(), &settings.config.book.languages) {
                Ok(t) => t,
                Err(e) => {
                    self.broken.insert(key, e);
                    return;
                }
            };
        self.broken.remove(&key);
        let old = &self.src.theme_files.files;
        let keys: BTreeSet<&String> = old.keys().chain(files.files.keys()).collect();
        for k in keys {
            if old.get(k).map(|f| &f.bytes) == files.files.get(k).map(|f| &f.bytes) {
                continue;
            }
            if let Some(name) = k.strip_prefix("templates/") {
                self.pending.templates.insert(name.to_string());
            } else if let Some(url) = k.strip_prefix("static/") {
                self.pending.urls.insert(url.to_string());
            } else {
                // UI strings are on every page, and in the site view.
                self.pending.all = true;
                self.pending.structural = true;
            }
        }
        // The prepared templates are the old theme's.
        self.pending.structural = true;
        self.src.deps = TemplateDeps::scan(&files);
        self.src.theme_files = files;
        self.src.theme = theme;
    }

    /// Check and render what is pending; on success make it the site.
    fn rebuild(&mut self, start: Instant) -> Result<Rebuild, Diagnostics> {
        let mut timings = Timings {
            load: start.elapsed(),
            ..Timings::default()
        };
        if !self.broken.is_empty() {
            let mut all = Diagnostics::default();
            for d in self.broken.values() {
                all.0.extend(d.0.iter().cloned());
            }
            all.sort();
            return Err(all);
        }
        let audience = self.opts.audience;
        let src = &self.src;
        // Only the text of pages changed since the last good build: the
        // checks would find the same, and the prepared view still holds.
        let reuse = self
            .prepared
            .as_ref()
            .filter(|_| !self.pending.structural && !self.pending.all);
        let filtered = src.visible(audience);
        let input = src.input(&filtered, audience);
        // The checks read the text of pages only for the privacy guard of
        // public builds.
        let check = || {
            let t = Instant::now();
            let warnings = match reuse {
                Some(_) if audience == Audience::Internal => Ok(self.check_warnings.clone()),
                _ => {
                    let diags = check::check(&src.report, &src.settings, audience);
                    if diags.has_errors() {
                        Err(diags)
                    } else {
                        Ok(diags.warnings().cloned().collect::<Vec<_>>())
                    }
                }
            };
            (warnings, t.elapsed())
        };
        // Link targets change only with pages or assets coming, going or
        // changing audience, which renders everything.
        let prepare = || match reuse {
            Some(_) => None,
            None => Some(match self.prepared.as_ref().filter(|_| !self.pending.all) {
                Some(p) => render::prepare_with(&input, Arc::clone(&p.targets), Some(&p.print)),
                None => render::prepare(&input),
            }),
        };
        // The checks and the site view do not depend on each other.
        let t = Instant::now();
        let ((checked, check_time), fresh) = rayon::join(check, prepare);
        timings.check = check_time;
        let check_warnings = checked?;
        let mut select = Select {
            pending: &self.pending,
            deps: &src.deps,
            report: BTreeSet::new(),
            phases: BTreeMap::new(),
            reads: std::cell::RefCell::default(),
        };
        // Without a last render everything is rendered anyway.
        if let (Some(new), Some(old)) = (&fresh, &self.prepared) {
            select.view(&old.view, &new.view);
        }
        let prepared = match (&fresh, &self.prepared) {
            (Some(p), _) | (None, Some(p)) => p,
            // `reuse` is only `Some` with a prepared render.
            (None, None) => unreachable!("a prepared render to reuse"),
        };
        let pages = render::render_prepared(&input, prepared, &select);
        // Did a page show anything new? Then the print page may change.
        let pages_changed = pages.results.iter().any(|(url, res)| {
            res.file
                .as_ref()
                .is_none_or(|f| self.files.get(url).is_none_or(|old| **old != *f.bytes))
        });
        // Every page in the order of a whole build: rendered now, or what
        // the last render of it found.
        // Section ids of the print page depend on which pages there are: when
        // they changed, the kept sections are made again from the kept pages.
        let plan_changed = match (&fresh, &self.prepared) {
            (Some(new), Some(old)) => new.print != old.print,
            _ => false,
        };
        // Every page in the order of a whole build: rendered now, or what
        // the last render of it found (put back if the rebuild fails).
        let undo = self.pages.update(pages.order, pages.results);
        // Kept print sections made again for a new plan, to put back too.
        let mut old_sections = Vec::new();
        if plan_changed {
            for (i, (url, res)) in self.pages.as_mut_slice().iter_mut().enumerate() {
                if res.file.is_none()
                    && let Some(bytes) = self.files.get(url.as_str())
                {
                    let section = prepared
                        .print
                        .section(url, std::str::from_utf8(bytes).unwrap_or(""));
                    old_sections.push((i, std::mem::replace(&mut res.print, section)));
                }
            }
        }
        let charts: BTreeSet<String> = self
            .pages
            .iter()
            .flat_map(|(_, r)| r.charts.iter().map(|c| c.chart.csv_url.clone()))
            .collect();
        let want_print = self.pending.all
            || self.pending.structural
            || !self.pending.templates.is_empty()
            || pages_changed;
        let want_search = self.pending.all || self.pending.structural || self.pending.text;
        let defer = self.defer_whole && self.prepared.is_some();
        let finish = Finish {
            pending: &self.pending,
            print: want_print,
            search: want_search,
            defer,
        };
        for (_, r) in self.pages.as_mut_slice() {
            r.kept |= r.file.is_some();
        }
        let site = match render::finish(&input, prepared, self.pages.as_mut_slice(), &finish)
            .and_then(|site| gated(&input, site))
        {
            Ok(site) => site,
            Err(e) => {
                let list = self.pages.as_mut_slice();
                for (i, section) in old_sections {
                    list[i].1.print = section;
                }
                self.pages.undo(undo);
                return Err(e);
            }
        };
        timings.render = t.elapsed();

        let t = Instant::now();
        let mut warnings = check_warnings.clone();
        warnings.extend(site.warnings);
        let mut sorted = Diagnostics(warnings);
        sorted.sort();
        let mut rebuild = Rebuild {
            warnings: sorted.0,
            readability: site.readability,
            ..Rebuild::default()
        };
        // Pages rendered, and the other files made or copied (chart
        // downloads come with their pages).
        rebuild.rendered = site.files.len().saturating_sub(charts.len());
        let produced: BTreeSet<&str> = site.files.iter().map(|f| f.url.as_str()).collect();
        let deferred = |u: &str| {
            defer && (u == render::print::PRINT_URL || u == render::search::SEARCH_INDEX_URL)
        };
        let gone: Vec<String> = if self.pending.all {
            self.files
                .keys()
                .filter(|u| !produced.contains(u.as_str()) && !deferred(u))
                .cloned()
                .collect()
        } else {
            self.pending
                .urls
                .iter()
                .chain(self.charts.difference(&charts))
                .filter(|u| self.files.contains_key(*u) && !produced.contains(u.as_str()))
                .cloned()
                .collect()
        };
        for f in site.files {
            if self.files.get(&f.url).is_some_and(|old| **old == *f.bytes) {
                continue;
            }
            rebuild.changed.push(f.url.clone());
            self.files.insert(f.url, Bytes::from(f.bytes));
        }
        for u in gone {
            self.files.remove(&u);
            rebuild.removed.push(u);
        }
        rebuild.changed.sort();
        rebuild.removed.sort();
        rebuild.removed.dedup();
        // The last results of the pages rendered again.
        let old_pages = undo;
        self.charts = charts;
        let old_prepared = match fresh {
            Some(prepared) => self.prepared.replace(prepared),
            None => None,
        };
        // Freeing a large site's view takes tens of milliseconds: not
        // while a browser waits.
        let _ = std::thread::Builder::new()
            .name("kartsite-free".into())
            .spawn(move || drop((old_prepared, old_pages)));
        self.pending = Pending::default();
        if defer {
            self.stale_print |= want_print;
            self.stale_search |= want_search;
        }
        self.check_warnings = check_warnings;
        self.warnings.clone_from(&rebuild.warnings);
        self.readability.clone_from(&rebuild.readability);
        timings.compare = t.elapsed();
        timings.total = start.elapsed();
        rebuild.timings = timings;
        Ok(rebuild)
    }
}

#[cfg(test)]
mod tests;

/// The files of a render as they may be served: each passes the exit
/// gate (refused URLs cut, backups left out, personal data an error in a
/// public session).
fn gated(
    input: &render::RenderInput<'_>,
    mut site: render::RenderedSite,
) -> Result<render::RenderedSite, Diagnostics> {
    let gate = crate::gate::Gate::for_input(input);
    let (files, found) = crate::gate::pass_all(&gate, std::mem::take(&mut site.files), false);
    site.files = files;
    let (errors, warnings): (Vec<_>, Vec<_>) = found.into_iter().partition(|d| d.is_error());
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    site.warnings.extend(warnings);
    Ok(site)
}
