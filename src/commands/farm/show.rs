//! `tri agent farm show [OWNER/NAME#]N`: one mapping, with its repository.

use super::{opt, warn, Ctx};
use crate::error::{Error, Result, EXIT_OK};
use crate::farm;
use serde_json::json;

/// Runs `farm show`.
pub fn run(issue: &super::IssueRef, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let key = super::super::shared::sandbox::farm_key(&ws, ctx, issue)?;
    let f = farm::read(&ws)?;
    warn(ctx, &f);
    let m = f.mapping_of(&key).ok_or_else(|| {
        Error::Other(format!(
            "{key} has no mapping in {}; `tri agent farm sync` rebuilds the mappings from Railway",
            ws.display_path(&ws.farm_file())
        ))
    })?;
    let e = &f.agent_map[m.index];
    let repo = match &m.repo {
        Some(r) => r.clone(),
        None if key.repo.is_empty() => {
            "the farm's repository (the entry names none; set farm_repo to name it)".to_string()
        }
        None => format!("{} (the farm's repository; the entry names none)", key.repo),
    };
    ctx.out.line(&format!("issue:          {}", key.issue));
    ctx.out.line(&format!("repository:     {repo}"));
    ctx.out
        .line(&format!("account:        {}", opt(&m.account_id)));
    ctx.out
        .line(&format!("service:        {}", opt(&m.service_id)));
    ctx.out
        .line(&format!("service name:   {}", opt(&m.service_name)));
    ctx.out
        .line(&format!("deployment:     {}", opt(&m.deployment_id)));
    ctx.out.line(&format!("status:         {}", opt(&m.status)));
    ctx.out
        .line(&format!("state:          {}", opt(&m.sandbox_state)));
    ctx.out
        .line(&format!("session:        {}", opt(&m.session_id)));
    ctx.out
        .line(&format!("experience:     {}", opt(&m.experience_file)));
    for (k, v) in &e.extra {
        ctx.out.line(&format!("{:<15} {v}", format!("{k}:")));
    }
    ctx.out
        .result(&json!({"repo": key.repo, "mapping": m, "entry": e}));
    Ok(EXIT_OK)
}
