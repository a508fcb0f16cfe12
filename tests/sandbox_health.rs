//! Issue 23 items 1 and 4 and issue 19 item 4, through the `tri` binary against the stateful
//! Railway stand-in (every request checked against Railway's schema):
//! - deploy health: deployments whose `staticUrl` is a local https server (its certificate
//!   from a CA made here, given to tri through SSL_CERT_FILE) answering 503, then 200;
//! - the health time-out bounds the whole probe: a service that completes TLS and never
//!   answers, or trickles its answer, fails the deploy at the time-out, not at the HTTP
//!   client's request time-out;
//! - the crash-loop breaker: three failed deploys, the fourth refused (exit 6) without a
//!   Railway call or an event; `--force` deploys; a fresh checkout counts the failures
//!   recorded on the issue by another (a stranger's copies do not count);
//! - Railway confirms before tri acts: a farm mapping naming another repository's service is
//!   never destroyed; one with no (or the wrong) account id is found on the right account.

#[path = "common/netfix.rs"]
mod netfix;
mod railway_standin;

use netfix::{silent_server, tls_front, trickle_server, Pki};
use railway_standin::github_keeping_comments;
use railway_standin::{comment_bodies, event_types, github, linked_workspace, read_farm, tri};
use railway_standin::{out_err, RailwayStandIn};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

struct World {
    rt: tokio::runtime::Runtime,
    railway: RailwayStandIn,
    gh: MockServer,
    ws: tempfile::TempDir,
}

fn world(script: &[&str], farm: Option<&Value>) -> World {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let railway = rt.block_on(RailwayStandIn::start(script));
    let gh = rt.block_on(github());
    let ws = linked_workspace(42, farm);
    World {
        rt,
        railway,
        gh,
        ws,
    }
}

impl World {
    fn tri(&self) -> assert_cmd::Command {
        let mut c = tri(self.ws.path());
        c.env("TRI_RAILWAY_API_URL", self.railway.url())
            .env("RAILWAY_API_TOKEN", "rw-token-1")
            .env("RAILWAY_PROJECT_ID", "proj-1")
            .env("RAILWAY_ENVIRONMENT_ID", "env-1")
            .env("RAILWAY_API_TOKEN_2", "rw-token-2")
            .env("RAILWAY_PROJECT_ID_2", "proj-2")
            .env("RAILWAY_ENVIRONMENT_ID_2", "env-2")
            .env("GH_TOKEN", "ghp_healthtoken")
            .env("GITHUB_API_URL", self.gh.uri())
            .env("TRI_HEALTH_INTERVAL_MS", "20")
            .env("TRI_GATE_DIR", self.ws.path().join(".gate"));
        c
    }

    fn sandbox(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.tri().arg("agent").arg("sandbox").args(args).assert()
    }

    fn bodies(&self) -> Vec<String> {
        self.rt.block_on(comment_bodies(&self.gh))
    }

    fn count(&self, op: &str) -> usize {
        self.railway.ops().iter().filter(|o| *o == op).count()
    }
}

/// GitHub's deployments on the stand-in: `POST …/deployments` answers ids 1, 2, …;
/// statuses are accepted.
fn github_deployments(w: &World) {
    let n = Arc::new(AtomicU64::new(0));
    w.rt.block_on(
        Mock::given(method("POST"))
            .and(path("/repos/octo/demo/deployments"))
            .respond_with(move |_: &Request| {
                let id = n.fetch_add(1, Ordering::SeqCst) + 1;
                ResponseTemplate::new(201).set_body_json(json!({"id": id}))
            })
            .mount(&w.gh),
    );
    accept_statuses(w);
}

/// Deployment statuses: every one accepted.
fn accept_statuses(w: &World) {
    w.rt.block_on(
        Mock::given(method("POST"))
            .and(path_regex(r"^/repos/octo/demo/deployments/\d+/statuses$"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 99})))
            .mount(&w.gh),
    );
}

/// The deployments created on GitHub (their request bodies) and every status sent, as
/// (deployment id, body), in order.
fn deployments_seen(w: &World) -> (Vec<Value>, Vec<(u64, Value)>) {
    let reqs = w.rt.block_on(w.gh.received_requests()).unwrap_or_default();
    let mut made = Vec::new();
    let mut statuses = Vec::new();
    for r in reqs.iter().filter(|r| r.method.as_str() == "POST") {
        let body: Value = serde_json::from_slice(&r.body).unwrap();
        let p = r.url.path();
        if p == "/repos/octo/demo/deployments" {
            made.push(body);
        } else if let Some(rest) = p.strip_prefix("/repos/octo/demo/deployments/") {
            let id = rest.trim_end_matches("/statuses").parse().unwrap();
            statuses.push((id, body));
        }
    }
    (made, statuses)
}

