//! Tests of the gate with its files, in one process (several processes:
//! tests/gate_processes.rs).

use super::*;
use std::path::PathBuf;

const BASE: &str = "https://api.github.com";
const TOKEN: &str = "ghp_secretsecretsecret";

fn limits(interval_ms: u64) -> Limits {
    Limits {
        interval_ms,
        ..Limits::GITHUB
    }
}

fn gate_in(dir: &Path, interval_ms: u64) -> Gate {
    Gate::open_in(Some(dir), Api::GitHub, BASE, TOKEN, limits(interval_ms))
}

fn state_of(g: &Gate) -> GateState {
    let files = g.files().expect("the gate has files");
    serde_json::from_slice(&std::fs::read(&files.state).unwrap()).unwrap()
}

#[test]
fn key_depends_on_service_base_and_token_and_hides_the_token() {
    let k = key(Api::GitHub, BASE, TOKEN);
    assert_eq!(k.len(), 32);
    assert!(k.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(k, key(Api::GitHub, "https://API.github.com/", TOKEN));
    assert_ne!(k, key(Api::GitHub, BASE, "other"));
    assert_ne!(k, key(Api::GitHub, "https://ghe.corp/api/v3", TOKEN));
    assert_ne!(k, key(Api::Railway, BASE, TOKEN));
}

#[test]
fn dir_from_env_prefers_tri_gate_dir() {
    let env = |k: &str| (k == "TRI_GATE_DIR").then(|| "/tmp/g".to_string());
    assert_eq!(dir_from_env(&env), Some(PathBuf::from("/tmp/g")));
    let empty = |k: &str| (k == "TRI_GATE_DIR").then(String::new);
    let d = dir_from_env(&empty);
    assert!(d.as_ref().is_none_or(|d| d.ends_with("gate")), "{d:?}");
}

#[test]
fn limits_from_env() {
    let env = |k: &str| match k {
        "TRI_GITHUB_PER_MINUTE" => Some("20".to_string()),
        "TRI_GITHUB_PER_HOUR" => Some(" 0 ".to_string()),
        _ => None,
    };
    let l = Limits::github_from_env(&env, 250).unwrap();
    assert_eq!((l.interval_ms, l.per_minute, l.per_hour), (250, 20, 0));
    assert_eq!(
        Limits::github_from_env(&|_: &str| None, 1_000).unwrap(),
        Limits::GITHUB
    );
    let bad = |k: &str| (k == "TRI_GITHUB_PER_HOUR").then(|| "lots".to_string());
    let e = Limits::github_from_env(&bad, 0).unwrap_err();
    assert!(e.to_string().contains("TRI_GITHUB_PER_HOUR"), "{e}");
}

#[tokio::test]
async fn mutating_requests_record_start_and_end_and_are_spaced() {
    let dir = tempfile::tempdir().unwrap();
    let g = gate_in(dir.path(), 150);
    let p = g.acquire(Kind::Mutating, 5_000).await.unwrap();
    let s = state_of(&g);
    assert_eq!(s.sends_ms.len(), 1);
    assert_eq!(s.last_done_ms, None);
    drop(p);
    let first_end = state_of(&g)
        .last_done_ms
        .expect("the end is recorded on drop");
    let p = g.acquire(Kind::Mutating, 5_000).await.unwrap();
    let s = state_of(&g);
    assert_eq!(s.sends_ms.len(), 2);
    assert!(s.sends_ms[1] >= first_end + 150, "{s:?}");
    drop(p);
    // The files hold no token.
    for f in [&g.files().unwrap().state, &g.files().unwrap().slot] {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.contains(TOKEN));
        assert!(!String::from_utf8_lossy(&std::fs::read(f).unwrap()).contains(TOKEN));
    }
    assert!(g.take_warnings().is_empty());
}

#[tokio::test]
async fn reads_do_not_take_the_slot_or_count() {
    let dir = tempfile::tempdir().unwrap();
    let g = gate_in(dir.path(), 60_000);
    let _held = g.acquire(Kind::Mutating, 1_000).await.unwrap();
    // A second gate on the same files (another process, as far as the locks go).
    let other = gate_in(dir.path(), 60_000);
    let r = other.acquire(Kind::Read, 0).await.unwrap();
    drop(r);
    assert_eq!(state_of(&g).sends_ms.len(), 1);
}

