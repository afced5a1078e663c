//! Benchmark helper for `kartsite serve` (see bench/README.md).
//!
//! `cargo run --release --example serve_bench -- generate DIR [PAGES]`
//!   writes a report with PAGES pages (default 10 000) and results in YAML.
//! `cargo run --release --example serve_bench -- rebuild DIR [ROUNDS]`
//!   opens a session on DIR and times incremental rebuilds in-process
//!   (no watcher, no server): a page's text, a page's title, a YAML file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kartsite::BuildOptions;
use kartsite::session::{Rebuild, Session};

const PHASES: [&str; 4] = [
    "forberedelser",
    "kartlaggning",
    "behovsidentifiering",
    "analys-och-aterkoppling",
];
const NEEDS: [&str; 4] = ["halsa", "trygghet", "grundlaggande-behov", "krisberedskap"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str);
    match (arg(0), arg(1)) {
        (Some("generate"), Some(dir)) => {
            let pages = arg(2).map_or(10_000, |n| n.parse().expect("a number of pages"));
            generate(Path::new(dir), pages);
        }
        (Some("rebuild"), Some(dir)) => {
            let rounds = arg(2).map_or(20, |n| n.parse().expect("a number of rounds"));
            rebuild(Path::new(dir), rounds);
        }
        _ => {
            eprintln!("usage: serve_bench generate DIR [PAGES] | rebuild DIR [ROUNDS]");
            std::process::exit(2);
        }
    }
}

/// The page `n` of the generated report.
pub fn page_path(n: usize) -> PathBuf {
    let phase = PHASES[n % PHASES.len()];
    PathBuf::from(format!("content/{phase}/del-{:02}/sida-{n:05}.md", n / 400))
}

