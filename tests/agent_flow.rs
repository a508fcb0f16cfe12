//! The main job end to end: the real binary against a local GitHub stand-in (wiremock).

mod common;

use common::*;
use predicates::prelude::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn created(n: u64) -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(serde_json::json!({
        "id": n,
        "html_url": format!("https://github.com/octo/demo/issues/42#issuecomment-{n}"),
        "body": "x"
    }))
}

async fn github() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/repos/octo/demo/issues/42/comments"))
        .respond_with(created(1))
        .mount(&server)
        .await;
    server
}

fn posts(reqs: &[wiremock::Request]) -> Vec<&wiremock::Request> {
    reqs.iter()
        .filter(|r| r.method.as_str() == "POST")
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn link_then_step_leaves_one_file_and_exactly_one_comment() {
    let gh = github().await;
    let repo = Repo::with_origin("octo/demo");
    repo.tri()
        .args(["agent", "link", "42"])
        .assert()
        .success()
        .stdout(predicate::str::contains("octo/demo#42"));
    repo.tri()
        .args(["agent", "step", "msg from the test"])
        .env("GH_TOKEN", "tok-123")
        .env("GITHUB_API_URL", gh.uri())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Published: https://github.com/octo/demo/issues/42#issuecomment-1",
        ));

    let files = repo.experience_files();
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        regex_lite_match(&name),
        "experience file name {name} is not <YYYYMMDDTHHMMSS.mmmZ>_42.md"
    );
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("msg from the test"));
    assert_eq!(front(&files[0], "issue").as_deref(), Some("42"));
    assert_eq!(front(&files[0], "repo").as_deref(), Some("octo/demo"));
    assert_eq!(front(&files[0], "event").as_deref(), Some("step_completed"));
    assert_eq!(front(&files[0], "step").as_deref(), Some("1"));
    assert_eq!(
        front(&files[0], "comment_url").as_deref(),
        Some("https://github.com/octo/demo/issues/42#issuecomment-1")
    );
    let event_id = front(&files[0], "event_id").unwrap();
    assert_eq!(
        front(&files[0], "session"),
        repo.link()["session_id"].as_str().map(String::from)
    );

    let reqs = gh.received_requests().await.unwrap();
    let p = posts(&reqs);
    assert_eq!(p.len(), 1, "exactly one comment request");
    let r = p[0];
    assert_eq!(r.url.path(), "/repos/octo/demo/issues/42/comments");
    assert_eq!(r.headers.get("authorization").unwrap(), "Bearer tok-123");
    assert_eq!(
        r.headers.get("accept").unwrap(),
        "application/vnd.github+json"
    );
    assert_eq!(r.headers.get("x-github-api-version").unwrap(), "2022-11-28");
    let body = json_body(r)["body"].as_str().unwrap().to_string();
    assert!(
        body.starts_with(&format!(
            "<!-- tri:event id={event_id} type=step_completed data={{"
        )),
        "{body}"
    );
    // The marker's data rebuilds the experience file elsewhere (`tri agent pull`).
    let data = tri::event::marker::parse(&body).unwrap().data.unwrap();
    assert_eq!(data.step, 1);
    assert!(body.contains("msg from the test"));
    assert!(body.contains("Step 1 completed"));
    assert!(
        repo.outbox_entries().is_empty(),
        "published steps leave the outbox"
    );
    assert_eq!(repo.link()["steps"], 1);
}

/// `<8 digits>T<6 digits>.<3 digits>Z_42.md`, checked without a regex crate.
fn regex_lite_match(name: &str) -> bool {
    let b = name.as_bytes();
    name.len() == "20261121T221500.123Z_42.md".len()
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'T'
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[15] == b'.'
        && b[16..19].iter().all(u8::is_ascii_digit)
        && name[19..].starts_with("Z_42.md")
}

