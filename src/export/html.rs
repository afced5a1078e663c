//! `kartsite export html`: the whole report as one self-contained HTML
//! file, to attach to an e-mail or upload to a document library. It is the
//! print page (every page of the report in reading order, links between
//! pages already turned into links to its sections) made to stand alone:
//! the style sheet inlined, images and downloads (chart data, documents) as
//! `data:` addresses, a table of contents, no script, and no reference to
//! another file or host — a link to another web site keeps its text and
//! shows the address after it.

use std::collections::BTreeMap;

use base64::Engine;
use regex::Regex;

use crate::build::Built;
use crate::error::{Diagnostic, Diagnostics};
use crate::render::glossary::escape_attr;
use crate::render::lix::unescape;
use crate::render::print::PRINT_URL;

/// The self-contained file of `built` in the language `lang`.
pub fn single_file(built: &Built, lang: &str) -> Result<Vec<u8>, Diagnostics> {
    let main = built.settings.language();
    let files: BTreeMap<&str, &[u8]> = built
        .files
        .iter()
        .map(|f| (f.url.as_str(), f.bytes.as_slice()))
        .collect();
    if lang != main {
        // Another language has the pages for residents only.
        let page = super::combine::combine(&files, lang).ok_or_else(|| {
            Diagnostic::error(
                "export",
                crate::config::CONFIG_FILE,
                crate::msg!("export.the-site-has-no-pages", lang = lang.to_string()),
            )
            .hint(crate::msg!("export.add-the-language-to-book"))
        })?;
        let mut inliner = Inliner::new(&files);
        inliner.base = format!("{lang}/");
        let html = inliner.page(&page);
        return Ok(with_toc(&html, lang, 1).into_bytes());
    }
    let print = files.get(PRINT_URL).ok_or_else(|| {
        Diagnostic::error(
            "export",
            "themes",
            crate::msg!("export.the-theme-has-no-print"),
        )
        .hint(crate::msg!("export.delete-the-theme-s-own"))
    })?;
    let text = String::from_utf8_lossy(print);
    let inliner = Inliner::new(&files);
    let html = inliner.page(&text);
    // The cover (the report's title, the only h1) is where the file starts.
    let html = with_toc(&html, lang, 2);
    Ok(html.into_bytes())
}

/// What a reference in the page points at.
enum Target {
    /// Kept as it is: a link inside the file, an e-mail address, a
    /// `data:` address.
    Keep,
    /// A file of the site, inlined as a `data:` address.
    Inline(String),
    /// Another web site.
    External(String),
    /// Another page of the site, or nothing: the reference goes.
    Drop,
}

struct Inliner<'a> {
    files: &'a BTreeMap<&'a str, &'a [u8]>,
    /// The folder references are relative to, e.g. `ar/` (default: the
    /// site root).
    base: String,
    tag: Regex,
    attr: Regex,
    css_url: Regex,
    script: Regex,
    marked_link: Regex,
}

/// Marks a link to another web site until its text is known.
const EXTERNAL_MARK: &str = "data-kartsite-external";

impl<'a> Inliner<'a> {
    fn new(files: &'a BTreeMap<&'a str, &'a [u8]>) -> Self {
        let re = |s: &str| Regex::new(s).expect("a valid regular expression");
        Inliner {
            files,
            base: String::new(),
            tag: re(r"<([a-zA-Z][a-zA-Z0-9:-]*)(\s[^>]*)?>"),
            attr: re(r#"(\s+)([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#),
            css_url: re(r#"url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)"#),
            script: re(r"(?is)<script\b[^>]*>.*?</script\s*>|<script\b[^>]*/>"),
            marked_link: re(&format!(
                r#"(?s)<a {EXTERNAL_MARK}="([^"]*)"([^>]*)>(.*?)</a>"#
            )),
        }
    }

    /// The page made self-contained.
    fn page(&self, html: &str) -> String {
        let html = self.script.replace_all(html, "");
        // Inline SVG in HTML needs no namespace: the file names no address
        // it does not link to.
        let html = html
            .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
            .replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
        let html = self
            .tag
            .replace_all(&html, |c: &regex::Captures<'_>| {
                self.tag_of(&c[1], c.get(2).map_or("", |m| m.as_str()))
            })
            .into_owned();
        // A link to another web site: its text, then the address.
        self.marked_link
            .replace_all(&html, |c: &regex::Captures<'_>| {
                let (url, rest, text) = (&c[1], &c[2], &c[3]);
                let plain = strip_tags(text);
                if plain.trim() == url || plain.trim() == url.replace("&amp;", "&") {
                    format!("<a{rest}>{text}</a>")
                } else {
                    format!("<a{rest}>{text}</a> (<span class=\"url\">{url}</span>)")
                }
            })
            .into_owned()
    }

