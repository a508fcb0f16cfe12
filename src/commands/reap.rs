//! `tri agent reap [--dry-run] [--older-than DURATION] [--json]`: lists every sandbox of
//! this repository on Railway (every farm account with credentials), asks GitHub each
//! issue's state, and destroys the sandboxes whose issue is closed or gone —
//! and, with `--older-than`, those whose issue has had no event for that long — recording
//! `sandbox_destroyed` on each issue with the reason. Another repository's services, and
//! services tri does not recognise, are listed as skipped and never touched. Nothing is
//! destroyed on a guess: a 404 means "gone" only once GitHub shows this token the
//! repository itself (a token that cannot read it stops reap with exit 4, as a refused one
//! does), and an open issue whose comments cannot be read is kept. The decision is
//! [`crate::sandbox::reap`]'s; destroying is the lifecycle's ([`lifecycle::destroy`]).
//!
//! The repository reaped is the linked one, else as `link` finds it (`GH_REPO`,
//! `GITHUB_REPOSITORY`, config, git remotes). Recording needs a link to it (events go to the
//! linked repository's issues): an unlinked checkout (a scheduled workflow's fresh one) is
//! linked to the first issue whose sandbox is destroyed, as `on-issue-event` links to the
//! event's issue.

use super::shared::{self, CtxReporter};
use super::Ctx;
use crate::error::{Error, Result, EXIT_ERROR, EXIT_OK};
use crate::farm::Key;
use crate::publisher::{Publisher, Queued};
use crate::recorder::Recorder;
use crate::sandbox::lifecycle::{self, Destroyed};
use crate::sandbox::reap::{
    decide, quiet_since, recognise, refusal, settle, IssueState, Recognised, RepoAccess, Verdict,
};
use crate::sandbox::{RemoteService, SandboxProvider};
use chrono::{DateTime, Utc};
use clap::Args;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// `tri agent reap`.
#[derive(Debug, Args, Default)]
pub struct ReapArgs {
    /// List what would be destroyed and why; change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Also destroy the sandboxes of open issues with no event on the issue for this long
    /// (e.g. 7d, 36h).
    #[arg(long, value_name = "DURATION", value_parser = crate::value::parse_duration)]
    pub older_than: Option<Duration>,
}

/// One row of the table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    /// The farm account whose project holds the service.
    pub account_id: u32,
    /// The service id.
    pub service_id: String,
    /// Its name.
    pub service_name: String,
    /// The issue it is for, when tri recognises it as this repository's.
    pub issue: Option<u64>,
    /// `kept`, `destroyed`, `would destroy`, `skipped`.
    pub action: String,
    /// Why.
    pub reason: String,
}

/// Runs `reap` against Railway.
pub fn run(args: &ReapArgs, ctx: &mut Ctx) -> Result<i32> {
    let provider = ctx.clients.railway(&*ctx.env)?;
    run_with(args, ctx, &*provider)
}

