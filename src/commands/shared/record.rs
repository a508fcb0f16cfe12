//! What the recording commands (`step`, `ask`, `handoff`, `finish`, the sandbox lifecycle's
//! reporter) share besides the [`crate::recorder::Recorder`]: the message, what is said
//! after a recording (warnings, the state label), the JSON of a recorded event.

use super::output::outcome_state;
use crate::error::{Error, Result};
use crate::publisher::labels::LabelOutcome;
use crate::publisher::Outcome;
use crate::recorder::{LabelEcho, Recorded};
use serde_json::json;
use std::io::Read;
use std::path::PathBuf;

/// Largest text `redact-check` reads, bytes (10 MiB): larger input is almost surely a
/// mistake. A recording command's message is capped lower, at a record's size
/// ([`crate::journal::record::MAX_RECORD_BYTES`]).
pub const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;

/// How much a command's message may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    /// A message to record: at most [`crate::journal::record::MAX_RECORD_BYTES`], refused
    /// above with [`crate::journal::record::too_large`].
    Record,
    /// A text only looked at (`redact-check`): at most [`MAX_MESSAGE_BYTES`].
    Text,
}

impl Cap {
    fn bytes(self) -> usize {
        match self {
            Cap::Record => crate::journal::record::MAX_RECORD_BYTES,
            Cap::Text => MAX_MESSAGE_BYTES,
        }
    }
}

/// A command's message as its errors speak of it.
#[derive(Debug, Clone, Copy)]
pub struct Message {
    /// What it is, after "the" ("step message", "question", "hand-off").
    pub what: &'static str,
    /// What to do when it is empty ("say what was done", "say what you are asking").
    pub say: &'static str,
    /// How much it may hold.
    pub cap: Cap,
}

impl Message {
    /// The refusal of this message over its cap: `size` bytes, `None` when only known to be
    /// larger. Pure.
    fn too_large(&self, size: Option<usize>) -> Error {
        match self.cap {
            Cap::Record => crate::journal::record::too_large(&format!("the {}", self.what), size),
            Cap::Text => Error::Usage(format!(
                "the {} is over {} MiB; check it in parts",
                self.what,
                MAX_MESSAGE_BYTES / 1024 / 1024
            )),
        }
    }

    /// Checks a message read in full: not over the cap, not empty. Pure.
    ///
    /// Errors: [`Error::Usage`] saying which, and what to do.
    pub fn check(&self, raw: &str) -> Result<()> {
        if raw.len() > self.cap.bytes() {
            return Err(self.too_large(Some(raw.len())));
        }
        if raw.trim().is_empty() {
            return Err(Error::Usage(format!(
                "the {} is empty; {}",
                self.what, self.say
            )));
        }
        Ok(())
    }
}

/// Reads `r` no further than one byte over `cap` bytes: `Ok(None)` when it is over.
fn read_capped(r: impl Read, cap: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut b = Vec::new();
    r.take(cap as u64 + 1).read_to_end(&mut b)?;
    Ok((b.len() <= cap).then_some(b))
}

