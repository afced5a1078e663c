//! One test per class of user error: the message names the file, line and
//! column, the exit code is 1, and the previous output is byte-identical.

use crate::support::{Fixture, read_tree, stderr_snapshot};

/// Build once (the previous output), apply `fault`, build again with
/// `args`: expect exit 1, every `expected` fragment in stderr, and the
/// previous output untouched.
fn fails(fault: impl FnOnce(&Fixture), args: &[&str], expected: &[&str]) -> String {
    let f = Fixture::copy("basic");
    f.build(args).ok();
    let before = read_tree(&f.out());
    assert!(!before.is_empty());
    fault(&f);
    let r = f.build(args);
    assert_eq!(
        r.code, 1,
        "expected exit 1\nstdout: {}\nstderr: {}",
        r.stdout, r.stderr
    );
    for e in expected {
        assert!(r.stderr.contains(e), "stderr lacks {e:?}:\n{}", r.stderr);
    }
    assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(read_tree(&f.out()), before, "the previous output changed");
    // No temporary folders are left beside the output.
    let names: Vec<_> = std::fs::read_dir(&f.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("kartsite-"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    // The whole message, hints included.
    stderr_snapshot(&f, &r);
    r.stderr
}

const ITEMS: &str = "content/kartlaggning/resultat.yaml";
const PRIOS: &str = "content/analys-och-aterkoppling/prioriteringar.yaml";
const PAGE: &str = "content/kartlaggning/statistik.md";

#[test]
fn yaml_syntax_error() {
    fails(
        |f| f.write(ITEMS, "findings:\n  - id: f-a\n    title: [oavslutad\n"),
        &[],
        &["content/kartlaggning/resultat.yaml:3:"],
    );
}

#[test]
fn broken_anchor_in_evidence() {
    fails(
        |f| {
            let t = std::fs::read_to_string(f.path(ITEMS)).unwrap().replace(
                "evidence: statistik.md",
                "evidence: statistik.md#finns-inte",
            );
            f.write(ITEMS, t);
        },
        &[],
        &[
            "content/kartlaggning/resultat.yaml:8:15: error: the anchor \"#finns-inte\" does not exist on kartlaggning/statistik.html",
        ],
    );
}

#[test]
fn unknown_front_matter_key() {
    fails(
        |f| f.write(PAGE, "---\ntitle: Statistik\nsumary: stavfel\n---\nText\n"),
        &[],
        &[
            "content/kartlaggning/statistik.md:3:1: error: unknown field `sumary`",
            "hint:",
        ],
    );
}

#[test]
fn wrong_type_in_item() {
    fails(
        |f| {
            f.write(
                PRIOS,
                "priorities:\n  - id: pr-a\n    rank: ett\n    title: T\n    need_area: trygghet\n",
            )
        },
        &[],
        &["prioriteringar.yaml:3:11: error:"],
    );
}

#[test]
fn unknown_enum_value_lists_the_choices() {
    let err = fails(
        |f| {
            f.write(
                ITEMS,
                "findings:\n  - id: f-a\n    title: T\n    need_area: trygghet\n    source: enkät\n",
            )
        },
        &[],
        &["resultat.yaml:5:13: error:"],
    );
    assert!(
        err.contains("statistics") && err.contains("workshop"),
        "{err}"
    );
}

#[test]
fn duplicate_id() {
    fails(
        |f| {
            let mut t = std::fs::read_to_string(f.path(ITEMS)).unwrap();
            t.push_str("  - id: pl-torget\n    name: Igen\n    kind: park\n");
            f.write(ITEMS, t);
        },
        &[],
        &[
            "the id \"pl-torget\" is used twice",
            "hint: it is also defined at content/kartlaggning/resultat.yaml:",
        ],
    );
}

#[test]
fn dangling_reference_suggests_the_closest_id() {
    fails(
        |f| {
            let t = std::fs::read_to_string(f.path(PRIOS))
                .unwrap()
                .replace("[f-otrygg-kvall]", "[f-otryg-kvall]");
            f.write(PRIOS, t);
        },
        &[],
        &[
            "content/analys-och-aterkoppling/prioriteringar.yaml:6:16: error: unknown finding id \"f-otryg-kvall\"",
            "did you mean \"f-otrygg-kvall\"?",
        ],
    );
}

#[test]
fn unknown_need_area() {
    fails(
        |f| {
            let t = std::fs::read_to_string(f.path(PRIOS))
                .unwrap()
                .replace("need_area: trygghet", "need_area: säkerhet");
            f.write(PRIOS, t);
        },
        &[],
        &[
            "prioriteringar.yaml:5:16: error: unknown need area \"säkerhet\"",
            "halsa, trygghet",
        ],
    );
}

#[test]
fn unknown_guiding_question() {
    fails(
        |f| {
            f.write(
                PAGE,
                "---\ntitle: S\nanswers: [statistik, okand-fraga]\n---\n",
            )
        },
        &[],
        &[
            "content/kartlaggning/statistik.md:3:22: error: unknown guiding question \"okand-fraga\"",
        ],
    );
}

#[test]
fn broken_link_between_pages() {
    fails(
        |f| {
            f.write(
                PAGE,
                "---\ntitle: S\n---\n\nFörsta stycket.\n\nSe [saknad sida](../saknas.md).\n",
            )
        },
        &[],
        &["content/kartlaggning/statistik.md:7:4: error: broken link \"../saknas.md\""],
    );
}

#[test]
fn check_and_render_errors_are_reported_together() {
    // An unknown guiding question is found by the checks, a broken link by
    // the render: one build names both.
    let stderr = fails(
        |f| {
            f.write(
                PAGE,
                "---\ntitle: S\nanswers: [okand-fraga]\n---\n\nSe [saknad sida](../saknas.md).\n",
            )
        },
        &[],
        &[
            "content/kartlaggning/statistik.md:3:",
            "unknown guiding question \"okand-fraga\"",
            "content/kartlaggning/statistik.md:6:4: error: broken link \"../saknas.md\"",
        ],
    );
    assert!(stderr.contains("2 errors"), "{stderr}");
}

#[test]
fn config_unknown_key() {
    fails(
        |f| {
            let t = std::fs::read_to_string(f.path("book.toml"))
                .unwrap()
                .replace("period = ", "perod = ");
            f.write("book.toml", t);
        },
        &[],
        &["book.toml:11:1: error:", "perod", "hint:"],
    );
}

#[test]
fn config_wrong_type() {
    fails(
        |f| {
            let t = std::fs::read_to_string(f.path("book.toml"))
                .unwrap()
                .replace("area_type = 2", "area_type = \"två\"");
            f.write("book.toml", t);
        },
        &[],
        &["book.toml:13:13: error: string \"två\", expected a whole number"],
    );
}

#[test]
fn missing_config() {
    fails(
        |f| f.remove("book.toml"),
        &[],
        &["book.toml: error: cannot read book.toml", "kartsite init"],
    );
}

#[test]
fn template_syntax_error() {
    fails(
        |f| {
            f.write("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n")
        },
        &[],
        &["themes/default/templates/page.html:3:"],
    );
}

#[test]
fn template_undefined_variable() {
    fails(
        |f| {
            f.write(
                "themes/default/templates/404.html",
                "<p>\n{{ no_such_value }}\n</p>\n",
            )
        },
        &[],
        &["themes/default/templates/404.html:2:"],
    );
}

#[test]
fn missing_theme() {
    fails(
        |f| {
            let t = std::fs::read_to_string(f.path("book.toml"))
                .unwrap()
                .replace("[build]", "[build]\ntheme = \"egen\"");
            f.write("book.toml", t);
        },
        &[],
        &["the theme \"egen\" does not exist"],
    );
}

#[test]
fn invalid_utf8() {
    fails(
        |f| {
            f.write(
                PAGE,
                b"---\ntitle: S\n---\nR\xE4ksm\xF6rg\xE5s\n".as_slice(),
            )
        },
        &[],
        &[
            "content/kartlaggning/statistik.md:4:2: error: the file is not UTF-8 text",
            "save the file as UTF-8",
        ],
    );
}

#[test]
fn unclosed_front_matter() {
    fails(
        |f| f.write(PAGE, "---\ntitle: S\n\nText\n"),
        &[],
        &["statistik.md:1:1: error: the front matter starts with `---` but is never closed"],
    );
}

#[test]
fn unknown_phase() {
    fails(
        |f| f.write("content/om.md", "---\ntitle: Om\nphase: planering\n---\n"),
        &[],
        &["content/om.md:3:8: error: unknown phase \"planering\""],
    );
}

#[test]
fn not_relevant_without_reason() {
    fails(
        |f| {
            let t = std::fs::read_to_string(f.path(PRIOS))
                .unwrap()
                .replace("status: ongoing", "status: not_relevant");
            f.write(PRIOS, t);
        },
        &[],
        &[
            "prioriteringar.yaml:2:9: error: priority \"pr-trygghet\" is not_relevant but gives no status_reason",
        ],
    );
}

#[test]
fn page_taking_a_generated_path() {
    fails(
        |f| f.write("content/findings.md", "# Fynd\n"),
        &[],
        &["content/findings.md: error: this page would overwrite the generated page findings.html"],
    );
}

#[test]
fn public_content_referring_to_internal_content() {
    fails(
        |f| {
            let t = std::fs::read_to_string(f.path(PRIOS))
                .unwrap()
                .replace("[f-otrygg-kvall]", "[f-otrygg-kvall, f-intern]");
            f.write(PRIOS, t);
        },
        &["--audience", "public"],
        &[
            "prioriteringar.yaml:6:32: error: public content refers to the internal finding \"f-intern\"",
        ],
    );
}

#[test]
fn public_page_linking_to_an_internal_page() {
    fails(
        |f| {
            f.write(
                "content/om.md",
                "# Om\n\nSe [anteckningarna](kartlaggning/anteckningar.md).\n",
            )
        },
        &["--audience", "public"],
        &[
            "content/om.md:3:4: error: broken link \"kartlaggning/anteckningar.md\": that page is internal or a draft",
        ],
    );
}

#[test]
fn output_folder_inside_content() {
    let f = Fixture::copy("basic");
    let out = f.path("content/ut").to_string_lossy().to_string();
    let r = f.build(&["-o", &out]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("the output folder lies inside the report's sources"),
        "{}",
        r.stderr
    );
    assert!(!f.path("content/ut").exists());
}

#[test]
fn output_folder_that_is_not_ours_is_left_alone() {
    let f = Fixture::copy("basic");
    f.write("../annat/viktigt.txt", "behåll mig");
    let out = f.root.join("../annat").to_string_lossy().to_string();
    let r = f.build(&["-o", &out]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("is not a folder kartsite made"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(f.root.join("../annat/viktigt.txt")).unwrap(),
        "behåll mig"
    );
}

#[test]
fn several_errors_are_reported_together() {
    let err = fails(
        |f| {
            let t = std::fs::read_to_string(f.path(PRIOS))
                .unwrap()
                .replace("[f-otrygg-kvall]", "[f-x]")
                .replace("responsible: a-kretsen", "responsible: a-y");
            f.write(PRIOS, t);
        },
        &[],
        &[
            "unknown finding id \"f-x\"",
            "unknown actor id \"a-y\"",
            "kartsite: 2 errors",
        ],
    );
    assert_eq!(err.matches(": error: ").count(), 2, "{err}");
}

#[test]
fn bom_and_crlf_simply_work() {
    let f = Fixture::copy("basic");
    let page = std::fs::read_to_string(f.path(PAGE))
        .unwrap()
        .replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(page.as_bytes());
    f.write(PAGE, bytes);
    f.build(&[]).ok();
    let html = std::fs::read_to_string(f.out().join("kartlaggning/statistik.html")).unwrap();
    assert!(html.contains("<h1>Statistik om Testby</h1>"));
    assert!(!html.contains('\r'));
}
