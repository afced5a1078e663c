//! The build pipeline: config → load → check → render → write, each phase
//! timed. `serve` uses [`build_in_memory`]; `kartsite build` uses [`build`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::check;
use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Diagnostics};
use crate::load::{self, LoadOptions};
use crate::project::Project;
use crate::render::{self, OutFile, RenderInput};
use crate::site_files;
use crate::theme::compile::Theme;
use crate::write::{self, WriteError};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The report folder (with book.toml).
    pub root: PathBuf,
    /// Overrides `[build] output_dir` (relative to the current folder).
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
    pub audience: Audience,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output_dir: None,
            drafts: false,
            audience: Audience::Internal,
        }
    }

    /// What the load phase includes.
    pub(crate) fn load_options(&self) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts,
        }
    }
}

/// The result of a successful build.
#[derive(Debug, Clone)]
pub struct Built {
    pub files: Vec<OutFile>,
    pub pages: usize,
    pub items: usize,
    pub warnings: Vec<Diagnostic>,
    pub settings: Settings,
    /// LIX of each resident page in the main language.
    pub readability: Vec<(String, f64)>,
    /// When the report was last updated (`YYYY-MM-DD`), from its content.
    pub updated: Option<String>,
}

/// What `kartsite build` reports.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub items: usize,
    pub files: usize,
    pub millis: u128,
    pub out_dir: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub readability: Vec<(String, f64)>,
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::msg;
        write!(
            f,
            "kartsite: {}",
            msg!(
                "summary.built",
                pages = msg!("summary.pages", n = self.pages),
                items = msg!("summary.items", n = self.items),
                files = msg!("summary.files", n = self.files),
                ms = self.millis.to_string(),
                dir = self.out_dir.display().to_string()
            )
        )?;
        let warnings = self
            .warnings
            .iter()
            .filter(|w| w.severity == crate::error::Severity::Warning)
            .count();
        if warnings > 0 {
            write!(f, "; {}", msg!("summary.warnings", n = warnings))?;
        }
        let values: Vec<f64> = self.readability.iter().map(|r| r.1).collect();
        match (
            values.iter().copied().reduce(f64::min),
            values.iter().copied().reduce(f64::max),
        ) {
            (Some(v), _) if values.len() == 1 => {
                write!(f, "; {}", msg!("summary.lix-one", lix = format!("{v:.0}")))?
            }
            (Some(lo), Some(hi)) => write!(
                f,
                "; {}",
                msg!(
                    "summary.lix-many",
                    n = values.len(),
                    range = format!("{lo:.0}–{hi:.0}")
                )
            )?,
            _ => {}
        }
        Ok(())
    }
}

/// Load, check and render the report; nothing is written.
pub fn build_in_memory(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    pipeline(opts, false)
}

/// Every file `kartsite build` would write, in memory: the rendered site
/// and the files beside it (robots.txt, sitemap.xml, build.json), sorted
/// by path. What the exports and `publish` start from.
pub fn build_site(opts: &BuildOptions) -> Result<Built, Diagnostics> {
    let mut built = build_in_memory(opts)?;
    let pages: Vec<String> = built.files.iter().map(|f| f.url.clone()).collect();
    let extra = site_files::extra_files(
        &built.settings,
        opts.audience,
        &pages,
        &site_files::input_hash(&opts.root),
        built.updated.as_deref(),
    );
    built.files.extend(extra);
    built.files.sort_by(|a, b| a.url.cmp(&b.url));
    Ok(built)
}

/// Everything `kartsite check` reports: the build's errors and warnings
/// plus the writing lints (unanswered guiding questions, …). Nothing is
/// written.
pub(crate) fn diagnose(opts: &BuildOptions) -> Diagnostics {
    let mut d = match pipeline(opts, true) {
        Ok(built) => Diagnostics(built.warnings),
        Err(d) => d,
    };
    d.sort();
    d
}

/// A report loaded, checked and cut to the audience: ready to render.
struct Loaded {
    settings: Settings,
    theme: Theme,
    audience: Audience,
    /// What the audience sees.
    visible: crate::model::Report,
    /// Pages left out for the audience (links to them are not broken).
    hidden: BTreeSet<PathBuf>,
    /// Errors and warnings of the checks.
    diags: Diagnostics,
}

impl Loaded {
    /// config → load → check (and the writing lints with `lint`).
    fn new(opts: &BuildOptions, lint: bool, clock: &mut Clock) -> Result<Loaded, Diagnostics> {
        let Project {
            settings,
            theme,
            report,
            ..
        } = Project::load(&opts.root, opts.load_options())?;
        clock.lap("load");
        let mut diags = check::check(&report, &settings, opts.audience);
        if lint {
            diags
                .0
                .extend(check::lints(&report, &settings, opts.audience));
        }
        clock.lap("check");
        let (visible, hidden) =
            report.into_audience(opts.audience, settings.config.build.default_audience);
        Ok(Loaded {
            settings,
            theme,
            audience: opts.audience,
            visible,
            hidden: hidden.into_iter().collect(),
            diags,
        })
    }

