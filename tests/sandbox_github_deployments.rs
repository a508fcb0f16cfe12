//! A sandbox's GitHub deployments through the `tri` binary, against the Railway stand-in and
//! a GitHub stand-in that keeps deployments and their statuses as GitHub does
//! (`common/github_deployments.rs`):
//! - a deploy SIGKILLed while GitHub makes its deployment (the stand-in made it and holds the
//!   answer), then `sync`: one deployment;
//! - a deploy killed at each point where its GitHub deployment is open, then a deploy and a
//!   `sync`: one deployment per Railway deployment, none left `in_progress`;
//! - credentials in the service URL or the Actions server URL never reach GitHub, nor the
//!   service's probe.

#[path = "common/github_deployments.rs"]
mod github_deployments;
mod railway_standin;

use github_deployments::{Deployment, GithubDeployments, Held};
use railway_standin::{comment_bodies, github, linked_workspace, wait_for, RailwayStandIn};
use std::process::{Child, Command, Output, Stdio};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

struct World {
    rt: tokio::runtime::Runtime,
    railway: RailwayStandIn,
    gh: MockServer,
    deps: GithubDeployments,
    ws: tempfile::TempDir,
}

fn world() -> World {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let railway = rt.block_on(RailwayStandIn::start(&["SUCCESS"]));
    let gh = rt.block_on(github());
    let deps = rt.block_on(GithubDeployments::mount(&gh, "octo/demo"));
    World {
        rt,
        railway,
        gh,
        deps,
        ws: linked_workspace(42, None),
    }
}

