//! The top of the command line: the command tree (`tri agent …`, `tri config …`,
//! `tri completions …`) and the dispatch to each command's `run`. Each command owns its
//! own Args in `src/commands/<name>.rs`; this file holds only the enums that name them. The
//! tree also feeds the shell completions and man pages (`completions/`, `man/`).

use crate::commands::{self, Ctx};
use crate::error::Result;
use clap::{Args, CommandFactory, Parser, Subcommand};

/// tri ties an agent's work to a GitHub issue: link a working copy to an issue, journal each
/// step locally and as a comment on the issue.
#[derive(Debug, Parser)]
#[command(name = "tri", version, about, propagate_version = true)]
#[command(
    long_about = "tri ties an agent's work to a GitHub issue: `tri agent link 42` binds this \
working copy to issue 42, `tri agent step \"tests pass\"` writes an experience file under .trinity/ \
and a comment on the issue, `tri agent log` shows the journal, `tri agent sync` publishes what \
was queued.\n\n\
Environment: GH_TOKEN or GITHUB_TOKEN (the token, never printed); GH_REPO or GITHUB_REPOSITORY \
(the repository); GITHUB_API_URL (GitHub Enterprise); GITHUB_SERVER_URL and GITHUB_RUN_ID (link \
to the Actions run); TRI_STICKY; TRI_LABELS; TRI_CONFIG_DIR; NO_COLOR, CLICOLOR, CLICOLOR_FORCE.\n\n\
Files: .trinity/ at the workspace root (link, experience files, outbox, audit log); \
.trinity/config.json and the user file shown by `tri config show` for defaults (repo, sticky, labels)."
)]
#[command(
    after_help = "Exit codes: 0 done (a step recorded and queued is done), 1 error, 2 usage, 3 not linked, 4 authentication needed or refused, 5 timed out (`tri agent wait`, nothing recorded), 6 deploy refused by the crash-loop breaker (use --force), 130 interrupted."
)]
pub struct Cli {
    /// Print more detail on errors and what tri does (never a token).
    #[arg(long, short, global = true)]
    pub verbose: bool,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Work on a GitHub issue: link, step, ask, wait, pr, handoff, finish, brief, inbox, status, log, sync, unlink.
    Agent(AgentArgs),
    /// Set the repository up for tri in GitHub Actions: write workflow files.
    Ci(commands::ci::CiArgs),
    /// Print the shell completion script for SHELL on stdout.
    Completions(commands::completions::CompletionsArgs),
    /// Show tri's settings and where each value comes from.
    Config(commands::config::ConfigArgs),
    /// Serve tri's agent commands as tools to an agent host (Model Context Protocol on stdin/stdout).
    Mcp(commands::mcp::McpArgs),
}

/// `tri agent`.
#[derive(Debug, Args)]
pub struct AgentArgs {
    /// Print JSON on stdout (messages go to stderr).
    #[arg(long, global = true)]
    pub json: bool,

    /// The agent command.
    #[command(subcommand)]
    pub command: AgentCommand,
}

