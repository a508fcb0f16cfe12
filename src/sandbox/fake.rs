//! An in-memory [`SandboxProvider`] for tests: services and deployments live in a
//! `RefCell`; each deployment walks through a scripted list of statuses, one per
//! [`SandboxProvider::status`] call, and stays on the last.

use super::{
    BoxFut, CreateRequest, DeployStatus, Deployment, LogKind, LogLine, RemoteService,
    SandboxProvider, Service,
};
use crate::error::{Error, Result};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The fake's world, readable by tests.
#[derive(Debug, Default, Clone)]
pub struct World {
    /// Live services: id → (account, name).
    pub services: BTreeMap<String, (u32, String)>,
    /// Deployments: id → (service id, statuses still to report).
    pub deployments: BTreeMap<String, (String, Vec<DeployStatus>)>,
    /// Every call, as `op:arg` strings, in order.
    pub calls: Vec<String>,
    /// Ids handed out so far.
    pub next_id: u64,
    /// Variables of each live service: id → name → value.
    pub vars: BTreeMap<String, BTreeMap<String, String>>,
    /// Deployments of each service, oldest first: service id → (deployment id, when made,
    /// RFC 3339 from the real clock).
    pub deployed: BTreeMap<String, Vec<(String, String)>>,
}

/// The in-memory provider.
#[derive(Debug)]
pub struct FakeProvider {
    /// Accounts that have credentials.
    pub accounts: Vec<u32>,
    /// Statuses each new deployment reports, in order (default: BUILDING, DEPLOYING, SUCCESS).
    pub script: Vec<DeployStatus>,
    /// Build log lines of every deployment.
    pub build_logs: Vec<String>,
    /// Deploy log lines of every deployment.
    pub deploy_logs: Vec<String>,
    /// When set, every call fails with this error message as an [`Error::Auth`].
    pub auth_error: Option<String>,
    /// The public address every deployment reports ([`SandboxProvider::public_url`]).
    pub public_url: Option<String>,
    /// The state.
    pub world: RefCell<World>,
}

impl Default for FakeProvider {
    fn default() -> Self {
        FakeProvider {
            accounts: vec![1],
            script: vec![
                DeployStatus::Building,
                DeployStatus::Deploying,
                DeployStatus::Success,
            ],
            build_logs: vec!["build step 1".into(), "build ok".into()],
            deploy_logs: vec!["listening on :8080".into()],
            auth_error: None,
            public_url: None,
            world: RefCell::new(World::default()),
        }
    }
}

impl FakeProvider {
    /// A fake with credentials for `accounts` whose deployments report `script`.
    pub fn new(accounts: Vec<u32>, script: Vec<DeployStatus>) -> FakeProvider {
        FakeProvider {
            accounts,
            script,
            ..FakeProvider::default()
        }
    }

    /// The calls made so far.
    pub fn calls(&self) -> Vec<String> {
        self.world.borrow().calls.clone()
    }

    fn check(&self, account_id: u32, call: String) -> Result<()> {
        self.world.borrow_mut().calls.push(call);
        if let Some(m) = &self.auth_error {
            return Err(Error::Auth(m.clone()));
        }
        if !self.accounts.contains(&account_id) {
            return Err(Error::Auth(format!(
                "no credentials for farm account {account_id}"
            )));
        }
        Ok(())
    }

    fn id(&self, prefix: &str) -> String {
        let mut w = self.world.borrow_mut();
        w.next_id += 1;
        format!("{prefix}-{}", w.next_id)
    }
}

fn lines(v: &[String]) -> Vec<LogLine> {
    v.iter()
        .enumerate()
        .map(|(i, m)| LogLine {
            timestamp: format!("2026-11-21T00:00:{:02}Z", i % 60),
            message: m.clone(),
            severity: Some("info".into()),
        })
        .collect()
}

impl SandboxProvider for FakeProvider {
    fn has_credentials(&self, account_id: u32) -> bool {
        self.accounts.contains(&account_id)
    }

    fn create<'a>(&'a self, req: &'a CreateRequest) -> BoxFut<'a, Service> {
        Box::pin(async move {
            self.check(req.account_id, format!("create:{}", req.name))?;
            let id = self.id("svc");
            self.world
                .borrow_mut()
                .services
                .insert(id.clone(), (req.account_id, req.name.clone()));
            self.world
                .borrow_mut()
                .vars
                .insert(id.clone(), req.variables.clone());
            Ok(Service {
                created_at: Some(created_at(&id)),
                id,
                name: req.name.clone(),
            })
        })
    }

