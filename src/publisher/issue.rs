//! Reading the issue itself (its title and author, every comment) under the retry policy:
//! what `brief`, `inbox` and `handoff` need besides the journal. Reads only; nothing here
//! writes to GitHub.

use super::{Publisher, Queued, Req, Tried};
use crate::error::Result;
use crate::github::{Comment, GitHub, Issue};
use crate::net::retry::Failure;
use chrono::{DateTime, Utc};

impl Publisher<'_> {
    /// Runs one request under the retry policy until it succeeds or the policy gives up
    /// (`Err(Queued)` says why). `req`: a read, or an edit — a change GitHub may be sent
    /// again as it is (tri uses this only for requests whose repeat changes nothing more:
    /// setting an issue's labels, creating a label); edits take the gate's serial slot.
    pub(super) async fn request<T, F, Fut>(
        &mut self,
        what: &str,
        req: Req,
        mut op: F,
    ) -> Result<std::result::Result<T, Queued>>
    where
        F: FnMut(GitHub) -> Fut,
        Fut: std::future::Future<Output = std::result::Result<T, Failure>>,
    {
        let mut attempts = 0u32;
        loop {
            match self.with_retry(what, req, &mut attempts, &mut op).await? {
                Tried::Done(v) => return Ok(Ok(v)),
                // Safe to send again as it is (see above).
                Tried::LookFirst => continue,
                Tried::GaveUp { queued, .. } => return Ok(Err(queued)),
            }
        }
    }

    /// The issue `repo#issue`: its title and author. `Err(Queued)` says why GitHub could not
    /// be read.
    ///
    /// Errors: [`crate::error::Error`] only when no client can be built.
    pub async fn read_issue(
        &mut self,
        repo: &str,
        issue: u64,
    ) -> Result<std::result::Result<Issue, Queued>> {
        self.current = None;
        self.request("reading the issue", Req::Read, |gh| {
            let repo = repo.to_string();
            async move { gh.get_issue(&repo, issue).await }
        })
        .await
    }

    /// The state of `repo#issue` (`open`, `closed`; `None`: 404/410, the issue is gone).
    /// `Err(Queued)` says why GitHub could not be read.
    ///
    /// Errors: [`crate::error::Error`] only when no client can be built.
    pub async fn read_issue_state(
        &mut self,
        repo: &str,
        issue: u64,
    ) -> Result<std::result::Result<Option<String>, Queued>> {
        self.current = None;
        self.request("reading the issue's state", Req::Read, |gh| {
            let repo = repo.to_string();
            async move { gh.issue_state(&repo, issue).await }
        })
        .await
    }

    /// Every comment of `repo#issue` updated at or after `since` (all of them: `None`),
    /// oldest first, every page. `Err(Queued)` says why GitHub could not be read.
    ///
    /// Errors: [`crate::error::Error`] only when no client can be built.
    pub async fn read_comments(
        &mut self,
        repo: &str,
        issue: u64,
        since: Option<DateTime<Utc>>,
    ) -> Result<std::result::Result<Vec<Comment>, Queued>> {
        self.current = None;
        let since = since.unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
        self.request("reading the issue's comments", Req::Read, |gh| {
            let repo = repo.to_string();
            async move { gh.list_comments(&repo, issue, since).await }
        })
        .await
    }
}
