//! Save, add or delete a page or a translation: the new text (only the
//! changed front matter lines and, when it changed, the body differ), read
//! by the loader and checked by the build's checks in memory (the body's
//! links too), refused on a conflict, written through a temporary file and
//! a rename. A new file never replaces one that exists.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::apply::{self, FieldError, Found, Refusal, Workspace, hash, key};
use super::form::shown_languages;
use super::kinds::{Value, Values};
use super::page::{self, BODY, PAGE_FIELDS, PageText, TRANSLATION_FIELDS, Target};
use super::page_check::validate;
use super::page_refs::files_gone;
pub use super::page_refs::{references, section_of};
use super::page_rewrite::{self, FrontStyle};
use crate::error::Diagnostic;
use crate::model::Report;
use crate::paths::CONTENT_DIR;

/// What a page form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAction {
    /// Change a page or a translation that exists.
    Update(Target),
    /// A new page in the section whose index page has this output path.
    NewPage { section: String },
    /// A new translation of the page at `url`.
    NewTranslation { url: String, lang: String },
    /// Delete a page (with its translations) or a translation.
    Delete(Target),
}

/// A page form as it was sent.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub action: PageAction,
    /// The front matter fields, [`BODY`] and (new page) `file`.
    pub values: Values,
    /// [`hash`] of the file when the form was opened.
    pub file_hash: String,
    /// [`part_hash`] of the file when the form was opened.
    pub part_hash: String,
    /// The preview shows drafts (`serve --drafts`).
    pub drafts: bool,
}

/// Why nothing was written.
#[derive(Debug, Clone)]
pub enum PageRefusal {
    Refused(Refusal),
    /// The file changed since the form was opened.
    Conflict {
        file: PathBuf,
        front_changed: bool,
        body_changed: bool,
        /// The front matter as it is now (1-based line numbers).
        front_now: Vec<(usize, String)>,
    },
}

impl From<Refusal> for PageRefusal {
    fn from(r: Refusal) -> Self {
        PageRefusal::Refused(r)
    }
}

/// What a save did.
#[derive(Debug, Clone)]
pub struct PageSaved {
    /// The file written (or deleted).
    pub file: PathBuf,
    /// The site page to show next.
    pub url: String,
    /// A file was written or deleted (not: nothing changed).
    pub written: bool,
    pub report: Report,
    pub errors: Found,
}

/// The hash of a page's front matter and of its body, apart.
pub fn part_hash(text: &PageText) -> String {
    format!(
        "{}:{}",
        hash(text.front_lines().join("\n").as_bytes()),
        hash(text.body().as_bytes())
    )
}

fn refused_text(rel: &Path, m: crate::messages::Msg) -> PageRefusal {
    PageRefusal::Refused(Refusal::Unreadable(rel.to_path_buf(), m.to_string()))
}

fn field_error(field: &'static str, d: Diagnostic) -> PageRefusal {
    PageRefusal::Refused(Refusal::Invalid(vec![FieldError {
        field: Some(field),
        diagnostic: d,
    }]))
}

/// The file of a target, checked to be one a form may write.
fn file(ws: &Workspace, target: &Target) -> Result<(PathBuf, PathBuf), Refusal> {
    let rel = page::file_of(&ws.report, &shown_languages(ws), target).ok_or(Refusal::NotFound)?;
    let path = apply::checked_path(ws, &rel)?;
    Ok((rel, path))
}

/// A page file's text now: its bytes, as written, and its form values.
fn read_now(
    fields: &[page::PField],
    rel: &Path,
    path: &Path,
) -> Result<Option<(Vec<u8>, PageText, Values)>, Refusal> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Refusal::Unreadable(rel.to_path_buf(), e.to_string())),
    };
    let text = PageText::read(&bytes).ok_or_else(|| {
        Refusal::Unreadable(
            rel.to_path_buf(),
            crate::msg!("edit.refuse.not-utf8").to_string(),
        )
    })?;
    let unreadable = |d: Diagnostic| Refusal::Unreadable(rel.to_path_buf(), super::form::said(&d));
    let decoded = crate::text::decode_text(rel, &bytes).map_err(unreadable)?;
    let split = crate::load::frontmatter::split(rel, &decoded).map_err(unreadable)?;
    let mut values = page::values_of(&split.front, fields);
    values.insert(BODY, Value::Text(text.body()));
    Ok(Some((bytes, text, values)))
}