    /// What the render reads.
    fn input(&self) -> RenderInput<'_> {
        RenderInput {
            report: &self.visible,
            settings: &self.settings,
            theme: &self.theme,
            audience: self.audience,
            hidden_pages: self.hidden.clone(),
        }
    }
}

/// config → load → check → render. Check and render errors are collected
/// together so the user sees them all at once.
fn pipeline(opts: &BuildOptions, lint: bool) -> Result<Built, Diagnostics> {
    let mut clock = Clock::start();
    let mut loaded = Loaded::new(opts, lint, &mut clock)?;
    let mut diags = std::mem::take(&mut loaded.diags);
    let rendered = render::render_site(&loaded.input());
    clock.lap("render");
    let visible = &loaded.visible;
    let (files, readability) = match rendered {
        Ok(out) => {
            diags.0.extend(out.warnings);
            // The exit gate, once the sources are clean (it would only
            // repeat the source checks' errors, less precisely).
            let files = if diags.has_errors() {
                out.files
            } else {
                let gate = crate::gate::Gate::for_input(&loaded.input());
                let (files, found) = crate::gate::pass_all(&gate, out.files, true);
                diags.0.extend(found);
                files
            };
            if lint {
                for (url, lix) in &out.readability {
                    let file = visible
                        .pages
                        .iter()
                        .find(|p| &p.url == url)
                        .map_or_else(|| PathBuf::from(url), |p| p.source.clone());
                    diags.push(Diagnostic::note(
                        "readability",
                        file,
                        crate::msg!(
                            "output.lix-on-the-resident-page",
                            lix = format!("{:.0}", lix),
                            url = url.to_string()
                        ),
                    ));
                }
            }
            (files, out.readability)
        }
        Err(e) => {
            diags.0.extend(e.0);
            (Vec::new(), Vec::new())
        }
    };
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    let pages = files
        .iter()
        .filter(|f| crate::paths::is_page(&f.url))
        .count();
    Ok(Built {
        files,
        pages,
        items: visible.item_count(),
        warnings: diags.0,
        updated: crate::theme::dates::last_updated(visible, &loaded.settings),
        settings: loaded.settings,
        readability,
    })
}

/// Where the output goes: the CLI flag (relative to the current folder) or
/// `[build] output_dir` for the public version and `internal_output_dir`
/// for the internal one (relative to the report).
pub fn output_dir(opts: &BuildOptions, settings: &Settings) -> PathBuf {
    match &opts.output_dir {
        Some(d) => d.clone(),
        None => opts
            .root
            .join(site_files::default_dir(settings, opts.audience)),
    }
}

/// Build the report and write it atomically. Pages go to disk as they are
/// rendered (into a temporary folder swapped in at the end), so a large
/// report is never held whole in memory.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    build_gated(opts, true)
}

/// [`build`] without the exit gate: for measuring what the gate costs
/// (`examples/build_bench.rs`), never for publishing. Only in a build
/// with the `bench-ungated` feature, which no release has: a user of
/// `kartsite` cannot reach it.
#[cfg(feature = "bench-ungated")]
#[doc(hidden)]
pub fn build_without_gate_for_benchmarks(opts: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    build_gated(opts, false)
}