fn write(root: &Path, rel: impl AsRef<Path>, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn page_text(n: usize, pages: usize, title: &str, marker: &str) -> String {
    let mut s = String::new();
    let other = |k: usize| (n * 7 + k * 13) % pages;
    let rel_link = |m: usize| {
        // From content/<phase>/del-xx/ up to content/.
        format!(
            "../../{}",
            page_path(m).strip_prefix("content").unwrap().display()
        )
    };
    writeln!(
        s,
        "---\ntitle: \"{title}\"\nsummary: \"Sammanfattning av sida {n}.\"\norder: {n}\n---\n"
    )
    .unwrap();
    writeln!(s, "Inledning till sida {n}. {marker}\n").unwrap();
    for h in 0..3 {
        writeln!(s, "## Avsnitt {h}\n").unwrap();
        writeln!(
            s,
            "Boende i området berättade om **trygghet**, *mötesplatser* och \
             föreningslivet. Se [en annan sida]({}) och [en till]({}).\n",
            rel_link(other(h)),
            rel_link(other(h + 1))
        )
        .unwrap();
        writeln!(s, "- första punkten\n- andra punkten\n- tredje punkten\n").unwrap();
    }
    writeln!(
        s,
        "| Ålder | Andel |\n|---|---|\n| 0–17 | 24 % |\n| 18–64 | 61 % |\n| 65– | 15 % |"
    )
    .unwrap();
    s
}

fn generate(root: &Path, pages: usize) {
    let start = Instant::now();
    if root.exists() {
        std::fs::remove_dir_all(root).unwrap();
    }
    write(
        root,
        "book.toml",
        "[book]\ntitle = \"Stor kartläggning\"\nlanguage = \"sv\"\n\n[report]\n\
         area = \"Storby\"\nmodel = \"omradeskartlaggning\"\n\n[build]\ndefault_audience = \"public\"\n",
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: Start\n---\n\nVälkommen.\n",
    );
    for ph in PHASES {
        write(
            root,
            format!("content/{ph}/_index.md"),
            &format!("---\ntitle: {ph}\n---\n\nOm fasen.\n"),
        );
    }
    for n in 0..pages {
        let text = page_text(n, pages, &format!("Sida {n}"), "");
        write(root, page_path(n), &text);
    }
    let mut yaml = String::from("findings:\n");
    for f in 0..200 {
        writeln!(
            yaml,
            "  - id: f-{f}\n    title: \"Fynd {f}\"\n    need_area: {}\n    source: dialogue\n    \
             evidence: {}\n    text: \"Text om fynd {f}.\"",
            NEEDS[f % 4],
            page_path(f).strip_prefix("content").unwrap().display()
        )
        .unwrap();
    }
    yaml.push_str("actors:\n");
    for a in 0..50 {
        writeln!(
            yaml,
            "  - id: a-{a}\n    name: \"Aktör {a}\"\n    kind: civil_society\n    does: \"Verksamhet.\"\n    \
             places: [p-{a}]"
        )
        .unwrap();
    }
    yaml.push_str("places:\n");
    for p in 0..50 {
        writeln!(
            yaml,
            "  - id: p-{p}\n    name: \"Plats {p}\"\n    kind: meeting_place\n    description: \"En plats.\""
        )
        .unwrap();
    }
    write(root, "content/resultat.yaml", &yaml);
    let mut prio = String::from("priorities:\n");
    for p in 0..50 {
        writeln!(
            prio,
            "  - id: pr-{p}\n    rank: {}\n    title: \"Prioritering {p}\"\n    need_area: {}\n    \
             based_on: [f-{p}, f-{}]\n    action: \"Vi gör något.\"\n    responsible: a-{}\n    \
             when: \"2026\"\n    status: planned",
            p + 1,
            NEEDS[p % 4],
            p + 50,
            p % 50
        )
        .unwrap();
    }
    write(root, "content/prioriteringar.yaml", &prio);
    println!(
        "generated {pages} pages in {} in {:.1} s",
        root.display(),
        start.elapsed().as_secs_f64()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn stats(name: &str, runs: &mut [Rebuild]) {
    runs.sort_by_key(|r| r.timings.total());
    let pick = |q: f64| &runs[((runs.len() - 1) as f64 * q).round() as usize];
    let med = pick(0.5);
    println!(
        "{name}: median {:.1} ms, p90 {:.1} ms, max {:.1} ms ({} outputs rendered, {} changed; median split: {})",
        ms(med.timings.total()),
        ms(pick(0.9).timings.total()),
        ms(runs[runs.len() - 1].timings.total()),
        med.rendered,
        med.changed.len(),
        med.timings
    );
}

fn rebuild(root: &Path, rounds: usize) {
    let t = Instant::now();
    let mut session = Session::open(BuildOptions::new(root)).unwrap_or_else(|e| panic!("{e}"));
    // As `kartsite serve` does: the edited pages first, then the print page
    // and the search index (measured apart as "whole-site outputs").
    session.defer_whole_site_outputs(true);
    println!(
        "full build in memory: {:.0} ms ({} files)",
        ms(t.elapsed()),
        session.files().len()
    );
    let pages = (0..)
        .take_while(|n| root.join(page_path(*n)).exists())
        .count();
    let mut whole = Vec::new();
    let mut apply = |rel: &Path, text: &str| -> Rebuild {
        std::fs::write(root.join(rel), text).unwrap();
        let change = session.classify(rel).unwrap();
        let r = session.apply(&[change]).unwrap_or_else(|e| panic!("{e}"));
        whole.push(session.refresh_whole().unwrap_or_else(|e| panic!("{e}")));
        r
    };
    let mut body = Vec::new();
    let mut title = Vec::new();
    for i in 0..rounds {
        let n = (i * 997) % pages;
        let rel = page_path(n);
        let marker = format!("Ändring {i}.");
        body.push(apply(
            &rel,
            &page_text(n, pages, &format!("Sida {n}"), &marker),
        ));
        title.push(apply(
            &rel,
            &page_text(n, pages, &format!("Sida {n} (ny)"), &marker),
        ));
        apply(&rel, &page_text(n, pages, &format!("Sida {n}"), ""));
    }
    stats("page text edited", &mut body);
    stats("page title edited", &mut title);
    let yaml_path = Path::new("content/prioriteringar.yaml");
    let yaml = std::fs::read_to_string(root.join(yaml_path)).unwrap();
    let mut items = Vec::new();
    for i in 0..rounds.min(10) {
        items.push(apply(
            yaml_path,
            &yaml.replace("Vi gör något.", &format!("Vi gör något ({i}).")),
        ));
    }
    apply(yaml_path, &yaml);
    stats("YAML items edited", &mut items);
    stats(
        "then the print page and search index (after the pages are served)",
        &mut whole,
    );
}
