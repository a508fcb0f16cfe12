//! Test support for the Railway and sandbox tests:
//! - a Railway GraphQL stand-in (wiremock) that validates every request against Railway's
//!   schema (the vendored `src/railway/gql/schema.json`, turned into SDL and checked with
//!   apollo-compiler: the document, and the variables coerced to the operation's types),
//!   then answers like Railway. It is stateful: services (name, project, environment,
//!   creation time, variables, deployments and when each was made) live in the stand-in — in the test process —
//!   across every `tri` process it serves, so fresh checkouts (fresh temp dirs) share only
//!   Railway, as runners do; a deleted service is gone for everyone. Faults: a
//!   `serviceCreate` carried out whose answer is lost (HTTP 502), a slow deploy, a refused
//!   token;
//! - a GitHub stand-in that records comments, and one that keeps them and lists them back;
//! - a linked workspace and a `tri` command with a clean environment.
#![allow(dead_code)]

use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

// ---------- schema ----------

fn type_ref(t: &Value) -> String {
    match t["kind"].as_str().unwrap() {
        "NON_NULL" => format!("{}!", type_ref(&t["ofType"])),
        "LIST" => format!("[{}]", type_ref(&t["ofType"])),
        _ => t["name"].as_str().unwrap().to_string(),
    }
}

fn input_value(v: &Value) -> String {
    let mut s = format!("{}: {}", v["name"].as_str().unwrap(), type_ref(&v["type"]));
    if let Some(d) = v["defaultValue"].as_str() {
        s.push_str(&format!(" = {d}"));
    }
    s
}

/// Railway's introspection result as SDL (descriptions and deprecations left out).
pub fn introspection_to_sdl(intro: &Value) -> String {
    let s = &intro["data"]["__schema"];
    let mut out = String::new();
    let root = |k: &str| s[k]["name"].as_str().map(str::to_string);
    out.push_str("schema {\n");
    for (k, op) in [
        ("queryType", "query"),
        ("mutationType", "mutation"),
        ("subscriptionType", "subscription"),
    ] {
        if let Some(n) = root(k) {
            out.push_str(&format!("  {op}: {n}\n"));
        }
    }
    out.push_str("}\n\n");
    const BUILTIN: [&str; 5] = ["String", "Int", "Float", "Boolean", "ID"];
    for t in s["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__") || BUILTIN.contains(&name) {
            continue;
        }
        let ifaces = t["interfaces"]
            .as_array()
            .filter(|a| !a.is_empty())
            .map(|a| {
                format!(
                    " implements {}",
                    a.iter()
                        .map(|i| i["name"].as_str().unwrap())
                        .collect::<Vec<_>>()
                        .join(" & ")
                )
            })
            .unwrap_or_default();
        let fields = |key: &str| -> String {
            t[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    let args = f["args"]
                        .as_array()
                        .filter(|a| !a.is_empty())
                        .map(|a| {
                            format!(
                                "({})",
                                a.iter().map(input_value).collect::<Vec<_>>().join(", ")
                            )
                        })
                        .unwrap_or_default();
                    if key == "inputFields" {
                        format!("  {}\n", input_value(f))
                    } else {
                        format!(
                            "  {}{args}: {}\n",
                            f["name"].as_str().unwrap(),
                            type_ref(&f["type"])
                        )
                    }
                })
                .collect()
        };
        match t["kind"].as_str().unwrap() {
            "SCALAR" => out.push_str(&format!("scalar {name}\n\n")),
            "OBJECT" => out.push_str(&format!(
                "type {name}{ifaces} {{\n{}}}\n\n",
                fields("fields")
            )),
            "INTERFACE" => out.push_str(&format!(
                "interface {name}{ifaces} {{\n{}}}\n\n",
                fields("fields")
            )),
            "UNION" => out.push_str(&format!(
                "union {name} = {}\n\n",
                t["possibleTypes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["name"].as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(" | ")
            )),
            "ENUM" => out.push_str(&format!(
                "enum {name} {{\n{}}}\n\n",
                t["enumValues"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| format!("  {}\n", v["name"].as_str().unwrap()))
                    .collect::<String>()
            )),
            "INPUT_OBJECT" => {
                out.push_str(&format!("input {name} {{\n{}}}\n\n", fields("inputFields")))
            }
            k => panic!("unknown kind {k}"),
        }
    }
    out
}

