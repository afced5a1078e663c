//! The broken-report corpus in `tests/invalid/`: one fault per case, laid
//! over `tests/fixtures/basic` (see tests/invalid/README.md). For every
//! case the report is first built (the previous output), the fault is put
//! in, and the build runs again. It must end with the expected exit code,
//! name the file, line and column with a plain message, never panic,
//! leave the previous output byte-identical, and take under a second.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::support::{BIN, Fixture, copy_dir, hashes, repo, stderr_snapshot_at};

/// `case.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What is wrong, in words.
    fault: String,
    /// 1 for a content error, 0 where the input is valid.
    exit: i32,
    /// The exact start of the error line: `file:line:col`, `file:line` or
    /// `file` where the fault has no line. `{root}` is the report folder.
    #[serde(rename = "where")]
    at: Option<String>,
    /// A phrase the error line holds.
    #[serde(default)]
    says: String,
    /// A phrase the error's hint holds.
    hint: Option<String>,
    /// The same phrases in Swedish (the fixture's language, shown without
    /// --lang): every error case has `says_sv`.
    says_sv: Option<String>,
    hint_sv: Option<String>,
    /// The line as written, shown under the error with a caret.
    shows: Option<String>,
    /// Files of the base report to delete.
    #[serde(default)]
    remove: Vec<String>,
    /// One-line edits of base files.
    #[serde(default)]
    replace: Vec<Replace>,
    /// A fault that cannot be committed as a file, made at test time.
    setup: Option<String>,
    /// Extra arguments to `kartsite build`.
    #[serde(default)]
    args: Vec<String>,
    /// For valid input: a file of the new output and a text it holds.
    ok: Option<(String, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    file: String,
    from: String,
    to: String,
}

/// Put the case's fault into the report at `root`. `Err` skips the case
/// with a reason.
fn apply(case: &Case, dir: &Path, root: &Path) -> Result<(), String> {
    for r in &case.remove {
        std::fs::remove_file(root.join(r)).unwrap();
    }
    for r in &case.replace {
        let p = root.join(&r.file);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(
            text.contains(&r.from),
            "{}: {:?} not in {}",
            dir.display(),
            r.from,
            r.file
        );
        std::fs::write(&p, text.replacen(&r.from, &r.to, 1)).unwrap();
    }
    let files = dir.join("files");
    if files.is_dir() {
        copy_dir(&files, root);
    }
    match case.setup.as_deref() {
        None => {}
        Some("huge-page") => {
            let mut page = String::from("---\ntitle: Stor\n---\n\n");
            let para =
                "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(17) + "\n\n";
            while page.len() < 50_000_000 {
                page.push_str(&para);
            }
            std::fs::write(root.join("content/kartlaggning/stor.md"), page).unwrap();
        }
        #[cfg(unix)]
        Some("symlink-out") => {
            let outside = root.parent().unwrap().join("utanfor.csv");
            std::fs::write(&outside, "område,andel\nTestby,39\n").unwrap();
            std::fs::create_dir_all(root.join("data")).unwrap();
            std::os::unix::fs::symlink(&outside, root.join("data/lank.csv")).unwrap();
        }
        Some("parent-is-file") => {
            std::fs::write(root.join("hinder"), "en fil, ingen mapp\n").unwrap()
        }
        Some("not-ours") => {
            std::fs::create_dir_all(root.join("annat")).unwrap();
            std::fs::write(root.join("annat/egen.txt"), "mina egna filer\n").unwrap();
        }
        #[cfg(unix)]
        Some("read-only") => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o555)).unwrap();
            let probe = root.join(".probe");
            if std::fs::write(&probe, "").is_ok() {
                let _ = std::fs::remove_file(&probe);
                std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
                return Err("permissions are not enforced for this user (root?): a read-only folder can be written".into());
            }
        }
        Some(other) => return Err(format!("setup {other:?} is not supported on this platform")),
    }
    Ok(())
}