    /// One start tag, its references resolved.
    fn tag_of(&self, name: &str, attrs: &str) -> String {
        let name_lc = name.to_ascii_lowercase();
        if name_lc == "link" {
            return self.link_tag(attrs);
        }
        let mut out = format!("<{name}");
        let mut external = None;
        for c in self.attr.captures_iter(attrs) {
            let space = &c[1];
            let attr = &c[2];
            let a = attr.to_ascii_lowercase();
            // Written back in double quotes: a single-quoted value's `"`
            // becomes `&quot;`.
            let value = c.get(3).map(|m| m.as_str().to_string()).or_else(|| {
                c.get(4)
                    .or(c.get(5))
                    .map(|m| m.as_str().replace('"', "&quot;"))
            });
            let value = value.as_deref();
            if a.starts_with("on")
                || matches!(
                    a.as_str(),
                    "srcset"
                        | "action"
                        | "formaction"
                        | "ping"
                        | "background"
                        | "lowsrc"
                        | "longdesc"
                        | "manifest"
                        | "codebase"
                        | "archive"
                        | "profile"
                        | "cite"
                        | "itemtype"
                ) && value.is_some_and(|v| !v.starts_with('#'))
            {
                continue;
            }
            let Some(value) = value else {
                out.push_str(space);
                out.push_str(attr);
                continue;
            };
            let is_ref = matches!(
                a.as_str(),
                "href" | "src" | "poster" | "data" | "xlink:href"
            );
            if a == "style" {
                let css = self.css(&unescape(value));
                out.push_str(&format!("{space}{attr}=\"{}\"", escape_attr(&css)));
                continue;
            }
            if !is_ref {
                out.push_str(&format!("{space}{attr}=\"{value}\""));
                continue;
            }
            match self.target(&unescape(value)) {
                Target::Keep => out.push_str(&format!("{space}{attr}=\"{value}\"")),
                Target::Inline(uri) => out.push_str(&format!("{space}{attr}=\"{uri}\"")),
                Target::External(url) if name_lc == "a" && a == "href" => {
                    external = Some(escape_attr(&url));
                }
                Target::External(_) | Target::Drop => {}
            }
        }
        if let Some(url) = external {
            // Put first, where the second pass finds it.
            out.insert_str(2, &format!(" {EXTERNAL_MARK}=\"{url}\""));
        }
        if attrs.trim_end().ends_with('/') && !out.ends_with('/') {
            out.push_str(" /");
        }
        out.push('>');
        out
    }

    /// A `<link>`: a style sheet of the site becomes a `<style>` element;
    /// any other link to a file or host goes.
    fn link_tag(&self, attrs: &str) -> String {
        let mut rel = String::new();
        let mut href = None;
        for c in self.attr.captures_iter(attrs) {
            let value = c
                .get(3)
                .or(c.get(4))
                .or(c.get(5))
                .map_or("", |m| m.as_str());
            match c[2].to_ascii_lowercase().as_str() {
                "rel" => rel = value.to_ascii_lowercase(),
                "href" => href = Some(unescape(value)),
                _ => {}
            }
        }
        match (rel.split_whitespace().any(|r| r == "stylesheet"), href) {
            (true, Some(h)) => match self.site_file(&h) {
                Some(bytes) => {
                    let css = self.css(&String::from_utf8_lossy(bytes));
                    format!("<style>\n{}\n</style>", css.replace("</", "<\\/"))
                }
                None => String::new(),
            },
            _ => String::new(),
        }
    }

