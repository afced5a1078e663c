//! An item's lines rewritten: a changed item in the file's own style
//! (unchanged fields keep their lines), a new item at the end of its list,
//! an item taken out. Only lines; [`super::apply`] checks and writes.

use std::collections::BTreeSet;

use super::kinds::{self, Field, Kind, Ty, Value, Values};
use super::yaml_text::{self as yt, Lines, Segment, Style};

/// The style of a value, and the lines it is written as.
fn field_lines(
    field: &Field,
    value: &Value,
    kind: Kind,
    at: usize,
    seq: usize,
    orig: Option<(&[String], &Segment)>,
    old: Option<&Value>,
) -> Vec<String> {
    let style = orig.map_or(Style::Plain, |(l, s)| yt::style_of(l, s));
    let key = field.key;
    match (field.ty, value) {
        (Ty::Number, Value::Text(v)) => vec![format!("{}{key}: {}", " ".repeat(at), yt::number(v))],
        (Ty::Bool | Ty::BoolYes, Value::Text(v)) => vec![format!("{}{key}: {v}", " ".repeat(at))],
        (Ty::Markdown, Value::Text(v)) => yt::text_lines(at, key, v, style, true),
        (Ty::Paragraph, Value::Text(v)) => paragraph_lines(at, key, v.trim(), style),
        // A date as the files write it (`date: 2027-05`), as timelines do.
        (Ty::Line, Value::Text(v)) if key == "date" && yt::is_date(v.trim()) => {
            vec![format!("{}{key}: {}", " ".repeat(at), v.trim())]
        }
        (_, Value::Text(v)) => yt::text_lines(at, key, v.trim(), style, false),
        (_, Value::List(v)) => {
            let flow = orig.is_none() || style == Style::Flow;
            yt::list_lines(at, key, v, flow, seq)
        }
        (_, Value::Timeline(entries)) => {
            let mut out = vec![format!("{}{key}:", " ".repeat(at))];
            // Entries that did not change keep their lines, and the
            // comments after them.
            let kept = orig.and_then(|(lines, seg)| {
                let first = (seg.key_line + 1..seg.end).find(|&i| !yt::is_filler(&lines[i]))?;
                let d = yt::indent(&lines[first]);
                let found = yt::entries(lines, first, seg.end, d);
                let Some(Value::Timeline(before)) = old else {
                    return None;
                };
                (found.len() == before.len() && !found.is_empty()).then(|| {
                    // The key's own line (with its comment) and what is
                    // between it and the first entry.
                    out = lines[seg.key_line..found[0].0].to_vec();
                    (lines, found, before, d)
                })
            });
            let dash = kept.as_ref().map_or(at + seq, |k| k.3);
            for (i, e) in entries.iter().enumerate() {
                match &kept {
                    Some((lines, found, before, _)) if before.get(i) == Some(e) => {
                        let end = found.get(i + 1).map_or(found[i].1, |n| n.0);
                        out.extend(lines[found[i].0..end].iter().cloned());
                    }
                    _ => out.extend(yt::timeline_entry(dash, e)),
                }
            }
            out
        }
        (_, Value::Work(rows)) => {
            super::rewrite_work::work_lines(at, at + seq, key, rows, orig, old)
        }
        (_, Value::Translations(tr)) => {
            let markdown: Vec<&str> = kind
                .fields()
                .iter()
                .filter(|f| f.ty == Ty::Markdown)
                .map(|f| f.key)
                .collect();
            yt::translation_lines(at, &kinds::tidy_translations(tr), &markdown)
        }
    }
}

/// A value that says what leaving the key out says (`consent: false`,
/// `recurring: true`): not written for a new item or a missing key.
fn is_default(f: &Field, v: &Value) -> bool {
    match f.ty {
        Ty::Bool => v.text() != "true",
        Ty::BoolYes => v.text() != "false",
        _ => false,
    }
}

