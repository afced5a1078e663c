//! Bar charts: one series, grouped series or stacked series (also as
//! 100 %), vertical or horizontal. Horizontal bars put each category's
//! label on its own line above the bar, so long Swedish labels wrap across
//! the full width instead of colliding.

use super::svg::{
    AXIS, Anchor, FONT, GRID, LINE, SMALL, Svg, WIDTH, fits, text_width, ticks, value_axis, wrap,
};
use super::table::{Cell, Table};
use super::{Chart, Drawing, gap_marker, legend, series_fills, unit_line};
use crate::chart::spec::{ChartType, Orientation};

/// Each category's shares of its visible total, in per cent:
/// `[category][series]`.
pub fn row_shares(t: &Table) -> Vec<Vec<Option<f64>>> {
    (0..t.categories.len())
        .map(|ci| {
            let total: f64 = t.series.iter().filter_map(|s| s.values[ci].value()).sum();
            t.series
                .iter()
                .map(|s| {
                    s.values[ci]
                        .value()
                        .filter(|_| total > 0.0)
                        .map(|v| v / total * 100.0)
                })
                .collect()
        })
        .collect()
}

struct Bars<'a, 'c> {
    c: &'a Chart<'c>,
    stacked: bool,
    percent: bool,
    /// `[series][category]` as drawn (shares when `percent`).
    vals: Vec<Vec<Option<f64>>>,
    fills: Vec<String>,
}

impl Bars<'_, '_> {
    fn series(&self) -> usize {
        self.c.table.series.len()
    }

    fn label(&self, v: f64) -> String {
        if self.percent {
            self.c.fmt.share(v)
        } else {
            self.c.fmt.value(v)
        }
    }

    /// The value range the axis must cover.
    fn domain(&self) -> (f64, f64) {
        if self.percent {
            return (0.0, 100.0);
        }
        let cats = self.c.table.categories.len();
        let mut lo: f64 = 0.0;
        let mut hi: f64 = 0.0;
        if self.stacked {
            for ci in 0..cats {
                let sum: f64 = self.vals.iter().filter_map(|s| s[ci]).sum();
                hi = hi.max(sum);
            }
        } else {
            for v in self.vals.iter().flatten().flatten() {
                lo = lo.min(*v);
                hi = hi.max(*v);
            }
        }
        if hi <= lo {
            hi = lo + 1.0;
        }
        (lo, hi)
    }

    fn legend(&self, svg: &mut Svg) -> f64 {
        if self.series() < 2 {
            return 0.0;
        }
        let names: Vec<&str> = self
            .c
            .table
            .series
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        legend(svg, &names, &self.fills, 0.0)
    }

