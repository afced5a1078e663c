//! A page's front matter rewritten line by line: a changed field in the
//! style it was written in, a new field after the field before it in the
//! model's order, an emptied field taken out; comments, blank lines and
//! unchanged fields keep their lines. And a new page's text in the style
//! of the pages beside it.

use super::kinds::{Value, Values};
use super::page::{PField, PTy, PageText, same};
use super::yaml_text::{self as yt, Segment, Style};

/// The top-level keys of front matter lines, each with the comments and
/// blank lines just above it.
pub fn top_segments(lines: &[String]) -> Vec<Segment> {
    let mut segs: Vec<Segment> = Vec::new();
    let mut pending: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        let top = !yt::is_filler(l) && yt::indent(l) == 0 && !l.starts_with('-') && l.contains(':');
        if top {
            let key = yt::key_of(l);
            let start = pending.take().unwrap_or(i);
            if let Some(last) = segs.last_mut() {
                last.end = start;
            }
            segs.push(Segment {
                key,
                start,
                key_line: i,
                end: lines.len(),
            });
        } else if l.trim().is_empty() || (yt::is_filler(l) && yt::indent(l) == 0) {
            pending.get_or_insert(i);
        } else {
            pending = None;
        }
    }
    segs
}

/// One past the last line of a key's value (blank lines and comments at
/// the left margin after it are not the value's).
fn value_end(lines: &[String], seg: &Segment) -> usize {
    let mut e = seg.end;
    while e > seg.key_line + 1 && {
        let l = &lines[e - 1];
        l.trim().is_empty() || (yt::indent(l) == 0 && l.starts_with('#'))
    } {
        e -= 1;
    }
    e
}

/// The column of a block list's dashes under its key, if it is one.
fn dash_indent(lines: &[String], seg: &Segment) -> Option<usize> {
    lines[seg.key_line + 1..seg.end]
        .iter()
        .find(|l| !yt::is_filler(l))
        .filter(|l| l.trim_start().starts_with('-'))
        .map(|l| yt::indent(l))
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Text(t) => t.trim().is_empty() || t == "false",
        v => v.is_empty(),
    }
}

/// How lists and texts are written: taken from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontStyle {
    /// The keys in the order the file writes them.
    pub order: Vec<String>,
    /// Lists as `[a, b]` (else a `- a` block with dashes at `seq`).
    pub flow_lists: bool,
    pub seq: usize,
    /// How `title` is quoted.
    pub quotes: Style,
    pub bom: bool,
    pub crlf: bool,
    /// A blank line between the front matter and the text.
    pub blank_after: bool,
}

impl Default for FrontStyle {
    fn default() -> Self {
        FrontStyle {
            order: Vec::new(),
            flow_lists: true,
            seq: 0,
            quotes: Style::Plain,
            bom: false,
            crlf: false,
            blank_after: true,
        }
    }
}

impl FrontStyle {
    /// The style of a page file as written.
    pub fn of(text: &PageText) -> FrontStyle {
        let lines = text.front_lines();
        let segs = top_segments(&lines);
        let seg = |k: &str| segs.iter().find(|s| s.key == k);
        let list = segs
            .iter()
            .find(|s| s.key == "answers")
            .map(|s| (yt::style_of(&lines, s), dash_indent(&lines, s)));
        let quotes = seg("title").map_or(Style::Plain, |s| match yt::style_of(&lines, s) {
            q @ (Style::Single | Style::Double) => q,
            _ => Style::Plain,
        });
        let body = text.body_raw();
        FrontStyle {
            order: segs.iter().map(|s| s.key.clone()).collect(),
            flow_lists: !matches!(list, Some((Style::Plain, Some(_)))),
            seq: list.and_then(|(_, d)| d).unwrap_or(0),
            quotes,
            bom: text.bom,
            crlf: text.crlf,
            blank_after: text.front.is_none() || body.starts_with('\n') || body.starts_with("\r\n"),
        }
    }
}

