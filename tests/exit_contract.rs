//! The exit contract (docs/exit-codes.md, "Exit codes"): a non-zero exit from a recording command means
//! nothing was recorded — every setting is read and checked before anything is written, so
//! a script that retries on failure never records a step twice. Kept for every command that
//! records or acts on Railway: step, handoff, finish, sync, sandbox create/deploy/destroy,
//! on-issue-event (the sandbox ones against the stateful Railway stand-in). And one process,
//! one async runtime, one connection per host (`--verbose` prints the counters; a counting
//! TCP forwarder in front of each stand-in counts the connections).

mod common;
mod railway_standin;

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

/// Every file under `dir` with its bytes (none when `dir` does not exist).
fn snapshot_or_empty(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    if dir.exists() {
        snapshot(dir)
    } else {
        BTreeMap::new()
    }
}

/// Requests the wiremock server `gh` received.
fn gh_requests(land: &railway_standin::Farmland) -> usize {
    land.rt
        .block_on(land.gh.received_requests())
        .unwrap_or_default()
        .len()
}

#[test]
fn sandbox_commands_and_on_issue_event_refuse_a_malformed_setting_before_railway() {
    use railway_standin::Farmland;
    let land = Farmland::start();
    // A checkout linked to octo/demo#42 whose sandbox exists (for deploy and destroy).
    let dir = land.checkout();
    land.tri(dir.path())
        .args(["agent", "link", "42", "--repo", "octo/demo"])
        .assert()
        .success();
    land.tri(dir.path())
        .args(["agent", "sandbox", "create"])
        .assert()
        .success();
    let event = dir.path().join("event.json");
    let write_event = |action: &str, issue: u64| {
        std::fs::write(
            &event,
            serde_json::to_vec(&Farmland::payload("octo/demo", issue, action)).unwrap(),
        )
        .unwrap();
    };
    let cases: &[(&str, &str, i32)] = &[
        ("TRI_PUBLISH_MAX_WAIT_S", "abc", 2),
        ("TRI_SANDBOX_POLL_MS", "x", 2),
        ("TRI_LABELS", "perhaps", 2),
        ("TRI_HTTP_TIMEOUT_S", "-3", 2),
        ("GITHUB_API_URL", "not a url", 2),
        ("GH_TOKEN", "two words", 4),
        // A bad config file (written below for this case).
        ("TRI_CONFIG_DIR", "", 2),
    ];
    // Each command, with the `issues` event (action, issue) on-issue-event reads.
    type Event<'a> = Option<(&'a str, u64)>;
    let commands: &[(&[&str], Event)] = &[
        (&["agent", "sandbox", "create", "--issue", "43"], None),
        (&["agent", "sandbox", "deploy"], None),
        (&["agent", "sandbox", "destroy"], None),
        (&["agent", "on-issue-event"], Some(("opened", 44))),
        (&["agent", "on-issue-event"], Some(("closed", 42))),
    ];
    for (args, ev) in commands {
        if let Some((action, issue)) = ev {
            write_event(action, *issue);
        }
        for (var, value, code) in cases {
            let bad_cfg = dir.path().join(".badcfg");
            let value = if *var == "TRI_CONFIG_DIR" {
                std::fs::create_dir_all(&bad_cfg).unwrap();
                std::fs::write(bad_cfg.join("config.json"), b"{\"labels\": ").unwrap();
                bad_cfg.to_string_lossy().into_owned()
            } else {
                value.to_string()
            };
            let before = snapshot_or_empty(&dir.path().join(".trinity"));
            let (ops, gh) = (land.railway.ops().len(), gh_requests(&land));
            let out = land
                .tri(dir.path())
                .args(*args)
                .env("GITHUB_EVENT_NAME", "issues")
                .env("GITHUB_EVENT_PATH", &event)
                .env(var, &value)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(*code),
                "{args:?} {var}={value}: {stderr}"
            );
            assert_eq!(
                snapshot_or_empty(&dir.path().join(".trinity")),
                before,
                "{args:?} {var}={value}: .trinity/ changed"
            );
            assert_eq!(
                land.railway.ops().len(),
                ops,
                "{args:?} {var}={value}: Railway was asked: {:?}",
                &land.railway.ops()[ops..]
            );
            assert_eq!(
                gh_requests(&land),
                gh,
                "{args:?} {var}={value}: GitHub was asked"
            );
        }
    }
    // The sandbox is still there, as the one create left it.
    assert_eq!(land.live_for("octo/demo", 42).len(), 1);
    assert!(land.live_for("octo/demo", 43).is_empty());
    assert!(land.live_for("octo/demo", 44).is_empty());
}

