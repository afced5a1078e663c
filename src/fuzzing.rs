//! Entry points for the cargo-fuzz targets in `fuzz/` (see
//! docs/fuzzing.md). Not a stable API: thin wrappers around functions
//! that are private to their module.

use std::path::Path;

use crate::config::Settings;
use crate::error::Diagnostic;
use crate::model::Page;

/// Read one page as `load` does: decode the bytes, split off the front
/// matter, parse it and find the title. `rel` is the path from the report
/// root (`content/<phase>/<name>.md`).
pub fn load_page(
    rel: &Path,
    bytes: &[u8],
    settings: &Settings,
) -> Result<Option<Page>, Diagnostic> {
    let in_content = rel.strip_prefix(crate::load::CONTENT_DIR).unwrap_or(rel);
    crate::load::load_page(rel, in_content, bytes, settings)
}
