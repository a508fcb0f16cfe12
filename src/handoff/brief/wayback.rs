//! The parts of the brief about the way back: where the session stands — the
//! first thing the brief says — and the session's pull request's reviews. Pure.

use super::Brief;
use crate::handoff::session::State;
use std::fmt::Write;

/// The state line (and, while the session waits for input, its question as a quote);
/// empty when the state is unknown.
pub fn state_markdown(b: &Brief) -> String {
    let Some(st) = &b.session_state else {
        return String::new();
    };
    let short = crate::event::short_session(&st.session);
    let since = st
        .last_activity
        .as_deref()
        .map(|t| format!(", last activity {t}"))
        .unwrap_or_default();
    let mut s = format!("**State: {}** (session {short}{since})", st.state);
    match st.state {
        State::AwaitingInput => s.push_str(" — it waits for an answer to its question:\n\n"),
        State::Stale => {
            s.push_str(" — no event for a while and no session end: it may have crashed.\n\n")
        }
        _ => s.push_str("\n\n"),
    }
    if let Some(q) = &st.question {
        for line in q.text.lines() {
            let _ = writeln!(s, "> {line}");
        }
        s.push('\n');
    }
    s
}

/// The section of the session's pull request: its reviews and review comments from trusted
/// authors, changes requested first; empty without a pull request.
pub fn pull_markdown(b: &Brief) -> String {
    let Some(p) = &b.pull_request else {
        return String::new();
    };
    let mut s = format!("\n## Pull request #{} ({})\n\n", p.number, p.source);
    if p.reviews.is_empty() {
        s.push_str("- no reviews from trusted authors\n");
    }
    for a in &p.reviews {
        let what = match (a.kind, &a.review_state, &a.path) {
            ("review", Some(st), _) => format!("review {st}"),
            (_, _, Some(path)) => format!(
                "on {path}{}",
                a.line.map(|l| format!(":{l}")).unwrap_or_default()
            ),
            (k, _, _) => k.to_string(),
        };
        let body = a.body.trim().replace('\n', "\n  ");
        let _ = writeln!(s, "- @{} ({}, {what}): {body}", a.author, a.association);
    }
    if p.withheld.count > 0 {
        let _ = writeln!(
            s,
            "\n{} review(s) or review comment(s) withheld from authors the repository does not trust.",
            p.withheld.count
        );
    }
    s
}
