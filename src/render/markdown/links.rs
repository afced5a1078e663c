//! Links: rewrite each link destination of a page to a relative path in
//! the built site, or report it broken.

use std::path::Path;

use pulldown_cmark::CowStr;

use super::{AnchorRef, LinkTargets, MdSource, Rendered};
use crate::error::{Diagnostic, Pos};
use crate::links::{relative, resolve};

/// Rewrite one link destination; record an error when it points nowhere.
pub(super) fn rewrite<'e>(
    dest: &CowStr<'e>,
    is_image: bool,
    src: MdSource<'_>,
    targets: &LinkTargets,
    at: impl Fn() -> Pos,
    out: &mut Rendered,
) -> CowStr<'e> {
    let errors = &mut out.errors;
    let d = dest.trim();
    if d.is_empty() {
        return dest.clone();
    }
    if let Some(anchor) = d.strip_prefix('#') {
        out.anchors.push(AnchorRef {
            file: src.file.to_path_buf(),
            pos: at(),
            url: src.page_url.to_string(),
            anchor: anchor.to_string(),
        });
        return dest.clone();
    }
    // Browsers drop tabs and line breaks anywhere in a URL and control
    // characters and spaces before it: `java\tscript:` is `javascript:`.
    let squeezed: String = d
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if let Some(scheme) = scheme(squeezed.trim_start_matches(|c: char| c <= ' '))
        && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
    {
        errors.push(
            Diagnostic::warning(
                "unsafe-link",
                src.file,
                crate::msg!("links.a-link-is-removed", scheme = scheme.to_string()),
            )
            .at(Some(at()))
            .hint(crate::msg!("links.link-to-a-page-a")),
        );
        return CowStr::Borrowed("#");
    }
    if let Some(s) = scheme(d)
        && (s.len() == 1 || s == "file")
    {
        // `C:\Users\…\karta.png`, `file:///H:/…`: a file on the writer's
        // own computer, which no reader can open.
        errors.push(
            Diagnostic::error(
                "local-file-link",
                src.file,
                crate::msg!("links.is-a-file-on-this", d = d.to_string()),
            )
            .at(Some(at()))
            .hint(crate::msg!("links.copy-the-file-into-content")),
        );
        return dest.clone();
    }
    if scheme(d).is_some() {
        if is_image {
            errors.push(
                Diagnostic::error(
                    "external-image",
                    src.file,
                    crate::msg!("links.the-image-is-on-another", d = d.to_string()),
                )
                .at(Some(at()))
                .hint(crate::msg!("links.a-built-page-makes-no")),
            );
        }
        return dest.clone();
    }
    let (path, anchor) = d.split_once('#').map_or((d, None), |(p, a)| (p, Some(a)));
    let Some(mut target) = resolve(src.file, path) else {
        errors.push(broken(src.file, d, at(), crate::msg!("links.climbs-out")));
        return dest.clone();
    };
    let with_anchor = |url: &str| match anchor {
        Some(a) => format!("{url}#{a}"),
        None => url.to_string(),
    };
    if path.ends_with('/') || target.extension().is_none() {
        target.push("_index.md");
    }
    if target.extension().is_some_and(|e| e == "md") {
        if let Some(url) = targets.pages.get(&target) {
            if let Some(a) = anchor {
                out.anchors.push(AnchorRef {
                    file: src.file.to_path_buf(),
                    pos: at(),
                    url: url.clone(),
                    anchor: a.to_string(),
                });
            }
            return CowStr::from(relative(src.page_url, &with_anchor(url)));
        }
        let why = if targets.hidden.contains(&target) {
            crate::msg!("links.hidden-page")
        } else {
            crate::msg!("links.no-such-page")
        };
        errors.push(broken(src.file, d, at(), why));
        return dest.clone();
    }
    let asset = target.strip_prefix("content").ok().map(|p| {
        p.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    });
    match asset {
        Some(a) if targets.assets.contains(&a) || targets.generated.contains(&a) => {
            if let (Some(anchor), true) = (anchor, a.ends_with(".html")) {
                out.anchors.push(AnchorRef {
                    file: src.file.to_path_buf(),
                    pos: at(),
                    url: a.clone(),
                    anchor: anchor.to_string(),
                });
            }
            CowStr::from(relative(src.page_url, &with_anchor(&a)))
        }
        _ => {
            errors.push(broken(src.file, d, at(), crate::msg!("links.no-such-file")));
            dest.clone()
        }
    }
}

pub(super) fn broken(file: &Path, dest: &str, at: Pos, why: crate::messages::Msg) -> Diagnostic {
    Diagnostic::error(
        "broken-link",
        file,
        crate::msg!("links.broken-link", dest = dest.to_string(), why = why),
    )
    .at(Some(at))
    .hint(crate::msg!("links.link-to-another-page-with"))
}

/// The URL scheme of `d` (`https`, `mailto`, …), lowercased, if it has one.
pub(super) fn scheme(d: &str) -> Option<String> {
    let colon = d.find(':')?;
    let s = &d[..colon];
    let slash = d.find('/').unwrap_or(usize::MAX);
    (colon < slash
        && !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| s.to_ascii_lowercase())
}
