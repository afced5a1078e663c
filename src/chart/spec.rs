//! The chart spec: the YAML inside a ` ```chart ` block of a page, or one
//! entry of `data/charts.yaml`. Unknown fields are errors, and every error
//! names the line in the file the YAML was written in.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::scalar::yaml_options;
use crate::error::{Diagnostic, Diagnostics, Pos, yaml_error_in};

/// A string with the place it was written.
pub type Sp = Spanned<String>;

/// The chart types. A new type is one variant here and one module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartType {
    Bar,
    GroupedBar,
    StackedBar,
    Line,
    Donut,
    Diverging,
    AreaType,
    /// The answers to an open survey question, as a list ([`open_answers`](super::open_answers)).
    Answers,
}

impl ChartType {
    pub fn key(self) -> &'static str {
        match self {
            ChartType::Bar => "bar",
            ChartType::GroupedBar => "grouped-bar",
            ChartType::StackedBar => "stacked-bar",
            ChartType::Line => "line",
            ChartType::Donut => "donut",
            ChartType::Diverging => "diverging",
            ChartType::AreaType => "area-type",
            ChartType::Answers => "answers",
        }
    }

    /// Bar, grouped bar and stacked bar share one layout.
    pub fn is_bar(self) -> bool {
        matches!(
            self,
            ChartType::Bar | ChartType::GroupedBar | ChartType::StackedBar
        )
    }
}

/// Which way bars run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Vertical when the category labels fit under the bars, else horizontal.
    #[default]
    Auto,
    Vertical,
    Horizontal,
}

/// Order of the categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// As in the data.
    #[default]
    None,
    Ascending,
    Descending,
}

/// Which part of an SCB label of the shape `Kommun (Område)` to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelPart {
    Full,
    Municipality,
    Area,
}

pub use super::scalar::{Row, Scalar, number_text};
use super::select::Conditions;

/// Where a spec was written: YAML line 1 is file line `line_offset + 1`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecOrigin {
    pub file: PathBuf,
    pub line_offset: u32,
}

impl SpecOrigin {
    pub fn pos<T>(&self, sp: &Spanned<T>) -> Option<Pos> {
        Pos::from_yaml(&sp.referenced, self.line_offset)
    }

    /// `file:line` of a spanned value, for hints.
    pub fn describe<T>(&self, sp: &Spanned<T>) -> String {
        let f = self.file.to_string_lossy().replace('\\', "/");
        match self.pos(sp) {
            Some(p) => format!("{f}:{}", p.line),
            None => f,
        }
    }

    pub fn error<T>(
        &self,
        sp: &Spanned<T>,
        message: impl Into<crate::error::Message>,
    ) -> Diagnostic {
        Diagnostic::error("chart", &self.file, message).at(self.pos(sp))
    }
}

