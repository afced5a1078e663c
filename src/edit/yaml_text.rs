//! The lines of a YAML items file as written: where a list and each of its
//! items begin and end, where each key of an item begins and ends, and how
//! to write a value in the file's own style. Everything here works on
//! lines, so that what is not edited keeps every byte (comments included).

use crate::model::items::{TimelineEntry, Translations};

/// A file's text as lines (without their `\n`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    pub lines: Vec<String>,
    /// The text ended with a newline.
    pub final_newline: bool,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let final_newline = text.ends_with('\n');
        let body = text.strip_suffix('\n').unwrap_or(text);
        let lines = if text.is_empty() {
            Vec::new()
        } else {
            body.split('\n').map(str::to_string).collect()
        };
        Lines {
            lines,
            final_newline: final_newline || text.is_empty(),
        }
    }

    pub fn text(&self) -> String {
        let mut s = self.lines.join("\n");
        if self.final_newline && !self.lines.is_empty() {
            s.push('\n');
        }
        s
    }
}

pub fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Blank or only a comment.
pub fn is_filler(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// A dash that starts a list entry at `at`: `- x` or a lone `-`.
fn dash_at(line: &str, at: usize) -> bool {
    indent(line) == at && {
        let rest = &line[at..];
        rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t")
    }
}

/// A top-level list in block style: `key:` and its `- ` entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListBlock {
    pub key_line: usize,
    /// Column of the entries' dashes.
    pub dash_indent: usize,
    /// Each entry's lines `[start, end)`, without the blank and comment
    /// lines after it.
    pub items: Vec<(usize, usize)>,
}

/// Why a list cannot be edited line by line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Written as `key: [ … ]` or `key: { … }`.
    Flow,
}

/// The top-level list `key` of a file, if there is one.
pub fn find_list(lines: &[String], key: &str) -> Result<Option<ListBlock>, Shape> {
    let head = format!("{key}:");
    let Some(key_line) = lines.iter().position(|l| {
        let l = l.strip_prefix('\u{feff}').unwrap_or(l);
        l.starts_with(&head) && is_filler(&l[head.len()..])
            || l.strip_prefix(&head)
                .is_some_and(|r| r.starts_with(' ') && r.trim_start().starts_with(['[', '{']))
    }) else {
        return Ok(None);
    };
    let first = &lines[key_line];
    let first = first.strip_prefix('\u{feff}').unwrap_or(first);
    if !is_filler(&first[head.len()..]) {
        return Err(Shape::Flow);
    }
    let mut i = key_line + 1;
    while i < lines.len() && is_filler(&lines[i]) {
        i += 1;
    }
    let Some(dash_line) = lines.get(i) else {
        return Ok(Some(ListBlock {
            key_line,
            dash_indent: 2,
            items: Vec::new(),
        }));
    };
    let d = indent(dash_line);
    if !dash_at(dash_line, d) {
        // `key:` followed by the next key: an empty list.
        return Ok(Some(ListBlock {
            key_line,
            dash_indent: 2,
            items: Vec::new(),
        }));
    }
    let items = entries(lines, i, lines.len(), d);
    Ok(Some(ListBlock {
        key_line,
        dash_indent: d,
        items,
    }))
}

/// The entries of a block list whose dashes are at column `d`, from line
/// `from` until a line that ends the list (before `to`).
pub fn entries(lines: &[String], from: usize, to: usize, d: usize) -> Vec<(usize, usize)> {
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut last_content = from;
    let mut i = from;
    while i < to {
        let l = &lines[i];
        if is_filler(l) {
            i += 1;
            continue;
        }
        let ind = indent(l);
        if dash_at(l, d) {
            if let Some(last) = items.last_mut() {
                last.1 = last_content + 1;
            }
            items.push((i, i + 1));
        } else if ind <= d {
            break;
        }
        last_content = i;
        i += 1;
    }
    if let Some(last) = items.last_mut() {
        last.1 = last_content + 1;
    }
    items
}

/// One key of an item and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub key: String,
    /// First line, with the comments and blank lines just before the key.
    pub start: usize,
    /// The line with `key:`.
    pub key_line: usize,
    /// One past the last line.
    pub end: usize,
}

