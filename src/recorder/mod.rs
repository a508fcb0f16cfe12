//! The recorder: the one path by which a command records an event — write it
//! ([`crate::journal::record`](fn@crate::journal::record)), audit it, publish it ([`crate::publisher::publish_one`]),
//! set the state label ([`crate::publisher::labels::echo`]) — and the one place that reads
//! and checks every setting a recording command needs, **before** anything is written or
//! any API is called (docs/exit-codes.md, "Exit codes").
//!
//! How a command records an event (in `src/commands/<verb>.rs`; `Ctx::recorder` builds the
//! recorder from the command's context, `shared` is `crate::commands::shared`):
//!
//! ```ignore
//! let ws = ctx.workspace();
//! let mut recorder = ctx.recorder(&ws, Options::default())?; // every setting checked here
//! // ... whatever may still fail with "nothing changed" (exit 2, 3, 4) comes here ...
//! let r = recorder.record(NewEvent::new(event_type, message), ("ask", "ok"))?; // audit line
//! ctx.out.line(&shared::describe_outcome(&r.outcome));
//! shared::say_recorded(ctx, &r); // warnings and the state label, on stderr
//! ctx.out.result(&shared::recorded_json(&r));
//! Ok(EXIT_OK)
//! ```
//!
//! Tests inject the clients: `ctx.clients = Clients::with_github(Arc::new(|s| ...))` (a
//! [`GitHubFactory`] building [`crate::github::GitHub`] at a stand-in's URL), or
//! [`Clients::new`] with a Railway factory too.
//!
//! Once `record` returns `Ok`, the event is recorded: the command exits 0 (or the code
//! docs/exit-codes.md gives for "done, recorded, and it failed", e.g. a failed deployment) whatever
//! GitHub said; a refused token or an unreachable GitHub leaves the event queued and is a
//! warning ([`Recorded::warnings`]). `record` may be called many times on one recorder
//! (the sandbox lifecycle records several events; a long-lived process many more).
//!
//! The network: a recorder holds the process's [`Clients`] (one GitHub client, one
//! Railway provider, made on first use by factories tests replace) and every call runs on
//! the process's one async runtime ([`crate::net::runtime`], via [`Recorder::block_on`]).
//! A long-lived process (the MCP server) keeps one [`Clients`] and gives each command's
//! context a clone; it must call commands from a plain thread (e.g. tokio's
//! `spawn_blocking`), never from inside a future, as `block_on` cannot nest.

mod clients;

pub use clients::{Clients, GitHubFactory, RailwayFactory, SharedProvider};

use crate::audit::{self, Record};
use crate::config::Config;
use crate::env::Env;
use crate::error::Result;
use crate::journal::{self, NewEvent, RecordSettings};
use crate::publisher::labels::LabelOutcome;
use crate::publisher::{Outcome, Publisher, Queued, Settings};
use crate::workspace::Workspace;

/// What a command may need besides recording and publishing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// `--sticky` was given (the sticky setting is flag > `TRI_STICKY` > config).
    pub sticky_flag: bool,
    /// Never publish into the sticky journal comment (hand-offs: its lines keep only a
    /// first line).
    pub never_sticky: bool,
    /// The command acts on the sandbox: read `TRI_SANDBOX_POLL_MS` too.
    pub sandbox: bool,
}

/// What became of the state label after a recording.
#[derive(Debug, Clone, PartialEq)]
pub enum LabelEcho {
    /// Labels are off (`TRI_LABELS`, config `labels`).
    Off,
    /// On, and the session asks for no label (or the change is pending with no token:
    /// see [`LabelOutcome::Pending`]).
    Nothing,
    /// Set, or left pending for `sync`.
    Done(LabelOutcome),
    /// The label request failed locally (its state file); pending for `sync`.
    Failed(String),
}

