//! Tests of reading a copy along its original ([`super`]).

use super::*;
use crate::gate::html::{Read, Reading, read_with};

/// Pieces of a page's `<main>`: block and inline tags, URLs of every
/// kind, raw text elements, comments, entities and personal data.
const BODY: &[&str] = &[
    "<p>",
    "</p>",
    "<h2 id=\"a\">",
    "</h2>",
    "<em>",
    "</em>",
    "Text ",
    "070",
    "-123 45 67",
    "850101-1236",
    "anna@exempel.se",
    "<a href=\"../b.html\">",
    "<a href=\"https://scb.se\">",
    "</a>",
    "<img src=\"../bild.png\" alt=\"karta 070 123\">",
    "<!-- c 4567 -->",
    "<td>",
    "</td>",
    "<script>var u = '//cdn.example/x.js';</script>",
    "<style>p { background: url(../x.png) }</style>",
    "<span style=\"background:url(../x.png)\">",
    "</span>",
    "\n",
    "å",
    "&amp;",
    "&#48;",
    "<br>",
    "<li>",
    "</li>",
    "<title>t</title>",
];

/// Paragraphs, emphasis and text.
const PROSE: &[&str] = &[
    "<p>",
    "</p>",
    "<em>",
    "</em>",
    "Text ",
    "070",
    "-123 45 67",
    "å",
    "\n",
];

/// What the print page's rewriting, and a careless or hostile
/// change, may make of a piece in the section.
fn changed(piece: &str, roll: u64) -> String {
    match (piece, roll % 9) {
        ("<h2 id=\"a\">", _) => "<h3 id=\"fas-sida--a\">".into(),
        ("</h2>", _) => "</h3>".into(),
        ("<a href=\"../b.html\">", 0..=4) => "<a href=\"#b\">".into(),
        ("<a href=\"../b.html\">", _) => "<a>".into(),
        ("<img src=\"../bild.png\" alt=\"karta 070 123\">", _) => {
            "<img src=\"bild.png\" alt=\"karta 070 123\">".into()
        }
        (p, 0) => format!("{p}0701234567"),
        (p, 1) => format!("{p}<a href=\"../javascript:alert(1)\">x</a>"),
        (p, 2) => format!("<img src=\"//evil.example/p.png\">{p}"),
        (p, 3) => format!("{p}<p>8501011236</p>"),
        // An inline tag made a block one and back.
        (p, 4) => p.replace("<em>", "<td>").replace("</p>", "</b>"),
        (p, _) => p.into(),
    }
}

/// What reading a file found, but its text.
fn judged(r: &Read) -> impl PartialEq + std::fmt::Debug + '_ {
    (
        &r.cuts,
        &r.removed,
        &r.remote_kept,
        &r.links,
        &r.refs,
        &r.script_hosts,
    )
}

/// Assert that every piece of personal data found reading a file
/// `alone` is found in the file it was read `along` or in the `original`
/// it was read along; whether there was any.
fn nothing_missed(alone: &Read, original: &Read, along: &Read, context: &str) -> bool {
    let all = crate::gate::scan::personal_data(&texts(alone));
    let mut either = crate::gate::scan::personal_data(&texts(original));
    either.extend(crate::gate::scan::personal_data(&texts(along)));
    for hit in &all {
        assert!(either.contains(hit), "{hit:?}\n{context}");
    }
    !all.is_empty()
}

fn texts(r: &Read) -> Vec<String> {
    let mut all = r.reader.clone();
    all.extend(r.other.iter().cloned());
    all.push(r.geometry.clone());
    all
}

