//! Benchmark of `kartsite serve --edit`: save → reloaded page.
//!
//! `cargo run --release --example edit_bench -- DIR [ROUNDS]`
//!
//! Copies the report at DIR into a temporary folder, starts the server
//! with `--edit` (as `kartsite serve --edit` does, watcher included) and,
//! ROUNDS times (default 20), opens the edit form of the report's first
//! priority, changes its status, POSTs the form as a browser does and
//! follows the redirect: the time from sending the POST to having the page
//! it redirects to, with the change in it. The server answers a save once
//! the preview has rebuilt from the written file, so the page that follows
//! is the new one. Rounds are 2 s apart (the print page and search index
//! that follow a rebuild are done by then). Prints each round and the
//! median.
//!
//! With `--page` as a third argument, each round changes the text of the
//! report's first page (not a section's index) through its page form
//! instead, and checks that the page shows the new text.
//!
//! The bundled example: `-- .`; 10,000 pages:
//! `cargo run --release --example serve_bench -- generate /tmp/c10k 10000`
//! then `-- /tmp/c10k`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use kartsite::serve::{ServeOptions, Server};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(src) = args.first() else {
        eprintln!("usage: edit_bench DIR [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(1).map_or(20, |n| n.parse().expect("a number"));
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("report");
    for d in ["content", "data", "static", "themes"] {
        let from = Path::new(src).join(d);
        if from.is_dir() {
            copy_dir(&from, &root.join(d));
        }
    }
    std::fs::copy(Path::new(src).join("book.toml"), root.join("book.toml")).unwrap();
    let start = Instant::now();
    let server = Server::start(ServeOptions {
        port: 0,
        edit: true,
        ..ServeOptions::new(&root)
    })
    .expect("the server starts");
    let addr = server.addr();
    eprintln!("started in {} ms", start.elapsed().as_millis());
    let mut times = Vec::new();
    if args.get(2).map(String::as_str) == Some("--page") {
        page_rounds(addr, rounds, &mut times);
    } else {
        priority_rounds(addr, rounds, &mut times);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "save → reloaded page, {} rounds: median {:.1} ms (min {:.1}, max {:.1})",
        times.len(),
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
    server.shutdown();
}

/// Each round: a page's text changed through its form, then the page.
fn page_rounds(addr: SocketAddr, rounds: usize, times: &mut Vec<Duration>) {
    let overview = request(addr, "GET", "/__kartsite/pages/", "");
    let url = overview
        .1
        .split("href=\"/__kartsite/page/")
        .skip(1)
        .filter_map(|r| r.split('?').next())
        .find(|u| !u.ends_with("index.html"))
        .expect("a page")
        .to_string();
    let first = request(addr, "GET", &format!("/__kartsite/page/{url}"), "");
    let text = textarea(&first.1, "f.body");
    for round in 0..rounds {
        let form = request(addr, "GET", &format!("/__kartsite/page/{url}"), "");
        let marker = format!("kartsitebench{round}");
        let body = form_body(&form.1, ("f.body", &format!("{text}\n\n{marker}\n")));
        let t = Instant::now();
        let saved = request(addr, "POST", &format!("/__kartsite/page/{url}"), &body);
        assert_eq!(saved.0, 303, "round {round}: {}", saved.1);
        let page = request(addr, "GET", &format!("/{url}"), "");
        let took = t.elapsed();
        assert_eq!(page.0, 200);
        assert!(
            page.1.contains(&marker),
            "round {round}: the page does not show the new text"
        );
        eprintln!("round {round}: {:.1} ms", took.as_secs_f64() * 1000.0);
        times.push(took);
        std::thread::sleep(Duration::from_millis(2000));
    }
}

/// The text of a form's text area `name`.
fn textarea(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\""))
        .expect("the text area");
    let open = at + html[at..].find('>').unwrap();
    let end = open + html[open..].find("</textarea>").unwrap();
    let text = &html[open + 1..end];
    unescape(text.strip_prefix('\n').unwrap_or(text))
}

/// Each round: a priority's status changed through its form, then the
/// page of priorities.
fn priority_rounds(addr: SocketAddr, rounds: usize, times: &mut Vec<Duration>) {
    let overview = request(addr, "GET", "/__kartsite/edit/", "");
    let id = between(&overview.1, "/__kartsite/edit/priority/", "?").expect("a priority");
    for round in 0..rounds {
        let form = request(
            addr,
            "GET",
            &format!("/__kartsite/edit/priority/{id}?from=priorities.html"),
            "",
        );
        let status = if round % 2 == 0 { "done" } else { "ongoing" };
        let body = form_body(&form.1, ("f.status", status));
        let t = Instant::now();
        let saved = request(
            addr,
            "POST",
            &format!("/__kartsite/edit/priority/{id}"),
            &body,
        );
        assert_eq!(saved.0, 303, "round {round}: {}", saved.1);
        let page = request(addr, "GET", "/priorities.html", "");
        let took = t.elapsed();
        assert_eq!(page.0, 200);
        // The priority's own status on the page is the new one.
        let item = &page.1[page.1.find(&format!("id=\"{id}\"")).expect("the item")..];
        assert_eq!(
            between(item, "status status-", "\""),
            Some(status),
            "round {round}: the page does not show {status}"
        );
        eprintln!("round {round}: {:.1} ms", took.as_secs_f64() * 1000.0);
        times.push(took);
        // A writer does not save twice a second: the print page and the
        // search index, made after the page is served, are done before the
        // next save.
        std::thread::sleep(Duration::from_millis(2000));
    }
}

/// The form's fields as a browser sends them, with the field `set.0`
/// (a choice or a text area) set to `set.1`.
fn form_body(html: &str, set: (&str, &str)) -> String {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<input") {
        let tag = &rest[at..at + rest[at..].find('>').unwrap()];
        rest = &rest[at + tag.len()..];
        let (Some(name), Some(value)) = (attr(tag, "name"), attr(tag, "value")) else {
            continue;
        };
        if tag.contains("type=\"checkbox\"") && !tag.contains(" checked") {
            continue;
        }
        pairs.push((name, value));
    }
    let mut rest = html;
    while let Some(at) = rest.find("<select") {
        let end = at + rest[at..].find("</select>").unwrap();
        let sel = &rest[at..end];
        rest = &rest[end..];
        let name = attr(sel, "name").unwrap();
        if name == set.0 {
            pairs.push((name, set.1.into()));
            continue;
        }
        let mut opts = sel;
        while let Some(o) = opts.find("<option") {
            let tag = &opts[o..o + opts[o..].find('>').unwrap()];
            opts = &opts[o + tag.len()..];
            if tag.contains(" selected") {
                pairs.push((name.clone(), attr(tag, "value").unwrap()));
            }
        }
    }
    let mut rest = html;
    while let Some(at) = rest.find("<textarea") {
        let open = at + rest[at..].find('>').unwrap();
        let name = attr(&rest[at..open], "name").unwrap();
        let end = open + rest[open..].find("</textarea>").unwrap();
        let text = rest[open + 1..end]
            .strip_prefix('\n')
            .unwrap_or(&rest[open + 1..end]);
        let value = if name == set.0 {
            set.1.to_string()
        } else {
            unescape(text)
        };
        pairs.push((name, value));
        rest = &rest[end..];
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(unescape(&tag[at..at + tag[at..].find('"')?]))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn between<'a>(s: &'a str, a: &str, b: &str) -> Option<&'a str> {
    let start = s.find(a)? + a.len();
    Some(&s[start..start + s[start..].find(b)?])
}

fn request(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}