/// Plain text (not Markdown): one line as a scalar in the style it had,
/// or a block without a final newline (`>-` for one line that was a
/// block, `|-` for lines), so the text reads back exactly.
fn paragraph_lines(at: usize, key: &str, value: &str, style: Style) -> Vec<String> {
    let pad = " ".repeat(at);
    let value = yt::block_text(value);
    let value = value.trim();
    let multi = value.contains('\n');
    if !multi && (style != Style::Block || value.is_empty()) {
        return yt::text_lines(at, key, value, style, false);
    }
    let indicator = if multi { "|-" } else { ">-" };
    let mut out = vec![format!("{pad}{key}: {indicator}")];
    for l in value.split('\n') {
        let l = l.trim_end();
        if l.is_empty() {
            out.push(String::new());
        } else {
            out.push(format!("{pad}  {l}"));
        }
    }
    out
}

/// The lines of item `(s, e)` with `values`; returns the new file and the
/// item's new line range.
pub(crate) fn update(
    file: &Lines,
    (s, e): (usize, usize),
    kind: Kind,
    old: &Values,
    values: &Values,
    seq: usize,
) -> (Lines, (usize, usize)) {
    let lines = &file.lines;
    let (ki, segs) = yt::segments(lines, s, e);
    let prefix = lines[s][..ki.min(lines[s].len())].to_string();
    let fields = kind.fields();
    let present: BTreeSet<&str> = segs.iter().map(|g| g.key.as_str()).collect();
    // A field not written yet goes after the field before it in the model.
    let anchor_of = |f: &Field| -> String {
        let idx = fields.iter().position(|x| x.key == f.key).unwrap_or(0);
        fields[..idx]
            .iter()
            .rev()
            .find(|x| present.contains(x.key))
            .map_or_else(|| segs[0].key.clone(), |x| x.key.to_string())
    };
    let missing: Vec<&Field> = fields
        .iter()
        .filter(|f| !present.contains(f.key))
        .filter(|f| {
            values
                .get(f.key)
                .is_some_and(|v| !v.is_empty() && !is_default(f, v))
        })
        .collect();
    let mut item: Vec<String> = lines[s..segs.first().map_or(e, |g| g.start)].to_vec();
    for seg in &segs {
        let field = fields.iter().find(|f| f.key == seg.key);
        match (field, field.and_then(|f| values.get(f.key))) {
            (Some(f), Some(new)) => {
                let before = old.get(f.key);
                if before.is_some_and(|b| b.same_as(new)) {
                    item.extend(lines[seg.start..seg.end].iter().cloned());
                } else if new.is_empty() && !f.required {
                    item.extend(lines[seg.start..seg.key_line].iter().cloned());
                } else {
                    item.extend(lines[seg.start..seg.key_line].iter().cloned());
                    let mut made = field_lines(f, new, kind, ki, seq, Some((lines, seg)), before);
                    if seg.key_line == s
                        && let Some(first) = made.first_mut()
                    {
                        *first = format!("{prefix}{}", &first[ki.min(first.len())..]);
                    }
                    item.extend(made);
                }
            }
            _ => item.extend(lines[seg.start..seg.end].iter().cloned()),
        }
        for f in missing.iter().filter(|f| anchor_of(f) == seg.key) {
            if let Some(v) = values.get(f.key) {
                item.extend(field_lines(f, v, kind, ki, seq, None, None));
            }
        }
    }
    // The dash stays on the first line, whatever was left out.
    if let Some(first) = item.iter_mut().find(|l| !yt::is_filler(l))
        && !first.starts_with(&prefix)
    {
        *first = format!("{prefix}{}", &first[ki.min(first.len())..]);
    }
    let mut out = lines[..s].to_vec();
    let range = (s, s + item.len());
    out.extend(item);
    out.extend(lines[e..].iter().cloned());
    (
        Lines {
            lines: out,
            final_newline: file.final_newline,
        },
        range,
    )
}

