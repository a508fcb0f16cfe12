//! Publishing that survives GitHub: parallel steps against a GitHub stand-in that fails
//! 40% of requests in every way it can, then `sync` until it exits 0. Every step must end
//! as exactly one comment: none lost, none posted twice.

mod common;

use common::faulty_github::FaultyGitHub;
use common::*;
use std::collections::{BTreeMap, BTreeSet};

fn env_for(c: &mut assert_cmd::Command, gh: &FaultyGitHub) {
    c.env("GH_TOKEN", "ghp_faultfaultfaultfaultfaultfaultfault00")
        .env("GITHUB_API_URL", gh.url())
        .env("TRI_HTTP_TIMEOUT_S", "1")
        .env("TRI_PUBLISH_MAX_WAIT_S", "3")
        // A secondary limit without retry-after blocks every process of the machine for
        // GitHub's "at least a minute"; the stand-in's is a second.
        .env("TRI_GITHUB_SECONDARY_WAIT_S", "1");
}

/// Checks that the comments and the experience files match one to one.
fn assert_exactly_once(repo: &Repo, gh: &FaultyGitHub, expected: usize) {
    let files = repo.experience_files();
    assert_eq!(files.len(), expected, "experience files");
    let file_ids: BTreeSet<String> = files
        .iter()
        .map(|f| front(f, "event_id").unwrap())
        .collect();
    assert_eq!(file_ids.len(), expected, "event ids are unique");
    let steps: BTreeSet<u64> = files
        .iter()
        .map(|f| front(f, "step").unwrap().parse().unwrap())
        .collect();
    assert_eq!(steps.len(), expected, "step numbers are unique");
    let mut per_id: BTreeMap<String, usize> = BTreeMap::new();
    for c in gh.comments() {
        for id in marker_ids(&c.body) {
            *per_id.entry(id).or_default() += 1;
        }
    }
    let dups: Vec<_> = per_id.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "posted more than once: {dups:?}");
    let comment_ids: BTreeSet<String> = per_id.keys().cloned().collect();
    let missing: Vec<_> = file_ids.difference(&comment_ids).collect();
    assert!(missing.is_empty(), "never posted: {missing:?}");
    assert_eq!(gh.comments().len(), expected, "one comment per step");
    for f in &files {
        assert!(
            front(f, "comment_url").is_some(),
            "{} has no comment_url",
            f.display()
        );
    }
}