/// Railway's schema, parsed and validated once.
pub fn schema() -> &'static Valid<Schema> {
    static S: OnceLock<Valid<Schema>> = OnceLock::new();
    S.get_or_init(|| {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/railway/gql/schema.json");
        let intro: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        let sdl = introspection_to_sdl(&intro);
        Schema::parse_and_validate(sdl, "railway.graphql").unwrap_or_else(|e| panic!("{e}"))
    })
}

/// Validates a GraphQL request body (`{query, variables, operationName}`) against Railway's
/// schema: the document, the operation named, and the variables' values. Returns the
/// operation name.
pub fn validate(body: &Value) -> Result<String, String> {
    let query = body["query"].as_str().ok_or("no query")?;
    let doc = ExecutableDocument::parse_and_validate(schema(), query, "op.graphql")
        .map_err(|e| e.to_string())?;
    let name = body["operationName"].as_str();
    let op = doc.operations.get(name).map_err(|e| format!("{e:?}"))?;
    let vars = body.get("variables").cloned().unwrap_or(json!({}));
    let vars = if vars.is_null() { json!({}) } else { vars };
    let map: apollo_compiler::response::JsonMap =
        serde_json::from_value(vars).map_err(|e| e.to_string())?;
    apollo_compiler::request::coerce_variable_values(schema(), op, &map)
        .map_err(|e| format!("variables: {e:?}"))?;
    Ok(name.unwrap_or("").to_string())
}

// ---------- the Railway stand-in ----------

/// What the stand-in saw and how it behaves.
#[derive(Default)]
pub struct RailwayState {
    /// Every request body, in order.
    pub requests: Mutex<Vec<Value>>,
    /// Every request that broke the schema, with the reason.
    pub invalid: Mutex<Vec<String>>,
    /// Auth headers seen (`Bearer x` or `pat:x`).
    pub auth: Mutex<Vec<String>>,
    /// Statuses DeploymentStatus answers in turn (the last repeats).
    pub script: Mutex<Vec<String>>,
    status_calls: AtomicUsize,
    ids: AtomicUsize,
    /// When set, this token is refused with GraphQL "Not Authorized".
    pub refuse_token: Mutex<Option<String>>,
    /// Delay before answering `serviceInstanceDeployV2`, ms (a slow Railway).
    pub deploy_delay_ms: std::sync::atomic::AtomicU64,
    /// Every service ever created, deleted ones included (`deleted`).
    pub services: Mutex<Vec<StandService>>,
    /// How many coming `serviceCreate`s are carried out but answered with HTTP 502 (the
    /// answer lost on the way back).
    pub lose_create_answers: AtomicUsize,
    /// Delay before answering `serviceCreate` (made at once), ms: widens a race.
    pub create_delay_ms: std::sync::atomic::AtomicU64,
    /// How many coming `serviceDelete`s are carried out but answered with HTTP 502.
    pub lose_delete_answers: AtomicUsize,
    /// A fault point `(operation, after)`: the first request of `operation` that comes
    /// after a request of `after` (any, when empty) is carried out and its answer held until
    /// [`RailwayStandIn::release`] (at most 120 s), so the test can act — kill the process,
    /// make a local write fail — between Railway's work and tri's next step. Each
    /// MockServer runs on its own thread (wiremock), so holding blocks only this stand-in.
    pub hold: Mutex<Option<(String, String)>>,
    /// How many requests were held ([`RailwayState::hold`]).
    pub held: AtomicUsize,
    hold_armed: std::sync::atomic::AtomicBool,
    released: (Mutex<bool>, std::sync::Condvar),
    /// When set, a service made later gets an *older* `createdAt` (base minus n seconds), so
    /// id order and `createdAt` order disagree.
    pub created_at_backwards: std::sync::atomic::AtomicBool,
    /// When set, `environment.serviceInstances` lists services newest first (by `createdAt`),
    /// so "the first listed" is never "the oldest".
    pub list_newest_first: std::sync::atomic::AtomicBool,
    /// The `staticUrl` every deployment reports (e.g. `127.0.0.1:PORT` of a local https
    /// server); `None`: null, as for a service without a public domain. The domains
    /// `serviceDomainCreate` records are not served, so they are not reported here.
    pub static_url: Mutex<Option<String>>,
}

