//! The command line, as clap definitions. They also feed the shell completions and man
//! pages (`tri completions`, `completions/`, `man/`).

use crate::event::EventType;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

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
to the Actions run); TRI_STICKY; TRI_CONFIG_DIR; NO_COLOR, CLICOLOR, CLICOLOR_FORCE.\n\n\
Files: .trinity/ at the workspace root (link, experience files, outbox, audit log); \
.trinity/config.json and the user file shown by `tri config show` for defaults (repo, sticky)."
)]
#[command(
    after_help = "Exit codes: 0 done (a step recorded and queued is done), 1 error, 2 usage, 3 not linked, 4 authentication needed or refused."
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
    /// Work on a GitHub issue: link, step, status, log, sync, unlink.
    Agent(AgentArgs),
    /// Print the shell completion script for SHELL on stdout.
    Completions(CompletionsArgs),
    /// Show tri's settings and where each value comes from.
    Config(ConfigArgs),
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
    Link(LinkArgs),
    /// Record a step: an experience file, and a comment on the linked issue.
    Step(StepArgs),
    /// End the link (queued steps stay queued).
    Unlink,
    /// Show the link and how many steps wait to be published.
    Status,
    /// Publish every queued step; exits 0 only when nothing is left queued.
    Sync,
    /// Show the journal of an issue as a timeline, with metric totals.
    Log(LogArgs),
    /// Read and change the Railway farm mapping (.trinity/railway_farm.json).
    Farm(crate::commands::farm::FarmArgs),
    /// Create, deploy, inspect and destroy the issue's Railway sandbox; each step is published to the issue.
    Sandbox(crate::commands::sandbox::SandboxArgs),
    /// CI hook: act on the GitHub Actions `issues` event in GITHUB_EVENT_PATH (opened/reopened: create and deploy; closed/deleted: destroy).
    OnIssueEvent(crate::commands::on_issue_event::OnIssueEventArgs),
}

impl Cli {
    /// Whether `--json` is on for the command given (commands without it: false).
    pub fn json(&self) -> bool {
        match &self.command {
            Command::Agent(a) => a.json,
            Command::Config(c) => c.json,
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }
}

/// `tri completions`.
#[derive(Debug, Args)]
#[command(after_help = "Install (then start a new shell):\n\n\
                  bash: tri completions bash > ~/.local/share/bash-completion/completions/tri\n\n\
                  zsh: tri completions zsh > ~/.zfunc/_tri (with fpath+=(~/.zfunc) before compinit in ~/.zshrc)\n\n\
                  fish: tri completions fish > ~/.config/fish/completions/tri.fish")]
pub struct CompletionsArgs {
    /// The shell to print completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `tri config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print JSON on stdout (messages go to stderr).
    #[arg(long, global = true)]
    pub json: bool,

    /// The config command.
    #[command(subcommand)]
    pub command: ConfigCommand,
}

/// `tri config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print each effective setting and where it came from (never a token).
    Show,
}

/// `tri agent log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The issue whose journal to show (default: the linked issue).
    #[arg(long, value_parser = parse_issue, value_name = "N")]
    pub issue: Option<u64>,

    /// Show only the newest K steps (0: all of them).
    #[arg(long, short = 'n', value_name = "K", default_value_t = 30)]
    pub limit: usize,
}

/// Parses an issue number: a positive integer that fits in u64.
pub fn parse_issue(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let t = t.strip_prefix('#').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{s}` is not an issue number; give a positive integer such as 42"
        ));
    }
    match t.parse::<u64>() {
        Ok(0) => Err("issue numbers start at 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "`{s}` is too large to be an issue number (at most {})",
            u64::MAX
        )),
    }
}

/// `tri agent link`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The issue number, e.g. 42.
    #[arg(value_parser = parse_issue, allow_hyphen_values = true)]
    pub issue: u64,

    /// The repository as OWNER/NAME (default: GH_REPO, GITHUB_REPOSITORY, then the git
    /// remotes upstream, github, origin).
    #[arg(long, short = 'R', value_name = "OWNER/NAME")]
    pub repo: Option<String>,

    /// Replace a link to another issue (and move an unreadable link file aside).
    #[arg(long)]
    pub force: bool,
}

/// `tri agent step`.
#[derive(Debug, Args)]
pub struct StepArgs {
    /// What was done (markdown). Or use --file.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub message: Option<String>,

    /// Read the message from a file (`-` for standard input).
    #[arg(long, short, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// The event type.
    #[arg(long = "event", short = 'e', value_name = "TYPE", default_value = "step_completed", value_parser = parse_event_type)]
    pub event: EventType,

    /// A metric of the step as NAME=NUMBER, e.g. tokens=1200 (repeatable).
    #[arg(long = "metric", short = 'm', value_name = "NAME=NUMBER", value_parser = parse_metric)]
    pub metrics: Vec<(String, f64)>,

    /// Publish into the issue's one journal comment, edited in place, instead of a new comment.
    #[arg(long)]
    pub sticky: bool,
}

fn parse_event_type(s: &str) -> Result<EventType, String> {
    s.parse()
}

/// Parses `NAME=NUMBER` (NAME: letters, digits, `_`, `.`, `-`; NUMBER: finite).
pub fn parse_metric(s: &str) -> Result<(String, f64), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not NAME=NUMBER, e.g. tokens=1200"))?;
    let k = k.trim();
    if k.is_empty()
        || !k
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    {
        return Err(format!(
            "metric name `{k}` may hold only letters, digits, `_`, `.` and `-`"
        ));
    }
    let x: f64 = v
        .trim()
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite())
        .ok_or_else(|| format!("metric `{k}` needs a number, got `{v}`"))?;
    Ok((k.to_string(), x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn issue_numbers() {
        assert_eq!(parse_issue("42"), Ok(42));
        assert_eq!(parse_issue("#7"), Ok(7));
        assert_eq!(parse_issue("18446744073709551615"), Ok(u64::MAX));
        for bad in [
            "abc",
            "0",
            "-5",
            "1234567890123456789012345",
            "",
            "4.2",
            "+3",
        ] {
            assert!(parse_issue(bad).is_err(), "{bad}");
        }
        assert!(parse_issue("1234567890123456789012345")
            .unwrap_err()
            .contains("too large"));
    }

    #[test]
    fn metrics() {
        assert_eq!(parse_metric("tokens=1200"), Ok(("tokens".into(), 1200.0)));
        assert_eq!(parse_metric("cost_usd=0.03"), Ok(("cost_usd".into(), 0.03)));
        assert!(parse_metric("tokens").is_err());
        assert!(parse_metric("a b=1").is_err());
        assert!(parse_metric("x=NaN").is_err());
    }
}
