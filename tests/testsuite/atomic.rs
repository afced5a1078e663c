//! Atomic output: a build killed with SIGKILL while it writes leaves the
//! previous site exactly as it was, and the next build removes what the
//! killed one left behind.

#![cfg(unix)]

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{BIN, Fixture, hashes, read_tree};

const PAGES: usize = 2500;
/// The words pages are made of.
const TEXT: &str = "boende på torget vill ha fler mötesplatser för unga och äldre under \
                    kvällar och helger medan föreningar och kommunen samverkar om tryggheten";

/// A few kB of Markdown for page `i` (deterministic).
fn page(i: usize) -> String {
    let mut s = format!("---\ntitle: Sida {i}\n---\n\n## Avsnitt\n\n");
    let words: Vec<&str> = TEXT.split_whitespace().collect();
    let mut x = i as u64 * 2_654_435_761 + 1;
    for p in 0..4 {
        for w in 0..60 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push_str(words[(x % words.len() as u64) as usize]);
            s.push(if w == 59 { '.' } else { ' ' });
        }
        s.push_str(if p == 3 { "\n" } else { "\n\n" });
    }
    s
}

/// The temporary and old folders `write` leaves beside `public/` while
/// it works.
fn leftovers(root: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(".public.kartsite-tmp-") || n.starts_with(".public.kartsite-old-")
        })
        .collect()
}

#[test]
fn a_build_killed_while_writing_leaves_the_previous_site_intact() {
    let f = Fixture::copy("basic");
    for i in 0..PAGES {
        f.write(&format!("content/kartlaggning/sida-{i:04}.md"), page(i));
    }
    f.build(&[]).ok();
    let before = hashes(&f.out());
    assert!(before.len() > PAGES, "{} files", before.len());

    // A change that touches every page (the site title is on each), so
    // the second build rewrites every file instead of linking old ones.
    let toml = std::fs::read_to_string(f.path("book.toml")).unwrap();
    f.write(
        "book.toml",
        toml.replace(
            "title = \"Kartläggning av Testby\"",
            "title = \"Ny titel för Testby\"",
        ),
    );
    let mut child = Command::new(BIN)
        .env("KARTSITE_LANG", "en")
        .args(["build", "--audience", "internal", "-o"])
        .arg(f.out())
        .arg("--root")
        .arg(&f.root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the new site is being written into its temporary folder
    // (the folder exists and has pages in it), then kill.
    let start = Instant::now();
    let tmp = loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the build ended ({status}) before it could be killed while writing; make the report larger"
            );
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no temporary folder appeared"
        );
        if let Some(t) = leftovers(&f.root).into_iter().next()
            && t.join("kartlaggning").is_dir()
        {
            break t;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "the build was not killed but ended: {status}"
    );

    // Killed part-way: its temporary folder is left, holding part of the
    // new site, and the previous site is untouched.
    assert!(tmp.is_dir(), "{}", tmp.display());
    let written = walkdir::WalkDir::new(&tmp).into_iter().count();
    println!(
        "killed after {} ms with {written} entries written",
        start.elapsed().as_millis()
    );
    assert_eq!(hashes(&f.out()), before, "the previous output changed");

    // The next build removes the leftover and puts the new site in place.
    f.build(&[]).ok();
    assert!(leftovers(&f.root).is_empty(), "{:?}", leftovers(&f.root));
    let after = read_tree(&f.out());
    assert_eq!(after.len(), before.len());
    for (file, bytes) in &after {
        if file.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(
                html.contains("Ny titel för Testby"),
                "{file} is not from the new build"
            );
        }
    }
}
