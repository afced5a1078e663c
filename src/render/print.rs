//! The print page: the whole report on one page (`print.html`), ready for
//! "Save as PDF". It is assembled from the `<main>` element of every page
//! already rendered, in reading order: the cover (home page), each phase
//! with its pages, other pages, then findings, priorities, feedback, actors
//! and places.
//!
//! Every page becomes a `<section>` whose id is made from its URL
//! (`kartlaggning/statistik.html` → `kartlaggning-statistik`); ids inside it
//! get that prefix (`#x` → `#kartlaggning-statistik--x`), links to pages of
//! the report become links to those anchors, headings move down to fit
//! under the page's place in the report, and image and file paths are
//! rebased to the site root where `print.html` lives. A link to a page that
//! is not part of the print page loses its `href`, so the page holds no
//! link to another page of the site.

use std::collections::{BTreeMap, BTreeSet};

use crate::links::slugify;
use crate::render::views::{
    ACTORS_URL, FEEDBACK_URL, FINDINGS_URL, PLACES_URL, PRIORITIES_URL, SiteView,
};

/// Where the print page is written.
pub use crate::paths::PRINT_URL;

/// One page of the site in the print page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Site-relative URL of the page.
    pub url: String,
    /// The id of its `<section>`.
    pub id: String,
    /// How many levels its headings move down.
    pub shift: u8,
    /// Start on a new printed page.
    pub page_break: bool,
}

/// URL, heading shift and page break of every page of the print page, in
/// reading order; a page may come twice (the first place counts).
fn reading_order(view: &SiteView) -> Vec<(&str, u8, bool)> {
    let mut order: Vec<(&str, u8, bool)> = vec![("index.html", 0, false)];
    for ph in &view.phases {
        order.push((&ph.url, 1, true));
        order.extend(ph.pages.iter().map(|p| (p.url.as_str(), 2, false)));
    }
    order.extend(view.other_pages.iter().map(|p| (p.url.as_str(), 1, true)));
    for url in [
        FINDINGS_URL,
        PRIORITIES_URL,
        FEEDBACK_URL,
        ACTORS_URL,
        PLACES_URL,
    ] {
        order.push((url, 1, true));
    }
    order
}

/// The pages of the print page in reading order, with their section ids.
/// Known before any page is rendered, so each page's section can be made
/// right after the page (in parallel, or kept between rebuilds by `serve`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub parts: Vec<Part>,
    /// URL → section id.
    ids: BTreeMap<String, String>,
    /// URL → index into `parts`.
    index: std::collections::HashMap<String, usize, foldhash::fast::FixedState>,
}

impl Plan {
    /// The reading order of `view`: the cover (home page), each phase with
    /// its pages, other pages, then the overview pages.
    pub fn of(view: &SiteView) -> Plan {
        Plan::from_order(reading_order(view))
    }

    /// A plan of the pages at `urls` in this order, each on a new printed
    /// page with its headings where they are (the PDF of another language's
    /// resident pages, the flyers).
    pub fn of_pages(urls: &[&str]) -> Plan {
        Plan::from_order(urls.iter().map(|u| (*u, 0, true)).collect())
    }

    /// Whether this plan is the one [`Plan::of`] makes of `view` (it is
    /// when the pages and their order are the same).
    pub(crate) fn is_order_of(&self, view: &SiteView) -> bool {
        self.is_made_of(reading_order(view))
    }

    /// Whether [`Plan::from_order`] would make this plan of `order`.
    fn is_made_of(&self, order: Vec<(&str, u8, bool)>) -> bool {
        let mut next = 0;
        for (url, shift, page_break) in order {
            match self.parts.get(next) {
                Some(p) if p.url == url && p.shift == shift && p.page_break == page_break => {
                    next += 1;
                }
                // A page met again (left out by `from_order`).
                _ if self.index.get(url).is_some_and(|&at| at < next) => {}
                _ => return false,
            }
        }
        next == self.parts.len()
    }