impl World {
    /// `tri ARGS` in this checkout, deploying commit [`SHA`].
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = railway_standin::std_tri(self.ws.path());
        c.env("TRI_RAILWAY_API_URL", self.railway.url())
            .env("RAILWAY_API_TOKEN", "rw-token-1")
            .env("RAILWAY_PROJECT_ID", "proj-1")
            .env("RAILWAY_ENVIRONMENT_ID", "env-1")
            .env("GH_TOKEN", "ghp_deploymentstest")
            .env("GITHUB_API_URL", self.gh.uri())
            .env("GITHUB_SHA", SHA)
            .env("TRI_GATE_DIR", self.ws.path().join(".gate"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    /// Runs `tri ARGS` to its end; fails the test unless it exits 0.
    fn ok(&self, args: &[&str]) -> Output {
        let out = self.cmd(args).output().unwrap();
        assert!(out.status.success(), "tri {args:?}: {}", text(&out));
        out
    }

    /// Starts `tri agent sandbox deploy`, and SIGKILLs it once `held()` says a stand-in
    /// holds the answer it waits for; then lets the answer go (nowhere).
    fn deploy_killed_at(&self, held: impl Fn() -> bool, release: impl Fn()) {
        let mut child: Child = self.cmd(&["agent", "sandbox", "deploy"]).spawn().unwrap();
        wait_for("a stand-in holds the answer tri waits for", || {
            if let Some(st) = child.try_wait().unwrap() {
                let err = child.stderr.take().map(std::io::read_to_string);
                panic!("tri ended ({st}) before the fault point: {err:?}");
            }
            held()
        });
        child.kill().unwrap();
        child.wait().unwrap();
        release();
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Each deployment's statuses, as (id, [state, …]).
fn states(deps: &[Deployment]) -> Vec<(u64, Vec<String>)> {
    deps.iter()
        .map(|d| {
            let s = d
                .statuses
                .iter()
                .map(|s| s["state"].as_str().unwrap_or("?").to_string())
                .collect();
            (d.id, s)
        })
        .collect()
}

#[test]
fn a_deploy_killed_while_github_makes_its_deployment_then_sync_leaves_one() {
    let w = world();
    w.ok(&["agent", "sandbox", "create"]);
    w.deps.hold(Held::Create);
    w.deploy_killed_at(|| w.deps.held() == 1, || w.deps.release());
    // GitHub made it; tri never heard back.
    assert_eq!(w.deps.all().len(), 1);

    w.ok(&["agent", "sync"]);
    let deps = w.deps.all();
    assert_eq!(deps.len(), 1, "{:#?}", states(&deps));
    assert_eq!(deps[0].git_ref, SHA);
    // Its queued status went to it.
    assert_eq!(states(&deps), [(1, vec!["in_progress".to_string()])]);
}

/// Where a deploy is killed while its GitHub deployment is open.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// GitHub made the deployment; its answer held.
    Create,
    /// GitHub took the `in_progress` status; its answer held.
    InProgress,
    /// Railway answered a status poll while the deployment was followed; its answer held.
    Following,
}

#[test]
fn a_killed_deploy_then_deploy_and_sync_leave_every_deployment_finished() {
    for moment in [Moment::Create, Moment::InProgress, Moment::Following] {
        let w = world();
        w.ok(&["agent", "sandbox", "create"]);
        match moment {
            Moment::Create => w.deps.hold(Held::Create),
            Moment::InProgress => w.deps.hold(Held::Status),
            Moment::Following => w.railway.hold("DeploymentStatus", ""),
        }
        w.deploy_killed_at(
            || w.deps.held() + w.railway.held() == 1,
            || {
                w.deps.release();
                w.railway.release();
            },
        );
        w.ok(&["agent", "sandbox", "deploy"]);
        w.ok(&["agent", "sync"]);

        // One GitHub deployment per Railway deployment (the killed deploy's and the next),
        // the newest a success, the older made inactive by it; none left in_progress.
        let railway = w.railway.live()[0].deployments.len();
        let deps = w.deps.all();
        let seen = states(&deps);
        assert_eq!(railway, 2, "{moment:?}");
        assert_eq!(deps.len(), railway, "{moment:?}: {seen:#?}");
        let latest: Vec<Option<String>> = deps.iter().map(Deployment::latest_state).collect();
        assert_eq!(
            latest,
            [Some("inactive".to_string()), Some("success".to_string())],
            "{moment:?}: {seen:#?}"
        );
        for d in &deps {
            assert_eq!(d.git_ref, SHA);
            assert_eq!(
                d.statuses[0]["state"], "in_progress",
                "{moment:?}: {seen:#?}"
            );
        }
        // The killed deploy's deployment got its end (recorded late) before going inactive.
        assert!(
            seen[0].1.contains(&"success".to_string()),
            "{moment:?}: {seen:#?}"
        );
    }
}

#[test]
fn credentials_in_a_service_url_never_reach_github_or_the_probe() {
    let w = world();
    let service = w.rt.block_on(MockServer::start());
    w.rt.block_on(
        Mock::given(method("GET"))
            .and(path("/"))
            .respond_with(ResponseTemplate::new(200))
            .mount(&service),
    );
    let addr = service.address().to_string();
    *w.railway.state.static_url.lock().unwrap() = Some(format!("http://admin:s3cretpass@{addr}"));
    w.ok(&["agent", "sandbox", "create"]);
    let out = w
        .cmd(&["agent", "sandbox", "deploy", "--json"])
        .env(
            "GITHUB_SERVER_URL",
            "https://bot:ghs_runcredential1@github.example",
        )
        .env("GITHUB_REPOSITORY", "octo/demo")
        .env("GITHUB_RUN_ID", "7")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    let clean = format!("http://{addr}/");
    assert!(printed.contains(&clean), "{printed}");

    // The GitHub deployment: the URL that answered and the run, neither with userinfo.
    let deps = w.deps.all();
    assert_eq!(deps.len(), 1);
    let last = deps[0].statuses.last().unwrap();
    assert_eq!(last["state"], "success");
    assert_eq!(last["environment_url"], clean.as_str());
    assert_eq!(
        last["log_url"],
        "https://github.example/octo/demo/actions/runs/7"
    );
    // Nothing GitHub received, nothing printed, names either credential or its user.
    let requests = w.rt.block_on(w.gh.received_requests()).unwrap_or_default();
    assert!(!requests.is_empty());
    for r in &requests {
        let seen = format!("{} {}", r.url, String::from_utf8_lossy(&r.body));
        for secret in [
            "s3cretpass",
            "admin:",
            "admin@",
            "ghs_runcredential1",
            "bot:",
        ] {
            assert!(!seen.contains(secret), "{secret} reached GitHub: {seen}");
            assert!(!printed.contains(secret), "{secret} printed: {printed}");
        }
    }
    assert!(!w.rt.block_on(comment_bodies(&w.gh)).is_empty());
    // The probe went to the service without them.
    let probes =
        w.rt.block_on(service.received_requests())
            .unwrap_or_default();
    assert!(!probes.is_empty());
    assert!(probes
        .iter()
        .all(|r| r.headers.get("authorization").is_none()));
}
