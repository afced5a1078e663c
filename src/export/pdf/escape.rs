//! Text into Typst source: markup text escaped character by character,
//! string literals for URLs and alt texts.

use super::world::{has_glyph, is_invisible};

/// The character shown for one the built-in fonts lack (an emoji, a
/// script they do not cover): PDF/UA forbids text without a glyph.
pub(crate) const MISSING_GLYPH: char = '□';

/// Escape text for Typst markup: whitespace runs become one space, every
/// ASCII punctuation character is escaped with a backslash, a character
/// the fonts lack becomes [`MISSING_GLYPH`].
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            space = true;
            continue;
        }
        let c = if c.is_ascii() || is_invisible(c) || has_glyph(c) {
            c
        } else {
            MISSING_GLYPH
        };
        if space {
            out.push(' ');
            space = false;
        }
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    out
}

/// A Typst string literal holding `s`.
pub(crate) fn string_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_markup_character() {
        let out =
            escape_text("#set page(fill: red) ] [x] *b* _i_ $m$ <l> @r = - + / ~ ` \\ \" ' //c");
        for c in [
            '#', ']', '[', '*', '_', '$', '<', '>', '@', '=', '-', '+', '/', '~', '`', '\\',
        ] {
            let unescaped = out
                .char_indices()
                .filter(|(_, ch)| *ch == c)
                .any(|(i, _)| i == 0 || out.as_bytes()[i - 1] != b'\\');
            // A backslash escaping the next character is itself escaped only
            // when it was text; check pairs instead for it.
            if c != '\\' {
                assert!(!unescaped, "{c} left unescaped in {out}");
            }
        }
        assert_eq!(escape_text("a\n  b"), "a b");
        assert_eq!(string_literal("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
