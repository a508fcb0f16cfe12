//! The gate: one per API host and token on a machine, shared by every tri process, so the
//! limits an API sets hold for the machine and not just for one process (each `tri agent
//! step` is a process of its own).
//!
//! What it keeps (rules in [`policy`], from GitHub's REST docs, "Rate limits for the REST
//! API"): content-creating requests ([`Kind::Mutating`]) go one at a time, spaced by
//! [`Limits::interval_ms`], within rolling per-minute and per-hour counts; after a limit
//! answer (`retry-after`, or `x-ratelimit-remaining: 0` with `x-ratelimit-reset`) whoever
//! saw it calls [`Gate::record_block`], and no process sends anything (reads included)
//! until then. A poller ([`Gate::pace_poll`]) reads each list at most once per
//! [`Limits::poll_interval_ms`] across the machine; one-off reads are not paced.
//!
//! Where it lives: `$TRI_GATE_DIR`, else `gate/` in the user's cache directory (the
//! `directories` crate: `$XDG_CACHE_HOME/tri/gate` or `~/.cache/tri/gate` on Linux,
//! `~/Library/Caches/tri/gate` on macOS, `%LOCALAPPDATA%\tri\cache\gate` on Windows). Two
//! files per host and token ([`store`]): `<api>-<key>.lock` and `<api>-<key>.json`.
//! The token is never written: `<key>` is the first 16 bytes, in hex, of the SHA-256 (the
//! `sha2` crate) of the API's name, the API base URL and the token ([`key`]). Deleting the
//! files clears the gate.
//!
//! It never wedges tri: the slot is an OS lock, dropped when its process dies; a state file
//! that cannot be parsed (one warning), holds times from the future, or whose block has
//! ended is ignored and rewritten; when the directory or its files cannot be used (a
//! read-only home), the gate keeps its state in this process alone, with one warning.

pub mod policy;
mod refusal;
mod setup;
pub mod store;

pub use policy::{Kind, Limits, MaxWait, Why};
pub use refusal::{Block, Refusal};
pub use setup::{check_owner, clock_utc, dir_from_env, key, now_ms, Api};

use policy::GateState;
use setup::create_dir;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use store::{Files, GateProblem};

/// Shortest wait for the serial slot, ms, whatever the caller's budget: taking a free lock
/// through its thread takes a moment, and a budget of 0 must not turn a free slot into
/// "busy".
pub const MIN_SLOT_WAIT_MS: u64 = 250;

/// Leave to send one request; for a mutating one it holds the serial slot. Dropping it
/// records the end of the request (mutating) and frees the slot.
#[derive(Debug)]
pub struct Permit {
    gate: Gate,
    /// Held for its drop: freeing the slot.
    _slot: Option<store::Slot>,
    mutating: bool,
    waited_ms: u64,
}

impl Permit {
    /// How long the gate made the caller wait, ms (pauses, blocks and the slot).
    pub fn waited_ms(&self) -> u64 {
        self.waited_ms
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if self.mutating {
            self.gate.update(|s, now, _| policy::record_done(s, now));
        }
        // The slot (a field) is freed after this, once the end is recorded.
    }
}

/// One gate: cheap to clone (clones share it).
#[derive(Debug, Clone)]
pub struct Gate {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    api: Api,
    limits: Limits,
    /// `None` when the gate is this process's alone.
    files: Option<Files>,
    /// The files failed once: from then on the state lives in `memory`.
    degraded: AtomicBool,
    memory: Mutex<GateState>,
    warned_corrupt: AtomicBool,
    warnings: Mutex<Vec<String>>,
}

