//! Forms instead of YAML, the core (`kartsite serve --edit` uses the same
//! calls): every field of every item kind edited on the example report,
//! the file differing only in that item's lines; comments, blank lines,
//! quoting and key order kept; add, delete, a conflict and invalid values
//! refused with the build's messages.

use std::path::Path;

use kartsite::edit::apply::{current_item, new_item_hash};
use kartsite::edit::kinds::{self, Ty};
use kartsite::edit::yaml_text::{Lines, find_list};
use kartsite::edit::{Action, Kind, Refusal, Request, Value, Values, Workspace, save};
use kartsite::model::Audience;

use crate::support::Fixture;

pub(crate) fn ws(f: &Fixture) -> Workspace {
    Workspace::load(&f.root, false, Audience::Internal).unwrap()
}

pub(crate) fn read(f: &Fixture, rel: &Path) -> String {
    std::fs::read_to_string(f.root.join(rel)).unwrap()
}

/// The lines `[start, end)` of item `id` in a file's text.
fn item_lines(text: &str, kind: Kind, id: &str) -> (usize, usize) {
    let lines = Lines::new(text).lines;
    let list = find_list(&lines, kind.list_key()).unwrap().unwrap();
    *list
        .items
        .iter()
        .find(|(s, e)| {
            lines[*s..*e]
                .iter()
                .any(|l| l.trim_start().trim_start_matches("- ") == format!("id: {id}"))
        })
        .unwrap_or_else(|| panic!("{id} not found"))
}

/// The lines that differ: `[start, end_before)` of `before` became
/// `[start, end_after)` of `after` (common lines at both ends removed).
pub(crate) fn changed(before: &str, after: &str) -> (usize, usize, usize) {
    let a: Vec<&str> = before.split('\n').collect();
    let b: Vec<&str> = after.split('\n').collect();
    let start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (start, a.len() - tail, b.len() - tail)
}

/// One field of an item changed through a form, checked: only the item's
/// lines `lines` of `before` changed, and the build's loader reads `new`
/// and every other field as it was (`also`: fields changed with it).
pub(crate) struct FieldEdit<'a> {
    pub kind: Kind,
    pub field: &'static str,
    pub before: &'a str,
    pub lines: (usize, usize),
    pub values: &'a Values,
    pub new: &'a Value,
    pub also: &'a [&'a str],
}

impl FieldEdit<'_> {
    /// The check, with the file and the item's address after the save.
    #[track_caller]
    pub(crate) fn check(&self, f: &Fixture, rel: &Path, address: &str) {
        let (kind, field, (s, e)) = (self.kind.key(), self.field, self.lines);
        let after = read(f, rel);
        assert_ne!(self.before, after, "{kind} {field}");
        let (from, to_before, _) = changed(self.before, &after);
        assert!(
            from >= s && to_before <= e,
            "{kind} {field}: lines {from}..{to_before} changed, the item is {s}..{e}\n{after}"
        );
        let w = ws(f);
        let (now, _) = w
            .item(self.kind, address)
            .unwrap_or_else(|| panic!("{kind} {address} gone"));
        assert!(
            now[field].same_as(self.new),
            "{kind} {field}: {:?} != {:?}\n{after}",
            now[field],
            self.new
        );
        for other in self.kind.fields() {
            if other.key != field && !self.also.contains(&other.key) {
                assert!(
                    now[other.key].same_as(&self.values[other.key]),
                    "{kind} {field}: {} changed too",
                    other.key
                );
            }
        }
    }
}

fn update(ws: &Workspace, kind: Kind, id: &str, values: Values) -> Result<(), Refusal> {
    let (file_hash, item_hash) = current_item(ws, kind, id).unwrap();
    save(
        ws,
        &Request {
            action: Action::Update {
                kind,
                id: id.to_string(),
            },
            values,
            file_hash,
            item_hash,
        },
    )
    .map(|_| ())
}

