//! Compiling a theme: Tera templates, UI strings and static files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics, Pos, toml_error};
use crate::load::text::decode_text;
use crate::theme::ThemeFiles;

/// A compiled theme, ready to render pages.
pub struct Theme {
    pub tera: tera::Tera,
    /// UI strings of the site's language.
    pub strings: BTreeMap<String, String>,
    /// Files under `static/`, by site URL.
    pub statics: Vec<(String, Vec<u8>)>,
    /// Template name → the file it came from (for errors).
    origins: BTreeMap<String, PathBuf>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.origins.keys())
            .finish()
    }
}

impl Theme {
    /// Compile `files` for the UI language `lang`.
    pub fn compile(files: &ThemeFiles, lang: &str) -> Result<Theme, Diagnostics> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        let mut origins = BTreeMap::new();
        let mut templates = Vec::new();
        let mut statics = Vec::new();
        let mut strings_src = None;
        for (key, f) in &files.files {
            if let Some(name) = key.strip_prefix("templates/") {
                let text = decode_text(&f.origin, &f.bytes)?;
                origins.insert(name.to_string(), f.origin.clone());
                templates.push((name.to_string(), text));
            } else if let Some(url) = key.strip_prefix("static/") {
                statics.push((url.to_string(), f.bytes.clone()));
            } else if *key == format!("strings/{lang}.toml") {
                strings_src = Some((f.origin.clone(), decode_text(&f.origin, &f.bytes)?));
            }
        }
        let mut theme = Theme {
            tera,
            strings: BTreeMap::new(),
            statics,
            origins,
        };
        theme
            .tera
            .add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| theme.template_error(&e))?;
        let (origin, src) = strings_src.ok_or_else(|| {
            Diagnostic::error(
                "missing-strings",
                format!("themes/{}/strings/{lang}.toml", files.name),
                format!("the theme has no UI strings for the language \"{lang}\""),
            )
        })?;
        theme.strings = toml::from_str(&src).map_err(|e| toml_error(&origin, &src, &e))?;
        Ok(theme)
    }

    /// A UI string, or the key itself if the theme lacks it (a unit test
    /// keeps the built-in strings complete).
    pub fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Render the template `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| self.template_error(&e))
    }

    /// A located diagnostic for a Tera error.
    fn template_error(&self, e: &tera::Error) -> Diagnostic {
        let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(err) = cur {
            if let Some(te) = err.downcast_ref::<tera::Error>() {
                match te.kind() {
                    tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                        let file = self
                            .origins
                            .get(r.filename())
                            .cloned()
                            .unwrap_or_else(|| PathBuf::from(r.filename()));
                        let span = r.span();
                        let pos = Pos::new(
                            u32::try_from(span.start_line).unwrap_or(0),
                            u32::try_from(span.start_col + 1).unwrap_or(1),
                        );
                        return Diagnostic::error("template", file, r.message().to_string())
                            .at(Some(pos))
                            .hint("fix the template, or delete it from your theme to use the built-in one");
                    }
                    tera::ErrorKind::TemplateNotFound(name) => {
                        return Diagnostic::error(
                            "template",
                            Path::new("themes"),
                            format!("the template \"{name}\" is missing"),
                        );
                    }
                    _ => {}
                }
            }
            cur = err.source();
        }
        Diagnostic::error("template", Path::new("themes"), e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::default_theme;

    #[test]
    fn all_languages_have_the_same_strings() {
        let theme = default_theme();
        let keys = |lang: &str| {
            let f = &theme.files[&format!("strings/{lang}.toml")];
            let map: BTreeMap<String, String> =
                toml::from_str(std::str::from_utf8(&f.bytes).unwrap()).unwrap();
            map.into_keys().collect::<Vec<_>>()
        };
        let sv = keys("sv");
        for lang in crate::config::UI_LANGUAGES {
            assert_eq!(keys(lang), sv, "strings/{lang}.toml differs from sv.toml");
        }
    }

    #[test]
    fn template_syntax_errors_are_located() {
        let mut files = default_theme();
        files.files.insert(
            "templates/page.html".into(),
            crate::theme::ThemeFile {
                bytes: b"<p>\n{% if %}\n".to_vec(),
                origin: "themes/egen/templates/page.html".into(),
            },
        );
        let e = Theme::compile(&files, "sv").unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.file, PathBuf::from("themes/egen/templates/page.html"));
        assert_eq!(d.line, Some(2), "{d}");
    }
}
