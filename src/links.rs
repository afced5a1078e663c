//! Relative links: every internal link is written relative to the page it
//! appears on (mdBook's `path_to_root`), so a site works from disk, under
//! any sub-path, or unzipped anywhere. Also where a link written in the
//! report points to ([`resolve`]) and the slugs of anchors ([`slugify`]).
//! A leaf module: check, chart and render all use it.

use std::path::{Path, PathBuf};

/// `../` once per folder level of a site-relative URL.
pub(crate) fn path_to_root(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The link from the page at `from` to the site-relative `to`.
pub fn relative(from: &str, to: &str) -> String {
    if let Some(anchor) = to.strip_prefix('#') {
        return format!("#{anchor}");
    }
    let (path, anchor) = to.split_once('#').map_or((to, None), |(p, a)| (p, Some(a)));
    let mut s = if path == from {
        String::new()
    } else {
        let from_dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        match path
            .strip_prefix(from_dir)
            .and_then(|r| r.strip_prefix('/'))
        {
            Some(rest) if !from_dir.is_empty() => rest.to_string(),
            _ => format!("{}{path}", path_to_root(from)),
        }
    };
    if let Some(a) = anchor {
        s.push('#');
        s.push_str(a);
    }
    if s.is_empty() {
        // A link to the page itself.
        s = from.rsplit('/').next().unwrap_or(from).to_string();
    }
    s
}

/// A URL-safe, readable anchor from a heading or title (Swedish and
/// Norwegian letters folded to ASCII).
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'å' | 'ä' | 'á' | 'à' | 'â' => "a",
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => "o",
            'æ' => "ae",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'ü' | 'ú' => "u",
            'í' | 'ï' => "i",
            // Letters of other scripts (Arabic, Persian, …) stay as they
            // are: HTML ids may hold them, and browsers encode them in URLs.
            c if c.is_alphanumeric() => {
                out.push(c);
                dash = false;
                continue;
            }
            _ => {
                if !out.is_empty() && !dash {
                    out.push('-');
                    dash = true;
                }
                continue;
            }
        };
        out.push_str(mapped);
        dash = false;
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "avsnitt".into()
    } else {
        out
    }
}

/// Resolve a relative link from the folder of `from` into a report-relative
/// path, without touching the disk. `None` if it climbs out of the report.
pub fn resolve(from: &Path, link: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = from
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    // `\` separates like `/`, as browsers read it in http and file URLs:
    // writers on Windows type `bilder\karta.png`.
    let link = link.strip_prefix(['/', '\\']).map_or(link, |l| {
        parts = vec!["content".into()];
        l
    });
    walk(&mut parts, link.split(['/', '\\']))?;
    Some(parts.iter().collect())
}

/// Follow the segments of a relative path from the folder `parts` (its
/// segments from the root): `` and `.` stay, `..` climbs one folder, any
/// other segment enters it. `None` if it climbs past the root. The one
/// resolver of relative paths: source links ([`resolve`]), published
/// URLs (the exit gate) and links between combined pages use it.
pub fn walk<'a, S: From<&'a str>>(
    parts: &mut Vec<S>,
    segments: impl IntoIterator<Item = &'a str>,
) -> Option<()> {
    for seg in segments {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(S::from(s)),
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_links() {
        let f = Path::new("content/kartlaggning/fynd.yaml");
        assert_eq!(
            resolve(f, "statistik.md").unwrap(),
            PathBuf::from("content/kartlaggning/statistik.md")
        );
        assert_eq!(
            resolve(f, "../forberedelser/_index.md").unwrap(),
            PathBuf::from("content/forberedelser/_index.md")
        );
        assert_eq!(
            resolve(f, "/om.md").unwrap(),
            PathBuf::from("content/om.md")
        );
        assert!(resolve(f, "../../../x.md").is_none());
        assert_eq!(
            resolve(f, "..\\forberedelser\\_index.md").unwrap(),
            PathBuf::from("content/forberedelser/_index.md")
        );
        assert_eq!(
            resolve(f, "\\om.md").unwrap(),
            PathBuf::from("content/om.md")
        );
        assert!(resolve(f, "..\\..\\..\\x.md").is_none());
    }

    #[test]
    fn root_paths() {
        assert_eq!(path_to_root("index.html"), "");
        assert_eq!(path_to_root("a/b.html"), "../");
        assert_eq!(path_to_root("a/b/c.html"), "../../");
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative("index.html", "a/b.html"), "a/b.html");
        assert_eq!(relative("a/b.html", "a/c.html"), "c.html");
        assert_eq!(
            relative("a/b.html", "findings.html#f-1"),
            "../findings.html#f-1"
        );
        assert_eq!(relative("a/b.html", "x/y.html"), "../x/y.html");
        assert_eq!(relative("a/b.html", "a/b.html#h"), "#h");
        assert_eq!(relative("a/b.html", "a/b.html"), "b.html");
        assert_eq!(relative("a/b/c.html", "a/d.html"), "../../a/d.html");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Trygghet på torget!"), "trygghet-pa-torget");
        assert_eq!(slugify("Hälsa & öppenhet"), "halsa-oppenhet");
        assert_eq!(slugify("???"), "avsnitt");
        assert_eq!(slugify("مركز شباب"), "مركز-شباب");
    }
}
