//! `kartsite export pdf`: the report and the flyer as tagged PDFs, read
//! back with lopdf.

use std::path::{Path, PathBuf};

use lopdf::{Document, Object};

use crate::support::{Fixture, Run, copy_dir, read, repo, run};

/// The example report at the repository root, copied.
fn example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("report");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(repo().join("book.toml"), root.join("book.toml")).unwrap();
    copy_dir(&repo().join("content"), &root.join("content"));
    copy_dir(&repo().join("data"), &root.join("data"));
    (dir, root)
}

fn export(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "export",
        "pdf",
        "--root",
        root.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args, root)
}

/// The text of every page, in order, whitespace collapsed.
fn pdf_text(doc: &Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut all = String::new();
    for p in pages {
        let t = doc.extract_text(&[p]).unwrap_or_default();
        all.push_str(&t);
        all.push(' ');
    }
    searchable(&all)
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text as extracted from a PDF, for searching: whitespace collapsed, no
/// space before a colon (a term and its separator are separate runs) and
/// no bidirectional controls (typst marks right-to-left runs with them).
fn searchable(s: &str) -> String {
    normalise(s)
        .replace(" :", ":")
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// Whether `text` (extracted from a PDF) holds `word`: right-to-left text
/// is extracted in visual order, so an Arabic word may come reversed.
fn holds_word(text: &str, word: &str) -> bool {
    let reversed: String = word.chars().rev().collect();
    text.contains(word) || text.contains(&reversed)
}

/// The text inside each element of `html` that starts with `open`.
fn texts_after(html: &str, open: &str, close: &str) -> Vec<(usize, String)> {
    html.match_indices(open)
        .map(|(i, _)| {
            let start = i + open.len();
            let start = start + html[start..].find('>').unwrap() + 1;
            let end = start + html[start..].find(close).unwrap();
            (i, normalise(&strip_tags(&html[start..end])))
        })
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a lopdf::Dictionary {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn text_string(o: &Object) -> String {
    match o {
        Object::String(bytes, _) => {
            if bytes.starts_with(&[0xFE, 0xFF]) {
                let units: Vec<u16> = bytes[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
        other => panic!("not a string: {other:?}"),
    }
}

/// Every structure element of the tag tree below `o`, as (type, Alt).
fn struct_elems(doc: &Document, o: &Object, out: &mut Vec<(String, Option<String>)>) {
    let d = match o {
        Object::Reference(id) => match doc.get_object(*id) {
            Ok(Object::Dictionary(d)) => d,
            _ => return,
        },
        Object::Dictionary(d) => d,
        Object::Array(a) => {
            for k in a {
                struct_elems(doc, k, out);
            }
            return;
        }
        _ => return,
    };
    if let Ok(Object::Name(s)) = d.get(b"S") {
        let alt = d.get(b"Alt").ok().map(text_string);
        out.push((String::from_utf8_lossy(s).into_owned(), alt));
    }
    if let Ok(k) = d.get(b"K") {
        struct_elems(doc, k, out);
    }
}

#[test]
fn report_pdf_is_tagged_and_holds_phases_priorities_and_captions_in_reading_order() {
    let (dir, root) = example();
    let pdf = dir.path().join("rapport.pdf");
    let r = export(&root, &pdf, &["--audience", "public"]);
    r.ok();
    assert!(r.stdout.contains("rapport.pdf"), "{}", r.stdout);
    let bytes = std::fs::read(&pdf).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();

    // What the PDF must hold, from the print page of the same public build.
    let site = dir.path().join("site");
    run(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--audience",
            "public",
            "-o",
            site.to_str().unwrap(),
        ],
        &root,
    )
    .ok();
    let print = read(site.join("print.html"));
    // Each section's title (its `<h2>`, after the breadcrumb).
    let mut expected: Vec<(usize, String)> = print
        .match_indices("class=\"print-section print-break\"")
        .map(|(i, _)| {
            let h2 = i + print[i..].find("<h2").unwrap();
            let start = h2 + print[h2..].find('>').unwrap() + 1;
            let end = start + print[start..].find("</h2>").unwrap();
            (i, normalise(&strip_tags(&print[start..end])))
        })
        .collect();
    let priorities = texts_after(&print, "<article class=\"item priority\"", "</h3>");
    let captions = texts_after(&print, "<span class=\"chart-title\"", "</span>");
    assert!(priorities.len() >= 5 && captions.len() >= 5);
    expected.extend(priorities.iter().cloned());
    expected.extend(captions.iter().cloned());
    expected.sort();
    let text = pdf_text(&doc);
    // Reading order in the body: start after the contents, where the first
    // section title comes a second time.
    let first = &expected[0].1;
    let in_contents = text.find(first.as_str()).expect(first) + first.len();
    let mut cursor = in_contents + text[in_contents..].find(first.as_str()).expect(first);
    for (_, want) in &expected {
        match text[cursor..].find(want.as_str()) {
            Some(i) => cursor += i + want.len(),
            None => panic!("\"{want}\" missing or out of order in the PDF text"),
        }
    }
    for phase in ["Förberedelser", "Kartläggning", "Behovsidentifiering"] {
        assert!(text.contains(phase), "{phase}");
    }

    // Tagged PDF/UA-1 with language, title shown, embedded fonts.
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "no StructTreeRoot");
    let mark = dict(&doc, catalog.get(b"MarkInfo").unwrap());
    assert_eq!(mark.get(b"Marked").unwrap(), &Object::Boolean(true));
    assert_eq!(text_string(catalog.get(b"Lang").unwrap()), "sv");
    let prefs = dict(&doc, catalog.get(b"ViewerPreferences").unwrap());
    assert_eq!(
        prefs.get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );
    assert!(catalog.get(b"Outlines").is_ok(), "no bookmarks");
    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    assert_eq!(
        text_string(info.get(b"Title").unwrap()),
        "Områdeskartläggning Norrbacka"
    );
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("pdfuaid:part"), "no PDF/UA identification");
    let mut fonts = 0;
    for (_, obj) in doc.objects.iter() {
        if let Object::Dictionary(d) = obj
            && d.get(b"Type").ok() == Some(&Object::Name(b"FontDescriptor".to_vec()))
        {
            fonts += 1;
            assert!(
                d.get(b"FontFile2").is_ok() || d.get(b"FontFile3").is_ok(),
                "a font is not embedded: {d:?}"
            );
        }
    }
    assert!(fonts >= 2, "{fonts} fonts");

    // Every chart is a Figure with alt text; tables have header cells.
    let mut elems = Vec::new();
    struct_elems(&doc, catalog.get(b"StructTreeRoot").unwrap(), &mut elems);
    let figures: Vec<_> = elems.iter().filter(|(s, _)| s == "Figure").collect();
    assert!(figures.len() >= captions.len(), "{} figures", figures.len());
    for (_, alt) in &figures {
        assert!(
            alt.as_deref().is_some_and(|a| !a.is_empty()),
            "a figure without alt text"
        );
    }
    // Every chart drawn as a picture is a figure with its title as alt
    // text (a list of open answers is text, not a picture).
    let pictures = captions.iter().filter(|(i, _)| {
        let figure = &print[print[..*i].rfind("<figure").unwrap()..*i];
        !figure.contains("chart-answers")
    });
    for (_, caption) in pictures {
        assert!(
            figures
                .iter()
                .any(|(_, alt)| alt.as_deref() == Some(caption.as_str())),
            "no figure with the alt text {caption}"
        );
    }
    assert!(elems.iter().filter(|(s, _)| s == "TH").count() >= 20);
    assert!(elems.iter().any(|(s, _)| s == "Table"));
    assert!(elems.iter().any(|(s, _)| s == "TOC"));
    assert!(elems.iter().any(|(s, _)| s == "Link"));
}

#[test]
fn two_exports_are_byte_identical() {
    let (dir, root) = example();
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    export(&root, &a, &["--audience", "public"]).ok();
    export(&root, &b, &["--audience", "public"]).ok();
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
}

#[test]
fn arabic_pdf_holds_the_arabic_resident_text() {
    let (dir, root) = example();
    let pdf = dir.path().join("ar.pdf");
    export(&root, &pdf, &["--audience", "public", "--lang", "ar"]).ok();
    let doc = Document::load_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(text_string(catalog.get(b"Lang").unwrap()), "ar");
    let text = pdf_text(&doc);
    // From [participate.translations.ar] in the example's book.toml.
    for word in ["لقاءاتنا", "بلغتك"] {
        assert!(holds_word(&text, word), "{word} missing from {text}");
    }
}

#[test]
fn flyer_pdf_has_a_flyer_per_language() {
    let (dir, root) = example();
    let pdf = dir.path().join("affisch.pdf");
    let r = export(&root, &pdf, &["--flyer", "--audience", "public"]);
    r.ok();
    let doc = Document::load_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    let pages = doc.get_pages();
    // One page per language (sv, ar, en): a poster is one sheet.
    assert_eq!(pages.len(), 3, "{} pages", pages.len());
    let text = pdf_text(&doc);
    assert!(text.contains("Det här händer nu"), "{text}");
    assert!(text.contains("Vägen till vården"));
    assert!(
        holds_word(&text, "لقاء") || holds_word(&text, "مكتبة"),
        "{text}"
    );
    assert!(text.contains("Norrbacka library, by the square"), "{text}");
    // Each language starts on a page of its own.
    let first_pages: Vec<String> = pages
        .keys()
        .map(|p| searchable(&doc.extract_text(&[*p]).unwrap_or_default()))
        .collect();
    assert!(first_pages[0].contains("Det här händer nu"));
    assert!(!first_pages[0].contains("Norrbacka library"));
    // The whole flyer is on its page: the priorities, the meeting and the
    // contact below the QR code.
    assert!(
        first_pages[0].contains("Vägen till vården"),
        "{}",
        first_pages[0]
    );
    assert!(first_pages[0].contains("Nästa möte"), "{}", first_pages[0]);
    assert!(first_pages[0].contains("Kontakt"), "{}", first_pages[0]);
    assert!(
        first_pages[2].contains("Norrbacka library"),
        "{}",
        first_pages[2]
    );
}

#[test]
fn public_pdf_holds_no_internal_marker() {
    let f = Fixture::copy("privacy");
    let dir = f.root.parent().unwrap();
    let public = dir.join("public.pdf");
    let internal = dir.join("internal.pdf");
    export(&f.root, &public, &["--audience", "public"]).ok();
    export(&f.root, &internal, &["--audience", "internal"]).ok();
    let public_text = pdf_text(&Document::load_mem(&std::fs::read(&public).unwrap()).unwrap());
    let internal_text = pdf_text(&Document::load_mem(&std::fs::read(&internal).unwrap()).unwrap());
    let mut seen_internal = 0;
    for m in [
        "MARKER-PAGE-7H2K",
        "MARKER-FINDING-3J9X",
        "MARKER-KP-NAME-2B6T",
    ] {
        assert!(!public_text.contains(m), "{m} in the public PDF");
        if internal_text.contains(m) {
            seen_internal += 1;
        }
    }
    assert!(
        seen_internal >= 2,
        "the markers are not in the internal PDF either"
    );
    assert!(internal_text.contains("Intern version"));
    assert!(!public_text.contains("Intern version"));
    // The bytes too (text in the PDF is compressed; the metadata is not).
    let raw = std::fs::read(&public).unwrap();
    assert!(!String::from_utf8_lossy(&raw).contains("MARKER-"));
}

#[test]
fn writer_text_stays_text() {
    let f = Fixture::copy("basic");
    let page = "---\ntitle: \"Test #set ]\"\n---\n\n\
        Text med #set page(fill: red) och ] och [x] och <b>fet</b> och $x$ och @ref och \\\\ \
        och // kommentar och /* block */ och `kod ] #x`.\n\n\
        Backslash a\\\\b och 3 < 5 och &lt;script&gt; och \\u{41} och #{1+1} och \"#\" och '#'.\n\n\
        #pagebreak()\n\n\
        | #rubrik | ] |\n|---|---|\n| #cell | <x> |\n";
    f.write("content/inject.md", page);
    let pdf = f.root.parent().unwrap().join("x.pdf");
    export(&f.root, &pdf, &["--audience", "public"]).ok();
    let text = pdf_text(&Document::load_mem(&std::fs::read(&pdf).unwrap()).unwrap());
    for want in [
        "Test #set ]",
        "#set page(fill: red) och ] och [x]",
        "$x$ och @ref",
        "// kommentar och /* block */",
        "kod ] #x",
        "#pagebreak()",
        "#rubrik",
        "#cell",
        "a\\b",
        "3 < 5 och <script> och \\u{41} och #{1+1}",
    ] {
        assert!(text.contains(want), "\"{want}\" not in {text}");
    }
}

#[test]
fn a_damaged_image_is_an_error_naming_the_page() {
    let f = Fixture::copy("basic");
    f.write(
        "content/bild.md",
        "---\ntitle: Bild\n---\n\n![Karta över området](karta.png)\n",
    );
    f.write("content/karta.png", b"\x89PNG\r\n\x1a\nnot really a png");
    let pdf = f.root.parent().unwrap().join("x.pdf");
    std::fs::write(&pdf, b"previous").unwrap();
    let r = export(&f.root, &pdf, &["--audience", "public"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("content/bild.md:5:"), "{}", r.stderr);
    assert!(r.stderr.contains("karta.png"), "{}", r.stderr);
    assert!(r.stderr.contains("cannot be laid out"), "{}", r.stderr);
    // The previous PDF is untouched.
    assert_eq!(std::fs::read(&pdf).unwrap(), b"previous");
}

#[test]
fn usage_errors_are_refused_and_touch_nothing() {
    let (dir, root) = example();
    let r = export(&root, &dir.path().join("x.pdf"), &["--lang", "de"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no language \"de\""), "{}", r.stderr);
    assert!(r.stderr.contains("sv, ar, en"), "{}", r.stderr);
    // Never over a file that is not a PDF.
    let page = root.join("content/_index.md");
    let before = std::fs::read(&page).unwrap();
    let r = export(&root, &page, &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(".pdf"), "{}", r.stderr);
    assert_eq!(std::fs::read(&page).unwrap(), before);
    // A content error is located, and no PDF is written.
    std::fs::write(root.join("content/trasig.md"), "---\ntitle: [\n---\n").unwrap();
    let pdf = dir.path().join("y.pdf");
    let r = export(&root, &pdf, &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("content/trasig.md:"), "{}", r.stderr);
    assert!(!pdf.exists());
}

#[test]
fn archival_pdf_a_is_also_pdf_ua() {
    let (dir, root) = example();
    let pdf = dir.path().join("arkiv.pdf");
    export(&root, &pdf, &["--pdf-standard", "a-2a"]).ok();
    let raw = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("pdfaid:part"), "no PDF/A identification");
    assert!(text.contains("pdfuaid:part"), "no PDF/UA identification");
}

#[test]
fn the_cover_carries_the_case_file_fields_in_the_report_language() {
    let (dir, root) = example();
    let pdf = dir.path().join("rapport.pdf");
    export(&root, &pdf, &[]).ok();
    let doc = Document::load_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    let first = *doc.get_pages().keys().next().unwrap();
    let cover = searchable(&doc.extract_text(&[first]).unwrap());
    // From [report] in the example's book.toml.
    for want in [
        "Områdeskartläggning Norrbacka",
        "Område: Norrbacka",
        "Kommun: Ekby kommun",
        "Diarienummer: KS 2026/114",
        "Datum: 1 september 2026",
        "Upprättad av: Röda Korset Ekby krets",
    ] {
        assert!(cover.contains(want), "\"{want}\" not on the cover: {cover}");
    }
    // The report's date is the PDF's creation date (no clock).
    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    let created = String::from_utf8_lossy(match info.get(b"CreationDate").unwrap() {
        Object::String(b, _) => b,
        o => panic!("{o:?}"),
    })
    .into_owned();
    assert!(created.starts_with("D:20260901"), "{created}");
}

#[test]
fn personal_data_in_a_cover_field_stops_the_public_pdf() {
    let (dir, root) = example();
    let toml = root.join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("author = "))
        .unwrap()
        + 1;
    std::fs::write(
        &toml,
        text.replace(
            "author = \"Röda Korset Ekby krets\"",
            "author = \"Anna Berg, anna.berg@example.se\"",
        ),
    )
    .unwrap();
    let pdf = dir.path().join("rapport.pdf");
    let r = export(&root, &pdf, &["--audience", "public"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        // At the address itself: `author = "Anna Berg, ` is 21 characters.
        r.stderr.contains(&format!("book.toml:{line}:22")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("e-mail address"), "{}", r.stderr);
    assert!(!r.stderr.contains("anna.berg@"), "masked: {}", r.stderr);
    assert!(!pdf.exists());
    // The internal PDF is for the working group: it may carry it.
    export(&root, &pdf, &["--audience", "internal"]).ok();
    assert!(pdf.exists());
}
