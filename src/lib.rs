//! tri: ties an agent's work to a GitHub issue.
//!
//! Layout (one-way: commands on top; nothing below imports a command):
//! - [`cli`]: clap definitions; [`commands`]: one file per command;
//! - [`workspace`]: `.trinity/`, its lock, atomic writes, the link file;
//! - [`journal`]: experience files; [`event`]: events and markers (pure);
//! - [`publisher`]: outbox, rendering, retry policy, redaction, sticky journal;
//! - [`github`]: the REST client and repo detection; [`net`]: the shared HTTP client;
//! - [`env`](mod@env): the environment as pure functions read it, and its numeric settings;
//! - [`audit`]: `.trinity/audit.jsonl`; [`output`]: human vs `--json` output;
//! - [`config`]: settings from flags, environment, workspace and user files;
//! - [`error`]: errors and exit codes.
#![warn(missing_docs)]

pub mod audit;
pub mod cli;
pub mod commands;
pub mod config;
pub mod env;
pub mod error;
pub mod event;
pub mod farm;
pub mod github;
pub mod journal;
pub mod net;
pub mod output;
pub mod publisher;
pub mod railway;
pub mod sandbox;
pub mod workspace;
