//! The farm file: a trinity-format file with extra fields at every level, duplicate issues
//! and non-numeric issues comes back with everything it had, through the library and
//! through every `tri agent farm` command; writes are locked (parallel writers lose
//! nothing) and an unreadable file is never overwritten.

mod railway_standin;

use railway_standin::{contains_all, linked_workspace, read_farm, tri, trinity_farm};
use serde_json::{json, Value};

#[test]
fn library_round_trip_keeps_every_field() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("railway_farm.json");
    let original = trinity_farm();
    std::fs::write(&p, serde_json::to_vec(&original).unwrap()).unwrap();
    let farm = tri::farm::load(&p).unwrap();
    tri::farm::save(&p, &farm).unwrap();
    let back: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
    assert_eq!(back, original);

    // Duplicates and odd issues are reported, not refused.
    let w = farm.warnings();
    assert!(
        w.iter().any(|l| l.contains("issue 505 has 2 entries")),
        "{w:?}"
    );
    assert!(w.iter().any(|l| l.contains("\"pending\"")), "{w:?}");
    assert!(w.iter().any(|l| l.contains("null")), "{w:?}");
    // mapping_of: the ACTIVE duplicate; a string issue "77" is found as 77; trinity's
    // entries (no repository) belong to the farm's repository only.
    let key = |n| tri::farm::Key::new("acme/app", n, Some("acme/app"));
    let m = farm.mapping_of(&key(505)).unwrap();
    assert_eq!(m.service_id.as_deref(), Some("svc-old-505"));
    assert_eq!(m.account_id, Some(2));
    assert_eq!(m.entries, 2);
    assert_eq!(
        farm.mapping_of(&key(77)).unwrap().service_id.as_deref(),
        Some("svc-77")
    );
    assert!(farm.mapping_of(&key(1)).is_none());
    assert!(farm
        .mapping_of(&tri::farm::Key::new("acme/other", 505, Some("acme/app")))
        .is_none());
}

