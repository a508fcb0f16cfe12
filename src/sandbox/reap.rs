//! `tri agent reap`: which sandboxes of a repository outlived their issue. Pure: which
//! services on Railway are the repository's sandboxes ([`recognise`]), whether GitHub's
//! answers may be believed ([`refusal`], [`settle`]), since when an open issue has been
//! quiet ([`quiet_since`]), and what to do with each sandbox given its issue's state and
//! that quiet time ([`decide`]). A sandbox is destroyed only when it is provably this
//! repository's and provably dead. The command lists, asks and destroys.

use super::naming;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::time::Duration;

/// What a service on Railway is to the repository being reaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recognised {
    /// The sandbox of this repository's issue N.
    Ours(u64),
    /// A sandbox-looking service (`agent-…`, or one with `TRI_REPO`) that is not this
    /// repository's, or that tri cannot tie to an issue: never touched; the reason.
    NotOurs(String),
    /// Not a sandbox at all (another service of the project): not listed.
    Unrelated,
}

/// Whether the service `name` with variables `vars` is a sandbox of `repo` and for which
/// issue: `TRI_ISSUE` (else the number in the name), then [`naming::belongs`] decides;
/// `owns_legacy`: `repo` is the farm repository configured explicitly (which alone owns
/// trinity's `agent-<N>` services without variables; [`crate::farm::Key::owns_bare`]).
/// Pure.
pub fn recognise(
    name: &str,
    vars: &BTreeMap<String, String>,
    repo: &str,
    owns_legacy: bool,
) -> Recognised {
    let rec_repo = vars.get(naming::VAR_REPO).map(|s| s.trim());
    if !name.starts_with("agent-") && rec_repo.is_none() {
        return Recognised::Unrelated;
    }
    if let Some(r) = rec_repo.filter(|r| !r.eq_ignore_ascii_case(repo.trim())) {
        return Recognised::NotOurs(format!("another repository's sandbox (TRI_REPO={r})"));
    }
    let issue = match vars.get(naming::VAR_ISSUE) {
        Some(i) => i.trim().parse::<u64>().ok().filter(|&n| n > 0),
        None => naming::issue_of_name(name),
    };
    let Some(issue) = issue else {
        return Recognised::NotOurs(
            "not recognised: no issue number in its name or TRI_ISSUE".into(),
        );
    };
    if naming::belongs(name, vars, repo, issue, owns_legacy) {
        Recognised::Ours(issue)
    } else if rec_repo.is_none() && name == naming::legacy_name(issue) {
        Recognised::NotOurs(
            "not recognised: a trinity `agent-<N>` service without TRI_REPO, and this is not the farm repository (set TRI_FARM_REPO or config farm_repo to the repository that owns it)".into(),
        )
    } else {
        Recognised::NotOurs(format!(
            "not recognised: its name is not {}'s sandbox name for issue {issue}",
            repo
        ))
    }
}

/// An issue's state as GitHub gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueState {
    /// `state: open`.
    Open,
    /// `state: closed`.
    Closed,
    /// 404 or 410: deleted, transferred, or never there.
    Gone,
    /// GitHub could not be asked (why).
    Unknown(String),
}

/// What GitHub said when asked whether the token can read the repository
/// (`GET /repos/{owner}/{repo}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoAccess {
    /// It answered with the repository.
    Readable,
    /// 404: no such repository, or one this token cannot see.
    NotReadable,
    /// The token was refused (401, or 403 without a rate limit): GitHub's words.
    Refused(String),
    /// GitHub could not be asked (unreachable, 5xx, rate limit): why.
    Unknown(String),
}

/// Why `reap` must stop, destroying nothing (exit 4), given `access` to `repo`: a token
/// that cannot read the repository — GitHub answers 404 for every issue then, which would
/// read as "every issue is gone" — or a refused token. `None`: go on. Pure.
pub fn refusal(repo: &str, access: &RepoAccess) -> Option<String> {
    match access {
        RepoAccess::NotReadable => Some(format!(
            "GitHub answers 404 for the repository {repo}: it does not exist or this token cannot read it, so a 404 on its issues proves nothing; reap destroyed nothing. Use a token (GH_TOKEN or GITHUB_TOKEN) that can read {repo}'s issues"
        )),
        RepoAccess::Refused(why) => Some(format!(
            "GitHub refused the token while reap read {repo} ({why}); reap destroyed nothing"
        )),
        RepoAccess::Readable | RepoAccess::Unknown(_) => None,
    }
}

