//! End-to-end tests of single charts: spec → data → table → figure HTML.
//! One snapshot per chart type; determinism; the accessible structure; one
//! test per data quirk of real exports.

use std::collections::BTreeMap;
use std::path::Path;

use super::spec::{SpecOrigin, parse_spec};
use super::{ChartEnv, RenderedChart, render_chart};
use crate::error::Diagnostic;

fn strings(lang: &str) -> BTreeMap<String, String> {
    let theme = crate::theme::default_theme();
    let f = &theme.files[&format!("strings/{lang}.toml")];
    toml::from_str(std::str::from_utf8(&f.bytes).unwrap()).unwrap()
}

/// Data files: (path inside data/, bytes).
pub(super) type Files<'a> = &'a [(&'a str, &'a [u8])];

/// Render the chart spec `yaml` (as if in a block on line 10 of a page)
/// with `files` as the report's data/ folder.
pub(super) fn render_lang(
    yaml: &str,
    files: Files<'_>,
    lang: &str,
) -> Result<RenderedChart, Diagnostic> {
    let data: BTreeMap<String, Vec<u8>> = files
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.to_vec()))
        .collect();
    let strings = strings(lang);
    let env = ChartEnv {
        data: &data,
        library: &[],
        min_count: 5,
        lang,
        strings: &strings,
        csv_prefix: "",
        updated: None,
        guard: None,
    };
    let spec = parse_spec(
        yaml,
        SpecOrigin {
            file: "content/kartlaggning/diagram.md".into(),
            line_offset: 10,
        },
    )?;
    render_chart(&spec, 2, "kartlaggning/diagram.html", &env)
}

pub(super) fn render(yaml: &str, files: Files<'_>) -> RenderedChart {
    match render_lang(yaml, files, "sv") {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

pub(super) fn render_err(yaml: &str, files: Files<'_>) -> Diagnostic {
    match render_lang(yaml, files, "sv") {
        Ok(c) => panic!("expected an error, got {}", c.html),
        Err(e) => e,
    }
}

/// One element per line, so snapshot diffs are readable (the output itself
/// stays compact).
fn pretty(html: &str) -> String {
    html.replace("><", ">\n<")
}

/// The cells of the `<tbody>` of the data table, row by row.
pub(super) fn table_cells(html: &str) -> Vec<Vec<String>> {
    let body = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td>")
                .skip(1)
                .map(|c| c[..c.find("</td>").unwrap()].to_string())
                .collect()
        })
        .collect()
}

/// The text of every `<text>` element of the SVG.
fn svg_texts(html: &str) -> Vec<String> {
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    svg.split("<text")
        .skip(1)
        .map(|t| {
            let start = t.find('>').unwrap() + 1;
            t[start..t.find("</text>").unwrap()].to_string()
        })
        .collect()
}

const BEFOLKNING: &[u8] = "Åldersgrupp;Norrbacka;Ekby kommun\n0–5 år;9,8;6,9\n6–19 år;19,2;16,1\n20–44 år;35,6;30,2\n45–64 år;21,4;25,8\n65–79 år;10,1;15,3\n80 år och äldre;3,9;5,7\n".as_bytes();

const LIKERT: &[u8] = "Påstående,Inte alls,Liten del,Varken eller,Stor del,Helt,Vet ej\nTrygg på dagen,6,14,22,61,84,3\nTrygg på kvällen,38,41,29,44,25,10\nInformation om krisberedskap,4,27,18,41,30,17\n".as_bytes();

// --- One snapshot per chart type -------------------------------------------

#[test]
fn snapshot_bar_vertical() {
    let c = render(
        "id: index\ntype: bar\ntitle: Socioekonomiskt index\nrows:\n  - {område: Norrbacka, index: 22.0}\n  - {område: Södra Ekby, index: 15.1}\n  - {område: Ekby centrum, index: 8.8}\n  - {område: Västra Ekby, index: 5.9}\nsource: SCB, tabell TAB6586\n",
        &[],
    );
    insta::assert_snapshot!(pretty(&c.html));
}

