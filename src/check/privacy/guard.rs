//! Running the detectors over everything a public build publishes, and
//! the consent rule for quotes (every build).

use std::ops::Range;
use std::path::Path;

use super::{Allowlist, Hit, scan_text};
use crate::config::Settings;
use crate::error::{Diagnostic, Diagnostics, Pos};
use crate::model::items::{FieldSpan, Origin, Sp, Translations};
use crate::model::{Page, Report};

/// The allowlist of a report: `[privacy] allow` plus the role contacts in
/// `[contact]` and `[accessibility]`, and a warning for each `allow` entry that allows nothing.
pub fn allowlist(settings: &Settings) -> (Allowlist, Vec<Diagnostic>) {
    let config = &settings.config;
    // Role contacts: the footer's and the accessibility statement's.
    let contact = [
        config.contact.email.as_str(),
        config.contact.phone.as_str(),
        config.accessibility.email.as_str(),
        config.accessibility.phone.as_str(),
    ];
    let (allow, unknown) = Allowlist::new(
        config
            .privacy
            .allow
            .iter()
            .map(String::as_str)
            .chain(contact.into_iter().filter(|c| !c.trim().is_empty())),
    );
    let warnings = unknown
        .into_iter()
        .filter(|u| config.privacy.allow.iter().any(|a| a == u))
        .map(|u| {
            Diagnostic::warning(
                "privacy",
                crate::config::CONFIG_FILE,
                crate::msg!("privacy.privacy-allow-is-not-an", u = u.to_string()),
            )
            .hint(crate::msg!("privacy.list-exact-e-mail-addresses"))
        })
        .collect();
    (allow, warnings)
}

/// The error for hit `h` in `text`, found in `file` at `pos`. `place` says
/// where in the file, e.g. "on this page", "in `phone` of key person
/// \"kp-anna\"", "in row 3, column `antal`". The value is masked.
pub(crate) fn published_hit(
    file: &Path,
    pos: Option<Pos>,
    text: &str,
    h: &Hit,
    place: crate::messages::Msg,
) -> Diagnostic {
    Diagnostic::error(
        "privacy",
        file,
        crate::msg!(
            "privacy.would-be-published",
            describe = h.kind.describe_msg(),
            text = h.masked(text),
            place = place
        ),
    )
    .at(pos)
    .hint(crate::msg!("privacy.remove-it-or-keep-it"))
}

/// Scan a report already filtered for a public build: page text and front
/// matter, and every text field of every item. A hit that is not on the
/// allowlist is a located error.
pub(crate) fn check_public(report: &Report, settings: &Settings, diags: &mut Diagnostics) {
    let (allow, warnings) = allowlist(settings);
    diags.0.extend(warnings);
    let mut g = Guard { allow, diags };
    g.config(&settings.source);
    for page in &report.pages {
        g.page(page);
    }
    macro_rules! items {
        ($list:expr, $what:literal, |$it:ident| [$($field:ident),* $(,)?] $(+ $extra:expr)?) => {
            for $it in &$list {
                #[allow(unused_mut)]
                let mut fields: Vec<(String, &str)> =
                    vec![$((stringify!($field).to_string(), $it.$field.as_str())),*];
                $(fields.extend($extra);)?
                g.item($what, &$it.id, &$it.origin, &fields);
            }
        };
    }
    items!(report.findings, "finding", |f| [title, text]
        + f.evidence
            .iter()
            .map(|e| ("evidence".to_string(), e.value.as_str()))
            .chain(translated(&f.translations)));
    items!(report.priorities, "priority", |p| [
        title,
        action,
        when,
        status_reason
    ] + p
        .timeline
        .iter()
        .flat_map(|t| {
            [t.date.value.as_str(), t.text.as_str()]
                .into_iter()
                .chain(t.translations.values().map(String::as_str))
                .map(|v| ("timeline".to_string(), v))
        })
        .chain(translated(&p.translations)));
    items!(report.feedback, "feedback", |f| [
        heard, doing, when, channel
    ] + translated(
        &f.translations
    ));
    items!(report.actors, "actor", |a| [name, does, for_whom, contact]
        + translated(&a.translations).chain(
            a.work.iter().map(|w| ("work".to_string(), w.does.as_str()))
        ));
    items!(report.swot, "SWOT entry", |e| [text]);
    items!(report.activities, "activity", |e| [name, description]);
    items!(report.factors, "factor", |f| [
        title,
        trend,
        effect,
        source_title
    ]);
    items!(report.target_groups, "target group", |t| [name]);
    for l in &report.links {
        g.item(
            "link",
            &l.from,
            &l.origin,
            &[("label".to_string(), l.label.as_str())],
        );
    }
    items!(report.places, "place", |p| [name, description]
        + translated(&p.translations));
    items!(report.quotes, "quote", |q| [text, context]
        + q.attribution
            .iter()
            .map(|a| ("attribution".to_string(), a.value.as_str())));
    items!(report.key_persons, "key person", |k| [
        name, role, phone, email, notes
    ]);
    for e in &report.glossary {
        let mut fields = vec![("explanation".to_string(), e.explanation.as_str())];
        fields.extend(translated(&e.translations));
        g.item("glossary entry", &e.term, &e.origin, &fields);
    }
}

