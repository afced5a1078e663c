//! `kartsite init`: a new report folder that builds at once, with
//! commented example files for every kind of content.

use std::path::Path;

use crate::model::process::{ProcessModel, builtin_model};

/// Texts, file names and ids of the scaffold in one language: everything
/// a writer reads in a new report is in the report's language.
struct Words {
    lang: &'static str,
    title: &'static str,
    home: &'static str,
    phase_intro: &'static str,
    example_title: &'static str,
    example_body: &'static str,
    example_file: &'static str,
    example_comment: &'static str,
    items_file: &'static str,
    items_header: &'static str,
    priorities_file: &'static str,
    results_header: &'static str,
    area: &'static str,
    municipality: &'static str,
    organisation: &'static str,
    /// The `book.toml` text (placeholders filled in by [`book_toml`]).
    book: &'static str,
    /// The findings, actors and places file.
    items: &'static str,
    /// The priorities and feedback file.
    priorities: &'static str,
    data_readme: &'static str,
    /// What `init` says when it is done.
    created: &'static str,
}

const SV: Words = Words {
    lang: "sv",
    title: "Områdeskartläggning",
    home: "Här beskriver ni kort varför kartläggningen görs och för vem.\n\nSidorna för varje fas finns i menyn. Resultaten – fynd, prioriteringar,\nåterkoppling, aktörer och platser – samlas på egna översiktssidor.\n",
    phase_intro: "Skriv här vad ni har gjort i den här fasen. Lägg fler sidor som .md-filer\ni samma mapp, och ange i deras front matter vilka vägledande frågor de\nbesvarar (`answers: [fråge-id]`). Fråge-id:n står på fassidan.\n",
    example_title: "Exempelsida",
    example_body: "Det här är en exempelsida. Skriv med vanlig Markdown: **fetstil**, listor\noch [länkar till andra sidor](_index.md).\n",
    example_file: "exempel.md",
    example_comment: "# Vilka vägledande frågor sidan besvarar:\nanswers: [{q}]\n# audience: internal   # håller sidan utanför den publika versionen",
    items_file: "resultat.yaml",
    items_header: "# Resultat i YAML. Varje post har ett id som inte ändras; andra poster\n# hänvisar till det. Handboken docs/handbok.md visar hur, docs/format.md\n# listar alla fält.\n",
    priorities_file: "prioriteringar.yaml",
    results_header: "# Prioriteringar och återkoppling.\n",
    area: "Området",
    municipality: "Kommunen",
    organisation: "Organisationen",
    book: r#"# Rapportens inställningar. Varje nyckel förklaras i docs/format.md.

[book]
title = "{title}"
description = ""
authors = ["{org}"]
# Webbplatsens språk: sv, nb eller en.
language = "{lang}"

[report]
area = "{area}"
municipality = "{mun}"
organisation = "{org}"
period = "2026"
# Processmodellen: omradeskartlaggning, boligsosial eller custom.
model = "{model}"
# Områdestyp 1–5 i SCB:s Segregationsbarometer (ta bort om den inte är känd).
# area_type = 2
# area_type_source = "SCB, tabell TAB6586, 2023"
# Eller läs den ur SCB:s indextabell i data/ (se docs/charts.md):
# area_type_index = "scb-omradestyp-regso.csv"
# area_type_regso = "1799R001"
#
# Behovsområden: utan egna är de halsa (Hälsa), trygghet (Trygghet),
# grundlaggande-behov (Grundläggande behov) och krisberedskap (Krisberedskap).
# Egna ersätter dem:
# [[report.need_areas]]
# id = "boende"
# name = "Boende"

[build]
# `kartsite build` skriver den publika versionen hit; `--audience internal`
# skriver den interna versionen i internal_output_dir.
output_dir = "public"
internal_output_dir = "internal"
theme = "default"
# Används bara för QR-koder och kanoniska länkar, aldrig för länkar mellan sidor.
# base_url = "https://intranat.example.org/kartlaggning/"
# Sidor och poster utan `audience:` är publika om ni inte ändrar här.
default_audience = "public"

[contact]
# En roll och en funktionsbrevlåda som de boende kan nå (inte en person).
role = ""
email = ""
"#,
    items: r#"{header}
findings:
  - id: f-exempel
    title: "Ett första fynd"
    # Behovsområde: halsa, trygghet, grundlaggande-behov eller krisberedskap
    # (eller egna, listade i book.toml under [[report.need_areas]]).
    need_area: trygghet
    # Källa: statistics, dialogue, interview, workshop eller report.
    source: dialogue
    text: |
      Vad visade sig? Skriv med Markdown.

actors:
  - id: a-exempel
    name: "En aktör"
    # Slag: authority, municipality, region, civil_society eller private.
    kind: civil_society
    does: "Vad aktören gör."
    for_whom: "För vem."
    cooperates_with: []

places:
  - id: p-exempel
    name: "En mötesplats"
    # Slag: square, meeting_place, school, preschool, library, sports, park,
    # religious, shop, health eller other.
    kind: meeting_place
    description: "Vem möts här, och när?"
"#,
    priorities: r#"{header}
priorities:
  - id: pr-exempel
    rank: 1
    title: "En prioritering"
    need_area: trygghet
    based_on: [f-exempel]
    action: "Vad vi gör."
    responsible: a-exempel
    when: "2026"
    # Status: planned, ongoing, done eller not_relevant (då också status_reason).
    status: planned

feedback:
  - id: fb-exempel
    # Till: residents (boende), actors (aktörer) eller branch (kretsen).
    to: residents
    heard: "Det här hörde vi."
    doing: "Det här gör vi."
    when: "2026"
    channel: "Möte"
    priorities: [pr-exempel]
"#,
    data_readme: "Här lägger ni datafiler till diagram: CSV, Excel (.xlsx) och JSON-stat från SCB.\nSe docs/charts.md.\n",
    created: "kartsite: en ny rapport enligt modellen {model} med {n} filer i {dir}\n  nästa steg: cd {dir} och kartsite serve --open (förhandsvisning), kartsite build (den publika versionen i public/)",
};

