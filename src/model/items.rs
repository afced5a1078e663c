//! Structured results: findings, priorities, feedback, actors and places,
//! as written in YAML files under `content/`. Every item has a stable `id`;
//! references between items are ids, checked by `check`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::Audience;

/// A string with the place it was written (for located errors).
pub type Sp = Spanned<String>;

/// A value made by kartsite itself (a form's answer, a default), with no
/// place in a file.
pub fn unlocated(value: String) -> Sp {
    Spanned::new(
        value,
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    )
}

/// One YAML file of items. Any file name works; the top-level keys say
/// what the items are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemsFile {
    #[serde(default)]
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub priorities: Vec<Priority>,
    #[serde(default)]
    pub feedback: Vec<Feedback>,
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub places: Vec<Place>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub key_persons: Vec<KeyPerson>,
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
    #[serde(default)]
    pub links: Vec<super::analysis::ActorLink>,
    #[serde(default)]
    pub target_groups: Vec<super::analysis::TargetGroup>,
    #[serde(default)]
    pub swot: Vec<super::analysis::SwotEntry>,
    #[serde(default)]
    pub activities: Vec<super::analysis::Activity>,
    #[serde(default)]
    pub factors: Vec<super::analysis::Factor>,
}

/// Translated text fields of an item: language → field → text.
pub type Translations = BTreeMap<String, BTreeMap<String, String>>;

/// A term residents may not know, explained in plain words (ordlista).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: Sp,
    pub explanation: String,
    /// Language → `term` and `explanation` in that language.
    #[serde(default)]
    pub translations: Translations,
    #[serde(skip)]
    pub origin: Origin,
}

/// Where an item came from, filled in by `load` (never from YAML).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The YAML file, relative to the report root.
    pub file: PathBuf,
    /// The phase folder the file sits in, if any.
    pub phase: Option<String>,
    /// Where each field of the item was written (for located errors about
    /// text inside a field, e.g. from the privacy guard).
    pub fields: FieldSpans,
}

/// Where one field's value was written in its YAML source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldSpan {
    /// 1-based line and column (in characters) of the value's first character.
    pub line: u32,
    pub column: u32,
    /// The value exactly as written: quotes, block indicators, indentation.
    pub raw: String,
}

/// The fields of one item (or one front matter) by key.
pub type FieldSpans = BTreeMap<String, FieldSpan>;

/// An enum written in YAML as one of a fixed set of keys: the serde name,
/// `key()` (for UI strings and CSS classes) and `ALL` come from one list.
macro_rules! keyed_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $key:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $key)] $var),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            pub fn key(self) -> &'static str {
                match self {
                    $($name::$var => $key),+
                }
            }
        }
    };
}