/// A service the stand-in holds.
#[derive(Debug, Clone)]
pub struct StandService {
    /// `svc-<n>`.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The project it was created in.
    pub project: String,
    /// The environment it was created in.
    pub environment: String,
    /// RFC 3339, strictly increasing in creation order.
    pub created_at: String,
    /// Its variables.
    pub vars: serde_json::Map<String, Value>,
    /// Its deployments, oldest first.
    pub deployments: Vec<String>,
    /// When each of `deployments` was made (RFC 3339, the test machine's clock, as
    /// Railway's `createdAt`), in the same order.
    pub deployed_at: Vec<String>,
    /// Deleted by serviceDelete.
    pub deleted: bool,
    /// Its generated domain (`serviceDomainCreate`).
    pub domain: Option<String>,
    /// Its health-check path (`serviceInstanceUpdate`).
    pub healthcheck_path: Option<String>,
}

fn gql_error(msg: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"data": null, "errors": [{"message": msg}]}))
}

struct RailwayResponder(Arc<RailwayState>);

impl Respond for RailwayResponder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let st = &self.0;
        let body: Value = match serde_json::from_slice(&req.body) {
            Ok(v) => v,
            Err(e) => {
                st.invalid.lock().unwrap().push(format!("not JSON: {e}"));
                return ResponseTemplate::new(400);
            }
        };
        st.requests.lock().unwrap().push(body.clone());
        let auth = req
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .or_else(|| {
                req.headers
                    .get("project-access-token")
                    .and_then(|v| v.to_str().ok())
                    .map(|v| format!("pat:{v}"))
            })
            .unwrap_or_default();
        st.auth.lock().unwrap().push(auth.clone());
        if let Some(bad) = st.refuse_token.lock().unwrap().as_ref() {
            if auth.ends_with(bad.as_str()) {
                return ResponseTemplate::new(200).set_body_json(
                    json!({"data": null, "errors": [{"message": "Not Authorized"}]}),
                );
            }
        }
        let op = match validate(&body) {
            Ok(op) => op,
            Err(e) => {
                st.invalid.lock().unwrap().push(e.clone());
                return ResponseTemplate::new(400)
                    .set_body_json(json!({"errors": [{"message": e}]}));
            }
        };
        let vars = &body["variables"];
        let n = st.ids.fetch_add(1, Ordering::SeqCst) + 1;
        let data = match op.as_str() {
            "ServiceCreate" => {
                let input_vars = vars["variables"].as_object().cloned().unwrap_or_default();
                let step = if st.created_at_backwards.load(Ordering::SeqCst) {
                    -(n as i64)
                } else {
                    n as i64
                };
                let created_at = (chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z")
                    .unwrap()
                    + chrono::Duration::seconds(step))
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
                let svc = StandService {
                    id: format!("svc-{n}"),
                    name: vars["name"].as_str().unwrap_or("").to_string(),
                    project: vars["projectId"].as_str().unwrap_or("").to_string(),
                    environment: vars["environmentId"].as_str().unwrap_or("").to_string(),
                    created_at: created_at.clone(),
                    vars: input_vars,
                    deployments: Vec::new(),
                    deployed_at: Vec::new(),
                    deleted: false,
                    domain: None,
                    healthcheck_path: None,
                };
                st.services.lock().unwrap().push(svc);
                let lose = st
                    .lose_create_answers
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |k| k.checked_sub(1))
                    .is_ok();
                if lose {
                    return ResponseTemplate::new(502).set_body_string("Bad Gateway");
                }
                json!({"serviceCreate": {"id": format!("svc-{n}"), "name": vars["name"], "createdAt": created_at}})
            }
            "ServiceInstanceDeploy" => {
                let mut svcs = st.services.lock().unwrap();
                let Some(s) = svcs
                    .iter_mut()
                    .find(|s| !s.deleted && s.id == vars["serviceId"].as_str().unwrap_or(""))
                else {
                    return gql_error("Service not found");
                };
                let dep = format!("dep-{n}");
                s.deployments.push(dep.clone());
                s.deployed_at
                    .push(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
                json!({"serviceInstanceDeployV2": dep})
            }
            "LatestDeployment" => {
                // Newest first, `first: 1`: the service's last deployment in the environment.
                let svcs = st.services.lock().unwrap();
                let edges: Vec<Value> = svcs
                    .iter()
                    .filter(|s| {
                        s.id == vars["serviceId"].as_str().unwrap_or("")
                            && s.environment == vars["environmentId"].as_str().unwrap_or("")
                    })
                    .filter_map(|s| Some((s.deployments.last()?, s.deployed_at.last()?)))
                    .map(|(id, at)| json!({"node": {"id": id, "createdAt": at}}))
                    .collect();
                json!({"deployments": {"edges": edges}})
            }
            "DeploymentStatus" => {
                let script = st.script.lock().unwrap();
                let i = st.status_calls.fetch_add(1, Ordering::SeqCst);
                let s = script
                    .get(i)
                    .or(script.last())
                    .cloned()
                    .unwrap_or_else(|| "SUCCESS".into());
                json!({"deployment": {"id": vars["id"], "status": s}})
            }
            "DeploymentLogs" => json!({"deploymentLogs": [
                {"timestamp": "2026-11-21T23:00:00Z", "message": "listening on :8080", "severity": "info"},
                {"timestamp": "2026-11-21T23:00:01Z", "message": "deploy log line 2", "severity": null}
            ]}),
            "BuildLogs" => json!({"buildLogs": [
                {"timestamp": "2026-11-21T22:59:00Z", "message": "npm ci", "severity": "info"},
                {"timestamp": "2026-11-21T22:59:30Z", "message": "error: build step failed", "severity": "error"}
            ]}),
            "ServiceDelete" => {
                let mut svcs = st.services.lock().unwrap();
                let Some(s) = svcs
                    .iter_mut()
                    .find(|s| !s.deleted && s.id == vars["serviceId"].as_str().unwrap_or(""))
                else {
                    return gql_error("Service not found");
                };
                s.deleted = true;
                let lose = st
                    .lose_delete_answers
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |k| k.checked_sub(1))
                    .is_ok();
                if lose {
                    return ResponseTemplate::new(502).set_body_string("Bad Gateway");
                }
                json!({"serviceDelete": true})
            }
            "EnvironmentServices" => {
                let env = vars["id"].as_str().unwrap_or("");
                let mut svcs = st.services.lock().unwrap().clone();
                if st.list_newest_first.load(Ordering::SeqCst) {
                    svcs.sort_by(|a, b| b.created_at.cmp(&a.created_at));
                }
                let edges: Vec<Value> = svcs
                    .iter()
                    .filter(|s| !s.deleted && s.environment == env)
                    .map(|s| {
                        json!({"node": {
                            "service": {"id": s.id, "name": s.name, "createdAt": s.created_at},
                            "latestDeployment": s.deployments.last().map(|d| json!({"id": d, "status": "SUCCESS"})),
                        }})
                    })
                    .collect();
                json!({"environment": {"serviceInstances": {"edges": edges,
                    "pageInfo": {"hasNextPage": false, "endCursor": null}}}})
            }
            "DeploymentUrl" => {
                json!({"deployment": {"id": vars["id"],
                    "staticUrl": st.static_url.lock().unwrap().clone(), "url": null}})
            }
            "ServiceDomainCreate" => {
                let mut svcs = st.services.lock().unwrap();
                let Some(s) = svcs
                    .iter_mut()
                    .find(|s| !s.deleted && s.id == vars["serviceId"].as_str().unwrap_or(""))
                else {
                    return gql_error("Service not found");
                };
                let domain = format!("{}-production.up.railway.app", s.name);
                s.domain = Some(domain.clone());
                json!({"serviceDomainCreate": {"id": format!("dom-{n}"), "domain": domain}})
            }
            "ServiceInstanceUpdate" => {
                let mut svcs = st.services.lock().unwrap();
                let Some(s) = svcs
                    .iter_mut()
                    .find(|s| !s.deleted && s.id == vars["serviceId"].as_str().unwrap_or(""))
                else {
                    return gql_error("Service not found");
                };
                s.healthcheck_path = vars["healthcheckPath"].as_str().map(str::to_string);
                json!({"serviceInstanceUpdate": true})
            }
            "ServiceVariables" => {
                let svcs = st.services.lock().unwrap();
                let Some(s) = svcs
                    .iter()
                    .find(|s| !s.deleted && s.id == vars["serviceId"].as_str().unwrap_or(""))
                else {
                    return gql_error("Service not found");
                };
                json!({"variables": s.vars})
            }
            other => {
                st.invalid
                    .lock()
                    .unwrap()
                    .push(format!("unexpected operation {other}"));
                return ResponseTemplate::new(400);
            }
        };
        let hold = st.hold.lock().unwrap().clone();
        if let Some((hold_op, after)) = hold {
            if op == after {
                st.hold_armed.store(true, Ordering::SeqCst);
            }
            let armed = after.is_empty() || st.hold_armed.load(Ordering::SeqCst);
            if op == hold_op && armed && st.held.load(Ordering::SeqCst) == 0 {
                st.held.fetch_add(1, Ordering::SeqCst);
                let (lock, cv) = &st.released;
                let released = lock.lock().unwrap();
                let _ = cv
                    .wait_timeout_while(released, std::time::Duration::from_secs(120), |r| !*r)
                    .unwrap();
            }
        }
        let delay = match op.as_str() {
            "ServiceInstanceDeploy" => st.deploy_delay_ms.load(Ordering::SeqCst),
            "ServiceCreate" => st.create_delay_ms.load(Ordering::SeqCst),
            _ => 0,
        };
        ResponseTemplate::new(200)
            .set_body_json(json!({ "data": data }))
            .set_delay(std::time::Duration::from_millis(delay))
    }
}

