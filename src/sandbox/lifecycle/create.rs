//! `create`: keep a live mapping (still on Railway), else adopt a sandbox Railway holds,
//! else decide and mark `creating` under the lock, choose the farm account, ask the
//! provider for the service, apply the race rule, record `sandbox_created`.

use super::{
    adopt, block_on, find_on_railway, mapping_state, now_s, publish, transition, Published,
    Reporter,
};
use crate::error::{Error, Result};
use crate::event::EventType;
use crate::farm::{self, Key, Mapping};
use crate::sandbox::machine::{self, SandboxState};
use crate::sandbox::naming;
use crate::sandbox::{CreateRequest, SandboxProvider};
use crate::workspace::lock::LockFile;
use crate::workspace::Workspace;
use std::collections::BTreeMap;

/// What to create.
#[derive(Debug, Clone, Default)]
pub struct CreateOptions {
    /// Use this farm account (1..8) instead of choosing one.
    pub account_id: Option<u32>,
    /// A container image for the service to run.
    pub image: Option<String>,
    /// A GitHub repository `OWNER/NAME` for Railway to build.
    pub source_repo: Option<String>,
    /// The branch of `source_repo`.
    pub branch: Option<String>,
}

/// How `create` ended.
#[derive(Debug)]
pub enum Created {
    /// This checkout already maps a live sandbox (still on Railway); nothing was done.
    Existing(Mapping),
    /// A live sandbox made elsewhere was found on Railway and adopted; nothing was created.
    /// `race_lost` names the service this create made and deleted again because an older
    /// one exists (the race rule).
    Adopted {
        /// The mapping now held here.
        mapping: Mapping,
        /// The service this create made and deleted (it lost the race), if any.
        race_lost: Option<String>,
    },
    /// A service was created and `sandbox_created` recorded.
    New {
        /// Railway service id.
        service_id: String,
        /// Its name.
        service_name: String,
        /// The farm account holding it.
        account: u32,
        /// The recorded event.
        published: Published,
    },
}

/// Whether the service of mapping `m` is still on Railway as `key`'s sandbox ([`super::confirm`]:
/// the mapping's account first, then every other account with credentials): `None` when
/// Railway could not be asked where it may live (then it is taken as live).
///
/// Errors: [`super::foreign_error`] when Railway holds it as another repository's or issue's
/// service; the provider's.
pub fn still_on_railway(
    provider: &dyn SandboxProvider,
    key: &Key,
    m: &Mapping,
) -> Result<Option<bool>> {
    Ok(match super::confirm(provider, key, m)? {
        super::Confirmation::Confirmed { .. } => Some(true),
        super::Confirmation::Gone => Some(false),
        super::Confirmation::NotAsked => None,
        super::Confirmation::Foreign { account, name } => {
            return Err(super::foreign_error(key, m, account, &name))
        }
    })
}

/// Marks the entry of `m` as gone on Railway (status STOPPED, state destroyed, `gone_at`):
/// kept, not dropped.
///
/// Errors: the farm file's.
pub fn mark_gone(ws: &Workspace, m: &Mapping) -> Result<()> {
    farm::update(ws, |f| {
        if let Some(e) = f.agent_map.get_mut(m.index) {
            if e.service_id == m.service_id {
                farm::mark_gone(e);
            }
        }
        Ok(())
    })
}

/// Whether mapping `m` is a service this checkout created whose `sandbox_created` was never
/// recorded (an earlier create failed or was stopped between Railway's answer and the
/// event): no event recorded against the mapping (`experience_file`), never deployed, and
/// no `sandbox_created` naming its service in this workspace's journal. Pure but for the
/// journal read.
///
/// Errors: the journal's.
fn created_unrecorded(ws: &Workspace, key: &Key, m: &Mapping) -> Result<bool> {
    let Some(id) = m.service_id.as_deref() else {
        return Ok(false);
    };
    if m.experience_file.is_some() || m.deployment_id.is_some() {
        return Ok(false);
    }
    let items = crate::journal::timeline::items(ws, key.issue)?;
    Ok(!items
        .iter()
        .any(|i| i.event == EventType::SandboxCreated && i.first_line.contains(id)))
}

