//! Compiling a theme: Tera templates, UI strings and static files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::dates::DateStyle;
use crate::error::{Diagnostic, Diagnostics, Pos, toml_error};
use crate::text::decode_text;
use crate::theme::ThemeFiles;

/// A compiled theme, ready to render pages.
pub struct Theme {
    pub tera: tera::Tera,
    /// UI strings of the site's language.
    pub strings: BTreeMap<String, String>,
    /// UI strings of the extra resident-page languages, each laid over the
    /// site language's strings (so a key a language lacks falls back).
    pub extra_strings: BTreeMap<String, BTreeMap<String, String>>,
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
    /// Compile `files` for the UI language `lang` and the extra resident
    /// page languages `extra`.
    pub fn compile(files: &ThemeFiles, lang: &str, extra: &[String]) -> Result<Theme, Diagnostics> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.register_filter("breaks", crate::theme::breaks::filter);
        let mut origins = BTreeMap::new();
        let mut templates = Vec::new();
        let mut statics = Vec::new();
        let mut strings_src = None;
        let mut extra_src = BTreeMap::new();
        for (key, f) in &files.files {
            if let Some(name) = key.strip_prefix("templates/") {
                let text = decode_text(&f.origin, &f.bytes)?;
                origins.insert(name.to_string(), f.origin.clone());
                templates.push((name.to_string(), text));
            } else if let Some(url) = key.strip_prefix("static/") {
                statics.push((url.to_string(), f.bytes.clone()));
            } else if *key == format!("strings/{lang}.toml") {
                strings_src = Some((f.origin.clone(), decode_text(&f.origin, &f.bytes)?));
            } else if let Some(l) = key
                .strip_prefix("strings/")
                .and_then(|k| k.strip_suffix(".toml"))
                && extra.iter().any(|e| e == l)
            {
                extra_src.insert(
                    l.to_string(),
                    (f.origin.clone(), decode_text(&f.origin, &f.bytes)?),
                );
            }
        }
        let mut theme = Theme {
            tera,
            strings: BTreeMap::new(),
            extra_strings: BTreeMap::new(),
            statics,
            origins,
        };
        let (origin, src) = strings_src.ok_or_else(|| {
            Diagnostic::error(
                "missing-strings",
                format!("themes/{}/strings/{lang}.toml", files.name),
                crate::msg!("theme.the-theme-has-no-ui", lang = lang.to_string()),
            )
        })?;
        // A theme's strings file may hold only the strings it changes.
        let own: BTreeMap<String, String> =
            toml::from_str(&src).map_err(|e| toml_error(&origin, &src, &e))?;
        theme.strings = builtin_strings(lang);
        theme.strings.extend(own);
        for l in extra {
            let (origin, src) = extra_src.remove(l).ok_or_else(|| {
                Diagnostic::error(
                    "missing-strings",
                    "book.toml",
                    crate::msg!("theme.no-ui-strings-for-the", l = l.to_string()),
                )
                .hint(crate::msg!(
                    "theme.built-in-sv-nb-en",
                    name = (files.name).to_string(),
                    l = l.to_string()
                ))
            })?;
            let own: BTreeMap<String, String> =
                toml::from_str(&src).map_err(|e| toml_error(&origin, &src, &e))?;
            let mut merged = theme.strings.clone();
            merged.extend(builtin_strings(l));
            merged.extend(own);
            theme.extra_strings.insert(l.clone(), merged);
        }
        theme.register_date_filter(lang);
        // An override may extend or include a built-in template by the
        // name `default/<name>` (`{% extends "default/page.html" %}`), as
        // Zola themes allow: the built-in templates are added under that
        // name when an override asks for one.
        if templates.iter().any(|(_, t)| t.contains(BUILTIN_PREFIX)) {
            for (path, bytes) in crate::theme::DEFAULT_THEME {
                let Some(name) = path.strip_prefix("templates/") else {
                    continue;
                };
                let origin = PathBuf::from(format!("themes/default/{path}"));
                let text = decode_text(&origin, bytes)?;
                let name = format!("default/{name}");
                theme.origins.insert(name.clone(), origin);
                templates.push((name, text));
            }
        }
        theme
            .tera
            .add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| theme.template_error(&e))?;
        Ok(theme)
    }

    /// `{{ "2026-03-14" | human_date(lang=lang) }}`: a date in words in
    /// the language `lang` (default: the site's), see [`super::dates`].
    fn register_date_filter(&mut self, main: &str) {
        let mut styles: BTreeMap<String, DateStyle> = self
            .extra_strings
            .iter()
            .map(|(l, s)| (l.clone(), DateStyle::of(s)))
            .collect();
        styles.insert(main.to_string(), DateStyle::of(&self.strings));
        let main = main.to_string();
        self.tera.register_filter(
            "human_date",
            move |value: &str, kwargs: tera::Kwargs, _: &tera::State<'_>| -> String {
                let lang = kwargs.get::<&str>("lang").ok().flatten().unwrap_or(&main);
                styles
                    .get(lang)
                    .or_else(|| styles.get(&main))
                    .map_or_else(|| value.to_string(), |s| s.format(value))
            },
        );
    }

    /// The UI strings of `lang` (the site language or an extra one).
    pub(crate) fn strings_for(&self, lang: &str) -> &BTreeMap<String, String> {
        self.extra_strings.get(lang).unwrap_or(&self.strings)
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
        self.render_in(&self.tera, name, ctx)
    }

    /// Render with `tera`, a copy of this theme's templates carrying global
    /// values.
    pub(crate) fn render_in(
        &self,
        tera: &tera::Tera,
        name: &str,
        ctx: &tera::Context,
    ) -> Result<String, Diagnostic> {
        tera.render(name, ctx).map_err(|e| self.template_error(&e))
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
                        return Diagnostic::error(
                            "template",
                            file,
                            crate::msg!("theme.template-error", error = r.message()),
                        )
                        .at(Some(pos))
                        .hint(crate::msg!("theme.fix-the-template-or-delete"));
                    }
                    tera::ErrorKind::TemplateNotFound(name) => {
                        return Diagnostic::error(
                            "template",
                            Path::new("themes"),
                            crate::msg!("theme.the-template-is-missing", name = name.to_string()),
                        );
                    }
                    _ => {}
                }
            }
            cur = err.source();
        }
        // Tera names the template in some messages ("Template 'page.html'
        // is inheriting from …"): the error is in that file.
        let message = e.to_string();
        let file = message
            .strip_prefix("Template '")
            .and_then(|rest| rest.split_once('\''))
            .and_then(|(name, _)| self.origins.get(name).cloned())
            .unwrap_or_else(|| PathBuf::from("themes"));
        let d = Diagnostic::error(
            "template",
            file,
            crate::msg!("theme.template-error", error = &message),
        );
        if message.contains(&format!("'{}", &BUILTIN_PREFIX[1..])) {
            let names: Vec<&str> = crate::theme::DEFAULT_THEME
                .iter()
                .filter_map(|(p, _)| p.strip_prefix("templates/"))
                .filter(|n| !n.starts_with("partials/"))
                .collect();
            return d.hint(crate::msg!(
                "theme.a-built-in-template-is",
                default = (names.join(", default/")).to_string()
            ));
        }
        d
    }
}

