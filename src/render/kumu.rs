//! The actor register as two CSV files Kumu (kumu.io) imports, so a team
//! can go on with the network there: `actors-kumu-elements.csv` (Label,
//! Type, Description, Tags) and `actors-kumu-connections.csv` (From, To,
//! Type, Strength). UTF-8 without a byte order mark, CRLF line ends,
//! fields quoted as RFC 4180 says. Made from the report as the build's
//! audience sees it, so a public build's files hold no internal actor or
//! link.

use super::OutFile;
use super::actor_map;
use super::search::plain_text;
use super::theme::Theme;
use crate::config::Settings;
use crate::model::Report;

pub use crate::paths::{
    KUMU_CONNECTIONS_URL as CONNECTIONS_URL, KUMU_ELEMENTS_URL as ELEMENTS_URL,
};

/// One CSV field. Quoted when it holds a comma, quote, line break or `|`
/// (Kumu's separator of several values) or starts or ends with a space;
/// a field that a spreadsheet would take for a formula (`=`, `+`, `-`,
/// `@`) gets a leading `'`.
pub fn field(value: &str) -> String {
    let mut v = value.replace("\r\n", "\n").replace('\r', "\n");
    if v.starts_with(['=', '+', '-', '@', '\t']) {
        v.insert(0, '\'');
    }
    let quote = v.contains([',', '"', '\n', '|', ';'])
        || v.starts_with(' ')
        || v.ends_with(' ')
        || v.starts_with('\'');
    if quote {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

fn row(out: &mut String, fields: &[&str]) {
    let cells: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// A tag for the `Tags` column: `|` separates tags there, so a `|` inside
/// one becomes `/`.
fn tag(s: &str) -> String {
    s.replace('|', "/").trim().to_string()
}

/// The two files, or none when the report has no actors.
pub fn files(report: &Report, settings: &Settings, theme: &Theme) -> Vec<OutFile> {
    if report.actors.is_empty() {
        return Vec::new();
    }
    let mut elements = String::new();
    row(&mut elements, &["Label", "Type", "Description", "Tags"]);
    let mut actors: Vec<_> = report.actors.iter().collect();
    actors.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.value.cmp(&b.id.value)));
    for a in actors {
        let mut tags: Vec<String> = Vec::new();
        for w in &a.work {
            let need = settings
                .need_areas
                .iter()
                .find(|n| n.id == w.need_area.value)
                .map_or(w.need_area.value.as_str(), |n| n.name.as_str());
            tags.push(tag(need));
            if let Some(g) = &w.target_group {
                let name = report
                    .target_groups
                    .iter()
                    .find(|t| t.id.value == g.value)
                    .map_or(g.value.as_str(), |t| t.name.as_str());
                tags.push(tag(name));
            }
        }
        let mut unique: Vec<String> = Vec::new();
        for t in tags {
            if !t.is_empty() && !unique.contains(&t) {
                unique.push(t);
            }
        }
        let mut description = plain_text(&a.does)
            .replace(super::search::SNIPPET_END, " ")
            .trim()
            .to_string();
        if !a.for_whom.trim().is_empty() {
            description = format!(
                "{description} {}: {}",
                theme.t("for_whom"),
                a.for_whom.trim()
            )
            .trim()
            .to_string();
        }
        row(
            &mut elements,
            &[
                &a.name,
                &theme.t(&format!("actor_kind_{}", a.kind.key())),
                &description,
                &unique.join("|"),
            ],
        );
    }
    let mut connections = String::new();
    row(&mut connections, &["From", "To", "Type", "Strength"]);
    let mut edges: Vec<(String, String, String, String)> = actor_map::edges(report)
        .into_iter()
        .map(|e| {
            (
                report.actors[e.a].name.clone(),
                report.actors[e.b].name.clone(),
                theme.t(&format!("link_kind_{}", e.kind.key())),
                e.strength.map(|s| s.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    edges.sort();
    for (from, to, kind, strength) in &edges {
        row(&mut connections, &[from, to, kind, strength]);
    }
    vec![
        OutFile {
            url: ELEMENTS_URL.into(),
            bytes: elements.into_bytes(),
        },
        OutFile {
            url: CONNECTIONS_URL.into(),
            bytes: connections.into_bytes(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_escaped() {
        assert_eq!(field("Röda Korset"), "Röda Korset");
        assert_eq!(field("Ekby, kommun"), "\"Ekby, kommun\"");
        assert_eq!(field("Föreningen \"Vi\""), "\"Föreningen \"\"Vi\"\"\"");
        assert_eq!(field("A | B"), "\"A | B\"");
        assert_eq!(field("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
        assert_eq!(field("rad 1\r\nrad 2"), "\"rad 1\nrad 2\"");
    }
}
