//! What a changed file is to the report, by where it lies.

use std::path::{Component, Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::load::{CONTENT_DIR, STATIC_DIR};
use crate::theme::overrides::THEMES_DIR;

pub use crate::paths::DATA_DIR;

/// What kind of source changed, which decides what a rebuild redoes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A Markdown page under `content/`.
    Page,
    /// A YAML file of items under `content/`.
    Items,
    /// A file under `data/` (chart data).
    ChartData,
    /// A file of the theme in use (`themes/<name>/`): templates, UI
    /// strings or its static files.
    Template,
    /// Any other file under `content/` or `static/`, copied as it is.
    Static,
    /// `book.toml`.
    Config,
    /// Folders appeared or vanished, or the watcher lost track: read the
    /// whole report again.
    Rescan,
}

/// One changed path, relative to the report folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    pub path: PathBuf,
    pub kind: ChangeKind,
}

impl Change {
    pub fn new(path: impl Into<PathBuf>, kind: ChangeKind) -> Change {
        Change {
            path: path.into(),
            kind,
        }
    }

    /// Read everything again.
    pub fn rescan() -> Change {
        Change::new("", ChangeKind::Rescan)
    }
}

/// Classify `rel` (relative to the report folder) for a report using the
/// theme `theme`. `None`: the path is not part of the report (the output
/// folder, hidden files such as `.git`, other themes).
pub fn classify(rel: &Path, theme: &str) -> Option<ChangeKind> {
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    // `load` skips hidden files and folders (and editors keep their
    // temporary files there).
    if parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    let ext = || {
        rel.extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
    };
    match parts.first().map(String::as_str)? {
        CONFIG_FILE if parts.len() == 1 => Some(ChangeKind::Config),
        CONTENT_DIR | STATIC_DIR if parts.len() == 1 => Some(ChangeKind::Rescan),
        CONTENT_DIR => Some(match ext().as_deref() {
            Some("md") => ChangeKind::Page,
            Some("yaml" | "yml") => ChangeKind::Items,
            _ => ChangeKind::Static,
        }),
        STATIC_DIR => Some(ChangeKind::Static),
        DATA_DIR => Some(ChangeKind::ChartData),
        // `themes/` itself may just have appeared, with the theme in it.
        THEMES_DIR if parts.get(1).is_none_or(|t| t == theme) => Some(ChangeKind::Template),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified_like_load_reads_them() {
        let c = |p: &str| classify(Path::new(p), "egen");
        assert_eq!(c("book.toml"), Some(ChangeKind::Config));
        assert_eq!(
            c("content/kartlaggning/statistik.md"),
            Some(ChangeKind::Page)
        );
        assert_eq!(c("content/a/_index.MD"), Some(ChangeKind::Page));
        assert_eq!(c("content/resultat.yaml"), Some(ChangeKind::Items));
        assert_eq!(c("content/a/fynd.yml"), Some(ChangeKind::Items));
        assert_eq!(c("content/a/karta.png"), Some(ChangeKind::Static));
        assert_eq!(c("static/logo.svg"), Some(ChangeKind::Static));
        assert_eq!(c("data/befolkning.csv"), Some(ChangeKind::ChartData));
        assert_eq!(
            c("themes/egen/templates/page.html"),
            Some(ChangeKind::Template)
        );
        assert_eq!(c("content"), Some(ChangeKind::Rescan));
        assert_eq!(c("themes"), Some(ChangeKind::Template));
        assert_eq!(c("themes/annan/templates/page.html"), None);
        assert_eq!(c("public/index.html"), None);
        assert_eq!(c("content/.a.md.swp"), None);
        assert_eq!(c(".git/index"), None);
        assert_eq!(c("content/../book.toml"), None);
        assert_eq!(c("notes.md"), None);
    }
}
