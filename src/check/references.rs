//! Ids and the references between pages and items.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Diagnostics, Pos};
use crate::links::resolve;
use crate::messages::Msg;
use crate::model::items::{Sp, Status};
use crate::model::{Page, Report};
use crate::msg;
use crate::paths::RESERVED_URLS;
use crate::suggest::nearest;

/// One defined id: where, and for which audience.
pub(super) struct Def<'a> {
    pub file: &'a Path,
    pub pos: Option<Pos>,
    pub audience: Audience,
}

pub(super) type Ids<'a> = BTreeMap<&'a str, Def<'a>>;

pub(super) fn pos(sp: &Sp, offset: u32) -> Option<Pos> {
    Pos::from_yaml(&sp.referenced, offset)
}

/// A `phase:` that the report's process model does not have.
pub(super) fn phase(ph: &Option<Sp>, file: &Path, settings: &Settings, diags: &mut Diagnostics) {
    if let Some(ph) = ph
        && settings.model.phase(&ph.value).is_none()
    {
        diags.push(
            Diagnostic::error(
                "unknown-id",
                file,
                msg!("check.unknown-phase", phase = &ph.value),
            )
            .at(pos(ph, 0))
            .hint(msg!(
                "check.unknown-phase-hint",
                phases = crate::load::phase_list(settings)
            )),
        );
    }
}

