//! The privacy guard of public builds, quotes with consent, and key
//! persons that stay internal. The fixture `privacy` carries unique marker
//! strings in everything internal.

use crate::support::{Fixture, Run, read, read_tree, run};

const ITEMS: &str = "content/kartlaggning/resultat.yaml";
const HOME: &str = "content/_index.md";

/// Everything internal in the fixture: none of it may reach a public build.
const MARKERS: &[&str] = &[
    "MARKER-PAGE-7H2K",
    "070-765 43 21",
    "MARKER-FINDING-3J9X",
    "08-555 12 34",
    "MARKER-QUOTE-5V1C",
    "MARKER-QUOTE-CONTEXT-8N4D",
    "MARKER-KP-NAME-2B6T",
    "MARKER-KP-ROLE-9F3A",
    "MARKER-KP-NOTES-6W2R",
    "marker-kp-mail-4d8e",
    "070-123 45 67",
    "MARKER-KP-NAME-1Z7Y",
    "987 65 43",
    // Ids of internal items and the internal page's file name.
    "kp-fritid",
    "kp-kretsen",
    "q-intern",
    "f-intern",
    "anteckningar",
];

/// A valid Swedish personnummer `YYMMDD-NNNC` from its first nine digits
/// (Luhn over the ten digits).
fn personnummer(first9: &str) -> String {
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

/// A valid Norwegian fødselsnummer (or D-nummer) from the date `DDMMYY`:
/// the first individual number from `from` upward whose mod-11 check
/// digits exist.
fn fodselsnummer(date: &str, from: u32) -> String {
    fn mod11(d: &[u32], w: &[u32]) -> Option<u32> {
        match 11 - d.iter().zip(w).map(|(a, b)| a * b).sum::<u32>() % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        }
    }
    (from..from + 50)
        .find_map(|i| {
            let mut d: Vec<u32> = format!("{date}{i:03}")
                .bytes()
                .map(|b| u32::from(b - b'0'))
                .collect();
            let k1 = mod11(&d, &[3, 7, 6, 1, 8, 9, 4, 5, 2])?;
            d.push(k1);
            let k2 = mod11(&d, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2])?;
            Some(format!("{date}{i:03}{k1}{k2}"))
        })
        .unwrap()
}

/// Change the last digit: the check digit no longer fits.
fn wrong_check_digit(n: &str) -> String {
    let last = n.as_bytes()[n.len() - 1] - b'0';
    format!("{}{}", &n[..n.len() - 1], (last + 1) % 10)
}

fn check(f: &Fixture, args: &[&str]) -> Run {
    let root = f.root.to_string_lossy().to_string();
    let mut all = vec!["check", "--root", root.as_str()];
    all.extend_from_slice(args);
    run(&all, &f.root)
}

fn replace(f: &Fixture, rel: &str, from: &str, to: &str) {
    let text = read(f.path(rel));
    assert!(text.contains(from), "{rel} lacks {from:?}");
    f.write(rel, text.replacen(from, to, 1));
}

/// Build public once (the previous output), apply `fault`, build public
/// again: exit 1, the output untouched, stderr returned.
fn public_build_fails(fault: impl FnOnce(&Fixture)) -> String {
    let f = Fixture::copy("privacy");
    f.build(&["--audience", "public"]).ok();
    let before = read_tree(&f.out());
    assert!(!before.is_empty());
    fault(&f);
    let r = f.build(&["--audience", "public"]);
    assert_eq!(r.code, 1, "expected exit 1\n{r:?}");
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(read_tree(&f.out()), before, "the previous output changed");
    // An internal build is not scanned: the same report builds.
    f.build(&["--output-dir", "../internt"]).ok();
    r.stderr
}

