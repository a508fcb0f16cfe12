//! The marker: the hidden HTML comment that opens every comment tri writes, and every line
//! of a sticky journal. It names the event (the idempotency key of the marker look-up) and
//! carries what a fresh machine needs to rebuild the event's experience file from the issue
//! (`tri agent pull`). Pure.
//!
//! ```text
//! <!-- tri:event id=<event-id> type=<event_type>[ part=<i>/<n>] data=<json> -->
//! ```
//! `data` is compact JSON ([`MarkerData`]: session, step, time, metrics, Actions run, the
//! events it resolves, a session's end status), with
//! every `--` written `-\u002d` so that the HTML comment cannot end early. Markers of
//! earlier tri versions (`id` and `type` only, with or without `part`) still parse, with no
//! data.
//!
//! What a marker says is checked on parse ([`MarkerData::is_valid`], [`is_event_id`]): ids
//! and sessions of at most 64 letters, digits, `-` and `_`; metric names as `step --metric`
//! takes them; an Actions run an http(s) URL of visible characters. A marker that breaks
//! these is no marker (a bad id or type) or has no data (anything else): nothing from it
//! reaches an experience file's front matter.

use super::{Event, EventType, SessionStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const OPEN: &str = "<!-- tri:event ";
const CLOSE: &str = " -->";

/// How the marker of a sticky journal comment opens (`<!-- tri:journal issue=<n>
/// session=<session> -->`, `crate::publisher::sticky`; earlier versions wrote
/// `<!-- tri:journal issue=<n> -->`).
pub const JOURNAL_OPEN: &str = "<!-- tri:journal ";

/// What a marker carries besides the event's id and type: enough to rebuild its
/// experience file. Field names are short: they are in every comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarkerData {
    /// Format version of this payload (1).
    pub v: u32,
    /// The link session that recorded the event.
    pub session: String,
    /// The step number within that session.
    pub step: u64,
    /// When the event was recorded (UTC, milliseconds).
    pub time: DateTime<Utc>,
    /// Metrics by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metrics: BTreeMap<String, f64>,
    /// The GitHub Actions run that recorded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    /// The failure events it resolves ([`Event::resolves`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub res: Vec<String>,
    /// How the session ended ([`Event::status`], `session_finished` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub st: Option<SessionStatus>,
}

/// Longest id or session in a marker, characters.
pub const MAX_ID: usize = 64;

/// Most metrics, or resolved events, one marker may carry.
pub const MAX_ITEMS: usize = 256;

/// Longest Actions run URL in a marker, characters.
pub const MAX_URL: usize = 512;

/// Whether `s` can be an event id or session: 1 to [`MAX_ID`] ASCII letters, digits, `-`
/// and `_` (a UUIDv7 is 36 of them).
pub fn is_event_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `s` can be a metric name: what `tri agent step --metric` takes (letters, digits,
/// `_`, `.`, `-`), at most [`MAX_ID`] characters.
pub fn is_metric_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

impl MarkerData {
    /// Whether every field has the shape tri writes: see the module. Pure.
    pub fn is_valid(&self) -> bool {
        (self.session.is_empty() || is_event_id(&self.session))
            && self.metrics.len() <= MAX_ITEMS
            && self
                .metrics
                .iter()
                .all(|(k, v)| is_metric_name(k) && v.is_finite())
            && self.run.as_deref().is_none_or(|r| {
                r.len() <= MAX_URL
                    && (r.starts_with("https://") || r.starts_with("http://"))
                    && r.bytes()
                        .all(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'"'))
            })
            && self.res.len() <= MAX_ITEMS
            && self.res.iter().all(|id| is_event_id(id))
    }

    /// The payload of `event`.
    pub fn of(event: &Event) -> MarkerData {
        MarkerData {
            v: 1,
            session: event.session_id.clone(),
            step: event.step,
            time: event.time,
            metrics: event.metrics.clone(),
            run: event.run_url.clone(),
            res: event.resolves.clone(),
            st: event.status,
        }
    }
}

/// A parsed marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// The event id.
    pub id: String,
    /// The event type.
    pub event_type: EventType,
    /// `Some((i, n))` for part `i` of `n`.
    pub part: Option<(usize, usize)>,
    /// The payload (`None` from earlier tri versions, or when unreadable).
    pub data: Option<MarkerData>,
}

/// The marker without data or part: `<!-- tri:event id=<event-id> type=<event_type> -->`
/// (the form of tri's first versions; still what a sticky journal line of an event without
/// data would carry).
pub fn marker(id: &str, event_type: EventType) -> String {
    format!("{OPEN}id={id} type={}{CLOSE}", event_type.as_str())
}

