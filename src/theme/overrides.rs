//! Reading a report's theme overrides from `themes/<name>/`.

use std::path::Path;

use walkdir::WalkDir;

use crate::error::Diagnostic;
use crate::theme::{ThemeFile, ThemeFiles, default_theme};

pub use crate::paths::THEMES_DIR;

/// The theme `name`: the built-in default with the report's
/// `themes/<name>/` files laid over it.
pub fn load_theme(root: &Path, name: &str) -> Result<ThemeFiles, Diagnostic> {
    let mut theme = default_theme();
    theme.name = name.to_string();
    let dir = root.join(THEMES_DIR).join(name);
    if !dir.is_dir() {
        if name == "default" {
            return Ok(theme);
        }
        let book =
            std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
        return Err(Diagnostic::error(
            "missing-theme",
            crate::config::CONFIG_FILE,
            crate::msg!(
                "theme.the-theme-does-not-exist",
                name = name.to_string(),
                name2 = name.to_string()
            ),
        )
        .at(crate::config::key_pos(&book, "theme"))
        .hint(crate::msg!("theme.create-the-folder-with-the")));
    }
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(
                "io",
                format!("{THEMES_DIR}/{name}"),
                crate::msg!("theme.cannot-read-the-theme", e = e.to_string()),
            )
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let in_theme = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let key = in_theme
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if key.split('/').any(|s| s.starts_with('.')) {
            continue;
        }
        let origin = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::error(
                "io",
                &origin,
                crate::msg!("theme.cannot-read-the-theme-file", e = e.to_string()),
            )
        })?;
        theme.files.insert(key, ThemeFile { bytes, origin });
    }
    Ok(theme)
}
