//! Donut charts: parts of a whole. Slices are separated by white borders,
//! filled with colour and pattern, and named in a legend that gives each
//! part's share and value (so colour is never the only key).

use std::f64::consts::PI;
use std::fmt::Write as _;

use super::svg::{Anchor, FONT, LINE, SMALL, Svg, WIDTH, n, patterns, wrap};
use super::table::Table;
use super::{Chart, Drawing, gap_marker, series_fills, values_are_counts};

/// Each category's share of the visible total, in per cent.
pub fn shares(t: &Table) -> Vec<Option<f64>> {
    let s = &t.series[0];
    let total: f64 = s.values.iter().filter_map(|v| v.value()).sum();
    s.values
        .iter()
        .map(|v| v.value().filter(|_| total > 0.0).map(|v| v / total * 100.0))
        .collect()
}

fn point(cx: f64, cy: f64, r: f64, angle: f64) -> (f64, f64) {
    (cx + r * angle.cos(), cy + r * angle.sin())
}

/// The ring: centre and radii.
#[derive(Clone, Copy)]
struct Ring {
    cx: f64,
    cy: f64,
    outer: f64,
    inner: f64,
}

/// One ring slice from angle `a0` to `a1` (radians, clockwise from 3 o'clock).
fn slice(svg: &mut Svg, ring: Ring, a0: f64, a1: f64, fill: &str) {
    let Ring {
        cx,
        cy,
        outer,
        inner,
    } = ring;
    // A full ring cannot be one arc: draw it as two halves.
    if a1 - a0 >= 2.0 * PI - 1e-9 {
        let mid = a0 + PI;
        slice(svg, ring, a0, mid, fill);
        slice(svg, ring, mid, a1, fill);
        return;
    }
    let large = u8::from(a1 - a0 > PI);
    let (x0, y0) = point(cx, cy, outer, a0);
    let (x1, y1) = point(cx, cy, outer, a1);
    let (x2, y2) = point(cx, cy, inner, a1);
    let (x3, y3) = point(cx, cy, inner, a0);
    let _ = write!(
        svg.out,
        r##"<path d="M{},{} A{},{} 0 {large} 1 {},{} L{},{} A{},{} 0 {large} 0 {},{} Z" fill="{fill}" stroke="#fff" stroke-width="2"/>"##,
        n(x0),
        n(y0),
        n(outer),
        n(outer),
        n(x1),
        n(y1),
        n(x2),
        n(y2),
        n(inner),
        n(inner),
        n(x3),
        n(y3),
    );
}

/// Draw a donut chart of the first series.
pub fn draw(c: &Chart<'_>) -> Drawing {
    let t = c.table;
    let mut svg = Svg::default();
    let (outer, inner) = (70.0, 42.0);
    let (cx, cy) = (outer + 2.0, outer + 2.0);
    let fills = series_fills(&c.prefix, t.categories.len());
    let shares = shares(t);
    let mut angle = -PI / 2.0;
    for (i, share) in shares.iter().enumerate() {
        let Some(s) = share else { continue };
        if *s <= 0.0 {
            continue;
        }
        let sweep = s / 100.0 * 2.0 * PI;
        let ring = Ring {
            cx,
            cy,
            outer,
            inner,
        };
        slice(&mut svg, ring, angle, angle + sweep, &fills[i]);
        angle += sweep;
    }
    if values_are_counts(c.spec, t) {
        let total: f64 = t.values().sum();
        svg.text(
            cx,
            cy + 2.0,
            Anchor::Middle,
            FONT,
            &format!("n\u{a0}=\u{a0}{}", c.fmt.num(total)),
        );
    }
    // The legend: beside the ring, or below it when it is long.
    let lx0 = 2.0 * outer + 22.0;
    let text_w = WIDTH - lx0 - 20.0;
    let mut y = 4.0;
    for (i, (cat, share)) in t.categories.iter().zip(&shares).enumerate() {
        let value = match share {
            // Data already in per cent: the share is the value.
            Some(s) if c.fmt.percent => c.fmt.share(*s),
            Some(s) => format!(
                "{} ({})",
                c.fmt.share(*s),
                c.fmt.value(t.series[0].values[i].value().unwrap_or(0.0))
            ),
            None => gap_marker(c, t.series[0].values[i]).unwrap_or_default(),
        };
        let mut lines = wrap(cat, text_w, SMALL);
        lines.push(value);
        svg.segment(lx0, y + 1.0, 13.0, 13.0, &fills[i]);
        y += svg.lines(lx0 + 19.0, y + SMALL, Anchor::Start, SMALL, &lines) + 6.0;
    }
    Drawing {
        height: y.max(2.0 * outer + 4.0) + LINE * 0.25,
        body: svg.out,
        defs: patterns(&c.prefix, t.categories.len()),
    }
}
