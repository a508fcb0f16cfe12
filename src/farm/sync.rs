//! `farm sync`: rebuild the farm file's mappings from what Railway holds, the truth for
//! sandboxes. Pure:
//! the caller lists the services (with their variables) of every account with credentials.
//!
//! Rules:
//! - every sandbox service (named `agent-<N>` or `agent-<N>-…`) is mapped to its (repository,
//!   issue): the repository from its `TRI_REPO` variable; trinity's `agent-<N>` with none
//!   belongs to the farm's repository (the entry then names no repository, as trinity's);
//!   a service whose repository cannot be told is reported in `skipped`, never mapped;
//! - an entry naming the service is updated (account, name, latest deployment, status);
//!   a service no entry names is added as a new entry;
//! - an entry whose service (on an account that was listed) is no longer on Railway is
//!   marked gone ([`super::mark_gone`]), not dropped;
//! - `active_services` of each listed account is set to the number of its sandbox services.

use super::{AgentEntry, Farm, STATUS_ACTIVE, STATUS_FAILED};
use crate::sandbox::lifecycle::state_of_remote;
use crate::sandbox::machine::SandboxState;
use crate::sandbox::naming;
use crate::sandbox::RemoteService;
use serde::Serialize;
use std::collections::BTreeMap;

/// One mapping `farm sync` added, updated or marked gone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncRow {
    /// The repository (`None`: the farm's, trinity's entry).
    pub repo: Option<String>,
    /// The issue.
    pub issue: Option<u64>,
    /// The farm account.
    pub account_id: Option<u32>,
    /// The service id.
    pub service_id: Option<String>,
    /// The service name.
    pub service_name: Option<String>,
    /// The latest deployment.
    pub deployment_id: Option<String>,
    /// The entry's status after the sync.
    pub status: Option<String>,
}

/// What `farm sync` did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    /// Services now mapped that were not.
    pub added: Vec<SyncRow>,
    /// Entries whose service, deployment or status changed.
    pub updated: Vec<SyncRow>,
    /// Entries whose service is no longer on Railway.
    pub gone: Vec<SyncRow>,
    /// Entries that were already right.
    pub unchanged: usize,
    /// Sandbox-named services tri could not attribute to a repository, one line each.
    pub skipped: Vec<String>,
    /// The accounts listed.
    pub accounts: Vec<u32>,
}

fn row(e: &AgentEntry) -> SyncRow {
    SyncRow {
        repo: e.repo.clone(),
        issue: e.issue_number(),
        account_id: e.account_id,
        service_id: e.service_id.clone(),
        service_name: e.service_name.clone(),
        deployment_id: e.deployment_id.clone(),
        status: e.status.clone(),
    }
}

