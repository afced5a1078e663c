//! The indentation structure of a YAML file as a writer sees it, read line
//! by line before (and independently of) the YAML parser, to tell what a
//! mistake really is. A parser that meets `kind:` two spaces too far left
//! says "missing field `kind`" or "did not find expected '-' indicator";
//! the writer sees the field right there. This module finds:
//!
//! - a field indented differently from the other fields of its item;
//! - a list item whose `-` is in another column than its siblings';
//! - a list item written without its `-`;
//! - a tab in the indentation;
//! - a colon without a space after it (`rank:1`);
//! - an unquoted `: ` inside a text;
//! - a field written twice in one item.
//!
//! It reads block-style YAML as volunteers write it (the files kartsite
//! documents); flow collections, block scalars and quoted texts are
//! stepped over. It never decides whether a file is valid — the parser
//! does — it only explains an error the parser already found.

use crate::messages::Msg;
use crate::msg;

/// What is wrong with one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Mistake {
    /// A field whose indentation matches no open mapping.
    Indented {
        key: String,
        spaces: usize,
        expected: usize,
        from_line: usize,
        noun: &'static str,
    },
    /// A `-` in another column than the other items of its list.
    DashColumn {
        column: usize,
        expected: usize,
        from_line: usize,
    },
    /// A new item written without its `-`.
    MissingDash { key: String, dash_column: usize },
    /// A tab in the indentation.
    Tab,
    /// `key:value` without the space.
    NoSpace { key: String, value: String },
    /// An unquoted `: ` inside a text value.
    ColonInText { key: String, value: String },
    /// A field given twice in one mapping.
    Duplicate { key: String, first_line: usize },
    /// A line of a `key: |` text indented less than the text above it.
    BlockText {
        key: String,
        spaces: usize,
        expected: usize,
    },
}

/// A mistake at a place: 1-based line and column in the YAML text, and
/// the line as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shape {
    pub(super) line: usize,
    pub(super) column: usize,
    pub(super) text: String,
    pub(super) mistake: Mistake,
}

impl Shape {
    /// The field the mistake is about, if any.
    pub(super) fn key(&self) -> Option<&str> {
        match &self.mistake {
            Mistake::Indented { key, .. }
            | Mistake::MissingDash { key, .. }
            | Mistake::NoSpace { key, .. }
            | Mistake::ColonInText { key, .. }
            | Mistake::Duplicate { key, .. }
            | Mistake::BlockText { key, .. } => Some(key),
            Mistake::DashColumn { .. } | Mistake::Tab => None,
        }
    }

    /// The message and the hint, in plain words; `offset` is added to the
    /// line numbers they name (front matter starts on line 2 of a page).
    pub(super) fn explain(&self, offset: usize) -> (Msg, Msg) {
        match &self.mistake {
            Mistake::Indented {
                key,
                spaces,
                expected,
                from_line,
                noun,
            } => (
                match this_item(noun) {
                    None => msg!(
                        "yaml.indented",
                        key = key,
                        n = *spaces,
                        line = from_line + offset,
                        expected = *expected
                    ),
                    Some(item) => msg!(
                        "yaml.indented-in",
                        key = key,
                        n = *spaces,
                        item = item,
                        line = from_line + offset,
                        expected = *expected
                    ),
                },
                msg!("yaml.indented-hint", key = key, column = expected + 1),
            ),
            Mistake::DashColumn {
                column,
                expected,
                from_line,
            } => (
                msg!(
                    "yaml.dash-column",
                    column = column + 1,
                    line = from_line + offset,
                    expected = expected + 1
                ),
                msg!("yaml.dash-column-hint", column = expected + 1),
            ),
            Mistake::MissingDash { key, dash_column } => (
                msg!("yaml.missing-dash"),
                msg!(
                    "yaml.missing-dash-hint",
                    key = key,
                    column = dash_column + 1
                ),
            ),
            Mistake::Tab => (msg!("yaml.tab-line"), msg!("yaml.tab-line-hint")),
            Mistake::NoSpace { key, value } => (
                msg!("yaml.no-space", key = key, value = value),
                msg!("yaml.no-space-hint", key = key, value = value),
            ),
            Mistake::ColonInText { key, value } => (
                msg!("yaml.colon-in-text", key = key),
                msg!(
                    "yaml.quote-hint",
                    key = key,
                    text = value.replace('\\', "\\\\").replace('"', "\\\"")
                ),
            ),
            Mistake::BlockText {
                key,
                spaces,
                expected,
            } => (
                msg!(
                    "yaml.block-text",
                    key = key,
                    n = *spaces,
                    expected = *expected
                ),
                msg!("yaml.block-text-hint", expected = *expected),
            ),
            Mistake::Duplicate { key, first_line } => (
                msg!("yaml.duplicate", key = key, line = first_line + offset),
                msg!("yaml.duplicate-hint"),
            ),
        }
    }
}

