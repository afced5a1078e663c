//! Statistics and surveys as they come (issue #14), end to end: real
//! export shapes under data/ become charts in the built site, `check`
//! says what it skipped, the area type is read from SCB's index table,
//! mistakes are located, and the output is byte-identical build to build.

use crate::support::{Fixture, hashes, read, repo, run};

const INDEX: &str = "\"Socioekonomiskt index och områdestyp per RegSO\"\n\"RegSO-kod\";\"RegSO\";\"År\";\"Index\";\"Områdestyp\";\"Anmärkning\"\n\"1999R001\";\"Ekby (Norrbacka)\";\"2021\";\"17,9\";\"1\";\"\"\n\"1999R001\";\"Ekby (Norrbacka)\";\"2023\";\"22,0\";\"2\";\"Liten befolkning\"\n\"1999R002\";\"Ekby (Centrum)\";\"2023\";\"61,0\";\"4\";\"\"\n\n\"Källa: SCB\"\n";

const MAPPING: &str = "export: svar.csv\nscale: [Mycket otrygg, Ganska otrygg, Ganska trygg, Mycket trygg]\noutside_scale: [Vet ej]\ngroup: Ålder\nitems:\n  - id: kvall\n    column: Hur trygg känner du dig ute i området sent på kvällen?\n";

const PAGE: &str = "---\ntitle: Siffror\n---\n\n```chart\nid: folkmangd\ntype: grouped-bar\ntitle: Folkmängd\ndata: scb.csv\ncategory: region\nseries: ålder\nvalue: \"2023\"\nstrip_codes: true\n```\n\n```chart\nid: trygghet\ntype: diverging\ntitle: Trygghet sent på kvällen\nsurvey: enkat.yaml\nitem: kvall\n```\n\n```chart\nid: besok\ntype: grouped-bar\ntitle: Besök\ndata: besok.xlsx\nsheet: Besök\n```\n";

fn report() -> Fixture {
    let f = Fixture::copy("basic");
    let toml = read(f.path("book.toml")).replace(
        "area_type = 2\n",
        "area_type_index = \"index.csv\"\narea_type_regso = \"1999R001\"\n",
    );
    f.write("book.toml", toml);
    let fx = repo().join("tests/fixtures/exports");
    f.write("data/index.csv", INDEX);
    f.write(
        "data/scb.csv",
        std::fs::read(fx.join("scb-folkmangd-utf8.csv")).unwrap(),
    );
    f.write(
        "data/svar.csv",
        std::fs::read(fx.join("google-forms.csv")).unwrap(),
    );
    f.write(
        "data/besok.xlsx",
        std::fs::read(fx.join("fritid-besok.xlsx")).unwrap(),
    );
    f.write("data/enkat.yaml", MAPPING);
    f.write("content/kartlaggning/siffror.md", PAGE);
    f
}

#[test]
fn exports_as_they_come_become_charts_in_the_public_site() {
    let f = report();
    let out = f.path("ut");
    let o = out.to_string_lossy().to_string();
    f.build(&["--audience", "public", "-o", &o]).ok();
    let page = read(out.join("kartlaggning/siffror.html"));
    // SCB CSV: title and notes skipped, codes stripped, 210 453 read.
    assert!(
        page.contains("<th scope=\"row\">Stockholm</th><td>210\u{a0}453</td>"),
        "{page}"
    );
    // Survey: all 12, and the 16-29 group with n.
    assert!(page.contains("<th scope=\"row\">Alla (n = 12)</th><td>3</td><td>4</td><td>2</td><td>1</td><td>1</td><td>1</td>"), "{page}");
    assert!(page.contains("16-29 (n = 7)"), "{page}");
    // The open answers of the export (a phone number) are never published.
    assert!(!page.contains("070-123"), "open answers leaked");
    // .xlsx: the "Besök" sheet, Mars 455.
    assert!(
        page.contains("<th scope=\"row\">Mars</th><td>455</td><td>–</td>"),
        "{page}"
    );
    // The CSV download holds the same numbers.
    let csv = std::fs::read(out.join("data/trygghet.csv")).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("Alla (n = 12);3;4;2;1;1;1"), "{csv}");
    // Home page: the latest year's type, the trend, SCB's remark and caveat.
    let home = read(out.join("index.html"));
    assert!(
        home.contains("<strong class=\"area-type-number\">2</strong>"),
        "{home}"
    );
    assert!(
        home.contains("<th scope=\"row\">2021</th><td>1</td>"),
        "{home}"
    );
    assert!(home.contains("Liten befolkning"), "{home}");
    assert!(home.contains("många studenter eller pensionärer"), "{home}");
    assert!(
        home.contains(", 2023</p>"),
        "the source names the year: {home}"
    );
    // Byte-identical when built again.
    let again = f.path("ut2");
    f.build(&["--audience", "public", "-o", &again.to_string_lossy()])
        .ok();
    assert_eq!(hashes(&out), hashes(&again));
}

#[test]
fn check_reports_what_reading_skipped() {
    let f = report();
    let root = f.root.to_string_lossy().to_string();
    let r = run(&["check", "--root", &root, "--audience", "public"], &f.root);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout
            .contains("data/scb.csv:1:1: note: skipped 1 title line(s) above the header"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("data/scb.csv:9:1: note: skipped the notes below the data, lines 9–11"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "the chart \"folkmangd\" on content/kartlaggning/siffror.md:5 reads this file"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn mistakes_are_located_and_leave_the_output_alone() {
    let f = report();
    let out = f.path("ut");
    let o = out.to_string_lossy().to_string();
    f.build(&["--audience", "public", "-o", &o]).ok();
    let before = hashes(&out);
    // An answer off the scale: located in the export.
    f.write(
        "data/enkat.yaml",
        MAPPING.replace("outside_scale: [Vet ej]\n", ""),
    );
    let r = f.build(&["--audience", "public", "-o", &o]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains(
            "data/svar.csv:7:30: error: the answer \"Vet ej\" is not on the survey's scale"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(hashes(&out), before, "the previous output stays");
    f.write("data/enkat.yaml", MAPPING);
    // An index without the area.
    let toml = read(f.path("book.toml")).replace("1999R001", "1999R404");
    f.write("book.toml", toml);
    let r = f.build(&["--audience", "public", "-o", &o]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr
            .contains("no row of data/index.csv names the RegSO \"1999R404\""),
        "{}",
        r.stderr
    );
    // area_type_regso without the index: located in book.toml.
    let toml = read(f.path("book.toml")).replace("area_type_index = \"index.csv\"\n", "");
    f.write("book.toml", toml);
    let r = f.build(&["--audience", "public", "-o", &o]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr
            .contains("error: area_type_regso needs area_type_index"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("book.toml:1"), "{}", r.stderr);
    assert_eq!(hashes(&out), before);
}