/// The keys of the item at `lines[start..end]` (its first line holds the
/// dash) and the column they are written at.
pub fn segments(lines: &[String], start: usize, end: usize) -> (usize, Vec<Segment>) {
    let dash = indent(&lines[start]);
    let after = &lines[start][dash + 1..];
    let (ki, first_key_line) = if after.trim().is_empty() {
        let next = (start + 1..end)
            .find(|&i| !is_filler(&lines[i]))
            .unwrap_or(start + 1);
        (lines.get(next).map_or(dash + 2, |l| indent(l)), next)
    } else {
        (dash + 1 + indent(after), start)
    };
    let mut segs: Vec<Segment> = Vec::new();
    // Blank lines and comments at the keys' column since the last content
    // line: they belong to the key below them.
    let mut pending: Option<usize> = None;
    for (i, l) in lines.iter().enumerate().take(end).skip(first_key_line) {
        if i == first_key_line || (!is_filler(l) && indent(l) == ki) {
            let text = if i == start {
                &l[ki.min(l.len())..]
            } else {
                l.trim_start()
            };
            let key = key_of(text);
            let seg_start = pending.take().unwrap_or(i);
            if let Some(last) = segs.last_mut() {
                last.end = seg_start;
            }
            segs.push(Segment {
                key,
                start: seg_start,
                key_line: i,
                end,
            });
        } else if l.trim().is_empty() || (is_filler(l) && indent(l) <= ki) {
            pending.get_or_insert(i);
        } else {
            pending = None;
        }
    }
    (ki, segs)
}

/// The key of a `key: value` line's text (without quotes).
pub fn key_of(text: &str) -> String {
    text.split(':')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\''])
        .to_string()
}

/// How the value of a key was written (to write a new value the same way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    #[default]
    Plain,
    Single,
    Double,
    Block,
    Flow,
}

/// The style of the value on a key's line (and below it).
pub fn style_of(lines: &[String], seg: &Segment) -> Style {
    let l = &lines[seg.key_line];
    let Some((_, v)) = l.split_once(':') else {
        return Style::Plain;
    };
    let v = v.trim_start();
    match v.chars().next() {
        Some('"') => Style::Double,
        Some('\'') => Style::Single,
        Some('|' | '>') => Style::Block,
        Some('[' | '{') => Style::Flow,
        _ => Style::Plain,
    }
}

/// Whether `s` can be written without quotes and read back as the same
/// text (conservative: anything YAML could read as another type is quoted).
pub fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s != s.trim() || s.contains(['\n', '\r', '\t']) || s.chars().any(char::is_control) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
    ) {
        return false;
    }
    // Numbers, dates and times read as something else.
    let numeric = s
        .chars()
        .all(|c| c.is_ascii_digit() || "+-.:_eE".contains(c));
    !(numeric && s.chars().any(|c| c.is_ascii_digit())
        || lower.starts_with(".inf")
        || lower == ".nan")
}

/// A date as a timeline writes it (`2026-03` or `2026-03-18`).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (b.len() == 7 || b.len() == 10)
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && (b.len() == 7 || (b[7] == b'-' && digits(8..10)))
}

pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One scalar on one line, in `style` where it can be.
pub fn scalar(s: &str, style: Style) -> String {
    match style {
        Style::Single if !s.contains(['\n', '\r']) && !s.chars().any(char::is_control) => {
            format!("'{}'", s.replace('\'', "''"))
        }
        Style::Double => double_quoted(s),
        _ if plain_ok(s) => s.to_string(),
        _ => double_quoted(s),
    }
}

/// A number as written (plain when it is one, quoted otherwise so that the
/// typed reading reports it).
pub fn number(s: &str) -> String {
    let t = s.trim();
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        t.to_string()
    } else {
        double_quoted(t)
    }
}

