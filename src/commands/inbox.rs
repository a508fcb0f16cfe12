//! `tri agent inbox [--since-last-step | --since TIME] [--trust author|collaborators|all]
//! [--json]`: the linked issue's comments that are not tri's own, newer than the session's
//! last step (or TIME), from the people the trust level names; the others are counted as
//! withheld with their logins, never shown ([`crate::handoff::inbox`]); and the session's
//! pull request's reviews and review comments from the same people, changes requested
//! first ([`crate::handoff::answer::pull_reviews`]). Needs a token:
//! exit 4 without one or with a refused one, 1 when GitHub cannot be read.

use super::shared::block_on;
use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::handoff::inbox::{self, Trust};
use crate::journal::timeline;
use crate::publisher::{auth_hint, Queued};
use crate::value::Since;
use crate::workspace::link;
use clap::Args;
use serde_json::json;

/// `tri agent inbox`.
#[derive(Debug, Args)]
pub struct InboxArgs {
    /// Comments written since the session's last step (the default; before the session's
    /// first step: since the issue's last hand-off or session end).
    #[arg(long, conflicts_with = "since")]
    pub since_last_step: bool,

    /// Comments written since TIME: an RFC 3339 time (2026-11-21T22:15:00Z) or a duration
    /// before now (2h).
    #[arg(long, value_name = "TIME", value_parser = crate::value::parse_since)]
    pub since: Option<Since>,

    /// Whose comments to show: collaborators (OWNER, MEMBER, COLLABORATOR; the default),
    /// author (those and the issue's author) or all. The others are counted, never shown.
    #[arg(long, value_name = "WHO", default_value = "collaborators", value_parser = crate::handoff::inbox::parse_trust)]
    pub trust: Trust,
}

fn read_failed(repo: &str, issue: u64, q: Queued) -> Error {
    match q {
        Queued::Auth(m) => Error::Auth(m),
        q => Error::Other(format!("cannot read {repo}#{issue}: {q}")),
    }
}

/// Runs `tri agent inbox`.
pub fn run(args: &InboxArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let settings = ctx.publish_settings()?;
    let l = link::linked(&ws)?;
    let (repo, issue) = (l.repo.clone(), l.issue);
    if settings.token.is_none() {
        return Err(Error::Auth(format!(
            "reading the comments of {repo}#{issue} needs a token; {}",
            auth_hint(None)
        )));
    }
    let since = match args.since {
        Some(s) => Some(s.resolve(chrono::Utc::now())),
        None => inbox::since_last_step(l.last_step_at, &timeline::items(&ws, issue)?),
    };
    let mut p = ctx.publisher(&ws, settings)?;
    let want_author = args.trust == Trust::Author;
    // One runtime for every request: the client lives on it.
    let (author, comments, journal, (pulled, warnings)) = block_on(async {
        let author = if want_author {
            match p.read_issue(&repo, issue).await? {
                Ok(i) => Ok(i.user.map(|u| u.login)),
                Err(q) => Err(q),
            }
        } else {
            Ok(None)
        };
        let author = match author {
            Ok(a) => a,
            Err(q) => return Ok(Err(q)),
        };
        // GitHub's `since` is by update time: a superset of the comments written since.
        let comments = match p.read_comments(&repo, issue, since).await? {
            Ok(c) => c,
            Err(q) => return Ok(Err(q)),
        };
        // Whose markers count: a stranger's copy of one is an ordinary comment.
        let journal = p.journal_trust(&comments).await?;
        // The session's pull request: its reviews and review comments.
        let pulled = super::shared::pull_request::read_session_pull(&mut p, ws.root(), &l).await?;
        Ok::<_, Error>(Ok((author, comments, journal, pulled)))
    })??
    .map_err(|q| read_failed(&repo, issue, q))?;
    for w in warnings {
        ctx.out.warn(&format!("tri: warning: {w}"));
    }
    let pull = pulled.map(|p| p.split(args.trust, since, author.as_deref()));
    let i = inbox::read(&comments, &journal, args.trust, since, author.as_deref());
    let when = i
        .since
        .as_deref()
        .map(|s| format!(" since {s}"))
        .unwrap_or_default();
    ctx.out.line(&format!(
        "{} repl{} on {repo}#{issue}{when} (trust: {}).",
        i.replies.len(),
        if i.replies.len() == 1 { "y" } else { "ies" },
        i.trust
    ));
    for r in &i.replies {
        ctx.out.line(&format!(
            "\n@{} ({}, {}) {}\n{}",
            r.author,
            r.association,
            r.time.as_deref().unwrap_or("?"),
            r.url,
            r.body.trim_end()
        ));
    }
    if i.withheld.count > 0 {
        ctx.out.line(&format!(
            "\n{} comment(s) withheld from authors the repository does not trust: {} (`--trust all` shows them).",
            i.withheld.count,
            i.withheld.logins()
        ));
    }
    if let Some(pr) = &pull {
        ctx.out.line(&format!(
            "\nPull request #{} ({}): {} review(s) and review comment(s) from trusted authors.",
            pr.number,
            pr.source,
            pr.reviews.len()
        ));
        for a in &pr.reviews {
            ctx.out.line(&format!(
                "\n{}",
                crate::handoff::answer::to_markdown(a).trim_end()
            ));
        }
        if pr.withheld.count > 0 {
            ctx.out.line(&format!(
                "\n{} review(s) withheld from authors the repository does not trust.",
                pr.withheld.count
            ));
        }
    }
    ctx.out.result(&json!({
        "issue": issue,
        "repo": repo,
        "since": i.since,
        "trust": i.trust,
        "replies": i.replies,
        "withheld": i.withheld,
        "pull_request": pull,
    }));
    Ok(EXIT_OK)
}