/// A different, valid value for a field of item `id`.
fn another(ws: &Workspace, kind: Kind, id: &str, ty: Ty, now: &Value) -> Option<Value> {
    let text = now.text().to_string();
    let other_id = |k: Kind| {
        kinds::items(&ws.report, k)
            .into_iter()
            .map(|(i, _, _)| i)
            .find(|i| *i != text && *i != id)
    };
    Some(match (ty, now) {
        (Ty::Id, _) => return None,
        // A page link: the same page without its anchor.
        (Ty::Line, _) if ty == Ty::Line && text.contains(".md#") => {
            Value::Text(text.split('#').next()?.to_string())
        }
        (Ty::Line, _) => Value::Text(
            format!("{} ändrad: \"citat\" och #tecken", text.trim())
                .trim()
                .to_string(),
        ),
        (Ty::Markdown, _) => {
            Value::Text("Ny text, *ändrad*.\n\nAndra stycket: med kolon.\n".into())
        }
        (Ty::Number, _) => Value::Text("42".into()),
        // (`consent` is set with `attribution` when it is false now.)
        (Ty::Bool, _) if text == "true" => return None,
        (Ty::Bool, _) => Value::Text("true".into()),
        (Ty::Choice(all), _) => Value::Text(
            all.iter()
                .find(|c| **c != text && **c != "not_relevant")?
                .to_string(),
        ),
        (Ty::Audience, _) => Value::Text(if text == "internal" { "" } else { "internal" }.into()),
        (Ty::NeedArea, _) => Value::Text(
            ws.settings
                .need_areas
                .iter()
                .find(|n| n.id != text)?
                .id
                .clone(),
        ),
        (Ty::Phase, _) => Value::Text(
            ws.settings
                .model
                .phases
                .iter()
                .find(|p| p.id != text)?
                .id
                .clone(),
        ),
        (Ty::Ref(k), _) => Value::Text(other_id(k)?),
        (Ty::Refs(k), Value::List(l)) => {
            let mut l = l.clone();
            let more = kinds::items(&ws.report, k)
                .into_iter()
                .map(|(i, _, _)| i)
                .find(|i| !l.contains(i) && i != id)?;
            l.push(more);
            Value::List(l)
        }
        (Ty::Timeline, Value::Timeline(t)) => {
            let mut t = t.clone();
            t.push(kartsite::model::items::TimelineEntry {
                date: kartsite::model::items::unlocated("2027-05-04".into()),
                text: "Uppföljning: möte med \"alla\" parter".into(),
                translations: [("en".to_string(), "Follow-up meeting".to_string())].into(),
            });
            Value::Timeline(t)
        }
        (Ty::Translations, Value::Translations(tr)) => {
            let mut tr = tr.clone();
            let field = kind.translatable().first()?;
            tr.entry("en".into())
                .or_default()
                .insert((*field).to_string(), "Changed in English".into());
            Value::Translations(tr)
        }
        _ => return None,
    })
}

