//! The privacy check of a public PDF. The pages' text comes from the
//! public build's pages (the print page), which already passed the exit
//! gate as published files — read as HTML, cell by cell, so a table of
//! numbers is not taken for a phone number. The PDF adds text of its own:
//! the cover's case-file fields of `[report]`, which no page shows, and the
//! document metadata (authors). Those go through the same privacy
//! detectors and allowlist here, read as the gate reads text (normalised,
//! glued digits split), before anything is laid out.
//!
//! Why the source and not text extracted from the written PDF: typst
//! writes every glyph with its Unicode text (ToUnicode maps, ActualText),
//! so what a reader or program extracts is this text; scanning it here
//! needs no PDF parser in the binary, names the book.toml key or the page
//! a hit comes from, and stops before any file is written. The test suite
//! extracts the written PDF's text (lopdf) and checks it too.

use std::path::Path;

use crate::check::privacy::{self, Hit};
use crate::config::{CONFIG_FILE, Settings};
use crate::error::Diagnostics;
use crate::gate::text::{deglue, normalise};

/// Check the PDF's own fields (`(book.toml key, text)`): an error for each
/// piece of personal data not allowed.
pub(super) fn check(settings: &Settings, fields: &[(&str, &str)]) -> Result<(), Diagnostics> {
    let (allow, _) = privacy::allowlist(settings);
    let mut diags = Diagnostics::default();
    let scan = |text: &str, found: &mut dyn FnMut(&str, &Hit)| {
        let norm = normalise(text);
        let norm = deglue(&norm);
        for h in privacy::scan_text(&norm) {
            if !allow.allows(&norm, &h) {
                found(&norm, &h);
            }
        }
    };
    for (key, text) in fields {
        scan(text, &mut |norm, h| {
            diags.push(privacy::published_hit(
                Path::new(CONFIG_FILE),
                crate::config::key_pos(&settings.source, &format!("{key} ")),
                norm,
                h,
                crate::msg!("privacy.on-the-pdf-cover", key = *key),
            ));
        });
    }
    if diags.0.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_personnummer_in_a_cover_field_is_located_in_book_toml() {
        let settings = crate::config::parse_config(
            "[book]\ntitle = \"T\"\n\n[report]\nauthor = \"Anna, 19811218-9876\"\n",
        )
        .unwrap();
        let e = check(&settings, &[("author", "Anna, 19811218-9876")]).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("book.toml:5:1"), "{text}");
        assert!(text.contains("personnummer"), "{text}");
        assert!(!text.contains("9876"), "the value is masked: {text}");
        assert!(check(&settings, &[("author", "Ekby krets")]).is_ok());
    }
}