#[test]
fn four_processes_times_25_steps_under_40_percent_failures_post_each_step_exactly_once() {
    let gh = FaultyGitHub::start(0.4, 1_500, 0x7121);
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    std::thread::scope(|s| {
        for w in 0..4 {
            let (repo, gh) = (&repo, &gh);
            s.spawn(move || {
                for i in 0..25 {
                    let mut c = repo.tri();
                    env_for(&mut c, gh);
                    let out = c
                        .args(["agent", "step", &format!("worker {w} step {i}")])
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "step failed: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            });
        }
    });
    let mut rounds = 0;
    loop {
        rounds += 1;
        assert!(rounds <= 40, "sync did not drain the outbox in 40 rounds");
        let mut c = repo.tri();
        env_for(&mut c, &gh);
        if c.args(["agent", "sync"]).output().unwrap().status.success() {
            break;
        }
    }
    assert!(repo.outbox_entries().is_empty());
    let faults = gh.faults();
    eprintln!("faults injected: {faults:?}; sync rounds: {rounds}");
    assert!(
        faults.len() >= 6,
        "every kind of fault was exercised: {faults:?}"
    );
    assert_exactly_once(&repo, &gh, 100);
    assert_eq!(repo.link()["steps"], 100);
    // the audit log: one JSON line per action, attempts and outcomes included, no token
    let audit = std::fs::read_to_string(repo.trinity().join("audit.jsonl")).unwrap();
    assert!(
        !audit.contains("ghp_fault"),
        "the token reached the audit log"
    );
    let actions: BTreeSet<String> = audit
        .lines()
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"));
            v["action"].as_str().unwrap().to_string()
        })
        .collect();
    for a in ["link", "step", "publish", "publish_attempt", "sync"] {
        assert!(
            actions.contains(a),
            "no `{a}` line in the audit log: {actions:?}"
        );
    }
}

#[test]
fn sigkill_at_random_points_leaves_parseable_state_and_no_duplicates() {
    let gh = FaultyGitHub::start(0.0, 0, 1);
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    let bin = assert_cmd::cargo::cargo_bin("tri");
    let mut rng = fastrand::Rng::with_seed(99);
    // Writes to GitHub go through a gate that can hold them: some runs are killed while
    // their comment is on its way (an event, so those steps are recorded by construction).
    let gate = common::hold::Hold::in_front_of(&gh.url(), |head, _| {
        head.starts_with("POST ") || head.starts_with("PATCH ")
    });
    gate.release();
    let mut killed_in_flight = 0;
    for round in 0..60 {
        let sync = round % 3 == 2;
        let token = rng.bool() || sync;
        let at_send = token && rng.bool();
        let mut cmd = std::process::Command::new(&bin);
        cmd.current_dir(repo.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap())
            .env("HOME", repo.path().join(".home"))
            .env("TRI_PUBLISH_INTERVAL_MS", "0")
            .env("GITHUB_API_URL", gate.url())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if token {
            cmd.env("GH_TOKEN", "tok-kill-test");
        }
        if sync {
            cmd.args(["agent", "sync"]);
        } else {
            cmd.args(["agent", "step", &format!("round {round}")]);
        }
        let seen = gate.seen();
        if at_send {
            gate.hold_again();
        }
        let mut child = cmd.spawn().unwrap();
        if at_send {
            // Killed while its write is held (GitHub gets it after the kill, as it would).
            // Counted only when the gate saw the write: a deterministic count (a step with a
            // token always writes), not one that depends on when a random kill lands.
            if gate.wait_seen_or(seen + 1, || child.try_wait().unwrap().is_some()) {
                killed_in_flight += usize::from(!sync);
            }
        } else {
            // Fault injection, not synchronisation: the kill lands at a random moment (0 to
            // 50 ms after the spawn, wherever the run has got to by then), and no assertion
            // depends on where: each round checks only what holds after any kill (the state
            // files parse), and the counts below come from the held rounds alone
            // (`killed_in_flight`, counted when the gate saw the held write). The round plan
            // (token, sync, held) is drawn from the seeded rng, whatever the timing.
            std::thread::sleep(std::time::Duration::from_micros(rng.u64(0..50_000)));
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        gate.release();
        gate.wait_forwarded(gate.seen());
        gh.wait_idle();
        // every state file parses, whatever the moment of the kill
        let link: serde_json::Value = serde_json::from_slice(
            &std::fs::read(repo.trinity().join("current_issue.json")).unwrap(),
        )
        .unwrap_or_else(|e| panic!("round {round}: current_issue.json: {e}"));
        assert_eq!(link["issue"], 42);
        for e in repo.outbox_entries() {
            let _: serde_json::Value = serde_json::from_slice(&std::fs::read(&e).unwrap())
                .unwrap_or_else(|err| panic!("round {round}: {}: {err}", e.display()));
        }
        for f in repo.experience_files() {
            assert!(
                front(&f, "event_id").is_some(),
                "round {round}: {} has no front matter",
                f.display()
            );
        }
    }
    // one more step completes any step cut off between its outbox entry and its file
    let mut c = repo.tri();
    c.env("GITHUB_API_URL", gh.url()).env("GH_TOKEN", "tok");
    c.args(["agent", "step", "final"]).assert().success();
    for _ in 0..5 {
        let mut c = repo.tri();
        c.env("GITHUB_API_URL", gh.url()).env("GH_TOKEN", "tok");
        if c.args(["agent", "sync"]).output().unwrap().status.success() {
            break;
        }
    }
    assert!(repo.outbox_entries().is_empty());
    let n = repo.experience_files().len();
    assert!(killed_in_flight > 0, "no run was killed while sending");
    // Each run killed while its comment was being sent had recorded its step, and "final".
    assert!(
        n > killed_in_flight,
        "{n} steps recorded, {killed_in_flight} were killed while sending"
    );
    assert_exactly_once(&repo, &gh, n);
    // the step count matches what was recorded: no number was lost or given twice
    let max_step: u64 = repo
        .experience_files()
        .iter()
        .map(|f| front(f, "step").unwrap().parse::<u64>().unwrap())
        .max()
        .unwrap();
    assert_eq!(repo.link()["steps"].as_u64().unwrap(), max_step);
}

#[test]
fn bodies_over_githubs_limit_are_split_into_marked_parts() {
    let gh = FaultyGitHub::start(0.0, 0, 5);
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    let line = format!("{}\n", "y".repeat(99));
    let msg = line.repeat(1_400); // 140,000 characters
    std::fs::write(repo.path().join("big.md"), &msg).unwrap();
    let mut c = repo.tri();
    c.env("GITHUB_API_URL", gh.url()).env("GH_TOKEN", "tok");
    c.args(["agent", "step", "--file", "big.md"])
        .assert()
        .success();
    let comments = gh.comments();
    assert_eq!(comments.len(), 3);
    for (i, c) in comments.iter().enumerate() {
        assert!(c.body.chars().count() <= 65_536);
        assert!(
            c.body.contains(&format!("part={}/3", i + 1)),
            "{}",
            &c.body[..120]
        );
    }
    let f = &repo.experience_files()[0];
    assert!(
        std::fs::read_to_string(f).unwrap().contains(&msg),
        "the experience file keeps the whole message"
    );
}

#[test]
fn sticky_mode_edits_one_journal_comment_in_place() {
    let gh = FaultyGitHub::start(0.0, 0, 6);
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    for i in 0..3 {
        let mut c = repo.tri();
        c.env("GITHUB_API_URL", gh.url()).env("GH_TOKEN", "tok");
        c.args(["agent", "step", "--sticky", &format!("sticky step {i}")])
            .assert()
            .success();
    }
    // the workspace setting does the same
    std::fs::write(repo.trinity().join("config.json"), r#"{"sticky": true}"#).unwrap();
    let mut c = repo.tri();
    c.env("GITHUB_API_URL", gh.url()).env("GH_TOKEN", "tok");
    c.args(["agent", "step", "sticky by setting"])
        .assert()
        .success();
    let comments = gh.comments();
    assert_eq!(comments.len(), 1, "one journal comment");
    let body = &comments[0].body;
    // One journal comment per session (docs/ci.md, "Many machines"): this link's.
    let session = repo.link()["session_id"].as_str().unwrap().to_string();
    assert!(body.starts_with(&format!("<!-- tri:journal issue=42 session={session} -->")));
    assert_eq!(marker_ids(body).len(), 4);
    for i in 0..3 {
        assert!(body.contains(&format!("sticky step {i}")));
    }
    assert!(body.contains("sticky by setting"));
}
