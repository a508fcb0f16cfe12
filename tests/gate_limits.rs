//! The machine-wide rate-limit gate, with the real binary: several tri processes on one
//! machine (one gate directory) against a stand-in that enforces GitHub's secondary limits,
//! scaled down (tests/common/limited_github.rs).

mod common;

use common::limited_github::{LimitedGitHub, Rules, Scripted};
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

const TOKEN: &str = "ghp_gategategategategategategategate00";

/// GitHub's limits, scaled down: 20 content-creating requests per 10 s, a 3 s block.
const RULES: Rules = Rules {
    per_window: 20,
    window: Duration::from_secs(10),
    block: Duration::from_secs(3),
    send: Duration::from_millis(20),
};

/// tri for `repo` on this machine: the shared gate directory, the stand-in, and limits
/// that keep under its rules (starts at least 600 ms + a send apart: at most 17 in any
/// 10 s; per minute well under its 120).
fn tri(repo: &Repo, gate_dir: &Path, gh: &LimitedGitHub) -> assert_cmd::Command {
    let mut c = repo.tri();
    c.env("GH_TOKEN", TOKEN)
        .env("GITHUB_API_URL", gh.url())
        .env("TRI_GATE_DIR", gate_dir)
        .env("TRI_PUBLISH_INTERVAL_MS", "600")
        .env("TRI_GITHUB_PER_MINUTE", "100")
        .env("TRI_PUBLISH_MAX_WAIT_S", "10")
        .env("TRI_HTTP_TIMEOUT_S", "5");
    c
}

fn linked(issue: u64) -> Repo {
    let repo = Repo::with_origin("octo/demo");
    repo.tri()
        .args(["agent", "link", &issue.to_string()])
        .assert()
        .success();
    repo
}

