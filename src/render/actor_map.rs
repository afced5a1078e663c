//! The actor map: the network of actors and their cooperation links as
//! an SVG diagram (laid out by [`network_layout`]), its text alternative
//! (a summary), and the matrix "vem gör vad, för vem" with its gaps.
//!
//! [`network_layout`]: super::network_layout

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::network_layout::{self, Node, Placed};
use super::theme::Theme;
use super::views::{ACTORS_URL, Label, Ref};
use crate::config::Settings;
use crate::model::Report;
use crate::model::analysis::LinkKind;
use crate::model::items::ActorKind;

/// Everything the actors page shows of the network.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActorMapView {
    /// The diagram (empty without actors).
    pub svg: String,
    pub actors: usize,
    pub links: usize,
    pub formal: usize,
    pub informal: usize,
    /// The actors with the most links (at most three), with their count.
    pub most_connected: Vec<Connected>,
    /// Actors without any link.
    pub unlinked: Vec<Ref>,
    /// The kinds in the diagram: name and symbol.
    pub legend: Vec<LegendEntry>,
    /// Every link, by the names of its actors: the diagram in words.
    pub link_rows: Vec<LinkRow>,
    /// Actors × need areas.
    pub need_matrix: NeedMatrix,
    /// Need areas × target groups (when the report has target groups).
    pub group_matrix: Option<GroupMatrix>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Connected {
    pub actor: Ref,
    pub links: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkRow {
    pub from: Ref,
    pub to: Ref,
    pub kind: Label,
    pub strength: Option<u8>,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegendEntry {
    pub kind: Label,
    /// A small SVG of the kind's symbol.
    pub symbol: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NeedMatrix {
    /// The need areas; `gap` when no actor works there.
    pub columns: Vec<Column>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub id: String,
    pub name: String,
    pub gap: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    pub actor: Ref,
    /// Per column, what the actor does there (empty: nothing).
    pub cells: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupMatrix {
    pub groups: Vec<Label>,
    pub rows: Vec<GroupRow>,
    /// Need area and target group with no actor.
    pub gaps: Vec<Gap>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub need_area: String,
    pub group: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    pub need_area: Label,
    /// Per target group, the actors working for it in this need area.
    pub cells: Vec<Vec<Ref>>,
}

/// One link of the diagram, between two actors (by index, `a < b`).
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub a: usize,
    pub b: usize,
    pub kind: LinkKind,
    pub strength: Option<u8>,
    /// What the link is (from a `links:` entry).
    pub label: String,
}

/// Colour and symbol per kind (Okabe–Ito colours, told apart by shape
/// too; each symbol has a dark outline for contrast on white).
fn style(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Authority => "#0072b2",
        ActorKind::Municipality => "#e69f00",
        ActorKind::Region => "#009e73",
        ActorKind::CivilSociety => "#cc79a7",
        ActorKind::Private => "#f0e442",
    }
}

/// The symbol of `kind` centred at (x, y).
fn symbol(kind: ActorKind, x: f64, y: f64) -> String {
    let fill = style(kind);
    let stroke = r##" stroke="#1a1a1a" stroke-width="1.5""##;
    match kind {
        ActorKind::Authority => format!(
            r#"<rect x="{:.1}" y="{:.1}" width="16" height="16" fill="{fill}"{stroke}/>"#,
            x - 8.0,
            y - 8.0
        ),
        ActorKind::Municipality => {
            format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="9" fill="{fill}"{stroke}/>"#)
        }
        ActorKind::Region => polygon(
            &[(0.0, -10.0), (10.0, 0.0), (0.0, 10.0), (-10.0, 0.0)],
            x,
            y,
            fill,
            stroke,
        ),
        ActorKind::CivilSociety => {
            polygon(&[(0.0, -10.0), (9.5, 8.0), (-9.5, 8.0)], x, y, fill, stroke)
        }
        ActorKind::Private => polygon(
            &[
                (-4.5, -9.0),
                (4.5, -9.0),
                (9.0, 0.0),
                (4.5, 9.0),
                (-4.5, 9.0),
                (-9.0, 0.0),
            ],
            x,
            y,
            fill,
            stroke,
        ),
    }
}

fn polygon(points: &[(f64, f64)], x: f64, y: f64, fill: &str, stroke: &str) -> String {
    let pts: Vec<String> = points
        .iter()
        .map(|(dx, dy)| format!("{:.1},{:.1}", x + dx, y + dy))
        .collect();
    format!(
        r#"<polygon points="{}" fill="{fill}"{stroke}/>"#,
        pts.join(" ")
    )
}

/// Characters per label line, and lines at most.
const LINE_CHARS: usize = 22;
const MAX_LINES: usize = 2;
/// Width of a character and height of a line of label text, in pixels
/// (12 px sans-serif, generous so real fonts fit).
const CHAR_W: f64 = 7.0;
const LINE_H: f64 = 14.0;

/// A name broken into at most two lines at spaces, the second shortened
/// with "…" if need be.
pub fn label_lines(name: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in name.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > LINE_CHARS {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > MAX_LINES {
        let rest = lines[MAX_LINES - 1..].join(" ");
        lines.truncate(MAX_LINES - 1);
        lines.push(rest);
    }
    for l in &mut lines {
        if l.chars().count() > LINE_CHARS + 4 {
            let cut: String = l.chars().take(LINE_CHARS + 2).collect();
            *l = format!("{}…", cut.trim_end());
        }
    }
    lines
}

/// The node of an actor for the layout.
pub fn node(id: &str, name: &str, kind: ActorKind) -> Node {
    let lines = label_lines(name);
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    Node {
        key: id.to_string(),
        group: ActorKind::ALL.iter().position(|k| *k == kind).unwrap_or(0),
        width: (widest as f64 * CHAR_W + 8.0).max(28.0),
        height: network_layout::SYMBOL_Y * 2.0 + lines.len() as f64 * LINE_H,
    }
}

/// The links of the report between actors it has: `cooperates_with` as
/// informal links, a `links:` entry deciding kind and strength of its pair.
pub fn edges(report: &Report) -> Vec<Edge> {
    let index: BTreeMap<&str, usize> = report
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.value.as_str(), i))
        .collect();
    let mut pairs: BTreeMap<(usize, usize), Edge> = BTreeMap::new();
    let pair = |x: &str, y: &str| {
        let (a, b) = (*index.get(x)?, *index.get(y)?);
        (a != b).then(|| (a.min(b), a.max(b)))
    };
    for a in &report.actors {
        for c in &a.cooperates_with {
            if let Some((x, y)) = pair(&a.id.value, &c.value) {
                pairs.entry((x, y)).or_insert(Edge {
                    a: x,
                    b: y,
                    kind: LinkKind::Informal,
                    strength: None,
                    label: String::new(),
                });
            }
        }
    }
    for l in &report.links {
        if let Some((x, y)) = pair(&l.from.value, &l.to.value) {
            pairs.insert(
                (x, y),
                Edge {
                    a: x,
                    b: y,
                    kind: l.kind,
                    strength: l.strength,
                    label: l.label.trim().to_string(),
                },
            );
        }
    }
    pairs.into_values().collect()
}

/// The diagram's boxes: one per actor of `report`, in its order.
pub fn boxes(report: &Report, edges: &[Edge]) -> Vec<Placed> {
    let nodes: Vec<Node> = report
        .actors
        .iter()
        .map(|a| node(&a.id.value, &a.name, a.kind))
        .collect();
    let weighted: Vec<(usize, usize, f64)> = edges
        .iter()
        .map(|e| {
            let w = f64::from(e.strength.unwrap_or(2));
            (
                e.a,
                e.b,
                if e.kind == LinkKind::Formal {
                    w + 1.0
                } else {
                    w
                },
            )
        })
        .collect();
    network_layout::layout(&nodes, &weighted)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG of the diagram.
fn svg(report: &Report, edges: &[Edge], boxes: &[Placed], title: &str) -> String {
    let pad = 8.0;
    let min_x = boxes.iter().map(|b| b.left).fold(f64::INFINITY, f64::min) - pad;
    let min_y = boxes.iter().map(|b| b.top).fold(f64::INFINITY, f64::min) - pad;
    let max_x = boxes
        .iter()
        .map(|b| b.left + b.width)
        .fold(f64::NEG_INFINITY, f64::max)
        + pad;
    let max_y = boxes
        .iter()
        .map(|b| b.top + b.height)
        .fold(f64::NEG_INFINITY, f64::max)
        + pad;
    let (w, h) = (max_x - min_x, max_y - min_y);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="actor-map-svg" viewBox="{min_x:.1} {min_y:.1} {w:.1} {h:.1}" width="{w:.0}" height="{h:.0}" role="img" aria-labelledby="actor-map-title actor-map-summary"><title id="actor-map-title">{}</title>"#,
        esc(title)
    );
    s.push_str(r##"<g class="links" fill="none" stroke="#4d4d4d">"##);
    for e in edges {
        let (p, q) = (boxes[e.a], boxes[e.b]);
        let width = match (e.kind, e.strength) {
            (_, Some(st)) => 0.8 + 0.6 * f64::from(st),
            (LinkKind::Formal, None) => 2.2,
            (LinkKind::Informal, None) => 1.6,
        };
        let dash = match e.kind {
            LinkKind::Formal => "",
            LinkKind::Informal => r#" stroke-dasharray="6 4""#,
        };
        let _ = write!(
            s,
            r#"<line class="link {}" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke-width="{width:.1}"{dash}/>"#,
            e.kind.key(),
            p.x,
            p.y,
            q.x,
            q.y
        );
    }
    s.push_str("</g><g class=\"nodes\">");
    for (a, b) in report.actors.iter().zip(boxes) {
        let _ = write!(
            s,
            r#"<g class="node kind-{}"><title>{}</title>{}"#,
            a.kind.key(),
            esc(&a.name),
            symbol(a.kind, b.x, b.y)
        );
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="12" fill="#1a1a1a" stroke="#fff" stroke-width="3" paint-order="stroke">"##,
            b.x,
            b.y + network_layout::SYMBOL_Y + LINE_H - 2.0
        );
        for (i, line) in label_lines(&a.name).iter().enumerate() {
            let dy = if i == 0 { 0.0 } else { LINE_H };
            let _ = write!(
                s,
                r#"<tspan x="{:.1}" dy="{dy:.0}">{}</tspan>"#,
                b.x,
                esc(line)
            );
        }
        s.push_str("</text></g>");
    }
    s.push_str("</g></svg>");
    s
}

/// The actor map of `report` (already cut to the build's audience).
pub fn view(report: &Report, settings: &Settings, theme: &Theme) -> ActorMapView {
    let edges = edges(report);
    let actor_ref = |i: usize| {
        let a = &report.actors[i];
        Ref {
            id: a.id.value.clone(),
            title: a.name.clone(),
            url: format!("{ACTORS_URL}#{}", a.id.value),
        }
    };
    let mut degree = vec![0usize; report.actors.len()];
    for e in &edges {
        degree[e.a] += 1;
        degree[e.b] += 1;
    }
    let mut by_degree: Vec<usize> = (0..report.actors.len())
        .filter(|&i| degree[i] > 0)
        .collect();
    by_degree.sort_by(|&x, &y| {
        degree[y]
            .cmp(&degree[x])
            .then_with(|| report.actors[x].name.cmp(&report.actors[y].name))
    });
    let mut unlinked: Vec<Ref> = (0..report.actors.len())
        .filter(|&i| degree[i] == 0)
        .map(actor_ref)
        .collect();
    unlinked.sort_by(|a, b| a.title.cmp(&b.title));
    let svg = if report.actors.is_empty() {
        String::new()
    } else {
        let boxes = boxes(report, &edges);
        svg(report, &edges, &boxes, &theme.t("actor_map_title"))
    };
    let kind_label = |k: ActorKind| Label {
        id: k.key().to_string(),
        name: theme.t(&format!("actor_kind_{}", k.key())),
    };
    let legend = ActorKind::ALL
        .iter()
        .filter(|k| report.actors.iter().any(|a| a.kind == **k))
        .map(|&k| LegendEntry {
            kind: kind_label(k),
            symbol: format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">{}</svg>"#,
                symbol(k, 12.0, 12.0)
            ),
        })
        .collect();
    ActorMapView {
        svg,
        actors: report.actors.len(),
        links: edges.len(),
        formal: edges.iter().filter(|e| e.kind == LinkKind::Formal).count(),
        informal: edges
            .iter()
            .filter(|e| e.kind == LinkKind::Informal)
            .count(),
        most_connected: by_degree
            .iter()
            .take(3)
            .map(|&i| Connected {
                actor: actor_ref(i),
                links: degree[i],
            })
            .collect(),
        unlinked,
        legend,
        link_rows: {
            let mut rows: Vec<LinkRow> = edges
                .iter()
                .map(|e| {
                    let (mut from, mut to) = (actor_ref(e.a), actor_ref(e.b));
                    if to.title < from.title {
                        std::mem::swap(&mut from, &mut to);
                    }
                    LinkRow {
                        from,
                        to,
                        kind: Label {
                            id: e.kind.key().to_string(),
                            name: theme.t(&format!("link_kind_{}", e.kind.key())),
                        },
                        strength: e.strength,
                        label: e.label.clone(),
                    }
                })
                .collect();
            rows.sort_by(|a, b| (&a.from.title, &a.to.title).cmp(&(&b.from.title, &b.to.title)));
            rows
        },
        need_matrix: need_matrix(report, settings),
        group_matrix: group_matrix(report, settings),
    }
}

