//! The sandbox lifecycle: create, deploy (and follow), destroy the issue's Railway service,
//! keeping the farm file ([`crate::farm`]) in step through the pure state machine
//! ([`super::machine`]), and reporting each lifecycle event to the caller's [`Reporter`]
//! (which records and publishes it as `tri agent step` does). Each operation returns a
//! typed outcome; printing and exit codes are the commands'.
//!
//! Consistency: every farm-file change happens under the workspace lock and is atomic; that
//! lock is never held across a network call (the checkout's create lock is: a create holds
//! it for its whole run, so that the creates of one checkout take turns). Before `deploy`
//! follows a deployment, the farm file already holds its id and `sandbox_state:
//! deploying`, so Ctrl-C (or a kill) leaves a mapping that says what is known; `status`
//! then asks Railway where it is, and the next `deploy` settles it first.
//!
//! - `create.rs`: take the create lock, decide and mark `creating`, choose the account,
//!   create, apply the race rule, record;
//! - `deploy.rs`: settle an interrupted deployment, leave one in progress started elsewhere
//!   alone, start, follow, record how it ended;
//! - `destroy.rs`: archive the logs, delete the service, record;
//! - `late.rs`: record the events an interrupted deploy or destroy left unrecorded.

mod create;
mod deploy;
mod destroy;
mod find;
mod late;

pub use create::{create, mark_gone, still_on_railway, CreateOptions, Created, WAITING};
pub use deploy::{
    breaker_journal, check_breaker, deploy, follow, to_check, DeployEnded, DeployOptions, Followed,
    HealthOptions, DESTROYED,
};
pub use destroy::{destroy, Destroyed};
pub use find::{
    adopt, conclude, confirm, find_on_railway, find_or_adopt, foreign_error, oldest_first,
    services_with_vars, state_of_remote, Confirmation,
};

use super::machine::{self, SandboxState};
use super::{DeployStatus, LogLine};
use crate::error::{Error, Result};
use crate::event::EventType;
use crate::farm::{self, Farm, Key, Mapping};
use crate::net::block_on;
use crate::publisher::Outcome;
use crate::workspace::Workspace;
use std::collections::BTreeMap;

/// Default `--timeout` of `deploy`: 15 minutes.
pub const DEFAULT_TIMEOUT: &str = "15m";
/// Default pause between status polls, ms (`TRI_SANDBOX_POLL_MS`).
pub const DEFAULT_POLL_MS: u64 = 3_000;
/// `TRI_SANDBOX_POLL_MS`: the pause between status polls while following a deployment.
pub const POLL: crate::env::DurationVar = crate::env::DurationVar {
    name: "TRI_SANDBOX_POLL_MS",
    unit: crate::env::Unit::Ms,
    default_ms: DEFAULT_POLL_MS,
    positive: false,
};
/// Log lines of each kind quoted in a deployment_failed event.
pub const FAILED_TAIL_LINES: u32 = 30;
/// Most bytes of each kind of log quoted in a deployment_failed event (32 KiB): with both
/// kinds the event stays well under a record's cap
/// ([`crate::journal::record::MAX_RECORD_BYTES`]) however long Railway's lines are.
pub const FAILED_TAIL_BYTES: usize = 32 * 1024;
/// Log lines of each kind saved by `destroy`.
pub const ARCHIVE_LINES: u32 = 5_000;

/// A lifecycle event as recorded and published: what it was and where it went.
#[derive(Debug)]
pub struct Published {
    /// What became of it on GitHub.
    pub outcome: Outcome,
    /// Its experience file, relative to `.trinity/`.
    pub experience_file: String,
    /// Its event id.
    pub event_id: String,
    /// The session that recorded it.
    pub session_id: String,
}

/// What the caller does with the lifecycle's events and lines: the commands record and
/// publish events ([`crate::journal::record`](fn@crate::journal::record), [`crate::publisher::publish_one`]) and print
/// lines; tests may collect them.
pub trait Reporter {
    /// Records and publishes `event_type` with `message` for `issue`.
    ///
    /// Errors: as recording (nothing recorded).
    fn publish(
        &mut self,
        ws: &Workspace,
        issue: u64,
        event_type: EventType,
        message: &str,
        metrics: BTreeMap<String, f64>,
    ) -> Result<Published>;
    /// A line for the person running tri.
    fn say(&mut self, line: &str);
    /// A warning.
    fn warn(&mut self, line: &str);
    /// A deployment's status while it is followed (a progress display); `None` when
    /// following ends.
    fn progress(&mut self, _deployment: &str, _status: Option<&DeployStatus>) {}
    /// Literal secret values to redact from what the lifecycle writes (archived logs).
    fn secrets(&self) -> &[String];
}

