//! `tri agent sandbox deploy [--timeout DURATION] [--health-path PATH] [--health-timeout
//! DURATION] [--force]`.

use super::super::shared::sandbox::{deploy_options, deploy_with_github, read_breaker_events};
use super::super::shared::{deployed_doc, print_doc};
use super::Ctx;
use crate::error::Result;
use crate::recorder::Recorder;
use crate::sandbox::health;
use crate::sandbox::lifecycle::DEFAULT_TIMEOUT;
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

    /// The path that must answer 2xx/3xx once Railway reports SUCCESS (also set as the
    /// service's Railway health-check path) [default: TRI_HEALTHCHECK_PATH, config
    /// `healthcheck_path`, else /].
    #[arg(long, value_name = "PATH")]
    pub health_path: Option<String>,

    /// Give up on the health check after this long without a 2xx/3xx answer.
    #[arg(long, value_name = "DURATION", default_value = health::DEFAULT_TIMEOUT, value_parser = crate::value::parse_duration)]
    pub health_timeout: Duration,

    /// Deploy even when the last deployments failed (the crash-loop breaker, exit 6).
    #[arg(long)]
    pub force: bool,
}

impl DeployArgs {
    /// The defaults, with `timeout`.
    pub fn with_timeout(timeout: Duration) -> DeployArgs {
        DeployArgs {
            timeout,
            health_path: None,
            health_timeout: crate::value::parse_duration(health::DEFAULT_TIMEOUT)
                .expect("a valid default"),
            force: false,
        }
    }
}

/// Runs `deploy` for `key`: exit 0 when the deployment succeeded (and answered, when it
/// has a public URL); 1 when it failed, timed out or did not answer (the events recorded);
/// 6 when the crash-loop breaker refused it (counting the events and this
/// checkout's journal; nothing recorded); 130 when interrupted; a refused token is a
/// warning.
pub fn run(
    ws: &Workspace,
    key: &crate::farm::Key,
    args: &DeployArgs,
    ctx: &mut Ctx,
    recorder: &mut Recorder,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let mut opts = deploy_options(
        ctx,
        recorder,
        args.timeout,
        args.force,
        args.health_path.as_deref(),
        args.health_timeout,
    )?;
    // The crash-loop breaker counts what other machines recorded on the issue too.
    read_breaker_events(ctx, recorder, ws, key, &mut opts)?;
    let ended = deploy_with_github(ctx, recorder, ws, key, opts, provider)?;
    let doc = deployed_doc(ctx, key, &ended);
    Ok(print_doc(ctx, doc))
}
