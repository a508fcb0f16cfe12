//! `tri agent pull [--issue N] [--json]`: rebuild this workspace's journal of the issue from
//! its comments on GitHub ([`crate::publisher::pull`]). Safe to run again: an event this
//! workspace knows is never written twice.

use super::shared::block_on;
use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::publisher::{auth_hint, Queued};
use clap::Args;
use serde_json::json;

/// `tri agent pull`.
#[derive(Debug, Args)]
pub struct PullArgs {
    /// The issue whose journal to pull (default: the linked issue; the repository is the
    /// link's, else as `link` finds it).
    #[arg(long, value_parser = crate::value::parse_issue, value_name = "N")]
    pub issue: Option<u64>,
}

/// Runs `tri agent pull`. Exit 0 when GitHub was read (even when nothing was new); 4 with
/// no token or a refused one; 1 when GitHub could not be read.
pub fn run(args: &PullArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let settings = ctx.publish_settings()?;
    let (_, repo, issue) = super::shared::target_issue(&ws, ctx, args.issue)?;
    if settings.token.is_none() {
        return Err(Error::Auth(format!(
            "reading {repo}#{issue} needs a token; {}",
            auth_hint(None)
        )));
    }
    ws.create()?;
    let mut p = ctx.publisher(&ws, settings)?;
    let pulled = block_on(p.pull(&repo, issue));
    for w in p.take_warnings() {
        ctx.out.warn(&format!("tri: warning: {w}"));
    }
    let report = match pulled?? {
        Ok(r) => r,
        Err(Queued::Auth(m)) => return Err(Error::Auth(m)),
        Err(q) => return Err(Error::Other(format!("cannot read {repo}#{issue}: {q}"))),
    };
    ctx.out.line(&format!(
        "Pulled {repo}#{issue}: {} event(s) on the issue, {} new here{}.",
        report.on_issue,
        report.written.len(),
        if report.incomplete > 0 {
            format!(
                "; {} long event(s) not yet whole on the issue, left for a later pull",
                report.incomplete
            )
        } else {
            String::new()
        }
    ));
    if report.untrusted > 0 {
        ctx.out.line(&format!(
            "Ignored {} comment(s) holding a tri marker from authors who may not write the journal (docs/security.md, \"Security model\").",
            report.untrusted
        ));
    }
    for f in &report.written {
        ctx.out.detail(&format!("  {}", ws.display_path(f)));
    }
    ctx.out.result(&json!({
        "issue": issue,
        "repo": repo,
        "on_issue": report.on_issue,
        "new": report.written.len(),
        "incomplete": report.incomplete,
        "untrusted": report.untrusted,
        "files": report.written.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>(),
    }));
    Ok(EXIT_OK)
}
