//! zizmor (the GitHub Actions static analyser, PyPI `zizmor`, the version in [`ZIZMOR`]) finds
//! nothing of medium severity or above in what tri ships or writes: the workflows of
//! `tri ci init --sandbox --steps --reap --action acme/tri@<40-hex>`, `action.yml`, and this
//! repository's `.github/workflows/` (issue 19). It runs offline (`--offline`: no GitHub, no
//! token), with no configuration file (`--no-config`: only ignore comments in the files
//! themselves count, each with its written reason), at its default ("regular") persona.
//!
//! Also: the pins in action.yml and dist-workspace.toml are the commits of
//! src/commands/ci/pins.rs, and every `uses:` of those files is pinned to a full commit.
//!
//! zizmor: `TRI_ZIZMOR_BIN`, else `zizmor` on PATH; it must be the pinned version. Missing or
//! another version fails the tests, unless `TRI_SKIP_ZIZMOR=1`, which skips them with a line
//! saying so (tests/common/skip.rs). Install: `python3 -m pip install --target
//! target/ci-tools/zizmor zizmor==1.32.0` (scripts/test.sh does, and sets TRI_ZIZMOR_BIN).

#[path = "common/skip.rs"]
mod skip;
#[path = "common/yml.rs"]
mod yml;
use yml::yml_files;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use tri::commands::ci::pins::PINS;

/// The zizmor version these tests are pinned to (PyPI `zizmor`).
const ZIZMOR: &str = "1.32.0";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The zizmor to run (the pinned version), or `None` when the developer skipped it
/// (`TRI_SKIP_ZIZMOR=1`); missing or another version fails the test (tests/common/skip.rs).
fn zizmor() -> Option<PathBuf> {
    skip::find(
        "ZIZMOR",
        "TRI_ZIZMOR_BIN",
        "zizmor",
        "--version",
        Some(&format!("zizmor {ZIZMOR}")),
        &format!("python3 -m pip install --target target/ci-tools/zizmor zizmor=={ZIZMOR}"),
    )
}

