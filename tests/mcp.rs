//! `tri mcp` driven by a real MCP client the project did not write: the official Python SDK
//! (PyPI `mcp`, pinned and installed by scripts/test.sh into target/ci-tools/mcp), through
//! tests/mcp/driver.py, against the GitHub stand-in the hand-off tests use. The driver
//! starts the real binary over stdio, performs the calls and prints what it got as JSON;
//! the assertions are here.
//!
//! The SDK is found at `TRI_MCP_PYTHONPATH`, else at target/ci-tools/mcp; without it the
//! tests fail, unless `TRI_SKIP_MCP=1` (then each says it skipped and records it:
//! tests/common/skip.rs).

mod common;

use common::faulty_github::FaultyGitHub;
use common::Repo;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const ISSUE: u64 = 77;

/// Where the Python SDK is, or None when the developer skipped these tests
/// (`TRI_SKIP_MCP=1`, said and recorded by tests/common/skip.rs); missing, it fails the test.
fn sdk() -> Option<PathBuf> {
    let p = std::env::var_os("TRI_MCP_PYTHONPATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools/mcp"));
    if p.join("mcp/__init__.py").is_file() {
        return Some(p);
    }
    common::skip::missing(
        "MCP",
        &format!(
            "the MCP Python SDK is not at {} (TRI_MCP_PYTHONPATH, else target/ci-tools/mcp)",
            p.display()
        ),
        "python3 -m pip install --no-deps --target target/ci-tools/mcp -r tests/mcp/requirements.txt",
    );
    None
}

/// The server's environment: a scratch HOME, publishing pacing off, and with `gh` a token
/// and the stand-in's URL.
fn server_env(repo: &Repo, gh: Option<&FaultyGitHub>) -> Value {
    let home = repo.path().join(".home");
    let mut env = json!({
        "HOME": home.to_string_lossy(),
        "XDG_CONFIG_HOME": home.join(".config").to_string_lossy(),
        "TRI_PUBLISH_INTERVAL_MS": "0",
        "TRI_PUBLISH_MAX_WAIT_S": "0",
    });
    if let Some(gh) = gh {
        env["GH_TOKEN"] = json!("ghp_test");
        env["GITHUB_API_URL"] = json!(gh.url());
    }
    env
}

