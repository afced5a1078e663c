//! `kartsite check`: every kind of fault reported with file and line,
//! nothing written, errors exit 1, warnings alone exit 0.

use crate::support::{Fixture, run};

fn check(f: &Fixture, args: &[&str]) -> crate::support::Run {
    let root = f.root.to_string_lossy().to_string();
    let mut all = vec!["check", "--root", root.as_str()];
    all.extend_from_slice(args);
    run(&all, &f.root)
}

/// The basic fixture with one seeded fault of each kind.
fn seeded() -> Fixture {
    let f = Fixture::copy("basic");
    f.write(
        "content/kartlaggning/fel.md",
        "---\ntitle: Sida med fel\n---\n\nSe [saknad](saknas.md) och [fel ankare](statistik.md#finns-inte).\n\n![](karta.svg)\n\nOch [egen rubrik](#inte-har).\n",
    );
    let prios =
        std::fs::read_to_string(f.path("content/analys-och-aterkoppling/prioriteringar.yaml"))
            .unwrap()
            .replace("responsible: a-kretsen", "responsible: a-okand");
    f.write("content/analys-och-aterkoppling/prioriteringar.yaml", prios);
    f
}

#[test]
fn seeded_faults_are_reported_with_locations() {
    let f = seeded();
    let r = check(&f, &[]);
    assert_eq!(r.code, 1, "{r:?}");
    let out = &r.stdout;
    for expected in [
        "content/kartlaggning/fel.md:5:4: error: broken link \"saknas.md\"",
        "content/kartlaggning/fel.md:5:28: error: the anchor \"#finns-inte\" does not exist on kartlaggning/statistik.html",
        "content/kartlaggning/fel.md:9:5: error: the anchor \"#inte-har\" does not exist on kartlaggning/fel.html",
        "content/kartlaggning/fel.md:7:1: warning: an image has no alt text",
        "content/analys-och-aterkoppling/prioriteringar.yaml:8:18: error: unknown actor id \"a-okand\"",
        "content/behovsidentifiering/: note: phase \"Behovsidentifiering\": no page answers the guiding question \"behov-halsa\"",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    assert!(
        out.trim_end()
            .ends_with("kartsite check: 4 errors, 1 warning, 19 notes"),
        "{out}"
    );
    assert!(!f.out().exists(), "check must not write the site");
}

#[test]
fn json_format_gives_one_object_per_finding() {
    let f = seeded();
    let r = check(&f, &["--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 24);
    let anchor = items
        .iter()
        .find(|i| {
            i["kind"] == "broken-anchor" && i["message"].as_str().unwrap().contains("finns-inte")
        })
        .unwrap();
    assert_eq!(anchor["severity"], "error");
    assert_eq!(anchor["file"], "content/kartlaggning/fel.md");
    assert_eq!(anchor["line"], 5);
    assert_eq!(anchor["column"], 28);
    for i in items {
        for key in ["severity", "kind", "file", "line", "message"] {
            assert!(i.get(key).is_some(), "{key} missing in {i}");
        }
    }
}

#[test]
fn warnings_alone_exit_0() {
    let f = Fixture::copy("basic");
    f.write(
        "content/kartlaggning/bild.md",
        "---\ntitle: Bild\n---\n\n![](karta.svg)\n",
    );
    let r = check(&f, &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("warning: an image has no alt text"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("note: phase"), "{}", r.stdout);
    assert!(
        r.stdout
            .trim_end()
            .ends_with("0 errors, 1 warning, 20 notes"),
        "{}",
        r.stdout
    );
}

#[test]
fn public_audience_checks_internal_references() {
    let f = Fixture::copy("basic");
    f.write(
        "content/om.md",
        "# Om\n\nSe [anteckningarna](kartlaggning/anteckningar.md).\n",
    );
    assert_eq!(check(&f, &["--audience", "internal"]).code, 0);
    // The public check is the default, as for `kartsite build`.
    let r = check(&f, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("content/om.md:3:4: error: broken link"),
        "{}",
        r.stdout
    );
}
