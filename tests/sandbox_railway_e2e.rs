//! The issue's "done when", through the `tri` binary: in a linked workspace holding a
//! trinity-format farm file, `sandbox create`, `deploy`, `logs` and `destroy` run against a
//! Railway stand-in that validates every request against Railway's schema; the farm file
//! keeps every field and gains the service and deployment ids; the lifecycle events reach
//! the issue (a GitHub stand-in); destroy leaves the logs under .trinity/archive/; a failed
//! deployment publishes deployment_failed and exits non-zero; Ctrl-C during deploy leaves a
//! consistent mapping that `status` explains; a refused Railway token exits 4.

#[path = "common/hold.rs"]
mod hold;
mod railway_standin;

use railway_standin::{
    comment_bodies, event_types, farm_entry, files, github, has_every_field, linked_workspace,
    read_farm, tri, trinity_farm, unknown_fields_unchanged, RailwayStandIn,
};
use serde_json::Value;

struct World {
    rt: tokio::runtime::Runtime,
    railway: RailwayStandIn,
    gh: wiremock::MockServer,
    ws: tempfile::TempDir,
}

fn world(script: &[&str]) -> World {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let railway = rt.block_on(RailwayStandIn::start(script));
    let gh = rt.block_on(github());
    let ws = linked_workspace(42, Some(&trinity_farm()));
    World {
        rt,
        railway,
        gh,
        ws,
    }
}

impl World {
    fn envs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("TRI_RAILWAY_API_URL", self.railway.url()),
            ("RAILWAY_API_TOKEN", "rw-token-1".into()),
            ("RAILWAY_PROJECT_ID", "proj-1".into()),
            ("RAILWAY_ENVIRONMENT_ID", "env-1".into()),
            ("RAILWAY_TOKEN_2", "rw-project-token-2".into()),
            ("RAILWAY_PROJECT_ID_2", "proj-2".into()),
            ("RAILWAY_ENVIRONMENT_ID_2", "env-2".into()),
            ("GH_TOKEN", "ghp_e2etoken".into()),
            ("GITHUB_API_URL", self.gh.uri()),
            // The rate-limit gate of this workspace, not the user's.
            (
                "TRI_GATE_DIR",
                self.ws.path().join(".gate").to_string_lossy().into_owned(),
            ),
        ]
    }

    fn tri(&self) -> assert_cmd::Command {
        let mut c = tri(self.ws.path());
        c.envs(self.envs());
        c
    }

    fn events(&self) -> (Vec<String>, Vec<String>) {
        let bodies = self.rt.block_on(comment_bodies(&self.gh));
        (event_types(&bodies), bodies)
    }

    fn sandbox(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        self.tri().arg("agent").arg("sandbox").args(args).assert()
    }
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

