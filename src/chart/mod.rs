//! Charts: accessible, byte-for-byte reproducible SVG figures drawn from
//! CSV, JSON-stat 2.0 or inline YAML data.
//!
//! A page holds charts as ` ```chart ` blocks of YAML ([`spec`]). The data
//! is read ([`data`]) into a table of categories × series ([`table`]),
//! small counts are suppressed, one module per chart type draws the SVG,
//! and [`figure`] wraps it in a numbered `<figure>` with a text summary,
//! the data as an HTML table and a CSV download. Everything here is pure:
//! data files arrive in memory from `load`.

pub mod area_index;
pub mod area_type;
pub mod bar;
pub mod csv_safe;
pub mod data;
pub mod derive;
pub mod diverging;
pub mod donut;
pub mod figure;
pub mod format;
pub mod join;
pub mod line;
pub mod open_answers;
pub mod scalar;
pub mod select;
pub mod spec;
pub mod survey;
pub mod svg;
pub mod table;
pub mod xref;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Pos};
use format::NumberFormat;
use spec::{Block, ChartSpec, ChartType, SpecOrigin};
use svg::{Anchor, FONT, LINE, Svg, WIDTH, esc, fill, n, text_width};
use table::{Cell, Table};

/// What charts need from the rest of the build, all in memory.
#[derive(Debug, Clone, Copy)]
pub struct ChartEnv<'a> {
    /// Files under `data/`, by path inside it (`befolkning.csv`).
    pub data: &'a BTreeMap<String, Vec<u8>>,
    /// Charts shared between pages (`data/charts.yaml`).
    pub library: &'a [ChartSpec],
    /// Default small-cell threshold (`[charts] min_count`).
    pub min_count: u32,
    pub lang: &'a str,
    /// UI strings of the page's language.
    pub strings: &'a BTreeMap<String, String>,
    /// Folder prefix of the page's language (`""`, or `"ar/"`): CSV
    /// downloads go to `<prefix>data/<id>.csv`.
    pub csv_prefix: &'a str,
    /// When the report was last updated (`YYYY-MM-DD`), written under each
    /// CSV download.
    pub updated: Option<&'a str>,
    /// The privacy guard open survey answers pass before they are listed
    /// (given by the render, from `check`'s detectors); without one, open
    /// answers are not listed.
    pub guard: Option<Guard<'a>>,
}

/// Personal data found in a text by a [`Guard`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalData {
    /// What it is, in words: "a phone number" (in the language of the
    /// messages).
    pub what: crate::messages::Msg,
    /// The value masked, so a message can show it.
    pub masked: String,
}

/// A detector for personal data that may not be published: the first piece
/// in a text, if any.
#[derive(Clone, Copy)]
pub struct Guard<'a>(pub &'a (dyn Fn(&str) -> Option<PersonalData> + Sync));

impl std::fmt::Debug for Guard<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Guard")
    }
}

impl ChartEnv<'_> {
    /// A UI string, or its key when the theme lacks it.
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

/// What one chart needs while it is drawn.
pub struct Chart<'a> {
    pub spec: &'a ChartSpec,
    pub table: &'a Table,
    pub fmt: &'a NumberFormat,
    pub env: &'a ChartEnv<'a>,
    /// Prefix of every id inside the SVG (`fig-<id>`), unique on the page.
    pub prefix: String,
}

/// The drawn chart: its height and the SVG elements.
#[derive(Debug, Default)]
pub struct Drawing {
    pub height: f64,
    pub body: String,
    /// `<defs>` content (patterns).
    pub defs: String,
}

/// A rendered figure and its CSV download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedChart {
    pub id: String,
    pub html: String,
    /// Site-relative path of the CSV, `data/<id>.csv`.
    pub csv_url: String,
    pub csv: Vec<u8>,
    /// Notes and warnings for `check`: what reading the data skipped, a
    /// chart with too many categories.
    pub notes: Vec<Diagnostic>,
}

/// A ` ```chart ` block found in a page.
#[derive(Debug, Clone)]
pub struct BlockSource {
    pub yaml: String,
    /// Line of the opening fence in the page file.
    pub fence_line: u32,
}

/// A chart of a page, for the check that ids are unique in the site.
#[derive(Debug, Clone)]
pub struct PlacedChart {
    pub chart: RenderedChart,
    /// The page and line of the block.
    pub page: PathBuf,
    pub line: u32,
}

