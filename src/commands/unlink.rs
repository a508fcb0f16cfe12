//! `tri agent unlink`: ends the link. Queued steps stay in the outbox; `sync` still
//! publishes them (each carries its own issue and repo). A session that recorded steps and
//! no `tri agent finish` is told so: without a finish its end is not on the issue (and its
//! state label, when labels are on, stays `tri:working`).

use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Error, Result, EXIT_OK};
use crate::journal::outbox;
use crate::workspace::{self, link, lock::LockFile};
use serde_json::json;

/// `tri agent unlink` (no arguments of its own; `--json` and `--verbose` are global).
#[derive(Debug, clap::Args, Default)]
pub struct UnlinkArgs {}

/// Removes the link file; says so and exits 0 when nothing is linked. An unreadable link
/// file is moved aside as `current_issue.json.corrupt-<timestamp>`.
pub fn run(_args: &UnlinkArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    if !ws.exists() {
        ctx.out.line("Not linked: nothing to unlink.");
        ctx.out.result(&json!({ "unlinked": false }));
        return Ok(EXIT_OK);
    }
    let mut lock = LockFile::open(&ws.lock_file())?;
    let _guard = lock.lock()?;
    let path = ws.link_file();
    let old = match link::read(&path) {
        Ok(Some(l)) => l,
        Ok(None) => {
            ctx.out.line("Not linked: nothing to unlink.");
            ctx.out.result(&json!({ "unlinked": false }));
            return Ok(EXIT_OK);
        }
        Err(Error::Corrupt { .. }) => {
            let aside = workspace::move_aside(&path)?;
            ctx.out.line(&format!(
                "Unlinked: {} could not be parsed and was moved aside to {}.",
                ws.display_path(&path),
                ws.display_path(&aside)
            ));
            audit::append(
                &ws.audit_file(),
                &Record::new("unlink", "ok").detail("moved an unreadable link file aside", &[]),
            );
            ctx.out
                .result(&json!({ "unlinked": true, "moved_aside": aside.to_string_lossy() }));
            return Ok(EXIT_OK);
        }
        Err(e) => return Err(e),
    };
    std::fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
    audit::append(
        &ws.audit_file(),
        &Record::new("unlink", "ok").issue(old.issue),
    );
    let queued = outbox::list(&ws.outbox_dir())?.len();
    ctx.out.line(&format!(
        "Unlinked {}#{} after {} steps.",
        old.repo, old.issue, old.steps
    ));
    if queued > 0 {
        ctx.out.line(&format!(
            "{queued} step(s) are still queued; `tri agent sync` (with GH_TOKEN set) publishes them."
        ));
    }
    if old.steps > 0 && old.finished.is_none() {
        ctx.out.line(&format!(
            "Session {} recorded {} step(s) and no finish, so the issue does not show that it ended: next time run `tri agent finish [--status done|failed|cancelled]` before `tri agent unlink` (in CI, also in an `if: cancelled()` step).",
            crate::event::short_session(&old.session_id),
            old.steps
        ));
    }
    ctx.out.result(&json!({
        "unlinked": true,
        "issue": old.issue,
        "repo": old.repo,
        "steps": old.steps,
        "queued": queued,
    }));
    Ok(EXIT_OK)
}
