//! Who may start a sandbox: `tri agent on-issue-event` creates and deploys a
//! Railway service, on the owner's bill, only for an issue opened (or reopened) by someone
//! trusted. On a public repository anyone can open an issue.
//!
//! The rule ([`judge`], then [`judge_permission`]; pure):
//! - setting `all` (`TRI_SANDBOX_STARTERS` / config key `sandbox_starters`): anyone (for
//!   example on a private repository, where only people with access can open issues);
//! - setting `collaborators` (the default): the event's sender when it is the issue's
//!   author and the issue's `author_association` is `OWNER`, `MEMBER` or `COLLABORATOR`
//!   (GitHub: the only three that imply write access); otherwise the sender's permission on
//!   the repository, asked of GitHub
//!   (`GET /repos/{owner}/{repo}/collaborators/{username}/permission`): `admin`,
//!   `maintain` or `write` are trusted; `triage`, `read`, `none` are not. The same check
//!   claude-code-action and copilotd make (DESIGN.md, "Whose words count").
//!
//! Closing and deleting are not judged: destroying a sandbox never costs the owner.
//!
//! When: events arrive late or out of order (an `opened` delivered after the issue was
//! closed), so before a sandbox is started GitHub is asked the issue's state now
//! ([`ask_issue_state`], one request) and a closed or gone issue starts nothing
//! ([`not_open_now`]; pure).

use crate::error::{Error, Result};
use serde_json::Value;

/// `TRI_SANDBOX_STARTERS`: the environment variable of the setting.
pub const ENV_VAR: &str = "TRI_SANDBOX_STARTERS";
/// `sandbox_starters`: the config key of the setting.
pub const CONFIG_KEY: &str = "sandbox_starters";

/// The `author_association` values that imply write access (GitHub docs).
pub const TRUSTED_ASSOCIATIONS: [&str; 3] = ["OWNER", "MEMBER", "COLLABORATOR"];
/// The repository permissions that are trusted to start a sandbox.
pub const TRUSTED_PERMISSIONS: [&str; 3] = ["admin", "maintain", "write"];

/// Whose issues may start a sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Starters {
    /// People with write access (see the module docs). The default.
    #[default]
    Collaborators,
    /// Anyone who can open an issue.
    All,
}

impl std::str::FromStr for Starters {
    type Err = String;

    /// `collaborators` or `all` (ASCII case ignored).
    fn from_str(s: &str) -> std::result::Result<Starters, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "collaborators" => Ok(Starters::Collaborators),
            "all" => Ok(Starters::All),
            _ => Err(format!(
                "`{s}` is not a choice for {CONFIG_KEY}; use collaborators (the default) or all"
            )),
        }
    }
}

impl Starters {
    /// The setting from `cfg` and `env` (env [`ENV_VAR`] > `.trinity/config.json` > the
    /// user config > [`Starters::Collaborators`]), read and checked before anything acts.
    ///
    /// Errors: [`Error::Usage`] for a bad environment value, [`Error::Corrupt`] for a bad
    /// file value (both from [`crate::config::resolve`]).
    pub fn from_config(cfg: &crate::config::Config, env: &crate::env::Env) -> Result<Starters> {
        let v = cfg.get(CONFIG_KEY, None, env)?.value;
        match v.as_ref().and_then(Value::as_str) {
            None => Ok(Starters::default()),
            Some(s) => s.parse().map_err(Error::Usage),
        }
    }
}

/// Who acted on an issue, from an `issues` event payload.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Opener {
    /// `sender.login`: who did the action.
    pub sender: Option<String>,
    /// `issue.user.login`: who wrote the issue.
    pub author: Option<String>,
    /// `issue.author_association`: the author's relation to the repository.
    pub author_association: Option<String>,
}

impl Opener {
    /// The opener of an `issues` payload (GitHub docs, "Webhook events and payloads":
    /// `sender`, `issue.user`, `issue.author_association`). Missing fields are `None`.
    /// Pure.
    pub fn from_payload(v: &Value) -> Opener {
        let s = |p: &str| v.pointer(p).and_then(Value::as_str).map(str::to_string);
        Opener {
            sender: s("/sender/login"),
            author: s("/issue/user/login"),
            author_association: s("/issue/author_association"),
        }
    }
}

