//! Markdown to HTML: pulldown-cmark with links between pages rewritten to
//! relative `.html` links, anchors on headings, `javascript:` links
//! neutralised, and raw HTML cleaned (see `sanitize`) unless the report
//! allows it as written.

mod nowrap;
mod sanitize;
mod tables;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::chart::{self, BlockSource, ChartEnv, PlacedChart, xref};
use crate::error::{Diagnostic, Pos, offset_to_pos};
use crate::links::{relative, resolve, slugify};
use crate::render::search::PlainText;

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
                        Diagnostic::warning("missing-alt", src.file, "an image has no alt text")
                            .at(Some(pos))
                            .hint("describe the image between the brackets: ![Karta över området](karta.png)"),
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
                    Diagnostic::error("chart", src.file, "charts can be drawn in pages only")
                        .at(Some(Pos::new(b.fence_line, 1)))
                        .hint("put the chart on a page and link to it from here"),
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

/// Attributes a heading may carry (`# Title {lang=en}`); any other, such
/// as `onclick`, is dropped with a warning.
fn safe_heading_attrs<'e>(
    attrs: Vec<(CowStr<'e>, Option<CowStr<'e>>)>,
    file: &Path,
    at: Pos,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(CowStr<'e>, Option<CowStr<'e>>)> {
    attrs
        .into_iter()
        .filter(|(name, _)| {
            let ok = matches!(name.to_ascii_lowercase().as_str(), "lang" | "dir" | "title");
            if !ok {
                errors.push(
                    Diagnostic::warning(
                        "unsafe-html",
                        file,
                        format!("the heading attribute {name} is removed"),
                    )
                    .at(Some(at))
                    .hint("a heading may have {#id}, {.class}, lang, dir and title"),
                );
            }
            ok
        })
        .collect()
}

/// Rewrite one link destination; record an error when it points nowhere.
fn rewrite<'e>(
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
                format!("a {scheme}: link is removed"),
            )
            .at(Some(at()))
            .hint("link to a page, a file under content/ or a web address instead"),
        );
        return CowStr::Borrowed("#");
    }
    if let Some(s) = scheme(d)
        && (s.len() == 1 || s == "file")
    {
        // `C:\Users\…\karta.png`, `file:///H:/…`: a file on the writer's
        // own computer, which no reader can open.
        errors.push(
            Diagnostic::error("local-file-link", src.file, format!("\"{d}\" is a file on this computer, which readers of the site cannot open"))
                .at(Some(at()))
                .hint("copy the file into content/ (for example next to this page) and link to it by its name, like [map](karta.png)"),
        );
        return dest.clone();
    }
    if scheme(d).is_some() {
        if is_image {
            errors.push(
                Diagnostic::error("external-image", src.file, format!("the image \"{d}\" is on another host"))
                    .at(Some(at()))
                    .hint("a built page makes no request to other hosts: save the image under content/ and link to the file"),
            );
        }
        return dest.clone();
    }
    let (path, anchor) = d.split_once('#').map_or((d, None), |(p, a)| (p, Some(a)));
    let Some(mut target) = resolve(src.file, path) else {
        errors.push(broken(
            src.file,
            d,
            at(),
            "the link climbs out of the report folder",
        ));
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
            "that page is internal or a draft, so it is not part of this build"
        } else {
            "no such page"
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
            errors.push(broken(src.file, d, at(), "no such file under content/"));
            dest.clone()
        }
    }
}

fn broken(file: &Path, dest: &str, at: Pos, why: &str) -> Diagnostic {
    Diagnostic::error(
        "broken-link",
        file,
        format!("broken link \"{dest}\": {why}"),
    )
    .at(Some(at))
    .hint(
        "link to another page with a path relative to this file, e.g. ../kartlaggning/statistik.md",
    )
}

/// The URL scheme of `d` (`https`, `mailto`, …), lowercased, if it has one.
fn scheme(d: &str) -> Option<String> {
    let colon = d.find(':')?;
    let s = &d[..colon];
    let slash = d.find('/').unwrap_or(usize::MAX);
    (colon < slash
        && !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| s.to_ascii_lowercase())
}

