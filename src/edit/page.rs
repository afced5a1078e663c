//! Pages in forms: which file a page form is about (addressed by the
//! page's output path as `load` gives it, never by a path from a request),
//! the front matter fields typed as the model says, and a page file as
//! written (byte order mark, line ends, the front matter's lines, the
//! body).
//!
//! - [`page_rewrite`](super::page_rewrite): the front matter's changed
//!   fields rewritten in the file's style; a new page's text.
//! - [`page_apply`](super::page_apply): a save, a new page or translation,
//!   a delete: checked as `build` checks, refused on a conflict, written
//!   through a temporary file and a rename.
//! - [`page_form`](super::page_form): the forms as HTML.

use std::path::{Path, PathBuf};

use super::kinds::{Value, Values};
use crate::model::{FrontMatter, Page, Report};
use crate::paths::CONTENT_DIR;

/// How a front matter field is written and chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PTy {
    /// One line of text.
    Line,
    /// A sentence or two (a text area, written on one line).
    Text,
    /// A whole number.
    Number,
    /// Yes or no (`false` is not written).
    Bool,
    /// `internal` or `public` (empty: the report's default).
    Audience,
    /// A phase of the report's process model (empty: the page's folder).
    Phase,
    /// Ids of guiding questions of the process model.
    Questions,
}

/// One front matter field of a form.
#[derive(Debug, Clone, Copy)]
pub struct PField {
    /// The YAML key.
    pub key: &'static str,
    pub ty: PTy,
}

const fn pf(key: &'static str, ty: PTy) -> PField {
    PField { key, ty }
}

/// The fields of a page, in the order of [`FrontMatter`].
pub const PAGE_FIELDS: &[PField] = &[
    pf("title", PTy::Line),
    pf("phase", PTy::Phase),
    pf("summary", PTy::Text),
    pf("order", PTy::Number),
    pf("audience", PTy::Audience),
    pf("answers", PTy::Questions),
    pf("draft", PTy::Bool),
    pf("resident", PTy::Bool),
];

/// The fields of a translation (it follows its page in everything else).
pub const TRANSLATION_FIELDS: &[PField] = &[pf("title", PTy::Line), pf("summary", PTy::Text)];

/// The key of the page text among a form's values.
pub const BODY: &str = "body";

/// Which file a page form is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The page with this output path (`kartlaggning/statistik.html`).
    Page(String),
    /// The page's translation into `lang` (`name.<lang>.md`).
    Translation { url: String, lang: String },
}

impl Target {
    pub fn url(&self) -> &str {
        match self {
            Target::Page(u) | Target::Translation { url: u, .. } => u,
        }
    }

    pub fn lang(&self) -> Option<&str> {
        match self {
            Target::Page(_) => None,
            Target::Translation { lang, .. } => Some(lang),
        }
    }

    pub fn fields(&self) -> &'static [PField] {
        match self {
            Target::Page(_) => PAGE_FIELDS,
            Target::Translation { .. } => TRANSLATION_FIELDS,
        }
    }
}

/// The page of the report with output path `url`.
pub fn page_at<'a>(report: &'a Report, url: &str) -> Option<&'a Page> {
    report.pages.iter().find(|p| p.url == url)
}

/// The file a target is written in: the page's source, or
/// `name.<lang>.md` beside it for a translation (which may not exist yet).
/// `None` when there is no such page, or the language is not one of
/// `[book] languages` (besides the report's own).
pub fn file_of(report: &Report, languages: &[String], target: &Target) -> Option<PathBuf> {
    let page = page_at(report, target.url())?;
    match target {
        Target::Page(_) => Some(page.source.clone()),
        Target::Translation { lang, .. } => {
            if !languages.contains(lang) {
                return None;
            }
            if let Some(t) = page.translations.get(lang) {
                return Some(t.source.clone());
            }
            let stem = page.source.file_stem()?.to_string_lossy().to_string();
            Some(page.source.with_file_name(format!("{stem}.{lang}.md")))
        }
    }
}

/// A folder pages can be added to: `content/` and every folder that holds
/// a page or is a phase of the model, with the output path of its index
/// page (`index.html`, `kartlaggning/index.html`), which addresses it.
pub fn sections(report: &Report, settings: &crate::config::Settings) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = vec![("index.html".into(), PathBuf::from(CONTENT_DIR))];
    let mut add = |dir: PathBuf| {
        let Ok(inside) = dir.strip_prefix(CONTENT_DIR) else {
            return;
        };
        if inside.as_os_str().is_empty() {
            return;
        }
        let url = format!(
            "{}/index.html",
            inside
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        );
        if !out.iter().any(|(u, _)| *u == url) {
            out.push((url, dir));
        }
    };
    for p in &report.pages {
        if let Some(dir) = p.source.parent() {
            add(dir.to_path_buf());
        }
    }
    for ph in &settings.model.phases {
        add(Path::new(CONTENT_DIR).join(&ph.id));
    }
    out.sort();
    out
}

