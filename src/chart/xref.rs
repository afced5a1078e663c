//! Cross-references: `@fig-<id>` in a page's text becomes a link to the
//! figure, written "Figur 2" (numbered per page).

/// A piece of text: plain, or a reference to a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'t> {
    Text(&'t str),
    /// `id` is the chart id (without `fig-`).
    Ref(&'t str),
}

const MARK: &str = "@fig-";

/// Split `text` at every `@fig-<id>` that starts a word.
pub fn split(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    // Start of the text not yet emitted, and where to search next.
    let (mut plain_from, mut search_from) = (0, 0);
    while let Some(i) = text[search_from..].find(MARK) {
        let at = search_from + i;
        let before = text[..at].chars().next_back();
        let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let tail = &text[at + MARK.len()..];
        let len = tail
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
            .count();
        let id = tail[..len].trim_end_matches('-');
        if starts_word && !id.is_empty() {
            if at > plain_from {
                out.push(Piece::Text(&text[plain_from..at]));
            }
            out.push(Piece::Ref(id));
            plain_from = at + MARK.len() + id.len();
            search_from = plain_from;
        } else {
            search_from = at + MARK.len();
        }
    }
    if plain_from < text.len() {
        out.push(Piece::Text(&text[plain_from..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references() {
        assert_eq!(
            split("Se @fig-befolkning-alder. Och @fig-trygghet-"),
            vec![
                Piece::Text("Se "),
                Piece::Ref("befolkning-alder"),
                Piece::Text(". Och "),
                Piece::Ref("trygghet"),
                Piece::Text("-"),
            ]
        );
        assert_eq!(split("ingen referens"), vec![Piece::Text("ingen referens")]);
        assert_eq!(
            split("(@fig-a)"),
            vec![Piece::Text("("), Piece::Ref("a"), Piece::Text(")")]
        );
    }

    #[test]
    fn email_like_text_is_not_a_reference() {
        let pieces = split("mejla info@fig-bolaget.se eller @fig-");
        assert!(
            pieces.iter().all(|p| matches!(p, Piece::Text(_))),
            "{pieces:?}"
        );
        let joined: String = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => *t,
                Piece::Ref(_) => "",
            })
            .collect();
        assert_eq!(joined, "mejla info@fig-bolaget.se eller @fig-");
    }
}
