//! Reading `book.toml`: the TOML parsed into the typed [`Config`], then
//! checked as a whole (the process model, need areas, web addresses,
//! dates) into [`Settings`].

use std::path::Path;

use super::*;

/// Read and validate `book.toml` in `root`.
pub fn load_config(root: &Path) -> Result<Settings> {
    let path = root.join(CONFIG_FILE);
    let rel = Path::new(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::error(
            "config",
            rel,
            crate::msg!(
                "config.cannot-read-book-toml-in",
                root = (root.display()).to_string(),
                e = e.to_string()
            ),
        )
        .hint(crate::msg!("config.run-kartsite-init-dir-to"))
    })?;
    let source = crate::text::decode_text(rel, &bytes)?;
    parse_config(&source)
}

/// Parse and validate the text of a `book.toml`.
pub fn parse_config(source: &str) -> Result<Settings> {
    let rel = Path::new(CONFIG_FILE);
    let config: Config = toml::from_str(source).map_err(|e| toml_error(rel, source, &e))?;
    let find = |key: &str| key_pos(source, key);
    look::validate(&config.theme, config.book.logo.as_deref(), source)?;
    let lang = config.book.language.as_str();
    if !UI_LANGUAGES.contains(&lang) {
        return Err(Diagnostic::error(
            "config",
            rel,
            crate::msg!(
                "config.unknown-language-in-book-language",
                lang = lang.to_string()
            ),
        )
        .at(find("language"))
        .hint(crate::msg!(
            "config.use-one-of",
            join = (UI_LANGUAGES.join(", ")).to_string()
        ))
        .into());
    }
    let mut seen = std::collections::BTreeSet::from([lang]);
    for l in &config.book.languages {
        let ok = (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase());
        if !ok || !seen.insert(l.as_str()) {
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!("config.in-book-languages-is-not", l = l.to_string()),
            )
            .at(find("languages"))
            .hint(crate::msg!("config.use-two-or-three-letter"))
            .into());
        }
    }
    for m in &config.participate.meetings {
        let day = m.date.split(' ').next().unwrap_or("");
        let ok = day.len() == 10
            && day.as_bytes().iter().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    *b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !ok {
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!(
                    "config.the-meeting-date-is-not",
                    date = (m.date).to_string()
                ),
            )
            .at(key_pos(source, &format!("date = \"{}\"", m.date)))
            .hint(crate::msg!("config.write-yyyy-mm-dd-optionally"))
            .into());
        }
    }
    if let Some(t) = config.report.area_type
        && !(1..=5).contains(&t)
    {
        return Err(Diagnostic::error(
            "config",
            rel,
            crate::msg!("config.area-type-must-be-1", t = t.to_string()),
        )
        .at(find("area_type"))
        .into());
    }
    if let Some(d) = &config.report.date
        && !is_iso_date(d)
    {
        return Err(Diagnostic::error(
            "config",
            rel,
            crate::msg!("config.report-date-not-a-date", d = d.to_string()),
        )
        .at(find("date"))
        .hint(crate::msg!("config.report-date-hint"))
        .into());
    }
    let r = &config.report;
    match (&r.area_type_index, &r.area_type_regso, r.area_type) {
        (Some(_), None, _) | (None, Some(_), _) => {
            let (key, other) = if r.area_type_index.is_some() {
                ("area_type_index", "area_type_regso")
            } else {
                ("area_type_regso", "area_type_index")
            };
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!(
                    "config.needs",
                    key = key.to_string(),
                    other = other.to_string()
                ),
            )
            .at(find(key))
            .hint(crate::msg!("config.area-type-index-scb-omradestyp"))
            .into());
        }
        (Some(_), Some(_), Some(_)) => {
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!("config.area-type-and-area-type"),
            )
            .at(find("area_type_index"))
            .hint(crate::msg!("config.remove-area-type-the-type"))
            .into());
        }
        _ => {}
    }
    let model = match (config.report.model.as_str(), &config.model) {
        ("custom", Some(m)) => m.clone(),
        ("custom", None) => {
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!("config.report-model-is-custom-but"),
            )
            .at(find("model"))
            .hint(crate::msg!("config.declare-the-phases-as-model"))
            .into());
        }
        (name, None) => builtin_model(name).ok_or_else(|| {
            Diagnostic::error(
                "config",
                rel,
                crate::msg!("config.unknown-process-model", name = name.to_string()),
            )
            .at(find("model"))
            .hint(crate::msg!(
                "config.use-omradeskartlaggning-boligsosial-or-custom"
            ))
        })?,
        (name, Some(_)) => {
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!("config.a-model-table-is-only", name = name.to_string()),
            )
            .at(find("[model]"))
            .into());
        }
    };
    model.validate().map_err(|m| {
        Diagnostic::error("config", rel, m)
            .at(find("[model]"))
            .hint(crate::msg!("config.phase-ids-are-lowercase-letters"))
    })?;
    for (table, key, value) in [
        ("accessibility", "assessed", &config.accessibility.assessed),
        ("accessibility", "updated", &config.accessibility.updated),
        (
            "report",
            "updated",
            config.report.updated.as_ref().unwrap_or(&String::new()),
        ),
    ] {
        if !value.is_empty() && !is_iso_date(value) {
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!(
                    "config.must-be-a-date-like",
                    table = table.to_string(),
                    key = key.to_string(),
                    value = value.to_string()
                ),
            )
            .at(key_pos(source, &format!("{key} = \"{value}\"")).or_else(|| find(key)))
            .hint(crate::msg!("config.write-the-date-as-yyyy"))
            .into());
        }
    }
    // These go into href attributes as written: only web addresses.
    for (key, value) in [
        ("base_url", &config.build.base_url),
        ("form_url", &config.participate.form_url),
    ] {
        if let Some(url) = value
            && !is_web_address(url)
        {
            return Err(Diagnostic::error(
                "config",
                rel,
                crate::msg!(
                    "config.must-be-a-web-address",
                    key = key.to_string(),
                    url = url.to_string()
                ),
            )
            .at(find(key))
            .hint(crate::msg!("config.write-the-whole-address-e"))
            .into());
        }
    }
    let need_areas = config
        .report
        .need_areas
        .clone()
        .unwrap_or_else(|| default_need_areas(lang));
    if need_areas.is_empty() {
        return Err(
            Diagnostic::error("config", rel, crate::msg!("config.need-areas-is-empty"))
                .at(find("need_areas"))
                .into(),
        );
    }
    Ok(Settings {
        config,
        model,
        need_areas,
        source: source.to_string(),
    })
}

