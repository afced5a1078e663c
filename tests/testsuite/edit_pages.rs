//! Page front matter and page text in forms (`kartsite serve --edit`
//! uses the same calls): each front matter field and the text changed,
//! the file differing only in those lines (comments, key order, the byte
//! order mark and `\r\n` kept); new pages and translations in the style
//! of their neighbours, never over a file; delete refused while anything
//! links to the page; a conflict; invalid values refused with the build's
//! messages and nothing written.

use std::path::{Path, PathBuf};

use kartsite::edit::apply::Refusal;
use kartsite::edit::page::{BODY, Target};
use kartsite::edit::page_apply::{
    PageAction, PageRefusal, PageRequest, PageSaved, current, references, save_page,
};
use kartsite::edit::{Value, Values, Workspace};
use kartsite::model::Audience;

use crate::support::Fixture;

const STAT: &str = "content/kartlaggning/statistik.md";

fn ws(f: &Fixture) -> Workspace {
    Workspace::load(&f.root, false, Audience::Internal).unwrap()
}

fn read(f: &Fixture, rel: &str) -> String {
    std::fs::read_to_string(f.root.join(rel)).unwrap()
}

fn page(url: &str) -> Target {
    Target::Page(url.to_string())
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// Open the form of `target`, change its values, save.
fn edit(
    ws: &Workspace,
    target: &Target,
    change: impl FnOnce(&mut Values),
) -> Result<PageSaved, PageRefusal> {
    let (mut values, _, file_hash, part_hash) = current(ws, target).unwrap();
    change(&mut values);
    save_page(
        ws,
        &PageRequest {
            action: PageAction::Update(target.clone()),
            values,
            file_hash,
            part_hash,
            drafts: false,
        },
    )
}

fn invalid(r: Result<PageSaved, PageRefusal>) -> Vec<(Option<&'static str>, kartsite::Diagnostic)> {
    match r {
        Err(PageRefusal::Refused(Refusal::Invalid(e))) => {
            e.into_iter().map(|e| (e.field, e.diagnostic)).collect()
        }
        Err(other) => panic!("refused otherwise: {other:?}"),
        Ok(s) => panic!("saved {}", s.file.display()),
    }
}

#[test]
fn each_front_matter_field_changes_only_its_lines() {
    let f = Fixture::copy("serve");
    let before = read(&f, STAT);
    let target = page("kartlaggning/statistik.html");
    let cases: Vec<(&str, Value, String)> = vec![
        (
            "title",
            text("Norrby i siffror"),
            before.replace("title: Statistik", "title: Norrby i siffror"),
        ),
        (
            "summary",
            text("Vad siffrorna säger: boende och ålder."),
            before.replace(
                "summary: Befolkning och boende i siffror.",
                "summary: \"Vad siffrorna säger: boende och ålder.\"",
            ),
        ),
        (
            "phase",
            text("behovsidentifiering"),
            before.replace(
                "title: Statistik\n",
                "title: Statistik\nphase: behovsidentifiering\n",
            ),
        ),
        ("order", text("7"), before.replace("order: 1", "order: 7")),
        (
            "audience",
            text("internal"),
            before.replace("order: 1\n", "order: 1\naudience: internal\n"),
        ),
        (
            "answers",
            Value::List(vec!["statistik".into(), "geografi-boende".into()]),
            before.replace(
                "answers: [statistik]",
                "answers: [statistik, geografi-boende]",
            ),
        ),
        (
            "resident",
            text("true"),
            before.replace(
                "answers: [statistik]\n",
                "answers: [statistik]\nresident: true\n",
            ),
        ),
        (
            "draft",
            text("true"),
            before.replace(
                "answers: [statistik]\n",
                "answers: [statistik]\ndraft: true\n",
            ),
        ),
    ];
    for (key, value, expected) in cases {
        std::fs::write(f.root.join(STAT), &before).unwrap();
        let w = ws(&f);
        let saved = edit(&w, &target, |v| {
            v.insert(key, value.clone());
        })
        .unwrap_or_else(|e| panic!("{key}: {e:?}"));
        assert_eq!(read(&f, STAT), expected, "{key}");
        assert!(saved.written, "{key}");
        // The loader reads the new value back.
        let again = Workspace::load(&f.root, true, Audience::Internal).unwrap();
        let (values, ..) = current(&again, &target).unwrap();
        assert_eq!(values.get(key), Some(&value), "{key}");
    }
    // A page made a draft is not shown: the save goes to its section.
    std::fs::write(f.root.join(STAT), &before).unwrap();
    let saved = edit(&ws(&f), &target, |v| {
        v.insert("draft", text("true"));
    })
    .unwrap();
    assert_eq!(saved.url, "kartlaggning/index.html");
    // Emptied fields are taken out; nothing changed writes nothing.
    std::fs::write(f.root.join(STAT), &before).unwrap();
    edit(&ws(&f), &target, |v| {
        v.insert("order", text(""));
        v.insert("answers", Value::List(Vec::new()));
    })
    .unwrap();
    assert_eq!(
        read(&f, STAT),
        before.replace("order: 1\nanswers: [statistik]\n", "")
    );
    let saved = edit(&ws(&f), &target, |_| {}).unwrap();
    assert!(!saved.written);
}

#[test]
fn the_text_alone_changes_and_the_front_matter_keeps_its_bytes() {
    let f = Fixture::copy("serve");
    let before = read(&f, STAT);
    let target = page("kartlaggning/statistik.html");
    edit(&ws(&f), &target, |v| {
        let body = v.get(BODY).unwrap().text().replace("4 000", "4 100");
        v.insert(BODY, Value::Text(body));
    })
    .unwrap();
    assert_eq!(read(&f, STAT), before.replace("4 000", "4 100"));
}

#[test]
fn crlf_bom_comments_and_key_order_are_kept() {
    let f = Fixture::copy("serve");
    let rel = "content/kartlaggning/torget.md";
    let written = "\u{feff}---\r\n# Sidan om torget\r\norder: 2\r\ntitle: 'Torget'\r\nanswers:\r\n  - torg-motesplatser   \r\n---\r\n\r\nTorget är områdets viktigaste mötesplats.\r\n\r\nLäs om [statistiken](statistik.md#boende).\r\n";
    f.write(rel, written);
    let target = page("kartlaggning/torget.html");
    edit(&ws(&f), &target, |v| {
        v.insert("title", text("Torget i Norrby"));
        v.insert(
            "answers",
            Value::List(vec!["torg-motesplatser".into(), "statistik".into()]),
        );
    })
    .unwrap();
    assert_eq!(
        read(&f, rel),
        written
            .replace("title: 'Torget'", "title: 'Torget i Norrby'")
            .replace(
                "  - torg-motesplatser   \r\n",
                "  - torg-motesplatser\r\n  - statistik\r\n"
            )
    );
    let now = read(&f, rel);
    edit(&ws(&f), &target, |v| {
        let body = v.get(BODY).unwrap().text().to_string();
        assert!(!body.contains('\r'), "the form shows \\n line ends");
        v.insert(BODY, Value::Text(body.replace("viktigaste", "största")));
    })
    .unwrap();
    assert_eq!(read(&f, rel), now.replace("viktigaste", "största"));
}

#[test]
fn a_page_without_front_matter_gets_one() {
    let f = Fixture::copy("serve");
    f.write(
        "content/kartlaggning/anteckningar.md",
        "# Anteckningar\n\nText.\n",
    );
    edit(&ws(&f), &page("kartlaggning/anteckningar.html"), |v| {
        v.insert("summary", text("Det vi skrev ner."));
    })
    .unwrap();
    assert_eq!(
        read(&f, "content/kartlaggning/anteckningar.md"),
        "---\nsummary: Det vi skrev ner.\n---\n# Anteckningar\n\nText.\n"
    );
}

fn new_page(
    ws: &Workspace,
    section: &str,
    values: &[(&'static str, &str)],
) -> Result<PageSaved, PageRefusal> {
    let mut v = Values::new();
    for (k, x) in values {
        v.insert(*k, text(x));
    }
    save_page(
        ws,
        &PageRequest {
            action: PageAction::NewPage {
                section: section.to_string(),
            },
            values: v,
            file_hash: String::new(),
            part_hash: String::new(),
            drafts: false,
        },
    )
}

#[test]
fn a_new_page_gets_a_safe_name_and_its_neighbours_style() {
    let f = Fixture::copy("serve");
    let fields = [
        ("title", "Möten på torget"),
        ("summary", "Vad vi hörde på torget."),
        ("order", "3"),
        ("body", "Vi träffade 40 boende.\n"),
    ];
    let saved = new_page(&ws(&f), "kartlaggning/index.html", &fields).unwrap();
    assert_eq!(
        saved.file,
        PathBuf::from("content/kartlaggning/moten-pa-torget.md")
    );
    assert_eq!(saved.url, "kartlaggning/moten-pa-torget.html");
    assert_eq!(
        read(&f, "content/kartlaggning/moten-pa-torget.md"),
        "---\ntitle: Möten på torget\nsummary: Vad vi hörde på torget.\norder: 3\n---\n\nVi träffade 40 boende.\n"
    );
    // The same title again: another name, the first file untouched.
    let saved = new_page(&ws(&f), "kartlaggning/index.html", &fields).unwrap();
    assert_eq!(
        saved.file,
        PathBuf::from("content/kartlaggning/moten-pa-torget-2.md")
    );
    // A typed name that exists is refused at the field; nothing written.
    let before = read(&f, "content/kartlaggning/torget.md");
    let e = invalid(new_page(
        &ws(&f),
        "kartlaggning/index.html",
        &[("title", "Torget"), ("file", "Torget.md")],
    ));
    assert_eq!(e[0].0, Some("file"));
    assert!(e[0].1.message.contains("exists"), "{}", e[0].1.message);
    assert_eq!(read(&f, "content/kartlaggning/torget.md"), before);
    // A path typed as a name stays a name in the section.
    let saved = new_page(
        &ws(&f),
        "index.html",
        &[("title", "X"), ("file", "../../book.toml")],
    )
    .unwrap();
    assert_eq!(saved.file, PathBuf::from("content/book-toml.md"));
    // No title: refused.
    let e = invalid(new_page(&ws(&f), "index.html", &[("body", "Text")]));
    assert_eq!(e[0].0, Some("title"));
    // A made-up section is not found.
    assert!(matches!(
        new_page(&ws(&f), "finns-inte/index.html", &fields),
        Err(PageRefusal::Refused(Refusal::NotFound))
    ));
}

fn delete(ws: &Workspace, target: &Target) -> Result<PageSaved, PageRefusal> {
    let (_, _, file_hash, part_hash) = current(ws, target).unwrap();
    save_page(
        ws,
        &PageRequest {
            action: PageAction::Delete(target.clone()),
            values: Values::new(),
            file_hash,
            part_hash,
            drafts: false,
        },
    )
}

#[test]
fn delete_is_refused_while_a_page_or_an_item_links_to_it() {
    let f = Fixture::copy("serve");
    let torget = page("kartlaggning/torget.html");
    let w = ws(&f);
    let refs = references(&w, &torget);
    let at: Vec<(PathBuf, Option<u32>)> = refs.iter().map(|d| (d.file.clone(), d.line)).collect();
    assert!(at.contains(&(PathBuf::from(STAT), Some(12))), "{refs:?}");
    assert!(
        at.iter().any(|(file, l)| file.as_path()
            == Path::new("content/behovsidentifiering/resultat.yaml")
            && *l == Some(6)),
        "{refs:?}"
    );
    match delete(&w, &torget) {
        Err(PageRefusal::Refused(Refusal::Referenced(r))) => assert_eq!(r.len(), refs.len()),
        other => panic!("{other:?}"),
    }
    assert!(f.root.join("content/kartlaggning/torget.md").is_file());
    // A page nothing links to goes, and its section is shown next.
    let saved = delete(&w, &page("om.html")).unwrap();
    assert_eq!(saved.url, "index.html");
    assert!(!f.root.join("content/om.md").exists());
}

#[test]
fn a_conflict_is_refused_and_says_what_changed() {
    let f = Fixture::copy("serve");
    let target = page("kartlaggning/statistik.html");
    let w = ws(&f);
    let (mut values, _, file_hash, part_hash) = current(&w, &target).unwrap();
    // Someone else changes the text meanwhile.
    let theirs = read(&f, STAT).replace("4 000", "4 200");
    std::fs::write(f.root.join(STAT), &theirs).unwrap();
    values.insert("title", text("Min titel"));
    let r = save_page(
        &w,
        &PageRequest {
            action: PageAction::Update(target.clone()),
            values,
            file_hash,
            part_hash,
            drafts: false,
        },
    );
    match r {
        Err(PageRefusal::Conflict {
            file,
            front_changed,
            body_changed,
            front_now,
        }) => {
            assert_eq!(file, PathBuf::from(STAT));
            assert!(!front_changed && body_changed);
            assert_eq!(front_now[0], (2, "title: Statistik".to_string()));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(read(&f, STAT), theirs);
}

#[test]
fn invalid_values_are_refused_with_the_builds_message_and_nothing_is_written() {
    let f = Fixture::copy("serve");
    let target = page("kartlaggning/statistik.html");
    let before = read(&f, STAT);
    let cases: Vec<(&'static str, Value, &str, u32)> = vec![
        ("order", text("två"), "whole number", 4),
        ("phase", text("finns-inte"), "finns-inte", 3),
        (
            "answers",
            Value::List(vec!["statistik".into(), "ingen-sadan-fraga".into()]),
            "ingen-sadan-fraga",
            5,
        ),
        (
            BODY,
            text("Se [sidan](finns-inte.md).\n"),
            "finns-inte.md",
            7,
        ),
    ];
    for (key, value, says, line) in cases {
        let e = invalid(edit(&ws(&f), &target, |v| {
            v.insert(key, value);
        }));
        assert_eq!(e[0].0, Some(key), "{key}: {e:?}");
        let d = &e[0].1;
        assert_eq!(d.file, PathBuf::from(STAT), "{key}");
        assert_eq!(d.line, Some(line), "{key}: {d:?}");
        assert!(d.message.contains(says), "{key}: {}", d.message);
        assert_eq!(read(&f, STAT), before, "{key}: the file changed");
    }
}

#[test]
fn translations_are_edited_added_and_deleted_with_the_same_form() {
    let f = Fixture::example();
    let ar = Target::Translation {
        url: "kort-om-kartlaggningen.html".into(),
        lang: "ar".into(),
    };
    let rel = "content/kort-om-kartlaggningen.ar.md";
    let before = read(&f, rel);
    edit(&ws(&f), &ar, |v| {
        v.insert("title", text("عن الدراسة"));
    })
    .unwrap();
    assert_eq!(
        read(&f, rel),
        before.replace("title: باختصار عن الدراسة", "title: عن الدراسة")
    );
    // A page without an English translation gets one.
    let en = Target::Translation {
        url: "om.html".into(),
        lang: "en".into(),
    };
    let w = ws(&f);
    let (values, file, file_hash, _) = current(&w, &en).unwrap();
    assert_eq!(file, PathBuf::from("content/om.en.md"));
    assert!(file_hash.is_empty() && values.get("title") == Some(&text("")));
    let mut v = Values::new();
    v.insert("title", text("About the mapping"));
    v.insert(BODY, text("How we worked.\n"));
    let saved = save_page(
        &w,
        &PageRequest {
            action: PageAction::NewTranslation {
                url: "om.html".into(),
                lang: "en".into(),
            },
            values: v,
            file_hash: String::new(),
            part_hash: String::new(),
            drafts: false,
        },
    )
    .unwrap();
    assert_eq!(saved.url, "en/om.html");
    let written = read(&f, "content/om.en.md");
    assert!(
        written.starts_with("---\ntitle: About the mapping\n---\n"),
        "{written}"
    );
    assert!(written.ends_with("How we worked.\n"), "{written}");
    // Nothing links to it: it can be deleted again.
    delete(&ws(&f), &en).unwrap();
    assert!(!f.root.join("content/om.en.md").exists());
    // A language not in [book] languages is not a translation.
    let xx = Target::Translation {
        url: "om.html".into(),
        lang: "xx".into(),
    };
    assert!(matches!(current(&ws(&f), &xx), Err(Refusal::NotFound)));
}
