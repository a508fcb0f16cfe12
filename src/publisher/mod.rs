//! The publisher: the one path by which events (steps now, sandbox events too) reach the
//! issue. Everything it sends first sits in the durable outbox ([`outbox`]); it leaves the
//! outbox only once GitHub has the comment.
//!
//! Per event: take its lock (skip it if another process holds it); if an earlier send may
//! have reached GitHub, look for the event's marker first; send each part; on failure ask
//! the retry policy ([`crate::net::retry::decide`]) whether to wait and try again or leave it queued;
//! once every part is posted, write the comment URL into the experience file and remove the
//! outbox entry.
//!
//! Every request passes the machine's rate-limit gate first (`request.rs`, [`crate::gate`]):
//! GitHub asks for content-creating requests to be made one at a time, at least a second
//! apart, about 80 a minute and 500 an hour, and for nothing at all until a `retry-after`
//! (or a primary limit's reset) has passed. Each tri command is its own process, so these
//! hold only if the processes share what they know: the gate keeps the send times and any
//! block in a small file per API host and token in the user's cache directory, and a lock
//! makes the sends serial. Posting or editing a comment takes that lock; a read only waits
//! out a block. A limit answer seen by one process is a block for all of them; a command
//! whose wait would pass its budget (`TRI_PUBLISH_MAX_WAIT_S`) leaves the event queued at
//! once ([`Queued::RateLimit`]) without a request.

mod comments;
pub mod deployments;
mod issue;
pub mod labels;
pub mod protocol;
pub mod pull;

pub mod render;
mod request;
mod reviews;
pub mod settings;
pub mod sticky;

pub use settings::Settings;

use crate::audit::{self, Record};
use crate::error::{Error, Result};
use crate::gate::{self, Gate};
use crate::github::GitHub;
use crate::journal::{self, outbox};

use crate::redact;
use crate::workspace::lock::LockFile;
use crate::workspace::Workspace;
use outbox::Entry;
use request::{Req, Tried};
use std::path::Path;

/// Default pause between mutating requests, ms, across every tri process of the machine
/// (GitHub's guidance for content creation: at least one second between requests).
/// `TRI_PUBLISH_INTERVAL_MS`.
pub const DEFAULT_INTERVAL_MS: u64 = gate::policy::DEFAULT_INTERVAL_MS;

/// How far before an event's time to start the marker look-up, allowing for clock skew
/// between this machine and GitHub, seconds.
pub const LOOKUP_SKEW_S: i64 = 600;

/// Why an event is still queued.
#[derive(Debug, Clone, PartialEq)]
pub enum Queued {
    /// No token: set GH_TOKEN (or GITHUB_TOKEN) and run `tri agent sync`.
    NoToken,
    /// Another process is publishing it right now.
    Busy,
    /// The wait budget of this command ran out (the text says what GitHub answered).
    Budget(String),
    /// GitHub could not be reached or kept failing.
    Unreachable(String),
    /// GitHub refused the request for good (404, 410, 422, ...).
    Refused(String),
    /// The token is missing permission or invalid.
    Auth(String),
    /// The machine's rate-limit gate held the request past this command's wait budget: a
    /// block GitHub asked for, a count used up, or another process sending all that time.
    RateLimit(gate::Refusal),
}

impl std::fmt::Display for Queued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Queued::NoToken => f.write_str("no GitHub token (GH_TOKEN or GITHUB_TOKEN) is set"),
            Queued::Busy => f.write_str("another tri process is publishing it"),
            Queued::Budget(m) => write!(f, "gave up waiting: {m}"),
            Queued::Unreachable(m) | Queued::Refused(m) | Queued::Auth(m) => f.write_str(m),
            Queued::RateLimit(r) => write!(f, "{r}"),
        }
    }
}

/// What happened to one event.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// On the issue: the comment URLs (one per part).
    Published {
        /// Comment URLs.
        urls: Vec<String>,
        /// True when some part was found already on the issue (posted by an earlier send
        /// whose answer was lost) rather than sent now.
        found_existing: bool,
    },
    /// Already published and removed from the outbox by another process.
    Gone,
    /// Still in the outbox.
    Queued(Queued),
}

