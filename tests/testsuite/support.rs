//! Test helpers: fixture reports in temporary folders, running the binary,
//! reading the output back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_kartsite");

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A report in a temporary folder.
pub struct Fixture {
    tmp: tempfile::TempDir,
    pub root: PathBuf,
}

/// The result of running the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Fixture {
    /// A copy of `tests/fixtures/<name>`.
    pub fn copy(name: &str) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("report");
        copy_dir(&repo().join("tests/fixtures").join(name), &root);
        Fixture { tmp: dir, root }
    }

    /// An empty folder (for `init`).
    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("report");
        Fixture { tmp: dir, root }
    }

    /// A copy of the example report at the repository root: book.toml,
    /// content/ and data/ (the built-in theme is embedded in the binary).
    pub fn example() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("report");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::copy(repo().join("book.toml"), root.join("book.toml")).unwrap();
        for d in ["content", "data"] {
            copy_dir(&repo().join(d), &root.join(d));
        }
        Fixture { tmp: dir, root }
    }

    /// The folder the report's copy lives in (beside the report: a place
    /// for output folders that are not inside it).
    pub fn dir(&self) -> &Path {
        self.tmp.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap();
    }

    /// `kartsite build --root <root> <args>`; without `--audience` the
    /// internal version, and without `-o` into [`Fixture::out`] (the tests
    /// written before the default became the public version into public/,
    /// the internal one into internal/).
    pub fn build(&self, args: &[&str]) -> Run {
        let has = |flag: &str| {
            args.iter()
                .any(|a| *a == flag || a.starts_with(&format!("{flag}=")))
        };
        let mut b = self.builder().args(args);
        b.audience = (!has("--audience")).then_some("internal");
        if has("-o") || has("--output-dir") {
            b.out = None;
        }
        b.run()
    }

    /// A build of this report, set up by chained calls and run with
    /// [`Build::run`]: `f.builder().audience("public").run()`. By default
    /// the internal version into [`Fixture::out`], `--audience` and `-o`
    /// always given.
    pub fn builder(&self) -> Build<'_> {
        Build {
            fixture: self,
            audience: Some("internal"),
            out: Some(self.out()),
            args: Vec::new(),
        }
    }

    /// [`Fixture::builder`] for `audience` (`public` or `internal`).
    pub fn audience(&self, audience: &'static str) -> Build<'_> {
        self.builder().audience(audience)
    }

    pub fn out(&self) -> PathBuf {
        self.path("public")
    }
}

/// A build being set up: see [`Fixture::builder`].
pub struct Build<'f> {
    fixture: &'f Fixture,
    /// `--audience`, if given.
    audience: Option<&'static str>,
    /// `-o`, if given.
    out: Option<PathBuf>,
    args: Vec<String>,
}

impl Build<'_> {
    /// `--audience <audience>`.
    pub fn audience(mut self, audience: &'static str) -> Self {
        self.audience = Some(audience);
        self
    }

    /// `-o <out>` (instead of [`Fixture::out`]).
    pub fn out(mut self, out: impl Into<PathBuf>) -> Self {
        self.out = Some(out.into());
        self
    }

    /// More arguments, as given.
    pub fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| (*a).to_string()));
        self
    }

    /// Run `kartsite build --root <root>` with what was set up. Into
    /// [`Fixture::out`] (these tests' scratch folder for either audience),
    /// a build of the other audience is removed first: kartsite itself
    /// refuses to build one audience over the other.
    pub fn run(self) -> Run {
        let mut all: Vec<String> = vec!["build".into(), "--root".into()];
        all.push(self.fixture.root.to_string_lossy().into_owned());
        all.extend(self.args.iter().cloned());
        if let Some(a) = self.audience {
            all.extend(["--audience".into(), a.into()]);
        }
        if let Some(out) = &self.out {
            all.extend(["-o".into(), out.to_string_lossy().into_owned()]);
            if *out == self.fixture.out() {
                let internal = all.windows(2).any(|w| w == ["--audience", "internal"])
                    || all.iter().any(|a| a == "--audience=internal");
                let wanted = if internal { "internal" } else { "public" };
                let info = std::fs::read_to_string(out.join("build.json")).unwrap_or_default();
                if info.contains("\"audience\"")
                    && !info.contains(&format!("\"audience\": \"{wanted}\""))
                {
                    std::fs::remove_dir_all(out).unwrap();
                }
            }
        }
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        run(&all, &self.fixture.root)
    }

    /// [`Build::run`], which must succeed.
    #[track_caller]
    pub fn ok(self) -> Run {
        let r = self.run();
        r.ok();
        r
    }
}

