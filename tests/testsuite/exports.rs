//! `kartsite export html` (one self-contained file) and `kartsite export
//! zip` (the built site, the same bytes every time), issue #13.

use std::collections::BTreeMap;

use crate::publishing::Example;
use crate::support::read;

/// The entries of a zip archive written by kartsite: name → bytes.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
    let end = bytes.len() - 22;
    assert_eq!(
        &bytes[end..end + 4],
        b"PK\x05\x06",
        "end of central directory"
    );
    let count = u16_at(end + 10);
    let mut at = u32_at(end + 16);
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02");
        let method = u16_at(at + 10);
        assert_eq!(
            (u16_at(at + 12), u16_at(at + 14)),
            (0, 33),
            "time 00:00, date 1980-01-01"
        );
        let crc = u32_at(at + 16);
        let packed = u32_at(at + 20);
        let size = u32_at(at + 24);
        let name_len = u16_at(at + 28);
        let local = u32_at(at + 42);
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap();
        let data_at = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let data = &bytes[data_at..data_at + packed];
        let plain = match method {
            0 => data.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec(data).unwrap(),
            m => panic!("method {m}"),
        };
        assert_eq!(plain.len(), size, "{name}");
        let _ = crc;
        out.push((name, plain));
        at += 46 + name_len + u16_at(at + 30) + u16_at(at + 32);
    }
    out
}

#[test]
fn zip_export_is_the_built_site_and_the_same_bytes_every_time() {
    let ex = Example::new();
    let parent = ex.root.parent().unwrap();
    let (a, b) = (parent.join("a.zip"), parent.join("b.zip"));
    let r = ex.run(&[
        "export",
        "zip",
        "--audience",
        "public",
        "-o",
        a.to_str().unwrap(),
    ]);
    r.ok();
    assert!(
        r.stdout.contains("exported the public version"),
        "{}",
        r.stdout
    );
    // Later, from another folder, with the files touched: the same bytes.
    for e in walkdir::WalkDir::new(ex.path("content")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            std::fs::write(e.path(), bytes).unwrap();
        }
    }
    ex.run(&[
        "export",
        "zip",
        "--audience",
        "public",
        "-o",
        b.to_str().unwrap(),
    ])
    .ok();
    let zip = std::fs::read(&a).unwrap();
    assert!(zip == std::fs::read(&b).unwrap(), "two exports differ");

    let entries = unzip(&zip);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "entries in path order");
    assert!(names.contains(&"index.html"), "index.html at the root");
    let built = ex.public_site();
    let zipped: BTreeMap<String, Vec<u8>> = entries.into_iter().collect();
    assert_eq!(
        zipped.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>()
    );
    assert!(
        zipped == built,
        "the zip holds the built site, byte for byte"
    );
    assert!(!zipped.iter().any(|(n, b)| n.ends_with(".html")
        && String::from_utf8_lossy(b).contains("class=\"internal-banner\"")));
}

/// Every `attr="…"` value in `html`, also single-quoted.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [
        "href",
        "src",
        "srcset",
        "poster",
        "data",
        "action",
        "xlink:href",
    ] {
        for q in ['"', '\''] {
            let needle = format!(" {attr}={q}");
            for part in html.split(&needle).skip(1) {
                out.push(part.split(q).next().unwrap_or("").to_string());
            }
        }
    }
    out
}

