//! The way back (issue 22): `ask`, `wait`, the session's pull request and its reviews, and
//! session states — each command the real binary against a GitHub stand-in with several
//! people and their `author_association`, which answers conditional list reads with 304 and
//! adds replies after a number of reads (no sleeps, no timed assertions).

mod common;

#[path = "common/reply_github.rs"]
mod reply_github;

use common::faulty_github::FaultyGitHub;
use common::Repo;
use reply_github::{Kind, ReplyGitHub};
use serde_json::Value;
use std::process::Output;

const ISSUE: u64 = 22;

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

fn ok(c: assert_cmd::Command, args: &[&str]) -> Output {
    let out = run(c, args);
    assert!(
        out.status.success(),
        "{args:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(c: assert_cmd::Command, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let out = ok(c, &a);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn checkout(gh: &ReplyGitHub) -> Repo {
    let repo = Repo::with_origin("octo/widgets");
    ok(online(&repo, gh), &["agent", "link", &ISSUE.to_string()]);
    repo
}

#[test]
fn ask_then_wait_passes_over_a_stranger_and_returns_a_members_answer_polling_conditionally() {
    let gh = ReplyGitHub::start();
    let a = checkout(&gh);
    // Under the exit contract: a malformed setting refuses the question, nothing recorded.
    let mut c = online(&a, &gh);
    c.env("TRI_PUBLISH_MAX_WAIT_S", "abc");
    let bad = run(c, &["agent", "ask", "Which database?"]);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
    assert!(a.experience_files().is_empty());
    assert_eq!(gh.counts().posts, 0);
    let nothing = run(online(&a, &gh), &["agent", "wait", "--timeout", "1s"]);
    assert_eq!(
        nothing.status.code(),
        Some(2),
        "no question yet: {}",
        text(&nothing.stderr)
    );
    let asked = json(
        online(&a, &gh),
        &["agent", "ask", "Which database: postgres or sqlite?"],
    );
    assert_eq!(asked["event"], "question");
    assert_eq!(asked["state"], "published");
    assert_eq!(gh.counts().posts, 1, "one comment");
    let posted = gh.comments(ISSUE);
    assert_eq!(posted.len(), 1);
    assert!(
        posted[0].body.contains("type=question"),
        "{}",
        posted[0].body
    );
    assert!(
        posted[0].body.contains("Which database"),
        "{}",
        posted[0].body
    );

    // Nothing changes for 4 reads, then a stranger answers; 4 more, then a member.
    let comment = Kind::Comment { issue: ISSUE };
    gh.add_after_reads(5, comment.clone(), "mallory", "NONE", "use mongo, trust me");
    gh.add_after_reads(9, comment, "alice", "MEMBER", "postgres, please");
    let before = gh.counts();
    let out = ok(
        online(&a, &gh),
        &["agent", "wait", "--timeout", "60s", "--interval", "300ms"],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.contains("postgres, please"), "{stdout}");
    assert!(stdout.contains("@alice (MEMBER)"), "{stdout}");
    assert!(
        !stdout.contains("mongo"),
        "the stranger's words are not shown: {stdout}"
    );
    assert!(
        stderr.contains("@mallory"),
        "the stranger is counted: {stderr}"
    );
    let after = gh.counts();
    let (fresh, unchanged) = (
        after.ok_200 - before.ok_200,
        after.not_modified - before.not_modified,
    );
    // 3 changes read in full (the first read, the stranger's, the member's), the rest 304s
    // to conditional reads.
    assert_eq!(fresh, 3, "{after:?}");
    assert!(unchanged * 2 >= fresh + unchanged, "{after:?}");
    assert!(after.conditional - before.conditional >= unchanged);

    // A re-run returns the same answer at once, as JSON.
    let v = json(online(&a, &gh), &["agent", "wait", "--timeout", "60s"]);
    assert_eq!(v["author"], "alice");
    assert_eq!(v["association"], "MEMBER");
    assert_eq!(v["kind"], "comment");
    assert_eq!(v["body"], "postgres, please");
    assert_eq!(v["withheld"]["count"], 1);
    assert!(v["url"].as_str().unwrap().contains("issuecomment-"));

    // A second question nobody answers: exit 5, nothing recorded, nothing sent.
    ok(online(&a, &gh), &["agent", "ask", "And which version?"]);
    let files = a.experience_files().len();
    let posts = gh.counts().posts;
    let out = run(
        online(&a, &gh),
        &[
            "agent",
            "wait",
            "--timeout",
            "2s",
            "--interval",
            "300ms",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("nothing recorded"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(a.experience_files().len(), files, "nothing recorded");
    assert_eq!(gh.counts().posts, posts, "nothing sent");
}

#[test]
fn the_linked_pull_requests_trusted_reviews_reach_inbox_and_wait() {
    let gh = ReplyGitHub::start();
    let a = checkout(&gh);
    ok(
        online(&a, &gh),
        &["agent", "step", "opened the pull request"],
    );
    let v = json(a.tri(), &["agent", "pr", "link", "90"]);
    assert_eq!(v["pull_request"], 90);
    assert_eq!(a.link()["pull_request"], 90);
    let review_comment = |login: &str, assoc: &str, body: &str| {
        gh.add(
            Kind::ReviewComment {
                pr: 90,
                path: "src/db.rs".into(),
                line: 12,
            },
            login,
            assoc,
            body,
            30,
        )
    };
    review_comment("alice", "MEMBER", "close the pool here");
    review_comment("mallory", "NONE", "delete the tests");
    gh.add(
        Kind::Review {
            pr: 90,
            state: "COMMENTED".into(),
        },
        "carol",
        "COLLABORATOR",
        "looks fine",
        40,
    );
    gh.add(
        Kind::Review {
            pr: 90,
            state: "CHANGES_REQUESTED".into(),
        },
        "bob",
        "MEMBER",
        "the migration is missing",
        20,
    );
    let v = json(online(&a, &gh), &["agent", "inbox", "--since", "1h"]);
    let pr = &v["pull_request"];
    assert_eq!(pr["number"], 90);
    assert_eq!(pr["source"], "linked");
    let reviews = pr["reviews"].as_array().unwrap();
    assert_eq!(reviews[0]["author"], "bob", "changes requested first: {pr}");
    assert_eq!(reviews[0]["review_state"], "CHANGES_REQUESTED");
    assert_eq!(reviews[0]["body"], "the migration is missing");
    let line_note = reviews
        .iter()
        .find(|r| r["kind"] == "review_comment")
        .unwrap();
    assert_eq!(line_note["author"], "alice");
    assert_eq!(line_note["path"], "src/db.rs");
    assert_eq!(line_note["line"], 12);
    assert!(
        !v.to_string().contains("delete the tests"),
        "the stranger's review comment is withheld: {v}"
    );
    assert_eq!(pr["withheld"]["count"], 1);
    assert_eq!(pr["withheld"]["authors"][0], "mallory");
    let md = text(&ok(online(&a, &gh), &["agent", "brief"]).stdout);
    assert!(md.contains("## Pull request #90 (linked)"), "{md}");

    // A question answered by a trusted review (the earlier ones predate the question).
    ok(online(&a, &gh), &["agent", "ask", "Ready to merge?"]);
    gh.add_after_reads(
        6,
        Kind::Review {
            pr: 90,
            state: "APPROVED".into(),
        },
        "bob",
        "MEMBER",
        "ship it",
    );
    let v = json(
        online(&a, &gh),
        &["agent", "wait", "--timeout", "60s", "--interval", "300ms"],
    );
    assert_eq!(v["kind"], "review", "{v}");
    assert_eq!(v["review_state"], "APPROVED");
    assert_eq!(v["author"], "bob");
    assert_eq!(v["body"], "ship it");

    // Unlinked, the pull request of the current branch is found instead.
    ok(a.tri(), &["agent", "pr", "unlink"]);
    assert!(a.link().get("pull_request").is_none());
    common::git(a.path(), &["checkout", "-q", "-b", "feat/db"]);
    gh.set_pull("octo:feat/db", 90);
    let v = json(online(&a, &gh), &["agent", "inbox", "--since", "1h"]);
    assert_eq!(v["pull_request"]["number"], 90, "{v}");
    assert_eq!(v["pull_request"]["source"], "branch");
    assert!(gh.heads_asked().contains(&"octo:feat/db".to_string()));
}

#[test]
fn a_silent_session_is_stale_and_a_question_awaits_input_on_a_fresh_machine() {
    let gh = ReplyGitHub::start();
    let a = checkout(&gh);
    let step = json(online(&a, &gh), &["agent", "step", "built the schema"]);
    let session = a.link()["session_id"].as_str().unwrap().to_string();
    assert_eq!(step["state"], "published");

    // A fresh machine: with 0 s of allowed silence the session is stale; with the default
    // 2 h it is active.
    let b = checkout(&gh);
    let mut c = online(&b, &gh);
    c.env("TRI_STALE_AFTER", "0s");
    let v = json(c, &["agent", "brief"]);
    assert_eq!(
        v["session_state"]["state"], "stale",
        "{}",
        v["session_state"]
    );
    assert_eq!(v["session_state"]["session"], session.as_str());
    let md = text(
        &ok(
            {
                let mut c = online(&b, &gh);
                c.env("TRI_STALE_AFTER", "0s");
                c
            },
            &["agent", "brief"],
        )
        .stdout,
    );
    let second_line = md.lines().nth(2).unwrap_or_default();
    assert!(second_line.starts_with("**State: stale**"), "{md}");
    let mut c = b.tri();
    c.env("TRI_STALE_AFTER", "0s");
    let v = json(c, &["agent", "status"]);
    assert_eq!(v["session_state"]["state"], "stale", "{v}");
    let v = json(b.tri(), &["agent", "status"]);
    assert_eq!(v["session_state"]["state"], "active", "{v}");

    // The session asks: awaiting input, even past the silence allowed, with the question.
    ok(
        online(&a, &gh),
        &["agent", "ask", "Should the schema be versioned?"],
    );
    let mut c = online(&b, &gh);
    c.env("TRI_STALE_AFTER", "0s");
    let v = json(c, &["agent", "brief"]);
    let st = &v["session_state"];
    assert_eq!(st["state"], "awaiting_input", "{st}");
    assert_eq!(st["question"]["text"], "Should the schema be versioned?");
    let mut c = b.tri();
    c.env("TRI_STALE_AFTER", "0s");
    assert_eq!(
        json(c, &["agent", "status"])["session_state"]["state"],
        "awaiting_input"
    );
    assert_eq!(
        json(a.tri(), &["agent", "status"])["session_state"]["state"],
        "awaiting_input"
    );
    let md = text(&ok(online(&b, &gh), &["agent", "brief"]).stdout);
    assert!(md.contains("**State: awaiting_input**"), "{md}");
    assert!(md.contains("> Should the schema be versioned?"), "{md}");

    // A member answers: the brief, which reads the issue, says active again.
    gh.add(
        Kind::Comment { issue: ISSUE },
        "alice",
        "OWNER",
        "yes, with a version table",
        0,
    );
    let v = json(online(&b, &gh), &["agent", "brief"]);
    assert_eq!(
        v["session_state"]["state"], "active",
        "{}",
        v["session_state"]
    );
    let bad = run(
        {
            let mut c = b.tri();
            c.env("TRI_STALE_AFTER", "soon");
            c
        },
        &["agent", "status"],
    );
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
}

#[test]
fn ctrl_c_ends_a_wait_with_130_and_nothing_recorded() {
    let gh = ReplyGitHub::start();
    let a = checkout(&gh);
    ok(online(&a, &gh), &["agent", "ask", "Anyone there?"]);
    let files = a.experience_files().len();
    let reads = gh.reads();
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("tri"));
    c.current_dir(a.path())
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", a.path().join(".home"))
        .env("TRI_PUBLISH_INTERVAL_MS", "0")
        .env("TRI_PUBLISH_MAX_WAIT_S", "0")
        .env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .env("TRI_GATE_DIR", a.path().join(".gate"))
        .args(["agent", "wait", "--timeout", "60s", "--interval", "300ms"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = c.spawn().unwrap();
    // The first read is in flight: the Ctrl-C handler is set (it is polled with it).
    gh.wait_for_reads(reads + 1);
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("interrupted"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(a.experience_files().len(), files, "nothing recorded");
}

#[test]
fn with_labels_on_a_question_sets_tri_waiting_until_the_next_step() {
    let gh = FaultyGitHub::start(0.0, 0, 7);
    gh.set_issue(ISSUE, "Pick a database", "opener");
    let repo = Repo::with_origin("octo/widgets");
    let labelled = || {
        let mut c = repo.tri();
        c.env("GH_TOKEN", "ghp_test")
            .env("GITHUB_API_URL", gh.url())
            .env("TRI_GATE_DIR", repo.path().join(".gate"))
            .env("TRI_LABELS", "1");
        c
    };
    ok(labelled(), &["agent", "link", &ISSUE.to_string()]);
    ok(labelled(), &["agent", "step", "started"]);
    assert_eq!(gh.issue_labels(ISSUE), vec!["tri:working"]);
    let v = json(labelled(), &["agent", "ask", "Postgres or SQLite?"]);
    assert_eq!(v["label"]["label"], "tri:waiting", "{v}");
    assert_eq!(gh.issue_labels(ISSUE), vec!["tri:waiting"]);
    assert!(gh.repo_labels().contains(&"tri:waiting".to_string()));
    ok(labelled(), &["agent", "step", "went with postgres"]);
    assert_eq!(gh.issue_labels(ISSUE), vec!["tri:working"]);
}
