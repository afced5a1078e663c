//! Pages for residents: languages (incl. right to left), fallbacks, the
//! feedback page, flyers with QR codes, readability and the glossary.

use crate::build_output::check_links;
use crate::support::{Fixture, decode_qr, read, read_tree};

#[test]
fn arabic_pages_are_right_to_left_with_marked_fallbacks() {
    let f = Fixture::copy("residents");
    let r = f.build(&[]);
    r.ok();
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let ar = read(f.out().join("ar/residents.html"));
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
    // Translated title; untranslated text keeps its language.
    assert!(
        ar.contains("<h2 id=\"pr-fritid-h\">مركز شباب مفتوح في المساء</h2>"),
        "{ar}"
    );
    assert!(
        ar.contains("<h2 id=\"pr-ljus-h\" lang=\"sv\" dir=\"ltr\">Bättre belysning i parken</h2>")
    );
    assert!(
        ar.contains("<span lang=\"sv\" dir=\"ltr\">Första kvällen med längre öppettider.</span>")
    );
    assert!(
        ar.contains("بعض النصوص متوفرة بالسويدية فقط"),
        "partial-translation notice"
    );
    // Names are isolated.
    assert!(ar.contains("<bdi>Provkommunen</bdi>"));
    // A translated page, and one without translation that falls back.
    let dialog = read(f.out().join("ar/behovsidentifiering/dialog.html"));
    assert!(dialog.contains("<h1>ماذا قال السكان</h1>"));
    assert!(!dialog.contains("fallback-notice"));
    let halsa = read(f.out().join("ar/behovsidentifiering/halsa.html"));
    assert!(
        halsa.contains("<p class=\"fallback-notice\">هذه الصفحة لم تُترجم بعد"),
        "{halsa}"
    );
    assert!(halsa.contains("<h1 lang=\"sv\" dir=\"ltr\">Hälsa i Lindby</h1>"));
    // English gets its pages too; Swedish stays the main language.
    assert!(read(f.out().join("en/residents.html")).contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(read(f.out().join("residents.html")).contains("<html lang=\"sv\" dir=\"ltr\">"));
    // Every link, including every language switcher entry, resolves.
    check_links(&f.out());
}

#[test]
fn language_switcher_links_every_language_of_the_page() {
    let f = Fixture::copy("residents");
    f.build(&[]).ok();
    let page = read(f.out().join("ar/behovsidentifiering/dialog.html"));
    for expected in [
        r#"<a href="../../behovsidentifiering/dialog.html" lang="sv" hreflang="sv" dir="auto">Svenska</a>"#,
        r#"<a href="../../ar/behovsidentifiering/dialog.html" lang="ar" hreflang="ar" dir="auto" aria-current="page">العربية</a>"#,
        r#"<a href="../../en/behovsidentifiering/dialog.html" lang="en" hreflang="en" dir="auto">English</a>"#,
    ] {
        assert!(page.contains(expected), "missing {expected}\n{page}");
    }
}

#[test]
fn feedback_page_goes_from_heard_to_doing_to_status() {
    let f = Fixture::copy("residents");
    f.build(&[]).ok();
    let sv = read(f.out().join("residents.html"));
    let heard = sv
        .find("Ni sa att det inte finns något att göra på kvällarna.")
        .expect("heard");
    let doing = sv.find("</abbr> får längre öppettider.").expect("doing");
    assert!(heard < doing);
    assert!(sv.contains("<span class=\"status status-ongoing\">Status: Pågår</span>"));
    assert!(sv.contains("<time datetime=\"2026-03-10\">10 mars 2026</time>"));
    // Not relevant, with the reason residents read.
    assert!(sv.contains("Inte aktuell"));
    assert!(sv.contains("Parken byggs om 2027 och får ny belysning då."));
    // How to take part.
    assert!(sv.contains("<h2 id=\"participate-h\">Så kan du vara med</h2>"));
    assert!(sv.contains("Lindby bibliotek"));
    assert!(sv.contains("href=\"https://forms.example.org/lindby\""));
    assert!(sv.contains("href=\"mailto:lindby@example.org\""));
    // Readable without JavaScript: no script at all.
    assert!(!sv.contains("<script"));
}

#[test]
fn flyers_carry_a_qr_code_of_the_published_page() {
    let f = Fixture::copy("residents");
    f.build(&[]).ok();
    for (page, url) in [
        (
            "flyer.html",
            "https://intranat.example.org/lindby/residents.html",
        ),
        (
            "ar/flyer.html",
            "https://intranat.example.org/lindby/ar/residents.html",
        ),
    ] {
        let html = read(f.out().join(page));
        let svg = &html[html.find("<svg class=\"qr\"").expect("qr")..];
        let svg = &svg[..svg.find("</svg>").unwrap() + 6];
        assert_eq!(decode_qr(svg), url, "{page}");
        assert!(html.contains(url));
    }
}

#[test]
fn without_base_url_the_build_warns_once_and_omits_the_code() {
    let f = Fixture::copy("residents");
    let toml =
        read(f.path("book.toml")).replace("base_url = \"https://intranat.example.org/lindby\"", "");
    f.write("book.toml", toml);
    let r = f.build(&[]);
    r.ok();
    assert_eq!(r.stderr.matches("warning:").count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("book.toml: warning: the flyers have no QR code"),
        "{}",
        r.stderr
    );
    assert!(!read(f.out().join("flyer.html")).contains("<svg"));
}

#[test]
fn readability_is_measured_and_warned_above_the_limit() {
    let f = Fixture::copy("residents");
    let r = f.build(&[]);
    assert!(
        r.stdout.contains("; LIX of 4 resident pages"),
        "{}",
        r.stdout
    );
    let toml = read(f.path("book.toml")) + "\n[readability]\nlix_max = 20\n";
    f.write("book.toml", toml);
    let r = f.build(&[]);
    r.ok();
    assert!(
        r.stderr.contains("content/behovsidentifiering/dialog.md: warning: the resident page behovsidentifiering/dialog.html has LIX"),
        "{}",
        r.stderr
    );
    // check lists the value of every resident page.
    let root = f.root.to_string_lossy().to_string();
    let c = crate::support::run(&["check", "--root", &root], &f.root);
    assert!(c.stdout.contains("note: LIX"), "{}", c.stdout);
}

#[test]
fn glossary_marks_the_first_use_and_lists_every_term() {
    let f = Fixture::copy("residents");
    f.build(&[]).ok();
    let page = read(f.out().join("behovsidentifiering/dialog.html"));
    assert_eq!(page.matches("<abbr class=\"term\"").count(), 1, "{page}");
    assert!(page.contains("<abbr class=\"term\" title=\"En plats där unga kan träffas efter skolan, med vuxna som arbetar där.\"><a href=\"../glossary.html#t-fritidsgard\">fritidsgård</a></abbr>"));
    let glossary = read(f.out().join("glossary.html"));
    assert!(glossary.contains(
        "<div id=\"t-fritidsgard\" class=\"item-glossary\"><dt><dfn>fritidsgård</dfn></dt>"
    ));
    assert!(glossary.contains(
        "<div id=\"t-vardcentral\" class=\"item-glossary\"><dt><dfn>vårdcentral</dfn></dt>"
    ));
    // The Arabic glossary has the translated term only.
    let ar = read(f.out().join("ar/glossary.html"));
    assert!(ar.contains("<dfn>مركز شباب</dfn>"));
    assert!(!ar.contains("vårdcentral"));
}

#[test]
fn translation_errors_are_located() {
    let f = Fixture::copy("residents");
    let yaml = read(f.path("content/behovsidentifiering/fynd.yaml"))
        .replace("      ar:\n        title:", "      so:\n        title:");
    f.write("content/behovsidentifiering/fynd.yaml", yaml);
    let r = f.build(&[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("content/behovsidentifiering/fynd.yaml:2:9: error: finding \"f-fritid\" has a translation into \"so\""), "{}", r.stderr);

    let f = Fixture::copy("residents");
    let yaml = read(f.path("content/behovsidentifiering/fynd.yaml"))
        .replace("        title: الشباب", "        need_area: الشباب");
    f.write("content/behovsidentifiering/fynd.yaml", yaml);
    let r = f.build(&[]);
    assert!(
        r.stderr
            .contains("the field \"need_area\" cannot be translated"),
        "{}",
        r.stderr
    );

    let f = Fixture::copy("residents");
    f.write("content/behovsidentifiering/saknas.ar.md", "# نص\n");
    let r = f.build(&[]);
    assert!(r.stderr.contains("content/behovsidentifiering/saknas.ar.md: error: this translation has no page in the main language"), "{}", r.stderr);
}

#[test]
fn resident_site_is_deterministic() {
    let f = Fixture::copy("residents");
    f.build(&["-o", "../a"]).ok();
    f.build(&["-o", "../b"]).ok();
    assert_eq!(
        read_tree(&f.root.join("../a")),
        read_tree(&f.root.join("../b"))
    );
}

#[test]
fn a_content_folder_named_like_a_language_is_refused() {
    let f = Fixture::copy("residents");
    f.write("content/ar/residents.md", "# Egen sida\n");
    let r = f.build(&[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "content/ar/residents.md: error: the folder ar/ holds the \"ar\" pages of the site"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn arabic_glossary_terms_get_distinct_anchors() {
    let f = Fixture::copy("residents");
    let yaml = read(f.path("content/analys-och-aterkoppling/plan.yaml"))
        + "  - term: krisberedskap\n    explanation: Att vara redo för en kris.\n    translations:\n      ar: { term: الاستعداد للأزمات, explanation: أن تكون مستعداً لأزمة. }\n";
    f.write("content/analys-och-aterkoppling/plan.yaml", yaml);
    f.build(&[]).ok();
    let ar = read(f.out().join("ar/glossary.html"));
    assert!(
        ar.contains("<div id=\"t-مركز-شباب\" class=\"item-glossary\">"),
        "{ar}"
    );
    assert!(
        ar.contains("<div id=\"t-الاستعداد-للأزمات\" class=\"item-glossary\">"),
        "{ar}"
    );
}
