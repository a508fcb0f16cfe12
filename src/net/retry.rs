//! The retry policy for tri's HTTP requests — GitHub's and Railway's alike — as a pure
//! function of what happened. No clock, no sleeping, no randomness of its own: the caller
//! passes the time and a jitter sample. The publisher drives it for GitHub (with the marker
//! look-up before re-sending what GitHub may have written); the Railway client through
//! [`decide_blind`], for requests that have no look-up.
//!
//! Rules (GitHub REST docs, "Rate limits for the REST API" and "Best practices"):
//! - 5xx, time-outs and connection errors: exponential backoff with jitter
//!   ([`BASE_DELAY_MS`] doubling, capped at [`MAX_DELAY_MS`], "equal jitter": half fixed,
//!   half random).
//! - `retry-after: <seconds>`: wait that long.
//! - `x-ratelimit-remaining: 0` with `x-ratelimit-reset: <epoch seconds>`: wait until the
//!   reset.
//! - A secondary rate limit (403 or 429 whose body mentions it, or with the headers above)
//!   is a wait, not an authentication failure; without headers, wait at least a minute,
//!   doubling ([`SECONDARY_MIN_WAIT_MS`]; `TRI_GITHUB_SECONDARY_WAIT_S` changes it, for
//!   stand-ins in tests).
//! - 401, and a 403 that is not a rate limit: authentication; no retry.
//! - Other 4xx: permanent; no retry.
//! - A request that cannot be set up here (untrusted certificate, bad proxy): no retry.
//! - Every wait counts against a budget per command; a wait that would pass it is not taken
//!   ([`RetryDecision::GiveUp`]) and the event stays queued.

/// First backoff delay, ms.
pub const BASE_DELAY_MS: u64 = 500;
/// Largest backoff delay for 5xx and network errors, ms.
pub const MAX_DELAY_MS: u64 = 30_000;
/// Shortest wait after a secondary rate limit with no header telling more, ms (GitHub: "wait
/// for at least one minute before retrying").
pub const SECONDARY_MIN_WAIT_MS: u64 = 60_000;
/// Default total wait per command, ms (`TRI_PUBLISH_MAX_WAIT_S` changes it).
pub const DEFAULT_BUDGET_MS: u64 = 20_000;
/// Most attempts at one request, whatever the budget.
pub const MAX_ATTEMPTS: u32 = 8;

/// What went wrong with one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The request could not even be set up here (an untrusted certificate, an unreadable
    /// trust store, a bad proxy): it never left the machine, and retrying in this command
    /// will not help.
    Setup(String),
    /// The connection could not be made: the request never reached GitHub.
    Connect(String),
    /// The request was sent and no answer came in time: GitHub may have acted on it.
    Timeout(String),
    /// The connection broke after the request was sent: GitHub may have acted on it.
    Dropped(String),
    /// GitHub answered with a non-success status.
    Status(StatusFailure),
}

/// A non-success answer and the headers that matter for the policy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusFailure {
    /// HTTP status code.
    pub status: u16,
    /// `retry-after`, seconds.
    pub retry_after_s: Option<u64>,
    /// `x-ratelimit-remaining`.
    pub ratelimit_remaining: Option<u64>,
    /// `x-ratelimit-reset`, Unix epoch seconds.
    pub ratelimit_reset: Option<u64>,
    /// GitHub's `message` field, if any (first 200 characters).
    pub message: String,
}

/// How a failure is classed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Worth retrying after a backoff.
    Transient,
    /// A primary or secondary rate limit: wait, then retry.
    RateLimited,
    /// Credentials missing, bad or lacking permission.
    Auth,
    /// Retrying will not help (404, 410, 422, ...).
    Permanent,
    /// The request cannot be made from here as things are set up; retrying will not help.
    Setup,
}

