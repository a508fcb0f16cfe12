//! The open-problem rule. Pure.
//!
//! A **problem** is a failure event: `build_failed` or `deployment_failed`. It is
//! **resolved** by any event recorded after it (in the journal, from any session or
//! machine) that
//! - is a success of the same kind: `build_succeeded` resolves every `build_failed` before
//!   it; `deployment_succeeded` — and `sandbox_destroyed`, which leaves no failing
//!   deployment behind — resolve every `deployment_failed` before them; or
//! - names it: `tri agent step --resolves <event-id>` (the id, or a unique prefix of at
//!   least [`MIN_PREFIX`] characters, turned into the full id before it is recorded).
//!
//! Every other failure is **open**: listed by `tri agent brief` and in a hand-off, and it
//! makes the session's label `tri:blocked` (when labels are on).

use crate::event::EventType;
use crate::journal::timeline::JournalEvent;
use std::collections::HashSet;

/// Shortest event-id prefix `--resolves` accepts.
pub const MIN_PREFIX: usize = 8;

/// The event types that resolve a failure of type `t` recorded before them (empty for a
/// type that is not a failure).
pub fn resolved_by(t: EventType) -> &'static [EventType] {
    match t {
        EventType::BuildFailed => &[EventType::BuildSucceeded],
        EventType::DeploymentFailed => {
            &[EventType::DeploymentSucceeded, EventType::SandboxDestroyed]
        }
        _ => &[],
    }
}

/// The open problems of a journal (`items`: oldest first), oldest first.
pub fn open_problems(items: &[JournalEvent]) -> Vec<&JournalEvent> {
    // One pass from the newest: what has been seen later than each item.
    let mut later_types: HashSet<EventType> = HashSet::new();
    let named: HashSet<&str> = items
        .iter()
        .flat_map(|i| i.resolves.iter().map(String::as_str))
        .collect();
    let mut open = Vec::new();
    for item in items.iter().rev() {
        if item.event.is_failure()
            && !named.contains(item.id.as_str())
            && !resolved_by(item.event)
                .iter()
                .any(|t| later_types.contains(t))
        {
            open.push(item);
        }
        later_types.insert(item.event);
    }
    open.reverse();
    open
}

/// The failure event `id` names in `items`: its full id, or a prefix of at least
/// [`MIN_PREFIX`] characters that only one failure event's id starts with.
///
/// Errors: a one-line message saying why no single failure event matches.
pub fn find_failure<'a>(items: &'a [JournalEvent], id: &str) -> Result<&'a JournalEvent, String> {
    let id = id.trim();
    let failures = || items.iter().filter(|i| i.event.is_failure());
    if let Some(exact) = failures().find(|i| i.id == id) {
        return Ok(exact);
    }
    if id.chars().count() < MIN_PREFIX {
        return Err(format!(
            "`{id}` is too short to name an event; give its id (`tri agent brief` lists the open problems with theirs)"
        ));
    }
    let matches: Vec<&JournalEvent> = failures().filter(|i| i.id.starts_with(id)).collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "`{id}` names no build_failed or deployment_failed event in this workspace's journal; `tri agent brief` lists the open problems with their ids (on a fresh checkout, `tri agent pull` first)"
        )),
        _ => Err(format!(
            "`{id}` is the start of {} failure events' ids; give more of it",
            matches.len()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handoff::tests::item;

    fn ids(v: &[&JournalEvent]) -> Vec<String> {
        v.iter().map(|i| i.id.clone()).collect()
    }

    #[test]
    fn a_later_success_of_the_same_kind_resolves() {
        let items = vec![
            item("b1", "A", 1, EventType::BuildFailed, "red"),
            item("d1", "A", 2, EventType::DeploymentFailed, "crashed"),
            item("b2", "B", 1, EventType::BuildSucceeded, "green"),
            item("b3", "B", 2, EventType::BuildFailed, "red again"),
        ];
        assert_eq!(ids(&open_problems(&items)), vec!["d1", "b3"]);
        let mut more = items.clone();
        more.push(item("d2", "B", 3, EventType::DeploymentSucceeded, "up"));
        assert_eq!(ids(&open_problems(&more)), vec!["b3"]);
        // A success before a failure resolves nothing.
        let before = vec![
            item("ok", "A", 1, EventType::DeploymentSucceeded, "up"),
            item("d", "A", 2, EventType::DeploymentFailed, "down"),
        ];
        assert_eq!(ids(&open_problems(&before)), vec!["d"]);
        let destroyed = vec![
            item("d", "A", 1, EventType::DeploymentFailed, "down"),
            item("x", "A", 2, EventType::SandboxDestroyed, "gone"),
        ];
        assert!(open_problems(&destroyed).is_empty());
    }

    #[test]
    fn a_step_naming_the_failure_resolves_it_alone() {
        let mut fix = item("s", "A", 3, EventType::StepCompleted, "fixed the deploy");
        fix.resolves = vec!["d1".into()];
        let items = vec![
            item("d1", "A", 1, EventType::DeploymentFailed, "crashed"),
            item("d2", "A", 2, EventType::DeploymentFailed, "crashed again"),
            fix,
        ];
        assert_eq!(ids(&open_problems(&items)), vec!["d2"]);
    }

    #[test]
    fn ids_and_unique_prefixes_find_a_failure() {
        let items = vec![
            item("019a7c3e-aaaa-1", "A", 1, EventType::BuildFailed, "red"),
            item("019a7c3e-aaaa-2", "A", 2, EventType::BuildFailed, "red"),
            item("019a7c3e-bbbb-3", "A", 3, EventType::StepCompleted, "step"),
        ];
        assert_eq!(find_failure(&items, "019a7c3e-aaaa-2").unwrap().step, 2);
        assert_eq!(find_failure(&items, "019a7c3e-aaaa-1 ").unwrap().step, 1);
        assert!(find_failure(&items, "019a7c3e-aaaa")
            .unwrap_err()
            .contains("2 failure events"));
        assert!(find_failure(&items, "019a7c3e-bbbb-3")
            .unwrap_err()
            .contains("names no"));
        assert!(find_failure(&items, "019a")
            .unwrap_err()
            .contains("too short"));
    }
}