/// A field's lines at the left margin, in `style` where it has one.
fn field_lines(f: &PField, v: &Value, style: Style, block_seq: Option<usize>) -> Vec<String> {
    match (f.ty, v) {
        (PTy::Number, Value::Text(t)) => {
            // `order` may be below zero (a page before the others).
            let n = t
                .trim()
                .parse::<i64>()
                .map_or_else(|_| yt::number(t), |n| n.to_string());
            vec![format!("{}: {n}", f.key)]
        }
        (PTy::Bool, Value::Text(t)) => {
            let b = if t == "true" { "true" } else { "false" };
            vec![format!("{}: {b}", f.key)]
        }
        (_, Value::List(l)) => {
            yt::list_lines(0, f.key, l, block_seq.is_none(), block_seq.unwrap_or(0))
        }
        (_, Value::Text(t)) => yt::text_lines(0, f.key, t.trim(), style, false),
        _ => Vec::new(),
    }
}

/// The front matter `lines` with the fields whose values changed from
/// `old` to `new` rewritten; `None` when no field changed.
pub fn rewrite_front(
    lines: &[String],
    fields: &[PField],
    old: &Values,
    new: &Values,
) -> Option<Vec<String>> {
    let changed: Vec<&PField> = fields
        .iter()
        .filter(|f| match (old.get(f.key), new.get(f.key)) {
            (Some(a), Some(b)) => !same(a, b),
            (None, Some(b)) => !is_empty(b),
            _ => false,
        })
        .collect();
    if changed.is_empty() {
        return None;
    }
    let segs = top_segments(lines);
    let present = |k: &str| segs.iter().any(|s| s.key == k);
    // A field not written yet goes after the field before it in the model.
    let anchor = |f: &PField| -> Option<&'static str> {
        let idx = fields.iter().position(|x| x.key == f.key).unwrap_or(0);
        fields[..idx]
            .iter()
            .rev()
            .find(|x| present(x.key))
            .map(|x| x.key)
    };
    let added = |at: Option<&str>| -> Vec<String> {
        changed
            .iter()
            .filter(|f| !present(f.key) && anchor(f) == at)
            .filter_map(|f| new.get(f.key).filter(|v| !is_empty(v)).map(|v| (f, v)))
            .flat_map(|(f, v)| field_lines(f, v, Style::Plain, None))
            .collect()
    };
    let first = segs.first().map_or(lines.len(), |s| s.start);
    let mut out: Vec<String> = lines[..first].to_vec();
    out.extend(added(None));
    for seg in &segs {
        let ve = value_end(lines, seg);
        out.extend(lines[seg.start..seg.key_line].iter().cloned());
        match changed.iter().find(|f| f.key == seg.key) {
            Some(f) => {
                if let Some(v) = new.get(f.key).filter(|v| !is_empty(v)) {
                    let style = yt::style_of(lines, seg);
                    let block = (style != Style::Flow)
                        .then(|| dash_indent(lines, seg))
                        .flatten();
                    out.extend(field_lines(f, v, style, block));
                }
            }
            None => out.extend(lines[seg.key_line..ve].iter().cloned()),
        }
        let here = fields.iter().find(|x| x.key == seg.key).map(|x| x.key);
        if here.is_some() {
            out.extend(added(here));
        }
        out.extend(lines[ve..seg.end].iter().cloned());
    }
    Some(out)
}

