//! Unit tests of the gate policy, case by case.

use super::*;

const NOW: u64 = 10_000_000;

fn limits() -> Limits {
    Limits {
        interval_ms: 1_000,
        per_minute: 3,
        per_hour: 5,
        minute_ms: MINUTE_MS,
        hour_ms: HOUR_MS,
        poll_interval_ms: 1_000,
    }
}

fn state(sends: &[u64]) -> GateState {
    GateState {
        written_at_ms: NOW,
        sends_ms: sends.to_vec(),
        ..Default::default()
    }
}

fn decide_now(s: &GateState, kind: Kind, max_wait: u64) -> GateDecision {
    decide(s, NOW, kind, &limits(), MaxWait::all(max_wait))
}

#[test]
fn empty_state_goes_now() {
    assert_eq!(
        decide_now(&GateState::default(), Kind::Mutating, 0),
        GateDecision::Go
    );
    assert_eq!(
        decide_now(&GateState::default(), Kind::Read, 0),
        GateDecision::Go
    );
}

#[test]
fn mutating_waits_for_the_interval_after_the_last_end() {
    let mut s = state(&[NOW - 2_000]);
    s.last_done_ms = Some(NOW - 300);
    assert_eq!(
        decide_now(&s, Kind::Mutating, 5_000),
        GateDecision::Wait {
            ms: 700,
            why: Why::Interval
        }
    );
    // A request that never ended (its process died) counts from its start.
    let s = state(&[NOW - 400]);
    assert_eq!(
        decide_now(&s, Kind::Mutating, 5_000),
        GateDecision::Wait {
            ms: 600,
            why: Why::Interval
        }
    );
    let s = state(&[NOW - 1_000]);
    assert_eq!(decide_now(&s, Kind::Mutating, 0), GateDecision::Go);
}

#[test]
fn zero_interval_does_not_pace() {
    let l = Limits {
        interval_ms: 0,
        ..limits()
    };
    let s = state(&[NOW - 1]);
    assert_eq!(
        decide(&s, NOW, Kind::Mutating, &l, 0.into()),
        GateDecision::Go
    );
}

#[test]
fn reads_ignore_pacing_and_counts() {
    let s = state(&[NOW - 30_000, NOW - 20_000, NOW - 10]);
    assert_eq!(decide_now(&s, Kind::Read, 0), GateDecision::Go);
}

#[test]
fn per_minute_count_waits_for_the_oldest_to_leave_the_window() {
    // 3 in the last minute with a limit of 3: the next may go when the first is a
    // minute old.
    let s = state(&[NOW - 50_000, NOW - 20_000, NOW - 10_000]);
    assert_eq!(
        decide_now(&s, Kind::Mutating, 60_000),
        GateDecision::Wait {
            ms: 10_000,
            why: Why::PerMinute
        }
    );
    // Only 2 in the window: the interval alone applies.
    let s = state(&[NOW - 70_000, NOW - 20_000, NOW - 10_000]);
    assert_eq!(decide_now(&s, Kind::Mutating, 60_000), GateDecision::Go);
}

#[test]
fn per_hour_count_waits_for_the_oldest_to_leave_the_hour() {
    let s = state(&[
        NOW - 3_000_000,
        NOW - 2_000_000,
        NOW - 1_000_000,
        NOW - 500_000,
        NOW - 100_000,
    ]);
    assert_eq!(
        decide_now(&s, Kind::Mutating, HOUR_MS),
        GateDecision::Wait {
            ms: 600_000,
            why: Why::PerHour
        }
    );
}

#[test]
fn a_wait_past_the_budget_gives_up_with_the_time() {
    let s = state(&[NOW - 50_000, NOW - 20_000, NOW - 10_000]);
    assert_eq!(
        decide_now(&s, Kind::Mutating, 9_999),
        GateDecision::GiveUp {
            until_ms: NOW + 10_000,
            why: Why::PerMinute
        }
    );
}

