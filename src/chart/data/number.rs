//! Numbers as statistics exports write them: decimal comma or point,
//! thousands separated by spaces, and several ways of saying "missing".

/// A parsed cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    Value(f64),
    Missing,
}

/// Texts that mean "no value": SCB's `..`, `.` and `-`, SSB's `:`
/// (suppressed for confidentiality) and `...` (not yet available), an empty
/// cell, and the dashes and ellipsis people type for them.
pub fn is_missing_marker(s: &str) -> bool {
    matches!(s, "" | ".." | "." | "-" | "–" | "—" | ":" | "..." | "…")
}

fn is_space(c: char) -> bool {
    // Space, no-break space, narrow no-break space, thin space.
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Parse one cell. `None` means the text is not a number.
///
/// - `1 234,5`, `1 234.5`, `1234,5` and `1234.5` are all 1234.5;
/// - with both `,` and `.`, the last one is the decimal sign (`1.234,5`, `1,234.5`);
/// - a lone comma is always the decimal sign (`1,234` is 1.234, as in Swedish);
/// - several dots group thousands (`1.234.567`);
/// - a trailing `%` is ignored, `−` (U+2212) is a minus sign.
pub fn parse_number(text: &str) -> Option<Num> {
    let t = text.trim_matches(|c: char| c.is_whitespace() || is_space(c));
    if is_missing_marker(t) {
        return Some(Num::Missing);
    }
    let t = t
        .strip_suffix('%')
        .map(|s| s.trim_end_matches(|c: char| c.is_whitespace() || is_space(c)))
        .unwrap_or(t);
    let (negative, body) = match t.chars().next()? {
        '-' | '−' => (true, &t[t.chars().next()?.len_utf8()..]),
        '+' => (false, &t[1..]),
        _ => (false, t),
    };
    // Spaces group thousands only between digits.
    let mut cleaned = String::with_capacity(body.len());
    let chars: Vec<char> = body.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if is_space(c) {
            let digit_before = i > 0 && chars[i - 1].is_ascii_digit();
            let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if !(digit_before && digit_after) {
                return None;
            }
            continue;
        }
        if !(c.is_ascii_digit() || c == ',' || c == '.') {
            return None;
        }
        cleaned.push(c);
    }
    let commas = cleaned.matches(',').count();
    let dots = cleaned.matches('.').count();
    let normalised = match (commas, dots) {
        (0, 0) => cleaned,
        (1, 0) => cleaned.replace(',', "."),
        (0, 1) => cleaned,
        (0, _) => grouped(&cleaned, '.')?,
        (_, 0) => return None,
        _ => {
            let last_comma = cleaned.rfind(',')?;
            let last_dot = cleaned.rfind('.')?;
            let (group, decimal) = if last_comma > last_dot {
                ('.', ',')
            } else {
                (',', '.')
            };
            if cleaned.matches(decimal).count() != 1 {
                return None;
            }
            let (int, frac) = cleaned.split_once(decimal)?;
            format!("{}.{frac}", grouped(int, group)?)
        }
    };
    if normalised.is_empty()
        || normalised.starts_with('.')
        || normalised.ends_with('.')
        || !normalised.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let v: f64 = normalised.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(Num::Value(if negative { -v } else { v }))
}

/// Digits grouped by `sep` in threes (`1.234.567`), with the separators
/// removed; `None` when the groups are not threes.
fn grouped(s: &str, sep: char) -> Option<String> {
    let parts: Vec<&str> = s.split(sep).collect();
    let first = parts.first()?;
    if first.is_empty() || first.len() > 3 || parts[1..].iter().any(|p| p.len() != 3) {
        return None;
    }
    Some(parts.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> f64 {
        match parse_number(s) {
            Some(Num::Value(v)) => v,
            other => panic!("{s:?} gave {other:?}"),
        }
    }

    #[test]
    fn decimal_comma_and_point() {
        assert_eq!(v("24,1"), 24.1);
        assert_eq!(v("24.1"), 24.1);
        assert_eq!(v("1,234"), 1.234);
        assert_eq!(v("-3,5"), -3.5);
        assert_eq!(v("−3,5"), -3.5);
        assert_eq!(v("+2"), 2.0);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(v("41 000"), 41000.0);
        assert_eq!(v("41\u{a0}000"), 41000.0);
        assert_eq!(v("1\u{202f}234 567,25"), 1234567.25);
        assert_eq!(v("1.234.567"), 1234567.0);
        assert_eq!(v("1.234,5"), 1234.5);
        assert_eq!(v("1,234.5"), 1234.5);
        assert_eq!(v(" 12 "), 12.0);
        assert_eq!(v("29 %"), 29.0);
    }

    #[test]
    fn missing_markers() {
        for m in ["", "..", ".", "-", "–", "  ", " .. ", ":", "...", "…"] {
            assert_eq!(parse_number(m), Some(Num::Missing), "{m:?}");
        }
    }

    #[test]
    fn not_numbers() {
        for s in [
            "abc", "12a", "1 2 3a", "1,2,3", "1.23.4", "12 ,5", "--1", "1e5", "inf", "NaN", ",5",
            "5.",
        ] {
            assert_eq!(parse_number(s), None, "{s:?}");
        }
    }
}
