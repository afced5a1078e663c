//! `kartsite build`

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::build::{BuildOptions, build};
use crate::config::Audience;
use crate::error::Diagnostics;

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The report folder (the one with book.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: [build] output_dir, "public", for
    /// the public version; internal_output_dir, "internal", for the
    /// internal one).
    #[arg(long, short = 'o')]
    pub output_dir: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Who the site is for: `public` (the default) leaves out everything
    /// marked internal; `internal` is the whole report, with a banner.
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    pub audience: AudienceArg,
    #[command(flatten)]
    pub lang: super::lang::LangArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AudienceArg {
    Internal,
    Public,
}

impl From<AudienceArg> for Audience {
    fn from(a: AudienceArg) -> Self {
        match a {
            AudienceArg::Internal => Audience::Internal,
            AudienceArg::Public => Audience::Public,
        }
    }
}

pub(crate) fn execute(args: &BuildArgs) -> Result<(), Diagnostics> {
    let opts = BuildOptions {
        root: args.root.clone(),
        output_dir: args.output_dir.clone(),
        drafts: args.drafts,
        audience: args.audience.into(),
    };
    let summary = build(&opts)?;
    for w in &summary.warnings {
        eprintln!("{w}");
    }
    println!("{summary}");
    Ok(())
}
