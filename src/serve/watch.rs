//! Watching the report: `book.toml`, `content/`, `data/`, `themes/` and
//! `static/`.
//!
//! By default native events (inotify, FSEvents, ReadDirectoryChangesW)
//! through notify, debounced so that an editor's save (often several writes
//! and a rename) becomes one rebuild.
//!
//! With `--poll`, for network shares and synced folders where native events
//! do not arrive: every half second the sources are listed and each file's
//! modification time (to the nanosecond, where the file system keeps it)
//! and size compared with the last scan; a file changed within the last
//! few seconds is also compared by content, since some file systems keep
//! times in whole seconds (or two). notify's own PollWatcher compares whole
//! seconds only, so a second save within the same second went unseen, and
//! comparing contents reads every file on every scan.

use std::collections::HashMap;
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

use crate::config::CONFIG_FILE;
use crate::load::{CONTENT_DIR, STATIC_DIR};
use crate::session::changes::DATA_DIR;
use crate::theme::overrides::THEMES_DIR;

/// How long the file system must be quiet before a rebuild starts. An
/// editor's save (truncate and write, or write a temporary file and rename
/// it) takes well under a millisecond to a few; a save spread wider gives
/// two cheap rebuilds instead of one.
pub const DEBOUNCE: Duration = Duration::from_millis(25);
/// How often the debouncer looks for quiet paths.
const TICK: Duration = Duration::from_millis(5);
/// How often `--poll` scans the report.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The folders watched (recursively); `book.toml` is watched through the
/// report folder itself.
pub const WATCHED_DIRS: [&str; 4] = [CONTENT_DIR, DATA_DIR, THEMES_DIR, STATIC_DIR];

/// What the watcher reports.
#[derive(Debug)]
pub enum WatchEvent {
    /// Native events, debounced.
    Changed(Vec<DebouncedEvent>),
    /// Paths that a scan found new, gone or changed (`--poll`).
    Polled(Vec<PathBuf>),
    Failed(Vec<notify::Error>),
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    /// Kept for its `Drop`, which stops the scanning thread.
    Poll {
        _poller: Poller,
    },
}

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    inner: Inner,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("root", &self.root)
            .field("watched", &self.watched)
            .finish()
    }
}

