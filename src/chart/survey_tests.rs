//! Survey exports as they come (tests/fixtures/exports/make_surveys.py):
//! Google Forms CSV with a grid question, LimeSurvey CSV, Microsoft Forms
//! .xlsx. The counts in the tests were made by hand from the rows.

use super::export_tests::col_heads;
use super::tests::{Files, render_err, render_lang};

const GOOGLE: &[u8] = include_bytes!("../../tests/fixtures/exports/google-forms.csv");
const LIME: &[u8] = include_bytes!("../../tests/fixtures/exports/limesurvey.csv");
const MSFORMS: &[u8] = include_bytes!("../../tests/fixtures/exports/ms-forms.xlsx");

const MAPPING: &str = "export: g.csv
scale: [Mycket otrygg, Ganska otrygg, Ganska trygg, Mycket trygg]
outside_scale: [Vet ej]
group: Ålder
items:
  - id: kvall
    column: Hur trygg känner du dig ute i området sent på kvällen?
    label: Trygg sent på kvällen
  - id: nojd
    grid: Hur nöjd är du med
    scale: [Mycket missnöjd, Missnöjd, Nöjd, Mycket nöjd]
";

fn chart(item: &str) -> String {
    format!("id: s\ntype: diverging\ntitle: T\nsurvey: enkat.yaml\nitem: {item}\n")
}

/// Row headings and cells of the data table, no-break spaces as spaces.
fn rows(html: &str) -> Vec<(String, Vec<String>)> {
    let body = &html[html.find("<tbody>").unwrap()..html.find("</tbody>").unwrap()];
    body.split("<tr>")
        .skip(1)
        .map(|r| {
            let head = &r[r.find("<th scope=\"row\">").unwrap() + 16..r.find("</th>").unwrap()];
            let cells = r
                .split("<td>")
                .skip(1)
                .map(|c| c[..c.find("</td>").unwrap()].replace('\u{a0}', " "))
                .collect();
            (head.replace('\u{a0}', " "), cells)
        })
        .collect()
}