    fn from_order(order: Vec<(&str, u8, bool)>) -> Plan {
        let mut plan = Plan::default();
        let mut used = BTreeSet::new();
        for (url, shift, page_break) in order {
            if plan.index.contains_key(url) {
                continue;
            }
            let url = url.to_string();
            let base = section_id(&url);
            let mut id = base.clone();
            let mut n = 1;
            while !used.insert(id.clone()) {
                n += 1;
                id = format!("{base}-{n}");
            }
            plan.ids.insert(url.clone(), id.clone());
            plan.index.insert(url.clone(), plan.parts.len());
            plan.parts.push(Part {
                url,
                id,
                shift,
                page_break,
            });
        }
        plan
    }

    /// The place of the page at `url` in the reading order.
    pub fn position(&self, url: &str) -> Option<usize> {
        self.index.get(url).copied()
    }

    /// Whether the page at `url` is part of the print page.
    pub fn contains(&self, url: &str) -> bool {
        self.index.contains_key(url)
    }

    /// The `<section>` of the rendered page `html` at `url`, or `None` if
    /// the page is not part of the print page.
    pub fn section(&self, url: &str, html: &str) -> Option<String> {
        let part = &self.parts[*self.index.get(url)?];
        let class = if part.page_break {
            "print-section print-break"
        } else {
            "print-section"
        };
        let inner = rewrite(main_of(html), url, &part.id, part.shift, &self.ids);
        let mut out = String::with_capacity(inner.len() + 80);
        out.push_str(&format!("<section id=\"{}\" class=\"{class}\">\n", part.id));
        out.push_str(&inner);
        out.push_str("\n</section>\n");
        Some(out)
    }

    /// The print page's body: the sections `section` gives, in reading
    /// order (a page without one is left out).
    pub fn body<'a>(&self, section: impl Fn(&str) -> Option<&'a str>) -> String {
        let mut out = String::new();
        for p in &self.parts {
            if let Some(s) = section(&p.url) {
                out.push_str(s);
            }
        }
        out
    }
}

/// The section id of a page: its URL without `.html` (and without a final
/// `/index`), as a slug.
pub fn section_id(url: &str) -> String {
    let u = url.strip_suffix(".html").unwrap_or(url);
    let u = u.strip_suffix("/index").unwrap_or(u);
    slugify(u)
}

/// The inside of the page's `<main>` element (or of `<body>`, or all).
fn main_of(html: &str) -> &str {
    let inner = |open: &str, close: &str| {
        let start = html.find(open)?;
        let start = start + html[start..].find('>')? + 1;
        let end = html.rfind(close)?;
        (end >= start).then(|| &html[start..end])
    };
    inner("<main", "</main>")
        .or_else(|| inner("<body", "</body>"))
        .unwrap_or(html)
}

