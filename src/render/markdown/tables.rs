//! Markdown tables made usable at every width: each table sits in a
//! scroll container that keyboard users can reach (a focus stop, the role
//! `group` and a name made from the table's column headings), and an empty
//! header cell is written as `<td>`, so no header is empty.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::chart::svg::esc as esc_attr;

/// Wraps every table of `events` in `<div class="table-scroll" …>`.
pub(super) fn wrap(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Table(_))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    for (i, ev) in events.iter().enumerate() {
        match ev {
            Event::Start(Tag::Table(_)) => {
                let name = heading_text(&events[i..]);
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" role=\"group\" tabindex=\"0\" aria-label=\"{}\">\n",
                    esc_attr(&name)
                ))));
                out.push(ev.clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(ev.clone());
                out.push(Event::Html(CowStr::Borrowed("</div>\n")));
            }
            _ => out.push(ev.clone()),
        }
    }
    out
}

/// The text of the header cells of the table starting at `events[0]`,
/// joined with ", "; the first body row when the header is empty.
fn heading_text(events: &[Event<'_>]) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cell: Option<String> = None;
    for ev in events {
        match ev {
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some(row)) = (cell.take(), rows.last_mut()) {
                    let c = c.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !c.is_empty() {
                        row.push(c);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(t);
                }
            }
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) if rows.len() >= 2 => {
                break;
            }
            Event::End(TagEnd::Table) => break,
            _ => {}
        }
    }
    rows.into_iter()
        .find(|r| !r.is_empty())
        .map(|r| r.join(", "))
        .unwrap_or_else(|| "–".to_string())
}

/// `<th></th>` (a Markdown table whose header cell is left empty, often the
/// corner above row labels) as `<td></td>`: a header must name something.
pub(super) fn fill_empty_headers(html: &mut String) {
    if html.contains("<th></th>") || html.contains("<th style=") {
        let mut s = html.replace("<th></th>", "<td></td>");
        for align in ["left", "center", "right"] {
            s = s.replace(
                &format!("<th style=\"text-align: {align}\"></th>"),
                &format!("<td style=\"text-align: {align}\"></td>"),
            );
        }
        *html = s;
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Options, Parser};

    fn html(md: &str) -> String {
        let events = super::wrap(Parser::new_ext(md, Options::ENABLE_TABLES).collect());
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        super::fill_empty_headers(&mut out);
        out
    }

    #[test]
    fn tables_get_a_named_focusable_scroll_container() {
        let out = html("| Område | Andel <b>x</b> |\n|---|---:|\n| Norrbacka | 12 |\n");
        assert!(
            out.starts_with("<div class=\"table-scroll\" role=\"group\" tabindex=\"0\" aria-label=\"Område, Andel x\">\n<table>"),
            "{out}"
        );
        assert!(out.ends_with("</table>\n</div>\n"), "{out}");
    }

    #[test]
    fn an_empty_corner_header_is_a_data_cell_and_the_name_skips_it() {
        let out = html("| | 2024 | 2025 |\n|---|:-:|---|\n| Norrbacka | 1 | 2 |\n");
        assert!(
            out.contains("<thead><tr><td></td><th style=\"text-align: center\">2024</th>"),
            "{out}"
        );
        assert!(out.contains("aria-label=\"2024, 2025\""), "{out}");
        let empty = html("| |\n|:-:|\n| \"a\" & b |\n");
        assert!(
            empty.contains("<td style=\"text-align: center\"></td>"),
            "{empty}"
        );
        assert!(
            empty.contains("aria-label=\"&quot;a&quot; &amp; b\""),
            "{empty}"
        );
    }
}