/// Applies what Railway holds to `farm`: `listed` is every service of the accounts in
/// `accounts` with its variables; `farm_repo` is the farm's repository. Returns the report.
pub fn apply_sync(
    farm: &mut Farm,
    listed: &[(RemoteService, BTreeMap<String, String>)],
    accounts: &[u32],
    farm_repo: Option<&str>,
) -> SyncReport {
    let mut rep = SyncReport {
        accounts: accounts.to_vec(),
        ..SyncReport::default()
    };
    let mut counts: BTreeMap<u32, u64> = accounts.iter().map(|&a| (a, 0)).collect();
    for (svc, vars) in listed {
        let Some(issue) = naming::issue_of_name(&svc.name) else {
            continue;
        };
        *counts.entry(svc.account_id).or_default() += 1;
        let recorded = vars.get(naming::VAR_REPO).map(|r| r.trim().to_string());
        let repo: Option<String> = match (&recorded, farm_repo) {
            (Some(r), _) => Some(r.clone()),
            (None, Some(f))
                if svc.name == naming::legacy_name(issue)
                    || svc.name == naming::service_name(f, issue) =>
            {
                None
            }
            _ => {
                rep.skipped.push(format!(
                    "service {} (`{}`, account {}) records no TRI_REPO and is not the farm repository's",
                    svc.id, svc.name, svc.account_id
                ));
                continue;
            }
        };
        // trinity's own: no repository field when it is the farm's.
        let repo = match (repo, farm_repo) {
            (Some(r), Some(f))
                if r.eq_ignore_ascii_case(f) && svc.name == naming::legacy_name(issue) =>
            {
                None
            }
            (r, _) => r,
        };
        let state = state_of_remote(svc.deployment_status.as_deref());
        let status = if state == SandboxState::Failed {
            STATUS_FAILED
        } else {
            STATUS_ACTIVE
        };
        let existing = farm
            .agent_map
            .iter()
            .position(|e| e.service_id.as_deref() == Some(svc.id.as_str()));
        let i = match existing {
            Some(i) => i,
            None => {
                let i = farm.push_entry(issue);
                farm.agent_map[i].repo = repo.clone();
                farm.agent_map[i].created_at = Some(svc.created_at.clone());
                i
            }
        };
        let e = &mut farm.agent_map[i];
        let before = e.clone();
        e.account_id = Some(svc.account_id);
        e.service_id = Some(svc.id.clone());
        e.service_name = Some(svc.name.clone());
        if svc.deployment_id.is_some() {
            e.deployment_id = svc.deployment_id.clone();
        }
        e.status = Some(status.into());
        // A deployment tri is following stays `deploying` until tri records its end.
        if e.sandbox_state.as_deref() != Some(state.as_str()) {
            e.sandbox_state = Some(state.as_str().into());
        }
        if existing.is_none() {
            e.updated_at = Some(super::now_rfc3339());
            rep.added.push(row(e));
        } else if *e != before {
            e.updated_at = Some(super::now_rfc3339());
            rep.updated.push(row(e));
        } else {
            rep.unchanged += 1;
        }
    }
    for e in farm.agent_map.iter_mut() {
        let Some(id) = e.service_id.as_deref() else {
            continue;
        };
        let listed_account = accounts.contains(&e.account_id.unwrap_or(1));
        let live = e.is_active()
            && e.sandbox_state
                .as_deref()
                .and_then(SandboxState::parse)
                .is_none_or(|s| s.has_service());
        if listed_account && live && !listed.iter().any(|(s, _)| s.id == id) {
            super::mark_gone(e);
            rep.gone.push(row(e));
        }
    }
    for (a, n) in counts {
        farm.account_entry(a).active_services = Some(n);
    }
    rep
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn svc(id: &str, name: &str, dep: Option<&str>) -> RemoteService {
        RemoteService {
            account_id: 1,
            id: id.into(),
            name: name.into(),
            created_at: "2026-12-02T10:00:00Z".into(),
            deployment_id: dep.map(str::to_string),
            deployment_status: dep.map(|_| "SUCCESS".into()),
        }
    }

    #[test]
    fn adds_updates_marks_gone_and_counts() {
        let mut f: Farm = serde_json::from_value(json!({
            "accounts": [{"account_id": 1, "active_services": 9, "region": "x"}],
            "agent_map": [
                {"issue": 5, "account_id": 1, "service_id": "s5", "status": "ACTIVE", "note": "kept"},
                {"issue": 6, "account_id": 1, "service_id": "s6", "status": "ACTIVE"},
                {"issue": 7, "account_id": 2, "service_id": "s7", "status": "ACTIVE"}
            ]
        }))
        .unwrap();
        let mine = naming::service_name("acme/widgets", 8);
        let listed = vec![
            (svc("s5", "agent-5", Some("d5")), BTreeMap::new()),
            (
                svc("s8", &mine, None),
                naming::identity_vars("acme/widgets", 8),
            ),
            (svc("s9", "agent-9-x-abcdef", None), BTreeMap::new()),
            (svc("web", "web", None), BTreeMap::new()),
        ];
        let r = apply_sync(&mut f, &listed, &[1], Some("acme/farm"));
        assert_eq!(r.added.len(), 1, "{r:?}");
        assert_eq!(r.added[0].repo.as_deref(), Some("acme/widgets"));
        assert_eq!(r.updated.len(), 1);
        assert_eq!(r.updated[0].deployment_id.as_deref(), Some("d5"));
        assert_eq!(r.gone.len(), 1);
        assert_eq!(r.gone[0].service_id.as_deref(), Some("s6"));
        assert_eq!(r.skipped.len(), 1);
        // Account 2 was not listed: its entry is left alone.
        assert_eq!(f.agent_map[2].status.as_deref(), Some("ACTIVE"));
        assert_eq!(f.agent_map[0].extra["note"], "kept");
        assert_eq!(f.accounts[0].active_services, Some(3));
        assert_eq!(f.accounts[0].extra["region"], "x");
        // A second sync changes nothing.
        let r2 = apply_sync(&mut f, &listed, &[1], Some("acme/farm"));
        assert!(r2.added.is_empty() && r2.updated.is_empty() && r2.gone.is_empty());
        assert_eq!(r2.unchanged, 2);
    }
}
