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
                    format!("the logo \"{path}\" in [{table}] is not a file of the report"),
                )
                .at(table_key_pos(&settings.source, table, "logo"))
                .hint(
                    "put the logo in the folder static/ beside book.toml and write \
                     logo = \"static/logo.svg\" (the path from book.toml, with /)",
                ),
            );
        }
    }
}
