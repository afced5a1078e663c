//! YAML scalars and rows of a chart spec: inline data rows, filters and
//! rename maps are written as mappings of column names to values.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

/// A YAML scalar in inline rows or filters.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Text(String),
    Number(f64),
    Null,
}

impl Scalar {
    /// The scalar as label text (numbers without a trailing `.0`).
    pub fn as_text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Number(n) => number_text(*n),
            Scalar::Null => String::new(),
        }
    }
}

/// A number as plain text, `2023` rather than `2023.0`.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, a text or an empty value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Text(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Number(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
        }
        d.deserialize_any(V)
    }
}

/// The YAML options of chart specs and survey mappings: only YAML 1.2
/// booleans (`true`, `false`), so a column name or value written `y`, `n`,
/// `yes`, `no`, `on` or `off` stays the text the writer wrote (YAML 1.1
/// reads it as true/false, and a CSV column named `y` could never be
/// found). The switches of a spec still take yes/no: see [`flag`].
pub fn yaml_options() -> serde_saphyr::Options {
    let mut o = crate::error::yaml_options();
    o.strict_booleans = true;
    o
}

/// A yes/no switch of a chart spec: `true`/`false`, or the YAML 1.1 and
/// Swedish/Norwegian words writers use (`yes`, `no`, `on`, `off`, `y`,
/// `n`, `ja`, `nej`, `nei`), in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true or false (yes/no)")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                match v.trim().to_lowercase().as_str() {
                    "true" | "yes" | "y" | "on" | "ja" | "j" => Ok(Flag(true)),
                    "false" | "no" | "n" | "off" | "nej" | "nei" => Ok(Flag(false)),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// `#[serde(deserialize_with)]` for a plain switch.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Flag::deserialize(d).map(|f| f.0)
}

/// `#[serde(deserialize_with)]` for an optional switch.
pub fn opt_flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Option::<Flag>::deserialize(d).map(|f| f.map(|f| f.0))
}

/// `#[serde(deserialize_with)]` for an optional switch with its place.
pub fn spanned_flag<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<serde_saphyr::Spanned<bool>>, D::Error> {
    Option::<serde_saphyr::Spanned<Flag>>::deserialize(d)
        .map(|f| f.map(|f| serde_saphyr::Spanned::new(f.value.0, f.referenced, f.defined)))
}

/// One inline row or a filter: column → value, in the order written.
pub type Row = Pairs<Scalar>;

/// Column → value pairs in the order written; a column may appear once.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairs<V>(pub Vec<(String, V)>);

impl<V> Default for Pairs<V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Pairs<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Visit<V> {
            type Value = Pairs<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a mapping of column names to values, e.g. {område: Norrbacka, andel: 24.1}",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<V>, A::Error> {
                let mut out: Vec<(String, V)> = Vec::new();
                while let Some((k, v)) = map.next_entry::<Scalar, V>()? {
                    let k = k.as_text();
                    if out.iter().any(|(o, _)| *o == k) {
                        return Err(de::Error::custom(format!(
                            "the column \"{k}\" appears twice"
                        )));
                    }
                    out.push((k, v));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use crate::chart::tests::{Files, render};

    /// Row headings of a chart's data table.
    fn row_heads(html: &str) -> Vec<String> {
        html.split("<th scope=\"row\">")
            .skip(1)
            .map(|s| s[..s.find("</th>").unwrap()].to_string())
            .collect()
    }

    #[test]
    fn yaml_1_1_booleans_are_the_column_names_the_writer_wrote() {
        // A survey export with yes/no columns, a category column `y` and
        // a group column `n`.
        let csv = b"y,n,yes,no,on,off\nNorrbacka,A,12,30,4,5\nEkby,B,20,18,6,7\n";
        let files: Files<'_> = &[("svar.csv", csv)];
        let y = "id: f\ntype: grouped-bar\ntitle: T\ndata: svar.csv\ncategory: y\nvalues: [yes, no, on, off]\nfilter: {n: A}\nrename: {yes: Ja, no: Nej}\ntranspose: no\ncounts: yes\n";
        let c = render(y, files);
        assert_eq!(row_heads(&c.html), ["Norrbacka"]);
        assert!(c.html.contains("<th scope=\"col\">Ja</th>"), "{}", c.html);
        assert!(c.html.contains("<th scope=\"col\">Nej</th>"), "{}", c.html);
        assert!(c.html.contains("<th scope=\"col\">on</th>"), "{}", c.html);
        assert!(!c.html.contains("true") && !c.html.contains("false"));
        // Inline rows: keys and values stay text.
        let y = "id: g\ntype: bar\ntitle: T\nrows:\n  - {y: on, n: 3}\n  - {y: off, n: 4}\n";
        let c = render(y, &[]);
        assert_eq!(row_heads(&c.html), ["on", "off"]);
    }

    #[test]
    fn switches_still_take_yes_and_no() {
        let csv = b"omr,a,b\nN,1,2\n";
        let files: Files<'_> = &[("d.csv", csv)];
        for (word, swapped) in [
            ("yes", true),
            ("Ja", true),
            ("true", true),
            ("no", false),
            ("off", false),
        ] {
            let y = format!("id: f\ntype: grouped-bar\ntitle: T\ndata: d.csv\ntranspose: {word}\n");
            let c = render(&y, files);
            let heads = row_heads(&c.html);
            assert_eq!(heads == ["a", "b"], swapped, "{word}: {heads:?}");
        }
    }
}
