//! Located diagnostics: every user error names a file, where known a line
//! and column, what was expected, and a hint.

use std::fmt;
use std::path::{Path, PathBuf};

mod yaml;
mod yaml_shape;

pub use yaml::{yaml_error, yaml_error_in, yaml_options};

use crate::messages::Msg;

/// What a diagnostic says: a catalogue message (shown in the chosen
/// language) or, where a call site is not converted yet, English text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Text(String),
    Msg(Msg),
}

impl From<Msg> for Message {
    fn from(m: Msg) -> Self {
        Message::Msg(m)
    }
}
impl From<String> for Message {
    fn from(s: String) -> Self {
        Message::Text(s)
    }
}
impl From<&String> for Message {
    fn from(s: &String) -> Self {
        Message::Text(s.clone())
    }
}
impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Message::Text(s.to_string())
    }
}
impl From<std::borrow::Cow<'_, str>> for Message {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Message::Text(s.into_owned())
    }
}

impl From<Message> for crate::messages::Arg {
    /// A message given as an argument of another: shown in the same
    /// language.
    fn from(m: Message) -> Self {
        match m {
            Message::Text(s) => crate::messages::Arg::Text(s),
            Message::Msg(m) => crate::messages::Arg::Msg(Box::new(m)),
        }
    }
}

impl Message {
    /// The English text (what `Diagnostic::message` holds).
    fn english(&self) -> String {
        match self {
            Message::Text(s) => s.clone(),
            Message::Msg(m) => m.render(crate::messages::Lang::En),
        }
    }

    fn msg(self) -> Option<Msg> {
        match self {
            Message::Text(_) => None,
            Message::Msg(m) => Some(m),
        }
    }
}

/// What few diagnostics have, in one box (a diagnostic travels in every
/// `Result`'s error side): the catalogue messages behind the English text,
/// and the line as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Texts {
    pub message: Option<Msg>,
    pub hint: Option<Msg>,
    /// The line as written in the file, shown under the message with a
    /// caret under the column (set where the line itself is the problem,
    /// such as a YAML indentation mistake).
    pub source_line: Option<String>,
}

fn no_source_line(t: &Option<Box<Texts>>) -> bool {
    t.as_ref().is_none_or(|t| t.source_line.is_none())
}

fn serialize_source_line<S: serde::Serializer>(
    t: &Option<Box<Texts>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_some(&t.as_ref().and_then(|t| t.source_line.as_deref()))
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Information for `kartsite check` (e.g. the LIX of a page).
    Note,
}

/// A position in a source file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }

    /// The position of a YAML value, shifted down by `line_offset` lines
    /// (front matter starts below the opening `---`).
    pub fn from_yaml(loc: &serde_saphyr::Location, line_offset: u32) -> Option<Pos> {
        let line = u32::try_from(loc.line()).ok()?;
        let column = u32::try_from(loc.column()).ok()?;
        (line > 0).then(|| Pos::new(line + line_offset, column.max(1)))
    }
}

/// The phase of the pipeline (or the layer around it) that finds a
/// problem; CONTRIBUTING.md maps each to its module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// `book.toml` (`config`).
    Config,
    /// Reading the report and its theme from disk (`load`, `theme`).
    Load,
    /// References, ids, audiences, privacy and lints (`check`).
    Check,
    /// Markdown, charts and templates (`render`, `chart`).
    Render,
    /// The output folder (`build`, `write`).
    Write,
    /// `kartsite serve` and `kartsite init`.
    Command,
}

/// One kind of problem: its code (the `kind` of a [`Diagnostic`] and of
/// `kartsite check --format json`), the phases that report it and the
/// meaning given in docs/format.md's kind table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub code: &'static str,
    pub phases: &'static [Phase],
    pub doc: &'static str,
}

const fn kind(code: &'static str, phases: &'static [Phase], doc: &'static str) -> Kind {
    Kind { code, phases, doc }
}

