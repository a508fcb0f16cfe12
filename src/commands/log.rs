//! `tri agent log [--issue N] [--limit K] [--json]`: the journal of an issue as a timeline,
//! oldest first: time, step number, event type, the first line of the message, and the
//! comment URL (or "queued").
//! Only the newest K files are opened ([`crate::journal::timeline`]).

use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::journal::timeline::{self, LogRow};
use crate::output::{format_sums, Style};
use crate::workspace::link;
use clap::Args;
use serde_json::json;

/// `tri agent log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// The issue whose journal to show (default: the linked issue).
    #[arg(long, value_parser = crate::value::parse_issue, value_name = "N")]
    pub issue: Option<u64>,

    /// Show only the newest K steps (0: all of them).
    #[arg(long, short = 'n', value_name = "K", default_value_t = 30)]
    pub limit: usize,
}

/// One timeline row: `time  #step  event  message  url-or-queued`, coloured when
/// `colour`. The time is shown to the second, UTC. Pure.
pub fn format_row(e: &LogRow, colour: bool) -> String {
    use crate::output::paint;
    let time = e
        .time
        .as_deref()
        .map(|t| {
            let t = t.replacen('T', " ", 1);
            match t.split_once('.') {
                Some((s, _)) => format!("{s}Z"),
                None => t,
            }
        })
        .unwrap_or_else(|| "?".repeat(20));
    let step = e
        .step
        .map(|s| format!("#{s}"))
        .unwrap_or_else(|| "#?".into());
    let event = e.event.as_deref().unwrap_or("?");
    let event_style = if event.ends_with("failed") {
        Style::Bad
    } else if event.ends_with("succeeded") {
        Style::Good
    } else {
        Style::Bold
    };
    let mut tail = match &e.comment_url {
        Some(u) => paint(u, Style::Accent, colour),
        None => paint("queued", Style::Warn, colour),
    };
    if let Some(run) = &e.run_url {
        tail.push_str(&format!(" (run {run})"));
    }
    let session = crate::event::short_session(e.session.as_deref().unwrap_or("?"));
    format!(
        "{}  {:>5}  {}  {}  {}  {tail}",
        paint(&time, Style::Dim, colour),
        step,
        paint(&format!("{session:<8}"), Style::Dim, colour),
        paint(&format!("{event:<20}"), event_style, colour),
        timeline::excerpt(&e.message, 60),
    )
}

/// Runs `tri agent log`.
pub fn run(args: &LogArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let linked = link::of(&ws)?;
    let issue = match (args.issue, &linked) {
        (Some(i), _) => i,
        (None, Some(l)) => l.issue,
        (None, None) => return Err(Error::NotLinked),
    };
    let repo = linked
        .as_ref()
        .filter(|l| l.issue == issue)
        .map(|l| l.repo.clone());
    let names = timeline::list_files(&ws.experience_dir(), issue)?;
    let shown: &[String] = if args.limit == 0 || args.limit >= names.len() {
        &names
    } else {
        &names[names.len() - args.limit..]
    };
    let entries: Vec<LogRow> = shown.iter().map(|n| timeline::entry(&ws, n)).collect();
    let totals = timeline::metric_totals(&ws, issue, &names);
    let queued = entries.iter().filter(|e| e.comment_url.is_none()).count();

    let title = match &repo {
        Some(r) => format!("{r}#{issue}"),
        None => format!("#{issue}"),
    };
    if names.is_empty() {
        ctx.out
            .line(&format!("No steps recorded for {title} in this workspace."));
    } else {
        ctx.out.line(&ctx.out.paint(
            &format!(
                "Journal of {title}: {} step(s){}",
                names.len(),
                if shown.len() < names.len() {
                    format!(", newest {} shown (--limit 0 shows all)", shown.len())
                } else {
                    String::new()
                }
            ),
            Style::Bold,
        ));
        for e in &entries {
            ctx.out.line(&format_row(e, ctx.out.colour));
        }
        ctx.out
            .line(&format!("metrics    {}", format_sums(&totals.sums)));
    }
    ctx.out.result(&json!({
        "issue": issue,
        "repo": repo,
        "total": names.len(),
        "shown": entries.len(),
        "queued_shown": queued,
        "metrics": totals.sums,
        "entries": entries,
    }));
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn rows_show_url_or_queued_without_escapes_when_plain() {
        let mut e = LogRow {
            time: Some("2026-11-21T22:15:00.123Z".into()),
            step: Some(3),
            event: Some("step_completed".into()),
            message: "tests pass".into(),
            comment_url: None,
            session: Some("019a0000-0000-7000-8000-00009e0c41a7".into()),
            run_url: None,
            state: "queued",
            file: "f".into(),
            metrics: BTreeMap::new(),
        };
        let r = format_row(&e, false);
        assert!(
            r.starts_with("2026-11-21 22:15:00Z     #3  9e0c41a7  step_completed"),
            "{r}"
        );
        assert!(r.ends_with("tests pass  queued"), "{r}");
        e.comment_url = Some("https://x/1".into());
        assert!(format_row(&e, false).ends_with("https://x/1"));
        assert!(!format_row(&e, false).contains('\x1b'));
    }
}