/// A local https server (wiremock behind a TLS front) answering GET `/healthz` with
/// `status`; returns the backend (to change its answer), the front's port and the CA file.
fn https_service(w: &World, status: u16) -> (MockServer, u16, std::path::PathBuf) {
    let backend = w.rt.block_on(MockServer::start());
    w.rt.block_on(
        Mock::given(method("GET"))
            .and(path("/healthz"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&backend),
    );
    let pki = Pki::new();
    let front = w.rt.block_on(tls_front(&pki, *backend.address()));
    let ca = pki.write_ca(w.ws.path());
    (backend, front.port(), ca)
}

#[test]
fn an_unhealthy_deployment_fails_naming_the_status_and_a_healthy_one_succeeds_with_its_url() {
    let w = world(&["SUCCESS"], None);
    github_deployments(&w);
    let (backend, port, ca) = https_service(&w, 503);
    *w.railway.state.static_url.lock().unwrap() = Some(format!("localhost:{port}"));

    w.sandbox(&["create"]).success();
    // `create` gave the service a public domain.
    assert_eq!(w.count("ServiceDomainCreate"), 1);
    let svc = w.railway.live()[0].clone();
    assert!(svc.domain.is_some(), "{svc:?}");

    let url = format!("https://localhost:{port}/healthz");
    let a = w
        .tri()
        .env("SSL_CERT_FILE", &ca)
        .env("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
        .args(["agent", "sandbox", "deploy", "--health-timeout", "5s"])
        .args(["--health-path", "/healthz", "--json"])
        .assert()
        .code(1);
    let (out, err) = out_err(&a);
    assert!(err.contains("HTTP 503") && err.contains(&url), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "UNHEALTHY");
    assert_eq!(v["url"], url.as_str());
    let bodies = w.bodies();
    let failed = bodies
        .iter()
        .rev()
        .find(|b| event_types(std::slice::from_ref(b)) == ["deployment_failed"])
        .expect("deployment_failed published");
    assert!(
        failed.contains("HTTP 503") && failed.contains(&url),
        "{failed}"
    );
    // Railway gates the deployment on the same path.
    assert_eq!(
        w.railway.live()[0].healthcheck_path.as_deref(),
        Some("/healthz")
    );

    // The service now answers 200.
    w.rt.block_on(backend.reset());
    w.rt.block_on(
        Mock::given(method("GET"))
            .and(path("/healthz"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&backend),
    );
    let a = w
        .tri()
        .env("SSL_CERT_FILE", &ca)
        .env("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
        .env("TRI_HEALTHCHECK_PATH", "/healthz")
        .args([
            "agent",
            "sandbox",
            "deploy",
            "--health-timeout",
            "5s",
            "--json",
        ])
        .assert()
        .success();
    let (out, _) = out_err(&a);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["result"], "succeeded");
    assert_eq!(v["url"], url.as_str());
    let bodies = w.bodies();
    let ok = bodies.last().unwrap();
    assert_eq!(
        event_types(std::slice::from_ref(ok)),
        ["deployment_succeeded"]
    );
    assert!(ok.contains(&url) && ok.contains("HTTP 200"), "{ok}");

    // GitHub: one deployment per deploy, to the sandbox's environment, a preview.
    let env = svc.name.clone();
    let (made, statuses) = deployments_seen(&w);
    assert_eq!(made.len(), 2, "{made:#?}");
    for d in &made {
        assert_eq!(d["environment"], env.as_str());
        assert_eq!(d["ref"], "0123456789abcdef0123456789abcdef01234567");
        assert_eq!(d["transient_environment"], true);
        assert_eq!(d["auto_merge"], false);
        assert_eq!(d["required_contexts"], json!([]));
    }
    let of = |id: u64| -> Vec<Value> {
        statuses
            .iter()
            .filter(|(i, _)| *i == id)
            .map(|(_, b)| b.clone())
            .collect()
    };
    let first: Vec<String> = of(1)
        .iter()
        .map(|b| b["state"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(first, ["in_progress", "failure"]);
    assert!(of(1)[1]["description"]
        .as_str()
        .unwrap()
        .contains("UNHEALTHY"));
    let second = of(2);
    let last = second.last().unwrap();
    assert_eq!(last["state"], "success");
    assert_eq!(last["environment_url"], url.as_str());

    // destroy: the deployment goes inactive.
    w.sandbox(&["destroy"]).success();
    let (_, statuses) = deployments_seen(&w);
    let (id, last) = statuses.last().unwrap();
    assert_eq!((*id, last["state"].as_str()), (2, Some("inactive")));
    assert_eq!(w.railway.invalid(), Vec::<String>::new());
}

#[test]
fn the_health_time_out_bounds_a_service_that_never_answers_or_trickles() {
    for trickles in [false, true] {
        let w = world(&["SUCCESS"], None);
        // TLS completes at the front; behind it the service never answers, or sends its
        // answer a byte at a time and never ends its headers.
        let backend = w.rt.block_on(async {
            if trickles {
                trickle_server().await
            } else {
                silent_server().await
            }
        });
        let pki = Pki::new();
        let front = w.rt.block_on(tls_front(&pki, backend));
        let ca = pki.write_ca(w.ws.path());
        *w.railway.state.static_url.lock().unwrap() = Some(format!("localhost:{}", front.port()));
        w.sandbox(&["create"]).success();
        let t0 = std::time::Instant::now();
        let a = w
            .tri()
            .env("SSL_CERT_FILE", &ca)
            // A request time-out far past the health time-out: the probe must not wait for it.
            .env("TRI_HTTP_TIMEOUT_S", "60")
            .args([
                "agent",
                "sandbox",
                "deploy",
                "--health-timeout",
                "2s",
                "--json",
            ])
            .assert()
            .code(1);
        let took = t0.elapsed();
        let (out, err) = out_err(&a);
        assert!(
            took < std::time::Duration::from_secs(30),
            "trickles={trickles}: the deploy took {took:?}, past half the request time-out: {err}"
        );
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["status"], "UNHEALTHY", "trickles={trickles}: {v}");
        assert!(
            err.contains("within 2 s") && err.contains("cut off at the health time-out"),
            "trickles={trickles}: {err}"
        );
        assert_eq!(
            event_types(&w.bodies()),
            ["sandbox_created", "deployment_started", "deployment_failed"],
            "trickles={trickles}"
        );
    }
}

#[test]
fn without_a_public_url_the_deployment_succeeds_saying_health_was_not_checked() {
    let w = world(&["SUCCESS"], None);
    w.sandbox(&["create"]).success();
    w.sandbox(&["deploy"]).success();
    let bodies = w.bodies();
    let ok = bodies.last().unwrap();
    assert_eq!(
        event_types(std::slice::from_ref(ok)),
        ["deployment_succeeded"]
    );
    assert!(ok.contains("health not checked"), "{ok}");
}

#[test]
fn three_failed_deploys_open_the_breaker_until_force() {
    let w = world(&["FAILED"], None);
    w.sandbox(&["create"]).success();
    for _ in 0..3 {
        w.sandbox(&["deploy"]).code(1);
    }
    assert_eq!(w.count("ServiceInstanceDeploy"), 3);
    let (requests, comments) = (w.railway.ops().len(), w.bodies().len());
    let a = w.sandbox(&["deploy"]).code(6);
    let (_, err) = out_err(&a);
    assert!(err.contains("--force") && err.contains("3"), "{err}");
    // Nothing asked of Railway, nothing recorded.
    assert_eq!(w.railway.ops().len(), requests);
    assert_eq!(w.bodies().len(), comments);
    // A lower threshold from the environment, and 0 turns it off.
    w.tri()
        .env("TRI_DEPLOY_BREAKER", "x")
        .args(["agent", "sandbox", "deploy"])
        .assert()
        .code(2);
    assert_eq!(w.railway.ops().len(), requests);
    // --force deploys (and it fails again: exit 1, recorded).
    w.sandbox(&["deploy", "--force"]).code(1);
    assert_eq!(w.count("ServiceInstanceDeploy"), 4);
    w.tri()
        .env("TRI_DEPLOY_BREAKER", "0")
        .args(["agent", "sandbox", "deploy"])
        .assert()
        .code(1);
    assert_eq!(w.count("ServiceInstanceDeploy"), 5);
}

/// Every file under `dir`, recursively, with its bytes (none when `dir` does not exist).
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for p in railway_standin::files(dir) {
        if p.is_dir() {
            out.extend(tree(&p));
        } else {
            out.insert(p.clone(), std::fs::read(&p).unwrap());
        }
    }
    out
}

#[test]
fn a_fresh_checkout_counts_the_failures_other_machines_recorded_on_the_issue() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let railway = rt.block_on(RailwayStandIn::start(&["FAILED"]));
    let gh = rt.block_on(github_keeping_comments());
    let tri_in = |dir: &std::path::Path| {
        let mut c = tri(dir);
        c.env("TRI_RAILWAY_API_URL", railway.url())
            .env("RAILWAY_API_TOKEN", "rw-token-1")
            .env("RAILWAY_PROJECT_ID", "proj-1")
            .env("RAILWAY_ENVIRONMENT_ID", "env-1")
            .env("GH_TOKEN", "ghp_breakertoken")
            .env("GITHUB_API_URL", gh.server.uri())
            .env("TRI_GATE_DIR", dir.join(".gate"));
        c
    };
    let deploys = || {
        railway
            .ops()
            .iter()
            .filter(|o| *o == "ServiceInstanceDeploy")
            .count()
    };
    // One machine: the sandbox, and three failed deployments recorded on the issue.
    let a = linked_workspace(42, None);
    tri_in(a.path())
        .args(["agent", "sandbox", "create"])
        .assert()
        .success();
    for _ in 0..3 {
        tri_in(a.path())
            .args(["agent", "sandbox", "deploy"])
            .assert()
            .code(1);
    }
    assert_eq!(deploys(), 3);
    let posted = rt.block_on(comment_bodies(&gh.server)).len();

    // A fresh checkout (a new CI runner) linked to the issue: refused, Railway not asked.
    let b = tempfile::tempdir().unwrap();
    tri_in(b.path())
        .args(["agent", "link", "42", "--repo", "octo/demo"])
        .assert()
        .success();
    let (before, ops) = (tree(&b.path().join(".trinity")), railway.ops().len());
    let out = tri_in(b.path())
        .args(["agent", "sandbox", "deploy"])
        .assert()
        .code(6);
    let (_, err) = out_err(&out);
    assert!(err.contains("--force") && err.contains("last 3"), "{err}");
    assert_eq!(railway.ops()[ops..], [] as [String; 0]);
    assert_eq!(tree(&b.path().join(".trinity")), before);

    // `on-issue-event reopened` on another fresh runner (GitHub saying the issue is open
    // now): refused before linking the workspace or asking Railway.
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/repos/octo/demo/issues/42"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"number": 42, "title": "t", "state": "open"})),
            )
            .mount(&gh.server),
    );
    let c = tempfile::tempdir().unwrap();
    let event = c.path().join("event.json");
    let payload = railway_standin::Farmland::payload("octo/demo", 42, "reopened");
    std::fs::write(&event, payload.to_string()).unwrap();
    let out = tri_in(c.path())
        .env("GITHUB_EVENT_NAME", "issues")
        .env("GITHUB_EVENT_PATH", &event)
        .args(["agent", "on-issue-event"])
        .assert()
        .code(6);
    let (_, err) = out_err(&out);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(railway.ops()[ops..], [] as [String; 0]);
    assert!(!c.path().join(".trinity").exists());
    assert_eq!(rt.block_on(comment_bodies(&gh.server)).len(), posted);

    // The same markers as a stranger's copies are no events: the breaker stays closed.
    *gh.author.lock().unwrap() = ("mallory".into(), "NONE".into());
    let d = tempfile::tempdir().unwrap();
    tri_in(d.path())
        .args(["agent", "link", "42", "--repo", "octo/demo"])
        .assert()
        .success();
    tri_in(d.path())
        .args(["agent", "sandbox", "deploy"])
        .assert()
        .code(1);
    assert_eq!(deploys(), 4);
}

