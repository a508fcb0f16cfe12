//! Sticky mode: one journal comment per link session, edited in place (PATCH), holding a
//! line per event — for teams that find a comment per step noisy.
//!
//! The journal starts with [`journal_marker`] (issue and session); each line carries its
//! event's full marker, so the idempotency check is "is the marker in a journal comment",
//! and `tri agent pull` reads the lines back as events. When a journal comment is full
//! (GitHub's 65,536-character limit), the next line starts a new journal comment of the same
//! session.
//!
//! **Only tri's own journal comments.** The header can be copied by anyone who can
//! comment; a journal comment is adopted (edited, or taken as holding a line) only when its
//! author may write the journal ([`crate::trust`]). A stranger's copy is left alone and tri
//! opens its own.
//!
//! **One writer per comment.** GitHub has no conditional PATCH, so two writers of one
//! comment can lose each other's lines. A session belongs to one link in one workspace, and
//! within a workspace sticky publishes are serialised by `.trinity/outbox/.sticky.lock`: each
//! journal comment has a single writer, however many machines journal the same issue.

use super::{outbox, render, Outcome, Publisher, Queued, Req, Tried};
use crate::error::Result;
use crate::event::{marker_prefix, Event};
use crate::workspace::lock::LockFile;

/// The prefix of every journal comment: `<!-- tri:journal ` (earlier versions wrote one per
/// issue, `<!-- tri:journal issue=<n> -->`).
pub const JOURNAL_PREFIX: &str = crate::event::marker::JOURNAL_OPEN;

/// The marker that opens a session's journal comment:
/// `<!-- tri:journal issue=<n> session=<session> -->`.
pub fn journal_marker(issue: u64, session: &str) -> String {
    format!("{JOURNAL_PREFIX}issue={issue} session={session} -->")
}

/// A new journal comment body (header only).
pub fn journal_header(issue: u64, session: &str) -> String {
    let short = crate::event::short_session(session);
    format!(
        "{}\n### 📓 tri journal for #{issue}, session {short}\n\nOne line per step, newest last; each step's full text is in its experience file.\n\n",
        journal_marker(issue, session)
    )
}

/// The events of a journal comment's lines, with each line's text after the marker: the
/// heading and the first line of the message (`tri agent pull` reads them back). Lines
/// without a readable marker are skipped.
pub fn parse_journal(body: &str) -> Vec<(crate::event::Marker, String)> {
    body.lines()
        .filter(|l| l.starts_with("- <!-- tri:event "))
        .filter_map(|l| {
            let m = crate::event::marker::parse(l)?;
            let after = &l[l.find(" -->")? + 4..];
            let text = after.split_once(" — ").map(|(_, t)| t).unwrap_or("");
            let text = text.split(" ([run](").next().unwrap_or(text);
            Some((m, text.trim().to_string()))
        })
        .collect()
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
        crate::event::marker::full(event, 1, 1),
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
    let jm = journal_marker(issue, &event.session_id);
    let mine = marker_prefix(&event.id);
    let line = journal_line(event);
    let mut attempts = 0u32;
    for _ in 0..crate::net::retry::MAX_ATTEMPTS {
        let epoch = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        let journals = match p
            .with_retry(
                "looking for the journal comment",
                Req::Read,
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
            Tried::Done(v) => v,
            Tried::LookFirst => continue,
            Tried::GaveUp { queued, .. } => return Ok(Outcome::Queued(queued)),
        };
        // Only a journal comment whose author may write the journal is adopted: a
        // stranger's copy of the header is never edited (nor taken as holding the line).
        let trust = p.journal_trust(&journals).await?;
        let journals: Vec<_> = journals.into_iter().filter(|j| trust.trusts(j)).collect();
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
        let last = journals.last();
        let fits = last
            .and_then(|j| j.body.as_deref())
            .is_some_and(|b| b.chars().count() + line.chars().count() <= render::GITHUB_BODY_LIMIT);
        let res = match (last, fits) {
            (Some(j), true) => {
                let body = format!("{}{line}", j.body.as_deref().unwrap_or_default());
                let id = j.id;
                // A PATCH replaces the whole body: sending it twice is harmless.
                p.with_retry(
                    "editing the journal comment",
                    Req::Edit,
                    &mut attempts,
                    |gh| {
                        let (repo, body) = (repo.clone(), body.clone());
                        async move { gh.update_comment(&repo, id, &body).await }
                    },
                )
                .await?
            }
            _ => {
                let body = format!("{}{line}", journal_header(issue, &event.session_id));
                p.with_retry(
                    "creating the journal comment",
                    Req::Create,
                    &mut attempts,
                    |gh| {
                        let (repo, body) = (repo.clone(), body.clone());
                        async move { gh.create_comment(&repo, issue, &body).await }
                    },
                )
                .await?
            }
        };
        match res {
            Tried::Done(c) => {
                entry.in_flight = false;
                return Ok(Outcome::Published {
                    urls: vec![c.html_url],
                    found_existing: false,
                });
            }
            Tried::LookFirst => continue,
            Tried::GaveUp { queued, written } => {
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
            step: 2,
            time: chrono::Utc::now(),
            message: "\nfirst line\nsecond".into(),
            metrics: Default::default(),
            run_url: None,
            resolves: Vec::new(),
            status: None,
        };
        let l = journal_line(&e);
        assert!(
            l.starts_with("- <!-- tri:event id=ev9 type=step_completed data={"),
            "{l}"
        );
        assert!(l.contains("**📝 Step 2 completed** — first line\n"), "{l}");
        assert!(!l.contains("second"));
        assert!(journal_header(3, "s").starts_with(&journal_marker(3, "s")));
        assert_ne!(journal_marker(3, "s"), journal_marker(3, "t"));
        let body = format!("{}{l}- not a line of ours\n", journal_header(3, "s"));
        let events = parse_journal(&body);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].0.id, "ev9");
        assert_eq!(events[0].0.data.as_ref().unwrap().step, 2);
        assert_eq!(events[0].1, "first line");
    }
}
