//! Which sandbox a command works on: `--issue [OWNER/NAME#]N` (or the linked issue) as a
//! [`Key`], with the farm's repository that owns trinity's `agent-<issue>` entries.

use crate::error::{Error, Result};
use crate::farm::Key;
use crate::recorder::{Options, Recorder};
use crate::workspace::{link, Workspace};

pub mod report;

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

/// The farm's repository as this checkout's farm file reads it — the one that owns farm
/// entries that name no repository: [`configured_farm_repo_in`], else the checkout's
/// repository (the link's, else as `link` finds one: `GH_REPO`, `GITHUB_REPOSITORY`, config
/// `repo`, git remotes). `None` when none gives one (then no trinity entry is matched).
/// Railway's `agent-<N>` services without `TRI_REPO` are owned only by the configured one
/// ([`Key::owns_bare`], [`key_of`]).
pub fn farm_repo(ws: &Workspace, ctx: &crate::commands::Ctx) -> Result<Option<String>> {
    farm_repo_in(&ctx.config(ws)?, ws, ctx)
}

/// The farm repository set explicitly: `TRI_FARM_REPO`, else the config key `farm_repo`
/// (workspace, then user file); `None` when neither is set. The only repository that owns
/// Railway's `agent-<N>` services recording no `TRI_REPO` — never a default, since a
/// project's services are seen by every repository whose checkouts hold its credentials.
///
/// Errors: [`Error::Usage`]/[`Error::Corrupt`] for a malformed setting (the config's).
pub fn configured_farm_repo_in(
    cfg: &crate::config::Config,
    ctx: &crate::commands::Ctx,
) -> Result<Option<String>> {
    Ok(cfg
        .get("farm_repo", None, &*ctx.env)?
        .value
        .and_then(|v| v.as_str().map(str::to_string)))
}

/// The key of `repo`'s issue `issue` for a command that acts on Railway: it owns this
/// checkout's farm entries with no `repo` when `repo` is [`farm_repo`], and Railway's bare
/// `agent-<N>` services only when `repo` is the farm repository configured explicitly
/// ([`configured_farm_repo_in`]).
///
/// Errors: as [`farm_repo`].
pub fn key_of(ws: &Workspace, ctx: &crate::commands::Ctx, repo: &str, issue: u64) -> Result<Key> {
    let cfg = ctx.config(ws)?;
    let configured = configured_farm_repo_in(&cfg, ctx)?;
    let farm = farm_repo_in(&cfg, ws, ctx)?;
    Ok(Key::new(repo, issue, farm.as_deref()).with_configured_farm(configured.as_deref()))
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
    if let Some(r) = configured_farm_repo_in(cfg, ctx)? {
        return Ok(Some(r));
    }
    if let Some(l) = link::of(ws)? {
        return Ok(Some(l.repo));
    }
    Ok(super::link::resolve_repo(ws, ctx, None)
        .ok()
        .map(|(r, _)| r))
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
    let linked = crate::workspace::link::of(ws)?;
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
            (super::link::resolve_repo(ws, ctx, None)?.0, *issue)
        }
        (None, Some(l)) => (l.repo.clone(), l.issue),
        (None, None) => return Err(Error::NotLinked),
    };
    key_of(ws, ctx, &repo, n)
}

