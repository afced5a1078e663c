//! A lookup join (SCB's DeSO–RegSO key), a population from another file
//! for `per_1000`, the first header of transposed year columns, and "how it
//! was made" under the CSV download. The numbers are worked out by hand in
//! the comments.

use super::data::csv::{ReadOptions, parse_with};
use super::export_tests::{col_heads, row_heads};
use super::tests::{Files, render, render_err, render_lang, table_cells};

/// SCB's key between DeSO and RegSO, with a title line.
const KEY: &[u8] = "\"Nyckel DeSO–RegSO 2025\"\n\"Kommun\";\"DeSO\";\"RegSOkod\";\"RegSO\"\n\"1799\";\"1799C1010\";\"1799R001\";\"Norrbacka\"\n\"1799\";\"1799C1020\";\"1799R001\";\"Norrbacka\"\n\"1799\";\"1799C1030\";\"1799R002\";\"Södra Ekby\"\n".as_bytes();

/// A PxWeb CSV per DeSO: title, blank line, header, rows, notes.
const DESO: &[u8] = "\"Folkmängd efter region och år\"\n\n\"region\";\"2023\";\"2024\"\n\"1799C1010\";1 498;1 512\n\"1799C1020\";1 376;1 388\n\"1799C1030\";3 050;3 100\n\n\"Källa: SCB\"\n".as_bytes();

const DESO_CHART: &str = "id: f\ntype: bar\ntitle: Folkmängd per DeSO\ndata: deso.csv\ncategory: region\nvalues: [\"2024\"]\njoin: {data: key.csv, on: region, key: DeSO, add: [RegSO]}\n";

#[test]
fn a_join_adds_the_regso_so_a_chart_keeps_the_deso_of_one_area() {
    let files: Files<'_> = &[("deso.csv", DESO), ("key.csv", KEY)];
    let c = render(
        &format!("{DESO_CHART}filter: {{RegSO: Norrbacka}}\n"),
        files,
    );
    // Norrbacka's two DeSO, 2024: 1 512 and 1 388.
    assert_eq!(row_heads(&c.html), ["1799C1010", "1799C1020"]);
    assert_eq!(table_cells(&c.html), [["1\u{a0}512"], ["1\u{a0}388"]]);
    // Counted by the joined column: Norrbacka 2 DeSO, Södra Ekby 1.
    let c = render(
        &format!("{DESO_CHART}derive: {{count_by: RegSO}}\ncounts: false\n"),
        files,
    );
    assert_eq!(row_heads(&c.html), ["Norrbacka", "Södra Ekby"]);
    assert_eq!(table_cells(&c.html), [["2"], ["1"]]);
    assert_eq!(
        c,
        render(
            &format!("{DESO_CHART}derive: {{count_by: RegSO}}\ncounts: false\n"),
            files
        ),
        "deterministic"
    );
}

#[test]
fn a_join_matches_the_code_that_starts_a_label() {
    let labelled: &[u8] =
        "region;2024\n1799C1010 Norra Norrbacka;1512\n1799C1030 Södra Ekby;3100\n".as_bytes();
    let c = render(
        "id: f\ntype: bar\ntitle: T\ndata: d.csv\njoin: {data: key.csv, on: region, key: DeSO, add: [RegSO]}\ncategory: RegSO\nvalues: [\"2024\"]\n",
        &[("d.csv", labelled), ("key.csv", KEY)],
    );
    assert_eq!(row_heads(&c.html), ["Norrbacka", "Södra Ekby"]);
}

#[test]
fn unmatched_keys_are_named_at_on_unless_dropped_or_left_out() {
    let more: &[u8] =
        "region;2024\n1799C1010;1512\n1799C9990;40\n1799C9991;41\n1799;6000\n".as_bytes();
    let files: Files<'_> = &[("deso.csv", more), ("key.csv", KEY)];
    let e = render_err(DESO_CHART, files);
    // `join:` is on YAML line 7, the block's line 10 + 7.
    assert_eq!((e.line, e.kind), (Some(17), "chart"), "{e}");
    assert!(
        e.message.contains("3 keys of the data have no row in the lookup file data/key.csv: \"1799C9990\", \"1799C9991\", \"1799\""),
        "{e}"
    );
    // The total left out by `exclude:` on a column of the data needs no match.
    let e = render_err(
        &format!("{DESO_CHART}exclude: {{region: \"1799\"}}\n"),
        files,
    );
    assert!(e.message.starts_with("2 keys"), "{e}");
    // `unmatched: drop` keeps the matched rows only.
    let c = render(
        &DESO_CHART.replace("add: [RegSO]}", "add: [RegSO], unmatched: drop}"),
        files,
    );
    assert_eq!(row_heads(&c.html), ["1799C1010"]);
}

