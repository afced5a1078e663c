//! CSV injection: a spreadsheet runs a cell that starts with `=`, `+`,
//! `-`, `@`, a tab or a carriage return as a formula. OWASP's advice: put
//! a `'` before such a cell (and quote the field), unless it is a plain
//! number such as `-3,5`.

use std::borrow::Cow;

/// The cell as it may be published in a CSV download.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.chars().next().is_some_and(|c| {
        matches!(
            c,
            '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠'
        )
    });
    // A lone sign is no formula (`-` marks a missing value).
    if !risky || cell.chars().count() == 1 || plain_number(cell) {
        return Cow::Borrowed(cell);
    }
    Cow::Owned(format!("'{cell}"))
}

/// `-3,5`, `+12`, `-1 234.5`, `-0.5e3`: a number, not a formula.
fn plain_number(s: &str) -> bool {
    let t = s.trim();
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    !body.is_empty()
        && body.starts_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
        && body.chars().any(|c| c.is_ascii_digit())
        && body.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}' | 'e' | 'E' | '%')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_stay() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutralise("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-2+3+cmd"), "'-2+3+cmd");
        assert_eq!(neutralise("\t=1"), "'\t=1");
        assert_eq!(neutralise("-3,5"), "-3,5");
        assert_eq!(neutralise("+12"), "+12");
        assert_eq!(neutralise("-1 234.5"), "-1 234.5");
        assert_eq!(neutralise("Norrbacka"), "Norrbacka");
        assert_eq!(neutralise("-"), "-");
    }
}
