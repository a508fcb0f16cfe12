//! `tri agent wait [--timeout D] [--interval D] [--trust WHO] [--since TIME] [--json]`:
//! returns the first reply from a trusted author written after the session's latest
//! question (`tri agent ask`) or `--since` — the issue's comments and, when the session has
//! a pull request (`tri agent pr link`, else the current branch's), its conversation
//! comments, reviews and review comments ([`crate::handoff::answer::first_trusted`]). When
//! one exists already it returns at once, so a re-run after a crash gets the same answer.
//!
//! Polls every `--interval` with conditional requests: each list is read with the ETag of
//! its last answer in `If-None-Match`, and a 304 (which GitHub does not count against the
//! rate limit) reuses what was read before. Every read passes the machine's gate and the
//! retry policy, so a `retry-after` GitHub sent holds every tri process of the machine; the
//! gate also reads each list at most once a second across the machine
//! ([`crate::gate::Gate::pace_poll`]), so an `--interval` under a second is taken with a
//! note and polls once a second. An `X-Poll-Interval` GitHub sends lengthens the pause
//! between polls. Progress goes to stderr (a spinner on a terminal, else a line a minute;
//! none under `--json`).
//!
//! Exits 0 with the reply (markdown, or `--json` {author, association, kind, review_state,
//! path, line, body, url, time, withheld}); 5 when `--timeout` passes first; 130 on Ctrl-C
//! or when the MCP host cancels the call ([`super::shared::interrupt`]); 4 without a token
//! or with a refused one; 1 when GitHub refuses a read for good (a pull request that does
//! not exist). It never records anything.

use super::shared::block_on;
use super::Ctx;
use crate::error::{Error, Result, EXIT_INTERRUPTED, EXIT_OK, EXIT_TIMED_OUT};
use crate::github::pulls::{issue_comments_path, review_comments_path, reviews_path};
use crate::github::{Comment, Conditional, Review, ReviewComment};
use crate::handoff::answer::{self, Answer};
use crate::handoff::inbox::{Trust, Withheld};
use crate::handoff::session;
use crate::journal::timeline;
use crate::publisher::{auth_hint, Publisher, Queued};
use crate::value::Since;
use crate::workspace::link;
use chrono::{DateTime, Utc};
use clap::Args;
use std::collections::HashMap;
use std::time::Duration;

/// `tri agent wait`.
#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Give up after this long (90s, 15m, 2h; a bare number is seconds): exit 5, nothing
    /// recorded.
    #[arg(long, value_name = "D", default_value = "30m", value_parser = crate::value::parse_duration)]
    pub timeout: Duration,

    /// Time between polls (conditional requests: an unchanged list costs no rate limit). Each
    /// list is read at most once a second, however short this is.
    #[arg(long, value_name = "D", default_value = "20s", value_parser = crate::value::parse_duration)]
    pub interval: Duration,

    /// Whose replies count: collaborators (OWNER, MEMBER, COLLABORATOR; the default),
    /// author (those and the issue's author) or all. The others are passed over and counted.
    #[arg(long, value_name = "WHO", default_value = "collaborators", value_parser = crate::handoff::inbox::parse_trust)]
    pub trust: Trust,

    /// Replies written since TIME (an RFC 3339 time, or a duration before now such as 2h)
    /// instead of since the session's latest question.
    #[arg(long, value_name = "TIME", value_parser = crate::value::parse_since)]
    pub since: Option<Since>,
}

/// The lists one poll reads, by kind.
#[derive(Debug, Clone, Copy, PartialEq)]
enum List {
    IssueComments,
    Comments,
    Reviews,
    ReviewComments,
}

/// What each list's last full answer was (ETag and items), and how the polls went.
#[derive(Default)]
struct Poller {
    cache: HashMap<String, (Option<String>, Vec<serde_json::Value>)>,
    fresh: u64,
    not_modified: u64,
    /// The longest `X-Poll-Interval` of the round's answers.
    poll_interval: Option<Duration>,
}

