//! `tri agent log` with 10,000 steps on disk: right order, right totals, and it opens only
//! the newest K files (the others are made unopenable: dangling links, which stop a read even
//! as root), reads only their front matter and first line, and keeps metric totals in a cache
//! it extends with new files. How fast it is: benches/ (scripts/bench.sh), not here.

use std::path::Path;
use std::process::Command;

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

fn log_json(dir: &Path, args: &[&str]) -> (serde_json::Value, ()) {
    let out = tri(dir)
        .args(["agent", "log", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    (serde_json::from_slice(&out.stdout).unwrap(), ())
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
fn ten_thousand_steps_add_up_and_only_the_shown_files_are_opened() {
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

    let (v, ()) = log_json(ws, &["--limit", "20"]);
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

    // Warm: the totals come from the cache.
    let (v, ()) = log_json(ws, &["--limit", "20"]);
    assert_eq!(v["metrics"]["tokens"], 10.0 * N as f64);

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

    // Only the newest files are opened: every other file of issue 42 becomes a dangling link
    // (listed by name, but opening it fails, even as root). Reading one would fail the
    // command or lose its metrics from the totals.
    let (v, ()) = log_json(ws, &["--limit", "20"]);
    let total = v["total"].as_u64().unwrap();
    let tokens = v["metrics"]["tokens"].as_f64().unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&exp)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|n| n.ends_with("_42.md"))
        .collect();
    names.sort();
    let (old, shown) = names.split_at(names.len() - 20);
    for n in old {
        std::fs::remove_file(exp.join(n)).unwrap();
        std::os::unix::fs::symlink(exp.join("gone").join(n), exp.join(n)).unwrap();
    }
    let (v, ()) = log_json(ws, &["--limit", "20"]);
    assert_eq!(v["total"].as_u64().unwrap(), total);
    assert_eq!(v["metrics"]["tokens"].as_f64().unwrap(), tokens, "{v}");
    let got: Vec<u64> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["step"].as_u64().unwrap())
        .collect();
    assert_eq!(got.len(), shown.len());
    assert_eq!(v["entries"][19]["message"], "one more");
}
