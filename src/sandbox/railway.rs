//! The Railway implementation of [`SandboxProvider`]: one [`Railway`] client per farm
//! account, built from the environment when first used.

use super::{
    BoxFut, CreateRequest, DeployStatus, Deployment, LogKind, LogLine, RemoteService,
    SandboxProvider, Service,
};
use crate::error::{Error, Result};
use crate::railway::{self, ops, Credentials, Railway};
use std::collections::BTreeMap;

/// Railway, for every farm account whose credentials are in the environment.
#[derive(Debug)]
pub struct RailwayProvider {
    http: crate::net::Client,
    url: String,
    accounts: Vec<Credentials>,
    /// The rate-limit gate directory ([`crate::gate::dir_from_env`]).
    gate_dir: Option<std::path::PathBuf>,
    /// The gate of each account, opened on first use (so its warnings come once).
    gates: std::sync::Mutex<std::collections::BTreeMap<u32, crate::gate::Gate>>,
}

impl RailwayProvider {
    /// Reads the credentials of accounts 1..[`crate::farm::MAX_ACCOUNT`],
    /// `TRI_RAILWAY_API_URL` and the gate directory (`TRI_GATE_DIR`) through `env`; builds the shared HTTP client
    /// ([`crate::net::client`]) with the environment's time-outs.
    ///
    /// Errors: [`Error::Usage`] for malformed time-outs; [`Error::Other`] when the HTTP
    /// client cannot be built.
    pub fn from_env(env: &crate::env::Env) -> Result<RailwayProvider> {
        let http = crate::net::client(crate::net::Timeouts::from_env(env)?)?;
        Ok(RailwayProvider {
            http,
            url: railway::api_url(env)?,
            accounts: (1..=crate::farm::MAX_ACCOUNT)
                .filter_map(|id| railway::credentials(id, env))
                .collect(),
            gate_dir: crate::gate::dir_from_env(env),
            gates: Default::default(),
        })
    }

    fn client(&self, account_id: u32) -> Result<Railway> {
        let creds = self
            .accounts
            .iter()
            .find(|c| c.account_id == account_id)
            .cloned()
            .ok_or_else(|| {
                let s = railway::suffix(account_id);
                Error::Auth(format!(
                    "no Railway credentials for farm account {account_id}; set RAILWAY_API_TOKEN{s} (or RAILWAY_TOKEN{s})"
                ))
            })?;
        let gate = self
            .gates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(account_id)
            .or_insert_with(|| Railway::machine_gate(&self.url, &creds, self.gate_dir.as_deref()))
            .clone();
        Ok(Railway::new(self.http.clone(), self.url.clone(), creds)?.with_gate(gate))
    }
}

impl SandboxProvider for RailwayProvider {
    fn has_credentials(&self, account_id: u32) -> bool {
        self.accounts.iter().any(|c| c.account_id == account_id)
    }

    fn create<'a>(&'a self, req: &'a CreateRequest) -> BoxFut<'a, Service> {
        Box::pin(async move {
            let c = self.client(req.account_id)?;
            let source = (req.image.is_some() || req.repo.is_some()).then(|| {
                ops::service_create::ServiceSourceInput {
                    image: req.image.clone(),
                    repo: req.repo.clone(),
                }
            });
            let data = c
                .send::<ops::ServiceCreate>(ops::service_create::Variables {
                    name: Some(req.name.clone()),
                    project_id: c.project_id()?,
                    environment_id: Some(c.environment_id()?),
                    source,
                    branch: req.branch.clone(),
                    variables: (!req.variables.is_empty()).then(|| {
                        req.variables
                            .iter()
                            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                            .collect()
                    }),
                })
                .await?;
            Ok(Service {
                id: data.service_create.id,
                name: data.service_create.name,
                created_at: Some(data.service_create.created_at),
            })
        })
    }

    fn deploy<'a>(&'a self, account_id: u32, service_id: &'a str) -> BoxFut<'a, String> {
        Box::pin(async move {
            let c = self.client(account_id)?;
            let data = c
                .send::<ops::ServiceInstanceDeploy>(ops::service_instance_deploy::Variables {
                    environment_id: c.environment_id()?,
                    service_id: service_id.to_string(),
                })
                .await?;
            Ok(data.service_instance_deploy_v2)
        })
    }

