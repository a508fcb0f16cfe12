//! The gate's two files for one API host and token, and the locks on them.
//!
//! - `<api>-<key>.json`, the state ([`GateState`] as JSON). Read under a shared lock and
//!   changed under an exclusive one (`fd-lock`: flock / LockFileEx), held for microseconds;
//!   written in place, not synced: it is a cache of what the API said, and a file torn by a
//!   power loss is unreadable, which the gate treats as empty (with a warning).
//! - `<api>-<key>.lock`, the serial slot: an exclusive lock on it is held for the whole
//!   of one mutating request, so such requests go one at a time across processes. The OS
//!   drops the lock when its process dies, so a killed process never holds it.
//!
//! The slot is first tried without waiting, on the caller's thread (Unix: `flock` with
//! `LOCK_NB`; the lock then lives as long as the open file the [`Slot`] owns). Only when
//! another process holds it — or on Windows — does a small thread wait for it: a blocking
//! lock cannot be awaited, and its guard borrows the lock, so the thread owns both and holds
//! the guard until the [`Slot`] is dropped. Waiting in the kernel (not polling) hands the
//! slot to the next waiter as soon as it is freed. The uncontended case, every step of a
//! single agent, so starts no thread.

use super::policy::{self, GateState, Limits, Sanity};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Something wrong with the state file that the gate got past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GateProblem {
    /// It could not be parsed (what the parser said); it is treated as empty and replaced
    /// at the next write.
    Corrupt(String),
    /// It held times ahead of now ([`Sanity::FromTheFuture`]); treated as empty.
    FromTheFuture,
}

/// The state as read, sanitized, and what was wrong with the file, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The sanitized state ([`policy::sanitize`]).
    pub state: GateState,
    /// What was wrong, if anything.
    pub problem: Option<GateProblem>,
}

/// Parses the bytes of a state file at `now_ms`: empty means no state yet; anything
/// unparseable is [`GateProblem::Corrupt`] and counts as empty. Pure.
pub fn parse(bytes: &[u8], now_ms: u64, limits: &Limits) -> Loaded {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Loaded {
            state: GateState::default(),
            problem: None,
        };
    }
    let (raw, mut problem) = match serde_json::from_slice::<GateState>(bytes) {
        Ok(s) => (s, None),
        Err(e) => (
            GateState::default(),
            Some(GateProblem::Corrupt(e.to_string())),
        ),
    };
    let (state, sanity) = policy::sanitize(raw, now_ms, limits);
    if sanity == Sanity::FromTheFuture {
        problem = Some(GateProblem::FromTheFuture);
    }
    Loaded { state, problem }
}

/// The paths of one gate's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Files {
    /// The state file (`<api>-<key>.json`).
    pub state: PathBuf,
    /// The slot lock file (`<api>-<key>.lock`).
    pub slot: PathBuf,
}

impl Files {
    /// The files for `api` and `key` (a hash, see [`super::key`]) in `dir`.
    pub fn new(dir: &Path, api: &str, key: &str) -> Files {
        Files {
            state: dir.join(format!("{api}-{key}.json")),
            slot: dir.join(format!("{api}-{key}.lock")),
        }
    }

    /// Reads the state under a shared lock; a missing file is an empty state.
    ///
    /// Errors: the I/O error of opening, locking or reading an existing file.
    pub fn load(&self, now_ms: u64, limits: &Limits) -> io::Result<Loaded> {
        let file = match File::open(&self.state) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(parse(b"", now_ms, limits)),
            Err(e) => return Err(e),
        };
        let lock = fd_lock::RwLock::new(file);
        let guard = lock.read()?;
        let mut bytes = Vec::new();
        (&*guard).read_to_end(&mut bytes)?;
        drop(guard);
        Ok(parse(&bytes, now_ms, limits))
    }

    /// Changes the state under an exclusive lock: reads it (sanitized, see [`parse`]), lets
    /// `f` change it, and writes it back when it changed or the file was not believable.
    /// Returns what `f` returned and what was wrong with the file.
    ///
    /// Errors: the I/O error of opening (creating), locking, reading or writing the file.
    pub fn update<R>(
        &self,
        now_ms: u64,
        limits: &Limits,
        f: impl FnOnce(&mut GateState) -> R,
    ) -> io::Result<(R, Option<GateProblem>)> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&self.state)?;
        let mut lock = fd_lock::RwLock::new(file);
        let mut guard = lock.write()?;
        let mut bytes = Vec::new();
        guard.read_to_end(&mut bytes)?;
        let Loaded { mut state, problem } = parse(&bytes, now_ms, limits);
        let before = state.clone();
        let out = f(&mut state);
        if state != before || problem.is_some() {
            let mut json = serde_json::to_vec(&state).map_err(io::Error::other)?;
            json.push(b'\n');
            guard.set_len(0)?;
            guard.rewind()?;
            guard.write_all(&json)?;
        }
        Ok((out, problem))
    }
}

/// The serial slot, held until dropped.
#[derive(Debug)]
pub struct Slot {
    _held: Held,
}

/// How a [`Slot`] holds its lock.
#[derive(Debug)]
enum Held {
    /// Taken at once on the caller's thread: the `flock` lasts while this file is open
    /// (`O_CLOEXEC`, so no child process inherits it) and is released when it closes.
    #[cfg(unix)]
    Open { _file: File },
    /// Taken by a waiting thread: dropping the sender tells it to release the lock.
    Thread {
        _release: std::sync::mpsc::Sender<()>,
    },
}

