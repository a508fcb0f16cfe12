//! Hand-offs and what the next worker reads first. Pure: everything here is computed from
//! values the commands read (the journal's [`JournalEvent`]s, the farm mapping, the issue's
//! comments); nothing here reads a file or the network.
//!
//! - this file: the hand-off itself ([`Handoff`]), rendered as the `handoff` event's message
//!   ([`render`]) and read back from it ([`parse`]) — so a hand-off travels like any event
//!   (experience file, outbox, one comment, redacted, `tri agent pull`) with nothing besides
//!   its message;
//! - [`problems`]: the open-problem rule (which failures are still unresolved);
//! - [`brief`]: `tri agent brief`, assembled and rendered;
//! - [`inbox`]: the issue's human replies, filtered by trust;
//! - [`state_label`]: the session's state as one `tri:` issue label;
//! - [`session`]: where a session stands (active, awaiting input, stale, ended);
//! - [`answer`]: replies of every kind (comments, reviews, review comments) as one shape,
//!   the first trusted one (`tri agent wait`) and the pull request's reviews.
//!
//! The message of a hand-off (the for-next-agent text last, so that whatever it holds
//! cannot be taken for one of the sections before it):
//! ```text
//! **Goal:** Make the parser fast
//!
//! #### Done in this session
//! - step 3: built the lexer
//! - step 4 · build_failed: cargo build fails: E0425
//!
//! #### Open problems
//! - `build_failed` `019a...` · step 4 of session 9e0c41a7 — cargo build fails: E0425
//!
//! #### Sandbox
//! - state: deployed
//! - service: agent-42
//!
//! #### Metric totals
//! - tokens: 1200
//!
//! #### For the next agent
//!
//! <the message given to `tri agent handoff`>
//! ```

pub mod answer;
pub mod brief;
pub mod inbox;
mod message;
pub mod problems;
pub mod session;
pub mod state_label;

pub use message::{parse, render};

use crate::event::EventType;
use crate::journal::timeline::JournalEvent;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// Most steps listed under "Done in this session"; earlier ones are counted, not listed.
pub const MAX_DID: usize = 50;

/// One step of the session, as listed in a hand-off.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Did {
    /// Step number within the session.
    pub step: u64,
    /// Event type (`step_completed` for a plain step).
    pub event: EventType,
    /// The first line of its message.
    pub text: String,
}

/// A failure event not resolved later (see [`problems`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// The failure's event id (what `tri agent step --resolves` takes).
    pub event_id: String,
    /// `build_failed` or `deployment_failed`.
    pub event: EventType,
    /// The session that recorded it.
    pub session: String,
    /// Its step number in that session.
    pub step: u64,
    /// When (RFC 3339, ms, UTC).
    pub time: String,
    /// The first line of its message.
    pub message: String,
    /// Its comment, once published.
    pub comment_url: Option<String>,
}

impl Problem {
    /// The problem a [`JournalEvent`] is.
    pub fn of(item: &JournalEvent) -> Problem {
        Problem {
            event_id: item.id.clone(),
            event: item.event,
            session: item.session.clone(),
            step: item.step,
            time: rfc3339(item.time),
            message: item.first_line.clone(),
            comment_url: item.comment_url.clone(),
        }
    }
}

/// The issue's sandbox, as far as it is known.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Sandbox {
    /// The lifecycle state tri last recorded (`deployed`, `failed`, ...).
    pub state: Option<String>,
    /// The Railway service name (or id).
    pub service: Option<String>,
    /// The latest deployment id.
    pub deployment: Option<String>,
    /// Where it answers, when known.
    pub url: Option<String>,
}

impl Sandbox {
    /// The sandbox of `key` (a repository's issue) in the farm file `farm`
    /// ([`crate::farm::Farm::mapping_of`]: another repository's sandbox of the same issue
    /// number is not this one): its lifecycle state (else the entry's status), service name
    /// (else id), latest deployment, and the entry's `url` when the file has one. `None`
    /// when unmapped.
    pub fn from_farm(farm: &crate::farm::Farm, key: &crate::farm::Key) -> Option<Sandbox> {
        let m = farm.mapping_of(key)?;
        let url = farm.agent_map[m.index]
            .extra
            .get("url")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        Some(Sandbox {
            state: m.sandbox_state.or(m.status),
            service: m.service_name.or(m.service_id),
            deployment: m.deployment_id,
            url,
        })
    }
}