/// What [`judge`] decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Start the sandbox; the reason, for the log.
    Allowed(String),
    /// Ask GitHub for this login's permission on the repository, then
    /// [`judge_permission`].
    AskPermission(String),
    /// No sandbox; the one log line saying why and what the owner can do.
    Refused(String),
}

/// Whether `login` looks like a GitHub login (letters, digits, `-`, at most 39; or an app's
/// `name[bot]`), so that it can go into a request path. Pure.
pub fn is_login(login: &str) -> bool {
    let name = login.strip_suffix("[bot]").unwrap_or(login);
    !name.is_empty()
        && name.len() <= 39
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The first decision, from the setting and the payload alone. Pure.
pub fn judge(starters: Starters, o: &Opener) -> Verdict {
    if starters == Starters::All {
        return Verdict::Allowed(format!("{CONFIG_KEY} is all"));
    }
    let Some(sender) = o.sender.as_deref().filter(|s| is_login(s)) else {
        return Verdict::Refused(format!(
            "the event names no sender tri can check, so no sandbox is started ({CONFIG_KEY} is collaborators; set {ENV_VAR}=all to start one for anyone)"
        ));
    };
    let assoc = o.author_association.as_deref().unwrap_or("NONE");
    if o.author.as_deref() == Some(sender) && TRUSTED_ASSOCIATIONS.contains(&assoc) {
        return Verdict::Allowed(format!("{sender} is the issue's author, {assoc}"));
    }
    Verdict::AskPermission(sender.to_string())
}

/// The decision once GitHub has named `login`'s `permission` on the repository. Pure.
pub fn judge_permission(login: &str, permission: &str) -> Verdict {
    if TRUSTED_PERMISSIONS.contains(&permission) {
        Verdict::Allowed(format!("{login} has {permission} permission"))
    } else {
        Verdict::Refused(format!(
            "{login} has {permission} permission on the repository, not write, so no sandbox is started ({CONFIG_KEY} is collaborators; give {login} write access, or set {ENV_VAR}=all to start one for anyone)"
        ))
    }
}

/// Asks GitHub for `login`'s permission on `repo` with the token and API of `env`
/// (`GH_TOKEN`/`GITHUB_TOKEN`, `GITHUB_API_URL`, the proxy, trust and time-out settings),
/// one request, not retried.
///
/// Errors: [`Error::Auth`] when no token is set or GitHub refuses it (401/403);
/// [`Error::Usage`] for a malformed setting; [`Error::Other`] for any other failure. All
/// say how to skip the check (`TRI_SANDBOX_STARTERS=all`).
pub fn ask_github(recorder: &crate::recorder::Recorder, repo: &str, login: &str) -> Result<String> {
    let settings = recorder.settings();
    let (Some((_, var)), Some(gh)) = (
        settings.token.as_ref(),
        recorder.clients().github(settings)?,
    ) else {
        return Err(Error::Auth(format!(
            "checking whether {login} may start a sandbox needs a GitHub token: set GITHUB_TOKEN (in a workflow: `GITHUB_TOKEN: ${{{{ github.token }}}}` under `env:`), or {ENV_VAR}=all to start one for anyone"
        )));
    };
    let var = *var;
    // The process's one client and runtime (the recorder's).
    let answer = recorder.block_on(async { gh.collaborator_permission(repo, login).await })?;
    answer.map_err(|f| {
        use crate::net::retry::Failure;
        let what = format!("cannot check whether {login} may start a sandbox on {repo}");
        match &f {
            Failure::Status(s) if s.status == 401 || s.status == 403 => Error::Auth(format!(
                "{what}: GitHub refused the token in {var} ({}); give it read access to the repository, or set {ENV_VAR}=all",
                s.status
            )),
            Failure::Status(s) => Error::Other(format!(
                "{what}: GitHub answered {}{}; try again, or set {ENV_VAR}=all",
                s.status,
                if s.message.is_empty() { String::new() } else { format!(" ({})", s.message) }
            )),
            Failure::Setup(m) | Failure::Connect(m) | Failure::Timeout(m) | Failure::Dropped(m) => {
                Error::Other(format!("{what}: {m}; try again, or set {ENV_VAR}=all"))
            }
        }
    })
}

/// The whole decision for an `issues` payload `v` on `repo`: [`judge`], and when it asks,
/// `ask(login)` (in the binary [`ask_github`]) then [`judge_permission`]. Never
/// [`Verdict::AskPermission`].
///
/// Errors: those of `ask`.
pub fn decide(
    starters: Starters,
    v: &Value,
    ask: impl FnOnce(&str) -> Result<String>,
) -> Result<Verdict> {
    match judge(starters, &Opener::from_payload(v)) {
        Verdict::AskPermission(login) => Ok(judge_permission(&login, &ask(&login)?)),
        other => Ok(other),
    }
}

/// What GitHub says of an issue now ([`ask_issue_state`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueNow {
    /// `state: open`.
    Open,
    /// `state: closed`.
    Closed,
    /// 404 or 410: deleted, transferred away, or never there (as `reap` reads it).
    Gone,
    /// GitHub could not be asked, or did not answer; why, for a warning.
    Unknown(String),
}

