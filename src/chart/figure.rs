//! The accessible figure around a chart: a numbered `<figcaption>`, the SVG
//! (`role="img"`, named by its `<title>` and the text summary), notes on
//! missing and suppressed values, the source, the data as an HTML table in
//! `<details>`, and a link to the data as CSV.

use std::fmt::Write as _;

use super::spec::ChartType;
use super::svg::esc;
use super::table::Cell;
use super::{Chart, Drawing, diverging, svg_element};

/// The figure's HTML. `csv_href` is relative to the page.
pub fn html(c: &Chart<'_>, d: &Drawing, number: usize, csv_href: &str) -> String {
    let spec = c.spec;
    let p = &c.prefix;
    let figure_word = format!("{} {number}", c.env.t("figure"));
    let mut h = String::with_capacity(d.body.len() + 2048);
    figure_head(&mut h, spec, p, &figure_word);
    h.push_str(&svg_element(c, d));
    let summary = if spec.summary.trim().is_empty() {
        auto_summary(c)
    } else {
        spec.summary.trim().to_string()
    };
    let _ = write!(
        h,
        "\n<p class=\"chart-summary\" id=\"{p}-summary\">{}</p>\n",
        esc(&summary)
    );
    let mut notes = Vec::new();
    if c.table.has(Cell::Missing) {
        notes.push(c.env.t("chart_missing_note"));
    }
    if c.table.has(Cell::Suppressed) {
        notes.push(suppressed_note(c));
    }
    if !notes.is_empty() {
        let _ = writeln!(h, "<p class=\"chart-notes\">{}</p>", esc(&notes.join(" ")));
    }
    if !spec.source.trim().is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"chart-source\">{}: {}</p>",
            esc(&c.env.t("source")),
            esc(spec.source.trim())
        );
    }
    let _ = write!(
        h,
        "<details class=\"chart-data\">\n<summary>{}</summary>\n",
        esc(&c.env.t("chart_show_table"))
    );
    table(c, &mut h);
    h.push_str("</details>\n");
    let link = c
        .env
        .t("chart_download")
        .replace("{figure}", &figure_word.to_lowercase());
    let _ = write!(
        h,
        "<p class=\"chart-download\"><a href=\"{}\" download>{}</a></p>\n</figure>",
        esc(csv_href),
        esc(&link)
    );
    h
}

/// `<figure>` and its numbered caption: title and caption of `spec`, the
/// figure's anchor `p`.
pub(crate) fn figure_head(
    h: &mut String,
    spec: &super::spec::ChartSpec,
    p: &str,
    figure_word: &str,
) {
    let _ = write!(
        h,
        r#"<figure class="chart chart-{kind}" id="{p}">
<figcaption><span class="chart-number">{fw}.</span> <span class="chart-title">{title}</span>"#,
        kind = spec.kind().key(),
        fw = esc(figure_word),
        title = esc(&spec.title),
    );
    if !spec.caption.trim().is_empty() {
        let _ = write!(
            h,
            r#" <span class="chart-caption">{}</span>"#,
            esc(spec.caption.trim())
        );
    }
    h.push_str("</figcaption>\n");
}

/// "<5 = färre än 5, dolt …": what the marker of a hidden count means.
fn suppressed_note(c: &Chart<'_>) -> String {
    c.env
        .t("chart_suppressed_note")
        .replace("{marker}", &c.fmt.suppressed)
        .replace("{min}", c.fmt.suppressed.trim_start_matches('<'))
}

/// The first header of the table and the CSV: what the rows are. The
/// source's heading when there is one; rows that are all years (a wide
/// table of year columns, transposed) are headed "År" in the page
/// language; anything else "Kategori".
pub(crate) fn category_heading(c: &Chart<'_>) -> String {
    let t = c.table.category_title.trim();
    if !t.is_empty() {
        t.to_string()
    } else if !c.table.categories.is_empty() && c.table.categories.iter().all(|s| is_period(s)) {
        c.env.t("chart_year")
    } else {
        c.env.t("chart_category")
    }
}

/// A year or a period of one: `2023`, `2023M01`, `2023K1`, `2019/20`.
pub(crate) fn is_period(s: &str) -> bool {
    let s = s.trim();
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    digits == 4
        && s[..4]
            .parse::<u32>()
            .is_ok_and(|y| (1800..=2200).contains(&y))
        && s[4..].len() <= 4
}

