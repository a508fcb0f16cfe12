//! Writing an event (a step, a sandbox event) into the journal on disk; the recorder
//! (`src/recorder/`) calls this, then audits and publishes.
//!
//! Under the workspace lock, in this order (each write atomic, the three one
//! [`atomic::Batch`]):
//! 1. the link file reserves the step number (`steps`, `last_step`);
//! 2. the outbox entry records the whole event — the one durable write of a step (fsync'd
//!    with its directory): the intent to publish must survive a power cut;
//! 3. the experience file is created from the same event.
//!
//! The link and the experience file are not fsync'd: both can be rebuilt. When the event is
//! sent at once, the entry's fsync runs while the comment is on its way
//! ([`Written::pending`]): the step is reported recorded only once both are done, and a
//! power cut before then may lose the entry (left empty, it is removed as never recorded —
//! tri had not said so). A process killed
//! between 1 and 2 leaves a reserved number with nothing behind it: the next record finds
//! `last_step` without an outbox entry or experience file and takes the number back.
//! Killed between 2 and 3, or a power cut that loses the experience file: the next record
//! ([`recover_last_step`]) or the publisher writes it again from the outbox entry. Once
//! published the entry is removed and the experience file holds the comment URL — also
//! without an fsync: GitHub is then the truth, and what a power cut loses is found again
//! by the marker look-up (or `tri agent pull`). A power cut that loses the link's update
//! after the entry is published can make the next step reuse a number; numbers are per
//! link session and shown with it. So each event is either fully recorded or not begun.
//!
//! A write that fails rather than a process that dies (a full disk, a quota, a directory
//! tri may not write to, a disk that refuses the fsync) records nothing either: the batch
//! writes every temporary file before it puts the first in place, and what was put in place
//! is taken back (`take_back`) before [`record`] returns the error — so the command exits
//! non-zero with the step number still free, and its retry records and posts the event once.
//! Publishing ([`crate::publisher::publish_one`]) happens after the lock is released.

use super::outbox;
use crate::error::{Error, Result};
use crate::event::{Event, EventType, SessionStatus};
use crate::workspace::{atomic, link, lock::LockFile, Workspace};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The parts of an event its caller chooses; [`record`] adds the rest (id, issue and
/// repository of the link, session, step number, time).
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// What happened.
    pub event_type: EventType,
    /// The issue it is about; `None` for the linked issue.
    pub issue: Option<u64>,
    /// The message as given (markdown); redacted by [`record`], as are the metric names.
    pub message: String,
    /// Metrics by name.
    pub metrics: BTreeMap<String, f64>,
    /// Ids of the failure events it resolves (checked by the caller).
    pub resolves: Vec<String>,
    /// How the session ended (`session_finished` only).
    pub status: Option<SessionStatus>,
}

impl NewEvent {
    /// An event of `event_type` with `message` on the linked issue, nothing else set.
    pub fn new(event_type: EventType, message: String) -> NewEvent {
        NewEvent {
            event_type,
            issue: None,
            message,
            metrics: BTreeMap::new(),
            resolves: Vec::new(),
            status: None,
        }
    }
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
    /// then written already in flight (see [`Written::send_now`]).
    pub send_now: bool,
}

/// An event written locally: its files on disk, and whether its outbox entry is durable yet.
#[derive(Debug)]
pub struct Written {
    /// The event.
    pub event: Event,
    /// Its experience file.
    pub experience_file: PathBuf,
    /// Its outbox entry.
    pub outbox_entry: PathBuf,
    /// Recorded in flight for an immediate first send ([`RecordSettings::send_now`]): the
    /// publisher sends it without a marker look-up and without rewriting the entry first.
    pub send_now: bool,
    /// With `send_now`, the outbox entry is in place but not yet durable: the publisher
    /// waits for the disk while the comment is on its way ([`Written::wait_durable`]).
    /// `None` once durable.
    pub pending: Option<atomic::Pending>,
}

