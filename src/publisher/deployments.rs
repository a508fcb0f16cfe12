//! GitHub deployments of a sandbox ([`crate::github::deployments`]), never fatal: each
//! change — a new deployment, a status — is first appended to the issue's queue
//! `.trinity/deployments/<issue>.json`, then sent in order; one that fails stays queued,
//! audited, and `tri agent sync` sends it again (as state labels are left pending in
//! `.trinity/labels/`, [`super::labels`]).
//!
//! State file shape: `{"repo":"o/r","issue":42,"environment":"agent-42-demo-1a2b3c",
//! "deployment_id":7,"pending":[{"op":"create","ref":"main","environment":"…",
//! "description":"…"},{"op":"status","state":"in_progress","description":"…"}],
//! "attempts":1,"last_error":"…"}`. A status applies to the deployment the items before it
//! made (`deployment_id` once sent); with none known here (a fresh checkout's `destroy`),
//! to the environment's newest deployment on GitHub.
//!
//! A new deployment is created exactly once: it is queued with an idempotency key
//! ([`NewDeployment::key`]), and a `POST …/deployments` that may have reached GitHub without
//! an answer (a time-out, a dropped connection, a 5xx), or that an earlier command left
//! queued after a failure, is looked for by that key before it is sent again. The statuses
//! are append-only: a repeat changes nothing anyone sees.

use super::{Publisher, Queued, Req, Tried};
use crate::audit::{self, Record};
use crate::error::{Error, Result};
use crate::github::deployments::{NewDeployment, NewStatus};
use crate::workspace::{atomic, Workspace};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One queued change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// A new deployment.
    Create(NewDeployment),
    /// A status of the current deployment.
    Status(NewStatus),
}

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
    /// The current deployment on GitHub, once created.
    #[serde(default)]
    pub deployment_id: Option<u64>,
    /// Changes not yet sent, in order.
    #[serde(default)]
    pub pending: Vec<Change>,
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
const HINT: &str = "remove it: it holds only GitHub deployment statuses not yet sent";

fn read_state(path: &Path) -> Result<Option<DeploymentState>> {
    crate::workspace::read_json(path, HINT)
}

fn write_state(path: &Path, s: &DeploymentState) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    }
    atomic::write_cache(path, &atomic::json_bytes(path, s)?)
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

impl Publisher<'_> {
    /// Queues `changes` for `repo#issue`'s sandbox deployments (environment `environment`)
    /// and sends everything queued for it, in order. `Ok(None)`: all sent; `Ok(Some(q))`:
    /// some left queued for `tri agent sync` (`q` says why). Never fails on GitHub's
    /// account.
    ///
    /// Errors: [`Error::Io`]/[`Error::Corrupt`] on the state file only.
    pub async fn sandbox_deployment(
        &mut self,
        repo: &str,
        issue: u64,
        environment: &str,
        changes: Vec<Change>,
    ) -> Result<Option<Queued>> {
        let path = state_path(self.ws, issue);
        let mut st = read_state(&path)?.unwrap_or_default();
        st.repo = repo.to_string();
        st.issue = issue;
        st.environment = environment.to_string();
        st.pending.extend(changes.into_iter().map(|mut c| {
            if let Change::Create(d) = &mut c {
                d.key
                    .get_or_insert_with(|| uuid::Uuid::now_v7().to_string());
            }
            c
        }));
        // Queued before the first request: a process killed now leaves it for `sync`.
        write_state(&path, &st)?;
        self.send_deployments(&path, st).await
    }

    /// Sends what is queued for `issue` (`tri agent sync`). See [`Self::sandbox_deployment`].
    ///
    /// Errors: as [`Self::sandbox_deployment`].
    pub async fn flush_deployments(&mut self, issue: u64) -> Result<Option<Queued>> {
        let path = state_path(self.ws, issue);
        match read_state(&path)? {
            Some(st) if !st.pending.is_empty() => self.send_deployments(&path, st).await,
            _ => Ok(None),
        }
    }

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
                Change::Create(d) => self
                    .create_deployment_once(&repo, d, st.attempts > 0)
                    .await?
                    .map(|id| st.deployment_id = Some(id)),
                Change::Status(s) => {
                    let id = match st.deployment_id {
                        Some(id) => Ok(Some(id)),
                        None => {
                            let env = st.environment.clone();
                            self.request(
                                "finding the sandbox's GitHub deployment",
                                Req::Read,
                                |gh| {
                                    let (repo, env) = (repo.clone(), env.clone());
                                    async move { gh.latest_deployment(&repo, &env).await }
                                },
                            )
                            .await?
                        }
                    };
                    match id {
                        // No deployment on GitHub to set a status on: nothing to do.
                        Ok(None) => Ok(()),
                        Ok(Some(id)) => {
                            st.deployment_id = Some(id);
                            self.request("setting a GitHub deployment status", Req::Edit, |gh| {
                                let (repo, s) = (repo.clone(), s.clone());
                                async move { gh.create_deployment_status(&repo, id, &s).await }
                            })
                            .await?
                        }
                        Err(q) => Err(q),
                    }
                }
            };
            match sent {
                Ok(()) => {
                    st.pending.remove(0);
                    st.attempts = 0;
                    st.last_error = None;
                    let what = match &change {
                        Change::Create(d) => format!("deployment of {} created", d.environment),
                        Change::Status(s) => format!("deployment status {}", s.state),
                    };
                    audit::append(
                        &self.ws.audit_file(),
                        &Record::new("github_deployment", "ok")
                            .issue(st.issue)
                            .detail(&what, &secrets),
                    );
                    write_state(path, &st)?;
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
                    write_state(path, &st)?;
                    return Ok(Some(q));
                }
            }
        }
        Ok(None)
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
