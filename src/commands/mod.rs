//! The commands: one file (or folder) per verb, each owning its clap Args and a `run`
//! function taking a [`Ctx`] (working directory, environment, output, standard input), so
//! tests can run them without a process, as gh does. Wiring only: the work is in the domain
//! modules below. No command imports another; what several share is in [`shared`].

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
pub mod on_issue_event;
pub mod pull;
pub mod reap;
pub mod redact_check;
pub mod sandbox;
pub mod shared;
pub mod status;
pub mod step;
pub mod sync;
pub mod unlink;

use crate::error::Result;
use crate::journal::RecordSettings;
use crate::output::Output;
use crate::publisher::Settings;
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
        })
    }

    /// The workspace for the working directory.
    pub fn workspace(&self) -> Workspace {
        Workspace::discover(&self.cwd)
    }

    /// Publisher settings from the environment.
    ///
    /// Errors: [`crate::error::Error::Usage`] for a malformed setting.
    pub fn publish_settings(&self) -> Result<Settings> {
        Settings::from_env(&*self.env, self.secrets.clone())
    }

    /// The configuration of `ws` (workspace and user files), read once per command and
    /// handed to [`Ctx::record_settings`] and [`Ctx::labels_on`].
    ///
    /// Errors: [`crate::error::Error::Usage`] / [`crate::error::Error::Corrupt`] from the config.
    pub fn config(&self, ws: &Workspace) -> Result<crate::config::Config> {
        crate::config::Config::load(ws, &*self.env)
    }

    /// Whether state labels are on (`TRI_LABELS` > workspace and user config > false).
    ///
    /// Errors: [`crate::error::Error::Usage`] for a malformed `TRI_LABELS`.
    pub fn labels_on(&self, config: &crate::config::Config) -> Result<bool> {
        config.labels(&*self.env)
    }

    /// How to record an event: the secrets to redact, the Actions run, the sticky setting
    /// (flag > `TRI_STICKY` > `config`) and whether it is sent at once (a token is set).
    ///
    /// Errors: [`crate::error::Error::Usage`] for a malformed `TRI_STICKY`.
    pub fn record_settings(
        &self,
        config: &crate::config::Config,
        sticky_flag: bool,
    ) -> Result<RecordSettings> {
        let sticky = config.sticky(sticky_flag, &*self.env)?;
        Ok(RecordSettings {
            secrets: self.secrets.clone(),
            run_url: crate::github::actions_run_url(&*self.env),
            sticky,
            send_now: crate::github::token_from_env(&*self.env).is_some(),
        })
    }
}