    fn latest_deployment<'a>(
        &'a self,
        account_id: u32,
        service_id: &'a str,
    ) -> BoxFut<'a, Option<Deployment>> {
        Box::pin(async move {
            let c = self.client(account_id)?;
            let data = c
                .send::<ops::LatestDeployment>(ops::latest_deployment::Variables {
                    service_id: service_id.to_string(),
                    environment_id: c.environment_id()?,
                })
                .await?;
            Ok(data
                .deployments
                .edges
                .into_iter()
                .next()
                .map(|e| Deployment {
                    id: e.node.id,
                    created_at: e.node.created_at,
                }))
        })
    }

    fn status<'a>(&'a self, account_id: u32, deployment_id: &'a str) -> BoxFut<'a, DeployStatus> {
        Box::pin(async move {
            let c = self.client(account_id)?;
            let data = c
                .send::<ops::DeploymentStatus>(ops::deployment_status::Variables {
                    id: deployment_id.to_string(),
                })
                .await?;
            let name = serde_json::to_value(&data.deployment.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            Ok(DeployStatus::from_railway(&name))
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
            let c = self.client(account_id)?;
            let limit = Some(i64::from(limit));
            let lines = match kind {
                LogKind::Deploy => c
                    .send::<ops::DeploymentLogs>(ops::deployment_logs::Variables {
                        deployment_id: deployment_id.to_string(),
                        limit,
                    })
                    .await?
                    .deployment_logs
                    .into_iter()
                    .map(|l| LogLine {
                        timestamp: l.timestamp,
                        message: l.message,
                        severity: l.severity,
                    })
                    .collect(),
                LogKind::Build => c
                    .send::<ops::BuildLogs>(ops::build_logs::Variables {
                        deployment_id: deployment_id.to_string(),
                        limit,
                    })
                    .await?
                    .build_logs
                    .into_iter()
                    .map(|l| LogLine {
                        timestamp: l.timestamp,
                        message: l.message,
                        severity: l.severity,
                    })
                    .collect(),
            };
            Ok(lines)
        })
    }

    fn destroy<'a>(&'a self, account_id: u32, service_id: &'a str) -> BoxFut<'a, ()> {
        Box::pin(async move {
            let c = self.client(account_id)?;
            let ok = c
                .send::<ops::ServiceDelete>(ops::service_delete::Variables {
                    environment_id: c.environment_id()?,
                    service_id: service_id.to_string(),
                })
                .await?
                .service_delete;
            if ok {
                Ok(())
            } else {
                Err(Error::Other(format!(
                    "Railway did not delete service {service_id}"
                )))
            }
        })
    }

    fn list_services<'a>(&'a self, account_id: u32) -> BoxFut<'a, Vec<RemoteService>> {
        Box::pin(async move {
            let c = self.client(account_id)?;
            let project = c.project_id()?;
            let env = c.environment_id()?;
            let mut out = Vec::new();
            let mut after: Option<String> = None;
            // Pages of 100; a project holding more than 100 pages is not a farm.
            for _ in 0..100 {
                let data = c
                    .send::<ops::EnvironmentServices>(ops::environment_services::Variables {
                        id: env.clone(),
                        project_id: Some(project.clone()),
                        after: after.clone(),
                    })
                    .await?;
                let conn = data.environment.service_instances;
                for e in conn.edges {
                    let n = e.node;
                    let dep = n.latest_deployment;
                    out.push(RemoteService {
                        account_id,
                        id: n.service.id,
                        name: n.service.name,
                        created_at: n.service.created_at,
                        deployment_id: dep.as_ref().map(|d| d.id.clone()),
                        deployment_status: dep.and_then(|d| {
                            serde_json::to_value(&d.status)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))
                        }),
                    });
                }
                match (conn.page_info.has_next_page, conn.page_info.end_cursor) {
                    (true, Some(cur)) => after = Some(cur),
                    _ => break,
                }
            }
            Ok(out)
        })
    }

    fn service_vars<'a>(
        &'a self,
        account_id: u32,
        service_id: &'a str,
    ) -> BoxFut<'a, BTreeMap<String, String>> {
        Box::pin(async move {
            let c = self.client(account_id)?;
            let data = c
                .send::<ops::ServiceVariables>(ops::service_variables::Variables {
                    project_id: c.project_id()?,
                    environment_id: c.environment_id()?,
                    service_id: service_id.to_string(),
                })
                .await?;
            Ok(data
                .variables
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, v)
                })
                .collect())
        })
    }

    fn public_url<'a>(
        &'a self,
        account_id: u32,
        deployment_id: &'a str,
    ) -> BoxFut<'a, Option<String>> {
        Box::pin(async move {
            let c = self.client(account_id)?;
            let d = c
                .send::<ops::DeploymentUrl>(ops::deployment_url::Variables {
                    id: deployment_id.to_string(),
                })
                .await?
                .deployment;
            // Never a credential: the URL is probed, printed, recorded and sent to GitHub.
            Ok(d.static_url
                .filter(|u| !u.trim().is_empty())
                .or(d.url.filter(|u| !u.trim().is_empty()))
                .map(|u| crate::redact::without_userinfo(&u)))
        })
    }

    fn create_domain<'a>(&'a self, account_id: u32, service_id: &'a str) -> BoxFut<'a, String> {
        Box::pin(async move {
            let c = self.client(account_id)?;
            Ok(
                c.send::<ops::ServiceDomainCreate>(ops::service_domain_create::Variables {
                    environment_id: c.environment_id()?,
                    service_id: service_id.to_string(),
                })
                .await?
                .service_domain_create
                .domain,
            )
        })
    }

    fn set_healthcheck_path<'a>(
        &'a self,
        account_id: u32,
        service_id: &'a str,
        path: &'a str,
    ) -> BoxFut<'a, ()> {
        Box::pin(async move {
            let c = self.client(account_id)?;
            let ok = c
                .send::<ops::ServiceInstanceUpdate>(ops::service_instance_update::Variables {
                    environment_id: c.environment_id()?,
                    service_id: service_id.to_string(),
                    healthcheck_path: Some(path.to_string()),
                })
                .await?
                .service_instance_update;
            if ok {
                Ok(())
            } else {
                Err(Error::Other(format!(
                    "Railway did not set the health-check path of service {service_id}"
                )))
            }
        })
    }
}
