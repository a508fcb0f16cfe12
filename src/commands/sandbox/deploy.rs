//! `tri agent sandbox deploy [--timeout DURATION]`.

use super::super::shared::{report_deployed, CtxReporter};
use super::Ctx;
use crate::error::Result;
use crate::recorder::Recorder;
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
/// timed out (the events recorded), 130 when interrupted; a refused token is a warning.
pub fn run(
    ws: &Workspace,
    key: &crate::farm::Key,
    args: &DeployArgs,
    ctx: &mut Ctx,
    recorder: &mut Recorder,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let opts = DeployOptions {
        timeout: args.timeout,
        poll: Duration::from_millis(recorder.poll_ms()),
    };
    let ended = lifecycle::deploy(
        ws,
        key,
        opts,
        provider,
        &mut CtxReporter::new(ctx, recorder),
    )?;
    Ok(report_deployed(ctx, key, &ended))
}