impl Written {
    /// Waits until the event's outbox entry is durable (at once when it already is). A step
    /// is reported recorded only after this.
    ///
    /// Errors: [`Error::Io`] when the disk did not take the entry.
    pub fn wait_durable(&mut self) -> Result<()> {
        match self.pending.take() {
            Some(p) => p.wait(),
            None => Ok(()),
        }
    }

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
    if super::is_whole(&exp) {
        return Ok(false);
    }
    let entry_path = outbox::entry_path(&ws.outbox_dir(), &last.event_id);
    // No outbox directory, so no entry (a link file copied from another checkout): the
    // number was reserved here and never recorded.
    if !ws.outbox_dir().is_dir() {
        l.steps = last.step.saturating_sub(1).min(l.steps);
        l.last_step = None;
        return Ok(true);
    }
    // Under the entry's lock: a `sync` publishing this event writes the experience file
    // with its comment URL, which must not be overwritten by the URL-less version here.
    let mut lock = LockFile::open(&outbox::lock_path(&entry_path))?;
    let Some(_guard) = lock.try_lock()? else {
        return Ok(false);
    };
    match outbox::read(&entry_path)? {
        Some(entry) => {
            if !super::is_whole(&exp) {
                super::rewrite(&exp, &entry.event, None)?;
            }
            Ok(false)
        }
        None => {
            // Reserved, never recorded: give the number back.
            l.steps = last.step.saturating_sub(1).min(l.steps);
            l.last_step = None;
            Ok(true)
        }
    }
}

/// Most names tried for one experience file before giving up.
pub(crate) const MAX_NAME_TRIES: u32 = 100;

/// The largest record, in bytes: 256 KiB (262,144). A record is one event's experience
/// file — its front matter and its message (redacted), not counting the comment URL added
/// once it is published — and the message as given counts against the same cap. Every
/// recording command (`step`, `ask`, `handoff`, `finish`, their MCP tools, the sandbox
/// events) refuses a larger one with exit 2 before anything is written (docs/commands.md, "Limits"):
/// tri's own cap, not GitHub's — a record is at most a few comments of 65,536 characters,
/// where a 10 MB step made 156 comments and a 20 MB outbox entry.
pub const MAX_RECORD_BYTES: usize = 256 * 1024;

/// `n` with a comma between each group of three digits (`262,144`). Pure.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The refusal of `what` (e.g. "the step message", "the record") when it is over
/// [`MAX_RECORD_BYTES`]: `size` is its size in bytes when known (`None`: only known to be
/// over, e.g. standard input read up to the cap). Pure.
pub fn too_large(what: &str, size: Option<usize>) -> Error {
    let is = match size {
        Some(n) => format!("is {} bytes", grouped(n)),
        None => "is larger".into(),
    };
    Error::Usage(format!(
        "{what} {is}; a record holds at most 256 KiB ({} bytes): put the long text in a file in the repository and record a summary that names it",
        grouped(MAX_RECORD_BYTES)
    ))
}

/// Checks that `event`'s record (see [`MAX_RECORD_BYTES`]) fits. Pure.
///
/// Errors: [`Error::Usage`] ([`too_large`]) when it does not.
pub fn check_size(event: &Event) -> Result<()> {
    if event.message.len() > MAX_RECORD_BYTES {
        return Err(too_large("the message", Some(event.message.len())));
    }
    let size = super::render(event, None).len();
    if size > MAX_RECORD_BYTES {
        return Err(too_large(
            "the record (message and front matter)",
            Some(size),
        ));
    }
    Ok(())
}

/// Records `new` under the link: link file, outbox entry, experience file (see the module
/// docs), all or nothing: when any of them cannot be written, what was written is taken
/// back and the step number stays free. The message, the metric names and the run link are
/// redacted first (the rule set and `settings.secrets`: [`crate::event::Texts`]); a record over [`MAX_RECORD_BYTES`] is refused before anything is
/// written.
///
/// Errors: [`Error::NotLinked`]; [`Error::Usage`] for a record over the cap;
/// [`Error::Corrupt`], [`Error::Io`] (nothing recorded).
pub fn record(ws: &Workspace, new: NewEvent, settings: &RecordSettings) -> Result<Written> {
    if !ws.exists() {
        return Err(Error::NotLinked);
    }
    // Before redaction, which costs time on a large text.
    if new.message.len() > MAX_RECORD_BYTES {
        return Err(too_large("the message", Some(new.message.len())));
    }
    // Every text from outside tri, redacted before anything is written (docs/publishing.md, "How publishing works": Secrets).
    let texts = crate::event::Texts::redacted(
        &new.message,
        new.metrics,
        settings.run_url.as_deref(),
        &settings.secrets,
    );
    let mut lock = LockFile::open(&ws.lock_file())?;
    let _guard = lock.lock()?;
    let mut l = link::read(&ws.link_file())?.ok_or(Error::NotLinked)?;
    let mut event = Event {
        id: Event::new_id(),
        event_type: new.event_type,
        issue: new.issue.unwrap_or(l.issue),
        repo: l.repo.clone(),
        session_id: l.session_id.clone(),
        step: l.steps + 1,
        time: crate::event::now_ms(),
        message: texts.message,
        metrics: texts.metrics,
        run_url: texts.run_url,
        resolves: new.resolves,
        status: new.status,
    };
    // Checked before the recovery below may write: a refusal changes nothing. The number
    // can only go down in the recovery, so the record only shrinks.
    check_size(&event)?;
    recover_last_step(ws, &mut l)?;
    event.step = l.steps + 1;
    crate::workspace::guard::create_dir_all(&ws.experience_dir())?;
    crate::workspace::guard::create_dir_all(&ws.outbox_dir())?;
    place(ws, &mut l, event, settings)
}