    /// CSS with every `url(…)` inlined (or emptied) and no `@import`.
    fn css(&self, css: &str) -> String {
        let css: String = css
            .lines()
            .filter(|l| !l.trim_start().starts_with("@import"))
            .collect::<Vec<_>>()
            .join("\n");
        self.css_url
            .replace_all(&css, |c: &regex::Captures<'_>| {
                let v = c
                    .get(1)
                    .or(c.get(2))
                    .or(c.get(3))
                    .map_or("", |m| m.as_str());
                match self.target(v) {
                    Target::Keep if v.starts_with("data:") => format!("url(\"{v}\")"),
                    Target::Inline(uri) => format!("url(\"{uri}\")"),
                    _ => "url(\"data:,\")".to_string(),
                }
            })
            .into_owned()
    }

    /// Where a reference written on the print page (at the site root)
    /// points.
    fn target(&self, value: &str) -> Target {
        let v = value.trim();
        let lower = v.to_ascii_lowercase();
        if v.is_empty() || v.starts_with('#') {
            return Target::Keep;
        }
        if lower.starts_with("mailto:") || lower.starts_with("tel:") || lower.starts_with("data:") {
            return Target::Keep;
        }
        let scheme = lower.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
        if scheme || v.starts_with("//") || v.starts_with("\\\\") {
            let web = lower.starts_with("http://") || lower.starts_with("https://");
            return if web {
                Target::External(v.to_string())
            } else {
                Target::Drop
            };
        }
        match self.site_path(v) {
            Some(url) if url.ends_with(".html") => Target::Drop,
            Some(url) => {
                let bytes = self.files[url.as_str()];
                let data = base64::engine::general_purpose::STANDARD.encode(bytes);
                Target::Inline(format!("data:{};base64,{data}", super::mime_type(&url)))
            }
            None => Target::Drop,
        }
    }

    fn site_file(&self, value: &str) -> Option<&'a [u8]> {
        self.site_path(value).map(|u| self.files[u.as_str()])
    }

    /// The site file a relative reference names, if the site has it.
    fn site_path(&self, value: &str) -> Option<String> {
        let path = value.split(['?', '#']).next().unwrap_or("");
        let decoded = format!("{}{}", self.base, percent_decode(path));
        let mut parts: Vec<&str> = Vec::new();
        for seg in decoded.split(['/', '\\']) {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        let url = parts.join("/");
        self.files.contains_key(url.as_str()).then_some(url)
    }
}

