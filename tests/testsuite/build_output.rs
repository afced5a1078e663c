//! What a successful build writes: pages, relative links, audiences,
//! determinism, theme overrides, snapshots of key pages.

use std::path::Path;

use crate::support::{Fixture, attr_values, read, read_tree};

#[test]
fn builds_every_page_kind_with_a_summary_line() {
    let f = Fixture::copy("basic");
    let r = f.build(&[]);
    r.ok();
    assert!(r.stderr.is_empty(), "no warnings expected: {}", r.stderr);
    let line = r.stdout.trim();
    assert!(
        line.starts_with("kartsite: built 17 pages and 7 items")
            && line.ends_with("; LIX of the resident page 22"),
        "{line}"
    );
    assert!(line.contains(" ms "), "{line}");
    let tree = read_tree(&f.out());
    for p in [
        "index.html",
        "forberedelser/index.html",
        "kartlaggning/index.html",
        "behovsidentifiering/index.html",
        "analys-och-aterkoppling/index.html",
        "kartlaggning/statistik.html",
        "kartlaggning/anteckningar.html",
        "kartlaggning/karta.svg",
        "findings.html",
        "priorities.html",
        "feedback.html",
        "actors.html",
        "places.html",
        "404.html",
        "residents.html",
        "flyer.html",
        "style.css",
    ] {
        assert!(tree.contains_key(p), "missing {p}; have {:?}", tree.keys());
    }
    assert!(
        !tree.contains_key("kartlaggning/utkast.html"),
        "drafts are left out"
    );
}

#[test]
fn every_internal_link_resolves_and_nothing_is_external() {
    let f = Fixture::copy("basic");
    f.build(&[]).ok();
    check_links(&f.out());
}