    /// Markers for cells that are not drawn, e.g. "Nej: <5 · Vet ej: –".
    fn gaps_note(&self, ci: usize) -> Option<String> {
        let parts: Vec<String> = self
            .c
            .table
            .series
            .iter()
            .filter_map(|s| gap_marker(self.c, s.values[ci]).map(|m| format!("{}: {m}", s.name)))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    fn vertical_fits(&self) -> bool {
        let t = self.c.table;
        let cats = t.categories.len();
        if cats > 12 {
            return false;
        }
        let slot = (WIDTH - 44.0) / cats as f64;
        let per_bar = slot * 0.72
            / if self.stacked {
                1.0
            } else {
                self.series() as f64
            };
        per_bar >= 9.0 && t.categories.iter().all(|l| fits(l, slot - 4.0, SMALL, 2))
    }

    fn horizontal(&self) -> Drawing {
        let c = self.c;
        let t = c.table;
        let mut svg = Svg::default();
        let mut y = self.legend(&mut svg);
        y += unit_line(&mut svg, c, y);
        let (lo, hi) = self.domain();
        let label_w = if self.stacked {
            0.0
        } else {
            self.vals
                .iter()
                .flatten()
                .flatten()
                .map(|v| text_width(&self.label(*v), SMALL))
                .fold(text_width(&c.fmt.suppressed, SMALL), f64::max)
                + 6.0
        };
        let left = if lo < 0.0 { label_w } else { 0.0 };
        let right = WIDTH - label_w.max(2.0);
        let x = |v: f64| left + (v - lo) / (hi - lo) * (right - left);
        let grouped = self.series() > 1 && !self.stacked;
        let bar_h = if grouped { 14.0 } else { 20.0 };
        for (ci, cat) in t.categories.iter().enumerate() {
            let lines = wrap(cat, WIDTH, FONT);
            y += svg.lines(0.0, y + FONT, Anchor::Start, FONT, &lines) + 4.0;
            let group_top = y;
            if self.stacked {
                let mut acc = 0.0;
                for (si, s) in self.vals.iter().enumerate() {
                    let Some(v) = s[ci] else { continue };
                    let (x0, x1) = (x(acc), x(acc + v));
                    svg.segment(x0, y, x1 - x0, bar_h, &self.fills[si]);
                    let text = self.label(v);
                    if text_width(&text, SMALL) + 8.0 <= x1 - x0 {
                        svg.segment_label((x0 + x1) / 2.0, y + bar_h / 2.0, si, &text);
                    }
                    acc += v;
                }
                svg.line(x(0.0), group_top - 2.0, x(0.0), y + bar_h + 2.0, AXIS, 1.0);
                y += bar_h + 2.0;
                if let Some(note) = self.gaps_note(ci) {
                    for l in wrap(&note, WIDTH, SMALL) {
                        svg.text(0.0, y + SMALL, Anchor::Start, SMALL, &l);
                        y += LINE;
                    }
                }
            } else {
                for (si, s) in t.series.iter().enumerate() {
                    let mid = y + bar_h / 2.0 + SMALL * 0.35;
                    match s.values[ci] {
                        Cell::Value(_) => {
                            let v = self.vals[si][ci].unwrap_or(0.0);
                            let (x0, x1) = (x(0.0).min(x(v)), x(0.0).max(x(v)));
                            svg.rect(x0, y, x1 - x0, bar_h, &self.fills[si]);
                            if v < 0.0 {
                                svg.text(x0 - 4.0, mid, Anchor::End, SMALL, &self.label(v));
                            } else {
                                svg.text(x1 + 4.0, mid, Anchor::Start, SMALL, &self.label(v));
                            }
                        }
                        cell => {
                            let m = gap_marker(c, cell).unwrap_or_default();
                            svg.text(x(0.0) + 4.0, mid, Anchor::Start, SMALL, &m);
                        }
                    }
                    y += bar_h + 2.0;
                }
                // The zero line, beside the bars only (not through the labels).
                svg.line(x(0.0), group_top - 2.0, x(0.0), y, AXIS, 1.0);
            }
            y += 10.0;
        }
        Drawing {
            height: y,
            body: svg.out,
            defs: super::svg::patterns(&c.prefix, self.series()),
        }
    }

    fn vertical(&self) -> Drawing {
        let c = self.c;
        let t = c.table;
        let mut svg = Svg::default();
        let mut top = self.legend(&mut svg);
        top += unit_line(&mut svg, c, top);
        let (lo, hi) = self.domain();
        let ticks = ticks(lo, hi, 5);
        let (lo, hi) = (ticks[0], *ticks.last().unwrap_or(&hi));
        let (labels, left) = value_axis(c.fmt, &ticks, self.percent || c.fmt.percent);
        let plot_top = top + LINE;
        let plot_h = 200.0;
        let y = |v: f64| plot_top + (hi - v) / (hi - lo) * plot_h;
        for (tv, label) in ticks.iter().zip(&labels) {
            svg.line(left, y(*tv), WIDTH, y(*tv), GRID, 1.0);
            svg.text(left - 6.0, y(*tv) + SMALL * 0.35, Anchor::End, SMALL, label);
        }
        let cats = t.categories.len();
        let slot = (WIDTH - left) / cats as f64;
        let group_w = slot * 0.72;
        let mut label_lines = 1;
        for (ci, cat) in t.categories.iter().enumerate() {
            let gx = left + ci as f64 * slot + (slot - group_w) / 2.0;
            if self.stacked {
                let mut acc = 0.0;
                for (si, s) in self.vals.iter().enumerate() {
                    let Some(v) = s[ci] else { continue };
                    let (y0, y1) = (y(acc), y(acc + v));
                    svg.segment(gx, y1, group_w, y0 - y1, &self.fills[si]);
                    let text = self.label(v);
                    if text_width(&text, SMALL) + 8.0 <= group_w && y0 - y1 >= SMALL + 6.0 {
                        svg.segment_label(gx + group_w / 2.0, (y0 + y1) / 2.0, si, &text);
                    }
                    acc += v;
                }
                let gaps: Vec<String> = t
                    .series
                    .iter()
                    .filter_map(|s| gap_marker(c, s.values[ci]))
                    .collect();
                if !gaps.is_empty() {
                    svg.text(
                        gx + group_w / 2.0,
                        y(acc) - 4.0,
                        Anchor::Middle,
                        SMALL,
                        &gaps.join(" "),
                    );
                }
            } else {
                let sub = group_w / self.series() as f64;
                for (si, s) in t.series.iter().enumerate() {
                    let bx = gx + si as f64 * sub;
                    let bw = if self.series() > 1 { sub - 2.0 } else { sub };
                    let centre = bx + bw / 2.0;
                    match s.values[ci] {
                        Cell::Value(_) => {
                            let v = self.vals[si][ci].unwrap_or(0.0);
                            let (y0, y1) = (y(0.0).max(y(v)), y(0.0).min(y(v)));
                            svg.rect(bx, y1, bw, y0 - y1, &self.fills[si]);
                            let text = self.label(v);
                            if text_width(&text, SMALL) <= sub + 2.0 {
                                let ty = if v < 0.0 { y0 + SMALL + 2.0 } else { y1 - 4.0 };
                                svg.text(centre, ty, Anchor::Middle, SMALL, &text);
                            }
                        }
                        cell => {
                            let m = gap_marker(c, cell).unwrap_or_default();
                            svg.text(centre, y(0.0) - 4.0, Anchor::Middle, SMALL, &m);
                        }
                    }
                }
            }
            let lines = wrap(cat, slot - 4.0, SMALL);
            label_lines = label_lines.max(lines.len());
            svg.lines(
                left + ci as f64 * slot + slot / 2.0,
                plot_top + plot_h + 6.0 + SMALL,
                Anchor::Middle,
                SMALL,
                &lines,
            );
        }
        svg.line(left, y(0.0), WIDTH, y(0.0), AXIS, 1.0);
        Drawing {
            height: plot_top + plot_h + 10.0 + label_lines as f64 * LINE * SMALL / FONT,
            body: svg.out,
            defs: super::svg::patterns(&c.prefix, self.series()),
        }
    }
}

/// Draw a bar, grouped bar or stacked bar chart.
pub fn draw(c: &Chart<'_>) -> Drawing {
    let t = c.table;
    let stacked = c.spec.kind() == ChartType::StackedBar;
    let percent = stacked && c.spec.percent();
    let vals: Vec<Vec<Option<f64>>> = if percent {
        let shares = row_shares(t);
        (0..t.series.len())
            .map(|si| shares.iter().map(|row| row[si]).collect())
            .collect()
    } else {
        t.series
            .iter()
            .map(|s| s.values.iter().map(|v| v.value()).collect())
            .collect()
    };
    let bars = Bars {
        c,
        stacked,
        percent,
        vals,
        fills: series_fills(&c.prefix, t.series.len()),
    };
    let vertical = match c.spec.orientation() {
        Orientation::Vertical => true,
        Orientation::Horizontal => false,
        Orientation::Auto => bars.vertical_fits(),
    };
    if vertical {
        bars.vertical()
    } else {
        bars.horizontal()
    }
}
