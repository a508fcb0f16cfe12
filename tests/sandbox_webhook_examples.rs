//! Every `issues` payload GitHub recorded (npm `@octokit/webhooks-examples`, pinned in
//! tests/contract/package-lock.json: github.com and GHES recordings) runs through
//! `tri agent on-issue-event`, each on a fresh checkout, against one stateful Railway
//! stand-in: exit 0, and the sandbox of the payload's (repository, issue) follows the
//! action — opened/reopened: exactly one; closed/deleted: none; anything else: unchanged
//! (issue 16).

mod railway_standin;
#[path = "common/skip.rs"]
mod skip;

use railway_standin::{out_err, Farmland};
use serde_json::Value;
use std::path::PathBuf;

fn examples() -> Option<Vec<(String, Value)>> {
    let dir = std::env::var_os("TRI_PRISM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/contract"))
        .join("node_modules/@octokit/webhooks-examples");
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(&dir) else {
        let msg = format!(
            "@octokit/webhooks-examples missing under {} (scripts/test.sh runs `npm ci` in tests/contract)",
            dir.display()
        );
        skip::missing("CONTRACT", &msg, "./scripts/test.sh");
        return None;
    };
    let mut hosts: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    hosts.sort();
    for h in hosts {
        let index = h.join("index.json");
        let Ok(bytes) = std::fs::read(&index) else {
            continue;
        };
        let all: Value = serde_json::from_slice(&bytes).unwrap();
        for ev in all.as_array().unwrap() {
            if ev["name"] != "issues" {
                continue;
            }
            for (i, ex) in ev["examples"].as_array().unwrap().iter().enumerate() {
                let host = h.file_name().unwrap().to_string_lossy().into_owned();
                out.push((format!("{host} issues[{i}] {}", ex["action"]), ex.clone()));
            }
        }
    }
    Some(out)
}

#[test]
fn every_recorded_issues_payload_runs_and_the_sandbox_follows_the_action() {
    let Some(examples) = examples() else {
        return;
    };
    assert!(examples.len() >= 40, "only {} examples", examples.len());
    let mut actions = std::collections::BTreeSet::new();
    let f = Farmland::start();
    for (what, payload) in &examples {
        let repo = payload["repository"]["full_name"]
            .as_str()
            .unwrap()
            .to_string();
        let issue = payload["issue"]["number"].as_u64().unwrap();
        let action = payload["action"].as_str().unwrap();
        actions.insert(action.to_string());
        let before = f.live_for(&repo, issue).len();
        let others_before: Vec<String> = f
            .railway
            .live()
            .into_iter()
            .filter(|s| !f.live_for(&repo, issue).iter().any(|m| m.id == s.id))
            .map(|s| s.id)
            .collect();
        let dir = f.checkout();
        let a = f.on_event(dir.path(), payload);
        let (o, e) = out_err(&a);
        assert_eq!(a.get_output().status.code(), Some(0), "{what}: {o}\n{e}");
        let after = f.live_for(&repo, issue).len();
        match action {
            "opened" | "reopened" => assert_eq!(after, 1, "{what}"),
            "closed" | "deleted" => assert_eq!(after, 0, "{what}"),
            _ => assert_eq!(after, before, "{what}"),
        }
        // No other sandbox was touched.
        let live: Vec<String> = f.railway.live().into_iter().map(|s| s.id).collect();
        for id in &others_before {
            assert!(live.contains(id), "{what} removed {id}");
        }
    }
    // The recordings exercise both directions.
    assert!(
        actions.contains("opened") && actions.contains("deleted"),
        "{actions:?}"
    );
    assert!(f.railway.invalid().is_empty(), "{:?}", f.railway.invalid());
}

