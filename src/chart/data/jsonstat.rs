//! JSON-stat 2.0 datasets, the default output of SCB's and SSB's
//! PxWebApi v2: `id` and `size` name the dimensions, `value` holds the
//! numbers flat in row-major order (the last dimension varies fastest) and
//! `status` marks missing values (`..`).

use std::path::Path;

use serde_json::Value;

use super::{Column, RawCell, RawRow, RawTable, RawValue};
use crate::error::{Diagnostic, Pos};

/// Status codes that mean the value is missing or withheld.
fn missing_status(s: &str) -> bool {
    matches!(s.trim(), ".." | "." | "-" | ":" | "…")
}

/// The most cells a dataset may have. Every cell becomes a row in memory
/// (several hundred bytes), and a sparse `value` object or missing values
/// let a small file name many cells. A chart shows a few hundred values;
/// a table this large is better cut down in PxWeb before it is saved.
const MAX_CELLS: usize = 1_000_000;

fn err(file: &Path, message: impl Into<crate::error::Message>) -> Diagnostic {
    Diagnostic::error("data", file, message).hint(crate::msg!("data.the-file-must-be-a"))
}

/// The categories of one dimension in index order: (code, label).
fn categories(
    file: &Path,
    id: &str,
    dim: &Value,
    size: usize,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let cat = dim.get("category").ok_or_else(|| {
        err(
            file,
            crate::msg!("data2.dimension-has-no-category", id = id.to_string()),
        )
    })?;
    let labels = cat.get("label").and_then(Value::as_object);
    let label_of = |code: &str| {
        labels
            .and_then(|l| l.get(code))
            .and_then(Value::as_str)
            .unwrap_or(code)
            .to_string()
    };
    let mut codes: Vec<Option<String>> = vec![None; size];
    match cat.get("index") {
        Some(Value::Array(a)) => {
            for (i, c) in a.iter().enumerate() {
                let code = c.as_str().ok_or_else(|| {
                    err(
                        file,
                        crate::msg!(
                            "data2.dimension-category-index-must-hold",
                            id = id.to_string()
                        ),
                    )
                })?;
                if i < size {
                    codes[i] = Some(code.to_string());
                }
            }
        }
        Some(Value::Object(o)) => {
            for (code, pos) in o {
                let p = pos
                    .as_u64()
                    .and_then(|p| usize::try_from(p).ok())
                    .filter(|p| *p < size)
                    .ok_or_else(|| {
                        err(
                            file,
                            crate::msg!(
                                "data2.dimension-category-has-position-outside",
                                id = id.to_string(),
                                code = code.to_string(),
                                pos = pos.to_string(),
                                saturating_sub = (size.saturating_sub(1)).to_string()
                            ),
                        )
                    })?;
                codes[p] = Some(code.clone());
            }
        }
        None => {
            // Allowed for a single category: the label's only key.
            if let Some(l) = labels
                && l.len() == 1
                && size == 1
            {
                codes[0] = l.keys().next().cloned();
            }
        }
        Some(_) => {
            return Err(err(
                file,
                crate::msg!(
                    "data2.dimension-category-index-must-be",
                    id = id.to_string()
                ),
            ));
        }
    }
    codes
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            c.map(|c| {
                let l = label_of(&c);
                (c, l)
            })
            .ok_or_else(|| {
                err(
                    file,
                    crate::msg!(
                        "data2.dimension-has-no-category-at",
                        id = id.to_string(),
                        i = i.to_string()
                    ),
                )
            })
        })
        .collect()
}

/// Parse a JSON-stat 2.0 dataset into a long table: one column per
/// dimension (labels, with codes kept for filters) and a value column.
pub fn parse(file: &Path, bytes: &[u8]) -> Result<RawTable, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| {
        Diagnostic::error(
            "data",
            file,
            crate::msg!("data.invalid-json", e = e.to_string()),
        )
        .at(Some(Pos::new(
            u32::try_from(e.line()).unwrap_or(0),
            u32::try_from(e.column()).unwrap_or(0).max(1),
        )))
        .hint(crate::msg!("data.check-for-a-missing-comma"))
    })?;
    if doc.get("class").and_then(Value::as_str) == Some("dataset") {
        return from_value(file, &doc);
    }
    if let Some(t) = super::pxweb::parse_value(file, &doc) {
        return t;
    }
    if let Some(v2) = super::jsonstat1::to_v2(&doc) {
        return from_value(file, &v2);
    }
    Err(
        Diagnostic::error("data", file, crate::msg!("data.not-a-json-stat-dataset"))
            .hint(crate::msg!("data.save-the-table-from-pxweb")),
    )
}

