//! The recorder: how an event (a step, a sandbox event) becomes part of the journal.
//!
//! Under the workspace lock, in this order (each write atomic; the three are one
//! [`atomic::Batch`]: their data is synced together first, then each is put in place, in
//! this order, and made durable before the next):
//! 1. the link file reserves the step number (`steps`, `last_step`);
//! 2. the outbox entry records the whole event;
//! 3. the experience file is created.
//!
//! A process killed between 1 and 2 leaves a reserved number with nothing behind it: the
//! next record finds `last_step` without an outbox entry or experience file and takes the
//! number back. Killed between 2 and 3: the next record (or `sync`) writes the experience
//! file from the outbox entry ([`recover_last_step`]). So each event is either fully
//! recorded or not begun. Publishing ([`crate::publisher::publish_one`]) happens after the
//! lock is released.

use super::outbox;
use crate::error::{Error, Result};
use crate::event::{Event, EventType};
use crate::workspace::{atomic, link, lock::LockFile, Workspace};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The parts of an event its caller chooses; the recorder adds the rest (id, issue and
/// repository of the link, session, step number, time).
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// What happened.
    pub event_type: EventType,
    /// The issue it is about; `None` for the linked issue.
    pub issue: Option<u64>,
    /// The message as given (markdown); redacted by [`record`].
    pub message: String,
    /// Metrics by name.
    pub metrics: BTreeMap<String, f64>,
}

/// How to record: settings resolved by the caller from flags, environment and config.
#[derive(Debug, Clone, Default)]
pub struct RecordSettings {
    /// Literal secret values to redact besides the rule set's patterns.
    pub secrets: Vec<String>,
    /// The GitHub Actions run that records the event, when known.
    pub run_url: Option<String>,
    /// Publish into the issue's sticky journal comment.
    pub sticky: bool,
    /// A token is set and the caller publishes the event right away: the outbox entry is
    /// then written already in flight (see [`Recorded::send_now`]).
    pub send_now: bool,
}

/// The result of recording an event locally.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The event.
    pub event: Event,
    /// Its experience file.
    pub experience_file: PathBuf,
    /// Its outbox entry.
    pub outbox_entry: PathBuf,
    /// Recorded in flight for an immediate first send ([`RecordSettings::send_now`]): the
    /// publisher sends it without a marker look-up and without rewriting the entry first.
    pub send_now: bool,
}

impl Recorded {
    /// The experience file relative to `.trinity/` (`experience/<name>.md`).
    pub fn experience_file_rel(&self, ws: &Workspace) -> String {
        self.experience_file
            .strip_prefix(ws.dir())
            .unwrap_or(&self.experience_file)
            .to_string_lossy()
            .into_owned()
    }
}

/// Finishes or takes back the step reserved in `l.last_step` whose process died before
/// completing it (see the module docs). Call under the workspace lock. Returns true when
/// `l` changed (the caller writes it).
///
/// Errors: [`Error::Corrupt`] for an unreadable outbox entry, [`Error::Io`].
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
            super::rewrite(&exp, &entry.event, None)?;
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
        .map(|n| super::file_name(stem, n))
        .find(|name| !dir.join(name).exists())
        .expect("some name is free")
}

/// Records `new` under the link: link file, outbox entry, experience file (see the module
/// docs). The message is redacted first (the rule set and `settings.secrets`).
///
/// Errors: [`Error::NotLinked`], [`Error::Corrupt`], [`Error::Io`].
pub fn record(ws: &Workspace, new: NewEvent, settings: &RecordSettings) -> Result<Recorded> {
    if !ws.exists() {
        return Err(Error::NotLinked);
    }
    let message = crate::publisher::redact::redact(&new.message, &settings.secrets);
    let mut lock = LockFile::open(&ws.lock_file())?;
    let _guard = lock.lock()?;
    let mut l = link::read(&ws.link_file())?.ok_or(Error::NotLinked)?;
    recover_last_step(ws, &mut l)?;
    let seq = l.steps + 1;
    let event = Event {
        id: Event::new_id(),
        event_type: new.event_type,
        issue: new.issue.unwrap_or(l.issue),
        repo: l.repo.clone(),
        session_id: l.session_id.clone(),
        seq,
        time: crate::event::now_ms(),
        message,
        metrics: new.metrics,
        run_url: settings.run_url.clone(),
    };
    let exp_dir = ws.experience_dir();
    std::fs::create_dir_all(&exp_dir).map_err(|e| Error::io("create", &exp_dir, e))?;
    let name = free_name(&exp_dir, &super::file_stem(event.time, event.issue));
    let rel = format!("experience/{name}");
    l.steps = seq;
    l.last_step_at = Some(event.time);
    l.last_step = Some(link::LastStep {
        seq,
        event_id: event.id.clone(),
        file: rel.clone(),
    });
    let mut entry = outbox::Entry::new(event.clone(), rel, settings.sticky);
    if settings.send_now {
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
        .create_new(exp.clone(), super::render(&event, None).into_bytes());
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
        send_now: settings.send_now,
    })
}
