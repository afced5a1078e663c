//! Entry points for the cargo-fuzz targets in `fuzz/` (see
//! docs/fuzzing.md). Not a stable API: thin wrappers around functions
//! that are private to their module.

use std::path::Path;

use crate::config::Settings;
use crate::error::Diagnostic;
use crate::model::Page;

/// Read one page as `load` does: decode the bytes, split off the front
/// matter, parse it and find the title. `rel` is the path from the report
/// root (`content/<phase>/<name>.md`).
pub fn load_page(
    rel: &Path,
    bytes: &[u8],
    settings: &Settings,
) -> Result<Option<Page>, Diagnostic> {
    let in_content = rel.strip_prefix(crate::load::CONTENT_DIR).unwrap_or(rel);
    crate::load::load_page(rel, in_content, bytes, settings)
}

/// A report kept in memory for the whole-page fuzz target: each input
/// replaces the text of one page, and the site is checked, rendered and
/// passed through the exit gate as a public build would.
pub struct WholeSite {
    settings: Settings,
    theme: crate::render::theme::Theme,
    report: crate::model::Report,
}

/// A valid Swedish personnummer the whole-page target plants in every
/// page it builds; it must never reach a published file.
pub const PLANTED: &str = "850101-1236";

impl WholeSite {
    /// Load the report at `root` (the bundled example for the target).
    pub fn load(root: &Path) -> Result<WholeSite, crate::error::Diagnostics> {
        let settings = crate::config::load_config(root)?;
        let files = crate::load::theme::load_theme(root, &settings.config.build.theme)?;
        let theme = crate::render::theme::Theme::compile(
            &files,
            settings.language(),
            &settings.config.book.languages,
        )?;
        let report =
            crate::load::load(root, &settings, crate::load::LoadOptions { drafts: false })?;
        Ok(WholeSite {
            settings,
            theme,
            report,
        })
    }

    /// Build the site for the public with `body` added to the text of the
    /// page at `url` (raw HTML allowed with `raw_html`): the files the gate
    /// lets through, or the errors that stop the build.
    pub fn build_with(
        &self,
        url: &str,
        body: &str,
        raw_html: bool,
    ) -> Result<Vec<crate::render::OutFile>, crate::error::Diagnostics> {
        use crate::config::Audience;
        let mut report = self.report.clone();
        if let Some(p) = report.pages.iter_mut().find(|p| p.url == url) {
            // Added at the end: other pages link to the page's headings.
            p.body.push_str("\n\n");
            p.body.push_str(body);
        }
        let mut settings = self.settings.clone();
        settings.config.build.allow_raw_html = raw_html;
        let mut diags = crate::check::check(&report, &settings, Audience::Public);
        if diags.has_errors() {
            return Err(diags);
        }
        let (visible, hidden) =
            report.into_audience(Audience::Public, settings.config.build.default_audience);
        let input = crate::render::RenderInput {
            report: &visible,
            settings: &settings,
            theme: &self.theme,
            audience: Audience::Public,
            hidden_pages: hidden.into_iter().collect(),
        };
        let site = crate::render::render_site(&input)?;
        let gate = crate::gate::Gate::for_input(&input);
        let (files, found) = crate::gate::pass_all(&gate, site.files, true);
        diags.0.extend(found);
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(files)
    }
}

/// The whole-page property: no published file holds [`PLANTED`] (as
/// bytes, after entity and percent decoding, NFKC, with invisible
/// characters and separators removed) or a URL attribute a browser would
/// run as script.
pub fn check_published(files: &[crate::render::OutFile]) {
    use crate::gate::text::{decode_entities, decode_percent, normalise};
    let digits: String = PLANTED.chars().filter(char::is_ascii_digit).collect();
    for f in files {
        let raw = String::from_utf8_lossy(&f.bytes);
        let decoded = decode_percent(&decode_entities(&raw)).into_owned();
        let norm = normalise(&decoded);
        let squeezed: String = norm
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '/' | '(' | ')' | '_' | '*' | '+'))
            .collect();
        for (view, text) in [
            ("bytes", raw.as_ref()),
            ("decoded", &decoded),
            ("read", &squeezed),
        ] {
            assert!(
                !text.contains(PLANTED) && !text.contains(&digits),
                "the planted personnummer reached {} ({view})",
                f.url
            );
        }
        if f.url.ends_with(".html") || f.url.ends_with(".svg") {
            for (attr, value) in url_attributes(&raw) {
                let seen: String = decode_percent(&decode_entities(&value))
                    .trim_start_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(
                        !seen.starts_with(scheme),
                        "a {scheme} URL in `{attr}` of {}",
                        f.url
                    );
                }
            }
        }
    }
}

