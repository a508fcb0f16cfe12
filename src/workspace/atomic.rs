//! Crash-safe writes: write to a temporary file in the same directory, fsync it, then
//! rename (or hard-link, for no-clobber) it into place, and fsync the directory.
//! A reader sees the old file or the new one, never a half-written one, even after SIGKILL
//! or power loss. The same technique the Railway CLI uses for its config.

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
    let tmp = temp_path(dest);
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| Error::io("write", &tmp, e))?;
    let res = f.write_all(bytes).and_then(|_| f.sync_all());
    if let Err(e) = res {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io("write", dest, e));
    }
    Ok(tmp)
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

/// Serialises `value` as pretty JSON (with a final newline) and [`write`]s it.
pub fn write_json<T: serde::Serialize>(dest: &Path, value: &T) -> Result<()> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::Other(format!("cannot encode {}: {e}", dest.display())))?;
    bytes.push(b'\n');
    write(dest, &bytes)
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
    fn create_new_refuses_to_clobber() {
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("a.md");
        assert!(create_new(&f, b"first").unwrap());
        assert!(!create_new(&f, b"second").unwrap());
        assert_eq!(fs::read(&f).unwrap(), b"first");
        assert_eq!(fs::read_dir(t.path()).unwrap().count(), 1);
    }
}
