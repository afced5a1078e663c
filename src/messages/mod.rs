//! The message catalogue: every text kartsite says to a writer, in
//! Swedish, Norwegian bokmål and English.
//!
//! A message is a key and named arguments ([`Msg`], made with the
//! [`msg!`](crate::msg) macro); it becomes text only when it is shown, in
//! the language chosen once for the process ([`set_lang`]: `--lang`,
//! `KARTSITE_LANG` or the report's `[book] language`, set by the command
//! line). So load, check and render never need to know the language.
//!
//! The catalogues are `en.toml`, `sv.toml` and `nb.toml` beside this file,
//! compiled in and parsed once. A value is a text with `{name}`
//! placeholders (`{{` and `}}` for literal braces), or a table
//! `{ one = "…", other = "…" }` chosen by the argument `n`. Nynorsk (`nn`)
//! uses the bokmål catalogue. A key missing from a catalogue falls back to
//! English (tests/testsuite/messages.rs checks that none is missing).

use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language kartsite speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    Sv,
    Nb,
    /// Nynorsk: messages from the bokmål catalogue.
    Nn,
    En,
}

impl Lang {
    /// `sv`, `nb`, `nn`, `en` (and `no` for bokmål); else `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "sv" => Some(Lang::Sv),
            "nb" | "no" => Some(Lang::Nb),
            "nn" => Some(Lang::Nn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::Nb => "nb",
            Lang::Nn => "nn",
            Lang::En => "en",
        }
    }

    fn index(self) -> u8 {
        match self {
            Lang::Sv => 0,
            Lang::Nb => 1,
            Lang::Nn => 2,
            Lang::En => 3,
        }
    }
}

/// The language messages are shown in; English until the command line
/// chooses (so library tests read English).
static CURRENT: AtomicU8 = AtomicU8::new(3);

/// Choose the language every message is shown in from now on.
pub fn set_lang(lang: Lang) {
    CURRENT.store(lang.index(), Ordering::Relaxed);
}

/// The language messages are shown in.
pub fn lang() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        0 => Lang::Sv,
        1 => Lang::Nb,
        2 => Lang::Nn,
        _ => Lang::En,
    }
}

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Inserted as written (a writer's own text, a file name, a list).
    Text(String),
    /// A number; the argument `n` also chooses the plural form.
    Count(i64),
    /// A message inside a message, shown in the same language.
    Msg(Box<Msg>),
}

impl Arg {
    fn render(&self, lang: Lang) -> String {
        match self {
            Arg::Text(s) => s.clone(),
            Arg::Count(n) => n.to_string(),
            Arg::Msg(m) => m.render(lang),
        }
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<&&str> for Arg {
    fn from(s: &&str) -> Self {
        Arg::Text((*s).to_string())
    }
}
impl From<char> for Arg {
    fn from(c: char) -> Self {
        Arg::Text(c.to_string())
    }
}
impl From<Msg> for Arg {
    /// A message inside a message: shown in the same language.
    fn from(m: Msg) -> Self {
        Arg::Msg(Box::new(m))
    }
}
macro_rules! count_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
count_args!(u8, u16, u32, u64, usize, i32, i64);

/// A message: a catalogue key and its named arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Self {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The text in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let entry = catalogue(lang)
            .get(self.key)
            .or_else(|| catalogue(Lang::En).get(self.key));
        let Some(entry) = entry else {
            // Not in any catalogue: the key itself, visibly.
            return format!("[{}]", self.key);
        };
        let template = match entry {
            Entry::Text(t) => t.as_str(),
            Entry::Plural { one, other } => {
                let n = self.args.iter().find_map(|(k, v)| match v {
                    Arg::Count(n) if *k == "n" => Some(*n),
                    _ => None,
                });
                if n == Some(1) { one } else { other }
            }
        };
        fill(template, &self.args, lang)
    }
}

impl std::fmt::Display for Msg {
    /// The text in the process's language ([`lang`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(lang()))
    }
}

/// `msg!("yaml.unknown-field", field = name, n = count)`: a [`Msg`].
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Msg::new($key)$(.arg(stringify!($name), $value))*
    };
}

/// Put the arguments into `{name}` placeholders.
fn fill(template: &str, args: &[(&'static str, Arg)], lang: Lang) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) {
            let name = &tail[1..end];
            match args.iter().find(|(k, _)| *k == name) {
                Some((_, v)) => out.push_str(&v.render(lang)),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// One catalogue value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Text(String),
    Plural { one: String, other: String },
}

impl Entry {
    /// Every text of the entry (one, or the plural forms).
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Entry::Text(t) => vec![t],
            Entry::Plural { one, other } => vec![one, other],
        }
    }
}

/// The catalogue files, by language code.
pub const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("en.toml")),
    ("sv", include_str!("sv.toml")),
    ("nb", include_str!("nb.toml")),
];

type Catalogue = BTreeMap<String, Entry>;

static CATALOGUES: LazyLock<[Catalogue; 3]> = LazyLock::new(|| {
    let get = |i: usize| {
        let (code, text) = SOURCES[i];
        parse(text).unwrap_or_else(|e| panic!("src/messages/{code}.toml: {e}"))
    };
    [get(0), get(1), get(2)]
});

/// The catalogue of `lang` (nynorsk reads bokmål).
pub fn catalogue(lang: Lang) -> &'static Catalogue {
    let i = match lang {
        Lang::En => 0,
        Lang::Sv => 1,
        Lang::Nb | Lang::Nn => 2,
    };
    &CATALOGUES[i]
}

/// Parse a catalogue: tables are namespaces (`[yaml]` + `tab = …` is the
/// key `yaml.tab`); a table of exactly `one` and `other` is a plural.
pub fn parse(text: &str) -> Result<Catalogue, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Catalogue::new();
    flatten("", &table, &mut out)?;
    Ok(out)
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalogue) -> Result<(), String> {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, Entry::Text(s.clone()));
            }
            toml::Value::Table(t)
                if t.len() == 2 && t.contains_key("one") && t.contains_key("other") =>
            {
                let get = |w: &str| t[w].as_str().map(str::to_string);
                match (get("one"), get("other")) {
                    (Some(one), Some(other)) => {
                        out.insert(key, Entry::Plural { one, other });
                    }
                    _ => return Err(format!("{key}: `one` and `other` must be texts")),
                }
            }
            toml::Value::Table(t) => flatten(&key, t, out)?,
            _ => return Err(format!("{key}: a text or a table expected")),
        }
    }
    Ok(())
}

/// The placeholder names in a text, sorted.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(end) => {
                names.push(tail[1..end].to_string());
                rest = &tail[end + 1..];
            }
            None => break,
        }
    }
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_and_plurals() {
        assert_eq!(
            fill(
                "a {x} b {{y}} {z}",
                &[("x", Arg::Text("1".into()))],
                Lang::En
            ),
            "a 1 b {y} {z}"
        );
        let one = Msg::new("summary.errors").arg("n", 1usize);
        let two = Msg::new("summary.errors").arg("n", 2usize);
        assert_eq!(one.render(Lang::En), "1 error");
        assert_eq!(two.render(Lang::En), "2 errors");
        assert_eq!(two.render(Lang::Sv), "2 fel");
        assert_eq!(one.render(Lang::Nn), one.render(Lang::Nb));
    }

    #[test]
    fn an_unknown_key_shows_itself() {
        assert_eq!(Msg::new("no.such-key").render(Lang::Sv), "[no.such-key]");
    }

    #[test]
    fn every_catalogue_parses() {
        for (code, text) in SOURCES {
            assert!(parse(text).is_ok(), "{code}.toml does not parse");
        }
    }
}
