//! What `serve --edit` keeps while serving: the session's token and the
//! report as last read for the forms.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use super::site::LiveSite;
use crate::edit::apply::Workspace;
use crate::edit::form;
use crate::model::Audience;

/// What `--edit` adds to the server's state.
#[derive(Debug)]
pub struct EditState {
    pub root: PathBuf,
    pub drafts: bool,
    pub audience: Audience,
    /// From [`crate::edit::strings::form_lang`].
    pub lang: &'static str,
    /// Sent back with every write; new for every `serve`.
    pub token: String,
    /// The report as last read, with the count of rebuilds it was read at.
    cache: Mutex<Option<(u64, Arc<Workspace>)>>,
    /// One save at a time.
    pub(crate) saving: tokio::sync::Mutex<()>,
}

impl EditState {
    pub fn new(root: PathBuf, drafts: bool, audience: Audience, report_lang: &str) -> EditState {
        EditState {
            root,
            drafts,
            audience,
            lang: crate::edit::strings::form_lang(report_lang),
            token: new_token(),
            cache: Mutex::new(None),
            saving: tokio::sync::Mutex::new(()),
        }
    }

    /// For the report of `build`; the forms speak the language of the
    /// report `session` loaded (Swedish when it did not load).
    pub(crate) fn of(
        build: &crate::build::BuildOptions,
        session: Option<&crate::session::Session>,
    ) -> EditState {
        let lang = session.map_or("sv", |s| s.settings().language());
        EditState::new(build.root.clone(), build.drafts, build.audience, lang)
    }

    /// The report as it is now: read again when a rebuild ran since (a
    /// file changed).
    pub(crate) fn workspace(&self, site: &LiveSite) -> Result<Arc<Workspace>, String> {
        let generation = site.rebuild_count();
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((g, ws)) = cache.as_ref()
            && *g == generation
        {
            return Ok(ws.clone());
        }
        let ws = Workspace::load(&self.root, self.drafts, self.audience)
            .map_err(|d| d.errors().map(form::said).collect::<Vec<_>>().join("\n"))?;
        let ws = Arc::new(ws);
        *cache = Some((generation, ws.clone()));
        Ok(ws)
    }

    pub(crate) fn remember(&self, generation: u64, ws: Workspace) {
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *cache = Some((generation, Arc::new(ws)));
    }
}

/// 128 random bits as hex, from the standard library's randomly seeded
/// hasher (no dependency needed for a token that lives as long as `serve`).
fn new_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    for i in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// Equal, in a time that does not depend on where they differ.
pub(crate) fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_compare_whole() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &b));
        assert!(!same_token(&a, &a[..31]));
        assert!(!same_token("", &a));
    }
}
