//! Every incremental rebuild must give exactly the site a full build gives,
//! report exactly the outputs that differ, and render less when it can.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::build::build_in_memory;

type Site = BTreeMap<String, Vec<u8>>;

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    opts: BuildOptions,
    session: Session,
    /// The full build matching the session's last good site.
    site: Site,
}

fn full_build(opts: &BuildOptions) -> Result<Site, Diagnostics> {
    Ok(build_in_memory(opts)?
        .files
        .into_iter()
        .map(|f| (f.url, f.bytes))
        .collect())
}

impl Fixture {
    fn new(audience: Audience) -> Fixture {
        Fixture::of("tests/fixtures/serve", audience)
    }

    /// A copy of the report in `rel` (from the repository root).
    fn of(rel: &str, audience: Audience) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
        for part in ["book.toml", "content", "data", "static", "themes"] {
            let from = src.join(part);
            if from.is_dir() {
                copy_dir(&from, &dir.path().join(part));
            } else if from.is_file() {
                std::fs::copy(&from, dir.path().join(part)).unwrap();
            }
        }
        let opts = BuildOptions {
            audience,
            ..BuildOptions::new(dir.path())
        };
        let session = Session::open(opts.clone()).unwrap();
        let site = full_build(&opts).unwrap();
        let f = Fixture {
            _dir: dir,
            opts,
            session,
            site,
        };
        assert_eq!(f.served(&f.site), f.site);
        f
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.opts.root.join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// What the session serves, less the attachments no page links to: a
    /// preview serves every file under content/, a build publishes only
    /// the linked ones.
    fn served(&self, linked: &Site) -> Site {
        self.session
            .files()
            .iter()
            .filter(|(u, _)| linked.contains_key(*u) || !self.attachment(u))
            .map(|(u, b)| (u.clone(), b.to_vec()))
            .collect()
    }

    /// Whether `url` is a file under content/ that is not a page.
    fn attachment(&self, url: &str) -> bool {
        let src = self.opts.root.join("content").join(url);
        src.is_file()
            && !url.ends_with(".md")
            && !url.ends_with(".yaml")
            && !self.opts.root.join("static").join(url).exists()
    }

    /// Write (or with `None` delete) `rel`, then apply the change.
    fn edit(&mut self, rel: &str, text: Option<&str>) -> Result<Rebuild, Diagnostics> {
        let p = self.path(rel);
        match text {
            Some(t) => {
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, t).unwrap();
            }
            None if p.is_dir() => std::fs::remove_dir_all(&p).unwrap(),
            None => std::fs::remove_file(&p).unwrap(),
        }
        let change = self
            .session
            .classify(Path::new(rel))
            .expect("a path of the report");
        self.session.apply(&[change])
    }

    /// Edit and expect success: the session must now serve what a full
    /// build gives, and report exactly the outputs that differ.
    fn edit_ok(&mut self, rel: &str, text: Option<&str>) -> Rebuild {
        let r = self
            .edit(rel, text)
            .unwrap_or_else(|e| panic!("rebuild failed:\n{e}"));
        let after = full_build(&self.opts).unwrap();
        assert_eq!(
            self.served(&after),
            after,
            "the session differs from a full build"
        );
        let changed: Vec<String> = after
            .iter()
            .filter(|(u, b)| self.site.get(*u) != Some(*b))
            .map(|(u, _)| u.clone())
            .collect();
        let removed: Vec<String> = self
            .site
            .keys()
            .filter(|u| !after.contains_key(*u))
            .cloned()
            .collect();
        // A preview also serves the attachments no page links to (the
        // served site equals the build's apart from them, asserted above).
        let served = |list: &[String]| -> Vec<String> {
            list.iter()
                .filter(|u| after.contains_key(*u) || self.site.contains_key(*u))
                .cloned()
                .collect()
        };
        assert_eq!(served(&r.changed), changed, "changed outputs");
        assert_eq!(served(&r.removed), removed, "removed outputs");
        self.site = after;
        r
    }

    /// Edit and expect errors; the last good site stays.
    fn edit_err(&mut self, rel: &str, text: Option<&str>) -> Diagnostics {
        let e = self.edit(rel, text).expect_err("the edit should fail");
        assert!(full_build(&self.opts).is_err(), "a full build fails too");
        assert_eq!(
            self.served(&self.site),
            self.site,
            "the last good site stays"
        );
        e
    }
}

