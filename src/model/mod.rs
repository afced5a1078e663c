//! The typed model of a loaded report: what `load` produces and `check`
//! and `render` consume.

pub mod analysis;
pub mod items;
pub mod process;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use items::{Actor, Feedback, FieldSpans, Finding, KeyPerson, Place, Priority, Quote, Sp};

/// Who a page or item is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Internal,
    #[default]
    Public,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Public => "public",
        }
    }
}

/// Front matter of a Markdown page (YAML between `---` lines).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// The phase id; by default the page's top folder under `content/`.
    #[serde(default)]
    pub phase: Option<Sp>,
    /// One or two sentences, shown in lists of pages.
    #[serde(default)]
    pub summary: String,
    /// Sort order within the phase (lower first); then by title.
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub audience: Option<Audience>,
    /// Ids of the guiding questions this page answers.
    #[serde(default)]
    pub answers: Vec<Sp>,
    #[serde(default)]
    pub draft: bool,
    /// Where each key was written, filled in by `load` (never from YAML).
    #[serde(skip)]
    pub spans: FieldSpans,
    /// Written for residents: rendered in every language of
    /// `[book] languages` (translated, or with a notice), and its
    /// readability (LIX) is measured.
    #[serde(default)]
    pub resident: bool,
}

/// A page's text in another language (`name.<lang>.md`).
#[derive(Debug, Clone)]
pub struct PageTranslation {
    pub source: PathBuf,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub body_line: u32,
    /// Where each front matter key was written.
    pub spans: FieldSpans,
}

/// One Markdown page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Relative to the report root, e.g. `content/kartlaggning/statistik.md`.
    pub source: PathBuf,
    /// Site-relative output path, e.g. `kartlaggning/statistik.html`.
    pub url: String,
    pub front: FrontMatter,
    /// Title from front matter, or the first heading, or the file name.
    pub title: String,
    pub body: String,
    /// 1-based line of the first body line in the source file.
    pub body_line: u32,
    /// Resolved phase id, if the page belongs to one.
    pub phase: Option<String>,
    /// `_index.md`: the page of a section (a phase or the home page).
    pub is_index: bool,
    pub audience: Audience,
    /// Language → the page in that language.
    pub translations: std::collections::BTreeMap<String, PageTranslation>,
}

impl Page {
    /// Rendered in every resident language.
    pub(crate) fn is_resident(&self) -> bool {
        self.front.resident || !self.translations.is_empty()
    }
}

/// A file under `content/` (or `static/`) copied as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Site-relative output path.
    pub url: String,
    pub bytes: Vec<u8>,
    /// A file under content/ (published only if a page of the build's
    /// audience links to it), not under static/ (always published).
    pub attachment: bool,
}

/// A whole loaded report.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted by source path.
    pub pages: Vec<Page>,
    pub findings: Vec<Finding>,
    pub priorities: Vec<Priority>,
    pub feedback: Vec<Feedback>,
    pub actors: Vec<Actor>,
    pub places: Vec<Place>,
    pub quotes: Vec<Quote>,
    pub key_persons: Vec<KeyPerson>,
    pub glossary: Vec<items::GlossaryEntry>,
    pub links: Vec<analysis::ActorLink>,
    pub target_groups: Vec<analysis::TargetGroup>,
    pub swot: Vec<analysis::SwotEntry>,
    pub activities: Vec<analysis::Activity>,
    pub factors: Vec<analysis::Factor>,
    pub assets: Vec<Asset>,
    /// Draft pages left out of this build (so links to them say why).
    pub drafts: Vec<PathBuf>,
    /// Files under `data/` (chart data), by path inside `data/`. Never
    /// copied to the site as they are: charts write their own CSV.
    pub data: BTreeMap<String, Vec<u8>>,
    /// Charts shared between pages (`data/charts.yaml`).
    pub charts: Vec<crate::chart::spec::ChartSpec>,
}

