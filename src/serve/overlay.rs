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
            message: d.message_text(),
            hint: d.hint_text(),
        }
    }
}

/// The overlay's own words, in the language of the messages; written
/// into the script's `data-texts` attribute as JSON.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OverlayTexts {
    pub lang: &'static str,
    /// The title for one error and for more (`{n}` is the number).
    pub title_one: String,
    pub title_many: String,
    pub intro: String,
    pub hint: String,
    pub hide: String,
}

pub(crate) fn texts() -> OverlayTexts {
    use crate::msg;
    OverlayTexts {
        lang: crate::messages::lang().code(),
        title_one: msg!("serve.overlay-title", n = 1usize).to_string(),
        // `n` as text: the plural form, with `{n}` left for the script.
        title_many: msg!("serve.overlay-title", n = "{n}").to_string(),
        intro: msg!("serve.overlay-intro").to_string(),
        hint: msg!("severity.hint").to_string(),
        hide: msg!("serve.overlay-hide").to_string(),
    }
}

/// `texts()` as an HTML attribute value (JSON, escaped).
pub(crate) fn texts_attribute() -> String {
    let json = serde_json::to_string(&texts()).unwrap_or_else(|_| "{}".into());
    json.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page served for every path while the report has never built: the
/// overlay (drawn by the script) tells why.
pub(crate) fn no_site_page() -> String {
    use crate::msg;
    let esc = |s: String| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        concat!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<title>kartsite: {title}</title>\n</head>\n<body>\n",
            "<main>\n<h1>{heading}</h1>\n",
            "<p>{text}</p>\n</main>\n</body>\n</html>\n"
        ),
        lang = crate::messages::lang().code(),
        title = esc(msg!("serve.no-site-title").to_string()),
        heading = esc(msg!("serve.no-site-heading").to_string()),
        text = esc(msg!("serve.no-site-text").to_string()),
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
