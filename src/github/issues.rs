//! The issue and its labels: `GET` an issue (its title, its author), read and replace an
//! issue's labels in one `PUT`, create a repository label; whether the repository is
//! readable at all. The hand-offs' requests, on the
//! same client and error mapping as the comment requests ([`super::client`]).

use super::client::{parse_json, read, Issue, Label, PER_PAGE};
use super::GitHub;
use crate::net::retry::Failure;

impl GitHub {
    /// The issue `repo#issue` (`GET /repos/{owner}/{repo}/issues/{n}`).
    pub async fn get_issue(&self, repo: &str, issue: u64) -> Result<Issue, Failure> {
        let (status, headers, bytes) = self.get(format!("/repos/{repo}/issues/{issue}")).await?;
        parse_json(status, &headers, &bytes, "an issue")
    }

    /// The state of `repo#issue` (`GET /repos/{owner}/{repo}/issues/{n}`): `Some("open")`
    /// or `Some("closed")`; `None` when GitHub answers 404 or 410 (deleted, transferred
    /// away, or never there).
    pub async fn issue_state(&self, repo: &str, issue: u64) -> Result<Option<String>, Failure> {
        #[derive(serde::Deserialize)]
        struct State {
            state: String,
        }
        let (status, headers, bytes) = self.get(format!("/repos/{repo}/issues/{issue}")).await?;
        if status == 404 || status == 410 {
            return Ok(None);
        }
        let s: State = parse_json(status, &headers, &bytes, "an issue")?;
        Ok(Some(s.state))
    }

    /// Whether this token can read `repo` (`GET /repos/{owner}/{repo}`): `true` on a 2xx,
    /// `false` on 404. GitHub answers 404 both for a repository that does not exist and for
    /// a private one the token cannot see (and a token with no access at all gets 404
    /// everywhere), so a 404 on one of its issues means "gone" only once this is `true`.
    /// Other answers are failures for the retry policy (401/403: the token).
    pub async fn repo_readable(&self, repo: &str) -> Result<bool, Failure> {
        let (status, headers, bytes) = self.get(format!("/repos/{repo}")).await?;
        if status == 404 {
            return Ok(false);
        }
        let _: serde_json::Value = parse_json(status, &headers, &bytes, "a repository")?;
        Ok(true)
    }

    /// The labels of `repo#issue`, every page
    /// (`GET /repos/{owner}/{repo}/issues/{n}/labels?per_page=100`).
    pub async fn issue_labels(&self, repo: &str, issue: u64) -> Result<Vec<Label>, Failure> {
        self.get_pages(format!(
            "/repos/{repo}/issues/{issue}/labels?per_page={PER_PAGE}"
        ))
        .await
    }

    /// Replaces every label of `repo#issue` with `names` in one request
    /// (`PUT /repos/{owner}/{repo}/issues/{n}/labels`, body `{"labels": [...]}`).
    pub async fn set_issue_labels(
        &self,
        repo: &str,
        issue: u64,
        names: &[String],
    ) -> Result<Vec<Label>, Failure> {
        let res = self
            .octo
            ._put(
                format!("/repos/{repo}/issues/{issue}/labels"),
                Some(&serde_json::json!({ "labels": names })),
            )
            .await;
        let (status, headers, bytes) = read(&self.net, res).await?;
        parse_json(status, &headers, &bytes, "a label list")
    }

    /// The labels of `repo`, every page (`GET /repos/{owner}/{repo}/labels?per_page=100`).
    pub async fn repo_labels(&self, repo: &str) -> Result<Vec<Label>, Failure> {
        self.get_pages(format!("/repos/{repo}/labels?per_page={PER_PAGE}"))
            .await
    }

    /// Creates label `name` in `repo` (`POST /repos/{owner}/{repo}/labels`; `color`: 6 hex
    /// digits without `#`). GitHub answers 422 when it exists already.
    pub async fn create_label(
        &self,
        repo: &str,
        name: &str,
        color: &str,
        description: &str,
    ) -> Result<Label, Failure> {
        let body = serde_json::json!({"name": name, "color": color, "description": description});
        let (status, headers, bytes) = self.post(format!("/repos/{repo}/labels"), &body).await?;
        parse_json(status, &headers, &bytes, "a label")
    }
}
