//! Experience files: `.trinity/experience/<UTC basic timestamp with ms>_<issue>.md`, one per
//! event, a front-matter block then the message.
//!
//! ```text
//! ---
//! issue: 42
//! repo: owner/name
//! event: step_completed
//! event_id: 019a...
//! session: 019a...
//! step: 3
//! time: 2026-11-21T22:15:00.123Z
//! metric.tokens: 1200
//! resolves: 019a...          (one line per resolved failure event, `step --resolves`)
//! status: cancelled          (session_finished only)
//! comment_url: https://github.com/owner/name/issues/42#issuecomment-1
//! ---
//! the message
//! ```
//! Names stay unique and keep this one shape when events land in the same millisecond: the
//! second takes the next free millisecond (`20261121T221500.124Z_42.md`) while its front
//! matter keeps the event's exact time. trinity's readers parse `<timestamp>_<issue>.md`, so
//! no suffix is ever added; files named `<stem>-2.md` by earlier versions are still read.
//! Formatting and parsing are pure.

pub mod outbox;
pub mod record;
pub mod timeline;

pub use record::{record, NewEvent, RecordSettings, Written};

use crate::error::Result;
use crate::event::{Event, EventType, SessionStatus};
use crate::workspace::atomic;
use crate::workspace::{lock::LockFile, Workspace};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The base file name of an experience file (without the uniqueness suffix):
/// `<YYYYMMDD>T<HHMMSS>.<mmm>Z_<issue>` — ISO 8601 basic format, UTC, milliseconds.
pub fn file_stem(time: DateTime<Utc>, issue: u64) -> String {
    format!("{}_{issue}", time.format("%Y%m%dT%H%M%S%.3fZ"))
}

/// The file name of an event at `time` on `issue` shifted by `offset_ms` milliseconds:
/// `<stem>.md` where the stem is [`file_stem`] of `time + offset_ms`. The offset is how a
/// name stays free when several events share a millisecond (see the module docs). Pure.
pub fn file_name(time: DateTime<Utc>, issue: u64, offset_ms: u32) -> String {
    let t = time + chrono::Duration::milliseconds(i64::from(offset_ms));
    format!("{}.md", file_stem(t, issue))
}

/// A front-matter value on one line: control characters (line ends among them) become a
/// space, so that no value can end its line and start a key, or the block, of its own.
fn field(v: &str) -> std::borrow::Cow<'_, str> {
    if v.chars().any(char::is_control) {
        v.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .into()
    } else {
        v.into()
    }
}

/// Renders an event's experience file: front matter, then the message, then a newline.
/// Every value of the front matter is kept to its line (control characters become spaces).
pub fn render(event: &Event, comment_url: Option<&str>) -> String {
    let mut s = String::with_capacity(event.message.len() + 320);
    s.push_str("---\n");
    s.push_str(&format!("issue: {}\n", event.issue));
    s.push_str(&format!("repo: {}\n", field(&event.repo)));
    s.push_str(&format!("event: {}\n", event.event_type));
    s.push_str(&format!("event_id: {}\n", field(&event.id)));
    s.push_str(&format!("session: {}\n", field(&event.session_id)));
    s.push_str(&format!("step: {}\n", event.step));
    s.push_str(&format!("time: {}\n", event.time_rfc3339()));
    for (k, v) in &event.metrics {
        s.push_str(&format!("metric.{}: {v}\n", field(k)));
    }
    if let Some(run) = &event.run_url {
        s.push_str(&format!("run_url: {}\n", field(run)));
    }
    for id in &event.resolves {
        s.push_str(&format!("resolves: {}\n", field(id)));
    }
    if let Some(st) = event.status {
        s.push_str(&format!("status: {st}\n"));
    }
    if let Some(url) = comment_url {
        s.push_str(&format!("comment_url: {}\n", field(url)));
    }
    s.push_str("---\n");
    s.push_str(&event.message);
    if !event.message.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The front matter of an experience file as [`parse`] reads it back: every key optional and
/// kept as written (the raw parse; a hand-edited file still reads). [`render`] writes it from
/// an [`Event`]; [`timeline::JournalEvent`] is its checked form, [`timeline::LogRow`] its
/// `log` view.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FrontMatter {
    /// Issue number.
    pub issue: Option<u64>,
    /// "owner/name".
    pub repo: Option<String>,
    /// Event type.
    pub event: Option<EventType>,
    /// Event id.
    pub event_id: Option<String>,
    /// Link session.
    pub session: Option<String>,
    /// Step number.
    pub step: Option<u64>,
    /// Event time.
    pub time: Option<DateTime<Utc>>,
    /// Metrics by name.
    pub metrics: BTreeMap<String, f64>,
    /// The comment's URL once published.
    pub comment_url: Option<String>,
    /// The GitHub Actions run that recorded it.
    pub run_url: Option<String>,
    /// The failure events it resolves.
    pub resolves: Vec<String>,
    /// How the session ended (`session_finished`).
    pub status: Option<SessionStatus>,
}

