//! Publishing (issue #13): the default folders of the two audiences, the
//! files beside the pages (robots.txt, sitemap.xml, build.json), dates in
//! the page language, `export html` (one self-contained file), `export
//! zip` (the same bytes every time) and `publish --to DIR`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{copy_dir, hashes, read, read_tree, repo, run};

/// A copy of the example report at the repository root.
struct Example {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Example {
    fn new() -> Example {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("rapport");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::copy(repo().join("book.toml"), root.join("book.toml")).unwrap();
        copy_dir(&repo().join("content"), &root.join("content"));
        copy_dir(&repo().join("data"), &root.join("data"));
        Example { _dir: dir, root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn root_arg(&self) -> String {
        self.root.to_string_lossy().into_owned()
    }

    /// The files of `kartsite build --audience public`, without its marker.
    fn public_site(&self) -> BTreeMap<String, Vec<u8>> {
        let site = self.root.parent().unwrap().join("site");
        self.build_public(&site);
        let mut files = read_tree(&site);
        files.remove(".kartsite");
        files
    }

    /// `kartsite build --audience public -o <out>`, which must succeed.
    fn build_public(&self, out: &Path) {
        let o = out.to_string_lossy().into_owned();
        self.run(&["build", "--audience", "public", "-o", &o]).ok();
    }

    /// `kartsite build --audience <audience> -o <out>`, which must fail.
    fn refused_build(&self, audience: &str, out: &Path) -> crate::support::Run {
        let o = out.to_string_lossy().into_owned();
        let r = self.run(&["build", "--audience", audience, "-o", &o]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        r
    }

    /// `kartsite <args> --root <root>`, run in the report folder.
    fn run(&self, args: &[&str]) -> crate::support::Run {
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

/// The entries of a zip archive written by kartsite: name → bytes.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
    let end = bytes.len() - 22;
    assert_eq!(
        &bytes[end..end + 4],
        b"PK\x05\x06",
        "end of central directory"
    );
    let count = u16_at(end + 10);
    let mut at = u32_at(end + 16);
    let mut out = Vec::new();
    for _ in 0..count {
        assert_eq!(&bytes[at..at + 4], b"PK\x01\x02");
        let method = u16_at(at + 10);
        assert_eq!(
            (u16_at(at + 12), u16_at(at + 14)),
            (0, 33),
            "time 00:00, date 1980-01-01"
        );
        let crc = u32_at(at + 16);
        let packed = u32_at(at + 20);
        let size = u32_at(at + 24);
        let name_len = u16_at(at + 28);
        let local = u32_at(at + 42);
        let name = String::from_utf8(bytes[at + 46..at + 46 + name_len].to_vec()).unwrap();
        let data_at = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let data = &bytes[data_at..data_at + packed];
        let plain = match method {
            0 => data.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec(data).unwrap(),
            m => panic!("method {m}"),
        };
        assert_eq!(plain.len(), size, "{name}");
        let _ = crc;
        out.push((name, plain));
        at += 46 + name_len + u16_at(at + 30) + u16_at(at + 32);
    }
    out
}

#[test]
fn zip_export_is_the_built_site_and_the_same_bytes_every_time() {
    let ex = Example::new();
    let parent = ex.root.parent().unwrap();
    let (a, b) = (parent.join("a.zip"), parent.join("b.zip"));
    let r = ex.run(&[
        "export",
        "zip",
        "--audience",
        "public",
        "-o",
        a.to_str().unwrap(),
    ]);
    r.ok();
    assert!(
        r.stdout.contains("exported the public version"),
        "{}",
        r.stdout
    );
    // Later, from another folder, with the files touched: the same bytes.
    for e in walkdir::WalkDir::new(ex.path("content")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            std::fs::write(e.path(), bytes).unwrap();
        }
    }
    ex.run(&[
        "export",
        "zip",
        "--audience",
        "public",
        "-o",
        b.to_str().unwrap(),
    ])
    .ok();
    let zip = std::fs::read(&a).unwrap();
    assert!(zip == std::fs::read(&b).unwrap(), "two exports differ");

    let entries = unzip(&zip);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "entries in path order");
    assert!(names.contains(&"index.html"), "index.html at the root");
    let built = ex.public_site();
    let zipped: BTreeMap<String, Vec<u8>> = entries.into_iter().collect();
    assert_eq!(
        zipped.keys().collect::<Vec<_>>(),
        built.keys().collect::<Vec<_>>()
    );
    assert!(
        zipped == built,
        "the zip holds the built site, byte for byte"
    );
    assert!(!zipped.iter().any(|(n, b)| n.ends_with(".html")
        && String::from_utf8_lossy(b).contains("class=\"internal-banner\"")));
}

/// Every `attr="…"` value in `html`, also single-quoted.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [
        "href",
        "src",
        "srcset",
        "poster",
        "data",
        "action",
        "xlink:href",
    ] {
        for q in ['"', '\''] {
            let needle = format!(" {attr}={q}");
            for part in html.split(&needle).skip(1) {
                out.push(part.split(q).next().unwrap_or("").to_string());
            }
        }
    }
    out
}

#[test]
fn single_file_export_references_no_other_file_or_host() {
    let ex = Example::new();
    let out = ex.root.parent().unwrap().join("rapport.html");
    ex.run(&[
        "export",
        "html",
        "--audience",
        "public",
        "-o",
        out.to_str().unwrap(),
    ])
    .ok();
    let html = read(&out);
    for r in references(&html) {
        assert!(
            r.starts_with('#') || r.starts_with("data:") || r.starts_with("mailto:"),
            "a reference to another file or host: {r}"
        );
    }
    for bad in [
        "<script",
        "<link",
        "url(http",
        "@import",
        "src=\"http",
        "href=\"http",
        "//",
    ] {
        let in_markup = html.match_indices(bad).any(|(i, _)| {
            // "//" in text (an address shown after a link) is fine; in a
            // tag it is not.
            bad != "//" || html[..i].rfind('<') > html[..i].rfind('>')
        });
        assert!(!in_markup, "{bad} in the single file");
    }
    // Valid HTML: one document, unique ids, every link to an id that exists.
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\""));
    assert_eq!(html.matches("<html").count(), 1);
    assert_eq!(html.matches("</html>").count(), 1);
    assert_eq!(
        html.matches("<main").count(),
        html.matches("</main>").count()
    );
    assert_eq!(
        html.matches("<section").count(),
        html.matches("</section>").count()
    );
    let ids = crate::support::attr_values(&html, "id");
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids");
    for r in references(&html) {
        if let Some(id) = r.strip_prefix('#') {
            assert!(
                unique.contains(id),
                "a link to #{id}, which is not in the file"
            );
        }
    }
    // Styles inside, a table of contents, every phase, charts as SVG, the
    // map as an image inside, chart data as data: downloads.
    assert!(html.contains("<style>\n"));
    assert!(html.contains("<nav class=\"toc single-file-toc\" aria-labelledby=\"toc-title\">"));
    for phase in [
        "Förberedelser",
        "Kartläggning",
        "Behovsidentifiering",
        "Analys och återkoppling",
    ] {
        assert!(html.contains(phase), "{phase}");
    }
    assert!(html.matches("<svg").count() >= 10, "charts as inline SVG");
    assert!(
        html.contains("src=\"data:image/svg+xml;base64,"),
        "the map inlined"
    );
    assert!(html.contains("href=\"data:text/csv;charset=utf-8;base64,"));
    assert!(
        html.contains("Senast uppdaterad: <time datetime=\"2026-08-28\">28 augusti 2026</time>")
    );
    // A link to another web site keeps its text (here the address itself)
    // but not its href.
    assert!(html.contains("<a>https://segregationsbarometern.boverket.se/</a>"));
    // The public file holds nothing internal.
    assert!(!html.contains("class=\"internal-banner\"") && !html.contains("noindex"));
    let internal = ex.root.parent().unwrap().join("intern.html");
    ex.run(&[
        "export",
        "html",
        "--audience",
        "internal",
        "-o",
        internal.to_str().unwrap(),
    ])
    .ok();
    let internal = read(&internal);
    assert!(internal.contains("class=\"internal-banner\"") && internal.contains("noindex"));
    assert!(internal.len() > html.len());
    // In Arabic: the pages for residents, right to left, self-contained.
    let ar = ex.root.parent().unwrap().join("rapport-ar.html");
    let a = ar.to_string_lossy().into_owned();
    ex.run(&[
        "export",
        "html",
        "--audience",
        "public",
        "--lang",
        "ar",
        "-o",
        &a,
    ])
    .ok();
    let ar = read(&ar);
    assert!(ar.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(ar.contains("<h2 id=\"toc-title\">المحتويات</h2>"));
    assert!(ar.contains("<section id=\"ar-residents\""));
    assert!(ar.contains("<style>\n"));
    for r in references(&ar) {
        assert!(
            r.starts_with('#') || r.starts_with("data:") || r.starts_with("mailto:"),
            "a reference to another file or host in the Arabic file: {r}"
        );
        if let Some(id) = r.strip_prefix('#') {
            assert!(
                ar.contains(&format!(" id=\"{id}\"")),
                "#{id} is not in the file"
            );
        }
    }
    // A language the report does not have, or a file inside the sources:
    // refused, nothing written.
    let r = ex.run(&["export", "html", "--lang", "de", "-o", "x.html"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no language \"de\""), "{}", r.stderr);
    let inside = ex.path("content/rapport.html");
    let r = ex.run(&["export", "html", "-o", inside.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(!inside.exists());
}

#[test]
fn export_goes_through_the_privacy_guard() {
    let ex = Example::new();
    let page = ex.path("content/kartlaggning/statistik.md");
    let text = read(&page) + "\nRing Anna på 070-123 45 67.\n";
    std::fs::write(&page, text).unwrap();
    for format in ["html", "zip"] {
        let out = ex.root.parent().unwrap().join(format!("ut.{format}"));
        let r = ex.run(&[
            "export",
            format,
            "--audience",
            "public",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 1, "{format}: {}", r.stdout);
        assert!(r.stderr.contains("statistik.md:"), "{}", r.stderr);
        assert!(!out.exists(), "{format}");
    }
}

fn mtimes(dir: &Path) -> BTreeMap<String, std::time::SystemTime> {
    read_tree(dir)
        .into_keys()
        .map(|k| {
            let t = std::fs::metadata(dir.join(&k)).unwrap().modified().unwrap();
            (k, t)
        })
        .collect()
}

#[test]
fn publish_mirrors_the_site_and_touches_only_what_changed() {
    let ex = Example::new();
    let parent = ex.root.parent().unwrap().to_path_buf();
    let to = parent.join("www");
    let t = to.to_str().unwrap();
    let r = ex.run(&["publish", "--to", t, "--audience", "public"]);
    r.ok();
    assert!(r.stdout.contains("added    index.html"), "{}", r.stdout);
    let expected = ex.public_site();
    let mut published = read_tree(&to);
    assert!(read(to.join(".kartsite-publish")).contains("audience = public"));
    published.remove(".kartsite-publish");
    assert!(
        published == expected,
        "the published folder is the built site"
    );

    // Again: nothing to do.
    let r = ex.run(&["publish", "--to", t, "--audience", "public"]);
    assert!(
        r.stdout.contains("0 added, 0 changed, 0 removed"),
        "{}",
        r.stdout
    );

    // An edit: only the files whose bytes changed are written.
    let before = mtimes(&to);
    let old = read_tree(&to);
    let places = ex.path("content/kartlaggning/platser.yaml");
    std::fs::write(
        &places,
        read(&places).replace("Norrbacka bibliotek", "Norrbacka stadsbibliotek"),
    )
    .unwrap();
    // --dry-run lists the changes and touches nothing.
    let r = ex.run(&["publish", "--to", t, "--audience", "public", "--dry-run"]);
    r.ok();
    assert!(r.stdout.contains("changed  places.html"), "{}", r.stdout);
    assert_eq!(mtimes(&to), before);
    assert!(read_tree(&to) == old);
    let r = ex.run(&["publish", "--to", t, "--audience", "public"]);
    r.ok();
    let after = mtimes(&to);
    let now = read_tree(&to);
    let mut touched = Vec::new();
    for (k, t0) in &before {
        if after[k] != *t0 {
            touched.push(k.as_str());
            assert_ne!(old[k], now[k], "{k} was rewritten with the same bytes");
        } else {
            assert_eq!(old[k], now[k], "{k} changed but kept its time");
        }
    }
    assert!(touched.contains(&"places.html"), "{touched:?}");
    assert!(
        !touched.contains(&"index.html") && !touched.contains(&"style.css"),
        "{touched:?}"
    );
    for k in &touched {
        assert!(
            r.stdout.contains(&format!("changed  {k}")),
            "{k} not listed:\n{}",
            r.stdout
        );
    }

    // A removed page is removed.
    std::fs::remove_file(ex.path("content/kartlaggning/norrbacka-i-siffror.md")).unwrap();
    let r = ex.run(&["publish", "--to", t, "--audience", "public"]);
    r.ok();
    assert!(
        r.stdout
            .contains("removed  kartlaggning/norrbacka-i-siffror.html"),
        "{}",
        r.stdout
    );
    assert!(!to.join("kartlaggning/norrbacka-i-siffror.html").exists());

    // The other audience over it: refused, nothing touched.
    let before = hashes(&to);
    let r = ex.run(&["publish", "--to", t, "--audience", "internal"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("holds the public version"),
        "{}",
        r.stderr
    );
    assert_eq!(hashes(&to), before);
}

#[test]
fn publish_refuses_a_folder_it_did_not_publish_to() {
    let ex = Example::new();
    let other = ex.root.parent().unwrap().join("documents");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("budget.xlsx"), "important").unwrap();
    let r = ex.run(&["publish", "--to", other.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("not empty") && r.stderr.contains(".kartsite-publish"),
        "{}",
        r.stderr
    );
    assert_eq!(read_tree(&other).len(), 1);
    assert_eq!(read(other.join("budget.xlsx")), "important");
    // Nor the report itself.
    let r = ex.run(&["publish", "--to", ex.root.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(ex.path("book.toml").exists());
}

#[cfg(unix)]
#[test]
fn a_publish_killed_midway_leaves_every_file_old_or_new() {
    use std::process::{Command, Stdio};
    let ex = Example::new();
    let to = ex.root.parent().unwrap().join("www");
    let t = to.to_str().unwrap().to_string();
    // Large files, so the publish takes a while to write them.
    let n = 24;
    let write_all = |version: u8| {
        for i in 0..n {
            let mut bytes = vec![version; 4 << 20];
            bytes[..8].copy_from_slice(format!("{}-{i:06}", version as char).as_bytes());
            std::fs::create_dir_all(ex.path("static/big")).unwrap();
            std::fs::write(ex.path(&format!("static/big/f{i:02}.bin")), bytes).unwrap();
        }
    };
    write_all(b'A');
    ex.run(&["publish", "--to", &t]).ok();
    write_all(b'B');
    let root = ex.root_arg();
    let mut child = Command::new(crate::support::BIN)
        .args(["publish", "--root", &root, "--to", &t])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill as soon as the first big file is new.
    let first = to.join("big/f00.bin");
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(60) {
        let head = std::fs::read(&first)
            .map(|b| b.first().copied())
            .unwrap_or(None);
        if head == Some(b'B') || child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let _ = child.kill();
    let _ = child.wait();
    let (mut old, mut new) = (0, 0);
    for (url, bytes) in read_tree(&to) {
        if url.ends_with(crate::support::PART_TAG) {
            continue;
        }
        if let Some(name) = url.strip_prefix("big/") {
            let v = bytes[0];
            let i = &name[1..3];
            let mut whole = vec![v; 4 << 20];
            whole[..8].copy_from_slice(format!("{}-0000{i}", v as char).as_bytes());
            assert!(bytes == whole, "{url} is neither the old nor the new file");
            if v == b'A' { old += 1 } else { new += 1 }
        }
    }
    assert_eq!(old + new, n, "every file is there");
    eprintln!("killed with {new} new and {old} old files");
    // The next publish finishes the job and clears what the killed one left.
    ex.run(&["publish", "--to", &t]).ok();
    let tree = read_tree(&to);
    assert!(!tree.keys().any(|k| k.ends_with(crate::support::PART_TAG)));
    assert!((0..n).all(|i| tree[&format!("big/f{i:02}.bin")][0] == b'B'));
}