/// One chart.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    /// Unique in the report; the figure's anchor is `fig-<id>` and the
    /// data download `data/<id>.csv`.
    pub id: Sp,
    #[serde(rename = "type")]
    pub kind: Spanned<ChartType>,
    pub title: String,
    /// A sentence or two shown under the title.
    #[serde(default)]
    pub caption: String,
    /// The text alternative: what the chart shows, in words.
    #[serde(default)]
    pub summary: String,
    /// e.g. "SCB, tabell TAB6586".
    #[serde(default)]
    pub source: String,
    /// e.g. `%` or `personer`.
    #[serde(default)]
    pub unit: String,
    /// A file under `data/`.
    #[serde(default)]
    pub data: Option<Sp>,
    /// Inline rows instead of a file.
    #[serde(default)]
    pub rows: Option<Spanned<Vec<Spanned<Row>>>>,
    /// Lines to skip before the header of a CSV file (titles in exports).
    #[serde(default)]
    pub skip_rows: usize,
    /// The column with the categories (default: the first column).
    #[serde(default)]
    pub category: Option<Sp>,
    /// Heading of the category column in the table and the CSV (default:
    /// the column's name).
    #[serde(default)]
    pub category_title: Option<String>,
    /// Wide data: the columns that are series (default: all others).
    #[serde(default)]
    pub values: Option<Spanned<Vec<Sp>>>,
    /// Long data: the column whose values name the series.
    #[serde(default)]
    pub series: Option<Sp>,
    /// Long data: the column with the numbers.
    #[serde(default)]
    pub value: Option<Sp>,
    /// Keep only rows where each column meets its condition: a value, a
    /// list, `{prefix: …}` or `{municipality: …}` ([`select`](super::select)).
    #[serde(default)]
    pub filter: Option<Spanned<Conditions>>,
    /// Leave out rows where a column meets its condition (e.g. "Totalt").
    #[serde(default)]
    pub exclude: Option<Spanned<Conditions>>,
    /// Strip region codes from labels: `0180 Stockholm` → `Stockholm`.
    #[serde(default, deserialize_with = "super::scalar::spanned_flag")]
    pub strip_codes: Option<Spanned<bool>>,
    /// New names for categories and series: label (or code) → name.
    #[serde(default)]
    pub rename: Option<Spanned<Row>>,
    /// Show the N largest categories and the rest summed as "Övriga".
    #[serde(default)]
    pub top: Option<Spanned<usize>>,
    /// Spreadsheets: the sheet to read (default: the first).
    #[serde(default)]
    pub sheet: Option<Sp>,
    /// A derived value: share, per 1,000, change since, count by
    /// ([`derive`](super::derive)).
    #[serde(default)]
    pub derive: Option<Spanned<super::derive::Derive>>,
    /// A lookup join: columns from a second file, matched on a key
    /// column ([`join`](super::join)).
    #[serde(default)]
    pub join: Option<Spanned<super::join::Join>>,
    /// How derived values were made (set while rendering), for the CSV.
    #[serde(skip)]
    pub derived_how: Option<String>,
    /// A survey mapping under `data/` ([`survey`](super::survey)): the
    /// chart shows one of its items from the raw export.
    #[serde(default)]
    pub survey: Option<Sp>,
    /// The item of the survey mapping the chart shows.
    #[serde(default)]
    pub item: Option<Sp>,
    /// Header rows of a CSV file or sheet: 1, or 2 (a year row over a sex
    /// row). Default: found from the file.
    #[serde(default)]
    pub header_rows: Option<Spanned<u8>>,
    /// Split `Kommun (Område)` category labels and keep one part.
    #[serde(default)]
    pub split: Option<Spanned<LabelPart>>,
    /// Swap categories and series (e.g. years as columns → along the x axis).
    #[serde(default, deserialize_with = "super::scalar::flag")]
    pub transpose: bool,
    #[serde(default)]
    pub orientation: Option<Spanned<Orientation>>,
    /// Stacked bars: show each bar as 100 %.
    #[serde(default, deserialize_with = "super::scalar::spanned_flag")]
    pub percent: Option<Spanned<bool>>,
    #[serde(default)]
    pub sort: Sort,
    /// Decimals shown (default: as many as the data has, at most 3).
    #[serde(default)]
    pub decimals: Option<Spanned<u8>>,
    /// Small-cell suppression threshold (default `[charts] min_count`).
    #[serde(default)]
    pub min_count: Option<u32>,
    /// Whether the values are counts of people (and may be suppressed).
    /// Default: yes when every value is a whole number ≥ 0 and the unit
    /// is not `%`.
    #[serde(default, deserialize_with = "super::scalar::opt_flag")]
    pub counts: Option<bool>,
    /// Diverging: series kept outside the scale, e.g. "Vet ej".
    #[serde(default)]
    pub outside_scale: Option<Spanned<Vec<String>>>,
    /// Filled in after parsing: where the YAML was written.
    #[serde(skip)]
    pub origin: SpecOrigin,
}

impl ChartSpec {
    pub fn kind(&self) -> ChartType {
        self.kind.value
    }

