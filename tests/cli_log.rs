//! `tri agent log` with 10,000 steps on disk: right order, right totals, and fast, because
//! it lists names, opens only the newest K files, reads only their front matter and first
//! line, and keeps metric totals in a cache it extends with new files.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn tri(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tri"));
    c.current_dir(dir).env_clear();
    if let Ok(p) = std::env::var("PATH") {
        c.env("PATH", p);
    }
    c.env("HOME", dir.join(".home"))
        .env("XDG_CONFIG_HOME", dir.join(".home/.config"))
        .env("GITHUB_REPOSITORY", "octo/demo");
    c
}

fn log_json(dir: &Path, args: &[&str]) -> (serde_json::Value, Duration) {
    let start = Instant::now();
    let out = tri(dir)
        .args(["agent", "log", "--json"])
        .args(args)
        .output()
        .unwrap();
    let took = start.elapsed();
    assert!(out.status.success(), "{out:?}");
    (serde_json::from_slice(&out.stdout).unwrap(), took)
}

/// Writes step `n` (1-based) of issue 42 as tri writes experience files, one millisecond apart.
fn write_step(dir: &Path, n: u64, body: &str) {
    let t = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00.000Z").unwrap()
        + chrono::Duration::milliseconds(n as i64);
    let name = format!("{}_42.md", t.format("%Y%m%dT%H%M%S%.3fZ"));
    let url = if n.is_multiple_of(2) {
        format!("comment_url: https://github.com/octo/demo/issues/42#issuecomment-{n}\n")
    } else {
        String::new()
    };
    let text = format!(
        "---\nissue: 42\nrepo: octo/demo\nevent: step_completed\nevent_id: id-{n}\nsession: s\nstep: {n}\ntime: {}\nmetric.tokens: 10\n{url}---\n{body}\n",
        t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    );
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn ten_thousand_steps_stay_fast_and_add_up() {
    let t = tempfile::tempdir().unwrap();
    let ws = t.path();
    assert!(tri(ws)
        .args(["agent", "link", "42"])
        .status()
        .unwrap()
        .success());
    let exp = ws.join(".trinity/experience");
    std::fs::create_dir_all(&exp).unwrap();
    const N: u64 = 10_000;
    for n in 1..N {
        write_step(&exp, n, &format!("step {n} done\nmore detail"));
    }
    // The newest step has a large message: only its first line is read.
    let big = format!("newest step\n{}", "x".repeat(8 << 20));
    write_step(&exp, N, &big);
    // Another issue's files are not counted.
    std::fs::write(
        exp.join("20260101T000000.001Z_7.md"),
        "---\nissue: 7\nmetric.tokens: 999\n---\nx\n",
    )
    .unwrap();

    let (v, first) = log_json(ws, &["--limit", "20"]);
    assert_eq!(v["total"], N);
    assert_eq!(v["shown"], 20);
    assert_eq!(v["metrics"]["tokens"], 10.0 * N as f64);
    let entries = v["entries"].as_array().unwrap();
    let steps: Vec<u64> = entries
        .iter()
        .map(|e| e["step"].as_u64().unwrap())
        .collect();
    assert_eq!(steps, ((N - 19)..=N).collect::<Vec<_>>(), "oldest first");
    assert_eq!(entries[19]["message"], "newest step");
    assert_eq!(entries[19]["state"], "published");
    assert_eq!(entries[18]["state"], "queued");
    assert!(entries[18]["comment_url"].is_null());

    // Warm: the totals come from the cache; only the 20 newest files are opened.
    let (v, warm) = log_json(ws, &["--limit", "20"]);
    assert_eq!(v["metrics"]["tokens"], 10.0 * N as f64);
    eprintln!("log --limit 20 over {N} steps: first run {first:?}, warm {warm:?}");
    assert!(
        warm < Duration::from_secs(2),
        "tri agent log took {warm:?} with {N} steps"
    );

    // A new step extends the cache; a missing old file forces a rebuild.
    write_step(&exp, N + 1, "one more");
    let (v, _) = log_json(ws, &["-n", "1"]);
    assert_eq!(v["metrics"]["tokens"], 10.0 * (N + 1) as f64);
    assert_eq!(v["entries"][0]["message"], "one more");
    let oldest = std::fs::read_dir(&exp)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n.ends_with("_42.md"))
        .min()
        .unwrap();
    std::fs::remove_file(exp.join(oldest)).unwrap();
    let (v, _) = log_json(ws, &["-n", "1"]);
    assert_eq!(v["total"], N);
    assert_eq!(v["metrics"]["tokens"], 10.0 * N as f64);

    // Human output: time, step, event, first line, URL or "queued".
    let out = tri(ws).args(["agent", "log", "-n", "2"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("newest step  https://github.com/octo/demo/issues/42#issuecomment-10000"),
        "{text}"
    );
    assert!(text.contains("one more  queued"), "{text}");
    assert!(text.contains("metrics    tokens=100000"), "{text}");
    // Another issue by --issue.
    let (v, _) = log_json(ws, &["--issue", "7"]);
    assert_eq!(v["total"], 1);
    assert_eq!(v["metrics"]["tokens"], 999.0);
}