impl Poller {
    /// The items of the list at `path`: read again only when changed (`If-None-Match`).
    async fn read(
        &mut self,
        p: &mut Publisher<'_>,
        path: &str,
    ) -> Result<std::result::Result<Vec<serde_json::Value>, Queued>> {
        let etag = self.cache.get(path).and_then(|(e, _)| e.clone());
        let answer = p.read_conditional(path, etag.as_deref()).await?;
        if let Some(s) = answer.as_ref().ok().and_then(Conditional::poll_interval_s) {
            let d = Duration::from_secs(s.min(MAX_POLL_INTERVAL_S));
            self.poll_interval = Some(self.poll_interval.map_or(d, |p| p.max(d)));
        }
        match answer {
            Err(q) => Ok(Err(q)),
            Ok(Conditional::NotModified { .. }) => {
                self.not_modified += 1;
                Ok(Ok(self
                    .cache
                    .get(path)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()))
            }
            Ok(Conditional::Fresh { etag, items, .. }) => {
                self.fresh += 1;
                self.cache.insert(path.to_string(), (etag, items.clone()));
                Ok(Ok(items))
            }
        }
    }
}

/// Longest `X-Poll-Interval` honoured, seconds: a larger value is taken as this (the wait's
/// `--timeout` bounds it anyway).
const MAX_POLL_INTERVAL_S: u64 = 3_600;

/// The pause before the next poll: `interval`, or longer when GitHub's `X-Poll-Interval`
/// asks for it, never past the `left` of the wait. Pure.
fn pause(interval: Duration, poll_interval: Option<Duration>, left: Duration) -> Duration {
    interval.max(poll_interval.unwrap_or_default()).min(left)
}

/// The note for an `--interval` under the gate's floor for polling (`floor`), if it is. Pure.
fn interval_note(interval: Duration, floor: Duration) -> Option<String> {
    (interval < floor).then(|| {
        format!(
            "tri: note: --interval {} is under {}; each list is read at most once every {} (GitHub asks pollers for no more)",
            humantime::format_duration(interval),
            humantime::format_duration(floor),
            humantime::format_duration(floor),
        )
    })
}

fn parse_all<T: serde::de::DeserializeOwned>(items: Vec<serde_json::Value>) -> Vec<T> {
    items
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect()
}

/// How the wait ended.
enum Ended {
    Answered(Answer, Withheld),
    TimedOut(Withheld),
    Interrupted,
}

/// What one wait looks for: where, after what, whose, for how long.
struct Watch {
    repo: String,
    issue: u64,
    /// The question's marker prefix: on the issue, only comments listed after the question
    /// answer it.
    question_marker: Option<String>,
    since: DateTime<Utc>,
    trust: Trust,
    timeout: Duration,
    interval: Duration,
}

/// Runs `tri agent wait`.
pub fn run(args: &WaitArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let settings = ctx.publish_settings()?;
    let l = link::linked(&ws)?;
    let (repo, issue) = (l.repo.clone(), l.issue);
    let items = timeline::items(&ws, issue)?;
    let mut question_marker = None;
    let since: DateTime<Utc> = match (args.since, session::latest_question(&items, &l.session_id)) {
        (Some(s), _) => s.resolve(Utc::now()),
        (None, Some(q)) => {
            question_marker = Some(crate::event::marker_prefix(&q.id));
            q.time
        }
        (None, None) => {
            return Err(Error::Usage(
                "this session has asked nothing to wait for; ask with `tri agent ask`, or give --since TIME".into(),
            ))
        }
    };
    if settings.token.is_none() {
        return Err(Error::Auth(format!(
            "reading the replies on {repo}#{issue} needs a token; {}",
            auth_hint(None)
        )));
    }
    let floor = Duration::from_millis(settings.limits.poll_interval_ms);
    if let Some(note) = interval_note(args.interval, floor) {
        ctx.out.warn(&note);
    }
    let watch = Watch {
        repo,
        issue,
        question_marker,
        since,
        trust: args.trust,
        timeout: args.timeout,
        interval: args.interval,
    };
    let mut p = ctx.publisher(&ws, settings)?;
    let spinner = progress_bar(ctx);
    let interrupt = ctx.interrupt.clone();
    let ended = block_on(watch_for_reply(
        &mut p,
        &watch,
        ws.root(),
        &l,
        spinner.as_ref(),
        &interrupt,
        &mut ctx.out,
    ))??;
    if let Some(b) = spinner {
        b.finish_and_clear();
    }
    for w in p.take_warnings() {
        ctx.out.warn(&format!("tri: warning: {w}"));
    }
    report(ended, &watch, &mut ctx.out)
}

