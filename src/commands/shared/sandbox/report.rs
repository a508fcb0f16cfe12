//! What the sandbox commands print: the lifecycle's reporter (each lifecycle event recorded
//! through the command's [`Recorder`]), and the line and JSON document of each outcome
//! (create, deploy, destroy).

use super::super::output::describe_outcome;
use crate::commands::Ctx;
use crate::error::Result;
use crate::publisher::Outcome;
use crate::recorder::Recorder;
use serde_json::json;

/// The sandbox lifecycle's [`Reporter`](crate::sandbox::lifecycle::Reporter) for a command:
/// records each lifecycle event through the command's [`Recorder`] (its settings checked
/// before the lifecycle touched Railway), prints lines, and draws a spinner on a terminal
/// while a deployment is followed.
pub struct CtxReporter<'a> {
    /// The command's context.
    pub ctx: &'a mut Ctx,
    /// The command's recorder.
    pub recorder: &'a mut Recorder,
    bar: Option<indicatif::ProgressBar>,
}

impl<'a> CtxReporter<'a> {
    /// A reporter writing through `ctx` and recording through `recorder`.
    pub fn new(ctx: &'a mut Ctx, recorder: &'a mut Recorder) -> CtxReporter<'a> {
        CtxReporter {
            ctx,
            recorder,
            bar: None,
        }
    }
}

impl crate::sandbox::lifecycle::Reporter for CtxReporter<'_> {
    fn publish(
        &mut self,
        ws: &crate::workspace::Workspace,
        issue: u64,
        event_type: crate::event::EventType,
        message: &str,
        metrics: std::collections::BTreeMap<String, f64>,
    ) -> Result<crate::sandbox::lifecycle::Published> {
        let r = self.recorder.record(
            crate::journal::NewEvent {
                issue: Some(issue),
                metrics,
                ..crate::journal::NewEvent::new(event_type, message.to_string())
            },
            (event_type.as_str(), "ok"),
        )?;
        self.ctx
            .out
            .line(&format!("{}: {}", event_type, describe_outcome(&r.outcome)));
        // A failed deployment makes the session `tri:blocked`; a success may clear it.
        super::super::record::say_recorded(self.ctx, &r);
        Ok(crate::sandbox::lifecycle::Published {
            experience_file: r.rec.experience_file_rel(ws),
            event_id: r.rec.event.id.clone(),
            session_id: r.rec.event.session_id.clone(),
            outcome: r.outcome,
        })
    }

    fn say(&mut self, line: &str) {
        self.ctx.out.line(line);
    }

    fn warn(&mut self, line: &str) {
        self.ctx.out.warn(line);
    }

    fn progress(&mut self, deployment: &str, status: Option<&crate::sandbox::DeployStatus>) {
        use std::io::IsTerminal;
        match status {
            None => {
                if let Some(b) = self.bar.take() {
                    b.finish_and_clear();
                }
            }
            Some(st) => {
                if self.bar.is_none()
                    && !self.ctx.out.json
                    && std::io::stderr().is_terminal()
                    && (self.ctx.env)("CI").is_none()
                {
                    let b = indicatif::ProgressBar::new_spinner();
                    b.enable_steady_tick(std::time::Duration::from_millis(120));
                    self.bar = Some(b);
                }
                if let Some(b) = &self.bar {
                    b.set_message(format!("deployment {deployment}: {}", st.name()));
                }
            }
        }
    }

    fn secrets(&self) -> &[String] {
        &self.ctx.secrets
    }
}

/// A [`Reporter`](crate::sandbox::lifecycle::Reporter) for the commands that only read
/// the sandbox (`status`, `logs`): it prints lines and records nothing.
pub struct LinesOnly<'a>(pub &'a mut Ctx);

impl crate::sandbox::lifecycle::Reporter for LinesOnly<'_> {
    fn publish(
        &mut self,
        _: &crate::workspace::Workspace,
        _: u64,
        event_type: crate::event::EventType,
        _: &str,
        _: std::collections::BTreeMap<String, f64>,
    ) -> Result<crate::sandbox::lifecycle::Published> {
        Err(crate::error::Error::Other(format!(
            "a read-only sandbox command tried to record `{event_type}`"
        )))
    }

    fn say(&mut self, line: &str) {
        self.0.out.line(line);
    }

    fn warn(&mut self, line: &str) {
        self.0.out.warn(line);
    }

    fn secrets(&self) -> &[String] {
        &self.0.secrets
    }
}

/// The JSON shape of a recorded lifecycle event: `{"event_id","experience_file","state",
/// "comment_url"}`.
pub fn published_json(p: &crate::sandbox::lifecycle::Published) -> serde_json::Value {
    let (state, url) = match &p.outcome {
        Outcome::Published { urls, .. } => ("published", urls.first().cloned()),
        Outcome::Gone => ("published", None),
        Outcome::Queued(_) => ("queued", None),
    };
    json!({"event_id": p.event_id, "experience_file": p.experience_file, "state": state, "comment_url": url})
}

/// Prints the farm file's warnings (duplicate or non-numeric issues) on stderr.
pub fn warn_farm(ctx: &mut Ctx, farm: &crate::farm::Farm) {
    for w in farm.warnings() {
        ctx.out
            .warn(&format!("tri: warning: railway_farm.json: {w}"));
    }
}

