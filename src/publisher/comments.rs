//! One event as its own comments: the driver of the exactly-once protocol
//! ([`super::protocol`]) for the per-comment path (the sticky path is [`super::sticky`]).
//! The marker look-up takes only comments whose author may write the journal
//! ([`crate::trust`]).

use super::{outbox::Entry, protocol, render, Outcome, Publisher, Req, Tried, LOOKUP_SKEW_S};
use crate::error::Result;
use crate::event::Event;
use crate::journal::outbox;
use crate::redact;

impl Publisher<'_> {
    /// The comment bodies of `entry`: the ones frozen in the entry at its first multi-part
    /// send (redacted again with this process's secrets), else rendered from `event`.
    /// Freezing keeps the split of a long event the same in every process: another
    /// process's secrets could otherwise change where the parts are cut.
    fn bodies(&self, entry: &Entry, event: &Event) -> Vec<String> {
        if entry.bodies.is_empty() {
            render::comment_bodies(event)
        } else {
            entry
                .bodies
                .iter()
                .map(|b| redact::redact(b, &self.settings.secrets))
                .collect()
        }
    }

    /// Drives [`protocol::PublishState`] for one event's comments: performs each action the
    /// machine asks for and feeds it what came of it.
    pub(super) async fn publish_parts(
        &mut self,
        entry: &mut Entry,
        event: &Event,
    ) -> Result<Outcome> {
        let bodies = self.bodies(entry, event);
        let total = bodies.len();
        let send_now = self.send_now.take().as_deref() == Some(entry.event.id.as_str())
            && entry.posted.is_empty()
            // A long event's parts are frozen in the entry before its first send.
            && (total == 1 || !entry.bodies.is_empty());
        if total > 1 && entry.bodies.is_empty() {
            entry.bodies = bodies.clone();
        }
        let (repo, issue) = (event.repo.clone(), event.issue);
        let since = event.time - chrono::Duration::seconds(LOOKUP_SKEW_S);
        let mut state = protocol::PublishState {
            total,
            posted: entry.posted.len().min(total),
            in_flight: entry.in_flight,
            send_now,
        };
        let mut found_existing = false;
        let mut attempts = 0u32;
        let mut queued = None;
        let mut mv = state.start();
        loop {
            if mv.record {
                entry.in_flight = state.in_flight;
                outbox::write(&self.ws.outbox_dir(), entry)?;
            }
            let seen = match mv.action {
                protocol::Action::Published => {
                    return Ok(Outcome::Published {
                        urls: entry.posted.clone(),
                        found_existing,
                    })
                }
                protocol::Action::Queue { in_flight } => {
                    entry.in_flight = in_flight;
                    return Ok(Outcome::Queued(
                        queued.expect("the machine queues only after a give-up"),
                    ));
                }
                protocol::Action::LookUp { part } => {
                    let id = event.id.clone();
                    let found = self
                        .with_retry(
                            "looking for an earlier send",
                            Req::Read,
                            &mut attempts,
                            |gh| {
                                let (repo, id) = (repo.clone(), id.clone());
                                async move {
                                    gh.find_comments(
                                        &repo,
                                        issue,
                                        since,
                                        &|b| crate::event::marker::is_part_of(b, &id, part, total),
                                        false,
                                    )
                                    .await
                                }
                            },
                        )
                        .await?;
                    // Only a comment whose author may write the journal is tri's: a
                    // stranger's copy of the marker must not pass for the send.
                    let found = match found {
                        Tried::Done(cs) => {
                            let trust = self.journal_trust(&cs).await?;
                            Tried::Done(cs.into_iter().find(|c| trust.trusts(c)))
                        }
                        Tried::LookFirst => Tried::LookFirst,
                        Tried::GaveUp { queued, written } => Tried::GaveUp { queued, written },
                    };
                    match found {
                        Tried::Done(Some(c)) => {
                            entry.posted.push(c.html_url);
                            found_existing = true;
                            protocol::Observation::Found
                        }
                        Tried::Done(None) => protocol::Observation::NotFound,
                        Tried::LookFirst => protocol::Observation::MayHaveWritten,
                        Tried::GaveUp { queued: q, written } => {
                            queued = Some(q);
                            protocol::Observation::GaveUp {
                                may_have_written: written,
                            }
                        }
                    }
                }
                protocol::Action::Send {
                    part,
                    mark_in_flight,
                } => {
                    if mark_in_flight {
                        entry.in_flight = true;
                        entry.attempts += 1;
                        outbox::write(&self.ws.outbox_dir(), entry)?;
                    }
                    let body = &bodies[part - 1];
                    let res = self
                        .with_retry("posting the comment", Req::Create, &mut attempts, |gh| {
                            let repo = repo.clone();
                            async move { gh.create_comment(&repo, issue, body).await }
                        })
                        .await?;
                    match res {
                        Tried::Done(c) => {
                            entry.posted.push(c.html_url);
                            protocol::Observation::Posted
                        }
                        Tried::LookFirst => protocol::Observation::MayHaveWritten,
                        Tried::GaveUp { queued: q, written } => {
                            queued = Some(q);
                            protocol::Observation::GaveUp {
                                may_have_written: written,
                            }
                        }
                    }
                }
            };
            mv = state.next(mv.action, seen);
        }
    }
}
