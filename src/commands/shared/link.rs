//! The link and the repository a command works on: the link's JSON, the repository a
//! command resolves (flag, environment, config, git remotes), the issue a command reads.

use crate::error::Result;
use crate::workspace::link;
use chrono::SecondsFormat;
use serde_json::json;

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
    ctx: &crate::commands::Ctx,
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

/// The issue a command reads: `--issue` (its repository the link's when it is the linked
/// issue, else as `link` finds one), else the linked issue. Returns the link too.
///
/// Errors: [`crate::error::Error::NotLinked`] with neither; the link's or the repository's.
pub fn target_issue(
    ws: &crate::workspace::Workspace,
    ctx: &crate::commands::Ctx,
    issue: Option<u64>,
) -> Result<(Option<link::Link>, String, u64)> {
    let linked = link::of(ws)?;
    let (repo, issue) = match (issue, &linked) {
        (None, Some(l)) => (l.repo.clone(), l.issue),
        (Some(i), Some(l)) if l.issue == i => (l.repo.clone(), i),
        (Some(i), _) => (resolve_repo(ws, ctx, None)?.0, i),
        (None, None) => return Err(crate::error::Error::NotLinked),
    };
    Ok((linked, repo, issue))
}
