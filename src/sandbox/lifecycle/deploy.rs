//! `deploy`: settle a deployment an earlier deploy left `deploying`, start a new one (or
//! adopt the one Railway accepted for a deploy whose process died before it learnt its id),
//! follow it until it ends (or `timeout`, or Ctrl-C), and record how it ended — with the
//! tails of its logs when it failed.

use super::late::{recorded, Seen};
use super::{
    block_on, fence, keep_end, mapping_state, needs_service, publish, render_lines, transition,
    Published, Reporter, FAILED_TAIL_BYTES, FAILED_TAIL_LINES,
};
use crate::error::{Error, Result};
use crate::event::EventType;
use crate::farm;
use crate::sandbox::breaker::{self, Breaker};
use crate::sandbox::health::{self, Probed};
use crate::sandbox::machine::{self, SandboxState};
use crate::sandbox::{DeployStatus, LogKind, SandboxProvider};
use crate::workspace::Workspace;
use std::collections::BTreeMap;
use std::time::Duration;

/// How to deploy.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// Stop following after this long and report a failure.
    pub timeout: Duration,
    /// Pause between status polls.
    pub poll: Duration,
    /// `--force`: deploy even when the crash-loop breaker is open.
    pub force: bool,
    /// Consecutive failures that open the crash-loop breaker (0: off;
    /// [`crate::sandbox::breaker`]).
    pub breaker: u32,
    /// The issue's events the breaker counts besides this checkout's journal (its trusted
    /// markers, read by the command before deploying); empty when they were not read.
    pub on_issue: Vec<breaker::Seen>,
    /// How to check that the deployment answers.
    pub health: HealthOptions,
}

/// How `deploy` checks that a successful deployment answers ([`crate::sandbox::health`]).
#[derive(Debug, Clone)]
pub struct HealthOptions {
    /// The path probed and set as the service's Railway health-check path (starts with `/`).
    pub path: String,
    /// Give up after this long without a 2xx/3xx answer.
    pub timeout: Duration,
    /// Pause between probes.
    pub interval: Duration,
    /// The time-outs of tri's HTTP client for the probe (proxies and trusted certificates
    /// come from the environment as for every client, [`crate::net::client`]); the client is
    /// built only when there is a URL to probe.
    pub timeouts: crate::net::Timeouts,
}

/// How a deploy ended: a deployment tri followed, or one in progress that it left alone.
#[derive(Debug)]
pub enum DeployEnded {
    /// A deployment another checkout or machine started is in progress: nothing was started
    /// and nothing recorded here (the run that started it records its events); the mapping
    /// names it, `deploying`.
    InProgress {
        /// The deployment.
        deployment_id: String,
        /// Its service.
        service_id: String,
        /// Its status on Railway (`BUILDING`, `DEPLOYING`, ...).
        status: String,
    },
    /// Ctrl-C: the deployment goes on on Railway; the mapping says `deploying`.
    Interrupted {
        /// The deployment.
        deployment_id: String,
        /// The last status seen, or "not yet known".
        last_status: String,
        /// `deployment_started`.
        started: Published,
    },
    /// It succeeded (and answered at `url`, when it has one).
    Succeeded {
        /// The deployment.
        deployment_id: String,
        /// The URL probed, when the service has a public one (`None`: health not checked).
        url: Option<String>,
        /// Railway's final status.
        status: String,
        /// `deployment_started`.
        started: Published,
        /// `deployment_succeeded`.
        ended: Published,
    },
    /// It failed, crashed, did not end within the time-out (`status` `TIMED_OUT`),
    /// succeeded on Railway but did not answer 2xx/3xx at `url` in time (`UNHEALTHY`), or
    /// its sandbox was destroyed while it was followed ([`DESTROYED`]).
    Failed {
        /// The deployment.
        deployment_id: String,
        /// The URL probed, for an unhealthy deployment.
        url: Option<String>,
        /// Railway's final status, `TIMED_OUT`, `UNHEALTHY` or [`DESTROYED`].
        status: String,
        /// `deployment_started`.
        started: Published,
        /// `deployment_failed`, with the log tails.
        ended: Published,
    },
}

/// How following a deployment ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Followed {
    /// It ended with this status.
    Ended(DeployStatus),
    /// `timeout` passed; the last status seen.
    TimedOut(Option<DeployStatus>),
    /// Ctrl-C; the last status seen.
    Interrupted(Option<DeployStatus>),
}

/// Polls the status of `deployment_id` every `poll` until it ends, `timeout` passes or
/// Ctrl-C; `on_status` sees each status.
///
/// Errors: the provider's, for a status that cannot be read.
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

/// The mapping field that marks a deploy request under way (RFC 3339), written under the
/// lock before Railway is asked and removed once Railway answered.
pub const REQUESTED_AT: &str = "deploy_requested_at";

/// The mapping field, next to [`REQUESTED_AT`], naming who wrote the mark:
/// `{"pid": N, "host": "..."}` ([`MarkOwner`]). A mark without it (its writer unknown) holds
/// off another deploy for [`REQUEST_MARK_S`]: nothing says its process is gone.
pub const REQUESTED_BY: &str = "deploy_requested_by";

/// How long a deploy request's mark holds off another deploy: past it, the process that
/// wrote it is taken to have died before Railway answered. Seconds.
pub const REQUEST_MARK_S: i64 = 300;

/// The process that wrote a deploy request's mark ([`REQUESTED_BY`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MarkOwner {
    /// Its process id on `host`.
    pub pid: u32,
    /// The host name of the machine it ran on ([`this_host`]; empty: unknown).
    pub host: String,
}

