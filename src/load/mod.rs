//! `load`: walk a report folder and parse it into the typed [`Report`].
//! Pages are Markdown with YAML front matter; YAML files hold items; any
//! other file under `content/` or `static/` is an asset copied as it is.

pub mod data;
pub mod frontmatter;
mod lang_names;
pub mod spans;

// Old paths, kept so that branches written against them still merge; new
// code uses `crate::text` and `crate::theme::overrides`.
#[doc(hidden)]
pub use crate::text;
#[doc(hidden)]
pub use crate::theme::overrides as theme;

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Settings;
#[doc(hidden)]
pub use crate::error::yaml_options;
use crate::error::{Diagnostic, Diagnostics, Pos, yaml_error_in};
use crate::model::items::{ItemsFile, Origin};
use crate::model::{Asset, Page, Report};

pub use crate::paths::{CONTENT_DIR, STATIC_DIR};

/// What to include.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// The largest page or YAML file kartsite reads (8 MiB; a long report
/// page is under 100 kB). Checked from the file's size before reading, so
/// a runaway file fails at once instead of after seconds of parsing.
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// An error if the file at `path` is larger than `max` bytes.
pub(crate) fn too_large(path: &Path, rel: &Path, max: u64) -> Option<Diagnostic> {
    let len = std::fs::metadata(path).ok()?.len();
    let mb = |n: u64| format!("{:.1} MB", n as f64 / 1_000_000.0);
    (len > max).then(|| {
        Diagnostic::error(
            "too-large",
            rel,
            crate::msg!(
                "load.the-file-is-kartsite-reads",
                count = (mb(len)).to_string(),
                max = (mb(max)).to_string()
            ),
        )
        .hint(crate::msg!("load.split-it-into-several-files"))
    })
}

/// Load every page, item file and asset of the report at `root`. All
/// errors found are returned together.
pub fn load(root: &Path, settings: &Settings, opts: LoadOptions) -> Result<Report, Diagnostics> {
    let mut report = Report::default();
    let mut diags = Diagnostics::default();
    let mut translations = Vec::new();
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Diagnostic::error(
            "missing-content",
            CONTENT_DIR,
            crate::msg!("load.the-report-has-no-content"),
        )
        .hint(crate::msg!("load.create-content-with-one-folder"))
        .into());
    }
    for entry in walk(root, &content, &mut diags) {
        let rel = entry.strip_prefix(root).unwrap_or(&entry).to_path_buf();
        let in_content = rel.strip_prefix(CONTENT_DIR).unwrap_or(&rel).to_path_buf();
        if matches!(extension(&entry).as_deref(), Some("md" | "yaml" | "yml"))
            && let Some(d) = too_large(&entry, &rel, MAX_TEXT_BYTES)
        {
            diags.push(d);
            continue;
        }
        let bytes = match std::fs::read(&entry) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(
                    "io",
                    &rel,
                    crate::msg!("load.cannot-read-the-file", e = e.to_string()),
                ));
                continue;
            }
        };
        match extension(&entry).as_deref() {
            Some("md") if translation_lang(&entry, settings).is_some() => {
                match load_translation(&rel, &bytes, settings) {
                    Ok(t) => translations.push(t),
                    Err(d) => diags.push(d),
                }
            }
            Some("md") if lang_names::unknown_language(&rel, settings).is_some() => {
                diags.0.extend(lang_names::unknown_language(&rel, settings));
            }
            Some("md") => match load_page(&rel, &in_content, &bytes, settings) {
                Ok(Some(page)) if page.front.draft && !opts.drafts => {
                    report.drafts.push(page.source)
                }
                Ok(Some(page)) => report.pages.push(page),
                Ok(None) => {}
                Err(d) => diags.push(d),
            },
            Some("yaml" | "yml") => {
                if let Err(d) = load_items(&rel, &in_content, &bytes, settings, &mut report) {
                    diags.push(d);
                }
            }
            _ => report.assets.push(Asset {
                url: url_of(&in_content),
                bytes,
                attachment: true,
            }),
        }
    }
    let statics = root.join(STATIC_DIR);
    if statics.is_dir() {
        for entry in walk(root, &statics, &mut diags) {
            let rel = entry.strip_prefix(&statics).unwrap_or(&entry);
            match std::fs::read(&entry) {
                Ok(bytes) => report.assets.push(Asset {
                    url: url_of(rel),
                    bytes,
                    attachment: false,
                }),
                Err(e) => diags.push(Diagnostic::error(
                    "io",
                    entry.strip_prefix(root).unwrap_or(&entry),
                    crate::msg!("load.cannot-read-the-file", e = e.to_string()),
                )),
            }
        }
    }
    for (base, lang, t) in translations {
        match report.pages.iter_mut().find(|p| p.source == base) {
            Some(page) => {
                page.translations.insert(lang, t);
            }
            None if report.drafts.contains(&base) => {}
            None => diags.push(
                Diagnostic::error(
                    "orphan-translation",
                    &t.source,
                    crate::msg!(
                        "load.this-translation-has-no-page",
                        base = (base.display()).to_string()
                    ),
                )
                .hint(crate::msg!("load.a-translation-name-ar-md")),
            ),
        }
    }
    match data::load_data(root) {
        Ok(d) => {
            report.data = d.files;
            report.charts = d.charts;
        }
        Err(d) => diags.0.extend(d.0),
    }
    if diags.has_errors() {
        return Err(diags);
    }
    report.assets.sort_by(|a, b| a.url.cmp(&b.url));
    Ok(report)
}

