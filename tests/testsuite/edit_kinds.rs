//! Forms for the analysis tools' items (SWOT, årshjul, omvärld factors,
//! network links and target groups), the glossary, key persons and an
//! actor's `work:` rows: every field edited through the same calls `serve
//! --edit` makes, the file differing only in that item's lines; comments,
//! quoting and the file's own words kept; invalid values and deletes while
//! references remain refused with the build's messages. Glossary entries,
//! links, factors and key persons: edit_kinds_address.rs.

use std::path::Path;

use kartsite::edit::apply::{current_item, new_item_hash};
use kartsite::edit::kinds::{self, Ty};
use kartsite::edit::yaml_text::{Lines, find_list};
use kartsite::edit::{Action, Kind, Refusal, Request, Value, Values, Workspace, save};

use crate::edit_items::{FieldEdit, read, ws};
use crate::support::Fixture;

const NEW_KINDS: [Kind; 7] = [
    Kind::Swot,
    Kind::Activity,
    Kind::Glossary,
    Kind::Factor,
    Kind::Link,
    Kind::TargetGroup,
    Kind::KeyPerson,
];

/// The lines `[start, end)` of item `address` in its file as it is now.
fn item_lines(w: &Workspace, kind: Kind, address: &str, text: &str) -> (usize, usize) {
    let lines = Lines::new(text).lines;
    let list = find_list(&lines, kind.list_key()).unwrap().unwrap();
    let line = kinds::items(&w.report, kind)
        .into_iter()
        .find(|(a, _, _)| a == address)
        .map(|(_, _, o)| o.fields[kind.anchor_field()].line as usize)
        .unwrap();
    *list
        .items
        .iter()
        .find(|(s, e)| (s + 1..=*e).contains(&line))
        .unwrap()
}

pub(crate) fn request(w: &Workspace, action: Action, values: Values) -> Request {
    let (file_hash, item_hash) = match &action {
        Action::Update { kind, id } | Action::Delete { kind, id } => {
            current_item(w, *kind, id).unwrap()
        }
        Action::Create { kind } => (new_item_hash(w, *kind), String::new()),
    };
    Request {
        action,
        values,
        file_hash,
        item_hash,
    }
}

pub(crate) fn update(
    w: &Workspace,
    kind: Kind,
    id: &str,
    values: Values,
) -> Result<String, Refusal> {
    let action = Action::Update {
        kind,
        id: id.to_string(),
    };
    save(w, &request(w, action, values)).map(|s| s.id)
}

pub(crate) fn create(w: &Workspace, kind: Kind, values: Values) -> Result<String, Refusal> {
    save(w, &request(w, Action::Create { kind }, values)).map(|s| s.id)
}

pub(crate) fn delete(w: &Workspace, kind: Kind, id: &str) -> Result<String, Refusal> {
    let action = Action::Delete {
        kind,
        id: id.to_string(),
    };
    save(w, &request(w, action, Values::new())).map(|s| s.id)
}

pub(crate) fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// A different, valid value for field `key` of an item with `values`.
fn another(w: &Workspace, kind: Kind, key: &str, ty: Ty, values: &Values) -> Option<Value> {
    let now = &values[key];
    let t = now.text().to_string();
    // Actors other than both ends of a link (a link joins two actors).
    let ends = [values.get("from"), values.get("to")].map(|v| v.map_or("", Value::text));
    Some(match ty {
        Ty::Id => return None,
        // The months are given one way only (tested on their own below).
        Ty::Months | Ty::Month => return None,
        Ty::Line if key == "date" => return None,
        Ty::Line if key == "source" => text("https://www.scb.se/hitta-statistik/"),
        Ty::Line => text(format!("{} ändrad: \"citat\" och #tecken", t.trim()).trim()),
        Ty::Paragraph => text("Ny text: två rader,\nmed kolon och \"citat\"."),
        Ty::Markdown => text("Ny text, *ändrad*.\n\nAndra stycket.\n"),
        Ty::Number => text(if t == "5" { "1" } else { "5" }),
        Ty::BoolYes => text(if t == "false" { "true" } else { "false" }),
        Ty::Bool => return None,
        Ty::Choice(all) => text(all.iter().find(|c| **c != t && !c.is_empty())?),
        Ty::Audience => text(if t == "internal" { "" } else { "internal" }),
        Ty::NeedArea => return None,
        Ty::Phase => text(
            &w.settings
                .model
                .phases
                .iter()
                .find(|p| p.id != t)?
                .id
                .clone(),
        ),
        Ty::Ref(k) => text(
            &kinds::items(&w.report, k)
                .into_iter()
                .map(|(i, _, _)| i)
                .find(|i| *i != t && !ends.contains(&i.as_str()))?,
        ),
        Ty::Refs(k) => {
            let Value::List(l) = now else { return None };
            let mut l = l.clone();
            let more = kinds::items(&w.report, k)
                .into_iter()
                .map(|(i, _, _)| i)
                .find(|i| !l.contains(i))?;
            l.push(more);
            Value::List(l)
        }
        Ty::Translations => {
            let Value::Translations(tr) = now else {
                return None;
            };
            let mut tr = tr.clone();
            let field = kind.translatable().first()?;
            tr.entry("en".into())
                .or_default()
                .insert((*field).to_string(), "Changed in English".into());
            Value::Translations(tr)
        }
        Ty::Timeline | Ty::Work => return None,
    })
}

