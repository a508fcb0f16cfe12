//! GitHub deployments of a sandbox ([`crate::github::deployments`]), never fatal: what
//! happened to the sandbox ([`Happened`]) becomes changes ([`mod@plan`]) — a new deployment, a
//! status of one — first appended to the issue's queue `.trinity/deployments/<issue>.json`,
//! then sent in order; one that fails stays queued, audited, and `tri agent sync` sends it
//! again (as state labels are left pending in `.trinity/labels/`, [`super::labels`]).
//!
//! State file shape: `{"repo":"o/r","issue":42,"environment":"agent-42-demo-1a2b3c",
//! "deployment_id":7,"deployments":[{"key":"<uuid>","railway":"<id>","id":7,
//! "state":"in_progress"}],"pending":[{"op":"create","ref":"main","environment":"…",
//! "description":"…","key":"<uuid>"},{"op":"status","of":"<uuid>","state":"in_progress",
//! "description":"…"}],"in_flight":true,"attempts":1,"last_error":"…"}`. `deployments`
//! are the ones tri made here whose state may still change ([`plan::prune`]); a status
//! applies to the deployment whose key it names (`of`), or — without one (a queue written
//! without keys; a destroy in a workspace that made none) — to `deployment_id`, else to the
//! environment's newest deployment on GitHub.
//!
//! A new deployment is created exactly once: it is queued with an idempotency key
//! ([`NewDeployment::key`]), the queue is marked `in_flight` durably before its
//! `POST …/deployments` is sent, and a create that may have reached GitHub — marked in flight
//! by a process that was killed, left queued after a failure, or without an answer (a
//! time-out, a dropped connection, a 5xx) — is looked for by that key before it is sent
//! again. The statuses are append-only: a repeat changes nothing anyone sees. One process at
//! a time sends an issue's queue (a lock beside it, `<issue>.lock`).

use super::{Publisher, Queued, Req, Tried};
use crate::audit::{self, Record};
use crate::error::{Error, Result};
use crate::github::deployments::NewDeployment;
use crate::workspace::lock::LockFile;
use crate::workspace::{atomic, Workspace};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub mod plan;

pub use plan::{plan, Change, Happened, Made, StatusOf};

/// What this workspace keeps about one issue's GitHub deployments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DeploymentState {
    /// "owner/name".
    pub repo: String,
    /// The issue.
    pub issue: u64,
    /// The environment (the sandbox's service name).
    #[serde(default)]
    pub environment: String,
    /// The newest deployment tri created here, once created.
    #[serde(default)]
    pub deployment_id: Option<u64>,
    /// The deployments tri made here whose state may still change, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deployments: Vec<Made>,
    /// Changes not yet sent, in order.
    #[serde(default)]
    pub pending: Vec<Change>,
    /// The create at the head of `pending` was (or may have been) sent: it is looked for on
    /// GitHub before it is sent again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_flight: bool,
    /// Tries since the last success.
    #[serde(default)]
    pub attempts: u32,
    /// Why the last try failed (redacted).
    #[serde(default)]
    pub last_error: Option<String>,
}

/// The state file of `issue`.
pub fn state_path(ws: &Workspace, issue: u64) -> PathBuf {
    ws.dir().join("deployments").join(format!("{issue}.json"))
}

/// What to do with a state file that cannot be read.
const HINT: &str = "remove it: it holds only GitHub deployment statuses not yet sent and which deployments tri made (their statuses then stay as they are)";

fn read_state(path: &Path) -> Result<Option<DeploymentState>> {
    crate::workspace::read_json(path, HINT)
}

/// Writes the state file; `durable`: fsync'd before this returns (the mark before a create
/// is sent), else only renamed into place.
fn write_state(path: &Path, s: &DeploymentState, durable: bool) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    let bytes = atomic::json_bytes(path, s)?;
    if durable {
        atomic::write(path, &bytes)
    } else {
        atomic::write_cache(path, &bytes)
    }
}

/// The lock of the state file at `path`: held by the one process sending its queue.
fn lock_of(path: &Path) -> Result<LockFile> {
    LockFile::open(&path.with_extension("lock"))
}

/// Every issue with queued deployment changes in `ws`.
///
/// Errors: [`Error::Io`], [`Error::Corrupt`].
pub fn pending(ws: &Workspace) -> Result<Vec<DeploymentState>> {
    let dir = ws.dir().join("deployments");
    crate::workspace::read_json_dir(
        &dir,
        HINT,
        |s: &DeploymentState| !s.pending.is_empty(),
        |s| s.issue,
    )
}