/// Runs the driver: `tri <args>` in `repo` with `env`, the `calls` in one session.
fn drive(sdk: &PathBuf, repo: &Repo, args: &[&str], env: Value, calls: Value) -> Value {
    let spec = json!({
        "command": env!("CARGO_BIN_EXE_tri"),
        "args": args,
        "cwd": repo.path().to_string_lossy(),
        "env": env,
        "list_tools": true,
        "calls": calls,
    });
    let driver = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/mcp/driver.py");
    let mut child = Command::new("python3")
        .arg(driver)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", repo.path().join(".home"))
        .env("PYTHONPATH", sdk)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(spec.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the driver failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "driver output is not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn call(tool: &str, arguments: Value) -> Value {
    json!({"tool": tool, "arguments": arguments})
}

fn names(v: &Value) -> Vec<String> {
    v["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect()
}

/// Asserts the call answered without error and returns its structured content.
fn ok(r: &Value) -> &Value {
    assert_eq!(r["isError"], false, "{r:#}");
    &r["structuredContent"]
}

fn checkout() -> Repo {
    Repo::with_origin("octo/widgets")
}

#[test]
fn lists_every_tool_with_a_schema_and_narrowing_lists_fewer() {
    let Some(sdk) = sdk() else { return };
    let repo = checkout();
    let v = drive(&sdk, &repo, &["mcp"], server_env(&repo, None), json!([]));
    assert_eq!(v["server"]["name"], "tri");
    let instructions = v["instructions"].as_str().unwrap();
    assert!(instructions.contains("`step`"));
    for kind in [
        "usage",
        "not_linked",
        "credentials",
        "timed_out",
        "interrupted",
        "failed",
    ] {
        assert!(instructions.contains(kind), "{kind}: {instructions}");
    }
    assert_eq!(
        names(&v),
        [
            "link",
            "status",
            "step",
            "handoff",
            "brief",
            "inbox",
            "ask",
            "wait",
            "finish",
            "log",
            "sync",
            "sandbox_status",
            "redact_check"
        ]
    );
    for t in v["tools"].as_array().unwrap() {
        assert_eq!(t["inputSchema"]["type"], "object", "{t:#}");
        assert!(t["description"].as_str().unwrap().len() > 40, "{t:#}");
    }
    let step = &v["tools"][2]["inputSchema"];
    assert_eq!(step["required"], json!(["message"]));
    for p in ["message", "event", "metrics", "resolves", "sticky"] {
        assert!(
            step["properties"][p]["description"].is_string(),
            "{p}: {step:#}"
        );
    }
    assert_eq!(
        step["properties"]["metrics"]["additionalProperties"]["type"],
        "number"
    );
    assert_eq!(v["tools"][2]["annotations"]["readOnlyHint"], false);

    let ro = drive(
        &sdk,
        &repo,
        &["mcp", "--read-only"],
        server_env(&repo, None),
        json!([]),
    );
    assert_eq!(
        names(&ro),
        [
            "status",
            "brief",
            "inbox",
            "log",
            "sandbox_status",
            "redact_check"
        ]
    );
    assert!(ro["tools"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["annotations"]["readOnlyHint"] == true));
    // A tool not served is refused as the protocol says, and the session goes on.
    let some = drive(
        &sdk,
        &repo,
        &["mcp", "--tools", "step,brief"],
        server_env(&repo, None),
        json!([
            call("link", json!({"issue": 1})),
            call("redact_check", json!({"message": "x"}))
        ]),
    );
    assert_eq!(names(&some), ["step", "brief"]);
    assert!(some["results"][0]["protocol_error"]
        .as_str()
        .unwrap()
        .contains("unknown tool `link`"));
    assert!(some["results"][1]["protocol_error"].is_string());
}

#[test]
fn an_unknown_tool_name_at_start_up_is_a_usage_error() {
    let repo = checkout();
    let out = repo
        .tri()
        .args(["mcp", "--tools", "step,stpe"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing but protocol on stdout");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown tool `stpe`"), "{err}");
    let out = repo
        .tri()
        .args(["mcp", "--read-only", "--tools", "step"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_step_with_a_secret_is_one_redacted_comment_and_one_experience_file() {
    let Some(sdk) = sdk() else { return };
    let gh = FaultyGitHub::start(0.0, 0, 31);
    let repo = checkout();
    let secret = "ghp_R7x2Qm9LwV4kT8nB3cY6hJ1pZ5sD0fGaE2uK";
    let v = drive(
        &sdk,
        &repo,
        &["mcp"],
        server_env(&repo, Some(&gh)),
        json!([
            call("link", json!({"issue": ISSUE})),
            call(
                "step",
                json!({
                    "message": format!("deployed with token {secret}"),
                    "metrics": {"tokens": 1200, "cost_usd": 0.03},
                })
            ),
        ]),
    );
    let linked = ok(&v["results"][0]);
    assert_eq!(linked["issue"], ISSUE);
    let step = ok(&v["results"][1]);
    assert_eq!(step["state"], "published", "{step:#}");
    assert_eq!(step["step"], 1);
    let text = v["results"][1]["text"].as_str().unwrap();
    assert!(text.contains("Recorded step 1"), "{text}");

    let comments = gh.comments();
    assert_eq!(comments.len(), 1, "one comment");
    assert!(!comments[0].body.contains(secret), "{}", comments[0].body);
    assert!(comments[0].body.contains("deployed with token ghp_"));
    assert!(comments[0].body.contains("[redacted]"));
    assert!(step["comment_url"].is_string());
    let files = repo.experience_files();
    assert_eq!(files.len(), 1, "one experience file");
    assert!(!std::fs::read_to_string(&files[0]).unwrap().contains(secret));
    assert!(repo.outbox_entries().is_empty());
    assert!(!v.to_string().contains(secret), "no secret in any reply");

    // The structured content is the command's --json document: the same members as
    // `tri agent step --json` run as a process.
    let other = checkout();
    let mut c = other.tri();
    c.env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .args(["agent", "link", "77"])
        .assert()
        .success();
    let out = other
        .tri()
        .env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .args(["agent", "step", "--json", "-m", "tokens=1", "from the cli"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(step), keys(&cli));
}

#[test]
fn thirty_steps_in_one_session_are_thirty_comments_each_once() {
    let Some(sdk) = sdk() else { return };
    let gh = FaultyGitHub::start(0.0, 0, 32);
    let repo = checkout();
    let mut calls = vec![call("link", json!({"issue": ISSUE}))];
    for i in 1..=30 {
        calls.push(call("step", json!({"message": format!("unit {i} done")})));
    }
    calls.push(json!({"tool": "sync", "arguments": {}, "progress": true}));
    calls.push(call("status", json!({})));
    let v = drive(
        &sdk,
        &repo,
        &["mcp"],
        server_env(&repo, Some(&gh)),
        Value::Array(calls),
    );
    let results = v["results"].as_array().unwrap();
    for (i, r) in results[1..31].iter().enumerate() {
        let s = ok(r);
        assert_eq!(s["step"], i as u64 + 1);
        assert_eq!(s["state"], "published", "{s:#}");
    }
    let comments = gh.comments();
    assert_eq!(comments.len(), 30);
    for i in 1..=30 {
        let needle = format!("unit {i} done");
        let n = comments
            .iter()
            .filter(|c| c.body.contains(&format!("{needle}\n")) || c.body.ends_with(&needle))
            .count();
        assert_eq!(n, 1, "{needle} published once");
    }
    let mut ids: Vec<String> = comments
        .iter()
        .flat_map(|c| common::marker_ids(&c.body))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30, "30 distinct events");
    assert_eq!(repo.experience_files().len(), 30);
    // sync: nothing left, with a progress notification at its start and its end.
    let sync = &results[31];
    assert_eq!(
        ok(sync)["published"],
        0,
        "each step was published by its own call"
    );
    assert_eq!(ok(sync)["queued"], 0);
    let p = sync["progress"].as_array().unwrap();
    assert_eq!(p.len(), 2, "{sync:#}");
    assert_eq!(p[1]["progress"], 1.0);
    let status = ok(&results[32]);
    assert_eq!(status["link"]["steps"], 30);
    assert_eq!(status["queued"], 0);
}

#[test]
fn bad_arguments_are_an_error_result_and_the_next_call_is_served() {
    let Some(sdk) = sdk() else { return };
    let gh = FaultyGitHub::start(0.0, 0, 33);
    let repo = checkout();
    let v = drive(
        &sdk,
        &repo,
        &["mcp"],
        server_env(&repo, Some(&gh)),
        json!([
            call("link", json!({"issue": ISSUE})),
            call("step", json!({"msg": "typo in the name"})),
            call("step", json!({"message": 5})),
            call(
                "step",
                json!({"message": "x", "metrics": {"tokens": "many"}})
            ),
            call("step", json!({"message": "x", "event": "no_such_event"})),
            call("link", json!({"issue": -3})),
            call("step", json!({"message": "served after the bad ones"})),
        ]),
    );
    let r = v["results"].as_array().unwrap();
    for bad in &r[1..6] {
        assert_eq!(bad["isError"], true, "{bad:#}");
        let e = &bad["structuredContent"]["error"];
        assert_eq!(e["kind"], "usage", "{bad:#}");
        assert_eq!(e["exit_code"], 2);
        let m = e["message"].as_str().unwrap();
        assert!(m.starts_with("bad arguments for "), "{m}");
        assert!(!m.contains('\n'), "{m}");
        assert_eq!(bad["text"], e["message"]);
    }
    assert!(r[1]["structuredContent"]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("unknown field `msg`"));
    assert!(r[4]["structuredContent"]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no_such_event"));
    assert_eq!(ok(&r[6])["step"], 1, "the next call is served");
    assert_eq!(gh.comments().len(), 1, "only the good step was published");
    assert_eq!(repo.experience_files().len(), 1);
}

#[test]
fn a_handoff_then_a_brief_shows_it() {
    let Some(sdk) = sdk() else { return };
    let gh = FaultyGitHub::start(0.0, 0, 34);
    gh.set_issue(ISSUE, "Make the parser fast", "opener");
    let repo = checkout();
    let v = drive(
        &sdk,
        &repo,
        &["mcp"],
        server_env(&repo, Some(&gh)),
        json!([
            call("link", json!({"issue": ISSUE})),
            call(
                "step",
                json!({"message": "built the lexer", "metrics": {"tokens": 10}})
            ),
            call(
                "handoff",
                json!({"message": "Fix E0425 in parser.rs, then run the benches."})
            ),
            call("brief", json!({})),
        ]),
    );
    let r = v["results"].as_array().unwrap();
    let h = ok(&r[2]);
    assert_eq!(h["state"], "published", "{h:#}");
    let body = gh.comments().last().unwrap().body.clone();
    assert!(body.contains("type=handoff"), "{body}");
    let b = ok(&r[3]);
    assert_eq!(b["goal"], "Make the parser fast");
    assert_eq!(
        b["handoff"]["for_next_agent"],
        "Fix E0425 in parser.rs, then run the benches."
    );
    assert_eq!(b["handoff"]["did"][0]["text"], "built the lexer");
    assert_eq!(b["metrics"]["tokens"], 10.0);
    // The text beside it is the command's human lines (its summary, and any warning).
    let text = r[3]["text"].as_str().unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("Brief of octo/widgets#77")),
        "{text}"
    );
}

#[test]
fn in_an_unlinked_workspace_a_step_says_to_link_and_records_nothing() {
    let Some(sdk) = sdk() else { return };
    let gh = FaultyGitHub::start(0.0, 0, 35);
    let repo = checkout();
    let v = drive(
        &sdk,
        &repo,
        &["mcp"],
        server_env(&repo, Some(&gh)),
        json!([
            call("step", json!({"message": "too early"})),
            call("handoff", json!({"message": "too early"})),
            call("status", json!({})),
        ]),
    );
    let r = v["results"].as_array().unwrap();
    for refused in &r[..2] {
        assert_eq!(refused["isError"], true);
        assert_eq!(
            refused["structuredContent"],
            json!({"error": {"kind": "not_linked",
                "message": "not linked: call link with the issue number first",
                "exit_code": 3}})
        );
    }
    assert_eq!(ok(&r[2])["linked"], false);
    assert!(gh.comments().is_empty(), "nothing sent");
    assert!(repo.experience_files().is_empty(), "nothing recorded");
    assert!(repo.outbox_entries().is_empty());
}

/// Without any SDK: JSON-RPC lines written by hand, garbage among them. Every line on
/// stdout is a protocol message, the server outlives the garbage, and a step whose command
/// warns (no token: queued) writes its lines into the result, not onto stdout.
#[test]
fn stdout_holds_only_protocol_messages_and_garbage_does_not_stop_the_server() {
    let repo = checkout();
    repo.tri().args(["agent", "link", "5"]).assert().success();
    let lines = [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "by-hand", "version": "1"}}})
        .to_string(),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string(),
        "this is not json".to_string(),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
            "params": {"name": "step", "arguments": "not an object"}})
        .to_string(),
        json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call",
            "params": {"name": "step", "arguments": {"message": "queued, with a warning"}}})
        .to_string(),
        json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call",
            "params": {"name": "status", "arguments": {}}})
        .to_string(),
        json!({"jsonrpc": "2.0", "id": 5, "method": "tools/call",
            "params": {"name": "step", "arguments": []}})
        .to_string(),
        json!({"jsonrpc": "2.0", "id": 6, "method": "tools/call",
            "params": {"name": "step", "arguments": {"message": 5}}})
        .to_string(),
        "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": ".to_string(),
    ];
    let out = repo
        .tri()
        .arg("mcp")
        .write_stdin(lines.join("\n") + "\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "exits 0 when stdin closes");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let msgs: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON-RPC ({e}): {l}")))
        .collect();
    for m in &msgs {
        assert_eq!(m["jsonrpc"], "2.0", "{m}");
    }
    let by_id = |id: u64| {
        msgs.iter()
            .find(|m| m["id"] == id)
            .unwrap_or_else(|| panic!("no answer to {id}: {stdout}"))
    };
    assert_eq!(by_id(1)["result"]["serverInfo"]["name"], "tri");
    // A line that is not JSON is answered as JSON-RPC 2.0 says: -32700, `id: null` (two
    // such lines here: the words and the cut-off request).
    let parse_errors: Vec<&Value> = msgs
        .iter()
        .filter(|m| m["error"]["code"] == -32700)
        .collect();
    assert_eq!(parse_errors.len(), 2, "{stdout}");
    for m in parse_errors {
        assert!(
            m.as_object().unwrap().contains_key("id") && m["id"].is_null(),
            "{m}"
        );
    }
    // `arguments` that are not an object: the request does not have tools/call's shape,
    // invalid params (not "method not found"), saying what is wrong.
    for (id, what) in [(2, "a string"), (5, "an array")] {
        let e = &by_id(id)["error"];
        assert_eq!(e["code"], -32602, "{e}");
        let m = e["message"].as_str().unwrap();
        assert!(m.contains("`arguments` must be an object"), "{m}");
        assert!(m.contains(what), "{m}");
    }
    // A value of the wrong type inside them: a tool error naming the argument (SEP-1303).
    let bad = &by_id(6)["result"];
    assert_eq!(bad["isError"], true);
    assert_eq!(bad["structuredContent"]["error"]["kind"], "usage");
    let m = bad["structuredContent"]["error"]["message"]
        .as_str()
        .unwrap();
    assert!(m.starts_with("bad arguments for step: `message`: "), "{m}");
    let step = &by_id(3)["result"];
    assert_eq!(step["isError"], false);
    assert_eq!(step["structuredContent"]["state"], "queued");
    assert!(step["content"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Queued: no GitHub token is set"));
    assert_eq!(by_id(4)["result"]["structuredContent"]["queued"], 1);
    assert_eq!(repo.experience_files().len(), 1);
}

/// `tri mcp` driven by hand over stdio, JSON-RPC line by line, for what a client library
/// hides: several calls in flight, `notifications/cancelled`, SIGINT, lines that are not
/// JSON. A thread reads each of stdout and stderr into a channel; every wait on them is
/// bounded by [`HANG_GUARD`] (a guard against a hang, not a timing assumption).
struct Raw {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    out: std::sync::mpsc::Receiver<Value>,
    err: std::sync::mpsc::Receiver<String>,
    /// Messages read but not yet asked for.
    unclaimed: Vec<Value>,
}

use common::hold::{Hold, HANG_GUARD};
use std::sync::mpsc::RecvTimeoutError;

impl Raw {
    /// `tri <args>` in `repo` with a clean environment (as [`Repo::tri`]) and `env`, then
    /// `initialize` and `notifications/initialized`.
    fn start(repo: &Repo, args: &[&str], env: &[(&str, &str)]) -> Raw {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tri"));
        c.current_dir(repo.path()).env_clear();
        for k in ["PATH", "LANG", "TMPDIR"] {
            if let Ok(v) = std::env::var(k) {
                c.env(k, v);
            }
        }
        let home = repo.path().join(".home");
        c.env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("TRI_PUBLISH_INTERVAL_MS", "0")
            .env("TRI_PUBLISH_MAX_WAIT_S", "0");
        for (k, v) in env {
            c.env(k, v);
        }
        let mut child = c
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tri starts");
        let (out_tx, out) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let line = line.unwrap();
                let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| {
                    panic!("stdout holds a line that is not JSON ({e}): {line}")
                });
                if out_tx.send(v).is_err() {
                    break;
                }
            }
        });
        let (err_tx, err) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(|l| l.ok())
            {
                if err_tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut raw = Raw {
            stdin: child.stdin.take(),
            child,
            out,
            err,
            unclaimed: Vec::new(),
        };
        raw.send(
            json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "by-hand", "version": "1"}}}),
        );
        assert_eq!(raw.answer(0)["result"]["serverInfo"]["name"], "tri");
        raw.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        raw
    }

    fn send_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: Value) {
        self.send_line(&v.to_string());
    }

    /// Sends `tools/call` of `tool` with `arguments` as request `id`.
    fn call(&mut self, id: u64, tool: &str, arguments: Value) {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
            "params": {"name": tool, "arguments": arguments}}));
    }

    /// The first message (read or to come) for which `pick` is true.
    fn message(&mut self, what: &str, pick: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.unclaimed.iter().position(&pick) {
            return self.unclaimed.remove(i);
        }
        let t0 = std::time::Instant::now();
        loop {
            let left = HANG_GUARD.saturating_sub(t0.elapsed());
            match self.out.recv_timeout(left) {
                Ok(v) if pick(&v) => return v,
                Ok(v) => self.unclaimed.push(v),
                Err(RecvTimeoutError::Timeout) => panic!("no {what} within {HANG_GUARD:?}"),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "the server ended before {what}; it said: {:?}",
                        self.unclaimed
                    )
                }
            }
        }
    }

    /// The answer to request `id`.
    fn answer(&mut self, id: u64) -> Value {
        self.message(&format!("answer to request {id}"), |m| m["id"] == id)
    }

    /// The first stderr line (read or to come) starting with `prefix`.
    fn stderr_line(&mut self, prefix: &str) -> String {
        let t0 = std::time::Instant::now();
        loop {
            let left = HANG_GUARD.saturating_sub(t0.elapsed());
            match self.err.recv_timeout(left) {
                Ok(l) if l.starts_with(prefix) => return l,
                Ok(_) => {}
                Err(e) => panic!("no stderr line `{prefix}…` ({e:?})"),
            }
        }
    }

    /// Waits for the process to end; its exit code, and every message it wrote that was
    /// not asked for.
    fn exit(mut self) -> (Option<i32>, Vec<Value>) {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut child = self.child;
        drop(self.stdin.take());
        std::thread::spawn(move || {
            let _ = tx.send(child.wait().unwrap().code());
        });
        let code = rx
            .recv_timeout(HANG_GUARD)
            .unwrap_or_else(|_| panic!("the server did not end within {HANG_GUARD:?}"));
        let mut rest = self.unclaimed;
        rest.extend(self.out.iter());
        (code, rest)
    }
}

