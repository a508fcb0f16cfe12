//! `tri agent link <ISSUE> [--repo OWNER/NAME] [--force]`.

use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Error, Result, EXIT_OK};
use crate::workspace::{self, link, lock::LockFile};
use clap::Args;

/// `tri agent link`.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// The issue number, e.g. 42.
    #[arg(value_parser = crate::value::parse_issue, allow_hyphen_values = true)]
    pub issue: u64,

    /// The repository as OWNER/NAME (default: GH_REPO, GITHUB_REPOSITORY, then the git
    /// remotes upstream, github, origin).
    #[arg(long, short = 'R', value_name = "OWNER/NAME")]
    pub repo: Option<String>,

    /// Replace a link to another issue (and move an unreadable link file aside).
    #[arg(long)]
    pub force: bool,
}

/// Links the workspace to `args.issue`. Idempotent for the issue already linked; refuses
/// another issue unless `--force`.
pub fn run(args: &LinkArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let (repo, source) = super::shared::resolve_repo(&ws, ctx, args.repo.as_deref())?;
    // Every setting is checked before anything is written.
    let settings = ctx.publish_settings()?;
    ws.create()?;
    let mut lock = LockFile::open(&ws.lock_file())?;
    let guard = lock.lock()?;
    let path = ws.link_file();
    let existing = match link::read(&path) {
        Ok(l) => l,
        Err(e @ Error::Corrupt { .. }) => {
            if !args.force {
                return Err(e);
            }
            let aside = workspace::move_aside(&path)?;
            ctx.out.warn(&format!(
                "warning: {} could not be parsed; moved it aside to {}",
                ws.display_path(&path),
                ws.display_path(&aside)
            ));
            None
        }
        Err(e) => return Err(e),
    };
    if let Some(l) = &existing {
        if l.issue == args.issue && l.repo == repo {
            ctx.out.line(&format!(
                "Already linked to {}#{} (session {}).",
                l.repo, l.issue, l.session_id
            ));
            ctx.out.result(&super::shared::link_json(l, false));
            return Ok(EXIT_OK);
        }
        if !args.force {
            return Err(Error::Other(format!(
                "this workspace is linked to {}#{}; run `tri agent unlink` first, or pass --force to link {repo}#{} instead",
                l.repo, l.issue, args.issue
            )));
        }
    }
    let new = link::Link::new(args.issue, repo, crate::event::now_ms());
    link::write(&path, &new)?;
    audit::append(
        &ws.audit_file(),
        &Record::new("link", "ok")
            .issue(new.issue)
            .detail(&format!("{} (repo from {source})", new.repo), &ctx.secrets),
    );
    if let Some(old) = &existing {
        ctx.out
            .line(&format!("Unlinked {}#{} (--force).", old.repo, old.issue));
    }
    ctx.out.line(&format!(
        "Linked {} to {}#{} (repo from {source}).",
        ws.root().display(),
        new.repo,
        new.issue
    ));
    drop(guard);
    // A fresh checkout of an issue others worked on: say what `pull` would bring. Best
    // effort: the link stands whatever GitHub answers.
    if settings.token.is_some() {
        let mut p = ctx.publisher(&ws, settings)?;
        // Best effort: a rate limit in force is not waited for.
        p.no_wait();
        let counted = super::shared::block_on(p.count_on_issue(&new.repo, new.issue));
        for w in p.take_warnings() {
            ctx.out.warn(&format!("tri: warning: {w}"));
        }
        if let Ok(Ok(Ok((on_issue, new_here)))) = counted {
            if new_here > 0 {
                ctx.out.line(&format!(
                    "{on_issue} event(s) of tri are on {}#{}, {new_here} not in this workspace: `tri agent pull` brings them here.",
                    new.repo, new.issue
                ));
            }
        }
    }
    ctx.out.result(&super::shared::link_json(&new, true));
    Ok(EXIT_OK)
}
