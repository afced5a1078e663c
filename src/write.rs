//! `write`: put the built site on disk atomically. The new site is written
//! into a temporary folder beside the output and swapped in only when it is
//! complete, so a failed or killed build never damages the previous output.

use std::io;
use std::path::{Path, PathBuf};

use crate::render::OutFile;

/// Marks a folder as kartsite output, so it may be replaced.
pub const MARKER: &str = ".kartsite";
const MARKER_TEXT: &str = "This folder is written by kartsite build and replaced on every build.\n";

const TMP_TAG: &str = ".kartsite-tmp-";
const OLD_TAG: &str = ".kartsite-old-";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0} exists and is not a folder kartsite made; refusing to replace it")]
    NotOurs(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("cannot write {out}: {file} is a file, not a folder")]
    FileInTheWay { out: PathBuf, file: PathBuf },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Write `files` as the complete content of `out_dir`.
pub fn write_site(out_dir: &Path, files: &[OutFile]) -> Result<(), WriteError> {
    let mut staging = Staging::begin(out_dir)?;
    for f in files {
        staging.put(f.clone());
    }
    staging.commit()
}

/// A new output being written into a temporary folder beside `out_dir`
/// by a writer thread, so rendering goes on while files are written; the
/// build holds only the files in flight. [`Staging::commit`] swaps it in;
/// dropping it without committing removes the temporary folder and leaves
/// the previous output as it was.
pub struct Staging {
    tmp: PathBuf,
    out_dir: PathBuf,
    old: PathBuf,
    tx: Option<std::sync::mpsc::SyncSender<Msg>>,
    writer: Option<std::thread::JoinHandle<Result<(), WriteError>>>,
    committed: bool,
}

enum Msg {
    File(OutFile),
    /// Bytes appended to a file opened by the first of them.
    Append(String, Vec<u8>),
}

/// Files queued for the writer thread at most.
const IN_FLIGHT: usize = 256;

impl Staging {
    /// Check that `out_dir` may be replaced, clean leftovers of killed
    /// builds, and start writing into a new temporary folder.
    pub(crate) fn begin(out_dir: &Path) -> Result<Staging, WriteError> {
        let name = out_dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // A file where a folder of the path should be.
        if let Some(file) = out_dir
            .ancestors()
            .find(|a| !a.as_os_str().is_empty() && std::fs::metadata(a).is_ok_and(|m| !m.is_dir()))
        {
            return Err(WriteError::FileInTheWay {
                out: out_dir.to_path_buf(),
                file: file.to_path_buf(),
            });
        }
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        if out_dir.exists() && !is_ours(out_dir) {
            return Err(WriteError::NotOurs(out_dir.to_path_buf()));
        }
        clean_leftovers(&parent, &name);
        let id = std::process::id();
        let tmp = parent.join(format!(".{name}{TMP_TAG}{id}"));
        std::fs::create_dir_all(&tmp).map_err(io_err(&tmp))?;
        let mut staging = Staging {
            tmp: tmp.clone(),
            out_dir: out_dir.to_path_buf(),
            old: parent.join(format!(".{name}{OLD_TAG}{id}")),
            tx: None,
            writer: None,
            committed: false,
        };
        std::fs::write(tmp.join(MARKER), MARKER_TEXT).map_err(io_err(&tmp))?;
        let previous = out_dir.is_dir().then(|| out_dir.to_path_buf());
        let (tx, rx) = std::sync::mpsc::sync_channel::<Msg>(IN_FLIGHT);
        let writer = std::thread::Builder::new()
            .name("kartsite-write".into())
            .spawn(move || write_from(&tmp, previous.as_deref(), &rx))
            .map_err(io_err(out_dir))?;
        staging.tx = Some(tx);
        staging.writer = Some(writer);
        Ok(staging)
    }

    /// Queue one file.
    pub fn put(&mut self, file: OutFile) {
        if let Some(tx) = &self.tx {
            // A writer that stopped has an error to report at `commit`.
            let _ = tx.send(Msg::File(file));
        }
    }

