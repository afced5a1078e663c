//! Rendered HTML → Typst markup.
//!
//! The input is the HTML subset kartsite's pages are made of (headings,
//! paragraphs, lists, tables with header cells, figures with SVG charts,
//! captions, summaries and data tables, links, blockquotes, details,
//! definition lists, images). Every piece of text is escaped character by
//! character, so a writer's `#`, `]` or `<` stays text and can never become
//! Typst code; URLs and alt texts go into string literals.
//!
//! Links to an element of the document (`#id`) become links inside the PDF;
//! links to other hosts stay links; links to files of the site (a CSV
//! download) are kept as text, since a PDF cannot carry the file along.

use std::collections::{BTreeMap, BTreeSet};

use super::dom::{Element, Node};
pub(crate) use super::escape::{MISSING_GLYPH, escape_text, string_literal};
use super::images::{image_alt, image_format, prepare_svg, raster_size, site_path, svg_size};

/// The tallest an image is by default, in points: a page's text height.
const FULL_PAGE_HEIGHT: f64 = 620.0;
/// The height of a logo on the flyer's head, in points (2.2 cm).
const LOGO_HEIGHT: f64 = 62.0;

/// Classes whose elements only make sense on screen.
const SCREEN_ONLY: &[&str] = &[
    "skip-link",
    "print-hint",
    "flyer-screen-note",
    "breadcrumb",
    "lang-switch",
    "area-type-scale",
    "chart-download",
];

/// Elements that hold blocks (never part of a paragraph).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "menu"
            | "dl"
            | "dt"
            | "dd"
            | "li"
            | "table"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "details"
            | "summary"
            | "pre"
            | "hr"
            | "address"
            | "form"
            | "fieldset"
            | "caption"
    )
}

/// Converts the HTML of one document (the print page, a set of flyers) to
/// Typst markup, collecting the images it shows as files of the export.
pub(crate) struct Converter<'a> {
    /// Bytes of a file of the built site by its site-relative URL.
    site_file: &'a dyn Fn(&str) -> Option<&'a [u8]>,
    /// HTML id → Typst label, for ids that a link points to.
    labels: BTreeMap<String, String>,
    /// Ids given their label already (an id used twice is labelled once).
    placed: BTreeSet<String>,
    /// Labels placed in the document.
    placed_labels: BTreeSet<String>,
    /// Labels that links point to.
    linked: BTreeSet<String>,
    /// How many levels an HTML heading moves up (`h2` → level 1 with 1).
    heading_lift: u8,
    /// Inside an item (a finding, a priority, …): its headings stay out
    /// of the contents and bookmarks.
    in_item: usize,
    /// The tallest an image may be, in points (logos on a poster's head).
    image_max_height: f64,
    /// Files of the export: virtual path → bytes.
    pub(crate) files: Vec<(String, Vec<u8>)>,
    /// The `src` of each image file of the report (virtual path → `src`),
    /// to locate an image typst cannot read.
    pub(crate) sources: Vec<(String, String)>,
}

impl<'a> Converter<'a> {
    /// A converter for `root`: the ids that links inside it point to get
    /// labels.
    pub(crate) fn new(
        root: &Element,
        site_file: &'a dyn Fn(&str) -> Option<&'a [u8]>,
        heading_lift: u8,
    ) -> Self {
        let mut ids = BTreeSet::new();
        let mut targets = BTreeSet::new();
        collect_ids(root, &mut ids, &mut targets);
        let labels = targets
            .into_iter()
            .filter(|t| ids.contains(t))
            .enumerate()
            .map(|(n, id)| (id, format!("k{n}")))
            .collect();
        Converter {
            site_file,
            labels,
            placed: BTreeSet::new(),
            placed_labels: BTreeSet::new(),
            linked: BTreeSet::new(),
            heading_lift,
            in_item: 0,
            image_max_height: FULL_PAGE_HEIGHT,
            files: Vec::new(),
            sources: Vec::new(),
        }
    }