/// A section read along its page judges every URL as read alone and
/// misses no personal data that is not the page's; unchanged, most
/// of it is taken as read.
#[test]
fn a_section_read_along_its_page_finds_what_it_holds() {
    let mut next = crate::gate::xorshift(0xD1B5_4A32_D192_ED03);
    let (mut skipped, mut total, mut with_hits) = (0, 0, 0);
    for round in 0..4_000u32 {
        let n = 1 + (next() % 40) as usize;
        // Every fourth section is the page's main as the print page
        // makes it, of paragraphs (no URL, no heading: what skipping
        // is for); the others are changed here and there.
        let changes = !round.is_multiple_of(4);
        let pieces = if changes { BODY } else { PROSE };
        let body: Vec<&str> = (0..n)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let page = format!(
            "<!DOCTYPE html><html><head><title>T</title>\
             <link rel=\"stylesheet\" href=\"../style.css\"></head>\
             <body><nav><a href=\"../index.html\">Hem</a></nav><main id=\"main\">\n{}</main>\
             <footer><a href=\"../print.html\">Skriv ut</a></footer></body></html>",
            body.concat()
        );
        let inner: String = body
            .iter()
            .map(|p| {
                let roll = next();
                if changes && roll.is_multiple_of(5) {
                    changed(p, roll / 5)
                } else {
                    changed(p, 8)
                }
            })
            .collect();
        let section =
            format!("<section id=\"fas-sida\" class=\"print-section\">\n{inner}\n</section>\n");
        let how = Reading {
            want_text: true,
            ..Reading::default()
        };
        let read = read_with(
            &page,
            "fas/sida.html",
            Reading {
                record: true,
                ..how
            },
        );
        let alone = read_with(&section, "print.html", how);
        let along = Along {
            page: page.as_bytes(),
            layout: &read.layout,
        };
        let along = read_with(
            &section,
            "print.html",
            Reading {
                along: Some(along),
                ..how
            },
        );
        assert_eq!(judged(&along), judged(&alone), "{page}\n{section}");
        with_hits += usize::from(nothing_missed(
            &alone,
            &read,
            &along,
            &format!("{page}\n{section}"),
        ));
        if !changes {
            skipped += along.skipped;
            total += inner.len();
        }
    }
    assert!(with_hits > 1_000, "{with_hits}");
    assert!(skipped * 10 > total * 8, "{skipped} of {total}");
}

/// What the theme writes around a page's `<main>`, and what a careless
/// or hostile template or `[participate] text` may add: links,
/// sources, styles, scripts, forms, personal data.
const CHROME: &[&str] = &[
    "<link rel=\"stylesheet\" href=\"../style.css\">\n",
    "<script src=\"../search.js\" defer></script>\n",
    "<header><p><a href=\"../index.html\">Rapport</a></p></header>\n",
    "<nav><ul><li><a href=\"a.html\">A</a></li>\n<li><a href=\"../b/c.html\">C</a></li></ul></nav>\n",
    "<form data-none=\"Inga träffar.\" data-one=\"1 träff.\"><input name=\"q\"></form>\n",
    "<img src=\"../bild.png\" alt=\"karta\">\n",
    "<span style=\"background:url(../x.png)\">x</span>\n",
    "<style>p { background: url(../y.png) }</style>\n",
    "<p><a href=\"../bilaga.pdf\">Bilaga</a> · <a href=\"../internt.html\">I</a></p>\n",
    "<p>Kontakt: 070-123 45 67</p>\n",
    "<!-- 850101-1236 -->\n",
    "<div class=\"x\">\n",
    "</div>\n",
    "\n",
    "<p>anna@exempel.se</p>\n",
];

/// Pieces that make a page no model: refused, remote or script hosts.
const UNCLEAN: &[&str] = &[
    "<a href=\"../javascript:alert(1)\">x</a>\n",
    "<img src=\"https://cdn.example/p.png\">\n",
    "<script>var u = '//cdn.example/x.js';</script>\n",
];

fn sibling_page(title: &str, chrome: &[&str], body: &str, footer: &[&str]) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<link rel=\"canonical\" href=\"https://example.org/fas/{title}.html\">\n\
         {}</head>\n<body>\n{}<main id=\"main\">\n{body}</main>\n<footer>{}</footer>\n</body>\n</html>\n",
        chrome[..2].concat(),
        chrome[2..].concat(),
        footer.concat()
    )
}

