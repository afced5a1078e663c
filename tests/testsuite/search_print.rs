//! Offline search, the print page and the accessibility statement, tested
//! on built sites of the fixture report `tests/fixtures/search-report`.
//!
//! The search client (`themes/default/static/search.js`) runs in Node, as
//! the browser suite does; Node is required (CI installs it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kartsite::config::Audience;
use kartsite::render::OutFile;
use kartsite::{BuildOptions, build_in_memory};

use crate::support::{copy_dir, repo};

const FIXTURE: &str = "tests/fixtures/search-report";
/// Words that occur only in internal content of the fixture.
const INTERNAL_MARKERS: &[&str] = &["kvastfenomenintern", "fynddoldmarkor", "aktordoldmarkor"];

fn fixture() -> PathBuf {
    repo().join(FIXTURE)
}

fn build(root: &Path, audience: Audience) -> Vec<OutFile> {
    let mut opts = BuildOptions::new(root);
    opts.audience = audience;
    match build_in_memory(&opts) {
        Ok(b) => b.files,
        Err(d) => panic!("the fixture does not build:\n{d:?}"),
    }
}

fn file<'a>(files: &'a [OutFile], url: &str) -> &'a str {
    let f = files
        .iter()
        .find(|f| f.url == url)
        .unwrap_or_else(|| panic!("{url} was not written"));
    std::str::from_utf8(&f.bytes).expect("UTF-8 output")
}

/// A copy of the fixture with `[book] language` set to `lang`.
fn fixture_in(lang: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(), dir.path());
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("language = \"sv\""));
    std::fs::write(
        &toml,
        text.replace("language = \"sv\"", &format!("language = \"{lang}\"")),
    )
    .unwrap();
    dir
}