/// The issue state reap acts on, from GitHub's answer `state` about the issue and `access`
/// to its repository: a 404/410 ([`IssueState::Gone`]) counts only once the repository is
/// known to be readable by this token; otherwise the state is unknown (the sandbox is
/// skipped). Pure.
pub fn settle(state: IssueState, access: &RepoAccess) -> IssueState {
    match (state, access) {
        (IssueState::Gone, RepoAccess::Readable) => IssueState::Gone,
        (IssueState::Gone, RepoAccess::Unknown(why)) => IssueState::Unknown(format!(
            "GitHub answered 404, and whether this token can read the repository is unknown ({why})"
        )),
        (IssueState::Gone, _) => {
            IssueState::Unknown("GitHub answered 404 for an unreadable repository".into())
        }
        (s, _) => s,
    }
}

/// Since when an open issue has been quiet: its latest trusted tri event `last_event`
/// (`Ok(None)`: the issue's comments were read and hold none), else the service's creation
/// time `created_at` (RFC 3339). `Err(why)` when that cannot be known — the comments could
/// not be read (`last_event` is `Err`), or there is no event and the creation time is not
/// a time: falling back to the creation time then would destroy an active sandbox. Pure.
pub fn quiet_since(
    last_event: Result<Option<DateTime<Utc>>, String>,
    created_at: &str,
) -> Result<DateTime<Utc>, String> {
    match last_event {
        Ok(Some(t)) => Ok(t),
        Ok(None) => DateTime::parse_from_rfc3339(created_at)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                format!("the issue has no tri event and the service's creation time `{created_at}` is not a time")
            }),
        Err(why) => Err(format!("the issue's events could not be read ({why})")),
    }
}

/// What reap does with one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Leave it (why).
    Keep(String),
    /// Destroy it (why: the reason recorded with `sandbox_destroyed`).
    Destroy(String),
    /// Leave it, because tri could not decide or it is not this repository's (why).
    Skip(String),
}

impl Verdict {
    /// `kept`, `destroyed` (or `would destroy` in a dry run), `skipped`.
    pub fn action(&self, dry_run: bool) -> &'static str {
        match self {
            Verdict::Keep(_) => "kept",
            Verdict::Destroy(_) if dry_run => "would destroy",
            Verdict::Destroy(_) => "destroyed",
            Verdict::Skip(_) => "skipped",
        }
    }

    /// The reason.
    pub fn reason(&self) -> &str {
        match self {
            Verdict::Keep(r) | Verdict::Destroy(r) | Verdict::Skip(r) => r,
        }
    }
}

