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

pub(crate) fn build_public(f: &Fixture) -> Run {
    let out = f.root.parent().unwrap().join("ut");
    f.build(&["--audience", "public", "-o", out.to_str().unwrap()])
}

pub(crate) fn out(f: &Fixture) -> std::path::PathBuf {
    f.root.parent().unwrap().join("ut")
}

pub(crate) fn append(f: &Fixture, rel: &str, text: &str) {
    let old = std::fs::read_to_string(f.path(rel)).unwrap_or_default();
    f.write(rel, format!("{old}{text}"));
}

pub(crate) fn set_book(f: &Fixture, section: &str, line: &str) {
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
pub(crate) fn absent(f: &Fixture, markers: &[&str], case: &str) {
    if !out(f).exists() {
        return;
    }
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
        c.says.is_empty()
            || records(&r.stderr)
                .iter()
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

/// Each message with its hint: a line and the indented lines after it.
pub(crate) fn records(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in stderr.lines() {
        match out.last_mut() {
            Some(last) if l.starts_with(' ') => {
                last.push('\n');
                last.push_str(l);
            }
            _ => out.push(l.to_string()),
        }
    }
    out
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

#[test]
fn backups_and_system_files_are_never_published() {
    let names = [
        "content/kartlaggning/resultat.yaml~",
        "content/kartlaggning/#statistik.md#",
        "content/kartlaggning/nyckelpersoner.yaml.bak",
        "content/kartlaggning/.statistik.md.swp",
        "content/kartlaggning/lista.tmp",
        "content/kartlaggning/~$intervjuer.docx",
        "content/kartlaggning/.DS_Store",
        "content/kartlaggning/Thumbs.db",
        "content/kartlaggning/desktop.ini",
        "content/kartlaggning/statistik.md.orig",
        "static/kopia.md.txt",
    ];
    for (i, name) in names.iter().enumerate() {
        let marker = format!("BACKUP-MARKER-{i}");
        let text = format!("namn: Anna\ntelefon: 070-{i}23 45 67\n{marker}\n");
        let n = name.to_string();
        let file = name.rsplit('/').next().unwrap().to_string();
        // Files whose name starts with a dot are never read at all.
        let says: &[&str] = if file.starts_with('.') {
            &[]
        } else {
            &[
                &file,
                "is an editor backup, temporary or system file and is not published",
            ]
        };
        let c = case(
            format!("backup {name}"),
            move |f| f.write(&n, &text),
            &[&marker, &file],
            false,
            says,
        );
        run_case(&c);
    }
}

#[test]
fn personal_data_written_to_slip_past_the_source_check_is_caught_as_published() {
    let p = pnr("850101123");
    let (date, tail) = p.split_once('-').unwrap();
    // How a reader sees it, then how it is written.
    let fw = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap(),
                c => c,
            })
            .collect()
    };
    // Arabic-Indic (`zero` U+0660) or Persian (U+06F0) digits.
    let other_digits = |s: &str, zero: u32| -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + zero).unwrap(),
                c => c,
            })
            .collect()
    };
    let written: Vec<(String, String)> = vec![
        ("underscore emphasis".into(), format!("_{date}_-{tail}")),
        ("entity dash".into(), format!("{date}&#45;{tail}")),
        ("entity hex".into(), format!("{date}&#x2d;{tail}")),
        ("backslash escape".into(), format!("{date}\\-{tail}")),
        (
            "split by emphasis".into(),
            format!("{}*{}*-{tail}", &date[..4], &date[4..]),
        ),
        (
            "soft line break".into(),
            "Ring 070-123\n45 67 i dag".to_string(),
        ),
        ("en dash".into(), format!("{date}–{tail}")),
        ("no-break space".into(), format!("{date}\u{a0}{tail}")),
        ("zero-width space".into(), format!("{date}\u{200b}-{tail}")),
        ("soft hyphen".into(), format!("{date}\u{ad}{tail}")),
        ("full-width digits".into(), fw(&p)),
        ("Arabic-Indic digits".into(), other_digits(&p, 0x0660)),
        (
            "Persian digits glued to an Arabic word".into(),
            format!("هاتف{}", other_digits("0701234567", 0x06F0)),
        ),
        ("glued to letters".into(), "tel0701234567".to_string()),
        (
            "at in brackets".into(),
            "anna.svensson [at] exempel.se".to_string(),
        ),
        (
            "at in parentheses".into(),
            "anna.svensson(at)exempel.se".to_string(),
        ),
        (
            "full-width at".into(),
            "anna.svensson＠exempel.se".to_string(),
        ),
        (
            "entity at".into(),
            "anna.svensson&#64;exempel.se".to_string(),
        ),
        ("dots".into(), "070.123.45.67".to_string()),
        (
            "area code in parentheses".into(),
            "(070) 123 45 67".to_string(),
        ),
        ("slash".into(), "070/123 45 67".to_string()),
        ("00 46".into(), "00 46 70 123 45 67".to_string()),
        (
            "spaced date".into(),
            format!("{} {} {}-{tail}", &date[..2], &date[2..4], &date[4..]),
        ),
        (
            "percent-encoded in a link".into(),
            format!("[karta](https://karta.example.org/?p={date}%2D{tail})"),
        ),
        (
            "raw HTML comment".into(),
            format!("{date}<!-- x -->-{tail}"),
        ),
        (
            "split by raw HTML".into(),
            format!("{}<span></span>{}-{tail}", &date[..3], &date[3..]),
        ),
    ];
    let mut n = 0;
    for (name, text) in written {
        let marker_digits = if text.chars().any(|c| ('\u{0660}'..='\u{06F9}').contains(&c)) {
            // Published as written: the digits as they are written.
            text.trim_start_matches("هاتف").to_string()
        } else if text.contains("exempel") {
            "anna.svensson@exempel.se".to_string()
        } else if text.contains("070") {
            "0701234567".to_string()
        } else {
            p.replace('-', "")
        };
        let t = text.clone();
        let c = case(
            format!("page body: {name}"),
            move |f| {
                set_book(f, "build", "allow_raw_html = true");
                append(f, PAGE, &format!("\nKontakt: {t}\n"));
            },
            &[&marker_digits],
            true,
            &["statistik.md", "would be published"],
        );
        run_case(&c);
        n += 1;
    }
    // In a folder name.
    let folder = format!("content/{date}-{tail}/sida.md");
    let c = case(
        "folder name",
        move |f| f.write(&folder, "---\ntitle: Sida\n---\n\nText.\n"),
        &[&p.replace('-', "")],
        true,
        &["would be published"],
    );
    run_case(&c);
    n += 1;
    eprintln!("personal data in pages: {n} variants blocked");
}

