//! The item kinds a form can edit, their fields typed as the model says,
//! and an item's address. `fields` lists each kind's fields and
//! `item_values` reads an item's current values.

use std::collections::BTreeMap;

use crate::model::items::{TimelineEntry, Translations};

/// What can be edited through a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Finding,
    Priority,
    Feedback,
    Actor,
    Place,
    Quote,
    Swot,
    Activity,
    Glossary,
    Factor,
    Link,
    TargetGroup,
    KeyPerson,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Finding,
        Kind::Priority,
        Kind::Feedback,
        Kind::Actor,
        Kind::Place,
        Kind::Quote,
        Kind::Swot,
        Kind::Activity,
        Kind::Glossary,
        Kind::Factor,
        Kind::Link,
        Kind::TargetGroup,
        Kind::KeyPerson,
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
            Kind::Swot => "swot",
            Kind::Activity => "activity",
            Kind::Glossary => "glossary",
            Kind::Factor => "factor",
            Kind::Link => "link",
            Kind::TargetGroup => "target_group",
            Kind::KeyPerson => "key_person",
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
            Kind::Swot => "swot",
            Kind::Activity => "activities",
            Kind::Glossary => "glossary",
            Kind::Factor => "factors",
            Kind::Link => "links",
            Kind::TargetGroup => "target_groups",
            Kind::KeyPerson => "key_persons",
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
            Kind::Swot => "s-",
            Kind::Activity => "ah-",
            Kind::Factor => "o-",
            Kind::TargetGroup => "tg-",
            Kind::KeyPerson => "kp-",
            Kind::Glossary | Kind::Link => "",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.key() == s)
    }

    /// The fields a form shows, in the model's order.
    pub fn fields(self) -> &'static [Field] {
        super::fields::of(self)
    }

    /// Whether items of this kind have an `id:`. A glossary entry is
    /// addressed by its term and a link by its ends and kind (see
    /// [`address`]).
    pub fn has_id(self) -> bool {
        !matches!(self, Kind::Glossary | Kind::Link)
    }

    /// The field the loader saw first for an item: its line finds the
    /// item in its file.
    pub fn anchor_field(self) -> &'static str {
        match self {
            Kind::Glossary => "term",
            Kind::Link => "from",
            _ => "id",
        }
    }

    /// Personal data: only an internal preview shows these forms.
    pub fn internal_only(self) -> bool {
        self == Kind::KeyPerson
    }

    /// The field that names an item in lists and pickers.
    pub fn title_field(self) -> &'static str {
        match self {
            Kind::Finding | Kind::Priority | Kind::Factor => "title",
            Kind::Actor | Kind::Place | Kind::Activity | Kind::TargetGroup | Kind::KeyPerson => {
                "name"
            }
            Kind::Feedback => "heard",
            Kind::Quote | Kind::Swot => "text",
            Kind::Glossary => "term",
            Kind::Link => "label",
        }
    }

    /// The fields that may be translated (`translations:`).
    pub fn translatable(self) -> &'static [&'static str] {
        if !self.fields().iter().any(|f| f.ty == Ty::Translations) {
            return &[];
        }
        crate::model::items::TRANSLATABLE
            .iter()
            .find(|(k, _)| *k == self.key())
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
    /// Plain text in a text area (no Markdown), written on one line or as
    /// a block when it has line breaks.
    Paragraph,
    /// A whole number.
    Number,
    /// Yes or no (no when not written).
    Bool,
    /// Yes or no (yes when not written: `recurring`).
    BoolYes,
    /// A month: a number 1–12 or a month's name, as the build reads it.
    Month,
    /// Months (`months: [mars, april]`).
    Months,
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
    /// An actor's `work:` rows: need area, target group, what they do.
    Work,
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

/// A field's value as a form shows it and as it is compared with what the
/// file holds: an unchanged value keeps its lines as they are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar; empty means "not written".
    Text(String),
    List(Vec<String>),
    Timeline(Vec<TimelineEntry>),
    Work(Vec<WorkRow>),
    Translations(Translations),
}

