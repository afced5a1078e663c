//! What the exit gate costs end to end: `kartsite build` (config, load,
//! check, render, gate, write) with the gate, and the same build without
//! it, for hyperfine to compare.
//!
//! ```sh
//! cargo build --release --features bench-ungated --example build_bench
//! hyperfine --warmup 2 --runs 10 \
//!   'target/release/examples/build_bench . /tmp/bb-gate gate' \
//!   'target/release/examples/build_bench . /tmp/bb-nogate nogate'
//! ```
//!
//! Arguments: the report folder, the output folder, `gate` or `nogate`,
//! and optionally the audience (`public`, the default, or `internal`).
//! The build without the gate exists only with the `bench-ungated`
//! feature, which no release has.

use std::path::PathBuf;
use std::process::ExitCode;

use kartsite::BuildOptions;
use kartsite::config::Audience;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out, mode, rest @ ..] = args.as_slice() else {
        eprintln!("usage: build_bench <report> <output> gate|nogate [public|internal]");
        return ExitCode::from(2);
    };
    let audience = match rest.first().map(String::as_str) {
        None | Some("public") => Audience::Public,
        Some("internal") => Audience::Internal,
        Some(other) => {
            eprintln!("unknown audience {other}");
            return ExitCode::from(2);
        }
    };
    let mut opts = BuildOptions::new(PathBuf::from(root));
    opts.output_dir = Some(PathBuf::from(out));
    opts.audience = audience;
    let result = match mode.as_str() {
        "gate" => kartsite::build(&opts),
        "nogate" => kartsite::build::build_without_gate_for_benchmarks(&opts),
        other => {
            eprintln!("unknown mode {other}: gate or nogate");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            for d in &diags.0 {
                eprintln!("{d}");
            }
            ExitCode::FAILURE
        }
    }
}
