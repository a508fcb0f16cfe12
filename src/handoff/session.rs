//! Where a session stands, for everyone who reads the journal (`status --json`,
//! `brief`). Pure: computed from the journal's [`JournalEvent`]s, the link, the time now and
//! whether a trusted answer to the latest question is known.
//!
//! | state | when |
//! |---|---|
//! | `done` / `failed` / `cancelled` | the session's last event is its `tri agent finish` |
//! | `awaiting_input` | its last event is a question (`tri agent ask`) with no trusted answer known |
//! | `stale` | no event for `stale_after` (`TRI_STALE_AFTER`, default 2 h) and no session end |
//! | `active` | otherwise |
//!
//! The rule follows Linear's agent sessions, which go `stale` after a silence: a crashed
//! run becomes observable within a bounded time. A question waits
//! for people, who may take longer than `stale_after`: `awaiting_input` wins over `stale`.
//!
//! The session shown is the linked one when it has recorded something on the issue, else
//! the latest session that has (what a fresh machine linked to the issue wants to
//! know: where the previous worker stands), else the linked one (its link time counts as
//! its last sign of life).

use crate::event::{EventType, SessionStatus};
use crate::journal::timeline::JournalEvent;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::time::Duration;

/// Default of `TRI_STALE_AFTER`: two hours of silence.
pub const DEFAULT_STALE_AFTER: Duration = Duration::from_secs(2 * 60 * 60);

/// A session's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Working: it recorded something within `stale_after`.
    Active,
    /// Its latest event is a question with no trusted answer known.
    AwaitingInput,
    /// Silent for `stale_after` or longer, with no session end: it may have crashed.
    Stale,
    /// Ended with `tri agent finish --status done`.
    Done,
    /// Ended with `--status failed`.
    Failed,
    /// Ended with `--status cancelled`.
    Cancelled,
}

impl State {
    /// The JSON name: `active`, `awaiting_input`, `stale`, `done`, `failed`, `cancelled`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Active => "active",
            State::AwaitingInput => "awaiting_input",
            State::Stale => "stale",
            State::Done => "done",
            State::Failed => "failed",
            State::Cancelled => "cancelled",
        }
    }

    fn of_status(s: SessionStatus) -> State {
        match s {
            SessionStatus::Done => State::Done,
            SessionStatus::Failed => State::Failed,
            SessionStatus::Cancelled => State::Cancelled,
        }
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The question a session waits on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// Its event id.
    pub event_id: String,
    /// When it was asked (RFC 3339, ms, UTC).
    pub time: String,
    /// Its text (the first line from the journal; commands put the whole message in).
    pub text: String,
    /// Its comment, once published.
    pub comment_url: Option<String>,
}

/// Where a session stands (`status --json` `session_state`, `brief` `session_state`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionState {
    /// The state.
    pub state: State,
    /// The session it is about.
    pub session: String,
    /// Its last event's time (RFC 3339), or its link time when it has none.
    pub last_activity: Option<String>,
    /// The question it waits on (`awaiting_input` only).
    pub question: Option<Question>,
}

/// The link, as far as the session state needs it.
#[derive(Debug, Clone, Copy)]
pub struct Linked<'a> {
    /// Its session id.
    pub session: &'a str,
    /// When it was made.
    pub linked_at: DateTime<Utc>,
}

/// The latest question of `session` in `items`, when it is the session's last event.
pub fn open_question<'a>(items: &'a [JournalEvent], session: &str) -> Option<&'a JournalEvent> {
    let last = items.iter().rev().find(|i| i.session == session)?;
    (last.event == EventType::Question).then_some(last)
}

/// The latest question of `session` in `items`, whatever followed it (where `tri agent
/// wait` starts reading replies).
pub fn latest_question<'a>(items: &'a [JournalEvent], session: &str) -> Option<&'a JournalEvent> {
    items
        .iter()
        .rev()
        .find(|i| i.session == session && i.event == EventType::Question)
}

/// Where the session stands (see the module's table): the linked session's when it
/// recorded something in `items`, else the latest session's of `items`, else the linked
/// one's; `None` with neither a link nor an event. `answered`: a trusted reply after the
/// open question is known (the caller read the issue).
pub fn state(
    items: &[JournalEvent],
    linked: Option<Linked<'_>>,
    answered: bool,
    now: DateTime<Utc>,
    stale_after: Duration,
) -> Option<SessionState> {
    let session: String = match linked {
        Some(l) if items.iter().any(|i| i.session == l.session) => l.session.to_string(),
        _ => match items.iter().rev().find(|i| !i.session.is_empty()) {
            Some(i) => i.session.clone(),
            None => linked?.session.to_string(),
        },
    };
    let last = items.iter().rev().find(|i| i.session == session);
    let last_at = match (last, linked) {
        (Some(i), _) => Some(i.time),
        (None, Some(l)) if l.session == session => Some(l.linked_at),
        _ => None,
    };
    let silent = last_at.is_some_and(|t| {
        now.signed_duration_since(t)
            .to_std()
            .is_ok_and(|d| d >= stale_after)
            // A time in the future (clock skew) is not silence; 0 s means any silence.
            || (stale_after.is_zero() && now >= t)
    });
    let mut question = None;
    let state = match last {
        Some(i) if i.event == EventType::SessionFinished => {
            State::of_status(i.status.unwrap_or(SessionStatus::Done))
        }
        Some(i) if i.event == EventType::Question && !answered => {
            question = Some(Question {
                event_id: i.id.clone(),
                time: super::rfc3339(i.time),
                text: i.first_line.clone(),
                comment_url: i.comment_url.clone(),
            });
            State::AwaitingInput
        }
        _ if silent => State::Stale,
        _ => State::Active,
    };
    Some(SessionState {
        state,
        session,
        last_activity: last_at.map(super::rfc3339),
        question,
    })
}

