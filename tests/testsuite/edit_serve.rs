//! `kartsite serve --edit` over HTTP: edit links only with `--edit`, a
//! save through an ordinary form POST that the preview shows at once, and
//! every write without the token, from another origin or host, or to a
//! made-up kind or id refused without a byte changed on disk.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

use kartsite::serve::{ServeOptions, Server};

use crate::support::{Fixture, copy_dir, repo};

const PRIO: &str = "content/analys-och-aterkoppling/prioriteringar.yaml";

pub(crate) fn report() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/serve"), dir.path());
    dir
}

pub(crate) fn start(root: &Path, edit: bool) -> Server {
    Server::start(ServeOptions {
        port: 0,
        edit,
        ..ServeOptions::new(root)
    })
    .expect("the server starts")
}

pub(crate) struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

pub(crate) fn send(addr: SocketAddr, method: &str, path: &str, extra: &str, body: &str) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let host = if extra.contains("Host:") {
        String::new()
    } else {
        format!("Host: {addr}\r\n")
    };
    write!(
        s,
        "{method} {path} HTTP/1.1\r\n{host}{extra}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    Reply {
        status: head.split(' ').nth(1).unwrap().parse().unwrap(),
        headers: head.to_string(),
        body: body.to_string(),
    }
}

pub(crate) fn get(addr: SocketAddr, path: &str) -> Reply {
    send(addr, "GET", path, "", "")
}

/// Every file of the report, by path.
pub(crate) fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir(root) {
        out.insert(
            e.strip_prefix(root).unwrap().display().to_string(),
            std::fs::read(&e).unwrap(),
        );
    }
    out
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walkdir(&p));
        } else {
            v.push(p);
        }
    }
    v
}