#[test]
fn chart_data_and_book_toml_are_scanned() {
    let p = pnr("900202234");
    let digits = p.replace('-', "");
    type Setup = Box<dyn Fn(&Fixture)>;
    let chart_cases: Vec<(&str, Setup)> = vec![
        (
            "CSV cell",
            Box::new({
                let p = p.clone();
                move |f: &Fixture| {
                    let csv = read(f.path("data/befolkning.csv")).replacen(
                        "0–19 år",
                        &format!("0–19 år {p}"),
                        1,
                    );
                    f.write("data/befolkning.csv", csv);
                }
            }),
        ),
        (
            "CSV header",
            Box::new({
                let p = p.clone();
                move |f: &Fixture| {
                    let csv = read(f.path("data/befolkning.csv")).replacen(
                        "Provkommun",
                        &format!("Anna {p}"),
                        1,
                    );
                    f.write("data/befolkning.csv", csv);
                }
            }),
        ),
        (
            "charts.yaml title",
            Box::new({
                let p = p.clone();
                move |f: &Fixture| {
                    let y = read(f.path("data/charts.yaml")).replacen(
                        "title: Andel otrygga",
                        &format!("title: Andel otrygga {p}"),
                        1,
                    );
                    f.write("data/charts.yaml", y);
                }
            }),
        ),
    ];
    let mut n = 0;
    for (name, setup) in chart_cases {
        let f = Fixture::copy("charts");
        setup(&f);
        let r = build_public(&f);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains("would be published"),
            "{name}: {}",
            r.stderr
        );
        assert!(
            !r.stderr.contains(&p) && !r.stderr.contains(&digits),
            "{name}: the message repeats it"
        );
        absent(&f, &[&digits], name);
        n += 1;
    }
    let toml_cases: Vec<(&str, String)> = vec![
        (
            "TOML escape",
            "description = \"Ring 070\\u002d123 45 67\"".into(),
        ),
        (
            "multi-line string with a # line",
            "description = \"\"\"\nOm oss\n# 070-123 45 67\n\"\"\"".into(),
        ),
        (
            "line continuation",
            "description = \"\"\"Ring 070-123 \\\n    45 67\"\"\"".into(),
        ),
    ];
    for (name, line) in toml_cases {
        let l = line.clone();
        let c = case(
            format!("book.toml: {name}"),
            move |f| {
                let book = read(f.path("book.toml")).replacen(
                    "description = \"En liten testrapport.\"",
                    &l,
                    1,
                );
                f.write("book.toml", book);
            },
            &["0701234567"],
            true,
            &["book.toml:", "would be published from [book] in book.toml"],
        );
        run_case(&c);
        n += 1;
    }
    let c = case(
        "book.toml: [contact] role",
        |f| {
            let book = read(f.path("book.toml")).replacen(
                "role = \"Samordnare\"",
                "role = \"Anna, 070-123 45 67\"",
                1,
            );
            f.write("book.toml", book);
        },
        &["0701234567"],
        true,
        &[
            "book.toml:",
            "would be published from [contact] in book.toml",
        ],
    );
    run_case(&c);
    n += 1;
    eprintln!("chart data and book.toml: {n} variants blocked");
}

