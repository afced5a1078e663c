//! What each template can read: the templates it pulls in and which parts
//! of `report` and `phase` it uses. Found by scanning the template code
//! (inside `{{ }}` and `{% %}`); anything the scan cannot pin down counts as
//! using everything, so a rebuild may render too much but never too little.

use std::collections::{BTreeMap, BTreeSet};

use crate::theme::ThemeFiles;

/// The fields of one context value a template reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fields {
    /// Only these fields (`report.phases` → `phases`).
    Some(BTreeSet<String>),
    /// The value as a whole, or in a way the scan cannot follow.
    All,
}

impl Fields {
    fn none() -> Fields {
        Fields::Some(BTreeSet::new())
    }

    fn add(&mut self, field: &str) {
        if let Fields::Some(set) = self {
            set.insert(field.to_string());
        }
    }

    fn merge(&mut self, other: &Fields) {
        match other {
            Fields::All => *self = Fields::All,
            Fields::Some(o) => o.iter().for_each(|f| self.add(f)),
        }
    }

    /// Whether any of `changed` is read.
    pub(crate) fn reads_any(&self, changed: &BTreeSet<String>) -> bool {
        match self {
            Fields::All => !changed.is_empty(),
            Fields::Some(set) => !set.is_disjoint(changed),
        }
    }
}

/// What rendering with one template depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deps {
    /// The template and every template it extends, includes or imports.
    pub templates: BTreeSet<String>,
    /// Fields of `report` (the site view) it reads.
    pub report: Fields,
    /// Fields of `phase` it reads.
    pub phase: Fields,
}

/// What a template the theme does not have is taken to read.
static EVERYTHING: Deps = Deps {
    templates: BTreeSet::new(),
    report: Fields::All,
    phase: Fields::All,
};

/// [`Deps`] of every template of a theme, by template name.
#[derive(Debug, Clone, Default)]
pub struct TemplateDeps {
    by_name: BTreeMap<String, Deps>,
}

/// What one template's own text uses.
struct Direct {
    /// Template names it mentions, or `None` when it includes one by a
    /// computed name.
    refs: Option<BTreeSet<String>>,
    report: Fields,
    phase: Fields,
}

impl TemplateDeps {
    pub fn scan(files: &ThemeFiles) -> TemplateDeps {
        let sources: BTreeMap<&str, String> = files
            .files
            .iter()
            .filter_map(|(k, f)| {
                let name = k.strip_prefix("templates/")?;
                Some((name, String::from_utf8_lossy(&f.bytes).into_owned()))
            })
            .collect();
        let names: BTreeSet<&str> = sources.keys().copied().collect();
        let direct: BTreeMap<&str, Direct> = sources
            .iter()
            .map(|(n, src)| (*n, scan_one(src, &names)))
            .collect();
        let mut by_name = BTreeMap::new();
        for name in &names {
            let mut deps = Deps {
                templates: BTreeSet::new(),
                report: Fields::none(),
                phase: Fields::none(),
            };
            let mut todo = vec![*name];
            while let Some(n) = todo.pop() {
                if !deps.templates.insert(n.to_string()) {
                    continue;
                }
                let d = &direct[n];
                deps.report.merge(&d.report);
                deps.phase.merge(&d.phase);
                match &d.refs {
                    Some(refs) => todo.extend(refs.iter().map(String::as_str)),
                    None => todo.extend(names.iter().copied()),
                }
            }
            by_name.insert(name.to_string(), deps);
        }
        TemplateDeps { by_name }
    }

    /// The dependencies of rendering with `template` (everything for a
    /// template the theme does not have).
    pub fn of(&self, template: &str) -> &Deps {
        self.by_name.get(template).unwrap_or(&EVERYTHING)
    }

    /// Whether rendering with `template` uses any of the templates `changed`.
    pub(crate) fn uses_any(&self, template: &str, changed: &BTreeSet<String>) -> bool {
        match self.by_name.get(template) {
            Some(d) => !d.templates.is_disjoint(changed),
            None => !changed.is_empty(),
        }
    }
}

