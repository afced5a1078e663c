//! `kartsite export html|zip|pdf`

use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Subcommand};

use super::build::AudienceArg;
use crate::error::{Diagnostic, Diagnostics};
use crate::export::{self, ExportOptions};

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub format: ExportFormat,
}

#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// The whole report as one self-contained HTML file: styles, charts,
    /// images and data inside it, a table of contents, no script.
    Html(ExportFileArgs),
    /// The built site as a zip archive with index.html at its root; the
    /// same input gives the same bytes.
    Zip(ExportFileArgs),
    /// The whole report as one accessible PDF (PDF/UA-1), or with --flyer
    /// the residents' flyer, one page per language.
    #[cfg(feature = "pdf")]
    Pdf(PdfArgs),
}

/// `export pdf`: what every export takes, and the PDF's own options.
#[cfg(feature = "pdf")]
#[derive(Debug, Args)]
pub struct PdfArgs {
    #[command(flatten)]
    pub file: ExportFileArgs,
    /// The residents' flyer instead of the report (with --lang: that
    /// language's flyer only; without: one page per language).
    #[arg(long)]
    pub flyer: bool,
    /// `ua-1`: accessible PDF/UA-1; `a-2a`: archival PDF/A-2a that is also
    /// accessible (for case-handling systems that require PDF/A).
    #[arg(long, value_enum, default_value_t = StandardArg::Ua1)]
    pub pdf_standard: StandardArg,
}

#[cfg(feature = "pdf")]
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StandardArg {
    #[value(name = "ua-1")]
    Ua1,
    #[value(name = "a-2a")]
    A2a,
}

/// What every export takes.
#[derive(Debug, Args)]
pub struct ExportFileArgs {
    /// The report folder (the one with book.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Who the export is for: `public` (the default) leaves out everything
    /// marked internal.
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    pub audience: AudienceArg,
    // The help text names a book.toml table, not a Rust item.
    #[allow(rustdoc::broken_intra_doc_links)]
    /// The language (default: [book] language).
    #[arg(long)]
    pub lang: Option<String>,
    /// The file to write (default: rapport.html or webbplats.zip in the
    /// current folder).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

impl ExportArgs {
    /// `--lang`: the export's language, and the messages' where kartsite
    /// speaks it.
    pub(super) fn lang(&self) -> Option<&str> {
        self.file_args().lang.as_deref()
    }

    pub(super) fn root(&self) -> &std::path::Path {
        &self.file_args().root
    }

    fn file_args(&self) -> &ExportFileArgs {
        match &self.format {
            ExportFormat::Html(a) | ExportFormat::Zip(a) => a,
            #[cfg(feature = "pdf")]
            ExportFormat::Pdf(a) => &a.file,
        }
    }
}

impl ExportFileArgs {
    fn options(&self, default_name: &str) -> ExportOptions {
        ExportOptions {
            root: self.root.clone(),
            audience: self.audience.into(),
            lang: self.lang.clone(),
            output: self
                .output
                .clone()
                .unwrap_or_else(|| PathBuf::from(default_name)),
            drafts: self.drafts,
        }
    }
}

pub(super) fn execute(args: &ExportArgs) -> Result<(), Diagnostics> {
    let start = Instant::now();
    let (opts, bytes, warnings) = match &args.format {
        ExportFormat::Html(a) => {
            let opts = a.options("rapport.html");
            let built = export::built(&opts)?;
            let lang = opts
                .lang
                .clone()
                .unwrap_or_else(|| built.settings.language().to_string());
            let bytes = export::html::single_file(&built, &lang)?;
            (opts, bytes, built.warnings)
        }
        ExportFormat::Zip(a) => {
            let opts = a.options("webbplats.zip");
            let built = export::built(&opts)?;
            let bytes = export::zip::archive(&built.files).ok_or_else(|| {
                Diagnostic::error(
                    "export",
                    &opts.output,
                    crate::msg!("export.the-site-is-too-large"),
                )
                .hint(crate::msg!("export.publish-it-with-kartsite-publish"))
            })?;
            (opts, bytes, built.warnings)
        }
        #[cfg(feature = "pdf")]
        ExportFormat::Pdf(a) => {
            use crate::export::pdf::{PdfExportOptions, Standard, export_pdf};
            let default_name = if a.flyer {
                "affisch.pdf"
            } else {
                "rapport.pdf"
            };
            let opts = a.file.options(default_name);
            let pdf = export_pdf(&PdfExportOptions {
                export: opts.clone(),
                flyer: a.flyer,
                standard: match a.pdf_standard {
                    StandardArg::Ua1 => Standard::Ua1,
                    StandardArg::A2a => Standard::A2a,
                },
            })?;
            (opts, pdf.bytes, pdf.warnings)
        }
    };
    export::write_output(&opts.root, &opts.output, &bytes)?;
    for w in &warnings {
        eprintln!("{w}");
    }
    println!(
        "kartsite: {}",
        crate::msg!(
            "export.done",
            audience = opts.audience.as_str(),
            kb = bytes.len().div_ceil(1024),
            ms = start.elapsed().as_millis().to_string(),
            file = opts.output.display().to_string()
        )
    );
    Ok(())
}
