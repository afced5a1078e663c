//! `kartsite serve`: a server on an ephemeral port over a temporary copy of
//! tests/fixtures/serve, spoken to over plain HTTP/1.1 and WebSocket.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use kartsite::serve::{ServeOptions, Server};
use serde_json::Value;
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest};

use crate::support::{copy_dir, repo};

const WITHIN: Duration = Duration::from_secs(2);

/// A temporary copy of the fixture report.
fn report() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/serve"), dir.path());
    dir
}

fn start(root: &Path, watch: bool, poll: bool) -> Server {
    let opts = ServeOptions {
        port: 0,
        watch,
        poll,
        ..ServeOptions::new(root)
    };
    Server::start(opts).expect("the server starts")
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request with the path sent exactly as given.
fn request(addr: SocketAddr, method: &str, path: &str, host: Option<&str>) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let host = host.map_or_else(|| addr.to_string(), str::to_string);
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    request(addr, "GET", path, None)
}

/// Poll `path` until its text satisfies `ok`; returns how long it took.
fn wait_for(addr: SocketAddr, path: &str, ok: impl Fn(&str) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        let r = get(addr, path);
        if r.status == 200 && ok(&r.text()) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < WITHIN,
            "{path} did not change within {WITHIN:?}; last reply {} {}",
            r.status,
            r.text()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, f(text)).unwrap();
}

/// A WebSocket client of the live reload endpoint.
struct Live {
    rt: tokio::runtime::Runtime,
    ws: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
}

impl Live {
    fn connect(addr: SocketAddr, origin: Option<&str>) -> Result<Live, tungstenite::Error> {
        Live::connect_to(addr, "", origin)
    }

    /// Connect as a page served with generation `g`.
    fn connect_seen(addr: SocketAddr, g: u64) -> Live {
        Live::connect_to(addr, &format!("?g={g}"), None).unwrap()
    }

    fn connect_to(
        addr: SocketAddr,
        query: &str,
        origin: Option<&str>,
    ) -> Result<Live, tungstenite::Error> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut req = format!("ws://{addr}/__kartsite/livereload{query}")
            .into_client_request()
            .unwrap();
        if let Some(o) = origin {
            req.headers_mut().insert("Origin", o.parse().unwrap());
        }
        let (ws, _) = rt.block_on(tokio_tungstenite::connect_async(req))?;
        Ok(Live { rt, ws })
    }

    /// The next JSON message, within 2 s.
    fn next(&mut self) -> Value {
        let ws = &mut self.ws;
        let msg = self
            .rt
            .block_on(async { tokio::time::timeout(WITHIN, ws.next()).await })
            .expect("a message within 2 s")
            .expect("the connection stays open")
            .expect("a good frame");
        serde_json::from_str(msg.to_text().unwrap()).unwrap()
    }

    /// Skip messages until one of `kind` arrives.
    fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let m = self.next();
            if m["type"] == kind {
                return m;
            }
        }
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pages_and_files_are_served_with_their_types() {
    let dir = report();
    let server = start(dir.path(), false, false);
    let addr = server.addr();
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/kartlaggning/", "text/html; charset=utf-8"),
        ("/kartlaggning/statistik.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/extra.css", "text/css; charset=utf-8"),
        ("/kartlaggning/karta.svg", "image/svg+xml"),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ty), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
    }
    let page = get(addr, "/kartlaggning/statistik.html").text();
    assert!(
        page.contains("Norrby har ungefär <span class=\"nowrap\">4 000</span> invånare."),
        "{page}"
    );
    // The reload script is added to pages, just before </body>.
    assert!(
        page.contains("<script data-generation=\"1\" data-instance=\""),
        "{page}"
    );
    assert!(
        page.trim_end().ends_with("</script>\n</body>\n</html>"),
        "{page}"
    );
    assert!(!get(addr, "/style.css").text().contains("__kartsite"));
    // A folder without its slash is redirected, so relative links work.
    let r = get(addr, "/kartlaggning?x=1");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/kartlaggning/?x=1"));
    // HEAD: the headers without the body.
    let r = request(addr, "HEAD", "/style.css", None);
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    assert_eq!(request(addr, "POST", "/", None).status, 405);
    server.shutdown();
}

