//! The session's pull request, for the commands that read its reviews (`inbox`, `brief`,
//! `wait`): the one named with `tri agent pr link N`, else the open pull request of the
//! current branch (`GET /repos/{o}/{r}/pulls?head=OWNER:BRANCH`, the branch from
//! `git rev-parse --abbrev-ref HEAD`).

use crate::error::Result;
use crate::publisher::Publisher;
use crate::workspace::link::Link;

/// The current branch of the working copy at `root` (`None`: not a git working copy, or a
/// detached HEAD). A repository without commits yet still names its branch.
pub fn current_branch(root: &std::path::Path) -> Option<String> {
    let run = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && s != "HEAD")
    };
    run(&["rev-parse", "--abbrev-ref", "HEAD"])
        .or_else(|| run(&["symbolic-ref", "--short", "HEAD"]))
}

/// The session's pull request and where it came from (`linked` or `branch`); `None` when
/// none is linked and the branch has no open one. A failed look-up is a warning (returned
/// second), never an error: the replies are still read.
///
/// Errors: only when no GitHub client can be built.
pub async fn session_pull(
    p: &mut Publisher<'_>,
    root: &std::path::Path,
    l: &Link,
) -> Result<(Option<(u64, &'static str)>, Option<String>)> {
    if let Some(n) = l.pull_request {
        return Ok((Some((n, "linked")), None));
    }
    let Some(branch) = current_branch(root) else {
        return Ok((None, None));
    };
    let owner = l.repo.split('/').next().unwrap_or_default();
    Ok(match p.find_pull(&l.repo, owner, &branch).await? {
        Ok(n) => (n.map(|n| (n, "branch")), None),
        Err(q) => (
            None,
            Some(format!(
                "the pull request of branch {branch} was not looked up: {q}"
            )),
        ),
    })
}

/// The session's pull request with its reviews and review comments, as read.
#[derive(Debug, Clone)]
pub struct PullRead {
    /// Its number.
    pub number: u64,
    /// `linked` or `branch`.
    pub source: &'static str,
    /// Its reviews.
    pub reviews: Vec<crate::github::Review>,
    /// Its review comments.
    pub review_comments: Vec<crate::github::ReviewComment>,
}

impl PullRead {
    /// Its reviews and review comments written at or after `since`, split by `trust`
    /// ([`crate::handoff::answer::pull_reviews`]; `author`: the issue's).
    pub fn split(
        &self,
        trust: crate::handoff::inbox::Trust,
        since: Option<chrono::DateTime<chrono::Utc>>,
        author: Option<&str>,
    ) -> crate::handoff::answer::PullReviews {
        let (reviews, comments) = (&self.reviews, &self.review_comments);
        crate::handoff::answer::pull_reviews(
            self.number,
            self.source,
            reviews,
            comments,
            trust,
            since,
            author,
        )
    }
}

/// Finds the session's pull request ([`session_pull`]) and reads its reviews and review
/// comments; `None` when there is none. What could not be read is a warning (returned),
/// never an error.
///
/// Errors: only when no GitHub client can be built.
pub async fn read_session_pull(
    p: &mut Publisher<'_>,
    root: &std::path::Path,
    l: &Link,
) -> Result<(Option<PullRead>, Vec<String>)> {
    let (found, warning) = session_pull(p, root, l).await?;
    let mut warnings: Vec<String> = warning.into_iter().collect();
    let Some((number, source)) = found else {
        return Ok((None, warnings));
    };
    let reviews = match p.read_reviews(&l.repo, number).await? {
        Ok(r) => r,
        Err(q) => {
            warnings.push(format!(
                "the reviews of pull request #{number} were not read: {q}"
            ));
            return Ok((None, warnings));
        }
    };
    let review_comments = match p.read_review_comments(&l.repo, number, None).await? {
        Ok(r) => r,
        Err(q) => {
            warnings.push(format!(
                "the review comments of pull request #{number} were not read: {q}"
            ));
            return Ok((None, warnings));
        }
    };
    Ok((
        Some(PullRead {
            number,
            source,
            reviews,
            review_comments,
        }),
        warnings,
    ))
}