pub fn run(args: &[&str], cwd: &Path) -> Run {
    let cwd = if cwd.exists() {
        cwd
    } else {
        cwd.parent().unwrap()
    };
    // The tests read English messages (a test that reads another
    // language passes --lang, which wins).
    let out = Command::new(BIN)
        .env("KARTSITE_LANG", "en")
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Run {
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file below `dir`, by relative path with `/`.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            m.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    m
}

pub fn read(p: impl AsRef<Path>) -> String {
    std::fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

/// The values of `attr="…"` attributes in `html`.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out
}

/// Decode the QR code in an inline SVG made by kartsite: rasterise its
/// path of module runs (`M x y h w v1 h-w z`) and read it with rqrr.
pub fn decode_qr(svg: &str) -> String {
    let vb = svg.split("viewBox=\"0 0 ").nth(1).expect("viewBox");
    let size: usize = vb.split(' ').next().unwrap().parse().unwrap();
    let d = svg
        .split(" d=\"")
        .nth(1)
        .expect("path")
        .split('"')
        .next()
        .unwrap();
    let scale = 4;
    let w = size * scale;
    let mut img = vec![255u8; w * w];
    for seg in d.split('M').filter(|s| !s.is_empty()) {
        let (xy, rest) = seg.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let run: usize = rest.split('v').next().unwrap().parse().unwrap();
        for px in x * scale..(x + run) * scale {
            for py in y * scale..(y + 1) * scale {
                img[py * w + px] = 0;
            }
        }
    }
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, w, |x, y| img[y * w + x]);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "expected one QR code");
    grids[0].decode().expect("decodable").1
}

/// A hash of every file below `dir`, by relative path with `/`: enough to
/// tell whether any byte of a built site changed.
pub fn hashes(dir: &Path) -> BTreeMap<String, u64> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    read_tree(dir)
        .into_iter()
        .map(|(k, v)| {
            let mut h = DefaultHasher::new();
            v.hash(&mut h);
            (k, h.finish())
        })
        .collect()
}

/// The end of the name of a temporary file `publish` writes before it is
/// renamed into place.
pub const PART_TAG: &str = ".kartsite-part";

/// `text` with the paths that change from run to run made stable: the
/// report folder `root` becomes `[REPORT]`, its temporary parent and any
/// other temporary folder `[TMP]`.
pub fn stable(text: &str, root: &Path) -> String {
    let mut s = text.replace(&root.to_string_lossy().into_owned(), "[REPORT]");
    if let Some(parent) = root.parent() {
        s = s.replace(&parent.to_string_lossy().into_owned(), "[TMP]");
    }
    // Other temporary folders (tempfile names them `.tmp` and six
    // characters).
    let tmp = std::env::temp_dir()
        .join(".tmp")
        .to_string_lossy()
        .into_owned();
    while let Some(i) = s.find(&tmp) {
        let end = s[i + tmp.len()..]
            .char_indices()
            .find(|(_, c)| !c.is_ascii_alphanumeric())
            .map_or(s.len(), |(n, _)| i + tmp.len() + n);
        s.replace_range(i..end, "[TMP]");
    }
    s
}

/// Snapshot the whole stderr of a failed run (made stable with
/// [`stable`]) under the running test's name, so that every message and
/// every hint of an error case is checked. A test that snapshots twice gets
/// `-2`, `-3`, … after its name.
#[track_caller]
pub fn stderr_snapshot(f: &Fixture, r: &Run) {
    stderr_snapshot_at(&f.root, r.code, &r.stderr);
}

/// [`stderr_snapshot`] of a run over the report at `root`.
#[track_caller]
pub fn stderr_snapshot_at(root: &Path, code: i32, stderr: &str) {
    use std::cell::RefCell;
    thread_local! {
        static SEEN: RefCell<BTreeMap<String, usize>> = const { RefCell::new(BTreeMap::new()) };
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .replace("::", "__");
    let n = SEEN.with(|s| {
        let mut s = s.borrow_mut();
        let n = s.entry(test.clone()).or_insert(0);
        *n += 1;
        *n
    });
    let name = if n == 1 {
        format!("{test}__stderr")
    } else {
        format!("{test}__stderr-{n}")
    };
    let text = format!("exit code: {code}\n{}", stable(stderr, root));
    insta::with_settings!({ prepend_module_to_snapshot => false, snapshot_path => "snapshots/stderr" }, {
        insta::assert_snapshot!(name, text);
    });
}
