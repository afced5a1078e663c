//! The "Edit" link on every item of a preview page and the bar with
//! "New …" links (`serve --edit` only; a built site never has them).

use crate::edit::form;
use crate::edit::kinds::Kind;
use crate::edit::strings::t;

/// The page with "Edit" links on every item and a bar with "New …" links
/// after `<main …>` (only in the preview, with `--edit`).
pub fn add_links(html: &[u8], url: &str, lang: &str) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(html) else {
        return html.to_vec();
    };
    let from = form::seg(url).replace("%2F", "/");
    let mut out = String::with_capacity(text.len() + 4096);
    let mut kinds_here: Vec<Kind> = Vec::new();
    let mut rest = text;
    while let Some((at, kind, id, labelled)) = next_item(rest) {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        out.push_str(&rest[..end]);
        if !kinds_here.contains(&kind) {
            kinds_here.push(kind);
        }
        let described = if labelled {
            format!(" aria-describedby=\"{}-h\"", form::esc(id))
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<p class=\"ks-edit\" style=\"margin:0 0 .5rem;text-align:end\"><a href=\"{}{}/{}?from={from}\"{described}>{}</a></p>",
            form::EDIT_PATH,
            kind.key(),
            form::seg(&super::edit_links_more::unescape(id)),
            t(lang, "edit")
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    let mut out = super::edit_links_more::add(&out, &from, lang, &mut kinds_here);
    // The bar: the overview, and "New …" for each kind on this page.
    let Some(main) = out.find("<main") else {
        return out.into_bytes();
    };
    let Some(close) = out[main..].find('>').map(|e| main + e + 1) else {
        return out.into_bytes();
    };
    let mut bar = format!(
        "<nav class=\"ks-edit-bar\" aria-label=\"{0}\" style=\"margin:0 0 1rem;padding:.5rem;border:2px dashed currentColor\"><a href=\"{1}?from={from}\">{0}</a>",
        t(lang, "overview"),
        form::EDIT_PATH
    );
    for k in &kinds_here {
        bar.push_str(&format!(
            " · <a href=\"{}{}?from={from}\">{} {}</a>",
            form::NEW_PATH,
            k.key(),
            t(lang, "new"),
            t(lang, &format!("kind.{}", k.key()))
        ));
    }
    bar.push_str("</nav>");
    out.insert_str(close, &bar);
    out.into_bytes()
}

/// The next rendered item: `<article class="item priority" id="…"` or
/// `<figure class="quote" id="…"`. Gives where its tag starts, its kind,
/// its id (as written in the HTML) and whether it has a heading `<id>-h`.
fn next_item(s: &str) -> Option<(usize, Kind, &str, bool)> {
    let mut from = 0;
    loop {
        let a = s[from..].find("<article class=\"item ").map(|i| from + i);
        let q = s[from..]
            .find("<figure class=\"quote\" id=\"")
            .map(|i| from + i);
        let at = match (a, q) {
            (Some(a), Some(q)) => a.min(q),
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => return None,
        };
        let tag_end = s[at..].find('>').map_or(s.len(), |e| at + e);
        let tag = &s[at..tag_end];
        let kind = if tag.starts_with("<figure") {
            Some(Kind::Quote)
        } else {
            tag.strip_prefix("<article class=\"item ")
                .and_then(|r| r.split('"').next())
                .and_then(|c| c.split(' ').next())
                .and_then(Kind::parse)
        };
        let id = tag
            .split_once(" id=\"")
            .and_then(|(_, r)| r.split('"').next());
        if let (Some(kind), Some(id)) = (kind, id) {
            return Some((at, kind, id, tag.contains("aria-labelledby")));
        }
        from = tag_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_get_edit_links_and_the_page_a_bar() {
        let page = "<body><main id=\"main\" tabindex=\"-1\"><article class=\"item priority\" id=\"pr-a\" aria-labelledby=\"pr-a-h\"><h2 id=\"pr-a-h\">A</h2></article><figure class=\"quote\" id=\"q-b\">x</figure><article class=\"item unknown\" id=\"z\"></article></main></body>";
        let out = String::from_utf8(add_links(page.as_bytes(), "analys/prio.html", "nb")).unwrap();
        assert!(out.contains("<article class=\"item priority\" id=\"pr-a\" aria-labelledby=\"pr-a-h\"><p class=\"ks-edit\""), "{out}");
        assert!(out.contains("href=\"/__kartsite/edit/priority/pr-a?from=analys/prio.html\" aria-describedby=\"pr-a-h\">Endre</a>"), "{out}");
        assert!(out.contains("/__kartsite/edit/quote/q-b?from="), "{out}");
        assert!(!out.contains("/edit/unknown/"), "{out}");
        assert!(
            out.contains("<main id=\"main\" tabindex=\"-1\"><nav class=\"ks-edit-bar\""),
            "{out}"
        );
        assert!(out.contains("Ny prioritering</a> · <a href=\"/__kartsite/new/quote?from=analys/prio.html\">Ny sitat</a>"), "{out}");
    }
}
