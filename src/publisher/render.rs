//! The comment body of an event: marker, heading, message, footer. Pure.
//!
//! ```text
//! <!-- tri:event id=<id> type=step_completed -->
//! ### 📝 Step 3 completed
//!
//! <message>
//!
//! <sub>tri · session 9e0c41a7 · 2026-11-21T22:15:00.123Z · tokens 1200 · [Actions run](url)</sub>
//! ```
//! GitHub refuses comment bodies over 65,536 characters (422, "body is too long"; see
//! GitHub's REST docs for issue comments). A longer event is split into numbered parts,
//! each a whole comment with its own marker (`part=2/3`), at line boundaries when it can.

use crate::event::{Event, EventType};

/// GitHub's limit on a comment body, in characters (Unicode scalar values).
pub const GITHUB_BODY_LIMIT: usize = 65_536;

/// Room kept free in each part for the marker, heading and footer, in characters.
const FRAME_RESERVE: usize = 1_024;

/// The marker of part `part` of `total` (no part when `total` is 1), with the event's data
/// ([`crate::event::marker`](mod@crate::event::marker)).
pub fn part_marker(event: &Event, part: usize, total: usize) -> String {
    crate::event::marker::full(event, part, total)
}

/// The heading line (markdown `###`) of an event's comment.
pub fn heading(event: &Event) -> String {
    match event.event_type {
        EventType::StepCompleted => format!("### 📝 Step {} completed", event.step),
        EventType::SessionFinished => format!(
            "### {}: {}",
            EventType::SessionFinished.heading(),
            event.status.map_or("done", |s| s.as_str())
        ),
        t => format!("### {}", t.heading()),
    }
}

/// The footer line: session, time, metrics, the failure events it resolves, and the Actions
/// run link when there is one.
pub fn footer(event: &Event) -> String {
    let short = crate::event::short_session(&event.session_id);
    let mut parts = vec![
        "tri".to_string(),
        format!("session {short}"),
        event.time_rfc3339(),
    ];
    parts.extend(event.metrics.iter().map(|(k, v)| format!("{k} {v}")));
    parts.extend(event.resolves.iter().map(|id| format!("resolves `{id}`")));
    if let Some(run) = &event.run_url {
        parts.push(format!("[Actions run]({run})"));
    }
    format!("<sub>{}</sub>", parts.join(" · "))
}

/// Splits `text` into pieces of at most `max` characters, preferring to cut after a newline.
pub fn split_chars(text: &str, max: usize) -> Vec<&str> {
    assert!(max > 0);
    let mut out = Vec::new();
    let mut rest = text;
    while rest.chars().count() > max {
        // byte index just past `max` characters
        let hard = rest
            .char_indices()
            .nth(max)
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let cut = match rest[..hard].rfind('\n') {
            Some(i) if i > hard / 2 => i + 1,
            _ => hard,
        };
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    out.push(rest);
    out
}

/// The comment bodies for `event`: one, or several numbered parts when the message does
/// not fit in [`GITHUB_BODY_LIMIT`]. Every body is at most that many characters and starts
/// with its marker.
pub fn comment_bodies(event: &Event) -> Vec<String> {
    let head = heading(event);
    let foot = footer(event);
    let budget = GITHUB_BODY_LIMIT - FRAME_RESERVE - head.chars().count() - foot.chars().count();
    let pieces = split_chars(event.message.trim_end(), budget);
    let total = pieces.len();
    pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let n = i + 1;
            let title = if total > 1 {
                format!("{head} (part {n} of {total})")
            } else {
                head.clone()
            };
            format!(
                "{}\n{title}\n\n{piece}\n\n{foot}\n",
                part_marker(event, n, total)
            )
        })
        .collect()
}

