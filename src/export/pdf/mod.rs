//! `kartsite export pdf`: the report as one accessible PDF, or the
//! residents' flyer as print-ready pages, one per language.
//!
//! The report is built in memory for the audience through the same pipeline
//! as `kartsite build` (audience filter, privacy guard, checks), so the PDF
//! holds exactly what the built site holds. The report PDF is made from the
//! print page (`print.html`: every page in reading order, links already
//! turned into anchors); the PDF of another language from that language's
//! resident pages; the flyer PDF from `flyer.html` of every language. That
//! HTML is converted to Typst markup ([`markup`]) inside a frame with cover,
//! contents and running header/footer ([`document`]), laid out by typst in
//! memory ([`world`]) and written as a tagged PDF/UA-1 by typst-pdf, with a
//! fixed identifier and no clock, so the same input gives the same bytes.

mod document;
mod dom;
mod escape;
mod images;
mod markup;
mod privacy;
mod world;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::ExportOptions;
use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Diagnostics};
use crate::render::print::{PRINT_URL, Plan};

use self::document::Frame;
use self::markup::Converter;
use self::world::ExportWorld;

/// Which PDF standards the export conforms to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// PDF/UA-1: tagged, accessible (the default).
    #[default]
    Ua1,
    /// PDF/A-2a together with PDF/UA-1: archival and accessible, for
    /// case-handling systems that require PDF/A.
    A2a,
}

/// What to export.
#[derive(Debug, Clone)]
pub struct PdfExportOptions {
    /// Root, audience, language (`None`: the report's main language; for
    /// the flyer: every language), output file, drafts.
    pub export: ExportOptions,
    /// The residents' flyer instead of the report.
    pub flyer: bool,
    pub standard: Standard,
}

/// A finished PDF.
#[derive(Debug)]
pub struct PdfExport {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Warnings of the build (the PDF was made anyway).
    pub warnings: Vec<Diagnostic>,
}

/// One page of the site in the PDF (its URL, or its section id in the
/// print page), and where its markup starts in the Typst source (to name
/// the page when it cannot be laid out).
struct Placed {
    key: String,
    start: usize,
}

/// Where the parts of the Typst source come from.
struct Placement<'a> {
    pages: &'a [Placed],
    /// Virtual image path → the `src` the page gave.
    images: &'a [(String, String)],
}

