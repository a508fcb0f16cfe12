//! Freshness of the generated assets: the shell completions in `completions/` and the man
//! pages in `man/` must equal what the current clap definitions generate.
//!
//! To regenerate after changing the CLI: `TRI_REGENERATE=1 cargo test --test cli_assets`.

use clap::CommandFactory;
use std::collections::BTreeSet;
use std::path::Path;
use tri::commands::completions::{completion, BIN, SHELL_FILES};

/// The man pages: `tri.1` and one per subcommand (`tri-agent-step.1`, ...), as
/// `(file name, roff)`, the way `clap_mangen::generate_to` names them (no `help` pages).
fn man_pages() -> Vec<(String, Vec<u8>)> {
    fn walk(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            walk(sub, out);
        }
        let man = clap_mangen::Man::new(cmd);
        let mut buf = Vec::new();
        man.render(&mut buf)
            .expect("rendering to memory cannot fail");
        out.push((man.get_filename(), buf));
    }
    let mut cmd = tri::cli::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(cmd, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every generated asset as `(path relative to the repository root, bytes)`:
/// `completions/<file>` for each shell and `man/<page>.1`.
fn assets() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = SHELL_FILES
        .iter()
        .map(|(shell, file)| {
            (
                format!("completions/{file}"),
                completion(*shell, tri::cli::Cli::command()),
            )
        })
        .collect();
    v.extend(
        man_pages()
            .into_iter()
            .map(|(name, bytes)| (format!("man/{name}"), bytes)),
    );
    v
}

#[test]
fn one_man_page_per_command_named_like_mangen() {
    let names: Vec<String> = man_pages().into_iter().map(|(n, _)| n).collect();
    for want in [
        "tri.1",
        "tri-agent.1",
        "tri-agent-step.1",
        "tri-agent-log.1",
        "tri-config-show.1",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("help")), "{names:?}");
}

#[test]
fn every_shell_gets_a_script() {
    for (shell, _) in SHELL_FILES {
        let s = String::from_utf8(completion(shell, tri::cli::Cli::command())).unwrap();
        assert!(s.contains(BIN), "{shell}");
    }
}

const HOW: &str = "regenerate with `TRI_REGENERATE=1 cargo test --test cli_assets` and commit completions/ and man/";

#[test]
fn committed_completions_and_man_pages_match_the_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let assets = assets();
    let regenerate = regenerate_asked();
    if regenerate {
        for dir in ["completions", "man"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        // Remove pages of commands that no longer exist.
        for entry in std::fs::read_dir(root.join("man")).unwrap().flatten() {
            let name = format!("man/{}", entry.file_name().to_string_lossy());
            if name.ends_with(".1") && !assets.iter().any(|(p, _)| *p == name) {
                std::fs::remove_file(entry.path()).unwrap();
            }
        }
        for (path, bytes) in &assets {
            std::fs::write(root.join(path), bytes).unwrap();
        }
        eprintln!("wrote {} files under completions/ and man/", assets.len());
        return;
    }
    let mut problems = Vec::new();
    for (path, bytes) in &assets {
        match std::fs::read(root.join(path)) {
            Ok(on_disk) if on_disk == *bytes => {}
            Ok(_) => problems.push(format!("{path} differs from what the CLI generates")),
            Err(_) => problems.push(format!("{path} is missing")),
        }
    }
    let expected: BTreeSet<&str> = assets.iter().map(|(p, _)| p.as_str()).collect();
    if let Ok(rd) = std::fs::read_dir(root.join("man")) {
        for entry in rd.flatten() {
            let name = format!("man/{}", entry.file_name().to_string_lossy());
            if name.ends_with(".1") && !expected.contains(name.as_str()) {
                problems.push(format!("{name} is for a command that no longer exists"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "generated assets are stale:\n  {}\n{HOW}",
        problems.join("\n  ")
    );
}

#[test]
fn tri_completions_prints_the_committed_script() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tri"))
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (_, expected) = assets()
        .into_iter()
        .find(|(p, _)| p == "completions/tri.bash")
        .unwrap();
    assert_eq!(out.stdout, expected);
}

/// `TRI_REGENERATE=1` (exactly): rewrite the generated files and pass. Any other value checks
/// them. Refused under CI (`CI` set, as GitHub Actions does): CI never rewrites what it checks.
fn regenerate_asked() -> bool {
    let asked = std::env::var("TRI_REGENERATE").as_deref() == Ok("1");
    assert!(
        !(asked && std::env::var_os("CI").is_some()),
        "TRI_REGENERATE=1 under CI: CI checks the committed files, it does not rewrite them"
    );
    asked
}
