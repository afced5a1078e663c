//! `kartsite serve`

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Args;

use super::build::AudienceArg;
use crate::build::BuildOptions;
use crate::error::Diagnostics;
use crate::serve::{DEFAULT_PORT, ServeError, ServeOptions, serve};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The report folder (the one with book.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on (0 picks a free one).
    #[arg(long, short = 'p', default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// The address to listen on. The default lets only this computer in;
    /// 0.0.0.0 lets in every computer that can reach this one.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Rebuild when a file changes, and reload the pages open in browsers.
    #[arg(long, short = 'w')]
    pub watch: bool,
    /// Look for changes every half second instead of waiting for file
    /// events: for network shares and synced folders. Implies --watch.
    #[arg(long)]
    pub poll: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Who the site is for: `public` leaves out everything marked internal.
    #[arg(long, value_enum, default_value_t = AudienceArg::Internal)]
    pub audience: AudienceArg,
    #[command(flatten)]
    pub lang: super::lang::LangArg,
}

pub(crate) fn execute(args: &ServeArgs) -> Result<(), Diagnostics> {
    let opts = ServeOptions {
        build: BuildOptions {
            drafts: args.drafts,
            audience: args.audience.into(),
            ..BuildOptions::new(&args.root)
        },
        bind: args.bind,
        port: args.port,
        watch: args.watch || args.poll,
        poll: args.poll,
        verbose: true,
    };
    match serve(opts, args.open) {
        Ok(()) => Ok(()),
        Err(ServeError::Build(d)) => Err(d),
        Err(e) => {
            // Not about the report's files: say it plainly, exit 1.
            for d in &e.diagnostics().0 {
                eprintln!("{d}");
            }
            Err(Diagnostics::default())
        }
    }
}
