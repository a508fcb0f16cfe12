//! `tri agent farm set [OWNER/NAME#]N --service-id ID [--account-id N] [--deployment-id ID]`.

use super::Ctx;
use crate::error::{Result, EXIT_OK};
use crate::farm;
use clap::Args;
use serde_json::json;

/// `tri agent farm set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The issue: N or OWNER/NAME#N.
    #[arg(value_parser = super::parse_issue_ref, value_name = "[OWNER/NAME#]N")]
    pub issue: super::IssueRef,
    /// The Railway service id.
    #[arg(long, value_name = "ID")]
    pub service_id: String,
    /// The farm account (1..8) holding the service.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=8))]
    pub account_id: Option<u32>,
    /// The latest deployment id.
    #[arg(long, value_name = "ID")]
    pub deployment_id: Option<String>,
}

/// Runs `farm set`.
pub fn run(a: &SetArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let key = super::super::shared::sandbox::farm_key(&ws, ctx, &a.issue)?;
    let (m, warnings) = farm::update(&ws, |f| {
        let e = f.entry_of_mut(&key);
        if e.repo.is_none() && !key.owns_legacy {
            e.repo = Some(key.repo.clone());
        }
        e.service_id = Some(a.service_id.clone());
        if let Some(acc) = a.account_id {
            e.account_id = Some(acc);
        }
        if let Some(d) = &a.deployment_id {
            e.deployment_id = Some(d.clone());
        }
        if e.status.is_none() {
            e.status = Some(farm::STATUS_ACTIVE.into());
        }
        e.updated_at = Some(farm::now_rfc3339());
        Ok((f.mapping_of(&key), f.warnings()))
    })?;
    for w in warnings {
        ctx.out
            .warn(&format!("tri: warning: railway_farm.json: {w}"));
    }
    ctx.out
        .line(&format!("{key} now maps to service {}", a.service_id));
    ctx.out.result(&json!({"repo": key.repo, "mapping": m}));
    Ok(EXIT_OK)
}
