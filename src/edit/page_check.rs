//! A page save checked as `build` checks it: the changed file read by
//! the loader (a page or a translation), the report checked in memory by
//! the build's checks, the links of a changed text checked as the render
//! checks them; each error with the field it is about.

use std::path::{Path, PathBuf};

use super::apply::{FieldError, Found, Refusal, Workspace, key};
use super::page::{self, BODY, PAGE_FIELDS, PageText, TRANSLATION_FIELDS};
use super::page_rewrite::top_segments;
use crate::error::Diagnostic;
use crate::model::{Audience, Report};
use crate::paths::CONTENT_DIR;

/// The field a line of the new text is in: a front matter key, or the
/// body.
fn field_at(text: &PageText, fields: &[page::PField], line: Option<u32>) -> Option<&'static str> {
    let line = line? as usize;
    if text.front.is_none() {
        return Some(BODY);
    }
    let close = text.close_line();
    if line > close {
        return Some(BODY);
    }
    if line < 2 || line == close {
        return None;
    }
    let lines = text.front_lines();
    let seg = top_segments(&lines)
        .into_iter()
        .rev()
        .find(|s| s.key_line < line - 1)?;
    fields.iter().find(|f| f.key == seg.key).map(|f| f.key)
}

/// The report with the page file `rel` read from `new_bytes` (as the
/// loader reads it), and the build's errors that were not there before;
/// the report when there are none.
pub(super) fn validate(
    ws: &Workspace,
    rel: &Path,
    new_bytes: &[u8],
    lang: Option<&str>,
    drafts: bool,
    body_changed: bool,
) -> Result<(Report, Found), Refusal> {
    let text = PageText::read(new_bytes).ok_or_else(|| {
        Refusal::Unreadable(
            rel.to_path_buf(),
            crate::msg!("edit.refuse.not-utf8").to_string(),
        )
    })?;
    let fields = if lang.is_some() {
        TRANSLATION_FIELDS
    } else {
        PAGE_FIELDS
    };
    let invalid = |ds: Vec<Diagnostic>| {
        Refusal::Invalid(
            ds.into_iter()
                .map(|d| FieldError {
                    field: if d.file == rel {
                        field_at(&text, fields, d.line)
                    } else {
                        None
                    },
                    diagnostic: d,
                })
                .collect(),
        )
    };
    let mut report = ws.report.clone();
    let old_links;
    let (body, body_line, url);
    if lang.is_some() {
        let (base, lang, t) = crate::load::load_translation(rel, new_bytes, &ws.settings)
            .map_err(|d| invalid(vec![d]))?;
        let p = report
            .pages
            .iter_mut()
            .find(|p| p.source == base)
            .ok_or(Refusal::NotFound)?;
        old_links = p
            .translations
            .get(&lang)
            .map(|o| (o.body.clone(), o.body_line));
        (body, body_line, url) = (t.body.clone(), t.body_line, format!("{lang}/{}", p.url));
        p.translations.insert(lang, t);
    } else {
        let in_content = rel.strip_prefix(CONTENT_DIR).unwrap_or(rel);
        let page = crate::load::load_page(rel, in_content, new_bytes, &ws.settings)
            .map_err(|d| invalid(vec![d]))?
            .ok_or(Refusal::NotFound)?;
        let before = report.pages.iter().position(|p| p.source == rel);
        let mut page = page;
        old_links = before.map(|i| (report.pages[i].body.clone(), report.pages[i].body_line));
        if let Some(i) = before {
            page.translations = report.pages.remove(i).translations;
        }
        (body, body_line, url) = (page.body.clone(), page.body_line, page.url.clone());
        if page.front.draft && !drafts {
            report.drafts.push(rel.to_path_buf());
        } else {
            let at = report.pages.partition_point(|p| p.source.as_path() < rel);
            report.pages.insert(at, page);
        }
    }
    let before = ws.known_errors();
    let after = crate::check::check(&report, &ws.settings, ws.audience);
    let mut new: Vec<Diagnostic> = after
        .errors()
        .filter(|d| !before.contains(&key(d)))
        .cloned()
        .collect();
    if body_changed {
        let old: Vec<_> = old_links
            .map(|(b, l)| link_errors(ws, &ws.report, rel, &b, l, &url))
            .unwrap_or_default()
            .iter()
            .map(key)
            .collect();
        new.extend(
            link_errors(ws, &report, rel, &body, body_line, &url)
                .into_iter()
                .filter(|d| !old.contains(&key(d))),
        );
    }
    if new.is_empty() {
        Ok((report, after.errors().map(key).collect()))
    } else {
        Err(invalid(new))
    }
}

/// What the build says of the links of a page's text (a link to a page
/// or file that does not exist, a file on the writer's own computer, an
/// image on another host).
fn link_errors(
    ws: &Workspace,
    report: &Report,
    rel: &Path,
    body: &str,
    body_line: u32,
    url: &str,
) -> Vec<Diagnostic> {
    use crate::render::markdown::{LinkTargets, MdSource, render};
    let public = ws.audience == Audience::Public;
    let mut targets = LinkTargets {
        allow_raw_html: ws.settings.config.build.allow_raw_html,
        ..LinkTargets::default()
    };
    for p in &report.pages {
        if public && p.audience == Audience::Internal {
            targets.hidden.insert(p.source.clone());
        } else {
            targets.pages.insert(p.source.clone(), p.url.clone());
        }
    }
    for ph in &ws.settings.model.phases {
        targets
            .pages
            .entry(PathBuf::from(format!("{CONTENT_DIR}/{}/_index.md", ph.id)))
            .or_insert_with(|| format!("{}/index.html", ph.id));
    }
    targets
        .pages
        .entry(PathBuf::from(format!("{CONTENT_DIR}/_index.md")))
        .or_insert_with(|| "index.html".into());
    targets.hidden.extend(report.drafts.iter().cloned());
    targets.assets = report.assets.iter().map(|a| a.url.clone()).collect();
    targets.generated = crate::paths::RESERVED_URLS
        .iter()
        .map(|u| (*u).to_string())
        .collect();
    let src = MdSource {
        file: rel,
        first_line: body_line,
        page_url: url,
        demote: true,
        charts: None,
    };
    render(body, src, &targets)
        .errors
        .into_iter()
        .filter(|d| {
            d.is_error() && matches!(d.kind, "broken-link" | "local-file-link" | "external-image")
        })
        .collect()
}
