//! `tri agent farm accounts`: the farm accounts, their counters and whether credentials are
//! set here.

use super::{warn, Ctx};
use crate::error::{Result, EXIT_OK};
use crate::farm;
use serde_json::json;

/// Runs `farm accounts`.
pub fn run(ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();

    let f = farm::read(&ws)?;
    warn(ctx, &f);
    let now = chrono::Utc::now().timestamp();
    let mut rows = Vec::new();
    if f.accounts.is_empty() {
        ctx.out
            .line("No farm accounts listed (tri uses account 1).");
    } else {
        ctx.out.line(&format!(
            "{:<8} {:<14} {:<8} {:<12} {}",
            "ACCOUNT", "ALIAS", "ACTIVE", "TODAY", "CREDENTIALS"
        ));
    }
    for a in &f.accounts {
        let creds = crate::railway::credentials(a.account_id, &*ctx.env);
        let cred_var = creds.as_ref().map(|c| c.token_var.clone());
        ctx.out.line(&format!(
            "{:<8} {:<14} {:<8} {:<12} {}",
            a.account_id,
            a.alias.as_deref().unwrap_or("-"),
            a.active_services.unwrap_or(0),
            format!("{}/{}", a.creates_today(now), a.limit()),
            cred_var.as_deref().unwrap_or("none"),
        ));
        rows.push(json!({"account": a, "creates_today": a.creates_today(now),
            "daily_limit": a.limit(), "credentials": cred_var}));
    }
    ctx.out.result(&json!({"accounts": rows}));
    Ok(EXIT_OK)
}
