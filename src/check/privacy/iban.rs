//! Bank account numbers (IBAN) and case and reference numbers: digits
//! that look like a phone or identity number but are neither. Hits inside
//! them are dropped.

use std::ops::Range;
use std::sync::LazyLock;

use super::pattern::Pattern;

static IBAN: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?-u:\b)[A-Z]{2}[0-9]{2}(?:[ \u{A0}]?[A-Z0-9]{4}){2,7}(?:[ \u{A0}]?[A-Z0-9]{1,3})?(?-u:\b)",
    )
});

/// A case, file or reference number: a word that names one, then the
/// number (`Ärendenummer 070-2025-123`, `Dnr KS 2025/123`).
static REFERENCE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)(?:ärende(?:nummer|nr)?|diarienummer|diarienr|dnr|saksnummer|saksnr|referens(?:nummer)?|reference|ordernummer|fakturanummer|bankgiro|plusgiro|bg|pg|kontonummer|clearingnummer|organisationsnummer|org\.?\s?nr|organisasjonsnummer|case(?:\s+number)?|journalnummer|arkivnummer)\.?:?\s*(?:nr\.?|nummer|no\.?)?\s*[A-ZÅÄÖ]{0,5}\s?[0-9][0-9 ./\-–]{4,24}[0-9]",
    )
});

/// `070-2025-123`: a year between dashes in the middle is the shape of a
/// case number, not of a phone number.
static CASE_SHAPE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?-u:\b)[0-9]{2,4}[-–/](?:19|20)[0-9]{2}[-–/][0-9]{1,6}(?-u:\b)")
});

/// Byte ranges of `text` that are valid IBANs (mod-97 check digits).
pub(crate) fn accounts(text: &str) -> Vec<Range<usize>> {
    if !text.bytes().any(|b| b.is_ascii_uppercase()) {
        return Vec::new();
    }
    IBAN.find_iter(text)
        .filter(|m| valid_iban(m.as_str()))
        .map(|m| m.range())
        .collect()
}

/// Byte ranges of `text` that are case and reference numbers (phone
/// shapes there are not phone numbers; identity numbers still count).
pub(crate) fn references(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = REFERENCE.find_iter(text).map(|m| m.range()).collect();
    out.extend(CASE_SHAPE.find_iter(text).map(|m| m.range()));
    out
}

/// The ISO 13616 check: move the first four characters to the end,
/// letters to numbers (A = 10), the whole modulo 97 is 1.
pub(crate) fn valid_iban(s: &str) -> bool {
    let compact: Vec<char> = s.chars().filter(char::is_ascii_alphanumeric).collect();
    if !(15..=34).contains(&compact.len()) {
        return false;
    }
    let mut rem: u32 = 0;
    for c in compact[4..].iter().chain(&compact[..4]) {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_check_digits() {
        assert!(valid_iban("SE45 5000 0000 0583 9825 7466"));
        assert!(valid_iban("NO9386011117947"));
        assert!(!valid_iban("SE46 5000 0000 0583 9825 7466"));
    }

    #[test]
    fn reference_numbers() {
        for t in [
            "Ärendenummer 070-2025-123",
            "Dnr KS 2025/123",
            "diarienummer: 0701-234567",
            "Saksnummer 22/12345",
        ] {
            assert!(!references(t).is_empty(), "{t}");
        }
        assert!(references("Ring 070-123 45 67").is_empty());
        assert!(accounts("SE46 5000 0000 0583 9825 7466").is_empty());
    }
}
