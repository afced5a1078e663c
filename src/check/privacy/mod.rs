//! The privacy guard: detectors for personal data in text that is about to
//! be published, and the check that runs them over a public build.
//!
//! The detectors are pure functions over a string: [`scan_text`] returns
//! where each piece of personal data is and what kind it is. Identity
//! numbers are validated by their check digits, so dates, amounts, table
//! ids and organisation numbers do not count.

mod email;
mod fodselsnummer;
mod guard;
mod iban;
mod pattern;
mod personnummer;
mod phone;
mod windows;

use std::collections::BTreeSet;
use std::ops::Range;

pub use guard::allowlist;
pub(crate) use guard::{check_public, check_quotes, published_hit};

/// What kind of personal data a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Personnummer,
    Samordningsnummer,
    Fodselsnummer,
    DNummer,
    Phone,
    Email,
}

impl Kind {
    /// The kind in words, for messages ("a Swedish personnummer"), in the
    /// language of the messages.
    pub(crate) fn describe_msg(self) -> crate::messages::Msg {
        use crate::msg;
        match self {
            Kind::Personnummer => msg!("privacy.kind.personnummer"),
            Kind::Samordningsnummer => msg!("privacy.kind.samordningsnummer"),
            Kind::Fodselsnummer => msg!("privacy.kind.fodselsnummer"),
            Kind::DNummer => msg!("privacy.kind.d-nummer"),
            Kind::Phone => msg!("privacy.kind.phone"),
            Kind::Email => msg!("privacy.kind.email"),
        }
    }

    /// Which kind wins when two hits overlap (lower first).
    fn rank(self) -> u8 {
        match self {
            Kind::Email => 0,
            Kind::Personnummer | Kind::Samordningsnummer => 1,
            Kind::Fodselsnummer | Kind::DNummer => 2,
            Kind::Phone => 3,
        }
    }
}

/// One piece of personal data found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub kind: Kind,
    /// Byte range in the scanned text.
    pub range: Range<usize>,
}

impl Hit {
    /// The hit in a text where the scanned part starts at `offset`.
    fn shifted(self, offset: usize) -> Hit {
        Hit {
            kind: self.kind,
            range: self.range.start + offset..self.range.end + offset,
        }
    }

    /// The matched text, masked so a message can show it without
    /// repeating the personal data.
    pub(crate) fn masked(&self, text: &str) -> String {
        mask(self.kind, &text[self.range.clone()])
    }
}

/// Every piece of personal data in `text`, in order. Where two detectors
/// match overlapping text, the more specific one wins (an e-mail address
/// over the digits in it, an identity number over a phone number).
pub(crate) fn scan_text(text: &str) -> Vec<Hit> {
    scan_kinds(text, true)
}

/// [`scan_text`] without phone numbers: the identity numbers and e-mail
/// addresses it finds (for geometry, where numbers of a phone's shape
/// are coordinates). A phone number ranks last, so it never hides
/// another hit: the identity numbers are those [`scan_text`] finds.
pub(crate) fn scan_text_but_phones(text: &str) -> Vec<Hit> {
    scan_kinds(text, false)
}

fn scan_kinds(text: &str, phones: bool) -> Vec<Hit> {
    let mut all = Vec::new();
    for w in windows::email(text) {
        let part = &text[w.clone()];
        all.extend(email::find(part).into_iter().map(|h| h.shifted(w.start)));
    }
    // The detectors of numbers run only where digits gather: every number
    // they find has at least seven digits (see [`windows`]).
    for w in windows::numbers(text) {
        let part = &text[w.clone()];
        let mut found = Vec::new();
        found.extend(personnummer::find(part));
        found.extend(fodselsnummer::find(part));
        if phones {
            found.extend(phone::find(part));
        }
        if found.is_empty() {
            continue;
        }
        // Bank accounts and case numbers are not about a person.
        let inside = |rs: &[Range<usize>], h: &Hit| {
            rs.iter()
                .any(|r| r.start <= h.range.start && h.range.end <= r.end)
        };
        let accounts = iban::accounts(part);
        let references = if found.iter().any(|h| h.kind == Kind::Phone) {
            iban::references(part)
        } else {
            Vec::new()
        };
        found.retain(|h| {
            !inside(&accounts, h) && (h.kind != Kind::Phone || !inside(&references, h))
        });
        all.extend(found.into_iter().map(|h| h.shifted(w.start)));
    }
    all.sort_by_key(|h| (h.kind.rank(), h.range.start, std::cmp::Reverse(h.range.end)));
    let mut kept: Vec<Hit> = Vec::new();
    for h in all {
        if !kept
            .iter()
            .any(|k| k.range.start < h.range.end && h.range.start < k.range.end)
        {
            kept.push(h);
        }
    }
    kept.sort_by_key(|h| (h.range.start, h.range.end));
    kept
}

