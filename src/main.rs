//! The `kartsite` command: parses arguments, the library does the work.

use clap::Parser;

fn main() -> std::process::ExitCode {
    // No arguments: started by a double click (see cli::start).
    if std::env::args_os().len() <= 1 {
        return kartsite::cli::start::run();
    }
    let cli = kartsite::cli::Cli::parse();
    kartsite::cli::run(cli)
}
