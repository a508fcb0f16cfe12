//! Events: what tri publishes to an issue. Pure: no I/O.
//!
//! An [`Event`] is created once (by `tri agent step` or a sandbox command), written to the
//! experience file and the outbox, and published as one GitHub comment carrying its
//! [`marker`](mod@marker). The marker is the idempotency key that lets tri find a comment GitHub wrote
//! but never confirmed.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// The kinds of event tri publishes (DESIGN.md, "Event types").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// A Railway service was created for the issue.
    SandboxCreated,
    /// A deployment of the issue's service started.
    DeploymentStarted,
    /// A deployment reached SUCCESS.
    DeploymentSucceeded,
    /// A deployment failed, crashed or timed out.
    DeploymentFailed,
    /// A step of work (the default of `tri agent step`).
    StepCompleted,
    /// A build failed (reported by CI scripts).
    BuildFailed,
    /// The sandbox was destroyed.
    SandboxDestroyed,
    /// A build passed (resolves the `build_failed` events before it).
    BuildSucceeded,
    /// A hand-off to the next worker (`tri agent handoff`): goal, what was done, what to do
    /// next, open problems, the sandbox, metric totals.
    Handoff,
    /// The session ended (`tri agent finish`), with a [`SessionStatus`].
    SessionFinished,
    /// The agent asked the people on the issue something (`tri agent ask`) and waits for a
    /// trusted answer (`tri agent wait`).
    Question,
}

impl EventType {
    /// Every event type, in documentation order.
    pub const ALL: [EventType; 11] = [
        EventType::SandboxCreated,
        EventType::DeploymentStarted,
        EventType::DeploymentSucceeded,
        EventType::DeploymentFailed,
        EventType::StepCompleted,
        EventType::BuildFailed,
        EventType::SandboxDestroyed,
        EventType::BuildSucceeded,
        EventType::Handoff,
        EventType::SessionFinished,
        EventType::Question,
    ];

    /// The snake_case name used in markers, front matter and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::SandboxCreated => "sandbox_created",
            EventType::DeploymentStarted => "deployment_started",
            EventType::DeploymentSucceeded => "deployment_succeeded",
            EventType::DeploymentFailed => "deployment_failed",
            EventType::StepCompleted => "step_completed",
            EventType::BuildFailed => "build_failed",
            EventType::SandboxDestroyed => "sandbox_destroyed",
            EventType::BuildSucceeded => "build_succeeded",
            EventType::Handoff => "handoff",
            EventType::SessionFinished => "session_finished",
            EventType::Question => "question",
        }
    }

    /// The readable heading of a comment for this event type (without the step number).
    pub fn heading(self) -> &'static str {
        match self {
            EventType::SandboxCreated => "🧪 Sandbox created",
            EventType::DeploymentStarted => "🚀 Deployment started",
            EventType::DeploymentSucceeded => "✅ Deployment succeeded",
            EventType::DeploymentFailed => "❌ Deployment failed",
            EventType::StepCompleted => "📝 Step completed",
            EventType::BuildFailed => "🔴 Build failed",
            EventType::SandboxDestroyed => "🧹 Sandbox destroyed",
            EventType::BuildSucceeded => "🟢 Build succeeded",
            EventType::Handoff => "🤝 Hand-off",
            EventType::SessionFinished => "🏁 Session finished",
            EventType::Question => "❓ Question",
        }
    }

    /// Whether this is a failure that stays an open problem until resolved
    /// (`build_failed`, `deployment_failed`; the rule is `crate::handoff::problems`).
    pub fn is_failure(self) -> bool {
        matches!(self, EventType::BuildFailed | EventType::DeploymentFailed)
    }

    /// Whether `tri agent step --event` may record this type: hand-offs, session ends and
    /// questions have commands of their own (`handoff`, `finish`, `ask`).
    pub fn is_step_type(self) -> bool {
        !matches!(
            self,
            EventType::Handoff | EventType::SessionFinished | EventType::Question
        )
    }
}

/// How a session ended (`tri agent finish --status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// The work of the session is done.
    Done,
    /// The session gave up or broke.
    Failed,
    /// The session was stopped from outside (e.g. a cancelled CI run).
    Cancelled,
}

impl SessionStatus {
    /// Every status, in documentation order.
    pub const ALL: [SessionStatus; 3] = [
        SessionStatus::Done,
        SessionStatus::Failed,
        SessionStatus::Cancelled,
    ];

    /// The name used on the command line, in front matter, markers and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Done => "done",
            SessionStatus::Failed => "failed",
            SessionStatus::Cancelled => "cancelled",
        }
    }
}

impl fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SessionStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SessionStatus::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("unknown status `{s}`; use done, failed or cancelled"))
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
                format!("unknown event type `{s}`; use one of: {}", names.join(", "))
            })
    }
}

/// One event, as recorded locally and published to GitHub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Unique id (a UUIDv7, time-ordered); the idempotency key in the comment marker.
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// The issue number.
    pub issue: u64,
    /// "owner/name".
    pub repo: String,
    /// The link session that produced the event.
    pub session_id: String,
    /// The step number within the link session (1-based): `step` in the front matter, the
    /// comment marker and every JSON document. Outbox entries written before the rename name
    /// it `seq`, still read.
    #[serde(alias = "seq")]
    pub step: u64,
    /// When the event was recorded (UTC).
    pub time: DateTime<Utc>,
    /// The message, already redacted (see `publisher::redact`).
    pub message: String,
    /// Numeric metrics reported with the step (`--metric name=value`), by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metrics: BTreeMap<String, f64>,
    /// Link to the GitHub Actions run that produced the event, when inside one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_url: Option<String>,
    /// Ids of the failure events this event resolves (`tri agent step --resolves`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolves: Vec<String>,
    /// How the session ended (only on `session_finished`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SessionStatus>,
}

