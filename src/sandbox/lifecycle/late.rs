//! Events an earlier `deploy` or `destroy` of this checkout left unrecorded — it was killed,
//! or a local write failed, between Railway's answer and the event — recorded by the next
//! run, exactly once, so that the issue's journal misses no deployment or destroy.
//! `create`'s own case is `create.rs`'s `record_late`.
//!
//! The rule for "was it recorded?" uses only what the workspace holds: the journal
//! (`.trinity/experience/`: an event of the type whose first line names the deployment or
//! service id — tri's messages write ids in backticks) and the farm mapping (an event was
//! recorded here against it: `experience_file`; its deployment id; its state). A mapping
//! this checkout adopted from Railway (no event recorded here against it) never gets a late
//! event: the machine that made it recorded its events. The decisions are the pure
//! [`deploy_unrecorded`] and [`destroy_unrecorded`].

use super::{block_on, mapping_state, publish, transition, Published, Reporter};
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;
use crate::event::EventType;
use crate::farm::{self, Key, Mapping};
use crate::sandbox::machine::{self, SandboxState};
use crate::sandbox::SandboxProvider;
use crate::workspace::Workspace;
use std::collections::BTreeMap;

/// An event as read back from the journal: its type and the first line of its message.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    /// Its type.
    pub event: EventType,
    /// The first non-empty line of its message.
    pub text: String,
}

/// Whether `text` names `id` as a whole id: not as part of a longer one (`svc-1` is not
/// named by `svc-12`). Id characters are ASCII letters, digits, `-` and `_`. Pure.
pub fn names(text: &str, id: &str) -> bool {
    if id.is_empty() {
        return false;
    }
    let is_id = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    text.match_indices(id).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + id.len()..].chars().next();
        !before.is_some_and(is_id) && !after.is_some_and(is_id)
    })
}

/// Whether an event of type `event` naming `id` is in `journal`. Pure.
pub fn recorded(journal: &[Seen], event: EventType, id: &str) -> bool {
    journal
        .iter()
        .any(|s| s.event == event && names(&s.text, id))
}

/// How a deployment ended, as far as this run knows.
#[derive(Debug, Clone, PartialEq)]
pub enum End {
    /// Not ended (or not known).
    Open,
    /// It succeeded.
    Succeeded,
    /// It failed; Railway's status (`FAILED`, `CRASHED`, ...).
    Failed(String),
}

/// The events of deployment `dep` an earlier deploy of this checkout left unrecorded, in
/// the order they happened: `deployment_started` when missing, then the event of `end`
/// when it ended and neither `deployment_succeeded` nor `deployment_failed` names it.
/// None when `recorded_here` is false (the mapping was adopted: no event was ever recorded
/// here against it) or there is no deployment. Pure.
pub fn deploy_unrecorded(
    recorded_here: bool,
    dep: Option<&str>,
    end: &End,
    journal: &[Seen],
) -> Vec<EventType> {
    let Some(dep) = dep.filter(|_| recorded_here) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !recorded(journal, EventType::DeploymentStarted, dep) {
        out.push(EventType::DeploymentStarted);
    }
    let ended = recorded(journal, EventType::DeploymentSucceeded, dep)
        || recorded(journal, EventType::DeploymentFailed, dep);
    match end {
        End::Succeeded if !ended => out.push(EventType::DeploymentSucceeded),
        End::Failed(_) if !ended => out.push(EventType::DeploymentFailed),
        _ => {}
    }
    out
}

/// Whether `sandbox_destroyed` of service `svc`, which Railway no longer has, is unrecorded
/// here: this checkout deleted it — its mapping (`destroying` or `destroyed`) was
/// `destroyed` by tri here (`destroyed_here`: the entry has `destroyed_at`), or `asked_here`
/// (the mapping said `destroying` before this run: an earlier destroy here had asked Railway
/// to delete it; or this run's `serviceDelete` got no answer and may have been carried out)
/// — and no `sandbox_destroyed` in `journal` names it. A service found deleted by someone
/// else (a live mapping here, and Railway no longer holding it) is theirs to record. Pure.
pub fn destroy_unrecorded(
    state: SandboxState,
    destroyed_here: bool,
    asked_here: bool,
    svc: &str,
    journal: &[Seen],
) -> bool {
    let deleted_here = match state {
        SandboxState::Destroying | SandboxState::Destroyed => destroyed_here || asked_here,
        _ => false,
    };
    deleted_here && !recorded(journal, EventType::SandboxDestroyed, svc)
}

/// Whether `key`'s mapping says `destroying`: an earlier destroy here asked Railway to
/// delete its service (and did not finish).
///
/// Errors: the farm file's.
pub(super) fn destroying(ws: &Workspace, key: &Key) -> Result<bool> {
    Ok(mapping_state(farm::read(ws)?.mapping_of(key).as_ref()) == SandboxState::Destroying)
}

