//! The pipeline order, locked: data flows one way (config → load → check →
//! render → write), with shared helpers in leaf modules below it and the
//! pipeline front, session, serve and CLI as thin layers above. This test
//! reads every `crate::` path in `src/` and fails on any that points up
//! the order, naming the file, the line and the import.
//!
//! Test code (`#[cfg(test)]` modules at the end of a file, files named
//! `tests.rs`) may reach anywhere: it does not make the library's order
//! false.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::repo;

/// The crate's modules, lowest first. A module may import from modules in
/// earlier layers only; modules in the same layer may not import each
/// other. A new top-level module must be added here (the test says so).
const LAYERS: &[&[&str]] = &[
    // "Did you mean": closest names, for every phase's messages.
    &["suggest"],
    // The message catalogue: every text for the writer, in sv, nb and en.
    &["messages"],
    // Leaves: errors and the kinds table; YAML options beside the YAML
    // error mapping.
    &["error"],
    // Shared helpers: names on disk, text decoding, links and slugs.
    &["paths", "text", "links", "mime"],
    // Charts: specs, data importers and SVG (pure; used by load and render).
    &["chart"],
    // The typed model of a report, with the audience type.
    &["model"],
    // book.toml.
    &["config"],
    // Theme files: embedded default, overrides, compiled.
    &["theme"],
    // The pipeline.
    &["load"],
    // The pipeline front: config + theme + report loaded, theme compiled
    // (used by build, check, the serve session and exports).
    &["project"],
    &["check"],
    &["render"],
    // The exit gate: every output file passes it on its way out.
    &["gate"],
    // Writing to disk; the files beside the pages (robots.txt, sitemap,
    // build.json) and the audience a folder holds.
    &["write", "site_files"],
    // The phases run in order: build (to disk or memory) and check.
    &["build"],
    // The exports and publish, from a build.
    &["export", "publish"],
    // Forms instead of YAML (`serve --edit`): an item's lines rewritten,
    // checked as build checks them (uses load and check).
    &["edit"],
    // Thin layers.
    &["session"],
    &["serve"],
    &["scaffold"],
    &["cli"],
    &["fuzzing"],
];

/// Inside `serve`, the same rule for its files (the parent `mod.rs` may use
/// them all).
const SERVE_LAYERS: &[&[&str]] = &[
    &["edit_links_more"],
    &["overlay", "edit_links", "edit_page_links"],
    &["reload"],
    &["site"],
    &["edit_state"],
    &["server"],
    &["events", "watch", "edit"],
    // The page forms' handlers (they use the item forms' helpers).
    &["edit_page"],
];

/// One `crate::`/`super::` path found in the source.
#[derive(Debug)]
struct Import {
    file: PathBuf,
    line: usize,
    /// The path as written, e.g. `crate::render::links::relative`.
    path: String,
    /// The top-level module it names.
    target: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The library code of a file: lines before its `#[cfg(test)]` module,
/// without comments; nothing for a `tests.rs`.
fn library_lines(path: &Path) -> Vec<(usize, String)> {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return Vec::new();
    }
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let code = code.split(" // ").next().unwrap_or(code);
        out.push((i + 1, code.to_string()));
    }
    out
}

/// Every `prefix` path in the file, with the module right after the prefix.
/// `use crate::{a::x, b};` groups count once per name.
fn imports(path: &Path, prefix: &str) -> Vec<Import> {
    let lines = library_lines(path);
    let mut out = Vec::new();
    let mut group: Option<usize> = None;
    for (n, code) in &lines {
        let mut rest = code.as_str();
        if let Some(start) = group {
            // Inside a multi-line `use crate::{ … };`.
            for name in group_names(rest) {
                out.push(import(path, start, &format!("{prefix}{name}"), name));
            }
            if rest.contains("};") {
                group = None;
            }
            continue;
        }
        while let Some(at) = rest.find(prefix) {
            let after = &rest[at + prefix.len()..];
            if let Some(inner) = after.strip_prefix('{') {
                for name in group_names(inner) {
                    out.push(import(path, *n, &format!("{prefix}{name}"), name));
                }
                if !inner.contains('}') {
                    group = Some(*n);
                }
                break;
            }
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let full: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            if !name.is_empty() {
                out.push(import(path, *n, &format!("{prefix}{full}"), &name));
            }
            rest = &after[name.len()..];
        }
    }
    out
}

/// The first segment of each path in a `{ … }` group (nested groups count
/// by their first segment).
fn group_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut depth = 0;
    let mut start = true;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                if depth == 0 {
                    break;
                }
                depth -= 1;
            }
            ',' if depth == 0 => start = true,
            c if start && (c.is_ascii_alphabetic() || c == '_') => {
                start = false;
                let name: &str = text[i..]
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .next()
                    .unwrap();
                if name != "self" {
                    names.push(name);
                }
            }
            _ => {}
        }
    }
    names
}

