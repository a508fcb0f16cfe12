//! The GitHub REST client: octocrab over tri's shared HTTP client ([`crate::net::Client`], so
//! proxies, trust and time-outs follow `net`, and transport errors are described with that
//! client's settings), with octocrab's own retry layer left out — tri owns the retry
//! policy (`net::retry`), because octocrab's re-sends a failed POST at once and turns
//! a 5xx after a write into a duplicate comment.
//!
//! Every call returns the raw outcome as a [`Failure`] the retry policy understands.

use crate::error::{Error, Result};
use crate::net::retry::{Failure, StatusFailure};
use chrono::{DateTime, SecondsFormat, Utc};
use http::HeaderMap;
use http_body_util::BodyExt;
use octocrab::Octocrab;
use serde::Deserialize;

/// GitHub REST API version tri is written against (sent as `X-GitHub-Api-Version`).
pub const API_VERSION: &str = "2022-11-28";

/// Comments fetched per page when looking for a marker (GitHub's maximum, 100).
pub const PER_PAGE: u32 = 100;

/// Most pages read when looking for a marker (10,000 comments).
pub const MAX_PAGES: u32 = 100;

/// An issue comment, as much of it as tri uses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Comment {
    /// Comment id.
    pub id: u64,
    /// Link to the comment on github.com (or the Enterprise host).
    pub html_url: String,
    /// Markdown body.
    #[serde(default)]
    pub body: Option<String>,
    /// When it was written.
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    /// Who wrote it.
    #[serde(default)]
    pub user: Option<User>,
    /// The author's relation to the repository: `OWNER`, `MEMBER`, `COLLABORATOR`,
    /// `CONTRIBUTOR`, `NONE`, ... (GitHub's `author_association`).
    #[serde(default)]
    pub author_association: Option<String>,
}

/// A comment's author, as much of it as tri uses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct User {
    /// The login.
    pub login: String,
}

/// An issue, as much of it as tri uses (`GET /repos/{owner}/{repo}/issues/{n}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Issue {
    /// Its number.
    pub number: u64,
    /// Its title (a hand-off's goal).
    pub title: String,
    /// Who opened it (`tri agent inbox --trust author`).
    #[serde(default)]
    pub user: Option<User>,
}

/// A label, as much of it as tri uses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Label {
    /// Its name, e.g. `tri:working`.
    pub name: String,
}

/// A GitHub REST client bound to one API base and token.
#[derive(Clone)]
pub struct GitHub {
    pub(super) octo: Octocrab,
    /// The HTTP client under octocrab, which describes its transport errors.
    pub(super) net: crate::net::Client,
    /// `scheme://authority` of the API base: pages are only followed there.
    pub(super) origin: String,
}

impl std::fmt::Debug for GitHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GitHub { .. }") // never print the token
    }
}

impl GitHub {
    /// A client for `api_base` (e.g. `https://api.github.com` or `https://HOST/api/v3`) with
    /// `token`, over `http` (build it with [`crate::net::client`]).
    ///
    /// Errors: [`Error::Auth`] when the token holds characters no token has (naming
    /// `token_var`); [`Error::Usage`] when `api_base` is not a URL.
    pub fn new(
        api_base: &str,
        token: &str,
        token_var: &str,
        http: crate::net::Client,
    ) -> Result<GitHub> {
        super::check_token(token, token_var)?;
        let base: http::Uri = api_base.parse().map_err(|_| {
            Error::Usage(format!("GITHUB_API_URL=`{api_base}` is not a URL; use e.g. https://api.github.com or https://HOST/api/v3"))
        })?;
        if base.scheme().is_none() || base.authority().is_none() {
            return Err(Error::Usage(format!(
                "GITHUB_API_URL=`{api_base}` is not an absolute http(s) URL"
            )));
        }
        let octo = Octocrab::builder()
            .base_uri(base.clone())
            .map_err(|e| Error::Usage(format!("GITHUB_API_URL=`{api_base}`: {e}")))?
            .personal_token(token.to_string())
            .add_header(
                http::header::ACCEPT,
                "application/vnd.github+json".to_string(),
            )
            .add_header(
                http::HeaderName::from_static("x-github-api-version"),
                API_VERSION.to_string(),
            )
            .build_with_reqwest(http.http().clone())
            .map_err(|e| Error::Other(format!("cannot set up the GitHub client: {e}")))?;
        let origin = format!(
            "{}://{}",
            base.scheme_str().unwrap_or("https"),
            base.authority().map(|a| a.as_str()).unwrap_or_default()
        );
        Ok(GitHub {
            octo,
            net: http,
            origin,
        })
    }

