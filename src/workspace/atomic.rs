//! Crash-safe writes: write to a temporary file in the same directory, fsync it, then
//! rename (or hard-link, for no-clobber) it into place, and fsync the directory.
//! A reader sees the old file or the new one, never a half-written one, even after SIGKILL
//! or power loss. The same technique the Railway CLI uses for its config.
//!
//! Each fsync waits for the disk (a cache flush, and a journal commit where there is a
//! journal), and on a busy machine that is most of what a step costs (docs/BENCHMARKS.md). [`Batch`] writes several files with the same
//! guarantees and fewer flushes: every file's data is synced at once (in parallel, so the
//! flushes overlap), then each file is put in place and its directory synced, in order.

use crate::error::{Error, Result};
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

fn temp_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dest.with_file_name(format!(
        ".{name}.tmp-{}-{:08x}",
        std::process::id(),
        fastrand::u32(..)
    ))
}

fn write_temp(dest: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let (tmp, f) = write_temp_unsynced(dest, bytes)?;
    if let Err(e) = f.sync_all() {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io("write", dest, e));
    }
    Ok(tmp)
}

/// Writes `bytes` to a new temporary file beside `dest`, without syncing it.
fn write_temp_unsynced(dest: &Path, bytes: &[u8]) -> Result<(PathBuf, File)> {
    let tmp = temp_path(dest);
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| Error::io("write", &tmp, e))?;
    if let Err(e) = f.write_all(bytes) {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io("write", dest, e));
    }
    Ok((tmp, f))
}

/// Runs `f` on every item, the first on this thread and the others on threads of their
/// own, and returns the first error. Concurrent fsyncs overlap their waits for the disk
/// (and share one journal commit on a journaling file system); one after another, each
/// waits in full.
fn on_each_in_parallel<T: Sync, E: Send>(
    items: &[T],
    f: impl Fn(&T) -> std::result::Result<(), E> + Sync,
) -> std::result::Result<(), E> {
    match items {
        [] => Ok(()),
        [one] => f(one),
        [first, rest @ ..] => std::thread::scope(|s| {
            let f = &f;
            let handles: Vec<_> = rest.iter().map(|x| s.spawn(move || f(x))).collect();
            let mut res = f(first);
            for h in handles {
                let r = h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
                if res.is_ok() {
                    res = r;
                }
            }
            res
        }),
    }
}

fn sync_dir(dir: &Path) {
    // Best effort: makes the rename durable on power loss; not all platforms allow it.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Replaces `dest` with `bytes` atomically (temp file, fsync, rename, fsync dir).
///
/// Errors: [`Error::Io`] naming `dest` when any step fails; `dest` is then unchanged.
pub fn write(dest: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = write_temp(dest, bytes)?;
    if let Err(e) = fs::rename(&tmp, dest) {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io("write", dest, e));
    }
    if let Some(dir) = dest.parent() {
        sync_dir(dir);
    }
    Ok(())
}

/// Creates `dest` with `bytes` atomically, failing if it already exists.
///
/// Returns `Ok(false)` (and writes nothing) when `dest` exists, so callers can pick
/// another name; the check and the creation are one atomic step (a hard link).
pub fn create_new(dest: &Path, bytes: &[u8]) -> Result<bool> {
    let tmp = write_temp(dest, bytes)?;
    let res = fs::hard_link(&tmp, dest);
    let _ = fs::remove_file(&tmp);
    match res {
        Ok(()) => {
            if let Some(dir) = dest.parent() {
                sync_dir(dir);
            }
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Error::io("write", dest, e)),
    }
}

/// `value` as pretty JSON with a final newline: the bytes [`write_json`] writes. `dest`
/// names the file in the error.
pub fn json_bytes<T: serde::Serialize>(dest: &Path, value: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::Other(format!("cannot encode {}: {e}", dest.display())))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Serialises `value` as pretty JSON (with a final newline) and [`write`]s it.
pub fn write_json<T: serde::Serialize>(dest: &Path, value: &T) -> Result<()> {
    write(dest, &json_bytes(dest, value)?)
}

/// How a [`Batch`] puts one file in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Put {
    /// Like [`write`]: replace whatever is there.
    Replace,
    /// Like [`create_new`]: only if nothing is there.
    CreateNew,
}

/// Files written together, each as crash-safely as by [`write`] or [`create_new`], with
/// fewer disk flushes: [`Batch::commit`] writes every temporary file and syncs them all at
/// once, then puts them in place one after another in the order they were added, syncing
/// each one's directory before the next (so a process killed, or a machine stopped,
/// half-way leaves a prefix of them in place, as separate calls would).
#[derive(Debug, Default)]
pub struct Batch {
    items: Vec<(PathBuf, Vec<u8>, Put)>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Adds a file that replaces `dest` (see [`write`]).
    pub fn replace(&mut self, dest: PathBuf, bytes: Vec<u8>) -> &mut Batch {
        self.items.push((dest, bytes, Put::Replace));
        self
    }