/// [`build`], with the exit gate or (benchmarks only) without it.
fn build_gated(opts: &BuildOptions, gated: bool) -> Result<BuildSummary, Diagnostics> {
    let start = Instant::now();
    let mut clock = Clock::start();
    let mut loaded = Loaded::new(opts, false, &mut clock)?;
    let mut diags = std::mem::take(&mut loaded.diags);
    if diags.has_errors() {
        // Report the render's errors and warnings too, all at once. The
        // pages are rendered into nothing, as a streamed build renders
        // them (a large report is not held in memory); nothing is written.
        match render::render_streaming(&loaded.input(), &mut Discard) {
            Ok(streamed) => diags.0.extend(streamed.warnings),
            Err(e) => diags.0.extend(e.0),
        }
        diags.sort();
        return Err(diags);
    }
    let out_dir = output_dir(opts, &loaded.settings);
    check_output_dir(&opts.root, &out_dir)?;
    site_files::check_audience_folder(&opts.root, &loaded.settings, opts.audience, &out_dir)?;
    let items = loaded.visible.item_count();
    let updated = crate::theme::dates::last_updated(&loaded.visible, &loaded.settings);
    let input = loaded.input();
    let write_error = |e: WriteError| {
        use crate::msg;
        let shown = |p: &std::path::Path| p.display().to_string();
        let (message, hint) = match &e {
            WriteError::NotOurs(p) => (
                msg!("output.not-ours", path = shown(p)),
                msg!("output.not-ours-hint"),
            ),
            WriteError::Io { path, source } => (
                msg!(
                    "output.cannot-write",
                    path = shown(path),
                    error = source.to_string()
                ),
                msg!("output.cannot-write-hint"),
            ),
            WriteError::FileInTheWay { out, file } => (
                msg!(
                    "output.file-in-the-way",
                    out = shown(out),
                    file = shown(file)
                ),
                msg!("output.file-in-the-way-hint"),
            ),
        };
        Diagnostic::error("output", &out_dir, message).hint(hint)
    };
    let mut staging = write::Staging::begin(&out_dir).map_err(write_error)?;
    let mut recording = Recording {
        staging: &mut staging,
        urls: Vec::new(),
        appended: BTreeSet::new(),
    };
    // Every file passes the exit gate on its way to the writer.
    let gate = crate::gate::Gate::for_input(&input);
    // The gate passes each batch of files in the thread pool while the
    // render goes on with the next pages.
    let (streamed, mut gate_diags) = if gated {
        crate::gate::whole_site_beside(&gate, &mut recording, |sink| {
            render::render_streaming(&input, sink)
        })
    } else {
        (render::render_streaming(&input, &mut recording), Vec::new())
    };
    let urls = recording.urls;
    clock.lap("render");
    let streamed = match streamed {
        Ok(s) if !gate_diags.iter().any(Diagnostic::is_error) => s,
        other => {
            // The temporary folder goes; the previous output stays.
            drop(staging);
            match other {
                // The gate saw only part of the site (links to files the
                // failed render never made): its findings would mislead,
                // and `check` does not pass a failed render through it.
                Err(e) => diags.0.extend(e.0),
                Ok(s) => {
                    diags.0.extend(s.warnings);
                    diags.0.extend(gate_diags);
                }
            }
            diags.sort();
            return Err(diags);
        }
    };
    let extra = site_files::extra_files(
        &loaded.settings,
        opts.audience,
        &urls,
        &site_files::input_hash(&opts.root),
        updated.as_deref(),
    );
    let extra_count = extra.len();
    for f in extra {
        // robots.txt, sitemap.xml and build.json pass the gate too.
        if !gated {
            staging.put(f);
        } else if let Some(f) = gate.pass(f, &mut gate_diags) {
            staging.put(f);
        }
    }
    let stopped = gate_diags.iter().any(Diagnostic::is_error);
    diags.0.extend(gate_diags);
    if stopped {
        // Personal data in a file beside the pages: nothing is written,
        // the previous output stays.
        drop(staging);
        diags.0.extend(streamed.warnings);
        diags.sort();
        return Err(diags);
    }
    staging.commit().map_err(write_error)?;
    clock.lap("write");
    diags.0.extend(streamed.warnings);
    diags.sort();
    Ok(BuildSummary {
        pages: streamed.pages,
        items,
        files: streamed.files + extra_count,
        millis: start.elapsed().as_millis(),
        out_dir,
        warnings: diags.0,
        readability: streamed.readability,
    })
}

/// Hands a streamed render's files to the staging folder and keeps their
/// URLs (for the sitemap).
struct Recording<'a> {
    staging: &'a mut write::Staging,
    urls: Vec<String>,
    /// Files made by appending, each once in `urls`.
    appended: BTreeSet<String>,
}

impl render::Sink for Recording<'_> {
    fn file(&mut self, file: render::OutFile) {
        self.urls.push(file.url.clone());
        self.staging.put(file);
    }
    fn append(&mut self, url: &str, bytes: Vec<u8>) {
        if self.appended.insert(url.to_string()) {
            self.urls.push(url.to_string());
        }
        self.staging.append(url, bytes);
    }
}

/// Drops what a render hands it: for a build that already failed, whose
/// render runs only to report its errors too.
struct Discard;

impl render::Sink for Discard {
    fn file(&mut self, _: render::OutFile) {}
    fn append(&mut self, _: &str, _: Vec<u8>) {}
}

/// The output may not be the report folder itself or lie inside content/.
pub(crate) fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs = site_files::absolute;
    let (root, out_abs) = (abs(root), abs(out));
    let bad = if out_abs == root || root.starts_with(&out_abs) {
        Some(crate::msg!("output.replaces-report"))
    } else if out_abs.starts_with(root.join(load::CONTENT_DIR))
        || out_abs.starts_with(root.join(load::STATIC_DIR))
        || out_abs.starts_with(root.join(crate::theme::overrides::THEMES_DIR))
        || out_abs.starts_with(root.join(crate::chart::data::DATA_DIR))
    {
        Some(crate::msg!("output.inside-sources"))
    } else {
        None
    };
    match bad {
        Some(why) => Err(Diagnostic::error("output", out, why)
            .hint(crate::msg!("output.use-a-separate-folder-e"))),
        None => Ok(()),
    }
}

/// Phase timings on stderr when `KARTSITE_TIMINGS` is set (for profiling).
struct Clock {
    last: Option<Instant>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            last: std::env::var_os("KARTSITE_TIMINGS").map(|_| Instant::now()),
        }
    }

    fn lap(&mut self, phase: &str) {
        if let Some(last) = self.last {
            // Resident and peak memory so far, where the system tells it.
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let field = |name: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map(|v| v.trim().to_string())
                    .unwrap_or_default()
            };
            eprintln!(
                "kartsite: {phase} {:.1} ms (rss {}, peak {})",
                last.elapsed().as_secs_f64() * 1000.0,
                field("VmRSS:"),
                field("VmHWM:")
            );
            self.last = Some(Instant::now());
        }
    }
}
