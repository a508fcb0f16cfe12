//! `tri agent brief`: what an incoming worker reads first — the latest hand-off, the steps
//! since it (from every session), the open problems, the sandbox, metric totals and the
//! human replies — assembled from values ([`assemble`]) and rendered as markdown ready to
//! paste into a prompt ([`to_markdown`]) or serialised as JSON (docs/JSON.md). Pure.

use super::answer::PullReviews;
use super::inbox::Inbox;
use super::session::SessionState;
use super::{problems, Did, Handoff, Problem, Sandbox};
use crate::event::{EventType, SessionStatus};
use crate::journal::timeline::JournalEvent;
use serde::Serialize;
use std::collections::BTreeMap;

mod markdown;
mod wayback;

pub use markdown::to_markdown;

/// Most steps since the hand-off listed; earlier ones are counted.
pub const MAX_STEPS: usize = 30;

/// Whether the journal was refreshed from the issue first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refresh {
    /// `pulled` (read from the issue), `local` (no token: the local journal only) or
    /// `failed` (GitHub could not be read; the local journal).
    pub state: &'static str,
    /// Events new to this workspace written by the pull (under `tri mcp --read-only`:
    /// shown, not written).
    pub new: usize,
    /// Why the refresh failed.
    pub error: Option<String>,
}

/// The latest hand-off, as the brief shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandoffView {
    /// Its event id.
    pub event_id: String,
    /// The session that wrote it.
    pub session: String,
    /// Its step number in that session.
    pub step: u64,
    /// When (RFC 3339).
    pub time: String,
    /// Its comment, once published.
    pub comment_url: Option<String>,
    /// Its goal.
    pub goal: Option<String>,
    /// What that session did before it.
    pub did: Vec<Did>,
    /// Steps of that span not listed.
    pub did_omitted: usize,
    /// What to do next.
    pub for_next_agent: String,
}

/// One event since the hand-off.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepView {
    /// Event id.
    pub event_id: String,
    /// When (RFC 3339).
    pub time: String,
    /// Session.
    pub session: String,
    /// Step number in the session.
    pub step: u64,
    /// Event type.
    pub event: EventType,
    /// How the session ended (`session_finished` only).
    pub status: Option<SessionStatus>,
    /// The first line of its message.
    pub message: String,
    /// Its comment, once published.
    pub comment_url: Option<String>,
}

/// The sandbox and where what is known of it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SandboxView {
    /// What is known.
    #[serde(flatten)]
    pub sandbox: Sandbox,
    /// `farm` (this workspace's farm file) or `handoff` (the latest hand-off's).
    pub source: &'static str,
}

/// The brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// The issue.
    pub issue: u64,
    /// Its repository, when known.
    pub repo: Option<String>,
    /// The issue's title, else the latest hand-off's goal.
    pub goal: Option<String>,
    /// Whether the journal was refreshed from the issue.
    pub refresh: Refresh,
    /// The latest hand-off.
    pub handoff: Option<HandoffView>,
    /// The events after it (all when there is none), oldest first, at most [`MAX_STEPS`].
    pub steps_since: Vec<StepView>,
    /// How many events follow the hand-off in all.
    pub steps_since_total: usize,
    /// Failure events not resolved.
    pub open_problems: Vec<Problem>,
    /// The sandbox.
    pub sandbox: Option<SandboxView>,
    /// Metric totals over the issue's journal.
    pub metrics: BTreeMap<String, f64>,
    /// Human replies (`null` when the issue could not be read).
    pub inbox: Option<Inbox>,
    /// Where the session stands ([`crate::handoff::session`]; `null` with neither a link
    /// to the issue nor an event).
    pub session_state: Option<SessionState>,
    /// The session's pull request, its reviews and review comments from trusted authors
    /// (`null`: none, or not read).
    pub pull_request: Option<PullReviews>,
}