/// All charts of one page.
#[derive(Debug, Default)]
pub struct PageCharts {
    /// The figure HTML of each block, in order (empty on error).
    pub html: Vec<String>,
    /// Chart id → figure number on this page.
    pub numbers: BTreeMap<String, usize>,
    pub charts: Vec<PlacedChart>,
    pub errors: Vec<Diagnostic>,
}

/// Render every chart block of a page. Figures are numbered from 1 in the
/// order they appear.
pub fn render_page(
    env: &ChartEnv<'_>,
    file: &Path,
    page_url: &str,
    blocks: &[BlockSource],
) -> PageCharts {
    let mut out = PageCharts::default();
    // First resolve every block, so numbers are known before drawing.
    let mut resolved: Vec<Option<std::borrow::Cow<'_, ChartSpec>>> = Vec::new();
    for b in blocks {
        let origin = SpecOrigin {
            file: file.to_path_buf(),
            line_offset: b.fence_line,
        };
        let spec = match spec::parse_block(&b.yaml, origin.clone()) {
            Ok(Block::Spec(s)) => Some(std::borrow::Cow::Owned(*s)),
            Ok(Block::Ref(r)) => match env.library.iter().find(|s| s.id.value == r.value) {
                Some(s) => Some(std::borrow::Cow::Borrowed(s)),
                None => {
                    let known: Vec<&str> =
                        env.library.iter().map(|s| s.id.value.as_str()).collect();
                    let hint = if known.is_empty() {
                        crate::msg!("chart.shared.none-yet", file = spec::LIBRARY_FILE)
                    } else {
                        crate::msg!(
                            "chart.shared.charts-in",
                            file = spec::LIBRARY_FILE,
                            ids = known.join(", ")
                        )
                    };
                    out.errors.push(
                        origin
                            .error(&r, crate::msg!("chart.shared.no-such-id", id = &r.value))
                            .hint(hint),
                    );
                    None
                }
            },
            Err(d) => {
                out.errors.push(d);
                None
            }
        };
        if let Some(s) = &spec {
            let id = s.id.value.clone();
            let number = resolved.len() + 1;
            match out.numbers.entry(id) {
                std::collections::btree_map::Entry::Occupied(e) => out.errors.push(
                    Diagnostic::error(
                        "chart",
                        file,
                        crate::msg!("chart.the-chart-is-on-this", key = (e.key()).to_string()),
                    )
                    .at(Some(Pos::new(b.fence_line, 1)))
                    .hint(crate::msg!(
                        "chart.each-figure-needs-its-own",
                        key = (e.key()).to_string()
                    )),
                ),
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(number);
                }
            }
        }
        resolved.push(spec);
    }
    for (i, (spec, b)) in resolved.iter().zip(blocks).enumerate() {
        let Some(spec) = spec else {
            out.html.push(String::new());
            continue;
        };
        match render_chart(spec, i + 1, page_url, env) {
            Ok(chart) => {
                out.html.push(chart.html.clone());
                out.errors.extend(
                    chart
                        .notes
                        .iter()
                        .map(|d| used_by(d.clone(), spec, file, b.fence_line)),
                );
                out.charts.push(PlacedChart {
                    chart,
                    page: file.to_path_buf(),
                    line: b.fence_line,
                });
            }
            Err(d) => {
                out.html.push(String::new());
                out.errors.push(used_by(d, spec, file, b.fence_line));
            }
        }
    }
    out
}

/// Say which chart a data error comes from when it is located elsewhere.
fn used_by(d: Diagnostic, spec: &ChartSpec, page: &Path, line: u32) -> Diagnostic {
    if d.file == page {
        return d;
    }
    let page = page.to_string_lossy().replace('\\', "/");
    let note = crate::msg!(
        "chart.used-by",
        id = &spec.id.value,
        page = page,
        line = line
    );
    let hint = match d.hint_source() {
        Some(h) => crate::msg!("chart.hint-and-note", hint = h, note = note),
        None => note,
    };
    d.hint(hint)
}

/// Whether the chart's values are counts of people (and so suppressed).
pub fn values_are_counts(spec: &ChartSpec, table: &Table) -> bool {
    spec.counts.unwrap_or_else(|| {
        spec.kind() != ChartType::AreaType
            && spec.unit.trim() != "%"
            && table.values().all(|v| v >= 0.0 && v.fract() == 0.0)
    })
}

