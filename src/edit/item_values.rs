//! An item's current values, read from the loaded [`Report`]: findings,
//! priorities, feedback, actors, places and quotes here; the analysis
//! tools' items, the glossary and key persons in
//! [`super::analysis_values`].

use super::kinds::{Kind, Value, Values, WorkRow};
use crate::model::items::{
    ActorKind, Origin, PlaceKind, Recipient, SourceKind, Status, TimelineEntry,
};
use crate::model::{Audience, Report};

/// A priority's timeline as values: the dates without where they were
/// read, so an entry reads the same after lines above it moved.
fn timeline(entries: &[TimelineEntry]) -> Value {
    Value::Timeline(
        entries
            .iter()
            .map(|e| TimelineEntry {
                date: crate::model::items::unlocated(e.date.value.clone()),
                text: e.text.clone(),
                translations: e.translations.clone(),
            })
            .collect(),
    )
}

/// An actor's `work:` as rows (without where they were read).
fn work(rows: &[crate::model::analysis::Work]) -> Value {
    Value::Work(
        rows.iter()
            .map(|w| WorkRow {
                need_area: w.need_area.value.clone(),
                target_group: w
                    .target_group
                    .as_ref()
                    .map(|g| g.value.clone())
                    .unwrap_or_default(),
                does: w.does.clone(),
            })
            .collect(),
    )
}

pub(super) fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

pub(super) fn opt_sp(s: Option<&crate::model::items::Sp>) -> Value {
    text(s.map(|s| s.value.clone()).unwrap_or_default())
}

pub(super) fn ids(v: &[crate::model::items::Sp]) -> Value {
    Value::List(v.iter().map(|s| s.value.clone()).collect())
}

pub(super) fn audience(a: Option<Audience>) -> Value {
    text(a.map(Audience::as_str).unwrap_or_default())
}

/// The address, values and origin of every item of `kind` (the address
/// is the id, or for a glossary entry or a link [`super::kinds::address`]).
pub fn items(report: &Report, kind: Kind) -> Vec<(String, Values, &Origin)> {
    match kind {
        Kind::Swot
        | Kind::Activity
        | Kind::Glossary
        | Kind::Factor
        | Kind::Link
        | Kind::TargetGroup
        | Kind::KeyPerson => super::analysis_values::items(report, kind),
        Kind::Finding => report
            .findings
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("id", text(&i.id.value)),
                    ("title", text(&i.title)),
                    ("need_area", text(&i.need_area.value)),
                    ("source", text(SourceKind::key(i.source))),
                    ("text", text(&i.text)),
                    ("evidence", opt_sp(i.evidence.as_ref())),
                    ("phase", opt_sp(i.phase.as_ref())),
                    ("audience", audience(i.audience)),
                    ("translations", Value::Translations(i.translations.clone())),
                ]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
        Kind::Priority => report
            .priorities
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("id", text(&i.id.value)),
                    ("rank", text(i.rank.to_string())),
                    ("title", text(&i.title)),
                    ("need_area", text(&i.need_area.value)),
                    ("based_on", ids(&i.based_on)),
                    ("action", text(&i.action)),
                    ("responsible", opt_sp(i.responsible.as_ref())),
                    ("when", text(&i.when)),
                    ("status", status_value(i)),
                    ("status_reason", text(&i.status_reason)),
                    ("timeline", timeline(&i.timeline)),
                    ("audience", audience(i.audience)),
                    ("translations", Value::Translations(i.translations.clone())),
                ]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
        Kind::Feedback => report
            .feedback
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("id", text(&i.id.value)),
                    ("to", text(Recipient::key(i.to))),
                    ("heard", text(&i.heard)),
                    ("doing", text(&i.doing)),
                    ("when", text(&i.when)),
                    ("channel", text(&i.channel)),
                    ("priorities", ids(&i.priorities)),
                    ("audience", audience(i.audience)),
                    ("translations", Value::Translations(i.translations.clone())),
                ]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
        Kind::Actor => report
            .actors
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("id", text(&i.id.value)),
                    ("name", text(&i.name)),
                    ("kind", text(ActorKind::key(i.kind))),
                    ("does", text(&i.does)),
                    ("for_whom", text(&i.for_whom)),
                    ("cooperates_with", ids(&i.cooperates_with)),
                    ("places", ids(&i.places)),
                    ("work", work(&i.work)),
                    ("contact", text(&i.contact)),
                    ("audience", audience(i.audience)),
                    ("translations", Value::Translations(i.translations.clone())),
                ]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
        Kind::Place => report
            .places
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("id", text(&i.id.value)),
                    ("name", text(&i.name)),
                    ("kind", text(PlaceKind::key(i.kind))),
                    ("description", text(&i.description)),
                    ("audience", audience(i.audience)),
                    ("translations", Value::Translations(i.translations.clone())),
                ]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
        Kind::Quote => report
            .quotes
            .iter()
            .map(|i| {
                let v = Values::from([
                    ("id", text(&i.id.value)),
                    ("text", text(&i.text)),
                    ("need_area", text(&i.need_area.value)),
                    ("finding", opt_sp(i.finding.as_ref())),
                    ("context", text(&i.context)),
                    ("attribution", opt_sp(i.attribution.as_ref())),
                    ("consent", text(if i.consent { "true" } else { "false" })),
                    ("audience", audience(i.audience)),
                ]);
                (i.id.value.clone(), v, &i.origin)
            })
            .collect(),
    }
}

/// A priority's status as written: `planned` is the default, so a
/// priority without `status:` shows `planned`.
fn status_value(p: &crate::model::items::Priority) -> Value {
    let written = p.origin.fields.contains_key("status");
    if written || p.status != Status::Planned {
        text(p.status.key())
    } else {
        text("")
    }
}
