//! `tri agent finish [--status done|failed|cancelled] [MESSAGE]`: ends the session with a
//! `session_finished` event, recorded and published like a step, so that a session that
//! stops — a cancelled CI job's `if: cancelled()` step included — leaves its end on the
//! issue (and, with labels on, `tri:done`, `tri:failed` or `tri:cancelled` instead of
//! `tri:working`).

use super::shared::{describe_outcome, echo_labels, recorded_json};
use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Result, EXIT_OK};
use crate::event::{EventType, SessionStatus};
use crate::journal::{self, NewEvent};
use crate::publisher::{Outcome, Queued};
use clap::Args;

/// `tri agent finish`.
#[derive(Debug, Args)]
pub struct FinishArgs {
    /// How the session ended: done, failed or cancelled.
    #[arg(long, value_name = "STATUS", default_value = "done", value_parser = crate::value::parse_status)]
    pub status: SessionStatus,

    /// A closing note (markdown; default: says the status).
    pub message: Option<String>,
}

/// The message of a finish given no note.
pub fn default_message(status: SessionStatus) -> String {
    match status {
        SessionStatus::Done => "The session finished its work.".into(),
        SessionStatus::Failed => "The session ended without finishing its work.".into(),
        SessionStatus::Cancelled => "The session was cancelled.".into(),
    }
}

/// Runs `tri agent finish`.
pub fn run(args: &FinishArgs, ctx: &mut Ctx) -> Result<i32> {
    let message = match args.message.as_deref().map(str::trim) {
        Some(m) if !m.is_empty() => m.to_string(),
        _ => default_message(args.status),
    };
    let ws = ctx.workspace();
    // Every setting is read before anything is written.
    let publish = ctx.publish_settings()?;
    let config = ctx.config(&ws)?;
    let record = ctx.record_settings(&config, false)?;
    let labels = ctx.labels_on(&config)?;
    let mut rec = journal::record(
        &ws,
        NewEvent {
            status: Some(args.status),
            ..NewEvent::new(EventType::SessionFinished, message)
        },
        &record,
    )?;
    audit::append(
        &ws.audit_file(),
        &Record::new("finish", args.status.as_str())
            .issue(rec.event.issue)
            .event(&rec.event.id),
    );
    // Sent while the entry's fsync runs; recorded, the command exits 0 whatever happens next.
    let outcome = super::shared::publish_now(ctx, &ws, &mut rec, publish.clone());
    ctx.out.line(&format!(
        "Finished session {} on {}#{} ({}) in {}",
        crate::event::short_session(&rec.event.session_id),
        rec.event.repo,
        rec.event.issue,
        args.status,
        ws.display_path(&rec.experience_file)
    ));
    ctx.out.line(&describe_outcome(&outcome));
    let label = echo_labels(&ws, ctx, labels, publish, &rec.event);
    let mut doc = recorded_json(&rec, &outcome);
    doc["status"] = args.status.as_str().into();
    if labels {
        doc["label"] = label;
    }
    ctx.out.result(&doc);
    if let Outcome::Queued(Queued::Auth(m)) = &outcome {
        ctx.out.warn(&format!("tri: warning: {m}"));
    }
    Ok(EXIT_OK)
}
