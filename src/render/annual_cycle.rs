//! Årshjul: the annual cycle as a wheel of twelve month sectors with each
//! activity an arc over its months (an activity over the turn of the year
//! is one arc through January), and as an ordered list by month, the
//! accessible way in. No month is marked as the current one, so the same
//! input gives the same bytes whenever it is built.

use std::f64::consts::FRAC_1_SQRT_2;

use std::fmt::Write as _;

use serde::Serialize;

use super::theme::Theme;
use super::views::{ACTORS_URL, Ref, phase_url};
use crate::config::{Audience, Settings};
use crate::model::Report;
use crate::model::analysis::Activity;

pub use crate::paths::ANNUAL_CYCLE_URL as ANNUAL_URL;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AnnualCycleView {
    /// The wheel (empty without activities).
    pub svg: String,
    /// January to December, each with the activities starting then.
    pub months: Vec<MonthView>,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthView {
    pub number: u8,
    pub name: String,
    pub activities: Vec<ActivityView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityView {
    pub id: String,
    pub name: String,
    /// "november–februari", "mars", "14 mars 2027"-like text.
    pub when: String,
    pub months: Vec<u8>,
    pub responsible: Option<Ref>,
    pub recurring: bool,
    pub description: String,
    pub phase: Option<Ref>,
    pub internal: bool,
}

/// sin and cos of k · 15°, k = 0..24, written out (no platform
/// trigonometry in the output).
const SIN15: [f64; 24] = [
    0.0,
    0.258_819_045,
    0.5,
    FRAC_1_SQRT_2,
    0.866_025_404,
    0.965_925_826,
    1.0,
    0.965_925_826,
    0.866_025_404,
    FRAC_1_SQRT_2,
    0.5,
    0.258_819_045,
    0.0,
    -0.258_819_045,
    -0.5,
    -FRAC_1_SQRT_2,
    -0.866_025_404,
    -0.965_925_826,
    -1.0,
    -0.965_925_826,
    -0.866_025_404,
    -FRAC_1_SQRT_2,
    -0.5,
    -0.258_819_045,
];

fn sin15(k: usize) -> f64 {
    SIN15[k % 24]
}

fn cos15(k: usize) -> f64 {
    SIN15[(k + 6) % 24]
}

const C: f64 = 200.0;

/// The point at radius `r` and angle k · 15° clockwise from the top.
fn at(r: f64, k: usize) -> (f64, f64) {
    (C + r * sin15(k), C - r * cos15(k))
}

/// The arc of an activity starting at month `first` (1–12), `len` months
/// long, on radius `r`: a path from the start of the first month to the
/// end of the last, clockwise, through January if it wraps.
pub(crate) fn arc_path(first: u8, len: usize, r: f64) -> String {
    let start = (usize::from(first) - 1) * 2;
    if len >= 12 {
        let (x1, y1) = at(r, 0);
        let (x2, y2) = at(r, 12);
        return format!(
            "M{x1:.1} {y1:.1}A{r:.1} {r:.1} 0 1 1 {x2:.1} {y2:.1}A{r:.1} {r:.1} 0 1 1 {x1:.1} {y1:.1}"
        );
    }
    let end = start + len * 2;
    let (x1, y1) = at(r, start);
    let (x2, y2) = at(r, end);
    let large = u8::from(len > 6);
    format!("M{x1:.1} {y1:.1}A{r:.1} {r:.1} 0 {large} 1 {x2:.1} {y2:.1}")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Month names by the report's language.
fn month_names(theme: &Theme) -> Vec<String> {
    (1..=12).map(|m| theme.t(&format!("month_{m}"))).collect()
}

/// The months of an activity as runs of consecutive months: first month
/// and length of each. A run may go over the turn of the year
/// (November–February is one run); months of a span come in order, so a
/// span is always one run.
pub fn runs(months: &[u8]) -> Vec<(u8, usize)> {
    let mut set = [false; 12];
    for &m in months {
        if (1..=12).contains(&m) {
            set[usize::from(m) - 1] = true;
        }
    }
    let count = set.iter().filter(|&&b| b).count();
    if count == 12 {
        return vec![(months[0], 12)];
    }
    let mut out = Vec::new();
    for start in 0..12usize {
        // A run starts at a month whose previous month is not in it.
        if set[start] && !set[(start + 11) % 12] {
            let len = (0..12).take_while(|k| set[(start + k) % 12]).count();
            out.push((u8::try_from(start + 1).unwrap_or(1), len));
        }
    }
    // The run the activity starts with first.
    let first = usize::from(months[0]).saturating_sub(1);
    if let Some(i) = out
        .iter()
        .position(|&(f, l)| (0..l).any(|k| (usize::from(f) - 1 + k) % 12 == first))
    {
        out.rotate_left(i);
    }
    out
}

/// The wheel: month sectors and labels, then one ring per lane of
/// activities that do not overlap.
fn svg(activities: &[(&Activity, Vec<u8>)], names: &[String], title: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="annual-cycle-svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-labelledby="annual-cycle-title annual-cycle-summary"><title id="annual-cycle-title">{}</title>"#,
        esc(title)
    );
    s.push_str(r##"<g class="months" stroke="#fff" stroke-width="2">"##);
    for m in 0..12usize {
        let fill = if m % 2 == 0 { "#dfe8f1" } else { "#c5d5e6" };
        let (ax, ay) = at(196.0, m * 2);
        let (bx, by) = at(196.0, m * 2 + 2);
        let (cx, cy) = at(164.0, m * 2 + 2);
        let (dx, dy) = at(164.0, m * 2);
        let _ = write!(
            s,
            r#"<path d="M{ax:.1} {ay:.1}A196 196 0 0 1 {bx:.1} {by:.1}L{cx:.1} {cy:.1}A164 164 0 0 0 {dx:.1} {dy:.1}Z" fill="{fill}"/>"#
        );
    }
    s.push_str(
        r##"</g><g class="month-names" font-size="13" fill="#1a1a1a" text-anchor="middle">"##,
    );
    for (m, name) in names.iter().enumerate() {
        let (x, y) = at(180.0, m * 2 + 1);
        let short: String = name.chars().take(3).collect();
        let _ = write!(
            s,
            r#"<text x="{x:.1}" y="{:.1}">{}</text>"#,
            y + 4.5,
            esc(&short)
        );
    }
    s.push_str("</g>");
    // Lanes: each activity takes the first ring where its months are free.
    let mut lanes: Vec<[bool; 12]> = Vec::new();
    // Activity index, its runs of months, its ring.
    type Placed = (usize, Vec<(u8, usize)>, usize);
    let mut placed: Vec<Placed> = Vec::new();
    for (i, (_, months)) in activities.iter().enumerate() {
        let parts = runs(months);
        let covered: Vec<usize> = parts
            .iter()
            .flat_map(|&(first, len)| (0..len).map(move |k| (usize::from(first) - 1 + k) % 12))
            .collect();
        let lane = match lanes.iter().position(|l| covered.iter().all(|&c| !l[c])) {
            Some(n) => n,
            None => {
                lanes.push([false; 12]);
                lanes.len() - 1
            }
        };
        for &c in &covered {
            lanes[lane][c] = true;
        }
        placed.push((i, parts, lane));
    }
    let lane_count = lanes.len().max(1);
    let step = (120.0 / lane_count as f64).min(18.0);
    let width = (step * 0.7).max(3.0);
    const COLOURS: [&str; 6] = [
        "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#6a3d9a", "#8c510a",
    ];
    s.push_str(r#"<g class="activities" fill="none">"#);
    for (i, parts, lane) in placed {
        let (a, _) = &activities[i];
        let r = 152.0 - step * (lane as f64 + 0.5);
        let d: String = parts
            .iter()
            .map(|&(first, len)| arc_path(first, len, r))
            .collect();
        let _ = write!(
            s,
            r#"<path class="activity" d="{d}" stroke="{}" stroke-width="{width:.1}"><title>{}</title></path>"#,
            COLOURS[i % COLOURS.len()],
            esc(&a.name)
        );
    }
    s.push_str("</g></svg>");
    s
}

pub fn view(report: &Report, settings: &Settings, theme: &Theme) -> AnnualCycleView {
    let default = settings.config.build.default_audience;
    let names = month_names(theme);
    let mut acts: Vec<(&Activity, Vec<u8>)> = report
        .activities
        .iter()
        .map(|a| (a, a.month_span()))
        .filter(|(_, m)| !m.is_empty())
        .collect();
    acts.sort_by(|(a, ma), (b, mb)| {
        (ma[0], std::cmp::Reverse(ma.len()), &a.name, &a.id.value).cmp(&(
            mb[0],
            std::cmp::Reverse(mb.len()),
            &b.name,
            &b.id.value,
        ))
    });
    let actor = |id: &str| {
        report
            .actors
            .iter()
            .find(|x| x.id.value == id)
            .map(|x| Ref {
                id: x.id.value.clone(),
                title: x.name.clone(),
                url: format!("{ACTORS_URL}#{}", x.id.value),
            })
    };
    let phase = |a: &Activity| {
        let id = a
            .phase
            .as_ref()
            .map(|p| p.value.as_str())
            .or(a.origin.phase.as_deref())?;
        let ph = settings.model.phase(id)?;
        Some(Ref {
            id: ph.id.clone(),
            title: ph.title.clone(),
            url: phase_url(&ph.id),
        })
    };
    let mut months: Vec<MonthView> = (1u8..=12)
        .map(|m| MonthView {
            number: m,
            name: names[usize::from(m) - 1].clone(),
            activities: Vec::new(),
        })
        .collect();
    for (a, span) in &acts {
        let name = |m: u8| names[usize::from(m) - 1].clone();
        let when = match (&a.date, span.as_slice()) {
            (Some(d), _) => d.value.trim().to_string(),
            (None, [one]) => name(*one),
            (None, [first, .., last]) if a.from.is_some() => {
                format!("{}–{}", name(*first), name(*last))
            }
            (None, list) => list.iter().map(|m| name(*m)).collect::<Vec<_>>().join(", "),
        };
        months[usize::from(span[0]) - 1]
            .activities
            .push(ActivityView {
                id: a.id.value.clone(),
                name: a.name.clone(),
                when,
                months: span.clone(),
                responsible: a.responsible.as_ref().and_then(|r| actor(&r.value)),
                recurring: a.recurring,
                description: a.description.trim().to_string(),
                phase: phase(a),
                internal: a.audience.unwrap_or(default) == Audience::Internal,
            });
    }
    AnnualCycleView {
        svg: if acts.is_empty() {
            String::new()
        } else {
            svg(&acts, &names, &theme.t("annual_cycle_title"))
        },
        months,
        count: acts.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arc_over_the_turn_of_the_year_runs_through_january() {
        // November to February: from 300° to 60°, four months, clockwise.
        let d = arc_path(11, 4, 100.0);
        let (x1, y1) = at(100.0, 20);
        let (x2, y2) = at(100.0, 28);
        assert_eq!(
            d,
            format!("M{x1:.1} {y1:.1}A100.0 100.0 0 0 1 {x2:.1} {y2:.1}")
        );
        assert_eq!(d, "M113.4 150.0A100.0 100.0 0 0 1 286.6 150.0");
        // Seven months take the long way round.
        assert!(arc_path(10, 7, 100.0).contains(" 0 1 1 "));
        assert_eq!(runs(&[11, 12, 1, 2]), vec![(11, 4)]);
        assert_eq!(runs(&[4, 10]), vec![(4, 1), (10, 1)]);
        assert_eq!(runs(&[10, 4]), vec![(10, 1), (4, 1)]);
        assert_eq!(runs(&[1, 2, 12]), vec![(12, 3)]);
    }
}