/// What a create says and its exit code and JSON document, not yet printed ([`print_doc`];
/// a command that prints one document for several steps prints it itself).
pub fn created_doc(
    ctx: &mut Ctx,
    key: &crate::farm::Key,
    created: crate::sandbox::lifecycle::Created,
) -> (i32, serde_json::Value) {
    let issue = key.issue;
    let doc = match created {
        crate::sandbox::lifecycle::Created::Existing(m) => {
            ctx.out.line(&format!(
                "{key} already has sandbox `{}` (service {}, {}); nothing to create.",
                m.service_name.clone().unwrap_or_else(|| key.service_name()),
                m.service_id.as_deref().unwrap_or("?"),
                crate::sandbox::lifecycle::mapping_state(Some(&m))
            ));
            json!({"issue": issue, "repo": key.repo, "created": false,
                "adopted": false, "mapping": m})
        }
        crate::sandbox::lifecycle::Created::Adopted { mapping, race_lost } => {
            ctx.out.line(&format!(
                "{key} has sandbox `{}` on Railway (service {}, made elsewhere); adopted, nothing created.",
                mapping
                    .service_name
                    .clone()
                    .unwrap_or_else(|| key.service_name()),
                mapping.service_id.as_deref().unwrap_or("?"),
            ));
            json!({"issue": issue, "repo": key.repo, "created": false,
                "adopted": true, "race_lost": race_lost, "mapping": mapping})
        }
        crate::sandbox::lifecycle::Created::New {
            service_id,
            service_name,
            account,
            published,
        } => {
            json!({
                "issue": issue, "repo": key.repo, "created": true, "adopted": false,
                "service_id": service_id,
                "service_name": service_name, "account_id": account,
                "event": published_json(&published),
            })
        }
    };
    (crate::error::EXIT_OK, doc)
}

/// What a deploy says (the lines and warnings) and its exit code and JSON document, not yet
/// printed ([`print_doc`]; a command that prints one document for several steps prints it
/// itself).
pub fn deployed_doc(
    ctx: &mut Ctx,
    key: &crate::farm::Key,
    ended: &crate::sandbox::lifecycle::DeployEnded,
) -> (i32, serde_json::Value) {
    let issue = key.issue;
    let doc;
    let code = match ended {
        crate::sandbox::lifecycle::DeployEnded::InProgress {
            deployment_id: dep,
            service_id,
            status,
        } => {
            ctx.out.line(&format!(
                "Deployment {dep} of service {service_id} (issue {issue}) is already in progress ({status}), started elsewhere: nothing started here; the run that started it records its events. `tri agent sandbox status` shows where it is."
            ));
            doc = json!({"issue": issue, "repo": key.repo, "deployment_id": dep,
                "result": "in_progress", "status": status});
            crate::error::EXIT_OK
        }
        crate::sandbox::lifecycle::DeployEnded::Interrupted {
            deployment_id: dep,
            last_status: seen,
            ..
        } => {
            ctx.out.warn(&format!(
                "tri: interrupted. Deployment {dep} goes on on Railway (last status: {seen}); the farm file records it as deploying. `tri agent sandbox status` shows where it is."
            ));
            doc = json!({"issue": issue, "repo": key.repo, "deployment_id": dep, "result": "interrupted", "last_status": seen});
            crate::error::EXIT_INTERRUPTED
        }
        crate::sandbox::lifecycle::DeployEnded::Succeeded {
            deployment_id,
            url,
            status,
            started,
            ended: last,
        }
        | crate::sandbox::lifecycle::DeployEnded::Failed {
            deployment_id,
            url,
            status,
            started,
            ended: last,
        } => {
            let succeeded = matches!(
                ended,
                crate::sandbox::lifecycle::DeployEnded::Succeeded { .. }
            );
            doc = json!({"issue": issue, "repo": key.repo, "deployment_id": deployment_id,
                "result": if succeeded { "succeeded" } else { "failed" },
                "status": status, "url": url,
                "events": [published_json(started), published_json(last)]});
            if succeeded {
                crate::error::EXIT_OK
            } else {
                crate::error::EXIT_ERROR
            }
        }
    };
    (code, doc)
}

/// What a destroy says and its exit code and JSON document, not yet printed ([`print_doc`];
/// a command that prints one document for several steps prints it itself).
pub fn destroyed_doc(
    ctx: &mut Ctx,
    key: &crate::farm::Key,
    done: &crate::sandbox::lifecycle::Destroyed,
) -> (i32, serde_json::Value) {
    let issue = key.issue;
    let doc = match done {
        crate::sandbox::lifecycle::Destroyed::Nothing => {
            ctx.out.line(&format!(
                "{key} has no live sandbox (here or on Railway); nothing to destroy."
            ));
            json!({"issue": issue, "repo": key.repo, "destroyed": false})
        }
        crate::sandbox::lifecycle::Destroyed::Done {
            service_id,
            archived,
            published,
            ..
        } => {
            json!({"issue": issue, "repo": key.repo, "destroyed": true,
                "service_id": service_id, "archive": archived,
                "event": published_json(published)})
        }
    };
    (crate::error::EXIT_OK, doc)
}

/// Prints the JSON document of a `(code, doc)` pair ([`created_doc`], [`deployed_doc`],
/// [`destroyed_doc`]) and returns the exit code.
pub fn print_doc(ctx: &mut Ctx, (code, doc): (i32, serde_json::Value)) -> i32 {
    ctx.out.result(&doc);
    code
}
