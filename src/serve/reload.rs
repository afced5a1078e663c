//! Live reload: every served HTML page gets a small script that keeps a
//! WebSocket open to [`LIVERELOAD_PATH`]. After a rebuild the server sends
//! which outputs changed; a page reloads itself when it is one of them (or
//! when a stylesheet, image or other file changed), and shows or hides the
//! error overlay. The script is added to responses while serving only: the
//! built site never contains it.

use std::sync::Arc;

use axum::extract::ws::{self, WebSocket, WebSocketUpgrade};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::overlay::OverlayError;
use super::server::AppState;

/// Paths the server keeps for itself (a report cannot have a folder
/// starting with `__kartsite`: it would be hidden behind these).
pub const RESERVED_PREFIX: &str = "/__kartsite/";
pub const LIVERELOAD_PATH: &str = "/__kartsite/livereload";

/// The browser side: reload and overlay. Written into each page rather than
/// linked, so that a reloading page waits for one request fewer.
pub const CLIENT_JS: &str = include_str!("client.js");

/// What the server tells open pages, as JSON.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Message {
    /// Sent once on connecting. `since`: what changed after the generation
    /// the page was served with (`None` when unknown: the page reloads).
    Hello {
        instance: String,
        generation: u64,
        errors: Vec<OverlayError>,
        since: Option<Changes>,
    },
    /// A good rebuild: these outputs changed or went away.
    Reload {
        generation: u64,
        changed: Vec<String>,
        removed: Vec<String>,
    },
    /// A failed rebuild: the last good site stays; show these.
    Errors {
        generation: u64,
        errors: Vec<OverlayError>,
    },
}

/// Outputs that changed or went away over one or more rebuilds.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Changes {
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Message {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

/// Add the reload script to an HTML page, just before `</body>` (or at the
/// end when there is none). `generation` is the site generation the page
/// belongs to.
pub fn inject(html: &[u8], generation: u64, instance: &str) -> Vec<u8> {
    let tag = format!(
        "<script data-generation=\"{generation}\" data-instance=\"{instance}\">\n{CLIENT_JS}</script>\n"
    );
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Position of the last ASCII-case-insensitive occurrence of `needle`.
fn find_last_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
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
    if !super::server::same_origin(&headers) {
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
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject(html, 7, "abc")).unwrap();
        assert_eq!(
            out,
            format!(
                "<html><body><p>&lt;/body&gt;</p><script data-generation=\"7\" data-instance=\"abc\">\n{CLIENT_JS}</script>\n</BODY></html>"
            )
        );
        // Nothing in the script could end it early.
        assert!(!CLIENT_JS.to_ascii_lowercase().contains("</script"));
        assert!(!CLIENT_JS.contains("<!--"));
        let out = String::from_utf8(inject(b"<p>x", 1, "s")).unwrap();
        assert!(out.starts_with("<p>x<script"), "{out}");
    }

    #[test]
    fn the_generation_a_page_has_seen_comes_from_the_query() {
        assert_eq!(seen_generation(Some("g=12")), Some(12));
        assert_eq!(seen_generation(Some("x=1&g=3")), Some(3));
        assert_eq!(seen_generation(Some("g=-1")), None);
        assert_eq!(seen_generation(Some("")), None);
        assert_eq!(seen_generation(None), None);
    }

    #[test]
    fn messages_are_tagged_json() {
        let m = Message::Reload {
            generation: 3,
            changed: vec!["a.html".into()],
            removed: vec![],
        };
        assert_eq!(
            m.to_json(),
            r#"{"type":"reload","generation":3,"changed":["a.html"],"removed":[]}"#
        );
    }
}
