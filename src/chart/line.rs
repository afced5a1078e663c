//! Line charts with one or more series over ordered categories (years).
//! Series differ by colour, dash pattern and marker shape, and each line is
//! labelled by name at its end. A missing value breaks the line.

use std::fmt::Write as _;

use super::svg::{
    AXIS, Anchor, GRID, LINE, PALETTE, SMALL, Svg, WIDTH, n, text_width, ticks, value_axis, wrap,
};
use super::table::Cell;
use super::{Chart, Drawing, unit_line};

const DASHES: [&str; 7] = ["", "7 4", "2 3", "10 3 2 3", "4 4", "12 4", "1 2"];

/// A marker of shape `i` centred on (x, y).
fn marker(svg: &mut Svg, i: usize, x: f64, y: f64, colour: &str) {
    let r = 4.0;
    let shape = match i % 7 {
        0 => format!(r#"<circle cx="{}" cy="{}" r="{}""#, n(x), n(y), n(r)),
        1 => format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}""#,
            n(x - r),
            n(y - r),
            n(2.0 * r),
            n(2.0 * r)
        ),
        2 => format!(
            r#"<path d="M{},{} L{},{} L{},{} Z""#,
            n(x),
            n(y - r - 1.0),
            n(x + r + 1.0),
            n(y + r),
            n(x - r - 1.0),
            n(y + r)
        ),
        3 => format!(
            r#"<path d="M{},{} L{},{} L{},{} L{},{} Z""#,
            n(x),
            n(y - r - 1.0),
            n(x + r + 1.0),
            n(y),
            n(x),
            n(y + r + 1.0),
            n(x - r - 1.0),
            n(y)
        ),
        4 => format!(
            r#"<path d="M{},{} L{},{} L{},{} Z""#,
            n(x),
            n(y + r + 1.0),
            n(x + r + 1.0),
            n(y - r),
            n(x - r - 1.0),
            n(y - r)
        ),
        5 => {
            // A plus sign.
            let (a, l) = (2.0, r + 1.0);
            format!(
                r#"<path d="M{},{} H{} V{} H{} V{} H{} V{} H{} V{} H{} V{} H{} Z""#,
                n(x - a),
                n(y - l),
                n(x + a),
                n(y - a),
                n(x + l),
                n(y + a),
                n(x + a),
                n(y + l),
                n(x - a),
                n(y + a),
                n(x - l),
                n(y - a),
                n(x - a),
            )
        }
        _ => format!(
            r#"<circle cx="{}" cy="{}" r="{}" stroke-width="2""#,
            n(x),
            n(y),
            n(r - 1.0)
        ),
    };
    let _ = write!(svg.out, r##"{shape} fill="{colour}" stroke="#fff"/>"##);
}