/// Splits an experience file into its front matter and message. Unknown keys are ignored;
/// `None` when the text has no front-matter block.
pub fn parse(text: &str) -> Option<(FrontMatter, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n").map(|i| (i, i + 5)).or_else(|| {
        rest.strip_suffix("\n---")
            .map(|head| (head.len(), rest.len()))
    })?;
    let (head, body_start) = (&rest[..end.0], end.1);
    let mut fm = FrontMatter::default();
    for line in head.lines() {
        let Some((k, v)) = line.split_once(": ") else {
            continue;
        };
        match k {
            "issue" => fm.issue = v.parse().ok(),
            "repo" => fm.repo = Some(v.to_string()),
            "event" => fm.event = v.parse().ok(),
            "event_id" => fm.event_id = Some(v.to_string()),
            "session" => fm.session = Some(v.to_string()),
            "step" => fm.step = v.parse().ok(),
            "time" => fm.time = DateTime::parse_from_rfc3339(v).ok().map(|t| t.to_utc()),
            "comment_url" => fm.comment_url = Some(v.to_string()),
            "run_url" => fm.run_url = Some(v.to_string()),
            "resolves" => fm.resolves.push(v.to_string()),
            "status" => fm.status = v.parse().ok(),
            _ => {
                if let Some(name) = k.strip_prefix("metric.") {
                    // As `--metric` takes them: finite numbers only.
                    if let Some(x) = v.parse::<f64>().ok().filter(|x| x.is_finite()) {
                        fm.metrics.insert(name.to_string(), x);
                    }
                }
            }
        }
    }
    Some((fm, &rest[body_start.min(rest.len())..]))
}

/// The first name `<stem>[-n].md` with no directory entry at all (`symlink_metadata`: a
/// dangling link or a fifo takes a name too), from attempt `from` on.
pub(crate) fn free_name(dir: &Path, time: DateTime<Utc>, issue: u64, from: u32) -> (String, u32) {
    (from..)
        .map(|n| (file_name(time, issue, n), n))
        .find(|(name, _)| std::fs::symlink_metadata(dir.join(name)).is_err())
        .expect("some name is free")
}

/// Writes the experience file of an event that came from the issue (`tri agent pull`), with
/// its comment URL, at a free name, under the workspace lock. Not fsync'd: the issue holds
/// it. Returns the path.
///
/// Errors: [`crate::error::Error::Io`]; [`crate::error::Error::Other`] when no name is free.
pub fn write_pulled(ws: &Workspace, event: &Event, comment_url: &str) -> Result<PathBuf> {
    let mut lock = LockFile::open(&ws.lock_file())?;
    let _guard = lock.lock()?;
    let dir = ws.experience_dir();
    crate::workspace::guard::create_dir_all(&dir)?;
    let stem = file_stem(event.time, event.issue);
    let mut from = 0;
    for _ in 0..record::MAX_NAME_TRIES {
        let (name, n) = free_name(&dir, event.time, event.issue, from);
        from = n + 1;
        let path = dir.join(name);
        let mut b = atomic::Batch::new();
        b.create_new_cache(path.clone(), render(event, Some(comment_url)).into_bytes());
        if b.commit()? {
            return Ok(path);
        }
    }
    Err(crate::error::Error::Other(format!(
        "cannot find a free experience file name for {stem} in {}",
        dir.display()
    )))
}

/// Rewrites the experience file at `path` for `event` (e.g. to add the comment URL),
/// atomically but without waiting for the disk: it is rebuilt from the outbox entry, or
/// from the issue, when a power cut loses it (see [`record`](mod@record)).
pub fn rewrite(path: &Path, event: &Event, comment_url: Option<&str>) -> Result<()> {
    atomic::write_cache(path, render(event, comment_url).as_bytes())
}

