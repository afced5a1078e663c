//! The frame of the PDF around the converted pages: document metadata
//! (title, language, authors, date), page setup with a running header and
//! footer, the cover with the report's facts and case-file fields, and the
//! table of contents. Labels are in the PDF's language.

use crate::config::{Audience, Settings};

use super::markup::{escape_text, string_literal};
use super::world::FONT_FAMILY;

/// The PDF's own labels in one language.
pub(crate) struct Labels {
    pub(crate) contents: &'static str,
    pub(crate) page: &'static str,
    pub(crate) of: &'static str,
    pub(crate) area: &'static str,
    pub(crate) municipality: &'static str,
    pub(crate) organisation: &'static str,
    pub(crate) period: &'static str,
    pub(crate) area_type: &'static str,
    pub(crate) reference: &'static str,
    pub(crate) date: &'static str,
    pub(crate) author: &'static str,
    pub(crate) internal: &'static str,
}

/// The labels of `lang` (Swedish, Norwegian, English, Arabic; English for
/// other languages).
pub(crate) fn labels(lang: &str) -> Labels {
    match lang {
        "sv" => Labels {
            contents: "Innehåll",
            page: "Sida",
            of: "av",
            area: "Område",
            municipality: "Kommun",
            organisation: "Organisation",
            period: "Period",
            area_type: "Områdestyp (Segregationsbarometern)",
            reference: "Diarienummer",
            date: "Datum",
            author: "Upprättad av",
            internal: "Intern version – innehåller uppgifter som inte får publiceras.",
        },
        "nb" | "no" | "nn" => Labels {
            contents: "Innhold",
            page: "Side",
            of: "av",
            area: "Område",
            municipality: "Kommune",
            organisation: "Organisasjon",
            period: "Periode",
            area_type: "Områdetype",
            reference: "Saksnummer",
            date: "Dato",
            author: "Utarbeidet av",
            internal: "Intern versjon – inneholder opplysninger som ikke skal publiseres.",
        },
        "ar" => Labels {
            contents: "المحتويات",
            page: "صفحة",
            of: "من",
            area: "المنطقة",
            municipality: "البلدية",
            organisation: "المنظمة",
            period: "الفترة",
            area_type: "نوع المنطقة",
            reference: "رقم الملف",
            date: "التاريخ",
            author: "أعدّه",
            internal: "نسخة داخلية – تحتوي على معلومات لا يجوز نشرها.",
        },
        _ => Labels {
            contents: "Contents",
            page: "Page",
            of: "of",
            area: "Area",
            municipality: "Municipality",
            organisation: "Organisation",
            period: "Period",
            area_type: "Area type (Segregation barometer)",
            reference: "Reference",
            date: "Date",
            author: "Prepared by",
            internal: "Internal version – contains information that must not be published.",
        },
    }
}

/// `(year, month, day)` of an ISO date `YYYY-MM-DD`.
pub(crate) fn parse_date(s: &str) -> Option<(i32, u8, u8)> {
    let mut it = s.trim().splitn(3, '-');
    let y = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// A date as readers of `lang` write it ("14 mars 2026", "14. mars 2026",
/// "14 March 2026"), as the site's pages write it.
pub(crate) fn long_date(iso: &str, lang: &str) -> String {
    crate::theme::dates::DateStyle::of(&crate::theme::compile::builtin_strings(lang)).format(iso)
}

/// What the frame needs to know.
pub(crate) struct Frame<'a> {
    pub(crate) settings: &'a Settings,
    pub(crate) lang: &'a str,
    pub(crate) audience: Audience,
    /// The flyer: no cover, no contents, no running header.
    pub(crate) flyer: bool,
    /// The area type as the home page states it ("2 av 5 – …"), from
    /// `area_type` or SCB's index table.
    pub(crate) area_type: Option<String>,
}