/// This workspace's events of `issue`, as [`Seen`].
///
/// Errors: the journal's.
fn journal(ws: &Workspace, issue: u64) -> Result<Vec<Seen>> {
    Ok(crate::journal::timeline::items(ws, issue)?
        .into_iter()
        .map(|i| Seen {
            event: i.event,
            text: i.first_line,
        })
        .collect())
}

/// Settles the deployment of `m` (this checkout's mapping, with a service on account
/// `account`) that an earlier deploy left behind: records the events it left unrecorded
/// ([`deploy_unrecorded`]) and, when the mapping still says `deploying` and Railway says it
/// ended, moves the mapping on (the `deploy` that follows then starts a new deployment).
/// Railway is asked for the status only when the mapping says `deploying`. Returns the
/// events recorded.
///
/// Errors: [`Error::Other`] when that deployment is still running (nothing recorded: the
/// next deploy records its events once it ended); the provider's (the status); recording's;
/// the farm file's.
pub(super) fn settle_deploy(
    ws: &Workspace,
    key: &Key,
    m: &Mapping,
    account: u32,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Vec<Published>> {
    let (Some(dep), Some(_)) = (m.deployment_id.as_deref(), m.experience_file.as_deref()) else {
        return Ok(Vec::new());
    };
    let service_id = m.service_id.as_deref().unwrap_or("?");
    let seen = journal(ws, key.issue)?;
    let state = mapping_state(Some(m));
    let end = match state {
        SandboxState::Running => End::Succeeded,
        SandboxState::Failed => End::Failed(m.status.clone().unwrap_or_else(|| "FAILED".into())),
        SandboxState::Deploying => {
            let st = block_on(provider.status(account, dep))??;
            if st.is_terminal() {
                let ev = if st.is_success() {
                    machine::Signal::DeploySucceeded
                } else {
                    machine::Signal::DeployFailed
                };
                let status = if st.is_success() {
                    farm::STATUS_ACTIVE
                } else {
                    farm::STATUS_FAILED
                };
                transition(ws, key, ev, |f, i| {
                    f.agent_map[i].status = Some(status.into());
                })?;
            }
            match st {
                s if s.is_success() => End::Succeeded,
                s if s.is_terminal() => End::Failed(s.name()),
                // As `deploy` says it (asking Railway once).
                s => return Err(super::deploy::still_running(dep, key.issue, &s.name())),
            }
        }
        _ => End::Open,
    };
    let mut out = Vec::new();
    for ev in deploy_unrecorded(true, Some(dep), &end, &seen) {
        rep.say(&format!(
            "Recording the `{ev}` of deployment {dep} that an earlier deploy did not record."
        ));
        let body = match (&ev, &end) {
            (EventType::DeploymentStarted, _) => {
                format!("Deployment `{dep}` of Railway service `{service_id}` started.")
            }
            (EventType::DeploymentSucceeded, _) => {
                format!("Deployment `{dep}` of Railway service `{service_id}` succeeded (SUCCESS; recorded by a later deploy, its health not checked).")
            }
            (_, End::Failed(status)) => {
                let what = format!("ended {status}");
                super::deploy::failed_body(provider, account, dep, service_id, &what)?
            }
            _ => continue,
        };
        out.push(publish(ws, rep, key, ev, &body, BTreeMap::new())?);
    }
    Ok(out)
}

/// Records the `sandbox_destroyed` of `key`'s mapping (read from the farm file now) that
/// an earlier destroy of this checkout left unrecorded, given that Railway no longer has its
/// service ([`destroy_unrecorded`]; `asked_here` as there). Returns the mapping and the
/// event, or `None` when there is nothing to record.
///
/// Errors: the journal's; recording's; the farm file's.
pub(super) fn record_destroyed(
    ws: &Workspace,
    key: &Key,
    asked_here: bool,
    archive_rel: &str,
    rep: &mut dyn Reporter,
) -> Result<Option<(Mapping, Published)>> {
    let f = farm::read(ws)?;
    let Some(m) = f.mapping_of(key) else {
        return Ok(None);
    };
    let Some(svc) = m.service_id.clone() else {
        return Ok(None);
    };
    let destroyed_here = f.agent_map[m.index].extra.contains_key("destroyed_at");
    let state = mapping_state(Some(&m));
    if !destroy_unrecorded(
        state,
        destroyed_here,
        asked_here,
        &svc,
        &journal(ws, key.issue)?,
    ) {
        return Ok(None);
    }
    rep.say(&format!(
        "Service {svc} of {key} is deleted on Railway; recording the `sandbox_destroyed` that was not recorded."
    ));
    let p = publish(
        ws,
        rep,
        key,
        EventType::SandboxDestroyed,
        &super::destroy::destroyed_body(&m, key, &svc, archive_rel),
        BTreeMap::new(),
    )?;
    Ok(Some((m, p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(event: EventType, text: &str) -> Seen {
        Seen {
            event,
            text: text.into(),
        }
    }

    #[test]
    fn an_id_is_named_whole() {
        assert!(names(
            "Deployment `dep-1` of Railway service `svc-2` started.",
            "dep-1"
        ));
        assert!(names("svc-2", "svc-2"));
        assert!(!names("Deployment `dep-12` started.", "dep-1"));
        assert!(!names("Deployment `xdep-1` started.", "dep-1"));
        assert!(!names("anything", ""));
    }

    #[test]
    fn recorded_needs_the_type_and_the_id() {
        let j = [seen(
            EventType::DeploymentStarted,
            "Deployment `dep-1` started.",
        )];
        assert!(recorded(&j, EventType::DeploymentStarted, "dep-1"));
        assert!(!recorded(&j, EventType::DeploymentSucceeded, "dep-1"));
        assert!(!recorded(&j, EventType::DeploymentStarted, "dep-2"));
    }

    #[test]
    fn a_deploy_killed_before_its_start_was_recorded() {
        let j = [seen(EventType::SandboxCreated, "Sandbox created: `svc-1`.")];
        assert_eq!(
            deploy_unrecorded(true, Some("dep-2"), &End::Open, &j),
            [EventType::DeploymentStarted]
        );
        assert_eq!(
            deploy_unrecorded(true, Some("dep-2"), &End::Succeeded, &j),
            [EventType::DeploymentStarted, EventType::DeploymentSucceeded]
        );
    }

    #[test]
    fn a_deploy_killed_before_its_end_was_recorded() {
        let j = [seen(
            EventType::DeploymentStarted,
            "Deployment `dep-2` started.",
        )];
        assert!(deploy_unrecorded(true, Some("dep-2"), &End::Open, &j).is_empty());
        assert_eq!(
            deploy_unrecorded(true, Some("dep-2"), &End::Failed("CRASHED".into()), &j),
            [EventType::DeploymentFailed]
        );
        assert_eq!(
            deploy_unrecorded(true, Some("dep-2"), &End::Succeeded, &j),
            [EventType::DeploymentSucceeded]
        );
    }

    #[test]
    fn a_recorded_deployment_gets_nothing_more() {
        let j = [
            seen(EventType::DeploymentStarted, "Deployment `dep-2` started."),
            seen(
                EventType::DeploymentFailed,
                "Deployment `dep-2` ended FAILED.",
            ),
        ];
        assert!(
            deploy_unrecorded(true, Some("dep-2"), &End::Failed("FAILED".into()), &j).is_empty()
        );
        // An end recorded as the other kind is not recorded again either.
        assert!(deploy_unrecorded(true, Some("dep-2"), &End::Succeeded, &j).is_empty());
    }

    #[test]
    fn an_adopted_mapping_or_no_deployment_gets_nothing() {
        assert!(deploy_unrecorded(false, Some("dep-2"), &End::Succeeded, &[]).is_empty());
        assert!(deploy_unrecorded(true, None, &End::Succeeded, &[]).is_empty());
    }

    #[test]
    fn destroyed_once_when_deleted_here() {
        // With nothing recorded yet: (state, destroyed here, asked here).
        let fresh = |state, here, asked| destroy_unrecorded(state, here, asked, "svc-1", &[]);
        // Killed after serviceDelete: `destroying` from an earlier run; or its answer lost.
        assert!(fresh(SandboxState::Destroying, false, true));
        // Deleted elsewhere: this run's delete was told "not found".
        assert!(!fresh(SandboxState::Destroying, false, false));
        // Killed after the mapping said `destroyed`.
        assert!(fresh(SandboxState::Destroyed, true, false));
        // Marked gone (found missing on Railway) after an earlier destroy here asked.
        assert!(fresh(SandboxState::Destroyed, false, true));
        // Marked gone, never asked here: someone else deleted it.
        assert!(!fresh(SandboxState::Destroyed, false, false));
        assert!(!fresh(SandboxState::Running, true, true));
        let j = [seen(
            EventType::SandboxDestroyed,
            "Sandbox `x` destroyed (Railway service `svc-1`).",
        )];
        assert!(!destroy_unrecorded(
            SandboxState::Destroyed,
            true,
            true,
            "svc-1",
            &j
        ));
        assert!(destroy_unrecorded(
            SandboxState::Destroyed,
            true,
            true,
            "svc-11",
            &j
        ));
    }
}