/// A deploy request's mark as read from a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestMark {
    /// When it was written ([`REQUESTED_AT`]), this machine's clock.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who wrote it ([`REQUESTED_BY`]); `None` for a mark that does not say.
    pub owner: Option<MarkOwner>,
}

/// What a deploy request's mark means for another deploy ([`being_started`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkHold {
    /// No mark, or one older than [`REQUEST_MARK_S`] (or dated ahead of now): deploy.
    Free,
    /// Another process may be starting a deployment right now (written `age_s` seconds
    /// ago): refuse.
    Held {
        /// The mark's age, seconds.
        age_s: i64,
    },
    /// Written by a process of this machine that is gone (killed, crashed) before it
    /// learnt the deployment id: not refused, but Railway may have accepted its deploy
    /// (ask Railway before starting another).
    Stale,
}

/// The host name of this machine (`uname`'s nodename on unix, `COMPUTERNAME` on Windows;
/// empty when unknown): who a deploy request's mark belongs to. `.trinity/` can be copied
/// between machines, so a pid is judged only on the host that wrote it.
pub fn this_host() -> String {
    #[cfg(unix)]
    {
        rustix::system::uname()
            .nodename()
            .to_string_lossy()
            .into_owned()
    }
    #[cfg(not(unix))]
    {
        std::env::var("COMPUTERNAME").unwrap_or_default()
    }
}

/// Whether process `pid` of this machine may be alive: `kill(pid, 0)` on unix (`ESRCH`:
/// gone; success or `EPERM`: alive); always true elsewhere (Windows keeps the
/// [`REQUEST_MARK_S`] rule), for pid 0 or one beyond `i32`, and for this very process (a
/// mark is judged before this process writes its own, so a pid equal to ours is a reused
/// one: the writer is gone — answered false).
pub fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        let Some(p) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return true;
        };
        !matches!(
            rustix::process::test_kill_process(p),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Whether a deploy request's `mark`, seen at `now` on host `here` (empty: unknown), holds
/// off another deploy. `owner_alive`: whether a pid of this machine is alive
/// ([`process_alive`]; asked only for a mark whose owner's host is `here`). Pure when it is.
///
/// - a mark of this host whose process is gone → [`MarkHold::Stale`], whatever its age;
/// - else a mark younger than [`REQUEST_MARK_S`] → [`MarkHold::Held`]: its process is
///   alive, or on another host (a pid means nothing here), or unknown (a mark without an
///   owner);
/// - else (none, older, or dated ahead of `now`) → [`MarkHold::Free`].
///
/// A pid reused by another process after the owner died reads as alive: the mark then
/// holds for [`REQUEST_MARK_S`], as a mark without an owner does: a wrong guess delays
/// a deploy, never doubles one.
pub fn being_started(
    mark: Option<&RequestMark>,
    now: chrono::DateTime<chrono::Utc>,
    here: &str,
    owner_alive: impl Fn(u32) -> bool,
) -> MarkHold {
    let Some(mark) = mark else {
        return MarkHold::Free;
    };
    let ours = mark
        .owner
        .as_ref()
        .filter(|o| !here.is_empty() && o.host == here);
    if ours.is_some_and(|o| !owner_alive(o.pid)) {
        return MarkHold::Stale;
    }
    let age_s = now.signed_duration_since(mark.at).num_seconds();
    if (0..REQUEST_MARK_S).contains(&age_s) {
        MarkHold::Held { age_s }
    } else {
        MarkHold::Free
    }
}

/// The deployment to adopt after a [`MarkHold::Stale`] mark written at `mark_at`:
/// Railway's newest deployment of the service (`latest`) when Railway created it at or
/// after the mark and it is not the one the mapping already names (`known`). Railway's
/// `createdAt` is Railway's clock and the mark this machine's: a clock running ahead of
/// Railway's by more than the gap between the mark and the request makes a deployment
/// look older, and a new one is started: at worst one deployment too many, never a
/// deploy skipped. Pure.
pub fn adoptable(
    latest: Option<&crate::sandbox::Deployment>,
    mark_at: chrono::DateTime<chrono::Utc>,
    known: Option<&str>,
) -> Option<String> {
    let d = latest?;
    let at = chrono::DateTime::parse_from_rfc3339(&d.created_at).ok()?;
    (at >= mark_at && known != Some(d.id.as_str())).then(|| d.id.clone())
}

/// The deploy request's mark of `key`'s mapping in `f`, if any (an unparsable time: none).
fn mark_of(f: &crate::farm::Farm, key: &crate::farm::Key) -> Option<RequestMark> {
    let extra = &f.agent_map[f.index_of(key)?].extra;
    let at = extra
        .get(REQUESTED_AT)
        .and_then(|v| v.as_str())
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())?
        .with_timezone(&chrono::Utc);
    let owner = extra
        .get(REQUESTED_BY)
        .and_then(|v| serde_json::from_value::<MarkOwner>(v.clone()).ok());
    Some(RequestMark { at, owner })
}

/// [`being_started`] for `key`'s mapping in `f` now, with the owner's liveness checked on
/// this machine. Returns the mark and the decision.
fn hold_of(f: &crate::farm::Farm, key: &crate::farm::Key) -> (Option<RequestMark>, MarkHold) {
    let mark = mark_of(f, key);
    let hold = being_started(
        mark.as_ref(),
        chrono::Utc::now(),
        &this_host(),
        process_alive,
    );
    (mark, hold)
}

