//! Sandboxes: the Railway service that runs an agent's code for one issue.
//!
//! - [`machine`]: the lifecycle as a pure state machine;
//! - [`SandboxProvider`]: create, deploy, status, logs, destroy — implemented by
//!   [`railway::RailwayProvider`] (the binary) and [`fake::FakeProvider`] (tests);
//! - [`DeployStatus`]: a deployment's status, with the pure rules of when it has ended.

pub mod breaker;
pub mod fake;
pub mod health;
pub mod lifecycle;
pub mod machine;
pub mod naming;
pub mod railway;
pub mod reap;
pub mod starters;

use crate::error::Result;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;

/// A provider's answer: a boxed future (single-threaded runtime, so not `Send`).
pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + 'a>>;

/// What to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateRequest {
    /// The farm account to create it on (1..8).
    pub account_id: u32,
    /// The service name ([`naming::service_name`]).
    pub name: String,
    /// A container image to run (`--image`), if any.
    pub image: Option<String>,
    /// A GitHub repository `owner/name` to build (`--source-repo`), if any.
    pub repo: Option<String>,
    /// The branch of `repo` to build, if any.
    pub branch: Option<String>,
    /// Service variables set in the same request ([`naming::identity_vars`]).
    pub variables: std::collections::BTreeMap<String, String>,
}

/// A created service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// The provider's service id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// When Railway created it (RFC 3339), when it says.
    pub created_at: Option<String>,
}

/// A service as listed in a farm account's project ([`SandboxProvider::list_services`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteService {
    /// The farm account whose project holds it.
    pub account_id: u32,
    /// The service id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// When Railway created it (RFC 3339, as Railway wrote it).
    pub created_at: String,
    /// Its latest deployment's id, if any.
    pub deployment_id: Option<String>,
    /// Its latest deployment's status (Railway's name), if any.
    pub deployment_status: Option<String>,
}

/// A deployment as Railway lists it ([`SandboxProvider::latest_deployment`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deployment {
    /// The deployment id.
    pub id: String,
    /// When Railway created it (RFC 3339, as Railway wrote it; Railway's clock).
    pub created_at: String,
}

/// Which logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LogKind {
    /// The build's output.
    Build,
    /// The running deployment's output.
    Deploy,
}

impl LogKind {
    /// `build` or `deploy`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogKind::Build => "build",
            LogKind::Deploy => "deploy",
        }
    }
}

/// One log line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogLine {
    /// When (as the provider wrote it, RFC 3339).
    pub timestamp: String,
    /// The text.
    pub message: String,
    /// info, warn, error, ... when the provider says.
    pub severity: Option<String>,
}

impl LogLine {
    /// `<timestamp> <message>`.
    pub fn render(&self) -> String {
        format!("{} {}", self.timestamp, self.message)
    }
}

/// A deployment's status. Railway's DeploymentStatus values map one to one; others are
/// kept in [`DeployStatus::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeployStatus {
    /// Waiting in a queue (QUEUED, WAITING, INITIALIZING, NEEDS_APPROVAL).
    Queued,
    /// BUILDING.
    Building,
    /// DEPLOYING.
    Deploying,
    /// SUCCESS (also SLEEPING: a successful deployment that idles).
    Success,
    /// FAILED.
    Failed,
    /// CRASHED.
    Crashed,
    /// REMOVED, REMOVING or SKIPPED: replaced or cancelled.
    Removed,
    /// A value tri does not know.
    Other(String),
}

impl DeployStatus {
    /// From Railway's DeploymentStatus name. Pure.
    pub fn from_railway(s: &str) -> DeployStatus {
        match s {
            "QUEUED" | "WAITING" | "INITIALIZING" | "NEEDS_APPROVAL" => DeployStatus::Queued,
            "BUILDING" => DeployStatus::Building,
            "DEPLOYING" => DeployStatus::Deploying,
            "SUCCESS" | "SLEEPING" => DeployStatus::Success,
            "FAILED" => DeployStatus::Failed,
            "CRASHED" => DeployStatus::Crashed,
            "REMOVED" | "REMOVING" | "SKIPPED" => DeployStatus::Removed,
            other => DeployStatus::Other(other.to_string()),
        }
    }

