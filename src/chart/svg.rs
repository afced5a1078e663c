//! Writing SVG by hand: coordinates rounded to 0.1, text escaped, widths of
//! text estimated without font files, a colour-blind-safe palette and fill
//! patterns so series never differ by colour alone.

use std::fmt::Write as _;

/// Width of every chart in SVG units; the SVG scales to its container.
pub const WIDTH: f64 = 340.0;
/// Font size of labels (SVG units).
pub const FONT: f64 = 15.0;
/// Font size of ticks and small labels: at 320 px the SVG is 288 px wide
/// (the page's 1rem padding on each side), so 14.5 units are 12.3 px; on
/// wide screens the SVG is at most 23.5rem (376 px), so text is 16–17 px,
/// the size of the body text (`.chart svg` in the theme's CSS).
pub const SMALL: f64 = 14.5;
/// The narrowest the SVG is drawn: a 320 px screen less the page's padding.
pub const NARROWEST_PX: f64 = 288.0;
/// The smallest text a reader gets at [`NARROWEST_PX`], in px.
pub const MIN_TEXT_PX: f64 = 12.0;
/// Line height of wrapped labels.
pub const LINE: f64 = 18.0;

/// Series colours: Okabe–Ito hues, darkened so each has at least 4.5:1
/// contrast against white (enough for white text inside bars too).
pub const PALETTE: [&str; 7] = [
    "#0072B2", // blue
    "#B34700", // dark orange
    "#00735A", // bluish green
    "#9C3D87", // reddish purple
    "#6E5E00", // olive
    "#3D3D99", // indigo
    "#5E5E5E", // grey
];

/// Most series a chart may have (one colour and one pattern each).
pub const MAX_SERIES: usize = PALETTE.len();

/// Axis and zero lines (4.5:1 against white).
pub const AXIS: &str = "#767676";
/// Grid lines: decoration only.
pub const GRID: &str = "#D9D9D9";

/// A coordinate or length, rounded to one decimal, without `-0` or `.0`.
pub fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Escape text for XML/HTML content and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Estimated width of `s` at font size `size`, erring wide: per-character
/// widths of a typical sans-serif system font, in em.
pub fn text_width(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '!' | '|' | '.' | ',' | ':' | ';' | '\'' | 'í' | 'ì' => 0.28,
            'f' | 't' | 'r' | 'I' | ' ' | '\u{a0}' | '(' | ')' | '[' | ']' | '-' | '/' => 0.38,
            'm' | 'w' => 0.86,
            'M' | 'W' | '%' => 0.95,
            '–' | '—' | '−' => 0.6,
            '0'..='9' => 0.58,
            c if c.is_uppercase() => 0.7,
            _ => 0.57,
        })
        .sum();
    em * size * 1.05
}

/// Break `s` into lines no wider than `max` at spaces. A word longer than
/// `max` is cut with a hyphen.
pub fn wrap(s: &str, max: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    // Break at spaces only: a no-break space keeps "n = 84" together.
    for word in s.split(' ').filter(|w| !w.trim().is_empty()) {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if text_width(&candidate, size) <= max {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        if text_width(word, size) <= max {
            cur = word.to_string();
            continue;
        }
        // Cut an over-long word.
        let mut piece = String::new();
        for ch in word.chars() {
            let next = format!("{piece}{ch}-");
            if text_width(&next, size) > max && !piece.is_empty() {
                lines.push(format!("{piece}-"));
                piece.clear();
            }
            piece.push(ch);
        }
        cur = piece;
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Does `s` fit in `max` width on at most `max_lines` lines without
/// cutting words?
pub fn fits(s: &str, max: f64, size: f64, max_lines: usize) -> bool {
    s.split_whitespace().all(|w| text_width(w, size) <= max)
        && wrap(s, max, size).len() <= max_lines
}

/// The fill of series `i`: a colour, and from the second series on a
/// pattern of white lines or dots over it.
pub fn fill(prefix: &str, i: usize) -> String {
    if i.is_multiple_of(MAX_SERIES) {
        PALETTE[0].to_string()
    } else {
        format!("url(#{prefix}-p{})", i % MAX_SERIES)
    }
}

/// `<pattern>` definitions for series 1 to `count - 1`.
pub fn patterns(prefix: &str, count: usize) -> String {
    let mut out = String::new();
    for (i, colour) in PALETTE.iter().enumerate().take(count).skip(1) {
        let marks = match i {
            1 => {
                r##"<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" stroke-width="1.6"/>"##
            }
            2 => r##"<circle cx="4" cy="4" r="1.7" fill="#fff"/>"##,
            3 => r##"<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#fff" stroke-width="1.2"/>"##,
            4 => r##"<path d="M0,4 h8" stroke="#fff" stroke-width="1.6"/>"##,
            5 => r##"<path d="M4,0 v8" stroke="#fff" stroke-width="1.6"/>"##,
            _ => {
                r##"<path d="M-2,6 l4,4 M0,0 l8,8 M6,-2 l4,4" stroke="#fff" stroke-width="1.6"/>"##
            }
        };
        let _ = write!(
            out,
            r#"<pattern id="{prefix}-p{i}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="{colour}"/>{marks}</pattern>"#
        );
    }
    out
}

/// An SVG body under construction.
#[derive(Debug, Default)]
pub struct Svg {
    pub out: String,
}

/// Horizontal anchor of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "",
            Anchor::Middle => r#" text-anchor="middle""#,
            Anchor::End => r#" text-anchor="end""#,
        }
    }
}