/// `tri agent` subcommands.
#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Link this working copy to a GitHub issue.
    Link(commands::link::LinkArgs),
    /// Record a step: an experience file, and a comment on the linked issue.
    Step(commands::step::StepArgs),
    /// Hand the issue over: record goal, steps done, what to do next, open problems, sandbox and metrics as one event.
    Handoff(commands::handoff::HandoffArgs),
    /// Ask the people on the issue something: a `question` event (an experience file and a comment); `wait` returns the answer.
    Ask(commands::ask::AskArgs),
    /// Wait for the first trusted reply after the session's latest question (issue comments, the pull request's reviews and review comments); exit 5 on time-out.
    Wait(commands::wait::WaitArgs),
    /// Name or forget the session's pull request (`pr link N`, `pr unlink`); without one, the current branch's is used.
    Pr(commands::pr::PrArgs),
    /// End the session with an event (done, failed or cancelled), e.g. from a CI job's `if: cancelled()` step.
    Finish(commands::finish::FinishArgs),
    /// What an incoming agent reads first: the latest hand-off, steps since, open problems, sandbox, metrics, human replies.
    Brief(commands::brief::BriefArgs),
    /// The issue's human replies since the session's last step, from trusted authors.
    Inbox(commands::inbox::InboxArgs),
    /// End the link (queued steps stay queued).
    Unlink(commands::unlink::UnlinkArgs),
    /// Show the link and how many steps wait to be published.
    Status(commands::status::StatusArgs),
    /// Publish every queued step, waiting out a rate limit GitHub asked for (unless --no-wait); exits 0 only when nothing is left queued.
    Sync(commands::sync::SyncArgs),
    /// Show the journal of an issue as a timeline, with metric totals.
    Log(commands::log::LogArgs),
    /// Rebuild this workspace's journal of the issue from its comments on GitHub.
    Pull(commands::pull::PullArgs),
    /// Read and change the Railway farm mapping (.trinity/railway_farm.json).
    Farm(commands::farm::FarmArgs),
    /// Create, deploy, inspect and destroy the issue's Railway sandbox; each step is published to the issue.
    Sandbox(commands::sandbox::SandboxArgs),
    /// CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy).
    OnIssueEvent(commands::on_issue_event::OnIssueEventArgs),
    /// Destroy the sandboxes of this repository whose issue is closed or gone (and, with
    /// --older-than, quiet too long): a table of kept / destroyed / skipped.
    Reap(commands::reap::ReapArgs),
    /// Show a text as tri would publish it, secrets redacted, with a count per rule (records and sends nothing).
    RedactCheck(commands::redact_check::RedactCheckArgs),
}

impl Cli {
    /// Whether `--json` is on for the command given (commands without it: false).
    pub fn json(&self) -> bool {
        match &self.command {
            Command::Agent(a) => a.json,
            Command::Config(c) => c.json,
            Command::Ci(c) => c.json,
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }
}

/// Runs the command `cli` names in `ctx`; returns the exit code of a command that finished
/// its work (an `Err` carries its own, see [`crate::error::Error::exit_code`]).
pub fn run(cli: Cli, ctx: &mut Ctx) -> Result<i32> {
    use commands::*;
    match cli.command {
        Command::Agent(a) => match a.command {
            AgentCommand::Link(args) => link::run(&args, ctx),
            AgentCommand::Step(args) => step::run(&args, ctx),
            AgentCommand::Handoff(args) => handoff::run(&args, ctx),
            AgentCommand::Finish(args) => finish::run(&args, ctx),
            AgentCommand::Ask(args) => ask::run(&args, ctx),
            AgentCommand::Wait(args) => wait::run(&args, ctx),
            AgentCommand::Pr(args) => pr::run(&args, ctx),
            AgentCommand::Brief(args) => brief::run(&args, ctx),
            AgentCommand::Inbox(args) => inbox::run(&args, ctx),
            AgentCommand::Unlink(args) => unlink::run(&args, ctx),
            AgentCommand::Status(args) => status::run(&args, ctx),
            AgentCommand::Sync(args) => sync::run(&args, ctx),
            AgentCommand::Log(args) => log::run(&args, ctx),
            AgentCommand::Pull(args) => pull::run(&args, ctx),
            AgentCommand::Farm(args) => farm::run(&args, ctx),
            AgentCommand::Sandbox(args) => sandbox::run(&args, ctx),
            AgentCommand::OnIssueEvent(args) => on_issue_event::run(&args, ctx),
            AgentCommand::Reap(args) => reap::run(&args, ctx),
            AgentCommand::RedactCheck(args) => redact_check::run(&args, ctx),
        },
        Command::Ci(c) => ci::run(&c, ctx),
        Command::Completions(args) => completions::run(&args, Cli::command(), ctx),
        Command::Config(c) => config::run(&c, ctx),
        Command::Mcp(args) => crate::mcp::run(&args, ctx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
