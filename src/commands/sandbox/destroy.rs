//! `tri agent sandbox destroy`.

use super::super::shared::{destroyed_doc, print_doc, CtxReporter};
use super::Ctx;
use crate::error::Result;
use crate::recorder::Recorder;
use crate::sandbox::lifecycle;
use crate::sandbox::SandboxProvider;
use crate::workspace::Workspace;

/// Runs `destroy` for `key`.
pub fn run(
    ws: &Workspace,
    key: &crate::farm::Key,
    ctx: &mut Ctx,
    recorder: &mut Recorder,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let done = lifecycle::destroy(ws, key, provider, &mut CtxReporter::new(ctx, recorder))?;
    if let lifecycle::Destroyed::Done { .. } = &done {
        super::super::shared::sandbox::deployment_inactive(ctx, recorder, ws, key);
    }
    let doc = destroyed_doc(ctx, key, &done);
    Ok(print_doc(ctx, doc))
}