#[test]
fn done_when_create_deploy_logs_destroy_against_a_schema_validating_stand_in() {
    let w = world(&["INITIALIZING", "BUILDING", "DEPLOYING", "SUCCESS"]);
    let root = w.ws.path();

    let a = w.sandbox(&["create", "--json"]).success();
    let v: Value = serde_json::from_str(&stdout(&a)).unwrap();
    // Account 2 has 3 active services, account 1 has 26: account 2 is chosen.
    assert_eq!(v["account_id"], 2);
    let svc = v["service_id"].as_str().unwrap().to_string();
    assert_eq!(v["event"]["state"], "published");

    let a = w.sandbox(&["deploy", "--timeout", "30s"]).success();
    assert!(stdout(&a).contains("succeeded"), "{}", stdout(&a));
    let farm = read_farm(root);
    let e = farm_entry(&farm, 42);
    let dep = e["deployment_id"].as_str().unwrap().to_string();
    assert_eq!(e["service_id"], svc.as_str());
    assert_eq!(e["account_id"], 2);
    assert_eq!(e["status"], "ACTIVE");
    // Every field the trinity file had is still there.
    assert!(has_every_field(&farm, &trinity_farm()), "{farm:#}");
    assert!(unknown_fields_unchanged(&farm), "{farm:#}");
    assert_eq!(farm["accounts"][1]["active_services"], 4);

    let a = w.sandbox(&["logs"]).success();
    assert!(stdout(&a).contains("listening on :8080"));
    let a = w.sandbox(&["logs", "--build"]).success();
    assert!(stdout(&a).contains("npm ci"));
    let a = w.sandbox(&["status", "--json"]).success();
    let v: Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v["state"], "running");

    w.sandbox(&["destroy"]).success();
    let archive = files(&root.join(".trinity/archive/42"));
    let names: Vec<String> = archive
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.ends_with(&format!("{dep}_deploy.log"))),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.ends_with(&format!("{dep}_build.log"))),
        "{names:?}"
    );
    let deploy_log = archive
        .iter()
        .find(|p| p.to_string_lossy().ends_with("_deploy.log"))
        .unwrap();
    assert!(std::fs::read_to_string(deploy_log)
        .unwrap()
        .contains("listening on :8080"));
    let farm = read_farm(root);
    assert_eq!(farm_entry(&farm, 42)["status"], "STOPPED");
    assert!(has_every_field(&farm, &trinity_farm()));
    assert!(unknown_fields_unchanged(&farm));
    assert_eq!(farm["accounts"][1]["active_services"], 3);

    // The stand-in found every request valid against Railway's schema.
    assert_eq!(w.railway.invalid(), Vec::<String>::new());
    let ops = w.railway.ops();
    // Railway is looked at first (issue 12): no sandbox of octo/demo#42 there yet.
    assert_eq!(ops[0], "EnvironmentServices");
    let changes: Vec<&String> = ops
        .iter()
        .filter(|o| {
            ["ServiceCreate", "ServiceInstanceDeploy", "ServiceDelete"].contains(&o.as_str())
        })
        .collect();
    assert_eq!(
        changes,
        ["ServiceCreate", "ServiceInstanceDeploy", "ServiceDelete"]
    );
    assert!(ops.contains(&"DeploymentLogs".to_string()));
    assert!(ops.contains(&"BuildLogs".to_string()));
    // Account 2 uses its project token for everything done to its service.
    let auth = w.railway.state.auth.lock().unwrap().clone();
    for (op, a) in ops.iter().zip(&auth) {
        if op != "EnvironmentServices" && op != "ServiceVariables" {
            assert_eq!(a, "pat:rw-project-token-2", "{op}");
        }
    }
    assert!(w.railway.live().is_empty(), "no service left");

    let (types, bodies) = w.events();
    assert_eq!(
        types,
        [
            "sandbox_created",
            "deployment_started",
            "deployment_succeeded",
            "sandbox_destroyed"
        ]
    );
    assert!(bodies[0].contains(&svc));
    assert!(bodies[1].contains(&dep));
    assert!(!bodies.iter().any(|b| b.contains("rw-project-token-2")));
}

#[test]
fn a_failed_deployment_publishes_deployment_failed_and_exits_non_zero() {
    let w = world(&["BUILDING", "FAILED"]);
    w.sandbox(&["create"]).success();
    let a = w.sandbox(&["deploy"]).code(1);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("FAILED"), "{err}");
    let (types, bodies) = w.events();
    assert_eq!(
        types,
        ["sandbox_created", "deployment_started", "deployment_failed"]
    );
    let failed = bodies.last().unwrap();
    assert!(failed.contains("error: build step failed"), "{failed}");
    assert!(failed.contains("listening on :8080"), "{failed}");
    assert_eq!(farm_entry(&read_farm(w.ws.path()), 42)["status"], "FAILED");
    assert!(w.railway.invalid().is_empty());
}

