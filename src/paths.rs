//! Names on disk, in one place: the report's folders and files (what
//! `load`, `serve --watch` and the build's output checks look at) and the
//! pages the generator writes itself ([`GENERATED_PAGES`]), which feed the
//! reserved output paths, the render's page list and the theme's templates.
//! A leaf module: it imports nothing from the crate.

/// The report's settings file.
pub const CONFIG_FILE: &str = "book.toml";
/// Markdown pages, YAML results and the files beside them.
pub const CONTENT_DIR: &str = "content";
/// Files copied to the site root as they are.
pub const STATIC_DIR: &str = "static";
/// The folder of chart data.
pub const DATA_DIR: &str = "data";
/// Theme overrides, one folder per theme.
pub const THEMES_DIR: &str = "themes";

pub const FINDINGS_URL: &str = "findings.html";
pub const PRIORITIES_URL: &str = "priorities.html";
pub const FEEDBACK_URL: &str = "feedback.html";
pub const ACTORS_URL: &str = "actors.html";
pub const PLACES_URL: &str = "places.html";
pub const NOT_FOUND_URL: &str = "404.html";
pub const RESIDENTS_URL: &str = "residents.html";
pub const FLYER_URL: &str = "flyer.html";
pub const GLOSSARY_URL: &str = "glossary.html";
pub const SEARCH_INDEX_URL: &str = "search-index.js";
pub const PRINT_URL: &str = "print.html";
pub const ACCESSIBILITY_URL: &str = "accessibility.html";
pub const SWOT_URL: &str = "swot.html";
pub const ANNUAL_CYCLE_URL: &str = "annual-cycle.html";
pub const ENVIRONMENT_URL: &str = "environment.html";
pub const KUMU_ELEMENTS_URL: &str = "actors-kumu-elements.csv";
pub const KUMU_CONNECTIONS_URL: &str = "actors-kumu-connections.csv";

/// Whether `url` is a page of the site (an `.html` file that is not an
/// old name leading on), for counting pages.
pub fn is_page(url: &str) -> bool {
    url.ends_with(".html") && !OLD_NAMES.iter().any(|(old, _)| *old == url)
}

/// Generated pages that had Swedish file names in earlier versions: old
/// name → the page it is now. The old name stays a page that leads on
/// (`render::old_names`), and a report page may not take it.
pub const OLD_NAMES: &[(&str, &str)] = &[
    ("tillganglighet.html", ACCESSIBILITY_URL),
    ("arshjul.html", ANNUAL_CYCLE_URL),
    ("omvarld.html", ENVIRONMENT_URL),
];

/// Which part of `render` makes a generated page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeneratedKind {
    /// A page of the report's items or the 404 page: a template over the
    /// site view, rendered with the report's pages (`render::pipeline`).
    Overview,
    /// A page for residents, in every language (`render::resident_pages`).
    Resident,
    /// The whole report on one page (`render::print`).
    Print,
    /// The offline search index (`render::search`).
    SearchIndex,
    /// The accessibility statement (`render::accessibility`).
    Accessibility,
    /// The page of an analysis view, made when the report has entries for
    /// it (`render::analysis`).
    Analysis,
    /// The actor register for Kumu, made when the report has actors
    /// (`render::kumu`).
    KumuExport,
}

/// One page the generator writes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratedPage {
    /// Site-relative output path; a report page may not take it.
    pub url: &'static str,
    /// The theme template (under `templates/`), if it has one.
    pub template: Option<&'static str>,
    /// The UI string key of its title, if it has one.
    pub title: Option<&'static str>,
    pub kind: GeneratedKind,
}

const fn page(
    url: &'static str,
    template: &'static str,
    title: &'static str,
    kind: GeneratedKind,
) -> GeneratedPage {
    GeneratedPage {
        url,
        template: Some(template),
        title: Some(title),
        kind,
    }
}

/// Every page the generator writes itself. A new generated page is one row
/// here, its template in the theme and the code that renders it.
pub const GENERATED_PAGES: &[GeneratedPage] = &[
    page(
        FINDINGS_URL,
        "findings.html",
        "nav_findings",
        GeneratedKind::Overview,
    ),
    page(
        PRIORITIES_URL,
        "priorities.html",
        "nav_priorities",
        GeneratedKind::Overview,
    ),
    page(
        FEEDBACK_URL,
        "feedback.html",
        "nav_feedback",
        GeneratedKind::Overview,
    ),
    page(
        ACTORS_URL,
        "actors.html",
        "nav_actors",
        GeneratedKind::Overview,
    ),
    page(
        PLACES_URL,
        "places.html",
        "nav_places",
        GeneratedKind::Overview,
    ),
    page(
        NOT_FOUND_URL,
        "404.html",
        "not_found_title",
        GeneratedKind::Overview,
    ),
    page(
        RESIDENTS_URL,
        "residents.html",
        "residents_title",
        GeneratedKind::Resident,
    ),
    page(
        FLYER_URL,
        "flyer.html",
        "flyer_title",
        GeneratedKind::Resident,
    ),
    page(
        GLOSSARY_URL,
        "glossary.html",
        "nav_glossary",
        GeneratedKind::Resident,
    ),
    GeneratedPage {
        url: SEARCH_INDEX_URL,
        template: None,
        title: None,
        kind: GeneratedKind::SearchIndex,
    },
    page(PRINT_URL, "print.html", "print_title", GeneratedKind::Print),
    page(
        ACCESSIBILITY_URL,
        "accessibility.html",
        "a11y_title",
        GeneratedKind::Accessibility,
    ),
    page(SWOT_URL, "swot.html", "nav_swot", GeneratedKind::Analysis),
    page(
        ANNUAL_CYCLE_URL,
        "arshjul.html",
        "nav_annual_cycle",
        GeneratedKind::Analysis,
    ),
    page(
        ENVIRONMENT_URL,
        "omvarld.html",
        "nav_environment",
        GeneratedKind::Analysis,
    ),
    GeneratedPage {
        url: KUMU_ELEMENTS_URL,
        template: None,
        title: None,
        kind: GeneratedKind::KumuExport,
    },
    GeneratedPage {
        url: KUMU_CONNECTIONS_URL,
        template: None,
        title: None,
        kind: GeneratedKind::KumuExport,
    },
];

const fn urls<const N: usize>() -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = GENERATED_PAGES[i].url;
        i += 1;
    }
    out
}

/// Output paths the generator writes itself; a page may not take them.
pub const RESERVED_URLS: &[&str] = &urls::<{ GENERATED_PAGES.len() }>();

/// The generated page at `url`, if any.
pub fn generated_page(url: &str) -> Option<&'static GeneratedPage> {
    GENERATED_PAGES.iter().find(|g| g.url == url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generated_template_is_in_the_default_theme() {
        // The embedded theme is listed in `theme`; tests may reach up.
        let theme = crate::theme::default_theme();
        for g in GENERATED_PAGES {
            if let Some(t) = g.template {
                assert!(
                    theme.files.contains_key(&format!("templates/{t}")),
                    "{} is rendered from templates/{t}, which the default theme does not embed",
                    g.url
                );
            }
        }
    }

    #[test]
    fn reserved_urls_are_the_table() {
        assert_eq!(RESERVED_URLS.len(), GENERATED_PAGES.len());
        assert_eq!(
            generated_page("print.html").unwrap().kind,
            GeneratedKind::Print
        );
        assert!(generated_page("index.html").is_none());
    }
}
