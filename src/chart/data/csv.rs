//! CSV as exported by SCB, SSB, Excel and survey tools: comma, semicolon or
//! tab separated, UTF-8 or Latin-1, quoted fields, CRLF line endings.

use std::path::Path;

use super::layout::{self, Line};
use super::{RawCell, RawTable, RawValue};
use crate::error::{Diagnostic, Pos};

/// Decode CSV bytes: UTF-16 with a byte-order mark (Excel's "Unicode
/// text"; a broken character becomes U+FFFD), UTF-8 (with or without BOM),
/// else Latin-1 as Windows-1252 (what "ISO-8859-1" means in practice).
/// Line endings become LF.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, body)) = crate::text::utf16_bom(bytes) {
        let text = encoding.decode_without_bom_handling(body).0;
        return crate::text::normalise_newlines(text.into_owned());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.into_owned()
    }
}

/// One record: fields with their 1-based line and column.
struct Record {
    line: u32,
    blank_before: bool,
    fields: Vec<(String, Pos)>,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The separator used in `header`: the most frequent of `;`, tab and `,`
/// outside quotes (ties go to `;`, then tab).
pub fn detect_separator(header: &str) -> char {
    let (mut semi, mut tab, mut comma) = (0, 0, 0);
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semi += 1,
            '\t' if !quoted => tab += 1,
            ',' if !quoted => comma += 1,
            _ => {}
        }
    }
    if semi >= tab && semi >= comma && semi > 0 {
        ';'
    } else if tab >= comma && tab > 0 {
        '\t'
    } else {
        ','
    }
}

/// Split `text` into records. Quoted fields may hold separators, quotes
/// (`""`) and line breaks. Blank lines are skipped.
fn records(file: &Path, text: &str, sep: char, first_line: u32) -> Result<Vec<Record>, Diagnostic> {
    let mut out = Vec::new();
    let mut fields: Vec<(String, Pos)> = Vec::new();
    let mut field = String::new();
    let (mut line, mut col) = (first_line, 1u32);
    let mut field_pos = Pos::new(line, col);
    let mut record_line = line;
    let mut quoted = false;
    let mut quote_open = Pos::new(line, col);
    let mut at_field_start = true;
    let mut blank_before = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                    col += 2;
                    continue;
                }
                quoted = false;
            } else {
                field.push(c);
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                quote_open = Pos::new(line, col);
                at_field_start = false;
                col += 1;
            }
            c if c == sep => {
                // One allocation of the exact size per field; the buffer
                // keeps its capacity for the next.
                fields.push((field.as_str().into(), field_pos));
                field.clear();
                col += 1;
                field_pos = Pos::new(line, col);
                at_field_start = true;
            }
            '\n' => {
                fields.push((field.as_str().into(), field_pos));
                field.clear();
                let blank = fields.iter().all(|f| f.0.trim().is_empty());
                if blank {
                    blank_before = true;
                } else {
                    let width = fields.len();
                    out.push(Record {
                        line: record_line,
                        blank_before: std::mem::take(&mut blank_before),
                        fields: std::mem::replace(&mut fields, Vec::with_capacity(width)),
                    });
                }
                fields.clear();
                line += 1;
                col = 1;
                record_line = line;
                field_pos = Pos::new(line, col);
                at_field_start = true;
            }
            c => {
                if !(at_field_start && c == ' ') {
                    at_field_start = false;
                }
                field.push(c);
                col += 1;
            }
        }
    }
    if quoted {
        return Err(
            Diagnostic::error("data", file, crate::msg!("data.a-quoted-field-is-never"))
                .at(Some(quote_open))
                .hint(crate::msg!("data.close-the-quote-or-write")),
        );
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push((field, field_pos));
        let blank = fields.iter().all(|f| f.0.trim().is_empty());
        if !blank {
            out.push(Record {
                line: record_line,
                blank_before,
                fields,
            });
        }
    }
    Ok(out)
}

