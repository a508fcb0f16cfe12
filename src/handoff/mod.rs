//! Hand-offs and what the next worker reads first. Pure: everything here is computed from
//! values the commands read (the journal's [`Item`]s, the farm mapping, the issue's
//! comments); nothing here reads a file or the network.
//!
//! - this file: the hand-off itself ([`Handoff`]), rendered as the `handoff` event's message
//!   ([`render`]) and read back from it ([`parse`]) — so a hand-off travels like any event
//!   (experience file, outbox, one comment, redacted, `tri agent pull`) with nothing besides
//!   its message;
//! - [`problems`]: the open-problem rule (which failures are still unresolved);
//! - [`brief`]: `tri agent brief`, assembled and rendered;
//! - [`inbox`]: the issue's human replies, filtered by trust;
//! - [`labels`]: the session's state as one `tri:` issue label.
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

pub mod brief;
pub mod inbox;
pub mod labels;
pub mod problems;

use crate::event::EventType;
use crate::journal::timeline::Item;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// Most steps listed under "Done in this session"; earlier ones are counted, not listed.
pub const MAX_DID: usize = 50;

const GOAL: &str = "**Goal:** ";
const DID: &str = "#### Done in this session";
const PROBLEMS: &str = "#### Open problems";
const SANDBOX: &str = "#### Sandbox";
const METRICS: &str = "#### Metric totals";
const NEXT: &str = "#### For the next agent";

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
    /// The problem an [`Item`] is.
    pub fn of(item: &Item) -> Problem {
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
    /// The sandbox of `issue` in the farm file `farm` ([`crate::farm::Farm::get_mapping`]):
    /// its lifecycle state (else the entry's status), service name (else id), latest
    /// deployment, and the entry's `url` when the file has one. `None` when unmapped.
    pub fn from_farm(farm: &crate::farm::Farm, issue: u64) -> Option<Sandbox> {
        let m = farm.get_mapping(issue)?;
        let url = farm.agent_map[m.index]
            .extra
            .get("url")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        Some(Sandbox {
            state: m.sandbox_state.or(m.status),
            service: m.service_name.or(m.railway_service_id),
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
fn one_line(s: &str) -> String {
    s.split(['\n', '\r', '\t'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The steps of `session` after its last hand-off, as a hand-off lists them: every event
/// but hand-offs and session ends, the newest [`MAX_DID`] of them, with the count of the
/// ones left out. `items`: the issue's journal, oldest first.
pub fn did_since_last_handoff(items: &[Item], session: &str) -> (Vec<Did>, usize) {
    let mine: Vec<&Item> = items.iter().filter(|i| i.session == session).collect();
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

/// The hand-off's message (see the module docs). Pure.
pub fn render(h: &Handoff) -> String {
    let mut s = String::new();
    if let Some(goal) = h.goal.as_deref().map(one_line).filter(|g| !g.is_empty()) {
        s.push_str(&format!("{GOAL}{goal}\n\n"));
    }
    s.push_str(DID);
    s.push('\n');
    if h.did_omitted > 0 {
        s.push_str(&format!("- (and {} earlier steps)\n", h.did_omitted));
    }
    if h.did.is_empty() {
        s.push_str("- nothing since the session's last hand-off\n");
    }
    for d in &h.did {
        let text = one_line(&d.text);
        match d.event {
            EventType::StepCompleted => s.push_str(&format!("- step {}: {text}\n", d.step)),
            t => s.push_str(&format!("- step {} · {t}: {text}\n", d.step)),
        }
    }
    s.push_str(&format!("\n{PROBLEMS}\n"));
    if h.open_problems.is_empty() {
        s.push_str("- none\n");
    }
    for p in &h.open_problems {
        s.push_str(&format!(
            "- `{}` `{}` · step {} of session {} — {}\n",
            p.event,
            p.event_id,
            p.step,
            crate::event::short_session(&p.session),
            one_line(&p.message)
        ));
    }
    s.push_str(&format!("\n{SANDBOX}\n"));
    match &h.sandbox {
        None => s.push_str("- none known\n"),
        Some(b) => {
            for (k, v) in [
                ("state", &b.state),
                ("service", &b.service),
                ("deployment", &b.deployment),
                ("url", &b.url),
            ] {
                if let Some(v) = v {
                    s.push_str(&format!("- {k}: {}\n", one_line(v)));
                }
            }
        }
    }
    s.push_str(&format!("\n{METRICS}\n"));
    if h.metrics.is_empty() {
        s.push_str("- none\n");
    }
    for (k, v) in &h.metrics {
        s.push_str(&format!("- {k}: {}\n", crate::output::number(*v)));
    }
    s.push_str(&format!("\n{NEXT}\n\n{}\n", h.for_next_agent.trim_end()));
    s
}

/// Reads a hand-off back from its message ([`render`]'s inverse for the goal, the steps,
/// the sandbox, the metrics and the message; open problems are not read back: the brief
/// works them out again from the journal). `None` when the text has no for-next-agent
/// section. Pure.
pub fn parse(message: &str) -> Option<Handoff> {
    let mut h = Handoff {
        goal: None,
        did: Vec::new(),
        did_omitted: 0,
        for_next_agent: String::new(),
        open_problems: Vec::new(),
        sandbox: None,
        metrics: BTreeMap::new(),
    };
    let mut section = "";
    let mut lines = message.split_inclusive('\n');
    let mut found_next = false;
    for line in lines.by_ref() {
        let l = line.trim_end_matches(['\n', '\r']);
        if l == NEXT {
            found_next = true;
            break;
        }
        if [DID, PROBLEMS, SANDBOX, METRICS].contains(&l) {
            section = l;
            continue;
        }
        if section.is_empty() {
            if let Some(g) = l.strip_prefix(GOAL) {
                h.goal = Some(g.to_string());
            }
            continue;
        }
        let Some(item) = l.strip_prefix("- ") else {
            continue;
        };
        match section {
            DID => parse_did(item, &mut h),
            SANDBOX => {
                if let Some((k, v)) = item.split_once(": ") {
                    let b = h.sandbox.get_or_insert_with(Sandbox::default);
                    let v = Some(v.to_string());
                    match k {
                        "state" => b.state = v,
                        "service" => b.service = v,
                        "deployment" => b.deployment = v,
                        "url" => b.url = v,
                        _ => {}
                    }
                }
            }
            METRICS => {
                if let Some((k, v)) = item.split_once(": ") {
                    if let Ok(x) = v.parse() {
                        h.metrics.insert(k.to_string(), x);
                    }
                }
            }
            _ => {}
        }
    }
    if !found_next {
        return None;
    }
    let rest: String = lines.collect();
    h.for_next_agent = rest
        .strip_prefix('\n')
        .unwrap_or(&rest)
        .trim_end()
        .to_string();
    Some(h)
}

fn parse_did(item: &str, h: &mut Handoff) {
    if let Some(n) = item
        .strip_prefix("(and ")
        .and_then(|r| r.strip_suffix(" earlier steps)"))
    {
        h.did_omitted = n.parse().unwrap_or(0);
        return;
    }
    let Some(rest) = item.strip_prefix("step ") else {
        return;
    };
    let Some((head, text)) = rest.split_once(": ") else {
        return;
    };
    let (step, event) = match head.split_once(" · ") {
        Some((n, t)) => (n, t.parse().ok()),
        None => (head, Some(EventType::StepCompleted)),
    };
    if let (Ok(step), Some(event)) = (step.parse(), event) {
        h.did.push(Did {
            step,
            event,
            text: text.to_string(),
        });
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A journal item for tests: `n`-th of session `session`, at `n` seconds.
    pub fn item(id: &str, session: &str, step: u64, event: EventType, text: &str) -> Item {
        Item {
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

    fn sample() -> Handoff {
        Handoff {
            goal: Some("Make the parser fast".into()),
            did: vec![
                Did {
                    step: 3,
                    event: EventType::StepCompleted,
                    text: "built the lexer: 2x".into(),
                },
                Did {
                    step: 4,
                    event: EventType::BuildFailed,
                    text: "cargo build fails: E0425".into(),
                },
            ],
            did_omitted: 2,
            for_next_agent: "Fix E0425.\n\n#### Sandbox\n- state: lies\n**Goal:** not this".into(),
            open_problems: vec![Problem::of(&item(
                "f1",
                "019a-s",
                4,
                EventType::BuildFailed,
                "cargo build fails: E0425",
            ))],
            sandbox: Some(Sandbox {
                state: Some("deployed".into()),
                service: Some("agent-42".into()),
                deployment: None,
                url: Some("https://agent-42.example".into()),
            }),
            metrics: BTreeMap::from([("tokens".to_string(), 1200.0), ("usd".into(), 0.25)]),
        }
    }

    #[test]
    fn a_handoff_reads_back_from_its_message() {
        let h = sample();
        let text = render(&h);
        assert!(text.starts_with("**Goal:** Make the parser fast\n\n#### Done in this session\n- (and 2 earlier steps)\n- step 3: built the lexer: 2x\n- step 4 · build_failed: cargo build fails: E0425\n"), "{text}");
        assert!(text.contains("- `build_failed` `f1` · step 4 of session 019a-s — cargo"));
        let back = parse(&text).unwrap();
        assert_eq!(
            back,
            Handoff {
                open_problems: Vec::new(),
                ..h
            }
        );
    }

    #[test]
    fn empty_parts_render_and_read_back_as_empty() {
        let h = Handoff {
            goal: None,
            did: Vec::new(),
            did_omitted: 0,
            for_next_agent: "go on".into(),
            open_problems: Vec::new(),
            sandbox: None,
            metrics: BTreeMap::new(),
        };
        let text = render(&h);
        assert!(text.contains("- nothing since") && text.contains("- none known"));
        assert_eq!(parse(&text).unwrap(), h);
        assert!(parse("just a step message").is_none());
    }

    #[test]
    fn multi_line_values_cannot_open_a_section() {
        let mut h = sample();
        h.goal = Some("two\n#### For the next agent\nlines".into());
        h.did[0].text = "a\n#### For the next agent".into();
        let back = parse(&render(&h)).unwrap();
        assert_eq!(
            back.goal.as_deref(),
            Some("two #### For the next agent lines")
        );
        assert_eq!(back.did[0].text, "a #### For the next agent");
        assert_eq!(back.for_next_agent, h.for_next_agent);
    }

    #[test]
    fn the_sandbox_comes_from_the_farm_mapping() {
        let farm = crate::farm::parse(
            std::path::Path::new("f.json"),
            br#"{"accounts":[],"agent_map":[{"issue":42,"service_id":"svc-1","deployment_id":"dep-9","status":"ACTIVE","sandbox_state":"deployed","url":"https://agent-42.example"}]}"#,
        )
        .unwrap();
        assert_eq!(
            Sandbox::from_farm(&farm, 42),
            Some(Sandbox {
                state: Some("deployed".into()),
                service: Some("svc-1".into()),
                deployment: Some("dep-9".into()),
                url: Some("https://agent-42.example".into()),
            })
        );
        assert_eq!(Sandbox::from_farm(&farm, 7), None);
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
        let many: Vec<Item> = (1..=60)
            .map(|n| item(&format!("s{n}"), "C", n, EventType::StepCompleted, "s"))
            .collect();
        let (did, omitted) = did_since_last_handoff(&many, "C");
        assert_eq!((did.len(), omitted, did[0].step), (MAX_DID, 10, 11));
    }
}
