//! The forms as plain HTML: every field labelled, errors next to their
//! fields (`aria-describedby`) and in a summary at the top, an ordinary
//! POST that works without JavaScript; the preview's script only adds a
//! filter to the pickers, a Markdown preview and a button for timeline
//! entries. And the form's answer read back into [`Values`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::apply::{FieldError, Workspace};
use super::kinds::{self, Field, Kind, Ty, Value, Values};
use super::strings::t;
use crate::error::Diagnostic;
use crate::model::items::{TimelineEntry, Translations};

/// Where the forms are served (the server keeps `/__kartsite/` for itself).
pub const EDIT_PATH: &str = "/__kartsite/edit/";
pub const NEW_PATH: &str = "/__kartsite/new/";
pub const DELETE_PATH: &str = "/__kartsite/delete/";
pub const SCRIPT_PATH: &str = "/__kartsite/edit.js";
pub const PREVIEW_PATH: &str = "/__kartsite/markdown";

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

fn shell(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main id=\"main\">\n{body}</main>\n<script src=\"{SCRIPT_PATH}\" defer></script>\n</body>\n</html>\n",
        title = esc(title)
    )
}

fn back_href(from: &str) -> String {
    format!(
        "/{}",
        from.split('/').map(seg).collect::<Vec<_>>().join("/")
    )
}

