//! Tests of the HTML reader ([`super`]).

use super::*;

fn read_as(html: &str, from: &str, keep_remote: bool, want_text: bool, all: bool) -> Read {
    let how = Reading {
        keep_remote,
        want_text,
        all,
        ..Reading::default()
    };
    read_with(html, from, how)
}

#[test]
fn attribute_and_element_names() {
    assert!(url_attr("href") && url_attr("xlink:href") && !url_attr("class"));
    assert!(loaded("src") && loaded("srcset") && !loaded("href"));
    assert!(not_text("class") && not_text("viewbox") && !not_text("alt"));
    assert!(Kind::of("em") == Kind::Inline && Kind::of("tspan") == Kind::Inline);
    assert_eq!(Kind::of("td"), Kind::Block);
    assert_eq!(Kind::of("main"), Kind::Main);
    assert!(Kind::of("title").raw_text() && Kind::of("textarea").raw_text());
    assert!(!Kind::of("main").raw_text() && !Kind::of("span").raw_text());
}

#[test]
fn refused_urls_are_cut_and_named() {
    let html = "<p><a class=\"x\" href=\"../java&#x73;cript:alert(1)\">x</a>\n<img src='//evil.example/p.png' alt=\"karta\"></p>";
    let r = read(html, "a/b.html", false, true);
    assert_eq!(r.removed.len(), 2);
    assert_eq!(r.removed[0].attr, "href");
    assert_eq!(r.removed[1].line, 2);
    let out = String::from_utf8(cut(html.as_bytes(), &r.cuts)).unwrap();
    assert_eq!(out, "<p><a class=\"x\">x</a>\n<img alt=\"karta\"></p>");
}

#[test]
fn remote_images_go_unless_raw_html_is_allowed() {
    let html = "<img src=\"https://tracker.example/p.gif\"><a href=\"https://scb.se\">SCB</a>";
    let r = read(html, "index.html", false, false);
    assert_eq!(r.removed.len(), 1);
    assert_eq!(r.removed[0].why, Refused::Remote);
    let r = read(html, "index.html", true, false);
    assert!(r.removed.is_empty());
    assert_eq!(r.remote_kept.len(), 1);
}

#[test]
fn a_canonical_link_is_no_request_but_a_remote_stylesheet_is() {
    let html = "<link rel=\"canonical\" href=\"https://example.org/r/index.html\">\
                <link rel=\"stylesheet\" href=\"https://cdn.example/x.css\">";
    let r = read(html, "index.html", false, false);
    assert_eq!(r.removed.len(), 1);
    assert_eq!(r.removed[0].why, Refused::Remote);
    assert_eq!(r.removed[0].line, 1);
}

#[test]
fn text_joins_inline_markup_and_comments() {
    let html = "<p>Ring <em>070</em>-123<!-- x -->&#32;45&nbsp;67</p><td>45</td><td>123456</td>";
    let r = read_as(html, "index.html", false, true, true);
    assert_eq!(r.reader, ["Ring 070-123 45\u{a0}67", "45", "123456"]);
    assert_eq!(r.other, ["<!-- x -->"]);
}

#[test]
fn only_blocks_that_may_hold_personal_data_are_kept() {
    let html = "<p>Välkommen <em>till</em> Ekby</p><p>Ring 070-<b>123</b> 4</p>\
                <p title=\"Sida 3\" class=\"x\">Mötet &amp; fikat</p>\
                <a href=\"a%40b.se\">x</a><!-- ok --><td>12 %</td><td>(0)</td>";
    let r = read(html, "index.html", false, true);
    // Prose without seven digits, an `@`, a bracket or an unusual
    // character is not copied; an entity may decode to anything, so
    // its block is.
    assert_eq!(r.reader, ["Ring 070-123 4", "Mötet & fikat", "(0)"]);
    // A URL's percent escapes are decoded.
    assert_eq!(r.other, ["a@b.se"]);
    assert!(read(html, "index.html", false, false).reader.is_empty());
}

/// The shortcut against reading every block: generated HTML (inline
/// and block elements, entities, comments, attributes, scripts)
/// finds the same personal data read either way.
#[test]
fn the_kept_blocks_find_what_all_blocks_find() {
    const PIECES: &[&str] = &[
        "070",
        "-123",
        " 45 67",
        "8501011236",
        "850101",
        "-1236",
        "anna",
        "@",
        "&#64;",
        "&#x40;",
        "&commat;",
        "exempel.se",
        " [at] ",
        "&#48;",
        "&#55;",
        "7",
        "&amp;",
        "&nbsp;",
        "&shy;",
        "<em>",
        "</em>",
        "<b>",
        "</b>",
        "<span class=x>",
        "</span>",
        "<p>",
        "</p>",
        "<td>",
        "<br>",
        "<!-- c -->",
        "<!-- 070 123 45 67 -->",
        "<a href=\"a%40b.se\">",
        "</a>",
        "<a title=\"070 12345\">",
        "<script>var t = '0701234567';</script>",
        "<title>070 1234567</title>",
        "<path d=\"M 8501011236\"/>",
        "Ring ",
        "å",
        "¦",
        "\u{200B}",
        "\n",
        "(at)",
        "x",
    ];
    let found = |texts: &[String]| crate::gate::scan::personal_data(texts);
    let mut next = crate::gate::xorshift(0x2545_F491_4F6C_DD1D);
    let mut with_hits = 0;
    for _ in 0..20_000 {
        let html = crate::gate::pieces_text(&mut next, PIECES, 16);
        let kept = read(&html, "a/b.html", false, true);
        let every = read_as(&html, "a/b.html", false, true, true);
        let all = found(&every.reader);
        with_hits += usize::from(!all.is_empty());
        assert_eq!(found(&kept.reader), all, "{html:?}");
        assert_eq!(found(&kept.other), found(&every.other), "{html:?}");
        assert_eq!(
            found(std::slice::from_ref(&kept.geometry)),
            found(std::slice::from_ref(&every.geometry)),
            "{html:?}"
        );
    }
    assert!(with_hits > 2_000, "{with_hits}");
}

#[test]
fn links_to_site_pages_are_collected() {
    let html = "<a href=\"../intern.html#x\">i</a><link href=\"style.css\" rel=stylesheet>";
    let r = read(html, "fas/a.html", false, false);
    assert_eq!(r.links, vec![("intern.html".to_string(), 1)]);
}