/// How an override names a built-in template: `default/page.html`.
const BUILTIN_PREFIX: &str = "\"default/";

/// The built-in UI strings of `lang` (empty if there are none).
pub fn builtin_strings(lang: &str) -> BTreeMap<String, String> {
    let name = format!("strings/{lang}.toml");
    crate::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == name)
        .and_then(|(_, b)| std::str::from_utf8(b).ok())
        .and_then(|t| toml::from_str(t).ok())
        .unwrap_or_default()
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

    /// Every string a resident page uses exists in each resident language.
    #[test]
    fn resident_languages_cover_resident_templates() {
        let theme = default_theme();
        let mut used = std::collections::BTreeSet::new();
        for tpl in [
            "base.html",
            "page.html",
            "residents.html",
            "flyer.html",
            "glossary.html",
            "partials/lang-switch.html",
        ] {
            let text = std::str::from_utf8(&theme.files[&format!("templates/{tpl}")].bytes)
                .unwrap()
                .to_string();
            for (i, _) in text.match_indices("t.") {
                if i > 0 && !matches!(text.as_bytes()[i - 1], b' ' | b'{' | b'(') {
                    continue;
                }
                let key: String = text[i + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !key.is_empty() {
                    used.insert(key);
                }
            }
        }
        // Status labels are looked up by key in code.
        for s in ["planned", "ongoing", "done", "not_relevant"] {
            used.insert(format!("status_{s}"));
        }
        // Strings only the main language's page shows (phase pages).
        used.remove("answers_questions");
        for lang in ["ar", "so", "fa"] {
            let f = &theme.files[&format!("strings/{lang}.toml")];
            let text = std::str::from_utf8(&f.bytes).unwrap();
            assert!(
                text.contains("NOT CHECKED BY A SPEAKER"),
                "{lang}: mark unchecked strings"
            );
            let map: BTreeMap<String, String> = toml::from_str(text).unwrap();
            for k in &used {
                assert!(map.contains_key(k), "strings/{lang}.toml lacks {k}");
            }
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
        let e = Theme::compile(&files, "sv", &[]).unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.file, PathBuf::from("themes/egen/templates/page.html"));
        assert_eq!(d.line, Some(2), "{d}");
    }
}