/// Build the report for the audience and make its PDF.
pub fn export_pdf(opts: &PdfExportOptions) -> Result<PdfExport, Diagnostics> {
    check_output_name(&opts.export.output)?;
    let built = super::built(&opts.export)?;
    let settings = &built.settings;
    let main_lang = settings.language().to_string();
    let lang = opts
        .export
        .lang
        .clone()
        .unwrap_or_else(|| main_lang.clone());
    let languages: Vec<String> = std::iter::once(main_lang.clone())
        .chain(settings.config.book.languages.iter().cloned())
        .collect();
    let files: BTreeMap<&str, &[u8]> = built
        .files
        .iter()
        .map(|f| (f.url.as_str(), f.bytes.as_slice()))
        .collect();
    let prefix = |l: &str| {
        if l == main_lang {
            String::new()
        } else {
            format!("{l}/")
        }
    };
    // The pages of the PDF, in reading order.
    let (urls, doc_lang): (Vec<String>, String) = if opts.flyer {
        let langs: Vec<&String> = match &opts.export.lang {
            Some(l) => vec![l],
            None => languages.iter().collect(),
        };
        let urls = langs
            .iter()
            .map(|l| format!("{}flyer.html", prefix(l)))
            .collect();
        (urls, lang.clone())
    } else if lang == main_lang {
        (vec![PRINT_URL.to_string()], lang.clone())
    } else {
        (translated_pages(&files, &prefix(&lang)), lang.clone())
    };
    let html_of = |url: &str| {
        files
            .get(url)
            .map(|b| String::from_utf8_lossy(b).into_owned())
    };
    // One section per page; the print page already is one.
    let mut sections: Vec<(String, String)> = Vec::new();
    if urls == [PRINT_URL] {
        let html = html_of(PRINT_URL).unwrap_or_default();
        sections.push((PRINT_URL.to_string(), main_of(&html).to_string()));
    } else {
        let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
        let plan = Plan::of_pages(&refs);
        for url in &urls {
            if let Some(html) = html_of(url)
                && let Some(section) = plan.section(url, &html)
            {
                let section = if opts.flyer {
                    let l = url.split_once('/').map_or(main_lang.as_str(), |(l, _)| l);
                    format!("<div data-lang=\"{l}\">{section}</div>")
                } else {
                    section
                };
                sections.push((url.clone(), section));
            }
        }
    }
    let source_html: String = sections.iter().map(|(_, s)| s.as_str()).collect();
    let root = dom::parse(&source_html);
    if opts.export.audience == Audience::Public {
        let book = &settings.config.book;
        let r = &settings.config.report;
        let mut fields: Vec<(&str, &str)> = vec![
            ("title", &book.title),
            ("description", &book.description),
            ("area", &r.area),
            ("municipality", &r.municipality),
            ("organisation", &r.organisation),
            ("period", &r.period),
            ("reference", r.reference.as_deref().unwrap_or("")),
            ("author", r.author.as_deref().unwrap_or("")),
        ];
        fields.extend(book.authors.iter().map(|a| ("authors", a.as_str())));
        privacy::check(settings, &fields)?;
    }
    let lookup = |url: &str| files.get(url).copied();
    let mut conv = Converter::new(&root, &lookup, if opts.flyer { 0 } else { 1 });
    let frame = Frame {
        settings,
        lang: &doc_lang,
        audience: opts.export.audience,
        flyer: opts.flyer,
        area_type: files
            .get("index.html")
            .and_then(|html| area_type_badge(&String::from_utf8_lossy(html))),
    };
    let mut body = String::new();
    let mut placed = Vec::new();
    // The parsed sections are the root's element children, in order; the
    // print page's own sections carry the ids of their pages.
    let is_print = urls == [PRINT_URL];
    let mut section_urls = sections.iter().map(|(u, _)| u.clone());
    for node in &root.children {
        let key = match node {
            dom::Node::Element(e) if is_print => e.attr("id").map(str::to_string),
            dom::Node::Element(_) => section_urls.next(),
            dom::Node::Text(_) => None,
        };
        let start = body.len();
        let markup = match node {
            dom::Node::Element(e) if opts.flyer => {
                let l = e.attr("data-lang").unwrap_or(&doc_lang).to_string();
                let body = conv.flow(&e.children);
                format!(
                    "#pagebreak(weak: true)\n#[\n#set text(lang: {})\n{body}]\n",
                    markup::string_literal(&l)
                )
            }
            _ => conv.flow(std::slice::from_ref(node)),
        };
        body.push_str(&markup);
        if let Some(key) = key {
            placed.push(Placed { key, start });
        }
    }
    // The frame, the link functions (known once every target is placed),
    // then the pages.
    let mut source = frame.preamble();
    source.push_str(&conv.link_definitions());
    for p in &mut placed {
        p.start += source.len();
    }
    source.push_str(&body);
    let world = ExportWorld::new(source, std::mem::take(&mut conv.files));
    let at = Placement {
        pages: &placed,
        images: &conv.sources,
    };
    let bytes = compile(&world, opts, settings, &doc_lang, &at)?;
    let pages = count_pages(&bytes);
    let mut warnings = built.warnings;
    warnings.extend(missing_glyphs(&root));
    Ok(PdfExport {
        bytes,
        pages,
        warnings,
    })
}

