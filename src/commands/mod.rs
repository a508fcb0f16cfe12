//! The commands: one file per command, each with its options and a `run` function taking a
//! [`Ctx`] (working directory, environment, output, standard input), so tests can run
//! them without a process, as gh does.

pub mod completions;
pub mod config;
pub mod farm;
pub mod link;
pub mod log;
pub mod on_issue_event;
pub mod sandbox;
pub mod status;
pub mod step;
pub mod sync;
pub mod unlink;

use crate::cli::{AgentCommand, Cli, Command, ConfigCommand};
use crate::error::Result;
use crate::output::Output;
use crate::publisher::{Outcome, Queued, Settings};
use crate::workspace::Workspace;
use std::io::Read;
use std::path::PathBuf;

/// Reads one environment variable by name; `None` when unset or empty.
pub type EnvReader = Box<dyn Fn(&str) -> Option<String>>;

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
        Ok(Ctx {
            cwd,
            env: Box::new(crate::env::process_env),
            out: Output::stdio(json, verbose),
            stdin: Box::new(std::io::stdin()),
            secrets: crate::publisher::redact::process_secrets(),
            stdin_is_terminal: std::io::stdin().is_terminal(),
        })
    }

    /// The workspace for the working directory.
    pub fn workspace(&self) -> Workspace {
        Workspace::discover(&self.cwd)
    }

    /// Publisher settings from the environment.
    pub fn publish_settings(&self) -> Result<Settings> {
        Settings::from_env(&*self.env, self.secrets.clone())
    }
}

/// Runs `cli` in `ctx`; returns the exit code for a command that finished its work (an
/// `Err` carries its own).
pub fn run(cli: Cli, ctx: &mut Ctx) -> Result<i32> {
    match cli.command {
        Command::Agent(a) => match a.command {
            AgentCommand::Link(args) => link::run(&args, ctx),
            AgentCommand::Step(args) => step::run(&args, ctx),
            AgentCommand::Unlink => unlink::run(ctx),
            AgentCommand::Status => status::run(ctx),
            AgentCommand::Sync => sync::run(ctx),
            AgentCommand::Log(args) => log::run(&args, ctx),
            AgentCommand::Farm(args) => farm::run(&args, ctx),
            AgentCommand::Sandbox(args) => sandbox::run(&args, ctx),
            AgentCommand::OnIssueEvent(args) => on_issue_event::run(&args, ctx),
        },
        Command::Completions(args) => completions::run(&args, ctx),
        Command::Config(c) => match c.command {
            ConfigCommand::Show => config::run_show(ctx),
        },
    }
}

/// Runs `fut` on a single-threaded tokio runtime, built only when a command needs network
/// (a step with no token never builds one).
pub fn block_on<F: std::future::Future>(fut: F) -> Result<F::Output> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::error::Error::Other(format!("cannot start the async runtime: {e}")))?;
    Ok(rt.block_on(fut))
}

/// One line saying what happened to a published or queued event.
pub fn describe_outcome(o: &Outcome) -> String {
    match o {
        Outcome::Published { urls, found_existing } => {
            let url = urls.first().map(String::as_str).unwrap_or("");
            let more = if urls.len() > 1 {
                format!(" (and {} more parts)", urls.len() - 1)
            } else {
                String::new()
            };
            if *found_existing {
                format!("Published: {url}{more} (found on the issue from an earlier try)")
            } else {
                format!("Published: {url}{more}")
            }
        }
        Outcome::Gone => "Published by another tri process.".to_string(),
        Outcome::Queued(Queued::NoToken) => {
            "Queued: no GitHub token is set. To publish later, set GH_TOKEN (or GITHUB_TOKEN) and run `tri agent sync`.".to_string()
        }
        Outcome::Queued(q) => format!("Queued: {q}. `tri agent sync` publishes it later."),
    }
}

/// The JSON name of an outcome: `published`, `queued` (or `published` for [`Outcome::Gone`]).
pub fn outcome_state(o: &Outcome) -> &'static str {
    match o {
        Outcome::Published { .. } | Outcome::Gone => "published",
        Outcome::Queued(_) => "queued",
    }
}
