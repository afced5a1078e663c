//! Benchmark: `kartsite export pdf` of a report, end to end (build in
//! memory, convert, lay out, write the PDF bytes). Not a timed test; run it
//! with
//!
//!     cargo run --release --example pdf_bench                 # the bundled example
//!     cargo run --release --example gen_corpus -- 1000 /tmp/pdf-corpus
//!     cargo run --release --example pdf_bench -- /tmp/pdf-corpus/kartsite 1
//!
//! Arguments: the report folder (default: the repository root) and how many
//! runs (default 5). Prints each run, the median, the page count and size.
//! The target for the bundled example is at most 2 s.

use std::path::PathBuf;
use std::time::Instant;

use kartsite::config::Audience;
use kartsite::export::ExportOptions;
use kartsite::export::pdf::{PdfExportOptions, Standard, export_pdf};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args
        .next()
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let opts = PdfExportOptions {
        export: ExportOptions {
            root: root.clone(),
            audience: Audience::Public,
            lang: None,
            output: PathBuf::from("rapport.pdf"),
            drafts: false,
        },
        flyer: false,
        standard: Standard::Ua1,
    };
    let mut times = Vec::new();
    let mut last = None;
    for i in 0..runs.max(1) {
        let start = Instant::now();
        let pdf = match export_pdf(&opts) {
            Ok(p) => p,
            Err(d) => {
                for e in &d.0 {
                    eprintln!("{e}");
                }
                std::process::exit(1);
            }
        };
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        println!("run {}: {ms:.0} ms", i + 1);
        times.push(ms);
        last = Some(pdf);
    }
    times.sort_by(f64::total_cmp);
    let pdf = last.expect("one run");
    println!(
        "{}: median {:.0} ms over {} runs; {} pages, {} kB",
        root.display(),
        times[times.len() / 2],
        times.len(),
        pdf.pages,
        pdf.bytes.len() / 1024
    );
}
