//! The accessibility statement (tillgänglighetsredogörelse,
//! tilgjengelighetserklæring): `[accessibility]` from book.toml with its
//! defaults filled in from `[report]` and `[contact]`. The wording lives in
//! the theme's strings and `templates/accessibility.html`.

use serde::Serialize;

use crate::config::{Compliance, Settings, Supervision};

/// Where the statement is written.
pub use crate::paths::ACCESSIBILITY_URL;

/// What `accessibility.html` sees as `a11y`.
#[derive(Debug, Clone, Serialize)]
pub struct StatementView {
    pub publisher: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    /// `full`, `partial` or `not`.
    pub status: &'static str,
    pub shortcomings: Vec<String>,
    pub assessed: String,
    pub updated: String,
    /// Empty: the template uses the theme's default sentence.
    pub method: String,
    /// `se`, `no` or `none`.
    pub supervision: &'static str,
}

/// The statement for `settings`, defaults resolved.
pub fn statement(settings: &Settings) -> StatementView {
    let c = &settings.config;
    let a = &c.accessibility;
    let or = |own: &str, fallback: &str| {
        if own.trim().is_empty() {
            fallback.trim().to_string()
        } else {
            own.trim().to_string()
        }
    };
    let publisher = [
        a.publisher.as_str(),
        c.report.organisation.as_str(),
        &c.book.authors.join(", "),
        c.book.title.as_str(),
    ]
    .iter()
    .map(|s| s.trim())
    .find(|s| !s.is_empty())
    .unwrap_or_default()
    .to_string();
    let supervision = a.supervision.unwrap_or(match settings.language() {
        "sv" => Supervision::Se,
        "nb" | "nn" => Supervision::No,
        _ => Supervision::None,
    });
    StatementView {
        publisher,
        role: c.contact.role.trim().to_string(),
        email: or(&a.email, &c.contact.email),
        phone: or(&a.phone, &c.contact.phone),
        status: match a.status {
            Compliance::Full => "full",
            Compliance::Partial => "partial",
            Compliance::Not => "not",
        },
        shortcomings: a
            .shortcomings
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        assessed: a.assessed.clone(),
        updated: or(&a.updated, &a.assessed),
        method: a.method.trim().to_string(),
        supervision: match supervision {
            Supervision::Se => "se",
            Supervision::No => "no",
            Supervision::None => "none",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_config;

    #[test]
    fn defaults_come_from_report_and_contact() {
        let s = parse_config(
            "[book]\ntitle = \"T\"\nlanguage = \"nb\"\n[report]\norganisation = \"Bydel Nord\"\n[contact]\nemail = \"post@nord.invalid\"\n",
        )
        .unwrap();
        let v = statement(&s);
        assert_eq!(v.publisher, "Bydel Nord");
        assert_eq!(v.email, "post@nord.invalid");
        assert_eq!(v.supervision, "no");
        assert_eq!(v.status, "partial");
    }

    #[test]
    fn own_values_win() {
        let s = parse_config(
            "[book]\ntitle = \"T\"\nlanguage = \"en\"\n[report]\norganisation = \"X\"\n[accessibility]\npublisher = \"Ekby kommun\"\nsupervision = \"se\"\nassessed = \"2026-01-02\"\n",
        )
        .unwrap();
        let v = statement(&s);
        assert_eq!(v.publisher, "Ekby kommun");
        assert_eq!(v.supervision, "se");
        assert_eq!(v.updated, "2026-01-02");
    }
}
