//! What the fuzz targets share: the report set-up they run against (the
//! bundled example's settings, data files and shared charts, the default
//! theme's Swedish UI strings) and the properties every input must keep.
//!
//! Each `check_*` function runs one input through kartsite and panics when
//! a property is broken; the targets in `fuzz_targets/` only call them.
//! Besides "no panic", the properties are the project's promises: errors
//! are located inside the input, output is deterministic, raw HTML and
//! script links never reach a page, line endings are normalised.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use kartsite::chart::data::{csv, jsonstat};
use kartsite::chart::spec::{ChartSpec, parse_library};
use kartsite::chart::{BlockSource, ChartEnv, render_page};
use kartsite::config::{Settings, parse_config};
use kartsite::error::Diagnostic;
use kartsite::load::frontmatter::split;
use kartsite::render::markdown::{LinkTargets, MdSource, render};
use kartsite::text::decode_text;

/// A report with the Swedish four-phase model and one extra language.
const BOOK: &str = r#"
[book]
title = "Fuzz"
language = "sv"
languages = ["ar"]

[report]
area = "Norrbacka"
municipality = "Ekby kommun"
organisation = "Röda Korset"
period = "2026"
"#;

/// The bundled example's data/ folder.
const DATA: &[(&str, &[u8])] = &[
    (
        "befolkning-alder.csv",
        include_bytes!("../../data/befolkning-alder.csv"),
    ),
    (
        "enkat-trygghet.csv",
        include_bytes!("../../data/enkat-trygghet.csv"),
    ),
    (
        "scb-folkmangd-regso.csv",
        include_bytes!("../../data/scb-folkmangd-regso.csv"),
    ),
    (
        "scb-omradestyp.json",
        include_bytes!("../../data/scb-omradestyp.json"),
    ),
    ("trygghet.csv", include_bytes!("../../data/trygghet.csv")),
];
const LIBRARY: &str = include_str!("../../data/charts.yaml");

pub fn settings() -> &'static Settings {
    static S: OnceLock<Settings> = OnceLock::new();
    S.get_or_init(|| parse_config(BOOK).expect("the fuzz book.toml is valid"))
}

pub fn strings() -> &'static BTreeMap<String, String> {
    static S: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    S.get_or_init(|| {
        let theme = kartsite::theme::default_theme();
        let bytes = &theme.files["strings/sv.toml"].bytes;
        toml::from_str(std::str::from_utf8(bytes).expect("UTF-8")).expect("valid strings")
    })
}

pub fn example_data() -> &'static BTreeMap<String, Vec<u8>> {
    static S: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    S.get_or_init(|| {
        DATA.iter()
            .map(|(k, v)| ((*k).to_string(), v.to_vec()))
            .collect()
    })
}

pub fn library() -> &'static [ChartSpec] {
    static S: OnceLock<Vec<ChartSpec>> = OnceLock::new();
    S.get_or_init(|| {
        parse_library(Path::new("data/charts.yaml"), LIBRARY).expect("the example's charts parse")
    })
}

pub fn env(data: &BTreeMap<String, Vec<u8>>) -> ChartEnv<'_> {
    ChartEnv {
        data,
        library: library(),
        min_count: 5,
        lang: "sv",
        strings: strings(),
        csv_prefix: "",
        updated: None,
        guard: None,
    }
}

/// A diagnostic prints, and where it names a line in `file` that line is
/// within the `lines` lines that start at `first`.
pub fn check_located(d: &Diagnostic, file: &Path, first: u32, lines: usize) {
    let printed = d.to_string();
    assert!(!printed.is_empty());
    assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
    if d.file != file {
        return;
    }
    if let Some(line) = d.line {
        let last = u64::from(first) + lines as u64;
        assert!(
            line >= first && u64::from(line) <= last,
            "{printed}: line {line} is outside lines {first}..={last} of the input"
        );
    }
    if let Some(col) = d.column {
        assert!(col >= 1, "{printed}: column 0");
    }
}

