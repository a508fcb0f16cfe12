//! Many machines, one issue: the comments are the journal's truth, and a fresh
//! checkout rebuilds its `.trinity/` from them (docs/ci.md, "Many machines and CI runners").
//! Each checkout is a separate directory and every command a separate process, against one
//! GitHub stand-in that keeps its comments for the whole test.

mod common;

use common::faulty_github::FaultyGitHub;
use common::Repo;
use predicates::prelude::*;

fn checkout(gh: &FaultyGitHub) -> Repo {
    let repo = Repo::with_origin("octo/widgets");
    repo.tri()
        .args(["agent", "link", "77"])
        .env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .assert()
        .success();
    repo
}

fn step(repo: &Repo, gh: &FaultyGitHub, msg: &str, extra: &[&str]) {
    repo.tri()
        .args(["agent", "step", msg])
        .args(extra)
        .env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .assert()
        .success()
        .stdout(predicate::str::contains("Published"));
}

fn log_json(repo: &Repo) -> serde_json::Value {
    let out = repo
        .tri()
        .args(["agent", "log", "--limit", "0", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn steps_from_two_checkouts_appear_in_a_thirds_log_after_pull() {
    let gh = FaultyGitHub::start(0.0, 0, 7);
    let (a, b) = (checkout(&gh), checkout(&gh));
    for i in 1..=3 {
        step(
            &a,
            &gh,
            &format!("a{i}: built the parser"),
            &["--metric", "tokens=10"],
        );
        step(&b, &gh, &format!("b{i}: fixed the tests"), &[]);
    }
    // A third, fresh checkout: `link` says what is on the issue.
    let c = Repo::with_origin("octo/widgets");
    c.tri()
        .args(["agent", "link", "77"])
        .env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "6 event(s) of tri are on octo/widgets#77",
        ))
        .stdout(predicate::str::contains("tri agent pull"));
    let pull = |repo: &Repo| -> serde_json::Value {
        let out = repo
            .tri()
            .args(["agent", "pull", "--json"])
            .env("GH_TOKEN", "ghp_test")
            .env("GITHUB_API_URL", gh.url())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let first = pull(&c);
    assert_eq!(
        (first["on_issue"].as_u64(), first["new"].as_u64()),
        (Some(6), Some(6))
    );
    let second = pull(&c);
    assert_eq!(second["new"], 0, "a second pull writes nothing");
    assert_eq!(c.experience_files().len(), 6);

    let log = log_json(&c);
    let entries = log["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 6);
    let sessions: std::collections::BTreeSet<&str> = entries
        .iter()
        .map(|e| e["session"].as_str().unwrap())
        .collect();
    assert_eq!(
        sessions,
        [
            a.link()["session_id"].as_str().unwrap(),
            b.link()["session_id"].as_str().unwrap()
        ]
        .into_iter()
        .collect(),
        "every step names the session that recorded it"
    );
    // Steps are numbered per session: 1..3 in each, and the message comes back whole.
    for who in ["a", "b"] {
        let mut steps: Vec<u64> = entries
            .iter()
            .filter(|e| e["message"].as_str().unwrap().starts_with(who))
            .map(|e| e["step"].as_u64().unwrap())
            .collect();
        steps.sort();
        assert_eq!(steps, vec![1, 2, 3], "{who}");
    }
    assert!(entries.iter().all(|e| e["state"] == "published"));
    assert_eq!(log["metrics"]["tokens"], 30.0);
    // The machines that stepped also pull each other's steps, and never their own twice.
    assert_eq!(pull(&a)["new"], 3);
    assert_eq!(a.experience_files().len(), 6);
}

#[test]
fn two_checkouts_in_sticky_mode_at_once_lose_no_line() {
    let gh = FaultyGitHub::start(0.0, 0, 8);
    let (a, b) = (checkout(&gh), checkout(&gh));
    std::thread::scope(|s| {
        for (name, repo) in [("a", &a), ("b", &b)] {
            let gh = &gh;
            s.spawn(move || {
                for i in 1..=10 {
                    step(repo, gh, &format!("{name}{i} sticky"), &["--sticky"]);
                }
            });
        }
    });
    let comments = gh.comments();
    let lines: Vec<String> = comments
        .iter()
        .flat_map(|c| c.body.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| l.starts_with("- <!-- tri:event "))
        .collect();
    for name in ["a", "b"] {
        for i in 1..=10 {
            let needle = format!("— {name}{i} sticky");
            let n = lines.iter().filter(|l| l.ends_with(&needle)).count();
            assert_eq!(n, 1, "{needle}: {n} times in {} journal lines", lines.len());
        }
    }
    assert_eq!(lines.len(), 20);
    // One journal comment per session: each has a single writer.
    assert_eq!(comments.len(), 2, "{comments:?}");
    // And a fresh checkout pulls the 20 lines back as events.
    let c = Repo::with_origin("octo/widgets");
    c.tri().args(["agent", "link", "77"]).assert().success();
    c.tri()
        .args(["agent", "pull"])
        .env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .assert()
        .success()
        .stdout(predicate::str::contains("20 new here"));
}
