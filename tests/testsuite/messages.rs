//! The message catalogue (src/messages/): every key used in `src/` is in
//! the English, Swedish and Norwegian catalogues with the same arguments,
//! no catalogue has a key nobody uses, and the diagnostics still written
//! as English text only are listed here, file by file, so that the
//! fallback to English is visible (and the list shrinks).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use kartsite::messages::{Entry, parse, placeholders};

use crate::support::{Fixture, repo};

fn catalogue(code: &str) -> BTreeMap<String, Entry> {
    let p = repo().join(format!("src/messages/{code}.toml"));
    parse(&std::fs::read_to_string(&p).unwrap()).unwrap_or_else(|e| panic!("{code}.toml: {e}"))
}

/// The library code of every `.rs` file under `dir` (test modules and
/// `*tests.rs` files left out), by path relative to the repository.
fn sources(dir: &Path, out: &mut BTreeMap<String, String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs")
            && !p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .ends_with("tests.rs")
        {
            let text = std::fs::read_to_string(&p).unwrap();
            let lib = text
                .split("#[cfg(test)]\nmod tests")
                .next()
                .unwrap()
                .to_string();
            let rel = p
                .strip_prefix(repo())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, lib);
        }
    }
}

/// The length of a char literal starting at `i` (`'"'`, `'\\''`), if one does.
fn char_literal(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'\'') {
        return None;
    }
    if b.get(i + 1) == Some(&b'\\') {
        return (i + 3..(i + 12).min(b.len()))
            .find(|&j| b[j] == b'\'')
            .map(|j| j + 1 - i);
    }
    // One character (maybe several bytes) and a closing quote.
    (i + 2..(i + 6).min(b.len()))
        .find(|&j| b[j] == b'\'')
        .filter(|&j| std::str::from_utf8(&b[i + 1..j]).is_ok_and(|c| c.chars().count() == 1))
        .map(|j| j + 1 - i)
}

