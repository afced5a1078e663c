//! Finish a render: what is made from every page (chart downloads, the
//! print page, the search index, anchor checks, readability warnings) and
//! the files copied as they are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::markdown::AnchorRef;
use super::page::PageResult;
use super::render_chart_files::chart_files;
use super::render_print_page::render_print_page;
use super::render_search_index::render_search_index;
use super::{
    OutFile, Output, Prepared, RenderInput, RenderedSite, Selector, anchors, kumu, look, print,
    resident_pages, search, views,
};
use crate::chart::PlacedChart;
use crate::error::{Diagnostic, Diagnostics};

/// Make what is made from every page (chart downloads, the print page, the
/// search index, anchor checks, readability warnings) and add the files
/// copied as they are. `pages` are the pages just rendered, in the order a
/// whole build renders them, with the results of earlier renders (without
/// their file) for the pages not rendered again. Returns every file made
/// (the pages of `pages` included), sorted by path, with the warnings of
/// every page.
pub fn finish(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    pages: &mut [(String, PageResult)],
    selector: &dyn Selector,
) -> Result<RenderedSite, Diagnostics> {
    let want = |url| selector.wants(Output::Whole { url });
    let (want_print, want_search) = (want(print::PRINT_URL), want(search::SEARCH_INDEX_URL));
    let whole = if !want_print && !want_search {
        WholeOutputs::default()
    } else {
        let mut by_url: BTreeMap<&str, &PageResult> = BTreeMap::new();
        for (url, r) in pages.iter() {
            by_url.entry(url.as_str()).or_insert(r);
        }
        let to_print = |a: &AnchorRef| a.url == print::PRINT_URL;
        let print_ids = prepared.view_anchors.iter().any(to_print)
            || pages.iter().any(|(_, r)| r.anchors.iter().any(to_print));
        whole_outputs(
            input,
            prepared,
            &|url| by_url.get(url).copied(),
            want_print,
            want_search,
            print_ids,
        )
    };
    let print_ids = whole.print_ids;
    let mut site = complete(input, prepared, pages, print_ids, selector)?;
    if let Some(d) = whole.errors.into_iter().next() {
        return Err(Diagnostics(vec![d]));
    }
    site.files.extend(whole.files);
    sort_files(&mut site.files);
    Ok(site)
}

/// The outputs made from every page: the print page and the search index.
#[derive(Debug, Default)]
pub struct WholeOutputs {
    pub files: Vec<OutFile>,
    /// The ids on the print page, if it was made (and they were asked
    /// for).
    pub print_ids: Option<anchors::Ids>,
    /// Errors of the print page's template.
    pub errors: Vec<Diagnostic>,
}

/// Make the print page (with `print`) and the search index (with
/// `search`) from what rendering each page found: `page` gives the result
/// of the page at a URL (rendered now or kept from before). `serve` makes
/// them after it has served the edited page.
pub(crate) fn whole_outputs<'p>(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    page: &(dyn Fn(&str) -> Option<&'p PageResult> + Sync),
    print: bool,
    search: bool,
    print_ids: bool,
) -> WholeOutputs {
    let mut out = WholeOutputs::default();
    if print {
        render_print_page(input, prepared, page, print_ids, &mut out);
    }
    if search {
        out.files.push(render_search_index(input, page));
    }
    out
}