/// `https://…` or `http://…` with a host, and nothing a browser would drop.
fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
        return false;
    }
    if !digits(5..7) || !digits(8..10) {
        return false;
    }
    let month: u8 = s[5..7].parse().unwrap_or(0);
    let day: u8 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// The position of the first line that starts with `key` (for errors that
/// are found after parsing).
pub(crate) fn key_pos(source: &str, key: &str) -> Option<crate::error::Pos> {
    source.lines().enumerate().find_map(|(i, l)| {
        let t = l.trim_start();
        (t.starts_with(key)).then(|| {
            crate::error::Pos::new(
                u32::try_from(i + 1).unwrap_or(u32::MAX),
                u32::try_from(l.len() - t.len() + 1).unwrap_or(1),
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_gets_defaults() {
        let s = parse_config("[book]\ntitle = \"T\"\n").unwrap();
        assert_eq!(s.language(), "sv");
        assert_eq!(s.config.build.output_dir, PathBuf::from("public"));
        assert_eq!(s.model.id, "omradeskartlaggning");
        assert_eq!(s.need_areas.len(), 4);
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = parse_config("[book]\ntitle = \"T\"\ntitel = \"x\"\n").unwrap_err();
        let d = &err.0[0];
        assert!(d.message.contains("titel"), "{d}");
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn wrong_type_is_located() {
        let err =
            parse_config("[book]\ntitle = \"T\"\n[report]\narea_type = \"två\"\n").unwrap_err();
        assert_eq!(err.0[0].line, Some(4));
    }

    #[test]
    fn accessibility_table_is_optional_and_checked() {
        let s = parse_config("[book]\ntitle = \"T\"\n").unwrap();
        assert_eq!(s.config.accessibility.status, Compliance::Partial);
        let s = parse_config(
            "[book]\ntitle = \"T\"\n[accessibility]\nstatus = \"full\"\nassessed = \"2026-03-01\"\nsupervision = \"no\"\n",
        )
        .unwrap();
        assert_eq!(s.config.accessibility.status, Compliance::Full);
        assert_eq!(s.config.accessibility.supervision, Some(Supervision::No));
        let err = parse_config("[book]\ntitle = \"T\"\n[accessibility]\nassessed = \"1 mars\"\n")
            .unwrap_err();
        assert!(err.0[0].message.contains("YYYY") || err.0[0].message.contains("2026-03-01"));
        assert_eq!(err.0[0].line, Some(4));
        let err = parse_config("[book]\ntitle = \"T\"\n[accessibility]\nstatus = \"delvis\"\n")
            .unwrap_err();
        assert_eq!(err.0[0].line, Some(4));
    }

    #[test]
    fn report_date_must_be_a_date() {
        let err =
            parse_config("[book]\ntitle = \"T\"\n[report]\ndate = \"14 mars 2026\"\n").unwrap_err();
        assert!(err.0[0].message.contains("not a date"));
        assert_eq!(err.0[0].line, Some(4));
        assert!(
            err.0[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("YYYY-MM-DD")
        );
        let ok = parse_config(
            "[book]\ntitle = \"T\"\n[report]\ndate = \"2026-03-14\"\nreference = \"KS 2026/114\"\n",
        )
        .unwrap();
        assert_eq!(ok.config.report.reference.as_deref(), Some("KS 2026/114"));
    }

    #[test]
    fn meeting_dates_are_dates() {
        let src =
            "[book]\ntitle = \"T\"\n[[participate.meetings]]\ndate = \"tisdag\"\nplace = \"B\"\n";
        let err = parse_config(src).unwrap_err();
        assert!(err.0[0].message.contains("not a date"), "{}", err);
        assert_eq!(err.0[0].line, Some(4));
        let ok = src.replace("tisdag", "2026-05-12 18:00");
        assert!(parse_config(&ok).is_ok());
    }

    #[test]
    fn form_and_base_urls_are_web_addresses() {
        let e = parse_config(
            "[book]\ntitle = \"T\"\n[participate]\nform_url = \"javascript:alert(1)\"\n",
        )
        .unwrap_err();
        assert_eq!((e.0[0].line, e.0[0].column), (Some(4), Some(1)));
        assert!(
            e.0[0].message.contains("form_url must be a web address"),
            "{}",
            e.0[0].message
        );
        let e = parse_config("[book]\ntitle = \"T\"\n[build]\nbase_url = \"java\\tscript:x\"\n")
            .unwrap_err();
        assert!(e.0[0].message.contains("base_url"), "{}", e.0[0].message);
        let ok = "[book]\ntitle = \"T\"\n[build]\nbase_url = \"HTTPS://x.example/\"\n[participate]\nform_url = \"http://x.example/f\"\n";
        assert!(parse_config(ok).is_ok());
    }

    #[test]
    fn area_type_out_of_range() {
        let err = parse_config("[book]\ntitle = \"T\"\n[report]\narea_type = 7\n").unwrap_err();
        assert!(err.0[0].message.contains("1 to 5"));
        assert_eq!(err.0[0].line, Some(4));
    }
}
