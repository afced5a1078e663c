//! Spreadsheets as handed over (.xlsx from Microsoft Forms and Excel, .ods
//! from LibreOffice, old .xls): the first sheet or a named one, read with
//! the same layout rules as a CSV file. A cell's place is reported as its
//! row and column (row 3, column 2 is B3).

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto_from_rs};

use super::layout::{self, Line};
use super::{RawCell, RawTable, RawValue};
use crate::error::{Diagnostic, Pos};

/// The most cells a sheet may have (as for JSON-stat: a chart shows a few
/// hundred values; a survey export of 100,000 answers × 40 questions fits).
const MAX_CELLS: usize = 5_000_000;

/// Read a sheet (`None`: the first) of a spreadsheet file.
pub fn parse(
    file: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    header_rows: Option<u8>,
    explicit_skip: usize,
) -> Result<RawTable, Diagnostic> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        Diagnostic::error(
            "data",
            file,
            crate::msg!("xlsx.cannot-be-read", error = e.to_string()),
        )
        .hint(crate::msg!("xlsx.save-it-again-as"))
    })?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(want) => names
            .iter()
            .find(|n| n.trim() == want.trim())
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.trim().to_lowercase() == want.trim().to_lowercase())
            })
            .cloned()
            .ok_or_else(|| {
                Diagnostic::error(
                    "data",
                    file,
                    crate::msg!("xlsx.no-sheet-called", sheet = want.to_string()),
                )
                .hint(crate::msg!(
                    "xlsx.its-sheets-are",
                    sheets = names.join(", ")
                ))
            })?,
        None => names.first().cloned().ok_or_else(|| {
            Diagnostic::error("data", file, crate::msg!("xlsx.no-sheets"))
                .hint(crate::msg!("xlsx.save-the-sheet"))
        })?,
    };
    let range = book.worksheet_range(&name).map_err(|e| {
        Diagnostic::error(
            "data",
            file,
            crate::msg!(
                "xlsx.sheet-cannot-be-read",
                sheet = &name,
                error = e.to_string()
            ),
        )
        .hint(crate::msg!("xlsx.save-the-file-again"))
    })?;
    let (h, w) = range.get_size();
    if h.saturating_mul(w) > MAX_CELLS {
        return Err(Diagnostic::error(
            "data",
            file,
            crate::msg!(
                "xlsx.too-many-cells",
                sheet = &name,
                rows = h,
                columns = w,
                max = MAX_CELLS
            ),
        )
        .hint(crate::msg!("xlsx.delete-unused")));
    }
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut lines = Vec::new();
    let mut blank_before = false;
    for (r, row) in range.rows().enumerate() {
        let line = row0
            .saturating_add(u32::try_from(r).unwrap_or(u32::MAX))
            .saturating_add(1);
        if line <= u32::try_from(explicit_skip).unwrap_or(u32::MAX) {
            continue;
        }
        let mut cells: Vec<RawCell> = row
            .iter()
            .enumerate()
            .map(|(c, d)| {
                let column = col0
                    .saturating_add(u32::try_from(c).unwrap_or(u32::MAX))
                    .saturating_add(1);
                RawCell {
                    value: value(d),
                    code: None,
                    pos: Some(Pos::new(line, column)),
                }
            })
            .collect();
        // Leading empty columns of the sheet are kept (an empty header is
        // named by position); trailing empty cells are not stored.
        while cells
            .last()
            .is_some_and(|c| matches!(&c.value, RawValue::Missing))
        {
            cells.pop();
        }
        if cells.is_empty() {
            blank_before = true;
            continue;
        }
        lines.push(Line {
            line,
            blank_before: std::mem::take(&mut blank_before),
            cells,
        });
    }
    if lines.is_empty() {
        return Err(Diagnostic::error(
            "data",
            file,
            crate::msg!("xlsx.sheet-is-empty", sheet = &name),
        )
        .hint(crate::msg!("xlsx.name-the-sheet")));
    }
    layout::table(
        file,
        lines,
        layout::Options {
            explicit_skip: explicit_skip > 0,
            header_rows,
            pad_short_rows: true,
            separator: None,
        },
    )
}

fn value(d: &Data) -> RawValue {
    match d {
        Data::Empty | Data::Error(_) => RawValue::Missing,
        Data::String(s) if s.trim().is_empty() => RawValue::Missing,
        Data::String(s) => RawValue::Text(s.clone()),
        Data::Int(i) => RawValue::Number(*i as f64),
        Data::Float(f) => RawValue::Number(*f),
        Data::Bool(b) => RawValue::Text(b.to_string()),
        Data::DateTime(dt) => RawValue::Text(excel_date(dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => RawValue::Text(s.clone()),
    }
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> String {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return super::super::spec::number_text(serial);
    }
    // Days since 1970-01-01, then the civil date (Howard Hinnant's method).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn excel_dates() {
        assert_eq!(super::excel_date(45_658.5), "2025-01-01");
        assert_eq!(super::excel_date(25_569.0), "1970-01-01");
    }
}
