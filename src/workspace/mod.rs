//! The workspace: where `.trinity/` lives, its lock, and crash-safe file writes.
//!
//! Root: the nearest ancestor of the current directory holding `.trinity/`, else the git
//! top-level, else the current directory (DESIGN.md).

pub mod atomic;
pub mod guard;
pub mod link;
pub mod lock;

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Name of the state directory at the workspace root.
pub const STATE_DIR: &str = ".trinity";

/// A workspace: its root and the paths of its state files.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
    dir: PathBuf,
    /// Its best-effort caches are not written ([`Workspace::read_only`]).
    read_only: bool,
}

impl Workspace {
    /// The workspace for `cwd`: nearest ancestor holding `.trinity/`, else the git
    /// top-level, else `cwd` itself. Does not create anything.
    pub fn discover(cwd: &Path) -> Workspace {
        let root = find_state_dir(cwd)
            .or_else(|| git_toplevel(cwd))
            .unwrap_or_else(|| cwd.to_path_buf());
        Workspace::at(root)
    }

    /// The workspace rooted at `root` (which holds or will hold `.trinity/`).
    pub fn at(root: PathBuf) -> Workspace {
        let dir = root.join(STATE_DIR);
        Workspace {
            root,
            dir,
            read_only: false,
        }
    }

    /// This workspace, read by a caller that must write nothing under it (`tri mcp
    /// --read-only`): a cache refreshed as it is read (the metric totals) is left as it is.
    pub fn read_only(self) -> Workspace {
        Workspace {
            read_only: true,
            ..self
        }
    }

    /// Whether it is read only ([`Workspace::read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The workspace root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `<root>/.trinity`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether `.trinity/` exists.
    pub fn exists(&self) -> bool {
        self.dir.is_dir()
    }

    /// Creates `.trinity/` (and its parents) if missing.
    ///
    /// Errors: [`Error::Other`] when `.trinity` is a symlink leading out of the workspace
    /// ([`guard`]); [`Error::Io`].
    pub fn create(&self) -> Result<()> {
        guard::create_dir_all(&self.dir)
    }

    /// `.trinity/current_issue.json`: the link.
    pub fn link_file(&self) -> PathBuf {
        self.dir.join("current_issue.json")
    }

    /// `.trinity/experience/`: one file per step.
    pub fn experience_dir(&self) -> PathBuf {
        self.dir.join("experience")
    }

    /// `.trinity/outbox/`: events not yet published.
    pub fn outbox_dir(&self) -> PathBuf {
        self.dir.join("outbox")
    }

    /// `.trinity/audit.jsonl`.
    pub fn audit_file(&self) -> PathBuf {
        self.dir.join("audit.jsonl")
    }

    /// `.trinity/railway_farm.json`.
    pub fn farm_file(&self) -> PathBuf {
        self.dir.join("railway_farm.json")
    }

    /// `.trinity/config.json`: workspace settings.
    pub fn config_file(&self) -> PathBuf {
        self.dir.join("config.json")
    }

    /// `.trinity/archive/<issue>/`.
    pub fn archive_dir(&self, issue: u64) -> PathBuf {
        self.dir.join("archive").join(issue.to_string())
    }

    /// `.trinity/.lock`: the workspace lock file.
    pub fn lock_file(&self) -> PathBuf {
        self.dir.join(".lock")
    }

    /// `.trinity/sandbox-create.lock`: held by a sandbox create for its whole run, so that
    /// the creates of one checkout take turns (`crate::sandbox::lifecycle::create`).
    pub fn create_lock_file(&self) -> PathBuf {
        self.dir.join("sandbox-create.lock")
    }

    /// A path relative to the workspace root, for messages (falls back to the full path).
    pub fn display_path<'a>(&self, path: &'a Path) -> std::borrow::Cow<'a, str> {
        match path.strip_prefix(&self.root) {
            Ok(rel) => rel.to_string_lossy(),
            Err(_) => path.to_string_lossy(),
        }
    }
}

fn find_state_dir(cwd: &Path) -> Option<PathBuf> {
    cwd.ancestors()
        .find(|dir| dir.join(STATE_DIR).is_dir())
        .map(Path::to_path_buf)
}

fn git_toplevel(cwd: &Path) -> Option<PathBuf> {
    let out = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .current_dir(cwd)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?;
    let s = s.trim();
    (!s.is_empty()).then(|| PathBuf::from(s))
}

/// Reads and parses the JSON state file at `path`; `Ok(None)` when it does not exist.
///
/// Errors: [`Error::Corrupt`] naming `path` with `hint` (the file is left untouched),
/// [`Error::Io`].
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path, hint: &str) -> Result<Option<T>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", path, e)),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| Error::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
            hint: hint.to_string(),
        })
}

/// Every JSON state file (`*.json`, [`read_json`] with `hint`) in `dir` that `keep`s, in
/// the order `key` gives; empty when `dir` does not exist. The per-issue queues of
/// `publisher::labels` and `publisher::deployments` (`.trinity/<kind>/<issue>.json`).
///
/// Errors: as [`read_json`]; [`Error::Io`] when `dir` cannot be listed.
pub fn read_json_dir<T: serde::de::DeserializeOwned, K: Ord>(
    dir: &Path,
    hint: &str,
    keep: impl Fn(&T) -> bool,
    key: impl Fn(&T) -> K,
) -> Result<Vec<T>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", dir, e)),
    };
    let mut out = Vec::new();
    for p in rd.flatten().map(|d| d.path()) {
        if p.extension().is_some_and(|x| x == "json") {
            out.extend(read_json(&p, hint)?.filter(&keep));
        }
    }
    out.sort_by_key(key);
    Ok(out)
}

/// Moves an unparseable file aside as `<name>.corrupt-<UTC basic timestamp>` and returns the
/// new path. Used by `link --force` and `unlink` to recover (never a silent overwrite).
pub fn move_aside(path: &Path) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dest = path.with_file_name(format!("{name}.corrupt-{stamp}"));
    guard::check(path)?;
    std::fs::rename(path, &dest).map_err(|e| Error::io("move aside", path, e))?;
    Ok(dest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ancestor_with_state_dir_wins() {
        let t = tempfile::tempdir().unwrap();
        let outer = t.path();
        let inner = outer.join("a/b/c");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::create_dir_all(outer.join("a/.trinity")).unwrap();
        let ws = Workspace::discover(&inner);
        assert_eq!(ws.root(), outer.join("a"));
        assert_eq!(ws.link_file(), outer.join("a/.trinity/current_issue.json"));
    }

    #[test]
    fn move_aside_keeps_the_bytes_under_a_corrupt_name() {
        let t = tempfile::tempdir().unwrap();
        let f = t.path().join("current_issue.json");
        std::fs::write(&f, b"{nope").unwrap();
        let dest = move_aside(&f).unwrap();
        assert!(!f.exists());
        let name = dest.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with("current_issue.json.corrupt-"), "{name}");
        assert_eq!(std::fs::read(&dest).unwrap(), b"{nope");
    }
}