/// A form's values for a target, with the file and its hashes (a
/// translation not written yet: blank, with empty hashes).
pub fn current(
    ws: &Workspace,
    target: &Target,
) -> Result<(Values, PathBuf, String, String), Refusal> {
    let (rel, path) = file(ws, target)?;
    match read_now(target.fields(), &rel, &path)? {
        Some((bytes, text, values)) => Ok((values, rel, hash(&bytes), part_hash(&text))),
        None if target.lang().is_some() => {
            Ok((blank(TRANSLATION_FIELDS), rel, String::new(), String::new()))
        }
        None => Err(Refusal::NotFound),
    }
}

/// Empty values for a form.
pub fn blank(fields: &[page::PField]) -> Values {
    let mut v: Values = fields
        .iter()
        .map(|f| {
            let empty = match f.ty {
                page::PTy::Questions => Value::List(Vec::new()),
                _ => Value::Text(String::new()),
            };
            (f.key, empty)
        })
        .collect();
    v.insert(BODY, Value::Text(String::new()));
    v
}

/// The values for a new page in a section: `order` after the last page
/// there, when the pages there have one.
pub fn new_page_values(ws: &Workspace, dir: &Path) -> Values {
    let mut v = blank(PAGE_FIELDS);
    let orders: Vec<i64> = page::pages_in(&ws.report, dir)
        .iter()
        .filter(|p| !p.is_index)
        .filter_map(|p| p.front.order)
        .collect();
    if let Some(max) = orders.iter().max() {
        v.insert("order", Value::Text((max + 1).to_string()));
    }
    v
}

/// Check, then write: the whole of a save.
pub fn save_page(ws: &Workspace, req: &PageRequest) -> Result<PageSaved, PageRefusal> {
    match &req.action {
        PageAction::Update(target) => update(ws, req, target),
        PageAction::NewPage { section } => new_page(ws, req, section),
        PageAction::NewTranslation { url, lang } => new_translation(ws, req, url, lang),
        PageAction::Delete(target) => delete(ws, req, target),
    }
}

fn conflict(rel: &Path, text: Option<&PageText>, part_then: &str) -> PageRefusal {
    let (front_then, body_then) = part_then.split_once(':').unwrap_or(("", ""));
    let now = text.map(part_hash).unwrap_or_default();
    let (front_now_hash, body_now_hash) = now.split_once(':').unwrap_or(("", ""));
    let front_now = text
        .map(|t| {
            let first = if t.front.is_some() { 2 } else { 1 };
            t.front_lines()
                .into_iter()
                .enumerate()
                .map(|(i, l)| (i + first, l))
                .collect()
        })
        .unwrap_or_default();
    PageRefusal::Conflict {
        file: rel.to_path_buf(),
        front_changed: front_then != front_now_hash,
        body_changed: body_then != body_now_hash,
        front_now,
    }
}

fn update(ws: &Workspace, req: &PageRequest, target: &Target) -> Result<PageSaved, PageRefusal> {
    let (rel, path) = file(ws, target)?;
    let Some((bytes, text, old)) = read_now(target.fields(), &rel, &path)? else {
        return Err(conflict(&rel, None, &req.part_hash));
    };
    if hash(&bytes) != req.file_hash {
        return Err(conflict(&rel, Some(&text), &req.part_hash));
    }
    let front =
        page_rewrite::rewrite_front(&text.front_lines(), target.fields(), &old, &req.values);
    let old_body = text.body();
    let body = req
        .values
        .get(BODY)
        .map(Value::text)
        .filter(|b| b.trim_end() != old_body.trim_end())
        .map(|b| {
            let mut b = b.trim_end().to_string();
            if old_body.ends_with('\n') || old_body.is_empty() {
                b.push('\n');
            }
            b
        });
    if front.is_none() && body.is_none() {
        // Nothing changed: nothing is written.
        return Ok(PageSaved {
            file: rel,
            url: shown_url(target),
            written: false,
            report: ws.report.clone(),
            errors: ws.known_errors().clone(),
        });
    }
    let new_bytes = text.with(front.as_deref(), body.as_deref());
    let (report, errors) = validate(
        ws,
        &rel,
        &new_bytes,
        target.lang(),
        req.drafts,
        body.is_some(),
    )?;
    crate::write::write_file_atomically(&path, &new_bytes)
        .map_err(|e| Refusal::Io(rel.clone(), e.to_string()))?;
    // A page made a draft (or its address changed) is not there to show:
    // its section is.
    let url = match target {
        Target::Page(u) if page::page_at(&report, u).is_none() => section_of(u),
        t => shown_url(t),
    };
    Ok(PageSaved {
        file: rel,
        url,
        written: true,
        report,
        errors,
    })
}

