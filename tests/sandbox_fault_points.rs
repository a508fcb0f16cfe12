//! Issue 20: a sandbox command interrupted or failed at each point between its Railway call
//! and its event, then run again, records each event exactly once — in the experience files
//! and as comments on the GitHub stand-in — and Railway's state is right (one service,
//! deleted once). The fault points come from the stand-ins and the file system, never from
//! variables of the shipped code:
//! - the Railway stand-in carries a request out and holds its answer while the test
//!   SIGKILLs `tri` or makes the local write fail (`RailwayStandIn::hold`), or carries it
//!   out and loses the answer (502);
//! - the local write fails: `.trinity/experience` is replaced by a plain file while the
//!   command waits on a held answer (a read-only directory would not stop root, who runs
//!   CI here).

mod railway_standin;

use railway_standin::{
    comment_bodies, event_types, farm_entry, github, linked_workspace, read_farm, wait_for,
    RailwayStandIn,
};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

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
    World {
        rt,
        railway,
        gh,
        ws: linked_workspace(42, None),
    }
}

impl World {
    fn cmd(&self, dir: &Path, args: &[&str]) -> Command {
        let mut c = railway_standin::std_tri(dir);
        c.env("TRI_RAILWAY_API_URL", self.railway.url())
            .env("RAILWAY_API_TOKEN", "rw-token-1")
            .env("RAILWAY_PROJECT_ID", "proj-1")
            .env("RAILWAY_ENVIRONMENT_ID", "env-1")
            .env("GH_TOKEN", "ghp_faultpoints")
            .env("GITHUB_API_URL", self.gh.uri())
            .env("TRI_GATE_DIR", self.ws.path().join(".gate"))
            .args(["agent", "sandbox"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    /// Runs `tri agent sandbox ARGS` in `dir` to its end.
    fn run_in(&self, dir: &Path, args: &[&str]) -> Output {
        self.cmd(dir, args).output().unwrap()
    }

    /// Runs `tri agent sandbox ARGS` in this checkout to its end.
    fn run(&self, args: &[&str]) -> Output {
        self.run_in(self.ws.path(), args)
    }

    /// Starts `tri agent sandbox ARGS` in this checkout.
    fn spawn(&self, args: &[&str]) -> Child {
        self.cmd(self.ws.path(), args).spawn().unwrap()
    }

    /// (event type, the deployment or service id it names) of every comment posted.
    fn comments(&self) -> Vec<(String, String)> {
        let bodies = self.rt.block_on(comment_bodies(&self.gh));
        let types = event_types(&bodies);
        assert_eq!(types.len(), bodies.len(), "every comment carries its event");
        types
            .into_iter()
            .zip(&bodies)
            .map(|(t, b)| (t, named_id(b)))
            .collect()
    }
}

/// The first deployment id (`dep-N`) a message names in backticks, else its first service id.
fn named_id(text: &str) -> String {
    for prefix in ["`dep-", "`svc-"] {
        if let Some(i) = text.find(prefix) {
            let rest = &text[i + 1..];
            return rest[..rest.find('`').unwrap()].to_string();
        }
    }
    String::new()
}

/// (event type, id named) of every experience file of `root`.
fn experience(root: &Path) -> Vec<(String, String)> {
    railway_standin::files(&root.join(".trinity/experience"))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let ty = text
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .unwrap_or_else(|| panic!("{} has no event", p.display()))
                .to_string();
            let body = text.split("\n---\n").nth(1).unwrap_or("");
            (ty, named_id(body))
        })
        .collect()
}

fn counts(v: &[(String, String)]) -> BTreeMap<(String, String), usize> {
    let mut m = BTreeMap::new();
    for e in v {
        *m.entry(e.clone()).or_default() += 1;
    }
    m
}

/// `sandbox_created` and `sandbox_destroyed` of `svc`, each exactly once in this checkout
/// and on the issue ([`assert_exactly_once`]).
fn assert_destroyed_once(w: &World, svc: &str) {
    assert_exactly_once(
        w,
        w.ws.path(),
        &[("sandbox_created", svc), ("sandbox_destroyed", svc)],
    );
}

/// Each of `want` recorded exactly once in `root`'s experience files and posted exactly
/// once, and nothing else.
fn assert_exactly_once(w: &World, root: &Path, want: &[(&str, &str)]) {
    let want: BTreeMap<(String, String), usize> = want
        .iter()
        .map(|(t, id)| ((t.to_string(), id.to_string()), 1))
        .collect();
    assert_eq!(counts(&experience(root)), want, "experience files");
    assert_eq!(counts(&w.comments()), want, "comments on the issue");
}

/// Railway holds no live service, and made exactly one.
fn assert_one_service_deleted(w: &World) {
    assert!(w.railway.live().is_empty(), "{:?}", w.railway.live());
    assert_eq!(w.railway.state.services.lock().unwrap().len(), 1);
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Waits until the stand-in holds the request `child` waits for.
fn wait_held(w: &World, child: &mut Child) {
    wait_for("the stand-in holds the request", || {
        if let Some(st) = child.try_wait().unwrap() {
            let out = child.stderr.take().map(std::io::read_to_string);
            panic!("tri ended ({st}) before the fault point: {out:?}");
        }
        w.railway.held() == 1
    });
}

/// Kills `child` (SIGKILL) once the stand-in holds the request it waits for.
fn kill_when_held(w: &World, mut child: Child) {
    wait_held(w, &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    w.railway.release();
}

/// Makes the local write of an event fail: `.trinity/experience` becomes a plain file.
fn block_experience(root: &Path) {
    let dir = root.join(".trinity/experience");
    std::fs::rename(&dir, root.join(".trinity/experience.kept")).unwrap();
    std::fs::write(&dir, "not a directory").unwrap();
}

fn unblock_experience(root: &Path) {
    let dir = root.join(".trinity/experience");
    std::fs::remove_file(&dir).unwrap();
    std::fs::rename(root.join(".trinity/experience.kept"), &dir).unwrap();
}

fn create(w: &World) -> String {
    let o = w.run(&["create"]);
    assert!(o.status.success(), "{}", text(&o));
    w.railway.live()[0].id.clone()
}

#[test]
fn deploy_whose_start_was_not_recorded_records_it_on_the_next_run() {
    let w = world(&["SUCCESS"]);
    let svc = create(&w);
    // serviceInstanceDeployV2 answers; writing deployment_started fails.
    w.railway.hold("ServiceInstanceDeploy", "");
    let mut child = w.spawn(&["deploy", "--timeout", "60s"]);
    wait_held(&w, &mut child);
    block_experience(w.ws.path());
    w.railway.release();
    let o = child.wait_with_output().unwrap();
    unblock_experience(w.ws.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert_eq!(w.railway.live()[0].deployments.len(), 1);
    let dep = w.railway.live()[0].deployments[0].clone();
    assert_exactly_once(&w, w.ws.path(), &[("sandbox_created", &svc)]);

    let o = w.run(&["deploy", "--timeout", "60s"]);
    assert!(o.status.success(), "{}", text(&o));
    let dep2 = w.railway.live()[0].deployments[1].clone();
    assert_exactly_once(
        &w,
        w.ws.path(),
        &[
            ("sandbox_created", &svc),
            ("deployment_started", &dep),
            ("deployment_succeeded", &dep),
            ("deployment_started", &dep2),
            ("deployment_succeeded", &dep2),
        ],
    );
    // And again: nothing of either deployment is recorded twice.
    let o = w.run(&["destroy"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = w.run(&["destroy"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_one_service_deleted(&w);
    assert_eq!(
        experience(w.ws.path())
            .iter()
            .filter(|(t, _)| t.starts_with("deployment_"))
            .count(),
        4
    );
}

#[test]
fn deploy_whose_success_was_not_recorded_records_it_on_the_next_run_and_not_in_a_fresh_checkout() {
    let w = world(&["BUILDING"]);
    let svc = create(&w);
    let mut child = w.spawn(&["deploy", "--timeout", "60s"]);
    // deployment_started recorded and the deployment followed: then the write fails.
    wait_for("deployment_started is recorded and followed", || {
        experience(w.ws.path())
            .iter()
            .any(|(t, _)| t == "deployment_started")
            && w.railway.ops().iter().any(|o| o == "DeploymentStatus")
    });
    block_experience(w.ws.path());
    *w.railway.state.script.lock().unwrap() = vec!["SUCCESS".into()];
    let st = child.wait().unwrap();
    unblock_experience(w.ws.path());
    assert_eq!(st.code(), Some(1));
    let dep = w.railway.live()[0].deployments[0].clone();
    assert_exactly_once(
        &w,
        w.ws.path(),
        &[("sandbox_created", &svc), ("deployment_started", &dep)],
    );

    // A fresh checkout adopts the sandbox: it recorded none of its events, records none late.
    let fresh = linked_workspace(42, None);
    let o = w.run_in(fresh.path(), &["deploy", "--timeout", "60s"]);
    assert!(o.status.success(), "{}", text(&o));
    let dep2 = w.railway.live()[0].deployments[1].clone();
    let fresh_events = experience(fresh.path());
    assert_eq!(
        counts(&fresh_events),
        counts(&[
            ("deployment_started".into(), dep2.clone()),
            ("deployment_succeeded".into(), dep2.clone())
        ])
    );

    let o = w.run(&["deploy", "--timeout", "60s"]);
    assert!(o.status.success(), "{}", text(&o));
    let dep3 = w.railway.live()[0].deployments[2].clone();
    let mine = [
        ("sandbox_created", svc.as_str()),
        ("deployment_started", &dep),
        ("deployment_succeeded", &dep),
        ("deployment_started", &dep3),
        ("deployment_succeeded", &dep3),
    ];
    let want: BTreeMap<(String, String), usize> = mine
        .iter()
        .map(|(t, id)| ((t.to_string(), id.to_string()), 1))
        .collect();
    assert_eq!(counts(&experience(w.ws.path())), want);
    let mut all: Vec<(String, String)> = experience(w.ws.path());
    all.extend(fresh_events);
    assert_eq!(counts(&w.comments()), counts(&all), "one comment per event");
}

/// How many times Railway was asked for `op`.
fn asked(w: &World, op: &str) -> usize {
    w.railway.ops().iter().filter(|o| *o == op).count()
}

#[test]
fn deploy_killed_after_railway_accepted_it_is_followed_by_the_next_run_not_started_again() {
    let w = world(&["BUILDING", "SUCCESS"]);
    let svc = create(&w);
    // serviceInstanceDeployV2 carried out on Railway; its answer held; tri SIGKILLed before
    // it learnt the deployment id: the mark of its request stays in the farm file.
    w.railway.hold("ServiceInstanceDeploy", "");
    let child = w.spawn(&["deploy", "--timeout", "60s"]);
    let pid = child.id();
    kill_when_held(&w, child);
    let dep = w.railway.live()[0].deployments.clone();
    assert_eq!(dep.len(), 1, "Railway accepted the first deploy");
    let dep = dep[0].clone();
    let e = farm_entry(&read_farm(w.ws.path()), 42);
    assert!(e["deploy_requested_at"].is_string(), "{e}");
    assert_eq!(e["deploy_requested_by"]["pid"], pid, "{e}");
    assert!(e["deploy_requested_by"]["host"].is_string(), "{e}");
    assert_exactly_once(&w, w.ws.path(), &[("sandbox_created", &svc)]);

    // At once: not refused for a process that is gone; Railway's deployment is followed.
    let o = w.run(&["deploy", "--timeout", "60s"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("already being started"), "{}", text(&o));
    assert_eq!(
        w.railway.live()[0].deployments,
        std::slice::from_ref(&dep),
        "no second deployment"
    );
    assert_eq!(asked(&w, "ServiceInstanceDeploy"), 1);
    assert_exactly_once(
        &w,
        w.ws.path(),
        &[
            ("sandbox_created", &svc),
            ("deployment_started", &dep),
            ("deployment_succeeded", &dep),
        ],
    );
    let e = farm_entry(&read_farm(w.ws.path()), 42);
    assert_eq!(e["deployment_id"], dep.as_str(), "{e}");
    assert_eq!(e["sandbox_state"], "running", "{e}");
    assert!(e.get("deploy_requested_at").is_none(), "{e}");
    assert!(e.get("deploy_requested_by").is_none(), "{e}");

    // The next deploy starts a new deployment as usual.
    let o = w.run(&["deploy", "--timeout", "60s"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(w.railway.live()[0].deployments.len(), 2);
    assert_eq!(asked(&w, "ServiceInstanceDeploy"), 2);
}

#[test]
fn deploy_killed_before_railway_was_asked_does_not_hold_off_the_next_run() {
    let w = world(&["SUCCESS"]);
    let svc = create(&w);
    // The mark is written; tri sets the health-check path (answer held) and is SIGKILLed
    // before it asks Railway to deploy.
    w.railway.hold("ServiceInstanceUpdate", "");
    kill_when_held(&w, w.spawn(&["deploy", "--timeout", "60s"]));
    assert!(w.railway.live()[0].deployments.is_empty());
    let mut e = farm_entry(&read_farm(w.ws.path()), 42);
    assert!(e["deploy_requested_by"]["host"].is_string(), "{e}");

    // The same mark copied from another machine (`.trinity/` copied): its pid cannot be
    // judged here, so it holds off a deploy as before, and Railway is not asked to deploy.
    let farm_path = w.ws.path().join(".trinity/railway_farm.json");
    let kept = std::fs::read(&farm_path).unwrap();
    let mut farm = read_farm(w.ws.path());
    for en in farm["agent_map"].as_array_mut().unwrap() {
        if en["issue"] == 42 {
            en["deploy_requested_by"]["host"] = "another-machine.example".into();
        }
    }
    std::fs::write(&farm_path, serde_json::to_vec_pretty(&farm).unwrap()).unwrap();
    let o = w.run(&["deploy", "--timeout", "60s"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("already being started"), "{}", text(&o));
    assert_eq!(asked(&w, "ServiceInstanceDeploy"), 0);
    std::fs::write(&farm_path, kept).unwrap();

    // Its own machine's mark, its process gone: Railway is asked what it holds (nothing
    // since the mark), then one deployment is started.
    let o = w.run(&["deploy", "--timeout", "60s"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(asked(&w, "LatestDeployment") >= 1);
    let deps = w.railway.live()[0].deployments.clone();
    assert_eq!(deps.len(), 1, "{deps:?}");
    assert_exactly_once(
        &w,
        w.ws.path(),
        &[
            ("sandbox_created", &svc),
            ("deployment_started", &deps[0]),
            ("deployment_succeeded", &deps[0]),
        ],
    );
    e = farm_entry(&read_farm(w.ws.path()), 42);
    assert!(e.get("deploy_requested_at").is_none(), "{e}");
}

#[test]
fn deploy_killed_after_failed_before_deployment_failed_records_it_on_the_next_run() {
    let w = world(&["BUILDING", "FAILED"]);
    let svc = create(&w);
    // Railway reported FAILED; tri is reading the log tails for deployment_failed: killed.
    w.railway.hold("BuildLogs", "DeploymentStatus");
    kill_when_held(&w, w.spawn(&["deploy", "--timeout", "60s"]));
    let dep = w.railway.live()[0].deployments[0].clone();
    assert_exactly_once(
        &w,
        w.ws.path(),
        &[("sandbox_created", &svc), ("deployment_started", &dep)],
    );

    let o = w.run(&["deploy", "--timeout", "60s"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let dep2 = w.railway.live()[0].deployments[1].clone();
    assert_exactly_once(
        &w,
        w.ws.path(),
        &[
            ("sandbox_created", &svc),
            ("deployment_started", &dep),
            ("deployment_failed", &dep),
            ("deployment_started", &dep2),
            ("deployment_failed", &dep2),
        ],
    );
    let failed =
        w.rt.block_on(comment_bodies(&w.gh))
            .into_iter()
            .find(|b| b.contains("type=deployment_failed") && b.contains(&format!("`{dep}`")))
            .unwrap();
    assert!(failed.contains("error: build step failed"), "{failed}");
}

#[test]
fn deploy_killed_after_success_while_reading_its_address_records_it_on_the_next_run() {
    let w = world(&["BUILDING", "SUCCESS"]);
    let svc = create(&w);
    // Railway reported SUCCESS; tri asks for the public address to check health: killed.
    w.railway.hold("DeploymentUrl", "DeploymentStatus");
    kill_when_held(&w, w.spawn(&["deploy", "--timeout", "60s"]));
    let dep = w.railway.live()[0].deployments[0].clone();
    assert_exactly_once(
        &w,
        w.ws.path(),
        &[("sandbox_created", &svc), ("deployment_started", &dep)],
    );
    let o = w.run(&["deploy", "--timeout", "60s"]);
    assert!(o.status.success(), "{}", text(&o));
    let dep2 = w.railway.live()[0].deployments[1].clone();
    assert_exactly_once(
        &w,
        w.ws.path(),
        &[
            ("sandbox_created", &svc),
            ("deployment_started", &dep),
            ("deployment_succeeded", &dep),
            ("deployment_started", &dep2),
            ("deployment_succeeded", &dep2),
        ],
    );
}

#[test]
fn destroy_killed_after_service_delete_records_sandbox_destroyed_on_the_next_run() {
    let w = world(&["SUCCESS"]);
    let svc = create(&w);
    // serviceDelete done; tri lists Railway for duplicates: killed there.
    w.railway.hold("EnvironmentServices", "ServiceDelete");
    kill_when_held(&w, w.spawn(&["destroy"]));
    assert!(w.railway.live().is_empty());
    assert_exactly_once(&w, w.ws.path(), &[("sandbox_created", &svc)]);

    // A fresh checkout finds nothing on Railway and knows of no event: records nothing.
    let fresh = linked_workspace(42, None);
    let o = w.run_in(fresh.path(), &["destroy"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("nothing to destroy"), "{}", text(&o));
    assert!(experience(fresh.path()).is_empty());

    for _ in 0..2 {
        let o = w.run(&["destroy"]);
        assert!(o.status.success(), "{}", text(&o));
        assert_destroyed_once(&w, &svc);
    }
    assert_one_service_deleted(&w);
}

#[test]
fn destroy_whose_delete_answer_was_lost_records_sandbox_destroyed_once() {
    let w = world(&["SUCCESS"]);
    let svc = create(&w);
    w.railway
        .state
        .lose_delete_answers
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let o = w.run(&["destroy"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_destroyed_once(&w, &svc);
    let o = w.run(&["destroy"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("nothing to destroy"), "{}", text(&o));
    assert_destroyed_once(&w, &svc);
    assert_one_service_deleted(&w);
}

#[test]
fn destroy_whose_event_write_failed_records_it_on_the_next_run() {
    let w = world(&["SUCCESS"]);
    let svc = create(&w);
    block_experience(w.ws.path());
    let o = w.run(&["destroy"]);
    unblock_experience(w.ws.path());
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(w.railway.live().is_empty());
    assert_exactly_once(&w, w.ws.path(), &[("sandbox_created", &svc)]);
    for _ in 0..2 {
        let o = w.run(&["destroy"]);
        assert!(o.status.success(), "{}", text(&o));
        assert_destroyed_once(&w, &svc);
    }
    assert_one_service_deleted(&w);
}

#[test]
fn a_sandbox_destroyed_elsewhere_is_not_recorded_again_here() {
    let w = world(&["SUCCESS"]);
    let svc = create(&w);
    let other = linked_workspace(42, None);
    let o = w.run_in(other.path(), &["destroy"]);
    assert!(o.status.success(), "{}", text(&o));
    // This checkout still maps it; Railway no longer has it: not this checkout's event.
    let o = w.run(&["destroy"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("no longer on Railway"), "{}", text(&o));
    assert_eq!(
        counts(&experience(w.ws.path())),
        counts(&[("sandbox_created".into(), svc.clone())])
    );
    assert_eq!(
        counts(&w.comments()),
        counts(&[
            ("sandbox_created".into(), svc.clone()),
            ("sandbox_destroyed".into(), svc.clone())
        ])
    );
    assert_one_service_deleted(&w);
}

/// A deploy whose sandbox `reap` destroys (in the same checkout) while the deployment is
/// followed: `deployment_started` was recorded, so it may not exit 2 ("nothing recorded").
/// It records how the deployment ended — failed, the sandbox destroyed under it — and exits
/// 1, docs/exit-codes.md's "done, recorded"; every event once, the mapping left destroyed.
#[test]
fn deploy_whose_sandbox_is_reaped_mid_way_exits_done_recorded() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let w = world(&["BUILDING"]);
    let svc = create(&w);
    let child = w.spawn(&["deploy", "--timeout", "60s"]);
    wait_for("deployment_started is recorded and followed", || {
        experience(w.ws.path())
            .iter()
            .any(|(t, _)| t == "deployment_started")
            && w.railway.ops().iter().any(|o| o == "DeploymentStatus")
    });
    // The issue is closed (and the repository readable with this token, which `reap`
    // checks before it believes an issue's state): reap, in this checkout, destroys the
    // sandbox under the deploy.
    w.rt.block_on(
        Mock::given(method("GET"))
            .and(path("/repos/octo/demo"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"full_name": "octo/demo"})),
            )
            .mount(&w.gh),
    );
    w.rt.block_on(
        Mock::given(method("GET"))
            .and(path("/repos/octo/demo/issues/42"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(
                    serde_json::json!({"number": 42, "title": "t", "state": "closed"}),
                ),
            )
            .mount(&w.gh),
    );
    let o = railway_standin::std_tri(w.ws.path())
        .env("TRI_RAILWAY_API_URL", w.railway.url())
        .env("RAILWAY_API_TOKEN", "rw-token-1")
        .env("RAILWAY_PROJECT_ID", "proj-1")
        .env("RAILWAY_ENVIRONMENT_ID", "env-1")
        .env("GH_TOKEN", "ghp_faultpoints")
        .env("GITHUB_API_URL", w.gh.uri())
        .env("TRI_GATE_DIR", w.ws.path().join(".gate"))
        .args(["agent", "reap"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(w.railway.live().is_empty(), "reaped");
    // Railway ends the deployment of the deleted service.
    *w.railway.state.script.lock().unwrap() = vec!["REMOVED".into()];
    let o = child.wait_with_output().unwrap();
    let said = text(&o);
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(said.contains("destroyed while"), "{said}");
    let dep = w.railway.state.services.lock().unwrap()[0].deployments[0].clone();
    assert_exactly_once(
        &w,
        w.ws.path(),
        &[
            ("sandbox_created", &svc),
            ("deployment_started", &dep),
            ("sandbox_destroyed", &svc),
            ("deployment_failed", &dep),
        ],
    );
    let e = farm_entry(&read_farm(w.ws.path()), 42);
    assert_eq!(e["sandbox_state"], "destroyed", "{e}");
    // Run again: nothing more is recorded, nothing is asked of a sandbox that is gone.
    let o = w.run(&["deploy", "--timeout", "60s"]);
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(experience(w.ws.path()).len(), 4);
}