impl Report {
    pub(crate) fn item_count(&self) -> usize {
        self.findings.len()
            + self.priorities.len()
            + self.feedback.len()
            + self.actors.len()
            + self.places.len()
            + self.quotes.len()
            + self.key_persons.len()
            + self.links.len()
            + self.swot.len()
            + self.activities.len()
            + self.factors.len()
    }
}

impl Report {
    /// Put `items` (the item lists of one YAML file `rel`, as `load` reads
    /// it) in place of the items that came from that file, in the order of
    /// a full load: by file, then as written.
    pub fn replace_file_items(&mut self, rel: &std::path::Path, items: Report) {
        macro_rules! replace {
            ($($field:ident),*) => {$(
                self.$field.retain(|i| i.origin.file != rel);
                self.$field.extend(items.$field);
                self.$field.sort_by(|a, b| a.origin.file.cmp(&b.origin.file));
            )*};
        }
        replace!(
            findings,
            priorities,
            feedback,
            actors,
            places,
            quotes,
            key_persons,
            glossary,
            links,
            target_groups,
            swot,
            activities,
            factors
        );
    }

    /// The report as `audience` may see it: a public build keeps only
    /// public pages and items, so nothing internal can reach the renderer.
    /// Also returns the source paths of the pages left out.
    pub fn into_audience(self, audience: Audience, default: Audience) -> (Report, Vec<PathBuf>) {
        if audience == Audience::Internal {
            let hidden = self.drafts.clone();
            return (self, hidden);
        }
        self.for_audience(audience, default)
    }

    /// [`Report::into_audience`] of a report that is kept.
    pub(crate) fn for_audience(
        &self,
        audience: Audience,
        default: Audience,
    ) -> (Report, Vec<PathBuf>) {
        let mut hidden = self.drafts.clone();
        if audience == Audience::Internal {
            return (self.clone(), hidden);
        }
        let public = |a: Option<Audience>| a.unwrap_or(default) == Audience::Public;
        let mut r = Report {
            assets: self.assets.clone(),
            drafts: self.drafts.clone(),
            data: self.data.clone(),
            charts: self.charts.clone(),
            // The glossary has no audience: it is for everyone.
            glossary: self.glossary.clone(),
            // Target groups are names for the matrix, not content.
            target_groups: self.target_groups.clone(),
            ..Report::default()
        };
        for p in &self.pages {
            if p.audience == Audience::Public {
                r.pages.push(p.clone());
            } else {
                hidden.push(p.source.clone());
            }
        }
        r.findings = self
            .findings
            .iter()
            .filter(|i| public(i.audience))
            .cloned()
            .collect();
        r.priorities = self
            .priorities
            .iter()
            .filter(|i| public(i.audience))
            .cloned()
            .collect();
        r.feedback = self
            .feedback
            .iter()
            .filter(|i| public(i.audience))
            .cloned()
            .collect();
        r.actors = self
            .actors
            .iter()
            .filter(|i| public(i.audience))
            .cloned()
            .collect();
        r.places = self
            .places
            .iter()
            .filter(|i| public(i.audience))
            .cloned()
            .collect();
        r.quotes = self
            .quotes
            .iter()
            .filter(|i| public(i.audience))
            .cloned()
            .collect();
        r.swot = self
            .swot
            .iter()
            .filter(|i| public(i.audience))
            .cloned()
            .collect();
        r.activities = self
            .activities
            .iter()
            .filter(|i| public(i.audience))
            .cloned()
            .collect();
        r.factors = self
            .factors
            .iter()
            .filter(|i| public(i.audience))
            .cloned()
            .collect();
        // A link stays only when it and both its actors are public.
        r.links = self
            .links
            .iter()
            .filter(|l| public(l.audience))
            .filter(|l| {
                [&l.from, &l.to]
                    .iter()
                    .all(|e| r.actors.iter().any(|a| a.id.value == e.value))
            })
            .cloned()
            .collect();
        // Named contacts stay internal unless the item itself says public.
        r.key_persons = self
            .key_persons
            .iter()
            .filter(|i| i.audience() == Audience::Public)
            .cloned()
            .collect();
        (r, hidden)
    }
}
