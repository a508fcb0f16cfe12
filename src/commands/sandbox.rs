//! `tri agent sandbox create | deploy | status | logs | destroy [--issue N]`: drive the
//! issue's Railway service through its lifecycle ([`crate::sandbox::machine`]), keep the farm
//! file ([`crate::farm`]) in step, and publish each lifecycle event to the issue through
//! the same recorder and publisher as `tri agent step`.
//!
//! The provider is injected: [`run`] uses Railway ([`RailwayProvider`]); tests call
//! [`run_with`] with [`crate::sandbox::fake::FakeProvider`].
//!
//! Consistency: every farm-file change happens under the workspace lock and is atomic; the
//! lock is never held across a network call. Before `deploy` follows a deployment, the
//! farm file already holds its id and `sandbox_state: deploying`, so Ctrl-C (or a kill)
//! leaves a mapping that says what is known; `status` then asks Railway where it is, and
//! the next `deploy` settles it first.

use super::shared::describe_outcome;
use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Error, Result, EXIT_AUTH, EXIT_ERROR, EXIT_OK};
use crate::event::EventType;
use crate::farm::{self, Farm, Mapping};
use crate::journal::{self, NewEvent};
use crate::publisher::{redact, Outcome, Queued};
use crate::sandbox::machine::{self, State};
use crate::sandbox::railway::RailwayProvider;
use crate::sandbox::{CreateRequest, DeployStatus, LogKind, LogLine, SandboxProvider};
use crate::workspace::{link, Workspace};
use clap::{Args, Subcommand};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

/// Default `--timeout` of `deploy`: 15 minutes.
pub const DEFAULT_TIMEOUT: &str = "15m";
/// Default pause between status polls, ms (`TRI_SANDBOX_POLL_MS`).
pub const DEFAULT_POLL_MS: u64 = 3_000;
/// Log lines of each kind quoted in a deployment_failed event.
pub const FAILED_TAIL_LINES: u32 = 30;
/// Log lines of each kind saved by `destroy`.
pub const ARCHIVE_LINES: u32 = 5_000;
/// Exit code after Ctrl-C (128 + SIGINT), as shells report it.
pub const EXIT_INTERRUPTED: i32 = 130;

/// `tri agent sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// The issue whose sandbox to act on (default: the linked issue).
    #[arg(long, global = true, value_parser = crate::value::parse_issue, value_name = "N")]
    pub issue: Option<u64>,

    /// The sandbox command.
    #[command(subcommand)]
    pub command: SandboxCommand,
}

/// `tri agent sandbox` subcommands.
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Create the issue's Railway service `agent-<issue>` on the farm account with the most room.
    Create(CreateArgs),
    /// Deploy the issue's service and follow the deployment until it ends.
    Deploy(DeployArgs),
    /// Show what is known of the issue's sandbox (locally and on Railway).
    Status,
    /// Print the latest deployment's logs.
    Logs(LogsArgs),
    /// Save the logs under `.trinity/archive/<issue>/`, then delete the service.
    Destroy,
}

/// `tri agent sandbox create`.
#[derive(Debug, Args, Default)]
pub struct CreateArgs {
    /// Use this farm account (1..8) instead of choosing one.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=8))]
    pub account_id: Option<u32>,
    /// A container image for the service to run, e.g. ghcr.io/owner/app:tag.
    #[arg(long, value_name = "IMAGE", conflicts_with = "source_repo")]
    pub image: Option<String>,
    /// A GitHub repository OWNER/NAME for Railway to build.
    #[arg(long, value_name = "OWNER/NAME")]
    pub source_repo: Option<String>,
    /// The branch of --source-repo to build.
    #[arg(long, value_name = "BRANCH", requires = "source_repo")]
    pub branch: Option<String>,
}

/// `tri agent sandbox deploy`.
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// Stop following after this long and report a failure: seconds, or with a unit
    /// (90s, 15m, 1h).
    #[arg(long, value_name = "DURATION", default_value = DEFAULT_TIMEOUT, value_parser = parse_duration)]
    pub timeout: Duration,
}

