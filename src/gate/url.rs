//! The URL policy of published files: what a link or a source may point
//! at, read after entity and percent decoding as a browser reads it.
//!
//! Only site-relative paths that stay inside the site, `#…`, `http:`,
//! `https:`, `mailto:` and `tel:` pass. Relative paths are resolved with
//! the existing `render::links::relative` convention (paths with `/`,
//! relative to the folder of the file that holds them).

use super::text::{decode_entities, decode_percent};

/// Why a URL may not be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A scheme other than http(s), mailto and tel (`javascript:`,
    /// `data:`, `vbscript:`, `file:`, …); the scheme in lower case.
    Scheme(String),
    /// `//host/…` or `\\host\share`: another host without a scheme.
    OtherHost,
    /// `/path`: not relative, breaks when the site is moved.
    Absolute,
    /// `../…` past the site's root.
    OutsideSite,
    /// A resource (image, media, frame) loaded from another host.
    Remote,
}

impl Refused {
    /// The reason in words, without the URL itself.
    pub fn describe(&self) -> crate::messages::Msg {
        match self {
            Refused::Scheme(s) => crate::msg!("gate.why.scheme", scheme = s),
            Refused::OtherHost => crate::msg!("gate.why.other-host"),
            Refused::Absolute => crate::msg!("gate.why.absolute"),
            Refused::OutsideSite => crate::msg!("gate.why.outside-site"),
            Refused::Remote => crate::msg!("gate.why.remote"),
        }
    }
}

/// What a URL is, as a browser reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Empty, or only a fragment or query on the same file.
    Same,
    /// A link out: http(s), mailto, tel.
    External { web: bool },
    /// A file of the site: its path from the site's root (decoded,
    /// without query or fragment).
    Site(String),
}

/// The URL as a browser reads it: entities decoded (attribute values in
/// HTML), percent escapes decoded, and tabs, line breaks and other ASCII
/// control characters removed (browsers drop them, so `java&#9;script:`
/// is `javascript:`), leading spaces trimmed.
pub fn as_read(raw: &str) -> std::borrow::Cow<'_, str> {
    // Most URLs (the site's own links) have nothing to decode or drop:
    // read as they are, without a copy.
    // Without short cuts, so that the pass is vectorised.
    if !raw.bytes().fold(false, |any, c| {
        any | (c == b'&') | (c == b'%') | (c <= b' ') | (c >= 0x7F)
    }) {
        return std::borrow::Cow::Borrowed(raw);
    }
    let decoded = decode_entities(raw);
    let decoded = decode_percent(&decoded);
    std::borrow::Cow::Owned(
        decoded
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
            .to_string(),
    )
}

/// Classify `raw` (as written in the file at site path `from`).
pub fn classify(raw: &str, from: &str) -> Result<Target, Refused> {
    let url = as_read(raw);
    let b = url.as_bytes();
    if b.starts_with(b"//") || b.starts_with(b"\\") || b.starts_with(b"/\\") {
        return Err(Refused::OtherHost);
    }
    // A scheme is letters, digits, `+.-` before the first `:` that comes
    // before any `/ ? #`; the path ends at the first `?` or `#`. Most
    // URLs (the site's own paths) have none of `: ? # \`: a vector
    // search tells; the others are read byte by byte.
    let (mut colon, mut path_end, mut backslash) = (None, b.len(), false);
    if memchr::memchr3(b':', b'?', b'#', b).is_some() || memchr::memchr(b'\\', b).is_some() {
        for (i, &c) in b.iter().enumerate() {
            match c {
                b':' if colon.is_none() && path_end == b.len() => colon = Some(i),
                b'?' | b'#' if path_end == b.len() => path_end = i,
                b'/' if colon.is_none() && path_end == b.len() => colon = Some(usize::MAX),
                b'\\' => backslash = true,
                _ => {}
            }
        }
    }
    if let Some(colon) = colon.filter(|&c| c != usize::MAX) {
        let scheme = &url[..colon];
        let is = |name: &str| scheme.eq_ignore_ascii_case(name);
        return if is("http") || is("https") {
            // `https:\\host` and `https:/host` are other hosts too.
            Ok(Target::External { web: true })
        } else if is("mailto") || is("tel") {
            Ok(Target::External { web: false })
        } else {
            Err(Refused::Scheme(
                scheme
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                    .take(20)
                    .collect::<String>()
                    .to_ascii_lowercase(),
            ))
        };
    }
    if b.first() == Some(&b'/') {
        return Err(Refused::Absolute);
    }
    if backslash {
        // Windows paths: `..\\x` is read as `../x` by browsers; `C:\\` has
        // a scheme above. Refuse them as other hosts or files.
        return Err(Refused::OtherHost);
    }
    let path = &url[..path_end];
    if path.is_empty() {
        return Ok(Target::Same);
    }
    let site = resolve(from, path).ok_or(Refused::OutsideSite)?;
    // `../javascript:alert(1)` is a path to a browser, but becomes a
    // script link wherever it is rebased (the print page); no published
    // file has a `:` in its name.
    if memchr::memchr(b':', site.as_bytes()).is_some()
        && let Some(seg) = site.split('/').find(|s| s.contains(':'))
    {
        let scheme = seg.split(':').next().unwrap_or("").to_ascii_lowercase();
        return Err(Refused::Scheme(scheme.chars().take(20).collect()));
    }
    Ok(Target::Site(site))
}