#[test]
fn every_field_of_the_new_kinds_changes_only_its_items_lines() {
    let f = Fixture::example();
    let mut edited = Vec::new();
    for kind in NEW_KINDS {
        let w = ws(&f);
        let all = kinds::items(&w.report, kind);
        // The second item of the kind: not the first lines of its list.
        let mut address = all.get(1).or(all.first()).expect("an item").0.clone();
        for field in kind.fields() {
            let w = ws(&f);
            let (values, rel) = w.item(kind, &address).unwrap();
            let Some(new) = another(&w, kind, field.key, field.ty, &values) else {
                continue;
            };
            let before = read(&f, &rel);
            let (s, e) = item_lines(&w, kind, &address, &before);
            let mut changed_values = values.clone();
            changed_values.insert(field.key, new.clone());
            let now_address = match update(&w, kind, &address, changed_values) {
                Ok(a) => a,
                Err(r) => panic!("{} {address} {}: {r:?}", kind.key(), field.key),
            };
            FieldEdit {
                kind,
                field: field.key,
                before: &before,
                lines: (s, e),
                values: &values,
                new: &new,
                also: &[],
            }
            .check(&f, &rel, &now_address);
            edited.push(format!("{}.{}", kind.key(), field.key));
            address = now_address;
        }
    }
    for must in [
        "swot.kind",
        "swot.text",
        "swot.findings",
        "activity.responsible",
        "activity.recurring",
        "activity.description",
        "glossary.term",
        "glossary.explanation",
        "glossary.translations",
        "factor.certainty",
        "factor.source",
        "factor.priorities",
        "link.from",
        "link.to",
        "link.kind",
        "link.strength",
        "link.label",
        "target_group.name",
        "key_person.organisation",
        "key_person.notes",
    ] {
        assert!(
            edited.iter().any(|e| e == must),
            "{must} not edited: {edited:?}"
        );
    }
    // And the report still builds, for both audiences.
    f.audience("internal").out(f.dir().join("out-i")).ok();
    f.audience("public").out(f.dir().join("out-p")).ok();
}

const SWOT: &str = "\
# SWOT med kommentarer och svenska namn på sorterna.
swot:
  # Den första.
  - id: s-a
    kind: styrka
    text: 'Föreningar når många: också de som inte läser.'
    findings: [f-a]

  - id: w-b
    kind: svaghet   # det som saknas
    text: >-
      Vårdcentralen är
      svår att nå.
    findings:
      - f-a
# Sist.
";

const FINDINGS: &str = "findings:\n  - id: f-a\n    title: Ett fynd\n    need_area: halsa\n    source: dialogue\n  - id: f-b\n    title: Ett till\n    need_area: halsa\n    source: dialogue\n";

fn swot_fixture() -> Fixture {
    let f = Fixture::copy("basic");
    f.write("content/analys/swot.yaml", SWOT);
    f.write("content/analys/fynd.yaml", FINDINGS);
    f
}