#[test]
fn every_field_of_every_kind_changes_only_its_items_lines() {
    let f = Fixture::example();
    let mut edited = 0;
    // (The analysis tools' kinds, the glossary and key persons: edit_kinds.rs.)
    let first_six = [
        Kind::Finding,
        Kind::Priority,
        Kind::Feedback,
        Kind::Actor,
        Kind::Place,
        Kind::Quote,
    ];
    for kind in &first_six {
        let w = ws(&f);
        let first = kinds::items(&w.report, *kind);
        // The second item of the kind where there is one: not the first
        // lines of its list.
        let id = first.get(1).or(first.first()).expect("an item").0.clone();
        for field in kind.fields() {
            let w = ws(&f);
            let (values, rel) = w.item(*kind, &id).unwrap();
            let Some(new) = another(&w, *kind, &id, field.ty, &values[field.key]) else {
                continue;
            };
            let before = read(&f, &rel);
            let (s, e) = item_lines(&before, *kind, &id);
            let mut changed_values = values.clone();
            changed_values.insert(field.key, new.clone());
            // A name needs consent (the build says so; tested below).
            let with_consent = field.key == "attribution";
            if with_consent {
                changed_values.insert("consent", Value::Text("true".into()));
            }
            if let Err(r) = update(&w, *kind, &id, changed_values) {
                panic!("{} {id} {}: {r:?}", kind.key(), field.key);
            }
            let also: &[&str] = if with_consent { &["consent"] } else { &[] };
            FieldEdit {
                kind: *kind,
                field: field.key,
                before: &before,
                lines: (s, e),
                values: &values,
                new: &new,
                also,
            }
            .check(&f, &rel, &id);
            edited += 1;
        }
    }
    assert!(edited >= 40, "only {edited} fields edited");
    // And the report still builds.
    f.audience("internal").out(f.dir().join("out")).ok();
}

const STYLED: &str = "\
# Prioriteringar med kommentarer, citattecken och egen ordning.
priorities:
  # Den första.
  - id: pr-a
    title: 'Första: med kolon'
    rank: 1   # viktigast
    need_area: halsa
    based_on:
      - f-a
    status: ongoing
    action: |
      Rad ett.

      Rad två.

  - id: pr-b
    rank: 2
    title: \"Andra\"
    need_area: halsa
    based_on: [f-a]
# Sist i filen.
";

const FINDINGS: &str =
    "findings:\n  - id: f-a\n    title: Ett fynd\n    need_area: halsa\n    source: dialogue\n";

fn styled() -> Fixture {
    let f = Fixture::copy("basic");
    f.write("content/kartlaggning/prio.yaml", STYLED);
    f.write("content/kartlaggning/fynd-a.yaml", FINDINGS);
    f
}

#[test]
fn comments_quoting_and_key_order_stay_as_written() {
    let f = styled();
    let w = ws(&f);
    let (mut v, rel) = w.item(Kind::Priority, "pr-a").unwrap();
    v.insert("title", Value::Text("Första: ändrad".into()));
    v.insert("status", Value::Text("done".into()));
    v.insert("when", Value::Text("Hösten 2026".into()));
    update(&w, Kind::Priority, "pr-a", v).unwrap();
    let after = read(&f, &rel);
    assert_eq!(
        after,
        STYLED
            .replace("title: 'Första: med kolon'", "title: 'Första: ändrad'")
            .replace("    status: ongoing\n", "    status: done\n")
            .replace(
                "      Rad två.\n",
                "      Rad två.\n    when: Hösten 2026\n"
            )
    );

    // A list written as a block stays a block; one in brackets stays so.
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Priority, "pr-b").unwrap();
    v.insert("based_on", Value::List(vec![]));
    v.insert("title", Value::Text("Andra \"nya\"".into()));
    update(&w, Kind::Priority, "pr-b", v).unwrap();
    let after2 = read(&f, &rel);
    assert!(
        after2.contains("    title: \"Andra \\\"nya\\\"\"\n"),
        "{after2}"
    );
    assert!(!after2.contains("based_on: [f-a]"), "{after2}");
    assert!(
        after2.ends_with("    need_area: halsa\n# Sist i filen.\n"),
        "{after2}"
    );
    assert!(after2.contains("    based_on:\n      - f-a\n"), "{after2}");
}

#[test]
fn crlf_and_a_byte_order_mark_are_kept() {
    let f = styled();
    let rel = "content/kartlaggning/prio.yaml";
    let crlf = format!("\u{feff}{}", STYLED.replace('\n', "\r\n"));
    f.write(rel, &crlf);
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Priority, "pr-b").unwrap();
    v.insert("rank", Value::Text("3".into()));
    update(&w, Kind::Priority, "pr-b", v).unwrap();
    let after = read(&f, Path::new(rel));
    assert_eq!(after, crlf.replace("rank: 2\r\n", "rank: 3\r\n"));
}