#[test]
fn a_block_holds_reads_and_mutations_and_wins_over_pacing() {
    let mut s = state(&[NOW - 100]);
    s.blocked_until_ms = Some(NOW + 3_000);
    for kind in [Kind::Read, Kind::Mutating] {
        assert_eq!(
            decide_now(&s, kind, 20_000),
            GateDecision::Wait {
                ms: 3_000,
                why: Why::Blocked
            }
        );
        assert_eq!(
            decide_now(&s, kind, 2_000),
            GateDecision::GiveUp {
                until_ms: NOW + 3_000,
                why: Why::Blocked
            }
        );
    }
    // Pacing that ends later than the block is what the mutating request waits for.
    s.blocked_until_ms = Some(NOW + 200);
    assert_eq!(
        decide_now(&s, Kind::Mutating, 20_000),
        GateDecision::Wait {
            ms: 900,
            why: Why::Interval
        }
    );
    assert_eq!(
        decide_now(&s, Kind::Read, 20_000),
        GateDecision::Wait {
            ms: 200,
            why: Why::Blocked
        }
    );
}

#[test]
fn sanitize_resets_a_state_from_the_future() {
    let l = limits();
    for s in [
        GateState {
            written_at_ms: NOW + SKEW_MS + 1,
            ..Default::default()
        },
        state(&[NOW + 60_000]),
        GateState {
            last_done_ms: Some(NOW + 3_600_000),
            ..state(&[])
        },
    ] {
        assert_eq!(
            sanitize(s, NOW, &l),
            (GateState::default(), Sanity::FromTheFuture)
        );
    }
    // Within the skew: kept.
    let s = state(&[NOW + 10]);
    assert_eq!(sanitize(s.clone(), NOW, &l), (s, Sanity::Kept));
}

#[test]
fn sanitize_drops_ended_and_implausible_blocks_and_old_sends() {
    let l = limits();
    let mut s = state(&[NOW - HOUR_MS - 1, NOW - 5, NOW - 10]);
    s.blocked_until_ms = Some(NOW);
    s.block_reason = Some("x".into());
    let (t, sanity) = sanitize(s, NOW, &l);
    assert_eq!(sanity, Sanity::Kept);
    assert_eq!(t.sends_ms, vec![NOW - 10, NOW - 5]);
    assert_eq!((t.blocked_until_ms, t.block_reason), (None, None));

    let mut s = state(&[]);
    s.blocked_until_ms = Some(NOW + MAX_BLOCK_MS + 1);
    assert_eq!(sanitize(s, NOW, &l).0.blocked_until_ms, None);
    let mut s = state(&[]);
    s.blocked_until_ms = Some(NOW + 60_000);
    assert_eq!(sanitize(s, NOW, &l).0.blocked_until_ms, Some(NOW + 60_000));
}

#[test]
fn sanitize_keeps_only_what_the_windows_need() {
    let s = state(&(0..10).map(|i| NOW - 1_000 * (10 - i)).collect::<Vec<_>>());
    let (t, _) = sanitize(s, NOW, &limits());
    assert_eq!(t.sends_ms.len(), 5);
    assert_eq!(t.sends_ms[0], NOW - 5_000);
}

#[test]
fn records_keep_the_state_bounded_and_blocks_only_grow() {
    let l = limits();
    let mut s = GateState::default();
    for i in 0..20 {
        record_send(&mut s, NOW + i, &l);
    }
    assert_eq!(
        s.sends_ms,
        vec![NOW + 15, NOW + 16, NOW + 17, NOW + 18, NOW + 19]
    );
    record_done(&mut s, NOW + 30);
    record_done(&mut s, NOW + 25);
    assert_eq!(s.last_done_ms, Some(NOW + 30));

    record_block(&mut s, NOW, NOW + 5_000, "a");
    record_block(&mut s, NOW, NOW + 1_000, "b");
    assert_eq!(
        (s.blocked_until_ms, s.block_reason.as_deref()),
        (Some(NOW + 5_000), Some("a"))
    );
    record_block(&mut s, NOW, NOW + 9 * HOUR_MS, "c");
    assert_eq!(s.blocked_until_ms, Some(NOW + MAX_BLOCK_MS));
    let mut t = GateState::default();
    record_block(&mut t, NOW, NOW - 1, "past");
    assert_eq!(t.blocked_until_ms, None);
}