/// The result of a tools/call answer, asserting it is no error.
fn ok_result(answer: &Value) -> &Value {
    assert_eq!(answer["result"]["isError"], false, "{answer:#}");
    &answer["result"]["structuredContent"]
}

/// A checkout of octo/widgets linked to [`ISSUE`] through `gh`, and a holding proxy in front
/// of `gh` that holds the reads of the issue's comments (a `wait`'s polls).
fn linked_behind_a_hold(gh: &FaultyGitHub) -> (Repo, Hold) {
    let repo = checkout();
    repo.tri()
        .env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .args(["agent", "link", &ISSUE.to_string()])
        .assert()
        .success();
    let gate = Hold::in_front_of(&gh.url(), |head, _| {
        head.starts_with("GET ") && head.contains(&format!("/issues/{ISSUE}/comments"))
    });
    (repo, gate)
}

/// A wait of thirty minutes (polling every thirty) for replies since an hour ago.
fn long_wait() -> Value {
    json!({"since": "1h", "timeout": "30m", "interval": "30m"})
}

#[test]
fn a_pending_wait_holds_back_no_other_call_and_a_cancel_ends_it_recording_nothing() {
    let gh = FaultyGitHub::start(0.0, 0, 36);
    let (repo, gate) = linked_behind_a_hold(&gh);
    let mut s = Raw::start(
        &repo,
        &["mcp", "--verbose"],
        &[("GH_TOKEN", "ghp_test"), ("GITHUB_API_URL", &gate.url())],
    );
    s.call(1, "wait", long_wait());
    // The wait is inside its first poll, held: it is pending, whatever the machine's pace.
    gate.wait_seen(1);
    s.call(2, "status", json!({}));
    assert_eq!(ok_result(&s.answer(2))["link"]["issue"], ISSUE);
    s.call(
        3,
        "redact_check",
        json!({"message": "ghp_R7x2Qm9LwV4kT8nB3cY6hJ1pZ5sD0fGaE2uK"}),
    );
    assert_eq!(ok_result(&s.answer(3))["total"], 1);
    // Its poll answered, the wait now sleeps thirty minutes; a call that reads GitHub runs
    // on the same command runtime meanwhile.
    gate.release();
    gate.wait_forwarded(1);
    s.call(4, "inbox", json!({"since": "1h"}));
    assert!(ok_result(&s.answer(4)).is_object());

    let cancelled = std::time::Instant::now();
    s.send(
        json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
        "params": {"requestId": 1, "reason": "the user moved on"}}),
    );
    let ended = s.stderr_line("tri mcp: wait -> ");
    assert!(ended.starts_with("tri mcp: wait -> interrupted"), "{ended}");
    // A generous bound against the wait's thirty minutes: it cannot flake.
    assert!(
        cancelled.elapsed() < std::time::Duration::from_secs(5),
        "the cancelled wait took {:?} to end",
        cancelled.elapsed()
    );
    // The server goes on after it.
    s.call(5, "status", json!({}));
    ok_result(&s.answer(5));
    let (code, rest) = s.exit();
    assert_eq!(code, Some(0));
    assert!(
        rest.iter().all(|m| m["id"] != 1),
        "a cancelled request is not answered: {rest:?}"
    );
    assert!(repo.experience_files().is_empty(), "nothing recorded");
    assert!(repo.outbox_entries().is_empty());
    assert!(gh.comments().is_empty(), "nothing sent");
}

