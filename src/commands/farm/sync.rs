//! `tri agent farm sync [--json]`: rebuild `.trinity/railway_farm.json` from Railway
//! ([`crate::farm::sync`]): every sandbox service of every farm account with credentials,
//! its latest deployment and status; mappings whose service is gone are marked gone;
//! `active_services` refreshed. Reports added / updated / gone.

use super::{warn, Ctx};
use crate::error::{Result, EXIT_OK};
use crate::farm;
use crate::sandbox::lifecycle;
use crate::sandbox::railway::RailwayProvider;
use crate::sandbox::{naming, SandboxProvider};
use serde_json::json;

/// Runs `farm sync` against Railway.
pub fn run(ctx: &mut Ctx) -> Result<i32> {
    let provider = RailwayProvider::from_env(&*ctx.env)?;
    run_with(ctx, &provider)
}

/// Runs `farm sync` against `provider`.
///
/// Errors: [`Error::Auth`](crate::error::Error::Auth) when no account has credentials; the provider's (nothing is
/// written then); the farm file's.
pub fn run_with(ctx: &mut Ctx, provider: &dyn SandboxProvider) -> Result<i32> {
    let ws = ctx.workspace();
    let accounts = provider.accounts_with_credentials();
    if accounts.is_empty() {
        return Err(lifecycle::no_credentials());
    }
    // Bare `agent-<N>` services are mapped only to a farm repository set explicitly.
    let farm_repo = super::super::shared::sandbox::configured_farm_repo_in(&ctx.config(&ws)?, ctx)?;
    // Read everything first: nothing is written from a partial view.
    let mut listed = Vec::new();
    for &a in &accounts {
        listed.extend(lifecycle::services_with_vars(provider, a, |s| {
            naming::issue_of_name(&s.name).is_some()
        })?);
    }
    let (report, f) = farm::update(&ws, |f| {
        let r = farm::apply_sync(f, &listed, &accounts, farm_repo.as_deref());
        Ok((r, f.clone()))
    })?;
    warn(ctx, &f);
    let line = |r: &farm::SyncRow| {
        format!(
            "{}#{} → service {} ({}, account {})",
            r.repo
                .clone()
                .or_else(|| farm_repo.clone())
                .unwrap_or_else(|| "?".into()),
            r.issue.map(|n| n.to_string()).unwrap_or_else(|| "?".into()),
            r.service_id.as_deref().unwrap_or("?"),
            r.service_name.as_deref().unwrap_or("?"),
            r.account_id
                .map(|a| a.to_string())
                .unwrap_or_else(|| "?".into()),
        )
    };
    for r in &report.added {
        ctx.out.line(&format!("added:   {}", line(r)));
    }
    for r in &report.updated {
        ctx.out.line(&format!("updated: {}", line(r)));
    }
    for r in &report.gone {
        ctx.out
            .line(&format!("gone:    {} (no longer on Railway)", line(r)));
    }
    for s in &report.skipped {
        ctx.out.warn(&format!("tri: warning: {s}"));
    }
    ctx.out.line(&format!(
        "Synced {} from Railway (accounts {}): {} added, {} updated, {} gone, {} unchanged.",
        ws.display_path(&ws.farm_file()),
        accounts
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        report.added.len(),
        report.updated.len(),
        report.gone.len(),
        report.unchanged
    ));
    ctx.out.result(&json!({
        "accounts": report.accounts, "farm_repo": farm_repo,
        "added": report.added, "updated": report.updated, "gone": report.gone,
        "unchanged": report.unchanged, "skipped": report.skipped,
    }));
    Ok(EXIT_OK)
}
