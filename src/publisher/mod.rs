//! The publisher: the one path by which events (steps now, sandbox events too) reach the
//! issue. Everything it sends first sits in the durable outbox ([`outbox`]); it leaves the
//! outbox only once GitHub has the comment.
//!
//! Per event: take its lock (skip it if another process holds it); if an earlier send may
//! have reached GitHub, look for the event's marker first; send each part; on failure ask
//! the retry policy ([`retry::decide`]) whether to wait and try again or leave it queued;
//! once every part is posted, write the comment URL into the experience file and remove the
//! outbox entry.

mod comments;
mod issue;
pub mod labels;
pub mod protocol;
pub mod pull;

pub mod render;

pub mod settings;
pub mod sticky;

pub use settings::Settings;

use crate::audit::{self, Record};
use crate::error::{Error, Result};

use crate::github::GitHub;
use crate::journal::{self, outbox};
use crate::net::retry::{self, Decision, Failure, GiveUp};
use crate::redact;
use crate::workspace::lock::LockFile;
use crate::workspace::Workspace;
use outbox::Entry;
use std::path::Path;
use std::time::{Duration, Instant};

/// Default pause between mutating requests in a bulk sync, ms (GitHub's guidance for
/// content creation: at least one second between requests). `TRI_PUBLISH_INTERVAL_MS`.
pub const DEFAULT_INTERVAL_MS: u64 = 1_000;

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
}

impl std::fmt::Display for Queued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Queued::NoToken => f.write_str("no GitHub token (GH_TOKEN or GITHUB_TOKEN) is set"),
            Queued::Busy => f.write_str("another tri process is publishing it"),
            Queued::Budget(m) => write!(f, "gave up waiting: {m}"),
            Queued::Unreachable(m) | Queued::Refused(m) | Queued::Auth(m) => f.write_str(m),
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

/// The publisher of one command: it holds the GitHub client (built on first use), the wait
/// already spent against the budget, and the time of the last mutating request.
pub struct Publisher<'w> {
    ws: &'w Workspace,
    settings: Settings,
    client: Option<GitHub>,
    waited_ms: u64,
    last_mutation: Option<Instant>,
    /// The issue and event being published, for audit lines of failed attempts.
    current: Option<(u64, String)>,
    /// An event whose entry was written already in flight for this first send.
    send_now: Option<String>,
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
            last_mutation: None,
            current: None,
            send_now: None,
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

    fn client(&mut self) -> Result<&GitHub> {
        if self.client.is_none() {
            let (token, var) = self
                .settings
                .token
                .clone()
                .ok_or_else(|| Error::Auth(auth_hint(None)))?;
            let http =
                crate::net::client_with(self.settings.timeouts, self.settings.proxies.clone())?;
            self.client = Some(GitHub::new(&self.settings.api_url, &token, var, http)?);
        }
        Ok(self.client.as_ref().expect("client set above"))
    }

    async fn pace(&mut self) {
        if self.settings.interval_ms == 0 {
            return;
        }
        if let Some(last) = self.last_mutation {
            let gap = Duration::from_millis(self.settings.interval_ms);
            let since = last.elapsed();
            if since < gap {
                tokio::time::sleep(gap - since).await;
            }
        }
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
                journal::rewrite(&exp, &entry.event, url)?;
                outbox::remove(path)?;
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

    /// Runs one request under the retry policy, counting failures in `attempts` (shared by
    /// every request made for one comment, so backoff keeps growing across look-ups and
    /// resends).
    async fn with_retry<T, F, Fut>(
        &mut self,
        what: &str,
        mutating: bool,
        attempts: &mut u32,
        mut op: F,
    ) -> Result<Tried<T>>
    where
        F: FnMut(GitHub) -> Fut,
        Fut: std::future::Future<Output = Result<T, Failure>>,
    {
        loop {
            let gh = self.client()?.clone();
            let started = Instant::now();
            let f = match op(gh).await {
                Ok(v) => return Ok(Tried::Done(v)),
                Err(f) => f,
            };
            // Time spent on a failed try counts against the budget like a pause does, so a
            // hung server holds a command for at most the budget plus one request time-out.
            self.waited_ms += started.elapsed().as_millis() as u64;
            *attempts += 1;
            if let Some((issue, id)) = &self.current {
                audit::append(
                    &self.ws.audit_file(),
                    &Record::new("publish_attempt", "error")
                        .issue(*issue)
                        .event(id)
                        .detail(&describe(what, &f), &self.settings.secrets),
                );
            }
            let ctx = retry::Context {
                attempts: *attempts,
                now_epoch_s: chrono::Utc::now().timestamp().max(0) as u64,
                waited_ms: self.waited_ms,
                budget_ms: self.settings.budget_ms,
                jitter: fastrand::f64(),
            };
            let written = mutating && retry::may_have_written(&f);
            match retry::decide(&f, &ctx) {
                Decision::RetryAfter(ms) => {
                    self.waited_ms += ms;
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    if written {
                        return Ok(Tried::LookFirst);
                    }
                }
                Decision::GiveUp(g) => {
                    let text = describe(what, &f);
                    let var = self.settings.token.as_ref().map(|(_, v)| *v);
                    let q = match g {
                        GiveUp::Auth => Queued::Auth(format!("{text}; {}", auth_hint(var))),
                        GiveUp::Permanent => Queued::Refused(text),
                        GiveUp::Setup => Queued::Unreachable(text),
                        GiveUp::Budget { wanted_ms } => Queued::Budget(format!(
                            "{text}; the next try would be in {} s, past the wait budget (TRI_PUBLISH_MAX_WAIT_S)",
                            wanted_ms.div_ceil(1000)
                        )),
                        GiveUp::Attempts => Queued::Unreachable(text),
                    };
                    return Ok(Tried::GaveUp { queued: q, written });
                }
            }
        }
    }
}

