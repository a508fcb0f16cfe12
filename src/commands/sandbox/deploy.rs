//! `tri agent sandbox deploy [--timeout DURATION]`.

use super::super::shared::{report_deployed, CtxReporter};
use super::Ctx;
use crate::error::Result;
use crate::sandbox::lifecycle::{self, DeployOptions, DEFAULT_TIMEOUT};
use crate::sandbox::SandboxProvider;
use crate::workspace::Workspace;
use clap::Args;
use std::time::Duration;

/// `tri agent sandbox deploy`.
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// Stop following after this long and report a failure: seconds, or with a unit
    /// (90s, 15m, 1h).
    #[arg(long, value_name = "DURATION", default_value = DEFAULT_TIMEOUT, value_parser = crate::value::parse_duration)]
    pub timeout: Duration,
}

/// Runs `deploy` for `key`: exit 0 when the deployment succeeded, 1 when it failed or
/// timed out, 130 when interrupted (4 when GitHub refused the token for an event).
pub fn run(
    ws: &Workspace,
    key: &crate::farm::Key,
    args: &DeployArgs,
    ctx: &mut Ctx,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let opts = DeployOptions {
        timeout: args.timeout,
        poll: Duration::from_millis(lifecycle::POLL.read(&*ctx.env)?),
    };
    let ended = lifecycle::deploy(ws, key, opts, provider, &mut CtxReporter::new(ctx))?;
    Ok(report_deployed(ctx, key, &ended))
}