impl StatusFailure {
    /// Whether this answer is a (primary or secondary) rate limit.
    pub fn is_rate_limit(&self) -> bool {
        if !matches!(self.status, 403 | 429) {
            return false;
        }
        self.status == 429
            || self.retry_after_s.is_some()
            || self.ratelimit_remaining == Some(0)
            || self.message.to_ascii_lowercase().contains("rate limit")
    }
}

/// Classes a failure.
pub fn class_of(f: &Failure) -> Class {
    match f {
        Failure::Setup(_) => Class::Setup,
        Failure::Connect(_) | Failure::Timeout(_) | Failure::Dropped(_) => Class::Transient,
        Failure::Status(s) if s.is_rate_limit() => Class::RateLimited,
        Failure::Status(s) => match s.status {
            401 | 403 => Class::Auth,
            408 | 500..=599 => Class::Transient,
            _ => Class::Permanent,
        },
    }
}

/// Whether GitHub may have carried out a request that failed this way, so that before
/// sending it again tri must look for its marker (the idempotency check).
pub fn may_have_written(f: &Failure) -> bool {
    match f {
        Failure::Setup(_) | Failure::Connect(_) => false,
        Failure::Timeout(_) | Failure::Dropped(_) => true,
        Failure::Status(s) => s.status >= 500 || s.status == 408,
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryDecision {
    /// Wait this many ms, then try again.
    RetryAfter(u64),
    /// Stop trying in this command; the event stays queued.
    GiveUp(GiveUp),
}

/// Why the policy stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GiveUp {
    /// The next wait (ms) would pass the command's budget.
    Budget {
        /// The wait the policy wanted, ms.
        wanted_ms: u64,
    },
    /// [`MAX_ATTEMPTS`] reached.
    Attempts,
    /// Authentication needed or refused: retrying will not help.
    Auth,
    /// A permanent failure.
    Permanent,
    /// The request cannot be set up from here (certificate, proxy configuration).
    Setup,
}

/// The inputs of one decision.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Failed attempts so far for this request, including this one (1 after the first).
    pub attempts: u32,
    /// Now, Unix epoch seconds (for `x-ratelimit-reset`).
    pub now_epoch_s: u64,
    /// Time already spent waiting in this command, ms.
    pub waited_ms: u64,
    /// The command's total wait budget, ms.
    pub budget_ms: u64,
    /// A uniform sample in [0, 1) for jitter.
    pub jitter: f64,
    /// The first wait after a secondary rate limit that names no time, ms
    /// ([`SECONDARY_MIN_WAIT_MS`] unless `TRI_GITHUB_SECONDARY_WAIT_S` says otherwise).
    pub secondary_wait_ms: u64,
}

/// Exponential backoff with equal jitter for failure number `attempts` (1-based), ms.
pub fn backoff_ms(attempts: u32, jitter: f64) -> u64 {
    let exp = BASE_DELAY_MS.saturating_mul(1u64 << attempts.saturating_sub(1).min(20));
    let d = exp.min(MAX_DELAY_MS);
    d / 2 + ((d / 2) as f64 * jitter.clamp(0.0, 1.0)) as u64
}

/// The wait a failure asks for, ms, before the budget is considered; `None` when it should
/// not be retried at all.
pub fn wanted_wait_ms(f: &Failure, ctx: &Context) -> Option<u64> {
    match class_of(f) {
        Class::Auth | Class::Permanent | Class::Setup => None,
        Class::Transient => Some(backoff_ms(ctx.attempts, ctx.jitter)),
        Class::RateLimited => {
            let Failure::Status(s) = f else { return None };
            if let Some(ra) = s.retry_after_s {
                return Some(ra.saturating_mul(1000));
            }
            if s.ratelimit_remaining == Some(0) {
                if let Some(reset) = s.ratelimit_reset {
                    // +1 s: the reset second itself may still be limited.
                    return Some(reset.saturating_sub(ctx.now_epoch_s).saturating_add(1) * 1000);
                }
            }
            let doubling = 1u64 << ctx.attempts.saturating_sub(1).min(6);
            Some(ctx.secondary_wait_ms.saturating_mul(doubling))
        }
    }
}

