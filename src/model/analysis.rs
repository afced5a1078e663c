//! The analysis tools' items, written in the same YAML files as the other
//! items: cooperation links between actors and the target groups of the
//! actor map, SWOT entries, the activities of the annual cycle (årshjul)
//! and the factors of the environmental scan (omvärldsanalys).

use serde::Deserialize;

use super::Audience;
use super::items::{Origin, Sp};

/// What an actor does in one need area (and for one target group): a cell
/// of the matrix "vem gör vad, för vem".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Work {
    pub need_area: Sp,
    /// Id of a target group (`target_groups:`).
    #[serde(default, rename = "for")]
    pub target_group: Option<Sp>,
    /// Plain text: what the actor does there.
    #[serde(default)]
    pub does: String,
}

/// A group of residents the actors work for ("unga 13–17 år").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetGroup {
    pub id: Sp,
    pub name: String,
    #[serde(skip)]
    pub origin: Origin,
}

/// Whether a cooperation rests on an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Default)]
pub enum LinkKind {
    /// An agreement, a contract, a joint group with a mandate.
    #[serde(rename = "formal", alias = "formell", alias = "formelt")]
    Formal,
    /// Contact and cooperation without an agreement.
    #[default]
    #[serde(rename = "informal", alias = "informell", alias = "uformell")]
    Informal,
}

impl LinkKind {
    pub fn key(self) -> &'static str {
        match self {
            LinkKind::Formal => "formal",
            LinkKind::Informal => "informal",
        }
    }
}

/// A cooperation link between two actors. An actor's `cooperates_with`
/// gives informal links; a `links:` entry says more about one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorLink {
    pub from: Sp,
    pub to: Sp,
    #[serde(default)]
    pub kind: LinkKind,
    /// 1 (weak) to 5 (strong).
    #[serde(default)]
    pub strength: Option<u8>,
    /// Plain text: what the link is ("Avtal om lokaler").
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub audience: Option<Audience>,
    #[serde(skip)]
    pub origin: Origin,
}

/// A SWOT quadrant. The YAML key may be written in Swedish, Norwegian or
/// English, singular or plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum SwotKind {
    #[serde(
        rename = "strength",
        alias = "strengths",
        alias = "styrka",
        alias = "styrkor",
        alias = "styrke",
        alias = "styrker"
    )]
    Strength,
    #[serde(
        rename = "weakness",
        alias = "weaknesses",
        alias = "svaghet",
        alias = "svagheter",
        alias = "svakhet",
        alias = "svakheter"
    )]
    Weakness,
    #[serde(
        rename = "opportunity",
        alias = "opportunities",
        alias = "möjlighet",
        alias = "möjligheter",
        alias = "mulighet",
        alias = "muligheter"
    )]
    Opportunity,
    #[serde(
        rename = "threat",
        alias = "threats",
        alias = "hot",
        alias = "trussel",
        alias = "trusler"
    )]
    Threat,
}

impl SwotKind {
    pub const ALL: [SwotKind; 4] = [
        SwotKind::Strength,
        SwotKind::Weakness,
        SwotKind::Opportunity,
        SwotKind::Threat,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SwotKind::Strength => "strength",
            SwotKind::Weakness => "weakness",
            SwotKind::Opportunity => "opportunity",
            SwotKind::Threat => "threat",
        }
    }
}

/// One entry of a SWOT: of the whole report, or of the phase whose folder
/// the file is in (or that `phase` names).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwotEntry {
    pub id: Sp,
    pub kind: SwotKind,
    /// Plain text.
    pub text: String,
    /// Ids of the findings the entry rests on.
    #[serde(default)]
    pub findings: Vec<Sp>,
    #[serde(default)]
    pub phase: Option<Sp>,
    #[serde(default)]
    pub audience: Option<Audience>,
    #[serde(skip)]
    pub origin: Origin,
}

/// An activity of the annual cycle (årshjul).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub id: Sp,
    pub name: String,
    /// The months it runs, e.g. `[mars, april]` or `[3, 4]`.
    #[serde(default)]
    pub months: Vec<Sp>,
    /// First month of a span, e.g. `november` (with `to`: may wrap the
    /// turn of the year).
    #[serde(default)]
    pub from: Option<Sp>,
    #[serde(default)]
    pub to: Option<Sp>,
    /// A date `YYYY-MM-DD` or `YYYY-MM` (a one-off activity).
    #[serde(default)]
    pub date: Option<Sp>,
    /// Id of the responsible actor.
    #[serde(default)]
    pub responsible: Option<Sp>,
    /// Every year (default) or once.
    #[serde(default = "yes")]
    pub recurring: bool,
    /// Plain text.
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub phase: Option<Sp>,
    #[serde(default)]
    pub audience: Option<Audience>,
    #[serde(skip)]
    pub origin: Origin,
}

fn yes() -> bool {
    true
}

