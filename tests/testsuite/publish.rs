//! `kartsite publish --to DIR` (issue #13): mirrors the site, touches
//! only what changed, refuses foreign folders and audience switches, and
//! leaves every file old or new when killed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::publishing::Example;
use crate::support::{hashes, read, read_tree};

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
        .env("KARTSITE_LANG", "en")
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