fn render(yaml: &str, files: Files<'_>) -> super::RenderedChart {
    match render_lang(yaml, files, "sv") {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn google_forms_item_by_group_with_dont_know_and_blanks_apart() {
    let files: Files<'_> = &[("enkat.yaml", MAPPING.as_bytes()), ("g.csv", GOOGLE)];
    let c = render(&chart("kvall"), files);
    assert_eq!(
        col_heads(&c.html),
        [
            "Ålder",
            "Mycket otrygg",
            "Ganska otrygg",
            "Ganska trygg",
            "Mycket trygg",
            "Vet ej",
            "Inget svar"
        ]
    );
    let r = rows(&c.html);
    // All 12: 3 + 4 + 2 + 1 on the scale, 1 "Vet ej", 1 blank.
    assert_eq!(r[0].0, "Alla (n = 12)");
    assert_eq!(r[0].1, ["3", "4", "2", "1", "1", "1"]);
    // 16-29 (7 respondents): 2, 2, 1, 0, Vet ej 1, blank 1 — 0 stays 0.
    assert_eq!(r[1].0, "16-29 (n = 7)");
    assert_eq!(r[1].1, ["2", "2", "1", "0", "1", "1"]);
    // 30+ (5 respondents, = min_count 5): shown.
    assert_eq!(r[2].0, "30+ (n = 5)");
    assert_eq!(r[2].1, ["1", "2", "1", "1", "0", "0"]);
    // "Vet ej" and blanks are outside the scale: not in the shares.
    assert!(c.html.contains("Ganska otrygg"), "{}", c.html);
}

#[test]
fn a_group_below_min_count_is_hidden_as_a_whole() {
    let mapping = format!("{MAPPING}min_count: 6\n");
    let files: Files<'_> = &[("enkat.yaml", mapping.as_bytes()), ("g.csv", GOOGLE)];
    let c = render(&chart("kvall"), files);
    let r = rows(&c.html);
    assert_eq!(r[2].0, "30+");
    assert!(r[2].1.iter().all(|v| v == "&lt;6"), "{:?}", r[2]);
    // The single small cells of a shown group are not hidden (16-29 has 1s).
    assert_eq!(r[1].1[2], "1");
    assert!(c.notes.iter().any(|n| {
        n.message
            .contains("fewer than 6 respondents are not shown: 30+")
    }));
}

#[test]
fn grid_questions_give_one_row_per_part() {
    let mapping = MAPPING.replace("group: Ålder\n", "");
    let files: Files<'_> = &[("enkat.yaml", mapping.as_bytes()), ("g.csv", GOOGLE)];
    let c = render(&chart("nojd"), files);
    let r = rows(&c.html);
    // Parkerna: 1 very dissatisfied, 2, 6, 2; no "Vet ej"; 1 blank.
    assert_eq!(r[0].0, "Parkerna (n = 12)");
    assert_eq!(r[0].1, ["1", "2", "6", "2", "0", "1"]);
    // Belysningen: 1, 4, 5, 1, "Vet ej" 1, no blank.
    assert_eq!(r[1].0, "Belysningen (n = 12)");
    assert_eq!(r[1].1, ["1", "4", "5", "1", "1", "0"]);
}

#[test]
fn limesurvey_and_microsoft_forms_exports() {
    let lime = MAPPING.replace("g.csv", "l.csv");
    let files: Files<'_> = &[("enkat.yaml", lime.as_bytes()), ("l.csv", LIME)];
    let c = render(&chart("kvall"), files);
    assert_eq!(rows(&c.html)[0].1, ["3", "4", "2", "1", "1", "1"]);
    let ms = "export: ms.xlsx
scale: [Mycket missnöjd, Missnöjd, Nöjd, Mycket nöjd]
outside_scale: [Vet ej]
items:
  - id: ljus
    column: Belysningen
";
    let files: Files<'_> = &[("enkat.yaml", ms.as_bytes()), ("ms.xlsx", MSFORMS)];
    let c = render(&chart("ljus"), files);
    let r = rows(&c.html);
    assert_eq!(r[0].0, "Belysningen (n = 12)");
    assert_eq!(r[0].1, ["1", "4", "5", "1", "1"]);
}

#[test]
fn survey_errors_are_located() {
    let files: Files<'_> = &[("enkat.yaml", MAPPING.as_bytes()), ("g.csv", GOOGLE)];
    // An item the mapping lacks: at `item:` in the page.
    let e = render_err(&chart("kväll"), files);
    assert_eq!(e.line, Some(15), "{e}");
    assert!(e.hint.as_deref().unwrap().contains("kvall, nojd"), "{e:?}");
    // An answer off the scale: at its cell in the export.
    let m = MAPPING.replace("outside_scale: [Vet ej]\n", "");
    let e = render_err(
        &chart("kvall"),
        &[("enkat.yaml", m.as_bytes()), ("g.csv", GOOGLE)],
    );
    assert_eq!(e.file, std::path::PathBuf::from("data/g.csv"));
    assert_eq!((e.line, e.column), (Some(7), Some(30)), "{e}");
    assert!(
        e.message
            .contains("\"Vet ej\" is not on the survey's scale"),
        "{e}"
    );
    // A column the export lacks: in the mapping, with the columns.
    let m = MAPPING.replace("sent på kvällen?", "sent?");
    let e = render_err(
        &chart("kvall"),
        &[("enkat.yaml", m.as_bytes()), ("g.csv", GOOGLE)],
    );
    assert_eq!(e.file, std::path::PathBuf::from("data/enkat.yaml"));
    assert_eq!(e.line, Some(7), "{e}");
    // A grid the export lacks.
    let m = MAPPING.replace("grid: Hur nöjd är du med", "grid: Hur glad är du");
    let e = render_err(
        &chart("nojd"),
        &[("enkat.yaml", m.as_bytes()), ("g.csv", GOOGLE)],
    );
    assert_eq!(e.line, Some(10), "{e}");
    // Unknown field in the mapping.
    let m = format!("{MAPPING}grupp: Ålder\n");
    let e = render_err(
        &chart("kvall"),
        &[("enkat.yaml", m.as_bytes()), ("g.csv", GOOGLE)],
    );
    assert_eq!(e.line, Some(12), "{e}");
    // `survey:` with `data:` in the chart, and a line chart of a survey.
    let e = render_err(&format!("{}data: g.csv\n", chart("kvall")), files);
    assert_eq!(e.line, Some(14), "{e}");
    let e = render_err(&chart("kvall").replace("diverging", "line"), files);
    assert!(e.message.contains("not line"), "{e}");
}

#[test]
fn survey_charts_are_deterministic() {
    let files: Files<'_> = &[("enkat.yaml", MAPPING.as_bytes()), ("g.csv", GOOGLE)];
    assert_eq!(
        render(&chart("kvall"), files),
        render(&chart("kvall"), files)
    );
    assert_eq!(render(&chart("nojd"), files), render(&chart("nojd"), files));
}
