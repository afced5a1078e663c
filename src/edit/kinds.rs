//! The item kinds a form can edit, their fields typed as the model says,
//! and an item's current values read from the loaded [`Report`].

use std::collections::BTreeMap;

use crate::model::items::{
    ActorKind, Origin, PlaceKind, Recipient, SourceKind, Status, TimelineEntry, Translations,
};
use crate::model::{Audience, Report};

/// What can be edited through a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Finding,
    Priority,
    Feedback,
    Actor,
    Place,
    Quote,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Finding,
        Kind::Priority,
        Kind::Feedback,
        Kind::Actor,
        Kind::Place,
        Kind::Quote,
    ];

    /// The name in edit URLs and in the CSS class of the rendered item.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Finding => "finding",
            Kind::Priority => "priority",
            Kind::Feedback => "feedback",
            Kind::Actor => "actor",
            Kind::Place => "place",
            Kind::Quote => "quote",
        }
    }

    /// The top-level key of the YAML list that holds items of this kind.
    pub fn list_key(self) -> &'static str {
        match self {
            Kind::Finding => "findings",
            Kind::Priority => "priorities",
            Kind::Feedback => "feedback",
            Kind::Actor => "actors",
            Kind::Place => "places",
            Kind::Quote => "quotes",
        }
    }

    /// How ids of this kind begin in the example report (`pr-…`).
    pub fn id_prefix(self) -> &'static str {
        match self {
            Kind::Finding => "f-",
            Kind::Priority => "pr-",
            Kind::Feedback => "fb-",
            Kind::Actor => "a-",
            Kind::Place => "p-",
            Kind::Quote => "q-",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.key() == s)
    }

    /// The fields a form shows, in the model's order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Finding => FINDING,
            Kind::Priority => PRIORITY,
            Kind::Feedback => FEEDBACK,
            Kind::Actor => ACTOR,
            Kind::Place => PLACE,
            Kind::Quote => QUOTE,
        }
    }

    /// The field that names an item in lists and pickers.
    pub fn title_field(self) -> &'static str {
        match self {
            Kind::Finding | Kind::Priority => "title",
            Kind::Actor | Kind::Place => "name",
            Kind::Feedback => "heard",
            Kind::Quote => "text",
        }
    }

    /// The fields that may be translated (`translations:`).
    pub fn translatable(self) -> &'static [&'static str] {
        let key = match self {
            Kind::Quote => return &[],
            k => k.key(),
        };
        crate::model::items::TRANSLATABLE
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(&[], |(_, f)| f)
    }
}

/// How a field is written and chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// The item's id (lowercase letters, digits and dashes).
    Id,
    /// One line of text.
    Line,
    /// Markdown, written as a block.
    Markdown,
    /// A whole number.
    Number,
    /// Yes or no.
    Bool,
    /// One of a fixed list (the model's enum keys).
    Choice(&'static [&'static str]),
    /// `internal` or `public` (empty: the report's default).
    Audience,
    /// A need area of book.toml.
    NeedArea,
    /// A phase of the report's process model.
    Phase,
    /// The id of one item of a kind.
    Ref(Kind),
    /// Ids of items of a kind.
    Refs(Kind),
    /// Dated entries (`timeline:` of a priority).
    Timeline,
    /// Language → translated fields.
    Translations,
}

/// One field of a form.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The YAML key.
    pub key: &'static str,
    pub ty: Ty,
    pub required: bool,
}

const fn f(key: &'static str, ty: Ty, required: bool) -> Field {
    Field { key, ty, required }
}

// The choices below are the model's keys (a unit test compares them).
const SOURCES: &[&str] = &["statistics", "dialogue", "interview", "workshop", "report"];
const STATUSES: &[&str] = &["planned", "ongoing", "done", "not_relevant"];
const RECIPIENTS: &[&str] = &["residents", "actors", "branch"];
const ACTOR_KINDS: &[&str] = &[
    "authority",
    "municipality",
    "region",
    "civil_society",
    "private",
];
const PLACE_KINDS: &[&str] = &[
    "square",
    "meeting_place",
    "school",
    "preschool",
    "library",
    "sports",
    "park",
    "religious",
    "shop",
    "health",
    "other",
];

const FINDING: &[Field] = &[
    f("id", Ty::Id, true),
    f("title", Ty::Line, true),
    f("need_area", Ty::NeedArea, true),
    f("source", Ty::Choice(SOURCES), true),
    f("text", Ty::Markdown, false),
    f("evidence", Ty::Line, false),
    f("phase", Ty::Phase, false),
    f("audience", Ty::Audience, false),
    f("translations", Ty::Translations, false),
];

const PRIORITY: &[Field] = &[
    f("id", Ty::Id, true),
    f("rank", Ty::Number, true),
    f("title", Ty::Line, true),
    f("need_area", Ty::NeedArea, true),
    f("based_on", Ty::Refs(Kind::Finding), false),
    f("action", Ty::Markdown, false),
    f("responsible", Ty::Ref(Kind::Actor), false),
    f("when", Ty::Line, false),
    f("status", Ty::Choice(STATUSES), false),
    f("status_reason", Ty::Line, false),
    f("timeline", Ty::Timeline, false),
    f("audience", Ty::Audience, false),
    f("translations", Ty::Translations, false),
];

