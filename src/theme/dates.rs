//! Dates shown to readers: `2026-03-14` becomes "14 mars 2026",
//! "14. mars 2026" or "14 March 2026" in the page's language, from the
//! theme's UI strings `date_months` (twelve names, comma-separated) and
//! `date_format` (`{day}`, `{month}`, `{year}`). The ISO date stays in
//! `<time datetime>` for machines. Also: when the report was last
//! updated, taken from its content, never from the clock.

use crate::config::Settings;
use crate::model::Report;

/// How one language writes a date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateStyle {
    /// January first.
    pub months: Vec<String>,
    /// A whole date, e.g. `{day} {month} {year}`.
    pub format: String,
    /// A month of a year, e.g. `{month} {year}`.
    pub month_format: String,
}

impl DateStyle {
    /// The style the UI strings describe; dates stay ISO if they do not.
    pub fn of(strings: &std::collections::BTreeMap<String, String>) -> DateStyle {
        let get = |k: &str| strings.get(k).cloned().unwrap_or_default();
        let months: Vec<String> = get("date_months")
            .split(',')
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        DateStyle {
            months: if months.len() == 12 {
                months
            } else {
                Vec::new()
            },
            format: get("date_format"),
            month_format: get("date_month_format"),
        }
    }

    /// `YYYY-MM-DD` (with an optional time after a space, kept as it is)
    /// or `YYYY-MM` in words; anything else as written.
    pub fn format(&self, iso: &str) -> String {
        let (date, time) = match iso.split_once(' ') {
            Some((d, t)) => (d, Some(t)),
            None => (iso, None),
        };
        let Some((year, month, day)) = parse(date) else {
            return iso.to_string();
        };
        let Some(name) = self.months.get(usize::from(month) - 1) else {
            return iso.to_string();
        };
        let pattern = match day {
            Some(_) if !self.format.is_empty() => &self.format,
            None if !self.month_format.is_empty() => &self.month_format,
            _ => return iso.to_string(),
        };
        let text = pattern
            .replace("{day}", &day.map(|d| d.to_string()).unwrap_or_default())
            .replace("{month}", name)
            .replace("{year}", &year.to_string());
        match time {
            Some(t) => format!("{text} {t}"),
            None => text,
        }
    }
}

/// Year, month and day (if given) of `YYYY-MM-DD` or `YYYY-MM`.
fn parse(s: &str) -> Option<(u16, u8, Option<u8>)> {
    let mut parts = s.split('-');
    let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let month: u8 = parts.next().filter(|m| m.len() == 2)?.parse().ok()?;
    let day = match parts.next() {
        Some(d) if d.len() == 2 => Some(d.parse::<u8>().ok().filter(|d| (1..=31).contains(d))?),
        Some(_) => return None,
        None => None,
    };
    if parts.next().is_some() || !(1..=12).contains(&month) {
        return None;
    }
    Some((year, month, day))
}

/// When the report was last updated: `[report] updated`, or else the
/// newest whole date (`YYYY-MM-DD`) in the timelines of the priorities the
/// audience sees. `None` if there is neither.
pub(crate) fn last_updated(report: &Report, settings: &Settings) -> Option<String> {
    if let Some(d) = &settings.config.report.updated {
        return Some(d.clone());
    }
    report
        .priorities
        .iter()
        .flat_map(|p| &p.timeline)
        .map(|e| e.date.value.as_str())
        .filter(|d| matches!(parse(d), Some((_, _, Some(_)))))
        .max()
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::default_theme;

    fn style(lang: &str) -> DateStyle {
        let theme = default_theme();
        let f = &theme.files[&format!("strings/{lang}.toml")];
        let map: std::collections::BTreeMap<String, String> =
            toml::from_str(std::str::from_utf8(&f.bytes).unwrap()).unwrap();
        DateStyle::of(&map)
    }

    #[test]
    fn dates_in_each_language() {
        assert_eq!(style("sv").format("2026-03-14"), "14 mars 2026");
        assert_eq!(style("nb").format("2026-03-14"), "14. mars 2026");
        assert_eq!(style("en").format("2026-03-14"), "14 March 2026");
        assert_eq!(style("sv").format("2026-05"), "maj 2026");
        assert_eq!(style("en").format("2026-05"), "May 2026");
        assert_eq!(
            style("sv").format("2026-09-16 18:00"),
            "16 september 2026 18:00"
        );
        assert_eq!(style("ar").format("2026-03-14"), "14 مارس 2026");
        for lang in ["so", "fa"] {
            let s = style(lang).format("2026-03-14");
            assert!(
                s.contains("14") && s.contains("2026") && !s.contains('-'),
                "{lang}: {s}"
            );
        }
    }

    #[test]
    fn what_is_not_a_date_stays_as_written() {
        let sv = style("sv");
        for s in ["2026-13-01", "14 mars", "2026-03-32", "", "2026-3-1"] {
            assert_eq!(sv.format(s), s);
        }
        assert_eq!(DateStyle::default().format("2026-03-14"), "2026-03-14");
    }
}
