//! The layout of an export as it comes: title lines above the header, one
//! or two header rows, the data, and a notes block below it (SCB's source,
//! footnotes and "Anm."). CSV files and spreadsheets are first read into
//! [`Line`]s; this module finds the parts, and says in notes for `kartsite
//! check` what it skipped.

use std::path::Path;

use super::number::parse_number;
use super::{Column, RawCell, RawRow, RawTable, RawValue};
use crate::error::{Diagnostic, Pos};

/// One line (CSV record or spreadsheet row) with its cells.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line (or spreadsheet row) number.
    pub line: u32,
    /// A blank line came right before this one.
    pub blank_before: bool,
    pub cells: Vec<RawCell>,
}

impl Line {
    fn text(&self, i: usize) -> String {
        self.cells.get(i).map(RawCell::label).unwrap_or_default()
    }

    fn first_text(&self) -> String {
        self.cells
            .iter()
            .map(RawCell::label)
            .find(|l| !l.is_empty())
            .unwrap_or_default()
    }
}

/// How the layout is found.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// `skip_rows` written in the spec: no title detection.
    pub explicit_skip: bool,
    /// `header_rows` written in the spec (1 or 2); else detected.
    pub header_rows: Option<u8>,
    /// Spreadsheets: rows shorter than the header are padded with empty
    /// cells (a sheet does not store trailing empty cells).
    pub pad_short_rows: bool,
    /// What a ragged line's fields are separated by, for its hint.
    pub separator: Option<char>,
}

/// Words that start a notes block below the data (Swedish, Norwegian,
/// English), lowercase.
const NOTE_WORDS: &[&str] = &[
    "källa",
    "kilde",
    "source",
    "anm",
    "fotnot",
    "fotnote",
    "footnote",
    "förklaring",
    "forklaring",
    "kommentar",
    "merknad",
    "note",
    "uppgifterna",
    "senast uppdaterad",
    "sist oppdatert",
    "last updated",
    "definition",
    "tabellen",
];

fn is_note_text(s: &str) -> bool {
    let l = s.trim().to_lowercase();
    NOTE_WORDS.iter().any(|w| l.starts_with(w))
}

/// A value cell that is text but no number: part of a header row.
fn is_heading_text(c: &RawCell) -> bool {
    match &c.value {
        RawValue::Text(t) => !t.trim().is_empty() && parse_number(t).is_none(),
        _ => false,
    }
}