#[test]
fn join_mistakes_are_located() {
    let files: Files<'_> = &[("deso.csv", DESO), ("key.csv", KEY)];
    // Unknown field (deny_unknown_fields) at the join.
    let e = render_err(
        &DESO_CHART.replace("add: [RegSO]}", "kolumner: [RegSO]}"),
        files,
    );
    assert_eq!(e.line, Some(17), "{e}");
    assert!(e.message.contains("kolumner"), "{e}");
    // A key column the lookup file lacks: its columns in the hint.
    let e = render_err(&DESO_CHART.replace("key: DeSO", "key: Deso-kod"), files);
    assert_eq!(e.line, Some(17), "{e}");
    assert!(e.message.contains("has no column \"Deso-kod\""), "{e}");
    assert!(e.hint.as_deref().unwrap().contains("RegSOkod"), "{e:?}");
    // A column added twice.
    let e = render_err(
        &DESO_CHART
            .replace("add: [RegSO]", "add: [region]")
            .replace("key: DeSO", "key: RegSO"),
        files,
    );
    assert!(
        e.message.contains("no column \"region\"") || e.message.contains("in both"),
        "{e}"
    );
    // A key twice in the lookup file: at its second row.
    let twice: &[u8] = "DeSO;RegSO\n1799C1010;Norrbacka\n1799C1010;Södra Ekby\n".as_bytes();
    let e = render_err(DESO_CHART, &[("deso.csv", DESO), ("key.csv", twice)]);
    assert_eq!(
        (e.file.to_string_lossy().as_ref(), e.line),
        ("data/key.csv", Some(3)),
        "{e}"
    );
    assert!(e.message.contains("twice (first on line 2)"), "{e}");
}

/// Reported crimes per area and year (no population in the file).
const CRIME: &[u8] =
    "\"område\";\"2023\";\"2024\"\n\"Norrbacka\";290;301\n\"Södra Ekby\";180;186\n".as_bytes();