/// Polls the issue (and the session's pull request) until a trusted reply, the time-out,
/// Ctrl-C or the MCP host cancelling the call (`interrupt`).
async fn watch_for_reply(
    p: &mut Publisher<'_>,
    w: &Watch,
    root: &std::path::Path,
    l: &link::Link,
    spinner: Option<&indicatif::ProgressBar>,
    interrupt: &super::shared::interrupt::Interrupt,
    out: &mut crate::output::Output,
) -> Result<Ended> {
    let deadline = tokio::time::Instant::now() + w.timeout;
    // Ctrl-C, or the MCP host cancelling the call.
    let ctrl_c = interrupt.wait();
    tokio::pin!(ctrl_c);
    let (author, lists, what) = what_to_read(p, w, root, l, out).await?;
    let mut poller = Poller::default();
    let mut last_warning = String::new();
    let mut withheld = Withheld::default();
    let mut polls = 0u64;
    let mut last_line = tokio::time::Instant::now();
    loop {
        p.new_round();
        poller.poll_interval = None;
        let mut read = Read::default();
        let mut failed = None;
        for (path, kind) in &lists {
            let items = tokio::select! {
                r = poller.read(p, path) => r?,
                _ = &mut ctrl_c => return Ok(Ended::Interrupted),
            };
            match items {
                Ok(items) => read.take(*kind, items),
                Err(Queued::Auth(m)) => return Err(Error::Auth(m)),
                // GitHub refused the read for good (a pull request that does not exist):
                // waiting longer cannot help.
                Err(Queued::Refused(m)) => return Err(Error::Other(m)),
                Err(q) => failed = Some(q.to_string()),
            }
        }
        polls += 1;
        if let Some(why) = failed {
            // Not read this time (a limit GitHub asked for, a network failure): the next
            // poll tries again; said once per distinct reason.
            if why != last_warning {
                out.warn(&format!("tri: warning: {why}; still waiting"));
                last_warning = why;
            }
        } else {
            // Whose markers count: a stranger's copy of a record is a reply like any
            // other, and so is a member's reply quoting one.
            let journal = p.journal_trust(&read.all_comments()).await?;
            let (found, passed) = read.first_trusted(w, &journal, author.as_deref());
            withheld = passed;
            if let Some(a) = found {
                return Ok(Ended::Answered(a, withheld));
            }
        }
        let msg = format!(
            "waiting for a trusted reply on {what} ({polls} poll(s), {} unchanged; {} passed over)",
            poller.not_modified, withheld.count
        );
        match spinner {
            Some(b) => b.set_message(msg),
            None if !out.json && last_line.elapsed() >= Duration::from_secs(60) => {
                out.warn(&format!("tri: {msg}"));
                last_line = tokio::time::Instant::now();
            }
            None => {}
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return Ok(Ended::TimedOut(withheld));
        }
        tokio::select! {
            _ = tokio::time::sleep(pause(w.interval, poller.poll_interval, deadline - now)) => {}
            _ = &mut ctrl_c => return Ok(Ended::Interrupted),
        }
    }
}

/// What a wait reads: the issue's author (only for `--trust author`), the lists to poll (the
/// issue's comments; with the session's pull request, its conversation, reviews and review
/// comments) and how to name them.
async fn what_to_read(
    p: &mut Publisher<'_>,
    w: &Watch,
    root: &std::path::Path,
    l: &link::Link,
    out: &mut crate::output::Output,
) -> Result<(Option<String>, Vec<(String, List)>, String)> {
    let (repo, issue) = (w.repo.as_str(), w.issue);
    let author = if w.trust == Trust::Author {
        match p.read_issue(repo, issue).await? {
            Ok(i) => i.user.map(|u| u.login),
            Err(Queued::Auth(m)) => return Err(Error::Auth(m)),
            Err(q) => return Err(Error::Other(format!("cannot read {repo}#{issue}: {q}"))),
        }
    } else {
        None
    };
    let (pull, warning) = super::shared::pull_request::session_pull(p, root, l).await?;
    if let Some(warning) = warning {
        out.warn(&format!("tri: warning: {warning}"));
    }
    let mut lists = vec![(
        issue_comments_path(repo, issue, w.since),
        List::IssueComments,
    )];
    if let Some((n, _)) = pull {
        lists.push((issue_comments_path(repo, n, w.since), List::Comments));
        lists.push((reviews_path(repo, n), List::Reviews));
        lists.push((review_comments_path(repo, n, w.since), List::ReviewComments));
    }
    let what = match pull {
        Some((n, _)) => format!("{repo}#{issue} and pull request #{n}"),
        None => format!("{repo}#{issue}"),
    };
    Ok((author, lists, what))
}

