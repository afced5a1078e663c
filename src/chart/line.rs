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
    let span = right - left - 12.0;
    // Years are spaced by time: 2015, 2018, 2019, 2020 are not evenly apart.
    let years = time_axis(&t.categories);
    let x = |i: usize| match (&years, cats) {
        (_, 0 | 1) => (left + right) / 2.0,
        (Some(ys), _) => left + 6.0 + (ys[i] - ys[0]) / (ys[cats - 1] - ys[0]) * span,
        (None, _) => left + 6.0 + i as f64 * span / (cats - 1) as f64,
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
    // Category labels, thinned so they never overlap; the last is always shown.
    let base = plot_top + plot_h + 6.0 + SMALL;
    let shown = thin_labels(&t.categories, x);
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
    let step_h = LINE * SMALL / super::svg::FONT;
    let heights: Vec<f64> = wrapped.iter().map(|w| w.len() as f64 * step_h).collect();
    let placed = place_end_labels(ends, &heights, plot_top, plot_top + plot_h + 2.0);
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

/// The categories as years, when every one is a year and they rise: the
/// positions along a time axis.
fn time_axis(categories: &[String]) -> Option<Vec<f64>> {
    if categories.len() < 2 {
        return None;
    }
    let ys: Vec<f64> = categories
        .iter()
        .map(|c| {
            let c = c.trim();
            (c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()))
                .then(|| c.parse::<f64>().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    ys.windows(2).all(|w| w[1] > w[0]).then_some(ys)
}

/// The categories whose labels are drawn: from the first, each that does
/// not touch the one before; the last always, dropping those it would touch.
fn thin_labels(categories: &[String], x: impl Fn(usize) -> f64) -> Vec<usize> {
    let half = |i: usize| text_width(&categories[i], SMALL) / 2.0;
    let gap = 8.0;
    let mut shown: Vec<usize> = Vec::new();
    for i in 0..categories.len() {
        let fits = shown
            .last()
            .is_none_or(|&p| x(i) - half(i) >= x(p) + half(p) + gap);
        if fits {
            shown.push(i);
        }
    }
    if let Some(last) = categories.len().checked_sub(1)
        && shown.last() != Some(&last)
    {
        while let Some(&p) = shown.last() {
            if x(last) - half(last) < x(p) + half(p) + gap && shown.len() > 1 {
                shown.pop();
            } else {
                break;
            }
        }
        shown.push(last);
    }
    shown
}

/// Where the end labels go: `ends` are (series, y of its last point), and
/// each label is `heights[series]` tall. Each sits at its line's end if it
/// can, pushed down below the one above so none overlap, and all moved up
/// together if they would run below `bottom`. Returns (series, top).
fn place_end_labels(
    mut ends: Vec<(usize, f64)>,
    heights: &[f64],
    top: f64,
    bottom: f64,
) -> Vec<(usize, f64)> {
    ends.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut placed: Vec<(usize, f64)> = Vec::new();
    let mut floor = top;
    for (si, yy) in &ends {
        let h = heights[*si];
        let at = (yy - h / 2.0).max(floor);
        placed.push((*si, at));
        floor = at + h + 2.0;
    }
    let overflow = floor - bottom;
    if overflow > 0.0 {
        for p in &mut placed {
            p.1 -= overflow;
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn irregular_years_are_spaced_by_time() {
        let cats: Vec<String> = ["2015", "2018", "2019", "2020"].map(String::from).to_vec();
        let ys = time_axis(&cats).unwrap();
        let x = |i: usize| (ys[i] - ys[0]) / (ys[3] - ys[0]) * 300.0;
        // 2015 → 0, 2018 → 180, 2019 → 240, 2020 → 300: three years, then one.
        assert_eq!([x(0), x(1), x(2), x(3)], [0.0, 180.0, 240.0, 300.0]);
        // Not years, or not rising: evenly spaced.
        assert!(time_axis(&["2020", "2019"].map(String::from)).is_none());
        assert!(time_axis(&["2019/20", "2020/21"].map(String::from)).is_none());
        assert!(time_axis(&["Jan", "Feb"].map(String::from)).is_none());
    }

    #[test]
    fn crowded_year_labels_are_thinned_and_the_last_is_kept() {
        let cats: Vec<String> = (2010..=2024).map(|y| y.to_string()).collect();
        // 15 years on 200 units: a label is ~36 units wide.
        let shown = thin_labels(&cats, |i| i as f64 * 200.0 / 14.0);
        assert_eq!(shown.first(), Some(&0));
        assert_eq!(shown.last(), Some(&14));
        let xs: Vec<f64> = shown.iter().map(|&i| i as f64 * 200.0 / 14.0).collect();
        let w = text_width("2010", SMALL);
        assert!(xs.windows(2).all(|p| p[1] - p[0] >= w + 8.0), "{shown:?}");
    }

    #[test]
    fn end_labels_of_close_lines_are_moved_apart() {
        // Three lines ending at 6,700, 6,900 and 7,100 on a 200-unit plot
        // of 0–8,000: their ends lie 5 units apart.
        let y = |v: f64| 10.0 + (8000.0 - v) / 8000.0 * 200.0;
        let ends = vec![(0, y(6700.0)), (1, y(7100.0)), (2, y(6900.0))];
        let h = LINE * SMALL / crate::chart::svg::FONT;
        let placed = place_end_labels(ends, &[h, h, h], 10.0, 212.0);
        let mut tops: Vec<f64> = placed.iter().map(|p| p.1).collect();
        tops.sort_by(f64::total_cmp);
        assert!(tops.windows(2).all(|w| w[1] - w[0] >= h), "{tops:?}");
        // The highest value's label is on top.
        assert_eq!(placed[0].0, 1);
        // Labels near the bottom are moved up into the plot.
        let placed = place_end_labels(vec![(0, 210.0), (1, 211.0)], &[h, h], 10.0, 212.0);
        assert!(placed.iter().all(|p| p.1 + h <= 212.0 + 0.01), "{placed:?}");
    }
}
