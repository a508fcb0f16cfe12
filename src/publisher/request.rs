//! One GitHub request of the publisher: through the machine's gate ([`crate::gate`]), then
//! under the retry policy ([`super::retry`]).
//!
//! Before each try the gate gives leave: a content-creating request (a comment posted or
//! edited) takes the serial slot, paced across every tri process of the machine; a read
//! only waits out a block. A limit answer (`retry-after`, or `x-ratelimit-remaining: 0`
//! with `x-ratelimit-reset`, or a secondary limit without either: a minute, doubling) is
//! written to the gate as a block, so every process holds off until then; the next try
//! waits for it there, or — when it would pass the budget — the event stays queued at once,
//! without another request.

use super::{auth_hint, Publisher, Queued};
use crate::audit::{self, Record};
use crate::error::Result;
use crate::gate::{self, Kind, MaxWait};
use crate::github::GitHub;
use crate::net::retry::{self, Class, Failure, GiveUp, RetryDecision, StatusFailure};
use crate::redact;
use std::time::{Duration, Instant};

/// What a request does, for the gate and for the idempotency check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Req {
    /// A read (a marker look-up, a comment listing).
    Read,
    /// Creates a comment: if it fails after it may have reached GitHub, look for its marker
    /// before sending it again.
    Create,
    /// Replaces a comment's body (PATCH): sending it twice is harmless.
    Edit,
}

impl Req {
    fn kind(self) -> Kind {
        match self {
            Req::Read => Kind::Read,
            Req::Create | Req::Edit => Kind::Mutating,
        }
    }
}

/// What one request under the retry policy came to.
pub(super) enum Tried<T> {
    /// It succeeded.
    Done(T),
    /// A mutating request failed in a way GitHub may have acted on, and the policy waited:
    /// look for the marker before sending again.
    LookFirst,
    /// The policy (or the gate) gave up; `written` when GitHub may have acted on the last
    /// send.
    GaveUp { queued: Queued, written: bool },
}

/// What a limit answer said, for the gate's state (and `status`): no token, no body.
fn block_reason(s: &StatusFailure) -> String {
    let mut r = format!("GitHub answered {}", s.status);
    if let Some(ra) = s.retry_after_s {
        r.push_str(&format!(" with retry-after: {ra}"));
    } else if let (Some(0), Some(reset)) = (s.ratelimit_remaining, s.ratelimit_reset) {
        r.push_str(&format!(
            " with x-ratelimit-remaining: 0 until {}",
            gate::clock_utc(reset.saturating_mul(1000))
        ));
    } else {
        r.push_str(" (a secondary rate limit, no retry-after)");
    }
    r
}

