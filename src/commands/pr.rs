//! `tri agent pr link N` / `tri agent pr unlink`: names (or forgets) the session's pull
//! request, kept in the link file's `pull_request` field. Without one, the commands that
//! read the pull request (`inbox`, `brief`, `wait`) look for the open one of the current
//! branch (`GET /repos/{o}/{r}/pulls?head=OWNER:BRANCH`). Local only: nothing is sent.

use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::workspace::link;
use clap::{Args, Subcommand};
use serde_json::json;

/// `tri agent pr`.
#[derive(Debug, Args)]
pub struct PrArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: PrCommand,
}

/// `tri agent pr` subcommands.
#[derive(Debug, Subcommand)]
pub enum PrCommand {
    /// Name the session's pull request (its number in the linked repository).
    Link {
        /// The pull request's number.
        #[arg(value_parser = crate::value::parse_issue, value_name = "N")]
        number: u64,
    },
    /// Forget the session's pull request (it is found from the current branch again).
    Unlink,
}

/// Runs `tri agent pr`.
pub fn run(args: &PrArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    if !ws.exists() {
        return Err(Error::NotLinked);
    }
    let want = match args.command {
        PrCommand::Link { number } => Some(number),
        PrCommand::Unlink => None,
    };
    let mut before = None;
    let mut target = None;
    let linked = link::update(&ws, |l| {
        before = l.pull_request;
        l.pull_request = want;
        target = Some((l.repo.clone(), l.issue));
    })?;
    let (repo, issue) = target.filter(|_| linked).ok_or(Error::NotLinked)?;
    match want {
        Some(n) => ctx.out.line(&format!(
            "Pull request {repo}#{n} is the session's (issue {repo}#{issue}); inbox, brief and wait read its reviews."
        )),
        None => ctx.out.line(&match before {
            Some(n) => format!("Forgot pull request #{n}; the current branch's is looked up instead."),
            None => "No pull request was linked; nothing changed.".to_string(),
        }),
    }
    ctx.out.result(&json!({
        "issue": issue,
        "repo": repo,
        "pull_request": want,
        "changed": before != want,
    }));
    Ok(EXIT_OK)
}
