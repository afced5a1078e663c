//! The exit gate's cost: a report rendered in memory for the public
//! audience, then every file passed through the gate, each timed (the
//! best of N runs). `cargo run --release --example gate_bench -- <report> [runs]`
//! With hyperfine on `kartsite build` before and after the gate, this
//! tells where the time goes.

use std::path::PathBuf;
use std::time::Instant;

use kartsite::config::{Audience, load_config};
use kartsite::render::theme::Theme;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let settings = load_config(&root).expect("book.toml");
    let files =
        kartsite::load::theme::load_theme(&root, &settings.config.build.theme).expect("theme");
    let theme = Theme::compile(&files, settings.language(), &settings.config.book.languages)
        .expect("theme");
    let report = kartsite::load::load(
        &root,
        &settings,
        kartsite::load::LoadOptions { drafts: false },
    )
    .expect("the report loads");
    let (visible, hidden) =
        report.into_audience(Audience::Public, settings.config.build.default_audience);
    let input = kartsite::render::RenderInput {
        report: &visible,
        settings: &settings,
        theme: &theme,
        audience: Audience::Public,
        hidden_pages: hidden.into_iter().collect(),
    };
    let (mut render_best, mut gate_best) = (f64::MAX, f64::MAX);
    let (mut n_files, mut bytes, mut found) = (0, 0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        let site = kartsite::render::render_site(&input).expect("renders");
        render_best = render_best.min(t.elapsed().as_secs_f64() * 1000.0);
        n_files = site.files.len();
        bytes = site.files.iter().map(|f| f.bytes.len()).sum::<usize>();
        let t = Instant::now();
        let gate = kartsite::gate::Gate::for_input(&input);
        let (_, diags) = kartsite::gate::pass_all(&gate, site.files, true);
        gate_best = gate_best.min(t.elapsed().as_secs_f64() * 1000.0);
        found = diags.len();
    }
    println!(
        "{n_files} files, {:.1} MB: render {render_best:.1} ms, gate {gate_best:.1} ms ({:.1} % of the render; {found} messages)",
        bytes as f64 / 1e6,
        gate_best / render_best * 100.0
    );
}
