//! Diverging stacked bars for Likert scales: the negative answers run left
//! of a zero line, the positive ones right, and a neutral middle answer is
//! split across it. Answers outside the scale ("Vet ej") stay in the table
//! only. Each row shows its n; shares are of the answers on the scale.

use super::svg::{AXIS, Anchor, FONT, LINE, SMALL, Svg, WIDTH, text_width, wrap};
use super::table::Cell;
use super::{Chart, Drawing, gap_marker, legend, values_are_counts};

/// Lightest and darkest colour of the negative and positive side, and the
/// neutral grey. All have at least 4.5:1 against white.
const NEG: (&str, &str) = ("#B35806", "#6B2A00");
const POS: (&str, &str) = ("#3B6FA8", "#14325A");
const NEUTRAL: &str = "#767676";

fn rgb(hex: &str) -> [f64; 3] {
    let c = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0));
    [c(1), c(3), c(5)]
}

fn mix(a: &str, b: &str, t: f64) -> String {
    let (a, b) = (rgb(a), rgb(b));
    let ch = |i: usize| (a[i] + (b[i] - a[i]) * t).round().clamp(0.0, 255.0) as u8;
    format!("#{:02X}{:02X}{:02X}", ch(0), ch(1), ch(2))
}

/// `k` shades of one side, from the outer (darkest) to the inner.
fn side(k: usize, (light, dark): (&str, &str)) -> Vec<String> {
    if k == 1 {
        return vec![light.to_string()];
    }
    (0..k)
        .map(|i| mix(dark, light, i as f64 / (k - 1) as f64))
        .collect()
}

/// The colours of a scale of `steps` answers, most negative first.
pub fn scale_colours(steps: usize) -> Vec<String> {
    let half = steps / 2;
    let mut out = side(half, NEG);
    if steps % 2 == 1 {
        out.push(NEUTRAL.to_string());
    }
    let mut pos = side(half, POS);
    pos.reverse();
    out.extend(pos);
    out
}

/// Which series are on the scale (in order) and which are outside.
fn on_scale(c: &Chart<'_>) -> Vec<usize> {
    let outside: &[String] = c.spec.outside_scale.as_ref().map_or(&[], |o| &o.value);
    c.table
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| !outside.contains(&s.name))
        .map(|(i, _)| i)
        .collect()
}

/// Shares of the answers on the scale, `[category][series]` in per cent;
/// `None` outside the scale, and for a whole row with a missing or
/// suppressed answer (its shares would be wrong or reveal the hidden count).
pub fn shares(c: &Chart<'_>) -> Vec<Vec<Option<f64>>> {
    let t = c.table;
    let scale = on_scale(c);
    (0..t.categories.len())
        .map(|ci| {
            let complete = scale
                .iter()
                .all(|&si| matches!(t.series[si].values[ci], Cell::Value(_)));
            let total: f64 = scale
                .iter()
                .filter_map(|&si| t.series[si].values[ci].value())
                .sum();
            (0..t.series.len())
                .map(|si| {
                    let v = t.series[si].values[ci].value()?;
                    (complete && total > 0.0 && scale.contains(&si)).then(|| v / total * 100.0)
                })
                .collect()
        })
        .collect()
}