fn need_matrix(report: &Report, settings: &Settings) -> NeedMatrix {
    let group_name = |id: &str| -> String {
        report
            .target_groups
            .iter()
            .find(|g| g.id.value == id)
            .map_or_else(|| id.to_string(), |g| g.name.clone())
    };
    let mut rows: Vec<MatrixRow> = report
        .actors
        .iter()
        .filter(|a| !a.work.is_empty())
        .map(|a| MatrixRow {
            actor: Ref {
                id: a.id.value.clone(),
                title: a.name.clone(),
                url: format!("{ACTORS_URL}#{}", a.id.value),
            },
            cells: settings
                .need_areas
                .iter()
                .map(|n| {
                    a.work
                        .iter()
                        .filter(|w| w.need_area.value == n.id)
                        .map(|w| match &w.target_group {
                            Some(g) if w.does.trim().is_empty() => group_name(&g.value),
                            Some(g) => format!("{} ({})", w.does.trim(), group_name(&g.value)),
                            None => w.does.trim().to_string(),
                        })
                        .map(|t| if t.is_empty() { "✓".to_string() } else { t })
                        .collect()
                })
                .collect(),
        })
        .collect();
    rows.sort_by(|a, b| a.actor.title.cmp(&b.actor.title));
    let columns = settings
        .need_areas
        .iter()
        .enumerate()
        .map(|(i, n)| Column {
            id: n.id.clone(),
            name: n.name.clone(),
            gap: rows.iter().all(|r| r.cells[i].is_empty()),
        })
        .collect();
    NeedMatrix { columns, rows }
}

