//! Tests of Markdown rendering: links, anchors, headings, cleaning.

use super::*;
use crate::error::Severity;

fn targets() -> LinkTargets {
    let mut t = LinkTargets::default();
    t.pages.insert("content/a/b.md".into(), "a/b.html".into());
    t.pages
        .insert("content/a/_index.md".into(), "a/index.html".into());
    t.hidden.insert("content/a/hemlig.md".into());
    t.assets.insert("a/karta.png".into());
    t.generated.insert("findings.html".into());
    t
}

fn md(text: &str) -> Rendered {
    md_with(text, &targets())
}

fn md_with(text: &str, targets: &LinkTargets) -> Rendered {
    let src = MdSource {
        file: Path::new("content/c/d.md"),
        first_line: 5,
        page_url: "c/d.html",
        demote: true,
        charts: None,
    };
    render(text, src, targets)
}

fn trusted() -> LinkTargets {
    LinkTargets {
        allow_raw_html: true,
        ..targets()
    }
}

#[test]
fn page_links_become_relative_html() {
    let r = md("[x](../a/b.md#del) [y](../a/) ![k](../a/karta.png)");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(r.html.contains(r#"href="../a/b.html#del""#), "{}", r.html);
    assert!(r.html.contains(r#"href="../a/index.html""#), "{}", r.html);
    assert!(r.html.contains(r#"src="../a/karta.png""#), "{}", r.html);
}

#[test]
fn generated_pages_can_be_linked_and_their_anchors_are_checked_later() {
    let r = md("[Alla fynd](../findings.html#f-1)");
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(
        r.html.contains(r#"href="../findings.html#f-1""#),
        "{}",
        r.html
    );
    assert_eq!(r.anchors.len(), 1);
    assert_eq!(
        (r.anchors[0].url.as_str(), r.anchors[0].anchor.as_str()),
        ("findings.html", "f-1")
    );
}

#[test]
fn sections_written_as_h2_stay_h2() {
    let r = md("## Avsnitt\n\n### Del\n");
    assert!(r.html.contains(r#"<h2 id="avsnitt">"#), "{}", r.html);
    assert!(r.html.contains(r#"<h3 id="del">"#), "{}", r.html);
}

#[test]
fn broken_links_are_located() {
    let r = md("text\n\n[x](../a/saknas.md) [h](../a/hemlig.md)");
    assert_eq!(r.errors.len(), 2);
    assert_eq!(r.errors[0].line, Some(7));
    assert_eq!(r.errors[0].column, Some(1));
    assert!(r.errors[1].message.contains("internal"));
}

#[test]
fn raw_html_is_cleaned_and_js_links_neutralised_with_located_warnings() {
    let r = md("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=\"x()\">b</b>");
    assert_eq!(r.html, "\n<p><a href=\"#\">x</a> <b>b</b></p>\n");
    let found: Vec<_> = r
        .errors
        .iter()
        .map(|e| (e.severity, e.kind, e.line, e.column))
        .collect();
    assert_eq!(
        found,
        [
            (Severity::Warning, "unsafe-html", Some(5), Some(1)),
            (Severity::Warning, "unsafe-link", Some(7), Some(1)),
            (Severity::Warning, "unsafe-html", Some(7), Some(29)),
        ]
    );
}

#[test]
fn links_hiding_a_script_scheme_are_caught() {
    for dest in [
        "<java\tscript:alert(1)>",
        "<\u{1}javascript:alert(1)>",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "java&#x09;script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
    ] {
        let r = md(&format!("[x]({dest}) ![y]({dest})"));
        assert!(
            !r.html.to_ascii_lowercase().contains("script:") && !r.html.contains("data:"),
            "{dest}: {}",
            r.html
        );
        assert_eq!(r.errors.len(), 2, "{dest}: {:?}", r.errors);
        assert!(r.errors.iter().all(|e| e.kind == "unsafe-link"), "{dest}");
    }
}

#[test]
fn allowed_html_is_kept_as_written_around_markdown() {
    let r = md(
        "<details>\n<summary>Mer</summary>\n\nText med <abbr title=\"Statistiska centralbyrån\">SCB</abbr>.\n\n</details>\n\n| a |\n|---|\n| <sup>1</sup> |\n",
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(
        r.html,
        "<details>\n<summary>Mer</summary>\n<p>Text med <abbr title=\"Statistiska centralbyrån\">SCB</abbr>.</p>\n</details>\n<div class=\"table-scroll\" role=\"group\" tabindex=\"0\" aria-label=\"a\">\n<table><thead><tr><th>a</th></tr></thead><tbody>\n<tr><td><sup>1</sup></td></tr>\n</tbody></table>\n</div>\n"
    );
}

#[test]
fn pages_without_html_are_rendered_as_before() {
    let text = "# Titel\n\nText *med* [länk](../a/b.md) och `kod`.\n\n- punkt\n";
    assert_eq!(md(text).html, md_with(text, &trusted()).html);
}

#[test]
fn allow_raw_html_keeps_html_as_written() {
    let r = md_with(
        "<video controls src=\"film.mp4\"></video>\n\n# T {data-x=1}\n",
        &trusted(),
    );
    assert!(
        r.html.contains("<video controls src=\"film.mp4\"></video>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("data-x=\"1\""), "{}", r.html);
    assert!(r.errors.is_empty());
}

#[test]
fn heading_attributes_other_than_lang_dir_title_go() {
    let r = md("## Rubrik {#r .c lang=en onclick=alert(1) style=x}\n");
    assert_eq!(r.html, "<h2 id=\"r\" class=\"c\" lang=\"en\">Rubrik</h2>\n");
    assert_eq!(r.errors.len(), 2);
}

#[test]
fn the_placeholder_character_in_the_text_changes_nothing() {
    let r = md("a \u{FDD0}0\u{FDD1} <b>b</b> \u{FDD0}");
    assert_eq!(r.html, "<p>a \u{FFFD}0\u{FDD1} <b>b</b> \u{FFFD}</p>\n");
    assert!(r.errors.is_empty());
}

#[test]
fn text_swallowed_by_an_unclosed_script_is_reported() {
    let r = md("Hej <script> alert(1)\n\nMer text.\n");
    assert!(!r.html.contains("alert"), "{}", r.html);
    assert!(
        r.errors.iter().any(|e| e.message.contains("left out")),
        "{:?}",
        r.errors
    );
}

/// From the `markdown` fuzz target: raw HTML with a script link inside
/// a heading stays text, however it is cut off.
#[test]
fn raw_script_link_in_a_heading_stays_text() {
    let r = md("# Plats där många o<A href=\"javascript:de boende](../a/b.md) Se [f---|\n");
    let lower = r.html.to_ascii_lowercase();
    assert!(!lower.contains("<a href=\"javascript"), "{}", r.html);
    assert!(r.html.contains("&lt;A href="), "{}", r.html);
}

#[test]
fn headings_get_ids_and_are_demoted() {
    let r = md("# Trygghet\n\n## Trygghet\n");
    assert!(r.html.contains(r#"<h2 id="trygghet">"#), "{}", r.html);
    assert!(r.html.contains(r#"<h3 id="trygghet-2">"#), "{}", r.html);
}

#[test]
fn external_links_untouched() {
    let r = md("[SCB](https://www.scb.se) [mejl](mailto:a@b.se)");
    assert!(r.errors.is_empty());
    assert!(r.html.contains("https://www.scb.se"));
    let r = md("![karta](https://example.org/karta.png)");
    assert_eq!(r.errors[0].kind, "external-image");
}

#[test]
fn links_to_the_writers_own_disk_are_errors() {
    for link in [
        r"C:\Users\anna\Dokument\karta.png",
        "H:/Rapport/bilaga.pdf",
        "file:///C:/Users/anna/karta.png",
    ] {
        let r = md(&format!("Se [kartan]({link})."));
        assert_eq!(r.errors.len(), 1, "{link}: {:?}", r.errors);
        let e = &r.errors[0];
        assert_eq!(e.kind, "local-file-link");
        assert_eq!((e.line, e.column), (Some(5), Some(4)), "{link}");
        assert!(e.message.contains(link), "{}", e.message);
    }
}