impl Frame<'_> {
    /// Metadata and page setup, then the cover and contents (the report).
    pub(crate) fn preamble(&self) -> String {
        let s = self.settings;
        let l = labels(self.lang);
        let book = &s.config.book;
        let report = &s.config.report;
        let mut out = String::new();
        let authors: Vec<String> = book.authors.iter().map(|a| string_literal(a)).collect();
        let date = report
            .date
            .as_deref()
            .and_then(parse_date)
            .map_or("none".to_string(), |(y, m, d)| {
                format!("datetime(year: {y}, month: {m}, day: {d})")
            });
        out.push_str(&format!(
            "#set document(title: {}, author: ({}), description: {}, date: {date})\n",
            string_literal(&book.title),
            authors.iter().map(|a| format!("{a},")).collect::<String>(),
            string_literal(&book.description),
        ));
        out.push_str(&format!(
            "#set text(font: {}, size: 10pt, lang: {})\n",
            string_literal(FONT_FAMILY),
            string_literal(self.lang)
        ));
        out.push_str("#set par(justify: false, leading: 0.65em, spacing: 1em)\n");
        out.push_str("#set heading(numbering: none)\n");
        out.push_str("#show heading: set block(above: 1.4em, below: 0.8em)\n");
        out.push_str("#show heading.where(level: 1): set text(size: 16pt)\n");
        out.push_str("#show heading.where(level: 2): set text(size: 13pt)\n");
        out.push_str("#show heading.where(level: 3): set text(size: 11pt)\n");
        if self.flyer {
            // A poster is read from two metres.
            out.push_str("#show heading.where(level: 1): set text(size: 34pt)\n#show heading.where(level: 2): set text(size: 17pt)\n");
            out.push_str("#set text(size: 14pt)\n");
        }
        // Tables may run over pages; a chart stays whole with its caption.
        out.push_str("#show figure: set block(breakable: true)\n");
        out.push_str("#show figure.where(kind: image): set block(breakable: false)\n");
        out.push_str("#show link: set text(fill: rgb(\"#0b5394\"))\n");
        out.push_str("#set table(inset: 4pt, stroke: 0.5pt + luma(140))\n");
        out.push_str("#set table.cell(breakable: true)\n");
        let internal = self.audience == Audience::Internal;
        let marker = if internal {
            format!(
                "#text(fill: rgb(\"#a00000\"), weight: \"bold\")[{}]",
                escape_text(l.internal)
            )
        } else {
            String::new()
        };
        let running = escape_text(&book.title);
        let org = escape_text(&report.organisation);
        let header = if self.flyer {
            if internal {
                format!("[#set text(size: 8pt); {marker}]")
            } else {
                "none".to_string()
            }
        } else {
            format!(
                "context {{ if here().page() > 1 [#set text(size: 8pt, fill: luma(60)); {running} #h(1fr) {marker}] }}"
            )
        };
        let footer = if self.flyer {
            "none".to_string()
        } else {
            format!(
                "context {{ if here().page() > 1 [#set text(size: 8pt, fill: luma(60)); {org} #h(1fr) {} #counter(page).display() {} #counter(page).final().first()] }}",
                escape_text(l.page),
                escape_text(l.of)
            )
        };
        out.push_str(&format!(
            "#set page(paper: \"a4\", margin: (x: 2.2cm, top: 2.4cm, bottom: 2.4cm), header: {header}, footer: {footer})\n\n"
        ));
        if !self.flyer {
            out.push_str(&self.cover(&l, &marker));
            out.push_str(&format!(
                "#outline(title: [{}], depth: 2)\n#pagebreak(weak: true)\n\n",
                escape_text(l.contents)
            ));
        }
        out
    }

    fn cover(&self, l: &Labels, marker: &str) -> String {
        let s = self.settings;
        let report = &s.config.report;
        let mut facts: Vec<(&str, String)> = Vec::new();
        let mut fact = |label: &'static str, value: &str| {
            if !value.trim().is_empty() {
                facts.push((label, value.trim().to_string()));
            }
        };
        fact(l.area, &report.area);
        fact(l.municipality, &report.municipality);
        fact(l.organisation, &report.organisation);
        fact(l.period, &report.period);
        if let Some(t) = &self.area_type {
            fact(l.area_type, t);
        }
        fact(l.reference, report.reference.as_deref().unwrap_or(""));
        let date = report.date.as_deref().map(|d| long_date(d, self.lang));
        fact(l.date, date.as_deref().unwrap_or(""));
        fact(l.author, report.author.as_deref().unwrap_or(""));
        let items: Vec<String> = facts
            .iter()
            .map(|(k, v)| format!("terms.item[{}][{}]", escape_text(k), escape_text(v)))
            .collect();
        let mut out = String::from("#page(header: none, footer: none)[\n#v(3cm)\n");
        out.push_str(&format!(
            "#title[{}]\n\n",
            escape_text(&s.config.book.title)
        ));
        if !s.config.book.description.trim().is_empty() {
            out.push_str(&format!(
                "#text(size: 12pt)[{}]\n\n",
                escape_text(&s.config.book.description)
            ));
        }
        out.push_str("#v(1.5cm)\n");
        if !items.is_empty() {
            out.push_str(&format!(
                "#terms(separator: [: ], spacing: 0.9em, {})\n\n",
                items.join(", ")
            ));
        }
        if !marker.is_empty() {
            out.push_str(&format!("#v(1cm)\n{marker}\n\n"));
        }
        out.push_str("]\n\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_language() {
        assert_eq!(long_date("2026-03-14", "sv"), "14 mars 2026");
        assert_eq!(long_date("2026-03-14", "nb"), "14. mars 2026");
        assert_eq!(long_date("2026-03-14", "en"), "14 March 2026");
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("mars 2026"), None);
    }
}