use Phase::{Check, Command, Config, Load, Render, Write};

/// Every kind of problem kartsite reports. Call sites pass the code as a
/// `&'static str`; tests/testsuite/error_kinds.rs checks that every code
/// used in `src/` is here and that docs/format.md lists every one.
pub const KINDS: &[Kind] = &[
    kind(
        "config",
        &[Config],
        "`book.toml` cannot be read, has an unknown key or a wrong value",
    ),
    kind(
        "missing-content",
        &[Load],
        "the report has no `content/` folder",
    ),
    kind("encoding", &[Load], "a file is not UTF-8"),
    kind("front-matter", &[Load], "front matter that is never closed"),
    kind(
        "yaml",
        &[Load],
        "invalid YAML, an unknown field or a value not allowed, in front matter or an item file",
    ),
    kind(
        "too-large",
        &[Load],
        "a page or YAML file over 8 MiB, or a data file over 32 MiB",
    ),
    kind("io", &[Load], "a file cannot be read"),
    kind(
        "data-path",
        &[Load],
        "a chart data path that leaves `data/` (`..`, an absolute path, a link out)",
    ),
    kind(
        "orphan-translation",
        &[Load],
        "a translated page (`name.nb.md`) without the page it translates",
    ),
    kind(
        "missing-theme",
        &[Load],
        "the theme folder named in `book.toml` does not exist",
    ),
    kind(
        "missing-strings",
        &[Load],
        "a language has no UI strings file in the theme",
    ),
    kind(
        "template",
        &[Load],
        "a theme template that does not compile",
    ),
    kind(
        "invalid-id",
        &[Check],
        "an item id with characters not allowed",
    ),
    kind(
        "duplicate-id",
        &[Check, Render],
        "an item id or heading anchor used twice",
    ),
    kind(
        "unknown-id",
        &[Load, Check],
        "a reference to an item or phase that does not exist",
    ),
    kind(
        "unknown-need-area",
        &[Check],
        "a `need_area` not in the report's need areas",
    ),
    kind(
        "unknown-question",
        &[Check],
        "an `answers:` id that is not a question of the model",
    ),
    kind(
        "missing-reason",
        &[Check],
        "a `not_relevant` priority without `status_reason`",
    ),
    kind(
        "invalid-link",
        &[Check],
        "an actor-map link from an actor to itself",
    ),
    kind(
        "invalid-value",
        &[Check],
        "a value outside its allowed range, such as a link strength other than 1–5",
    ),
    kind(
        "missing-text",
        &[Check],
        "an analysis entry (SWOT, årshjul, omvärldsanalys) without its text",
    ),
    kind(
        "invalid-month",
        &[Check],
        "an årshjul month that is not a month number or name",
    ),
    kind(
        "invalid-months",
        &[Check],
        "an årshjul activity without months, or with more than one way of giving them",
    ),
    kind(
        "invalid-date",
        &[Check],
        "a timeline date that is not `YYYY-MM-DD` or `YYYY-MM`",
    ),
    kind(
        "reserved-path",
        &[Check],
        "a page that would take the address of a generated page",
    ),
    kind(
        "duplicate-path",
        &[Check],
        "a page that would take the address of another page",
    ),
    kind(
        "internal-reference",
        &[Check],
        "public content that points at internal content, in a public build",
    ),
    kind(
        "privacy",
        &[Check],
        "a personnummer, fødselsnummer, phone number or e-mail address in what a public build would publish, or a `[privacy] allow` entry that allows nothing",
    ),
    kind(
        "gate",
        &[Render, Write],
        "what the exit gate finds in a file as it is published: a refused link or a remote image (removed, warning), a remote `url()` in CSS (removed, warning), a script naming another host, an editor backup (never published, warning), an unsafe file name, a link to a page the build does not publish",
    ),
    kind(
        "unused-file",
        &[Render],
        "a file under content/ that no page of this version links to: it is not published (warning; a note in the public version, where an internal page may link it)",
    ),
    kind(
        "translation",
        &[Load],
        "a translation that sets its own `audience:` or `draft:`",
    ),
    kind(
        "consent",
        &[Check],
        "a quote that says who said it but has no `consent: true`, in a public build",
    ),
    kind(
        "unknown-language",
        &[Load, Check],
        "a translation in a language not in `[book] languages`",
    ),
    kind(
        "unknown-field",
        &[Check],
        "a translation that sets a field the item does not have",
    ),
    kind(
        "glossary",
        &[Check],
        "a glossary entry without a term or an explanation",
    ),
    kind(
        "unanswered-question",
        &[Check],
        "a guiding question no page answers (note, `kartsite check` only)",
    ),
    kind(
        "broken-link",
        &[Check, Render],
        "a link to a page or file that does not exist",
    ),
    kind(
        "broken-anchor",
        &[Render],
        "a link to a heading that does not exist",
    ),
    kind(
        "unsafe-link",
        &[Render],
        "a `javascript:`/`vbscript:`/`data:` link or image, replaced by `#` (warning)",
    ),
    kind("external-image", &[Render], "an image from another host"),
    kind(
        "local-file-link",
        &[Render],
        "a link or image to a file on the writer's own computer (`C:\\…`, `file:`)",
    ),
    kind(
        "unsafe-html",
        &[Render],
        "HTML in Markdown that cleaning removes (warning)",
    ),
    kind(
        "missing-alt",
        &[Render],
        "an image without alt text (warning)",
    ),
    kind(
        "chart",
        &[Render],
        "a chart block or chart in `data/charts.yaml` that is not valid",
    ),
    kind(
        "data",
        &[Render],
        "chart data that cannot be read: a ragged row, an unknown column, bad JSON-stat",
    ),
    kind(
        "unknown-figure",
        &[Render],
        "a reference to a figure that is not on the page",
    ),
    kind(
        "no-base-url",
        &[Render],
        "`[build] base_url` is not set, so the flyer has no QR code (warning)",
    ),
    kind(
        "readability",
        &[Render],
        "the LIX of a resident page (note, `kartsite check` only)",
    ),
    kind("output", &[Write], "the output folder cannot be used"),
    kind(
        "audience-folder",
        &[Write],
        "the output folder holds the other audience's build",
    ),
    kind(
        "export",
        &[Command],
        "`kartsite export` cannot make the file (an unknown language, no print page, too large)",
    ),
    kind(
        "pdf",
        &[Command],
        "`kartsite export pdf` cannot lay out a page (a damaged image, a typst error; names the page), or the built-in font lacks a character (warning)",
    ),
    kind(
        "publish",
        &[Command],
        "`kartsite publish` cannot use or write the folder (not ours, the other audience, a file)",
    ),
    kind(
        "serve",
        &[Command],
        "`kartsite serve` cannot listen or watch",
    ),
    kind(
        "init",
        &[Command],
        "`kartsite init` cannot create the report folder",
    ),
];