/// "this actor", "this finding", … in the language of the messages.
fn this_item(noun: &str) -> Option<Msg> {
    Some(match noun {
        "" => return None,
        "finding" => msg!("yaml.this.finding"),
        "priority" => msg!("yaml.this.priority"),
        "feedback" => msg!("yaml.this.feedback"),
        "actor" => msg!("yaml.this.actor"),
        "place" => msg!("yaml.this.place"),
        "quote" => msg!("yaml.this.quote"),
        "key person" => msg!("yaml.this.key-person"),
        "timeline entry" => msg!("yaml.this.timeline-entry"),
        "glossary entry" => msg!("yaml.this.glossary-entry"),
        "entry" => msg!("yaml.this.entry"),
        "link" => msg!("yaml.this.link"),
        "chart" => msg!("yaml.this.chart"),
        "meeting" => msg!("yaml.this.meeting"),
        _ => msg!("yaml.this.item"),
    })
}

/// The noun for an item of a list under `key` (`actors:` → "actor").
fn noun_for(list_key: Option<&str>) -> &'static str {
    match list_key.unwrap_or("item") {
        "findings" => "finding",
        "priorities" => "priority",
        "feedback" => "feedback",
        "actors" => "actor",
        "places" => "place",
        "quotes" => "quote",
        "key_persons" => "key person",
        "timeline" => "timeline entry",
        "glossary" => "glossary entry",
        "work" => "entry",
        "links" => "link",
        "charts" => "chart",
        "meetings" => "meeting",
        _ => "item",
    }
}

#[derive(Debug)]
enum Frame {
    Map {
        col: usize,
        from_line: usize,
        keys: Vec<(String, usize)>,
        /// The key of the list this mapping is an item of.
        list_key: Option<String>,
    },
    Seq {
        col: usize,
        from_line: usize,
        /// The key whose value the list is.
        key: Option<String>,
        /// The first key of its first item (`id`), to recognise an item
        /// written without its dash.
        first_key: Option<String>,
    },
}

impl Frame {
    fn col(&self) -> usize {
        match self {
            Frame::Map { col, .. } | Frame::Seq { col, .. } => *col,
        }
    }
}

/// One line split into its parts.
struct Parsed<'a> {
    indent: usize,
    /// Columns (0-based) of the `-` indicators at the start.
    dashes: Vec<usize>,
    /// Column where the content after indentation and dashes starts.
    content_col: usize,
    content: &'a str,
}

fn parse_line(text: &str) -> Parsed<'_> {
    let indent = text.len() - text.trim_start_matches(' ').len();
    let mut rest = &text[indent..];
    let mut col = indent;
    let mut dashes = Vec::new();
    while rest == "-" || rest.starts_with("- ") {
        dashes.push(col);
        let after = rest[1..].trim_start_matches(' ');
        col += rest.len() - after.len();
        rest = after;
    }
    Parsed {
        indent,
        dashes,
        content_col: col,
        content: rest,
    }
}

/// `key: value` or `key:` at the start of `content`: the key and the value
/// (trimmed, comments not removed).
fn split_key(content: &str) -> Option<(&str, &str)> {
    let first = content.chars().next()?;
    if "[]{}#&*!|>'\"%@`,?-".contains(first) {
        return None;
    }
    let bytes = content.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            let key = content[..i].trim_end();
            if key.is_empty() || key.contains(" #") {
                return None;
            }
            return Some((key, content[i + 1..].trim()));
        }
        if bytes[i] == b'#' && i > 0 && bytes[i - 1] == b' ' {
            return None;
        }
        i += 1;
    }
    None
}

/// `key:value` with no space: a plain key of letters, digits, `_` and `-`
/// glued to its value (not `https://`, not a time like `18:00`).
fn glued_key(content: &str) -> Option<(&str, &str)> {
    let (key, value) = content.split_once(':')?;
    let simple = !key.is_empty()
        && key
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let value = value.trim_end();
    (simple && !value.is_empty() && !value.starts_with(' ') && !value.starts_with("//"))
        .then_some((key, value))
}

