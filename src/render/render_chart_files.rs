//! Render the CSV download of every chart placed on a page.

use std::collections::BTreeMap;

use super::OutFile;
use crate::chart::PlacedChart;
use crate::error::Diagnostic;

/// The CSV downloads of all charts. A download path names one data set:
/// the same chart may appear on several pages (shared through
/// `data/charts.yaml`, or a page and its fallback in another language), but
/// two charts that publish different data may not share an id.
pub(super) fn chart_files(charts: Vec<&PlacedChart>, errors: &mut Vec<Diagnostic>) -> Vec<OutFile> {
    let mut seen: BTreeMap<&str, &PlacedChart> = BTreeMap::new();
    for c in charts {
        match seen.get(c.chart.csv_url.as_str()) {
            Some(first) if first.chart.csv == c.chart.csv => {}
            Some(first) => errors.push(
                Diagnostic::error(
                    "duplicate-id",
                    &c.page,
                    crate::msg!("site.the-chart-id-is-used", id = (c.chart.id).to_string()),
                )
                .at(Some(crate::error::Pos::new(c.line, 1)))
                .hint(crate::msg!(
                    "site.it-is-also-used-on",
                    replace = (first.page.to_string_lossy().replace('\\', "/")).to_string(),
                    line = (first.line).to_string()
                )),
            ),
            None => {
                seen.insert(&c.chart.csv_url, c);
            }
        }
    }
    seen.into_values()
        .map(|c| OutFile {
            url: c.chart.csv_url.clone(),
            bytes: c.chart.csv.clone(),
        })
        .collect()
}