/// Why no sandbox is started for an `opened` or `reopened` event, given what GitHub says of
/// the issue now: `Some(reason)` when it is closed or gone (the event came late); `None`
/// when it is open, or when GitHub could not say — the event is then taken at its word,
/// and a sandbox that outlived its issue is `reap`'s to destroy. Pure.
pub fn not_open_now(now: &IssueNow) -> Option<String> {
    match now {
        IssueNow::Closed => Some(
            "GitHub says the issue is closed now (the event came late or out of order), so no sandbox is started".into(),
        ),
        IssueNow::Gone => Some(
            "GitHub says the issue is gone (404/410: deleted or transferred), so no sandbox is started".into(),
        ),
        IssueNow::Open | IssueNow::Unknown(_) => None,
    }
}

/// Asks GitHub the state of `repo#issue` now (`GET /repos/{owner}/{repo}/issues/{n}`) with
/// the token and API of the recorder's settings: one request, not retried. No token, a
/// refused one or any failure is [`IssueNow::Unknown`] saying why.
///
/// Errors: only when the GitHub client cannot be built (a malformed setting).
pub fn ask_issue_state(
    recorder: &crate::recorder::Recorder,
    repo: &str,
    issue: u64,
) -> Result<IssueNow> {
    let settings = recorder.settings();
    let (Some((_, var)), Some(gh)) = (
        settings.token.as_ref(),
        recorder.clients().github(settings)?,
    ) else {
        return Ok(IssueNow::Unknown("no GitHub token is set".into()));
    };
    let var = *var;
    let answer = recorder.block_on(async { gh.issue_state(repo, issue).await })?;
    use crate::net::retry::Failure;
    Ok(match answer {
        Ok(Some(s)) if s == "open" => IssueNow::Open,
        Ok(Some(_)) => IssueNow::Closed,
        Ok(None) => IssueNow::Gone,
        Err(Failure::Status(s)) if s.status == 401 || s.status == 403 => {
            IssueNow::Unknown(format!("GitHub refused the token in {var} ({})", s.status))
        }
        Err(Failure::Status(s)) => IssueNow::Unknown(format!("GitHub answered {}", s.status)),
        Err(
            Failure::Setup(m) | Failure::Connect(m) | Failure::Timeout(m) | Failure::Dropped(m),
        ) => IssueNow::Unknown(m),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opener(sender: &str, author: &str, assoc: &str) -> Opener {
        Opener {
            sender: Some(sender.into()),
            author: Some(author.into()),
            author_association: Some(assoc.into()),
        }
    }

    #[test]
    fn only_a_closed_or_gone_issue_starts_nothing() {
        assert!(not_open_now(&IssueNow::Closed).unwrap().contains("closed"));
        assert!(not_open_now(&IssueNow::Gone).unwrap().contains("gone"));
        assert_eq!(not_open_now(&IssueNow::Open), None);
        // GitHub could not say: the event is taken at its word.
        assert_eq!(not_open_now(&IssueNow::Unknown("no token".into())), None);
    }

    #[test]
    fn settings_parse() {
        assert_eq!("collaborators".parse(), Ok(Starters::Collaborators));
        assert_eq!(" ALL ".parse(), Ok(Starters::All));
        assert!("everyone"
            .parse::<Starters>()
            .unwrap_err()
            .contains("collaborators"));
        assert_eq!(Starters::default(), Starters::Collaborators);
    }

    #[test]
    fn an_author_with_write_association_starts_one_without_asking() {
        for assoc in TRUSTED_ASSOCIATIONS {
            let v = judge(Starters::Collaborators, &opener("ann", "ann", assoc));
            assert!(
                matches!(v, Verdict::Allowed(ref r) if r.contains(assoc)),
                "{v:?}"
            );
        }
    }

    #[test]
    fn anyone_else_is_asked_about() {
        for assoc in [
            "NONE",
            "CONTRIBUTOR",
            "FIRST_TIMER",
            "FIRST_TIME_CONTRIBUTOR",
            "MANNEQUIN",
        ] {
            assert_eq!(
                judge(Starters::Collaborators, &opener("eve", "eve", assoc)),
                Verdict::AskPermission("eve".into())
            );
        }
        // The association is the author's: it says nothing of another sender.
        assert_eq!(
            judge(Starters::Collaborators, &opener("eve", "ann", "OWNER")),
            Verdict::AskPermission("eve".into())
        );
    }

    #[test]
    fn all_lets_anyone_start_one() {
        assert!(matches!(
            judge(Starters::All, &Opener::default()),
            Verdict::Allowed(_)
        ));
    }

    #[test]
    fn no_sender_or_a_strange_login_is_refused() {
        assert!(matches!(
            judge(Starters::Collaborators, &Opener::default()),
            Verdict::Refused(ref r) if r.contains(ENV_VAR)
        ));
        for bad in ["../../x", "a/b", "", "a b", &"x".repeat(40)] {
            assert!(!is_login(bad), "{bad}");
            assert!(matches!(
                judge(Starters::Collaborators, &opener(bad, bad, "OWNER")),
                Verdict::Refused(_)
            ));
        }
        assert!(is_login("Codertocat") && is_login("github-actions[bot]"));
    }

    #[test]
    fn only_write_maintain_and_admin_permissions_count() {
        for p in TRUSTED_PERMISSIONS {
            assert!(matches!(judge_permission("bob", p), Verdict::Allowed(_)));
        }
        for p in ["triage", "read", "none", "WRITE", ""] {
            let v = judge_permission("eve", p);
            assert!(
                matches!(v, Verdict::Refused(ref r) if r.contains("eve") && r.contains(ENV_VAR)),
                "{v:?}"
            );
        }
    }

    #[test]
    fn decide_asks_only_when_needed() {
        let owner = json!({"sender": {"login": "ann"},
            "issue": {"user": {"login": "ann"}, "author_association": "OWNER"}});
        let no_call = |_: &str| -> Result<String> { panic!("asked") };
        assert!(matches!(
            decide(Starters::Collaborators, &owner, no_call).unwrap(),
            Verdict::Allowed(_)
        ));
        let stranger = json!({"sender": {"login": "eve"},
            "issue": {"user": {"login": "eve"}, "author_association": "NONE"}});
        let v = decide(Starters::Collaborators, &stranger, |l| {
            assert_eq!(l, "eve");
            Ok("read".into())
        })
        .unwrap();
        assert!(matches!(v, Verdict::Refused(_)), "{v:?}");
        let v = decide(Starters::Collaborators, &stranger, |_| Ok("write".into())).unwrap();
        assert!(matches!(v, Verdict::Allowed(_)), "{v:?}");
        let e = decide(Starters::Collaborators, &stranger, |_| {
            Err(Error::Auth("no token".into()))
        });
        assert!(matches!(e, Err(Error::Auth(_))));
    }
}