/// The translated fields of an item, labelled `translations.<lang>.<field>`.
fn translated(tr: &Translations) -> impl Iterator<Item = (String, &str)> {
    tr.iter().flat_map(|(lang, fields)| {
        fields
            .iter()
            .map(move |(f, v)| (format!("translations.{lang}.{f}"), v.as_str()))
    })
}

/// A quote that names who said it needs `consent: true`; in every build,
/// since an internal build is shared too.
pub(crate) fn check_quotes(report: &Report, diags: &mut Diagnostics) {
    for q in &report.quotes {
        if let Some(a) = q.attribution()
            && !q.consent
        {
            diags.push(
                Diagnostic::error(
                    "consent",
                    &q.origin.file,
                    crate::msg!(
                        "privacy.quote-says-who-said-it",
                        value = (q.id.value).to_string()
                    ),
                )
                .at(Pos::from_yaml(&a.referenced, 0))
                .hint(crate::msg!("privacy.remove-the-attribution-and-describe")),
            );
        }
    }
}

struct Guard<'a> {
    allow: Allowlist,
    diags: &'a mut Diagnostics,
}

impl Guard<'_> {
    fn hits<'t>(&self, text: &'t str) -> impl Iterator<Item = Hit> + use<'_, 't> {
        scan_text(text)
            .into_iter()
            .filter(move |h| !self.allow.allows(text, h))
    }

    fn page(&mut self, page: &Page) {
        let file = page.source.as_path();
        let report = |diags: &mut Diagnostics, text: &str, h: &Hit, pos: Option<Pos>| {
            diags.push(published_hit(
                file,
                pos,
                text,
                h,
                crate::msg!("privacy.on-this-page"),
            ));
        };
        for (key, value) in [
            ("title", page.front.title.as_deref().unwrap_or_default()),
            ("summary", page.front.summary.as_str()),
        ] {
            for h in self.hits(value).collect::<Vec<_>>() {
                let pos = page
                    .front
                    .spans
                    .get(key)
                    .map(|s| locate(value, &h.range, s));
                report(self.diags, value, &h, pos);
            }
        }
        for h in self.hits(&page.body).collect::<Vec<_>>() {
            let pos = advance(page.body_line, 1, &page.body[..h.range.start]);
            report(self.diags, &page.body, &h, Some(pos));
        }
        for tr in page.translations.values() {
            let file = tr.source.as_path();
            let fields = [
                ("title", tr.title.as_str()),
                ("summary", tr.summary.as_str()),
            ];
            for (key, value) in fields {
                for h in self.hits(value).collect::<Vec<_>>() {
                    let pos = tr.spans.get(key).map(|s| locate(value, &h.range, s));
                    self.diags.push(published_hit(
                        file,
                        pos,
                        value,
                        &h,
                        crate::msg!("privacy.on-this-page"),
                    ));
                }
            }
            for h in self.hits(&tr.body).collect::<Vec<_>>() {
                let pos = advance(tr.body_line, 1, &tr.body[..h.range.start]);
                self.diags.push(published_hit(
                    file,
                    Some(pos),
                    &tr.body,
                    &h,
                    crate::msg!("privacy.on-this-page"),
                ));
            }
        }
        // A title taken from a heading that `load` removed from the body,
        // or from the file name.
        if page.front.title.is_none() && !body_has_heading(&page.body, &page.title) {
            let heading_line = page.body_line.saturating_sub(1);
            for h in self.hits(&page.title).collect::<Vec<_>>() {
                let pos = (heading_line > 0)
                    .then(|| advance(heading_line, 3, &page.title[..h.range.start]));
                report(self.diags, &page.title, &h, pos);
            }
        }
    }

    fn item(&mut self, what: &str, id: &Sp, origin: &Origin, fields: &[(String, &str)]) {
        let file = origin.file.as_path();
        let id_pos = Pos::from_yaml(&id.referenced, 0);
        let id_field = ("id".to_string(), id.value.as_str());
        for (label, value) in std::iter::once(&id_field).chain(fields) {
            // `translations.ar.text` was written inside `translations`.
            let key = label.split('.').next().unwrap_or_default();
            for h in self.hits(value).collect::<Vec<_>>() {
                let pos = origin
                    .fields
                    .get(key)
                    .map(|s| locate(value, &h.range, s))
                    .or(id_pos);
                let place = crate::msg!(
                    "privacy.in-field",
                    field = label,
                    what = crate::check::references::noun(what),
                    id = masked_all(&id.value)
                );
                self.diags.push(published_hit(file, pos, value, &h, place));
            }
        }
    }

    /// book.toml: every string value as parsed (TOML escapes, multi-line
    /// strings and line continuations read as TOML reads them), except
    /// the allowlist itself; comments are never published and not
    /// scanned. Located at the line of the value's key.
    fn config(&mut self, source: &str) {
        let file = Path::new(crate::config::CONFIG_FILE);
        let Ok(table) = toml::from_str::<toml::Table>(source) else {
            return;
        };
        let mut strings = Vec::new();
        toml_strings(&table, &mut Vec::new(), &mut strings);
        for (path, value) in strings {
            if path.first().map(String::as_str) == Some("privacy") {
                continue;
            }
            for h in self.hits(&value).collect::<Vec<_>>() {
                let pos = config_line(source, &path).map(|n| {
                    // The value as written, on the key's line or in the
                    // lines of a multi-line string after it.
                    let needle = &value[h.range.clone()];
                    source
                        .lines()
                        .skip(n as usize - 1)
                        .take(50)
                        .zip(n..)
                        .find_map(|(l, at)| l.find(needle).map(|i| advance(at, 1, &l[..i])))
                        .unwrap_or(Pos::new(n, 1))
                });
                let place = match path.split_first() {
                    Some((t, rest)) if !rest.is_empty() => {
                        crate::msg!("privacy.from-book-table", table = t)
                    }
                    _ => crate::msg!("privacy.from-book-toml"),
                };
                self.diags.push(published_hit(file, pos, &value, &h, place));
            }
        }
    }
}