/// Writes `event` as the next step of `l` (the link read under the workspace lock): the
/// [`atomic::Batch`] of the link, the outbox entry and the experience file, under the
/// first free experience file name.
///
/// Errors: [`Error::Io`] when a file cannot be written (everything written is taken back
/// first, [`take_back`]); [`Error::Other`] when no free name is found.
fn place(
    ws: &Workspace,
    l: &mut link::Link,
    event: Event,
    settings: &RecordSettings,
) -> Result<Written> {
    let exp_dir = ws.experience_dir();
    let entry_path = outbox::entry_path(&ws.outbox_dir(), &event.id);
    let link_file = ws.link_file();
    let before = atomic::json_bytes(&link_file, &*l)?;
    let mut from = 0;
    for _ in 0..MAX_NAME_TRIES {
        let (name, n) = super::free_name(&exp_dir, event.time, event.issue, from);
        from = n + 1;
        let rel = format!("experience/{name}");
        l.steps = event.step;
        l.last_step_at = Some(event.time);
        l.last_step = Some(link::LastStep {
            step: event.step,
            event_id: event.id.clone(),
            file: rel.clone(),
        });
        l.finished = event
            .status
            .filter(|_| event.event_type == EventType::SessionFinished);
        let mut entry = outbox::Entry::new(event.clone(), rel, settings.sticky);
        if settings.send_now {
            // About to be sent: recorded as in flight now, in the same batch, so the
            // publisher need not rewrite the entry before its first send. A crash before
            // the send costs one marker look-up at the next sync, never a duplicate.
            entry.in_flight = true;
            entry.attempts = 1;
        }
        let exp = exp_dir.join(&name);
        let mut batch = atomic::Batch::new();
        batch
            .replace_cache(link_file.clone(), atomic::json_bytes(&link_file, &*l)?)
            .replace(entry_path.clone(), atomic::json_bytes(&entry_path, &entry)?)
            .create_new_cache(exp.clone(), super::render(&event, None).into_bytes());
        match batch.commit_deferred() {
            Ok(Some(pending)) => {
                let mut rec = Written {
                    event,
                    experience_file: exp,
                    outbox_entry: entry_path,
                    send_now: settings.send_now,
                    pending: Some(pending),
                };
                // With nothing to overlap it with, wait for the disk now (after the lock
                // is released, as the caller returns).
                if !settings.send_now {
                    if let Err(e) = rec.wait_durable() {
                        take_back(
                            Some(&rec.experience_file),
                            &rec.outbox_entry,
                            &link_file,
                            &before,
                        );
                        return Err(e);
                    }
                }
                return Ok(rec);
            }
            // The name was taken after it was chosen (by something that does not take the
            // workspace lock): take back the link and the entry, then try the next name.
            Ok(None) => {
                outbox::remove(&entry_path)?;
                atomic::write_cache(&link_file, &before)?;
            }
            // The experience file is the batch's last: when the batch fails, it is not in
            // place.
            Err(e) => {
                take_back(None, &entry_path, &link_file, &before);
                return Err(e);
            }
        }
    }
    Err(Error::Other(format!(
        "cannot find a free experience file name for {} in {}; move files that are not tri's out of it",
        super::file_stem(event.time, event.issue),
        exp_dir.display()
    )))
}

