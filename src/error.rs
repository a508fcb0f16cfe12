//! The one error type of tri and its mapping to exit codes.
//!
//! Exit codes follow gh's convention and are documented in docs/exit-codes.md:
//! 0 done (a step recorded and queued counts as done), 1 error, 2 usage,
//! 3 not linked, 4 authentication needed or refused, 5 timed out (`tri agent wait`: no
//! trusted reply in time, nothing recorded).

use std::path::{Path, PathBuf};

/// Exit code: the command did what was asked (including "recorded and queued").
pub const EXIT_OK: i32 = 0;
/// Exit code: any failure not covered by a more specific code.
pub const EXIT_ERROR: i32 = 1;
/// Exit code: the command line (or its input) was not valid.
pub const EXIT_USAGE: i32 = 2;
/// Exit code: the command needs a linked issue and there is none.
pub const EXIT_NOT_LINKED: i32 = 3;
/// Exit code: a token is missing, or GitHub/Railway refused it.
pub const EXIT_AUTH: i32 = 4;
/// Exit code of `tri agent wait` when its time-out passed with no trusted reply: nothing
/// was recorded.
pub const EXIT_TIMED_OUT: i32 = 5;
/// Exit code: `sandbox deploy` refused by the crash-loop breaker (nothing recorded, Railway
/// not asked; [`crate::sandbox::breaker`]).
pub const EXIT_BREAKER: i32 = 6;
/// Exit code after Ctrl-C (128 + SIGINT), as shells report it.
pub const EXIT_INTERRUPTED: i32 = 130;

/// Every failure tri reports. `Display` gives the one-line message a user sees;
/// it never contains a token. `source()` gives the underlying I/O error where there is one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input from the user: exit 2.
    #[error("{0}")]
    Usage(String),
    /// No issue is linked in this workspace: exit 3.
    #[error("no issue is linked in this workspace; run `tri agent link <issue>` first")]
    NotLinked,
    /// Missing, bad or refused credentials: exit 4. The message names the variable to set.
    #[error("{0}")]
    Auth(String),
    /// A state file exists but cannot be parsed. It is left untouched.
    #[error("cannot parse {}: {detail}; {hint}", path.display())]
    Corrupt {
        /// The file that failed to parse.
        path: PathBuf,
        /// What the parser said (line and column where it has them).
        detail: String,
        /// What the user can do about it.
        hint: String,
    },
    /// An I/O error on a named file.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What tri was doing ("write", "read", "lock", ...).
        action: &'static str,
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Anything else, already phrased as one line.
    #[error("{0}")]
    Other(String),
    /// A change was sent and no answer came back (a time-out, a dropped connection, a 5xx):
    /// it may or may not have been carried out, and it is never sent again blindly
    /// ([`crate::net::retry::decide_blind`]). Exit 1; the message says how to settle it.
    #[error("{0}")]
    Unconfirmed(String),
    /// `sandbox deploy` refused by the crash-loop breaker: exit 6 ([`EXIT_BREAKER`]).
    #[error("{0}")]
    BreakerOpen(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => EXIT_USAGE,
            Error::NotLinked => EXIT_NOT_LINKED,
            Error::Auth(_) => EXIT_AUTH,
            Error::BreakerOpen(_) => EXIT_BREAKER,
            _ => EXIT_ERROR,
        }
    }

    /// Shorthand for an I/O error on `path`.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Result with tri's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