impl Watcher {
    /// Watch the report at `root` (an absolute path), sending events to `tx`.
    pub fn start<T>(root: &Path, poll: bool, tx: Sender<T>) -> notify::Result<Watcher>
    where
        T: From<WatchEvent> + Send + 'static,
    {
        if poll {
            return Ok(Watcher {
                inner: Inner::Poll {
                    _poller: Poller::start(root, tx)?,
                },
                root: root.to_path_buf(),
                watched: vec![root.to_path_buf()],
            });
        }
        let handler = move |r: DebounceEventResult| {
            let event = match r {
                Ok(events) => WatchEvent::Changed(events),
                Err(errors) => WatchEvent::Failed(errors),
            };
            let _ = tx.send(T::from(event));
        };
        let mut w = Watcher {
            inner: Inner::Native(new_debouncer(DEBOUNCE, Some(TICK), handler)?),
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        w.watch(root, RecursiveMode::NonRecursive)?;
        w.watch_new_dirs()?;
        Ok(w)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        if let Inner::Native(d) = &mut self.inner {
            d.watch(path, mode)?;
            self.watched.push(path.to_path_buf());
        }
        Ok(())
    }

    fn unwatch(&mut self, path: &Path) {
        if let Inner::Native(d) = &mut self.inner {
            // The folder may be gone, and its watch with it.
            let _ = d.unwatch(path);
        }
        self.watched.retain(|p| p != path);
    }

    /// Start watching the folders of [`WATCHED_DIRS`] that exist now and
    /// are not watched yet (a report may get its `static/` later).
    fn watch_new_dirs(&mut self) -> notify::Result<()> {
        for dir in WATCHED_DIRS {
            let p = self.root.join(dir);
            if p.is_dir() && !self.watched.contains(&p) {
                self.watch(&p, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }

    /// After one of the watched folders itself was created, removed or
    /// moved: watch what is there now.
    pub(crate) fn rewatch(&mut self, rel: &Path) -> notify::Result<()> {
        if self.polls() {
            // Every scan lists the folders afresh.
            return Ok(());
        }
        if WATCHED_DIRS.iter().any(|d| rel == Path::new(d)) {
            let p = self.root.join(rel);
            self.unwatch(&p);
        }
        self.watch_new_dirs()
    }

    /// Whether the watcher polls.
    pub fn polls(&self) -> bool {
        matches!(self.inner, Inner::Poll { .. })
    }
}

/// The top-level things a rebuild cares about, for messages.
pub(crate) fn watched_names() -> String {
    let mut names = vec![CONFIG_FILE.to_string()];
    names.extend(WATCHED_DIRS.iter().map(|d| format!("{d}/")));
    names.join(", ")
}

/// What a scan keeps of one path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    dir: bool,
    modified: Option<SystemTime>,
    len: u64,
    /// Content hash, for files modified recently (see the module docs).
    hash: Option<u64>,
}

/// Files modified this recently are also compared by content.
const RECENT: Duration = Duration::from_secs(3);

fn content_hash(path: &Path) -> Option<u64> {
    let bytes = std::fs::read(path).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

/// List the sources of the report at `root` with their stamps.
fn scan(root: &Path) -> HashMap<PathBuf, Stamp> {
    let now = SystemTime::now();
    let mut out = HashMap::new();
    let mut add = |path: &Path, meta: &std::fs::Metadata| {
        let modified = meta.modified().ok();
        let recent = modified
            .and_then(|m| now.duration_since(m).ok())
            .is_none_or(|age| age < RECENT);
        let hash = (meta.is_file() && recent)
            .then(|| content_hash(path))
            .flatten();
        out.insert(
            path.to_path_buf(),
            Stamp {
                dir: meta.is_dir(),
                // A folder's time changes with every file added: the files
                // themselves tell.
                modified: modified.filter(|_| !meta.is_dir()),
                len: if meta.is_dir() { 0 } else { meta.len() },
                hash,
            },
        );
    };
    let book = root.join(CONFIG_FILE);
    if let Ok(meta) = std::fs::metadata(&book) {
        add(&book, &meta);
    }
    for dir in WATCHED_DIRS {
        let walk = walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk.flatten() {
            if let Ok(meta) = entry.metadata() {
                add(entry.path(), &meta);
            }
        }
    }
    out
}

/// Paths new, gone or changed between two scans.
fn differences(old: &HashMap<PathBuf, Stamp>, new: &HashMap<PathBuf, Stamp>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (p, s) in new {
        match old.get(p) {
            None => out.push(p.clone()),
            Some(o) => {
                let same_hash = match (o.hash, s.hash) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                };
                if o.dir != s.dir || o.modified != s.modified || o.len != s.len || !same_hash {
                    out.push(p.clone());
                }
            }
        }
    }
    out.extend(old.keys().filter(|p| !new.contains_key(*p)).cloned());
    out.sort();
    out
}

/// The `--poll` watcher: a thread scanning every [`POLL_INTERVAL`].
struct Poller {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Poller {
    fn start<T>(root: &Path, tx: Sender<T>) -> std::io::Result<Poller>
    where
        T: From<WatchEvent> + Send + 'static,
    {
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let mut last = scan(&root);
        let stopping = stop.clone();
        let thread = std::thread::Builder::new()
            .name("kartsite-poll".into())
            .spawn(move || {
                while !stopping.load(Ordering::Relaxed) {
                    // Sleep in small steps so that stopping is quick.
                    let mut slept = Duration::ZERO;
                    while slept < POLL_INTERVAL && !stopping.load(Ordering::Relaxed) {
                        std::thread::sleep(TICK);
                        slept += TICK;
                    }
                    let now = scan(&root);
                    let changed = differences(&last, &now);
                    last = now;
                    if !changed.is_empty() && tx.send(T::from(WatchEvent::Polled(changed))).is_err()
                    {
                        return;
                    }
                }
            })?;
        Ok(Poller {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_see_quick_saves_of_the_same_size() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("content/a.md");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(&page, "aaaa").unwrap();
        std::fs::create_dir_all(dir.path().join("content/.git")).unwrap();
        std::fs::write(dir.path().join("content/.git/x"), "x").unwrap();
        let first = scan(dir.path());
        assert!(!first.keys().any(|p| p.to_string_lossy().contains(".git")));
        std::fs::write(&page, "bbbb").unwrap();
        // Even with the same time and size, the content tells.
        let mut second = scan(dir.path());
        second.get_mut(&page).unwrap().modified = first[&page].modified;
        assert_eq!(differences(&first, &second), std::slice::from_ref(&page));
        std::fs::remove_file(&page).unwrap();
        let new = dir.path().join("content/b.md");
        std::fs::write(&new, "b").unwrap();
        let third = scan(dir.path());
        assert_eq!(differences(&second, &third), [page, new]);
    }
}