/// The verdict for a sandbox of an issue in `state` ([`settle`]d), quiet for `idle` (since
/// its latest event on the issue, else since the service was created: [`quiet_since`];
/// `Err(why)`: unknown), with `--older-than` `older_than`. Closed or gone: destroy; open:
/// keep, unless quiet for at least `older_than` — and keep, saying why, when how long is
/// unknown; unknown state: skip (tri does not destroy on a guess). Pure.
pub fn decide(
    state: &IssueState,
    idle: Result<Duration, String>,
    older_than: Option<Duration>,
) -> Verdict {
    match state {
        IssueState::Closed => Verdict::Destroy("the issue is closed".into()),
        IssueState::Gone => Verdict::Destroy("the issue is gone (404/410 on GitHub)".into()),
        IssueState::Unknown(why) => Verdict::Skip(format!("the issue's state is unknown: {why}")),
        IssueState::Open => match (older_than, idle) {
            (Some(limit), Ok(idle)) if idle >= limit => Verdict::Destroy(format!(
                "the issue is open but has had no event for {} (--older-than {})",
                humantime::format_duration(Duration::from_secs(idle.as_secs())),
                humantime::format_duration(limit)
            )),
            (Some(_), Err(why)) => Verdict::Keep(format!(
                "the issue is open; how long it has been quiet is unknown: {why}"
            )),
            _ => Verdict::Keep("the issue is open".into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(repo: &str, issue: &str) -> BTreeMap<String, String> {
        BTreeMap::from([
            (naming::VAR_REPO.to_string(), repo.to_string()),
            (naming::VAR_ISSUE.to_string(), issue.to_string()),
        ])
    }

    #[test]
    fn only_this_repositorys_sandboxes_are_ours() {
        let mine = naming::service_name("octo/demo", 7);
        assert_eq!(
            recognise(&mine, &vars("octo/demo", "7"), "octo/demo", false),
            Recognised::Ours(7)
        );
        assert_eq!(
            recognise(&mine, &vars("OCTO/demo", "7"), "octo/demo", false),
            Recognised::Ours(7)
        );
        // Another repository's service for the same issue number.
        let theirs = naming::service_name("octo/other", 7);
        assert!(matches!(
            recognise(&theirs, &vars("octo/other", "7"), "octo/demo", true),
            Recognised::NotOurs(r) if r.contains("TRI_REPO=octo/other")
        ));
        // trinity's agent-7: the farm's repository's only.
        let none = BTreeMap::new();
        assert_eq!(
            recognise("agent-7", &none, "octo/demo", true),
            Recognised::Ours(7)
        );
        assert!(matches!(
            recognise("agent-7", &none, "octo/demo", false),
            Recognised::NotOurs(_)
        ));
        // A name that says 7 with variables that say 8.
        assert!(matches!(
            recognise(&mine, &vars("octo/demo", "8"), "octo/demo", false),
            Recognised::NotOurs(_)
        ));
        assert!(matches!(
            recognise("agent-x", &none, "octo/demo", true),
            Recognised::NotOurs(_)
        ));
        assert_eq!(
            recognise("postgres", &none, "octo/demo", true),
            Recognised::Unrelated
        );
    }

    #[test]
    fn closed_or_gone_is_destroyed_open_is_kept_unless_quiet_too_long() {
        let h = |n: u64| Duration::from_secs(n * 3600);
        let unknown = || Err::<Duration, _>("the comments could not be read".to_string());
        assert!(matches!(
            decide(&IssueState::Closed, unknown(), None),
            Verdict::Destroy(_)
        ));
        assert!(
            matches!(decide(&IssueState::Gone, unknown(), None), Verdict::Destroy(r) if r.contains("404"))
        );
        assert!(matches!(
            decide(&IssueState::Open, Ok(h(100)), None),
            Verdict::Keep(_)
        ));
        assert!(matches!(
            decide(&IssueState::Open, Ok(h(1)), Some(h(24))),
            Verdict::Keep(_)
        ));
        let v = decide(&IssueState::Open, Ok(h(48)), Some(h(24)));
        assert!(
            matches!(&v, Verdict::Destroy(r) if r.contains("2days")),
            "{v:?}"
        );
        // How long it has been quiet is unknown: kept, saying why.
        assert!(matches!(
            decide(&IssueState::Open, unknown(), Some(h(24))),
            Verdict::Keep(r) if r.contains("could not be read")
        ));
        assert!(matches!(
            decide(&IssueState::Unknown("timeout".into()), Ok(h(99)), Some(h(1))),
            Verdict::Skip(r) if r.contains("timeout")
        ));
        assert_eq!(Verdict::Destroy("x".into()).action(true), "would destroy");
        assert_eq!(Verdict::Destroy("x".into()).action(false), "destroyed");
    }

    #[test]
    fn a_404_means_gone_only_when_the_repository_is_readable() {
        let readable = RepoAccess::Readable;
        assert_eq!(settle(IssueState::Gone, &readable), IssueState::Gone);
        let unknown = RepoAccess::Unknown("HTTP 502".into());
        assert!(matches!(
            settle(IssueState::Gone, &unknown),
            IssueState::Unknown(r) if r.contains("HTTP 502")
        ));
        assert!(matches!(
            settle(IssueState::Gone, &RepoAccess::NotReadable),
            IssueState::Unknown(_)
        ));
        for s in [IssueState::Open, IssueState::Closed] {
            assert_eq!(settle(s.clone(), &unknown), s);
        }
        // A token that cannot read the repository, or is refused: stop, destroying nothing.
        assert!(refusal("octo/demo", &RepoAccess::NotReadable).is_some_and(|m| m.contains("404")));
        assert!(
            refusal("octo/demo", &RepoAccess::Refused("HTTP 401".into()))
                .is_some_and(|m| m.contains("HTTP 401"))
        );
        assert_eq!(refusal("octo/demo", &readable), None);
        assert_eq!(refusal("octo/demo", &unknown), None);
    }

    #[test]
    fn quiet_since_the_last_event_else_the_creation_unless_events_are_unreadable() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let made = "2026-12-01T10:00:00Z";
        let event = at("2026-12-05T10:00:00Z");
        assert_eq!(quiet_since(Ok(Some(event)), made), Ok(event));
        assert_eq!(quiet_since(Ok(None), made), Ok(at(made)));
        // Unreadable comments: never the creation time (it would make an active sandbox look
        // quiet).
        assert!(quiet_since(Err("HTTP 500".into()), made).is_err_and(|w| w.contains("HTTP 500")));
        assert!(quiet_since(Ok(None), "yesterday").is_err());
    }
}
