//! Checks of the analysis tools' items: actor links and the matrix's
//! need areas and target groups, SWOT entries, the activities of the
//! annual cycle and the factors of the environmental scan. Every error is
//! located at the value that is wrong.

use std::collections::BTreeMap;
use std::path::Path;

use super::references::{Def, Ids, check_page_link, loc, pos, reference, valid_id};
use crate::config::{Audience, Settings};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::analysis::{date_month, month};
use crate::model::items::Sp;
use crate::model::{Page, Report};

pub(super) fn check(
    report: &Report,
    settings: &Settings,
    audience: Audience,
    diags: &mut Diagnostics,
) {
    let default = settings.config.build.default_audience;
    fn ids<'a>(items: Vec<(&'a Sp, &'a Path, Option<Audience>)>, default: Audience) -> Ids<'a> {
        items
            .into_iter()
            .map(|(id, file, a)| {
                (
                    id.value.as_str(),
                    Def {
                        file,
                        pos: pos(id, 0),
                        audience: a.unwrap_or(default),
                    },
                )
            })
            .collect()
    }
    let findings = ids(
        report
            .findings
            .iter()
            .map(|f| (&f.id, f.origin.file.as_path(), f.audience))
            .collect(),
        default,
    );
    let actors = ids(
        report
            .actors
            .iter()
            .map(|a| (&a.id, a.origin.file.as_path(), a.audience))
            .collect(),
        default,
    );
    let priorities = ids(
        report
            .priorities
            .iter()
            .map(|p| (&p.id, p.origin.file.as_path(), p.audience))
            .collect(),
        default,
    );
    // Target groups are names, public in every build.
    let groups = ids(
        report
            .target_groups
            .iter()
            .map(|g| (&g.id, g.origin.file.as_path(), Some(Audience::Public)))
            .collect(),
        default,
    );

    // Ids of the new kinds: valid, and unique among all ids of the report
    // (the other kinds' duplicates are reported by `references`).
    let mut seen: BTreeMap<&str, (&Path, &Sp)> = BTreeMap::new();
    let others = report
        .findings
        .iter()
        .map(|i| (&i.id, &i.origin))
        .chain(report.priorities.iter().map(|i| (&i.id, &i.origin)))
        .chain(report.feedback.iter().map(|i| (&i.id, &i.origin)))
        .chain(report.actors.iter().map(|i| (&i.id, &i.origin)))
        .chain(report.places.iter().map(|i| (&i.id, &i.origin)))
        .chain(report.quotes.iter().map(|i| (&i.id, &i.origin)))
        .chain(report.key_persons.iter().map(|i| (&i.id, &i.origin)));
    for (id, origin) in others {
        seen.entry(&id.value).or_insert((origin.file.as_path(), id));
    }
    let own = report
        .target_groups
        .iter()
        .map(|g| ("target group", &g.id, g.origin.file.as_path()))
        .chain(
            report
                .swot
                .iter()
                .map(|s| ("SWOT entry", &s.id, s.origin.file.as_path())),
        )
        .chain(
            report
                .activities
                .iter()
                .map(|a| ("activity", &a.id, a.origin.file.as_path())),
        )
        .chain(
            report
                .factors
                .iter()
                .map(|f| ("factor", &f.id, f.origin.file.as_path())),
        );
    for (what, id, file) in own {
        if !valid_id(&id.value) {
            diags.push(
                Diagnostic::error(
                    "invalid-id",
                    file,
                    crate::msg!(
                        "analysis.id-is-not-a-valid",
                        what = super::references::noun(what),
                        value = (id.value).to_string()
                    ),
                )
                .at(pos(id, 0))
                .hint(crate::msg!("analysis.use-lowercase-letters-digits-and")),
            );
        }
        if let Some((f, first)) = seen.get(id.value.as_str()) {
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    file,
                    crate::msg!(
                        "analysis.the-id-is-used-twice",
                        value = (id.value).to_string()
                    ),
                )
                .at(pos(id, 0))
                .hint(crate::msg!(
                    "analysis.it-is-also-defined-at",
                    first = (loc(f, pos(first, 0))).to_string()
                )),
            );
        } else {
            seen.insert(&id.value, (file, id));
        }
    }

    let need_list = settings
        .need_areas
        .iter()
        .map(|n| n.id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let phase = |ph: &Option<Sp>, file: &Path, diags: &mut Diagnostics| {
        super::references::phase(ph, file, settings, diags)
    };

    for a in &report.actors {
        let file = a.origin.file.as_path();
        for w in &a.work {
            if !settings
                .need_areas
                .iter()
                .any(|n| n.id == w.need_area.value)
            {
                diags.push(
                    Diagnostic::error(
                        "unknown-need-area",
                        file,
                        crate::msg!(
                            "analysis.unknown-need-area",
                            value = (w.need_area.value).to_string()
                        ),
                    )
                    .at(pos(&w.need_area, 0))
                    .hint(crate::msg!(
                        "analysis.need-areas-in-book-toml",
                        need_list = need_list.to_string()
                    )),
                );
            }
            if let Some(g) = &w.target_group {
                reference(
                    g,
                    file,
                    Audience::Public,
                    audience,
                    &groups,
                    "target group",
                    diags,
                );
            }
        }
    }
    for l in &report.links {
        let file = l.origin.file.as_path();
        // A link is left out of a public build when it or an actor at
        // either end is internal, so it may point at internal actors.
        let from = Audience::Internal;
        reference(&l.from, file, from, audience, &actors, "actor", diags);
        reference(&l.to, file, from, audience, &actors, "actor", diags);
        if l.from.value == l.to.value {
            diags.push(
                Diagnostic::error(
                    "invalid-link",
                    file,
                    crate::msg!(
                        "analysis.the-link-goes-from-to",
                        value = (l.from.value).to_string()
                    ),
                )
                .at(pos(&l.to, 0))
                .hint(crate::msg!("analysis.a-link-joins-two-different")),
            );
        }
        if let Some(s) = l.strength
            && !(1..=5).contains(&s)
        {
            diags.push(
                Diagnostic::error(
                    "invalid-value",
                    file,
                    crate::msg!(
                        "analysis.strength-of-the-link-from",
                        s = s.to_string(),
                        value = (l.from.value).to_string()
                    ),
                )
                .at(pos(&l.from, 0))
                .hint(crate::msg!("analysis.strength-is-a-whole-number")),
            );
        }
    }
    for s in &report.swot {
        let file = s.origin.file.as_path();
        let from = s.audience.unwrap_or(default);
        for f in &s.findings {
            reference(f, file, from, audience, &findings, "finding", diags);
        }
        phase(&s.phase, file, diags);
        if s.text.trim().is_empty() {
            diags.push(
                Diagnostic::error(
                    "missing-text",
                    file,
                    crate::msg!(
                        "analysis.swot-entry-has-no-text",
                        value = (s.id.value).to_string()
                    ),
                )
                .at(pos(&s.id, 0))
                .hint(crate::msg!(
                    "analysis.write-the-strength-weakness-opportunity"
                )),
            );
        }
    }
    for a in &report.activities {
        check_activity(a, diags);
        let file = a.origin.file.as_path();
        let from = a.audience.unwrap_or(default);
        if let Some(r) = &a.responsible {
            reference(r, file, from, audience, &actors, "actor", diags);
        }
        phase(&a.phase, file, diags);
    }
    let pages: BTreeMap<&Path, &Page> = report
        .pages
        .iter()
        .map(|p| (p.source.as_path(), p))
        .collect();
    for f in &report.factors {
        let file = f.origin.file.as_path();
        let from = f.audience.unwrap_or(default);
        for p in &f.priorities {
            reference(p, file, from, audience, &priorities, "priority", diags);
        }
        if let Some(src) = &f.source {
            check_page_link("source", src, file, from, audience, &pages, diags);
        }
        phase(&f.phase, file, diags);
    }
}