/// A new page's (or translation's) file: front matter with the fields
/// that have a value, in the order the pages beside it write their keys,
/// then the text.
pub fn new_file(fields: &[PField], values: &Values, style: &FrontStyle, body: &str) -> Vec<u8> {
    let mut keyed: Vec<(usize, usize, &PField)> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let at = style
                .order
                .iter()
                .position(|k| k == f.key)
                .unwrap_or(usize::MAX);
            (at, i, f)
        })
        .collect();
    keyed.sort_by_key(|(at, i, _)| (*at, *i));
    let mut lines = vec!["---".to_string()];
    for (_, _, f) in keyed {
        let Some(v) = values.get(f.key).filter(|v| !is_empty(v)) else {
            continue;
        };
        let quotes = if f.key == "title" {
            style.quotes
        } else {
            Style::Plain
        };
        let block = (!style.flow_lists).then_some(style.seq);
        lines.extend(field_lines(f, v, quotes, block));
    }
    lines.push("---".into());
    let mut text = lines.join("\n");
    text.push('\n');
    let body = body.replace("\r\n", "\n");
    let body = body.trim_matches('\n');
    if !body.is_empty() {
        if style.blank_after {
            text.push('\n');
        }
        text.push_str(body);
        text.push('\n');
    }
    if style.crlf {
        text = text.replace('\n', "\r\n");
    }
    let mut out = Vec::with_capacity(text.len() + 3);
    if style.bom {
        out.extend_from_slice(b"\xef\xbb\xbf");
    }
    out.extend_from_slice(text.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::page::{PAGE_FIELDS, TRANSLATION_FIELDS};

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    fn vals(pairs: &[(&'static str, Value)]) -> Values {
        pairs.iter().cloned().collect()
    }

    #[test]
    fn only_changed_fields_get_new_lines() {
        let fm = lines(
            "# Om sidan\ntitle: 'Statistik'\nsummary: Kort.\n\n# ordning\norder: 2\nanswers:\n  - statistik\n# slut",
        );
        let old = vals(&[
            ("title", Value::Text("Statistik".into())),
            ("summary", Value::Text("Kort.".into())),
            ("order", Value::Text("2".into())),
            ("answers", Value::List(vec!["statistik".into()])),
            ("draft", Value::Text("false".into())),
        ]);
        let mut new = old.clone();
        new.insert("title", Value::Text("Siffror: 2024".into()));
        new.insert("answers", Value::List(vec!["statistik".into(), "x".into()]));
        new.insert("draft", Value::Text("true".into()));
        let out = rewrite_front(&fm, PAGE_FIELDS, &old, &new).unwrap();
        assert_eq!(
            out,
            lines(
                "# Om sidan\ntitle: 'Siffror: 2024'\nsummary: Kort.\n\n# ordning\norder: 2\nanswers:\n  - statistik\n  - x\ndraft: true\n# slut"
            )
        );
        assert_eq!(rewrite_front(&fm, PAGE_FIELDS, &old, &old), None);
        let mut new = old.clone();
        new.insert("order", Value::Text("-1".into()));
        let out = rewrite_front(&fm, PAGE_FIELDS, &old, &new).unwrap();
        assert_eq!(out[5], "order: -1");
        // Emptied: the key goes, its comment stays.
        let mut new = old.clone();
        new.insert("order", Value::Text(String::new()));
        let out = rewrite_front(&fm, PAGE_FIELDS, &old, &new).unwrap();
        assert_eq!(
            out,
            lines(
                "# Om sidan\ntitle: 'Statistik'\nsummary: Kort.\n\n# ordning\nanswers:\n  - statistik\n# slut"
            )
        );
    }

    #[test]
    fn a_field_before_all_others_goes_first() {
        let fm = lines("order: 1");
        let old = vals(&[("title", Value::Text(String::new()))]);
        let new = vals(&[("title", Value::Text("Ny titel".into()))]);
        assert_eq!(
            rewrite_front(&fm, TRANSLATION_FIELDS, &old, &new).unwrap(),
            lines("title: Ny titel\norder: 1")
        );
    }

    #[test]
    fn new_pages_follow_their_neighbours() {
        let near = PageText::read(b"---\r\ntitle: \"A\"\r\norder: 1\r\nsummary: S\r\nanswers:\r\n- q\r\n---\r\n\r\nText\r\n").unwrap();
        let style = FrontStyle::of(&near);
        assert!(style.crlf && !style.flow_lists && style.blank_after);
        let v = vals(&[
            ("title", Value::Text("Ny sida".into())),
            ("summary", Value::Text("Om det nya.".into())),
            ("order", Value::Text("3".into())),
            ("answers", Value::List(vec!["q".into()])),
        ]);
        let out = String::from_utf8(new_file(PAGE_FIELDS, &v, &style, "Hej\n")).unwrap();
        assert_eq!(
            out,
            "---\r\ntitle: \"Ny sida\"\r\norder: 3\r\nsummary: Om det nya.\r\nanswers:\r\n- q\r\n---\r\n\r\nHej\r\n"
        );
    }
}
