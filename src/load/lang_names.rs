//! Translation file names: `name.xx.md` is a translation only when `xx` is
//! one of `[book] languages`, written exactly so. A name whose ending
//! looks like a language code but is not one of them would otherwise
//! become a page of its own (public even when the page it translates is
//! internal), so it is an error; so is `audience:` or `draft:` in a
//! translation, which follows the page it translates.

use std::path::Path;

use crate::config::Settings;
use crate::error::{Diagnostic, Pos};
use crate::model::FrontMatter;

/// Three-letter codes (ISO 639-2/3) of languages spoken in Sweden and
/// Norway, taken as language codes in file names.
const THREE: &[&str] = &[
    "ara", "bos", "ckb", "dan", "deu", "eng", "fas", "fin", "fit", "fkv", "fra", "hrv", "kmr",
    "kur", "nno", "nob", "nor", "pol", "prs", "pus", "rom", "rus", "sma", "sme", "smj", "som",
    "spa", "srp", "swe", "tir", "tur", "ukr", "yid",
];

/// The error for a page file `name.xx.md` whose `xx` looks like a
/// language code but is not in `[book] languages` (or differs in case).
pub(crate) fn unknown_language(rel: &Path, settings: &Settings) -> Option<Diagnostic> {
    let stem = rel.file_stem()?.to_string_lossy().to_string();
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() || !looks_like_code(code) {
        return None;
    }
    let langs = &settings.config.book.languages;
    if langs.iter().any(|l| l == code) {
        return None;
    }
    let list = if langs.is_empty() {
        "none".to_string()
    } else {
        langs.join(", ")
    };
    let near = langs.iter().find(|l| l.eq_ignore_ascii_case(code));
    let hint = match near {
        Some(l) => format!("write the language as in [book] languages: rename it to {base}.{l}.md"),
        None => format!(
            "add \"{code}\" to languages under [book] in book.toml if this is a translation, or rename the file (e.g. {base}-{code}.md) if it is a page of its own"
        ),
    };
    Some(
        Diagnostic::error(
            "unknown-language",
            rel,
            crate::msg!(
                "load.the-file-name-ends-in",
                code = code.to_string(),
                code2 = code.to_string(),
                list = list.to_string()
            ),
        )
        .hint(hint),
    )
}

fn looks_like_code(code: &str) -> bool {
    let (lang, region) = code.split_once(['-', '_']).unwrap_or((code, ""));
    let letters = |s: &str| s.chars().all(|c| c.is_ascii_alphabetic());
    let lang_ok = (lang.len() == 2 && letters(lang))
        || (lang.len() == 3 && THREE.contains(&lang.to_ascii_lowercase().as_str()));
    lang_ok
        && (region.is_empty()
            || ((2..=4).contains(&region.len())
                && region.chars().all(|c| c.is_ascii_alphanumeric())))
}

/// The error for `audience:` or `draft:` in the front matter of a
/// translation.
pub(crate) fn own_audience(rel: &Path, front: &FrontMatter) -> Option<Diagnostic> {
    let key = if front.audience.is_some() {
        "audience"
    } else if front.draft {
        "draft"
    } else {
        return None;
    };
    let pos = front.spans.get(key).map(|s| Pos::new(s.line, s.column));
    Some(
        Diagnostic::error(
            "translation",
            rel,
            crate::msg!("load.a-translation-has-its-own", key = key.to_string()),
        )
        .at(pos)
        .hint(crate::msg!(
            "load.remove-here-and-set-it",
            key = key.to_string()
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        for c in ["so", "AR", "pt-BR", "sme", "zh-Hant"] {
            assert!(looks_like_code(c), "{c}");
        }
        for c in ["old", "v2", "backup", "2025", "x"] {
            assert!(!looks_like_code(c), "{c}");
        }
    }
}
