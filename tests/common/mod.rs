//! Helpers shared by the integration tests: a scratch workspace, and the real `tri` binary
//! run with a clean environment (no token, no proxy, no GitHub Actions variables from the
//! machine running the tests).
#![allow(dead_code)]

pub mod faulty_github;
pub mod hold;
pub mod limited_github;
pub mod shape;
pub mod skip;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// A scratch git working copy whose `origin` is on github.com.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    /// A git repo with `origin` = git@github.com:{repo}.git (no commits).
    pub fn with_origin(repo: &str) -> Repo {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        git(
            dir.path(),
            &[
                "remote",
                "add",
                "origin",
                &format!("git@github.com:{repo}.git"),
            ],
        );
        Repo { dir }
    }

    /// A plain directory, not a git repo.
    pub fn plain() -> Repo {
        Repo {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn trinity(&self) -> PathBuf {
        self.dir.path().join(".trinity")
    }

    /// `tri` in this repo with a clean environment.
    pub fn tri(&self) -> Command {
        tri_in(self.path())
    }

    /// The experience files, sorted by name.
    pub fn experience_files(&self) -> Vec<PathBuf> {
        files_in(&self.trinity().join("experience"), "md")
    }

    /// The outbox entries, sorted by name.
    pub fn outbox_entries(&self) -> Vec<PathBuf> {
        files_in(&self.trinity().join("outbox"), "json")
    }

    /// The parsed link file.
    pub fn link(&self) -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(self.trinity().join("current_issue.json")).unwrap())
            .unwrap()
    }
}

pub fn files_in(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

pub fn git(dir: &Path, args: &[&str]) {
    let st = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(st.success(), "git {args:?}");
}

/// The variables a test run keeps from the machine's environment.
const KEEP: [&str; 3] = ["PATH", "LANG", "TMPDIR"];

/// `tri` started in `dir` with only PATH (and a scratch HOME): no token, no proxy, no
/// GITHUB_* variables, publishing pacing off, a short wait budget.
pub fn tri_in(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("tri").unwrap();
    c.current_dir(dir).env_clear();
    for k in KEEP {
        if let Ok(v) = std::env::var(k) {
            c.env(k, v);
        }
    }
    c.env("HOME", dir.join(".home"))
        .env("XDG_CONFIG_HOME", dir.join(".home/.config"))
        .env("TRI_PUBLISH_INTERVAL_MS", "0")
        .env("TRI_PUBLISH_MAX_WAIT_S", "0");
    c
}

/// The body of a request as JSON.
pub fn json_body(req: &wiremock::Request) -> serde_json::Value {
    serde_json::from_slice(&req.body).unwrap()
}

/// Event ids named by tri markers in `body`.
pub fn marker_ids(body: &str) -> Vec<String> {
    body.match_indices("<!-- tri:event id=")
        .map(|(i, m)| {
            let rest = &body[i + m.len()..];
            rest.split(' ').next().unwrap().to_string()
        })
        .collect()
}

/// The front-matter value of `key` in an experience file.
pub fn front(path: &Path, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let head = text.strip_prefix("---\n")?.split("\n---\n").next()?;
    head.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}: ")).map(str::to_string))
}
