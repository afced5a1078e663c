//! Forms for items without an id (glossary entries by their term, network
//! links by their ends and kind), factors' sources, target groups in use,
//! a conflict, and key persons, which a public preview never edits.

use std::path::Path;

use kartsite::edit::apply::{current_item, references};
use kartsite::edit::kinds;
use kartsite::edit::{Action, Kind, Refusal, Request, Value, Workspace, save};
use kartsite::model::Audience;

use crate::edit_items::{read, ws};
use crate::edit_kinds::{create, delete, text, update};
use crate::support::Fixture;

#[test]
fn a_glossary_entry_is_addressed_by_its_term_in_any_language() {
    let f = Fixture::example();
    let rel = Path::new("content/ordlista.yaml");
    let w = ws(&f);
    // The key is the glossary page's anchor; the English page's anchor
    // finds the same entry.
    let (v, _) = w.item(Kind::Glossary, "fritidsgard").unwrap();
    assert_eq!(v["term"], text("fritidsgård"));
    assert_eq!(
        w.canonical(Kind::Glossary, "youth-centre").unwrap(),
        "fritidsgard"
    );
    assert!(w.item(Kind::Glossary, "finns-inte").is_none());
    let before = read(&f, rel);
    let (mut v, _) = w.item(Kind::Glossary, "youth-centre").unwrap();
    v.insert(
        "explanation",
        text("En plats där unga kan vara efter skolan. Det kostar inget."),
    );
    let id = update(&w, Kind::Glossary, "youth-centre", v).unwrap();
    assert_eq!(id, "fritidsgard");
    assert_eq!(
        read(&f, rel),
        before.replace(
            "  - term: fritidsgård\n    explanation: >-\n      En plats där unga kan vara efter skolan och på kvällen. Där finns vuxna\n      som arbetar. Det kostar inget.\n",
            "  - term: fritidsgård\n    explanation: >-\n      En plats där unga kan vara efter skolan. Det kostar inget.\n"
        )
    );
    // A term already in the glossary is refused, naming where it is.
    let w = ws(&f);
    let before = read(&f, rel);
    let mut v = kinds::blank(Kind::Glossary);
    v.insert("term", text("Vårdcentral"));
    v.insert("explanation", text("Dit man går."));
    let Err(Refusal::Invalid(errors)) = create(&w, Kind::Glossary, v) else {
        panic!("a second vårdcentral was written");
    };
    assert_eq!(errors[0].field, Some("term"));
    assert!(
        errors[0].diagnostic.message.contains("Vårdcentral")
            || errors[0].diagnostic.message.contains("vårdcentral"),
        "{errors:?}"
    );
    assert!(
        errors[0]
            .diagnostic
            .hint_text()
            .unwrap_or_default()
            .contains("content/ordlista.yaml:26"),
        "{errors:?}"
    );
    assert_eq!(read(&f, rel), before);
    // A new term; renaming one changes its address.
    let mut v = kinds::blank(Kind::Glossary);
    v.insert("term", text("Socialtjänst"));
    v.insert(
        "explanation",
        text("Kommunens hjälp till den som behöver stöd."),
    );
    assert_eq!(create(&ws(&f), Kind::Glossary, v).unwrap(), "socialtjanst");
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Glossary, "socialtjanst").unwrap();
    v.insert("term", text("Socialtjänsten"));
    assert_eq!(
        update(&w, Kind::Glossary, "socialtjanst", v).unwrap(),
        "socialtjansten"
    );
    assert!(read(&f, rel).ends_with(
        "\n  - term: Socialtjänsten\n    explanation: Kommunens hjälp till den som behöver stöd.\n"
    ));
    delete(&ws(&f), Kind::Glossary, "socialtjansten").unwrap();
    assert_eq!(read(&f, rel), before);
}