#[test]
fn snapshot_grouped_bar_horizontal() {
    let c = render(
        "id: befolkning\ntype: grouped-bar\ntitle: Befolkning efter ålder\ndata: befolkning.csv\nunit: \"%\"\n",
        &[("befolkning.csv", BEFOLKNING)],
    );
    insta::assert_snapshot!(pretty(&c.html));
}

#[test]
fn snapshot_stacked_bar_percent() {
    let c = render(
        "id: utbildning\ntype: stacked-bar\npercent: true\ntitle: Utbildningsnivå\nrows:\n  - {område: Norrbacka, Förgymnasial: 24, Gymnasial: 43, Eftergymnasial: 33}\n  - {område: Ekby kommun, Förgymnasial: 11, Gymnasial: 41, Eftergymnasial: 48}\n",
        &[],
    );
    insta::assert_snapshot!(pretty(&c.html));
}

#[test]
fn snapshot_line() {
    let c = render(
        "id: trygghet\ntype: line\ntitle: Otrygghet\nunit: \"%\"\ncategory: år\nseries: område\nvalue: andel\nrows:\n  - {år: 2019, område: Norrbacka, andel: 38}\n  - {år: 2020, område: Norrbacka, andel: ..}\n  - {år: 2021, område: Norrbacka, andel: 36}\n  - {år: 2022, område: Norrbacka, andel: 41}\n  - {år: 2019, område: Ekby kommun, andel: 23}\n  - {år: 2020, område: Ekby kommun, andel: ~}\n  - {år: 2021, område: Ekby kommun, andel: 22}\n  - {år: 2022, område: Ekby kommun, andel: 24}\n",
        &[],
    );
    insta::assert_snapshot!(pretty(&c.html));
}

#[test]
fn snapshot_donut() {
    let c = render(
        "id: svarssatt\ntype: donut\ntitle: Svarande efter svarssätt\nrows:\n  - {svarssätt: Webben, antal: 97}\n  - {svarssätt: Papper, antal: 51}\n  - {svarssätt: Med en frivillig, antal: 42}\n",
        &[],
    );
    insta::assert_snapshot!(pretty(&c.html));
}

#[test]
fn snapshot_diverging() {
    let c = render(
        "id: likert\ntype: diverging\ntitle: Hur väl stämmer påståendena?\ndata: likert.csv\noutside_scale: [Vet ej]\n",
        &[("likert.csv", LIKERT)],
    );
    insta::assert_snapshot!(pretty(&c.html));
}

#[test]
fn snapshot_area_type() {
    let c = render(
        "id: omradestyp\ntype: area-type\ntitle: Områdestyp\nrows:\n  - {område: Norrbacka, typ: 2}\n  - {område: Västra Ekby, typ: 5}\n",
        &[],
    );
    insta::assert_snapshot!(pretty(&c.html));
}

// --- Determinism and accessibility -----------------------------------------

