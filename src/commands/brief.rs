//! `tri agent brief [--issue N] [--trust author|collaborators|all] [--json]`: what an
//! incoming agent reads first ([`crate::handoff::brief`]) — the latest hand-off, the steps
//! since it from every session, the open problems, the sandbox, metric totals and the human
//! replies since the session's last step; it opens with where the session stands
//! ([`crate::handoff::session`]) and ends with the session's pull request's trusted reviews.
//! Markdown on stdout, ready to paste into a prompt.
//!
//! With a token it first refreshes the journal from the issue (as `tri agent pull`; the
//! comments are read once for the pull and the replies) and says so; without one, or when
//! GitHub cannot be read, it shows the local journal and says that instead. Under
//! `tri mcp --read-only` ([`Ctx::read_only`]) it reads the issue the same way but writes
//! nothing: the events the journal lacks are shown, not saved. Exit 0 either way; 3 when
//! nothing is linked and `--issue` is not given.

use super::shared::block_on;
use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::handoff::brief::{self, Refresh};
use crate::handoff::inbox::{self, Trust};
use crate::journal::timeline;
use crate::publisher::pull::Found;
use crate::workspace::{link, Workspace};
use clap::Args;

/// `tri agent brief`.
#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The issue to brief on (default: the linked issue).
    #[arg(long, value_parser = crate::value::parse_issue, value_name = "N")]
    pub issue: Option<u64>,

    /// Whose replies to show: collaborators (OWNER, MEMBER, COLLABORATOR; the default),
    /// author (those and the issue's author) or all. The others are counted, never shown.
    #[arg(long, value_name = "WHO", default_value = "collaborators", value_parser = crate::handoff::inbox::parse_trust)]
    pub trust: Trust,
}

/// What the brief read from the issue (with a token), or the local journal only.
struct Read {
    refresh: Refresh,
    title: Option<String>,
    inbox: Option<inbox::Inbox>,
    /// The session's pull request.
    pull: Option<super::shared::pull_request::PullRead>,
    pull_view: Option<crate::handoff::answer::PullReviews>,
    trusted_author: Option<String>,
    /// Every reply read (for `answered`).
    replies_read: Option<(Vec<crate::github::Comment>, crate::trust::Journal)>,
    /// Under [`Ctx::read_only`]: the issue's events this workspace lacks, shown, not saved.
    unsaved: Vec<Found>,
}

impl Read {
    fn local(title: Option<String>) -> Read {
        Read {
            refresh: Refresh {
                state: "local",
                new: 0,
                error: None,
            },
            title,
            inbox: None,
            pull: None,
            pull_view: None,
            trusted_author: None,
            replies_read: None,
            unsaved: Vec::new(),
        }
    }
}

/// Runs `tri agent brief`.
pub fn run(args: &BriefArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let settings = ctx.publish_settings()?;
    let stale_after = super::shared::session::stale_after(ctx)?;
    let (linked, repo, issue) = super::shared::target_issue(&ws, ctx, args.issue)?;
    let session = linked.as_ref().filter(|l| l.issue == issue);
    let title = session.and_then(|l| l.title.clone());
    let read = if settings.token.is_some() {
        refresh(
            ctx,
            &ws,
            settings,
            (&repo, issue),
            session,
            args.trust,
            title,
        )?
    } else {
        Read::local(title)
    };
    let items = journal_items(&ws, issue, &read.unsaved)?;
    let session_state = session_state(
        &ws,
        &items,
        session,
        read.replies_read.as_ref().map(|(c, j)| (&c[..], j)),
        read.pull.as_ref(),
        args.trust,
        read.trusted_author.as_deref(),
        stale_after,
    );
    let handoff_message = brief::latest_handoff(&items).and_then(|h| {
        timeline::message(&ws, &h.file).or_else(|| {
            let f = read.unsaved.iter().find(|f| f.event.id == h.id)?;
            Some(f.event.message.clone())
        })
    });
    let key = crate::farm::Key::new(
        &repo,
        issue,
        super::shared::sandbox::farm_repo(&ws, ctx)?.as_deref(),
    );
    let farm = super::shared::sandbox::sandbox_of(ctx, &ws, &key);
    let names = timeline::list_files(&ws.experience_dir(), issue)?;
    let mut totals = timeline::metric_totals(&ws, issue, &names);
    for f in &read.unsaved {
        totals.add(&f.event.id, &f.event.metrics);
    }
    let b = brief::assemble(brief::Input {
        issue,
        repo: Some(repo),
        title: read.title,
        items: &items,
        handoff_message,
        farm,
        metrics: totals.sums,
        refresh: read.refresh,
        inbox: read.inbox,
        session_state,
        pull_request: read.pull_view,
    });
    if ctx.out.json {
        // stdout holds the document; stderr says only what was read.
        ctx.out.line(&format!(
            "Brief of {}#{issue}: {} event(s) since the latest hand-off, {} open problem(s) (refresh: {}).",
            b.repo.as_deref().unwrap_or(""),
            b.steps_since_total,
            b.open_problems.len(),
            b.refresh.state
        ));
    } else {
        ctx.out.line(brief::to_markdown(&b).trim_end());
    }
    ctx.out.result(&b);
    Ok(EXIT_OK)
}

