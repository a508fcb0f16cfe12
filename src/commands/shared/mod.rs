//! What several commands share, as gh's `pkg/cmd/<noun>/shared`: output shapes and lines
//! (a link's JSON, an outcome's line) and the async runtime. Not a command: commands import
//! this, never each other.

use crate::error::Result;
use crate::publisher::{Outcome, Queued};
use crate::workspace::link;
use chrono::SecondsFormat;
use serde_json::json;

mod record;
pub mod sandbox;

pub use record::{echo_labels, read_message, recorded_json, MAX_MESSAGE_BYTES};

pub use crate::net::block_on;

/// One line saying what happened to a published or queued event.
pub fn describe_outcome(o: &Outcome) -> String {
    match o {
        Outcome::Published { urls, found_existing } => {
            let url = urls.first().map(String::as_str).unwrap_or("");
            let more = if urls.len() > 1 {
                format!(" (and {} more parts)", urls.len() - 1)
            } else {
                String::new()
            };
            if *found_existing {
                format!("Published: {url}{more} (found on the issue from an earlier try)")
            } else {
                format!("Published: {url}{more}")
            }
        }
        Outcome::Gone => "Published by another tri process.".to_string(),
        Outcome::Queued(Queued::NoToken) => {
            "Queued: no GitHub token is set. To publish later, set GH_TOKEN (or GITHUB_TOKEN) and run `tri agent sync`.".to_string()
        }
        Outcome::Queued(q) => format!("Queued: {q}. `tri agent sync` publishes it later."),
    }
}

/// The JSON name of an outcome: `published`, `queued` (or `published` for [`Outcome::Gone`]).
pub fn outcome_state(o: &Outcome) -> &'static str {
    match o {
        Outcome::Published { .. } | Outcome::Gone => "published",
        Outcome::Queued(_) => "queued",
    }
}

/// The JSON shape of a link (`link`, `status`): `{"issue","repo","session_id","linked_at",
/// "steps","last_step_at","changed"}`.
pub fn link_json(l: &link::Link, changed: bool) -> serde_json::Value {
    json!({
        "issue": l.issue,
        "repo": l.repo,
        "session_id": l.session_id,
        "linked_at": l.linked_at.to_rfc3339_opts(SecondsFormat::Millis, true),
        "steps": l.steps,
        "last_step_at": l.last_step_at.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
        "changed": changed,
    })
}

/// The repository for a command in `ws`: `flag`, else `GH_REPO`, `GITHUB_REPOSITORY`, the
/// config files, then the git remotes (read only when nothing else gives it). Returns it
/// with where it came from (said to the user, e.g. "repo from --repo").
///
/// Errors: [`crate::error::Error::Usage`] when none gives one or it is not `OWNER/NAME`.
pub fn resolve_repo(
    ws: &crate::workspace::Workspace,
    ctx: &super::Ctx,
    flag: Option<&str>,
) -> Result<(String, String)> {
    let configured = crate::config::Config::load(ws, &*ctx.env)?.file_repo()?;
    let remotes = if flag.is_none()
        && (ctx.env)("GH_REPO").is_none()
        && (ctx.env)("GITHUB_REPOSITORY").is_none()
        && configured.is_none()
    {
        crate::github::repo::git_remotes(ws.root())
    } else {
        Vec::new()
    };
    crate::config::resolve_repo(flag, &*ctx.env, configured, &remotes)
}

/// The sandbox lifecycle's [`Reporter`](crate::sandbox::lifecycle::Reporter) for a command:
/// records and publishes each lifecycle event as `step` does (settings checked first),
/// prints lines, and draws a spinner on a terminal while a deployment is followed.
pub struct CtxReporter<'a> {
    /// The command's context.
    pub ctx: &'a mut super::Ctx,
    bar: Option<indicatif::ProgressBar>,
}

