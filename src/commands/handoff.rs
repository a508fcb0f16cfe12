//! `tri agent handoff <MESSAGE> | --file PATH [--goal TEXT]`: records and publishes a
//! `handoff` event for the next worker — the goal (the issue's title, read once when a token
//! is set and kept with the link, or `--goal`), this session's steps since its previous
//! hand-off, the message (what to do next), the open problems, the sandbox and the metric
//! totals ([`crate::handoff`]). Like a step: experience file, outbox, one comment (never the
//! sticky journal, whose lines keep only a first line), redacted, exactly once.

use super::shared::{describe_outcome, read_message, recorded_json, say_recorded, Cap, Message};
use super::Ctx;
use crate::error::{Result, EXIT_OK};
use crate::event::EventType;
use crate::handoff::{self, problems, Handoff, Problem};
use crate::journal::{timeline, NewEvent};
use crate::recorder::Options;
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

/// The hand-off's message in errors: capped at a record's size (the hand-off adds its
/// goal, steps and problems, and the whole is checked again when recorded).
const MESSAGE: Message = Message {
    what: "hand-off",
    say: "say what the next agent should do",
    cap: Cap::Record,
};

/// Runs `tri agent handoff`.
pub fn run(args: &HandoffArgs, ctx: &mut Ctx) -> Result<i32> {
    let message = read_message(&args.message, &args.file, ctx, &MESSAGE)?;
    let ws = ctx.workspace();
    // Every setting is read before anything is written.
    let mut recorder = ctx.recorder(
        &ws,
        Options {
            never_sticky: true,
            ..Options::default()
        },
    )?;
    let l = link::linked(&ws)?;
    // The goal: --goal, the title kept with the link, else the issue's title from GitHub.
    let mut fetched = None;
    let goal = match (&args.goal, &l.title) {
        (Some(g), _) => Some(g.clone()),
        (None, Some(t)) => Some(t.clone()),
        (None, None) if recorder.settings().token.is_some() => {
            let mut p = recorder.publisher()?;
            match recorder.block_on(p.read_issue(&l.repo, l.issue))?? {
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
        super::shared::sandbox::farm_repo_in(recorder.config(), &ws, ctx)?.as_deref(),
    );
    let sandbox = super::shared::sandbox::sandbox_of(ctx, &ws, &key);
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
    let r = recorder.record(
        NewEvent::new(EventType::Handoff, handoff::render(&h)),
        ("handoff", "ok"),
    )?;
    if let Some(title) = fetched {
        // Kept for the next hand-off; a cache, so a failure only costs a request later.
        let _ = link::update(&ws, |l| l.title = Some(title));
    }
    let e = &r.rec.event;
    ctx.out.line(&format!(
        "Recorded hand-off (step {}: {} step(s) listed, {} open problem(s)) on {}#{} in {}",
        e.step,
        h.did.len() + h.did_omitted,
        h.open_problems.len(),
        e.repo,
        e.issue,
        ws.display_path(&r.rec.experience_file)
    ));
    ctx.out.line(&describe_outcome(&r.outcome));
    say_recorded(ctx, &r);
    let mut doc = recorded_json(&r);
    doc["goal"] = h.goal.clone().into();
    doc["did"] = (h.did.len() + h.did_omitted).into();
    doc["open_problems"] = h.open_problems.len().into();
    ctx.out.result(&doc);
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::shared::testing;

    #[test]
    fn a_handoff_is_recorded_and_published_through_the_injected_github_client() {
        let (rt, gh) = testing::runtime_and_github();
        let (_t, mut ctx, out, err) = testing::linked(&gh, &[]);
        let args = HandoffArgs {
            message: Some("next: the docs".into()),
            file: None,
            goal: Some("ship it".into()),
        };
        assert_eq!(run(&args, &mut ctx).unwrap(), EXIT_OK, "{}", err.text());
        let doc: serde_json::Value = serde_json::from_str(&out.text()).unwrap();
        assert_eq!(doc["state"], "published", "{doc}");
        assert_eq!(doc["event"], "handoff");
        assert_eq!(doc["goal"], "ship it");
        let bodies = testing::comment_bodies(&rt, &gh);
        assert_eq!(bodies.len(), 1);
        assert!(bodies[0].contains("next: the docs"), "{}", bodies[0]);
    }

    #[test]
    fn a_bad_config_file_refuses_the_handoff_before_github_or_the_disk() {
        let (rt, gh) = testing::runtime_and_github();
        let (t, mut ctx, _, _) = testing::linked(&gh, &[]);
        std::fs::write(t.path().join(".trinity/config.json"), b"{\"labels\": ").unwrap();
        let args = HandoffArgs {
            message: Some("next".into()),
            file: None,
            goal: None,
        };
        let e = run(&args, &mut ctx).unwrap_err();
        assert_ne!(e.exit_code(), EXIT_OK);
        assert!(!t.path().join(".trinity/experience").exists());
        assert!(rt.block_on(gh.received_requests()).unwrap().is_empty());
    }
}