/// Draw a diverging stacked bar chart.
pub fn draw(c: &Chart<'_>) -> Drawing {
    let t = c.table;
    let mut svg = Svg::default();
    let scale = on_scale(c);
    let steps = scale.len();
    let half = steps / 2;
    let neutral = (steps % 2 == 1).then_some(scale[half]);
    let colours = scale_colours(steps);
    let names: Vec<&str> = scale.iter().map(|&si| t.series[si].name.as_str()).collect();
    let mut y = legend(&mut svg, &names, &colours, 0.0);
    let shares = shares(c);
    // Extent of each side over all rows, as shares.
    let side_sum = |ci: usize, range: &[usize]| -> f64 {
        range.iter().filter_map(|&si| shares[ci][si]).sum::<f64>()
            + neutral.and_then(|ns| shares[ci][ns]).unwrap_or(0.0) / 2.0
    };
    let (mut left_ext, mut right_ext): (f64, f64) = (0.0, 0.0);
    for ci in 0..t.categories.len() {
        left_ext = left_ext.max(side_sum(ci, &scale[..half]));
        right_ext = right_ext.max(side_sum(ci, &scale[steps - half..]));
    }
    let round_up = |v: f64| ((v / 25.0).ceil() * 25.0).max(25.0);
    let (left_ext, right_ext) = (round_up(left_ext), round_up(right_ext));
    let scale_w = WIDTH - 4.0;
    let centre = 2.0 + left_ext / (left_ext + right_ext) * scale_w;
    let unit = scale_w / (left_ext + right_ext);
    let counts = values_are_counts(c.spec, t);
    let bar_h = 22.0;
    for (ci, cat) in t.categories.iter().enumerate() {
        let total: f64 = scale
            .iter()
            .filter_map(|&si| t.series[si].values[ci].value())
            .sum();
        let label = if counts && shares[ci].iter().any(Option::is_some) {
            format!("{cat} (n\u{a0}=\u{a0}{})", c.fmt.num(total))
        } else {
            cat.clone()
        };
        y += svg.lines(
            0.0,
            y + FONT,
            Anchor::Start,
            FONT,
            &wrap(&label, WIDTH, FONT),
        ) + 4.0;
        if scale.iter().all(|&si| shares[ci][si].is_none()) {
            let parts: Vec<String> = scale
                .iter()
                .filter_map(|&si| {
                    gap_marker(c, t.series[si].values[ci])
                        .map(|m| format!("{}: {m}", t.series[si].name))
                })
                .collect();
            let note = if parts.is_empty() {
                "–".to_string()
            } else {
                parts.join(" · ")
            };
            for l in wrap(&note, WIDTH, SMALL) {
                svg.text(0.0, y + SMALL, Anchor::Start, SMALL, &l);
                y += LINE;
            }
            y += 10.0;
            continue;
        }
        // Segments outward from the zero line: neutral halves first.
        let draw_run = |order: &[usize], dir: f64, start: f64, svg: &mut Svg| {
            let mut at = start;
            for &k in order {
                let si = scale[k];
                let Some(s) = shares[ci][si] else { continue };
                let s = if Some(si) == neutral { s / 2.0 } else { s };
                let w = s * unit;
                let x0 = if dir < 0.0 { at - w } else { at };
                svg.segment(x0, y, w, bar_h, &colours[k]);
                let text = c.fmt.share(if Some(si) == neutral { s * 2.0 } else { s });
                // The neutral share is written once, on the right half.
                let write = Some(si) != neutral || dir > 0.0;
                let room = if Some(si) == neutral { w * 2.0 } else { w };
                if write && text_width(&text, SMALL) + 6.0 <= room {
                    let tx = if Some(si) == neutral {
                        at
                    } else {
                        x0 + w / 2.0
                    };
                    svg.text_with(
                        tx,
                        y + bar_h / 2.0 + SMALL * 0.35,
                        Anchor::Middle,
                        SMALL,
                        &text,
                        r##" fill="#fff""##,
                    );
                }
                at += dir * w;
            }
            at
        };
        let mut left_order: Vec<usize> = Vec::new();
        let mut right_order: Vec<usize> = Vec::new();
        if neutral.is_some() {
            left_order.push(half);
            right_order.push(half);
        }
        left_order.extend((0..half).rev());
        right_order.extend(steps - half..steps);
        // Draw the right side first so the neutral label sits on top.
        draw_run(&left_order, -1.0, centre, &mut svg);
        draw_run(&right_order, 1.0, centre, &mut svg);
        // The zero line beside the bar (not through the label above it).
        svg.line(centre, y - 3.0, centre, y + bar_h + 3.0, AXIS, 1.5);
        y += bar_h + 12.0;
    }
    // A scale under the bars: 0 at the line, shares outwards, every 25 %
    // (or 50 % when the labels would touch).
    let step = if 25.0 * unit >= text_width(&c.fmt.share(100.0), SMALL) + 8.0 {
        25.0
    } else {
        50.0
    };
    let first = -(left_ext / step).floor() as i64;
    let last = (right_ext / step).floor() as i64;
    let mut free_from = f64::NEG_INFINITY;
    for k in first..=last {
        let tick = k as f64 * step;
        let x = centre + tick * unit;
        let label = c.fmt.share(tick.abs());
        let w = text_width(&label, SMALL);
        let (tx, anchor, l) = if x - w / 2.0 < 0.0 {
            (0.0, Anchor::Start, 0.0)
        } else if x + w / 2.0 > WIDTH {
            (WIDTH, Anchor::End, WIDTH - w)
        } else {
            (x, Anchor::Middle, x - w / 2.0)
        };
        // Leave out a label that would touch the one before it.
        if l < free_from {
            continue;
        }
        free_from = l + w + 6.0;
        svg.line(x, y - 8.0, x, y - 4.0, AXIS, 1.0);
        svg.text(tx, y + SMALL, anchor, SMALL, &label);
    }
    Drawing {
        height: y + SMALL + 6.0,
        body: svg.out,
        defs: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_colours_are_ordered_and_contrast_with_white() {
        for steps in 2..=11 {
            let cs = scale_colours(steps);
            assert_eq!(cs.len(), steps);
            for c in &cs {
                let r = crate::chart::svg::contrast_with_white(c);
                assert!(r >= 4.5, "{c} in a {steps}-step scale: {r:.2}:1");
            }
        }
        assert_eq!(scale_colours(5)[2], NEUTRAL);
        assert_eq!(scale_colours(4).len(), 4);
    }
}
