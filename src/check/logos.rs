//! The logos of `[book] logo` and `[theme] logo` are files of the report
//! that the build copies (under `static/` or `content/`).

use std::path::Path;

use crate::config::Settings;
use crate::config::look::{logo_url, table_key_pos};
use crate::error::{Diagnostic, Diagnostics};
use crate::model::Report;

pub(super) fn check(report: &Report, settings: &Settings, diags: &mut Diagnostics) {
    let c = &settings.config;
    for (table, path) in [("book", &c.book.logo), ("theme", &c.theme.logo)] {
        let Some(path) = path else { continue };
        let found = logo_url(path).is_some_and(|u| report.assets.iter().any(|a| a.url == u));
        if !found {
            diags.push(
                Diagnostic::error(
                    "config",
                    Path::new(crate::config::CONFIG_FILE),
                    crate::msg!(
                        "lints.the-logo-in-is-not",
                        path = path.to_string(),
                        table = table.to_string()
                    ),
                )
                .at(table_key_pos(&settings.source, table, "logo"))
                .hint(crate::msg!("lints.put-the-logo-in-the")),
            );
        }
    }
}
