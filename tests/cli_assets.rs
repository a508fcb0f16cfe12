//! Freshness of the generated assets: the shell completions in `completions/` and the man
//! pages in `man/` must equal what the current clap definitions generate.
//!
//! To regenerate after changing the CLI: `TRI_REGENERATE=1 cargo test --test cli_assets`.

use std::collections::BTreeSet;
use std::path::Path;

const HOW: &str = "regenerate with `TRI_REGENERATE=1 cargo test --test cli_assets` and commit completions/ and man/";

#[test]
fn committed_completions_and_man_pages_match_the_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let assets = tri::commands::completions::assets();
    let regenerate = std::env::var("TRI_REGENERATE").is_ok_and(|v| !v.is_empty() && v != "0");
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
    let (_, expected) = tri::commands::completions::assets()
        .into_iter()
        .find(|(p, _)| p == "completions/tri.bash")
        .unwrap();
    assert_eq!(out.stdout, expected);
}