/// A running Railway stand-in.
pub struct RailwayStandIn {
    /// The server (its uri + `/graphql/v2` is the endpoint).
    pub server: MockServer,
    /// What it saw.
    pub state: Arc<RailwayState>,
}

impl RailwayStandIn {
    /// Starts one whose deployments report `script` in turn.
    pub async fn start(script: &[&str]) -> RailwayStandIn {
        let server = MockServer::start().await;
        let state = Arc::new(RailwayState::default());
        *state.script.lock().unwrap() = script.iter().map(|s| s.to_string()).collect();
        Mock::given(method("POST"))
            .and(path("/graphql/v2"))
            .respond_with(RailwayResponder(state.clone()))
            .mount(&server)
            .await;
        RailwayStandIn { server, state }
    }

    /// Sets the fault point [`RailwayState::hold`]: the first request of `op` after one of
    /// `after` (any: empty) is carried out and its answer held until [`Self::release`].
    pub fn hold(&self, op: &str, after: &str) {
        *self.state.hold.lock().unwrap() = Some((op.to_string(), after.to_string()));
    }

    /// Lets a held answer go (to a killed process: nowhere).
    pub fn release(&self) {
        let (lock, cv) = &self.state.released;
        *lock.lock().unwrap() = true;
        cv.notify_all();
    }

