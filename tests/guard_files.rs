//! Issue 19, through the real binary: nothing under `.trinity/` is written through a
//! symlink leading out of the workspace (the audit log, the link file, the outbox and the
//! experience directory, `.trinity` itself), plain-http API URLs only to this machine, and
//! an out-of-range `--since` is a usage error, not a panic.

mod common;

use common::{files_in, Repo};
#[cfg(unix)]
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Output;

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Everything under `dir`, recursively, with its bytes (to see that nothing changed).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p.clone());
                v.push((p.display().to_string(), Vec::new()));
            } else {
                v.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    v.sort();
    v
}

fn link(repo: &Repo) -> Output {
    repo.tri()
        .args(["agent", "link", "7", "--repo", "o/r"])
        .output()
        .unwrap()
}

fn step(repo: &Repo, msg: &str) -> Output {
    repo.tri().args(["agent", "step", msg]).output().unwrap()
}

fn linked() -> Repo {
    let repo = Repo::plain();
    let out = link(&repo);
    assert!(out.status.success(), "{}", text(&out));
    repo
}

/// An outside directory holding a file someone cares about.
#[cfg(unix)]
fn outside() -> tempfile::TempDir {
    let o = tempfile::tempdir().unwrap();
    std::fs::write(o.path().join("bashrc"), "export PS1='mine'\n").unwrap();
    o
}

