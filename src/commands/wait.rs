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
//! retry policy, so a `retry-after` GitHub sent holds every tri process of the machine.
//! Progress goes to stderr (a spinner on a terminal, else a line a minute).
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

    /// Time between polls (conditional requests: an unchanged list costs no rate limit).
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
}

impl Poller {
    /// The items of the list at `path`: read again only when changed (`If-None-Match`).
    async fn read(
        &mut self,
        p: &mut Publisher<'_>,
        path: &str,
    ) -> Result<std::result::Result<Vec<serde_json::Value>, Queued>> {
        let etag = self.cache.get(path).and_then(|(e, _)| e.clone());
        match p.read_conditional(path, etag.as_deref()).await? {
            Err(q) => Ok(Err(q)),
            Ok(Conditional::NotModified) => {
                self.not_modified += 1;
                Ok(Ok(self
                    .cache
                    .get(path)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()))
            }
            Ok(Conditional::Fresh { etag, items }) => {
                self.fresh += 1;
                self.cache.insert(path.to_string(), (etag, items.clone()));
                Ok(Ok(items))
            }
        }
    }
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

/// Runs `tri agent wait`.
pub fn run(args: &WaitArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let settings = ctx.publish_settings()?;
    let l = link::linked(&ws)?;
    let (repo, issue) = (l.repo.clone(), l.issue);
    let items = timeline::items(&ws, issue)?;
    // The question's marker: on the issue, only comments listed after it are replies to it.
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
    let mut p = ctx.publisher(&ws, settings)?;
    let root = ws.root().to_path_buf();
    let (timeout, interval, trust) = (args.timeout, args.interval, args.trust);
    let spinner = progress_bar(ctx);
    let interrupt = ctx.interrupt.clone();
    let out = &mut ctx.out;
    let ended = block_on(async {
        let deadline = tokio::time::Instant::now() + timeout;
        // Ctrl-C, or the MCP host cancelling the call.
        let ctrl_c = interrupt.wait();
        tokio::pin!(ctrl_c);
        let author = if trust == Trust::Author {
            match p.read_issue(&repo, issue).await? {
                Ok(i) => i.user.map(|u| u.login),
                Err(Queued::Auth(m)) => return Err(Error::Auth(m)),
                Err(q) => return Err(Error::Other(format!("cannot read {repo}#{issue}: {q}"))),
            }
        } else {
            None
        };
        let (pull, warning) = super::shared::pull_request::session_pull(&mut p, &root, &l).await?;
        if let Some(w) = warning {
            out.warn(&format!("tri: warning: {w}"));
        }
        let mut lists = vec![(
            issue_comments_path(&repo, issue, since),
            List::IssueComments,
        )];
        if let Some((n, _)) = pull {
            lists.push((issue_comments_path(&repo, n, since), List::Comments));
            lists.push((reviews_path(&repo, n), List::Reviews));
            lists.push((review_comments_path(&repo, n, since), List::ReviewComments));
        }
        let what = match pull {
            Some((n, _)) => format!("{repo}#{issue} and pull request #{n}"),
            None => format!("{repo}#{issue}"),
        };
        let mut poller = Poller::default();
        let mut last_warning = String::new();
        let mut withheld = Withheld::default();
        let mut polls = 0u64;
        let mut last_line = tokio::time::Instant::now();
        loop {
            p.new_round();
            let (mut comments, mut reviews, mut rcs) = (
                Vec::<Comment>::new(),
                Vec::<Review>::new(),
                Vec::<ReviewComment>::new(),
            );
            let mut failed = None;
            for (path, kind) in &lists {
                let read = tokio::select! {
                    r = poller.read(&mut p, path) => r?,
                    _ = &mut ctrl_c => return Ok(Ended::Interrupted),
                };
                match read {
                    Ok(items) => match kind {
                        List::IssueComments => {
                            let all = parse_all::<Comment>(items);
                            comments.extend(match &question_marker {
                                Some(m) => answer::after_marker(all, m),
                                None => all,
                            })
                        }
                        List::Comments => comments.extend(parse_all::<Comment>(items)),
                        List::Reviews => reviews = parse_all(items),
                        List::ReviewComments => rcs = parse_all(items),
                    },
                    Err(Queued::Auth(m)) => return Err(Error::Auth(m)),
                    // GitHub refused the read for good (a pull request that does not exist):
                    // waiting longer cannot help.
                    Err(Queued::Refused(m)) => return Err(Error::Other(m)),
                    Err(q) => failed = Some(q.to_string()),
                }
            }
            polls += 1;
            if let Some(w) = failed {
                // Not read this time (a limit GitHub asked for, a network failure): the next
                // poll tries again; said once per distinct reason.
                if w != last_warning {
                    out.warn(&format!("tri: warning: {w}; still waiting"));
                    last_warning = w;
                }
            } else {
                // Whose markers count: a stranger's copy of one is a reply like any other.
                let journal = p.journal_trust(&comments).await?;
                let all = answer::gather(&comments, &journal, &reviews, &rcs);
                let (found, w) = answer::first_trusted(&all, trust, Some(since), author.as_deref());
                withheld = w;
                if let Some(a) = found {
                    return Ok(Ended::Answered(a, withheld));
                }
            }
            let msg = format!(
                "waiting for a trusted reply on {what} ({polls} poll(s), {} unchanged; {} passed over)",
                poller.not_modified, withheld.count
            );
            match &spinner {
                Some(b) => b.set_message(msg),
                None if last_line.elapsed() >= Duration::from_secs(60) => {
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
                _ = tokio::time::sleep(interval.min(deadline - now)) => {}
                _ = &mut ctrl_c => return Ok(Ended::Interrupted),
            }
        }
    })??;
    if let Some(b) = spinner {
        b.finish_and_clear();
    }
    for w in p.take_warnings() {
        ctx.out.warn(&format!("tri: warning: {w}"));
    }
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
        Ended::Answered(a, w) => {
            if ctx.out.json {
                ctx.out.line(&format!(
                    "Reply from @{} ({}){}.",
                    a.author,
                    a.kind,
                    passed(&w)
                ));
                let mut doc = serde_json::to_value(&a)
                    .map_err(|e| Error::Other(format!("cannot write the reply as JSON: {e}")))?;
                doc["withheld"] = serde_json::to_value(&w).unwrap_or_default();
                ctx.out.result(&doc);
            } else {
                ctx.out.line(answer::to_markdown(&a).trim_end());
                if w.count > 0 {
                    ctx.out.warn(&format!("tri:{}", passed(&w)));
                }
            }
            Ok(EXIT_OK)
        }
        Ended::TimedOut(w) => {
            ctx.out.warn(&format!(
                "tri: no trusted reply on {repo}#{issue} within {}{}; nothing recorded",
                humantime::format_duration(timeout),
                passed(&w)
            ));
            Ok(EXIT_TIMED_OUT)
        }
        Ended::Interrupted => {
            ctx.out.warn("tri: interrupted; nothing recorded");
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
