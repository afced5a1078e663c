//! `kartsite` with no arguments (a double click): without a terminal it
//! explains in the system's language and exits, or builds the report in
//! the folder; it never waits for input that cannot come.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{BIN, Fixture, read_tree};

/// Run `kartsite` without arguments in `cwd`, stdin closed, with `lang`
/// as the only locale variable.
fn start(cwd: &Path, lang: &str) -> (i32, String, String, Duration) {
    let t = Instant::now();
    let out = Command::new(BIN)
        .current_dir(cwd)
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        t.elapsed(),
    )
}

#[test]
fn outside_a_report_it_explains_in_the_system_language_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "sv_SE.UTF-8",
            "Det finns ingen rapport här (ingen book.toml) i",
        ),
        (
            "nb_NO.UTF-8",
            "Det finnes ingen rapport her (ingen book.toml) i",
        ),
        (
            "nn_NO.UTF-8",
            "Det finnes ingen rapport her (ingen book.toml) i",
        ),
        ("de_DE.UTF-8", "There is no report here (no book.toml) in"),
        ("C", "There is no report here (no book.toml) in"),
    ];
    for (lang, expected) in cases {
        let (code, stdout, stderr, took) = start(dir.path(), lang);
        assert_eq!(code, 2, "{lang}: {stdout}{stderr}");
        assert!(stdout.contains(expected), "{lang}: {stdout}");
        assert!(stdout.contains("kartsite init"), "{lang}: {stdout}");
        assert!(took < Duration::from_secs(20), "{lang}: took {took:?}");
        // Nothing is created without an answer.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

#[test]
fn in_a_report_folder_it_builds_and_says_how_to_preview() {
    let f = Fixture::copy("basic");
    let (code, stdout, stderr, _) = start(&f.root, "sv_SE.UTF-8");
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("Bygger rapporten i"), "{stdout}");
    assert!(
        stdout.contains("Förhandsvisning: kartsite serve --open"),
        "{stdout}"
    );
    let built = read_tree(&f.root);
    assert!(
        built.keys().any(|k| k.ends_with("/index.html")),
        "no site written: {:?}",
        built.keys().collect::<Vec<_>>()
    );
}

#[test]
fn a_report_that_does_not_build_gives_located_errors_and_status_1() {
    let f = Fixture::copy("basic");
    f.write("content/trasig.md", "---\ntitle: [oavslutad\n---\nText\n");
    let (code, stdout, stderr, _) = start(&f.root, "nb_NO.UTF-8");
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("content/trasig.md:2:"), "{stderr}");
    assert!(stderr.contains("Rapporten kunne ikke bygges"), "{stderr}");
}