/// `path` relative to the folder of `from`, from the site's root; `None`
/// past the root. The segments of `from` but its last, then those of
/// `path` (`.` and empty ones skipped, `..` taking one back), joined by
/// `/` as they are walked. Byte loops: the paths are short.
fn resolve(from: &str, path: &str) -> Option<String> {
    let mut out = String::with_capacity(from.len() + path.len() + 11);
    // How many segments `out` joins (an empty one counts).
    let mut parts = 0usize;
    let f = from.as_bytes();
    if let Some(slash) = f.iter().rposition(|&c| c == b'/') {
        out.push_str(&from[..slash]);
        parts = 1 + f[..slash].iter().filter(|&&c| c == b'/').count();
    }
    let p = path.as_bytes();
    let mut start = 0;
    loop {
        let end = p[start..]
            .iter()
            .position(|&c| c == b'/')
            .map_or(p.len(), |e| start + e);
        match &p[start..end] {
            b"" | b"." => {}
            b".." => {
                parts = parts.checked_sub(1)?;
                let cut = out.bytes().rposition(|c| c == b'/').unwrap_or(0);
                out.truncate(cut);
            }
            _ => {
                if parts > 0 {
                    out.push('/');
                }
                out.push_str(&path[start..end]);
                parts += 1;
            }
        }
        if end == p.len() {
            break;
        }
        start = end + 1;
    }
    if path.ends_with('/') || path == "." || path.ends_with("/.") || out.is_empty() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str("index.html");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `resolve` walks as `links::walk` does, over every mix of the
    /// segments that matter (empty, `.`, `..`, names).
    #[test]
    fn resolve_walks_as_the_links_module_does() {
        fn reference(from: &str, path: &str) -> Option<String> {
            let mut parts: Vec<&str> = from.split('/').collect();
            parts.pop();
            crate::links::walk(&mut parts, path.split('/'))?;
            let mut out = parts.join("/");
            if path.ends_with('/') || path == "." || path.ends_with("/.") || out.is_empty() {
                if !out.is_empty() {
                    out.push('/');
                }
                out.push_str("index.html");
            }
            Some(out)
        }
        const SEGS: &[&str] = &["a", "bb", "..", ".", "", "x.html"];
        let mut all = vec![String::new()];
        for _ in 0..4 {
            let more: Vec<String> = all
                .iter()
                .flat_map(|p| SEGS.iter().map(move |s| format!("{p}/{s}")))
                .collect();
            all.extend(more);
        }
        for from in all.iter().map(|p| p.trim_start_matches('/')).take(150) {
            for path in &all {
                for path in [path.as_str(), path.trim_start_matches('/')] {
                    assert_eq!(
                        resolve(from, path),
                        reference(from, path),
                        "{from:?} {path:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn script_urls_are_refused_however_written() {
        for raw in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java&#x09;script:alert(1)",
            "javascript&colon;alert(1)",
            "&#106;avascript:alert(1)",
            "java%73cript:alert(1)",
            "%6A%61%76%61%73%63%72%69%70%74%3Aalert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
        ] {
            assert!(
                matches!(classify(raw, "a/b.html"), Err(Refused::Scheme(_))),
                "{raw}"
            );
        }
    }

    #[test]
    fn other_hosts_and_escapes_from_the_site() {
        assert_eq!(
            classify("//evil.example/x.png", "a.html"),
            Err(Refused::OtherHost)
        );
        assert_eq!(
            classify("\\\\server\\share\\x.png", "a.html"),
            Err(Refused::OtherHost)
        );
        assert_eq!(classify("/etc/passwd", "a.html"), Err(Refused::Absolute));
        assert_eq!(
            classify("../../x.html", "a/b.html"),
            Err(Refused::OutsideSite)
        );
        assert_eq!(
            classify("../javascript:alert(1)", "index.html"),
            Err(Refused::OutsideSite)
        );
        assert_eq!(
            classify("../javascript:alert(1)", "a/b.html"),
            Err(Refused::Scheme("javascript".into()))
        );
    }

    #[test]
    fn site_paths_and_links_out_pass() {
        assert_eq!(classify("", "a.html"), Ok(Target::Same));
        assert_eq!(classify("#x", "a.html"), Ok(Target::Same));
        assert_eq!(
            classify("../bilder/karta%20ny.png?v=1#x", "fas/a.html"),
            Ok(Target::Site("bilder/karta ny.png".into()))
        );
        assert_eq!(
            classify("./", "fas/a.html"),
            Ok(Target::Site("fas/index.html".into()))
        );
        assert_eq!(
            classify("..", "fas/a.html"),
            Ok(Target::Site("index.html".into()))
        );
        assert_eq!(
            classify("https://scb.se", "a.html"),
            Ok(Target::External { web: true })
        );
        assert_eq!(
            classify("mailto:x@y.se", "a.html"),
            Ok(Target::External { web: false })
        );
        assert_eq!(
            classify("tel:+468123", "a.html"),
            Ok(Target::External { web: false })
        );
    }
}