/// A recorded event and what became of it.
#[derive(Debug)]
pub struct Recorded {
    /// The event, its experience file and outbox entry.
    pub rec: journal::Written,
    /// Published, or queued and why.
    pub outcome: Outcome,
    /// The state label.
    pub label: LabelEcho,
    /// Warnings for stderr, one sentence each (the gate's, a local write after the comment
    /// was posted, a refused token, a failed send); never a reason to exit non-zero.
    pub warnings: Vec<String>,
}

/// The recorder of one command (see the module docs).
pub struct Recorder {
    ws: Workspace,
    publish: Settings,
    record: RecordSettings,
    labels: bool,
    config: Config,
    poll_ms: u64,
    clients: Clients,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("ws", &self.ws)
            .field("publish", &self.publish)
            .field("labels", &self.labels)
            .finish_non_exhaustive()
    }
}

impl Recorder {
    /// Reads and checks every setting a recording command in `ws` needs through `env`:
    /// the publisher's ([`Settings::resolve`]), the config files, `TRI_STICKY`,
    /// `TRI_LABELS`, and with [`Options::sandbox`] `TRI_SANDBOX_POLL_MS`. Writes nothing,
    /// sends nothing. `secrets`: literal values to redact.
    ///
    /// Errors: [`crate::error::Error::Usage`] for a malformed setting or a config file that
    /// does not parse, [`crate::error::Error::Io`] for one that cannot be read,
    /// [`crate::error::Error::Auth`] for a token with characters no token has.
    pub fn new(
        ws: &Workspace,
        env: &Env,
        secrets: &[String],
        clients: &Clients,
        opts: Options,
    ) -> Result<Recorder> {
        // A config file that does not parse is a setting to fix, like a malformed variable:
        // exit 2, nothing done.
        let config = Config::load(ws, env).map_err(|e| match e {
            crate::error::Error::Corrupt { .. } => crate::error::Error::Usage(e.to_string()),
            e => e,
        })?;
        let publish = Settings::resolve(env, &config, secrets.to_vec())?;
        let sticky = !opts.never_sticky && config.sticky(opts.sticky_flag, env)?;
        let record = RecordSettings {
            secrets: secrets.to_vec(),
            run_url: crate::github::actions_run_url(env),
            sticky,
            send_now: publish.token.is_some(),
        };
        let labels = config.labels(env)?;
        let poll_ms = if opts.sandbox {
            crate::sandbox::lifecycle::POLL.read(env)?
        } else {
            crate::sandbox::lifecycle::DEFAULT_POLL_MS
        };
        Ok(Recorder {
            ws: ws.clone(),
            publish,
            record,
            labels,
            config,
            poll_ms,
            clients: clients.clone(),
        })
    }

    /// The configuration read (workspace and user files).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The publisher settings read.
    pub fn settings(&self) -> &Settings {
        &self.publish
    }

    /// The pause between status polls of a followed deployment, ms (`TRI_SANDBOX_POLL_MS`;
    /// the default unless built with [`Options::sandbox`]).
    pub fn poll_ms(&self) -> u64 {
        self.poll_ms
    }

    /// The process's clients.
    pub fn clients(&self) -> &Clients {
        &self.clients
    }