#[test]
fn remote_images_are_removed_and_kept_only_with_raw_html() {
    for (i, html) in [
        "<img src=\"https://tracker.example/pixel-R0.gif\" alt=\"x\">",
        "<img src=\"//tracker.example/pixel-R1.gif\" alt=\"x\">",
        "<img src=\"\\\\tracker\\share\\pixel-R2.gif\" alt=\"x\">",
        "<img src=\"HTTPS://tracker.example/pixel-R3.jpg\" alt=\"x\">",
    ]
    .iter()
    .enumerate()
    {
        let h = html.to_string();
        let c = case(
            format!("remote image {i}"),
            move |f| append(f, PAGE, &format!("\n{h}\n")),
            &[&format!("pixel-R{i}")],
            false,
            &["statistik.md", "it was removed from the published file"],
        );
        run_case(&c);
    }
    // An SVG copied from static/ that loads an image from another host.
    let c = case(
        "remote image in a static SVG",
        |f| {
            f.write(
                "static/karta.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<image xlink:href=\"https://tracker.example/pixel-R4.png\" width=\"10\" height=\"10\"/>\n<a href=\"javascript:alert('R5')\"><text>x</text></a></svg>\n",
            )
        },
        &["pixel-R4", "javascript:alert"],
        false,
        &[
            "karta.svg",
            "on line 2 of karta.svg",
            "it was removed from the published file",
        ],
    );
    run_case(&c);
    // With allow_raw_html the image stays, with the warning.
    let f = Fixture::copy("basic");
    set_book(&f, "build", "allow_raw_html = true");
    append(
        &f,
        PAGE,
        "\n<img src=\"https://tracker.example/kept.gif\" alt=\"x\">\n",
    );
    let r = build_public(&f);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("each visit makes a request to another host"),
        "{}",
        r.stderr
    );
    let page = read(out(&f).join("kartlaggning/statistik.html"));
    assert!(page.contains("https://tracker.example/kept.gif"));
}