pub(super) fn check(
    report: &Report,
    settings: &Settings,
    audience: Audience,
    diags: &mut Diagnostics,
) {
    let default = settings.config.build.default_audience;
    let mut all: BTreeMap<&str, (&Path, Option<Pos>)> = BTreeMap::new();
    let mut findings = Ids::new();
    let mut priorities = Ids::new();
    let mut feedback = Ids::new(); // ids checked for uniqueness only
    let mut actors = Ids::new();
    let mut places = Ids::new();
    macro_rules! collect {
        ($items:expr, $map:ident, $what:literal) => {
            for it in &$items {
                let file = it.origin.file.as_path();
                let p = pos(&it.id, 0);
                let id = it.id.value.as_str();
                if !valid_id(id) {
                    diags.push(
                        Diagnostic::error(
                            "invalid-id",
                            file,
                            msg!("check.invalid-id", what = noun($what), id = id),
                        )
                        .at(p)
                        .hint(msg!("check.invalid-id-hint")),
                    );
                }
                if let Some((f, fp)) = all.get(id) {
                    diags.push(
                        Diagnostic::error(
                            "duplicate-id",
                            file,
                            msg!("check.duplicate-id", id = id),
                        )
                        .at(p)
                        .hint(msg!("check.duplicate-id-hint", at = loc(f, *fp))),
                    );
                    continue;
                }
                all.insert(id, (file, p));
                $map.insert(
                    id,
                    Def {
                        file,
                        pos: p,
                        audience: it.audience.unwrap_or(default),
                    },
                );
            }
        };
    }
    collect!(report.findings, findings, "finding");
    collect!(report.priorities, priorities, "priority");
    collect!(report.feedback, feedback, "feedback");
    collect!(report.actors, actors, "actor");
    collect!(report.places, places, "place");
    let mut quotes = Ids::new(); // ids checked for uniqueness only
    collect!(report.quotes, quotes, "quote");
    // Ids checked for uniqueness only (the audience recorded here is not
    // used: key persons are internal unless they say otherwise).
    let mut key_persons = Ids::new();
    collect!(report.key_persons, key_persons, "key person");

    let need_areas: BTreeSet<&str> = settings.need_areas.iter().map(|n| n.id.as_str()).collect();
    let need_list = settings
        .need_areas
        .iter()
        .map(|n| n.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let need_area = |sp: &Sp, file: &Path, diags: &mut Diagnostics| {
        if !need_areas.contains(sp.value.as_str()) {
            diags.push(
                Diagnostic::error(
                    "unknown-need-area",
                    file,
                    msg!("check.unknown-need-area", area = &sp.value),
                )
                .at(pos(sp, 0))
                .hint(msg!("check.unknown-need-area-hint", areas = &need_list)),
            );
        }
    };
    let pages: BTreeMap<&Path, &Page> = report
        .pages
        .iter()
        .map(|p| (p.source.as_path(), p))
        .collect();

    for f in &report.findings {
        let file = f.origin.file.as_path();
        need_area(&f.need_area, file, diags);
        phase(&f.phase, file, settings, diags);
        if let Some(ev) = &f.evidence {
            let from = f.audience.unwrap_or(default);
            check_page_link("evidence", ev, file, from, audience, &pages, diags);
        }
    }
    for p in &report.priorities {
        let file = p.origin.file.as_path();
        let from = p.audience.unwrap_or(default);
        need_area(&p.need_area, file, diags);
        for r in &p.based_on {
            reference(r, file, from, audience, &findings, "finding", diags);
        }
        if let Some(r) = &p.responsible {
            reference(r, file, from, audience, &actors, "actor", diags);
        }
        if p.status == Status::NotRelevant && p.status_reason.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "missing-reason",
                    file,
                    msg!("check.missing-reason", id = &p.id.value),
                )
                .at(pos(&p.id, 0))
                .hint(msg!("check.missing-reason-hint")),
            );
        }
        for t in &p.timeline {
            if !valid_date(&t.date.value) {
                diags.push(
                    Diagnostic::error(
                        "invalid-date",
                        file,
                        msg!("check.invalid-date", date = &t.date.value, id = &p.id.value),
                    )
                    // At the date itself (the priority's id line where the
                    // position is unknown).
                    .at(pos(&t.date, 0).or_else(|| pos(&p.id, 0)))
                    .hint(msg!("check.invalid-date-hint")),
                );
            }
        }
    }
    for fb in &report.feedback {
        let file = fb.origin.file.as_path();
        let from = fb.audience.unwrap_or(default);
        for r in &fb.priorities {
            reference(r, file, from, audience, &priorities, "priority", diags);
        }
    }
    for a in &report.actors {
        let file = a.origin.file.as_path();
        let from = a.audience.unwrap_or(default);
        for r in &a.cooperates_with {
            reference(r, file, from, audience, &actors, "actor", diags);
        }
        for r in &a.places {
            reference(r, file, from, audience, &places, "place", diags);
        }
    }

    for q in &report.quotes {
        let file = q.origin.file.as_path();
        let from = q.audience.unwrap_or(default);
        need_area(&q.need_area, file, diags);
        if let Some(r) = &q.finding {
            reference(r, file, from, audience, &findings, "finding", diags);
        }
    }
    for k in &report.key_persons {
        let file = k.origin.file.as_path();
        reference(
            &k.organisation,
            file,
            k.audience(),
            audience,
            &actors,
            "actor",
            diags,
        );
    }

    // Pages: guiding questions, output paths.
    let mut urls: BTreeMap<&str, &Path> = BTreeMap::new();
    for page in &report.pages {
        for q in &page.front.answers {
            if settings.model.question(&q.value).is_none() {
                diags.push(
                    Diagnostic::error(
                        "unknown-question",
                        &page.source,
                        msg!("check.unknown-question", id = &q.value),
                    )
                    .at(pos(q, 1))
                    .hint(msg!("check.unknown-question-hint")),
                );
            }
        }
        if RESERVED_URLS.contains(&page.url.as_str())
            || crate::paths::OLD_NAMES
                .iter()
                .any(|(old, _)| *old == page.url)
        {
            diags.push(
                Diagnostic::error(
                    "reserved-path",
                    &page.source,
                    msg!("check.reserved-path", url = &page.url),
                )
                .hint(msg!("check.rename-file")),
            );
        }
        if let Some(lang) = settings
            .config
            .book
            .languages
            .iter()
            .find(|l| page.url.starts_with(&format!("{l}/")))
        {
            diags.push(
                Diagnostic::error(
                    "reserved-path",
                    &page.source,
                    msg!("check.language-folder", lang = lang),
                )
                .hint(msg!("check.language-folder-hint", lang = lang)),
            );
        }
        if let Some(other) = urls.insert(page.url.as_str(), page.source.as_path()) {
            diags.push(
                Diagnostic::error(
                    "duplicate-path",
                    &page.source,
                    msg!(
                        "check.duplicate-path",
                        other = other.display().to_string(),
                        url = &page.url
                    ),
                )
                .hint(msg!("check.rename-one")),
            );
        }
    }
}

pub(super) fn loc(file: &Path, p: Option<Pos>) -> String {
    let d = Diagnostic::error("", file, "").at(p);
    d.location()
}

/// A reference to an item id: it must exist, and a public item may not
/// point at an internal one in a public build.
pub(super) fn reference(
    r: &Sp,
    file: &Path,
    from: Audience,
    audience: Audience,
    ids: &Ids<'_>,
    what: &str,
    diags: &mut Diagnostics,
) {
    match ids.get(r.value.as_str()) {
        None => {
            let d = Diagnostic::error(
                "unknown-id",
                file,
                msg!("check.unknown-id", what = noun(what), id = &r.value),
            )
            .at(pos(r, 0))
            .hint(unknown_id_hint(&r.value, ids, what));
            diags.push(d);
        }
        Some(def) => {
            if audience == Audience::Public
                && from == Audience::Public
                && def.audience == Audience::Internal
            {
                diags.push(
                    Diagnostic::error(
                        "internal-reference",
                        file,
                        msg!("check.internal-reference", what = noun(what), id = &r.value),
                    )
                    .at(pos(r, 0))
                    .hint(msg!(
                        "check.internal-reference-hint",
                        at = loc(def.file, def.pos)
                    )),
                );
            }
        }
    }
}

