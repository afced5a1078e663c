//! The page forms as plain HTML: the front matter fields typed as the
//! model says, the page text as a Markdown text area with the preview's
//! live preview, errors next to their fields (`aria-describedby`) and in a
//! summary; the question before deleting; every page and section with its
//! links. And a page form's answer read back.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::apply::FieldError;
use super::form::{
    Notice, Page, back_href, esc, form_start, hidden, notice_html, said, seg, shell,
};
use super::kinds::{Value, Values};
use super::page::{self, BODY, PField, PTy, Target};
use super::page_strings::pt;
use crate::error::Diagnostic;

/// Where the page forms are served.
pub const PAGES_PATH: &str = "/__kartsite/pages/";
pub const PAGE_PATH: &str = "/__kartsite/page/";
pub const TRANSLATION_PATH: &str = "/__kartsite/translation/";
pub const NEW_PAGE_PATH: &str = "/__kartsite/new-page/";
pub const DELETE_PAGE_PATH: &str = "/__kartsite/delete-page/";
pub const DELETE_TRANSLATION_PATH: &str = "/__kartsite/delete-translation/";

/// A site URL as a path, each segment percent-encoded.
pub fn url_path(url: &str) -> String {
    url.split('/').map(seg).collect::<Vec<_>>().join("/")
}

/// The form address of a target.
pub fn target_path(t: &Target) -> String {
    match t {
        Target::Page(u) => format!("{PAGE_PATH}{}", url_path(u)),
        Target::Translation { url, lang } => {
            format!("{TRANSLATION_PATH}{}/{}", seg(lang), url_path(url))
        }
    }
}

/// The address that deletes a target.
pub fn delete_path(t: &Target) -> String {
    match t {
        Target::Page(u) => format!("{DELETE_PAGE_PATH}{}", url_path(u)),
        Target::Translation { url, lang } => {
            format!("{DELETE_TRANSLATION_PATH}{}/{}", seg(lang), url_path(url))
        }
    }
}

/// What a page form is about.
#[derive(Debug, Clone)]
pub enum Subject<'a> {
    /// A page or translation (`exists: false`: a translation not written).
    Target { target: &'a Target, exists: bool },
    /// A new page in the section with this index page.
    NewPage { section: &'a str, dir: PathBuf },
}

fn field_label(lang: &str, key: &str) -> String {
    pt(lang, &format!("field.{key}")).to_string()
}

fn summary(lang: &str, errors: &[FieldError]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" id=\"error-summary\" aria-labelledby=\"error-summary-h\"><h2 id=\"error-summary-h\">{}</h2><p>{}</p><ul>",
        esc(pt(lang, "errors_title")),
        esc(pt(lang, "errors_intro"))
    );
    for e in errors {
        let text = esc(&said(&e.diagnostic));
        let _ = match e.field {
            Some(f) => write!(
                out,
                "<li><a href=\"#f-{f}\">{}: {text}</a></li>",
                esc(&field_label(lang, f))
            ),
            None => write!(out, "<li>{text}</li>"),
        };
    }
    out.push_str("</ul></div>\n");
    out
}

fn option(out: &mut String, value: &str, shown: &str, selected: bool) {
    let sel = if selected { " selected" } else { "" };
    let _ = write!(
        out,
        "<option value=\"{}\"{sel}>{}</option>",
        esc(value),
        esc(shown)
    );
}

