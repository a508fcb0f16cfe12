//! `tri agent step <MESSAGE> | --file PATH [--event TYPE] [--metric NAME=NUMBER]... [--sticky]`.
//!
//! Under the workspace lock, in this order (each write atomic; the three are one
//! [`atomic::Batch`]: their data is synced together first, then each is put in place, in
//! this order, and made durable before the next):
//! 1. the link file reserves the step number (`steps`, `last_step`);
//! 2. the outbox entry records the whole event;
//! 3. the experience file is created.
//!
//! A process killed between 1 and 2 leaves a reserved number with nothing behind it: the
//! next step finds `last_step` without an outbox entry or experience file and takes the
//! number back. Killed between 2 and 3: the next step (or `sync`) writes the experience
//! file from the outbox entry. So each step is either fully recorded or not begun.
//! Publishing happens after the lock is released.

use super::{block_on, describe_outcome, outcome_state, Ctx};
use crate::audit::{self, Record};
use crate::cli::StepArgs;
use crate::error::{Error, Result, EXIT_AUTH, EXIT_OK};
use crate::event::Event;
use crate::journal;
use crate::publisher::{outbox, redact, Outcome, Publisher, Queued};
use crate::workspace::{atomic, link, lock::LockFile, Workspace};

use serde_json::json;
use std::io::Read;
use std::path::{Path, PathBuf};

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

/// The result of recording a step locally.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The event.
    pub event: Event,
    /// Its experience file.
    pub experience_file: PathBuf,
    /// Its outbox entry.
    pub outbox_entry: PathBuf,
    /// Recorded as in flight for an immediate first send (see [`record`]'s `send_now`).
    pub fresh: bool,
}

/// Finishes or takes back the step reserved in `l.last_step` whose process died before
/// completing it (see the module docs). Returns true when `l` changed.
pub fn recover_last_step(ws: &Workspace, l: &mut link::Link) -> Result<bool> {
    let Some(last) = l.last_step.clone() else {
        return Ok(false);
    };
    let exp = ws.dir().join(&last.file);
    if exp.exists() {
        return Ok(false);
    }
    let entry_path = outbox::entry_path(&ws.outbox_dir(), &last.event_id);
    match outbox::read(&entry_path)? {
        Some(entry) => {
            journal::rewrite(&exp, &entry.event, None)?;
            Ok(false)
        }
        None => {
            // Reserved, never recorded: give the number back.
            l.steps = last.seq.saturating_sub(1).min(l.steps);
            l.last_step = None;
            Ok(true)
        }
    }
}

fn free_name(dir: &Path, stem: &str) -> String {
    (1..)
        .map(|n| journal::file_name(stem, n))
        .find(|name| !dir.join(name).exists())
        .expect("some name is free")
}

/// Records an event of `args.event` with `message` under the link: link file, outbox entry,
/// experience file (see the module docs). The message is redacted first. `send_now`: a
/// token is set and the caller publishes the event right away (the entry is then written
/// already in flight; see [`Recorded::fresh`]).
///
/// Errors: [`Error::NotLinked`], [`Error::Corrupt`], [`Error::Io`].
pub fn record(
    ws: &Workspace,
    build: impl FnOnce(&link::Link, u64) -> Event,
    sticky: bool,
    send_now: bool,
) -> Result<Recorded> {
    if !ws.exists() {
        return Err(Error::NotLinked);
    }
    let mut lock = LockFile::open(&ws.lock_file())?;
    let _guard = lock.lock()?;
    let mut l = link::read(&ws.link_file())?.ok_or(Error::NotLinked)?;
    recover_last_step(ws, &mut l)?;
    let seq = l.steps + 1;
    let event = build(&l, seq);
    let exp_dir = ws.experience_dir();
    std::fs::create_dir_all(&exp_dir).map_err(|e| Error::io("create", &exp_dir, e))?;
    let name = free_name(&exp_dir, &journal::file_stem(event.time, event.issue));
    let rel = format!("experience/{name}");
    l.steps = seq;
    l.last_step_at = Some(event.time);
    l.last_step = Some(link::LastStep {
        seq,
        event_id: event.id.clone(),
        file: rel.clone(),
    });
    let mut entry = outbox::Entry::new(event.clone(), rel, sticky);
    if send_now {
        // About to be sent: recorded as in flight now, in the same batch, so the publisher
        // need not rewrite the entry before its first send. A crash before the send costs
        // one marker look-up at the next sync, never a duplicate.
        entry.in_flight = true;
        entry.attempts = 1;
    }
    let outbox_dir = ws.outbox_dir();
    std::fs::create_dir_all(&outbox_dir).map_err(|e| Error::io("create", &outbox_dir, e))?;
    let entry_path = outbox::entry_path(&outbox_dir, &event.id);
    let exp = exp_dir.join(&name);
    // One batch: the three files in the order above, their data synced in one round of
    // disk flushes instead of three (flushes are most of a step's time on a busy disk).
    let link_file = ws.link_file();
    let mut batch = atomic::Batch::new();
    batch
        .replace(link_file.clone(), atomic::json_bytes(&link_file, &l)?)
        .replace(entry_path.clone(), atomic::json_bytes(&entry_path, &entry)?)
        .create_new(exp.clone(), journal::render(&event, None).into_bytes());
    if !batch.commit()? {
        return Err(Error::Other(format!(
            "{} appeared while tri was writing it",
            exp.display()
        )));
    }
    Ok(Recorded {
        event,
        experience_file: exp,
        outbox_entry: entry_path,
        fresh: send_now,
    })
}