const MONTH_HINT: &str = "write a month as a number 1–12 or a name (januari, jan, january, …)";

/// An activity names its months one way, and every month is a month.
fn check_activity(a: &crate::model::analysis::Activity, diags: &mut Diagnostics) {
    let file = a.origin.file.as_path();
    let bad_month = |m: &Sp, diags: &mut Diagnostics| {
        if month(&m.value).is_none() {
            diags.push(
                Diagnostic::error(
                    "invalid-month",
                    file,
                    crate::msg!("analysis.is-not-a-month", value = (m.value).to_string()),
                )
                .at(pos(m, 0))
                .hint(MONTH_HINT),
            );
        }
    };
    for m in a.months.iter().chain(&a.from).chain(&a.to) {
        bad_month(m, diags);
    }
    if let Some(d) = &a.date
        && date_month(&d.value).is_none()
    {
        diags.push(
            Diagnostic::error(
                "invalid-date",
                file,
                crate::msg!("analysis.is-not-a-date", value = (d.value).to_string()),
            )
            .at(pos(d, 0))
            .hint(crate::msg!("analysis.write-a-date-as-yyyy")),
        );
    }
    let ways = usize::from(!a.months.is_empty())
        + usize::from(a.from.is_some() || a.to.is_some())
        + usize::from(a.date.is_some());
    let problem = match (ways, &a.from, &a.to) {
        (0, _, _) => Some("activity \"{}\" has no months"),
        (2.., _, _) => Some("activity \"{}\" gives its months in more than one way"),
        (_, Some(_), None) | (_, None, Some(_)) => {
            Some("activity \"{}\" gives only one end of its span")
        }
        _ => None,
    };
    if let Some(p) = problem {
        diags.push(
            Diagnostic::error("invalid-months", file, p.replace("{}", &a.id.value))
                .at(pos(&a.id, 0))
                .hint(crate::msg!("analysis.give-either-months-mars-april")),
        );
    }
}