/// One front matter field, or the page text, or a new page's file name.
fn field_html(
    p: &Page<'_>,
    f: &PField,
    v: &Value,
    errors: &[&FieldError],
    text_lang: Option<&str>,
) -> String {
    let lang = p.lang;
    let id = format!("f-{}", f.key);
    let name = format!("f.{}", f.key);
    let hint = match (f.key, f.ty) {
        ("title", _) if text_lang.is_none() => Some(pt(lang, "title_hint")),
        ("file", _) => Some(pt(lang, "file_hint")),
        (BODY, _) => Some(pt(lang, "markdown_hint")),
        (_, PTy::Questions) => Some(pt(lang, "refs_hint")),
        _ => None,
    };
    let err_text: Vec<String> = errors.iter().map(|e| esc(&said(&e.diagnostic))).collect();
    let mut described = Vec::new();
    if hint.is_some() {
        described.push(format!("{id}-hint"));
    }
    if !err_text.is_empty() {
        described.push(format!("{id}-err"));
    }
    let mut attrs = String::new();
    if !err_text.is_empty() {
        attrs.push_str(" aria-invalid=\"true\"");
    }
    if !described.is_empty() {
        let _ = write!(attrs, " aria-describedby=\"{}\"", described.join(" "));
    }
    if let Some(l) = text_lang.filter(|_| matches!(f.ty, PTy::Line | PTy::Text)) {
        let _ = write!(attrs, " lang=\"{}\" dir=\"auto\"", esc(l));
    }
    let error_html = if err_text.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"field-error\" id=\"{id}-err\">{}</p>",
            err_text.join("<br>")
        )
    };
    let label = esc(&field_label(lang, f.key));
    if f.ty == PTy::Bool {
        let checked = if v.text() == "true" { " checked" } else { "" };
        return format!(
            "<div class=\"field\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"true\"{checked}{attrs}> <label for=\"{id}\" style=\"display:inline\">{label}</label>{error_html}</div>\n"
        );
    }
    let mut out = format!("<div class=\"field\"><label for=\"{id}\">{label}</label>");
    if let Some(h) = hint {
        let _ = write!(
            out,
            "<span class=\"hint\" id=\"{id}-hint\">{}</span>",
            esc(h)
        );
    }
    match f.ty {
        PTy::Text if f.key == BODY => {
            let _ = write!(
                out,
                "<textarea id=\"{id}\" name=\"{name}\" rows=\"20\" data-markdown{attrs}>\n{}</textarea>",
                esc(v.text())
            );
        }
        PTy::Text => {
            let _ = write!(
                out,
                "<textarea id=\"{id}\" name=\"{name}\" rows=\"3\"{attrs}>\n{}</textarea>",
                esc(v.text())
            );
        }
        PTy::Number => {
            let _ = write!(
                out,
                "<input type=\"text\" inputmode=\"numeric\" id=\"{id}\" name=\"{name}\" value=\"{}\"{attrs}>",
                esc(v.text())
            );
        }
        PTy::Audience | PTy::Phase => {
            let _ = write!(out, "<select id=\"{id}\" name=\"{name}\"{attrs}>");
            let default = if f.ty == PTy::Audience {
                pt(lang, "audience_default")
            } else {
                pt(lang, "phase_default")
            };
            option(
                &mut out,
                "",
                &format!("{default} {}", pt(lang, "default")),
                v.text().is_empty(),
            );
            let choices: Vec<(String, String)> = if f.ty == PTy::Audience {
                ["internal", "public"]
                    .iter()
                    .map(|a| ((*a).to_string(), pt(lang, a).to_string()))
                    .collect()
            } else {
                p.ws.settings
                    .model
                    .phases
                    .iter()
                    .map(|ph| (ph.id.clone(), ph.title.clone()))
                    .collect()
            };
            if !v.text().is_empty() && !choices.iter().any(|(c, _)| c == v.text()) {
                option(&mut out, v.text(), v.text(), true);
            }
            for (c, shown) in &choices {
                option(&mut out, c, shown, c == v.text());
            }
            out.push_str("</select>");
        }
        PTy::Questions => {
            let chosen: Vec<&str> = match v {
                Value::List(l) => l.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            let model = &p.ws.settings.model;
            let count: usize = model.phases.iter().map(|ph| ph.questions.len()).sum();
            let _ = write!(
                out,
                "<select id=\"{id}\" name=\"{name}\" multiple size=\"{}\" data-picker{attrs}>",
                count.clamp(3, 8)
            );
            for c in &chosen {
                if model.question(c).is_none() {
                    option(&mut out, c, c, true);
                }
            }
            for ph in &model.phases {
                for q in &ph.questions {
                    let shown = format!("{} ({})", q.text, ph.title);
                    option(&mut out, &q.id, &shown, chosen.contains(&q.id.as_str()));
                }
            }
            out.push_str("</select>");
        }
        _ => {
            let _ = write!(
                out,
                "<input type=\"text\" id=\"{id}\" name=\"{name}\" value=\"{}\"{attrs}>",
                esc(v.text())
            );
        }
    }
    let _ = writeln!(out, "{error_html}</div>");
    out
}

const BODY_FIELD: PField = PField {
    key: BODY,
    ty: PTy::Text,
};
const FILE_FIELD: PField = PField {
    key: "file",
    ty: PTy::Line,
};

/// The links to a page's translations (edit, or add one).
fn translation_links(p: &Page<'_>, url: &str) -> String {
    let langs = super::form::shown_languages(p.ws);
    let Some(pg) = page::page_at(&p.ws.report, url) else {
        return String::new();
    };
    if langs.is_empty() {
        return String::new();
    }
    let mut links = Vec::new();
    for l in &langs {
        let t = Target::Translation {
            url: url.to_string(),
            lang: l.clone(),
        };
        let what = if pg.translations.contains_key(l) {
            format!("{} ({l})", pt(p.lang, "translation"))
        } else {
            format!("{} ({l})", pt(p.lang, "new_translation"))
        };
        links.push(format!(
            "<a href=\"{}?from={}\">{}</a>",
            esc(&target_path(&t)),
            seg(p.from),
            esc(&what)
        ));
    }
    format!(
        "<nav aria-label=\"{0}\"><p>{0}: {1}</p></nav>\n",
        esc(pt(p.lang, "translations")),
        links.join(" · ")
    )
}