impl Default for DeployArgs {
    fn default() -> Self {
        DeployArgs {
            timeout: parse_duration(DEFAULT_TIMEOUT).expect("valid default"),
        }
    }
}

/// `tri agent sandbox logs`.
#[derive(Debug, Args, Default)]
pub struct LogsArgs {
    /// Print the build logs instead of the deployment's logs.
    #[arg(long)]
    pub build: bool,
    /// How many of the latest lines to print.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 200)]
    pub lines: u32,
}

/// Parses a duration: `900` (seconds), `90s`, `15m`, `1h`. Must be above zero.
pub fn parse_duration(s: &str) -> std::result::Result<Duration, String> {
    let t = s.trim();
    let (num, unit) = match t.find(|c: char| !c.is_ascii_digit() && c != '.') {
        Some(i) => t.split_at(i),
        None => (t, "s"),
    };
    let x: f64 = num
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite() && *x > 0.0)
        .ok_or_else(|| format!("`{s}` is not a duration; use e.g. 90s, 15m or 1h"))?;
    let scale = match unit.trim() {
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        "ms" => 0.001,
        _ => return Err(format!("`{s}`: unknown unit; use s, m or h")),
    };
    Ok(Duration::from_secs_f64(x * scale))
}

/// Runs `tri agent sandbox` against Railway.
pub fn run(args: &SandboxArgs, ctx: &mut Ctx) -> Result<i32> {
    let provider = RailwayProvider::from_env(&*ctx.env)?;
    run_with(args, ctx, &provider)
}

/// Runs `tri agent sandbox` against `provider`.
pub fn run_with(args: &SandboxArgs, ctx: &mut Ctx, provider: &dyn SandboxProvider) -> Result<i32> {
    let ws = ctx.workspace();
    let issue = resolve_issue(&ws, args.issue)?;
    // Commands that change the sandbox publish events, which need the link: check it
    // before Railway is asked to do anything.
    if !matches!(
        args.command,
        SandboxCommand::Status | SandboxCommand::Logs(_)
    ) && link::read(&ws.link_file())?.is_none()
    {
        return Err(Error::NotLinked);
    }
    match &args.command {
        SandboxCommand::Create(a) => create(&ws, issue, a, ctx, provider),
        SandboxCommand::Deploy(a) => deploy(&ws, issue, a, ctx, provider),
        SandboxCommand::Status => status(&ws, issue, ctx, provider),
        SandboxCommand::Logs(a) => logs(&ws, issue, a, ctx, provider),
        SandboxCommand::Destroy => destroy(&ws, issue, ctx, provider),
    }
}

/// The issue to act on: `--issue`, else the linked one.
///
/// Errors: [`Error::NotLinked`] with neither; [`Error::Corrupt`] for an unreadable link.
pub fn resolve_issue(ws: &Workspace, issue: Option<u64>) -> Result<u64> {
    if let Some(i) = issue {
        return Ok(i);
    }
    link::read(&ws.link_file())?
        .map(|l| l.issue)
        .ok_or(Error::NotLinked)
}

fn mapping_state(m: Option<&Mapping>) -> State {
    match m {
        None => State::None,
        Some(m) => machine::state_of(
            m.sandbox_state.as_deref(),
            m.status.as_deref(),
            m.railway_service_id.is_some(),
            m.deployment_id.is_some(),
        ),
    }
}

fn warn_farm(ctx: &mut Ctx, farm: &Farm) {
    for w in farm.warnings() {
        ctx.out
            .warn(&format!("tri: warning: {} {w}", "railway_farm.json:"));
    }
}

fn now_s() -> i64 {
    chrono::Utc::now().timestamp()
}

fn poll_ms(ctx: &Ctx) -> Result<u64> {
    match (ctx.env)("TRI_SANDBOX_POLL_MS") {
        None => Ok(DEFAULT_POLL_MS),
        Some(v) => v.trim().parse().map_err(|_| {
            Error::Usage(format!(
                "TRI_SANDBOX_POLL_MS=`{v}` is not a whole number of ms"
            ))
        }),
    }
}

