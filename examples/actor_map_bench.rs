//! Benchmark: lay out and draw an actor register of 500 actors and 2,000
//! links (the layout with its label-overlap removal, then the whole actor
//! map view: SVG, summary and matrix). Not a timed test; run it with
//!
//!     cargo run --release --example actor_map_bench
//!
//! The target is at most 1 s for the layout on a 2-core machine.

use std::fmt::Write as _;
use std::time::Instant;

use kartsite::model::Report;
use kartsite::model::items::ItemsFile;
use kartsite::render::actor_map;

/// A small deterministic generator (no dependency, same numbers every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn register(actors: usize, links: usize) -> Report {
    let kinds = [
        "authority",
        "municipality",
        "region",
        "civil_society",
        "private",
    ];
    let needs = ["halsa", "trygghet", "grundlaggande-behov", "krisberedskap"];
    let mut rng = Lcg(15);
    let mut y = String::from("actors:\n");
    for i in 0..actors {
        let _ = write!(
            y,
            "  - id: a-{i}\n    name: Aktör nummer {i} i området\n    kind: {}\n    work:\n      - {{ need_area: {}, does: Verksamhet {i} }}\n",
            kinds[(rng.next() % 5) as usize],
            needs[(rng.next() % 4) as usize]
        );
    }
    y.push_str("links:\n");
    let mut made = 0;
    while made < links {
        let (a, b) = (rng.next() as usize % actors, rng.next() as usize % actors);
        if a == b {
            continue;
        }
        let kind = if rng.next().is_multiple_of(3) {
            "formal"
        } else {
            "informal"
        };
        let _ = writeln!(
            y,
            "  - {{ from: a-{a}, to: a-{b}, kind: {kind}, strength: {} }}",
            1 + rng.next() % 5
        );
        made += 1;
    }
    let file: ItemsFile = serde_saphyr::from_str(&y).expect("generated YAML");
    Report {
        actors: file.actors,
        links: file.links,
        ..Report::default()
    }
}

fn main() {
    let report = register(500, 2_000);
    let edges = actor_map::edges(&report);
    let settings = kartsite::config::parse_config("[book]\ntitle = \"Bench\"\n").expect("settings");
    let theme =
        kartsite::theme::compile::Theme::compile(&kartsite::theme::default_theme(), "sv", &[])
            .expect("the default theme");
    // Warm up once, then the best of five.
    let _ = actor_map::boxes(&report, &edges);
    let mut layout = f64::INFINITY;
    let mut whole = f64::INFINITY;
    let mut boxes = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        boxes = actor_map::boxes(&report, &edges);
        layout = layout.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let view = actor_map::view(&report, &settings, &theme);
        whole = whole.min(t.elapsed().as_secs_f64());
        assert!(!view.svg.is_empty());
    }
    let overlaps = boxes
        .iter()
        .enumerate()
        .filter(|(i, a)| boxes[i + 1..].iter().any(|b| a.overlaps(b)))
        .count();
    println!(
        "actor map: {} actors, {} links (after merging pairs): layout {:.0} ms, whole view {:.0} ms; boxes overlapping: {overlaps}",
        report.actors.len(),
        edges.len(),
        layout * 1000.0,
        whole * 1000.0
    );
}