/// The publisher of one command: it holds the GitHub client and the machine's gate for its
/// API and token (both made on first use), and the wait already spent against the budget.
pub struct Publisher<'w> {
    ws: &'w Workspace,
    settings: Settings,
    client: Option<(GitHub, Gate)>,
    waited_ms: u64,
    /// Give up at once on a rate limit instead of waiting for it (`sync --no-wait`).
    no_wait: bool,
    /// The issue and event being published, for audit lines of failed attempts.
    current: Option<(u64, String)>,
    /// An event whose entry was written already in flight for this first send.
    send_now: Option<String>,
    /// The token's user once asked (`Some(None)`: GitHub would not say), see
    /// [`Publisher::journal_trust`].
    me: Option<Option<String>>,
    /// The GitHub client to use instead of making one (the process's, from
    /// [`crate::recorder::Clients`]).
    given: Option<GitHub>,
    /// Local failures after a comment was posted (the experience file's URL, the outbox
    /// entry's removal): warnings, repaired by the next command.
    warnings: Vec<String>,
}

/// Hint after an authentication failure.
pub fn auth_hint(var: Option<&str>) -> String {
    match var {
        Some(v) => format!(
            "check {v}: it must be a token that can write issues in this repository (classic: `repo` scope; fine-grained or Actions: `issues: write`)"
        ),
        None => "set GH_TOKEN (or GITHUB_TOKEN) to a token that can write issues".to_string(),
    }
}