/// The data as an accessible table.
fn table(c: &Chart<'_>, h: &mut String) {
    let t = c.table;
    let unit = c.spec.unit.trim();
    let caption = if unit.is_empty() || unit == "%" {
        c.spec.title.clone()
    } else {
        format!("{} ({unit})", c.spec.title)
    };
    let _ = write!(
        h,
        "<div class=\"table-scroll\" role=\"group\" tabindex=\"0\" aria-label=\"{}\">\n<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th>",
        esc(&caption),
        esc(&caption),
        esc(&category_heading(c))
    );
    for s in &t.series {
        let _ = write!(h, "<th scope=\"col\">{}</th>", esc(&s.name));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (i, cat) in t.categories.iter().enumerate() {
        let _ = write!(h, "<tr><th scope=\"row\">{}</th>", esc(cat));
        for s in &t.series {
            let _ = write!(h, "<td>{}</td>", esc(&c.fmt.cell(s.values[i])));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</div>\n");
}

/// The data as CSV, as the table shows it (suppressed counts stay hidden):
/// UTF-8 with BOM; `;` and decimal comma in Swedish and Norwegian (what
/// Excel expects there), `,` and decimal point in English.
pub fn csv(c: &Chart<'_>) -> Vec<u8> {
    let sep = if c.fmt.decimal == ',' { ';' } else { ',' };
    let field = |s: &str| csv_field(s, sep);
    let mut out = String::from("\u{feff}");
    out.push_str(&field(&category_heading(c)));
    for s in &c.table.series {
        out.push(sep);
        out.push_str(&field(&s.name));
    }
    out.push_str("\r\n");
    for (i, cat) in c.table.categories.iter().enumerate() {
        out.push_str(&field(cat));
        for s in &c.table.series {
            out.push(sep);
            out.push_str(&field(&c.fmt.csv(s.values[i])));
        }
        out.push_str("\r\n");
    }
    // How it was made: after one empty line, as SCB's own exports end with
    // their notes, so the header stays the first row (a spreadsheet's
    // filters and sorting, and a program reading the file, see the table
    // as it is) and the lines open as text in the first column.
    let how = provenance(c);
    if !how.is_empty() {
        out.push_str("\r\n");
        for (label, text) in how {
            out.push_str(&field(&format!("{label}: {text}")));
            out.push_str("\r\n");
        }
    }
    out.into_bytes()
}

/// A condition of `filter` or `exclude` in the CSV's notes, language-free.
fn cond_text(cond: &super::select::Condition) -> String {
    use super::select::Condition;
    match cond {
        Condition::Is(v) => v.as_text(),
        Condition::AnyOf(vs) => vs
            .iter()
            .map(|v| v.as_text())
            .collect::<Vec<_>>()
            .join(" | "),
        Condition::Prefix(p) => format!("{p}…"),
        Condition::Municipality(m) => format!("{m} (…)"),
    }
}

/// One CSV field: neutralised against formulas, quoted when needed.
pub(crate) fn csv_field(s: &str, sep: char) -> String {
    // A text cell a spreadsheet would run as a formula is neutralised.
    let s = super::csv_safe::neutralise(s);
    if s.contains([sep, '"', '\n', '\r']) || s.starts_with('\'') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The lines under a CSV download that say how it was made: the source,
/// the rows chosen and the values derived, hidden small counts, and the
/// date the report was compiled. Each is (label, text) in the page language.
pub fn provenance(c: &Chart<'_>) -> Vec<(String, String)> {
    let spec = c.spec;
    let mut out = Vec::new();
    if !spec.source.trim().is_empty() {
        out.push((c.env.t("source"), spec.source.trim().to_string()));
    }
    let mut steps: Vec<String> = Vec::new();
    if let Some(f) = &spec.data {
        steps.push(c.env.t("csv_read").replace("{file}", f.value.trim()));
    } else if let Some(s) = &spec.survey {
        steps.push(c.env.t("csv_survey").replace("{file}", s.value.trim()));
    }
    for (conds, key) in [(&spec.filter, "csv_filter"), (&spec.exclude, "csv_exclude")] {
        if let Some(conds) = conds {
            let parts: Vec<String> = conds
                .value
                .0
                .iter()
                .map(|(col, cond)| format!("{col}: {}", cond_text(cond)))
                .collect();
            if !parts.is_empty() {
                steps.push(c.env.t(key).replace("{conditions}", &parts.join(", ")));
            }
        }
    }
    if let Some(j) = &spec.join {
        steps.push(super::join::describe(&j.value, c.env));
    }
    if let Some(how) = &spec.derived_how {
        steps.push(how.clone());
    }
    if let Some(col) = spec.derive.as_ref().and_then(|d| d.value.count_by.as_ref()) {
        steps.push(c.env.t("csv_count").replace("{column}", col.value.trim()));
    }
    if let Some(t) = &spec.top {
        steps.push(
            c.env
                .t("csv_top")
                .replace("{n}", &t.value.to_string())
                .replace("{other}", &c.env.t("chart_other")),
        );
    }
    if c.table.has(Cell::Suppressed) {
        steps.push(suppressed_note(c));
    }
    if !steps.is_empty() {
        out.push((c.env.t("csv_steps"), steps.join(" ")));
    }
    if let Some(d) = c.env.updated {
        out.push((c.env.t("csv_date"), d.to_string()));
    }
    out
}

/// A text alternative when the writer gave none: the chart type and the
/// values in words (all of them for small charts, else the extremes).
pub fn auto_summary(c: &Chart<'_>) -> String {
    let t = c.table;
    let kind = c.spec.kind();
    let type_name = c
        .env
        .t(&format!("chart_type_{}", kind.key().replace('-', "_")));
    if kind == ChartType::AreaType && t.categories.len() > 12 {
        // A national index: how many areas of each type, not every area.
        let mut counts = [0usize; 6];
        for v in &t.series[0].values {
            counts[v.value().map_or(0, |v| v as usize).min(5)] += 1;
        }
        let mut parts: Vec<String> = (1..=5)
            .filter(|&n| counts[n] > 0)
            .map(|n| format!("{} {n}: {}", type_name.to_lowercase(), counts[n]))
            .collect();
        if counts[0] > 0 {
            parts.push(format!("–: {}", counts[0]));
        }
        return c
            .env
            .t("chart_areas_by_type")
            .replace("{count}", &t.categories.len().to_string())
            .replace("{parts}", &parts.join(", "));
    }
    if kind == ChartType::AreaType {
        let parts: Vec<String> = t
            .categories
            .iter()
            .zip(&t.series[0].values)
            .map(|(cat, v)| match v.value() {
                Some(v) => {
                    let n = v as u8;
                    format!(
                        "{cat}: {} {n} {} – {}",
                        type_name.to_lowercase(),
                        c.env.t("area_type_of"),
                        c.env.t(&format!("area_type_{n}"))
                    )
                }
                None => format!("{cat}: –"),
            })
            .collect();
        return format!("{}.", parts.join(". "));
    }
    let shares = match kind {
        ChartType::Diverging => Some(diverging::shares(c)),
        ChartType::Donut => Some(vec![super::donut::shares(t)]),
        ChartType::StackedBar if c.spec.percent() => Some(super::bar::row_shares(t)),
        _ => None,
    };
    let show = |si: usize, ci: usize| -> String {
        let cell = t.series[si].values[ci];
        match (&shares, cell) {
            (Some(sh), Cell::Value(_)) => match kind {
                // Diverging shares are per category, donut per slice.
                ChartType::Diverging | ChartType::StackedBar => sh[ci]
                    .get(si)
                    .copied()
                    .flatten()
                    .map_or_else(|| c.fmt.cell(cell), |v| c.fmt.share(v)),
                _ => sh[0]
                    .get(ci)
                    .copied()
                    .flatten()
                    .map_or_else(|| c.fmt.cell(cell), |v| c.fmt.share(v)),
            },
            _ => c.fmt.cell(cell),
        }
    };
    let cells = t.categories.len() * t.series.len();
    let mut out = format!("{type_name}.");
    let by_category = matches!(kind, ChartType::Diverging | ChartType::StackedBar);
    // Answers outside a Likert scale are in the table, not in the words.
    let outside: &[String] = match (&c.spec.outside_scale, kind) {
        (Some(o), ChartType::Diverging) => &o.value,
        _ => &[],
    };
    if cells <= 24 || kind == ChartType::Diverging {
        if by_category {
            for (ci, cat) in t.categories.iter().enumerate() {
                let parts: Vec<String> = t
                    .series
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !outside.contains(&s.name))
                    .map(|(si, s)| format!("{} {}", s.name, show(si, ci)))
                    .collect();
                let _ = write!(out, " {cat}: {}.", parts.join(", "));
            }
        } else {
            for (si, s) in t.series.iter().enumerate() {
                let parts: Vec<String> = t
                    .categories
                    .iter()
                    .enumerate()
                    .map(|(ci, cat)| format!("{cat} {}", show(si, ci)))
                    .collect();
                if t.series.len() == 1 {
                    let _ = write!(out, " {}.", parts.join(", "));
                } else {
                    let _ = write!(out, " {}: {}.", s.name, parts.join(", "));
                }
            }
        }
        return out;
    }
    // Larger charts: the highest and lowest value of each series.
    for s in &t.series {
        let vals: Vec<(usize, f64)> = s
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.value().map(|v| (i, v)))
            .collect();
        let (Some(hi), Some(lo)) = (
            vals.iter()
                .copied()
                .reduce(|a, b| if b.1 > a.1 { b } else { a }),
            vals.iter()
                .copied()
                .reduce(|a, b| if b.1 < a.1 { b } else { a }),
        ) else {
            continue;
        };
        let name = if t.series.len() == 1 {
            String::new()
        } else {
            format!("{}: ", s.name)
        };
        let _ = write!(
            out,
            " {name}{} {} ({}), {} {} ({}).",
            c.env.t("chart_highest"),
            c.fmt.value(hi.1),
            t.categories[hi.0],
            c.env.t("chart_lowest").to_lowercase(),
            c.fmt.value(lo.1),
            t.categories[lo.0],
        );
    }
    out
}