/// The top-level comma-separated parts of the arguments in the
/// parentheses that open at `open`, and where they end.
fn args_at(text: &str, open: usize) -> Vec<&str> {
    let b = text.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut in_str, mut i, mut start) = (0i32, false, open, open + 1);
    while i < b.len() {
        let c = b[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' => in_str = false,
                _ => {}
            }
        } else if let Some(n) = char_literal(b, i) {
            i += n;
            continue;
        } else {
            match c {
                b'"' => in_str = true,
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        parts.push(text[start..i].trim());
                        break;
                    }
                }
                b',' if depth == 1 => {
                    parts.push(text[start..i].trim());
                    start = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// Every `msg!("key", a = …, b = …)` in the library: (file, key, argument names).
fn uses() -> Vec<(String, String, BTreeSet<String>)> {
    let mut files = BTreeMap::new();
    sources(&repo().join("src"), &mut files);
    // The macro's own file: its docs show an example key.
    files.remove("src/messages/mod.rs");
    let mut out = Vec::new();
    for (file, text) in &files {
        for (at, _) in text.match_indices("msg!(") {
            let args = args_at(text, at + 4);
            let Some(key) = args
                .first()
                .and_then(|k| k.strip_prefix('"')?.strip_suffix('"'))
            else {
                continue; // the macro's own definition
            };
            let names = args[1..]
                .iter()
                .filter_map(|a| a.split_once('=').map(|(n, _)| n.trim().to_string()))
                .collect();
            out.push((file.clone(), key.to_string(), names));
        }
    }
    out
}

#[test]
fn every_key_is_in_every_catalogue_with_the_same_arguments() {
    let en = catalogue("en");
    let mut bad = Vec::new();
    for code in ["sv", "nb"] {
        let other = catalogue(code);
        for (key, entry) in &en {
            match other.get(key) {
                None => bad.push(format!("{code}.toml lacks {key}")),
                Some(o) => {
                    let want: BTreeSet<_> =
                        entry.texts().iter().flat_map(|t| placeholders(t)).collect();
                    let got: BTreeSet<_> = o.texts().iter().flat_map(|t| placeholders(t)).collect();
                    if want != got {
                        bad.push(format!(
                            "{code}.toml {key}: arguments {got:?}, English has {want:?}"
                        ));
                    }
                    if matches!(entry, Entry::Plural { .. }) != matches!(o, Entry::Plural { .. }) {
                        bad.push(format!(
                            "{code}.toml {key}: plural forms differ from English"
                        ));
                    }
                }
            }
        }
        for key in other.keys().filter(|k| !en.contains_key(*k)) {
            bad.push(format!("{code}.toml has {key}, en.toml does not"));
        }
    }
    let used = uses();
    let used_keys: BTreeSet<&str> = used.iter().map(|u| u.1.as_str()).collect();
    for (file, key, names) in &used {
        match en.get(key) {
            None => bad.push(format!("{file}: msg!(\"{key}\") is in no catalogue")),
            Some(entry) => {
                let want: BTreeSet<String> =
                    entry.texts().iter().flat_map(|t| placeholders(t)).collect();
                let plural = matches!(entry, Entry::Plural { .. });
                let (mut given, mut want) = (names.clone(), want);
                if plural {
                    if !given.remove("n") {
                        bad.push(format!("{file}: msg!(\"{key}\") is plural and needs n = …"));
                    }
                    want.remove("n");
                }
                if given != want {
                    bad.push(format!(
                        "{file}: msg!(\"{key}\") gives {names:?}; the catalogue uses {want:?}"
                    ));
                }
            }
        }
    }
    for key in en.keys().filter(|k| !used_keys.contains(k.as_str())) {
        bad.push(format!("{key} is in the catalogues but no msg! uses it"));
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Diagnostics whose message or hint is still English text, per file.
/// The catalogue falls back to English for these; convert a call site to
/// `msg!` and lower its file's number here (the test says when).
// The PDF export's own errors (a page that cannot be laid out, an image
// typst cannot read, the output name): still English, to convert.
const ENGLISH_ONLY: &[(&str, usize)] = &[];

/// Call sites that give a diagnostic English text: the message of
/// `Diagnostic::error/warning/note(kind, file, "…" or format!(…))` and
/// the argument of `.hint("…" or format!(…))`.
fn english_only() -> BTreeMap<String, usize> {
    let mut files = BTreeMap::new();
    sources(&repo().join("src"), &mut files);
    files.remove("src/messages/mod.rs");
    let mut out = BTreeMap::new();
    // (An empty text is no message: `Diagnostic::error("", file, "")`
    // only formats a location.)
    let literal = |a: &str| {
        (a.starts_with('"') && a != "\"\"") || a.starts_with("format!") || a.starts_with("&format!")
    };
    for (file, text) in &files {
        let mut n = 0;
        for call in [
            "Diagnostic::error(",
            "Diagnostic::warning(",
            "Diagnostic::note(",
        ] {
            for (at, _) in text.match_indices(call) {
                let args = args_at(text, at + call.len() - 1);
                if args.get(2).is_some_and(|a| literal(a)) {
                    n += 1;
                }
            }
        }
        for (at, _) in text.match_indices(".hint(") {
            let args = args_at(text, at + 5);
            if args.first().is_some_and(|a| literal(a)) {
                n += 1;
            }
        }
        if n > 0 {
            out.insert(file.clone(), n);
        }
    }
    out
}

#[test]
fn the_english_only_diagnostics_are_listed() {
    let found = english_only();
    let listed: BTreeMap<String, usize> = ENGLISH_ONLY
        .iter()
        .map(|(f, n)| (f.to_string(), *n))
        .collect();
    if found != listed {
        let table: Vec<String> = found
            .iter()
            .map(|(f, n)| format!("    (\"{f}\", {n}),"))
            .collect();
        panic!(
            "the diagnostics with English text only changed; ENGLISH_ONLY in tests/testsuite/messages.rs should read:\n{}\n(total {})",
            table.join("\n"),
            found.values().sum::<usize>()
        );
    }
}

#[test]
fn a_swedish_report_speaks_swedish_and_lang_overrides_it() {
    let f = Fixture::copy("basic");
    f.write(
        "book.toml",
        std::fs::read_to_string(f.path("book.toml"))
            .unwrap()
            .replace("title = \"Kartläggning av Testby\"", "title = Kartläggning"),
    );
    let out = f.out();
    let o = out.to_string_lossy();
    let sv = f.builder().args(&["--lang", "sv"]).out(&out).run();
    assert_eq!(sv.code, 1);
    assert!(sv.stderr.contains("book.toml:2:9: fel: "), "{}", sv.stderr);
    assert!(
        sv.stderr
            .contains("kartsite: 1 fel, 0 varningar — inget skrevs"),
        "{}",
        sv.stderr
    );
    let nb = f.builder().args(&["--lang", "nb"]).out(&out).run();
    assert!(nb.stderr.contains("book.toml:2:9: feil: "), "{}", nb.stderr);
    assert!(
        nb.stderr
            .contains("1 feil, 0 advarsler — ingenting ble skrevet"),
        "{}",
        nb.stderr
    );
    let en = f.builder().args(&["--lang", "en"]).out(&out).run();
    assert!(
        en.stderr.contains("book.toml:2:9: error: "),
        "{}",
        en.stderr
    );
    // No flag, no KARTSITE_LANG: the report's language.
    let plain = std::process::Command::new(crate::support::BIN)
        .env_remove("KARTSITE_LANG")
        .args(["build", "--audience", "public", "-o", &o, "--root"])
        .arg(&f.root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&plain.stderr);
    assert!(stderr.contains("book.toml:2:9: fel: "), "{stderr}");
    // KARTSITE_LANG wins over the report, --lang over both.
    let env = std::process::Command::new(crate::support::BIN)
        .env("KARTSITE_LANG", "nb")
        .args(["check", "--root"])
        .arg(&f.root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&env.stdout);
    assert!(
        stdout.contains("kartsite check: 1 feil, 0 advarsler"),
        "{stdout}"
    );
}

#[test]
fn json_keeps_the_english_kind_beside_the_translated_message() {
    let f = Fixture::copy("basic");
    f.write(
        "content/kartlaggning/trasig.md",
        "---\ntitle: Trasig\nsumary: x\n---\n",
    );
    let r = crate::support::run(
        &[
            "check",
            "--format",
            "json",
            "--lang",
            "sv",
            "--root",
            &f.root.to_string_lossy(),
        ],
        &f.root,
    );
    assert_eq!(r.code, 1);
    let items: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    let e = items
        .iter()
        .find(|i| i["severity"] == "error")
        .expect("an error");
    assert_eq!(e["kind"], "yaml");
    assert_eq!(e["file"], "content/kartlaggning/trasig.md");
    assert_eq!(e["line"], 3);
    let message = e["message"].as_str().unwrap();
    assert!(
        message.starts_with("okänt fält `sumary`; tillåtna fält är "),
        "{message}"
    );
    assert_eq!(e["hint"], "menade du `summary`?");
}
