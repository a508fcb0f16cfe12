//! Value parsers shared by the command-line arguments of several commands (issue numbers,
//! metrics, durations, event types). Pure; a leaf module: it imports nothing of tri but
//! [`crate::event`].
//!
//! Each returns `Err(String)`: a one-line message that says what to give instead, as clap
//! shows it after `error: invalid value … for …`.

use crate::event::{EventType, SessionStatus};
use chrono::{DateTime, Utc};
use std::time::Duration;

/// Parses an issue number: a positive integer that fits in `u64`, optionally written `#42`.
///
/// Errors: not digits; `0`; more than `u64::MAX`.
pub fn parse_issue(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let t = t.strip_prefix('#').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{s}` is not an issue number; give a positive integer such as 42"
        ));
    }
    match t.parse::<u64>() {
        Ok(0) => Err("issue numbers start at 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "`{s}` is too large to be an issue number (at most {})",
            u64::MAX
        )),
    }
}

/// Parses `NAME=NUMBER` (NAME: ASCII letters, digits, `_`, `.`, `-`; NUMBER: a finite
/// decimal), e.g. `tokens=1200`.
///
/// Errors: a missing `=`, a name with other characters, a number that does not parse or
/// is not finite (`inf`, `NaN`, or beyond ±1.7976931348623157e308 such as `1e309`, which
/// would read as infinity and show as `null` in JSON).
pub fn parse_metric(s: &str) -> Result<(String, f64), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not NAME=NUMBER, e.g. tokens=1200"))?;
    let k = k.trim();
    if k.is_empty()
        || !k
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Err(format!(
            "metric name `{k}` may hold only letters, digits, `_`, `.` and `-`"
        ));
    }
    let x: f64 = v
        .trim()
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite())
        .ok_or_else(|| {
            format!(
                "metric `{k}` needs a finite number (at most ±1.7976931348623157e308), got `{v}`"
            )
        })?;
    Ok((k.to_string(), x))
}

/// The longest duration tri takes on its command line: 100 years of 365.25 days
/// (3,155,760,000 s). Anything longer is a typo, and would overflow the time arithmetic
/// (`now - d` for `--since`) or a timer.
pub const MAX_DURATION: Duration = Duration::from_secs(36_525 * 86_400);

/// Parses a duration above zero and at most [`MAX_DURATION`]: a bare number is seconds
/// (`900`), otherwise humantime's syntax (`90s`, `15m`, `1h`, `1h 30m`, `500ms`, `2days`).
///
/// Errors: zero, a negative or unparseable value, an unknown unit, more than
/// [`MAX_DURATION`] (a larger one, such as `--since 100000000d`, would overflow the
/// date arithmetic and panic).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let d = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse::<u64>()
            .map(Duration::from_secs)
            .map_err(|_| format!("`{s}` is too many seconds"))?
    } else {
        humantime::parse_duration(t)
            .map_err(|e| format!("`{s}` is not a duration ({e}); use e.g. 90s, 15m or 1h"))?
    };
    if d.is_zero() {
        return Err(format!("`{s}`: the duration must be above zero"));
    }
    if d > MAX_DURATION {
        return Err(format!(
            "`{s}` is longer than tri takes (at most 100 years, 36525days); give a shorter duration"
        ));
    }
    Ok(d)
}

/// Parses the event type of `tri agent step --event`: any but `handoff` and
/// `session_finished`, which have commands of their own.
///
/// Errors: an unknown name; one of those two, naming the command to use.
pub fn parse_step_event_type(s: &str) -> Result<EventType, String> {
    let t: EventType = s.parse()?;
    match t {
        EventType::Handoff => Err("record a hand-off with `tri agent handoff`".into()),
        EventType::SessionFinished => Err("end a session with `tri agent finish`".into()),
        EventType::Question => Err("ask a question with `tri agent ask`".into()),
        t => Ok(t),
    }
}

/// Parses a session status: `done`, `failed` or `cancelled` ([`SessionStatus`]).
pub fn parse_status(s: &str) -> Result<SessionStatus, String> {
    s.trim().parse()
}

/// A point in time given on the command line (`--since`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// An RFC 3339 time, e.g. `2026-11-21T22:15:00Z`.
    At(DateTime<Utc>),
    /// That long before now, e.g. `2h` (see [`parse_duration`]).
    Ago(Duration),
}

impl Since {
    /// The time this names, relative to `now` for [`Since::Ago`]; a duration reaching before
    /// the earliest time chrono represents gives that time ([`DateTime::<Utc>::MIN_UTC`])
    /// rather than overflowing (checked arithmetic).
    pub fn resolve(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Since::At(t) => t,
            Since::Ago(d) => chrono::Duration::from_std(d)
                .ok()
                .and_then(|d| now.checked_sub_signed(d))
                .unwrap_or(DateTime::<Utc>::MIN_UTC),
        }
    }
}

/// Parses `--since`: an RFC 3339 time (`2026-11-21T22:15:00Z`, any offset) or a duration
/// before now (`90m`, `2h`, `3days`).
///
/// Errors: neither form.
pub fn parse_since(s: &str) -> Result<Since, String> {
    let t = s.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(Since::At(at.to_utc()));
    }
    match parse_duration(t) {
        Ok(d) => Ok(Since::Ago(d)),
        // A duration, but out of range: say so rather than "neither".
        Err(e)
            if (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                || matches!(
                    humantime::parse_duration(t),
                    Ok(_) | Err(humantime::DurationError::NumberOverflow)
                ) =>
        {
            Err(e)
        }
        Err(_) => Err(format!(
            "`{s}` is neither a time (e.g. 2026-11-21T22:15:00Z) nor a duration (e.g. 2h)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_numbers() {
        assert_eq!(parse_issue("42"), Ok(42));
        assert_eq!(parse_issue("#7"), Ok(7));
        assert_eq!(parse_issue("18446744073709551615"), Ok(u64::MAX));
        for bad in [
            "abc",
            "0",
            "-5",
            "1234567890123456789012345",
            "",
            "4.2",
            "+3",
        ] {
            assert!(parse_issue(bad).is_err(), "{bad}");
        }
        assert!(parse_issue("1234567890123456789012345")
            .unwrap_err()
            .contains("too large"));
    }

    #[test]
    fn metrics() {
        assert_eq!(parse_metric("tokens=1200"), Ok(("tokens".into(), 1200.0)));
        assert_eq!(parse_metric("cost_usd=0.03"), Ok(("cost_usd".into(), 0.03)));
        assert!(parse_metric("tokens").is_err());
        assert!(parse_metric("a b=1").is_err());
        assert!(parse_metric("x=NaN").is_err());
        assert_eq!(parse_metric("x=1e308"), Ok(("x".into(), 1e308)));
        for v in ["inf", "-inf", "infinity", "1e309", "-1e309"] {
            let e = parse_metric(&format!("x={v}")).unwrap_err();
            assert!(e.contains("finite"), "{v}: {e}");
        }
    }

    #[test]
    fn step_types_statuses_and_since() {
        assert_eq!(
            parse_step_event_type("build_succeeded"),
            Ok(EventType::BuildSucceeded)
        );
        assert!(parse_step_event_type("handoff")
            .unwrap_err()
            .contains("tri agent handoff"));
        assert!(parse_step_event_type("session_finished")
            .unwrap_err()
            .contains("tri agent finish"));
        assert_eq!(parse_status("cancelled"), Ok(SessionStatus::Cancelled));
        assert!(parse_status("paused").is_err());
        let now: DateTime<Utc> = "2026-11-21T22:15:00Z".parse().unwrap();
        let at = parse_since("2026-11-21T23:15:00+01:00").unwrap();
        assert_eq!(at.resolve(now), now);
        let ago = parse_since("2h").unwrap();
        assert_eq!(ago.resolve(now), now - chrono::Duration::hours(2));
        assert!(parse_since("yesterday").unwrap_err().contains("neither"));
        // Out of range is a usage error naming the limit, not a panic.
        for huge in ["100000000d", "99999999999999999999"] {
            let e = parse_since(huge).unwrap_err();
            assert!(e.contains(huge) && !e.contains("neither"), "{e}");
        }
        let e = parse_since("36526days").unwrap_err();
        assert!(e.contains("100 years"), "{e}");
        // The longest accepted duration resolves without overflow, and so does a duration
        // reaching before chrono's earliest time.
        let far = parse_since("36525days").unwrap();
        assert_eq!(far.resolve(now), now - chrono::Duration::days(36525));
        let min = DateTime::<Utc>::MIN_UTC + chrono::Duration::days(1);
        assert_eq!(
            Since::Ago(Duration::from_secs(2 * 86_400)).resolve(min),
            DateTime::<Utc>::MIN_UTC
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("900"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_duration("0").is_err());
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("-5m").is_err());
        assert_eq!(parse_duration("36525days"), Ok(MAX_DURATION));
        assert!(parse_duration("36526days").unwrap_err().contains("at most"));
        assert!(parse_duration("3155760001")
            .unwrap_err()
            .contains("at most"));
    }
}
