//! The offline search index: `search-index.js`, a script that sets
//! `window.kartsiteSearch`, loaded by `search.js` with a script tag so
//! search works from `file://` and under any sub-path.
//!
//! Every word is stemmed with the Snowball stemmer of the report's
//! language (`rust-stemmers`); the client stems the query with the same
//! algorithm (`themes/default/static/search.js`). The index maps each stem
//! to the documents it occurs in, with a weight. Documents are the pages and
//! every item (findings, priorities, feedback, actors, places) of the
//! report it is given: render passes the report already filtered for the
//! audience, so a public index holds only public content.

use std::collections::BTreeMap;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::config::Settings;
use crate::model::Report;
use crate::render::markdown::options;
use crate::render::theme::Theme;
use crate::render::views::{
    ACTORS_URL, FEEDBACK_URL, FINDINGS_URL, PLACES_URL, PRIORITIES_URL, phase_url,
};

/// Where the index is written.
pub const SEARCH_INDEX_URL: &str = "search-index.js";

/// Weight of a word in a title against one in the text.
const TITLE_WEIGHT: u32 = 8;
/// Characters of text shown under a hit.
const EXCERPT_CHARS: usize = 160;

/// The kinds of document, in the order of `kinds` in the index.
const KINDS: [&str; 7] = [
    "search_kind_page",
    "search_kind_phase",
    "search_kind_finding",
    "search_kind_priority",
    "search_kind_feedback",
    "search_kind_actor",
    "search_kind_place",
];

/// One searchable document before indexing.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Site-relative URL, with an anchor for items.
    pub url: String,
    pub title: String,
    /// Index into [`KINDS`].
    pub kind: usize,
    /// Plain text (Markdown already stripped).
    pub text: String,
}

/// The Snowball stemmer for a UI language (`sv`, `nb`, `en`).
pub fn stemmer(lang: &str) -> Stemmer {
    Stemmer::create(match lang {
        "nb" => Algorithm::Norwegian,
        "en" => Algorithm::English,
        _ => Algorithm::Swedish,
    })
}

/// Frequent words left out of the index (and out of queries).
pub fn stop_words(lang: &str) -> &'static [&'static str] {
    match lang {
        "nb" => &[
            "av", "at", "da", "de", "dem", "den", "denne", "der", "det", "dette", "du", "eller",
            "en", "er", "et", "for", "fra", "han", "har", "hun", "i", "ikke", "jeg", "kan", "man",
            "med", "men", "når", "og", "om", "også", "på", "seg", "sin", "sitt", "skal", "som",
            "til", "var", "vi", "vil", "være", "å",
        ],
        "en" => &[
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
            "is", "it", "its", "of", "on", "or", "that", "the", "their", "they", "this", "to",
            "was", "we", "were", "which", "will", "with",
        ],
        _ => &[
            "att", "av", "de", "dem", "den", "denna", "det", "detta", "du", "eller", "en", "ett",
            "för", "från", "har", "hon", "han", "i", "inte", "jag", "kan", "man", "med", "men",
            "när", "och", "också", "om", "på", "sig", "sin", "sitt", "ska", "som", "så", "till",
            "var", "vi", "vid", "är", "åt",
        ],
    }
}

