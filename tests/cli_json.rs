//! `--json`: for every `tri agent` command (and `tri config show`), stdout holds exactly one
//! JSON document of the shape documented in docs/JSON.md; stderr holds only warnings and
//! errors (the human lines are left out). On an error, stdout is empty.

use std::path::Path;

/// A scratch directory (not a git repo) to run `tri` in.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn plain() -> Repo {
        Repo {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// `tri` in this directory with a clean environment (PATH only, a scratch HOME and
    /// config directory, no pacing).
    fn tri(&self) -> assert_cmd::Command {
        tri_in(self.dir.path())
    }
}

fn tri_in(dir: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("tri").unwrap();
    c.current_dir(dir).env_clear();
    if let Ok(p) = std::env::var("PATH") {
        c.env("PATH", p);
    }
    c.env("HOME", dir.join(".home"))
        .env("XDG_CONFIG_HOME", dir.join(".home/.config"))
        .env("TRI_PUBLISH_INTERVAL_MS", "0")
        .env("TRI_PUBLISH_MAX_WAIT_S", "0");
    c
}
mod common;

use common::shape::{json_of, shape, STEP, T};
use serde_json::Value;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LINK: &[(&str, T)] = &[
    ("issue", T::Num),
    ("repo", T::Str),
    ("session_id", T::Str),
    ("linked_at", T::Str),
    ("steps", T::Num),
    ("last_step_at", T::StrOrNull),
    ("changed", T::Bool),
];

const LOG: &[(&str, T)] = &[
    ("issue", T::Num),
    ("repo", T::StrOrNull),
    ("total", T::Num),
    ("shown", T::Num),
    ("queued_shown", T::Num),
    ("metrics", T::Obj),
    ("entries", T::Arr),
];

const SYNC: &[(&str, T)] = &[
    ("published", T::Num),
    ("queued", T::Num),
    ("results", T::Arr),
];

const LOG_ENTRY: &[(&str, T)] = &[
    ("time", T::StrOrNull),
    ("step", T::NumOrNull),
    ("event", T::StrOrNull),
    ("message", T::Str),
    ("comment_url", T::StrOrNull),
    ("session", T::StrOrNull),
    ("run_url", T::StrOrNull),
    ("state", T::Str),
    ("file", T::Str),
    ("metrics", T::Obj),
];

async fn github() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/repos/octo/demo/issues/42/comments$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(r"^/repos/octo/demo/issues/42/comments$"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": 7,
            "html_url": "https://github.com/octo/demo/issues/42#issuecomment-7",
            "body": "x"
        })))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn every_agent_command_prints_one_documented_json_document() {
    let gh = github().await;
    // A plain directory, no git remote: GITHUB_REPOSITORY alone gives the repo.
    let ws = Repo::plain();
    let tri = || {
        let mut c = ws.tri();
        c.env("GITHUB_REPOSITORY", "octo/demo");
        c
    };
    let online = || {
        let mut c = tri();
        c.env("GH_TOKEN", "tok-json")
            .env("GITHUB_API_URL", gh.uri());
        c
    };

    let v = json_of(tri(), &["agent", "link", "42"], 0);
    shape("link", &v, LINK, &[]);
    assert_eq!(v["repo"], "octo/demo");
    assert_eq!(v["changed"], true);

    let v = json_of(
        tri(),
        &["agent", "step", "offline step", "--metric", "tokens=1200"],
        0,
    );
    shape("step (queued)", &v, STEP, &[]);
    assert_eq!(v["state"], "queued");
    assert!(v["reason"].is_string());
    assert_eq!(v["step"], 1);

    let v = json_of(
        online(),
        &[
            "agent",
            "step",
            "online step\nmore",
            "-m",
            "tokens=800",
            "-m",
            "cost_usd=0.03",
        ],
        0,
    );
    shape("step (published)", &v, STEP, &[]);
    assert_eq!(v["state"], "published");
    assert_eq!(
        v["comment_url"],
        "https://github.com/octo/demo/issues/42#issuecomment-7"
    );

    let status_keys: &[(&str, T)] = &[
        ("linked", T::Bool),
        ("workspace", T::Str),
        ("queued", T::Num),
        ("last_error", T::StrOrNull),
    ];
    let status_optional: &[(&str, T)] = &[
        ("link", T::Obj),
        ("metrics", T::Obj),
        ("farm", T::Obj),
        ("rate_limit", T::Obj),
        ("pull_request", T::NumOrNull),
        ("session_state", T::Obj),
    ];
    let v = json_of(tri(), &["agent", "status"], 0);
    shape("status", &v, status_keys, status_optional);
    shape("status.link", &v["link"], LINK, &[]);
    assert_eq!(v["queued"], 1);
    assert_eq!(v["metrics"]["tokens"], 2000.0);

    let v = json_of(tri(), &["agent", "log"], 0);
    shape("log", &v, LOG, &[]);
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    for e in entries {
        shape("log.entries[]", e, LOG_ENTRY, &[]);
    }
    assert_eq!(entries[0]["state"], "queued");
    assert_eq!(entries[1]["message"], "online step");
    assert_eq!(v["metrics"]["cost_usd"], 0.03);

    let v = json_of(online(), &["agent", "sync"], 0);
    shape("sync", &v, SYNC, &[]);
    assert_eq!(v["published"], 1);
    for r in v["results"].as_array().unwrap() {
        shape(
            "sync.results[]",
            r,
            &[("entry", T::Str), ("state", T::Str)],
            &[("reason", T::StrOrNull), ("url", T::StrOrNull)],
        );
    }
    let v = json_of(tri(), &["agent", "sync"], 0);
    assert_eq!(v["published"], 0);

    let v = json_of(tri(), &["agent", "log", "--limit", "1"], 0);
    assert_eq!(v["shown"], 1);
    assert_eq!(v["total"], 2);

    let unlink_keys: &[(&str, T)] = &[
        ("issue", T::Num),
        ("repo", T::Str),
        ("steps", T::Num),
        ("queued", T::Num),
        ("moved_aside", T::Str),
    ];
    let v = json_of(tri(), &["agent", "unlink"], 0);
    shape("unlink", &v, &[("unlinked", T::Bool)], unlink_keys);
    assert_eq!(v["unlinked"], true);
    assert_eq!(v["steps"], 2);
    let v = json_of(tri(), &["agent", "unlink"], 0);
    shape("unlink (none)", &v, &[("unlinked", T::Bool)], unlink_keys);
    assert_eq!(v["unlinked"], false);

    let v = json_of(tri(), &["agent", "status"], 0);
    shape("status (unlinked)", &v, status_keys, status_optional);
    assert_eq!(v["linked"], false);
}

