//! Watching the report: `book.toml`, `content/`, `data/`, `themes/` and
//! `static/`. Native events (inotify, FSEvents, ReadDirectoryChangesW) by
//! default; with `--poll` a watcher that compares modification times every
//! half second, for network shares and synced folders where native events
//! do not arrive. Events are debounced so that an editor's save (often
//! several writes and a rename) becomes one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, NoCache, RecommendedCache, new_debouncer,
    new_debouncer_opt,
};

use crate::config::CONFIG_FILE;
use crate::load::theme::THEMES_DIR;
use crate::load::{CONTENT_DIR, STATIC_DIR};
use crate::session::changes::DATA_DIR;

/// How long the file system must be quiet before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(50);
/// How often the debouncer looks for quiet paths.
const TICK: Duration = Duration::from_millis(10);
/// How often `--poll` scans the report.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The folders watched (recursively); `book.toml` is watched through the
/// report folder itself.
pub const WATCHED_DIRS: [&str; 4] = [CONTENT_DIR, DATA_DIR, THEMES_DIR, STATIC_DIR];

/// What the watcher reports.
#[derive(Debug)]
pub enum WatchEvent {
    Changed(Vec<DebouncedEvent>),
    Failed(Vec<notify::Error>),
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
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
        let handler = move |r: DebounceEventResult| {
            let event = match r {
                Ok(events) => WatchEvent::Changed(events),
                Err(errors) => WatchEvent::Failed(errors),
            };
            let _ = tx.send(T::from(event));
        };
        let inner = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Inner::Poll(new_debouncer_opt::<_, PollWatcher, NoCache>(
                DEBOUNCE,
                Some(TICK),
                handler,
                NoCache,
                config,
            )?)
        } else {
            Inner::Native(new_debouncer(DEBOUNCE, Some(TICK), handler)?)
        };
        let mut w = Watcher {
            inner,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        w.watch(root, RecursiveMode::NonRecursive)?;
        w.watch_new_dirs()?;
        Ok(w)
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match &mut self.inner {
            Inner::Native(d) => d.watch(path, mode)?,
            Inner::Poll(d) => d.watch(path, mode)?,
        }
        self.watched.push(path.to_path_buf());
        Ok(())
    }

    fn unwatch(&mut self, path: &Path) {
        // The folder may be gone, and its watch with it.
        let _ = match &mut self.inner {
            Inner::Native(d) => d.unwatch(path),
            Inner::Poll(d) => d.unwatch(path),
        };
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
    pub fn rewatch(&mut self, rel: &Path) -> notify::Result<()> {
        if WATCHED_DIRS.iter().any(|d| rel == Path::new(d)) {
            let p = self.root.join(rel);
            self.unwatch(&p);
        }
        self.watch_new_dirs()
    }

    /// Whether the watcher polls.
    pub fn polls(&self) -> bool {
        matches!(self.inner, Inner::Poll(_))
    }
}

/// The top-level things a rebuild cares about, for messages.
pub fn watched_names() -> String {
    let mut names = vec![CONFIG_FILE.to_string()];
    names.extend(WATCHED_DIRS.iter().map(|d| format!("{d}/")));
    names.join(", ")
}
