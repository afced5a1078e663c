//! The site being served: the last good output in memory, the errors of
//! the last rebuild (if it failed), and the channel that tells browsers.

use std::collections::{HashMap, VecDeque};
use std::sync::RwLock;

use axum::body::Bytes;
use tokio::sync::broadcast;

use super::overlay::OverlayError;
use super::reload::{Changes, Message};
use crate::error::Diagnostics;
use crate::session::{Rebuild, Session};

/// What requests see.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Site URL → bytes; empty until the first good build.
    pub files: HashMap<String, Bytes>,
    /// Counts good rebuilds that changed something; pages carry the value
    /// they were served with, so a browser can tell it missed one.
    pub generation: u64,
    /// Errors of the last rebuild; empty when it was good.
    pub errors: Vec<OverlayError>,
    /// Whether there has been a good build at all.
    pub built: bool,
    /// What the last [`HISTORY`] generations changed, oldest first, so a
    /// page that connects late learns whether a missed rebuild touched it.
    history: VecDeque<(u64, Option<Changes>)>,
}

/// How many generations [`Snapshot::history`] remembers.
const HISTORY: usize = 64;

impl Snapshot {
    /// Count a new generation that changed `changes` (`None`: everything).
    fn advance(&mut self, changes: Option<Changes>) {
        self.generation += 1;
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back((self.generation, changes));
    }

    /// Everything that changed after generation `since`, or `None` when that
    /// is not known (too long ago, a whole new site, or a generation this
    /// server never had).
    pub(crate) fn changes_since(&self, since: u64) -> Option<Changes> {
        if since > self.generation {
            return None;
        }
        let mut all = Changes::default();
        let mut next = since + 1;
        for (generation, changes) in self.history.iter().filter(|(g, _)| *g > since) {
            if *generation != next {
                return None;
            }
            next += 1;
            let changes = changes.as_ref()?;
            all.changed.extend(changes.changed.iter().cloned());
            all.removed.extend(changes.removed.iter().cloned());
        }
        if next != self.generation + 1 {
            return None;
        }
        all.changed.sort();
        all.changed.dedup();
        all.removed.sort();
        all.removed.dedup();
        Some(all)
    }
}

/// Shared between the HTTP handlers and the rebuild thread.
#[derive(Debug)]
pub struct LiveSite {
    snapshot: RwLock<Snapshot>,
    events: broadcast::Sender<Message>,
    /// Counts finished rebuilds, good or not, changed outputs or not
    /// (a form's save waits for the one after its write).
    rebuilds: tokio::sync::watch::Sender<u64>,
    /// Tells browsers that the server was restarted (their page may be old).
    pub instance: String,
}

fn bytes(b: &crate::session::Bytes) -> Bytes {
    Bytes::from_owner(b.clone())
}

impl LiveSite {
    pub fn new() -> LiveSite {
        let (events, _) = broadcast::channel(64);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        LiveSite {
            snapshot: RwLock::new(Snapshot::default()),
            events,
            rebuilds: tokio::sync::watch::Sender::new(0),
            instance: format!("{:x}-{:x}", std::process::id(), nanos),
        }
    }

