//! Where long addresses may break. A web or e-mail address on a phone or
//! under a QR code must not break mid-word ("rodakorset.inv / alid"); the
//! template filter `breaks` escapes it and offers a line break (`<wbr>`)
//! only after `/`, `.` and `@`. The CSS keeps it from breaking elsewhere.

use std::borrow::Cow;

/// `s` escaped for HTML, with `<wbr>` after every `/`, `.` and `@` that
/// has text after it (not inside `//`).
pub(crate) fn breakable(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
        if matches!(c, '/' | '.' | '@')
            && chars
                .peek()
                .is_some_and(|n| *n != '/' && !n.is_whitespace())
        {
            out.push_str("<wbr>");
        }
    }
    out
}

/// The Tera filter: `{{ url | breaks }}` (its result is marked safe).
pub fn filter(value: Cow<'_, str>, _: tera::Kwargs, _: &tera::State<'_>) -> tera::Value {
    tera::Value::safe_string(&breakable(&value))
}

#[cfg(test)]
mod tests {
    use super::breakable;

    #[test]
    fn breaks_only_after_slash_dot_and_at() {
        assert_eq!(
            breakable("https://kartlaggning.example.org/norrbacka/residents.html"),
            "https://<wbr>kartlaggning.<wbr>example.<wbr>org/<wbr>norrbacka/<wbr>residents.<wbr>html"
        );
        assert_eq!(
            breakable("norrbacka@ekby.rodakorset.invalid"),
            "norrbacka@<wbr>ekby.<wbr>rodakorset.<wbr>invalid"
        );
        assert_eq!(breakable("a/\"<b>"), "a/<wbr>&quot;&lt;b&gt;");
        assert_eq!(breakable("slut."), "slut.");
    }
}