/// Run `script` in Node with `input` on stdin; returns stdout.
fn node(script: &str, input: &str) -> String {
    let mut child = Command::new("node")
        .arg("-e")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Node.js (`node`) is needed to test the search client: install nodejs");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Load search.js and (optionally) a search-index.js into one context.
const LOADER: &str = r#"
const vm = require("vm"), fs = require("fs");
const ctx = { window: {} };
vm.createContext(ctx);
const files = JSON.parse(fs.readFileSync(0, "utf8"));
for (const f of files.scripts) vm.runInContext(f, ctx);
const api = ctx.window.kartsiteSearchClient;
"#;

/// The URLs the client finds for each query, best first.
fn client_search(files: &[OutFile], queries: &[&str]) -> BTreeMap<String, Vec<String>> {
    let input = serde_json::json!({
        "scripts": [file(files, "search.js"), file(files, "search-index.js")],
        "queries": queries,
    });
    let script = format!(
        "{LOADER}
const idx = ctx.window.kartsiteSearch;
const out = {{}};
for (const q of files.queries) out[q] = api.search(idx, q).map(r => idx.docs[r.doc][0]);
process.stdout.write(JSON.stringify(out));"
    );
    serde_json::from_str(&node(&script, &input.to_string())).unwrap()
}

#[test]
fn trygg_finds_trygghet_and_otrygga() {
    let files = build(&fixture(), Audience::Public);
    let hits = client_search(&files, &["trygg", "Tryggheten", "belysningen", "otrygg"]);
    let trygg = &hits["trygg"];
    // "Trygghet i området" (trygghet) and "Dialog med föräldrar" (only "otrygga").
    assert!(
        trygg.contains(&"kartlaggning/trygghet.html".to_string()),
        "{trygg:?}"
    );
    assert!(
        trygg.contains(&"kartlaggning/dialog.html".to_string()),
        "{trygg:?}"
    );
    // Another inflection of the query meets the same pages.
    assert!(
        hits["Tryggheten"].contains(&"kartlaggning/dialog.html".to_string()),
        "{hits:?}"
    );
    // Items are found with their anchors; the title weighs most.
    let bel = &hits["belysningen"];
    assert!(
        bel.contains(&"findings.html#f-belysning".to_string()),
        "{bel:?}"
    );
    assert!(
        bel.contains(&"priorities.html#p-belysning".to_string()),
        "{bel:?}"
    );
    // An exact stem ranks before pages that only contain it inside a word.
    assert_eq!(hits["otrygg"][0], "kartlaggning/dialog.html", "{hits:?}");
}

#[test]
fn norwegian_site_stems_norwegian() {
    let dir = fixture_in("nb");
    let files = build(dir.path(), Audience::Public);
    let index = file(&files, "search-index.js");
    assert!(index.contains("\"lang\":\"nb\""));
    // Norwegian stemming of the Swedish words differs: "trygghet" → "trygg"
    // in both, but the client must use the Norwegian stemmer to find it.
    let hits = client_search(&files, &["tryggheten"]);
    assert!(
        hits["tryggheten"].contains(&"kartlaggning/trygghet.html".to_string()),
        "{hits:?}"
    );
}

#[test]
fn public_index_holds_no_internal_content() {
    let public = build(&fixture(), Audience::Public);
    let internal = build(&fixture(), Audience::Internal);
    for m in INTERNAL_MARKERS {
        // The internal build has them (so the check below can fail) …
        assert!(
            file(&internal, "search-index.js")
                .to_lowercase()
                .contains(m),
            "{m} missing from the internal index"
        );
        // … and no file of the public build does.
        for f in &public {
            let text = String::from_utf8_lossy(&f.bytes).to_lowercase();
            assert!(!text.contains(m), "{m} leaked into public {}", f.url);
        }
    }
    let hits = client_search(&public, &["kvastfenomenintern", "polisen"]);
    assert!(hits["kvastfenomenintern"].is_empty(), "{hits:?}");
    assert!(hits["polisen"].is_empty(), "{hits:?}");
    let hits = client_search(&internal, &["kvastfenomenintern"]);
    assert_eq!(hits["kvastfenomenintern"], ["kartlaggning/hemlig.html"]);
}

/// Words that run through every suffix rule of the three stemmers.
fn stem_words(lang: &str) -> Vec<String> {
    let (bases, suffixes): (&[&str], &[&str]) = match lang {
        "sv" => (
            &[
                "trygg", "bo", "hus", "kommun", "skol", "barn", "föräld", "gat", "torg", "vänn",
                "stad", "land", "arbet", "kväll", "ljus", "mörk", "hjälp", "krets", "frivill",
                "områd", "behov", "häls", "säk", "bibliot", "ung", "gaml", "glad", "möj", "kraft",
                "håll", "bygg", "stöd", "känsl", "ök", "å", "öå", "rädd", "ängsl",
            ],
            &[
                "", "a", "arna", "erna", "heterna", "orna", "ad", "e", "ade", "ande", "arne",
                "are", "aste", "en", "anden", "aren", "heten", "ern", "ar", "er", "heter", "or",
                "as", "arnas", "ernas", "ornas", "es", "ades", "andes", "ens", "arens", "hetens",
                "erns", "at", "andet", "het", "ast", "s", "bs", "ks", "ns", "ls", "ts", "lig",
                "ig", "els", "löst", "fullt", "dd", "gd", "nn", "dt", "gt", "kt", "tt", "ligt",
                "ligare", "ighet", "igheten", "lösa", "full", "fullta", "lighet", "ighetens",
                "addes", "ennas", "ttare",
            ],
        ),
        "nb" => (
            &[
                "trygg", "bo", "hus", "kommun", "skol", "barn", "forel", "gat", "torg", "venn",
                "by", "land", "arbeid", "kveld", "lys", "mørk", "hjelp", "frivill", "områd",
                "behov", "hels", "sikk", "bibliot", "ung", "gaml", "glad", "mul", "kjøp", "møt",
                "gå", "sterk", "fær", "ærl", "aks",
            ],
            &[
                "", "a", "e", "ede", "ande", "ende", "ane", "ene", "hetene", "en", "heten", "ar",
                "er", "heter", "as", "es", "edes", "endes", "enes", "hetenes", "ens", "hetens",
                "ers", "ets", "et", "het", "ast", "s", "ks", "rks", "eks", "ms", "zs", "erte",
                "ert", "dt", "vt", "leg", "eleg", "ig", "eig", "lig", "elig", "els", "lov", "elov",
                "slov", "hetslov", "ighet", "igheten", "ligere", "lovet", "edt",
            ],
        ),
        _ => (
            &[
                "run", "hop", "fish", "nation", "generat", "communit", "arsen", "happ", "cr", "sk",
                "car", "caress", "agre", "fe", "plaster", "bl", "motor", "sing", "conflat",
                "troubl", "siz", "tan", "fil", "fail", "fizz", "rel", "condit", "rational",
                "valen", "hesitan", "digit", "conform", "radic", "differ", "vil", "analog",
                "relat", "formal", "sensitiv", "electr", "hope", "good", "adjust", "depend",
                "adopt", "allow", "control", "rol", "gener", "d", "l", "t", "sa", "enjo", "yel",
                "bo", "ey", "y", "yo", "sayy", "hous", "boy", "play", "trust", "safet", "commun",
            ],
            &[
                "", "s", "es", "ed", "ing", "ly", "edly", "ingly", "eed", "eedly", "ied", "ies",
                "sses", "ss", "us", "y", "ys", "ying", "ational", "tional", "enci", "anci", "abli",
                "entli", "izer", "ization", "ation", "ator", "alism", "aliti", "alli", "fulness",
                "ousli", "ousness", "iveness", "iviti", "biliti", "bli", "ogi", "fulli", "lessli",
                "li", "cli", "alize", "icate", "iciti", "ical", "ful", "ness", "ative", "al",
                "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism",
                "ate", "iti", "ous", "ive", "ize", "ion", "sion", "tion", "e", "le", "l", "ll",
                "at", "bl", "iz", "bb", "dd", "tting", "ies", "'s", "'", "'s'", "ity", "ities",
                "ically", "fully", "lessly", "ously",
            ],
        ),
    };
    let mut words: Vec<String> = Vec::new();
    for b in bases {
        for s in suffixes {
            words.push(format!("{b}{s}"));
            for s2 in suffixes.iter().take(12) {
                words.push(format!("{b}{s}{s2}"));
            }
        }
    }
    if lang == "en" {
        for w in [
            "skis",
            "skies",
            "dying",
            "lying",
            "tying",
            "idly",
            "gently",
            "ugly",
            "early",
            "only",
            "singly",
            "sky",
            "news",
            "howe",
            "atlas",
            "cosmos",
            "bias",
            "andes",
            "inning",
            "innings",
            "outing",
            "canning",
            "herring",
            "earring",
            "proceed",
            "exceed",
            "succeed",
            "proceeds",
            "generously",
            "communism",
            "arsenal",
            "'quoted",
        ] {
            words.push(w.to_string());
        }
    }
    words.sort();
    words.dedup();
    words
}

#[test]
fn client_stemmers_match_the_build() {
    let js = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/search.js"),
    )
    .unwrap();
    for lang in ["sv", "nb", "en"] {
        let words = stem_words(lang);
        let input = serde_json::json!({ "scripts": [js], "words": words, "lang": lang });
        let script = format!(
            "{LOADER}
process.stdout.write(JSON.stringify(files.words.map(w => api[files.lang](w))));"
        );
        let client: Vec<String> = serde_json::from_str(&node(&script, &input.to_string())).unwrap();
        assert_eq!(client.len(), words.len());
        let mut wrong = Vec::new();
        let mut changed = 0;
        for (w, c) in words.iter().zip(&client) {
            let rust = kartsite::render::search::stem_word(lang, w);
            if &rust != w {
                changed += 1;
            }
            if &rust != c {
                wrong.push(format!("{w}: build {rust}, client {c}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{lang}: {} of {} words differ:\n{}",
            wrong.len(),
            words.len(),
            wrong
                .iter()
                .take(30)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        // The words do exercise the stemmer.
        assert!(
            changed > words.len() / 2,
            "{lang}: {changed} of {}",
            words.len()
        );
    }
}

#[test]
fn client_tokens_match_the_build() {
    let text = "Trygghets-vandring på Torget, 2024! ÅÄÖ æøå naïve e-post: x@y.se";
    let files = build(&fixture(), Audience::Public);
    let input = serde_json::json!({ "scripts": [file(&files, "search.js")], "text": text });
    let script = format!("{LOADER}\nprocess.stdout.write(JSON.stringify(api.tokens(files.text)));");
    let client: Vec<String> = serde_json::from_str(&node(&script, &input.to_string())).unwrap();
    let rust: Vec<String> = kartsite::render::search::tokens(text).collect();
    assert_eq!(client, rust);
}

/// Every `href` value in `html`.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

#[test]
fn print_page_has_every_phase_and_no_link_to_another_page() {
    for audience in [Audience::Public, Audience::Internal] {
        let files = build(&fixture(), audience);
        let print = file(&files, "print.html");
        let settings = kartsite::config::load_config(&fixture()).unwrap();
        // Every phase, with its title and its own section, in order.
        let mut last = 0;
        for ph in &settings.model.phases {
            let tag = format!(
                "<section id=\"{}\" class=\"print-section print-break\">",
                ph.id
            );
            let at = print
                .find(&tag)
                .unwrap_or_else(|| panic!("no section for phase {}", ph.id));
            assert!(at > last, "phase {} out of order", ph.id);
            last = at;
            assert!(print[at..].contains(&ph.title));
        }
        // Every page of the report is in it (resident pages and flyers are
        // for another audience and stay out).
        let mut urls = vec![
            "index.html",
            "kartlaggning/dialog.html",
            "kartlaggning/trygghet.html",
            "findings.html",
            "priorities.html",
            "feedback.html",
            "actors.html",
            "places.html",
        ];
        if audience == Audience::Internal {
            urls.push("kartlaggning/hemlig.html");
        }
        for url in urls {
            let id = kartsite::render::print::section_id(url);
            assert!(
                print.contains(&format!("<section id=\"{id}\"")),
                "{url} is missing from the print page"
            );
        }
        // No link leaves the page, except to other hosts, the stylesheet,
        // the icon, CSV downloads and the header's one link back to the site.
        assert_eq!(
            print.matches("href=\"index.html\"").count(),
            1,
            "one link back to the site"
        );
        let ids: Vec<&str> = print
            .split(" id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        for h in hrefs(print) {
            if let Some(anchor) = h.strip_prefix('#') {
                assert!(ids.contains(&anchor), "#{anchor} points nowhere");
                continue;
            }
            assert!(
                h.starts_with("https://")
                    || h.starts_with("mailto:")
                    || ["style.css", "favicon.svg", "index.html"].contains(&h)
                    // Downloads (the actor map's Kumu files) are files, not pages.
                    || (h.ends_with(".csv") && !h.contains('/')),
                "print.html links to {h}"
            );
        }
        // Links between pages became anchors into the page.
        assert!(print.contains("href=\"#kartlaggning-trygghet--kanslan-pa-torget\""));
        assert!(print.contains("href=\"#forberedelser\""));
        assert!(print.contains("href=\"#findings--f-belysning\""));
        // Page breaks between phases when printed.
        assert!(file(&files, "style.css").contains(".print-break { break-before: page; }"));
        // Internal content only in the internal print page.
        assert_eq!(
            print.contains("Anteckningar från styrgruppen"),
            audience == Audience::Internal
        );
    }
}

#[test]
fn statement_in_three_languages_linked_from_every_page() {
    for (lang, title, supervisor, law) in [
        (
            "sv",
            "<h1>Tillgänglighetsredogörelse</h1>",
            "https://www.digg.se/",
            "Webbplatsen är delvis förenlig med lagen (2018:1937)",
        ),
        (
            "nb",
            "<h1>Tilgjengelighetserklæring</h1>",
            "https://www.uutilsynet.no/",
            "oppfyller ikke alle kravene i forskrift om universell utforming av IKT-løsninger",
        ),
        (
            "en",
            "<h1>Accessibility statement</h1>",
            "",
            "partially compliant with the WCAG 2.1 guidelines at level AA",
        ),
    ] {
        let dir = fixture_in(lang);
        let files = build(dir.path(), Audience::Public);
        let page = file(&files, "accessibility.html");
        assert!(page.contains(title), "{lang}: {page}");
        assert!(page.contains(&format!("<html lang=\"{lang}\"")));
        // Filled from book.toml: publisher from [report], contact from
        // [contact], shortcomings and date from [accessibility].
        assert!(page.contains("Röda Korset Ekby krets"), "{lang}");
        assert!(
            page.contains("href=\"mailto:norrbacka@ekby.invalid\""),
            "{lang}"
        );
        assert!(page.contains("href=\"tel:010-1234567\""), "{lang}");
        assert!(
            page.contains("<li>Diagrammet över åldrar saknar en tabell med samma siffror.</li>")
        );
        assert!(page.contains("<time datetime=\"2026-03-01\">"), "{lang}");
        assert!(page.contains(law), "{lang}: {page}");
        if supervisor.is_empty() {
            assert!(
                !page.contains("digg.se") && !page.contains("uutilsynet"),
                "{lang}"
            );
        } else {
            assert!(page.contains(supervisor), "{lang}");
        }
        for f in files.iter().filter(|f| f.url.ends_with(".html")) {
            if f.url == "print.html" {
                continue;
            }
            let html = std::str::from_utf8(&f.bytes).unwrap();
            let root = "../".repeat(f.url.matches('/').count());
            assert!(
                html.contains(&format!("href=\"{root}accessibility.html\"")),
                "{lang}: {} does not link the statement",
                f.url
            );
        }
    }
}

#[test]
fn search_box_degrades_without_javascript() {
    let files = build(&fixture(), Audience::Public);
    let page = file(&files, "kartlaggning/trygghet.html");
    // The form is hidden until search.js shows it; a plain link stands in.
    assert!(page.contains(
        "<form id=\"search-form\" class=\"search-form\" role=\"search\" action=\"#\" hidden"
    ));
    assert!(page.contains("<label for=\"search-input\">Sök i rapporten</label>"));
    assert!(page.contains("aria-live=\"polite\""));
    assert!(page.contains(
        "<p id=\"search-fallback\" class=\"search-fallback\"><a href=\"../index.html#phases-h\">"
    ));
    assert!(page.contains("<script src=\"../search.js\" defer></script>"));
    assert!(page.contains("data-root=\"../\""));
    // The script makes no request of its own beyond the index script.
    let js = file(&files, "search.js");
    for banned in ["fetch(", "XMLHttpRequest", "import(", "http://", "https://"] {
        assert!(!js.contains(banned), "search.js uses {banned}");
    }
}