    /// Creates a comment on `repo#issue` (`POST /repos/{owner}/{repo}/issues/{n}/comments`).
    pub async fn create_comment(
        &self,
        repo: &str,
        issue: u64,
        body: &str,
    ) -> Result<Comment, Failure> {
        let path = format!("/repos/{repo}/issues/{issue}/comments");
        let (status, headers, bytes) = self
            .post(path, &serde_json::json!({ "body": body }))
            .await?;
        parse_comment(status, &headers, &bytes)
    }

    /// Replaces the body of comment `id` (`PATCH /repos/{owner}/{repo}/issues/comments/{id}`;
    /// octocrab's own `update_comment` sends POST, which GitHub does not document).
    pub async fn update_comment(
        &self,
        repo: &str,
        id: u64,
        body: &str,
    ) -> Result<Comment, Failure> {
        let path = format!("/repos/{repo}/issues/comments/{id}");
        let res = self
            .octo
            ._patch(path, Some(&serde_json::json!({ "body": body })))
            .await;
        let (status, headers, bytes) = read(&self.net, res).await?;
        parse_comment(status, &headers, &bytes)
    }

    /// Every comment on `repo#issue` updated at or after `since` whose body satisfies
    /// `matches`, oldest first; with `first_only`, stops at the first.
    pub async fn find_comments(
        &self,
        repo: &str,
        issue: u64,
        since: DateTime<Utc>,
        matches: &dyn Fn(&str) -> bool,
        first_only: bool,
    ) -> Result<Vec<Comment>, Failure> {
        let since = since.to_rfc3339_opts(SecondsFormat::Secs, true);
        let first =
            format!("/repos/{repo}/issues/{issue}/comments?since={since}&per_page={PER_PAGE}");
        let mut found = Vec::new();
        self.each_page(first, "a comment list", |comments: Vec<Comment>| {
            for c in comments {
                if c.body.as_deref().is_some_and(matches) {
                    found.push(c);
                    if first_only {
                        return false;
                    }
                }
            }
            true
        })
        .await?;
        Ok(found)
    }

    /// Every comment on `repo#issue` updated at or after `since`, oldest first (the
    /// inbox, the brief's pull).
    pub async fn list_comments(
        &self,
        repo: &str,
        issue: u64,
        since: DateTime<Utc>,
    ) -> Result<Vec<Comment>, Failure> {
        self.find_comments(repo, issue, since, &|_| true, false)
            .await
    }

    /// The token's own user (`GET /user`): whose comments tri writes. GitHub Actions'
    /// `GITHUB_TOKEN` may not read it (403): the caller then knows no user.
    pub async fn current_user(&self) -> Result<User, Failure> {
        let (status, headers, bytes) = self.get("/user".to_string()).await?;
        parse_json(status, &headers, &bytes, "a user")
    }

    /// Every item of a paged list starting at `first` ([`GitHub::each_page`]).
    pub(super) async fn get_pages<T: serde::de::DeserializeOwned>(
        &self,
        first: String,
    ) -> Result<Vec<T>, Failure> {
        let mut all = Vec::new();
        self.each_page(first, "a list", |mut page: Vec<T>| {
            all.append(&mut page);
            true
        })
        .await?;
        Ok(all)
    }

    /// Reads the paged list at `first` (a path under the API base, or a URL on its origin)
    /// page by page, giving each page's items to `page` until it returns `false`: at most
    /// [`MAX_PAGES`] pages, `next` links followed only on the API's origin ([`next_page`]).
    /// `what` names the list in the error when a page cannot be read ([`parse_json`]).
    pub(super) async fn each_page<T: serde::de::DeserializeOwned>(
        &self,
        first: String,
        what: &str,
        mut page: impl FnMut(Vec<T>) -> bool,
    ) -> Result<(), Failure> {
        let mut next = Some(first);
        let mut pages = 0;
        while let Some(url) = next.take() {
            pages += 1;
            let (status, headers, bytes) = self.get(url).await?;
            if !page(parse_json(status, &headers, &bytes, what)?) {
                break;
            }
            if pages < MAX_PAGES {
                next = self.next_page(&headers);
            }
        }
        Ok(())
    }

