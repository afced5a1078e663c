//! `kartsite init`: a new report folder that builds at once, with
//! commented example files for every kind of content.

use std::path::Path;

use crate::model::process::{ProcessModel, builtin_model};

/// Texts of the scaffold in one language.
struct Words {
    lang: &'static str,
    title: &'static str,
    home: &'static str,
    phase_intro: &'static str,
    example_title: &'static str,
    example_body: &'static str,
    items_header: &'static str,
    results_header: &'static str,
    area: &'static str,
    municipality: &'static str,
    organisation: &'static str,
}

const SV: Words = Words {
    lang: "sv",
    title: "Områdeskartläggning",
    home: "Här beskriver ni kort varför kartläggningen görs och för vem.\n\nSidorna för varje fas finns i menyn. Resultaten – fynd, prioriteringar,\nåterkoppling, aktörer och platser – samlas på egna översiktssidor.\n",
    phase_intro: "Skriv här vad ni har gjort i den här fasen. Lägg fler sidor som .md-filer\ni samma mapp, och ange i deras front matter vilka vägledande frågor de\nbesvarar (`answers: [fråge-id]`). Fråge-id:n står på fassidan.\n",
    example_title: "Exempelsida",
    example_body: "Det här är en exempelsida. Skriv med vanlig Markdown: **fetstil**, listor\noch [länkar till andra sidor](_index.md).\n",
    items_header: "# Resultat som YAML. Varje post har ett id som inte ändras; andra poster\n# hänvisar till det. Se docs/format.md för alla fält.\n",
    results_header: "# Prioriteringar och återkoppling.\n",
    area: "Området",
    municipality: "Kommunen",
    organisation: "Organisationen",
};

const NB: Words = Words {
    lang: "nb",
    title: "Områdekartlegging",
    home: "Her beskriver dere kort hvorfor kartleggingen gjøres og for hvem.\n\nSidene for hver fase finnes i menyen. Funn, prioriteringer, tilbakemeldinger,\naktører og steder samles på egne oversiktssider.\n",
    phase_intro: "Skriv her hva dere har gjort i denne fasen. Legg flere sider som .md-filer\ni samme mappe, og oppgi i front matter hvilke spørsmål de besvarer\n(`answers: [spørsmål-id]`). Spørsmålenes id står på fasesiden.\n",
    example_title: "Eksempelside",
    example_body: "Dette er en eksempelside. Skriv med vanlig Markdown: **fet skrift**, lister\nog [lenker til andre sider](_index.md).\n",
    items_header: "# Resultater som YAML. Hver post har en id som ikke endres; andre poster\n# viser til den. Se docs/format.md for alle felt.\n",
    results_header: "# Prioriteringer og tilbakemeldinger.\n",
    area: "Området",
    municipality: "Kommunen",
    organisation: "Organisasjonen",
};

/// Create a report for `model` in `dir` (new or empty). Returns the
/// number of files written.
pub fn init(dir: &Path, model: &str) -> Result<usize, String> {
    let m = builtin_model(model).ok_or_else(|| format!("unknown model \"{model}\""))?;
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if !empty {
            return Err(format!("{} already exists and is not empty", dir.display()));
        }
    }
    let w = if model == "boligsosial" { &NB } else { &SV };
    let files = files(&m, w);
    for (path, text) in &files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }
    Ok(files.len())
}

fn files(m: &ProcessModel, w: &Words) -> Vec<(String, String)> {
    let mut out = Vec::new();
    out.push(("book.toml".into(), book_toml(m, w)));
    out.push((".gitignore".into(), "/public\n".into()));
    out.push((
        "content/_index.md".into(),
        format!("---\ntitle: {}\n---\n\n{}", w.title, w.home),
    ));
    for (i, p) in m.phases.iter().enumerate() {
        out.push((
            format!("content/{}/_index.md", p.id),
            format!(
                "---\n# {}\ntitle: {}\n---\n\n{}",
                p.title, p.title, w.phase_intro
            ),
        ));
        if i == 0 {
            let q = p
                .questions
                .first()
                .map(|q| q.id.as_str())
                .unwrap_or_default();
            out.push((
                format!("content/{}/exempel.md", p.id),
                format!(
                    "---\ntitle: {}\nsummary: {}\norder: 1\n# Which guiding questions this page answers:\nanswers: [{q}]\n# audience: internal   # keep this page out of public builds\n---\n\n{}",
                    w.example_title, w.example_title, w.example_body
                ),
            ));
        }
    }
    let second = &m.phases[1.min(m.phases.len() - 1)].id;
    let last = &m.phases[m.phases.len() - 1].id;
    out.push((format!("content/{second}/resultat.yaml"), items_yaml(w)));
    out.push((
        format!("content/{last}/prioriteringar.yaml"),
        priorities_yaml(w),
    ));
    // The boligsosial model weighs strengths and weaknesses in its
    // knowledge base (kunnskapsgrunnlag), the second phase.
    if w.lang == "nb" {
        out.push((
            format!("content/{second}/styrker-og-svakheter.yaml"),
            SWOT_NB.into(),
        ));
    }
    out.push((
        "data/README.md".into(),
        "Data files (CSV, JSON-stat, YAML) for charts go here.\n".into(),
    ));
    out
}

