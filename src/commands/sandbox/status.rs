//! `tri agent sandbox status`: what is known of the issue's sandbox, locally and on Railway.

use super::super::shared::LinesOnly;
use super::Ctx;
use crate::error::{Result, EXIT_OK};
use crate::farm;
use crate::sandbox::lifecycle;
use crate::sandbox::machine::SandboxState;
use crate::sandbox::{DeployStatus, SandboxProvider};
use crate::workspace::Workspace;
use serde_json::json;

/// Runs `status` for `key`: the mapping (found on Railway when this checkout has no live
/// one), and where Railway says its deployment is.
pub fn run(
    ws: &Workspace,
    key: &crate::farm::Key,
    ctx: &mut Ctx,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let issue = key.issue;
    let found = lifecycle::find_or_adopt(ws, key, provider, &mut LinesOnly(ctx))?;
    let m = found.or(farm::read(ws)?.mapping_of(key));
    let local = lifecycle::mapping_state(m.as_ref());
    let Some(m) = m else {
        // With no credentials Railway was not asked: say so rather than "no sandbox".
        let not_asked = provider
            .accounts_with_credentials()
            .is_empty()
            .then(|| format!("Railway was not asked: {}", lifecycle::NO_CREDENTIALS));
        match &not_asked {
            None => ctx
                .out
                .line(&format!("{key} has no sandbox (here or on Railway).")),
            // A warning: under `--json` too, stderr says what to set.
            Some(why) => ctx
                .out
                .warn(&format!("tri: warning: {key} has no sandbox here; {why}.")),
        }
        ctx.out
            .result(&json!({"issue": issue, "repo": key.repo, "state": local,
            "mapping": null, "railway_status": null, "railway_error": not_asked}));
        return Ok(EXIT_OK);
    };
    let account = m.account_id.unwrap_or(1);
    let mut remote: Option<String> = None;
    let mut remote_error: Option<String> = None;
    if let (Some(dep), true) = (&m.deployment_id, local.has_service()) {
        if provider.has_credentials(account) {
            match super::super::shared::block_on(provider.status(account, dep))? {
                Ok(s) => remote = Some(s.name()),
                Err(e) => remote_error = Some(e.to_string()),
            }
        } else {
            remote_error = Some(format!(
                "no Railway credentials for farm account {account} here"
            ));
        }
    }
    ctx.out.line(&format!(
        "{key}: sandbox `{}` is {local}",
        m.service_name.clone().unwrap_or_else(|| key.service_name())
    ));
    ctx.out.line(&format!(
        "  service:    {} (farm account {account}, status {})",
        m.service_id.as_deref().unwrap_or("none"),
        m.status.as_deref().unwrap_or("unknown")
    ));
    ctx.out.line(&format!(
        "  deployment: {}",
        m.deployment_id.as_deref().unwrap_or("none")
    ));
    if let Some(r) = &remote {
        ctx.out.line(&format!("  on Railway: {r}"));
        if local == SandboxState::Deploying && DeployStatus::from_railway(r).is_terminal() {
            ctx.out.line(
                "  tri stopped following it before it ended; the next `tri agent sandbox deploy` records the end first.",
            );
        }
    }
    if let Some(e) = &remote_error {
        ctx.out.line(&format!("  on Railway: unknown ({e})"));
    }
    if m.entries > 1 {
        ctx.out.line(&format!(
            "  note: the farm file holds {} entries for this issue; this is the one tri uses",
            m.entries
        ));
    }
    ctx.out.result(
        &json!({"issue": issue, "repo": key.repo, "state": local, "mapping": m,
        "railway_status": remote, "railway_error": remote_error}),
    );
    Ok(EXIT_OK)
}