/// The value opens a block scalar (`|`, `>-`, `|2` …).
fn is_block_scalar(value: &str) -> bool {
    let v = value.split(" #").next().unwrap_or("").trim();
    let mut chars = v.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

/// The value opens a nested block on the next lines (nothing, or only an
/// anchor or a tag, or a comment).
fn opens_block(value: &str) -> bool {
    let v = value.split(" #").next().unwrap_or("").trim();
    v.is_empty() || v.starts_with('#') || (v.starts_with(['&', '!']) && !v.contains(' '))
}

/// Flow brackets left open on this line (outside quotes).
fn open_brackets(value: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in value.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, '#') => break,
            _ => {}
        }
    }
    depth
}

/// A plain (unquoted) value that holds `: ` — an error in YAML.
fn colon_in_plain(value: &str) -> Option<usize> {
    let first = value.chars().next()?;
    if "\"'[{|>&*!#".contains(first) {
        return None;
    }
    let v = value.split(" #").next().unwrap_or(value);
    v.find(": ")
        .or_else(|| v.ends_with(':').then(|| v.len() - 1))
}

/// Every mistake found in `source`, in line order.
pub(super) fn mistakes(source: &str) -> Vec<Shape> {
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut ahead = Ahead::default();
    // The block text that just ended: its key and the indentation of its
    // first line (to tell a text line that slipped out of it).
    let mut scalar_indent: Option<usize> = None;
    let mut scalar_ended: Option<(String, usize)>;
    // The first field of the file (its line, key and text), while the
    // file has one mapping.
    let mut root_first: Option<(usize, String, String)> = None;

    for (idx, raw) in source.lines().enumerate() {
        let no = idx + 1;
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = text.trim();
        if let Some(limit) = ahead.scalar_above {
            let indent = text.len() - text.trim_start_matches([' ', '\t']).len();
            if trimmed.is_empty() || indent > limit {
                if !trimmed.is_empty() && scalar_indent.is_none() {
                    scalar_indent = Some(indent);
                }
                continue;
            }
            ahead.scalar_above = None;
            scalar_ended = ahead.scalar_key.take().zip(scalar_indent.take());
        } else {
            scalar_ended = None;
        }
        if ahead.flow_depth > 0 {
            ahead.flow_depth += open_brackets(text);
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed == "---" || trimmed == "..." {
            stack.clear();
            ahead.pending = None;
            ahead.plain_above = None;
            continue;
        }
        let p = parse_line(text);
        let shape = |column: usize, mistake: Mistake| Shape {
            line: no,
            column: column + 1,
            text: text.to_string(),
            mistake,
        };
        if p.content.starts_with('\t') && p.dashes.is_empty() {
            out.push(shape(p.indent, Mistake::Tab));
            ahead.pending = None;
            continue;
        }
        let key = split_key(p.content);
        if let Some((k, expected)) = scalar_ended.take()
            && p.dashes.is_empty()
            && key.is_none()
            && glued_key(p.content).is_none()
        {
            out.push(shape(
                p.indent,
                Mistake::BlockText {
                    key: k,
                    spaces: p.indent,
                    expected,
                },
            ));
            continue;
        }
        // A continuation line of a plain text above it.
        if p.dashes.is_empty()
            && key.is_none()
            && ahead.plain_above.is_some_and(|c| p.indent > c)
            && ahead.pending.is_none()
        {
            if let Some((k, v)) = glued_key(p.content) {
                out.push(shape(
                    p.indent,
                    Mistake::NoSpace {
                        key: k.into(),
                        value: v.into(),
                    },
                ));
            }
            continue;
        }

        // Dashes: list items.
        for (n, &d) in p.dashes.iter().enumerate() {
            let mut d = d;
            let opened = if n == 0 { ahead.pending.take() } else { None };
            match opened {
                Some((kc, k)) if d >= kc => {
                    stack.push(Frame::Seq {
                        col: d,
                        from_line: no,
                        key: Some(k),
                        first_key: None,
                    });
                }
                _ if n > 0 => {
                    stack.push(Frame::Seq {
                        col: d,
                        from_line: no,
                        key: None,
                        first_key: None,
                    });
                }
                _ => {
                    // Find the list this item belongs to.
                    // The open list whose dashes are nearest this one
                    // (the innermost on a tie).
                    let seq = stack
                        .iter()
                        .rev()
                        .filter_map(|f| match f {
                            Frame::Seq { col, from_line, .. } => Some((*col, *from_line)),
                            Frame::Map { .. } => None,
                        })
                        .min_by_key(|(c, _)| c.abs_diff(d));
                    let exact = stack
                        .iter()
                        .any(|f| matches!(f, Frame::Seq { col, .. } if *col == d));
                    if !exact
                        && let Some((c, from)) = seq
                        && c.abs_diff(d) <= 2
                    {
                        out.push(shape(
                            d,
                            Mistake::DashColumn {
                                column: d,
                                expected: c,
                                from_line: from,
                            },
                        ));
                        d = c;
                    }
                    while stack.last().is_some_and(|f| f.col() > d) {
                        stack.pop();
                    }
                    // A mapping at the dash's column holds the list
                    // without indentation (`key:\n- item`): stay in it.
                    if !matches!(stack.last(), Some(Frame::Seq { col, .. }) if *col == d) {
                        stack.push(Frame::Seq {
                            col: d,
                            from_line: no,
                            key: None,
                            first_key: None,
                        });
                    }
                }
            }
        }
        if !p.dashes.is_empty() {
            ahead.plain_above = None;
            match key {
                Some((k, v)) => {
                    let list_key = match stack.last_mut() {
                        Some(Frame::Seq { key, first_key, .. }) => {
                            if first_key.is_none() {
                                *first_key = Some(k.to_string());
                            }
                            key.clone()
                        }
                        _ => None,
                    };
                    stack.push(Frame::Map {
                        col: p.content_col,
                        from_line: no,
                        keys: vec![(k.to_string(), no)],
                        list_key,
                    });
                    ahead.after_key(&p, k, v, no, text, &mut out);
                }
                None => {
                    let v = p.content;
                    if is_block_scalar(v) {
                        ahead.scalar_above = p.dashes.last().copied();
                    } else {
                        ahead.flow_depth = open_brackets(v).max(0);
                    }
                }
            }
            continue;
        }

        // A line without a dash.
        let Some((k, v)) = key else {
            if let Some((k, v)) = glued_key(p.content) {
                out.push(shape(
                    p.indent,
                    Mistake::NoSpace {
                        key: k.into(),
                        value: v.into(),
                    },
                ));
            }
            ahead.pending = None;
            continue;
        };
        let i = p.indent;
        match ahead.pending.take() {
            Some((kc, _)) if i > kc => {
                stack.push(Frame::Map {
                    col: i,
                    from_line: no,
                    keys: Vec::new(),
                    list_key: None,
                });
            }
            _ if stack.is_empty() => {
                stack.push(Frame::Map {
                    col: i,
                    from_line: no,
                    keys: Vec::new(),
                    list_key: None,
                });
                root_first = Some((no, k.to_string(), text.to_string()));
            }
            // The first field of the file is the one out of line (the
            // others start further left): say so at the first field.
            // (No `if let` guard: the MSRV, 1.92, does not have them.)
            _ if stack.len() == 1 && stack[0].col() > i && root_first.is_some() => {
                if let Some((first_no, first_key, first_text)) = root_first.take() {
                    out.push(Shape {
                        line: first_no,
                        column: stack[0].col() + 1,
                        text: first_text,
                        mistake: Mistake::Indented {
                            key: first_key,
                            spaces: stack[0].col(),
                            expected: i,
                            from_line: no,
                            noun: "",
                        },
                    });
                }
                if let Some(Frame::Map { col, .. }) = stack.first_mut() {
                    *col = i;
                }
            }
            _ => {
                let exact = stack
                    .iter()
                    .any(|f| matches!(f, Frame::Map { col, .. } if *col == i));
                if !exact {
                    let innermost = stack.iter().rev().find_map(|f| match f {
                        Frame::Map {
                            col,
                            from_line,
                            list_key,
                            ..
                        } => Some((*col, *from_line, list_key.clone())),
                        Frame::Seq { .. } => None,
                    });
                    let dash_here = stack.iter().find_map(|f| match f {
                        Frame::Seq { col, first_key, .. } if *col == i => Some(first_key.clone()),
                        _ => None,
                    });
                    match (dash_here, innermost) {
                        (Some(Some(first)), _) if first == k => {
                            out.push(shape(
                                i,
                                Mistake::MissingDash {
                                    key: k.into(),
                                    dash_column: i,
                                },
                            ));
                            // Read on as if the dash were there.
                            while stack.last().is_some_and(|f| f.col() > i) {
                                stack.pop();
                            }
                            stack.push(Frame::Map {
                                col: i + 2,
                                from_line: no,
                                keys: Vec::new(),
                                list_key: None,
                            });
                        }
                        (_, Some((c, from, list_key))) => {
                            out.push(shape(
                                i,
                                Mistake::Indented {
                                    key: k.into(),
                                    spaces: i,
                                    expected: c,
                                    from_line: from,
                                    noun: noun_for(list_key.as_deref()),
                                },
                            ));
                            // Read on as if it were in line.
                            while stack.last().is_some_and(|f| f.col() > c) {
                                stack.pop();
                            }
                        }
                        _ => {}
                    }
                } else {
                    while stack.last().is_some_and(|f| f.col() > i) {
                        stack.pop();
                    }
                }
            }
        }
        if let Some(Frame::Map { keys, .. }) = stack.last_mut() {
            if let Some((_, first)) = keys.iter().find(|(have, _)| have == k) {
                out.push(shape(
                    p.content_col,
                    Mistake::Duplicate {
                        key: k.into(),
                        first_line: *first,
                    },
                ));
            } else {
                keys.push((k.to_string(), no));
            }
        }
        ahead.after_key(&p, k, v, no, text, &mut out);
    }
    out
}

/// What the lines below a line should be read as, from what the line
/// opened.
#[derive(Default)]
struct Ahead {
    /// A key opened a block: (its column, the key).
    pending: Option<(usize, String)>,
    /// Lines more indented than this belong to a block scalar.
    scalar_above: Option<usize>,
    /// The key of that block scalar.
    scalar_key: Option<String>,
    /// Inside a flow collection spanning lines.
    flow_depth: i32,
    /// The last mapping column whose plain value may continue below.
    plain_above: Option<usize>,
}

impl Ahead {
    /// What the value after `key:` opens or holds (and an unquoted `: `
    /// in it, a mistake of its own line).
    fn after_key(
        &mut self,
        p: &Parsed<'_>,
        k: &str,
        v: &str,
        no: usize,
        text: &str,
        out: &mut Vec<Shape>,
    ) {
        self.plain_above = None;
        if is_block_scalar(v) {
            self.scalar_above = Some(p.content_col);
            self.scalar_key = Some(k.to_string());
        } else if opens_block(v) {
            self.pending = Some((p.content_col, k.to_string()));
        } else if v.starts_with(['[', '{']) {
            self.flow_depth = open_brackets(v).max(0);
        } else if v.starts_with('"') || v.starts_with('\'') {
            // Quoted texts rarely span lines in these files; nothing to do.
        } else {
            if let Some(at) = colon_in_plain(v) {
                // `v` is a slice of `text`: its byte offset in the line.
                let start = (v.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
                let col = (start + at).min(text.len());
                out.push(Shape {
                    line: no,
                    column: text[..col].chars().count() + 1,
                    text: text.to_string(),
                    mistake: Mistake::ColonInText {
                        key: k.into(),
                        value: v.split(" #").next().unwrap_or(v).trim().into(),
                    },
                });
            }
            self.plain_above = Some(p.content_col);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(src: &str) -> Vec<(usize, usize, Mistake)> {
        mistakes(src)
            .into_iter()
            .map(|s| (s.line, s.column, s.mistake))
            .collect()
    }

    const GOOD: &str = "\
# A comment
actors:
  - id: a-ekbyhem
    name: Ekbyhem
    kind: municipality
    does: |
      Kommunens bostadsbolag.

        Indented text: with a colon inside a block.
    for_whom: Hyresgäster
    cooperates_with: [a-hyresgastforeningen,
      a-samhallsbyggnad]
    work:
      - { need_area: trygghet, for: alla, does: \"Vandringar\" }
    places:
      - p-torg
    contact: >-
      Områdeskontoret, norrbacka@ekbyhem.invalid
  - id: a-polisen
    name: Polisen
    kind: authority
    when: kl. 18:00
    url: https://polisen.se
    title: Ett långt namn
      som fortsätter på nästa rad
priorities:
- id: pr-x
  rank: 1
  timeline:
  - date: 2026-03
    text: Klart.
  - date: 2026-04
    text: \"Citat: med kolon\"
";

    #[test]
    fn valid_files_have_no_mistakes() {
        assert_eq!(found(GOOD), vec![]);
        assert_eq!(
            found("title: Statistik\norder: 2\nanswers: [a, b]\n"),
            vec![]
        );
    }

    #[test]
    fn a_field_out_of_line_with_its_siblings() {
        // Less indented (under the dash), one space out, more indented.
        for (src, key, spaces, noun) in [
            (
                "actors:\n  - id: a\n    name: A\n  kind: civil_society\n    does: x\n",
                "kind",
                2,
                "actor",
            ),
            (
                "actors:\n  - id: a\n   name: A\n    kind: x\n",
                "name",
                3,
                "actor",
            ),
            (
                "findings:\n  - id: f\n    title: T\n      need_area: halsa\n",
                "need_area",
                6,
                "finding",
            ),
        ] {
            let m = mistakes(src);
            let expected = Mistake::Indented {
                key: key.into(),
                spaces,
                expected: 4,
                from_line: 2,
                noun,
            };
            assert_eq!(m.first().map(|s| &s.mistake), Some(&expected), "{src}");
            assert_eq!(m[0].column, spaces + 1, "{src}");
        }
        let m = mistakes("actors:\n  - id: a\n    name: A\n  kind: civil_society\n");
        assert_eq!(
            m[0].explain(0).0.render(crate::messages::Lang::En),
            "`kind` is indented 2 spaces; the other fields of this actor, from line 2, are indented 4"
        );
    }

    #[test]
    fn a_dash_in_the_wrong_column() {
        // After a sibling item, and after a nested list of the item above.
        for (src, line) in [
            (
                "places:\n  - id: a\n    name: A\n   - id: b\n     name: B\n",
                4,
            ),
            (
                "actors:\n  - id: a\n    work:\n      - { need_area: x }\n\n   - id: b\n",
                6,
            ),
        ] {
            let dash = Mistake::DashColumn {
                column: 3,
                expected: 2,
                from_line: 2,
            };
            assert_eq!(found(src), vec![(line, 4, dash)], "{src}");
        }
    }

    #[test]
    fn the_first_field_out_of_line() {
        let m = mistakes("  title: Om\nsummary: Hur\norder: 2\n");
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!((m[0].line, m[0].column), (1, 3));
        assert_eq!(
            m[0].explain(0).0.render(crate::messages::Lang::En),
            "`title` is indented 2 spaces; the other fields, from line 2, are indented 0"
        );
    }

    #[test]
    fn an_item_without_its_dash() {
        let src = "findings:\n  - id: a\n    title: A\n  id: b\n    title: B\n";
        let m = mistakes(src);
        assert_eq!(
            m[0].mistake,
            Mistake::MissingDash {
                key: "id".into(),
                dash_column: 2
            }
        );
    }

    #[test]
    fn tabs_glued_colons_and_colons_in_text() {
        let m = found("a:\n\tb: 1\n");
        assert_eq!(m[0].2, Mistake::Tab);
        let m = found("priorities:\n  - id: p\n    rank:1\n");
        assert_eq!(
            m[0].2,
            Mistake::NoSpace {
                key: "rank".into(),
                value: "1".into()
            }
        );
        let m = found("findings:\n  - id: f\n    title: Vården: vägen dit\n");
        assert_eq!((m[0].0, m[0].1), (3, 18));
        assert_eq!(
            m[0].2,
            Mistake::ColonInText {
                key: "title".into(),
                value: "Vården: vägen dit".into()
            }
        );
    }

    #[test]
    fn a_text_line_out_of_its_block() {
        let src = "findings:\n  - id: f\n    text: |\n      Första raden.\n    andra raden.\n    source: x\n";
        let m = found(src);
        assert_eq!(
            m,
            vec![(
                5,
                5,
                Mistake::BlockText {
                    key: "text".into(),
                    spaces: 4,
                    expected: 6
                }
            )]
        );
    }

    #[test]
    fn a_field_twice() {
        let m = found("findings:\n  - id: f\n    title: A\n    title: B\n");
        assert_eq!(
            m[0].2,
            Mistake::Duplicate {
                key: "title".into(),
                first_line: 3
            }
        );
    }
}
