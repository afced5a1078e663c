//! Double-click start: `kartsite` with no arguments, as Explorer or a file
//! manager starts it.
//!
//! In a folder with a book.toml it builds the report and opens the preview
//! (`serve --open`, watching for changes). Elsewhere it says, in the
//! system's language, what kartsite is and what to do next, lists the
//! reports in the folders below, offers to create a new report there, and
//! waits for Enter before the window closes.
//!
//! Without a terminal on stdin (CI, a file manager that starts programs
//! without one) nothing waits for input: in a report folder it builds and
//! says how to preview; elsewhere it explains and exits with status 2.
//!
//! The language comes from [`sys_locale`]: on Windows the user's display
//! language (GetUserPreferredUILanguages, behind a safe API, so the crate
//! stays `unsafe_code = "forbid"`), elsewhere `LANGUAGE`, `LC_ALL`,
//! `LC_MESSAGES` and `LANG`. Swedish and Norwegian (nb, nn, no) get their
//! own texts, everything else English.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::build::{BuildOptions, build};
use crate::scaffold;

/// The language of the start texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Sv,
    Nb,
    En,
}

impl Lang {
    /// The system's language: the first of the user's preferred languages
    /// that kartsite speaks, else English.
    pub fn system() -> Lang {
        sys_locale::get_locales()
            .find_map(|l| Lang::from_tag(&l))
            .unwrap_or(Lang::En)
    }

    /// `sv-SE`, `sv_FI.UTF-8`, `nb-NO`, `nn`, `no`, `en-GB`, …; `C` and
    /// `POSIX` and unknown languages give `None`.
    pub(crate) fn from_tag(tag: &str) -> Option<Lang> {
        let lang = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match lang.as_str() {
            "sv" => Some(Lang::Sv),
            "nb" | "nn" | "no" => Some(Lang::Nb),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn texts(self) -> &'static Texts {
        match self {
            Lang::Sv => &SV,
            Lang::Nb => &NB,
            Lang::En => &EN,
        }
    }

    /// The process model a new report gets.
    fn model(self) -> &'static str {
        match self {
            Lang::Nb => "boligsosial",
            Lang::Sv | Lang::En => "omradeskartlaggning",
        }
    }
}

struct Texts {
    intro: &'static str,
    in_zip: &'static str,
    no_report: &'static str,
    reports_below: &'static str,
    choose: &'static str,
    choose_none: &'static str,
    not_understood: &'static str,
    new_name: &'static str,
    created: &'static str,
    building: &'static str,
    build_failed: &'static str,
    // Read only when the preview (the `serve` feature) is built in.
    #[cfg_attr(not(feature = "serve"), allow(dead_code))]
    preview: &'static str,
    no_terminal: &'static str,
    no_terminal_report: &'static str,
    press_enter: &'static str,
    new_words: &'static [&'static str],
}

const SV: Texts = Texts {
    intro: "kartsite gör en webbplats av en områdeskartläggning: Markdown-sidor och YAML-filer i en rapportmapp.",
    in_zip: "kartsite körs inifrån zip-filen. Packa först upp hela zip-filen (högerklicka → Extrahera alla…) och dubbelklicka sedan på kartsite.exe i den uppackade mappen.",
    no_report: "Det finns ingen rapport här (ingen book.toml) i",
    reports_below: "Rapporter i mapparna här:",
    choose: "Skriv en siffra och tryck Enter för att öppna den rapporten,\nskriv n och tryck Enter för att skapa en ny rapport här (i mappen {new}),\neller tryck bara Enter för att stänga.",
    choose_none: "Skriv n och tryck Enter för att skapa en ny rapport här (i mappen {new}),\neller tryck bara Enter för att stänga.",
    not_understood: "Det förstod jag inte.",
    new_name: "ny-rapport",
    created: "Ny rapport skapad i",
    building: "Bygger rapporten i",
    build_failed: "Rapporten kunde inte byggas. Rätta felen ovan (fil:rad:kolumn) och starta kartsite igen.",
    preview: "Förhandsvisningen öppnas i webbläsaren och uppdateras när du sparar en fil.\nStäng det här fönstret när du är klar.",
    no_terminal: "Starta kartsite från en terminal, eller i en rapportmapp. Kommandon: kartsite init MAPP, kartsite build, kartsite serve --open (kartsite --help visar allt).",
    no_terminal_report: "Förhandsvisning: kartsite serve --open",
    press_enter: "Tryck Enter för att stänga.",
    new_words: &["n", "ny", "nytt"],
};

