//! The pages for residents in one language of `[book] languages`
//! (`ar/residents.html`, the translated resident pages, the glossary) made
//! into one page for `kartsite export html --lang ar`: the `<main>` of each
//! page becomes a `<section>`, its ids get the section's id as a prefix,
//! and links between the pages become links to the sections. The page
//! keeps the language and direction of the pages it is made from.

use std::collections::BTreeMap;

use regex::Regex;

const MAIN_OPEN: &str = "<main id=\"main\" tabindex=\"-1\">";

/// The pages in `lang` as one page whose references are relative to the
/// folder `<lang>/`; `None` if the site has no page in `lang`.
pub(super) fn combine(files: &BTreeMap<&str, &[u8]>, lang: &str) -> Option<String> {
    let prefix = format!("{lang}/");
    let flyer = format!("{prefix}flyer.html");
    let mut urls: Vec<&str> = files
        .keys()
        .copied()
        .filter(|u| {
            u.strip_prefix(&prefix)
                .is_some_and(|rest| rest.ends_with(".html") && !rest.contains('/'))
                && *u != flyer
        })
        .collect();
    // The feedback page for residents first, the glossary last.
    let rank = |u: &str| match u.strip_prefix(&prefix) {
        Some("residents.html") => 0,
        Some("glossary.html") => 2,
        _ => 1,
    };
    urls.sort_by_key(|u| (rank(u), *u));
    let first = *urls.first()?;
    let ids: BTreeMap<&str, String> = urls.iter().map(|u| (*u, section_id(u))).collect();
    let shell = String::from_utf8_lossy(files[first]).into_owned();
    let (head, rest) = shell.split_once(MAIN_OPEN)?;
    let (_, tail) = rest.split_once("</main>")?;
    let body_at = head
        .find("<body>")
        .map_or(head.len(), |i| i + "<body>".len());
    let mut out = head[..body_at].to_string();
    let keep = |re: &str| {
        Regex::new(re)
            .ok()
            .and_then(|r| r.find(head).map(|m| m.as_str().to_string()))
    };
    for part in [
        keep(r#"(?s)<a class="skip-link"[^>]*>.*?</a>"#),
        keep(r#"(?s)<p class="internal-banner">.*?</p>"#),
    ]
    .into_iter()
    .flatten()
    {
        out.push('\n');
        out.push_str(&part);
    }
    out.push('\n');
    out.push_str(MAIN_OPEN);
    out.push('\n');
    let id_attr = Regex::new(
        r#"\s(id|for|aria-labelledby|aria-describedby|aria-controls|headers)="([^"]*)""#,
    )
    .expect("a valid regular expression");
    let href = Regex::new(r#"\s(href|xlink:href)="([^"]*)""#).expect("a valid regular expression");
    let svg_ref = Regex::new(r"url\(#").expect("a valid regular expression");
    for url in &urls {
        let page = String::from_utf8_lossy(files[*url]);
        let Some(inner) = page
            .split_once(MAIN_OPEN)
            .and_then(|(_, r)| r.split_once("</main>"))
            .map(|(m, _)| m)
        else {
            continue;
        };
        let sid = &ids[url];
        let inner = id_attr.replace_all(inner, |c: &regex::Captures<'_>| {
            let tokens: Vec<String> = c[2]
                .split_whitespace()
                .map(|t| format!("{sid}--{t}"))
                .collect();
            format!(" {}=\"{}\"", &c[1], tokens.join(" "))
        });
        let inner = svg_ref.replace_all(&inner, format!("url(#{sid}--"));
        let inner = href.replace_all(&inner, |c: &regex::Captures<'_>| {
            let target = link_target(&c[2], &prefix, sid, &ids);
            format!(
                " {}=\"{}\"",
                &c[1],
                target.unwrap_or_else(|| c[2].to_string())
            )
        });
        out.push_str(&format!(
            "<section id=\"{sid}\" class=\"print-section\">\n{inner}\n</section>\n"
        ));
    }
    out.push_str("</main>");
    out.push_str(tail);
    Some(out)
}

/// `ar/residents.html` → `ar-residents`.
fn section_id(url: &str) -> String {
    url.trim_end_matches(".html").replace(['/', '.'], "-")
}

/// Where a link of a page in `dir` goes in the combined page: `None` to
/// leave it (a file, another site, a page not combined).
fn link_target(value: &str, dir: &str, sid: &str, ids: &BTreeMap<&str, String>) -> Option<String> {
    if let Some(frag) = value.strip_prefix('#') {
        return Some(if frag.is_empty() || frag == "main" {
            format!("#{sid}")
        } else {
            format!("#{sid}--{frag}")
        });
    }
    let lower = value.to_ascii_lowercase();
    if lower.contains(':') || value.starts_with("//") {
        return None;
    }
    let (path, frag) = value.split_once('#').unwrap_or((value, ""));
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    crate::links::walk(&mut parts, path.split('/'))?;
    let target = ids.get(parts.join("/").as_str())?;
    Some(if frag.is_empty() {
        format!("#{target}")
    } else {
        format!("#{target}--{frag}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_become_sections_with_their_links_inside() {
        let page = |body: &str| {
            format!(
                "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head><link rel=\"stylesheet\" href=\"../style.css\"></head>\n<body>\n<a class=\"skip-link\" href=\"#main\">تخطى</a>\n<nav><a href=\"../index.html\">x</a></nav>\n{MAIN_OPEN}\n{body}\n</main>\n<footer>f</footer>\n</body>\n</html>\n"
            )
        };
        let res = page(
            r##"<h1 id="t">ملاحظات</h1><a href="glossary.html#term-lix">LIX</a><a href="#t">top</a><svg><rect fill="url(#p1)"/></svg><label for="q">q</label>"##,
        );
        let glo = page(
            r#"<h1>قاموس</h1><dfn id="term-lix">LIX</dfn><a href="residents.html">back</a><a href="../data/x.csv">csv</a>"#,
        );
        let flyer = page("<h1>flyer</h1>");
        let files: BTreeMap<&str, &[u8]> = [
            ("ar/glossary.html", glo.as_bytes()),
            ("ar/residents.html", res.as_bytes()),
            ("ar/flyer.html", flyer.as_bytes()),
            ("residents.html", b"<p>sv</p>".as_slice()),
        ]
        .into_iter()
        .collect();
        let out = combine(&files, "ar").unwrap();
        assert!(out.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
        assert!(!out.contains("<nav>") && !out.contains("flyer"), "{out}");
        let res_at = out.find("<section id=\"ar-residents\"").unwrap();
        let glo_at = out.find("<section id=\"ar-glossary\"").unwrap();
        assert!(res_at < glo_at, "the feedback page first");
        for part in [
            r##"<h1 id="ar-residents--t">"##,
            r##"<a href="#ar-glossary--term-lix">"##,
            r##"<a href="#ar-residents--t">"##,
            "fill=\"url(#ar-residents--p1)\"",
            "<label for=\"ar-residents--q\">",
            r##"<a href="#ar-residents">back</a>"##,
            r#"<a href="../data/x.csv">"#,
            "<footer>f</footer>",
            "class=\"skip-link\" href=\"#main\"",
        ] {
            assert!(out.contains(part), "{part} in {out}");
        }
        assert!(combine(&files, "so").is_none());
    }
}
