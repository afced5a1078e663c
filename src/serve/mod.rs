//! `kartsite serve`: build the report in memory and serve it over HTTP;
//! with `watch`, rebuild what changed and reload open pages.
//!
//! - [`server`]: axum on tokio; the site from memory, refused paths, 404.
//! - [`reload`]: the WebSocket at `/__kartsite/livereload` and the script
//!   added to pages while serving (never to a built site).
//! - [`overlay`]: the in-browser error overlay.
//! - [`watch`]: notify with a debouncer; `--poll` for network shares.
//! - [`events`]: file events → [`crate::session::Change`]s.
//! - [`site`]: the served site and the messages to browsers.
//!
//! Incremental rebuilds are done by [`crate::session::Session`].

pub mod edit;
pub mod edit_links;
pub(crate) mod edit_links_more;
pub mod edit_page;
pub mod edit_page_links;
pub mod edit_state;
pub mod events;
pub mod overlay;
pub mod reload;
pub mod server;
pub mod site;
pub mod watch;

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::watch as tokio_watch;

use crate::build::BuildOptions;
use crate::error::{Diagnostic, Diagnostics};
use crate::session::{Change, ChangeKind, Rebuild, Session};
use site::LiveSite;
use watch::{WatchEvent, Watcher};

/// The default port.
pub const DEFAULT_PORT: u16 = 1111;

/// What to serve, and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The report (root, drafts, audience); the output folder is unused.
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Rebuild on changes and reload pages.
    pub watch: bool,
    /// Poll for changes instead of native file events.
    pub poll: bool,
    /// Print what happens (rebuilds, errors) to stdout/stderr.
    pub verbose: bool,
    /// Forms that write the report's YAML files (`--edit`); implies
    /// `watch`.
    pub edit: bool,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            build: BuildOptions::new(root),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            watch: false,
            poll: false,
            verbose: false,
            edit: false,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} is already in use on {bind}")]
    PortInUse { bind: IpAddr, port: u16 },
    #[error("the report folder {} does not exist", .0.display())]
    NoFolder(PathBuf),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// The report does not build (without `--watch` there is nothing to
    /// wait for).
    #[error("the report does not build")]
    Build(Diagnostics),
    #[error("cannot watch the report folder: {0}")]
    Watch(#[from] notify::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl ServeError {
    /// The error as diagnostics, each with a hint, for the terminal.
    pub fn diagnostics(&self) -> Diagnostics {
        match self {
            ServeError::Build(d) => d.clone(),
            ServeError::PortInUse { bind, port } => Diagnostic::error(
                "serve",
                "kartsite serve",
                crate::msg!(
                    "serve.start.port-in-use",
                    port = port.to_string(),
                    bind = bind.to_string()
                ),
            )
            .hint(crate::msg!(
                "serve.start.another-program",
                port = port.to_string(),
                next = port.wrapping_add(1).max(1024).to_string()
            ))
            .into(),
            ServeError::NoFolder(path) => Diagnostic::error(
                "serve",
                "kartsite serve",
                crate::msg!("serve.start.no-folder", folder = path.display().to_string()),
            )
            .hint(crate::msg!("serve.start.pass-the-folder"))
            .into(),
            ServeError::Listen { addr, source } => Diagnostic::error(
                "serve",
                "kartsite serve",
                crate::msg!(
                    "serve.start.cannot-listen",
                    addr = addr.to_string(),
                    error = source.to_string()
                ),
            )
            .hint(crate::msg!("serve.start.check-bind"))
            .into(),
            ServeError::Watch(e) => Diagnostic::error(
                "serve",
                "kartsite serve",
                crate::msg!("serve.start.cannot-watch", error = e.to_string()),
            )
            .hint(crate::msg!("serve.start.try-poll"))
            .into(),
            ServeError::Io(_) => {
                Diagnostic::error("serve", "kartsite serve", self.to_string()).into()
            }
        }
    }
}

/// Messages to the rebuild thread.
enum Job {
    Watch(WatchEvent),
    Stop,
}

impl From<WatchEvent> for Job {
    fn from(e: WatchEvent) -> Self {
        Job::Watch(e)
    }
}

/// A running server. Stop it with [`Server::shutdown`].
pub struct Server {
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
    stop: tokio_watch::Sender<bool>,
    http: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    jobs: Option<mpsc::Sender<Job>>,
    rebuilder: Option<JoinHandle<()>>,
    site: Arc<LiveSite>,
    polling: bool,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}

