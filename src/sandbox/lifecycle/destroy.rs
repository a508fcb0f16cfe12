//! `destroy`: keep the logs under `.trinity/archive/<issue>/` (redacted) and the mapping,
//! delete the service, record `sandbox_destroyed`.

use super::{
    block_on, find_on_railway, mark_gone, publish, render_lines, still_on_railway, transition,
    Published, Reporter, ARCHIVE_LINES,
};
use crate::error::Result;
use crate::event::EventType;
use crate::farm::{self, Key, Mapping};
use crate::sandbox::machine;
use crate::sandbox::{LogKind, SandboxProvider};
use crate::workspace::Workspace;
use serde_json::json;
use std::collections::BTreeMap;

/// How `destroy` ended.
#[derive(Debug)]
pub enum Destroyed {
    /// The issue has no live sandbox; nothing was done.
    Nothing,
    /// The service was deleted.
    Done {
        /// The Railway service id.
        service_id: Option<String>,
        /// The archive directory, as shown to a person.
        archive_dir: String,
        /// The files kept there, as shown to a person.
        archived: Vec<String>,
        /// `sandbox_destroyed`.
        published: Published,
    },
}

/// Saves the logs, then deletes `key`'s service — this checkout's, or the one found on
/// Railway ([`super::find_or_adopt`]: a service recording another repository is never
/// touched) — and any newer duplicate of it left by a race.
///
/// Errors: [`super::no_credentials`] when this checkout has no mapping of `key` and no
/// account has Railway credentials to look it up; the provider's when the service could not be deleted (the mapping then stays
/// `destroying`; running destroy again finishes it); file-system errors.
pub fn destroy(
    ws: &Workspace,
    key: &Key,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Destroyed> {
    let issue = key.issue;
    // Whether an earlier destroy here asked Railway to delete the service: read before
    // `find_or_adopt`, which marks a service Railway no longer holds gone.
    let was_destroying = super::late::destroying(ws, key)?;
    let Some(m) = super::find_or_adopt(ws, key, provider, rep)? else {
        // Unknown here and Railway not asked: "nothing to destroy" would be a guess that
        // leaves a sandbox made elsewhere running (and billing).
        if provider.accounts_with_credentials().is_empty()
            && farm::read(ws)?.mapping_of(key).is_none()
        {
            return Err(super::no_credentials());
        }
        if let Some(done) = record_late(ws, key, was_destroying, Vec::new(), rep)? {
            return Ok(done);
        }
        return Ok(Destroyed::Nothing);
    };
    let account = m.account_id.unwrap_or(1);
    transition(ws, key, machine::Signal::DestroyRequested, |_, _| {})?;

    // Keep the logs first: once the service is gone, so are they.
    let archive = ws.archive_dir(issue);
    crate::workspace::guard::create_dir_all(&archive)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string();
    let mut saved = Vec::new();
    if let Some(dep) = &m.deployment_id {
        for kind in [LogKind::Build, LogKind::Deploy] {
            let path = archive.join(format!("{stamp}_{dep}_{}.log", kind.as_str()));
            let text = match block_on(provider.logs(account, dep, kind, ARCHIVE_LINES))? {
                Ok(lines) => render_lines(&lines) + "\n",
                Err(e) => format!("(tri could not read the {} log: {e})\n", kind.as_str()),
            };
            let text = crate::redact::redact(&text, rep.secrets());
            crate::workspace::atomic::write(&path, text.as_bytes())?;
            saved.push(ws.display_path(&path).into_owned());
        }
    }
    let mapping_path = archive.join(format!("{stamp}_mapping.json"));
    crate::workspace::atomic::write_json(&mapping_path, &m)?;
    saved.push(ws.display_path(&mapping_path).into_owned());

    if let Some(svc) = &m.service_id {
        if let Err(e) = block_on(provider.destroy(account, svc))? {
            // Deleted elsewhere meanwhile: nothing left to do but say so.
            if still_on_railway(provider, key, &m).ok().flatten() == Some(false) {
                // Unless an earlier destroy here deleted it, or this one (its answer lost).
                let asked = super::mapping_state(Some(&m)) == machine::SandboxState::Destroying
                    || matches!(e, crate::error::Error::Unconfirmed(_));
                let late = record_late(ws, key, asked, saved, rep)?;
                mark_gone(ws, &m)?;
                if let Some(done) = late {
                    return Ok(done);
                }
                rep.say(&format!(
                    "The sandbox of {key} (service {svc}) was already deleted on Railway; the farm file marks it gone."
                ));
                return Ok(Destroyed::Nothing);
            }
            rep.warn(
                "tri: the service was not deleted; the farm file marks it as destroying, run `tri agent sandbox destroy` again",
            );
            return Err(e);
        }
    }
    // Newer duplicates a race left behind (they lost; their creator may be gone).
    if !provider.accounts_with_credentials().is_empty() {
        match find_on_railway(provider, key) {
            Ok(rest) => {
                for s in rest.iter().filter(|s| Some(&s.id) != m.service_id.as_ref()) {
                    match block_on(provider.destroy(s.account_id, &s.id))? {
                        Ok(()) => rep.say(&format!(
                            "Also deleted service {} (`{}`), a duplicate of the sandbox of {key}",
                            s.id, s.name
                        )),
                        Err(e) => rep.warn(&format!(
                            "tri: warning: could not delete duplicate service {} of {key}: {e}",
                            s.id
                        )),
                    }
                }
            }
            Err(e) => rep.warn(&format!(
                "tri: warning: could not list Railway to look for duplicates of the sandbox ({e})"
            )),
        }
    }
    transition(ws, key, machine::Signal::Destroyed, |f, i| {
        f.agent_map[i].status = Some(farm::STATUS_STOPPED.into());
        f.agent_map[i]
            .extra
            .insert("destroyed_at".into(), json!(farm::now_rfc3339()));
        f.account_entry(account).count_destroy();
    })?;
    let svc = m.service_id.as_deref().unwrap_or("none");
    let archive_rel = ws.display_path(&archive).into_owned();
    rep.say(&format!(
        "Destroyed sandbox of {key} (service {svc}); logs kept in {archive_rel}/"
    ));
    let published = publish(
        ws,
        rep,
        key,
        EventType::SandboxDestroyed,
        &destroyed_body(&m, key, svc, &archive_rel),
        BTreeMap::new(),
    )?;
    Ok(Destroyed::Done {
        service_id: m.service_id.clone(),
        archive_dir: archive_rel,
        archived: saved,
        published,
    })
}

/// The `sandbox_destroyed` an earlier destroy of this checkout left unrecorded — its
/// service deleted on Railway, the event not recorded ([`super::late::record_destroyed`],
/// `asked` as its `asked_here`) — recorded now, as a [`Destroyed::Done`] keeping
/// `archived`. `None` when there is none.
///
/// Errors: the journal's; recording's; the farm file's.
fn record_late(
    ws: &Workspace,
    key: &Key,
    asked: bool,
    archived: Vec<String>,
    rep: &mut dyn Reporter,
) -> Result<Option<Destroyed>> {
    let archive_rel = ws.display_path(&ws.archive_dir(key.issue)).into_owned();
    Ok(
        super::late::record_destroyed(ws, key, asked, &archive_rel, rep)?.map(|(m, published)| {
            Destroyed::Done {
                service_id: m.service_id,
                archive_dir: archive_rel,
                archived,
                published,
            }
        }),
    )
}
/// The message of `sandbox_destroyed`: which sandbox, its service `svc`, where its logs
/// were kept (`archive_rel`, relative to the workspace).
pub(super) fn destroyed_body(m: &Mapping, key: &Key, svc: &str, archive_rel: &str) -> String {
    format!(
        "Sandbox `{}` destroyed (Railway service `{svc}`); its logs are kept in `{archive_rel}/`.",
        m.service_name.clone().unwrap_or_else(|| key.service_name())
    )
}