/// An evidence link: a web address, or a page of the report.
pub(super) fn check_page_link(
    what: &str,
    link: &Sp,
    file: &Path,
    from: Audience,
    audience: Audience,
    pages: &BTreeMap<&Path, &Page>,
    diags: &mut Diagnostics,
) {
    let v = link.value.trim();
    if v.starts_with("http://") || v.starts_with("https://") {
        return;
    }
    let (path, _anchor) = v.split_once('#').unwrap_or((v, ""));
    let target = resolve(file, path);
    match target.as_ref().and_then(|t| pages.get(t.as_path())) {
        None => diags.push(
            Diagnostic::error(
                "broken-link",
                file,
                msg!("check.not-a-page", field = what, link = v),
            )
            .at(pos(link, 0))
            .hint(msg!("check.not-a-page-hint")),
        ),
        Some(p) => {
            if audience == Audience::Public
                && from == Audience::Public
                && p.audience == Audience::Internal
            {
                diags.push(
                    Diagnostic::error(
                        "internal-reference",
                        file,
                        msg!("check.internal-page", page = p.source.display().to_string()),
                    )
                    .at(pos(link, 0))
                    .hint(msg!("check.internal-page-hint")),
                );
            }
        }
    }
}

/// The word for a kind of item (`what` as the code names it), in the
/// language of the messages.
pub(crate) fn noun(what: &str) -> Msg {
    match what {
        "finding" => msg!("noun.finding"),
        "priority" => msg!("noun.priority"),
        "feedback" => msg!("noun.feedback"),
        "actor" => msg!("noun.actor"),
        "place" => msg!("noun.place"),
        "quote" => msg!("noun.quote"),
        "key person" => msg!("noun.key-person"),
        "target group" => msg!("noun.target-group"),
        "SWOT entry" => msg!("noun.swot-entry"),
        "activity" => msg!("noun.activity"),
        "factor" => msg!("noun.factor"),
        "glossary entry" => msg!("noun.glossary-entry"),
        _ => msg!("noun.item"),
    }
}

pub(super) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn valid_date(d: &str) -> bool {
    let parts: Vec<&str> = d.split('-').collect();
    let num = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y, m] => num(y, 4) && num(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)),
        [y, m, dd] => {
            num(y, 4)
                && num(m, 2)
                && num(dd, 2)
                && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&dd.parse::<u32>().unwrap_or(0))
        }
        _ => false,
    }
}

/// What to say about an unknown id: the closest ids (typos, or the same
/// words in another order), else every id of that kind when there are
/// few, else where to look.
fn unknown_id_hint(typed: &str, ids: &Ids<'_>, what: &str) -> Msg {
    let quoted = |v: &[&str]| {
        v.iter()
            .map(|k| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let near = nearest(typed, ids.keys().copied(), 3);
    match near.as_slice() {
        [one] => msg!("check.did-you-mean", id = *one),
        [_, ..] => msg!("check.did-you-mean-one-of", ids = quoted(&near)),
        [] if ids.is_empty() => msg!("check.no-items-yet", what = noun(what)),
        [] => {
            // Ids that share a word with it (or hold one: `vard` in
            // `a-vardcentralen`), else all of them while they are few.
            let typed_words: Vec<&str> = typed
                .split(['-', '_'])
                .filter(|w| w.chars().count() > 3)
                .collect();
            let sharing: Vec<&str> = ids
                .keys()
                .copied()
                .filter(|k| typed_words.iter().any(|w| k.contains(w)))
                .take(8)
                .collect();
            if !sharing.is_empty() {
                msg!(
                    "check.ids-with-same-words",
                    what = noun(what),
                    ids = quoted(&sharing)
                )
            } else if ids.len() <= 30 {
                let all: Vec<&str> = ids.keys().copied().collect();
                msg!("check.ids-are", what = noun(what), ids = quoted(&all))
            } else {
                msg!("check.no-such-id", what = noun(what))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(valid_date("2026-03-15"));
        assert!(valid_date("2026-03"));
        assert!(!valid_date("2026-13"));
        assert!(!valid_date("våren 2026"));
    }
}