#[test]
fn methods_map_to_kinds() {
    assert_eq!(Kind::of_method("get"), Kind::Read);
    assert_eq!(Kind::of_method("HEAD"), Kind::Read);
    for m in ["POST", "PATCH", "PUT", "DELETE"] {
        assert_eq!(Kind::of_method(m), Kind::Mutating);
    }
}

#[test]
fn state_file_format_is_stable_and_tolerant() {
    let s: GateState = serde_json::from_str(r#"{"sends_ms":[1,2],"future_field":true}"#).unwrap();
    assert_eq!(s.sends_ms, vec![1, 2]);
    assert_eq!(s.blocked_until_ms, None);
}

#[test]
fn pauses_and_limits_have_their_own_bounds() {
    let no_wait_for_limits = MaxWait {
        pace_ms: 5_000,
        limit_ms: 0,
    };
    let s = state(&[NOW - 400]);
    assert_eq!(
        decide(&s, NOW, Kind::Mutating, &limits(), no_wait_for_limits),
        GateDecision::Wait {
            ms: 600,
            why: Why::Interval
        }
    );
    let mut s = state(&[]);
    s.blocked_until_ms = Some(NOW + 10);
    assert_eq!(
        decide(&s, NOW, Kind::Read, &limits(), no_wait_for_limits),
        GateDecision::GiveUp {
            until_ms: NOW + 10,
            why: Why::Blocked
        }
    );
}

#[test]
fn polls_of_one_list_are_spaced_and_other_lists_are_not_held() {
    let l = limits();
    let mut s = GateState::default();
    assert_eq!(take_poll(&mut s, NOW, "/a", &l), None);
    assert_eq!(s.polls_ms.get("/a"), Some(&NOW));
    assert_eq!(take_poll(&mut s, NOW + 1, "/a", &l), Some(999));
    assert_eq!(take_poll(&mut s, NOW + 1, "/b", &l), None, "another list");
    assert_eq!(take_poll(&mut s, NOW + 1_000, "/a", &l), None);
    assert_eq!(s.polls_ms.get("/a"), Some(&(NOW + 1_000)));
    // Ordinary reads and writes are not held by polls.
    let (s, _) = sanitize(s, NOW + 1_000, &l);
    assert_eq!(
        decide(&s, NOW + 1_000, Kind::Read, &l, 0.into()),
        GateDecision::Go
    );
}

#[test]
fn old_and_future_polls_are_forgotten_and_the_list_count_is_bounded() {
    let l = limits();
    let mut s = GateState::default();
    s.polls_ms.insert("/old".into(), NOW - 1_000);
    s.polls_ms.insert("/future".into(), NOW + SKEW_MS + 1);
    s.polls_ms.insert("/recent".into(), NOW - 10);
    let (s, sanity) = sanitize(s, NOW, &l);
    assert_eq!(sanity, Sanity::Kept);
    assert_eq!(s.polls_ms.keys().collect::<Vec<_>>(), vec!["/recent"]);
    let mut s = GateState::default();
    for i in 0..(MAX_POLLED_LISTS as u64 + 5) {
        assert_eq!(take_poll(&mut s, NOW + i, &format!("/l{i}"), &l), None);
    }
    assert_eq!(s.polls_ms.len(), MAX_POLLED_LISTS);
    assert!(!s.polls_ms.contains_key("/l0"), "the oldest goes first");
    let off = Limits {
        poll_interval_ms: 0,
        ..l
    };
    let mut s = GateState::default();
    assert_eq!(take_poll(&mut s, NOW, "/a", &off), None);
    assert_eq!(take_poll(&mut s, NOW, "/a", &off), None);
    assert!(s.polls_ms.is_empty(), "not paced: nothing kept");
}
