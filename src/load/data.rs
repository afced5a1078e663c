//! Reading `data/`: chart data files into memory, and the shared charts of
//! `data/charts.yaml`. Nothing may come from outside the report: a symlink
//! that leads out of the report folder is an error.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::chart::data::DATA_DIR;
use crate::chart::spec::{ChartSpec, LIBRARY_FILE, parse_library};
use crate::error::{Diagnostic, Diagnostics};
use crate::text::decode_text;

/// The largest data file read for charts (32 MiB).
pub const MAX_DATA_BYTES: u64 = 32 * 1024 * 1024;

/// What `data/` holds.
#[derive(Debug, Default)]
pub struct DataDir {
    /// Every file but `charts.yaml`, by path inside `data/` with `/`.
    pub files: BTreeMap<String, Vec<u8>>,
    pub charts: Vec<ChartSpec>,
}

/// Read the report's `data/` folder (absent is fine: no data).
pub(crate) fn load_data(root: &Path) -> Result<DataDir, Diagnostics> {
    let dir = root.join(DATA_DIR);
    let mut out = DataDir::default();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut diags = Diagnostics::default();
    let real_root = root.canonicalize().map_err(|e| {
        Diagnostic::error(
            "io",
            DATA_DIR,
            crate::msg!("load.cannot-read-the-report-folder", e = e.to_string()),
        )
    })?;
    let walker = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e.path().unwrap_or(&dir);
                diags.push(
                    Diagnostic::error(
                        "io",
                        p.strip_prefix(root).unwrap_or(p),
                        crate::msg!("load.cannot-read", e = e.to_string()),
                    )
                    .hint(crate::msg!("load.a-link-in-data-may")),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        match entry.path().canonicalize() {
            Ok(real) if real.starts_with(&real_root) => {}
            Ok(real) => {
                diags.push(
                    Diagnostic::error(
                        "data-path",
                        rel,
                        crate::msg!(
                            "load.this-is-a-link-to",
                            real = (real.display()).to_string()
                        ),
                    )
                    .hint(crate::msg!("load.copy-the-file-into-data")),
                );
                continue;
            }
            Err(e) => {
                diags.push(Diagnostic::error(
                    "io",
                    rel,
                    crate::msg!("load.cannot-read-the-file", e = e.to_string()),
                ));
                continue;
            }
        }
        if let Some(d) = crate::load::too_large(entry.path(), rel, MAX_DATA_BYTES) {
            diags.push(d);
            continue;
        }
        let bytes = match std::fs::read(entry.path()) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(
                    "io",
                    rel,
                    crate::msg!("load.cannot-read-the-file", e = e.to_string()),
                ));
                continue;
            }
        };
        let key = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel == Path::new(LIBRARY_FILE) {
            match decode_text(rel, &bytes) {
                Ok(text) => match parse_library(rel, &text) {
                    Ok(charts) => out.charts = charts,
                    Err(d) => diags.0.extend(d.0),
                },
                Err(d) => diags.push(d),
            }
            continue;
        }
        out.files.insert(key, bytes);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_and_the_library() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("data/scb")).unwrap();
        std::fs::write(d.path().join("data/a.csv"), "x,y\n1,2\n").unwrap();
        std::fs::write(d.path().join("data/scb/b.json"), "{}").unwrap();
        std::fs::write(d.path().join("data/.hidden.csv"), "").unwrap();
        std::fs::write(
            d.path().join("data/charts.yaml"),
            "charts:\n  - id: a\n    type: bar\n    title: A\n    data: a.csv\n",
        )
        .unwrap();
        let dd = load_data(d.path()).unwrap();
        assert_eq!(dd.files.keys().collect::<Vec<_>>(), ["a.csv", "scb/b.json"]);
        assert_eq!(dd.charts[0].id.value, "a");
        assert_eq!(dd.charts[0].origin.file, Path::new("data/charts.yaml"));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_report_are_errors() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("hemlig.csv"), "a,b\n1,2\n").unwrap();
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("data")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("hemlig.csv"),
            d.path().join("data/hemlig.csv"),
        )
        .unwrap();
        // A link that stays inside the report is fine.
        std::fs::write(d.path().join("data/egen.csv"), "a,b\n1,2\n").unwrap();
        std::os::unix::fs::symlink(
            d.path().join("data/egen.csv"),
            d.path().join("data/alias.csv"),
        )
        .unwrap();
        let e = load_data(d.path()).unwrap_err();
        assert_eq!(e.0.len(), 1, "{e}");
        assert_eq!(e.0[0].file, Path::new("data/hemlig.csv"));
        assert!(e.0[0].message.contains("outside the report"), "{e}");
    }
}
