//! Railway is the truth for sandboxes (a farm file may be stale, or another runner's):
//! with no live mapping here, a sandbox is
//! looked up on Railway — in the environment of every farm account with credentials — by
//! its service name, and its variables are checked before it is adopted
//! ([`crate::sandbox::naming::belongs`]: a service recording another repository is never
//! adopted, nor trinity's `agent-<N>` without `TRI_REPO` unless the key's repository is the
//! farm repository configured explicitly, [`Key::owns_bare`]). Adopting writes the mapping
//! this checkout lacked; nothing is published.

use super::{block_on, mapping_state, Reporter};
use crate::error::Result;
use crate::farm::{self, Key, Mapping};
use crate::sandbox::machine::SandboxState;
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
pub fn state_of_remote(status: Option<&str>) -> SandboxState {
    match status.map(DeployStatus::from_railway) {
        None => SandboxState::Created,
        Some(DeployStatus::Success) => SandboxState::Running,
        Some(s) if s.is_terminal() => SandboxState::Failed,
        Some(_) => SandboxState::Deploying,
    }
}

/// Every service on Railway that belongs to `key`, oldest first: services named
/// [`naming::service_name`] (or trinity's [`naming::legacy_name`]) in the environment of
/// every farm account with credentials, whose variables do not name another repository or
/// issue (a bare `agent-<N>` only for the configured farm repository, [`Key::owns_bare`]).
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
            if naming::belongs(&s.name, &vars, &key.repo, key.issue, key.owns_bare) {
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
                SandboxState::Failed => farm::STATUS_FAILED,
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
                m.service_id = Some(svc.id.clone());
                m.account_id = Some(svc.account_id);
                m.entries = entries;
                m
            }))
    })
}

/// What Railway says of the service a mapping names: tri acts on a mapping only once
/// Railway confirms whose service it is, since a farm file can be edited or committed by
/// anyone who can push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// Railway holds the service on farm account `account`, and its name and variables say
    /// it is the key's sandbox ([`naming::belongs`]).
    Confirmed {
        /// The farm account whose project holds it (may differ from the mapping's).
        account: u32,
    },
    /// Railway holds the service, but it is not the key's sandbox: another repository's or
    /// issue's, or a service tri does not recognise.
    Foreign {
        /// The farm account whose project holds it.
        account: u32,
        /// Its name on Railway.
        name: String,
    },
    /// No farm account with credentials holds it, and every account it could be on was
    /// asked: it is gone.
    Gone,
    /// Railway was not asked, or not everywhere it could be: no credentials for the
    /// mapping's account (or for any account). Nothing can be concluded.
    NotAsked,
}

/// The conclusion about a mapping's service, from what the listing found. Pure.
///
/// - `found`: the account, name and variables of the service with the mapping's id, when
///   an account with credentials lists it;
/// - `mapping_account`: the mapping's `account_id` (`None`: trinity's entries without one);
/// - `with_credentials`: the farm accounts whose credentials are here (every one was asked).
///
/// A service found is confirmed only when [`naming::belongs`] says it is `key`'s; not found
/// is [`Confirmation::Gone`] only when the mapping's account (or, without one, some
/// account) was asked.
pub fn conclude(
    key: &Key,
    found: Option<(u32, &str, &BTreeMap<String, String>)>,
    mapping_account: Option<u32>,
    with_credentials: &[u32],
) -> Confirmation {
    match found {
        Some((account, name, vars)) => {
            if naming::belongs(name, vars, &key.repo, key.issue, key.owns_bare) {
                Confirmation::Confirmed { account }
            } else {
                Confirmation::Foreign {
                    account,
                    name: name.to_string(),
                }
            }
        }
        None => match mapping_account {
            Some(a) if !with_credentials.contains(&a) => Confirmation::NotAsked,
            _ if with_credentials.is_empty() => Confirmation::NotAsked,
            _ => Confirmation::Gone,
        },
    }
}

/// Asks Railway whose the service of mapping `m` is: the mapping's account first, then
/// every other farm account with credentials (a mapping with no account id, or the wrong
/// one, is found where the service lives). See [`conclude`].
///
/// Errors: the provider's (a listing or variable read that failed): nothing is concluded
/// on a partial view.
pub fn confirm(provider: &dyn SandboxProvider, key: &Key, m: &Mapping) -> Result<Confirmation> {
    let with = provider.accounts_with_credentials();
    let Some(id) = m.service_id.as_deref() else {
        return Ok(Confirmation::NotAsked);
    };
    let mut order: Vec<u32> = m
        .account_id
        .filter(|a| with.contains(a))
        .into_iter()
        .collect();
    order.extend(with.iter().copied().filter(|a| Some(*a) != m.account_id));
    for account in order {
        if let Some((s, vars)) = services_with_vars(provider, account, |s| s.id == id)?
            .into_iter()
            .next()
        {
            return Ok(conclude(
                key,
                Some((account, &s.name, &vars)),
                m.account_id,
                &with,
            ));
        }
    }
    Ok(conclude(key, None, m.account_id, &with))
}