#[test]
fn a_new_item_is_appended_in_the_files_style_with_an_id_from_its_title() {
    let f = styled();
    let w = ws(&f);
    let rel = w.file_for_new(Kind::Priority);
    assert_eq!(rel, Path::new("content/kartlaggning/prio.yaml"));
    let mut v = kinds::blank(Kind::Priority);
    v.insert("title", Value::Text("Läxhjälp på biblioteket".into()));
    v.insert("rank", Value::Text("3".into()));
    v.insert("need_area", Value::Text("halsa".into()));
    v.insert("based_on", Value::List(vec!["f-a".into()]));
    v.insert(
        "action",
        Value::Text("Två kvällar i veckan.\nMed volontärer.".into()),
    );
    let saved = save(
        &w,
        &Request {
            action: Action::Create {
                kind: Kind::Priority,
            },
            values: v,
            file_hash: new_item_hash(&w, Kind::Priority),
            item_hash: String::new(),
        },
    )
    .unwrap();
    assert_eq!(saved.id, "pr-laxhjalp-pa-biblioteket");
    let after = read(&f, &rel);
    assert_eq!(
        after,
        STYLED.replace(
            "    based_on: [f-a]\n",
            "    based_on: [f-a]\n\n  - id: pr-laxhjalp-pa-biblioteket\n    rank: 3\n    title: Läxhjälp på biblioteket\n    need_area: halsa\n    based_on: [f-a]\n    action: |\n      Två kvällar i veckan.\n      Med volontärer.\n"
        )
    );
    // The next one with the same title gets another id.
    assert_eq!(
        ws(&f).suggest_id(Kind::Priority, "Läxhjälp på biblioteket"),
        "pr-laxhjalp-pa-biblioteket-2"
    );
}

#[test]
fn a_new_kind_of_item_starts_its_own_file() {
    let f = styled();
    let w = ws(&f);
    let rel = w.file_for_new(Kind::Quote);
    assert_eq!(rel, Path::new("content/quotes.yaml"));
    let mut v = kinds::blank(Kind::Quote);
    v.insert(
        "text",
        Value::Text("Här finns inget för oss efter sju.".into()),
    );
    v.insert("need_area", Value::Text("halsa".into()));
    v.insert("context", Value::Text("Dialog på torget, maj 2026".into()));
    save(
        &w,
        &Request {
            action: Action::Create { kind: Kind::Quote },
            values: v,
            file_hash: new_item_hash(&w, Kind::Quote),
            item_hash: String::new(),
        },
    )
    .unwrap();
    assert_eq!(
        read(&f, &rel),
        "quotes:\n  - id: q-har-finns-inget-for-oss-efter-sju\n    text: Här finns inget för oss efter sju.\n    need_area: halsa\n    context: Dialog på torget, maj 2026\n"
    );
}

#[test]
fn deleting_is_refused_while_references_remain_and_names_them() {
    let f = styled();
    let w = ws(&f);
    let rel = Path::new("content/kartlaggning/fynd-a.yaml");
    let before = read(&f, rel);
    let (file_hash, item_hash) = current_item(&w, Kind::Finding, "f-a").unwrap();
    let refused = save(
        &w,
        &Request {
            action: Action::Delete {
                kind: Kind::Finding,
                id: "f-a".into(),
            },
            values: Values::new(),
            file_hash,
            item_hash,
        },
    );
    let Err(Refusal::Referenced(refs)) = refused else {
        panic!("{refused:?}");
    };
    let files: Vec<String> = refs
        .iter()
        .map(|d| format!("{}:{}", d.file.display(), d.line.unwrap_or(0)))
        .collect();
    assert!(
        files.contains(&"content/kartlaggning/prio.yaml:9".to_string())
            && files.contains(&"content/kartlaggning/prio.yaml:20".to_string()),
        "{files:?}"
    );
    assert_eq!(read(&f, rel), before);
    assert_eq!(
        kartsite::edit::apply::references(&w, Kind::Finding, "f-a").len(),
        refs.len()
    );

    // An item nothing refers to goes, with the blank line before the next.
    let (file_hash, item_hash) = current_item(&w, Kind::Priority, "pr-a").unwrap();
    save(
        &w,
        &Request {
            action: Action::Delete {
                kind: Kind::Priority,
                id: "pr-a".into(),
            },
            values: Values::new(),
            file_hash,
            item_hash,
        },
    )
    .unwrap();
    let after = read(&f, Path::new("content/kartlaggning/prio.yaml"));
    // The comment just above the item goes with it.
    let a = STYLED.find("  # Den första.").unwrap();
    let b = STYLED.find("  - id: pr-b").unwrap();
    assert_eq!(after, format!("{}{}", &STYLED[..a], &STYLED[b..]));
}

