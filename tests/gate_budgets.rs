//! Through the real binary (issue 24): the gate's per-minute and per-hour send budgets
//! (`TRI_GITHUB_PER_MINUTE`, `TRI_GITHUB_PER_HOUR`) hold back the send past the budget, for
//! every process of the machine; a secondary rate limit that names no time is waited out
//! with a doubling wait; GitHub answers other than 404 (422, 410, 500) end as documented: a
//! refusal is not retried, a server error is, and the step stays queued.

mod common;

use common::faulty_github::FaultyGitHub;
use common::*;
use std::path::Path;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn linked() -> Repo {
    let repo = Repo::with_origin("octo/demo");
    repo.tri().args(["agent", "link", "42"]).assert().success();
    repo
}

/// `tri agent step MESSAGE` with a token, the stand-in, the shared gate and `env`; stdout.
fn step(repo: &Repo, url: &str, gate: &Path, env: &[(&str, &str)], message: &str) -> String {
    let mut c = repo.tri();
    c.env("GH_TOKEN", "ghp_budgetbudgetbudgetbudgetbudget0000")
        .env("GITHUB_API_URL", url)
        .env("TRI_GATE_DIR", gate)
        .envs(env.iter().copied());
    let out = c.args(["agent", "step", message]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The 4th send inside the budget's window is queued, naming the variable, and never sent;
/// a second process (another workspace, the same gate) is held back too.
fn budget_holds_the_fourth(var: &str, window_s: u64) {
    // The window is the gate's clock: a run so slow that the window passed between the first
    // send and the fourth would not test the budget; it runs again instead of passing.
    for _ in 0..3 {
        let gh = FaultyGitHub::start(0.0, 0, 41);
        let gate = tempfile::tempdir().unwrap();
        let (a, b) = (linked(), linked());
        let env = [(var, "3"), ("TRI_PUBLISH_MAX_WAIT_S", "0")];
        let t0 = std::time::Instant::now();
        for i in 0..3 {
            let out = step(&a, &gh.url(), gate.path(), &env, &format!("step {i}"));
            assert!(out.contains("Published: "), "{out}");
        }
        let fourth = step(&a, &gh.url(), gate.path(), &env, "step 3");
        let other = step(&b, &gh.url(), gate.path(), &env, "another process");
        if t0.elapsed().as_secs() >= window_s {
            eprintln!("{var}: the {window_s} s window passed during the run; again");
            continue;
        }
        for out in [&fourth, &other] {
            assert!(
                out.contains("Queued: ") && out.contains(&format!("({var}) are used up until")),
                "{out}"
            );
        }
        assert_eq!(gh.comments().len(), 3, "sent past the budget");
        assert_eq!(a.outbox_entries().len(), 1);
        assert_eq!(b.outbox_entries().len(), 1);
        return;
    }
    panic!("{var}: three runs each took longer than the {window_s} s window");
}

#[test]
fn the_per_minute_budget_queues_the_fourth_send() {
    budget_holds_the_fourth("TRI_GITHUB_PER_MINUTE", 60);
}

#[test]
fn the_per_hour_budget_queues_the_fourth_send() {
    budget_holds_the_fourth("TRI_GITHUB_PER_HOUR", 3600);
}

/// A GitHub that answers every POST with `status` (and lists no comments).
fn answering(rt: &tokio::runtime::Runtime, status: u16) -> MockServer {
    rt.block_on(async {
        let gh = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(serde_json::json!({"message": format!("status {status}")})),
            )
            .mount(&gh)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .mount(&gh)
            .await;
        gh
    })
}

fn posts(rt: &tokio::runtime::Runtime, gh: &MockServer) -> usize {
    rt.block_on(gh.received_requests())
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count()
}

#[test]
fn a_refusal_other_than_404_is_not_retried_and_the_step_stays_queued() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for status in [410u16, 422] {
        let gh = answering(&rt, status);
        let gate = tempfile::tempdir().unwrap();
        let repo = linked();
        let out = step(
            &repo,
            &gh.uri(),
            gate.path(),
            &[("TRI_PUBLISH_MAX_WAIT_S", "5")],
            "refused",
        );
        assert!(out.contains("Queued: "), "{status}: {out}");
        assert!(out.contains(&status.to_string()), "{status}: {out}");
        assert_eq!(posts(&rt, &gh), 1, "{status}: a refusal was sent again");
        assert_eq!(repo.outbox_entries().len(), 1, "{status}");
    }
}

#[test]
fn a_server_error_is_retried_then_the_step_stays_queued() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let gh = answering(&rt, 500);
    let gate = tempfile::tempdir().unwrap();
    let repo = linked();
    let out = step(
        &repo,
        &gh.uri(),
        gate.path(),
        &[("TRI_PUBLISH_MAX_WAIT_S", "5")],
        "server error",
    );
    assert!(out.contains("Queued: "), "{out}");
    assert!(posts(&rt, &gh) >= 2, "a 500 was not retried");
    assert_eq!(repo.outbox_entries().len(), 1);
}

#[test]
fn secondary_limits_without_a_time_are_waited_out_doubling() {
    use common::faulty_github::Fault;
    let gh = FaultyGitHub::start(0.0, 0, 42);
    gh.script(&[
        Fault::SecondaryLimitNoHeader,
        Fault::SecondaryLimitNoHeader,
        Fault::None,
    ]);
    // The gate only counts: each POST's arrival is noted, none is held.
    let gate_proxy =
        common::hold::Hold::in_front_of(&gh.url(), |head, _| head.starts_with("POST "));
    gate_proxy.release();
    let gate = tempfile::tempdir().unwrap();
    let repo = linked();
    const WAIT_S: u64 = 2;
    let out = step(
        &repo,
        &gate_proxy.url(),
        gate.path(),
        &[
            ("TRI_GITHUB_SECONDARY_WAIT_S", "2"),
            ("TRI_PUBLISH_MAX_WAIT_S", "60"),
        ],
        "after two secondary limits",
    );
    assert!(out.contains("Published: "), "{out}");
    let t = gate_proxy.arrivals();
    assert_eq!(
        t.len(),
        3,
        "two refused POSTs, then the one that went through"
    );
    // Lower bounds only: tri must wait at least this long; a busy machine only adds to it.
    let (first, second) = (t[1] - t[0], t[2] - t[1]);
    assert!(
        first >= std::time::Duration::from_secs(WAIT_S),
        "first wait {first:?}"
    );
    assert!(
        second >= std::time::Duration::from_secs(2 * WAIT_S),
        "second wait {second:?}: not doubled"
    );
    assert_eq!(gh.comments().len(), 1);
}
