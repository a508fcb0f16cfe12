//! Experience file names stay `<timestamp>_<issue>.md` when several processes step at once
//! in one workspace: trinity's readers parse that shape, and read `42-2` as an issue.
//! A step whose millisecond is taken takes the next free one; its front matter keeps the
//! exact time. This test does not force two steps into one millisecond (nothing outside
//! the process chooses its clock); the shift itself is shown deterministically by the unit
//! tests in `src/journal/` (a taken name is passed over for the next millisecond).

mod common;

use common::{front, Repo};
use std::collections::HashSet;

#[test]
fn four_processes_stepping_at_once_keep_every_name_in_the_one_shape() {
    let repo = Repo::with_origin("acme/widgets");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    // Four processes, 25 steps each, all started before any finishes.
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let dir = repo.path().to_path_buf();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                for i in 0..25 {
                    common::tri_in(&dir)
                        .args(["agent", "step", &format!("worker {w} step {i}")])
                        .assert()
                        .success();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let files = repo.experience_files();
    assert_eq!(files.len(), 100, "{files:?}");
    let mut ids = HashSet::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let (stamp, rest) = name.split_once('_').expect("a `_` in the name");
        assert_eq!(rest, "42.md", "{name} is not <timestamp>_<issue>.md");
        let at = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S%.3fZ")
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .and_utc();
        // The name's time is the event's time, or a few milliseconds after it when that
        // millisecond was taken; never before it.
        let time: chrono::DateTime<chrono::Utc> = front(f, "time").unwrap().parse().unwrap();
        assert!(at >= time, "{name} is before its event's time {time}");
        assert!(
            ids.insert(front(f, "event_id").unwrap()),
            "{name}: a doubled event"
        );
    }
    assert_eq!(repo.link()["steps"], 100);
    assert_eq!(repo.outbox_entries().len(), 100);
}