fn line_count(text: &str) -> usize {
    text.matches('\n').count() + 1
}

/// (a) A page file: decoding, front matter splitting and parsing, and the
/// whole page as `load` reads it.
pub fn check_page(bytes: &[u8]) {
    let file = Path::new("content/kartlaggning/sida.md");
    let text = match decode_text(file, bytes) {
        Ok(t) => t,
        Err(d) => {
            let unbom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            // Valid UTF-8 with NUL bytes is refused on purpose: it is
            // UTF-16 without a byte-order mark, or not text (src/text.rs).
            // Found by this target on 2026-12-05 after that rule came in.
            assert!(
                std::str::from_utf8(unbom).is_err() || unbom.contains(&0),
                "valid UTF-8 refused: {d}"
            );
            let lossy = String::from_utf8_lossy(unbom);
            check_located(&d, file, 1, line_count(&lossy));
            assert!(kartsite::fuzzing::load_page(file, bytes, settings()).is_err());
            return;
        }
    };
    assert!(!text.contains('\r'), "a CR survived decoding");
    match split(file, &text) {
        Ok(s) => {
            assert!(
                text.ends_with(s.body),
                "the body is not the end of the text"
            );
            if !s.body.is_empty() {
                let head = &text[..text.len() - s.body.len()];
                assert_eq!(
                    s.body_line as usize,
                    head.matches('\n').count() + 1,
                    "body_line does not match where the body starts"
                );
            }
            for (key, span) in &s.front.spans {
                assert!(
                    span.line >= 2 && span.line < s.body_line.max(2),
                    "the front matter field {key} is placed on line {} (body on {})",
                    span.line,
                    s.body_line
                );
            }
        }
        Err(d) => check_located(&d, file, 1, line_count(&text)),
    }
    match kartsite::fuzzing::load_page(file, bytes, settings()) {
        Ok(Some(page)) => {
            assert!(
                text.ends_with(&page.body),
                "the page body is not the end of the text"
            );
            assert!(page.body_line >= 1);
            assert_eq!(page.url, "kartlaggning/sida.html");
        }
        Ok(None) => {}
        Err(d) => check_located(&d, file, 1, line_count(&text)),
    }
}

const FENCE_LINE: u32 = 10;

/// (b) The YAML of a ` ```chart ` block: parsed into a spec, resolved
/// against its inline rows (or the example's data files and shared
/// charts) and drawn, twice, with identical results.
pub fn check_chart_spec(bytes: &[u8]) {
    let file = Path::new("content/kartlaggning/diagram.md");
    // A block reaches the chart code from a decoded page: no CR in it.
    let Ok(yaml) = decode_text(file, bytes) else {
        return;
    };
    let yaml = yaml.as_str();
    let data = example_data();
    let env = env(data);
    let blocks = [BlockSource {
        yaml: yaml.to_string(),
        fence_line: FENCE_LINE,
    }];
    let first = render_page(&env, file, "kartlaggning/diagram.html", &blocks);
    let again = render_page(&env, file, "kartlaggning/diagram.html", &blocks);
    assert_eq!(first.html, again.html, "the same chart drew differently");
    assert_eq!(
        first.errors, again.errors,
        "the same chart failed differently"
    );
    for c in first.charts.iter().zip(&again.charts) {
        assert_eq!(c.0.chart, c.1.chart, "the same chart drew differently");
    }
    for html in &first.html {
        check_no_script(html);
    }
    for d in &first.errors {
        check_located(d, file, FENCE_LINE, line_count(yaml));
    }
    // The same text as data/charts.yaml.
    let lib = Path::new("data/charts.yaml");
    if let Err(ds) = parse_library(lib, yaml) {
        for d in &ds.0 {
            check_located(d, lib, 1, line_count(yaml));
        }
    }
}