#[cfg(unix)]
#[test]
fn a_symlinked_audit_log_is_never_appended_to() {
    let o = outside();
    let target = o.path().join("bashrc");
    let repo = Repo::plain();
    std::fs::create_dir(repo.trinity()).unwrap();
    symlink(&target, repo.trinity().join("audit.jsonl")).unwrap();
    let before = snapshot(o.path());
    let out = link(&repo);
    assert!(out.status.success(), "{}", text(&out));
    let out = step(&repo, "a step");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(snapshot(o.path()), before, "nothing written outside");
    // The step was recorded; the audit log refused with one line saying what to do.
    assert_eq!(repo.experience_files().len(), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    let warned: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("`.trinity/audit.jsonl` is a symlink"))
        .collect();
    assert_eq!(warned.len(), 1, "one warning: {err}");
    assert!(warned[0].contains("rm .trinity/audit.jsonl"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_link_file_is_replaced_not_written_through() {
    let o = outside();
    // Dangling: `link` would create the file it points to.
    let repo = Repo::plain();
    std::fs::create_dir(repo.trinity()).unwrap();
    let lf = repo.trinity().join("current_issue.json");
    symlink(o.path().join("new-file"), &lf).unwrap();
    let out = link(&repo);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        !o.path().join("new-file").exists(),
        "nothing created outside"
    );
    assert!(!std::fs::symlink_metadata(&lf)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(repo.link()["issue"], 7);

    // A link file moved outside and linked back: a step replaces the link, the outside
    // file keeps its bytes.
    let moved = o.path().join("current_issue.json");
    std::fs::rename(&lf, &moved).unwrap();
    symlink(&moved, &lf).unwrap();
    let before = snapshot(o.path());
    let out = step(&repo, "a step");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(snapshot(o.path()), before, "nothing written outside");
    assert!(!std::fs::symlink_metadata(&lf)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(repo.link()["steps"], 1);
}

/// `.trinity/<name>` as a symlink to an outside directory: a step refuses (exit 1) with a
/// line naming the link and what to do, writes nothing outside and records nothing.
#[cfg(unix)]
fn a_symlinked_dir_refuses_the_step(name: &str) {
    let o = outside();
    let repo = linked();
    let d = repo.trinity().join(name);
    let _ = std::fs::remove_dir_all(&d);
    symlink(o.path(), &d).unwrap();
    let before = snapshot(o.path());
    let out = step(&repo, "a step");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("`.trinity/{name}` is a symlink to"))
            && err.contains("outside the workspace")
            && err.contains(&format!("rm .trinity/{name}")),
        "{err}"
    );
    assert_eq!(snapshot(o.path()), before, "nothing written outside");
    assert_eq!(repo.link()["steps"], 0, "nothing recorded");
    for dir in ["experience", "outbox"] {
        let p = repo.trinity().join(dir);
        if std::fs::symlink_metadata(&p).is_ok_and(|m| !m.file_type().is_symlink()) {
            assert!(files_in(&p, "md").is_empty() && files_in(&p, "json").is_empty());
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_outbox_refuses_the_step() {
    a_symlinked_dir_refuses_the_step("outbox");
}

#[cfg(unix)]
#[test]
fn a_symlinked_experience_dir_refuses_the_step() {
    a_symlinked_dir_refuses_the_step("experience");
}

#[cfg(unix)]
#[test]
fn a_symlinked_state_dir_refuses_link() {
    let o = tempfile::tempdir().unwrap();
    let repo = Repo::plain();
    symlink(o.path(), repo.trinity()).unwrap();
    let out = link(&repo);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("`.trinity` is a symlink to"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read_dir(o.path()).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_workspace_is_fine() {
    let repo = linked();
    let notes = repo.path().join("notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::remove_dir_all(repo.trinity().join("experience")).ok();
    symlink(&notes, repo.trinity().join("experience")).unwrap();
    let out = step(&repo, "a step");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(files_in(&notes, "md").len(), 1);
}

#[test]
fn plain_http_api_urls_only_to_this_machine() {
    let repo = linked();
    for (var, url, args) in [
        (
            "GITHUB_API_URL",
            "http://ghe.internal/api/v3",
            &["agent", "step", "x"][..],
        ),
        (
            "TRI_RAILWAY_API_URL",
            "http://railway.internal/graphql/v2",
            &["agent", "sandbox", "status"][..],
        ),
    ] {
        let out = repo
            .tri()
            .args(args)
            .env(var, url)
            .env("GH_TOKEN", "ghp_test")
            .env("RAILWAY_API_TOKEN", "rw")
            .output()
            .unwrap();
        let t = text(&out);
        assert_eq!(out.status.code(), Some(2), "{var}: {t}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(
            err.contains(&format!("{var}=`{url}`")) && err.contains("https"),
            "{err}"
        );
    }
    assert_eq!(repo.link()["steps"], 0, "nothing recorded");
}

#[test]
fn an_out_of_range_since_is_a_usage_error() {
    let repo = linked();
    for since in ["100000000d", "99999999999999999999"] {
        let out = repo
            .tri()
            .args(["agent", "inbox", "--since", since])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.contains(since), "{err}");
    }
    // The longest accepted duration works.
    let out = repo
        .tri()
        .args(["agent", "inbox", "--since", "36525days"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert_ne!(out.status.code(), Some(2), "{}", text(&out));
}

/// Issue 19, through the binary: Railway's endpoint answers `307` to another host
/// (127.0.0.2, another port); `sandbox create` with a project token (`RAILWAY_TOKEN`, sent as
/// `Project-Access-Token`, which reqwest would carry across hosts) fails, and the other host
/// receives no request at all.
#[test]
fn a_railway_project_token_never_follows_a_redirect_to_another_host() {
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (api, elsewhere) = rt.block_on(async {
        let elsewhere = MockServer::builder()
            .listener(
                std::net::TcpListener::bind("127.0.0.2:0")
                    // 127.0.0.2 is loopback on Linux; elsewhere (macOS) another port will do.
                    .or_else(|_| std::net::TcpListener::bind("127.0.0.1:0"))
                    .unwrap(),
            )
            .start()
            .await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {}})))
            .mount(&elsewhere)
            .await;
        let api = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(307).insert_header(
                "location",
                format!("{}/graphql/v2", elsewhere.uri()).as_str(),
            ))
            .mount(&api)
            .await;
        (api, elsewhere)
    });
    let repo = linked();
    let out = repo
        .tri()
        .args(["agent", "sandbox", "create"])
        .env("TRI_RAILWAY_API_URL", format!("{}/graphql/v2", api.uri()))
        .env("RAILWAY_TOKEN", "rw-project-secret")
        .env("RAILWAY_PROJECT_ID", "proj-1")
        .env("RAILWAY_ENVIRONMENT_ID", "env-1")
        .env("TRI_GATE_DIR", repo.path().join(".gate"))
        .output()
        .unwrap();
    let t = text(&out);
    assert_ne!(out.status.code(), Some(0), "{t}");
    assert!(!t.contains("rw-project-secret"), "{t}");
    assert!(
        t.contains("redirect to") && t.contains("not followed"),
        "says why: {t}"
    );
    let sent = rt.block_on(api.received_requests()).unwrap();
    assert!(!sent.is_empty(), "tri asked Railway: {t}");
    assert_eq!(
        sent[0].headers["project-access-token"], "rw-project-secret",
        "the stand-in sees the header tri sends"
    );
    let leaked = rt.block_on(elsewhere.received_requests()).unwrap();
    assert!(leaked.is_empty(), "reached the other host: {leaked:?}\n{t}");
}