#[test]
fn editing_a_page_body_renders_only_that_page_and_what_reads_all_text() {
    let mut f = Fixture::new(Audience::Internal);
    let text = f
        .read("content/kartlaggning/statistik.md")
        .replace("4 000", "4 200");
    let r = f.edit_ok("content/kartlaggning/statistik.md", Some(&text));
    // The print page shows every page; the search index reads all text.
    assert_eq!(
        r.changed,
        [
            "kartlaggning/statistik.html",
            "print.html",
            "search-index.js"
        ]
    );
    assert_eq!(r.rendered, 3);
    assert!(!r.reloaded);
    let html = String::from_utf8(f.served(&f.site)["kartlaggning/statistik.html"].clone()).unwrap();
    assert!(
        html.contains("<span class=\"nowrap\">4 200</span> invånare"),
        "{html}"
    );
}

#[test]
fn saving_without_changes_changes_nothing() {
    let mut f = Fixture::new(Audience::Internal);
    let text = f.read("content/om.md");
    let r = f.edit_ok("content/om.md", Some(&text));
    assert!(r.changed.is_empty());
    // The page and the search index; the print page only when a page it
    // shows changed.
    assert_eq!(r.rendered, 2);
}

#[test]
fn a_new_title_reaches_the_lists_of_pages() {
    let mut f = Fixture::new(Audience::Internal);
    let text = f
        .read("content/kartlaggning/torget.md")
        .replace("title: Torget", "title: Torget och centrum");
    let r = f.edit_ok("content/kartlaggning/torget.md", Some(&text));
    // The page and its phase page (which lists it and the question it answers).
    assert!(r.changed.contains(&"kartlaggning/torget.html".to_string()));
    assert!(r.changed.contains(&"kartlaggning/index.html".to_string()));
    // Other content pages are not rendered at all.
    let total = f.site.len();
    assert!(r.rendered < total / 2, "{} of {total}", r.rendered);
}

#[test]
fn items_reach_the_overviews_only() {
    let mut f = Fixture::new(Audience::Internal);
    let text = f
        .read("content/behovsidentifiering/resultat.yaml")
        .replace("Otrygghet på torget", "Otrygghet vid torget");
    let r = f.edit_ok("content/behovsidentifiering/resultat.yaml", Some(&text));
    for url in [
        "findings.html",
        "priorities.html",
        "behovsidentifiering/index.html",
    ] {
        assert!(r.changed.contains(&url.to_string()), "{url}: {r:?}");
    }
    assert!(!r.changed.iter().any(|u| u.starts_with("kartlaggning/")));
}