/// Records the `sandbox_created` an earlier create of this checkout left unrecorded
/// ([`created_unrecorded`]), so a retry after a non-zero exit records it exactly once.
///
/// Errors: the journal's; recording's.
fn record_late(
    ws: &Workspace,
    key: &Key,
    m: &Mapping,
    rep: &mut dyn Reporter,
) -> Result<Option<Published>> {
    if !created_unrecorded(ws, key, m)? {
        return Ok(None);
    }
    let name = m.service_name.clone().unwrap_or_else(|| key.service_name());
    let id = m.service_id.as_deref().unwrap_or("?");
    let account = m.account_id.unwrap_or(1);
    rep.say(&format!(
        "Sandbox `{name}` of {key} exists (service {id}); recording the `sandbox_created` an earlier create did not record."
    ));
    publish(
        ws,
        rep,
        key,
        EventType::SandboxCreated,
        &format!(
            "Sandbox `{name}` created for {key}: Railway service `{id}` on farm account {account}."
        ),
        BTreeMap::new(),
    )
    .map(Some)
}

/// Creates `key`'s service ([`crate::sandbox::naming::service_name`], with the variables
/// `TRI_REPO` and `TRI_ISSUE`) on the farm account with the most room (or
/// `opts.account_id`) — unless this checkout maps a live one, or Railway holds one made
/// elsewhere (adopted instead, [`super::find_or_adopt`]).
///
/// Creates of one checkout take turns: the whole create runs holding the checkout's create
/// lock ([`Workspace::create_lock_file`], an OS lock released when the process dies, opened
/// never through a symlink leading out of the workspace), so a second create started
/// meanwhile waits (saying so), then finds the first one's sandbox
/// ([`Created::Existing`]) instead of making another. The workspace lock is not it: that one
/// is never held across a network call.
///
/// The race rule (runners of other checkouts creating at once): after creating, tri lists
/// again; when more than one service belongs to `key`, the oldest (`createdAt`, then id) is
/// the sandbox and each newer one is deleted by the runner that created it, which adopts
/// the oldest.
///
/// Errors: [`Error::Auth`] without credentials for any (or the chosen) account;
/// [`Error::Other`] when every account reached its daily limit, or `.trinity` (or the lock
/// file) is a symlink leading out of the workspace; [`Error::Unconfirmed`] when Railway did
/// not answer the `serviceCreate` (the mapping stays `creating`; the next create, on any
/// machine, adopts what Railway made); the provider's error (the mapping then goes back to
/// none).
pub fn create(
    ws: &Workspace,
    key: &Key,
    opts: &CreateOptions,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Created> {
    ws.create()?;
    let mut lock = LockFile::open(&ws.create_lock_file())?;
    if lock.try_lock()?.is_none() {
        rep.say(WAITING);
    }
    let _held = lock.lock()?;
    create_in_turn(ws, key, opts, provider, rep)
}

/// What a create says while another create of this checkout holds the create lock.
pub const WAITING: &str =
    "Another tri process is creating a sandbox in this checkout; waiting for it to finish.";

/// [`create`], once the checkout's create lock is held.
fn create_in_turn(
    ws: &Workspace,
    key: &Key,
    opts: &CreateOptions,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Created> {
    if let Some(done) = keep_local(ws, key, provider, rep)? {
        return Ok(done);
    }
    // Railway: a sandbox made on another machine (or by an unanswered create) is adopted.
    if provider.accounts_with_credentials().is_empty() && opts.account_id.is_none() {
        return Err(super::no_credentials());
    }
    if let Some(m) = super::find_or_adopt(ws, key, provider, rep)? {
        return Ok(Created::Adopted {
            mapping: m,
            race_lost: None,
        });
    }
    let account = mark_creating(ws, key, opts, provider)?;
    let name = key.service_name();
    let req = CreateRequest {
        account_id: account,
        name: name.clone(),
        image: opts.image.clone(),
        repo: opts.source_repo.clone(),
        branch: opts.branch.clone(),
        variables: naming::identity_vars(&key.repo, key.issue),
    };
    let svc = match block_on(provider.create(&req))? {
        Ok(s) => s,
        Err(e) => {
            crate::audit::append(
                &ws.audit_file(),
                &crate::audit::Record::new("sandbox_create", "error")
                    .issue(key.issue)
                    .detail(&e.to_string(), rep.secrets()),
            );
            if let Error::Unconfirmed(m) = e {
                // Left `creating`: the next create (here or elsewhere) looks on Railway.
                return Err(Error::Unconfirmed(format!(
                    "{m}. Run `tri agent sandbox create --issue {key}` again (here or on any machine): it adopts the service if Railway made `{name}`, or creates it"
                )));
            }
            transition(ws, key, machine::Signal::CreateFailed, |_, _| {})?;
            return Err(e);
        }
    };
    let now = now_s();
    transition(ws, key, machine::Signal::Created, |f, i| {
        let e = &mut f.agent_map[i];
        e.service_id = Some(svc.id.clone());
        e.service_name = Some(svc.name.clone());
        e.status = Some(farm::STATUS_ACTIVE.into());
        e.deployment_id = None;
        e.created_at = Some(svc.created_at.clone().unwrap_or_else(farm::now_rfc3339));
        f.account_entry(account).count_create(now);
    })?;
    if let Some(lost) = race_rule(ws, key, account, &svc.id, provider, rep)? {
        return Ok(lost);
    }
    record_new(ws, key, account, svc, provider, rep)
}

/// This checkout's mapping of `key`, when Railway still has its service: kept
/// ([`Created::Existing`]), with the `sandbox_created` an earlier create left unrecorded
/// recorded now ([`Created::New`]). A mapping whose service is gone is marked gone (`None`:
/// go on creating).
///
/// Errors: as [`still_on_railway`]; the farm file's; recording's.
fn keep_local(
    ws: &Workspace,
    key: &Key,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Option<Created>> {
    let local = farm::read(ws)?.mapping_of(key);
    let st = mapping_state(local.as_ref());
    let Some(m) = local.filter(|_| st.has_service() && st != SandboxState::Creating) else {
        return Ok(None);
    };
    if still_on_railway(provider, key, &m)? != Some(false) {
        if let Some(p) = record_late(ws, key, &m, rep)? {
            return Ok(Some(Created::New {
                service_id: m.service_id.clone().unwrap_or_default(),
                service_name: m.service_name.clone().unwrap_or(key.service_name()),
                account: m.account_id.unwrap_or(1),
                published: p,
            }));
        }
        return Ok(Some(Created::Existing(m)));
    }
    rep.warn(&format!(
        "tri: service {} of {key} is no longer on Railway; the farm file marks it gone",
        m.service_id.as_deref().unwrap_or("?")
    ));
    mark_gone(ws, &m)?;
    Ok(None)
}

/// Decides and marks `key`'s entry `creating` under the workspace lock, choosing the farm
/// account (`opts.account_id`, else the one with credentials and the most room). Returns
/// the account.
///
/// Errors: [`Error::Usage`] for a state the machine refuses; [`Error::Auth`] without
/// credentials; [`Error::Other`] when every account reached its daily limit; the farm
/// file's.
fn mark_creating(
    ws: &Workspace,
    key: &Key,
    opts: &CreateOptions,
    provider: &dyn SandboxProvider,
) -> Result<u32> {
    let name = key.service_name();
    farm::update(ws, |f| {
        let state = match mapping_state(f.mapping_of(key).as_ref()) {
            // Railway holds none: an earlier unanswered create made nothing (or it is gone).
            SandboxState::Creating => SandboxState::None,
            s => s,
        };
        machine::next(state, machine::Signal::CreateRequested)
            .map_err(|e| Error::Usage(format!("cannot create the sandbox of {key}: {e}")))?;
        let account = match opts.account_id {
            Some(a) if provider.has_credentials(a) => a,
            Some(a) => {
                let s = crate::railway::suffix(a);
                return Err(Error::Auth(format!(
                    "no Railway credentials for farm account {a}; set RAILWAY_API_TOKEN{s} (or RAILWAY_TOKEN{s})"
                )));
            }
            None => farm::choose_account(f, &|id| provider.has_credentials(id), now_s())
                .map_err(|e| match e {
                    farm::NoAccount::NoCredentials => super::no_credentials(),
                    farm::NoAccount::DailyLimit(v) => Error::Other(format!(
                        "every farm account with credentials reached its daily limit of new services ({}); try after the daily reset, or raise `daily_limit` in .trinity/railway_farm.json",
                        v.iter()
                            .map(|(a, n, l)| format!("account {a}: {n}/{l}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                })?,
        };
        // A destroyed service keeps its entry (history); a new one gets its own.
        let i = match f.index_of(key) {
            Some(i) if f.agent_map[i].service_id.is_none() => i,
            _ => f.push_key(key),
        };
        let e = &mut f.agent_map[i];
        if !key.owns_legacy || e.repo.is_some() {
            e.repo = Some(key.repo.clone());
        }
        e.account_id = Some(account);
        e.service_name = Some(name.clone());
        e.sandbox_state = Some(SandboxState::Creating.as_str().into());
        e.updated_at = Some(farm::now_rfc3339());
        Ok(account)
    })
}

/// The race rule after this create made service `made` on `account`: lists again; when an
/// older service of the same sandbox exists, deletes the one made here and adopts the
/// oldest ([`Created::Adopted`] naming the deleted one). `None`: this one is the sandbox
/// (or Railway could not be listed again: a warning).
///
/// Errors: the provider's (the delete); the farm file's.
fn race_rule(
    ws: &Workspace,
    key: &Key,
    account: u32,
    made: &str,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Option<Created>> {
    let found = match find_on_railway(provider, key) {
        Ok(found) => found,
        Err(e) => {
            rep.warn(&format!(
                "tri: warning: could not list Railway again to check for a racing create ({e})"
            ));
            return Ok(None);
        }
    };
    let Some(oldest) = found.first().filter(|o| o.id != made) else {
        return Ok(None);
    };
    rep.say(&format!(
        "Another runner made `{}` first (service {}); deleting the one made here ({made}) and adopting it.",
        oldest.name, oldest.id
    ));
    let ours = farm::read(ws)?.mapping_of(key);
    block_on(provider.destroy(account, made))??;
    if let Some(m) = ours {
        mark_gone(ws, &m)?;
    }
    farm::update(ws, |f| {
        f.account_entry(account).count_destroy();
        Ok(())
    })?;
    let m = adopt(ws, key, oldest)?;
    Ok(Some(Created::Adopted {
        mapping: m,
        race_lost: Some(made.to_string()),
    }))
}

/// Gives the new service `svc` a public domain (so that `deploy` can check it answers) and
/// records `sandbox_created`.
///
/// Errors: the farm file's; recording's.
fn record_new(
    ws: &Workspace,
    key: &Key,
    account: u32,
    svc: crate::sandbox::Service,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Created> {
    match block_on(provider.create_domain(account, &svc.id))? {
        Ok(d) => rep.say(&format!("Service {} answers at https://{d}", svc.id)),
        Err(e) => rep.warn(&format!(
            "tri: warning: could not give service {} a public domain on Railway ({e}); `deploy` will not check its health",
            svc.id
        )),
    }
    let alias = farm::read(ws)?
        .accounts
        .iter()
        .find(|a| a.account_id == account)
        .and_then(|a| a.alias.clone())
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    rep.say(&format!(
        "Created sandbox `{}` for {key}: Railway service {} on farm account {account}{alias}",
        svc.name, svc.id
    ));
    let published = publish(
        ws,
        rep,
        key,
        EventType::SandboxCreated,
        &format!(
            "Sandbox `{}` created for {key}: Railway service `{}` on farm account {account}{alias}.",
            svc.name, svc.id
        ),
        BTreeMap::new(),
    )?;
    Ok(Created::New {
        service_id: svc.id,
        service_name: svc.name,
        account,
        published,
    })
}
