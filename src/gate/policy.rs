//! The gate's decisions, as pure functions of the shared state, the time and the limits.
//! No clock, no files, no sleeping: the caller passes the time (Unix epoch ms, the one clock
//! every process of a machine shares) and acts on the [`GateDecision`].
//!
//! Rules (GitHub REST docs, "Rate limits for the REST API", secondary rate limits):
//! - a block (`retry-after`, or `x-ratelimit-remaining: 0` with `x-ratelimit-reset`) holds
//!   every request, reads included, until it ends;
//! - content-creating requests (POST, PATCH, PUT, DELETE: [`Kind::Mutating`]) go one at a
//!   time (the caller's lock), at least [`Limits::interval_ms`] apart, and at most
//!   [`Limits::per_minute`] in any rolling minute and [`Limits::per_hour`] in any rolling
//!   hour ("about 80 a minute and 500 an hour");
//! - reads ([`Kind::Read`]) respect a block and nothing else;
//! - a polling read — the same list read again and again (`tri agent wait`) — starts at
//!   most once per [`Limits::poll_interval_ms`] for each list, across every process
//!   ([`take_poll`]; GitHub's guidance: poll a list no faster than once a second). One-off
//!   reads (a step's marker look-up, `pull`) are not paced.
//!
//! A state that cannot be right is not trusted ([`sanitize`]): times ahead of now (the
//! clock was set back, or the file came from elsewhere) reset it; a block that has ended or
//! that reaches more than [`MAX_BLOCK_MS`] ahead is dropped.

use serde::{Deserialize, Serialize};

/// One minute, ms.
pub const MINUTE_MS: u64 = 60_000;
/// One hour, ms.
pub const HOUR_MS: u64 = 3_600_000;
/// Default pause between content-creating requests, ms (GitHub: "wait at least one second
/// between each request"). `TRI_PUBLISH_INTERVAL_MS`.
pub const DEFAULT_INTERVAL_MS: u64 = 1_000;
/// Default most content-creating requests in any rolling minute (GitHub: "no more than 80
/// content-generating requests per minute"). `TRI_GITHUB_PER_MINUTE`.
pub const DEFAULT_PER_MINUTE: u32 = 80;
/// Default most content-creating requests in any rolling hour (GitHub: "no more than 500
/// content-generating requests per hour"). `TRI_GITHUB_PER_HOUR`.
pub const DEFAULT_PER_HOUR: u32 = 500;
/// How far ahead of now a recorded time may be before the state counts as from the future,
/// ms (writes and reads race by a few ms; more means the clock moved back).
pub const SKEW_MS: u64 = 5_000;
/// Least time between two polling reads of one list, ms (GitHub's REST guidance: no
/// faster than once a second).
pub const DEFAULT_POLL_INTERVAL_MS: u64 = 1_000;
/// Most lists whose last polling read the state keeps (the oldest is forgotten past it).
pub const MAX_POLLED_LISTS: usize = 64;
/// Longest block believed, ms (2 hours; a primary limit resets within the hour): a longer
/// one is dropped rather than silencing tri for good.
pub const MAX_BLOCK_MS: u64 = 2 * HOUR_MS;

/// What a request does, for the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Creates or changes content (POST, PATCH, PUT, DELETE): takes the serial slot, paced
    /// and counted.
    Mutating,
    /// Only reads (GET, HEAD): respects a block, nothing more.
    Read,
}

impl Kind {
    /// The kind of an HTTP method (case-insensitive): GET, HEAD and OPTIONS read; anything
    /// else counts as mutating.
    pub fn of_method(method: &str) -> Kind {
        if ["GET", "HEAD", "OPTIONS"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(method))
        {
            Kind::Read
        } else {
            Kind::Mutating
        }
    }
}

/// The limits one gate keeps. A count of 0 means no limit of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Least time from the end (or, when it never ended, the start) of one mutating request
    /// to the start of the next, ms.
    pub interval_ms: u64,
    /// Most mutating requests starting in any window of [`Limits::minute_ms`].
    pub per_minute: u32,
    /// Most mutating requests starting in any window of [`Limits::hour_ms`].
    pub per_hour: u32,
    /// The short window, ms ([`MINUTE_MS`]; shorter only in tests).
    pub minute_ms: u64,
    /// The long window, ms ([`HOUR_MS`]; shorter only in tests).
    pub hour_ms: u64,
    /// Least time between the starts of two polling reads of one list, ms (0: not paced;
    /// see [`take_poll`]).
    pub poll_interval_ms: u64,
}

impl Limits {
    /// GitHub's documented limits for content creation (see the module docs).
    pub const GITHUB: Limits = Limits {
        interval_ms: DEFAULT_INTERVAL_MS,
        per_minute: DEFAULT_PER_MINUTE,
        per_hour: DEFAULT_PER_HOUR,
        minute_ms: MINUTE_MS,
        hour_ms: HOUR_MS,
        poll_interval_ms: DEFAULT_POLL_INTERVAL_MS,
    };