#[test]
fn assets_and_static_files_are_copied_alone() {
    let mut f = Fixture::new(Audience::Internal);
    let r = f.edit_ok(
        "content/kartlaggning/karta.svg",
        Some("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    );
    assert_eq!(r.changed, ["kartlaggning/karta.svg"]);
    assert_eq!(r.rendered, 1);
    let r = f.edit_ok("static/extra.css", Some(".extra { color: #000; }\n"));
    assert_eq!(r.changed, ["extra.css"]);
    assert_eq!(r.rendered, 1);
    // A static file may replace a theme file; removing it brings the
    // theme's back.
    f.edit_ok("static/style.css", Some("body { margin: 0; }\n"));
    f.edit_ok("static/style.css", None);
    // New and removed assets can make links work or break.
    f.edit_ok("content/om/bild.svg", Some("<svg/>"));
    f.edit_ok("content/om/bild.svg", None);
}

#[test]
fn pages_come_and_go() {
    let mut f = Fixture::new(Audience::Internal);
    let r = f.edit_ok(
        "content/kartlaggning/skolan.md",
        Some("---\ntitle: Skolan\n---\n\nOm skolan.\n"),
    );
    assert!(r.changed.contains(&"kartlaggning/skolan.html".to_string()));
    f.edit_ok("content/kartlaggning/skolan.md", None);
    // A draft is left out, and comes back when it is no longer one.
    let om = f.read("content/om.md");
    f.edit_ok(
        "content/om.md",
        Some(&om.replace("---\n\n", "draft: true\n---\n\n")),
    );
    assert!(!f.served(&f.site).contains_key("om.html"));
    f.edit_ok("content/om.md", Some(&om));
    assert!(f.served(&f.site).contains_key("om.html"));
}

#[test]
fn broken_edits_keep_the_last_good_site_until_fixed() {
    let mut f = Fixture::new(Audience::Internal);
    let good = f.read("content/kartlaggning/statistik.md");
    // Broken front matter: located in the page.
    let e = f.edit_err(
        "content/kartlaggning/statistik.md",
        Some("---\ntitle: [oj\n---\n\ntext\n"),
    );
    let d = e.errors().next().unwrap();
    assert_eq!(d.file, Path::new("content/kartlaggning/statistik.md"));
    assert!(d.line.is_some(), "{d}");
    // Other edits meanwhile fail too, and are not lost.
    let om = f.read("content/om.md").replace("frivilliga", "volontärer");
    f.edit_err("content/om.md", Some(&om));
    // Fixing the page makes both visible.
    let r = f.edit_ok("content/kartlaggning/statistik.md", Some(&good));
    assert!(r.changed.contains(&"om.html".to_string()), "{r:?}");

    // Removing a page that a finding and another page link to breaks
    // those links (the finding's is found first, by `check`).
    let torget = f.read("content/kartlaggning/torget.md");
    let e = f.edit_err("content/kartlaggning/torget.md", None);
    let d = e.errors().next().unwrap();
    assert_eq!(d.kind, "broken-link");
    assert_eq!(
        d.file,
        Path::new("content/behovsidentifiering/resultat.yaml")
    );
    let yaml = f.read("content/behovsidentifiering/resultat.yaml");
    let e = f.edit_err(
        "content/behovsidentifiering/resultat.yaml",
        Some(&yaml.replace("    evidence: ../kartlaggning/torget.md\n", "")),
    );
    let d = e.errors().next().unwrap();
    assert_eq!(d.kind, "broken-link");
    assert_eq!(d.file, Path::new("content/kartlaggning/statistik.md"));
    assert_eq!(d.line, Some(12), "{d}");
    f.edit_ok("content/kartlaggning/torget.md", Some(&torget));
    f.edit_ok("content/behovsidentifiering/resultat.yaml", Some(&yaml));

    // A reference to an item that does not exist.
    let prio = f.read("content/analys-och-aterkoppling/prioriteringar.yaml");
    let e = f.edit_err(
        "content/analys-och-aterkoppling/prioriteringar.yaml",
        Some(&prio.replace("[f-trygghet-torget]", "[f-trygghet-torg]")),
    );
    assert_eq!(e.errors().next().unwrap().kind, "unknown-id");
    f.edit_ok(
        "content/analys-och-aterkoppling/prioriteringar.yaml",
        Some(&prio),
    );
}

#[test]
fn templates_reach_the_pages_that_use_them() {
    let mut f = Fixture::new(Audience::Internal);
    let page = String::from_utf8(
        crate::theme::default_theme().files["templates/page.html"]
            .bytes
            .clone(),
    )
    .unwrap();
    let r = f.edit_ok(
        "themes/default/templates/page.html",
        Some(&page.replace("<h1{% if", "<h1 class=\"egen\"{% if")),
    );
    assert!(
        r.changed
            .contains(&"kartlaggning/statistik.html".to_string())
    );
    assert!(!r.changed.contains(&"index.html".to_string()));
    assert!(!r.changed.contains(&"findings.html".to_string()));
    let total = f.site.len();
    assert!(r.rendered < total, "{} of {total}", r.rendered);
    // A template error is located in the theme's file.
    let e = f.edit_err(
        "themes/default/templates/page.html",
        Some("{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}"),
    );
    let d = e.errors().next().unwrap();
    assert_eq!(d.file, Path::new("themes/default/templates/page.html"));
    f.edit_ok("themes/default/templates/page.html", None);
    // UI strings are on every page.
    let sv = String::from_utf8(
        crate::theme::default_theme().files["strings/sv.toml"]
            .bytes
            .clone(),
    )
    .unwrap();
    let r = f.edit_ok(
        "themes/default/strings/sv.toml",
        Some(&sv.replace("nav_home = \"Startsida\"", "nav_home = \"Hem\"")),
    );
    assert!(r.changed.len() > 5, "{r:?}");
}

#[test]
fn book_toml_and_folders_read_everything_again() {
    let mut f = Fixture::new(Audience::Internal);
    let book = f.read("book.toml");
    let r = f.edit_ok(
        "book.toml",
        Some(&book.replace("Kartläggning Norrby\"", "Kartläggning Norrby 2026\"")),
    );
    assert!(r.reloaded);
    let e = f.edit_err("book.toml", Some(&book.replace("[book]", "[bok]")));
    assert_eq!(e.errors().next().unwrap().file, Path::new("book.toml"));
    // Until book.toml is fixed, every rebuild fails.
    let om = f.read("content/om.md");
    f.edit_err("content/om.md", Some(&om));
    f.edit_ok("book.toml", Some(&book));
    // A whole folder goes.
    let r = f.edit_ok("content/forberedelser", None);
    assert!(r.reloaded);
}

#[test]
fn public_builds_follow_audience_changes() {
    let mut f = Fixture::new(Audience::Public);
    let om = f.read("content/om.md");
    f.edit_ok(
        "content/om.md",
        Some(&om.replace("---\n\n", "audience: internal\n---\n\n")),
    );
    assert!(!f.served(&f.site).contains_key("om.html"));
    f.edit_ok("content/om.md", Some(&om));
    assert!(f.served(&f.site).contains_key("om.html"));
}

#[test]
fn several_changes_at_once() {
    let mut f = Fixture::new(Audience::Internal);
    let a = f.read("content/om.md").replace("våren", "hösten");
    let b = f
        .read("content/kartlaggning/torget.md")
        .replace("viktigaste", "största");
    std::fs::write(f.path("content/om.md"), a).unwrap();
    std::fs::write(f.path("content/kartlaggning/torget.md"), b).unwrap();
    let changes: Vec<Change> = ["content/om.md", "content/kartlaggning/torget.md"]
        .iter()
        .filter_map(|p| f.session.classify(Path::new(p)))
        .collect();
    let r = f.session.apply(&changes).unwrap();
    assert_eq!(
        r.changed,
        [
            "kartlaggning/torget.html",
            "om.html",
            "print.html",
            "search-index.js"
        ]
    );
    let full = full_build(&f.opts).unwrap();
    assert_eq!(f.served(&full), full);
}

/// Replace `from` by `to` in `rel` (which must contain it) and expect the
/// rebuild to give what a full build gives.
fn replace_ok(f: &mut Fixture, rel: &str, from: &str, to: &str) -> Rebuild {
    let text = f.read(rel);
    assert!(text.contains(from), "{rel} lacks {from:?}");
    f.edit_ok(rel, Some(&text.replacen(from, to, 1)))
}

fn append_ok(f: &mut Fixture, rel: &str, more: &str) -> Rebuild {
    let text = f.read(rel);
    f.edit_ok(rel, Some(&format!("{text}{more}")))
}

#[test]
fn the_example_report_rebuilds_like_a_full_build() {
    for audience in [Audience::Internal, Audience::Public] {
        let mut f = Fixture::of(".", audience);
        // The text of a page reaches the print page and the search index.
        let r = append_ok(
            &mut f,
            "content/kartlaggning/statistik.md",
            "\nEtt nytt stycke om ungdomsgården.\n",
        );
        assert!(r.changed.contains(&"print.html".to_string()), "{r:?}");
        assert!(r.changed.contains(&"search-index.js".to_string()), "{r:?}");
        assert!(!r.reloaded);
        // A resident page with translations, and a translation.
        append_ok(
            &mut f,
            "content/kort-om-kartlaggningen.md",
            "\nVi träffade många på torget.\n",
        );
        append_ok(
            &mut f,
            "content/kort-om-kartlaggningen.en.md",
            "\nWe met many people in the square.\n",
        );
        replace_ok(&mut f, "content/om.md", "title: Om", "title: Mer om");
        // The glossary is marked on resident pages in every language.
        replace_ok(
            &mut f,
            "content/ordlista.yaml",
            "Det kostar inget.",
            "Det är gratis.",
        );
        replace_ok(
            &mut f,
            "content/kartlaggning/platser.yaml",
            "name: ",
            "name: Nya ",
        );
        replace_ok(
            &mut f,
            "content/analys-och-aterkoppling/prioriteringar.yaml",
            "title: ",
            "title: Ny ",
        );
        replace_ok(
            &mut f,
            "content/behovsidentifiering/citat.yaml",
            "text: ",
            "text: Ja, ",
        );
        // A link to an anchor that does not exist fails, and mends.
        let page = "content/kartlaggning/statistik.md";
        let good = f.read(page);
        let e = f.edit_err(
            page,
            Some(&format!(
                "{good}\nSe [torget](geografi-och-boende.md#finns-inte).\n"
            )),
        );
        assert!(e.to_string().contains("#finns-inte"), "{e}");
        f.edit_ok(page, Some(&good));
    }
}

#[test]
fn charts_follow_their_pages_and_data() {
    let mut f = Fixture::of("tests/fixtures/charts", Audience::Internal);
    let page = "content/kartlaggning/diagram.md";
    let good = f.read(page);
    let csv = f
        .site
        .keys()
        .find(|u| u.ends_with("svar.csv"))
        .cloned()
        .expect("a download of the chart svar");
    // Another value in an inline chart: its download changes.
    let r = replace_ok(&mut f, page, "antal: 40", "antal: 41");
    assert!(r.changed.contains(&csv), "{r:?}");
    // The chart removed: its download goes.
    let start = good.find("Svaren (@fig-svar):").unwrap();
    let r = f.edit_ok(page, Some(&good[..start]));
    assert!(r.removed.contains(&csv), "{r:?}");
    let r = f.edit_ok(page, Some(&good));
    assert!(r.changed.contains(&csv), "{r:?}");
    // Chart data read again.
    let data = f.read("data/befolkning.csv");
    let changed: String = data.replacen('1', "2", 1);
    assert_ne!(data, changed);
    let r = f.edit_ok("data/befolkning.csv", Some(&changed));
    assert!(r.reloaded);
}

#[test]
fn resident_pages_in_every_language_follow_their_sources() {
    let mut f = Fixture::of("tests/fixtures/residents", Audience::Internal);
    // The page and its fallback copies in other languages.
    append_ok(
        &mut f,
        "content/behovsidentifiering/halsa.md",
        "\nVi pratade om vården.\n",
    );
    let r = append_ok(
        &mut f,
        "content/behovsidentifiering/dialog.md",
        "\nMånga vill ha fler bänkar.\n",
    );
    assert!(
        r.changed
            .contains(&"behovsidentifiering/dialog.html".to_string()),
        "{r:?}"
    );
    append_ok(
        &mut f,
        "content/behovsidentifiering/dialog.ar.md",
        "\nشكراً.\n",
    );
    replace_ok(
        &mut f,
        "content/behovsidentifiering/dialog.md",
        "title: Vad de boende sa",
        "title: Vad de boende berättade",
    );
    replace_ok(
        &mut f,
        "content/analys-och-aterkoppling/plan.yaml",
        "Beslut i kommunen.",
        "Beslut i kommunstyrelsen.",
    );
    replace_ok(
        &mut f,
        "content/analys-och-aterkoppling/plan.yaml",
        "status: ongoing",
        "status: done",
    );
    let fynd = f.read("content/behovsidentifiering/fynd.yaml");
    f.edit_ok(
        "content/behovsidentifiering/fynd.yaml",
        Some(&fynd.replacen("title: ", "title: Nytt – ", 1)),
    );
}

/// `serve` defers the print page and the search index: an edit serves the
/// pages at once, and `refresh_whole` then brings the site to exactly what a
/// full build gives.
#[test]
fn deferred_whole_site_outputs_catch_up_with_a_full_build() {
    let mut f = Fixture::new(Audience::Internal);
    f.session.defer_whole_site_outputs(true);
    let before = f.served(&f.site);
    let text = f
        .read("content/kartlaggning/statistik.md")
        .replace("4 000", "4 300");
    let r = f
        .edit("content/kartlaggning/statistik.md", Some(&text))
        .unwrap();
    assert_eq!(r.changed, ["kartlaggning/statistik.html"], "pages first");
    assert_eq!(f.served(&f.site)["print.html"], before["print.html"]);
    assert_eq!(
        f.served(&f.site)["search-index.js"],
        before["search-index.js"]
    );
    let whole = f.session.refresh_whole().unwrap();
    assert_eq!(whole.changed, ["print.html", "search-index.js"]);
    let full = full_build(&f.opts).unwrap();
    assert_eq!(f.served(&full), full);
    // Nothing stale: a second refresh makes nothing.
    assert!(f.session.refresh_whole().unwrap().changed.is_empty());

    // A new page, a title change and a template change, each caught up.
    let page = "---\ntitle: Ny sida om trygghet\nphase: kartlaggning\n---\n\nTrygghetsvandring i parken.\n";
    for (rel, text) in [
        ("content/kartlaggning/ny.md", Some(page.to_string())),
        (
            "content/om.md",
            Some(
                f.read("content/om.md")
                    .replacen("title:", "title: Nytt namn på", 1),
            ),
        ),
        ("content/kartlaggning/ny.md", None),
    ] {
        f.edit(rel, text.as_deref()).unwrap();
        f.session.refresh_whole().unwrap();
        let full = full_build(&f.opts).unwrap();
        assert_eq!(f.served(&full), full, "after {rel}");
    }
}