/// A warning for the characters of the text that the built-in fonts lack
/// (shown as [`markup::MISSING_GLYPH`]).
fn missing_glyphs(root: &dom::Element) -> Option<Diagnostic> {
    let missing: std::collections::BTreeSet<char> = root
        .text()
        .chars()
        .filter(|c| !c.is_ascii() && !world::is_invisible(*c) && !world::has_glyph(*c))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let list: Vec<String> = missing
        .iter()
        .take(20)
        .map(|c| format!("{c} (U+{:04X})", u32::from(*c)))
        .collect();
    Some(
        Diagnostic::warning(
            "pdf",
            crate::config::CONFIG_FILE,
            crate::msg!(
                "pdf.the-font-has-no-glyph",
                chars = list.join(", "),
                shown = markup::MISSING_GLYPH.to_string()
            ),
        )
        .hint(crate::msg!("pdf.write-the-word-instead")),
    )
}

/// A language's translated pages in reading order: the residents' page,
/// the other translated pages, the glossary (the flyer has its own PDF).
fn translated_pages(files: &BTreeMap<&str, &[u8]>, prefix: &str) -> Vec<String> {
    let mut urls: Vec<String> = files
        .keys()
        .filter(|u| u.starts_with(prefix) && u.ends_with(".html"))
        .map(|u| (*u).to_string())
        .filter(|u| {
            let rest = &u[prefix.len()..];
            rest != "flyer.html"
        })
        .collect();
    let rank = |u: &String| match &u[prefix.len()..] {
        "residents.html" => 0,
        "glossary.html" => 2,
        _ => 1,
    };
    urls.sort_by_key(|u| (rank(u), u.clone()));
    urls
}

/// The area type as the home page states it, e.g. "2 av 5 – Stora
/// socioekonomiska utmaningar" (the page resolved `area_type` or SCB's
/// index table and wrote the label in the report's language).
fn area_type_badge(home: &str) -> Option<String> {
    let start = home.find("class=\"area-type-badge\"")?;
    let from = start + home[start..].find('>')? + 1;
    let to = from + home[from..].find("</p>")?;
    let text = dom::parse(&home[from..to]).text();
    (!text.is_empty()).then_some(text)
}

/// The inside of the page's `<main>` element (or all of it).
fn main_of(html: &str) -> &str {
    let Some(start) = html.find("<main") else {
        return html;
    };
    let Some(open_end) = html[start..].find('>') else {
        return html;
    };
    let from = start + open_end + 1;
    let to = html
        .rfind("</main>")
        .filter(|e| *e >= from)
        .unwrap_or(html.len());
    &html[from..to]
}

/// Lay out and write the PDF.
fn compile(
    world: &ExportWorld,
    opts: &PdfExportOptions,
    settings: &Settings,
    lang: &str,
    at: &Placement<'_>,
) -> Result<Vec<u8>, Diagnostics> {
    let warned = typst::compile::<PagedDocument>(world);
    let document = warned
        .output
        .map_err(|errors| located(world, &errors, opts, at))?;
    let list: &[PdfStandard] = match opts.standard {
        Standard::Ua1 => &[PdfStandard::Ua_1],
        Standard::A2a => &[PdfStandard::A_2a, PdfStandard::Ua_1],
    };
    let standards = PdfStandards::new(list).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            "pdf",
            crate::config::CONFIG_FILE,
            crate::msg!(
                "pdf.standards-cannot-be-combined",
                reason = e.message().to_string()
            ),
        ))
    })?;
    let audience = match opts.export.audience {
        Audience::Public => "public",
        Audience::Internal => "internal",
    };
    let ident = format!(
        "kartsite/{}/{}/{lang}/{audience}/{}",
        settings.config.book.title,
        settings.config.report.area,
        if opts.flyer { "flyer" } else { "report" }
    );
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some("kartsite".to_string())),
        timestamp: None,
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| located(world, &errors, opts, at))
}

