//! `tri agent farm list`: every mapping, with its repository.

use super::{warn, Ctx};
use crate::error::{Result, EXIT_OK};
use crate::farm;
use serde_json::json;

/// Runs `farm list`.
pub fn run(ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let f = farm::read(&ws)?;
    warn(ctx, &f);
    let farm_repo = super::super::shared::sandbox::farm_repo(&ws, ctx)?;
    if f.agent_map.is_empty() {
        ctx.out.line("No sandbox mappings.");
    } else {
        ctx.out.line(&format!(
            "{:<8} {:<28} {:<8} {:<38} {:<38} {:<8} {}",
            "ISSUE", "REPO", "ACCOUNT", "SERVICE", "DEPLOYMENT", "STATUS", "STATE"
        ));
    }
    for e in &f.agent_map {
        let issue = match &e.issue {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        let repo = e
            .repo
            .clone()
            .or_else(|| farm_repo.as_ref().map(|r| format!("{r} (farm)")))
            .unwrap_or_else(|| "-".into());
        ctx.out.line(&format!(
            "{:<8} {:<28} {:<8} {:<38} {:<38} {:<8} {}",
            issue,
            repo,
            e.account_id
                .map(|a| a.to_string())
                .unwrap_or_else(|| "-".into()),
            e.service_id.as_deref().unwrap_or("-"),
            e.deployment_id.as_deref().unwrap_or("-"),
            e.status.as_deref().unwrap_or("-"),
            e.sandbox_state.as_deref().unwrap_or("-"),
        ));
    }
    ctx.out.result(
        &json!({"agent_map": f.agent_map, "farm_repo": farm_repo, "warnings": f.warnings()}),
    );
    Ok(EXIT_OK)
}