/// A JSON-stat 2.0 dataset already parsed as JSON.
pub fn from_value(file: &Path, doc: &Value) -> Result<RawTable, Diagnostic> {
    let ids: Vec<String> = doc
        .get("id")
        .and_then(Value::as_array)
        .ok_or_else(|| err(file, crate::msg!("data2.the-dataset-has-no-id")))?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect::<Option<_>>()
        .ok_or_else(|| err(file, crate::msg!("data2.id-must-be-a-list")))?;
    let sizes: Vec<usize> = doc
        .get("size")
        .and_then(Value::as_array)
        .ok_or_else(|| err(file, crate::msg!("data2.the-dataset-has-no-size")))?
        .iter()
        .map(|v| v.as_u64().and_then(|n| usize::try_from(n).ok()))
        .collect::<Option<_>>()
        .ok_or_else(|| err(file, crate::msg!("data2.size-must-be-a-list")))?;
    if ids.len() != sizes.len() || ids.is_empty() {
        return Err(err(
            file,
            crate::msg!(
                "data2.id-has-dimensions-but-size",
                count = (ids.len()).to_string(),
                count2 = (sizes.len()).to_string()
            ),
        ));
    }
    let total = sizes
        .iter()
        .try_fold(1usize, |a, s| a.checked_mul(*s))
        .filter(|t| *t <= MAX_CELLS)
        .ok_or_else(|| {
            let product = sizes.iter().map(ToString::to_string).collect::<Vec<_>>();
            Diagnostic::error(
                "data",
                file,
                crate::msg!(
                    "data.the-dataset-has-cells-kartsite",
                    join = (product.join(" × ")).to_string(),
                    MAX_CELLS = MAX_CELLS.to_string()
                ),
            )
            .hint(crate::msg!("data.download-only-the-regions-years"))
        })?;
    let dims = doc
        .get("dimension")
        .and_then(Value::as_object)
        .ok_or_else(|| err(file, crate::msg!("data2.the-dataset-has-no-dimension")))?;
    let mut columns = Vec::new();
    let mut cats = Vec::new();
    for (id, size) in ids.iter().zip(&sizes) {
        let dim = dims.get(id).ok_or_else(|| {
            err(
                file,
                crate::msg!("data2.dimension-is-listed-in-id", id = id.to_string()),
            )
        })?;
        cats.push(categories(file, id, dim, *size)?);
        columns.push(Column {
            name: id.clone(),
            alias: dim.get("label").and_then(Value::as_str).map(str::to_string),
            pos: None,
        });
    }
    let values: Vec<Option<f64>> = match doc.get("value") {
        Some(Value::Array(a)) => {
            if a.len() != total {
                return Err(err(
                    file,
                    crate::msg!(
                        "data2.value-has-numbers-but-the",
                        count = (a.len()).to_string(),
                        sizes = format!("{:?}", sizes),
                        total = total.to_string()
                    ),
                ));
            }
            a.iter()
                .enumerate()
                .map(|(i, v)| number(file, i, v))
                .collect::<Result<_, _>>()?
        }
        Some(Value::Object(o)) => {
            let mut out = vec![None; total];
            for (k, v) in o {
                let i = k
                    .parse::<usize>()
                    .ok()
                    .filter(|i| *i < total)
                    .ok_or_else(|| {
                        err(
                            file,
                            crate::msg!(
                                "data2.value-has-the-key-not",
                                k = k.to_string(),
                                total = total.to_string()
                            ),
                        )
                    })?;
                out[i] = number(file, i, v)?;
            }
            out
        }
        _ => return Err(err(file, crate::msg!("data2.the-dataset-has-no-value"))),
    };
    let mut missing = vec![false; total];
    match doc.get("status") {
        Some(Value::String(s)) if missing_status(s) => missing.iter_mut().for_each(|m| *m = true),
        Some(Value::Array(a)) => {
            for (i, s) in a.iter().enumerate().take(total) {
                if s.as_str().is_some_and(missing_status) {
                    missing[i] = true;
                }
            }
        }
        Some(Value::Object(o)) => {
            for (k, s) in o {
                if let Ok(i) = k.parse::<usize>()
                    && i < total
                    && s.as_str().is_some_and(missing_status)
                {
                    missing[i] = true;
                }
            }
        }
        _ => {}
    }
    let value_name = doc
        .get("label")
        .and_then(Value::as_str)
        .unwrap_or("value")
        .to_string();
    columns.push(Column {
        name: value_name,
        alias: Some("value".into()),
        pos: None,
    });
    // Row-major: the last dimension varies fastest.
    let mut rows = Vec::with_capacity(total);
    let mut coord = vec![0usize; sizes.len()];
    for i in 0..total {
        let mut cells: Vec<RawCell> = coord
            .iter()
            .zip(&cats)
            .map(|(&c, cat)| RawCell {
                value: RawValue::Text(cat[c].1.clone()),
                code: Some(cat[c].0.clone()),
                pos: None,
            })
            .collect();
        cells.push(RawCell {
            value: match values[i] {
                Some(v) if !missing[i] => RawValue::Number(v),
                _ => RawValue::Missing,
            },
            code: None,
            pos: None,
        });
        rows.push(RawRow { pos: None, cells });
        for d in (0..coord.len()).rev() {
            coord[d] += 1;
            if coord[d] < sizes[d] {
                break;
            }
            coord[d] = 0;
        }
    }
    if rows.is_empty() {
        return Err(err(file, crate::msg!("data2.the-dataset-has-no-values")));
    }
    let default_value = Some(columns.len() - 1);
    Ok(RawTable {
        file: file.to_path_buf(),
        columns,
        rows,
        default_value,
        notes: Vec::new(),
    })
}

