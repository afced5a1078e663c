//! `render`: turn a checked report into the bytes of every output file.
//! Pure: no disk access; the theme and the report arrive in memory.
//!
//! The pipeline, by role (each file one step, named for what it does):
//! [`prepare_site`] (link targets, site view, template globals) →
//! [`render_pages`] (the page list of [`list_pages`], rendered in parallel
//! chunks by [`render_page_job`]) → [`finish_site`] (what is made from
//! every page: [`render_chart_files`], [`render_print_page`],
//! [`render_search_index`], anchor checks, copied files). [`render_streaming`](mod@render_streaming)
//! runs the same steps handing each file to a [`Sink`] as it is made.

pub mod accessibility;
pub mod actor_map;
pub mod analysis;
pub mod anchors;
pub mod annual_cycle;
pub mod chart_extras;
pub mod environment;
pub mod glossary;
pub mod i18n;
pub mod kumu;
pub mod lix;
pub mod look;
pub mod markdown;
pub mod network_layout;
pub mod not_found;
pub mod old_names;
pub mod page;
pub mod print;
pub mod qr;
pub mod resident;
pub mod resident_pages;
pub mod search;
pub mod swot;
pub mod views;

mod finish_site;
mod list_pages;
mod prepare_site;
mod render_chart_files;
mod render_page_job;
mod render_pages;
mod render_print_page;
mod render_search_index;
mod render_streaming;

pub(crate) use finish_site::whole_outputs;
pub use finish_site::{WholeOutputs, finish};
pub use prepare_site::{Prepared, link_targets};
pub(crate) use prepare_site::{prepare, prepare_with};
pub use render_pages::RenderedPages;
pub(crate) use render_pages::render_prepared;
pub(crate) use render_streaming::render_streaming;
pub use render_streaming::{Sink, Streamed};

// Old paths, kept so that branches written against them still merge; new
// code uses `crate::links` and `crate::theme::compile`.
#[doc(hidden)]
pub use crate::links;
#[doc(hidden)]
pub use crate::theme::compile as theme;

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::Report;
pub use page::PageResult;
use theme::Theme;

pub use crate::paths::RESERVED_URLS;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Site-relative path with `/`.
    pub url: String,
    pub bytes: Vec<u8>,
}

/// What a render needs.
pub struct RenderInput<'a> {
    /// Already filtered for the audience.
    pub report: &'a Report,
    pub settings: &'a Settings,
    pub theme: &'a Theme,
    pub audience: Audience,
    /// Pages that exist but are not part of this build (internal, drafts).
    pub hidden_pages: BTreeSet<PathBuf>,
}

/// A rendered site: every output file, sorted by path, and the warnings
/// found on the way.
#[derive(Debug, Default)]
pub struct RenderedSite {
    pub files: Vec<OutFile>,
    pub warnings: Vec<Diagnostic>,
    /// LIX of every resident page in the main language, by URL.
    pub readability: Vec<(String, f64)>,
}

/// One output that [`render_prepared`] and [`finish`] offer to their
/// [`Selector`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output<'a> {
    /// A page rendered with `template`; `phase` is the id of the phase the
    /// page shows or belongs to (the template's `phase` value).
    Page {
        url: &'a str,
        template: &'a str,
        phase: Option<&'a str>,
    },
    /// A resident page rendered outside the main loop (the feedback page,
    /// flyer and glossary in every language, and translated resident pages).
    /// It reads the report's items, glossary and resident pages, which the
    /// site view does not hold; `source` is the URL of the main-language
    /// page whose text or translations it shows, if any.
    Resident {
        url: &'a str,
        template: &'a str,
        source: Option<&'a str>,
    },
    /// An output made from every page: the print page (from the rendered
    /// pages) or the search index (from the text of every page and item).
    Whole { url: &'a str },
    /// A file copied as it is: a theme static file or a report asset.
    File { url: &'a str },
}

/// Chooses the outputs a render makes: `serve` re-renders only what an edit
/// can have changed.
pub trait Selector {
    /// Whether to render (or copy) `output`.
    fn wants(&self, output: Output<'_>) -> bool;
}

/// Selects every output: a whole build.
pub struct Everything;

impl Selector for Everything {
    fn wants(&self, _: Output<'_>) -> bool {
        true
    }
}

/// Render the whole site.
pub fn render_site(input: &RenderInput<'_>) -> Result<RenderedSite, Diagnostics> {
    let prepared = prepare(input);
    let mut pages = render_prepared(input, &prepared, &Everything);
    finish(input, &prepared, &mut pages.results, &Everything)
}