    /// Adds a file created at `dest` only if nothing is there (see [`create_new`]).
    pub fn create_new(&mut self, dest: PathBuf, bytes: Vec<u8>) -> &mut Batch {
        self.items.push((dest, bytes, Put::CreateNew));
        self
    }

    /// Writes the files. Returns `Ok(false)` when a [`Batch::create_new`] destination
    /// already existed: the files before it are in place, it and those after it are not.
    ///
    /// Errors: [`Error::Io`] naming the file that failed; files before it are in place,
    /// it and those after it are not.
    pub fn commit(self) -> Result<bool> {
        let mut temps: Vec<(PathBuf, File)> = Vec::with_capacity(self.items.len());
        let cleanup = |temps: &[(PathBuf, File)]| {
            for (tmp, _) in temps {
                let _ = fs::remove_file(tmp);
            }
        };
        for (dest, bytes, _) in &self.items {
            match write_temp_unsynced(dest, bytes) {
                Ok(t) => temps.push(t),
                Err(e) => {
                    cleanup(&temps);
                    return Err(e);
                }
            }
        }
        let synced = on_each_in_parallel(&temps, |(tmp, f)| {
            f.sync_all().map_err(|e| Error::io("write", tmp, e))
        });
        if let Err(e) = synced {
            cleanup(&temps);
            return Err(e);
        }
        let mut result = Ok(true);
        for (i, ((dest, _, put), (tmp, _))) in self.items.iter().zip(&temps).enumerate() {
            let res = match put {
                Put::Replace => fs::rename(tmp, dest).map(|_| true),
                Put::CreateNew => {
                    let r = fs::hard_link(tmp, dest);
                    let _ = fs::remove_file(tmp);
                    match r {
                        Ok(()) => Ok(true),
                        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
                        Err(e) => Err(e),
                    }
                }
            };
            match res {
                Ok(true) => {
                    if let Some(dir) = dest.parent() {
                        sync_dir(dir);
                    }
                }
                Ok(false) | Err(_) => {
                    cleanup(&temps[i..]);
                    result = res.map_err(|e| Error::io("write", dest, e));
                    break;
                }
            }
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_replaces_and_leaves_no_temp_files() {
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("state.json");
        write(&f, b"one").unwrap();
        write(&f, b"two").unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"two");
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 1);
    }

    #[test]
    fn batch_puts_every_file_in_place_and_leaves_no_temp_files() {
        let t = tempfile::tempdir().unwrap();
        let sub = t.path().join("sub");
        fs::create_dir(&sub).unwrap();
        let (a, b, c) = (
            t.path().join("a.json"),
            sub.join("b.json"),
            sub.join("c.md"),
        );
        write(&a, b"old").unwrap();
        let mut batch = Batch::new();
        batch
            .replace(a.clone(), b"new".to_vec())
            .replace(b.clone(), b"b".to_vec())
            .create_new(c.clone(), b"c".to_vec());
        assert!(batch.commit().unwrap());
        assert_eq!(fs::read(&a).unwrap(), b"new");
        assert_eq!(fs::read(&b).unwrap(), b"b");
        assert_eq!(fs::read(&c).unwrap(), b"c");
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 2);
        assert_eq!(fs::read_dir(&sub).unwrap().count(), 2);
    }

    #[test]
    fn batch_stops_at_an_existing_new_file_keeping_what_came_before() {
        let t = tempfile::tempdir().unwrap();
        let (a, b, c) = (t.path().join("a"), t.path().join("b"), t.path().join("c"));
        fs::write(&b, b"there").unwrap();
        let mut batch = Batch::new();
        batch
            .replace(a.clone(), b"a".to_vec())
            .create_new(b.clone(), b"b".to_vec())
            .replace(c.clone(), b"c".to_vec());
        assert!(!batch.commit().unwrap());
        assert_eq!(fs::read(&a).unwrap(), b"a");
        assert_eq!(fs::read(&b).unwrap(), b"there");
        assert!(!c.exists());
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 2);
    }

    #[test]
    fn create_new_refuses_to_clobber() {
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("a.md");
        assert!(create_new(&f, b"first").unwrap());
        assert!(!create_new(&f, b"second").unwrap());
        assert_eq!(fs::read(&f).unwrap(), b"first");
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 1);
    }
}