const NB: Texts = Texts {
    intro: "kartsite lager et nettsted av en områdekartlegging: Markdown-sider og YAML-filer i en rapportmappe.",
    in_zip: "kartsite kjøres fra innsiden av zip-filen. Pakk først ut hele zip-filen (høyreklikk → Pakk ut alle…) og dobbeltklikk så på kartsite.exe i den utpakkede mappen.",
    no_report: "Det finnes ingen rapport her (ingen book.toml) i",
    reports_below: "Rapporter i mappene her:",
    choose: "Skriv et tall og trykk Enter for å åpne den rapporten,\nskriv n og trykk Enter for å lage en ny rapport her (i mappen {new}),\neller trykk bare Enter for å lukke.",
    choose_none: "Skriv n og trykk Enter for å lage en ny rapport her (i mappen {new}),\neller trykk bare Enter for å lukke.",
    not_understood: "Det forsto jeg ikke.",
    new_name: "ny-rapport",
    created: "Ny rapport laget i",
    building: "Bygger rapporten i",
    build_failed: "Rapporten kunne ikke bygges. Rett feilene over (fil:linje:kolonne) og start kartsite igjen.",
    preview: "Forhåndsvisningen åpnes i nettleseren og oppdateres når du lagrer en fil.\nLukk dette vinduet når du er ferdig.",
    no_terminal: "Start kartsite fra en terminal, eller i en rapportmappe. Kommandoer: kartsite init MAPPE, kartsite build, kartsite serve --open (kartsite --help viser alt).",
    no_terminal_report: "Forhåndsvisning: kartsite serve --open",
    press_enter: "Trykk Enter for å lukke.",
    new_words: &["n", "ny", "nytt"],
};

const EN: Texts = Texts {
    intro: "kartsite makes a website from an area mapping report: Markdown pages and YAML files in a report folder.",
    in_zip: "kartsite is running from inside the zip file. First unpack the whole zip file (right-click → Extract All…), then double-click kartsite.exe in the unpacked folder.",
    no_report: "There is no report here (no book.toml) in",
    reports_below: "Reports in the folders here:",
    choose: "Type a number and press Enter to open that report,\ntype n and press Enter to create a new report here (in the folder {new}),\nor just press Enter to close.",
    choose_none: "Type n and press Enter to create a new report here (in the folder {new}),\nor just press Enter to close.",
    not_understood: "I did not understand that.",
    new_name: "new-report",
    created: "New report created in",
    building: "Building the report in",
    build_failed: "The report could not be built. Fix the errors above (file:line:column) and start kartsite again.",
    preview: "The preview opens in the browser and updates when you save a file.\nClose this window when you are done.",
    no_terminal: "Start kartsite from a terminal, or in a report folder. Commands: kartsite init FOLDER, kartsite build, kartsite serve --open (kartsite --help shows everything).",
    no_terminal_report: "Preview: kartsite serve --open",
    press_enter: "Press Enter to close.",
    new_words: &["n", "new"],
};

/// What the writer chose in the menu.
#[derive(Debug, PartialEq, Eq)]
pub enum Choice {
    /// Close the window.
    Close,
    /// Open this report (an existing one, or the one just created).
    Open(PathBuf),
}

/// Run the double-click start in the current folder.
pub fn run() -> ExitCode {
    let lang = Lang::system();
    crate::messages::set_lang(match lang {
        Lang::Sv => crate::messages::Lang::Sv,
        Lang::Nb => crate::messages::Lang::Nb,
        Lang::En => crate::messages::Lang::En,
    });
    let dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let interactive = std::io::stdin().is_terminal();
    let mut input = std::io::stdin().lock();
    let mut out = std::io::stdout();
    let code = if dir.join("book.toml").is_file() {
        open_report(&dir, lang, interactive)
    } else if interactive {
        match menu(&dir, lang, &mut input, &mut out) {
            Ok(Choice::Open(root)) => open_report(&root, lang, true),
            Ok(Choice::Close) => return ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("kartsite: {e}");
                ExitCode::from(1)
            }
        }
    } else {
        let t = lang.texts();
        let _ = writeln!(
            out,
            "{}\n{} {}\n{}",
            t.intro,
            t.no_report,
            dir.display(),
            t.no_terminal
        );
        return ExitCode::from(2);
    };
    if interactive {
        wait_for_enter(lang, &mut input, &mut out);
    }
    code
}

