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
                Diagnostic::error("unknown-language", file, format!("{kind} \"{}\" has a translation into \"{lang}\", which is not in [book] languages", id.value))
                    .at(pos)
                    .hint(format!("add \"{lang}\" to languages in book.toml, or remove the translation")),
            );
        }
        let allowed = fields_of(kind);
        for field in fields.keys() {
            if !allowed.contains(&field.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "unknown-field",
                        file,
                        format!(
                            "{kind} \"{}\": the field \"{field}\" cannot be translated",
                            id.value
                        ),
                    )
                    .at(pos)
                    .hint(format!(
                        "translatable fields of a {kind}: {}",
                        allowed.join(", ")
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
                        Diagnostic::error("unknown-language", &p.origin.file, format!("a timeline entry of priority \"{}\" is translated into \"{lang}\", which is not in [book] languages", p.id.value))
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
                    "a glossary entry needs a term and an explanation",
                )
                .at(Pos::from_yaml(&g.term.referenced, 0)),
            );
        }
        if let Some(prev) = terms.insert(key, &g.term) {
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    &g.origin.file,
                    format!(
                        "the term \"{}\" is explained twice in the glossary",
                        g.term.value
                    ),
                )
                .at(Pos::from_yaml(&g.term.referenced, 0))
                .hint(format!("the first is on line {}", prev.referenced.line())),
            );
        }
    }
}