/// What went wrong with one case (empty: it passed).
fn check(
    name: &str,
    case: &Case,
    root: &Path,
    code: i32,
    stderr: &str,
    before: &BTreeMap<String, u64>,
) -> Vec<String> {
    let mut bad = Vec::new();
    let mut fail = |what: String| bad.push(format!("{name}: {what}\n--- stderr ---\n{stderr}"));
    if stderr.contains("panicked") || code == 101 {
        fail("panicked".into());
    }
    if code != case.exit {
        fail(format!("exit {code}, expected {}", case.exit));
    }
    let out = root.join("public");
    if case.exit == 0 {
        if let Some((file, text)) = &case.ok {
            let page = std::fs::read_to_string(out.join(file)).unwrap_or_default();
            if !page.contains(text.as_str()) {
                fail(format!("{file} lacks {text:?}"));
            }
        }
        return bad;
    }
    let (start, line, block) = error_block(case, root, stderr, "error");
    match line {
        None => fail(format!("no error line starting with \"{start}\"")),
        Some(l) if !l.contains(case.says.as_str()) => {
            fail(format!("the error line lacks {:?}", case.says))
        }
        Some(_) => {
            if let Some(h) = &case.hint
                && !block
                    .iter()
                    .any(|x| x.starts_with("  hint: ") && x.contains(h.as_str()))
            {
                fail(format!("the hint lacks {h:?}"));
            }
            if let Some(text) = &case.shows
                && !block.iter().any(|x| x.ends_with(&format!("| {text}")))
            {
                fail(format!(
                    "the error does not show the line {text:?} as written"
                ));
            }
        }
    }
    if !stderr.contains("nothing was written; the previous output is unchanged") {
        fail("no \"nothing was written\" summary".into());
    }
    if &hashes(&out) != before {
        fail("the previous output changed".into());
    }
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".kartsite-tmp-") || n.contains(".kartsite-old-"))
        .collect();
    if !leftovers.is_empty() {
        fail(format!("temporary folders left: {leftovers:?}"));
    }
    bad
}

/// The start of the case's error line (`file:line:col: error: `, with
/// `error` in the language of the run), the line, and the lines that
/// belong to it: its source line, caret and hint, indented under it.
fn error_block<'a>(
    case: &Case,
    root: &Path,
    stderr: &'a str,
    error: &str,
) -> (String, Option<&'a str>, Vec<&'a str>) {
    let at = case
        .at
        .as_deref()
        .unwrap_or("")
        .replace("{root}", &root.to_string_lossy());
    let start = format!("{at}: {error}: ");
    let line = stderr.lines().find(|l| l.starts_with(&start));
    let block = match line {
        Some(l) => stderr
            .lines()
            .skip_while(|x| *x != l)
            .skip(1)
            .take_while(|x| x.starts_with("  "))
            .collect(),
        None => Vec::new(),
    };
    (start, line, block)
}

/// The same build in the report's language, Swedish: the error line and
/// its hint in Swedish words.
fn check_swedish(name: &str, case: &Case, root: &Path, args: &[String], cwd: &Path) -> Vec<String> {
    let out = Command::new(BIN)
        .env_remove("KARTSITE_LANG")
        .args(["build", "--root", &root.to_string_lossy()])
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut bad = Vec::new();
    let mut fail =
        |what: String| bad.push(format!("{name} (sv): {what}\n--- stderr ---\n{stderr}"));
    let Some(says) = &case.says_sv else {
        fail("case.toml has no says_sv".into());
        return bad;
    };
    let (start, line, block) = error_block(case, root, &stderr, "fel");
    let Some(line) = line else {
        fail(format!("no error line starting with \"{start}\""));
        return bad;
    };
    if !line.contains(says.as_str()) {
        fail(format!("the error line lacks {says:?}"));
    }
    if let Some(h) = &case.hint_sv {
        let hinted = block
            .iter()
            .any(|x| x.starts_with("  tips: ") && x.contains(h.as_str()));
        if !hinted {
            fail(format!("the hint lacks {h:?}"));
        }
    }
    if !stderr.contains("inget skrevs; det du byggde förra gången är oförändrat") {
        fail("no Swedish \"inget skrevs\" summary".into());
    }
    bad
}

fn cases() -> Vec<(String, PathBuf)> {
    let mut all: Vec<(String, PathBuf)> = std::fs::read_dir(repo().join("tests/invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.toml").is_file())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    all.sort();
    all
}

/// One `#[test]` per case, so a failure names its case:
/// `cargo test --test testsuite corpus::case_25_broken_link`.
macro_rules! cases {
    ($($test:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $test() {
                run_case($dir);
            }
        )*

        /// The cases above, in order.
        const CASES: &[&str] = &[$($dir),*];
    };
}

