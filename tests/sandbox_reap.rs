//! `tri agent reap` (issue 23 item 3) through the binary, in a fresh checkout, against the
//! stateful Railway stand-in and a GitHub stand-in that knows which issues are open: three
//! services — an open issue's, a closed issue's, another repository's with the same issue
//! number as the closed one. Only the closed issue's is destroyed and its issue gets
//! `sandbox_destroyed`; a second reap changes nothing; `--dry-run` changes nothing and lists
//! what it would do.

mod railway_standin;

use railway_standin::{out_err, Farmland};
use serde_json::{json, Value};
use tri::sandbox::naming::service_name;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, ResponseTemplate};

/// The stand-ins, with a GitHub on which this token can read octo/demo itself.
fn start() -> Farmland {
    let land = Farmland::start();
    land.rt.block_on(
        Mock::given(method("GET"))
            .and(path("/repos/octo/demo"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"full_name": "octo/demo", "private": true})),
            )
            .mount(&land.gh),
    );
    land
}

fn seed(land: &Farmland, repo: &str, issue: u64) -> String {
    land.railway.seed(
        &service_name(repo, issue),
        "env-1",
        json!({"TRI_REPO": repo, "TRI_ISSUE": issue.to_string()}),
    )
}

fn issue(land: &Farmland, n: u64, state: &str) {
    land.rt.block_on(
        Mock::given(method("GET"))
            .and(path(format!("/repos/octo/demo/issues/{n}")))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"number": n, "title": "t", "state": state})),
            )
            .mount(&land.gh),
    );
}

fn reap(land: &Farmland, dir: &std::path::Path, args: &[&str]) -> (i32, Value, String) {
    let a = land
        .tri(dir)
        .env("GH_REPO", "octo/demo")
        .args(["agent", "reap", "--json"])
        .args(args)
        .assert();
    let code = a.get_output().status.code().unwrap();
    let (out, err) = out_err(&a);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, v, err)
}

