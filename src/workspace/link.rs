//! The link file `.trinity/current_issue.json`: which issue this working copy works on.
//!
//! Shape (schema_version 1; unknown fields are kept on rewrite):
//! ```json
//! {"schema_version":1,"issue":42,"repo":"owner/name","session_id":"<uuid>",
//!  "linked_at":"2026-11-21T22:15:00.123Z","steps":3,"last_step_at":"...",
//!  "last_step":{"step":3,"event_id":"<uuid>","file":"experience/20261121T221500.123Z_42.md"},
//!  "title":"Make the parser fast","finished":"cancelled"}
//! ```
//! `title` (the issue's title, read once when online: a hand-off's goal), `finished` (how
//! the session ended, while its last event is its `tri agent finish`) and `pull_request`
//! (the session's pull request number, `tri agent pr link N`) are optional: files without
//! them still read.

use crate::error::Result;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::path::Path;

/// Current version of the link file format.
pub const SCHEMA_VERSION: u32 = 1;

/// The last step reserved under this link: lets the next step finish or roll back a step
/// whose process was killed half-way (see `commands::step`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastStep {
    /// Step number (written `step`; link files written before the rename name it `seq`,
    /// still read).
    #[serde(alias = "seq")]
    pub step: u64,
    /// Event id of that step.
    pub event_id: String,
    /// Experience file, relative to `.trinity/`.
    pub file: String,
}

/// The link, as stored in `current_issue.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Format version ([`SCHEMA_VERSION`]).
    #[serde(default = "default_version")]
    pub schema_version: u32,
    /// The linked issue number.
    pub issue: u64,
    /// "owner/name".
    pub repo: String,
    /// A UUIDv7 naming this link session.
    pub session_id: String,
    /// When the link was made (UTC).
    pub linked_at: DateTime<Utc>,
    /// Steps recorded under this link.
    #[serde(default)]
    pub steps: u64,
    /// When the last step was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_step_at: Option<DateTime<Utc>>,
    /// The last step reserved (see [`LastStep`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_step: Option<LastStep>,
    /// The issue's title, read from GitHub once (the goal of a hand-off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// How the session ended, while its last event is a `session_finished` (`None` once
    /// another event follows, and before any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<crate::event::SessionStatus>,
    /// The session's pull request in `repo` (`tri agent pr link N`; `None`: found from the
    /// current branch when online).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_request: Option<u64>,
    /// Fields written by other tools or later versions: kept as they are.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn default_version() -> u32 {
    SCHEMA_VERSION
}

impl Link {
    /// A fresh link to `issue` in `repo`, with a new session id and no steps.
    pub fn new(issue: u64, repo: String, now: DateTime<Utc>) -> Link {
        Link {
            schema_version: SCHEMA_VERSION,
            issue,
            repo,
            session_id: uuid::Uuid::now_v7().to_string(),
            linked_at: now,
            steps: 0,
            last_step_at: None,
            last_step: None,
            title: None,
            finished: None,
            pull_request: None,
            extra: Map::new(),
        }
    }
}

/// Hint shown when `current_issue.json` cannot be parsed.
pub const CORRUPT_HINT: &str = "fix it by hand, or run `tri agent link <issue> --force` or `tri agent unlink` to move it aside";

/// Reads the link file. `Ok(None)` when it does not exist.
///
/// Errors: [`Error::Corrupt`](crate::error::Error::Corrupt) when it cannot be parsed — a
/// directory in its place included, which `link --force` and `unlink` move aside as they do
/// an unparseable file (it is left untouched) — or [`Error::Io`](crate::error::Error::Io).
pub fn read(path: &Path) -> Result<Option<Link>> {
    match crate::workspace::read_json(path, CORRUPT_HINT) {
        // Reading a directory fails differently by system (EISDIR on unix, access denied on
        // Windows): asked after the failure, so a read that works costs nothing more.
        Err(crate::error::Error::Io { .. }) if path.is_dir() => Err(crate::error::Error::Corrupt {
            path: path.to_path_buf(),
            detail: "it is a directory, not a file".into(),
            hint: CORRUPT_HINT.into(),
        }),
        r => r,
    }
}