/// Refuses a deploy while another tri process is starting one ([`MarkHold::Held`]).
///
/// Errors: [`Error::Other`] saying so.
fn refuse_if_held(issue: u64, hold: &MarkHold) -> Result<()> {
    if let MarkHold::Held { age_s } = hold {
        return Err(Error::Other(format!(
            "a deployment of issue {issue} is already being started by another tri process ({age_s} s ago); `tri agent sandbox status` shows it"
        )));
    }
    Ok(())
}

/// This checkout's journal of `issue` as the crash-loop breaker counts it (every event,
/// published or not).
///
/// Errors: the journal's.
pub fn breaker_journal(ws: &Workspace, issue: u64) -> Result<Vec<breaker::Seen>> {
    Ok(crate::journal::timeline::items(ws, issue)?
        .into_iter()
        .map(|i| breaker::Seen {
            id: i.id,
            time: i.time,
            event: i.event,
        })
        .collect())
}

/// The crash-loop breaker for `key`: this checkout's journal merged with the issue's events
/// the command read ([`DeployOptions::on_issue`]), against `opts.breaker` and `--force`.
/// Reads nothing from the network, writes nothing.
///
/// Errors: [`Error::BreakerOpen`] when it is open (exit 6); the journal's.
pub fn check_breaker(ws: &Workspace, key: &crate::farm::Key, opts: &DeployOptions) -> Result<()> {
    if opts.force || opts.breaker == 0 {
        return Ok(());
    }
    let events = breaker::merge(breaker_journal(ws, key.issue)?, opts.on_issue.clone());
    let failures = breaker::consecutive_failures(&events);
    if let Breaker::Open { failures } = breaker::decide(failures, opts.breaker, opts.force) {
        return Err(Error::BreakerOpen(format!(
            "the last {failures} deployments of the sandbox of {key} failed (the crash-loop breaker opens at {}); fix the cause, then run `tri agent sandbox deploy --force` (or set {}=0 to turn the breaker off)",
            opts.breaker,
            breaker::ENV
        )));
    }
    Ok(())
}

/// How `deploy` comes to its deployment.
enum Start {
    /// Railway is to be asked; the state before the mark.
    Ask(SandboxState),
    /// This deployment, accepted by Railway for an interrupted deploy, is followed.
    Adopt(String),
    /// This deployment, started elsewhere, is in progress (its status): nothing is started.
    Elsewhere(String, String),
}

/// The deployment whose status `deploy` asks before starting one, so that a deployment
/// another checkout or machine started is not doubled: Railway's newest deployment of the
/// service (`latest`), unless this checkout's journal (`journal`) records how it ended, or
/// this run already saw it end (`seen_ended`). `None`: nothing to ask. Pure.
pub fn to_check(
    latest: Option<&crate::sandbox::Deployment>,
    journal: &[Seen],
    seen_ended: Option<&str>,
) -> Option<String> {
    let d = latest?;
    let ended_here = recorded(journal, EventType::DeploymentSucceeded, &d.id)
        || recorded(journal, EventType::DeploymentFailed, &d.id);
    (!ended_here && seen_ended != Some(d.id.as_str())).then(|| d.id.clone())
}

