//! How the outcome of a published or queued event is said: one line, and its JSON name.

use crate::publisher::{Outcome, Queued};

/// One line saying what happened to a published or queued event.
pub fn describe_outcome(o: &Outcome) -> String {
    match o {
        Outcome::Published { urls, found_existing } => {
            let url = urls.first().map(String::as_str).unwrap_or("");
            let more = if urls.len() > 1 {
                format!(" (and {} more parts)", urls.len() - 1)
            } else {
                String::new()
            };
            if *found_existing {
                format!("Published: {url}{more} (found on the issue from an earlier try)")
            } else {
                format!("Published: {url}{more}")
            }
        }
        Outcome::Gone => "Published by another tri process.".to_string(),
        Outcome::Queued(Queued::NoToken) => {
            "Queued: no GitHub token is set. To publish later, set GH_TOKEN (or GITHUB_TOKEN) and run `tri agent sync`.".to_string()
        }
        Outcome::Queued(q) => format!("Queued: {q}. `tri agent sync` publishes it later."),
    }
}

/// The JSON name of an outcome: `published`, `queued` (or `published` for [`Outcome::Gone`]).
pub fn outcome_state(o: &Outcome) -> &'static str {
    match o {
        Outcome::Published { .. } | Outcome::Gone => "published",
        Outcome::Queued(_) => "queued",
    }
}