    /// How many requests the stand-in holds ([`RailwayStandIn::hold`]).
    pub fn held(&self) -> usize {
        self.state.held.load(Ordering::SeqCst)
    }

    /// The endpoint for `TRI_RAILWAY_API_URL`.
    pub fn url(&self) -> String {
        format!("{}/graphql/v2", self.server.uri())
    }

    /// Operation names received, in order.
    pub fn ops(&self) -> Vec<String> {
        self.state
            .requests
            .lock()
            .unwrap()
            .iter()
            .map(|b| b["operationName"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// Requests that broke the schema.
    pub fn invalid(&self) -> Vec<String> {
        self.state.invalid.lock().unwrap().clone()
    }

    /// The live services (not deleted), in creation order.
    pub fn live(&self) -> Vec<StandService> {
        self.state
            .services
            .lock()
            .unwrap()
            .iter()
            .filter(|s| !s.deleted)
            .cloned()
            .collect()
    }

    /// Adds a live service as if made elsewhere (e.g. trinity's `agent-<N>`, no variables).
    pub fn seed(&self, name: &str, environment: &str, vars: Value) -> String {
        let n = self.state.ids.fetch_add(1, Ordering::SeqCst) + 1;
        let id = format!("svc-{n}");
        self.state.services.lock().unwrap().push(StandService {
            id: id.clone(),
            name: name.into(),
            project: String::new(),
            environment: environment.into(),
            created_at: format!("2026-12-01T00:00:{:02}.000Z", n % 60),
            vars: vars.as_object().cloned().unwrap_or_default(),
            deployments: Vec::new(),
            deployed_at: Vec::new(),
            deleted: false,
            domain: None,
            healthcheck_path: None,
        });
        id
    }
}

// ---------- GitHub ----------

/// A GitHub stand-in that accepts comments on any issue of any repository and lists none,
/// and says every issue is open (`GET /repos/{o}/{r}/issues/{n}`, at the lowest priority:
/// a test's own mock of an issue wins).
pub async fn github() -> MockServer {
    let gh = MockServer::start().await;
    let n = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path_regex(r"^/repos/[^/]+/[^/]+/issues/\d+/comments$"))
        .respond_with(move |req: &Request| {
            let i = n.fetch_add(1, Ordering::SeqCst) + 1;
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            ResponseTemplate::new(201).set_body_json(json!({
                "id": i,
                "html_url": format!("https://github.com/octo/demo/issues/42#issuecomment-{i}"),
                "body": body["body"],
            }))
        })
        .mount(&gh)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/repos/[^/]+/[^/]+/issues/\d+/comments$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&gh)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/repos/[^/]+/[^/]+/issues/\d+$"))
        .respond_with(|req: &Request| {
            let n: u64 = req.url.path().rsplit('/').next().unwrap().parse().unwrap();
            ResponseTemplate::new(200)
                .set_body_json(json!({"number": n, "title": format!("Issue {n}"), "state": "open"}))
        })
        .with_priority(u8::MAX)
        .mount(&gh)
        .await;
    gh
}

/// A GitHub stand-in that keeps the comments posted to any issue and lists them back
/// (`GET …/issues/N/comments`, one page, oldest first; `since` is not applied, so a reader
/// gets at least what GitHub would give it). Every comment is listed as written by
/// [`KeptComments::author`]: a collaborator (`octo`, `OWNER`) until a test makes them a
/// stranger's copies.
pub struct KeptComments {
    /// The server.
    pub server: MockServer,
    /// The login and `author_association` every comment is listed with.
    pub author: Arc<Mutex<(String, String)>>,
}

/// Starts a [`KeptComments`] stand-in.
pub async fn github_keeping_comments() -> KeptComments {
    let server = MockServer::start().await;
    let author = Arc::new(Mutex::new(("octo".to_string(), "OWNER".to_string())));
    let kept: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let k = kept.clone();
    Mock::given(method("POST"))
        .and(path_regex(r"^/repos/[^/]+/[^/]+/issues/\d+/comments$"))
        .respond_with(move |req: &Request| {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            let text = body["body"].as_str().unwrap_or("").to_string();
            let mut kept = k.lock().unwrap();
            kept.push((req.url.path().to_string(), text.clone()));
            let i = kept.len();
            ResponseTemplate::new(201).set_body_json(json!({
                "id": i,
                "html_url": format!("https://github.com/octo/demo/issues/42#issuecomment-{i}"),
                "body": text,
            }))
        })
        .mount(&server)
        .await;
    let who = author.clone();
    Mock::given(method("GET"))
        .and(path_regex(r"^/repos/[^/]+/[^/]+/issues/\d+/comments$"))
        .respond_with(move |req: &Request| {
            let (login, association) = who.lock().unwrap().clone();
            let list: Vec<Value> = kept
                .lock()
                .unwrap()
                .iter()
                .enumerate()
                .filter(|(_, (p, _))| p == req.url.path())
                .map(|(i, (_, body))| {
                    json!({"id": i + 1, "body": body,
                           "html_url": format!("https://github.com/octo/demo/issues/42#issuecomment-{}", i + 1),
                           "created_at": "2026-12-01T00:00:00Z", "updated_at": "2026-12-01T00:00:00Z",
                           "user": {"login": login}, "author_association": association})
                })
                .collect();
            ResponseTemplate::new(200).set_body_json(list)
        })
        .mount(&server)
        .await;
    KeptComments { server, author }
}

/// The comment bodies GitHub received (POSTs to `…/comments` only).
pub async fn comment_bodies(gh: &MockServer) -> Vec<String> {
    gh.received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == "POST" && r.url.path().ends_with("/comments"))
        .map(|r| {
            let v: Value = serde_json::from_slice(&r.body).unwrap();
            v["body"].as_str().unwrap_or("").to_string()
        })
        .collect()
}

