//! A small, tolerant HTML tree for the PDF export.
//!
//! The PDF is made from pages kartsite rendered itself: HTML that the
//! sanitiser and the templates wrote, with every element closed and every
//! attribute quoted. This parser reads that subset, and does not fail on
//! HTML a team wrote by hand with `allow_raw_html`: an end tag without a
//! matching start tag is ignored, elements left open are closed by their
//! parent's end tag, and `<script>`/`<style>` contents are skipped.
//! Attribute names keep their case, so inline SVG can be written out again
//! as it was (`viewBox`).

use crate::render::print::tag_end;

/// One node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Element {
    /// Lower-case tag name.
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Node>,
}

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

impl Element {
    /// The value of attribute `name` (case-insensitive).
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the `class` attribute holds `class`.
    pub(crate) fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }

    /// The child elements.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first descendant element named `name` (depth first).
    pub(crate) fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(found) = e.find(name) {
                return Some(found);
            }
        }
        None
    }

    /// The element's text, whitespace collapsed.
    pub(crate) fn text(&self) -> String {
        let mut s = String::new();
        collect_text(&self.children, &mut s);
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The element's text as written (for `<pre>`).
    pub(crate) fn text_raw(&self) -> String {
        let mut s = String::new();
        collect_text(&self.children, &mut s);
        s
    }

    /// The element written out again as XML (for inline SVG).
    pub(crate) fn to_xml(&self) -> String {
        let mut out = String::new();
        write_xml(self, &mut out);
        out
    }
}

fn collect_text(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                collect_text(&e.children, out);
                if e.name == "br" {
                    out.push(' ');
                }
            }
        }
    }
}

fn write_xml(e: &Element, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in &e.attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        out.push_str(&escape_xml(v));
        out.push('"');
    }
    if e.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &e.children {
        match c {
            Node::Text(t) => out.push_str(&escape_xml(t)),
            Node::Element(child) => write_xml(child, out),
        }
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Parse `html` into a root element named `#root` holding its nodes.
pub(crate) fn parse(html: &str) -> Element {
    let mut stack: Vec<Element> = vec![Element {
        name: "#root".into(),
        ..Element::default()
    }];
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut stack, rest);
            break;
        };
        push_text(&mut stack, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name: String = rest[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .collect();
        if name.is_empty() {
            // A lone `<` is text.
            push_text(&mut stack, "<");
            rest = &rest[1..];
            continue;
        }
        let Some(end) = tag_end(rest) else {
            push_text(&mut stack, rest);
            break;
        };
        let tag = &rest[..end];
        rest = &rest[end..];
        let lower = name.to_ascii_lowercase();
        if closing {
            close(&mut stack, &lower);
            continue;
        }
        let self_closing = tag.ends_with("/>");
        let element = Element {
            attrs: attributes(&tag[name_start + name.len()..tag.len() - 1]),
            name: lower.clone(),
            children: Vec::new(),
        };
        if lower == "script" || lower == "style" {
            // Raw text: skip to the end tag, keep nothing.
            let close_tag = format!("</{lower}");
            rest = find_ci(rest, &close_tag)
                .and_then(|i| rest[i..].find('>').map(|j| &rest[i + j + 1..]))
                .unwrap_or("");
            continue;
        }
        if self_closing || VOID.contains(&lower.as_str()) {
            append(&mut stack, Node::Element(element));
        } else {
            stack.push(element);
        }
    }
    while stack.len() > 1 {
        let e = stack.pop().expect("more than one");
        append(&mut stack, Node::Element(e));
    }
    stack.pop().expect("the root")
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .to_ascii_lowercase()
        .find(&needle.to_ascii_lowercase())
}

fn push_text(stack: &mut [Element], raw: &str) {
    if raw.is_empty() {
        return;
    }
    let text = decode_entities(raw);
    let top = stack.last_mut().expect("the root stays");
    if let Some(Node::Text(t)) = top.children.last_mut() {
        t.push_str(&text);
    } else {
        top.children.push(Node::Text(text));
    }
}

fn append(stack: &mut [Element], node: Node) {
    stack
        .last_mut()
        .expect("the root stays")
        .children
        .push(node);
}

/// Close the innermost open element named `name` (and any left open in
/// it); an end tag without a start tag is ignored.
fn close(stack: &mut Vec<Element>, name: &str) {
    let Some(at) = stack.iter().rposition(|e| e.name == name) else {
        return;
    };
    if at == 0 {
        return;
    }
    while stack.len() > at {
        let e = stack.pop().expect("above the root");
        append(stack, Node::Element(e));
    }
}

/// The attributes of a start tag (the text between its name and `>`).
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if start == i {
            break;
        }
        let name = s[start..i].to_string();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vstart = i + 1;
                i = vstart;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = decode_entities(&s[vstart..i.min(b.len())]);
                i += 1;
            } else {
                let vstart = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = decode_entities(&s[vstart..i]);
            }
        }
        out.push((name, value));
    }
    out
}

/// Decode character references: numeric ones and the named ones the
/// sanitiser, the templates and writers commonly use. An unknown name stays
/// as written.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |i| i + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            code.and_then(char::from_u32)
                .filter(|c| *c != '\0')
                .map(String::from)
        } else {
            named_entity(name).map(String::from)
        };
        match decoded {
            Some(d) => {
                out.push_str(&d);
                rest = &rest[end..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "shy" => "\u{ad}",
        "ndash" => "–",
        "mdash" => "—",
        "hellip" => "…",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "copy" => "©",
        "reg" => "®",
        "deg" => "°",
        "euro" => "€",
        "times" => "×",
        "minus" => "−",
        "middot" => "·",
        "bull" => "•",
        "sect" => "§",
        "auml" => "ä",
        "Auml" => "Ä",
        "aring" => "å",
        "Aring" => "Å",
        "ouml" => "ö",
        "Ouml" => "Ö",
        "oslash" => "ø",
        "Oslash" => "Ø",
        "aelig" => "æ",
        "AElig" => "Æ",
        "eacute" => "é",
        "uuml" => "ü",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_elements_text_and_entities() {
        let root = parse("<p class=\"a b\">x &amp; <strong>y</strong>&#x27;z&nbsp;</p>");
        let p = root.find("p").unwrap();
        assert!(p.has_class("b"));
        assert_eq!(p.text(), "x & y'z");
        assert_eq!(p.find("strong").unwrap().text(), "y");
    }

    #[test]
    fn keeps_svg_attribute_case_and_self_closing_tags() {
        let root = parse(r#"<svg viewBox="0 0 1 1"><rect x="0"/><text>a &lt; b</text></svg>"#);
        let svg = root.find("svg").unwrap();
        assert_eq!(
            svg.to_xml(),
            r#"<svg viewBox="0 0 1 1"><rect x="0"/><text>a &lt; b</text></svg>"#
        );
    }

    #[test]
    fn tolerates_broken_html() {
        let root = parse("<div><p>open <em>never closed</div></span>after<script>x<y</script>z <");
        assert_eq!(root.text(), "open never closedafterz <");
        assert_eq!(root.find("div").unwrap().text(), "open never closed");
        assert!(root.find("script").is_none());
    }

    #[test]
    fn void_elements_take_no_children() {
        let root = parse("<p>a<br>b<img src=x alt='y z'>c</p>");
        let p = root.find("p").unwrap();
        assert_eq!(p.children.len(), 5);
        assert_eq!(p.find("img").unwrap().attr("alt"), Some("y z"));
    }
}
