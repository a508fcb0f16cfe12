//! Secrets where no message redaction looked (a metric name, credentials in
//! `GITHUB_SERVER_URL`), the pace of `tri agent wait`'s polling, and `--json`'s quiet stderr —
//! each through the real binary against a GitHub stand-in that counts what it received (no
//! sleeps; the pacing tests bound how many requests a time-out allows, never how long
//! anything took).

mod common;

#[path = "common/reply_github.rs"]
mod reply_github;

use common::Repo;
use reply_github::ReplyGitHub;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

const ISSUE: u64 = 31;
/// A GitHub token's shape: `ghp_` and 36 letters and digits.
const TOKEN: &str = "ghp_Leak0Leak1Leak2Leak3Leak4Leak5Leak6L";
/// A password no rule knows by its shape: only its place in the URL says it is one.
const PASSWORD: &str = "hunter2-pass-word-77";

fn online(repo: &Repo, gh: &ReplyGitHub) -> assert_cmd::Command {
    let mut c = repo.tri();
    c.env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .env("TRI_GATE_DIR", repo.path().join(".gate"));
    c
}

fn run(mut c: assert_cmd::Command, args: &[&str]) -> Output {
    c.args(args).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(c: assert_cmd::Command, args: &[&str]) -> Output {
    let out = run(c, args);
    assert!(
        out.status.success(),
        "{args:?}: {}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    out
}

fn linked(gh: &ReplyGitHub) -> Repo {
    let repo = Repo::with_origin("octo/widgets");
    ok(online(&repo, gh), &["agent", "link", &ISSUE.to_string()]);
    repo
}

/// Every file under `dir`, with its text (lossy).
fn files_under(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            let bytes = std::fs::read(&p).unwrap();
            out.push((p.display().to_string(), text(&bytes)));
        }
    }
    out
}

fn assert_clean(what: &str, s: &str) {
    for secret in [TOKEN, PASSWORD] {
        assert!(!s.contains(secret), "{what} holds {secret}: {s}");
    }
}

#[test]
fn a_token_in_a_metric_name_or_in_github_server_url_leaves_no_trace() {
    let gh = ReplyGitHub::start();
    let repo = linked(&gh);
    let mut c = online(&repo, &gh);
    c.env(
        "GITHUB_SERVER_URL",
        format!("https://user:{PASSWORD}@github.com"),
    )
    .env("GITHUB_REPOSITORY", "octo/widgets")
    .env("GITHUB_RUN_ID", "77");
    let metric = format!("{TOKEN}=1");
    let out = ok(
        c,
        &[
            "agent", "step", "built it", "--metric", &metric, "--metric", "tokens=5", "--json",
        ],
    );
    assert_clean("step --json", &text(&out.stdout));
    assert_clean("step's stderr", &text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["state"], "published", "{v}");

    // What GitHub received: the comment, its marker and its run link.
    let bodies: Vec<String> = gh.comments(ISSUE).into_iter().map(|c| c.body).collect();
    assert_eq!(bodies.len(), 1, "{bodies:?}");
    assert_clean("the comment", &bodies[0]);
    assert!(
        bodies[0].contains("https://github.com/octo/widgets/actions/runs/77"),
        "the run link stays, without its userinfo: {}",
        bodies[0]
    );
    assert!(
        bodies[0].contains("ghp_redacted"),
        "the metric is kept under its redacted name: {}",
        bodies[0]
    );

    // Every file under .trinity/: experience file, audit log, metrics cache, link.
    let log = ok(repo.tri(), &["agent", "log", "--json"]);
    let status = ok(repo.tri(), &["agent", "status", "--json"]);
    let files = files_under(&repo.trinity());
    assert!(files.len() >= 3, "{files:?}");
    for (path, body) in &files {
        assert_clean(path, body);
    }
    for (what, o) in [("log", &log), ("status", &status)] {
        assert_clean(what, &text(&o.stdout));
        assert_clean(what, &text(&o.stderr));
    }
    let log: Value = serde_json::from_slice(&log.stdout).unwrap();
    assert_eq!(log["metrics"]["ghp_redacted"], 1.0, "{log}");
    assert_eq!(log["metrics"]["tokens"], 5.0, "{log}");
}

#[test]
fn json_leaves_stderr_empty_on_success() {
    let repo = Repo::with_origin("octo/widgets");
    for args in [
        &["agent", "link", "7"][..],
        &["agent", "step", "tests pass", "--metric", "tokens=3"],
        &["agent", "log"],
        &["agent", "status"],
        &["agent", "handoff", "over to you"],
        &["agent", "finish", "--status", "done"],
        &["agent", "unlink"],
        &["config", "show"],
    ] {
        let mut a = args.to_vec();
        a.push("--json");
        let out = ok(repo.tri(), &a);
        serde_json::from_slice::<Value>(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", text(&out.stdout)));
        assert_eq!(
            text(&out.stderr),
            "",
            "{args:?} wrote the human view on stderr"
        );
    }
}

/// Asks a question on a linked checkout, so that `wait` has something to wait for.
fn asked(gh: &ReplyGitHub) -> Repo {
    let repo = linked(gh);
    ok(online(&repo, gh), &["agent", "ask", "Postgres or SQLite?"]);
    repo
}

#[test]
fn wait_with_a_1ms_interval_reads_the_list_at_most_once_a_second() {
    let gh = ReplyGitHub::start();
    let repo = asked(&gh);
    let before = gh.reads();
    let out = run(
        online(&repo, &gh),
        &["agent", "wait", "--interval", "1ms", "--timeout", "2s"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{err}");
    // Reads at 0 s, 1 s and 2 s at most (the time-out ends the last pause): a slower
    // machine makes fewer, never more. Unpaced, this was hundreds.
    let reads = gh.reads() - before;
    assert!((1..=3).contains(&reads), "{reads} list reads in 2 s");
    assert!(err.contains("--interval 1ms is under 1s"), "{err}");
}

#[test]
fn wait_honours_x_poll_interval() {
    let gh = ReplyGitHub::start();
    let repo = asked(&gh);
    gh.set_poll_interval(60);
    let before = gh.reads();
    let out = run(
        online(&repo, &gh),
        &[
            "agent",
            "wait",
            "--interval",
            "1s",
            "--timeout",
            "3s",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    // The first answer asks for 60 s between reads: the next read is the last look at the
    // 3 s time-out (a poll a second would have made 4).
    let reads = gh.reads() - before;
    assert!((1..=2).contains(&reads), "{reads}: {:?}", gh.log());
    assert!(out.stdout.is_empty());
}
