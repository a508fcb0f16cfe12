//! Pull requests and their reviews, and conditional reads: the pull request of a branch
//! (`GET /repos/{o}/{r}/pulls?head=OWNER:BRANCH`), its reviews (`GET …/pulls/{n}/reviews`,
//! state `APPROVED` | `CHANGES_REQUESTED` | `COMMENTED` | `DISMISSED` | `PENDING`), its review
//! comments (`GET …/pulls/{n}/comments`, with path and line), and any list read with
//! `If-None-Match` (GitHub docs, "Conditional requests": a 304 does not count against the
//! primary rate limit). Same client and error mapping as the comment requests
//! ([`super::client`]).

use super::client::{parse_json, read, User};
use super::GitHub;
use crate::net::retry::Failure;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// A pull request, as much of it as tri uses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PullRequest {
    /// Its number (an issue number of the repository).
    pub number: u64,
    /// Its page.
    #[serde(default)]
    pub html_url: String,
    /// `open` or `closed`.
    #[serde(default)]
    pub state: String,
}

/// A review of a pull request (`GET /repos/{o}/{r}/pulls/{n}/reviews`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Review {
    /// Review id.
    pub id: u64,
    /// Who wrote it.
    #[serde(default)]
    pub user: Option<User>,
    /// Its text (may be empty: a bare approval).
    #[serde(default)]
    pub body: Option<String>,
    /// `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING`.
    #[serde(default)]
    pub state: String,
    /// Its page.
    #[serde(default)]
    pub html_url: String,
    /// When it was submitted (`None` while pending).
    #[serde(default)]
    pub submitted_at: Option<DateTime<Utc>>,
    /// GitHub's `author_association` of its author.
    #[serde(default)]
    pub author_association: Option<String>,
}

/// A review comment: a comment on a line of the pull request's diff
/// (`GET /repos/{o}/{r}/pulls/{n}/comments`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReviewComment {
    /// Comment id.
    pub id: u64,
    /// Who wrote it.
    #[serde(default)]
    pub user: Option<User>,
    /// Its markdown.
    #[serde(default)]
    pub body: Option<String>,
    /// The file it is on, relative to the repository root.
    #[serde(default)]
    pub path: Option<String>,
    /// The line of the file it is on (`None` when outdated; see `original_line`).
    #[serde(default)]
    pub line: Option<u64>,
    /// The line it was written on.
    #[serde(default)]
    pub original_line: Option<u64>,
    /// Its page.
    #[serde(default)]
    pub html_url: String,
    /// When it was written.
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    /// GitHub's `author_association` of its author.
    #[serde(default)]
    pub author_association: Option<String>,
}

/// The answer to a conditional read.
#[derive(Debug, Clone, PartialEq)]
pub enum Conditional {
    /// 304 Not Modified: the list is what the ETag sent named.
    NotModified {
        /// `X-Poll-Interval`, seconds: how long GitHub asks pollers to wait before the next
        /// read, when it says.
        poll_interval_s: Option<u64>,
    },
    /// 200: the list's items (every page; the first page's ETag only is kept, for the next
    /// read), as JSON values.
    Fresh {
        /// The first page's `ETag` header, when GitHub sent one.
        etag: Option<String>,
        /// Every item, in GitHub's order.
        items: Vec<serde_json::Value>,
        /// The first page's `X-Poll-Interval`, seconds, when GitHub sent one.
        poll_interval_s: Option<u64>,
    },
}

impl Conditional {
    /// How long GitHub asked pollers to wait before reading the list again (its
    /// `X-Poll-Interval` header, seconds), when it said.
    pub fn poll_interval_s(&self) -> Option<u64> {
        match self {
            Conditional::NotModified { poll_interval_s }
            | Conditional::Fresh {
                poll_interval_s, ..
            } => *poll_interval_s,
        }
    }
}

