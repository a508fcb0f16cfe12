//! The session state as `status` and `brief` show it ([`crate::handoff::session`]), with the
//! whole text of the question it waits on.

use crate::error::{Error, Result};
use crate::handoff::session::{self, Linked, SessionState};
use crate::journal::timeline::{self, JournalEvent};
use crate::workspace::link::Link;
use crate::workspace::Workspace;
use std::time::Duration;

/// `TRI_STALE_AFTER` (default 2 h).
///
/// Errors: [`Error::Usage`] for a value that is not a duration.
pub fn stale_after(ctx: &crate::commands::Ctx) -> Result<Duration> {
    session::stale_after_from((ctx.env)("TRI_STALE_AFTER").as_deref()).map_err(Error::Usage)
}

/// Where the session stands now (see [`session::state`]), the question's whole message read
/// from its experience file.
pub fn state_now(
    ws: &Workspace,
    items: &[JournalEvent],
    link: Option<&Link>,
    answered: bool,
    stale_after: Duration,
) -> Option<SessionState> {
    let linked = link.map(|l| Linked {
        session: &l.session_id,
        linked_at: l.linked_at,
    });
    let mut s = session::state(items, linked, answered, chrono::Utc::now(), stale_after)?;
    if let Some(q) = s.question.as_mut() {
        if let Some(item) = items.iter().find(|i| i.id == q.event_id) {
            if let Some(m) = timeline::message(ws, &item.file) {
                // Cleaned as every text the brief shows ([`crate::sanitize`]).
                q.text = crate::sanitize::for_prompt(m.trim());
            }
        }
    }
    Some(s)
}
