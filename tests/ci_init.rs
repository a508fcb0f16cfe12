//! `tri ci init`: what it writes and where, that it never replaces a file without `--force`
//! (and then writes nothing), its `--json` document, and that the tri command lines in the
//! workflows it writes are ones this tri accepts; that it pins tri's action to a full commit
//! and refuses to write a placeholder; that docs/sandboxes.md's copy of the sandbox workflow is what it
//! writes. actionlint and zizmor on the same files: tests/workflows_lint.rs, tests/zizmor.rs.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// A full commit for `--action` (any 40 hex characters will do).
const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

/// `tri` in `dir` with a clean environment; `ci init` runs get `--action acme/tri@SHA`
/// from [`init`].
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
    format!("acme/tri@{SHA}")
}

/// `tri ci init ARGS --action acme/tri@SHA` in `dir`.
fn init(dir: &Path, args: &[&str]) -> Command {
    let mut c = tri(dir);
    c.args(["ci", "init"])
        .args(args)
        .args(["--action", &action()]);
    c
}

#[test]
fn writes_the_sandbox_workflow_at_the_git_top_level() {
    let repo = git_repo();
    let sub = repo.path().join("src/deep");
    std::fs::create_dir_all(&sub).unwrap();
    let out = init(&sub, &[]).assert().success();
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
        "\npermissions: {}\n",
        "    permissions:\n      issues: write\n      deployments: write\n      contents: read\n",
        "persist-credentials: false",
        &format!("uses: {} # pinned with --action", action()),
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
    init(repo.path(), &[]).assert().success();
    let sandbox = repo.path().join(".github/workflows/tri-sandbox.yml");
    std::fs::write(&sandbox, "# mine\n").unwrap();

    // Both asked for, one exists: neither is written.
    let out = init(repo.path(), &["--sandbox", "--steps"])
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
    let out = init(repo.path(), &["--force"]).assert().success();
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
        .args(["ci", "--json", "init", "--steps", "--action", &action()])
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
    // Under --json stderr holds warnings and errors only: none here.
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
}

#[test]
fn writes_at_the_workspace_holding_trinity() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(d.path().join(".trinity")).unwrap();
    let sub = d.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    init(&sub, &["--steps", "--sandbox"]).assert().success();
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

/// The files under `dir`, recursively (to show that nothing was written).
fn files(dir: &Path) -> Vec<String> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if e.file_name() == ".git" {
            continue;
        }
        if p.is_dir() {
            v.extend(files(&p));
        } else {
            v.push(p.display().to_string());
        }
    }
    v
}

#[test]
fn without_action_it_pins_the_build_commit_or_refuses_a_placeholder() {
    let repo = git_repo();
    let out = tri(repo.path())
        .args(["ci", "init", "--steps"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if env!("CARGO_PKG_REPOSITORY").starts_with("https://github.com/OWNER/") {
        // This build names the placeholder repository: refused, one line, nothing written.
        assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
        assert!(stdout.is_empty(), "{stdout}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("placeholder repository OWNER/tri"),
            "{stderr}"
        );
        assert!(
            stderr.contains("pass --action OWNER/NAME@<40-hex commit>"),
            "{stderr}"
        );
        assert_eq!(files(repo.path()), Vec::<String>::new());
    } else {
        // A real repository: pinned to the commit this test binary's tri was built from.
        assert!(out.status.success(), "{stderr}");
        let head = std::process::Command::new("git")
            .args(["rev-parse", "HEAD"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let head = String::from_utf8(head.stdout).unwrap();
        let text =
            std::fs::read_to_string(repo.path().join(".github/workflows/tri-steps.yml")).unwrap();
        assert!(
            text.contains(&format!(
                "@{} # v{}",
                head.trim(),
                env!("CARGO_PKG_VERSION")
            )),
            "{text}"
        );
    }
}

#[test]
fn a_malformed_action_is_refused_and_nothing_written() {
    let repo = git_repo();
    for bad in [
        "acme/tri@v1.2.3".to_string(),
        "acme/tri@main".to_string(),
        format!("acme@{SHA}"),
        format!("OWNER/tri@{SHA}"),
        format!("acme/tri@{}", &SHA[..12]),
    ] {
        let out = tri(repo.path())
            .args(["ci", "init", "--sandbox", "--steps", "--action", &bad])
            .assert()
            .code(2);
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert_eq!(err.lines().count(), 1, "{bad}: {err}");
        assert!(err.contains("--action"), "{bad}: {err}");
        assert_eq!(files(repo.path()), Vec::<String>::new(), "{bad}");
    }
}

#[test]
fn every_action_in_what_it_writes_is_pinned_to_a_full_commit_with_its_tag() {
    let repo = git_repo();
    init(repo.path(), &["--sandbox", "--steps"])
        .assert()
        .success();
    for file in ["tri-sandbox.yml", "tri-steps.yml"] {
        let text =
            std::fs::read_to_string(repo.path().join(".github/workflows").join(file)).unwrap();
        let uses: Vec<&str> = text
            .lines()
            .filter_map(|l| l.split_once("uses: ").map(|x| x.1))
            .collect();
        assert_eq!(uses.len(), 2, "{file}: {uses:?}");
        for u in &uses {
            let (name, rest) = u.split_once('@').unwrap();
            let (sha, tag) = rest.split_once(" # ").unwrap_or_else(|| panic!("{u}"));
            assert_eq!(sha.len(), 40, "{u}");
            assert!(sha.bytes().all(|b| b.is_ascii_hexdigit()), "{u}");
            assert!(!tag.is_empty(), "{u}");
            assert!(name == "acme/tri" || name == "actions/checkout", "{u}");
        }
        assert!(text.contains("actions/checkout@"), "{file}");
        assert!(!text.contains("OWNER"), "{file}");
    }
}

/// The fenced block after `marker` in docs/sandboxes.md (up to its closing fence).
fn readme_block(marker: &str) -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/sandboxes.md"))
            .unwrap();
    let at = readme
        .find(marker)
        .unwrap_or_else(|| panic!("docs/sandboxes.md lacks {marker:?}"));
    let rest = &readme[at..];
    let start = rest.find("```yaml\n").expect("no ```yaml block") + "```yaml\n".len();
    let end = rest[start..].find("```\n").expect("unclosed block");
    rest[start..start + end].to_string()
}

#[test]
fn the_readme_shows_the_sandbox_workflow_it_writes() {
    let repo = git_repo();
    init(repo.path(), &[]).assert().success();
    let written =
        std::fs::read_to_string(repo.path().join(".github/workflows/tri-sandbox.yml")).unwrap();
    let shown = readme_block("### Workflow: a sandbox per open issue").replace(
        "OWNER/tri@<commit> # v0.1.0",
        &format!("{} # pinned with --action", action()),
    );
    assert_eq!(
        shown, written,
        "docs/sandboxes.md's tri-sandbox.yml differs from what tri ci init writes"
    );
}
