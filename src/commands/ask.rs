//! `tri agent ask MESSAGE | --file PATH`: asks the people on the issue something. Records a
//! `question` event exactly as `step` records a step (experience file, outbox entry, one
//! comment, redacted, exactly once; a non-zero exit means nothing was recorded), and with
//! labels on sets `tri:waiting` ([`crate::handoff::state_label`]). `tri agent wait` then returns
//! the first trusted reply.

use super::shared::{describe_outcome, read_message, recorded_json, say_recorded, Cap, Message};
use super::Ctx;
use crate::error::{Result, EXIT_OK};
use crate::event::EventType;
use crate::journal::NewEvent;
use crate::recorder::Options;
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

/// The question in errors: capped at a record's size.
const MESSAGE: Message = Message {
    what: "question",
    say: "say what you are asking",
    cap: Cap::Record,
};

/// Runs `tri agent ask`: read the question, record, publish and label it through the
/// [`crate::recorder::Recorder`] (every setting checked first), print what happened.
pub fn run(args: &AskArgs, ctx: &mut Ctx) -> Result<i32> {
    let message = read_message(&args.message, &args.file, ctx, &MESSAGE)?;
    let ws = ctx.workspace();
    let mut recorder = ctx.recorder(&ws, Options::default())?;
    // Recorded, `ask` exits 0 whatever GitHub said: its answer is an outcome or a warning.
    let r = recorder.record(NewEvent::new(EventType::Question, message), ("ask", "ok"))?;
    let e = &r.rec.event;
    ctx.out.line(&format!(
        "Asked on {}#{} (step {}) in {}",
        e.repo,
        e.issue,
        e.step,
        ws.display_path(&r.rec.experience_file)
    ));
    ctx.out.line(&describe_outcome(&r.outcome));
    ctx.out
        .line("`tri agent wait` returns the first trusted reply.");
    say_recorded(ctx, &r);
    ctx.out.result(&recorded_json(&r));
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::shared::testing;

    #[test]
    fn a_question_is_recorded_and_published_once_through_the_injected_github_client() {
        let (rt, gh) = testing::runtime_and_github();
        let (_t, mut ctx, out, err) = testing::linked(&gh, &[]);
        let args = AskArgs {
            message: Some("Postgres or SQLite?".into()),
            file: None,
        };
        assert_eq!(run(&args, &mut ctx).unwrap(), EXIT_OK, "{}", err.text());
        let doc: serde_json::Value = serde_json::from_str(&out.text()).unwrap();
        assert_eq!(
            (doc["event"].as_str(), doc["state"].as_str()),
            (Some("question"), Some("published")),
            "{doc}"
        );
        let bodies = testing::comment_bodies(&rt, &gh);
        assert_eq!(bodies.len(), 1);
        assert!(
            bodies[0].contains("type=question") && bodies[0].contains("Postgres or SQLite?"),
            "{}",
            bodies[0]
        );
        assert!(bodies[0].contains("### ❓ Question"), "{}", bodies[0]);
    }
}