/// Draw a line chart.
pub fn draw(c: &Chart<'_>) -> Drawing {
    let t = c.table;
    let mut svg = Svg::default();
    let top = unit_line(&mut svg, c, 0.0);
    let all: Vec<f64> = t.values().collect();
    let (mut lo, mut hi) = all
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    // Start at zero unless that squeezes the lines into a thin band.
    if lo > 0.0 && lo < hi * 0.6 {
        lo = 0.0;
    }
    let ticks = ticks(lo, hi, 5);
    let (lo, hi) = (ticks[0], *ticks.last().unwrap_or(&hi));
    let (labels, left) = value_axis(c.fmt, &ticks, c.fmt.percent);
    // Room for the end labels: the longest name, wrapped to at most 35 %.
    let label_max = (WIDTH * 0.35).min(
        t.series
            .iter()
            .map(|s| text_width(&s.name, SMALL))
            .fold(0.0, f64::max),
    );
    let right = WIDTH - label_max - 18.0;
    let plot_top = top + 10.0;
    let plot_h = 200.0;
    let cats = t.categories.len();
    let step = if cats > 1 {
        (right - left - 12.0) / (cats - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| {
        if cats > 1 {
            left + 6.0 + i as f64 * step
        } else {
            (left + right) / 2.0
        }
    };
    let y = |v: f64| plot_top + (hi - v) / (hi - lo) * plot_h;
    for (tv, label) in ticks.iter().zip(&labels) {
        svg.line(
            left,
            y(*tv),
            right,
            y(*tv),
            if *tv == 0.0 { AXIS } else { GRID },
            1.0,
        );
        svg.text(left - 6.0, y(*tv) + SMALL * 0.35, Anchor::End, SMALL, label);
    }
    svg.line(left, plot_top + plot_h, right, plot_top + plot_h, AXIS, 1.0);
    // Category labels, thinned so they never overlap.
    let widest = t
        .categories
        .iter()
        .map(|l| text_width(l, SMALL))
        .fold(0.0, f64::max);
    let every = if cats > 1 {
        ((widest + 8.0) / step).ceil().max(1.0) as usize
    } else {
        1
    };
    let base = plot_top + plot_h + 6.0 + SMALL;
    let mut shown: Vec<usize> = (0..cats).filter(|i| i % every == 0).collect();
    if let Some(&last) = shown.last()
        && last != cats - 1
    {
        if cats - 1 - last < every {
            shown.pop();
        }
        shown.push(cats - 1);
    }
    for &i in &shown {
        svg.text(x(i), base, Anchor::Middle, SMALL, &t.categories[i]);
        svg.line(
            x(i),
            plot_top + plot_h,
            x(i),
            plot_top + plot_h + 4.0,
            AXIS,
            1.0,
        );
    }
    // Lines, broken at gaps, with markers.
    let mut ends: Vec<(usize, f64)> = Vec::new();
    for (si, s) in t.series.iter().enumerate() {
        let colour = PALETTE[si % PALETTE.len()];
        let mut d = String::new();
        let mut pen_down = false;
        for (i, cell) in s.values.iter().enumerate() {
            match cell.value() {
                Some(v) => {
                    let _ = write!(
                        d,
                        "{}{},{}",
                        if pen_down { " L" } else { "M" },
                        n(x(i)),
                        n(y(v))
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !d.is_empty() {
            let dash = if DASHES[si % 7].is_empty() {
                String::new()
            } else {
                format!(r#" stroke-dasharray="{}""#, DASHES[si % 7])
            };
            let _ = write!(
                svg.out,
                r#"<path d="{}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-linejoin="round"{dash}/>"#,
                d.trim_start()
            );
        }
        for (i, cell) in s.values.iter().enumerate() {
            match cell {
                Cell::Value(v) => marker(&mut svg, si, x(i), y(*v), colour),
                Cell::Suppressed => svg.text(
                    x(i),
                    plot_top + plot_h - 4.0,
                    Anchor::Middle,
                    SMALL,
                    &c.fmt.suppressed,
                ),
                Cell::Missing => {}
            }
        }
        if let Some(v) = s.values.iter().rev().find_map(|c| c.value()) {
            ends.push((si, y(v)));
        }
    }
    // End labels: at each line's last point, pushed apart so none overlap.
    let wrapped: Vec<Vec<String>> = t
        .series
        .iter()
        .map(|s| wrap(&s.name, label_max.max(40.0), SMALL))
        .collect();
    ends.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let step_h = LINE * SMALL / super::svg::FONT;
    let mut placed: Vec<(usize, f64)> = Vec::new();
    let mut floor = plot_top;
    for (si, yy) in &ends {
        let h = wrapped[*si].len() as f64 * step_h;
        let at = (yy - h / 2.0).max(floor);
        placed.push((*si, at));
        floor = at + h + 2.0;
    }
    // If the labels ran below the plot, shift them all up.
    let overflow = floor - (plot_top + plot_h + 2.0);
    if overflow > 0.0 {
        for p in &mut placed {
            p.1 -= overflow;
        }
    }
    for (si, at) in placed {
        let colour = PALETTE[si % PALETTE.len()];
        marker(&mut svg, si, right + 7.0, at + step_h / 2.0, colour);
        let lx = right + 14.0;
        for (k, l) in wrapped[si].iter().enumerate() {
            let attrs = format!(r#" fill="{colour}""#);
            svg.text_with(
                lx,
                at + step_h * (k as f64 + 0.75),
                Anchor::Start,
                SMALL,
                l,
                &attrs,
            );
        }
    }
    Drawing {
        height: base + 6.0,
        body: svg.out,
        defs: String::new(),
    }
}