/// Show the kind of value without the value: identity numbers keep their
/// date, phone numbers their first three digits, e-mail addresses their
/// domain.
pub(crate) fn mask(kind: Kind, value: &str) -> String {
    match kind {
        Kind::Email => {
            let (local, domain) = email::parts(value);
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        Kind::Personnummer | Kind::Samordningsnummer => mask_last_digits(value, 4),
        Kind::Fodselsnummer | Kind::DNummer => mask_last_digits(value, 5),
        Kind::Phone => {
            let mut seen = 0;
            value
                .chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        seen += 1;
                        if seen > 3 {
                            return '*';
                        }
                    }
                    c
                })
                .collect()
        }
    }
}

fn mask_last_digits(value: &str, n: usize) -> String {
    let total = value.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen > total.saturating_sub(n) {
                    return '*';
                }
            }
            c
        })
        .collect()
}

/// The form two writings of the same value share: phone numbers without
/// spaces and dashes and with the country code, identity numbers as bare
/// digits (without century), e-mail addresses in lower case.
pub fn canonical(kind: Kind, value: &str) -> String {
    match kind {
        Kind::Email => {
            let (local, domain) = email::parts(value);
            format!("{local}@{domain}").trim().to_lowercase()
        }
        Kind::Phone => phone::canonical(value),
        Kind::Personnummer | Kind::Samordningsnummer => {
            let d: String = value.chars().filter(char::is_ascii_digit).collect();
            d[d.len().saturating_sub(10)..].to_string()
        }
        Kind::Fodselsnummer | Kind::DNummer => value.chars().filter(char::is_ascii_digit).collect(),
    }
}

/// Values that may be published although they look like personal data:
/// `[privacy] allow` in book.toml plus the role contacts of `[contact]`.
#[derive(Debug, Clone, Default)]
pub struct Allowlist {
    keys: BTreeSet<(Kind, String)>,
}

impl Allowlist {
    /// An allowlist of `values`, each compared in its canonical form.
    /// Returns the list and the values no detector recognises (they can
    /// never match anything).
    pub fn new<'a>(values: impl IntoIterator<Item = &'a str>) -> (Allowlist, Vec<&'a str>) {
        let mut list = Allowlist::default();
        let mut unknown = Vec::new();
        for v in values {
            let hits = scan_text(v);
            if hits.is_empty() {
                if !v.trim().is_empty() {
                    unknown.push(v);
                }
                continue;
            }
            for h in hits {
                list.keys
                    .insert((h.kind, canonical(h.kind, &v[h.range.clone()])));
            }
        }
        (list, unknown)
    }

    /// Whether the hit `h` in `text` is allowed.
    pub fn allows(&self, text: &str, h: &Hit) -> bool {
        self.keys
            .contains(&(h.kind, canonical(h.kind, &text[h.range.clone()])))
    }
}