/// The code parts of a template: the insides of `{{ }}` and `{% %}`
/// (comments `{# #}` and text are left out).
fn code_blocks(src: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let body = &after[1..];
        let end = body.find(close).unwrap_or(body.len());
        if close != "#}" {
            out.push(body[..end].trim_matches('-'));
        }
        rest = &body[(end + close.len()).min(body.len())..];
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A token stream of one code block: identifiers, string literals (with
/// their quotes removed and marked by `Tok::Str`) and single characters.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok<'a> {
    Ident(&'a str),
    Str(&'a str),
    Punct(char),
}

fn tokens(code: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut it = code.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c == '"' || c == '\'' || c == '`' {
            let start = i + c.len_utf8();
            let mut end = code.len();
            for (j, d) in it.by_ref() {
                if d == c {
                    end = j;
                    break;
                }
            }
            out.push(Tok::Str(&code[start..end]));
        } else if is_ident(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if !is_ident(d) {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push(Tok::Ident(&code[i..end]));
        } else {
            out.push(Tok::Punct(c));
        }
    }
    out
}

fn scan_one(src: &str, names: &BTreeSet<&str>) -> Direct {
    let mut refs = Some(BTreeSet::new());
    let mut report = Fields::none();
    let mut phase = Fields::none();
    for code in code_blocks(src) {
        let toks = tokens(code);
        // A template pulled in by a computed name could be any of them.
        if let [Tok::Ident("include" | "extends" | "import"), next, ..] = toks.as_slice()
            && !matches!(next, Tok::Str(_))
        {
            refs = None;
        }
        for (i, t) in toks.iter().enumerate() {
            match t {
                Tok::Str(s) if names.contains(s) => {
                    if let Some(r) = refs.as_mut() {
                        r.insert((*s).to_string());
                    }
                }
                Tok::Ident("__tera_context") => {
                    report = Fields::All;
                    phase = Fields::All;
                }
                Tok::Ident(id @ ("report" | "phase")) => {
                    // `x.report` is a field of something else.
                    if i > 0 && toks[i - 1] == Tok::Punct('.') {
                        continue;
                    }
                    let target = if *id == "report" {
                        &mut report
                    } else {
                        &mut phase
                    };
                    use_of(&toks, i, target);
                }
                _ => {}
            }
        }
    }
    Direct {
        refs,
        report,
        phase,
    }
}

/// Record how the variable at `toks[i]` is used.
fn use_of(toks: &[Tok<'_>], i: usize, fields: &mut Fields) {
    match (toks.get(i + 1), toks.get(i + 2), toks.get(i + 3)) {
        (Some(Tok::Punct('.')), Some(Tok::Ident(f)), _) => fields.add(f),
        (Some(Tok::Punct('[')), Some(Tok::Str(f)), Some(Tok::Punct(']'))) => fields.add(f),
        (next, _, _) => {
            // Only tested for being there (`{% if phase %}`): a page's
            // phase comes and goes with the page itself.
            let prev = i.checked_sub(1).map(|p| &toks[p]);
            let tested = matches!(prev, Some(Tok::Ident("if" | "elif" | "not" | "and" | "or")))
                && matches!(next, None | Some(Tok::Ident("and" | "or")));
            if !tested {
                *fields = Fields::All;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::{ThemeFile, default_theme};

    fn theme(files: &[(&str, &str)]) -> ThemeFiles {
        let mut t = ThemeFiles::default();
        for (name, src) in files {
            t.files.insert(
                format!("templates/{name}"),
                ThemeFile {
                    bytes: src.as_bytes().to_vec(),
                    origin: name.into(),
                },
            );
        }
        t
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn fields_and_closure_are_found() {
        let t = theme(&[
            (
                "base.html",
                "<nav>{{ site.title }}</nav>{% block c %}{% endblock c %}",
            ),
            (
                "home.html",
                "{% extends \"base.html\" %}{% block c %}{% for p in report.phases %}{{ p.title }}{% endfor %}{{ report[\"counts\"].findings }}{% endblock c %}",
            ),
            (
                "page.html",
                "{% extends 'base.html' %}{% block c %}{% if phase %}{{ phase.url }}{% endif %} The report text{% endblock c %}",
            ),
            ("part.html", "{{ phase.pages | length }}"),
            ("list.html", "{% include \"part.html\" %}"),
        ]);
        let d = TemplateDeps::scan(&t);
        let home = d.of("home.html");
        assert_eq!(home.templates, set(&["base.html", "home.html"]));
        assert_eq!(home.report, Fields::Some(set(&["counts", "phases"])));
        assert_eq!(home.phase, Fields::Some(set(&[])));
        // Words in text are not code; a bare `if phase` is only a test.
        let page = d.of("page.html");
        assert_eq!(page.report, Fields::Some(set(&[])));
        assert_eq!(page.phase, Fields::Some(set(&["url"])));
        assert_eq!(d.of("list.html").phase, Fields::Some(set(&["pages"])));
        assert!(d.uses_any("home.html", &set(&["base.html"])));
        assert!(!d.uses_any("home.html", &set(&["part.html"])));
        assert!(d.uses_any("list.html", &set(&["part.html"])));
    }

    #[test]
    fn unclear_uses_count_as_everything() {
        let t = theme(&[
            ("a.html", "{% set r = report %}{{ r.phases }}"),
            ("b.html", "{{ phase | json_encode }}"),
            ("c.html", "{% include name %}"),
            ("d.html", "{{ report.counts.findings }}"),
            ("e.html", "{{ __tera_context }}"),
        ]);
        let d = TemplateDeps::scan(&t);
        assert_eq!(d.of("a.html").report, Fields::All);
        assert_eq!(d.of("b.html").phase, Fields::All);
        // A computed include may pull in any template.
        assert!(d.uses_any("c.html", &set(&["d.html"])));
        assert_eq!(d.of("c.html").report, Fields::All);
        assert_eq!(d.of("e.html").phase, Fields::All);
        assert_eq!(d.of("missing.html").report, Fields::All);
    }

    #[test]
    fn default_pages_do_not_read_the_report() {
        // What makes editing one page cheap: the built-in page template
        // reads neither `report` nor the lists of its phase.
        let d = TemplateDeps::scan(&default_theme());
        let page = d.of("page.html");
        assert_eq!(page.report, Fields::Some(BTreeSet::new()));
        assert!(
            !page
                .phase
                .reads_any(&set(&["pages", "questions", "findings"]))
        );
        assert!(d.of("home.html").report.reads_any(&set(&["phases"])));
        assert!(d.of("phase.html").phase.reads_any(&set(&["pages"])));
    }
}
