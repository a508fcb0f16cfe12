//! Reading the issue itself (its title and author, every comment) under the retry policy:
//! what `brief`, `inbox` and `handoff` need besides the journal. Reads only; nothing here
//! writes to GitHub.

use super::{Publisher, Queued, Req, Tried};
use crate::error::Result;
use crate::github::{Comment, GitHub, Issue};
use crate::net::retry::Failure;
use crate::trust::Journal;
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

    /// Whether this publisher's token can read `repo` ([`GitHub::repo_readable`]): `false`
    /// when GitHub answers 404 (no such repository, or one this token cannot see).
    /// `Err(Queued)` says why GitHub could not be asked (`Queued::Auth`: the token was
    /// refused).
    ///
    /// Errors: [`crate::error::Error`] only when no client can be built.
    pub async fn read_repo_readable(
        &mut self,
        repo: &str,
    ) -> Result<std::result::Result<bool, Queued>> {
        self.current = None;
        self.request("reading the repository", Req::Read, |gh| {
            let repo = repo.to_string();
            async move { gh.repo_readable(&repo).await }
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

impl Publisher<'_> {
    /// The rule of whose markers count ([`crate::trust`]) for `comments`, resolved for this
    /// publisher's token: the token's user is asked only when some comment holds a marker
    /// its author's association does not already settle, then kept for the command and
    /// cached per token hash (`users/<hash>.json` in the user's cache directory; never the
    /// token itself). When GitHub will not say who the token is (Actions' `GITHUB_TOKEN`
    /// answers `GET /user` with 403), the token's user is unknown and only the rest of the
    /// rule applies — except inside GitHub Actions, where it is taken to be
    /// `github-actions[bot]`. Never fails for GitHub's answers.
    ///
    /// Errors: none today besides those of building the client ([`crate::error::Error`]).
    pub async fn journal_trust(&mut self, comments: &[Comment]) -> Result<Journal> {
        let writers = self.settings.writers.clone();
        if self.me.is_none() && crate::trust::needs_me(&writers, comments) {
            let me = self.token_user().await?;
            self.me = Some(me);
        }
        Ok(Journal {
            writers,
            me: self.me.clone().flatten(),
        })
    }

    /// The token's user: from the cache, else `GET /user` (then cached).
    async fn token_user(&mut self) -> Result<Option<String>> {
        let Some((token, _)) = self.settings.token.clone() else {
            return Ok(None);
        };
        let file = self.settings.user_cache.as_ref().map(|d| {
            d.join(format!(
                "{}.json",
                crate::gate::key(crate::gate::Api::GitHub, &self.settings.api_url, &token)
            ))
        });
        if let Some(login) = file.as_deref().and_then(read_cached_user) {
            return Ok(Some(login));
        }
        let asked = self
            .request(
                "asking GitHub who the token is",
                Req::Read,
                |gh| async move { gh.current_user().await },
            )
            .await?;
        let user = match asked {
            Ok(u) => u,
            // The workflow's GITHUB_TOKEN may not read `GET /user`; it writes as the
            // Actions bot (not cached: another token may be refused for other reasons).
            Err(Queued::Auth(_) | Queued::Refused(_)) if self.settings.in_actions => {
                return Ok(Some(crate::trust::ACTIONS_BOT.to_string()))
            }
            Err(_) => return Ok(None),
        };
        if !crate::trust::is_login(&user.login) {
            return Ok(None);
        }
        if let Some(f) = &file {
            // A cache: a failed write only means asking again next time.
            if let Some(dir) = f.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = crate::workspace::atomic::write_cache(
                f,
                serde_json::json!({ "login": user.login })
                    .to_string()
                    .as_bytes(),
            );
        }
        Ok(Some(user.login))
    }
}

/// The login cached in `file`, when it holds a readable one.
fn read_cached_user(file: &std::path::Path) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    let login = v["login"].as_str()?;
    crate::trust::is_login(login).then(|| login.to_string())
}
