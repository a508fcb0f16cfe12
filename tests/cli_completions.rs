//! The committed completion scripts load and complete in real shells: bash (always), zsh and
//! fish. A missing zsh or fish fails its test, unless `TRI_SKIP_ZSH=1` / `TRI_SKIP_FISH=1`
//! (then it skips, recorded: tests/common/skip.rs).

#[path = "common/skip.rs"]
mod skip;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A directory holding the `tri` binary, for the scripts that call it (zsh, fish).
fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_tri"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn path_with_tri() -> String {
    format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

fn have(shell: &str) -> bool {
    let ok = Command::new(shell)
        .args(["-c", "exit 0"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip::missing(
            &shell.to_uppercase(),
            &format!("{shell} is not installed"),
            &format!("apt-get install {shell}"),
        );
    }
    ok
}

fn run(shell: &str, script: &str) -> String {
    let out = Command::new(shell)
        .args(["-c", script])
        .current_dir(root())
        .env("PATH", path_with_tri())
        .env("HOME", std::env::temp_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{shell} failed: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn bash_completes_subcommands_options_and_shells() {
    if !have("bash") {
        return;
    }
    let out = run(
        "bash",
        r#"set -e
source completions/tri.bash
complete -p tri
complete_line() { COMP_WORDS=($1); [ "${1: -1}" = " " ] && COMP_WORDS+=(""); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); COMP_LINE="$1"; COMP_POINT=${#1}; COMPREPLY=(); _tri tri "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; echo "[$1] ${COMPREPLY[*]}"; }
complete_line "tri agent s"
complete_line "tri agent log --"
complete_line "tri completions "
complete_line "tri agent "
complete_line "tri agent inbox --"
"#,
    );
    assert!(out.contains("-F _tri tri"), "{out}");
    let sub = out
        .lines()
        .find(|l| l.starts_with("[tri agent s]"))
        .unwrap();
    for s in ["step", "status", "sync"] {
        assert!(sub.split(' ').any(|w| w == s), "{out}");
    }
    let log = out
        .lines()
        .find(|l| l.starts_with("[tri agent log --]"))
        .unwrap();
    assert!(
        log.contains("--issue") && log.contains("--limit") && log.contains("--json"),
        "{out}"
    );
    let shells = out
        .lines()
        .find(|l| l.starts_with("[tri completions ]"))
        .unwrap();
    for s in ["bash", "zsh", "fish", "powershell", "elvish"] {
        assert!(shells.contains(s), "{out}");
    }
    let agent = out.lines().find(|l| l.starts_with("[tri agent ]")).unwrap();
    for s in ["handoff", "brief", "finish", "inbox"] {
        assert!(agent.split(' ').any(|w| w == s), "{s}: {out}");
    }
    let inbox = out
        .lines()
        .find(|l| l.starts_with("[tri agent inbox --]"))
        .unwrap();
    for o in ["--since-last-step", "--since", "--trust"] {
        assert!(inbox.split(' ').any(|w| w == o), "{o}: {out}");
    }
}

#[test]
fn fish_completes_subcommands_with_descriptions() {
    if !have("fish") {
        return;
    }
    let out = run(
        "fish",
        "source completions/tri.fish; complete -C 'tri agent s'; complete -C 'tri agent log --'",
    );
    assert!(out.contains("step\tRecord a step"), "{out}");
    assert!(out.contains("status\t"), "{out}");
    assert!(out.contains("--limit\t"), "{out}");
}

#[test]
fn zsh_loads_the_completion_function() {
    if !have("zsh") {
        return;
    }
    // compinit finds _tri on fpath and binds it to `tri`; loading it defines the function.
    let out = run(
        "zsh",
        "emulate -L zsh; fpath=($PWD/completions $fpath); autoload -Uz compinit; compinit -u -D; \
         print -r -- \"comp=$_comps[tri]\"; autoload +X _tri; (( $+functions[_tri] )) && print loaded",
    );
    assert!(out.contains("comp=_tri"), "{out}");
    assert!(out.contains("loaded"), "{out}");
}