const NB: Words = Words {
    lang: "nb",
    title: "Områdekartlegging",
    home: "Her beskriver dere kort hvorfor kartleggingen gjøres og for hvem.\n\nSidene for hver fase finnes i menyen. Funn, prioriteringer, tilbakemeldinger,\naktører og steder samles på egne oversiktssider.\n",
    phase_intro: "Skriv her hva dere har gjort i denne fasen. Legg flere sider som .md-filer\ni samme mappe, og oppgi i front matter hvilke spørsmål de besvarer\n(`answers: [spørsmål-id]`). Spørsmålenes id står på fasesiden.\n",
    example_title: "Eksempelside",
    example_body: "Dette er en eksempelside. Skriv med vanlig Markdown: **fet skrift**, lister\nog [lenker til andre sider](_index.md).\n",
    example_file: "eksempel.md",
    example_comment: "# Hvilke veiledende spørsmål siden besvarer:\nanswers: [{q}]\n# audience: internal   # holder siden utenfor den offentlige versjonen",
    items_file: "resultater.yaml",
    items_header: "# Resultater i YAML. Hver post har en id som ikke endres; andre poster\n# viser til den. Håndboken docs/handbok-nb.md viser hvordan, docs/format.md\n# lister alle felt.\n",
    priorities_file: "prioriteringer.yaml",
    results_header: "# Prioriteringer og tilbakemeldinger.\n",
    area: "Området",
    municipality: "Kommunen",
    organisation: "Organisasjonen",
    book: r#"# Rapportens innstillinger. Hver nøkkel forklares i docs/format.md.

[book]
title = "{title}"
description = ""
authors = ["{org}"]
# Nettstedets språk: nb, sv eller en.
language = "{lang}"

[report]
area = "{area}"
municipality = "{mun}"
organisation = "{org}"
period = "2026"
# Prosessmodellen: boligsosial, omradeskartlaggning eller custom.
model = "{model}"
# Levekår i området: legg SSBs statistikk per grunnkrets eller delbydel i
# data/ og vis den i diagrammer (se docs/charts.md).

# Behovsområdene i det boligsosiale arbeidet. Funn og prioriteringer
# sorteres etter dem (need_area: bolig …). Endre, fjern eller legg til.
[[report.need_areas]]
id = "bolig"
name = "Bolig"

[[report.need_areas]]
id = "arbeid-og-inntekt"
name = "Arbeid og inntekt"

[[report.need_areas]]
id = "helse"
name = "Helse"

[[report.need_areas]]
id = "oppvekst"
name = "Oppvekst"

[[report.need_areas]]
id = "trygghet"
name = "Trygghet og nærmiljø"

[build]
# `kartsite build` skriver den offentlige versjonen hit; `--audience internal`
# skriver den interne versjonen i internal_output_dir.
output_dir = "public"
internal_output_dir = "internal"
theme = "default"
# Brukes bare til QR-koder og kanoniske lenker, aldri til lenker mellom sider.
# base_url = "https://intranett.example.org/kartlegging/"
# Sider og poster uten `audience:` er offentlige hvis dere ikke endrer her.
default_audience = "public"

[contact]
# En rolle og en funksjonsadresse som beboerne kan nå (ikke en person).
role = ""
email = ""
"#,
    items: r#"{header}
findings:
  - id: f-eksempel
    title: "Et første funn"
    # Behovsområde: bolig, arbeid-og-inntekt, helse, oppvekst eller trygghet
    # (listet i book.toml under [[report.need_areas]]).
    need_area: trygghet
    # Kilde: statistics, dialogue, interview, workshop eller report.
    source: dialogue
    text: |
      Hva viste seg? Skriv med Markdown.

actors:
  - id: a-eksempel
    name: "En aktør"
    # Type: authority, municipality, region, civil_society eller private.
    kind: civil_society
    does: "Hva aktøren gjør."
    for_whom: "For hvem."
    cooperates_with: []

places:
  - id: p-eksempel
    name: "En møteplass"
    # Type: square, meeting_place, school, preschool, library, sports, park,
    # religious, shop, health eller other.
    kind: meeting_place
    description: "Hvem møtes her, og når?"
"#,
    priorities: r#"{header}
priorities:
  - id: pr-eksempel
    rank: 1
    title: "En prioritering"
    need_area: trygghet
    based_on: [f-eksempel]
    action: "Hva vi gjør."
    responsible: a-eksempel
    when: "2026"
    # Status: planned, ongoing, done eller not_relevant (da også status_reason).
    status: planned

feedback:
  - id: fb-eksempel
    # Til: residents (beboere), actors (aktører) eller branch (organisasjonen).
    to: residents
    heard: "Dette hørte vi."
    doing: "Dette gjør vi."
    when: "2026"
    channel: "Møte"
    priorities: [pr-eksempel]
"#,
    data_readme: "Her legger dere datafiler til diagrammer: CSV, Excel (.xlsx) og JSON-stat fra SSB.\nSe docs/charts.md.\n",
    created: "kartsite: en ny rapport etter modellen {model} med {n} filer i {dir}\n  neste steg: cd {dir} og kartsite serve --open (forhåndsvisning), kartsite build (den offentlige versjonen i public/)",
};