/// Whether `day` exists in `month` (29 February always counts: the year
/// is not always known).
fn valid_day(month: u8, day: u8) -> bool {
    let max = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => return false,
    };
    (1..=max).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid personnummer `YYMMDD-NNNC` from its first nine digits.
    fn pnr(first9: &str) -> String {
        let d: Vec<u8> = first9.bytes().map(|b| b - b'0').collect();
        format!(
            "{}-{}{}",
            &first9[..6],
            &first9[6..],
            personnummer::luhn_digit(&d)
        )
    }

    #[test]
    fn finds_each_kind_in_running_text() {
        let p = pnr("850101123");
        let text = format!(
            "Anna ({p}) nås på 070-123 45 67 eller anna@example.se. Mötet 2026-03-15 kostade 25 000 kr."
        );
        let hits = scan_text(&text);
        let kinds: Vec<Kind> = hits.iter().map(|h| h.kind).collect();
        assert_eq!(kinds, vec![Kind::Personnummer, Kind::Phone, Kind::Email]);
        assert_eq!(&text[hits[0].range.clone()], p);
        assert_eq!(&text[hits[1].range.clone()], "070-123 45 67");
        assert_eq!(&text[hits[2].range.clone()], "anna@example.se");
    }

    #[test]
    fn identity_number_wins_over_phone_shape() {
        // A personnummer of someone born in 2005 also has a phone shape.
        let p = pnr("050315123");
        let hits = scan_text(&p);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, Kind::Personnummer);
    }

    #[test]
    fn digits_in_an_email_address_are_part_of_it() {
        let hits = scan_text("sms till 0701234567@sms.example.se");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, Kind::Email);
    }

    #[test]
    fn written_out_addresses_with_spaces_in_the_brackets_are_found() {
        for text in [
            "Mejla anna [ at ] exempel.se i dag.",
            "Mejla anna (at ) exempel.se i dag.",
            "Mejla anna {snabel-a} exempel.se i dag.",
        ] {
            let hits = scan_text(text);
            assert_eq!(hits.len(), 1, "{text}");
            assert_eq!(hits[0].kind, Kind::Email, "{text}");
        }
    }

    #[test]
    fn statistics_text_has_no_hits() {
        let text = "Enligt SCB (tabell TAB6586, BE0101N1) bor 4 123 personer i DeSO 1780C1010 \
                    och 1780C1020. Andelen ökade från 12,5 % år 2019 till 14,0 % år 2026 \
                    (2026-03-15). Ekby kommun, organisationsnummer 212000-1355, budget \
                    1 250 000 kr; 30 deltagare 15/3, 2023–2025, 1 200 svar av 4 000.";
        assert!(scan_text(text).is_empty(), "{:?}", scan_text(text));
    }

    #[test]
    fn masks_do_not_repeat_the_value() {
        assert_eq!(mask(Kind::Personnummer, "19850101-1234"), "19850101-****");
        assert_eq!(mask(Kind::Fodselsnummer, "150385 12345"), "150385 *****");
        assert_eq!(mask(Kind::Phone, "070-123 45 67"), "070-*** ** **");
        assert_eq!(mask(Kind::Phone, "+46 70 123 45 67"), "+46 7* *** ** **");
        assert_eq!(mask(Kind::Email, "anna@example.se"), "a***@example.se");
    }

    #[test]
    fn allowlist_compares_canonical_forms() {
        let (list, unknown) =
            Allowlist::new(["norrbacka@ekby.example.org", "0771-19 95 00", "Samordnaren"]);
        assert_eq!(unknown, vec!["Samordnaren"]);
        let text =
            "Mejla Norrbacka@Ekby.example.org eller ring +46 771 199 500 eller 0771 19 95 01.";
        let hits = scan_text(text);
        assert_eq!(hits.len(), 3);
        assert!(list.allows(text, &hits[0]));
        assert!(list.allows(text, &hits[1]));
        assert!(!list.allows(text, &hits[2]), "a different number");
        let other = "anna@ekby.example.org";
        assert!(!list.allows(other, &scan_text(other)[0]));
    }

    #[test]
    fn leap_days() {
        assert!(valid_day(2, 29));
        assert!(!valid_day(2, 30));
        assert!(!valid_day(4, 31));
        assert!(!valid_day(13, 1));
    }
}