/// The prefix shared by every marker of event `id`, whatever its type, part or data:
/// `<!-- tri:event id=<event-id> `.
pub fn marker_prefix(id: &str) -> String {
    format!("{OPEN}id={id} ")
}

/// The full marker of `event`, part `part` of `total` (no part when `total` is 1), with its
/// data.
pub fn full(event: &Event, part: usize, total: usize) -> String {
    let data = serde_json::to_string(&MarkerData::of(event))
        .expect("marker data serialises")
        .replace("--", "-\\u002d");
    let part = if total > 1 {
        format!(" part={part}/{total}")
    } else {
        String::new()
    };
    format!(
        "{OPEN}id={} type={}{part} data={data}{CLOSE}",
        event.id,
        event.event_type.as_str()
    )
}

/// Parses the first marker in `text` (a comment body, or one journal line). `None` when
/// there is none or its id or type is unreadable.
pub fn parse(text: &str) -> Option<Marker> {
    let start = text.find(OPEN)? + OPEN.len();
    let rest = &text[start..];
    let end = rest.find(CLOSE)?;
    let inner = &rest[..end];
    let (head, data) = match inner.split_once(" data=") {
        Some((h, d)) => (h, Some(d)),
        None => (inner, None),
    };
    let (mut id, mut event_type, mut part) = (None, None, None);
    for kv in head.split(' ') {
        match kv.split_once('=') {
            Some(("id", v)) if is_event_id(v) => id = Some(v.to_string()),
            Some(("type", v)) => event_type = v.parse().ok(),
            Some(("part", v)) => {
                let (i, n) = v.split_once('/')?;
                part = Some((i.parse().ok()?, n.parse().ok()?));
            }
            _ => {}
        }
    }
    Some(Marker {
        id: id?,
        event_type: event_type?,
        part,
        data: data
            .and_then(|d| serde_json::from_str::<MarkerData>(d).ok())
            .filter(MarkerData::is_valid),
    })
}

/// Whether `body` opens with a marker line as tri writes one: its first line (up to `\n`,
/// a `\r` before it aside) is one whole HTML comment that is an event marker
/// (`<!-- tri:event … -->`, as [`full`] and [`marker`] write it, whatever the tri version
/// or event type) or a sticky journal comment's header ([`JOURNAL_OPEN`] … `-->`).
///
/// This is the shape half of "is this comment tri's own record" (the author half is
/// `crate::trust`): a marker anywhere else — in a `>` quote, a code block, after a word —
/// is someone's words about a marker, not a record.
pub fn opens_record(body: &str) -> bool {
    let first = body.lines().next().unwrap_or("");
    (first.starts_with(OPEN) || first.starts_with(JOURNAL_OPEN))
        && first.ends_with(CLOSE)
        && !first[..first.len() - CLOSE.len()].contains("-->")
}

