//! Crash-safe writes: write to a temporary file in the same directory (`tempfile`), then
//! rename it into place (or, for no-clobber, `persist_noclobber`). A reader sees the old
//! file or the new one, never a half-written one, even after SIGKILL.
//!
//! Two durabilities, chosen per file by what a power cut may cost:
//! - **durable** ([`write`](fn@write), [`create_new`], [`Batch::replace`]): the temporary file is
//!   fsync'd before the rename and the directory after it, so the new file survives a power
//!   cut once the call returns. For what cannot be rebuilt: the outbox entry (the intent to
//!   publish), the link, the farm file.
//! - **cache** ([`write_cache`], [`Batch::replace_cache`], [`Batch::create_new_cache`]):
//!   renamed into place without waiting for the disk. For what can be rebuilt from a durable
//!   file or from GitHub (an experience file while its outbox entry exists, a comment URL
//!   the marker look-up finds again, the metrics cache). After a power cut such a file may
//!   be missing, old, or empty; readers treat it so.
//!
//! Each fsync waits for the disk (a cache flush, and a journal commit where there is a
//! journal), and on a busy machine that is most of what a step costs
//! (docs/BENCHMARKS.md). [`Batch`] writes several files with the same guarantees and fewer
//! flushes: the data of every durable file is synced at once (in parallel, so the flushes
//! overlap), then each file is put in place in order, and a durable one's directory synced
//! before the next.
//!
//! Every write is checked first ([`super::guard::check`]): under `.trinity/`, no file is
//! written into a directory that is a symlink leading out of the workspace (a checkout can
//! ship such symlinks, [`super::guard`]). The
//! file itself may be a symlink: the rename replaces the link, not what it points to.

use crate::error::{Error, Result};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Writes `bytes` to a new temporary file beside `dest` (`.<name>.<random>.tmp`), not
/// synced. Removed when dropped unless persisted.
fn temp_beside(dest: &Path, bytes: &[u8]) -> Result<NamedTempFile> {
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut b = tempfile::Builder::new();
    b.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As a plain `File::create` would (the umask still applies), not tempfile's 0600.
        b.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut f = b
        .tempfile_in(dir)
        .map_err(|e| Error::io("write", dest, e))?;
    f.write_all(bytes)
        .map_err(|e| Error::io("write", dest, e))?;
    Ok(f)
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

/// Replaces `dest` with `bytes` atomically and durably (temp file, fsync, rename, fsync
/// dir).
///
/// Errors: [`Error::Io`] naming `dest` when any step fails; `dest` is then unchanged.
pub fn write(dest: &Path, bytes: &[u8]) -> Result<()> {
    let mut b = Batch::new();
    b.replace(dest.to_path_buf(), bytes.to_vec());
    b.commit().map(|_| ())
}

/// Replaces `dest` with `bytes` atomically, without waiting for the disk: for files that
/// can be rebuilt (see the module docs).
///
/// Errors: [`Error::Io`] naming `dest`; `dest` is then unchanged.
pub fn write_cache(dest: &Path, bytes: &[u8]) -> Result<()> {
    let mut b = Batch::new();
    b.replace_cache(dest.to_path_buf(), bytes.to_vec());
    b.commit().map(|_| ())
}

/// Creates `dest` with `bytes` atomically and durably, failing if it already exists.
///
/// Returns `Ok(false)` (and writes nothing) when `dest` exists, so callers can pick
/// another name; the check and the creation are one atomic step.
pub fn create_new(dest: &Path, bytes: &[u8]) -> Result<bool> {
    let mut b = Batch::new();
    b.push(dest.to_path_buf(), bytes.to_vec(), Put::CreateNew, true);
    b.commit()
}

/// `value` as pretty JSON with a final newline: the bytes [`write_json`] writes. `dest`
/// names the file in the error.
pub fn json_bytes<T: serde::Serialize>(dest: &Path, value: &T) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::Other(format!("cannot encode {}: {e}", dest.display())))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Serialises `value` as pretty JSON (with a final newline) and [`write`](fn@write)s it durably.
pub fn write_json<T: serde::Serialize>(dest: &Path, value: &T) -> Result<()> {
    write(dest, &json_bytes(dest, value)?)
}

/// How a [`Batch`] puts one file in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Put {
    /// Like [`write`](fn@write): replace whatever is there.
    Replace,
    /// Like [`create_new`]: only if nothing is there.
    CreateNew,
}

