//! `tri agent step <MESSAGE> | --file PATH [--event TYPE] [--metric NAME=NUMBER]...
//! [--resolves EVENT-ID]... [--sticky]`: read the message, record, publish and label it
//! through the [`crate::recorder::Recorder`], print what happened.

use super::shared::{describe_outcome, read_message, recorded_json, say_recorded, Cap, Message};
use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::handoff::problems;
use crate::journal::{timeline, NewEvent};
use crate::recorder::Options;
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

/// The step's message in errors: capped at a record's size.
const MESSAGE: Message = Message {
    what: "step message",
    say: "say what was done",
    cap: Cap::Record,
};

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
    let message = read_message(&args.message, &args.file, ctx, &MESSAGE)?;
    let ws = ctx.workspace();
    // Every setting is read before anything is written: a malformed one refuses the step.
    let mut recorder = ctx.recorder(
        &ws,
        Options {
            sticky_flag: args.sticky,
            ..Options::default()
        },
    )?;
    let resolves = if ws.exists() {
        resolve_ids(&ws, &args.resolves)?
    } else {
        Vec::new()
    };
    // Recorded, the step exits 0 whatever happens next (a non-zero exit means nothing was
    // recorded, and scripts retry on it): GitHub's answer is an outcome or a warning.
    let r = recorder.record(
        NewEvent {
            metrics: args.metrics.iter().cloned().collect(),
            resolves,
            ..NewEvent::new(args.event, message)
        },
        ("step", "ok"),
    )?;
    let e = &r.rec.event;
    ctx.out.line(&format!(
        "Recorded step {} on {}#{} in {}",
        e.step,
        e.repo,
        e.issue,
        ws.display_path(&r.rec.experience_file)
    ));
    ctx.out.line(&describe_outcome(&r.outcome));
    if !e.resolves.is_empty() {
        ctx.out
            .line(&format!("Resolves: {}", e.resolves.join(", ")));
    }
    say_recorded(ctx, &r);
    ctx.out.result(&recorded_json(&r));
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::shared::testing;

    fn args(message: &str) -> StepArgs {
        StepArgs {
            message: Some(message.into()),
            file: None,
            event: crate::event::EventType::StepCompleted,
            metrics: vec![],
            resolves: vec![],
            sticky: false,
        }
    }

    #[test]
    fn a_step_is_recorded_and_published_through_the_injected_github_client() {
        let (rt, gh) = testing::runtime_and_github();
        // The settings say api.github.com; the injected factory sends to the stand-in.
        let (_t, mut ctx, out, err) = testing::linked(&gh, &[]);
        assert_eq!(
            run(&args("tests pass"), &mut ctx).unwrap(),
            EXIT_OK,
            "{}",
            err.text()
        );
        let doc: serde_json::Value = serde_json::from_str(&out.text()).unwrap();
        assert_eq!(doc["state"], "published", "{doc}");
        assert_eq!(
            doc["comment_url"],
            "https://github.com/o/r/issues/42#issuecomment-7"
        );
        let bodies = testing::comment_bodies(&rt, &gh);
        assert_eq!(bodies.len(), 1);
        assert!(bodies[0].contains("tests pass"), "{}", bodies[0]);
        assert!(bodies[0].contains(doc["event_id"].as_str().unwrap()));
    }

    #[test]
    fn a_malformed_setting_refuses_the_step_before_github_or_the_disk() {
        let (rt, gh) = testing::runtime_and_github();
        let (t, mut ctx, _, _) = testing::linked(&gh, &[("TRI_PUBLISH_MAX_WAIT_S", "abc")]);
        let e = run(&args("x"), &mut ctx).unwrap_err();
        assert_eq!(e.exit_code(), crate::error::EXIT_USAGE, "{e}");
        assert!(
            !t.path().join(".trinity/outbox").exists()
                || std::fs::read_dir(t.path().join(".trinity/outbox"))
                    .unwrap()
                    .next()
                    .is_none()
        );
        assert!(rt.block_on(gh.received_requests()).unwrap().is_empty());
    }

    #[test]
    fn a_step_whose_comment_was_posted_is_published_whatever_fails_locally_after() {
        use wiremock::{matchers::method, Mock, MockServer, Request, ResponseTemplate};
        let t = tempfile::tempdir().unwrap();
        testing::link(t.path(), "o/r", 42);
        let exp = t.path().join(".trinity/experience");
        let rt = tokio::runtime::Runtime::new().unwrap();
        let gh = rt.block_on(async {
            let gh = MockServer::start().await;
            let exp = exp.clone();
            Mock::given(method("POST"))
                .respond_with(move |_: &Request| {
                    // While the comment is posted, the experience file becomes a folder:
                    // writing the comment's URL into it fails after the POST.
                    for f in std::fs::read_dir(&exp).unwrap().flatten() {
                        std::fs::remove_file(f.path()).unwrap();
                        std::fs::create_dir(f.path()).unwrap();
                    }
                    ResponseTemplate::new(201).set_body_json(serde_json::json!({
                        "id": 9, "html_url": "https://github.com/o/r/issues/42#issuecomment-9",
                        "body": ""}))
                })
                .mount(&gh)
                .await;
            gh
        });
        let (mut ctx, out, err) = testing::ctx(t.path(), &[("GH_TOKEN", "ghp_test")]);
        ctx.clients = testing::github_at(&gh.uri());
        assert_eq!(run(&args("posted"), &mut ctx).unwrap(), EXIT_OK);
        let doc: serde_json::Value = serde_json::from_str(&out.text()).unwrap();
        assert_eq!(doc["state"], "published", "{doc} {}", err.text());
        assert_eq!(
            doc["comment_url"],
            "https://github.com/o/r/issues/42#issuecomment-9"
        );
        assert!(
            err.text().contains("warning: the comment is on the issue"),
            "{}",
            err.text()
        );
    }
}
