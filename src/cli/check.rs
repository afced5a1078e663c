//! `kartsite check`

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::build::{BuildOptions, diagnose};
use crate::cli::build::AudienceArg;
use crate::error::{Diagnostics, Severity};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The report folder (the one with book.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Check the site for this audience (public also checks privacy). The
    /// default is the one `kartsite build` builds, so both count the same.
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    pub audience: AudienceArg,
    /// `text` for people, `json` (an array of objects) for scripts.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    #[command(flatten)]
    pub lang: super::lang::LangArg,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Runs every check without writing anything. Errors exit 1; warnings
/// alone exit 0.
pub(crate) fn execute(args: &CheckArgs) -> Result<(), Diagnostics> {
    let opts = BuildOptions {
        root: args.root.clone(),
        output_dir: None,
        drafts: args.drafts,
        audience: args.audience.into(),
    };
    let diags = diagnose(&opts);
    let errors = diags.errors().count();
    let warnings = diags.warnings().count();
    let notes = diags.0.len() - errors - warnings;
    match args.format {
        Format::Json => {
            let items: Vec<serde_json::Value> = diags
                .0
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "severity": d.severity,
                        "kind": d.kind,
                        "file": d.file.to_string_lossy().replace('\\', "/"),
                        "line": d.line,
                        "column": d.column,
                        "message": d.message_text(),
                        "hint": d.hint_text(),
                        "source_line": d.source_line_text(),
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
            println!("{text}");
        }
        Format::Text => {
            for sev in [Severity::Note, Severity::Warning] {
                for d in diags.0.iter().filter(|d| d.severity == sev) {
                    println!("{d}");
                }
            }
            for d in diags.errors() {
                println!("{d}");
            }
            println!("kartsite check: {}", super::counts(errors, warnings, notes));
        }
    }
    if errors > 0 {
        // Already printed; exit 1 without printing again.
        return Err(Diagnostics::default());
    }
    Ok(())
}