/// One file of a [`Batch`].
#[derive(Debug)]
struct Item {
    dest: PathBuf,
    bytes: Vec<u8>,
    put: Put,
    durable: bool,
}

/// Files written together, each as crash-safely as by [`write`](fn@write), [`write_cache`] or
/// [`create_new`], with fewer disk flushes: [`Batch::commit`] writes every temporary file
/// and syncs the durable ones all at once, then puts them in place one after another in the
/// order they were added, syncing a durable one's directory before the next (so a process
/// killed, or a machine stopped, half-way leaves a prefix of the durable ones in place, as
/// separate calls would).
#[derive(Debug, Default)]
pub struct Batch {
    items: Vec<Item>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Batch {
        Batch::default()
    }

    fn push(&mut self, dest: PathBuf, bytes: Vec<u8>, put: Put, durable: bool) -> &mut Batch {
        self.items.push(Item {
            dest,
            bytes,
            put,
            durable,
        });
        self
    }

    /// Adds a file that replaces `dest` durably (see [`write`](fn@write)).
    pub fn replace(&mut self, dest: PathBuf, bytes: Vec<u8>) -> &mut Batch {
        self.push(dest, bytes, Put::Replace, true)
    }

    /// Adds a file that replaces `dest` without waiting for the disk (see [`write_cache`]).
    pub fn replace_cache(&mut self, dest: PathBuf, bytes: Vec<u8>) -> &mut Batch {
        self.push(dest, bytes, Put::Replace, false)
    }

    /// Adds a file created at `dest` only if nothing is there, without waiting for the
    /// disk (see the module docs).
    pub fn create_new_cache(&mut self, dest: PathBuf, bytes: Vec<u8>) -> &mut Batch {
        self.push(dest, bytes, Put::CreateNew, false)
    }

    /// Checks every destination before anything is written ([`super::guard::check`]).
    fn check(&self) -> Result<()> {
        self.items
            .iter()
            .try_for_each(|it| super::guard::check(&it.dest))
    }

    /// Puts every file in place now and leaves making the durable ones durable to the
    /// returned [`Pending`], so that the wait for the disk can overlap other work (a step's
    /// POST). Until [`Pending::wait`] returns, a power cut may lose the files or leave them
    /// empty; a SIGKILL cannot (the renames are done). `Ok(None)` as [`Batch::commit`]'s
    /// `Ok(false)`.
    ///
    /// Every temporary file is written before the first is put in place, so a write that
    /// fails (a full disk, a quota, a directory tri may not write to) fails with nothing
    /// put in place.
    ///
    /// Errors: as [`Batch::commit`].
    pub fn commit_deferred(self) -> Result<Option<Pending>> {
        self.check()?;
        let mut temps: Vec<NamedTempFile> = Vec::with_capacity(self.items.len());
        for it in &self.items {
            temps.push(temp_beside(&it.dest, &it.bytes)?);
        }
        let mut pending = Pending::default();
        for (it, tmp) in self.items.into_iter().zip(temps) {
            let res = match it.put {
                Put::Replace => tmp.persist(&it.dest).map(Some),
                Put::CreateNew => match tmp.persist_noclobber(&it.dest) {
                    Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
                    r => r.map(Some),
                },
            };
            match res {
                Ok(Some(file)) => {
                    if it.durable {
                        pending.files.push((file, it.dest.clone()));
                        if let Some(dir) = it.dest.parent() {
                            pending.dirs.push(dir.to_path_buf());
                        }
                    }
                }
                Ok(None) => return Ok(None),
                Err(e) => return Err(Error::io("write", &it.dest, e.error)),
            }
        }
        Ok(Some(pending))
    }