    /// The label markup for `e`'s id if a link points to it (once).
    fn label(&mut self, e: &Element) -> Option<String> {
        let id = e.attr("id")?;
        let label = self.labels.get(id)?;
        if !self.placed.insert(id.to_string()) {
            return None;
        }
        self.placed_labels.insert(label.clone());
        Some(format!("<{label}>"))
    }

    /// The functions the links call, to put before the converted markup:
    /// a link to a label that was placed is a link; one whose target was
    /// left out (a screen-only element) is its text.
    pub(crate) fn link_definitions(&self) -> String {
        self.linked
            .iter()
            .map(|l| {
                if self.placed_labels.contains(l) {
                    format!("#let l{l} = link.with(<{l}>)\n")
                } else {
                    format!("#let l{l} = body => body\n")
                }
            })
            .collect()
    }

    /// A target before a block that links point to.
    fn anchor(&mut self, e: &Element) -> String {
        self.label(e)
            .map(|l| format!("#metadata(none){l}\n"))
            .unwrap_or_default()
    }

    /// Block content: runs of inline nodes become paragraphs.
    pub(crate) fn flow(&mut self, nodes: &[Node]) -> String {
        let mut out = String::new();
        let mut run: Vec<&Node> = Vec::new();
        for n in nodes {
            match n {
                Node::Element(e) if is_block(&e.name) => {
                    self.paragraph(&run, &mut out);
                    run.clear();
                    out.push_str(&self.block(e));
                }
                _ => run.push(n),
            }
        }
        self.paragraph(&run, &mut out);
        out
    }

    fn paragraph(&mut self, run: &[&Node], out: &mut String) {
        let mut text = String::new();
        for n in run {
            text.push_str(&self.inline_node(n));
        }
        let text = text.trim();
        if !text.is_empty() {
            out.push_str(text);
            out.push_str("\n\n");
        }
    }

    /// Flow content as one trimmed piece (a list item, a table cell).
    fn trimmed_flow(&mut self, nodes: &[Node]) -> String {
        self.flow(nodes).trim().to_string()
    }

    fn skipped(e: &Element) -> bool {
        e.attr("aria-hidden") == Some("true")
            || e.attr("hidden").is_some()
            || SCREEN_ONLY.iter().any(|c| e.has_class(c))
    }

    fn block(&mut self, e: &Element) -> String {
        if Self::skipped(e) {
            return String::new();
        }
        // Every element a link points to gets its target here (once).
        let anchor = self.anchor(e);
        anchor + &self.block_inner(e)
    }

    fn block_inner(&mut self, e: &Element) -> String {
        match e.name.as_str() {
            h @ ("h1" | "h2" | "h3" | "h4" | "h5" | "h6") => {
                let level = (h.as_bytes()[1] - b'0')
                    .saturating_sub(self.heading_lift)
                    .max(1);
                let text = self.inline(&e.children);
                let label = self.label(e).unwrap_or_default();
                let outlined = if self.in_item > 0 {
                    ", outlined: false"
                } else {
                    ""
                };
                format!(
                    "#heading(level: {level}{outlined})[{}]{label}\n\n",
                    text.trim()
                )
            }
            "p" => {
                let anchor = self.anchor(e);
                let text = self.inline(&e.children);
                let text = text.trim();
                if text.is_empty() {
                    anchor
                } else if e.has_class("lead") {
                    format!("{anchor}#text(size: 1.15em)[{text}]\n\n")
                } else {
                    format!("{anchor}{text}\n\n")
                }
            }
            "ul" | "ol" | "menu" => self.list(e),
            "dl" => self.terms(e),
            "table" => self.table(e),
            "figure" => self.figure(e),
            "blockquote" => {
                let anchor = self.anchor(e);
                format!(
                    "{anchor}#quote(block: true)[{}]\n\n",
                    self.trimmed_flow(&e.children)
                )
            }
            "details" => {
                let anchor = self.anchor(e);
                let mut out = anchor;
                for c in &e.children {
                    match c {
                        // "Show the data as a table": the table is shown.
                        Node::Element(s) if s.name == "summary" && e.has_class("chart-data") => {}
                        Node::Element(s) if s.name == "summary" => {
                            let text = self.inline(&s.children);
                            out.push_str(&format!("#strong[{}]\n\n", text.trim()));
                        }
                        other => out.push_str(&self.flow(std::slice::from_ref(other))),
                    }
                }
                out
            }
            "pre" => format!(
                "#raw(block: true, {})\n\n",
                string_literal(e.text_raw().trim_end())
            ),
            "hr" => "#line(length: 100%, stroke: 0.5pt + luma(120))\n\n".to_string(),
            "aside" => {
                let anchor = self.anchor(e);
                format!(
                    "{anchor}#block(width: 100%, inset: 8pt, stroke: 0.5pt + luma(120))[{}]\n\n",
                    self.trimmed_flow(&e.children)
                )
            }
            _ if e.has_class("poster-head") || e.has_class("poster-foot") => self.poster_row(e),
            _ => {
                let mut out = String::new();
                if e.has_class("print-break") {
                    out.push_str("#pagebreak(weak: true)\n");
                }
                out.push_str(&self.anchor(e));
                let item = e.has_class("item");
                self.in_item += usize::from(item);
                out.push_str(&self.flow(&e.children));
                self.in_item -= usize::from(item);
                out
            }
        }
    }

