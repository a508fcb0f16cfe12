//! Configuration: flag > environment > workspace `.trinity/config.json` > user file >
//! default, for `repo` (used by `link`, before the git remotes) and `sticky` (used by
//! `step`); `tri config show` says where each value came from and never prints a token.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Ws {
    dir: tempfile::TempDir,
}

impl Ws {
    /// A git working copy whose origin is github.com/rem/ote.
    fn git() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        for args in [
            &["init", "-q"][..],
            &["remote", "add", "origin", "git@github.com:rem/ote.git"][..],
        ] {
            assert!(Command::new("git")
                .args(args)
                .current_dir(dir.path())
                .status()
                .unwrap()
                .success());
        }
        Ws { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn user_dir(&self) -> PathBuf {
        self.path().join(".home/.config/tri")
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn write_user(&self, text: &str) {
        std::fs::create_dir_all(self.user_dir()).unwrap();
        std::fs::write(self.user_dir().join("config.json"), text).unwrap();
    }

    fn tri(&self, env: &[(&str, &str)], args: &[&str]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tri"));
        c.current_dir(self.path()).env_clear();
        if let Ok(p) = std::env::var("PATH") {
            c.env("PATH", p);
        }
        c.env("HOME", self.path().join(".home"))
            .env("XDG_CONFIG_HOME", self.path().join(".home/.config"))
            .env("TRI_CONFIG_DIR", self.user_dir());
        for (k, v) in env {
            c.env(k, v);
        }
        c.args(args).output().unwrap()
    }

    /// `tri agent link 1 --force --json ...` and the repo it chose.
    fn linked_repo(&self, env: &[(&str, &str)], extra: &[&str]) -> String {
        let mut args = vec!["agent", "link", "1", "--force", "--json"];
        args.extend_from_slice(extra);
        let out = self.tri(env, &args);
        assert!(out.status.success(), "{out:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["repo"].as_str().unwrap().to_string()
    }

    /// Records a step and returns whether its outbox entry asks for the sticky journal.
    fn step_is_sticky(&self, env: &[(&str, &str)], extra: &[&str]) -> bool {
        let mut args = vec!["agent", "step", "s", "--json"];
        args.extend_from_slice(extra);
        let out = self.tri(env, &args);
        assert!(out.status.success(), "{out:?}");
        let outbox = self.path().join(".trinity/outbox");
        let newest = std::fs::read_dir(&outbox)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .max()
            .unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&newest).unwrap()).unwrap();
        std::fs::remove_file(newest).unwrap();
        v["sticky"].as_bool().unwrap_or(false)
    }
}

#[test]
fn repo_precedence_flag_env_workspace_user_then_git() {
    let ws = Ws::git();
    assert_eq!(ws.linked_repo(&[], &[]), "rem/ote");
    ws.write_user(r#"{"repo": "user/conf"}"#);
    assert_eq!(ws.linked_repo(&[], &[]), "user/conf");
    ws.write(".trinity/config.json", r#"{"repo": "work/space"}"#);
    assert_eq!(ws.linked_repo(&[], &[]), "work/space");
    assert_eq!(
        ws.linked_repo(&[("GITHUB_REPOSITORY", "act/ions")], &[]),
        "act/ions"
    );
    assert_eq!(
        ws.linked_repo(&[("GITHUB_REPOSITORY", "act/ions")], &["--repo", "f/lag"]),
        "f/lag"
    );
}

#[test]
fn sticky_precedence_flag_env_workspace_user_default() {
    let ws = Ws::git();
    assert!(ws.tri(&[], &["agent", "link", "1"]).status.success());
    assert!(!ws.step_is_sticky(&[], &[]));
    ws.write_user(r#"{"sticky": true}"#);
    assert!(ws.step_is_sticky(&[], &[]));
    ws.write(".trinity/config.json", r#"{"sticky": false, "unknown": 1}"#);
    assert!(!ws.step_is_sticky(&[], &[]));
    assert!(ws.step_is_sticky(&[("TRI_STICKY", "true")], &[]));
    ws.write(".trinity/config.json", r#"{"sticky": true}"#);
    assert!(!ws.step_is_sticky(&[("TRI_STICKY", "0")], &[]));
    assert!(ws.step_is_sticky(&[("TRI_STICKY", "0")], &["--sticky"]));
}

#[test]
fn config_show_names_each_source_and_never_a_token() {
    let ws = Ws::git();
    ws.write(".trinity/config.json", r#"{"sticky": true}"#);
    let out = ws.tri(
        &[
            ("GH_TOKEN", "ghp_supersecretvalue"),
            ("GH_REPO", "env/repo"),
        ],
        &["config", "show"],
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let all = format!("{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains("ghp_supersecretvalue"), "{all}");
    let line = |k: &str| {
        text.lines()
            .find(|l| l.starts_with(k))
            .unwrap_or_else(|| panic!("no {k} line in {text}"))
            .to_string()
    };
    assert!(line("repo").contains("env/repo") && line("repo").contains("environment GH_REPO"));
    assert!(line("sticky").contains("true") && line("sticky").contains("workspace config"));
    assert!(line("token").contains("set (from GH_TOKEN)"));

    // Without GH_REPO: the git remote is what link would use.
    let out = ws.tri(&[], &["config", "show", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["settings"]["repo"]["value"], "rem/ote");
    assert_eq!(v["settings"]["repo"]["source"], "git");
    assert_eq!(v["settings"]["sticky"]["source"], "workspace");
    assert_eq!(v["token"]["set"], false);
}

#[test]
fn a_malformed_config_file_is_one_line_naming_the_file() {
    let ws = Ws::git();
    ws.write(".trinity/config.json", "{nope");
    let out = ws.tri(&[], &["config", "show"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("tri: cannot parse "), "{err}");
    assert!(
        err.contains("config.json") && err.contains("fix the JSON"),
        "{err}"
    );
    // A value of the wrong shape or out of range is a setting to fix: exit 2, one line
    // naming the key and the file, nothing written.
    ws.write(".trinity/config.json", r#"{"repo": "not a repo"}"#);
    let out = ws.tri(&[], &["agent", "link", "3"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("OWNER/NAME"), "{err}");
    assert!(!ws.path().join(".trinity/current_issue.json").exists());
    for (text, key) in [
        (r#"{"deploy_breaker": -1}"#, "deploy_breaker"),
        (r#"{"deploy_breaker": "3"}"#, "deploy_breaker"),
        (r#"{"healthcheck_path": "@host"}"#, "healthcheck_path"),
    ] {
        for user in [false, true] {
            std::fs::remove_file(ws.path().join(".trinity/config.json")).ok();
            std::fs::remove_file(ws.user_dir().join("config.json")).ok();
            if user {
                ws.write_user(text);
            } else {
                ws.write(".trinity/config.json", text);
            }
            let out = ws.tri(&[], &["config", "show"]);
            let err = String::from_utf8(out.stderr).unwrap();
            assert_eq!(out.status.code(), Some(2), "{text} user={user}: {err}");
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.contains(key) && err.contains("config.json"), "{err}");
        }
    }
}

#[test]
fn labels_precedence_env_workspace_user_default() {
    let ws = Ws::git();
    let labels = |env: &[(&str, &str)]| -> (Value, String) {
        let out = ws.tri(env, &["config", "show", "--json"]);
        assert!(out.status.success());
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let s = &v["settings"]["labels"];
        (
            s["value"].clone(),
            s["source"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(labels(&[]), (Value::Bool(false), "default".into()));
    ws.write_user(r#"{"labels": true}"#);
    assert_eq!(labels(&[]), (Value::Bool(true), "user".into()));
    ws.write(".trinity/config.json", r#"{"labels": false}"#);
    assert_eq!(labels(&[]), (Value::Bool(false), "workspace".into()));
    assert_eq!(
        labels(&[("TRI_LABELS", "yes")]),
        (Value::Bool(true), "env".into())
    );
    let out = ws.tri(&[("TRI_LABELS", "sometimes")], &["config", "show"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("TRI_LABELS"));
}
