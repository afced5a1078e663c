//! YAML errors in plain words: serde-saphyr's messages mapped to what a
//! writer understands, with a hint; and, where the file's indentation shows
//! what went wrong (a field out of line, a dash in the wrong column, a
//! colon without a space), that diagnosis instead of the parser's.

use std::path::Path;

use super::yaml_shape::{self, Mistake, Shape};

use super::{Diagnostic, Message, Pos};
use crate::messages::Msg;
use crate::{msg, suggest};

/// YAML parsing options shared by every YAML reader (with budgets against
/// alias bombs and deep nesting).
pub fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::Options::default()
}

/// Turn a serde-saphyr error into a located diagnostic. `line_offset` is
/// added to the YAML line (front matter starts on line 2 of a page).
pub fn yaml_error(file: &Path, err: &serde_saphyr::Error, line_offset: u32) -> Diagnostic {
    let pos = err.location().and_then(|l| Pos::from_yaml(&l, line_offset));
    let mut d = Diagnostic::error("yaml", file, yaml_message(err)).at(pos);
    let hint = did_you_mean(&d.message).or_else(|| yaml_hint(&d.message));
    if let Some(h) = hint {
        d = d.hint(h);
    }
    d
}

/// The first line of serde-saphyr's message, without its own snippet or
/// location suffix (we print the location ourselves).
fn yaml_message(err: &serde_saphyr::Error) -> Message {
    let full = err.to_string();
    let first = full.lines().next().unwrap_or("").trim();
    let first = match first.find(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    let first = first.trim_start_matches("error: ").trim();
    // Our own location comes first; drop serde-saphyr's "line N column M: ".
    let first = match first.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((pos, rest))
            if pos
                .split(' ')
                .next()
                .is_some_and(|n| n.parse::<u32>().is_ok()) =>
        {
            rest.trim()
        }
        _ => first,
    };
    if first.is_empty() {
        msg!("yaml.invalid").into()
    } else {
        plain_yaml_message(first)
    }
}

/// A message made when it is needed (the table entries below).
type MakeMsg = fn() -> Msg;

