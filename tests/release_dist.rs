//! Releases with cargo-dist (dist-workspace.toml): `dist plan` lists the five targets with a
//! sha256 per archive and both installers, and `dist build` makes the host's archive holding
//! `tri`, the shell completions and the man pages. Both run without a network: inside a
//! network namespace with no interfaces but loopback (`unshare -rn`) where the machine allows
//! it, and always with cargo offline and every proxy variable pointing at a closed port, so a
//! download attempt fails the test instead of passing unnoticed. `dist plan` also fails when
//! .github/workflows/release.yml is not what `dist generate` makes from the config.
//!
//! dist: `TRI_DIST_BIN`, else `dist` on PATH (crates.io `cargo-dist`, exactly the version
//! pinned in dist-workspace.toml; scripts/test.sh installs it). Without it, or with another
//! version, these tests fail, unless `TRI_SKIP_DIST=1` (then they skip, recorded:
//! tests/common/skip.rs).

#[path = "common/skip.rs"]
mod skip;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The five release targets (dist-workspace.toml `targets`).
const TARGETS: [&str; 5] = [
    "aarch64-apple-darwin",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "x86_64-pc-windows-msvc",
    "x86_64-unknown-linux-gnu",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cargo-dist version pinned in dist-workspace.toml (`cargo-dist-version`).
fn pinned_version() -> String {
    let toml = std::fs::read_to_string(repo().join("dist-workspace.toml")).unwrap();
    toml.lines()
        .find_map(|l| l.trim().strip_prefix("cargo-dist-version"))
        .and_then(|rest| rest.split('"').nth(1))
        .expect("dist-workspace.toml names cargo-dist-version")
        .to_string()
}

/// The dist binary at the pinned version, or `None` when the developer skipped it
/// (`TRI_SKIP_DIST=1`); otherwise a missing or other-version dist fails the test.
fn dist() -> Option<PathBuf> {
    let pinned = pinned_version();
    skip::find(
        "DIST",
        "TRI_DIST_BIN",
        "dist",
        "--version",
        Some(&format!("cargo-dist {pinned}")),
        &format!("cargo install --locked cargo-dist --version {pinned}"),
    )
}

/// Whether `unshare -rn` (a user and network namespace) works here.
fn can_unshare() -> bool {
    Command::new("unshare")
        .args(["-rn", "true"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The host's target triple (`rustc -vV`), the one dist builds for here.
fn host_target() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(rustc).arg("-vV").output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("rustc -vV names no host")
}

/// Where cargo builds for dist: `CARGO_TARGET_DIR`, else `<repo>/target` (the test build's
/// own, so the dist profile's build is reused from run to run).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"))
}

/// Runs `dist ARGS` in the repository with no way out to a network.
fn run_dist(bin: &Path, args: &[&str]) -> Output {
    let mut cmd = if can_unshare() {
        let mut c = Command::new("unshare");
        c.arg("-rn").arg(bin);
        c
    } else {
        eprintln!(
            "note: unshare -rn is not allowed here; relying on offline cargo and dead proxies"
        );
        Command::new(bin)
    };
    let dead = "http://127.0.0.1:9";
    // A clean environment: the same build inside and outside `cargo test` (whose variables
    // would otherwise make cargo rebuild), with only what finds the toolchain.
    cmd.env_clear();
    for var in [
        "PATH",
        "HOME",
        "CARGO_HOME",
        "RUSTUP_HOME",
        "RUSTUP_TOOLCHAIN",
    ] {
        if let Some(v) = std::env::var_os(var) {
            cmd.env(var, v);
        }
    }
    cmd.args(args)
        .current_dir(repo())
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_NET_OFFLINE", "true")
        .env("NO_COLOR", "1");
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env(var, dead);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "dist {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// dist's JSON manifest from stdout.
fn manifest(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "dist printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn dist_plan_lists_the_five_targets_with_checksums_and_installers() {
    let Some(bin) = dist() else { return };
    let m = manifest(&run_dist(&bin, &["plan", "--output-format=json"]));
    let artifacts = m["artifacts"].as_object().expect("no artifacts");
    let mut archive_targets = BTreeSet::new();
    for (name, a) in artifacts {
        if a["kind"] == "executable-zip" {
            let triples: Vec<&str> = a["target_triples"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap())
                .collect();
            assert_eq!(triples.len(), 1, "{name}");
            let t = triples[0];
            let ext = if t.contains("windows") {
                ".zip"
            } else {
                ".tar.gz"
            };
            assert_eq!(name, &format!("tri-{t}{ext}"));
            let sum = a["checksum"].as_str().expect("archive without checksum");
            assert_eq!(sum, format!("{name}.sha256"));
            assert!(artifacts.contains_key(sum), "{sum} is not in the plan");
            // Completions and man pages ride along.
            let assets: Vec<&str> = a["assets"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|x| x["name"].as_str())
                .collect();
            for want in ["completions", "man", "tri"] {
                assert!(
                    assets.iter().any(|n| n.trim_end_matches(".exe") == want),
                    "{name} lacks {want}: {assets:?}"
                );
            }
            archive_targets.insert(t.to_string());
        }
    }
    let want: BTreeSet<String> = TARGETS.iter().map(|s| s.to_string()).collect();
    assert_eq!(archive_targets, want);
    for installer in ["tri-installer.sh", "tri-installer.ps1"] {
        assert!(artifacts.contains_key(installer), "no {installer}");
    }
}

#[test]
fn dist_builds_the_host_archive_with_tri_completions_and_man_pages() {
    let Some(bin) = dist() else { return };
    let host = host_target();
    let host = host.as_str();
    let out = run_dist(
        &bin,
        &[
            "build",
            "--artifacts=local",
            "--target",
            host,
            "--output-format=json",
        ],
    );
    let m = manifest(&out);
    let ext = if host.contains("windows") {
        "zip"
    } else {
        "tar.gz"
    };
    let name = format!("tri-{host}.{ext}");
    let a = &m["artifacts"][&name];
    // dist writes archives to <workspace>/target/distrib/ whatever CARGO_TARGET_DIR says.
    let archive = PathBuf::from(
        a["path"]
            .as_str()
            .unwrap_or_else(|| panic!("dist built no {name}: {m}")),
    );
    let distrib = archive.parent().unwrap().to_path_buf();
    let bytes = std::fs::read(&archive).unwrap();

    // The .sha256 beside it matches.
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let sum = std::fs::read_to_string(distrib.join(format!("{name}.sha256"))).unwrap();
    assert_eq!(sum.split_whitespace().next(), Some(hex.as_str()), "{sum}");
    assert_eq!(a["checksums"]["sha256"].as_str(), Some(hex.as_str()));
    if ext == "zip" {
        return; // the listing below reads tarballs
    }

    let list = Command::new("tar")
        .arg("-tzf")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(list.status.success());
    let entries: BTreeSet<String> = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .map(|l| l.trim_end_matches('/').to_string())
        .collect();
    let top = format!("tri-{host}");
    let mut want = vec![format!("{top}/tri"), format!("{top}/README.md")];
    for f in ["tri.bash", "_tri", "tri.fish", "_tri.ps1", "tri.elv"] {
        want.push(format!("{top}/completions/{f}"));
    }
    for f in ["tri.1", "tri-agent-step.1", "tri-ci-init.1"] {
        want.push(format!("{top}/man/{f}"));
    }
    for w in &want {
        assert!(entries.contains(w), "{name} lacks {w}: {entries:?}");
    }
    // Every man page and completion script in the repository is in the archive.
    for dir in ["completions", "man"] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap() {
            let f = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                entries.contains(&format!("{top}/{dir}/{f}")),
                "{name} lacks {dir}/{f}"
            );
        }
    }

    // The binary in it runs, and its size is reported.
    let x = tempfile::tempdir().unwrap();
    let st = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(x.path())
        .status()
        .unwrap();
    assert!(st.success());
    let tri = x.path().join(&top).join("tri");
    let v = Command::new(&tri).arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&v.stdout).trim(),
        format!("tri {}", env!("CARGO_PKG_VERSION"))
    );
    let size = std::fs::metadata(&tri).unwrap().len();
    eprintln!(
        "{name}: archive {} bytes, tri {} bytes ({:.1} MB)",
        bytes.len(),
        size,
        size as f64 / 1e6
    );
}