/// The table of contents, after the print page's hint: one entry per
/// section whose first heading is level `from` or deeper, nested as its
/// headings are.
fn with_toc(html: &str, lang: &str, from: u8) -> String {
    let section = Regex::new(r#"<section id="([^"]+)" class="print-section[^"]*">"#)
        .expect("a valid regular expression");
    let heading =
        Regex::new(r"(?s)<h([1-6])\b[^>]*>(.*?)</h[1-6]>").expect("a valid regular expression");
    let mut entries: Vec<(u8, String, String)> = Vec::new();
    for c in section.captures_iter(html) {
        let rest = &html[c.get(0).map_or(0, |m| m.end())..];
        let next = section.find(rest).map_or(rest.len(), |m| m.start());
        if let Some(h) = heading.captures(&rest[..next]) {
            let level: u8 = h[1].parse().unwrap_or(2);
            let title = strip_tags(&h[2])
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            entries.push((level, c[1].to_string(), title));
        }
    }
    entries.retain(|(level, _, _)| *level >= from);
    if entries.is_empty() {
        return html.to_string();
    }
    let title = match lang {
        "nb" => "Innhold",
        "nn" => "Innhald",
        "en" => "Contents",
        "ar" => "المحتويات",
        "fa" => "فهرست مطالب",
        "so" => "Tusmada",
        _ => "Innehåll",
    };
    let mut toc = format!(
        "<nav class=\"toc single-file-toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">{title}</h2>\n"
    );
    let top = entries.iter().map(|e| e.0).min().unwrap_or(2);
    let mut depth = 0u8;
    for (level, id, text) in &entries {
        // One level deeper at most, so every list sits in an item.
        let want = (level.saturating_sub(top) + 1).min(depth + 1);
        if want > depth {
            for _ in depth..want {
                toc.push_str("\n<ol>");
            }
        } else {
            toc.push_str("</li>");
            for _ in want..depth {
                toc.push_str("\n</ol></li>");
            }
        }
        depth = want;
        toc.push_str(&format!("\n<li><a href=\"#{id}\">{text}</a>"));
    }
    toc.push_str("</li>");
    for _ in 1..depth {
        toc.push_str("\n</ol></li>");
    }
    toc.push_str("\n</ol>\n</nav>\n");
    match html.find("<p class=\"print-hint\">") {
        Some(start) => {
            let end = html[start..].find("</p>").map_or(start, |e| start + e + 4);
            format!("{}\n{toc}{}", &html[..end], &html[end..])
        }
        None => match html.find("<main id=\"main\" tabindex=\"-1\">") {
            Some(m) => {
                let end = m + "<main id=\"main\" tabindex=\"-1\">".len();
                format!("{}\n{toc}{}", &html[..end], &html[end..])
            }
            None => html.to_string(),
        },
    }
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for ch in s.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inline(page: &str, files: &[(&str, &[u8])]) -> String {
        let map: BTreeMap<&str, &[u8]> = files.iter().copied().collect();
        Inliner::new(&map).page(page)
    }

    #[test]
    fn references_become_data_or_go() {
        let css: &[u8] =
            b"body{background:url(img/bg.png)} .x{background:url('https://cdn.example/x.png')}";
        let page = r##"<link rel="stylesheet" href="style.css"><link rel="icon" href="https://x.example/i.ico">
<img src="img/a%20b.png" alt="A" srcset="img/a.png 2x"><a href="data/x.csv" download>CSV</a>
<a href="other.html">page</a> <a href="https://example.org/form?a=1&amp;b=2">the form</a> <a href="https://example.org/">https://example.org/</a>
<a href="#top" onclick="alert(1)">top</a><script>alert(1)</script><a href="mailto:a@b.invalid">m</a>
<img src='//evil.example/t.gif'><a href="file:///etc/passwd">f</a><img src="missing.png" alt="gone">"##;
        let out = inline(
            page,
            &[
                ("style.css", css),
                ("img/bg.png", b"\x89PNG"),
                ("img/a b.png", b"\x89PNG"),
                ("data/x.csv", b"a,b\n"),
                ("other.html", b"<p>"),
            ],
        );
        assert!(
            out.contains("<style>\nbody{background:url(\"data:image/png;base64,iVBORw==\")}"),
            "{out}"
        );
        assert!(out.contains("url(\"data:,\")"), "{out}");
        assert!(
            out.contains(r#"<img src="data:image/png;base64,iVBORw==" alt="A">"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<a href="data:text/csv;charset=utf-8;base64,YSxiCg==" download>"#),
            "{out}"
        );
        assert!(out.contains("<a>page</a>"), "{out}");
        assert!(
            out.contains(
                r#"<a>the form</a> (<span class="url">https://example.org/form?a=1&amp;b=2</span>)"#
            ),
            "{out}"
        );
        assert!(out.contains("<a>https://example.org/</a>\n"), "{out}");
        assert!(out.contains(r##"<a href="#top">top</a>"##), "{out}");
        assert!(out.contains(r#"<a href="mailto:a@b.invalid">"#), "{out}");
        for bad in [
            "<script",
            "onclick",
            "evil.example",
            "file:",
            "missing.png",
            "srcset",
            "<link",
            "href=\"http",
            "src=\"http",
        ] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
    }

    #[test]
    fn toc_nests_sections_by_heading() {
        let page = r#"<main id="main" tabindex="-1">
<p class="print-hint">Hint</p>
<section id="index" class="print-section"><h1>Title</h1></section>
<section id="fas" class="print-section print-break"><h2><span>Fas 1:</span> Förberedelser</h2></section>
<section id="fas-a" class="print-section"><h3>A &amp; B</h3></section>
<section id="fynd" class="print-section print-break"><h2>Fynd</h2></section>
</main>"#;
        let out = with_toc(page, "sv", 2);
        assert!(out.contains("<h2 id=\"toc-title\">Innehåll</h2>"), "{out}");
        let toc = &out[out.find("<nav").unwrap()..out.find("</nav>").unwrap()];
        assert_eq!(
            toc.split_whitespace().collect::<String>(),
            "<navclass=\"tocsingle-file-toc\"aria-labelledby=\"toc-title\"><h2id=\"toc-title\">Innehåll</h2><ol><li><ahref=\"#fas\">Fas1:Förberedelser</a><ol><li><ahref=\"#fas-a\">A&amp;B</a></li></ol></li><li><ahref=\"#fynd\">Fynd</a></li></ol>"
        );
        assert!(out.find("Hint").unwrap() < out.find("<nav").unwrap());
    }
}