#[tokio::test(flavor = "multi_thread")]
async fn whole_flow_link_step_status_unlink_then_step_is_refused() {
    let gh = github().await;
    let repo = Repo::with_origin("octo/demo");
    let tok = |c: &mut assert_cmd::Command| {
        c.env("GH_TOKEN", "t0k3n-value")
            .env("GITHUB_API_URL", gh.uri());
    };
    let mut c = repo.tri();
    tok(&mut c);
    c.args(["agent", "link", "42"]).assert().success();
    for i in 1..=3 {
        let mut c = repo.tri();
        tok(&mut c);
        c.args(["agent", "step", &format!("step number {i}")])
            .assert()
            .success();
    }
    repo.tri()
        .args(["agent", "status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("octo/demo#42"))
        .stdout(predicate::str::contains("steps      3"))
        .stdout(predicate::str::contains("nothing waiting"));
    repo.tri()
        .args(["agent", "unlink"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Unlinked octo/demo#42"));
    repo.tri()
        .args(["agent", "step", "after unlink"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("tri agent link"));
    repo.tri()
        .args(["agent", "unlink"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Not linked"));
    let reqs = gh.received_requests().await.unwrap();
    assert_eq!(posts(&reqs).len(), 3);
    // step numbers are 1..3, one file each
    let mut steps: Vec<String> = repo
        .experience_files()
        .iter()
        .map(|f| front(f, "step").unwrap())
        .collect();
    steps.sort();
    assert_eq!(steps, vec!["1", "2", "3"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_step_is_queued_then_sync_publishes_it_exactly_once() {
    let gh = github().await;
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    repo.tri()
        .args(["agent", "step", "written offline"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Queued"))
        .stdout(predicate::str::contains("tri agent sync"));
    assert_eq!(repo.outbox_entries().len(), 1);
    repo.tri()
        .args(["agent", "status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 waiting"));
    // sync without a token: authentication needed
    repo.tri()
        .args(["agent", "sync"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("GH_TOKEN"));
    for _ in 0..2 {
        repo.tri()
            .args(["agent", "sync"])
            .env("GITHUB_TOKEN", "tok")
            .env("GITHUB_API_URL", gh.uri())
            .assert()
            .success();
    }
    let reqs = gh.received_requests().await.unwrap();
    assert_eq!(posts(&reqs).len(), 1);
    assert!(json_body(posts(&reqs)[0])["body"]
        .as_str()
        .unwrap()
        .contains("written offline"));
    assert!(repo.outbox_entries().is_empty());
    let f = &repo.experience_files()[0];
    assert!(front(f, "comment_url").is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_credentials_keep_the_step_queued_exit_0_and_say_so() {
    let gh = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"message": "Bad credentials"})),
        )
        .mount(&gh)
        .await;
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    repo.tri()
        .args(["agent", "step", "kept"])
        .env("GH_TOKEN", "bad-token-value")
        .env("GITHUB_API_URL", gh.uri())
        .assert()
        // Recorded: exit 0 (a non-zero exit would make a script record it again).
        .code(0)
        .stderr(predicate::str::contains("GH_TOKEN"))
        .stderr(predicate::str::contains("bad-token-value").not())
        .stdout(predicate::str::contains("bad-token-value").not());
    assert_eq!(repo.outbox_entries().len(), 1);
    assert_eq!(repo.experience_files().len(), 1);
    // `sync` records nothing: it keeps exit 4 for a refused token.
    repo.tri()
        .args(["agent", "sync"])
        .env("GH_TOKEN", "bad-token-value")
        .env("GITHUB_API_URL", gh.uri())
        .assert()
        .code(4);
}

#[tokio::test(flavor = "multi_thread")]
async fn github_failing_keeps_the_step_queued_and_exits_0() {
    let gh = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&gh)
        .await;
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    repo.tri()
        .args(["agent", "step", "kept"])
        .env("GH_TOKEN", "tok")
        .env("GITHUB_API_URL", gh.uri())
        .assert()
        .success()
        .stdout(predicate::str::contains("Queued"))
        .stdout(predicate::str::contains("502"));
    assert_eq!(repo.outbox_entries().len(), 1);
}

#[test]
fn repo_comes_from_each_source_in_order() {
    // --repo beats everything
    let repo = Repo::with_origin("rem/origin");
    repo.tri()
        .args(["agent", "link", "1", "--repo", "flag/repo"])
        .env("GH_REPO", "env/gh")
        .assert()
        .success();
    assert_eq!(repo.link()["repo"], "flag/repo");
    // GH_REPO beats GITHUB_REPOSITORY and remotes
    let repo = Repo::with_origin("rem/origin");
    repo.tri()
        .args(["agent", "link", "1"])
        .env("GH_REPO", "env/gh")
        .env("GITHUB_REPOSITORY", "env/actions")
        .assert()
        .success();
    assert_eq!(repo.link()["repo"], "env/gh");
    // GITHUB_REPOSITORY alone, in a directory with no git remote
    let repo = Repo::plain();
    repo.tri()
        .args(["agent", "link", "1"])
        .env("GITHUB_REPOSITORY", "env/actions")
        .assert()
        .success();
    assert_eq!(repo.link()["repo"], "env/actions");
    // remotes: upstream > github > origin, https and ssh forms
    let repo = Repo::with_origin("rem/origin");
    git(
        repo.path(),
        &[
            "remote",
            "add",
            "upstream",
            "https://github.com/up/stream.git",
        ],
    );
    repo.tri().args(["agent", "link", "1"]).assert().success();
    assert_eq!(repo.link()["repo"], "up/stream");
    let repo = Repo::with_origin("rem/origin");
    git(
        repo.path(),
        &[
            "remote",
            "add",
            "github",
            "ssh://git@github.com/gh/remote.git",
        ],
    );
    repo.tri().args(["agent", "link", "1"]).assert().success();
    assert_eq!(repo.link()["repo"], "gh/remote");
    // nothing at all: a usage error naming every way
    let repo = Repo::plain();
    repo.tri()
        .args(["agent", "link", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--repo"))
        .stderr(predicate::str::contains("GH_REPO"))
        .stderr(predicate::str::contains("GITHUB_REPOSITORY"))
        .stderr(predicate::str::contains("remote"));
    assert!(!repo.trinity().join("current_issue.json").exists());
}

#[test]
fn issue_numbers_are_validated() {
    let repo = Repo::with_origin("octo/demo");
    for bad in ["abc", "0", "-5", "1234567890123456789012345"] {
        repo.tri()
            .args(["agent", "link", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("issue"));
    }
    assert!(!repo.trinity().join("current_issue.json").exists());
}

#[test]
fn link_is_idempotent_and_refuses_another_issue_without_force() {
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    let before = std::fs::read(repo.trinity().join("current_issue.json")).unwrap();
    repo.tri()
        .args(["agent", "link", "42"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Already linked"));
    assert_eq!(
        std::fs::read(repo.trinity().join("current_issue.json")).unwrap(),
        before
    );
    repo.tri()
        .args(["agent", "link", "43"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(repo.link()["issue"], 42);
    repo.tri()
        .args(["agent", "link", "43", "--force"])
        .assert()
        .success();
    assert_eq!(repo.link()["issue"], 43);
    assert_ne!(repo.link()["session_id"].as_str().unwrap(), "");
}

#[test]
fn workspace_root_is_found_from_a_subdirectory() {
    let repo = Repo::with_origin("octo/demo");
    let sub = repo.path().join("src/deep");
    std::fs::create_dir_all(&sub).unwrap();
    tri_in(&sub).args(["agent", "link", "5"]).assert().success();
    assert!(
        repo.trinity().join("current_issue.json").exists(),
        "git top-level holds .trinity"
    );
    tri_in(&sub)
        .args(["agent", "step", "from below"])
        .assert()
        .success();
    assert_eq!(repo.experience_files().len(), 1);
}

#[test]
fn message_from_file_and_stdin_and_empty_is_a_usage_error() {
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    std::fs::write(repo.path().join("note.md"), "from a file\nline two\n").unwrap();
    repo.tri()
        .args(["agent", "step", "--file", "note.md"])
        .assert()
        .success();
    repo.tri()
        .args(["agent", "step", "--file", "-", "--event", "build_failed"])
        .write_stdin("from stdin")
        .assert()
        .success();
    repo.tri()
        .args(["agent", "step", "   "])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty"));
    repo.tri()
        .args(["agent", "step", "x", "--event", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("step_completed"));
    let files = repo.experience_files();
    assert_eq!(files.len(), 2);
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(texts.iter().any(|t| t.contains("from a file\nline two")));
    assert!(texts
        .iter()
        .any(|t| t.contains("from stdin") && t.contains("event: build_failed")));
}

#[test]
fn unparseable_link_file_is_named_left_unchanged_and_recoverable() {
    let repo = Repo::with_origin("octo/demo");
    std::fs::create_dir_all(repo.trinity()).unwrap();
    let f = repo.trinity().join("current_issue.json");
    std::fs::write(&f, b"{\"issue\": 42,").unwrap();
    repo.tri()
        .args(["agent", "step", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("current_issue.json"))
        .stderr(predicate::str::contains("--force"));
    repo.tri().args(["agent", "link", "42"]).assert().code(1);
    assert_eq!(std::fs::read(&f).unwrap(), b"{\"issue\": 42,");
    repo.tri()
        .args(["agent", "link", "42", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::contains("moved it aside"));
    let aside: Vec<_> = std::fs::read_dir(repo.trinity())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("current_issue.json.corrupt-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(aside[0].path()).unwrap(), b"{\"issue\": 42,");
    assert_eq!(repo.link()["issue"], 42);
}

#[test]
fn unparseable_outbox_entry_is_named_and_left_unchanged() {
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    std::fs::create_dir_all(repo.trinity().join("outbox")).unwrap();
    let f = repo.trinity().join("outbox/0000-broken.json");
    std::fs::write(&f, b"{not json").unwrap();
    repo.tri()
        .args(["agent", "sync"])
        .env("GH_TOKEN", "tok")
        .env("GITHUB_API_URL", "http://127.0.0.1:9")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("0000-broken.json"));
    assert_eq!(std::fs::read(&f).unwrap(), b"{not json");
}

#[test]
fn secrets_never_reach_the_experience_file_or_audit_log() {
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    let secret = "s3cr3t-railway-value";
    repo.tri()
        .args([
            "agent",
            "step",
            &format!("token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 and {secret}"),
        ])
        .env("RAILWAY_API_TOKEN", secret)
        .assert()
        .success();
    for entry in walk(&repo.trinity()) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        assert!(
            !text.contains(secret),
            "{} holds the secret",
            entry.display()
        );
        assert!(
            !text.contains("ghp_aBcDeFgHiJ"),
            "{} holds the token",
            entry.display()
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn inside_github_actions_the_comment_links_the_run() {
    let gh = github().await;
    let repo = Repo::plain();
    let actions = |c: &mut assert_cmd::Command| {
        c.env("GITHUB_REPOSITORY", "octo/demo")
            .env("GITHUB_SERVER_URL", "https://github.com")
            .env("GITHUB_RUN_ID", "4242")
            .env("GITHUB_TOKEN", "tok")
            .env("GITHUB_API_URL", gh.uri());
    };
    let mut c = repo.tri();
    actions(&mut c);
    c.args(["agent", "link", "42"]).assert().success();
    let mut c = repo.tri();
    actions(&mut c);
    c.args(["agent", "step", "in CI"]).assert().success();
    let reqs = gh.received_requests().await.unwrap();
    let body = json_body(posts(&reqs)[0])["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        body.contains("https://github.com/octo/demo/actions/runs/4242"),
        "{body}"
    );
    let _ = header("x", "y");
}