    pub fn orientation(&self) -> Orientation {
        self.orientation
            .as_ref()
            .map_or(Orientation::Auto, |o| o.value)
    }

    /// Stacked bars drawn as 100 %.
    pub fn percent(&self) -> bool {
        self.percent.as_ref().is_some_and(|p| p.value)
    }

    pub fn error<T>(
        &self,
        sp: &Spanned<T>,
        message: impl Into<crate::error::Message>,
    ) -> Diagnostic {
        self.origin.error(sp, message)
    }

    /// Checks that need more than one field.
    fn validate(&self) -> Result<(), Diagnostic> {
        let id = &self.id.value;
        if !valid_id(id) {
            return Err(self
                .error(
                    &self.id,
                    crate::msg!("chart2.the-chart-id-is-not", id = id.to_string()),
                )
                .hint(crate::msg!("chart.use-lowercase-letters-a-z")));
        }
        if self.kind() == ChartType::Answers && self.survey.is_none() {
            return Err(self
                .error(
                    &self.kind,
                    crate::msg!("chart2.type-answers-lists-the-answers"),
                )
                .hint(crate::msg!("chart.e-g-survey-enkat-boende")));
        }
        match (&self.data, &self.rows) {
            (None, None) if self.survey.is_some() => {}
            (None, None) => {
                return Err(self
                    .error(
                        &self.id,
                        crate::msg!("chart2.the-chart-has-no-data", id = id.to_string()),
                    )
                    .hint(crate::msg!("chart.add-data-file-csv-a")));
            }
            (Some(_), Some(rows)) => {
                return Err(self
                    .error(rows, crate::msg!("chart2.a-chart-takes-data-or"))
                    .hint(crate::msg!("chart.remove-one-of-them")));
            }
            _ => {}
        }
        if let (Some(values), Some(_)) = (&self.values, &self.series) {
            return Err(self
                .error(values, crate::msg!("chart2.values-wide-data-and-series"))
                .hint(crate::msg!("chart.wide-data-list-the-number")));
        }
        if let (Some(values), Some(_)) = (&self.values, &self.value) {
            return Err(self
                .error(values, crate::msg!("chart2.values-and-value-do-not"))
                .hint(crate::msg!("chart.values-lists-several-number-columns")));
        }
        let kind = self.kind();
        if let Some(p) = &self.percent
            && p.value
            && kind != ChartType::StackedBar
        {
            return Err(self
                .error(p, crate::msg!("chart2.percent-true-works-with-type"))
                .hint(crate::msg!("chart.use-type-stacked-bar-for")));
        }
        if let Some(o) = &self.orientation
            && o.value != Orientation::Auto
            && !kind.is_bar()
        {
            return Err(self
                .error(
                    o,
                    crate::msg!(
                        "chart2.orientation-works-with-bar-charts",
                        key = (kind.key()).to_string()
                    ),
                )
                .hint(crate::msg!("chart.remove-the-line")));
        }
        if let Some(o) = &self.outside_scale
            && kind != ChartType::Diverging
        {
            return Err(self
                .error(o, crate::msg!("chart2.outside-scale-works-with-type"))
                .hint(crate::msg!("chart.remove-the-line")));
        }
        super::select::validate_reading(self)?;
        if let Some(d) = &self.decimals
            && d.value > 3
        {
            return Err(self
                .error(
                    d,
                    crate::msg!(
                        "chart2.decimals-must-be-0-to",
                        value = (d.value).to_string()
                    ),
                )
                .hint(crate::msg!("chart.charts-are-read-at-a")));
        }
        Ok(())
    }
}

