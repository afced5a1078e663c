//! Splitting a Markdown page into YAML front matter and body.

use std::path::Path;

use crate::error::{Diagnostic, Pos, yaml_error_in};
use crate::load::yaml_options;
use crate::model::FrontMatter;

/// A page split into its parts.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    /// 1-based line on which the body starts.
    pub body_line: u32,
}

/// Split `text` (already LF-normalised) into front matter and body. A page
/// without a leading `---` line has empty front matter.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let Some(rest) = text.strip_prefix("---\n") else {
        if text.trim_end() == "---" {
            return Err(unclosed(file));
        }
        return Ok(Split {
            front: FrontMatter::default(),
            body: text,
            body_line: 1,
        });
    };
    // Find the closing `---` (or `...`) on a line of its own.
    let mut offset = 0;
    for (line, l) in (2u32..).zip(rest.split_inclusive('\n')) {
        let bare = l.trim_end_matches('\n').trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + l.len()..];
            let front = parse_front(file, yaml)?;
            return Ok(Split {
                front,
                body,
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(unclosed(file))
}

fn unclosed(file: &Path) -> Diagnostic {
    Diagnostic::error(
        "front-matter",
        file,
        crate::msg!("load.the-front-matter-starts-with"),
    )
    .at(Some(Pos::new(1, 1)))
    .hint(crate::msg!("load.end-the-front-matter-with"))
}

fn parse_front(file: &Path, yaml: &str) -> Result<FrontMatter, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let mut front: FrontMatter = serde_saphyr::from_str_with_options(yaml, yaml_options())
        .map_err(|e| yaml_error_in(file, yaml, &e, 1))?;
    front.spans = super::spans::map_spans(yaml, 1);
    Ok(front)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split(
            Path::new("a.md"),
            "---\ntitle: Hej\norder: 2\n---\n# Rubrik\n",
        )
        .unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Hej"));
        assert_eq!(s.front.order, Some(2));
        assert_eq!(s.body, "# Rubrik\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn no_front_matter() {
        let s = split(Path::new("a.md"), "# Bara text\n").unwrap();
        assert!(s.front.title.is_none());
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn unknown_key_is_located_in_the_file() {
        let e = split(Path::new("a.md"), "---\ntitle: Hej\ntitel: x\n---\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("titel"), "{e}");
    }

    #[test]
    fn unclosed_front_matter() {
        let e = split(Path::new("a.md"), "---\ntitle: Hej\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }
}