/// The event types in `<!-- tri:event id=... type=T -->` markers of `bodies`.
pub fn event_types(bodies: &[String]) -> Vec<String> {
    bodies
        .iter()
        .filter_map(|b| {
            let i = b.find("type=")?;
            let rest = &b[i + 5..];
            Some(rest[..rest.find(' ')?].to_string())
        })
        .collect()
}

// ---------- workspace ----------

/// trinity's farm file, with extra fields at every level, a duplicate issue and
/// non-numeric issues.
pub fn trinity_farm() -> Value {
    json!({
        "version": 3,
        "generated_by": {"tool": "trinity", "rev": "abc123"},
        "accounts": [
            {"account_id": 1, "alias": "primary", "daily_creates": 12, "active_services": 26,
             "daily_reset_epoch": 1773792000, "region": "us-west2", "tags": ["a", "b"]},
            {"account_id": 2, "alias": "second", "daily_creates": 0, "active_services": 3,
             "daily_reset_epoch": 1773792000, "billing": {"plan": "pro", "cap_usd": 50.5}}
        ],
        "agent_map": [
            {"issue": 505, "account_id": 2, "service_id": "svc-old-505", "status": "ACTIVE",
             "note": "first", "meta": {"k": [1, 2, {"deep": true}]}},
            {"issue": 505, "account_id": 1, "service_id": "svc-older-505", "status": "STOPPED",
             "note": "dup"},
            {"issue": "pending", "account_id": 1, "owner": "someone"},
            {"issue": "77", "account_id": 2, "service_id": "svc-77", "custom": null},
            {"issue": null, "weird": 1.5}
        ],
        "trailer": {"checksum": "deadbeef"}
    })
}

