//! Value parsers shared by the command-line arguments of several commands (issue numbers,
//! metrics, durations, event types). Pure; a leaf module: it imports nothing of tri but
//! [`crate::event`].
//!
//! Each returns `Err(String)`: a one-line message that says what to give instead, as clap
//! shows it after `error: invalid value … for …`.

use crate::event::EventType;
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
        .ok_or_else(|| format!("metric `{k}` needs a number, got `{v}`"))?;
    Ok((k.to_string(), x))
}

/// Parses a duration above zero: a bare number is seconds (`900`), otherwise humantime's
/// syntax (`90s`, `15m`, `1h`, `1h 30m`, `500ms`, `2days`).
///
/// Errors: zero, a negative or unparseable value, an unknown unit.
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
    Ok(d)
}

/// Parses an event type name such as `step_completed` (see [`EventType`]).
pub fn parse_event_type(s: &str) -> Result<EventType, String> {
    s.parse()
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
    }
}