/// Publishes one just-recorded event now, without pacing, and says what became of it: the
/// call `step` and the sandbox commands make after [`journal::record`]. Without a token the
/// event stays queued ([`Queued::NoToken`]); exit 4 is the caller's on [`Queued::Auth`].
///
/// Errors: as [`Publisher::publish`]; [`Error::Other`] when the async runtime cannot start.
pub fn publish_one(
    ws: &Workspace,
    rec: &mut journal::Recorded,
    settings: Settings,
) -> Result<Outcome> {
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
    if settings.token.is_none() {
        join(durable)?;
        return Ok(Outcome::Queued(Queued::NoToken));
    }
    let mut p = Publisher::new(
        ws,
        Settings {
            interval_ms: 0,
            ..settings
        },
    );
    if rec.send_now {
        p.send_now(&rec.event.id);
    }
    let outcome = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))
        .and_then(|rt| rt.block_on(p.publish(&rec.outbox_entry)));
    join(durable)?;
    outcome
}

/// What one request under the retry policy came to.
enum Tried<T> {
    /// It succeeded.
    Done(T),
    /// A mutating request failed in a way GitHub may have acted on, and the policy waited:
    /// look for the marker before sending again.
    LookFirst,
    /// The policy gave up; `written` when GitHub may have acted on the last send.
    GaveUp { queued: Queued, written: bool },
}

fn describe(what: &str, f: &Failure) -> String {
    match f {
        Failure::Setup(m) => format!("{what}: {m}"),
        Failure::Connect(m) => format!("{what}: cannot connect to GitHub: {m}"),
        Failure::Timeout(m) => format!("{what}: GitHub did not answer in time: {m}"),
        Failure::Dropped(m) => format!("{what}: the connection to GitHub broke: {m}"),
        Failure::Status(s) => {
            if s.message.is_empty() {
                format!("{what}: GitHub answered {}", s.status)
            } else {
                format!("{what}: GitHub answered {} ({})", s.status, s.message)
            }
        }
    }
}