    /// A row of the flyer: its parts side by side (the logos and the area
    /// at the head; the QR code and the address at the foot), with the
    /// logos at most 2.2 cm tall, as the poster's CSS sets them.
    fn poster_row(&mut self, e: &Element) -> String {
        let anchor = self.anchor(e);
        let head = e.has_class("poster-head");
        let cells: Vec<String> = e
            .children
            .iter()
            .filter(|n| matches!(n, Node::Element(c) if !Self::skipped(c)))
            .map(|n| {
                if head {
                    self.image_max_height = LOGO_HEIGHT;
                }
                let cell = self.flow(std::slice::from_ref(n));
                self.image_max_height = FULL_PAGE_HEIGHT;
                format!("[{}]", cell.trim())
            })
            .collect();
        if cells.is_empty() {
            return anchor;
        }
        let mut columns = vec!["auto"; cells.len()];
        if let Some(last) = columns.last_mut() {
            *last = "1fr";
        }
        format!(
            "{anchor}#grid(columns: ({},), column-gutter: 14pt, align: horizon, {})\n\n",
            columns.join(", "),
            cells.join(", ")
        )
    }

    fn list(&mut self, e: &Element) -> String {
        let mut items = Vec::new();
        for li in e.elements() {
            if Self::skipped(li) {
                continue;
            }
            let anchor = self.anchor(li);
            let body = self.trimmed_flow(&li.children);
            items.push(format!("[{anchor}{body}]"));
        }
        if items.is_empty() {
            return self.anchor(e);
        }
        let anchor = self.anchor(e);
        if e.name == "ol" {
            let start = e
                .attr("start")
                .and_then(|s| s.trim().parse::<i64>().ok())
                .filter(|n| *n >= 0)
                .unwrap_or(1);
            format!("{anchor}#enum(start: {start}, {})\n\n", items.join(", "))
        } else {
            format!("{anchor}#list({})\n\n", items.join(", "))
        }
    }

    fn terms(&mut self, e: &Element) -> String {
        // Flatten `<div>` groups; each `<dt>` with the `<dd>`s after it.
        let mut entries: Vec<(String, Vec<String>)> = Vec::new();
        let mut flat: Vec<&Element> = Vec::new();
        for c in e.elements() {
            if c.name == "div" {
                flat.extend(c.elements());
            } else {
                flat.push(c);
            }
        }
        for c in flat {
            match c.name.as_str() {
                "dt" => {
                    let anchor = self.anchor(c);
                    let term = self.inline(&c.children);
                    entries.push((format!("{anchor}{}", term.trim()), Vec::new()));
                }
                "dd" => {
                    let anchor = self.anchor(c);
                    let body = anchor + &self.trimmed_flow(&c.children);
                    match entries.last_mut() {
                        Some((_, descs)) => descs.push(body),
                        None => entries.push((String::new(), vec![body])),
                    }
                }
                _ => {}
            }
        }
        if entries.is_empty() {
            return String::new();
        }
        let items: Vec<String> = entries
            .into_iter()
            .map(|(t, d)| format!("terms.item[{t}][{}]", d.join("\n\n")))
            .collect();
        format!(
            "{}#terms(separator: [: ], {})\n\n",
            self.anchor(e),
            items.join(", ")
        )
    }

