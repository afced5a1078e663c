//! What `[theme]` and `[book] logo` change in a rendered site: the logos
//! the templates show (`site.look`) and the accent colour laid over the
//! theme's `style.css`.

use serde::Serialize;

use crate::config::Config;
use crate::config::look::logo_url;

/// `site.look` in templates.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Look {
    /// URL of the report's logo (`[book] logo`); shown beside the title,
    /// so its text alternative is empty.
    pub report_logo: Option<String>,
    /// URL of the organisation's logo (`[theme] logo`).
    pub org_logo: Option<String>,
    /// Its text alternative: `[theme] logo_alt`, else the organisation.
    pub org_logo_alt: String,
}

impl Look {
    pub fn of(c: &Config) -> Look {
        let url = |p: &Option<String>| p.as_deref().and_then(logo_url);
        Look {
            report_logo: url(&c.book.logo),
            org_logo: url(&c.theme.logo),
            org_logo_alt: c
                .theme
                .logo_alt
                .clone()
                .filter(|a| !a.trim().is_empty())
                .unwrap_or_else(|| {
                    if c.report.organisation.is_empty() {
                        c.book.title.clone()
                    } else {
                        c.report.organisation.clone()
                    }
                }),
        }
    }
}

/// The theme's static file `url` as the site gets it: `style.css` ends
/// with the accent colour of `[theme]` when there is one (checked for
/// contrast when book.toml was read).
pub(crate) fn static_file(url: &str, bytes: &[u8], c: &Config) -> Vec<u8> {
    match (&c.theme.accent, url) {
        (Some(accent), "style.css") => {
            let mut out = bytes.to_vec();
            out.extend_from_slice(
                format!(
                    "\n/* [theme] accent in book.toml */\n:root {{ --accent: {}; }}\n",
                    accent.trim()
                )
                .as_bytes(),
            );
            out
        }
        _ => bytes.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accent_is_laid_over_the_stylesheet_only() {
        let mut c =
            crate::config::parse_config("[book]\ntitle = \"T\"\n[theme]\naccent = \"#00594f\"\n")
                .unwrap()
                .config;
        let css = static_file("style.css", b":root { --accent: #a3001b; }", &c);
        assert!(
            String::from_utf8(css)
                .unwrap()
                .ends_with(":root { --accent: #00594f; }\n")
        );
        assert_eq!(static_file("search.js", b"x", &c), b"x");
        c.theme.accent = None;
        assert_eq!(static_file("style.css", b"x", &c), b"x");
    }

    #[test]
    fn logos_have_urls_and_the_organisation_names_its_logo() {
        let c = crate::config::parse_config(
            "[book]\ntitle = \"T\"\nlogo = \"static/projekt.svg\"\n[report]\norganisation = \"Röda Korset Ekby\"\n[theme]\nlogo = \"content/bilder/rk.png\"\n",
        )
        .unwrap()
        .config;
        let l = Look::of(&c);
        assert_eq!(l.report_logo.as_deref(), Some("projekt.svg"));
        assert_eq!(l.org_logo.as_deref(), Some("bilder/rk.png"));
        assert_eq!(l.org_logo_alt, "Röda Korset Ekby");
    }
}
