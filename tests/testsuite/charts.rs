//! Charts through the `kartsite` binary: figures and CSV downloads in the
//! built site, shared charts, cross-references, determinism, the bundled
//! example pages, and located errors that leave the previous output alone.

use crate::support::{Fixture, read, read_tree, repo, stderr_snapshot};

/// A copy of tests/fixtures/charts.
fn fixture() -> Fixture {
    Fixture::copy("charts")
}

/// The internal build into the fixture's scratch folder, which must
/// succeed.
fn build_ok(r: &Fixture) {
    r.audience("internal").ok();
}

#[test]
fn figures_are_numbered_linked_and_downloadable() {
    let r = fixture();
    build_ok(&r);
    let page = read(r.out().join("kartlaggning/diagram.html"));
    assert!(page.contains(r#"<figure class="chart chart-grouped-bar" id="fig-befolkning">"#));
    assert!(page.contains(r#"<span class="chart-number">Figur 1.</span>"#));
    assert!(page.contains(r#"<span class="chart-number">Figur 2.</span> <span class="chart-title">Andel otrygga</span>"#));
    assert!(page.contains(r#"<span class="chart-number">Figur 3.</span>"#));
    // Cross-references in text become links; not in code or link text.
    assert!(
        page.contains(
            r##"yngre än kommunen (<a class="fig-ref" href="#fig-befolkning">Figur 1</a>)"##
        ),
        "{page}"
    );
    assert!(page.contains(r##"<a class="fig-ref" href="#fig-trygghet">Figur 2</a>"##));
    assert!(page.contains("<code>@fig-kod</code>"));
    assert!(page.contains(">länken @fig-befolkning</a>"));
    // Downloads are relative and the files exist, without the suppressed count.
    assert!(page.contains(r#"<a href="../data/befolkning.csv" download>"#));
    let svar = read(r.out().join("data/svar.csv"));
    // The table, then (after an empty line) how it was made.
    assert_eq!(
        svar,
        "\u{feff}svar;antal\r\nJa;40\r\nNej;<5\r\n\r\nSå gjordes tabellen: <5 = färre än 5, dolt för att skydda enskilda personer.\r\n"
    );
    let bef = read(r.out().join("data/befolkning.csv"));
    assert!(
        bef.starts_with("\u{feff}Ålder;Testby;Provkommun\r\n0–19 år;29;23\r\n"),
        "{bef}"
    );
    // The source data files are not published as they are.
    assert!(!r.out().join("data/trygghet-kalla.csv").exists());
    assert!(!r.out().join("data/charts.yaml").exists());
}

#[test]
fn a_shared_chart_appears_on_several_pages_with_one_download() {
    let r = fixture();
    build_ok(&r);
    let enkat = read(r.out().join("behovsidentifiering/enkat.html"));
    // Numbered per page: it is figure 1 here and figure 2 on the other page.
    assert!(enkat.contains(r#"<span class="chart-number">Figur 1.</span> <span class="chart-title">Andel otrygga</span>"#), "{enkat}");
    assert!(enkat.contains(r##"<a class="fig-ref" href="#fig-trygghet">Figur 1</a>"##));
    let files: Vec<String> = read_tree(&r.out().join("data")).into_keys().collect();
    assert_eq!(files, ["befolkning.csv", "svar.csv", "trygghet.csv"]);
}

#[test]
fn building_twice_gives_identical_bytes() {
    let r = fixture();
    build_ok(&r);
    let first = read_tree(&r.out());
    build_ok(&r);
    assert_eq!(first, read_tree(&r.out()));
}

#[test]
fn charts_on_internal_pages_stay_out_of_a_public_build() {
    let r = fixture();
    r.write(
        "content/kartlaggning/intern.md",
        "---\ntitle: Intern\naudience: internal\n---\n\n```chart\nid: hemlig\ntype: bar\ntitle: H\nrows:\n  - {a: x, n: 12}\n```\n",
    );
    build_ok(&r);
    assert!(r.out().join("data/hemlig.csv").exists());
    r.audience("public").ok();
    assert!(!r.out().join("data/hemlig.csv").exists());
    assert!(!r.out().join("kartlaggning/intern.html").exists());
}

/// The example pages of the repository (content/ and data/ at the root)
/// build together into figures of every type.
#[test]
fn the_example_pages_build() {
    let root = repo();
    let r = Fixture::empty();
    crate::support::copy_dir(&root.join("data"), &r.path("data"));
    for page in [
        "content/kartlaggning/diagram.md",
        "content/behovsidentifiering/enkat.md",
        // The survey's questions, linked from its page.
        "content/behovsidentifiering/enkatfragor.txt",
    ] {
        r.write(page, std::fs::read(root.join(page)).unwrap());
    }
    // The statistics page the example links to lives on main.
    r.write(
        "content/kartlaggning/statistik.md",
        "---\ntitle: Statistik\n---\n\nSiffror.\n",
    );
    r.write("book.toml", "[book]\ntitle = \"Exempel\"\n");
    build_ok(&r);
    let diagram = read(r.out().join("kartlaggning/diagram.html"));
    let enkat = read(r.out().join("behovsidentifiering/enkat.html"));
    let both = format!("{diagram}{enkat}");
    for kind in [
        "bar",
        "grouped-bar",
        "stacked-bar",
        "line",
        "donut",
        "diverging",
        "area-type",
    ] {
        assert!(
            both.contains(&format!("class=\"chart chart-{kind}\"")),
            "no {kind} chart"
        );
    }
    // diagram.md: 13 + crimes per 1,000 over time and the DeSO of
    // Norrbacka (join); enkat.md: 8 + the open answers.
    assert_eq!(diagram.matches("<figure class=\"chart").count(), 15);
    assert_eq!(enkat.matches("<figure class=\"chart").count(), 9);
    // The Latin-1 SCB file: labels decoded, `..` shown as missing.
    assert!(
        diagram.contains(r#"<th scope="col">Strandängen</th>"#),
        "Latin-1 labels"
    );
    // The JSON-stat file feeds the area types.
    assert!(
        diagram.contains("Norrbacka: områdestyp 2 av 5 – Områden med socioekonomiska utmaningar.")
    );
    // Suppression in the survey.
    assert!(enkat.contains("<td>&lt;5</td>"));
    assert_eq!(read_tree(&r.out().join("data")).len(), 23);
}

// --- Errors: located, exit 1, previous output untouched ---------------------

/// Build the fixture once, break it with `files`, and check that the build
/// fails with exit code 1 and an error starting with `location`, and that
/// the previous output is unchanged. Returns stderr.
fn fails_at(files: &[(&str, &[u8])], location: &str) -> String {
    let r = fixture();
    build_ok(&r);
    let before = read_tree(&r.out());
    for (rel, text) in files {
        r.write(rel, text);
    }
    let o = r.audience("internal").run();
    let stderr = o.stderr.clone();
    assert_eq!(o.code, 1, "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with(location)),
        "expected an error at {location}:\n{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(before, read_tree(&r.out()), "the previous output changed");
    stderr_snapshot(&r, &o);
    stderr
}

/// A page whose chart block starts on line 6 (the fence); its YAML starts
/// on line 7.
fn page_with(chart: &str) -> Vec<u8> {
    format!("---\ntitle: Fel\n---\n\nText.\n```chart\n{chart}```\n").into_bytes()
}

#[test]
fn unknown_type_names_the_page_line() {
    let e = fails_at(
        &[(
            "content/kartlaggning/fel.md",
            &page_with("id: x\ntype: paj\ntitle: X\nrows: []\n"),
        )],
        "content/kartlaggning/fel.md:8:7: error:",
    );
    assert!(e.contains("paj") && e.contains("donut"), "{e}");
}

#[test]
fn missing_data_file() {
    let e = fails_at(
        &[(
            "content/kartlaggning/fel.md",
            &page_with("id: x\ntype: bar\ntitle: X\ndata: saknas.csv\n"),
        )],
        "content/kartlaggning/fel.md:10:7: error: the data file \"data/saknas.csv\" does not exist",
    );
    assert!(
        e.contains("befolkning.csv"),
        "the hint lists the files: {e}"
    );
}

#[test]
fn unknown_column() {
    let e = fails_at(
        &[(
            "content/kartlaggning/fel.md",
            &page_with("id: x\ntype: bar\ntitle: X\ndata: befolkning.csv\ncategory: Åldrar\n"),
        )],
        "content/kartlaggning/fel.md:11:11: error: unknown column \"Åldrar\" in data/befolkning.csv",
    );
    assert!(e.contains("Ålder, Testby, Provkommun"), "{e}");
}

#[test]
fn non_numeric_value_names_the_csv_row_and_the_chart() {
    let e = fails_at(
        &[
            ("data/fel.csv", b"omr\xE5de;antal\nNorr;12\nS\xF6der;tolv\n"),
            (
                "content/kartlaggning/fel.md",
                &page_with("id: x\ntype: bar\ntitle: X\ndata: fel.csv\n"),
            ),
        ],
        "data/fel.csv:3:7: error: \"tolv\" in column \"antal\" is not a number",
    );
    assert!(
        e.contains("content/kartlaggning/fel.md:6"),
        "the hint names the chart: {e}"
    );
}

#[test]
fn ragged_csv_row() {
    fails_at(
        &[
            ("data/fel.csv", b"a,b\nx,1\ny,2,3\n"),
            (
                "content/kartlaggning/fel.md",
                &page_with("id: x\ntype: bar\ntitle: X\ndata: fel.csv\n"),
            ),
        ],
        "data/fel.csv:3:1: error: row has 3 values but the header has 2 columns",
    );
}

#[test]
fn empty_data() {
    fails_at(
        &[
            ("data/tom.csv", b"a;b\n"),
            (
                "content/kartlaggning/fel.md",
                &page_with("id: x\ntype: bar\ntitle: X\ndata: tom.csv\n"),
            ),
        ],
        "data/tom.csv:1:1: error: the file has a header but no rows",
    );
    fails_at(
        &[(
            "content/kartlaggning/fel.md",
            &page_with("id: x\ntype: bar\ntitle: X\nrows: []\n"),
        )],
        "content/kartlaggning/fel.md:10:7: error: the chart \"x\" has no rows",
    );
}

#[test]
fn paths_out_of_the_data_folder() {
    fails_at(
        &[(
            "content/kartlaggning/fel.md",
            &page_with("id: x\ntype: bar\ntitle: X\ndata: ../book.toml\n"),
        )],
        "content/kartlaggning/fel.md:10:7: error: the data path \"../book.toml\" leaves the report's data/ folder",
    );
    fails_at(
        &[(
            "content/kartlaggning/fel.md",
            &page_with("id: x\ntype: bar\ntitle: X\ndata: /etc/passwd\n"),
        )],
        "content/kartlaggning/fel.md:10:7: error:",
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_report() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("hemlig.csv"), "a,b\nx,1\n").unwrap();
    let r = fixture();
    build_ok(&r);
    let before = read_tree(&r.out());
    std::os::unix::fs::symlink(
        outside.path().join("hemlig.csv"),
        r.root.join("data/hemlig.csv"),
    )
    .unwrap();
    let o = r.audience("internal").run();
    let stderr = &o.stderr;
    assert_eq!(o.code, 1, "{stderr}");
    assert!(
        stderr.starts_with("data/hemlig.csv: error: this is a link to "),
        "{stderr}"
    );
    assert!(stderr.contains("outside the report folder"), "{stderr}");
    assert_eq!(before, read_tree(&r.out()));
    stderr_snapshot(&r, &o);
}

#[test]
fn unknown_figure_reference() {
    let e = fails_at(
        &[(
            "content/kartlaggning/fel.md",
            b"---\ntitle: Fel\n---\n\nSe\n@fig-saknas och @fig-svar.\n",
        )],
        "content/kartlaggning/fel.md:6:1: error: no figure \"fig-saknas\" on this page",
    );
    // Figures are numbered per page: a chart on another page is no target.
    assert!(
        e.contains("fel.md:6:17: error: no figure \"fig-svar\" on this page"),
        "{e}"
    );
}

#[test]
fn one_id_for_two_different_charts() {
    let e = fails_at(
        &[(
            "content/kartlaggning/fel.md",
            &page_with("id: svar\ntype: bar\ntitle: Andra svar\nrows:\n  - {a: x, n: 9}\n"),
        )],
        "content/kartlaggning/fel.md:6:1: error: the chart id \"svar\" is used twice",
    );
    assert!(e.contains("content/kartlaggning/diagram.md:25"), "{e}");
}

#[test]
fn bad_shared_chart_file_and_reference() {
    fails_at(
        &[(
            "data/charts.yaml",
            b"charts:\n  - id: a\n    type: bar\n    titel: A\n    rows: []\n",
        )],
        "data/charts.yaml:4:5: error: unknown field `titel`",
    );
    let e = fails_at(
        &[(
            "content/kartlaggning/fel.md",
            &page_with("ref: otrygghet\n"),
        )],
        "content/kartlaggning/fel.md:7:6: error: no shared chart with the id \"otrygghet\"",
    );
    assert!(e.contains("trygghet"), "{e}");
}