    /// Read the current snapshot.
    pub fn read<T>(&self, f: impl FnOnce(&Snapshot) -> T) -> T {
        let guard = self
            .snapshot
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&guard)
    }

    fn write<T>(&self, f: impl FnOnce(&mut Snapshot) -> T) -> T {
        let mut guard = self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut guard)
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.events.subscribe()
    }

    /// A rebuild has finished (whatever it found).
    fn rebuilt(&self) {
        self.rebuilds.send_modify(|n| *n += 1);
    }

    /// How many rebuilds have finished.
    pub(crate) fn rebuild_count(&self) -> u64 {
        *self.rebuilds.borrow()
    }

    /// The count of finished rebuilds, to wait for the next.
    pub(crate) fn watch_rebuilds(&self) -> tokio::sync::watch::Receiver<u64> {
        self.rebuilds.subscribe()
    }

    /// The greeting a browser gets when it connects: `seen` is the
    /// generation its page was served with, if it said so.
    pub fn hello(&self, seen: Option<u64>) -> Message {
        self.read(|s| Message::Hello {
            instance: self.instance.clone(),
            generation: s.generation,
            errors: s.errors.clone(),
            since: seen.and_then(|g| s.changes_since(g)),
        })
    }

    /// Serve the whole site of a session (after the first good build, or
    /// after a build that failed at first succeeds).
    pub(crate) fn publish_all(&self, session: &Session) {
        let message = self.write(|s| {
            let old: Vec<String> = s.files.keys().cloned().collect();
            s.files = session
                .files()
                .iter()
                .map(|(u, b)| (u.clone(), bytes(b)))
                .collect();
            s.advance(None);
            s.errors.clear();
            s.built = true;
            let mut changed: Vec<String> = s.files.keys().cloned().collect();
            changed.sort();
            let mut removed: Vec<String> = old
                .into_iter()
                .filter(|u| !s.files.contains_key(u))
                .collect();
            removed.sort();
            Message::Reload {
                generation: s.generation,
                changed,
                removed,
            }
        });
        let _ = self.events.send(message);
    }

    /// Serve what a good rebuild changed, and tell the browsers.
    pub fn publish(&self, session: &Session, rebuild: &Rebuild) {
        let message = self.write(|s| {
            let had_errors = !s.errors.is_empty();
            s.errors.clear();
            if rebuild.changed.is_empty() && rebuild.removed.is_empty() {
                // Nothing to reload; an overlay, if any, goes away.
                return had_errors.then(|| Message::Reload {
                    generation: s.generation,
                    changed: Vec::new(),
                    removed: Vec::new(),
                });
            }
            for url in &rebuild.changed {
                if let Some(b) = session.file(url) {
                    s.files.insert(url.clone(), bytes(b));
                }
            }
            for url in &rebuild.removed {
                s.files.remove(url);
            }
            s.advance(Some(Changes {
                changed: rebuild.changed.clone(),
                removed: rebuild.removed.clone(),
            }));
            Some(Message::Reload {
                generation: s.generation,
                changed: rebuild.changed.clone(),
                removed: rebuild.removed.clone(),
            })
        });
        if let Some(m) = message {
            let _ = self.events.send(m);
        }
    }

    /// A rebuild failed: keep the site, show the errors.
    pub fn fail(&self, diags: &Diagnostics) {
        let errors: Vec<OverlayError> = diags.errors().map(OverlayError::from).collect();
        let message = self.write(|s| {
            s.errors.clone_from(&errors);
            Message::Errors {
                generation: s.generation,
                errors,
            }
        });
        let _ = self.events.send(message);
    }
}

/// Counts a finished rebuild when dropped (however the rebuild ended).
pub(crate) struct RebuildDone<'a>(pub(crate) &'a LiveSite);

impl Drop for RebuildDone<'_> {
    fn drop(&mut self) {
        self.0.rebuilt();
    }
}

impl Default for LiveSite {
    fn default() -> Self {
        LiveSite::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(changed: &[&str], removed: &[&str]) -> Option<Changes> {
        let own = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect();
        Some(Changes {
            changed: own(changed),
            removed: own(removed),
        })
    }

    #[test]
    fn a_late_page_learns_everything_that_changed_since_its_generation() {
        let mut s = Snapshot::default();
        s.advance(None); // 1: the first build
        s.advance(changes(&["b.html"], &[])); // 2
        s.advance(changes(&["print.html", "a.html"], &["c.html"])); // 3
        s.advance(changes(&["b.html"], &[])); // 4
        assert_eq!(s.changes_since(4), changes(&[], &[]));
        assert_eq!(s.changes_since(3), changes(&["b.html"], &[]));
        assert_eq!(
            s.changes_since(1),
            changes(&["a.html", "b.html", "print.html"], &["c.html"])
        );
        // Before the first build, after the newest, or forgotten: unknown.
        assert_eq!(s.changes_since(0), None);
        assert_eq!(s.changes_since(5), None);
        for _ in 0..HISTORY {
            s.advance(changes(&["b.html"], &[]));
        }
        // Generations 5 to 68 are remembered, 4 is not.
        assert_eq!(s.changes_since(3), None);
        assert_eq!(s.changes_since(4), changes(&["b.html"], &[]));
    }
}