/// serde-saphyr's messages that speak to programmers, in plain words.
fn plain_yaml_message(message: &str) -> Message {
    if let Some(breach) = message.strip_prefix("budget breached:") {
        let what = breach.trim();
        return if what.starts_with("Alias") || what.contains("Anchor") {
            msg!("yaml.alias-bomb")
        } else if what.starts_with("Depth") {
            msg!("yaml.too-deep")
        } else {
            msg!("yaml.too-large")
        }
        .into();
    }
    if message.contains("recursion limit exceeded") {
        return msg!("yaml.too-deep").into();
    }
    let whole = || msg!("yaml.expected-whole-number");
    let typed: [(&str, MakeMsg); 14] = [
        ("expected string scalar", || msg!("yaml.expected-text")),
        ("expected sequence start", || msg!("yaml.expected-list")),
        ("expected mapping start", || msg!("yaml.expected-fields")),
        ("invalid u8", whole),
        ("invalid u16", whole),
        ("invalid u32", whole),
        ("invalid u64", whole),
        ("invalid i32", whole),
        ("invalid i64", whole),
        ("invalid f64", || msg!("yaml.expected-number")),
        ("invalid bool", || msg!("yaml.expected-bool")),
        ("mapping values are not allowed in this context", || {
            msg!("yaml.colon-starts-field")
        }),
        (
            "tabs disallowed within this context (block indentation)",
            || msg!("yaml.tab-indent"),
        ),
        ("while scanning a plain scalar, found a tab", || {
            msg!("yaml.tab-here")
        }),
    ];
    if let Some((_, plain)) = typed.iter().find(|(raw, _)| message == *raw) {
        return plain().into();
    }
    if message == "unclosed quote" {
        return msg!("yaml.unclosed-quote").into();
    }
    if let Some(bracket) = message.strip_prefix("unclosed bracket ") {
        return msg!(
            "yaml.unclosed-bracket",
            bracket = bracket.trim_matches('\'')
        )
        .into();
    }
    if message.starts_with("cannot deserialize null into") {
        return msg!("yaml.no-value").into();
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((value, expected)) = name_and_list(rest)
    {
        return msg!("yaml.unknown-value", value = value, expected = expected).into();
    }
    if let Some(rest) = message.strip_prefix("unknown field ")
        && let Some((field, expected)) = name_and_list(rest)
    {
        return msg!("yaml.unknown-field", field = field, expected = expected).into();
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return msg!("yaml.missing-field", field = field).into();
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return msg!("yaml.given-twice", key = key.trim()).into();
    }
    // The parser's own words (English).
    Message::Text(message.to_string())
}

/// "`typed`, expected one of a, b" → (typed, "a, b").
fn name_and_list(rest: &str) -> Option<(&str, String)> {
    let (typed, rest) = rest.strip_prefix('`')?.split_once('`')?;
    let list = rest
        .strip_prefix(", expected one of ")
        .or_else(|| rest.strip_prefix(", expected "))?;
    Some((typed, list.replace(" or ", ", ")))
}

/// A hint for a YAML message: the first entry whose phrase (in the
/// English text) it contains.
const YAML_HINTS: &[(&str, MakeMsg)] = &[
    ("unknown field", || msg!("yaml.unknown-field-hint")),
    ("missing field", || msg!("yaml.missing-field-hint")),
    ("unknown value", || msg!("yaml.unknown-value-hint")),
    ("invalid type", || msg!("yaml.invalid-type-hint")),
    ("expected a text", || msg!("yaml.expected-text-hint")),
    ("expected a list", || msg!("yaml.expected-list-hint")),
    ("number here", || msg!("yaml.number-hint")),
    ("true or false", || msg!("yaml.bool-hint")),
    ("has no value", || msg!("yaml.no-value-hint")),
    ("starts a new field", || {
        msg!("yaml.colon-starts-field-hint")
    }),
    ("tab", || msg!("yaml.tab-hint")),
    ("is given twice", || msg!("yaml.given-twice-hint")),
    ("nested too deeply", || msg!("yaml.too-deep-hint")),
    ("anchors", || msg!("yaml.alias-bomb-hint")),
    ("too large", || msg!("yaml.too-large-hint")),
];

fn yaml_hint(message: &str) -> Option<Msg> {
    YAML_HINTS
        .iter()
        .find(|(phrase, _)| message.contains(phrase))
        .map(|(_, hint)| hint())
}

/// Like [`yaml_error`], with the YAML text at hand: where the indentation
/// shows what the writer meant (a field out of line, a dash in the wrong
/// column, `rank:1`, an unquoted `: `), that is the message; and the line
/// as written is shown with a caret under the column.
pub fn yaml_error_in(
    file: &Path,
    source: &str,
    err: &serde_saphyr::Error,
    line_offset: u32,
) -> Diagnostic {
    let base = yaml_error(file, err, line_offset);
    let err_line = err
        .location()
        .and_then(|l| usize::try_from(l.line()).ok())
        .filter(|l| *l > 0);
    let shapes = yaml_shape::mistakes(source);
    let chosen = choose(&base.message, err_line, &shapes, || {
        serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(source, yaml_options())
            .err()
            .and_then(|e| e.location())
            .and_then(|l| usize::try_from(l.line()).ok())
    });
    match chosen {
        Some(shape) => {
            let (message, hint) = shape.explain(line_offset as usize);
            let line = u32::try_from(shape.line).unwrap_or(u32::MAX);
            let column = u32::try_from(shape.column).unwrap_or(u32::MAX);
            Diagnostic::error("yaml", file, message)
                .at(Some(Pos::new(line.saturating_add(line_offset), column)))
                .hint(hint)
                .source_line(shape.text.clone())
        }
        None => {
            let base = explain_in_place(base, source, err_line, line_offset);
            let line = base
                .line
                .and_then(|l| usize::try_from(l.checked_sub(line_offset)?).ok())
                .filter(|l| *l > 0)
                .and_then(|l| source.lines().nth(l - 1));
            match line {
                Some(text) => base.source_line(text.strip_suffix('\r').unwrap_or(text)),
                None => base,
            }
        }
    }
}

/// Errors the line itself explains better than the parser:
/// - a required field missing from an item: located at the item's first
///   line (the parser stops where the item ends);
/// - an empty text where the value starts with `#` (a comment in YAML).
fn explain_in_place(
    mut d: Diagnostic,
    source: &str,
    err_line: Option<usize>,
    line_offset: u32,
) -> Diagnostic {
    let Some(at) = err_line else { return d };
    let lines: Vec<&str> = source.lines().collect();
    let column = d.column.unwrap_or(1) as usize;
    if d.message.starts_with("missing field `") {
        // Walk up to the `- ` that starts this item: its content column
        // is the column of the item's fields.
        let start = (0..at.min(lines.len())).rev().find(|&i| {
            let l = lines[i];
            let indent = l.len() - l.trim_start_matches(' ').len();
            l[indent..].starts_with("- ") && indent + 3 == column
        });
        if let Some(i) = start
            && i + 1 < at
        {
            let field = d
                .message
                .trim_start_matches("missing field `")
                .trim_end_matches('`')
                .to_string();
            d.set_message(msg!("yaml.missing-field-in-item", field = field));
            d.line = u32::try_from(i + 1).ok().map(|l| l + line_offset);
            d.column = u32::try_from(column).ok();
        }
        return d;
    }
    if d.message == "this field has no value"
        && let Some(l) = lines.get(at - 1)
        && let Some((key, value)) = l.trim_start().trim_start_matches("- ").split_once(':')
        && value.trim_start().starts_with('#')
    {
        let text = value.trim();
        let key = key.trim();
        d.set_message(msg!("yaml.hash-comment", key = key));
        d = d.hint(msg!(
            "yaml.quote-hint",
            key = key,
            text = text.replace('\\', "\\\\").replace('"', "\\\"")
        ));
        let indent = l.len() - l.trim_start().len();
        d.column = u32::try_from(l[..indent].chars().count() + 1).ok();
    }
    d
}

/// The mistake that explains the parser's error, if one does:
/// - "missing field `k`" while `k` is there, out of line: that line;
/// - a syntax error: the last mistake on or above the line where the
///   parser gave up (a typed error from a streaming reader may come before
///   the syntax error, so the file is parsed untyped to find it).
fn choose<'a>(
    message: &str,
    err_line: Option<usize>,
    shapes: &'a [Shape],
    syntax_line: impl FnOnce() -> Option<usize>,
) -> Option<&'a Shape> {
    if shapes.is_empty() {
        return None;
    }
    if let Some(missing) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
        && let Some(s) = shapes
            .iter()
            .find(|s| s.key() == Some(missing) && err_line.is_none_or(|l| s.line + 1 >= l))
    {
        return Some(s);
    }
    if let Some(dup) = message
        .strip_prefix("the key `")
        .and_then(|r| r.strip_suffix("` is given twice"))
        && let Some(s) = shapes.iter().find(|s| s.key() == Some(dup))
    {
        return Some(s);
    }
    let at = syntax_line()?;
    // A parser reading a plain text meets a tab on the next line before it
    // knows the text has ended: it reports the line above the tab.
    shapes
        .iter()
        .find(|s| matches!(s.mistake, Mistake::Tab) && (at..=at + 1).contains(&s.line))
        .or_else(|| {
            shapes
                .iter()
                .rev()
                .find(|s| s.line <= at && at - s.line <= 30)
        })
}

