//! `tri agent on-issue-event`: the CI hook. Reads the GitHub Actions `issues` event payload
//! from the file named by `GITHUB_EVENT_PATH` (GitHub docs, "Events that trigger
//! workflows": `issues`, with `action` and `issue.number`):
//! - `opened`, `reopened`: create the issue's sandbox (if it has none) and deploy it;
//! - `closed`, `deleted`: destroy it;
//! - any other action: nothing (exit 0).
//!
//! The sandbox is the payload repository's issue: `repository.full_name`, else
//! `GITHUB_REPOSITORY` — never only the checkout's. A workspace with no link is linked to
//! the event's issue first, so a fresh CI checkout works; one linked to another repository
//! refuses (its events would be recorded there). With no mapping here, the sandbox is found
//! on Railway ([`lifecycle::find_or_adopt`]), so any runner can create, deploy or destroy it.
//!
//! Only a trusted opener starts a sandbox ([`starters`]): the setting
//! `sandbox_starters` is read first, and an untrusted opener gets one log line, no sandbox
//! and exit 0. Then GitHub is asked whether the issue is still open
//! ([`starters::ask_issue_state`]): an `opened` or `reopened` delivered after the issue was
//! closed (or deleted) gets one log line, no sandbox and exit 0; when GitHub cannot say, a
//! warning, and the event is taken at its word. Closing and deleting always destroy.

use super::shared::{created_doc, deployed_doc, destroyed_doc, CtxReporter};
use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::sandbox::lifecycle::{self, CreateOptions};
use crate::sandbox::starters::{self, IssueNow, Starters, Verdict};
use crate::sandbox::SandboxProvider;
use clap::Args;
use serde_json::{json, Value};

/// `tri agent on-issue-event`.
#[derive(Debug, Args)]
pub struct OnIssueEventArgs {
    /// How long `deploy` follows the deployment: seconds, or with a unit (90s, 15m, 1h).
    #[arg(long, value_name = "DURATION", default_value = lifecycle::DEFAULT_TIMEOUT, value_parser = crate::value::parse_duration)]
    pub timeout: std::time::Duration,
}

/// What tri does for an `issues` action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    /// Create (if missing) and deploy.
    CreateAndDeploy,
    /// Destroy.
    Destroy,
    /// Nothing.
    Ignore,
}

/// The reaction to an `issues` event `action`. Pure.
pub fn reaction(action: &str) -> Reaction {
    match action {
        "opened" | "reopened" => Reaction::CreateAndDeploy,
        "closed" | "deleted" => Reaction::Destroy,
        _ => Reaction::Ignore,
    }
}

/// The parts of an `issues` payload tri uses: (action, issue number, repository full name).
///
/// Errors: [`Error::Usage`] when the payload has no `action` or `issue.number`.
pub fn parse_payload(v: &Value) -> Result<(String, u64, Option<String>)> {
    let action = v.get("action").and_then(Value::as_str).ok_or_else(|| {
        Error::Usage("the event payload has no `action`; is this an `issues` event?".into())
    })?;
    let issue = v
        .pointer("/issue/number")
        .and_then(Value::as_u64)
        .ok_or_else(|| Error::Usage("the event payload has no `issue.number`; run on-issue-event only from `on: issues`".into()))?;
    let repo = v
        .pointer("/repository/full_name")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok((action.to_string(), issue, repo))
}

/// Runs `tri agent on-issue-event` against Railway.
pub fn run(args: &OnIssueEventArgs, ctx: &mut Ctx) -> Result<i32> {
    let provider = ctx.clients.railway(&*ctx.env)?;
    run_with(args, ctx, &*provider)
}

