//! `tri agent sandbox logs [--build] [-n N]`: the latest deployment's logs.

use super::super::shared::LinesOnly;
use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::sandbox::lifecycle;
use crate::sandbox::{LogKind, SandboxProvider};
use crate::workspace::Workspace;
use clap::Args;
use serde_json::json;

/// `tri agent sandbox logs`.
#[derive(Debug, Args, Default)]
pub struct LogsArgs {
    /// Print the build logs instead of the deployment's logs.
    #[arg(long)]
    pub build: bool,
    /// How many of the latest lines to print.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 200)]
    pub lines: u32,
}

/// Runs `logs` for `key` (its sandbox found on Railway when this checkout has none).
pub fn run(
    ws: &Workspace,
    key: &crate::farm::Key,
    args: &LogsArgs,
    ctx: &mut Ctx,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let issue = key.issue;
    let m = lifecycle::find_or_adopt(ws, key, provider, &mut LinesOnly(ctx))?;
    let (account, _) = lifecycle::needs_service(m.as_ref(), issue)?;
    let dep = m.and_then(|m| m.deployment_id).ok_or_else(|| {
        Error::Usage(format!(
            "the sandbox of issue {issue} has no deployment yet; run `tri agent sandbox deploy`"
        ))
    })?;
    let kind = if args.build {
        LogKind::Build
    } else {
        LogKind::Deploy
    };
    let lines = super::super::shared::block_on(provider.logs(account, &dep, kind, args.lines))??;
    if ctx.out.json {
        ctx.out
            .result(&json!({"issue": issue, "repo": key.repo, "deployment_id": dep, "kind": kind, "lines": lines}));
    } else {
        for l in &lines {
            ctx.out.line(&crate::sanitize::for_terminal(&l.render()));
        }
        if lines.is_empty() {
            ctx.out.warn(&format!(
                "tri: no {} logs for deployment {dep}",
                kind.as_str()
            ));
        }
    }
    Ok(EXIT_OK)
}