fn say(verbose: bool, line: impl AsRef<str>) {
    if verbose {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", line.as_ref());
        let _ = out.flush();
    }
}

fn say_errors(verbose: bool, diags: &Diagnostics) {
    if !verbose {
        return;
    }
    let mut sorted = diags.clone();
    sorted.sort();
    let mut err = std::io::stderr().lock();
    for d in sorted.warnings().chain(sorted.errors()) {
        let _ = writeln!(err, "{d}");
    }
    let n = sorted.errors().count();
    let _ = writeln!(
        err,
        "kartsite: {n} error{} — still serving the last good site; open pages show the error{}",
        if n == 1 { "" } else { "s" },
        if n == 1 { "" } else { "s" }
    );
}

impl Server {
    /// Listen, build the report and start serving (and watching). Returns
    /// once the server answers requests.
    pub fn start(opts: ServeOptions) -> Result<Server, ServeError> {
        if !opts.build.root.is_dir() {
            return Err(ServeError::NoFolder(opts.build.root.clone()));
        }
        let verbose = opts.verbose;
        let addr = SocketAddr::new(opts.bind, opts.port);
        let listener = std::net::TcpListener::bind(addr).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                ServeError::PortInUse {
                    bind: opts.bind,
                    port: opts.port,
                }
            } else {
                ServeError::Listen { addr, source: e }
            }
        })?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;

        let site = Arc::new(LiveSite::new());
        let start = Instant::now();
        let session = match Session::open(opts.build.clone()) {
            Ok(mut s) => {
                s.defer_whole_site_outputs(true);
                site.publish_all(&s);
                for w in s.warnings() {
                    if verbose {
                        eprintln!("{w}");
                    }
                }
                say(
                    verbose,
                    format!(
                        "kartsite: built {} pages ({} files) in {} ms{}",
                        s.page_count(),
                        s.files().len(),
                        start.elapsed().as_millis(),
                        lix_note(s.readability())
                    ),
                );
                Some(s)
            }
            Err(d) if opts.watch || opts.edit => {
                say_errors(verbose, &d);
                site.fail(&d);
                None
            }
            Err(d) => return Err(ServeError::Build(d)),
        };

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("kartsite-serve")
            .build()?;
        let (stop, stop_rx) = tokio_watch::channel(false);
        let edit = opts
            .edit
            .then(|| Arc::new(edit_state::EditState::of(&opts.build, session.as_ref())));
        let app = Arc::new(server::AppState {
            site: site.clone(),
            stop: stop_rx.clone(),
            loopback: opts.bind.is_loopback(),
            edit,
        });
        let http = {
            let _guard = runtime.enter();
            let listener = tokio::net::TcpListener::from_std(listener)?;
            let with_edit = app.edit.is_some();
            let router = server::router(app, |r| {
                if with_edit {
                    edit_page::routes(edit::routes(r))
                } else {
                    r
                }
            });
            let mut stop_rx = stop_rx;
            runtime.spawn(async move {
                axum::serve(listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = stop_rx.wait_for(|s| *s).await;
                    })
                    .await
            })
        };

        let mut server = Server {
            addr,
            runtime: Some(runtime),
            stop,
            http: Some(http),
            jobs: None,
            rebuilder: None,
            site,
            polling: false,
        };
        if opts.watch || opts.edit {
            let root = std::fs::canonicalize(&opts.build.root)?;
            let (tx, rx) = mpsc::channel::<Job>();
            let watcher = Watcher::start(&root, opts.poll, tx.clone())?;
            server.polling = watcher.polls();
            let site = server.site.clone();
            let build = opts.build.clone();
            let handle = std::thread::Builder::new()
                .name("kartsite-rebuild".into())
                .spawn(move || rebuild_loop(&root, build, session, watcher, &rx, &site, verbose))?;
            server.jobs = Some(tx);
            server.rebuilder = Some(handle);
        }
        Ok(server)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address as a URL for browsers.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Whether changes are found by polling.
    pub fn polls(&self) -> bool {
        self.polling
    }

    /// Start listening for Ctrl-C (and, on Unix, SIGTERM). From the
    /// moment this returns, the signal no longer kills the process: it ends
    /// [`Server::run_until`].
    pub(crate) fn stop_signal(&self) -> std::io::Result<StopSignal> {
        let Some(rt) = &self.runtime else {
            return Ok(StopSignal(Box::pin(std::future::ready(()))));
        };
        let _guard = rt.enter();
        #[cfg(unix)]
        let wait = {
            use tokio::signal::unix::{SignalKind, signal};
            let mut interrupt = signal(SignalKind::interrupt())?;
            let mut terminate = signal(SignalKind::terminate())?;
            async move {
                tokio::select! {
                    _ = interrupt.recv() => {}
                    _ = terminate.recv() => {}
                }
            }
        };
        #[cfg(not(unix))]
        let wait = {
            let mut ctrl_c = tokio::signal::windows::ctrl_c()?;
            async move {
                ctrl_c.recv().await;
            }
        };
        Ok(StopSignal(Box::pin(wait)))
    }

    /// Serve until `signal`, then stop cleanly.
    pub(crate) fn run_until(self, signal: StopSignal) {
        if let Some(rt) = &self.runtime {
            rt.block_on(signal.0);
        }
        self.shutdown();
    }

    /// Stop: no new connections, open pages are told, watching ends.
    pub fn shutdown(mut self) {
        self.stop_all();
    }

    fn stop_all(&mut self) {
        let _ = self.stop.send(true);
        if let Some(tx) = self.jobs.take() {
            let _ = tx.send(Job::Stop);
        }
        if let Some(h) = self.rebuilder.take() {
            let _ = h.join();
        }
        if let (Some(rt), Some(http)) = (self.runtime.as_ref(), self.http.take()) {
            let _ = rt.block_on(async {
                tokio::time::timeout(std::time::Duration::from_secs(2), http).await
            });
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(std::time::Duration::from_millis(500));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_all();
    }
}

