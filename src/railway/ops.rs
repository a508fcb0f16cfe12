//! The GraphQL operations tri sends, each checked against Railway's schema at compile time
//! (`graphql_client` derives over `gql/schema.json` and the `gql/*.graphql` files).
//! The generated modules (`service_create::Variables`, `...::ResponseData`) are the
//! request and answer shapes.
#![allow(missing_docs)] // generated code

use graphql_client::GraphQLQuery;

/// `serviceCreate(input: {name, projectId, environmentId, source, branch}) { id name }`.
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
