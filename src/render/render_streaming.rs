//! Render the whole site into a [`Sink`], each page as soon as it is made:
//! the build holds the report, not the site.

use std::collections::{BTreeMap, BTreeSet};

use super::finish_site::complete;
use super::markdown::AnchorRef;
use super::page::PageResult;
use super::render_pages::render_each;
use super::render_print_page::{PRINT_BODY_MARK, print_page_of};
use super::render_search_index::{Made, page_docs, search_entries};
use super::{Everything, OutFile, RenderInput, anchors, prepare, print, resident_pages, search};
use crate::error::{Diagnostic, Diagnostics};

/// Receives the files of a streamed render as they are made.
pub trait Sink {
    /// A whole output file.
    fn file(&mut self, file: OutFile);
    /// The next bytes of the file at `url` (the print page, made section
    /// by section).
    fn append(&mut self, url: &str, bytes: Vec<u8>);
    /// A page and the next section of the print page at `print_url`,
    /// made from it: the section appended, then the page. Together, so
    /// that the exit gate reads the section beside the page it repeats.
    fn page_and_section(&mut self, page: OutFile, print_url: &str, section: Vec<u8>) {
        self.append(print_url, section);
        self.file(page);
    }
}

/// What a streamed render found.
#[derive(Debug, Default)]
pub struct Streamed {
    /// Files handed to the sink.
    pub files: usize,
    /// HTML pages among them.
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    pub readability: Vec<(String, f64)>,
}

/// Render the whole site into `sink`, each page as soon as it is made: the
/// build holds the report and what the outputs made from every page need,
/// but not the site. The bytes are those of [`render_site`](super::render_site). On `Err` the
/// sink has received an incomplete site.
pub(crate) fn render_streaming(
    input: &RenderInput<'_>,
    sink: &mut dyn Sink,
) -> Result<Streamed, Diagnostics> {
    let prepared = prepare(input);
    let langs = resident_pages::languages(input.report, input.settings, input.theme);
    let mut streamed = Streamed::default();
    // The print page's head and tail around the sections.
    let shell = print_page_of(input, &prepared, &langs, PRINT_BODY_MARK);
    let shell_text = shell
        .file
        .as_ref()
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .unwrap_or_default();
    let (head, tail) = shell_text
        .split_once(PRINT_BODY_MARK)
        .unwrap_or((shell_text.as_str(), ""));
    let print_url = print::PRINT_URL;
    let printing = shell.file.is_some();
    if printing {
        sink.append(print_url, head.as_bytes().to_vec());
    }
    // Each search document's number: its place in the index.
    let doc_numbers: BTreeMap<String, u32> = (0u32..)
        .zip(page_docs(input))
        .map(|(n, (url, _))| (url, n))
        .collect();
    let mut index = search::IndexBuilder::new(input.settings.language());
    let mut indexed = BTreeSet::new();
    let mut metas: Vec<(String, PageResult)> = Vec::new();
    render_each(input, &prepared, &Everything, &mut |mut res| {
        let section = res.print.take().filter(|_| printing);
        if let Some(e) = res.search.take()
            && let Some(&n) = doc_numbers.get(&e.url)
            && indexed.insert(n)
        {
            index.add(n, &e);
        }
        match (res.file.take(), section) {
            (Some(f), section) => {
                streamed.files += 1;
                streamed.pages += usize::from(crate::paths::is_page(&f.url));
                match section {
                    Some(s) => sink.page_and_section(f, print_url, s.into_bytes()),
                    None => sink.file(f),
                }
                res.kept = true;
            }
            (None, Some(s)) => sink.append(print_url, s.into_bytes()),
            (None, None) => {}
        }
        res.text = None;
        metas.push((res.url.clone(), res));
    });
    if printing {
        sink.append(print_url, tail.as_bytes().to_vec());
        streamed.files += 1;
        streamed.pages += 1;
    }
    // Documents no page brought (the items, and pages that failed); an
    // empty entry marks one already indexed.
    let made = |n, _: &str| {
        if indexed.contains(&n) {
            Made::Indexed
        } else {
            Made::Nothing
        }
    };
    for (n, e) in search_entries(input, made) {
        index.add(n, &e);
    }
    let search = index.finish(input.theme);
    // Ids on the print page (its own and each section's), if a link names
    // one.
    let to_print = |a: &AnchorRef| a.url == print::PRINT_URL;
    let print_ids = (prepared.view_anchors.iter().any(to_print)
        || metas.iter().any(|(_, r)| r.anchors.iter().any(to_print)))
    .then(|| {
        let by_url: BTreeMap<&str, &PageResult> =
            metas.iter().map(|(u, r)| (u.as_str(), r)).collect();
        let mut ids: Vec<String> = shell.ids.iter().map(str::to_string).collect();
        for part in &prepared.print.parts {
            ids.push(part.id.clone());
            if let Some(r) = by_url.get(part.url.as_str()) {
                ids.extend(r.ids.iter().map(|i| format!("{}--{i}", part.id)));
            }
        }
        ids.into_iter().collect()
    })
    .or_else(|| Some(anchors::Ids::default()));
    let mut site = complete(input, &prepared, &mut metas, print_ids, &Everything)?;
    if let Some(d) = shell.diagnostics.iter().find(|d| d.is_error()) {
        return Err(Diagnostics(vec![d.clone()]));
    }
    site.files.push(OutFile {
        url: search::SEARCH_INDEX_URL.into(),
        bytes: search,
    });
    for f in site.files {
        streamed.files += 1;
        streamed.pages += usize::from(crate::paths::is_page(&f.url));
        sink.file(f);
    }
    streamed.warnings = site.warnings;
    streamed.readability = site.readability;
    Ok(streamed)
}