cases! {
    case_01_yaml_unclosed_list => "01-yaml-unclosed-list",
    case_02_yaml_unclosed_quote => "02-yaml-unclosed-quote",
    case_03_yaml_bad_indentation => "03-yaml-bad-indentation",
    case_04_yaml_tab_indentation => "04-yaml-tab-indentation",
    case_05_yaml_duplicate_key => "05-yaml-duplicate-key",
    case_06_yaml_colon_in_text => "06-yaml-colon-in-text",
    case_07_frontmatter_yaml_error => "07-frontmatter-yaml-error",
    case_08_frontmatter_unclosed => "08-frontmatter-unclosed",
    case_09_frontmatter_tab => "09-frontmatter-tab",
    case_10_item_wrong_type => "10-item-wrong-type",
    case_11_frontmatter_wrong_type => "11-frontmatter-wrong-type",
    case_12_item_list_expected => "12-item-list-expected",
    case_13_config_wrong_type => "13-config-wrong-type",
    case_14_enum_unknown_value => "14-enum-unknown-value",
    case_15_config_unknown_key => "15-config-unknown-key",
    case_16_frontmatter_unknown_key => "16-frontmatter-unknown-key",
    case_17_item_unknown_key => "17-item-unknown-key",
    case_18_items_unknown_kind => "18-items-unknown-kind",
    case_19_duplicate_id => "19-duplicate-id",
    case_20_dangling_reference => "20-dangling-reference",
    case_21_unknown_phase => "21-unknown-phase",
    case_22_unknown_need_area => "22-unknown-need-area",
    case_23_unknown_guiding_question => "23-unknown-guiding-question",
    case_24_bad_date => "24-bad-date",
    case_25_broken_link => "25-broken-link",
    case_26_broken_anchor => "26-broken-anchor",
    case_27_link_out_of_report => "27-link-out-of-report",
    case_28_invalid_utf8_page => "28-invalid-utf8-page",
    case_29_invalid_utf8_yaml => "29-invalid-utf8-yaml",
    case_30_invalid_utf8_config => "30-invalid-utf8-config",
    case_31_bom_page => "31-bom-page",
    case_32_bom_yaml_and_config => "32-bom-yaml-and-config",
    case_33_crlf => "33-crlf",
    case_34_empty_page => "34-empty-page",
    case_35_empty_yaml => "35-empty-yaml",
    case_36_empty_config => "36-empty-config",
    case_37_missing_config => "37-missing-config",
    case_38_huge_page => "38-huge-page",
    case_39_yaml_deep_nesting => "39-yaml-deep-nesting",
    case_40_yaml_deep_block_nesting => "40-yaml-deep-block-nesting",
    case_41_yaml_alias_bomb => "41-yaml-alias-bomb",
    case_42_yaml_alias_flood => "42-yaml-alias-flood",
    case_43_data_path_parent => "43-data-path-parent",
    case_44_data_path_absolute => "44-data-path-absolute",
    case_45_data_symlink_out => "45-data-symlink-out",
    case_46_csv_ragged_rows => "46-csv-ragged-rows",
    case_47_chart_unknown_column => "47-chart-unknown-column",
    case_48_chart_unknown_type => "48-chart-unknown-type",
    case_49_chart_missing_data => "49-chart-missing-data",
    case_50_jsonstat_syntax => "50-jsonstat-syntax",
    case_51_jsonstat_malformed => "51-jsonstat-malformed",
    case_52_theme_syntax_error => "52-theme-syntax-error",
    case_53_theme_undefined_variable => "53-theme-undefined-variable",
    case_54_theme_missing => "54-theme-missing",
    case_55_theme_bad_strings => "55-theme-bad-strings",
    case_56_output_inside_content => "56-output-inside-content",
    case_57_output_is_the_report => "57-output-is-the-report",
    case_58_output_parent_is_a_file => "58-output-parent-is-a-file",
    case_59_output_read_only => "59-output-read-only",
    case_60_output_not_ours => "60-output-not-ours",
    case_61_unsafe_config_url => "61-unsafe-config-url",
    case_62_yaml_field_left_of_its_item => "62-yaml-field-left-of-its-item",
    case_63_yaml_field_out_of_line_under_dash => "63-yaml-field-out-of-line-under-dash",
    case_64_yaml_field_too_far_right => "64-yaml-field-too-far-right",
    case_65_yaml_dash_one_space_too_far => "65-yaml-dash-one-space-too-far",
    case_66_yaml_item_without_dash => "66-yaml-item-without-dash",
    case_67_yaml_no_space_after_colon => "67-yaml-no-space-after-colon",
    case_68_frontmatter_colon_in_text => "68-frontmatter-colon-in-text",
    case_69_yaml_tab_in_nested_list => "69-yaml-tab-in-nested-list",
    case_70_frontmatter_duplicate_key => "70-frontmatter-duplicate-key",
    case_71_yaml_status_in_swedish => "71-yaml-status-in-swedish",
    case_72_yaml_kind_in_swedish => "72-yaml-kind-in-swedish",
    case_73_yaml_unknown_field_typo => "73-yaml-unknown-field-typo",
    case_74_frontmatter_unknown_field_typo => "74-frontmatter-unknown-field-typo",
    case_75_id_words_in_another_order => "75-id-words-in-another-order",
    case_76_id_unknown_lists_ids => "76-id-unknown-lists-ids",
    case_77_frontmatter_first_field_indented => "77-frontmatter-first-field-indented",
    case_78_yaml_second_entry_without_dash => "78-yaml-second-entry-without-dash",
    case_79_yaml_field_really_missing => "79-yaml-field-really-missing",
    case_80_yaml_text_line_out_of_block => "80-yaml-text-line-out-of-block",
    case_81_yaml_hash_starts_value => "81-yaml-hash-starts-value",
}

