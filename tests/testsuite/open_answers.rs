//! Open survey answers (issue #14): a question the mapping marks public is
//! listed with `type: answers`, and every answer goes through the privacy
//! guard first. A hit stops the build with an error at the answer's row and
//! column in the export, the value masked, and the last output is left as
//! it was. Checked on the bytes written.

use crate::support::{Fixture, hashes, read, repo};

const MAPPING: &str = "export: svar.csv\nscale: [Mycket otrygg, Ganska otrygg, Ganska trygg, Mycket trygg]\noutside_scale: [Vet ej]\ngroup: Ålder\nitems:\n  - id: kvall\n    column: Hur trygg känner du dig ute i området sent på kvällen?\nopen:\n  - id: andra\n    column: Vad vill du ändra i Norrbacka?\n    public: true\n";

const PAGE: &str = "---\ntitle: Enkäten\n---\n\nSå svarade de boende.\n\n```chart\nid: andra\ntype: answers\ntitle: Vad vill du ändra i Norrbacka?\nsurvey: enkat.yaml\nitem: andra\nsource: Enkät till boende, hösten 2024\n```\n";

/// The Google Forms export of tests/fixtures/exports, whose third answer
/// is "Ring mig på 070-123 45 67" (line 4, column 6).
fn export() -> String {
    read(repo().join("tests/fixtures/exports/google-forms.csv"))
}

fn report(export: &str) -> Fixture {
    let f = Fixture::copy("basic");
    f.write("data/svar.csv", export);
    f.write("data/enkat.yaml", MAPPING);
    f.write("content/kartlaggning/enkat.md", PAGE);
    f
}

/// The report with the phone number in the export replaced by `answer`,
/// built public into `ut/`: (fixture, output folder, its path as text).
fn built_clean(answer: &str) -> (Fixture, std::path::PathBuf, String) {
    let f = report(&export().replace("Ring mig på 070-123 45 67", answer));
    let out = f.path("ut");
    let o = out.to_string_lossy().to_string();
    f.build(&["--audience", "public", "-o", &o]).ok();
    (f, out, o)
}

#[test]
fn a_phone_number_in_a_public_open_answer_stops_the_build_at_its_cell() {
    let (f, out, o) = built_clean("Ring till kommunen om belysningen");
    let before = hashes(&out);
    f.write("data/svar.csv", export());
    for audience in ["public", "internal"] {
        let scratch = f.path(&format!("ut-{audience}"));
        let dir = if audience == "public" {
            o.clone()
        } else {
            scratch.to_string_lossy().to_string()
        };
        let r = f.build(&["--audience", audience, "-o", &dir]);
        assert_ne!(r.code, 0, "{audience}: {}", r.stderr);
        // Line 4 of the export, the sixth column, which starts at
        // character 91 of the line.
        let line = export().lines().nth(3).unwrap().to_string();
        let col = line.find("\"Ring").unwrap();
        let col = line[..col].chars().count() + 1;
        let at = format!(
            "data/svar.csv:4:{col}: error: an open answer to \"andra\" holds a phone number (070"
        );
        assert!(r.stderr.contains(&at), "{audience}: {}", r.stderr);
        assert!(r.stderr.contains("public: false"), "the fix: {}", r.stderr);
        assert!(!r.stderr.contains("123 45 67"), "masked: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    // The public site that was there is untouched.
    assert_eq!(hashes(&out), before);
    for (path, bytes) in crate::support::read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("070-123"), "{path} holds the phone number");
    }
    // E-mail addresses and personnummer are caught the same way.
    for (answer, what) in [
        (
            "Skriv till anna.berg@example.com",
            "an e-mail address (a***@example.com)",
        ),
        ("Jag heter 19811218-9876", "a Swedish personnummer"),
    ] {
        f.write(
            "data/svar.csv",
            export().replace("Ring mig på 070-123 45 67", answer),
        );
        let r = f.build(&["--audience", "public", "-o", &o]);
        assert_ne!(r.code, 0);
        assert!(r.stderr.contains("data/svar.csv:4:"), "{}", r.stderr);
        assert!(r.stderr.contains(what), "{what}: {}", r.stderr);
    }
}

#[test]
fn public_open_answers_are_listed_as_written_with_a_download() {
    let (f, out, _) = built_clean("Ring till   kommunen om belysningen");
    let page = read(out.join("kartlaggning/enkat.html"));
    assert!(page.contains("<p class=\"chart-summary\">3 svar, återgivna som de skrevs.</p>\n<ul class=\"open-answers\">\n<li>Mer ljus vid tunneln</li>\n<li>Ring till kommunen om belysningen</li>\n<li>Fler vuxna ute på kvällarna</li>\n</ul>"), "{page}");
    assert!(page.contains("href=\"../data/andra.csv\""), "{page}");
    let csv = read(out.join("data/andra.csv"));
    assert!(
        csv.starts_with("\u{feff}Vad vill du ändra i Norrbacka?\r\nMer ljus vid tunneln\r\n"),
        "{csv}"
    );
    // Nothing else of the export: no time stamps, no age groups beside the answers.
    assert!(!page.contains("2024/09/02"), "time stamps leaked");
    // Deterministic.
    let again = f.path("ut2");
    f.build(&["--audience", "public", "-o", &again.to_string_lossy()])
        .ok();
    assert_eq!(hashes(&out), hashes(&again));
}

#[test]
fn an_open_question_not_marked_public_is_not_listed() {
    let f = report(&export());
    f.write("data/enkat.yaml", MAPPING.replace("    public: true\n", ""));
    let o = f.path("ut").to_string_lossy().to_string();
    let r = f.build(&["--audience", "public", "-o", &o]);
    assert_ne!(r.code, 0);
    // `item: andra` is line 12 of the page.
    assert!(
        r.stderr.contains("content/kartlaggning/enkat.md:12:7: error: the open question \"andra\" in data/enkat.yaml is not marked public"),
        "{}",
        r.stderr
    );
    // A scale item in `type: answers`, an open question in a diverging chart.
    f.write("data/enkat.yaml", MAPPING);
    f.write(
        "content/kartlaggning/enkat.md",
        PAGE.replace("item: andra", "item: kvall"),
    );
    let r = f.build(&["--audience", "public", "-o", &o]);
    assert!(
        r.stderr.contains("is a scale item, not an open question"),
        "{}",
        r.stderr
    );
    f.write(
        "content/kartlaggning/enkat.md",
        PAGE.replace("type: answers", "type: diverging"),
    );
    let r = f.build(&["--audience", "public", "-o", &o]);
    assert!(
        r.stderr.contains("is an open question, not a scale item"),
        "{}",
        r.stderr
    );
}