impl<'w> Publisher<'w> {
    /// A publisher for workspace `ws`.
    pub fn new(ws: &'w Workspace, settings: Settings) -> Publisher<'w> {
        Publisher {
            ws,
            settings,
            client: None,
            waited_ms: 0,
            no_wait: false,
            current: None,
            send_now: None,
            me: None,
            given: None,
            warnings: Vec::new(),
        }
    }

    /// A publisher for `ws` sending through `github` (the process's one client, see
    /// [`crate::recorder::Clients`]) instead of making its own.
    pub fn with_github(ws: &'w Workspace, settings: Settings, github: GitHub) -> Publisher<'w> {
        Publisher {
            given: Some(github),
            ..Publisher::new(ws, settings)
        }
    }

    /// The settings in use.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether a token is set (without one every event stays queued).
    pub fn has_token(&self) -> bool {
        self.settings.token.is_some()
    }

    /// Never wait for a rate limit (a block, a count used up): leave the event queued at
    /// once (`sync --no-wait`). Pauses between sends are still kept.
    pub fn no_wait(&mut self) {
        self.no_wait = true;
    }

    /// The client and the gate (cheap clones), made on first use.
    fn client(&mut self) -> Result<(GitHub, Gate)> {
        if self.client.is_none() {
            let (token, var) = self
                .settings
                .token
                .clone()
                .ok_or_else(|| Error::Auth(auth_hint(None)))?;
            let gh = match self.given.take() {
                Some(gh) => gh,
                None => {
                    let http = crate::net::client_with(
                        self.settings.timeouts,
                        self.settings.proxies.clone(),
                    )?;
                    GitHub::new(&self.settings.api_url, &token, var, http)?
                }
            };
            let gate = Gate::open_in(
                self.settings.gate_dir.as_deref(),
                gate::Api::GitHub,
                &self.settings.api_url,
                &token,
                self.settings.limits,
            );
            self.client = Some((gh, gate));
        }
        let (gh, gate) = self.client.as_ref().expect("client set above");
        Ok((gh.clone(), gate.clone()))
    }

    /// The gate of this publisher's API and token, without making the HTTP client; `None`
    /// without a token.
    pub fn gate(&self) -> Option<Gate> {
        if let Some((_, g)) = &self.client {
            return Some(g.clone());
        }
        let (token, _) = self.settings.token.as_ref()?;
        Some(Gate::open_in(
            self.settings.gate_dir.as_deref(),
            gate::Api::GitHub,
            &self.settings.api_url,
            token,
            self.settings.limits,
        ))
    }

    /// Warnings from the gate since the last call (an unusable directory, a corrupt state
    /// file), one sentence each.
    pub fn take_warnings(&mut self) -> Vec<String> {
        let mut w = std::mem::take(&mut self.warnings);
        w.extend(
            self.client
                .as_ref()
                .map(|(_, g)| g.take_warnings())
                .unwrap_or_default(),
        );
        w
    }

    fn audit(&self, result: &str, entry: &Entry, detail: Option<&str>) {
        let mut r = Record::new("publish", result)
            .issue(entry.event.issue)
            .event(&entry.event.id);
        if let Some(d) = detail {
            r = r.detail(d, &self.settings.secrets);
        }
        audit::append(&self.ws.audit_file(), &r);
    }

    /// Marks event `id` as recorded in flight for its first send in this command
    /// ([`journal::RecordSettings::send_now`]): [`Publisher::publish`] then sends it without a
    /// marker look-up and without rewriting the entry first — the entry already says a send
    /// may have happened, so a crash before the answer still leads to a look-up later.
    pub fn send_now(&mut self, id: &str) {
        self.send_now = Some(id.to_string());
    }

    /// Publishes the outbox entry at `path`.
    ///
    /// Errors: [`Error::Corrupt`] for an unparseable entry, [`Error::Io`]; every GitHub
    /// failure is an [`Outcome::Queued`], never an error.
    pub async fn publish(&mut self, path: &Path) -> Result<Outcome> {
        if !self.has_token() {
            return Ok(Outcome::Queued(Queued::NoToken));
        }
        let mut lock = LockFile::open(&outbox::lock_path(path))?;
        let Some(_guard) = lock.try_lock()? else {
            return Ok(Outcome::Queued(Queued::Busy));
        };
        let Some(mut entry) = outbox::read(path)? else {
            let _ = std::fs::remove_file(outbox::lock_path(path));
            return Ok(Outcome::Gone);
        };
        self.current = Some((entry.event.issue, entry.event.id.clone()));
        // The experience file is written without an fsync: after a power cut it is rebuilt
        // here from the durable entry.
        let exp = self.ws.dir().join(&entry.experience_file);
        if !journal::is_whole(&exp) {
            journal::rewrite(&exp, &entry.event, None)?;
        }
        // Redacted again with this process's secrets: the step may have been recorded where
        // a token now in the environment was not set.
        let mut event = entry.event.clone();
        event.message = redact::redact(&event.message, &self.settings.secrets);
        let result = if entry.sticky {
            sticky::publish(self, &mut entry, &event).await
        } else {
            self.publish_parts(&mut entry, &event).await
        };
        match &result {
            Ok(Outcome::Published {
                urls,
                found_existing,
            }) => {
                let url = urls.first().map(String::as_str);
                // The comment is on the issue: a local failure now is a warning, not a
                // queued event. The entry left behind is found posted (its marker) and
                // removed by the next command that publishes.
                let local =
                    journal::rewrite(&exp, &entry.event, url).and_then(|()| outbox::remove(path));
                if let Err(e) = local {
                    self.warnings.push(format!(
                        "the comment is on the issue, but {e}; the next `tri agent sync` tidies up"
                    ));
                }
                self.audit(
                    "ok",
                    &entry,
                    Some(&format!(
                        "{}{}",
                        url.unwrap_or(""),
                        if *found_existing {
                            " (found already posted)"
                        } else {
                            ""
                        }
                    )),
                );
            }
            Ok(Outcome::Queued(q)) => {
                entry.last_error = Some(redact::redact(&q.to_string(), &self.settings.secrets));
                outbox::write(&self.ws.outbox_dir(), &entry)?;
                let kind = if matches!(q, Queued::Auth(_)) {
                    "auth"
                } else {
                    "queued"
                };
                self.audit(kind, &entry, Some(&q.to_string()));
            }
            _ => {}
        }
        result
    }
}

/// Publishes one just-recorded event now through `p` and says what became of it, with the
/// warnings (one sentence each): the call the [`crate::recorder::Recorder`] makes after
/// [`journal::record`](fn@crate::journal::record). The send waits its turn at the machine's gate like any other; past
/// the budget it stays queued ([`Queued::RateLimit`]). Without a token the event stays
/// queued ([`Queued::NoToken`]). Once the comment is posted the outcome is
/// [`Outcome::Published`] whatever local write fails after (the entry's deferred fsync, the
/// outbox rewrite): that failure is a warning.
///
/// Errors: as [`Publisher::publish`] before anything was posted; [`Error::Other`] when the
/// async runtime cannot start.
pub fn publish_one(
    p: &mut Publisher<'_>,
    rec: &mut journal::Written,
) -> Result<(Outcome, Vec<String>)> {
    // The entry's fsync (if still pending) runs on its own thread while the comment is
    // sent: the two waits overlap, and both are over before this returns.
    let durable = rec
        .pending
        .take()
        .map(|p| std::thread::spawn(move || p.wait()));
    let join = |h: Option<std::thread::JoinHandle<Result<()>>>| -> Result<()> {
        match h {
            Some(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            None => Ok(()),
        }
    };
    if !p.has_token() {
        join(durable)?;
        return Ok((Outcome::Queued(Queued::NoToken), Vec::new()));
    }
    if rec.send_now {
        p.send_now(&rec.event.id);
    }
    let outcome = crate::net::block_on(p.publish(&rec.outbox_entry)).and_then(|o| o);
    let durable = join(durable);
    let mut warnings = p.take_warnings();
    match (outcome?, durable) {
        (o @ (Outcome::Published { .. } | Outcome::Gone), Err(e)) => {
            warnings.push(format!(
                "the comment is on the issue, but the local entry was not saved: {e}"
            ));
            Ok((o, warnings))
        }
        (_, Err(e)) => Err(e),
        (o, Ok(())) => Ok((o, warnings)),
    }
}
