//! The `kartsite` command: parses arguments, the library does the work.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = kartsite::cli::Cli::parse();
    kartsite::cli::run(cli)
}
