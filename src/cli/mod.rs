//! The command line: one module per subcommand.

pub(crate) mod build;
mod check;
mod export;
mod init;
mod lang;
mod publish;
#[cfg(feature = "serve")]
mod serve;
pub mod start;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Diagnostics;
use crate::messages::Lang;
use crate::msg;

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
    // The language of the messages: `--lang` (for `export`, the
    // export's language), else KARTSITE_LANG, else the report's.
    let (flag, root) = match &cli.command {
        Command::Build(a) => (a.lang.lang.as_deref(), Some(a.root.as_path())),
        Command::Check(a) => (a.lang.lang.as_deref(), Some(a.root.as_path())),
        Command::Export(a) => (a.lang(), Some(a.root())),
        Command::Publish(a) => (a.lang.lang.as_deref(), Some(a.root.as_path())),
        #[cfg(feature = "serve")]
        Command::Serve(a) => (a.lang.lang.as_deref(), Some(a.root.as_path())),
        Command::Init(a) => (a.lang.lang.as_deref(), None),
    };
    let fallback = match &cli.command {
        Command::Init(a) => init::language(a),
        _ => Lang::Sv,
    };
    crate::messages::set_lang(lang::choose(flag, root, fallback));
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
            "kartsite: {}",
            msg!(
                "summary.nothing-written",
                counts = counts(errors.len(), sorted.warnings().count(), 0)
            )
        );
    }
}

/// "2 errors, 1 warning" (and notes when there are any): the one way
/// `build` and `check` count what they found.
pub(crate) fn counts(errors: usize, warnings: usize, notes: usize) -> String {
    let mut s = format!(
        "{}, {}",
        msg!("summary.errors", n = errors),
        msg!("summary.warnings", n = warnings)
    );
    if notes > 0 {
        s.push_str(&format!(", {}", msg!("summary.notes", n = notes)));
    }
    s
}