impl Publisher<'_> {
    /// The gate's bounds for the next wait: what is left of the budget; limits not at all
    /// under `--no-wait`.
    fn max_wait(&self) -> MaxWait {
        let left = self.settings.budget_ms.saturating_sub(self.waited_ms);
        MaxWait {
            pace_ms: left,
            limit_ms: if self.no_wait { 0 } else { left },
        }
    }

    /// Runs one request through the gate and under the retry policy, counting failures in
    /// `attempts` (shared by every request made for one comment, so backoff keeps growing
    /// across look-ups and resends).
    pub(super) async fn with_retry<T, F, Fut>(
        &mut self,
        what: &str,
        req: Req,
        attempts: &mut u32,
        mut op: F,
    ) -> Result<Tried<T>>
    where
        F: FnMut(GitHub) -> Fut,
        Fut: std::future::Future<Output = Result<T, Failure>>,
    {
        loop {
            let (gh, gate) = self.client()?;
            let permit = match gate.acquire(req.kind(), self.max_wait()).await {
                Ok(p) => p,
                Err(refusal) => {
                    return Ok(Tried::GaveUp {
                        queued: Queued::RateLimit(refusal),
                        written: false,
                    })
                }
            };
            let started = Instant::now();
            let f = match op(gh).await {
                Ok(v) => return Ok(Tried::Done(v)),
                Err(f) => f,
            };
            // Time spent on a failed try counts against the budget like a pause does, so a
            // hung server holds a command for at most the budget plus one request time-out.
            self.waited_ms += started.elapsed().as_millis() as u64;
            *attempts += 1;
            if let Some((issue, id)) = &self.current {
                audit::append(
                    &self.ws.audit_file(),
                    &Record::new("publish_attempt", "error")
                        .issue(*issue)
                        .event(id)
                        .detail(&describe(what, &f), &self.settings.secrets),
                );
            }
            let ctx = retry::Context {
                attempts: *attempts,
                now_epoch_s: chrono::Utc::now().timestamp().max(0) as u64,
                waited_ms: self.waited_ms,
                budget_ms: self.settings.budget_ms,
                jitter: fastrand::f64(),
                secondary_wait_ms: self.settings.secondary_wait_ms,
            };
            let written = req == Req::Create && retry::may_have_written(&f);
            let limited =
                if let (Failure::Status(s), Class::RateLimited) = (&f, retry::class_of(&f)) {
                    // Every process holds off until then — recorded before the slot is freed, so
                    // no other process sends in between; the gate waits it out on the next try,
                    // or queues the event at once when that is past the budget.
                    let wait = retry::wanted_wait_ms(&f, &ctx).unwrap_or(ctx.secondary_wait_ms);
                    let reason = redact::redact(&block_reason(s), &self.settings.secrets);
                    gate.record_block(gate::now_ms().saturating_add(wait), &reason);
                    true
                } else {
                    false
                };
            drop(permit);
            if limited && *attempts < retry::MAX_ATTEMPTS {
                continue;
            }
            match retry::decide(&f, &ctx) {
                RetryDecision::RetryAfter(ms) => {
                    self.waited_ms += ms;
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    if written {
                        return Ok(Tried::LookFirst);
                    }
                }
                RetryDecision::GiveUp(g) => {
                    let text = describe(what, &f);
                    let var = self.settings.token.as_ref().map(|(_, v)| *v);
                    let q = match g {
                        GiveUp::Auth => Queued::Auth(format!("{text}; {}", auth_hint(var))),
                        GiveUp::Permanent => Queued::Refused(text),
                        GiveUp::Setup => Queued::Unreachable(text),
                        GiveUp::Budget { wanted_ms } => Queued::Budget(format!(
                            "{text}; the next try would be in {} s, past the wait budget (TRI_PUBLISH_MAX_WAIT_S)",
                            wanted_ms.div_ceil(1000)
                        )),
                        GiveUp::Attempts => Queued::Unreachable(text),
                    };
                    return Ok(Tried::GaveUp { queued: q, written });
                }
            }
        }
    }
}

/// One line for a failed request: what tri was doing and what came of it.
pub(super) fn describe(what: &str, f: &Failure) -> String {
    match f {
        Failure::Setup(m) => format!("{what}: {m}"),
        Failure::Connect(m) => format!("{what}: cannot connect to GitHub: {m}"),
        Failure::Timeout(m) => format!("{what}: GitHub did not answer in time: {m}"),
        Failure::Dropped(m) => format!("{what}: the connection to GitHub broke: {m}"),
        Failure::Status(s) => {
            if s.message.is_empty() {
                format!("{what}: GitHub answered {}", s.status)
            } else {
                format!("{what}: GitHub answered {} ({})", s.status, s.message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_reasons_name_the_header_and_never_more() {
        let s = StatusFailure {
            status: 403,
            retry_after_s: Some(60),
            message: "You have exceeded a secondary rate limit".into(),
            ..Default::default()
        };
        assert_eq!(block_reason(&s), "GitHub answered 403 with retry-after: 60");
        let s = StatusFailure {
            status: 403,
            ratelimit_remaining: Some(0),
            ratelimit_reset: Some(3_723),
            ..Default::default()
        };
        assert_eq!(
            block_reason(&s),
            "GitHub answered 403 with x-ratelimit-remaining: 0 until 01:02:03 UTC"
        );
        let s = StatusFailure {
            status: 429,
            ..Default::default()
        };
        assert!(block_reason(&s).contains("no retry-after"));
    }

    #[test]
    fn only_posts_and_edits_take_the_slot() {
        assert_eq!(Req::Read.kind(), Kind::Read);
        assert_eq!(Req::Create.kind(), Kind::Mutating);
        assert_eq!(Req::Edit.kind(), Kind::Mutating);
    }
}