#[test]
fn rendering_twice_gives_the_same_bytes() {
    let specs: [(&str, Files<'_>); 2] = [
        (
            "id: a\ntype: grouped-bar\ntitle: A\ndata: b.csv\norientation: vertical\n",
            &[("b.csv", BEFOLKNING)],
        ),
        (
            "id: l\ntype: diverging\ntitle: L\ndata: l.csv\noutside_scale: [Vet ej]\n",
            &[("l.csv", LIKERT)],
        ),
    ];
    for (yaml, files) in specs {
        let a = render(yaml, files);
        let b = render(yaml, files);
        assert_eq!(a, b);
    }
}

#[test]
fn figure_has_the_accessible_structure() {
    let c = render(
        "id: befolkning\ntype: grouped-bar\ntitle: Befolkning & ålder\ndata: befolkning.csv\nunit: \"%\"\nsummary: Norrbacka är yngre.\nsource: SCB\n",
        &[("befolkning.csv", BEFOLKNING)],
    );
    let h = &c.html;
    assert!(
        h.starts_with(r#"<figure class="chart chart-grouped-bar" id="fig-befolkning">"#),
        "{h}"
    );
    assert!(h.ends_with("</figure>"));
    // A numbered caption first, with the escaped title.
    let cap = &h[h.find("<figcaption>").unwrap()..h.find("</figcaption>").unwrap()];
    assert!(
        cap.contains("Figur 2.") && cap.contains("Befolkning &amp; ålder"),
        "{cap}"
    );
    assert!(h.find("<figcaption>").unwrap() < h.find("<svg").unwrap());
    // The SVG is an image named by its title and the summary, both present.
    let svg_tag = &h[h.find("<svg").unwrap()..];
    let svg_tag = &svg_tag[..svg_tag.find('>').unwrap()];
    assert!(svg_tag.contains(r#"role="img""#), "{svg_tag}");
    assert!(
        svg_tag.contains(r#"aria-labelledby="fig-befolkning-title fig-befolkning-summary""#),
        "{svg_tag}"
    );
    assert!(svg_tag.contains(r#"font-family="inherit""#));
    assert!(h.contains(r#"<title id="fig-befolkning-title">Befolkning &amp; ålder</title>"#));
    assert!(h.contains(
        r#"<p class="chart-summary" id="fig-befolkning-summary">Norrbacka är yngre.</p>"#
    ));
    assert!(h.contains(r#"<p class="chart-source">Källa: SCB</p>"#));
    // The data as a table with caption and header scopes, inside <details>.
    let details = &h[h.find("<details").unwrap()..h.find("</details>").unwrap()];
    assert!(
        details.contains("<caption>Befolkning &amp; ålder</caption>"),
        "{details}"
    );
    assert!(details.contains(r#"<th scope="col">Åldersgrupp</th><th scope="col">Norrbacka</th><th scope="col">Ekby kommun</th>"#));
    assert!(
        details.contains(
            "<tr><th scope=\"row\">0–5 år</th><td>9,8\u{a0}%</td><td>6,9\u{a0}%</td></tr>"
        ),
        "{details}"
    );
    // A relative download link to the CSV the chart writes.
    assert!(
        h.contains(
            r#"<a href="../data/befolkning.csv" download>Ladda ner data för figur 2 (CSV)</a>"#
        ),
        "{h}"
    );
    assert_eq!(c.csv_url, "data/befolkning.csv");
    // No font files, no other hosts.
    assert!(
        !h.contains("http://") || h.matches("http://").count() == 1,
        "only the SVG namespace"
    );
    assert!(!h.contains("https://"));
    assert!(!h.contains("<style") && !h.contains("@font-face"));
}

#[test]
fn ids_inside_the_svg_are_prefixed_by_the_chart() {
    let c = render(
        "id: utbildning\ntype: stacked-bar\ntitle: U\nrows:\n  - {o: A, x: 10, y: 20, z: 30}\n",
        &[],
    );
    for part in c.html.split(" id=\"").skip(1) {
        assert!(
            part.starts_with("fig-utbildning"),
            "unprefixed id: {}",
            &part[..20.min(part.len())]
        );
    }
    assert!(c.html.contains(r#"fill="url(#fig-utbildning-p1)""#));
}

#[test]
fn english_numbers_and_words() {
    let c = render_lang(
        "id: a\ntype: bar\ntitle: A\nrows:\n  - {x: A, v: 12345.5}\n  - {x: B, v: -2}\n",
        &[],
        "en",
    )
    .unwrap();
    assert_eq!(table_cells(&c.html), [["12,345.5"], ["−2.0"]]);
    assert!(c.html.contains("Figure 2."));
    assert!(String::from_utf8(c.csv).unwrap().contains("A,12345.5\r\n"));
}

// --- Data quirks -------------------------------------------------------------

#[test]
fn quirk_comma_separated_utf8() {
    let c = render(
        "id: a\ntype: bar\ntitle: A\ndata: a.csv\n",
        &[(
            "a.csv",
            "område,antal\n\"Norrbacka, norra\",120\nSödra Ekby,95\n".as_bytes(),
        )],
    );
    assert!(
        c.html
            .contains(r#"<th scope="row">Norrbacka, norra</th><td>120</td>"#),
        "{}",
        c.html
    );
}

#[test]
fn quirk_semicolon_latin1_with_decimal_comma() {
    let c = render(
        "id: a\ntype: bar\ntitle: A\ndata: scb.csv\nunit: \"%\"\n",
        &[(
            "scb.csv",
            b"\"\xE5lder\";\"andel\"\r\n\"0-19 \xE5r\";\"29,4\"\r\n\"65+ \xE5r\";\"14,0\"\r\n",
        )],
    );
    assert!(
        c.html.contains(r#"<th scope="col">ålder</th>"#),
        "{}",
        c.html
    );
    assert_eq!(table_cells(&c.html), [["29,4\u{a0}%"], ["14,0\u{a0}%"]]);
}

#[test]
fn quirk_thousands_separated_by_spaces() {
    let c = render(
        "id: a\ntype: bar\ntitle: A\ndata: a.csv\n",
        &[(
            "a.csv",
            "område;invånare\nNorrbacka;4 300\nEkby kommun;41\u{a0}000\n".as_bytes(),
        )],
    );
    assert_eq!(table_cells(&c.html), [["4\u{a0}300"], ["41\u{a0}000"]]);
}

#[test]
fn quirk_missing_values_are_gaps_never_zero() {
    let c = render(
        "id: a\ntype: bar\ntitle: A\ndata: a.csv\norientation: horizontal\n",
        &[(
            "a.csv",
            "år;antal\n2019;12\n2020;..\n2021;.\n2022;-\n2023;\n2024;15\n".as_bytes(),
        )],
    );
    assert_eq!(
        table_cells(&c.html),
        [["12"], ["–"], ["–"], ["–"], ["–"], ["15"]]
    );
    // Two bars only: the missing years have a dash, no zero-length bar.
    let svg = &c.html[c.html.find("<svg").unwrap()..c.html.find("</svg>").unwrap()];
    assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
    assert_eq!(svg_texts(&c.html).iter().filter(|t| *t == "–").count(), 4);
    assert!(c.html.contains("– = uppgift saknas."));
    assert!(!svg_texts(&c.html).contains(&"0".to_string()));
    // The CSV leaves the cells empty.
    let csv = String::from_utf8(c.csv).unwrap();
    assert!(csv.contains("2020;\r\n"), "{csv}");
}

#[test]
fn quirk_missing_values_break_lines() {
    let c = render(
        "id: a\ntype: line\ntitle: A\nrows:\n  - {år: 2019, v: 13}\n  - {år: 2020, v: 14}\n  - {år: 2021, v: ..}\n  - {år: 2022, v: 16}\n  - {år: 2023, v: 17}\n",
        &[],
    );
    let path = c.html.split("<path d=\"").nth(1).unwrap();
    let d = &path[..path.find('"').unwrap()];
    assert_eq!(d.matches('M').count(), 2, "two pieces: {d}");
}

#[test]
fn quirk_scb_labels_split_into_area() {
    let c = render(
        "id: a\ntype: bar\ntitle: A\ndata: regso.csv\nsplit: area\n",
        &[(
            "regso.csv",
            "Område,2023\nBotkyrka (Fittja),1\nBotkyrka (Grödinge),4\n".as_bytes(),
        )],
    );
    assert!(
        c.html.contains(r#"<th scope="row">Fittja</th>"#),
        "{}",
        c.html
    );
    let c = render(
        "id: a\ntype: bar\ntitle: A\ndata: regso.csv\nsplit: municipality\nvalues: [\"2023\"]\nfilter: {Område: \"Botkyrka (Fittja)\"}\n",
        &[(
            "regso.csv",
            "Område,2023\nBotkyrka (Fittja),1\nHuddinge (Flemingsberg),4\n".as_bytes(),
        )],
    );
    assert!(
        c.html.contains(r#"<th scope="row">Botkyrka</th>"#),
        "{}",
        c.html
    );
}

#[test]
fn quirk_jsonstat2_row_major_with_status() {
    let json = r#"{"version":"2.0","class":"dataset","label":"Folkmängd",
      "id":["Region","Tid"],"size":[2,3],
      "dimension":{"Region":{"label":"region","category":{"index":["A","B"],"label":{"A":"Ekby (Norrbacka)","B":"Ekby (Västra Ekby)"}}},
                   "Tid":{"label":"år","category":{"index":["2022","2023","2024"]}}},
      "value":[4201,4262,4300,null,1902,2256],"status":{"3":".."}}"#;
    let c = render(
        "id: a\ntype: line\ntitle: A\ndata: scb.json\ncategory: år\nseries: region\nsplit: full\n",
        &[("scb.json", json.as_bytes())],
    );
    let html = &c.html;
    assert!(
        html.contains(
            r#"<th scope="col">Ekby (Norrbacka)</th><th scope="col">Ekby (Västra Ekby)</th>"#
        ),
        "{html}"
    );
    assert_eq!(
        table_cells(html),
        [
            ["4\u{a0}201", "–"],
            ["4\u{a0}262", "1\u{a0}902"],
            ["4\u{a0}300", "2\u{a0}256"]
        ]
    );
}

#[test]
fn quirk_inline_yaml_rows() {
    let c = render(
        "id: a\ntype: grouped-bar\ntitle: A\nrows:\n  - {ålder: 0–19 år, Norrbacka: \"29,4\", Ekby: 23}\n  - {ålder: 65+ år, Norrbacka: 14}\n",
        &[],
    );
    // A key left out of a row is a missing value.
    assert_eq!(table_cells(&c.html), [["29,4", "23,0"], ["14,0", "–"]]);
}

#[test]
fn small_counts_are_suppressed_in_chart_table_and_csv() {
    let c = render(
        "id: saknar\ntype: bar\ntitle: Vad saknas?\nrows:\n  - {svar: Mötesplatser, antal: 64}\n  - {svar: Kollektivtrafik, antal: 3}\n  - {svar: Inget, antal: 0}\n",
        &[],
    );
    assert_eq!(table_cells(&c.html), [["64"], ["&lt;5"], ["0"]]);
    assert!(svg_texts(&c.html).contains(&"&lt;5".to_string()));
    assert!(!svg_texts(&c.html).contains(&"3".to_string()));
    assert!(
        c.html
            .contains("&lt;5 = färre än 5, dolt för att skydda enskilda personer.")
    );
    let csv = String::from_utf8(c.csv).unwrap();
    assert!(
        csv.contains("Kollektivtrafik;<5\r\n") && !csv.contains(";3"),
        "{csv}"
    );
    // min_count per chart; 0 turns it off.
    let c = render(
        "id: a\ntype: bar\ntitle: A\nmin_count: 0\nrows:\n  - {x: A, n: 3}\n",
        &[],
    );
    assert_eq!(table_cells(&c.html), [["3"]]);
    let c = render(
        "id: a\ntype: bar\ntitle: A\nmin_count: 10\nrows:\n  - {x: A, n: 7}\n",
        &[],
    );
    assert_eq!(table_cells(&c.html), [["&lt;10"]]);
    // Percentages and indices are not counts.
    let c = render(
        "id: a\ntype: bar\ntitle: A\nunit: \"%\"\nrows:\n  - {x: A, n: 3}\n",
        &[],
    );
    assert_eq!(table_cells(&c.html), [["3\u{a0}%"]]);
    let c = render(
        "id: a\ntype: bar\ntitle: A\ncounts: false\nrows:\n  - {x: A, n: 3}\n",
        &[],
    );
    assert_eq!(table_cells(&c.html), [["3"]]);
}

#[test]
fn likert_rows_with_a_hidden_count_are_not_drawn() {
    let c = render(
        "id: likert\ntype: diverging\ntitle: L\ndata: likert.csv\noutside_scale: [Vet ej]\n",
        &[("likert.csv", LIKERT)],
    );
    let texts = svg_texts(&c.html);
    assert!(texts.iter().any(|t| t == "Inte alls: &lt;5"), "{texts:?}");
    // "Vet ej" is outside the scale: in the table, not in the shares.
    assert!(!texts.iter().any(|t| t.contains("Vet ej")), "{texts:?}");
    assert!(c.html.contains(r#"<th scope="col">Vet ej</th>"#));
    // First row: 84 of 187 on the scale is 45 %.
    assert!(texts.contains(&"45\u{a0}%".to_string()), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Trygg på dagen (n\u{a0}=\u{a0}187)")),
        "{texts:?}"
    );
}

#[test]
fn the_download_round_trips_through_the_importer() {
    let c = render(
        "id: a\ntype: grouped-bar\ntitle: A\ndata: b.csv\n",
        &[("b.csv", BEFOLKNING)],
    );
    let again = render(
        "id: a\ntype: grouped-bar\ntitle: A\ndata: a.csv\n",
        &[("a.csv", &c.csv)],
    );
    assert_eq!(table_cells(&c.html), table_cells(&again.html));
}

// --- Errors -------------------------------------------------------------------

#[test]
fn errors_name_the_page_or_the_data_file() {
    let e = render_err(
        "id: a\ntype: bar\ntitle: A\ndata: saknas.csv\n",
        &[("finns.csv", b"a,b\n1,2\n")],
    );
    assert_eq!(
        (e.file.as_path(), e.line),
        (Path::new("content/kartlaggning/diagram.md"), Some(14)),
        "{e}"
    );
    assert!(e.hint.as_deref().unwrap().contains("finns.csv"), "{e:?}");
    let e = render_err("id: a\ntype: bar\ntitle: A\ndata: ../hemlig.csv\n", &[]);
    assert_eq!(e.line, Some(14), "{e}");
    assert!(e.message.contains("leaves"), "{e}");
    let e = render_err(
        "id: a\ntype: bar\ntitle: A\ndata: a.csv\ncategory: Område\n",
        &[("a.csv", b"omrade,antal\nA,1\n")],
    );
    assert_eq!(e.line, Some(15), "{e}");
    let e = render_err(
        "id: a\ntype: bar\ntitle: A\ndata: a.csv\n",
        &[("a.csv", b"x;y\nA;1\nB;tv\xE5\n")],
    );
    assert_eq!(e.file, Path::new("data/a.csv"));
    assert_eq!((e.line, e.column), (Some(3), Some(3)), "{e}");
    assert!(
        e.message
            .contains("\"två\" in column \"y\" is not a number"),
        "{e}"
    );
    let e = render_err(
        "id: a\ntype: bar\ntitle: A\ndata: a.csv\n",
        &[("a.csv", b"x;y\nA;1;2\n")],
    );
    assert_eq!(
        (e.file.as_path(), e.line),
        (Path::new("data/a.csv"), Some(2)),
        "{e}"
    );
    let e = render_err(
        "id: a\ntype: bar\ntitle: A\ndata: a.csv\n",
        &[("a.csv", b"")],
    );
    assert!(e.message.contains("no data"), "{e}");
    let e = render_err("id: a\ntype: bar\ntitle: A\nrows: []\n", &[]);
    assert_eq!(e.line, Some(14), "{e}");
    let e = render_err(
        "id: a\ntype: bar\ntitle: A\nrows:\n  - {x: A, m: 1, n: 2}\n",
        &[],
    );
    assert!(e.message.contains("2 series"), "{e}");
    assert_eq!(e.line, Some(12), "{e}");
    let e = render_err(
        "id: l\ntype: diverging\ntitle: L\ndata: l.csv\noutside_scale: [Vet inte]\n",
        &[("l.csv", LIKERT)],
    );
    assert!(
        e.message.contains("\"Vet inte\", which is not a series"),
        "{e}"
    );
    assert_eq!(e.line, Some(15), "{e}");
}
