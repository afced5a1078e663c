//! The language of kartsite's messages: `--lang`, else `KARTSITE_LANG`,
//! else the report's `[book] language`, else Swedish.

use std::path::Path;

use clap::Args;

use crate::messages::Lang;

/// `--lang`, flattened into the subcommands that take it.
#[derive(Debug, Clone, Default, Args)]
pub struct LangArg {
    /// The language of kartsite's messages: sv, nb, nn or en (default:
    /// KARTSITE_LANG, else the report's `[book] language`, else sv).
    #[arg(long = "lang", value_parser = ["sv", "nb", "nn", "en"])]
    pub lang: Option<String>,
}

/// The language to speak for the report at `root` (`None`: no report yet,
/// as for `init`, where `fallback` decides).
pub(crate) fn choose(flag: Option<&str>, root: Option<&Path>, fallback: Lang) -> Lang {
    if let Some(l) = flag.and_then(Lang::from_code) {
        return l;
    }
    if let Some(l) = std::env::var("KARTSITE_LANG")
        .ok()
        .as_deref()
        .and_then(Lang::from_code)
    {
        return l;
    }
    root.and_then(|r| std::fs::read(r.join("book.toml")).ok())
        .and_then(|bytes| book_language(&String::from_utf8_lossy(&bytes)))
        .unwrap_or(fallback)
}

/// `[book] language` of a book.toml, also when the file has another
/// mistake (the messages about that mistake should be in the language).
pub(crate) fn book_language(text: &str) -> Option<Lang> {
    let text = text.trim_start_matches('\u{feff}');
    if let Ok(t) = toml::from_str::<toml::Table>(text) {
        let code = t.get("book")?.get("language")?.as_str()?;
        return Lang::from_code(code);
    }
    // Line by line, in the [book] table.
    let mut in_book = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_book = line == "[book]";
            continue;
        }
        if in_book && let Some(rest) = line.strip_prefix("language") {
            let value = rest.trim_start().strip_prefix('=')?.trim();
            return Lang::from_code(value.trim_matches(['"', '\'']));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_language_of_a_broken_book_toml() {
        assert_eq!(
            book_language("[book]\ntitle = \"x\"\nlanguage = \"nb\"\n"),
            Some(Lang::Nb)
        );
        assert_eq!(
            book_language("[book]\ntitle = x\nlanguage = \"nn\"\n[report]\n"),
            Some(Lang::Nn)
        );
        assert_eq!(book_language("[report]\nlanguage = \"en\"\n[book]\n"), None);
        assert_eq!(book_language("[book]\ntitle = \"x\"\n"), None);
    }
}