#[test]
fn raw_links_and_participate_text_to_internal_pages_fail_a_public_build() {
    let c = case(
        "raw <a href> to an internal page",
        |f| {
            set_book(f, "build", "allow_raw_html = true");
            append(
                f,
                PAGE,
                "\n<a href=\"anteckningar.html\">Anteckningar</a>\n",
            );
        },
        &["INTERNAL-MARKER-PAGE"],
        true,
        &[
            "statistik.md",
            "links to kartlaggning/anteckningar.html, which this build does not publish",
        ],
    );
    run_case(&c);
    let c = case(
        "[participate] text to an internal page",
        |f| {
            let book = read(f.path("book.toml"));
            f.write(
                "book.toml",
                format!("{book}\n[participate]\ntext = \"Läs [anteckningarna](kartlaggning/anteckningar.html).\"\n"),
            );
        },
        &["INTERNAL-MARKER-PAGE"],
        true,
        &["links to kartlaggning/anteckningar.html, which this build does not publish"],
    );
    run_case(&c);
}

#[test]
fn translation_names_and_audiences() {
    let c = case(
        "unknown language",
        |f| {
            f.write(
                "content/kartlaggning/anteckningar.so.md",
                "---\ntitle: X\n---\n\nMARKER-SO\n",
            );
        },
        &["MARKER-SO"],
        true,
        &["anteckningar.so.md", "\"so\" is not in [book] languages"],
    );
    run_case(&c);
    let c = case(
        "language in capitals",
        |f| {
            set_book(f, "book", "languages = [\"ar\"]");
            f.write(
                "content/kartlaggning/statistik.AR.md",
                "---\ntitle: X\n---\n\nMARKER-AR\n",
            );
        },
        &["MARKER-AR"],
        true,
        &["statistik.AR.md", "rename it to statistik.ar.md"],
    );
    run_case(&c);
    let c = case(
        "audience in a translation",
        |f| {
            set_book(f, "book", "languages = [\"ar\"]");
            f.write(
                "content/kartlaggning/statistik.ar.md",
                "---\ntitle: X\naudience: public\n---\n\nMARKER-TR\n",
            );
        },
        &["MARKER-TR"],
        true,
        &["statistik.ar.md:3:", "set it on the page it translates"],
    );
    run_case(&c);
}

#[test]
fn csv_downloads_neutralise_formulas_and_keep_numbers() {
    let f = Fixture::copy("charts");
    let csv = read(f.path("data/befolkning.csv"))
        .replacen("0–19 år", "=HYPERLINK(\"https://evil.example\")", 1)
        .replacen("20–64 år", "@SUM(A1)", 1)
        .replacen("65 år och äldre", "+cmd", 1);
    f.write("data/befolkning.csv", csv);
    let r = build_public(&f);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut seen = 0;
    for (path, bytes) in read_tree(&out(&f)) {
        if !path.ends_with(".csv") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes)
            .trim_start_matches('\u{feff}')
            .to_string();
        for line in text.lines() {
            for cell in line.split(';') {
                let cell = cell.trim_matches('"');
                assert!(
                    !cell.starts_with(['=', '+', '@'])
                        && (!cell.starts_with('-')
                            || cell.parse::<f64>().is_ok()
                            || cell.len() <= 1),
                    "{path}: a formula cell {cell:?}"
                );
            }
            if line.contains("HYPERLINK") {
                assert!(line.contains("'=HYPERLINK"), "{line}");
                seen += 1;
            }
        }
    }
    assert!(
        seen >= 1,
        "the download with the formula cell was not found"
    );
}

#[test]
fn false_positives_build() {
    let f = Fixture::copy("basic");
    append(
        &f,
        PAGE,
        "\nBidrag till bankgiro: IBAN SE45 5000 0000 0583 9825 7466, BIC ESSESESS.\n\n\
         Ärendenummer 070-2025-123 hos kommunen, Dnr KS 2025/123.\n",
    );
    let book = read(f.path("book.toml"));
    f.write(
        "book.toml",
        format!(
            "# Anna Andersson, 070-123 45 67, skrev den här filen.\n{book}\n# Ring 070-765 43 21\n"
        ),
    );
    let r = build_public(&f);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("would be published"), "{}", r.stderr);
    let page = read(out(&f).join("kartlaggning/statistik.html"));
    assert!(page.contains("SE45 5000 0000 0583 9825 7466"));
    assert!(page.contains("070-2025-123"));
}