fn number(file: &Path, i: usize, v: &Value) -> Result<Option<f64>, Diagnostic> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(n.as_f64()),
        other => Err(err(
            file,
            crate::msg!(
                "data2.value-number-is-not-a",
                i = i.to_string(),
                other = other.to_string()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCB: &str = r#"{
      "version": "2.0", "class": "dataset", "label": "Folkmängd",
      "id": ["Region", "Alder", "Tid"], "size": [2, 2, 2],
      "dimension": {
        "Region": {"label": "region", "category": {"index": {"1780": 0, "1781": 1},
                   "label": {"1780": "Karlstad", "1781": "Kristinehamn"}}},
        "Alder": {"label": "ålder", "category": {"index": ["0-19", "65+"],
                   "label": {"0-19": "0–19 år", "65+": "65+ år"}}},
        "Tid": {"label": "år", "category": {"index": {"2023": 0, "2024": 1}}}
      },
      "value": [1, 2, 3, 4, 5, null, 7, 8],
      "status": {"5": "..", "7": ".."}
    }"#;

    #[test]
    fn row_major_order_labels_and_status() {
        let t = parse(Path::new("d.json"), SCB.as_bytes()).unwrap();
        assert_eq!(t.columns.len(), 4);
        assert_eq!(t.columns[1].alias.as_deref(), Some("ålder"));
        assert_eq!(t.rows.len(), 8);
        // Position 3 = Karlstad, 65+, 2024.
        let r = &t.rows[3];
        assert_eq!(r.cells[0].value, RawValue::Text("Karlstad".into()));
        assert_eq!(r.cells[0].code.as_deref(), Some("1780"));
        assert_eq!(r.cells[1].value, RawValue::Text("65+ år".into()));
        assert_eq!(r.cells[2].value, RawValue::Text("2024".into()));
        assert_eq!(r.cells[3].value, RawValue::Number(4.0));
        // null and status ".." are missing, even with a number.
        assert_eq!(t.rows[5].cells[3].value, RawValue::Missing);
        assert_eq!(t.rows[7].cells[3].value, RawValue::Missing);
        assert_eq!(t.default_value, Some(3));
    }

    /// A dataset whose sizes multiply to many cells, from a small file:
    /// three dimensions of `k` categories with long labels, no values.
    fn many_cells(k: usize) -> String {
        let dim = |d: usize| {
            let index: Vec<String> = (0..k).map(|j| format!("\"c{j}\"")).collect();
            let label: Vec<String> = (0..k)
                .map(|j| format!("\"c{j}\": \"{}\"", format!("Etikett {j} ").repeat(5)))
                .collect();
            format!(
                "\"d{d}\": {{\"category\": {{\"index\": [{}], \"label\": {{{}}}}}}}",
                index.join(","),
                label.join(",")
            )
        };
        format!(
            "{{\"class\": \"dataset\", \"id\": [\"d0\", \"d1\", \"d2\"], \"size\": [{k}, {k}, {k}], \"dimension\": {{{}, {}, {}}}, \"value\": {{}}}}",
            dim(0),
            dim(1),
            dim(2)
        )
    }

    /// Found while fuzzing (`chart_data`, run on this input by hand): 50 kB
    /// naming 215 × 215 × 215 cells made kartsite allocate over 2 GB.
    #[test]
    fn a_small_file_cannot_name_millions_of_cells() {
        let json = many_cells(215);
        assert!(json.len() < 60_000, "{}", json.len());
        let e = parse(Path::new("d.json"), json.as_bytes()).unwrap_err();
        assert!(e.message.contains("215 × 215 × 215"), "{e}");
        assert!(e.message.contains("at most 1000000"), "{e}");
        assert!(e.hint.as_deref().unwrap_or("").contains("PxWeb"), "{e}");
        // Below the limit the same shape is read, every cell missing.
        let t = parse(Path::new("d.json"), many_cells(4).as_bytes()).unwrap();
        assert_eq!(t.rows.len(), 64);
        assert!(t.rows.iter().all(|r| r.cells[3].value == RawValue::Missing));
    }

    #[test]
    fn size_mismatch_and_bad_json() {
        let bad = SCB.replace("[1, 2, 3, 4, 5, null, 7, 8]", "[1, 2, 3]");
        let e = parse(Path::new("d.json"), bad.as_bytes()).unwrap_err();
        assert!(e.message.contains("3 numbers"), "{e}");
        let e = parse(
            Path::new("d.json"),
            b"{\n\"class\": \"dataset\",\n\"id\" [1]\n}",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = parse(Path::new("d.json"), b"{\"version\": \"2.0\"}").unwrap_err();
        assert!(e.message.contains("dataset"), "{e}");
    }
}
