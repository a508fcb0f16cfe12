//! `tri agent status`: the link, the publishing queue and any rate limit GitHub asked for.

use super::Ctx;
use crate::error::{Result, EXIT_OK};
use crate::gate;
use crate::journal::outbox;
use crate::output::Style;
use crate::publisher::Publisher;
use crate::workspace::link;
use chrono::SecondsFormat;
use serde_json::json;

/// `tri agent status` (no arguments of its own; `--json` and `--verbose` are global).
#[derive(Debug, clap::Args, Default)]
pub struct StatusArgs {}

/// Prints the link (issue, repo, session, steps, last step), how many events wait to be
/// published, and a rate limit in force (the machine's gate for this API and token). Exits 0 whether or not an issue is linked.
pub fn run(_args: &StatusArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let stale_after = super::shared::session::stale_after(ctx)?;
    let l = link::of(&ws)?;
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
            let head = format!("Linked to {}#{}", l.repo, l.issue);
            ctx.out.line(&ctx.out.paint(&head, Style::Bold));
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
        None => ctx.out.line(&ctx.out.paint(
            "Not linked. Run `tri agent link <issue>` to start.",
            Style::Warn,
        )),
    }
    // Where the session stands (offline: a question counts as unanswered until the session
    // records something after it).
    let session_state = match &l {
        Some(l) => {
            let items = crate::journal::timeline::items(&ws, l.issue)?;
            super::shared::session::state_now(&ws, &items, Some(l), false, stale_after)
        }
        None => None,
    };
    if let Some(s) = &session_state {
        ctx.out.line(&format!(
            "  state      {} (session {}, last activity {})",
            s.state,
            crate::event::short_session(&s.session),
            s.last_activity.as_deref().unwrap_or("none")
        ));
        if let Some(q) = &s.question {
            ctx.out.line(&format!(
                "  question   {}",
                crate::handoff::one_line(&q.text)
            ));
        }
    }
    if let Some(n) = l.as_ref().and_then(|l| l.pull_request) {
        ctx.out.line(&format!("  pull req   #{n} (linked)"));
    }
    let totals = match &l {
        Some(l) => {
            let names = crate::journal::timeline::list_files(&ws.experience_dir(), l.issue)?;
            Some(crate::journal::timeline::metric_totals(
                &ws, l.issue, &names,
            ))
        }
        None => None,
    };
    if let Some(t) = &totals {
        ctx.out.line(&format!(
            "  metrics    {}",
            crate::output::format_sums(&t.sums)
        ));
    }
    if entries.is_empty() {
        ctx.out.line("  queue      nothing waiting to be published");
    } else {
        let waiting = ctx.out.paint(
            &format!("{} waiting to be published", entries.len()),
            Style::Warn,
        );
        ctx.out.line(&format!(
            "  queue      {waiting}; `tri agent sync` sends them"
        ));
        if let Some(e) = &last_error {
            ctx.out
                .line(&format!("  last error {}", ctx.out.paint(e, Style::Bad)));
        }
    }
    // A rate limit GitHub asked every tri process of this machine to wait for (the gate of
    // this API and token); settings that do not parse show no block rather than fail status.
    let block = ctx
        .publish_settings()
        .ok()
        .and_then(|s| Publisher::new(&ws, s).gate())
        .and_then(|g| g.block());
    if let Some(b) = &block {
        let what = ctx.out.paint(
            &format!("GitHub asked to wait until {}", gate::clock_utc(b.until_ms)),
            Style::Warn,
        );
        ctx.out.line(&format!(
            "  rate limit {what} ({}); steps until then stay queued, `tri agent sync` waits it out",
            b.reason
        ));
    }
    // The Railway farm mapping of the linked issue, when there is one (an unreadable farm
    // file is reported, not fatal: status still shows the link).
    let mapping = match &l {
        Some(l) if ws.farm_file().exists() => match crate::farm::read(&ws).and_then(|f| {
            // The linked repository's sandbox, not another repository's of the same number.
            let farm_repo = super::shared::sandbox::farm_repo(&ws, ctx)?;
            Ok(f.mapping_of(&crate::farm::Key::new(
                &l.repo,
                l.issue,
                farm_repo.as_deref(),
            )))
        }) {
            Ok(m) => m,
            Err(e) => {
                ctx.out.warn(&format!("warning: {e}"));
                None
            }
        },
        _ => None,
    };
    if let Some(m) = &mapping {
        let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
        ctx.out.line(&format!(
            "  sandbox    service {} ({}) on account {}; state {}, status {}",
            opt(&m.service_id),
            opt(&m.service_name),
            m.account_id
                .map(|a| a.to_string())
                .unwrap_or_else(|| "-".into()),
            opt(&m.sandbox_state),
            opt(&m.status),
        ));
    }
    let mut v = json!({
        "linked": l.is_some(),
        "workspace": ws.root().to_string_lossy(),
        "queued": entries.len(),
        "last_error": last_error,
    });
    if let Some(b) = &block {
        v["rate_limit"] = json!({
            "until": chrono::DateTime::from_timestamp_millis(b.until_ms as i64)
                .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            "reason": b.reason,
        });
    }
    if let Some(l) = &l {
        v["link"] = super::shared::link_json(l, false);
        v["pull_request"] = json!(l.pull_request);
    }
    if let Some(s) = &session_state {
        v["session_state"] = json!(s);
    }
    if let Some(t) = &totals {
        v["metrics"] = json!(t.sums);
    }
    if let Some(m) = &mapping {
        v["farm"] = json!(m);
    }
    ctx.out.result(&v);
    Ok(EXIT_OK)
}