/// A farm file whose entry for octo/demo#42 names `service_id` on `account` (none: no
/// `account_id`, as trinity wrote some).
fn farm_with(service_id: &str, account: Option<u32>) -> Value {
    let mut e = json!({"issue": 42, "repo": "octo/demo", "service_id": service_id,
        "status": "ACTIVE", "sandbox_state": "running"});
    if let Some(a) = account {
        e["account_id"] = json!(a);
    }
    json!({"version": 3, "accounts": [{"account_id": 1}, {"account_id": 2}], "agent_map": [e]})
}

#[test]
fn a_mapping_naming_another_repositorys_service_is_never_destroyed_or_deployed() {
    let w = world(&["SUCCESS"], None);
    let theirs = w.railway.seed(
        &tri::sandbox::naming::service_name("octo/other", 42),
        "env-1",
        json!({"TRI_REPO": "octo/other", "TRI_ISSUE": "42"}),
    );
    let w = World {
        ws: linked_workspace(42, Some(&farm_with(&theirs, Some(1)))),
        ..w
    };
    for verb in ["destroy", "deploy", "status"] {
        let a = w.sandbox(&[verb]).code(2);
        let (_, err) = out_err(&a);
        assert!(
            err.contains(&theirs) && err.contains("not this sandbox"),
            "{err}"
        );
    }
    assert!(w.railway.live().iter().any(|s| s.id == theirs));
    assert_eq!(
        w.count("ServiceDelete") + w.count("ServiceInstanceDeploy"),
        0
    );
    assert!(w.bodies().is_empty());
}