#[test]
fn a_file_changed_since_the_form_opened_is_not_written() {
    let f = styled();
    let w = ws(&f);
    let rel = Path::new("content/kartlaggning/prio.yaml");
    let (file_hash, item_hash) = current_item(&w, Kind::Priority, "pr-a").unwrap();
    // Someone else changes the item meanwhile.
    let theirs = STYLED.replace("rank: 1   # viktigast", "rank: 5   # viktigast");
    f.write("content/kartlaggning/prio.yaml", &theirs);
    let (mut v, _) = w.item(Kind::Priority, "pr-a").unwrap();
    v.insert("title", Value::Text("Min ändring".into()));
    let r = save(
        &w,
        &Request {
            action: Action::Update {
                kind: Kind::Priority,
                id: "pr-a".into(),
            },
            values: v.clone(),
            file_hash: file_hash.clone(),
            item_hash: item_hash.clone(),
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
        now.iter().any(|(n, l)| *n == 6 && l.contains("rank: 5")),
        "{now:?}"
    );
    assert_eq!(read(&f, rel), theirs);

    // A change elsewhere in the file: still refused, and said so.
    f.write("content/kartlaggning/prio.yaml", format!("{STYLED}# mer\n"));
    let Err(Refusal::Conflict { item_changed, .. }) = save(
        &w,
        &Request {
            action: Action::Update {
                kind: Kind::Priority,
                id: "pr-a".into(),
            },
            values: v,
            file_hash,
            item_hash,
        },
    ) else {
        panic!("saved over a changed file");
    };
    assert!(!item_changed);
}

#[test]
fn invalid_values_are_refused_with_the_builds_message_at_their_field() {
    let f = styled();
    let rel = Path::new("content/kartlaggning/prio.yaml");
    let cases: &[(&str, &str, &str)] = &[
        ("rank", "tolv", "rank"),
        ("need_area", "halsa-och-vard", "halsa-och-vard"),
        ("responsible", "a-finns-inte", "a-finns-inte"),
        ("status", "not_relevant", "status_reason"),
    ];
    for (field, value, said) in cases {
        let w = ws(&f);
        let (mut v, _) = w.item(Kind::Priority, "pr-a").unwrap();
        v.insert(field, Value::Text((*value).into()));
        let r = update(&w, Kind::Priority, "pr-a", v);
        let Err(Refusal::Invalid(errors)) = r else {
            panic!("{field}={value}: {r:?}");
        };
        assert!(
            errors.iter().any(|e| e.diagnostic.message.contains(said)
                || e.diagnostic.hint.as_deref().unwrap_or("").contains(said)),
            "{field}: {errors:?}"
        );
        assert!(
            errors
                .iter()
                .all(|e| e.diagnostic.file == rel && e.diagnostic.line.is_some()),
            "{errors:?}"
        );
        if *field != "status" {
            assert!(
                errors.iter().any(|e| e.field == Some(field)),
                "{field}: {errors:?}"
            );
        }
        assert_eq!(read(&f, rel), STYLED, "{field}: the file was written");
    }
    // The same message `kartsite build` gives for the same mistake.
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Priority, "pr-a").unwrap();
    v.insert("need_area", Value::Text("halsa-och-vard".into()));
    let Err(Refusal::Invalid(errors)) = update(&w, Kind::Priority, "pr-a", v) else {
        panic!()
    };
    f.write(
        "content/kartlaggning/prio.yaml",
        STYLED.replace(
            "    need_area: halsa\n    based_on:\n",
            "    need_area: halsa-och-vard\n    based_on:\n",
        ),
    );
    let run = f.audience("internal").out(f.dir().join("out")).run();
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains(&errors[0].diagnostic.message),
        "{}\n{:?}",
        run.stderr,
        errors[0].diagnostic
    );
}

