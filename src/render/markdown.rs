//! Markdown to HTML: pulldown-cmark with links between pages rewritten to
//! relative `.html` links, anchors on headings, `javascript:` links
//! neutralised, and raw HTML cleaned (see `sanitize`) unless the report
//! allows it as written.

mod headings;
mod links;
mod nowrap;
mod sanitize;
mod tables;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::chart::{self, BlockSource, ChartEnv, PlacedChart, xref};
use crate::error::{Diagnostic, Pos, offset_to_pos};
use crate::render::search::PlainText;
use headings::{anchor_headings, safe_heading_attrs};
use links::rewrite;

/// What links may point at in this build.
#[derive(Debug, Default, Clone)]
pub struct LinkTargets {
    /// Source path (e.g. `content/a/b.md`) → site URL of every page in the build.
    pub pages: BTreeMap<PathBuf, String>,
    /// Pages that exist but are left out of this build (internal or draft).
    pub hidden: BTreeSet<PathBuf>,
    /// Site URLs of copied assets.
    pub assets: BTreeSet<String>,
    /// Site URLs of pages the generator makes (findings.html, …).
    pub generated: BTreeSet<String>,
    /// Keep raw HTML and heading attributes as written (trusted teams);
    /// otherwise they are cleaned.
    pub allow_raw_html: bool,
}

/// Where a piece of Markdown comes from and where it is shown.
#[derive(Debug, Clone, Copy)]
pub struct MdSource<'a> {
    pub file: &'a Path,
    /// Line of the first line of `text` in `file`.
    pub first_line: u32,
    /// Site URL of the page the HTML goes into.
    pub page_url: &'a str,
    /// Shift headings down one level (the page template prints the h1).
    pub demote: bool,
    /// Where ` ```chart ` blocks find their data; `None` where charts
    /// are not allowed (item texts).
    pub charts: Option<&'a ChartEnv<'a>>,
}

/// Rendered HTML plus what was found on the way: broken links (errors),
/// images without alt text (warnings) and links to anchors, which are
/// verified once every page is rendered.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub errors: Vec<Diagnostic>,
    pub anchors: Vec<AnchorRef>,
    /// The charts drawn, with their CSV downloads.
    pub charts: Vec<PlacedChart>,
    /// The text as plain text (for the search index), without the YAML of
    /// ` ```chart ` blocks.
    pub text: String,
}

/// A link to `url#anchor`, to be checked against the rendered target page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorRef {
    pub file: PathBuf,
    pub pos: Pos,
    /// Site URL of the target page.
    pub url: String,
    pub anchor: String,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Render `text` as HTML for the page `src.page_url`.
