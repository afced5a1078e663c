//! Languages: text direction and each language's name for itself (used in
//! the language switcher).

/// Scripts written right to left.
const RTL: &[&str] = &["ar", "fa", "ckb", "ur", "he", "yi", "syr", "ps", "prs"];

/// `rtl` or `ltr`.
pub fn dir(lang: &str) -> &'static str {
    if RTL.contains(&lang) { "rtl" } else { "ltr" }
}

/// The language's name in the language itself.
pub(crate) fn endonym(lang: &str) -> String {
    match lang {
        "sv" => "Svenska",
        "nb" => "Norsk bokmål",
        "nn" => "Norsk nynorsk",
        "en" => "English",
        "ar" => "العربية",
        "so" => "Soomaali",
        "fa" => "فارسی",
        "prs" => "دری",
        "ckb" => "کوردی",
        "kmr" => "Kurmancî",
        "ti" => "ትግርኛ",
        "pl" => "Polski",
        "fi" => "Suomi",
        "tr" => "Türkçe",
        "bs" => "Bosanski",
        "es" => "Español",
        "uk" => "Українська",
        "ru" => "Русский",
        _ => return lang.to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions() {
        assert_eq!(dir("ar"), "rtl");
        assert_eq!(dir("fa"), "rtl");
        assert_eq!(dir("sv"), "ltr");
        assert_eq!(dir("so"), "ltr");
    }
}
