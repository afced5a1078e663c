//! The analysis views: the actor map (layout, labels, Kumu export), SWOT,
//! årshjul and omvärldsanalys, on the example report and on fixtures.

use std::path::Path;

use crate::support::{Fixture, read, read_tree, repo};
use kartsite::model::Report;
use kartsite::render::actor_map;
use kartsite::render::network_layout::Placed;

/// The example report as `audience` sees it.
fn example(audience: kartsite::config::Audience) -> Report {
    let root = repo();
    let settings = kartsite::config::load_config(&root).unwrap();
    let report = kartsite::load::load(&root, &settings, kartsite::load::LoadOptions::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    report
        .into_audience(audience, settings.config.build.default_audience)
        .0
}

fn boxes(report: &Report) -> Vec<Placed> {
    actor_map::boxes(report, &actor_map::edges(report))
}

#[test]
fn the_example_map_has_no_overlapping_labels() {
    use kartsite::config::Audience;
    for audience in [Audience::Internal, Audience::Public] {
        let report = example(audience);
        assert!(report.actors.len() >= 17, "{}", report.actors.len());
        let b = boxes(&report);
        for (i, a) in b.iter().enumerate() {
            // The box holds the label: at least as wide as its longest line.
            let lines = actor_map::label_lines(&report.actors[i].name);
            let widest = lines.iter().map(|l| l.chars().count()).max().unwrap();
            assert!(a.width >= widest as f64 * 6.5, "{}", report.actors[i].name);
            for (j, o) in b.iter().enumerate().skip(i + 1) {
                assert!(
                    !a.overlaps(o),
                    "{:?}: the labels of {} and {} overlap: {a:?} {o:?}",
                    audience,
                    report.actors[i].name,
                    report.actors[j].name
                );
            }
        }
    }
}

#[test]
fn adding_one_actor_moves_at_most_a_few_nodes() {
    let report = example(kartsite::config::Audience::Internal);
    let before = boxes(&report);
    let mut more = report.clone();
    let mut new = more.actors[0].clone();
    new.id.value = "a-ny-forening".into();
    new.name = "Norrbacka nya förening".into();
    new.cooperates_with = vec![more.actors[3].id.clone()];
    more.actors.push(new);
    let after = boxes(&more);
    assert_eq!(after.len(), before.len() + 1);
    let moved: Vec<&str> = before
        .iter()
        .zip(&after)
        .zip(&report.actors)
        .filter(|((b, a), _)| ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt() > 20.0)
        .map(|(_, actor)| actor.name.as_str())
        .collect();
    // The linked actor and what the new box pushes aside, at most.
    assert!(moved.len() <= 4, "{} nodes moved: {moved:?}", moved.len());
    let still = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt() <= 5.0)
        .count();
    assert!(
        still * 2 >= before.len(),
        "only {still} nodes kept their place"
    );
    // And the same input again gives the same boxes.
    assert_eq!(boxes(&report), before);
}

#[test]
fn the_views_are_byte_identical_across_builds() {
    let f = Fixture::copy("basic");
    let root = f.root.to_string_lossy().to_string();
    let a = f.path("a");
    let b = f.path("b");
    for out in [&a, &b] {
        crate::support::run(
            &[
                "build",
                "--root",
                &repo().to_string_lossy(),
                "--audience",
                "internal",
                "-o",
                &out.to_string_lossy(),
            ],
            Path::new(&root),
        )
        .ok();
    }
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    for file in [
        "actors.html",
        "annual-cycle.html",
        "swot.html",
        "environment.html",
        "actors-kumu-elements.csv",
        "actors-kumu-connections.csv",
    ] {
        assert!(ta.contains_key(file), "{file} missing");
        assert_eq!(ta[file], tb[file], "{file} differs between builds");
    }
    let html = String::from_utf8_lossy(&ta["actors.html"]);
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"actor-map-svg\""));
    assert!(
        html.contains("stroke-dasharray=\"6 4\""),
        "informal links are dashed"
    );
    assert!(html.contains("class=\"link formal\""));
    assert!(html.contains("18 aktörer, 26 samband"), "the summary");
    assert!(html.contains("Ingen aktör arbetar med krisberedskap för äldre."));
}

/// A CSV file as rows of fields (RFC 4180).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

const TRICKY: &str = r#"
target_groups:
  - id: unga
    name: "Unga | 13–19"
links:
  - from: a-komma
    to: a-kretsen
    kind: formal
    strength: 4
  - from: a-intern
    to: a-kretsen
  - from: a-komma
    to: a-kommunen
    audience: internal
