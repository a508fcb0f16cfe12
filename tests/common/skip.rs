//! One rule for the tools a test needs (issue 24): a missing tool fails the test, naming the
//! command that installs it, unless the developer opts out with `TRI_SKIP_<TOOL>=1`. A skip
//! says so on stderr and appends one line to the skip log (`TRI_SKIP_LOG`, else
//! `target/test-skips.txt`), which scripts/test.sh prints at the end of the run: cargo
//! captures a passing test's stderr, the file survives.
//!
//! Include it without the rest of `common` with
//! `#[path = "common/skip.rs"] mod skip;`.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

/// Where skips are recorded: `TRI_SKIP_LOG`, else `<crate>/target/test-skips.txt`.
pub fn log_path() -> PathBuf {
    std::env::var_os("TRI_SKIP_LOG")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-skips.txt"))
}

/// Whether the developer opted out of `tool` (`TRI_SKIP_<TOOL>=1`, exactly `1`).
pub fn opted_out(tool: &str) -> bool {
    std::env::var(format!("TRI_SKIP_{tool}")).as_deref() == Ok("1")
}

/// `tool` (upper case, e.g. `ZSH`) is missing for the running test: `why` says what was
/// looked for, `install` is the one command that installs it. Panics unless
/// `TRI_SKIP_<TOOL>=1`; then records the skip and returns, and the caller returns too.
pub fn missing(tool: &str, why: &str, install: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("(unnamed test)")
        .to_string();
    let bin = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|s| s.rsplit_once('-').map(|(a, _)| a.to_string()).unwrap_or(s))
        .unwrap_or_default();
    if !opted_out(tool) {
        panic!(
            "{why}; install it with `{install}` (scripts/test.sh does), or skip on purpose with TRI_SKIP_{tool}=1"
        );
    }
    let line = format!("{bin}::{test}: skipped, {why} (TRI_SKIP_{tool}=1, the developer's choice)");
    eprintln!("{line}");
    let path = log_path();
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    // One `write` of a whole line in append mode: lines from parallel tests do not interleave.
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("cannot record the skip in {}: {e}", path.display()));
    f.write_all(format!("{line}\n").as_bytes()).unwrap();
}

/// The binary of a tool the tests run: the path in the environment variable `var` (e.g.
/// `TRI_ZIZMOR_BIN`, which scripts/test.sh exports), else `name`, looked up on PATH when run.
pub fn bin(var: &str, name: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(name))
}

/// What `bin arg` (e.g. `--version`) prints on stdout, trimmed, when it runs and exits 0;
/// `None` when it cannot be run or fails.
pub fn version(bin: &std::path::Path, arg: &str) -> Option<String> {
    std::process::Command::new(bin)
        .arg(arg)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// The tool `tool` (upper case, as in `TRI_SKIP_<TOOL>`) at [`bin`]`(var, name)`, checked by
/// running it with `version_arg`: it must exit 0 and, with `want`, print exactly `want` (the
/// pinned version line). Otherwise [`missing`] with `install`: a panic, or `None` (the skip
/// recorded) under `TRI_SKIP_<TOOL>=1`, when the caller returns.
pub fn find(
    tool: &str,
    var: &str,
    name: &str,
    version_arg: &str,
    want: Option<&str>,
    install: &str,
) -> Option<PathBuf> {
    let bin = bin(var, name);
    let why = match (version(&bin, version_arg), want) {
        (Some(_), None) => return Some(bin),
        (Some(v), Some(w)) if v == w => return Some(bin),
        (Some(v), Some(w)) => format!("{} ({var}) is {v:?}, not the pinned {w:?}", bin.display()),
        (None, _) => format!("{name} not found ({}; {var} or PATH)", bin.display()),
    };
    missing(tool, &why, install);
    None
}
