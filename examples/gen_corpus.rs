//! Writes a synthetic report of N pages for benchmarks, with the same
//! Markdown laid out three ways: a kartsite report, a Hugo site and an
//! mdBook book, so the three tools render the same text.
//!
//! Usage: cargo run --release --example gen_corpus -- N OUT_DIR
//! Writes OUT_DIR/kartsite, OUT_DIR/hugo and OUT_DIR/mdbook.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const PHASES: [&str; 4] = [
    "forberedelser",
    "kartlaggning",
    "behovsidentifiering",
    "analys-och-aterkoppling",
];
const WORDS: &[&str] = &[
    "området",
    "boende",
    "trygghet",
    "hälsa",
    "mötesplats",
    "förening",
    "kommunen",
    "biblioteket",
    "fritidsgården",
    "skolan",
    "torget",
    "kvällar",
    "unga",
    "äldre",
    "familjer",
    "behov",
    "samverkan",
    "krisberedskap",
    "grundläggande",
    "dialog",
    "workshop",
    "statistik",
    "aktörer",
    "nätverk",
    "nyckelpersoner",
    "vi",
    "och",
    "att",
    "som",
    "med",
    "för",
    "på",
    "i",
    "det",
    "är",
    "har",
    "många",
    "flera",
    "några",
    "tillsammans",
    "behöver",
    "önskar",
    "berättar",
    "visar",
    "saknar",
    "vill",
];

/// A small deterministic pseudo-random generator (same corpus every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| WORDS[self.below(WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn sentence(&mut self) -> String {
        let n = 6 + self.below(12);
        let mut s = self.words(n);
        if let Some(c) = s.get(..1) {
            s = c.to_uppercase() + &s[1..];
        }
        s + "."
    }
}

/// Where page `i` lives, relative to the content root: phase/section/page.
fn page_path(i: usize) -> String {
    let phase = PHASES[i % PHASES.len()];
    format!(
        "{phase}/avsnitt-{:02}/sida-{i:05}.md",
        (i / PHASES.len()) % 25
    )
}

/// A relative link from page `from` to page `to` (both content-relative).
fn rel_link(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

fn body(rng: &mut Rng, i: usize, n: usize) -> String {
    let me = page_path(i);
    let mut s = String::new();
    let target = 3000 + rng.below(5000);
    let mut section = 0;
    while s.len() < target {
        section += 1;
        let _ = writeln!(s, "## Avsnitt {section}: {}\n", rng.words(3));
        for _ in 0..2 + rng.below(3) {
            let mut p = String::new();
            for _ in 0..3 + rng.below(4) {
                p.push_str(&rng.sentence());
                p.push(' ');
            }
            let _ = writeln!(
                s,
                "{} *{}* och **{}**.\n",
                p.trim(),
                rng.words(2),
                rng.words(1)
            );
        }
        let _ = writeln!(
            s,
            "- {}\n- {}\n- {}\n",
            rng.sentence(),
            rng.sentence(),
            rng.sentence()
        );
        if section % 2 == 0 {
            let _ = writeln!(s, "| Grupp | Andel | Kommentar |\n|---|---:|---|");
            for _ in 0..4 {
                let _ = writeln!(
                    s,
                    "| {} | {} % | {} |",
                    rng.words(1),
                    rng.below(100),
                    rng.words(3)
                );
            }
            s.push('\n');
        }
        let other = page_path((i + 1 + rng.below(n.max(2) - 1)) % n);
        let _ = writeln!(
            s,
            "Läs också [{}]({}).\n",
            rng.words(2),
            rel_link(&me, &other)
        );
    }
    s
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p).unwrap();
    }
    fs::write(path, text).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(out)) = (
        args.get(1).and_then(|s| s.parse::<usize>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: gen_corpus N OUT_DIR");
        std::process::exit(2);
    };
    let out = Path::new(out);
    let _ = fs::remove_dir_all(out);
    let (k, h, m) = (out.join("kartsite"), out.join("hugo"), out.join("mdbook"));
    write(
        &k.join("book.toml"),
        "[book]\ntitle = \"Benchmark\"\nlanguage = \"sv\"\n\n[report]\narea = \"Syntetiskt område\"\nmunicipality = \"Benchkommun\"\n\n[build]\nbase_url = \"https://example.org/bench/\"\n",
    );
    write(
        &k.join("content/_index.md"),
        "Syntetisk rapport för prestandamätning.\n",
    );
    write(
        &h.join("hugo.toml"),
        "baseURL = \"https://example.org/bench/\"\ntitle = \"Benchmark\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n[markup.goldmark.renderer]\nunsafe = false\n",
    );
    write(
        &h.join("layouts/_default/baseof.html"),
        "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><nav><a href=\"{{ \"/\" | relURL }}\">Start</a></nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    );
    write(
        &h.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n",
    );
    write(
        &h.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
    write(
        &h.join("content/_index.md"),
        "---\ntitle: Benchmark\n---\nSyntetisk rapport.\n",
    );
    write(
        &m.join("book.toml"),
        "[book]\ntitle = \"Benchmark\"\nlanguage = \"sv\"\n\n[output.html]\nhash-files = false\n\n[output.html.search]\nenable = false\n",
    );
    let mut summary = String::from("# Summary\n\n[Start](README.md)\n\n");
    write(
        &m.join("src/README.md"),
        "# Benchmark\n\nSyntetisk rapport.\n",
    );
    let mut rng = Rng(42);
    let mut bytes = 0usize;
    for i in 0..n {
        let path = page_path(i);
        let title = format!("Sida {i}: {}", rng.words(3));
        let text = body(&mut rng, i, n);
        bytes += text.len();
        write(
            &k.join("content").join(&path),
            &format!("---\ntitle: \"{title}\"\norder: {i}\n---\n\n{text}"),
        );
        write(
            &h.join("content").join(&path),
            &format!("---\ntitle: \"{title}\"\nweight: {i}\n---\n\n{text}"),
        );
        write(&m.join("src").join(&path), &format!("# {title}\n\n{text}"));
        let _ = writeln!(summary, "- [{title}]({path})");
    }
    write(&m.join("src/SUMMARY.md"), &summary);
    println!(
        "wrote {n} pages ({} KB of Markdown) to {}",
        bytes / 1024,
        out.display()
    );
}
