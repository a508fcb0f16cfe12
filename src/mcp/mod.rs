//! `tri mcp`: tri as tools for an agent, a Model Context Protocol server on standard
//! input/output (rmcp, the official Rust SDK). A layer beside [`crate::cli`]: like the
//! command line it parses a request, runs a command's `run` and reports what it did; each
//! tool call runs the command with `--json` output captured ([`crate::output::Output::captured`]),
//! so a tool's `structuredContent` is the command's `--json` document (docs/JSON.md).
//!
//! - [`tools`]: the tool table (names, descriptions, input schemas, the command each runs);
//! - [`reply`]: a command's outcome as a tool result (pure);
//! - [`worker`]: the threads the commands run on (one at a time for those that record,
//!   alongside for the others), and the [`worker::Session`] kept across calls;
//! - [`server`]: rmcp's handler;
//! - [`stdio`]: standard input and output between the host and rmcp (a line that is not
//!   JSON answered with a parse error).
//!
//! Nothing but protocol messages goes to stdout: the commands' output is captured, and
//! logs (`--verbose`) go to stderr.

pub mod reply;
pub mod server;
pub mod stdio;
pub mod tools;
pub mod worker;

use crate::commands::mcp::McpArgs;
use crate::commands::Ctx;
use crate::error::{Error, Result, EXIT_INTERRUPTED, EXIT_OK};

/// How the server ended.
enum Ended {
    /// The host closed standard input.
    Closed,
    /// Ctrl-C (SIGINT).
    Interrupted,
}

/// Runs `tri mcp` until the host closes standard input (exit 0) or Ctrl-C (SIGINT: exit 130;
/// the calls under way are cancelled — a `wait` ends, nothing recorded — and the server
/// does not wait for them).
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
        read_only: args.read_only,
    };
    let worker = worker::Worker::start(session)?;
    let server = server::TriServer::new(tools, worker);
    // The protocol's own runtime. The commands run on the worker threads, on the process's
    // command runtime (`net::runtime`): a `block_on` never nests inside this one.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
    let ended = rt.block_on(serve(server));
    // stdin may still be read by a blocking thread: do not wait for it.
    rt.shutdown_background();
    match ended? {
        Ended::Closed => Ok(EXIT_OK),
        Ended::Interrupted => {
            eprintln!("tri mcp: interrupted");
            Ok(EXIT_INTERRUPTED)
        }
    }
}

/// Serves `server` on standard input and output until the host closes its input or Ctrl-C.
/// The Ctrl-C handler is installed first, so SIGINT ends the server at any time — also
/// after a `wait`, whose own handler replaces the default action for the whole process.
async fn serve(server: server::TriServer) -> Result<Ended> {
    use rmcp::ServiceExt;
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(ctrl_c);
    let (transport, written) = stdio::start();
    let running = tokio::select! {
        r = server.serve(transport) => {
            r.map_err(|e| Error::Other(format!("cannot start the MCP session: {e}")))?
        }
        _ = &mut ctrl_c => return Ok(Ended::Interrupted),
    };
    // Cancelling the service cancels every call under way (each call's `Interrupt`).
    let service = running.cancellation_token();
    tokio::select! {
        r = running.waiting() => {
            r.map_err(|e| Error::Other(format!("the MCP session ended with an error: {e}")))?;
        }
        _ = &mut ctrl_c => {
            service.cancel();
            return Ok(Ended::Interrupted);
        }
    }
    // Every answer rmcp wrote reaches stdout before the process ends.
    let _ = written.await;
    Ok(Ended::Closed)
}
