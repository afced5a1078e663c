//! Norwegian fødselsnummer and D-nummer.
//!
//! Eleven digits `DDMMYY` + individual number (3 digits) + two check
//! digits, each mod 11 with fixed weights. A D-nummer adds 4 to the first
//! digit (40 to the day). Written without a separator or with one dash or
//! space after the date.

use std::sync::LazyLock;

use super::pattern::Pattern;

use super::{Hit, Kind, valid_day};

static CANDIDATE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"(?-u:\b)[0-9]{6}[- ]?[0-9]{5}(?-u:\b)"));

const W1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// Every valid fødselsnummer or D-nummer in `text`.
pub(crate) fn find(text: &str) -> Vec<Hit> {
    CANDIDATE
        .find_iter(text)
        .filter_map(|m| {
            classify(m.as_str()).map(|kind| Hit {
                kind,
                range: m.range(),
            })
        })
        .collect()
}

/// The kind of a candidate, if its date and both check digits are valid.
pub(crate) fn classify(candidate: &str) -> Option<Kind> {
    let d: Vec<u8> = candidate
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    if d.len() != 11 {
        return None;
    }
    let day = d[0] * 10 + d[1];
    let month = d[2] * 10 + d[3];
    let (kind, real_day) = if day > 40 {
        (Kind::DNummer, day - 40)
    } else {
        (Kind::Fodselsnummer, day)
    };
    if !valid_day(month, real_day) {
        return None;
    }
    let (k1, k2) = check_digits(&d[..9])?;
    (d[9] == k1 && d[10] == k2).then_some(kind)
}

/// The two check digits for the first nine digits, or `None` when the
/// individual number cannot carry valid ones (a remainder of 1).
pub(crate) fn check_digits(first9: &[u8]) -> Option<(u8, u8)> {
    let k1 = mod11(first9, &W1)?;
    let mut ten = first9.to_vec();
    ten.push(k1);
    let k2 = mod11(&ten, &W2)?;
    Some((k1, k2))
}

fn mod11(d: &[u8], weights: &[u32]) -> Option<u8> {
    let sum: u32 = d.iter().zip(weights).map(|(&x, w)| u32::from(x) * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => u8::try_from(k).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> Vec<u8> {
        s.bytes().map(|b| b - b'0').collect()
    }

    /// A valid number from the first nine digits: tries individual numbers
    /// upward from the given one until the check digits exist.
    fn valid(date: &str, individual: u32) -> String {
        (individual..individual + 50)
            .find_map(|i| {
                let first9 = format!("{date}{i:03}");
                check_digits(&digits(&first9)).map(|(a, b)| format!("{first9}{a}{b}"))
            })
            .unwrap()
    }

    fn with_wrong_second_digit(v: &str) -> String {
        let last = v.as_bytes()[10] - b'0';
        format!("{}{}", &v[..10], (last + 1) % 10)
    }

    fn with_wrong_first_digit(v: &str) -> String {
        let k1 = v.as_bytes()[9] - b'0';
        format!("{}{}{}", &v[..9], (k1 + 1) % 10, &v[10..])
    }

    #[test]
    fn check_digits_of_a_known_number() {
        // 010101 123: computed by hand with the weights above.
        // k1 = 11 - (0*3+1*7+0*6+1*1+0*8+1*9+1*4+2*5+3*2) % 11 = 11 - 37 % 11 = 7
        let (k1, _) = check_digits(&digits("010101123")).unwrap();
        assert_eq!(k1, 7);
    }

    #[test]
    fn valid_numbers_in_every_written_form() {
        let v = valid("150385", 123);
        for form in [
            v.clone(),
            format!("{} {}", &v[..6], &v[6..]),
            format!("{}-{}", &v[..6], &v[6..]),
        ] {
            let text = format!("Fnr: {form}.");
            let hits = find(&text);
            assert_eq!(hits.len(), 1, "{form}");
            assert_eq!(hits[0].kind, Kind::Fodselsnummer);
            assert_eq!(&text[hits[0].range.clone()], form);
        }
    }

    #[test]
    fn wrong_check_digits_are_not_hits() {
        for (date, ind) in [("150385", 123), ("290200", 456), ("311299", 700)] {
            let v = valid(date, ind);
            assert_eq!(classify(&v), Some(Kind::Fodselsnummer), "{v}");
            assert!(classify(&with_wrong_first_digit(&v)).is_none(), "{v}");
            assert!(classify(&with_wrong_second_digit(&v)).is_none(), "{v}");
        }
    }

    #[test]
    fn d_nummer_adds_four_to_the_first_digit() {
        let v = valid("550385", 123); // day 15 + 40
        assert_eq!(classify(&v), Some(Kind::DNummer));
        assert!(find(&v).len() == 1);
        assert!(classify(&with_wrong_second_digit(&v)).is_none());
    }

    #[test]
    fn impossible_dates_are_not_hits() {
        assert!(classify(&valid("320185", 123)).is_none()); // day 32
        assert!(classify(&valid("151385", 123)).is_none()); // month 13
        assert!(classify(&valid("720185", 123)).is_none()); // D-nummer day 32
    }
}