#[test]
fn every_case_folder_has_its_test() {
    let on_disk: Vec<String> = cases().into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        on_disk, CASES,
        "tests/invalid/ and the cases! list in tests/testsuite/corpus.rs differ: add a line per new case"
    );
    assert!(CASES.len() >= 40, "only {} cases", CASES.len());
}

/// Lay case `name` over a fresh build of the base report, build it, and
/// check everything the README of tests/invalid/ promises.
fn run_case(name: &str) {
    let dir = repo().join("tests/invalid").join(name);
    let text = std::fs::read_to_string(dir.join("case.toml")).unwrap();
    let case: Case = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
    assert!(!case.fault.is_empty());
    assert!(
        case.exit == 0 || case.at.is_some(),
        "{name}: an error case needs `where`"
    );
    // The previous output: a good build of the base report.
    let base = Fixture::copy("basic");
    base.build(&[]).ok();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("report");
    copy_dir(&base.root, &root);
    let before = hashes(&root.join("public"));
    if let Err(why) = apply(&case, &dir, &root) {
        println!("{name}: SKIPPED — {why}");
        return;
    }
    let rs = root.to_string_lossy().into_owned();
    let mut args: Vec<String> = case.args.iter().map(|a| a.replace("{root}", &rs)).collect();
    // The cases were written when the default was the internal version
    // into public/; the previous output is that build. A case about
    // output_dir builds the version output_dir is for: the public one.
    let about_output_dir = text.contains("output_dir");
    if !about_output_dir && !args.iter().any(|a| a.starts_with("--audience")) {
        args.extend(["--audience".into(), "internal".into()]);
    }
    if !about_output_dir
        && !args
            .iter()
            .any(|a| a == "-o" || a.starts_with("--output-dir"))
    {
        args.extend([
            "-o".into(),
            root.join("public").to_string_lossy().into_owned(),
        ]);
    }
    let start = Instant::now();
    let out = Command::new(BIN)
        .env("KARTSITE_LANG", "en")
        .args(["build", "--root", &rs])
        .args(&args)
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let took = start.elapsed();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    let first = stderr
        .lines()
        .find(|l| l.contains(": error: "))
        .unwrap_or("(no error)");
    println!("{name} [exit {code}, {} ms] {first}", took.as_millis());
    let mut failures = check(name, &case, &root, code, &stderr, &before);
    if case.exit == 1 {
        failures.extend(check_swedish(name, &case, &root, &args, tmp.path()));
    }
    if took > Duration::from_secs(1) {
        failures.push(format!("{name}: took {} ms", took.as_millis()));
    }
    // One count: `check` of the same report and audience finds as many
    // errors and warnings as the build (faults of the output folder and
    // of the command line are the build's alone).
    if case.exit == 1 && !about_output_dir && case.setup.is_none() && case.args.is_empty() {
        let audience: Vec<&str> = args
            .windows(2)
            .find(|w| w[0] == "--audience")
            .map(|w| vec![w[0].as_str(), w[1].as_str()])
            .unwrap_or_default();
        let checked = Command::new(BIN)
            .env("KARTSITE_LANG", "en")
            .args(["check", "--root", &rs])
            .args(&audience)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&checked.stdout);
        let built = counts_of(stderr.lines().rev().find(|l| l.starts_with("kartsite: ")));
        let found = counts_of(
            stdout
                .lines()
                .rev()
                .find(|l| l.starts_with("kartsite check: ")),
        );
        if built.is_none() || built != found {
            failures.push(format!(
                "{name}: build counted {built:?}, check {found:?}\n--- build ---\n{stderr}\n--- check ---\n{stdout}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // The whole message, hints included (not for a read-only folder: the
    // case runs only for a user the permissions hold for, and its message
    // is the system's).
    if case.exit != 0 && case.setup.as_deref() != Some("read-only") {
        stderr_snapshot_at(&root, code, &stderr);
    }
}

/// (errors, warnings) from a summary line such as
/// `kartsite: 2 errors, 1 warning — nothing was written; …`.
fn counts_of(line: Option<&str>) -> Option<(usize, usize)> {
    let line = line?;
    let number_before = |word: &str| {
        let i = line.find(word)?;
        line[..i].split_whitespace().last()?.parse::<usize>().ok()
    };
    Some((number_before(" error")?, number_before(" warning")?))
}