/// Give every heading an id (from its text, unique on the page) and shift
/// the levels down one when `demote`.
fn anchor_headings(events: &mut [Event<'_>], demote: bool) {
    // Only shift when the text uses `#` (h1): the page title is the h1, so
    // `## Avsnitt` stays an h2.
    let demote = demote
        && events.iter().any(|e| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        });
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            if let Event::Start(Tag::Heading { level, id, .. }) = &mut events[i] {
                if id.is_none() {
                    let base = slugify(&text);
                    let n = seen.entry(base.clone()).or_insert(0);
                    *n += 1;
                    let slug = if *n == 1 { base } else { format!("{base}-{n}") };
                    *id = Some(CowStr::from(slug));
                }
                if demote {
                    *level = lower(*level);
                }
            }
            if demote && let Some(Event::End(TagEnd::Heading(level))) = events.get_mut(j) {
                *level = lower(*level);
            }
            i = j;
        }
        i += 1;
    }
}

fn lower(l: HeadingLevel) -> HeadingLevel {
    match l {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Severity;

    fn targets() -> LinkTargets {
        let mut t = LinkTargets::default();
        t.pages.insert("content/a/b.md".into(), "a/b.html".into());
        t.pages
            .insert("content/a/_index.md".into(), "a/index.html".into());
        t.hidden.insert("content/a/hemlig.md".into());
        t.assets.insert("a/karta.png".into());
        t.generated.insert("findings.html".into());
        t
    }

    fn md(text: &str) -> Rendered {
        md_with(text, &targets())
    }

    fn md_with(text: &str, targets: &LinkTargets) -> Rendered {
        let src = MdSource {
            file: Path::new("content/c/d.md"),
            first_line: 5,
            page_url: "c/d.html",
            demote: true,
            charts: None,
        };
        render(text, src, targets)
    }

    fn trusted() -> LinkTargets {
        LinkTargets {
            allow_raw_html: true,
            ..targets()
        }
    }

    #[test]
    fn page_links_become_relative_html() {
        let r = md("[x](../a/b.md#del) [y](../a/) ![k](../a/karta.png)");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert!(r.html.contains(r#"href="../a/b.html#del""#), "{}", r.html);
        assert!(r.html.contains(r#"href="../a/index.html""#), "{}", r.html);
        assert!(r.html.contains(r#"src="../a/karta.png""#), "{}", r.html);
    }

    #[test]
    fn generated_pages_can_be_linked_and_their_anchors_are_checked_later() {
        let r = md("[Alla fynd](../findings.html#f-1)");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert!(
            r.html.contains(r#"href="../findings.html#f-1""#),
            "{}",
            r.html
        );
        assert_eq!(r.anchors.len(), 1);
        assert_eq!(
            (r.anchors[0].url.as_str(), r.anchors[0].anchor.as_str()),
            ("findings.html", "f-1")
        );
    }

    #[test]
    fn sections_written_as_h2_stay_h2() {
        let r = md("## Avsnitt\n\n### Del\n");
        assert!(r.html.contains(r#"<h2 id="avsnitt">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h3 id="del">"#), "{}", r.html);
    }

    #[test]
    fn broken_links_are_located() {
        let r = md("text\n\n[x](../a/saknas.md) [h](../a/hemlig.md)");
        assert_eq!(r.errors.len(), 2);
        assert_eq!(r.errors[0].line, Some(7));
        assert_eq!(r.errors[0].column, Some(1));
        assert!(r.errors[1].message.contains("internal"));
    }

    #[test]
    fn raw_html_is_cleaned_and_js_links_neutralised_with_located_warnings() {
        let r =
            md("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=\"x()\">b</b>");
        assert_eq!(r.html, "\n<p><a href=\"#\">x</a> <b>b</b></p>\n");
        let found: Vec<_> = r
            .errors
            .iter()
            .map(|e| (e.severity, e.kind, e.line, e.column))
            .collect();
        assert_eq!(
            found,
            [
                (Severity::Warning, "unsafe-html", Some(5), Some(1)),
                (Severity::Warning, "unsafe-link", Some(7), Some(1)),
                (Severity::Warning, "unsafe-html", Some(7), Some(29)),
            ]
        );
    }

    #[test]
    fn links_hiding_a_script_scheme_are_caught() {
        for dest in [
            "<java\tscript:alert(1)>",
            "<\u{1}javascript:alert(1)>",
            "JaVaScRiPt:alert(1)",
            "&#106;avascript:alert(1)",
            "java&#x09;script:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
        ] {
            let r = md(&format!("[x]({dest}) ![y]({dest})"));
            assert!(
                !r.html.to_ascii_lowercase().contains("script:") && !r.html.contains("data:"),
                "{dest}: {}",
                r.html
            );
            assert_eq!(r.errors.len(), 2, "{dest}: {:?}", r.errors);
            assert!(r.errors.iter().all(|e| e.kind == "unsafe-link"), "{dest}");
        }
    }

    #[test]
    fn allowed_html_is_kept_as_written_around_markdown() {
        let r = md(
            "<details>\n<summary>Mer</summary>\n\nText med <abbr title=\"Statistiska centralbyrån\">SCB</abbr>.\n\n</details>\n\n| a |\n|---|\n| <sup>1</sup> |\n",
        );
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(
            r.html,
            "<details>\n<summary>Mer</summary>\n<p>Text med <abbr title=\"Statistiska centralbyrån\">SCB</abbr>.</p>\n</details>\n<div class=\"table-scroll\" role=\"group\" tabindex=\"0\" aria-label=\"a\">\n<table><thead><tr><th>a</th></tr></thead><tbody>\n<tr><td><sup>1</sup></td></tr>\n</tbody></table>\n</div>\n"
        );
    }

    #[test]
    fn pages_without_html_are_rendered_as_before() {
        let text = "# Titel\n\nText *med* [länk](../a/b.md) och `kod`.\n\n- punkt\n";
        assert_eq!(md(text).html, md_with(text, &trusted()).html);
    }

    #[test]
    fn allow_raw_html_keeps_html_as_written() {
        let r = md_with(
            "<video controls src=\"film.mp4\"></video>\n\n# T {data-x=1}\n",
            &trusted(),
        );
        assert!(
            r.html.contains("<video controls src=\"film.mp4\"></video>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("data-x=\"1\""), "{}", r.html);
        assert!(r.errors.is_empty());
    }

    #[test]
    fn heading_attributes_other_than_lang_dir_title_go() {
        let r = md("## Rubrik {#r .c lang=en onclick=alert(1) style=x}\n");
        assert_eq!(r.html, "<h2 id=\"r\" class=\"c\" lang=\"en\">Rubrik</h2>\n");
        assert_eq!(r.errors.len(), 2);
    }

    #[test]
    fn the_placeholder_character_in_the_text_changes_nothing() {
        let r = md("a \u{FDD0}0\u{FDD1} <b>b</b> \u{FDD0}");
        assert_eq!(r.html, "<p>a \u{FFFD}0\u{FDD1} <b>b</b> \u{FFFD}</p>\n");
        assert!(r.errors.is_empty());
    }

    #[test]
    fn text_swallowed_by_an_unclosed_script_is_reported() {
        let r = md("Hej <script> alert(1)\n\nMer text.\n");
        assert!(!r.html.contains("alert"), "{}", r.html);
        assert!(
            r.errors.iter().any(|e| e.message.contains("left out")),
            "{:?}",
            r.errors
        );
    }

    /// From the `markdown` fuzz target: raw HTML with a script link inside
    /// a heading stays text, however it is cut off.
    #[test]
    fn raw_script_link_in_a_heading_stays_text() {
        let r = md("# Plats där många o<A href=\"javascript:de boende](../a/b.md) Se [f---|\n");
        let lower = r.html.to_ascii_lowercase();
        assert!(!lower.contains("<a href=\"javascript"), "{}", r.html);
        assert!(r.html.contains("&lt;A href="), "{}", r.html);
    }

    #[test]
    fn headings_get_ids_and_are_demoted() {
        let r = md("# Trygghet\n\n## Trygghet\n");
        assert!(r.html.contains(r#"<h2 id="trygghet">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h3 id="trygghet-2">"#), "{}", r.html);
    }

    #[test]
    fn external_links_untouched() {
        let r = md("[SCB](https://www.scb.se) [mejl](mailto:a@b.se)");
        assert!(r.errors.is_empty());
        assert!(r.html.contains("https://www.scb.se"));
        let r = md("![karta](https://example.org/karta.png)");
        assert_eq!(r.errors[0].kind, "external-image");
    }

    #[test]
    fn links_to_the_writers_own_disk_are_errors() {
        for link in [
            r"C:\Users\anna\Dokument\karta.png",
            "H:/Rapport/bilaga.pdf",
            "file:///C:/Users/anna/karta.png",
        ] {
            let r = md(&format!("Se [kartan]({link})."));
            assert_eq!(r.errors.len(), 1, "{link}: {:?}", r.errors);
            let e = &r.errors[0];
            assert_eq!(e.kind, "local-file-link");
            assert_eq!((e.line, e.column), (Some(5), Some(4)), "{link}");
            assert!(e.message.contains(link), "{}", e.message);
        }
    }
}