#[test]
fn a_swot_entry_keeps_the_files_words_comments_and_styles() {
    let f = swot_fixture();
    let rel = Path::new("content/analys/swot.yaml");
    let w = ws(&f);
    // The kind reads as the model's key; unchanged, its line stays.
    let (mut v, _) = w.item(Kind::Swot, "w-b").unwrap();
    assert_eq!(v["kind"], text("weakness"));
    assert_eq!(v["text"], text("Vårdcentralen är svår att nå."));
    v.insert("findings", Value::List(vec!["f-a".into(), "f-b".into()]));
    update(&w, Kind::Swot, "w-b", v).unwrap();
    assert_eq!(
        read(&f, rel),
        SWOT.replace("      - f-a\n", "      - f-a\n      - f-b\n")
    );
    // A changed text keeps its quotes; a folded text stays folded.
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Swot, "s-a").unwrap();
    v.insert("text", text("Föreningar når många."));
    update(&w, Kind::Swot, "s-a", v).unwrap();
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Swot, "w-b").unwrap();
    v.insert("text", text("Vårdcentralen är svår att nå på kvällen."));
    v.insert("kind", text("threat"));
    update(&w, Kind::Swot, "w-b", v).unwrap();
    assert_eq!(
        read(&f, rel),
        SWOT.replace(
            "    text: 'Föreningar når många: också de som inte läser.'\n",
            "    text: 'Föreningar når många.'\n"
        )
        .replace(
            "    kind: svaghet   # det som saknas\n    text: >-\n      Vårdcentralen är\n      svår att nå.\n",
            "    kind: threat\n    text: >-\n      Vårdcentralen är svår att nå på kvällen.\n"
        )
        .replace("      - f-a\n", "      - f-a\n      - f-b\n")
    );
    // Lines of text become a literal block that reads back exactly.
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Swot, "s-a").unwrap();
    v.insert("text", text("Rad ett:\n  - inte en lista\nRad tre"));
    update(&w, Kind::Swot, "s-a", v).unwrap();
    let (now, _) = ws(&f).item(Kind::Swot, "s-a").unwrap();
    assert_eq!(now["text"], text("Rad ett:\n  - inte en lista\nRad tre"));
    assert!(
        read(&f, rel)
            .contains("    text: |-\n      Rad ett:\n        - inte en lista\n      Rad tre\n"),
        "{}",
        read(&f, rel)
    );
}

#[test]
fn a_new_swot_entry_gets_an_id_no_item_of_any_kind_has() {
    let f = swot_fixture();
    let rel = Path::new("content/analys/swot.yaml");
    let w = ws(&f);
    let mut v = kinds::blank(Kind::Swot);
    v.insert("kind", text("opportunity"));
    v.insert("text", text("Ett nytt bibliotek öppnar 2027."));
    v.insert("findings", Value::List(vec!["f-b".into()]));
    let id = create(&w, Kind::Swot, v).unwrap();
    assert_eq!(id, "s-ett-nytt-bibliotek-oppnar-2027");
    assert_eq!(
        read(&f, rel),
        SWOT.replace(
            "      - f-a\n# Sist.\n",
            "      - f-a\n\n  - id: s-ett-nytt-bibliotek-oppnar-2027\n    kind: opportunity\n    text: Ett nytt bibliotek öppnar 2027.\n    findings: [f-b]\n# Sist.\n"
        )
    );
    // An id of another kind is taken too: ids are unique in a report.
    f.write(
        "content/analys/fynd2.yaml",
        "findings:\n  - id: s-c\n    title: C\n    need_area: halsa\n    source: dialogue\n",
    );
    assert_eq!(ws(&f).suggest_id(Kind::Swot, "c"), "s-c-2");
    assert_eq!(ws(&f).suggest_id(Kind::Swot, "a"), "s-a-2");
    // Without text: the build's message, at the field.
    let mut v = kinds::blank(Kind::Swot);
    v.insert("kind", text("threat"));
    v.insert("id", text("t-tom"));
    let Err(Refusal::Invalid(errors)) = create(&ws(&f), Kind::Swot, v) else {
        panic!("an entry without text was written");
    };
    assert!(
        errors.iter().any(|e| e.diagnostic.message.contains("text")),
        "{errors:?}"
    );
    assert!(!read(&f, rel).contains("t-tom"));
}

#[test]
fn a_finding_a_swot_entry_rests_on_cannot_be_deleted() {
    let f = swot_fixture();
    let w = ws(&f);
    let before = read(&f, Path::new("content/analys/fynd.yaml"));
    let Err(Refusal::Referenced(refs)) = delete(&w, Kind::Finding, "f-a") else {
        panic!("deleted a finding the SWOT rests on");
    };
    let at: Vec<String> = refs
        .iter()
        .map(|d| format!("{}:{}", d.file.display(), d.line.unwrap_or(0)))
        .collect();
    assert!(
        at.contains(&"content/analys/swot.yaml:7".to_string())
            && at.contains(&"content/analys/swot.yaml:15".to_string()),
        "{at:?}"
    );
    assert_eq!(read(&f, Path::new("content/analys/fynd.yaml")), before);
    // The entry itself goes, with its comment.
    delete(&w, Kind::Swot, "s-a").unwrap();
    let a = SWOT.find("  # Den första.").unwrap();
    let b = SWOT.find("  - id: w-b").unwrap();
    assert_eq!(
        read(&f, Path::new("content/analys/swot.yaml")),
        format!("{}{}", &SWOT[..a], &SWOT[b..])
    );
}