#[tokio::test]
async fn a_held_slot_makes_others_busy_not_stuck() {
    let dir = tempfile::tempdir().unwrap();
    let g = gate_in(dir.path(), 0);
    let held = g.acquire(Kind::Mutating, 1_000).await.unwrap();
    let other = gate_in(dir.path(), 0);
    let e = other.acquire(Kind::Mutating, 300).await.unwrap_err();
    assert!(matches!(e, Refusal::Busy { .. }), "{e:?}");
    assert!(e.to_string().contains("another tri process"), "{e}");
    drop(held);
    other.acquire(Kind::Mutating, 5_000).await.unwrap();
}

#[tokio::test]
async fn a_block_is_shared_and_past_the_budget_refuses_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let g = gate_in(dir.path(), 0);
    let until = now_ms() + 60_000;
    g.record_block(until, "GitHub answered 403 with retry-after: 60");
    let other = gate_in(dir.path(), 0);
    let b = other
        .block()
        .expect("the block is seen by another gate on the files");
    assert_eq!(b.until_ms, until);
    assert!(b.reason.contains("retry-after"));
    for kind in [Kind::Read, Kind::Mutating] {
        let e = other.acquire(kind, 20_000).await.unwrap_err();
        assert_eq!(
            e,
            Refusal::Wait {
                until_ms: until,
                why: Why::Blocked,
                api: Api::GitHub
            }
        );
        assert!(
            e.to_string().starts_with("GitHub asked to wait until "),
            "{e}"
        );
        assert!(e.to_string().ends_with(" UTC"), "{e}");
    }
    // Nothing was sent, so nothing was counted.
    assert!(state_of(&g).sends_ms.is_empty());
    // Another token has its own gate.
    let stranger = Gate::open_in(Some(dir.path()), Api::GitHub, BASE, "t2", limits(0));
    assert_eq!(stranger.block(), None);
}

#[tokio::test]
async fn a_short_block_is_waited_out() {
    let dir = tempfile::tempdir().unwrap();
    let g = gate_in(dir.path(), 0);
    let until = now_ms() + 300;
    g.record_block(until, "429");
    let p = g.acquire(Kind::Mutating, 5_000).await.unwrap();
    assert!(state_of(&g).sends_ms[0] >= until);
    drop(p);
    assert_eq!(g.block(), None, "an ended block is no longer reported");
}

#[tokio::test]
async fn a_corrupt_state_file_is_replaced_with_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let g = gate_in(dir.path(), 0);
    let state = g.files().unwrap().state.clone();
    std::fs::write(&state, b"{\"sends_ms\": [1, 2").unwrap();
    drop(g.acquire(Kind::Mutating, 1_000).await.unwrap());
    drop(g.acquire(Kind::Mutating, 1_000).await.unwrap());
    let w = g.take_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("could not be read") && w[0].contains(&*state.to_string_lossy()));
    assert_eq!(state_of(&g).sends_ms.len(), 2);
}

#[tokio::test]
async fn a_state_from_the_future_is_ignored_and_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let g = gate_in(dir.path(), 1_000);
    let ahead = now_ms() + 86_400_000;
    let future = GateState {
        written_at_ms: ahead,
        sends_ms: vec![ahead],
        blocked_until_ms: Some(ahead + 1),
        ..Default::default()
    };
    std::fs::write(
        &g.files().unwrap().state,
        serde_json::to_vec(&future).unwrap(),
    )
    .unwrap();
    assert_eq!(g.block(), None);
    drop(g.acquire(Kind::Mutating, 0).await.unwrap());
    let s = state_of(&g);
    assert!(s.sends_ms.iter().all(|&t| t < ahead), "{s:?}");
    assert!(g.take_warnings().is_empty());
}

#[tokio::test]
async fn an_unusable_directory_falls_back_to_this_process_with_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, b"").unwrap();
    let g = Gate::open_in(
        Some(&file.join("gate")),
        Api::GitHub,
        BASE,
        TOKEN,
        limits(0),
    );
    assert!(g.files().is_none());
    g.record_block(now_ms() + 60_000, "429");
    assert!(matches!(
        g.acquire(Kind::Read, 0).await,
        Err(Refusal::Wait {
            why: Why::Blocked,
            ..
        })
    ));
    let w = g.take_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("this process only") && w[0].contains("TRI_GATE_DIR"),
        "{w:?}"
    );
}