/// The key a `farm` command works on: as [`sandbox_key`], except that with no repository
/// anywhere (no link, remote or setting) a bare `N` means trinity's entries of issue N
/// (which name no repository), so a trinity checkout's farm file stays readable as it was.
///
/// Errors: as [`sandbox_key`] when a repository was given or found but is malformed; a
/// malformed `repo` or `farm_repo` setting ([`Error::Usage`]) is such an error too, never
/// taken for "no repository".
pub fn farm_key(ws: &Workspace, ctx: &crate::commands::Ctx, issue: &IssueRef) -> Result<Key> {
    let cfg = ctx.config(ws)?;
    for key in ["repo", "farm_repo"] {
        cfg.get(key, None, &*ctx.env)?;
    }
    match sandbox_key(ws, ctx, Some(issue)) {
        Err(Error::Usage(_)) if issue.repo.is_none() => Ok(Key {
            repo: String::new(),
            issue: issue.issue,
            owns_legacy: true,
            owns_bare: false,
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

/// The recorder of a command that records sandbox events in `ws` ([`crate::commands::Ctx::recorder`]
/// with `Options::sandbox`): every setting the sandbox lifecycle needs, Railway's
/// included, read and checked now.
///
/// Errors: as [`crate::recorder::Recorder::new`].
pub fn recorder(ctx: &crate::commands::Ctx, ws: &Workspace) -> Result<Recorder> {
    let opts = Options {
        sandbox: true,
        ..Options::default()
    };
    ctx.recorder(ws, opts)
}

/// The sandbox of `key` as the farm file has it, for a brief or a hand-off; `None` when
/// there is none, or (with a warning: it is left out) when the farm file cannot be read.
pub fn sandbox_of(
    ctx: &mut crate::commands::Ctx,
    ws: &Workspace,
    key: &Key,
) -> Option<crate::handoff::Sandbox> {
    match crate::farm::read(ws) {
        Ok(f) => crate::handoff::Sandbox::from_farm(&f, key),
        Err(e) => {
            ctx.out
                .warn(&format!("tri: warning: the sandbox is left out: {e}"));
            None
        }
    }
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

/// The options of `sandbox deploy` (and `on-issue-event`'s deploy), from the settings the
/// command's `recorder` read: `timeout`, `--force`, the health-check path (the
/// `health_path` flag, else `TRI_HEALTHCHECK_PATH`, else config `healthcheck_path`, else
/// `/`), `health_timeout`, the crash-loop breaker (`TRI_DEPLOY_BREAKER`, else config
/// `deploy_breaker`, else 3), the poll and probe intervals (`TRI_SANDBOX_POLL_MS`,
/// `TRI_HEALTH_INTERVAL_MS`) and the HTTP time-outs. Read and checked before anything is
/// written or asked.
///
/// Errors: [`Error::Usage`] for a malformed or out-of-range setting (flag, variable or
/// config file value); the HTTP client's.
pub fn deploy_options(
    ctx: &crate::commands::Ctx,
    recorder: &Recorder,
    timeout: std::time::Duration,
    force: bool,
    health_path: Option<&str>,
    health_timeout: std::time::Duration,
) -> Result<crate::sandbox::lifecycle::DeployOptions> {
    use crate::sandbox::{breaker, health, lifecycle};
    let env = &*ctx.env;
    let cfg = recorder.config();
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
        poll: std::time::Duration::from_millis(recorder.poll_ms()),
        force,
        breaker: threshold,
        on_issue: Vec::new(),
        health: lifecycle::HealthOptions {
            path,
            timeout: health_timeout,
            interval: std::time::Duration::from_millis(health::INTERVAL.read(env)?),
            timeouts: crate::net::Timeouts::from_env(env)?,
        },
    })
}

/// Reads into `opts.on_issue` the events of `key`'s issue that the crash-loop breaker
/// counts besides this checkout's journal: tri's markers from authors who may write the
/// journal (`journal_writers`, [`crate::trust`]), in one list read of the issue's comments
/// updated since [`crate::sandbox::breaker::read_since`] of the journal (every comment, for a
/// fresh checkout). Nothing is read when every deploy goes through anyway (`--force`, a
/// threshold of 0). Writes nothing in the workspace.
///
/// When GitHub cannot be read (no token, unreachable, refused), the breaker counts this
/// checkout's journal alone, and a warning says so: a fresh checkout then cannot see the
/// failures other machines recorded.
///
/// Errors: [`Error::Usage`] for a malformed `journal_writers`; the journal's; the GitHub
/// client's when it cannot be built.
pub fn read_breaker_events(
    ctx: &mut crate::commands::Ctx,
    recorder: &Recorder,
    ws: &Workspace,
    key: &Key,
    opts: &mut crate::sandbox::lifecycle::DeployOptions,
) -> Result<()> {
    use crate::sandbox::{breaker, lifecycle};
    if opts.force || opts.breaker == 0 {
        return Ok(());
    }
    let since = breaker::read_since(&lifecycle::breaker_journal(ws, key.issue)?);
    let mut p = ctx.publisher(ws, recorder.settings().clone())?;
    let read = recorder.block_on(p.events_on_issue(&key.repo, key.issue, since))??;
    match read {
        Ok(events) => {
            opts.on_issue = events
                .into_iter()
                .map(|e| breaker::Seen {
                    id: e.id,
                    time: e.time,
                    event: e.event_type,
                })
                .collect();
        }
        Err(q) => ctx.out.warn(&format!(
            "tri: warning: the crash-loop breaker counts this checkout's journal only: the deployments of {key} recorded elsewhere could not be read from the issue ({q})"
        )),
    }
    Ok(())
}

/// The commit a deploy deploys, for its GitHub deployment's `ref`: `GITHUB_SHA` (inside
/// GitHub Actions), else the checkout's `HEAD` commit (`git rev-parse HEAD`); `None` when
/// neither names one (then no GitHub deployment is made).
pub fn deployed_ref(ws: &Workspace, ctx: &crate::commands::Ctx) -> Option<String> {
    if let Some(sha) = (ctx.env)("GITHUB_SHA").filter(|s| !s.trim().is_empty()) {
        return Some(sha.trim().to_string());
    }
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--verify", "--quiet", "HEAD"])
        .current_dir(ws.root())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let sha = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !sha.is_empty()).then_some(sha)
}

/// The GitHub environment of `key`'s sandbox: its service name (the mapping's, else
/// [`Key::service_name`]).
fn environment_of(ws: &Workspace, key: &Key) -> String {
    crate::farm::read(ws)
        .ok()
        .and_then(|f| f.mapping_of(key))
        .and_then(|m| m.service_name)
        .unwrap_or_else(|| key.service_name())
}

/// Queues and sends the GitHub deployment changes `happened` calls for on `key`'s sandbox
/// ([`crate::publisher::deployments`]) over the recorder's GitHub client. Never fails the
/// command: what GitHub did not take stays queued for `tri agent sync`, with a warning (none
/// when no token is set: the events say so already).
pub fn github_deployment(
    ctx: &mut crate::commands::Ctx,
    recorder: &Recorder,
    ws: &Workspace,
    key: &Key,
    happened: Vec<crate::publisher::deployments::Happened>,
) {
    if happened.is_empty() {
        return;
    }
    let env = environment_of(ws, key);
    let sent = recorder.publisher().and_then(|mut p| {
        recorder.block_on(async move {
            p.sandbox_deployment(&key.repo, key.issue, &env, happened)
                .await
        })?
    });
    match sent {
        Ok(None) | Ok(Some(crate::publisher::Queued::NoToken)) => {}
        Ok(Some(q)) => ctx.out.warn(&format!(
            "tri: warning: the GitHub deployment of {key} is not up to date ({q}); `tri agent sync` sends it"
        )),
        Err(e) => ctx.out.warn(&format!(
            "tri: warning: the GitHub deployment of {key} was not updated ({e})"
        )),
    }
}

/// The status that ends a deploy's GitHub deployment: `success` with the URL that answered,
/// or `failure` with the run's log URL and the status; `None` when interrupted (the
/// deployment goes on) or when the deployment in progress was started elsewhere (that run
/// ends its GitHub deployment). Pure.
pub fn ended_status(
    ended: &crate::sandbox::lifecycle::DeployEnded,
    run_url: Option<&str>,
) -> Option<crate::github::deployments::NewStatus> {
    use crate::sandbox::lifecycle::DeployEnded;
    let (state, url, description) = match ended {
        DeployEnded::Interrupted { .. } | DeployEnded::InProgress { .. } => return None,
        DeployEnded::Succeeded {
            url, deployment_id, ..
        } => (
            "success",
            url.clone(),
            format!("Railway deployment {deployment_id} succeeded"),
        ),
        DeployEnded::Failed {
            status,
            deployment_id,
            ..
        } => (
            "failure",
            None,
            format!("Railway deployment {deployment_id} failed: {status}"),
        ),
    };
    Some(crate::github::deployments::NewStatus {
        state: state.into(),
        environment_url: url,
        log_url: run_url.map(str::to_string),
        description,
    })
}

/// The status that ends the GitHub deployment of Railway deployment `railway` whose end
/// (`ended`: `deployment_succeeded` or `deployment_failed`) an earlier deploy left
/// unrecorded and this run recorded: `success` (its health not checked) or `failure`. Pure.
pub fn late_status(
    railway: &str,
    ended: crate::event::EventType,
    run_url: Option<&str>,
) -> crate::github::deployments::NewStatus {
    let (state, description) = if ended == crate::event::EventType::DeploymentSucceeded {
        (
            "success",
            format!("Railway deployment {railway} succeeded (recorded later, health not checked)"),
        )
    } else {
        (
            "failure",
            format!("Railway deployment {railway} failed (recorded later)"),
        )
    };
    crate::github::deployments::NewStatus {
        state: state.into(),
        environment_url: None,
        log_url: run_url.map(str::to_string),
        description,
    }
}

/// The lifecycle's reporter for `deploy`: a [`report::CtxReporter`] that also keeps the
/// sandbox's GitHub deployments in step with the events it records — a deployment
/// (`in_progress`) for each Railway deployment whose `deployment_started` is recorded, when a
/// commit is known ([`deployed_ref`]); and the end of each one whose end is recorded, sent
/// once this run knows whether it is the deployment it followed (that one's status carries
/// the URL that answered, [`deploy_with_github`]) or an earlier one's end recorded late
/// ([`late_status`]): before the next start, else when the lifecycle returns.
pub struct DeployReporter<'c> {
    /// The command's reporter.
    pub inner: report::CtxReporter<'c>,
    /// The sandbox.
    pub key: Key,
    /// The commit deployed.
    pub git_ref: Option<String>,
    /// Ends recorded and not yet sent: (Railway deployment id, event).
    pub ends: Vec<(String, crate::event::EventType)>,
}

impl DeployReporter<'_> {
    /// A new GitHub deployment of Railway deployment `railway`, to be made when `key`'s
    /// sandbox has none for it; `None` without a commit.
    fn new_deployment(
        &self,
        ws: &Workspace,
        railway: &str,
    ) -> Option<crate::github::deployments::NewDeployment> {
        let env = environment_of(ws, &self.key);
        Some(crate::github::deployments::NewDeployment {
            git_ref: self.git_ref.clone()?,
            environment: env.clone(),
            description: format!(
                "tri sandbox {env} of {} (Railway deployment {railway})",
                self.key
            ),
            // Set when queued (publisher::deployments).
            key: None,
        })
    }

    /// The late ends recorded so far, as [`Happened::Ended`](crate::publisher::deployments::Happened).
    fn late_ends(&mut self, ws: &Workspace) -> Vec<crate::publisher::deployments::Happened> {
        let run = crate::github::actions_run_url(&*self.inner.ctx.env);
        std::mem::take(&mut self.ends)
            .into_iter()
            .map(
                |(railway, ev)| crate::publisher::deployments::Happened::Ended {
                    status: late_status(&railway, ev, run.as_deref()),
                    create: self.new_deployment(ws, &railway),
                    railway,
                },
            )
            .collect()
    }
}