    /// Blocks only: no pacing and no counts (Railway, whose 429s carry `retry-after`).
    pub const BLOCKS_ONLY: Limits = Limits {
        interval_ms: 0,
        per_minute: 0,
        per_hour: 0,
        minute_ms: MINUTE_MS,
        hour_ms: HOUR_MS,
        poll_interval_ms: 0,
    };

    /// How many send times the state must keep to judge both windows.
    fn keep(&self) -> usize {
        (self.per_minute.max(self.per_hour) as usize).max(1)
    }
}

/// What every process on the machine knows about one API host and token: the gate's state
/// file, as JSON. Times are Unix epoch ms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateState {
    /// When the state was last written.
    #[serde(default)]
    pub written_at_ms: u64,
    /// Start times of recent mutating requests, oldest first (only as many as the limits
    /// need, only within the long window).
    #[serde(default)]
    pub sends_ms: Vec<u64>,
    /// When the last mutating request ended.
    #[serde(default)]
    pub last_done_ms: Option<u64>,
    /// No request until then (a limit answer said so).
    #[serde(default)]
    pub blocked_until_ms: Option<u64>,
    /// What set the block, for `status` (e.g. "GitHub answered 403 with retry-after: 60").
    #[serde(default)]
    pub block_reason: Option<String>,
    /// When each list (its request path) was last read by a poller, while that still
    /// holds back the next poll ([`take_poll`]).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub polls_ms: std::collections::BTreeMap<String, u64>,
}

/// Why a request has to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The API asked every client to wait (a block).
    Blocked,
    /// The pause between mutating requests.
    Interval,
    /// The per-minute count is used up.
    PerMinute,
    /// The per-hour count is used up.
    PerHour,
}

/// What the gate decides for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateDecision {
    /// Send now.
    Go,
    /// Wait this long (ms), then ask again.
    Wait {
        /// How long, ms.
        ms: u64,
        /// Why.
        why: Why,
    },
    /// The wait would pass the caller's budget: give up at once.
    GiveUp {
        /// When the request could be sent, Unix epoch ms.
        until_ms: u64,
        /// Why.
        why: Why,
    },
}

/// How long a caller may wait, ms: for the pause between sends (and for the serial slot),
/// and for a limit (a block, or a count used up). A `sync --no-wait` waits for pauses but
/// not for limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxWait {
    /// For [`Why::Interval`] (and the slot), ms.
    pub pace_ms: u64,
    /// For [`Why::Blocked`], [`Why::PerMinute`] and [`Why::PerHour`], ms.
    pub limit_ms: u64,
}

impl MaxWait {
    /// The same bound for every wait.
    pub fn all(ms: u64) -> MaxWait {
        MaxWait {
            pace_ms: ms,
            limit_ms: ms,
        }
    }

    /// The bound for a wait of reason `why`.
    pub fn for_why(&self, why: Why) -> u64 {
        match why {
            Why::Interval => self.pace_ms,
            Why::Blocked | Why::PerMinute | Why::PerHour => self.limit_ms,
        }
    }
}

impl From<u64> for MaxWait {
    fn from(ms: u64) -> MaxWait {
        MaxWait::all(ms)
    }
}

/// Whether [`sanitize`] threw the state away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sanity {
    /// The state was believable (ended blocks and old send times may have been dropped).
    Kept,
    /// It held times from the future and was reset.
    FromTheFuture,
}

/// The state as far as it can be trusted at `now_ms`: reset when any time in it is more
/// than [`SKEW_MS`] ahead of now; send times outside the long window dropped; a block that
/// has ended, or that reaches more than [`MAX_BLOCK_MS`] past now, dropped.
pub fn sanitize(mut s: GateState, now_ms: u64, limits: &Limits) -> (GateState, Sanity) {
    let ahead = |t: u64| t > now_ms.saturating_add(SKEW_MS);
    if ahead(s.written_at_ms)
        || s.sends_ms.iter().any(|&t| ahead(t))
        || s.last_done_ms.is_some_and(ahead)
    {
        return (GateState::default(), Sanity::FromTheFuture);
    }
    s.sends_ms.sort_unstable();
    let from = now_ms.saturating_sub(limits.hour_ms);
    s.sends_ms.retain(|&t| t > from);
    let keep = limits.keep();
    if s.sends_ms.len() > keep {
        s.sends_ms.drain(..s.sends_ms.len() - keep);
    }
    if s.blocked_until_ms
        .is_some_and(|u| u <= now_ms || u > now_ms.saturating_add(MAX_BLOCK_MS))
    {
        s.blocked_until_ms = None;
        s.block_reason = None;
    }
    // A poll holds back the next one for one interval; older (or future) times say nothing.
    s.polls_ms
        .retain(|_, t| !ahead(*t) && t.saturating_add(limits.poll_interval_ms) > now_ms);
    (s, Sanity::Kept)
}