fn group_matrix(report: &Report, settings: &Settings) -> Option<GroupMatrix> {
    if report.target_groups.is_empty() {
        return None;
    }
    let groups: Vec<Label> = report
        .target_groups
        .iter()
        .map(|g| Label {
            id: g.id.value.clone(),
            name: g.name.clone(),
        })
        .collect();
    let mut gaps = Vec::new();
    let rows = settings
        .need_areas
        .iter()
        .map(|n| {
            let cells: Vec<Vec<Ref>> = groups
                .iter()
                .map(|g| {
                    let mut refs: Vec<Ref> = report
                        .actors
                        .iter()
                        .filter(|a| {
                            a.work.iter().any(|w| {
                                w.need_area.value == n.id
                                    && w.target_group.as_ref().is_some_and(|t| t.value == g.id)
                            })
                        })
                        .map(|a| Ref {
                            id: a.id.value.clone(),
                            title: a.name.clone(),
                            url: format!("{ACTORS_URL}#{}", a.id.value),
                        })
                        .collect();
                    refs.sort_by(|a, b| a.title.cmp(&b.title));
                    if refs.is_empty() {
                        gaps.push(Gap {
                            need_area: n.name.clone(),
                            group: g.name.clone(),
                        });
                    }
                    refs
                })
                .collect();
            GroupRow {
                need_area: Label {
                    id: n.id.clone(),
                    name: n.name.clone(),
                },
                cells,
            }
        })
        .collect();
    Some(GroupMatrix { groups, rows, gaps })
}