impl crate::sandbox::lifecycle::Reporter for DeployReporter<'_> {
    fn publish(
        &mut self,
        ws: &Workspace,
        issue: u64,
        event_type: crate::event::EventType,
        message: &str,
        metrics: std::collections::BTreeMap<String, f64>,
    ) -> Result<crate::sandbox::lifecycle::Published> {
        use crate::event::EventType;
        let p = self
            .inner
            .publish(ws, issue, event_type, message, metrics)?;
        // The Railway deployment the event is about: the mapping names it before its events
        // are recorded (the lifecycle writes its id first).
        let railway = crate::farm::read(ws)
            .ok()
            .and_then(|f| f.mapping_of(&self.key))
            .and_then(|m| m.deployment_id);
        let Some(railway) = railway else {
            return Ok(p);
        };
        match event_type {
            EventType::DeploymentStarted => {
                let mut happened = self.late_ends(ws);
                let run = crate::github::actions_run_url(&*self.inner.ctx.env);
                happened.push(crate::publisher::deployments::Happened::Started {
                    create: self.new_deployment(ws, &railway),
                    status: crate::github::deployments::NewStatus {
                        state: "in_progress".into(),
                        environment_url: None,
                        log_url: run,
                        description: "Railway is deploying".into(),
                    },
                    railway,
                });
                github_deployment(self.inner.ctx, self.inner.recorder, ws, &self.key, happened);
            }
            EventType::DeploymentSucceeded | EventType::DeploymentFailed => {
                self.ends.push((railway, event_type));
            }
            _ => {}
        }
        Ok(p)
    }

    fn say(&mut self, line: &str) {
        self.inner.say(line)
    }

    fn warn(&mut self, line: &str) {
        self.inner.warn(line)
    }

    fn progress(&mut self, deployment: &str, status: Option<&crate::sandbox::DeployStatus>) {
        self.inner.progress(deployment, status)
    }

    fn secrets(&self) -> &[String] {
        self.inner.secrets()
    }
}