fn action_of(v: &Value, id: &str) -> (String, String) {
    let row = v["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["service_id"] == id)
        .unwrap_or_else(|| panic!("{id} not listed: {v:#}"));
    (
        row["action"].as_str().unwrap().to_string(),
        row["reason"].as_str().unwrap().to_string(),
    )
}

#[test]
fn reap_destroys_only_the_closed_issues_sandbox_and_is_idempotent() {
    let land = start();
    let open = seed(&land, "octo/demo", 1);
    let closed = seed(&land, "octo/demo", 2);
    let other = seed(&land, "octo/other", 2);
    let unrelated = land.railway.seed("postgres", "env-1", json!({}));
    issue(&land, 1, "open");
    issue(&land, 2, "closed");
    let dir = land.checkout();

    // --dry-run: lists, changes nothing.
    let (code, v, _) = reap(&land, dir.path(), &["--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(action_of(&v, &open).0, "kept");
    let (a, why) = action_of(&v, &closed);
    assert_eq!(a, "would destroy");
    assert!(why.contains("closed"), "{why}");
    let (a, why) = action_of(&v, &other);
    assert_eq!(a, "skipped");
    assert!(why.contains("octo/other"), "{why}");
    assert!(v["services"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["service_id"] != unrelated.as_str()));
    assert_eq!(land.railway.live().len(), 4);
    assert!(land.events_on("octo/demo", 2).is_empty());
    assert!(!land.railway.ops().iter().any(|o| o == "ServiceDelete"));

    // The reap.
    let (code, v, err) = reap(&land, dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(action_of(&v, &closed).0, "destroyed");
    assert_eq!(action_of(&v, &open).0, "kept");
    assert_eq!(action_of(&v, &other).0, "skipped");
    let live: Vec<String> = land.railway.live().into_iter().map(|s| s.id).collect();
    assert!(!live.contains(&closed), "{live:?}");
    for id in [&open, &other, &unrelated] {
        assert!(live.contains(id), "{id} kept: {live:?}");
    }
    assert_eq!(land.events_on("octo/demo", 2), ["sandbox_destroyed"]);
    assert!(land.events_on("octo/demo", 1).is_empty());
    assert!(land.events_on("octo/other", 2).is_empty());

    // Again: nothing changes.
    let deletes = |l: &Farmland| {
        l.railway
            .ops()
            .iter()
            .filter(|o| *o == "ServiceDelete")
            .count()
    };
    let before = deletes(&land);
    let (code, v, _) = reap(&land, dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(deletes(&land), before);
    assert!(v["services"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["action"] != "destroyed"));
    assert_eq!(land.events_on("octo/demo", 2), ["sandbox_destroyed"]);
    assert_eq!(land.railway.invalid(), Vec::<String>::new());
}

#[test]
fn reap_needs_a_github_token_and_railway_credentials() {
    let land = start();
    let dir = land.checkout();
    let a = land
        .tri(dir.path())
        .env("GH_REPO", "octo/demo")
        .env_remove("GH_TOKEN")
        .args(["agent", "reap"])
        .assert()
        .code(4);
    let (_, err) = out_err(&a);
    assert!(err.contains("GH_TOKEN"), "{err}");
    assert!(land.railway.ops().is_empty());
}

#[test]
fn older_than_destroys_an_open_issues_sandbox_only_when_quiet_that_long() {
    let land = start();
    // Seeded on 2026-12-01; the issue's comments hold no tri event, so it has been quiet
    // since the service was made.
    let open = seed(&land, "octo/demo", 1);
    issue(&land, 1, "open");
    let dir = land.checkout();
    let (code, v, _) = reap(&land, dir.path(), &["--older-than", "3650d"]);
    assert_eq!(code, 0);
    assert_eq!(action_of(&v, &open).0, "kept");
    assert_eq!(v["older_than_s"], 3650 * 86400);
    let (code, v, err) = reap(&land, dir.path(), &["--older-than", "1d"]);
    assert_eq!(code, 0, "{err}");
    let (a, why) = action_of(&v, &open);
    assert_eq!(a, "destroyed");
    assert!(why.contains("no event"), "{why}");
    assert!(land.railway.live().is_empty());
    assert_eq!(land.events_on("octo/demo", 1), ["sandbox_destroyed"]);
}

/// Serves `comments` (login, author_association, body) as issue `n`'s comments, all dated now.
fn comments(land: &Farmland, n: u64, comments: &[(&str, &str, &str)]) {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let list: Vec<Value> = comments
        .iter()
        .enumerate()
        .map(|(i, (login, assoc, body))| {
            json!({"id": 1000 + i, "html_url": format!("https://github.com/octo/demo/issues/{n}#issuecomment-{}", 1000 + i),
                   "body": body, "user": {"login": login}, "author_association": assoc,
                   "created_at": now, "updated_at": now})
        })
        .collect();
    land.rt.block_on(
        Mock::given(method("GET"))
            .and(path(format!("/repos/octo/demo/issues/{n}/comments")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!(list)))
            .with_priority(1)
            .mount(&land.gh),
    );
}

#[test]
fn older_than_counts_only_markers_from_journal_writers() {
    // Three open issues quiet since their services were made (2026-12-01), each with a tri
    // marker dated now: on issue 1 a stranger's copy, on issue 2 a collaborator's record, on
    // issue 3 a collaborator's reply quoting a marker below its first line. Only a record
    // (its first line the marker, its author a journal writer) is an event: a pasted or
    // quoted marker cannot keep a sandbox alive.
    let land = start();
    let strangers = seed(&land, "octo/demo", 1);
    let members = seed(&land, "octo/demo", 2);
    let quoted = seed(&land, "octo/demo", 3);
    issue(&land, 1, "open");
    issue(&land, 2, "open");
    issue(&land, 3, "open");
    let marker = "<!-- tri:event id=e1 type=step_completed -->\n### 📝 Step 1 completed";
    comments(&land, 1, &[("mallory", "NONE", marker)]);
    comments(&land, 2, &[("alice", "COLLABORATOR", marker)]);
    let reply = format!("The format looks like this:\n\n```\n{marker}\n```");
    comments(&land, 3, &[("alice", "COLLABORATOR", reply.as_str())]);
    let dir = land.checkout();
    let (code, v, err) = reap(&land, dir.path(), &["--older-than", "1d"]);
    assert_eq!(code, 0, "{err}");
    let (a, why) = action_of(&v, &strangers);
    assert_eq!(a, "destroyed", "{why}");
    assert_eq!(action_of(&v, &members).0, "kept");
    let (a, why) = action_of(&v, &quoted);
    assert_eq!(a, "destroyed", "a quoted marker is no event: {why}");
    assert_eq!(land.events_on("octo/demo", 1), ["sandbox_destroyed"]);
    assert!(land.events_on("octo/demo", 2).is_empty());
}

/// Whether reap left every service in `ids` alive, deleted nothing on Railway, and posted
/// nothing on GitHub.
fn nothing_destroyed(land: &Farmland, ids: &[&String]) {
    let live: Vec<String> = land.railway.live().into_iter().map(|s| s.id).collect();
    for id in ids {
        assert!(live.contains(id), "{id} destroyed: {live:?}");
    }
    assert!(!land.railway.ops().iter().any(|o| o == "ServiceDelete"));
    let posted = land
        .rt
        .block_on(land.gh.received_requests())
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() != "GET")
        .count();
    assert_eq!(posted, 0, "nothing sent to GitHub but reads");
}

#[test]
fn a_token_that_cannot_see_the_repository_destroys_nothing_and_exits_4() {
    // GitHub answers 404 for a private repository the token cannot read — for the
    // repository and for each of its issues. Read as "every issue is gone", every open
    // issue's sandbox would be destroyed.
    let land = Farmland::start();
    let a = seed(&land, "octo/demo", 1);
    let b = seed(&land, "octo/demo", 2);
    land.rt.block_on(
        Mock::given(method("GET"))
            .and(path_regex(r"^/repos/octo/demo(/issues/\d+)?$"))
            .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
            .mount(&land.gh),
    );
    let dir = land.checkout();
    let out = land
        .tri(dir.path())
        .env("GH_REPO", "octo/demo")
        .args(["agent", "reap"])
        .assert();
    let (o, e) = out_err(&out);
    assert_eq!(out.get_output().status.code(), Some(4), "{o}\n{e}");
    assert!(e.contains("404") && e.contains("octo/demo"), "{e}");
    nothing_destroyed(&land, &[&a, &b]);
    assert!(!dir.path().join(".trinity").exists(), "nothing written");
}

#[test]
fn a_refused_token_destroys_nothing_and_exits_4() {
    let land = Farmland::start();
    let closed = seed(&land, "octo/demo", 2);
    issue(&land, 2, "closed");
    land.rt.block_on(
        Mock::given(method("GET"))
            .and(path_regex(r"^/repos/"))
            .respond_with(
                ResponseTemplate::new(401).set_body_json(json!({"message": "Bad credentials"})),
            )
            .with_priority(1)
            .mount(&land.gh),
    );
    let dir = land.checkout();
    let out = land
        .tri(dir.path())
        .env("GH_REPO", "octo/demo")
        .args(["agent", "reap", "--json"])
        .assert();
    let (o, e) = out_err(&out);
    assert_eq!(out.get_output().status.code(), Some(4), "{o}\n{e}");
    assert!(
        e.contains("refused") && e.contains("destroyed nothing"),
        "{e}"
    );
    nothing_destroyed(&land, &[&closed]);
}

#[test]
fn older_than_keeps_an_open_issues_sandbox_whose_events_cannot_be_read() {
    // Quiet since the service was made (2026-12-01) as far as Railway knows; the issue's
    // comments, where its latest event would be, answer 500.
    let land = start();
    let open = seed(&land, "octo/demo", 1);
    issue(&land, 1, "open");
    land.rt.block_on(
        Mock::given(method("GET"))
            .and(path("/repos/octo/demo/issues/1/comments"))
            .respond_with(ResponseTemplate::new(500))
            .with_priority(1)
            .mount(&land.gh),
    );
    let dir = land.checkout();
    let out = land
        .tri(dir.path())
        .env("GH_REPO", "octo/demo")
        // Give up on the 5xx at once rather than retrying it for the default budget.
        .env("TRI_PUBLISH_MAX_WAIT_S", "0")
        .args(["agent", "reap", "--json", "--older-than", "1d"])
        .assert();
    let (o, e) = out_err(&out);
    assert_eq!(out.get_output().status.code(), Some(0), "{o}\n{e}");
    let v: Value = serde_json::from_str(&o).unwrap();
    let (a, why) = action_of(&v, &open);
    assert_eq!(a, "kept", "{why}");
    assert!(why.contains("could not be read"), "{why}");
    nothing_destroyed(&land, &[&open]);
}

#[test]
fn a_bare_agent_n_belongs_to_no_repository_unless_it_is_the_configured_farm_repository() {
    // trinity's `agent-7` records no TRI_REPO. octo/demo is not the farm repository (none
    // is set), so its issue 7 is not that service's, whatever the checkout's repository.
    let land = start();
    let bare = land.railway.seed("agent-7", "env-1", json!({}));
    issue(&land, 7, "open");

    // `sandbox create` for octo/demo#7 makes octo/demo's own sandbox; it does not adopt it.
    let c = railway_standin::linked_workspace(7, None);
    let out = land
        .tri(c.path())
        .args(["agent", "sandbox", "create", "--json"])
        .assert();
    let (o, e) = out_err(&out);
    assert!(out.get_output().status.success(), "{o}\n{e}");
    let v: Value = serde_json::from_str(&o).unwrap();
    assert_ne!(v["adopted"], true, "{v}");
    assert_eq!(land.live_for("octo/demo", 7).len(), 1, "its own: {v}");

    // Issue 7 closed: `on-issue-event closed` destroys octo/demo's own, not agent-7.
    land.rt.block_on(
        Mock::given(method("GET"))
            .and(path("/repos/octo/demo/issues/7"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"number": 7, "title": "t", "state": "closed"})),
            )
            .with_priority(1)
            .mount(&land.gh),
    );
    let fresh = land.checkout();
    let out = land.on_event(fresh.path(), &Farmland::payload("octo/demo", 7, "closed"));
    let (o, e) = out_err(&out);
    assert!(out.get_output().status.success(), "{o}\n{e}");
    assert!(land.live_for("octo/demo", 7).is_empty(), "{o}");
    assert!(land.railway.live().iter().any(|s| s.id == bare), "{o}");

    // `reap` skips it, saying why.
    let (code, v, err) = reap(&land, land.checkout().path(), &[]);
    assert_eq!(code, 0, "{err}");
    let (a, why) = action_of(&v, &bare);
    assert_eq!(a, "skipped", "{why}");
    assert!(why.contains("TRI_FARM_REPO"), "{why}");
    assert!(land.railway.live().iter().any(|s| s.id == bare));

    // The farm repository set explicitly owns it: reap destroys it there.
    let dir = land.checkout();
    let out = land
        .tri(dir.path())
        .env("GH_REPO", "octo/demo")
        .env("TRI_FARM_REPO", "octo/demo")
        .args(["agent", "reap", "--json"])
        .assert();
    let (o, e) = out_err(&out);
    assert_eq!(out.get_output().status.code(), Some(0), "{o}\n{e}");
    let v: Value = serde_json::from_str(&o).unwrap();
    assert_eq!(action_of(&v, &bare).0, "destroyed", "{v}");
    assert!(!land.railway.live().iter().any(|s| s.id == bare));
}
