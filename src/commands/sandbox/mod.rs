//! `tri agent sandbox create | deploy | status | logs | destroy [--issue N]`: the issue's
//! Railway sandbox. Each verb is a file here owning its Args; the work is the sandbox
//! lifecycle's ([`crate::sandbox::lifecycle`]), which records every event through the same
//! recorder and publisher as `tri agent step` ([`super::shared::CtxReporter`]).
//!
//! The provider is injected: [`run`] uses Railway ([`RailwayProvider`]); tests call
//! [`run_with`] with [`crate::sandbox::fake::FakeProvider`].

pub mod create;
pub mod deploy;
pub mod destroy;
pub mod logs;
pub mod status;

use super::Ctx;
use crate::error::{Error, Result};
use crate::sandbox::lifecycle;
use crate::sandbox::railway::RailwayProvider;
use crate::sandbox::SandboxProvider;
use crate::workspace::link;
use clap::{Args, Subcommand};

pub use create::CreateArgs;
pub use deploy::DeployArgs;
pub use lifecycle::DEFAULT_TIMEOUT;
pub use logs::LogsArgs;

pub use crate::error::EXIT_INTERRUPTED;

/// `tri agent sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// The issue whose sandbox to act on (default: the linked issue).
    #[arg(long, global = true, value_parser = crate::value::parse_issue, value_name = "N")]
    pub issue: Option<u64>,

    /// The sandbox command.
    #[command(subcommand)]
    pub command: SandboxCommand,
}

/// `tri agent sandbox` subcommands.
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Create the issue's Railway service `agent-<issue>` on the farm account with the most room.
    Create(create::CreateArgs),
    /// Deploy the issue's service and follow the deployment until it ends.
    Deploy(deploy::DeployArgs),
    /// Show what is known of the issue's sandbox (locally and on Railway).
    Status,
    /// Print the latest deployment's logs.
    Logs(logs::LogsArgs),
    /// Save the logs under `.trinity/archive/<issue>/`, then delete the service.
    Destroy,
}

/// Runs `tri agent sandbox` against Railway.
pub fn run(args: &SandboxArgs, ctx: &mut Ctx) -> Result<i32> {
    let provider = RailwayProvider::from_env(&*ctx.env)?;
    run_with(args, ctx, &provider)
}

/// Runs `tri agent sandbox` against `provider`.
pub fn run_with(args: &SandboxArgs, ctx: &mut Ctx, provider: &dyn SandboxProvider) -> Result<i32> {
    let ws = ctx.workspace();
    let issue = lifecycle::resolve_issue(&ws, args.issue)?;
    // Commands that change the sandbox publish events, which need the link: check it
    // before Railway is asked to do anything.
    if !matches!(
        args.command,
        SandboxCommand::Status | SandboxCommand::Logs(_)
    ) && link::read(&ws.link_file())?.is_none()
    {
        return Err(Error::NotLinked);
    }
    let farm = crate::farm::read(&ws)?;
    super::shared::warn_farm(ctx, &farm);
    match &args.command {
        SandboxCommand::Create(a) => create::run(&ws, issue, a, ctx, provider),
        SandboxCommand::Deploy(a) => deploy::run(&ws, issue, a, ctx, provider),
        SandboxCommand::Status => status::run(&ws, issue, ctx, provider),
        SandboxCommand::Logs(a) => logs::run(&ws, issue, a, ctx, provider),
        SandboxCommand::Destroy => destroy::run(&ws, issue, ctx, provider),
    }
}
