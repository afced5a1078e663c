//! A form's answer read back: `application/x-www-form-urlencoded` pairs
//! into [`Values`] of an item kind.

use std::collections::BTreeMap;

use super::apply::Workspace;
use super::form::shown_languages;
use super::kinds::{Kind, Ty, Value, Values, WorkRow};
use crate::model::items::{TimelineEntry, Translations};

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
            Ty::Refs(_) | Ty::Months => {
                let mut list: Vec<String> = Vec::new();
                for (_, v) in pairs.iter().filter(|(k, _)| *k == name) {
                    let v = v.trim().to_string();
                    if !v.is_empty() && !list.contains(&v) {
                        list.push(v);
                    }
                }
                Value::List(list)
            }
            Ty::Bool | Ty::BoolYes => Value::Text(
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
            Ty::Work => Value::Work(work_from_form(pairs)),
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
            date: crate::model::items::unlocated(String::new()),
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
            "date" => e.date = crate::model::items::unlocated(v),
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
        .filter(|e| !(e.date.value.is_empty() && e.text.is_empty() && e.translations.is_empty()))
        .collect()
}

/// An actor's `work:` rows as the form sent them (`wk.N.need_area`,
/// `wk.N.for`, `wk.N.does`), in order, without empty rows.
fn work_from_form(pairs: &[(String, String)]) -> Vec<WorkRow> {
    let mut rows: BTreeMap<usize, WorkRow> = BTreeMap::new();
    for (k, v) in pairs {
        let Some((n, field)) = k.strip_prefix("wk.").and_then(|r| r.split_once('.')) else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else { continue };
        if n > 10_000 {
            continue;
        }
        let row = rows.entry(n).or_default();
        let v = v.replace("\r\n", "\n").trim().to_string();
        match field {
            "need_area" => row.need_area = v,
            "for" => row.target_group = v,
            "does" => row.does = v,
            _ => {}
        }
    }
    rows.into_values().filter(|r| !r.is_empty()).collect()
}
