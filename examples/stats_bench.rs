//! Benchmark: a 100,000-respondent survey export and a 100,000-row
//! statistics export, each read as it comes and made into its charts. Not a
//! timed test; run it with
//!
//!     cargo run --release --example stats_bench
//!
//! The target is at most 1 s for each on a 2-core machine.

use std::collections::BTreeMap;
use std::time::Instant;

use kartsite::chart::spec::{SpecOrigin, parse_spec};
use kartsite::chart::{ChartEnv, render_chart};

#[path = "support/lcg.rs"]
mod lcg;
use lcg::Lcg;

/// One of `xs`, drawn from `rng`.
fn pick<'a>(rng: &mut Lcg, xs: &[&'a str]) -> &'a str {
    xs[(rng.next() % xs.len() as u64) as usize]
}

/// A Google Forms export: a timestamp, two questions, a grid of three
/// parts, the age group and an open question, one row per respondent.
fn survey(n: usize, rng: &mut Lcg) -> Vec<u8> {
    let trygg = [
        "Mycket otrygg",
        "Ganska otrygg",
        "Ganska trygg",
        "Mycket trygg",
        "Vet ej",
        "",
    ];
    let nojd = [
        "Mycket missnöjd",
        "Missnöjd",
        "Nöjd",
        "Mycket nöjd",
        "Vet ej",
        "",
    ];
    let ages = ["16–29 år", "30–64 år", "65 år eller äldre", "Under 16 år"];
    let mut s = String::from(
        "\"Tidstämpel\",\"Hur trygg känner du dig sent på kvällen?\",\"Hur trygg känner du dig på dagen?\",\"Hur nöjd är du med [Parkerna]\",\"Hur nöjd är du med [Belysningen]\",\"Hur nöjd är du med [Mötesplatserna]\",\"Ålder\",\"Vad vill du ändra?\"\r\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "\"2024/09/{:02} 1:{:02}:00 em. CET\",\"{}\",\"{}\",\"{}\",\"{}\",\"{}\",\"{}\",\"Svar nummer {i}\"\r\n",
            1 + i % 28,
            i % 60,
            pick(rng, &trygg),
            pick(rng, &trygg),
            pick(rng, &nojd),
            pick(rng, &nojd),
            pick(rng, &nojd),
            pick(rng, &ages),
        ));
    }
    s.into_bytes()
}

/// An SCB PxWeb CSV: title line, header, 100,000 rows of DeSO × year with
/// codes, a blank line and a notes block.
fn statistics(rows: usize, rng: &mut Lcg) -> Vec<u8> {
    let mut s = String::from(
        "\"Folkmängd efter region och år\"\r\n\r\n\"region\",\"kommun\",\"år\",\"Folkmängd\",\"Områdestyp\"\r\n",
    );
    let years = 10;
    for i in 0..rows / years {
        let kommun = format!("{:04}", 100 + i % 290);
        for y in 0..years {
            s.push_str(&format!(
                "\"{kommun}C{:04} Område {i}\",\"{kommun} Kommun {}\",\"{}\",{},{}\r\n",
                i,
                i % 290,
                2015 + y,
                500 + rng.next() % 3000,
                1 + rng.next() % 5
            ));
        }
    }
    s.push_str("\r\n\"Källa: SCB\"\r\n\"Anm. Benchmark\"\r\n");
    s.into_bytes()
}

fn main() {
    let theme = kartsite::theme::default_theme();
    let strings: BTreeMap<String, String> =
        toml::from_str(std::str::from_utf8(&theme.files["strings/sv.toml"].bytes).expect("UTF-8"))
            .expect("strings");
    let mut rng = Lcg(2026);
    let mut data = BTreeMap::new();
    data.insert("svar.csv".to_string(), survey(100_000, &mut rng));
    data.insert("scb.csv".to_string(), statistics(100_000, &mut rng));
    data.insert(
        "enkat.yaml".to_string(),
        b"export: svar.csv\nscale: [Mycket otrygg, Ganska otrygg, Ganska trygg, Mycket trygg]\noutside_scale: [Vet ej]\ngroup: \xc3\x85lder\nitems:\n  - id: kvall\n    column: Hur trygg k\xc3\xa4nner du dig sent p\xc3\xa5 kv\xc3\xa4llen?\n  - id: nojd\n    grid: Hur n\xc3\xb6jd \xc3\xa4r du med\n    scale: [Mycket missn\xc3\xb6jd, Missn\xc3\xb6jd, N\xc3\xb6jd, Mycket n\xc3\xb6jd]\n".to_vec(),
    );
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
    let sizes: Vec<(String, usize)> = data.iter().map(|(k, v)| (k.clone(), v.len())).collect();
    println!("inputs: {sizes:?} bytes");
    let groups: [(&str, &[&str]); 2] = [
        (
            "survey, 100,000 respondents",
            &[
                "id: kvall\ntype: diverging\ntitle: Kväll\nsurvey: enkat.yaml\nitem: kvall\n",
                "id: nojd\ntype: diverging\ntitle: Nöjd\nsurvey: enkat.yaml\nitem: nojd\n",
            ],
        ),
        (
            "statistics, 100,000 rows",
            &[
                "id: typer\ntype: bar\ntitle: Typer\ndata: scb.csv\nfilter: {år: \"2024\"}\nderive: {count_by: Områdestyp}\ncounts: false\n",
                "id: topp\ntype: bar\ntitle: Största\ndata: scb.csv\ncategory: region\nvalue: Folkmängd\nfilter: {år: \"2024\"}\nstrip_codes: true\ntop: 20\n",
            ],
        ),
    ];
    for (name, specs) in groups {
        let mut best = f64::MAX;
        let mut best_cpu = f64::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            let cpu = thread_cpu_seconds();
            let mut bytes = 0;
            for (i, yaml) in specs.iter().enumerate() {
                let origin = SpecOrigin {
                    file: "content/bench.md".into(),
                    line_offset: 0,
                };
                let spec = parse_spec(yaml, origin).unwrap_or_else(|e| panic!("{e}"));
                let chart = render_chart(&spec, i + 1, "bench.html", &env)
                    .unwrap_or_else(|e| panic!("{e}"));
                bytes += chart.html.len() + chart.csv.len();
            }
            best = best.min(t.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (cpu, thread_cpu_seconds()) {
                best_cpu = best_cpu.min(b - a);
            }
            assert!(bytes > 0);
        }
        // On a shared machine the wall time counts the waits for a core;
        // the thread's CPU time is what the work took.
        let cpu = if best_cpu < f64::MAX {
            format!(", {:.0} ms of CPU time", best_cpu * 1000.0)
        } else {
            String::new()
        };
        println!(
            "{name}: {} charts in {:.0} ms{cpu} (best of 3)",
            specs.len(),
            best * 1000.0
        );
    }
}

/// The CPU time this thread has used (Linux: /proc, 10 ms resolution).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // The fields after the command name in parentheses; utime and stime
    // are fields 14 and 15 of the line, in clock ticks (100 per second).
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
