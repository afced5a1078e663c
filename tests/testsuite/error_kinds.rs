//! Error kinds are one table (`kartsite::error::KINDS`): every kind code a
//! diagnostic is made with in `src/` is in it, and docs/format.md's kind
//! table lists every one.

use std::collections::BTreeSet;
use std::path::Path;

use kartsite::error::{KINDS, find_kind};

use crate::support::repo;

/// The kind codes passed to `Diagnostic::error/warning/note` in the
/// library code of `src/` (test modules left out), with where.
fn kinds_in_source(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            kinds_in_source(&p, out);
            continue;
        }
        if p.extension().is_none_or(|e| e != "rs") || p.file_name().unwrap() == "tests.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let lib = text.split("#[cfg(test)]").next().unwrap();
        for ctor in [
            "Diagnostic::error(",
            "Diagnostic::warning(",
            "Diagnostic::note(",
        ] {
            for (at, _) in lib.match_indices(ctor) {
                let rest = lib[at + ctor.len()..].trim_start();
                if let Some(lit) = rest.strip_prefix('"') {
                    let code = lit.split('"').next().unwrap();
                    // `Diagnostic::error("", file, "")` only formats a location.
                    if code.is_empty() {
                        continue;
                    }
                    let line = lib[..at].lines().count() + 1;
                    out.push((code.to_string(), format!("{}:{line}", p.display())));
                }
            }
        }
    }
}

#[test]
fn every_kind_used_in_src_is_in_the_table() {
    let mut used = Vec::new();
    kinds_in_source(&repo().join("src"), &mut used);
    assert!(used.len() > 80, "found only {} call sites", used.len());
    let missing: Vec<_> = used
        .iter()
        .filter(|(code, _)| find_kind(code).is_none())
        .map(|(code, at)| format!("{at}: kind \"{code}\" is not in KINDS in src/error.rs"))
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    let used: BTreeSet<_> = used.iter().map(|(c, _)| c.as_str()).collect();
    let unused: Vec<_> = KINDS
        .iter()
        .filter(|k| !used.contains(k.code))
        .map(|k| k.code)
        .collect();
    assert!(
        unused.is_empty(),
        "kinds in KINDS that nothing reports: {unused:?}"
    );
}

#[test]
fn the_table_has_each_kind_once_with_a_phase_and_a_meaning() {
    let mut seen = BTreeSet::new();
    for k in KINDS {
        assert!(seen.insert(k.code), "{} is in KINDS twice", k.code);
        assert!(!k.phases.is_empty() && !k.doc.is_empty(), "{k:?}");
        assert!(
            k.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            k.code
        );
    }
}

#[test]
fn docs_format_lists_every_kind() {
    let doc = std::fs::read_to_string(repo().join("docs/format.md")).unwrap();
    let table = doc
        .split("The `kind` of each problem:")
        .nth(1)
        .expect("docs/format.md has the kind table");
    // The first column of each row: `code`, `code` (warning)
    let mut listed = BTreeSet::new();
    for row in table.lines().skip_while(|l| !l.starts_with('|')) {
        let Some(row) = row.strip_prefix('|') else {
            break;
        };
        let first = row.split('|').next().unwrap();
        for code in first.split('`').skip(1).step_by(2) {
            // Other code in the cell, such as `kartsite check`, is no kind.
            if code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                listed.insert(code.to_string());
            }
        }
    }
    let missing: Vec<_> = KINDS
        .iter()
        .filter(|k| !listed.contains(k.code))
        .map(|k| k.code)
        .collect();
    assert!(
        missing.is_empty(),
        "docs/format.md's kind table lacks {missing:?}"
    );
    let unknown: Vec<_> = listed
        .iter()
        .filter(|c| find_kind(c).is_none() && *c != "Kind")
        .collect();
    assert!(
        unknown.is_empty(),
        "docs/format.md lists kinds kartsite never reports: {unknown:?}"
    );
}
