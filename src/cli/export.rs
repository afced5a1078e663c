//! `kartsite export`: the report as one file to hand on.

#[cfg(feature = "pdf")]
use std::path::PathBuf;

#[cfg(feature = "pdf")]
use clap::ValueEnum;
use clap::{Args, Subcommand};

#[cfg(feature = "pdf")]
use crate::cli::build::AudienceArg;
use crate::error::Diagnostics;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub format: ExportFormat,
}

#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// The whole report as one accessible PDF (PDF/UA-1), or with --flyer
    /// the residents' flyer, one page per language.
    #[cfg(feature = "pdf")]
    Pdf(PdfArgs),
}

#[cfg(feature = "pdf")]
#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The report folder (the one with book.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The PDF file to write, e.g. rapport.pdf.
    #[arg(long, short = 'o')]
    pub output: PathBuf,
    /// Who the PDF is for: `public` leaves out everything marked internal.
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    pub audience: AudienceArg,
    /// The language (default: the report's main language; with --flyer:
    /// every language, one flyer each).
    #[arg(long)]
    pub lang: Option<String>,
    /// The residents' flyer instead of the report.
    #[arg(long)]
    pub flyer: bool,
    /// `ua-1`: accessible PDF/UA-1; `a-2a`: archival PDF/A-2a that is also
    /// PDF/UA-1.
    #[arg(long, value_enum, default_value_t = StandardArg::Ua1)]
    pub pdf_standard: StandardArg,
}

#[cfg(feature = "pdf")]
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StandardArg {
    #[value(name = "ua-1")]
    Ua1,
    #[value(name = "a-2a")]
    A2a,
}

pub fn execute(args: &ExportArgs) -> Result<(), Diagnostics> {
    match &args.format {
        #[cfg(feature = "pdf")]
        ExportFormat::Pdf(a) => pdf(a),
        #[cfg(not(feature = "pdf"))]
        _ => Ok(()),
    }
}

#[cfg(feature = "pdf")]
fn pdf(args: &PdfArgs) -> Result<(), Diagnostics> {
    use crate::export::pdf::{PdfExportOptions, Standard, export_pdf, write_pdf};
    let start = std::time::Instant::now();
    let opts = PdfExportOptions {
        root: args.root.clone(),
        audience: args.audience.into(),
        lang: args.lang.clone(),
        flyer: args.flyer,
        standard: match args.pdf_standard {
            StandardArg::Ua1 => Standard::Ua1,
            StandardArg::A2a => Standard::A2a,
        },
    };
    let pdf = export_pdf(&opts)?;
    for w in &pdf.warnings {
        eprintln!("{w}");
    }
    write_pdf(&args.output, &pdf.bytes)?;
    println!(
        "kartsite: wrote a {}-page PDF ({} kB) in {} ms → {}",
        pdf.pages,
        pdf.bytes.len().div_ceil(1024),
        start.elapsed().as_millis(),
        args.output.display()
    );
    Ok(())
}
