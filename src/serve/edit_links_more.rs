//! "Edit" links on the items that are not articles: SWOT entries, årshjul
//! activities, environmental factors, network links and target groups,
//! glossary entries and key persons. The default theme marks each with a
//! class `item-<kind>` (a built site has the class, never a link).

use crate::edit::form;
use crate::edit::kinds::{Kind, link_key};
use crate::edit::strings::t;

/// `html` with an "Edit" link in every marked item; the kinds found are
/// added to `kinds_here` (for the page's "New …" links).
pub(crate) fn add(html: &str, from: &str, lang: &str, kinds_here: &mut Vec<Kind>) -> String {
    const MARK: &str = " class=\"item-";
    let mut out = String::with_capacity(html.len() + 2048);
    let mut rest = html;
    while let Some(m) = rest.find(MARK) {
        let Some(lt) = rest[..m].rfind('<') else {
            out.push_str(&rest[..m + MARK.len()]);
            rest = &rest[m + MARK.len()..];
            continue;
        };
        let gt = rest[m..].find('>').map_or(rest.len(), |e| m + e + 1);
        let tag = &rest[lt..gt];
        let Some((kind, address, described)) = item_of(tag, &rest[gt..]) else {
            out.push_str(&rest[..gt]);
            rest = &rest[gt..];
            continue;
        };
        if !kinds_here.contains(&kind) {
            kinds_here.push(kind);
        }
        // Inside the element: in a row's first cell, a glossary entry's
        // explanation, or at the start of a list item or heading cell.
        let name: String = tag[1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let inner = match name.as_str() {
            "tr" => first_tag_end(&rest[gt..], &["<td", "<th"]),
            "div" => first_tag_end(&rest[gt..], &["<dd"]),
            _ => Some(0),
        };
        let at = gt + inner.unwrap_or(0);
        out.push_str(&rest[..at]);
        let describedby = described
            .map(|id| format!(" aria-describedby=\"{}\"", form::esc(&id)))
            .unwrap_or_default();
        out.push_str(&format!(
            "<span class=\"ks-edit\" style=\"float:inline-end;margin-inline-start:.5rem\"><a href=\"{}{}/{}?from={from}\"{describedby}>{}</a></span>",
            form::EDIT_PATH,
            kind.key(),
            form::seg(&address),
            t(lang, "edit")
        ));
        rest = &rest[at..];
    }
    out.push_str(rest);
    out
}

/// Where the first of `tags` that opens in `s` ends (before the item's
/// own end is not checked: the default theme's rows always have cells).
fn first_tag_end(s: &str, tags: &[&str]) -> Option<usize> {
    let at = tags.iter().filter_map(|t| s.find(t)).min()?;
    s[at..].find('>').map(|e| at + e + 1)
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    tag[start..].split('"').next()
}

/// The kind, address and (when the element has one) id of a marked item.
fn item_of(tag: &str, after: &str) -> Option<(Kind, String, Option<String>)> {
    let class = attr(tag, "class")?;
    let mut classes = class.split(' ');
    let kind = Kind::parse(classes.next()?.strip_prefix("item-")?)?;
    let id = attr(tag, "id").map(unescape);
    let address = match kind {
        Kind::Glossary => id.as_deref()?.strip_prefix("t-")?.to_string(),
        Kind::TargetGroup => id.as_deref()?.strip_prefix("group-")?.to_string(),
        Kind::Link => {
            // The row's first two cells link to the actors at its ends.
            let row = &after[..after.find("</tr>").unwrap_or(after.len())];
            let mut ends = row
                .split("href=\"#")
                .skip(1)
                .filter_map(|r| r.split('"').next());
            let (a, b) = (ends.next()?, ends.next()?);
            let kind = classes.find_map(|c| c.strip_prefix("link-")).unwrap_or("");
            link_key(&unescape(a), &unescape(b), kind)
        }
        _ => id.clone()?,
    };
    Some((kind, address, id))
}

/// An attribute value as written in HTML, decoded.
pub(super) fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_items_get_an_edit_link_inside_them() {
        let page = concat!(
            "<ul><li id=\"s-a\" class=\"item-swot\">Styrka</li></ul>",
            "<table><tr id=\"o-b\" class=\"item-factor\"><th scope=\"row\">B</th></tr>",
            "<tr class=\"item-link link-formal\"><td><a href=\"#a-x\">X</a></td><td><a href=\"#a-y\">Y</a></td></tr></table>",
            "<dl><div id=\"t-fritidsgard\" class=\"item-glossary\"><dt><dfn>fritidsgård</dfn></dt><dd>En plats</dd></div></dl>",
            "<th scope=\"col\" id=\"group-aldre\" class=\"item-target_group\">Äldre</th>",
            "<path class=\"item-nothing\" id=\"x\"/>",
        );
        let mut kinds = Vec::new();
        let out = add(page, "a.html", "sv", &mut kinds);
        assert!(
            out.contains("<li id=\"s-a\" class=\"item-swot\"><span class=\"ks-edit\""),
            "{out}"
        );
        assert!(
            out.contains(
                "/__kartsite/edit/swot/s-a?from=a.html\" aria-describedby=\"s-a\">Ändra</a>"
            ),
            "{out}"
        );
        assert!(
            out.contains("<th scope=\"row\"><span class=\"ks-edit\""),
            "{out}"
        );
        assert!(
            out.contains("/__kartsite/edit/link/a-x~a-y~formal?from=a.html\">Ändra"),
            "{out}"
        );
        assert!(
            out.contains("<dd><span class=\"ks-edit\"")
                && out.contains("/edit/glossary/fritidsgard?"),
            "{out}"
        );
        assert!(out.contains("/edit/target_group/aldre?"), "{out}");
        assert!(!out.contains("/edit/nothing/"), "{out}");
        assert_eq!(
            kinds,
            [
                Kind::Swot,
                Kind::Factor,
                Kind::Link,
                Kind::Glossary,
                Kind::TargetGroup
            ]
        );
    }
}
