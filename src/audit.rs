//! `.trinity/audit.jsonl`: one JSON line per action (link, unlink, step, publish attempt
//! and outcome, sync), appended. Lines never hold a secret: every free-text field passes
//! through `publisher::redact` before it is written.
//!
//! Line shape: `{"time":"<RFC 3339 ms Z>","action":"publish","result":"ok", "issue":42,
//! "event_id":"...","detail":"..."}` (`issue`, `event_id` and `detail` only when known).

use crate::redact;
use chrono::{SecondsFormat, Utc};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// One audit record.
#[derive(Debug, Clone, Serialize)]
pub struct Record<'a> {
    /// When (RFC 3339, ms, UTC).
    pub time: String,
    /// `link`, `unlink`, `step`, `publish`, `sync`, `sandbox`, ...
    pub action: &'a str,
    /// `ok`, `queued`, `error`, `auth`, ...
    pub result: &'a str,
    /// The issue concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issue: Option<u64>,
    /// The event concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<&'a str>,
    /// Free text (redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl<'a> Record<'a> {
    /// A record of `action` with `result`, stamped now.
    pub fn new(action: &'a str, result: &'a str) -> Record<'a> {
        Record {
            time: Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
            action,
            result,
            issue: None,
            event_id: None,
            detail: None,
        }
    }

    /// Sets the issue.
    pub fn issue(mut self, issue: u64) -> Self {
        self.issue = Some(issue);
        self
    }

    /// Sets the event id.
    pub fn event(mut self, id: &'a str) -> Self {
        self.event_id = Some(id);
        self
    }

    /// Sets the detail text; it is redacted here.
    pub fn detail(mut self, text: &str, secrets: &[String]) -> Self {
        self.detail = Some(redact::redact(text, secrets));
        self
    }
}

/// Appends `record` as one line to `path` (one `write` call, `O_APPEND`), never through a
/// symlink (`O_NOFOLLOW`) nor into a directory leading out of the workspace
/// ([`crate::workspace::guard::open_no_follow`]). Best effort: the audit log
/// never makes a command fail; a failure (such a symlink included) is reported on stderr
/// as one `warning:` line per process saying what to do, and nothing is written.
pub fn append(path: &Path, record: &Record<'_>) {
    let mut line = match serde_json::to_vec(record) {
        Ok(l) => l,
        Err(_) => return,
    };
    line.push(b'\n');
    let res = crate::workspace::guard::open_no_follow(
        path,
        std::fs::OpenOptions::new().create(true).append(true),
    )
    .and_then(|mut f| {
        f.write_all(&line)
            .map_err(|e| crate::error::Error::io("append to", path, e))
    });
    // One warning per process: a command appends several records.
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if let Err(e) = res {
        if !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            match e {
                crate::error::Error::Io { .. } => eprintln!("warning: {e}"),
                e => eprintln!("warning: not appending to the audit log: {e}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_json_and_redacted() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("audit.jsonl");
        append(&p, &Record::new("link", "ok").issue(4));
        append(
            &p,
            &Record::new("publish", "error")
                .event("e1")
                .detail("sent Bearer abcdef123456", &[]),
        );
        let text = std::fs::read_to_string(&p).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["issue"], 4);
        assert_eq!(lines[1]["event_id"], "e1");
        assert!(!text.contains("abcdef123456"));
    }
}