keyed_enum! {
    /// Where a finding comes from.
    SourceKind {
        Statistics = "statistics",
        Dialogue = "dialogue",
        Interview = "interview",
        Workshop = "workshop",
        Report = "report",
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub id: Sp,
    pub title: String,
    pub need_area: Sp,
    pub source: SourceKind,
    /// Markdown.
    #[serde(default)]
    pub text: String,
    /// A page (`../kartlaggning/statistik.md`) or a web address.
    #[serde(default)]
    pub evidence: Option<Sp>,
    /// Overrides the phase taken from the folder.
    #[serde(default)]
    pub phase: Option<Sp>,
    #[serde(default)]
    pub audience: Option<Audience>,
    /// Language → field → translated text.
    #[serde(default)]
    pub translations: Translations,
    #[serde(skip)]
    pub origin: Origin,
}

keyed_enum! {
    /// How far a priority has come.
    #[derive(Default)]
    Status {
        #[default]
        Planned = "planned",
        Ongoing = "ongoing",
        Done = "done",
        NotRelevant = "not_relevant",
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// `YYYY-MM-DD` or `YYYY-MM`, with its place in the file (a wrong
    /// date is reported at the date, not at the priority).
    pub date: Sp,
    pub text: String,
    /// Language → translated text.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    pub id: Sp,
    pub rank: u32,
    pub title: String,
    pub need_area: Sp,
    /// Ids of the findings this priority rests on.
    #[serde(default)]
    pub based_on: Vec<Sp>,
    /// Markdown: what we will do.
    #[serde(default)]
    pub action: String,
    /// Id of the responsible actor.
    #[serde(default)]
    pub responsible: Option<Sp>,
    /// A plain-language time frame, e.g. "Hösten 2026".
    #[serde(default)]
    pub when: String,
    #[serde(default)]
    pub status: Status,
    /// Required when the status is `not_relevant`.
    #[serde(default)]
    pub status_reason: String,
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    #[serde(default)]
    pub audience: Option<Audience>,
    /// Language → field → translated text.
    #[serde(default)]
    pub translations: Translations,
    #[serde(skip)]
    pub origin: Origin,
}

keyed_enum! {
    /// Who feedback is for.
    Recipient {
        Residents = "residents",
        Actors = "actors",
        Branch = "branch",
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    pub id: Sp,
    pub to: Recipient,
    /// Markdown: what we heard.
    pub heard: String,
    /// Markdown: what we do about it.
    #[serde(default)]
    pub doing: String,
    #[serde(default)]
    pub when: String,
    /// How it is reported back, e.g. "Möte i Norrbacka bibliotek".
    #[serde(default)]
    pub channel: String,
    /// Ids of the priorities this feedback is about.
    #[serde(default)]
    pub priorities: Vec<Sp>,
    #[serde(default)]
    pub audience: Option<Audience>,
    /// Language → field → translated text.
    #[serde(default)]
    pub translations: Translations,
    #[serde(skip)]
    pub origin: Origin,
}

keyed_enum! {
    /// The sector an actor belongs to.
    ActorKind {
        Authority = "authority",
        Municipality = "municipality",
        Region = "region",
        CivilSociety = "civil_society",
        Private = "private",
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub id: Sp,
    pub name: String,
    pub kind: ActorKind,
    /// Markdown: what they do.
    #[serde(default)]
    pub does: String,
    #[serde(default)]
    pub for_whom: String,
    /// Ids of actors they cooperate with.
    #[serde(default)]
    pub cooperates_with: Vec<Sp>,
    /// Ids of places where they are active.
    #[serde(default)]
    pub places: Vec<Sp>,
    /// What they do in each need area, for whom (the matrix "vem gör vad,
    /// för vem").
    #[serde(default)]
    pub work: Vec<super::analysis::Work>,
    /// A role contact (never a named person in a public build).
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub audience: Option<Audience>,
    /// Language → field → translated text.
    #[serde(default)]
    pub translations: Translations,
    #[serde(skip)]
    pub origin: Origin,
}

keyed_enum! {
    /// What kind of place a place is.
    PlaceKind {
        Square = "square",
        MeetingPlace = "meeting_place",
        School = "school",
        Preschool = "preschool",
        Library = "library",
        Sports = "sports",
        Park = "park",
        Religious = "religious",
        Shop = "shop",
        Health = "health",
        Other = "other",
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    pub id: Sp,
    pub name: String,
    pub kind: PlaceKind,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub audience: Option<Audience>,
    /// Language → field → translated text.
    #[serde(default)]
    pub translations: Translations,
    #[serde(skip)]
    pub origin: Origin,
}

/// A resident's words, published without a name: `context` says where
/// they were said ("Workshop med unga, mars 2026"). An `attribution` may
/// only be published with `consent: true`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub id: Sp,
    /// Markdown.
    pub text: String,
    pub need_area: Sp,
    /// Id of the finding the quote illustrates.
    #[serde(default)]
    pub finding: Option<Sp>,
    /// Where and when it was said, never who said it.
    #[serde(default)]
    pub context: String,
    /// Who said it; needs `consent: true`.
    #[serde(default)]
    pub attribution: Option<Sp>,
    #[serde(default)]
    pub consent: bool,
    #[serde(default)]
    pub audience: Option<Audience>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Quote {
    /// The attribution, if it says anything.
    pub fn attribution(&self) -> Option<&Sp> {
        self.attribution
            .as_ref()
            .filter(|a| !a.value.trim().is_empty())
    }
}

/// A named contact person at an actor. Internal unless the item itself
/// says `audience: public`, whatever `[build] default_audience` says.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyPerson {
    pub id: Sp,
    pub name: String,
    #[serde(default)]
    pub role: String,
    /// Id of the actor the person works for.
    pub organisation: Sp,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// Markdown.
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub audience: Option<Audience>,
    #[serde(skip)]
    pub origin: Origin,
}

impl KeyPerson {
    /// Key persons are internal by default.
    pub fn audience(&self) -> Audience {
        self.audience.unwrap_or(Audience::Internal)
    }
}

/// The fields of each item kind that may be translated.
pub const TRANSLATABLE: &[(&str, &[&str])] = &[
    ("finding", &["title", "text"]),
    ("priority", &["title", "action", "when", "status_reason"]),
    ("feedback", &["heard", "doing", "when", "channel"]),
    ("actor", &["name", "does", "for_whom"]),
    ("place", &["name", "description"]),
    ("glossary", &["term", "explanation"]),
];

/// `field` of an item in `lang`, falling back to `default`. The flag says
/// whether the text is a translation.
pub fn translated<'a>(
    tr: &'a Translations,
    lang: &str,
    field: &str,
    default: &'a str,
) -> (&'a str, bool) {
    match tr.get(lang).and_then(|m| m.get(field)) {
        Some(t) if !t.trim().is_empty() => (t.as_str(), true),
        _ => (default, false),
    }
}