/// One row of an actor's `work:` (the matrix "vem gör vad, för vem").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkRow {
    pub need_area: String,
    /// The id of a target group (`for:`); empty when not written.
    pub target_group: String,
    pub does: String,
}

impl WorkRow {
    /// Nothing in it: a form's empty row.
    pub fn is_empty(&self) -> bool {
        self.need_area.trim().is_empty()
            && self.target_group.trim().is_empty()
            && self.does.trim().is_empty()
    }
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
            Value::Work(v) => v.is_empty(),
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

pub use super::item_values::items;

/// The address of an item in edit URLs: its id, the key of a glossary
/// entry's term ([`glossary_key`]) or a link's `from~to~kind`.
pub fn address(kind: Kind, values: &Values) -> String {
    let get = |k: &str| values.get(k).map_or("", |v| v.text().trim());
    match kind {
        Kind::Glossary => glossary_key(get("term")),
        Kind::Link => link_key(get("from"), get("to"), get("kind")),
        _ => get("id").to_string(),
    }
}

/// A glossary entry's address: its term as the anchor of the glossary
/// page has it (`fritidsgård` → `fritidsgard`, without the anchor's `t-`).
pub fn glossary_key(term: &str) -> String {
    crate::links::slugify(term.trim())
}

/// A link's address: `from~to~kind` (`informal` when not written).
pub fn link_key(from: &str, to: &str, kind: &str) -> String {
    let kind = if kind.is_empty() { "informal" } else { kind };
    format!("{from}~{to}~{kind}")
}

/// An empty form for a new item of `kind`.
pub fn blank(kind: Kind) -> Values {
    kind.fields()
        .iter()
        .map(|f| {
            let v = match f.ty {
                Ty::Refs(_) | Ty::Months => Value::List(Vec::new()),
                Ty::Timeline => Value::Timeline(Vec::new()),
                Ty::Work => Value::Work(Vec::new()),
                Ty::Translations => Value::Translations(Translations::new()),
                Ty::Bool => Value::Text("false".into()),
                Ty::BoolYes => Value::Text("true".into()),
                _ => Value::Text(String::new()),
            };
            (f.key, v)
        })
        .collect()
}

/// The title shown for an item in pickers and lists.
pub fn title_of(values: &Values, kind: Kind) -> String {
    if kind == Kind::Link {
        let get = |k: &str| values.get(k).map_or("", Value::text);
        let label = get("label");
        let ends = format!("{} → {}", get("from"), get("to"));
        return if label.trim().is_empty() {
            ends
        } else {
            format!("{ends}: {}", first_line(label))
        };
    }
    first_line(
        values
            .get(kind.title_field())
            .map(Value::text)
            .unwrap_or_default(),
    )
}

/// The first line of a text, at most 80 characters.
fn first_line(t: &str) -> String {
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
    fn every_kind_has_its_address_and_its_title_field() {
        for k in Kind::ALL {
            assert_eq!(k.fields()[0].key, k.anchor_field(), "{}", k.key());
            assert_eq!(k.has_id(), k.anchor_field() == "id");
            assert!(k.fields().iter().any(|f| f.key == k.title_field()));
            assert_eq!(Kind::parse(k.key()), Some(*k));
            let blank = blank(*k);
            assert_eq!(blank.len(), k.fields().len());
        }
    }

    #[test]
    fn glossary_entries_and_links_have_stable_addresses() {
        assert_eq!(glossary_key(" Fritidsgård "), "fritidsgard");
        assert_eq!(glossary_key("RegSO"), "regso");
        assert_eq!(glossary_key("مركز الشباب"), "مركز-الشباب");
        assert_eq!(link_key("a-x", "a-y", ""), "a-x~a-y~informal");
        let v = Values::from([
            ("from", Value::Text("a-x".into())),
            ("to", Value::Text("a-y".into())),
            ("kind", Value::Text("formal".into())),
            ("label", Value::Text("Avtal\nom lokaler".into())),
        ]);
        assert_eq!(address(Kind::Link, &v), "a-x~a-y~formal");
        assert_eq!(title_of(&v, Kind::Link), "a-x → a-y: Avtal");
    }
}
