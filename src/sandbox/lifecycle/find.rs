//! Railway is the truth for sandboxes (issue 12): with no live mapping here, a sandbox is
//! looked up on Railway — in the environment of every farm account with credentials — by
//! its service name, and its variables are checked before it is adopted
//! ([`crate::sandbox::naming::belongs`]: a service recording another repository is never
//! adopted). Adopting writes the mapping this checkout lacked; nothing is published.

use super::{block_on, mapping_state, Reporter};
use crate::error::Result;
use crate::farm::{self, Key, Mapping};
use crate::sandbox::machine::State;
use crate::sandbox::naming;
use crate::sandbox::{DeployStatus, RemoteService, SandboxProvider};
use crate::workspace::Workspace;
use std::collections::BTreeMap;

/// Sorts services oldest first: by `created_at` (RFC 3339 in UTC sorts as text), then by
/// id. The race rule keeps the first. Pure.
pub fn oldest_first(v: &mut [RemoteService]) {
    v.sort_by(|a, b| {
        let ta = chrono::DateTime::parse_from_rfc3339(&a.created_at).ok();
        let tb = chrono::DateTime::parse_from_rfc3339(&b.created_at).ok();
        ta.cmp(&tb)
            .then_with(|| a.created_at.cmp(&b.created_at))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The lifecycle state of a service found on Railway from its latest deployment's status:
/// none → created; SUCCESS → running; FAILED, CRASHED, REMOVED → failed; else deploying.
/// Pure.
pub fn state_of_remote(status: Option<&str>) -> State {
    match status.map(DeployStatus::from_railway) {
        None => State::Created,
        Some(DeployStatus::Success) => State::Running,
        Some(s) if s.is_terminal() => State::Failed,
        Some(_) => State::Deploying,
    }
}

/// Every service on Railway that belongs to `key`, oldest first: services named
/// [`naming::service_name`] (or trinity's [`naming::legacy_name`]) in the environment of
/// every farm account with credentials, whose variables do not name another repository or
/// issue.
///
/// Errors: the provider's (a listing or a variable read that failed): tri does not decide
/// on a partial view.
pub fn find_on_railway(provider: &dyn SandboxProvider, key: &Key) -> Result<Vec<RemoteService>> {
    let name = key.service_name();
    let legacy = naming::legacy_name(key.issue);
    let mut found = Vec::new();
    for account in provider.accounts_with_credentials() {
        for (s, vars) in
            services_with_vars(provider, account, |s| s.name == name || s.name == legacy)?
        {
            if naming::belongs(&s.name, &vars, &key.repo, key.issue, key.owns_legacy) {
                found.push(s);
            }
        }
    }
    oldest_first(&mut found);
    Ok(found)
}

/// The services of farm account `account` that `keep` accepts, each with its service
/// variables. A service deleted between the listing and the read of its variables (a
/// runner that lost a race) is left out: it is no longer on Railway.
///
/// Errors: the provider's (a listing or a variable read that failed for another reason):
/// tri does not decide on a partial view.
pub fn services_with_vars(
    provider: &dyn SandboxProvider,
    account: u32,
    keep: impl Fn(&RemoteService) -> bool,
) -> Result<Vec<(RemoteService, BTreeMap<String, String>)>> {
    let mut out = Vec::new();
    for s in block_on(provider.list_services(account))?? {
        if !keep(&s) {
            continue;
        }
        match block_on(provider.service_vars(account, &s.id))? {
            Ok(vars) => out.push((s, vars)),
            Err(e) => {
                let again = block_on(provider.list_services(account))??;
                if again.iter().any(|x| x.id == s.id) {
                    return Err(e);
                }
            }
        }
    }
    Ok(out)
}

/// Writes `svc` (found on Railway) as `key`'s mapping, under the lock: the entry already
/// naming it, else the key's entry when it names no service (e.g. one left `creating`),
/// else a new entry. Returns the mapping.
///
/// Errors: the farm file's.
pub fn adopt(ws: &Workspace, key: &Key, svc: &RemoteService) -> Result<Mapping> {
    farm::update(ws, |f| {
        let same = f
            .entries_of(key)
            .into_iter()
            .rev()
            .find(|&i| f.agent_map[i].service_id.as_deref() == Some(&svc.id));
        let i = match same {
            Some(i) => i,
            None => match f.index_of(key) {
                Some(i) if f.agent_map[i].service_id.is_none() => i,
                _ => f.push_key(key),
            },
        };
        let e = &mut f.agent_map[i];
        if e.repo.is_none() && !key.owns_legacy {
            e.repo = Some(key.repo.clone());
        }
        e.account_id = Some(svc.account_id);
        e.service_id = Some(svc.id.clone());
        e.service_name = Some(svc.name.clone());
        e.deployment_id = svc.deployment_id.clone();
        e.status = Some(
            match state_of_remote(svc.deployment_status.as_deref()) {
                State::Failed => farm::STATUS_FAILED,
                _ => farm::STATUS_ACTIVE,
            }
            .into(),
        );
        e.sandbox_state = Some(
            state_of_remote(svc.deployment_status.as_deref())
                .as_str()
                .into(),
        );
        if e.created_at.is_none() {
            e.created_at = Some(svc.created_at.clone());
        }
        e.updated_at = Some(farm::now_rfc3339());
        let entries = f.entries_of(key).len();
        Ok(f.mapping_of(key)
            .filter(|m| m.index == i)
            .unwrap_or_else(|| {
                // An older live entry of the same key speaks otherwise; this one is the truth.
                let mut m = f.mapping_of(key).expect("just written");
                m.index = i;
                m.railway_service_id = Some(svc.id.clone());
                m.account_id = Some(svc.account_id);
                m.entries = entries;
                m
            }))
    })
}

/// The live mapping of `key`: this checkout's when it has one (and it is not left
/// `creating`), else the oldest service found on Railway ([`find_on_railway`]), adopted
/// ([`adopt`]). `None` when neither has one, or no account has credentials here.
///
/// Errors: the provider's; the farm file's.
pub fn find_or_adopt(
    ws: &Workspace,
    key: &Key,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Option<Mapping>> {
    let m = farm::read(ws)?.mapping_of(key);
    let state = mapping_state(m.as_ref());
    if state.has_service() && state != State::Creating {
        return Ok(m);
    }
    if provider.accounts_with_credentials().is_empty() {
        return Ok(m.filter(|_| state.has_service()));
    }
    let found = find_on_railway(provider, key)?;
    let Some(svc) = found.first() else {
        return Ok(None);
    };
    let m = adopt(ws, key, svc)?;
    rep.say(&format!(
        "Found sandbox `{}` of {key} on Railway: service {} on farm account {} (made elsewhere); this checkout now maps it.",
        svc.name, svc.id, svc.account_id
    ));
    Ok(Some(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(id: &str, at: &str) -> RemoteService {
        RemoteService {
            account_id: 1,
            id: id.into(),
            name: "agent-1".into(),
            created_at: at.into(),
            deployment_id: None,
            deployment_status: None,
        }
    }

    #[test]
    fn the_oldest_comes_first() {
        let mut v = vec![
            svc("b", "2026-12-02T10:00:01.000Z"),
            svc("c", "2026-12-02T10:00:00.500+00:00"),
            svc("a", "2026-12-02T10:00:01.000Z"),
        ];
        oldest_first(&mut v);
        let ids: Vec<&str> = v.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["c", "a", "b"]);
    }

    #[test]
    fn remote_states() {
        assert_eq!(state_of_remote(None), State::Created);
        assert_eq!(state_of_remote(Some("SUCCESS")), State::Running);
        assert_eq!(state_of_remote(Some("CRASHED")), State::Failed);
        assert_eq!(state_of_remote(Some("BUILDING")), State::Deploying);
    }
}