    /// Writes the files. Returns `Ok(false)` when a no-clobber destination already
    /// existed: the files before it are in place, it and those after it are not.
    ///
    /// Errors: [`Error::Other`] when a destination's directory is a symlink leading out of
    /// the workspace (nothing is written); [`Error::Io`] naming the file that failed: when
    /// writing or syncing a temporary file failed, nothing is in place; when putting one in
    /// place failed (rare: the writes succeeded), the files before it are in place, it and
    /// those after it are not.
    pub fn commit(self) -> Result<bool> {
        self.check()?;
        let mut temps: Vec<NamedTempFile> = Vec::with_capacity(self.items.len());
        for it in &self.items {
            temps.push(temp_beside(&it.dest, &it.bytes)?);
        }
        let durable: Vec<(&NamedTempFile, &Path)> = temps
            .iter()
            .zip(&self.items)
            .filter(|(_, it)| it.durable)
            .map(|(t, it)| (t, it.dest.as_path()))
            .collect();
        on_each_in_parallel(&durable, |(t, dest)| {
            t.as_file()
                .sync_all()
                .map_err(|e| Error::io("write", dest, e))
        })?;
        for (it, tmp) in self.items.iter().zip(temps) {
            let res = match it.put {
                Put::Replace => tmp.persist(&it.dest).map(|_| true),
                Put::CreateNew => match tmp.persist_noclobber(&it.dest) {
                    Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
                    r => r.map(|_| true),
                },
            };
            match res {
                Ok(true) => {
                    if it.durable {
                        if let Some(dir) = it.dest.parent() {
                            sync_dir(dir);
                        }
                    }
                }
                // The temporary files left are removed when dropped.
                Ok(false) => return Ok(false),
                Err(e) => return Err(Error::io("write", &it.dest, e.error)),
            }
        }
        Ok(true)
    }
}

/// Files put in place by [`Batch::commit_deferred`] whose data and directories are not yet
/// synced. [`Pending::wait`] syncs them (the data in parallel, then each directory); dropping
/// a `Pending` without waiting syncs them too, so durability is never silently skipped.
#[derive(Debug, Default)]
pub struct Pending {
    files: Vec<(File, PathBuf)>,
    dirs: Vec<PathBuf>,
}

impl Pending {
    /// Waits until every file is durable.
    ///
    /// Errors: [`Error::Io`] naming a file whose data the disk did not take.
    pub fn wait(mut self) -> Result<()> {
        self.sync()
    }

    fn sync(&mut self) -> Result<()> {
        let files = std::mem::take(&mut self.files);
        on_each_in_parallel(&files, |(f, dest)| {
            f.sync_all().map_err(|e| Error::io("write", dest, e))
        })?;
        for dir in std::mem::take(&mut self.dirs) {
            sync_dir(&dir);
        }
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let _ = self.sync();
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
            .create_new_cache(c.clone(), b"c".to_vec());
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
            .create_new_cache(b.clone(), b"b".to_vec())
            .replace(c.clone(), b"c".to_vec());
        assert!(!batch.commit().unwrap());
        assert_eq!(fs::read(&a).unwrap(), b"a");
        assert_eq!(fs::read(&b).unwrap(), b"there");
        assert!(!c.exists());
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 2);
    }

    #[test]
    fn cache_writes_replace_and_create_without_clobbering() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        write_cache(&a, b"one").unwrap();
        write_cache(&a, b"two").unwrap();
        fs::write(&b, b"there").unwrap();
        let mut batch = Batch::new();
        batch.create_new_cache(b.clone(), b"new".to_vec());
        assert!(!batch.commit().unwrap());
        assert_eq!(fs::read(&a).unwrap(), b"two");
        assert_eq!(fs::read(&b).unwrap(), b"there");
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_dangling_link_counts_as_taken() {
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("a.md");
        std::os::unix::fs::symlink(t.path().join("nowhere"), &f).unwrap();
        assert!(!create_new(&f, b"x").unwrap());
        assert!(!t.path().join("nowhere").exists());
    }

    #[test]
    fn deferred_commit_places_files_at_once_and_syncs_on_wait() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        let mut batch = Batch::new();
        batch
            .replace(a.clone(), b"durable".to_vec())
            .create_new_cache(b.clone(), b"cache".to_vec());
        let pending = batch.commit_deferred().unwrap().expect("placed");
        assert_eq!(fs::read(&a).unwrap(), b"durable");
        assert_eq!(fs::read(&b).unwrap(), b"cache");
        assert_eq!(pending.files.len(), 1, "only the durable file waits");
        pending.wait().unwrap();
        let mut batch = Batch::new();
        batch.create_new_cache(b.clone(), b"again".to_vec());
        assert!(batch.commit_deferred().unwrap().is_none());
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_deferred_commit_whose_write_fails_puts_nothing_in_place() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("missing/b"));
        write(&a, b"old").unwrap();
        let mut batch = Batch::new();
        batch
            .replace_cache(a.clone(), b"new".to_vec())
            .create_new_cache(b.clone(), b"b".to_vec());
        assert!(batch.commit_deferred().is_err());
        assert_eq!(
            fs::read(&a).unwrap(),
            b"old",
            "the first file stays as it was"
        );
        assert_eq!(
            fs::read_dir(t.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
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
