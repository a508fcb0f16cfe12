//! Which GitHub repository a workspace works on.
//!
//! Order (as gh resolves it): `--repo`, then `GH_REPO`, then `GITHUB_REPOSITORY` (set by
//! GitHub Actions), then the git remotes `upstream`, `github`, `origin`, in that order,
//! in https or ssh URL form. The resolution itself is pure ([`resolve`]).

use crate::error::{Error, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// Where the repo came from, for messages and `tri config show`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoSource {
    /// `--repo`.
    Flag,
    /// An environment variable, by name.
    Env(&'static str),
    /// A git remote, by name.
    Remote(String),
}

impl std::fmt::Display for RepoSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RepoSource::Flag => f.write_str("--repo"),
            RepoSource::Env(name) => f.write_str(name),
            RepoSource::Remote(r) => write!(f, "git remote {r}"),
        }
    }
}

fn valid_part(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Checks and normalises "owner/name" (a trailing `.git` is dropped).
///
/// Errors: [`Error::Usage`] saying what form is expected.
pub fn parse_repo(s: &str) -> Result<String> {
    let t = s.trim();
    let t = t.strip_suffix(".git").unwrap_or(t);
    match t.split_once('/') {
        Some((owner, name)) if valid_part(owner) && valid_part(name) => {
            Ok(format!("{owner}/{name}"))
        }
        _ => Err(Error::Usage(format!(
            "`{s}` is not a repository; use the form OWNER/NAME, e.g. octo-org/octo-repo"
        ))),
    }
}

/// "owner/name" from a git remote URL: `https://host/owner/name(.git)`,
/// `ssh://git@host[:port]/owner/name.git`, `git@host:owner/name.git`, `git://host/owner/name`.
/// `None` for anything else (local paths, URLs with more or fewer path parts).
pub fn parse_remote_url(url: &str) -> Option<String> {
    let url = url.trim();
    let path = if let Some((_, rest)) = url.split_once("://") {
        // scheme://[user@]host[:port]/path
        rest.split_once('/')?.1
    } else if let Some((host, path)) = url.split_once(':') {
        // scp-like: [user@]host:path (host must not look like a drive letter or path)
        if host.is_empty() || host.contains('/') || host.len() == 1 {
            return None;
        }
        path
    } else {
        return None;
    };
    let path = path.trim_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let mut parts = path.split('/');
    let (owner, name) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    parse_repo(&format!("{owner}/{name}")).ok()
}

/// The remote names tried, in order.
pub const REMOTE_ORDER: [&str; 3] = ["upstream", "github", "origin"];

/// Resolves the repo from a flag, an environment reader and the git remotes
/// (`(name, url)` pairs). Pure.
///
/// Errors: [`Error::Usage`] for a malformed value from the flag or the environment, or when
/// no source gives a repo (the message names every way to give one).
pub fn resolve(
    flag: Option<&str>,
    env: &crate::env::Env,
    remotes: &[(String, String)],
) -> Result<(String, RepoSource)> {
    if let Some(f) = flag {
        return Ok((parse_repo(f)?, RepoSource::Flag));
    }
    for name in ["GH_REPO", "GITHUB_REPOSITORY"] {
        if let Some(v) = env(name).filter(|v| !v.trim().is_empty()) {
            let repo = parse_repo(&v)
                .map_err(|_| Error::Usage(format!("{name}=`{v}` is not of the form OWNER/NAME")))?;
            return Ok((repo, RepoSource::Env(name)));
        }
    }
    for want in REMOTE_ORDER {
        if let Some((_, url)) = remotes.iter().find(|(n, _)| n == want) {
            if let Some(repo) = parse_remote_url(url) {
                return Ok((repo, RepoSource::Remote(want.to_string())));
            }
        }
    }
    Err(Error::Usage(
        "cannot tell which GitHub repository to use; pass --repo OWNER/NAME, set GH_REPO or \
         GITHUB_REPOSITORY, or add a git remote (upstream, github or origin) that points at GitHub"
            .to_string(),
    ))
}

/// The git remotes of the repository at `dir` as `(name, fetch url)`; empty outside git.
pub fn git_remotes(dir: &Path) -> Vec<(String, String)> {
    let Ok(out) = Command::new("git")
        .args(["config", "--get-regexp", r"^remote\..*\.url$"])
        .current_dir(dir)
        .stderr(Stdio::null())
        .output()
    else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let (key, url) = line.split_once(' ')?;
            let name = key.strip_prefix("remote.")?.strip_suffix(".url")?;
            Some((name.to_string(), url.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn remote_url_forms() {
        for url in [
            "https://github.com/octo/repo.git",
            "https://github.com/octo/repo",
            "https://user@github.com/octo/repo.git/",
            "git@github.com:octo/repo.git",
            "ssh://git@github.com/octo/repo.git",
            "ssh://git@ghe.example.com:2222/octo/repo",
            "git://github.com/octo/repo.git",
        ] {
            assert_eq!(parse_remote_url(url).as_deref(), Some("octo/repo"), "{url}");
        }
        for url in [
            "/srv/git/repo.git",
            "../repo",
            "https://github.com/octo",
            "https://gitlab.com/a/b/c",
        ] {
            assert_eq!(parse_remote_url(url), None, "{url}");
        }
    }

    #[test]
    fn flag_beats_env_beats_remotes() {
        let env = |k: &str| match k {
            "GH_REPO" => Some("env/gh".to_string()),
            "GITHUB_REPOSITORY" => Some("env/actions".to_string()),
            _ => None,
        };
        let remotes = vec![("origin".to_string(), "git@github.com:rem/o.git".to_string())];
        assert_eq!(resolve(Some("f/l"), &env, &remotes).unwrap().0, "f/l");
        let (r, src) = resolve(None, &env, &remotes).unwrap();
        assert_eq!((r.as_str(), src), ("env/gh", RepoSource::Env("GH_REPO")));
        let env2 = |k: &str| (k == "GITHUB_REPOSITORY").then(|| "env/actions".to_string());
        assert_eq!(resolve(None, &env2, &remotes).unwrap().0, "env/actions");
        assert_eq!(resolve(None, &no_env, &remotes).unwrap().0, "rem/o");
    }

    #[test]
    fn remotes_in_order_upstream_github_origin() {
        let remotes = vec![
            (
                "origin".to_string(),
                "https://github.com/me/fork".to_string(),
            ),
            (
                "github".to_string(),
                "https://github.com/gh/main".to_string(),
            ),
            (
                "upstream".to_string(),
                "https://github.com/up/main".to_string(),
            ),
        ];
        let (r, src) = resolve(None, &no_env, &remotes).unwrap();
        assert_eq!(r, "up/main");
        assert_eq!(src, RepoSource::Remote("upstream".into()));
        assert_eq!(resolve(None, &no_env, &remotes[..2]).unwrap().0, "gh/main");
        assert_eq!(resolve(None, &no_env, &remotes[..1]).unwrap().0, "me/fork");
    }

    #[test]
    fn nothing_found_names_every_way() {
        let msg = resolve(None, &no_env, &[]).unwrap_err().to_string();
        for way in ["--repo", "GH_REPO", "GITHUB_REPOSITORY", "remote"] {
            assert!(msg.contains(way), "{msg}");
        }
    }

    #[test]
    fn malformed_repo_is_a_usage_error() {
        for bad in ["nope", "a/b/c", "/x", "a/", "a b/c"] {
            assert!(matches!(parse_repo(bad), Err(Error::Usage(_))), "{bad}");
        }
        assert_eq!(parse_repo("a.b/c-d.git").unwrap(), "a.b/c-d");
    }
}