/// The link of `ws`; `None` when it has no `.trinity/` or no link file.
///
/// Errors: as [`read`].
pub fn of(ws: &super::Workspace) -> Result<Option<Link>> {
    if !ws.exists() {
        return Ok(None);
    }
    read(&ws.link_file())
}

/// The link of `ws`, which must have one.
///
/// Errors: [`crate::error::Error::NotLinked`] when `ws` has no `.trinity/` or no link file;
/// as [`read`].
pub fn linked(ws: &super::Workspace) -> Result<Link> {
    of(ws)?.ok_or(crate::error::Error::NotLinked)
}

/// Writes the link file atomically.
pub fn write(path: &Path, link: &Link) -> Result<()> {
    super::atomic::write_json(path, link)
}

/// Changes the link of `ws` with `f` under the workspace lock (a cache write: no fsync).
/// Returns false, writing nothing, when nothing is linked.
///
/// Errors: [`crate::error::Error::Corrupt`], [`crate::error::Error::Io`].
pub fn update(ws: &super::Workspace, f: impl FnOnce(&mut Link)) -> Result<bool> {
    let mut lock = super::lock::LockFile::open(&ws.lock_file())?;
    let _guard = lock.lock()?;
    let path = ws.link_file();
    let Some(mut l) = read(&path)? else {
        return Ok(false);
    };
    f(&mut l);
    super::atomic::write_cache(&path, &super::atomic::json_bytes(&path, &l)?)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_step_reads_its_old_key_seq_and_writes_step() {
        let old: LastStep = serde_json::from_str(r#"{"seq":3,"event_id":"e","file":"f"}"#).unwrap();
        assert_eq!(old.step, 3);
        let v = serde_json::to_value(&old).unwrap();
        assert_eq!(v, serde_json::json!({"step":3,"event_id":"e","file":"f"}));
    }

    #[test]
    fn round_trip_keeps_unknown_fields() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("current_issue.json");
        std::fs::write(
            &p,
            r#"{"issue":7,"repo":"o/r","session_id":"s","linked_at":"2026-11-21T22:15:00Z","steps":2,"owner_note":{"x":1}}"#,
        )
        .unwrap();
        let mut l = read(&p).unwrap().unwrap();
        assert_eq!(l.issue, 7);
        assert_eq!(l.schema_version, SCHEMA_VERSION);
        assert_eq!(
            l.pull_request, None,
            "a file from before pull_request reads"
        );
        l.steps += 1;
        write(&p, &l).unwrap();
        let v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        assert_eq!(v["owner_note"]["x"], 1);
        assert_eq!(v["steps"], 3);
        assert!(v.get("pull_request").is_none(), "not written while unset");
        l.pull_request = Some(90);
        write(&p, &l).unwrap();
        assert_eq!(read(&p).unwrap().unwrap().pull_request, Some(90));
    }

    #[test]
    fn unparseable_file_is_an_error_naming_it_and_stays_unchanged() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("current_issue.json");
        std::fs::write(&p, b"{\"issue\": 4").unwrap();
        let err = read(&p).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("current_issue.json"), "{msg}");
        assert!(msg.contains("--force"), "{msg}");
        assert_eq!(std::fs::read(&p).unwrap(), b"{\"issue\": 4");
    }

    #[test]
    fn a_directory_in_its_place_is_unparseable() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("current_issue.json");
        std::fs::create_dir(&p).unwrap();
        let err = read(&p).unwrap_err();
        assert!(
            matches!(err, crate::error::Error::Corrupt { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("a directory"), "{err}");
    }

    #[test]
    fn missing_file_is_none() {
        let t = tempfile::tempdir().unwrap();
        assert!(read(&t.path().join("nope.json")).unwrap().is_none());
    }
}