#[test]
fn public_build_contains_no_internal_marker_anywhere() {
    let f = Fixture::copy("privacy");
    f.build(&["--audience", "public"]).ok();
    let public = read_tree(&f.out());
    assert!(public.len() > 5, "{:?}", public.keys());
    for (path, bytes) in &public {
        let text = String::from_utf8_lossy(bytes);
        for m in MARKERS {
            assert!(!path.contains(m), "{m} in the path {path}");
            assert!(!text.contains(m), "{m} leaked into {path}");
        }
        let digits: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
            .collect();
        for d in ["0701234567", "46709876543", "0707654321", "085551234"] {
            assert!(!digits.contains(d), "the number {d} leaked into {path}");
        }
    }
    // The public items are there: the check above looked at real pages.
    let actors = String::from_utf8_lossy(&public["actors.html"]).to_string();
    assert!(actors.contains("Kommunens växel"), "{actors}");
    let findings = String::from_utf8_lossy(&public["findings.html"]).to_string();
    assert!(findings.contains("Jag går inte över torget efter sju."));

    // The same markers are in the internal build, so the search can fail.
    let internal_dir = f.root.parent().unwrap().join("internt");
    f.build(&["--output-dir", internal_dir.to_str().unwrap()])
        .ok();
    let internal: String = read_tree(&internal_dir)
        .values()
        .map(|b| String::from_utf8_lossy(b).to_string())
        .collect();
    for m in MARKERS {
        assert!(
            internal.contains(m),
            "{m} is missing from the internal build"
        );
    }
}

#[test]
fn internal_build_lists_key_persons_under_their_actor() {
    let f = Fixture::copy("privacy");
    f.build(&[]).ok();
    let html = read(f.out().join("actors.html"));
    let actor = html.find("id=\"a-kommunen\"").unwrap();
    let next = html.find("id=\"a-kretsen\"").unwrap();
    let section = &html[actor..next];
    let person = &section[section.find("id=\"kp-fritid\"").expect(section)..];
    let person = &person[..person.find("</li>").unwrap()];
    assert!(person.contains("<strong>MARKER-KP-NAME-2B6T</strong>, MARKER-KP-ROLE-9F3A"));
    assert!(person.contains("<span class=\"badge internal\">Intern</span>"));
    assert!(person.contains("Telefon: <span class=\"phone\">070-123 45 67</span>"));
    assert!(person.contains(
        "<a href=\"mailto:marker-kp-mail-4d8e@provkommun.example.org\">marker-kp-mail-4d8e@provkommun.example.org</a>"
    ));
    assert!(person.contains("<p>MARKER-KP-NOTES-6W2R</p>"));
    // Explicitly public: no internal badge.
    let vaxel = &section[section.find("id=\"kp-vaxel\"").unwrap()..];
    let vaxel = &vaxel[..vaxel.find("</li>").unwrap()];
    assert!(!vaxel.contains("badge internal"), "{vaxel}");
}

#[test]
fn quotes_are_figures_on_their_finding_and_per_need_area() {
    let f = Fixture::copy("privacy");
    f.build(&["--audience", "public"]).ok();
    let html = read(f.out().join("findings.html"));
    // On the finding it illustrates, inside the finding's article.
    let finding = &html[html.find("id=\"f-otrygg-kvall\"").unwrap()..];
    let finding = &finding[..finding.find("</article>").unwrap()];
    assert!(
        finding.contains(
            "<figure class=\"quote\" id=\"q-torget\">\n<blockquote>\n<p>Jag går inte över torget efter sju.\nDå tar jag omvägen förbi skolan.</p>\n</blockquote>\n<figcaption>Workshop med unga, mars 2026</figcaption>\n</figure>"
        ),
        "{finding}"
    );
    // A quote without a finding: in its need area's section, after the
    // findings, with the attribution its consent allows.
    let trygghet = &html[html.find("<h2 id=\"need-trygghet\">").unwrap()..];
    let trygghet = &trygghet[..trygghet.find("</section>").unwrap()];
    let more = &trygghet[trygghet
        .find("<h3 id=\"quotes-trygghet\">Fler röster</h3>")
        .unwrap()..];
    assert!(
        more.contains("<figcaption>Amina, förälder, Föräldramöte, april 2026</figcaption>"),
        "{more}"
    );
    // Each quote appears once.
    assert_eq!(html.matches("id=\"q-torget\"").count(), 1);
    assert_eq!(html.matches("id=\"q-namngiven\"").count(), 1);
}