/// Explain, list the reports in the folders below `dir` and ask what to
/// do, until the answer is understood or input ends. Creating a report
/// happens here.
pub fn menu(
    dir: &Path,
    lang: Lang,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> std::io::Result<Choice> {
    let t = lang.texts();
    if inside_zip(dir) {
        // Explorer runs a program opened inside a zip from a temporary
        // folder named after the zip, which it deletes again.
        write!(out, "{}\n\n{}\n\n{}", t.intro, t.in_zip, t.press_enter)?;
        out.flush()?;
        input.read_line(&mut String::new())?;
        return Ok(Choice::Close);
    }
    let reports = reports_below(dir);
    let new_dir = free_name(dir, t.new_name);
    let new_name = new_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    writeln!(out, "{}\n\n{} {}\n", t.intro, t.no_report, dir.display())?;
    if !reports.is_empty() {
        writeln!(out, "{}", t.reports_below)?;
        for (i, r) in reports.iter().enumerate() {
            writeln!(out, "  {}  {}", i + 1, r.display())?;
        }
        writeln!(out)?;
    }
    let ask = if reports.is_empty() {
        t.choose_none
    } else {
        t.choose
    };
    writeln!(out, "{}", ask.replace("{new}", &new_name))?;
    loop {
        write!(out, "> ")?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(Choice::Close);
        }
        let answer = line.trim().to_lowercase();
        if answer.is_empty() {
            return Ok(Choice::Close);
        }
        if let Some(r) = answer
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| reports.get(i))
        {
            return Ok(Choice::Open(dir.join(r)));
        }
        if t.new_words.contains(&answer.as_str()) {
            match scaffold::init(&new_dir, lang.model()) {
                Ok(_) => {
                    writeln!(out, "{} {}", t.created, new_dir.display())?;
                    return Ok(Choice::Open(new_dir));
                }
                Err(e) => {
                    writeln!(out, "kartsite: {e}")?;
                    continue;
                }
            }
        }
        writeln!(out, "{}", t.not_understood)?;
    }
}

/// Whether `dir` is Explorer's temporary copy of a zip's contents
/// (`…\\Temp\\Temp1_kartsite-0.1.0.zip\\…`): a folder named like a zip.
fn inside_zip(dir: &Path) -> bool {
    dir.components().any(|c| {
        c.as_os_str()
            .to_string_lossy()
            .to_ascii_lowercase()
            .ends_with(".zip")
    })
}

/// The folders directly below `dir` that hold a book.toml, by name.
pub(crate) fn reports_below(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("book.toml").is_file())
        .map(|e| PathBuf::from(e.file_name()))
        .collect();
    found.sort();
    found
}

/// `base`, or `base-2`, `base-3`, … : the first name not taken in `dir`.
fn free_name(dir: &Path, base: &str) -> PathBuf {
    let mut candidate = dir.join(base);
    let mut n = 2;
    while candidate.exists() {
        candidate = dir.join(format!("{base}-{n}"));
        n += 1;
    }
    candidate
}

/// Build the report at `root`; with a terminal, then serve it with
/// `--watch --open` until the window closes.
fn open_report(root: &Path, lang: Lang, interactive: bool) -> ExitCode {
    let t = lang.texts();
    println!("{} {}", t.building, root.display());
    match build(&BuildOptions::new(root)) {
        Ok(summary) => {
            for w in &summary.warnings {
                eprintln!("{w}");
            }
            println!("{summary}");
        }
        Err(diags) => {
            super::report(&diags);
            eprintln!("{}", t.build_failed);
            return ExitCode::from(1);
        }
    }
    if !interactive {
        println!("{}", t.no_terminal_report);
        return ExitCode::SUCCESS;
    }
    preview(root, t)
}