/// A page read along another page of its folder judges every URL and
/// records every tag as read alone, and misses no personal data that
/// is not the other page's; where their bytes are the same (the
/// theme's head, header, menu and footer), it takes them as read.
#[test]
fn a_page_read_along_a_page_of_its_folder_finds_what_it_holds() {
    let mut next = crate::gate::xorshift(0x8CB9_2BA7_2F3D_8DD7);
    let pick = |from: &[&'static str], next: &mut dyn FnMut() -> u64| {
        from[(next() % from.len() as u64) as usize]
    };
    let (mut skipped, mut chrome_bytes, mut models, mut with_hits) = (0, 0, 0, 0);
    for round in 0..3_000u32 {
        let n = 2 + (next() % 10) as usize;
        let mut chrome: Vec<&str> = (0..n).map(|_| pick(CHROME, &mut next)).collect();
        if round.is_multiple_of(7) {
            let at = (next() % n as u64) as usize;
            chrome[at] = pick(UNCLEAN, &mut next);
        }
        let footer: Vec<&str> = (0..1 + next() % 3)
            .map(|_| pick(CHROME, &mut next))
            .collect();
        let body = |next: &mut dyn FnMut() -> u64| -> String {
            (0..1 + next() % 20).map(|_| pick(BODY, next)).collect()
        };
        let first = sibling_page("a", &chrome, &body(&mut next), &footer);
        // The later page: its own title and main; its chrome the
        // same, or changed here and there.
        let same = round % 3 != 0;
        let mut later_chrome = chrome.clone();
        let mut later_footer = footer.clone();
        if !same {
            for _ in 0..1 + next() % 3 {
                let roll = next();
                let piece = pick(
                    if roll.is_multiple_of(5) {
                        UNCLEAN
                    } else {
                        CHROME
                    },
                    &mut next,
                );
                let to = if roll.is_multiple_of(2) {
                    &mut later_chrome
                } else {
                    &mut later_footer
                };
                let at = (roll / 8) as usize % (to.len() + 1);
                match roll / 4 % 3 {
                    0 if at < to.len() => to[at] = piece,
                    1 if at < to.len() && to.len() > 2 => {
                        to.remove(at);
                    }
                    _ => to.insert(at, piece),
                }
            }
        }
        let later = sibling_page("bb", &later_chrome, &body(&mut next), &later_footer);
        let how = Reading {
            want_text: true,
            record: true,
            ..Reading::default()
        };
        let read_first = read_with(&first, "fas/a.html", how);
        let Some(model) = Model::of(first.as_bytes(), &read_first) else {
            continue;
        };
        models += 1;
        let alone = read_with(&later, "fas/bb.html", how);
        let along = read_with(
            &later,
            "fas/bb.html",
            Reading {
                sibling: Some(&model),
                ..how
            },
        );
        assert_eq!(judged(&along), judged(&alone), "{first}\n{later}");
        assert_eq!(
            (&along.link_at, &along.ref_at),
            (&alone.link_at, &alone.ref_at),
            "{first}\n{later}"
        );
        assert_eq!(along.layout, alone.layout, "{first}\n{later}");
        with_hits += usize::from(nothing_missed(
            &alone,
            &read_first,
            &along,
            &format!("{first}\n{later}"),
        ));
        if same {
            skipped += along.skipped;
            let main = later.find("<main").unwrap_or(0)..later.find("</main>").unwrap_or(0);
            chrome_bytes += later.len() - main.len();
        }
    }
    assert!(models > 1_500, "{models}");
    assert!(with_hits > 1_000, "{with_hits}");
    // Most of the theme's bytes around `<main>` are taken as read.
    assert!(
        skipped * 10 > chrome_bytes * 7,
        "{skipped} of {chrome_bytes}"
    );
}

#[test]
fn common_prefixes() {
    let a: Vec<u8> = (0..100u8).collect();
    for k in 0..100 {
        let mut b = a.clone();
        b[k] ^= 1;
        assert_eq!(common_prefix(&a, &b), k);
        assert_eq!(common_prefix(&a[..k], &b), k);
    }
    assert_eq!(common_prefix(&a, &a), 100);
}
