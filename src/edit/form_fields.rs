//! One field of a form as HTML: its label, hint, error and control
//! (choices from the model and the report, pickers, text areas, the
//! timeline's entries and the translations).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::apply::{FieldError, Workspace};
use super::form::{Page, esc, label, said, shown_languages};
use super::kinds::{self, Field, Kind, Ty, Value, WorkRow};
use super::strings::t;
use crate::model::items::{TimelineEntry, Translations};

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
        Ty::Month | Ty::Months => month_names(lang)
            .iter()
            .map(|m| ((*m).to_string(), capitalised(m)))
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

/// The months as the forms write them, in the form's language (the build
/// reads a month's name in Swedish, Norwegian or English, or a number).
fn month_names(lang: &str) -> [&'static str; 12] {
    match lang {
        "nb" => [
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ],
        "en" => [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        _ => [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Month choices where a month the file writes another way (`3`, `nov`)
/// keeps its spelling: an unchanged month keeps its line.
fn month_choices(all: Vec<(String, String)>, written: &[&str]) -> Vec<(String, String)> {
    use crate::model::analysis::month;
    all.into_iter()
        .map(|(v, shown)| {
            let same = written
                .iter()
                .find(|w| month(w).is_some() && month(w) == month(&v));
            match same {
                Some(w) => ((*w).to_string(), shown),
                None => (v, shown),
            }
        })
        .collect()
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
        Ty::Refs(_) | Ty::Months => "refs_hint",
        Ty::Line if f.key == "date" => "date_hint",
        Ty::Line if f.key == "source" => "source_hint",
        _ => return None,
    };
    Some(t(lang, key))
}

/// One field of a form.
#[allow(clippy::too_many_lines)]
pub(super) fn field_html(
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
        Ty::Work => return work_html(p, v, &lab, &error_html),
        Ty::Translations => return translations_html(p, kind, v, &lab),
        Ty::Bool | Ty::BoolYes => {
            let on = match f.ty {
                Ty::Bool => v.text() == "true",
                _ => v.text() != "false",
            };
            let checked = if on { " checked" } else { "" };
            let _ = writeln!(
                out,
                "<div class=\"field\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"true\"{checked}{invalid}{desc}> <label for=\"{id}\" style=\"display:inline\">{}</label>{error_html}</div>",
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
        Ty::Paragraph => {
            let _ = write!(
                out,
                "<textarea id=\"{id}\" name=\"{name}\" rows=\"4\"{invalid}{desc}>\n{}</textarea>",
                esc(v.text())
            );
        }
        Ty::Choice(_) | Ty::Audience | Ty::NeedArea | Ty::Phase | Ty::Ref(_) | Ty::Month => {
            let mut all = choices(p.ws, lang, f.ty);
            if f.ty == Ty::Month {
                all = month_choices(all, &[v.text()]);
            }
            let _ = write!(out, "<select id=\"{id}\" name=\"{name}\"{invalid}{desc}>");
            let empty = match f.ty {
                // Key persons are internal unless they say otherwise.
                Ty::Audience if kind.internal_only() => {
                    format!("{} {}", t(lang, "internal"), t(lang, "default"))
                }
                Ty::Audience => format!("{} {}", t(lang, "audience_default"), t(lang, "default")),
                // (A factor's certainty has no default: empty is none.)
                Ty::Choice(c) if !f.required && f.key != "certainty" => format!(
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
        Ty::Refs(_) | Ty::Months => {
            let chosen: Vec<&str> = match v {
                Value::List(l) => l.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            let mut all = choices(p.ws, lang, f.ty);
            if f.ty == Ty::Months {
                all = month_choices(all, &chosen);
            }
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
        date: crate::model::items::unlocated(String::new()),
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
            esc(&e.date.value),
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

/// An actor's `work:` rows, and one empty row to add one.
fn work_html(p: &Page<'_>, v: &Value, lab: &str, error_html: &str) -> String {
    let lang = p.lang;
    let rows: &[WorkRow] = match v {
        Value::Work(r) => r,
        _ => &[],
    };
    let needs = choices(p.ws, lang, Ty::NeedArea);
    let groups = choices(p.ws, lang, Ty::Ref(Kind::TargetGroup));
    let mut out = format!(
        "<fieldset class=\"field\" id=\"f-work\"><legend>{}</legend><span class=\"hint\" id=\"f-work-hint\">{}</span>{error_html}\n",
        esc(lab),
        esc(t(lang, "work_hint"))
    );
    let blank = WorkRow::default();
    for (n, row) in rows.iter().chain(std::iter::once(&blank)).enumerate() {
        let legend = if n == rows.len() {
            t(lang, "work_new").to_string()
        } else {
            format!("{} {}", t(lang, "work_row"), n + 1)
        };
        let _ = write!(
            out,
            "<fieldset class=\"entry\"><legend>{}</legend><div class=\"field\"><label for=\"wk-{n}-need_area\">{}</label><select id=\"wk-{n}-need_area\" name=\"wk.{n}.need_area\"><option value=\"\">{}</option>",
            esc(&legend),
            esc(&label(lang, "need_area")),
            esc(t(lang, "none"))
        );
        options(&mut out, &needs, &[row.need_area.as_str()]);
        let _ = write!(
            out,
            "</select></div><div class=\"field\"><label for=\"wk-{n}-for\">{}</label><select id=\"wk-{n}-for\" name=\"wk.{n}.for\"><option value=\"\">{}</option>",
            esc(&label(lang, "for")),
            esc(t(lang, "none"))
        );
        options(&mut out, &groups, &[row.target_group.as_str()]);
        let _ = writeln!(
            out,
            "</select></div><div class=\"field\"><label for=\"wk-{n}-does\">{}</label><input type=\"text\" id=\"wk-{n}-does\" name=\"wk.{n}.does\" value=\"{}\"></div></fieldset>",
            esc(&label(lang, "does")),
            esc(&row.does)
        );
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
                .any(|x| x.key == *f && matches!(x.ty, Ty::Markdown | Ty::Paragraph));
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
