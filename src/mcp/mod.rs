//! `tri mcp`: tri as tools for an agent, a Model Context Protocol server on standard
//! input/output (rmcp, the official Rust SDK). A layer beside [`crate::cli`]: like the
//! command line it parses a request, runs a command's `run` and reports what it did; each
//! tool call runs the command with `--json` output captured ([`crate::output::Output::captured`]),
//! so a tool's `structuredContent` is the command's `--json` document (docs/JSON.md).
//!
//! - [`tools`]: the tool table (names, descriptions, input schemas, the command each runs);
//! - [`reply`]: a command's outcome as a tool result (pure);
//! - [`worker`]: the thread the commands run on, and the [`worker::Session`] kept across calls;
//! - [`server`]: rmcp's handler.
//!
//! Nothing but protocol messages goes to stdout: the commands' output is captured, and
//! logs (`--verbose`) go to stderr.

pub mod reply;
pub mod server;
pub mod tools;
pub mod worker;

use crate::commands::mcp::McpArgs;
use crate::commands::Ctx;
use crate::error::{Error, Result, EXIT_OK};

/// Runs `tri mcp` until the host closes standard input: exit 0.
///
/// Errors (before anything is served): [`Error::Usage`] for an unknown `--tools` name or a
/// `--workspace` that is not a directory; [`Error::Other`] when the server cannot start.
pub fn run(args: &McpArgs, ctx: &mut Ctx) -> Result<i32> {
    let tools = tools::select(&args.tools, args.read_only)?;
    if tools.is_empty() {
        return Err(Error::Usage(
            "--tools with --read-only leaves no tool to serve; the read-only tools are \
             brief, inbox, status, log, sandbox_status, redact_check"
                .into(),
        ));
    }
    let cwd = match &args.workspace {
        None => ctx.cwd.clone(),
        Some(d) => {
            let d = ctx.cwd.join(d);
            if !d.is_dir() {
                return Err(Error::Usage(format!(
                    "--workspace {}: not a directory",
                    d.display()
                )));
            }
            d
        }
    };
    let session = worker::Session {
        cwd,
        secrets: ctx.secrets.clone(),
        verbose: ctx.out.verbose,
        clients: ctx.clients.clone(),
    };
    let worker = worker::Worker::start(session)?;
    let server = server::TriServer::new(tools, worker);
    // The protocol's own runtime. The commands run on the worker thread, on the process's
    // command runtime (`net::runtime`): a `block_on` never nests inside this one.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
    let served = rt.block_on(async move {
        use rmcp::ServiceExt;
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Error::Other(format!("cannot start the MCP session: {e}")))?;
        running
            .waiting()
            .await
            .map_err(|e| Error::Other(format!("the MCP session ended with an error: {e}")))?;
        Ok::<(), Error>(())
    });
    // stdin may still be read by a blocking thread: do not wait for it.
    rt.shutdown_background();
    served?;
    Ok(EXIT_OK)
}