#[cfg(unix)]
#[test]
fn sigint_ends_the_server_while_a_wait_is_pending() {
    let gh = FaultyGitHub::start(0.0, 0, 37);
    let (repo, gate) = linked_behind_a_hold(&gh);
    let mut s = Raw::start(
        &repo,
        &["mcp"],
        &[("GH_TOKEN", "ghp_test"), ("GITHUB_API_URL", &gate.url())],
    );
    s.call(1, "wait", long_wait());
    // The wait is inside its first poll, with its own Ctrl-C handler installed (it listens
    // for Ctrl-C beside the poll).
    gate.wait_seen(1);
    let killed = Command::new("kill")
        .args(["-INT", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    // stdin stays open: only the signal can end it.
    let stdin = s.stdin.take();
    let (code, _) = s.exit();
    drop(stdin);
    assert_eq!(code, Some(130), "SIGINT ends the server: exit 130");
    assert!(repo.experience_files().is_empty(), "nothing recorded");
    assert!(gh.comments().is_empty());
}

#[test]
fn twenty_five_steps_sent_at_once_are_numbered_one_to_twenty_five_and_reads_run_beside_them() {
    let gh = FaultyGitHub::start(0.0, 0, 38);
    let repo = checkout();
    let mut s = Raw::start(
        &repo,
        &["mcp"],
        &[("GH_TOKEN", "ghp_test"), ("GITHUB_API_URL", &gh.url())],
    );
    s.call(1, "link", json!({"issue": ISSUE}));
    ok_result(&s.answer(1));
    for i in 0..25u64 {
        s.call(
            100 + i,
            "step",
            json!({"message": format!("unit {i} done")}),
        );
        s.call(200 + i, "status", json!({}));
    }
    let mut steps: Vec<u64> = (0..25u64)
        .map(|i| {
            let r = s.answer(100 + i);
            let doc = ok_result(&r);
            assert_eq!(doc["state"], "published", "{doc:#}");
            doc["step"].as_u64().unwrap()
        })
        .collect();
    // Calls that record run in the order they came.
    assert_eq!(steps, (1..=25).collect::<Vec<u64>>());
    steps.dedup();
    assert_eq!(steps.len(), 25);
    for i in 0..25u64 {
        ok_result(&s.answer(200 + i));
    }
    let (code, _) = s.exit();
    assert_eq!(code, Some(0));
    assert_eq!(gh.comments().len(), 25, "each step published once");
    assert_eq!(repo.experience_files().len(), 25);
}

/// Every file under `dir` (relative path → content).
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn read_only_tools_write_nothing_and_the_brief_still_shows_what_the_issue_holds() {
    let Some(sdk) = sdk() else { return };
    let gh = FaultyGitHub::start(0.0, 0, 39);
    gh.set_issue(ISSUE, "Make the parser fast", "opener");
    let online = |r: &Repo, args: &[&str]| {
        r.tri()
            .env("GH_TOKEN", "ghp_test")
            .env("GITHUB_API_URL", gh.url())
            .args(args)
            .assert()
            .success();
    };
    // Another checkout worked on the issue and handed it over.
    let other = checkout();
    online(&other, &["agent", "link", "77"]);
    online(
        &other,
        &["agent", "step", "-m", "tokens=10", "built the lexer"],
    );
    online(&other, &["agent", "handoff", "Fix E0425 in parser.rs."]);
    // This one was linked offline (no title in its link) and recorded a step.
    let repo = checkout();
    repo.tri().args(["agent", "link", "77"]).assert().success();
    online(&repo, &["agent", "step", "-m", "tokens=5", "read the code"]);
    let before = tree(&repo.trinity());
    let reads = json!([
        call("brief", json!({})),
        call("status", json!({})),
        call("log", json!({})),
        call("inbox", json!({"since": "1h"})),
        call("redact_check", json!({"message": "x"})),
    ]);
    let env = server_env(&repo, Some(&gh));
    let v = drive(
        &sdk,
        &repo,
        &["mcp", "--read-only"],
        env.clone(),
        reads.clone(),
    );
    let after = tree(&repo.trinity());
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "--read-only wrote {changed:?}");
    let r = v["results"].as_array().unwrap();
    for x in r {
        ok(x);
    }
    // The brief read the issue: the other checkout's events, shown but not saved.
    let b = ok(&r[0]);
    assert_eq!(b["refresh"]["state"], "pulled", "{b:#}");
    assert_eq!(b["refresh"]["new"], 2, "{b:#}");
    assert_eq!(b["goal"], "Make the parser fast");
    assert_eq!(b["handoff"]["for_next_agent"], "Fix E0425 in parser.rs.");
    assert_eq!(b["handoff"]["did"][0]["text"], "built the lexer");
    assert_eq!(b["metrics"]["tokens"], 15.0, "{b:#}");
    // Served read-write, the same brief saves what it read: what --read-only must not do.
    let rw = drive(
        &sdk,
        &repo,
        &["mcp"],
        env,
        json!([call("brief", json!({}))]),
    );
    assert_eq!(ok(&rw["results"][0])["handoff"], b["handoff"]);
    assert_ne!(tree(&repo.trinity()), before);
    assert_eq!(repo.link()["title"], "Make the parser fast");
}
