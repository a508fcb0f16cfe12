//! `tri ci …`: set a repository up for tri in GitHub Actions. `init` writes workflow files
//! from the templates in `templates/` (compiled in with `include_str!`).

pub mod init;
pub mod pins;

use super::Ctx;
use crate::error::Result;
use clap::{Args, Subcommand};

/// `tri ci`.
#[derive(Debug, Args)]
pub struct CiArgs {
    /// Print JSON on stdout (messages go to stderr).
    #[arg(long, global = true)]
    pub json: bool,

    /// The ci command.
    #[command(subcommand)]
    pub command: CiCommand,
}

/// `tri ci` subcommands.
#[derive(Debug, Subcommand)]
pub enum CiCommand {
    /// Write GitHub Actions workflows that run tri into .github/workflows/ (never overwrites without --force).
    Init(init::InitArgs),
}

/// Runs `tri ci <COMMAND>`.
pub fn run(args: &CiArgs, ctx: &mut Ctx) -> Result<i32> {
    match &args.command {
        CiCommand::Init(a) => init::run(a, ctx),
    }
}