    /// Whether the deployment has ended (success or not).
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            DeployStatus::Success
                | DeployStatus::Failed
                | DeployStatus::Crashed
                | DeployStatus::Removed
        )
    }

    /// Whether it ended well.
    pub fn is_success(&self) -> bool {
        matches!(self, DeployStatus::Success)
    }

    /// The display name (Railway's, upper case).
    pub fn name(&self) -> String {
        match self {
            DeployStatus::Other(s) => s.clone(),
            s => serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        }
    }
}

/// A sandbox provider: everything the sandbox commands ask of Railway (or of a fake).
/// Every call names the farm account whose credentials to use.
pub trait SandboxProvider {
    /// Whether the environment holds credentials for `account_id`.
    fn has_credentials(&self, account_id: u32) -> bool;
    /// Creates a service.
    fn create<'a>(&'a self, req: &'a CreateRequest) -> BoxFut<'a, Service>;
    /// Starts a deployment of `service_id`; returns the deployment id.
    fn deploy<'a>(&'a self, account_id: u32, service_id: &'a str) -> BoxFut<'a, String>;
    /// The newest deployment of `service_id` in the environment of `account_id` (Railway's
    /// `deployments(first: 1, input: {serviceId, environmentId})`, newest first), or `None`
    /// when it has none.
    fn latest_deployment<'a>(
        &'a self,
        account_id: u32,
        service_id: &'a str,
    ) -> BoxFut<'a, Option<Deployment>>;
    /// The status of `deployment_id`.
    fn status<'a>(&'a self, account_id: u32, deployment_id: &'a str) -> BoxFut<'a, DeployStatus>;
    /// Up to `limit` lines of `kind` logs of `deployment_id`, oldest first.
    fn logs<'a>(
        &'a self,
        account_id: u32,
        deployment_id: &'a str,
        kind: LogKind,
        limit: u32,
    ) -> BoxFut<'a, Vec<LogLine>>;
    /// Deletes `service_id`.
    fn destroy<'a>(&'a self, account_id: u32, service_id: &'a str) -> BoxFut<'a, ()>;
    /// Every service in the project of `account_id` (all pages), with its latest deployment.
    fn list_services<'a>(&'a self, account_id: u32) -> BoxFut<'a, Vec<RemoteService>>;
    /// The variables of `service_id` in the environment of `account_id`.
    fn service_vars<'a>(
        &'a self,
        account_id: u32,
        service_id: &'a str,
    ) -> BoxFut<'a, std::collections::BTreeMap<String, String>>;
    /// The public address of `deployment_id` (Railway's `staticUrl`, else `url`): a host
    /// name, or a URL; `None` when the service has no public domain.
    fn public_url<'a>(
        &'a self,
        account_id: u32,
        deployment_id: &'a str,
    ) -> BoxFut<'a, Option<String>>;
    /// Gives `service_id` a generated public domain (Railway's `serviceDomainCreate`);
    /// returns it.
    fn create_domain<'a>(&'a self, account_id: u32, service_id: &'a str) -> BoxFut<'a, String>;
    /// Sets the health-check path of `service_id` in the account's environment (Railway's
    /// `serviceInstanceUpdate`): Railway then reports SUCCESS only once it answers 200.
    fn set_healthcheck_path<'a>(
        &'a self,
        account_id: u32,
        service_id: &'a str,
        path: &'a str,
    ) -> BoxFut<'a, ()>;
    /// The farm accounts (1..8) whose credentials are in the environment, ascending.
    fn accounts_with_credentials(&self) -> Vec<u32> {
        (1..=crate::farm::MAX_ACCOUNT)
            .filter(|&a| self.has_credentials(a))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn railway_statuses() {
        assert_eq!(DeployStatus::from_railway("SUCCESS"), DeployStatus::Success);
        assert!(DeployStatus::from_railway("CRASHED").is_terminal());
        assert!(!DeployStatus::from_railway("BUILDING").is_terminal());
        assert_eq!(DeployStatus::from_railway("NEW").name(), "NEW");
        assert_eq!(DeployStatus::Building.name(), "BUILDING");
    }
}