/// Create a report for `model` in `dir` (new or empty). Returns the
/// number of files written.
pub fn init(dir: &Path, model: &str) -> Result<usize, crate::messages::Msg> {
    use crate::msg;
    let m = builtin_model(model).ok_or_else(|| msg!("init.unknown-model", model = model))?;
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .map_err(|e| {
                msg!(
                    "init.cannot-read",
                    path = dir.display().to_string(),
                    error = e.to_string()
                )
            })?;
        if !empty {
            return Err(msg!("init.not-empty", path = dir.display().to_string()));
        }
    }
    let w = words(model);
    let files = files(&m, w);
    for (path, text) in &files {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                msg!(
                    "init.cannot-create",
                    path = parent.display().to_string(),
                    error = e.to_string()
                )
            })?;
        }
        std::fs::write(&p, text).map_err(|e| {
            msg!(
                "init.cannot-write",
                path = p.display().to_string(),
                error = e.to_string()
            )
        })?;
    }
    Ok(files.len())
}

fn files(m: &ProcessModel, w: &Words) -> Vec<(String, String)> {
    let mut out = Vec::new();
    out.push(("book.toml".into(), book_toml(m, w)));
    out.push((".gitignore".into(), "/public\n/internal\n".into()));
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
                format!("content/{}/{}", p.id, w.example_file),
                format!(
                    "---\ntitle: {}\nsummary: {}\norder: 1\n{}\n---\n\n{}",
                    w.example_title,
                    w.example_title,
                    w.example_comment.replace("{q}", q),
                    w.example_body
                ),
            ));
        }
    }
    let second = &m.phases[1.min(m.phases.len() - 1)].id;
    // Priorities belong to the phase that asks for them (Analys och
    // återkoppling; Forslag til modell), not to an evaluation at the end.
    let prioritising = m
        .phases
        .iter()
        .find(|p| p.questions.iter().any(|q| q.id.starts_with("prioriter")))
        .unwrap_or(&m.phases[m.phases.len() - 1]);
    out.push((
        format!("content/{second}/{}", w.items_file),
        w.items.replace("{header}", w.items_header),
    ));
    out.push((
        format!("content/{}/{}", prioritising.id, w.priorities_file),
        w.priorities.replace("{header}", w.results_header),
    ));
    // The boligsosial model weighs strengths and weaknesses in its
    // knowledge base (kunnskapsgrunnlag), the second phase.
    if w.lang == "nb" {
        out.push((
            format!("content/{second}/styrker-og-svakheter.yaml"),
            SWOT_NB.into(),
        ));
    }
    out.push(("data/README.md".into(), w.data_readme.into()));
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
    findings: [f-eksempel]
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
    w.book
        .replace("{title}", w.title)
        .replace("{org}", w.organisation)
        .replace("{lang}", w.lang)
        .replace("{area}", w.area)
        .replace("{mun}", w.municipality)
        .replace("{model}", &m.id)
}

/// What `init` says when the report is made, in the report's language.
pub fn created_message(model: &str, files: usize, dir: &Path) -> String {
    let w = words(model);
    w.created
        .replace("{model}", model)
        .replace("{n}", &files.to_string())
        .replace("{dir}", &dir.display().to_string())
}

fn words(model: &str) -> &'static Words {
    if model == "boligsosial" { &NB } else { &SV }
}
