//! State labels on the issue (opt-in; the rule is [`crate::handoff::state_label`]): after a
//! command records an event, the session's state label is set on the issue. Never fatal:
//! a label request that fails leaves the change **pending** in
//! `.trinity/labels/<issue>.json`, audited, and `tri agent sync` sends it again.
//!
//! One change, "atomic enough": make sure the label exists in the repository (listed once
//! per workspace, created when missing), read the issue's labels, then replace the whole
//! set in one `PUT` — the issue's other labels kept, the one tri state label swapped — so
//! the issue never shows two tri state labels. A label someone adds in the milliseconds
//! between the read and the `PUT` is lost; GitHub offers no conditional label update.
//!
//! State file shape: `{"repo":"o/r","issue":42,"pending":"tri:done","attempts":1,
//! "last_error":"...","known":["tri:working","tri:done"]}` (`known`: tri labels this
//! workspace has seen in the repository).

use super::{Publisher, Queued, Req};
use crate::audit::{self, Record};
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;
use crate::handoff::problems;
use crate::handoff::state_label::{self as rule, StateLabel};
use crate::journal::timeline;
use crate::net::retry::Failure;
use crate::workspace::{atomic, Workspace};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What this workspace remembers about one issue's state label.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LabelState {
    /// "owner/name".
    pub repo: String,
    /// The issue.
    pub issue: u64,
    /// A label not yet set on the issue (`sync` sends it).
    #[serde(default)]
    pub pending: Option<String>,
    /// Tries of the pending change.
    #[serde(default)]
    pub attempts: u32,
    /// Why the last try failed (redacted).
    #[serde(default)]
    pub last_error: Option<String>,
    /// tri's labels known to exist in the repository.
    #[serde(default)]
    pub known: Vec<String>,
}

/// What became of a label change.
#[derive(Debug, Clone, PartialEq)]
pub enum LabelOutcome {
    /// The issue carries the label now (`changed`: false when it already did).
    Set {
        /// The label.
        label: StateLabel,
        /// Whether a `PUT` was sent.
        changed: bool,
    },
    /// Not set; pending for `tri agent sync` (the reason says why).
    Pending {
        /// The label.
        label: StateLabel,
        /// Why.
        reason: Queued,
    },
}

/// The state file of `issue`.
pub fn state_path(ws: &Workspace, issue: u64) -> PathBuf {
    ws.dir().join("labels").join(format!("{issue}.json"))
}

/// What to do with a state file that cannot be read.
const HINT: &str =
    "remove it: it holds only a pending label change, which the next step sends again";

fn read_state(path: &Path) -> Result<Option<LabelState>> {
    crate::workspace::read_json(path, HINT)
}

fn write_state(path: &Path, s: &LabelState) -> Result<()> {
    if let Some(dir) = path.parent() {
        crate::workspace::guard::create_dir_all(dir)?;
    }
    atomic::write_cache(path, &atomic::json_bytes(path, s)?)
}

/// Every issue with a pending label change in `ws`.
///
/// Errors: [`Error::Io`], [`Error::Corrupt`].
pub fn pending(ws: &Workspace) -> Result<Vec<LabelState>> {
    let dir = ws.dir().join("labels");
    crate::workspace::read_json_dir(
        &dir,
        HINT,
        |s: &LabelState| s.pending.is_some(),
        |s| s.issue,
    )
}

/// The label `session` asks for on `issue`, from this workspace's journal of it (see
/// [`rule::desired`]); `None` before the session has recorded anything.
///
/// Errors: [`Error::Io`] reading the journal.
pub fn desired_for(ws: &Workspace, issue: u64, session: &str) -> Result<Option<StateLabel>> {
    let items = timeline::items(ws, issue)?;
    let open = !problems::open_problems(&items).is_empty();
    Ok(rule::desired(&items, session, open))
}

