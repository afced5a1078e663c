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

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::config::Settings;
use crate::model::process::Phase;
use crate::model::{Page, Report};
use crate::render::markdown::options;
use crate::render::views::{
    ACTORS_URL, FEEDBACK_URL, FINDINGS_URL, PLACES_URL, PRIORITIES_URL, phase_url,
};
use crate::theme::compile::Theme;

/// Where the index is written.
pub use crate::paths::SEARCH_INDEX_URL;

/// Weight of a word in a title against one in the text.
const TITLE_WEIGHT: u32 = 8;
/// Characters of text shown under a hit.
const EXCERPT_CHARS: usize = 160;

/// The kinds of document, in the order of `kinds` in the index.
const KINDS: [&str; 8] = [
    "search_kind_page",
    "search_kind_phase",
    "search_kind_finding",
    "search_kind_priority",
    "search_kind_feedback",
    "search_kind_actor",
    "search_kind_place",
    "search_kind_analysis",
];

/// One searchable document before indexing.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Site-relative URL, with an anchor for items.
    pub url: String,
    pub title: String,
    /// Index into [`KINDS`].
    pub kind: usize,
    /// Plain text (Markdown already stripped): searched, and the snippet
    /// under a hit is cut from it.
    pub text: String,
    /// Words that find the document but are no text for a reader (a need
    /// area's name, a kind, a date, a channel): searched, never shown in
    /// the snippet.
    pub meta: String,
}

/// The Snowball stemmer for a UI language (`sv`, `nb`, `en`).
pub fn stemmer(lang: &str) -> Stemmer {
    Stemmer::create(match lang {
        "nb" | "nn" => Algorithm::Norwegian,
        "en" => Algorithm::English,
        _ => Algorithm::Swedish,
    })
}