/// Runs `reap` against `provider`: exit 0 when every decision was carried out; 1 when a
/// sandbox to destroy could not be (the others were destroyed and recorded; the table says
/// which); 4, destroying nothing, without Railway credentials or a GitHub token, or when
/// GitHub refuses the token or answers 404 for the repository itself (a token that cannot
/// read it gets 404 for every issue, which would read as "every issue is gone").
pub fn run_with(args: &ReapArgs, ctx: &mut Ctx, provider: &dyn SandboxProvider) -> Result<i32> {
    let ws = ctx.workspace();
    // Settings and credentials first: every setting recording needs, checked now.
    let mut recorder = super::shared::sandbox::recorder(ctx, &ws)?;
    let linked = crate::workspace::link::of(&ws)?;
    let repo = match &linked {
        Some(l) => l.repo.clone(),
        None => shared::resolve_repo(&ws, ctx, None)?.0,
    };
    let configured = shared::sandbox::configured_farm_repo_in(&ctx.config(&ws)?, ctx)?;
    if recorder.settings().token.is_none() {
        return Err(Error::Auth(
            "reap asks GitHub each issue's state; set GH_TOKEN (or GITHUB_TOKEN)".into(),
        ));
    }
    let accounts = provider.accounts_with_credentials();
    if accounts.is_empty() {
        return Err(lifecycle::no_credentials());
    }
    // Whether this token can read the repository at all, before anything else is asked.
    let access = repo_access(&recorder, &repo)?;
    if let Some(why) = refusal(&repo, &access) {
        return Err(Error::Auth(why));
    }
    // Railway: every sandbox-looking service of every account. trinity's bare `agent-<N>`
    // is this repository's only when it is the farm repository set explicitly.
    let owns_bare = crate::farm::owns_bare(&repo, configured.as_deref());
    let (ours, mut rows) = list_sandboxes(provider, &accounts, &repo, owns_bare)?;

    // GitHub: each issue once. Everything is read before anything is destroyed.
    let issues: BTreeSet<u64> = ours.iter().map(|(_, i)| *i).collect();
    let states = if issues.is_empty() {
        BTreeMap::new()
    } else {
        ws.create()?;
        read_issues(
            &recorder,
            &repo,
            &issues,
            args.older_than.is_some(),
            &access,
        )?
    };

    let (acted, failed) = act(args, ctx, &mut recorder, provider, &repo, ours, &states)?;
    rows.extend(acted);
    rows.sort_by(|a, b| (a.issue, &a.service_id).cmp(&(b.issue, &b.service_id)));
    print(ctx, args, &repo, &rows);
    Ok(if failed { EXIT_ERROR } else { EXIT_OK })
}

/// The services recognised as this repository's, each with its issue.
type Ours = Vec<(RemoteService, u64)>;

/// An issue's state ([`settle`]d) and, for `--older-than`, its latest trusted tri event
/// (`Ok(None)`: none; `Err(why)`: its comments could not be read).
type IssueRead = (
    IssueState,
    std::result::Result<Option<DateTime<Utc>>, String>,
);

/// Asks GitHub whether this token can read `repo` (`GET /repos/{owner}/{repo}`).
///
/// Errors: only when no GitHub client can be built; GitHub's answers are a [`RepoAccess`].
fn repo_access(recorder: &Recorder, repo: &str) -> Result<RepoAccess> {
    let mut p = recorder.publisher()?;
    Ok(
        match recorder.block_on(async { p.read_repo_readable(repo).await })?? {
            Ok(true) => RepoAccess::Readable,
            Ok(false) => RepoAccess::NotReadable,
            Err(Queued::Auth(m)) => RepoAccess::Refused(m),
            Err(q) => RepoAccess::Unknown(q.to_string()),
        },
    )
}

/// The error that stops reap, destroying nothing, when GitHub refuses the token (`why`).
fn refused(repo: &str, why: String) -> Error {
    Error::Auth(refusal(repo, &RepoAccess::Refused(why)).unwrap_or_default())
}

/// Every sandbox-looking service of `accounts`: those [`recognise`]d as `repo`'s, with their
/// issue, and a `skipped` row for each that is not (services that are no sandbox at all are
/// not listed). `owns_bare`: `repo` is the configured farm repository.
///
/// Errors: the provider's (nothing is decided on a partial view).
fn list_sandboxes(
    provider: &dyn SandboxProvider,
    accounts: &[u32],
    repo: &str,
    owns_bare: bool,
) -> Result<(Ours, Vec<Row>)> {
    let mut ours = Vec::new();
    let mut rows = Vec::new();
    for &account in accounts {
        for (s, vars) in
            lifecycle::services_with_vars(provider, account, |s| s.name.starts_with("agent-"))?
        {
            match recognise(&s.name, &vars, repo, owns_bare) {
                Recognised::Ours(issue) => ours.push((s, issue)),
                Recognised::NotOurs(why) => rows.push(Row {
                    account_id: s.account_id,
                    service_id: s.id,
                    service_name: s.name,
                    issue: None,
                    action: "skipped".into(),
                    reason: why,
                }),
                Recognised::Unrelated => {}
            }
        }
    }
    Ok((ours, rows))
}