    /// A publisher for this workspace over the process's GitHub client (for reads such as
    /// the issue's title; run its futures with [`Recorder::block_on`]).
    ///
    /// Errors: [`Clients::github`]'s.
    pub fn publisher(&self) -> Result<Publisher<'_>> {
        Ok(match self.clients.github(&self.publish)? {
            Some(gh) => Publisher::with_github(&self.ws, self.publish.clone(), gh),
            None => Publisher::new(&self.ws, self.publish.clone()),
        })
    }

    /// Runs `fut` on the process's one async runtime ([`crate::net::block_on`]).
    ///
    /// Errors: [`crate::error::Error::Other`] when the runtime cannot start.
    pub fn block_on<F: std::future::Future>(&self, fut: F) -> Result<F::Output> {
        crate::net::block_on(fut)
    }

    /// Records `event` in the workspace, appends the audit line `(command, result)` (e.g.
    /// `("step", "ok")`), publishes it, and sets the state label when labels are on.
    ///
    /// Errors: only before the event is recorded ([`journal::record`](fn@crate::journal::record)'s: not linked, the
    /// disk); after, every failure is a queued outcome or a warning.
    pub fn record(&mut self, event: NewEvent, audit_as: (&str, &str)) -> Result<Recorded> {
        let mut rec = journal::record(&self.ws, event, &self.record)?;
        audit::append(
            &self.ws.audit_file(),
            &Record::new(audit_as.0, audit_as.1)
                .issue(rec.event.issue)
                .event(&rec.event.id),
        );
        let mut warnings = Vec::new();
        let mut publisher = match self.publisher() {
            Ok(p) => Some(p),
            Err(e) => {
                warnings.push(e.to_string());
                None
            }
        };
        let outcome = match publisher.as_mut() {
            Some(p) => match crate::publisher::publish_one(p, &mut rec) {
                Ok((o, w)) => {
                    warnings.extend(w);
                    o
                }
                Err(e) => {
                    warnings.push(e.to_string());
                    Outcome::Queued(Queued::Unreachable(e.to_string()))
                }
            },
            None => {
                let durable = rec.wait_durable();
                let why = warnings.first().cloned().unwrap_or_default();
                if let Err(e) = durable {
                    warnings.push(e.to_string());
                }
                Outcome::Queued(Queued::Unreachable(why))
            }
        };
        if let Outcome::Queued(Queued::Auth(m)) = &outcome {
            warnings.push(m.clone());
        }
        let label = match (self.labels, publisher.as_mut()) {
            (false, _) => LabelEcho::Off,
            (true, Some(p)) => {
                let e = &rec.event;
                match crate::publisher::labels::echo(&self.ws, p, &e.repo, e.issue, &e.session_id) {
                    Ok(None) => LabelEcho::Nothing,
                    Ok(Some(o)) => LabelEcho::Done(o),
                    Err(e) => LabelEcho::Failed(e.to_string()),
                }
            }
            (true, None) => LabelEcho::Failed(warnings.first().cloned().unwrap_or_default()),
        };
        Ok(Recorded {
            rec,
            outcome,
            label,
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The recorder's publishing settings take `journal_writers` from `.trinity/config.json`
    /// (whose markers count in the marker look-up, sticky adoption and `reap`), and the
    /// variable wins over the file, as for the read-only commands' settings.
    #[test]
    fn journal_writers_in_the_workspace_file_reach_the_recorder() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join(".trinity")).unwrap();
        std::fs::write(
            t.path().join(".trinity/config.json"),
            r#"{"journal_writers": "self"}"#,
        )
        .unwrap();
        let ws = Workspace::at(t.path().to_path_buf());
        let user_dir = t.path().join("user-config");
        let user = user_dir.to_string_lossy().into_owned();
        let from = |var: Option<&str>| {
            let user = user.clone();
            let var = var.map(str::to_string);
            move |k: &str| match k {
                "TRI_CONFIG_DIR" => Some(user.clone()),
                crate::trust::WRITERS_VAR => var.clone(),
                _ => None,
            }
        };
        let opts = Options::default();
        let clients = Clients::default();
        let file = Recorder::new(&ws, &from(None), &[], &clients, opts).unwrap();
        assert_eq!(
            file.settings().writers,
            crate::trust::parse_writers("self").unwrap()
        );
        let env = Recorder::new(&ws, &from(Some("collaborators")), &[], &clients, opts).unwrap();
        assert_eq!(
            env.settings().writers,
            crate::trust::parse_writers("collaborators").unwrap()
        );
        // A malformed value in the file refuses the command, naming the file.
        std::fs::write(
            t.path().join(".trinity/config.json"),
            r#"{"journal_writers": "no such word!"}"#,
        )
        .unwrap();
        match Recorder::new(&ws, &from(None), &[], &clients, opts) {
            Err(crate::error::Error::Usage(m)) => assert!(m.contains("config.json"), "{m}"),
            other => panic!("{:?}", other.map(|r| r.settings().writers.clone())),
        }
    }
}