/// A signal to stop on, from [`Server::stop_signal`].
pub struct StopSignal(std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>);

impl std::fmt::Debug for StopSignal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StopSignal")
    }
}

/// Serve until Ctrl-C (the `kartsite serve` command).
pub fn serve(opts: ServeOptions, open_browser: bool) -> Result<(), ServeError> {
    let watch = opts.watch || opts.edit;
    let edit = opts.edit;
    let title_root = opts.build.root.clone();
    let server = Server::start(opts)?;
    // Before saying where: whoever reads that may press Ctrl-C at once.
    let stop = server.stop_signal()?;
    let url = server.url();
    println!(
        "kartsite: serving {} at {url} — press Ctrl-C to stop",
        title_root.display()
    );
    if watch {
        println!(
            "kartsite: watching {} for changes{}",
            watch::watched_names(),
            if server.polls() {
                " (polling every 0.5 s)"
            } else {
                ""
            }
        );
    }
    if edit {
        println!(
            "kartsite: editing is on: every item in the preview has an edit link; all items at {url}__kartsite/edit/"
        );
    }
    if open_browser {
        open(&url);
    }
    server.run_until(stop);
    println!("kartsite: stopped");
    Ok(())
}

/// Open `url` in the default browser (best effort).
fn open(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if cmd.spawn().is_err() {
        eprintln!("kartsite: could not open a browser; open {url} yourself");
    }
}

fn describe(rebuild: &Rebuild, changes: &[Change], took: std::time::Duration) -> String {
    let what = match changes {
        [one] if !one.path.as_os_str().is_empty() => one.path.display().to_string(),
        _ => format!("{} changes", changes.len()),
    };
    let outputs = match (rebuild.changed.len(), rebuild.removed.len()) {
        (0, 0) => "nothing changed".to_string(),
        (c, 0) => format!("{c} file{} changed", if c == 1 { "" } else { "s" }),
        (c, r) => format!("{c} changed, {r} removed"),
    };
    format!(
        "kartsite: {what}: {outputs} in {:.1} ms ({} rendered{}; {})",
        took.as_secs_f64() * 1000.0,
        rebuild.rendered,
        if rebuild.reloaded {
            ", whole report read again"
        } else {
            ""
        },
        rebuild.timings
    )
}

/// How long after a rebuild the print page and the search index are made.
const WHOLE_DELAY: Duration = Duration::from_millis(300);

/// Make the print page and the search index if a rebuild left them behind,
/// and tell the browsers (only an open print page reloads).
fn refresh_whole(session: &mut Session, site: &LiveSite, verbose: bool) {
    let start = Instant::now();
    match session.refresh_whole() {
        Ok(whole) => {
            site.publish(session, &whole);
            if !whole.changed.is_empty() {
                say(
                    verbose,
                    format!(
                        "kartsite: the print page and search index follow in {} ms",
                        start.elapsed().as_millis()
                    ),
                );
            }
        }
        Err(d) => {
            site.fail(&d);
            say_errors(verbose, &d);
        }
    }
}

