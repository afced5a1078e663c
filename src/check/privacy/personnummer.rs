//! Swedish personnummer and samordningsnummer.
//!
//! Written as `YYMMDD-NNNC`, `YYMMDD+NNNC` (100 years or older),
//! `YYMMDDNNNC`, `YYYYMMDDNNNC` or `YYYYMMDD-NNNC` (also with a space).
//! A samordningsnummer adds 60 to the day. `C` is a Luhn check digit over
//! the ten-digit form. Organisation numbers are not matched: their "month"
//! digits are 20 or more.

use std::ops::Range;
use std::sync::LazyLock;

use super::pattern::Pattern;

use super::{Hit, Kind, valid_day};

static CANDIDATE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?-u:\b)(?:(?:19|20)?[0-9]{2}(?:[ .][0-9]{2}){2}|(?:19|20)[0-9]{6}|[0-9]{6})[-+ \u{A0}–]?[0-9]{4}(?-u:\b)",
    )
});

/// Every valid personnummer or samordningsnummer in `text`.
pub(crate) fn find(text: &str) -> Vec<Hit> {
    CANDIDATE
        .find_iter(text)
        .filter_map(|m| classify(m.as_str()).map(|kind| hit(kind, m.range())))
        .collect()
}

fn hit(kind: Kind, range: Range<usize>) -> Hit {
    Hit { kind, range }
}

/// The kind of a candidate, if its date and check digit are valid.
pub(crate) fn classify(candidate: &str) -> Option<Kind> {
    let digits: Vec<u8> = candidate
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    if digits.len() != 10 && digits.len() != 12 {
        return None;
    }
    let d = &digits[digits.len() - 10..];
    let month = d[2] * 10 + d[3];
    let day = d[4] * 10 + d[5];
    let kind = if day > 60 {
        Kind::Samordningsnummer
    } else {
        Kind::Personnummer
    };
    let real_day = if day > 60 { day - 60 } else { day };
    if !valid_day(month, real_day) || !luhn_ok(d) {
        return None;
    }
    Some(kind)
}

/// The Luhn check digit for the first nine digits of `d`.
pub(crate) fn luhn_digit(d: &[u8]) -> u8 {
    let sum: u32 = d
        .iter()
        .take(9)
        .enumerate()
        .map(|(i, &x)| {
            let v = u32::from(x) * if i % 2 == 0 { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    u8::try_from((10 - sum % 10) % 10).unwrap_or(0)
}

fn luhn_ok(d: &[u8]) -> bool {
    d.len() == 10 && luhn_digit(d) == d[9]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid number from its first nine digits, written `YYMMDD-NNNC`.
    fn valid(first9: &str) -> String {
        let d: Vec<u8> = first9.bytes().map(|b| b - b'0').collect();
        format!("{}-{}{}", &first9[..6], &first9[6..], luhn_digit(&d))
    }

    /// The same number with a wrong check digit.
    fn invalid(first9: &str) -> String {
        let d: Vec<u8> = first9.bytes().map(|b| b - b'0').collect();
        format!(
            "{}-{}{}",
            &first9[..6],
            &first9[6..],
            (luhn_digit(&d) + 1) % 10
        )
    }

    #[test]
    fn luhn_matches_the_published_example() {
        // Skatteverket's example 811218-9876: check digit 6.
        assert_eq!(luhn_digit(&[8, 1, 1, 2, 1, 8, 9, 8, 7]), 6);
    }

    #[test]
    fn valid_numbers_in_every_written_form() {
        let v = valid("850101123"); // 850101-123C
        let (date, rest) = v.split_once('-').unwrap();
        for form in [
            v.clone(),
            format!("{date}+{rest}"),
            format!("{date}{rest}"),
            format!("{date} {rest}"),
            format!("19{date}{rest}"),
            format!("19{date}-{rest}"),
        ] {
            let text = format!("Personen ({form}) deltog.");
            let hits = find(&text);
            assert_eq!(hits.len(), 1, "{form}");
            assert_eq!(hits[0].kind, Kind::Personnummer);
            assert_eq!(&text[hits[0].range.clone()], form);
        }
    }

    #[test]
    fn wrong_check_digit_is_not_a_hit() {
        for first9 in ["850101123", "000229456", "991231987"] {
            assert_eq!(find(&valid(first9)).len(), 1, "{first9}");
            assert!(find(&invalid(first9)).is_empty(), "{first9}");
        }
    }

    #[test]
    fn samordningsnummer_adds_sixty_to_the_day() {
        let v = valid("850161123"); // day 61 = the 1st
        assert_eq!(classify(&v), Some(Kind::Samordningsnummer));
        assert!(classify(&invalid("850161123")).is_none());
        // Day 92 would be the 32nd: not a date.
        assert!(classify(&valid("850192123")).is_none());
    }

    #[test]
    fn impossible_dates_are_not_hits() {
        assert!(classify(&valid("850230123")).is_none()); // 30 February
        assert!(classify(&valid("851301123")).is_none()); // month 13
        assert!(classify(&valid("850100123")).is_none()); // day 0
    }

    #[test]
    fn organisation_numbers_are_not_hits() {
        // Month digits 20 and more: organisation numbers, even with a
        // valid Luhn digit.
        for first9 in ["212000281", "556677889", "802002549"] {
            assert!(find(&valid(first9)).is_empty(), "{first9}");
        }
    }
}