/// Each issue's state, settled against `access` ([`settle`]: a 404 means gone only for a
/// readable repository), and with `older` its latest trusted event.
///
/// Errors: [`Error::Auth`] when GitHub refuses the token (nothing has been destroyed yet);
/// when no client can be built.
fn read_issues(
    recorder: &Recorder,
    repo: &str,
    issues: &BTreeSet<u64>,
    older: bool,
    access: &RepoAccess,
) -> Result<BTreeMap<u64, IssueRead>> {
    let mut p = recorder.publisher()?;
    recorder.block_on(async {
        let mut out = BTreeMap::new();
        for &issue in issues {
            let state = match p.read_issue_state(repo, issue).await? {
                Ok(Some(s)) if s == "open" => IssueState::Open,
                Ok(Some(_)) => IssueState::Closed,
                Ok(None) => IssueState::Gone,
                Err(Queued::Auth(m)) => return Err(refused(repo, m)),
                Err(q) => IssueState::Unknown(q.to_string()),
            };
            let state = settle(state, access);
            let last = if older && state == IssueState::Open {
                last_event(&mut p, repo, issue).await?
            } else {
                Ok(None)
            };
            out.insert(issue, (state, last));
        }
        Ok(out)
    })?
}

/// The issue's latest event: the newest of tri's own comments — opening with a marker and
/// written by an author allowed to write the journal ([`crate::trust::Journal::is_tris`]), so
/// neither a stranger's copied marker nor a member's reply quoting one counts as an event. `Ok(None)`: the comments hold none; `Err(why)`: they could not be
/// read (then how long the issue has been quiet is unknown, and the sandbox is kept).
///
/// Errors: [`Error::Auth`] when GitHub refuses the token; when no client can be built.
async fn last_event(
    p: &mut Publisher<'_>,
    repo: &str,
    issue: u64,
) -> Result<std::result::Result<Option<DateTime<Utc>>, String>> {
    let comments = match p.read_comments(repo, issue, None).await? {
        Ok(c) => c,
        Err(Queued::Auth(m)) => return Err(refused(repo, m)),
        Err(q) => return Ok(Err(q.to_string())),
    };
    let journal = p.journal_trust(&comments).await?;
    Ok(Ok(comments
        .iter()
        .filter(|c| {
            journal.is_tris(c)
                && c.body
                    .as_deref()
                    .and_then(crate::event::marker::parse)
                    .is_some()
        })
        .filter_map(|c| c.created_at)
        .max()))
}

/// Decides each of `ours` from `states` and carries it out (unless `--dry-run`). Returns a
/// row each, and whether a sandbox to destroy could not be.
///
/// Errors: none of its own; a failed destroy is a row, not an error.
fn act(
    args: &ReapArgs,
    ctx: &mut Ctx,
    recorder: &mut Recorder,
    provider: &dyn SandboxProvider,
    repo: &str,
    ours: Ours,
    states: &BTreeMap<u64, IssueRead>,
) -> Result<(Vec<Row>, bool)> {
    let now = Utc::now();
    let mut rows = Vec::new();
    let mut failed = false;
    let mut done_issues = BTreeSet::new();
    for (s, issue) in ours {
        let (state, last) = states
            .get(&issue)
            .cloned()
            .unwrap_or((IssueState::Unknown("not asked".into()), Ok(None)));
        let idle = quiet_since(last, &s.created_at).and_then(|t| {
            (now - t)
                .to_std()
                .map_err(|_| format!("its latest time, {t}, is in the future"))
        });
        let verdict = decide(&state, idle, args.older_than);
        let mut row = Row {
            account_id: s.account_id,
            service_id: s.id.clone(),
            service_name: s.name.clone(),
            issue: Some(issue),
            action: verdict.action(args.dry_run).into(),
            reason: verdict.reason().to_string(),
        };
        if let (Verdict::Destroy(reason), false) = (&verdict, args.dry_run) {
            if done_issues.contains(&issue) {
                // The issue's destroy also deleted its duplicates.
                row.reason = format!("{reason}; deleted with the issue's sandbox");
            } else {
                let destroyed = shared::sandbox::key_of(&ctx.workspace(), ctx, repo, issue)
                    .and_then(|key| destroy_one(ctx, recorder, &key, provider, reason));
                match destroyed {
                    Ok(()) => {
                        done_issues.insert(issue);
                    }
                    Err(e) => {
                        failed = true;
                        row.action = "skipped".into();
                        row.reason = format!("{reason}, but it could not be destroyed: {e}");
                    }
                }
            }
        }
        rows.push(row);
    }
    Ok((rows, failed))
}