/// A chart id: lowercase ASCII letters, digits and inner dashes.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What a ` ```chart ` block holds: a whole spec, or a reference to a
/// chart in `data/charts.yaml`.
#[derive(Debug, Clone)]
pub enum Block {
    Spec(Box<ChartSpec>),
    Ref(Sp),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RefBlock {
    #[serde(rename = "ref")]
    reference: Sp,
}

/// Parse the YAML of a ` ```chart ` block. `origin.line_offset` is the line
/// of the opening fence, so YAML line 1 is the line below it.
pub fn parse_block(yaml: &str, origin: SpecOrigin) -> Result<Block, Diagnostic> {
    if yaml.trim().is_empty() {
        return Err(Diagnostic::error(
            "chart",
            &origin.file,
            crate::msg!("chart.the-chart-block-is-empty"),
        )
        .at(Some(Pos::new(origin.line_offset, 1)))
        .hint(crate::msg!("chart.write-the-chart-s-yaml")));
    }
    let ref_line = yaml
        .lines()
        .position(|l| l.starts_with("ref:"))
        .and_then(|i| u32::try_from(i + 1).ok());
    if let Some(line) = ref_line {
        return match serde_saphyr::from_str_with_options::<RefBlock>(yaml, yaml_options()) {
            Ok(r) => Ok(Block::Ref(r.reference)),
            Err(e) => {
                let mut d = yaml_error_in(&origin.file, yaml, &e, origin.line_offset);
                if d.message.contains("unknown field") {
                    d = Diagnostic::error(
                        "chart",
                        &origin.file,
                        crate::msg!("chart.a-block-with-ref-holds"),
                    )
                    .at(Some(Pos::new(origin.line_offset + line, 1)))
                    .hint(crate::msg!("chart.change-the-chart-in-data"));
                }
                Err(d)
            }
        };
    }
    parse_spec(yaml, origin).map(|s| Block::Spec(Box::new(s)))
}

/// Parse and check one spec.
pub fn parse_spec(yaml: &str, origin: SpecOrigin) -> Result<ChartSpec, Diagnostic> {
    let mut spec: ChartSpec = serde_saphyr::from_str_with_options(yaml, yaml_options())
        .map_err(|e| chart_yaml_error(&origin, yaml, &e))?;
    spec.origin = origin;
    spec.validate()?;
    Ok(spec)
}

fn chart_yaml_error(origin: &SpecOrigin, source: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let mut d = yaml_error_in(&origin.file, source, e, origin.line_offset);
    // Errors in nested values repeat their YAML position in the message;
    // the diagnostic already names the line in the file.
    if let Some(rest) = d.message.strip_prefix("line ")
        && let Some((pos, msg)) = rest.split_once(": ")
        && pos
            .split(" column ")
            .all(|n| n.trim().parse::<u32>().is_ok())
    {
        d.message = msg.to_string();
    }
    if d.message.contains("unknown field") || d.message.contains("missing field") {
        d = d.hint(crate::msg!("chart.docs-charts-md-lists-every"));
    } else if d.message.contains("unknown value") {
        d = d.hint(crate::msg!("chart.docs-charts-md-shows-what"));
    }
    d
}

/// The file shared charts are read from.
pub const LIBRARY_FILE: &str = "data/charts.yaml";

/// Parse `data/charts.yaml` (already decoded). Ids must be unique.
pub fn parse_library(file: &Path, text: &str) -> Result<Vec<ChartSpec>, Diagnostics> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Specs {
        #[serde(default)]
        charts: Vec<ChartSpec>,
    }
    let origin = SpecOrigin {
        file: file.to_path_buf(),
        line_offset: 0,
    };
    let specs: Specs = serde_saphyr::from_str_with_options(text, yaml_options())
        .map_err(|e| Diagnostics::from(chart_yaml_error(&origin, text, &e)))?;
    // `charts:` is the only top-level key; its entries are whole specs.
    let mut diags = Diagnostics::default();
    let mut out: Vec<ChartSpec> = Vec::new();
    for mut s in specs.charts {
        s.origin = origin.clone();
        if let Err(d) = s.validate() {
            diags.push(d);
            continue;
        }
        if let Some(first) = out.iter().find(|o| o.id.value == s.id.value) {
            diags.push(
                s.error(
                    &s.id,
                    crate::msg!(
                        "chart2.the-chart-id-is-used",
                        value = (s.id.value).to_string()
                    ),
                )
                .hint(crate::msg!(
                    "chart.it-is-also-defined-at",
                    id = (first.origin.describe(&first.id)).to_string()
                )),
            );
            continue;
        }
        out.push(s);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> SpecOrigin {
        SpecOrigin {
            file: "content/a.md".into(),
            line_offset: 10,
        }
    }

    #[test]
    fn parses_a_spec_with_inline_rows() {
        let y = "id: befolkning\ntype: grouped-bar\ntitle: Befolkning\nrows:\n  - {ålder: 0-19, Norrbacka: 29, Ekby: 23}\n  - {ålder: 65+, Norrbacka: 14, Ekby: ~}\n";
        let Block::Spec(s) = parse_block(y, origin()).unwrap() else {
            panic!("not a spec")
        };
        assert_eq!(s.kind(), ChartType::GroupedBar);
        let rows = &s.rows.as_ref().unwrap().value;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].value.0[0].0, "ålder");
        assert_eq!(rows[0].value.0[1].1, Scalar::Number(29.0));
        assert_eq!(rows[1].value.0[2].1, Scalar::Null);
        // The second row starts on YAML line 6, file line 16.
        assert_eq!(s.origin.pos(&rows[1]).unwrap().line, 16);
    }

    #[test]
    fn unknown_type_is_located_in_the_page() {
        let y = "id: x\ntype: pie\ntitle: T\nrows: []\n";
        let e = parse_block(y, origin()).unwrap_err();
        assert_eq!(e.file, PathBuf::from("content/a.md"));
        assert_eq!(e.line, Some(12), "{e}");
        assert!(e.message.contains("pie"), "{e}");
        assert!(
            e.message.contains("donut"),
            "the message lists the types: {e}"
        );
    }

    #[test]
    fn unknown_field_is_located() {
        let y = "id: x\ntype: bar\ntitle: T\ntitel: U\n";
        let e = parse_block(y, origin()).unwrap_err();
        assert_eq!(e.line, Some(14), "{e}");
        assert!(e.message.contains("titel"), "{e}");
    }

    #[test]
    fn no_data_and_bad_id() {
        let e = parse_block("id: x\ntype: bar\ntitle: T\n", origin()).unwrap_err();
        assert!(e.message.contains("no data"), "{e}");
        assert_eq!(e.line, Some(11));
        let e = parse_block(
            "id: Befolkning 2024\ntype: bar\ntitle: T\nrows: []\n",
            origin(),
        )
        .unwrap_err();
        assert!(e.message.contains("not a valid id"), "{e}");
    }

    #[test]
    fn refs_hold_only_ref() {
        let Block::Ref(r) = parse_block("ref: trygghet\n", origin()).unwrap() else {
            panic!("not a ref")
        };
        assert_eq!(r.value, "trygghet");
        let e = parse_block("ref: trygghet\ntitle: Annan\n", origin()).unwrap_err();
        assert!(e.message.contains("only `ref"), "{e}");
        assert_eq!(e.line, Some(11));
    }

    #[test]
    fn percent_needs_stacked_bars() {
        let y = "id: x\ntype: bar\ntitle: T\nrows: []\npercent: true\n";
        let e = parse_block(y, origin()).unwrap_err();
        assert_eq!(e.line, Some(15), "{e}");
    }

    #[test]
    fn library_ids_are_unique_and_located() {
        let text = "charts:\n  - id: a\n    type: bar\n    title: A\n    rows: []\n  - id: a\n    type: line\n    title: B\n    rows: []\n";
        let e = parse_library(Path::new("data/charts.yaml"), text).unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.line, Some(6), "{d}");
        assert!(
            d.hint.as_deref().unwrap().contains("data/charts.yaml:2"),
            "{d}"
        );
        let e = parse_library(Path::new("data/charts.yaml"), "diagram: []\n").unwrap_err();
        assert!(e.0[0].message.contains("diagram"), "{}", e);
    }
}
