//! Which sandbox a command works on: `--issue [OWNER/NAME#]N` (or the linked issue) as a
//! [`Key`], with the farm's repository that owns trinity's `agent-<issue>` entries.

use crate::error::{Error, Result};
use crate::farm::Key;
use crate::workspace::{link, Workspace};

/// An issue as given on the command line: `N`, `#N` or `OWNER/NAME#N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRef {
    /// `OWNER/NAME`, when given.
    pub repo: Option<String>,
    /// The issue number.
    pub issue: u64,
}

/// Parses `N`, `#N` or `OWNER/NAME#N` (clap value parser). Pure.
pub fn parse_issue_ref(s: &str) -> std::result::Result<IssueRef, String> {
    match s.trim().rsplit_once('#') {
        Some((repo, n)) if !repo.is_empty() => {
            let repo = crate::github::repo::parse_repo(repo).map_err(|e| e.to_string())?;
            Ok(IssueRef {
                repo: Some(repo),
                issue: crate::value::parse_issue(n)?,
            })
        }
        _ => Ok(IssueRef {
            repo: None,
            issue: crate::value::parse_issue(s)?,
        }),
    }
}

/// The farm's repository — the one that owns trinity's `agent-<issue>` services and farm
/// entries that name no repository: `TRI_FARM_REPO`, else the config key `farm_repo`
/// (workspace, then user file), else the checkout's repository (the link's, else as `link`
/// finds one: `GH_REPO`, `GITHUB_REPOSITORY`, config `repo`, git remotes). `None` when none
/// gives one (then no trinity entry or service is ever matched).
pub fn farm_repo(ws: &Workspace, ctx: &crate::commands::Ctx) -> Result<Option<String>> {
    farm_repo_in(&ctx.config(ws)?, ws, ctx)
}

/// [`farm_repo`] with the configuration `cfg` the command has already read
/// ([`crate::commands::Ctx::config`]), so its files are not read twice.
///
/// Errors: as [`farm_repo`].
pub fn farm_repo_in(
    cfg: &crate::config::Config,
    ws: &Workspace,
    ctx: &crate::commands::Ctx,
) -> Result<Option<String>> {
    if let Some(v) = cfg.get("farm_repo", None, &*ctx.env)?.value {
        if let Some(s) = v.as_str() {
            return Ok(Some(s.to_string()));
        }
    }
    if ws.exists() {
        if let Some(l) = link::read(&ws.link_file())? {
            return Ok(Some(l.repo));
        }
    }
    Ok(super::resolve_repo(ws, ctx, None).ok().map(|(r, _)| r))
}

/// The sandbox a command works on: `issue` (its repository as given, else the link's when
/// linked, else as `link` finds one), else the linked issue.
///
/// Errors: [`Error::NotLinked`] with neither; the link's or the repository's.
pub fn sandbox_key(
    ws: &Workspace,
    ctx: &crate::commands::Ctx,
    issue: Option<&IssueRef>,
) -> Result<Key> {
    let linked = if ws.exists() {
        link::read(&ws.link_file())?
    } else {
        None
    };
    let (repo, n) = match (issue, &linked) {
        (
            Some(IssueRef {
                repo: Some(r),
                issue,
            }),
            _,
        ) => (r.clone(), *issue),
        (Some(IssueRef { repo: None, issue }), Some(l)) => (l.repo.clone(), *issue),
        (Some(IssueRef { repo: None, issue }), None) => {
            (super::resolve_repo(ws, ctx, None)?.0, *issue)
        }
        (None, Some(l)) => (l.repo.clone(), l.issue),
        (None, None) => return Err(Error::NotLinked),
    };
    let farm = farm_repo(ws, ctx)?;
    Ok(Key::new(&repo, n, farm.as_deref()))
}

/// The key a `farm` command works on: as [`sandbox_key`], except that with no repository
/// anywhere (no link, remote or setting) a bare `N` means trinity's entries of issue N
/// (which name no repository), so a trinity checkout's farm file stays readable as it was.
///
/// Errors: as [`sandbox_key`] when a repository was given or found but is malformed.
pub fn farm_key(ws: &Workspace, ctx: &crate::commands::Ctx, issue: &IssueRef) -> Result<Key> {
    match sandbox_key(ws, ctx, Some(issue)) {
        Err(Error::Usage(_)) if issue.repo.is_none() => Ok(Key {
            repo: String::new(),
            issue: issue.issue,
            owns_legacy: true,
        }),
        other => other,
    }
}