#[test]
fn a_mapping_with_no_or_the_wrong_account_is_found_on_the_right_one() {
    for account in [None, Some(1)] {
        let w = world(&["SUCCESS"], None);
        let ours = w.railway.seed(
            &tri::sandbox::naming::service_name("octo/demo", 42),
            "env-2",
            json!({"TRI_REPO": "octo/demo", "TRI_ISSUE": "42"}),
        );
        let w = World {
            ws: linked_workspace(42, Some(&farm_with(&ours, account))),
            ..w
        };
        w.sandbox(&["destroy"]).success();
        assert!(
            !w.railway.live().iter().any(|s| s.id == ours),
            "{account:?}: the service on account 2 is deleted"
        );
        let farm = read_farm(w.ws.path());
        assert_eq!(farm["agent_map"][0]["account_id"], 2, "{farm:#}");
        assert_eq!(farm["agent_map"][0]["status"], "STOPPED");
        assert_eq!(event_types(&w.bodies()), ["sandbox_destroyed"]);
    }
}

/// GitHub's deployments on the stand-in, as GitHub keeps them: each `POST …/deployments`
/// creates one (ids 1, 2, …, its `payload` kept), but the first answer is lost (502 after
/// the deployment was made, as a gateway time-out does); `GET …/deployments` lists them
/// newest first with their payloads; statuses are accepted.
fn github_deployments_losing_the_first_answer(w: &World) {
    let made: Arc<std::sync::Mutex<Vec<Value>>> = Arc::default();
    let m = made.clone();
    w.rt.block_on(
        Mock::given(method("POST"))
            .and(path("/repos/octo/demo/deployments"))
            .respond_with(move |req: &Request| {
                let body: Value = serde_json::from_slice(&req.body).unwrap();
                let mut made = m.lock().unwrap();
                let id = made.len() as u64 + 1;
                made.push(json!({"id": id, "environment": body["environment"],
                                 "payload": body.get("payload").cloned().unwrap_or(json!({}))}));
                if id == 1 {
                    ResponseTemplate::new(502)
                } else {
                    ResponseTemplate::new(201).set_body_json(json!({"id": id}))
                }
            })
            .mount(&w.gh),
    );
    w.rt.block_on(
        Mock::given(method("GET"))
            .and(path("/repos/octo/demo/deployments"))
            .respond_with(move |_: &Request| {
                let list: Vec<Value> = made.lock().unwrap().iter().rev().cloned().collect();
                ResponseTemplate::new(200).set_body_json(list)
            })
            .mount(&w.gh),
    );
    accept_statuses(w);
}

#[test]
fn a_deployment_whose_create_answer_was_lost_is_created_once() {
    let w = world(&["SUCCESS"], None);
    github_deployments_losing_the_first_answer(&w);
    w.sandbox(&["create"]).success();
    w.tri()
        .env("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
        .env("TRI_PUBLISH_INTERVAL_MS", "0")
        .args(["agent", "sandbox", "deploy"])
        .assert()
        .success();
    // One deployment on GitHub, carrying its idempotency key; the look-up found it after
    // the lost answer, and every status went to it.
    let (made, statuses) = deployments_seen(&w);
    assert_eq!(made.len(), 1, "{made:#?}");
    let key = made[0]["payload"]["tri_key"].as_str().expect("a tri_key");
    assert_eq!(key.len(), 36, "{key}");
    let states: Vec<(u64, &str)> = statuses
        .iter()
        .map(|(id, b)| (*id, b["state"].as_str().unwrap()))
        .collect();
    assert_eq!(states, [(1, "in_progress"), (1, "success")]);
    // Nothing left queued for sync.
    let queue = w.ws.path().join(".trinity/deployments/42.json");
    if let Ok(text) = std::fs::read_to_string(&queue) {
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["pending"], json!([]), "{v:#}");
    }
}