/// Every string in `table` with its key path (array items by index).
fn toml_strings(table: &toml::Table, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    fn value(v: &toml::Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
        match v {
            toml::Value::String(s) => out.push((path.clone(), s.clone())),
            toml::Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    path.push(i.to_string());
                    value(v, path, out);
                    path.pop();
                }
            }
            toml::Value::Table(t) => toml_strings(t, path, out),
            _ => {}
        }
    }
    for (k, v) in table {
        path.push(k.clone());
        value(v, path, out);
        path.pop();
    }
}

/// The line of book.toml where the key `path` (array indexes ignored) is
/// set: the first `key =` after its table's header, else the header.
fn config_line(source: &str, path: &[String]) -> Option<u32> {
    let keys: Vec<&str> = path
        .iter()
        .map(String::as_str)
        .filter(|k| k.parse::<usize>().is_err())
        .collect();
    let (last, tables) = keys.split_last()?;
    let mut in_table = tables.is_empty();
    let mut header = None;
    for (n, line) in (1u32..).zip(source.lines()) {
        let t = line.trim();
        if t.starts_with('[') {
            let name = t.trim_matches(|c| c == '[' || c == ']').trim();
            in_table = !tables.is_empty() && name == tables.join(".");
            if in_table {
                header = Some(n);
            }
            continue;
        }
        if in_table
            && t.strip_prefix(last)
                .is_some_and(|r| r.trim_start().starts_with('='))
        {
            return Some(n);
        }
    }
    header
}