#[test]
fn a_refused_railway_token_exits_4_naming_the_variable() {
    let w = world(&["SUCCESS"]);
    *w.railway.state.refuse_token.lock().unwrap() = Some("rw-project-token-2".into());
    let a = w.sandbox(&["create"]).code(4);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("RAILWAY_TOKEN_2"), "{err}");
    assert!(!err.contains("rw-project-token-2"), "{err}");
    // Nothing live was recorded (the refusal came at the look-up, before anything).
    let farm = w.ws.path().join(".trinity/railway_farm.json");
    assert!(
        !farm.exists()
            || read_farm(w.ws.path())["agent_map"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["issue"] != 42 || e["sandbox_state"] == "none")
    );
    assert!(w.events().0.is_empty());
}

#[test]
fn ctrl_c_during_deploy_leaves_a_consistent_mapping_that_status_explains() {
    let w = world(&["BUILDING"]);
    w.sandbox(&["create"]).success();
    let mut std_cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tri"));
    std_cmd
        .current_dir(w.ws.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TRI_PUBLISH_INTERVAL_MS", "0")
        .env("TRI_SANDBOX_POLL_MS", "10")
        .envs(w.envs())
        .args(["agent", "sandbox", "deploy", "--timeout", "60s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // The second status request is held: by then tri has been through one round of its
    // follow loop, so its Ctrl-C handler is set, and it is waiting on Railway.
    let statuses = std::sync::atomic::AtomicUsize::new(0);
    let gate = hold::Hold::in_front_of(&w.railway.url(), move |_, body| {
        hold::gql_op(body) == "DeploymentStatus"
            && statuses.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= 1
    });
    std_cmd.env("TRI_RAILWAY_API_URL", format!("{}/graphql/v2", gate.url()));
    let mut child = std_cmd.spawn().unwrap();
    let held = gate.wait_seen_or(1, || child.try_wait().unwrap().is_some());
    assert!(held, "deploy ended before its second status request");
    let e = farm_entry(&read_farm(w.ws.path()), 42);
    assert_eq!(e["sandbox_state"], "deploying", "{e}");
    assert!(e["deployment_id"].is_string(), "{e}");
    let ok = std::process::Command::new("sh")
        .args(["-c", &format!("kill -INT {}", child.id())])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    let e = farm_entry(&read_farm(w.ws.path()), 42);
    assert_eq!(e["sandbox_state"], "deploying");
    assert_eq!(e["status"], "ACTIVE");
    assert!(has_every_field(&read_farm(w.ws.path()), &trinity_farm()));
    assert!(unknown_fields_unchanged(&read_farm(w.ws.path())));

    let a = w.sandbox(&["status"]).success();
    let s = stdout(&a);
    assert!(s.contains("is deploying"), "{s}");
    assert!(s.contains("on Railway: BUILDING"), "{s}");
    let (types, _) = w.events();
    assert_eq!(types, ["sandbox_created", "deployment_started"]);
}

#[test]
fn on_issue_event_in_a_fresh_checkout_creates_deploys_then_destroys() {
    let w = world(&["BUILDING", "SUCCESS"]);
    let fresh = tempfile::tempdir().unwrap();
    let event = fresh.path().join("event.json");
    let run = |action: &str| {
        std::fs::write(
            &event,
            serde_json::to_vec(&serde_json::json!({
                "action": action,
                "issue": {"number": 77, "title": "x", "user": {"login": "octo"},
                    "author_association": "OWNER"},
                "repository": {"full_name": "octo/demo"},
                "sender": {"login": "octo"}
            }))
            .unwrap(),
        )
        .unwrap();
        let mut c = tri(fresh.path());
        c.envs(w.envs())
            .env("GITHUB_EVENT_NAME", "issues")
            .env("GITHUB_EVENT_PATH", &event)
            .args(["agent", "on-issue-event", "--timeout", "30s"])
            .assert()
    };
    run("opened").success();
    let farm = read_farm(fresh.path());
    assert_eq!(farm["agent_map"][0]["issue"], 77);
    assert_eq!(farm["agent_map"][0]["sandbox_state"], "running");
    run("closed").success();
    let farm = read_farm(fresh.path());
    assert_eq!(farm["agent_map"][0]["status"], "STOPPED");
    assert!(!files(&fresh.path().join(".trinity/archive/77")).is_empty());
    assert!(w.railway.invalid().is_empty());
    let (types, _) = w.events();
    assert_eq!(
        types,
        [
            "sandbox_created",
            "deployment_started",
            "deployment_succeeded",
            "sandbox_destroyed"
        ]
    );
}

#[test]
fn two_deploys_at_once_start_one_deployment() {
    let w = world(&["BUILDING", "SUCCESS"]);
    w.sandbox(&["create"]).success();
    // The first deploy's request to Railway is held until the second deploy has run to its
    // end: the two overlap by construction.
    let gate = hold::Hold::in_front_of(&w.railway.url(), |_, body| {
        hold::gql_op(body) == "ServiceInstanceDeploy"
    });
    let via_gate = format!("{}/graphql/v2", gate.url());
    let mut first = std::process::Command::new(assert_cmd::cargo::cargo_bin("tri"));
    first
        .current_dir(w.ws.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", w.ws.path().join(".home"))
        .env("TRI_PUBLISH_INTERVAL_MS", "0")
        .env("TRI_SANDBOX_POLL_MS", "10")
        .envs(w.envs())
        .env("TRI_RAILWAY_API_URL", &via_gate)
        .args(["agent", "sandbox", "deploy", "--timeout", "30s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut first = first.spawn().unwrap();
    let held = gate.wait_seen_or(1, || first.try_wait().unwrap().is_some());
    assert!(
        held,
        "the first deploy ended without asking Railway to deploy"
    );
    // The second talks to Railway directly: were it not refused, its deploy would go through.
    let second = w
        .tri()
        .args(["agent", "sandbox", "deploy", "--timeout", "30s"])
        .output()
        .unwrap();
    gate.release();
    let first = first.wait_with_output().unwrap();
    gate.wait_forwarded(1);
    let deploys = w
        .railway
        .ops()
        .iter()
        .filter(|o| *o == "ServiceInstanceDeploy")
        .count();
    assert_eq!(deploys, 1, "Railway was asked to deploy {deploys} times");
    assert!(
        first.status.success(),
        "the first deploy follows its deployment: {}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        !second.status.success(),
        "the second deploy was not refused"
    );
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("already being started"), "{err}");
}

#[test]
fn status_without_railway_credentials_says_railway_was_not_asked() {
    // A fresh checkout with no farm file and no Railway variables: "no sandbox" would be a
    // guess; the answer says Railway was not asked, and why.
    let d = tempfile::tempdir().unwrap();
    let a = tri(d.path())
        .args([
            "agent",
            "--json",
            "sandbox",
            "status",
            "--issue",
            "acme/widgets#7",
        ])
        .assert()
        .code(0);
    let o = a.get_output();
    let v: Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    assert_eq!(v["mapping"], Value::Null, "{v}");
    let why = v["railway_error"].as_str().unwrap_or_default();
    assert!(why.contains("not asked"), "{v}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("RAILWAY_API_TOKEN"), "{err}");
    assert!(!err.contains("(here or on Railway)"), "{err}");
}

#[test]
fn destroy_on_a_fresh_checkout_without_railway_credentials_refuses_instead_of_guessing() {
    // Issue 12's third runner: closed on a checkout that never saw the sandbox. Without
    // credentials Railway cannot be asked; "nothing to destroy" with exit 0 would leave a
    // sandbox made elsewhere running. Exit 4 names what to set, and nothing is recorded.
    let ws = linked_workspace(42, None);
    let a = tri(ws.path())
        .args(["agent", "sandbox", "destroy"])
        .assert()
        .code(4);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("RAILWAY_API_TOKEN"), "{err}");
    assert!(!err.contains("nothing to destroy"), "{err}");
    assert!(files(&ws.path().join(".trinity/experience")).is_empty());
}