/// The form of a page, a translation or a new page.
#[allow(clippy::too_many_arguments)]
pub fn page_form(
    p: &Page<'_>,
    subject: &Subject<'_>,
    values: &Values,
    file_hash: &str,
    part_hash: &str,
    errors: &[FieldError],
    notice: Option<&Notice>,
) -> String {
    let lang = p.lang;
    let (title, action, file, fields, text_lang) = match subject {
        Subject::Target { target, exists } => {
            let langs = super::form::shown_languages(p.ws);
            let file = page::file_of(&p.ws.report, &langs, target);
            let shown = page::page_at(&p.ws.report, target.url())
                .map(|pg| pg.title.clone())
                .unwrap_or_default();
            let title = match target.lang() {
                Some(l) if !exists => format!("{} ({l}): {shown}", pt(lang, "new_translation")),
                Some(l) => format!("{} ({l}): {shown}", pt(lang, "translation")),
                None => format!("{}: {shown}", pt(lang, "edit_page")),
            };
            (
                title,
                target_path(target),
                file,
                target.fields(),
                target.lang(),
            )
        }
        Subject::NewPage { section, dir } => (
            pt(lang, "new_page_title").to_string(),
            format!("{NEW_PAGE_PATH}{}", url_path(section)),
            Some(dir.clone()),
            page::PAGE_FIELDS,
            None,
        ),
    };
    let mut body = format!("<h1>{}</h1>\n", esc(&title));
    if let Some(f) = file {
        let _ = writeln!(
            body,
            "<p class=\"file\">{}: <code>{}</code></p>",
            pt(lang, "file"),
            esc(&f.display().to_string())
        );
    }
    match subject {
        Subject::Target { target, .. } => match target {
            Target::Page(u) => body.push_str(&translation_links(p, u)),
            Target::Translation { url, .. } => {
                let _ = writeln!(
                    body,
                    "<p><a href=\"{}?from={}\">{}</a></p>",
                    esc(&target_path(&Target::Page(url.clone()))),
                    seg(p.from),
                    esc(pt(lang, "original"))
                );
            }
        },
        Subject::NewPage { .. } => {}
    }
    body.push_str(&summary(lang, errors));
    if let Some(n) = notice {
        body.push_str(&notice_html(n));
    }
    body.push_str(&form_start(p, &action, file_hash, part_hash));
    let errs_of = |key: &str| -> Vec<&FieldError> {
        errors.iter().filter(|e| e.field == Some(key)).collect()
    };
    let empty = Value::Text(String::new());
    for f in fields {
        let v = values.get(f.key).unwrap_or(&empty);
        body.push_str(&field_html(p, f, v, &errs_of(f.key), text_lang));
        if f.key == "title" && matches!(subject, Subject::NewPage { .. }) {
            let v = values.get("file").unwrap_or(&empty);
            body.push_str(&field_html(p, &FILE_FIELD, v, &errs_of("file"), None));
        }
    }
    let v = values.get(BODY).unwrap_or(&empty);
    body.push_str(&field_html(p, &BODY_FIELD, v, &errs_of(BODY), text_lang));
    let _ = write!(
        body,
        "<div class=\"actions\"><button type=\"submit\">{}</button><a href=\"{}\">{}</a>",
        esc(pt(lang, "save")),
        esc(&back_href(p.from)),
        esc(pt(lang, "cancel"))
    );
    if let Subject::Target {
        target,
        exists: true,
    } = subject
    {
        let _ = write!(
            body,
            "<a href=\"{}?from={}\">{}</a>",
            esc(&delete_path(target)),
            seg(p.from),
            esc(pt(lang, "delete"))
        );
    }
    body.push_str("</div>\n</form>\n");
    shell(lang, &title, &body)
}