/// The "styrker og svakheter" starter of the boligsosial model.
const SWOT_NB: &str = r#"# Styrker og svakheter (SWOT) i kunnskapsgrunnlaget. Hvert punkt er styrke,
# svakhet, mulighet eller trussel, og kan vise til funnene det bygger på
# (findings: [funn-id]). Siden swot.html viser dem i et rutenett 2 × 2, og
# hvert funn lenker tilbake. Se docs/format.md.
swot:
  - id: s-eksempel-styrke
    kind: styrke
    text: "Hva området og aktørene har å bygge på."
    findings: [f-exempel]
  - id: s-eksempel-svakhet
    kind: svakhet
    text: "Hva som mangler eller ikke virker."
  - id: s-eksempel-mulighet
    kind: mulighet
    text: "Hva som kan hjelpe fremover."
  - id: s-eksempel-trussel
    kind: trussel
    text: "Hva som kan gjøre det verre."
    # audience: internal   # hold punktet utenfor den offentlige utgaven
"#;

fn book_toml(m: &ProcessModel, w: &Words) -> String {
    format!(
        r#"# The report's settings. Every key is explained in docs/format.md.

[book]
title = "{title}"
description = ""
authors = ["{org}"]
# UI language of the site: sv, nb or en.
language = "{lang}"

[report]
area = "{area}"
municipality = "{mun}"
organisation = "{org}"
period = "2026"
# The process model: omradeskartlaggning, boligsosial or custom.
model = "{model}"
# Segregationsbarometern's area type, 1 to 5 (remove if unknown).
# area_type = 2
# area_type_source = "SCB, tabell TAB6586, 2023"
# Or read it from SCB's index table under data/ (see docs/charts.md):
# area_type_index = "scb-omradestyp-regso.csv"
# area_type_regso = "1799R001"

[build]
# `kartsite build` writes the public version here; `--audience internal`
# writes the internal version into internal_output_dir.
output_dir = "public"
internal_output_dir = "internal"
theme = "default"
# Used only for canonical links and QR codes, never for links between pages.
# base_url = "https://intranat.example.org/kartlaggning/"
# Pages and items without `audience:` are public unless you change this.
default_audience = "public"

[contact]
# A role and a function mailbox that residents can reach (not a person).
role = ""
email = ""
"#,
        title = w.title,
        org = w.organisation,
        lang = w.lang,
        area = w.area,
        mun = w.municipality,
        model = m.id,
    )
}

fn items_yaml(w: &Words) -> String {
    format!(
        r#"{header}
findings:
  - id: f-exempel
    title: "Ett första fynd"
    # hälsa → halsa, trygghet, grundlaggande-behov, krisberedskap (see book.toml)
    need_area: trygghet
    # statistics, dialogue, interview, workshop or report
    source: dialogue
    text: |
      Vad visade sig? Skriv med Markdown.

actors:
  - id: a-exempel
    name: "En aktör"
    # authority, municipality, region, civil_society or private
    kind: civil_society
    does: "Vad aktören gör."
    for_whom: "För vem."
    cooperates_with: []

places:
  - id: p-exempel
    name: "En mötesplats"
    # square, meeting_place, school, preschool, library, sports, park,
    # religious, shop, health or other
    kind: meeting_place
    description: "Vem möts här, och när?"
"#,
        header = w.items_header
    )
}

fn priorities_yaml(w: &Words) -> String {
    format!(
        r#"{header}
priorities:
  - id: pr-exempel
    rank: 1
    title: "En prioritering"
    need_area: trygghet
    based_on: [f-exempel]
    action: "Vad vi gör."
    responsible: a-exempel
    when: "2026"
    # planned, ongoing, done or not_relevant (then also status_reason)
    status: planned

feedback:
  - id: fb-exempel
    # residents, actors or branch
    to: residents
    heard: "Det här hörde vi."
    doing: "Det här gör vi."
    when: "2026"
    channel: "Möte"
    priorities: [pr-exempel]
"#,
        header = w.results_header
    )
}
