//! Theme files: the built-in default theme (embedded in the binary) with a
//! report's own `themes/<name>/` laid over it, file by file.
//!
//! - this module: the embedded default theme and [`ThemeFiles`];
//! - [`overrides`]: reading a report's `themes/<name>/` (the load side);
//! - [`compile`]: compiling the files into Tera templates, UI strings and
//!   static files (what render uses).

pub mod breaks;
pub mod compile;
pub mod dates;
pub mod overrides;

use std::collections::BTreeMap;
use std::path::PathBuf;

/// One theme file and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    /// Report-relative path for files from the report, or the built-in path.
    pub origin: PathBuf,
}

/// All files of a theme, keyed by their path inside the theme
/// (`templates/page.html`, `static/style.css`, `strings/sv.toml`).
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    pub name: String,
    pub files: BTreeMap<String, ThemeFile>,
}

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)))),*]
    };
}

/// The default theme, embedded. `tests` checks this list against the folder.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/home.html",
    "templates/phase.html",
    "templates/page.html",
    "templates/findings.html",
    "templates/priorities.html",
    "templates/feedback.html",
    "templates/actors.html",
    "templates/places.html",
    "templates/404.html",
    "templates/print.html",
    "templates/accessibility.html",
    "templates/partials/a11y-contact.html",
    "templates/partials/search.html",
    "templates/partials/footer-links.html",
    "templates/residents.html",
    "templates/flyer.html",
    "templates/glossary.html",
    "templates/partials/lang-switch.html",
    "templates/partials/finding.html",
    "templates/partials/item-links.html",
    "templates/partials/quote.html",
    "templates/partials/actor-map.html",
    "templates/swot.html",
    "templates/arshjul.html",
    "templates/omvarld.html",
    "static/style.css",
    "static/search.js",
    "static/favicon.svg",
    "strings/sv.toml",
    "strings/nb.toml",
    "strings/nn.toml",
    "strings/en.toml",
    "strings/ar.toml",
    "strings/so.toml",
    "strings/fa.toml",
];

/// The built-in default theme.
pub fn default_theme() -> ThemeFiles {
    ThemeFiles {
        name: "default".into(),
        files: DEFAULT_THEME
            .iter()
            .map(|(p, b)| {
                (
                    (*p).to_string(),
                    ThemeFile {
                        bytes: b.to_vec(),
                        origin: PathBuf::from(format!("themes/default/{p}")),
                    },
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_matches_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk, "update DEFAULT_THEME in src/theme.rs");
    }
}
