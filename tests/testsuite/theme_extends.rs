//! A theme override that extends a built-in template: `{% extends
//! "default/page.html" %}` with one block replaced keeps everything else of
//! the built-in page, byte for byte.

use crate::support::{Fixture, read, read_tree, stderr_snapshot};

/// The fixture theme `egen`: the built-in page template with one block
/// (`page_answers`, after the page's text) extended by a note.
const PAGE: &str = r#"{% extends "default/page.html" %}
{% block page_answers %}{{ super() }}<p class="egen-not">Frågor om kartläggningen? Ring kretsen.</p>
{% endblock page_answers %}
"#;

/// What the block adds to each ordinary page.
const NOTE: &str = "<p class=\"egen-not\">Frågor om kartläggningen? Ring kretsen.</p>\n";

fn with_theme(f: &Fixture, page: &str) {
    f.write("themes/egen/templates/page.html", page);
    let toml = read(f.path("book.toml"));
    assert!(toml.contains("[build]\n"));
    f.write(
        "book.toml",
        toml.replacen("[build]\n", "[build]\ntheme = \"egen\"\n", 1),
    );
}

#[test]
fn an_override_extends_the_built_in_page_and_replaces_one_block() {
    let f = Fixture::copy("basic");
    let plain = f.dir().join("plain");
    f.audience("internal").out(&plain).ok();
    let before = read_tree(&plain);
    with_theme(&f, PAGE);
    let themed = f.dir().join("themed");
    f.audience("internal").out(&themed).ok();
    let after = read_tree(&themed);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let mut extended = Vec::new();
    let mut printed = 0;
    for (path, bytes) in &after {
        if path == "build.json" {
            // It records the theme's files.
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let notes = text.matches(NOTE).count();
        // Without the note every file is the built-in one, byte for byte.
        assert_eq!(
            text.replace(NOTE, "").as_bytes(),
            before[path].as_slice(),
            "{path} differs from the built-in output beyond the block"
        );
        if path == "print.html" {
            // The print page holds each page's section.
            printed = notes;
        } else if notes > 0 {
            // Once, after the page's text, inside <main>.
            assert_eq!(notes, 1, "{path}");
            assert!(text.find(NOTE) < text.find("</main>"), "{path}");
            extended.push(path.as_str());
        }
    }
    assert_eq!(
        printed,
        extended.len(),
        "every extended page on the print page"
    );
    // Every ordinary page and no other.
    assert!(
        extended.contains(&"kartlaggning/statistik.html"),
        "{extended:?}"
    );
    for other in ["index.html", "kartlaggning/index.html", "findings.html"] {
        assert!(!extended.contains(&other), "{other}: {extended:?}");
    }
}

#[test]
fn extending_a_built_in_template_that_does_not_exist_is_a_located_error() {
    let f = Fixture::copy("basic");
    with_theme(
        &f,
        "{% extends \"default/sida.html\" %}\n{% block content %}{% endblock content %}\n",
    );
    let r = f.audience("internal").run();
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("default/sida.html"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    stderr_snapshot(&f, &r);
}
