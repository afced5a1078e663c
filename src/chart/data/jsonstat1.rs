//! JSON-stat 1.0, the format of SSB's older API and of many saved files: a
//! bundle `{"<name>": {"dimension": {"id": […], "size": […], "<id>": …},
//! "value": …}}`. It is rewritten into the 2.0 shape and read as that.

use serde_json::{Map, Value};

/// The first dataset of a JSON-stat 1.0 bundle (or a bare 1.0 dataset) in
/// the 2.0 shape; `None` when `doc` is not JSON-stat 1.0.
pub fn to_v2(doc: &Value) -> Option<Value> {
    let obj = doc.as_object()?;
    let ds = if is_v1_dataset(doc) {
        obj
    } else {
        obj.values().find(|v| is_v1_dataset(v))?.as_object()?
    };
    let dim = ds.get("dimension")?.as_object()?;
    let ids = dim.get("id")?.clone();
    let size = dim.get("size")?.clone();
    let mut dims = Map::new();
    for id in ids.as_array()? {
        let id = id.as_str()?;
        if let Some(d) = dim.get(id) {
            dims.insert(id.to_string(), d.clone());
        }
    }
    let mut out = Map::new();
    out.insert("version".into(), Value::from("2.0"));
    out.insert("class".into(), Value::from("dataset"));
    for key in ["label", "source", "updated", "value", "status"] {
        if let Some(v) = ds.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    out.insert("id".into(), ids);
    out.insert("size".into(), size);
    out.insert("dimension".into(), Value::Object(dims));
    Some(Value::Object(out))
}

fn is_v1_dataset(v: &Value) -> bool {
    v.get("dimension")
        .is_some_and(|d| d.get("id").is_some_and(Value::is_array) && d.get("size").is_some())
        && v.get("value").is_some()
}

#[cfg(test)]
mod tests {
    use super::super::RawValue;
    use std::path::Path;

    /// SSB's older API (json-stat 1.0): a bundle named "dataset".
    const SSB_V1: &str = r#"{"dataset": {
      "label": "07459: Befolkning, etter region, alder og år",
      "source": "Statistisk sentralbyrå",
      "dimension": {
        "Region": {"label": "region", "category": {
          "index": {"3005": 0, "0301": 1},
          "label": {"3005": "Drammen", "0301": "Oslo"}}},
        "Tid": {"label": "år", "category": {"index": {"2023": 0, "2024": 1},
          "label": {"2023": "2023", "2024": "2024"}}},
        "id": ["Region", "Tid"], "size": [2, 2],
        "role": {"time": ["Tid"], "geo": ["Region"]}
      },
      "value": [102779, 104487, 709037, 717710],
      "status": {"3": "."}
    }}"#;

    #[test]
    fn ssb_json_stat_1_is_read_as_2() {
        let t = super::super::jsonstat::parse(Path::new("d.json"), SSB_V1.as_bytes()).unwrap();
        assert_eq!(t.rows.len(), 4);
        // Position 2 = Oslo, 2023: 709 037 inhabitants.
        assert_eq!(t.rows[2].cells[0].label(), "Oslo");
        assert_eq!(t.rows[2].cells[0].code.as_deref(), Some("0301"));
        assert_eq!(t.rows[2].cells[1].label(), "2023");
        assert_eq!(t.rows[2].cells[2].value, RawValue::Number(709_037.0));
        // Drammen 2024 = 104 487; Oslo 2024 has status "." and is missing.
        assert_eq!(t.rows[1].cells[2].value, RawValue::Number(104_487.0));
        assert_eq!(t.rows[3].cells[2].value, RawValue::Missing);
        assert_eq!(
            t.columns[2].name,
            "07459: Befolkning, etter region, alder og år"
        );
    }
}
