//! Exports as they come (tests/fixtures/exports/, written in each real
//! shape): title lines and notes blocks, two-row and empty headers, SSB's
//! semicolon CSV under a comma title, JSON-stat 1.0 and PxWeb json,
//! spreadsheets; and the options that choose and clean rows. Every test
//! names the values checked by hand in the fixture.

use super::tests::{Files, render, render_err, render_lang};

/// The data table's cells, with no-break spaces as spaces.
fn table_cells(html: &str) -> Vec<Vec<String>> {
    super::tests::table_cells(html)
        .into_iter()
        .map(|r| r.into_iter().map(|c| c.replace('\u{a0}', " ")).collect())
        .collect()
}

const SCB_UTF8: &[u8] = include_bytes!("../../tests/fixtures/exports/scb-folkmangd-utf8.csv");
const SCB_LATIN1: &[u8] = include_bytes!("../../tests/fixtures/exports/scb-forvarv-latin1.csv");
const TWO_ROWS: &[u8] = include_bytes!("../../tests/fixtures/exports/scb-two-row-header.csv");
const EMPTY_HEAD: &[u8] = include_bytes!("../../tests/fixtures/exports/empty-first-header.csv");
const SSB: &[u8] = include_bytes!("../../tests/fixtures/exports/ssb-befolkning.csv");
const XLSX: &[u8] = include_bytes!("../../tests/fixtures/exports/fritid-besok.xlsx");
const ODS: &[u8] = include_bytes!("../../tests/fixtures/exports/fritid-besok.ods");

/// The headings of the data table's rows.
pub(super) fn row_heads(html: &str) -> Vec<String> {
    html.split("<th scope=\"row\">")
        .skip(1)
        .map(|s| s[..s.find("</th>").unwrap()].to_string())
        .collect()
}

/// The headings of the data table's columns.
pub(super) fn col_heads(html: &str) -> Vec<String> {
    html.split("<th scope=\"col\">")
        .skip(1)
        .map(|s| s[..s.find("</th>").unwrap()].to_string())
        .collect()
}