#[test]
fn unknown_paths_get_the_theme_404_page() {
    let dir = report();
    let server = start(dir.path(), false, false);
    let r = get(server.addr(), "/kartlaggning/saknas.html");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let text = r.text();
    assert!(text.contains("Sidan finns inte"), "{text}");
    assert!(text.contains("<script data-generation="), "{text}");
    assert_eq!(get(server.addr(), "/__kartsite/other").status, 404);
}

#[test]
fn paths_out_of_the_site_are_refused() {
    let dir = report();
    let server = start(dir.path(), false, false);
    let addr = server.addr();
    for path in [
        "/../book.toml",
        "/kartlaggning/../../book.toml",
        "/%2e%2e/book.toml",
        "/%2E%2E%2Fbook.toml",
        "/kartlaggning/%2e%2e%2f%2e%2e%2fbook.toml",
        "/..%5cbook.toml",
        "/kartlaggning\\..\\..\\book.toml",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/%00index.html",
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 400, "{path}: {}", r.text());
        assert!(!r.text().contains("[book]"), "{path}");
    }
    // Another host name for 127.0.0.1 (DNS rebinding) is turned away.
    let r = request(addr, "GET", "/", Some("evil.example:80"));
    assert_eq!(r.status, 403);
    assert_eq!(request(addr, "GET", "/", Some("localhost")).status, 200);
    // So is a WebSocket from another site's page.
    assert!(Live::connect(addr, Some("http://evil.example")).is_err());
    assert!(Live::connect(addr, Some(&format!("http://{addr}"))).is_ok());
}

#[test]
fn an_edit_is_served_within_two_seconds_and_pages_are_told() {
    let dir = report();
    let server = start(dir.path(), true, false);
    let addr = server.addr();
    let mut live = Live::connect(addr, None).unwrap();
    let hello = live.next();
    assert_eq!(hello["type"], "hello");
    assert_eq!(hello["generation"], 1);
    assert_eq!(hello["errors"], Value::Array(vec![]));

    edit(dir.path(), "content/kartlaggning/statistik.md", |t| {
        t.replace("4 000", "4 321")
    });
    let took = wait_for(addr, "/kartlaggning/statistik.html", |t| {
        t.contains("4 321")
    });
    eprintln!("edit served after {took:?}");
    let m = live.next_of("reload");
    // The edited page is served first; the print page and the search
    // index, which read every page, follow in a second message.
    assert_eq!(strings(&m["changed"]), ["kartlaggning/statistik.html"]);
    assert_eq!(m["generation"], 2);
    let whole = live.next_of("reload");
    assert_eq!(
        strings(&whole["changed"]),
        ["print.html", "search-index.js"]
    );
    assert_eq!(whole["generation"], 3);
    assert!(get(addr, "/print.html").text().contains("4 321"));
    // The page now carries the new generation.
    assert!(
        get(addr, "/kartlaggning/statistik.html")
            .text()
            .contains("data-generation=\"3\"")
    );
    // A page served before these rebuilds that connects only now learns what
    // they changed (it reloads only if that touches it); one that is up to
    // date learns that nothing did; one that does not say is told nothing.
    let late = Live::connect_seen(addr, 1).next_of("hello");
    assert_eq!(late["generation"], 3);
    assert_eq!(
        strings(&late["since"]["changed"]),
        [
            "kartlaggning/statistik.html",
            "print.html",
            "search-index.js"
        ]
    );
    assert_eq!(strings(&late["since"]["removed"]), Vec::<String>::new());
    let current = Live::connect_seen(addr, 3).next_of("hello");
    assert_eq!(strings(&current["since"]["changed"]), Vec::<String>::new());
    assert_eq!(
        Live::connect_seen(addr, 9).next_of("hello")["since"],
        Value::Null
    );
    assert_eq!(hello["since"], Value::Null);

    // A new file (inotify: Create and Close(Write), no Modify).
    std::fs::write(
        dir.path().join("content/kartlaggning/skolan.md"),
        "---\ntitle: Skolan\n---\n\nSkolan ligger vid torget.\n",
    )
    .unwrap();
    wait_for(addr, "/kartlaggning/skolan.html", |t| {
        t.contains("vid torget")
    });
    let m = live.next_of("reload");
    assert!(strings(&m["changed"]).contains(&"kartlaggning/skolan.html".to_string()));
    // The phase page lists it.
    assert!(get(addr, "/kartlaggning/").text().contains("Skolan"));
    let whole = live.next_of("reload");
    assert_eq!(
        strings(&whole["changed"]),
        ["print.html", "search-index.js"]
    );

    // Removing it: the page is gone (404), and pages showing it are told.
    std::fs::remove_file(dir.path().join("content/kartlaggning/skolan.md")).unwrap();
    let m = live.next_of("reload");
    assert_eq!(strings(&m["removed"]), ["kartlaggning/skolan.html"]);
    assert_eq!(get(addr, "/kartlaggning/skolan.html").status, 404);
    let whole = live.next_of("reload");
    assert_eq!(
        strings(&whole["changed"]),
        ["print.html", "search-index.js"]
    );
    assert!(!get(addr, "/print.html").text().contains("Skolan ligger"));

    // A stylesheet.
    std::fs::write(
        dir.path().join("static/extra.css"),
        ".extra { color: #000; }\n",
    )
    .unwrap();
    wait_for(addr, "/extra.css", |t| t.contains("#000"));
    assert_eq!(strings(&live.next_of("reload")["changed"]), ["extra.css"]);
    server.shutdown();
}