/// The kind with this code.
pub fn find_kind(code: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.code == code)
}

/// One located message for the user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short machine-readable kind, e.g. `yaml`, `unknown-id`, `broken-link`.
    pub kind: &'static str,
    /// The file, relative to the report root where possible.
    pub file: PathBuf,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
    /// The message and hint as catalogue messages, shown in the chosen
    /// language by [`Diagnostic::message_text`] and [`Diagnostic::hint_text`]
    /// (`message` and `hint` hold their English text), and the line as
    /// written ([`Diagnostic::source_line_text`]); serialised as
    /// `source_line`.
    #[serde(
        rename = "source_line",
        skip_serializing_if = "no_source_line",
        serialize_with = "serialize_source_line"
    )]
    pub texts: Option<Box<Texts>>,
}

impl Diagnostic {
    pub fn error(kind: &'static str, file: impl AsRef<Path>, message: impl Into<Message>) -> Self {
        let message = message.into();
        Diagnostic {
            severity: Severity::Error,
            kind,
            file: file.as_ref().to_path_buf(),
            line: None,
            column: None,
            message: message.english(),
            hint: None,
            texts: message.msg().map(|m| {
                Box::new(Texts {
                    message: Some(m),
                    ..Texts::default()
                })
            }),
        }
    }

    pub fn warning(
        kind: &'static str,
        file: impl AsRef<Path>,
        message: impl Into<Message>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, file, message)
        }
    }

    pub fn note(kind: &'static str, file: impl AsRef<Path>, message: impl Into<Message>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(kind, file, message)
        }
    }

    pub fn at(mut self, pos: Option<Pos>) -> Self {
        if let Some(p) = pos {
            self.line = Some(p.line);
            self.column = Some(p.column);
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<Message>) -> Self {
        let hint = hint.into();
        self.hint = Some(hint.english());
        match hint.msg() {
            Some(m) => self.texts.get_or_insert_default().hint = Some(m),
            None => {
                if let Some(t) = &mut self.texts {
                    t.hint = None;
                }
            }
        }
        self
    }

    /// Replace the message (keeping the hint).
    pub fn set_message(&mut self, message: impl Into<Message>) {
        let message = message.into();
        self.message = message.english();
        match message.msg() {
            Some(m) => self.texts.get_or_insert_default().message = Some(m),
            None => {
                if let Some(t) = &mut self.texts {
                    t.message = None;
                }
            }
        }
    }

    /// The message in the chosen language ([`crate::messages::lang`]);
    /// English where the call site gives English text only.
    pub fn message_text(&self) -> String {
        match self.texts.as_ref().and_then(|t| t.message.as_ref()) {
            Some(m) => m.to_string(),
            None => self.message.clone(),
        }
    }

    /// The hint in the chosen language.
    pub fn hint_text(&self) -> Option<String> {
        match self.texts.as_ref().and_then(|t| t.hint.as_ref()) {
            Some(m) => Some(m.to_string()),
            None => self.hint.clone(),
        }
    }

    /// The line as written, if the diagnostic shows it.
    pub fn source_line_text(&self) -> Option<&str> {
        self.texts.as_ref().and_then(|t| t.source_line.as_deref())
    }

    /// The message as given: a catalogue message or English text (to
    /// pass a diagnostic's message on to another one).
    pub fn message_source(&self) -> Message {
        match self.texts.as_ref().and_then(|t| t.message.clone()) {
            Some(m) => Message::Msg(m),
            None => Message::Text(self.message.clone()),
        }
    }

    /// Set the hint if there is one (to pass a hint on).
    pub fn maybe_hint(self, hint: Option<Message>) -> Self {
        match hint {
            Some(h) => self.hint(h),
            None => self,
        }
    }

    /// The hint as given.
    pub fn hint_source(&self) -> Option<Message> {
        match self.texts.as_ref().and_then(|t| t.hint.clone()) {
            Some(m) => Some(Message::Msg(m)),
            None => self.hint.clone().map(Message::Text),
        }
    }

    /// Show `line` (the text of the diagnostic's line as written) under the
    /// message, with a caret under the column.
    pub fn source_line(mut self, line: impl Into<String>) -> Self {
        self.texts.get_or_insert_default().source_line = Some(line.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column` (or less where unknown), with `/` separators.
    pub fn location(&self) -> String {
        let mut s = self.file.to_string_lossy().replace('\\', "/");
        if let Some(l) = self.line {
            s.push_str(&format!(":{l}"));
            if let Some(c) = self.column {
                s.push_str(&format!(":{c}"));
            }
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => crate::msg!("severity.error"),
            Severity::Warning => crate::msg!("severity.warning"),
            Severity::Note => crate::msg!("severity.note"),
        };
        write!(f, "{}: {sev}: {}", self.location(), self.message_text())?;
        if let (Some(text), Some(line)) = (self.source_line_text(), self.line) {
            let gutter = line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(f, "\n  {gutter} | {text}")?;
            if let Some(col) = self.column {
                // Keep tabs under tabs so the caret lines up.
                let before: String = text
                    .chars()
                    .take(col.saturating_sub(1) as usize)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n  {pad} | {before}^")?;
            }
        }
        if let Some(h) = self.hint_text() {
            write!(f, "\n  {}: {h}", crate::msg!("severity.hint"))?;
        }
        Ok(())
    }
}

/// What a failed build returns: one or more located errors (plus any warnings).
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }
    /// Sort by file and position so output is stable.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column, &a.message)
                .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Turn a TOML error into a located diagnostic.
pub fn toml_error(file: &Path, source: &str, err: &toml::de::Error) -> Diagnostic {
    let pos = err.span().map(|s| offset_to_pos(source, s.start));
    let raw_message = err.message().trim();
    let mut message = raw_message.to_string();
    for (raw, plain) in [
        ("expected u8", "expected a whole number"),
        ("expected u16", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected a list in [ ]"),
        ("invalid type: ", ""),
    ] {
        message = message.replace(raw, plain);
    }
    if source.trim().is_empty() {
        message = "book.toml is empty".into();
    } else if message == "missing field `book`" {
        message = "book.toml has no [book] table".into();
    }
    let mut d = Diagnostic::error("config", file, toml_message(&message)).at(pos);
    if message.starts_with("book.toml") {
        d = d.hint(crate::msg!("config.start-book-toml-with-book"));
    } else if message.contains("unknown field") {
        d = d.hint(crate::msg!("config.check-the-spelling-docs-format"));
    } else if raw_message.contains("invalid type") {
        d = d.hint(crate::msg!("config.text-must-be-in-quotes"));
    }
    d
}

/// The message of a book.toml error (`message`: TOML's, in plainer
/// English) as a catalogue message where its shape is known.
fn toml_message(message: &str) -> Message {
    use crate::msg;
    if message == "book.toml is empty" {
        return msg!("config.empty").into();
    }
    if message == "book.toml has no [book] table" {
        return msg!("config.no-book-table").into();
    }
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, rest)) = rest.split_once('`')
    {
        let expected = rest
            .strip_prefix(", expected one of ")
            .or_else(|| rest.strip_prefix(", expected "))
            .unwrap_or("")
            .replace(" or ", ", ");
        return msg!("yaml.unknown-field", field = field, expected = expected).into();
    }
    // "string \"två\", expected a whole number"
    if let Some((found, expected)) = message.split_once(", expected ") {
        let expected = match expected {
            "a whole number" => msg!("config.a-whole-number"),
            "a number" => msg!("config.a-number"),
            "true or false" => msg!("config.true-or-false"),
            "a list in [ ]" => msg!("config.a-list"),
            _ => return Message::Text(message.to_string()),
        };
        let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
        return msg!(
            "config.wrong-type",
            kind = kind,
            value = value,
            expected = expected
        )
        .into();
    }
    Message::Text(message.to_string())
}

/// Convert a byte offset in `source` into a 1-based line and column
/// (column counted in characters).
pub fn offset_to_pos(source: &str, offset: usize) -> Pos {
    let offset = offset.min(source.len());
    let before = &source[..source.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

pub type Result<T, E = Diagnostics> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let s = "a\nbä\nc";
        assert_eq!(offset_to_pos(s, 0), Pos::new(1, 1));
        assert_eq!(offset_to_pos(s, 2), Pos::new(2, 1));
        assert_eq!(offset_to_pos(s, 5), Pos::new(2, 3));
        assert_eq!(offset_to_pos(s, 999), Pos::new(3, 2));
    }

    #[test]
    fn display_names_location_and_hint() {
        let d = Diagnostic::error("x", "content/a.md", "bad")
            .at(Some(Pos::new(3, 4)))
            .hint("fix it");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:4: error: bad\n  hint: fix it"
        );
    }
}