impl Svg {
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0))
        );
    }

    /// A rectangle with a white outline, so neighbours stay apart (1.4.11).
    pub fn segment(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = write!(
            self.out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="#fff" stroke-width="1"/>"##,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0))
        );
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = write!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{}"/>"#,
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            n(width)
        );
    }

    /// One line of text; `y` is the baseline.
    pub fn text(&mut self, x: f64, y: f64, anchor: Anchor, size: f64, s: &str) {
        self.text_with(x, y, anchor, size, s, "");
    }

    /// Text with extra attributes (e.g. ` fill="#fff"`).
    pub fn text_with(&mut self, x: f64, y: f64, anchor: Anchor, size: f64, s: &str, attrs: &str) {
        let size_attr = if (size - FONT).abs() < f64::EPSILON {
            String::new()
        } else {
            format!(r#" font-size="{}""#, n(size))
        };
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}"{}{size_attr}{attrs}>{}</text>"#,
            n(x),
            n(y),
            anchor.attr(),
            esc(s)
        );
    }

    /// Wrapped lines, the first baseline at `y`; returns the lines' height.
    pub fn lines(&mut self, x: f64, y: f64, anchor: Anchor, size: f64, lines: &[String]) -> f64 {
        let step = LINE * size / FONT;
        for (i, l) in lines.iter().enumerate() {
            self.text(x, y + step * i as f64, anchor, size, l);
        }
        step * lines.len() as f64
    }

    /// A value label centred on (x, y) inside a bar segment of series
    /// `series`: white text, on a solid badge where the fill is a pattern
    /// (white text over white stripes would not be readable).
    pub fn segment_label(&mut self, x: f64, y: f64, series: usize, s: &str) {
        if !series.is_multiple_of(MAX_SERIES) {
            let w = text_width(s, SMALL) + 6.0;
            let h = SMALL + 4.0;
            self.rect(x - w / 2.0, y - h / 2.0, w, h, PALETTE[series % MAX_SERIES]);
        }
        self.text_with(
            x,
            y + SMALL * 0.35,
            Anchor::Middle,
            SMALL,
            s,
            r##" fill="#fff""##,
        );
    }

    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }
}

/// "Nice" axis ticks covering `lo..hi`: steps of 1, 2, 2.5 or 5 × 10^k,
/// about `target` of them.
pub fn ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor();
    let end = (hi / step).ceil();
    let count = (end - start) as i64;
    // Round away float noise (0.6000000000000001) at the step's decimals.
    let scale = 10f64.powi((1.0 - step.log10().floor()).max(0.0) as i32);
    (0..=count)
        .map(|i| ((start + i as f64) * step * scale).round() / scale)
        .collect()
}

/// The labels of a value axis's ticks and the room they need to its left.
pub fn value_axis(
    fmt: &super::format::NumberFormat,
    ticks: &[f64],
    percent: bool,
) -> (Vec<String>, f64) {
    let decimals = tick_decimals(ticks);
    let labels: Vec<String> = ticks
        .iter()
        .map(|v| {
            let s = fmt.with_decimals(*v, decimals);
            if percent { format!("{s}\u{a0}%") } else { s }
        })
        .collect();
    let left = labels
        .iter()
        .map(|l| text_width(l, SMALL))
        .fold(0.0, f64::max)
        + 8.0;
    (labels, left)
}

/// Decimals needed to write every tick exactly.
pub fn tick_decimals(ticks: &[f64]) -> usize {
    (0..=3)
        .find(|d| {
            ticks.iter().all(|t| {
                let s = t * 10f64.powi(*d);
                (s - s.round()).abs() < 1e-6
            })
        })
        .map_or(3, |d| usize::try_from(d).unwrap_or(3))
}

/// Relative luminance of `#RRGGBB` (WCAG 2.1).
fn luminance(hex: &str) -> f64 {
    let c = |i: usize| {
        let v = f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0))
            / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
}

/// Contrast ratio of `#RRGGBB` against white.
pub fn contrast_with_white(hex: &str) -> f64 {
    1.05 / (luminance(hex) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_contrast_against_white() {
        for c in PALETTE.iter().chain([AXIS].iter()) {
            let r = contrast_with_white(c);
            assert!(r >= 4.5, "{c} has only {r:.2}:1 against white");
        }
    }

    #[test]
    fn rounding_has_no_negative_zero() {
        assert_eq!(n(-0.04), "0");
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.345), "12.3");
        assert_eq!(n(-7.25), "-7.3");
    }

    #[test]
    fn wrapping_long_swedish_labels() {
        let l = wrap(
            "Områden med mycket goda socioekonomiska förutsättningar",
            150.0,
            FONT,
        );
        assert!(l.len() >= 3, "{l:?}");
        assert!(l.iter().all(|x| text_width(x, FONT) <= 150.0), "{l:?}");
        let l = wrap("Socialförsäkringshandläggare", 60.0, FONT);
        assert!(
            l.iter().all(|x| x.ends_with('-') || x == l.last().unwrap()),
            "{l:?}"
        );
        assert!(!fits("Socialförsäkringshandläggare", 60.0, FONT, 3));
    }

    #[test]
    fn nice_ticks() {
        assert_eq!(ticks(0.0, 29.0, 5), [0.0, 10.0, 20.0, 30.0]);
        assert_eq!(
            ticks(0.0, 4300.0, 5),
            [0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0]
        );
        assert_eq!(ticks(0.0, 0.7, 5), [0.0, 0.2, 0.4, 0.6, 0.8]);
        assert_eq!(tick_decimals(&[0.0, 2.5, 5.0]), 1);
        assert_eq!(tick_decimals(&[0.0, 0.25]), 2);
    }
}