/// What one poll read, by list.
#[derive(Default)]
struct Read {
    /// The issue's comments.
    issue_comments: Vec<Comment>,
    /// The pull request's conversation comments.
    comments: Vec<Comment>,
    reviews: Vec<Review>,
    review_comments: Vec<ReviewComment>,
}

impl Read {
    fn take(&mut self, kind: List, items: Vec<serde_json::Value>) {
        match kind {
            List::IssueComments => self.issue_comments = parse_all(items),
            List::Comments => self.comments = parse_all(items),
            List::Reviews => self.reviews = parse_all(items),
            List::ReviewComments => self.review_comments = parse_all(items),
        }
    }

    /// Every comment read, the issue's and the pull request's conversation.
    fn all_comments(&self) -> Vec<Comment> {
        self.issue_comments
            .iter()
            .chain(&self.comments)
            .cloned()
            .collect()
    }

    /// The first trusted reply of what was read (tri's own records, as `journal` decides,
    /// left out; on the issue, only comments after the question) and those passed over.
    fn first_trusted(
        self,
        w: &Watch,
        journal: &crate::trust::Journal,
        issue_author: Option<&str>,
    ) -> (Option<Answer>, Withheld) {
        let mut replies = match &w.question_marker {
            Some(m) => answer::after_marker(self.issue_comments, m, journal),
            None => self.issue_comments,
        };
        replies.extend(self.comments);
        let all = answer::gather(&replies, journal, &self.reviews, &self.review_comments);
        answer::first_trusted(&all, w.trust, Some(w.since), issue_author)
    }
}

/// Prints how the wait ended and gives the exit code.
fn report(ended: Ended, w: &Watch, out: &mut crate::output::Output) -> Result<i32> {
    let passed = |w: &Withheld| {
        if w.count == 0 {
            String::new()
        } else {
            format!(
                " ({} repl{} from untrusted authors passed over: {})",
                w.count,
                if w.count == 1 { "y" } else { "ies" },
                w.logins()
            )
        }
    };
    match ended {
        Ended::Answered(a, withheld) => {
            if out.json {
                // `tri mcp`'s text for the tool result (left out on the command line).
                out.line(&format!(
                    "Reply from @{} ({}){}.",
                    a.author,
                    a.kind,
                    passed(&withheld)
                ));
                let mut doc = serde_json::to_value(&a)
                    .map_err(|e| Error::Other(format!("cannot write the reply as JSON: {e}")))?;
                doc["withheld"] = serde_json::to_value(&withheld).unwrap_or_default();
                out.result(&doc);
            } else {
                out.line(answer::to_markdown(&a).trim_end());
                if withheld.count > 0 {
                    out.warn(&format!("tri:{}", passed(&withheld)));
                }
            }
            Ok(EXIT_OK)
        }
        Ended::TimedOut(withheld) => {
            out.warn(&format!(
                "tri: no trusted reply on {}#{} within {}{}; nothing recorded",
                w.repo,
                w.issue,
                humantime::format_duration(w.timeout),
                passed(&withheld)
            ));
            Ok(EXIT_TIMED_OUT)
        }
        Ended::Interrupted => {
            out.warn("tri: interrupted; nothing recorded");
            Ok(EXIT_INTERRUPTED)
        }
    }
}

/// A spinner on stderr when it is a terminal (not under `--json` or CI).
fn progress_bar(ctx: &Ctx) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if ctx.out.json || !std::io::stderr().is_terminal() || (ctx.env)("CI").is_some() {
        return None;
    }
    let b = indicatif::ProgressBar::new_spinner();
    b.enable_steady_tick(Duration::from_millis(120));
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_honours_x_poll_interval_within_the_wait() {
        let s = Duration::from_secs;
        assert_eq!(pause(s(20), None, s(600)), s(20));
        assert_eq!(pause(s(1), Some(s(60)), s(600)), s(60));
        assert_eq!(pause(s(20), Some(s(5)), s(600)), s(20));
        assert_eq!(
            pause(s(1), Some(s(60)), s(3)),
            s(3),
            "never past the time-out"
        );
    }

    #[test]
    fn an_interval_under_the_floor_gets_a_note() {
        let floor = Duration::from_secs(1);
        let note = interval_note(Duration::from_millis(1), floor).unwrap();
        assert!(note.contains("--interval 1ms is under 1s"), "{note}");
        assert_eq!(interval_note(Duration::from_secs(1), floor), None);
    }
}