/// Publishes through `rep` and remembers the event's experience file and session in the
/// sandbox's mapping (trinity's `experience_file`, `session_id`).
fn publish(
    ws: &Workspace,
    rep: &mut dyn Reporter,
    key: &Key,
    event_type: EventType,
    message: &str,
    metrics: BTreeMap<String, f64>,
) -> Result<Published> {
    let p = rep.publish(ws, key.issue, event_type, message, metrics)?;
    farm::update(ws, |f| {
        if f.mapping_of(key).is_some() {
            let e = f.entry_of_mut(key);
            e.experience_file = Some(p.experience_file.clone());
            e.session_id = Some(p.session_id.clone());
        }
        Ok(())
    })?;
    Ok(p)
}

/// What to do when no farm account has Railway credentials (every account's token and
/// project and environment ids; accounts 2..8 by suffix, see [`crate::farm`]).
pub const NO_CREDENTIALS: &str = "no farm account has Railway credentials; set RAILWAY_API_TOKEN (or RAILWAY_TOKEN) and RAILWAY_PROJECT_ID, RAILWAY_ENVIRONMENT_ID (accounts 2..8: suffixes _2.._8)";

/// [`NO_CREDENTIALS`] as the error it is ([`Error::Auth`], exit 4): an operation that must
/// ask Railway and cannot.
pub fn no_credentials() -> Error {
    Error::Auth(NO_CREDENTIALS.into())
}

/// The lifecycle state of a mapping (none without one). Pure.
pub fn mapping_state(m: Option<&Mapping>) -> SandboxState {
    match m {
        None => SandboxState::None,
        Some(m) => machine::state_of(
            m.sandbox_state.as_deref(),
            m.status.as_deref(),
            m.service_id.is_some(),
            m.deployment_id.is_some(),
        ),
    }
}

/// Applies `event` to the state of `key`'s entry and writes `set` into it, under the
/// lock. Returns the new state.
///
/// Errors: [`Error::Usage`] for a transition the machine refuses; the farm file's.
pub fn transition(
    ws: &Workspace,
    key: &Key,
    event: machine::Signal,
    set: impl FnOnce(&mut Farm, usize),
) -> Result<SandboxState> {
    farm::update(ws, |f| {
        let from = mapping_state(f.mapping_of(key).as_ref());
        let (_, to) = machine::next(from, event).map_err(|e| Error::Usage(e.to_string()))?;
        let i = f.index_of(key).unwrap_or_else(|| f.push_key(key));
        set(f, i);
        let e = &mut f.agent_map[i];
        e.sandbox_state = Some(to.as_str().to_string());
        e.updated_at = Some(farm::now_rfc3339());
        Ok(to)
    })
}

/// The account and service of a live sandbox.
///
/// Errors: [`Error::Usage`] when the issue has none.
pub fn needs_service(m: Option<&Mapping>, issue: u64) -> Result<(u32, String)> {
    let m = m.filter(|m| mapping_state(Some(m)).has_service());
    match m.and_then(|m| m.service_id.clone().map(|s| (m.account_id, s))) {
        Some((acc, s)) => Ok((acc.unwrap_or(1), s)),
        None => Err(Error::Usage(format!(
            "issue {issue} has no sandbox; run `tri agent sandbox create` first"
        ))),
    }
}

/// Now, Unix seconds.
fn now_s() -> i64 {
    chrono::Utc::now().timestamp()
}

/// `text` in a markdown code fence longer than any run of backticks in it. Pure.
pub fn fence(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let f = "`".repeat(longest.max(2) + 1);
    format!("{f}\n{text}\n{f}")
}

/// The end of `text`, at most `max` bytes of it (cut at a line start, else at a character
/// boundary), after a line saying what was left out; `text` itself when it fits. Pure.
pub fn keep_end(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max {
        return text.into();
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    if !text[..start].ends_with('\n') {
        if let Some(nl) = text[start..].find('\n') {
            start += nl + 1;
        }
    }
    format!("[… {} bytes left out]\n{}", start, &text[start..]).into()
}

/// Log lines as text, one per line. Pure.
pub fn render_lines(lines: &[LogLine]) -> String {
    lines
        .iter()
        .map(LogLine::render)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_outgrows_backticks_in_logs() {
        assert_eq!(fence("a"), "```\na\n```");
        assert!(fence("x ```` y").starts_with("`````\n"));
    }

    #[test]
    fn keep_end_keeps_whole_last_lines_within_the_bytes() {
        assert_eq!(keep_end("a\nb", 10), "a\nb");
        assert_eq!(keep_end("aaaa\nbb\ncc", 6), "[… 5 bytes left out]\nbb\ncc");
        assert_eq!(keep_end("aaaa\nbb\ncc", 5), "[… 5 bytes left out]\nbb\ncc");
        assert_eq!(keep_end("aaaa\nbb\ncc", 4), "[… 8 bytes left out]\ncc");
        // One long line: cut inside it, at a character boundary.
        assert_eq!(keep_end("ééé", 3), "[… 4 bytes left out]\né");
    }

    #[test]
    fn no_mapping_is_no_sandbox() {
        assert_eq!(mapping_state(None), SandboxState::None);
        assert!(needs_service(None, 7)
            .unwrap_err()
            .to_string()
            .contains("sandbox create"));
    }
}
