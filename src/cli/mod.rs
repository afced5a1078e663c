//! The command line: one module per subcommand.

pub(crate) mod build;
mod check;
mod export;
mod init;
mod publish;
#[cfg(feature = "serve")]
mod serve;
pub mod start;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Diagnostics;

/// Static site generator for area mapping reports (områdeskartläggning).
#[derive(Debug, Parser)]
#[command(name = "kartsite", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the report into a static site (default: the public version
    /// into public/; --audience internal into internal/).
    Build(build::BuildArgs),
    /// Report broken links, dangling references, unanswered questions and
    /// other problems without writing the site.
    Check(check::CheckArgs),
    /// Export the report as one file: `html` (the whole report, self-contained)
    /// or `zip` (the built site).
    Export(export::ExportArgs),
    /// Create a new report folder that builds at once.
    Init(init::InitArgs),
    /// Build the site and mirror it into a folder: copy what changed,
    /// remove what is gone.
    Publish(publish::PublishArgs),
    /// Build the report in memory and serve it; with --watch, rebuild on
    /// every change and reload open pages.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
}

/// Run a parsed command line; returns the process exit code
/// (0 success, 1 content error; clap itself exits 2 on usage errors).
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Build(a) => build::execute(&a),
        Command::Check(a) => check::execute(&a),
        Command::Export(a) => export::execute(&a),
        Command::Init(a) => init::execute(&a),
        Command::Publish(a) => publish::execute(&a),
        #[cfg(feature = "serve")]
        Command::Serve(a) => serve::execute(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            report(&diags);
            ExitCode::from(1)
        }
    }
}

/// Print diagnostics to stderr, errors last so they are seen.
pub(crate) fn report(diags: &Diagnostics) {
    if diags.0.is_empty() {
        return;
    }
    let mut sorted = diags.clone();
    sorted.sort();
    for d in sorted.warnings() {
        eprintln!("{d}");
    }
    let errors: Vec<_> = sorted.errors().collect();
    for d in &errors {
        eprintln!("{d}");
    }
    if !errors.is_empty() {
        eprintln!(
            "kartsite: {} — nothing was written; the previous output is unchanged",
            counts(errors.len(), sorted.warnings().count(), 0)
        );
    }
}

/// "2 errors, 1 warning" (and notes when there are any): the one way
/// `build` and `check` count what they found.
pub(crate) fn counts(errors: usize, warnings: usize, notes: usize) -> String {
    let n = |k: usize, word: &str| format!("{k} {word}{}", if k == 1 { "" } else { "s" });
    let mut s = format!("{}, {}", n(errors, "error"), n(warnings, "warning"));
    if notes > 0 {
        s.push_str(&format!(", {}", n(notes, "note")));
    }
    s
}
