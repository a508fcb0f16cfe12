//! The workspace lock: an exclusive advisory lock (flock/LockFileEx through the `fd-lock`
//! crate) on `.trinity/.lock`, held while state files are read and changed together.
//! The kernel drops it when the process dies, so a SIGKILL never leaves it held.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::path::Path;

/// An open lock file; call [`LockFile::lock`] to hold it.
pub struct LockFile {
    inner: fd_lock::RwLock<File>,
    path: std::path::PathBuf,
}

impl LockFile {
    /// Opens (creating if needed) the lock file at `path`, never through a symlink leading
    /// out of the workspace ([`super::guard::open_no_follow`]).
    ///
    /// Errors: as [`super::guard::open_no_follow`].
    pub fn open(path: &Path) -> Result<LockFile> {
        let f = super::guard::open_no_follow(
            path,
            OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true),
        )
        .map_err(|e| match e {
            Error::Io { source, .. } => Error::io("open lock file", path, source),
            e => e,
        })?;
        Ok(LockFile {
            inner: fd_lock::RwLock::new(f),
            path: path.to_path_buf(),
        })
    }

    /// Blocks until the exclusive lock is held; it is released when the guard drops.
    pub fn lock(&mut self) -> Result<fd_lock::RwLockWriteGuard<'_, File>> {
        let path = self.path.clone();
        self.inner.write().map_err(|e| Error::io("lock", &path, e))
    }

    /// Takes the exclusive lock only if nobody holds it; `Ok(None)` when it is held.
    pub fn try_lock(&mut self) -> Result<Option<fd_lock::RwLockWriteGuard<'_, File>>> {
        match self.inner.try_write() {
            Ok(g) => Ok(Some(g)),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(Error::io("lock", &self.path, e)),
        }
    }
}
