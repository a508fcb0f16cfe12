//! The crash-loop breaker (issue 23 item 4): after [`DEFAULT_THRESHOLD`] consecutive
//! `deployment_failed` events on one sandbox, `deploy` refuses (exit [`EXIT_BREAKER`]) —
//! recording nothing and asking Railway nothing — until a deployment succeeds or `--force`
//! is given. Pure.
//!
//! The count comes from the events (the journal, which any machine rebuilds with
//! `tri agent pull`), not from a counter of this machine: the `deployment_failed` events
//! since the latest `deployment_succeeded`, `sandbox_created` or `sandbox_destroyed` (a new
//! sandbox starts afresh). Other events in between (`deployment_started`, steps) do not
//! break the run.

use crate::event::EventType;

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
}
