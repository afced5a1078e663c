//! What charts get from the render besides the data: the privacy guard
//! that open survey answers pass before they are listed (the detectors and
//! the allowlist of [`crate::check::privacy`], which the chart layer below
//! cannot import), and the report's date for the CSV downloads.

use crate::chart::{Guard, PersonalData};
use crate::check::privacy::{Allowlist, allowlist, scan_text};
use crate::config::Settings;
use crate::model::Report;

type Detector = Box<dyn Fn(&str) -> Option<PersonalData> + Send + Sync>;

/// Built once per render; charts borrow from it.
pub struct ChartExtras {
    /// When the report was last updated (`YYYY-MM-DD`).
    pub updated: Option<String>,
    detector: Detector,
}

impl ChartExtras {
    pub fn new(report: &Report, settings: &Settings) -> ChartExtras {
        // The allowlist's warnings are reported by `check`.
        let (allow, _) = allowlist(settings);
        ChartExtras {
            updated: crate::theme::dates::last_updated(report, settings),
            detector: Box::new(move |text: &str| first_hit(&allow, text)),
        }
    }

    pub fn guard(&self) -> Guard<'_> {
        Guard(&*self.detector)
    }
}

impl std::fmt::Debug for ChartExtras {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChartExtras")
            .field("updated", &self.updated)
            .finish_non_exhaustive()
    }
}

/// The first piece of personal data in `text` the allowlist does not allow.
fn first_hit(allow: &Allowlist, text: &str) -> Option<PersonalData> {
    scan_text(text)
        .into_iter()
        .find(|h| !allow.allows(text, h))
        .map(|h| PersonalData {
            what: h.kind.describe_msg(),
            masked: h.masked(text),
        })
}