/// The refusal for a mapping whose service Railway says is not `key`'s sandbox
/// ([`Confirmation::Foreign`]): exit 2, since the farm file of this checkout is wrong and
/// running again will not change that.
///
/// A trinity `agent-<N>` (which records no `TRI_REPO` when it is trinity's) gets the other
/// way out named too: setting the farm repository, where `key`'s repository is it.
pub fn foreign_error(key: &Key, m: &Mapping, account: u32, name: &str) -> crate::error::Error {
    let bare = if name == naming::legacy_name(key.issue) && !key.owns_bare {
        format!(" — or, if {} is the farm repository that owns trinity's `{name}`, set TRI_FARM_REPO (or config farm_repo) to it", key.repo)
    } else {
        String::new()
    };
    crate::error::Error::Usage(format!(
        "the farm file maps {key} to Railway service {} (`{name}` on farm account {account}), which Railway says is not this sandbox (its name or TRI_REPO/TRI_ISSUE variables name another); tri leaves it alone. Remove the mapping (`tri agent farm rm {}`) and run again{bare}",
        m.service_id.as_deref().unwrap_or("?"),
        key.issue
    ))
}

/// The live mapping of `key`: this checkout's when it has one (and it is not left
/// `creating`) and Railway confirms its service ([`confirm`]; a mapping on the wrong
/// account is corrected, one whose service is gone is marked gone), else the oldest
/// service found on Railway ([`find_on_railway`]), adopted ([`adopt`]). `None` when
/// neither has one, or no account has credentials here.
///
/// Errors: [`foreign_error`] when the mapping names a service that is not `key`'s; the
/// provider's; the farm file's.
pub fn find_or_adopt(
    ws: &Workspace,
    key: &Key,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Option<Mapping>> {
    let m = farm::read(ws)?.mapping_of(key);
    let state = mapping_state(m.as_ref());
    if let Some(m) = m
        .as_ref()
        .filter(|_| state.has_service() && state != SandboxState::Creating)
    {
        match confirm(provider, key, m)? {
            Confirmation::NotAsked => return Ok(Some(m.clone())),
            Confirmation::Confirmed { account } => {
                if m.account_id == Some(account) {
                    return Ok(Some(m.clone()));
                }
                rep.say(&format!(
                    "Railway holds service {} of {key} on farm account {account} (the farm file said {}); the farm file now says {account}.",
                    m.service_id.as_deref().unwrap_or("?"),
                    m.account_id
                        .map(|a| a.to_string())
                        .unwrap_or_else(|| "none".into())
                ));
                farm::update(ws, |f| {
                    if let Some(e) = f.agent_map.get_mut(m.index) {
                        if e.service_id == m.service_id {
                            e.account_id = Some(account);
                            e.updated_at = Some(farm::now_rfc3339());
                        }
                    }
                    Ok(())
                })?;
                let mut m = m.clone();
                m.account_id = Some(account);
                return Ok(Some(m));
            }
            Confirmation::Foreign { account, name } => {
                return Err(foreign_error(key, m, account, &name))
            }
            Confirmation::Gone => {
                rep.warn(&format!(
                    "tri: service {} of {key} is no longer on Railway (no farm account with credentials holds it); the farm file marks it gone",
                    m.service_id.as_deref().unwrap_or("?")
                ));
                super::mark_gone(ws, m)?;
            }
        }
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
    fn only_a_service_railway_says_is_ours_is_confirmed() {
        let key = Key::new("acme/widgets", 7, Some("acme/widgets"))
            .with_configured_farm(Some("acme/widgets"));
        let mine = naming::identity_vars("acme/widgets", 7);
        let theirs = naming::identity_vars("acme/gadgets", 7);
        let none = BTreeMap::new();
        let name = key.service_name();
        assert_eq!(
            conclude(&key, Some((2, &name, &mine)), None, &[1, 2]),
            Confirmation::Confirmed { account: 2 }
        );
        // trinity's agent-7 with no variables: the configured farm repository owns it; a
        // farm repository that is only the checkout's by default does not.
        assert_eq!(
            conclude(&key, Some((1, "agent-7", &none)), Some(1), &[1]),
            Confirmation::Confirmed { account: 1 }
        );
        let defaulted = Key::new("acme/widgets", 7, Some("acme/widgets"));
        assert!(matches!(
            conclude(&defaulted, Some((1, "agent-7", &none)), Some(1), &[1]),
            Confirmation::Foreign { .. }
        ));
        // Its refusal names the way to claim it: setting the farm repository.
        let mut f = farm::Farm::default();
        f.push_key(&defaulted);
        let mapping = f.mapping_of(&defaulted).unwrap();
        let e = foreign_error(&defaulted, &mapping, 1, "agent-7").to_string();
        assert!(e.contains("TRI_FARM_REPO"), "{e}");
        let e = foreign_error(&defaulted, &mapping, 1, "web").to_string();
        assert!(!e.contains("TRI_FARM_REPO"), "{e}");
        // Another repository's service of the same project, or one tri does not know.
        assert!(matches!(
            conclude(&key, Some((1, &name, &theirs)), Some(1), &[1]),
            Confirmation::Foreign { account: 1, .. }
        ));
        assert!(matches!(
            conclude(&key, Some((1, "web", &none)), Some(1), &[1]),
            Confirmation::Foreign { .. }
        ));
        // Not found: gone only when the account it could be on was asked.
        assert_eq!(conclude(&key, None, Some(1), &[1, 2]), Confirmation::Gone);
        assert_eq!(conclude(&key, None, None, &[2]), Confirmation::Gone);
        assert_eq!(
            conclude(&key, None, Some(3), &[1, 2]),
            Confirmation::NotAsked
        );
        assert_eq!(conclude(&key, None, None, &[]), Confirmation::NotAsked);
    }

    #[test]
    fn remote_states() {
        assert_eq!(state_of_remote(None), SandboxState::Created);
        assert_eq!(state_of_remote(Some("SUCCESS")), SandboxState::Running);
        assert_eq!(state_of_remote(Some("CRASHED")), SandboxState::Failed);
        assert_eq!(state_of_remote(Some("BUILDING")), SandboxState::Deploying);
    }
}