/// Decides what to do after a failed attempt.
pub fn decide(f: &Failure, ctx: &Context) -> RetryDecision {
    match class_of(f) {
        Class::Auth => return RetryDecision::GiveUp(GiveUp::Auth),
        Class::Permanent => return RetryDecision::GiveUp(GiveUp::Permanent),
        Class::Setup => return RetryDecision::GiveUp(GiveUp::Setup),
        _ => {}
    }
    if ctx.attempts >= MAX_ATTEMPTS {
        return RetryDecision::GiveUp(GiveUp::Attempts);
    }
    let wanted = wanted_wait_ms(f, ctx).unwrap_or(0);
    if ctx.waited_ms.saturating_add(wanted) > ctx.budget_ms {
        RetryDecision::GiveUp(GiveUp::Budget { wanted_ms: wanted })
    } else {
        RetryDecision::RetryAfter(wanted)
    }
}

/// The decision for a request that has no idempotency check (Railway's GraphQL): as
/// [`decide`], except that a mutating request GitHub — or Railway — may have carried out
/// ([`may_have_written`]: a time-out, a dropped connection, any 5xx including 502–504,
/// since a gateway may time out after the upstream finished) is never sent again blindly:
/// its caller resolves it (e.g. the sandbox lifecycle looks the service up by name).
pub fn decide_blind(f: &Failure, mutating: bool, ctx: &Context) -> RetryDecision {
    if mutating && may_have_written(f) {
        return RetryDecision::GiveUp(GiveUp::Permanent);
    }
    decide(f, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(attempts: u32) -> Context {
        Context {
            attempts,
            now_epoch_s: 1_000,
            waited_ms: 0,
            budget_ms: 1_000_000,
            jitter: 0.5,
            secondary_wait_ms: SECONDARY_MIN_WAIT_MS,
        }
    }

    fn status(code: u16) -> StatusFailure {
        StatusFailure {
            status: code,
            ..Default::default()
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        assert_eq!(backoff_ms(1, 0.0), 250);
        assert_eq!(backoff_ms(1, 1.0), 500);
        assert_eq!(backoff_ms(2, 0.0), 500);
        assert_eq!(backoff_ms(3, 0.5), 1_500);
        assert_eq!(backoff_ms(30, 1.0), MAX_DELAY_MS);
        for a in 1..12 {
            let lo = backoff_ms(a, 0.0);
            let hi = backoff_ms(a, 0.999);
            assert!(lo <= hi && hi <= MAX_DELAY_MS);
        }
    }

    #[test]
    fn server_errors_and_network_errors_back_off() {
        for f in [
            Failure::Status(status(502)),
            Failure::Timeout("t".into()),
            Failure::Connect("c".into()),
            Failure::Dropped("d".into()),
        ] {
            assert_eq!(decide(&f, &ctx(2)), RetryDecision::RetryAfter(750), "{f:?}");
        }
    }

    #[test]
    fn retry_after_is_honoured() {
        let f = Failure::Status(StatusFailure {
            status: 429,
            retry_after_s: Some(7),
            ..Default::default()
        });
        assert_eq!(decide(&f, &ctx(1)), RetryDecision::RetryAfter(7_000));
    }

    #[test]
    fn primary_rate_limit_waits_until_reset() {
        let f = Failure::Status(StatusFailure {
            status: 403,
            ratelimit_remaining: Some(0),
            ratelimit_reset: Some(1_010),
            message: "API rate limit exceeded for user".into(),
            ..Default::default()
        });
        assert_eq!(class_of(&f), Class::RateLimited);
        assert_eq!(decide(&f, &ctx(1)), RetryDecision::RetryAfter(11_000));
    }

    #[test]
    fn secondary_rate_limit_403_is_a_wait_not_auth() {
        let f = Failure::Status(StatusFailure {
            status: 403,
            message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.".into(),
            ..Default::default()
        });
        assert_eq!(class_of(&f), Class::RateLimited);
        assert_eq!(decide(&f, &ctx(1)), RetryDecision::RetryAfter(60_000));
        assert_eq!(decide(&f, &ctx(2)), RetryDecision::RetryAfter(120_000));
    }

    #[test]
    fn plain_403_and_401_are_auth() {
        let f = Failure::Status(StatusFailure {
            status: 403,
            message: "Resource not accessible by integration".into(),
            ..Default::default()
        });
        assert_eq!(decide(&f, &ctx(1)), RetryDecision::GiveUp(GiveUp::Auth));
        assert_eq!(
            decide(&Failure::Status(status(401)), &ctx(1)),
            RetryDecision::GiveUp(GiveUp::Auth)
        );
    }

    #[test]
    fn other_client_errors_are_permanent() {
        for code in [404, 410, 422] {
            assert_eq!(
                decide(&Failure::Status(status(code)), &ctx(1)),
                RetryDecision::GiveUp(GiveUp::Permanent)
            );
        }
    }

    #[test]
    fn budget_bounds_the_total_wait() {
        let f = Failure::Status(StatusFailure {
            status: 429,
            retry_after_s: Some(30),
            ..Default::default()
        });
        let over = RetryDecision::GiveUp(GiveUp::Budget { wanted_ms: 30_000 });
        for (budget_ms, waited_ms, want) in [
            (20_000, 0, over.clone()),
            (40_000, 15_000, over),
            (40_000, 5_000, RetryDecision::RetryAfter(30_000)),
        ] {
            let c = Context {
                budget_ms,
                waited_ms,
                ..ctx(1)
            };
            assert_eq!(
                decide(&f, &c),
                want,
                "budget {budget_ms}, waited {waited_ms}"
            );
        }
    }

    #[test]
    fn setup_failures_are_not_retried() {
        let f = Failure::Setup("the certificate of ghe:443 is not trusted".into());
        assert_eq!(decide(&f, &ctx(1)), RetryDecision::GiveUp(GiveUp::Setup));
        assert!(!may_have_written(&f));
    }

    #[test]
    fn attempts_are_bounded() {
        assert_eq!(
            decide(&Failure::Status(status(500)), &ctx(MAX_ATTEMPTS)),
            RetryDecision::GiveUp(GiveUp::Attempts)
        );
    }

    #[test]
    fn idempotency_check_needed_only_when_github_may_have_written() {
        assert!(may_have_written(&Failure::Timeout("x".into())));
        assert!(may_have_written(&Failure::Dropped("x".into())));
        assert!(may_have_written(&Failure::Status(status(502))));
        assert!(!may_have_written(&Failure::Connect("x".into())));
        assert!(!may_have_written(&Failure::Status(status(429))));
        assert!(!may_have_written(&Failure::Status(status(422))));
    }

    #[test]
    fn a_mutation_railway_may_have_done_is_never_sent_blindly() {
        for f in [
            Failure::Status(status(504)),
            Failure::Status(status(502)),
            Failure::Status(status(500)),
            Failure::Timeout("t".into()),
            Failure::Dropped("d".into()),
        ] {
            assert!(
                matches!(decide_blind(&f, true, &ctx(1)), RetryDecision::GiveUp(_)),
                "{f:?}"
            );
            assert!(
                matches!(
                    decide_blind(&f, false, &ctx(1)),
                    RetryDecision::RetryAfter(_)
                ),
                "a query is retried: {f:?}"
            );
        }
        // Nothing left the machine: a mutation is retried too.
        assert!(matches!(
            decide_blind(&Failure::Connect("c".into()), true, &ctx(1)),
            RetryDecision::RetryAfter(_)
        ));
    }
}
