//! Deploy health: Railway's SUCCESS means the container started (or, with
//! a health-check path, answered 200 at deploy time); `deploy` then asks the service's
//! public URL itself until it answers 2xx/3xx or the health time-out passes.
//!
//! The decision of each round is pure ([`next`]); [`probe`] is the I/O at the edge: a GET
//! through tri's HTTP client ([`crate::net::Client`]: proxy variables, `SSL_CERT_FILE`,
//! time-outs), the pause between rounds [`INTERVAL`], the whole of it within the health
//! time-out.

use crate::env::{DurationVar, Unit};
use std::time::Duration;

/// The path probed when nothing sets it (config key `healthcheck_path`).
pub const DEFAULT_PATH: &str = "/";
/// `TRI_HEALTHCHECK_PATH` (config key `healthcheck_path`, flag `--health-path`).
pub const PATH_ENV: &str = "TRI_HEALTHCHECK_PATH";
/// Default `--health-timeout` of `deploy`: 5 minutes (Railway's own health-check time-out
/// is 300 s).
pub const DEFAULT_TIMEOUT: &str = "5m";
/// `TRI_HEALTH_INTERVAL_MS`: the pause between two probes, ms (default 2,000).
pub const INTERVAL: DurationVar = DurationVar {
    name: "TRI_HEALTH_INTERVAL_MS",
    unit: Unit::Ms,
    default_ms: 2_000,
    positive: false,
};

/// What one probe got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeResult {
    /// An HTTP status code.
    Status(u16),
    /// No answer: the connection failed or timed out (one line, from tri's diagnosis).
    Error(String),
}

impl ProbeResult {
    /// Whether the service answered 2xx or 3xx.
    pub fn healthy(&self) -> bool {
        matches!(self, ProbeResult::Status(s) if (200..400).contains(s))
    }

    /// `HTTP 503`, or `no answer (<cause>)`.
    pub fn describe(&self) -> String {
        match self {
            ProbeResult::Status(s) => format!("HTTP {s}"),
            ProbeResult::Error(e) => format!("no answer ({e})"),
        }
    }
}

/// What to do after a probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// It answered 2xx/3xx: healthy.
    Healthy,
    /// Not yet: probe again after the interval.
    Retry,
    /// The time-out passed without a healthy answer.
    Unhealthy,
}

/// The decision after `answer`, `elapsed` since the first probe, with `timeout`. A healthy
/// answer wins even at the deadline; an unhealthy one past it stops. Pure.
pub fn next(answer: &ProbeResult, elapsed: Duration, timeout: Duration) -> Next {
    if answer.healthy() {
        Next::Healthy
    } else if elapsed >= timeout {
        Next::Unhealthy
    } else {
        Next::Retry
    }
}

/// The URL to probe: `public` (Railway's `staticUrl`, a host name, or a full URL) with
/// `path`. A host name gets `https://`. Pure.
pub fn url(public: &str, path: &str) -> String {
    let public = public.trim().trim_end_matches('/');
    let base = if public.contains("://") {
        public.to_string()
    } else {
        format!("https://{public}")
    };
    format!("{base}{path}")
}

/// Checks a health-check path: it starts with `/` and holds no space or control character.
/// Pure.
///
/// Errors: a message naming `source` (the flag, variable or key) and what to write.
pub fn check_path(source: &str, path: &str) -> Result<String, String> {
    let p = path.trim();
    if p.starts_with('/') && !p.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Ok(p.to_string())
    } else {
        Err(format!(
            "{source}=`{path}` is not a URL path; use one that starts with `/`, e.g. /healthz"
        ))
    }
}

/// How probing ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probed {
    /// The URL probed.
    pub url: String,
    /// The last answer.
    pub last: ProbeResult,
    /// Whether it was healthy.
    pub healthy: bool,
    /// Probes sent.
    pub attempts: u32,
}

/// What a probe cut off at the health time-out says: the time-out bounds the whole probe,
/// so a service that accepts the connection (or completes TLS) and never answers, or
/// trickles its answer, is given up on then, not at the HTTP client's request time-out.
pub fn cut_off(timeout: Duration) -> ProbeResult {
    ProbeResult::Error(format!(
        "cut off at the health time-out of {} s",
        timeout.as_secs()
    ))
}

/// GETs `url` through `http` until [`next`] says stop: at least once, then every
/// `interval` while `timeout` has not passed since the first probe. `timeout` bounds the
/// whole of it, each request's connection, TLS handshake and wait for the status included:
/// a request still unanswered at the deadline is given up, and the answer reported is the
/// last one received before it ([`cut_off`] when none came). Redirects are followed as
/// tri's client follows them (at most 10); the last answer counts.
pub async fn probe(
    http: &crate::net::Client,
    url: &str,
    timeout: Duration,
    interval: Duration,
) -> Probed {
    let t0 = tokio::time::Instant::now();
    let deadline = t0 + timeout;
    let mut attempts = 0;
    let mut previous: Option<ProbeResult> = None;
    let ended = |last: ProbeResult, healthy: bool, attempts: u32| Probed {
        url: url.to_string(),
        last,
        healthy,
        attempts,
    };
    loop {
        attempts += 1;
        let sent = tokio::time::timeout_at(deadline, http.http().get(url).send()).await;
        let answer = match sent {
            Ok(Ok(r)) => ProbeResult::Status(r.status().as_u16()),
            Ok(Err(e)) => ProbeResult::Error(http.describe(&e)),
            Err(_) => {
                let last = previous.unwrap_or_else(|| cut_off(timeout));
                return ended(last, false, attempts);
            }
        };
        match next(&answer, t0.elapsed(), timeout) {
            Next::Retry => {
                let left = deadline.saturating_duration_since(tokio::time::Instant::now());
                tokio::time::sleep(interval.min(left)).await;
                if tokio::time::Instant::now() >= deadline {
                    return ended(answer, false, attempts);
                }
                previous = Some(answer);
            }
            n => return ended(answer, n == Next::Healthy, attempts),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_2xx_and_3xx_are_healthy_and_the_deadline_stops() {
        let s = Duration::from_secs;
        assert_eq!(next(&ProbeResult::Status(200), s(0), s(5)), Next::Healthy);
        assert_eq!(next(&ProbeResult::Status(302), s(9), s(5)), Next::Healthy);
        assert_eq!(next(&ProbeResult::Status(503), s(1), s(5)), Next::Retry);
        assert_eq!(next(&ProbeResult::Status(404), s(5), s(5)), Next::Unhealthy);
        assert_eq!(
            next(&ProbeResult::Error("refused".into()), s(6), s(5)),
            Next::Unhealthy
        );
        assert_eq!(ProbeResult::Status(503).describe(), "HTTP 503");
        assert!(ProbeResult::Error("x".into()).describe().contains("x"));
        let cut = cut_off(Duration::from_secs(2));
        assert!(!cut.healthy());
        assert!(cut.describe().contains("2 s"), "{}", cut.describe());
    }

    #[test]
    fn urls_and_paths() {
        assert_eq!(
            url("svc.up.railway.app", "/"),
            "https://svc.up.railway.app/"
        );
        assert_eq!(
            url("https://127.0.0.1:9/", "/healthz"),
            "https://127.0.0.1:9/healthz"
        );
        assert_eq!(check_path("X", " /healthz "), Ok("/healthz".into()));
        assert!(check_path("--health-path", "healthz")
            .unwrap_err()
            .contains("--health-path=`healthz`"));
        assert!(check_path("X", "/a b").is_err());
    }
}