/// A temporary workspace linked to octo/demo#`issue`, with `farm` as its farm file.
pub fn linked_workspace(issue: u64, farm: Option<&Value>) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join(".trinity");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("current_issue.json"),
        serde_json::to_vec_pretty(&json!({
            "schema_version": 1, "issue": issue, "repo": "octo/demo",
            "session_id": "0192b3c4-0000-7000-8000-000000000001",
            "linked_at": "2026-11-21T22:00:00.000Z", "steps": 0
        }))
        .unwrap(),
    )
    .unwrap();
    if let Some(f) = farm {
        std::fs::write(
            dir.join("railway_farm.json"),
            serde_json::to_vec_pretty(f).unwrap(),
        )
        .unwrap();
    }
    t
}

/// The farm file of the workspace at `root`.
pub fn read_farm(root: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(root.join(".trinity/railway_farm.json")).unwrap())
        .unwrap()
}

/// The entry of `issue` in a farm file (as [`read_farm`] reads it); panics naming the file's
/// entries when there is none.
pub fn farm_entry(farm: &Value, issue: u64) -> Value {
    farm["agent_map"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["issue"] == issue))
        .cloned()
        .unwrap_or_else(|| panic!("no entry of issue {issue}: {farm}"))
}

/// Files under `dir` (recursively none: one level), sorted.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// `tri` in `dir` with a clean environment (PATH only), publishing pacing off.
pub fn tri(dir: &Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(std_tri(dir))
}

/// [`tri`] as a `std::process::Command` (to run several at once).
pub fn std_tri(dir: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("tri"));
    c.current_dir(dir).env_clear();
    if let Ok(p) = std::env::var("PATH") {
        c.env("PATH", p);
    }
    c.env("HOME", dir.join(".home"))
        .env("XDG_CONFIG_HOME", dir.join(".home/.config"))
        .env("TRI_PUBLISH_INTERVAL_MS", "0")
        .env("TRI_PUBLISH_MAX_WAIT_S", "0")
        .env("TRI_SANDBOX_POLL_MS", "10");
    c
}

/// Whether `a` holds everything `b` holds (objects: every key of `b`, recursively; arrays
/// and scalars: equal).
pub fn contains_all(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => y
            .iter()
            .all(|(k, v)| x.get(k).is_some_and(|xv| contains_all(xv, v))),
        (Value::Array(x), Value::Array(y)) => {
            x.len() >= y.len() && y.iter().zip(x).all(|(yv, xv)| contains_all(xv, yv))
        }
        _ => a == b,
    }
}

/// Whether `a` has every field `b` has, at every level (values of known counters may
/// differ); arrays are compared element by element over `b`'s length.
pub fn has_every_field(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => y
            .iter()
            .all(|(k, v)| x.get(k).is_some_and(|xv| has_every_field(xv, v))),
        (Value::Array(x), Value::Array(y)) => {
            x.len() >= y.len() && y.iter().zip(x).all(|(yv, xv)| has_every_field(xv, yv))
        }
        (_, Value::Object(_)) | (_, Value::Array(_)) => false,
        _ => true,
    }
}

/// The fields tri does not know in [`trinity_farm`] have their values unchanged in `a`.
pub fn unknown_fields_unchanged(a: &Value) -> bool {
    let t = trinity_farm();
    a["version"] == t["version"]
        && a["generated_by"] == t["generated_by"]
        && a["trailer"] == t["trailer"]
        && a["accounts"][0]["region"] == t["accounts"][0]["region"]
        && a["accounts"][0]["tags"] == t["accounts"][0]["tags"]
        && a["accounts"][1]["billing"] == t["accounts"][1]["billing"]
        && a["agent_map"][0]["note"] == t["agent_map"][0]["note"]
        && a["agent_map"][0]["meta"] == t["agent_map"][0]["meta"]
        && a["agent_map"][1] == t["agent_map"][1]
        && a["agent_map"][2] == t["agent_map"][2]
        && a["agent_map"][3] == t["agent_map"][3]
        && a["agent_map"][4] == t["agent_map"][4]
}