/// The site page of a target.
fn shown_url(target: &Target) -> String {
    match target {
        Target::Page(u) => u.clone(),
        Target::Translation { url, lang } => format!("{lang}/{url}"),
    }
}

fn new_page(ws: &Workspace, req: &PageRequest, section: &str) -> Result<PageSaved, PageRefusal> {
    let (_, dir) = page::sections(&ws.report, &ws.settings)
        .into_iter()
        .find(|(u, _)| u == section)
        .ok_or(Refusal::NotFound)?;
    let text_of = |k: &str| req.values.get(k).map(Value::text).unwrap_or_default();
    let title = text_of("title").trim().to_string();
    if title.is_empty() {
        return Err(field_error(
            "title",
            Diagnostic::error("front-matter", &dir, crate::msg!("edit.page.title-needed")),
        ));
    }
    let typed = text_of("file");
    let name = if typed.trim().is_empty() {
        page::suggest_file_name(&ws.root, &ws.report, &dir, &title)
    } else {
        page::clean_file_name(typed).ok_or_else(|| {
            field_error(
                "file",
                Diagnostic::error(
                    "front-matter",
                    dir.join(typed.trim()),
                    crate::msg!("edit.page.bad-file-name"),
                ),
            )
        })?
    };
    let rel = dir.join(&name);
    let taken = ws.report.pages.iter().any(|p| p.source == rel) || ws.report.drafts.contains(&rel);
    let path = new_path(ws, &rel)?;
    if taken || std::fs::symlink_metadata(&path).is_ok() {
        return Err(field_error(
            "file",
            Diagnostic::error(
                "front-matter",
                &rel,
                crate::msg!("edit.page.file-exists", file = rel.display().to_string()),
            ),
        ));
    }
    let style = neighbour_style(ws, &dir);
    let bytes = page_rewrite::new_file(PAGE_FIELDS, &req.values, &style, text_of(BODY));
    let (report, errors) = validate(ws, &rel, &bytes, None, req.drafts, true)?;
    write_new(&path, &bytes).map_err(|e| exists_or_io(&rel, &e))?;
    let url = report
        .pages
        .iter()
        .find(|p| p.source == rel)
        .map_or_else(|| section.to_string(), |p| p.url.clone());
    Ok(PageSaved {
        file: rel,
        url,
        written: true,
        report,
        errors,
    })
}

fn new_translation(
    ws: &Workspace,
    req: &PageRequest,
    url: &str,
    lang: &str,
) -> Result<PageSaved, PageRefusal> {
    let target = Target::Translation {
        url: url.to_string(),
        lang: lang.to_string(),
    };
    let rel = page::file_of(&ws.report, &shown_languages(ws), &target).ok_or(Refusal::NotFound)?;
    let path = new_path(ws, &rel)?;
    if std::fs::symlink_metadata(&path).is_ok() {
        let now = std::fs::read(&path).ok();
        let text = now.as_deref().and_then(PageText::read);
        return Err(conflict(&rel, text.as_ref(), &req.part_hash));
    }
    let base = page::page_at(&ws.report, url).ok_or(Refusal::NotFound)?;
    let style = std::fs::read(ws.root.join(&base.source))
        .ok()
        .and_then(|b| PageText::read(&b))
        .map(|t| FrontStyle::of(&t))
        .unwrap_or_default();
    let body = req.values.get(BODY).map(Value::text).unwrap_or_default();
    let bytes = page_rewrite::new_file(TRANSLATION_FIELDS, &req.values, &style, body);
    let (report, errors) = validate(ws, &rel, &bytes, Some(lang), req.drafts, true)?;
    write_new(&path, &bytes).map_err(|e| exists_or_io(&rel, &e))?;
    Ok(PageSaved {
        file: rel,
        url: shown_url(&target),
        written: true,
        report,
        errors,
    })
}