/// Typst's errors as kartsite errors naming the page they come from.
fn located(
    world: &ExportWorld,
    errors: &[SourceDiagnostic],
    opts: &PdfExportOptions,
    at: &Placement<'_>,
) -> Diagnostics {
    let pages = page_sources(opts);
    let mut diags = Diagnostics::default();
    for e in errors.iter().filter(|e| e.severity == Severity::Error) {
        let range = world.range(e.span);
        let offset = range.as_ref().map(|r| r.start);
        let key = offset.and_then(|o| {
            at.pages
                .iter()
                .rev()
                .find(|p| p.start <= o)
                .map(|p| p.key.as_str())
        });
        let (file, page) = match key.and_then(|k| pages.get(k)) {
            Some((url, source)) => (source.clone(), url.clone()),
            None => match key {
                Some(k) => (PathBuf::from(k), k.to_string()),
                None => (PathBuf::from(crate::config::CONFIG_FILE), String::new()),
            },
        };
        // An image: the line of the page that shows it.
        let text = world.main_source().text();
        let image = range
            .and_then(|r| text.get(r))
            .and_then(|snippet| {
                let i = snippet.find("/img/")?;
                let path = snippet[i..].split('"').next()?;
                at.images.iter().find(|(p, _)| p == path)
            })
            .map(|(_, src)| src.clone());
        let pos = image.as_deref().and_then(|src| {
            let page = std::fs::read_to_string(opts.export.root.join(&file)).ok()?;
            let name = src.rsplit('/').next().unwrap_or(src);
            let found = page.find(src).or_else(|| page.find(name))?;
            Some(crate::error::offset_to_pos(&page, found))
        });
        let reason = e.message.to_string();
        let message = match (page.is_empty(), &image) {
            (true, None) => crate::msg!("pdf.cannot-be-made-because", reason = reason),
            (true, Some(src)) => crate::msg!(
                "pdf.cannot-be-made-because-image",
                reason = reason,
                src = src.clone()
            ),
            (false, None) => crate::msg!(
                "pdf.page-cannot-be-laid-out",
                page = page.clone(),
                reason = reason
            ),
            (false, Some(src)) => crate::msg!(
                "pdf.page-cannot-be-laid-out-image",
                page = page.clone(),
                reason = reason,
                src = src.clone()
            ),
        };
        // typst's own hints (English) follow ours.
        let more: String = e.hints.iter().map(|h| format!("; {}", h.v)).collect();
        let hint = crate::msg!("pdf.check-the-images-of-the-page", more = more);
        diags.push(Diagnostic::error("pdf", file, message).at(pos).hint(hint));
    }
    if diags.0.is_empty() {
        diags.push(Diagnostic::error(
            "pdf",
            crate::config::CONFIG_FILE,
            crate::msg!("pdf.cannot-be-made"),
        ));
    }
    diags
}

/// URL and source file of every page, by URL and by print-page section id
/// (only needed for an error).
fn page_sources(opts: &PdfExportOptions) -> BTreeMap<String, (String, PathBuf)> {
    let Ok(settings) = crate::config::load_config(&opts.export.root) else {
        return BTreeMap::new();
    };
    let Ok(report) = crate::load::load(
        &opts.export.root,
        &settings,
        crate::load::LoadOptions {
            drafts: opts.export.drafts,
        },
    ) else {
        return BTreeMap::new();
    };
    let mut map = BTreeMap::new();
    for p in &report.pages {
        let entry = (p.url.clone(), p.source.clone());
        map.insert(crate::render::print::section_id(&p.url), entry.clone());
        map.insert(p.url.clone(), entry);
    }
    map
}

/// The number of pages of a PDF typst wrote (its page tree's `/Count`).
fn count_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Pages")
        .filter_map(|(i, _)| {
            let rest = &text[i..text.len().min(i + 200)];
            let c = rest.find("/Count ")?;
            rest[c + 7..]
                .split(|ch: char| !ch.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .max()
        .unwrap_or(0)
}

/// Refuse anything but a `.pdf` file name before any work, so a slip of
/// `-o` never writes a PDF over a page or another kind of file.
fn check_output_name(path: &Path) -> Result<(), Diagnostic> {
    let is_pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf && !path.is_dir() {
        return Ok(());
    }
    Err(Diagnostic::error(
        "output",
        path,
        crate::msg!("pdf.the-file-name-must-end-in-pdf"),
    )
    .hint(crate::msg!("pdf.for-example-o-rapport-pdf")))
}
