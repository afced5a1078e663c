//! Markdown to HTML: pulldown-cmark with links between pages rewritten to
//! relative `.html` links, anchors on headings, and raw HTML escaped unless
//! the report allows it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::chart::{self, BlockSource, ChartEnv, PlacedChart, xref};
use crate::check::resolve;
use crate::error::{Diagnostic, Pos, offset_to_pos};
use crate::render::links::{relative, slugify};

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
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    // Position and alt text length of the image being read, if any.
    let mut image: Option<(Pos, usize)> = None;
    // ` ```chart ` blocks: (index of their placeholder event, source).
    let mut chart_blocks: Vec<(usize, BlockSource)> = Vec::new();
    let mut in_chart: Option<BlockSource> = None;
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
            Event::Html(h) | Event::InlineHtml(h) if !targets.allow_raw_html => Event::Text(h),
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
    anchor_headings(&mut events, src.demote);
    out.html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
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
    if let Some(scheme) = scheme(d) {
        if matches!(scheme.as_str(), "javascript" | "vbscript" | "data") {
            errors.push(
                Diagnostic::error(
                    "unsafe-link",
                    src.file,
                    format!("a {scheme}: link is not allowed"),
                )
                .at(Some(at()))
                .hint("link to a page or a web address instead"),
            );
            return CowStr::Borrowed("#");
        }
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
        let src = MdSource {
            file: Path::new("content/c/d.md"),
            first_line: 5,
            page_url: "c/d.html",
            demote: true,
            charts: None,
        };
        render(text, src, &targets())
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
    fn raw_html_is_escaped_and_js_links_refused() {
        let r = md("<script>alert(1)</script>\n\n[x](javascript:alert(1))");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
        assert_eq!(r.errors.len(), 1);
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
}
