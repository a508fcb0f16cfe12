//! `tri agent reap` (issue 23 item 3): which sandboxes of a repository outlived their issue.
//! Pure: which services on Railway are the repository's sandboxes ([`recognise`]), and what
//! to do with each given its issue's state on GitHub and how long the issue has been quiet
//! ([`decide`]). The command lists, asks and destroys.

use super::naming;
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
/// `owns_legacy`: `repo` is the farm's repository (which owns trinity's `agent-<N>`
/// services without variables). Pure.
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
            "not recognised: a trinity `agent-<N>` service without TRI_REPO, and this is not the farm's repository".into(),
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

/// The verdict for a sandbox of an issue in `state`, quiet for `idle` (since its latest
/// event on the issue, else since the service was created; `None`: unknown), with
/// `--older-than` `older_than`. Closed or gone: destroy; open: keep, unless quiet for at
/// least `older_than`; unknown: skip (tri does not destroy on a guess). Pure.
pub fn decide(state: &IssueState, idle: Option<Duration>, older_than: Option<Duration>) -> Verdict {
    match state {
        IssueState::Closed => Verdict::Destroy("the issue is closed".into()),
        IssueState::Gone => Verdict::Destroy("the issue is gone (404/410 on GitHub)".into()),
        IssueState::Unknown(why) => Verdict::Skip(format!("the issue's state is unknown: {why}")),
        IssueState::Open => match (older_than, idle) {
            (Some(limit), Some(idle)) if idle >= limit => Verdict::Destroy(format!(
                "the issue is open but has had no event for {} (--older-than {})",
                humantime::format_duration(Duration::from_secs(idle.as_secs())),
                humantime::format_duration(limit)
            )),
            (Some(_), None) => {
                Verdict::Keep("the issue is open; its last event's time is unknown".into())
            }
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
        let h = |n: u64| Some(Duration::from_secs(n * 3600));
        assert!(matches!(
            decide(&IssueState::Closed, None, None),
            Verdict::Destroy(_)
        ));
        assert!(
            matches!(decide(&IssueState::Gone, None, None), Verdict::Destroy(r) if r.contains("404"))
        );
        assert!(matches!(
            decide(&IssueState::Open, h(100), None),
            Verdict::Keep(_)
        ));
        assert!(matches!(
            decide(&IssueState::Open, h(1), h(24)),
            Verdict::Keep(_)
        ));
        let v = decide(&IssueState::Open, h(48), h(24));
        assert!(
            matches!(&v, Verdict::Destroy(r) if r.contains("2days")),
            "{v:?}"
        );
        assert!(matches!(
            decide(&IssueState::Open, None, h(24)),
            Verdict::Keep(_)
        ));
        assert!(matches!(
            decide(&IssueState::Unknown("timeout".into()), h(99), h(1)),
            Verdict::Skip(r) if r.contains("timeout")
        ));
        assert_eq!(Verdict::Destroy("x".into()).action(true), "would destroy");
        assert_eq!(Verdict::Destroy("x".into()).action(false), "destroyed");
    }
}
