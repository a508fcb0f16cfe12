//! `tri agent status`: the link and the publishing queue.

use super::Ctx;
use crate::error::{Result, EXIT_OK};
use crate::publisher::outbox;
use crate::workspace::link;
use chrono::SecondsFormat;
use serde_json::json;

/// Prints the link (issue, repo, session, steps, last step) and how many events wait to be
/// published. Exits 0 whether or not an issue is linked.
pub fn run(ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let l = if ws.exists() {
        link::read(&ws.link_file())?
    } else {
        None
    };
    let entries = outbox::list(&ws.outbox_dir())?;
    let mut last_error = None;
    for p in entries.iter().rev() {
        if let Ok(Some(e)) = outbox::read(p) {
            if e.last_error.is_some() {
                last_error = e.last_error;
                break;
            }
        }
    }
    match &l {
        Some(l) => {
            ctx.out.line(&format!("Linked to {}#{}", l.repo, l.issue));
            ctx.out.line(&format!("  session    {}", l.session_id));
            ctx.out.line(&format!(
                "  linked at  {}",
                l.linked_at.to_rfc3339_opts(SecondsFormat::Secs, true)
            ));
            let last = l
                .last_step_at
                .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
                .unwrap_or_else(|| "none yet".into());
            ctx.out
                .line(&format!("  steps      {} (last {last})", l.steps));
        }
        None => ctx
            .out
            .line("Not linked. Run `tri agent link <issue>` to start."),
    }
    if entries.is_empty() {
        ctx.out.line("  queue      nothing waiting to be published");
    } else {
        ctx.out.line(&format!(
            "  queue      {} waiting to be published; `tri agent sync` sends them",
            entries.len()
        ));
        if let Some(e) = &last_error {
            ctx.out.line(&format!("  last error {e}"));
        }
    }
    let mut v = json!({
        "linked": l.is_some(),
        "workspace": ws.root().to_string_lossy(),
        "queued": entries.len(),
        "last_error": last_error,
    });
    if let Some(l) = &l {
        v["link"] = super::link::link_json(l, false);
    }
    ctx.out.result(&v);
    Ok(EXIT_OK)
}
