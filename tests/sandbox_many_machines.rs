//! Issues 12 and 16 through the real binary: Railway is the truth for sandboxes, and a
//! sandbox belongs to a repository's issue. Every "machine" is a fresh temp dir; they share
//! only the stateful Railway stand-in (which validates every request against Railway's
//! schema) and the GitHub stand-in.

#[path = "common/hold.rs"]
mod hold;
mod railway_standin;

use railway_standin::{out_err, Farmland};
use serde_json::{json, Value};

#[test]
fn readme_workflow_over_three_fresh_checkouts_leaves_one_sandbox_then_none() {
    let f = Farmland::start();
    let repo = "octo/demo";
    let (c1, c2, c3) = (f.checkout(), f.checkout(), f.checkout());

    let a = f.on_event(c1.path(), &Farmland::payload(repo, 77, "opened"));
    let (o, e) = out_err(&a);
    assert!(a.get_output().status.success(), "{o}\n{e}");
    assert_eq!(f.live_for(repo, 77).len(), 1);
    let name = tri::sandbox::naming::service_name(repo, 77);
    assert_eq!(f.live_for(repo, 77)[0].name, name);

    // Reopened on a second runner: the sandbox is found on Railway, not made again.
    let a = f.on_event(c2.path(), &Farmland::payload(repo, 77, "reopened"));
    let (o, e) = out_err(&a);
    assert!(a.get_output().status.success(), "{o}\n{e}");
    assert!(o.contains("adopted") || o.contains("Found sandbox"), "{o}");
    assert_eq!(f.live_for(repo, 77).len(), 1, "one sandbox while open");

    // A fresh checkout (not even linked) reads its status and logs from Railway.
    let c4 = f.checkout();
    let a = f
        .tri(c4.path())
        .args([
            "agent",
            "sandbox",
            "status",
            "--issue",
            "octo/demo#77",
            "--json",
        ])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["mapping"]["service_name"], name.as_str(), "{v}");
    assert_eq!(v["railway_status"], "SUCCESS", "{v}");
    let a = f
        .tri(c4.path())
        .args(["agent", "sandbox", "logs", "--issue", "octo/demo#77"])
        .assert()
        .success();
    assert!(
        out_err(&a).0.contains("listening on :8080"),
        "{:?}",
        out_err(&a)
    );

    // Closed on a third: destroyed, with sandbox_destroyed on the issue.
    let a = f.on_event(c3.path(), &Farmland::payload(repo, 77, "closed"));
    let (o, e) = out_err(&a);
    assert!(a.get_output().status.success(), "{o}\n{e}");
    assert!(!o.contains("nothing to destroy"), "{o}");
    assert!(f.live_for(repo, 77).is_empty(), "none after close");
    assert!(f.railway.live().is_empty());
    let types = f.events_on(repo, 77);
    assert_eq!(
        types.iter().filter(|t| *t == "sandbox_created").count(),
        1,
        "{types:?}"
    );
    assert_eq!(
        types.iter().filter(|t| *t == "sandbox_destroyed").count(),
        1,
        "{types:?}"
    );
    // Closing again anywhere is a no-op.
    let a = f.on_event(c1.path(), &Farmland::payload(repo, 77, "closed"));
    assert!(a.get_output().status.success());
    assert_eq!(
        f.events_on(repo, 77)
            .iter()
            .filter(|t| *t == "sandbox_destroyed")
            .count(),
        1
    );
    assert!(f.railway.invalid().is_empty(), "{:?}", f.railway.invalid());
}