/// The separator of a file: of `;`, tab and `,`, the one that splits the
/// most of the first lines into the same number (≥ 2) of fields, so that a
/// title line with commas above semicolon-separated data is no vote for
/// commas. Ties go to `;`, then tab.
pub fn detect_file_separator(text: &str) -> char {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(200)
        .collect();
    let mut best = (
        0usize,
        detect_separator(lines.first().copied().unwrap_or("")),
    );
    for sep in [';', '\t', ','] {
        let mut counts: std::collections::BTreeMap<usize, usize> =
            std::collections::BTreeMap::new();
        for l in &lines {
            let mut quoted = false;
            let n = 1 + l
                .chars()
                .filter(|c| {
                    if *c == '"' {
                        quoted = !quoted;
                    }
                    *c == sep && !quoted
                })
                .count();
            if n >= 2 {
                *counts.entry(n).or_default() += 1;
            }
        }
        let agree = counts.values().copied().max().unwrap_or(0);
        if agree > best.0 {
            best = (agree, sep);
        }
    }
    best.1
}

/// How a CSV file is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Lines to skip before the header; 0 finds title lines by itself.
    pub skip_rows: usize,
    /// Header rows (1 or 2), else detected.
    pub header_rows: Option<u8>,
}

/// Parse a CSV file into a raw table. `skip_rows` lines before the header
/// are ignored (export titles); with 0, title lines and a notes block
/// below the data are found and skipped. Every row must have as many
/// fields as the header.
pub fn parse(file: &Path, bytes: &[u8], skip_rows: usize) -> Result<RawTable, Diagnostic> {
    parse_with(
        file,
        bytes,
        ReadOptions {
            skip_rows,
            header_rows: None,
        },
    )
}

