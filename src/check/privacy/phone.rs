//! Swedish and Norwegian phone numbers in the forms people write them.
//!
//! Sweden: `+46`/`0046` or the trunk `0`, then 7–9 digits with single
//! spaces or dashes between them: `08-123 45 67`, `070-123 45 67`,
//! `0771-19 95 00`, `+46 70 123 45 67`, `+46 (0)8-123 45 67`.
//!
//! Norway: `+47`/`0047` and 8 digits (`+47 912 34 567`), or without the
//! country code in the usual groupings only: `912 34 567`, `22 12 34 56`,
//! or 8 digits in a row starting with 4 or 9 (mobiles). Amounts such as
//! `25 000 000` are grouped in threes and do not match.

use std::sync::LazyLock;

use super::pattern::Pattern;

use super::{Hit, Kind};

/// A separator between digits: one space (also no-break) or dash.
macro_rules! sep {
    () => {
        r"[ \u{00A0}\u{202F}\-–]?"
    };
}

/// A separator after the area code: also `/` and `.` (`070/123 45 67`,
/// `070.123.45.67`).
macro_rules! sep_area {
    () => {
        r"[ \u{00A0}\u{202F}\-–/.]?"
    };
}

static SE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(concat!(
        r"(?:(?:\+|(?-u:\b)00[ \u{00A0}]?)46",
        sep!(),
        r"(?:\(0\)",
        sep!(),
        r")?[1-9](?:",
        sep!(),
        r"[0-9]){6,8}|(?-u:\b)0[1-9](?:",
        sep_area!(),
        r"[0-9]){6,8}|\(0[1-9][0-9]{0,3}\)",
        sep!(),
        r"[0-9](?:",
        sep!(),
        r"[0-9]){4,7})(?-u:\b)"
    ))
});

static NO: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(concat!(
        r"(?:(?:\+|(?-u:\b)00[ \u{00A0}]?)47",
        sep!(),
        r"[2-9](?:",
        sep!(),
        r"[0-9]){7}",
        r"|(?-u:\b)[49][0-9][0-9][ \u{00A0}][0-9][0-9][ \u{00A0}][0-9][0-9][0-9]",
        r"|(?-u:\b)[2-9][0-9][ \u{00A0}][0-9][0-9][ \u{00A0}][0-9][0-9][ \u{00A0}][0-9][0-9]",
        r"|(?-u:\b)[49][0-9]{7})(?-u:\b)"
    ))
});

/// Every phone number in `text`.
pub(crate) fn find(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    for re in [&*SE, &*NO] {
        for m in re.find_iter(text) {
            let s = m.as_str();
            let digits = s.bytes().filter(u8::is_ascii_digit).count();
            if s.starts_with('(') && !(8..=10).contains(&digits) {
                continue;
            }
            // Dots or slashes between the groups: only in a number of
            // phone length whose every separator is a dot (`070.123.45.67`)
            // or whose slash follows the area code.
            if s.contains('.') && !s.starts_with('+') && (s.contains(' ') || s.contains('-')) {
                continue;
            }
            if glued_to_digits(text, m.range()) || looks_like_date(s) || looks_like_hours(s) {
                continue;
            }
            out.push(Hit {
                kind: Kind::Phone,
                range: m.range(),
            });
        }
    }
    out
}

/// A match that continues a longer number is a fragment of something
/// else: `1+46…`, `12.070…`, `…070,5`, or the month and day of a date
/// followed by a number (`2026-03-15 1 200 svar`).
fn glued_to_digits(text: &str, range: std::ops::Range<usize>) -> bool {
    let mut back = text[..range.start].chars().rev();
    let mut ahead = text[range.end..].chars();
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let joiner = |c: Option<char>| matches!(c, Some(',' | '.' | '-' | '–' | '/' | ':'));
    let (b1, b2) = (back.next(), back.next());
    let (a1, a2) = (ahead.next(), ahead.next());
    digit(b1) || (joiner(b1) && digit(b2)) || (joiner(a1) && digit(a2))
}

