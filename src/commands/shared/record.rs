//! What the recording commands (`step`, `handoff`, `finish`, the sandbox lifecycle's
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

/// Largest message accepted, bytes (10 MiB): larger input is almost surely a mistake.
pub const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;

/// The message of a recording command: `message` as given, else the file `file` (`-`:
/// standard input; relative to the working directory). `what` names it in errors ("step
/// message", "hand-off").
///
/// Errors: [`Error::Usage`] when it cannot be read, is over [`MAX_MESSAGE_BYTES`] or empty.
pub fn read_message(
    message: &Option<String>,
    file: &Option<PathBuf>,
    ctx: &mut crate::commands::Ctx,
    what: &str,
) -> Result<String> {
    let raw = match (message, file) {
        (Some(m), _) => m.to_string(),
        (None, Some(p)) if p.as_os_str() == "-" => {
            let mut s = String::new();
            ctx.stdin
                .as_mut()
                .take(MAX_MESSAGE_BYTES as u64 + 1)
                .read_to_string(&mut s)
                .map_err(|e| {
                    Error::Usage(format!("cannot read the {what} from standard input: {e}"))
                })?;
            s
        }
        (None, Some(p)) => {
            let p = if p.is_absolute() {
                p.to_path_buf()
            } else {
                ctx.cwd.join(p)
            };
            std::fs::read_to_string(&p).map_err(|e| {
                Error::Usage(format!("cannot read the {what} from {}: {e}", p.display()))
            })?
        }
        (None, None) => return Err(Error::Usage("give a message, or --file PATH".into())),
    };
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(Error::Usage(format!(
            "the {what} is over {} MiB; write it to a file in the repository and give a summary",
            MAX_MESSAGE_BYTES / 1024 / 1024
        )));
    }
    if raw.trim().is_empty() {
        return Err(Error::Usage(format!(
            "the {what} is empty; say what was done"
        )));
    }
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