/// Frequent words left out of the index (and out of queries).
pub(crate) fn stop_words(lang: &str) -> &'static [&'static str] {
    match lang {
        "nb" => &[
            "av", "at", "da", "de", "dem", "den", "denne", "der", "det", "dette", "du", "eller",
            "en", "er", "et", "for", "fra", "han", "har", "hun", "i", "ikke", "jeg", "kan", "man",
            "med", "men", "når", "og", "om", "også", "på", "seg", "sin", "sitt", "skal", "som",
            "til", "var", "vi", "vil", "være", "å",
        ],
        "nn" => &[
            "av", "at", "da", "dei", "deira", "den", "denne", "der", "det", "dette", "du", "eg",
            "ein", "eit", "eller", "er", "for", "frå", "han", "har", "ho", "i", "ikkje", "kan",
            "kva", "med", "men", "når", "og", "om", "òg", "på", "seg", "sin", "sitt", "skal",
            "som", "til", "var", "vere", "vi", "vil", "å",
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

/// Collects the plain text of Markdown events: text and code, blocks
/// separated by one space, runs of white space made one space.
#[derive(Debug, Default)]
pub struct PlainText {
    out: String,
    space: bool,
    /// Tables and code: searched, but no text for a snippet.
    rest: PlainBuf,
    /// Depth of tables and code blocks the events are in.
    hidden: usize,
}

/// Between the text of a document and the words that are searched but never
/// shown in its snippet (table cells, code).
pub const SNIPPET_END: char = '\u{1f}';

#[derive(Debug, Default)]
struct PlainBuf {
    out: String,
    space: bool,
}

impl PlainBuf {
    fn push(&mut self, s: &str) {
        for (i, piece) in s.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if !piece.is_empty() {
                if self.space && !self.out.is_empty() {
                    self.out.push(' ');
                }
                self.space = false;
                self.out.push_str(piece);
            }
        }
    }
}

impl PlainText {
    pub fn with_capacity(n: usize) -> PlainText {
        PlainText {
            out: String::with_capacity(n),
            space: false,
            rest: PlainBuf::default(),
            hidden: 0,
        }
    }

    fn push(&mut self, s: &str) {
        if self.hidden > 0 {
            self.rest.push(s);
            return;
        }
        let mut buf = PlainBuf {
            out: std::mem::take(&mut self.out),
            space: self.space,
        };
        buf.push(s);
        self.out = buf.out;
        self.space = buf.space;
    }

    /// Take in one event (of text outside ` ```chart ` blocks).
    pub fn event(&mut self, ev: &Event<'_>) {
        match ev {
            Event::Start(Tag::Table(_) | Tag::CodeBlock(_)) => self.hidden += 1,
            Event::End(TagEnd::Table) => self.hidden = self.hidden.saturating_sub(1),
            _ => {}
        }
        match ev {
            Event::Text(t) | Event::Code(t) => self.push(t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => {
                if self.hidden > 0 {
                    self.rest.space = true;
                } else {
                    self.space = true;
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                self.rest.space = true;
                self.hidden = self.hidden.saturating_sub(1);
            }
            _ => {}
        }
    }

    /// The text; table cells and code after [`SNIPPET_END`].
    pub fn finish(self) -> String {
        if self.rest.out.is_empty() {
            self.out
        } else {
            format!("{}{SNIPPET_END}{}", self.out, self.rest.out)
        }
    }
}

/// Markdown as plain text, blocks separated by spaces.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut out = PlainText::with_capacity(markdown.len());
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
            ev => out.event(&ev),
        }
    }
    out.finish()
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The searchable text of a page: its summary and `text`, its Markdown as
/// plain text ([`plain_text`], or what rendering it collected).
pub fn page_text(page: &Page, text: &str) -> String {
    join(&[&page.front.summary, text])
}

/// The [`page_text`] of `page`, "" for none.
pub(crate) fn text_of(page: Option<&Page>) -> String {
    page.map(|p| page_text(p, &plain_text(&p.body)))
        .unwrap_or_default()
}

/// The home page's document; `text` is the [`page_text`] of
/// `content/_index.md` ("" without one).
pub(crate) fn home_doc(settings: &Settings, text: &str) -> Doc {
    let c = &settings.config;
    Doc {
        url: "index.html".into(),
        title: c.book.title.clone(),
        kind: 0,
        text: join(&[&c.book.description, text]),
        meta: String::new(),
    }
}

/// A phase page's document; `text` is the [`page_text`] of the phase's
/// `_index.md` ("" without one).
pub(crate) fn phase_doc(phase: &Phase, text: &str) -> Doc {
    let questions: Vec<&str> = phase.questions.iter().map(|q| q.text.as_str()).collect();
    Doc {
        url: phase_url(&phase.id),
        title: phase.title.clone(),
        kind: 1,
        text: join(&[&phase.purpose, text, &questions.join(" ")]),
        meta: String::new(),
    }
}

/// The document of any other page, with its [`page_text`].
pub(crate) fn page_doc(page: &Page, text: String) -> Doc {
    Doc {
        url: page.url.clone(),
        title: page.title.clone(),
        kind: 0,
        text,
        meta: String::new(),
    }
}

/// Whether the page at `url` is neither the home page nor a phase page.
pub(crate) fn is_plain_page(settings: &Settings, url: &str) -> bool {
    url != "index.html"
        && !settings
            .model
            .phases
            .iter()
            .any(|ph| phase_url(&ph.id) == url)
}

/// The documents of the items: findings, priorities, feedback, actors and
/// places.
pub(crate) fn item_docs(report: &Report, settings: &Settings, theme: &Theme) -> Vec<Doc> {
    let mut docs = Vec::new();
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
            text: plain_text(&f.text),
            meta: need(&f.need_area.value),
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
                &p.status_reason,
                &timeline.join(" "),
            ]),
            meta: join(&[&need(&p.need_area.value), &p.when]),
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
            text: join(&[&heard, &plain_text(&fb.doing)]),
            meta: join(&[&fb.channel, &fb.when]),
        });
    }
    for a in &report.actors {
        docs.push(Doc {
            url: format!("{ACTORS_URL}#{}", a.id.value),
            title: a.name.clone(),
            kind: 5,
            text: join(&[&plain_text(&a.does), &a.for_whom]),
            meta: theme.t(&format!("actor_kind_{}", a.kind.key())),
        });
    }
    for p in &report.places {
        docs.push(Doc {
            url: format!("{PLACES_URL}#{}", p.id.value),
            title: p.name.clone(),
            kind: 6,
            text: plain_text(&p.description),
            meta: theme.t(&format!("place_kind_{}", p.kind.key())),
        });
    }
    docs.extend(super::analysis::search_docs(report, theme, 7));
    docs
}

