//! The area type indicator: Segregationsbarometern's områdestyp 1–5 as a
//! row of five steps, the area's step filled, outlined and named in words,
//! one row per area.

use super::svg::{AXIS, Anchor, FONT, LINE, PALETTE, SMALL, Svg, WIDTH, wrap};
use super::{Chart, Drawing, gap_marker};

/// Draw one scale per category (area).
pub fn draw(c: &Chart<'_>) -> Drawing {
    let t = c.table;
    let mut svg = Svg::default();
    let gap = 4.0;
    let box_w = (WIDTH - 4.0 * gap - 2.0) / 5.0;
    let box_h = 26.0;
    let mut y = 0.0;
    for (ci, area) in t.categories.iter().enumerate() {
        let cell = t.series[0].values[ci];
        let current = cell.value().map(|v| v as u8);
        y += svg.lines(0.0, y + FONT, Anchor::Start, FONT, &wrap(area, WIDTH, FONT)) + 4.0;
        for step in 1..=5u8 {
            let x = 1.0 + f64::from(step - 1) * (box_w + gap);
            let label = step.to_string();
            if Some(step) == current {
                svg.rect(x - 1.0, y - 1.0, box_w + 2.0, box_h + 2.0, "currentColor");
                svg.rect(x + 1.0, y + 1.0, box_w - 2.0, box_h - 2.0, PALETTE[0]);
                svg.text_with(
                    x + box_w / 2.0,
                    y + box_h / 2.0 + FONT * 0.35,
                    Anchor::Middle,
                    FONT,
                    &label,
                    r##" fill="#fff" font-weight="bold""##,
                );
            } else {
                svg.raw(&format!(
                    r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#fff" stroke="{AXIS}" stroke-width="1"/>"##,
                    super::svg::n(x + 0.5),
                    super::svg::n(y + 0.5),
                    super::svg::n(box_w - 1.0),
                    super::svg::n(box_h - 1.0)
                ));
                svg.text(
                    x + box_w / 2.0,
                    y + box_h / 2.0 + FONT * 0.35,
                    Anchor::Middle,
                    FONT,
                    &label,
                );
            }
        }
        y += box_h + 4.0;
        let words = match current {
            Some(n) => format!(
                "{} {n} {}: {}",
                c.env.t("chart_type_area_type"),
                c.env.t("area_type_of"),
                c.env.t(&format!("area_type_{n}"))
            ),
            None => gap_marker(c, cell).unwrap_or_default(),
        };
        y += svg.lines(
            0.0,
            y + SMALL,
            Anchor::Start,
            SMALL,
            &wrap(&words, WIDTH, SMALL),
        ) + 10.0;
    }
    // What the ends of the scale mean, once under all rows.
    let half = WIDTH / 2.0 - 8.0;
    let low = wrap(
        &format!("1 = {}", c.env.t("chart_area_type_low")),
        half,
        SMALL,
    );
    let high = wrap(
        &format!("5 = {}", c.env.t("chart_area_type_high")),
        half,
        SMALL,
    );
    let h1 = svg.lines(0.0, y + SMALL - 4.0, Anchor::Start, SMALL, &low);
    let h2 = svg.lines(WIDTH, y + SMALL - 4.0, Anchor::End, SMALL, &high);
    Drawing {
        height: y + h1.max(h2) + LINE * 0.2,
        body: svg.out,
        defs: String::new(),
    }
}
