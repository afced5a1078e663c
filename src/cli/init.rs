//! `kartsite init`

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::error::{Diagnostic, Diagnostics};
use crate::scaffold;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (must be new or empty).
    pub dir: PathBuf,
    /// The process model the report follows.
    #[arg(long, value_enum, default_value_t = ModelArg::Omradeskartlaggning)]
    pub model: ModelArg,
    #[command(flatten)]
    pub lang: super::lang::LangArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModelArg {
    /// The Swedish four-phase area mapping.
    Omradeskartlaggning,
    /// The Norwegian five-phase model (boligsosialt arbeid).
    Boligsosial,
}

/// The language of `init`'s messages: the scaffold's.
pub(crate) fn language(args: &InitArgs) -> crate::messages::Lang {
    match args.model {
        ModelArg::Omradeskartlaggning => crate::messages::Lang::Sv,
        ModelArg::Boligsosial => crate::messages::Lang::Nb,
    }
}

pub(crate) fn execute(args: &InitArgs) -> Result<(), Diagnostics> {
    let model = match args.model {
        ModelArg::Omradeskartlaggning => "omradeskartlaggning",
        ModelArg::Boligsosial => "boligsosial",
    };
    let n = scaffold::init(&args.dir, model).map_err(|m| {
        Diagnostic::error("init", &args.dir, m).hint(crate::msg!("init.pick-new-folder"))
    })?;
    println!("{}", scaffold::created_message(model, n, &args.dir));
    Ok(())
}
