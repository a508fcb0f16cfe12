//! The session's state as one issue label (opt-in: config key `labels`, `TRI_LABELS`). Pure:
//! which label, and the new label set; the requests are `publisher::labels`.
//!
//! | label | while |
//! |---|---|
//! | `tri:working` | the session has recorded something, and no problem is open |
//! | `tri:blocked` | an open problem stands ([`super::problems`]) |
//! | `tri:waiting` | the session's last event is a question (`tri agent ask`): it waits for a trusted answer |
//! | `tri:done` / `tri:failed` / `tri:cancelled` | the session's last event is `tri agent finish --status done/failed/cancelled` |
//!
//! An issue carries at most one of them: each change replaces the whole label set in one
//! request (the other labels kept), so no moment shows two.

use crate::event::{EventType, SessionStatus};
use crate::journal::timeline::JournalEvent;

/// Prefix of tri's state labels.
pub const PREFIX: &str = "tri:";

/// A state label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateLabel {
    /// `tri:working`.
    Working,
    /// `tri:blocked`.
    Blocked,
    /// `tri:waiting`: the session asked a question and has recorded nothing since.
    Waiting,
    /// `tri:done`.
    Done,
    /// `tri:failed`.
    Failed,
    /// `tri:cancelled`.
    Cancelled,
}

impl StateLabel {
    /// Every state label.
    pub const ALL: [StateLabel; 6] = [
        StateLabel::Working,
        StateLabel::Blocked,
        StateLabel::Waiting,
        StateLabel::Done,
        StateLabel::Failed,
        StateLabel::Cancelled,
    ];

    /// The label's name, e.g. `tri:working`.
    pub fn name(self) -> &'static str {
        match self {
            StateLabel::Working => "tri:working",
            StateLabel::Blocked => "tri:blocked",
            StateLabel::Waiting => "tri:waiting",
            StateLabel::Done => "tri:done",
            StateLabel::Failed => "tri:failed",
            StateLabel::Cancelled => "tri:cancelled",
        }
    }

    /// The colour it is created with (6 hex digits, no `#`, as GitHub takes it).
    pub fn color(self) -> &'static str {
        match self {
            StateLabel::Working => "1d76db",
            StateLabel::Blocked => "d93f0b",
            StateLabel::Waiting => "fbca04",
            StateLabel::Done => "0e8a16",
            StateLabel::Failed => "b60205",
            StateLabel::Cancelled => "bfbfbf",
        }
    }

    /// The description it is created with (GitHub allows 100 characters).
    pub fn description(self) -> &'static str {
        match self {
            StateLabel::Working => "tri: an agent session is working on this issue",
            StateLabel::Blocked => "tri: a build or deployment failure is not resolved",
            StateLabel::Waiting => "tri: the agent asked a question and waits for an answer",
            StateLabel::Done => "tri: the last agent session finished its work",
            StateLabel::Failed => "tri: the last agent session finished and failed",
            StateLabel::Cancelled => "tri: the last agent session was cancelled",
        }
    }

    /// The state label named `name` (case-insensitive, as GitHub compares label names).
    pub fn from_name(name: &str) -> Option<StateLabel> {
        StateLabel::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(name))
    }

    /// The label of a session that ended with `status`.
    pub fn of_status(status: SessionStatus) -> StateLabel {
        match status {
            SessionStatus::Done => StateLabel::Done,
            SessionStatus::Failed => StateLabel::Failed,
            SessionStatus::Cancelled => StateLabel::Cancelled,
        }
    }
}

/// The label of `session` given the journal (`items`, oldest first) and whether a
/// problem is open: its finish status while its last event is a finish, waiting while it is
/// a question (the answer is the agent's next step), else blocked or working; `None` when
/// the session has recorded nothing.
pub fn desired(items: &[JournalEvent], session: &str, problem_open: bool) -> Option<StateLabel> {
    let last = items.iter().rev().find(|i| i.session == session)?;
    if last.event == EventType::SessionFinished {
        return Some(StateLabel::of_status(
            last.status.unwrap_or(SessionStatus::Done),
        ));
    }
    if last.event == EventType::Question {
        return Some(StateLabel::Waiting);
    }
    Some(if problem_open {
        StateLabel::Blocked
    } else {
        StateLabel::Working
    })
}

/// The label set with `want` as its one state label, the other labels kept in
/// their order; `None` when `current` already is that (nothing to send).
pub fn next_set(current: &[String], want: StateLabel) -> Option<Vec<String>> {
    let mut next: Vec<String> = current
        .iter()
        .filter(|n| StateLabel::from_name(n).is_none())
        .cloned()
        .collect();
    next.push(want.name().to_string());
    let same = current.len() == next.len()
        && current
            .iter()
            .all(|c| next.iter().any(|n| n.eq_ignore_ascii_case(c)));
    (!same).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::tests::item;

    #[test]
    fn a_session_is_working_blocked_or_finished() {
        let mut items = vec![
            item("o", "OTHER", 1, EventType::StepCompleted, "s"),
            item("a", "S", 1, EventType::StepCompleted, "s"),
        ];
        assert_eq!(desired(&items, "NEW", false), None);
        assert_eq!(desired(&items, "S", false), Some(StateLabel::Working));
        assert_eq!(desired(&items, "S", true), Some(StateLabel::Blocked));
        let mut fin = item("f", "S", 2, EventType::SessionFinished, "bye");
        fin.status = Some(SessionStatus::Cancelled);
        items.push(fin);
        assert_eq!(desired(&items, "S", true), Some(StateLabel::Cancelled));
        items.push(item("o2", "OTHER", 2, EventType::StepCompleted, "s"));
        assert_eq!(desired(&items, "S", false), Some(StateLabel::Cancelled));
        items.push(item("b", "S", 3, EventType::StepCompleted, "again"));
        assert_eq!(desired(&items, "S", false), Some(StateLabel::Working));
        items.push(item("q", "S", 4, EventType::Question, "which db?"));
        assert_eq!(desired(&items, "S", true), Some(StateLabel::Waiting));
        items.push(item(
            "c",
            "S",
            5,
            EventType::StepCompleted,
            "postgres it is",
        ));
        assert_eq!(desired(&items, "S", false), Some(StateLabel::Working));
    }

    #[test]
    fn the_new_set_has_exactly_one_state_label_and_keeps_the_rest() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            next_set(
                &v(&["bug", "tri:working", "TRI:Blocked", "p1"]),
                StateLabel::Done
            ),
            Some(v(&["bug", "p1", "tri:done"]))
        );
        assert_eq!(next_set(&v(&["bug", "tri:done"]), StateLabel::Done), None);
        assert_eq!(next_set(&v(&["Tri:Done"]), StateLabel::Done), None);
        assert_eq!(
            next_set(&[], StateLabel::Working),
            Some(v(&["tri:working"]))
        );
        assert_eq!(
            next_set(&v(&["tri:unrelated"]), StateLabel::Working),
            Some(v(&["tri:unrelated", "tri:working"]))
        );
        for l in StateLabel::ALL {
            assert_eq!(StateLabel::from_name(l.name()), Some(l));
            assert!(l.description().chars().count() <= 100 && l.color().len() == 6);
        }
    }
}