/// Before deleting: what links or refers to the page, the translations
/// that go with it, and the button.
pub fn delete_page_form(
    p: &Page<'_>,
    target: &Target,
    also: &[PathBuf],
    refs: &[Diagnostic],
    file_hash: &str,
    part_hash: &str,
) -> String {
    let lang = p.lang;
    let shown = page::page_at(&p.ws.report, target.url())
        .map(|pg| pg.title.clone())
        .unwrap_or_default();
    let what = match target.lang() {
        Some(l) => format!("{} ({l})", pt(lang, "translation")),
        None => pt(lang, "delete_page").to_string(),
    };
    let title = format!("{what}: {shown}");
    let mut body = format!("<h1>{}</h1>\n", esc(&title));
    if !refs.is_empty() {
        body.push_str(&refs_html(lang, refs));
        let _ = writeln!(
            body,
            "<div class=\"actions\"><a href=\"{}\">{}</a></div>",
            esc(&back_href(p.from)),
            esc(pt(lang, "cancel"))
        );
        return shell(lang, &title, &body);
    }
    let _ = writeln!(body, "<p>{}</p>", esc(pt(lang, "nothing_links")));
    if !also.is_empty() {
        let _ = write!(body, "<p>{}</p><ul>", esc(pt(lang, "delete_also")));
        for f in also {
            let _ = write!(
                body,
                "<li><code>{}</code></li>",
                esc(&f.display().to_string())
            );
        }
        body.push_str("</ul>\n");
    }
    let _ = writeln!(
        body,
        "<p>{}</p><form method=\"post\" action=\"{}\">{}<div class=\"actions\"><button type=\"submit\" class=\"danger\">{}</button><a href=\"{}\">{}</a></div></form>",
        esc(pt(lang, "delete_question")),
        esc(&delete_path(target)),
        hidden(p, file_hash, part_hash),
        esc(pt(lang, "delete_confirm")),
        esc(&back_href(p.from)),
        esc(pt(lang, "cancel"))
    );
    shell(lang, &title, &body)
}

/// What still links or refers to a page being deleted.
pub fn refs_html(lang: &str, refs: &[Diagnostic]) -> String {
    super::form::refs_list(pt(lang, "delete_page_refused"), refs)
}

/// Every section with its pages, their translations and a "New page" link.
pub fn pages_overview(p: &Page<'_>) -> String {
    let lang = p.lang;
    let title = pt(lang, "pages");
    let mut body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        esc(title),
        esc(pt(lang, "pages_intro"))
    );
    let langs = super::form::shown_languages(p.ws);
    for (url, dir) in page::sections(&p.ws.report, &p.ws.settings) {
        let _ = write!(
            body,
            "<h2>{}: <code>{}</code></h2>\n<p><a href=\"{NEW_PAGE_PATH}{}?from={}\">{}</a></p>\n<ul class=\"items\">",
            esc(pt(lang, "section")),
            esc(&dir.display().to_string()),
            url_path(&url),
            seg(p.from),
            esc(pt(lang, "new_page_title"))
        );
        for pg in page::pages_in(&p.ws.report, &dir) {
            let t = Target::Page(pg.url.clone());
            let _ = write!(
                body,
                "<li><a href=\"{}?from={}\">{}</a> <span class=\"file\">({})</span>",
                esc(&target_path(&t)),
                seg(&pg.url),
                esc(&pg.title),
                esc(&pg.source.display().to_string())
            );
            for l in &langs {
                let t = Target::Translation {
                    url: pg.url.clone(),
                    lang: l.clone(),
                };
                let word = if pg.translations.contains_key(l) {
                    pt(lang, "translation")
                } else {
                    pt(lang, "new_translation")
                };
                let _ = write!(
                    body,
                    " · <a href=\"{}?from={}\">{word} ({})</a>",
                    esc(&target_path(&t)),
                    seg(&pg.url),
                    esc(l)
                );
            }
            body.push_str("</li>");
        }
        body.push_str("</ul>\n");
    }
    shell(lang, title, &body)
}

/// The values a page form sent.
pub fn values_from_form(fields: &[PField], pairs: &[(String, String)], new_page: bool) -> Values {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.replace("\r\n", "\n"))
    };
    let mut out = Values::new();
    for f in fields {
        let name = format!("f.{}", f.key);
        let v = match f.ty {
            PTy::Questions => {
                let mut list: Vec<String> = Vec::new();
                for (_, v) in pairs.iter().filter(|(k, _)| *k == name) {
                    let v = v.trim().to_string();
                    if !v.is_empty() && !list.contains(&v) {
                        list.push(v);
                    }
                }
                Value::List(list)
            }
            PTy::Bool => Value::Text((get(&name).as_deref() == Some("true")).to_string()),
            PTy::Text => Value::Text(
                get(&name)
                    .unwrap_or_default()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => Value::Text(get(&name).unwrap_or_default().trim().to_string()),
        };
        out.insert(f.key, v);
    }
    // A form without the text leaves the text as it is.
    if let Some(body) = get(&format!("f.{BODY}")) {
        out.insert(BODY, Value::Text(body));
    }
    if new_page {
        out.insert(
            "file",
            Value::Text(get("f.file").unwrap_or_default().trim().to_string()),
        );
    }
    out
}
