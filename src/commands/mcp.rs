//! `tri mcp [--workspace DIR] [--tools NAME,...] [--read-only]`: the arguments of the stdio
//! MCP server. The server itself is [`crate::mcp`], a layer beside [`crate::cli`] (it runs
//! the commands, so no command may import it): `cli` hands these Args to
//! [`crate::mcp::run`].

use clap::Args;
use std::path::PathBuf;

/// `tri mcp`.
#[derive(Debug, Args)]
pub struct McpArgs {
    /// The workspace the tools act on (default: the directory tri starts in; the
    /// workspace root is found upwards from it, as for every command).
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,

    /// Serve only these tools, comma-separated (e.g. step,brief,handoff); an unknown name
    /// is a usage error (exit 2) at start-up.
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub tools: Vec<String>,

    /// Serve only the tools that record and send nothing: brief, inbox, status, log,
    /// sandbox_status, redact_check (with --tools: the read-only ones of those).
    #[arg(long)]
    pub read_only: bool,
}
