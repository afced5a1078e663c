//! The files beside the pages that say what a build is and who may index
//! it: `robots.txt` (internal builds disallow everything; public builds
//! with `base_url` name their sitemap), `sitemap.xml` (public builds with
//! `base_url`) and `build.json` (audience, kartsite version, a hash of the
//! inputs, when the report was last updated). Also where each audience is
//! written by default, and the check that an output folder holding one
//! audience is never overwritten by the other.

use std::path::{Component, Path, PathBuf};

use sha2::Digest;

use crate::config::{Audience, Settings};
use crate::error::Diagnostic;
use crate::render::OutFile;

/// Records the build in every output folder.
pub const BUILD_INFO: &str = "build.json";
pub const ROBOTS: &str = "robots.txt";
pub const SITEMAP: &str = "sitemap.xml";

/// `[build] output_dir` for the public version, `internal_output_dir` for
/// the internal one (relative to the report).
pub(crate) fn default_dir(settings: &Settings, audience: Audience) -> &Path {
    match audience {
        Audience::Public => &settings.config.build.output_dir,
        Audience::Internal => &settings.config.build.internal_output_dir,
    }
}

/// A hex SHA-256 of every file a build reads: book.toml and the files
/// under content/, data/, static/ and themes/, by path and bytes, in path
/// order. The same report gives the same hash on every machine.
pub(crate) fn input_hash(root: &Path) -> String {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let book = root.join(crate::config::CONFIG_FILE);
    files.push((crate::config::CONFIG_FILE.into(), book));
    for dir in [
        crate::paths::CONTENT_DIR,
        crate::paths::DATA_DIR,
        crate::paths::STATIC_DIR,
        crate::paths::THEMES_DIR,
    ] {
        for e in walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            let rel = e.path().strip_prefix(root).unwrap_or(e.path());
            files.push((slash_path(rel), e.path().to_path_buf()));
        }
    }
    files.sort();
    let mut h = sha2::Sha256::new();
    for (name, path) in &files {
        let bytes = std::fs::read(path).unwrap_or_default();
        h.update(name.as_bytes());
        h.update([0]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A relative path with `/` between its parts, on every system.
pub(crate) fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a build adds beside its pages. `pages` are the site-relative URLs
/// of the HTML pages written.
pub(crate) fn extra_files(
    settings: &Settings,
    audience: Audience,
    pages: &[String],
    inputs: &str,
    updated: Option<&str>,
) -> Vec<OutFile> {
    let mut out = Vec::new();
    let base = settings
        .config
        .build
        .base_url
        .as_ref()
        .map(|b| format!("{}/", b.trim_end_matches('/')));
    match (audience, &base) {
        (Audience::Internal, _) => out.push(file(ROBOTS, "User-agent: *\nDisallow: /\n")),
        (Audience::Public, Some(base)) => {
            out.push(file(
                ROBOTS,
                &format!("User-agent: *\nAllow: /\nSitemap: {base}{SITEMAP}\n"),
            ));
            let mut urls: Vec<&String> = pages
                .iter()
                // Not the 404 page, nor the old names that lead on.
                .filter(|u| {
                    u.ends_with(".html")
                        && *u != "404.html"
                        && !crate::paths::OLD_NAMES.iter().any(|(old, _)| old == u)
                })
                .collect();
            urls.sort();
            urls.dedup();
            let mut xml = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for u in urls {
                xml.push_str("<url><loc>");
                xml.push_str(&xml_escape(&format!("{base}{u}")));
                xml.push_str("</loc>");
                if let Some(d) = updated {
                    xml.push_str(&format!("<lastmod>{}</lastmod>", xml_escape(d)));
                }
                xml.push_str("</url>\n");
            }
            xml.push_str("</urlset>\n");
            out.push(file(SITEMAP, &xml));
        }
        (Audience::Public, None) => {}
    }
    let info = serde_json::json!({
        "generator": "kartsite",
        "version": env!("CARGO_PKG_VERSION"),
        "audience": audience.as_str(),
        "inputs_sha256": inputs,
        "updated": updated,
    });
    let mut json = serde_json::to_string_pretty(&info).unwrap_or_default();
    json.push('\n');
    out.push(file(BUILD_INFO, &json));
    out
}

fn file(url: &str, text: &str) -> OutFile {
    OutFile {
        url: url.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The audience recorded in the `build.json` of `dir`, if any.
pub(crate) fn recorded_audience(dir: &Path) -> Option<Audience> {
    let text = std::fs::read_to_string(dir.join(BUILD_INFO)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    match v.get("audience")?.as_str()? {
        "public" => Some(Audience::Public),
        "internal" => Some(Audience::Internal),
        _ => None,
    }
}

/// `p` made absolute against the current folder, with `.` and `..`
/// resolved without touching the disk.
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Refuse to write `audience` into `out` when `out` holds the other
/// audience's build: one slip must not put the internal version where the
/// public one is published (or the other way round).
pub(crate) fn check_audience_folder(
    root: &Path,
    settings: &Settings,
    audience: Audience,
    out: &Path,
) -> Result<(), Diagnostic> {
    let other = match audience {
        Audience::Public => Audience::Internal,
        Audience::Internal => Audience::Public,
    };
    if recorded_audience(out) != Some(other) {
        return Ok(());
    }
    let own_dir = root.join(default_dir(settings, audience));
    let why = format!(
        "{} holds the {} version; this is a build of the {} version",
        out.display(),
        other.as_str(),
        audience.as_str()
    );
    let hint = if absolute(&own_dir) == absolute(out) {
        format!(
            "delete {} yourself if the {} version there is no longer needed",
            out.display(),
            other.as_str()
        )
    } else {
        format!(
            "build the {} version into {} (leave out --output-dir), or delete {} yourself if it is no longer needed",
            audience.as_str(),
            own_dir.display(),
            out.display()
        )
    };
    Err(Diagnostic::error("audience-folder", out, why).hint(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(extra: &str) -> Settings {
        crate::config::parse_config(&format!("[book]\ntitle = \"T\"\n{extra}")).unwrap()
    }

    #[test]
    fn internal_builds_disallow_robots_and_record_their_audience() {
        let s = settings("[build]\nbase_url = \"https://x.example/r\"\n");
        let files = extra_files(&s, Audience::Internal, &["index.html".into()], "ab", None);
        let urls: Vec<_> = files.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(urls, [ROBOTS, BUILD_INFO]);
        assert_eq!(files[0].bytes, b"User-agent: *\nDisallow: /\n");
        let info = String::from_utf8(files[1].bytes.clone()).unwrap();
        assert!(info.contains("\"audience\": \"internal\""), "{info}");
        assert!(info.contains("\"inputs_sha256\": \"ab\""), "{info}");
        assert!(info.contains(env!("CARGO_PKG_VERSION")), "{info}");
    }

    #[test]
    fn public_builds_with_base_url_get_a_sitemap() {
        let s = settings("[build]\nbase_url = \"https://x.example/r\"\n");
        let pages = [
            "index.html".to_string(),
            "404.html".into(),
            "a&b.html".into(),
            "style.css".into(),
        ];
        let files = extra_files(&s, Audience::Public, &pages, "ab", Some("2026-03-14"));
        let map = String::from_utf8(files[1].bytes.clone()).unwrap();
        assert_eq!(files[1].url, SITEMAP);
        assert!(
            map.contains("<loc>https://x.example/r/index.html</loc><lastmod>2026-03-14</lastmod>")
        );
        assert!(map.contains("<loc>https://x.example/r/a&amp;b.html</loc>"));
        assert!(!map.contains("404") && !map.contains("style.css"), "{map}");
        let robots = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(robots.contains("Sitemap: https://x.example/r/sitemap.xml"));
        let none = extra_files(&settings(""), Audience::Public, &pages, "ab", None);
        assert_eq!(none.len(), 1, "without base_url only build.json");
    }

    #[test]
    fn input_hash_follows_the_inputs() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
        std::fs::create_dir(d.path().join("content")).unwrap();
        std::fs::write(d.path().join("content/a.md"), "x").unwrap();
        let a = input_hash(d.path());
        assert_eq!(a, input_hash(d.path()));
        assert_eq!(a.len(), 64);
        std::fs::write(d.path().join("content/a.md"), "y").unwrap();
        assert_ne!(a, input_hash(d.path()));
        std::fs::create_dir(d.path().join("public")).unwrap();
        std::fs::write(d.path().join("public/x.html"), "z").unwrap();
        assert_eq!(input_hash(d.path()), input_hash(d.path()));
    }
}