/// The first `max` characters of `text`, cut at a word, with "…" if cut.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let mut cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    // Never end inside a run of digit groups: half an account or phone
    // number reads as another number (and as personal data to the gate).
    let digits = |w: &str| w.bytes().any(|b| b.is_ascii_digit());
    let next_word = |c: &str| text[c.len()..].split_whitespace().next().unwrap_or("");
    while digits(next_word(cut)) {
        match cut.trim_end().rsplit_once(' ') {
            Some((head, last)) if digits(last) && !head.is_empty() => cut = head,
            _ => break,
        }
    }
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

/// A document as the index needs it: its words counted, its excerpt.
/// Made for each page while it is rendered (in parallel), and kept by
/// `serve` for the pages it does not render again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub url: String,
    pub title: String,
    /// Index into [`KINDS`].
    pub kind: usize,
    pub excerpt: String,
    /// Each distinct lowercased word with its weight (a title word counts
    /// [`TITLE_WEIGHT`] times), in order of first use.
    pub words: Vec<(Box<str>, u32)>,
}

impl Entry {
    /// Count the words of `doc`.
    pub fn of(doc: &Doc) -> Entry {
        let mut at: HashMap<std::borrow::Cow<'_, str>, usize> = HashMap::default();
        let mut words: Vec<(Box<str>, u32)> = Vec::new();
        for (text, w) in [(&doc.title, TITLE_WEIGHT), (&doc.text, 1), (&doc.meta, 1)] {
            for word in text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                let key = if word
                    .bytes()
                    .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
                {
                    std::borrow::Cow::Borrowed(word)
                } else {
                    std::borrow::Cow::Owned(word.to_lowercase())
                };
                match at.get(&key) {
                    Some(&i) => words[i].1 += w,
                    None => {
                        at.insert(key.clone(), words.len());
                        words.push((key.into_owned().into_boxed_str(), w));
                    }
                }
            }
        }
        Entry {
            url: doc.url.clone(),
            title: doc.title.clone(),
            kind: doc.kind,
            excerpt: excerpt(
                doc.text
                    .split(SNIPPET_END)
                    .next()
                    .unwrap_or_default()
                    .trim(),
                EXCERPT_CHARS,
            ),
            words,
        }
    }
}

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

#[derive(Serialize)]
struct IndexFile<'a> {
    /// Format version.
    v: u32,
    lang: &'a str,
    kinds: Vec<String>,
    stop: &'a [&'a str],
    /// `[url, title, kind, excerpt]` per document.
    docs: Vec<(&'a str, &'a str, usize, &'a str)>,
    /// Stem → `[doc, weight, doc, weight, …]`.
    terms: Terms<'a>,
}

/// Builds the index one document at a time, in any order: a document's
/// number is its place in the index. Keeps only the postings and each
/// document's URL, title and excerpt, not its words.
pub struct IndexBuilder<'l> {
    lang: &'l str,
    stem: Stemmer,
    stop: std::collections::HashSet<&'static str>,
    /// Each distinct word is stemmed once and mapped to its stem's number;
    /// a report repeats its words many times.
    word_ids: HashMap<Box<str>, Option<usize>>,
    stems: Vec<String>,
    stem_ids: HashMap<String, usize>,
    /// Per stem: `doc << 8 | weight` for each document it occurs in.
    postings: Vec<Vec<u32>>,
    /// Per document number: `(url, title, kind, excerpt)`.
    docs: Vec<Option<(String, String, usize, String)>>,
    /// Whether documents came out of order (postings need sorting).
    unordered: bool,
    last: Option<u32>,
    weights: Vec<(usize, u32)>,
}

