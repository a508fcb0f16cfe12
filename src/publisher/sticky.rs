//! Sticky mode: one journal comment per issue, edited in place (PATCH), holding a line per
//! event — for teams that find a comment per step noisy.
//!
//! The journal starts with [`journal_marker`]; each line carries its event's marker, so the
//! idempotency check is "is the marker in a journal comment". When a journal comment is
//! full (GitHub's 65,536-character limit), the next line starts a new journal comment.
//! Within a workspace, sticky publishes are serialised by `.trinity/outbox/.sticky.lock`
//! (a read-modify-write of the journal body); two machines editing the same journal at the
//! same instant can still lose a line to each other — GitHub offers no conditional PATCH.

use super::{outbox, render, Outcome, Publisher, Queued, Step};
use crate::error::Result;
use crate::event::{marker, marker_prefix, Event};
use crate::workspace::lock::LockFile;

/// The marker that opens an issue's journal comment: `<!-- tri:journal issue=<n> -->`.
pub fn journal_marker(issue: u64) -> String {
    format!("<!-- tri:journal issue={issue} -->")
}

/// A new journal comment body (header only).
pub fn journal_header(issue: u64) -> String {
    format!(
        "{}\n### 📓 tri journal for #{issue}\n\nOne line per step, newest last; each step's full text is in its experience file.\n\n",
        journal_marker(issue)
    )
}

/// Longest message excerpt on a journal line, characters.
pub const LINE_EXCERPT: usize = 300;

/// The journal line for `event`: marker, time, heading, first line of the message. Pure.
pub fn journal_line(event: &Event) -> String {
    let first = event
        .message
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let mut excerpt: String = first.chars().take(LINE_EXCERPT).collect();
    if first.chars().count() > LINE_EXCERPT {
        excerpt.push('…');
    }
    let heading = render::heading(event);
    let heading = heading.trim_start_matches("### ");
    let mut line = format!(
        "- {} `{}` **{heading}**",
        marker(&event.id, event.event_type),
        event.time.format("%Y-%m-%d %H:%M:%SZ")
    );
    if !excerpt.is_empty() {
        line.push_str(" — ");
        line.push_str(&excerpt);
    }
    if let Some(run) = &event.run_url {
        line.push_str(&format!(" ([run]({run}))"));
    }
    line.push('\n');
    line
}

/// Publishes `entry` into the issue's journal comment.
pub(super) async fn publish(
    p: &mut Publisher<'_>,
    entry: &mut outbox::Entry,
    event: &Event,
) -> Result<Outcome> {
    let mut lock = LockFile::open(&p.ws.outbox_dir().join(".sticky.lock"))?;
    let _guard = lock.lock()?;
    let (repo, issue) = (event.repo.clone(), event.issue);
    let jm = journal_marker(issue);
    let mine = marker_prefix(&event.id);
    let line = journal_line(event);
    let mut attempts = 0u32;
    for _ in 0..super::retry::MAX_ATTEMPTS {
        let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        let journals = match p
            .with_retry(
                "looking for the journal comment",
                false,
                &mut attempts,
                |gh| {
                    let (repo, jm) = (repo.clone(), jm.clone());
                    async move {
                        gh.find_comments(&repo, issue, epoch, &|b| b.starts_with(&jm), false)
                            .await
                    }
                },
            )
            .await?
        {
            Step::Done(v) => v,
            Step::LookFirst => continue,
            Step::GaveUp { queued, .. } => return Ok(Outcome::Queued(queued)),
        };
        if let Some(j) = journals
            .iter()
            .find(|j| j.body.as_deref().is_some_and(|b| b.contains(&mine)))
        {
            return Ok(Outcome::Published {
                urls: vec![j.html_url.clone()],
                found_existing: entry.in_flight,
            });
        }
        entry.in_flight = true;
        entry.attempts += 1;
        outbox::write(&p.ws.outbox_dir(), entry)?;
        p.pace().await;
        let last = journals.last();
        let fits = last
            .and_then(|j| j.body.as_deref())
            .is_some_and(|b| b.chars().count() + line.chars().count() <= render::GITHUB_BODY_LIMIT);
        let res = match (last, fits) {
            (Some(j), true) => {
                let body = format!("{}{line}", j.body.as_deref().unwrap_or_default());
                let id = j.id;
                // A PATCH replaces the whole body: sending it twice is harmless.
                p.with_retry("editing the journal comment", false, &mut attempts, |gh| {
                    let (repo, body) = (repo.clone(), body.clone());
                    async move { gh.update_comment(&repo, id, &body).await }
                })
                .await?
            }
            _ => {
                let body = format!("{}{line}", journal_header(issue));
                p.with_retry("creating the journal comment", true, &mut attempts, |gh| {
                    let (repo, body) = (repo.clone(), body.clone());
                    async move { gh.create_comment(&repo, issue, &body).await }
                })
                .await?
            }
        };
        p.last_mutation = Some(std::time::Instant::now());
        match res {
            Step::Done(c) => {
                entry.in_flight = false;
                return Ok(Outcome::Published {
                    urls: vec![c.html_url],
                    found_existing: false,
                });
            }
            Step::LookFirst => continue,
            Step::GaveUp { queued, written } => {
                entry.in_flight = written;
                return Ok(Outcome::Queued(queued));
            }
        }
    }
    Ok(Outcome::Queued(Queued::Unreachable(
        "GitHub kept failing while editing the journal comment".into(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventType;

    #[test]
    fn journal_line_carries_marker_heading_and_first_line() {
        let e = Event {
            id: "ev9".into(),
            event_type: EventType::StepCompleted,
            issue: 3,
            repo: "o/r".into(),
            session_id: "s".into(),
            seq: 2,
            time: chrono::Utc::now(),
            message: "\nfirst line\nsecond".into(),
            metrics: Default::default(),
            run_url: None,
        };
        let l = journal_line(&e);
        assert!(
            l.starts_with("- <!-- tri:event id=ev9 type=step_completed -->"),
            "{l}"
        );
        assert!(l.contains("**📝 Step 2 completed** — first line\n"), "{l}");
        assert!(!l.contains("second"));
        assert!(journal_header(3).starts_with(&journal_marker(3)));
    }
}
