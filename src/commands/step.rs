//! `tri agent step <MESSAGE> | --file PATH [--event TYPE] [--metric NAME=NUMBER]... [--sticky]`:
//! read the message, record it ([`journal::record`]), publish it
//! ([`publisher::publish_one`]), print what happened.

use super::shared::{describe_outcome, outcome_state};
use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Error, Result, EXIT_OK};
use crate::journal::{self, NewEvent};
use crate::publisher::{self, Outcome, Queued};
use clap::Args;
use serde_json::json;
use std::io::Read;
use std::path::PathBuf;

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
    #[arg(long = "event", short = 'e', value_name = "TYPE", default_value = "step_completed", value_parser = crate::value::parse_event_type)]
    pub event: crate::event::EventType,

    /// A metric of the step as NAME=NUMBER, e.g. tokens=1200 (repeatable).
    #[arg(long = "metric", short = 'm', value_name = "NAME=NUMBER", value_parser = crate::value::parse_metric)]
    pub metrics: Vec<(String, f64)>,

    /// Publish into the issue's one journal comment, edited in place, instead of a new comment.
    #[arg(long)]
    pub sticky: bool,
}

/// Largest message accepted, bytes (10 MiB): larger input is almost surely a mistake.
pub const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;

fn read_message(args: &StepArgs, ctx: &mut Ctx) -> Result<String> {
    let raw = match (&args.message, &args.file) {
        (Some(m), _) => m.clone(),
        (None, Some(p)) if p.as_os_str() == "-" => {
            let mut s = String::new();
            ctx.stdin
                .as_mut()
                .take(MAX_MESSAGE_BYTES as u64 + 1)
                .read_to_string(&mut s)
                .map_err(|e| {
                    Error::Usage(format!("cannot read the message from standard input: {e}"))
                })?;
            s
        }
        (None, Some(p)) => {
            let p = if p.is_absolute() {
                p.clone()
            } else {
                ctx.cwd.join(p)
            };
            std::fs::read_to_string(&p).map_err(|e| {
                Error::Usage(format!("cannot read the message from {}: {e}", p.display()))
            })?
        }
        (None, None) => return Err(Error::Usage("give a message, or --file PATH".into())),
    };
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(Error::Usage(format!(
            "the message is over {} MiB; write it to a file in the repository and step with a summary",
            MAX_MESSAGE_BYTES / 1024 / 1024
        )));
    }
    if raw.trim().is_empty() {
        return Err(Error::Usage(
            "the step message is empty; say what was done".into(),
        ));
    }
    Ok(raw)
}

/// Runs `tri agent step`.
pub fn run(args: &StepArgs, ctx: &mut Ctx) -> Result<i32> {
    let message = read_message(args, ctx)?;
    let ws = ctx.workspace();
    // Every setting is read before anything is written: a malformed one refuses the step.
    let publish = ctx.publish_settings()?;
    let record = ctx.record_settings(&ws, args.sticky)?;
    let rec = journal::record(
        &ws,
        NewEvent {
            event_type: args.event,
            issue: None,
            message,
            metrics: args.metrics.iter().cloned().collect(),
        },
        &record,
    )?;
    audit::append(
        &ws.audit_file(),
        &Record::new("step", "ok")
            .issue(rec.event.issue)
            .event(&rec.event.id),
    );
    ctx.out.line(&format!(
        "Recorded step {} on {}#{} in {}",
        rec.event.seq,
        rec.event.repo,
        rec.event.issue,
        ws.display_path(&rec.experience_file)
    ));
    let (outcome, warnings) = publisher::publish_one(&ws, &rec, publish)?;
    for w in warnings {
        ctx.out.warn(&format!("tri: warning: {w}"));
    }
    ctx.out.line(&describe_outcome(&outcome));
    let url = match &outcome {
        Outcome::Published { urls, .. } => urls.first().cloned(),
        _ => None,
    };
    let reason = match &outcome {
        Outcome::Queued(q) => Some(q.to_string()),
        _ => None,
    };
    ctx.out.result(&json!({
        "issue": rec.event.issue,
        "repo": rec.event.repo,
        "step": rec.event.seq,
        "event_id": rec.event.id,
        "event": rec.event.event_type,
        "experience_file": rec.experience_file.to_string_lossy(),
        "state": outcome_state(&outcome),
        "comment_url": url,
        "reason": reason,
    }));
    // Recorded, so exit 0 whatever GitHub said (a non-zero exit means nothing was
    // recorded, and scripts retry on it); a refused token is said on stderr.
    if let Outcome::Queued(Queued::Auth(m)) = &outcome {
        ctx.out.warn(&format!("tri: warning: {m}"));
    }
    Ok(EXIT_OK)
}