/// Read, build, suppress and draw one chart as figure number `number` on
/// the page at `page_url`.
pub fn render_chart(
    spec: &ChartSpec,
    number: usize,
    page_url: &str,
    env: &ChartEnv<'_>,
) -> Result<RenderedChart, Diagnostic> {
    if spec.kind() == ChartType::Answers {
        return open_answers::render(spec, number, page_url, env);
    }
    let survey_spec;
    let (spec, mut table, mut notes) = if spec.survey.is_some() {
        let (s, t, notes) = survey::tally(spec, env)?;
        survey_spec = s;
        (&survey_spec, t, notes)
    } else {
        let mut raw = data::load(spec, env.data)?;
        if let Some(j) = &spec.join {
            join::apply(&mut raw, spec, j, env)?;
        }
        let table = match spec.derive.as_ref().and_then(|d| d.value.count_by.as_ref()) {
            Some(col) => derive::count_by(&raw, spec, col, env)?,
            None => table::build(&raw, spec)?,
        };
        (spec, table, raw.notes)
    };
    // Counts are hidden before anything is derived from them.
    let derived_spec;
    let spec = match &spec.derive {
        Some(d) if d.value.count_by.is_none() => {
            let min_count = spec.min_count.unwrap_or(env.min_count);
            if values_are_counts(spec, &table) && min_count > 1 {
                table.suppress(min_count);
            }
            let (unit, how) = derive::apply(&mut table, spec, &d.value, env)?;
            let mut s = spec.clone();
            if let Some(u) = unit {
                s.unit = u;
            }
            s.caption = [s.caption.trim(), how.as_str()]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            s.counts = Some(false);
            s.derived_how = Some(how);
            derived_spec = s;
            &derived_spec
        }
        _ => spec,
    };
    if let Some(t) = &spec.top {
        select::top(&mut table, t.value, &env.t("chart_other"));
    }
    if table.categories.len() > MANY_CATEGORIES {
        let mut warning = spec.error(
                &spec.id,
                format!(
                    "the chart \"{}\" has {} categories; a chart shows about {MANY_CATEGORIES} at most",
                    spec.id.value,
                    table.categories.len()
                ),
            )
            .hint(crate::msg!("chart.choose-rows-with-filter-e"));
        warning.severity = crate::error::Severity::Warning;
        notes.push(warning);
    }
    let min_count = spec.min_count.unwrap_or(env.min_count);
    if values_are_counts(spec, &table) && min_count > 1 {
        table.suppress(min_count);
    }
    check_shape(spec, &table)?;
    let decimals = match &spec.decimals {
        Some(d) => usize::from(d.value),
        None => format::auto_decimals(&table),
    };
    let fmt = NumberFormat::new(env.lang, decimals, spec.unit.trim() == "%", min_count);
    let chart = Chart {
        spec,
        table: &table,
        fmt: &fmt,
        env,
        prefix: format!("fig-{}", spec.id.value),
    };
    let drawing = match spec.kind() {
        ChartType::Bar | ChartType::GroupedBar | ChartType::StackedBar => bar::draw(&chart),
        ChartType::Line => line::draw(&chart),
        ChartType::Donut => donut::draw(&chart),
        ChartType::Diverging => diverging::draw(&chart),
        ChartType::AreaType => area_type::draw(&chart),
        ChartType::Answers => unreachable!("answers are listed above"),
    };
    let csv_url = format!("{}data/{}.csv", env.csv_prefix, spec.id.value);
    let csv = figure::csv(&chart);
    let html = figure::html(
        &chart,
        &drawing,
        number,
        &crate::links::relative(page_url, &csv_url),
    );
    Ok(RenderedChart {
        id: spec.id.value.clone(),
        html,
        csv_url,
        csv,
        notes,
    })
}

/// More categories than a reader can take in: `check` warns, and the text
/// summary summarises instead of listing.
pub const MANY_CATEGORIES: usize = 60;

