//! From file events to the changes a rebuild works on.
//!
//! Counted as changes: creating, removing and renaming (both names), writing
//! (inotify reports a new file as Create then Close(Write), with no
//! Modify), and metadata changes of files. Opening, reading and metadata
//! changes of folders are not. When the watcher lost events, everything is
//! read again.

use std::path::{Path, PathBuf};

use notify::EventKind;
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify_debouncer_full::DebouncedEvent;

use crate::session::{Change, Session};

/// The changes in `events`, for the report at `root` (absolute, as watched),
/// sorted and without repeats. Paths outside the report's sources are left
/// out.
pub fn changes(root: &Path, session: Option<&Session>, events: &[DebouncedEvent]) -> Vec<Change> {
    let mut out = Vec::new();
    for e in events {
        if e.need_rescan() {
            out.push(Change::rescan());
            continue;
        }
        let counts = match e.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            EventKind::Modify(ModifyKind::Metadata(_)) => !e.paths.iter().all(|p| p.is_dir()),
            _ => true,
        };
        if !counts {
            continue;
        }
        out.extend(e.paths.iter().filter_map(|p| classify(root, session, p)));
    }
    out.sort();
    out.dedup();
    out
}

/// The changes among paths a `--poll` scan found new, gone or changed.
pub(crate) fn polled(root: &Path, session: Option<&Session>, paths: &[PathBuf]) -> Vec<Change> {
    let mut out: Vec<Change> = paths
        .iter()
        .filter_map(|p| classify(root, session, p))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn classify(root: &Path, session: Option<&Session>, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    match session {
        Some(s) => s.classify(rel),
        // No good build yet: anything in the report is worth a try.
        None => crate::session::classify(rel, &theme_of(rel)).map(|k| Change::new(rel, k)),
    }
}

/// The second part of a path: for `themes/<name>/…` the theme's name (any
/// theme counts before the first good build, when book.toml may not be
/// readable).
fn theme_of(rel: &Path) -> String {
    rel.components()
        .nth(1)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::ChangeKind;
    use notify::Event;
    use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind};
    use std::time::Instant;

    fn ev(kind: EventKind, paths: &[&str]) -> DebouncedEvent {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(Path::new("/r").join(p));
        }
        DebouncedEvent::new(e, Instant::now())
    }

    #[test]
    fn events_become_changes() {
        let events = [
            ev(EventKind::Create(CreateKind::File), &["content/a/ny.md"]),
            ev(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                &["content/a/ny.md"],
            ),
            ev(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                &["content/a/b.md"],
            ),
            ev(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                &["content/fynd.yaml"],
            ),
            ev(EventKind::Remove(RemoveKind::File), &["static/logo.svg"]),
            ev(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
                &["content/c.md"],
            ),
            ev(EventKind::Create(CreateKind::File), &["public/index.html"]),
            ev(EventKind::Create(CreateKind::File), &["content/.b.md.swp"]),
        ];
        let got = changes(Path::new("/r"), None, &events);
        assert_eq!(
            got,
            [
                Change::new("content/a/ny.md", ChangeKind::Page),
                Change::new("content/c.md", ChangeKind::Page),
                Change::new("content/fynd.yaml", ChangeKind::Items),
                Change::new("static/logo.svg", ChangeKind::Static),
            ]
        );
    }

    #[test]
    fn lost_events_mean_reading_everything() {
        let mut e = Event::new(EventKind::Other);
        e = e.set_flag(notify::event::Flag::Rescan);
        let got = changes(
            Path::new("/r"),
            None,
            &[DebouncedEvent::new(e, Instant::now())],
        );
        assert_eq!(got, [Change::rescan()]);
    }
}
