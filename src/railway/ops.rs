//! The GraphQL operations tri sends, each checked against Railway's schema at compile time
//! (`graphql_client` derives over `gql/schema.json` and the `gql/*.graphql` files).
//! The generated modules (`service_create::Variables`, `...::ResponseData`) are the
//! request and answer shapes.
#![allow(missing_docs)] // generated code

use graphql_client::GraphQLQuery;

/// Railway's `DateTime` scalar: an RFC 3339 string.
pub type DateTime = String;
/// Railway's `EnvironmentVariables` scalar: a JSON object of variable names to values.
pub type EnvironmentVariables = std::collections::BTreeMap<String, serde_json::Value>;

/// `serviceCreate(input: {name, projectId, environmentId, source, branch, variables})
/// { id name createdAt }`.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/ServiceCreate.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct ServiceCreate;

/// `serviceInstanceDeployV2(environmentId, serviceId)`: the new deployment's id.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/ServiceInstanceDeploy.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct ServiceInstanceDeploy;

/// `deployments(first: 1, input: {serviceId, environmentId}) { edges { node { id createdAt
/// } } }`: a service's newest deployment (Railway lists newest first).
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/LatestDeployment.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct LatestDeployment;

/// `serviceDelete(environmentId, id)`.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/ServiceDelete.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct ServiceDelete;

/// `deployment(id) { id status }`.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/DeploymentStatus.graphql",
    response_derives = "Debug, Clone, PartialEq",
    variables_derives = "Debug, Clone"
)]
pub struct DeploymentStatus;

/// `deploymentLogs(deploymentId, limit) { timestamp message severity }`.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/DeploymentLogs.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct DeploymentLogs;

/// `buildLogs(deploymentId, limit) { timestamp message severity }`.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/BuildLogs.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct BuildLogs;

/// `environment(id, projectId) { serviceInstances(first: 100, after) { edges { node {
/// service { id name createdAt } latestDeployment { id status } } } pageInfo } }`: the
/// environment's services, a page at a time.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/EnvironmentServices.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct EnvironmentServices;

/// `variables(projectId, environmentId, serviceId, unrendered: true)`: a service's variables.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/ServiceVariables.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct ServiceVariables;

/// `deployment(id) { id staticUrl url }`: a deployment's public address, if it has one.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/DeploymentUrl.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct DeploymentUrl;

/// `serviceDomainCreate(input: {environmentId, serviceId}) { id domain }`: a generated
/// public domain for a service.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/ServiceDomainCreate.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct ServiceDomainCreate;

/// `serviceInstanceUpdate(environmentId, serviceId, input: {healthcheckPath})`.
#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "src/railway/gql/schema.json",
    query_path = "src/railway/gql/ServiceInstanceUpdate.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct ServiceInstanceUpdate;
