//! The pipeline front: a report read from disk and made ready for the
//! pipeline — `book.toml`, the theme (the built-in default with the
//! report's overrides), the report itself and the compiled theme — as
//! mdBook's `MDBook::load` and Zola's `Site::load`. `build`, `check`,
//! `serve`'s session and every export start from a [`Project`]; what they
//! do with it (check, cut to an audience, render, write, keep in memory)
//! is theirs.

use std::path::{Path, PathBuf};

use crate::config::{Settings, load_config};
use crate::error::Diagnostics;
use crate::load::{self, LoadOptions};
use crate::model::Report;
use crate::theme::ThemeFiles;
use crate::theme::compile::Theme;
use crate::theme::overrides::load_theme;

/// A report loaded with its settings and theme.
pub struct Project {
    /// The report folder (with book.toml).
    pub root: PathBuf,
    pub settings: Settings,
    /// The theme's files, before compiling (the session scans them for
    /// what each template reads).
    pub theme_files: ThemeFiles,
    pub theme: Theme,
    /// The whole report, every audience (see [`Report::into_audience`]).
    pub report: Report,
}

impl Project {
    /// config → theme files → load → compile the theme. The first phase
    /// that fails returns its located errors (a load error lists every
    /// file that failed).
    pub fn load(root: &Path, opts: LoadOptions) -> Result<Project, Diagnostics> {
        let settings = load_config(root)?;
        let theme_files = load_theme(root, &settings.config.build.theme)?;
        let report = load::load(root, &settings, opts)?;
        let theme = Theme::compile(
            &theme_files,
            settings.language(),
            &settings.config.book.languages,
        )?;
        Ok(Project {
            root: root.to_path_buf(),
            settings,
            theme_files,
            theme,
            report,
        })
    }
}
