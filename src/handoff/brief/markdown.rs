//! The brief as markdown, ready to paste into a prompt. Pure.

use super::Brief;
use crate::event::EventType;
use std::fmt::Write;

fn at(t: &str) -> String {
    // `2026-11-21T22:15:00.123Z` -> `2026-11-21 22:15:00Z`
    let t = t.replacen('T', " ", 1);
    match t.split_once('.') {
        Some((s, _)) => format!("{s}Z"),
        None => t,
    }
}

fn step_of(step: u64, session: &str) -> String {
    if session.is_empty() {
        format!("step {step}")
    } else {
        format!(
            "step {step} of session {}",
            crate::event::short_session(session)
        )
    }
}

/// The brief as markdown, ready to paste into a prompt. Pure.
pub fn to_markdown(b: &Brief) -> String {
    let mut s = String::new();
    let repo = b.repo.as_deref().unwrap_or("");
    let _ = write!(s, "# Brief: {repo}#{}", b.issue);
    if let Some(g) = &b.goal {
        let _ = write!(s, " — {g}");
    }
    s.push_str("\n\n");
    s.push_str(&super::wayback::state_markdown(b));
    let _ = writeln!(
        s,
        "_{}_\n",
        match (b.refresh.state, &b.refresh.error) {
            ("pulled", _) => format!(
                "Refreshed from the issue just now ({} new event(s) pulled).",
                b.refresh.new
            ),
            (_, Some(e)) => format!("Not refreshed ({e}): this is the local journal."),
            _ => "Not refreshed (no GitHub token): this is the local journal.".to_string(),
        }
    );
    s.push_str("## Latest hand-off\n\n");
    match &b.handoff {
        None => s.push_str("None yet: the steps below are the whole journal.\n\n"),
        Some(h) => {
            let _ = writeln!(
                s,
                "From {} at {}{}.\n",
                step_of(h.step, &h.session),
                at(&h.time),
                h.comment_url
                    .as_deref()
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default()
            );
            if let Some(g) = &h.goal {
                let _ = writeln!(s, "**Goal:** {g}\n");
            }
            s.push_str("**Done:**\n");
            if h.did_omitted > 0 {
                let _ = writeln!(s, "- (and {} earlier steps)", h.did_omitted);
            }
            if h.did.is_empty() {
                s.push_str("- nothing listed\n");
            }
            for d in &h.did {
                match d.event {
                    EventType::StepCompleted => {
                        let _ = writeln!(s, "- step {}: {}", d.step, d.text);
                    }
                    t => {
                        let _ = writeln!(s, "- step {} · {t}: {}", d.step, d.text);
                    }
                }
            }
            let _ = writeln!(s, "\n**For the next agent:**\n\n{}\n", h.for_next_agent);
        }
    }
    let since = if b.handoff.is_some() {
        "## Since the hand-off"
    } else {
        "## Steps"
    };
    let _ = writeln!(s, "{since}\n");
    if b.steps_since_total > b.steps_since.len() {
        let _ = writeln!(
            s,
            "- (and {} earlier; `tri agent log` shows them)",
            b.steps_since_total - b.steps_since.len()
        );
    }
    if b.steps_since.is_empty() {
        s.push_str("- nothing\n");
    }
    for e in &b.steps_since {
        let kind = match (e.event, e.status) {
            (EventType::StepCompleted, _) => String::new(),
            (EventType::SessionFinished, Some(st)) => format!(" · session_finished: {st}"),
            (t, _) => format!(" · {t}"),
        };
        let _ = writeln!(
            s,
            "- {} {}{kind}: {}",
            at(&e.time),
            step_of(e.step, &e.session),
            e.message
        );
    }
    s.push_str("\n## Open problems\n\n");
    if b.open_problems.is_empty() {
        s.push_str("- none\n");
    }
    for p in &b.open_problems {
        let _ = writeln!(
            s,
            "- `{}` `{}` ({}, {}): {}",
            p.event,
            p.event_id,
            step_of(p.step, &p.session),
            at(&p.time),
            p.message
        );
    }
    if !b.open_problems.is_empty() {
        s.push_str("\nResolved by a later `build_succeeded` / `deployment_succeeded`, or `tri agent step --resolves <id> \"what fixed it\"`.\n");
    }
    s.push_str("\n## Sandbox\n\n");
    match &b.sandbox {
        None => s.push_str("- none known\n"),
        Some(v) => {
            let x = &v.sandbox;
            for (k, val) in [
                ("state", &x.state),
                ("service", &x.service),
                ("deployment", &x.deployment),
                ("url", &x.url),
            ] {
                if let Some(val) = val {
                    let _ = writeln!(s, "- {k}: {val}");
                }
            }
            if v.source == "handoff" {
                s.push_str("- (as of the hand-off)\n");
            }
        }
    }
    let _ = writeln!(
        s,
        "\n## Metric totals\n\n{}",
        crate::output::format_sums(&b.metrics)
    );
    s.push_str("\n## Human replies\n\n");
    match &b.inbox {
        None if b.refresh.state == "local" => s.push_str("Not read (no GitHub token).\n"),
        None => s.push_str("Not read (the issue could not be read).\n"),
        Some(i) => {
            if let Some(since) = &i.since {
                let _ = writeln!(s, "Since {}:\n", at(since));
            }
            if i.replies.is_empty() {
                s.push_str("- none\n");
            }
            for r in &i.replies {
                let body = r.body.trim().replace('\n', "\n  ");
                let _ = writeln!(
                    s,
                    "- @{} ({}, {}): {body}",
                    r.author,
                    r.association,
                    r.time.as_deref().map(at).unwrap_or_default()
                );
            }
            if i.withheld.count > 0 {
                let _ = writeln!(
                    s,
                    "\n{} comment(s) withheld from authors the repository does not trust: {} (not shown; `tri agent inbox --trust all` shows them).",
                    i.withheld.count,
                    i.withheld.logins()
                );
            }
        }
    }
    s.push_str(&super::wayback::pull_markdown(b));
    s
}
