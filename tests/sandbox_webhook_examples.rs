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