/// [`parse`] with every option.
pub fn parse_with(file: &Path, bytes: &[u8], opts: ReadOptions) -> Result<RawTable, Diagnostic> {
    let skip_rows = opts.skip_rows;
    let text = decode(bytes);
    // Skip the first lines by byte offset, keeping line numbers.
    let mut offset = 0;
    for _ in 0..skip_rows {
        match text[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => {
                offset = text.len();
                break;
            }
        }
    }
    let rest = &text[offset..];
    let first_line = to_u32(skip_rows) + 1;
    let sep = detect_file_separator(rest);
    let recs = records(file, rest, sep, first_line)?;
    if recs.is_empty() {
        let lines = text.lines().count();
        if skip_rows > 0 && lines <= skip_rows {
            // Point at the file's last line, not at one past its end.
            return Err(Diagnostic::error(
                "data",
                file,
                crate::msg!(
                    "data.the-file-has-line-s",
                    lines = lines.to_string(),
                    skip_rows = skip_rows.to_string()
                ),
            )
            .at(Some(Pos::new(to_u32(lines.max(1)), 1)))
            .hint(crate::msg!("data.lower-skip-rows-in-the")));
        }
        return Err(
            Diagnostic::error("data", file, crate::msg!("data.the-file-has-no-data"))
                .at(Some(Pos::new(first_line, 1)))
                .hint(crate::msg!("data.the-first-line-names-the")),
        );
    }
    let lines = recs
        .into_iter()
        .map(|r| Line {
            line: r.line,
            blank_before: r.blank_before,
            cells: r
                .fields
                .into_iter()
                .map(|(t, pos)| RawCell {
                    value: RawValue::Text(t),
                    code: None,
                    pos: Some(pos),
                })
                .collect(),
        })
        .collect();
    layout::table(
        file,
        lines,
        layout::Options {
            explicit_skip: skip_rows > 0,
            header_rows: opts.header_rows,
            pad_short_rows: false,
            separator: Some(sep),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &RawTable, r: usize, c: usize) -> &str {
        match &t.rows[r].cells[c].value {
            RawValue::Text(s) => s,
            other => panic!("{other:?}"),
        }
    }

    /// Found by the `chart_data` fuzz target: a file shorter than
    /// `skip_rows` was reported on a line past its end.
    #[test]
    fn skip_rows_past_the_end_points_at_the_last_line() {
        let bytes = b"\0P\xC3\xA5s\x18Folk1799R007ter t\xC3\xA5";
        let e = parse(Path::new("d.csv"), bytes, 2).unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(1)), "{e}");
        assert!(e.message.contains("skip_rows: 2"), "{e}");
        let e = parse(Path::new("d.csv"), b"Titel\n\nK\xC3\xA4lla\n", 3).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        // Blank lines after the skipped ones are still "no data" there.
        let e = parse(Path::new("d.csv"), b"Titel\n\n\n\n", 1).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("no data"), "{e}");
    }

    #[test]
    fn comma_separated_with_quotes() {
        let t = parse(
            Path::new("d.csv"),
            b"Omr\xC3\xA5de,Andel\n\"Botkyrka (Fittja)\",\"24,1\"\n\"Sagt \"\"s\xC3\xA5\"\"\",3\n",
            0,
        )
        .unwrap();
        assert_eq!(t.columns[0].name, "Område");
        assert_eq!(text(&t, 0, 0), "Botkyrka (Fittja)");
        assert_eq!(text(&t, 0, 1), "24,1");
        assert_eq!(text(&t, 1, 0), "Sagt \"så\"");
    }

    #[test]
    fn excel_unicode_text_utf16_tab_separated() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "område\tantal\r\nNorrbacka\t1 234\r\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let t = parse(Path::new("d.csv"), &bytes, 0).unwrap();
        assert_eq!(t.columns[0].name, "område");
        assert_eq!(text(&t, 0, 0), "Norrbacka");
        assert_eq!(t.rows[0].pos.unwrap().line, 2);
    }

    #[test]
    fn semicolon_latin1_crlf_is_detected() {
        let t = parse(
            Path::new("d.csv"),
            b"\"region\";\"\xE5lder\";\"2023\"\r\n\"1780 Karlstad\";\"0-19 \xE5r\";\"1 234,5\"\r\n",
            0,
        )
        .unwrap();
        assert_eq!(t.columns[1].name, "ålder");
        assert_eq!(text(&t, 0, 1), "0-19 år");
        assert_eq!(text(&t, 0, 2), "1 234,5");
        assert_eq!(t.rows[0].pos.unwrap().line, 2);
    }

    #[test]
    fn skip_rows_and_blank_lines_keep_line_numbers() {
        let t = parse(
            Path::new("d.csv"),
            b"Folkm\xE4ngd efter region\n\nregion;2024\n\nNorrbacka;4 300\n",
            1,
        )
        .unwrap();
        assert_eq!(t.columns[1].name, "2024");
        assert_eq!(t.rows[0].pos.unwrap().line, 5);
        assert_eq!(t.rows[0].cells[1].pos.unwrap(), Pos::new(5, 11));
    }

    #[test]
    fn ragged_row_is_located() {
        let e = parse(Path::new("data/d.csv"), b"a,b\n1,2\n3,4,5\n", 0).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("3 values"), "{e}");
        assert!(e.message.contains("2 columns"), "{e}");
    }

    #[test]
    fn quoted_line_breaks_and_unclosed_quotes() {
        let t = parse(Path::new("d.csv"), b"a,b\n\"x\ny\",1\nz,2\n", 0).unwrap();
        assert_eq!(text(&t, 0, 0), "x\ny");
        assert_eq!(t.rows[1].pos.unwrap().line, 4);
        let e = parse(Path::new("d.csv"), b"a,b\n1,\"2\n3,4\n", 0).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)), "{e}");
    }

    #[test]
    fn empty_and_header_only_files() {
        let e = parse(Path::new("d.csv"), b"\n\n", 0).unwrap_err();
        assert!(e.message.contains("no data"), "{e}");
        let e = parse(Path::new("d.csv"), b"a;b\n", 0).unwrap_err();
        assert!(e.message.contains("no rows"), "{e}");
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn duplicate_header_is_located() {
        let e = parse(Path::new("d.csv"), b"a;b;a\n1;2;3\n", 0).unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(5)), "{e}");
    }

    #[test]
    fn tab_separated() {
        let t = parse(Path::new("d.tsv"), b"a\tb\n1,5\t2\n", 0).unwrap();
        assert_eq!(text(&t, 0, 0), "1,5");
    }
}
