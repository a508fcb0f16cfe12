//! The exit contract (README, "Exit codes"): a non-zero exit from a recording command means
//! nothing was recorded — every setting is read and checked before anything is written, so
//! a script that retries on failure never records a step twice.

mod common;

use common::Repo;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap_or_default());
            }
        }
    }
    out
}

fn linked() -> Repo {
    let repo = Repo::with_origin("octo/widgets");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    repo.tri()
        .args(["agent", "step", "first"])
        .assert()
        .success();
    repo
}

#[test]
fn a_malformed_setting_refuses_the_step_and_changes_nothing() {
    let cases: &[(&str, &str, i32)] = &[
        ("TRI_PUBLISH_MAX_WAIT_S", "abc", 2),
        ("TRI_PUBLISH_INTERVAL_MS", "soon", 2),
        ("TRI_GITHUB_PER_MINUTE", "eighty", 2),
        ("TRI_GITHUB_PER_HOUR", "-1", 2),
        ("TRI_GITHUB_SECONDARY_WAIT_S", "a minute", 2),
        ("TRI_HTTP_TIMEOUT_S", "-3", 2),
        ("TRI_HTTP_CONNECT_TIMEOUT_S", "never", 2),
        ("HTTPS_PROXY", "http://[::1", 2),
        ("GITHUB_API_URL", "not a url", 2),
        ("GITHUB_API_URL", "ftp://ghe.corp/api/v3", 2),
        ("TRI_STICKY", "maybe", 2),
        ("TRI_LABELS", "perhaps", 2),
        ("GH_TOKEN", "two words", 4),
    ];
    for (var, value, code) in cases {
        let repo = linked();
        let before = snapshot(&repo.trinity());
        let out = repo
            .tri()
            .args(["agent", "step", "second"])
            .env(var, value)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(*code), "{var}={value}: {stderr}");
        assert!(
            stderr.contains(var),
            "{var}={value}: the error names it: {stderr}"
        );
        assert_eq!(
            snapshot(&repo.trinity()),
            before,
            "{var}={value}: .trinity/ changed on a failed exit"
        );
        if *var == "GH_TOKEN" {
            assert!(!stderr.contains(value), "the token is never printed");
        }
    }
}

#[test]
fn handoff_and_finish_refuse_a_malformed_setting_and_change_nothing() {
    let commands: &[&[&str]] = &[
        &["agent", "handoff", "next: the docs"],
        &["agent", "handoff", "--goal", "g", "next"],
        &["agent", "finish", "--status", "cancelled"],
        &[
            "agent",
            "step",
            "--resolves",
            "019a7c3e-not-an-event",
            "fixed",
        ],
    ];
    let cases: &[(&str, &str, i32)] = &[
        ("TRI_LABELS", "perhaps", 2),
        ("TRI_PUBLISH_MAX_WAIT_S", "abc", 2),
        ("GITHUB_API_URL", "not a url", 2),
        ("GH_TOKEN", "two words", 4),
    ];
    for args in commands {
        for (var, value, code) in cases {
            let repo = linked();
            let before = snapshot(&repo.trinity());
            let out = repo.tri().args(*args).env(var, value).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(*code),
                "{args:?} {var}={value}: {stderr}"
            );
            assert!(stderr.contains(var), "{args:?} {var}={value}: {stderr}");
            assert_eq!(snapshot(&repo.trinity()), before, "{args:?} {var}={value}");
        }
    }
    // A --resolves naming no failure event refuses the step too (exit 2).
    let repo = linked();
    let before = snapshot(&repo.trinity());
    let out = repo
        .tri()
        .args([
            "agent",
            "step",
            "--resolves",
            "019a7c3e-not-an-event",
            "fixed",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(snapshot(&repo.trinity()), before);
}

#[test]
fn a_malformed_config_file_refuses_the_step_and_changes_nothing() {
    for user in [false, true] {
        let repo = linked();
        let home_cfg = repo.path().join(".home/.config/tri");
        std::fs::create_dir_all(&home_cfg).unwrap();
        let file = if user {
            home_cfg.join("config.json")
        } else {
            repo.trinity().join("config.json")
        };
        std::fs::write(&file, b"{\"sticky\": ").unwrap();
        let before = snapshot(&repo.trinity());
        let out = repo
            .tri()
            .args(["agent", "step", "second"])
            .env("TRI_CONFIG_DIR", &home_cfg)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "user={user}: {stderr}");
        assert!(stderr.contains("config.json"), "user={user}: {stderr}");
        assert_eq!(snapshot(&repo.trinity()), before, "user={user}");
    }
}

#[test]
fn handoff_and_finish_that_were_recorded_exit_0_even_when_github_fails() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let repo = linked();
    for args in [
        &["agent", "handoff", "next: the docs"][..],
        &["agent", "finish", "--status", "cancelled"][..],
    ] {
        repo.tri()
            .args(args)
            .env("GH_TOKEN", "ghp_test")
            .env("TRI_LABELS", "1")
            .env("GITHUB_API_URL", format!("http://127.0.0.1:{port}"))
            .assert()
            .success();
    }
    assert_eq!(repo.outbox_entries().len(), 3);
    assert!(
        repo.trinity().join("labels/42.json").exists(),
        "label change left pending"
    );
}

#[test]
fn a_step_that_was_recorded_exits_0_even_when_publishing_fails() {
    // Nothing listens on this port: the step is recorded and queued, so exit 0.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let repo = linked();
    repo.tri()
        .args(["agent", "step", "second"])
        .env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", format!("http://127.0.0.1:{port}"))
        .assert()
        .success();
    assert_eq!(repo.outbox_entries().len(), 2);
}

#[test]
fn an_error_that_quotes_a_secret_does_not_print_it() {
    let repo = linked();
    let token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    let out = repo
        .tri()
        .args(["agent", "step", "second"])
        .env("TRI_HTTP_TIMEOUT_S", token)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("TRI_HTTP_TIMEOUT_S"), "{stderr}");
    assert!(!stderr.contains(token), "the value was printed: {stderr}");
}
