//! More channels of the exit gate, each checked on the bytes written:
//! attachments published only when a page of the audience links them,
//! remote `url()` in CSS (raw HTML style attributes, `static/` and theme
//! style sheets), scripts that name another host, glossary marking that
//! would split a character reference, and YAML 1.1 booleans as column
//! names.

use crate::gate::{absent, append, build_public, out, records, set_book};
use crate::support::{Fixture, read, read_tree};

/// The line of stderr (with its hint) that holds every fragment.
#[track_caller]
fn says(stderr: &str, fragments: &[&str]) {
    assert!(
        records(stderr)
            .iter()
            .any(|l| fragments.iter().all(|s| l.contains(s))),
        "no line of stderr holds {fragments:?}\n{stderr}"
    );
}

#[test]
fn attachments_follow_the_pages_that_link_them() {
    let f = Fixture::copy("basic");
    f.write(
        "content/kartlaggning/publik-bilaga.pdf",
        "%PDF-1.4 PUBLIC-ATTACHMENT",
    );
    f.write(
        "content/kartlaggning/intern-bilaga.pdf",
        "%PDF-1.4 INTERNAL-ATTACHMENT",
    );
    f.write(
        "content/kartlaggning/utkast-bilaga.pdf",
        "%PDF-1.4 DRAFT-ATTACHMENT",
    );
    f.write("content/kartlaggning/oanvand.txt", "UNUSED-ATTACHMENT");
    append(
        &f,
        "content/kartlaggning/statistik.md",
        "\nLäs [bilagan](publik-bilaga.pdf).\n",
    );
    append(
        &f,
        "content/kartlaggning/anteckningar.md",
        "\nSe [den interna bilagan](intern-bilaga.pdf).\n",
    );
    append(
        &f,
        "content/kartlaggning/utkast.md",
        "\nSe [utkastets bilaga](utkast-bilaga.pdf).\n",
    );
    // Public: only the attachment of a public page is on disk.
    let r = build_public(&f);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = read_tree(&out(&f));
    assert_eq!(
        files
            .get("kartlaggning/publik-bilaga.pdf")
            .map(Vec::as_slice),
        Some(&b"%PDF-1.4 PUBLIC-ATTACHMENT"[..])
    );
    absent(
        &f,
        &[
            "INTERNAL-ATTACHMENT",
            "DRAFT-ATTACHMENT",
            "UNUSED-ATTACHMENT",
        ],
        "public build",
    );
    assert!(!files.contains_key("kartlaggning/intern-bilaga.pdf"));
    // The sitemap names only what is published.
    let sitemap = String::from_utf8_lossy(&files["sitemap.xml"]).to_string();
    assert!(!sitemap.contains("intern-bilaga"), "{sitemap}");
    // Internal: the internal page's attachment too; the draft's and the
    // unused one stay out.
    let internal = f.root.parent().unwrap().join("intern");
    let r = f.build(&["--audience", "internal", "-o", internal.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = read_tree(&internal);
    assert!(files.contains_key("kartlaggning/intern-bilaga.pdf"));
    assert!(files.contains_key("kartlaggning/publik-bilaga.pdf"));
    assert!(!files.contains_key("kartlaggning/utkast-bilaga.pdf"));
    assert!(!files.contains_key("kartlaggning/oanvand.txt"));
    // `check` lists the unused files, located at the file.
    let r = crate::support::run(
        &[
            "check",
            "--root",
            f.root.to_str().unwrap(),
            "--audience",
            "internal",
        ],
        &f.root,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let said = format!("{}{}", r.stdout, r.stderr);
    says(
        &said,
        &[
            "content/kartlaggning/oanvand.txt",
            "no page of this version links to this file",
        ],
    );
    says(
        &said,
        &["content/kartlaggning/utkast-bilaga.pdf", "not published"],
    );
    assert!(!said.contains("publik-bilaga"), "{said}");
    let r = crate::support::run(
        &[
            "check",
            "--root",
            f.root.to_str().unwrap(),
            "--audience",
            "public",
        ],
        &f.root,
    );
    let said = format!("{}{}", r.stdout, r.stderr);
    says(
        &said,
        &["content/kartlaggning/intern-bilaga.pdf", "not published"],
    );
}

#[test]
fn remote_urls_in_css_are_cut_wherever_the_css_is() {
    let f = Fixture::copy("basic");
    set_book(&f, "build", "allow_raw_html = false");
    append(
        &f,
        "content/kartlaggning/statistik.md",
        "\n<p style=\"background:url(https://tracker.example/CSS-G1.gif)\">Text</p>\n\n<p style=\"background:u\\72l('//tracker.example/CSS-G2.gif')\">Mer</p>\n",
    );
    f.write(
        "static/extra.css",
        "@import url(\"https://cdn.example/CSS-G3.css\");\n.a { color: red; }\n.b { background: url(//tracker.example/CSS-G4.png) no-repeat; }\n.c { background: url(bild.png); }\n",
    );
    f.write(
        "themes/default/static/style.css",
        "body { background-image: image-set(\"https://cdn.example/CSS-G5.png\" 1x); }\n",
    );
    let r = build_public(&f);
    assert_eq!(r.code, 0, "{}", r.stderr);
    absent(
        &f,
        &[
            "CSS-G1",
            "CSS-G2",
            "CSS-G3",
            "CSS-G4",
            "CSS-G5",
            "tracker.example",
            "cdn.example",
        ],
        "css",
    );
    says(
        &r.stderr,
        &["extra.css", "line 1 of extra.css", "another host"],
    );
    says(&r.stderr, &["line 3 of extra.css"]);
    says(&r.stderr, &["style.css", "another host"]);
    // What is left of the style sheet still works.
    let css = read(out(&f).join("extra.css"));
    assert!(css.contains(".a { color: red; }"), "{css}");
    assert!(css.contains("url(bild.png)"), "{css}");
}

#[test]
fn remote_css_in_raw_html_is_removed_unless_raw_html_is_allowed() {
    let f = Fixture::copy("basic");
    set_book(&f, "build", "allow_raw_html = true");
    append(
        &f,
        "content/kartlaggning/statistik.md",
        "\n<div style=\"background:url(&#104;ttps://tracker.example/RAW-G1.gif)\">x</div>\n\n<style>.x{background:url(//tracker.example/RAW-G2.gif)}</style>\n",
    );
    let r = build_public(&f);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Kept, with the warning (raw HTML is the writer's choice).
    says(&r.stderr, &["statistik.md", "another host"]);
}

#[test]
fn scripts_that_call_another_host_stop_the_build() {
    let f = Fixture::copy("basic");
    f.write(
        "static/extra.js",
        "// see https://docs.example for the API\nconst ns = \"http://www.w3.org/2000/svg\";\nfetch('https://tracker.example/JS-G1?u=' + location);\n",
    );
    let r = build_public(&f);
    assert_eq!(r.code, 1, "{}", r.stderr);
    says(
        &r.stderr,
        &["extra.js", "line 3", "tracker.example", "another host"],
    );
    assert!(!r.stderr.contains("docs.example"), "{}", r.stderr);
    assert!(!out(&f).exists(), "nothing is written");
    // With allow_raw_html, a warning.
    set_book(&f, "build", "allow_raw_html = true");
    let r = build_public(&f);
    assert_eq!(r.code, 0, "{}", r.stderr);
    says(&r.stderr, &["warning", "extra.js"]);
}

#[test]
fn glossary_marking_never_splits_a_character_reference() {
    let f = Fixture::copy("basic");
    f.write(
        "content/ordlista.yaml",
        "glossary:\n  - term: lt\n    explanation: En förkortning.\n  - term: amp\n    explanation: Förstärkare.\n  - term: quot\n    explanation: Citat.\n",
    );
    f.write(
        "content/boende.md",
        "---\ntitle: För boende\nresident: true\n---\n\nOm a < b och \"c\" & d, då gäller lt och amp och quot.\n",
    );
    let r = build_public(&f);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = read(out(&f).join("boende.html"));
    assert!(html.contains("a &lt; b"), "{html}");
    assert!(html.contains("&amp; d"), "{html}");
    assert!(
        !html.contains("&<abbr") && !html.contains("&l<abbr"),
        "{html}"
    );
    // The words themselves are marked.
    assert!(html.contains("#t-lt\">lt</a>"), "{html}");
    assert!(html.contains("#t-amp\">amp</a>"), "{html}");
}

#[test]
fn yes_and_no_column_names_stay_the_text_written() {
    let f = Fixture::copy("charts");
    f.write(
        "data/svar.csv",
        "y,n,yes,no,on,off\nNorrbacka,A,12,30,4,5\nEkby,B,20,18,6,7\n",
    );
    append(
        &f,
        "content/kartlaggning/diagram.md",
        "\n```chart\nid: svar-ja-nej\ntype: grouped-bar\ntitle: Svar ja och nej\nsummary: Fler svarade nej i Norrbacka.\ndata: svar.csv\ncategory: y\nvalues: [yes, no]\nfilter: {n: A}\nrename: {yes: Ja, no: Nej}\ntranspose: no\n```\n",
    );
    let r = build_public(&f);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = read(out(&f).join("kartlaggning/diagram.html"));
    let fig = &html[html.find("fig-svar-ja-nej").unwrap()..];
    assert!(fig.contains("<th scope=\"col\">Ja</th>"), "{fig}");
    assert!(fig.contains("<th scope=\"row\">Norrbacka</th>"), "{fig}");
    let csv = read(out(&f).join("data/svar-ja-nej.csv"));
    assert!(csv.contains("Norrbacka"), "{csv}");
    assert!(!csv.contains("Ekby"), "{csv}");
    assert!(!csv.contains("true") && !csv.contains("false"), "{csv}");
}