/// `b` as UTF-8 text, or the error `std::io::Read::read_to_string` would give.
fn utf8(b: Vec<u8>) -> std::io::Result<String> {
    String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// The message of a recording command: `message` as given, else the file `file` (`-`:
/// standard input; relative to the working directory). `kind` names it in errors and caps
/// it; a file or standard input is read no further than one byte over the cap.
///
/// Errors: [`Error::Usage`] when it cannot be read, is over the cap or empty
/// ([`Message::check`]).
pub fn read_message(
    message: &Option<String>,
    file: &Option<PathBuf>,
    ctx: &mut crate::commands::Ctx,
    kind: &Message,
) -> Result<String> {
    let what = kind.what;
    let cap = kind.cap.bytes();
    let raw = match (message, file) {
        (Some(m), _) => m.to_string(),
        (None, Some(p)) if p.as_os_str() == "-" => {
            let unreadable =
                |e| Error::Usage(format!("cannot read the {what} from standard input: {e}"));
            let bytes = read_capped(ctx.stdin.as_mut(), cap)
                .map_err(unreadable)?
                .ok_or_else(|| kind.too_large(None))?;
            utf8(bytes).map_err(unreadable)?
        }
        (None, Some(p)) => {
            let p = if p.is_absolute() {
                p.to_path_buf()
            } else {
                ctx.cwd.join(p)
            };
            let unreadable =
                |e| Error::Usage(format!("cannot read the {what} from {}: {e}", p.display()));
            let f = std::fs::File::open(&p).map_err(unreadable)?;
            let size = f.metadata().ok().map(|m| m.len() as usize);
            let bytes = read_capped(f, cap)
                .map_err(unreadable)?
                .ok_or_else(|| kind.too_large(size.filter(|n| *n > cap)))?;
            utf8(bytes).map_err(unreadable)?
        }
        (None, None) => return Err(Error::Usage("give a message, or --file PATH".into())),
    };
    kind.check(&raw)?;
    Ok(raw)
}

/// After the recorder recorded an event: says its warnings (a refused token, a failed
/// send, a local write after the comment was posted) and what became of the state label,
/// on stderr — never a reason to exit non-zero, the event is recorded.
pub fn say_recorded(ctx: &mut crate::commands::Ctx, r: &Recorded) {
    for w in &r.warnings {
        ctx.out.warn(&format!("tri: warning: {w}"));
    }
    match &r.label {
        LabelEcho::Off | LabelEcho::Nothing => {}
        LabelEcho::Done(LabelOutcome::Set { label, changed }) => {
            if *changed {
                ctx.out.line(&format!("Label: {}", label.name()));
            }
        }
        LabelEcho::Done(LabelOutcome::Pending { label, reason }) => {
            ctx.out.warn(&format!(
                "tri: warning: label {} not set: {reason}; `tri agent sync` sets it later",
                label.name()
            ));
        }
        LabelEcho::Failed(e) => {
            ctx.out
                .warn(&format!("tri: warning: the state label was not set: {e}"));
        }
    }
}

/// The JSON of what became of the state label (`null` when none was asked for):
/// `{"label","state":"set"|"pending","reason"}`.
pub fn label_json(label: &LabelEcho) -> serde_json::Value {
    match label {
        LabelEcho::Off | LabelEcho::Nothing => serde_json::Value::Null,
        LabelEcho::Done(LabelOutcome::Set { label, .. }) => {
            json!({ "label": label.name(), "state": "set", "reason": null })
        }
        LabelEcho::Done(LabelOutcome::Pending { label, reason }) => {
            json!({ "label": label.name(), "state": "pending", "reason": reason.to_string() })
        }
        LabelEcho::Failed(e) => json!({ "label": null, "state": "pending", "reason": e }),
    }
}

/// The JSON of a recorded and published event (`step`, `handoff`, `finish`): `{"issue",
/// "repo","step","event_id","event","experience_file","state","comment_url","reason"}`,
/// and `"label"` ([`label_json`]) when labels are on.
pub fn recorded_json(r: &Recorded) -> serde_json::Value {
    let (rec, outcome) = (&r.rec, &r.outcome);
    let url = match outcome {
        Outcome::Published { urls, .. } => urls.first().cloned(),
        _ => None,
    };
    let reason = match outcome {
        Outcome::Queued(q) => Some(q.to_string()),
        _ => None,
    };
    let mut doc = json!({
        "issue": rec.event.issue,
        "repo": rec.event.repo,
        "step": rec.event.step,
        "event_id": rec.event.id,
        "event": rec.event.event_type,
        "experience_file": rec.experience_file.to_string_lossy(),
        "state": outcome_state(outcome),
        "comment_url": url,
        "reason": reason,
    });
    if r.label != LabelEcho::Off {
        doc["label"] = label_json(&r.label);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEP: Message = Message {
        what: "step message",
        say: "say what was done",
        cap: Cap::Record,
    };

    #[test]
    fn a_message_over_the_record_cap_is_refused_naming_the_cap() {
        let cap = crate::journal::record::MAX_RECORD_BYTES;
        assert!(STEP.check(&"x".repeat(cap)).is_ok());
        let e = STEP.check(&"x".repeat(cap + 1)).unwrap_err();
        assert_eq!(e.exit_code(), crate::error::EXIT_USAGE);
        let m = e.to_string();
        assert!(
            m.starts_with("the step message is 262,145 bytes;") && m.contains("262,144"),
            "{m}"
        );
    }

    #[test]
    fn an_empty_message_is_told_what_to_say() {
        let ask = Message {
            what: "question",
            say: "say what you are asking",
            ..STEP
        };
        assert_eq!(
            ask.check(" \n").unwrap_err().to_string(),
            "the question is empty; say what you are asking"
        );
    }

    #[test]
    fn reading_stops_one_byte_over_the_cap() {
        assert_eq!(read_capped(&b"abc"[..], 3).unwrap(), Some(b"abc".to_vec()));
        assert_eq!(read_capped(&b"abcd"[..], 3).unwrap(), None);
        // Cut inside a character: over the cap, not unreadable.
        assert_eq!(read_capped("aé".as_bytes(), 2).unwrap(), None);
    }
}