#[test]
fn a_list_in_brackets_is_left_to_the_file() {
    let f = styled();
    f.write(
        "content/kartlaggning/platser.yaml",
        "places: [{id: p-a, name: A, kind: park}]\n",
    );
    let w = ws(&f);
    let r = current_item(&w, Kind::Place, "p-a");
    assert!(matches!(r, Err(Refusal::Flow(_))), "{r:?}");
}

#[test]
fn renaming_is_checked_like_any_change() {
    let f = styled();
    let rel = Path::new("content/kartlaggning/fynd-a.yaml");
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Finding, "f-a").unwrap();
    v.insert("id", Value::Text("f-nytt".into()));
    let Err(Refusal::Invalid(errors)) = update(&w, Kind::Finding, "f-a", v) else {
        panic!("renamed while priorities refer to it");
    };
    assert!(
        errors.iter().any(
            |e| e.diagnostic.file == Path::new("content/kartlaggning/prio.yaml")
                && e.diagnostic.message.contains("f-a")
        ),
        "{errors:?}"
    );
    assert_eq!(read(&f, rel), FINDINGS);
    // A priority nothing refers to takes its new id.
    let (mut v, _) = w.item(Kind::Priority, "pr-b").unwrap();
    v.insert("id", Value::Text("pr-andra".into()));
    update(&w, Kind::Priority, "pr-b", v).unwrap();
    assert!(ws(&f).item(Kind::Priority, "pr-andra").is_some());
    assert!(read(&f, Path::new("content/kartlaggning/prio.yaml")).contains("  - id: pr-andra\n"));
}

#[test]
fn text_cannot_break_out_of_its_field() {
    let f = styled();
    let rel = Path::new("content/kartlaggning/prio.yaml");
    let w = ws(&f);
    let (mut v, _) = w.item(Kind::Priority, "pr-a").unwrap();
    let title = "Rad\n  - id: pr-inskjuten\n    rank: 9 # \"x\" 'y'";
    let action = "Text\rfindings: []\r\n- id: x\n\u{7}slut";
    v.insert("title", Value::Text(title.into()));
    v.insert("action", Value::Text(action.into()));
    v.insert("when", Value::Text("yes".into()));
    update(&w, Kind::Priority, "pr-a", v).unwrap();
    let w2 = ws(&f);
    let ids: Vec<String> = kinds::items(&w2.report, Kind::Priority)
        .into_iter()
        .filter(|(_, _, o)| o.file == rel)
        .map(|(i, _, _)| i)
        .collect();
    assert_eq!(ids, ["pr-a", "pr-b"]);
    let (now, _) = w2.item(Kind::Priority, "pr-a").unwrap();
    assert_eq!(now["title"].text(), title);
    assert_eq!(now["action"].text(), "Text\nfindings: []\n- id: x\nslut\n");
    assert_eq!(now["when"].text(), "yes");
    assert_eq!(
        kinds::items(&w2.report, Kind::Finding).len(),
        kinds::items(&w.report, Kind::Finding).len()
    );
}