/// Deploys `key` with the lifecycle and keeps its GitHub deployments in step
/// ([`DeployReporter`]): the followed deployment ends `success`/`failure` here, with the URL
/// that answered; ends of earlier deployments this run recorded are sent too, whatever the
/// lifecycle returned (never fatal).
///
/// Errors: the lifecycle's.
pub fn deploy_with_github(
    ctx: &mut crate::commands::Ctx,
    recorder: &mut Recorder,
    ws: &Workspace,
    key: &Key,
    opts: crate::sandbox::lifecycle::DeployOptions,
    provider: &dyn crate::sandbox::SandboxProvider,
) -> Result<crate::sandbox::lifecycle::DeployEnded> {
    use crate::sandbox::lifecycle::DeployEnded;
    let git_ref = deployed_ref(ws, ctx);
    let mut rep = DeployReporter {
        inner: report::CtxReporter::new(ctx, recorder),
        key: key.clone(),
        git_ref,
        ends: Vec::new(),
    };
    let ended = crate::sandbox::lifecycle::deploy(ws, key, opts, provider, &mut rep);
    // The followed deployment's end carries what this run learnt (the URL that answered).
    let followed = match &ended {
        Ok(DeployEnded::Succeeded { deployment_id, .. })
        | Ok(DeployEnded::Failed { deployment_id, .. }) => Some(deployment_id.clone()),
        _ => None,
    };
    let last = match (&followed, rep.ends.last()) {
        (Some(f), Some((railway, _))) if f == railway => rep.ends.pop(),
        _ => None,
    };
    let mut happened = rep.late_ends(ws);
    if let (Some((railway, _)), Ok(e)) = (last, &ended) {
        let run = crate::github::actions_run_url(&*rep.inner.ctx.env);
        if let Some(status) = ended_status(e, run.as_deref()) {
            happened.push(crate::publisher::deployments::Happened::Ended {
                status,
                create: rep.new_deployment(ws, &railway),
                railway,
            });
        }
    }
    github_deployment(ctx, recorder, ws, key, happened);
    ended
}