#[test]
fn farm_set_changes_only_what_it_sets() {
    let ws = linked_workspace(505, Some(&trinity_farm()));
    let out = tri(ws.path())
        .args([
            "agent",
            "farm",
            "set",
            "505",
            "--service-id",
            "svc-new",
            "--deployment-id",
            "dep-9",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("issue 505 has 2 entries"), "{stderr}");
    let back = read_farm(ws.path());
    let mut expected = trinity_farm();
    expected["agent_map"][0]["service_id"] = json!("svc-new");
    expected["agent_map"][0]["deployment_id"] = json!("dep-9");
    assert!(contains_all(&back, &expected), "{back:#}");
    assert_eq!(back["agent_map"].as_array().unwrap().len(), 5);
    // The only new keys: deployment_id and updated_at on the entry set.
    let e = back["agent_map"][0].as_object().unwrap();
    let mut added: Vec<&str> = e
        .keys()
        .map(String::as_str)
        .filter(|k| trinity_farm()["agent_map"][0].get(k).is_none())
        .collect();
    added.sort();
    assert_eq!(added, ["deployment_id", "updated_at"]);
    assert_eq!(back["agent_map"][1], trinity_farm()["agent_map"][1]);

    // A new issue is appended with a numeric issue and the account given.
    tri(ws.path())
        .args([
            "agent",
            "farm",
            "set",
            "606",
            "--service-id",
            "svc-606",
            "--account-id",
            "3",
        ])
        .assert()
        .success();
    let back = read_farm(ws.path());
    let last = &back["agent_map"][5];
    assert_eq!(last["issue"], 606);
    assert_eq!(last["account_id"], 3);
    assert_eq!(last["status"], "ACTIVE");
}

#[test]
fn farm_set_refuses_an_empty_or_spaced_id_and_writes_nothing() {
    let ws = linked_workspace(505, Some(&trinity_farm()));
    let p = ws.path().join(".trinity/railway_farm.json");
    let before = std::fs::read(&p).unwrap();
    for args in [
        &["--service-id", ""][..],
        &["--service-id", "svc 1"][..],
        &["--service-id", "svc-1", "--deployment-id", ""][..],
    ] {
        let out = tri(ws.path())
            .args(["agent", "farm", "set", "800"])
            .args(args)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(stderr.contains("id"), "{args:?}: {stderr}");
        assert_eq!(std::fs::read(&p).unwrap(), before, "{args:?}");
    }
}

#[test]
fn list_show_rm_and_accounts_with_json() {
    let ws = linked_workspace(505, Some(&trinity_farm()));
    let root = ws.path();
    let out = tri(root)
        .args(["agent", "farm", "list", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["agent_map"], trinity_farm()["agent_map"]);
    assert!(!v["warnings"].as_array().unwrap().is_empty());

    let human = tri(root).args(["agent", "farm", "list"]).assert().success();
    let text = String::from_utf8_lossy(&human.get_output().stdout).into_owned();
    assert!(
        text.contains("svc-old-505") && text.contains("pending"),
        "{text}"
    );

    let out = tri(root)
        .args(["agent", "farm", "show", "505", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["mapping"]["service_id"], "svc-old-505");
    assert_eq!(v["entry"]["meta"]["k"][2]["deep"], true);
    tri(root)
        .args(["agent", "farm", "show", "999"])
        .assert()
        .code(1);

    let out = tri(root)
        .env("RAILWAY_API_TOKEN_2", "t2")
        .args(["agent", "farm", "accounts", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["accounts"][0]["credentials"], Value::Null);
    assert_eq!(v["accounts"][1]["credentials"], "RAILWAY_API_TOKEN_2");
    assert_eq!(v["accounts"][1]["account"]["billing"]["plan"], "pro");
    let human = tri(root)
        .env("RAILWAY_API_TOKEN_2", "secret-value-2")
        .args(["agent", "farm", "accounts"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&human.get_output().stdout).into_owned();
    assert!(
        text.contains("primary") && !text.contains("secret-value-2"),
        "{text}"
    );

    let out = tri(root)
        .args(["agent", "farm", "rm", "505", "--json"])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["removed"], 2);
    let back = read_farm(root);
    assert_eq!(back["agent_map"].as_array().unwrap().len(), 3);
    assert_eq!(back["trailer"], json!({"checksum": "deadbeef"}));
    assert_eq!(back["accounts"], trinity_farm()["accounts"]);
}

#[test]
fn an_unreadable_farm_file_is_never_overwritten() {
    let ws = linked_workspace(1, None);
    let p = ws.path().join(".trinity/railway_farm.json");
    std::fs::write(&p, b"{\"accounts\": [").unwrap();
    let out = tri(ws.path())
        .args(["agent", "farm", "set", "1", "--service-id", "x"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("railway_farm.json"), "{stderr}");
    assert_eq!(std::fs::read(&p).unwrap(), b"{\"accounts\": [");
    tri(ws.path())
        .args(["agent", "sandbox", "status"])
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&p).unwrap(), b"{\"accounts\": [");
}

#[test]
fn parallel_writers_lose_nothing() {
    let ws = linked_workspace(1, Some(&trinity_farm()));
    let root = ws.path().to_path_buf();
    let children: Vec<_> = (1000..1012)
        .map(|i| {
            let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("tri"));
            c.current_dir(&root)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .args([
                    "agent",
                    "farm",
                    "set",
                    &i.to_string(),
                    "--service-id",
                    &format!("svc-{i}"),
                ]);
            c.spawn().unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let back = read_farm(&root);
    let map = back["agent_map"].as_array().unwrap();
    assert_eq!(map.len(), 5 + 12);
    for i in 1000..1012 {
        assert!(map
            .iter()
            .any(|e| e["issue"] == i && e["service_id"] == format!("svc-{i}")));
    }
    assert!(contains_all(&back, &trinity_farm()));
}

#[test]
fn numbers_tri_does_not_know_survive_a_rewrite_as_written() {
    // Integers past 64 bits and decimals with more digits than an f64 keeps, at every
    // level tri keeps unknown fields: written back as they were, never as `1e+20`.
    let written = [
        "99999999999999999999",
        "-123456789012345678901234567890",
        "18446744073709551616",
        "0.1000000000000000055511151231257827",
        "1.50",
    ];
    let farm = format!(
        r#"{{"version": 3, "big": {0},
  "accounts": [{{"account_id": 1, "quota": {1}}}],
  "agent_map": [{{"issue": 505, "service_id": "svc-1", "seq": {2},
    "meta": {{"ratio": {3}, "cost": [{4}]}}}}]}}"#,
        written[0], written[1], written[2], written[3], written[4]
    );
    let ws = linked_workspace(505, None);
    let p = ws.path().join(".trinity/railway_farm.json");
    std::fs::write(&p, &farm).unwrap();
    tri(ws.path())
        .args(["agent", "farm", "set", "505", "--service-id", "svc-1"])
        .args(["--deployment-id", "dep-2"])
        .assert()
        .success();
    let back = std::fs::read_to_string(&p).unwrap();
    assert!(back.contains("\"dep-2\""), "{back}");
    for (key, n) in ["\"big\"", "\"quota\"", "\"seq\"", "\"ratio\""]
        .iter()
        .zip(written)
    {
        assert!(
            back.contains(&format!("{key}: {n}")),
            "{key}: {n} in {back}"
        );
    }
    assert!(back.contains("1.50"), "{back}");
}