/// The `X-Poll-Interval` header (whole seconds), when present and a number.
fn poll_interval(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get("x-poll-interval")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

impl GitHub {
    /// The open pull requests whose head is `owner:branch` in `repo`
    /// (`GET /repos/{o}/{r}/pulls?head=OWNER:BRANCH&state=open`), newest first as GitHub
    /// lists them.
    pub async fn pulls_of_branch(
        &self,
        repo: &str,
        owner: &str,
        branch: &str,
    ) -> Result<Vec<PullRequest>, Failure> {
        let head = format!("{owner}:{branch}");
        let head: String = url_encode(&head);
        self.get_pages(format!(
            "/repos/{repo}/pulls?head={head}&state=open&per_page=100"
        ))
        .await
    }

    /// Every review of pull request `repo#n`, oldest first ([`reviews_path`]).
    pub async fn list_reviews(&self, repo: &str, n: u64) -> Result<Vec<Review>, Failure> {
        self.get_pages(reviews_path(repo, n)).await
    }

    /// Every review comment of pull request `repo#n` written at or after `since`, oldest
    /// first ([`review_comments_path`]).
    pub async fn list_review_comments(
        &self,
        repo: &str,
        n: u64,
        since: DateTime<Utc>,
    ) -> Result<Vec<ReviewComment>, Failure> {
        self.get_pages(review_comments_path(repo, n, since)).await
    }

    /// Reads the list at `first` (a path under the API base, or a URL on its origin), at most
    /// [`MAX_PAGES`](super::client::MAX_PAGES) pages, sending `If-None-Match: etag` with the
    /// first when `etag` is given.
    pub async fn get_conditional(
        &self,
        first: &str,
        etag: Option<&str>,
    ) -> Result<Conditional, Failure> {
        let mut headers = http::HeaderMap::new();
        if let Some(e) = etag.and_then(|e| http::HeaderValue::from_str(e).ok()) {
            headers.insert(http::header::IF_NONE_MATCH, e);
        }
        let res = self
            .octo
            ._get_with_headers(first.to_string(), Some(headers))
            .await;
        let (status, headers, bytes) = read(&self.net, res).await?;
        let poll_interval_s = poll_interval(&headers);
        if status == 304 {
            return Ok(Conditional::NotModified { poll_interval_s });
        }
        let mut items: Vec<serde_json::Value> = parse_json(status, &headers, &bytes, "a list")?;
        let etag = headers
            .get(http::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if let Some(next) = self.next_page(&headers) {
            // The first page counts: at most MAX_PAGES in all, as every other list.
            let mut pages = 1;
            self.each_page(next, "a list", |mut page: Vec<serde_json::Value>| {
                items.append(&mut page);
                pages += 1;
                pages < super::client::MAX_PAGES
            })
            .await?;
        }
        Ok(Conditional::Fresh {
            etag,
            items,
            poll_interval_s,
        })
    }
}

/// `s` with every byte outside RFC 3986's unreserved set percent-encoded (a branch name may
/// hold `/`, `#`, `&`, ...).
pub fn url_encode(s: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    const ESCAPED: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    utf8_percent_encode(s, ESCAPED).to_string()
}

/// The path of the conversation comments of `repo#issue` written at or after `since`
/// (`GET /repos/{o}/{r}/issues/{n}/comments?since=…&per_page=100`).
pub fn issue_comments_path(repo: &str, issue: u64, since: DateTime<Utc>) -> String {
    let since = since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    format!("/repos/{repo}/issues/{issue}/comments?since={since}&per_page=100")
}

/// The path of the reviews of pull request `repo#n` (`…/pulls/{n}/reviews?per_page=100`).
pub fn reviews_path(repo: &str, n: u64) -> String {
    format!("/repos/{repo}/pulls/{n}/reviews?per_page=100")
}

/// The path of the review comments of pull request `repo#n` written at or after `since`
/// (`…/pulls/{n}/comments?since=…&per_page=100`).
pub fn review_comments_path(repo: &str, n: u64, since: DateTime<Utc>) -> String {
    let since = since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    format!("/repos/{repo}/pulls/{n}/comments?since={since}&per_page=100")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_names_are_encoded_for_the_head_parameter() {
        assert_eq!(url_encode("octo:feat/x#1"), "octo%3Afeat%2Fx%231");
        assert_eq!(url_encode("a-b_c.d~e"), "a-b_c.d~e");
    }

    #[test]
    fn reviews_and_review_comments_read_from_githubs_shape() {
        let r: Review = serde_json::from_str(
            r#"{"id":1,"user":{"login":"alice"},"body":"please fix","state":"CHANGES_REQUESTED",
            "html_url":"u","submitted_at":"2026-11-21T22:00:00Z","author_association":"MEMBER","commit_id":"abc"}"#,
        )
        .unwrap();
        assert_eq!(r.state, "CHANGES_REQUESTED");
        let c: ReviewComment = serde_json::from_str(
            r#"{"id":2,"user":{"login":"bob"},"body":"typo","path":"src/x.rs","line":12,
            "original_line":10,"html_url":"u","created_at":"2026-11-21T22:00:00Z","author_association":"NONE"}"#,
        )
        .unwrap();
        assert_eq!((c.path.as_deref(), c.line), (Some("src/x.rs"), Some(12)));
        let p = issue_comments_path("o/r", 7, "2026-11-21T22:00:05.700Z".parse().unwrap());
        assert_eq!(
            p,
            "/repos/o/r/issues/7/comments?since=2026-11-21T22:00:05Z&per_page=100"
        );
    }
}
