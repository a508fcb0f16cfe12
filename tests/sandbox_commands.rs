//! Every sandbox command (and on-issue-event) run in-process against the in-memory
//! FakeProvider: farm-file changes, lifecycle states, events recorded (and, with a GitHub
//! stand-in, published), exit codes.

mod railway_standin;

use railway_standin::{
    comment_bodies, event_types, github, linked_workspace, read_farm, trinity_farm,
};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;
use tri::commands::on_issue_event::{self, OnIssueEventArgs};
use tri::commands::sandbox::{
    run_with, CreateArgs, DeployArgs, LogsArgs, SandboxArgs, SandboxCommand,
};
use tri::commands::Ctx;
use tri::error::Error;
use tri::output::Output;
use tri::sandbox::fake::FakeProvider;
use tri::sandbox::DeployStatus;

#[derive(Clone, Default)]
struct Buf(Rc<RefCell<Vec<u8>>>);
impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
impl Buf {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

struct Run {
    ctx: Ctx,
    out: Buf,
    err: Buf,
}

fn ctx(root: &Path, env: &[(&str, &str)], json: bool) -> Run {
    let mut m: HashMap<String, String> = HashMap::new();
    m.insert("TRI_SANDBOX_POLL_MS".into(), "1".into());
    m.insert("TRI_PUBLISH_INTERVAL_MS".into(), "0".into());
    m.insert("TRI_PUBLISH_MAX_WAIT_S".into(), "0".into());
    // The rate-limit gate of this workspace, not the user's.
    m.insert(
        "TRI_GATE_DIR".into(),
        root.join(".gate").to_string_lossy().into_owned(),
    );
    for (k, v) in env {
        m.insert(k.to_string(), v.to_string());
    }
    let (out, err) = (Buf::default(), Buf::default());
    let ctx = Ctx::new(
        root.to_path_buf(),
        Box::new(move |k| m.get(k).cloned()),
        Output::new(Box::new(out.clone()), Box::new(err.clone()), json, false),
    );
    Run { ctx, out, err }
}

fn sb(command: SandboxCommand) -> SandboxArgs {
    SandboxArgs {
        issue: None,
        command,
    }
}

fn deploy(timeout_ms: u64) -> SandboxCommand {
    SandboxCommand::Deploy(DeployArgs::with_timeout(Duration::from_millis(timeout_ms)))
}

fn create() -> SandboxCommand {
    SandboxCommand::Create(CreateArgs::default())
}

fn experiences(root: &Path) -> Vec<(u64, String, String)> {
    let mut v: Vec<(u64, String, String)> = std::fs::read_dir(root.join(".trinity/experience"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| {
                    let text = std::fs::read_to_string(e.path()).unwrap();
                    let field = |k: &str| {
                        text.lines()
                            .find_map(|l| l.strip_prefix(k))
                            .unwrap_or("")
                            .trim()
                            .to_string()
                    };
                    let step = field("step:").parse().unwrap_or(0);
                    (step, field("event:"), text.clone())
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn experience_types(root: &Path) -> Vec<String> {
    experiences(root).into_iter().map(|x| x.1).collect()
}

fn experience_text(root: &Path, kind: &str) -> String {
    experiences(root)
        .into_iter()
        .rev()
        .find(|x| x.1 == kind)
        .map(|x| x.2)
        .unwrap_or_default()
}

fn entry(root: &Path, issue: u64) -> Value {
    read_farm(root)["agent_map"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|e| e["issue"] == json!(issue))
        .cloned()
        .unwrap()
}

#[test]
fn create_deploy_status_logs_destroy_and_every_event_reaches_the_issue() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let gh = rt.block_on(github());
    let ws = linked_workspace(42, Some(&trinity_farm()));
    let root = ws.path();
    let env = [("GH_TOKEN", "ghp_test"), ("GITHUB_API_URL", &*gh.uri())];
    // Accounts 1 (26 active) and 2 (3 active) both have credentials: 2 has more room.
    let fake = FakeProvider::new(
        vec![1, 2],
        vec![
            DeployStatus::Building,
            DeployStatus::Deploying,
            DeployStatus::Success,
        ],
    );

    let mut r = ctx(root, &env, false);
    assert_eq!(
        run_with(&sb(create()), &mut r.ctx, &fake).unwrap(),
        0,
        "{}",
        r.err.text()
    );
    let e = entry(root, 42);
    assert_eq!(e["account_id"], 2);
    let name42 = tri::sandbox::naming::service_name("octo/demo", 42);
    assert_eq!(e["service_name"], name42.as_str());
    assert_eq!(e["status"], "ACTIVE");
    assert_eq!(e["sandbox_state"], "created");
    let svc = e["service_id"].as_str().unwrap().to_string();
    assert_eq!(changes(&fake), vec![format!("create:{name42}")]);
    let farm = read_farm(root);
    assert_eq!(farm["accounts"][1]["active_services"], 4);
    assert_eq!(farm["accounts"][1]["daily_creates"], 1);
    assert_eq!(
        farm["accounts"][0]["active_services"], 26,
        "account 1 untouched"
    );

    let mut r = ctx(root, &env, false);
    assert_eq!(
        run_with(&sb(deploy(5_000)), &mut r.ctx, &fake).unwrap(),
        0,
        "{}",
        r.err.text()
    );
    let e = entry(root, 42);
    let dep = e["deployment_id"].as_str().unwrap().to_string();
    assert_eq!(e["sandbox_state"], "running");
    assert!(r.out.text().contains("succeeded"), "{}", r.out.text());

    let mut r = ctx(root, &env, true);
    assert_eq!(
        run_with(&sb(SandboxCommand::Status), &mut r.ctx, &fake).unwrap(),
        0
    );
    let v: Value = serde_json::from_str(&r.out.text()).unwrap();
    assert_eq!(v["state"], "running");
    assert_eq!(v["mapping"]["service_id"], json!(svc));
    assert_eq!(v["railway_status"], "SUCCESS");

    let mut r = ctx(root, &env, false);
    assert_eq!(
        run_with(
            &sb(SandboxCommand::Logs(LogsArgs {
                build: false,
                lines: 10
            })),
            &mut r.ctx,
            &fake
        )
        .unwrap(),
        0
    );
    assert!(r.out.text().contains("listening on :8080"));
    let mut r = ctx(root, &env, false);
    run_with(
        &sb(SandboxCommand::Logs(LogsArgs {
            build: true,
            lines: 1,
        })),
        &mut r.ctx,
        &fake,
    )
    .unwrap();
    assert_eq!(r.out.text().lines().count(), 1);
    assert!(r.out.text().contains("build ok"));

    let mut r = ctx(root, &env, false);
    assert_eq!(
        run_with(&sb(SandboxCommand::Destroy), &mut r.ctx, &fake).unwrap(),
        0,
        "{}",
        r.err.text()
    );
    let e = entry(root, 42);
    assert_eq!(e["status"], "STOPPED");
    assert_eq!(e["sandbox_state"], "destroyed");
    assert_eq!(read_farm(root)["accounts"][1]["active_services"], 3);
    assert!(fake.world.borrow().services.is_empty());
    let archive: Vec<String> = std::fs::read_dir(root.join(".trinity/archive/42"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        archive
            .iter()
            .any(|n| n.ends_with(&format!("{dep}_build.log"))),
        "{archive:?}"
    );
    assert!(
        archive
            .iter()
            .any(|n| n.ends_with(&format!("{dep}_deploy.log"))),
        "{archive:?}"
    );
    assert!(
        archive.iter().any(|n| n.ends_with("_mapping.json")),
        "{archive:?}"
    );

    assert_eq!(
        experience_types(root),
        [
            "sandbox_created",
            "deployment_started",
            "deployment_succeeded",
            "sandbox_destroyed"
        ]
    );
    let bodies = rt.block_on(comment_bodies(&gh));
    assert_eq!(
        event_types(&bodies),
        [
            "sandbox_created",
            "deployment_started",
            "deployment_succeeded",
            "sandbox_destroyed"
        ]
    );
    assert!(bodies[0].contains(&svc));
    // The mapping points at the experience file of its latest event.
    assert!(entry(root, 42)["experience_file"]
        .as_str()
        .unwrap()
        .starts_with("experience/"));
    // Nothing is left queued.
    assert_eq!(
        std::fs::read_dir(root.join(".trinity/outbox"))
            .unwrap()
            .count(),
        0
    );
}

#[test]
fn a_failed_deployment_records_deployment_failed_with_log_tails_and_exits_1() {
    let ws = linked_workspace(7, None);
    let root = ws.path();
    let fake = FakeProvider::new(vec![1], vec![DeployStatus::Building, DeployStatus::Failed]);
    let mut r = ctx(root, &[], false);
    run_with(&sb(create()), &mut r.ctx, &fake).unwrap();
    let mut r = ctx(root, &[], false);
    assert_eq!(run_with(&sb(deploy(5_000)), &mut r.ctx, &fake).unwrap(), 1);
    assert!(r.err.text().contains("FAILED"), "{}", r.err.text());
    let e = entry(root, 7);
    assert_eq!(e["status"], "FAILED");
    assert_eq!(e["sandbox_state"], "failed");
    let text = experience_text(root, "deployment_failed");
    assert!(text.contains("ended FAILED"), "{text}");
    assert!(text.contains("Build log"), "{text}");
    assert!(text.contains("build ok"), "{text}");
    assert!(text.contains("listening on :8080"), "{text}");
    // A failed sandbox can be deployed again.
    let ok = FakeProvider {
        world: RefCell::new(fake.world.borrow().clone()),
        ..FakeProvider::new(vec![1], vec![DeployStatus::Success])
    };
    let mut r = ctx(root, &[], false);
    assert_eq!(run_with(&sb(deploy(5_000)), &mut r.ctx, &ok).unwrap(), 0);
    assert_eq!(entry(root, 7)["status"], "ACTIVE");
    assert_eq!(entry(root, 7)["sandbox_state"], "running");
}

#[test]
fn a_deployment_that_does_not_end_in_time_fails() {
    let ws = linked_workspace(8, None);
    let root = ws.path();
    let fake = FakeProvider::new(vec![1], vec![DeployStatus::Building]);
    let mut r = ctx(root, &[], false);
    run_with(&sb(create()), &mut r.ctx, &fake).unwrap();
    let mut r = ctx(root, &[("TRI_SANDBOX_POLL_MS", "5")], false);
    assert_eq!(run_with(&sb(deploy(60)), &mut r.ctx, &fake).unwrap(), 1);
    let text = experience_text(root, "deployment_failed");
    assert!(text.contains("did not end within"), "{text}");
    assert!(text.contains("last status: BUILDING"), "{text}");
}

#[test]
fn an_interrupted_deploy_leaves_a_mapping_status_explains_and_deploy_settles() {
    let ws = linked_workspace(9, None);
    let root = ws.path();
    let fake = FakeProvider::new(
        vec![1],
        vec![
            DeployStatus::Building,
            DeployStatus::Building,
            DeployStatus::Success,
        ],
    );
    let mut r = ctx(root, &[], false);
    run_with(&sb(create()), &mut r.ctx, &fake).unwrap();
    // What `deploy` leaves when Ctrl-C comes while it follows: the id and `deploying`.
    let svc = entry(root, 9)["service_id"].as_str().unwrap().to_string();
    let dep =
        tri::commands::shared::block_on(tri::sandbox::SandboxProvider::deploy(&fake, 1, &svc))
            .unwrap()
            .unwrap();
    let path = root.join(".trinity/railway_farm.json");
    let mut f = read_farm(root);
    f["agent_map"][0]["deployment_id"] = json!(dep);
    f["agent_map"][0]["sandbox_state"] = json!("deploying");
    std::fs::write(&path, serde_json::to_vec(&f).unwrap()).unwrap();

    let mut r = ctx(root, &[], false);
    run_with(&sb(SandboxCommand::Status), &mut r.ctx, &fake).unwrap();
    let out = r.out.text();
    assert!(out.contains("is deploying"), "{out}");
    assert!(out.contains("on Railway: BUILDING"), "{out}");
    // Still building: a new deploy is refused, saying why.
    let mut r = ctx(root, &[], false);
    let err = run_with(&sb(deploy(1_000)), &mut r.ctx, &fake).unwrap_err();
    assert!(err.to_string().contains("still BUILDING"), "{err}");
    // Once it ended, deploy records that and starts a new one.
    let mut r = ctx(root, &[], false);
    assert_eq!(
        run_with(&sb(deploy(1_000)), &mut r.ctx, &fake).unwrap(),
        0,
        "{}",
        r.err.text()
    );
    assert_ne!(entry(root, 9)["deployment_id"], json!(dep));
    assert_eq!(entry(root, 9)["sandbox_state"], "running");
}

#[test]
fn create_is_idempotent_and_refuses_without_credentials_or_room() {
    let ws = linked_workspace(11, None);
    let root = ws.path();
    let fake = FakeProvider::new(vec![1], vec![DeployStatus::Success]);
    let mut r = ctx(root, &[], false);
    run_with(&sb(create()), &mut r.ctx, &fake).unwrap();
    let mut r = ctx(root, &[], false);
    assert_eq!(run_with(&sb(create()), &mut r.ctx, &fake).unwrap(), 0);
    assert!(
        r.out.text().contains("already has sandbox"),
        "{}",
        r.out.text()
    );
    assert_eq!(changes(&fake).len(), 1, "no second service");

    // No credentials for any account: exit 4 naming the variable.
    let ws2 = linked_workspace(12, None);
    let none = FakeProvider::new(vec![], vec![]);
    let mut r = ctx(ws2.path(), &[], false);
    let err = run_with(&sb(create()), &mut r.ctx, &none).unwrap_err();
    assert!(matches!(err, Error::Auth(_)));
    assert!(err.to_string().contains("RAILWAY_API_TOKEN"), "{err}");
    assert_eq!(err.exit_code(), 4);

    // Every account at its daily limit.
    let now = chrono::Utc::now().timestamp();
    let farm = json!({"accounts": [{"account_id": 1, "daily_creates": 3, "daily_limit": 3,
        "daily_reset_epoch": now - 10}], "agent_map": []});
    let ws3 = linked_workspace(13, Some(&farm));
    let mut r = ctx(ws3.path(), &[], false);
    let err = run_with(&sb(create()), &mut r.ctx, &fake).unwrap_err();
    assert!(err.to_string().contains("daily limit"), "{err}");
    // Nothing was marked.
    assert_eq!(read_farm(ws3.path())["agent_map"], json!([]));
}

/// The checkout's create lock follows the rules of every file under `.trinity/`: a
/// `sandbox-create.lock` that is a symlink leading out of the workspace refuses the create
/// (exit 1, naming it), and Railway is not asked to create anything.
#[cfg(unix)]
#[test]
fn a_create_lock_symlinked_out_of_the_workspace_refuses_the_create() {
    let ws = linked_workspace(15, None);
    let root = ws.path();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("elsewhere");
    std::fs::write(&target, "keep").unwrap();
    std::os::unix::fs::symlink(&target, root.join(".trinity/sandbox-create.lock")).unwrap();
    let fake = FakeProvider::new(vec![1], vec![DeployStatus::Success]);
    let mut r = ctx(root, &[], false);
    let err = run_with(&sb(create()), &mut r.ctx, &fake).unwrap_err();
    assert_eq!(err.exit_code(), 1, "{err}");
    assert!(err.to_string().contains("sandbox-create.lock"), "{err}");
    assert!(changes(&fake).is_empty(), "{:?}", fake.calls());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
}

#[test]
fn a_failed_create_leaves_no_live_mapping() {
    let ws = linked_workspace(14, None);
    let root = ws.path();
    let fake = FakeProvider {
        auth_error: Some("Railway refused the token in RAILWAY_API_TOKEN".into()),
        ..FakeProvider::new(vec![1], vec![])
    };
    let mut r = ctx(root, &[], false);
    let err = run_with(&sb(create()), &mut r.ctx, &fake).unwrap_err();
    assert_eq!(err.exit_code(), 4);
    // No live mapping (the refusal came at the look-up on Railway, before anything).
    let farm = root.join(".trinity/railway_farm.json");
    assert!(!farm.exists() || entry(root, 14)["sandbox_state"] == "none");
    // A later create may try again.
    let ok = FakeProvider::new(vec![1], vec![]);
    let mut r = ctx(root, &[], false);
    assert_eq!(run_with(&sb(create()), &mut r.ctx, &ok).unwrap(), 0);
    assert_eq!(entry(root, 14)["sandbox_state"], "created");
}

#[test]
fn commands_that_need_a_sandbox_say_so() {
    let ws = linked_workspace(15, None);
    let root = ws.path();
    let fake = FakeProvider::default();
    for cmd in [deploy(100), SandboxCommand::Logs(LogsArgs::default())] {
        let mut r = ctx(root, &[], false);
        let err = run_with(&sb(cmd), &mut r.ctx, &fake).unwrap_err();
        assert_eq!(err.exit_code(), 2, "{err}");
        assert!(err.to_string().contains("sandbox create"), "{err}");
    }
    let mut r = ctx(root, &[], false);
    assert_eq!(
        run_with(&sb(SandboxCommand::Destroy), &mut r.ctx, &fake).unwrap(),
        0
    );
    assert!(r.out.text().contains("nothing to destroy"));
    let mut r = ctx(root, &[], false);
    assert_eq!(
        run_with(&sb(SandboxCommand::Status), &mut r.ctx, &fake).unwrap(),
        0
    );
    assert!(r.out.text().contains("no sandbox"));
    // Railway was only looked at.
    assert!(changes(&fake).is_empty(), "{:?}", fake.calls());
}

#[test]
fn without_a_link_the_commands_exit_3() {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join(".trinity")).unwrap();
    let fake = FakeProvider::default();
    let mut r = ctx(t.path(), &[], false);
    let err = run_with(&sb(create()), &mut r.ctx, &fake).unwrap_err();
    assert_eq!(err.exit_code(), 3);
    // Even with --issue: the events need the link, so Railway is not asked first.
    let mut r = ctx(t.path(), &[], false);
    let args = SandboxArgs {
        issue: Some(tri::commands::shared::sandbox::IssueRef {
            repo: None,
            issue: 5,
        }),
        command: create(),
    };
    assert_eq!(
        run_with(&args, &mut r.ctx, &fake).unwrap_err().exit_code(),
        3
    );
    assert!(fake.calls().is_empty());
    // Reading needs no link (the repository given with the issue).
    let mut r = ctx(t.path(), &[], false);
    let args = SandboxArgs {
        issue: Some(tri::commands::shared::sandbox::IssueRef {
            repo: Some("octo/demo".into()),
            issue: 5,
        }),
        command: SandboxCommand::Status,
    };
    assert_eq!(run_with(&args, &mut r.ctx, &fake).unwrap(), 0);
}

#[test]
fn issue_flag_acts_on_another_issue_of_the_linked_repo() {
    let ws = linked_workspace(20, None);
    let root = ws.path();
    let fake = FakeProvider::default();
    let mut r = ctx(root, &[], false);
    let args = SandboxArgs {
        issue: Some(tri::commands::shared::sandbox::IssueRef {
            repo: None,
            issue: 21,
        }),
        command: create(),
    };
    run_with(&args, &mut r.ctx, &fake).unwrap();
    assert_eq!(
        entry(root, 21)["service_name"],
        tri::sandbox::naming::service_name("octo/demo", 21).as_str()
    );
    let text = experience_text(root, "sandbox_created");
    assert!(text.contains("issue: 21"), "{text}");
}

#[test]
fn on_issue_event_creates_and_deploys_on_open_and_destroys_on_close() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    let fake = FakeProvider::default();
    let event = root.join("event.json");
    let args = OnIssueEventArgs {
        timeout: Duration::from_secs(5),
    };
    let write = |action: &str| {
        std::fs::write(
            &event,
            serde_json::to_vec(&json!({"action": action, "issue": {"number": 31,
                "user": {"login": "octo"}, "author_association": "OWNER"},
                "repository": {"full_name": "octo/demo"}, "sender": {"login": "octo"}}))
            .unwrap(),
        )
        .unwrap();
    };
    let env = [
        ("GITHUB_EVENT_NAME", "issues"),
        ("GITHUB_EVENT_PATH", "event.json"),
    ];

    write("opened");
    std::fs::create_dir_all(root.join(".trinity")).unwrap();
    let mut r = ctx(root, &env, false);
    assert_eq!(
        on_issue_event::run_with(&args, &mut r.ctx, &fake).unwrap(),
        0,
        "{}",
        r.err.text()
    );
    assert!(r
        .out
        .text()
        .contains("Linked this workspace to octo/demo#31"));
    assert_eq!(entry(root, 31)["sandbox_state"], "running");

    write("labeled");
    let mut r = ctx(root, &env, false);
    let before = fake.calls().len();
    assert_eq!(
        on_issue_event::run_with(&args, &mut r.ctx, &fake).unwrap(),
        0
    );
    assert_eq!(fake.calls().len(), before, "labeled does nothing");

    write("closed");
    let mut r = ctx(root, &env, false);
    assert_eq!(
        on_issue_event::run_with(&args, &mut r.ctx, &fake).unwrap(),
        0
    );
    assert_eq!(entry(root, 31)["status"], "STOPPED");

    // Reopened: a new service, the old entry kept as history.
    write("reopened");
    let mut r = ctx(root, &env, false);
    assert_eq!(
        on_issue_event::run_with(&args, &mut r.ctx, &fake).unwrap(),
        0
    );
    let map = read_farm(root)["agent_map"].clone();
    assert_eq!(map.as_array().unwrap().len(), 2);
    assert_eq!(map[0]["status"], "STOPPED");
    assert_eq!(map[1]["status"], "ACTIVE");
    assert_ne!(map[0]["service_id"], map[1]["service_id"]);

    // Another event kind: nothing to do.
    let mut r = ctx(
        root,
        &[
            ("GITHUB_EVENT_NAME", "push"),
            ("GITHUB_EVENT_PATH", "event.json"),
        ],
        false,
    );
    assert_eq!(
        on_issue_event::run_with(&args, &mut r.ctx, &fake).unwrap(),
        0
    );
    // No GITHUB_EVENT_PATH: a usage error.
    let mut r = ctx(root, &[], false);
    assert_eq!(
        on_issue_event::run_with(&args, &mut r.ctx, &fake)
            .unwrap_err()
            .exit_code(),
        2
    );
}

/// The calls that change Railway (create, deploy, destroy), not the look-ups.
fn changes(fake: &FakeProvider) -> Vec<String> {
    fake.calls()
        .into_iter()
        .filter(|c| {
            c.starts_with("create:") || c.starts_with("deploy:") || c.starts_with("destroy:")
        })
        .collect()
}

/// Issue 19: an opener whose association says nothing, with no GitHub token to ask about
/// their permission: exit 4 (authentication needed) naming what to set, and nothing is
/// created, linked or written.
#[test]
fn on_issue_event_without_a_token_cannot_judge_a_stranger_and_does_nothing() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    let fake = FakeProvider::default();
    std::fs::write(
        root.join("event.json"),
        serde_json::to_vec(&json!({"action": "opened", "issue": {"number": 32,
            "user": {"login": "eve"}, "author_association": "NONE"},
            "repository": {"full_name": "octo/demo"}, "sender": {"login": "eve"}}))
        .unwrap(),
    )
    .unwrap();
    let env = [
        ("GITHUB_EVENT_NAME", "issues"),
        ("GITHUB_EVENT_PATH", "event.json"),
    ];
    let mut r = ctx(root, &env, false);
    let args = OnIssueEventArgs {
        timeout: Duration::from_secs(5),
    };
    let err = on_issue_event::run_with(&args, &mut r.ctx, &fake).unwrap_err();
    assert_eq!(err.exit_code(), 4, "{err}");
    let m = err.to_string();
    assert!(
        m.contains("eve") && m.contains("GITHUB_TOKEN") && m.contains("TRI_SANDBOX_STARTERS=all"),
        "{m}"
    );
    assert!(fake.calls().is_empty(), "{:?}", fake.calls());
    assert!(!root.join(".trinity").exists());
}