#[test]
fn a_broken_edit_keeps_the_old_page_and_shows_the_error() {
    let dir = report();
    let server = start(dir.path(), true, false);
    let addr = server.addr();
    let mut live = Live::connect(addr, None).unwrap();
    live.next_of("hello");
    let good = std::fs::read_to_string(dir.path().join("content/kartlaggning/torget.md")).unwrap();
    std::fs::write(
        dir.path().join("content/kartlaggning/torget.md"),
        good.replace("order: 2", "order: två"),
    )
    .unwrap();
    let m = live.next_of("errors");
    let e = &m["errors"][0];
    assert_eq!(e["file"], "content/kartlaggning/torget.md");
    assert_eq!(e["line"], 4, "{e}");
    assert!(
        e["location"]
            .as_str()
            .unwrap()
            .starts_with("content/kartlaggning/torget.md:4:"),
        "{e}"
    );
    assert!(!e["message"].as_str().unwrap().is_empty());
    // The last good page is still served.
    let r = get(addr, "/kartlaggning/torget.html");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("viktigaste mötesplats"));
    // A page opened now gets the errors at once.
    let mut late = Live::connect(addr, None).unwrap();
    let hello = late.next_of("hello");
    assert_eq!(hello["errors"][0]["file"], "content/kartlaggning/torget.md");

    // A broken link names the file, line and a hint.
    std::fs::write(
        dir.path().join("content/kartlaggning/torget.md"),
        good.replace("(statistik.md#boende)", "(statistiken.md)"),
    )
    .unwrap();
    let m = live.next_of("errors");
    let e = &m["errors"][0];
    assert_eq!(e["kind"], "broken-link");
    assert_eq!(e["location"], "content/kartlaggning/torget.md:8:50");
    assert!(e["hint"].as_str().unwrap().contains("relative"), "{e}");

    // Fixing it: the overlay goes, the page is rebuilt.
    std::fs::write(
        dir.path().join("content/kartlaggning/torget.md"),
        good.replace("viktigaste", "största"),
    )
    .unwrap();
    let m = live.next_of("reload");
    assert_eq!(strings(&m["changed"]), ["kartlaggning/torget.html"]);
    let whole = live.next_of("reload");
    assert_eq!(
        strings(&whole["changed"]),
        ["print.html", "search-index.js"]
    );
    wait_for(addr, "/kartlaggning/torget.html", |t| t.contains("största"));
    assert_eq!(late.next_of("reload")["changed"], m["changed"]);
    server.shutdown();
}

#[test]
fn a_theme_folder_made_while_serving_is_used() {
    let dir = report();
    let server = start(dir.path(), true, false);
    let templates = dir.path().join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .unwrap();
    std::fs::write(
        templates.join("page.html"),
        page.replace("<h1{% if", "<h1 class=\"egen\"{% if"),
    )
    .unwrap();
    wait_for(server.addr(), "/om.html", |t| {
        t.contains("<h1 class=\"egen\"")
    });
    // Later edits inside it are seen too.
    std::fs::write(
        templates.join("page.html"),
        page.replace("<h1{% if", "<h1 class=\"annan\"{% if"),
    )
    .unwrap();
    wait_for(server.addr(), "/om.html", |t| {
        t.contains("<h1 class=\"annan\"")
    });
    server.shutdown();
}

