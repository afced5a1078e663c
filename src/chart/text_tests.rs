//! Chart text read on a phone: at 320 px the SVG is drawn
//! [`NARROWEST_PX`](super::svg::NARROWEST_PX) wide, and no text of any
//! chart type may then be smaller than 12 px; line charts space years by
//! time.

use super::svg::{MIN_TEXT_PX, NARROWEST_PX, WIDTH};
use super::tests::render;

/// Every font size in an SVG: the root's and each element's.
fn font_sizes(html: &str) -> Vec<f64> {
    html.split("font-size=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect()
}

#[test]
fn no_chart_text_is_below_12_px_at_320_px() {
    let specs = [
        "id: a\ntype: bar\ntitle: T\nrows:\n  - {område: Norrbacka, index: 22.0}\n  - {område: Södra Ekby, index: 15.1}\n",
        "id: a\ntype: bar\norientation: horizontal\ntitle: T\nrows:\n  - {område: Samhällsbyggnadsförvaltningen, index: 22.0}\n  - {område: Södra Ekby, index: 15.1}\n",
        "id: a\ntype: grouped-bar\ntitle: T\nrows:\n  - {å: 0–5 år, N: 9.8, E: 6.9}\n  - {å: 6–19 år, N: 19.2, E: 16.1}\n",
        "id: a\ntype: stacked-bar\npercent: true\ntitle: T\nrows:\n  - {o: Norrbacka, F: 24, G: 43, E: 33}\n",
        "id: a\ntype: line\ntitle: T\nrows:\n  - {år: 2015, N: 38, E: 23}\n  - {år: 2018, N: 36, E: 22}\n  - {år: 2019, N: 41, E: 24}\n",
        "id: a\ntype: donut\ntitle: T\nrows:\n  - {s: Webben, antal: 97}\n  - {s: Papper, antal: 51}\n",
        "id: a\ntype: diverging\ntitle: T\nrows:\n  - {p: Tryggt, Nej: 10, Ja: 20, Vet ej: 3}\noutside_scale: [Vet ej]\n",
        "id: a\ntype: area-type\ntitle: T\nrows:\n  - {område: Norrbacka, typ: 2}\n",
    ];
    let scale = NARROWEST_PX / WIDTH;
    for spec in specs {
        let c = render(spec, &[]);
        let sizes = font_sizes(&c.html);
        assert!(!sizes.is_empty(), "{spec}");
        for s in sizes {
            assert!(
                s * scale >= MIN_TEXT_PX,
                "{s} units are {:.1} px at 320 px in\n{spec}",
                s * scale
            );
        }
    }
}

#[test]
fn a_line_chart_spaces_irregular_years_by_time() {
    let c = render(
        "id: a\ntype: line\ntitle: T\nrows:\n  - {år: 2015, N: 38}\n  - {år: 2018, N: 36}\n  - {år: 2019, N: 41}\n  - {år: 2020, N: 40}\n",
        &[],
    );
    // The x of each year's label (anchored in the middle).
    let svg = &c.html[c.html.find("<svg").unwrap()..];
    let xs: Vec<f64> = ["2015", "2018", "2019", "2020"]
        .iter()
        .map(|y| {
            let end = svg.find(&format!(">{y}</text>")).unwrap();
            let start = svg[..end].rfind("<text x=\"").unwrap() + 9;
            svg[start..start + svg[start..].find('"').unwrap()]
                .parse()
                .unwrap()
        })
        .collect();
    let (a, b, c2) = (xs[1] - xs[0], xs[2] - xs[1], xs[3] - xs[2]);
    // Three years, then one, then one.
    assert!((a / b - 3.0).abs() < 0.05, "{xs:?}");
    assert!((b - c2).abs() < 0.2, "{xs:?}");
}
