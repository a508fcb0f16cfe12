//! The threads that run the commands of `tri mcp`, outside the server's tokio runtime: the
//! commands are synchronous and wait for the network on the process's command runtime
//! ([`crate::net::block_on`]), which must not happen on a thread inside another runtime
//! ("Cannot start a runtime from within a runtime" — tokio's blocking pool threads are
//! inside one, so not `spawn_blocking`).
//!
//! Two lanes ([`ToolDef::serial`]):
//! - the calls that record or send (link, step, handoff, ask, finish, sync) run one at a
//!   time, in the order they came, on one thread: the workspace's steps keep the order they
//!   were asked in, and a cancelled one not yet begun is skipped;
//! - the others (status, brief, inbox, log, wait, sandbox_status, redact_check) each run on
//!   a thread of their own, at most [`MAX_ALONGSIDE`] at once, once the serial calls that
//!   came before them ended (a `status` sent after a `step` sees it): a `wait` of thirty
//!   minutes holds back nothing.
//!
//! Concurrent commands share nothing mutable in the process: each call has its own [`Ctx`]
//! (its own captured output, the working directory as a path, never `set_current_dir`; the
//! environment is only read), the workspace's and the gate's files are locked with `flock`,
//! which excludes another open file in this process as it does another process, and every
//! network call runs on the one command runtime, which any of these threads may drive
//! (tokio's current-thread `Runtime::block_on` from several threads: one drives, the others
//! are woken).
//!
//! [`Session`] is what lives across calls: the workspace, the secrets and the process's
//! [`Clients`] (one GitHub client, one Railway provider, made on first use), so connections
//! stay alive from one call to the next. Each call builds a fresh [`Ctx`] (and its command
//! a fresh recorder) from it, so the link and the settings (config files, variables) are
//! read from disk per call: a `link` by another process is seen at the next call.

use super::reply::{self, Reply};
use super::tools::ToolDef;
use crate::commands::shared::interrupt::Interrupt;
use crate::commands::Ctx;
use crate::output::{Captured, Output};
use crate::recorder::Clients;
use serde_json::{Map, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// Most calls of the second lane running at once; more wait for one to end.
pub const MAX_ALONGSIDE: usize = 16;

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
    /// `--read-only`: the commands write nothing under `.trinity/` ([`Ctx::read_only`]).
    pub read_only: bool,
}

impl Session {
    /// The context of one call: `--json` output captured in memory, the process's
    /// environment, no standard input (a tool never reads it), the call's `interrupt`.
    pub fn ctx(&self, interrupt: Interrupt) -> (Ctx, Captured) {
        let (mut out, cap) = Output::captured(true, self.verbose);
        out.secrets = self.secrets.clone();
        let mut ctx = Ctx::new(self.cwd.clone(), Box::new(crate::env::process_env), out);
        ctx.secrets = self.secrets.clone();
        ctx.clients = self.clients.clone();
        ctx.interrupt = interrupt;
        ctx.read_only = self.read_only;
        (ctx, cap)
    }

    /// Runs `tool` with `args` and answers it; a panic in the command is a `failed` reply,
    /// a call cancelled before it began an `interrupted` one (nothing run).
    pub fn call(&self, tool: &ToolDef, args: Map<String, Value>, interrupt: Interrupt) -> Reply {
        let started = std::time::Instant::now();
        if interrupt.is_cancelled() {
            let r = reply::cancelled(tool.name);
            self.log(tool, &r, started);
            return r;
        }
        let (mut ctx, cap) = self.ctx(interrupt);
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
        self.log(tool, &r, started);
        r
    }

    /// With `--verbose`, one line on stderr (stdout carries the protocol): the tool, its
    /// outcome (`ok` or the error kind) and how long it took.
    fn log(&self, tool: &ToolDef, r: &Reply, started: std::time::Instant) {
        if self.verbose {
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
    }
}

struct Job {
    tool: &'static ToolDef,
    args: Map<String, Value>,
    interrupt: Interrupt,
    answer: tokio::sync::oneshot::Sender<Reply>,
}

impl Job {
    fn run(self, session: &Session) {
        let r = session.call(self.tool, self.args, self.interrupt);
        let _ = self.answer.send(r);
    }
}

/// A handle on the two lanes; cloned into each request's handler.
#[derive(Clone)]
pub struct Worker {
    session: Arc<Session>,
    serial: std::sync::mpsc::Sender<Job>,
    /// How many calls were sent to the serial lane, and how many it finished.
    sent: Arc<std::sync::atomic::AtomicU64>,
    done: tokio::sync::watch::Receiver<u64>,
    alongside: Arc<tokio::sync::Semaphore>,
}

impl Worker {
    /// Starts the serial lane's thread serving `session`; it ends when every handle is
    /// dropped.
    ///
    /// Errors: [`crate::error::Error::Other`] when the thread cannot be started.
    pub fn start(session: Session) -> crate::error::Result<Worker> {
        let session = Arc::new(session);
        let (serial, rx) = std::sync::mpsc::channel::<Job>();
        let (finished, done) = tokio::sync::watch::channel(0u64);
        let s = session.clone();
        std::thread::Builder::new()
            .name("tri-mcp-serial".into())
            .spawn(move || {
                for job in rx {
                    job.run(&s);
                    finished.send_modify(|n| *n += 1);
                }
            })
            .map_err(|e| crate::error::Error::Other(format!("cannot start a thread: {e}")))?;
        Ok(Worker {
            session,
            serial,
            sent: Arc::default(),
            done,
            alongside: Arc::new(tokio::sync::Semaphore::new(MAX_ALONGSIDE)),
        })
    }

    /// Puts `tool` in its lane now, in the order of the calls to this method, and returns
    /// its reply to come. `interrupt` is the call's: cancelled, it ends a waiting command,
    /// or skips one not yet begun.
    ///
    /// A call of the second lane first waits for the serial calls put before it to end, so
    /// that it sees what they recorded (a `status` sent after a `step` counts it) — never
    /// for those put after it, and no call waits for one of the second lane.
    pub fn call(
        &self,
        tool: &'static ToolDef,
        args: Map<String, Value>,
        interrupt: Interrupt,
    ) -> impl std::future::Future<Output = Reply> + Send + 'static {
        use std::sync::atomic::Ordering;
        let (answer, rx) = tokio::sync::oneshot::channel();
        let job = Job {
            tool,
            args,
            interrupt,
            answer,
        };
        let alongside = if tool.serial {
            self.sent.fetch_add(1, Ordering::SeqCst);
            // A send fails only when the thread is gone (it never returns): the answer's
            // sender is dropped with the job, and the reply below says so.
            let _ = self.serial.send(job);
            None
        } else {
            let before = self.sent.load(Ordering::SeqCst);
            Some((job, before, self.done.clone(), self.alongside.clone()))
        };
        let session = self.session.clone();
        async move {
            if let Some((job, before, mut done, places)) = alongside {
                let _ = done.wait_for(|n| *n >= before).await;
                if let Ok(place) = places.acquire_owned().await {
                    let spawned = std::thread::Builder::new()
                        .name("tri-mcp-call".into())
                        .spawn(move || {
                            job.run(&session);
                            drop(place);
                        });
                    if let Err(e) = spawned {
                        eprintln!("tri mcp: cannot start a thread for {}: {e}", tool.name);
                    }
                }
            }
            rx.await.unwrap_or_else(|_| reply::panicked(tool.name))
        }
    }
}
