//! `book.toml`: the report's typed configuration. Unknown keys and wrong
//! types are errors that name the key and the line.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::error::{Diagnostic, Result, toml_error};
pub use crate::model::Audience;
use crate::model::process::{ProcessModel, builtin_model};

pub mod look;
mod parse;

pub(crate) use parse::key_pos;
pub use parse::{load_config, parse_config};

pub use crate::paths::CONFIG_FILE;

/// The whole `book.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub book: BookConfig,
    #[serde(default)]
    pub report: ReportConfig,
    #[serde(default)]
    pub build: BuildConfig,
    /// A custom process model, used when `report.model = "custom"`.
    #[serde(default)]
    pub model: Option<ProcessModel>,
    /// Role contacts shown to residents instead of named persons.
    #[serde(default)]
    pub contact: ContactConfig,
    /// Defaults for charts (see docs/charts.md).
    #[serde(default)]
    pub charts: ChartsConfig,
    /// What the privacy guard of public builds lets through.
    #[serde(default)]
    pub privacy: PrivacyConfig,
    /// The accessibility statement (tillgänglighetsredogörelse).
    #[serde(default)]
    pub accessibility: AccessibilityConfig,
    /// How residents can take part ("Så kan du vara med").
    #[serde(default)]
    pub participate: ParticipateConfig,
    /// Readability of resident pages.
    #[serde(default)]
    pub readability: ReadabilityConfig,
    /// A logo and an accent colour (see docs/format.md).
    #[serde(default)]
    pub theme: look::ThemeConfig,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipateConfig {
    /// A short text (Markdown) on how to take part.
    #[serde(default)]
    pub text: String,
    /// A web form for responses, if there is one.
    #[serde(default)]
    pub form_url: Option<String>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    /// Language → `text` in that language.
    #[serde(default)]
    pub translations: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// `YYYY-MM-DD`, optionally with a time: `2026-05-12 18:00`.
    pub date: String,
    pub place: String,
    #[serde(default)]
    pub text: String,
    /// Language → `place` and `text` in that language.
    #[serde(default)]
    pub translations: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadabilityConfig {
    /// Warn when a resident page's LIX is above this.
    #[serde(default = "default_lix_max")]
    pub lix_max: f64,
}

impl Default for ReadabilityConfig {
    fn default() -> Self {
        ReadabilityConfig {
            lix_max: default_lix_max(),
        }
    }
}

fn default_lix_max() -> f64 {
    40.0
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub authors: Vec<String>,
    /// UI language of the generated site: `sv` (default), `nb`, `nn` or `en`.
    #[serde(default = "default_language")]
    pub language: String,
    /// More languages for the pages written for residents, e.g.
    /// `["ar", "so", "fa", "en"]`. Each gets its resident pages and a
    /// language switcher; a missing translation falls back with a notice.
    #[serde(default)]
    pub languages: Vec<String>,
    /// The report's own logo (a file of the report, e.g. `static/logo.svg`):
    /// on the poster and in the site header.
    #[serde(default)]
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub municipality: String,
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub period: String,
    /// `omradeskartlaggning` (default), `boligsosial` or `custom`.
    #[serde(default = "default_model")]
    pub model: String,
    /// Segregationsbarometern's area type, 1 (major challenges) to 5.
    #[serde(default)]
    pub area_type: Option<u8>,
    /// Where the area type comes from, e.g. "SCB, tabell TAB6586, 2023".
    #[serde(default)]
    pub area_type_source: Option<String>,
    /// SCB's index table under `data/` to read the area type from, with
    /// `area_type_regso` (instead of `area_type`).
    #[serde(default)]
    pub area_type_index: Option<String>,
    /// The area's RegSO code or name in `area_type_index`.
    #[serde(default)]
    pub area_type_regso: Option<String>,
    /// The need areas findings and priorities are sorted into.
    #[serde(default)]
    pub need_areas: Option<Vec<NeedArea>>,
    /// Case-file fields for the PDF's cover: a reference or case number
    /// (diarienummer, saksnummer) …
    #[serde(default)]
    pub reference: Option<String>,
    /// … the report's date, `YYYY-MM-DD` (also the PDF's creation date) …
    #[serde(default)]
    pub date: Option<String>,
    /// … and who prepared it (the author organisation).
    #[serde(default)]
    pub author: Option<String>,
    /// When the report was last updated, `YYYY-MM-DD`; default: the
    /// newest date of a priority's timeline.
    #[serde(default)]
    pub updated: Option<String>,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            area: String::new(),
            municipality: String::new(),
            organisation: String::new(),
            period: String::new(),
            model: default_model(),
            area_type: None,
            area_type_source: None,
            area_type_index: None,
            area_type_regso: None,
            need_areas: None,
            reference: None,
            date: None,
            author: None,
            updated: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct NeedArea {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// Where the public version is written.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Where the internal version is written.
    #[serde(default = "default_internal_dir")]
    pub internal_output_dir: PathBuf,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Only for canonical links and QR codes, never for internal links.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The audience of pages and items that do not say.
    #[serde(default)]
    pub default_audience: Audience,
    /// Let raw HTML in Markdown through unescaped (trusted teams only).
    #[serde(default)]
    pub allow_raw_html: bool,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            output_dir: default_output_dir(),
            internal_output_dir: default_internal_dir(),
            theme: default_theme(),
            base_url: None,
            default_audience: Audience::default(),
            allow_raw_html: false,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContactConfig {
    /// A role, e.g. "Samordnare för områdeskartläggningen".
    #[serde(default)]
    pub role: String,
    /// A function mailbox, e.g. "norrbacka@ekby.rodakorset.invalid".
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

/// `[charts]`: defaults for every chart in the report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartsConfig {
    /// Small-cell suppression: counts from 1 to `min_count - 1` are hidden
    /// in charts, tables and downloads. `0` turns suppression off.
    #[serde(default = "default_min_count")]
    pub min_count: u32,
}

impl Default for ChartsConfig {
    fn default() -> Self {
        ChartsConfig {
            min_count: default_min_count(),
        }
    }
}

fn default_min_count() -> u32 {
    5
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Exact e-mail addresses and phone numbers that may be published
    /// (role contacts). The `email` and `phone` of `[contact]` and
    /// `[accessibility]` are allowed anyway.
    #[serde(default)]
    pub allow: Vec<String>,
}

/// How far the site meets the accessibility requirements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    /// Helt förenlig: meets every requirement.
    Full,
    /// Delvis förenlig: some known shortcomings.
    #[default]
    Partial,
    /// Inte förenlig.
    Not,
}

/// Which supervisory authority the statement names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Supervision {
    /// Sweden: DIGG, under lagen (2018:1937).
    Se,
    /// Norway: Uutilsynet, under forskrift om universell utforming av IKT.
    No,
    /// No national authority named.
    None,
}

/// `[accessibility]`: what the accessibility statement says. Every key
/// has a default taken from `[report]` and `[contact]`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityConfig {
    /// Who stands behind the site; default: `[report] organisation`.
    #[serde(default)]
    pub publisher: String,
    /// Where to report inaccessibility; default: `[contact] email`.
    #[serde(default)]
    pub email: String,
    /// Default: `[contact] phone`.
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub status: Compliance,
    /// Known shortcomings, one sentence each.
    #[serde(default)]
    pub shortcomings: Vec<String>,
    /// Date of the latest assessment, `YYYY-MM-DD`.
    #[serde(default)]
    pub assessed: String,
    /// Date the statement was last updated; default: `assessed`.
    #[serde(default)]
    pub updated: String,
    /// How the site was assessed; default: a sentence in the UI language.
    #[serde(default)]
    pub method: String,
    /// Default: `se` for Swedish, `no` for Norwegian, `none` for English.
    #[serde(default)]
    pub supervision: Option<Supervision>,
}

