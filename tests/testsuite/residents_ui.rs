//! Residents first (#16): the phone menu, fallback text marked with its
//! language and direction, the poster, `[theme]` and `[book] logo`, tables
//! that keyboards can scroll, and addresses that break only at `/`, `.`, `@`.

use crate::support::*;

/// Build `f` for the public and return the output folder.
fn build_public(f: &Fixture) -> std::path::PathBuf {
    let out = f.path("ut");
    f.build(&["--audience", "public", "-o", out.to_str().unwrap()])
        .ok();
    out
}

#[test]
fn the_menu_folds_into_one_button_without_script() {
    let f = Fixture::copy("residents");
    let out = build_public(&f);
    for page in ["index.html", "ar/residents.html", "flyer.html"] {
        let html = read(out.join(page));
        let nav = &html[html.find("<nav class=\"site-nav\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        assert!(
            nav.starts_with("<nav class=\"site-nav\" aria-label=")
                && nav.contains("<details class=\"menu\">\n<summary>"),
            "{page}: {nav}"
        );
        // Resident pages carry no script at all (the others only search.js).
        assert!(page == "index.html" || !html.contains("<script"), "{page}");
        // The skip link is still the first thing on the page.
        let body = &html[html.find("<body>").unwrap()..];
        assert!(
            body.starts_with("<body>\n<a class=\"skip-link\" href=\"#main\">"),
            "{page}"
        );
    }
    let ar = read(out.join("ar/residents.html"));
    assert!(ar.contains("<summary>القائمة</summary>"), "{ar}");
}

#[test]
fn untranslated_text_on_an_arabic_page_says_its_language_and_direction() {
    let f = Fixture::copy("residents");
    f.write(
        "content/behovsidentifiering/halsa.md",
        "---\ntitle: Hälsa i Lindby\nresident: true\nsummary: Vårdcentralen, 2026-08-20.\n---\n\nDet här finns bara på svenska.\n",
    );
    let out = build_public(&f);
    let page = read(out.join("ar/behovsidentifiering/halsa.html"));
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
    // The heading, the lead paragraph and the body of the fallback page.
    assert!(
        page.contains("<h1 lang=\"sv\" dir=\"ltr\">Hälsa i Lindby</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"lead\" lang=\"sv\" dir=\"ltr\">Vårdcentralen, 2026-08-20.</p>"),
        "{page}"
    );
    assert!(
        page.contains("<div lang=\"sv\" dir=\"ltr\"><p>Det här finns bara på svenska.</p>"),
        "{page}"
    );
    // Its menu entry is marked as Swedish, in Swedish.
    assert!(
        page.contains("<span lang=\"sv\" dir=\"ltr\">Hälsa i Lindby (Svenska)</span>"),
        "{page}"
    );
    // Footer links follow the page's direction; each says it is Swedish.
    assert!(page.contains("<p class=\"footer-links\"><a href=\"../../accessibility.html\" lang=\"sv\" dir=\"ltr\">"), "{page}");
    // The contact role and the address are on lines of their own.
    assert!(
        page.contains("<bdi lang=\"sv\">Samordnare i Lindby</bdi><br><a class=\"address\" href=\"mailto:lindby@example.org\" dir=\"ltr\">lindby@<wbr>example.<wbr>org</a>"),
        "{page}"
    );
    // On the main-language page nothing is marked.
    let sv = read(out.join("behovsidentifiering/halsa.html"));
    assert!(
        sv.contains("<h1>Hälsa i Lindby</h1>") && !sv.contains("(Svenska)"),
        "{sv}"
    );
}

#[test]
fn the_poster_has_the_next_meeting_the_priorities_in_words_and_symbols_and_a_breakable_address() {
    let f = Fixture::copy("residents");
    let toml = read(f.path("book.toml"));
    // Meetings in any order: the poster shows the earliest.
    f.write(
        "book.toml",
        toml.replace(
            "[[participate.meetings]]",
            "[[participate.meetings]]\ndate = \"2026-09-01 17:00\"\nplace = \"Lindby skola\"\ntext = \"Senare möte.\"\n\n[[participate.meetings]]",
        ),
    );
    let out = build_public(&f);
    let html = read(out.join("flyer.html"));
    let poster = &html[html.find("<article class=\"flyer poster\">").unwrap()..];
    assert!(poster.contains("<h2 id=\"poster-meeting-h\">Nästa möte</h2>\n<p class=\"poster-when\"><time datetime=\"2026-05-12T18:00\">12 maj 2026 18:00</time></p>\n<p class=\"poster-place\"><bdi>Lindby bibliotek</bdi></p>\n<p class=\"poster-text\">Öppet möte om tryggheten.</p>"), "{poster}");
    assert!(!poster.contains("Senare möte."));
    // Status in words and a symbol hidden from screen readers.
    assert!(poster.contains("<li class=\"poster-not_relevant\"><span class=\"poster-symbol\" aria-hidden=\"true\">–</span>"), "{poster}");
    assert!(
        poster.contains("<span class=\"poster-status\">Inte aktuell"),
        "{poster}"
    );
    // The short address, broken only after / and .
    assert!(poster.contains("<p class=\"address\" dir=\"ltr\">intranat.<wbr>example.<wbr>org/<wbr>lindby/<wbr>residents.<wbr>html</p>"), "{poster}");
    assert!(poster.contains("<p class=\"poster-photo\">Ta ett foto av koden med mobilen</p>"));
    // The Arabic poster has its own texts and its own page's code.
    let ar = read(out.join("ar/flyer.html"));
    assert!(
        ar.contains("<p class=\"poster-photo\">صوّر الرمز بهاتفك</p>"),
        "{ar}"
    );
    assert!(
        ar.contains("<p class=\"poster-place\"><bdi>مكتبة ليندبي</bdi></p>"),
        "{ar}"
    );
}

#[test]
fn theme_logo_and_accent_change_the_look_and_a_light_accent_is_refused_where_it_is_written() {
    let f = Fixture::copy("residents");
    let toml = read(f.path("book.toml"));
    f.write(
        "static/rk.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
    );
    f.write("content/bilder/lindby.png", [0x89, b'P', b'N', b'G']);
    let themed = toml.replace(
        "language = \"sv\"",
        "language = \"sv\"\nlogo = \"content/bilder/lindby.png\"",
    ) + "\n[theme]\nlogo = \"static/rk.svg\"\naccent = \"#00594f\"\n";
    f.write("book.toml", &themed);
    let out = build_public(&f);
    let css = read(out.join("style.css"));
    assert!(css.ends_with(":root { --accent: #00594f; }\n"), "{css}");
    let index = read(out.join("index.html"));
    assert!(
        index.contains("<img class=\"org-logo\" src=\"rk.svg\" alt=\"Röda Korset Lindbykretsen\">"),
        "{index}"
    );
    assert!(index.contains("<a href=\"index.html\"><img class=\"report-logo\" src=\"bilder/lindby.png\" alt=\"\">Återkoppling i Lindby</a>"), "{index}");
    let nested = read(out.join("ar/flyer.html"));
    assert!(nested.contains("<img class=\"poster-logo\" src=\"../rk.svg\" alt=\"Röda Korset Lindbykretsen\" lang=\"sv\">"), "{nested}");

    // Too light: a located error with a darker suggestion, and the previous
    // site stays as it was.
    let before = hashes(&out);
    let line = themed
        .lines()
        .position(|l| l.starts_with("accent"))
        .unwrap()
        + 1;
    f.write("book.toml", themed.replace("#00594f", "#ff9900"));
    let r = f.build(&["--audience", "public", "-o", out.to_str().unwrap()]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains(&format!(
            "book.toml:{line}:1: error: the accent colour #ff9900 in [theme] is too light: 2."
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: use a darker colour; the same hue at 4.5:1 is accent = \"#"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"));
    assert_eq!(hashes(&out), before);

    // A logo that is not in the report.
    f.write(
        "book.toml",
        themed.replace("static/rk.svg", "static/saknas.svg"),
    );
    let r = f.build(&["--audience", "public", "-o", out.to_str().unwrap()]);
    assert_ne!(r.code, 0);
    let line = themed
        .lines()
        .position(|l| l == "logo = \"static/rk.svg\"")
        .unwrap()
        + 1;
    assert!(
        r.stderr.contains(&format!("book.toml:{line}:1: error: the logo \"static/saknas.svg\" in [theme] is not a file of the report")),
        "{}",
        r.stderr
    );
    assert_eq!(hashes(&out), before);
}

#[test]
fn wide_tables_scroll_by_keyboard_and_have_no_empty_headers() {
    let f = Fixture::copy("residents");
    f.write(
        "content/behovsidentifiering/tabell.md",
        "---\ntitle: Tabell\n---\n\n|  | 2024 | 2025 |\n|---|--:|--:|\n| Lindby | 1 | 2 |\n",
    );
    let out = build_public(&f);
    let html = read(out.join("behovsidentifiering/tabell.html"));
    assert!(html.contains("<div class=\"table-scroll\" role=\"group\" tabindex=\"0\" aria-label=\"2024, 2025\">\n<table><thead><tr><td></td><th style=\"text-align: right\">2024</th>"), "{html}");
    assert!(!html.contains("<th></th>"));
}

#[test]
fn an_accessibility_statement_left_at_its_defaults_does_not_contradict_itself() {
    let f = Fixture::copy("residents");
    let out = build_public(&f);
    let page = read(out.join("accessibility.html"));
    assert!(
        page.contains("Vi har ännu inte gått igenom hela webbplatsen"),
        "{page}"
    );
    assert!(
        page.contains("Vi har ännu inte bedömt om webbplatsen är förenlig med"),
        "{page}"
    );
    assert!(
        page.contains("Texter, bilder och diagram har vi inte granskat ännu."),
        "{page}"
    );
    assert!(
        page.contains("Webbplatsen har ännu inte bedömts."),
        "{page}"
    );
    for contradiction in [
        "Vi vet att delar av webbplatsen inte är helt tillgängliga",
        "delvis förenlig",
        "Vi har själva bedömt webbplatsen",
    ] {
        assert!(!page.contains(contradiction), "{contradiction}: {page}");
    }
    // Once assessed, with a shortcoming, the statement says so.
    let toml = read(f.path("book.toml"));
    f.write(
        "book.toml",
        toml + "\n[accessibility]\nassessed = \"2026-03-01\"\nshortcomings = [\"Kartan saknar textalternativ.\"]\n",
    );
    let out = build_public(&f);
    let page = read(out.join("accessibility.html"));
    assert!(
        page.contains("Vi vet att delar av webbplatsen inte är helt tillgängliga"),
        "{page}"
    );
    assert!(page.contains("Vi har själva bedömt webbplatsen"), "{page}");
    assert!(
        page.contains("<li>Kartan saknar textalternativ.</li>"),
        "{page}"
    );
}

#[test]
fn what_we_heard_holds_only_what_residents_said() {
    let f = Fixture::copy("residents");
    let findings = read(f.path("content/behovsidentifiering/fynd.yaml"));
    f.write(
        "content/behovsidentifiering/fynd.yaml",
        findings
            + "  - id: f-statistik\n    title: Hälften av hushållen har låg inkomst\n    need_area: trygghet\n    source: statistics\n",
    );
    let plan = read(f.path("content/analys-och-aterkoppling/plan.yaml"));
    f.write(
        "content/analys-och-aterkoppling/plan.yaml",
        plan.replace(
            "    based_on: [f-fritid]\n    action: Kommunen ser över belysningen.",
            "    based_on: [f-statistik, f-fritid]\n    action: Kommunen ser över belysningen.",
        ),
    );
    let out = build_public(&f);
    let html = read(out.join("residents.html"));
    let ljus = &html[html
        .find("<section class=\"resident-priority\" id=\"pr-ljus\"")
        .unwrap()..];
    let ljus = &ljus[..ljus.find("</section>").unwrap()];
    // No feedback for this priority: the dialogue finding stands in, the statistics one does not.
    assert!(ljus.contains("<h3>Det här hörde vi</h3>"), "{ljus}");
    assert!(ljus.contains("Unga saknar en plats på kvällen"), "{ljus}");
    assert!(
        !html.contains("Hälften av hushållen har låg inkomst"),
        "{ljus}"
    );
}
