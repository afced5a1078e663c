//! Live reload: every served HTML page gets a small script that keeps a
//! WebSocket open to [`LIVERELOAD_PATH`]. After a rebuild the server sends
//! which outputs changed; a page reloads itself when it is one of them (or
//! when a stylesheet, image or other file changed), and shows or hides the
//! error overlay. The script is added to responses while serving only: the
//! built site never contains it. The WebSocket endpoint itself is in
//! [`super::server`].

use serde::Serialize;

use super::overlay::OverlayError;

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
    pub(crate) fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

/// Add the reload script to an HTML page, just before `</body>` (or at the
/// end when there is none). `generation` is the site generation the page
/// belongs to.
pub(crate) fn inject(html: &[u8], generation: u64, instance: &str) -> Vec<u8> {
    let texts = super::overlay::texts_attribute();
    let tag = format!(
        "<script data-generation=\"{generation}\" data-instance=\"{instance}\" data-texts=\"{texts}\">\n{CLIENT_JS}</script>\n"
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
                "<html><body><p>&lt;/body&gt;</p><script data-generation=\"7\" data-instance=\"abc\" data-texts=\"{}\">\n{CLIENT_JS}</script>\n</BODY></html>",
                super::super::overlay::texts_attribute()
            )
        );
        // Nothing in the script could end it early.
        assert!(!CLIENT_JS.to_ascii_lowercase().contains("</script"));
        assert!(!CLIENT_JS.contains("<!--"));
        let out = String::from_utf8(inject(b"<p>x", 1, "s")).unwrap();
        assert!(out.starts_with("<p>x<script"), "{out}");
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
