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
    _dir: tempfile::TempDir,
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
        Fixture { _dir: dir, root }
    }

    /// An empty folder (for `init`).
    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("report");
        Fixture { _dir: dir, root }
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
        let mut all = vec!["build", "--root"];
        let root = self.root.to_string_lossy().to_string();
        all.push(&root);
        all.extend_from_slice(args);
        let has = |flag: &str| {
            args.iter()
                .any(|a| *a == flag || a.starts_with(&format!("{flag}=")))
        };
        if !has("--audience") {
            all.extend(["--audience", "internal"]);
        }
        let out = self.out().to_string_lossy().to_string();
        if !has("-o") && !has("--output-dir") {
            all.extend(["-o", &out]);
            // public/ is these tests' scratch folder for either audience:
            // a build of the other one is removed first (kartsite itself
            // refuses to build one audience over the other).
            let internal = all.windows(2).any(|w| w == ["--audience", "internal"])
                || all.contains(&"--audience=internal");
            let wanted = if internal { "internal" } else { "public" };
            let info = std::fs::read_to_string(self.out().join("build.json")).unwrap_or_default();
            if info.contains("\"audience\"")
                && !info.contains(&format!("\"audience\": \"{wanted}\""))
            {
                std::fs::remove_dir_all(self.out()).unwrap();
            }
        }
        run(&all, &self.root)
    }

    pub fn out(&self) -> PathBuf {
        self.path("public")
    }
}

pub fn run(args: &[&str], cwd: &Path) -> Run {
    let cwd = if cwd.exists() {
        cwd
    } else {
        cwd.parent().unwrap()
    };
    let out = Command::new(BIN)
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
