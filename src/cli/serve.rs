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
    /// Forms in the preview to change, add and delete findings,
    /// priorities, feedback, actors, places and quotes: they write the
    /// report's YAML files. Implies --watch.
    #[arg(long)]
    pub edit: bool,
    /// Allow --edit with a --bind address other computers can reach
    /// (anyone who can open the preview can then change the report).
    #[arg(long, requires = "edit")]
    pub allow_remote_edit: bool,
    /// Who the site is for: `public` leaves out everything marked internal.
    #[arg(long, value_enum, default_value_t = AudienceArg::Internal)]
    pub audience: AudienceArg,
    #[command(flatten)]
    pub lang: super::lang::LangArg,
}

pub(crate) fn execute(args: &ServeArgs) -> Result<(), Diagnostics> {
    if args.edit && !args.bind.is_loopback() {
        if !args.allow_remote_edit {
            return Err(crate::error::Diagnostic::error(
                "serve",
                "kartsite serve",
                crate::msg!("serve.start.edit-only-here", bind = args.bind.to_string()),
            )
            .hint(crate::msg!("serve.start.leave-out-bind"))
            .into());
        }
        eprintln!(
            "kartsite: {}: {}",
            crate::msg!("severity.warning"),
            crate::msg!(
                "serve.start.remote-edit-warning",
                bind = args.bind.to_string()
            )
        );
    }
    let opts = ServeOptions {
        build: BuildOptions {
            drafts: args.drafts,
            audience: args.audience.into(),
            ..BuildOptions::new(&args.root)
        },
        bind: args.bind,
        port: args.port,
        watch: args.watch || args.poll || args.edit,
        poll: args.poll,
        verbose: true,
        edit: args.edit,
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
