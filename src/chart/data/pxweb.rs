//! PxWeb API v1's own "json" response (SCB's and SSB's older API with
//! `"response": {"format": "json"}`): `columns` with a code, a text and a
//! type (`d` dimension, `t` time, `c` contents), `data` rows with the
//! codes of the dimensions in `key` and one text per contents column in
//! `values` (`..` when missing), and `comments`.

use std::path::Path;

use serde_json::Value;

use super::{Column, RawCell, RawRow, RawTable, RawValue};
use crate::error::Diagnostic;

fn err(file: &Path, message: impl Into<crate::error::Message>) -> Diagnostic {
    Diagnostic::error("data", file, message).hint(crate::msg!("data.the-file-must-be-pxweb"))
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

/// The table of a PxWeb v1 json document, or `None` when `doc` has no
/// `columns` and `data` lists.
pub fn parse_value(file: &Path, doc: &Value) -> Option<Result<RawTable, Diagnostic>> {
    let columns = doc.get("columns")?.as_array()?;
    let data = doc.get("data")?.as_array()?;
    Some(read(file, columns, data, doc.get("comments")))
}

fn read(
    file: &Path,
    columns: &[Value],
    data: &[Value],
    comments: Option<&Value>,
) -> Result<RawTable, Diagnostic> {
    let mut keys = Vec::new();
    let mut contents = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let code = c.get("code").and_then(Value::as_str).ok_or_else(|| {
            err(
                file,
                crate::msg!("data2.column-has-no-code", value = (i + 1).to_string()),
            )
        })?;
        let label = c.get("text").and_then(Value::as_str).unwrap_or(code);
        let kind = c.get("type").and_then(Value::as_str).unwrap_or("d");
        if kind == "c" {
            // Contents: named by their text, answering to the code.
            contents.push(Column {
                name: label.to_string(),
                alias: Some(code.to_string()),
                pos: None,
            });
        } else {
            keys.push(Column {
                name: code.to_string(),
                alias: Some(label.to_string()),
                pos: None,
            });
        }
    }
    if contents.is_empty() {
        return Err(err(file, crate::msg!("data2.no-column-has-type-c")));
    }
    let mut rows = Vec::with_capacity(data.len());
    for (i, d) in data.iter().enumerate() {
        let key = d.get("key").and_then(Value::as_array).ok_or_else(|| {
            err(
                file,
                crate::msg!("data2.data-row-has-no-key", value = (i + 1).to_string()),
            )
        })?;
        let values = d.get("values").and_then(Value::as_array).ok_or_else(|| {
            err(
                file,
                crate::msg!("data2.data-row-has-no-values", value = (i + 1).to_string()),
            )
        })?;
        if key.len() != keys.len() || values.len() != contents.len() {
            return Err(err(
                file,
                crate::msg!(
                    "data2.data-row-has-keys-and",
                    value = (i + 1).to_string(),
                    count = (key.len()).to_string(),
                    count2 = (values.len()).to_string(),
                    count3 = (keys.len()).to_string(),
                    count4 = (contents.len()).to_string()
                ),
            ));
        }
        let mut cells = Vec::with_capacity(key.len() + values.len());
        for k in key {
            let code = text(k).ok_or_else(|| {
                err(
                    file,
                    crate::msg!("data2.data-row-has-a-key", value = (i + 1).to_string()),
                )
            })?;
            cells.push(RawCell {
                value: RawValue::Text(code.clone()),
                code: Some(code),
                pos: None,
            });
        }
        for v in values {
            let t = text(v).ok_or_else(|| {
                err(
                    file,
                    crate::msg!("data2.data-row-has-a-value", value = (i + 1).to_string()),
                )
            })?;
            cells.push(RawCell {
                value: RawValue::Text(t),
                code: None,
                pos: None,
            });
        }
        rows.push(RawRow { pos: None, cells });
    }
    if rows.is_empty() {
        return Err(err(file, crate::msg!("data2.the-table-has-no-data")));
    }
    let mut notes = Vec::new();
    let n_comments = comments.and_then(Value::as_array).map_or(0, Vec::len);
    if n_comments > 0 {
        notes.push(
            Diagnostic::note(
                "data",
                file,
                crate::msg!(
                    "data.the-table-s-comment-s",
                    n_comments = n_comments.to_string()
                ),
            )
            .hint(crate::msg!("data.write-what-readers-need-to")),
        );
    }
    let default_value = (contents.len() == 1).then_some(keys.len());
    keys.extend(contents);
    Ok(RawTable {
        file: file.to_path_buf(),
        columns: keys,
        rows,
        default_value,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::super::jsonstat;
    use std::path::Path;

    /// The shape of SCB's API v1 with `"format": "json"` for
    /// BE0101N1 (folkmängd) by region and year.
    const V1: &str = r#"{"columns":[
        {"code":"Region","text":"region","type":"d"},
        {"code":"Tid","text":"år","type":"t"},
        {"code":"BE0101N1","text":"Folkmängd","comment":"Folkmängden avser 31 december","unit":"antal","type":"c"}],
      "comments":[{"variable":"Tid","value":"2024","comment":"Preliminära uppgifter"}],
      "data":[
        {"key":["0180","2023"],"values":["988943"]},
        {"key":["0180","2024"],"values":["995574"]},
        {"key":["1480","2023"],"values":["604616"]},
        {"key":["1480","2024"],"values":[".."]}],
      "metadata":[{"infofile":"BE0101","updated":"2025-02-21T08:00:00Z","label":"Folkmängd efter region och år","source":"Statistiska centralbyrån, SCB"}]}"#;

    #[test]
    fn pxweb_v1_json_is_a_long_table_of_codes() {
        let t = jsonstat::parse(Path::new("d.json"), V1.as_bytes()).unwrap();
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.columns[2].name, "Folkmängd");
        assert_eq!(t.column("BE0101N1"), Some(2));
        assert_eq!(t.column("år"), Some(1));
        assert_eq!(t.default_value, Some(2));
        assert_eq!(t.rows[1].cells[0].label(), "0180");
        assert_eq!(t.rows[1].cells[2].label(), "995574");
        assert_eq!(t.rows[3].cells[2].label(), "..");
        assert!(t.notes[0].message.contains("1 comment"), "{:?}", t.notes);
    }
}
