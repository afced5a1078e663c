//! HTTP: the site from memory, the reload script and its WebSocket.
//!
//! Paths are checked before anything is looked up: `..` and `.` segments
//! (also percent-encoded), backslashes, empty segments (`//etc`), drive
//! letters and NUL bytes are refused with 400. Unknown paths get the
//! theme's 404 page with status 404. When the server listens on a loopback
//! address only, requests must name it by address or `localhost`: another
//! web site cannot reach the preview through a DNS name pointed at
//! 127.0.0.1 (internal pages are private).

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ws::{self, WebSocket, WebSocketUpgrade};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;
use tower_http::set_header::SetResponseHeaderLayer;

use super::overlay::no_site_page;
use super::reload::{LIVERELOAD_PATH, Message, RESERVED_PREFIX, inject};
use super::site::LiveSite;

/// What the handlers share.
#[derive(Debug)]
pub struct AppState {
    pub site: Arc<LiveSite>,
    /// Becomes `true` when the server stops (open WebSockets close).
    pub stop: watch::Receiver<bool>,
    /// The server listens on a loopback address only.
    pub loopback: bool,
    /// `--edit`: the forms, and edit links on the preview's pages.
    pub edit: Option<Arc<super::edit_state::EditState>>,
}

/// The routes; `more` adds routes of layers above this file (the edit
/// forms), which pass the same host checks.
pub(crate) fn router(
    app: Arc<AppState>,
    more: impl FnOnce(Router<Arc<AppState>>) -> Router<Arc<AppState>>,
) -> Router {
    more(Router::new().route(LIVERELOAD_PATH, get(livereload)))
        .fallback(site)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            check_host,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .with_state(app)
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn check_host(
    State(app): State<Arc<AppState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if app.loopback && !local_host(request.headers()) {
        return text(
            StatusCode::FORBIDDEN,
            "kartsite serve answers only to 127.0.0.1, [::1] and localhost\n",
        );
    }
    next.run(request).await
}

/// The host name of a `Host` header value (without the port).
fn host_name(value: &str) -> &str {
    if let Some(rest) = value.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    value.rsplit_once(':').map_or(value, |(h, _)| h)
}

/// Whether the request names this machine: an IP address or localhost.
fn local_host(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        // HTTP/1.0 without Host: not from a browser.
        return true;
    };
    let name = host_name(host).to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<std::net::IpAddr>().is_ok()
}

/// Whether a browser request comes from a page of this server (or from
/// something that is not a browser page at all).
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// Why a path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not a path from the site's root (`..`, `.`, `//`, drive letters).
    Outside,
    /// Bad percent-encoding, NUL or other control bytes, backslashes.
    Malformed,
}

/// The site URL for a request path (still percent-encoded, as sent):
/// `/` → `index.html`, `/a/` → `a/index.html`, `/a/b.html` → `a/b.html`.
pub(crate) fn site_path(raw: &str) -> Result<String, Refused> {
    let rest = raw.strip_prefix('/').ok_or(Refused::Outside)?;
    let decoded = percent_decode(rest).ok_or(Refused::Malformed)?;
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return Err(Refused::Malformed);
    }
    if decoded.is_empty() {
        return Ok("index.html".into());
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        let empty_inside = s.is_empty() && i != last;
        if empty_inside || *s == "." || *s == ".." || s.contains(':') {
            return Err(Refused::Outside);
        }
    }
    Ok(if decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded
    })
}

/// Decode `%XX` escapes; `None` for a broken escape or bytes that are not
/// UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a site URL.
pub(crate) fn content_type(url: &str) -> &'static str {
    crate::mime::of(url)
}

fn file_response(
    status: StatusCode,
    url: &str,
    bytes: Bytes,
    generation: u64,
    instance: &str,
    head: bool,
) -> Response {
    let ty = content_type(url);
    let body = if ty.starts_with("text/html") {
        Bytes::from(inject(&bytes, generation, instance))
    } else {
        bytes
    };
    let len = body.len();
    let mut r = Response::new(if head {
        Body::empty()
    } else {
        Body::from(body)
    });
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ty));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    r
}

/// Every other request: a file of the site.
async fn site(State(app): State<Arc<AppState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let head = method == Method::HEAD;
    let url = match site_path(uri.path()) {
        Ok(u) => u,
        Err(Refused::Outside) => {
            return text(
                StatusCode::BAD_REQUEST,
                "refused: the path leaves the site\n",
            );
        }
        Err(Refused::Malformed) => return text(StatusCode::BAD_REQUEST, "bad path\n"),
    };
    if uri.path().starts_with(RESERVED_PREFIX) {
        return text(StatusCode::NOT_FOUND, "not found\n");
    }
    let instance = &app.site.instance;
    let (file, folder, not_found, generation, built) = app.site.read(|s| {
        let folder =
            !url.ends_with("index.html") && s.files.contains_key(&format!("{url}/index.html"));
        (
            s.files.get(&url).cloned(),
            folder,
            s.files.get("404.html").cloned(),
            s.generation,
            s.built,
        )
    });
    if let Some(bytes) = file {
        let bytes = match &app.edit {
            Some(ed) if content_type(&url).starts_with("text/html") => {
                let with_items = super::edit_links::add_links(&bytes, &url, ed.lang);
                Bytes::from(super::edit_page_links::add_page_links(
                    &with_items,
                    &url,
                    ed.lang,
                    &ed.root,
                ))
            }
            _ => bytes,
        };
        return file_response(StatusCode::OK, &url, bytes, generation, instance, head);
    }
    if !built {
        let page = Bytes::from(no_site_page());
        return file_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "error.html",
            page,
            generation,
            instance,
            head,
        );
    }
    if folder {
        // `/kartlaggning` → `/kartlaggning/`, so relative links work.
        let mut to = format!("{}/", uri.path());
        if let Some(q) = uri.query() {
            to.push('?');
            to.push_str(q);
        }
        let mut r = text(StatusCode::MOVED_PERMANENTLY, "moved\n");
        if let Ok(v) = HeaderValue::from_str(&to) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    match not_found {
        Some(bytes) => file_response(
            StatusCode::NOT_FOUND,
            "404.html",
            bytes,
            generation,
            instance,
            head,
        ),
        None => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// `g=N` in the live reload URL's query: the generation the page was
/// served with.
fn seen_generation(query: Option<&str>) -> Option<u64> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("g="))
        .and_then(|g| g.parse().ok())
}