    fn deploy<'a>(&'a self, account_id: u32, service_id: &'a str) -> BoxFut<'a, String> {
        Box::pin(async move {
            self.check(account_id, format!("deploy:{service_id}"))?;
            if !self.world.borrow().services.contains_key(service_id) {
                return Err(Error::Other(format!("no service {service_id}")));
            }
            let id = self.id("dep");
            let mut w = self.world.borrow_mut();
            w.deployments
                .insert(id.clone(), (service_id.to_string(), self.script.clone()));
            w.deployed
                .entry(service_id.to_string())
                .or_default()
                .push((id.clone(), crate::farm::now_rfc3339()));
            Ok(id)
        })
    }

    fn latest_deployment<'a>(
        &'a self,
        account_id: u32,
        service_id: &'a str,
    ) -> BoxFut<'a, Option<Deployment>> {
        Box::pin(async move {
            self.check(account_id, format!("latest:{service_id}"))?;
            Ok(self
                .world
                .borrow()
                .deployed
                .get(service_id)
                .and_then(|v| v.last())
                .map(|(id, at)| Deployment {
                    id: id.clone(),
                    created_at: at.clone(),
                }))
        })
    }

    fn status<'a>(&'a self, account_id: u32, deployment_id: &'a str) -> BoxFut<'a, DeployStatus> {
        Box::pin(async move {
            self.check(account_id, format!("status:{deployment_id}"))?;
            let mut w = self.world.borrow_mut();
            let (_, script) = w
                .deployments
                .get_mut(deployment_id)
                .ok_or_else(|| Error::Other(format!("no deployment {deployment_id}")))?;
            Ok(if script.len() > 1 {
                script.remove(0)
            } else {
                script.first().cloned().unwrap_or(DeployStatus::Queued)
            })
        })
    }

    fn logs<'a>(
        &'a self,
        account_id: u32,
        deployment_id: &'a str,
        kind: LogKind,
        limit: u32,
    ) -> BoxFut<'a, Vec<LogLine>> {
        Box::pin(async move {
            self.check(
                account_id,
                format!("logs:{}:{deployment_id}", kind.as_str()),
            )?;
            let all = match kind {
                LogKind::Build => lines(&self.build_logs),
                LogKind::Deploy => lines(&self.deploy_logs),
            };
            let skip = all.len().saturating_sub(limit as usize);
            Ok(all.into_iter().skip(skip).collect())
        })
    }

    fn destroy<'a>(&'a self, account_id: u32, service_id: &'a str) -> BoxFut<'a, ()> {
        Box::pin(async move {
            self.check(account_id, format!("destroy:{service_id}"))?;
            self.world
                .borrow_mut()
                .services
                .remove(service_id)
                .map(|_| ())
                .ok_or_else(|| Error::Other(format!("no service {service_id}")))
        })
    }

    fn list_services<'a>(&'a self, account_id: u32) -> BoxFut<'a, Vec<RemoteService>> {
        Box::pin(async move {
            self.check(account_id, format!("list:{account_id}"))?;
            let w = self.world.borrow();
            Ok(w.services
                .iter()
                .filter(|(_, (a, _))| *a == account_id)
                .map(|(id, (a, name))| {
                    let dep = w
                        .deployments
                        .iter()
                        .rev()
                        .find(|(_, (s, _))| s == id)
                        .map(|(d, _)| d.clone());
                    RemoteService {
                        account_id: *a,
                        id: id.clone(),
                        name: name.clone(),
                        created_at: created_at(id),
                        deployment_id: dep,
                        deployment_status: None,
                    }
                })
                .collect())
        })
    }

    fn service_vars<'a>(
        &'a self,
        account_id: u32,
        service_id: &'a str,
    ) -> BoxFut<'a, BTreeMap<String, String>> {
        Box::pin(async move {
            self.check(account_id, format!("vars:{service_id}"))?;
            Ok(self
                .world
                .borrow()
                .vars
                .get(service_id)
                .cloned()
                .unwrap_or_default())
        })
    }

    fn public_url<'a>(
        &'a self,
        account_id: u32,
        deployment_id: &'a str,
    ) -> BoxFut<'a, Option<String>> {
        Box::pin(async move {
            self.check(account_id, format!("url:{deployment_id}"))?;
            Ok(self.public_url.clone())
        })
    }

    fn create_domain<'a>(&'a self, account_id: u32, service_id: &'a str) -> BoxFut<'a, String> {
        Box::pin(async move {
            self.check(account_id, format!("domain:{service_id}"))?;
            Ok(format!("{service_id}.up.railway.app"))
        })
    }

    fn set_healthcheck_path<'a>(
        &'a self,
        account_id: u32,
        service_id: &'a str,
        path: &'a str,
    ) -> BoxFut<'a, ()> {
        Box::pin(async move { self.check(account_id, format!("healthcheck:{service_id}:{path}")) })
    }
}

/// A creation time that orders as the fake's ids do (`svc-N`: second N).
fn created_at(id: &str) -> String {
    let n: u64 = id
        .rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    format!("2026-11-21T00:{:02}:{:02}Z", (n / 60) % 60, n % 60)
}