/// The event marker and message of a comment tri wrote with [`comment_bodies`] (for a part
/// of several: that part's piece of the message). `None` for a comment that is not one of
/// them. Pure; the inverse of rendering, used by `tri agent pull`.
pub fn parse_body(body: &str) -> Option<(crate::event::Marker, String)> {
    let (first, rest) = body.split_once('\n')?;
    if !first.starts_with("<!-- tri:event ") {
        return None;
    }
    let marker = crate::event::marker::parse(first)?;
    // Heading line, blank line, the message, blank line, the footer.
    let (_, rest) = rest.split_once("\n\n")?;
    let message = match rest.rfind("\n\n<sub>tri") {
        Some(i) => &rest[..i],
        None => rest.trim_end(),
    };
    Some((marker, message.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn event(msg: &str) -> Event {
        Event {
            id: "ev-1".into(),
            event_type: EventType::StepCompleted,
            issue: 1,
            repo: "o/r".into(),
            session_id: "019a0000-0000-7000-8000-000000000000".into(),
            step: 4,
            time: Utc::now(),
            message: msg.into(),
            metrics: [("tokens".to_string(), 1200.0)].into(),
            run_url: Some("https://github.com/o/r/actions/runs/9".into()),
            resolves: Vec::new(),
            status: None,
        }
    }

    #[test]
    fn one_body_with_marker_heading_message_and_run_link() {
        let b = comment_bodies(&event("tests pass"));
        assert_eq!(b.len(), 1);
        assert!(b[0].starts_with("<!-- tri:event id=ev-1 type=step_completed data={"));
        let (marker, rest) = b[0].split_once('\n').unwrap();
        assert!(marker.ends_with(" -->"), "{marker}");
        assert!(rest.starts_with("### 📝 Step 4 completed\n\ntests pass\n"));
        assert!(b[0].contains("[Actions run](https://github.com/o/r/actions/runs/9)"));
        assert!(b[0].contains("tokens 1200"));
    }

    #[test]
    fn session_ends_say_their_status_and_resolutions_are_in_the_footer() {
        let mut e = event("stopped by CI");
        e.event_type = EventType::SessionFinished;
        e.status = Some(crate::event::SessionStatus::Cancelled);
        assert_eq!(heading(&e), "### 🏁 Session finished: cancelled");
        e.event_type = EventType::BuildSucceeded;
        e.resolves = vec!["019a-x".into()];
        assert!(footer(&e).contains("resolves `019a-x`"), "{}", footer(&e));
        let b = comment_bodies(&e);
        assert_eq!(parse_body(&b[0]).unwrap().1, "stopped by CI");
    }

    #[test]
    fn long_message_is_split_into_marked_parts_under_the_limit() {
        let line = "x".repeat(99) + "\n";
        let msg = line.repeat(1500); // 150,000 characters
        let b = comment_bodies(&event(&msg));
        assert_eq!(b.len(), 3);
        let mut joined = String::new();
        for (i, body) in b.iter().enumerate() {
            assert!(body.chars().count() <= GITHUB_BODY_LIMIT);
            assert!(body.starts_with(&format!(
                "<!-- tri:event id=ev-1 type=step_completed part={}/3 data=",
                i + 1
            )));
            let start = body.find("\n\n").unwrap() + 2;
            let end = body.rfind("\n\n<sub>").unwrap();
            joined.push_str(&body[start..end]);
        }
        assert_eq!(joined.replace('\n', "").len(), msg.replace('\n', "").len());
    }

    #[test]
    fn split_respects_multibyte_characters() {
        let s = "é".repeat(10);
        let parts = split_chars(&s, 3);
        assert_eq!(parts.len(), 4);
        assert!(parts.iter().all(|p| p.chars().count() <= 3));
        assert_eq!(parts.concat(), s);
    }

    #[test]
    fn bodies_parse_back_to_marker_and_message() {
        let e = event("tests pass\n\nsecond paragraph");
        let b = comment_bodies(&e);
        let (m, msg) = parse_body(&b[0]).unwrap();
        assert_eq!((m.id.as_str(), m.part), ("ev-1", None));
        assert_eq!(msg, "tests pass\n\nsecond paragraph");
        assert!(parse_body("just a human comment").is_none());
        let long = "y".repeat(99) + "\n";
        let e = event(&long.repeat(1500));
        let joined: String = comment_bodies(&e)
            .iter()
            .map(|b| parse_body(b).unwrap().1)
            .collect();
        assert_eq!(joined, e.message.trim_end());
    }
}
