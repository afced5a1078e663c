//! Change, add or delete one item: the new text of its file (only that
//! item's lines differ), checked as `build` checks it, then written
//! through a temporary file and a rename.

use std::path::{Component, Path, PathBuf};

use sha2::Digest;

use super::kinds::{self, Kind, Value, Values};
use super::rewrite::{create, delete, update};
pub(crate) use super::workspace::{Found, key};
use super::yaml_text::{self as yt, Lines};
use crate::error::Diagnostic;
use crate::model::Report;
use crate::model::items::Translations;

pub use super::workspace::{Workspace, references};

/// What a save asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Update { kind: Kind, id: String },
    Create { kind: Kind },
    Delete { kind: Kind, id: String },
}

/// A save as a form sends it.
#[derive(Debug, Clone)]
pub struct Request {
    pub action: Action,
    /// The fields (unused for a delete).
    pub values: Values,
    /// [`hash`] of the file when the form was opened.
    pub file_hash: String,
    /// [`hash`] of the item's lines when the form was opened (empty for a
    /// new item).
    pub item_hash: String,
}

/// An error of the build's checks, with the field it is about.
#[derive(Debug, Clone)]
pub struct FieldError {
    pub field: Option<&'static str>,
    pub diagnostic: Diagnostic,
}

/// Why nothing was written.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// No such item.
    NotFound,
    /// The list is written as `key: [ … ]`: it can only be edited by hand.
    Flow(PathBuf),
    /// The file cannot be read or edited line by line.
    Unreadable(PathBuf, String),
    /// The file changed since the form was opened.
    Conflict {
        file: PathBuf,
        /// Whether the item's own lines changed (else: other lines).
        item_changed: bool,
        /// The item's lines as they are now (1-based line numbers).
        now: Vec<(usize, String)>,
    },
    /// The build's checks found errors in the changed report.
    Invalid(Vec<FieldError>),
    /// Other items still refer to the item (one diagnostic each).
    Referenced(Vec<Diagnostic>),
    /// Writing failed.
    Io(PathBuf, String),
}

/// What a save did.
#[derive(Debug, Clone)]
pub struct Saved {
    pub file: PathBuf,
    /// The item's id (a new item's may have been suggested).
    pub id: String,
    /// The report as it is now.
    pub report: Report,
    /// The errors its checks find (as before the save: no new ones).
    pub(super) errors: Found,
}

/// SHA-256 of bytes, as hex.
pub fn hash(bytes: &[u8]) -> String {
    let d = sha2::Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file's text as edited: without a BOM, `\n` line ends.
#[derive(Debug, Clone)]
struct FileText {
    bom: bool,
    crlf: bool,
    lines: Lines,
}

impl FileText {
    fn read(bytes: &[u8], rel: &Path) -> Result<FileText, Refusal> {
        let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
            Some(b) => (true, b),
            None => (false, bytes),
        };
        let text = std::str::from_utf8(body).map_err(|_| {
            Refusal::Unreadable(
                rel.to_path_buf(),
                crate::msg!("edit.refuse.not-utf8").to_string(),
            )
        })?;
        let crlf = text.contains("\r\n");
        let text = if crlf {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        };
        Ok(FileText {
            bom,
            crlf,
            lines: Lines::new(&text),
        })
    }

    fn bytes(&self, lines: &Lines) -> Vec<u8> {
        let mut text = lines.text();
        if self.crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.bom {
            out.extend_from_slice(b"\xef\xbb\xbf");
        }
        out.extend_from_slice(text.as_bytes());
        out
    }
}

