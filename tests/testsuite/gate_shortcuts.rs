//! The exit gate's shortcuts, each tried with payloads placed exactly
//! where it skips work:
//!
//! - a section of the print page is read beside the page it repeats, and
//!   of the text a reader sees in it only the blocks the page's text does
//!   not hold are scanned: a block changed by one character, text joined
//!   across inline markup, rewritten attribute values, geometry, comments,
//!   scripts and moved blocks must still stop a public build, and the
//!   page's own personal data is reported once, at the page;
//! - the search index is scanned string by string: personal data in a
//!   title or a snippet, escaped or not, still stops it.

use kartsite::config::{Audience, load_config};
use kartsite::gate::Gate;
use kartsite::render::OutFile;

use crate::support::repo;

/// The bundled example's report and settings, loaded once per test.
fn example() -> (kartsite::model::Report, kartsite::config::Settings) {
    let root = repo();
    let settings = load_config(&root).expect("book.toml");
    let report = kartsite::load::load(
        &root,
        &settings,
        kartsite::load::LoadOptions { drafts: false },
    )
    .expect("the example loads");
    (report, settings)
}

const PAGE_URL: &str = "kartlaggning/natverk.html";

/// A page: a header and menu, then `main`.
fn page(main: &str) -> OutFile {
    OutFile {
        url: PAGE_URL.into(),
        bytes: format!(
            "<!DOCTYPE html>\n<html lang=\"sv\"><head><title>Nätverk</title></head><body>\n\
             <nav><ul><li><a href=\"../index.html\">Startsida</a></li></ul></nav>\n\
             <main id=\"main\">\n{main}\n</main>\n<footer><p>Ekby krets</p></footer></body></html>\n"
        )
        .into_bytes(),
    }
}

/// The section of the print page made from `main`.
fn section(main: &str) -> Vec<u8> {
    format!("<section id=\"kartlaggning-natverk\" class=\"print-section\">\n{main}\n</section>\n")
        .into_bytes()
}

/// Pass the page and the section; the messages that name personal data,
/// each with the file it names.
fn privacy_errors(gate: &Gate<'_>, main: &str, section_main: &str) -> Vec<String> {
    let mut diags = Vec::new();
    let mut s = section(section_main);
    let (p, sec) = gate.pass_page_and_section(page(main), "print.html", &mut s, &mut diags);
    let (_, mut p) = p.expect("the page's name may be published");
    gate.report_hits(std::mem::take(&mut p.hits), &mut diags);
    gate.report_hits(sec.hits, &mut diags);
    diags
        .iter()
        .filter(|d| d.kind == "privacy")
        .map(|d| d.to_string())
        .collect()
}

const MAIN: &str = "<h1>Nätverk</h1>\n<p>Ring oss <em>gärna</em> på kvällen.</p>\n\
                    <table><tr><td>12 %</td><td>Föreningar</td></tr></table>\n\
                    <p>Läs mer om <a href=\"statistik.html\">statistiken</a>.</p>";

#[test]
fn a_section_that_repeats_its_page_passes_clean() {
    let (report, settings) = example();
    let gate = Gate::new(&report, &settings, Audience::Public);
    // As the print page rewrites it: headings a level down, ids and
    // links into the section.
    let rewritten = MAIN
        .replace("<h1>", "<h2 id=\"kartlaggning-natverk--top\">")
        .replace("</h1>", "</h2>")
        .replace("statistik.html", "#kartlaggning-statistik");
    assert_eq!(
        privacy_errors(&gate, MAIN, &rewritten),
        Vec::<String>::new()
    );
}

#[test]
fn payloads_where_the_shortcut_skips_still_stop_the_build() {
    let (report, settings) = example();
    let variants: &[(&str, &str)] = &[
        // A block changed by a few characters.
        ("Ring oss", "Ring 070-123 45 67"),
        // Text joined across inline markup with a block of the page.
        ("<em>gärna</em> på kvällen.", "<em>070-123</em> 45 67"),
        // Two table cells of the page made one.
        ("<td>12 %</td><td>Föreningar</td>", "<td>070-1234567</td>"),
        // A rewritten attribute value.
        ("<h1>", "<h1 title=\"Ring 070-123 45 67\">"),
        ("href=\"statistik.html\"", "href=\"#anna@exempel.se\""),
        ("<p>Läs", "<p title=\"anna&#64;exempel.se\">Läs"),
        // Geometry (identity numbers only).
        ("<p>Ring", "<svg><path d=\"M 850101-1236\"/></svg><p>Ring"),
        // A comment and a script.
        ("<p>Ring", "<!-- 070-123 45 67 --><p>Ring"),
        (
            "<p>Ring",
            "<script>var t = '070-123 45 67';</script><p>Ring",
        ),
        // A block that is the page's, moved after the page's last block.
        (
            "<p>Läs mer",
            "<p>Ring 070&#45;123&nbsp;45&#x20;67</p><p>Läs mer",
        ),
    ];
    for (from, to) in variants {
        let gate = Gate::new(&report, &settings, Audience::Public);
        let changed = MAIN.replacen(from, to, 1);
        assert_ne!(changed, MAIN, "{to}");
        let errors = privacy_errors(&gate, MAIN, &changed);
        assert!(
            errors.iter().any(|e| e.contains("print.html")),
            "{to}: {errors:?}"
        );
    }
}