fn default_language() -> String {
    "sv".into()
}
fn default_model() -> String {
    "omradeskartlaggning".into()
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}
fn default_internal_dir() -> PathBuf {
    PathBuf::from("internal")
}
fn default_theme() -> String {
    "default".into()
}

/// The languages the built-in UI strings cover.
pub const UI_LANGUAGES: &[&str] = &["sv", "nb", "nn", "en"];

/// The default need areas, per UI language.
pub(crate) fn default_need_areas(lang: &str) -> Vec<NeedArea> {
    let names: [(&str, &str, &str, &str, &str); 4] = [
        ("halsa", "Hälsa", "Helse", "Helse", "Health"),
        ("trygghet", "Trygghet", "Trygghet", "Tryggleik", "Safety"),
        (
            "grundlaggande-behov",
            "Grundläggande behov",
            "Grunnleggende behov",
            "Grunnleggjande behov",
            "Basic needs",
        ),
        (
            "krisberedskap",
            "Krisberedskap",
            "Beredskap",
            "Beredskap",
            "Crisis preparedness",
        ),
    ];
    names
        .iter()
        .map(|(id, sv, nb, nn, en)| NeedArea {
            id: (*id).into(),
            name: match lang {
                "nb" => nb,
                "nn" => nn,
                "en" => en,
                _ => sv,
            }
            .to_string(),
        })
        .collect()
}

/// A loaded, validated configuration with everything resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: Config,
    pub model: ProcessModel,
    pub need_areas: Vec<NeedArea>,
    /// The text of book.toml, for checks that locate values in it.
    pub source: String,
}

impl Settings {
    pub fn language(&self) -> &str {
        &self.config.book.language
    }
}