/// The pages of a section folder (not in folders below it).
pub fn pages_in<'a>(report: &'a Report, dir: &Path) -> Vec<&'a Page> {
    report
        .pages
        .iter()
        .filter(|p| p.source.parent() == Some(dir))
        .collect()
}

/// A page's front matter as a form's values.
pub fn values_of(front: &FrontMatter, fields: &[PField]) -> Values {
    let mut v = Values::new();
    for f in fields {
        let value = match f.key {
            "title" => Value::Text(front.title.clone().unwrap_or_default()),
            "summary" => Value::Text(front.summary.clone()),
            "phase" => Value::Text(
                front
                    .phase
                    .as_ref()
                    .map(|p| p.value.clone())
                    .unwrap_or_default(),
            ),
            "order" => Value::Text(front.order.map(|o| o.to_string()).unwrap_or_default()),
            "audience" => Value::Text(
                front
                    .audience
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_default(),
            ),
            "answers" => Value::List(front.answers.iter().map(|a| a.value.clone()).collect()),
            "draft" => Value::Text(front.draft.to_string()),
            "resident" => Value::Text(front.resident.to_string()),
            _ => continue,
        };
        v.insert(f.key, value);
    }
    v
}

/// The same for a reader: a field emptied or left at its default.
pub fn same(a: &Value, b: &Value) -> bool {
    let norm = |v: &Value| match v {
        Value::Text(t) if t == "false" => Value::Text(String::new()),
        Value::Text(t) => Value::Text(t.trim().to_string()),
        v => v.clone(),
    };
    norm(a) == norm(b)
}

/// A page file as written: the byte order mark, the line ends, where the
/// front matter's lines are, and the body as it is.
#[derive(Debug, Clone)]
pub struct PageText {
    pub bom: bool,
    /// The file's lines end in `\r\n` (its first line end says).
    pub crlf: bool,
    /// The text after the byte order mark, exactly as written.
    pub raw: String,
    /// Byte ranges in `raw`: the front matter's YAML (between the `---`
    /// lines) and where the body starts; `None`: no front matter.
    pub front: Option<(usize, usize, usize)>,
}

impl PageText {
    /// Read a page file as the loader splits it (`None`: not UTF-8).
    pub fn read(bytes: &[u8]) -> Option<PageText> {
        let (bom, body) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
            Some(b) => (true, b),
            None => (false, bytes),
        };
        let raw = std::str::from_utf8(body).ok()?.to_string();
        let crlf = raw
            .find('\n')
            .is_some_and(|i| i > 0 && raw.as_bytes()[i - 1] == b'\r');
        let front = find_front(&raw);
        Some(PageText {
            bom,
            crlf,
            raw,
            front,
        })
    }

    /// The front matter's lines, without their line ends.
    pub fn front_lines(&self) -> Vec<String> {
        match self.front {
            Some((s, e, _)) => split_lines(&self.raw[s..e]),
            None => Vec::new(),
        }
    }

    /// The body exactly as written.
    pub fn body_raw(&self) -> &str {
        match self.front {
            Some((_, _, b)) => &self.raw[b..],
            None => &self.raw,
        }
    }

    /// The body as a text area shows it (`\n` line ends).
    pub fn body(&self) -> String {
        self.body_raw().replace("\r\n", "\n")
    }

    /// 1-based line of the closing `---` (0 without front matter).
    pub fn close_line(&self) -> usize {
        match self.front {
            Some((_, e, _)) => self.raw[..e].matches('\n').count() + 1,
            None => 0,
        }
    }

    /// The file with new front matter lines (`None`: as they are) and a
    /// new body (`None`: as it is). Lines are written with the file's line
    /// ends; every other byte stays.
    pub fn with(&self, front: Option<&[String]>, body: Option<&str>) -> Vec<u8> {
        let nl = if self.crlf { "\r\n" } else { "\n" };
        let body = body.map(|b| {
            let b = b.replace("\r\n", "\n");
            if self.crlf {
                b.replace('\n', "\r\n")
            } else {
                b
            }
        });
        let mut text = String::with_capacity(self.raw.len() + 256);
        match (self.front, front) {
            (Some((s, e, b)), new_front) => {
                text.push_str(&self.raw[..s]);
                match new_front {
                    Some(lines) => {
                        for l in lines {
                            text.push_str(l);
                            text.push_str(nl);
                        }
                    }
                    None => text.push_str(&self.raw[s..e]),
                }
                text.push_str(&self.raw[e..b]);
                text.push_str(body.as_deref().unwrap_or(&self.raw[b..]));
            }
            (None, Some(lines)) if !lines.is_empty() => {
                text.push_str("---");
                text.push_str(nl);
                for l in lines {
                    text.push_str(l);
                    text.push_str(nl);
                }
                text.push_str("---");
                text.push_str(nl);
                text.push_str(body.as_deref().unwrap_or(&self.raw));
            }
            (None, _) => text.push_str(body.as_deref().unwrap_or(&self.raw)),
        }
        let mut out = Vec::with_capacity(text.len() + 3);
        if self.bom {
            out.extend_from_slice(b"\xef\xbb\xbf");
        }
        out.extend_from_slice(text.as_bytes());
        out
    }
}