#[test]
fn single_file_export_references_no_other_file_or_host() {
    let ex = Example::new();
    let out = ex.root.parent().unwrap().join("rapport.html");
    ex.run(&[
        "export",
        "html",
        "--audience",
        "public",
        "-o",
        out.to_str().unwrap(),
    ])
    .ok();
    let html = read(&out);
    for r in references(&html) {
        assert!(
            r.starts_with('#') || r.starts_with("data:") || r.starts_with("mailto:"),
            "a reference to another file or host: {r}"
        );
    }
    for bad in [
        "<script",
        "<link",
        "url(http",
        "@import",
        "src=\"http",
        "href=\"http",
        "//",
    ] {
        let in_markup = html.match_indices(bad).any(|(i, _)| {
            // "//" in text (an address shown after a link) is fine; in a
            // tag it is not.
            bad != "//" || html[..i].rfind('<') > html[..i].rfind('>')
        });
        assert!(!in_markup, "{bad} in the single file");
    }
    // Valid HTML: one document, unique ids, every link to an id that exists.
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\""));
    assert_eq!(html.matches("<html").count(), 1);
    assert_eq!(html.matches("</html>").count(), 1);
    assert_eq!(
        html.matches("<main").count(),
        html.matches("</main>").count()
    );
    assert_eq!(
        html.matches("<section").count(),
        html.matches("</section>").count()
    );
    let ids = crate::support::attr_values(&html, "id");
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    for r in references(&html) {
        if let Some(id) = r.strip_prefix('#') {
            assert!(
                unique.contains(id),
                "a link to #{id}, which is not in the file"
            );
        }
    }
    // Styles inside, a table of contents, every phase, charts as SVG, the
    // map as an image inside, chart data as data: downloads.
    assert!(html.contains("<style>\n"));
    assert!(html.contains("<nav class=\"toc single-file-toc\" aria-labelledby=\"toc-title\">"));
    for phase in [
        "Förberedelser",
        "Kartläggning",
        "Behovsidentifiering",
        "Analys och återkoppling",
    ] {
        assert!(html.contains(phase), "{phase}");
    }
    assert!(html.matches("<svg").count() >= 10, "charts as inline SVG");
    assert!(
        html.contains("src=\"data:image/svg+xml;base64,"),
        "the map inlined"
    );
    assert!(html.contains("href=\"data:text/csv;charset=utf-8;base64,"));
    assert!(
        html.contains("Senast uppdaterad: <time datetime=\"2026-08-28\">28 augusti 2026</time>")
    );
    // A link to another web site keeps its text (here the address itself)
    // but not its href.
    assert!(html.contains("<a>https://segregationsbarometern.boverket.se/</a>"));
    // The public file holds nothing internal.
    assert!(!html.contains("class=\"internal-banner\"") && !html.contains("noindex"));
    let internal = ex.root.parent().unwrap().join("intern.html");
    ex.run(&[
        "export",
        "html",
        "--audience",
        "internal",
        "-o",
        internal.to_str().unwrap(),
    ])
    .ok();
    let internal = read(&internal);
    assert!(internal.contains("class=\"internal-banner\"") && internal.contains("noindex"));
    assert!(internal.len() > html.len());
    // In Arabic: the pages for residents, right to left, self-contained.
    let ar = ex.root.parent().unwrap().join("rapport-ar.html");
    let a = ar.to_string_lossy().into_owned();
    ex.run(&[
        "export",
        "html",
        "--audience",
        "public",
        "--lang",
        "ar",
        "-o",
        &a,
    ])
    .ok();
    let ar = read(&ar);
    assert!(ar.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(ar.contains("<h2 id=\"toc-title\">المحتويات</h2>"));
    assert!(ar.contains("<section id=\"ar-residents\""));
    assert!(ar.contains("<style>\n"));
    for r in references(&ar) {
        assert!(
            r.starts_with('#') || r.starts_with("data:") || r.starts_with("mailto:"),
            "a reference to another file or host in the Arabic file: {r}"
        );
        if let Some(id) = r.strip_prefix('#') {
            assert!(
                ar.contains(&format!(" id=\"{id}\"")),
                "#{id} is not in the file"
            );
        }
    }
    // A language the report does not have, or a file inside the sources:
    // refused, nothing written.
    let r = ex.run(&["export", "html", "--lang", "de", "-o", "x.html"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no language \"de\""), "{}", r.stderr);
    let inside = ex.path("content/rapport.html");
    let r = ex.run(&["export", "html", "-o", inside.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(!inside.exists());
}

#[test]
fn export_goes_through_the_privacy_guard() {
    let ex = Example::new();
    let page = ex.path("content/kartlaggning/statistik.md");
    let text = read(&page) + "\nRing Anna på 070-123 45 67.\n";
    std::fs::write(&page, text).unwrap();
    for format in ["html", "zip"] {
        let out = ex.root.parent().unwrap().join(format!("ut.{format}"));
        let r = ex.run(&[
            "export",
            format,
            "--audience",
            "public",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 1, "{format}: {}", r.stdout);
        assert!(r.stderr.contains("statistik.md:"), "{}", r.stderr);
        assert!(!out.exists(), "{format}");
    }
}
