//! What several commands share, as gh's `pkg/cmd/<noun>/shared`: output shapes and lines
//! (a link's JSON, an outcome's line) and the async runtime. Not a command: commands import
//! this, never each other.

use crate::error::Result;
use crate::publisher::{Outcome, Queued};
use crate::workspace::link;
use chrono::SecondsFormat;
use serde_json::json;

/// Runs `fut` on a single-threaded tokio runtime, built only when a command needs network
/// (a step with no token never builds one).
pub fn block_on<F: std::future::Future>(fut: F) -> Result<F::Output> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::error::Error::Other(format!("cannot start the async runtime: {e}")))?;
    Ok(rt.block_on(fut))
}

/// One line saying what happened to a published or queued event.
pub fn describe_outcome(o: &Outcome) -> String {
    match o {
        Outcome::Published { urls, found_existing } => {
            let url = urls.first().map(String::as_str).unwrap_or("");
            let more = if urls.len() > 1 {
                format!(" (and {} more parts)", urls.len() - 1)
            } else {
                String::new()
            };
            if *found_existing {
                format!("Published: {url}{more} (found on the issue from an earlier try)")
            } else {
                format!("Published: {url}{more}")
            }
        }
        Outcome::Gone => "Published by another tri process.".to_string(),
        Outcome::Queued(Queued::NoToken) => {
            "Queued: no GitHub token is set. To publish later, set GH_TOKEN (or GITHUB_TOKEN) and run `tri agent sync`.".to_string()
        }
        Outcome::Queued(q) => format!("Queued: {q}. `tri agent sync` publishes it later."),
    }
}

/// The JSON name of an outcome: `published`, `queued` (or `published` for [`Outcome::Gone`]).
pub fn outcome_state(o: &Outcome) -> &'static str {
    match o {
        Outcome::Published { .. } | Outcome::Gone => "published",
        Outcome::Queued(_) => "queued",
    }
}

/// The JSON shape of a link (`link`, `status`): `{"issue","repo","session_id","linked_at",
/// "steps","last_step_at","changed"}`.
pub fn link_json(l: &link::Link, changed: bool) -> serde_json::Value {
    json!({
        "issue": l.issue,
        "repo": l.repo,
        "session_id": l.session_id,
        "linked_at": l.linked_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        "steps": l.steps,
        "last_step_at": l.last_step_at.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
        "changed": changed,
    })
}

/// The repository for a command in `ws`: `flag`, else `GH_REPO`, `GITHUB_REPOSITORY`, the
/// config files, then the git remotes (read only when nothing else gives it). Returns it
/// with where it came from (said to the user, e.g. "repo from --repo").
///
/// Errors: [`crate::error::Error::Usage`] when none gives one or it is not `OWNER/NAME`.
pub fn resolve_repo(
    ws: &crate::workspace::Workspace,
    ctx: &super::Ctx,
    flag: Option<&str>,
) -> Result<(String, String)> {
    let configured = crate::config::Config::load(ws, &*ctx.env)?.file_repo()?;
    let remotes = if flag.is_none()
        && (ctx.env)("GH_REPO").is_none()
        && (ctx.env)("GITHUB_REPOSITORY").is_none()
        && configured.is_none()
    {
        crate::github::repo::git_remotes(ws.root())
    } else {
        Vec::new()
    };
    crate::config::resolve_repo(flag, &*ctx.env, configured, &remotes)
}
