//! Publishing (issue #13): the default folders of the two audiences and
//! the files beside the pages (robots.txt, sitemap.xml, build.json), dates
//! in the page language. The exports are in `exports.rs`, `publish --to`
//! in `publish.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{Fixture, hashes, read, read_tree, run};

/// A copy of the example report at the repository root
/// ([`Fixture::example`]).
pub struct Example {
    _fixture: Fixture,
    pub root: PathBuf,
}

impl Example {
    pub fn new() -> Example {
        let fixture = Fixture::example();
        let root = fixture.root.clone();
        Example {
            _fixture: fixture,
            root,
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn root_arg(&self) -> String {
        self.root.to_string_lossy().into_owned()
    }

    /// The files of `kartsite build --audience public`, without its marker.
    pub fn public_site(&self) -> BTreeMap<String, Vec<u8>> {
        let site = self.root.parent().unwrap().join("site");
        self.build_public(&site);
        let mut files = read_tree(&site);
        files.remove(".kartsite");
        files
    }

    /// `kartsite build --audience public -o <out>`, which must succeed.
    pub fn build_public(&self, out: &Path) {
        let o = out.to_string_lossy().into_owned();
        self.run(&["build", "--audience", "public", "-o", &o]).ok();
    }

    /// `kartsite build --audience <audience> -o <out>`, which must fail.
    pub fn refused_build(&self, audience: &str, out: &Path) -> crate::support::Run {
        let o = out.to_string_lossy().into_owned();
        let r = self.run(&["build", "--audience", audience, "-o", &o]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        r
    }

    /// `kartsite <args> --root <root>`, run in the report folder.
    pub fn run(&self, args: &[&str]) -> crate::support::Run {
        let root = self.root_arg();
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--root", &root]);
        run(&all, &self.root)
    }
}

#[test]
fn build_defaults_to_the_public_version_in_public_and_internal_in_internal() {
    let ex = Example::new();
    ex.run(&["build"]).ok();
    let public = ex.path("public");
    let info = read(public.join("build.json"));
    assert!(info.contains("\"audience\": \"public\""), "{info}");
    let home = read(public.join("index.html"));
    assert!(
        !home.contains("internal-banner"),
        "the default build is the public one"
    );
    assert!(!home.contains("noindex"));
    assert!(!ex.path("internal").exists());

    ex.run(&["build", "--audience", "internal"]).ok();
    let internal = ex.path("internal");
    assert!(read(internal.join("build.json")).contains("\"audience\": \"internal\""));
    assert_eq!(
        read(internal.join("robots.txt")),
        "User-agent: *\nDisallow: /\n"
    );
    for (url, bytes) in read_tree(&internal) {
        if url.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(
                html.contains("<meta name=\"robots\" content=\"noindex\">"),
                "{url} of the internal build has no noindex"
            );
        }
    }

    // The internal version never lands in the public folder, nor the
    // public one in the internal folder: refused, nothing touched.
    let before = hashes(&public);
    let r = ex.refused_build("internal", &public);
    assert!(
        r.stderr.contains("holds the public version") && r.stderr.contains("internal"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&*public.to_string_lossy()),
        "{}",
        r.stderr
    );
    assert_eq!(hashes(&public), before, "the public folder is unchanged");
    let r = ex.refused_build("public", &internal);
    assert!(
        r.stderr.contains("holds the internal version"),
        "{}",
        r.stderr
    );

    // A folder holding the public version, under any name.
    let elsewhere = ex.root.parent().unwrap().join("webb");
    ex.build_public(&elsewhere);
    ex.refused_build("internal", &elsewhere);
    assert!(!read(elsewhere.join("index.html")).contains("internal-banner"));
}

#[test]
fn public_pages_have_canonical_links_a_sitemap_and_a_dated_footer() {
    let ex = Example::new();
    let out = ex.root.parent().unwrap().join("ut");
    ex.build_public(&out);
    let base = "https://kartlaggning.example.org/norrbacka/";
    let home = read(out.join("index.html"));
    assert!(home.contains(&format!(
        "<link rel=\"canonical\" href=\"{base}index.html\">"
    )));
    let page = read(out.join("kartlaggning/statistik.html"));
    assert!(page.contains(&format!(
        "<link rel=\"canonical\" href=\"{base}kartlaggning/statistik.html\">"
    )));
    // The footer date is [report] updated, in the page's language.
    assert!(
        home.contains("Senast uppdaterad: <time datetime=\"2026-08-28\">28 augusti 2026</time>"),
        "{}",
        &home[home.find("<footer").unwrap()..]
    );
    assert!(
        read(out.join("en/residents.html"))
            .contains("Last updated: <time datetime=\"2026-08-28\">28 August 2026</time>")
    );
    let ar = read(out.join("ar/residents.html"));
    assert!(
        ar.contains("<time datetime=\"2026-08-28\">28 أغسطس 2026</time>"),
        "Arabic date"
    );
    // Timeline and meeting dates in words, ISO in the attribute.
    let pri = read(out.join("priorities.html"));
    assert!(
        pri.contains("<time datetime=\"2026-10-21\">21 oktober 2026</time>"),
        "timeline date"
    );
    let res = read(out.join("residents.html"));
    assert!(res.contains("<time datetime=\"2026-09-16T18:00\">16 september 2026 18:00</time>"));

    let map = read(out.join("sitemap.xml"));
    assert!(map.contains(&format!(
        "<loc>{base}index.html</loc><lastmod>2026-08-28</lastmod>"
    )));
    assert!(map.contains(&format!("<loc>{base}ar/residents.html</loc>")));
    assert!(!map.contains("404.html"));
    assert!(read(out.join("robots.txt")).contains(&format!("Sitemap: {base}sitemap.xml")));
    let info = read(out.join("build.json"));
    assert!(info.contains(&format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"))));
    assert!(info.contains("\"updated\": \"2026-08-28\""));

    // The same input gives the same build.json; another input another hash.
    let again = ex.root.parent().unwrap().join("ut2");
    ex.build_public(&again);
    assert_eq!(read(again.join("build.json")), info);
    let toml = read(ex.path("book.toml")).replace("2026-08-28", "2026-09-01");
    std::fs::write(ex.path("book.toml"), toml).unwrap();
    ex.build_public(&again);
    let changed = read(again.join("build.json"));
    let hash = |s: &str| {
        s.lines()
            .find(|l| l.contains("inputs_sha256"))
            .unwrap()
            .to_string()
    };
    assert_ne!(hash(&changed), hash(&info));
    // Without base_url: no canonical link, no sitemap.
    let toml = read(ex.path("book.toml"))
        .lines()
        .filter(|l| !l.starts_with("base_url"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(ex.path("book.toml"), toml).unwrap();
    ex.build_public(&again);
    assert!(!read(again.join("index.html")).contains("canonical"));
    assert!(!again.join("sitemap.xml").exists());
}
