//! LIX (läsbarhetsindex): words per sentence plus the percentage of long
//! words (more than six letters). Below 30 is very easy, 30–40 easy,
//! 40–50 medium, above 50 hard.

/// The LIX of the text in an HTML fragment, or `None` if it has no words.
pub(crate) fn lix_of_html(html: &str) -> Option<f64> {
    lix(&plain_text(html))
}

/// The LIX of plain text (blank lines end sentences too).
pub(crate) fn lix(text: &str) -> Option<f64> {
    let mut words = 0usize;
    let mut long = 0usize;
    let mut sentences = 0usize;
    let mut open = false;
    for line in text.split('\n') {
        for token in line.split_whitespace() {
            let letters = token.chars().filter(|c| c.is_alphabetic()).count();
            if letters > 0 {
                words += 1;
                open = true;
                if letters > 6 {
                    long += 1;
                }
            }
            if open && token.ends_with(['.', '!', '?', ':']) {
                sentences += 1;
                open = false;
            }
        }
        // A heading, list item or cell without a full stop is a sentence too.
        if open && line.trim().is_empty() {
            sentences += 1;
            open = false;
        }
    }
    if open {
        sentences += 1;
    }
    if words == 0 {
        return None;
    }
    let value = words as f64 / sentences as f64 + long as f64 * 100.0 / words as f64;
    Some((value * 10.0).round() / 10.0)
}

/// Text of an HTML fragment with block ends as blank lines.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&unescape(&rest[..i]));
        let Some(end) = rest[i..].find('>') else {
            break;
        };
        let tag = rest[i + 1..i + end]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "p" | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "dt"
                | "dd"
                | "td"
                | "th"
                | "br"
                | "blockquote"
                | "figcaption"
                | "div"
                | "section"
                | "article"
        ) {
            out.push_str("\n\n");
        } else {
            out.push(' ');
        }
        rest = &rest[i + end + 1..];
    }
    out.push_str(&unescape(rest));
    out
}

/// Text with the entities the site's HTML uses decoded.
pub(crate) fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_texts() {
        // 7 words, 2 sentences, 2 long words ("Biblioteket", "öppettider"):
        // 7 / 2 + 2 * 100 / 7 = 3.5 + 28.57.
        assert_eq!(
            lix("Biblioteket har nya öppettider. Det är bra."),
            Some(32.1)
        );
        // One long sentence of long words.
        let hard =
            "Kommunstyrelsens samordningsfunktion organisationsutvecklade verksamhetsplaneringen.";
        assert_eq!(lix(hard), Some(4.0 + 100.0));
        assert_eq!(lix("   "), None);
    }

    #[test]
    fn html_blocks_end_sentences() {
        let html = "<h2>Trygghet</h2><ul><li>Mer ljus</li><li>Fler vuxna</li></ul><p>Vi hörde er &amp; gör något.</p>";
        // Words: Trygghet, Mer, ljus, Fler, vuxna, Vi, hörde, er, gör, något = 10;
        // sentences: 4; long (>6 letters): Trygghet = 1.
        assert_eq!(lix_of_html(html), Some(2.5 + 10.0));
    }
}
