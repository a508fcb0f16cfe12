//! `tri agent sandbox destroy`.

use super::super::shared::{report_destroyed, CtxReporter};
use super::Ctx;
use crate::error::Result;
use crate::sandbox::lifecycle;
use crate::sandbox::SandboxProvider;
use crate::workspace::Workspace;

/// Runs `destroy` for `issue`.
pub fn run(
    ws: &Workspace,
    issue: u64,
    ctx: &mut Ctx,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let done = lifecycle::destroy(ws, issue, provider, &mut CtxReporter::new(ctx))?;
    Ok(report_destroyed(ctx, issue, &done))
}
