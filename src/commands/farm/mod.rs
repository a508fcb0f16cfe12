//! `tri agent farm list | show | set | rm | accounts | sync | import`: read and change
//! `.trinity/railway_farm.json` ([`crate::farm`]), one file per verb. Writes hold the
//! workspace lock and are atomic; unknown fields, duplicate issues and non-numeric issues
//! are kept. A mapping's issue is `[OWNER/NAME#]N`: the repository defaults to
//! the linked one; trinity's entries (no `repo`) belong to the farm's repository
//! ([`super::shared::sandbox::farm_repo`]).

pub mod accounts;
pub mod import;
pub mod list;
pub mod rm;
pub mod set;
pub mod show;
pub mod sync;

use super::shared::sandbox::{parse_issue_ref, IssueRef};
use super::Ctx;
use crate::error::Result;
use crate::farm::Farm;
use clap::{Args, Subcommand};

/// `tri agent farm`.
#[derive(Debug, Args)]
pub struct FarmArgs {
    /// The farm command.
    #[command(subcommand)]
    pub command: FarmCommand,
}

/// `tri agent farm` subcommands.
#[derive(Debug, Subcommand)]
pub enum FarmCommand {
    /// List every sandbox mapping (with its repository).
    List,
    /// Show the mapping of one issue, with its repository.
    Show(IssueArg),
    /// Set (or add) the mapping of an issue.
    Set(set::SetArgs),
    /// Remove every mapping entry of an issue (the Railway service is not touched).
    Rm(IssueArg),
    /// List the farm accounts, their counters and whether credentials are set here.
    Accounts,
    /// Rebuild the mappings from Railway: every sandbox service of every account with credentials.
    Sync,
    /// Import trinity's .trinity/issue_bindings.json into the farm file.
    Import(import::ImportArgs),
}

/// An issue argument.
#[derive(Debug, Args)]
pub struct IssueArg {
    /// The issue: N or OWNER/NAME#N, e.g. 42 or octo-org/octo-repo#42.
    #[arg(value_parser = parse_issue_ref, value_name = "[OWNER/NAME#]N")]
    pub issue: IssueRef,
}

/// Runs `tri agent farm`.
pub fn run(args: &FarmArgs, ctx: &mut Ctx) -> Result<i32> {
    match &args.command {
        FarmCommand::List => list::run(ctx),
        FarmCommand::Show(a) => show::run(&a.issue, ctx),
        FarmCommand::Set(a) => set::run(a, ctx),
        FarmCommand::Rm(a) => rm::run(&a.issue, ctx),
        FarmCommand::Accounts => accounts::run(ctx),
        FarmCommand::Sync => sync::run(ctx),
        FarmCommand::Import(a) => import::run(a, ctx),
    }
}

/// `-` for nothing.
fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|x| x.to_string())
        .unwrap_or_else(|| "-".into())
}

/// Prints the farm file's warnings on stderr.
fn warn(ctx: &mut Ctx, f: &Farm) {
    super::shared::warn_farm(ctx, f);
}
