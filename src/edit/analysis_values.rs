//! The current values of the analysis tools' items (SWOT entries, the
//! årshjul's activities, environmental factors, network links and target
//! groups), glossary entries and key persons.

use super::item_values::{audience, ids, opt_sp, text};
use super::kinds::{Kind, Value, Values, glossary_key, link_key};
use crate::model::Report;
use crate::model::items::Origin;

/// [`super::item_values::items`] for the kinds of this module.
pub(super) fn items(report: &Report, kind: Kind) -> Vec<(String, Values, &Origin)> {
    match kind {
        Kind::Swot => report
            .swot
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("id", text(&i.id.value)),
                    ("kind", text(i.kind.key())),
                    ("text", text(&i.text)),
                    ("findings", ids(&i.findings)),
                    ("phase", opt_sp(i.phase.as_ref())),
                    ("audience", audience(i.audience)),
                ]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
        Kind::Activity => report
            .activities
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("id", text(&i.id.value)),
                    ("name", text(&i.name)),
                    ("months", ids(&i.months)),
                    ("from", opt_sp(i.from.as_ref())),
                    ("to", opt_sp(i.to.as_ref())),
                    ("date", opt_sp(i.date.as_ref())),
                    ("responsible", opt_sp(i.responsible.as_ref())),
                    (
                        "recurring",
                        text(if i.recurring { "true" } else { "false" }),
                    ),
                    ("description", text(&i.description)),
                    ("phase", opt_sp(i.phase.as_ref())),
                    ("audience", audience(i.audience)),
                ]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
        Kind::Glossary => report
            .glossary
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("term", text(&i.term.value)),
                    ("explanation", text(&i.explanation)),
                    ("translations", Value::Translations(i.translations.clone())),
                ]);
                (glossary_key(&i.term.value), v, &i.origin)
            })
            .collect(),
        Kind::Factor => report
            .factors
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("id", text(&i.id.value)),
                    ("title", text(&i.title)),
                    ("kind", text(i.kind.key())),
                    ("trend", text(&i.trend)),
                    ("effect", text(&i.effect)),
                    (
                        "certainty",
                        text(i.certainty.map(|c| c.key()).unwrap_or("")),
                    ),
                    ("source", opt_sp(i.source.as_ref())),
                    ("source_title", text(&i.source_title)),
                    ("priorities", ids(&i.priorities)),
                    ("phase", opt_sp(i.phase.as_ref())),
                    ("audience", audience(i.audience)),
                ]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
        Kind::Link => report
            .links
            .iter()
            .map(|i| {
                // The kind as written: `informal` is the default.
                let kind = if i.origin.fields.contains_key("kind") {
                    i.kind.key()
                } else {
                    ""
                };
                let v = Values::from([
                    ("from", text(&i.from.value)),
                    ("to", text(&i.to.value)),
                    ("kind", text(kind)),
                    (
                        "strength",
                        text(i.strength.map(|s| s.to_string()).unwrap_or_default()),
                    ),
                    ("label", text(&i.label)),
                    ("audience", audience(i.audience)),
                ]);
                let key = link_key(&i.from.value, &i.to.value, i.kind.key());
                (key, v, &i.origin)
            })
            .collect(),
        Kind::TargetGroup => report
            .target_groups
            .iter()
            .map(|i| {
                let v = Values::from([("id", text(&i.id.value)), ("name", text(&i.name))]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
        Kind::KeyPerson => report
            .key_persons
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("id", text(&i.id.value)),
                    ("name", text(&i.name)),
                    ("role", text(&i.role)),
                    ("organisation", text(&i.organisation.value)),
                    ("phone", text(&i.phone)),
                    ("email", text(&i.email)),
                    ("notes", text(&i.notes)),
                    ("audience", audience(i.audience)),
                ]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
        _ => Vec::new(),
    }
}
