//! Reading the session's pull request under the retry policy and the machine's gate: the
//! pull request of a branch, its reviews and review comments, and conditional reads of any
//! list (what `inbox`, `brief` and `wait` need). Reads only; nothing here writes to GitHub.

use super::{Publisher, Queued, Req};
use crate::error::Result;
use crate::github::{Conditional, Review, ReviewComment};
use chrono::{DateTime, Utc};

impl Publisher<'_> {
    /// The number of the newest open pull request whose head is `owner:branch` in `repo`
    /// (`None`: there is none). `Err(Queued)` says why GitHub could not be read.
    ///
    /// Errors: [`crate::error::Error`] only when no client can be built.
    pub async fn find_pull(
        &mut self,
        repo: &str,
        owner: &str,
        branch: &str,
    ) -> Result<std::result::Result<Option<u64>, Queued>> {
        self.current = None;
        Ok(self
            .request("looking for the branch's pull request", Req::Read, |gh| {
                let (repo, owner, branch) =
                    (repo.to_string(), owner.to_string(), branch.to_string());
                async move { gh.pulls_of_branch(&repo, &owner, &branch).await }
            })
            .await?
            .map(|prs| prs.first().map(|p| p.number)))
    }

    /// Every review of pull request `repo#n`. `Err(Queued)` says why GitHub could not be read.
    ///
    /// Errors: [`crate::error::Error`] only when no client can be built.
    pub async fn read_reviews(
        &mut self,
        repo: &str,
        n: u64,
    ) -> Result<std::result::Result<Vec<Review>, Queued>> {
        self.current = None;
        self.request("reading the pull request's reviews", Req::Read, |gh| {
            let repo = repo.to_string();
            async move { gh.list_reviews(&repo, n).await }
        })
        .await
    }

    /// Every review comment of pull request `repo#n` written at or after `since` (all:
    /// `None`). `Err(Queued)` says why GitHub could not be read.
    ///
    /// Errors: [`crate::error::Error`] only when no client can be built.
    pub async fn read_review_comments(
        &mut self,
        repo: &str,
        n: u64,
        since: Option<DateTime<Utc>>,
    ) -> Result<std::result::Result<Vec<ReviewComment>, Queued>> {
        self.current = None;
        let since = since.unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
        self.request(
            "reading the pull request's review comments",
            Req::Read,
            |gh| {
                let repo = repo.to_string();
                async move { gh.list_review_comments(&repo, n, since).await }
            },
        )
        .await
    }

    /// The list at `path` read with `If-None-Match: etag` ([`crate::github::GitHub::get_conditional`]),
    /// as a poller: after the list's turn at the gate ([`crate::gate::Gate::pace_poll`]: each
    /// list at most once a second across the machine), then through the gate as a read (it
    /// waits out a block GitHub asked for) and the retry policy (a limit answer becomes a
    /// block for every tri process). `Err(Queued)` says why GitHub could not be read.
    ///
    /// Errors: [`crate::error::Error`] only when no client can be built.
    pub async fn read_conditional(
        &mut self,
        path: &str,
        etag: Option<&str>,
    ) -> Result<std::result::Result<Conditional, Queued>> {
        self.current = None;
        let (_, gate) = self.client()?;
        gate.pace_poll(path).await;
        self.request("polling for replies", Req::Read, |gh| {
            let (path, etag) = (path.to_string(), etag.map(str::to_string));
            async move { gh.get_conditional(&path, etag.as_deref()).await }
        })
        .await
    }
}

impl Publisher<'_> {
    /// Starts a new round of reads with the whole wait budget again (`tri agent wait`: each
    /// poll may wait up to `TRI_PUBLISH_MAX_WAIT_S` for the gate, not the whole wait).
    pub fn new_round(&mut self) {
        self.waited_ms = 0;
    }
}