/// `01-02-2026`: a date, not a phone number.
fn looks_like_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['-', ' ', '.', '–', '/']).collect();
    matches!(parts.as_slice(), [d, m, y]
        if d.len() == 2 && m.len() == 2 && y.len() == 4
            && (1..=31).contains(&d.parse::<u32>().unwrap_or(0))
            && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)))
}

/// `08-12 13-17`: opening hours, not a phone number.
fn looks_like_hours(s: &str) -> bool {
    let groups: Vec<&str> = s.split(' ').collect();
    groups.len() >= 2
        && groups.iter().all(|g| {
            g.split_once(['-', '–']).is_some_and(|(a, b)| {
                let hour = |x: &str| x.len() == 2 && x.parse::<u32>().is_ok_and(|h| h <= 24);
                hour(a) && hour(b)
            })
        })
}

/// The number without spaces and dashes, with the country code: the
/// form two writings of the same number share.
pub(crate) fn canonical(s: &str) -> String {
    let s = s.replace("(0)", "");
    let plus = s.trim_start().starts_with('+');
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let digits = if plus {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_string()
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("46{rest}")
    } else {
        format!("47{digits}")
    };
    format!("+{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|h| &text[h.range]).collect()
    }

    #[test]
    fn swedish_forms() {
        for n in [
            "08-123 45 67",
            "08-12 34 56",
            "070-123 45 67",
            "0701234567",
            "070 123 45 67",
            "031-12 34 56",
            "0771-19 95 00",
            "+46 70 123 45 67",
            "+46701234567",
            "+46 8 123 45 67",
            "+46 (0)8-123 45 67",
            "0046 70 123 45 67",
            "08\u{a0}123\u{a0}45\u{a0}67",
            "070.123.45.67",
            "(070) 123 45 67",
            "(08) 123 45 67",
            "070/123 45 67",
            "00 46 70 123 45 67",
        ] {
            let text = format!("Ring {n} i dag.");
            assert_eq!(hits(&text), vec![n], "{n}");
        }
    }

    #[test]
    fn norwegian_forms() {
        for n in [
            "+47 912 34 567",
            "+4791234567",
            "0047 912 34 567",
            "+47 22 12 34 56",
            "912 34 567",
            "22 12 34 56",
            "91234567",
            "41234567",
        ] {
            let text = format!("Ring {n} i dag.");
            assert_eq!(hits(&text), vec![n], "{n}");
        }
    }

    #[test]
    fn numbers_that_are_not_phone_numbers() {
        for text in [
            "Testby har 4 000 invånare och en budget på 25 000 000 kr.",
            "Mellan 2019 och 2026 ökade andelen med 12,5 % (se 2026-03-15).",
            "Tabell TAB6586 och DeSO 1780C1010, organisationsnummer 802002-5491.",
            "Öppet 08-12 13-17 på vardagar.",
            "Mötet hålls 01-02-2026 kl. 18.",
            "Postadress: Box 123, 123 45 Ekby.",
            "Summa 1 234 567,50 kr, andel 0,123456 av befolkningen.",
            "Version 10.070.123.4567 och 3.0701234567.",
            "Årtalen 2020 2021 2022 2023.",
            "Kvartalet 20261231 rapporterades.",
            "Per 2026-03-15 1 200 svar och 2026-03-15 12 000 kr.",
            "Klockan 10:08 12 34 56 78 gånger.",
        ] {
            assert!(hits(text).is_empty(), "{text}: {:?}", hits(text));
        }
    }

    #[test]
    fn canonical_forms_match_across_writings() {
        assert_eq!(canonical("08-123 45 67"), canonical("+46 8 123 45 67"));
        assert_eq!(canonical("+46 (0)8-123 45 67"), "+4681234567");
        assert_eq!(canonical("0771-19 95 00"), canonical("0771199500"));
        assert_eq!(canonical("912 34 567"), canonical("+47 91 23 45 67"));
        assert_eq!(canonical("0047 912 34 567"), "+4791234567");
        assert_ne!(canonical("08-123 45 67"), canonical("08-123 45 68"));
    }
}