/// Applies `event` to the state of `issue`'s entry and writes `set` into it, under the lock.
/// Returns the new state.
fn transition(
    ws: &Workspace,
    issue: u64,
    event: machine::Event,
    set: impl FnOnce(&mut Farm, usize),
) -> Result<State> {
    farm::update(ws, |f| {
        let from = mapping_state(f.get_mapping(issue).as_ref());
        let (_, to) = machine::next(from, event).map_err(|e| Error::Usage(e.to_string()))?;
        let i = f.entry_index(issue).unwrap_or_else(|| f.push_entry(issue));
        set(f, i);
        let e = &mut f.agent_map[i];
        e.sandbox_state = Some(to.as_str().to_string());
        e.updated_at = Some(farm::now_rfc3339());
        Ok(to)
    })
}

/// A published sandbox event: what it was and where it went.
struct Published {
    outcome: Outcome,
    experience_file: String,
    event_id: String,
}

/// Records `event_type` with `message` for `issue`, remembers its experience file in the
/// mapping, and publishes it.
fn publish_event(
    ws: &Workspace,
    ctx: &mut Ctx,
    issue: u64,
    event_type: EventType,
    message: &str,
    metrics: BTreeMap<String, f64>,
) -> Result<Published> {
    let publish = ctx.publish_settings()?;
    let rec = journal::record(
        ws,
        NewEvent {
            event_type,
            issue: Some(issue),
            message: message.to_string(),
            metrics,
        },
        &ctx.record_settings(ws, false)?,
    )?;
    let rel = rec.experience_file_rel(ws);
    let session = rec.event.session_id.clone();
    farm::update(ws, |f| {
        if f.get_mapping(issue).is_some() {
            let e = f.entry_mut(issue);
            e.experience_file = Some(rel.clone());
            e.session_id = Some(session);
        }
        Ok(())
    })?;
    audit::append(
        &ws.audit_file(),
        &Record::new(event_type.as_str(), "ok")
            .issue(issue)
            .event(&rec.event.id),
    );
    let (outcome, warnings) = crate::publisher::publish_one(ws, &rec, publish)?;
    for w in warnings {
        ctx.out.warn(&format!("tri: warning: {w}"));
    }
    ctx.out
        .line(&format!("{}: {}", event_type, describe_outcome(&outcome)));
    Ok(Published {
        outcome,
        experience_file: rel,
        event_id: rec.event.id,
    })
}

fn publish_json(p: &Published) -> serde_json::Value {
    let (state, url) = match &p.outcome {
        Outcome::Published { urls, .. } => ("published", urls.first().cloned()),
        Outcome::Gone => ("published", None),
        Outcome::Queued(_) => ("queued", None),
    };
    json!({"event_id": p.event_id, "experience_file": p.experience_file, "state": state, "comment_url": url})
}

/// EXIT_AUTH when GitHub refused the token for any of `published`, else `code`.
fn exit_for(ctx: &mut Ctx, published: &[&Published], code: i32) -> i32 {
    for p in published {
        if let Outcome::Queued(Queued::Auth(m)) = &p.outcome {
            ctx.out.warn(&format!("tri: {m}"));
            if code == EXIT_OK {
                return EXIT_AUTH;
            }
        }
    }
    code
}

fn needs_service(m: Option<&Mapping>, issue: u64) -> Result<(u32, String)> {
    let m = m.filter(|m| mapping_state(Some(m)).has_service());
    match m.and_then(|m| m.railway_service_id.clone().map(|s| (m.account_id, s))) {
        Some((acc, s)) => Ok((acc.unwrap_or(1), s)),
        None => Err(Error::Usage(format!(
            "issue {issue} has no sandbox; run `tri agent sandbox create` first"
        ))),
    }
}