    /// `GET path` (a path under the API base, or a URL on its origin): the answer as read.
    pub(super) async fn get(&self, path: String) -> Result<Raw, Failure> {
        read(&self.net, self.octo._get(path).await).await
    }

    /// `POST path` with the JSON `body`: the answer as read.
    pub(super) async fn post(
        &self,
        path: String,
        body: &impl serde::Serialize,
    ) -> Result<Raw, Failure> {
        read(&self.net, self.octo._post(path, Some(body)).await).await
    }

    /// The `rel="next"` URL of an answer's `Link` header ([`next_link`]), only on the API's
    /// own origin: a Link to another host is not GitHub's to give, and the token must not
    /// go there.
    pub(super) fn next_page(&self, headers: &HeaderMap) -> Option<String> {
        next_link(headers).filter(|u| same_origin(u, &self.origin))
    }
}

/// An answer as read: status, headers, body.
pub(super) type Raw = (u16, HeaderMap, bytes::Bytes);

pub(super) async fn read(
    net: &crate::net::Client,
    res: octocrab::Result<
        http::Response<http_body_util::combinators::BoxBody<bytes::Bytes, octocrab::Error>>,
    >,
) -> Result<Raw, Failure> {
    let res = res.map_err(|e| network_failure(net, &e))?;
    let status = res.status().as_u16();
    let (parts, body) = res.into_parts();
    let bytes = body
        .collect()
        .await
        .map_err(|e| network_failure(net, &e))?
        .to_bytes();
    Ok((status, parts.headers, bytes))
}

fn parse_comment(status: u16, headers: &HeaderMap, bytes: &[u8]) -> Result<Comment, Failure> {
    if !(200..300).contains(&status) {
        return Err(Failure::Status(status_failure(status, headers, bytes)));
    }
    // A 2xx with a body we cannot read: GitHub wrote it; the marker look-up will find it.
    serde_json::from_slice(bytes).map_err(|e| {
        Failure::Dropped(format!(
            "GitHub answered {status} with a body tri cannot read: {e}"
        ))
    })
}

/// A 2xx answer's body as `T` (`what` names it in the error); any other status as the
/// failure the retry policy reads.
pub(super) fn parse_json<T: serde::de::DeserializeOwned>(
    status: u16,
    headers: &HeaderMap,
    bytes: &[u8],
    what: &str,
) -> Result<T, Failure> {
    if !(200..300).contains(&status) {
        return Err(Failure::Status(status_failure(status, headers, bytes)));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| Failure::Dropped(format!("GitHub sent {what} tri cannot read: {e}")))
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The parts of a non-success answer the retry policy reads.
pub fn status_failure(status: u16, headers: &HeaderMap, bytes: &[u8]) -> StatusFailure {
    #[derive(Deserialize)]
    struct Msg {
        message: Option<String>,
    }
    let message = serde_json::from_slice::<Msg>(bytes)
        .ok()
        .and_then(|m| m.message)
        .unwrap_or_else(|| String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned());
    let message =
        crate::net::unfollowed_redirect(status, headers, "GITHUB_API_URL").unwrap_or(message);
    StatusFailure {
        status,
        retry_after_s: header_u64(headers, "retry-after"),
        ratelimit_remaining: header_u64(headers, "x-ratelimit-remaining"),
        ratelimit_reset: header_u64(headers, "x-ratelimit-reset"),
        message: message.chars().take(200).collect(),
    }
}

/// The `rel="next"` URL of a `Link` header (RFC 8288), if any.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    let link = headers.get(http::header::LINK)?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| matches!(p.trim(), "rel=\"next\"" | "rel=next"))
            .then(|| {
                url.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
    })
}

