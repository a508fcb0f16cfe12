//! `tri agent sync [--no-wait]`: publishes every queued event, oldest first, through the
//! machine's rate-limit gate (one send at a time across tri processes, spaced by
//! `TRI_PUBLISH_INTERVAL_MS`), then sends the state-label changes left pending
//! ([`crate::publisher::labels`]). When GitHub has asked every client to wait (a block in the
//! gate), sync waits it out, saying until when; with `--no-wait` it stops at once and leaves
//! the queue as it is. Exits 0 only when no event is left queued; a label change that fails
//! again is reported and kept, never fatal.

use super::shared::describe_outcome;
use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Error, Result, EXIT_AUTH, EXIT_ERROR, EXIT_OK};
use crate::gate::{self, Gate, Refusal};
use crate::handoff::state_label::StateLabel;
use crate::journal::outbox;
use crate::publisher::labels::{self, LabelOutcome};
use crate::publisher::{Outcome, Queued};
use crate::recorder::Options;
use clap::Args;
use serde_json::json;

/// Most times one entry is tried again after waiting for a rate limit in one sync.
pub const MAX_LIMIT_WAITS: u32 = 8;

/// `tri agent sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Do not wait when GitHub has asked to wait (a rate limit): stop at once and leave the
    /// queue as it is (exit 1 when anything is left).
    #[arg(long)]
    pub no_wait: bool,
}

/// A rate limit `sync` may wait out: when it ends (Unix epoch ms) and the line saying so.
fn limit_of(q: &Queued) -> Option<(u64, String)> {
    match q {
        Queued::RateLimit(r @ Refusal::Wait { until_ms, .. }) => Some((*until_ms, r.to_string())),
        _ => None,
    }
}

/// The active block of `gate`, as a refusal (for its message).
fn block_of(gate: Option<&Gate>) -> Option<(u64, String)> {
    let g = gate?;
    let b = g.block()?;
    let r = Refusal::Wait {
        until_ms: b.until_ms,
        why: gate::Why::Blocked,
        api: g.api(),
    };
    Some((b.until_ms, r.to_string()))
}

/// Waits until `until_ms` (Unix epoch ms), saying why: on the progress bar, or as a line on
/// stderr when there is none.
async fn wait_until(
    out: &mut crate::output::Output,
    bar: &indicatif::ProgressBar,
    until_ms: u64,
    why: &str,
) {
    if bar.is_hidden() {
        out.warn(&format!(
            "Waiting: {why} (`tri agent sync --no-wait` does not wait)"
        ));
    } else {
        bar.set_message(format!("waiting: {why}"));
    }
    let ms = until_ms.saturating_sub(gate::now_ms());
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    bar.set_message("publishing");
}

/// Publishes the outbox. Exit: 0 when empty afterwards; 4 when a token is missing or
/// refused; 1 when anything else is left queued (a rate limit under `--no-wait` included)
/// or an entry cannot be read.
pub fn run(args: &SyncArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    // Every setting is read and checked before anything is sent or written.
    let recorder = ctx.recorder(&ws, Options::default())?;
    let settings = recorder.settings().clone();
    let entries = outbox::list(&ws.outbox_dir())?;
    let pending = labels::pending(&ws)?;
    let deployments = crate::publisher::deployments::pending(&ws)?;
    let only_entries = pending.is_empty() && deployments.is_empty();
    if entries.is_empty() && (only_entries || settings.token.is_none()) {
        if !only_entries {
            ctx.out.warn(&format!(
                "tri: warning: {} state label change(s) wait, and no GitHub token is set; set GH_TOKEN (or GITHUB_TOKEN) and run `tri agent sync` again",
                pending.len()
            ));
        }
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
    let mut publisher = recorder.publisher()?;
    if args.no_wait {
        publisher.no_wait();
    }
    let gate = publisher.gate();
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
    let mut deployment_results = Vec::new();
    recorder.block_on(async {
        for path in &entries {
            if stop.is_none() {
                if let Some((_, why)) = block_of(gate.as_ref()).filter(|_| args.no_wait) {
                    stop = Some(why);
                }
            }
            if let Some(why) = &stop {
                left += 1;
                results.push(
                    json!({ "entry": path.to_string_lossy(), "state": "queued", "reason": why }),
                );
                continue;
            }
            let mut waits = 0;
            let outcome = loop {
                if let Some((until, why)) = block_of(gate.as_ref()).filter(|_| !args.no_wait) {
                    wait_until(out, &bar, until, &why).await;
                }
                let o = publisher.publish(path).await;
                if let Ok(Outcome::Queued(q)) = &o {
                    if let Some((until, why)) = limit_of(q).filter(|_| !args.no_wait) {
                        if waits < MAX_LIMIT_WAITS {
                            waits += 1;
                            wait_until(out, &bar, until, &why).await;
                            continue;
                        }
                    }
                }
                break o;
            };
            for w in publisher.take_warnings() {
                bar.suspend(|| out.warn(&format!("tri: warning: {w}")));
            }
            match outcome {
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
                                Queued::Budget(_) | Queued::RateLimit(Refusal::Wait { .. }) => {
                                    stop = Some(q.to_string())
                                }
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
        // GitHub deployment changes left queued by sandbox commands (not steps: they do not
        // count in `queued`), on the same runtime as the client.
        for st in &deployments {
            let reason = match publisher.flush_deployments(st.issue).await {
                Ok(None) => None,
                Ok(Some(q)) => Some(q.to_string()),
                Err(e) => Some(e.to_string()),
            };
            if let Some(r) = &reason {
                out.warn(&format!(
                    "tri: warning: the GitHub deployment of {}#{} is still not up to date: {r}",
                    st.repo, st.issue
                ));
            }
            deployment_results.push(json!({"issue": st.issue, "repo": st.repo,
                "state": if reason.is_none() { "sent" } else { "pending" }, "reason": reason}));
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
    if !deployment_results.is_empty() {
        doc["deployments"] = deployment_results.into();
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
