//! GitHub deployments: a sandbox shows on GitHub as a deployment to an
//! environment named after it, with statuses `in_progress` → `success`/`failure` →
//! `inactive`, as Vercel, Netlify and Railway's PR environments report previews.
//!
//! Requests (GitHub REST, "Deployments" and "Deployment statuses"; `deployments: write`):
//! - `POST /repos/{owner}/{repo}/deployments` with `ref`, `environment`,
//!   `transient_environment: true`, `auto_merge: false`, `required_contexts: []` (a preview
//!   waits for no status check), `description`;
//! - `POST /repos/{owner}/{repo}/deployments/{id}/statuses` with `state`,
//!   `environment_url`, `log_url` (both without userinfo), `description` (at most 140
//!   characters, GitHub's limit).
//!
//! Exactly once: a new deployment carries an idempotency key in its `payload`
//! (`{"tri_key": "<uuid>"}`), and a create whose answer may have been lost is looked for by
//! that key (`GET …/deployments?environment=E`) before it is sent again. Only people with
//! write access create deployments, so a key found there is tri's own.

use super::client::parse_json;
use super::GitHub;
use crate::net::retry::Failure;
use serde::{Deserialize, Serialize};

/// GitHub's longest deployment status description, characters.
pub const MAX_DESCRIPTION_CHARS: usize = 140;

/// A new deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDeployment {
    /// The branch, tag or commit deployed.
    #[serde(rename = "ref")]
    pub git_ref: String,
    /// The environment: the sandbox's service name.
    pub environment: String,
    /// One line for people.
    pub description: String,
    /// The idempotency key sent as the deployment's `payload.tri_key` (a UUID, set when the
    /// change is queued); `None` in queues written without keys (then a lost answer may
    /// leave two deployments: without a key, an earlier create cannot be recognised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// A deployment status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewStatus {
    /// `in_progress`, `success`, `failure`, `inactive` (GitHub also knows `error`,
    /// `queued`, `pending`).
    pub state: String,
    /// Where the deployment answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_url: Option<String>,
    /// Where its output is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_url: Option<String>,
    /// One line for people (cut to [`MAX_DESCRIPTION_CHARS`]).
    pub description: String,
}

#[derive(Deserialize)]
struct Created {
    id: u64,
}

/// A listed deployment: its id and the idempotency key in its payload, if any.
#[derive(Deserialize)]
struct Listed {
    id: u64,
    #[serde(default)]
    payload: serde_json::Value,
}

/// `environment` as sent in a query: sandbox names are `a-z0-9-` (crate::sandbox::naming);
/// anything else is dropped rather than sent unescaped.
fn query_env(environment: &str) -> String {
    environment
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

impl GitHub {
    /// Creates a deployment of `repo`; returns its id.
    pub async fn create_deployment(&self, repo: &str, d: &NewDeployment) -> Result<u64, Failure> {
        let mut body = serde_json::json!({
            "ref": d.git_ref,
            "environment": d.environment,
            "transient_environment": true,
            "production_environment": false,
            "auto_merge": false,
            "required_contexts": [],
            "description": d.description,
        });
        if let Some(k) = &d.key {
            body["payload"] = serde_json::json!({ "tri_key": k });
        }
        let path = format!("/repos/{repo}/deployments");
        let (status, headers, bytes) = self.post(path, &body).await?;
        Ok(parse_json::<Created>(status, &headers, &bytes, "a deployment")?.id)
    }

    /// Adds a status to deployment `id` of `repo`.
    pub async fn create_deployment_status(
        &self,
        repo: &str,
        id: u64,
        s: &NewStatus,
    ) -> Result<(), Failure> {
        let mut body = serde_json::json!({
            "state": s.state,
            "description": s.description.chars().take(MAX_DESCRIPTION_CHARS).collect::<String>(),
        });
        // Shown to everyone who can read the repository: never a credential.
        if let Some(u) = &s.environment_url {
            body["environment_url"] = crate::redact::without_userinfo(u).into();
        }
        if let Some(u) = &s.log_url {
            body["log_url"] = crate::redact::without_userinfo(u).into();
        }
        if s.state == "inactive" || s.state == "success" {
            // Older successes of the environment go inactive on their own.
            body["auto_inactive"] = true.into();
        }
        let path = format!("/repos/{repo}/deployments/{id}/statuses");
        let (status, headers, bytes) = self.post(path, &body).await?;
        parse_json::<Created>(status, &headers, &bytes, "a deployment status").map(|_| ())
    }

    /// The newest deployment of `repo` to `environment`
    /// (`GET /repos/{owner}/{repo}/deployments?environment=E&per_page=1`; GitHub lists
    /// newest first); `None` when there is none.
    pub async fn latest_deployment(
        &self,
        repo: &str,
        environment: &str,
    ) -> Result<Option<u64>, Failure> {
        let env = query_env(environment);
        let path = format!("/repos/{repo}/deployments?environment={env}&per_page=1");
        let (status, headers, bytes) = self.get(path).await?;
        let list: Vec<Created> = parse_json(status, &headers, &bytes, "a deployment list")?;
        Ok(list.first().map(|d| d.id))
    }

    /// The deployment of `repo` to `environment` whose `payload.tri_key` is `key`, among the
    /// environment's 100 newest (`GET /repos/{owner}/{repo}/deployments?environment=E&per_page=100`);
    /// `None` when there is none: the create never reached GitHub.
    pub async fn find_deployment(
        &self,
        repo: &str,
        environment: &str,
        key: &str,
    ) -> Result<Option<u64>, Failure> {
        let env = query_env(environment);
        let path = format!("/repos/{repo}/deployments?environment={env}&per_page=100");
        let (status, headers, bytes) = self.get(path).await?;
        let list: Vec<Listed> = parse_json(status, &headers, &bytes, "a deployment list")?;
        Ok(list
            .iter()
            .find(|d| d.payload.get("tri_key").and_then(|k| k.as_str()) == Some(key))
            .map(|d| d.id))
    }
}