/// A hand-off: what one worker leaves the next.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Handoff {
    /// The issue's title (or `--goal`), when known.
    pub goal: Option<String>,
    /// This session's steps since its previous hand-off, oldest first (at most [`MAX_DID`]).
    pub did: Vec<Did>,
    /// How many earlier steps of that span are left out of `did`.
    pub did_omitted: usize,
    /// The message: what the next worker should do.
    pub for_next_agent: String,
    /// Open problems when the hand-off was written.
    pub open_problems: Vec<Problem>,
    /// The sandbox when the hand-off was written.
    pub sandbox: Option<Sandbox>,
    /// Metric totals of the issue when the hand-off was written.
    pub metrics: BTreeMap<String, f64>,
}

/// RFC 3339 with milliseconds and `Z`.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `s` on one line (newlines and tabs become spaces), trimmed.
pub(crate) fn one_line(s: &str) -> String {
    s.split(['\n', '\r', '\t'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The steps of `session` after its last hand-off, as a hand-off lists them: every event
/// but hand-offs and session ends, the newest [`MAX_DID`] of them, with the count of the
/// ones left out. `items`: the issue's journal, oldest first.
pub fn did_since_last_handoff(items: &[JournalEvent], session: &str) -> (Vec<Did>, usize) {
    let mine: Vec<&JournalEvent> = items.iter().filter(|i| i.session == session).collect();
    let start = mine
        .iter()
        .rposition(|i| i.event == EventType::Handoff)
        .map_or(0, |p| p + 1);
    let did: Vec<Did> = mine[start..]
        .iter()
        .filter(|i| !matches!(i.event, EventType::Handoff | EventType::SessionFinished))
        .map(|i| Did {
            step: i.step,
            event: i.event,
            text: one_line(&i.first_line),
        })
        .collect();
    let omitted = did.len().saturating_sub(MAX_DID);
    (did[omitted..].to_vec(), omitted)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A journal item for tests: `n`-th of session `session`, at `n` seconds.
    pub fn item(id: &str, session: &str, step: u64, event: EventType, text: &str) -> JournalEvent {
        JournalEvent {
            file: format!("{id}.md"),
            id: id.into(),
            event,
            session: session.into(),
            step,
            time: "2026-11-21T22:00:00Z".parse::<DateTime<Utc>>().unwrap()
                + chrono::Duration::seconds(step as i64),
            first_line: text.into(),
            resolves: Vec::new(),
            status: None,
            comment_url: None,
        }
    }

    #[test]
    fn the_sandbox_comes_from_the_farm_mapping() {
        let farm = crate::farm::parse(
            std::path::Path::new("f.json"),
            br#"{"accounts":[],"agent_map":[{"issue":42,"service_id":"svc-1","deployment_id":"dep-9","status":"ACTIVE","sandbox_state":"deployed","url":"https://agent-42.example"}]}"#,
        )
        .unwrap();
        // trinity's entry (no repository) belongs to the farm's repository only.
        let key = |repo: &str, n| crate::farm::Key::new(repo, n, Some("acme/widgets"));
        assert_eq!(
            Sandbox::from_farm(&farm, &key("acme/widgets", 42)),
            Some(Sandbox {
                state: Some("deployed".into()),
                service: Some("svc-1".into()),
                deployment: Some("dep-9".into()),
                url: Some("https://agent-42.example".into()),
            })
        );
        assert_eq!(Sandbox::from_farm(&farm, &key("acme/widgets", 7)), None);
        assert_eq!(Sandbox::from_farm(&farm, &key("acme/gadgets", 42)), None);
    }

    #[test]
    fn did_lists_this_sessions_steps_since_its_last_handoff() {
        let items = vec![
            item("a1", "A", 1, EventType::StepCompleted, "old"),
            item("a2", "A", 2, EventType::Handoff, "**Goal:** x"),
            item("b1", "B", 1, EventType::StepCompleted, "other session"),
            item("a3", "A", 3, EventType::StepCompleted, "new one"),
            item("a4", "A", 4, EventType::BuildFailed, "red"),
        ];
        let (did, omitted) = did_since_last_handoff(&items, "A");
        assert_eq!(omitted, 0);
        let got: Vec<(u64, &str)> = did.iter().map(|d| (d.step, d.text.as_str())).collect();
        assert_eq!(got, vec![(3, "new one"), (4, "red")]);
        let many: Vec<JournalEvent> = (1..=60)
            .map(|n| item(&format!("s{n}"), "C", n, EventType::StepCompleted, "s"))
            .collect();
        let (did, omitted) = did_since_last_handoff(&many, "C");
        assert_eq!((did.len(), omitted, did[0].step), (MAX_DID, 10, 11));
    }
}