/// Lowercase runs of letters and digits (the client splits the same way).
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Markdown as plain text, blocks separated by spaces.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    // The YAML of ` ```chart ` blocks is not text for readers.
    let mut in_chart = false;
    for ev in Parser::new_ext(markdown, options()) {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("chart") =>
            {
                in_chart = true;
            }
            Event::Text(_) if in_chart => {}
            Event::End(TagEnd::CodeBlock) if in_chart => in_chart = false,
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every searchable document of `report`, in a stable order.
pub fn documents(report: &Report, settings: &Settings, theme: &Theme) -> Vec<Doc> {
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.trim().is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut docs = Vec::new();
    let page_text = |url: &str| {
        report
            .pages
            .iter()
            .find(|p| p.url == url)
            .map(|p| join(&[&p.front.summary, &plain_text(&p.body)]))
            .unwrap_or_default()
    };
    let c = &settings.config;
    docs.push(Doc {
        url: "index.html".into(),
        title: c.book.title.clone(),
        kind: 0,
        text: join(&[&c.book.description, &page_text("index.html")]),
    });
    for ph in &settings.model.phases {
        let url = phase_url(&ph.id);
        let questions: Vec<&str> = ph.questions.iter().map(|q| q.text.as_str()).collect();
        docs.push(Doc {
            title: ph.title.clone(),
            kind: 1,
            text: join(&[&ph.purpose, &page_text(&url), &questions.join(" ")]),
            url,
        });
    }
    let mut pages: Vec<_> = report
        .pages
        .iter()
        .filter(|p| {
            p.url != "index.html"
                && !settings
                    .model
                    .phases
                    .iter()
                    .any(|ph| phase_url(&ph.id) == p.url)
        })
        .collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    for p in pages {
        docs.push(Doc {
            url: p.url.clone(),
            title: p.title.clone(),
            kind: 0,
            text: join(&[&p.front.summary, &plain_text(&p.body)]),
        });
    }
    let need = |id: &str| {
        settings
            .need_areas
            .iter()
            .find(|n| n.id == id)
            .map_or(id.to_string(), |n| n.name.clone())
    };
    for f in &report.findings {
        docs.push(Doc {
            url: format!("{FINDINGS_URL}#{}", f.id.value),
            title: f.title.clone(),
            kind: 2,
            text: join(&[&plain_text(&f.text), &need(&f.need_area.value)]),
        });
    }
    let mut prios: Vec<_> = report.priorities.iter().collect();
    prios.sort_by_key(|p| (p.rank, p.id.value.clone()));
    for p in prios {
        let timeline: Vec<&str> = p.timeline.iter().map(|e| e.text.as_str()).collect();
        docs.push(Doc {
            url: format!("{PRIORITIES_URL}#{}", p.id.value),
            title: p.title.clone(),
            kind: 3,
            text: join(&[
                &plain_text(&p.action),
                &need(&p.need_area.value),
                &p.when,
                &p.status_reason,
                &timeline.join(" "),
            ]),
        });
    }
    for fb in &report.feedback {
        let heard = plain_text(&fb.heard);
        docs.push(Doc {
            url: format!("{FEEDBACK_URL}#{}", fb.id.value),
            title: format!(
                "{} {}: {}",
                theme.t("feedback_to"),
                theme
                    .t(&format!("recipient_{}", fb.to.key()))
                    .to_lowercase(),
                excerpt(&heard, 60)
            ),
            kind: 4,
            text: join(&[&heard, &plain_text(&fb.doing), &fb.channel, &fb.when]),
        });
    }
    for a in &report.actors {
        docs.push(Doc {
            url: format!("{ACTORS_URL}#{}", a.id.value),
            title: a.name.clone(),
            kind: 5,
            text: join(&[
                &plain_text(&a.does),
                &a.for_whom,
                &theme.t(&format!("actor_kind_{}", a.kind.key())),
            ]),
        });
    }
    for p in &report.places {
        docs.push(Doc {
            url: format!("{PLACES_URL}#{}", p.id.value),
            title: p.name.clone(),
            kind: 6,
            text: join(&[
                &plain_text(&p.description),
                &theme.t(&format!("place_kind_{}", p.kind.key())),
            ]),
        });
    }
    docs
}

/// The first `max` characters of `text`, cut at a word, with "…" if cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

#[derive(Serialize)]
struct IndexFile<'a> {
    /// Format version.
    v: u32,
    lang: &'a str,
    kinds: Vec<String>,
    stop: &'a [&'a str],
    /// `[url, title, kind, excerpt]` per document.
    docs: Vec<(&'a str, &'a str, usize, String)>,
    /// Stem → `[doc, weight, doc, weight, …]`.
    terms: BTreeMap<&'a str, Vec<u32>>,
}

