//! Languages of the generated site: Norwegian nynorsk as a main language,
//! and generated file names that are the same in every language (the old
//! Swedish names lead on to the new ones).

use crate::support::{Fixture, read};

#[test]
fn a_nynorsk_report_gets_a_nynorsk_site_and_norwegian_messages() {
    let f = Fixture::copy("basic");
    let book = read(f.path("book.toml")).replace("language = \"sv\"", "language = \"nn\"");
    f.write("book.toml", book);
    let run = f.audience("public").run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = read(f.out().join("index.html"));
    assert!(home.contains("<html lang=\"nn\""), "{home}");
    assert!(home.contains("Hopp til innhaldet"), "{home}");
    let a11y = read(f.out().join("accessibility.html"));
    assert!(a11y.contains("Tilgjengeerklæring"), "{a11y}");
    // Messages: nynorsk reads the bokmål catalogue (docs/format.md says so).
    f.write(
        "content/kartlaggning/trasig.md",
        "---\ntitle: Trasig\nsumary: x\n---\n",
    );
    let bad = crate::support::run(
        &["check", "--lang", "nn", "--root", &f.root.to_string_lossy()],
        &f.root,
    );
    assert_eq!(bad.code, 1);
    assert!(
        bad.stdout
            .contains("content/kartlaggning/trasig.md:3:1: feil: ukjent felt `sumary`"),
        "{}",
        bad.stdout
    );
    assert!(
        bad.stdout.contains("tips: mente du `summary`?"),
        "{}",
        bad.stdout
    );
}

#[test]
fn generated_pages_have_language_neutral_names_and_the_old_names_lead_on() {
    let f = Fixture::example();
    let run = f.audience("public").run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = f.out();
    for (old, new) in [
        ("tillganglighet.html", "accessibility.html"),
        ("arshjul.html", "annual-cycle.html"),
        ("omvarld.html", "environment.html"),
    ] {
        assert!(out.join(new).is_file(), "{new} missing");
        let page = read(out.join(old));
        // A plain link: no refresh (the XSS tests refuse one in any page).
        assert!(!page.contains("refresh"), "{old}: {page}");
        assert!(
            page.contains(&format!("<a href=\"{new}\">")),
            "{old}: {page}"
        );
        assert!(page.contains("noindex"), "{old}: {page}");
    }
    // Every page links the statement by its new name.
    let home = read(out.join("index.html"));
    assert!(home.contains("href=\"accessibility.html\""), "{home}");
    assert!(!home.contains("tillganglighet.html"), "{home}");
    // A sitemap lists pages, not the names that lead on.
    let sitemap = read(out.join("sitemap.xml"));
    assert!(sitemap.contains("accessibility.html"), "{sitemap}");
    assert!(!sitemap.contains("tillganglighet.html"), "{sitemap}");
}

#[test]
fn a_page_cannot_take_an_old_generated_name() {
    let f = Fixture::copy("basic");
    f.write(
        "content/tillganglighet.md",
        "---\ntitle: Egen\n---\n\nText.\n",
    );
    let run = f.audience("public").run();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/tillganglighet.md: error: this page would overwrite the generated page tillganglighet.html"
        ),
        "{}",
        run.stderr
    );
}
