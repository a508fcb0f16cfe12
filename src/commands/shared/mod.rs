//! What several commands share, as gh's `pkg/cmd/<noun>/shared`, one file per noun:
//! - [`output`]: how an event's outcome is said (a line, its JSON name);
//! - [`link`]: the link's JSON, the repository and issue a command works on;
//! - [`record`]: the message of a recording command, what it prints after the
//!   [`crate::recorder::Recorder`] recorded an event, the recorded event's JSON;
//! - [`sandbox`]: which sandbox a command works on, and (`sandbox::report`) the lifecycle's
//!   reporter and what the sandbox commands print;
//! - [`pull_request`]: the session's pull request (linked, or the current branch's) and its
//!   reviews;
//! - [`session`]: the session state as `status` and `brief` show it;
//! - [`interrupt`]: what ends a command's waiting early (Ctrl-C, the MCP host's cancel).
//!
//! Not a command: commands import this, never each other.

pub mod interrupt;
pub mod link;
pub mod output;
pub mod pull_request;
pub mod record;
pub mod sandbox;
pub mod session;

pub use link::{link_json, resolve_repo, target_issue};
pub use output::{describe_outcome, outcome_state};
pub use record::{read_message, recorded_json, say_recorded, Cap, Message, MAX_MESSAGE_BYTES};
pub use sandbox::report::{
    created_doc, deployed_doc, destroyed_doc, print_doc, published_json, warn_farm, CtxReporter,
    LinesOnly,
};

pub use crate::net::block_on;

/// Helpers for the commands' in-process tests (a context, injected clients).
#[cfg(test)]
pub(crate) mod testing;