/// A new item's lines, with its dash at column `d`.
fn new_item(kind: Kind, values: &Values, d: usize, seq: usize) -> Vec<String> {
    let ki = d + 2;
    let mut out = Vec::new();
    for f in kind.fields() {
        let Some(v) = values.get(f.key) else { continue };
        if v.is_empty() || is_default(f, v) {
            continue;
        }
        out.extend(field_lines(f, v, kind, ki, seq, None, None));
    }
    if let Some(first) = out.first_mut() {
        *first = format!("{}- {}", " ".repeat(d), &first[ki..]);
    }
    out
}

/// The file with a new item at the end of its list (the list is added
/// at the end of the file when there is none).
pub(crate) fn create(
    file: &Lines,
    kind: Kind,
    values: &Values,
) -> Result<(Lines, (usize, usize)), yt::Shape> {
    let lines = &file.lines;
    let list = yt::find_list(lines, kind.list_key())?;
    // The file's own indentation of lists, from any of its lists.
    let seq = list.as_ref().filter(|l| !l.items.is_empty()).map_or_else(
        || {
            Kind::ALL
                .iter()
                .filter_map(|k| yt::find_list(lines, k.list_key()).ok().flatten())
                .find(|l| !l.items.is_empty())
                .map_or(2, |l| l.dash_indent)
        },
        |l| l.dash_indent,
    );
    let item = new_item(kind, values, seq, seq);
    let mut out = lines.clone();
    let at = match &list {
        Some(l) if !l.items.is_empty() => {
            let n = l.items.len();
            let last_end = l.items[n - 1].1;
            // Items apart by a blank line get one before the new item too.
            let spaced = n >= 2
                && lines[l.items[n - 2].1..l.items[n - 1].0]
                    .iter()
                    .any(|x| x.trim().is_empty());
            let mut at = last_end;
            if spaced {
                out.insert(at, String::new());
                at += 1;
            }
            at
        }
        Some(l) => {
            // `key: []` or `key:` alone: the list starts here.
            let head = &lines[l.key_line];
            let comment = head
                .find(" #")
                .map(|i| head[i..].to_string())
                .unwrap_or_default();
            out[l.key_line] = format!("{}:{comment}", kind.list_key());
            l.key_line + 1
        }
        None => {
            if out.last().is_some_and(|l| !l.trim().is_empty()) {
                out.push(String::new());
            }
            out.push(format!("{}:", kind.list_key()));
            out.len()
        }
    };
    let range = (at, at + item.len());
    for (i, l) in item.into_iter().enumerate() {
        out.insert(at + i, l);
    }
    Ok((
        Lines {
            lines: out,
            final_newline: true,
        },
        range,
    ))
}

/// The file without item `at` of `list` (and without the blank line that
/// kept it apart from the next).
pub(crate) fn delete(file: &Lines, list: &yt::ListBlock, at: usize) -> Lines {
    let (mut s, mut e) = list.items[at];
    let mut out = file.lines.clone();
    // Comments just above the item (at its dash's column) are its own.
    while s > list.key_line + 1 && {
        let l = &out[s - 1];
        l.trim_start().starts_with('#') && yt::indent(l) == list.dash_indent
    } {
        s -= 1;
    }
    let last = at + 1 == list.items.len();
    if list.items.len() == 1 {
        let head = &out[list.key_line];
        let colon = head.find(':').unwrap_or(head.len());
        let rest = head[colon + 1..].to_string();
        out[list.key_line] = format!("{}: []{rest}", &head[..colon]);
    } else if !last {
        // The blank lines that kept it apart from the next item.
        while out.get(e).is_some_and(|l| l.trim().is_empty()) {
            e += 1;
        }
    } else {
        // The last item: the blank lines before it.
        while s > list.items[at - 1].1 && out[s - 1].trim().is_empty() {
            s -= 1;
        }
    }
    out.drain(s..e);
    Lines {
        lines: out,
        final_newline: file.final_newline,
    }
}