impl Publisher<'_> {
    /// Sets `want` as `repo#issue`'s one tri state label (see the module docs). A failure
    /// leaves it pending and audited; it is never an error.
    ///
    /// Errors: [`Error::Io`]/[`Error::Corrupt`] on the state file only.
    pub async fn set_state_label(
        &mut self,
        repo: &str,
        issue: u64,
        want: StateLabel,
    ) -> Result<LabelOutcome> {
        self.current = None;
        let path = state_path(self.ws, issue);
        let mut st = read_state(&path)?.unwrap_or_default();
        st.repo = repo.to_string();
        st.issue = issue;
        st.pending = Some(want.name().to_string());
        st.attempts += 1;
        // Pending before the first request: a process killed now leaves it for `sync`.
        write_state(&path, &st)?;
        let result = self.apply(repo, issue, want, &mut st).await?;
        let secrets = self.settings.secrets.clone();
        match &result {
            LabelOutcome::Set { changed, .. } => {
                st.pending = None;
                st.attempts = 0;
                st.last_error = None;
                let detail = format!(
                    "{}{}",
                    want.name(),
                    if *changed { "" } else { " (already set)" }
                );
                audit::append(
                    &self.ws.audit_file(),
                    &Record::new("label", "ok")
                        .issue(issue)
                        .detail(&detail, &secrets),
                );
            }
            LabelOutcome::Pending { reason, .. } => {
                st.last_error = Some(crate::redact::redact(&reason.to_string(), &secrets));
                audit::append(
                    &self.ws.audit_file(),
                    &Record::new("label", "error")
                        .issue(issue)
                        .detail(&format!("{}: {reason}", want.name()), &secrets),
                );
            }
        }
        write_state(&path, &st)?;
        Ok(result)
    }

    async fn apply(
        &mut self,
        repo: &str,
        issue: u64,
        want: StateLabel,
        st: &mut LabelState,
    ) -> Result<LabelOutcome> {
        let pending = |reason| {
            Ok(LabelOutcome::Pending {
                label: want,
                reason,
            })
        };
        let name = want.name();
        if !st.known.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            let listed = self
                .request("listing the repository's labels", Req::Read, |gh| {
                    let repo = repo.to_string();
                    async move { gh.repo_labels(&repo).await }
                })
                .await?;
            match listed {
                Ok(all) => {
                    st.known = all
                        .into_iter()
                        .map(|l| l.name)
                        .filter(|n| StateLabel::from_name(n).is_some())
                        .collect();
                }
                Err(q) => return pending(q),
            }
        }
        if !st.known.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            let created = self
                .request("creating the label", Req::Edit, |gh| {
                    let repo = repo.to_string();
                    async move {
                        match gh
                            .create_label(&repo, name, want.color(), want.description())
                            .await
                        {
                            Ok(_) => Ok(()),
                            // 422: it exists already (made meanwhile by another process).
                            Err(Failure::Status(s)) if s.status == 422 => Ok(()),
                            Err(f) => Err(f),
                        }
                    }
                })
                .await?;
            if let Err(q) = created {
                return pending(q);
            }
            st.known.push(name.to_string());
        }
        let current = match self
            .request("reading the issue's labels", Req::Read, |gh| {
                let repo = repo.to_string();
                async move { gh.issue_labels(&repo, issue).await }
            })
            .await?
        {
            Ok(v) => v.into_iter().map(|l| l.name).collect::<Vec<_>>(),
            Err(q) => return pending(q),
        };
        let Some(next) = rule::next_set(&current, want) else {
            return Ok(LabelOutcome::Set {
                label: want,
                changed: false,
            });
        };
        let put = self
            .request("setting the issue's labels", Req::Edit, |gh| {
                let (repo, next) = (repo.to_string(), next.clone());
                async move { gh.set_issue_labels(&repo, issue, &next).await }
            })
            .await?;
        match put {
            Ok(_) => Ok(LabelOutcome::Set {
                label: want,
                changed: true,
            }),
            Err(q) => pending(q),
        }
    }
}

/// After a command recorded an event of `session` on `repo#issue`: sets the label the
/// session asks for now. `Ok(None)` when it asks for none or no token is set (then the
/// change is left pending for `sync`).
///
/// Errors: [`Error::Io`]/[`Error::Corrupt`] reading the journal or the state file;
/// [`Error::Other`] when the async runtime cannot start.
pub fn echo(
    ws: &Workspace,
    p: &mut Publisher<'_>,
    repo: &str,
    issue: u64,
    session: &str,
) -> Result<Option<LabelOutcome>> {
    let Some(want) = desired_for(ws, issue, session)? else {
        return Ok(None);
    };
    if !p.has_token() {
        let path = state_path(ws, issue);
        let mut st = read_state(&path)?.unwrap_or_default();
        st.repo = repo.to_string();
        st.issue = issue;
        st.pending = Some(want.name().to_string());
        write_state(&path, &st)?;
        return Ok(Some(LabelOutcome::Pending {
            label: want,
            reason: Queued::NoToken,
        }));
    }
    crate::net::block_on(p.set_state_label(repo, issue, want))?.map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_lists_only_issues_with_a_change_left() {
        let t = tempfile::tempdir().unwrap();
        let ws = Workspace::at(t.path().to_path_buf());
        ws.create().unwrap();
        assert!(pending(&ws).unwrap().is_empty());
        for (issue, p) in [(9, Some("tri:done")), (3, Some("tri:working")), (5, None)] {
            let s = LabelState {
                repo: "o/r".into(),
                issue,
                pending: p.map(str::to_string),
                ..Default::default()
            };
            write_state(&state_path(&ws, issue), &s).unwrap();
        }
        let got: Vec<u64> = pending(&ws).unwrap().iter().map(|s| s.issue).collect();
        assert_eq!(got, vec![3, 9]);
    }
}
