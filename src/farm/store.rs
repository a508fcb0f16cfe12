//! The farm file on disk: read, parse, write atomically, and change under the workspace
//! lock. The I/O edge of [`crate::farm`].

use super::Farm;
use crate::error::{Error, Result};
use crate::workspace::{atomic, lock::LockFile, Workspace};
use std::path::Path;

/// Hint shown when the farm file cannot be parsed.
pub const CORRUPT_HINT: &str =
    "fix the JSON by hand (tri never overwrites a farm file it cannot read)";

/// Parses farm-file bytes. Errors: [`Error::Corrupt`] naming `path`.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Farm> {
    serde_json::from_slice(bytes).map_err(|e| Error::Corrupt {
        path: path.to_path_buf(),
        detail: e.to_string(),
        hint: CORRUPT_HINT.to_string(),
    })
}

/// Reads the farm file; an absent file is an empty farm.
///
/// Errors: [`Error::Corrupt`] (the file is left untouched), [`Error::Io`].
pub fn load(path: &Path) -> Result<Farm> {
    match std::fs::read(path) {
        Ok(b) => parse(path, &b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Farm::default()),
        Err(e) => Err(Error::io("read", path, e)),
    }
}

/// Writes the farm file atomically (pretty JSON, final newline).
pub fn save(path: &Path, farm: &Farm) -> Result<()> {
    atomic::write_json(path, farm)
}

/// Reads the farm file of `ws` under the workspace lock, lets `f` change it, and writes
/// it back atomically before the lock is released, all only when `f` returns `Ok`.
/// Creates `.trinity/` when missing.
pub fn update<T>(ws: &Workspace, f: impl FnOnce(&mut Farm) -> Result<T>) -> Result<T> {
    ws.create()?;
    let mut lock = LockFile::open(&ws.lock_file())?;
    let _guard = lock.lock()?;
    let path = ws.farm_file();
    let mut farm = load(&path)?;
    let out = f(&mut farm)?;
    save(&path, &farm)?;
    Ok(out)
}

/// Reads the farm file of `ws` (no lock: the file is only ever replaced whole).
pub fn read(ws: &Workspace) -> Result<Farm> {
    load(&ws.farm_file())
}
