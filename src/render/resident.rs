//! Pages for residents, in every configured language: what we heard → what
//! we do → status with a timeline, and how to take part. Text that has no
//! translation falls back to the main language and is marked with its
//! `lang` so screen readers switch voice.

use serde::Serialize;

use crate::config::Settings;
use crate::model::Report;
use crate::model::items::{Translations, translated};
use crate::render::markdown::{self, LinkTargets, MdSource};
use crate::render::views::Label;
use crate::theme::compile::Theme;

/// A piece of text in the page language, or in `lang` when it fell back.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Txt {
    pub value: String,
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineItem {
    pub date: String,
    pub text: Txt,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResidentPriority {
    pub id: String,
    pub rank: u32,
    pub title: Txt,
    /// HTML fragments: what residents told us.
    pub heard: Vec<Txt>,
    /// HTML: what happens.
    pub doing: Txt,
    pub responsible: Option<Txt>,
    pub when: Txt,
    pub status: Label,
    pub status_reason: Option<Txt>,
    pub timeline: Vec<TimelineItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub date: String,
    pub place: Txt,
    pub text: Txt,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResidentView {
    pub priorities: Vec<ResidentPriority>,
    /// HTML.
    pub participate: Option<Txt>,
    pub form_url: Option<String>,
    pub meetings: Vec<MeetingView>,
    /// Some text on the page is shown in the main language.
    pub has_fallback: bool,
}

pub struct ResidentBuilder<'a> {
    pub report: &'a Report,
    pub settings: &'a Settings,
    pub theme: &'a Theme,
    pub targets: &'a LinkTargets,
    /// The page language.
    pub lang: &'a str,
    /// Site URL of the page the HTML goes into.
    pub page_url: &'a str,
    pub fallback: bool,
}

impl ResidentBuilder<'_> {
    fn default_lang(&self) -> &str {
        self.settings.language()
    }

    /// A plain field in the page language.
    fn plain(&mut self, tr: &Translations, field: &str, default: &str) -> Txt {
        let (v, ok) = if self.lang == self.default_lang() {
            (default, true)
        } else {
            translated(tr, self.lang, field, default)
        };
        self.txt(v.to_string(), ok || v.trim().is_empty())
    }

    fn txt(&mut self, value: String, translated: bool) -> Txt {
        let lang = (!translated).then(|| self.default_lang().to_string());
        if lang.is_some() {
            self.fallback = true;
        }
        Txt { value, lang }
    }

    /// A Markdown field rendered as HTML in the page language.
    fn md(&mut self, tr: &Translations, field: &str, default: &str, file: &std::path::Path) -> Txt {
        let t = self.plain(tr, field, default);
        let html = if t.value.trim().is_empty() {
            String::new()
        } else {
            markdown::render(
                &t.value,
                MdSource {
                    file,
                    first_line: 1,
                    page_url: self.page_url,
                    demote: true,
                    charts: None,
                },
                self.targets,
            )
            .html
        };
        Txt {
            value: html,
            lang: t.lang,
        }
    }

    pub fn build(mut self) -> (ResidentView, bool) {
        let r = self.report;
        let strings = self.theme.strings_for(self.lang);
        let s = |k: &str| strings.get(k).cloned().unwrap_or_else(|| k.to_string());
        let mut prios: Vec<_> = r.priorities.iter().collect();
        prios.sort_by_key(|p| (p.rank, p.id.value.clone()));
        let mut out = Vec::new();
        for p in prios {
            let file = p.origin.file.as_path();
            let feedback: Vec<_> = r
                .feedback
                .iter()
                .filter(|f| f.to == crate::model::items::Recipient::Residents)
                .filter(|f| f.priorities.iter().any(|x| x.value == p.id.value))
                .collect();
            let mut heard: Vec<Txt> = feedback
                .iter()
                .map(|f| self.md(&f.translations, "heard", &f.heard, &f.origin.file))
                .filter(|t| !t.value.is_empty())
                .collect();
            if heard.is_empty() {
                // No feedback yet: name the findings behind it that residents
                // told us (dialogue, interviews, workshops) — not statistics or
                // reports, which nobody "heard".
                for id in &p.based_on {
                    let said = |f: &&crate::model::items::Finding| {
                        use crate::model::items::SourceKind as K;
                        matches!(f.source, K::Dialogue | K::Interview | K::Workshop)
                    };
                    if let Some(f) = r
                        .findings
                        .iter()
                        .find(|f| f.id.value == id.value)
                        .filter(said)
                    {
                        let t = self.plain(&f.translations, "title", &f.title);
                        heard.push(Txt {
                            value: format!("<p>{}</p>", escape(&t.value)),
                            lang: t.lang,
                        });
                    }
                }
            }
            // What we do: the feedback's words, else the priority's action —
            // preferring whichever exists in the page language.
            let fb_doing = feedback.iter().find(|f| !f.doing.trim().is_empty());
            let fb_translated = fb_doing.is_some_and(|f| {
                self.lang == self.default_lang()
                    || translated(&f.translations, self.lang, "doing", "").1
            });
            let action_translated = translated(&p.translations, self.lang, "action", "").1;
            let doing = match fb_doing {
                Some(f) if fb_translated || !action_translated || p.action.trim().is_empty() => {
                    self.md(&f.translations, "doing", &f.doing, &f.origin.file)
                }
                _ => self.md(&p.translations, "action", &p.action, file),
            };
            let responsible = p.responsible.as_ref().and_then(|a| {
                r.actors
                    .iter()
                    .find(|x| x.id.value == a.value)
                    .map(|x| x.name.clone())
            });
            let when_default = if p.when.is_empty() {
                feedback
                    .iter()
                    .map(|f| f.when.as_str())
                    .find(|w| !w.is_empty())
                    .unwrap_or("")
            } else {
                p.when.as_str()
            };
            let when = self.plain(&p.translations, "when", when_default);
            let status_reason = (!p.status_reason.trim().is_empty())
                .then(|| self.plain(&p.translations, "status_reason", &p.status_reason));
            let timeline = p
                .timeline
                .iter()
                .map(|e| {
                    let (v, ok) = match e.translations.get(self.lang) {
                        Some(t) if self.lang != self.default_lang() => (t.clone(), true),
                        _ => (e.text.clone(), self.lang == self.default_lang()),
                    };
                    TimelineItem {
                        date: e.date.value.clone(),
                        text: self.txt(v, ok),
                    }
                })
                .collect();
            out.push(ResidentPriority {
                id: p.id.value.clone(),
                rank: p.rank,
                title: self.plain(&p.translations, "title", &p.title),
                heard,
                doing,
                // Names are the same in every language.
                responsible: responsible.map(|n| Txt {
                    value: n,
                    lang: None,
                }),
                when,
                status: Label {
                    id: p.status.key().into(),
                    name: s(&format!("status_{}", p.status.key())),
                },
                status_reason,
                timeline,
            });
        }
        let part = &self.settings.config.participate;
        let participate = (!part.text.trim().is_empty()).then(|| {
            self.md(
                &part.translations,
                "text",
                &part.text,
                std::path::Path::new("book.toml"),
            )
        });
        let meetings = part
            .meetings
            .iter()
            .map(|m| MeetingView {
                date: m.date.clone(),
                place: self.plain(&m.translations, "place", &m.place),
                text: self.plain(&m.translations, "text", &m.text),
            })
            .collect();
        let view = ResidentView {
            priorities: out,
            participate,
            form_url: part.form_url.clone(),
            meetings,
            has_fallback: self.fallback,
        };
        let fb = view.has_fallback;
        (view, fb)
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
