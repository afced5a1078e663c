//! The page bar of the preview (`serve --edit` only; a built site never
//! has it): "Edit page" on every page made from a Markdown file of the
//! report or from a translation of one, "New page in this section" on a
//! section's index page, and a link to every page.

use std::path::{Path, PathBuf};

use crate::edit::form::{esc, seg};
use crate::edit::page_form::{NEW_PAGE_PATH, PAGE_PATH, PAGES_PATH, TRANSLATION_PATH, url_path};
use crate::edit::page_strings::pt;
use crate::paths::CONTENT_DIR;

fn is_file(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_file())
}

/// The folder of a site URL under `content/` and its file name.
fn split(url: &str) -> (PathBuf, &str) {
    let (dirs, last) = url.rsplit_once('/').unwrap_or(("", url));
    let mut dir = PathBuf::from(CONTENT_DIR);
    for d in dirs.split('/').filter(|d| !d.is_empty()) {
        dir.push(d);
    }
    (dir, last)
}

/// The Markdown files a page URL may come from, as `load` names pages.
fn page_files(url: &str) -> Vec<PathBuf> {
    let (dir, last) = split(url);
    match last {
        "index.html" => vec![dir.join("_index.md"), dir.join("index.md")],
        name => name
            .strip_suffix(".html")
            .map(|s| vec![dir.join(format!("{s}.md"))])
            .unwrap_or_default(),
    }
}

/// Where the form of the page at `url` is: the page's own, or its
/// translation's (`ar/x.html` from `content/x.ar.md`). Found with a file
/// lookup or two, so a page view needs no report loaded.
fn form_of(root: &Path, url: &str) -> Option<String> {
    if page_files(url).iter().any(|f| is_file(&root.join(f))) {
        return Some(format!("{PAGE_PATH}{}", url_path(url)));
    }
    let (lang, rest) = url.split_once('/')?;
    let code = lang.len() <= 8 && lang.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    if !code {
        return None;
    }
    page_files(rest).into_iter().find_map(|f| {
        let stem = f.file_stem()?.to_string_lossy().to_string();
        is_file(&root.join(f.with_file_name(format!("{stem}.{lang}.md"))))
            .then(|| format!("{TRANSLATION_PATH}{}/{}", seg(lang), url_path(rest)))
    })
}

/// The page with the bar after `<main …>`, when it has something to edit.
pub fn add_page_links(html: &[u8], url: &str, lang: &str, root: &Path) -> Vec<u8> {
    let edit = form_of(root, url);
    let section = url.ends_with("index.html") && {
        let (dir, _) = split(url);
        std::fs::symlink_metadata(root.join(dir)).is_ok_and(|m| m.is_dir())
    };
    let Ok(text) = std::str::from_utf8(html) else {
        return html.to_vec();
    };
    if edit.is_none() && !section {
        return html.to_vec();
    }
    let Some(close) = text
        .find("<main")
        .and_then(|m| text[m..].find('>').map(|e| m + e + 1))
    else {
        return html.to_vec();
    };
    let from = seg(url).replace("%2F", "/");
    let mut links = Vec::new();
    if let Some(e) = edit {
        links.push(format!(
            "<a href=\"{}?from={from}\">{}</a>",
            esc(&e),
            esc(pt(lang, "edit_page"))
        ));
    }
    if section {
        links.push(format!(
            "<a href=\"{NEW_PAGE_PATH}{}?from={from}\">{}</a>",
            url_path(url),
            esc(pt(lang, "new_page"))
        ));
    }
    links.push(format!(
        "<a href=\"{PAGES_PATH}?from={from}\">{}</a>",
        esc(pt(lang, "pages"))
    ));
    let bar = format!(
        "<nav class=\"ks-edit-page\" aria-label=\"{}\" style=\"margin:0 0 1rem;padding:.5rem;border:2px dashed currentColor\">{}</nav>",
        esc(pt(lang, "page_tools")),
        links.join(" · ")
    );
    let mut out = String::with_capacity(text.len() + bar.len());
    out.push_str(&text[..close]);
    out.push_str(&bar);
    out.push_str(&text[close..]);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_from_files_get_the_bar() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        std::fs::write(root.join("content/a/b.md"), "x").unwrap();
        std::fs::write(root.join("content/a/b.ar.md"), "x").unwrap();
        std::fs::write(root.join("content/_index.md"), "x").unwrap();
        let page = "<body><main id=\"main\" tabindex=\"-1\"><h1>B</h1></main></body>";
        let out = |url: &str| {
            String::from_utf8(add_page_links(page.as_bytes(), url, "sv", root)).unwrap()
        };
        let b = out("a/b.html");
        assert!(
            b.contains(
                "<main id=\"main\" tabindex=\"-1\"><nav class=\"ks-edit-page\" aria-label=\"Sidan\""
            ),
            "{b}"
        );
        assert!(
            b.contains("<a href=\"/__kartsite/page/a/b.html?from=a/b.html\">Ändra sidan</a>"),
            "{b}"
        );
        assert!(!b.contains("new-page"), "{b}");
        let ar = out("ar/a/b.html");
        assert!(
            ar.contains("href=\"/__kartsite/translation/ar/a/b.html?from=ar/a/b.html\""),
            "{ar}"
        );
        // A section without its own page file still takes new pages.
        let a = out("a/index.html");
        assert!(!a.contains("/__kartsite/page/"), "{a}");
        assert!(a.contains("href=\"/__kartsite/new-page/a/index.html?from=a/index.html\">Ny sida i det här avsnittet</a>"), "{a}");
        let home = out("index.html");
        assert!(
            home.contains("/__kartsite/page/index.html")
                && home.contains("/__kartsite/new-page/index.html"),
            "{home}"
        );
        assert_eq!(out("findings.html"), page);
        assert_eq!(out("c/d.html"), page);
    }
}