/// The earliest time a request of `kind` may start, and why, when that is later than
/// `now_ms`; `None` when it may start now. `state` must be [`sanitize`]d.
pub fn earliest(state: &GateState, now_ms: u64, kind: Kind, limits: &Limits) -> Option<(u64, Why)> {
    let mut best: Option<(u64, Why)> = state.blocked_until_ms.map(|u| (u, Why::Blocked));
    let mut consider = |t: u64, why: Why| {
        if best.is_none_or(|(b, _)| t > b) {
            best = Some((t, why));
        }
    };
    if kind == Kind::Mutating {
        let last = state.sends_ms.last().copied().max(state.last_done_ms);
        if let (Some(last), true) = (last, limits.interval_ms > 0) {
            consider(last.saturating_add(limits.interval_ms), Why::Interval);
        }
        // With n sends kept and a limit of p per window, the next may start once the
        // (n-p)th (0-based) has left the window.
        for (p, window, why) in [
            (limits.per_minute, limits.minute_ms, Why::PerMinute),
            (limits.per_hour, limits.hour_ms, Why::PerHour),
        ] {
            let (n, p) = (state.sends_ms.len(), p as usize);
            if p > 0 && n >= p {
                consider(state.sends_ms[n - p].saturating_add(window), why);
            }
        }
    }
    best.filter(|&(t, _)| t > now_ms)
}

/// Decides for a request of `kind` at `now_ms` that may wait at most `max_wait` (by the
/// reason of the wait). `state` must be [`sanitize`]d.
pub fn decide(
    state: &GateState,
    now_ms: u64,
    kind: Kind,
    limits: &Limits,
    max_wait: MaxWait,
) -> GateDecision {
    match earliest(state, now_ms, kind, limits) {
        None => GateDecision::Go,
        Some((until_ms, why)) if until_ms - now_ms > max_wait.for_why(why) => {
            GateDecision::GiveUp { until_ms, why }
        }
        Some((until_ms, why)) => GateDecision::Wait {
            ms: until_ms - now_ms,
            why,
        },
    }
}

/// Takes the turn of a polling read of `list` (its request path) at `now_ms`: `None` when it
/// may start now — its start is then recorded — else how long to wait, ms (at most
/// [`Limits::poll_interval_ms`]). `state` must be [`sanitize`]d. The state keeps at most
/// [`MAX_POLLED_LISTS`] lists, forgetting the oldest poll first.
pub fn take_poll(state: &mut GateState, now_ms: u64, list: &str, limits: &Limits) -> Option<u64> {
    if limits.poll_interval_ms == 0 {
        return None;
    }
    if let Some(last) = state.polls_ms.get(list) {
        let next = last.saturating_add(limits.poll_interval_ms);
        if next > now_ms {
            return Some(next - now_ms);
        }
    }
    state.polls_ms.insert(list.to_string(), now_ms);
    while state.polls_ms.len() > MAX_POLLED_LISTS {
        let oldest = state
            .polls_ms
            .iter()
            .min_by_key(|(_, t)| **t)
            .map(|(k, _)| k.clone());
        match oldest {
            Some(k) => state.polls_ms.remove(&k),
            None => break,
        };
    }
    state.written_at_ms = now_ms;
    None
}

/// Records the start of a mutating request at `now_ms`.
pub fn record_send(state: &mut GateState, now_ms: u64, limits: &Limits) {
    state.sends_ms.push(now_ms);
    state.written_at_ms = now_ms;
    let keep = limits.keep();
    if state.sends_ms.len() > keep {
        state.sends_ms.drain(..state.sends_ms.len() - keep);
    }
}

/// Records the end of a mutating request at `now_ms`.
pub fn record_done(state: &mut GateState, now_ms: u64) {
    state.last_done_ms = Some(state.last_done_ms.unwrap_or(0).max(now_ms));
    state.written_at_ms = now_ms;
}

/// Records a block until `until_ms` (at most [`MAX_BLOCK_MS`] from `now_ms`), keeping a
/// later block already there; `reason` says what set it.
pub fn record_block(state: &mut GateState, now_ms: u64, until_ms: u64, reason: &str) {
    let until = until_ms.min(now_ms.saturating_add(MAX_BLOCK_MS));
    state.written_at_ms = now_ms;
    if until <= now_ms || state.blocked_until_ms.is_some_and(|b| b >= until) {
        return;
    }
    state.blocked_until_ms = Some(until);
    state.block_reason = Some(reason.to_string());
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