/// The value of hidden input `name` in a form.
pub(crate) fn hidden(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

pub(crate) fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A form's hidden fields and its `base` fields as a browser sends them,
/// with `changes` (a change of a field not in `base` is added).
pub(crate) fn form_pairs(
    html: &str,
    base: &[(&str, &str)],
    changes: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = ["_token", "_file", "_item", "_from"]
        .iter()
        .map(|n| ((*n).to_string(), hidden(html, n)))
        .collect();
    for (k, v) in base {
        let v = changes.iter().find(|(c, _)| c == k).map_or(*v, |(_, v)| *v);
        pairs.push((k.to_string(), v.to_string()));
    }
    for (k, v) in changes
        .iter()
        .filter(|(k, _)| !base.iter().any(|(b, _)| b == k))
    {
        pairs.push(((*k).to_string(), (*v).to_string()));
    }
    pairs
}

/// Pairs as an `application/x-www-form-urlencoded` body.
pub(crate) fn encoded(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// A form's hidden fields and `fields`, as a browser sends them.
pub(crate) fn form_body(html: &str, fields: &[(String, String)]) -> String {
    let mut pairs = form_pairs(html, &[], &[]);
    pairs.extend(fields.iter().cloned());
    encoded(&pairs)
}

/// The fields of the priority form as a browser sends them, with changes.
fn priority_form(html: &str, changes: &[(&str, &str)]) -> String {
    let base = [
        ("f.id", "pr-trygghet"),
        ("f.rank", "1"),
        ("f.title", "Tryggare torg"),
        ("f.need_area", "trygghet"),
        ("f.based_on", "f-trygghet-torget"),
        (
            "f.action",
            "Kvällsvandringar tillsammans med fritidsgården.",
        ),
        ("f.responsible", "a-fritidsgarden"),
        ("f.when", "2026"),
        ("f.status", "planned"),
    ];
    encoded(&form_pairs(html, &base, changes))
}

#[test]
fn without_edit_there_are_no_links_and_no_forms() {
    let dir = report();
    let server = start(dir.path(), false);
    let addr = server.addr();
    let page = get(addr, "/priorities.html");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("__kartsite/edit"), "{}", page.body);
    assert_eq!(get(addr, "/__kartsite/edit/").status, 404);
    assert_eq!(
        get(addr, "/__kartsite/edit/priority/pr-trygghet").status,
        404
    );
    let before = snapshot(dir.path());
    let r = send(
        addr,
        "POST",
        "/__kartsite/edit/priority/pr-trygghet",
        "",
        "f.status=done",
    );
    assert_ne!(r.status, 200);
    assert_eq!(snapshot(dir.path()), before);
    server.shutdown();
}

#[test]
fn a_saved_form_is_in_the_file_and_in_the_page_that_follows() {
    let dir = report();
    let server = start(dir.path(), true);
    let addr = server.addr();
    let page = get(addr, "/priorities.html");
    assert!(
        page.body.contains("href=\"/__kartsite/edit/priority/pr-trygghet?from=priorities.html\" aria-describedby=\"pr-trygghet-h\">Ändra</a>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Ny prioritering</a>"), "{}", page.body);
    let form = get(
        addr,
        "/__kartsite/edit/priority/pr-trygghet?from=priorities.html",
    );
    assert_eq!(form.status, 200);
    // Labels on the fields; choices from the model and the report.
    assert!(
        form.body.contains("<label for=\"f-status\">Status</label>"),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains("<option value=\"planned\" selected>Planerad</option>"),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains("<option value=\"a-fritidsgarden\" selected>"),
        "{}",
        form.body
    );
    let before = std::fs::read_to_string(dir.path().join(PRIO)).unwrap();
    let body = priority_form(
        &form.body,
        &[
            ("f.status", "ongoing"),
            ("tl.0.date", "2026-05-12"),
            ("tl.0.text", "Första kvällsvandringen"),
        ],
    );
    let r = send(
        addr,
        "POST",
        "/__kartsite/edit/priority/pr-trygghet",
        &format!("Origin: http://{addr}\r\n"),
        &body,
    );
    assert_eq!(r.status, 303, "{}\n{}", r.headers, r.body);
    assert!(
        r.headers.contains("location: /priorities.html#pr-trygghet")
            || r.headers.contains("Location: /priorities.html#pr-trygghet"),
        "{}",
        r.headers
    );
    let after = std::fs::read_to_string(dir.path().join(PRIO)).unwrap();
    assert_eq!(
        after,
        before.replace(
            "    status: planned\n",
            "    status: ongoing\n    timeline:\n      - date: 2026-05-12\n        text: Första kvällsvandringen\n"
        )
    );
    // The save answered after the rebuild: the next page is the new one.
    let page = get(addr, "/priorities.html");
    assert!(
        page.body.contains("Första kvällsvandringen"),
        "{}",
        page.body
    );
    server.shutdown();
}

#[test]
fn an_invalid_save_shows_the_builds_message_at_the_field() {
    let dir = report();
    let server = start(dir.path(), true);
    let addr = server.addr();
    let form = get(addr, "/__kartsite/edit/priority/pr-trygghet");
    let before = snapshot(dir.path());
    let body = priority_form(&form.body, &[("f.responsible", "a-finns-inte")]);
    let r = send(
        addr,
        "POST",
        "/__kartsite/edit/priority/pr-trygghet",
        "",
        &body,
    );
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("role=\"alert\""), "{}", r.body);
    assert!(r.body.contains("id=\"f-responsible-err\""), "{}", r.body);
    assert!(
        r.body
            .contains("aria-invalid=\"true\" aria-describedby=\"f-responsible-err\""),
        "{}",
        r.body
    );
    assert!(r.body.contains("a-finns-inte"), "{}", r.body);
    assert!(r.body.contains(&format!("{PRIO}:8:")), "{}", r.body);
    assert_eq!(snapshot(dir.path()), before);
    server.shutdown();
}