/// Rewrite the tags of one page's HTML for the print page.
fn rewrite(html: &str, page: &str, id: &str, shift: u8, ids: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |i| i + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(end) = tag_end(rest) else {
            break;
        };
        out.push_str(&rewrite_tag(&rest[..end], page, id, shift, ids));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `s` (through its `>`), outside
/// quoted attribute values.
pub(crate) fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn rewrite_tag(
    tag: &str,
    page: &str,
    id: &str,
    shift: u8,
    ids: &BTreeMap<String, String>,
) -> String {
    // Heading levels.
    let closing = tag.starts_with("</");
    let name_start = if closing { 2 } else { 1 };
    let name: String = tag[name_start..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    let mut tag = tag.to_string();
    if let [b'h' | b'H', d @ b'1'..=b'6'] = name.as_bytes() {
        let level = (d - b'0' + shift).min(6);
        tag.replace_range(name_start..name_start + 2, &format!("h{level}"));
    }
    if closing || !tag.contains('=') {
        return tag;
    }
    // Attributes (double-quoted, as pulldown-cmark and the templates write them).
    let mut out = String::with_capacity(tag.len() + 32);
    let mut rest = tag.as_str();
    while let Some(eq) = rest.find("=\"") {
        let before = &rest[..eq];
        let attr_start = before
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |i| i + 1);
        let attr = before[attr_start..].to_ascii_lowercase();
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        let after = &rest[value_start + len + 1..];
        let new = match attr.as_str() {
            "id" | "for" => Some(Some(format!("{id}--{value}"))),
            "aria-labelledby" | "aria-describedby" | "aria-controls" | "headers" => Some(Some(
                value
                    .split_whitespace()
                    .map(|v| format!("{id}--{v}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
            "href" => Some(link(value, page, id, ids)),
            "src" => Some(Some(rebase(value, page))),
            // SVG paint from a pattern inside the page (charts).
            "fill" | "stroke" if value.starts_with("url(#") => {
                Some(Some(value.replacen("url(#", &format!("url(#{id}--"), 1)))
            }
            _ => None,
        };
        match new {
            None => out.push_str(&rest[..value_start + len + 1]),
            Some(Some(v)) => {
                out.push_str(&rest[..value_start]);
                out.push_str(&v);
                out.push('"');
            }
            // Drop the attribute (and the space before it).
            Some(None) => out.push_str(before[..attr_start].trim_end()),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A link's new target, or `None` to drop it.
fn link(value: &str, page: &str, id: &str, ids: &BTreeMap<String, String>) -> Option<String> {
    if let Some(a) = value.strip_prefix('#') {
        return Some(if a.is_empty() {
            format!("#{id}")
        } else {
            format!("#{id}--{a}")
        });
    }
    if is_external(value) {
        return Some(value.to_string());
    }
    let (path, anchor) = value
        .split_once('#')
        .map_or((value, None), |(p, a)| (p, Some(a)));
    let target = resolve(page, path);
    if target.ends_with(".html") || target.ends_with('/') || target.is_empty() {
        let target = if target.is_empty() || target.ends_with('/') {
            format!("{target}index.html")
        } else {
            target
        };
        let sec = ids.get(target.as_str())?;
        return Some(match anchor {
            Some(a) if !a.is_empty() => format!("#{sec}--{a}"),
            _ => format!("#{sec}"),
        });
    }
    Some(match anchor {
        Some(a) => format!("{target}#{a}"),
        None => target,
    })
}

/// A path relative to `page`, made relative to the site root.
fn rebase(value: &str, page: &str) -> String {
    if is_external(value) || value.starts_with('#') {
        value.to_string()
    } else {
        resolve(page, value)
    }
}

fn is_external(v: &str) -> bool {
    v.starts_with("//")
        || v.find(':').is_some_and(|c| {
            v[..c]
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '+' | '-' | '.'))
                && v.find('/').is_none_or(|s| c < s)
        })
}

/// `rel` seen from the page at site URL `page`, as a site-relative path.
fn resolve(page: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut s = parts.join("/");
    if rel.ends_with('/') && !s.is_empty() {
        s.push('/');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> BTreeMap<String, String> {
        [
            ("index.html", "index"),
            ("kartlaggning/index.html", "kartlaggning"),
            ("kartlaggning/statistik.html", "kartlaggning-statistik"),
            ("findings.html", "findings"),
        ]
        .into_iter()
        .map(|(u, i)| (u.to_string(), i.to_string()))
        .collect()
    }

    #[test]
    fn plan_gives_unique_section_ids_in_order() {
        let plan = Plan::from_order(vec![
            ("index.html", 0, false),
            ("a-b.html", 1, true),
            ("a/b.html", 2, false),
            ("a-b.html", 1, true),
        ]);
        let ids: Vec<&str> = plan.parts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["index", "a-b", "a-b-2"]);
        // Kept by the next rebuild only for the same order.
        let same = vec![
            ("index.html", 0, false),
            ("a-b.html", 1, true),
            ("a/b.html", 2, false),
            ("a-b.html", 1, true),
        ];
        assert!(plan.is_made_of(same.clone()));
        assert!(plan.is_made_of(same[..3].to_vec()));
        assert!(!plan.is_made_of(same[..2].to_vec()));
        assert!(!plan.is_made_of(vec![same[0], same[2], same[1]]));
        assert!(!plan.is_made_of(vec![same[0], same[1], ("a/b.html", 1, false)]));
        let mut longer = same.clone();
        longer.push(("c.html", 1, true));
        assert!(!plan.is_made_of(longer));
        let s = plan
            .section("a/b.html", "<main><h1 id=\"x\">X</h1></main>")
            .unwrap();
        assert_eq!(
            s,
            "<section id=\"a-b-2\" class=\"print-section\">\n<h3 id=\"a-b-2--x\">X</h3>\n</section>\n"
        );
        assert!(plan.section("other.html", "<main></main>").is_none());
        let body = plan.body(|u| (u == "index.html").then_some("I"));
        assert_eq!(body, "I");
    }

    #[test]
    fn section_ids_from_urls() {
        assert_eq!(
            section_id("kartlaggning/statistik.html"),
            "kartlaggning-statistik"
        );
        assert_eq!(section_id("kartlaggning/index.html"), "kartlaggning");
        assert_eq!(section_id("index.html"), "index");
    }

    #[test]
    fn links_become_anchors() {
        let html = r##"<h1 id="t">T</h1><p><a href="statistik.html#x">a</a> <a href="../findings.html">b</a> <a href="#t">c</a> <a href="index.html">d</a> <a href="../404.html">e</a> <a href="https://scb.se/">f</a> <img src="../karta.png" alt="k"></p><section aria-labelledby="t u"></section>"##;
        let out = rewrite(
            html,
            "kartlaggning/trygghet.html",
            "kartlaggning-trygghet",
            2,
            &ids(),
        );
        assert!(
            out.contains(r##"<h3 id="kartlaggning-trygghet--t">T</h3>"##),
            "{out}"
        );
        assert!(
            out.contains(r##"href="#kartlaggning-statistik--x""##),
            "{out}"
        );
        assert!(out.contains(r##"href="#findings""##), "{out}");
        assert!(
            out.contains(r##"href="#kartlaggning-trygghet--t""##),
            "{out}"
        );
        assert!(out.contains(r##"href="#kartlaggning""##), "{out}");
        assert!(out.contains("<a>e</a>"), "{out}");
        assert!(out.contains(r#"href="https://scb.se/""#), "{out}");
        assert!(out.contains(r#"src="karta.png""#), "{out}");
        assert!(
            out.contains(r#"aria-labelledby="kartlaggning-trygghet--t kartlaggning-trygghet--u""#),
            "{out}"
        );
    }

    #[test]
    fn chart_patterns_follow_their_ids() {
        let html = r##"<svg><defs><pattern id="fig-a-p1"></pattern></defs><rect fill="url(#fig-a-p1)"/><rect fill="#0072B2"/></svg>"##;
        let out = rewrite(
            html,
            "kartlaggning/diagram.html",
            "kartlaggning-diagram",
            1,
            &ids(),
        );
        assert!(
            out.contains(r#"<pattern id="kartlaggning-diagram--fig-a-p1">"#),
            "{out}"
        );
        assert!(
            out.contains(r#"fill="url(#kartlaggning-diagram--fig-a-p1)""#),
            "{out}"
        );
        assert!(out.contains(r##"fill="#0072B2""##), "{out}");
    }

    #[test]
    fn main_is_extracted() {
        let page = "<html><body><nav><a href=\"x.html\">x</a></nav><main id=\"main\" tabindex=\"-1\">\n<h1>A</h1>\n</main><footer>f</footer></body></html>";
        assert_eq!(main_of(page).trim(), "<h1>A</h1>");
    }
}
