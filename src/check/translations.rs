//! Translated fields of items and the glossary: languages must be
//! configured, fields must be translatable, terms unique.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Settings;
use crate::error::{Diagnostic, Diagnostics, Pos};
use crate::model::Report;
use crate::model::items::{Sp, TRANSLATABLE, Translations};

fn fields_of(kind: &str) -> &'static [&'static str] {
    TRANSLATABLE
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[], |(_, f)| f)
}

fn check_one(
    kind: &str,
    id: &Sp,
    file: &Path,
    tr: &Translations,
    settings: &Settings,
    diags: &mut Diagnostics,
) {
    let langs = &settings.config.book.languages;
    let pos = Pos::from_yaml(&id.referenced, 0);
    for (lang, fields) in tr {
        if !langs.contains(lang) {
            diags.push(
                Diagnostic::error(
                    "unknown-language",
                    file,
                    crate::msg!(
                        "translations.has-a-translation-into-which",
                        kind = kind.to_string(),
                        value = (id.value).to_string(),
                        lang = lang.to_string()
                    ),
                )
                .at(pos)
                .hint(crate::msg!(
                    "translations.add-to-languages-in-book",
                    lang = lang.to_string()
                )),
            );
        }
        let allowed = fields_of(kind);
        for field in fields.keys() {
            if !allowed.contains(&field.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "unknown-field",
                        file,
                        crate::msg!(
                            "translations.the-field-cannot-be-translated",
                            kind = kind.to_string(),
                            value = (id.value).to_string(),
                            field = field.to_string()
                        ),
                    )
                    .at(pos)
                    .hint(crate::msg!(
                        "translations.translatable-fields-of-a",
                        kind = kind.to_string(),
                        join = (allowed.join(", ")).to_string()
                    )),
                );
            }
        }
    }
}

pub(super) fn check(report: &Report, settings: &Settings, diags: &mut Diagnostics) {
    for f in &report.findings {
        check_one(
            "finding",
            &f.id,
            &f.origin.file,
            &f.translations,
            settings,
            diags,
        );
    }
    for p in &report.priorities {
        check_one(
            "priority",
            &p.id,
            &p.origin.file,
            &p.translations,
            settings,
            diags,
        );
        for t in &p.timeline {
            for lang in t.translations.keys() {
                if !settings.config.book.languages.contains(lang) {
                    diags.push(
                        Diagnostic::error(
                            "unknown-language",
                            &p.origin.file,
                            crate::msg!(
                                "translations.a-timeline-entry-of-priority",
                                value = (p.id.value).to_string(),
                                lang = lang.to_string()
                            ),
                        )
                        .at(Pos::from_yaml(&p.id.referenced, 0)),
                    );
                }
            }
        }
    }
    for f in &report.feedback {
        check_one(
            "feedback",
            &f.id,
            &f.origin.file,
            &f.translations,
            settings,
            diags,
        );
    }
    for a in &report.actors {
        check_one(
            "actor",
            &a.id,
            &a.origin.file,
            &a.translations,
            settings,
            diags,
        );
    }
    for p in &report.places {
        check_one(
            "place",
            &p.id,
            &p.origin.file,
            &p.translations,
            settings,
            diags,
        );
    }
    let mut terms: BTreeMap<String, &Sp> = BTreeMap::new();
    for g in &report.glossary {
        check_one(
            "glossary",
            &g.term,
            &g.origin.file,
            &g.translations,
            settings,
            diags,
        );
        let key = g.term.value.trim().to_lowercase();
        if key.is_empty() || g.explanation.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "glossary",
                    &g.origin.file,
                    crate::msg!("translations.a-glossary-entry-needs-a"),
                )
                .at(Pos::from_yaml(&g.term.referenced, 0)),
            );
        }
        if let Some(prev) = terms.insert(key, &g.term) {
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    &g.origin.file,
                    crate::msg!(
                        "translations.the-term-is-explained-twice",
                        value = (g.term.value).to_string()
                    ),
                )
                .at(Pos::from_yaml(&g.term.referenced, 0))
                .hint(crate::msg!(
                    "translations.the-first-is-on-line",
                    line = (prev.referenced.line()).to_string()
                )),
            );
        }
    }
}
