//! `tri agent farm sync` and `tri agent farm import` through the real binary (issue 12):
//! sync on a fresh checkout rebuilds the mapping of a sandbox made elsewhere and marks one
//! deleted on Railway as gone; import of a trinity-shaped issue_bindings.json keeps every
//! binding (duplicate and non-numeric issues included).

mod railway_standin;

use railway_standin::{out_err, read_farm, Farmland};
use serde_json::{json, Value};

#[test]
fn sync_on_a_fresh_checkout_rebuilds_and_marks_gone() {
    let f = Farmland::start();
    let repo = "octo/demo";
    let elsewhere = f.checkout();
    let a = f.on_event(elsewhere.path(), &Farmland::payload(repo, 5, "opened"));
    assert!(a.get_output().status.success(), "{:?}", out_err(&a));
    let a = f.on_event(elsewhere.path(), &Farmland::payload(repo, 6, "opened"));
    assert!(a.get_output().status.success(), "{:?}", out_err(&a));
    let svc5 = f.live_for(repo, 5)[0].id.clone();
    let svc6 = f.live_for(repo, 6)[0].id.clone();

    let fresh = f.checkout();
    let a = f
        .tri(fresh.path())
        .env("GH_REPO", repo)
        .args(["agent", "farm", "sync", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["added"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v["gone"], json!([]));
    let farm = read_farm(fresh.path());
    let e5 = farm["agent_map"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["service_id"] == svc5.as_str())
        .cloned()
        .unwrap();
    assert_eq!(e5["issue"], 5);
    assert_eq!(e5["repo"], repo);
    assert_eq!(e5["status"], "ACTIVE");
    assert!(e5["deployment_id"].is_string(), "{e5}");
    assert_eq!(farm["accounts"][0]["active_services"], 2);

    // The sandbox of #6 is destroyed elsewhere: the next sync marks it gone, keeps it.
    let a = f.on_event(elsewhere.path(), &Farmland::payload(repo, 6, "closed"));
    assert!(a.get_output().status.success(), "{:?}", out_err(&a));
    let a = f
        .tri(fresh.path())
        .env("GH_REPO", repo)
        .args(["agent", "farm", "sync", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["added"], json!([]), "{v}");
    assert_eq!(v["gone"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["gone"][0]["service_id"], svc6.as_str());
    let farm = read_farm(fresh.path());
    let e6 = farm["agent_map"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["service_id"] == svc6.as_str())
        .cloned()
        .unwrap();
    assert_eq!(e6["status"], "STOPPED");
    assert!(e6["gone_at"].is_string());
    assert_eq!(farm["accounts"][0]["active_services"], 1);
    // The text report says so.
    let a = f
        .tri(fresh.path())
        .env("GH_REPO", repo)
        .args(["agent", "farm", "sync"])
        .assert()
        .success();
    assert!(
        out_err(&a)
            .0
            .contains("0 added, 0 updated, 0 gone, 1 unchanged"),
        "{:?}",
        out_err(&a)
    );
    // A sandbox command on the fresh checkout now works from the rebuilt mapping.
    f.tri(fresh.path())
        .args(["agent", "sandbox", "status", "--issue", "octo/demo#5"])
        .assert()
        .success();
    assert!(f.railway.invalid().is_empty(), "{:?}", f.railway.invalid());
}

#[test]
fn import_keeps_every_trinity_binding() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    std::fs::create_dir_all(root.join(".trinity")).unwrap();
    // An existing farm file: its entry must not be overwritten without --force.
    std::fs::write(
        root.join(".trinity/railway_farm.json"),
        serde_json::to_vec(&json!({"version": 3, "accounts": [{"account_id": 1, "region": "x"}],
            "agent_map": [{"issue": 505, "service_id": "svc-505", "session_id": "mine", "note": "keep"}]}))
        .unwrap(),
    )
    .unwrap();
    let bindings = json!({
        "505": {"agent": "claude", "session_id": "theirs", "railway_service_id": "svc-505",
                "deployment_id": "dep-505", "experience_file": "experience/x_505.md", "status": "active"},
        "#505": {"agent": "codex", "railway_service_id": "svc-505-b", "status": "stopped"},
        "pending": {"agent": "claude", "session_id": "s-p"},
        "77": {"agent": "a", "railway_service_id": "svc-77", "custom": {"deep": [1, 2]}},
        "bad": "not an object"
    });
    let path = root.join("issue_bindings.json");
    std::fs::write(&path, serde_json::to_vec(&bindings).unwrap()).unwrap();
    let a = railway_standin::tri(root)
        .args(["agent", "farm", "import", "issue_bindings.json", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["added"].as_array().unwrap().len(), 3, "{v}");
    assert_eq!(v["updated"], json!([505]), "{v}");
    let skipped = v["skipped"].as_array().unwrap();
    assert!(
        skipped
            .iter()
            .any(|s| s.as_str().unwrap().contains("\"bad\"")),
        "{v}"
    );
    let farm = read_farm(root);
    let map = farm["agent_map"].as_array().unwrap();
    assert_eq!(map.len(), 4, "{farm:#}");
    assert_eq!(farm["version"], 3);
    assert_eq!(farm["accounts"][0]["region"], "x");
    assert_eq!(map[0]["session_id"], "mine", "not overwritten");
    assert_eq!(map[0]["deployment_id"], "dep-505", "filled in");
    assert_eq!(map[0]["note"], "keep");
    assert!(map
        .iter()
        .any(|e| e["service_id"] == "svc-505-b" && e["issue"] == "#505"));
    assert!(map
        .iter()
        .any(|e| e["issue"] == "pending" && e["agent"] == "claude"));
    assert!(map
        .iter()
        .any(|e| e["issue"] == 77 && e["custom"] == json!({"deep": [1, 2]})));
    // Again: nothing new; --force replaces.
    let a = railway_standin::tri(root)
        .args(["agent", "farm", "import", "issue_bindings.json", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["added"], json!([]));
    assert_eq!(read_farm(root)["agent_map"].as_array().unwrap().len(), 4);
    railway_standin::tri(root)
        .args(["agent", "farm", "import", "issue_bindings.json", "--force"])
        .assert()
        .success();
    assert_eq!(read_farm(root)["agent_map"][0]["session_id"], "theirs");
    // `farm list` shows every binding.
    let a = railway_standin::tri(root)
        .env("GH_REPO", "octo/demo")
        .args(["agent", "farm", "list"])
        .assert()
        .success();
    let (o, _) = out_err(&a);
    assert!(o.contains("pending") && o.contains("svc-77"), "{o}");
    // A file that is not JSON: exit 1, nothing written.
    std::fs::write(&path, "{").unwrap();
    let before = std::fs::read(root.join(".trinity/railway_farm.json")).unwrap();
    railway_standin::tri(root)
        .args(["agent", "farm", "import", "issue_bindings.json"])
        .assert()
        .code(1);
    assert_eq!(
        before,
        std::fs::read(root.join(".trinity/railway_farm.json")).unwrap()
    );
}

#[test]
fn a_trinity_farm_file_still_works_without_any_repository_known() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    std::fs::create_dir_all(root.join(".trinity")).unwrap();
    std::fs::write(
        root.join(".trinity/railway_farm.json"),
        serde_json::to_vec(&railway_standin::trinity_farm()).unwrap(),
    )
    .unwrap();
    // No link, no remote, no setting: N means trinity's entry of issue N.
    let a = railway_standin::tri(root)
        .args(["agent", "farm", "show", "77", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    assert_eq!(v["mapping"]["service_id"], "svc-77");
    assert!(v["mapping"]["repo"].is_null());
    // With a farm repository configured, the same entry is that repository's.
    let a = railway_standin::tri(root)
        .env("TRI_FARM_REPO", "acme/farm")
        .args(["agent", "farm", "show", "acme/farm#77"])
        .assert()
        .success();
    assert!(
        out_err(&a).0.contains("repository:     acme/farm"),
        "{:?}",
        out_err(&a)
    );
    // ... and not another repository's.
    railway_standin::tri(root)
        .env("TRI_FARM_REPO", "acme/farm")
        .args(["agent", "farm", "show", "acme/other#77"])
        .assert()
        .code(1);
    // Unknown fields survive a set.
    railway_standin::tri(root)
        .args(["agent", "farm", "set", "77", "--service-id", "svc-77b"])
        .assert()
        .success();
    let farm = read_farm(root);
    assert!(railway_standin::has_every_field(
        &farm,
        &railway_standin::trinity_farm()
    ));
    assert!(farm["agent_map"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e.get("repo").is_none()));
}
