//! `tri agent sandbox create | deploy | status | logs | destroy [--issue [OWNER/NAME#]N]`:
//! the Railway sandbox of a repository's issue (issue 16). Each verb is a file here owning its Args; the work is the sandbox
//! lifecycle's ([`crate::sandbox::lifecycle`]), which records every event through the same
//! recorder and publisher as `tri agent step` ([`super::shared::CtxReporter`]).
//!
//! The provider is injected: [`run`] uses the context's ([`crate::recorder::Clients::railway`],
//! Railway by default); tests call
//! [`run_with`] with [`crate::sandbox::fake::FakeProvider`].

pub mod create;
pub mod deploy;
pub mod destroy;
pub mod logs;
pub mod status;

use super::Ctx;
use crate::error::Result;
use crate::sandbox::lifecycle;
use crate::recorder::Options;
use crate::sandbox::SandboxProvider;
use clap::{Args, Subcommand};

pub use create::CreateArgs;
pub use deploy::DeployArgs;
pub use lifecycle::DEFAULT_TIMEOUT;
pub use logs::LogsArgs;

pub use crate::error::EXIT_INTERRUPTED;

/// `tri agent sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue;
    /// the repository defaults to the linked one).
    #[arg(long, global = true, value_parser = super::shared::sandbox::parse_issue_ref, value_name = "[OWNER/NAME#]N")]
    pub issue: Option<super::shared::sandbox::IssueRef>,

    /// The sandbox command.
    #[command(subcommand)]
    pub command: SandboxCommand,
}

/// `tri agent sandbox` subcommands.
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Create the issue's Railway service (or adopt the one Railway has) on the farm account with the most room.
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
    let provider = ctx.clients.railway(&*ctx.env)?;
    run_with(args, ctx, &*provider)
}

/// Runs `tri agent sandbox` against `provider`.
pub fn run_with(args: &SandboxArgs, ctx: &mut Ctx, provider: &dyn SandboxProvider) -> Result<i32> {
    let ws = ctx.workspace();
    let changes = !matches!(
        args.command,
        SandboxCommand::Status | SandboxCommand::Logs(_)
    );
    // A command that changes the sandbox records events: every setting it needs is read
    // and checked now, before Railway is asked to do anything.
    let recorder = if changes {
        Some(ctx.recorder(
            &ws,
            Options {
                sandbox: true,
                ..Options::default()
            },
        )?)
    } else {
        None
    };
    if changes && crate::workspace::link::read(&ws.link_file())?.is_none() {
        return Err(crate::error::Error::NotLinked);
    }
    let key = super::shared::sandbox::sandbox_key(&ws, ctx, args.issue.as_ref())?;
    // Commands that change the sandbox publish events, which need the link (to the
    // sandbox's repository): check it before Railway is asked to do anything.
    if changes {
        super::shared::sandbox::check_recordable(&ws, &key)?;
    }
    let farm = crate::farm::read(&ws)?;
    super::shared::warn_farm(ctx, &farm);
    match (&args.command, recorder) {
        (SandboxCommand::Create(a), Some(mut r)) => create::run(&ws, &key, a, ctx, &mut r, provider),
        (SandboxCommand::Deploy(a), Some(mut r)) => deploy::run(&ws, &key, a, ctx, &mut r, provider),
        (SandboxCommand::Destroy, Some(mut r)) => destroy::run(&ws, &key, ctx, &mut r, provider),
        (SandboxCommand::Status, _) => status::run(&ws, &key, ctx, provider),
        (SandboxCommand::Logs(a), _) => logs::run(&ws, &key, a, ctx, provider),
        (_, None) => unreachable!("a command that changes the sandbox has a recorder"),
    }
}
