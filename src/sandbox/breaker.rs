//! The crash-loop breaker: after [`DEFAULT_THRESHOLD`] consecutive `deployment_failed`
//! events on one sandbox, `deploy` refuses (exit [`EXIT_BREAKER`]) — recording nothing and
//! asking Railway nothing — until a deployment succeeds or `--force` is given. Pure.
//!
//! The count comes from the issue's events, not from a counter of this machine: the
//! `deployment_failed` events since the latest `deployment_succeeded`, `sandbox_created` or
//! `sandbox_destroyed` (a new sandbox starts afresh). Other events in between
//! (`deployment_started`, steps) do not break the run. The events are the issue's trusted
//! markers (read before deploying, so a fresh CI runner counts what other runners
//! recorded) merged with this checkout's journal (its events not yet published count too),
//! each event id once ([`merge`]).

use crate::event::EventType;
use chrono::{DateTime, Utc};

/// Consecutive failures that open the breaker when nothing sets it.
pub const DEFAULT_THRESHOLD: u32 = 3;

/// The exit code of a deploy the breaker refused (nothing recorded, Railway not asked).
pub const EXIT_BREAKER: i32 = crate::error::EXIT_BREAKER;

/// `TRI_DEPLOY_BREAKER` (config key `deploy_breaker`): the threshold; `0` turns the breaker
/// off.
pub const ENV: &str = "TRI_DEPLOY_BREAKER";

/// The `deployment_failed` events since the latest `deployment_succeeded`,
/// `sandbox_created` or `sandbox_destroyed` in `events` (oldest first). Pure.
pub fn consecutive_failures(events: &[EventType]) -> u32 {
    let mut n = 0;
    for e in events.iter().rev() {
        match e {
            EventType::DeploymentFailed => n += 1,
            EventType::DeploymentSucceeded
            | EventType::SandboxCreated
            | EventType::SandboxDestroyed => break,
            _ => {}
        }
    }
    n
}

/// One event as the breaker counts it: from this checkout's journal or from a trusted
/// marker on the issue.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    /// The event id (the same in the journal and in the marker of its comment).
    pub id: String,
    /// When it was recorded (the recording machine's clock).
    pub time: DateTime<Utc>,
    /// Its type.
    pub event: EventType,
}

/// The events of `local` (this checkout's journal, published or not) and `on_issue` (the
/// issue's trusted markers), each event id once, oldest first (by time, then id): what
/// [`consecutive_failures`] counts. Pure.
pub fn merge(local: Vec<Seen>, on_issue: Vec<Seen>) -> Vec<EventType> {
    let mut by_id: std::collections::BTreeMap<String, Seen> = std::collections::BTreeMap::new();
    for s in local.into_iter().chain(on_issue) {
        by_id.entry(s.id.clone()).or_insert(s);
    }
    let mut all: Vec<Seen> = by_id.into_values().collect();
    all.sort_by(|a, b| (a.time, &a.id).cmp(&(b.time, &b.id)));
    all.into_iter().map(|s| s.event).collect()
}

/// How far the latest local reset is trusted to bound the issue's comments that matter:
/// one hour, for clocks of different machines and GitHub's that disagree.
pub const SINCE_MARGIN: chrono::Duration = chrono::Duration::hours(1);

/// From when the issue's comments are read: [`SINCE_MARGIN`] before the latest event of
/// `local` that ends a run of failures (`deployment_succeeded`, `sandbox_created`,
/// `sandbox_destroyed`) — a failure recorded after it was commented after it too, and one
/// recorded before it does not count — else from the start (`None`: a fresh checkout
/// reads every comment). Pure.
pub fn read_since(local: &[Seen]) -> Option<DateTime<Utc>> {
    local
        .iter()
        .filter(|s| {
            matches!(
                s.event,
                EventType::DeploymentSucceeded
                    | EventType::SandboxCreated
                    | EventType::SandboxDestroyed
            )
        })
        .map(|s| s.time)
        .max()
        .map(|t| t - SINCE_MARGIN)
}

/// Whether a deploy may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breaker {
    /// Under the threshold, off, or forced.
    Closed,
    /// `failures` consecutive failures reached the threshold: refuse.
    Open {
        /// The consecutive failures counted.
        failures: u32,
    },
}