/// zizmor's findings of medium severity or above in `inputs` (files or directories), as
/// `(audit id, severity, "file:line")`; panics when zizmor itself fails.
fn findings(bin: &Path, inputs: &[PathBuf]) -> Vec<(String, String, String)> {
    assert!(!inputs.is_empty());
    let out = Command::new(bin)
        .args([
            "--offline",
            "--no-config",
            "--no-progress",
            "--format",
            "json",
            "--min-severity",
            "medium",
        ])
        .args(inputs)
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_TOKEN")
        .env_remove("ZIZMOR_GITHUB_TOKEN")
        .env_remove("ZIZMOR_CONFIG")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "zizmor gave no JSON ({e}); exit {:?}:\n{stdout}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let list: Vec<(String, String, String)> = json
        .as_array()
        .expect("zizmor's JSON is a list of findings")
        .iter()
        .map(|f| {
            let loc = &f["locations"][0];
            let file = loc["symbolic"]["key"]["Local"]["verbatim_path"]
                .as_str()
                .unwrap_or("?");
            let line = loc["concrete"]["location"]["start_point"]["row"]
                .as_u64()
                .map(|r| r + 1)
                .unwrap_or(0);
            (
                f["ident"].as_str().unwrap_or("?").to_string(),
                f["determinations"]["severity"]
                    .as_str()
                    .unwrap_or("?")
                    .to_string(),
                format!("{file}:{line}"),
            )
        })
        .collect();
    // zizmor exits non-zero exactly when it reports findings.
    assert_eq!(
        out.status.success(),
        list.is_empty(),
        "zizmor's exit {:?} disagrees with its findings {list:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    list
}

#[test]
fn what_ci_init_writes_has_no_finding_of_medium_severity_or_above() {
    let Some(bin) = zizmor() else { return };
    let dir = tempfile::tempdir().unwrap();
    let st = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(st.success());
    let out = Command::new(env!("CARGO_BIN_EXE_tri"))
        .args(["ci", "init", "--sandbox", "--steps", "--reap", "--action"])
        .arg(format!("acme/tri@{}", "ab12".repeat(10)))
        .current_dir(dir.path())
        .env("TRI_CONFIG_DIR", dir.path().join(".no-user-config"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = yml_files(&dir.path().join(".github/workflows"));
    assert_eq!(files.len(), 3, "{files:?}");
    let found = findings(&bin, &files);
    assert!(
        found.is_empty(),
        "zizmor on tri ci init's workflows: {found:?}"
    );
}

#[test]
fn action_yml_and_the_repository_workflows_have_no_finding_of_medium_severity_or_above() {
    let Some(bin) = zizmor() else { return };
    let mut inputs = vec![repo().join("action.yml")];
    let workflows = yml_files(&repo().join(".github/workflows"));
    assert!(
        workflows.iter().any(|p| p.ends_with("release.yml")),
        "{workflows:?}"
    );
    inputs.extend(workflows);
    let found = findings(&bin, &inputs);
    assert!(found.is_empty(), "zizmor: {found:?}");
}

#[test]
fn zizmor_run_this_way_finds_what_issue_19_found() {
    // The same flags on the old mistakes (a tag pin, checkout keeping its token, write
    // permissions for the whole workflow, a tag name expanded into a script,
    // `secrets: inherit`) report them, so the tests above cannot pass by auditing nothing.
    let Some(bin) = zizmor() else { return };
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "name: bad\non:\n  push:\n    tags: ['v*']\npermissions:\n  contents: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      T: ${{ secrets.TOKEN }}\n    steps:\n      - uses: actions/checkout@v5\n      - run: echo ${{ github.ref_name }}\n  b:\n    uses: ./.github/workflows/x.yml\n    secrets: inherit\n",
    )
    .unwrap();
    let found = findings(&bin, &[bad]);
    let ids: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
    for want in [
        "unpinned-uses",
        "excessive-permissions",
        "artipacked",
        "template-injection",
        "secrets-inherit",
    ] {
        assert!(ids.contains(&want), "{want} not found: {found:?}");
    }
}

/// Every `uses: X@REF` value in `text` (comment lines skipped, a comment after the value
/// dropped).
fn uses_of(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| {
            let v = l.split_once("uses: ")?.1;
            let v = v.split(" #").next().unwrap().trim().trim_matches('"');
            let (name, r) = v.split_once('@')?;
            Some((name.to_string(), r.to_string()))
        })
        .collect()
}

fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn the_pins_of_action_yml_dist_and_the_workflows_are_full_commits_from_one_table() {
    let pin = |name: &str| {
        PINS.iter()
            .find(|p| p.action == name)
            .map(|p| p.sha)
            .unwrap_or_else(|| panic!("{name} is not in src/commands/ci/pins.rs"))
    };
    let action: serde_norway::Value =
        serde_norway::from_str(&std::fs::read_to_string(repo().join("action.yml")).unwrap())
            .unwrap();
    let mut n = 0;
    for step in action["runs"]["steps"].as_sequence().unwrap() {
        if let Some(u) = step.get("uses").and_then(|u| u.as_str()) {
            let (name, r) = u.split_once('@').unwrap();
            assert_eq!(r, pin(name), "action.yml's {name}");
            n += 1;
        }
    }
    assert!(n > 0, "action.yml uses no action");
    // dist-workspace.toml's github-action-commits: the same commits.
    let dist: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo().join("dist-workspace.toml")).unwrap())
            .unwrap();
    let commits = dist["dist"]["github-action-commits"]
        .as_table()
        .expect("dist-workspace.toml has no [dist] github-action-commits");
    for (name, v) in commits {
        let sha = v.as_str().unwrap().split(" #").next().unwrap().trim();
        assert_eq!(sha, pin(name), "dist-workspace.toml's {name}");
    }
    // Every action the repository's workflows use: a local workflow or a full commit.
    for wf in yml_files(&repo().join(".github/workflows")) {
        for (name, r) in uses_of(&std::fs::read_to_string(&wf).unwrap()) {
            assert!(
                name.starts_with("./") || name.starts_with("$/") || is_commit(&r),
                "{}: {name}@{r} is not pinned to a commit",
                wf.display()
            );
        }
    }
}