/// Whether `body` is the comment of part `part` of `total` of event `id`, whatever tri
/// version wrote it (the marker look-up's test).
pub fn is_part_of(body: &str, id: &str, part: usize, total: usize) -> bool {
    body.starts_with(OPEN)
        && parse(body.lines().next().unwrap_or(""))
            .is_some_and(|m| m.id == id && m.part.unwrap_or((1, 1)) == (part, total.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            id: "019a-id".into(),
            event_type: EventType::StepCompleted,
            issue: 42,
            repo: "o/r".into(),
            session_id: "019a-sess".into(),
            step: 3,
            time: "2026-11-21T22:15:00.123Z".parse().unwrap(),
            message: "m".into(),
            metrics: BTreeMap::from([("cost--usd".to_string(), 0.5)]),
            run_url: Some("https://github.com/o/r/actions/runs/1".into()),
            resolves: vec!["019a-failed".into()],
            status: Some(SessionStatus::Cancelled),
        }
    }

    #[test]
    fn marker_has_the_documented_form_and_starts_with_its_prefix() {
        let m = marker("abc", EventType::BuildFailed);
        assert_eq!(m, "<!-- tri:event id=abc type=build_failed -->");
        assert!(m.starts_with(&marker_prefix("abc")));
        assert!(!m.starts_with(&marker_prefix("ab")));
    }

    #[test]
    fn full_markers_round_trip_with_their_data() {
        let e = event();
        for (part, total) in [(1, 1), (2, 3)] {
            let m = full(&e, part, total);
            assert!(m.starts_with(&marker_prefix(&e.id)));
            assert!(!m[4..m.len() - 3].contains("--"), "no `--` inside: {m}");
            let p = parse(&format!("{m}\n### heading\n")).unwrap();
            assert_eq!(p.id, e.id);
            assert_eq!(p.event_type, e.event_type);
            assert_eq!(p.part, (total > 1).then_some((part, total)));
            assert_eq!(p.data, Some(MarkerData::of(&e)));
        }
    }

    #[test]
    fn markers_of_earlier_versions_still_parse() {
        let p = parse("<!-- tri:event id=x type=deployment_failed -->\nbody").unwrap();
        assert_eq!((p.id.as_str(), p.part, p.data), ("x", None, None));
        let p = parse("- <!-- tri:event id=y type=step_completed part=2/3 --> `t`").unwrap();
        assert_eq!(p.part, Some((2, 3)));
        assert!(parse("<!-- tri:event id= type=step_completed -->").is_none());
        assert!(parse("<!-- tri:event id=z type=nope -->").is_none());
        assert!(parse("no marker").is_none());
    }

    #[test]
    fn marker_data_is_checked_on_parse() {
        let e = event();
        let with = |f: &dyn Fn(&mut MarkerData)| {
            let mut d = MarkerData::of(&e);
            f(&mut d);
            let json = serde_json::to_string(&d).unwrap().replace("--", "-\\u002d");
            parse(&format!(
                "<!-- tri:event id=ok type=handoff data={json} -->"
            ))
            .unwrap()
            .data
        };
        assert!(with(&|_| {}).is_some());
        assert!(with(&|d| d.session = "s\nfake: key".into()).is_none());
        assert!(with(&|d| d.session = "x".repeat(65)).is_none());
        assert!(with(&|d| {
            d.metrics.insert("a\n---\nb".into(), 1.0);
        })
        .is_none());
        assert!(with(&|d| d.run = Some("javascript:alert(1)".into())).is_none());
        assert!(with(&|d| d.run = Some("https://x/\nevil: 1".into())).is_none());
        assert!(with(&|d| d.res = vec!["a b".into()]).is_none());
        assert!(parse("<!-- tri:event id=a\u{202E}b type=handoff -->").is_none());
        assert!(parse(&format!(
            "<!-- tri:event id={} type=handoff -->",
            "i".repeat(65)
        ))
        .is_none());
    }

    #[test]
    fn a_record_opens_with_a_whole_marker_line_and_a_quote_of_one_does_not() {
        let e = event();
        for total in [1, 3] {
            assert!(opens_record(&format!("{}\n### h\n\nm", full(&e, 1, total))));
        }
        assert!(
            opens_record(&marker("x", EventType::Handoff)),
            "a bare marker"
        );
        assert!(opens_record(&format!(
            "{}\r\nbody",
            marker("x", EventType::Handoff)
        )));
        assert!(opens_record(
            "<!-- tri:journal issue=7 session=s -->\n### 📓 tri journal"
        ));
        assert!(
            opens_record("<!-- tri:journal issue=7 -->\n"),
            "an earlier journal"
        );
        assert!(
            opens_record("<!-- tri:event id=a type=from_a_newer_tri -->\nx"),
            "the shape, whatever the type"
        );
        let m = marker("a", EventType::Question);
        for quoted in [
            format!("> {m}\n> which db?\n\npostgres"),
            format!("```\n{m}\n```\nthat is the format"),
            format!("see {m}"),
            format!(" {m}\nx"),
            format!("\n{m}"),
            format!("{m} and more\nx"),
            "<!-- tri:event id=a type=question\nmultiline -->".to_string(),
            "<!-- tri:event x --> y -->\n".to_string(),
            "<!-- tri:other -->\n".to_string(),
            String::new(),
        ] {
            assert!(!opens_record(&quoted), "{quoted:?}");
        }
    }

    #[test]
    fn the_look_up_matches_identity_not_text() {
        let e = event();
        let new = format!("{}\nbody", full(&e, 1, 1));
        let old = format!("{}\nbody", marker(&e.id, e.event_type));
        for body in [&new, &old] {
            assert!(is_part_of(body, &e.id, 1, 1));
            assert!(!is_part_of(body, "019a", 1, 1));
            assert!(!is_part_of(body, &e.id, 1, 2));
        }
        let p2 = format!("{}\nbody", full(&e, 2, 3));
        assert!(is_part_of(&p2, &e.id, 2, 3) && !is_part_of(&p2, &e.id, 1, 3));
        assert!(!is_part_of(&format!("quoted: {new}"), &e.id, 1, 1));
    }
}