// ---------- many machines ----------

/// One Railway and one GitHub shared by many fresh checkouts (temp dirs), as CI runners
/// share them; nothing else is shared.
pub struct Farmland {
    /// The runtime the stand-ins run on.
    pub rt: tokio::runtime::Runtime,
    /// Railway.
    pub railway: RailwayStandIn,
    /// GitHub.
    pub gh: MockServer,
}

impl Farmland {
    /// Starts both stand-ins; deployments succeed at once.
    pub fn start() -> Farmland {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let railway = rt.block_on(RailwayStandIn::start(&["SUCCESS"]));
        let gh = rt.block_on(github());
        Farmland { rt, railway, gh }
    }

    /// A fresh checkout: an empty directory.
    pub fn checkout(&self) -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    /// `tri` in `dir` with farm account 1's credentials and a GitHub token.
    pub fn tri(&self, dir: &Path) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_tri(dir))
    }

    /// The same as [`Farmland::tri`], as a `std::process::Command` (to run several at once).
    pub fn std_tri(&self, dir: &Path) -> std::process::Command {
        let mut c = std_tri(dir);
        c.env("TRI_RAILWAY_API_URL", self.railway.url())
            .env("RAILWAY_API_TOKEN", "rw-token-1")
            .env("RAILWAY_PROJECT_ID", "proj-1")
            .env("RAILWAY_ENVIRONMENT_ID", "env-1")
            .env("GH_TOKEN", "ghp_manymachines")
            .env("GITHUB_API_URL", self.gh.uri())
            .env("TRI_GATE_DIR", dir.join(".gate"));
        c
    }

    /// `tri agent on-issue-event` in `dir` for `payload` (written to `dir/event.json`).
    pub fn on_event(&self, dir: &Path, payload: &Value) -> assert_cmd::assert::Assert {
        let p = dir.join("event.json");
        std::fs::write(&p, serde_json::to_vec(payload).unwrap()).unwrap();
        self.tri(dir)
            .env("GITHUB_EVENT_NAME", "issues")
            .env("GITHUB_EVENT_PATH", &p)
            .args(["agent", "on-issue-event", "--timeout", "30s"])
            .assert()
    }

    /// A minimal `issues` payload, sent by the issue's author, the repository's owner
    /// (`author_association` OWNER: trusted to start a sandbox without asking GitHub).
    pub fn payload(repo: &str, issue: u64, action: &str) -> Value {
        json!({"action": action, "issue": {"number": issue, "state": "open",
                 "user": {"login": "owner"}, "author_association": "OWNER"},
               "repository": {"full_name": repo}, "sender": {"login": "owner"}})
    }

    /// The live services recording `repo`'s issue `issue` (TRI_REPO, TRI_ISSUE).
    pub fn live_for(&self, repo: &str, issue: u64) -> Vec<StandService> {
        self.railway
            .live()
            .into_iter()
            .filter(|s| {
                s.vars.get("TRI_REPO").and_then(Value::as_str) == Some(repo)
                    && s.vars.get("TRI_ISSUE").and_then(Value::as_str)
                        == Some(issue.to_string().as_str())
            })
            .collect()
    }

    /// The event types of the comments posted on `repo`'s issue `issue`.
    pub fn events_on(&self, repo: &str, issue: u64) -> Vec<String> {
        let want = format!("/repos/{repo}/issues/{issue}/comments");
        let bodies: Vec<String> = self
            .rt
            .block_on(self.gh.received_requests())
            .unwrap_or_default()
            .iter()
            .filter(|r| r.method.as_str() == "POST" && r.url.path() == want)
            .map(|r| {
                let v: Value = serde_json::from_slice(&r.body).unwrap();
                v["body"].as_str().unwrap_or("").to_string()
            })
            .collect();
        event_types(&bodies)
    }
}

/// The text of an assertion's stdout and stderr.
pub fn out_err(a: &assert_cmd::assert::Assert) -> (String, String) {
    let o = a.get_output();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Waits (polling every 10 ms) until `cond` holds; fails the test after 60 s, naming `what`.
/// The cap only ends a hung run (a hang guard, not a timed assertion): how long the condition
/// takes changes nothing.
pub fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let t0 = std::time::Instant::now();
    while !cond() {
        assert!(
            t0.elapsed() < std::time::Duration::from_secs(60),
            "never: {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