/// The line range of item `id` of `kind` in a file, found through the line
/// the loader saw its `id:` on (a glossary entry's `term:`, a link's
/// `from:`).
fn item_range(
    report: &Report,
    lines: &[String],
    kind: Kind,
    id: &str,
    rel: &Path,
) -> Result<(yt::ListBlock, usize), Refusal> {
    let list = yt::find_list(lines, kind.list_key())
        .map_err(|_| Refusal::Flow(rel.to_path_buf()))?
        .ok_or(Refusal::NotFound)?;
    let id_line = kinds::items(report, kind)
        .into_iter()
        .find(|(i, _, o)| i == id && o.file == rel)
        .and_then(|(_, _, o)| o.fields.get(kind.anchor_field()).map(|s| s.line as usize))
        .ok_or(Refusal::NotFound)?;
    let at = list
        .items
        .iter()
        .position(|&(s, e)| (s + 1..=e).contains(&id_line))
        .ok_or(Refusal::NotFound)?;
    Ok((list, at))
}

/// The items of a file's bytes as the loader reads them now (not as the
/// report was loaded: the file may have changed since).
fn file_items(ws: &Workspace, rel: &Path, bytes: &[u8]) -> Result<Report, Refusal> {
    crate::load::load_items_text(rel, bytes, &ws.settings).map_err(|d| {
        let at = d.line.map(|l| format!(":{l}")).unwrap_or_default();
        Refusal::Unreadable(
            rel.to_path_buf(),
            format!("{}{at}: {}", rel.display(), d.message_text()),
        )
    })
}

/// The hash of an item's lines.
pub fn item_hash(lines: &[String]) -> String {
    hash(lines.join("\n").as_bytes())
}

/// The lines of item `id` as they are now (for a form's conflict check).
pub fn current_item(ws: &Workspace, kind: Kind, id: &str) -> Result<(String, String), Refusal> {
    let id = &ws.canonical(kind, id).ok_or(Refusal::NotFound)?;
    let (_, rel) = ws.item(kind, id).ok_or(Refusal::NotFound)?;
    let bytes = read(ws, &rel)?;
    let ft = FileText::read(&bytes, &rel)?;
    let now = file_items(ws, &rel, &bytes)?;
    let (list, at) = item_range(&now, &ft.lines.lines, kind, id, &rel)?;
    let (s, e) = list.items[at];
    Ok((hash(&bytes), item_hash(&ft.lines.lines[s..e])))
}

/// The hash of the file a new item of `kind` goes to (`""`: no file yet).
pub fn new_item_hash(ws: &Workspace, kind: Kind) -> String {
    let rel = ws.file_for_new(kind);
    std::fs::read(ws.root.join(rel))
        .map(|b| hash(&b))
        .unwrap_or_default()
}

/// A path a form may write: relative, inside `content/`, no `..`, and (if
/// it exists) a plain file inside the report folder.
pub(crate) fn checked_path(ws: &Workspace, rel: &Path) -> Result<PathBuf, Refusal> {
    let bad = || {
        Refusal::Unreadable(
            rel.to_path_buf(),
            crate::msg!("edit.refuse.not-a-report-file").to_string(),
        )
    };
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || !rel.starts_with(crate::paths::CONTENT_DIR) {
        return Err(bad());
    }
    let path = ws.root.join(rel);
    if let Ok(meta) = std::fs::symlink_metadata(&path) {
        if !meta.file_type().is_file() {
            return Err(bad());
        }
        let root = std::fs::canonicalize(&ws.root).map_err(|_| bad())?;
        let real = std::fs::canonicalize(&path).map_err(|_| bad())?;
        if !real.starts_with(root) {
            return Err(bad());
        }
    }
    Ok(path)
}

fn read(ws: &Workspace, rel: &Path) -> Result<Vec<u8>, Refusal> {
    let path = checked_path(ws, rel)?;
    std::fs::read(&path).map_err(|e| Refusal::Unreadable(rel.to_path_buf(), e.to_string()))
}

