//! GitHub: the REST client tri uses (through octocrab) and repository detection.

pub mod client;
pub mod deployments;
mod issues;
mod permission;
pub mod pulls;
pub mod repo;

pub use client::{Comment, GitHub, Issue, Label};
pub use pulls::{Conditional, PullRequest, Review, ReviewComment};

/// Default REST API base (`GITHUB_API_URL` overrides it; GitHub Enterprise Server is
/// `https://HOST/api/v3`).
pub const DEFAULT_API_URL: &str = "https://api.github.com";

/// The GitHub token from `GH_TOKEN`, else `GITHUB_TOKEN` (as gh reads them), with the name
/// of the variable it came from. Empty values count as unset.
pub fn token_from_env(env: &crate::env::Env) -> Option<(String, &'static str)> {
    ["GH_TOKEN", "GITHUB_TOKEN"].into_iter().find_map(|name| {
        env(name)
            .filter(|v| !v.trim().is_empty())
            .map(|v| (v.trim().to_string(), name))
    })
}

/// The API base from `GITHUB_API_URL` (trailing `/` removed), else [`DEFAULT_API_URL`].
pub fn api_url_from_env(env: &crate::env::Env) -> String {
    env("GITHUB_API_URL")
        .map(|u| u.trim().trim_end_matches('/').to_string())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| DEFAULT_API_URL.to_string())
}

/// The link to the GitHub Actions run this process runs in, from `GITHUB_SERVER_URL`
/// (without any userinfo, [`crate::redact::without_userinfo`]), `GITHUB_REPOSITORY`,
/// `GITHUB_RUN_ID` (and `GITHUB_RUN_ATTEMPT` when above 1); `None` outside Actions. Pure.
pub fn actions_run_url(env: &crate::env::Env) -> Option<String> {
    let server = crate::redact::without_userinfo(&env("GITHUB_SERVER_URL")?);
    let repo = env("GITHUB_REPOSITORY")?;
    let run = env("GITHUB_RUN_ID")?;
    let mut url = format!("{}/{repo}/actions/runs/{run}", server.trim_end_matches('/'));
    if let Some(a) = env("GITHUB_RUN_ATTEMPT").filter(|a| a != "1") {
        url.push_str(&format!("/attempts/{a}"));
    }
    Some(url)
}

/// Checks an API base such as `https://api.github.com` or `https://HOST/api/v3`: an
/// absolute https URL, or http only to a loopback host ([`crate::net::check_api_url`]).
/// Pure; called before anything is recorded, so a malformed `GITHUB_API_URL` refuses a
/// step up front.
///
/// Errors: [`crate::error::Error::Usage`] naming the variable and what to give.
pub fn check_api_url(api_base: &str) -> crate::error::Result<()> {
    crate::net::check_api_url(
        "GITHUB_API_URL",
        api_base,
        "https://api.github.com or https://HOST/api/v3",
    )
}

/// Checks that a token holds only the visible ASCII characters a GitHub token can have.
/// Pure; never prints the token.
///
/// Errors: [`crate::error::Error::Auth`] naming the variable `var`.
pub fn check_token(token: &str, var: &str) -> crate::error::Result<()> {
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(crate::error::Error::Auth(format!(
            "{var} holds characters a GitHub token cannot have; set it to a token from https://github.com/settings/tokens"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gh_token_wins_over_github_token() {
        let env = |k: &str| match k {
            "GH_TOKEN" => Some("a".to_string()),
            "GITHUB_TOKEN" => Some("b".to_string()),
            _ => None,
        };
        assert_eq!(token_from_env(&env), Some(("a".to_string(), "GH_TOKEN")));
        let env = |k: &str| (k == "GITHUB_TOKEN").then(|| "b".to_string());
        assert_eq!(
            token_from_env(&env),
            Some(("b".to_string(), "GITHUB_TOKEN"))
        );
        assert_eq!(token_from_env(&|_: &str| None), None);
    }

    #[test]
    fn api_url_default_and_enterprise() {
        assert_eq!(api_url_from_env(&|_: &str| None), "https://api.github.com");
        let ghe = |k: &str| (k == "GITHUB_API_URL").then(|| "https://ghe.corp/api/v3/".to_string());
        assert_eq!(api_url_from_env(&ghe), "https://ghe.corp/api/v3");
    }

    #[test]
    fn run_url_only_inside_actions() {
        assert_eq!(actions_run_url(&|_: &str| None), None);
        let env = |k: &str| match k {
            "GITHUB_SERVER_URL" => Some("https://github.com".to_string()),
            "GITHUB_REPOSITORY" => Some("o/r".to_string()),
            "GITHUB_RUN_ID" => Some("77".to_string()),
            "GITHUB_RUN_ATTEMPT" => Some("2".to_string()),
            _ => None,
        };
        assert_eq!(
            actions_run_url(&env).as_deref(),
            Some("https://github.com/o/r/actions/runs/77/attempts/2")
        );
        // A credential in the server URL is never part of a link tri writes.
        let env = |k: &str| match k {
            "GITHUB_SERVER_URL" => Some("https://x-access-token:s3cret@ghe.corp/".to_string()),
            other => env(other),
        };
        assert_eq!(
            actions_run_url(&env).as_deref(),
            Some("https://ghe.corp/o/r/actions/runs/77/attempts/2")
        );
    }

    #[test]
    fn api_urls_and_tokens_are_checked() {
        for ok in [
            "https://api.github.com",
            "http://127.0.0.1:8080",
            "http://localhost:9/api/v3",
            "http://[::1]:8080",
            "https://ghe.corp/api/v3",
        ] {
            assert!(check_api_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "not a url",
            "api.github.com",
            "ftp://x/api",
            "https://",
            "/api/v3",
            // Plain http only to this machine: a token is never sent unencrypted elsewhere.
            "http://ghe.internal/api/v3",
            "http://10.0.0.1:8080",
            "http://localhost.evil.com",
        ] {
            let e = check_api_url(bad).unwrap_err().to_string();
            assert!(e.contains("GITHUB_API_URL") && e.contains(bad), "{e}");
        }
        assert!(check_token("ghp_abc", "GH_TOKEN").is_ok());
        let e = check_token("ghp abc", "GH_TOKEN").unwrap_err().to_string();
        assert!(e.contains("GH_TOKEN") && !e.contains("ghp abc"), "{e}");
    }
}