impl<'a> CtxReporter<'a> {
    /// A reporter writing through `ctx`.
    pub fn new(ctx: &'a mut super::Ctx) -> CtxReporter<'a> {
        CtxReporter { ctx, bar: None }
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
        let publish = self.ctx.publish_settings()?;
        let config = self.ctx.config(ws)?;
        let labels = self.ctx.labels_on(&config)?;
        let mut rec = crate::journal::record(
            ws,
            crate::journal::NewEvent {
                issue: Some(issue),
                metrics,
                ..crate::journal::NewEvent::new(event_type, message.to_string())
            },
            &self.ctx.record_settings(&config, false)?,
        )?;
        crate::audit::append(
            &ws.audit_file(),
            &crate::audit::Record::new(event_type.as_str(), "ok")
                .issue(issue)
                .event(&rec.event.id),
        );
        let outcome = publish_now(self.ctx, ws, &mut rec, publish.clone());
        self.ctx
            .out
            .line(&format!("{}: {}", event_type, describe_outcome(&outcome)));
        // A failed deployment makes the session `tri:blocked`; a success may clear it.
        echo_labels(ws, self.ctx, labels, publish, &rec.event);
        Ok(crate::sandbox::lifecycle::Published {
            outcome,
            experience_file: rec.experience_file_rel(ws),
            event_id: rec.event.id.clone(),
            session_id: rec.event.session_id.clone(),
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

/// Exit 4 when GitHub refused the token for any of `published` (said on stderr), else
/// `code`.
pub fn exit_for(
    ctx: &mut super::Ctx,
    published: &[&crate::sandbox::lifecycle::Published],
    code: i32,
) -> i32 {
    for p in published {
        if let Outcome::Queued(Queued::Auth(m)) = &p.outcome {
            ctx.out.warn(&format!("tri: {m}"));
            if code == crate::error::EXIT_OK {
                return crate::error::EXIT_AUTH;
            }
        }
    }
    code
}

/// Prints the farm file's warnings (duplicate or non-numeric issues) on stderr.
pub fn warn_farm(ctx: &mut super::Ctx, farm: &crate::farm::Farm) {
    for w in farm.warnings() {
        ctx.out
            .warn(&format!("tri: warning: railway_farm.json: {w}"));
    }
}

/// What `report_created` prints, without printing the JSON document: the exit code and the
/// document (for a command that prints one document for several steps).
pub fn created_doc(
    ctx: &mut super::Ctx,
    key: &crate::farm::Key,
    created: crate::sandbox::lifecycle::Created,
) -> (i32, serde_json::Value) {
    let issue = key.issue;
    let doc;
    let code = match created {
        crate::sandbox::lifecycle::Created::Existing(m) => {
            ctx.out.line(&format!(
                "{key} already has sandbox `{}` (service {}, {}); nothing to create.",
                m.service_name.clone().unwrap_or_else(|| key.service_name()),
                m.railway_service_id.as_deref().unwrap_or("?"),
                crate::sandbox::lifecycle::mapping_state(Some(&m))
            ));
            doc = json!({"issue": issue, "repo": key.repo, "created": false,
                "adopted": false, "mapping": m});
            crate::error::EXIT_OK
        }
        crate::sandbox::lifecycle::Created::Adopted { mapping, race_lost } => {
            ctx.out.line(&format!(
                "{key} has sandbox `{}` on Railway (service {}, made elsewhere); adopted, nothing created.",
                mapping
                    .service_name
                    .clone()
                    .unwrap_or_else(|| key.service_name()),
                mapping.railway_service_id.as_deref().unwrap_or("?"),
            ));
            doc = json!({"issue": issue, "repo": key.repo, "created": false,
                "adopted": true, "race_lost": race_lost, "mapping": mapping});
            crate::error::EXIT_OK
        }
        crate::sandbox::lifecycle::Created::New {
            service_id,
            service_name,
            account,
            published,
        } => {
            doc = json!({
                "issue": issue, "repo": key.repo, "created": true, "adopted": false,
                "service_id": service_id,
                "service_name": service_name, "account_id": account,
                "event": published_json(&published),
            });
            exit_for(ctx, &[&published], crate::error::EXIT_OK)
        }
    };
    (code, doc)
}

/// Prints what `create` did (the JSON document included); returns the exit code.
pub fn report_created(
    ctx: &mut super::Ctx,
    key: &crate::farm::Key,
    created: crate::sandbox::lifecycle::Created,
) -> i32 {
    let (code, doc) = created_doc(ctx, key, created);
    ctx.out.result(&doc);
    code
}

/// What `report_deployed` prints, without printing the JSON document: the exit code and the
/// document (for a command that prints one document for several steps).
pub fn deployed_doc(
    ctx: &mut super::Ctx,
    key: &crate::farm::Key,
    ended: &crate::sandbox::lifecycle::DeployEnded,
) -> (i32, serde_json::Value) {
    let issue = key.issue;
    let doc;
    let code = match ended {
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
            ended,
        } => {
            doc = json!({"issue": issue, "repo": key.repo, "deployment_id": deployment_id,
                "result": "succeeded", "status": status, "url": url,
                "events": [published_json(started), published_json(ended)]});
            exit_for(ctx, &[started, ended], crate::error::EXIT_OK)
        }
        crate::sandbox::lifecycle::DeployEnded::Failed {
            deployment_id,
            url,
            status,
            started,
            ended,
        } => {
            doc = json!({"issue": issue, "repo": key.repo, "deployment_id": deployment_id,
                "result": "failed", "status": status, "url": url,
                "events": [published_json(started), published_json(ended)]});
            exit_for(ctx, &[started, ended], crate::error::EXIT_ERROR);
            crate::error::EXIT_ERROR
        }
    };
    (code, doc)
}

/// Prints how a deployment ended (the JSON document included); returns the exit code.
pub fn report_deployed(
    ctx: &mut super::Ctx,
    key: &crate::farm::Key,
    ended: &crate::sandbox::lifecycle::DeployEnded,
) -> i32 {
    let (code, doc) = deployed_doc(ctx, key, ended);
    ctx.out.result(&doc);
    code
}

/// What `report_destroyed` prints, without printing the JSON document: the exit code and the
/// document (for a command that prints one document for several steps).
pub fn destroyed_doc(
    ctx: &mut super::Ctx,
    key: &crate::farm::Key,
    done: &crate::sandbox::lifecycle::Destroyed,
) -> (i32, serde_json::Value) {
    let issue = key.issue;
    let doc;
    let code = match done {
        crate::sandbox::lifecycle::Destroyed::Nothing => {
            ctx.out.line(&format!(
                "{key} has no live sandbox (here or on Railway); nothing to destroy."
            ));
            doc = json!({"issue": issue, "repo": key.repo, "destroyed": false});
            crate::error::EXIT_OK
        }
        crate::sandbox::lifecycle::Destroyed::Done {
            service_id,
            archived,
            published,
            ..
        } => {
            doc = json!({"issue": issue, "repo": key.repo, "destroyed": true,
                "service_id": service_id, "archive": archived,
                "event": published_json(published)});
            exit_for(ctx, &[published], crate::error::EXIT_OK)
        }
    };
    (code, doc)
}

/// Prints what `destroy` did (the JSON document included); returns the exit code.
pub fn report_destroyed(
    ctx: &mut super::Ctx,
    key: &crate::farm::Key,
    done: &crate::sandbox::lifecycle::Destroyed,
) -> i32 {
    let (code, doc) = destroyed_doc(ctx, key, done);
    ctx.out.result(&doc);
    code
}

/// Publishes a just-recorded event ([`crate::publisher::publish_one`]) and says the gate's
/// warnings on stderr. Recorded, the command exits 0 whatever happens here: a failure
/// leaves the event queued and is a warning too.
pub fn publish_now(
    ctx: &mut super::Ctx,
    ws: &crate::workspace::Workspace,
    rec: &mut crate::journal::Recorded,
    settings: crate::publisher::Settings,
) -> Outcome {
    let (outcome, warnings) =
        crate::publisher::publish_one(ws, rec, settings).unwrap_or_else(|e| {
            (
                Outcome::Queued(Queued::Unreachable(e.to_string())),
                vec![e.to_string()],
            )
        });
    for w in warnings {
        ctx.out.warn(&format!("tri: warning: {w}"));
    }
    outcome
}

/// The issue a command reads: `--issue` (its repository the link's when it is the linked
/// issue, else as `link` finds one), else the linked issue. Returns the link too.
///
/// Errors: [`crate::error::Error::NotLinked`] with neither; the link's or the repository's.
pub fn target_issue(
    ws: &crate::workspace::Workspace,
    ctx: &super::Ctx,
    issue: Option<u64>,
) -> Result<(Option<link::Link>, String, u64)> {
    let linked = if ws.exists() {
        link::read(&ws.link_file())?
    } else {
        None
    };
    let (repo, issue) = match (issue, &linked) {
        (None, Some(l)) => (l.repo.clone(), l.issue),
        (Some(i), Some(l)) if l.issue == i => (l.repo.clone(), i),
        (Some(i), _) => (resolve_repo(ws, ctx, None)?.0, i),
        (None, None) => return Err(crate::error::Error::NotLinked),
    };
    Ok((linked, repo, issue))
}
