//! The report loaded for editing: its settings, every item by kind and
//! address, where a new item goes, a suggested id, and what refers to an
//! item (found by the build's own checks).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::apply::Saved;
use super::kinds::{self, Kind, Values};
use crate::config::Settings;
use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Audience, Report};

/// A report loaded for editing: its settings and every item.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub settings: Settings,
    pub report: Report,
    /// The audience the preview is built for (its checks are the build's).
    pub audience: Audience,
    /// The errors the build's checks find in `report` (made when first
    /// needed; a save compares with them).
    errors: std::sync::OnceLock<Found>,
}

/// The errors of a check, each as its kind, file and message (lines move
/// when a file changes; what an error says does not).
pub(crate) type Found = BTreeSet<(&'static str, PathBuf, String)>;

pub(crate) fn key(d: &Diagnostic) -> (&'static str, PathBuf, String) {
    (d.kind, d.file.clone(), d.message.clone())
}

impl Workspace {
    /// Read book.toml and the report as `build` does.
    pub fn load(root: &Path, drafts: bool, audience: Audience) -> Result<Workspace, Diagnostics> {
        let settings = crate::config::load_config(root)?;
        let report = crate::load::load(root, &settings, crate::load::LoadOptions { drafts })?;
        Ok(Workspace {
            root: root.to_path_buf(),
            settings,
            report,
            audience,
            errors: std::sync::OnceLock::new(),
        })
    }

    /// The errors the build's checks find in the report as it is.
    pub(super) fn known_errors(&self) -> &Found {
        self.errors.get_or_init(|| {
            crate::check::check(&self.report, &self.settings, self.audience)
                .errors()
                .map(key)
                .collect()
        })
    }

    /// The workspace with `report`, whose checks found `errors` (after a
    /// page form's save, `edit/page_apply.rs`).
    pub fn with_report(&self, report: Report, errors: Found) -> Workspace {
        Workspace {
            root: self.root.clone(),
            settings: self.settings.clone(),
            report,
            audience: self.audience,
            errors: std::sync::OnceLock::from(errors),
        }
    }

    /// The workspace after `saved`: its report and what its checks found.
    pub fn after(&self, saved: Saved) -> Workspace {
        Workspace {
            root: self.root.clone(),
            settings: self.settings.clone(),
            report: saved.report,
            audience: self.audience,
            errors: std::sync::OnceLock::from(saved.errors),
        }
    }

    /// Whether this preview has forms for `kind`: key persons (personal
    /// data) only in an internal one.
    pub fn editable(&self, kind: Kind) -> bool {
        !(kind.internal_only() && self.audience == Audience::Public)
    }

    /// The address an item is known by: `address` itself; for a link, the
    /// same pair the other way round; for a glossary entry, the entry whose
    /// translated term has that key (the glossary page of another language
    /// links to its own anchors).
    pub fn canonical(&self, kind: Kind, address: &str) -> Option<String> {
        if !self.editable(kind) {
            return None;
        }
        let all = kinds::items(&self.report, kind);
        if all.iter().any(|(a, _, _)| a == address) {
            return Some(address.to_string());
        }
        if kind == Kind::Link {
            // The actor map's table lists a pair in name order.
            let mut parts = address.splitn(3, '~');
            let (from, to, k) = (parts.next()?, parts.next()?, parts.next()?);
            let swapped = kinds::link_key(to, from, k);
            return all.iter().any(|(a, _, _)| *a == swapped).then_some(swapped);
        }
        if kind != Kind::Glossary {
            return None;
        }
        self.report
            .glossary
            .iter()
            .find(|g| {
                g.translations
                    .values()
                    .filter_map(|t| t.get("term"))
                    .any(|t| kinds::glossary_key(t) == address)
            })
            .map(|g| kinds::glossary_key(&g.term.value))
    }

    /// The item `address` of `kind`: its values and file.
    pub fn item(&self, kind: Kind, address: &str) -> Option<(Values, PathBuf)> {
        let address = self.canonical(kind, address)?;
        kinds::items(&self.report, kind)
            .into_iter()
            .find(|(i, _, _)| *i == address)
            .map(|(_, v, o)| (v, o.file.clone()))
    }

    /// Where a new item of `kind` goes: beside the last one, or in
    /// `content/<list>.yaml` when there is none.
    pub fn file_for_new(&self, kind: Kind) -> PathBuf {
        kinds::items(&self.report, kind)
            .last()
            .map(|(_, _, o)| o.file.clone())
            .unwrap_or_else(|| {
                Path::new(crate::paths::CONTENT_DIR).join(format!("{}.yaml", kind.list_key()))
            })
    }

    /// A free id for a new item titled `title`: `pr-` + the title's slug,
    /// not used by any item of any kind (ids are unique in a report).
    pub fn suggest_id(&self, kind: Kind, title: &str) -> String {
        let slug = crate::links::slugify(title);
        let mut base = String::new();
        for part in slug.split('-').filter(|p| !p.is_empty()) {
            if !base.is_empty() && base.len() + part.len() > 40 {
                break;
            }
            if !base.is_empty() {
                base.push('-');
            }
            base.push_str(part);
        }
        if base.is_empty() {
            base.push_str("ny");
        }
        let base = format!("{}{base}", kind.id_prefix());
        let taken: BTreeSet<String> = Kind::ALL
            .iter()
            .filter(|k| k.has_id())
            .flat_map(|k| kinds::items(&self.report, *k))
            .map(|(i, _, _)| i)
            .collect();
        (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                }
            })
            .find(|c| !taken.contains(c))
            .unwrap_or(base)
    }
}

/// What refers to item `address` (for the question before deleting it).
pub fn references(ws: &Workspace, kind: Kind, address: &str) -> Vec<Diagnostic> {
    let Some(address) = ws.canonical(kind, address) else {
        return Vec::new();
    };
    let Some((_, rel)) = ws.item(kind, &address) else {
        return Vec::new();
    };
    let mut r = ws.report.clone();
    let gone = |a: &str, o: &crate::model::items::Origin| a == address && o.file == rel;
    macro_rules! drop_item {
        ($f:ident) => {
            r.$f.retain(|i| !gone(&i.id.value, &i.origin))
        };
    }
    match kind {
        Kind::Finding => drop_item!(findings),
        Kind::Priority => drop_item!(priorities),
        Kind::Feedback => drop_item!(feedback),
        Kind::Actor => drop_item!(actors),
        Kind::Place => drop_item!(places),
        Kind::Quote => drop_item!(quotes),
        Kind::Swot => drop_item!(swot),
        Kind::Activity => drop_item!(activities),
        Kind::Factor => drop_item!(factors),
        Kind::TargetGroup => drop_item!(target_groups),
        Kind::KeyPerson => drop_item!(key_persons),
        Kind::Glossary => r
            .glossary
            .retain(|g| !gone(&kinds::glossary_key(&g.term.value), &g.origin)),
        Kind::Link => r.links.retain(|l| {
            let key = kinds::link_key(&l.from.value, &l.to.value, l.kind.key());
            !gone(&key, &l.origin)
        }),
    }
    let before = ws.known_errors();
    crate::check::check(&r, &ws.settings, ws.audience)
        .errors()
        .filter(|d| !before.contains(&key(d)))
        .cloned()
        .collect()
}