impl Event {
    /// A fresh event id: a UUIDv7 string (36 characters), sortable by creation time.
    pub fn new_id() -> String {
        uuid::Uuid::now_v7().to_string()
    }

    /// The event time as RFC 3339 with milliseconds and `Z`, e.g. `2026-11-21T22:15:00.123Z`.
    pub fn time_rfc3339(&self) -> String {
        self.time.to_rfc3339_opts(SecondsFormat::Millis, true)
    }
}

/// The texts an event carries from outside tri, redacted: what [`crate::journal::record()`]
/// writes and every later send, render and `--json` reads. Redaction sits here, where the
/// event is made, so that no field reaches a comment, `.trinity/` or the output unredacted.
#[derive(Debug, Clone, PartialEq)]
pub struct Texts {
    /// The message ([`crate::redact::redact`]).
    pub message: String,
    /// Metrics by name, each name redacted and still a metric name
    /// ([`crate::redact::metric_name`]); values of names that redact alike are added.
    pub metrics: BTreeMap<String, f64>,
    /// The Actions run link without userinfo, or `None` when a secret is found in it
    /// ([`crate::redact::link`]).
    pub run_url: Option<String>,
}

impl Texts {
    /// Redacts `message`, the names of `metrics` and `run_url` with the rule set and the
    /// literal `secrets`. Pure.
    pub fn redacted(
        message: &str,
        metrics: BTreeMap<String, f64>,
        run_url: Option<&str>,
        secrets: &[String],
    ) -> Texts {
        let mut clean = BTreeMap::new();
        for (name, x) in metrics {
            *clean
                .entry(crate::redact::metric_name(&name, secrets))
                .or_insert(0.0) += x;
        }
        Texts {
            message: crate::redact::redact(message, secrets),
            metrics: clean,
            run_url: run_url.and_then(|u| crate::redact::link(u, secrets)),
        }
    }
}

/// The short form of a session id shown to people (log rows, comment footers): its last 8
/// characters — a UUIDv7's random part, where its first characters are the time and alike
/// for sessions started the same minute.
pub fn short_session(session: &str) -> &str {
    let n = session.chars().count();
    match session.char_indices().nth(n.saturating_sub(8)) {
        Some((i, _)) => &session[i..],
        None => session,
    }
}

/// Now, in UTC, cut to whole milliseconds (the precision of every time tri writes).
pub fn now_ms() -> DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(3)
}

pub mod marker;

pub use marker::{marker, marker_prefix, Marker, MarkerData};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_reads_its_old_key_seq_and_writes_step() {
        let mut v = serde_json::json!({"id":"e","type":"step_completed","issue":4,"repo":"o/r",
            "session_id":"s","seq":3,"time":"2026-11-21T22:15:00.123Z","message":"m"});
        let e: Event = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(e.step, 3);
        let back = serde_json::to_value(&e).unwrap();
        assert_eq!(back["step"], 3);
        assert!(back.get("seq").is_none());
        v.as_object_mut().unwrap().remove("seq");
        v["step"] = 5.into();
        assert_eq!(serde_json::from_value::<Event>(v).unwrap().step, 5);
    }

    #[test]
    fn event_type_round_trips_through_its_name() {
        for t in EventType::ALL {
            assert_eq!(t.as_str().parse::<EventType>().unwrap(), t);
            assert_eq!(
                serde_json::to_string(&t).unwrap(),
                format!("\"{}\"", t.as_str())
            );
        }
    }

    #[test]
    fn session_statuses_round_trip_and_failures_are_known() {
        for s in SessionStatus::ALL {
            assert_eq!(s.as_str().parse::<SessionStatus>().unwrap(), s);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        assert!("paused".parse::<SessionStatus>().is_err());
        let failures: Vec<EventType> = EventType::ALL
            .into_iter()
            .filter(|t| t.is_failure())
            .collect();
        assert_eq!(
            failures,
            vec![EventType::DeploymentFailed, EventType::BuildFailed]
        );
        assert!(!EventType::Handoff.is_step_type() && EventType::BuildSucceeded.is_step_type());
        assert!(!EventType::Question.is_step_type());
    }

    #[test]
    fn every_text_of_an_event_is_redacted() {
        let tok = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
        let t = Texts::redacted(
            &format!("used {tok}"),
            BTreeMap::from([
                (tok.to_string(), 1.0),
                (format!("x{tok}"), 2.0),
                ("tokens".into(), 3.0),
            ]),
            Some("https://u:pw@github.com/o/r/actions/runs/1"),
            &[],
        );
        let all = format!("{t:?}");
        assert!(!all.contains(tok) && !all.contains("pw@"), "{all}");
        assert_eq!(t.message, "used ghp_\u{2026}[redacted]");
        assert_eq!(
            t.metrics,
            BTreeMap::from([
                ("ghp_redacted".to_string(), 1.0),
                ("xghp_redacted".to_string(), 2.0),
                ("tokens".to_string(), 3.0)
            ])
        );
        assert!(t.metrics.keys().all(|k| marker::is_metric_name(k)));
        assert_eq!(
            t.run_url.as_deref(),
            Some("https://github.com/o/r/actions/runs/1")
        );
    }

    #[test]
    fn unknown_event_type_lists_the_valid_ones() {
        let err = "deploy".parse::<EventType>().unwrap_err();
        assert!(err.contains("step_completed"), "{err}");
        assert!(err.contains("`deploy`"), "{err}");
    }
}