/// SCB's population per RegSO and year, codes in the labels, Latin-1.
fn population() -> Vec<u8> {
    let text = "\"Folkmängd efter region och år\"\n\n\"region\";\"2023\";\"2024\"\n\"1799R001 Norrbacka\";4 262;4 300\n\"1799R002 Södra Ekby\";3 071;3 100\n\n\"Källa: SCB\"\n";
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

#[test]
fn per_1000_takes_the_population_of_each_area_and_year_from_another_file() {
    let pop = population();
    let files: Files<'_> = &[("brott.csv", CRIME), ("pop.csv", &pop)];
    let base = "id: f\ntype: grouped-bar\ntitle: T\ndata: brott.csv\ndecimals: 1\n";
    // 290 / 4 262 × 1 000 = 68.04; 301 / 4 300 × 1 000 = 70.0;
    // 180 / 3 071 × 1 000 = 58.61; 186 / 3 100 × 1 000 = 60.0.
    let c = render(
        &format!("{base}derive:\n  per_1000: {{data: pop.csv, strip_codes: true}}\n"),
        files,
    );
    assert_eq!(table_cells(&c.html), [["68,0", "70,0"], ["58,6", "60,0"]]);
    assert!(c.html.contains("per 1 000 invånare"), "the unit follows");
    assert!(
        c.html.contains("folkmängden i pop.csv"),
        "the figure says how"
    );
    // Years along the x axis (transposed): the same values, turned.
    let c = render(
        &format!(
            "{base}transpose: true\nderive:\n  per_1000: {{data: pop.csv, strip_codes: true}}\n"
        ),
        files,
    );
    assert_eq!(row_heads(&c.html), ["2023", "2024"]);
    assert_eq!(table_cells(&c.html), [["68,0", "58,6"], ["70,0", "60,0"]]);
    // One year of the population for one year of the chart.
    let c = render(
        &format!(
            "{base}values: [\"2024\"]\nderive:\n  per_1000: {{data: pop.csv, values: [\"2024\"], strip_codes: true}}\n"
        ),
        files,
    );
    assert_eq!(table_cells(&c.html), [["70,0"], ["60,0"]]);
}

#[test]
fn per_1000_from_a_file_names_what_it_cannot_match() {
    let pop = population();
    let crime: &[u8] =
        "område;2023;2024\nNorrbacka;290;301\nKvarnbacken;120;130\nStrandängen;90;99\n".as_bytes();
    let files: Files<'_> = &[("brott.csv", crime), ("pop.csv", &pop)];
    let base = "id: f\ntype: grouped-bar\ntitle: T\ndata: brott.csv\nderive:\n  per_1000: {data: pop.csv, strip_codes: true}\n";
    let e = render_err(base, files);
    // `per_1000:` on YAML line 6.
    assert_eq!(e.line, Some(16), "{e}");
    assert!(e.message.contains("\"Kvarnbacken / 2023\""), "{e}");
    assert!(e.message.contains("\"Strandängen / 2024\""), "{e}");
    assert!(
        e.hint.as_deref().unwrap().contains("Norrbacka, Södra Ekby"),
        "{e:?}"
    );
    // Without codes stripped, the labels do not match: every area named.
    let e = render_err(
        &base.replace(", strip_codes: true", ""),
        &[("brott.csv", CRIME), ("pop.csv", &pop)],
    );
    assert!(e.message.contains("\"Norrbacka / 2023\""), "{e}");
    // An unknown field of the population file is located.
    let e = render_err(&base.replace("strip_codes", "strip_kod"), files);
    assert_eq!(e.line, Some(16), "{e}");
    assert!(e.message.contains("strip_kod"), "{e}");
}

#[test]
fn transposed_year_columns_are_headed_year_in_the_page_language() {
    let years: &[u8] = "region;2019;2022;2024\nNorrbacka;4 012;4 201;4 300\n".as_bytes();
    let y = "id: f\ntype: line\ntitle: T\ndata: y.csv\ntranspose: true\n";
    let c = render(y, &[("y.csv", years)]);
    assert_eq!(col_heads(&c.html), ["År", "Norrbacka"]);
    assert!(String::from_utf8_lossy(&c.csv).starts_with("\u{feff}År;Norrbacka\r\n"));
    let c = render_lang(y, &[("y.csv", years)], "en").unwrap();
    assert_eq!(col_heads(&c.html)[0], "Year");
    let c = render_lang(y, &[("y.csv", years)], "nb").unwrap();
    assert_eq!(col_heads(&c.html)[0], "År");
    // Rows that are not years stay "Kategori".
    let wide: &[u8] = "område;Män;Kvinnor\nNorrbacka;1;2\n".as_bytes();
    let c = render(
        "id: f\ntype: bar\ntitle: T\ndata: w.csv\ntranspose: true\ncounts: false\n",
        &[("w.csv", wide)],
    );
    assert_eq!(col_heads(&c.html)[0], "Kategori");
}

#[test]
fn the_csv_says_how_it_was_made_below_the_table() {
    let files: Files<'_> = &[("deso.csv", DESO), ("key.csv", KEY)];
    let c = render(
        &format!("{DESO_CHART}filter: {{RegSO: Norrbacka}}\nsource: SCB, Folkmängd per DeSO\n"),
        files,
    );
    let csv = String::from_utf8(c.csv.clone()).unwrap();
    assert_eq!(
        csv,
        "\u{feff}region;2024\r\n1799C1010;1512\r\n1799C1020;1388\r\n\r\nKälla: SCB, Folkmängd per DeSO\r\nSå gjordes tabellen: Läst från deso.csv. Valda rader: RegSO: Norrbacka. Kopplad till key.csv via kolumnen region.\r\n"
    );
    // The table reads back as it was: the notes below are not data.
    let back = parse_with("data/f.csv".as_ref(), &c.csv, ReadOptions::default()).unwrap();
    assert_eq!(back.rows.len(), 2);
    assert_eq!(back.columns.len(), 2);
    // Derived values and hidden counts are said too.
    let pop = population();
    let c = render(
        "id: f\ntype: bar\ntitle: T\ndata: brott.csv\nvalues: [\"2024\"]\nderive:\n  per_1000: {data: pop.csv, values: [\"2024\"], strip_codes: true}\n",
        &[("brott.csv", CRIME), ("pop.csv", &pop)],
    );
    let csv = String::from_utf8(c.csv).unwrap();
    assert!(csv.contains("Värdena är per 1 000 invånare: källans tal delat med folkmängden i pop.csv, gånger 1 000."), "{csv}");
    let small: &[u8] = "svar;antal\nJa;40\nNej;3\n".as_bytes();
    let c = render(
        "id: f\ntype: bar\ntitle: T\ndata: s.csv\n",
        &[("s.csv", small)],
    );
    let csv = String::from_utf8(c.csv).unwrap();
    assert!(
        csv.ends_with("färre än 5, dolt för att skydda enskilda personer.\r\n"),
        "{csv}"
    );
}
