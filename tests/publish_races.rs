//! Races in recording and publishing found by review (issue 11), each through the real
//! binary: a long event split differently by a second process, recovery racing a `sync`,
//! and an experience file name taken after it was chosen.

mod common;

use common::faulty_github::{Fault, FaultyGitHub};
use common::{front, Repo};

fn linked() -> Repo {
    let repo = Repo::with_origin("octo/widgets");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    repo
}

/// The `i/n` parts named by the markers of `bodies`, in order.
fn parts(bodies: &[String]) -> Vec<String> {
    bodies
        .iter()
        .filter_map(|b| {
            let (i, n) = tri::event::marker::parse(b)?.part?;
            Some(format!("{i}/{n}"))
        })
        .collect()
}

#[test]
fn a_long_event_keeps_its_first_split_when_another_process_redacts_more() {
    let gh = FaultyGitHub::start(0.0, 0, 1);
    let repo = linked();
    // 2,500 lines each holding a value that only the second process knows is secret: its
    // redaction shortens the text from three comments' worth to two.
    let value = "Zq8vN3xR7mK2pL9wT4yB6cF1hJ5dG0sA8eU3iO7q";
    let message: String = (0..2_500)
        .map(|i| format!("line {i:04}: {value}\n"))
        .collect();
    std::fs::write(repo.path().join("long.md"), &message).unwrap();
    // First process: part 1 posted, part 2 written but its answer lost; out of budget.
    gh.script(&[Fault::None, Fault::WriteThenDrop]);
    repo.tri()
        .args(["agent", "step", "--file", "long.md"])
        .env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .assert()
        .success();
    gh.wait_idle();
    assert_eq!(gh.comments().len(), 2, "part 1 posted, part 2 written");
    // Second process, with the value in a secret-named variable: it must finish the same
    // three parts, not start a two-part split.
    repo.tri()
        .args(["agent", "sync"])
        .env("GH_TOKEN", "ghp_test")
        .env("DEPLOY_TOKEN", value)
        .env("GITHUB_API_URL", gh.url())
        .env("TRI_PUBLISH_MAX_WAIT_S", "60")
        .assert()
        .success();
    let bodies: Vec<String> = gh.comments().into_iter().map(|c| c.body).collect();
    assert_eq!(
        parts(&bodies),
        vec!["1/3", "2/3", "3/3"],
        "{:?}",
        parts(&bodies)
    );
    // What was not yet sent is redacted with the second process's secrets.
    assert!(!bodies[2].contains(value));
    assert!(repo.outbox_entries().is_empty());
}

#[test]
fn recovery_leaves_an_event_being_published_to_its_publisher() {
    let repo = linked();
    repo.tri()
        .args(["agent", "step", "first"])
        .assert()
        .success();
    // As a power cut (or a kill between the writes) leaves it: entry, no experience file.
    let exp = repo.experience_files().remove(0);
    std::fs::remove_file(&exp).unwrap();
    let entry = repo.outbox_entries().remove(0);
    // A `sync` is publishing that event (it holds the entry's lock) and will write the
    // experience file with the comment URL: recovery must not write it meanwhile.
    let mut lock = tri::workspace::lock::LockFile::open(&entry.with_extension("lock")).unwrap();
    let guard = lock.try_lock().unwrap().expect("free");
    repo.tri()
        .args(["agent", "step", "second"])
        .assert()
        .success();
    assert!(
        !exp.exists(),
        "recovery wrote {} while another process held its entry",
        exp.display()
    );
    drop(guard);
    // Once the lock is free, the publisher rebuilds it from the entry and adds the URL.
    let gh = FaultyGitHub::start(0.0, 0, 2);
    repo.tri()
        .args(["agent", "sync"])
        .env("GH_TOKEN", "ghp_test")
        .env("GITHUB_API_URL", gh.url())
        .assert()
        .success();
    let text = std::fs::read_to_string(&exp).unwrap();
    assert!(
        text.contains("first") && text.contains("comment_url: http"),
        "{text}"
    );
    assert_eq!(gh.comments().len(), 2);
}

#[test]
fn an_experience_file_name_already_taken_is_skipped_not_fatal() {
    // Dangling links at every name a window of time could give issue 42's step: they take the
    // name (a new file cannot be made there) though `exists()` says no. The step's time is
    // its own clock's, so the test reads it back (the front matter keeps the exact time) and
    // asserts it fell inside the window, so its own name was taken (the race by
    // construction); a machine so slow that the step came after the window is run again with
    // a wider one, never counted as a pass.
    for window_s in [20i64, 120, 600] {
        let repo = linked();
        let dir = repo.trinity().join("experience");
        std::fs::create_dir_all(&dir).unwrap();
        let start = chrono::Utc::now();
        let at = |ms: i64| start + chrono::Duration::milliseconds(ms);
        let name_at =
            |t: chrono::DateTime<chrono::Utc>| format!("{}_42.md", t.format("%Y%m%dT%H%M%S%.3fZ"));
        for ms in 0..window_s * 1000 {
            std::os::unix::fs::symlink(dir.join("nowhere"), dir.join(name_at(at(ms)))).unwrap();
        }
        repo.tri()
            .args(["agent", "step", "named around the links"])
            .assert()
            .success();
        let mine: Vec<_> = repo
            .experience_files()
            .into_iter()
            .filter(|p| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()))
            .collect();
        assert_eq!(mine.len(), 1);
        let time = front(&mine[0], "time").expect("the step's time");
        let time = chrono::DateTime::parse_from_rfc3339(&time)
            .unwrap()
            .with_timezone(&chrono::Utc);
        let end = at(window_s * 1000);
        if time >= end {
            eprintln!("the step came after a {window_s} s window ({time}); again, wider");
            continue;
        }
        assert!(
            time >= start,
            "the step's time {time} is before the links' {start}"
        );
        // Its own name was a link: it took the next free millisecond, the window's end, in
        // the one shape trinity's readers parse (no `-2`).
        let name = mine[0].file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(name, name_at(end), "the step's time was {time}");
        assert_eq!(repo.outbox_entries().len(), 1);
        assert_eq!(repo.link()["steps"], 1);
        return;
    }
    panic!("the step never fell inside a 600 s window of links");
}
