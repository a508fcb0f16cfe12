//! `tri agent sync`: publishes every queued event, oldest first, pacing mutating requests
//! by `TRI_PUBLISH_INTERVAL_MS`. Exits 0 only when nothing is left queued.

use super::shared::{block_on, describe_outcome};
use super::Ctx;
use crate::audit::{self, Record};
use crate::error::{Error, Result, EXIT_AUTH, EXIT_ERROR, EXIT_OK};
use crate::journal::outbox;
use crate::publisher::{Outcome, Publisher, Queued};
use serde_json::json;

/// Publishes the outbox. Exit: 0 when empty afterwards; 4 when a token is missing or
/// refused; 1 when anything else is left queued or an entry cannot be read.
pub fn run(ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let entries = outbox::list(&ws.outbox_dir())?;
    if entries.is_empty() {
        ctx.out.line("Nothing to publish.");
        ctx.out
            .result(&json!({ "published": 0, "queued": 0, "results": [] }));
        return Ok(EXIT_OK);
    }
    let settings = ctx.publish_settings()?;
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
    })?;
    bar.finish_and_clear();
    audit::append(
        &ws.audit_file(),
        &Record::new("sync", if left == 0 { "ok" } else { "queued" })
            .detail(&format!("{published} published, {left} left"), &ctx.secrets),
    );
    ctx.out
        .line(&format!("Published {published}; {left} left queued."));
    if let Some(why) = &stop {
        ctx.out.warn(&format!("stopped early: {why}"));
    }
    ctx.out
        .result(&json!({ "published": published, "queued": left, "results": results }));
    Ok(if left == 0 {
        EXIT_OK
    } else if auth {
        EXIT_AUTH
    } else {
        EXIT_ERROR
    })
}