fn stdout_of(c: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every experience file of `repo` is on the stand-in exactly once, and nothing else is.
fn assert_each_step_once(repo: &Repo, issue: u64, gh: &LimitedGitHub, steps: usize) {
    let files = repo.experience_files();
    assert_eq!(files.len(), steps, "issue {issue}: experience files");
    let mut per_id: BTreeMap<String, usize> = BTreeMap::new();
    for c in gh.comments().iter().filter(|c| c.issue == issue) {
        for id in marker_ids(&c.body) {
            *per_id.entry(id).or_default() += 1;
        }
    }
    for f in &files {
        let id = front(f, "event_id").unwrap();
        assert_eq!(
            per_id.get(&id),
            Some(&1),
            "issue {issue}: event {id} posted {:?} times",
            per_id.get(&id)
        );
        assert!(
            front(f, "comment_url").is_some(),
            "{} has no URL",
            f.display()
        );
    }
    assert_eq!(per_id.len(), steps, "issue {issue}: comments");
}

#[test]
fn six_processes_times_12_steps_keep_the_limits_of_one_machine() {
    let gh = LimitedGitHub::start(RULES);
    // GitHub limits the 30th content-creating request on its own (429, retry-after: 3):
    // every process must hold off until then.
    gh.script(30, Scripted::Limit(3));
    let gate = tempfile::tempdir().unwrap();
    let repos: Vec<(u64, Repo)> = (0..6).map(|w| (101 + w, linked(101 + w))).collect();
    std::thread::scope(|s| {
        for (issue, repo) in &repos {
            let (gh, gate) = (&gh, gate.path());
            s.spawn(move || {
                for i in 0..12 {
                    let (code, _, err) = stdout_of(tri(repo, gate, gh).args([
                        "agent",
                        "step",
                        &format!("#{issue} step {i}"),
                    ]));
                    assert_eq!(code, 0, "step failed: {err}");
                }
            });
        }
    });
    for (issue, repo) in &repos {
        // A sync stops at its wait budget (exit 1, the rest kept queued): on a busy machine
        // the pacing and a block can use it up, so sync again until the queue is empty.
        let mut last = String::new();
        for _ in 0..5 {
            let (code, _, err) = stdout_of(tri(repo, gate.path(), &gh).args(["agent", "sync"]));
            last = err;
            if code == 0 {
                break;
            }
            assert_eq!(code, 1, "sync of #{issue}: {last}");
        }
        assert!(repo.outbox_entries().is_empty(), "sync of #{issue}: {last}");
    }
    let seen = gh.seen();
    eprintln!("stand-in saw: {seen:?}");
    for (issue, repo) in &repos {
        assert_each_step_once(repo, *issue, &gh, 12);
    }
    assert_eq!(seen.inside_block, 0, "requests inside a block: {seen:?}");
    assert_eq!(seen.concurrent, 0, "concurrent sends: {seen:?}");
    assert_eq!(seen.over_window, 0, "sends over the window: {seen:?}");
    assert!(seen.limit_answers <= 3, "limit answers: {seen:?}");
    assert!(
        seen.limit_answers >= 1,
        "the scripted limit was answered: {seen:?}"
    );
}

#[test]
fn a_block_seen_by_one_process_queues_the_next_without_a_request() {
    let gh = LimitedGitHub::start(RULES);
    gh.script(1, Scripted::Limit(120));
    let gate = tempfile::tempdir().unwrap();
    let (a, b) = (linked(7), linked(8));
    let (code, out, _) = stdout_of(tri(&a, gate.path(), &gh).args(["agent", "step", "first"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("Queued: GitHub asked to wait until ") && out.contains(" UTC"),
        "{out}"
    );
    let before = gh.seen();
    assert_eq!(before.requests, 1);

    // Another process, another workspace: queued at once, no request.
    let (code, out, _) = stdout_of(tri(&b, gate.path(), &gh).args(["agent", "step", "second"]));
    assert_eq!(code, 0);
    assert!(out.contains("Queued: GitHub asked to wait until "), "{out}");
    assert_eq!(
        gh.seen(),
        before,
        "the stand-in saw a request during the block"
    );
    assert_eq!(b.outbox_entries().len(), 1);

    let (_, out, _) = stdout_of(tri(&b, gate.path(), &gh).args(["agent", "status"]));
    assert!(
        out.contains("rate limit") && out.contains("retry-after: 120"),
        "{out}"
    );
    let (_, out, _) = stdout_of(tri(&b, gate.path(), &gh).args(["agent", "status", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["rate_limit"]["until"].is_string(), "{v}");

    let (code, _, err) = stdout_of(tri(&b, gate.path(), &gh).args(["agent", "sync", "--no-wait"]));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("stopped early: GitHub asked to wait until"),
        "{err}"
    );
    assert_eq!(gh.seen(), before, "sync --no-wait sent a request");
    assert_eq!(b.outbox_entries().len(), 1, "the queue is left as it was");

    // Clearing the gate (deleting its files) forgets the block.
    for f in std::fs::read_dir(gate.path()).unwrap() {
        std::fs::remove_file(f.unwrap().path()).unwrap();
    }
    let (_, out, _) = stdout_of(tri(&b, gate.path(), &gh).args(["agent", "status"]));
    assert!(!out.contains("rate limit"), "{out}");
    assert_eq!(gh.seen(), before, "status sent a request");
}

#[test]
fn sync_waits_out_a_block_and_says_until_when() {
    let gh = LimitedGitHub::start(RULES);
    gh.script(1, Scripted::Limit(2));
    let gate = tempfile::tempdir().unwrap();
    let repo = linked(9);
    let mut c = tri(&repo, gate.path(), &gh);
    c.env("TRI_PUBLISH_MAX_WAIT_S", "0");
    let (code, out, _) = stdout_of(c.args(["agent", "step", "one"]));
    assert_eq!(code, 0);
    assert!(out.contains("Queued: GitHub asked to wait until"), "{out}");
    let mut c = tri(&repo, gate.path(), &gh);
    c.env("TRI_PUBLISH_MAX_WAIT_S", "0");
    let (code, _, err) = stdout_of(c.args(["agent", "sync"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Waiting: GitHub asked to wait until"), "{err}");
    assert_each_step_once(&repo, 9, &gh, 1);
    assert_eq!(gh.seen().inside_block, 0);
}

#[test]
fn a_killed_process_holding_the_gate_does_not_stall_the_next() {
    let gh = LimitedGitHub::start(RULES);
    // The first POST is written but answered only after 60 s.
    gh.script(1, Scripted::Slow(Duration::from_secs(60)));
    let gate = tempfile::tempdir().unwrap();
    let (a, b) = (linked(11), linked(12));
    let bin = assert_cmd::cargo::cargo_bin("tri");
    let mut holder = std::process::Command::new(bin)
        .current_dir(a.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap())
        .env("HOME", a.path().join(".home"))
        .env("GH_TOKEN", TOKEN)
        .env("GITHUB_API_URL", gh.url())
        .env("TRI_GATE_DIR", gate.path())
        .env("TRI_HTTP_TIMEOUT_S", "120")
        .env("TRI_PUBLISH_INTERVAL_MS", "0")
        .args(["agent", "step", "held"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let t0 = std::time::Instant::now();
    while gh.seen().posts == 0 {
        assert!(
            holder.try_wait().unwrap().is_none(),
            "the holder ended early"
        );
        // A hang guard, not a timed assertion: fails rather than waiting for ever.
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "the stand-in never saw the held POST"
        );
        // A poll for a condition (the stand-in saw the POST) with the deadline above; how
        // long the step takes to send changes nothing.
        std::thread::sleep(Duration::from_millis(20));
    }
    // It holds the serial slot while it waits for the answer: kill it there.
    holder.kill().unwrap();
    holder.wait().unwrap();
    let mut c = tri(&b, gate.path(), &gh);
    c.env("TRI_PUBLISH_MAX_WAIT_S", "2")
        .env("TRI_PUBLISH_INTERVAL_MS", "0");
    let (code, out, err) = stdout_of(c.args(["agent", "step", "next"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Published: "),
        "the next step was not held: {out}{err}"
    );
    // The killed step was written; sync finds it rather than posting it again.
    let (code, _, err) = stdout_of(tri(&a, gate.path(), &gh).args(["agent", "sync"]));
    assert_eq!(code, 0, "{err}");
    assert_each_step_once(&a, 11, &gh, 1);
    assert_each_step_once(&b, 12, &gh, 1);
}

#[test]
fn a_corrupt_gate_state_file_is_replaced_with_a_warning() {
    let gh = LimitedGitHub::start(RULES);
    let gate = tempfile::tempdir().unwrap();
    let repo = linked(13);
    let (code, _, err) = stdout_of(tri(&repo, gate.path(), &gh).args(["agent", "step", "a"]));
    assert_eq!(code, 0, "{err}");
    let state: Vec<_> = std::fs::read_dir(gate.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(
        state.len(),
        1,
        "one state file per host and token: {state:?}"
    );
    let name = state[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("github-") && !name.contains(TOKEN),
        "{name}"
    );
    std::fs::write(&state[0], b"{\"sends_ms\": [1,").unwrap();
    let (code, out, err) = stdout_of(tri(&repo, gate.path(), &gh).args(["agent", "step", "b"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Published: "), "{out}");
    assert_eq!(
        err.matches("tri: warning: the rate-limit gate's state file")
            .count(),
        1,
        "{err}"
    );
    let text = std::fs::read_to_string(&state[0]).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).expect("the state file was replaced");
    assert!(v["sends_ms"].is_array(), "{v}");
    assert!(!text.contains(TOKEN));
    assert_each_step_once(&repo, 13, &gh, 2);
}
