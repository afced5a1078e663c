//! The build pipeline: config → load → check → render → write, each phase
//! timed. `serve` uses [`build_in_memory`]; `kartsite build` uses [`build`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::check;
use crate::config::{Audience, Settings, load_config};
use crate::error::{Diagnostic, Diagnostics};
use crate::load::{self, LoadOptions};
use crate::render::theme::Theme;
use crate::render::{self, OutFile, RenderInput};
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
        write!(
            f,
            "kartsite: built {} pages and {} items ({} files) in {} ms → {}",
            self.pages,
            self.items,
            self.files,
            self.millis,
            self.out_dir.display()
        )?;
        let values: Vec<f64> = self.readability.iter().map(|r| r.1).collect();
        match (
            values.iter().copied().reduce(f64::min),
            values.iter().copied().reduce(f64::max),
        ) {
            (Some(v), _) if values.len() == 1 => write!(f, "; LIX of the resident page {v:.0}")?,
            (Some(lo), Some(hi)) => write!(
                f,
                "; LIX of {} resident pages {lo:.0}–{hi:.0}",
                values.len()
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

/// Everything `kartsite check` reports: the build's errors and warnings
/// plus the writing lints (unanswered guiding questions, …). Nothing is
/// written.
pub fn diagnose(opts: &BuildOptions) -> Diagnostics {
    let mut d = match pipeline(opts, true) {
        Ok(built) => Diagnostics(built.warnings),
        Err(d) => d,
    };
    d.sort();
    d
}

/// config → load → check → render. Check and render errors are collected
/// together so the user sees them all at once.
fn pipeline(opts: &BuildOptions, lint: bool) -> Result<Built, Diagnostics> {
    let mut clock = Clock::start();
    let settings = load_config(&opts.root)?;
    let theme_files = load::theme::load_theme(&opts.root, &settings.config.build.theme)?;
    let report = load::load(
        &opts.root,
        &settings,
        LoadOptions {
            drafts: opts.drafts,
        },
    )?;
    let theme = Theme::compile(
        &theme_files,
        settings.language(),
        &settings.config.book.languages,
    )?;
    clock.lap("load");
    let mut diags = check::check(&report, &settings, opts.audience);
    if lint {
        diags
            .0
            .extend(check::lints(&report, &settings, opts.audience));
    }
    let (visible, hidden) =
        report.for_audience(opts.audience, settings.config.build.default_audience);
    let input = RenderInput {
        report: &visible,
        settings: &settings,
        theme: &theme,
        audience: opts.audience,
        hidden_pages: hidden.into_iter().collect(),
    };
    clock.lap("check");
    let rendered = render::render_site(&input);
    clock.lap("render");
    let (files, readability) = match rendered {
        Ok(out) => {
            diags.0.extend(out.warnings);
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
                        format!("LIX {lix:.0} on the resident page {url}"),
                    ));
                }
            }
            (out.files, out.readability)
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
    let pages = files.iter().filter(|f| f.url.ends_with(".html")).count();
    Ok(Built {
        files,
        pages,
        items: visible.item_count(),
        warnings: diags.0,
        settings,
        readability,
    })
}

/// Where the output goes: the CLI flag (relative to the current folder) or
/// `[build] output_dir` (relative to the report).
pub fn output_dir(opts: &BuildOptions, settings: &Settings) -> PathBuf {
    match &opts.output_dir {
        Some(d) => d.clone(),
        None => opts.root.join(&settings.config.build.output_dir),
    }
}

/// Build the report and write it atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Diagnostics> {
    let start = Instant::now();
    let built = build_in_memory(opts)?;
    let out_dir = output_dir(opts, &built.settings);
    check_output_dir(&opts.root, &out_dir)?;
    let mut clock = Clock::start();
    write::write_site(&out_dir, &built.files).map_err(|e| {
        let hint = match &e {
            WriteError::NotOurs(_) => {
                "choose an empty or new folder with --output-dir, or delete this one yourself"
            }
            WriteError::Io { .. } => "check that the folder is writable and the disk is not full",
        };
        Diagnostic::error("output", &out_dir, e.to_string()).hint(hint)
    })?;
    clock.lap("write");
    Ok(BuildSummary {
        pages: built.pages,
        items: built.items,
        files: built.files.len(),
        millis: start.elapsed().as_millis(),
        out_dir,
        warnings: built.warnings,
        readability: built.readability,
    })
}

/// The output may not be the report folder itself or lie inside content/.
fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Normalise `.` and `..` without touching the disk.
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                c => out.push(c),
            }
        }
        out
    };
    let (root, out_abs) = (abs(root), abs(out));
    let bad = if out_abs == root || root.starts_with(&out_abs) {
        Some("the output folder would replace the report itself")
    } else if out_abs.starts_with(root.join(load::CONTENT_DIR))
        || out_abs.starts_with(root.join(load::STATIC_DIR))
        || out_abs.starts_with(root.join(load::theme::THEMES_DIR))
        || out_abs.starts_with(root.join(crate::chart::data::DATA_DIR))
    {
        Some("the output folder lies inside the report's sources")
    } else {
        None
    };
    match bad {
        Some(why) => Err(Diagnostic::error("output", out, why.to_string())
            .hint("use a separate folder, e.g. output_dir = \"public\" in [build]")),
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
            eprintln!(
                "kartsite: {phase} {:.1} ms",
                last.elapsed().as_secs_f64() * 1000.0
            );
            self.last = Some(Instant::now());
        }
    }
}
