//! `tri agent farm rm [OWNER/NAME#]N`: remove every mapping entry of an issue.

use super::Ctx;
use crate::error::{Result, EXIT_OK};
use crate::farm;
use serde_json::json;

/// Runs `farm rm`.
pub fn run(issue: &super::IssueRef, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let key = super::super::shared::sandbox::farm_key(&ws, ctx, issue)?;
    let n = farm::update(&ws, |f| Ok(f.remove_key(&key)))?;
    if n == 0 {
        ctx.out.line(&format!("{key} had no mapping."));
    } else {
        ctx.out.line(&format!(
            "Removed {n} mapping entr{} of {key}",
            if n == 1 { "y" } else { "ies" }
        ));
    }
    ctx.out
        .result(&json!({"issue": key.issue, "repo": key.repo, "removed": n}));
    Ok(EXIT_OK)
}