/// Checks that events about `key` can be recorded here: the workspace is linked, to
/// `key`'s repository (events go to the linked repository's issues).
///
/// Errors: [`Error::NotLinked`]; [`Error::Usage`] for another repository.
pub fn check_recordable(ws: &Workspace, key: &Key) -> Result<()> {
    let l = link::read(&ws.link_file())?.ok_or(Error::NotLinked)?;
    if !l.repo.eq_ignore_ascii_case(&key.repo) {
        return Err(Error::Usage(format!(
            "this workspace is linked to {}, and the sandbox's events would be recorded there; run this in a checkout linked to {} (`tri agent link {} --repo {}`)",
            l.repo, key.repo, key.issue, key.repo
        )));
    }
    Ok(())
}

/// Links an unlinked workspace to `repo#issue` (creating `.trinity/`), so that events
/// about that repository's sandboxes can be recorded; a linked workspace is left as it is
/// ([`check_recordable`] then says whether it may record for `repo`).
///
/// Errors: the workspace's and the link file's.
pub fn ensure_linked(ctx: &mut crate::commands::Ctx, issue: u64, repo: &str) -> Result<()> {
    let ws = ctx.workspace();
    ws.create()?;
    let mut lock = crate::workspace::lock::LockFile::open(&ws.lock_file())?;
    let _g = lock.lock()?;
    if link::read(&ws.link_file())?.is_some() {
        return Ok(());
    }
    let l = link::Link::new(issue, repo.to_string(), crate::event::now_ms());
    link::write(&ws.link_file(), &l)?;
    ctx.out
        .line(&format!("Linked this workspace to {}#{issue}", l.repo));
    Ok(())
}

/// The options of `sandbox deploy` (and `on-issue-event`'s deploy): `timeout`, `--force`,
/// the health-check path (`health_path` flag > `TRI_HEALTHCHECK_PATH` > config
/// `healthcheck_path` > `/`), `health_timeout`, the crash-loop breaker (`TRI_DEPLOY_BREAKER`
/// > config `deploy_breaker` > 3), the poll and probe intervals (`TRI_SANDBOX_POLL_MS`,
/// `TRI_HEALTH_INTERVAL_MS`) and tri's HTTP client. Read and checked before anything is
/// written or asked.
///
/// Errors: [`Error::Usage`] for a malformed setting; [`Error::Corrupt`] for a malformed
/// config file value; the HTTP client's.
pub fn deploy_options(
    ws: &Workspace,
    ctx: &crate::commands::Ctx,
    timeout: std::time::Duration,
    force: bool,
    health_path: Option<&str>,
    health_timeout: std::time::Duration,
) -> Result<crate::sandbox::lifecycle::DeployOptions> {
    use crate::sandbox::{breaker, health, lifecycle};
    let env = &*ctx.env;
    let cfg = ctx.config(ws)?;
    let flag = match health_path {
        Some(p) => Some((
            "--health-path",
            serde_json::Value::String(
                health::check_path("--health-path", p).map_err(Error::Usage)?,
            ),
        )),
        None => None,
    };
    let path = cfg
        .get("healthcheck_path", flag, env)?
        .value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| health::DEFAULT_PATH.into());
    let threshold = cfg
        .get("deploy_breaker", None, env)?
        .value
        .and_then(|v| v.as_u64())
        .map(|n| n as u32)
        .unwrap_or(breaker::DEFAULT_THRESHOLD);
    Ok(lifecycle::DeployOptions {
        timeout,
        poll: std::time::Duration::from_millis(lifecycle::POLL.read(env)?),
        force,
        breaker: threshold,
        health: lifecycle::HealthOptions {
            path,
            timeout: health_timeout,
            interval: std::time::Duration::from_millis(health::INTERVAL.read(env)?),
            http: crate::net::client(crate::net::Timeouts::from_env(env)?)?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_refs() {
        assert_eq!(
            parse_issue_ref("acme/widgets#7"),
            Ok(IssueRef {
                repo: Some("acme/widgets".into()),
                issue: 7
            })
        );
        assert_eq!(
            parse_issue_ref("#7"),
            Ok(IssueRef {
                repo: None,
                issue: 7
            })
        );
        assert_eq!(parse_issue_ref("42").unwrap().issue, 42);
        assert!(parse_issue_ref("acme#7").is_err());
        assert!(parse_issue_ref("acme/widgets#x").is_err());
        assert!(parse_issue_ref("0").is_err());
    }
}