/// Issue 19: who may start a sandbox. GitHub's recorded `issues.opened` payload (by
/// Codertocat, the repository's OWNER), and the same payload as another user would send it:
/// a stranger (`author_association` NONE, permission `read`) gets no service on the Railway
/// stand-in and exit 0; a collaborator whose association says nothing (CONTRIBUTOR) but
/// whose permission is `write` gets one; the owner gets one without GitHub being asked;
/// `TRI_SANDBOX_STARTERS=all` lets the stranger start one; a stranger's `closed` still
/// destroys.
#[test]
fn only_trusted_openers_start_a_sandbox() {
    use wiremock::matchers::{method, path_regex};
    use wiremock::{Mock, Request, ResponseTemplate};
    let Some(examples) = examples() else {
        return;
    };
    let (_, recorded) = examples
        .iter()
        .find(|(what, p)| what.starts_with("api.github.com") && p["action"] == "opened")
        .expect("a recorded issues.opened payload");
    assert_eq!(recorded["issue"]["author_association"], "OWNER");
    let owner = recorded["sender"]["login"].as_str().unwrap().to_string();
    let repo = recorded["repository"]["full_name"]
        .as_str()
        .unwrap()
        .to_string();
    let f = Farmland::start();
    // GitHub's answer for each user (GitHub REST: "Get repository permissions for a user").
    f.rt.block_on(
        Mock::given(method("GET"))
            .and(path_regex(
                r"^/repos/[^/]+/[^/]+/collaborators/[^/]+/permission$",
            ))
            .respond_with(|req: &Request| {
                let login = req.url.path().split('/').nth(5).unwrap_or("").to_string();
                let permission = match login.as_str() {
                    "eve-stranger" => "read",
                    "bob-collab" => "write",
                    _ => "none",
                };
                ResponseTemplate::new(200).set_body_json(serde_json::json!({
                    "permission": permission, "role_name": permission,
                    "user": {"login": login}}))
            })
            .mount(&f.gh),
    );
    let asked = |f: &Farmland| -> Vec<String> {
        f.rt.block_on(f.gh.received_requests())
            .unwrap_or_default()
            .iter()
            .map(|r| r.url.path().to_string())
            .filter(|p| p.ends_with("/permission"))
            .collect()
    };
    let as_user = |n: u64, login: &str, assoc: &str, action: &str| {
        let mut p = recorded.clone();
        p["action"] = action.into();
        p["issue"]["number"] = n.into();
        p["sender"]["login"] = login.into();
        p["issue"]["user"]["login"] = login.into();
        p["issue"]["author_association"] = assoc.into();
        p
    };
    let creates = |f: &Farmland| {
        f.railway
            .ops()
            .iter()
            .filter(|o| o.contains("serviceCreate") || o.contains("ServiceCreate"))
            .count()
    };

    // A stranger: no service, one clear line, exit 0.
    let dir = f.checkout();
    let a = f.on_event(dir.path(), &as_user(4201, "eve-stranger", "NONE", "opened"));
    let (o, e) = out_err(&a);
    assert_eq!(a.get_output().status.code(), Some(0), "{o}\n{e}");
    assert!(f.live_for(&repo, 4201).is_empty(), "{o}\n{e}");
    assert_eq!(creates(&f), 0, "{:?}", f.railway.ops());
    assert!(
        f.railway.ops().is_empty(),
        "Railway was not even asked: {:?}",
        f.railway.ops()
    );
    let all = format!("{o}{e}");
    let said: Vec<&str> = all.lines().filter(|l| l.contains("no sandbox")).collect();
    assert_eq!(said.len(), 1, "{o}\n{e}");
    assert!(
        said[0].contains("eve-stranger") && said[0].contains("TRI_SANDBOX_STARTERS=all"),
        "{said:?}"
    );
    assert_eq!(
        asked(&f),
        vec![format!(
            "/repos/{repo}/collaborators/eve-stranger/permission"
        )]
    );
    assert!(
        !dir.path().join(".trinity").exists(),
        "nothing written for a refused opener"
    );

    // A collaborator GitHub says may write: one service.
    let a = f.on_event(
        f.checkout().path(),
        &as_user(4202, "bob-collab", "CONTRIBUTOR", "opened"),
    );
    let (o, e) = out_err(&a);
    assert_eq!(a.get_output().status.code(), Some(0), "{o}\n{e}");
    assert_eq!(f.live_for(&repo, 4202).len(), 1, "{o}\n{e}");

    // The owner, as recorded: one service, GitHub not asked.
    let before = asked(&f).len();
    let mut p = recorded.clone();
    p["issue"]["number"] = 4203.into();
    let a = f.on_event(f.checkout().path(), &p);
    let (o, e) = out_err(&a);
    assert_eq!(a.get_output().status.code(), Some(0), "{o}\n{e}");
    assert_eq!(f.live_for(&repo, 4203).len(), 1, "{o}\n{e}");
    assert_eq!(asked(&f).len(), before, "{owner} needs no look-up");

    // A stranger's `closed` on the owner's issue still destroys.
    let a = f.on_event(
        f.checkout().path(),
        &as_user(4203, "eve-stranger", "NONE", "closed"),
    );
    let (o, e) = out_err(&a);
    assert_eq!(a.get_output().status.code(), Some(0), "{o}\n{e}");
    assert!(f.live_for(&repo, 4203).is_empty(), "{o}\n{e}");

    // `all`: the stranger starts one, and GitHub is not asked.
    let before = asked(&f).len();
    let dir = f.checkout();
    let ev = dir.path().join("event.json");
    std::fs::write(
        &ev,
        serde_json::to_vec(&as_user(4204, "eve-stranger", "NONE", "opened")).unwrap(),
    )
    .unwrap();
    let a = f
        .tri(dir.path())
        .env("TRI_SANDBOX_STARTERS", "all")
        .env("GITHUB_EVENT_NAME", "issues")
        .env("GITHUB_EVENT_PATH", &ev)
        .args(["agent", "on-issue-event", "--timeout", "30s"])
        .assert();
    let (o, e) = out_err(&a);
    assert_eq!(a.get_output().status.code(), Some(0), "{o}\n{e}");
    assert_eq!(f.live_for(&repo, 4204).len(), 1, "{o}\n{e}");
    assert_eq!(asked(&f).len(), before);

    // A setting tri does not know: exit 2 before anything acts.
    let dir = f.checkout();
    let ev = dir.path().join("event.json");
    std::fs::write(
        &ev,
        serde_json::to_vec(&as_user(4205, "eve-stranger", "NONE", "opened")).unwrap(),
    )
    .unwrap();
    let a = f
        .tri(dir.path())
        .env("TRI_SANDBOX_STARTERS", "everyone")
        .env("GITHUB_EVENT_NAME", "issues")
        .env("GITHUB_EVENT_PATH", &ev)
        .args(["agent", "on-issue-event", "--timeout", "30s"])
        .assert();
    let (o, e) = out_err(&a);
    assert_eq!(a.get_output().status.code(), Some(2), "{o}\n{e}");
    assert!(e.contains("TRI_SANDBOX_STARTERS=`everyone`"), "{e}");
    assert!(f.live_for(&repo, 4205).is_empty());
    assert!(!dir.path().join(".trinity").exists());
    assert!(f.railway.invalid().is_empty(), "{:?}", f.railway.invalid());
}
