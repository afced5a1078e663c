//! Which files may be published at all: editor backups, temporary and
//! system files never are; a path segment that is not a safe URL segment
//! is an error.

/// Why a file is never published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Never {
    /// An editor backup, a temporary or a system file.
    Backup,
    /// A name that is not a safe URL path segment.
    UnsafeName,
}

/// Whether the file at site path `url` may not be published.
pub fn never_published(url: &str) -> Option<Never> {
    for seg in url.split('/') {
        if !safe_segment(seg) {
            return Some(Never::UnsafeName);
        }
    }
    let name = url.rsplit('/').next().unwrap_or(url);
    backup_name(name).then_some(Never::Backup)
}

/// `x.md~`, `#x.md#`, `x.bak`, `x.swp`, `.x.swp`, `x.tmp`, `~$x.docx`,
/// `.DS_Store`, `Thumbs.db`, `desktop.ini`, and copies of page sources
/// under other endings (`x.md.orig`, `x.yaml.old`).
pub fn backup_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let ends = |e: &str| lower.ends_with(e);
    name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with("~$")
        || name.starts_with(".~lock.")
        || ends(".bak")
        || ends(".swp")
        || ends(".swo")
        || ends(".tmp")
        || ends(".temp")
        || ends(".orig")
        || ends(".old")
        || ends(".rej")
        || ends(".crdownload")
        || ends(".part")
        || matches!(
            lower.as_str(),
            ".ds_store" | "thumbs.db" | "desktop.ini" | "ehthumbs.db"
        )
        || [".md.", ".markdown.", ".yaml.", ".yml.", ".toml."]
            .iter()
            .any(|m| lower.contains(m) && !lower.ends_with(".html"))
}

/// A safe URL path segment: not empty, no leading dot, no `:`, `\`,
/// control characters, or characters Windows refuses in file names.
pub fn safe_segment(seg: &str) -> bool {
    !seg.is_empty()
        && !seg.starts_with('.')
        && !seg
            .chars()
            .any(|c| c.is_control() || matches!(c, ':' | '\\' | '<' | '>' | '"' | '|' | '?' | '*'))
}

/// A safe name for `seg`: the unsafe characters replaced by `-`, a
/// leading dot dropped.
pub fn suggest(seg: &str) -> String {
    let s: String = seg
        .trim_start_matches('.')
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, ':' | '\\' | '<' | '>' | '"' | '|' | '?' | '*') {
                '-'
            } else {
                c
            }
        })
        .collect();
    if s.is_empty() { "namn".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_and_system_files() {
        for n in [
            "nyckelpersoner.yaml~",
            "#sida.md#",
            "sida.md.bak",
            ".sida.md.swp",
            "x.tmp",
            "~$rapport.docx",
            ".DS_Store",
            "Thumbs.db",
            "desktop.ini",
            "sida.md.orig",
            "sida.markdown.txt",
        ] {
            assert!(never_published(&format!("bilder/{n}")).is_some(), "{n}");
        }
        for n in [
            "karta.png",
            "rapport.pdf",
            "data.csv",
            "tabell-2025.xlsx",
            "sida.html",
        ] {
            assert_eq!(never_published(&format!("bilder/{n}")), None, "{n}");
        }
    }

    #[test]
    fn unsafe_names() {
        assert_eq!(
            never_published("javascript:alert(1).html"),
            Some(Never::UnsafeName)
        );
        assert_eq!(never_published("a\\b.html"), Some(Never::UnsafeName));
        assert_eq!(never_published(".git/config"), Some(Never::UnsafeName));
        assert_eq!(suggest("javascript:alert(1)"), "javascript-alert(1)");
    }
}