#[test]
fn a_report_that_does_not_build_yet_is_served_once_fixed() {
    let dir = report();
    let book = dir.path().join("book.toml");
    let good = std::fs::read_to_string(&book).unwrap();
    std::fs::write(&book, good.replace("title =", "titel =")).unwrap();
    let server = start(dir.path(), true, false);
    let addr = server.addr();
    let r = get(addr, "/kartlaggning/statistik.html");
    assert_eq!(r.status, 503);
    assert!(r.text().contains("<script data-generation="));
    let mut live = Live::connect(addr, None).unwrap();
    let hello = live.next_of("hello");
    assert_eq!(hello["errors"][0]["file"], "book.toml");
    std::fs::write(&book, &good).unwrap();
    let m = live.next_of("reload");
    assert!(strings(&m["changed"]).contains(&"index.html".to_string()));
    wait_for(addr, "/kartlaggning/statistik.html", |t| {
        t.contains("invånare")
    });
    server.shutdown();
}

#[test]
fn without_watch_a_broken_report_is_an_error() {
    let dir = report();
    std::fs::write(dir.path().join("book.toml"), "[book]\n").unwrap();
    let opts = ServeOptions {
        port: 0,
        ..ServeOptions::new(dir.path())
    };
    let e = Server::start(opts).unwrap_err();
    let d = e.diagnostics();
    assert_eq!(d.errors().next().unwrap().file, Path::new("book.toml"));
}

#[test]
fn polling_finds_changes_too() {
    let dir = report();
    let server = start(dir.path(), true, true);
    assert!(server.polls());
    // Let the first scan finish before editing.
    std::thread::sleep(Duration::from_millis(600));
    edit(dir.path(), "content/om.md", |t| {
        t.replace("våren", "hösten")
    });
    wait_for(server.addr(), "/om.html", |t| t.contains("hösten"));
    server.shutdown();
}

#[test]
fn many_requests_at_once() {
    let dir = report();
    let server = start(dir.path(), false, false);
    let addr = server.addr();
    let paths = [
        "/",
        "/kartlaggning/statistik.html",
        "/style.css",
        "/findings.html",
    ];
    let threads: Vec<_> = (0..32)
        .map(|i| {
            std::thread::spawn(move || {
                for j in 0..10 {
                    let p = paths[(i + j) % paths.len()];
                    let r = get(addr, p);
                    assert_eq!(r.status, 200, "{p}");
                    assert!(!r.body.is_empty());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn a_built_site_has_no_reload_script() {
    let dir = report();
    let out = dir.path().join("public");
    kartsite::build(&kartsite::BuildOptions {
        output_dir: Some(out.clone()),
        ..kartsite::BuildOptions::new(dir.path())
    })
    .unwrap();
    let mut files = 0;
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            files += 1;
            let bytes = std::fs::read(e.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains("__kartsite"), "{}", e.path().display());
            assert!(!text.contains("WebSocket"), "{}", e.path().display());
        }
    }
    assert!(files > 10);
}

fn kartsite() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kartsite"));
    c.env("KARTSITE_LANG", "en");
    c
}

#[test]
fn a_port_in_use_is_named() {
    let dir = report();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = kartsite()
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("port {port} is already in use on 127.0.0.1")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn a_missing_report_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("rapport");
    let out = kartsite()
        .args(["serve", "--watch", "--port", "0", "--root"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "the report folder {} does not exist",
            missing.display()
        )),
        "{err}"
    );
    assert!(err.contains("--root"), "{err}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let dir = report();
    let mut child = kartsite()
        .args(["serve", "--watch", "--port", "0", "--root"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let addr: SocketAddr = loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "no address printed");
        if let Some(i) = line.find("http://") {
            let rest = &line[i + 7..];
            break rest[..rest.find('/').unwrap()].parse().unwrap();
        }
    };
    assert_eq!(get(addr, "/").status, 200);
    let mut live = Live::connect(addr, None).unwrap();
    live.next_of("hello");
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(5), "still running");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("kartsite: stopped"), "{rest}");
    assert!(TcpStream::connect(addr).is_err(), "the port is free again");
}