/// Whether `url` is on `origin` (`scheme://authority`): both parsed as URLs, then
/// [`crate::net::same_origin`] (the redirect rule); `false` when either is not a URL.
pub fn same_origin(url: &str, origin: &str) -> bool {
    let (u, o) = (reqwest::Url::parse(url), reqwest::Url::parse(origin));
    matches!((u, o), (Ok(u), Ok(o)) if crate::net::same_origin(&u, &o))
}

/// Classes a transport error of `net` by when it happened ([`crate::net::Client::classify`]):
/// could not be set up, could not connect (never sent), timed out, or dropped, with one line
/// naming the cause.
fn network_failure(net: &crate::net::Client, err: &(dyn std::error::Error + 'static)) -> Failure {
    let (phase, text) = net.classify(err);
    match phase {
        // Never sent; a setup problem (certificate, proxy configuration) is not retried.
        crate::net::Phase::Setup => Failure::Setup(text),
        crate::net::Phase::Connect => Failure::Connect(text),
        crate::net::Phase::Timeout => Failure::Timeout(text),
        crate::net::Phase::Dropped => Failure::Dropped(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            http::header::LINK,
            r#"<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last""#
                .parse()
                .unwrap(),
        );
        assert_eq!(
            next_link(&h).as_deref(),
            Some("https://api.github.com/x?page=3")
        );
        assert_eq!(next_link(&HeaderMap::new()), None);
    }

    #[test]
    fn pages_are_followed_only_on_the_api_origin() {
        assert!(same_origin(
            "https://api.github.com/x?page=2",
            "https://api.github.com"
        ));
        assert!(same_origin("HTTPS://GHE.corp/api/v3/x", "https://ghe.corp"));
        assert!(!same_origin(
            "https://api.github.com.evil/x",
            "https://api.github.com"
        ));
        assert!(!same_origin(
            "http://api.github.com/x",
            "https://api.github.com"
        ));
    }

    /// A list whose every page links to one more: each reader stops at [`MAX_PAGES`].
    #[tokio::test]
    async fn every_paged_read_stops_at_max_pages() {
        use wiremock::{matchers::method, Mock, MockServer, Request, ResponseTemplate};
        let server = MockServer::start().await;
        let base = server.uri();
        let next = base.clone();
        Mock::given(method("GET"))
            .respond_with(move |r: &Request| {
                let n: u32 = r
                    .url
                    .query_pairs()
                    .find(|(k, _)| k == "page")
                    .map_or(1, |(_, v)| v.parse().unwrap());
                ResponseTemplate::new(200)
                    .insert_header("link", format!("<{next}/x?page={}>; rel=\"next\"", n + 1))
                    .set_body_json(serde_json::json!([n]))
            })
            .mount(&server)
            .await;
        let http = crate::net::client_with(
            crate::net::Timeouts::default(),
            crate::net::ProxySettings::default(),
        )
        .unwrap();
        let gh = GitHub::new(&base, "ghp_test", "GH_TOKEN", http).unwrap();
        let all: Vec<u32> = gh.get_pages("/x?page=1".into()).await.unwrap();
        assert_eq!(all, (1..=MAX_PAGES).collect::<Vec<_>>());
        let requests = || async { server.received_requests().await.unwrap().len() };
        assert_eq!(requests().await, MAX_PAGES as usize);
        let crate::github::Conditional::Fresh { items, .. } =
            gh.get_conditional("/x?page=1", None).await.unwrap()
        else {
            panic!("a 200 is fresh")
        };
        assert_eq!(items.len(), MAX_PAGES as usize);
        assert_eq!(requests().await, 2 * MAX_PAGES as usize);
    }

    #[test]
    fn status_failure_reads_rate_limit_headers_and_message() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "12".parse().unwrap());
        h.insert("x-ratelimit-remaining", "0".parse().unwrap());
        h.insert("x-ratelimit-reset", "1700000000".parse().unwrap());
        let s = status_failure(
            403,
            &h,
            br#"{"message":"You have exceeded a secondary rate limit"}"#,
        );
        assert_eq!(s.retry_after_s, Some(12));
        assert_eq!(s.ratelimit_remaining, Some(0));
        assert_eq!(s.ratelimit_reset, Some(1_700_000_000));
        assert!(s.is_rate_limit());
        assert!(s.message.contains("secondary"));
    }
}