/// Takes back a step whose files could not all be written: the experience file (when it was
/// put in place), then the outbox entry, then the link as it was (`before`). In this order a
/// process killed half-way leaves a state [`recover_last_step`] settles: an entry without
/// its file is finished, a reserved number without an entry is given back. Best effort:
/// the caller reports the write that failed, and a take-back that fails too (a dead disk)
/// is settled the same way by the next record.
fn take_back(
    exp: Option<&std::path::Path>,
    entry: &std::path::Path,
    link_file: &std::path::Path,
    before: &[u8],
) {
    if let Some(exp) = exp {
        let _ = std::fs::remove_file(exp);
    }
    let _ = outbox::remove(entry);
    let _ = atomic::write_cache(link_file, before);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::link::Link;

    fn linked() -> (tempfile::TempDir, Workspace) {
        let t = tempfile::tempdir().unwrap();
        let ws = Workspace::at(t.path().to_path_buf());
        ws.create().unwrap();
        link::write(
            &ws.link_file(),
            &Link::new(42, "o/r".into(), chrono::Utc::now()),
        )
        .unwrap();
        (t, ws)
    }

    fn step(ws: &Workspace, msg: &str, send_now: bool) -> Written {
        record(
            ws,
            NewEvent::new(EventType::StepCompleted, msg.into()),
            &RecordSettings {
                send_now,
                ..Default::default()
            },
        )
        .unwrap()
    }

    fn read_link(ws: &Workspace) -> Link {
        link::read(&ws.link_file()).unwrap().unwrap()
    }

    #[test]
    fn records_link_entry_and_file_for_the_same_event() {
        let (_t, ws) = linked();
        let rec = step(&ws, "tests pass", false);
        let l = read_link(&ws);
        assert_eq!((l.steps, rec.event.step), (1, 1));
        assert_eq!(l.last_step.unwrap().event_id, rec.event.id);
        let entry = outbox::read(&rec.outbox_entry).unwrap().unwrap();
        assert_eq!(entry.event, rec.event);
        assert!(!entry.in_flight && !rec.send_now);
        let text = std::fs::read_to_string(&rec.experience_file).unwrap();
        assert!(text.contains("tests pass") && text.contains(&rec.event.id));
    }

    #[test]
    fn a_finish_marks_the_link_until_another_event_follows() {
        let (_t, ws) = linked();
        step(&ws, "one", false);
        let mut fin = NewEvent::new(EventType::SessionFinished, "bye".into());
        fin.status = Some(SessionStatus::Cancelled);
        let rec = record(&ws, fin, &RecordSettings::default()).unwrap();
        assert_eq!(rec.event.status, Some(SessionStatus::Cancelled));
        assert_eq!(read_link(&ws).finished, Some(SessionStatus::Cancelled));
        step(&ws, "two", false);
        assert_eq!(read_link(&ws).finished, None);
    }

    #[test]
    fn send_now_writes_the_entry_already_in_flight() {
        let (_t, ws) = linked();
        let rec = step(&ws, "m", true);
        let entry = outbox::read(&rec.outbox_entry).unwrap().unwrap();
        assert!(entry.in_flight && rec.send_now);
        assert_eq!(entry.attempts, 1);
    }

    #[test]
    fn recovery_keeps_a_whole_last_step() {
        let (_t, ws) = linked();
        step(&ws, "one", false);
        let mut l = read_link(&ws);
        let before = l.clone();
        assert!(!recover_last_step(&ws, &mut l).unwrap());
        assert_eq!(l, before);
    }

    #[test]
    fn recovery_rewrites_a_missing_or_empty_file_from_the_entry() {
        let (_t, ws) = linked();
        let rec = step(&ws, "one", false);
        for damage in [None, Some(&b""[..]), Some(&b"\0\0\0\0\0\0"[..])] {
            match damage {
                None => std::fs::remove_file(&rec.experience_file).unwrap(),
                Some(b) => std::fs::write(&rec.experience_file, b).unwrap(),
            }
            let mut l = read_link(&ws);
            assert!(!recover_last_step(&ws, &mut l).unwrap());
            assert_eq!(l.steps, 1);
            let text = std::fs::read_to_string(&rec.experience_file).unwrap();
            assert!(
                text.starts_with("---\n") && text.contains("one"),
                "{damage:?}"
            );
        }
    }

    #[test]
    fn recovery_gives_back_a_number_reserved_but_never_recorded() {
        let (_t, ws) = linked();
        let rec = step(&ws, "one", false);
        std::fs::remove_file(&rec.experience_file).unwrap();
        outbox::remove(&rec.outbox_entry).unwrap();
        let mut l = read_link(&ws);
        assert!(recover_last_step(&ws, &mut l).unwrap());
        assert_eq!((l.steps, l.last_step), (0, None));
        assert_eq!(step(&ws, "again", false).event.step, 1);
    }

    #[test]
    fn recovery_leaves_an_entry_being_published_alone() {
        let (_t, ws) = linked();
        let rec = step(&ws, "one", false);
        std::fs::remove_file(&rec.experience_file).unwrap();
        let mut lock = LockFile::open(&outbox::lock_path(&rec.outbox_entry)).unwrap();
        let _g = lock.try_lock().unwrap().unwrap();
        let mut l = read_link(&ws);
        assert!(!recover_last_step(&ws, &mut l).unwrap());
        assert!(!rec.experience_file.exists());
    }

    #[test]
    fn a_name_taken_by_a_dangling_link_is_passed_over() {
        let (_t, ws) = linked();
        let dir = ws.experience_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let t = chrono::Utc::now();
        let name = |ms: i64| {
            format!(
                "{}.md",
                super::super::file_stem(t + chrono::Duration::milliseconds(ms), 42)
            )
        };
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join(name(0))).unwrap();
        assert_eq!(super::super::free_name(&dir, t, 42, 0), (name(1), 1));
        assert_eq!(super::super::free_name(&dir, t, 42, 3), (name(3), 3));
    }

    #[test]
    fn a_reserved_step_with_no_outbox_directory_is_given_back() {
        let (_t, ws) = linked();
        let mut l = read_link(&ws);
        l.steps = 3;
        l.last_step = Some(link::LastStep {
            step: 3,
            event_id: "gone".into(),
            file: "experience/nowhere_42.md".into(),
        });
        link::write(&ws.link_file(), &l).unwrap();
        let _ = std::fs::remove_dir_all(ws.outbox_dir());
        let rec = step(&ws, "after a copied link file", false);
        assert_eq!(rec.event.step, 3);
    }

    #[test]
    fn a_batch_that_cannot_be_written_leaves_the_link_and_the_outbox_as_they_were() {
        let (_t, ws) = linked();
        step(&ws, "one", false);
        let before = std::fs::read(ws.link_file()).unwrap();
        // No experience directory: the experience file's write fails, after the link's and
        // the entry's temporary files were written.
        std::fs::remove_dir_all(ws.experience_dir()).unwrap();
        let mut l = read_link(&ws);
        let entry = outbox::list(&ws.outbox_dir()).unwrap()[0].clone();
        let mut event = outbox::read(&entry).unwrap().unwrap().event;
        (event.id, event.step) = (Event::new_id(), 2);
        assert!(place(&ws, &mut l, event, &RecordSettings::default()).is_err());
        assert_eq!(std::fs::read(ws.link_file()).unwrap(), before);
        assert_eq!(
            outbox::list(&ws.outbox_dir()).unwrap().len(),
            1,
            "only step one's"
        );
        assert_eq!(std::fs::read_dir(ws.outbox_dir()).unwrap().count(), 1);
    }

    #[test]
    fn a_step_taken_back_leaves_what_was_there_and_its_number_free() {
        let (_t, ws) = linked();
        let before = std::fs::read(ws.link_file()).unwrap();
        let rec = step(&ws, "one", false);
        take_back(
            Some(&rec.experience_file),
            &rec.outbox_entry,
            &ws.link_file(),
            &before,
        );
        assert_eq!(std::fs::read(ws.link_file()).unwrap(), before);
        assert!(outbox::list(&ws.outbox_dir()).unwrap().is_empty());
        assert!(!rec.experience_file.exists());
        assert_eq!(step(&ws, "again", false).event.step, 1);
    }

    #[test]
    fn a_record_over_the_cap_is_refused_before_anything_is_written() {
        let (_t, ws) = linked();
        let before = std::fs::read(ws.link_file()).unwrap();
        for message in [
            "x".repeat(MAX_RECORD_BYTES + 1),
            // Fits alone; not with its front matter.
            "x".repeat(MAX_RECORD_BYTES - 10),
        ] {
            let err = record(
                &ws,
                NewEvent::new(EventType::StepCompleted, message),
                &RecordSettings::default(),
            )
            .unwrap_err();
            assert!(matches!(err, Error::Usage(_)), "{err}");
            assert!(err.to_string().contains("262,144 bytes"), "{err}");
        }
        assert_eq!(std::fs::read(ws.link_file()).unwrap(), before);
        assert!(!ws.outbox_dir().exists() && !ws.experience_dir().exists());
        let fits = "x".repeat(MAX_RECORD_BYTES - 1024);
        assert_eq!(step(&ws, &fits, false).event.step, 1);
    }

    #[test]
    fn sizes_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(262_144), "262,144");
        assert_eq!(grouped(10_485_760), "10,485,760");
    }

    #[test]
    fn not_linked_records_nothing() {
        let t = tempfile::tempdir().unwrap();
        let ws = Workspace::at(t.path().to_path_buf());
        let err = record(
            &ws,
            NewEvent::new(EventType::StepCompleted, "m".into()),
            &RecordSettings::default(),
        )
        .unwrap_err();
        assert!(matches!(err, Error::NotLinked));
        assert!(!ws.dir().exists());
    }
}