fn notes(yaml: &str, files: Files<'_>) -> Vec<String> {
    render_lang(yaml, files, "sv")
        .unwrap()
        .notes
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn scb_csv_with_title_and_notes_block_is_read_as_it_comes() {
    let y = "id: f\ntype: grouped-bar\ntitle: T\ndata: scb.csv\ncategory: region\nseries: ålder\nvalue: \"2023\"\nstrip_codes: true\n";
    let files: Files<'_> = &[("scb.csv", SCB_UTF8)];
    let c = render(y, files);
    assert_eq!(row_heads(&c.html), ["Stockholm", "Göteborg"]);
    // Stockholm 0-19 år 2023: 210 453; Göteborg 65+ år: 95 633.
    assert_eq!(
        table_cells(&c.html),
        [["210 453", "152 207"], ["132 506", "95 633"]]
    );
    let n = notes(y, files);
    assert_eq!(n.len(), 2, "{n:?}");
    // The title on line 1, the notes from line 9 (after a blank line).
    assert!(
        n[0].starts_with("data/scb.csv:1:1: note: skipped 1 title line(s)"),
        "{}",
        n[0]
    );
    assert!(n[0].contains("the header is line 3"), "{}", n[0]);
    assert!(
        n[1].starts_with("data/scb.csv:9:1: note: skipped the notes below the data, lines 9–11"),
        "{}",
        n[1]
    );
    assert!(n[1].contains("Källa: SCB"), "{}", n[1]);
    // 2024 has `..` for Göteborg 0-19 år: a gap, not zero.
    let c = render(&y.replace("\"2023\"", "\"2024\""), files);
    assert_eq!(table_cells(&c.html)[1], ["–", "96 620"]);
}

#[test]
fn latin1_semicolon_export_with_codes_and_decimal_commas() {
    let y = "id: f\ntype: grouped-bar\ntitle: T\ndata: scb.csv\nunit: \"%\"\nstrip_codes: true\n";
    let c = render(y, &[("scb.csv", SCB_LATIN1)]);
    assert_eq!(
        row_heads(&c.html),
        ["Norrbacka", "Ekby centrum", "Ekby kommun"]
    );
    assert_eq!(col_heads(&c.html)[1..], ["2022", "2023"]);
    assert_eq!(table_cells(&c.html)[0], ["61,4 %", "63,0 %"]);
    assert_eq!(table_cells(&c.html)[1], ["78,9 %", "–"]);
}

#[test]
fn two_header_rows_become_one_column_name() {
    let y = "id: f\ntype: grouped-bar\ntitle: T\ndata: two.csv\nvalues: [\"2024 män\", \"2024 kvinnor\"]\n";
    let files: Files<'_> = &[("two.csv", TWO_ROWS)];
    let c = render(y, files);
    assert_eq!(col_heads(&c.html), ["region", "2024 män", "2024 kvinnor"]);
    // Norrbacka 2024: 2 131 men, 2 215 women.
    assert_eq!(table_cells(&c.html)[0], ["2 131", "2 215"]);
    assert!(
        notes(y, files)
            .iter()
            .any(|n| n.contains("lines 2 and 3 as one header"))
    );
    // `header_rows: 1` reads the first row only: "2024 män" is unknown.
    let e = render_err(&format!("{y}header_rows: 1\n"), files);
    assert_eq!((e.line, e.column), (Some(15), Some(10)), "{e}");
    assert!(
        e.hint
            .as_deref()
            .unwrap()
            .contains("2023, #3 (no heading), 2024"),
        "{e:?}"
    );
    // A wrong count is located in the spec.
    let e = render_err(&format!("{y}header_rows: 3\n"), files);
    assert_eq!(e.line, Some(16), "{e}");
    assert!(e.message.contains("header_rows must be 1 or 2"), "{e}");
}

#[test]
fn a_column_without_heading_is_named_by_position() {
    let y = "id: f\ntype: line\ntitle: T\ndata: e.csv\ncategory: \"#1\"\ntranspose: true\n";
    let c = render(y, &[("e.csv", EMPTY_HEAD)]);
    assert_eq!(row_heads(&c.html), ["2022", "2023", "2024"]);
    assert_eq!(col_heads(&c.html)[1..], ["Norrbacka", "Ekby centrum"]);
    // Ekby centrum 2024: 251.
    assert_eq!(table_cells(&c.html)[2], ["405", "251"]);
    let e = render_err(
        "id: f\ntype: bar\ntitle: T\ndata: e.csv\ncategory: \"#9\"\n",
        &[("e.csv", EMPTY_HEAD)],
    );
    assert_eq!(e.line, Some(15), "{e}");
    assert!(
        e.hint.as_deref().unwrap().contains("#1 (no heading)"),
        "{e:?}"
    );
}

#[test]
fn ssb_semicolons_under_a_comma_title() {
    let y = "id: f\ntype: grouped-bar\ntitle: T\ndata: ssb.csv\ncategory: region\nseries: alder\nvalue: Personer\nfilter: {år: 2024}\nexclude: {region: {prefix: \"0 \"}}\nstrip_codes: true\n";
    let c = render(y, &[("ssb.csv", SSB)]);
    assert_eq!(row_heads(&c.html), ["Drammen", "Kvernmoen"]);
    // Kvernmoen (33990104): 412 aged 0-17, 301 aged 67 or older.
    assert_eq!(table_cells(&c.html)[1], ["412", "301"]);
}

#[test]
fn filter_lists_prefixes_and_municipalities() {
    let csv: &[u8] = "Område;Antal\nEkby (Norrbacka);120\nEkby (Centrum);340\nEkby;4100\nBoby (Norr);77\nTotalt;9000\n".as_bytes();
    let files: Files<'_> = &[("o.csv", csv)];
    let base = "id: f\ntype: bar\ntitle: T\ndata: o.csv\n";
    let c = render(
        &format!("{base}filter: {{Område: {{municipality: Ekby}}}}\nsplit: area\n"),
        files,
    );
    assert_eq!(row_heads(&c.html), ["Norrbacka", "Centrum", "Ekby"]);
    let c = render(
        &format!("{base}filter: {{Område: [Ekby, \"Boby (Norr)\"]}}\n"),
        files,
    );
    assert_eq!(row_heads(&c.html), ["Ekby", "Boby (Norr)"]);
    let c = render(
        &format!("{base}exclude: {{Område: [Totalt, Ekby]}}\n"),
        files,
    );
    assert_eq!(
        row_heads(&c.html),
        ["Ekby (Norrbacka)", "Ekby (Centrum)", "Boby (Norr)"]
    );
    // An exclude that leaves out nothing is located at `exclude:`.
    let e = render_err(&format!("{base}exclude: {{Område: Summa}}\n"), files);
    assert_eq!(e.line, Some(15), "{e}");
    assert!(e.message.contains("leaves out nothing"), "{e}");
    assert!(e.hint.as_deref().unwrap().contains("Totalt"), "{e:?}");
    // An unknown condition is located at its line.
    let e = render_err(&format!("{base}filter:\n  Område: {{början: Ek}}\n"), files);
    assert_eq!(e.line, Some(16), "{e}");
    assert!(e.message.contains("prefix or municipality"), "{e}");
    // `split` where no label has the shape is an error, not silence.
    let e = render_err(
        &format!("{base}split: area\n"),
        &[("o.csv", "Område;Antal\nEkby;4100\nTotalt;9000\n".as_bytes())],
    );
    assert_eq!(e.line, Some(15), "{e}");
    assert!(e.message.contains("`split` finds no label"), "{e}");
}

#[test]
fn split_works_on_series_labels() {
    let csv: &[u8] = "år;område;n\n2023;Ekby (Norrbacka);10\n2023;Ekby (Centrum);20\n2024;Ekby (Norrbacka);11\n2024;Ekby (Centrum);22\n".as_bytes();
    let c = render(
        "id: f\ntype: line\ntitle: T\ndata: o.csv\ncategory: år\nseries: område\nvalue: n\nsplit: area\n",
        &[("o.csv", csv)],
    );
    assert_eq!(col_heads(&c.html)[1..], ["Norrbacka", "Centrum"]);
}

#[test]
fn rename_and_top_with_the_rest_summed() {
    let csv: &[u8] = "kommun;antal\nA;5\nB;50\nC;..\nD;20\nE;7\n".as_bytes();
    let files: Files<'_> = &[("k.csv", csv)];
    let c = render(
        "id: f\ntype: bar\ntitle: T\ndata: k.csv\ntop: 2\nrename: {B: Bstad, antal: Antal personer}\ncounts: false\n",
        files,
    );
    assert_eq!(row_heads(&c.html), ["Bstad", "D", "Övriga"]);
    assert_eq!(col_heads(&c.html)[1], "Antal personer");
    // 5 + 7: the missing value counts as nothing.
    assert_eq!(table_cells(&c.html), [["50"], ["20"], ["12"]]);
    let e = render_err(
        "id: f\ntype: bar\ntitle: T\ndata: k.csv\nrename: {Q: Qstad}\n",
        files,
    );
    assert_eq!(e.line, Some(15), "{e}");
    assert!(e.message.contains("\"Q\""), "{e}");
    let e = render_err("id: f\ntype: line\ntitle: T\ndata: k.csv\ntop: 2\n", files);
    assert_eq!(e.line, Some(15), "{e}");
    assert!(e.message.contains("`top` works with bar"), "{e}");
}

#[test]
fn many_categories_warn_and_the_summary_counts_area_types() {
    let mut csv = String::from("RegSO;typ\n");
    for i in 0..300 {
        csv.push_str(&format!("Område {i};{}\n", i % 5 + 1));
    }
    let y = "id: f\ntype: area-type\ntitle: T\ndata: t.csv\n";
    let files: Files<'_> = &[("t.csv", csv.as_bytes())];
    let c = render(y, files);
    let summary = &c.html[c.html.find("chart-summary").unwrap()..];
    let summary = &summary[..summary.find("</p>").unwrap()];
    assert!(
        summary.contains("300 områden: områdestyp 1: 60"),
        "{summary}"
    );
    assert!(summary.len() < 300, "{}", summary.len());
    let n = notes(y, files);
    assert!(
        n.iter().any(|n| n.starts_with(
            "content/kartlaggning/diagram.md:11:5: warning: the chart \"f\" has 300 categories"
        )),
        "{n:?}"
    );
}

#[test]
fn spreadsheets_are_read_wherever_a_csv_is() {
    let y = "id: f\ntype: grouped-bar\ntitle: T\ndata: b.xlsx\nsheet: Besök\n";
    let c = render(y, &[("b.xlsx", XLSX)]);
    assert_eq!(row_heads(&c.html), ["Januari", "Februari", "Mars", "April"]);
    assert_eq!(
        col_heads(&c.html),
        ["Månad", "Fritidsgården", "Biblioteket"]
    );
    // Mars: 455 visits, the library's cell is empty (a gap).
    assert_eq!(table_cells(&c.html)[2], ["455", "–"]);
    let n = notes(y, &[("b.xlsx", XLSX)]);
    assert!(
        n[0].starts_with("data/b.xlsx:1:1: note: skipped 1 title line(s)"),
        "{n:?}"
    );
    assert!(
        n[1].contains("lines 8–8") && n[1].contains("Källa: Ekby kommun"),
        "{n:?}"
    );
    // The same table from LibreOffice's .ods, its first sheet.
    let o = render(
        "id: f\ntype: grouped-bar\ntitle: T\ndata: b.ods\n",
        &[("b.ods", ODS)],
    );
    assert_eq!(table_cells(&o.html), table_cells(&c.html));
    // A sheet that does not exist is located at `sheet:` and lists them.
    let e = render_err(&y.replace("Besök", "Blad1"), &[("b.xlsx", XLSX)]);
    assert_eq!(e.line, Some(15), "{e}");
    assert!(
        e.hint.as_deref().unwrap().contains("Instruktioner, Besök"),
        "{e:?}"
    );
    // `sheet:` on a CSV file is an error.
    let e = render_err(
        "id: f\ntype: bar\ntitle: T\ndata: e.csv\nsheet: Blad1\n",
        &[("e.csv", EMPTY_HEAD)],
    );
    assert_eq!(e.line, Some(15), "{e}");
    // A broken spreadsheet is a located error, not a panic.
    let e = render_err(y, &[("b.xlsx", b"PK\x03\x04 not really")]);
    assert!(e.message.contains("cannot be read as a spreadsheet"), "{e}");
}

#[test]
fn new_charts_are_deterministic() {
    let y = "id: f\ntype: grouped-bar\ntitle: T\ndata: scb.csv\ncategory: region\nseries: ålder\nvalue: \"2023\"\nstrip_codes: true\n";
    let files: Files<'_> = &[("scb.csv", SCB_UTF8), ("b.xlsx", XLSX)];
    assert_eq!(render(y, files), render(y, files));
    let x =
        "id: f\ntype: bar\ntitle: T\ndata: b.xlsx\nsheet: Besök\nvalues: [Fritidsgården]\ntop: 2\n";
    assert_eq!(render(x, files), render(x, files));
}

const CRIME: &[u8] = "område;Anmälda brott;Folkmängd\nNorrbacka;301;4300\nEkby centrum;204;6800\nEkby kommun;2 460;41 000\n".as_bytes();

#[test]
fn derived_share_per_1000_and_change() {
    let files: Files<'_> = &[("b.csv", CRIME)];
    let base = "id: f\ntype: bar\ntitle: T\ndata: b.csv\n";
    // 301 / 4 300 × 1 000 = 70.0; 204 / 6 800 × 1 000 = 30.0; 2 460 / 41 000 × 1 000 = 60.0.
    let c = render(&format!("{base}derive: {{per_1000: Folkmängd}}\n"), files);
    assert_eq!(col_heads(&c.html)[1..], ["Anmälda brott"]);
    assert_eq!(table_cells(&c.html), [["70"], ["30"], ["60"]]);
    assert!(c.html.contains("per 1 000 invånare"), "the unit follows");
    assert!(
        c.html.contains("delat med Folkmängd"),
        "the figure says how"
    );
    // Share of a named row: 4 300 / 41 000 = 10.5 %, 6 800 / 41 000 = 16.6 %.
    let c = render(
        &format!("{base}values: [Folkmängd]\nderive: {{share: Ekby kommun}}\ndecimals: 1\n"),
        files,
    );
    assert_eq!(row_heads(&c.html), ["Norrbacka", "Ekby centrum"]);
    assert_eq!(table_cells(&c.html), [["10,5 %"], ["16,6 %"]]);
    // Share of the total: 301 / 2 965 = 10.2 %.
    let c = render(
        &format!("{base}values: [Anmälda brott]\nderive: {{share: total}}\ndecimals: 1\n"),
        files,
    );
    assert_eq!(table_cells(&c.html)[0], ["10,2 %"]);
    // Change since the first year (years as categories after transpose).
    let years: &[u8] = "region;2019;2022;2024\nNorrbacka;4 012;4 201;4 300\n".as_bytes();
    let c = render(
        "id: f\ntype: bar\ntitle: T\ndata: y.csv\ntranspose: true\nderive: {change_since: first}\ncounts: false\n",
        &[("y.csv", years)],
    );
    assert_eq!(table_cells(&c.html), [["0"], ["189"], ["288"]]);
    // Located errors for each option.
    let e = render_err(&format!("{base}derive: {{per_1000: Invånare}}\n"), files);
    assert_eq!(e.line, Some(15), "{e}");
    assert!(e.hint.as_deref().unwrap().contains("Folkmängd"), "{e:?}");
    let e = render_err(&format!("{base}derive: {{share: Ekby}}\n"), files);
    assert_eq!(e.line, Some(15), "{e}");
    let e = render_err(&format!("{base}derive: {{change_since: 1999}}\n"), files);
    assert_eq!(e.line, Some(15), "{e}");
    let e = render_err(
        &format!("{base}derive: {{share: total, per_1000: Folkmängd}}\n"),
        files,
    );
    assert!(e.message.contains("takes one of"), "{e}");
    let e = render_err(&format!("{base}derive: {{percent: total}}\n"), files);
    assert_eq!(e.line, Some(15), "{e}");
}

#[test]
fn a_share_never_reveals_a_hidden_count() {
    let csv: &[u8] = "svar;antal\nJa;40\nNej;3\nVet ej;7\n".as_bytes();
    let c = render(
        "id: f\ntype: bar\ntitle: T\ndata: s.csv\nderive: {share: total}\n",
        &[("s.csv", csv)],
    );
    // 3 is below min_count 5: hidden before the shares are made.
    assert_eq!(table_cells(&c.html)[1], ["&lt;5"]);
}

#[test]
fn count_by_a_column_after_filtering() {
    let csv: &[u8] =
        "RegSO;Kommun;Områdestyp\nA;Ekby;1\nB;Ekby;2\nC;Ekby;2\nD;Boby;5\nE;Ekby;5\n".as_bytes();
    let c = render(
        "id: f\ntype: bar\ntitle: T\ndata: r.csv\nfilter: {Kommun: Ekby}\nderive: {count_by: Områdestyp}\ncounts: false\n",
        &[("r.csv", csv)],
    );
    assert_eq!(row_heads(&c.html), ["1", "2", "5"]);
    assert_eq!(table_cells(&c.html), [["1"], ["2"], ["1"]]);
    let e = render_err(
        "id: f\ntype: bar\ntitle: T\ndata: r.csv\nderive: {count_by: Typ}\n",
        &[("r.csv", csv)],
    );
    assert_eq!(e.line, Some(15), "{e}");
}