actors:
  - id: a-komma
    name: 'Föreningen "Vi", Norrbacka | Ekby'
    kind: civil_society
    does: "Läxhjälp, *språkcafé* och \"fika\""
    work:
      - { need_area: trygghet, for: unga, does: Nattvandring }
  - id: a-intern
    name: MARKER-INTERNAL-ACTOR-4Q
    kind: private
    audience: internal
"#;

#[test]
fn kumu_files_are_escaped_and_leave_internal_actors_and_links_out() {
    let f = Fixture::copy("basic");
    f.write("content/kartlaggning/natverk.yaml", TRICKY);
    f.build(&["--audience", "internal", "-o", "int"]).ok();
    f.build(&["--audience", "public", "-o", "pub"]).ok();
    let el = read(f.path("int/actors-kumu-elements.csv"));
    assert!(el.starts_with("Label,Type,Description,Tags\r\n"), "{el}");
    assert!(!el.starts_with('\u{feff}'));
    let rows = parse_csv(&el);
    let vi = rows
        .iter()
        .find(|r| r[0].starts_with("Föreningen"))
        .unwrap_or_else(|| panic!("{el}"));
    assert_eq!(vi[0], r#"Föreningen "Vi", Norrbacka | Ekby"#);
    assert_eq!(vi[1], "Civilsamhälle");
    assert!(
        vi[2].starts_with(r#"Läxhjälp, språkcafé och "fika""#),
        "{}",
        vi[2]
    );
    // Tags are separated by `|`; a `|` inside a tag would split it.
    assert_eq!(vi[3], "Trygghet|Unga / 13–19");
    assert!(rows.iter().all(|r| r.len() == 4), "{rows:?}");
    let co = read(f.path("int/actors-kumu-connections.csv"));
    let rows = parse_csv(&co);
    assert_eq!(rows[0], ["From", "To", "Type", "Strength"]);
    assert!(
        rows.iter()
            .any(|r| r[0] == r#"Föreningen "Vi", Norrbacka | Ekby"#
                && r[2] == "Formellt samarbete"
                && r[3] == "4")
    );
    assert!(co.contains("MARKER-INTERNAL-ACTOR-4Q"));
    assert_eq!(rows.len(), 5, "{co}");
    // The public build: the internal actor, its link and the internal link
    // are nowhere, in any file.
    let public = parse_csv(&read(f.path("pub/actors-kumu-connections.csv")));
    assert_eq!(public.len(), 3, "{public:?}");
    assert!(
        !public
            .iter()
            .any(|r| r[0].starts_with("Föreningen") && r[1] == "Provkommunen"),
        "the internal link is left out: {public:?}"
    );
    for (name, bytes) in read_tree(&f.path("pub")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("MARKER-INTERNAL-ACTOR-4Q"), "{name}");
        assert!(!text.contains("a-intern"), "{name}");
    }
    // The actors page links the files.
    let actors = read(f.path("pub/actors.html"));
    assert!(actors.contains(r#"href="actors-kumu-elements.csv""#));
    assert!(actors.contains(r#"href="actors-kumu-connections.csv""#));
}

#[test]
fn the_example_public_build_has_no_internal_analysis_entries_anywhere() {
    let f = Fixture::copy("basic");
    let out = f.path("pub");
    let int = f.path("int");
    for (audience, dir) in [("public", &out), ("internal", &int)] {
        crate::support::run(
            &[
                "build",
                "--root",
                &repo().to_string_lossy(),
                "--audience",
                audience,
                "-o",
                &dir.to_string_lossy(),
            ],
            &f.root,
        )
        .ok();
    }
    // Internal in the example: an actor, a link, a SWOT entry, an activity.
    let markers = [
        "Informellt nätverk av kvinnor",
        "a-kvinnonatverk",
        "Tips om otrygga platser",
        "Oenigheten om tiderna",
        "t-konflikt-lokaltider",
        "Arbetsgruppens planeringsdag",
        "ah-planeringsdag",
    ];
    let internal = read_tree(&int);
    for m in markers {
        assert!(
            internal
                .values()
                .any(|b| String::from_utf8_lossy(b).contains(m)),
            "{m} is not in the internal build"
        );
    }
    let public = read_tree(&out);
    for (name, bytes) in &public {
        let text = String::from_utf8_lossy(bytes);
        for m in markers {
            assert!(!text.contains(m), "{m} in the public {name}");
        }
    }
    // Listed in their phase, in the print page, searchable.
    let phase = String::from_utf8_lossy(&public["analys-och-aterkoppling/index.html"]).into_owned();
    for url in ["swot.html", "annual-cycle.html", "environment.html"] {
        assert!(
            phase.contains(&format!("href=\"../{url}\"")),
            "{url} not listed"
        );
    }
    let print = String::from_utf8_lossy(&public["print.html"]).into_owned();
    for id in [
        "id=\"swot\"",
        "id=\"annual-cycle\"",
        "id=\"environment\"",
        "actor-map-svg",
    ] {
        assert!(print.contains(id), "{id} not in print.html");
    }
    let search = String::from_utf8_lossy(&public["search-index.js"]).into_owned();
    assert!(search.contains("swot.html#s-starka-foreningar"));
    assert!(search.contains("annual-cycle.html#ah-vinterhjalp"));
    assert!(search.contains("environment.html#o-varmeboljor"));
    // Findings link back to the SWOT entries resting on them.
    let findings = String::from_utf8_lossy(&public["findings.html"]).into_owned();
    assert!(findings.contains("href=\"swot.html#s-starka-foreningar\""));
}

const SWOT: &str = "swot:
  - id: s-1
    kind: KIND_S
    text: Starka föreningar
    findings: [f-otrygg-kvall]
  - id: s-2
    kind: KIND_W
    text: Få mötesplatser
  - id: s-3
    kind: KIND_O
    text: Nytt bibliotek
  - id: s-4
    kind: KIND_T
    text: Nedskärningar
";

#[test]
fn swot_in_three_languages() {
    let cases = [
        (
            "sv",
            ["styrka", "svaghet", "möjlighet", "hot"],
            ["Styrkor", "Svagheter", "Möjligheter", "Hot"],
        ),
        (
            "nb",
            ["styrker", "svakheter", "muligheter", "trusler"],
            ["Styrker", "Svakheter", "Muligheter", "Trusler"],
        ),
        (
            "en",
            ["strength", "weaknesses", "opportunity", "threats"],
            ["Strengths", "Weaknesses", "Opportunities", "Threats"],
        ),
    ];
    for (lang, keys, headings) in cases {
        let f = Fixture::copy("basic");
        let toml = read(f.path("book.toml"))
            .replace("language = \"sv\"", &format!("language = \"{lang}\""));
        f.write("book.toml", toml);
        let yaml = SWOT
            .replace("KIND_S", keys[0])
            .replace("KIND_W", keys[1])
            .replace("KIND_O", keys[2])
            .replace("KIND_T", keys[3]);
        f.write("content/kartlaggning/swot.yaml", yaml);
        f.build(&["--audience", "public", "-o", "out"]).ok();
        let html = read(f.path("out/swot.html"));
        let mut at = 0;
        for h in headings {
            let found = html[at..]
                .find(&format!(">{h}</h3>"))
                .unwrap_or_else(|| panic!("{lang}: no heading {h} (in order)\n{html}"));
            at += found;
        }
        assert!(html.contains("class=\"swot-grid\""));
        assert!(
            html.contains("href=\"findings.html#f-otrygg-kvall\""),
            "{lang}"
        );
        // Listed in the mapping phase, where the file is.
        let phase = read(f.path("out/kartlaggning/index.html"));
        assert!(phase.contains("href=\"../swot.html\""), "{lang}");
    }
}

#[test]
fn an_activity_over_the_turn_of_the_year_is_one_arc_through_january() {
    let f = Fixture::copy("basic");
    f.write(
        "content/kartlaggning/arshjul.yaml",
        "activities:\n  - id: ah-vinter\n    name: Vinterhjälp\n    from: november\n    to: feb\n    responsible: a-kommunen\n",
    );
    f.build(&["--audience", "public", "-o", "out"]).ok();
    let html = read(f.path("out/annual-cycle.html"));
    let start = html.find("class=\"activity\" d=\"").unwrap() + "class=\"activity\" d=\"".len();
    let d = &html[start..start + html[start..].find('"').unwrap()];
    // One arc: M x1 y1 A r r 0 0 1 x2 y2.
    let nums: Vec<f64> = d
        .split(['M', 'A', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(nums.len(), 9, "{d}");
    let (x1, y1, r, large, sweep, x2, y2) = (
        nums[0], nums[1], nums[2], nums[5], nums[6], nums[7], nums[8],
    );
    // Starts where November starts (300°), ends where February ends (60°),
    // clockwise, the short way: through January.
    let near = |a: f64, b: f64| (a - b).abs() < 0.11;
    assert!(near(x1, 200.0 - r * 0.866_025), "{d}");
    assert!(near(y1, 200.0 - r * 0.5), "{d}");
    assert!(near(x2, 200.0 + r * 0.866_025), "{d}");
    assert!(near(y2, 200.0 - r * 0.5), "{d}");
    assert_eq!((large, sweep), (0.0, 1.0), "{d}");
    // The list puts it in November with its span.
    let nov = html.find("id=\"month-11\"").unwrap();
    let dec = html.find("id=\"month-12\"").unwrap();
    assert!(html[nov..dec].contains("Vinterhjälp</strong> (november–februari"));
}

/// Build a fixture with `file` written as `yaml`; the error line.
fn error_of(file: &str, yaml: &str) -> String {
    let f = Fixture::copy("basic");
    f.write(file, yaml);
    let run = f.build(&["--audience", "public", "-o", "out"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(!f.path("out").exists(), "nothing is written");
    run.stderr
}

#[test]
fn errors_in_each_analysis_yaml_are_located() {
    let file = "content/kartlaggning/analys.yaml";
    let cases: [(&str, &str, &str); 9] = [
        (
            "links:\n  - from: a-kommunen\n    to: a-kretsn\n",
            "analys.yaml:3:9: error: unknown actor id \"a-kretsn\"",
            "did you mean \"a-kretsen\"?",
        ),
        (
            "links:\n  - from: a-kommunen\n    to: a-kretsen\n    kind: kontrakt\n",
            "analys.yaml:4:",
            "kontrakt",
        ),
        (
            "swot:\n  - id: s-1\n    kind: styrkа\n    text: T\n",
            "analys.yaml:3:",
            "styrk",
        ),
        (
            "swot:\n  - id: s-1\n    kind: hot\n    text: T\n    findings: [f-otryg-kvall]\n",
            "analys.yaml:5:16: error: unknown finding id \"f-otryg-kvall\"",
            "did you mean \"f-otrygg-kvall\"?",
        ),
        (
            "activities:\n  - id: ah-1\n    name: X\n    months: [mars, mras]\n",
            "analys.yaml:4:20: error: \"mras\" is not a month",
            "januari, jan, january",
        ),
        (
            "activities:\n  - id: ah-1\n    name: X\n    from: 13\n    to: 2\n",
            "analys.yaml:4:11: error: \"13\" is not a month",
            "number 1–12",
        ),
        (
            "factors:\n  - id: o-1\n    title: X\n    kind: politcal\n",
            "analys.yaml:4:",
            "politcal",
        ),
        (
            "factors:\n  - id: o-1\n    title: X\n    kind: legal\n    priorities: [pr-trygget]\n",
            "analys.yaml:5:18: error: unknown priority id \"pr-trygget\"",
            "did you mean \"pr-trygghet\"?",
        ),
        (
            "target_groups:\n  - id: unga\n    name: Unga\nactors:\n  - id: a-x\n    name: X\n    kind: private\n    work:\n      - need_area: trygghet\n        for: ungaa\n",
            "analys.yaml:10:14: error: unknown target group id \"ungaa\"",
            "did you mean \"unga\"?",
        ),
    ];
    for (yaml, location, hint) in cases {
        let err = error_of(file, yaml);
        assert!(
            err.contains(&format!("content/kartlaggning/{location}")),
            "{yaml}\n{err}"
        );
        assert!(err.contains(hint), "{yaml}\n{err}");
    }
}

#[test]
fn the_boligsosial_scaffold_has_a_styrker_og_svakheter_starter() {
    let f = Fixture::empty();
    let root = f.root.to_string_lossy().to_string();
    crate::support::run(&["init", &root, "--model", "boligsosial"], &f.root).ok();
    assert!(
        f.path("content/kunnskapsgrunnlag/styrker-og-svakheter.yaml")
            .exists()
    );
    f.build(&["--audience", "public", "-o", "out"]).ok();
    let html = read(f.path("out/swot.html"));
    for h in ["Styrker", "Svakheter", "Muligheter", "Trusler"] {
        assert!(html.contains(&format!(">{h}</h3>")), "{h}");
    }
    assert!(html.contains("href=\"findings.html#f-eksempel\""));
    let phase = read(f.path("out/kunnskapsgrunnlag/index.html"));
    assert!(phase.contains("href=\"../swot.html\""));
}