/// Parses `TRI_STALE_AFTER`: humantime (`30m`, `2h`, `1s`) or a bare number of seconds;
/// `0`/`0s` makes any silence stale. Unset: [`DEFAULT_STALE_AFTER`].
///
/// Errors: an unparseable value, naming the variable.
pub fn stale_after_from(value: Option<&str>) -> Result<Duration, String> {
    let Some(v) = value.map(str::trim) else {
        return Ok(DEFAULT_STALE_AFTER);
    };
    if v.bytes().all(|b| b.is_ascii_digit()) && !v.is_empty() {
        return v
            .parse::<u64>()
            .map(Duration::from_secs)
            .map_err(|_| format!("TRI_STALE_AFTER=`{v}` is too many seconds"));
    }
    humantime::parse_duration(v)
        .map_err(|e| format!("TRI_STALE_AFTER=`{v}` is not a duration ({e}); use e.g. 30m or 2h"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::tests::item;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn items() -> Vec<JournalEvent> {
        // `item` numbers times from 2026-11-21T22:00:00Z by step.
        vec![
            item("p", "PREV", 1, EventType::StepCompleted, "old work"),
            item("a", "S", 1, EventType::StepCompleted, "did a"),
        ]
    }

    #[test]
    fn a_session_is_active_until_silent_then_stale() {
        let items = items();
        let last = items[1].time;
        let l = Linked {
            session: "S",
            linked_at: at("2026-11-21T00:00:00Z"),
        };
        let h2 = DEFAULT_STALE_AFTER;
        let s = state(
            &items,
            Some(l),
            false,
            last + chrono::Duration::minutes(5),
            h2,
        )
        .unwrap();
        assert_eq!((s.state, s.session.as_str()), (State::Active, "S"));
        assert_eq!(s.last_activity, Some(crate::handoff::rfc3339(last)));
        let s = state(
            &items,
            Some(l),
            false,
            last + chrono::Duration::hours(2),
            h2,
        )
        .unwrap();
        assert_eq!(s.state, State::Stale, "two hours of silence");
        let s = state(&items, Some(l), false, last, Duration::ZERO).unwrap();
        assert_eq!(s.state, State::Stale, "0 s: any silence");
        let s = state(
            &items,
            Some(l),
            false,
            last - chrono::Duration::hours(3),
            h2,
        )
        .unwrap();
        assert_eq!(s.state, State::Active, "a clock behind is not silence");
    }

    #[test]
    fn a_question_without_answer_is_awaiting_input_even_when_silent() {
        let mut items = items();
        items.push(item("q", "S", 2, EventType::Question, "which database?"));
        let now = items[2].time + chrono::Duration::hours(5);
        let s = state(&items, None, false, now, DEFAULT_STALE_AFTER).unwrap();
        assert_eq!(s.state, State::AwaitingInput);
        let q = s.question.unwrap();
        assert_eq!(
            (q.event_id.as_str(), q.text.as_str()),
            ("q", "which database?")
        );
        let s = state(&items, None, true, now, DEFAULT_STALE_AFTER).unwrap();
        assert_eq!((s.state, s.question), (State::Stale, None), "answered");
        assert_eq!(open_question(&items, "S").map(|i| i.id.as_str()), Some("q"));
        items.push(item("b", "S", 3, EventType::StepCompleted, "postgres"));
        assert_eq!(open_question(&items, "S"), None);
        assert_eq!(
            latest_question(&items, "S").map(|i| i.id.as_str()),
            Some("q")
        );
        let s = state(&items, None, false, items[3].time, DEFAULT_STALE_AFTER).unwrap();
        assert_eq!(s.state, State::Active);
    }

    #[test]
    fn a_finished_session_is_its_status_never_stale() {
        let mut items = items();
        let mut fin = item("f", "S", 2, EventType::SessionFinished, "bye");
        fin.status = Some(SessionStatus::Failed);
        items.push(fin);
        let now = items[2].time + chrono::Duration::days(3);
        let s = state(&items, None, false, now, DEFAULT_STALE_AFTER).unwrap();
        assert_eq!(s.state, State::Failed);
    }

    #[test]
    fn a_fresh_link_shows_the_previous_session_until_it_records() {
        let items = items();
        let fresh = Linked {
            session: "NEW",
            linked_at: at("2026-11-22T00:00:00Z"),
        };
        let now = at("2026-11-22T00:00:01Z");
        let s = state(&items, Some(fresh), false, now, DEFAULT_STALE_AFTER).unwrap();
        assert_eq!((s.session.as_str(), s.state), ("S", State::Stale));
        let s = state(&[], Some(fresh), false, now, DEFAULT_STALE_AFTER).unwrap();
        assert_eq!((s.session.as_str(), s.state), ("NEW", State::Active));
        assert_eq!(s.last_activity.as_deref(), Some("2026-11-22T00:00:00.000Z"));
        assert_eq!(state(&[], None, false, now, DEFAULT_STALE_AFTER), None);
    }

    #[test]
    fn stale_after_parses_humantime_and_seconds() {
        assert_eq!(stale_after_from(None), Ok(DEFAULT_STALE_AFTER));
        assert_eq!(stale_after_from(Some("30m")), Ok(Duration::from_secs(1800)));
        assert_eq!(stale_after_from(Some("90")), Ok(Duration::from_secs(90)));
        assert_eq!(stale_after_from(Some("0s")), Ok(Duration::ZERO));
        assert!(stale_after_from(Some("soon"))
            .unwrap_err()
            .contains("TRI_STALE_AFTER"));
    }
}