/// The most common width of lines with at least two cells (ties go to the
/// wider), or 1 for a one-column file.
fn table_width(lines: &[Line]) -> usize {
    let mut counts: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for l in lines {
        if l.cells.len() >= 2 {
            *counts.entry(l.cells.len()).or_default() += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(w, n)| (**n, **w))
        .map_or(1, |(w, _)| *w)
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Find the header, the data and the notes of `lines` and build the table.
pub fn table(file: &Path, lines: Vec<Line>, opts: Options) -> Result<RawTable, Diagnostic> {
    let mut notes = Vec::new();
    let width = table_width(&lines);
    let header_at = if opts.explicit_skip || width == 1 {
        0
    } else {
        lines
            .iter()
            .position(|l| l.cells.len() == width)
            .unwrap_or(0)
    };
    if header_at > 0 {
        let first = &lines[0];
        notes.push(
            Diagnostic::note(
                "data",
                file,
                crate::msg!(
                    "layout.skipped-title-line-s-above",
                    header_at = header_at.to_string(),
                    first_text = (short(&first.first_text())).to_string(),
                    line = (lines[header_at].line).to_string()
                ),
            )
            .at(Some(Pos::new(first.line, 1)))
            .hint(crate::msg!("layout.kartsite-finds-the-header-by")),
        );
    }
    let mut rest = lines.into_iter().skip(header_at);
    let Some(header) = rest.next() else {
        return Err(
            Diagnostic::error("data", file, crate::msg!("layout.the-file-has-no-data"))
                .at(Some(Pos::new(1, 1)))
                .hint(crate::msg!("layout.the-first-line-names-the")),
        );
    };
    let mut body: Vec<Line> = rest.collect();
    let mut names: Vec<(String, Option<Pos>)> =
        header.cells.iter().map(|c| (c.label(), c.pos)).collect();
    // A second header row: a year row over a sex row.
    let second = body.first().is_some_and(|s| {
        let looks = s.cells.len() == header.cells.len()
            && s.cells.len() > 1
            && s.cells[1..].iter().all(is_heading_text)
            && {
                let mut seen: Vec<&str> = Vec::new();
                names.iter().skip(1).any(|(n, _)| {
                    let dup = n.is_empty() || seen.contains(&n.as_str());
                    seen.push(n);
                    dup
                })
            };
        match opts.header_rows {
            Some(n) => n >= 2,
            None => looks,
        }
    });
    if second {
        let s = body.remove(0);
        let mut top = String::new();
        for (i, (name, _)) in names.iter_mut().enumerate() {
            if !name.is_empty() {
                top = name.clone();
            } else if i == 0 {
                top.clear();
            }
            let below = s.text(i);
            *name = [top.as_str(), below.as_str()]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
        }
        notes.push(
            Diagnostic::note(
                "data",
                file,
                crate::msg!(
                    "layout.read-lines-and-as-one",
                    line = (header.line).to_string(),
                    line2 = (s.line).to_string(),
                    value = (names.get(1).map_or("", |n| n.0.as_str())).to_string()
                ),
            )
            .at(Some(Pos::new(header.line, 1)))
            .hint(crate::msg!("layout.name-these-columns-with-both")),
        );
    }
    let mut columns: Vec<Column> = Vec::with_capacity(names.len());
    for (name, pos) in names {
        if !name.is_empty()
            && let Some(c) = columns.iter().find(|c| c.name == name)
        {
            let first = c.pos.map_or(0, |p| p.column);
            return Err(Diagnostic::error(
                "data",
                file,
                crate::msg!(
                    "layout.the-column-name-appears-twice",
                    name = name.to_string()
                ),
            )
            .at(pos)
            .hint(crate::msg!(
                "layout.rename-one-of-them-the",
                first = first.to_string(),
                line = (header.line).to_string()
            )));
        }
        columns.push(Column {
            name,
            alias: None,
            pos,
        });
    }
    // The notes block: from a line after the data that starts with a note
    // word, or a line of another width after a blank line.
    let cols = columns.len();
    let notes_at = body.iter().enumerate().position(|(i, l)| {
        i > 0
            && (is_note_text(&l.first_text())
                || (l.blank_before && l.cells.len() != cols && !opts.pad_short_rows)
                || (l.blank_before && opts.pad_short_rows && l.cells.len() == 1))
    });
    if let Some(at) = notes_at {
        let skipped = body.split_off(at);
        let (first, last) = (skipped[0].line, skipped[skipped.len() - 1].line);
        let texts: Vec<String> = skipped
            .iter()
            .map(Line::first_text)
            .filter(|t| !t.is_empty())
            .take(3)
            .map(|t| format!("\"{}\"", short(&t)))
            .collect();
        notes.push(
            Diagnostic::note(
                "data",
                file,
                crate::msg!(
                    "layout.skipped-the-notes-below-the",
                    first = first.to_string(),
                    last = last.to_string(),
                    join = (texts.join(", ")).to_string()
                ),
            )
            .at(Some(Pos::new(first, 1)))
            .hint(crate::msg!("layout.write-the-source-in-the")),
        );
    }
    let mut rows = Vec::with_capacity(body.len());
    for mut l in body {
        if l.cells.len() < cols && opts.pad_short_rows {
            let pos = Some(Pos::new(l.line, 1));
            l.cells.resize(
                cols,
                RawCell {
                    value: RawValue::Missing,
                    code: None,
                    pos,
                },
            );
        }
        if l.cells.len() != cols {
            let hint = match opts.separator {
                Some(sep) => {
                    let sep_name = match sep {
                        ';' => crate::msg!("layout.semicolons"),
                        '\t' => crate::msg!("layout.tabs"),
                        _ => crate::msg!("layout.commas"),
                    };
                    crate::msg!("layout.separated-by", by = sep_name, sep = sep)
                }
                None => crate::msg!("layout.as-many-cells"),
            };
            return Err(Diagnostic::error(
                "data",
                file,
                crate::msg!(
                    "layout.row-has-values-but-the",
                    count = (l.cells.len()).to_string(),
                    cols = cols.to_string()
                ),
            )
            .at(Some(Pos::new(l.line, 1)))
            .hint(hint));
        }
        rows.push(RawRow {
            pos: Some(Pos::new(l.line, 1)),
            cells: l.cells,
        });
    }
    if rows.is_empty() {
        return Err(
            Diagnostic::error("data", file, crate::msg!("layout.the-file-has-a-header"))
                .at(Some(Pos::new(header.line, 1)))
                .hint(crate::msg!("layout.add-one-line-per-row")),
        );
    }
    Ok(RawTable {
        file: file.to_path_buf(),
        columns,
        rows,
        default_value: None,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: u32, blank: bool, cells: &[&str]) -> Line {
        Line {
            line: n,
            blank_before: blank,
            cells: cells
                .iter()
                .enumerate()
                .map(|(i, c)| RawCell {
                    value: RawValue::Text((*c).into()),
                    code: None,
                    pos: Some(Pos::new(n, u32::try_from(i).unwrap() + 1)),
                })
                .collect(),
        }
    }

    #[test]
    fn two_header_rows_are_joined_with_the_top_row_carried_right() {
        let t = table(
            Path::new("d.csv"),
            vec![
                line(1, false, &["region", "2023", "", "2024", ""]),
                line(2, false, &["", "Män", "Kvinnor", "Män", "Kvinnor"]),
                line(3, false, &["Ekby", "1", "2", "3", "4"]),
            ],
            Options::default(),
        )
        .unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "region",
                "2023 Män",
                "2023 Kvinnor",
                "2024 Män",
                "2024 Kvinnor"
            ]
        );
        assert_eq!(t.rows.len(), 1);
        assert!(
            t.notes[0].message.contains("lines 1 and 2"),
            "{:?}",
            t.notes
        );
    }

    #[test]
    fn note_words_end_the_data_even_without_a_blank_line() {
        let t = table(
            Path::new("d.csv"),
            vec![
                line(1, false, &["a", "b"]),
                line(2, false, &["x", "1"]),
                line(3, false, &["Källa: SCB"]),
            ],
            Options::default(),
        )
        .unwrap();
        assert_eq!(t.rows.len(), 1);
        assert!(t.notes[0].message.contains("lines 3–3"), "{:?}", t.notes);
    }
}