#[test]
fn a_link_is_addressed_by_its_ends_and_a_second_one_is_refused() {
    let f = Fixture::example();
    let rel = Path::new("content/kartlaggning/natverk.yaml");
    let w = ws(&f);
    let key = "a-rodakorset-ekby~a-biblioteket~formal";
    assert!(w.item(Kind::Link, key).is_some());
    // The actor map lists a pair in name order: the other way round finds it.
    assert_eq!(
        w.canonical(Kind::Link, "a-biblioteket~a-rodakorset-ekby~formal")
            .as_deref(),
        Some(key)
    );
    let before = read(&f, rel);
    let mut v = kinds::blank(Kind::Link);
    v.insert("from", text("a-rodakorset-ekby"));
    v.insert("to", text("a-biblioteket"));
    v.insert("kind", text("formal"));
    let Err(Refusal::Invalid(errors)) = create(&w, Kind::Link, v) else {
        panic!("a second link was written");
    };
    assert_eq!(errors[0].field, Some("from"));
    assert!(
        errors[0].diagnostic.message.contains("a-rodakorset-ekby")
            && errors[0]
                .diagnostic
                .hint_text()
                .unwrap_or_default()
                .contains("content/kartlaggning/natverk.yaml:26"),
        "{errors:?}"
    );
    assert_eq!(read(&f, rel), before);
    // A link from an actor to itself: the build's message.
    let mut v = kinds::blank(Kind::Link);
    v.insert("from", text("a-polisen"));
    v.insert("to", text("a-polisen"));
    let Err(Refusal::Invalid(errors)) = create(&w, Kind::Link, v) else {
        panic!("a link to itself was written");
    };
    assert!(errors.iter().any(|e| e.field == Some("to")), "{errors:?}");
    // An informal link without a kind: `informal` is the default.
    let mut v = kinds::blank(Kind::Link);
    v.insert("from", text("a-polisen"));
    v.insert("to", text("a-fritidsgarden"));
    v.insert("label", text("Fältvandringar på fredagar"));
    let id = create(&w, Kind::Link, v).unwrap();
    assert_eq!(id, "a-polisen~a-fritidsgarden~informal");
    let after = read(&f, rel);
    assert!(
        after.contains("\n  - from: a-polisen\n    to: a-fritidsgarden\n    label: Fältvandringar på fredagar\n"),
        "{after}"
    );
    // Its kind changed: its address follows; deleting it restores the file.
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Link, &id).unwrap();
    v.insert("kind", text("formal"));
    let id = update(&w, Kind::Link, &id, v).unwrap();
    assert_eq!(id, "a-polisen~a-fritidsgarden~formal");
    delete(&ws(&f), Kind::Link, &id).unwrap();
    assert_eq!(read(&f, rel), before);
}

#[test]
fn a_target_group_in_use_cannot_be_deleted_and_names_the_uses() {
    let f = Fixture::example();
    let w = ws(&f);
    let refs = references(&w, Kind::TargetGroup, "nyanlanda");
    assert!(!refs.is_empty());
    assert!(
        refs.iter()
            .all(|d| d.file == Path::new("content/kartlaggning/aktorer.yaml") && d.line.is_some()),
        "{refs:?}"
    );
    let before = read(&f, Path::new("content/kartlaggning/natverk.yaml"));
    let Err(Refusal::Referenced(said)) = delete(&w, Kind::TargetGroup, "nyanlanda") else {
        panic!("deleted a target group in use");
    };
    assert_eq!(said.len(), refs.len());
    assert_eq!(
        read(&f, Path::new("content/kartlaggning/natverk.yaml")),
        before
    );
}

