//! Where each field of an item was written: a second, lenient reading of
//! a YAML file that keeps only the position and raw text of every value.
//! The typed reading cannot keep them without changing every field's type.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use crate::model::items::{FieldSpan, FieldSpans};

type Item = BTreeMap<String, Spanned<IgnoredAny>>;

/// The field spans of every item of an items file, by top-level key
/// (`findings`, `quotes`, …) and position in its list. Empty where the
/// file cannot be read this way (the typed reading reports the error).
pub(crate) fn item_spans(text: &str) -> BTreeMap<String, Vec<FieldSpans>> {
    let Ok(file) = serde_saphyr::from_str_with_options::<BTreeMap<String, Vec<Item>>>(
        text,
        super::yaml_options(),
    ) else {
        return BTreeMap::new();
    };
    let starts = value_starts(file.values().flatten());
    file.into_iter()
        .map(|(key, items)| {
            let spans = items
                .iter()
                .map(|it| spans_of(text, it, 0, &starts))
                .collect();
            (key, spans)
        })
        .collect()
}

/// The field spans of a front matter block that starts on line
/// `line_offset + 1` of its file.
pub(crate) fn map_spans(text: &str, line_offset: u32) -> FieldSpans {
    serde_saphyr::from_str_with_options::<Item>(text, super::yaml_options())
        .map(|m| spans_of(text, &m, line_offset, &value_starts([&m])))
        .unwrap_or_default()
}

/// Byte offsets where values start, sorted.
fn value_starts<'a>(items: impl IntoIterator<Item = &'a Item>) -> Vec<usize> {
    let mut v: Vec<usize> = items
        .into_iter()
        .flat_map(|it| it.values())
        .filter_map(|v| usize::try_from(v.referenced.span().byte_offset()?).ok())
        .collect();
    v.sort_unstable();
    v
}

/// The raw text of a value reaches at least to the end of its span, and on
/// to where the next value starts: for a nested mapping or list the span
/// covers only its first token, so the rest of the block is taken with it.
/// (What else comes along is the next key's name, which holds no data.)
fn spans_of(text: &str, item: &Item, line_offset: u32, starts: &[usize]) -> FieldSpans {
    item.iter()
        .filter_map(|(k, v)| {
            let loc = v.referenced;
            let line = u32::try_from(loc.line()).ok()?;
            let column = u32::try_from(loc.column()).ok()?;
            let span = loc.span();
            let raw = span
                .byte_offset()
                .and_then(|s| usize::try_from(s).ok())
                .map(|start| {
                    let own = span
                        .byte_len()
                        .and_then(|l| usize::try_from(l).ok())
                        .map_or(start, |l| start + l);
                    let next = starts
                        .iter()
                        .copied()
                        .find(|&s| s > start)
                        .unwrap_or(text.len());
                    let end = own.max(next).min(text.len());
                    text.get(start..end).unwrap_or_default().to_string()
                })
                .unwrap_or_default();
            (line > 0).then(|| {
                (
                    k.clone(),
                    FieldSpan {
                        line: line + line_offset,
                        column: column.max(1),
                        raw,
                    },
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_quoted_and_block_values() {
        let text = "quotes:\n  - id: q-a\n    context: \"Workshop, mars\"\n    text: |\n      Rad ett\n      Rad två 070-123\n  - id: q-b\n    text: Kort\n";
        let s = item_spans(text);
        let q = &s["quotes"];
        assert_eq!(q.len(), 2);
        let id = &q[0]["id"];
        assert_eq!((id.line, id.column), (2, 9));
        assert!(id.raw.starts_with("q-a\n"), "{:?}", id.raw);
        let ctx = &q[0]["context"];
        assert_eq!((ctx.line, ctx.column), (3, 14));
        assert!(ctx.raw.contains("Workshop, mars"), "{:?}", ctx.raw);
        let body = &q[0]["text"];
        assert!(body.raw.contains("Rad två 070-123"), "{:?}", body.raw);
        assert_eq!(q[1]["text"].line, 8);
    }

    #[test]
    fn nested_values_reach_to_the_next_field() {
        let text = "feedback:\n  - id: a\n    translations:\n      ar:\n        heard: x 070\n    last: z\n  - id: b\n    translations: { ar: { heard: y } }\n";
        let s = item_spans(text);
        let fb = &s["feedback"];
        let tr = &fb[0]["translations"];
        assert_eq!((tr.line, tr.column), (4, 7));
        assert!(tr.raw.contains("heard: x 070"), "{:?}", tr.raw);
        assert_eq!(fb[0]["last"].raw.trim_end(), "z\n  - id:");
        let last = &fb[1]["translations"];
        assert!(last.raw.contains("heard: y"), "{:?}", last.raw);
    }

    #[test]
    fn front_matter_lines_are_shifted() {
        let s = map_spans("title: Hej\nsummary: Kort\n", 1);
        assert_eq!(s["summary"].line, 3);
        assert_eq!(s["summary"].raw, "Kort\n");
    }

    #[test]
    fn unreadable_files_give_no_spans() {
        assert!(item_spans("findings: [oavslutad\n").is_empty());
        assert!(item_spans("- bara\n- en lista\n").is_empty());
    }
}