/// Whether the experience file at `path` is there and whole (has its front matter): a file
/// written without an fsync can be missing or empty after a power cut.
pub fn is_whole(path: &Path) -> bool {
    let mut head = [0u8; 4];
    match std::fs::File::open(path) {
        Ok(mut f) => {
            use std::io::Read;
            f.read_exact(&mut head).is_ok() && &head == b"---\n"
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn event() -> Event {
        Event {
            id: "0194-id".into(),
            event_type: EventType::StepCompleted,
            issue: 42,
            repo: "o/r".into(),
            session_id: "sess".into(),
            step: 3,
            time: Utc.with_ymd_and_hms(2026, 11, 21, 22, 15, 0).unwrap()
                + chrono::Duration::milliseconds(123),
            message: "tests pass\n---\nstill the message".into(),
            metrics: BTreeMap::from([("tokens".to_string(), 1200.0)]),
            run_url: None,
            resolves: vec!["a".into(), "b".into()],
            status: Some(SessionStatus::Failed),
        }
    }

    #[test]
    fn an_event_in_memory_is_listed_as_its_written_file_would_be() {
        let t = tempfile::tempdir().unwrap();
        let ws = crate::workspace::Workspace::at(t.path().to_path_buf());
        ws.create().unwrap();
        let mut e = event();
        e.message = "#### Done in this session\n- step 1: tests pass\n".into();
        let url = "https://github.com/o/r/issues/42#issuecomment-1";
        let unsaved = timeline::item_of_event(&e, url).unwrap();
        write_pulled(&ws, &e, url).unwrap();
        assert_eq!(timeline::items(&ws, 42).unwrap(), vec![unsaved.clone()]);
        assert_eq!(unsaved.first_line, "- step 1: tests pass");
        assert_eq!(unsaved.comment_url.as_deref(), Some(url));
    }

    #[test]
    fn file_names_use_basic_utc_timestamp_with_millis() {
        let e = event();
        let stem = file_stem(e.time, 42);
        assert_eq!(stem, "20261121T221500.123Z_42");
        assert_eq!(file_name(e.time, 42, 0), "20261121T221500.123Z_42.md");
        // A shared millisecond takes the next one, in the same shape (no `-2` suffix).
        assert_eq!(file_name(e.time, 42, 1), "20261121T221500.124Z_42.md");
        assert_eq!(file_name(e.time, 42, 877), "20261121T221501.000Z_42.md");
    }

    #[test]
    fn a_value_cannot_add_keys_or_end_the_front_matter() {
        let mut e = event();
        e.status = None;
        e.message = "m".into();
        e.session_id = "s\nstatus: done\n---\ninjected".into();
        e.run_url = Some("https://x\r\ncomment_url: evil".into());
        let text = render(&e, Some("https://u\n---"));
        let (fm, body) = parse(&text).unwrap();
        assert_eq!(fm.status, None);
        assert_eq!(fm.comment_url.as_deref(), Some("https://u ---"));
        assert_eq!(body, format!("{}\n", e.message));
        assert_eq!(text.matches("\n---\n").count(), 1);
    }

    #[test]
    fn front_matter_round_trips() {
        let e = event();
        let text = render(&e, Some("https://x/1"));
        let (fm, body) = parse(&text).unwrap();
        assert_eq!(fm.issue, Some(42));
        assert_eq!(fm.repo.as_deref(), Some("o/r"));
        assert_eq!(fm.event, Some(EventType::StepCompleted));
        assert_eq!(fm.event_id.as_deref(), Some("0194-id"));
        assert_eq!(fm.session.as_deref(), Some("sess"));
        assert_eq!(fm.step, Some(3));
        assert_eq!(fm.time, Some(e.time));
        assert_eq!(fm.metrics.get("tokens"), Some(&1200.0));
        assert_eq!(fm.comment_url.as_deref(), Some("https://x/1"));
        assert_eq!(fm.resolves, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(fm.status, Some(SessionStatus::Failed));
        assert_eq!(body, "tests pass\n---\nstill the message\n");
    }

    #[test]
    fn metrics_that_are_not_finite_are_not_read() {
        let text = "---\nmetric.a: inf\nmetric.b: NaN\nmetric.c: 1e309\nmetric.d: 2\n---\nm\n";
        let (fm, _) = parse(text).unwrap();
        assert_eq!(fm.metrics, BTreeMap::from([("d".to_string(), 2.0)]));
    }
}
