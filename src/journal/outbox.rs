//! The durable queue `.trinity/outbox/`: one JSON file per event not yet published,
//! `<event-id>.json`, written atomically before anything is sent and removed only once
//! GitHub has the comment. Beside each, `<event-id>.lock` is held by whichever process is
//! publishing that event, so two processes never send it at once.
//!
//! Entry shape:
//! ```json
//! {"event":{...Event...},"experience_file":"experience/20261121T221500.123Z_42.md",
//!  "attempts":1,"in_flight":true,"posted":["https://.../issues/42#issuecomment-1"],
//!  "last_error":"GitHub answered 502"}
//! ```
//! `in_flight` is set before each send and cleared once its outcome is known: when a
//! process finds it set, GitHub may have written the comment, so the publisher looks for
//! the event's marker before sending again (the idempotency check).

use crate::error::{Error, Result};
use crate::event::Event;
use crate::workspace::atomic;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// One queued event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The event to publish.
    pub event: Event,
    /// Its experience file, relative to `.trinity/`.
    pub experience_file: String,
    /// Sends attempted so far, over all commands.
    #[serde(default)]
    pub attempts: u32,
    /// A send was started whose outcome is unknown (see the module docs).
    #[serde(default)]
    pub in_flight: bool,
    /// URLs of the comment parts already posted, in part order.
    #[serde(default)]
    pub posted: Vec<String>,
    /// The comment bodies of a long event, frozen at its first send so every process
    /// splits it the same way (empty for an event that fits one comment).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bodies: Vec<String>,
    /// Publish to the issue's sticky journal comment instead of a comment of its own.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sticky: bool,
    /// The last failure, for `status` and `sync` (redacted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// Fields from other versions, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Entry {
    /// A fresh entry for `event` recorded in `experience_file`.
    pub fn new(event: Event, experience_file: String, sticky: bool) -> Entry {
        Entry {
            event,
            experience_file,
            attempts: 0,
            in_flight: false,
            posted: Vec::new(),
            bodies: Vec::new(),
            sticky,
            last_error: None,
            extra: Map::new(),
        }
    }
}

/// The path of the entry for event `id` in `dir`.
pub fn entry_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.json"))
}

/// The lock file path beside an entry.
pub fn lock_path(entry: &Path) -> PathBuf {
    entry.with_extension("lock")
}

/// Hint shown when an outbox entry cannot be parsed.
pub const CORRUPT_HINT: &str =
    "move it out of .trinity/outbox/ (the step's text is kept in its experience file) and run `tri agent sync` again";

/// Writes (creates or replaces) `entry` in `dir` atomically; returns its path.
pub fn write(dir: &Path, entry: &Entry) -> Result<PathBuf> {
    crate::workspace::guard::create_dir_all(dir)?;
    let path = entry_path(dir, &entry.event.id);
    atomic::write_json(&path, entry)?;
    Ok(path)
}

/// Reads the entry at `path`; `Ok(None)` when it is gone (published meanwhile).
///
/// An entry that is empty or only NUL bytes is what a power cut leaves of an entry whose
/// fsync had not finished — tri had not yet said the event was recorded — so it is removed
/// and read as gone (see [`crate::journal::record`](mod@crate::journal::record)). Any other unreadable entry is an
/// error and left untouched.
///
/// Errors: [`Error::Corrupt`] naming the file (left untouched), [`Error::Io`].
pub fn read(path: &Path) -> Result<Option<Entry>> {
    match std::fs::read(path) {
        Ok(b) if b.iter().all(|&x| x == 0) => {
            remove(path)?;
            return Ok(None);
        }
        _ => {}
    }
    crate::workspace::read_json(path, CORRUPT_HINT)
}

/// The entries in `dir`, oldest event first (event ids are UUIDv7, so name order is time
/// order). Empty when the directory does not exist.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", dir, e)),
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|d| d.ok())
        .map(|d| d.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    v.sort();
    Ok(v)
}

/// Removes the entry at `path` and its lock file (a missing file is not an error).
pub fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io("remove", path, e)),
    }
    let _ = std::fs::remove_file(lock_path(path));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventType;

    fn ev(id: &str) -> Event {
        Event {
            id: id.into(),
            event_type: EventType::StepCompleted,
            issue: 1,
            repo: "o/r".into(),
            session_id: "s".into(),
            step: 1,
            time: chrono::Utc::now(),
            message: "m".into(),
            metrics: Default::default(),
            run_url: None,
            resolves: Vec::new(),
            status: None,
        }
    }

    #[test]
    fn write_list_read_remove() {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("outbox");
        write(&dir, &Entry::new(ev("b"), "experience/b.md".into(), false)).unwrap();
        let p = write(&dir, &Entry::new(ev("a"), "experience/a.md".into(), false)).unwrap();
        std::fs::write(lock_path(&p), b"").unwrap();
        let names: Vec<String> = list(&dir)
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["a.json", "b.json"]);
        assert_eq!(read(&p).unwrap().unwrap().event.id, "a");
        remove(&p).unwrap();
        assert!(read(&p).unwrap().is_none());
        assert!(!lock_path(&p).exists());
    }

    #[test]
    fn an_entry_a_power_cut_left_empty_is_removed_as_never_recorded() {
        let t = tempfile::tempdir().unwrap();
        for bytes in [&b""[..], &b"\0\0\0\0"[..]] {
            let p = t.path().join("x.json");
            std::fs::write(&p, bytes).unwrap();
            assert!(read(&p).unwrap().is_none());
            assert!(!p.exists());
        }
    }

    #[test]
    fn corrupt_entry_names_the_file_and_is_left_alone() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("x.json");
        std::fs::write(&p, b"{\"event\":").unwrap();
        let msg = read(&p).unwrap_err().to_string();
        assert!(
            msg.contains("x.json") && msg.contains("tri agent sync"),
            "{msg}"
        );
        assert_eq!(std::fs::read(&p).unwrap(), b"{\"event\":");
    }
}
