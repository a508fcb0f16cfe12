//! `tri ci init`: what it writes and where, that it never replaces a file without `--force`
//! (and then writes nothing), its `--json` document, and that the tri command lines in the
//! workflows it writes are ones this tri accepts. actionlint on the same files:
//! tests/workflows_lint.rs.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn tri(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("tri").unwrap();
    c.current_dir(dir)
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITHUB_EVENT_PATH")
        .env_remove("GITHUB_REPOSITORY")
        .env_remove("GH_REPO")
        .env("TRI_CONFIG_DIR", dir.join(".no-user-config"));
    c
}

fn git_repo() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let st = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(d.path())
        .status()
        .unwrap();
    assert!(st.success());
    d
}

fn action() -> String {
    format!("OWNER/tri@v{}", env!("CARGO_PKG_VERSION"))
}

#[test]
fn writes_the_sandbox_workflow_at_the_git_top_level() {
    let repo = git_repo();
    let sub = repo.path().join("src/deep");
    std::fs::create_dir_all(&sub).unwrap();
    let out = tri(&sub).args(["ci", "init"]).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.starts_with(&format!(
            "Wrote .github/workflows/tri-sandbox.yml (sandbox workflow, tri action {})",
            action()
        )),
        "{stdout}"
    );
    let wf = repo.path().join(".github/workflows");
    let names: Vec<String> = std::fs::read_dir(&wf)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["tri-sandbox.yml"]);
    assert!(!sub.join(".github").exists());
    let text = std::fs::read_to_string(wf.join("tri-sandbox.yml")).unwrap();
    for want in [
        "types: [opened, reopened, closed, deleted]",
        "group: tri-issue-${{ github.event.issue.number }}",
        "permissions:\n  issues: write\n  contents: read\n",
        &format!("uses: {}", action()),
        "run: tri agent on-issue-event --timeout 15m",
        "if: cancelled() || failure()",
        "run: tri agent finish --status \"$STATUS\"",
    ] {
        assert!(
            text.contains(want),
            "tri-sandbox.yml lacks {want:?}:\n{text}"
        );
    }
    assert!(!text.contains("@ACTION@"));
}

#[test]
fn never_replaces_without_force_and_then_writes_nothing() {
    let repo = git_repo();
    tri(repo.path()).args(["ci", "init"]).assert().success();
    let sandbox = repo.path().join(".github/workflows/tri-sandbox.yml");
    std::fs::write(&sandbox, "# mine\n").unwrap();

    // Both asked for, one exists: neither is written.
    let out = tri(repo.path())
        .args(["ci", "init", "--sandbox", "--steps"])
        .assert()
        .code(1);
    let o = out.get_output();
    assert!(o.stdout.is_empty());
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("tri-sandbox.yml already exists"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&sandbox).unwrap(), "# mine\n");
    assert!(!repo.path().join(".github/workflows/tri-steps.yml").exists());

    // --force replaces it and says so.
    let out = tri(repo.path())
        .args(["ci", "init", "--force"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.starts_with("Replaced .github/workflows/tri-sandbox.yml"),
        "{stdout}"
    );
    assert!(std::fs::read_to_string(&sandbox)
        .unwrap()
        .contains("tri agent on-issue-event"));
}

#[test]
fn json_lists_what_was_written() {
    let repo = git_repo();
    let out = tri(repo.path())
        .args(["ci", "--json", "init", "--steps"])
        .assert()
        .success();
    let o = out.get_output();
    let v: Value = serde_json::from_slice(&o.stdout).expect("stdout is one JSON document");
    assert_eq!(v["action"], action());
    let written = v["written"].as_array().unwrap();
    assert_eq!(written.len(), 1);
    assert_eq!(written[0]["kind"], "steps");
    assert_eq!(written[0]["replaced"], false);
    let path = written[0]["path"].as_str().unwrap();
    assert!(path.ends_with(".github/workflows/tri-steps.yml"), "{path}");
    assert!(Path::new(path).is_file());
    // Messages went to stderr.
    assert!(String::from_utf8_lossy(&o.stderr).contains("Wrote "));
}

#[test]
fn writes_at_the_workspace_holding_trinity() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join(".trinity")).unwrap();
    let sub = d.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    tri(&sub)
        .args(["ci", "init", "--steps", "--sandbox"])
        .assert()
        .success();
    assert!(d.path().join(".github/workflows/tri-sandbox.yml").is_file());
    assert!(d.path().join(".github/workflows/tri-steps.yml").is_file());
}

#[test]
fn the_tri_commands_in_the_workflows_parse() {
    // finish: `--status` takes what the workflow passes; unlinked, so exit 3, not 2 (usage).
    let d = tempfile::tempdir().unwrap();
    for status in ["failed", "cancelled", "done"] {
        tri(d.path())
            .args(["agent", "finish", "--status", status, "note"])
            .assert()
            .code(3);
    }
    // on-issue-event with the workflow's flags, on an action it ignores: exit 0.
    let event = d.path().join("event.json");
    std::fs::write(
        &event,
        r#"{"action":"labeled","issue":{"number":7},"repository":{"full_name":"o/r"}}"#,
    )
    .unwrap();
    tri(d.path())
        .args(["agent", "on-issue-event", "--timeout", "15m"])
        .env("GITHUB_EVENT_PATH", &event)
        .assert()
        .success();
}
