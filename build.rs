//! Embeds the commit tri is built from as the compile-time variable `TRI_BUILD_COMMIT` (40
//! lowercase hex characters, or empty when unknown), which `tri ci init` pins tri's own GitHub
//! Action to (src/commands/ci/init.rs).
//!
//! Where the commit comes from, first match wins:
//! 1. the environment variable `TRI_BUILD_COMMIT` at build time (a release workflow, or any
//!    build outside a git checkout, sets it): must be a full 40-hex commit, else the build fails;
//! 2. `git rev-parse HEAD` when the package is built inside a git checkout;
//! 3. nothing: the commit is unknown (a build from a crates.io tarball, or without git).

use std::path::Path;
use std::process::Command;

fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `git <args>` in `dir`, its trimmed stdout when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=TRI_BUILD_COMMIT");
    let dir = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let commit = match std::env::var("TRI_BUILD_COMMIT") {
        Ok(c) if !c.trim().is_empty() => {
            let c = c.trim().to_ascii_lowercase();
            assert!(
                is_commit(&c),
                "TRI_BUILD_COMMIT must be a full 40-hex git commit, not {c:?}"
            );
            c
        }
        _ => {
            let head = git(&dir, &["rev-parse", "--verify", "-q", "HEAD"])
                .filter(|c| is_commit(c))
                .unwrap_or_default();
            if !head.is_empty() {
                // Rebuild when HEAD moves: HEAD itself, the branch it names, packed refs.
                let mut watch = vec!["HEAD".to_string(), "packed-refs".to_string()];
                if let Some(r) = git(&dir, &["symbolic-ref", "-q", "HEAD"]) {
                    watch.push(r);
                }
                for w in watch {
                    if let Some(p) = git(&dir, &["rev-parse", "--git-path", &w]) {
                        let p = dir.join(p);
                        if p.exists() {
                            println!("cargo:rerun-if-changed={}", p.display());
                        }
                    }
                }
            }
            head
        }
    };
    // Without any rerun-if-changed on a file, cargo would rerun this on every package change;
    // build.rs itself keeps it to the list above.
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-env=TRI_BUILD_COMMIT={commit}");
}