#[cfg(feature = "serve")]
fn preview(root: &Path, t: &Texts) -> ExitCode {
    use crate::serve::{ServeError, ServeOptions, serve};
    println!("{}", t.preview);
    let mut opts = ServeOptions::new(root);
    opts.watch = true;
    opts.verbose = true;
    let mut attempt = serve(opts.clone(), true);
    if let Err(ServeError::PortInUse { .. }) = attempt {
        // Another preview already uses the port: take any free one.
        opts.port = 0;
        attempt = serve(opts.clone(), true);
    }
    if let Err(ServeError::Watch(_)) = attempt {
        // A network drive gives no file events: look every half second.
        opts.poll = true;
        attempt = serve(opts, true);
    }
    match attempt {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            super::report(&e.diagnostics());
            ExitCode::from(1)
        }
    }
}

#[cfg(not(feature = "serve"))]
fn preview(_root: &Path, _t: &Texts) -> ExitCode {
    ExitCode::SUCCESS
}

fn wait_for_enter(lang: Lang, input: &mut dyn BufRead, out: &mut dyn Write) {
    let _ = write!(out, "\n{}", lang.texts().press_enter);
    let _ = out.flush();
    let _ = input.read_line(&mut String::new());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_locale_tags() {
        assert_eq!(Lang::from_tag("sv-SE"), Some(Lang::Sv));
        assert_eq!(Lang::from_tag("sv_FI.UTF-8"), Some(Lang::Sv));
        assert_eq!(Lang::from_tag("nb-NO"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("nn_NO.UTF-8"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("no"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("C"), None);
        assert_eq!(Lang::from_tag("de_DE@euro"), None);
    }

    fn run_menu(dir: &Path, lang: Lang, typed: &str) -> (Choice, String) {
        let mut out = Vec::new();
        let c = menu(dir, lang, &mut typed.as_bytes(), &mut out).unwrap();
        (c, String::from_utf8(out).unwrap())
    }

    #[test]
    fn enter_closes_and_lists_reports_below() {
        let tmp = tempfile::tempdir().unwrap();
        scaffold::init(&tmp.path().join("min rapport"), "omradeskartlaggning").unwrap();
        std::fs::create_dir(tmp.path().join("bilder")).unwrap();
        let (c, out) = run_menu(tmp.path(), Lang::Sv, "\n");
        assert_eq!(c, Choice::Close);
        assert!(out.contains("ingen book.toml"), "{out}");
        assert!(out.contains("  1  min rapport\n"), "{out}");
        assert!(!out.contains("bilder"), "{out}");
        assert!(out.contains("(i mappen ny-rapport)"), "{out}");
    }

    #[test]
    fn a_number_opens_that_report() {
        let tmp = tempfile::tempdir().unwrap();
        for name in ["b", "a"] {
            scaffold::init(&tmp.path().join(name), "omradeskartlaggning").unwrap();
        }
        let (c, out) = run_menu(tmp.path(), Lang::En, "3\nx\n2\n");
        assert_eq!(c, Choice::Open(tmp.path().join("b")));
        assert_eq!(out.matches("I did not understand that.").count(), 2);
    }

    #[test]
    fn n_creates_a_report_that_builds_next_to_taken_names() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("ny-rapport")).unwrap();
        let (c, out) = run_menu(tmp.path(), Lang::Nb, "n\n");
        let made = tmp.path().join("ny-rapport-2");
        assert_eq!(c, Choice::Open(made.clone()));
        assert!(out.contains("Ny rapport laget i"), "{out}");
        let toml = std::fs::read_to_string(made.join("book.toml")).unwrap();
        assert!(toml.contains("boligsosial"), "{toml}");
        let opts = BuildOptions {
            output_dir: Some(tmp.path().join("out")),
            ..BuildOptions::new(&made)
        };
        build(&opts).unwrap();
        assert!(tmp.path().join("out/index.html").is_file());
    }

    #[test]
    fn inside_a_zip_it_says_to_unpack_first() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp
            .path()
            .join("Temp1_kartsite-0.1.0-x86_64-pc-windows-gnu.zip/kartsite-0.1.0");
        std::fs::create_dir_all(&dir).unwrap();
        let (c, out) = run_menu(&dir, Lang::Sv, "n\n");
        assert_eq!(c, Choice::Close);
        assert!(out.contains("Packa först upp hela zip-filen"), "{out}");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    }

    #[test]
    fn end_of_input_closes() {
        let tmp = tempfile::tempdir().unwrap();
        let (c, _) = run_menu(tmp.path(), Lang::En, "");
        assert_eq!(c, Choice::Close);
        let (c, _) = run_menu(tmp.path(), Lang::En, "what\n");
        assert_eq!(c, Choice::Close);
    }
}