/// Words writers use for a value, in Swedish and Norwegian, and the value
/// kartsite expects (the site shows it in the report's language).
const VALUE_WORDS: &[(&str, &str)] = &[
    // Priority status.
    ("planerad", "planned"),
    ("planlagt", "planned"),
    ("pågår", "ongoing"),
    ("pågående", "ongoing"),
    ("klar", "done"),
    ("klart", "done"),
    ("ferdig", "done"),
    ("avslutad", "done"),
    ("inte aktuell", "not_relevant"),
    ("ej aktuell", "not_relevant"),
    ("ikke aktuell", "not_relevant"),
    // Finding sources.
    ("statistik", "statistics"),
    ("statistikk", "statistics"),
    ("dialog", "dialogue"),
    ("samtal", "dialogue"),
    ("samtale", "dialogue"),
    ("intervju", "interview"),
    ("rapport", "report"),
    // Feedback recipients.
    ("boende", "residents"),
    ("beboere", "residents"),
    ("aktörer", "actors"),
    ("aktører", "actors"),
    ("kretsen", "branch"),
    // Actor kinds.
    ("myndighet", "authority"),
    ("etat", "authority"),
    ("kommun", "municipality"),
    ("kommunen", "municipality"),
    ("kommune", "municipality"),
    ("civilsamhälle", "civil_society"),
    ("ideell", "civil_society"),
    ("frivillig", "civil_society"),
    ("förening", "civil_society"),
    ("forening", "civil_society"),
    ("privat", "private"),
    ("företag", "private"),
    ("bedrift", "private"),
    // Place kinds.
    ("torg", "square"),
    ("mötesplats", "meeting_place"),
    ("møteplass", "meeting_place"),
    ("skola", "school"),
    ("skole", "school"),
    ("förskola", "preschool"),
    ("barnehage", "preschool"),
    ("bibliotek", "library"),
    ("idrott", "sports"),
    ("idrett", "sports"),
    ("kyrka", "religious"),
    ("kirke", "religious"),
    ("moské", "religious"),
    ("butik", "shop"),
    ("butikk", "shop"),
    ("vård", "health"),
    ("vårdcentral", "health"),
    ("helse", "health"),
    ("legekontor", "health"),
    ("övrigt", "other"),
    ("annet", "other"),
    // Audiences.
    ("intern", "internal"),
    ("publik", "public"),
    ("offentlig", "public"),
];

/// "did you mean" for an unknown field or value whose message lists what
/// is expected (`unknown field `titel`, expected one of title, …`).
fn did_you_mean(message: &str) -> Option<Msg> {
    let (what, rest) = if let Some(r) = message.strip_prefix("unknown field `") {
        ("field", r)
    } else if let Some(r) = message.strip_prefix("unknown value `") {
        ("value", r)
    } else {
        return None;
    };
    let (typed, rest) = rest.split_once('`')?;
    let list = rest
        .strip_prefix(", expected one of ")
        .or_else(|| rest.strip_prefix(", expected "))?;
    let list = list.replace(" or ", ",");
    let expected: Vec<&str> = list
        .split(',')
        .map(|w| w.trim().trim_matches('`'))
        .filter(|w| !w.is_empty())
        .collect();
    let lower = typed.trim().to_lowercase();
    let word = VALUE_WORDS
        .iter()
        .find(|(w, v)| *w == lower && expected.contains(v))
        .map(|(_, v)| *v);
    let near = word.or_else(|| suggest::closest(typed, expected.iter().copied()))?;
    Some(match what {
        "field" => msg!("yaml.did-you-mean-field", near = near),
        _ => msg!("yaml.did-you-mean-value", near = near),
    })
}