/// Chart specs the data target draws its file with.
const DATA_SPECS: &[&str] = &[
    "id: f\ntype: bar\ntitle: T\n",
    "id: f\ntype: grouped-bar\ntitle: T\ntranspose: true\n",
    "id: f\ntype: stacked-bar\ntitle: T\npercent: true\nsort: descending\n",
    "id: f\ntype: line\ntitle: T\n",
    "id: f\ntype: donut\ntitle: T\nunit: \"%\"\n",
    "id: f\ntype: diverging\ntitle: T\n",
    "id: f\ntype: bar\ntitle: T\nsplit: area\ncounts: true\n",
    "id: f\ntype: area-type\ntitle: T\n",
];

/// (c) A data file: the first byte picks CSV (UTF-8 or Latin-1, with
/// 0–3 title rows skipped) or JSON-stat, and one of [`DATA_SPECS`] to draw
/// it with; the rest is the file.
pub fn check_chart_data(bytes: &[u8]) {
    let Some((&sel, file_bytes)) = bytes.split_first() else {
        return;
    };
    let json = sel & 1 == 1;
    let skip = usize::from((sel >> 1) & 3);
    let spec = DATA_SPECS[usize::from(sel >> 3) % DATA_SPECS.len()];
    let (name, path) = if json {
        ("f.json", Path::new("data/f.json"))
    } else {
        ("f.csv", Path::new("data/f.csv"))
    };
    if json {
        match jsonstat::parse(path, file_bytes) {
            Ok(t) => check_raw_table(&t),
            Err(d) => check_located(
                &d,
                path,
                1,
                line_count(&String::from_utf8_lossy(file_bytes)),
            ),
        }
    } else {
        let text = csv::decode(file_bytes);
        assert!(!text.contains('\r'), "a CR survived decoding");
        let unbom = file_bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(file_bytes);
        // UTF-16 with a byte-order mark (Excel's "Unicode text") is
        // decoded as UTF-16, two bytes a character; this target found the
        // check still assuming Latin-1 for it (2026-12-05).
        let utf16 = file_bytes.starts_with(b"\xFF\xFE") || file_bytes.starts_with(b"\xFE\xFF");
        if !utf16 && std::str::from_utf8(unbom).is_err() {
            // Latin-1 (Windows-1252): one character per byte, CRs aside.
            let crs = unbom.iter().filter(|&&b| b == b'\r').count();
            let lfs = unbom.windows(2).filter(|w| w == b"\r\n").count();
            assert_eq!(text.chars().count(), unbom.len() - lfs, "{crs} CRs");
        }
        match csv::parse(path, file_bytes, skip) {
            Ok(t) => check_raw_table(&t),
            Err(d) => check_located(&d, path, 1, line_count(&text)),
        }
    }
    let mut data = BTreeMap::new();
    data.insert(name.to_string(), file_bytes.to_vec());
    let env = env(&data);
    let yaml = format!("{spec}data: {name}\nskip_rows: {skip}\n");
    let page = Path::new("content/kartlaggning/diagram.md");
    let blocks = [BlockSource {
        yaml,
        fence_line: FENCE_LINE,
    }];
    let out = render_page(&env, page, "kartlaggning/diagram.html", &blocks);
    for html in &out.html {
        check_no_script(html);
    }
    for d in &out.errors {
        check_located(d, path, 1, line_count(&csv::decode(file_bytes)));
    }
}

fn check_raw_table(t: &kartsite::chart::data::RawTable) {
    for row in &t.rows {
        assert_eq!(
            row.cells.len(),
            t.columns.len(),
            "a row has another number of cells than there are columns"
        );
    }
    if let Some(v) = t.default_value {
        assert!(v < t.columns.len(), "the value column is not a column");
    }
}

