//! The exit gate: a leak corpus of report variants, one per channel by
//! which script or personal data reached a public build before the gate,
//! each with a unique marker or payload. Every variant is built public;
//! every output file is read as bytes, also after entity and percent
//! decoding and with separators and invisible characters removed; the
//! marker must be absent and the expected located message printed. The
//! false positives of the issue build cleanly.

use crate::support::{Fixture, Run, read, read_tree};

/// A valid Swedish personnummer `YYMMDD-NNNC` from its first nine digits.
fn pnr(first9: &str) -> String {
    let sum: u32 = first9
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .enumerate()
        .map(|(i, d)| {
            let v = if i % 2 == 0 { d * 2 } else { d };
            v / 10 + v % 10
        })
        .sum();
    format!("{}-{}{}", &first9[..6], &first9[6..], (10 - sum % 10) % 10)
}

fn build_public(f: &Fixture) -> Run {
    let out = f.root.parent().unwrap().join("ut");
    f.build(&["--audience", "public", "-o", out.to_str().unwrap()])
}

fn out(f: &Fixture) -> std::path::PathBuf {
    f.root.parent().unwrap().join("ut")
}

fn append(f: &Fixture, rel: &str, text: &str) {
    let old = std::fs::read_to_string(f.path(rel)).unwrap_or_default();
    f.write(rel, format!("{old}{text}"));
}

fn set_book(f: &Fixture, section: &str, line: &str) {
    let book = read(f.path("book.toml"));
    let head = format!("[{section}]\n");
    let text = if book.contains(&head) {
        book.replacen(&head, &format!("{head}{line}\n"), 1)
    } else {
        format!("{book}\n{head}{line}\n")
    };
    f.write("book.toml", text);
}

/// Every form in which a file's text could show `marker`: as written,
/// after entity and percent decoding (twice), NFKC, with invisible
/// characters and separators removed.
fn views(bytes: &[u8]) -> Vec<String> {
    use kartsite::gate::text::{decode_entities, decode_percent, normalise};
    let raw = String::from_utf8_lossy(bytes).to_string();
    let decoded = decode_percent(&decode_entities(&raw)).to_string();
    let norm = normalise(&decoded);
    let squeezed: String = norm
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '/' | '(' | ')' | '_' | '*'))
        .collect();
    vec![raw, decoded, norm.to_lowercase(), squeezed.to_lowercase()]
}

/// Assert `markers` appear in no output file (name or bytes, in any of
/// the [`views`]).
#[track_caller]
fn absent(f: &Fixture, markers: &[&str], case: &str) {
    for (path, bytes) in read_tree(&out(f)) {
        let mut all = views(bytes.as_slice());
        all.extend(views(path.as_bytes()));
        for m in markers {
            let m = m.to_lowercase();
            let squeezed: String = m
                .chars()
                .filter(|c| !matches!(c, ' ' | '-' | '.' | '/' | '(' | ')' | '_' | '*'))
                .collect();
            for v in &all {
                assert!(
                    !v.contains(&m) && !v.contains(&squeezed),
                    "{case}: {m:?} reached {path}"
                );
            }
        }
    }
}

/// One variant of the report: how it is made, what must not be
/// published, and what the build must say.
struct Case {
    name: String,
    setup: Box<dyn Fn(&Fixture)>,
    markers: Vec<String>,
    /// Whether the build must fail.
    fails: bool,
    /// Fragments of one line of stderr (file and message).
    says: Vec<String>,
}

fn case(
    name: impl Into<String>,
    setup: impl Fn(&Fixture) + 'static,
    markers: &[&str],
    fails: bool,
    says: &[&str],
) -> Case {
    Case {
        name: name.into(),
        setup: Box::new(setup),
        markers: markers.iter().map(|s| s.to_string()).collect(),
        fails,
        says: says.iter().map(|s| s.to_string()).collect(),
    }
}

const PAGE: &str = "content/kartlaggning/statistik.md";

#[track_caller]
fn run_case(c: &Case) {
    let f = Fixture::copy("basic");
    (c.setup)(&f);
    let r = build_public(&f);
    assert!(!r.stderr.contains("panicked"), "{}: {}", c.name, r.stderr);
    if c.fails {
        assert_eq!(
            r.code, 1,
            "{}: expected the build to fail\n{}",
            c.name, r.stderr
        );
    } else {
        assert_eq!(
            r.code, 0,
            "{}: expected the build to pass\n{}",
            c.name, r.stderr
        );
    }
    assert!(
        r.stderr
            .lines()
            .any(|l| c.says.iter().all(|s| l.contains(s.as_str()))),
        "{}: no line of stderr holds {:?}\n{}",
        c.name,
        c.says,
        r.stderr
    );
    let markers: Vec<&str> = c.markers.iter().map(String::as_str).collect();
    absent(&f, &markers, &c.name);
    // The message never repeats the personal data it reports.
    for m in &markers {
        if m.chars().filter(char::is_ascii_digit).count() >= 8 || m.contains('@') {
            assert!(!r.stderr.contains(m), "{}: the message repeats {m}", c.name);
        }
    }
}

/// Script URLs, written in the ways that reach a live link.
const SCRIPT_URLS: &[&str] = &[
    "javascript:alert('G1')",
    "JaVaScRiPt:alert('G2')",
    "java&#x73;cript:alert('G3')",
    "java%73cript:alert('G4')",
    "data:text/html,<script>alert('G5')</script>",
    "vbscript:msgbox('G6')",
    "javascript&colon;alert('G7')",
];

fn script_markers() -> Vec<&'static str> {
    vec!["javascript:alert", "data:text/html", "vbscript:"]
}

#[test]
fn script_urls_never_reach_a_published_file() {
    let mut n = 0;
    for (i, payload) in SCRIPT_URLS.iter().enumerate() {
        // A relative link the print page would rebase into a live one.
        let p = payload.to_string();
        let c = case(
            format!("raw link {i}"),
            move |f| {
                set_book(f, "build", "allow_raw_html = true");
                append(
                    f,
                    PAGE,
                    &format!("\n<a href=\"../{p}\">G-link</a> <img src=\"{p}\" alt=\"x\">\n"),
                );
            },
            &script_markers(),
            false,
            &["statistik.md", "it was removed from the published file"],
        );
        run_case(&c);
        n += 1;
    }
    // A page whose file name is a script URL: an error naming the file
    // with a suggested name.
    let c = case(
        "page named javascript:",
        |f| {
            f.write(
                "content/javascript:alert(1).md",
                "---\ntitle: X\n---\n\nText.\n",
            )
        },
        &["javascript:alert"],
        true,
        &[
            "javascript:alert(1).md",
            "rename it, e.g. to javascript-alert(1)",
        ],
    );
    run_case(&c);
    n += 1;
    eprintln!("script URLs: {n} variants blocked");
}
