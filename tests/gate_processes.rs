//! The gate across processes: this test binary runs copies of itself (`current_exe()`,
//! `--exact child_role`) with `TRI_GATE_TEST_ROLE` choosing what the copy does.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;
use tri::gate::{Api, Gate, Kind, Limits, Refusal};

const BASE: &str = "http://127.0.0.1:9";
const TOKEN: &str = "ghp_gateprocessestoken";
const INTERVAL_MS: u64 = 40;

fn gate(dir: &Path) -> Gate {
    let limits = Limits {
        interval_ms: INTERVAL_MS,
        ..Limits::GITHUB
    };
    Gate::open_in(Some(dir), Api::GitHub, BASE, TOKEN, limits)
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn spawn_child(role: &str, dir: &Path, log: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_role",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("TRI_GATE_TEST_ROLE", role)
        .env("TRI_GATE_TEST_DIR", dir)
        .env("TRI_GATE_TEST_LOG", log)
        .spawn()
        .unwrap()
}

/// Kills its child when dropped, so a failing test leaves no process behind.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn append(log: &Path, line: &str) {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    f.write_all(format!("{line}\n").as_bytes()).unwrap();
}

/// Not a test of its own: what a child process does, run by the tests of this file only
/// (ignored, so no run counts it as a passing test; it fails without its role variable).
#[test]
#[ignore = "a child process of the other tests of this file, not a test"]
fn child_role() {
    let role = std::env::var("TRI_GATE_TEST_ROLE")
        .expect("child_role runs only as a child of this file's tests (TRI_GATE_TEST_ROLE)");
    let dir = PathBuf::from(std::env::var("TRI_GATE_TEST_DIR").unwrap());
    let log = PathBuf::from(std::env::var("TRI_GATE_TEST_LOG").unwrap());
    let g = gate(&dir);
    let pid = std::process::id();
    rt().block_on(async {
        match role.as_str() {
            "sender" => {
                for _ in 0..6 {
                    let p = g.acquire(Kind::Mutating, 60_000).await.unwrap();
                    append(&log, &format!("B {pid} {}", tri::gate::now_ms()));
                    // Stand-in work: holds the slot longer than the interval, so only the
                    // slot keeps the next one out (the assertion holds for any duration).
                    tokio::time::sleep(Duration::from_millis(2 * INTERVAL_MS)).await;
                    append(&log, &format!("E {pid} {}", tri::gate::now_ms()));
                    drop(p);
                }
            }
            "holder" => {
                let _p = g.acquire(Kind::Mutating, 60_000).await.unwrap();
                append(&log, "holding");
                // Stand-in behaviour: holds the slot until the test kills it.
                tokio::time::sleep(Duration::from_secs(600)).await;
            }
            "probe_read" | "probe_mutating" => {
                let kind = if role == "probe_read" {
                    Kind::Read
                } else {
                    Kind::Mutating
                };
                match g.acquire(kind, 1_000).await {
                    Ok(_) => append(&log, "granted"),
                    Err(e) => append(&log, &format!("refused {}", e.until_ms().unwrap_or(0))),
                }
            }
            other => panic!("unknown role {other}"),
        }
    });
}

#[test]
fn mutating_requests_of_several_processes_go_one_at_a_time_and_spaced() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let gate_dir = dir.path().join("gate");
    let children: Vec<KillOnDrop> = (0..4)
        .map(|_| KillOnDrop(spawn_child("sender", &gate_dir, &log)))
        .collect();
    for mut c in children {
        assert!(c.0.wait().unwrap().success());
    }
    let text = std::fs::read_to_string(&log).unwrap();
    let mut events: Vec<(u64, char, String)> = text
        .lines()
        .map(|l| {
            let mut it = l.split(' ');
            let kind = it.next().unwrap().chars().next().unwrap();
            let pid = it.next().unwrap().to_string();
            let t = it.next().unwrap().parse().unwrap();
            (t, kind, pid)
        })
        .collect();
    assert_eq!(events.len(), 4 * 6 * 2);
    // The log is written in order under the slot; sort by time, keeping that order for ties.
    events.sort_by_key(|e| e.0);
    let mut open: Option<(u64, String)> = None;
    let mut last_end: Option<u64> = None;
    for (t, kind, pid) in &events {
        match kind {
            'B' => {
                assert!(
                    open.is_none(),
                    "{pid} began at {t} while {open:?} was sending"
                );
                if let Some(end) = last_end {
                    assert!(
                        *t >= end + INTERVAL_MS,
                        "{pid} began at {t}, {} ms after the last end",
                        t - end
                    );
                }
                open = Some((*t, pid.clone()));
            }
            'E' => {
                let (_, who) = open.take().expect("an end without a beginning");
                assert_eq!(&who, pid);
                last_end = Some(*t);
            }
            _ => unreachable!(),
        }
    }
}

#[test]
fn a_killed_process_holding_the_slot_does_not_stall_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let gate_dir = dir.path().join("gate");
    let mut holder = KillOnDrop(spawn_child("holder", &gate_dir, &log));
    let t0 = std::time::Instant::now();
    while !std::fs::read_to_string(&log).is_ok_and(|t| t.contains("holding")) {
        assert!(
            holder.0.try_wait().unwrap().is_none(),
            "the holder ended early"
        );
        // A hang guard, not a timed assertion: fails rather than waiting for ever.
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "the holder never took the slot"
        );
        // A poll for a condition (the barrier line "holding") with the deadline above; how
        // long the holder takes to get there changes nothing.
        std::thread::sleep(Duration::from_millis(20));
    }
    let g = gate(&gate_dir);
    rt().block_on(async {
        let e = g.acquire(Kind::Mutating, 300).await.unwrap_err();
        assert!(matches!(e, Refusal::Busy { .. }), "{e:?}");
        holder.0.kill().unwrap();
        holder.0.wait().unwrap();
        g.acquire(Kind::Mutating, 30_000)
            .await
            .expect("the OS frees the lock of a killed process");
    });
}

#[test]
fn a_block_recorded_by_one_process_holds_another() {
    let dir = tempfile::tempdir().unwrap();
    let gate_dir = dir.path().join("gate");
    let log = dir.path().join("log");
    let until = tri::gate::now_ms() + 120_000;
    gate(&gate_dir).record_block(until, "GitHub answered 429 with retry-after: 120");
    for role in ["probe_read", "probe_mutating"] {
        let mut c = spawn_child(role, &gate_dir, &log);
        assert!(c.wait().unwrap().success());
    }
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        vec![format!("refused {until}"), format!("refused {until}")]
    );
}
