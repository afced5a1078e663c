//! `kartsite publish --to DIR`: build the site and mirror it into DIR, a
//! mounted share or a folder a web server serves. Only files whose bytes
//! changed are written (each through a temporary file renamed over the
//! old one, so every file is either old or new even if the publish is
//! killed), files that are gone are removed, and a marker file records
//! that kartsite publishes there and which audience: a non-empty folder
//! without it, or holding the other audience, is refused, so a typo cannot
//! wipe another folder or put the internal version where the public one
//! is served.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::build::{BuildOptions, build_site};
use crate::config::Audience;
use crate::error::{Diagnostic, Diagnostics};

/// The marker file in a folder kartsite publishes to.
pub const MARKER: &str = ".kartsite-publish";

/// What to publish where.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    pub build: BuildOptions,
    /// The folder to mirror the site into.
    pub to: PathBuf,
    /// List the changes and touch nothing.
    pub dry_run: bool,
}

/// One change to the published folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Added(String),
    Changed(String),
    Removed(String),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added(p) => write!(f, "{}", crate::msg!("publish.line-added", path = p)),
            Change::Changed(p) => write!(f, "{}", crate::msg!("publish.line-changed", path = p)),
            Change::Removed(p) => write!(f, "{}", crate::msg!("publish.line-removed", path = p)),
        }
    }
}

/// What a publish did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Default)]
pub struct Published {
    pub changes: Vec<Change>,
    /// Files left as they were.
    pub unchanged: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Build and mirror the site into `opts.to`.
pub fn publish(opts: &PublishOptions) -> Result<Published, Diagnostics> {
    let to = &opts.to;
    let audience = opts.build.audience;
    crate::build::check_output_dir(&opts.build.root, to)?;
    check_target(to, audience)?;
    let built = build_site(&opts.build)?;
    let site: BTreeMap<&str, &[u8]> = built
        .files
        .iter()
        .map(|f| (f.url.as_str(), f.bytes.as_slice()))
        .collect();
    let present = existing_files(to).map_err(|e| io_error(to, &e))?;
    let mut out = Published {
        warnings: built.warnings.clone(),
        ..Published::default()
    };
    for (url, bytes) in &site {
        match present.get(*url) {
            None => out.changes.push(Change::Added((*url).to_string())),
            Some(path) if !same_bytes(path, bytes) => {
                out.changes.push(Change::Changed((*url).to_string()));
            }
            Some(_) => out.unchanged += 1,
        }
    }
    for url in present.keys() {
        if !site.contains_key(url.as_str()) {
            out.changes.push(Change::Removed(url.clone()));
        }
    }
    if opts.dry_run {
        return Ok(out);
    }
    std::fs::create_dir_all(to).map_err(|e| io_error(to, &e))?;
    // The marker first: a publish killed after this point is resumed by
    // the next one.
    let marker = to.join(MARKER);
    let marker_text = marker_text(audience);
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(marker_text.as_str()) {
        crate::write::write_file_atomically(&marker, marker_text.as_bytes())
            .map_err(|e| io_error(&marker, &e))?;
    }
    // New and changed files first, then removals: a killed publish leaves
    // a site with every page it had, old or new.
    for change in &out.changes {
        if let Change::Added(url) | Change::Changed(url) = change {
            let path = to.join(url);
            make_room(to, &path).map_err(|e| io_error(&path, &e))?;
            crate::write::write_file_atomically(&path, site[url.as_str()])
                .map_err(|e| io_error(&path, &e))?;
        }
    }
    for change in &out.changes {
        if let Change::Removed(url) = change {
            let path = to.join(url);
            match std::fs::remove_file(&path) {
                Ok(()) => remove_empty_parents(to, &path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&path, &e)),
            }
        }
    }
    Ok(out)
}

fn marker_text(audience: Audience) -> String {
    format!(
        "This folder is published by kartsite publish; do not put other files here.\naudience = {}\n",
        audience.as_str()
    )
}

/// The audience in the marker of `dir`: `Some(None)` for a marker without
/// a readable audience, `None` for no marker.
fn marked_audience(dir: &Path) -> Option<Option<Audience>> {
    let text = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    Some(
        text.lines()
            .find_map(|l| match l.strip_prefix("audience = ")?.trim() {
                "public" => Some(Audience::Public),
                "internal" => Some(Audience::Internal),
                _ => None,
            }),
    )
}

/// Refuse a folder that is not empty and not ours, a file, or a folder
/// holding the other audience.
fn check_target(to: &Path, audience: Audience) -> Result<(), Diagnostic> {
    if to.exists() && !to.is_dir() {
        return Err(
            Diagnostic::error("publish", to, crate::msg!("publish.this-is-a-file-not"))
                .hint(crate::msg!("publish.give-the-folder-to-publish")),
        );
    }
    match marked_audience(to) {
        Some(Some(a)) if a != audience => Err(Diagnostic::error(
            "publish",
            to,
            crate::msg!(
                "publish.holds-the-version-this-is",
                to = (to.display()).to_string(),
                a = (a.as_str()).to_string(),
                audience = (audience.as_str()).to_string()
            ),
        )
        .hint(crate::msg!(
            "publish.publish-the-version-into-another",
            audience = (audience.as_str()).to_string(),
            a = (a.as_str()).to_string()
        ))),
        Some(_) => Ok(()),
        None => {
            let empty = std::fs::read_dir(to).map_or(true, |mut d| d.next().is_none());
            if empty {
                Ok(())
            } else {
                Err(Diagnostic::error(
                    "publish",
                    to,
                    crate::msg!(
                        "publish.is-not-empty-and-kartsite",
                        to = (to.display()).to_string(),
                        MARKER = MARKER.to_string()
                    ),
                )
                .hint(crate::msg!("publish.check-the-folder-name-publish")))
            }
        }
    }
}

/// Every file under `dir` by site-relative path, leaving out the marker;
/// temporary files of a killed publish are removed on the way.
fn existing_files(dir: &Path) -> std::io::Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for e in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let e = e.map_err(std::io::Error::other)?;
        if e.file_type().is_dir() {
            continue;
        }
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
        let url = crate::site_files::slash_path(rel);
        if url == MARKER {
            continue;
        }
        let name = e.file_name().to_string_lossy();
        if name.starts_with('.') && name.ends_with(crate::write::PART_TAG) {
            let _ = std::fs::remove_file(e.path());
            continue;
        }
        out.insert(url, e.path().to_path_buf());
    }
    Ok(out)
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|b| b == bytes)
}

/// Make the folders of `path`; a file where a folder must go (or a folder
/// where the file must go) is removed, as the new site has no such file.
fn make_room(root: &Path, path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        std::fs::remove_dir_all(path)?;
    }
    let parent = path.parent().unwrap_or(root);
    for a in parent
        .ancestors()
        .take_while(|a| a.starts_with(root) && *a != root)
    {
        if a.is_file() {
            std::fs::remove_file(a)?;
        }
    }
    std::fs::create_dir_all(parent)
}

/// Remove the folders a removal left empty, up to `root`.
fn remove_empty_parents(root: &Path, path: &Path) {
    for a in path.ancestors().skip(1) {
        if a == root || !a.starts_with(root) || std::fs::remove_dir(a).is_err() {
            break;
        }
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostics {
    Diagnostic::error(
        "publish",
        path,
        crate::msg!(
            "publish.cannot-write",
            path = (path.display()).to_string(),
            e = e.to_string()
        ),
    )
    .hint(crate::msg!("publish.check-that-the-folder-is"))
    .into()
}
