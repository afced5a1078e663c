//! The forms as plain HTML: every field labelled, errors next to their
//! fields (`aria-describedby`) and in a summary at the top, an ordinary
//! POST that works without JavaScript; the preview's script only adds a
//! filter to the pickers, a Markdown preview and a button for timeline
//! entries. And the form's answer read back into [`Values`].

use std::fmt::Write as _;

use super::apply::{FieldError, Workspace};
use super::kinds::{self, Kind, Value, Values};
use super::strings::t;
use crate::error::Diagnostic;

pub use super::form_values::{parse_urlencoded, values_from_form};

/// Where the forms are served (the server keeps `/__kartsite/` for itself).
pub const EDIT_PATH: &str = "/__kartsite/edit/";
pub const NEW_PATH: &str = "/__kartsite/new/";
pub const DELETE_PATH: &str = "/__kartsite/delete/";
pub const SCRIPT_PATH: &str = "/__kartsite/edit.js";
pub const PREVIEW_PATH: &str = "/__kartsite/markdown";

/// The anchor of an item on its page, after a save (`#id`; a glossary
/// entry's is `#t-` and its key; a link has none of its own).
pub fn anchor(kind: Kind, address: &str) -> String {
    match kind {
        Kind::Glossary => format!("#t-{}", seg(address)),
        Kind::Link => String::new(),
        _ => format!("#{}", seg(address)),
    }
}

/// What every form page needs.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    pub ws: &'a Workspace,
    /// From [`super::strings::form_lang`].
    pub lang: &'static str,
    /// The session's token, sent back with every write.
    pub token: &'a str,
    /// The site page to go back to (a site URL such as `a/b.html`).
    pub from: &'a str,
}

/// HTML-escape text for an element or a quoted attribute.
pub use crate::chart::svg::esc;