/// Check, then write: the whole of a save.
pub fn save(ws: &Workspace, req: &Request) -> Result<Saved, Refusal> {
    let (rel, id, kind) = match &req.action {
        Action::Update { kind, id } | Action::Delete { kind, id } => {
            let id = ws.canonical(*kind, id).ok_or(Refusal::NotFound)?;
            let (_, rel) = ws.item(*kind, &id).ok_or(Refusal::NotFound)?;
            (rel, id, *kind)
        }
        Action::Create { kind } if !ws.editable(*kind) => return Err(Refusal::NotFound),
        Action::Create { kind } => {
            let title = req
                .values
                .get(kind.title_field())
                .map(Value::text)
                .unwrap_or_default();
            let id = match kinds::address(*kind, &req.values) {
                i if !i.is_empty() || !kind.has_id() => i,
                _ => ws.suggest_id(*kind, title),
            };
            (ws.file_for_new(*kind), id, *kind)
        }
    };
    // The action with the item's own address (a glossary entry may have
    // been named by a translated term).
    let action = match &req.action {
        Action::Update { .. } => Action::Update {
            kind,
            id: id.clone(),
        },
        Action::Delete { .. } => Action::Delete {
            kind,
            id: id.clone(),
        },
        Action::Create { .. } => Action::Create { kind },
    };
    let path = checked_path(ws, &rel)?;
    let existing = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Refusal::Unreadable(rel.clone(), e.to_string())),
    };
    let bytes = existing.clone().unwrap_or_default();
    let ft = FileText::read(&bytes, &rel)?;
    let now_hash = if existing.is_some() {
        hash(&bytes)
    } else {
        String::new()
    };
    if now_hash != req.file_hash {
        return Err(conflict(
            ws,
            &ft,
            &bytes,
            &rel,
            kind,
            &action,
            &req.item_hash,
        ));
    }
    let now = file_items(ws, &rel, &bytes)?;
    // The id as the form has it: a renamed item is checked like any
    // change (what refers to the old id makes it an error).
    let new_id = match (&action, kinds::address(kind, &req.values)) {
        (Action::Update { .. }, i) if !i.is_empty() => i,
        _ => id.clone(),
    };
    let mut values = req.values.clone();
    if kind.has_id() {
        values.insert("id", Value::Text(new_id.clone()));
    } else if !matches!(action, Action::Delete { .. }) {
        super::unique::refuse_a_second(ws, kind, &rel, &id, &new_id, &action)?;
    }
    let (lines, item_lines) = match &action {
        Action::Update { .. } => {
            let (list, at) = item_range(&now, &ft.lines.lines, kind, &id, &rel)?;
            let old = kinds::items(&now, kind)
                .into_iter()
                .find(|(i, _, _)| *i == id)
                .map(|(_, v, _)| v)
                .ok_or(Refusal::NotFound)?;
            let seq = list.dash_indent;
            update(&ft.lines, list.items[at], kind, &old, &values, seq)
        }
        Action::Create { .. } => {
            create(&ft.lines, kind, &values).map_err(|_| Refusal::Flow(rel.clone()))?
        }
        Action::Delete { .. } => {
            let (list, at) = item_range(&now, &ft.lines.lines, kind, &id, &rel)?;
            (delete(&ft.lines, &list, at), (0, 0))
        }
    };
    let new_bytes = ft.bytes(&lines);
    let (report, errors) = validate(
        ws,
        &now,
        &rel,
        &new_bytes,
        kind,
        (id.as_str(), new_id.as_str()),
        &action,
        &lines,
        item_lines,
    )?;
    write_atomic(&path, &new_bytes).map_err(|e| Refusal::Io(rel.clone(), e.to_string()))?;
    Ok(Saved {
        file: rel,
        id: new_id,
        report,
        errors,
    })
}

fn conflict(
    ws: &Workspace,
    ft: &FileText,
    bytes: &[u8],
    rel: &Path,
    kind: Kind,
    action: &Action,
    item_hash_then: &str,
) -> Refusal {
    let id = match action {
        Action::Update { id, .. } | Action::Delete { id, .. } => Some(id),
        Action::Create { .. } => None,
    };
    let now = id
        .and_then(|id| {
            let now = file_items(ws, rel, bytes).ok()?;
            item_range(&now, &ft.lines.lines, kind, id, rel).ok()
        })
        .map(|(list, at)| {
            let (s, e) = list.items[at];
            (s..e)
                .map(|i| (i + 1, ft.lines.lines[i].clone()))
                .collect::<Vec<_>>()
        });
    let item_changed = match &now {
        Some(lines) => {
            let text: Vec<String> = lines.iter().map(|(_, l)| l.clone()).collect();
            item_hash(&text) != item_hash_then
        }
        None => id.is_some(),
    };
    Refusal::Conflict {
        file: rel.to_path_buf(),
        item_changed,
        now: now.unwrap_or_default(),
    }
}