/// The language shown for a field's label.
fn label(lang: &str, key: &str) -> String {
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
    let _ = write!(s, ": {}", d.message);
    if let Some(h) = &d.hint {
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

/// Choices for a field: value → shown text.
fn choices(ws: &Workspace, lang: &str, ty: Ty) -> Vec<(String, String)> {
    match ty {
        Ty::Choice(all) => all
            .iter()
            .map(|c| {
                (
                    (*c).to_string(),
                    t(lang, &format!("choice.{c}")).to_string(),
                )
            })
            .collect(),
        Ty::Audience => ["internal", "public"]
            .iter()
            .map(|a| ((*a).to_string(), t(lang, a).to_string()))
            .collect(),
        Ty::NeedArea => ws
            .settings
            .need_areas
            .iter()
            .map(|n| (n.id.clone(), n.name.clone()))
            .collect(),
        Ty::Phase => ws
            .settings
            .model
            .phases
            .iter()
            .map(|p| (p.id.clone(), p.title.clone()))
            .collect(),
        Ty::Ref(k) | Ty::Refs(k) => kinds::items(&ws.report, k)
            .into_iter()
            .map(|(id, v, _)| {
                let title = kinds::title_of(&v, k);
                (id.clone(), format!("{title} ({id})"))
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn options(out: &mut String, all: &[(String, String)], chosen: &[&str]) {
    // A value the file has that is not a choice stays visible (and chosen).
    for c in chosen {
        if !c.is_empty() && !all.iter().any(|(v, _)| v == c) {
            let _ = write!(out, "<option value=\"{0}\" selected>{0}</option>", esc(c));
        }
    }
    for (v, shown) in all {
        let sel = if chosen.contains(&v.as_str()) {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<option value=\"{}\"{sel}>{}</option>",
            esc(v),
            esc(shown)
        );
    }
}

/// The ids of a field's hint and error, for `aria-describedby`.
fn described(id: &str, hint: bool, error: bool) -> String {
    let mut v = Vec::new();
    if hint {
        v.push(format!("{id}-hint"));
    }
    if error {
        v.push(format!("{id}-err"));
    }
    if v.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{}\"", v.join(" "))
    }
}

fn hint_of(lang: &str, f: &Field, new: bool) -> Option<&'static str> {
    let key = match f.ty {
        Ty::Id if new => "id_hint",
        Ty::Id => "id_hint_existing",
        Ty::Markdown => "markdown_hint",
        Ty::Refs(_) => "refs_hint",
        _ => return None,
    };
    Some(t(lang, key))
}

/// One field of a form.
#[allow(clippy::too_many_lines)]
fn field_html(
    p: &Page<'_>,
    kind: Kind,
    f: &Field,
    v: &Value,
    errors: &[&FieldError],
    new: bool,
) -> String {
    let lang = p.lang;
    let id = format!("f-{}", f.key);
    let name = format!("f.{}", f.key);
    let mut out = String::new();
    let err_text: Vec<String> = errors.iter().map(|e| said(&e.diagnostic)).collect();
    let has_err = !err_text.is_empty();
    let hint = hint_of(lang, f, new);
    let req = if f.required && !(new && f.ty == Ty::Id) {
        format!(
            " <span class=\"hint\" style=\"display:inline\">({})</span>",
            t(lang, "required")
        )
    } else {
        String::new()
    };
    let invalid = if has_err {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    let desc = described(&id, hint.is_some(), has_err);
    let error_html = if has_err {
        format!(
            "<p class=\"field-error\" id=\"{id}-err\">{}</p>",
            err_text
                .iter()
                .map(|e| esc(e))
                .collect::<Vec<_>>()
                .join("<br>")
        )
    } else {
        String::new()
    };
    let hint_html = hint.map_or_else(String::new, |h| {
        format!("<span class=\"hint\" id=\"{id}-hint\">{}</span>", esc(h))
    });
    let lab = label(lang, f.key);
    match f.ty {
        Ty::Timeline => return timeline_html(p, v, &lab, &error_html, has_err),
        Ty::Translations => return translations_html(p, kind, v, &lab),
        Ty::Bool => {
            let checked = if v.text() == "true" { " checked" } else { "" };
            let _ = write!(
                out,
                "<div class=\"field\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"true\"{checked}{invalid}{desc}> <label for=\"{id}\" style=\"display:inline\">{}</label>{error_html}</div>\n",
                esc(&lab)
            );
            return out;
        }
        _ => {}
    }
    let _ = write!(
        out,
        "<div class=\"field\"><label for=\"{id}\">{}{req}</label>{hint_html}",
        esc(&lab)
    );
    match f.ty {
        Ty::Markdown => {
            let _ = write!(
                out,
                "<textarea id=\"{id}\" name=\"{name}\" rows=\"6\" data-markdown{invalid}{desc}>\n{}</textarea>",
                esc(v.text())
            );
        }
        Ty::Choice(_) | Ty::Audience | Ty::NeedArea | Ty::Phase | Ty::Ref(_) => {
            let all = choices(p.ws, lang, f.ty);
            let _ = write!(out, "<select id=\"{id}\" name=\"{name}\"{invalid}{desc}>");
            let empty = match f.ty {
                Ty::Audience => format!("{} {}", t(lang, "audience_default"), t(lang, "default")),
                Ty::Choice(c) if !f.required => format!(
                    "{} {}",
                    t(lang, &format!("choice.{}", c[0])),
                    t(lang, "default")
                ),
                _ => t(lang, "none").to_string(),
            };
            let _ = write!(out, "<option value=\"\">{}</option>", esc(&empty));
            options(&mut out, &all, &[v.text()]);
            out.push_str("</select>");
        }
        Ty::Refs(_) => {
            let all = choices(p.ws, lang, f.ty);
            let chosen: Vec<&str> = match v {
                Value::List(l) => l.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            let _ = write!(
                out,
                "<select id=\"{id}\" name=\"{name}\" multiple size=\"{}\" data-picker{invalid}{desc}>",
                all.len().clamp(3, 8)
            );
            options(&mut out, &all, &chosen);
            out.push_str("</select>");
        }
        Ty::Number => {
            let _ = write!(
                out,
                "<input type=\"text\" inputmode=\"numeric\" id=\"{id}\" name=\"{name}\" value=\"{}\"{invalid}{desc}>",
                esc(v.text())
            );
        }
        _ => {
            let _ = write!(
                out,
                "<input type=\"text\" id=\"{id}\" name=\"{name}\" value=\"{}\"{invalid}{desc}>",
                esc(v.text())
            );
        }
    }
    let _ = writeln!(out, "{error_html}</div>");
    out
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

fn timeline_html(p: &Page<'_>, v: &Value, lab: &str, error_html: &str, has_err: bool) -> String {
    let lang = p.lang;
    let entries: &[TimelineEntry] = match v {
        Value::Timeline(e) => e,
        _ => &[],
    };
    let langs = shown_languages(p.ws);
    let invalid = if has_err {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    let mut out = format!(
        "<fieldset class=\"field\" id=\"f-timeline\" data-timeline><legend>{}</legend><span class=\"hint\" id=\"f-timeline-hint\">{}</span>{error_html}\n",
        esc(lab),
        esc(t(lang, "timeline_hint"))
    );
    let blank = TimelineEntry {
        date: String::new(),
        text: String::new(),
        translations: BTreeMap::new(),
    };
    for (n, e) in entries.iter().chain(std::iter::once(&blank)).enumerate() {
        let legend = if n == entries.len() {
            t(lang, "timeline_new").to_string()
        } else {
            format!("{} {}", t(lang, "timeline_entry"), n + 1)
        };
        let _ = write!(
            out,
            "<fieldset class=\"entry\" data-entry=\"{n}\"><legend>{}</legend>\
<div class=\"field\"><label for=\"tl-{n}-date\">{}</label><span class=\"hint\" id=\"tl-{n}-date-hint\">{}</span><input type=\"text\" id=\"tl-{n}-date\" name=\"tl.{n}.date\" value=\"{}\" inputmode=\"numeric\" aria-describedby=\"tl-{n}-date-hint\"{invalid}></div>\
<div class=\"field\"><label for=\"tl-{n}-text\">{}</label><input type=\"text\" id=\"tl-{n}-text\" name=\"tl.{n}.text\" value=\"{}\"{invalid}></div>",
            esc(&legend),
            esc(t(lang, "field.date")),
            esc(t(lang, "date_hint")),
            esc(&e.date),
            esc(t(lang, "field.text")),
            esc(&e.text),
        );
        for l in &langs {
            let _ = write!(
                out,
                "<div class=\"field\"><label for=\"tl-{n}-tr-{l}\">{} ({l})</label><input type=\"text\" id=\"tl-{n}-tr-{l}\" name=\"tl.{n}.tr.{l}\" value=\"{}\" lang=\"{l}\" dir=\"auto\"></div>",
                esc(t(lang, "field.text")),
                esc(e.translations.get(l).map_or("", String::as_str)),
                l = esc(l),
            );
        }
        out.push_str("</fieldset>\n");
    }
    out.push_str("</fieldset>\n");
    out
}

fn translations_html(p: &Page<'_>, kind: Kind, v: &Value, lab: &str) -> String {
    let langs = shown_languages(p.ws);
    let fields = kind.translatable();
    if langs.is_empty() || fields.is_empty() {
        return String::new();
    }
    let tr: &Translations = match v {
        Value::Translations(tr) => tr,
        _ => return String::new(),
    };
    let mut out = String::new();
    for l in &langs {
        let _ = write!(
            out,
            "<details class=\"field\"><summary>{} ({})</summary><fieldset><legend>{} ({})</legend>",
            esc(lab),
            esc(l),
            esc(lab),
            esc(l)
        );
        for f in fields {
            let id = format!("tr-{l}-{f}");
            let name = format!("tr.{l}.{f}");
            let val = tr.get(l).and_then(|m| m.get(*f)).map_or("", String::as_str);
            let markdown = kind
                .fields()
                .iter()
                .any(|x| x.key == *f && x.ty == Ty::Markdown);
            let _ = write!(
                out,
                "<div class=\"field\"><label for=\"{id}\">{} ({l})</label>",
                esc(&label(p.lang, f)),
                l = esc(l)
            );
            if markdown {
                let _ = write!(
                    out,
                    "<textarea id=\"{id}\" name=\"{name}\" rows=\"4\" lang=\"{l}\" dir=\"auto\">\n{}</textarea>",
                    esc(val),
                    l = esc(l)
                );
            } else {
                let _ = write!(
                    out,
                    "<input type=\"text\" id=\"{id}\" name=\"{name}\" value=\"{}\" lang=\"{l}\" dir=\"auto\">",
                    esc(val),
                    l = esc(l)
                );
            }
            out.push_str("</div>");
        }
        out.push_str("</fieldset></details>\n");
    }
    out
}

/// The hidden fields every write carries.
fn hidden(p: &Page<'_>, file_hash: &str, item_hash: &str) -> String {
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

fn notice_html(n: &Notice) -> String {
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
    let _ = writeln!(
        body,
        "<form method=\"post\" action=\"{}\" novalidate data-filter=\"{}\" data-preview=\"{}\" data-add=\"{}\">",
        esc(&action),
        esc(t(lang, "filter")),
        esc(t(lang, "preview")),
        esc(t(lang, "add_entry"))
    );
    body.push_str(&hidden(p, file_hash, item_hash));
    for f in kind.fields() {
        let v = values
            .get(f.key)
            .cloned()
            .unwrap_or_else(|| Value::Text(String::new()));
        let errs: Vec<&FieldError> = errors.iter().filter(|e| e.field == Some(f.key)).collect();
        body.push_str(&field_html(p, kind, f, &v, &errs, id.is_none()));
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
        let _ = write!(
            body,
            "<p>{}</p><p>{}</p><form method=\"post\" action=\"{DELETE_PATH}{}/{}\">{}<div class=\"actions\"><button type=\"submit\" class=\"danger\">{}</button><a href=\"{}\">{}</a></div></form>\n",
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
    let mut out = format!(
        "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\"><p>{}</p><ul>",
        esc(t(lang, "delete_refused"))
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
    for k in Kind::ALL {
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

/// `a=1&b=x+y` → pairs, decoded.
pub fn parse_urlencoded(body: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        let s = s.replace('+', " ");
        percent_encoding::percent_decode_str(&s)
            .decode_utf8_lossy()
            .into_owned()
    };
    body.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// The values a form sent, for an item of `kind` (`old`: its values when
/// it was opened, for what the form does not show).
pub fn values_from_form(
    ws: &Workspace,
    kind: Kind,
    pairs: &[(String, String)],
    old: Option<&Values>,
) -> Values {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.replace("\r\n", "\n"))
    };
    let langs = shown_languages(ws);
    let mut out = Values::new();
    for f in kind.fields() {
        let name = format!("f.{}", f.key);
        let v = match f.ty {
            Ty::Refs(_) => {
                let mut list: Vec<String> = Vec::new();
                for (_, v) in pairs.iter().filter(|(k, _)| *k == name) {
                    let v = v.trim().to_string();
                    if !v.is_empty() && !list.contains(&v) {
                        list.push(v);
                    }
                }
                Value::List(list)
            }
            Ty::Bool => Value::Text(
                if get(&name).as_deref() == Some("true") {
                    "true"
                } else {
                    "false"
                }
                .into(),
            ),
            Ty::Timeline => {
                let before: &[TimelineEntry] = match old.and_then(|o| o.get("timeline")) {
                    Some(Value::Timeline(t)) => t,
                    _ => &[],
                };
                Value::Timeline(timeline_from_form(pairs, &langs, before))
            }
            Ty::Translations => {
                let mut tr = Translations::new();
                for l in &langs {
                    for field in kind.translatable() {
                        if let Some(v) = get(&format!("tr.{l}.{field}"))
                            && !v.trim().is_empty()
                        {
                            tr.entry(l.clone())
                                .or_default()
                                .insert((*field).to_string(), v);
                        }
                    }
                }
                let before = match old.and_then(|o| o.get("translations")) {
                    Some(Value::Translations(t)) => t.clone(),
                    _ => Translations::new(),
                };
                Value::Translations(super::apply::merge_translations(&langs, &before, tr))
            }
            Ty::Markdown => Value::Text(get(&name).unwrap_or_default()),
            _ => Value::Text(get(&name).unwrap_or_default().trim().to_string()),
        };
        out.insert(f.key, v);
    }
    out
}

fn timeline_from_form(
    pairs: &[(String, String)],
    langs: &[String],
    before: &[TimelineEntry],
) -> Vec<TimelineEntry> {
    let mut rows: BTreeMap<usize, TimelineEntry> = BTreeMap::new();
    for (k, v) in pairs {
        let Some(rest) = k.strip_prefix("tl.") else {
            continue;
        };
        let Some((n, field)) = rest.split_once('.') else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else { continue };
        if n > 10_000 {
            continue;
        }
        let e = rows.entry(n).or_insert_with(|| TimelineEntry {
            date: String::new(),
            text: String::new(),
            translations: before
                .get(n)
                .map(|b| {
                    b.translations
                        .iter()
                        .filter(|(l, _)| !langs.contains(l))
                        .map(|(l, t)| (l.clone(), t.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        });
        let v = v.replace("\r\n", "\n").trim().to_string();
        match field {
            "date" => e.date = v,
            "text" => e.text = v,
            f => {
                if let Some(l) = f.strip_prefix("tr.")
                    && langs.iter().any(|x| x == l)
                    && !v.is_empty()
                {
                    e.translations.insert(l.to_string(), v);
                }
            }
        }
    }
    rows.into_values()
        .filter(|e| !(e.date.is_empty() && e.text.is_empty() && e.translations.is_empty()))
        .collect()
}