/// Gives every new deployment of `happened` an idempotency key (a UUIDv7) if it has none.
fn with_keys(happened: Vec<Happened>) -> Vec<Happened> {
    let key = |d: &mut Option<NewDeployment>| {
        if let Some(d) = d {
            d.key
                .get_or_insert_with(|| uuid::Uuid::now_v7().to_string());
        }
    };
    happened
        .into_iter()
        .map(|mut h| {
            match &mut h {
                Happened::Started { create, .. } | Happened::Ended { create, .. } => key(create),
                Happened::Destroyed { .. } => {}
            }
            h
        })
        .collect()
}

impl Publisher<'_> {
    /// Queues the changes `happened` calls for ([`plan()`]) on `repo#issue`'s sandbox
    /// deployments (environment `environment`) and sends everything queued for it, in order,
    /// waiting for another process sending it to finish first. `Ok(None)`: all sent (or
    /// nothing to send); `Ok(Some(q))`: some left queued for `tri agent sync` (`q` says why,
    /// [`Queued::NoToken`] without a token). Never fails on GitHub's account.
    ///
    /// Errors: [`Error::Io`]/[`Error::Corrupt`] on the state file only.
    pub async fn sandbox_deployment(
        &mut self,
        repo: &str,
        issue: u64,
        environment: &str,
        happened: Vec<Happened>,
    ) -> Result<Option<Queued>> {
        let path = state_path(self.ws, issue);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        }
        let mut lock = lock_of(&path)?;
        let _guard = lock.lock()?;
        let mut st = read_state(&path)?.unwrap_or_default();
        let mut changes = Vec::new();
        for h in with_keys(happened) {
            changes.extend(plan(&mut st.deployments, h));
        }
        if changes.is_empty() && st.pending.is_empty() {
            return Ok(None);
        }
        st.repo = repo.to_string();
        st.issue = issue;
        st.environment = environment.to_string();
        st.pending.extend(changes);
        // Queued before the first request: a process killed now leaves it for `sync`.
        write_state(&path, &st, false)?;
        if !self.has_token() {
            return Ok(Some(Queued::NoToken));
        }
        self.send_deployments(&path, st).await
    }

    /// Sends what is queued for `issue` (`tri agent sync`); [`Queued::Busy`] while another
    /// process sends it. See [`Self::sandbox_deployment`].
    ///
    /// Errors: as [`Self::sandbox_deployment`].
    pub async fn flush_deployments(&mut self, issue: u64) -> Result<Option<Queued>> {
        let path = state_path(self.ws, issue);
        let mut lock = lock_of(&path)?;
        let Some(_guard) = lock.try_lock()? else {
            return Ok(Some(Queued::Busy));
        };
        match read_state(&path)? {
            Some(st) if !st.pending.is_empty() => self.send_deployments(&path, st).await,
            _ => Ok(None),
        }
    }

    /// Sends the queue `st` (the file at `path`, whose lock the caller holds) in order until
    /// it is empty or a change is left queued.
    async fn send_deployments(
        &mut self,
        path: &Path,
        mut st: DeploymentState,
    ) -> Result<Option<Queued>> {
        self.current = None;
        let secrets = self.settings.secrets.clone();
        let repo = st.repo.clone();
        while let Some(change) = st.pending.first().cloned() {
            let sent = match &change {
                Change::Create(d) => {
                    // An earlier try may have reached GitHub: marked in flight (its process
                    // may have died waiting for the answer), or failed (a queue that does
                    // not mark creates in flight).
                    let look_first = st.in_flight || st.attempts > 0;
                    if !st.in_flight {
                        st.in_flight = true;
                        write_state(path, &st, true)?;
                    }
                    self.create_deployment_once(&repo, d, look_first)
                        .await?
                        .map(|id| {
                            st.deployment_id = Some(id);
                            if let Some(m) = st
                                .deployments
                                .iter_mut()
                                .find(|m| d.key.as_ref() == Some(&m.key))
                            {
                                m.id = Some(id);
                            }
                        })
                }
                Change::Status(s) => self.send_status(&mut st, s).await?,
            };
            match sent {
                Ok(()) => {
                    st.pending.remove(0);
                    st.in_flight = false;
                    st.attempts = 0;
                    st.last_error = None;
                    if st.pending.is_empty() {
                        plan::prune(&mut st.deployments);
                    }
                    let what = match &change {
                        Change::Create(d) => format!("deployment of {} created", d.environment),
                        Change::Status(s) => format!("deployment status {}", s.status.state),
                    };
                    audit::append(
                        &self.ws.audit_file(),
                        &Record::new("github_deployment", "ok")
                            .issue(st.issue)
                            .detail(&what, &secrets),
                    );
                    write_state(path, &st, false)?;
                }
                Err(q) => {
                    st.attempts += 1;
                    st.last_error = Some(crate::redact::redact(&q.to_string(), &secrets));
                    audit::append(
                        &self.ws.audit_file(),
                        &Record::new("github_deployment", "error")
                            .issue(st.issue)
                            .detail(&q.to_string(), &secrets),
                    );
                    write_state(path, &st, false)?;
                    return Ok(Some(q));
                }
            }
        }
        Ok(None)
    }

    /// Sends status `s` to the deployment it is for: the one tri made with its key, else
    /// (no key) `st.deployment_id`, else the environment's newest on GitHub. A deployment
    /// that does not exist gets nothing (`Ok(Ok(()))`). `Err(Queued)` says why it is not done.
    ///
    /// Errors: [`crate::error::Error`] only when no client can be built.
    async fn send_status(
        &mut self,
        st: &mut DeploymentState,
        s: &StatusOf,
    ) -> Result<std::result::Result<(), Queued>> {
        let repo = st.repo.clone();
        let id = match (&s.of, st.deployment_id) {
            (Some(key), _) => Ok(st
                .deployments
                .iter()
                .find(|m| &m.key == key)
                .and_then(|m| m.id)),
            (None, Some(id)) => Ok(Some(id)),
            (None, None) => {
                let env = st.environment.clone();
                self.request("finding the sandbox's GitHub deployment", Req::Read, |gh| {
                    let (repo, env) = (repo.clone(), env.clone());
                    async move { gh.latest_deployment(&repo, &env).await }
                })
                .await?
            }
        };
        match id {
            // No deployment on GitHub to set a status on: nothing to do.
            Ok(None) => Ok(Ok(())),
            Ok(Some(id)) => {
                if s.of.is_none() {
                    st.deployment_id = Some(id);
                }
                self.request("setting a GitHub deployment status", Req::Edit, |gh| {
                    let (repo, s) = (repo.clone(), s.status.clone());
                    async move { gh.create_deployment_status(&repo, id, &s).await }
                })
                .await
            }
            Err(q) => Ok(Err(q)),
        }
    }

    /// Creates deployment `d` exactly once when it has a key: looked for first when an
    /// earlier try may have reached GitHub (`look_first`: the queue holds a failed try), and
    /// after every failure GitHub may have acted on; sent only when not found. Without a key
    /// (an old queue), a lost answer is sent again. `Err(Queued)` says why it is not done.
    ///
    /// Errors: [`crate::error::Error`] only when no client can be built.
    async fn create_deployment_once(
        &mut self,
        repo: &str,
        d: &NewDeployment,
        mut look_first: bool,
    ) -> Result<std::result::Result<u64, Queued>> {
        let mut attempts = 0u32;
        let mut create = |gh: crate::github::GitHub| {
            let (repo, d) = (repo.to_string(), d.clone());
            async move { gh.create_deployment(&repo, &d).await }
        };
        loop {
            if let (true, Some(key)) = (look_first, d.key.as_deref()) {
                let found = self
                    .request(
                        "looking for the GitHub deployment already created",
                        Req::Read,
                        |gh| {
                            let (repo, env, key) =
                                (repo.to_string(), d.environment.clone(), key.to_string());
                            async move { gh.find_deployment(&repo, &env, &key).await }
                        },
                    )
                    .await?;
                match found {
                    Ok(Some(id)) => return Ok(Ok(id)),
                    Ok(None) => {}
                    Err(q) => return Ok(Err(q)),
                }
            }
            let req = if d.key.is_some() {
                Req::Create
            } else {
                Req::Edit
            };
            match self
                .with_retry(
                    "creating a GitHub deployment",
                    req,
                    &mut attempts,
                    &mut create,
                )
                .await?
            {
                Tried::Done(id) => return Ok(Ok(id)),
                Tried::LookFirst => look_first = true,
                Tried::GaveUp { queued, .. } => return Ok(Err(queued)),
            }
        }
    }
}
