//! `tri agent ask MESSAGE | --file PATH`: asks the people on the issue something. Records a
//! `question` event exactly as `step` records a step (experience file, outbox entry, one
//! comment, redacted, exactly once; a non-zero exit means nothing was recorded), and with
//! labels on sets `tri:waiting` ([`crate::handoff::labels`]). `tri agent wait` then returns
//! the first trusted reply.

use super::shared::{describe_outcome, echo_labels, read_message, recorded_json};
use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Result, EXIT_OK};
use crate::event::EventType;
use crate::journal::{self, NewEvent};
use crate::publisher::{Outcome, Queued};
use clap::Args;
use std::path::PathBuf;

/// `tri agent ask`.
#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question (markdown). Or use --file.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub message: Option<String>,

    /// Read the question from a file (`-` for standard input).
    #[arg(long, short, value_name = "PATH")]
    pub file: Option<PathBuf>,
}

/// Records and publishes a `question` with `message`, and sets the state label when labels
/// are on: the whole recording of `ask`, in one place. Returns the JSON document of the
/// recorded event and its outcome.
///
/// Errors: a malformed setting, not linked, or the record could not be written (nothing
/// recorded then).
fn record_question(ctx: &mut Ctx, message: String) -> Result<(serde_json::Value, Outcome)> {
    let ws = ctx.workspace();
    // Every setting is read before anything is written.
    let publish = ctx.publish_settings()?;
    let config = ctx.config(&ws)?;
    let record = ctx.record_settings(&config, false)?;
    let labels = ctx.labels_on(&config)?;
    let mut rec = journal::record(&ws, NewEvent::new(EventType::Question, message), &record)?;
    audit::append(
        &ws.audit_file(),
        &Record::new("ask", "ok")
            .issue(rec.event.issue)
            .event(&rec.event.id),
    );
    let outcome = super::shared::publish_now(ctx, &ws, &mut rec, publish.clone());
    ctx.out.line(&format!(
        "Asked on {}#{} (step {}) in {}",
        rec.event.repo,
        rec.event.issue,
        rec.event.seq,
        ws.display_path(&rec.experience_file)
    ));
    ctx.out.line(&describe_outcome(&outcome));
    let label = echo_labels(&ws, ctx, labels, publish, &rec.event);
    let mut doc = recorded_json(&rec, &outcome);
    if labels {
        doc["label"] = label;
    }
    Ok((doc, outcome))
}

/// Runs `tri agent ask`.
pub fn run(args: &AskArgs, ctx: &mut Ctx) -> Result<i32> {
    let message = read_message(
        args.message.as_deref(),
        args.file.as_deref(),
        ctx,
        "question",
    )?;
    let (doc, outcome) = record_question(ctx, message)?;
    ctx.out
        .line("`tri agent wait` returns the first trusted reply.");
    ctx.out.result(&doc);
    // Recorded, so exit 0 whatever GitHub said; a refused token is said on stderr.
    if let Outcome::Queued(Queued::Auth(m)) = &outcome {
        ctx.out.warn(&format!("tri: warning: {m}"));
    }
    Ok(EXIT_OK)
}
