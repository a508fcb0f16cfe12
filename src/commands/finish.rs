//! `tri agent finish [--status done|failed|cancelled] [MESSAGE]`: ends the session with a
//! `session_finished` event, recorded and published like a step, so that a session that
//! stops — a cancelled CI job's `if: cancelled()` step included — leaves its end on the
//! issue (and, with labels on, `tri:done`, `tri:failed` or `tri:cancelled` instead of
//! `tri:working`).

use super::shared::{describe_outcome, recorded_json, say_recorded};
use super::Ctx;
use crate::error::{Result, EXIT_OK};
use crate::event::{EventType, SessionStatus};
use crate::journal::NewEvent;
use crate::recorder::Options;
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
    let mut recorder = ctx.recorder(&ws, Options::default())?;
    let r = recorder.record(
        NewEvent {
            status: Some(args.status),
            ..NewEvent::new(EventType::SessionFinished, message)
        },
        ("finish", args.status.as_str()),
    )?;
    let e = &r.rec.event;
    ctx.out.line(&format!(
        "Finished session {} on {}#{} ({}) in {}",
        crate::event::short_session(&e.session_id),
        e.repo,
        e.issue,
        args.status,
        ws.display_path(&r.rec.experience_file)
    ));
    ctx.out.line(&describe_outcome(&r.outcome));
    say_recorded(ctx, &r);
    let mut doc = recorded_json(&r);
    doc["status"] = args.status.as_str().into();
    ctx.out.result(&doc);
    Ok(EXIT_OK)
}