const FEEDBACK: &[Field] = &[
    f("id", Ty::Id, true),
    f("to", Ty::Choice(RECIPIENTS), true),
    f("heard", Ty::Markdown, true),
    f("doing", Ty::Markdown, false),
    f("when", Ty::Line, false),
    f("channel", Ty::Line, false),
    f("priorities", Ty::Refs(Kind::Priority), false),
    f("audience", Ty::Audience, false),
    f("translations", Ty::Translations, false),
];

const ACTOR: &[Field] = &[
    f("id", Ty::Id, true),
    f("name", Ty::Line, true),
    f("kind", Ty::Choice(ACTOR_KINDS), true),
    f("does", Ty::Markdown, false),
    f("for_whom", Ty::Line, false),
    f("cooperates_with", Ty::Refs(Kind::Actor), false),
    f("places", Ty::Refs(Kind::Place), false),
    f("contact", Ty::Line, false),
    f("audience", Ty::Audience, false),
    f("translations", Ty::Translations, false),
];

const PLACE: &[Field] = &[
    f("id", Ty::Id, true),
    f("name", Ty::Line, true),
    f("kind", Ty::Choice(PLACE_KINDS), true),
    f("description", Ty::Markdown, false),
    f("audience", Ty::Audience, false),
    f("translations", Ty::Translations, false),
];

const QUOTE: &[Field] = &[
    f("id", Ty::Id, true),
    f("text", Ty::Markdown, true),
    f("need_area", Ty::NeedArea, true),
    f("finding", Ty::Ref(Kind::Finding), false),
    f("context", Ty::Line, false),
    f("attribution", Ty::Line, false),
    f("consent", Ty::Bool, false),
    f("audience", Ty::Audience, false),
];

/// A field's value as a form shows it and as it is compared with what the
/// file holds: an unchanged value keeps its lines as they are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar; empty means "not written".
    Text(String),
    List(Vec<String>),
    Timeline(Vec<TimelineEntry>),
    Translations(Translations),
}

impl Value {
    pub fn text(&self) -> &str {
        match self {
            Value::Text(s) => s,
            _ => "",
        }
    }

    /// Nothing to write: the key is left out.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Text(s) => s.trim().is_empty(),
            Value::List(v) => v.is_empty(),
            Value::Timeline(v) => v.is_empty(),
            Value::Translations(t) => t.values().all(BTreeMap::is_empty),
        }
    }

    /// The same for a reader: Markdown's trailing newlines and empty
    /// translations do not count.
    pub fn same_as(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Text(a), Value::Text(b)) => a.trim_end() == b.trim_end(),
            (Value::Translations(a), Value::Translations(b)) => {
                tidy_translations(a) == tidy_translations(b)
            }
            (a, b) => a == b,
        }
    }
}

/// Translations without empty texts and languages.
pub fn tidy_translations(t: &Translations) -> Translations {
    t.iter()
        .map(|(lang, fields)| {
            let fields: BTreeMap<String, String> = fields
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (lang.clone(), fields)
        })
        .filter(|(_, f)| !f.is_empty())
        .collect()
}

/// An item's values by key.
pub type Values = BTreeMap<&'static str, Value>;

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

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn opt_sp(s: Option<&crate::model::items::Sp>) -> Value {
    text(s.map(|s| s.value.clone()).unwrap_or_default())
}

fn ids(v: &[crate::model::items::Sp]) -> Value {
    Value::List(v.iter().map(|s| s.value.clone()).collect())
}

fn audience(a: Option<Audience>) -> Value {
    text(a.map(Audience::as_str).unwrap_or_default())
}

/// The id, title, values and origin of every item of `kind`.
pub fn items(report: &Report, kind: Kind) -> Vec<(String, Values, &Origin)> {
    match kind {
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

/// An empty form for a new item of `kind`.
pub fn blank(kind: Kind) -> Values {
    kind.fields()
        .iter()
        .map(|f| {
            let v = match f.ty {
                Ty::Refs(_) => Value::List(Vec::new()),
                Ty::Timeline => Value::Timeline(Vec::new()),
                Ty::Translations => Value::Translations(Translations::new()),
                Ty::Bool => text("false"),
                _ => text(""),
            };
            (f.key, v)
        })
        .collect()
}

/// The title shown for an item in pickers and lists.
pub fn title_of(values: &Values, kind: Kind) -> String {
    let t = values
        .get(kind.title_field())
        .map(Value::text)
        .unwrap_or_default();
    let first = t.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut s: String = first.chars().take(80).collect();
    if first.chars().count() > 80 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_the_models_keys() {
        let keys = |all: Vec<&'static str>| all;
        assert_eq!(
            SOURCES,
            keys(SourceKind::ALL.iter().map(|k| k.key()).collect())
        );
        assert_eq!(
            STATUSES,
            keys(Status::ALL.iter().map(|k| k.key()).collect())
        );
        assert_eq!(
            RECIPIENTS,
            keys(Recipient::ALL.iter().map(|k| k.key()).collect())
        );
        assert_eq!(
            ACTOR_KINDS,
            keys(ActorKind::ALL.iter().map(|k| k.key()).collect())
        );
        assert_eq!(
            PLACE_KINDS,
            keys(PlaceKind::ALL.iter().map(|k| k.key()).collect())
        );
    }

    #[test]
    fn every_kind_has_an_id_and_its_title_field() {
        for k in Kind::ALL {
            assert_eq!(k.fields()[0].key, "id");
            assert!(k.fields().iter().any(|f| f.key == k.title_field()));
            assert_eq!(Kind::parse(k.key()), Some(*k));
            let blank = blank(*k);
            assert_eq!(blank.len(), k.fields().len());
        }
    }
}