#[test]
fn human_lines_are_left_out_and_errors_leave_stdout_empty() {
    let ws = Repo::plain();
    let out = ws
        .tri()
        .env("GITHUB_REPOSITORY", "octo/demo")
        .args(["agent", "link", "5", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    serde_json::from_slice::<Value>(&out.stdout).unwrap();

    let ws = Repo::plain();
    let out = ws
        .tri()
        .args(["agent", "step", "x", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty(), "{:?}", out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("tri: ") && err.lines().count() == 1,
        "{err}"
    );

    let out = ws.tri().args(["agent", "log", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
}

#[test]
fn config_show_json_has_its_documented_shape_and_no_token() {
    let ws = Repo::plain();
    let out = ws
        .tri()
        .env("GITHUB_TOKEN", "ghs_do_not_print_me")
        .args(["config", "show", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("ghs_do_not_print_me"));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("ghs_do_not_print_me"));
    let v: Value = serde_json::from_str(&text).unwrap();
    shape(
        "config",
        &v,
        &[
            ("settings", T::Obj),
            ("api_url", T::Obj),
            ("token", T::Obj),
            ("files", T::Obj),
        ],
        &[],
    );
    for key in ["repo", "sticky", "labels"] {
        shape(
            "config.settings.*",
            &v["settings"][key],
            &[("source", T::Str)],
            &[
                ("value", T::Scalar),
                ("name", T::StrOrNull),
                ("path", T::StrOrNull),
            ],
        );
    }
    assert_eq!(v["token"]["set"], true);
    assert_eq!(v["token"]["source"], "GITHUB_TOKEN");
}

#[test]
fn status_shows_the_farm_mapping_of_the_linked_issue() {
    let ws = Repo::plain();
    let tri = || {
        let mut c = ws.tri();
        c.env("GITHUB_REPOSITORY", "octo/demo");
        c
    };
    json_of(tri(), &["agent", "link", "42"], 0);
    std::fs::write(
        ws.dir.path().join(".trinity/railway_farm.json"),
        r#"{"accounts":[{"account_id":2}],"agent_map":[{"issue":42,"account_id":2,"service_id":"svc-42","service_name":"issue-42","status":"active","future_field":1}]}"#,
    )
    .unwrap();
    let v = json_of(tri(), &["agent", "status"], 0);
    assert_eq!(v["farm"]["service_id"], "svc-42", "{v}");
    // The deprecated key stays for scripts written before the rename.
    assert_eq!(v["farm"]["railway_service_id"], "svc-42", "{v}");
    assert_eq!(v["farm"]["account_id"], 2);
    let out = tri().args(["agent", "status"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("sandbox    service svc-42 (issue-42) on account 2"),
        "{text}"
    );
}

#[test]
fn status_shows_the_linked_repositorys_sandbox_not_another_repositorys_of_the_same_number() {
    let ws = Repo::plain();
    let tri = || {
        let mut c = ws.tri();
        c.env("GITHUB_REPOSITORY", "octo/demo");
        c
    };
    json_of(tri(), &["agent", "link", "42"], 0);
    std::fs::write(
        ws.dir.path().join(".trinity/railway_farm.json"),
        r#"{"accounts":[{"account_id":2}],"agent_map":[
            {"issue":42,"repo":"octo/other","account_id":2,"service_id":"svc-other","status":"active"},
            {"issue":42,"repo":"octo/demo","account_id":2,"service_id":"svc-demo","status":"active"},
            {"issue":42,"repo":"octo/third","account_id":2,"service_id":"svc-third","status":"active"}]}"#,
    )
    .unwrap();
    let v = json_of(tri(), &["agent", "status"], 0);
    assert_eq!(v["farm"]["service_id"], "svc-demo", "{v}");
}

/// The shapes the tests above check are docs/JSON.md's: its examples' keys and types.
#[test]
fn the_checked_shapes_are_the_documented_ones() {
    use common::shape::{agrees_with_doc, documented};
    agrees_with_doc("link", &documented("tri agent link"), LINK);
    agrees_with_doc("step", &documented("tri agent step"), STEP);
    let log = documented("tri agent log");
    agrees_with_doc("log", &log, LOG);
    agrees_with_doc("sync", &documented("tri agent sync"), SYNC);
    agrees_with_doc("log.entries[]", &log["entries"][0], LOG_ENTRY);
}