/// The parts of an event its caller chooses; [`record_event`] adds the rest.
pub struct NewEvent<'a> {
    /// What happened.
    pub event_type: crate::event::EventType,
    /// The issue it is about; `None` for the linked issue.
    pub issue: Option<u64>,
    /// The message as given (redacted by [`record_event`]).
    pub message: &'a str,
    /// Metrics by name.
    pub metrics: std::collections::BTreeMap<String, f64>,
    /// `--sticky` was given.
    pub sticky_flag: bool,
}

/// Records an event for `step` and the sandbox commands alike: redacts the message, links
/// the Actions run, applies the sticky setting (flag > env > files) and calls [`record`],
/// marking the entry for an immediate send when a token is set.
///
/// Errors: as [`record`], and [`Error::Usage`] / [`Error::Corrupt`] from the config.
pub fn record_event(ws: &Workspace, ctx: &Ctx, new: NewEvent<'_>) -> Result<Recorded> {
    let message = redact::redact(new.message, &ctx.secrets);
    let run_url = crate::github::actions_run_url(&*ctx.env);
    let sticky = crate::config::Config::load(ws, &*ctx.env)?.sticky(new.sticky_flag, &*ctx.env)?;
    let send_now = crate::github::token_from_env(&*ctx.env).is_some();
    record(
        ws,
        |l, seq| Event {
            id: Event::new_id(),
            event_type: new.event_type,
            issue: new.issue.unwrap_or(l.issue),
            repo: l.repo.clone(),
            session_id: l.session_id.clone(),
            seq,
            time: crate::event::now_ms(),
            message,
            metrics: new.metrics,
            run_url,
        },
        sticky,
        send_now,
    )
}

/// Publishes a recorded event now (when a token is set) and reports it. Shared by `step`
/// and the sandbox commands. Returns the outcome; exit 4 is the caller's on `Queued::Auth`.
pub fn publish_recorded(ws: &Workspace, rec: &Recorded, ctx: &mut Ctx) -> Result<Outcome> {
    let settings = ctx.publish_settings()?;
    let outcome = if settings.token.is_none() {
        Outcome::Queued(Queued::NoToken)
    } else {
        // One event: no pacing.
        let settings = crate::publisher::Settings {
            interval_ms: 0,
            ..settings
        };
        let mut p = Publisher::new(ws, settings);
        if rec.fresh {
            p.first_send_of(&rec.event.id);
        }
        block_on(p.publish(&rec.outbox_entry))??
    };
    Ok(outcome)
}

/// Runs `tri agent step`.
pub fn run(args: &StepArgs, ctx: &mut Ctx) -> Result<i32> {
    let raw = read_message(args, ctx)?;
    let ws = ctx.workspace();
    let rec = record_event(
        &ws,
        ctx,
        NewEvent {
            event_type: args.event,
            issue: None,
            message: &raw,
            metrics: args.metrics.iter().cloned().collect(),
            sticky_flag: args.sticky,
        },
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
    let outcome = publish_recorded(&ws, &rec, ctx)?;
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
    if let Outcome::Queued(Queued::Auth(m)) = &outcome {
        ctx.out.warn(&format!("tri: {m}"));
        return Ok(EXIT_AUTH);
    }
    Ok(EXIT_OK)
}
