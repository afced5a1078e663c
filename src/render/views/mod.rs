//! Views: the data templates see, built once per build from the model.
//! URLs in views are site-relative; templates prefix them with `root`.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

mod build_view;

pub use build_view::ViewBuilder;

use crate::model::Page;
use crate::model::items::Sp;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ref {
    pub id: String,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingView {
    pub id: String,
    pub title: String,
    pub need_area: Label,
    pub source: Label,
    pub html: String,
    /// Site-relative page URL, or an absolute web address.
    pub evidence: Option<String>,
    pub evidence_external: bool,
    pub phase: Option<Ref>,
    pub internal: bool,
    pub used_by: Vec<Ref>,
    /// Quotes that illustrate this finding.
    pub quotes: Vec<QuoteView>,
}

/// A resident's words. `attribution` is only ever filled when the quote
/// has `consent: true`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteView {
    pub id: String,
    pub html: String,
    pub context: String,
    pub attribution: Option<String>,
    pub need_area: Label,
    pub finding: Option<Ref>,
    pub internal: bool,
}

/// A named contact (only in builds that may show them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyPersonView {
    pub id: String,
    pub name: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub notes_html: String,
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriorityView {
    pub id: String,
    pub rank: u32,
    pub title: String,
    pub need_area: Label,
    pub based_on: Vec<Ref>,
    pub action_html: String,
    pub responsible: Option<Ref>,
    pub when: String,
    pub status: Label,
    pub status_reason: String,
    pub timeline: Vec<crate::model::items::TimelineEntry>,
    pub feedback: Vec<Ref>,
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedbackView {
    pub id: String,
    pub to: Label,
    pub heard_html: String,
    pub doing_html: String,
    pub when: String,
    pub channel: String,
    pub priorities: Vec<Ref>,
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorView {
    pub id: String,
    pub name: String,
    pub kind: Label,
    pub does_html: String,
    pub for_whom: String,
    pub cooperates_with: Vec<Ref>,
    pub places: Vec<Ref>,
    pub responsible_for: Vec<Ref>,
    pub contact: String,
    pub internal: bool,
    pub key_persons: Vec<KeyPersonView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceView {
    pub id: String,
    pub name: String,
    pub kind: Label,
    pub description_html: String,
    pub actors: Vec<Ref>,
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionView {
    pub id: String,
    pub text: String,
    pub answered_by: Vec<Ref>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageRef {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub internal: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseView {
    pub id: String,
    pub number: usize,
    pub title: String,
    pub purpose: String,
    pub url: String,
    pub questions: Vec<QuestionView>,
    pub answered: usize,
    pub total: usize,
    pub percent: usize,
    pub pages: Vec<PageRef>,
    pub findings: Vec<Ref>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group<T> {
    pub id: String,
    pub name: String,
    pub items: Vec<T>,
}

/// Everything about the report that templates list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteView {
    pub findings: Vec<FindingView>,
    pub findings_by_need: Vec<Group<FindingView>>,
    pub findings_by_source: Vec<Group<Ref>>,
    /// Per need area (in the order of `findings_by_need`), the quotes that
    /// illustrate no finding of this build.
    pub quotes_by_need: Vec<Group<QuoteView>>,
    pub priorities: Vec<PriorityView>,
    pub feedback_by_recipient: Vec<Group<FeedbackView>>,
    pub actors_by_kind: Vec<Group<ActorView>>,
    pub places: Vec<PlaceView>,
    pub phases: Vec<PhaseView>,
    /// Pages outside the phases (e.g. "Om kartläggningen").
    pub other_pages: Vec<PageRef>,
    pub counts: BTreeMap<&'static str, usize>,
    /// The analysis views, filled in by `render::analysis`.
    pub actor_map: super::actor_map::ActorMapView,
    pub swot: super::swot::SwotView,
    pub annual_cycle: super::annual_cycle::AnnualCycleView,
    pub environment: super::environment::EnvironmentView,
}

/// The names of the fields of a value of type `$ty` that differ between
/// `$a` and `$b`. The pattern names every field, so a field added to the
/// type and not here does not compile.
macro_rules! changed_fields {
    ($ty:ident, $a:expr, $b:expr, [$($f:ident),* $(,)?]) => {{
        let $ty { $($f: _),* } = $a;
        let mut changed = BTreeSet::new();
        $(
            if $a.$f != $b.$f {
                changed.insert(stringify!($f).to_string());
            }
        )*
        changed
    }};
}

impl SiteView {
    /// Top-level fields (`report.<name>` in templates) that differ from
    /// `other`.
    pub(crate) fn changed_fields(&self, other: &SiteView) -> BTreeSet<String> {
        changed_fields!(
            SiteView,
            self,
            other,
            [
                findings,
                findings_by_need,
                findings_by_source,
                quotes_by_need,
                priorities,
                feedback_by_recipient,
                actors_by_kind,
                places,
                phases,
                other_pages,
                counts,
                actor_map,
                swot,
                annual_cycle,
                environment,
            ]
        )
    }
}

impl PhaseView {
    /// Fields (`phase.<name>` in templates) that differ from `other`.
    pub(crate) fn changed_fields(&self, other: &PhaseView) -> BTreeSet<String> {
        changed_fields!(
            PhaseView,
            self,
            other,
            [
                id, number, title, purpose, url, questions, answered, total, percent, pages,
                findings,
            ]
        )
    }
}

pub use crate::paths::ACTORS_URL;
pub use crate::paths::FEEDBACK_URL;
pub use crate::paths::FINDINGS_URL;
pub use crate::paths::PLACES_URL;
pub use crate::paths::PRIORITIES_URL;

fn anchor(page: &str, id: &str) -> String {
    format!("{page}#{id}")
}

pub(crate) fn phase_url(id: &str) -> String {
    format!("{id}/index.html")
}

/// Pages sorted for listing: by `order`, then title.
pub(crate) fn sort_pages(pages: &mut [&Page]) {
    pages.sort_by(|a, b| {
        (a.front.order.unwrap_or(i64::MAX), &a.title, &a.source).cmp(&(
            b.front.order.unwrap_or(i64::MAX),
            &b.title,
            &b.source,
        ))
    });
}

/// Item id → its title or name.
fn by_id<'a>(items: impl Iterator<Item = (&'a Sp, &'a String)>) -> BTreeMap<&'a str, &'a str> {
    items
        .map(|(id, t)| (id.value.as_str(), t.as_str()))
        .collect()
}