/// Build the index of `docs` for the language `lang` as the bytes of
/// `search-index.js`.
pub fn index_js(docs: &[Doc], lang: &str, theme: &Theme) -> Vec<u8> {
    let stem = stemmer(lang);
    let stop = stop_words(lang);
    let stop_set: std::collections::HashSet<&str> = stop.iter().copied().collect();
    // Each distinct word is lowercased and stemmed once and given a number;
    // a report repeats its words many times.
    let mut word_ids: std::collections::HashMap<String, Option<usize>> =
        std::collections::HashMap::new();
    let mut stem_ids: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut postings: Vec<Vec<u32>> = Vec::new();
    let mut weights: std::collections::HashMap<usize, u32> = std::collections::HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        weights.clear();
        for (text, w) in [(&d.title, TITLE_WEIGHT), (&d.text, 1)] {
            for word in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                let id = match word_ids.get(word) {
                    Some(id) => *id,
                    None => {
                        let lower = word.to_lowercase();
                        let id = (!stop_set.contains(lower.as_str())).then(|| {
                            let s = stem.stem(&lower).into_owned();
                            let next = stem_ids.len();
                            *stem_ids.entry(s).or_insert(next)
                        });
                        if postings.len() < stem_ids.len() {
                            postings.resize_with(stem_ids.len(), Vec::new);
                        }
                        word_ids.insert(word.to_string(), id);
                        id
                    }
                };
                if let Some(id) = id {
                    *weights.entry(id).or_insert(0) += w;
                }
            }
        }
        let doc = u32::try_from(i).unwrap_or(u32::MAX);
        let mut ws: Vec<(usize, u32)> = weights.iter().map(|(k, v)| (*k, *v)).collect();
        ws.sort_unstable();
        for (id, w) in ws {
            postings[id].push(doc);
            postings[id].push(w.min(255));
        }
    }
    let terms: BTreeMap<&str, Vec<u32>> = stem_ids
        .iter()
        .map(|(s, id)| (s.as_str(), std::mem::take(&mut postings[*id])))
        .collect();
    let file = IndexFile {
        v: 1,
        lang,
        kinds: KINDS.iter().map(|k| theme.t(k)).collect(),
        stop,
        docs: docs
            .iter()
            .map(|d| {
                (
                    d.url.as_str(),
                    d.title.as_str(),
                    d.kind,
                    excerpt(&d.text, EXCERPT_CHARS),
                )
            })
            .collect(),
        terms,
    };
    let json = serde_json::to_string(&file).unwrap_or_else(|_| "{}".into());
    format!("window.kartsiteSearch = {json};\n").into_bytes()
}

/// Stem `word` (already lowercase) the way the index does.
pub fn stem_word(lang: &str, word: &str) -> String {
    stemmer(lang).stem(word).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_and_norwegian_stems_meet() {
        assert_eq!(stem_word("sv", "trygghet"), "trygg");
        assert_eq!(stem_word("sv", "trygga"), "trygg");
        assert_eq!(stem_word("sv", "otrygga"), "otrygg");
        assert_eq!(stem_word("nb", "tryggheten"), "trygg");
        assert_eq!(stem_word("nb", "utrygge"), "utrygg");
        assert_eq!(stem_word("en", "safety"), "safeti");
    }

    #[test]
    fn plain_text_drops_markup() {
        let t = plain_text("# Rubrik\n\nEn **fet** [länk](a.md) och `kod`.\n\n- ett\n- två\n");
        assert_eq!(t, "Rubrik En fet länk och kod. ett två");
    }

    #[test]
    fn chart_yaml_is_not_indexed() {
        let t = plain_text("Före.\n\n```chart\nid: x\ntype: bar\n```\n\n```\nkod\n```\n\nEfter.\n");
        assert_eq!(t, "Före. kod Efter.");
    }

    #[test]
    fn tokens_keep_nordic_letters() {
        let t: Vec<String> = tokens("Trygghets-vandring på Torget, 2024!").collect();
        assert_eq!(t, ["trygghets", "vandring", "på", "torget", "2024"]);
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        assert_eq!(excerpt("kort", 10), "kort");
        assert_eq!(excerpt("ett två tre fyra fem", 12), "ett två tre…");
    }
}
