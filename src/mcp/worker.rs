//! The thread that runs the commands of `tri mcp`, one call at a time, outside the
//! server's tokio runtime: the commands are synchronous and start their own runtime for
//! their HTTP calls ([`crate::net::block_on`]), which must not happen on a thread inside
//! another runtime ("Cannot start a runtime from within a runtime" — tokio's blocking pool
//! threads are inside one, so not `spawn_blocking`). One call at a time also keeps the
//! workspace's steps in the order they were asked for.
//!
//! [`Session`] is what lives across calls: the workspace, the secrets and the process's
//! [`Clients`] (one GitHub client, one Railway provider, made on first use), whose requests
//! all run on the process's one command runtime ([`crate::net::runtime`], driven only from
//! this thread), so connections stay alive from one call to the next. Each call builds a
//! fresh [`Ctx`] (and its command a fresh recorder) from it, so the link and the settings
//! (config files, variables) are read from disk per call: a `link` by another process is
//! seen at the next call.

use super::reply::{self, Reply};
use super::tools::ToolDef;
use crate::commands::Ctx;
use crate::output::{Captured, Output};
use crate::recorder::Clients;
use serde_json::{Map, Value};
use std::path::PathBuf;

/// What the server keeps across calls.
pub struct Session {
    /// The directory the tools act on (the workspace root is found upwards from it).
    pub cwd: PathBuf,
    /// Literal secret values to redact (values of `*_TOKEN`, ... variables).
    pub secrets: Vec<String>,
    /// `--verbose`: the commands' detail lines, and each call logged on stderr.
    pub verbose: bool,
    /// The process's clients, a clone handed to each call's context.
    pub clients: Clients,
}

impl Session {
    /// The context of one call: `--json` output captured in memory, the process's
    /// environment, no standard input (a tool never reads it).
    pub fn ctx(&self) -> (Ctx, Captured) {
        let (mut out, cap) = Output::captured(true, self.verbose);
        out.secrets = self.secrets.clone();
        let mut ctx = Ctx::new(self.cwd.clone(), Box::new(crate::env::process_env), out);
        ctx.secrets = self.secrets.clone();
        ctx.clients = self.clients.clone();
        (ctx, cap)
    }

    /// Runs `tool` with `args` and answers it; a panic in the command is a `failed` reply.
    pub fn call(&self, tool: &ToolDef, args: Map<String, Value>) -> Reply {
        let started = std::time::Instant::now();
        let (mut ctx, cap) = self.ctx();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (tool.call)(args, &mut ctx)));
        let r = match outcome {
            Ok(outcome) => reply::reply(
                tool.name,
                &outcome,
                &cap.stdout.text(),
                &cap.stderr.text(),
                &self.secrets,
            ),
            Err(_) => reply::panicked(tool.name),
        };
        if self.verbose {
            // stderr only: stdout carries the protocol.
            eprintln!(
                "tri mcp: {} -> {} in {} ms",
                tool.name,
                if r.is_error {
                    r.structured["error"]["kind"].as_str().unwrap_or("error")
                } else {
                    "ok"
                },
                started.elapsed().as_millis()
            );
        }
        r
    }
}

struct Job {
    tool: &'static ToolDef,
    args: Map<String, Value>,
    answer: tokio::sync::oneshot::Sender<Reply>,
}

/// A handle on the worker thread; cloned into each request's handler.
#[derive(Clone)]
pub struct Worker {
    jobs: std::sync::mpsc::Sender<Job>,
}

impl Worker {
    /// Starts the thread serving `session`. It ends when every handle is dropped.
    ///
    /// Errors: [`crate::error::Error::Other`] when the thread cannot be started.
    pub fn start(session: Session) -> crate::error::Result<Worker> {
        let (jobs, rx) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("tri-mcp-worker".into())
            .spawn(move || {
                for job in rx {
                    let r = session.call(job.tool, job.args);
                    let _ = job.answer.send(r);
                }
            })
            .map_err(|e| crate::error::Error::Other(format!("cannot start a thread: {e}")))?;
        Ok(Worker { jobs })
    }

    /// Runs `tool` on the worker thread and waits (asynchronously) for its reply.
    pub async fn call(&self, tool: &'static ToolDef, args: Map<String, Value>) -> Reply {
        let (answer, rx) = tokio::sync::oneshot::channel();
        if self.jobs.send(Job { tool, args, answer }).is_err() {
            return reply::panicked(tool.name);
        }
        rx.await.unwrap_or_else(|_| reply::panicked(tool.name))
    }
}