/// What [`finish`] and [`render_streaming`](fn@super::render_streaming) share: chart downloads,
/// warnings, anchor checks (`print_ids`: the sorted ids of the print page,
/// if made), the page files still in `pages`, and the files copied as they
/// are.
pub(super) fn complete(
    input: &RenderInput<'_>,
    prepared: &Prepared,
    pages: &mut [(String, PageResult)],
    print_ids: Option<anchors::Ids>,
    selector: &dyn Selector,
) -> Result<RenderedSite, Diagnostics> {
    let RenderInput {
        report,
        settings,
        theme,
        ..
    } = input;
    let langs = resident_pages::languages(report, settings, theme);
    let mut errors = prepared.view_diagnostics.clone();
    let mut anchor_refs = prepared.view_anchors.clone();
    let mut out = Vec::new();
    let mut readability = Vec::new();
    let mut charts: Vec<&PlacedChart> = Vec::new();
    for (_, res) in pages.iter() {
        charts.extend(&res.charts);
        if let (Some(l), true) = (res.lix, res.file.is_some() || res.kept) {
            readability.push((res.url.clone(), l));
        }
        errors.extend(res.diagnostics.iter().cloned());
        anchor_refs.extend(res.anchors.iter().cloned());
    }
    out.extend(chart_files(charts, &mut errors));
    // Made from what the actor map shows: re-made with the actors page.
    if pages
        .iter()
        .any(|(url, res)| url == views::ACTORS_URL && res.file.is_some())
        || (pages
            .iter()
            .any(|(url, res)| url == views::ACTORS_URL && res.kept)
            && selector.wants(Output::File {
                url: kumu::ELEMENTS_URL,
            }))
    {
        out.extend(kumu::files(report, settings, theme));
    }
    if settings.config.build.base_url.is_none()
        && (!langs.is_empty() || !report.priorities.is_empty())
    {
        errors.push(
            Diagnostic::warning(
                "no-base-url",
                "book.toml",
                crate::msg!("site.the-flyers-have-no-qr"),
            )
            .hint(crate::msg!("site.set-base-url-to-the")),
        );
    }
    for (url, lix) in &readability {
        if *lix > settings.config.readability.lix_max {
            let source = report
                .pages
                .iter()
                .find(|p| &p.url == url)
                .map_or_else(|| PathBuf::from(format!("({url})")), |p| p.source.clone());
            errors.push(
                Diagnostic::warning(
                    "readability",
                    source,
                    crate::msg!(
                        "site.the-resident-page-has-lix",
                        url = url.to_string(),
                        lix = format!("{:.0}", lix),
                        lix_max = format!("{:.0}", settings.config.readability.lix_max)
                    ),
                )
                .hint(crate::msg!("site.use-shorter-sentences-and-shorter")),
            );
        }
    }
    let (errs, warnings): (Vec<_>, Vec<_>) = errors.into_iter().partition(Diagnostic::is_error);
    let mut errors = errs;
    if !anchor_refs.is_empty() {
        // What each linked page found, by URL: the first result of a URL.
        let wanted: BTreeSet<&str> = anchor_refs.iter().map(|r| r.url.as_str()).collect();
        let mut by_url: BTreeMap<&str, &PageResult> = BTreeMap::new();
        for (url, res) in pages.iter() {
            if wanted.contains(url.as_str()) {
                by_url.entry(url.as_str()).or_insert(res);
            }
        }
        errors.extend(anchors::verify_ids(&anchor_refs, |url| {
            if url == print::PRINT_URL {
                return print_ids.clone();
            }
            by_url.get(url).map(|r| r.ids.clone())
        }));
    }
    if !errors.is_empty() {
        let mut d = Diagnostics(errors);
        d.0.extend(warnings);
        d.sort();
        return Err(d);
    }
    out.extend(pages.iter_mut().filter_map(|(_, res)| res.file.take()));
    // Old (Swedish) names of generated pages lead to the new ones.
    // (Pages a streamed build has already written are in `pages` only.)
    let made: Vec<&str> = (out.iter().map(|f| f.url.as_str()))
        .chain(pages.iter().map(|(url, _)| url.as_str()))
        .collect();
    let site_title = &settings.config.book.title;
    let skip_link = theme.t("skip_link");
    let redirects =
        super::old_names::redirects(&made, settings.language(), site_title, &skip_link, |url| {
            crate::paths::generated_page(url)
                .and_then(|g| g.title)
                .map_or_else(|| url.to_string(), |key| theme.t(key))
        });
    // (Made once per session: the selector asks for them again only when
    // everything is rebuilt.)
    out.extend(
        redirects
            .into_iter()
            .filter(|f| selector.wants(Output::File { url: &f.url })),
    );
    for (url, bytes) in &theme.statics {
        if selector.wants(Output::File { url }) {
            out.push(OutFile {
                url: url.clone(),
                bytes: look::static_file(url, bytes, &settings.config),
            });
        }
    }
    for a in &report.assets {
        if selector.wants(Output::File { url: &a.url }) {
            out.push(OutFile {
                url: a.url.clone(),
                bytes: a.bytes.clone(),
            });
        }
    }
    sort_files(&mut out);
    readability.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(RenderedSite {
        files: out,
        warnings,
        readability,
    })
}

/// Sort files by path; of two with the same path the later one stays (a
/// report asset may replace a theme file of the same name).
pub(super) fn sort_files(files: &mut Vec<OutFile>) {
    files.sort_by(|a, b| a.url.cmp(&b.url));
    let mut dedup: Vec<OutFile> = Vec::with_capacity(files.len());
    for f in files.drain(..) {
        match dedup.last_mut() {
            Some(last) if last.url == f.url => *last = f,
            _ => dedup.push(f),
        }
    }
    *files = dedup;
}
