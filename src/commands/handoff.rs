//! `tri agent handoff <MESSAGE> | --file PATH [--goal TEXT]`: records and publishes a
//! `handoff` event for the next worker — the goal (the issue's title, read once when a token
//! is set and kept with the link, or `--goal`), this session's steps since its previous
//! hand-off, the message (what to do next), the open problems, the sandbox and the metric
//! totals ([`crate::handoff`]). Like a step: experience file, outbox, one comment (never the
//! sticky journal, whose lines keep only a first line), redacted, exactly once.

use super::shared::{block_on, describe_outcome, echo_labels, read_message, recorded_json};
use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Error, Result, EXIT_OK};
use crate::event::EventType;
use crate::handoff::{self, problems, Handoff, Problem, Sandbox};
use crate::journal::{self, timeline, NewEvent};
use crate::publisher::{Outcome, Publisher, Queued};
use crate::workspace::link;
use clap::Args;
use std::path::PathBuf;

/// `tri agent handoff`.
#[derive(Debug, Args)]
pub struct HandoffArgs {
    /// What the next agent should do (markdown). Or use --file.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub message: Option<String>,

    /// Read the message from a file (`-` for standard input).
    #[arg(long, short, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// The goal of the work (default: the issue's title).
    #[arg(long, value_name = "TEXT")]
    pub goal: Option<String>,
}

/// Runs `tri agent handoff`.
pub fn run(args: &HandoffArgs, ctx: &mut Ctx) -> Result<i32> {
    let message = read_message(
        args.message.as_deref(),
        args.file.as_deref(),
        ctx,
        "hand-off",
    )?;
    let ws = ctx.workspace();
    // Every setting is read before anything is written.
    let publish = ctx.publish_settings()?;
    let config = ctx.config(&ws)?;
    let mut record = ctx.record_settings(&config, false)?;
    record.sticky = false;
    let labels = ctx.labels_on(&config)?;
    if !ws.exists() {
        return Err(Error::NotLinked);
    }
    let l = link::read(&ws.link_file())?.ok_or(Error::NotLinked)?;
    // The goal: --goal, the title kept with the link, else the issue's title from GitHub.
    let mut fetched = None;
    let goal = match (&args.goal, &l.title) {
        (Some(g), _) => Some(g.clone()),
        (None, Some(t)) => Some(t.clone()),
        (None, None) if publish.token.is_some() => {
            let mut p = Publisher::new(&ws, publish.clone());
            match block_on(p.read_issue(&l.repo, l.issue))?? {
                Ok(i) => {
                    fetched = Some(i.title.clone());
                    Some(i.title)
                }
                Err(q) => {
                    ctx.out.warn(&format!(
                        "tri: warning: the issue's title could not be read ({q}); the hand-off has no goal (--goal gives one)"
                    ));
                    None
                }
            }
        }
        (None, None) => None,
    };
    let items = timeline::items(&ws, l.issue)?;
    let (did, did_omitted) = handoff::did_since_last_handoff(&items, &l.session_id);
    let open_problems: Vec<Problem> = problems::open_problems(&items)
        .into_iter()
        .map(Problem::of)
        .collect();
    let key = crate::farm::Key::new(
        &l.repo,
        l.issue,
        super::shared::sandbox::farm_repo_in(&config, &ws, ctx)?.as_deref(),
    );
    let sandbox = match crate::farm::read(&ws) {
        Ok(f) => Sandbox::from_farm(&f, &key),
        Err(e) => {
            ctx.out
                .warn(&format!("tri: warning: the sandbox is left out: {e}"));
            None
        }
    };
    let names = timeline::list_files(&ws.experience_dir(), l.issue)?;
    let metrics = timeline::metric_totals(&ws, l.issue, &names).sums;
    let h = Handoff {
        goal,
        did,
        did_omitted,
        for_next_agent: message,
        open_problems,
        sandbox,
        metrics,
    };
    let mut rec = journal::record(
        &ws,
        NewEvent::new(EventType::Handoff, handoff::render(&h)),
        &record,
    )?;
    if let Some(title) = fetched {
        // Kept for the next hand-off; a cache, so a failure only costs a request later.
        let _ = link::update(&ws, |l| l.title = Some(title));
    }
    audit::append(
        &ws.audit_file(),
        &Record::new("handoff", "ok")
            .issue(rec.event.issue)
            .event(&rec.event.id),
    );
    // Sent while the entry's fsync runs; recorded, the command exits 0 whatever happens next.
    let outcome = super::shared::publish_now(ctx, &ws, &mut rec, publish.clone());
    ctx.out.line(&format!(
        "Recorded hand-off (step {}: {} step(s) listed, {} open problem(s)) on {}#{} in {}",
        rec.event.seq,
        h.did.len() + h.did_omitted,
        h.open_problems.len(),
        rec.event.repo,
        rec.event.issue,
        ws.display_path(&rec.experience_file)
    ));
    ctx.out.line(&describe_outcome(&outcome));
    let label = echo_labels(&ws, ctx, labels, publish, &rec.event);
    let mut doc = recorded_json(&rec, &outcome);
    doc["goal"] = h.goal.clone().into();
    doc["did"] = (h.did.len() + h.did_omitted).into();
    doc["open_problems"] = h.open_problems.len().into();
    if labels {
        doc["label"] = label;
    }
    ctx.out.result(&doc);
    if let Outcome::Queued(Queued::Auth(m)) = &outcome {
        ctx.out.warn(&format!("tri: warning: {m}"));
    }
    Ok(EXIT_OK)
}
