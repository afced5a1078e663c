//! Benchmark: render 1,000 charts of 12–50 points each, from YAML spec to
//! finished figure HTML and CSV. Not a timed test; run it with
//!
//!     cargo run --release --example chart_bench
//!
//! The target is at most 1 s for all 1,000 on a 2-core machine.

use std::collections::BTreeMap;
use std::time::Instant;

use kartsite::chart::spec::{SpecOrigin, parse_spec};
use kartsite::chart::{ChartEnv, render_chart};

#[path = "support/lcg.rs"]
mod lcg;
use lcg::Lcg;

/// The YAML of chart `i` with between 12 and 50 points (donuts: 7 parts).
fn spec(i: usize, rng: &mut Lcg, csv: &mut BTreeMap<String, Vec<u8>>) -> String {
    let points = rng.range(12, 50) as usize;
    let kinds = [
        "bar",
        "grouped-bar",
        "stacked-bar",
        "line",
        "diverging",
        "area-type",
        "donut",
    ];
    let kind = kinds[i % kinds.len()];
    let mut y = format!(
        "id: c{i}\ntype: {kind}\ntitle: Diagram {i} med en ganska lång svensk rubrik\nsource: Benchmark\n"
    );
    match kind {
        "bar" => {
            y.push_str("rows:\n");
            for p in 0..points {
                y.push_str(&format!(
                    "  - {{kategori: Kategori nummer {p}, värde: {}}}\n",
                    rng.range(0, 5000)
                ));
            }
        }
        "grouped-bar" | "stacked-bar" => {
            // Half of these read a CSV file with a decimal comma.
            let series = 2 + i % 3;
            let cats = (points / series).max(2);
            let mut text = String::from("område");
            for s in 0..series {
                text.push_str(&format!(";Serie {s}"));
            }
            text.push('\n');
            for c in 0..cats {
                text.push_str(&format!("Område {c}"));
                for _ in 0..series {
                    text.push_str(&format!(";{},{}", rng.range(0, 300), rng.range(0, 9)));
                }
                text.push('\n');
            }
            let name = format!("c{i}.csv");
            y.push_str(&format!("data: {name}\nunit: \"%\"\n"));
            csv.insert(name, text.into_bytes());
        }
        "line" => {
            let series = 3;
            let years = (points / series).max(2);
            y.push_str("category: år\nseries: område\nvalue: andel\nrows:\n");
            for s in 0..series {
                for t in 0..years {
                    let v = if rng.range(0, 20) == 0 {
                        "..".to_string()
                    } else {
                        rng.range(10, 60).to_string()
                    };
                    y.push_str(&format!(
                        "  - {{år: {}, område: Område {s}, andel: {v}}}\n",
                        2000 + t
                    ));
                }
            }
        }
        "diverging" => {
            let rows = (points / 5).max(2);
            y.push_str("outside_scale: [Vet ej]\nrows:\n");
            for r in 0..rows {
                y.push_str(&format!(
                    "  - {{påstående: Påstående nummer {r} om trygghet i området, Inte alls: {}, Liten del: {}, Varken eller: {}, Stor del: {}, Helt: {}, Vet ej: {}}}\n",
                    rng.range(5, 60),
                    rng.range(5, 60),
                    rng.range(5, 60),
                    rng.range(5, 60),
                    rng.range(5, 60),
                    rng.range(0, 20)
                ));
            }
        }
        "area-type" => {
            y.push_str("rows:\n");
            for p in 0..points {
                y.push_str(&format!(
                    "  - {{område: Kommun (Område {p}), typ: {}}}\n",
                    rng.range(1, 5)
                ));
            }
            y.push_str("split: area\n");
        }
        _ => {
            y.push_str("rows:\n");
            for p in 0..7 {
                y.push_str(&format!(
                    "  - {{svar: Svar {p}, antal: {}}}\n",
                    rng.range(5, 200)
                ));
            }
        }
    }
    y
}

fn main() {
    let theme = kartsite::theme::default_theme();
    let strings: BTreeMap<String, String> =
        toml::from_str(std::str::from_utf8(&theme.files["strings/sv.toml"].bytes).expect("UTF-8"))
            .expect("strings");
    let mut rng = Lcg(2026);
    let mut data = BTreeMap::new();
    let specs: Vec<String> = (0..1000).map(|i| spec(i, &mut rng, &mut data)).collect();
    let env = ChartEnv {
        data: &data,
        library: &[],
        min_count: 5,
        lang: "sv",
        strings: &strings,
        csv_prefix: "",
        updated: None,
        guard: None,
    };
    let run = || {
        let mut bytes = 0usize;
        for (i, yaml) in specs.iter().enumerate() {
            let origin = SpecOrigin {
                file: "content/bench.md".into(),
                line_offset: 0,
            };
            let spec = parse_spec(yaml, origin).unwrap_or_else(|e| panic!("chart {i}: {e}"));
            let chart = render_chart(&spec, i + 1, "bench.html", &env)
                .unwrap_or_else(|e| panic!("chart {i}: {e}"));
            bytes += chart.html.len() + chart.csv.len();
        }
        bytes
    };
    // How much of it is reading the YAML specs.
    let parse_only = || {
        for yaml in &specs {
            let origin = SpecOrigin {
                file: "content/bench.md".into(),
                line_offset: 0,
            };
            std::hint::black_box(parse_spec(yaml, origin).ok());
        }
    };
    parse_only();
    let t = Instant::now();
    parse_only();
    let parse_ms = t.elapsed().as_secs_f64() * 1000.0;
    // One warm-up run, then the best of five.
    let bytes = run();
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let t = Instant::now();
        std::hint::black_box(run());
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "chart_bench: 1000 charts (12–50 points each; donuts 7) in {:.1} ms (best of 5), {:.0} µs per chart, {:.1} MB of HTML and CSV",
        best * 1000.0,
        best * 1000.0,
        bytes as f64 / 1e6
    );
    println!("chart_bench: of which reading the YAML specs: {parse_ms:.1} ms");
    if best > 1.0 {
        println!("chart_bench: slower than the 1 s target");
        std::process::exit(1);
    }
}