#[test]
fn only_the_owner_may_use_a_gate_directory() {
    assert!(setup::check_owner(1000, 1000).is_ok());
    let e = setup::check_owner(0, 1000).unwrap_err();
    assert!(e.contains("user id 0") && e.contains("id 1000"), "{e}");
}

/// A `TRI_GATE_DIR` another user owns is not used: per-process limits, one
/// warning, no file written there. As root, a directory given to `nobody` (65534); as
/// anyone else, `/` (root's).
#[cfg(unix)]
#[test]
fn a_directory_another_user_owns_falls_back_with_one_warning() {
    let t = tempfile::tempdir().unwrap();
    let me = rustix::process::geteuid().as_raw();
    let dir = if me == 0 {
        let d = t.path().join("shared");
        std::fs::create_dir(&d).unwrap();
        std::os::unix::fs::chown(&d, Some(65534), None).unwrap();
        d
    } else {
        PathBuf::from("/")
    };
    let before: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let g = Gate::open_in(Some(&dir), Api::GitHub, BASE, TOKEN, limits(0));
    assert!(g.files().is_none());
    let w = g.take_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("belongs to user id") && w[0].contains("this process only"),
        "{w:?}"
    );
    let after: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(before, after, "nothing written there");
}

#[cfg(unix)]
#[tokio::test]
async fn files_that_cannot_be_written_fall_back_with_one_warning() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let g = gate_in(dir.path(), 0);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
    // Root ignores permissions: nothing to test there.
    if std::fs::write(dir.path().join("probe"), b"").is_ok() {
        return;
    }
    drop(g.acquire(Kind::Mutating, 1_000).await.unwrap());
    drop(g.acquire(Kind::Mutating, 1_000).await.unwrap());
    assert!(g.files().is_none());
    assert_eq!(g.take_warnings().len(), 1);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
}

#[tokio::test]
async fn per_minute_count_past_the_budget_refuses_with_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let l = Limits {
        interval_ms: 0,
        per_minute: 2,
        ..Limits::GITHUB
    };
    let g = Gate::open_in(Some(dir.path()), Api::GitHub, BASE, TOKEN, l);
    drop(g.acquire(Kind::Mutating, 0).await.unwrap());
    drop(g.acquire(Kind::Mutating, 0).await.unwrap());
    let e = g.acquire(Kind::Mutating, 1_000).await.unwrap_err();
    let first = state_of(&g).sends_ms[0];
    assert_eq!(
        e,
        Refusal::Wait {
            until_ms: first + policy::MINUTE_MS,
            why: Why::PerMinute,
            api: Api::GitHub
        }
    );
    assert!(e.to_string().contains("TRI_GITHUB_PER_MINUTE"), "{e}");
}

#[test]
fn clock_is_utc() {
    assert_eq!(clock_utc(3_723_000), "01:02:03 UTC");
}

#[tokio::test]
async fn polls_of_a_list_are_spaced_across_gates_sharing_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let l = Limits {
        poll_interval_ms: 200,
        ..Limits::GITHUB
    };
    let (a, b) = (
        Gate::open_in(Some(dir.path()), Api::GitHub, BASE, TOKEN, l),
        Gate::open_in(Some(dir.path()), Api::GitHub, BASE, TOKEN, l),
    );
    a.pace_poll("/repos/o/r/issues/1/comments").await;
    let first = state_of(&a).polls_ms["/repos/o/r/issues/1/comments"];
    // Another gate on the same files (another process) waits for the list's turn.
    b.pace_poll("/repos/o/r/issues/1/comments").await;
    let second = state_of(&b).polls_ms["/repos/o/r/issues/1/comments"];
    assert!(second >= first + 200, "{first} then {second}");
    // Another list is not held: with a minute between polls, a second list's turn comes at
    // once (held, it would pass the 30 s bound).
    let slow = Limits {
        poll_interval_ms: 60_000,
        ..Limits::GITHUB
    };
    let c = Gate::open_in(Some(dir.path()), Api::GitHub, BASE, "other-token", slow);
    c.pace_poll("/one").await;
    let other = tokio::time::timeout(Duration::from_secs(30), c.pace_poll("/two")).await;
    assert!(other.is_ok(), "a poll of another list waited");
    assert_eq!(state_of(&c).polls_ms.len(), 2);
}
