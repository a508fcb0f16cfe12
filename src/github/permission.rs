//! A user's permission on a repository
//! (`GET /repos/{owner}/{repo}/collaborators/{username}/permission`): who may start a
//! sandbox ([`crate::sandbox::starters`]).

use super::client::parse_json;
use super::GitHub;
use crate::net::retry::Failure;
use serde::Deserialize;

#[derive(Deserialize)]
struct PermissionAnswer {
    permission: String,
}

impl GitHub {
    /// The permission of `login` on `repo` ("owner/name"): GitHub's `permission` field,
    /// `admin`, `maintain`, `write`, `triage`, `read` or `none` (GitHub REST docs,
    /// "Get repository permissions for a user"). A 404 (no such user, or GitHub hiding the
    /// repository from the token) is `none`. Needs the `metadata: read` permission, which
    /// every Actions `GITHUB_TOKEN` has.
    ///
    /// Errors: the [`Failure`] of the request (a 401/403 is the token's refusal).
    pub async fn collaborator_permission(
        &self,
        repo: &str,
        login: &str,
    ) -> Result<String, Failure> {
        let path = format!("/repos/{repo}/collaborators/{login}/permission");
        let (status, headers, bytes) = self.get(path).await?;
        if status == 404 {
            return Ok("none".to_string());
        }
        let a: PermissionAnswer = parse_json(status, &headers, &bytes, "a permission")?;
        Ok(a.permission)
    }
}
