//! Chart, survey, serve and exit-gate diagnostics in the report's language: the
//! messages converted last to the catalogue (#17) speak Swedish and
//! Norwegian with their file:line:column, and English on request.

use crate::support::{BIN, Fixture, read};

/// The charts fixture with one more chart appended to data/charts.yaml;
/// the chart's first line is line 10.
fn with_chart(chart: &str) -> Fixture {
    let f = Fixture::copy("charts");
    let mut yaml = read(f.path("data/charts.yaml"));
    assert_eq!(yaml.lines().count(), 9, "the fixture changed");
    yaml.push_str(chart);
    f.write("data/charts.yaml", yaml);
    f
}

const TOP_ZERO: &str =
    "  - id: topp\n    type: bar\n    title: Topp\n    data: befolkning.csv\n    top: 0\n";
const SHEET_ON_CSV: &str =
    "  - id: blad\n    type: bar\n    title: Blad\n    data: befolkning.csv\n    sheet: Blad1\n";

fn build_in(f: &Fixture, lang: &str) -> crate::support::Run {
    let out = f.out();
    f.build(&[
        "--audience",
        "internal",
        "-o",
        out.to_str().unwrap(),
        "--lang",
        lang,
    ])
}

#[test]
fn a_chart_option_error_speaks_the_chosen_language_at_its_line() {
    let f = with_chart(TOP_ZERO);
    for (lang, says, hint) in [
        ("sv", "top ska vara minst 1", "de tio största"),
        ("nb", "top skal være minst 1", "de ti største"),
        ("en", "top must be at least 1", "the ten largest"),
    ] {
        let r = build_in(&f, lang);
        assert_eq!(r.code, 1, "{lang}: {}", r.stderr);
        assert!(
            r.stderr.contains("data/charts.yaml:14:"),
            "{lang}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(says), "{lang}: {}", r.stderr);
        assert!(r.stderr.contains(hint), "{lang}: {}", r.stderr);
    }
}

#[test]
fn sheet_on_a_csv_file_is_explained_in_swedish() {
    let f = with_chart(SHEET_ON_CSV);
    let r = build_in(&f, "sv");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("data/charts.yaml:14:"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("`sheet` fungerar bara med kalkylark (.xlsx, .ods, .xls)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("låt `data:` peka på kalkylarket"),
        "{}",
        r.stderr
    );
    // No English left in the message or the hint.
    assert!(!r.stderr.contains("works with"), "{}", r.stderr);
    assert!(!r.stderr.contains("remove the line"), "{}", r.stderr);
}

#[test]
fn serve_edit_on_another_address_is_refused_in_norwegian() {
    let f = Fixture::copy("serve");
    let out = std::process::Command::new(BIN)
        .args([
            "serve", "--lang", "nb", "--edit", "--bind", "0.0.0.0", "--port", "0", "--root",
        ])
        .arg(f.dir())
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--edit tar bare imot forespørsler fra denne datamaskinen, ikke på 0.0.0.0"),
        "{err}"
    );
    assert!(err.contains("Legg til --allow-remote-edit"), "{err}");
}

#[test]
fn the_exit_gate_warns_in_the_reports_language() {
    let f = Fixture::copy("basic");
    f.write("content/kartlaggning/lista.tmp", "en anteckning\n");
    for (lang, says, hint) in [
        (
            "sv",
            "lista.tmp är en säkerhetskopia, tillfällig fil eller systemfil och publiceras inte",
            "lägg sådana filer utanför content/ och static/",
        ),
        (
            "nb",
            "lista.tmp er en sikkerhetskopi, midlertidig fil eller systemfil og publiseres ikke",
            "legg slike filer utenfor content/ og static/",
        ),
    ] {
        let r = build_in(&f, lang);
        assert_eq!(r.code, 0, "{lang}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{lang}: {}", r.stderr);
        assert!(r.stderr.contains(hint), "{lang}: {}", r.stderr);
    }
}