/// Percent-encode a path segment (an id may hold any letter).
pub fn seg(s: &str) -> String {
    const SEG: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(s, SEG).to_string()
}

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;font:1rem/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff}\
main{max-width:46rem;margin:0 auto;padding:1rem}\
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}\
h2{font-size:1.25rem}\
a{color:#0b4f9c}\
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}\
.field{margin:0 0 1.25rem}\
label,legend{display:block;font-weight:600;margin-bottom:.25rem}\
.hint{display:block;color:#444;font-size:.95rem;margin:0 0 .25rem}\
input[type=text],input:not([type]),select,textarea{display:block;width:100%;max-width:100%;font:inherit;padding:.5rem;border:2px solid #555;border-radius:4px;background:#fff;color:#1a1a1a}\
textarea{min-height:8rem;resize:vertical}\
select[multiple]{min-height:8rem}\
input[aria-invalid=true],select[aria-invalid=true],textarea[aria-invalid=true]{border-color:#b00020}\
fieldset{border:2px solid #ccc;border-radius:4px;margin:0 0 1.25rem;padding:.75rem}\
.field-error{color:#b00020;font-weight:600;margin:.25rem 0 0}\
.summary{border:4px solid #b00020;padding:1rem;margin:0 0 1.5rem}\
.summary h2{margin-top:0;color:#b00020}\
.notice{border:4px solid #0b4f9c;padding:1rem;margin:0 0 1.5rem}\
.notice pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f3f3;padding:.5rem}\
.actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:1.5rem 0}\
button{font:inherit;font-weight:600;padding:.6rem 1.2rem;border:2px solid #0b4f9c;border-radius:4px;background:#0b4f9c;color:#fff;cursor:pointer}\
button.secondary{background:#fff;color:#0b4f9c}\
button.danger{background:#8a0017;border-color:#8a0017}\
.md-preview{border:1px dashed #777;padding:.5rem;margin-top:.5rem}\
.file{color:#444;font-size:.95rem}\
ul.items li{margin:.25rem 0}\
@media (max-width:30rem){main{padding:.75rem}h1{font-size:1.35rem}}";

pub(super) fn shell(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main id=\"main\">\n{body}</main>\n<script src=\"{SCRIPT_PATH}\" defer></script>\n</body>\n</html>\n",
        title = esc(title)
    )
}

pub(super) fn back_href(from: &str) -> String {
    format!(
        "/{}",
        from.split('/').map(seg).collect::<Vec<_>>().join("/")
    )
}

/// The language shown for a field's label.
pub(super) fn label(lang: &str, key: &str) -> String {
    t(lang, &format!("field.{key}")).to_string()
}

/// What a diagnostic says, as one line for a form (the build's message and
/// hint, with the place in the file).
pub fn said(d: &Diagnostic) -> String {
    let mut s = d.file.display().to_string();
    if let Some(l) = d.line {
        let _ = write!(s, ":{l}");
        if let Some(c) = d.column {
            let _ = write!(s, ":{c}");
        }
    }
    let _ = write!(s, ": {}", d.message_text());
    if let Some(h) = d.hint_text() {
        let _ = write!(s, " ({h})");
    }
    s
}

/// A notice above a form (a conflict, a refusal).
#[derive(Debug, Clone, Default)]
pub struct Notice {
    pub title: String,
    pub lines: Vec<String>,
    /// Shown as it is written in the file.
    pub code: Option<String>,
}

/// The languages a form shows translations for: `[book] languages`
/// besides the report's own.
pub fn shown_languages(ws: &Workspace) -> Vec<String> {
    let main = ws.settings.language();
    ws.settings
        .config
        .book
        .languages
        .iter()
        .filter(|l| l.as_str() != main)
        .cloned()
        .collect()
}

/// The hidden fields every write carries.
pub(super) fn hidden(p: &Page<'_>, file_hash: &str, item_hash: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"_token\" value=\"{}\"><input type=\"hidden\" name=\"_file\" value=\"{}\"><input type=\"hidden\" name=\"_item\" value=\"{}\"><input type=\"hidden\" name=\"_from\" value=\"{}\">\n",
        esc(p.token),
        esc(file_hash),
        esc(item_hash),
        esc(p.from)
    )
}

fn summary(p: &Page<'_>, errors: &[FieldError]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\" aria-labelledby=\"error-summary-h\"><h2 id=\"error-summary-h\">{}</h2><p>{}</p><ul>",
        esc(t(p.lang, "errors_title")),
        esc(t(p.lang, "errors_intro"))
    );
    for e in errors {
        match e.field {
            Some(f) => {
                let _ = write!(
                    out,
                    "<li><a href=\"#f-{f}\">{}: {}</a></li>",
                    esc(&label(p.lang, f)),
                    esc(&said(&e.diagnostic))
                );
            }
            None => {
                let _ = write!(out, "<li>{}</li>", esc(&said(&e.diagnostic)));
            }
        }
    }
    out.push_str("</ul></div>\n");
    out
}

pub(super) fn notice_html(n: &Notice) -> String {
    let mut out = format!(
        "<div class=\"notice\" role=\"alert\" tabindex=\"-1\" id=\"notice\"><h2>{}</h2>",
        esc(&n.title)
    );
    for l in &n.lines {
        let _ = write!(out, "<p>{}</p>", esc(l));
    }
    if let Some(c) = &n.code {
        let _ = write!(out, "<pre>{}</pre>", esc(c));
    }
    out.push_str("</div>\n");
    out
}

/// The opening of a form that saves to `action` (with what the preview's
/// script reads) and the hidden fields every write carries.
pub(super) fn form_start(p: &Page<'_>, action: &str, file_hash: &str, item_hash: &str) -> String {
    let lang = p.lang;
    format!(
        "<form method=\"post\" action=\"{}\" novalidate data-filter=\"{}\" data-preview=\"{}\" data-add=\"{}\">\n{}",
        esc(action),
        esc(t(lang, "filter")),
        esc(t(lang, "preview")),
        esc(t(lang, "add_entry")),
        hidden(p, file_hash, item_hash)
    )
}

/// The form for an item (`id: None`: a new one).
#[allow(clippy::too_many_arguments)]
pub fn item_form(
    p: &Page<'_>,
    kind: Kind,
    id: Option<&str>,
    values: &Values,
    file_hash: &str,
    item_hash: &str,
    errors: &[FieldError],
    notice: Option<&Notice>,
) -> String {
    let lang = p.lang;
    let what = t(lang, &format!("kind.{}", kind.key()));
    let title = match id {
        Some(_) => format!("{}: {}", t(lang, "edit"), kinds::title_of(values, kind)),
        None => format!("{} {what}", t(lang, "new")),
    };
    let action = match id {
        Some(id) => format!("{EDIT_PATH}{}/{}", kind.key(), seg(id)),
        None => format!("{NEW_PATH}{}", kind.key()),
    };
    let file = match id {
        Some(id) => p.ws.item(kind, id).map(|(_, f)| f),
        None => Some(p.ws.file_for_new(kind)),
    };
    let mut body = format!("<h1>{}</h1>\n", esc(&title));
    if let Some(f) = file {
        let _ = writeln!(
            body,
            "<p class=\"file\">{}: <code>{}</code></p>",
            t(lang, "file"),
            esc(&f.display().to_string())
        );
    }
    body.push_str(&summary(p, errors));
    if let Some(n) = notice {
        body.push_str(&notice_html(n));
    }
    body.push_str(&form_start(p, &action, file_hash, item_hash));
    for f in kind.fields() {
        let v = values
            .get(f.key)
            .cloned()
            .unwrap_or_else(|| Value::Text(String::new()));
        let errs: Vec<&FieldError> = errors.iter().filter(|e| e.field == Some(f.key)).collect();
        body.push_str(&super::form_fields::field_html(
            p,
            kind,
            f,
            &v,
            &errs,
            id.is_none(),
        ));
    }
    let _ = write!(
        body,
        "<div class=\"actions\"><button type=\"submit\">{}</button><a href=\"{}\">{}</a>",
        esc(t(lang, "save")),
        esc(&back_href(p.from)),
        esc(t(lang, "cancel"))
    );
    if let Some(id) = id {
        let _ = write!(
            body,
            "<a href=\"{DELETE_PATH}{}/{}?from={}\">{}</a>",
            kind.key(),
            seg(id),
            seg(p.from),
            esc(t(lang, "delete"))
        );
    }
    body.push_str("</div>\n</form>\n");
    shell(lang, &title, &body)
}

/// Before deleting: what refers to the item, and the button.
pub fn delete_form(
    p: &Page<'_>,
    kind: Kind,
    id: &str,
    values: &Values,
    refs: &[Diagnostic],
    file_hash: &str,
    item_hash: &str,
) -> String {
    let lang = p.lang;
    let title = format!("{}: {}", t(lang, "delete"), kinds::title_of(values, kind));
    let mut body = format!("<h1>{}</h1>\n", esc(&title));
    if refs.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p><p>{}</p><form method=\"post\" action=\"{DELETE_PATH}{}/{}\">{}<div class=\"actions\"><button type=\"submit\" class=\"danger\">{}</button><a href=\"{}\">{}</a></div></form>",
            esc(t(lang, "nothing_refers")),
            esc(t(lang, "delete_question")),
            kind.key(),
            seg(id),
            hidden(p, file_hash, item_hash),
            esc(t(lang, "delete_confirm")),
            esc(&back_href(p.from)),
            esc(t(lang, "cancel"))
        );
    } else {
        body.push_str(&refs_html(lang, refs));
        let _ = writeln!(
            body,
            "<div class=\"actions\"><a href=\"{}\">{}</a></div>",
            esc(&back_href(p.from)),
            esc(t(lang, "cancel"))
        );
    }
    shell(lang, &title, &body)
}

/// The items that still refer to one being deleted.
pub fn refs_html(lang: &str, refs: &[Diagnostic]) -> String {
    refs_list(t(lang, "delete_refused"), refs)
}

/// What still refers to something being deleted, after `intro`.
pub fn refs_list(intro: &str, refs: &[Diagnostic]) -> String {
    let mut out = format!(
        "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\"><p>{}</p><ul>",
        esc(intro)
    );
    for d in refs {
        let _ = write!(out, "<li>{}</li>", esc(&said(d)));
    }
    out.push_str("</ul></div>\n");
    out
}

/// Every item by kind, with "Edit" and "New" links.
pub fn overview(p: &Page<'_>) -> String {
    let lang = p.lang;
    let title = t(lang, "overview");
    let mut body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        esc(title),
        esc(t(lang, "overview_intro"))
    );
    for k in Kind::ALL.iter().filter(|k| p.ws.editable(**k)) {
        let _ = write!(
            body,
            "<h2>{}</h2>\n<p><a href=\"{NEW_PATH}{}?from={}\">{} {}</a></p>\n<ul class=\"items\">",
            esc(t(lang, &format!("kinds.{}", k.key()))),
            k.key(),
            seg(p.from),
            esc(t(lang, "new")),
            esc(t(lang, &format!("kind.{}", k.key())))
        );
        for (id, v, _) in kinds::items(&p.ws.report, *k) {
            let _ = write!(
                body,
                "<li><a href=\"{EDIT_PATH}{}/{}?from={}\">{} <span class=\"file\">({})</span></a></li>",
                k.key(),
                seg(&id),
                seg(p.from),
                esc(&kinds::title_of(&v, *k)),
                esc(&id)
            );
        }
        body.push_str("</ul>\n");
    }
    shell(lang, title, &body)
}

/// A page that only says something (not found, cannot be edited).
pub fn message(p: &Page<'_>, title: &str, lines: &[String]) -> String {
    let mut body = format!("<h1>{}</h1>\n", esc(title));
    for l in lines {
        let _ = writeln!(body, "<p>{}</p>", esc(l));
    }
    let _ = writeln!(
        body,
        "<p><a href=\"{}\">{}</a> · <a href=\"{EDIT_PATH}\">{}</a></p>",
        esc(&back_href(p.from)),
        esc(t(p.lang, "cancel")),
        esc(t(p.lang, "overview"))
    );
    shell(p.lang, title, &body)
}
