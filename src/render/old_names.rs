//! Generated pages that had Swedish file names in earlier versions
//! (`tillganglighet.html`, `arshjul.html`, `omvarld.html`) now have
//! language-neutral ones. A link someone saved to an old name still
//! works: the old name is a small page with a link to the new one
//! (relative, `noindex`; no automatic refresh, which the exit gate and
//! the XSS tests treat as a way to send readers elsewhere).

use super::OutFile;
use crate::paths::OLD_NAMES;

/// The pages at the old names whose new page is among `made` (the URLs
/// this render makes); `title` gives a page's title, `skip_link` the
/// skip link's text, in the site language
/// (`lang`).
pub(super) fn redirects(
    made: &[&str],
    lang: &str,
    site_title: &str,
    skip_link: &str,
    title: impl Fn(&str) -> String,
) -> Vec<OutFile> {
    OLD_NAMES
        .iter()
        .filter(|(_, new)| made.contains(new))
        .map(|(old, new)| {
            let words = Words {
                lang,
                site_title,
                title: &title(new),
                skip_link,
            };
            OutFile {
                url: (*old).to_string(),
                bytes: page(new, &words).into_bytes(),
            }
        })
        .collect()
}

/// What the page says, in the site's language.
struct Words<'a> {
    lang: &'a str,
    site_title: &'a str,
    /// The new page's title.
    title: &'a str,
    skip_link: &'a str,
}

/// A plain page with one link, in the site's style, with the skip link
/// every page has: no refresh, no script (nothing a built site does not
/// otherwise have).
fn page(new: &str, w: &Words<'_>) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let (lang, site_title, title, skip) = (
        esc(w.lang),
        esc(w.site_title),
        esc(w.title),
        esc(w.skip_link),
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <title>{title} – {site_title}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n\
         </head>\n<body>\n<a class=\"skip-link\" href=\"#main\">{skip}</a>\n\
         <main id=\"main\" tabindex=\"-1\">\n<h1>{site_title}</h1>\n\
         <p><a href=\"{new}\">{title}</a></p>\n</main>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_name_points_at_its_new_page_relatively() {
        let files = redirects(&["accessibility.html"], "sv", "Rapport", "Hoppa", |_| {
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
