//! The in-browser error overlay. When a rebuild fails, every open page
//! keeps showing the last good version, and the reload script (client.js)
//! draws a panel over it listing each error: where (file:line:column),
//! what, and the hint. The next good rebuild removes it. Before the first
//! good build there is no site at all: every page is [`no_site_page`].

use serde::Serialize;

use crate::error::Diagnostic;

/// One error as the overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OverlayError {
    /// `file:line:column`, as in the terminal.
    pub location: String,
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub kind: String,
    pub message: String,
    pub hint: Option<String>,
}

impl From<&Diagnostic> for OverlayError {
    fn from(d: &Diagnostic) -> Self {
        OverlayError {
            location: d.location(),
            file: d.file.to_string_lossy().replace('\\', "/"),
            line: d.line,
            column: d.column,
            kind: d.kind.to_string(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// The page served for every path while the report has never built: the
/// overlay (drawn by the script) tells why.
pub(crate) fn no_site_page() -> &'static str {
    concat!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<title>kartsite: the report does not build yet</title>\n</head>\n<body>\n",
        "<main>\n<h1>The report does not build yet</h1>\n",
        "<p>kartsite shows the errors here and in the terminal. ",
        "Fix them and save: this page reloads by itself.</p>\n</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Pos;

    #[test]
    fn errors_keep_location_message_and_hint() {
        let d = Diagnostic::error("yaml", "content/a/fynd.yaml", "unknown field `titel`")
            .at(Some(Pos::new(4, 5)))
            .hint("check the spelling");
        let o = OverlayError::from(&d);
        assert_eq!(o.location, "content/a/fynd.yaml:4:5");
        assert_eq!(o.message, "unknown field `titel`");
        assert_eq!(o.hint.as_deref(), Some("check the spelling"));
        let json = serde_json::to_string(&o).unwrap();
        assert!(json.contains(r#""line":4"#), "{json}");
    }
}
