//! The fields of each kind's form, in the model's order, and the choices
//! of the model's enums (a unit test compares them with the model).

use super::kinds::{Field, Kind, Ty};

const fn f(key: &'static str, ty: Ty, required: bool) -> Field {
    Field { key, ty, required }
}

// The choices below are the model's keys (a unit test compares them).
pub(crate) const SOURCES: &[&str] = &["statistics", "dialogue", "interview", "workshop", "report"];
pub(crate) const STATUSES: &[&str] = &["planned", "ongoing", "done", "not_relevant"];
pub(crate) const RECIPIENTS: &[&str] = &["residents", "actors", "branch"];
pub(crate) const ACTOR_KINDS: &[&str] = &[
    "authority",
    "municipality",
    "region",
    "civil_society",
    "private",
];
pub(crate) const PLACE_KINDS: &[&str] = &[
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
pub(crate) const SWOT_KINDS: &[&str] = &["strength", "weakness", "opportunity", "threat"];
pub(crate) const FACTOR_KINDS: &[&str] = &[
    "political",
    "economic",
    "social",
    "technological",
    "environmental",
    "legal",
];
pub(crate) const CERTAINTIES: &[&str] = &["low", "medium", "high"];
/// The default (`informal`) first: an empty choice means it.
pub(crate) const LINK_KINDS: &[&str] = &["informal", "formal"];

/// The fields a form of `kind` shows.
pub(crate) fn of(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Finding => FINDING,
        Kind::Priority => PRIORITY,
        Kind::Feedback => FEEDBACK,
        Kind::Actor => ACTOR,
        Kind::Place => PLACE,
        Kind::Quote => QUOTE,
        Kind::Swot => SWOT,
        Kind::Activity => ACTIVITY,
        Kind::Glossary => GLOSSARY,
        Kind::Factor => FACTOR,
        Kind::Link => LINK,
        Kind::TargetGroup => TARGET_GROUP,
        Kind::KeyPerson => KEY_PERSON,
    }
}

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
    f("work", Ty::Work, false),
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

const SWOT: &[Field] = &[
    f("id", Ty::Id, true),
    f("kind", Ty::Choice(SWOT_KINDS), true),
    f("text", Ty::Paragraph, true),
    f("findings", Ty::Refs(Kind::Finding), false),
    f("phase", Ty::Phase, false),
    f("audience", Ty::Audience, false),
];

const ACTIVITY: &[Field] = &[
    f("id", Ty::Id, true),
    f("name", Ty::Line, true),
    f("months", Ty::Months, false),
    f("from", Ty::Month, false),
    f("to", Ty::Month, false),
    f("date", Ty::Line, false),
    f("responsible", Ty::Ref(Kind::Actor), false),
    f("recurring", Ty::BoolYes, false),
    f("description", Ty::Paragraph, false),
    f("phase", Ty::Phase, false),
    f("audience", Ty::Audience, false),
];

const GLOSSARY: &[Field] = &[
    f("term", Ty::Line, true),
    f("explanation", Ty::Paragraph, true),
    f("translations", Ty::Translations, false),
];

const FACTOR: &[Field] = &[
    f("id", Ty::Id, true),
    f("title", Ty::Line, true),
    f("kind", Ty::Choice(FACTOR_KINDS), true),
    f("trend", Ty::Paragraph, false),
    f("effect", Ty::Paragraph, false),
    f("certainty", Ty::Choice(CERTAINTIES), false),
    f("source", Ty::Line, false),
    f("source_title", Ty::Line, false),
    f("priorities", Ty::Refs(Kind::Priority), false),
    f("phase", Ty::Phase, false),
    f("audience", Ty::Audience, false),
];

const LINK: &[Field] = &[
    f("from", Ty::Ref(Kind::Actor), true),
    f("to", Ty::Ref(Kind::Actor), true),
    f("kind", Ty::Choice(LINK_KINDS), false),
    f("strength", Ty::Number, false),
    f("label", Ty::Line, false),
    f("audience", Ty::Audience, false),
];

const TARGET_GROUP: &[Field] = &[f("id", Ty::Id, true), f("name", Ty::Line, true)];

const KEY_PERSON: &[Field] = &[
    f("id", Ty::Id, true),
    f("name", Ty::Line, true),
    f("role", Ty::Line, false),
    f("organisation", Ty::Ref(Kind::Actor), true),
    f("phone", Ty::Line, false),
    f("email", Ty::Line, false),
    f("notes", Ty::Markdown, false),
    f("audience", Ty::Audience, false),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::analysis::{FactorKind, SwotKind};
    use crate::model::items::{ActorKind, PlaceKind, Recipient, SourceKind, Status};

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
        assert_eq!(
            SWOT_KINDS,
            keys(SwotKind::ALL.iter().map(|k| k.key()).collect())
        );
        assert_eq!(
            FACTOR_KINDS,
            keys(FactorKind::ALL.iter().map(|k| k.key()).collect())
        );
        use crate::model::analysis::{Certainty, LinkKind};
        let c = [Certainty::Low, Certainty::Medium, Certainty::High];
        assert_eq!(CERTAINTIES, keys(c.iter().map(|k| k.key()).collect()));
        assert_eq!(LINK_KINDS[0], LinkKind::default().key());
        assert_eq!(LINK_KINDS[1], LinkKind::Formal.key());
        // Every key reads back as the model's value.
        for k in CERTAINTIES {
            let c: Certainty = serde_saphyr::from_str(k).unwrap();
            assert_eq!(c.key(), *k);
        }
    }
}
