//! `kartsite init` scaffolds a report that builds at once.

use crate::support::{Fixture, read, run};

#[test]
fn init_each_model_builds() {
    for (model, lang, phases) in [("omradeskartlaggning", "sv", 4), ("boligsosial", "nb", 5)] {
        let f = Fixture::empty();
        let root = f.root.to_string_lossy().to_string();
        let r = run(&["init", &root, "--model", model], &f.root);
        r.ok();
        assert!(r.stdout.contains(model), "{}", r.stdout);
        let b = f.build(&[]);
        b.ok();
        assert!(b.stdout.starts_with("kartsite: built "), "{}", b.stdout);
        // The only warning: no base_url yet, so the flyer has no QR code.
        let warnings: Vec<_> = b
            .stderr
            .lines()
            .filter(|l| l.contains("warning:"))
            .collect();
        assert_eq!(
            warnings,
            ["book.toml: warning: the flyers have no QR code because [build] base_url is not set"],
            "{}",
            b.stderr
        );
        let home = read(f.out().join("index.html"));
        assert!(home.contains(&format!("<html lang=\"{lang}\"")), "{model}");
        let phase_links = home.matches("class=\"phase-step").count();
        assert_eq!(phase_links, phases, "{model}");
        // The example page answers a guiding question, so progress shows.
        assert!(
            home.contains("1 av 5") || home.contains("1 av 3"),
            "{model}: {home}"
        );
    }
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let f = Fixture::copy("basic");
    let root = f.root.to_string_lossy().to_string();
    let before = read(f.path("book.toml"));
    let r = run(&["init", &root], &f.root);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not empty"), "{}", r.stderr);
    assert_eq!(read(f.path("book.toml")), before);
}

#[test]
fn usage_errors_exit_2() {
    let f = Fixture::copy("basic");
    let r = run(&["build", "--no-such-flag"], &f.root);
    assert_eq!(r.code, 2, "{r:?}");
    let r = run(&["init", "x", "--model", "okand"], &f.root);
    assert_eq!(r.code, 2, "{r:?}");
}

/// Every file of a scaffold, with its path, as text.
fn scaffold_text(model: &str) -> Vec<(String, String)> {
    let f = Fixture::empty();
    let root = f.root.to_string_lossy().to_string();
    run(&["init", &root, "--model", model], &f.root).ok();
    let mut out = Vec::new();
    for (path, bytes) in crate::support::read_tree(&f.root) {
        out.push((path, String::from_utf8(bytes).unwrap()));
    }
    out
}

#[test]
fn each_scaffold_is_in_one_language() {
    // Sentences of the English comments the scaffolds once had.
    let english = [
        "The report's settings",
        "UI language",
        "The process model",
        "Used only for",
        "Pages and items without",
        "A role and a function mailbox",
        "Which guiding questions",
        "keep this page out",
        "Data files",
        "see book.toml",
        "go here",
    ];
    let swedish = [
        "Ett första fynd",
        "Vad aktören gör",
        "exempel",
        "prioriteringar",
        "Segregationsbarometer",
        "hälsa",
        "halsa",
        "Det här",
        "Skriv här",
        "kretsen",
        "grundlaggande",
    ];
    for (model, foreign) in [
        ("omradeskartlaggning", &english[..]),
        ("boligsosial", &[&english[..], &swedish[..]].concat()[..]),
    ] {
        for (path, text) in scaffold_text(model) {
            for word in foreign {
                assert!(
                    !path.contains(word) && !text.contains(word),
                    "{model}: {path} holds {word:?}:\n{text}"
                );
            }
        }
    }
}

#[test]
fn the_norwegian_scaffold_puts_priorities_where_the_model_asks_for_them() {
    let files = scaffold_text("boligsosial");
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert!(
        paths.contains(&"content/forslag-til-modell/prioriteringer.yaml"),
        "{paths:?}"
    );
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("content/evaluere-og-tilpasse/") && p.ends_with(".yaml")),
        "{paths:?}"
    );
    // Its need areas are listed in book.toml, where the items' comment
    // says they are.
    let book = &files.iter().find(|(p, _)| p == "book.toml").unwrap().1;
    assert!(book.contains("id = \"bolig\""), "{book}");
}
