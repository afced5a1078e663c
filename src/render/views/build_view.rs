//! Build the site view from the model: every item with its labels,
//! rendered Markdown and links, grouped as the templates list them.

use std::collections::BTreeMap;

use super::{
    ACTORS_URL, ActorView, FEEDBACK_URL, FINDINGS_URL, FeedbackView, FindingView, Group,
    KeyPersonView, Label, PLACES_URL, PRIORITIES_URL, PageRef, PhaseView, PlaceView, PriorityView,
    QuestionView, QuoteView, Ref, SiteView, anchor, by_id, phase_url, sort_pages,
};
use crate::config::{Audience, Settings};
use crate::error::Diagnostic;
use crate::model::items::Sp;
use crate::model::{Page, Report};
use crate::render::markdown::{self, LinkTargets, MdSource};
use crate::theme::compile::Theme;

pub struct ViewBuilder<'a> {
    pub report: &'a Report,
    pub settings: &'a Settings,
    pub theme: &'a Theme,
    pub targets: &'a LinkTargets,
    pub errors: Vec<Diagnostic>,
    pub anchors: Vec<markdown::AnchorRef>,
}

impl ViewBuilder<'_> {
    fn md(
        &mut self,
        text: &str,
        file: &std::path::Path,
        line: Option<&Sp>,
        page_url: &str,
    ) -> String {
        if text.trim().is_empty() {
            return String::new();
        }
        let first_line = line
            .and_then(|s| u32::try_from(s.referenced.line()).ok())
            .unwrap_or(1);
        let r = markdown::render(
            text,
            MdSource {
                file,
                first_line,
                page_url,
                demote: true,
                charts: None,
            },
            self.targets,
        );
        self.errors.extend(r.errors);
        self.anchors.extend(r.anchors);
        r.html
    }

    fn internal(&self, a: Option<Audience>) -> bool {
        a.unwrap_or(self.settings.config.build.default_audience) == Audience::Internal
    }

    fn need_area(&self, id: &str) -> Label {
        let name = self
            .settings
            .need_areas
            .iter()
            .find(|n| n.id == id)
            .map_or_else(|| id.to_string(), |n| n.name.clone());
        Label {
            id: id.to_string(),
            name,
        }
    }

    fn label(&self, prefix: &str, key: &str) -> Label {
        Label {
            id: key.to_string(),
            name: self.theme.t(&format!("{prefix}_{key}")),
        }
    }

    pub fn build(mut self) -> (SiteView, Vec<Diagnostic>, Vec<markdown::AnchorRef>) {
        let r = self.report;
        let finding_title = by_id(r.findings.iter().map(|f| (&f.id, &f.title)));
        let actor_name = by_id(r.actors.iter().map(|a| (&a.id, &a.name)));
        let place_name = by_id(r.places.iter().map(|p| (&p.id, &p.name)));
        let priority_title = by_id(r.priorities.iter().map(|p| (&p.id, &p.title)));
        let refs = |ids: &[Sp], names: &BTreeMap<&str, &str>, page: &str| -> Vec<Ref> {
            ids.iter()
                .filter_map(|s| {
                    names.get(s.value.as_str()).map(|t| Ref {
                        id: s.value.clone(),
                        title: (*t).to_string(),
                        url: anchor(page, &s.value),
                    })
                })
                .collect()
        };

        // Findings, with the priorities that rest on them.
        let mut used_by: BTreeMap<&str, Vec<Ref>> = BTreeMap::new();
        let mut prios: Vec<_> = r.priorities.iter().collect();
        prios.sort_by_key(|p| (p.rank, p.id.value.clone()));
        for p in &prios {
            for f in &p.based_on {
                used_by.entry(f.value.as_str()).or_default().push(Ref {
                    id: p.id.value.clone(),
                    title: p.title.clone(),
                    url: anchor(PRIORITIES_URL, &p.id.value),
                });
            }
        }
        let mut quotes_for: BTreeMap<&str, Vec<QuoteView>> = BTreeMap::new();
        let mut loose_quotes = Vec::new();
        for q in &r.quotes {
            let finding = q.finding.as_ref().and_then(|id| {
                finding_title.get(id.value.as_str()).map(|t| Ref {
                    id: id.value.clone(),
                    title: (*t).to_string(),
                    url: anchor(FINDINGS_URL, &id.value),
                })
            });
            let view = QuoteView {
                id: q.id.value.clone(),
                html: self.md(&q.text, &q.origin.file, Some(&q.id), FINDINGS_URL),
                context: q.context.clone(),
                attribution: q
                    .attribution()
                    .filter(|_| q.consent)
                    .map(|a| a.value.clone()),
                need_area: self.need_area(&q.need_area.value),
                finding: finding.clone(),
                internal: self.internal(q.audience),
            };
            match &q.finding {
                Some(id) if finding.is_some() => {
                    quotes_for.entry(id.value.as_str()).or_default().push(view)
                }
                _ => loose_quotes.push(view),
            }
        }
        let mut findings = Vec::new();
        for f in &r.findings {
            let phase_id = f
                .phase
                .as_ref()
                .map(|s| s.value.clone())
                .or_else(|| f.origin.phase.clone());
            let phase = phase_id
                .and_then(|id| self.settings.model.phase(&id))
                .map(|p| Ref {
                    id: p.id.clone(),
                    title: p.title.clone(),
                    url: phase_url(&p.id),
                });
            let evidence = f.evidence.as_ref().map(|e| {
                let v = e.value.trim();
                if v.starts_with("http://") || v.starts_with("https://") {
                    (v.to_string(), true)
                } else {
                    let (path, a) = v.split_once('#').map_or((v, None), |(p, a)| (p, Some(a)));
                    let url = crate::links::resolve(&f.origin.file, path)
                        .and_then(|t| self.targets.pages.get(&t).cloned())
                        .unwrap_or_default();
                    if let (Some(anchor), false) = (a, url.is_empty()) {
                        self.anchors.push(markdown::AnchorRef {
                            file: f.origin.file.clone(),
                            pos: crate::error::Pos::from_yaml(&e.referenced, 0).unwrap_or_default(),
                            url: url.clone(),
                            anchor: anchor.to_string(),
                        });
                    }
                    (a.map_or(url.clone(), |a| format!("{url}#{a}")), false)
                }
            });
            let html = self.md(&f.text, &f.origin.file, Some(&f.id), FINDINGS_URL);
            findings.push(FindingView {
                id: f.id.value.clone(),
                title: f.title.clone(),
                need_area: self.need_area(&f.need_area.value),
                source: self.label("source", f.source.key()),
                html,
                evidence_external: evidence.as_ref().is_some_and(|e| e.1),
                evidence: evidence.map(|e| e.0),
                phase,
                internal: self.internal(f.audience),
                used_by: used_by.remove(f.id.value.as_str()).unwrap_or_default(),
                quotes: quotes_for.remove(f.id.value.as_str()).unwrap_or_default(),
            });
        }
        let findings_by_need = self
            .settings
            .need_areas
            .iter()
            .map(|n| Group {
                id: n.id.clone(),
                name: n.name.clone(),
                items: findings
                    .iter()
                    .filter(|f| f.need_area.id == n.id)
                    .cloned()
                    .collect(),
            })
            .collect();
        let quotes_by_need = self
            .settings
            .need_areas
            .iter()
            .map(|n| Group {
                id: n.id.clone(),
                name: n.name.clone(),
                items: loose_quotes
                    .iter()
                    .filter(|q| q.need_area.id == n.id)
                    .cloned()
                    .collect(),
            })
            .collect();
        let findings_by_source = crate::model::items::SourceKind::ALL
            .iter()
            .map(|k| {
                let l = self.label("source", k.key());
                Group {
                    items: findings
                        .iter()
                        .filter(|f| f.source.id == l.id)
                        .map(|f| Ref {
                            id: f.id.clone(),
                            title: f.title.clone(),
                            url: anchor(FINDINGS_URL, &f.id),
                        })
                        .collect(),
                    id: l.id,
                    name: l.name,
                }
            })
            .filter(|g| !g.items.is_empty())
            .collect();

        // Feedback, and which feedback mentions each priority.
        let mut fb_for: BTreeMap<&str, Vec<Ref>> = BTreeMap::new();
        let mut feedback = Vec::new();
        for fb in &r.feedback {
            let to = self.label("recipient", fb.to.key());
            for p in &fb.priorities {
                fb_for.entry(p.value.as_str()).or_default().push(Ref {
                    id: fb.id.value.clone(),
                    title: to.name.clone(),
                    url: anchor(FEEDBACK_URL, &fb.id.value),
                });
            }
            feedback.push(FeedbackView {
                id: fb.id.value.clone(),
                heard_html: self.md(&fb.heard, &fb.origin.file, Some(&fb.id), FEEDBACK_URL),
                doing_html: self.md(&fb.doing, &fb.origin.file, Some(&fb.id), FEEDBACK_URL),
                to,
                when: fb.when.clone(),
                channel: fb.channel.clone(),
                priorities: refs(&fb.priorities, &priority_title, PRIORITIES_URL),
                internal: self.internal(fb.audience),
            });
        }
        let feedback_by_recipient = ["residents", "actors", "branch"]
            .iter()
            .map(|k| {
                let l = self.label("recipient", k);
                Group {
                    items: feedback.iter().filter(|f| f.to.id == *k).cloned().collect(),
                    id: l.id,
                    name: l.name,
                }
            })
            .filter(|g| !g.items.is_empty())
            .collect();

        // Priorities.
        let mut responsible_for: BTreeMap<&str, Vec<Ref>> = BTreeMap::new();
        let mut priorities = Vec::new();
        for p in &prios {
            if let Some(a) = &p.responsible {
                responsible_for
                    .entry(a.value.as_str())
                    .or_default()
                    .push(Ref {
                        id: p.id.value.clone(),
                        title: p.title.clone(),
                        url: anchor(PRIORITIES_URL, &p.id.value),
                    });
            }
            priorities.push(PriorityView {
                id: p.id.value.clone(),
                rank: p.rank,
                title: p.title.clone(),
                need_area: self.need_area(&p.need_area.value),
                based_on: refs(&p.based_on, &finding_title, FINDINGS_URL),
                action_html: self.md(&p.action, &p.origin.file, Some(&p.id), PRIORITIES_URL),
                responsible: p
                    .responsible
                    .as_ref()
                    .and_then(|a| refs(std::slice::from_ref(a), &actor_name, ACTORS_URL).pop()),
                when: p.when.clone(),
                status: self.label("status", p.status.key()),
                status_reason: p.status_reason.clone(),
                timeline: p.timeline.clone(),
                feedback: fb_for.remove(p.id.value.as_str()).unwrap_or_default(),
                internal: self.internal(p.audience),
            });
        }

        // Actors and places, with links both ways.
        let mut cooperated: BTreeMap<&str, Vec<&Sp>> = BTreeMap::new();
        let mut at_place: BTreeMap<&str, Vec<Ref>> = BTreeMap::new();
        for a in &r.actors {
            for c in &a.cooperates_with {
                cooperated.entry(c.value.as_str()).or_default().push(&a.id);
            }
            for p in &a.places {
                at_place.entry(p.value.as_str()).or_default().push(Ref {
                    id: a.id.value.clone(),
                    title: a.name.clone(),
                    url: anchor(ACTORS_URL, &a.id.value),
                });
            }
        }
        let mut persons_at: BTreeMap<&str, Vec<KeyPersonView>> = BTreeMap::new();
        for k in &r.key_persons {
            persons_at
                .entry(k.organisation.value.as_str())
                .or_default()
                .push(KeyPersonView {
                    id: k.id.value.clone(),
                    name: k.name.clone(),
                    role: k.role.clone(),
                    phone: k.phone.clone(),
                    email: k.email.clone(),
                    notes_html: self.md(&k.notes, &k.origin.file, Some(&k.id), ACTORS_URL),
                    internal: k.audience() == Audience::Internal,
                });
        }
        let mut actors = Vec::new();
        for a in &r.actors {
            // Cooperation is mutual: list partners named on either side.
            let mut partners: Vec<Sp> = a.cooperates_with.clone();
            for back in cooperated.get(a.id.value.as_str()).into_iter().flatten() {
                if !partners.iter().any(|p| p.value == back.value) {
                    partners.push((*back).clone());
                }
            }
            let mut coop = refs(&partners, &actor_name, ACTORS_URL);
            coop.sort_by(|x, y| x.title.cmp(&y.title));
            actors.push(ActorView {
                id: a.id.value.clone(),
                name: a.name.clone(),
                kind: self.label("actor_kind", a.kind.key()),
                does_html: self.md(&a.does, &a.origin.file, Some(&a.id), ACTORS_URL),
                for_whom: a.for_whom.clone(),
                cooperates_with: coop,
                places: refs(&a.places, &place_name, PLACES_URL),
                responsible_for: responsible_for
                    .remove(a.id.value.as_str())
                    .unwrap_or_default(),
                contact: a.contact.clone(),
                internal: self.internal(a.audience),
                key_persons: persons_at.remove(a.id.value.as_str()).unwrap_or_default(),
            });
        }
        actors.sort_by(|x, y| x.name.cmp(&y.name));
        let actors_by_kind = crate::model::items::ActorKind::ALL
            .iter()
            .map(|k| {
                let l = self.label("actor_kind", k.key());
                Group {
                    items: actors
                        .iter()
                        .filter(|a| a.kind.id == l.id)
                        .cloned()
                        .collect(),
                    id: l.id,
                    name: l.name,
                }
            })
            .filter(|g| !g.items.is_empty())
            .collect();
        let mut places = Vec::new();
        for p in &r.places {
            places.push(PlaceView {
                id: p.id.value.clone(),
                name: p.name.clone(),
                kind: self.label("place_kind", p.kind.key()),
                description_html: self.md(&p.description, &p.origin.file, Some(&p.id), PLACES_URL),
                actors: at_place.remove(p.id.value.as_str()).unwrap_or_default(),
                internal: self.internal(p.audience),
            });
        }

        // Phases: questions answered by pages, the phase's pages and findings.
        let page_ref = |p: &Page| PageRef {
            title: p.title.clone(),
            url: p.url.clone(),
            summary: p.front.summary.clone(),
            internal: p.audience == Audience::Internal,
        };
        let mut phases = Vec::new();
        // Pages that answer questions, in listing order.
        let mut answering: Vec<&Page> = r
            .pages
            .iter()
            .filter(|p| !p.front.answers.is_empty())
            .collect();
        sort_pages(&mut answering);
        for (i, ph) in self.settings.model.phases.iter().enumerate() {
            let url = phase_url(&ph.id);
            let mut pages: Vec<&Page> = r
                .pages
                .iter()
                .filter(|p| p.phase.as_deref() == Some(&ph.id) && p.url != url)
                .collect();
            sort_pages(&mut pages);
            let questions: Vec<QuestionView> = ph
                .questions
                .iter()
                .map(|q| QuestionView {
                    id: q.id.clone(),
                    text: q.text.clone(),
                    answered_by: answering
                        .iter()
                        .filter(|p| p.front.answers.iter().any(|a| a.value == q.id))
                        .map(|p| Ref {
                            id: q.id.clone(),
                            title: p.title.clone(),
                            url: p.url.clone(),
                        })
                        .collect(),
                })
                .collect();
            let answered = questions
                .iter()
                .filter(|q| !q.answered_by.is_empty())
                .count();
            let total = questions.len();
            phases.push(PhaseView {
                id: ph.id.clone(),
                number: i + 1,
                title: ph.title.clone(),
                purpose: ph.purpose.clone(),
                url,
                percent: (answered * 100).checked_div(total).unwrap_or(100),
                answered,
                total,
                questions,
                pages: pages.into_iter().map(page_ref).collect(),
                findings: findings
                    .iter()
                    .filter(|f| f.phase.as_ref().is_some_and(|p| p.id == ph.id))
                    .map(|f| Ref {
                        id: f.id.clone(),
                        title: f.title.clone(),
                        url: anchor(FINDINGS_URL, &f.id),
                    })
                    .collect(),
            });
        }
        let mut others: Vec<&Page> = r
            .pages
            .iter()
            .filter(|p| p.phase.is_none() && p.url != "index.html")
            .collect();
        sort_pages(&mut others);
        let other_pages = others.into_iter().map(page_ref).collect();

        let counts = BTreeMap::from([
            ("findings", findings.len()),
            ("priorities", priorities.len()),
            ("feedback", feedback.len()),
            ("actors", actors.len()),
            ("places", places.len()),
            ("quotes", r.quotes.len()),
        ]);
        let mut view = SiteView {
            findings,
            findings_by_need,
            findings_by_source,
            quotes_by_need,
            priorities,
            feedback_by_recipient,
            actors_by_kind,
            places,
            phases,
            other_pages,
            counts,
            actor_map: Default::default(),
            swot: Default::default(),
            annual_cycle: Default::default(),
            environment: Default::default(),
        };
        crate::render::analysis::extend(&mut view, r, self.settings, self.theme);
        (view, self.errors, self.anchors)
    }
}
