//! What a gate reports: an active block, and why it refused a request.

use super::policy::Why;
use super::setup::{clock_utc, Api};

/// An active block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Until when, Unix epoch ms.
    pub until_ms: u64,
    /// What set it.
    pub reason: String,
}

/// Why the gate did not let a request through within the caller's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The request could go at `until_ms`, past the budget.
    Wait {
        /// Unix epoch ms.
        until_ms: u64,
        /// Why it must wait.
        why: Why,
        /// The API the gate guards (for the message).
        api: Api,
    },
    /// Another process held the serial slot for the whole budget.
    Busy {
        /// How long this process waited for it, ms.
        waited_ms: u64,
        /// The API the gate guards.
        api: Api,
    },
}

impl Refusal {
    /// When the request could be sent, if known (Unix epoch ms).
    pub fn until_ms(&self) -> Option<u64> {
        match self {
            Refusal::Wait { until_ms, .. } => Some(*until_ms),
            Refusal::Busy { .. } => None,
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Wait { until_ms, why, api } => {
                let at = clock_utc(*until_ms);
                match why {
                    Why::Blocked => write!(f, "{} asked to wait until {at}", api.label()),
                    Why::Interval => write!(
                        f,
                        "the pause between sends (TRI_PUBLISH_INTERVAL_MS) lasts until {at}"
                    ),
                    Why::PerMinute => write!(
                        f,
                        "the sends allowed per minute (TRI_GITHUB_PER_MINUTE) are used up until {at}"
                    ),
                    Why::PerHour => write!(
                        f,
                        "the sends allowed per hour (TRI_GITHUB_PER_HOUR) are used up until {at}"
                    ),
                }
            }
            Refusal::Busy { waited_ms, api } => write!(
                f,
                "another tri process kept sending to {} for the {} s this command may wait",
                api.label(),
                waited_ms.div_ceil(1000)
            ),
        }
    }
}