/// The breaker's decision for `failures` consecutive failures, a `threshold` (0: off) and
/// `--force`. Pure.
pub fn decide(failures: u32, threshold: u32, force: bool) -> Breaker {
    if force || threshold == 0 || failures < threshold {
        Breaker::Closed
    } else {
        Breaker::Open { failures }
    }
}

/// Parses a threshold (a non-negative integer). Pure.
///
/// Errors: a message naming `source` and what to set.
pub fn parse_threshold(source: &str, v: &str) -> Result<u32, String> {
    v.trim().parse::<u32>().map_err(|_| {
        format!("{source}=`{v}` is not a number of failures; use a whole number (0 turns the breaker off)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventType::*;

    #[test]
    fn counts_failures_since_the_last_success_or_new_sandbox() {
        assert_eq!(consecutive_failures(&[]), 0);
        let three = [
            SandboxCreated,
            DeploymentStarted,
            DeploymentFailed,
            StepCompleted,
            DeploymentStarted,
            DeploymentFailed,
            DeploymentStarted,
            DeploymentFailed,
        ];
        assert_eq!(consecutive_failures(&three), 3);
        let mut healed = three.to_vec();
        healed.extend([DeploymentStarted, DeploymentSucceeded, DeploymentFailed]);
        assert_eq!(consecutive_failures(&healed), 1);
        let mut fresh = three.to_vec();
        fresh.extend([SandboxDestroyed, SandboxCreated]);
        assert_eq!(consecutive_failures(&fresh), 0);
    }

    #[test]
    fn opens_at_the_threshold_unless_forced_or_off() {
        assert_eq!(decide(2, 3, false), Breaker::Closed);
        assert_eq!(decide(3, 3, false), Breaker::Open { failures: 3 });
        assert_eq!(decide(5, 3, true), Breaker::Closed);
        assert_eq!(decide(9, 0, false), Breaker::Closed);
        assert_eq!(parse_threshold("X", " 4 "), Ok(4));
        assert!(parse_threshold("X", "-1").unwrap_err().contains("X=`-1`"));
    }

    fn seen(id: &str, s: i64, event: EventType) -> Seen {
        Seen {
            id: id.into(),
            time: DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::seconds(s),
            event,
        }
    }

    #[test]
    fn the_issue_and_the_journal_merge_by_event_id_in_time_order() {
        // A fresh checkout: the issue alone.
        let issue = vec![
            seen("c", 1, SandboxCreated),
            seen("f1", 2, DeploymentFailed),
            seen("f2", 3, DeploymentFailed),
            seen("f3", 4, DeploymentFailed),
        ];
        assert_eq!(consecutive_failures(&merge(vec![], issue.clone())), 3);
        // This checkout published f1 and f2 (on both sides) and holds a queued f4.
        let local = vec![
            seen("f2", 3, DeploymentFailed),
            seen("f1", 2, DeploymentFailed),
            seen("f4", 5, DeploymentFailed),
        ];
        let merged = merge(local, issue.clone());
        assert_eq!(merged.len(), 5, "{merged:?}");
        assert_eq!(consecutive_failures(&merged), 4);
        // A success recorded on another machine after the failures closes it.
        let mut healed = issue.clone();
        healed.push(seen("ok", 6, DeploymentSucceeded));
        assert_eq!(consecutive_failures(&merge(vec![], healed)), 0);
        // Equal times: the id decides, the same way every time.
        let a = merge(
            vec![seen("b", 1, DeploymentFailed)],
            vec![seen("a", 1, DeploymentSucceeded)],
        );
        assert_eq!(a, vec![DeploymentSucceeded, DeploymentFailed]);
    }

    #[test]
    fn comments_are_read_from_the_latest_local_reset_less_the_margin() {
        assert_eq!(read_since(&[]), None);
        assert_eq!(read_since(&[seen("f", 9, DeploymentFailed)]), None);
        let local = [
            seen("c", 100, SandboxCreated),
            seen("ok", 5000, DeploymentSucceeded),
            seen("f", 9000, DeploymentFailed),
        ];
        let at = DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::seconds(5000);
        assert_eq!(read_since(&local), Some(at - SINCE_MARGIN));
    }
}
