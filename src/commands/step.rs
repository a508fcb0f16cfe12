//! `tri agent step <MESSAGE> | --file PATH [--event TYPE] [--metric NAME=NUMBER]...
//! [--resolves EVENT-ID]... [--sticky]`: read the message, record it ([`journal::record`]),
//! publish it ([`publisher::publish_one`]), set the state label when labels are on, print
//! what happened.

use super::shared::{describe_outcome, echo_labels, read_message, recorded_json};
use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Error, Result, EXIT_OK};
use crate::handoff::problems;
use crate::journal::{self, timeline, NewEvent};
use crate::publisher::{Outcome, Queued};
use crate::workspace::link;
use clap::Args;
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

    /// The event type (`build_succeeded` resolves earlier `build_failed` events;
    /// hand-offs and session ends have their own commands).
    #[arg(long = "event", short = 'e', value_name = "TYPE", default_value = "step_completed", value_parser = crate::value::parse_step_event_type)]
    pub event: crate::event::EventType,

    /// A metric of the step as NAME=NUMBER, e.g. tokens=1200 (repeatable).
    #[arg(long = "metric", short = 'm', value_name = "NAME=NUMBER", value_parser = crate::value::parse_metric)]
    pub metrics: Vec<(String, f64)>,

    /// This step resolves the open problem (a build_failed or deployment_failed event) with
    /// this id, or a unique prefix of it of 8 characters or more (repeatable; `tri agent
    /// brief` lists the open problems with their ids).
    #[arg(long = "resolves", value_name = "EVENT-ID")]
    pub resolves: Vec<String>,

    /// Publish into the issue's one journal comment, edited in place, instead of a new comment.
    #[arg(long)]
    pub sticky: bool,
}

/// The full ids `--resolves` names, each a failure event of the linked issue's journal.
fn resolve_ids(ws: &crate::workspace::Workspace, given: &[String]) -> Result<Vec<String>> {
    if given.is_empty() {
        return Ok(Vec::new());
    }
    let l = link::read(&ws.link_file())?.ok_or(Error::NotLinked)?;
    let items = timeline::items(ws, l.issue)?;
    let mut ids = Vec::new();
    for g in given {
        let id = problems::find_failure(&items, g)
            .map_err(|m| Error::Usage(format!("--resolves: {m}")))?
            .id
            .clone();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Runs `tri agent step`.
pub fn run(args: &StepArgs, ctx: &mut Ctx) -> Result<i32> {
    let message = read_message(
        args.message.as_deref(),
        args.file.as_deref(),
        ctx,
        "step message",
    )?;
    let ws = ctx.workspace();
    // Every setting is read before anything is written: a malformed one refuses the step.
    let publish = ctx.publish_settings()?;
    let config = ctx.config(&ws)?;
    let record = ctx.record_settings(&config, args.sticky)?;
    let labels = ctx.labels_on(&config)?;
    let resolves = if ws.exists() {
        resolve_ids(&ws, &args.resolves)?
    } else {
        Vec::new()
    };
    let mut rec = journal::record(
        &ws,
        NewEvent {
            metrics: args.metrics.iter().cloned().collect(),
            resolves,
            ..NewEvent::new(args.event, message)
        },
        &record,
    )?;
    audit::append(
        &ws.audit_file(),
        &Record::new("step", "ok")
            .issue(rec.event.issue)
            .event(&rec.event.id),
    );
    // Sent while the entry's fsync runs; "Recorded" is said once the entry is durable.
    // Recorded, the step exits 0 whatever happens next: a failure here leaves it queued.
    let outcome = super::shared::publish_now(ctx, &ws, &mut rec, publish.clone());
    ctx.out.line(&format!(
        "Recorded step {} on {}#{} in {}",
        rec.event.seq,
        rec.event.repo,
        rec.event.issue,
        ws.display_path(&rec.experience_file)
    ));
    ctx.out.line(&describe_outcome(&outcome));
    if !rec.event.resolves.is_empty() {
        ctx.out
            .line(&format!("Resolves: {}", rec.event.resolves.join(", ")));
    }
    let label = echo_labels(&ws, ctx, labels, publish, &rec.event);
    let mut doc = recorded_json(&rec, &outcome);
    if labels {
        doc["label"] = label;
    }
    ctx.out.result(&doc);
    // Recorded, so exit 0 whatever GitHub said (a non-zero exit means nothing was
    // recorded, and scripts retry on it); a refused token is said on stderr.
    if let Outcome::Queued(Queued::Auth(m)) = &outcome {
        ctx.out.warn(&format!("tri: warning: {m}"));
    }
    Ok(EXIT_OK)
}
