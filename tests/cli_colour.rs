//! Colour reaches a terminal only: no escape codes in a pipe, none under NO_COLOR or
//! CLICOLOR=0 even on a terminal; CLICOLOR_FORCE colours a pipe. The terminal cases run the
//! binary under a pseudo-terminal with `script` (util-linux, Debian `bsdutils`); without it
//! they fail, unless `TRI_SKIP_SCRIPT=1` (then they skip, recorded: tests/common/skip.rs).

#[path = "common/skip.rs"]
mod skip;

use std::path::Path;
use std::process::Command;

const ESC: char = '\x1b';

fn tri(dir: &Path) -> Command {
    with_env(Command::new(env!("CARGO_BIN_EXE_tri")), dir)
}

/// `c` in `dir` with a clean environment: PATH, a scratch HOME, GITHUB_REPOSITORY, TERM.
fn with_env(mut c: Command, dir: &Path) -> Command {
    c.current_dir(dir).env_clear();
    if let Ok(p) = std::env::var("PATH") {
        c.env("PATH", p);
    }
    c.env("HOME", dir.join(".home"))
        .env("XDG_CONFIG_HOME", dir.join(".home/.config"))
        .env("GITHUB_REPOSITORY", "octo/demo")
        .env("TERM", "xterm-256color");
    c
}

/// A workspace linked to octo/demo#42 with one queued step.
fn workspace() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    for args in [
        &["agent", "link", "42"][..],
        &["agent", "step", "a step", "-m", "tokens=5"][..],
    ] {
        let out = tri(t.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    }
    t
}

/// Everything a command prints (stdout and stderr) when both are pipes.
fn piped(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut c = tri(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.args(args).output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// What a command prints on a pseudo-terminal (via `script`), or `None` without `script`.
fn on_terminal(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Option<String> {
    let has_script = Command::new("script").arg("--version").output().is_ok();
    if !has_script {
        skip::missing(
            "SCRIPT",
            "`script` (util-linux) is not installed",
            "apt-get install bsdutils",
        );
        return None;
    }
    let cmdline = std::iter::once(env!("CARGO_BIN_EXE_tri"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let mut c = with_env(Command::new("script"), dir);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.args(["-qec", &cmdline, "/dev/null"]).output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

const COMMANDS: [&[&str]; 5] = [
    &["agent", "status"],
    &["agent", "sync"], // no token: exit 4 and an error line
    &["agent", "log"],
    &["config", "show"],
    &["agent", "step"], // a usage error: clap's own error output
];

#[test]
fn no_escape_codes_reach_a_pipe() {
    let ws = workspace();
    for args in COMMANDS {
        let text = piped(ws.path(), &[], args);
        assert!(!text.contains(ESC), "{args:?} printed escapes: {text:?}");
    }
    // An error line, too.
    let text = piped(ws.path(), &[], &["agent", "log", "--issue", "x"]);
    assert!(!text.contains(ESC), "{text:?}");
}

#[test]
fn clicolor_force_colours_a_pipe_unless_no_color() {
    let ws = workspace();
    let forced = piped(ws.path(), &[("CLICOLOR_FORCE", "1")], &["agent", "log"]);
    assert!(forced.contains(ESC), "CLICOLOR_FORCE=1: {forced:?}");
    let text = piped(
        ws.path(),
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        &["agent", "log"],
    );
    assert!(!text.contains(ESC), "NO_COLOR wins: {text:?}");
}

#[test]
fn a_terminal_gets_colour_unless_no_color_or_clicolor_0() {
    let ws = workspace();
    let Some(text) = on_terminal(ws.path(), &[], &["agent", "log"]) else {
        return;
    };
    assert!(text.contains(ESC), "terminal: {text:?}");
    for env in [[("NO_COLOR", "1")], [("CLICOLOR", "0")]] {
        let text = on_terminal(ws.path(), &env, &["agent", "log"]).unwrap();
        assert!(text.contains("a step"), "{env:?}: {text:?}");
        assert!(!text.contains(ESC), "{env:?}: {text:?}");
    }
}
