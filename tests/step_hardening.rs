//! Recording commands pushed where they used to break, through the real binary and the
//! GitHub stand-in:
//! - a step (or a question) whose experience file cannot be written records nothing — the
//!   link's step count and the outbox stay as they were — and its retry, once the cause is
//!   fixed, posts exactly one comment;
//! - a message over a record's cap (256 KiB) is refused with exit 2 before anything is
//!   written or sent; a 200 KB one still posts, in a few parts;
//! - metric values that are not finite are refused, and sums saturate instead of becoming
//!   `inf` / `null`;
//! - the empty-message error fits the command;
//! - a directory where the link file should be is moved aside by `link --force` and
//!   `unlink`, as an unparseable link file is.
#![cfg(unix)]

mod common;

use common::*;
use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "ghp_hardeninghardeninghardeninghard00";

/// A GitHub stand-in that takes every comment on octo/demo#42, each with a new id, and
/// lists none when asked (a marker look-up finds no earlier send).
async fn github() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/repos/octo/demo/issues/42/comments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let next = AtomicU64::new(1);
    Mock::given(method("POST"))
        .and(path("/repos/octo/demo/issues/42/comments"))
        .respond_with(move |_: &Request| {
            let n = next.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(201).set_body_json(serde_json::json!({
                "id": n,
                "html_url": format!("https://github.com/octo/demo/issues/42#issuecomment-{n}"),
                "body": "x"
            }))
        })
        .mount(&server)
        .await;
    server
}

/// The bodies of the comments the stand-in was asked to post.
async fn posted(gh: &MockServer) -> Vec<String> {
    gh.received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| json_body(r)["body"].as_str().unwrap().to_string())
        .collect()
}

/// A checkout linked to octo/demo#42.
fn linked() -> Repo {
    let repo = Repo::plain();
    repo.tri()
        .args(["agent", "link", "42", "--repo", "octo/demo"])
        .assert()
        .success();
    repo
}

/// Every file under `dir` with its bytes (empty when `dir` does not exist).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for p in rd.flatten().map(|e| e.path()) {
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Names in `dir` (temporary files included); empty when it does not exist.
fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A user other than root, for whom a directory's permissions hold.
const NOBODY: u32 = 65_534;

/// `.trinity/experience` made unwritable for the `tri` that [`Unwritable::tri`] starts. Root
/// ignores permissions, so as root (CI containers) that `tri` runs as user 65534 in a
/// checkout it owns, with the experience directory left to root; otherwise the directory
/// loses its write permission.
struct Unwritable {
    as_user: Option<u32>,
}