/// `text` with every piece of personal data in it masked (an id that
/// holds a phone number is named without repeating it).
fn masked_all(text: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for h in scan_text(text) {
        out.push_str(&text[at..h.range.start]);
        out.push_str(&h.masked(text));
        at = h.range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn body_has_heading(body: &str, title: &str) -> bool {
    body.lines().any(|l| {
        l.strip_prefix("# ")
            .is_some_and(|t| t.trim() == title.trim())
    })
}

/// The position of the hit at `range` of `value` in its source: found in
/// the raw text of the field (exactly, or with line breaks where the value
/// has spaces), else the start of the field.
fn locate(value: &str, range: &Range<usize>, span: &FieldSpan) -> Pos {
    let needle = &value[range.clone()];
    let nth = value[..range.start].matches(needle).count();
    let found = span
        .raw
        .match_indices(needle)
        .nth(nth)
        .or_else(|| span.raw.match_indices(needle).next())
        .map(|(i, _)| i)
        .or_else(|| flexible_find(&span.raw, needle));
    match found {
        Some(i) => advance(span.line, span.column, &span.raw[..i]),
        None => Pos::new(span.line, span.column),
    }
}

/// Find `needle` in `raw` where any run of whitespace may stand for any
/// other (a folded YAML line break, indentation).
fn flexible_find(raw: &str, needle: &str) -> Option<usize> {
    let pattern = needle
        .split_whitespace()
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+");
    if pattern.is_empty() {
        return None;
    }
    regex::Regex::new(&pattern)
        .ok()?
        .find(raw)
        .map(|m| m.start())
}

/// The position reached from (`line`, `column`) after the text `before`.
fn advance(line: u32, column: u32, before: &str) -> Pos {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    match before.rfind('\n') {
        Some(i) => Pos::new(
            line.saturating_add(count(before.matches('\n').count())),
            count(before[i + 1..].chars().count()) + 1,
        ),
        None => Pos::new(line, column.saturating_add(count(before.chars().count()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(line: u32, column: u32, raw: &str) -> FieldSpan {
        FieldSpan {
            line,
            column,
            raw: raw.into(),
        }
    }

    #[test]
    fn allow_entries_that_allow_nothing_are_warned_about() {
        let settings = crate::config::parse_config(
            "[book]\ntitle = \"T\"\n[contact]\nrole = \"Samordnare\"\nemail = \"a@example.org\"\n[privacy]\nallow = [\"Samordnaren\", \"08-123 45 67\"]\n",
        )
        .unwrap();
        let (allow, warnings) = allowlist(&settings);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("\"Samordnaren\""),
            "{}",
            warnings[0]
        );
        let text = "Ring +46 8 123 45 67 eller skriv till A@example.org.";
        let hits = scan_text(text);
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|h| allow.allows(text, h)));
    }

    #[test]
    fn locates_in_a_plain_value() {
        let v = "Ring 070-123 45 67";
        let s = span(4, 11, v);
        assert_eq!(locate(v, &(5..18), &s), Pos::new(4, 16));
    }

    #[test]
    fn locates_in_a_block_value() {
        // text: |
        //   Rad ett
        //   Ring 070-123 45 67
        let v = "Rad ett\nRing 070-123 45 67\n";
        let s = span(3, 11, "|\n      Rad ett\n      Ring 070-123 45 67\n");
        let start = v.find("070").unwrap();
        assert_eq!(locate(v, &(start..start + 13), &s), Pos::new(5, 12));
    }

    #[test]
    fn locates_across_a_folded_line_break() {
        let v = "Ring 070-123 45 67 i dag";
        let s = span(3, 11, ">\n      Ring 070-123\n      45 67 i dag\n");
        assert_eq!(locate(v, &(5..18), &s), Pos::new(4, 12));
    }

    #[test]
    fn second_occurrence_is_found_second() {
        let v = "a@example.se och a@example.se";
        let s = span(2, 5, v);
        assert_eq!(locate(v, &(17..29), &s), Pos::new(2, 22));
    }

    #[test]
    fn falls_back_to_the_field() {
        let v = "Ring 070-123 45 67";
        let s = span(7, 9, "\"Ring 070\\u002d123 45 67\"");
        assert_eq!(locate(v, &(5..18), &s), Pos::new(7, 9));
    }
}
