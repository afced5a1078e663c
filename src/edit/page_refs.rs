//! What links to a page or refers to it (asked before deleting it):
//! Markdown links and images in other pages and translations, and what the
//! build's checks find once the page is gone.

use std::path::{Path, PathBuf};

use super::apply::{Workspace, key};
use super::page::{self, Target};
use crate::error::{Diagnostic, Pos, offset_to_pos};

/// The files a delete takes away: the page and its translations, or the
/// translation.
pub(super) fn files_gone(ws: &Workspace, target: &Target) -> Vec<PathBuf> {
    let Some(p) = page::page_at(&ws.report, target.url()) else {
        return Vec::new();
    };
    match target {
        Target::Page(_) => p
            .translations
            .values()
            .map(|t| t.source.clone())
            .chain(std::iter::once(p.source.clone()))
            .collect(),
        Target::Translation { lang, .. } => p
            .translations
            .get(lang)
            .map(|t| vec![t.source.clone()])
            .unwrap_or_default(),
    }
}

/// What refers to a page (or translation) being deleted: Markdown links
/// from other pages and translations, and what the build's checks find
/// once it is gone (an item's evidence link, for example).
pub fn references(ws: &Workspace, target: &Target) -> Vec<Diagnostic> {
    let gone = files_gone(ws, target);
    if gone.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for p in &ws.report.pages {
        let texts = std::iter::once((&p.source, &p.body, p.body_line)).chain(
            p.translations
                .values()
                .map(|t| (&t.source, &t.body, t.body_line)),
        );
        for (src, body, line) in texts {
            if gone.contains(src) {
                continue;
            }
            for (dest, at) in links_to(src, body, line, &gone) {
                out.push(
                    Diagnostic::error(
                        "broken-link",
                        src,
                        crate::msg!("edit.page.links-here", link = dest),
                    )
                    .at(Some(at)),
                );
            }
        }
    }
    let mut r = ws.report.clone();
    r.pages.retain(|p| !gone.contains(&p.source));
    for p in &mut r.pages {
        p.translations.retain(|_, t| !gone.contains(&t.source));
    }
    let before = ws.known_errors();
    out.extend(
        crate::check::check(&r, &ws.settings, ws.audience)
            .errors()
            .filter(|d| !before.contains(&key(d)))
            .cloned(),
    );
    out
}

/// The link destinations in a Markdown text that lead to one of `files`.
fn links_to(src: &Path, body: &str, first_line: u32, files: &[PathBuf]) -> Vec<(String, Pos)> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut out = Vec::new();
    for (ev, range) in Parser::new_ext(body, crate::render::markdown::options()).into_offset_iter()
    {
        let dest = match ev {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let d = dest.trim();
        if d.is_empty() || d.starts_with('#') || has_scheme(d) {
            continue;
        }
        let path = d.split('#').next().unwrap_or(d);
        let Some(mut target) = crate::links::resolve(src, path) else {
            continue;
        };
        if path.ends_with('/') || target.extension().is_none() {
            target.push("_index.md");
        }
        if files.contains(&target) {
            let p = offset_to_pos(body, range.start);
            out.push((d.to_string(), Pos::new(p.line + first_line - 1, p.column)));
        }
    }
    out
}

/// `https:`, `mailto:`, `C:`…: not a path of the report.
fn has_scheme(d: &str) -> bool {
    let Some(colon) = d.find(':') else {
        return false;
    };
    let s = &d[..colon];
    !s.is_empty()
        && colon < d.find('/').unwrap_or(usize::MAX)
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The index page of the section a page is in (`a/b.html` → `a/index.html`,
/// `a/index.html` → `index.html`).
pub fn section_of(url: &str) -> String {
    let dir = url.strip_suffix("/index.html").map_or_else(
        || url.rsplit_once('/').map_or("", |(d, _)| d),
        |d| d.rsplit_once('/').map_or("", |(d, _)| d),
    );
    if dir.is_empty() || url == "index.html" {
        "index.html".into()
    } else {
        format!("{dir}/index.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_of_a_page() {
        assert_eq!(section_of("a/b.html"), "a/index.html");
        assert_eq!(section_of("a/index.html"), "index.html");
        assert_eq!(section_of("a/b/index.html"), "a/index.html");
        assert_eq!(section_of("om.html"), "index.html");
        assert_eq!(section_of("index.html"), "index.html");
    }

    #[test]
    fn links_to_a_page_are_found_with_their_lines() {
        let gone = vec![
            PathBuf::from("content/a/b.md"),
            PathBuf::from("content/a/_index.md"),
        ];
        let body = "Se [b](b.md#x) och [c](c.md)\n\n![bild](https://e.org/b.md) [a](./)\n[web](https://x.org)";
        let found = links_to(Path::new("content/a/c.md"), body, 5, &gone);
        assert_eq!(
            found,
            vec![
                ("b.md#x".to_string(), Pos::new(5, 4)),
                ("./".to_string(), Pos::new(7, 29))
            ]
        );
    }
}
