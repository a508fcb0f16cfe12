//! Contract test: `link`, `step`, `sync`, `handoff`, `inbox`, `brief`, `finish` and the state
//! labels against GitHub's published OpenAPI description
//! (npm `@octokit/openapi`), served by Prism with `--errors`, which answers any request
//! that breaks the description with an error (and logs the violation). tri must publish
//! through it with no violation.
//!
//! Tools come from tests/contract (installed by scripts/test.sh). Without them the test
//! fails, unless `TRI_SKIP_CONTRACT=1` (then it skips, recorded: tests/common/skip.rs).
//! It counts exactly the requests the commands send, per verb and path.

mod common;

use common::*;
use predicates::prelude::*;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prism {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn start_prism() -> Option<Prism> {
    let dir = std::env::var_os("TRI_PRISM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/contract"));
    let prism = dir.join("node_modules/.bin/prism");
    let spec = dir.join("node_modules/@octokit/openapi/generated/api.github.com.json");
    if !prism.exists() || !spec.exists() {
        let msg = format!(
            "Prism or @octokit/openapi missing under {} (scripts/test.sh runs `npm ci` there)",
            dir.display()
        );
        skip::missing("CONTRACT", &msg, "./scripts/test.sh");
        return None;
    }
    let tmp = tempfile::tempdir().unwrap();
    let patched = tmp.path().join("github.json");
    let st = Command::new("node")
        .arg(dir.join("patch-spec.js"))
        .arg(&spec)
        .arg(&patched)
        .status()
        .expect("node runs");
    assert!(st.success(), "patching the spec failed");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = tmp.path().join("prism.log");
    let out = std::fs::File::create(&log).unwrap();
    let child = Command::new(&prism)
        .args([
            "mock",
            "--errors",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .arg(&patched)
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(out))
        .spawn()
        .expect("prism starts");
    let p = Prism {
        child,
        port,
        log,
        _dir: tmp,
    };
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "Prism did not start: {}",
            p.log()
        );
        // A poll for a condition (Prism listening) with a deadline: the 120 s cap only ends a
        // hung start (a hang guard, not a timed assertion); how long Prism takes changes nothing.
        std::thread::sleep(Duration::from_millis(250));
    }
    Some(p)
}