impl<'l> IndexBuilder<'l> {
    pub fn new(lang: &'l str) -> IndexBuilder<'l> {
        IndexBuilder {
            lang,
            stem: stemmer(lang),
            stop: stop_words(lang).iter().copied().collect(),
            word_ids: HashMap::default(),
            stems: Vec::new(),
            stem_ids: HashMap::default(),
            postings: Vec::new(),
            docs: Vec::new(),
            unordered: false,
            last: None,
            weights: Vec::new(),
        }
    }

    /// Add `entry` as document number `doc` (each number once, below
    /// 2^24).
    pub fn add(&mut self, doc: u32, entry: &Entry) {
        if self.last.is_some_and(|l| doc < l) {
            self.unordered = true;
        }
        self.last = Some(doc);
        self.weights.clear();
        for (word, w) in &entry.words {
            let id = match self.word_ids.get(word) {
                Some(id) => *id,
                None => {
                    let id = (!self.stop.contains(&**word)).then(|| {
                        let s = self.stem.stem(word).into_owned();
                        let next = self.stems.len();
                        match self.stem_ids.get(&s) {
                            Some(id) => *id,
                            None => {
                                self.stem_ids.insert(s.clone(), next);
                                self.stems.push(s);
                                self.postings.push(Vec::new());
                                next
                            }
                        }
                    });
                    self.word_ids.insert(word.clone(), id);
                    id
                }
            };
            if let Some(id) = id {
                self.weights.push((id, *w));
            }
        }
        // Words that share a stem add up.
        self.weights.sort_unstable();
        let mut k = 0;
        while k < self.weights.len() {
            let id = self.weights[k].0;
            let mut w = 0;
            while k < self.weights.len() && self.weights[k].0 == id {
                w += self.weights[k].1;
                k += 1;
            }
            self.postings[id].push(doc << 8 | w.min(255));
        }
        let i = doc as usize;
        if self.docs.len() <= i {
            self.docs.resize(i + 1, None);
        }
        self.docs[i] = Some((
            entry.url.clone(),
            entry.title.clone(),
            entry.kind,
            entry.excerpt.clone(),
        ));
    }

    /// The bytes of `search-index.js`.
    pub fn finish(mut self, theme: &Theme) -> Vec<u8> {
        if self.unordered {
            for p in &mut self.postings {
                p.sort_unstable();
            }
        }
        let mut terms: Vec<(&str, &[u32])> = self
            .stems
            .iter()
            .map(String::as_str)
            .zip(self.postings.iter().map(Vec::as_slice))
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let file = IndexFile {
            v: 1,
            lang: self.lang,
            kinds: KINDS.iter().map(|k| theme.t(k)).collect(),
            stop: stop_words(self.lang),
            docs: self
                .docs
                .iter()
                .flatten()
                .map(|(u, t, k, e)| (u.as_str(), t.as_str(), *k, e.as_str()))
                .collect(),
            terms: Terms(terms),
        };
        let mut out = b"window.kartsiteSearch = ".to_vec();
        if serde_json::to_writer(&mut out, &file).is_err() {
            out.extend_from_slice(b"{}");
        }
        out.extend_from_slice(b";\n");
        out
    }
}

/// Stem → postings, sorted by stem, written as `{"stem": [doc, weight, …]}`
/// straight from the packed postings.
struct Terms<'a>(Vec<(&'a str, &'a [u32])>);

impl Serialize for Terms<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (stem, postings) in &self.0 {
            m.serialize_entry(stem, &Postings(postings))?;
        }
        m.end()
    }
}

struct Postings<'a>(&'a [u32]);

impl Serialize for Postings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().flat_map(|v| [v >> 8, v & 0xff]))
    }
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
        assert_eq!(t, "Före. Efter.\u{1f}kod");
    }

    #[test]
    fn snippets_hold_the_prose_only() {
        let page = "Norrbacka har en ung befolkning.\n\n| Område | Antal |\n|---|---|\n| Norrbacka | 4 300 |\n\n```chart\nid: x\ntype: bar\ntitle: Hemligt diagram\n```\n\n```\nkod: 1\n```\n\nSe tabellen.\n";
        let doc = Doc {
            url: "a.html".into(),
            title: "A".into(),
            kind: 0,
            text: plain_text(page),
            meta: "Trygghet".into(),
        };
        let e = Entry::of(&doc);
        assert_eq!(e.excerpt, "Norrbacka har en ung befolkning. Se tabellen.");
        // The table, the code and the meta words are still found.
        for w in ["antal", "4", "300", "kod", "trygghet"] {
            assert!(e.words.iter().any(|(x, _)| &**x == w), "{w}: {:?}", e.words);
        }
        // The chart's spec is neither shown nor searched.
        assert!(!e.words.iter().any(|(x, _)| &**x == "hemligt"));
    }

    #[test]
    fn tokens_keep_nordic_letters() {
        let t: Vec<String> = tokens("Trygghets-vandring på Torget, 2024!").collect();
        assert_eq!(t, ["trygghets", "vandring", "på", "torget", "2024"]);
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        // A number in groups is left out whole rather than cut in two.
        assert_eq!(
            excerpt(
                "Betala till kontot SE45 5000 0000 0583 9825 7466 senast i maj",
                40
            ),
            "Betala till kontot…"
        );
        assert_eq!(excerpt("kort", 10), "kort");
        assert_eq!(excerpt("ett två tre fyra fem", 12), "ett två tre…");
    }
}