/// Takes the slot lock at `path`, waiting at most `max_wait`; `Ok(None)` when another
/// process held it all that time. Tried first without waiting (Unix); otherwise a thread
/// waits for the lock in the kernel, and if the wait is abandoned it lets go of the lock as
/// soon as it gets it.
///
/// Errors: the I/O error of opening (creating) the lock file, or of locking it.
pub async fn take_slot(path: &Path, max_wait: Duration) -> io::Result<Option<Slot>> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    #[cfg(unix)]
    let file = {
        use rustix::fs::{flock, FlockOperation};
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {
                return Ok(Some(Slot {
                    _held: Held::Open { _file: file },
                }))
            }
            Err(e) if e == rustix::io::Errno::WOULDBLOCK => file,
            Err(e) => return Err(e.into()),
        }
    };
    let (got_tx, got_rx) = tokio::sync::oneshot::channel::<io::Result<()>>();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("tri-gate-slot".into())
        .spawn(move || {
            let mut lock = fd_lock::RwLock::new(file);
            match lock.write() {
                Ok(guard) => {
                    if got_tx.send(Ok(())).is_ok() {
                        // Returns when the Slot (the sender) is dropped.
                        let _ = release_rx.recv();
                    }
                    drop(guard);
                }
                Err(e) => {
                    let _ = got_tx.send(Err(e));
                }
            };
        })?;
    match tokio::time::timeout(max_wait, got_rx).await {
        Ok(Ok(Ok(()))) => Ok(Some(Slot {
            _held: Held::Thread {
                _release: release_tx,
            },
        })),
        Ok(Ok(Err(e))) => Err(e),
        Ok(Err(_)) => Err(io::Error::other(
            "the gate's lock thread ended unexpectedly",
        )),
        Err(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 50_000_000;

    #[test]
    fn parse_empty_corrupt_and_future() {
        let l = Limits::GITHUB;
        assert_eq!(parse(b"", NOW, &l).problem, None);
        assert_eq!(parse(b" \n", NOW, &l).state, GateState::default());
        let c = parse(b"{\"sends_ms\": [1,", NOW, &l);
        assert!(matches!(c.problem, Some(GateProblem::Corrupt(_))), "{c:?}");
        assert_eq!(c.state, GateState::default());
        let f = parse(
            format!("{{\"written_at_ms\": {}}}", NOW + 3_600_000).as_bytes(),
            NOW,
            &l,
        );
        assert_eq!(f.problem, Some(GateProblem::FromTheFuture));
        let ok = parse(
            format!("{{\"sends_ms\": [{}]}}", NOW - 10).as_bytes(),
            NOW,
            &l,
        );
        assert_eq!((ok.problem, ok.state.sends_ms), (None, vec![NOW - 10]));
    }

    #[test]
    fn update_writes_only_changes_and_replaces_a_corrupt_file() {
        let dir = tempfile::tempdir().unwrap();
        let files = Files::new(dir.path(), "github", "k");
        let l = Limits::GITHUB;
        assert_eq!(files.load(NOW, &l).unwrap().state, GateState::default());
        // Nothing changed: nothing written.
        files.update(NOW, &l, |_| ()).unwrap();
        assert_eq!(std::fs::read(&files.state).unwrap(), b"");
        files
            .update(NOW, &l, |s| policy::record_send(s, NOW, &l))
            .unwrap();
        assert_eq!(files.load(NOW, &l).unwrap().state.sends_ms, vec![NOW]);

        std::fs::write(&files.state, b"\0\0garbage").unwrap();
        let seen = files.load(NOW, &l).unwrap();
        assert!(matches!(seen.problem, Some(GateProblem::Corrupt(_))));
        let (_, problem) = files.update(NOW, &l, |_| ()).unwrap();
        assert!(matches!(problem, Some(GateProblem::Corrupt(_))));
        let after = files.load(NOW, &l).unwrap();
        assert_eq!((after.problem, after.state), (None, GateState::default()));
    }

    #[tokio::test]
    async fn the_slot_is_exclusive_and_freed_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.lock");
        let first = take_slot(&path, Duration::from_secs(5)).await.unwrap();
        assert!(first.is_some());
        let second = take_slot(&path, Duration::from_millis(50)).await.unwrap();
        assert!(second.is_none(), "the slot must stay with its holder");
        drop(first);
        let third = take_slot(&path, Duration::from_secs(5)).await.unwrap();
        assert!(third.is_some(), "a dropped slot must be free again");
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_free_slot_starts_no_thread_and_a_held_one_is_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.lock");
        let first = take_slot(&path, Duration::from_secs(5))
            .await
            .unwrap()
            .unwrap();
        assert!(matches!(first._held, Held::Open { .. }), "{first:?}");
        // Polled once while `first` holds the slot: it hands the wait to a thread.
        let waiter = take_slot(&path, Duration::from_secs(60));
        tokio::pin!(waiter);
        tokio::select! {
            biased;
            _ = &mut waiter => panic!("the slot was taken while held"),
            () = std::future::ready(()) => {}
        }
        drop(first);
        let second = waiter
            .await
            .unwrap()
            .expect("the waiter gets the freed slot");
        assert!(matches!(second._held, Held::Thread { .. }), "{second:?}");
    }
}
