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
//! A `POST …/deployments` whose answer is lost is sent again: GitHub may then hold two
//! deployments of the sandbox (the newer one gets the statuses); the statuses themselves are
//! append-only, a repeat changes nothing anyone sees.

use super::{Publisher, Queued, Req};
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
        st.pending.extend(changes);
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
                Change::Create(d) => {
                    let r = self
                        .request("creating a GitHub deployment", Req::Edit, |gh| {
                            let (repo, d) = (repo.clone(), d.clone());
                            async move { gh.create_deployment(&repo, &d).await }
                        })
                        .await?;
                    r.map(|id| st.deployment_id = Some(id))
                }
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
}
