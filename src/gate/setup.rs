//! Where a gate lives and with what limits: the API, the file key, the directory,
//! limits from the environment, and the clock.

use super::policy::{self, Limits};
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The API a gate guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// GitHub's REST API.
    GitHub,
    /// Railway's GraphQL API.
    Railway,
}

impl Api {
    /// The name in file names (`github`, `railway`).
    pub fn file_name(self) -> &'static str {
        match self {
            Api::GitHub => "github",
            Api::Railway => "railway",
        }
    }

    /// The name in messages (`GitHub`, `Railway`).
    pub fn label(self) -> &'static str {
        match self {
            Api::GitHub => "GitHub",
            Api::Railway => "Railway",
        }
    }
}

/// The file key of `api`, API base `base_url` and `token`: hex of the first 16 bytes of
/// SHA-256 over `api \n base \n token` (base without a trailing `/`, lower-cased). One
/// way: the token cannot be read back from it.
pub fn key(api: Api, base_url: &str, token: &str) -> String {
    let base = base_url.trim().trim_end_matches('/').to_ascii_lowercase();
    let mut h = Sha256::new();
    h.update(api.file_name().as_bytes());
    h.update(b"\n");
    h.update(base.as_bytes());
    h.update(b"\n");
    h.update(token.as_bytes());
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The gate directory: `TRI_GATE_DIR` when set (non-empty), else `gate/` in the user's
/// cache directory; `None` when the platform has none (no home directory).
pub fn dir_from_env(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(d) = env("TRI_GATE_DIR").filter(|d| !d.trim().is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "tri").map(|d| d.cache_dir().join("gate"))
}

fn parse_count(env: &dyn Fn(&str) -> Option<String>, name: &str, default: u32) -> Result<u32> {
    match env(name).filter(|v| !v.trim().is_empty()) {
        None => Ok(default),
        Some(v) => v.trim().parse::<u32>().map_err(|_| {
            Error::Usage(format!(
                "{name}=`{v}` is not a whole number of requests (0 means no limit)"
            ))
        }),
    }
}

impl Limits {
    /// GitHub's limits with the environment's changes: `TRI_GITHUB_PER_MINUTE` and
    /// `TRI_GITHUB_PER_HOUR` (whole numbers; 0 = no limit); `interval_ms` is the caller's
    /// (`TRI_PUBLISH_INTERVAL_MS`, read with the publisher's settings).
    ///
    /// Errors: [`Error::Usage`] for a value that is not a whole number.
    pub fn github_from_env(
        env: &dyn Fn(&str) -> Option<String>,
        interval_ms: u64,
    ) -> Result<Limits> {
        Ok(Limits {
            interval_ms,
            per_minute: parse_count(env, "TRI_GITHUB_PER_MINUTE", policy::DEFAULT_PER_MINUTE)?,
            per_hour: parse_count(env, "TRI_GITHUB_PER_HOUR", policy::DEFAULT_PER_HOUR)?,
            ..Limits::GITHUB
        })
    }
}

/// Now, Unix epoch ms.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// `ms` (Unix epoch ms) as `HH:MM:SS UTC`.
pub fn clock_utc(ms: u64) -> String {
    chrono::DateTime::from_timestamp_millis(ms as i64)
        .map(|t| t.format("%H:%M:%S UTC").to_string())
        .unwrap_or_else(|| "an unknown time".into())
}

/// Creates the gate directory (and its parents; only the owner may enter it on Unix), and
/// checks that it belongs to this process's effective user ([`check_owner`]): a directory
/// another user owns (a shared `TRI_GATE_DIR` such as `/tmp/gate`) lets that user read the
/// gate's state or hold its locks, so tri falls back to per-process limits instead.
///
/// Errors: the I/O error of the creation; [`std::io::ErrorKind::PermissionDenied`] when
/// another user owns the directory.
pub(super) fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let owner = std::fs::metadata(dir)?.uid();
        let me = rustix::process::geteuid().as_raw();
        check_owner(owner, me)
            .map_err(|m| std::io::Error::new(std::io::ErrorKind::PermissionDenied, m))?;
    }
    // Not unix: no uid to compare; the platform's ACLs of the user's cache directory apply.
    Ok(())
}

/// Whether a gate directory owned by user id `owner` may be used by effective user id `me`:
/// only when they are the same, so that another user can neither read the gate's state
/// nor hold its locks. Pure.
///
/// Errors: a phrase naming both ids, for the gate's fall-back warning.
pub fn check_owner(owner: u32, me: u32) -> std::result::Result<(), String> {
    if owner == me {
        Ok(())
    } else {
        Err(format!(
            "it belongs to user id {owner}, not to this user (id {me}), who could not keep others from reading or locking it"
        ))
    }
}