/// The rebuild thread: owns the session, applies batches of changes.
fn rebuild_loop(
    root: &std::path::Path,
    build: BuildOptions,
    mut session: Option<Session>,
    mut watcher: Watcher,
    jobs: &mpsc::Receiver<Job>,
    site: &LiveSite,
    verbose: bool,
) {
    // The print page and the search index wait until the browsers have
    // reloaded the edited page (both need the 2 cores), and until edits stop.
    let mut whole_due: Option<Instant> = None;
    loop {
        let job = match whole_due {
            Some(due) => match jobs.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(job) => job,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    whole_due = None;
                    if let Some(s) = session.as_mut() {
                        refresh_whole(s, site, verbose);
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            },
            None => match jobs.recv() {
                Ok(job) => job,
                Err(_) => return,
            },
        };
        let mut events = Vec::new();
        let mut polled = Vec::new();
        let mut stop = false;
        let mut take = |job: Job, events: &mut Vec<_>| match job {
            Job::Stop => stop = true,
            Job::Watch(WatchEvent::Changed(e)) => events.extend(e),
            Job::Watch(WatchEvent::Polled(p)) => polled.extend(p),
            Job::Watch(WatchEvent::Failed(errors)) => {
                for e in errors {
                    if verbose {
                        eprintln!("kartsite: watching: {e}");
                    }
                }
            }
        };
        take(job, &mut events);
        // Everything that arrived meanwhile goes into the same rebuild.
        while let Ok(job) = jobs.try_recv() {
            take(job, &mut events);
        }
        if stop {
            return;
        }
        let received = Instant::now();
        let mut changes = events::changes(root, session.as_ref(), &events);
        changes.extend(events::polled(root, session.as_ref(), &polled));
        changes.sort();
        changes.dedup();
        if changes.is_empty() {
            continue;
        }
        if changes
            .iter()
            .any(|c| matches!(c.kind, ChangeKind::Rescan) || c.path.components().count() == 1)
        {
            for c in &changes {
                if let Err(e) = watcher.rewatch(&c.path)
                    && verbose
                {
                    eprintln!("kartsite: watching {}: {e}", c.path.display());
                }
            }
        }
        // However it ends, a rebuild has run (a form's save waits for it).
        let _rebuilt = site::RebuildDone(site);
        match session.as_mut() {
            Some(s) => match s.apply(&changes) {
                Ok(r) => {
                    site.publish(s, &r);
                    for w in &r.warnings {
                        if verbose {
                            eprintln!("{w}");
                        }
                    }
                    say(verbose, describe(&r, &changes, received.elapsed()));
                    // Then the print page and the search index, which read
                    // every page: the edited page is served already.
                    whole_due = Some(Instant::now() + WHOLE_DELAY);
                }
                Err(d) => {
                    // Publishing the print page would clear the error
                    // overlay: it waits for the next good rebuild.
                    whole_due = None;
                    site.fail(&d);
                    say_errors(verbose, &d);
                }
            },
            None => match Session::open(build.clone()) {
                Ok(mut s) => {
                    s.defer_whole_site_outputs(true);
                    site.publish_all(&s);
                    say(
                        verbose,
                        format!(
                            "kartsite: the report builds: {} pages in {} ms{}",
                            s.page_count(),
                            received.elapsed().as_millis(),
                            lix_note(s.readability())
                        ),
                    );
                    session = Some(s);
                }
                Err(d) => {
                    site.fail(&d);
                    say_errors(verbose, &d);
                }
            },
        }
    }
}

/// "; LIX of 4 resident pages 20–30", as `kartsite build` says it.
fn lix_note(readability: &[(String, f64)]) -> String {
    let values = readability.iter().map(|r| r.1);
    match (
        values.clone().reduce(f64::min),
        values.clone().reduce(f64::max),
    ) {
        (Some(v), _) if readability.len() == 1 => format!("; LIX of the resident page {v:.0}"),
        (Some(lo), Some(hi)) => format!(
            "; LIX of {} resident pages {lo:.0}–{hi:.0}",
            readability.len()
        ),
        _ => String::new(),
    }
}
