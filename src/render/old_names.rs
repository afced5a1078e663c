//! Generated pages that had Swedish file names in earlier versions
//! (`tillganglighet.html`, `arshjul.html`, `omvarld.html`) now have
//! language-neutral ones. A link someone saved to an old name still
//! works: the old name is a small page with a link to the new one
//! (relative, `noindex`; no automatic refresh, which the exit gate and
//! the XSS tests treat as a way to send readers elsewhere).

use super::OutFile;
use crate::paths::OLD_NAMES;

/// The pages at the old names whose new page is among `made` (the URLs
/// this render makes); `title` gives a page's title in the site language
/// (`lang`).
pub(super) fn redirects(
    made: &[&str],
    lang: &str,
    site_title: &str,
    title: impl Fn(&str) -> String,
) -> Vec<OutFile> {
    OLD_NAMES
        .iter()
        .filter(|(_, new)| made.contains(new))
        .map(|(old, new)| OutFile {
            url: (*old).to_string(),
            bytes: page(new, lang, site_title, &title(new)).into_bytes(),
        })
        .collect()
}

/// A plain page with one link: no refresh, no script (nothing a built
/// site does not otherwise have).
fn page(new: &str, lang: &str, site_title: &str, title: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let (lang, site_title, title) = (esc(lang), esc(site_title), esc(title));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <title>{title} – {site_title}</title>\n</head>\n<body>\n\
         <main>\n<h1>{site_title}</h1>\n<p><a href=\"{new}\">{title}</a></p>\n</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_name_points_at_its_new_page_relatively() {
        let files = redirects(&["accessibility.html"], "sv", "Rapport", |_| {
            "Tillgänglighetsredogörelse".into()
        });
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].url, "tillganglighet.html");
        let html = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(!html.contains("refresh"), "{html}");
        assert!(html.contains("<a href=\"accessibility.html\">Tillgänglighetsredogörelse</a>"));
        assert!(html.contains("<html lang=\"sv\">"));
    }
}