/// The month (1–12) a month value names: a number, or a month's name or
/// its first three letters in Swedish, Norwegian or English.
pub fn month(value: &str) -> Option<u8> {
    let v = value.trim().trim_end_matches('.').to_lowercase();
    if let Ok(n) = v.parse::<u8>() {
        return (1..=12).contains(&n).then_some(n);
    }
    const NAMES: [&[&str]; 12] = [
        &["januari", "januar", "january"],
        &["februari", "februar", "february"],
        &["mars", "march"],
        &["april"],
        &["maj", "mai", "may"],
        &["juni", "june"],
        &["juli", "july"],
        &["augusti", "august"],
        &["september"],
        &["oktober", "october"],
        &["november"],
        &["december", "desember"],
    ];
    const SHORT: [&[&str]; 12] = [
        &["jan"],
        &["feb"],
        &["mar"],
        &["apr"],
        &["maj", "mai", "may"],
        &["jun"],
        &["jul"],
        &["aug"],
        &["sep", "sept"],
        &["okt", "oct"],
        &["nov"],
        &["dec", "des"],
    ];
    (1u8..)
        .zip(NAMES.iter().zip(SHORT.iter()))
        .find(|(_, (long, short))| long.contains(&v.as_str()) || short.contains(&v.as_str()))
        .map(|(n, _)| n)
}

/// The month of a date `YYYY-MM(-DD)`.
pub(crate) fn date_month(date: &str) -> Option<u8> {
    let mut parts = date.trim().split('-');
    let (y, m) = (parts.next()?, parts.next()?);
    let day = parts.next();
    if parts.next().is_some() || y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(d) = day {
        let d: u8 = d.parse().ok()?;
        if d == 0 || d > 31 {
            return None;
        }
    }
    if m.len() != 2 {
        return None;
    }
    let m: u8 = m.parse().ok()?;
    (1..=12).contains(&m).then_some(m)
}

impl Activity {
    /// The months the activity runs, in the order of the span (a span
    /// over the turn of the year runs November, December, January, …).
    /// Months that are not months are left out (`check` reports them).
    pub(crate) fn month_span(&self) -> Vec<u8> {
        if let (Some(from), Some(to)) = (&self.from, &self.to)
            && let (Some(a), Some(b)) = (month(&from.value), month(&to.value))
        {
            let len = (b + 12 - a) % 12 + 1;
            return (0..len).map(|i| (a - 1 + i) % 12 + 1).collect();
        }
        if let Some(from) = &self.from {
            return month(&from.value).into_iter().collect();
        }
        if let Some(d) = &self.date {
            return date_month(&d.value).into_iter().collect();
        }
        let mut seen = Vec::new();
        for m in self.months.iter().filter_map(|m| month(&m.value)) {
            if !seen.contains(&m) {
                seen.push(m);
            }
        }
        seen
    }
}

/// PESTEL: the kind of an environmental factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum FactorKind {
    #[serde(rename = "political", alias = "politisk", alias = "politiska")]
    Political,
    #[serde(rename = "economic", alias = "ekonomisk", alias = "økonomisk")]
    Economic,
    #[serde(rename = "social", alias = "sosial")]
    Social,
    #[serde(rename = "technological", alias = "teknologisk", alias = "teknisk")]
    Technological,
    #[serde(rename = "environmental", alias = "miljö", alias = "miljø")]
    Environmental,
    #[serde(rename = "legal", alias = "juridisk", alias = "rättslig")]
    Legal,
}

impl FactorKind {
    pub const ALL: [FactorKind; 6] = [
        FactorKind::Political,
        FactorKind::Economic,
        FactorKind::Social,
        FactorKind::Technological,
        FactorKind::Environmental,
        FactorKind::Legal,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FactorKind::Political => "political",
            FactorKind::Economic => "economic",
            FactorKind::Social => "social",
            FactorKind::Technological => "technological",
            FactorKind::Environmental => "environmental",
            FactorKind::Legal => "legal",
        }
    }
}

/// How sure the team is of a factor's effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum Certainty {
    #[serde(rename = "low", alias = "låg", alias = "lav")]
    Low,
    #[serde(rename = "medium", alias = "medel", alias = "middels")]
    Medium,
    #[serde(rename = "high", alias = "hög", alias = "høy")]
    High,
}

impl Certainty {
    pub fn key(self) -> &'static str {
        match self {
            Certainty::Low => "low",
            Certainty::Medium => "medium",
            Certainty::High => "high",
        }
    }
}

/// A factor of the environmental scan (omvärldsanalys).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    pub id: Sp,
    pub title: String,
    pub kind: FactorKind,
    /// Plain text: where things are heading.
    #[serde(default)]
    pub trend: String,
    /// Plain text: the likely effect on the area.
    #[serde(default)]
    pub effect: String,
    #[serde(default)]
    pub certainty: Option<Certainty>,
    /// A web address or a page of the report (`../kartlaggning/statistik.md`).
    #[serde(default)]
    pub source: Option<Sp>,
    /// Plain text naming the source, shown as the link text.
    #[serde(default)]
    pub source_title: String,
    /// Ids of the priorities it affects.
    #[serde(default)]
    pub priorities: Vec<Sp>,
    #[serde(default)]
    pub phase: Option<Sp>,
    #[serde(default)]
    pub audience: Option<Audience>,
    #[serde(skip)]
    pub origin: Origin,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_by_number_and_name() {
        assert_eq!(month("3"), Some(3));
        assert_eq!(month("Mars"), Some(3));
        assert_eq!(month("desember"), Some(12));
        assert_eq!(month("okt."), Some(10));
        assert_eq!(month("13"), None);
        assert_eq!(month("marz"), None);
        assert_eq!(date_month("2027-03-14"), Some(3));
        assert_eq!(date_month("2027-13"), None);
    }
}