/// Runs `tri agent on-issue-event` against `provider`.
pub fn run_with(
    args: &OnIssueEventArgs,
    ctx: &mut Ctx,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    if let Some(name) = (ctx.env)("GITHUB_EVENT_NAME") {
        if name != "issues" {
            ctx.out.line(&format!(
                "The event is `{name}`, not `issues`; nothing to do."
            ));
            ctx.out
                .result(&json!({"event": name, "reaction": "ignore"}));
            return Ok(EXIT_OK);
        }
    }
    let v = read_payload(ctx)?;
    let (action, issue, repo) = parse_payload(&v)?;
    let p = reaction(&action);
    let repo = repo
        .or_else(|| (ctx.env)("GITHUB_REPOSITORY"))
        .ok_or_else(|| {
            Error::Usage("the event names no repository and GITHUB_REPOSITORY is not set".into())
        })?;
    let repo = crate::github::repo::parse_repo(&repo)?;
    // Every setting the create, deploy or destroy needs is read and checked before the
    // opener is judged, GitHub or Railway is asked anything, or the workspace is linked.
    let ws = ctx.workspace();
    let mut recorder = super::shared::sandbox::recorder(ctx, &ws)?;
    let who = Starters::from_config(recorder.config(), &*ctx.env)?;
    // The deploy's settings are read and checked before GitHub is asked about the opener.
    let mut opts = deploy_settings(ctx, &recorder, args, p)?;
    if p == Reaction::CreateAndDeploy {
        if let Some((reaction, why)) = why_not_start(ctx, &recorder, who, &v, &repo, issue)? {
            ctx.out.line(&format!(
                "Issue {repo}#{issue} was {action}: no sandbox: {why}"
            ));
            ctx.out
                .result(&json!({"issue": issue, "repo": repo, "action": action,
                "reaction": reaction, "reason": why}));
            return Ok(EXIT_OK);
        }
    }
    ctx.out
        .line(&format!("Issue {repo}#{issue} was {action}: {p:?}"));
    if p == Reaction::Ignore {
        ctx.out
            .result(&json!({"issue": issue, "repo": repo, "action": action,
            "reaction": "ignore"}));
        return Ok(EXIT_OK);
    }
    if let Some(opts) = opts.as_mut() {
        // An open crash-loop breaker refuses before the workspace is linked or Railway is
        // asked anything.
        breaker_first(ctx, &recorder, &ws, &repo, issue, opts)?;
    }
    super::shared::sandbox::ensure_linked(ctx, issue, &repo)?;
    let key = super::shared::sandbox::key_of(&ws, ctx, &repo, issue)?;
    super::shared::sandbox::check_recordable(&ws, &key)?;
    let farm = crate::farm::read(&ws)?;
    super::shared::warn_farm(ctx, &farm);
    let key = &key;
    let (code, doc) = match (p, opts) {
        (Reaction::CreateAndDeploy, Some(opts)) => {
            create_and_deploy(ctx, &mut recorder, &ws, key, opts, provider)?
        }
        _ => {
            let done = lifecycle::destroy(
                &ws,
                key,
                provider,
                &mut CtxReporter::new(ctx, &mut recorder),
            )?;
            if let lifecycle::Destroyed::Done { .. } = &done {
                super::shared::sandbox::deployment_inactive(ctx, &recorder, &ws, key);
            }
            let (code, doc) = destroyed_doc(ctx, key, &done);
            (code, json!({"reaction": "destroy", "destroy": doc}))
        }
    };
    let mut out = json!({"issue": key.issue, "repo": key.repo, "action": action});
    if let (Some(o), Value::Object(rest)) = (out.as_object_mut(), doc) {
        o.extend(rest);
    }
    ctx.out.result(&out);
    Ok(code)
}

/// The event payload, from the file `GITHUB_EVENT_PATH` names.
///
/// Errors: [`Error::Usage`] when the variable is not set; [`Error::Io`] when the file
/// cannot be read; [`Error::Corrupt`] when it is not JSON.
fn read_payload(ctx: &Ctx) -> Result<Value> {
    let path = (ctx.env)("GITHUB_EVENT_PATH").ok_or_else(|| {
        Error::Usage("GITHUB_EVENT_PATH is not set; run on-issue-event inside a GitHub Actions job triggered by `on: issues`".into())
    })?;
    let path = ctx.cwd.join(path);
    let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| Error::Corrupt {
        path: path.clone(),
        detail: e.to_string(),
        hint: "GITHUB_EVENT_PATH must name the event payload GitHub Actions wrote".into(),
    })
}

/// The deploy's options for reaction `p` (`None` unless it deploys), every setting read and
/// checked ([`super::shared::sandbox::deploy_options`]).
///
/// Errors: [`Error::Usage`] for a malformed or out-of-range setting.
fn deploy_settings(
    ctx: &Ctx,
    recorder: &crate::recorder::Recorder,
    args: &OnIssueEventArgs,
    p: Reaction,
) -> Result<Option<lifecycle::DeployOptions>> {
    if p != Reaction::CreateAndDeploy {
        return Ok(None);
    }
    let health_timeout = crate::value::parse_duration(crate::sandbox::health::DEFAULT_TIMEOUT)
        .map_err(Error::Usage)?;
    super::shared::sandbox::deploy_options(ctx, recorder, args.timeout, false, None, health_timeout)
        .map(Some)
}

/// The crash-loop breaker of `repo#issue` before anything is written or Railway is asked:
/// the issue's events read into `opts` (used again by the deploy) and counted with this
/// checkout's journal.
///
/// Errors: [`Error::BreakerOpen`] when it is open (exit 6); the read's and the journal's.
fn breaker_first(
    ctx: &mut Ctx,
    recorder: &crate::recorder::Recorder,
    ws: &crate::workspace::Workspace,
    repo: &str,
    issue: u64,
    opts: &mut lifecycle::DeployOptions,
) -> Result<()> {
    let at = crate::farm::Key::new(repo, issue, None);
    super::shared::sandbox::read_breaker_events(ctx, recorder, ws, &at, opts)?;
    lifecycle::check_breaker(ws, &at, opts)
}