/// What the brief is made from.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// The issue.
    pub issue: u64,
    /// Its repository.
    pub repo: Option<String>,
    /// The issue's title, when known.
    pub title: Option<String>,
    /// The issue's journal, oldest first.
    pub items: &'a [JournalEvent],
    /// The whole message of [`latest_handoff`]`(items)`.
    pub handoff_message: Option<String>,
    /// The sandbox from the farm file.
    pub farm: Option<Sandbox>,
    /// Metric totals.
    pub metrics: BTreeMap<String, f64>,
    /// The refresh.
    pub refresh: Refresh,
    /// The inbox.
    pub inbox: Option<Inbox>,
    /// Where the session stands.
    pub session_state: Option<SessionState>,
    /// The session's pull request's reviews.
    pub pull_request: Option<PullReviews>,
}

/// The newest hand-off of the journal.
pub fn latest_handoff(items: &[JournalEvent]) -> Option<&JournalEvent> {
    items.iter().rev().find(|i| i.event == EventType::Handoff)
}

/// Assembles the brief.
pub fn assemble(input: Input<'_>) -> Brief {
    let items = input.items;
    let latest = items.iter().rposition(|i| i.event == EventType::Handoff);
    // Every text of the brief came from the issue at some point: cleaned for a prompt.
    let clean = |t: &str| crate::sanitize::for_prompt(t);
    let parsed: Option<Handoff> = input
        .handoff_message
        .as_deref()
        .map(clean)
        .as_deref()
        .and_then(super::parse);
    let handoff = latest.map(|p| {
        let i = &items[p];
        let h = parsed.clone();
        HandoffView {
            event_id: i.id.clone(),
            session: i.session.clone(),
            step: i.step,
            time: super::rfc3339(i.time),
            comment_url: i.comment_url.clone(),
            goal: h.as_ref().and_then(|h| h.goal.clone()),
            did: h.as_ref().map(|h| h.did.clone()).unwrap_or_default(),
            did_omitted: h.as_ref().map_or(0, |h| h.did_omitted),
            for_next_agent: h
                .map(|h| h.for_next_agent)
                .unwrap_or_else(|| clean(&i.first_line)),
        }
    });
    let after = &items[latest.map_or(0, |p| p + 1)..];
    let skip = after.len().saturating_sub(MAX_STEPS);
    let steps_since = after[skip..]
        .iter()
        .map(|i| StepView {
            event_id: i.id.clone(),
            time: super::rfc3339(i.time),
            session: i.session.clone(),
            step: i.step,
            event: i.event,
            status: i.status,
            message: clean(&i.first_line),
            comment_url: i.comment_url.clone(),
        })
        .collect();
    let sandbox = match (input.farm, parsed.and_then(|h| h.sandbox)) {
        (Some(s), _) => Some(SandboxView {
            sandbox: s,
            source: "farm",
        }),
        (None, Some(s)) => Some(SandboxView {
            sandbox: s,
            source: "handoff",
        }),
        (None, None) => None,
    };
    Brief {
        issue: input.issue,
        repo: input.repo,
        goal: input
            .title
            .or_else(|| handoff.as_ref().and_then(|h| h.goal.clone()))
            .map(|g| crate::sanitize::one_line(&g)),
        refresh: input.refresh,
        handoff,
        steps_since,
        steps_since_total: after.len(),
        open_problems: problems::open_problems(items)
            .into_iter()
            .map(|i| {
                let mut p = Problem::of(i);
                p.message = clean(&p.message);
                p
            })
            .collect(),
        sandbox,
        metrics: input.metrics,
        inbox: input.inbox,
        session_state: input.session_state,
        pull_request: input.pull_request,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::inbox::{Reply, Withheld};
    use crate::handoff::tests::item;

    fn refresh() -> Refresh {
        Refresh {
            state: "pulled",
            new: 3,
            error: None,
        }
    }

    fn handoff_text() -> String {
        super::super::render(&Handoff {
            goal: Some("Make the parser fast".into()),
            did: vec![Did {
                step: 1,
                event: EventType::StepCompleted,
                text: "built the lexer".into(),
            }],
            did_omitted: 0,
            for_next_agent: "Fix E0425 in parser.rs".into(),
            open_problems: Vec::new(),
            sandbox: Some(Sandbox {
                state: Some("deployed".into()),
                ..Default::default()
            }),
            metrics: BTreeMap::new(),
        })
    }

    #[test]
    fn the_brief_is_the_latest_handoff_what_followed_and_what_is_open() {
        let items = vec![
            item("a1", "A", 1, EventType::StepCompleted, "built the lexer"),
            item(
                "a2",
                "A",
                2,
                EventType::BuildFailed,
                "cargo build fails: E0425",
            ),
            item(
                "a3",
                "A",
                3,
                EventType::Handoff,
                "**Goal:** Make the parser fast",
            ),
            item(
                "b1",
                "B",
                1,
                EventType::StepCompleted,
                "looked at parser.rs",
            ),
        ];
        let b = assemble(Input {
            issue: 77,
            repo: Some("octo/widgets".into()),
            title: None,
            items: &items,
            handoff_message: Some(handoff_text()),
            farm: None,
            metrics: BTreeMap::from([("tokens".into(), 10.0)]),
            refresh: refresh(),
            session_state: None,
            pull_request: None,
            inbox: Some(Inbox {
                since: Some("2026-11-21T22:00:03.000Z".into()),
                trust: "collaborators",
                replies: vec![Reply {
                    author: "alice".into(),
                    association: "MEMBER".into(),
                    time: Some("2026-11-21T22:00:04Z".into()),
                    url: "u".into(),
                    body: "also the docs".into(),
                }],
                withheld: Withheld {
                    count: 1,
                    authors: vec!["mallory".into()],
                },
            }),
        });
        assert_eq!(b.goal.as_deref(), Some("Make the parser fast"));
        let h = b.handoff.as_ref().unwrap();
        assert_eq!((h.event_id.as_str(), h.did.len()), ("a3", 1));
        assert_eq!(h.for_next_agent, "Fix E0425 in parser.rs");
        assert_eq!(b.steps_since.len(), 1);
        assert_eq!(b.steps_since[0].event_id, "b1");
        assert_eq!(b.open_problems.len(), 1);
        assert_eq!(b.open_problems[0].event_id, "a2");
        assert_eq!(b.sandbox.as_ref().unwrap().source, "handoff");
        let md = to_markdown(&b);
        for needle in [
            "# Brief: octo/widgets#77 — Make the parser fast",
            "3 new event(s) pulled",
            "- step 1: built the lexer",
            "Fix E0425 in parser.rs",
            "step 1 of session B: looked at parser.rs",
            "`build_failed` `a2`",
            "- state: deployed",
            "tokens=10",
            "@alice (MEMBER",
            "1 comment(s) withheld",
            "@mallory",
        ] {
            assert!(md.contains(needle), "{needle} in\n{md}");
        }
    }

    #[test]
    fn without_a_handoff_every_step_is_listed_and_the_title_wins() {
        let items: Vec<JournalEvent> = (1..=40)
            .map(|n| item(&format!("s{n}"), "A", n, EventType::StepCompleted, "s"))
            .collect();
        // A local brief of issue 7 titled "Title", no hand-off, sandbox from `farm`.
        let local = |farm| Input {
            issue: 7,
            repo: None,
            title: Some("Title".into()),
            items: &items,
            handoff_message: None,
            farm,
            metrics: BTreeMap::new(),
            refresh: Refresh {
                state: "local",
                new: 0,
                error: None,
            },
            inbox: None,
            session_state: None,
            pull_request: None,
        };
        let b = assemble(local(Some(Sandbox::default())));
        assert!(b.handoff.is_none());
        assert_eq!((b.steps_since.len(), b.steps_since_total), (MAX_STEPS, 40));
        assert_eq!(b.steps_since[0].step, 11);
        assert_eq!(b.sandbox.unwrap().source, "farm");
        let md = to_markdown(&assemble(local(None)));
        assert!(md.contains("(and 10 earlier"), "{md}");
        assert!(md.contains("no GitHub token"), "{md}");
    }
}
