//! `kartsite publish --to DIR [--dry-run]`

use std::path::PathBuf;

use clap::Args;

use super::build::AudienceArg;
use crate::build::BuildOptions;
use crate::error::Diagnostics;
use crate::publish::{PublishOptions, publish};

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The report folder (the one with book.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The folder to publish into: a mounted share or a folder a web
    /// server serves.
    #[arg(long)]
    pub to: PathBuf,
    /// List what would be added, changed and removed; touch nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Who the site is for: `public` (the default) leaves out everything
    /// marked internal.
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    pub audience: AudienceArg,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    #[command(flatten)]
    pub lang: super::lang::LangArg,
}

pub(super) fn execute(args: &PublishArgs) -> Result<(), Diagnostics> {
    let opts = PublishOptions {
        build: BuildOptions {
            root: args.root.clone(),
            output_dir: None,
            drafts: args.drafts,
            audience: args.audience.into(),
        },
        to: args.to.clone(),
        dry_run: args.dry_run,
    };
    let done = publish(&opts)?;
    for w in &done.warnings {
        eprintln!("{w}");
    }
    for c in &done.changes {
        println!("{c}");
    }
    let count =
        |f: fn(&crate::publish::Change) -> bool| done.changes.iter().filter(|c| f(c)).count();
    let (added, changed, removed) = (
        count(|c| matches!(c, crate::publish::Change::Added(_))),
        count(|c| matches!(c, crate::publish::Change::Changed(_))),
        count(|c| matches!(c, crate::publish::Change::Removed(_))),
    );
    let counts = crate::msg!(
        "publish.counts",
        added = added,
        changed = changed,
        removed = removed,
        unchanged = done.unchanged,
        audience = opts.build.audience.as_str(),
        dir = args.to.display().to_string()
    );
    let line = if args.dry_run {
        crate::msg!("publish.dry-run", counts = counts)
    } else {
        crate::msg!("publish.done", counts = counts)
    };
    println!("kartsite: {line}");
    Ok(())
}