#[test]
fn link_step_and_sync_keep_to_githubs_openapi_description() {
    let Some(prism) = start_prism() else { return };
    let repo = Repo::plain();
    let with_gh = |c: &mut assert_cmd::Command| {
        c.env("GH_TOKEN", "ghp_contractcontractcontractcontract0000")
            .env("GITHUB_API_URL", prism.url())
            .env("TRI_PUBLISH_MAX_WAIT_S", "60");
    };
    repo.tri()
        .args(["agent", "link", "1347", "--repo", "octocat/Hello-World"])
        .assert()
        .success();

    // step: POST /repos/{owner}/{repo}/issues/{issue_number}/comments
    let mut c = repo.tri();
    with_gh(&mut c);
    c.args(["agent", "step", "contract: a step"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Published: https://github.com/"));

    // offline step, then sync
    repo.tri()
        .args(["agent", "step", "contract: queued"])
        .assert()
        .success();
    // a second queued step whose earlier send "may have reached GitHub": sync must first
    // list the issue's comments (GET ...?since=...&per_page=100), then post.
    repo.tri()
        .args(["agent", "step", "contract: in flight"])
        .assert()
        .success();
    let entries = repo.outbox_entries();
    assert_eq!(entries.len(), 2);
    let mut v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&entries[1]).unwrap()).unwrap();
    v["in_flight"] = serde_json::Value::Bool(true);
    std::fs::write(&entries[1], serde_json::to_vec(&v).unwrap()).unwrap();

    let mut c = repo.tri();
    with_gh(&mut c);
    c.args(["agent", "sync"]).assert().success();
    assert!(repo.outbox_entries().is_empty());

    // sticky mode: GET the comments, then POST a journal comment (or PATCH one)
    let mut c = repo.tri();
    with_gh(&mut c);
    c.args(["agent", "step", "--sticky", "contract: sticky"])
        .assert()
        .success();

    // State labels on: list the repository's labels (Prism's example has no tri: label),
    // create the label, read the issue's labels, replace them in one PUT.
    let mut c = repo.tri();
    with_gh(&mut c);
    c.env("TRI_LABELS", "1")
        .args(["agent", "step", "contract: labelled"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Label: tri:working"));
    // handoff: GET the issue (its title is the goal), then POST the comment.
    let mut c = repo.tri();
    with_gh(&mut c);
    c.args(["agent", "handoff", "contract: the next agent's task"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Published"));
    // inbox --trust author: GET the issue (its author), GET the comments.
    let mut c = repo.tri();
    with_gh(&mut c);
    c.args(["agent", "inbox", "--trust", "author"])
        .assert()
        .success();
    // brief: GET the comments (the pull and the replies), GET the issue.
    let mut c = repo.tri();
    with_gh(&mut c);
    c.args(["agent", "brief"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Refreshed from the issue"));
    // finish: POST the comment, then the labels again.
    let mut c = repo.tri();
    with_gh(&mut c);
    c.env("TRI_LABELS", "1")
        .args(["agent", "finish", "--status", "cancelled"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Published"))
        .stdout(predicate::str::contains("Label: tri:cancelled"));

    // GitHub deployments of a sandbox (issue 23), as a sandbox deploy and destroy leave them
    // queued in .trinity/deployments/ and sync sends them: POST …/deployments, POST
    // …/deployments/{id}/statuses; a status with no deployment known here first finds the
    // environment's newest one (GET …/deployments?environment=…).
    let queue = repo.dir.path().join(".trinity/deployments");
    std::fs::create_dir_all(&queue).unwrap();
    std::fs::write(
        queue.join("1347.json"),
        serde_json::json!({
            "repo": "octocat/Hello-World", "issue": 1347,
            "environment": "agent-1347-hello-world-abcdef", "deployment_id": null,
            "pending": [
                {"op": "create", "ref": "main", "environment": "agent-1347-hello-world-abcdef",
                 "description": "tri sandbox"},
                {"op": "status", "state": "in_progress", "description": "Railway is deploying"},
                {"op": "status", "state": "success",
                 "environment_url": "https://agent-1347.up.railway.app/", "description": "ok"}
            ]
        })
        .to_string(),
    )
    .unwrap();
    std::fs::write(
        queue.join("1348.json"),
        serde_json::json!({
            "repo": "octocat/Hello-World", "issue": 1348,
            "environment": "agent-1348-hello-world-abcdef", "deployment_id": null,
            "pending": [{"op": "status", "state": "inactive", "description": "destroyed"}]
        })
        .to_string(),
    )
    .unwrap();
    let mut c = repo.tri();
    with_gh(&mut c);
    let a = c.args(["agent", "sync", "--json"]).assert().success();
    let doc: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert!(
        doc["deployments"]
            .as_array()
            .is_some_and(|v| v.len() == 2 && v.iter().all(|d| d["state"] == "sent")),
        "{doc:#}"
    );

    let log = prism.log();
    let refused: Vec<&str> = log
        .lines()
        .filter(|l| (l.contains("[VALIDATOR]") && l.contains("error")) || l.contains("Violation"))
        .collect();
    assert!(
        refused.is_empty(),
        "Prism saw requests that break the description:\n{}",
        refused.join("\n")
    );
    // Exactly what the commands above sent, counted per verb and path (query dropped):
    // a request lost or added is a failure.
    let mut served: std::collections::BTreeMap<String, usize> = Default::default();
    for l in log.lines() {
        if let Some(i) = l.find("[HTTP SERVER] ") {
            let mut it = l[i + "[HTTP SERVER] ".len()..].split_whitespace();
            let (Some(verb), Some(path)) = (it.next(), it.next()) else {
                continue;
            };
            let path = path.split('?').next().unwrap();
            // A deployment's id is Prism's example: counted as `{id}`.
            let path = match path.split_once("/deployments/") {
                Some((head, tail)) => match tail.split_once('/') {
                    Some((id, rest)) if id.bytes().all(|b| b.is_ascii_digit()) => {
                        format!("{head}/deployments/{{id}}/{rest}")
                    }
                    _ => path.to_string(),
                },
                None => path.to_string(),
            };
            *served.entry(format!("{verb} {path}")).or_default() += 1;
        }
    }
    let issue = "/repos/octocat/Hello-World/issues/1347";
    let labels = "/repos/octocat/Hello-World/labels";
    let expected: std::collections::BTreeMap<String, usize> = [
        // step, sync (2 queued), sticky journal, labelled step, handoff, finish
        (format!("post {issue}/comments"), 1 + 2 + 1 + 1 + 1 + 1),
        // sync's look-up of the in-flight step, the sticky journal's search, inbox, brief
        (format!("get {issue}/comments"), 1 + 1 + 1 + 1),
        // handoff (the goal), inbox (the author), brief
        (format!("get {issue}"), 3),
        // labels, for the labelled step and for finish: list, create, read, replace
        (format!("get {labels}"), 2),
        (format!("post {labels}"), 2),
        (format!("get {issue}/labels"), 2),
        (format!("put {issue}/labels"), 2),
        // the sandbox deployments sync sent: 1347's create and two statuses; 1348's look-up
        // of its environment's newest deployment, then its `inactive` status
        ("post /repos/octocat/Hello-World/deployments".to_string(), 1),
        ("get /repos/octocat/Hello-World/deployments".to_string(), 1),
        (
            "post /repos/octocat/Hello-World/deployments/{id}/statuses".to_string(),
            3,
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(served, expected, "Prism's log:\n{log}");
}