#[test]
fn a_factors_source_is_checked_as_the_build_checks_it() {
    let f = Fixture::example();
    let rel = Path::new("content/analys-och-aterkoppling/omvarld.yaml");
    let w = ws(&f);
    let before = read(&f, rel);
    for bad in ["../kartlaggning/finns-inte.md", "javascript:alert(1)"] {
        let (mut v, _) = w.item(Kind::Factor, "o-priser-och-rantor").unwrap();
        v.insert("source", text(bad));
        let Err(Refusal::Invalid(errors)) = update(&w, Kind::Factor, "o-priser-och-rantor", v)
        else {
            panic!("{bad} was written");
        };
        assert!(
            errors.iter().any(|e| e.field == Some("source")
                && e.diagnostic.file == rel
                && e.diagnostic.line.is_some()),
            "{bad}: {errors:?}"
        );
        assert_eq!(read(&f, rel), before);
    }
    let (mut v, _) = w.item(Kind::Factor, "o-priser-och-rantor").unwrap();
    v.insert("certainty", text(""));
    v.insert("priorities", Value::List(Vec::new()));
    update(&w, Kind::Factor, "o-priser-och-rantor", v).unwrap();
    assert_eq!(
        read(&f, rel),
        before
            .replacen(
                "    certainty: medium\n    source: ../kartlaggning",
                "    source: ../kartlaggning",
                1
            )
            .replacen(
                "    source_title: Statistik om Norrbacka\n    priorities: [pr-matbank]\n",
                "    source_title: Statistik om Norrbacka\n",
                1
            )
    );
}

#[test]
fn key_persons_have_no_forms_in_a_public_preview() {
    let f = Fixture::example();
    let rel = Path::new("content/kartlaggning/nyckelpersoner.yaml");
    let public = Workspace::load(&f.root, false, Audience::Public).unwrap();
    assert!(!public.editable(Kind::KeyPerson));
    assert!(public.item(Kind::KeyPerson, "kp-diakon").is_none());
    let before = read(&f, rel);
    let mut v = kinds::blank(Kind::KeyPerson);
    v.insert("name", text("Test Person"));
    v.insert("organisation", text("a-polisen"));
    let r = save(
        &public,
        &Request {
            action: Action::Create {
                kind: Kind::KeyPerson,
            },
            values: v.clone(),
            file_hash: kartsite::edit::apply::hash(before.as_bytes()),
            item_hash: String::new(),
        },
    );
    assert!(matches!(r, Err(Refusal::NotFound)), "{r:?}");
    assert_eq!(read(&f, rel), before);
    // The internal preview edits them; the organisation must be an actor.
    let w = ws(&f);
    v.insert("organisation", text("a-finns-inte"));
    let Err(Refusal::Invalid(errors)) = create(&w, Kind::KeyPerson, v.clone()) else {
        panic!("a key person at no actor was written");
    };
    assert!(
        errors.iter().any(|e| e.field == Some("organisation")),
        "{errors:?}"
    );
    v.insert("organisation", text("a-polisen"));
    let id = create(&w, Kind::KeyPerson, v).unwrap();
    assert_eq!(id, "kp-test-person");
    assert!(read(&f, rel).ends_with(
        "\n  - id: kp-test-person\n    name: Test Person\n    organisation: a-polisen\n"
    ));
}

#[test]
fn a_glossary_entry_changed_on_disk_since_the_form_opened_is_not_overwritten() {
    let f = Fixture::example();
    let rel = Path::new("content/ordlista.yaml");
    let w = ws(&f);
    let (file_hash, item_hash) = current_item(&w, Kind::Glossary, "vardcentral").unwrap();
    // Someone else changes the entry meanwhile (a git pull).
    let theirs = read(&f, rel).replace("Ring först.", "Ring alltid först.");
    f.write("content/ordlista.yaml", &theirs);
    let (mut v, _) = w.item(Kind::Glossary, "vardcentral").unwrap();
    v.insert("explanation", text("Min ändring."));
    let r = save(
        &w,
        &Request {
            action: Action::Update {
                kind: Kind::Glossary,
                id: "health-centre".into(),
            },
            values: v,
            file_hash,
            item_hash,
        },
    );
    let Err(Refusal::Conflict {
        item_changed, now, ..
    }) = r
    else {
        panic!("{r:?}");
    };
    assert!(item_changed);
    assert!(
        now.iter()
            .any(|(n, l)| *n == 30 && l.contains("Ring alltid först.")),
        "{now:?}"
    );
    assert_eq!(read(&f, rel), theirs);
}