/// Prints the table (or "nothing to reap") and the JSON result.
fn print(ctx: &mut Ctx, args: &ReapArgs, repo: &str, rows: &[Row]) {
    if rows.is_empty() {
        ctx.out.line(&format!(
            "No sandbox of {repo} on Railway; nothing to reap."
        ));
    }
    for r in rows {
        ctx.out.line(&format!(
            "{:<14} {:<10} account {} {:<32} {}",
            r.action,
            r.issue
                .map(|i| format!("#{i}"))
                .unwrap_or_else(|| "-".into()),
            r.account_id,
            format!("{} ({})", r.service_name, r.service_id),
            r.reason
        ));
    }
    ctx.out
        .result(&json!({"repo": repo, "dry_run": args.dry_run,
        "older_than_s": args.older_than.map(|d| d.as_secs()), "services": rows}));
}

/// Destroys `key`'s sandbox through the lifecycle (logs archived, `sandbox_destroyed`
/// recorded on the issue, with `reason` in a line before it). Links an unlinked checkout
/// to `key`'s issue first.
///
/// Errors: [`Error::Usage`] when the checkout is linked to another repository; the
/// lifecycle's.
fn destroy_one(
    ctx: &mut Ctx,
    recorder: &mut Recorder,
    key: &Key,
    provider: &dyn SandboxProvider,
    reason: &str,
) -> Result<()> {
    let ws = ctx.workspace();
    shared::sandbox::ensure_linked(ctx, key.issue, &key.repo)?;
    shared::sandbox::check_recordable(&ws, key)?;
    ctx.out
        .line(&format!("Reaping the sandbox of {key}: {reason}"));
    let mut rep = ReapReporter {
        inner: CtxReporter::new(ctx, recorder),
        reason,
    };
    match lifecycle::destroy(&ws, key, provider, &mut rep)? {
        Destroyed::Nothing => {}
        Destroyed::Done { .. } => shared::sandbox::deployment_inactive(ctx, recorder, &ws, key),
    }
    Ok(())
}

/// The command's reporter, adding reap's reason to the `sandbox_destroyed` it records.
struct ReapReporter<'a, 'c> {
    inner: CtxReporter<'c>,
    reason: &'a str,
}

impl lifecycle::Reporter for ReapReporter<'_, '_> {
    fn publish(
        &mut self,
        ws: &crate::workspace::Workspace,
        issue: u64,
        event_type: crate::event::EventType,
        message: &str,
        metrics: BTreeMap<String, f64>,
    ) -> Result<lifecycle::Published> {
        let message = format!("{message} Reaped by `tri agent reap`: {}.", self.reason);
        self.inner.publish(ws, issue, event_type, &message, metrics)
    }

    fn say(&mut self, line: &str) {
        self.inner.say(line)
    }

    fn warn(&mut self, line: &str) {
        self.inner.warn(line)
    }

    fn secrets(&self) -> &[String] {
        self.inner.secrets()
    }
}
