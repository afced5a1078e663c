//! `kartsite export html|zip`

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