/// `GET /__kartsite/livereload`: upgrade to a WebSocket. Only pages of this
/// server may connect (a page of another site may not listen in).
pub async fn livereload(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !same_origin(&headers) {
        return (StatusCode::FORBIDDEN, "cross-origin connection refused\n").into_response();
    }
    let seen = seen_generation(query.as_deref());
    upgrade.on_upgrade(move |socket| talk(socket, app, seen))
}

async fn talk(mut socket: WebSocket, app: Arc<AppState>, seen: Option<u64>) {
    let mut events = app.site.subscribe();
    let mut stop = app.stop.clone();
    let hello = app.site.hello(seen);
    // The generation this browser knows of, for starting over after lagging.
    let mut known = match &hello {
        Message::Hello { generation, .. } => *generation,
        _ => 0,
    };
    if socket
        .send(ws::Message::text(hello.to_json()))
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Err(tokio::sync::broadcast::error::RecvError::Closed) => {
                    let _ = socket.send(ws::Message::Close(None)).await;
                    return;
                }
                Ok(m) => {
                    if let Message::Reload { generation, .. } = &m {
                        known = *generation;
                    }
                    if socket.send(ws::Message::text(m.to_json())).await.is_err() {
                        return;
                    }
                }
                // Too slow to follow: start over with the current state
                // and what changed since the last message it got.
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let hello = app.site.hello(Some(known));
                    if let Message::Hello { generation, .. } = &hello {
                        known = *generation;
                    }
                    if socket.send(ws::Message::text(hello.to_json())).await.is_err() {
                        return;
                    }
                }
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(ws::Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
            () = async { let _ = stop.wait_for(|stopping| *stopping).await; } => {
                let _ = socket.send(ws::Message::Close(None)).await;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generation_a_page_has_seen_comes_from_the_query() {
        assert_eq!(seen_generation(Some("g=12")), Some(12));
        assert_eq!(seen_generation(Some("x=1&g=3")), Some(3));
        assert_eq!(seen_generation(Some("g=-1")), None);
        assert_eq!(seen_generation(Some("")), None);
        assert_eq!(seen_generation(None), None);
    }

    #[test]
    fn paths_map_to_site_urls() {
        assert_eq!(site_path("/").unwrap(), "index.html");
        assert_eq!(
            site_path("/kartlaggning/").unwrap(),
            "kartlaggning/index.html"
        );
        assert_eq!(site_path("/a/b.html").unwrap(), "a/b.html");
        assert_eq!(
            site_path("/%C3%B6vrigt/sida.html").unwrap(),
            "övrigt/sida.html"
        );
        assert_eq!(site_path("/a%20b.html").unwrap(), "a b.html");
    }

    #[test]
    fn paths_out_of_the_site_are_refused() {
        for p in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/%2e%2e%2f%2e%2e%2fetc/passwd",
            "//etc/passwd",
            "/a//b",
            "/./index.html",
            "/C:/Windows/win.ini",
            "/c%3a/Windows/win.ini",
            "relative.html",
        ] {
            assert_eq!(site_path(p), Err(Refused::Outside), "{p}");
        }
        for p in [
            "/..%5c..%5cwindows%5cwin.ini",
            "/a\\..\\b",
            "/%00.html",
            "/%zz",
            "/%",
            "/%ff.html",
        ] {
            assert_eq!(site_path(p), Err(Refused::Malformed), "{p}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("karta.svg"), "image/svg+xml");
        assert_eq!(content_type("data.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("README"), "application/octet-stream");
    }

    #[test]
    fn hosts_and_origins() {
        let h = |pairs: &[(header::HeaderName, &str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(k.clone(), HeaderValue::from_str(v).unwrap());
            }
            m
        };
        assert!(local_host(&h(&[(header::HOST, "127.0.0.1:1111")])));
        assert!(local_host(&h(&[(header::HOST, "[::1]:1111")])));
        assert!(local_host(&h(&[(header::HOST, "localhost:1111")])));
        assert!(!local_host(&h(&[(header::HOST, "evil.example:1111")])));
        assert!(same_origin(&h(&[(header::HOST, "127.0.0.1:1111")])));
        assert!(same_origin(&h(&[
            (header::HOST, "127.0.0.1:1111"),
            (header::ORIGIN, "http://127.0.0.1:1111"),
        ])));
        assert!(!same_origin(&h(&[
            (header::HOST, "127.0.0.1:1111"),
            (header::ORIGIN, "http://evil.example"),
        ])));
    }
}