/// The journal of `issue`, oldest first: its experience files and the `unsaved` events.
fn journal_items(
    ws: &Workspace,
    issue: u64,
    unsaved: &[Found],
) -> Result<Vec<timeline::JournalEvent>> {
    let mut items = timeline::items(ws, issue)?;
    if !unsaved.is_empty() {
        items.extend(
            unsaved
                .iter()
                .filter_map(|f| timeline::item_of_event(&f.event, &f.comment_url)),
        );
        items.sort_by_key(|i| i.time);
    }
    Ok(items)
}

/// Reads the issue (its comments, the issue, the session's pull request) and refreshes the
/// journal from it — or, under [`Ctx::read_only`], keeps what the journal lacks in memory
/// and writes nothing (neither the journal, nor the link's title). GitHub out of reach is
/// said as a warning, with the local journal shown.
fn refresh(
    ctx: &mut Ctx,
    ws: &Workspace,
    settings: crate::publisher::Settings,
    (repo, issue): (&str, u64),
    session: Option<&link::Link>,
    trust: Trust,
    title: Option<String>,
) -> Result<Read> {
    let mut read = Read::local(title);
    if !ctx.read_only {
        ws.create()?;
    }
    let mut p = ctx.publisher(ws, settings)?;
    // One runtime for every request: the client lives on it.
    let (comments, found, journal, (pulled, warnings)) = block_on(async {
        let comments = p.read_comments(repo, issue, None).await?;
        let (found, journal) = match &comments {
            Ok(c) => (
                Some(p.read_issue(repo, issue).await?),
                Some(p.journal_trust(c).await?),
            ),
            Err(_) => (None, None),
        };
        let pulled = match (&comments, session) {
            (Ok(_), Some(l)) => {
                super::shared::pull_request::read_session_pull(&mut p, ws.root(), l).await?
            }
            _ => (None, Vec::new()),
        };
        Ok::<_, Error>((comments, found, journal, pulled))
    })??;
    for w in warnings {
        ctx.out.warn(&format!("tri: warning: {w}"));
    }
    read.pull = pulled;
    let comments = match comments {
        Ok(c) => c,
        Err(q) => {
            ctx.out.warn(&format!(
                "tri: warning: not refreshed from {repo}#{issue}: {q}; showing the local journal"
            ));
            read.refresh.state = "failed";
            read.refresh.error = Some(q.to_string());
            return Ok(read);
        }
    };
    // Whose markers count: a stranger's copy of a hand-off is no event.
    let journal = journal.unwrap_or_default();
    read.refresh.state = "pulled";
    if ctx.read_only {
        let known = timeline::known_event_ids(ws, issue)?;
        read.unsaved = crate::publisher::pull::scan(&comments, repo, issue, &journal)
            .events
            .into_iter()
            .filter(|f| !known.contains(&f.event.id))
            .collect();
        read.refresh.new = read.unsaved.len();
    } else {
        read.refresh.new = p.pull_from(repo, issue, &comments, &journal)?.written.len();
    }
    let author = match found {
        Some(Ok(i)) => {
            let t = crate::sanitize::one_line(&i.title);
            if read.title.is_none() && session.is_some() && !ctx.read_only {
                let t = t.clone();
                let _ = link::update(ws, |l| l.title = Some(t));
            }
            read.title = Some(t);
            i.user.map(|u| u.login)
        }
        Some(Err(q)) => {
            ctx.out
                .warn(&format!("tri: warning: the issue could not be read: {q}"));
            None
        }
        None => None,
    };
    let items = journal_items(ws, issue, &read.unsaved)?;
    let since = inbox::since_last_step(session.and_then(|l| l.last_step_at), &items);
    read.inbox = Some(inbox::read(
        &comments,
        &journal,
        trust,
        since,
        author.as_deref(),
    ));
    read.pull_view = read
        .pull
        .as_ref()
        .map(|p| p.split(trust, since, author.as_deref()));
    read.replies_read = Some((comments, journal));
    read.trusted_author = author;
    Ok(read)
}

/// Where the session stands: a question counts as answered once a trusted reply after it
/// was read (`comments`, the pull request's reviews); offline it counts as open.
#[allow(clippy::too_many_arguments)]
fn session_state(
    ws: &crate::workspace::Workspace,
    items: &[timeline::JournalEvent],
    session: Option<&link::Link>,
    comments: Option<(&[crate::github::Comment], &crate::trust::Journal)>,
    pull: Option<&super::shared::pull_request::PullRead>,
    trust: Trust,
    issue_author: Option<&str>,
    stale_after: std::time::Duration,
) -> Option<crate::handoff::session::SessionState> {
    use crate::handoff::session::State;
    let open = super::shared::session::state_now(ws, items, session, false, stale_after)?;
    let (Some((comments, journal)), State::AwaitingInput) = (comments, open.state) else {
        return Some(open);
    };
    let asked = items
        .iter()
        .find(|i| Some(&i.id) == open.question.as_ref().map(|q| &q.event_id))
        .map(|i| i.time);
    let (reviews, rcs) = pull.map_or((&[][..], &[][..]), |p| {
        (&p.reviews[..], &p.review_comments[..])
    });
    let all = crate::handoff::answer::gather(comments, journal, reviews, rcs);
    let (answer, _) = crate::handoff::answer::first_trusted(&all, trust, asked, issue_author);
    if answer.is_some() {
        super::shared::session::state_now(ws, items, session, true, stale_after)
    } else {
        Some(open)
    }
}