/// HTML made from user text holds no script element and no link or image
/// that runs script, however it is spelled.
pub fn check_no_script(html: &str) {
    let lower = html.to_ascii_lowercase();
    for tag in ["<script", "<iframe", "<object", "<embed"] {
        assert!(!lower.contains(tag), "{tag} in the output: {html}");
    }
    for attr in ["href=\"", "src=\""] {
        for (i, _) in lower.match_indices(attr) {
            // Only inside a tag: in text, `<` is escaped as `&lt;`.
            let before = &lower[..i];
            if before.rfind('<') <= before.rfind('>') {
                continue;
            }
            let value = &lower[i + attr.len()..];
            let value = &value[..value.find('"').unwrap_or(value.len())];
            // What a browser does before it reads the scheme: drop leading
            // C0 controls and spaces, and every tab and newline.
            let seen: String = value
                .trim_start_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(
                    !seen.starts_with(scheme),
                    "a {scheme} URL in the output: {html}"
                );
            }
        }
    }
}

/// (d) Markdown to HTML with link rewriting. The first byte picks the
/// options (raw HTML allowed, headings demoted, charts allowed); the rest
/// is the page text.
pub fn check_markdown(bytes: &[u8]) {
    let Some((&sel, rest)) = bytes.split_first() else {
        return;
    };
    let file = Path::new("content/kartlaggning/statistik.md");
    // Page text is decoded first: UTF-8, no byte-order mark, no CR.
    let Ok(text) = decode_text(file, rest) else {
        return;
    };
    let text = text.as_str();
    let allow_raw_html = sel & 1 == 1;
    let data = example_data();
    let env = env(data);
    let src = MdSource {
        file,
        first_line: 5,
        page_url: "kartlaggning/statistik.html",
        demote: sel & 2 == 2,
        charts: (sel & 4 == 4).then_some(&env),
    };
    let targets = link_targets(allow_raw_html);
    let out = render(text, src, &targets);
    if !allow_raw_html {
        check_no_script(&out.html);
    }
    for d in &out.errors {
        check_located(d, file, 5, line_count(text));
    }
    for a in &out.anchors {
        assert!(a.pos.line >= 5, "an anchor link placed above the text");
    }
}

fn link_targets(allow_raw_html: bool) -> LinkTargets {
    let mut t = LinkTargets {
        allow_raw_html,
        ..LinkTargets::default()
    };
    for (src, url) in [
        ("content/_index.md", "index.html"),
        ("content/om.md", "om.html"),
        ("content/kartlaggning/_index.md", "kartlaggning/index.html"),
        (
            "content/kartlaggning/statistik.md",
            "kartlaggning/statistik.html",
        ),
        (
            "content/kartlaggning/diagram.md",
            "kartlaggning/diagram.html",
        ),
        (
            "content/forberedelser/val-av-omrade.md",
            "forberedelser/val-av-omrade.html",
        ),
    ] {
        t.pages.insert(src.into(), url.into());
    }
    t.hidden
        .insert("content/kartlaggning/nyckelpersoner.md".into());
    t.assets.insert("kartlaggning/karta.png".into());
    for g in [
        "findings.html",
        "priorities.html",
        "search.html",
        "print.html",
    ] {
        t.generated.insert(g.into());
    }
    t
}

/// The bundled example, loaded once for the whole-page target.
fn whole_site() -> &'static kartsite::fuzzing::WholeSite {
    static SITE: OnceLock<kartsite::fuzzing::WholeSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        kartsite::fuzzing::WholeSite::load(&root).expect("the example report loads")
    })
}

/// (e) A whole page through check, render and the exit gate, built for
/// the public: the input is added to a page of the example with a planted
/// personnummer in one of eight disguises (see
/// `kartsite::fuzzing::whole_page_input`). A build that passes must
/// publish neither the number nor a script URL in any file.
pub fn check_whole_page(bytes: &[u8]) {
    let Some((body, raw_html)) = kartsite::fuzzing::whole_page_input(bytes) else {
        return;
    };
    if let Ok(files) = whole_site().build_with("kartlaggning/statistik.html", &body, raw_html) {
        kartsite::fuzzing::check_published(&files);
    }
}
