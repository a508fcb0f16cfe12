//! `tri agent sync`: publishes every queued event, oldest first, pacing mutating requests
//! by `TRI_PUBLISH_INTERVAL_MS`, then sends the state-label changes left pending
//! ([`crate::publisher::labels`]). Exits 0 only when no event is left queued; a label change
//! that fails again is reported and kept, never fatal.

use super::shared::{block_on, describe_outcome};
use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Error, Result, EXIT_AUTH, EXIT_ERROR, EXIT_OK};
use crate::handoff::labels::StateLabel;
use crate::journal::outbox;
use crate::publisher::labels::{self, LabelOutcome};
use crate::publisher::{Outcome, Publisher, Queued};
use serde_json::json;

/// Publishes the outbox. Exit: 0 when empty afterwards; 4 when a token is missing or
/// refused; 1 when anything else is left queued or an entry cannot be read.
pub fn run(ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let entries = outbox::list(&ws.outbox_dir())?;
    let pending = labels::pending(&ws)?;
    if entries.is_empty() && pending.is_empty() {
        ctx.out.line("Nothing to publish.");
        ctx.out
            .result(&json!({ "published": 0, "queued": 0, "results": [] }));
        return Ok(EXIT_OK);
    }
    let settings = ctx.publish_settings()?;
    if entries.is_empty() && settings.token.is_none() {
        ctx.out.warn(&format!(
            "tri: warning: {} state label change(s) wait, and no GitHub token is set; set GH_TOKEN (or GITHUB_TOKEN) and run `tri agent sync` again",
            pending.len()
        ));
        ctx.out.line("Nothing to publish.");
        ctx.out
            .result(&json!({ "published": 0, "queued": 0, "results": [] }));
        return Ok(EXIT_OK);
    }
    if settings.token.is_none() {
        return Err(Error::Auth(format!(
            "{} step(s) wait to be published, and no GitHub token is set; set GH_TOKEN (or GITHUB_TOKEN) and run `tri agent sync` again",
            entries.len()
        )));
    }
    let mut publisher = Publisher::new(&ws, settings);
    let mut results = Vec::new();
    let (mut published, mut left, mut auth) = (0usize, 0usize, false);
    let mut stop: Option<String> = None;
    // A progress bar on stderr, only when it is a terminal and there is more than one step.
    let bar = if entries.len() > 1 {
        ctx.out.progress(entries.len() as u64, "publishing")
    } else {
        indicatif::ProgressBar::hidden()
    };
    let out = &mut ctx.out;
    let mut label_results = Vec::new();
    block_on(async {
        for path in &entries {
            if let Some(why) = &stop {
                left += 1;
                results.push(
                    json!({ "entry": path.to_string_lossy(), "state": "queued", "reason": why }),
                );
                continue;
            }
            match publisher.publish(path).await {
                Ok(o) => {
                    bar.suspend(|| {
                        out.detail(&format!("{}: {}", path.display(), describe_outcome(&o)))
                    });
                    let (state, reason, url) = match &o {
                        Outcome::Published { urls, .. } => {
                            published += 1;
                            ("published", None, urls.first().cloned())
                        }
                        Outcome::Gone => ("published", None, None),
                        Outcome::Queued(q) => {
                            left += 1;
                            match q {
                                Queued::Auth(_) | Queued::NoToken => {
                                    auth = true;
                                    stop = Some(q.to_string());
                                }
                                Queued::Budget(_) => stop = Some(q.to_string()),
                                _ => {}
                            }
                            bar.suspend(|| {
                                out.warn(&format!("queued: {}: {q}", ws.display_path(path)))
                            });
                            ("queued", Some(q.to_string()), None)
                        }
                    };
                    results.push(json!({ "entry": path.to_string_lossy(), "state": state, "reason": reason, "url": url }));
                    bar.inc(1);
                }
                Err(e) => {
                    left += 1;
                    bar.suspend(|| out.warn(&format!("error: {e}")));
                    results.push(json!({ "entry": path.to_string_lossy(), "state": "error", "reason": e.to_string() }));
                }
            }
        }
        for st in &pending {
            let Some(label) = st.pending.as_deref().and_then(StateLabel::from_name) else {
                continue;
            };
            let (state, reason) = if auth {
                ("pending", Some(stop.clone().unwrap_or_default()))
            } else {
                match publisher.set_state_label(&st.repo, st.issue, label).await {
                    Ok(LabelOutcome::Set { .. }) => ("set", None),
                    Ok(LabelOutcome::Pending { reason, .. }) => {
                        ("pending", Some(reason.to_string()))
                    }
                    Err(e) => ("pending", Some(e.to_string())),
                }
            };
            if let Some(r) = &reason {
                out.warn(&format!(
                    "tri: warning: label {} on {}#{} still not set: {r}",
                    label.name(),
                    st.repo,
                    st.issue
                ));
            }
            label_results.push(json!({
                "issue": st.issue, "repo": st.repo, "label": label.name(), "state": state, "reason": reason
            }));
        }
    })?;
    bar.finish_and_clear();
    audit::append(
        &ws.audit_file(),
        &Record::new("sync", if left == 0 { "ok" } else { "queued" })
            .detail(&format!("{published} published, {left} left"), &ctx.secrets),
    );
    ctx.out
        .line(&format!("Published {published}; {left} left queued."));
    let labels_set = label_results.iter().filter(|r| r["state"] == "set").count();
    if !label_results.is_empty() {
        ctx.out.line(&format!(
            "State labels: {labels_set} set; {} still pending.",
            label_results.len() - labels_set
        ));
    }
    if let Some(why) = &stop {
        ctx.out.warn(&format!("stopped early: {why}"));
    }
    let mut doc = json!({ "published": published, "queued": left, "results": results });
    if !label_results.is_empty() {
        doc["labels"] = label_results.into();
    }
    ctx.out.result(&doc);
    Ok(if left == 0 {
        EXIT_OK
    } else if auth {
        EXIT_AUTH
    } else {
        EXIT_ERROR
    })
}