/// Series counts each type can draw.
fn check_shape(spec: &ChartSpec, table: &Table) -> Result<(), Diagnostic> {
    let names: Vec<&str> = table.series.iter().map(|s| s.name.as_str()).collect();
    let outside: &[String] = spec.outside_scale.as_ref().map_or(&[], |o| &o.value);
    if let Some(o) = &spec.outside_scale
        && let Some(name) = o.value.iter().find(|n| !names.contains(&n.as_str()))
    {
        return Err(spec
            .error(
                o,
                format!("outside_scale names \"{name}\", which is not a series"),
            )
            .hint(crate::msg!(
                "chart.the-series-are",
                join = (names.join(", ")).to_string()
            )));
    }
    let series = names
        .iter()
        .filter(|n| !outside.iter().any(|o| o == *n))
        .count();
    let kind = spec.kind();
    let (ok, hint) = match kind {
        ChartType::Bar | ChartType::Donut | ChartType::AreaType => (
            series == 1,
            "this type shows one series: name it with `values: [column]`, or use grouped-bar or stacked-bar for several",
        ),
        ChartType::Diverging => (
            (2..=11).contains(&series),
            "a diverging chart needs the answer options of a scale as series, 2 to 11 of them, from most negative to most positive; answers off the scale go in `outside_scale`",
        ),
        _ => (
            series <= svg::MAX_SERIES,
            "a chart with more than 7 series cannot be told apart; split it or pick series with `values:`",
        ),
    };
    if !ok {
        let shown: Vec<&str> = names.iter().copied().take(12).collect();
        return Err(spec
            .error(
                &spec.kind,
                format!(
                    "a {} chart cannot show {series} series ({})",
                    kind.key(),
                    shown.join(", ")
                ),
            )
            .hint(hint));
    }
    if kind == ChartType::Donut && table.categories.len() > svg::MAX_SERIES {
        return Err(spec
            .error(
                &spec.kind,
                format!(
                    "a donut chart with {} parts cannot be told apart",
                    table.categories.len()
                ),
            )
            .hint(crate::msg!("chart.show-at-most-7-parts")));
    }
    if kind == ChartType::StackedBar && table.values().any(|v| v < 0.0) {
        return Err(spec
            .error(
                &spec.kind,
                "a stacked bar chart cannot show negative values",
            )
            .hint(crate::msg!("chart.use-grouped-bar-for-values")));
    }
    Ok(())
}

/// A legend of filled swatches, wrapped across the width; returns its height.
pub fn legend(svg: &mut Svg, names: &[&str], fills: &[String], top: f64) -> f64 {
    let mut x = 0.0;
    let mut y = top;
    let size = svg::SMALL;
    for (name, f) in names.iter().zip(fills) {
        let w = 14.0 + 5.0 + text_width(name, size);
        if x > 0.0 && x + w > WIDTH {
            x = 0.0;
            y += LINE;
        }
        svg.segment(x, y + 1.0, 13.0, 13.0, f);
        svg.text(x + 18.0, y + 12.0, Anchor::Start, size, name);
        x += w + 14.0;
    }
    y + LINE + 4.0 - top
}

/// Fills of a chart's series.
pub fn series_fills(prefix: &str, count: usize) -> Vec<String> {
    (0..count).map(|i| fill(prefix, i)).collect()
}

/// The marker written where a value is missing or suppressed.
pub fn gap_marker(c: &Chart<'_>, cell: Cell) -> Option<String> {
    match cell {
        Cell::Value(_) => None,
        Cell::Missing => Some("–".into()),
        Cell::Suppressed => Some(c.fmt.suppressed.clone()),
    }
}

/// An optional unit line above the plot (for units other than `%`).
pub fn unit_line(svg: &mut Svg, c: &Chart<'_>, top: f64) -> f64 {
    let unit = c.spec.unit.trim();
    if unit.is_empty() || unit == "%" {
        return 0.0;
    }
    svg.text(0.0, top + svg::SMALL, Anchor::Start, svg::SMALL, unit);
    LINE + 2.0
}

/// Wrap a drawing into the `<svg>` element.
pub fn svg_element(c: &Chart<'_>, d: &Drawing) -> String {
    let height = d.height.ceil();
    let defs = if d.defs.is_empty() {
        String::new()
    } else {
        format!("<defs>{}</defs>", d.defs)
    };
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{p}-title {p}-summary" font-family="inherit" font-size="{fs}" fill="currentColor"><title id="{p}-title">{title}</title>{defs}{body}</svg>"#,
        w = n(WIDTH),
        h = n(height),
        p = c.prefix,
        fs = n(FONT),
        title = esc(&c.spec.title),
        body = d.body,
    )
}

#[cfg(test)]
mod export_tests;
#[cfg(test)]
mod join_tests;
#[cfg(test)]
mod survey_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod text_tests;
