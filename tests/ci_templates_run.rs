//! The tri commands inside the workflows `tri ci init` writes run, as written, against the
//! stand-ins (issue 24): every `run:` that calls tri is taken from the generated YAML and run
//! with bash (as Actions does: `bash -e`, or `-eo pipefail` with `shell: bash`), with tri on
//! PATH, the job's and the step's `env:` (each `${{ … }}` given a test value; an expression
//! the test does not know fails it) and the variables Actions sets. Each must exit 0, and what
//! they post reaches the issue. docs/sandboxes.md's copy of the sandbox workflow: tests/ci_init.rs.

mod common;
#[path = "railway_standin/mod.rs"]
mod railway_standin;

use common::faulty_github::FaultyGitHub;
use serde_norway::Value;
use std::path::Path;

/// The test value of each `${{ … }}` the templates use, by the variable it is given to.
fn expression_value(var: &str, expr: &str) -> String {
    match var {
        "GH_TOKEN" => "ghp_templatestemplatestemplates00000".into(),
        "RAILWAY_API_TOKEN" => "rw-token-1".into(),
        "RAILWAY_PROJECT_ID" => "proj-1".into(),
        "RAILWAY_ENVIRONMENT_ID" => "env-1".into(),
        "ISSUE" => "42".into(),
        "STATUS" => "failed".into(),
        _ => panic!("the template gives {var} the expression {expr:?}, which this test does not know: add its test value"),
    }
}

/// `(name, shell flags, script, env)` of every step whose `run:` calls tri, in order, with
/// the job's env under the step's.
/// One step: `(name, bash flags, script, env)`.
type Step = (String, Vec<&'static str>, String, Vec<(String, String)>);

fn tri_steps(yaml: &str) -> Vec<Step> {
    let doc: Value = serde_norway::from_str(yaml).unwrap();
    let mut out = Vec::new();
    for (_, job) in doc["jobs"].as_mapping().unwrap() {
        let env_of = |v: &Value| -> Vec<(String, String)> {
            v.as_mapping()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| {
                            let k = k.as_str().unwrap().to_string();
                            let v = match v {
                                Value::String(s) if s.contains("${{") => expression_value(&k, s),
                                Value::String(s) => s.clone(),
                                other => serde_norway::to_string(other).unwrap().trim().into(),
                            };
                            (k, v)
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let job_env = env_of(&job["env"]);
        for step in job["steps"].as_sequence().unwrap() {
            let Some(run) = step["run"].as_str() else {
                continue;
            };
            if !run
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == "tri")
            {
                continue;
            }
            let flags = if step["shell"].as_str() == Some("bash") {
                vec!["--noprofile", "--norc", "-eo", "pipefail"]
            } else {
                vec!["-e"]
            };
            let mut env = job_env.clone();
            env.extend(env_of(&step["env"]));
            let name = step["name"].as_str().unwrap_or(run).to_string();
            out.push((name, flags, run.to_string(), env));
        }
    }
    out
}

/// Runs one step's script in `dir` with bash, tri first on PATH; panics unless it exits 0.
fn run_step(dir: &Path, step: &Step, extra: &[(&str, String)]) {
    let (name, flags, script, env) = step;
    let bin = Path::new(env!("CARGO_BIN_EXE_tri")).parent().unwrap();
    let out = std::process::Command::new("bash")
        .args(flags)
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env_clear()
        .env(
            "PATH",
            format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
        )
        .env("HOME", dir.join(".home"))
        .env("TRI_PUBLISH_INTERVAL_MS", "0")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_REPOSITORY", "octo/demo")
        .env("GITHUB_RUN_ID", "9001")
        .env("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
        .env("GITHUB_SERVER_URL", "https://github.com")
        .envs(extra.iter().map(|(k, v)| (*k, v.as_str())))
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "step {name:?} ({script}) exited {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A git checkout with both workflows written by `tri ci init --sandbox --steps`.
fn checkout_with_workflows() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    common::git(d.path(), &["init", "-q"]);
    common::git(
        d.path(),
        &["remote", "add", "origin", "git@github.com:octo/demo.git"],
    );
    common::tri_in(d.path())
        .args([
            "ci",
            "init",
            "--sandbox",
            "--steps",
            "--action",
            "acme/tri@0123456789abcdef0123456789abcdef01234567",
        ])
        .assert()
        .success();
    d
}

fn workflow(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(".github/workflows").join(name)).unwrap()
}

#[test]
fn the_sandbox_workflows_tri_commands_run_against_the_stand_ins() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let railway = rt.block_on(railway_standin::RailwayStandIn::start(&["SUCCESS"]));
    let gh = FaultyGitHub::start(0.0, 0, 31);
    let d = checkout_with_workflows();
    let steps = tri_steps(&workflow(d.path(), "tri-sandbox.yml"));
    assert!(
        steps.iter().any(|s| s.2.contains("on-issue-event")),
        "{steps:?}"
    );
    let event = d.path().join("event.json");
    std::fs::write(
        &event,
        serde_json::to_vec(&railway_standin::Farmland::payload(
            "octo/demo",
            77,
            "opened",
        ))
        .unwrap(),
    )
    .unwrap();
    let extra = [
        ("GITHUB_API_URL", gh.url()),
        ("TRI_RAILWAY_API_URL", railway.url()),
        ("GITHUB_EVENT_NAME", "issues".to_string()),
        ("GITHUB_EVENT_PATH", event.to_string_lossy().into_owned()),
        (
            "TRI_GATE_DIR",
            d.path().join(".gate").to_string_lossy().into_owned(),
        ),
    ];
    for s in &steps {
        run_step(d.path(), s, &extra);
    }
    assert!(railway.invalid().is_empty(), "{:?}", railway.invalid());
    assert_eq!(railway.live().len(), 1, "the issue's sandbox");
    let bodies: Vec<String> = gh.comments().into_iter().map(|c| c.body).collect();
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("session_finished") || b.contains("did not finish")),
        "the finish step's comment: {bodies:#?}"
    );
}

#[test]
fn the_steps_workflows_tri_commands_run_against_the_stand_ins() {
    let gh = FaultyGitHub::start(0.0, 0, 32);
    gh.set_issue(42, "Make the parser fast", "opener");
    let d = checkout_with_workflows();
    let steps = tri_steps(&workflow(d.path(), "tri-steps.yml"));
    assert!(steps.len() >= 4, "{steps:?}");
    // What the template's own build step ("make test") leaves for the failure report.
    std::fs::write(
        d.path().join("test.log"),
        "test a ... ok\ntest b ... FAILED\n",
    )
    .unwrap();
    let extra = [
        ("GITHUB_API_URL", gh.url()),
        ("GITHUB_EVENT_NAME", "workflow_dispatch".to_string()),
    ];
    for s in &steps {
        run_step(d.path(), s, &extra);
    }
    let bodies: Vec<String> = gh
        .comments()
        .into_iter()
        .filter(|c| c.issue == 42)
        .map(|c| c.body)
        .collect();
    for want in [
        "Tests pass at 0123456",
        "build_failed",
        "next: review and merge",
    ] {
        assert!(
            bodies.iter().any(|b| b.contains(want)),
            "no comment with {want:?}: {bodies:#?}"
        );
    }
    assert!(std::fs::read_to_string(d.path().join("brief.md"))
        .unwrap()
        .contains("Make the parser fast"));
}