fn chown_tree(p: &Path, id: u32) {
    std::os::unix::fs::lchown(p, Some(id), Some(id)).unwrap();
    if p.is_dir() && !p.is_symlink() {
        for e in std::fs::read_dir(p).unwrap().flatten() {
            chown_tree(&e.path(), id);
        }
    }
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

impl Unwritable {
    fn apply(repo: &Repo) -> Unwritable {
        let exp = repo.trinity().join("experience");
        std::fs::create_dir_all(&exp).unwrap();
        if rustix::process::geteuid().is_root() {
            chown_tree(repo.path(), NOBODY);
            set_mode(repo.path(), 0o755);
            std::os::unix::fs::chown(&exp, Some(0), Some(0)).unwrap();
            set_mode(&exp, 0o755);
            Unwritable {
                as_user: Some(NOBODY),
            }
        } else {
            set_mode(&exp, 0o555);
            Unwritable { as_user: None }
        }
    }

    /// Makes the experience directory writable again.
    fn fix(&self, repo: &Repo) {
        let exp = repo.trinity().join("experience");
        match self.as_user {
            Some(id) => std::os::unix::fs::chown(&exp, Some(id), Some(id)).unwrap(),
            None => set_mode(&exp, 0o755),
        }
    }

    /// `tri` in `repo` (as [`tri_in`]), as the user the directory refuses.
    fn tri(&self, repo: &Repo) -> assert_cmd::Command {
        let c = repo.tri();
        let mut s = std::process::Command::new(c.get_program());
        s.env_clear().current_dir(repo.path());
        for (k, v) in c.get_envs() {
            if let Some(v) = v {
                s.env(k, v);
            }
        }
        if let Some(id) = self.as_user {
            s.uid(id).gid(id);
        }
        assert_cmd::Command::from_std(s)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_step_whose_experience_file_cannot_be_written_records_nothing_and_its_retry_posts_once() {
    for verb in ["step", "ask"] {
        let gh = github().await;
        let repo = linked();
        let bad = Unwritable::apply(&repo);
        let link_before =
            std::fs::read_to_string(repo.trinity().join("current_issue.json")).unwrap();
        let out = bad
            .tri(&repo)
            .args(["agent", verb, "the message"])
            .env("GH_TOKEN", TOKEN)
            .env("GITHUB_API_URL", gh.uri())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{verb}: {stderr}");
        assert!(stderr.contains("experience"), "{verb}: {stderr}");
        assert_eq!(
            std::fs::read_to_string(repo.trinity().join("current_issue.json")).unwrap(),
            link_before,
            "{verb}: the link's step count is unchanged"
        );
        assert_eq!(repo.link()["steps"], 0, "{verb}");
        assert!(
            names_in(&repo.trinity().join("outbox")).is_empty(),
            "{verb}: no outbox entry (nor a temporary file)"
        );
        assert!(names_in(&repo.trinity().join("experience")).is_empty());
        assert!(posted(&gh).await.is_empty(), "{verb}: nothing sent");

        bad.fix(&repo);
        for args in [&["agent", verb, "the message"][..], &["agent", "sync"]] {
            let out = bad
                .tri(&repo)
                .args(args)
                .env("GH_TOKEN", TOKEN)
                .env("GITHUB_API_URL", gh.uri())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{verb} {args:?}: {stderr}");
        }
        let bodies = posted(&gh).await;
        assert_eq!(bodies.len(), 1, "{verb}: exactly one comment: {bodies:#?}");
        assert!(bodies[0].contains("the message"), "{verb}");
        assert_eq!(repo.link()["steps"], 1, "{verb}");
        assert_eq!(repo.experience_files().len(), 1, "{verb}");
        assert!(repo.outbox_entries().is_empty(), "{verb}");
    }
}

/// The largest record, bytes (docs/commands.md, "Limits").
const CAP: usize = 256 * 1024;

/// `n` bytes of text in lines of 80 characters.
fn text_of(n: usize) -> String {
    let line = format!("{}\n", "abcdefghij".repeat(8));
    let mut s = line.repeat(n / line.len() + 1);
    s.truncate(n);
    s
}

#[tokio::test(flavor = "multi_thread")]
async fn a_message_over_the_cap_exits_2_with_nothing_recorded_or_sent() {
    let gh = github().await;
    let repo = linked();
    std::fs::write(repo.path().join("over.md"), text_of(CAP + 1)).unwrap();
    std::fs::write(repo.path().join("big.md"), text_of(10 * 1024 * 1024)).unwrap();
    // Fits alone, not with the record's front matter.
    std::fs::write(repo.path().join("near.md"), text_of(CAP - 16)).unwrap();
    let cases: &[(&[&str], Option<&str>, &str)] = &[
        (
            &["agent", "step", "--file", "over.md"],
            None,
            "262,145 bytes",
        ),
        (
            &["agent", "step", "--file", "big.md"],
            None,
            "10,485,760 bytes",
        ),
        (&["agent", "step", "--file", "-"], Some("big.md"), "larger"),
        (&["agent", "ask", "--file", "over.md"], None, "262,145"),
        (&["agent", "handoff", "--file", "over.md"], None, "262,145"),
        (
            &["agent", "step", "--file", "near.md"],
            None,
            "front matter",
        ),
    ];
    let before = snapshot(&repo.trinity());
    for (args, stdin, says) in cases {
        let mut c = repo.tri();
        c.args(*args)
            .env("GH_TOKEN", TOKEN)
            .env("GITHUB_API_URL", gh.uri());
        if let Some(f) = stdin {
            c.write_stdin(std::fs::read(repo.path().join(f)).unwrap());
        }
        let out = c.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(says) && stderr.contains("262,144 bytes"),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert_eq!(
            snapshot(&repo.trinity()),
            before,
            "{args:?}: nothing written"
        );
    }
    assert!(gh.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_200_kb_message_still_posts_in_a_few_parts() {
    let gh = github().await;
    let repo = linked();
    let message = text_of(200 * 1024);
    std::fs::write(repo.path().join("long.md"), &message).unwrap();
    let out = repo
        .tri()
        .args(["agent", "step", "--file", "long.md", "--json"])
        .env("GH_TOKEN", TOKEN)
        .env("GITHUB_API_URL", gh.uri())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["state"], "published", "{doc}");
    let id = doc["event_id"].as_str().unwrap();
    let bodies = posted(&gh).await;
    assert!((4..=5).contains(&bodies.len()), "{} parts", bodies.len());
    for b in &bodies {
        assert!(b.chars().count() <= 65_536, "a part fits a comment");
        assert_eq!(marker_ids(b), [id.to_string()]);
    }
    assert_eq!(repo.link()["steps"], 1);
    assert!(repo.outbox_entries().is_empty());
    let file = std::fs::read_to_string(&repo.experience_files()[0]).unwrap();
    assert!(
        file.contains(&message),
        "the experience file keeps it whole"
    );
}

#[test]
fn metrics_that_are_not_finite_are_refused_and_sums_saturate() {
    let repo = linked();
    let before = snapshot(&repo.trinity());
    for v in ["1e309", "inf", "NaN", "-1e400"] {
        let out = repo
            .tri()
            .args(["agent", "step", "x", "--metric", &format!("tokens={v}")])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{v}: {stderr}");
        assert!(stderr.contains("`tokens`"), "{v}: {stderr}");
    }
    assert_eq!(snapshot(&repo.trinity()), before);
    for _ in 0..2 {
        repo.tri()
            .args(["agent", "step", "big", "--metric", "tokens=1e308"])
            .assert()
            .success();
    }
    for args in [
        &["agent", "log", "--json"][..],
        &["agent", "status", "--json"],
    ] {
        let out = repo.tri().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["metrics"]["tokens"], f64::MAX, "{args:?}: {doc}");
    }
    let out = repo.tri().args(["agent", "log"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("inf"), "{text}");
}

#[test]
fn an_empty_message_is_told_what_to_say_for_its_command() {
    let repo = linked();
    let before = snapshot(&repo.trinity());
    for (verb, say) in [
        ("step", "the step message is empty; say what was done"),
        ("ask", "the question is empty; say what you are asking"),
        (
            "handoff",
            "the hand-off is empty; say what the next agent should do",
        ),
    ] {
        let out = repo.tri().args(["agent", verb, " "]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{verb}: {stderr}");
        assert!(stderr.contains(say), "{verb}: {stderr}");
    }
    assert_eq!(snapshot(&repo.trinity()), before);
}

/// The entries of `.trinity/` moved aside from the link file.
fn moved_aside(repo: &Repo) -> Vec<std::path::PathBuf> {
    names_in(&repo.trinity())
        .into_iter()
        .filter(|n| n.starts_with("current_issue.json.corrupt-"))
        .map(|n| repo.trinity().join(n))
        .collect()
}

#[test]
fn a_directory_in_place_of_the_link_file_is_moved_aside_by_link_force_and_unlink() {
    let repo = Repo::plain();
    let link_file = repo.trinity().join("current_issue.json");
    std::fs::create_dir_all(link_file.join("inner")).unwrap();
    std::fs::write(link_file.join("inner/note"), b"kept").unwrap();
    let out = repo.tri().args(["agent", "step", "x"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("current_issue.json") && stderr.contains("--force"),
        "{stderr}"
    );
    repo.tri()
        .args(["agent", "link", "42", "--repo", "octo/demo", "--force"])
        .assert()
        .success()
        .stderr(predicates::str::contains("moved it aside"));
    assert_eq!(repo.link()["issue"], 42);
    let aside = moved_aside(&repo);
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read(aside[0].join("inner/note")).unwrap(), b"kept");

    std::fs::remove_file(&link_file).unwrap();
    std::fs::create_dir(&link_file).unwrap();
    let out = repo
        .tri()
        .args(["agent", "unlink", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["unlinked"], true, "{doc}");
    assert!(!link_file.exists());
    assert_eq!(moved_aside(&repo).len(), 2);
}