#[test]
fn personnummer_on_a_page_fails_with_location_and_kind() {
    let pnr = personnummer("850101123");
    let (date, rest) = pnr.split_once('-').unwrap();
    let page =
        format!("---\ntitle: Möte\n---\n\nVi träffade\nen boende ({date}{rest}) på torget.\n");
    let stderr = public_build_fails(|f| f.write("content/kartlaggning/mote.md", &page));
    assert!(
        stderr.contains(
            "content/kartlaggning/mote.md:6:12: error: a Swedish personnummer (850101****) would be published on this page"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint:") && stderr.contains("[privacy] allow"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(&format!("{date}{rest}")),
        "the value is echoed: {stderr}"
    );
}

#[test]
fn each_identifier_kind_is_found_only_with_valid_check_digits() {
    let pnr = personnummer("850101123");
    let samordning = personnummer("850161123");
    let fnr = fodselsnummer("150385", 123);
    let dnr = fodselsnummer("550385", 123);
    for (value, kind) in [
        (pnr.as_str(), "a Swedish personnummer"),
        (samordning.as_str(), "a Swedish samordningsnummer"),
        (fnr.as_str(), "a Norwegian fødselsnummer"),
        (dnr.as_str(), "a Norwegian D-nummer"),
    ] {
        let f = Fixture::copy("privacy");
        f.write(
            "content/kartlaggning/mote.md",
            format!("Nummer {value} här.\n"),
        );
        let r = check(&f, &["--audience", "public"]);
        assert_eq!(r.code, 1, "{value}: {r:?}");
        assert!(
            r.stdout.contains(&format!(
                "content/kartlaggning/mote.md:1:8: error: {kind} ("
            )),
            "{value}: {}",
            r.stdout
        );
        assert!(!r.stdout.contains(value), "{value} echoed: {}", r.stdout);
        // The same digits with a wrong check digit are not an identity number.
        f.write(
            "content/kartlaggning/mote.md",
            format!("Nummer {} här.\n", wrong_check_digit(value)),
        );
        let r = check(&f, &["--audience", "public"]);
        assert!(!r.stdout.contains(kind), "{value}: {}", r.stdout);
    }
}

#[test]
fn phone_numbers_and_addresses_in_items_are_located_in_the_field() {
    // A key person made public: the guard still applies to phone and e-mail.
    let stderr = public_build_fails(|f| {
        replace(
            f,
            ITEMS,
            "    notes: MARKER-KP-NOTES-6W2R\n",
            "    notes: MARKER-KP-NOTES-6W2R\n    audience: public\n",
        )
    });
    assert!(
        stderr.contains("content/kartlaggning/resultat.yaml:47:12: error: a phone number (070-*** ** **) would be published in `phone` of key person \"kp-fritid\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/kartlaggning/resultat.yaml:48:12: error: an e-mail address (m***@provkommun.example.org) would be published in `email` of key person \"kp-fritid\""),
        "{stderr}"
    );
    assert!(!stderr.contains("070-123 45 67"), "{stderr}");

    // On the second line of a block scalar.
    let stderr = public_build_fails(|f| {
        replace(
            f,
            ITEMS,
            "      Då tar jag omvägen förbi skolan.\n",
            "      Då ringer jag +47 912 34 567.\n",
        )
    });
    assert!(
        stderr.contains("content/kartlaggning/resultat.yaml:17:21: error: a phone number (+47 9** ** ***) would be published in `text` of quote \"q-torget\""),
        "{stderr}"
    );
}

#[test]
fn front_matter_values_are_scanned() {
    let stderr = public_build_fails(|f| {
        replace(
            f,
            HOME,
            "summary: Vad vi hörde i Provby våren 2026.",
            "summary: Skriv till anna.svensson@example.se",
        )
    });
    assert!(
        stderr.contains("content/_index.md:3:21: error: an e-mail address (a***@example.se) would be published on this page"),
        "{stderr}"
    );
}

#[test]
fn allowlist_lets_exact_role_contacts_through() {
    // The fixture publishes the allowed switchboard and mailbox (written
    // differently from the allowlist) and the [contact] email.
    let f = Fixture::copy("privacy");
    f.build(&["--audience", "public"]).ok();
    let home = read(f.out().join("index.html"));
    assert!(home.contains("0771 19 95 00") && home.contains("provby@example.org"));
    // Without the allowlist entry, the same text fails where it is written.
    let stderr = public_build_fails(|f| {
        replace(
            f,
            "book.toml",
            "allow = [\"vaxel@provkommun.example.org\", \"0771-19 95 00\"]",
            "allow = [\"vaxel@provkommun.example.org\"]",
        )
    });
    assert!(
        stderr.contains("content/_index.md:9:64: error: a phone number (077* ** ** **)"),
        "{stderr}"
    );
    // A different number is not allowed by a similar one.
    let stderr = public_build_fails(|f| replace(f, HOME, "0771 19 95 00", "0771 19 95 01"));
    assert!(
        stderr.contains("content/_index.md:9:64: error: a phone number"),
        "{stderr}"
    );
}

#[test]
fn attribution_without_consent_is_an_error_in_every_build() {
    let f = Fixture::copy("privacy");
    replace(&f, ITEMS, "    consent: true\n", "");
    for args in [&[][..], &["--audience", "public"][..]] {
        let r = f.build(args);
        assert_eq!(r.code, 1, "{r:?}");
        assert!(
            r.stderr.contains("content/kartlaggning/resultat.yaml:25:18: error: quote \"q-namngiven\" says who said it (attribution) but has no `consent: true`"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    }
    // Also for an internal quote.
    let f = Fixture::copy("privacy");
    replace(
        &f,
        ITEMS,
        "    context: MARKER-QUOTE-CONTEXT-8N4D\n",
        "    context: MARKER-QUOTE-CONTEXT-8N4D\n    attribution: Okänd\n",
    );
    let r = f.build(&[]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("quote \"q-intern\" says who said it"),
        "{}",
        r.stderr
    );
}

#[test]
fn quote_and_key_person_references_are_checked() {
    let f = Fixture::copy("privacy");
    replace(
        &f,
        ITEMS,
        "    finding: f-otrygg-kvall\n",
        "    finding: f-otryg-kvall\n",
    );
    replace(
        &f,
        ITEMS,
        "    organisation: a-kretsen\n",
        "    organisation: a-okand\n",
    );
    replace(
        &f,
        ITEMS,
        "  - id: q-namngiven\n",
        "  - id: f-otrygg-kvall\n",
    );
    let r = check(&f, &[]);
    assert_eq!(r.code, 1, "{r:?}");
    for expected in [
        "resultat.yaml:19:14: error: unknown finding id \"f-otryg-kvall\"",
        "resultat.yaml:53:19: error: unknown actor id \"a-okand\"",
        "resultat.yaml:21:9: error: the id \"f-otrygg-kvall\" is used twice",
    ] {
        assert!(r.stdout.contains(expected), "{expected}\n{}", r.stdout);
    }
}

#[test]
fn internal_content_is_not_scanned() {
    // The internal page, finding and key persons hold phone numbers and
    // addresses; only what the public build contains is scanned.
    let f = Fixture::copy("privacy");
    let r = check(&f, &["--audience", "public", "--format", "json"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!r.stdout.contains("\"privacy\""), "{}", r.stdout);
    // A public quote that points at an internal finding is caught.
    replace(
        &f,
        ITEMS,
        "    finding: f-otrygg-kvall\n",
        "    finding: f-intern\n",
    );
    let r = check(&f, &["--audience", "public"]);
    assert!(
        r.stdout
            .contains("error: public content refers to the internal finding \"f-intern\""),
        "{}",
        r.stdout
    );
}

#[test]
fn check_reports_privacy_hits_as_json() {
    let f = Fixture::copy("privacy");
    replace(&f, HOME, "Frågor?", "Frågor? Ring 08-123 45 67.");
    let r = check(&f, &["--audience", "public", "--format", "json"]);
    assert_eq!(r.code, 1, "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let hits: Vec<&serde_json::Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "privacy")
        .collect();
    assert_eq!(hits.len(), 1, "{}", r.stdout);
    assert_eq!(hits[0]["file"], "content/_index.md");
    assert_eq!(hits[0]["line"], 9);
    assert_eq!(hits[0]["column"], 14);
    assert_eq!(hits[0]["severity"], "error");
    // The internal check does not scan; the default is the public one,
    // as for `kartsite build`.
    let r = check(&f, &["--audience", "internal"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(check(&f, &[]).code, 1);
}

/// 1-based column of `needle` in `line`, counted in characters.
fn column_of(line: &str, needle: &str) -> usize {
    line[..line.find(needle).unwrap()].chars().count() + 1
}

#[test]
fn translations_glossary_and_book_toml_are_scanned() {
    let f = Fixture::copy("residents");
    f.build(&["--audience", "public"]).ok();
    // The glossary has no audience and is part of the public site.
    assert!(read(f.out().join("glossary.html")).contains("vårdcentral"));
    // A page translation.
    let ar = "تحدثنا مع كثير من سكان ليندبي. اكتبوا إلى ahmad.ali@example.se";
    f.write(
        "content/behovsidentifiering/dialog.ar.md",
        format!("---\ntitle: ماذا قال السكان\n---\n\n{ar}\n"),
    );
    // A translated field of an item.
    let plan = "content/analys-och-aterkoppling/plan.yaml";
    let heard = "        heard: اتصلوا على 070-123 45 67";
    replace(
        &f,
        plan,
        "        heard: قلتم إنه لا يوجد شيء تفعلونه في المساء.",
        heard,
    );
    // A glossary explanation.
    let fynd = plan;
    let expl = "    explanation: Ring 1177 eller 0771-11 22 33.";
    replace(
        &f,
        fynd,
        "    explanation: Dit du går när du är sjuk och behöver träffa en läkare eller sjuksköterska.",
        expl,
    );
    // How to take part, in book.toml.
    let part = "text = \"Kom på nästa möte eller ring Kim på 073-987 65 43.\"";
    replace(
        &f,
        "book.toml",
        "text = \"Kom på nästa möte eller skriv till oss.\"",
        part,
    );
    let r = f.build(&["--audience", "public"]);
    assert_eq!(r.code, 1, "{r:?}");
    for expected in [
        format!(
            "content/behovsidentifiering/dialog.ar.md:5:{}: error: an e-mail address (a***@example.se) would be published on this page",
            column_of(ar, "ahmad")
        ),
        format!(
            "{plan}:39:{}: error: a phone number (070-*** ** **) would be published in `translations.ar.heard` of feedback \"fb-boende\"",
            column_of(heard, "070")
        ),
        format!(
            "{fynd}:50:{}: error: a phone number (077*-** ** **) would be published in `explanation` of glossary entry \"vårdcentral\"",
            column_of(expl, "0771")
        ),
        format!(
            "book.toml:20:{}: error: a phone number (073-*** ** **) would be published from [participate] in book.toml",
            column_of(part, "073")
        ),
    ] {
        assert!(r.stderr.contains(&expected), "{expected}\n{}", r.stderr);
    }
    assert_eq!(r.stderr.matches("error:").count(), 4, "{}", r.stderr);
}

#[test]
fn example_report_keeps_key_persons_and_internal_quotes_out_of_the_public_build() {
    let f = Fixture::example();
    let root = &f.root;
    let out = f.dir().join("webb");
    f.audience("public").out(&out).ok();
    let site: String = read_tree(&out)
        .values()
        .map(|b| String::from_utf8_lossy(b).to_string())
        .collect();
    let persons = read(root.join("content/kartlaggning/nyckelpersoner.yaml"));
    let mut checked = 0;
    for line in persons.lines() {
        let line = line.trim();
        for key in ["name: ", "phone: ", "email: ", "notes: "] {
            if let Some(v) = line.strip_prefix(key) {
                assert!(!site.contains(v), "{v} leaked into the public build");
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "{checked}");
    assert!(!site.contains("trappuppgång som inte sover"));
    // The public quotes are there.
    assert!(site.contains("Jag känner inte mina"));
    assert!(site.contains("Ordföranden i Hyresgästföreningen Norrbacka"));
}