/// What the build's checks would say of the changed report, as errors that
/// were not there before; the changed report when there are none.
#[allow(clippy::too_many_arguments)]
fn validate(
    ws: &Workspace,
    file_now: &Report,
    rel: &Path,
    new_bytes: &[u8],
    kind: Kind,
    (old_id, id): (&str, &str),
    action: &Action,
    lines: &Lines,
    item_lines: (usize, usize),
) -> Result<(Report, Found), Refusal> {
    let field_of = |line: Option<u32>| -> Option<&'static str> {
        let line = line? as usize;
        let (s, e) = item_lines;
        if !(s + 1..=e).contains(&line) {
            return None;
        }
        let (_, segs) = yt::segments(&lines.lines, s, e);
        let seg = segs.iter().rev().find(|g| g.key_line < line)?;
        kind.fields()
            .iter()
            .find(|f| f.key == seg.key)
            .map(|f| f.key)
    };
    let items = crate::load::load_items_text(rel, new_bytes, &ws.settings).map_err(|d| {
        Refusal::Invalid(vec![FieldError {
            field: field_of(d.line),
            diagnostic: d,
        }])
    })?;
    let mut report = ws.report.clone();
    report.replace_file_items(rel, items);
    // Every other item of the file reads as it did: nothing else moved.
    for k in Kind::ALL {
        let before = kinds::items(file_now, *k);
        let after = kinds::items(&report, *k);
        let others = |v: &Vec<(String, Values, &crate::model::items::Origin)>,
                      id: &str|
         -> Vec<(String, Values)> {
            v.iter()
                .filter(|(i, _, o)| o.file == rel && !(*k == kind && i == id))
                .map(|(i, v, _)| (i.clone(), v.clone()))
                .collect()
        };
        if others(&before, old_id) != others(&after, id) {
            return Err(Refusal::Unreadable(
                rel.to_path_buf(),
                crate::msg!("edit.refuse.touches-other-items").to_string(),
            ));
        }
    }
    let exists = kinds::items(&report, kind)
        .iter()
        .any(|(i, _, o)| i == id && o.file == rel);
    if exists == matches!(action, Action::Delete { .. }) {
        return Err(Refusal::Unreadable(
            rel.to_path_buf(),
            crate::msg!("edit.refuse.item-moved").to_string(),
        ));
    }
    let before = ws.known_errors();
    let after = crate::check::check(&report, &ws.settings, ws.audience);
    let new: Vec<Diagnostic> = after
        .errors()
        .filter(|d| !before.contains(&key(d)))
        .cloned()
        .collect();
    if new.is_empty() {
        let errors = after.errors().map(key).collect();
        return Ok((report, errors));
    }
    if matches!(action, Action::Delete { .. }) {
        return Err(Refusal::Referenced(new));
    }
    Err(Refusal::Invalid(
        new.into_iter()
            .map(|d| FieldError {
                field: if d.file == rel {
                    field_of(d.line)
                } else {
                    None
                },
                diagnostic: d,
            })
            .collect(),
    ))
}

/// Write through a temporary file beside the target and a rename (as a
/// build writes): a reader sees the old file or the new one, never half.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::write::write_file_atomically(path, bytes)
}

/// Translations of a form: the languages it shows replace those of the
/// item; languages it does not show are kept.
pub fn merge_translations(shown: &[String], old: &Translations, new: Translations) -> Translations {
    let mut out: Translations = old
        .iter()
        .filter(|(l, _)| !shown.contains(l))
        .map(|(l, f)| (l.clone(), f.clone()))
        .collect();
    out.extend(new);
    kinds::tidy_translations(&out)
}