fn exists_or_io(rel: &Path, e: &std::io::Error) -> PageRefusal {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        refused_text(
            rel,
            crate::msg!("edit.page.file-exists", file = rel.display().to_string()),
        )
    } else {
        PageRefusal::Refused(Refusal::Io(rel.to_path_buf(), e.to_string()))
    }
}

/// The style of the pages of a section: the first page there that is not
/// its index, else its index, else the report's first page.
fn neighbour_style(ws: &Workspace, dir: &Path) -> FrontStyle {
    let here = page::pages_in(&ws.report, dir);
    let pick = here
        .iter()
        .find(|p| !p.is_index)
        .or_else(|| here.first())
        .copied()
        .or_else(|| ws.report.pages.first());
    pick.and_then(|p| std::fs::read(ws.root.join(&p.source)).ok())
        .and_then(|b| PageText::read(&b))
        .map(|t| FrontStyle::of(&t))
        .unwrap_or_default()
}

/// Where a new file of the report goes: under `content/`, its folder (or
/// the nearest folder of it that exists) inside the report, never through
/// a symbolic link out of it.
fn new_path(ws: &Workspace, rel: &Path) -> Result<PathBuf, Refusal> {
    let bad = || {
        Refusal::Unreadable(
            rel.to_path_buf(),
            crate::msg!("edit.refuse.not-a-report-file").to_string(),
        )
    };
    let plain = rel
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !plain || !rel.starts_with(CONTENT_DIR) {
        return Err(bad());
    }
    let content = std::fs::canonicalize(ws.root.join(CONTENT_DIR)).map_err(|_| bad())?;
    let path = ws.root.join(rel);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if let Ok(meta) = std::fs::symlink_metadata(d) {
            let real = std::fs::canonicalize(d).map_err(|_| bad())?;
            if (!meta.is_dir() && !meta.file_type().is_symlink()) || !real.starts_with(&content) {
                return Err(bad());
            }
            return Ok(path);
        }
        dir = d.parent();
    }
    Err(bad())
}

/// Write a new file through a temporary file, never replacing one that is
/// there (a hard link fails when the name is taken).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no folder"))?;
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}{}", crate::write::PART_TAG));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        // A file system without hard links: create it, failing if taken.
        Err(_) => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            f.write_all(bytes)?;
            f.sync_all()
        }
    }
}

fn delete(ws: &Workspace, req: &PageRequest, target: &Target) -> Result<PageSaved, PageRefusal> {
    let (rel, path) = file(ws, target)?;
    let Some((bytes, text, _)) = read_now(target.fields(), &rel, &path)? else {
        return Err(Refusal::NotFound.into());
    };
    if hash(&bytes) != req.file_hash {
        return Err(conflict(&rel, Some(&text), &req.part_hash));
    }
    let refs = references(ws, target);
    if !refs.is_empty() {
        return Err(Refusal::Referenced(refs).into());
    }
    let gone = files_gone(ws, target);
    // Every file is checked before any is taken away.
    let paths = gone
        .iter()
        .map(|f| apply::checked_path(ws, f).map(|p| (f, p)))
        .collect::<Result<Vec<_>, _>>()?;
    for (f, p) in paths {
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Refusal::Io(f.clone(), e.to_string()).into()),
        }
    }
    let mut report = ws.report.clone();
    report.pages.retain(|p| !gone.contains(&p.source));
    for p in &mut report.pages {
        p.translations.retain(|_, t| !gone.contains(&t.source));
    }
    let errors = crate::check::check(&report, &ws.settings, ws.audience)
        .errors()
        .map(key)
        .collect();
    let url = match target {
        Target::Page(u) => section_of(u),
        Target::Translation { url, .. } => url.clone(),
    };
    Ok(PageSaved {
        file: rel,
        url,
        written: true,
        report,
        errors,
    })
}