/// Lines of a text without their `\n` or `\r\n` (no empty last line for a
/// final line end).
pub fn split_lines(s: &str) -> Vec<String> {
    s.split_inclusive('\n')
        .map(|l| {
            l.strip_suffix('\n')
                .map_or(l, |l| l.strip_suffix('\r').unwrap_or(l))
                .to_string()
        })
        .collect()
}

/// The front matter as `load` finds it: a first line `---`, then lines up
/// to a line `---` or `...`.
fn find_front(raw: &str) -> Option<(usize, usize, usize)> {
    let first = raw
        .strip_prefix("---\n")
        .map(|_| 4)
        .or_else(|| raw.strip_prefix("---\r\n").map(|_| 5))?;
    let mut offset = first;
    for l in raw[first..].split_inclusive('\n') {
        let bare = l.trim_end();
        if bare == "---" || bare == "..." {
            return Some((first, offset, offset + l.len()));
        }
        offset += l.len();
    }
    None
}

/// A file name for a new page titled `title` in `dir`: the title's slug
/// (at most about 50 characters, whole words), `-2`, `-3`, … when a file
/// or page of that name exists. Never a name the exit gate refuses.
pub fn suggest_file_name(root: &Path, report: &Report, dir: &Path, title: &str) -> String {
    let slug = if title.chars().any(char::is_alphanumeric) {
        crate::links::slugify(title)
    } else {
        String::new()
    };
    let mut base = String::new();
    for part in slug.split('-').filter(|p| !p.is_empty()) {
        if !base.is_empty() && base.len() + part.len() > 50 {
            break;
        }
        if !base.is_empty() {
            base.push('-');
        }
        base.push_str(part);
    }
    if base.is_empty() || base == "index" {
        base = "ny-sida".into();
    }
    (1..)
        .map(|n| {
            if n == 1 {
                format!("{base}.md")
            } else {
                format!("{base}-{n}.md")
            }
        })
        .find(|name| name_free(root, report, dir, name))
        .unwrap_or_else(|| format!("{base}.md"))
}

/// No file (of any kind, any case) and no page has this name in `dir`.
fn name_free(root: &Path, report: &Report, dir: &Path, name: &str) -> bool {
    let rel = dir.join(name);
    let lower = name.to_lowercase();
    let on_disk = std::fs::read_dir(root.join(dir)).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().to_lowercase() == lower)
    });
    !on_disk && !report.pages.iter().any(|p| p.source == rel) && !report.drafts.contains(&rel)
}

/// A file name a writer typed, made safe: its slug plus `.md` (`None`
/// when nothing is left). A name is a page of its own, never a
/// translation (`name.ar.md`) or a section page (`_index.md`).
pub fn clean_file_name(typed: &str) -> Option<String> {
    let typed = typed.trim();
    let stem = typed
        .strip_suffix(".md")
        .or_else(|| typed.strip_suffix(".MD"))
        .unwrap_or(typed);
    if !stem.chars().any(char::is_alphanumeric) {
        return None;
    }
    let slug = crate::links::slugify(stem);
    let slug = slug.trim_matches('-');
    if slug.is_empty() || slug == "index" {
        return None;
    }
    let name = format!("{slug}.md");
    let safe = crate::gate::files::safe_segment(&name) && !crate::gate::files::backup_name(&name);
    safe.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_file_keeps_its_bytes_where_nothing_changed() {
        let raw = "\u{feff}---\r\ntitle: A\r\n# note\r\norder: 2\r\n---\r\n\r\nText\r\n";
        let t = PageText::read(raw.as_bytes()).unwrap();
        assert!(t.bom && t.crlf);
        assert_eq!(t.front_lines(), vec!["title: A", "# note", "order: 2"]);
        assert_eq!(t.body(), "\nText\n");
        assert_eq!(t.close_line(), 5);
        assert_eq!(t.with(None, None), raw.as_bytes());
        let lines = vec!["title: B".to_string(), "# note".into(), "order: 2".into()];
        assert_eq!(
            String::from_utf8(t.with(Some(lines.as_slice()), Some("\nNy\n"))).unwrap(),
            raw.replace("title: A", "title: B").replace("Text", "Ny")
        );
        let none = PageText::read(b"# Bara text\n").unwrap();
        assert!(none.front.is_none());
        let lines = vec!["title: T".to_string()];
        assert_eq!(
            none.with(Some(lines.as_slice()), None),
            b"---\ntitle: T\n---\n# Bara text\n"
        );
    }

    #[test]
    fn typed_file_names_become_safe_page_names() {
        assert_eq!(
            clean_file_name("Möte på torget.md").as_deref(),
            Some("mote-pa-torget.md")
        );
        assert_eq!(
            clean_file_name("../../book.toml").as_deref(),
            Some("book-toml.md")
        );
        assert_eq!(clean_file_name("sida.ar").as_deref(), Some("sida-ar.md"));
        assert_eq!(clean_file_name("_index"), None);
        assert_eq!(clean_file_name(" ... "), None);
    }
}