pub fn render(text: &str, src: MdSource<'_>, targets: &LinkTargets) -> Rendered {
    let clean_html = !targets.allow_raw_html;
    // The placeholder character of `sanitize` must not come from the text;
    // U+FFFD has the same length in UTF-8, so positions stay right.
    let text: Cow<'_, str> = if clean_html && text.contains(sanitize::MARK) {
        Cow::Owned(text.replace(sanitize::MARK, "\u{FFFD}"))
    } else {
        Cow::Borrowed(text)
    };
    let text = text.as_ref();
    let mut out = Rendered::default();
    // Raw HTML pieces, in order, each replaced by a `sanitize::MARK` event,
    // and the position of the first.
    let mut raws: Vec<CowStr<'_>> = Vec::new();
    let mut first_raw: Option<Pos> = None;
    let mut events: Vec<Event<'_>> = Vec::new();
    // Position and alt text length of the image being read, if any.
    let mut image: Option<(Pos, usize)> = None;
    // ` ```chart ` blocks: (index of their placeholder event, source).
    let mut chart_blocks: Vec<(usize, BlockSource)> = Vec::new();
    let mut in_chart: Option<BlockSource> = None;
    let mut plain = PlainText::with_capacity(text.len());
    for (ev, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if let Some(block) = &mut in_chart {
            match ev {
                Event::Text(t) => block.yaml.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(b) = in_chart.take() {
                        chart_blocks.push((events.len(), b));
                    }
                    events.push(Event::Html(CowStr::Borrowed("")));
                }
                _ => {}
            }
            continue;
        }
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &ev
            && info.split_whitespace().next() == Some("chart")
        {
            in_chart = Some(BlockSource {
                yaml: String::new(),
                fence_line: offset_to_pos(text, range.start).line + src.first_line - 1,
            });
            continue;
        }
        plain.event(&ev);
        let at = || {
            let p = offset_to_pos(text, range.start);
            Pos::new(p.line + src.first_line - 1, p.column)
        };
        let ev = match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite(&dest_url, false, src, targets, at, &mut out);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image = Some((at(), 0));
                let dest_url = rewrite(&dest_url, true, src, targets, at, &mut out);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Text(t) => {
                if let Some((_, n)) = &mut image {
                    *n += t.trim().len();
                }
                Event::Text(t)
            }
            Event::End(TagEnd::Image) => {
                if let Some((pos, 0)) = image.take() {
                    out.errors.push(
                        Diagnostic::warning(
                            "missing-alt",
                            src.file,
                            crate::msg!("markdown.an-image-has-no-alt"),
                        )
                        .at(Some(pos))
                        .hint(crate::msg!("markdown.describe-the-image-between-the")),
                    );
                }
                Event::End(TagEnd::Image)
            }
            // HTML inside an image's alt text is written as escaped text
            // either way.
            Event::InlineHtml(h) if image.is_some() => {
                if let Some((_, n)) = &mut image {
                    *n += h.trim().len();
                }
                Event::Text(h)
            }
            Event::Html(h) | Event::InlineHtml(h) if clean_html => {
                let pos_of = |off: usize| {
                    let exact = text.get(range.start..range.start + h.len()) == Some(&*h);
                    let p = offset_to_pos(text, range.start + if exact { off } else { 0 });
                    Pos::new(p.line + src.first_line - 1, p.column)
                };
                first_raw.get_or_insert_with(|| pos_of(0));
                warn_removed(&h, src.file, pos_of, &mut out.errors);
                // The writer tracks whether it stands at a line start: a
                // piece ending in a line break leaves the break outside.
                match h.strip_suffix('\n') {
                    Some(body) => {
                        raws.push(CowStr::from(body.to_string()));
                        Event::Html(CowStr::Borrowed(sanitize::MARK_NL))
                    }
                    None => {
                        raws.push(h);
                        Event::Html(CowStr::Borrowed(sanitize::MARK_STR))
                    }
                }
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) if clean_html && !attrs.is_empty() => {
                let attrs = safe_heading_attrs(attrs, src.file, at(), &mut out.errors);
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            other => other,
        };
        events.push(ev);
    }
    match src.charts {
        Some(env) if !chart_blocks.is_empty() || text.contains("@fig-") => {
            let blocks: Vec<BlockSource> = chart_blocks.iter().map(|(_, b)| b.clone()).collect();
            let page = chart::render_page(env, src.file, src.page_url, &blocks);
            for ((i, _), html) in chart_blocks.iter().zip(page.html) {
                events[*i] = Event::Html(CowStr::from(html));
            }
            let chart_failed = !page.errors.is_empty();
            out.errors.extend(page.errors);
            let refs = xref::link_figures(&mut events, &page.numbers, &env.t("figure"));
            if !chart_failed {
                out.errors.extend(xref::unknown_figures(
                    text,
                    src.file,
                    src.first_line,
                    &refs,
                    &page.numbers,
                ));
            }
            out.charts = page.charts;
        }
        None => {
            for (_, b) in &chart_blocks {
                out.errors.push(
                    Diagnostic::error(
                        "chart",
                        src.file,
                        crate::msg!("markdown.charts-can-be-drawn-in"),
                    )
                    .at(Some(Pos::new(b.fence_line, 1)))
                    .hint(crate::msg!("markdown.put-the-chart-on-a")),
                );
            }
        }
        _ => {}
    }
    out.text = plain.finish();
    anchor_headings(&mut events, src.demote);
    let events = nowrap::wrap(tables::wrap(events));
    out.html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    tables::fill_empty_headers(&mut out.html);
    if !raws.is_empty() {
        let warn = |message: &str| {
            Diagnostic::warning("unsafe-html", src.file, message)
                .at(first_raw)
                .hint(CLEAN_HINT)
        };
        match sanitize::clean(&out.html, &raws) {
            Some(c) => {
                out.html = c.html;
                if c.swallowed {
                    out.errors.push(warn(
                        "part of this page is left out: it is inside HTML that is removed \
                         (an unclosed <script>, <style>, comment or tag?)",
                    ));
                }
            }
            None => {
                out.html.retain(|c| c != sanitize::MARK);
                out.errors.push(warn(
                    "the HTML on this page is left out: the page holds the reserved character U+FDD0",
                ));
            }
        }
    }
    out
}

const CLEAN_HINT: &str = "HTML in Markdown is cleaned: tables, details, abbr, figure, img, links \
     and span/div with a class stay; scripts, styles, event handlers, iframes and forms go. \
     A trusted team can keep HTML as written with allow_raw_html = true under [build] in book.toml";

/// Warn about the first element and the first event handler in a piece of
/// raw HTML that cleaning removes.
fn warn_removed(
    raw: &str,
    file: &Path,
    pos_of: impl Fn(usize) -> Pos,
    errors: &mut Vec<Diagnostic>,
) {
    let mut warn = |off: usize, message: String| {
        errors.push(
            Diagnostic::warning("unsafe-html", file, message)
                .at(Some(pos_of(off)))
                .hint(CLEAN_HINT),
        );
    };
    if let Some((off, tag)) = sanitize::first_removed_tag(raw) {
        warn(off, format!("<{tag}> is removed from the page"));
    }
    if let Some((off, attr)) = sanitize::first_handler(raw) {
        warn(
            off,
            format!("the event handler {attr}= is removed from the page"),
        );
    }
    if let Some((off, scheme)) = sanitize::first_script_url(raw) {
        warn(off, format!("a {scheme}: address is removed from the page"));
    }
}

#[cfg(test)]
mod tests;