#[test]
fn out_of_range_deploy_settings_exit_2_before_github_or_railway() {
    use railway_standin::Farmland;
    let land = Farmland::start();
    let dir = land.checkout();
    land.tri(dir.path())
        .args(["agent", "link", "42", "--repo", "octo/demo"])
        .assert()
        .success();
    land.tri(dir.path())
        .args(["agent", "sandbox", "create"])
        .assert()
        .success();
    // An issue opened by someone whose permission GitHub must be asked for: the settings
    // are checked before that question.
    let event = dir.path().join("event.json");
    let mut payload = Farmland::payload("octo/demo", 44, "opened");
    payload["issue"]["author_association"] = "NONE".into();
    std::fs::write(&event, payload.to_string()).unwrap();
    let (ws_cfg, user_dir) = (
        dir.path().join(".trinity/config.json"),
        dir.path().join(".usercfg"),
    );
    std::fs::create_dir_all(&user_dir).unwrap();
    // (where: "workspace", "user" or a variable; the value; what the message names)
    let cases: &[(&str, &str, &str)] = &[
        ("workspace", r#"{"deploy_breaker": -1}"#, "deploy_breaker"),
        ("workspace", r#"{"deploy_breaker": 2.5}"#, "deploy_breaker"),
        (
            "workspace",
            r#"{"healthcheck_path": "@host"}"#,
            "healthcheck_path",
        ),
        ("user", r#"{"deploy_breaker": -1}"#, "deploy_breaker"),
        (
            "user",
            r#"{"healthcheck_path": "@host"}"#,
            "healthcheck_path",
        ),
        ("TRI_DEPLOY_BREAKER", "-1", "TRI_DEPLOY_BREAKER"),
        ("TRI_HEALTHCHECK_PATH", "@host", "TRI_HEALTHCHECK_PATH"),
    ];
    let commands: &[&[&str]] = &[
        &["agent", "sandbox", "deploy"],
        &["agent", "on-issue-event"],
    ];
    for args in commands {
        for (place, value, named) in cases {
            let mut cmd = land.tri(dir.path());
            cmd.args(*args)
                .env("GITHUB_EVENT_NAME", "issues")
                .env("GITHUB_EVENT_PATH", &event)
                .env("TRI_CONFIG_DIR", &user_dir);
            match *place {
                "workspace" => std::fs::write(&ws_cfg, value).unwrap(),
                "user" => std::fs::write(user_dir.join("config.json"), value).unwrap(),
                var => {
                    cmd.env(var, value);
                }
            }
            let before = snapshot(&dir.path().join(".trinity"));
            let (ops, gh) = (land.railway.ops().len(), gh_requests(&land));
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let what = format!("{args:?} {place}={value}");
            assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
            assert!(stderr.contains(named), "{what}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{what}: {stderr}");
            assert_eq!(snapshot(&dir.path().join(".trinity")), before, "{what}");
            assert_eq!(land.railway.ops().len(), ops, "{what}: Railway was asked");
            assert_eq!(gh_requests(&land), gh, "{what}: GitHub was asked");
            let _ = std::fs::remove_file(&ws_cfg);
            let _ = std::fs::remove_file(user_dir.join("config.json"));
        }
    }
    assert!(land.live_for("octo/demo", 44).is_empty());
}

#[test]
fn sync_refuses_a_malformed_setting_and_sends_nothing() {
    let repo = linked();
    let before = snapshot(&repo.trinity());
    for (var, value) in [
        ("TRI_PUBLISH_MAX_WAIT_S", "abc"),
        ("TRI_LABELS", "perhaps"),
        ("TRI_GITHUB_PER_HOUR", "-1"),
    ] {
        // Nothing listens on the API URL: a request would fail as unreachable (exit 1).
        let out = repo
            .tri()
            .args(["agent", "sync"])
            .env("GH_TOKEN", "ghp_test")
            .env(
                "GITHUB_API_URL",
                format!("http://127.0.0.1:{}", closed_port()),
            )
            .env(var, value)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{var}={value}: {stderr}");
        assert!(stderr.contains(var), "{stderr}");
        assert_eq!(snapshot(&repo.trinity()), before, "{var}={value}");
    }
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A TCP forwarder on 127.0.0.1 to `target` (`host:port`) that counts the connections it
/// accepts. Returns its `http://` URL and the counter.
fn counting_forwarder(target: &str) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    let n = std::sync::Arc::new(AtomicUsize::new(0));
    let (count, target) = (n.clone(), target.to_string());
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(client) = conn else { break };
            count.fetch_add(1, Ordering::SeqCst);
            let Ok(server) = std::net::TcpStream::connect(&target) else {
                continue;
            };
            let pipe = |mut from: std::net::TcpStream, mut to: std::net::TcpStream| {
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut from, &mut to);
                    let _ = to.shutdown(std::net::Shutdown::Write);
                })
            };
            pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
            pipe(server, client);
        }
    });
    (url, n)
}

/// `host:port` of an `http://host:port[/path]` URL.
fn authority(url: &str) -> String {
    url.trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn a_step_a_handoff_and_a_deploy_each_start_one_runtime_and_one_connection_per_host() {
    use railway_standin::Farmland;
    use std::sync::atomic::Ordering;
    let land = Farmland::start();
    let (gh_url, gh_conns) = counting_forwarder(&authority(&land.gh.uri()));
    let (rw_url, rw_conns) = counting_forwarder(&authority(&land.railway.url()));
    let dir = land.checkout();
    let tri = |args: &[&str]| {
        let out = land
            .tri(dir.path())
            .env("GITHUB_API_URL", &gh_url)
            .env("TRI_RAILWAY_API_URL", format!("{rw_url}/graphql/v2"))
            // Labels on: a step also reads and sets the issue's labels (more requests,
            // the same connection).
            .env("TRI_LABELS", "1")
            .arg("--verbose")
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{args:?}: {stderr}");
        stderr
    };
    tri(&["agent", "link", "42", "--repo", "octo/demo"]);
    tri(&["agent", "sandbox", "create"]);
    for (args, hosts) in [
        (&["agent", "step", "one step"][..], 1),
        (&["agent", "handoff", "next: the docs"][..], 1),
        (&["agent", "sandbox", "deploy"][..], 2),
    ] {
        let (g, r) = (
            gh_conns.load(Ordering::SeqCst),
            rw_conns.load(Ordering::SeqCst),
        );
        let stderr = tri(args);
        assert!(
            stderr.contains(&format!(
                "tri: debug: 1 async runtime(s), {hosts} HTTP client(s)"
            )),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            gh_conns.load(Ordering::SeqCst) - g,
            1,
            "{args:?}: connections to GitHub"
        );
        assert_eq!(
            rw_conns.load(Ordering::SeqCst) - r,
            hosts - 1,
            "{args:?}: connections to Railway"
        );
    }
}