fn import(file: &Path, line: usize, path: &str, target: &str) -> Import {
    Import {
        file: file.to_path_buf(),
        line,
        path: path.trim_end_matches(':').to_string(),
        target: target.to_string(),
    }
}

fn layer_of(layers: &[&[&str]], module: &str) -> Option<usize> {
    layers.iter().position(|l| l.contains(&module))
}

/// Check `imports` of `module` against `layers`; push a message per import
/// that goes the wrong way.
fn check_direction(
    layers: &[&[&str]],
    module: &str,
    imports: &[Import],
    root: &Path,
    what: &str,
    errors: &mut Vec<String>,
) {
    let Some(from) = layer_of(layers, module) else {
        errors.push(format!(
            "{what} `{module}` is not in the declared order: add it to the layers in tests/testsuite/architecture.rs (and to CONTRIBUTING.md)"
        ));
        return;
    };
    for i in imports {
        if i.target == module {
            continue;
        }
        let Some(to) = layer_of(layers, &i.target) else {
            continue; // not a module (a crate-root item or re-export)
        };
        if to >= from {
            let how = if to == from {
                "is in the same layer as"
            } else {
                "comes after"
            };
            errors.push(format!(
                "{}:{}: `{}`: {what} `{module}` may not import `{}`, which {how} it in the pipeline order; move the shared code into a lower module (see CONTRIBUTING.md)",
                i.file.strip_prefix(root).unwrap_or(&i.file).display(),
                i.line,
                i.path,
                i.target,
            ));
        }
    }
}

/// All violations of the declared order in the `src/` under `root`.
fn violations(root: &Path) -> Vec<String> {
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut by_module: BTreeMap<String, Vec<Import>> = BTreeMap::new();
    let mut serve: BTreeMap<String, Vec<Import>> = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        let module = parts[0].clone();
        if module == "lib" || module == "main" {
            continue; // the crate root declares and re-exports everything
        }
        by_module
            .entry(module.clone())
            .or_default()
            .extend(imports(f, "crate::"));
        if module == "serve" && parts.len() == 2 && parts[1] != "mod" {
            let mut own = imports(f, "super::");
            own.extend(imports(f, "crate::serve::").into_iter().map(|i| Import {
                target: i.target,
                ..i
            }));
            serve.entry(parts[1].clone()).or_default().extend(own);
        }
    }
    let mut errors = Vec::new();
    for (module, imports) in &by_module {
        check_direction(LAYERS, module, imports, root, "module", &mut errors);
    }
    for (file, imports) in &serve {
        check_direction(SERVE_LAYERS, file, imports, root, "serve file", &mut errors);
    }
    errors
}

#[test]
fn imports_follow_the_pipeline_order() {
    let errors = violations(&repo());
    assert!(
        errors.is_empty(),
        "imports against the declared order:\n{}",
        errors.join("\n")
    );
}

#[test]
fn a_back_import_is_named_in_the_failure() {
    // A copy of src/ with one import pointing up the order: render from
    // chart, as chart/mod.rs did before the link helpers became a leaf.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    crate::support::copy_dir(&repo().join("src"), &src);
    let spec = src.join("chart/spec.rs");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, format!("use crate::render::RESERVED_URLS;\n{text}")).unwrap();
    let server = src.join("serve/reload.rs");
    let text = std::fs::read_to_string(&server).unwrap();
    std::fs::write(&server, format!("use super::server::AppState;\n{text}")).unwrap();
    let errors = violations(dir.path());
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(
        errors[0],
        "src/chart/spec.rs:1: `crate::render::RESERVED_URLS`: module `chart` may not import `render`, which comes after it in the pipeline order; move the shared code into a lower module (see CONTRIBUTING.md)"
    );
    assert!(
        errors[1].starts_with("src/serve/reload.rs:1: `super::server::AppState`: serve file `reload` may not import `server`"),
        "{}",
        errors[1]
    );
}

#[test]
fn grouped_imports_are_read_name_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.rs");
    std::fs::write(
        &f,
        "use crate::{\n    chart::spec,\n    error::{Diagnostic, Pos},\n};\nfn f() { crate::links::relative(\"a\", \"b\"); }\n// crate::cli::run\n#[cfg(test)]\nmod tests { use crate::serve; }\n",
    )
    .unwrap();
    let found: Vec<_> = imports(&f, "crate::")
        .into_iter()
        .map(|i| (i.line, i.target))
        .collect();
    assert_eq!(
        found,
        [
            (1, "chart".to_string()),
            (1, "error".to_string()),
            (5, "links".to_string())
        ]
    );
}