    /// Queue bytes to append to the file at `url` (created by the first).
    pub fn append(&mut self, url: &str, bytes: Vec<u8>) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Msg::Append(url.to_string(), bytes));
        }
    }

    /// Wait for every file to be written, then swap the new output in.
    pub(crate) fn commit(mut self) -> Result<(), WriteError> {
        self.finish_writing()?;
        swap(&self.tmp, &self.out_dir, &self.old)?;
        self.committed = true;
        Ok(())
    }

    fn finish_writing(&mut self) -> Result<(), WriteError> {
        drop(self.tx.take());
        match self.writer.take().map(std::thread::JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(WriteError::Io {
                path: self.tmp.clone(),
                source: io::Error::other("the writer thread stopped"),
            }),
            None => Ok(()),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.finish_writing();
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

impl crate::render::Sink for Staging {
    fn file(&mut self, file: OutFile) {
        self.put(file);
    }

    fn append(&mut self, url: &str, bytes: Vec<u8>) {
        Staging::append(self, url, bytes);
    }
}

/// The writer thread: write what arrives into `dir`. A file whose bytes
/// equal the same file in the `previous` output is hard-linked from there
/// instead of written: unchanged files are not rewritten, keep their
/// timestamps (cheap to copy to an intranet), and the build avoids creating
/// thousands of new inodes.
fn write_from(
    dir: &Path,
    previous: Option<&Path>,
    rx: &std::sync::mpsc::Receiver<Msg>,
) -> Result<(), WriteError> {
    let mut made: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut mkdir = |path: &Path| -> Result<(), WriteError> {
        if let Some(p) = path.parent()
            && !made.contains(p)
        {
            std::fs::create_dir_all(p).map_err(io_err(p))?;
            made.insert(p.to_path_buf());
        }
        Ok(())
    };
    let mut open: Option<(String, std::io::BufWriter<std::fs::File>)> = None;
    for msg in rx {
        match msg {
            Msg::File(f) => {
                let path = dir.join(&f.url);
                mkdir(&path)?;
                if let Some(prev) = previous.map(|d| d.join(&f.url))
                    && unchanged(&prev, &f.bytes)
                    && std::fs::hard_link(&prev, &path).is_ok()
                {
                    continue;
                }
                std::fs::write(&path, &f.bytes).map_err(io_err(&path))?;
            }
            Msg::Append(url, bytes) => {
                use std::io::Write;
                if open.as_ref().is_none_or(|(u, _)| *u != url) {
                    let path = dir.join(&url);
                    mkdir(&path)?;
                    let file = std::fs::File::create(&path).map_err(io_err(&path))?;
                    open = Some((
                        url.clone(),
                        std::io::BufWriter::with_capacity(1 << 16, file),
                    ));
                }
                if let Some((_, w)) = &mut open {
                    w.write_all(&bytes).map_err(io_err(&dir.join(&url)))?;
                }
            }
        }
    }
    if let Some((url, mut w)) = open {
        use std::io::Write;
        w.flush().map_err(io_err(&dir.join(url)))?;
    }
    Ok(())
}

/// Write `bytes` to `path` through a temporary file beside it, renamed
/// over it when complete: `path` holds either its old bytes or the new
/// ones, never a part, even if the process is killed.
pub(crate) fn write_file_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("not a file name"))?
        .to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}{PART_TAG}"));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The end of the name of a file [`write_file_atomically`] is writing.
pub const PART_TAG: &str = ".kartsite-part";

/// An output folder may be replaced if it is empty or carries our marker.
fn is_ours(dir: &Path) -> bool {
    if !dir.is_dir() {
        return false;
    }
    dir.join(MARKER).is_file()
        || std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
}

/// Remove temporary folders left by a build that was killed.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let tmp = format!(".{name}{TMP_TAG}");
    let old = format!(".{name}{OLD_TAG}");
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        if n.starts_with(&tmp) || n.starts_with(&old) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Whether the file at `path` holds exactly `bytes`.
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

fn swap(tmp: &Path, out: &Path, old: &Path) -> Result<(), WriteError> {
    if out.exists() {
        std::fs::rename(out, old).map_err(io_err(out))?;
        if let Err(e) = std::fs::rename(tmp, out) {
            // Put the previous output back.
            let _ = std::fs::rename(old, out);
            return Err(io_err(out)(e));
        }
        let _ = std::fs::remove_dir_all(old);
    } else {
        std::fs::rename(tmp, out).map_err(io_err(out))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(url: &str, s: &str) -> OutFile {
        OutFile {
            url: url.into(),
            bytes: s.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_previous_output_and_cleans_leftovers() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        write_site(&out, &[f("index.html", "1"), f("a/b.html", "x")]).unwrap();
        std::fs::create_dir(d.path().join(".public.kartsite-tmp-999")).unwrap();
        write_site(&out, &[f("index.html", "2")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "2"
        );
        assert!(!out.join("a/b.html").exists());
        let names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_not_rewritten() {
        use std::os::unix::fs::MetadataExt;
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        write_site(&out, &[f("same.html", "a"), f("changed.html", "b")]).unwrap();
        let ino = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let (same, changed) = (ino("same.html"), ino("changed.html"));
        write_site(&out, &[f("same.html", "a"), f("changed.html", "c")]).unwrap();
        assert_eq!(ino("same.html"), same, "an unchanged file keeps its inode");
        assert_ne!(ino("changed.html"), changed);
        assert_eq!(
            std::fs::read_to_string(out.join("changed.html")).unwrap(),
            "c"
        );
        assert_eq!(
            std::fs::metadata(out.join("same.html")).unwrap().nlink(),
            1,
            "the old output is gone"
        );
    }

    #[test]
    fn refuses_to_replace_a_foreign_folder() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("src");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("main.rs"), "fn main() {}").unwrap();
        assert!(matches!(
            write_site(&out, &[f("index.html", "1")]),
            Err(WriteError::NotOurs(_))
        ));
        assert!(out.join("main.rs").exists());
    }
}