/// Deploys the issue's service (found on Railway when this checkout has no live mapping,
/// [`super::find_or_adopt`]) and follows the deployment until it ends.
///
/// One deployment at a time: a deployment of the service that another checkout or machine
/// started and that is still in progress ([`to_check`]) is reported
/// ([`DeployEnded::InProgress`]: nothing started, nothing recorded here — the run that
/// started it records its events) instead of starting a second one. A sandbox destroyed
/// while its deployment is followed (`reap`, `destroy`) ends it as failed, recorded
/// ([`DeployEnded::Failed`], status `DESTROYED`).
///
/// Errors: [`Error::BreakerOpen`] when the crash-loop breaker is open (nothing recorded,
/// Railway not asked); [`Error::Usage`] when the issue has no sandbox or the state forbids
/// a deploy, or the mapping names a service Railway says is not this sandbox;
/// [`Error::Other`] when an earlier deployment of this checkout is still running, or another
/// tri process is starting one (its mark in the farm file); the provider's (among them, after a stale mark, Railway
/// not answering which deployment it holds: nothing recorded, no deployment started).
pub fn deploy(
    ws: &Workspace,
    key: &crate::farm::Key,
    opts: DeployOptions,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<DeployEnded> {
    let issue = key.issue;
    // The crash-loop breaker, from the issue's events: before Railway is asked anything.
    check_breaker(ws, key, &opts)?;
    let journal = journal_of(ws, issue)?;
    // A fresh checkout: the sandbox made elsewhere is found on Railway first.
    super::find_or_adopt(ws, key, provider, rep)?;
    let (account, service_id, start) = prepare(ws, key, &journal, provider, rep)?;
    let dep = match start {
        Start::Elsewhere(dep, status) => {
            return Ok(DeployEnded::InProgress {
                deployment_id: dep,
                service_id,
                status,
            })
        }
        Start::Adopt(dep) => {
            rep.say(&format!(
                "Following deployment {dep} of service {service_id} (issue {issue}): Railway accepted it for a deploy whose process is gone"
            ));
            dep
        }
        Start::Ask(before) => {
            let dep = ask_railway(ws, key, account, &service_id, before, &opts, provider, rep)?;
            rep.say(&format!(
                "Started deployment {dep} of service {service_id} (issue {issue})"
            ));
            dep
        }
    };
    let started = publish(
        ws,
        rep,
        key,
        EventType::DeploymentStarted,
        &format!("Deployment `{dep}` of Railway service `{service_id}` started."),
        BTreeMap::new(),
    )?;
    let run = Run {
        ws,
        key,
        account,
        service_id,
        dep,
        opts: &opts,
        provider,
        t0: std::time::Instant::now(),
    };
    let followed = block_on(follow(
        provider,
        account,
        &run.dep,
        opts.timeout,
        opts.poll,
        |st| rep.progress(&run.dep, Some(st)),
    ))?;
    rep.progress(&run.dep, None);
    let followed = match followed {
        Ok(f) => f,
        // Railway may lose the deployment of a service deleted meanwhile.
        Err(_) if destroyed_meanwhile(ws, key, &run.service_id)? => {
            return run.ended_destroyed("could no longer be followed", started, rep)
        }
        Err(e) => {
            rep.warn(&format!(
                "tri: lost track of deployment {}: {e}. The farm file records it as deploying; `tri agent sandbox status` asks again.",
                run.dep
            ));
            return Err(e);
        }
    };
    run.conclude(followed, started, rep)
}

/// The journal's events as [`Seen`].
fn seen(items: Vec<crate::journal::timeline::JournalEvent>) -> Vec<Seen> {
    items
        .into_iter()
        .map(|i| Seen {
            event: i.event,
            text: i.first_line,
        })
        .collect()
}

/// This workspace's events of `issue`, as [`Seen`].
///
/// Errors: the journal's.
fn journal_of(ws: &Workspace, issue: u64) -> Result<Vec<Seen>> {
    Ok(seen(crate::journal::timeline::items(ws, issue)?))
}

/// Everything before a deployment is started or adopted: the mapping and its service
/// (Railway confirms it), another tri process's mark, events an earlier deploy of this
/// checkout left unrecorded, a deployment left `deploying`, a deployment in progress that
/// was started elsewhere. Marks the mapping `deploying` under the lock. Returns the account,
/// the service and how to come to the deployment.
///
/// Errors: as [`deploy`].
fn prepare(
    ws: &Workspace,
    key: &crate::farm::Key,
    journal: &[Seen],
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<(u32, String, Start)> {
    let issue = key.issue;
    let farm_now = farm::read(ws)?;
    let m = farm_now.mapping_of(key);
    let (account, service_id) = needs_service(m.as_ref(), issue)?;
    let (seen_mark, hold) = hold_of(&farm_now, key);
    refuse_if_held(issue, &hold)?;
    let stale = seen_mark.filter(|_| hold == MarkHold::Stale);
    // Events an earlier deploy of this checkout left unrecorded (killed, or a local write
    // failed, after Railway answered): recorded once now, and the mapping read again.
    let mut journal = journal.to_vec();
    if let Some(m) = &m {
        if !super::late::settle_deploy(ws, key, m, account, provider, rep)?.is_empty() {
            journal = journal_of(ws, issue)?;
        }
    }
    let journal = &journal[..];
    let m = farm::read(ws)?.mapping_of(key);
    // A deployment left `deploying`: this checkout's (an interrupted deploy) is settled
    // first; one started elsewhere and still in progress is reported.
    let mut seen_ended = None;
    if mapping_state(m.as_ref()) == SandboxState::Deploying {
        if let Some(dep) = m.as_ref().and_then(|m| m.deployment_id.clone()) {
            let st = block_on(provider.status(account, &dep))??;
            if !st.is_terminal() {
                if recorded(journal, EventType::DeploymentStarted, &dep) {
                    return Err(still_running(&dep, issue, &st.name()));
                }
                return Ok((account, service_id, Start::Elsewhere(dep, st.name())));
            }
            let ev = if st.is_success() {
                machine::Signal::DeploySucceeded
            } else {
                machine::Signal::DeployFailed
            };
            transition(ws, key, ev, |_, _| {})?;
            seen_ended = Some(dep);
        }
    }
    // Railway's newest deployment of the service. After the mark of a deploy of this
    // machine whose process is gone, Railway's word decides: its newest deployment, made
    // since the mark, is adopted and followed instead of starting a second one (an
    // unanswered question stops here, nothing recorded). Otherwise one still in progress,
    // started elsewhere, is reported (an unanswered question: a warning, and one is started).
    let known = m.as_ref().and_then(|m| m.deployment_id.clone());
    let (adopt, elsewhere) = match &stale {
        Some(mark) => {
            let latest = block_on(provider.latest_deployment(account, &service_id))??;
            (adoptable(latest.as_ref(), mark.at, known.as_deref()), None)
        }
        None => (
            None,
            in_progress(account, &service_id, journal, seen_ended, provider, rep)?,
        ),
    };
    let start = mark_deploying(ws, key, stale.as_ref(), adopt, elsewhere)?;
    Ok((account, service_id, start))
}

/// The deployment of `service_id` in progress that this checkout did not start, with its
/// status ([`to_check`], then its status asked of Railway); `None` when there is none, it
/// ended, or Railway could not say (a warning).
///
/// Errors: only the runtime's.
fn in_progress(
    account: u32,
    service_id: &str,
    journal: &[Seen],
    seen_ended: Option<String>,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Option<(String, String)>> {
    let asked = match block_on(provider.latest_deployment(account, service_id))? {
        Ok(latest) => match to_check(latest.as_ref(), journal, seen_ended.as_deref()) {
            Some(dep) => block_on(provider.status(account, &dep))?.map(|st| Some((dep, st))),
            None => Ok(None),
        },
        Err(e) => Err(e),
    };
    match asked {
        Ok(Some((dep, st))) if !st.is_terminal() => Ok(Some((dep, st.name()))),
        Ok(_) => Ok(None),
        Err(e) => {
            rep.warn(&format!(
                "tri: warning: could not ask Railway whether a deployment of service {service_id} is in progress ({e}); starting one"
            ));
            Ok(None)
        }
    }
}

/// Checks and marks `deploying` under the lock before Railway is asked, as create does: a
/// second deploy started meanwhile finds the mark and stops instead of starting another
/// deployment. The mark names this process and machine, so a deploy run after this one
/// was killed knows the mark is stale instead of waiting for it to age. `adopt` (after the
/// `stale` mark) is taken only while the mark is still the stale one seen; `elsewhere` (a
/// deployment in progress started elsewhere, and its status) is written as the mapping's
/// deployment, with no mark.
///
/// Errors: [`Error::Other`] when another tri process is starting a deployment;
/// [`Error::Usage`] for a state the machine refuses; the farm file's.
fn mark_deploying(
    ws: &Workspace,
    key: &crate::farm::Key,
    stale: Option<&RequestMark>,
    adopt: Option<String>,
    elsewhere: Option<(String, String)>,
) -> Result<Start> {
    let issue = key.issue;
    farm::update(ws, |f| {
        let m = f.mapping_of(key);
        let (mark, hold) = hold_of(f, key);
        refuse_if_held(issue, &hold)?;
        let from = mapping_state(m.as_ref());
        if from != SandboxState::Deploying {
            machine::next(from, machine::Signal::DeployRequested).map_err(|e| {
                Error::Usage(format!("cannot deploy the sandbox of issue {issue}: {e}"))
            })?;
        }
        let e = f.entry_of_mut(key);
        e.sandbox_state = Some(SandboxState::Deploying.as_str().into());
        e.updated_at = Some(farm::now_rfc3339());
        // Adopted only while the mark is still the stale one seen (no other deploy took
        // over meanwhile).
        if let Some(dep) = adopt.filter(|_| mark.is_some() && mark.as_ref() == stale) {
            e.extra.remove(REQUESTED_AT);
            e.extra.remove(REQUESTED_BY);
            e.deployment_id = Some(dep.clone());
            e.status = Some(farm::STATUS_ACTIVE.into());
            return Ok(Start::Adopt(dep));
        }
        if let Some((dep, status)) = elsewhere {
            e.deployment_id = Some(dep.clone());
            e.status = Some(farm::STATUS_ACTIVE.into());
            return Ok(Start::Elsewhere(dep, status));
        }
        e.extra
            .insert(REQUESTED_AT.into(), serde_json::json!(farm::now_rfc3339()));
        e.extra.insert(
            REQUESTED_BY.into(),
            serde_json::json!(MarkOwner {
                pid: std::process::id(),
                host: this_host(),
            }),
        );
        Ok(Start::Ask(from))
    })
}

/// Whether `key`'s sandbox was destroyed while its service `service_id` deployed: the
/// mapping is gone, names another service, or says `destroying`/`destroyed` (`reap` or
/// `destroy` of this checkout).
///
/// Errors: the farm file's.
fn destroyed_meanwhile(ws: &Workspace, key: &crate::farm::Key, service_id: &str) -> Result<bool> {
    Ok(match farm::read(ws)?.mapping_of(key) {
        None => true,
        Some(m) => {
            m.service_id.as_deref() != Some(service_id)
                || matches!(
                    mapping_state(Some(&m)),
                    SandboxState::Destroying | SandboxState::Destroyed
                )
        }
    })
}

/// A deployment this run started (or adopted) and follows, and what ending it needs.
struct Run<'a> {
    ws: &'a Workspace,
    key: &'a crate::farm::Key,
    account: u32,
    service_id: String,
    dep: String,
    opts: &'a DeployOptions,
    provider: &'a dyn SandboxProvider,
    /// When following began.
    t0: std::time::Instant,
}

impl Run<'_> {
    /// Seconds since following began, to a tenth, as the `duration_s` metric.
    fn metrics(&self) -> BTreeMap<String, f64> {
        let secs = self.t0.elapsed().as_secs_f64();
        BTreeMap::from([("duration_s".to_string(), (secs * 10.0).round() / 10.0)])
    }

    /// How the followed deployment ended, recorded: interrupted (nothing more), succeeded
    /// once it answers ([`crate::sandbox::health`]), or failed; or, when the sandbox was
    /// destroyed meanwhile, failed with `DESTROYED`.
    ///
    /// Errors: the provider's (the address), the probe's client's, recording's, the farm
    /// file's.
    fn conclude(
        self,
        followed: Followed,
        started: Published,
        rep: &mut dyn Reporter,
    ) -> Result<DeployEnded> {
        let st = match followed {
            Followed::Interrupted(last) => {
                return Ok(DeployEnded::Interrupted {
                    deployment_id: self.dep,
                    last_status: last
                        .map(|s| s.name())
                        .unwrap_or_else(|| "not yet known".into()),
                    started,
                })
            }
            _ if destroyed_meanwhile(self.ws, self.key, &self.service_id)? => {
                let what = match &followed {
                    Followed::Ended(st) => format!("ended {}", st.name()),
                    _ => "did not end".to_string(),
                };
                return self.ended_destroyed(&what, started, rep);
            }
            Followed::Ended(st) => st,
            Followed::TimedOut(last) => {
                let what = format!(
                    "did not end within {} s (last status: {})",
                    self.opts.timeout.as_secs(),
                    last.as_ref()
                        .map(|s| s.name())
                        .unwrap_or_else(|| "none".into())
                );
                return self.failed(what, "TIMED_OUT".into(), None, started, rep);
            }
        };
        if !st.is_success() {
            return self.failed(
                format!("ended {}", st.name()),
                st.name(),
                None,
                started,
                rep,
            );
        }
        // Railway's SUCCESS means started: ask the service itself before calling it succeeded.
        let (health, unchecked) = self.probe(rep)?;
        match health {
            Some(h) if !h.healthy => {
                let what = format!(
                    "started ({}) but did not answer 2xx/3xx at {} within {} s (last: {}, {} probes)",
                    st.name(),
                    h.url,
                    self.opts.health.timeout.as_secs(),
                    h.last.describe(),
                    h.attempts
                );
                self.failed(what, "UNHEALTHY".into(), Some(h.url), started, rep)
            }
            health => self.succeeded(st, health, unchecked, started, rep),
        }
    }

    /// The health probe of a deployment Railway says succeeded: `(probed, unchecked)` —
    /// `None` and unchecked when the service has no public URL (or it could not be read).
    ///
    /// Errors: the runtime's; the probe's client's.
    fn probe(&self, rep: &mut dyn Reporter) -> Result<(Option<Probed>, bool)> {
        let dep = &self.dep;
        match block_on(self.provider.public_url(self.account, dep))? {
            Ok(Some(public)) => {
                let url = health::url(&public, &self.opts.health.path);
                rep.say(&format!(
                    "Deployment {dep} is up on Railway; checking that {url} answers (up to {} s)",
                    self.opts.health.timeout.as_secs()
                ));
                let http = crate::net::client(self.opts.health.timeouts)?;
                let probed = block_on(health::probe(
                    &http,
                    &url,
                    self.opts.health.timeout,
                    self.opts.health.interval,
                ))?;
                Ok((Some(probed), false))
            }
            Ok(None) => Ok((None, true)),
            Err(e) => {
                rep.warn(&format!(
                    "tri: warning: could not read the public address of deployment {dep} ({e}); its health was not checked"
                ));
                Ok((None, true))
            }
        }
    }

    /// Records `deployment_succeeded` (the mapping `running`).
    ///
    /// Errors: recording's; the farm file's.
    fn succeeded(
        self,
        st: DeployStatus,
        health: Option<Probed>,
        unchecked: bool,
        started: Published,
        rep: &mut dyn Reporter,
    ) -> Result<DeployEnded> {
        let (ws, key, dep) = (self.ws, self.key, self.dep.clone());
        let done = transition(ws, key, machine::Signal::DeploySucceeded, |f, i| {
            f.agent_map[i].status = Some(farm::STATUS_ACTIVE.into());
        });
        if let Err(e) = done {
            return self.or_destroyed(e, &format!("ended {}", st.name()), started, rep);
        }
        let secs = self.t0.elapsed().as_secs_f64();
        let url = health.as_ref().map(|h| h.url.clone());
        let answered = match &health {
            Some(h) => format!(" and answers at {} ({})", h.url, h.last.describe()),
            None if unchecked => " (health not checked: the service has no public URL)".to_string(),
            None => String::new(),
        };
        rep.say(&format!(
            "Deployment {dep} succeeded after {secs:.0} s{answered}"
        ));
        let ended = publish(
            ws,
            rep,
            key,
            EventType::DeploymentSucceeded,
            &format!(
                "Deployment `{dep}` of Railway service `{}` succeeded ({}) after {secs:.0} s{answered}.",
                self.service_id,
                st.name()
            ),
            self.metrics(),
        )?;
        Ok(DeployEnded::Succeeded {
            deployment_id: dep,
            url,
            status: st.name(),
            started,
            ended,
        })
    }

    /// Records `deployment_failed` — the deployment `what` (e.g. "ended FAILED"), with the
    /// tails of its logs — and the mapping `failed`.
    ///
    /// Errors: recording's; the farm file's.
    fn failed(
        self,
        what: String,
        status: String,
        url: Option<String>,
        started: Published,
        rep: &mut dyn Reporter,
    ) -> Result<DeployEnded> {
        let done = transition(self.ws, self.key, machine::Signal::DeployFailed, |f, i| {
            f.agent_map[i].status = Some(farm::STATUS_FAILED.into());
        });
        if let Err(e) = done {
            return self.or_destroyed(e, &what, started, rep);
        }
        let body = failed_body(
            self.provider,
            self.account,
            &self.dep,
            &self.service_id,
            &what,
        )?;
        rep.warn(&format!("tri: deployment {} {what}", self.dep));
        let ended = publish(
            self.ws,
            rep,
            self.key,
            EventType::DeploymentFailed,
            &body,
            self.metrics(),
        )?;
        Ok(DeployEnded::Failed {
            deployment_id: self.dep,
            url,
            status,
            started,
            ended,
        })
    }

    /// After a transition the state machine refused (`e`): when the sandbox was destroyed
    /// meanwhile, its deployment's end recorded as such; otherwise `e`.
    ///
    /// Errors: `e`; as [`Run::ended_destroyed`].
    fn or_destroyed(
        self,
        e: Error,
        what: &str,
        started: Published,
        rep: &mut dyn Reporter,
    ) -> Result<DeployEnded> {
        if destroyed_meanwhile(self.ws, self.key, &self.service_id)? {
            return self.ended_destroyed(what, started, rep);
        }
        Err(e)
    }

    /// Records `deployment_failed` for a deployment whose sandbox was destroyed while it was
    /// followed (`what` it did, e.g. "ended REMOVED"): `deployment_started` was recorded,
    /// so its end is too — status `DESTROYED`, exit "done, recorded". The mapping is left as
    /// the destroy left it.
    ///
    /// Errors: recording's.
    fn ended_destroyed(
        self,
        what: &str,
        started: Published,
        rep: &mut dyn Reporter,
    ) -> Result<DeployEnded> {
        let (dep, svc) = (&self.dep, &self.service_id);
        rep.warn(&format!(
            "tri: deployment {dep} {what}: the sandbox of {} was destroyed while it deployed (service {svc})",
            self.key
        ));
        let ended = publish(
            self.ws,
            rep,
            self.key,
            EventType::DeploymentFailed,
            &format!(
                "Deployment `{dep}` of Railway service `{svc}` {what}: the sandbox was destroyed while it deployed."
            ),
            self.metrics(),
        )?;
        Ok(DeployEnded::Failed {
            deployment_id: self.dep,
            url: None,
            status: DESTROYED.into(),
            started,
            ended,
        })
    }
}

/// The status of a deployment whose sandbox was destroyed while it was followed.
pub const DESTROYED: &str = "DESTROYED";

/// Asks Railway to deploy `service_id` (account `account`) after the mark was written:
/// sets the health-check path, starts the deployment, and records its id in `key`'s
/// mapping (the mark removed). Returns the deployment id.
///
/// Errors: the provider's, after the mapping went back to `before` (the mark removed);
/// [`Error::Usage`] when Railway no longer has the service (the mapping marked gone).
#[allow(clippy::too_many_arguments)]
fn ask_railway(
    ws: &Workspace,
    key: &crate::farm::Key,
    account: u32,
    service_id: &str,
    before: SandboxState,
    opts: &DeployOptions,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<String> {
    // Railway gates the deployment on the same path (at deploy time only).
    if let Err(e) = block_on(provider.set_healthcheck_path(account, service_id, &opts.health.path))?
    {
        rep.warn(&format!(
            "tri: warning: could not set the health-check path of service {service_id} on Railway ({e}); tri still probes it after the deployment"
        ));
    }
    let dep = match block_on(provider.deploy(account, service_id))? {
        Ok(d) => d,
        Err(e) => {
            // Nothing started: back to the state before the mark.
            farm::update(ws, |f| {
                let en = f.entry_of_mut(key);
                en.extra.remove(REQUESTED_AT);
                en.extra.remove(REQUESTED_BY);
                en.sandbox_state = Some(before.as_str().into());
                en.updated_at = Some(farm::now_rfc3339());
                Ok(())
            })?;
            // Deleted on Railway since this checkout mapped it: say so, mark it gone.
            if let Some(m) = farm::read(ws)?.mapping_of(key) {
                if super::still_on_railway(provider, key, &m).ok().flatten() == Some(false) {
                    super::mark_gone(ws, &m)?;
                    return Err(Error::Usage(format!(
                        "service {service_id} of {key} is no longer on Railway (the farm file now marks it gone); run `tri agent sandbox create --issue {key}`"
                    )));
                }
            }
            return Err(e);
        }
    };
    farm::update(ws, |f| {
        let e = f.entry_of_mut(key);
        e.extra.remove(REQUESTED_AT);
        e.extra.remove(REQUESTED_BY);
        e.deployment_id = Some(dep.clone());
        e.status = Some(farm::STATUS_ACTIVE.into());
        e.updated_at = Some(farm::now_rfc3339());
        Ok(())
    })?;
    Ok(dep)
}

/// The error of a deploy that finds deployment `dep` of `issue` still `status` (nothing
/// recorded): wait for it or destroy the sandbox.
pub(super) fn still_running(dep: &str, issue: u64, status: &str) -> Error {
    Error::Other(format!(
        "deployment {dep} of issue {issue} is still {status}; wait for it (`tri agent sandbox status`) or destroy the sandbox"
    ))
}

/// The message of `deployment_failed`: deployment `dep` of service `service_id` `what`
/// (e.g. "ended FAILED"), with the tails of its build and deploy logs.
///
/// Errors: none of the provider's (an unreadable log is said in the message).
pub(super) fn failed_body(
    provider: &dyn SandboxProvider,
    account: u32,
    dep: &str,
    service_id: &str,
    what: &str,
) -> Result<String> {
    let mut body = format!("Deployment `{dep}` of Railway service `{service_id}` {what}.");
    for kind in [LogKind::Build, LogKind::Deploy] {
        match block_on(provider.logs(account, dep, kind, FAILED_TAIL_LINES))? {
            Ok(lines) if !lines.is_empty() => body.push_str(&format!(
                "\n\n{} log (last {} lines):\n\n{}",
                if kind == LogKind::Build {
                    "Build"
                } else {
                    "Deploy"
                },
                lines.len(),
                fence(&keep_end(&render_lines(&lines), FAILED_TAIL_BYTES))
            )),
            Ok(_) => {}
            Err(e) => body.push_str(&format!(
                "\n\n(the {} log could not be read: {e})",
                kind.as_str()
            )),
        }
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::Deployment;
    use chrono::{DateTime, Duration as D, Utc};

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-05T02:00:00.000Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn mark(host: Option<&str>) -> RequestMark {
        RequestMark {
            at: t0(),
            owner: host.map(|h| MarkOwner {
                pid: 4242,
                host: h.into(),
            }),
        }
    }

    #[test]
    fn a_mark_of_this_host_whose_process_is_gone_is_stale() {
        let m = mark(Some("runner-1"));
        assert_eq!(
            being_started(Some(&m), t0() + D::seconds(3), "runner-1", |_| false),
            MarkHold::Stale
        );
        // Whatever its age: Railway is still asked before another deployment starts.
        assert_eq!(
            being_started(Some(&m), t0() + D::seconds(900), "runner-1", |_| false),
            MarkHold::Stale
        );
    }

    #[test]
    fn a_live_owner_another_host_or_no_owner_holds_for_the_mark_time() {
        let now = t0() + D::seconds(3);
        let held = MarkHold::Held { age_s: 3 };
        // Alive on this host (or a pid reused since: the same answer).
        let m = mark(Some("runner-1"));
        assert_eq!(being_started(Some(&m), now, "runner-1", |_| true), held);
        // Another host: its pid means nothing here, alive or not.
        let m = mark(Some("laptop"));
        assert_eq!(being_started(Some(&m), now, "runner-1", |_| false), held);
        // No owner recorded.
        let m = mark(None);
        assert_eq!(being_started(Some(&m), now, "runner-1", |_| false), held);
        // This host unknown: nothing can be judged locally.
        let m = mark(Some(""));
        assert_eq!(being_started(Some(&m), now, "", |_| false), held);
    }

    #[test]
    fn a_mark_past_its_time_or_none_holds_nothing() {
        let late = t0() + D::seconds(REQUEST_MARK_S);
        for m in [mark(Some("runner-1")), mark(Some("laptop")), mark(None)] {
            assert_eq!(
                being_started(Some(&m), late, "runner-1", |_| true),
                MarkHold::Free
            );
            // Dated ahead of now (a clock set back): not held, so a wrong clock cannot
            // block deploys for good.
            assert_eq!(
                being_started(Some(&m), t0() - D::seconds(5), "runner-1", |_| true),
                MarkHold::Free
            );
        }
        assert_eq!(
            being_started(None, t0(), "runner-1", |_| false),
            MarkHold::Free
        );
        assert_eq!(
            being_started(
                Some(&mark(None)),
                t0() + D::seconds(REQUEST_MARK_S - 1),
                "runner-1",
                |_| true
            ),
            MarkHold::Held {
                age_s: REQUEST_MARK_S - 1
            }
        );
    }

    #[test]
    fn a_deployment_made_since_the_mark_is_adopted() {
        let dep = |id: &str, at: &str| Deployment {
            id: id.into(),
            created_at: at.into(),
        };
        let at = t0();
        let after = dep("dep-9", "2026-12-05T02:00:01.500Z");
        assert_eq!(
            adoptable(Some(&after), at, Some("dep-1")),
            Some("dep-9".into())
        );
        assert_eq!(adoptable(Some(&after), at, None), Some("dep-9".into()));
        // The same instant counts; another offset is the same instant.
        let same = dep("dep-9", "2026-12-05T03:00:00+01:00");
        assert_eq!(adoptable(Some(&same), at, None), Some("dep-9".into()));
        // Made before the mark, already the mapping's, unreadable, or none: start one.
        let before = dep("dep-8", "2026-12-05T01:59:59.999Z");
        assert_eq!(adoptable(Some(&before), at, None), None);
        assert_eq!(adoptable(Some(&after), at, Some("dep-9")), None);
        assert_eq!(adoptable(Some(&dep("dep-9", "yesterday")), at, None), None);
        assert_eq!(adoptable(None, at, None), None);
    }

    #[test]
    fn a_deployment_whose_end_is_not_known_here_is_checked_before_starting_one() {
        let latest = Deployment {
            id: "dep-9".into(),
            created_at: "2026-12-05T02:00:00.000Z".into(),
        };
        let seen = |event, text: &str| Seen {
            event,
            text: text.into(),
        };
        // Started elsewhere (or here, its end unknown): its status is asked.
        assert_eq!(to_check(Some(&latest), &[], None), Some("dep-9".into()));
        let started = [seen(
            EventType::DeploymentStarted,
            "Deployment `dep-9` of Railway service `svc-1` started.",
        )];
        assert_eq!(
            to_check(Some(&latest), &started, None),
            Some("dep-9".into())
        );
        // Its end recorded here, or seen to end in this run: nothing to ask.
        for ev in [EventType::DeploymentSucceeded, EventType::DeploymentFailed] {
            let ended = [seen(
                ev,
                "Deployment `dep-9` of Railway service `svc-1` ended.",
            )];
            assert_eq!(to_check(Some(&latest), &ended, None), None);
        }
        assert_eq!(to_check(Some(&latest), &[], Some("dep-9")), None);
        // Another deployment's end says nothing of this one; no deployment, nothing to ask.
        let other = [seen(
            EventType::DeploymentSucceeded,
            "Deployment `dep-91` of Railway service `svc-1` succeeded.",
        )];
        assert_eq!(
            to_check(Some(&latest), &other, Some("dep-8")),
            Some("dep-9".into())
        );
        assert_eq!(to_check(None, &[], None), None);
    }

    #[test]
    fn this_process_is_not_the_owner_of_a_mark_it_has_not_written() {
        assert!(!process_alive(std::process::id()));
        #[cfg(unix)]
        {
            // pid 1 exists on every unix (EPERM for a non-root user: alive too).
            assert!(process_alive(1));
            let mut child = std::process::Command::new("true").spawn().unwrap();
            let pid = child.id();
            child.wait().unwrap();
            assert!(!process_alive(pid), "a reaped child is gone");
        }
        assert!(!this_host().is_empty() || cfg!(not(unix)));
    }
}