#[test]
fn an_activitys_months_keep_their_spelling_and_one_way_is_enforced() {
    let f = Fixture::example();
    let rel = Path::new("content/analys-och-aterkoppling/arshjul.yaml");
    let w = ws(&f);
    let before = read(&f, rel);
    let (mut v, _) = w.item(Kind::Activity, "ah-trygghetsvandring").unwrap();
    assert_eq!(
        v["months"],
        Value::List(vec!["april".into(), "oktober".into()])
    );
    v.insert(
        "months",
        Value::List(vec!["april".into(), "oktober".into(), "11".into()]),
    );
    update(&w, Kind::Activity, "ah-trygghetsvandring", v).unwrap();
    assert_eq!(
        read(&f, rel),
        before.replace(
            "    months: [april, oktober]\n    responsible: a-samhallsbyggnad\n    description: Kommunen",
            "    months: [april, oktober, \"11\"]\n    responsible: a-samhallsbyggnad\n    description: Kommunen"
        )
    );
    // A span and months at once: the build's message, nothing written.
    let w = ws(&f);
    let before = read(&f, rel);
    let (mut v, _) = w.item(Kind::Activity, "ah-trygghetsvandring").unwrap();
    v.insert("from", text("mars"));
    v.insert("to", text("maj"));
    let Err(Refusal::Invalid(errors)) = update(&w, Kind::Activity, "ah-trygghetsvandring", v)
    else {
        panic!("two ways of giving months were written");
    };
    assert!(
        errors
            .iter()
            .any(|e| e.diagnostic.message.contains("more than one way")),
        "{errors:?}"
    );
    assert_eq!(read(&f, rel), before);
    // A one-off: `recurring: false` is written, `true` is not.
    let mut v = kinds::blank(Kind::Activity);
    v.insert("name", text("Återkopplingsmöte på torget"));
    v.insert("date", text("2027-05"));
    v.insert("responsible", text("a-rodakorset-ekby"));
    v.insert("recurring", text("false"));
    let id = create(&ws(&f), Kind::Activity, v).unwrap();
    assert!(
        read(&f, rel).ends_with(&format!(
            "  - id: {id}\n    name: Återkopplingsmöte på torget\n    date: 2027-05\n    responsible: a-rodakorset-ekby\n    recurring: false\n"
        )),
        "{}",
        read(&f, rel)
    );
    let (now, _) = ws(&f).item(Kind::Activity, &id).unwrap();
    assert_eq!(now["recurring"], text("false"));
}

#[test]
fn an_actors_work_rows_change_one_by_one_in_the_files_style() {
    use kartsite::edit::kinds::WorkRow;
    let f = Fixture::example();
    let rel = Path::new("content/kartlaggning/aktorer.yaml");
    let w = ws(&f);
    let before = read(&f, rel);
    let (mut v, _) = w.item(Kind::Actor, "a-rodakorset-ekby").unwrap();
    let Value::Work(mut rows) = v["work"].clone() else {
        panic!("no work rows")
    };
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[1],
        WorkRow {
            need_area: "grundlaggande-behov".into(),
            target_group: "nyanlanda".into(),
            does: "Språkcafé".into(),
        }
    );
    rows[1].does = "Språkcafé, varje torsdag".into();
    rows.push(WorkRow {
        need_area: "trygghet".into(),
        target_group: String::new(),
        does: "Trygghetsvandringar".into(),
    });
    v.insert("work", Value::Work(rows.clone()));
    update(&w, Kind::Actor, "a-rodakorset-ekby", v).unwrap();
    let after = read(&f, rel);
    assert_eq!(
        after,
        before
            .replacen(
                "      - { need_area: grundlaggande-behov, for: nyanlanda, does: \"Språkcafé\" }\n",
                "      - { need_area: grundlaggande-behov, for: nyanlanda, does: \"Språkcafé, varje torsdag\" }\n",
                1
            )
            .replacen(
                "      - { need_area: krisberedskap, for: vuxna, does: \"Kurser i hemberedskap\" }\n",
                "      - { need_area: krisberedskap, for: vuxna, does: \"Kurser i hemberedskap\" }\n      - { need_area: trygghet, does: Trygghetsvandringar }\n",
                1
            )
    );
    let (now, _) = ws(&f).item(Kind::Actor, "a-rodakorset-ekby").unwrap();
    assert_eq!(now["work"], Value::Work(rows));
    // An unknown need area: the build's message, at the field.
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Actor, "a-rodakorset-ekby").unwrap();
    let Value::Work(mut rows) = v["work"].clone() else {
        panic!()
    };
    rows[0].need_area = "halsa-och-vard".into();
    v.insert("work", Value::Work(rows));
    let Err(Refusal::Invalid(errors)) = update(&w, Kind::Actor, "a-rodakorset-ekby", v) else {
        panic!("an unknown need area was written");
    };
    assert!(
        errors
            .iter()
            .any(|e| e.field == Some("work") && e.diagnostic.message.contains("halsa-och-vard")),
        "{errors:?}"
    );
}