/// Every href/src in every page resolves to a file relative to the page;
/// no asset comes from another host; no root-absolute paths.
pub fn check_links(out: &Path) {
    let tree = read_tree(out);
    let mut checked = 0;
    for (page, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for (attr, v) in attr_values(&html, "href")
            .into_iter()
            .map(|v| ("href", v))
            .chain(attr_values(&html, "src").into_iter().map(|v| ("src", v)))
        {
            if v.starts_with("mailto:") || v.starts_with('#') {
                continue;
            }
            if v.starts_with("http://") || v.starts_with("https://") {
                assert_eq!(attr, "href", "{page}: external asset {v}");
                assert!(
                    !html.contains(&format!("<link rel=\"stylesheet\" href=\"{v}\"")),
                    "{page}: external stylesheet {v}"
                );
                continue;
            }
            assert!(!v.starts_with('/'), "{page}: root-absolute link {v}");
            let path = v.split('#').next().unwrap();
            let mut target = dir.to_path_buf();
            for seg in path.split('/') {
                match seg {
                    ".." => assert!(target.pop(), "{page}: {v} climbs out of the site"),
                    "." | "" => {}
                    s => target.push(s),
                }
            }
            let key = target.to_string_lossy().replace('\\', "/");
            assert!(
                tree.contains_key(&key),
                "{page}: {attr}=\"{v}\" → {key} does not exist"
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn same_input_gives_byte_identical_output() {
    let f = Fixture::copy("basic");
    f.build(&["-o", "../a"]).ok();
    f.build(&["-o", "../b"]).ok();
    let a = read_tree(&f.root.join("../a"));
    let b = read_tree(&f.root.join("../b"));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn public_build_leaves_out_everything_internal() {
    let f = Fixture::copy("basic");
    f.build(&["--audience", "public"]).ok();
    let tree = read_tree(&f.out());
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("INTERNAL-MARKER"),
            "{path} leaks internal content"
        );
        assert!(
            !text.contains("Intern iakttagelse"),
            "{path} leaks an internal title"
        );
        assert!(
            !text.contains("Intern version"),
            "{path} has the internal banner"
        );
    }
    assert!(!tree.contains_key("kartlaggning/anteckningar.html"));
    // The internal build shows it all, marked.
    f.build(&["--audience", "internal"]).ok();
    let findings = read(f.out().join("findings.html"));
    assert!(findings.contains("INTERNAL-MARKER-ITEM"));
    assert!(findings.contains("<span class=\"badge internal\">Intern</span>"));
    assert!(read(f.out().join("index.html")).contains("Intern version"));
}

#[test]
fn drafts_only_with_the_flag() {
    let f = Fixture::copy("basic");
    f.build(&["--drafts"]).ok();
    assert!(f.out().join("kartlaggning/utkast.html").exists());
}

#[test]
fn phase_page_links_questions_to_answering_pages() {
    let f = Fixture::copy("basic");
    f.build(&[]).ok();
    let phase = read(f.out().join("kartlaggning/index.html"));
    // Answered: linked to the page.
    assert!(
        phase.contains(r#"<li id="q-statistik" class="question answered">"#),
        "{phase}"
    );
    assert!(
        phase.contains(
            r#"Besvaras i: <a href="../kartlaggning/statistik.html">Statistik om Testby</a>"#
        ),
        "{phase}"
    );
    // Unanswered: marked in the internal build only.
    assert!(phase.contains(r#"<li id="q-aktorer" class="question unanswered">"#));
    assert!(phase.contains("Inte besvarad ännu"));
    f.build(&["--audience", "public"]).ok();
    let public = read(f.out().join("kartlaggning/index.html"));
    assert!(!public.contains("Inte besvarad ännu"));
    let home = read(f.out().join("index.html"));
    assert!(
        home.contains("2 av 7 vägledande frågor besvarade"),
        "{home}"
    );
}

#[test]
fn ui_language_follows_book_toml() {
    let f = Fixture::copy("basic");
    let toml = read(f.path("book.toml")).replace("language = \"sv\"", "language = \"en\"");
    f.write("book.toml", toml);
    f.build(&[]).ok();
    let home = read(f.out().join("index.html"));
    assert!(home.contains("<html lang=\"en\""));
    assert!(home.contains("Skip to content"));
    assert!(home.contains("Areas with socioeconomic challenges"));
    let toml = read(f.path("book.toml")).replace("language = \"en\"", "language = \"nb\"");
    f.write("book.toml", toml);
    f.build(&[]).ok();
    assert!(read(f.out().join("findings.html")).contains("Hopp til innholdet"));
}

#[test]
fn a_report_theme_overrides_single_files() {
    let f = Fixture::copy("basic");
    f.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Egen 404</h1>{% endblock content %}",
    );
    f.write("themes/default/static/style.css", "body { color: #000; }");
    // A strings file with only the strings it changes.
    f.write(
        "themes/default/strings/sv.toml",
        "nav_findings = \"Iakttagelser\"\n",
    );
    f.build(&[]).ok();
    assert!(read(f.out().join("404.html")).contains("<h1>Egen 404</h1>"));
    assert_eq!(read(f.out().join("style.css")), "body { color: #000; }");
    // Other templates and strings still come from the built-in theme.
    let findings = read(f.out().join("findings.html"));
    assert!(findings.contains("<h1>Iakttagelser</h1>"), "{findings}");
    assert!(findings.contains("Hoppa till innehållet"));
}

/// The `<main>` element of a page, as written: what a page snapshot holds,
/// so that a change to the header or footer of `base.html` touches no page
/// snapshot (the browser suite and the tests above check those).
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html[start..].find("</main>").expect("</main>") + start + "</main>".len();
    &html[start..end]
}

/// The `<main>` of key pages of the basic fixture, snapshotted.
#[test]
fn snapshots_of_key_pages() {
    let f = Fixture::copy("basic");
    f.build(&[]).ok();
    for page in [
        "index.html",
        "kartlaggning/index.html",
        "kartlaggning/statistik.html",
        "findings.html",
        "priorities.html",
        "feedback.html",
        "actors.html",
        "places.html",
    ] {
        let name = page.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, main_of(&read(f.out().join(page))));
    }
}

/// `kartsite build` streams pages to disk as they are rendered; the
/// in-memory build (`serve`, `check`) holds the whole site. Both must give
/// the same bytes, for every fixture and both audiences.
#[test]
fn streamed_build_equals_the_in_memory_build() {
    for name in ["basic", "charts", "residents", "search-report", "serve"] {
        for audience in [
            kartsite::config::Audience::Internal,
            kartsite::config::Audience::Public,
        ] {
            let f = Fixture::copy(name);
            let flag = format!("--audience={}", audience.as_str());
            let r = f.build(&[&flag]);
            if r.code != 0 {
                // A fixture may not build for the public (its privacy guard
                // is the point); the in-memory build must fail the same way.
                let mut opts = kartsite::BuildOptions::new(f.path(""));
                opts.audience = audience;
                assert!(kartsite::build_in_memory(&opts).is_err(), "{name} {flag}");
                continue;
            }
            let mut on_disk = read_tree(&f.out());
            on_disk.remove(".kartsite");
            let mut opts = kartsite::BuildOptions::new(f.path(""));
            opts.audience = audience;
            let built = kartsite::build_site(&opts).unwrap();
            let in_memory: std::collections::BTreeMap<String, Vec<u8>> =
                built.files.into_iter().map(|f| (f.url, f.bytes)).collect();
            assert_eq!(
                on_disk.keys().collect::<Vec<_>>(),
                in_memory.keys().collect::<Vec<_>>(),
                "{name} {flag}: the same files"
            );
            for (url, bytes) in &in_memory {
                assert!(on_disk[url] == *bytes, "{name} {flag}: {url} differs");
            }
        }
    }
}