/// `(attribute, value)` of every `href`, `src`, `action`, `formaction`,
/// `poster` and `xlink:href` inside a tag, read independently of the
/// gate's own reader.
fn url_attributes(html: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(
        r#"(?is)<[a-z][^>]*?\s(href|src|action|formaction|poster|xlink:href|data)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#,
    )
    .expect("valid regex");
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = re.captures_at(html, at) {
        let (Some(all), Some(a), Some(v)) = (c.get(0), c.get(1), c.get(2)) else {
            break;
        };
        out.push((
            a.as_str().to_ascii_lowercase(),
            v.as_str().trim_matches(['"', '\'']).to_string(),
        ));
        // Go on from the value, so several attributes of a tag are read.
        at = v.end().max(all.start() + 1);
    }
    out
}

/// One input of the whole-page target: the first byte picks raw HTML and
/// how [`PLANTED`] is written (plain, en dash, `&#45;`, no-break space,
/// zero-width space, full-width digits, split by emphasis, soft hyphen),
/// the second where in the text it goes; the rest is the page text.
pub fn whole_page_input(bytes: &[u8]) -> Option<(String, bool)> {
    let (&sel, rest) = bytes.split_first()?;
    let (&place, rest) = rest.split_first().unwrap_or((&0, &[]));
    let text = String::from_utf8_lossy(rest).replace('\r', "");
    let (date, tail) = PLANTED.split_once('-')?;
    let planted = match (sel >> 1) % 8 {
        0 => PLANTED.to_string(),
        1 => format!("{date}–{tail}"),
        2 => format!("{date}&#45;{tail}"),
        3 => format!("{date}\u{a0}{tail}"),
        4 => format!("{date}\u{200b}-{tail}"),
        5 => PLANTED
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0xFF10 + d).unwrap_or(c),
                None => c,
            })
            .collect(),
        6 => format!("{}_{}_-{tail}", &date[..2], &date[2..]),
        _ => format!("{date}\u{ad}{tail}"),
    };
    let mut at = (usize::from(place) * text.len()) / 256;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    Some((
        format!("{} {planted} {}", &text[..at], &text[at..]),
        sel & 1 == 1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole-page target over a few inputs (the fuzz crate is built
    /// only with cargo-fuzz): every planted form is caught.
    #[test]
    fn whole_page_target_runs() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = WholeSite::load(root).expect("the example loads");
        let mut built = 0;
        for sel in 0u8..16 {
            for (place, text) in [
                (
                    0u8,
                    "Ett stycke.\n\n<a href=\"../javascript:alert(1)\">x</a>\n",
                ),
                (
                    255,
                    "Text *med* _betoning_ och <img src=\"data:text/html,x\" alt=\"\">.\n",
                ),
            ]
            .into_iter()
            .skip(usize::from(sel % 2))
            .take(1)
            {
                let mut bytes = vec![sel, place];
                bytes.extend_from_slice(text.as_bytes());
                let (body, raw) = whole_page_input(&bytes).expect("an input");
                match site.build_with("kartlaggning/statistik.html", &body, raw) {
                    Ok(files) => {
                        check_published(&files);
                        built += 1;
                    }
                    Err(d) => assert!(d.has_errors()),
                }
            }
        }
        // Without the planted number the page builds and passes.
        let files = site
            .build_with(
                "kartlaggning/statistik.html",
                "<a href=\"javascript:alert(1)\">x</a>",
                true,
            )
            .expect("builds");
        check_published(&files);
        assert!(files.iter().any(|f| f.url == "kartlaggning/statistik.html"));
        // Every planted form was refused: none of the builds passed.
        assert_eq!(built, 0, "a build with the planted number passed the gate");
    }
}