#[test]
fn generated_sections_with_one_payload_block_are_always_caught() {
    let (report, settings) = example();
    const BLOCKS: &[&str] = &[
        "<p>Ring oss</p>",
        "<p>12 %</p>",
        "<td>45</td>",
        "<td>123</td>",
        "<li>070</li>",
        "<p>Tel <em>070</em>-123</p>",
        "<h2 id=\"a\">Möten</h2>",
        "<p><a href=\"x.html\">x</a></p>",
        "<br>",
        "<p> </p>",
    ];
    const PAYLOADS: &[&str] = &[
        "<p>070-123 45 67</p>",
        "<td>anna@exempel.se</td>",
        "<p>Tel <em>070</em>-123 45 67</p>",
        "<h2 id=\"a\" title=\"070-123 45 67\">Möten</h2>",
        "<p>8501011236</p>",
    ];
    let mut state: u64 = 0x5EC7_1015_0F7A_6E00;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let n = 1 + (next() % 40) as usize;
        let blocks: Vec<&str> = (0..n)
            .map(|_| BLOCKS[(next() % BLOCKS.len() as u64) as usize])
            .collect();
        let main = blocks.concat();
        let mut changed = blocks.clone();
        let at = (next() % n as u64) as usize;
        changed[at] = PAYLOADS[(next() % PAYLOADS.len() as u64) as usize];
        let gate = Gate::new(&report, &settings, Audience::Public);
        let errors = privacy_errors(&gate, &main, &changed.concat());
        assert!(
            errors.iter().any(|e| e.contains("print.html")),
            "{changed:?}: {errors:?}"
        );
    }
}

#[test]
fn the_pages_own_personal_data_is_reported_once_at_the_page() {
    let (report, settings) = example();
    let gate = Gate::new(&report, &settings, Audience::Public);
    let main = "<p>Ring 070-123 45 67</p>";
    let errors = privacy_errors(&gate, main, main);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains(PAGE_URL), "{errors:?}");
}

#[test]
fn personal_data_in_the_search_index_is_found_string_by_string() {
    let (report, settings) = example();
    // As JSON text: escapes as the JSON writer may write them.
    for (title, snippet) in [
        ("Ring 070-123 45 67", "Om oss"),
        ("Om oss", "Skriv till anna@exempel.se eller ring"),
        (r#"Om \"oss\""#, "Född 850101-1236"),
        ("Om oss", r"Tel\u00a0070\u2013123\u00a045\u00a067"),
    ] {
        let gate = Gate::new(&report, &settings, Audience::Public);
        let index = format!(
            "window.kartsiteSearch = {{\"v\":1,\"docs\":[[\"index.html\",\"{title}\",0,\"{snippet}\"]],\"idx\":{{\"om\":[0,1]}}}};\n"
        );
        let mut diags = Vec::new();
        let file = OutFile {
            url: "search-index.js".into(),
            bytes: index.into_bytes(),
        };
        assert!(gate.pass(file, &mut diags).is_some());
        assert!(
            diags.iter().any(|d| d.kind == "privacy"),
            "{title} / {snippet}: {diags:?}"
        );
    }
}

/// Blocks found clean are not scanned again (the footer's contact
/// address on every page); a block with personal data is read from every
/// file that holds it, however often it comes.
#[test]
fn a_block_found_clean_is_skipped_but_never_one_that_holds_personal_data() {
    let (report, settings) = example();
    let gate = Gate::new(&report, &settings, Audience::Public);
    let hits = |n: usize, footer: &str| {
        let file = OutFile {
            url: format!("sida-{n}.html"),
            bytes: format!("<main><p>Text</p></main><footer><p>{footer}</p></footer>").into_bytes(),
        };
        let mut diags = Vec::new();
        let (_, passed) = gate.pass_linked(file, &mut diags).expect("a safe name");
        passed.hits.len()
    };
    // The example's allowed contact address, on every page.
    let allowed = "Kontakt: kontakt@ekby.kommun.invalid";
    for n in 0..3 {
        assert_eq!(hits(n, allowed), 0);
    }
    for n in 3..6 {
        assert_eq!(hits(n, "Kontakt: anna@exempel.se"), 1, "page {n}");
        assert_eq!(
            hits(n + 10, &format!("{allowed} 070-123 45 67")),
            1,
            "page {n}"
        );
        assert_eq!(hits(n + 20, "2026-03-15 850101-1236"), 1, "page {n}");
    }
    assert_eq!(hits(99, allowed), 0);
}