/// `create`.
fn create(
    ws: &Workspace,
    issue: u64,
    args: &CreateArgs,
    ctx: &mut Ctx,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let name = format!("agent-{issue}");
    // Decide and mark `creating` under the lock.
    let decided = farm::update(ws, |f| {
        let m = f.get_mapping(issue);
        let state = mapping_state(m.as_ref());
        if state.has_service() && state != State::Creating {
            return Ok(Err(m.expect("a state with a service has a mapping")));
        }
        machine::next(state, machine::Event::CreateRequested).map_err(|_| {
            Error::Other(format!(
                "an earlier `sandbox create` for issue {issue} was interrupted, so tri does not know whether Railway made `{name}`; look for it on Railway, then run `tri agent farm set {issue} --service-id ID` or `tri agent farm rm {issue}`"
            ))
        })?;
        let account = match args.account_id {
            Some(a) if provider.has_credentials(a) => a,
            Some(a) => {
                let s = crate::railway::suffix(a);
                return Err(Error::Auth(format!(
                    "no Railway credentials for farm account {a}; set RAILWAY_API_TOKEN{s} (or RAILWAY_TOKEN{s})"
                )));
            }
            None => farm::choose_account(f, &|id| provider.has_credentials(id), now_s())
                .map_err(|e| match e {
                    farm::NoAccount::NoCredentials => Error::Auth(
                        "no farm account has Railway credentials; set RAILWAY_API_TOKEN (or RAILWAY_TOKEN) and RAILWAY_PROJECT_ID, RAILWAY_ENVIRONMENT_ID (accounts 2..8: suffixes _2.._8)".into(),
                    ),
                    farm::NoAccount::DailyLimit(v) => Error::Other(format!(
                        "every farm account with credentials reached its daily limit of new services ({}); try after the daily reset, or raise `daily_limit` in .trinity/railway_farm.json",
                        v.iter()
                            .map(|(a, n, l)| format!("account {a}: {n}/{l}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                })?,
        };
        // A destroyed service keeps its entry (history); a new one gets its own.
        let i = match f.entry_index(issue) {
            Some(i) if f.agent_map[i].service_id.is_none() => i,
            _ => f.push_entry(issue),
        };
        let e = &mut f.agent_map[i];
        e.account_id = Some(account);
        e.service_name = Some(name.clone());
        e.sandbox_state = Some(State::Creating.as_str().into());
        e.updated_at = Some(farm::now_rfc3339());
        Ok(Ok(account))
    })?;
    let farm_now = farm::read(ws)?;
    warn_farm(ctx, &farm_now);
    let account = match decided {
        Ok(a) => a,
        Err(m) => {
            ctx.out.line(&format!(
                "Issue {issue} already has sandbox `{}` (service {}, {}); nothing to create.",
                m.service_name.as_deref().unwrap_or(&name),
                m.railway_service_id.as_deref().unwrap_or("?"),
                mapping_state(Some(&m))
            ));
            ctx.out
                .result(&json!({"issue": issue, "created": false, "mapping": m}));
            return Ok(EXIT_OK);
        }
    };
    let req = CreateRequest {
        account_id: account,
        name: name.clone(),
        image: args.image.clone(),
        repo: args.source_repo.clone(),
        branch: args.branch.clone(),
    };
    let svc = match super::shared::block_on(provider.create(&req))? {
        Ok(s) => s,
        Err(e) => {
            transition(ws, issue, machine::Event::CreateFailed, |_, _| {})?;
            audit::append(
                &ws.audit_file(),
                &Record::new("sandbox_create", "error")
                    .issue(issue)
                    .detail(&e.to_string(), &ctx.secrets),
            );
            return Err(e);
        }
    };
    let now = now_s();
    transition(ws, issue, machine::Event::Created, |f, i| {
        let e = &mut f.agent_map[i];
        e.service_id = Some(svc.id.clone());
        e.service_name = Some(svc.name.clone());
        e.status = Some(farm::STATUS_ACTIVE.into());
        e.deployment_id = None;
        e.created_at = Some(farm::now_rfc3339());
        f.account_entry(account).count_create(now);
    })?;
    let alias = farm::read(ws)?
        .accounts
        .iter()
        .find(|a| a.account_id == account)
        .and_then(|a| a.alias.clone())
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    ctx.out.line(&format!(
        "Created sandbox `{}` for issue {issue}: Railway service {} on farm account {account}{alias}",
        svc.name, svc.id
    ));
    let p = publish_event(
        ws,
        ctx,
        issue,
        EventType::SandboxCreated,
        &format!(
            "Sandbox `{}` created: Railway service `{}` on farm account {account}{alias}.",
            svc.name, svc.id
        ),
        BTreeMap::new(),
    )?;
    ctx.out.result(&json!({
        "issue": issue, "created": true, "service_id": svc.id, "service_name": svc.name,
        "account_id": account, "event": publish_json(&p),
    }));
    Ok(exit_for(ctx, &[&p], EXIT_OK))
}

/// How following a deployment ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Followed {
    /// It ended with this status.
    Ended(DeployStatus),
    /// `--timeout` passed; the last status seen.
    TimedOut(Option<DeployStatus>),
    /// Ctrl-C; the last status seen.
    Interrupted(Option<DeployStatus>),
}

/// Polls the status of `deployment_id` every `poll` until it ends, `timeout` passes or
/// Ctrl-C; `on_status` sees each status.
pub async fn follow(
    provider: &dyn SandboxProvider,
    account: u32,
    deployment_id: &str,
    timeout: Duration,
    poll: Duration,
    mut on_status: impl FnMut(&DeployStatus),
) -> Result<Followed> {
    let deadline = tokio::time::Instant::now() + timeout;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let mut last: Option<DeployStatus> = None;
    loop {
        let st = tokio::select! {
            r = provider.status(account, deployment_id) => r?,
            _ = &mut ctrl_c => return Ok(Followed::Interrupted(last)),
            _ = tokio::time::sleep_until(deadline) => return Ok(Followed::TimedOut(last)),
        };
        on_status(&st);
        if st.is_terminal() {
            return Ok(Followed::Ended(st));
        }
        last = Some(st);
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = &mut ctrl_c => return Ok(Followed::Interrupted(last)),
            _ = tokio::time::sleep_until(deadline) => return Ok(Followed::TimedOut(last)),
        }
    }
}

fn fence(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let f = "`".repeat(longest.max(2) + 1);
    format!("{f}\n{text}\n{f}")
}

fn render_lines(lines: &[LogLine]) -> String {
    lines
        .iter()
        .map(LogLine::render)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `deploy`.
fn deploy(
    ws: &Workspace,
    issue: u64,
    args: &DeployArgs,
    ctx: &mut Ctx,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let farm_now = farm::read(ws)?;
    warn_farm(ctx, &farm_now);
    let m = farm_now.get_mapping(issue);
    let (account, service_id) = needs_service(m.as_ref(), issue)?;
    let poll = Duration::from_millis(poll_ms(ctx)?);
    // A deployment left `deploying` by an interrupted deploy: settle it first.
    if mapping_state(m.as_ref()) == State::Deploying {
        if let Some(dep) = m.as_ref().and_then(|m| m.deployment_id.clone()) {
            let st = super::shared::block_on(provider.status(account, &dep))??;
            if !st.is_terminal() {
                return Err(Error::Other(format!(
                    "deployment {dep} of issue {issue} is still {}; wait for it (`tri agent sandbox status`) or destroy the sandbox",
                    st.name()
                )));
            }
            let ev = if st.is_success() {
                machine::Event::DeploySucceeded
            } else {
                machine::Event::DeployFailed
            };
            transition(ws, issue, ev, |_, _| {})?;
        }
    }
    let dep = {
        // Check the transition before asking Railway.
        let from = mapping_state(farm::read(ws)?.get_mapping(issue).as_ref());
        machine::next(from, machine::Event::DeployRequested).map_err(|e| {
            Error::Usage(format!("cannot deploy the sandbox of issue {issue}: {e}"))
        })?;
        super::shared::block_on(provider.deploy(account, &service_id))??
    };
    transition(ws, issue, machine::Event::DeployRequested, |f, i| {
        let e = &mut f.agent_map[i];
        e.deployment_id = Some(dep.clone());
        e.status = Some(farm::STATUS_ACTIVE.into());
    })?;
    ctx.out.line(&format!(
        "Started deployment {dep} of service {service_id} (issue {issue})"
    ));
    let started = publish_event(
        ws,
        ctx,
        issue,
        EventType::DeploymentStarted,
        &format!("Deployment `{dep}` of Railway service `{service_id}` started."),
        BTreeMap::new(),
    )?;

    let t0 = std::time::Instant::now();
    let bar = progress_bar(ctx, &dep);
    let followed =
        super::shared::block_on(follow(provider, account, &dep, args.timeout, poll, |st| {
            if let Some(b) = &bar {
                b.set_message(format!("deployment {dep}: {}", st.name()));
            }
        }))?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let followed = match followed {
        Ok(f) => f,
        Err(e) => {
            ctx.out.warn(&format!(
                "tri: lost track of deployment {dep}: {e}. The farm file records it as deploying; `tri agent sandbox status` asks again."
            ));
            return Err(e);
        }
    };
    let secs = t0.elapsed().as_secs_f64();
    let mut metrics = BTreeMap::new();
    metrics.insert("duration_s".to_string(), (secs * 10.0).round() / 10.0);
    match followed {
        Followed::Interrupted(last) => {
            let seen = last
                .map(|s| s.name())
                .unwrap_or_else(|| "not yet known".into());
            ctx.out.warn(&format!(
                "tri: interrupted. Deployment {dep} goes on on Railway (last status: {seen}); the farm file records it as deploying. `tri agent sandbox status` shows where it is."
            ));
            ctx.out.result(&json!({"issue": issue, "deployment_id": dep, "result": "interrupted", "last_status": seen}));
            Ok(EXIT_INTERRUPTED)
        }
        Followed::Ended(st) if st.is_success() => {
            transition(ws, issue, machine::Event::DeploySucceeded, |f, i| {
                f.agent_map[i].status = Some(farm::STATUS_ACTIVE.into());
            })?;
            ctx.out
                .line(&format!("Deployment {dep} succeeded after {secs:.0} s"));
            let p = publish_event(
                ws,
                ctx,
                issue,
                EventType::DeploymentSucceeded,
                &format!(
                    "Deployment `{dep}` of Railway service `{service_id}` succeeded ({}) after {secs:.0} s.",
                    st.name()
                ),
                metrics,
            )?;
            ctx.out.result(
                &json!({"issue": issue, "deployment_id": dep, "result": "succeeded",
                "status": st.name(), "events": [publish_json(&started), publish_json(&p)]}),
            );
            Ok(exit_for(ctx, &[&started, &p], EXIT_OK))
        }
        other => {
            let (what, status) = match &other {
                Followed::Ended(st) => (format!("ended {}", st.name()), st.name()),
                Followed::TimedOut(last) => (
                    format!(
                        "did not end within {} s (last status: {})",
                        args.timeout.as_secs(),
                        last.as_ref()
                            .map(|s| s.name())
                            .unwrap_or_else(|| "none".into())
                    ),
                    "TIMED_OUT".to_string(),
                ),
                Followed::Interrupted(_) => unreachable!("handled above"),
            };
            transition(ws, issue, machine::Event::DeployFailed, |f, i| {
                f.agent_map[i].status = Some(farm::STATUS_FAILED.into());
            })?;
            let mut body = format!("Deployment `{dep}` of Railway service `{service_id}` {what}.");
            for kind in [LogKind::Build, LogKind::Deploy] {
                match super::shared::block_on(provider.logs(
                    account,
                    &dep,
                    kind,
                    FAILED_TAIL_LINES,
                ))? {
                    Ok(lines) if !lines.is_empty() => {
                        body.push_str(&format!(
                            "\n\n{} log (last {} lines):\n\n{}",
                            if kind == LogKind::Build {
                                "Build"
                            } else {
                                "Deploy"
                            },
                            lines.len(),
                            fence(&render_lines(&lines))
                        ));
                    }
                    Ok(_) => {}
                    Err(e) => body.push_str(&format!(
                        "\n\n(the {} log could not be read: {e})",
                        kind.as_str()
                    )),
                }
            }
            ctx.out.warn(&format!("tri: deployment {dep} {what}"));
            let p = publish_event(ws, ctx, issue, EventType::DeploymentFailed, &body, metrics)?;
            ctx.out.result(
                &json!({"issue": issue, "deployment_id": dep, "result": "failed",
                "status": status, "events": [publish_json(&started), publish_json(&p)]}),
            );
            exit_for(ctx, &[&started, &p], EXIT_ERROR);
            Ok(EXIT_ERROR)
        }
    }
}

fn progress_bar(ctx: &Ctx, dep: &str) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if ctx.out.json || !std::io::stderr().is_terminal() || (ctx.env)("CI").is_some() {
        return None;
    }
    let b = indicatif::ProgressBar::new_spinner();
    b.set_message(format!("deployment {dep}: starting"));
    b.enable_steady_tick(Duration::from_millis(120));
    Some(b)
}

/// `status`.
fn status(
    ws: &Workspace,
    issue: u64,
    ctx: &mut Ctx,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let farm_now = farm::read(ws)?;
    warn_farm(ctx, &farm_now);
    let m = farm_now.get_mapping(issue);
    let local = mapping_state(m.as_ref());
    let Some(m) = m else {
        ctx.out.line(&format!("Issue {issue} has no sandbox."));
        ctx.out
            .result(&json!({"issue": issue, "state": local, "mapping": null}));
        return Ok(EXIT_OK);
    };
    let account = m.account_id.unwrap_or(1);
    let mut remote: Option<String> = None;
    let mut remote_error: Option<String> = None;
    if let (Some(dep), true) = (&m.deployment_id, local.has_service()) {
        if provider.has_credentials(account) {
            match super::shared::block_on(provider.status(account, dep))? {
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
        "Issue {issue}: sandbox `{}` is {local}",
        m.service_name
            .clone()
            .unwrap_or_else(|| format!("agent-{issue}"))
    ));
    ctx.out.line(&format!(
        "  service:    {} (farm account {account}, status {})",
        m.railway_service_id.as_deref().unwrap_or("none"),
        m.status.as_deref().unwrap_or("unknown")
    ));
    ctx.out.line(&format!(
        "  deployment: {}",
        m.deployment_id.as_deref().unwrap_or("none")
    ));
    if let Some(r) = &remote {
        ctx.out.line(&format!("  on Railway: {r}"));
        if local == State::Deploying && DeployStatus::from_railway(r).is_terminal() {
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
    ctx.out
        .result(&json!({"issue": issue, "state": local, "mapping": m,
        "railway_status": remote, "railway_error": remote_error}));
    Ok(EXIT_OK)
}

/// `logs`.
fn logs(
    ws: &Workspace,
    issue: u64,
    args: &LogsArgs,
    ctx: &mut Ctx,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let farm_now = farm::read(ws)?;
    warn_farm(ctx, &farm_now);
    let m = farm_now.get_mapping(issue);
    let (account, _) = needs_service(m.as_ref(), issue)?;
    let dep = m.and_then(|m| m.deployment_id).ok_or_else(|| {
        Error::Usage(format!(
            "the sandbox of issue {issue} has no deployment yet; run `tri agent sandbox deploy`"
        ))
    })?;
    let kind = if args.build {
        LogKind::Build
    } else {
        LogKind::Deploy
    };
    let lines = super::shared::block_on(provider.logs(account, &dep, kind, args.lines))??;
    if ctx.out.json {
        ctx.out
            .result(&json!({"issue": issue, "deployment_id": dep, "kind": kind, "lines": lines}));
    } else {
        for l in &lines {
            ctx.out.line(&l.render());
        }
        if lines.is_empty() {
            ctx.out.warn(&format!(
                "tri: no {} logs for deployment {dep}",
                kind.as_str()
            ));
        }
    }
    Ok(EXIT_OK)
}

/// `destroy`.
fn destroy(
    ws: &Workspace,
    issue: u64,
    ctx: &mut Ctx,
    provider: &dyn SandboxProvider,
) -> Result<i32> {
    let farm_now = farm::read(ws)?;
    warn_farm(ctx, &farm_now);
    let m = farm_now.get_mapping(issue);
    let state = mapping_state(m.as_ref());
    let Some(m) = m.filter(|_| state.has_service()) else {
        ctx.out.line(&format!(
            "Issue {issue} has no live sandbox; nothing to destroy."
        ));
        ctx.out.result(&json!({"issue": issue, "destroyed": false}));
        return Ok(EXIT_OK);
    };
    let account = m.account_id.unwrap_or(1);
    transition(ws, issue, machine::Event::DestroyRequested, |_, _| {})?;

    // Keep the logs first: once the service is gone, so are they.
    let archive = ws.archive_dir(issue);
    std::fs::create_dir_all(&archive).map_err(|e| Error::io("create", &archive, e))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string();
    let mut saved = Vec::new();
    if let Some(dep) = &m.deployment_id {
        for kind in [LogKind::Build, LogKind::Deploy] {
            let path = archive.join(format!("{stamp}_{dep}_{}.log", kind.as_str()));
            let text =
                match super::shared::block_on(provider.logs(account, dep, kind, ARCHIVE_LINES))? {
                    Ok(lines) => render_lines(&lines) + "\n",
                    Err(e) => format!("(tri could not read the {} log: {e})\n", kind.as_str()),
                };
            let text = redact::redact(&text, &ctx.secrets);
            crate::workspace::atomic::write(&path, text.as_bytes())?;
            saved.push(ws.display_path(&path).into_owned());
        }
    }
    let mapping_path = archive.join(format!("{stamp}_mapping.json"));
    crate::workspace::atomic::write_json(&mapping_path, &m)?;
    saved.push(ws.display_path(&mapping_path).into_owned());

    if let Some(svc) = &m.railway_service_id {
        if let Err(e) = super::shared::block_on(provider.destroy(account, svc))? {
            ctx.out.warn(
                "tri: the service was not deleted; the farm file marks it as destroying, run `tri agent sandbox destroy` again",
            );
            return Err(e);
        }
    }
    transition(ws, issue, machine::Event::Destroyed, |f, i| {
        f.agent_map[i].status = Some(farm::STATUS_STOPPED.into());
        f.agent_map[i]
            .extra
            .insert("destroyed_at".into(), json!(farm::now_rfc3339()));
        f.account_entry(account).count_destroy();
    })?;
    let svc = m.railway_service_id.as_deref().unwrap_or("none");
    let archive_rel = ws.display_path(&archive).into_owned();
    ctx.out.line(&format!(
        "Destroyed sandbox of issue {issue} (service {svc}); logs kept in {archive_rel}/"
    ));
    let p = publish_event(
        ws,
        ctx,
        issue,
        EventType::SandboxDestroyed,
        &format!(
            "Sandbox `{}` destroyed (Railway service `{svc}`); its logs are kept in `{archive_rel}/`.",
            m.service_name.clone().unwrap_or_else(|| format!("agent-{issue}"))
        ),
        BTreeMap::new(),
    )?;
    ctx.out.result(
        &json!({"issue": issue, "destroyed": true, "service_id": m.railway_service_id,
        "archive": saved, "event": publish_json(&p)}),
    );
    Ok(exit_for(ctx, &[&p], EXIT_OK))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("900"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5d").is_err());
    }

    #[test]
    fn fence_outgrows_backticks_in_logs() {
        assert_eq!(fence("a"), "```\na\n```");
        assert!(fence("x ```` y").starts_with("`````\n"));
    }
}