/// Files below `dir`, sorted, skipping hidden files and folders.
fn walk(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let iter = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in iter {
        match entry {
            Ok(e) if e.file_type().is_file() => out.push(e.into_path()),
            Ok(_) => {}
            Err(e) => {
                let p = e.path().unwrap_or(dir);
                diags.push(Diagnostic::error(
                    "io",
                    p.strip_prefix(root).unwrap_or(p),
                    crate::msg!("load.cannot-read", e = e.to_string()),
                ));
            }
        }
    }
    out
}

fn extension(p: &Path) -> Option<String> {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Site-relative URL of a path under content/ or static/, with `/`.
fn url_of(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The phase folder a content path sits in, if it names a phase.
fn phase_of_path(in_content: &Path, settings: &Settings) -> Option<String> {
    let mut comps = in_content.components();
    let first = comps.next()?.as_os_str().to_string_lossy().to_string();
    // A file directly under content/ belongs to no phase.
    comps.next()?;
    settings.model.phase(&first).map(|p| p.id.clone())
}

pub(crate) fn load_page(
    rel: &Path,
    in_content: &Path,
    bytes: &[u8],
    settings: &Settings,
) -> Result<Option<Page>, Diagnostic> {
    let text = text::decode_text(rel, bytes)?;
    let split = frontmatter::split(rel, &text)?;
    let front = split.front;
    let stem = in_content
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let is_index = stem == "_index";
    let url = if is_index {
        let parent = in_content.parent().unwrap_or(Path::new(""));
        let p = url_of(parent);
        if p.is_empty() {
            "index.html".to_string()
        } else {
            format!("{p}/index.html")
        }
    } else {
        let mut p = url_of(in_content);
        p.truncate(p.len() - ".md".len());
        p.push_str(".html");
        p
    };
    let phase = match &front.phase {
        Some(sp) => {
            if settings.model.phase(&sp.value).is_none() {
                return Err(Diagnostic::error(
                    "unknown-id",
                    rel,
                    crate::msg!("load.unknown-phase", value = (sp.value).to_string()),
                )
                .at(Pos::from_yaml(&sp.referenced, 1))
                .hint(crate::msg!(
                    "load.phases-of-this-model",
                    settings = (phase_list(settings)).to_string()
                )));
            }
            Some(sp.value.clone())
        }
        None => phase_of_path(in_content, settings),
    };
    let title = front
        .title
        .clone()
        .or_else(|| first_heading(split.body))
        .unwrap_or_else(|| stem.replace(['-', '_'], " ").trim().to_string());
    let audience = front
        .audience
        .unwrap_or(settings.config.build.default_audience);
    let (body, body_line) = strip_title_heading(split.body, split.body_line, &title);
    Ok(Some(Page {
        source: rel.to_path_buf(),
        url,
        title,
        body: body.to_string(),
        body_line,
        phase,
        is_index,
        audience,
        front,
        translations: Default::default(),
    }))
}

pub(crate) fn phase_list(settings: &Settings) -> String {
    settings
        .model
        .phases
        .iter()
        .map(|p| p.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The language of a translation file `name.<lang>.md`, if `lang` is one
/// of `[book] languages`.
pub(crate) fn translation_lang(path: &Path, settings: &Settings) -> Option<String> {
    let stem = path.file_stem()?.to_string_lossy().to_string();
    let (_, lang) = stem.rsplit_once('.')?;
    settings
        .config
        .book
        .languages
        .iter()
        .find(|l| *l == lang)
        .cloned()
}

/// Read `name.<lang>.md` as a translation of `name.md`. Returns the base
/// page's source path, the language and the translation.
pub(crate) fn load_translation(
    rel: &Path,
    bytes: &[u8],
    settings: &Settings,
) -> Result<(PathBuf, String, crate::model::PageTranslation), Diagnostic> {
    let lang = translation_lang(rel, settings).unwrap_or_default();
    let text = text::decode_text(rel, bytes)?;
    let split = frontmatter::split(rel, &text)?;
    if let Some(d) = lang_names::own_audience(rel, &split.front) {
        return Err(d);
    }
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let base_stem = stem.strip_suffix(&format!(".{lang}")).unwrap_or(&stem);
    let base = rel.with_file_name(format!("{base_stem}.md"));
    let title = split
        .front
        .title
        .clone()
        .or_else(|| first_heading(split.body))
        .unwrap_or_else(|| base_stem.to_string());
    let (body, body_line) = strip_title_heading(split.body, split.body_line, &title);
    Ok((
        base,
        lang,
        crate::model::PageTranslation {
            source: rel.to_path_buf(),
            title,
            summary: split.front.summary.clone(),
            body: body.to_string(),
            body_line,
            spans: split.front.spans.clone(),
        },
    ))
}

/// Drop a leading `# Title` line that repeats the page title (the template
/// prints the title), keeping line numbers right.
fn strip_title_heading<'a>(body: &'a str, line: u32, title: &str) -> (&'a str, u32) {
    let mut skipped = 0u32;
    let mut rest = body;
    while let Some((l, tail)) = rest.split_once('\n') {
        if !l.trim().is_empty() {
            break;
        }
        rest = tail;
        skipped += 1;
    }
    let (first, tail) = rest.split_once('\n').unwrap_or((rest, ""));
    if first.strip_prefix("# ").map(str::trim) == Some(title.trim()) {
        (tail, line + skipped + 1)
    } else {
        (body, line)
    }
}

/// The text of the first `# ` heading, used when there is no title.
fn first_heading(body: &str) -> Option<String> {
    body.lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn load_items(
    rel: &Path,
    in_content: &Path,
    bytes: &[u8],
    settings: &Settings,
    report: &mut Report,
) -> Result<(), Diagnostic> {
    let text = text::decode_text(rel, bytes)?;
    if text.trim().is_empty() {
        return Ok(());
    }
    let file: ItemsFile = serde_saphyr::from_str_with_options(&text, yaml_options())
        .map_err(|e| yaml_error_in(rel, &text, &e, 0))?;
    let origin = Origin {
        file: rel.to_path_buf(),
        phase: phase_of_path(in_content, settings),
        ..Origin::default()
    };
    let mut item_spans = spans::item_spans(&text);
    macro_rules! take {
        ($field:ident) => {
            let mut fields = item_spans
                .remove(stringify!($field))
                .unwrap_or_default()
                .into_iter();
            for mut item in file.$field {
                item.origin = origin.clone();
                item.origin.fields = fields.next().unwrap_or_default();
                report.$field.push(item);
            }
        };
    }
    take!(findings);
    take!(priorities);
    take!(feedback);
    take!(actors);
    take!(places);
    take!(quotes);
    take!(key_persons);
    take!(glossary);
    take!(links);
    take!(target_groups);
    take!(swot);
    take!(activities);
    take!(factors);
    Ok(())
}

/// The items of a YAML file's text, as [`load`] reads them from `rel`
/// (`kartsite serve --edit` checks a change this way before writing it).
pub fn load_items_text(
    rel: &Path,
    bytes: &[u8],
    settings: &Settings,
) -> Result<Report, Diagnostic> {
    let in_content = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
    let mut items = Report::default();
    load_items(rel, in_content, bytes, settings, &mut items)?;
    Ok(items)
}

/// One file of the report, loaded on its own (what `serve` re-reads when a
/// file changes). Gives what [`load`] makes of the same file.
#[derive(Debug)]
pub enum LoadedFile {
    Page(Page),
    /// A page marked `draft: true`, left out of this build.
    Draft(PathBuf),
    /// The items of one YAML file (only the item lists are filled).
    Items(Report),
    Asset(Asset),
    /// Not part of the report: missing, hidden, not a plain file, or
    /// outside `content/` and `static/`.
    Nothing,
}

/// Load the file `rel` (relative to `root`) as [`load`] would.
pub(crate) fn load_file(
    root: &Path,
    rel: &Path,
    settings: &Settings,
    opts: LoadOptions,
) -> Result<LoadedFile, Diagnostic> {
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let path = root.join(rel);
    // `load` walks without following links: only plain files count.
    let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
    if hidden || !is_file {
        return Ok(LoadedFile::Nothing);
    }
    let (in_content, in_static) = (rel.strip_prefix(CONTENT_DIR), rel.strip_prefix(STATIC_DIR));
    if in_content.is_err() && in_static.is_err() {
        return Ok(LoadedFile::Nothing);
    }
    if in_content.is_ok()
        && matches!(extension(&path).as_deref(), Some("md" | "yaml" | "yml"))
        && let Some(d) = too_large(&path, rel, MAX_TEXT_BYTES)
    {
        return Err(d);
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(
            "io",
            rel,
            crate::msg!("load.cannot-read-the-file", e = e.to_string()),
        )
    })?;
    let Ok(in_content) = in_content else {
        let url = url_of(in_static.unwrap_or(rel));
        return Ok(LoadedFile::Asset(Asset {
            url,
            bytes,
            attachment: false,
        }));
    };
    match extension(&path).as_deref() {
        Some("md") => Ok(match load_page(rel, in_content, &bytes, settings)? {
            Some(page) if page.front.draft && !opts.drafts => LoadedFile::Draft(page.source),
            Some(page) => LoadedFile::Page(page),
            None => LoadedFile::Nothing,
        }),
        Some("yaml" | "yml") => {
            let mut items = Report::default();
            load_items(rel, in_content, &bytes, settings, &mut items)?;
            Ok(LoadedFile::Items(items))
        }
        _ => Ok(LoadedFile::Asset(Asset {
            url: url_of(in_content),
            bytes,
            attachment: true,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_pages_are_refused_from_their_size_by_a_watching_build_too() {
        let d = tempfile::tempdir().unwrap();
        let page = d.path().join("content/a/stor.md");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        let f = std::fs::File::create(&page).unwrap();
        f.set_len(MAX_TEXT_BYTES + 1).unwrap();
        let settings = crate::config::parse_config("[book]\ntitle = \"T\"\n").unwrap();
        let rel = Path::new("content/a/stor.md");
        let e = match load_file(d.path(), rel, &settings, LoadOptions::default()) {
            Err(e) => e,
            Ok(_) => panic!("an oversized page was loaded"),
        };
        assert_eq!(e.kind, "too-large");
        assert!(e.message.contains("the file is 8.4 MB"), "{}", e.message);
    }
}
