//! `deploy`: settle a deployment an earlier deploy left `deploying`, start a new one, follow
//! it until it ends (or `timeout`, or Ctrl-C), and record how it ended — with the tails of
//! its logs when it failed.

use super::{
    block_on, fence, mapping_state, needs_service, publish, render_lines, transition, Published,
    Reporter, FAILED_TAIL_LINES,
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

/// How a deployment that tri followed ended.
#[derive(Debug)]
pub enum DeployEnded {
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
    /// It failed, crashed, did not end within the time-out (`status` `TIMED_OUT`), or
    /// succeeded on Railway but did not answer 2xx/3xx at `url` in time (`UNHEALTHY`).
    Failed {
        /// The deployment.
        deployment_id: String,
        /// The URL probed, for an unhealthy deployment.
        url: Option<String>,
        /// Railway's final status, `TIMED_OUT` or `UNHEALTHY`.
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

/// How long a deploy request's mark holds off another deploy: past it, the process that
/// wrote it is taken to have died before Railway answered. Seconds.
pub const REQUEST_MARK_S: i64 = 300;

/// Refuses a deploy while another tri process is starting one (its mark is younger than
/// [`REQUEST_MARK_S`]).
///
/// Errors: [`Error::Other`] saying so.
fn being_started(f: &crate::farm::Farm, key: &crate::farm::Key) -> Result<()> {
    let issue = key.issue;
    let at = f
        .index_of(key)
        .and_then(|i| f.agent_map[i].extra.get(REQUESTED_AT))
        .and_then(|v| v.as_str())
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
    if let Some(at) = at {
        let age = chrono::Utc::now().signed_duration_since(at).num_seconds();
        if (0..REQUEST_MARK_S).contains(&age) {
            return Err(Error::Other(format!(
                "a deployment of issue {issue} is already being started by another tri process ({age} s ago); `tri agent sandbox status` shows it"
            )));
        }
    }
    Ok(())
}

/// Deploys the issue's service (found on Railway when this checkout has no live mapping,
/// [`super::find_or_adopt`]) and follows the deployment until it ends.
///
/// Errors: [`Error::BreakerOpen`] when the crash-loop breaker is open (nothing recorded,
/// Railway not asked); [`Error::Usage`] when the issue has no sandbox or the state forbids
/// a deploy, or the mapping names a service Railway says is not this sandbox;
/// [`Error::Other`] when an earlier deployment is still running; the provider's.
pub fn deploy(
    ws: &Workspace,
    key: &crate::farm::Key,
    opts: DeployOptions,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<DeployEnded> {
    let issue = key.issue;
    // The crash-loop breaker, from the issue's events: before Railway is asked anything.
    let events: Vec<EventType> = crate::journal::timeline::items(ws, issue)?
        .into_iter()
        .map(|i| i.event)
        .collect();
    let failures = breaker::consecutive_failures(&events);
    if let Breaker::Open { failures } = breaker::decide(failures, opts.breaker, opts.force) {
        return Err(Error::BreakerOpen(format!(
            "the last {failures} deployments of the sandbox of {key} failed (the crash-loop breaker opens at {}); fix the cause, then run `tri agent sandbox deploy --force` (or set {}=0 to turn the breaker off)",
            opts.breaker,
            breaker::ENV
        )));
    }
    // A fresh checkout: the sandbox made elsewhere is found on Railway first.
    super::find_or_adopt(ws, key, provider, rep)?;
    let farm_now = farm::read(ws)?;
    let m = farm_now.mapping_of(key);
    let (account, service_id) = needs_service(m.as_ref(), issue)?;
    being_started(&farm_now, key)?;
    // Events an earlier deploy of this checkout left unrecorded (killed, or a local write
    // failed, after Railway answered): recorded once now, and the mapping read again.
    if let Some(m) = &m {
        super::late::settle_deploy(ws, key, m, account, provider, rep)?;
    }
    let m = farm::read(ws)?.mapping_of(key);
    // A deployment left `deploying` by an interrupted deploy: settle it first.
    if mapping_state(m.as_ref()) == SandboxState::Deploying {
        if let Some(dep) = m.as_ref().and_then(|m| m.deployment_id.clone()) {
            let st = block_on(provider.status(account, &dep))??;
            if !st.is_terminal() {
                return Err(still_running(&dep, issue, &st.name()));
            }
            let ev = if st.is_success() {
                machine::Signal::DeploySucceeded
            } else {
                machine::Signal::DeployFailed
            };
            transition(ws, key, ev, |_, _| {})?;
        }
    }
    // Check and mark `deploying` under the lock before asking Railway, as create does: a
    // second deploy started meanwhile finds the mark and stops instead of starting another
    // deployment.
    let before = farm::update(ws, |f| {
        let m = f.mapping_of(key);
        being_started(f, key)?;
        let from = mapping_state(m.as_ref());
        if from != SandboxState::Deploying {
            machine::next(from, machine::Signal::DeployRequested).map_err(|e| {
                Error::Usage(format!("cannot deploy the sandbox of issue {issue}: {e}"))
            })?;
        }
        let e = f.entry_of_mut(key);
        e.sandbox_state = Some(SandboxState::Deploying.as_str().into());
        e.extra
            .insert(REQUESTED_AT.into(), serde_json::json!(farm::now_rfc3339()));
        e.updated_at = Some(farm::now_rfc3339());
        Ok(from)
    })?;
    // Railway gates the deployment on the same path (at deploy time only).
    if let Err(e) =
        block_on(provider.set_healthcheck_path(account, &service_id, &opts.health.path))?
    {
        rep.warn(&format!(
            "tri: warning: could not set the health-check path of service {service_id} on Railway ({e}); tri still probes it after the deployment"
        ));
    }
    let dep = match block_on(provider.deploy(account, &service_id))? {
        Ok(d) => d,
        Err(e) => {
            // Nothing started: back to the state before the mark.
            farm::update(ws, |f| {
                let en = f.entry_of_mut(key);
                en.extra.remove(REQUESTED_AT);
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
        e.deployment_id = Some(dep.clone());
        e.status = Some(farm::STATUS_ACTIVE.into());
        e.updated_at = Some(farm::now_rfc3339());
        Ok(())
    })?;
    rep.say(&format!(
        "Started deployment {dep} of service {service_id} (issue {issue})"
    ));
    let started = publish(
        ws,
        rep,
        key,
        EventType::DeploymentStarted,
        &format!("Deployment `{dep}` of Railway service `{service_id}` started."),
        BTreeMap::new(),
    )?;

    let t0 = std::time::Instant::now();
    let followed = block_on(follow(
        provider,
        account,
        &dep,
        opts.timeout,
        opts.poll,
        |st| rep.progress(&dep, Some(st)),
    ))?;
    rep.progress(&dep, None);
    let followed = match followed {
        Ok(f) => f,
        Err(e) => {
            rep.warn(&format!(
                "tri: lost track of deployment {dep}: {e}. The farm file records it as deploying; `tri agent sandbox status` asks again."
            ));
            return Err(e);
        }
    };
    let mut secs = t0.elapsed().as_secs_f64();
    // Railway's SUCCESS means started: ask the service itself before calling it succeeded.
    let mut health: Option<Probed> = None;
    let mut unchecked = false;
    if let Followed::Ended(st) = &followed {
        if st.is_success() {
            match block_on(provider.public_url(account, &dep))? {
                Ok(Some(public)) => {
                    let url = health::url(&public, &opts.health.path);
                    rep.say(&format!(
                        "Deployment {dep} is up on Railway; checking that {url} answers (up to {} s)",
                        opts.health.timeout.as_secs()
                    ));
                    let http = crate::net::client(opts.health.timeouts)?;
                    health = Some(block_on(health::probe(
                        &http,
                        &url,
                        opts.health.timeout,
                        opts.health.interval,
                    ))?);
                    secs = t0.elapsed().as_secs_f64();
                }
                Ok(None) => unchecked = true,
                Err(e) => {
                    rep.warn(&format!(
                        "tri: warning: could not read the public address of deployment {dep} ({e}); its health was not checked"
                    ));
                    unchecked = true;
                }
            }
        }
    }
    let mut metrics = BTreeMap::new();
    metrics.insert("duration_s".to_string(), (secs * 10.0).round() / 10.0);
    match followed {
        Followed::Interrupted(last) => Ok(DeployEnded::Interrupted {
            deployment_id: dep,
            last_status: last
                .map(|s| s.name())
                .unwrap_or_else(|| "not yet known".into()),
            started,
        }),
        Followed::Ended(st) if st.is_success() && health.as_ref().is_none_or(|h| h.healthy) => {
            transition(ws, key, machine::Signal::DeploySucceeded, |f, i| {
                f.agent_map[i].status = Some(farm::STATUS_ACTIVE.into());
            })?;
            let url = health.as_ref().map(|h| h.url.clone());
            let answered = match &health {
                Some(h) => format!(" and answers at {} ({})", h.url, h.last.describe()),
                None if unchecked => {
                    " (health not checked: the service has no public URL)".to_string()
                }
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
                    "Deployment `{dep}` of Railway service `{service_id}` succeeded ({}) after {secs:.0} s{answered}.",
                    st.name()
                ),
                metrics,
            )?;
            Ok(DeployEnded::Succeeded {
                deployment_id: dep,
                url,
                status: st.name(),
                started,
                ended,
            })
        }
        other => {
            let (what, status) = match (&other, &health) {
                (Followed::Ended(st), Some(h)) if st.is_success() => (
                    format!(
                        "started ({}) but did not answer 2xx/3xx at {} within {} s (last: {}, {} probes)",
                        st.name(),
                        h.url,
                        opts.health.timeout.as_secs(),
                        h.last.describe(),
                        h.attempts
                    ),
                    "UNHEALTHY".to_string(),
                ),
                (Followed::Ended(st), _) => (format!("ended {}", st.name()), st.name()),
                (Followed::TimedOut(last), _) => (
                    format!(
                        "did not end within {} s (last status: {})",
                        opts.timeout.as_secs(),
                        last.as_ref()
                            .map(|s| s.name())
                            .unwrap_or_else(|| "none".into())
                    ),
                    "TIMED_OUT".to_string(),
                ),
                (Followed::Interrupted(_), _) => unreachable!("handled above"),
            };
            transition(ws, key, machine::Signal::DeployFailed, |f, i| {
                f.agent_map[i].status = Some(farm::STATUS_FAILED.into());
            })?;
            let body = failed_body(provider, account, &dep, &service_id, &what)?;
            rep.warn(&format!("tri: deployment {dep} {what}"));
            let ended = publish(ws, rep, key, EventType::DeploymentFailed, &body, metrics)?;
            Ok(DeployEnded::Failed {
                deployment_id: dep,
                url: health.map(|h| h.url),
                status,
                started,
                ended,
            })
        }
    }
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
                fence(&render_lines(&lines))
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