    fn table(&mut self, e: &Element) -> String {
        let mut caption = None;
        let mut head_rows: Vec<&Element> = Vec::new();
        let mut body_rows: Vec<&Element> = Vec::new();
        for c in e.elements() {
            match c.name.as_str() {
                "caption" => caption = Some(c),
                "thead" => head_rows.extend(c.elements().filter(|r| r.name == "tr")),
                "tbody" | "tfoot" => body_rows.extend(c.elements().filter(|r| r.name == "tr")),
                "tr" => body_rows.push(c),
                _ => {}
            }
        }
        // Without <thead>, a first row of header cells is the header.
        if head_rows.is_empty()
            && let Some(first) = body_rows.first()
            && first.elements().all(|c| c.name == "th")
            && first.elements().next().is_some()
        {
            head_rows.push(body_rows.remove(0));
        }
        let width = |r: &Element| -> usize {
            r.elements()
                .filter(|c| c.name == "td" || c.name == "th")
                .map(|c| span(c, "colspan"))
                .sum()
        };
        let columns = head_rows
            .iter()
            .chain(&body_rows)
            .map(|r| width(r))
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return self.anchor(e);
        }
        let mut args = vec![format!("columns: {columns}")];
        if !head_rows.is_empty() {
            let cells: Vec<String> = head_rows
                .iter()
                .flat_map(|r| r.elements().collect::<Vec<_>>())
                .filter(|c| c.name == "td" || c.name == "th")
                .map(|c| self.cell(c, true))
                .collect();
            args.push(format!("table.header({})", cells.join(", ")));
        }
        for r in &body_rows {
            for c in r.elements().filter(|c| c.name == "td" || c.name == "th") {
                let cell = self.cell(c, false);
                args.push(cell);
            }
        }
        let anchor = self.anchor(e);
        let table = format!("table({})", args.join(", "));
        match caption {
            Some(c) => {
                let text = self.inline(&c.children);
                format!(
                    "{anchor}#figure(kind: table, supplement: none, numbering: none, \
                     caption: figure.caption(position: top)[{}], {table})\n\n",
                    text.trim()
                )
            }
            None => format!("{anchor}#{table}\n\n"),
        }
    }

    /// One table cell; a `<th>` outside the header is a row header.
    fn cell(&mut self, c: &Element, in_header: bool) -> String {
        let anchor = self.anchor(c);
        let mut body = anchor + &self.trimmed_flow(&c.children);
        if c.name == "th" && !body.is_empty() {
            body = format!("#strong[{body}]");
        }
        let (cs, rs) = (span(c, "colspan"), span(c, "rowspan"));
        let mut cell = if cs > 1 || rs > 1 {
            format!("table.cell(colspan: {cs}, rowspan: {rs})[{body}]")
        } else {
            format!("[{body}]")
        };
        if c.name == "th" && !in_header {
            let scope = if c.attr("scope") == Some("col") {
                "column"
            } else {
                "row"
            };
            cell = format!("pdf.header-cell(scope: \"{scope}\", {cell})");
        } else if c.name == "td" && in_header {
            cell = format!("pdf.data-cell({cell})");
        }
        cell
    }

    fn figure(&mut self, e: &Element) -> String {
        let label = self.label(e).unwrap_or_default();
        let caption = e
            .elements()
            .find(|c| c.name == "figcaption")
            .map(|c| (c.text(), self.inline(&c.children).trim().to_string()));
        let picture = e
            .elements()
            .find(|c| (c.name == "svg" || c.name == "img") && !Self::skipped(c));
        let rest: Vec<Node> = e
            .children
            .iter()
            .filter(|n| match n {
                Node::Element(c) => {
                    c.name != "figcaption" && !picture.is_some_and(|p| std::ptr::eq(p, c))
                }
                Node::Text(_) => true,
            })
            .cloned()
            .collect();
        let mut out = String::new();
        match picture {
            Some(p) => {
                let fallback_alt = caption.as_ref().map(|c| c.0.clone()).unwrap_or_default();
                let image = self.image(p, &fallback_alt);
                let caption = caption
                    .map(|c| format!("caption: figure.caption(position: top)[{}], ", c.1))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "#figure(kind: image, supplement: none, numbering: none, {caption}{image}){label}\n\n"
                ));
            }
            None => {
                if !label.is_empty() {
                    out.push_str(&format!("#metadata(none){label}\n"));
                }
                if let Some(c) = caption {
                    // Sticky: never alone at the foot of a page.
                    out.push_str(&format!("#block(sticky: true)[#strong[{}]]\n\n", c.1));
                }
            }
        }
        out.push_str(&self.flow(&rest));
        out
    }

    /// An `<svg>` or `<img>` as a Typst image expression (code mode), or
    /// its alt text when it cannot be shown.
    fn image(&mut self, e: &Element, fallback_alt: &str) -> String {
        let alt = image_alt(e).unwrap_or_else(|| fallback_alt.to_string());
        let (bytes, size) = if e.name == "svg" {
            let mut svg = e.clone();
            prepare_svg(&mut svg);
            let size = svg_size(&svg);
            (Some(svg.to_xml().into_bytes()), size)
        } else {
            let src = e.attr("src").unwrap_or("");
            let bytes = site_path(src).and_then(|p| (self.site_file)(&p).map(<[u8]>::to_vec));
            let attr = |name: &str| e.attr(name).and_then(|v| v.trim().parse::<f64>().ok());
            let natural = bytes.as_deref().and_then(|b| {
                if image_format(b) == Some("svg") {
                    let text = String::from_utf8_lossy(b);
                    super::dom::parse(&text).find("svg").and_then(svg_size)
                } else {
                    raster_size(b)
                }
            });
            let size = match (attr("width"), attr("height"), natural) {
                (Some(w), Some(h), _) => Some((w, h)),
                (Some(w), None, Some((nw, nh))) => Some((w, w * nh / nw)),
                (None, Some(h), Some((nw, nh))) => Some((h * nw / nh, h)),
                (_, _, n) => n,
            };
            (bytes, size)
        };
        let format = bytes.as_deref().and_then(image_format);
        let (Some(bytes), Some(format)) = (bytes, format) else {
            let shown = if alt.is_empty() {
                "[…]"
            } else {
                alt.as_str()
            };
            return format!("[{}]", escape_text(shown));
        };
        let path = format!("/img/{}.{format}", self.files.len() + 1);
        self.files.push((path.clone(), bytes));
        if let Some(src) = e.attr("src") {
            self.sources.push((path.clone(), src.to_string()));
        }
        let mut args = vec![string_literal(&path)];
        match size {
            Some((w, h)) if w > 0.0 && h > 0.0 => {
                // 1 CSS px = 0.75 pt; never wider than the text nor taller
                // than a page.
                let (w, h) = (w * 0.75, h * 0.75);
                let scale = (450.0 / w).min(self.image_max_height / h).min(1.0);
                args.push(format!("width: {:.1}pt", (w * scale).max(12.0)));
            }
            _ => args.push("width: 100%".to_string()),
        }
        if alt.is_empty() {
            format!("pdf.artifact(image({}))", args.join(", "))
        } else {
            args.push(format!("alt: {}", string_literal(&alt)));
            format!("image({})", args.join(", "))
        }
    }

    /// Inline content of `nodes`.
    pub(crate) fn inline(&mut self, nodes: &[Node]) -> String {
        nodes.iter().map(|n| self.inline_node(n)).collect()
    }

    fn inline_node(&mut self, n: &Node) -> String {
        let e = match n {
            Node::Text(t) => return escape_text(t),
            Node::Element(e) => e,
        };
        if Self::skipped(e) {
            return String::new();
        }
        let label = self.label(e).unwrap_or_default();
        let inner = |c: &mut Self| c.inline(&e.children);
        let body = match e.name.as_str() {
            "strong" | "b" => format!("#strong[{}]", inner(self)),
            "em" | "i" | "cite" | "dfn" => format!("#emph[{}]", inner(self)),
            "code" | "kbd" | "samp" | "var" => format!("#raw({})", string_literal(&e.text())),
            "sub" => format!("#sub[{}]", inner(self)),
            "sup" => format!("#super[{}]", inner(self)),
            "mark" => format!("#highlight[{}]", inner(self)),
            "s" | "del" | "strike" => format!("#strike[{}]", inner(self)),
            "u" | "ins" => format!("#underline[{}]", inner(self)),
            "small" => format!("#text(size: 0.85em)[{}]", inner(self)),
            "br" => "#linebreak()".to_string(),
            "wbr" => String::new(),
            "a" => self.link(e),
            // A priority's status on the flyer: on its own line, as on screen.
            "span" if e.has_class("poster-status") => {
                format!("#linebreak()#text(weight: \"regular\")[{}]", inner(self))
            }
            "img" | "svg" => {
                let img = self.image(e, "");
                if img.starts_with('[') {
                    img[1..img.len() - 1].to_string()
                } else {
                    format!("#box({img})")
                }
            }
            "abbr" => {
                let text = inner(self);
                match e.attr("title").map(str::trim).filter(|t| !t.is_empty()) {
                    Some(t) if t != e.text() => format!("{text} ({})", escape_text(t)),
                    _ => text,
                }
            }
            _ => inner(self),
        };
        if label.is_empty() {
            body
        } else {
            format!("#box[]{label}{body}")
        }
    }

    fn link(&mut self, e: &Element) -> String {
        let text = self.inline(&e.children);
        let href = e.attr("href").unwrap_or("").trim();
        if let Some(id) = href.strip_prefix('#') {
            return match self.labels.get(id) {
                Some(l) if !text.trim().is_empty() => {
                    self.linked.insert(l.clone());
                    format!("#l{l}[{text}]")
                }
                _ => text,
            };
        }
        let lower = href.to_ascii_lowercase();
        if lower.starts_with("https://")
            || lower.starts_with("http://")
            || lower.starts_with("mailto:")
        {
            let shown = if text.trim().is_empty() {
                escape_text(href)
            } else {
                text
            };
            return format!("#link({})[{shown}]", string_literal(href));
        }
        text
    }
}