/// Why no sandbox is started for the `opened`/`reopened` payload `v` of `repo#issue`, as
/// `(reaction, reason)`: `refused` when the opener may not start one ([`starters::decide`],
/// the setting `who`), `not_open` when GitHub says the issue is closed or gone by now
/// (events come late or out of order, [`starters::ask_issue_state`]; when GitHub cannot
/// say, a warning and `None`). `None`: start it.
///
/// Errors: as [`starters::ask_github`]; [`starters::ask_issue_state`]'s.
fn why_not_start(
    ctx: &mut Ctx,
    recorder: &crate::recorder::Recorder,
    who: Starters,
    v: &Value,
    repo: &str,
    issue: u64,
) -> Result<Option<(&'static str, String)>> {
    let verdict = starters::decide(who, v, |login| starters::ask_github(recorder, repo, login))?;
    if let Verdict::Refused(why) = verdict {
        return Ok(Some(("refused", why)));
    }
    let now = starters::ask_issue_state(recorder, repo, issue)?;
    if let IssueNow::Unknown(why) = &now {
        ctx.out.warn(&format!(
            "tri: warning: could not ask GitHub whether {repo}#{issue} is still open ({why}); going by the event"
        ));
    }
    Ok(starters::not_open_now(&now).map(|why| ("not_open", why)))
}

/// Creates `key`'s sandbox (if missing, here or on Railway) and deploys it; returns the exit
/// code and the document's `reaction`, `create` and `deploy`.
///
/// Errors: create's and deploy's.
fn create_and_deploy(
    ctx: &mut Ctx,
    recorder: &mut crate::recorder::Recorder,
    ws: &crate::workspace::Workspace,
    key: &crate::farm::Key,
    opts: lifecycle::DeployOptions,
    provider: &dyn SandboxProvider,
) -> Result<(i32, Value)> {
    let created = lifecycle::create(
        ws,
        key,
        &CreateOptions::default(),
        provider,
        &mut CtxReporter::new(ctx, recorder),
    )?;
    // Created (or found): deploy, whatever became of the `sandbox_created` comment (a
    // refused token leaves it queued, and is a warning).
    let (_, create_doc) = created_doc(ctx, key, created);
    let ended = super::shared::sandbox::deploy_with_github(ctx, recorder, ws, key, opts, provider)?;
    let (code, deploy_doc) = deployed_doc(ctx, key, &ended);
    Ok((
        code,
        json!({"reaction": "create_and_deploy", "create": create_doc, "deploy": deploy_doc}),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn actions_map_to_reactions() {
        assert_eq!(reaction("opened"), Reaction::CreateAndDeploy);
        assert_eq!(reaction("reopened"), Reaction::CreateAndDeploy);
        assert_eq!(reaction("closed"), Reaction::Destroy);
        assert_eq!(reaction("deleted"), Reaction::Destroy);
        assert_eq!(reaction("labeled"), Reaction::Ignore);
    }

    #[test]
    fn payload() {
        let v = json!({"action":"opened","issue":{"number":42},"repository":{"full_name":"o/r"}});
        assert_eq!(
            parse_payload(&v).unwrap(),
            ("opened".into(), 42, Some("o/r".into()))
        );
        assert!(parse_payload(&json!({"action":"opened"})).is_err());
    }

    #[test]
    fn opened_deploys_even_when_github_refused_the_sandbox_created_comment() {
        use crate::commands::shared::testing;
        let rt = tokio::runtime::Runtime::new().unwrap();
        let gh = rt.block_on(testing::github_refusing());
        let t = tempfile::tempdir().unwrap();
        let payload = t.path().join("event.json");
        std::fs::write(
            &payload,
            // Opened by the repository's owner: a trusted opener (sandbox::starters).
            json!({"action": "opened",
                   "issue": {"number": 42, "user": {"login": "octo"}, "author_association": "OWNER"},
                   "sender": {"login": "octo"},
                   "repository": {"full_name": "o/r"}})
            .to_string(),
        )
        .unwrap();
        let path = payload.to_string_lossy().into_owned();
        let (mut ctx, out, err) = testing::ctx(
            t.path(),
            &[("GH_TOKEN", "ghp_test"), ("GITHUB_EVENT_PATH", &path)],
        );
        ctx.clients = testing::github_at(&gh.uri());
        let fake = crate::sandbox::fake::FakeProvider::default();
        let args = OnIssueEventArgs {
            timeout: std::time::Duration::from_secs(30),
        };
        assert_eq!(
            run_with(&args, &mut ctx, &fake).unwrap(),
            EXIT_OK,
            "{}",
            err.text()
        );
        let doc: Value = serde_json::from_str(&out.text()).unwrap();
        assert_eq!(doc["create"]["created"], true, "{doc}");
        assert_eq!(doc["create"]["event"]["state"], "queued", "{doc}");
        assert_eq!(doc["deploy"]["result"], "succeeded", "{doc}");
        assert!(err.text().contains("warning"), "{}", err.text());
    }
}