/// Text as a YAML block can hold it: any line break a `\n`, no other
/// control character (a tab can stay).
pub fn block_text(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// `key: value` at column `at`, with a Markdown text as a literal block.
pub fn text_lines(at: usize, key: &str, value: &str, style: Style, markdown: bool) -> Vec<String> {
    let pad = " ".repeat(at);
    let value = block_text(value);
    let multi = value.trim_end_matches('\n').contains('\n');
    if markdown && (multi || style == Style::Block) {
        let body = value.trim_end_matches('\n');
        // A first text line that starts with a space or tab needs the
        // indentation said (YAML would take it from that line).
        let first = body
            .split('\n')
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let indicator = if first.starts_with([' ', '\t']) {
            "|2"
        } else {
            "|"
        };
        let mut out = vec![format!("{pad}{key}: {indicator}")];
        for l in body.split('\n') {
            let l = l.trim_end();
            if l.is_empty() {
                out.push(String::new());
            } else {
                out.push(format!("{pad}  {l}"));
            }
        }
        return out;
    }
    let style = if style == Style::Block {
        Style::Plain
    } else {
        style
    };
    vec![format!(
        "{pad}{key}: {}",
        scalar(value.trim_end_matches('\n'), style)
    )]
}

/// A list of ids, flow style (`[a, b]`) or a block list.
pub fn list_lines(at: usize, key: &str, values: &[String], flow: bool, seq: usize) -> Vec<String> {
    let pad = " ".repeat(at);
    if flow {
        let inner: Vec<String> = values.iter().map(|v| scalar(v, Style::Plain)).collect();
        return vec![format!("{pad}{key}: [{}]", inner.join(", "))];
    }
    let mut out = vec![format!("{pad}{key}:")];
    let dash = " ".repeat(at + seq);
    out.extend(
        values
            .iter()
            .map(|v| format!("{dash}- {}", scalar(v, Style::Plain))),
    );
    out
}

/// One timeline entry as a list entry with its dash at column `at`.
pub fn timeline_entry(at: usize, e: &TimelineEntry) -> Vec<String> {
    let pad = " ".repeat(at);
    let date = if is_date(&e.date.value) {
        e.date.value.clone()
    } else {
        scalar(&e.date.value, Style::Plain)
    };
    let mut out = vec![format!("{pad}- date: {date}")];
    out.extend(text_lines(at + 2, "text", &e.text, Style::Plain, false));
    if e.translations.values().any(|t| !t.trim().is_empty()) {
        out.push(format!("{pad}  translations:"));
        for (lang, t) in e.translations.iter().filter(|(_, t)| !t.trim().is_empty()) {
            out.extend(text_lines(at + 4, lang, t, Style::Plain, false));
        }
    }
    out
}

/// `translations:` in block style: language, then its fields.
pub fn translation_lines(at: usize, tr: &Translations, markdown: &[&str]) -> Vec<String> {
    let pad = " ".repeat(at);
    let mut out = vec![format!("{pad}translations:")];
    for (lang, fields) in tr {
        out.push(format!("{pad}  {lang}:"));
        for (k, v) in fields {
            out.extend(text_lines(
                at + 4,
                k,
                v,
                Style::Plain,
                markdown.contains(&k.as_str()),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        Lines::new(s).lines
    }

    #[test]
    fn lists_and_items_are_found_with_their_lines() {
        let l = lines(
            "# Om filen\npriorities:\n  - id: a\n    rank: 1\n\n  # Nästa\n  - id: b\n    title: B\n\nfindings:\n- id: c\n",
        );
        let p = find_list(&l, "priorities").unwrap().unwrap();
        assert_eq!(p.dash_indent, 2);
        assert_eq!(p.items, vec![(2, 4), (6, 8)]);
        let f = find_list(&l, "findings").unwrap().unwrap();
        assert_eq!((f.dash_indent, f.items.clone()), (0, vec![(10, 11)]));
        assert_eq!(find_list(&l, "actors"), Ok(None));
        assert_eq!(
            find_list(&lines("places: [{id: a}]\n"), "places"),
            Err(Shape::Flow)
        );
    }

    #[test]
    fn keys_of_an_item_keep_their_comments_and_blocks() {
        let l = lines(
            "x:\n  - id: a\n    # om texten\n    text: |\n      rad\n\n      rad\n    rank: 2\n",
        );
        let (ki, s) = segments(&l, 1, 8);
        assert_eq!(ki, 4);
        let keys: Vec<_> = s
            .iter()
            .map(|s| (s.key.as_str(), s.start, s.key_line, s.end))
            .collect();
        assert_eq!(
            keys,
            vec![("id", 1, 1, 2), ("text", 2, 3, 7), ("rank", 7, 7, 8)]
        );
    }

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(scalar("Våren 2026", Style::Plain), "Våren 2026");
        assert_eq!(scalar("2026", Style::Plain), "\"2026\"");
        assert_eq!(scalar("ja: nej", Style::Plain), "\"ja: nej\"");
        assert_eq!(scalar("yes", Style::Plain), "\"yes\"");
        assert_eq!(scalar("# inte", Style::Plain), "\"# inte\"");
        assert_eq!(scalar("Det är så", Style::Single), "'Det är så'");
        assert_eq!(scalar("it's", Style::Single), "'it''s'");
        assert_eq!(scalar("a\"b", Style::Double), "\"a\\\"b\"");
        assert!(is_date("2026-03-18") && is_date("2026-09") && !is_date("2026"));
        assert_eq!(number("12"), "12");
        assert_eq!(number("tolv"), "\"tolv\"");
    }

    #[test]
    fn markdown_becomes_a_literal_block() {
        assert_eq!(
            text_lines(4, "action", "Rad ett\n\nRad två\n", Style::Plain, true),
            vec!["    action: |", "      Rad ett", "", "      Rad två"]
        );
        assert_eq!(
            text_lines(4, "action", "Kort", Style::Plain, true),
            vec!["    action: Kort"]
        );
        assert_eq!(
            text_lines(4, "action", "Kort", Style::Block, true),
            vec!["    action: |", "      Kort"]
        );
        // A carriage return alone cannot end the block and start a key.
        assert_eq!(
            text_lines(4, "action", "a\rfindings: x\u{7}\n", Style::Plain, true),
            vec!["    action: |", "      a", "      findings: x"]
        );
        assert_eq!(
            text_lines(2, "text", "\n  kod\nrad", Style::Plain, true),
            vec!["  text: |2", "", "      kod", "    rad"]
        );
    }
}
