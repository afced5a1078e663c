//! `kartsite export`: the report as one file to send or upload — the
//! whole report as a self-contained HTML file ([`html`]), the built site
//! as a zip ([`zip`]), or (the default-on cargo feature `pdf`) the report
//! or the residents' flyer as a tagged PDF ([`pdf`]). Every export starts from the same in-memory build as
//! `kartsite build` (same audience filter, same privacy guard), and is
//! written atomically: a failed export leaves the previous file as it was.

mod combine;
pub mod html;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod zip;

use std::path::{Path, PathBuf};

use crate::build::{BuildOptions, Built, build_site};
use crate::config::Audience;
use crate::error::{Diagnostic, Diagnostics};

/// What every export takes.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The report folder (with book.toml).
    pub root: PathBuf,
    pub audience: Audience,
    /// The language of the export; default: `[book] language`.
    pub lang: Option<String>,
    /// The file to write.
    pub output: PathBuf,
    pub drafts: bool,
}

/// Build the site for `opts.audience` in memory, with the files beside
/// the pages, after checking `--lang` against the report's languages.
pub fn built(opts: &ExportOptions) -> Result<Built, Diagnostics> {
    let build = BuildOptions {
        root: opts.root.clone(),
        output_dir: None,
        drafts: opts.drafts,
        audience: opts.audience,
    };
    let built = build_site(&build)?;
    if let Some(lang) = &opts.lang {
        let book = &built.settings.config.book;
        if *lang != book.language && !book.languages.contains(lang) {
            let mut all = vec![book.language.clone()];
            all.extend(book.languages.iter().cloned());
            return Err(Diagnostic::error(
                "export",
                crate::config::CONFIG_FILE,
                crate::msg!("export.the-report-has-no-language", lang = lang.to_string()),
            )
            .hint(crate::msg!(
                "export.use-one-of",
                join = (all.join(", ")).to_string()
            ))
            .into());
        }
    }
    Ok(built)
}

/// Write `bytes` to `path` atomically, refusing to write into the
/// report's sources (the next build would publish the export).
pub fn write_output(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), Diagnostics> {
    let abs = crate::site_files::absolute(path);
    let root_abs = crate::site_files::absolute(root);
    let inside = [
        crate::paths::CONTENT_DIR,
        crate::paths::STATIC_DIR,
        crate::paths::DATA_DIR,
        crate::paths::THEMES_DIR,
    ]
    .iter()
    .any(|d| abs.starts_with(root_abs.join(d)));
    if inside {
        return Err(Diagnostic::error(
            "output",
            path,
            crate::msg!("export.the-export-would-be-written"),
        )
        .hint(crate::msg!("export.write-it-beside-the-report"))
        .into());
    }
    if path.is_dir() {
        return Err(
            Diagnostic::error("output", path, crate::msg!("export.this-is-a-folder-not"))
                .hint(crate::msg!("export.give-the-name-of-the"))
                .into(),
        );
    }
    crate::write::write_file_atomically(path, bytes).map_err(|e| {
        Diagnostic::error("output", path, e.to_string())
            .hint(crate::msg!("export.check-that-the-folder-exists"))
            .into()
    })
}

/// The media type of a site file for a `data:` address (no spaces).
pub fn mime_type(url: &str) -> String {
    crate::mime::of(url).replace("; ", ";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_by_extension() {
        assert_eq!(mime_type("a/b.PNG"), "image/png");
        assert_eq!(mime_type("data/x.csv"), "text/csv;charset=utf-8");
        assert_eq!(mime_type("noext"), "application/octet-stream");
    }

    #[test]
    fn refuses_to_write_into_the_sources() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("content")).unwrap();
        let out = d.path().join("content/rapport.html");
        let e = write_output(d.path(), &out, b"x").unwrap_err();
        assert!(e.0[0].message.contains("sources"), "{e}");
        assert!(!out.exists());
        let ok = d.path().join("rapport.html");
        write_output(d.path(), &ok, b"x").unwrap();
        assert_eq!(std::fs::read(&ok).unwrap(), b"x");
    }
}