/// How many columns or rows a cell spans (1 to 1,000).
fn span(c: &Element, attr: &str) -> usize {
    c.attr(attr)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map_or(1, |n| n.clamp(1, 1000))
}

/// Every id in `e`, and every `#id` a link points to.
fn collect_ids(e: &Element, ids: &mut BTreeSet<String>, targets: &mut BTreeSet<String>) {
    if let Some(id) = e.attr("id") {
        ids.insert(id.to_string());
    }
    if e.name == "a"
        && let Some(t) = e.attr("href").and_then(|h| h.trim().strip_prefix('#'))
    {
        targets.insert(t.to_string());
    }
    for c in e.elements() {
        collect_ids(c, ids, targets);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::pdf::dom::parse;

    fn convert(html: &str) -> String {
        let root = parse(html);
        let none = |_: &str| -> Option<&[u8]> { None };
        let mut c = Converter::new(&root, &none, 1);
        c.flow(&root.children)
    }

    #[test]
    fn headings_paragraphs_lists_and_links() {
        let out = convert(
            "<h2 id=\"x\">Fas 1</h2><p>Se <a href=\"#x\">fasen</a> och \
             <a href=\"https://ex.org/?a=1&amp;b\">webben</a> och <a href=\"data/x.csv\">filen</a>.</p>\
             <ul><li>a</li><li><strong>b</strong></li></ul><ol start=\"3\"><li>c</li></ol>",
        );
        assert!(
            out.contains("#metadata(none)<k0>\n#heading(level: 1)[Fas 1]"),
            "{out}"
        );
        assert!(out.contains("#lk0[fasen]"), "{out}");
        assert!(
            out.contains("#link(\"https://ex.org/?a=1&b\")[webben]"),
            "{out}"
        );
        assert!(out.contains(" och filen\\."), "{out}");
        assert!(out.contains("#list([a], [#strong[b]])"), "{out}");
        assert!(out.contains("#enum(start: 3, [c])"), "{out}");
    }

    #[test]
    fn tables_have_header_cells_and_row_headers() {
        let out = convert(
            "<table><caption>Tab</caption><thead><tr><th>Region</th><th>V</th></tr></thead>\
             <tbody><tr><th scope=\"row\">A</th><td>1</td></tr>\
             <tr><td colspan=\"2\">x</td></tr></tbody></table>",
        );
        assert!(out.contains("columns: 2"), "{out}");
        assert!(
            out.contains("table.header([#strong[Region]], [#strong[V]])"),
            "{out}"
        );
        assert!(
            out.contains("pdf.header-cell(scope: \"row\", [#strong[A]])"),
            "{out}"
        );
        assert!(
            out.contains("table.cell(colspan: 2, rowspan: 1)[x]"),
            "{out}"
        );
        assert!(
            out.contains("caption: figure.caption(position: top)[Tab]"),
            "{out}"
        );
    }

    #[test]
    fn charts_become_figures_with_alt_text() {
        let out = convert(
            "<figure class=\"chart\" id=\"f\"><figcaption>Figur 1. Titel</figcaption>\
             <svg viewBox=\"0 0 340 200\" width=\"340\" height=\"200\" fill=\"currentColor\">\
             <title>Titel</title><rect width=\"1\" height=\"1\"/></svg>\
             <p class=\"chart-summary\">Sammanfattning</p></figure>",
        );
        assert!(out.contains("#figure(kind: image"), "{out}");
        assert!(out.contains("alt: \"Titel\""), "{out}");
        assert!(
            out.contains("caption: figure.caption(position: top)[Figur 1\\. Titel]"),
            "{out}"
        );
        assert!(out.contains("Sammanfattning"), "{out}");
    }

    #[test]
    fn writer_text_cannot_inject_typst() {
        let out = convert("<p>#set page(fill: red)] #pagebreak() <em>x]</em> [[</p>");
        // Only escaped (`\#`): no `#` of the writer's starts code.
        let unescaped = out.replace("\\#", "");
        assert!(!unescaped.contains("#set"), "{out}");
        assert!(!unescaped.contains("#pagebreak"), "{out}");
        assert!(out.contains("\\#set page\\(fill\\: red\\)\\]"), "{out}");
    }

    #[test]
    fn a_link_to_a_left_out_element_is_text() {
        let root = parse(
            "<p class=\"breadcrumb\" id=\"b\">x</p><p id=\"t\">T</p>\
             <p><a href=\"#b\">till b</a> <a href=\"#t\">till t</a> <a href=\"#nowhere\">n</a></p>",
        );
        let none = |_: &str| -> Option<&[u8]> { None };
        let mut c = Converter::new(&root, &none, 1);
        let body = c.flow(&root.children);
        let defs = c.link_definitions();
        assert!(body.contains("#lk0[till b]"), "{body}");
        assert!(body.contains("#lk1[till t]"), "{body}");
        assert!(body.contains(" n"), "{body}");
        assert!(defs.contains("#let lk0 = body => body"), "{defs}");
        assert!(defs.contains("#let lk1 = link.with(<k1>)"), "{defs}");
    }
}
