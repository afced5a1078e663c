//! Render the print page: the template's head and tail around the print
//! section of every page, in the print plan's reading order.

use super::page::PageResult;
use super::prepare_site::{main_renderer, main_spec};
use super::{OutFile, Prepared, RenderInput, WholeOutputs, print, resident_pages};

/// Stands in the print page's template for its body, so the page can be
/// written head, sections, tail without holding it whole.
pub(super) const PRINT_BODY_MARK: &str = "\u{1}kartsite-print-body\u{1}";

/// The print page with `body` in it.
pub(super) fn print_page_of(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    langs: &[String],
    body: &str,
) -> PageResult {
    let title = input.theme.t("print_title");
    let (r, main) = main_renderer(input, prepared);
    r.page(
        &main,
        main_spec(
            "print.html",
            print::PRINT_URL,
            &title,
            None,
            langs,
            input.settings.language(),
        ),
        |ctx| ctx.insert("print_body", body),
    )
}

/// Make the print page from what rendering each page found (`page` gives
/// the result of the page at a URL) into `out`, with the ids on it when
/// `print_ids`.
pub(super) fn render_print_page<'p>(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    page: &(dyn Fn(&str) -> Option<&'p PageResult> + Sync),
    print_ids: bool,
    out: &mut WholeOutputs,
) {
    let langs = resident_pages::languages(input.report, input.settings, input.theme);
    let shell = print_page_of(input, prepared, &langs, PRINT_BODY_MARK);
    out.errors
        .extend(shell.diagnostics.iter().filter(|d| d.is_error()).cloned());
    if let Some(f) = &shell.file {
        let text = String::from_utf8_lossy(&f.bytes);
        let (head, tail) = text.split_once(PRINT_BODY_MARK).unwrap_or((&text, ""));
        let mut bytes = head.as_bytes().to_vec();
        let mut ids: Vec<String> = shell.ids.iter().map(str::to_string).collect();
        for part in &prepared.print.parts {
            if let Some(r) = page(&part.url) {
                if let Some(section) = &r.print {
                    bytes.extend_from_slice(section.as_bytes());
                }
                if print_ids {
                    ids.push(part.id.clone());
                    ids.extend(r.ids.iter().map(|i| format!("{}--{i}", part.id)));
                }
            }
        }
        bytes.extend_from_slice(tail.as_bytes());
        out.print_ids = print_ids.then(|| ids.into_iter().collect());
        out.files.push(OutFile {
            url: print::PRINT_URL.into(),
            bytes,
        });
    }
}