#[test]
fn writes_without_the_token_from_elsewhere_or_to_made_up_items_change_nothing() {
    let dir = report();
    let server = start(dir.path(), true);
    let addr = server.addr();
    let form = get(addr, "/__kartsite/edit/priority/pr-trygghet");
    let good = priority_form(&form.body, &[("f.status", "done")]);
    let token = hidden(&form.body, "_token");
    let before = snapshot(dir.path());
    let no_token = good.replace(&format!("_token={token}"), "_token=");
    let other_token = good.replace(&token, &"0".repeat(32));
    let cases: Vec<(&str, String, String, u16)> = vec![
        (
            "no token",
            "/__kartsite/edit/priority/pr-trygghet".into(),
            no_token.clone(),
            403,
        ),
        (
            "another token",
            "/__kartsite/edit/priority/pr-trygghet".into(),
            other_token,
            403,
        ),
        (
            "foreign origin",
            "/__kartsite/edit/priority/pr-trygghet".into(),
            good.clone(),
            403,
        ),
        (
            "foreign host",
            "/__kartsite/edit/priority/pr-trygghet".into(),
            good.clone(),
            403,
        ),
        (
            "made-up kind",
            "/__kartsite/edit/settings/pr-trygghet".into(),
            good.clone(),
            404,
        ),
        (
            "made-up id",
            "/__kartsite/edit/priority/pr-finns-inte".into(),
            good.clone(),
            404,
        ),
        (
            "a path as id",
            "/__kartsite/edit/priority/..%2F..%2Fbook.toml".into(),
            good.clone(),
            404,
        ),
        (
            "a path as kind",
            "/__kartsite/new/..%2Fbook.toml".into(),
            good.clone(),
            404,
        ),
        (
            "delete without token",
            "/__kartsite/delete/priority/pr-trygghet".into(),
            no_token,
            403,
        ),
    ];
    for (what, path, body, status) in cases {
        let extra = match what {
            "foreign origin" => "Origin: http://evil.example\r\n".to_string(),
            "foreign host" => "Host: evil.example\r\n".to_string(),
            _ => String::new(),
        };
        let r = send(addr, "POST", &path, &extra, &body);
        assert_eq!(r.status, status, "{what}: {}", r.body);
        assert_eq!(snapshot(dir.path()), before, "{what}: a file changed");
    }
    server.shutdown();
}

#[test]
fn edit_with_another_address_needs_allow_remote_edit() {
    let f = Fixture::copy("serve");
    let out = std::process::Command::new(crate::support::BIN)
        .env("KARTSITE_LANG", "en")
        .args([
            "serve", "--edit", "--bind", "0.0.0.0", "--port", "0", "--root",
        ])
        .arg(&f.root)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--edit listens only on this computer"),
        "{err}"
    );
    assert!(err.contains("--allow-remote-edit"), "{err}");
}

#[test]
fn the_markdown_preview_needs_the_token_and_gives_no_links_out() {
    let dir = report();
    let server = start(dir.path(), true);
    let addr = server.addr();
    let form = get(addr, "/__kartsite/edit/priority/pr-trygghet");
    let token = hidden(&form.body, "_token");
    let text = enc("*Viktigt* [länk](https://evil.example) <script>alert(1)</script>");
    let r = send(
        addr,
        "POST",
        "/__kartsite/markdown",
        "",
        &format!("_token={token}&text={text}"),
    );
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<em>Viktigt</em>"), "{}", r.body);
    assert!(
        !r.body.contains("evil.example") && !r.body.contains("<script"),
        "{}",
        r.body
    );
    let r = send(
        addr,
        "POST",
        "/__kartsite/markdown",
        "",
        &format!("text={text}"),
    );
    assert_eq!(r.status, 403);
    // The script and the overview are served; the page has the form's words.
    assert_eq!(get(addr, "/__kartsite/edit.js").status, 200);
    let overview = get(addr, "/__kartsite/edit/");
    assert!(
        overview.body.contains("Ny prioritering"),
        "{}",
        overview.body
    );
    assert!(
        overview.body.contains("<html lang=\"sv\">"),
        "{}",
        overview.body
    );
    server.shutdown();
}
