//! `[theme]` in book.toml: a branch's or municipality's look without
//! editing templates — a logo in the site header and on the poster, and
//! an accent colour (the bar above the header, the current menu entry,
//! headings on resident pages). The accent is refused when it is lighter
//! than 4.5:1 against white, the contrast WCAG 1.4.3 asks of text.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Diagnostic, Pos, Result};

/// The `[theme]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    /// The organisation's logo: a file of the report (under `static/` or
    /// `content/`), e.g. `static/logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
    /// What the logo says, for people who cannot see it (the organisation's
    /// name). Defaults to `[report] organisation`.
    #[serde(default)]
    pub logo_alt: Option<String>,
    /// The accent colour as `#rrggbb` or `#rgb`.
    #[serde(default)]
    pub accent: Option<String>,
}

/// The least contrast of the accent against white.
pub const MIN_CONTRAST: f64 = 4.5;

/// Image types a logo may have.
pub const LOGO_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg", "webp", "gif"];

/// `#rrggbb` or `#rgb` as red, green and blue.
pub(crate) fn parse_hex(s: &str) -> Option<[u8; 3]> {
    let h = s.strip_prefix('#')?;
    let digits: Vec<u8> = h
        .chars()
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some([r * 17, g * 17, b * 17]),
        [r1, r2, g1, g2, b1, b2] => Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2]),
        _ => None,
    }
}

/// WCAG relative luminance.
fn luminance(rgb: [u8; 3]) -> f64 {
    let ch = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(rgb[0]) + 0.7152 * ch(rgb[1]) + 0.0722 * ch(rgb[2])
}

/// Contrast ratio of `rgb` against white.
pub(crate) fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    1.05 / (luminance(rgb) + 0.05)
}

/// The colour darkened, same hue, until it reaches [`MIN_CONTRAST`].
fn darkened(rgb: [u8; 3]) -> [u8; 3] {
    let mut scale = 1.0_f64;
    loop {
        let c = rgb.map(|v| (f64::from(v) * scale).floor().clamp(0.0, 255.0) as u8);
        if contrast_with_white(c) >= MIN_CONTRAST || scale <= 0.0 {
            return c;
        }
        scale -= 0.01;
    }
}

/// Where `key` of the table `[table]` is in `source` (line and column).
pub(crate) fn table_key_pos(source: &str, table: &str, key: &str) -> Option<Pos> {
    let mut inside = false;
    for (i, line) in source.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with('[') {
            inside = t
                .trim_end()
                .strip_prefix('[')
                .and_then(|r| r.split(']').next())
                .is_some_and(|name| name.trim() == table);
            continue;
        }
        let is_key = t
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with('='));
        if inside && is_key {
            return Some(Pos::new(
                u32::try_from(i + 1).unwrap_or(u32::MAX),
                u32::try_from(line.len() - t.len() + 1).unwrap_or(1),
            ));
        }
    }
    None
}

/// Checks `[theme]` (the accent's contrast and the logo's file type).
pub(crate) fn validate(theme: &ThemeConfig, book_logo: Option<&str>, source: &str) -> Result<()> {
    let rel = Path::new(super::CONFIG_FILE);
    if let Some(accent) = &theme.accent {
        let at = table_key_pos(source, "theme", "accent");
        let Some(rgb) = parse_hex(accent.trim()) else {
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!(
                    "config.the-accent-colour-in-theme",
                    accent = accent.to_string()
                ),
            )
            .at(at)
            .hint(crate::msg!("config.write-it-as-rrggbb-for"))
            .into());
        };
        let ratio = contrast_with_white(rgb);
        if ratio < MIN_CONTRAST {
            let [r, g, b] = darkened(rgb);
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!(
                    "config.the-accent-colour-in-theme-2",
                    accent = accent.to_string(),
                    floor = format!("{:.2}", (ratio * 100.0).floor() / 100.0)
                ),
            )
            .at(at)
            .hint(crate::msg!(
                "config.use-a-darker-colour-the",
                r = format!("{:02x}", r),
                g = format!("{:02x}", g),
                b = format!("{:02x}", b)
            ))
            .into());
        }
    }
    for (table, path) in [("theme", theme.logo.as_deref()), ("book", book_logo)] {
        let Some(path) = path else { continue };
        let ext = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !LOGO_TYPES.contains(&ext.as_str()) {
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!(
                    "config.the-logo-in-is-not",
                    path = path.to_string(),
                    table = table.to_string()
                ),
            )
            .at(table_key_pos(source, table, "logo"))
            .hint(crate::msg!(
                "config.use-a-file-of-type",
                join = (LOGO_TYPES.join(", ")).to_string()
            ))
            .into());
        }
    }
    Ok(())
}

/// The site URL of a logo written as a path of the report:
/// `static/logo.svg` → `logo.svg`, `content/bilder/logo.png` →
/// `bilder/logo.png` (how the build copies those folders). `None` for a
/// path outside them.
pub(crate) fn logo_url(path: &str) -> Option<String> {
    let path = path.trim().replace('\\', "/");
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    match parts.as_slice() {
        [dir, rest @ ..] if !rest.is_empty() && (*dir == "static" || *dir == "content") => {
            (!rest.contains(&"..")).then(|| rest.join("/"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accent(value: &str) -> String {
        let source =
            format!("[book]\ntitle = \"T\"\nlogo = \"x.svg\"\n\n[theme]\n  accent = \"{value}\"\n");
        let theme = ThemeConfig {
            accent: Some(value.into()),
            ..Default::default()
        };
        match validate(&theme, None, &source) {
            Ok(()) => "ok".into(),
            Err(d) => d.to_string(),
        }
    }

    #[test]
    fn dark_accents_pass_and_light_ones_are_refused_where_they_are_written() {
        assert_eq!(accent("#a3001b"), "ok");
        assert_eq!(accent("#000"), "ok");
        assert_eq!(accent("#e30613"), "ok");
        assert_eq!(accent("#767676"), "ok");
        let light = accent("#777777");
        assert!(light.contains("book.toml:6:3"), "{light}");
        assert!(
            light.contains("#777777 in [theme] is too light: 4.47:1"),
            "{light}"
        );
        let yellow = accent("#ffcc00");
        assert!(yellow.contains("1.51:1"), "{yellow}");
        // the suggested colour passes
        let hint = yellow.split("accent = \"").nth(1).unwrap();
        let rgb = parse_hex(&hint[..7]).unwrap();
        assert!(contrast_with_white(rgb) >= MIN_CONTRAST, "{yellow}");
        assert!(accent("red").contains("is not a colour"));
        assert!(accent("#12345").contains("is not a colour"));
    }

    #[test]
    fn logo_paths_become_site_urls() {
        assert_eq!(logo_url("static/logo.svg").as_deref(), Some("logo.svg"));
        assert_eq!(
            logo_url(".\\content\\bilder\\a.png").as_deref(),
            Some("bilder/a.png")
        );
        assert_eq!(logo_url("logo.svg"), None);
        assert_eq!(logo_url("static/../book.toml"), None);
    }

    #[test]
    fn a_logo_must_be_an_image_and_is_located_in_its_table() {
        let source =
            "[book]\ntitle = \"T\"\nlogo = \"logo.pdf\"\n[theme]\nlogo = \"static/a.png\"\n";
        let theme = ThemeConfig {
            logo: Some("static/a.png".into()),
            ..Default::default()
        };
        assert!(validate(&theme, None, source).is_ok());
        let e = validate(&theme, Some("logo.pdf"), source)
            .unwrap_err()
            .to_string();
        assert!(e.contains("book.toml:3:1") && e.contains("[book]"), "{e}");
    }
}