impl Gate {
    /// The gate of `api` at `base_url` for `token` in the directory the environment
    /// names ([`dir_from_env`]).
    pub fn open(
        api: Api,
        base_url: &str,
        token: &str,
        limits: Limits,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Gate {
        Gate::open_in(dir_from_env(env).as_deref(), api, base_url, token, limits)
    }

    /// The gate in `dir` (created if missing); per process, with a warning, when `dir` is
    /// `None` or cannot be created.
    pub fn open_in(
        dir: Option<&Path>,
        api: Api,
        base_url: &str,
        token: &str,
        limits: Limits,
    ) -> Gate {
        let mut warning = None;
        let files = match dir {
            None => {
                warning = Some(format!(
                    "no cache directory for the {} rate-limit gate (set TRI_GATE_DIR); its limits hold for this process only",
                    api.label()
                ));
                None
            }
            Some(d) => match create_dir(d) {
                Ok(()) => Some(Files::new(d, api.file_name(), &key(api, base_url, token))),
                Err(e) => {
                    warning = Some(degraded_warning(api, d, &e));
                    None
                }
            },
        };
        let gate = Gate::with_files(api, limits, files);
        if let Some(w) = warning {
            gate.warn(w);
        }
        gate
    }

    /// A gate kept in this process only (no files, no warning).
    pub fn per_process(api: Api, limits: Limits) -> Gate {
        Gate::with_files(api, limits, None)
    }

    fn with_files(api: Api, limits: Limits, files: Option<Files>) -> Gate {
        Gate {
            inner: Arc::new(Inner {
                api,
                limits,
                files,
                degraded: AtomicBool::new(false),
                memory: Mutex::new(GateState::default()),
                warned_corrupt: AtomicBool::new(false),
                warnings: Mutex::new(Vec::new()),
            }),
        }
    }

    /// The API this gate guards.
    pub fn api(&self) -> Api {
        self.inner.api
    }

    /// The limits it keeps.
    pub fn limits(&self) -> Limits {
        self.inner.limits
    }

    /// Its files, while they are in use (`None` when it is this process's alone).
    pub fn files(&self) -> Option<&Files> {
        self.active_files()
    }

    /// Warnings since the last call (at most one about the directory and one about a
    /// corrupt state file per gate), one sentence each (callers print them as `tri: warning: ...`).
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.inner.warnings))
    }

    fn warn(&self, w: String) {
        lock(&self.inner.warnings).push(w);
    }

    fn active_files(&self) -> Option<&Files> {
        self.inner
            .files
            .as_ref()
            .filter(|_| !self.inner.degraded.load(Ordering::Relaxed))
    }

    fn note(&self, files: &Files, problem: Option<GateProblem>) {
        if let Some(GateProblem::Corrupt(detail)) = problem {
            if !self.inner.warned_corrupt.swap(true, Ordering::Relaxed) {
                self.warn(format!(
                    "the rate-limit gate's state file {} could not be read ({detail}); it was ignored and is rewritten",
                    files.state.display()
                ));
            }
        }
    }

    fn degrade(&self, path: &Path, e: &std::io::Error) {
        if !self.inner.degraded.swap(true, Ordering::Relaxed) {
            self.warn(degraded_warning(self.inner.api, path, e));
        }
    }

    /// The state now (sanitized).
    fn load(&self) -> GateState {
        let (now, limits) = (now_ms(), &self.inner.limits);
        if let Some(files) = self.active_files() {
            match files.load(now, limits) {
                Ok(l) => {
                    self.note(files, l.problem);
                    return l.state;
                }
                Err(e) => self.degrade(&files.state, &e),
            }
        }
        let memory = lock(&self.inner.memory).clone();
        policy::sanitize(memory, now, limits).0
    }

    /// Changes the state with `f(state, now_ms, limits)` under the state lock.
    fn update<R>(&self, mut f: impl FnMut(&mut GateState, u64, &Limits) -> R) -> R {
        let (now, limits) = (now_ms(), &self.inner.limits);
        if let Some(files) = self.active_files() {
            let mut out = None;
            match files.update(now, limits, |s| out = Some(f(s, now, limits))) {
                Ok(((), problem)) => {
                    self.note(files, problem);
                    if let Some(out) = out {
                        return out;
                    }
                }
                Err(e) => self.degrade(&files.state, &e),
            }
        }
        let mut memory = lock(&self.inner.memory);
        let mut state = policy::sanitize(std::mem::take(&mut *memory), now, limits).0;
        let out = f(&mut state, now, limits);
        *memory = state;
        out
    }

    /// The block in force, if any.
    pub fn block(&self) -> Option<Block> {
        let s = self.load();
        s.blocked_until_ms.map(|until_ms| Block {
            until_ms,
            reason: s.block_reason.unwrap_or_default(),
        })
    }

    /// Records that the API asked every client to wait until `until_ms` (Unix epoch ms;
    /// at most [`policy::MAX_BLOCK_MS`] ahead); `reason` says what it answered (never a
    /// token). A later block already recorded is kept.
    pub fn record_block(&self, until_ms: u64, reason: &str) {
        self.update(|s, now, _| policy::record_block(s, now, until_ms, reason));
    }

    /// Waits for the turn of a polling read of `list` (its request path): each list is read
    /// by pollers at most once per [`Limits::poll_interval_ms`] across every process of the
    /// machine ([`policy::take_poll`]), so a tight loop — `tri agent wait --interval 1ms`, or
    /// several waits at once — cannot flood the API. Waits at most one interval per turn
    /// taken by another; call [`Gate::acquire`] with [`Kind::Read`] after it (blocks).
    pub async fn pace_poll(&self, list: &str) {
        while let Some(ms) = self.update(|s, now, limits| policy::take_poll(s, now, list, limits)) {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
    }

    /// Waits until a request of `kind` may be sent and returns leave to send it (for a
    /// mutating request: the serial slot, held until the [`Permit`] is dropped, and the
    /// start recorded). `max_wait` bounds the waits, counted from the call: pauses and the
    /// slot by its `pace_ms`, limits (a block, a count used up) by its `limit_ms` (a plain
    /// number of ms bounds both).
    ///
    /// Errors: a [`Refusal`] at once when a wait would pass its bound, or once the bound has
    /// passed while another process kept the slot.
    pub async fn acquire(
        &self,
        kind: Kind,
        max_wait: impl Into<MaxWait>,
    ) -> std::result::Result<Permit, Refusal> {
        let max_wait = max_wait.into();
        let started = Instant::now();
        let left = || {
            let spent = started.elapsed().as_millis() as u64;
            MaxWait {
                pace_ms: max_wait.pace_ms.saturating_sub(spent),
                limit_ms: max_wait.limit_ms.saturating_sub(spent),
            }
        };
        let api = self.inner.api;
        let refuse = |until_ms, why| Refusal::Wait { until_ms, why, api };
        // Before the slot: a limit past the bound gives up without waiting for the slot; a
        // block within it is waited out without holding the slot.
        loop {
            let state = self.load();
            match policy::decide(&state, now_ms(), kind, &self.inner.limits, left()) {
                policy::GateDecision::GiveUp { until_ms, why } => {
                    return Err(refuse(until_ms, why))
                }
                policy::GateDecision::Wait { ms, why }
                    if kind == Kind::Read || why == Why::Blocked =>
                {
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                }
                _ => break,
            }
        }
        let slot = match (kind, self.active_files()) {
            (Kind::Read, _) | (_, None) => None,
            (Kind::Mutating, Some(files)) => {
                let wait = Duration::from_millis(left().pace_ms.max(MIN_SLOT_WAIT_MS));
                match store::take_slot(&files.slot, wait).await {
                    Ok(Some(slot)) => Some(slot),
                    Ok(None) => {
                        return Err(Refusal::Busy {
                            waited_ms: started.elapsed().as_millis() as u64,
                            api,
                        })
                    }
                    Err(e) => {
                        self.degrade(&files.slot, &e);
                        None
                    }
                }
            }
        };
        let mut permit = Permit {
            gate: self.clone(),
            _slot: slot,
            mutating: false,
            waited_ms: 0,
        };
        if kind == Kind::Mutating {
            // Holding the slot: pace, then record the start in the same update.
            loop {
                let budget = left();
                let d = self.update(|s, now, limits| {
                    let d = policy::decide(s, now, Kind::Mutating, limits, budget);
                    if d == policy::GateDecision::Go {
                        policy::record_send(s, now, limits);
                    }
                    d
                });
                match d {
                    policy::GateDecision::Go => break,
                    policy::GateDecision::Wait { ms, .. } => {
                        tokio::time::sleep(Duration::from_millis(ms)).await
                    }
                    policy::GateDecision::GiveUp { until_ms, why } => {
                        return Err(refuse(until_ms, why))
                    }
                }
            }
            permit.mutating = true;
        }
        permit.waited_ms = started.elapsed().as_millis() as u64;
        Ok(permit)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn degraded_warning(api: Api, path: &Path, e: &std::io::Error) -> String {
    format!(
        "cannot use the {} rate-limit gate at {} ({e}); its limits now hold for this process only (set TRI_GATE_DIR to a writable directory)",
        api.label(),
        path.display()
    )
}

#[cfg(test)]
mod tests;
