//! The commands: one file (or folder) per verb, each owning its clap Args and a `run`
//! function taking a [`Ctx`] (working directory, environment, output, standard input), so
//! tests can run them without a process, as gh does. Wiring only: the work is in the domain
//! modules below. No command imports another; what several share is in [`shared`].

pub mod ask;
pub mod brief;
pub mod ci;
pub mod completions;
pub mod config;
pub mod farm;
pub mod finish;
pub mod handoff;
pub mod inbox;
pub mod link;
pub mod log;
pub mod mcp;
pub mod on_issue_event;
pub mod pr;
pub mod pull;
pub mod reap;
pub mod redact_check;
pub mod sandbox;
pub mod shared;
pub mod status;
pub mod step;
pub mod sync;
pub mod unlink;
pub mod wait;

use crate::error::Result;
use crate::output::Output;
use crate::publisher::Settings;
use crate::recorder::{self, Clients, Recorder};
use crate::workspace::Workspace;
use std::io::Read;
use std::path::PathBuf;

pub use crate::env::EnvReader;

/// Everything a command reads from or writes to the outside world.
pub struct Ctx {
    /// The directory tri was started in.
    pub cwd: PathBuf,
    /// The environment (empty values count as unset).
    pub env: EnvReader,
    /// Where output goes.
    pub out: Output,
    /// Standard input (for `--file -`).
    pub stdin: Box<dyn Read>,
    /// Literal secret values to redact (values of `*_TOKEN`, `*_SECRET`, ... variables).
    pub secrets: Vec<String>,
    /// Whether standard input is a terminal (no prompts otherwise).
    pub stdin_is_terminal: bool,
    /// The process's network clients (one GitHub client, one Railway provider; tests
    /// inject stand-ins with [`Clients::new`]). A long-lived process gives every command's
    /// context a clone of the same one.
    pub clients: Clients,
    /// What ends a command's waiting early: Ctrl-C, and in `tri mcp` the host's
    /// cancellation of the call ([`shared::interrupt`]).
    pub interrupt: shared::interrupt::Interrupt,
    /// Write nothing under `.trinity/` (`tri mcp --read-only`): a command that would
    /// refresh a local cache as it reads (`brief`: the journal pulled from the issue, the
    /// link's title; the metric totals, through [`Ctx::workspace`]'s
    /// [`Workspace::read_only`]) shows what it read without saving it.
    pub read_only: bool,
}

impl Ctx {
    /// The context of this process.
    pub fn from_process(json: bool, verbose: bool) -> Result<Ctx> {
        use std::io::IsTerminal;
        let cwd = std::env::current_dir().map_err(|e| {
            crate::error::Error::Other(format!("cannot read the current directory: {e}"))
        })?;
        let secrets = crate::redact::process_secrets();
        let mut out = Output::stdio(json, verbose);
        out.secrets = secrets.clone();
        Ok(Ctx {
            cwd,
            env: Box::new(crate::env::process_env),
            out,
            stdin: Box::new(std::io::stdin()),
            secrets,
            stdin_is_terminal: std::io::stdin().is_terminal(),
            clients: Clients::default(),
            interrupt: Default::default(),
            read_only: false,
        })
    }

    /// A context for a command run in-process (tests, a long-lived server): `cwd`, `env`,
    /// `out`, no standard input, no secrets beyond those given later, the real clients.
    pub fn new(cwd: PathBuf, env: EnvReader, out: Output) -> Ctx {
        Ctx {
            cwd,
            env,
            out,
            stdin: Box::new(std::io::empty()),
            secrets: Vec::new(),
            stdin_is_terminal: false,
            clients: Clients::default(),
            interrupt: Default::default(),
            read_only: false,
        }
    }

    /// The recorder of a command in `ws` ([`Recorder::new`]): every setting it needs read
    /// and checked now, before the command writes anything or calls any API.
    ///
    /// Errors: as [`Recorder::new`] (exit 2 for a malformed setting or config file, 4 for
    /// a malformed token).
    pub fn recorder(&self, ws: &Workspace, opts: recorder::Options) -> Result<Recorder> {
        Recorder::new(ws, &*self.env, &self.secrets, &self.clients, opts)
    }

    /// The workspace for the working directory.
    pub fn workspace(&self) -> Workspace {
        let ws = Workspace::discover(&self.cwd);
        if self.read_only {
            ws.read_only()
        } else {
            ws
        }
    }

    /// Publisher settings from the environment, with the journal writers from the
    /// environment or the config files (`journal_writers`).
    ///
    /// Errors: [`crate::error::Error::Usage`] for a malformed setting;
    /// [`crate::error::Error::Corrupt`] for a config file that is not a JSON object.
    pub fn publish_settings(&self) -> Result<Settings> {
        Settings::resolve(
            &*self.env,
            &self.config(&self.workspace())?,
            self.secrets.clone(),
        )
    }

    /// A publisher for `ws` with `settings` over the process's GitHub client
    /// ([`Clients::github`], injectable): how a command that reads from GitHub without
    /// recording (brief, inbox, link, pull) talks to it.
    ///
    /// Errors: [`Clients::github`]'s.
    pub fn publisher<'w>(
        &self,
        ws: &'w Workspace,
        settings: Settings,
    ) -> Result<crate::publisher::Publisher<'w>> {
        Ok(match self.clients.github(&settings)? {
            Some(gh) => crate::publisher::Publisher::with_github(ws, settings, gh),
            None => crate::publisher::Publisher::new(ws, settings),
        })
    }

    /// The configuration of `ws` (workspace and user files). A recording command reads it
    /// through its [`Recorder`] instead ([`Recorder::config`]).
    ///
    /// Errors: [`crate::error::Error::Usage`] / [`crate::error::Error::Corrupt`] from the config.
    pub fn config(&self, ws: &Workspace) -> Result<crate::config::Config> {
        crate::config::Config::load(ws, &*self.env)
    }
}