/// Marks every GitHub deployment of `key`'s sandbox `inactive` once it was destroyed (never
/// fatal).
pub fn deployment_inactive(
    ctx: &mut crate::commands::Ctx,
    recorder: &Recorder,
    ws: &Workspace,
    key: &Key,
) {
    github_deployment(
        ctx,
        recorder,
        ws,
        key,
        vec![crate::publisher::deployments::Happened::Destroyed {
            status: crate::github::deployments::NewStatus {
                state: "inactive".into(),
                environment_url: None,
                log_url: None,
                description: "The sandbox was destroyed".into(),
            },
        }],
    );
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

    #[test]
    fn a_malformed_repo_setting_is_an_error_not_trinitys_entries() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join(".trinity")).unwrap();
        let n = IssueRef {
            repo: None,
            issue: 9,
        };
        for text in [r#"{"repo": "not a repo"}"#, r#"{"farm_repo": 7}"#] {
            std::fs::write(t.path().join(".trinity/config.json"), text).unwrap();
            let (ctx, _, _) = crate::commands::shared::testing::ctx(t.path(), &[]);
            let ws = ctx.workspace();
            let e = farm_key(&ws, &ctx, &n).unwrap_err();
            assert!(matches!(e, Error::Usage(_)), "{text}: {e}");
        }
        std::fs::remove_file(t.path().join(".trinity/config.json")).unwrap();
        let (ctx, _, _) = crate::commands::shared::testing::ctx(t.path(), &[]);
        let key = farm_key(&ctx.workspace(), &ctx, &n).unwrap();
        assert!(key.owns_legacy && key.repo.is_empty(), "{key:?}");
    }
}