#[test]
fn an_ambiguous_create_then_a_create_elsewhere_ends_with_one_service() {
    let f = Farmland::start();
    let repo = "octo/demo";
    let (c1, c2) = (f.checkout(), f.checkout());
    // Railway makes the service but the answer is lost (502 from the gateway).
    f.railway
        .state
        .lose_create_answers
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let a = f.on_event(c1.path(), &Farmland::payload(repo, 5, "opened"));
    let (o, e) = out_err(&a);
    assert_eq!(a.get_output().status.code(), Some(1), "{o}\n{e}");
    assert!(e.contains("no answer"), "{e}");
    assert!(e.contains("again"), "{e}");
    assert_eq!(
        f.railway
            .ops()
            .iter()
            .filter(|o| *o == "ServiceCreate")
            .count(),
        1,
        "never re-sent"
    );
    assert_eq!(f.live_for(repo, 5).len(), 1, "Railway made it");

    // Another machine: adopts it.
    let a = f.on_event(c2.path(), &Farmland::payload(repo, 5, "opened"));
    let (o, e) = out_err(&a);
    assert!(a.get_output().status.success(), "{o}\n{e}");
    assert_eq!(f.live_for(repo, 5).len(), 1);
    // The first machine again (its mapping left `creating`): adopts too.
    let a = f
        .tri(c1.path())
        .args(["agent", "sandbox", "create", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["adopted"], true, "{v}");
    assert_eq!(f.live_for(repo, 5).len(), 1);
    assert_eq!(
        f.railway
            .ops()
            .iter()
            .filter(|o| *o == "ServiceCreate")
            .count(),
        1
    );
}

#[test]
fn runners_racing_on_one_issue_end_with_one_service() {
    let f = Farmland::start();
    let repo = "octo/demo";
    let issue = 100;
    const RUNNERS: usize = 3;
    // Railway as it may be: a later service can carry an older `createdAt` than its id says,
    // and the listing comes newest first. The oldest by `createdAt` must win, not the first
    // listed nor the lowest id.
    let st = &f.railway.state;
    st.created_at_backwards
        .store(true, std::sync::atomic::Ordering::SeqCst);
    st.list_newest_first
        .store(true, std::sync::atomic::Ordering::SeqCst);
    // Every runner's serviceCreate is held until all have sent one: each looked before any
    // service existed, so each makes its own (the race, by construction).
    let gate = hold::Hold::in_front_of(&f.railway.url(), |_, body| {
        hold::gql_op(body) == "ServiceCreate"
    });
    let via_gate = format!("{}/graphql/v2", gate.url());
    let dirs: Vec<_> = (0..RUNNERS).map(|_| f.checkout()).collect();
    let mut children: Vec<_> = dirs
        .iter()
        .map(|d| {
            let p = d.path().join("event.json");
            std::fs::write(
                &p,
                serde_json::to_vec(&Farmland::payload(repo, issue, "opened")).unwrap(),
            )
            .unwrap();
            let mut c = f.std_tri(d.path());
            c.env("GITHUB_EVENT_NAME", "issues")
                .env("GITHUB_EVENT_PATH", &p)
                .env("TRI_RAILWAY_API_URL", &via_gate)
                .args(["agent", "on-issue-event", "--timeout", "30s"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let all_sent = gate.wait_seen_or(RUNNERS, || {
        children.iter_mut().any(|c| c.try_wait().unwrap().is_some())
    });
    assert!(all_sent, "a runner ended before sending its serviceCreate");
    gate.release();
    for ch in children {
        let out = ch.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let all: Vec<_> = st
        .services
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.vars.get("TRI_ISSUE") == Some(&json!(issue.to_string())))
        .cloned()
        .collect();
    assert_eq!(all.len(), RUNNERS, "each runner made one: {all:?}");
    let oldest = all
        .iter()
        .min_by(|a, b| a.created_at.cmp(&b.created_at))
        .unwrap();
    let lowest_id = all
        .iter()
        .min_by_key(|s| s.id.trim_start_matches("svc-").parse::<u64>().unwrap())
        .unwrap();
    assert_ne!(
        oldest.id, lowest_id.id,
        "the stand-in's orders must disagree"
    );
    let live = f.live_for(repo, issue);
    assert_eq!(live.len(), 1, "{live:?}");
    assert_eq!(
        live[0].id, oldest.id,
        "the oldest (createdAt) wins, not the first listed or the lowest id"
    );
    assert!(f.railway.invalid().is_empty(), "{:?}", f.railway.invalid());
}

#[test]
fn two_repositories_share_an_issue_number_and_a_project() {
    let f = Farmland::start();
    let (w, g) = ("acme/widgets", "acme/gadgets");
    let a = f.on_event(f.checkout().path(), &Farmland::payload(w, 7, "opened"));
    assert!(a.get_output().status.success(), "{:?}", out_err(&a));
    let a = f.on_event(f.checkout().path(), &Farmland::payload(g, 7, "opened"));
    assert!(a.get_output().status.success(), "{:?}", out_err(&a));
    assert_eq!(f.live_for(w, 7).len(), 1);
    assert_eq!(f.live_for(g, 7).len(), 1);
    assert_ne!(f.live_for(w, 7)[0].name, f.live_for(g, 7)[0].name);

    // Closing widgets#7 on a fresh checkout destroys only its own.
    let a = f.on_event(f.checkout().path(), &Farmland::payload(w, 7, "closed"));
    assert!(a.get_output().status.success(), "{:?}", out_err(&a));
    assert!(f.live_for(w, 7).is_empty());
    assert_eq!(f.live_for(g, 7).len(), 1, "gadgets#7 untouched");
    assert_eq!(
        f.events_on(w, 7)
            .iter()
            .filter(|t| *t == "sandbox_destroyed")
            .count(),
        1
    );
    assert!(!f.events_on(g, 7).contains(&"sandbox_destroyed".to_string()));
}

#[test]
fn trinity_agent_n_services_belong_to_the_farm_repository_only() {
    let f = Farmland::start();
    let legacy = f.railway.seed("agent-9", "env-1", json!({}));
    // Another repository's issue 9: trinity's agent-9 is not its sandbox.
    let other = f.checkout();
    let p = other.path().join("event.json");
    std::fs::write(
        &p,
        serde_json::to_vec(&Farmland::payload("acme/other", 9, "closed")).unwrap(),
    )
    .unwrap();
    let a = f
        .tri(other.path())
        .env("TRI_FARM_REPO", "acme/farm")
        .env("GITHUB_EVENT_NAME", "issues")
        .env("GITHUB_EVENT_PATH", &p)
        .args(["agent", "on-issue-event"])
        .assert()
        .success();
    assert!(
        out_err(&a).0.contains("nothing to destroy"),
        "{:?}",
        out_err(&a)
    );
    assert!(f.railway.live().iter().any(|s| s.id == legacy));

    // The farm repository's checkout: farm sync maps it there, show prints the repository.
    let farm = f.checkout();
    std::fs::create_dir_all(farm.path().join(".trinity")).unwrap();
    std::fs::write(
        farm.path().join(".trinity/config.json"),
        r#"{"farm_repo": "acme/farm"}"#,
    )
    .unwrap();
    f.tri(farm.path())
        .args(["agent", "farm", "sync"])
        .assert()
        .success();
    let a = f
        .tri(farm.path())
        .args(["agent", "farm", "show", "acme/farm#9"])
        .assert()
        .success();
    let (o, _) = out_err(&a);
    assert!(o.contains("repository:     acme/farm"), "{o}");
    assert!(o.contains(&legacy), "{o}");
    // Closing acme/farm#9 destroys trinity's agent-9.
    std::fs::write(
        &p,
        serde_json::to_vec(&Farmland::payload("acme/farm", 9, "closed")).unwrap(),
    )
    .unwrap();
    let a = f
        .tri(farm.path())
        .env("GITHUB_EVENT_NAME", "issues")
        .env("GITHUB_EVENT_PATH", &p)
        .args(["agent", "on-issue-event"])
        .assert();
    assert!(a.get_output().status.success(), "{:?}", out_err(&a));
    assert!(!f.railway.live().iter().any(|s| s.id == legacy));
}

#[test]
fn on_issue_event_json_is_one_document() {
    let f = Farmland::start();
    let dir = f.checkout();
    let p = dir.path().join("event.json");
    let run = |action: &str| {
        std::fs::write(
            &p,
            serde_json::to_vec(&Farmland::payload("octo/demo", 3, action)).unwrap(),
        )
        .unwrap();
        let a = f
            .tri(dir.path())
            .env("GITHUB_EVENT_NAME", "issues")
            .env("GITHUB_EVENT_PATH", &p)
            .args(["agent", "on-issue-event", "--json"])
            .assert()
            .success();
        let v: Value = serde_json::from_slice(&a.get_output().stdout)
            .unwrap_or_else(|e| panic!("{e}: {:?}", out_err(&a)));
        v
    };
    let v = run("opened");
    assert_eq!(v["reaction"], "create_and_deploy", "{v}");
    assert_eq!(v["repo"], "octo/demo");
    assert_eq!(v["create"]["created"], true);
    assert_eq!(v["deploy"]["result"], "succeeded");
    let v = run("labeled");
    assert_eq!(v["reaction"], "ignore");
    let v = run("closed");
    assert_eq!(v["destroy"]["destroyed"], true, "{v}");
}

#[test]
fn a_mapping_whose_service_was_destroyed_elsewhere_is_marked_gone() {
    let f = Farmland::start();
    let repo = "octo/demo";
    let (c1, c2) = (f.checkout(), f.checkout());
    let a = f.on_event(c1.path(), &Farmland::payload(repo, 8, "opened"));
    assert!(a.get_output().status.success(), "{:?}", out_err(&a));
    let first = f.live_for(repo, 8)[0].id.clone();
    let a = f.on_event(c2.path(), &Farmland::payload(repo, 8, "closed"));
    assert!(a.get_output().status.success(), "{:?}", out_err(&a));
    assert!(f.live_for(repo, 8).is_empty());
    // c1 still maps it: deploy says it is gone.
    let a = f
        .tri(c1.path())
        .args(["agent", "sandbox", "deploy"])
        .assert()
        .code(2);
    assert!(
        out_err(&a).1.contains("no longer on Railway"),
        "{:?}",
        out_err(&a)
    );
    // Reopened on c1: a new sandbox, not "already has one".
    let a = f.on_event(c1.path(), &Farmland::payload(repo, 8, "reopened"));
    assert!(a.get_output().status.success(), "{:?}", out_err(&a));
    let live = f.live_for(repo, 8);
    assert_eq!(live.len(), 1);
    assert_ne!(live[0].id, first);
    let farm = railway_standin::read_farm(c1.path());
    let old = farm["agent_map"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["service_id"] == first.as_str())
        .cloned()
        .unwrap();
    assert_eq!(old["status"], "STOPPED", "{old}");
    assert!(old["gone_at"].is_string());
}

/// Three `sandbox create` at once in one checkout: they take turns on the checkout's create
/// lock. The first is held inside its `serviceCreate` (the lock held) until the other two
/// say they wait for it, then all go on: Railway made one service, the two others report
/// it (exit 0), and none is left behind.
#[test]
fn three_creates_at_once_in_one_checkout_make_one_service() {
    use std::io::BufRead;
    let f = Farmland::start();
    let (repo, issue) = ("octo/demo", 101);
    let ws = railway_standin::linked_workspace(issue, None);
    let gate = hold::Hold::in_front_of(&f.railway.url(), |_, body| {
        hold::gql_op(body) == "ServiceCreate"
    });
    let via_gate = format!("{}/graphql/v2", gate.url());
    let waiting = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut children: Vec<_> = (0..3)
        .map(|_| {
            let mut ch = f
                .std_tri(ws.path())
                .env("TRI_RAILWAY_API_URL", &via_gate)
                .args(["agent", "sandbox", "create"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            // Each child's lines, counted as they come: "waiting" says it waits on the lock.
            let out = ch.stdout.take().unwrap();
            let waiting = waiting.clone();
            let lines = std::thread::spawn(move || {
                let mut all = String::new();
                for l in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                    if l == tri::sandbox::lifecycle::WAITING {
                        waiting.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    all.push_str(&l);
                    all.push('\n');
                }
                all
            });
            (ch, lines)
        })
        .collect();
    // Either all three are inside a serviceCreate at once (creates not serialised), or two
    // wait for the one holding the lock (it is, or will be, held inside its serviceCreate).
    gate.wait_seen_or(3, || {
        waiting.load(std::sync::atomic::Ordering::SeqCst) >= 2
            || children
                .iter_mut()
                .any(|(c, _)| c.try_wait().unwrap().is_some())
    });
    gate.release();
    let mut said = String::new();
    for (ch, lines) in children {
        let out = ch.wait_with_output().unwrap();
        let stdout = lines.join().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        said.push_str(&stdout);
    }
    let made = f.railway.state.services.lock().unwrap().len();
    assert_eq!(made, 1, "one serviceCreate: {said}");
    assert_eq!(f.live_for(repo, issue).len(), 1, "{said}");
    assert_eq!(said.matches("already has sandbox").count(), 2, "{said}");
    assert_eq!(
        f.events_on(repo, issue)
            .iter()
            .filter(|t| *t == "sandbox_created")
            .count(),
        1
    );
    assert!(f.railway.invalid().is_empty(), "{:?}", f.railway.invalid());
}

/// An `opened` delivered after the issue was closed (events come late or out of order):
/// GitHub is asked the issue's state now, and a closed issue starts nothing — no service,
/// no deployment — with one line saying why, exit 0, and nothing written in the checkout.
#[test]
fn opened_for_an_issue_closed_by_now_starts_nothing() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let f = Farmland::start();
    let (repo, issue) = ("octo/demo", 102);
    f.rt.block_on(
        Mock::given(method("GET"))
            .and(path(format!("/repos/{repo}/issues/{issue}")))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"number": issue, "title": "t", "state": "closed"})),
            )
            .mount(&f.gh),
    );
    let dir = f.checkout();
    let a = f.on_event(dir.path(), &Farmland::payload(repo, issue, "opened"));
    let (o, e) = out_err(&a);
    assert_eq!(a.get_output().status.code(), Some(0), "{o}\n{e}");
    assert!(
        o.contains("no sandbox") && o.contains("closed now"),
        "{o}\n{e}"
    );
    assert!(f.railway.state.services.lock().unwrap().is_empty(), "{o}");
    let ops = f.railway.ops();
    assert!(
        !ops.iter()
            .any(|op| op == "ServiceCreate" || op == "ServiceInstanceDeploy"),
        "{ops:?}"
    );
    assert!(f.events_on(repo, issue).is_empty());
    assert!(!dir.path().join(".trinity").exists(), "nothing written");

    // An issue GitHub says is open: the same checkout starts its sandbox.
    let b = f.on_event(dir.path(), &Farmland::payload(repo, 103, "reopened"));
    assert!(b.get_output().status.success(), "{:?}", out_err(&b));
    assert_eq!(f.live_for(repo, 103).len(), 1);
}

/// Two checkouts handle `opened` at once. The first has started its deployment and is
/// held at its first status poll (a holding proxy in front of Railway for it alone);
/// meanwhile the second finds the sandbox and that deployment in progress, reports it and
/// starts none (exit 0, nothing recorded). Then the first follows its deployment to the
/// end: one service, one deployment, each event once.
#[test]
fn two_checkouts_handling_opened_at_once_start_one_deployment() {
    let f = Farmland::start();
    let (repo, issue) = ("octo/demo", 104);
    // The second runner's status check sees BUILDING; the first then sees SUCCESS.
    *f.railway.state.script.lock().unwrap() = vec!["BUILDING".into(), "SUCCESS".into()];
    let gate = hold::Hold::in_front_of(&f.railway.url(), |_, body| {
        hold::gql_op(body) == "DeploymentStatus"
    });
    let (c1, c2) = (f.checkout(), f.checkout());
    let p = c1.path().join("event.json");
    std::fs::write(
        &p,
        serde_json::to_vec(&Farmland::payload(repo, issue, "opened")).unwrap(),
    )
    .unwrap();
    let mut first = f
        .std_tri(c1.path())
        .env("TRI_RAILWAY_API_URL", format!("{}/graphql/v2", gate.url()))
        .env("GITHUB_EVENT_NAME", "issues")
        .env("GITHUB_EVENT_PATH", &p)
        .args(["agent", "on-issue-event", "--timeout", "30s"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let held = gate.wait_seen_or(1, || first.try_wait().unwrap().is_some());
    assert!(
        held,
        "the first runner ended before following its deployment"
    );
    let a = f.on_event(c2.path(), &Farmland::payload(repo, issue, "opened"));
    let (o, e) = out_err(&a);
    gate.release();
    assert_eq!(a.get_output().status.code(), Some(0), "{o}\n{e}");
    let deployments = f.live_for(repo, issue)[0].deployments.clone();
    assert_eq!(deployments.len(), 1, "the second started another: {o}\n{e}");
    assert!(o.contains("already in progress"), "{o}\n{e}");
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let live = f.live_for(repo, issue);
    assert_eq!(live.len(), 1, "{live:?}");
    assert_eq!(live[0].deployments.len(), 1, "{live:?}");
    let types = f.events_on(repo, issue);
    for t in [
        "sandbox_created",
        "deployment_started",
        "deployment_succeeded",
    ] {
        assert_eq!(
            types.iter().filter(|x| *x == t).count(),
            1,
            "{t}: {types:?}"
        );
    }
    // The second checkout's mapping names the deployment in progress.
    let e = railway_standin::farm_entry(&railway_standin::read_farm(c2.path()), issue);
    assert_eq!(e["deployment_id"], live[0].deployments[0].as_str(), "{e}");
    assert_eq!(e["sandbox_state"], "deploying", "{e}");
    assert!(f.railway.invalid().is_empty(), "{:?}", f.railway.invalid());
}
