//! The Railway client and provider against a local GraphQL stand-in that validates every
//! request against Railway's vendored schema: the requests tri sends (operations,
//! variables, auth headers), a failed deployment, a 429, 5xx handling, and auth errors.

mod railway_standin;

use railway_standin::{validate, RailwayStandIn};
use serde_json::json;
use std::collections::HashMap;
use tri::error::Error;
use tri::sandbox::railway::RailwayProvider;
use tri::sandbox::{CreateRequest, DeployStatus, LogKind, SandboxProvider};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn env(url: &str, extra: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let mut m: HashMap<String, String> = HashMap::new();
    m.insert("TRI_RAILWAY_API_URL".into(), url.into());
    m.insert("TRI_HTTP_TIMEOUT_S".into(), "5".into());
    // The rate-limit gate of these tests, not the user's (each stand-in has its own port,
    // so its own gate).
    m.insert(
        "TRI_GATE_DIR".into(),
        concat!(env!("CARGO_TARGET_TMPDIR"), "/railway-client-gate").into(),
    );
    for (k, v) in extra {
        m.insert(k.to_string(), v.to_string());
    }
    move |k| m.get(k).cloned()
}

const CREDS: [(&str, &str); 3] = [
    ("RAILWAY_API_TOKEN", "tok-1"),
    ("RAILWAY_PROJECT_ID", "proj-1"),
    ("RAILWAY_ENVIRONMENT_ID", "env-1"),
];

fn req(name: &str) -> CreateRequest {
    CreateRequest {
        account_id: 1,
        name: name.into(),
        image: None,
        repo: None,
        branch: None,
        variables: Default::default(),
    }
}

#[test]
fn the_stand_in_rejects_what_railway_would() {
    let ok = json!({"query": "query Q($id: String!) { deployment(id: $id) { id status } }",
        "variables": {"id": "d"}, "operationName": "Q"});
    assert_eq!(validate(&ok), Ok("Q".into()));
    let wrong_field = json!({"query": "query Q($id: String!) { deployment(id: $id) { id stauts } }",
        "variables": {"id": "d"}, "operationName": "Q"});
    assert!(validate(&wrong_field).is_err());
    let missing_var = json!({"query": "query Q($id: String!) { deployment(id: $id) { id } }",
        "variables": {}, "operationName": "Q"});
    assert!(validate(&missing_var).is_err());
    let wrong_type = json!({"query": "mutation M($s: String!, $e: String!) { serviceDelete(id: $s, environmentId: $e) }",
        "variables": {"s": 5, "e": "x"}, "operationName": "M"});
    assert!(validate(&wrong_type).is_err());
}

#[tokio::test]
async fn every_operation_is_valid_and_carries_the_right_variables() {
    let s = RailwayStandIn::start(&["QUEUED", "BUILDING", "DEPLOYING", "SUCCESS"]).await;
    let p = RailwayProvider::from_env(&env(&s.url(), &CREDS)).unwrap();
    assert!(p.has_credentials(1));
    assert!(!p.has_credentials(2));
    let svc = p
        .create(&CreateRequest {
            image: Some("ghcr.io/octo/app:1".into()),
            variables: tri::sandbox::naming::identity_vars("octo/demo", 42),
            ..req("agent-42")
        })
        .await
        .unwrap();
    assert_eq!(svc.name, "agent-42");
    assert!(svc.created_at.is_some());
    let dep = p.deploy(1, &svc.id).await.unwrap();
    let mut seen = Vec::new();
    loop {
        let st = p.status(1, &dep).await.unwrap();
        seen.push(st.clone());
        if st.is_terminal() {
            break;
        }
    }
    assert_eq!(
        seen,
        vec![
            DeployStatus::Queued,
            DeployStatus::Building,
            DeployStatus::Deploying,
            DeployStatus::Success
        ]
    );
    let logs = p.logs(1, &dep, LogKind::Deploy, 100).await.unwrap();
    assert_eq!(logs[0].message, "listening on :8080");
    let build = p.logs(1, &dep, LogKind::Build, 100).await.unwrap();
    assert_eq!(build.len(), 2);
    let listed = p.list_services(1).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, svc.id);
    assert_eq!(listed[0].deployment_id.as_deref(), Some(dep.as_str()));
    let vars = p.service_vars(1, &svc.id).await.unwrap();
    assert_eq!(vars["TRI_REPO"], "octo/demo");
    assert_eq!(vars["TRI_ISSUE"], "42");
    p.destroy(1, &svc.id).await.unwrap();
    assert!(p.list_services(1).await.unwrap().is_empty());

    assert_eq!(s.invalid(), Vec::<String>::new());
    assert_eq!(
        s.ops(),
        [
            "ServiceCreate",
            "ServiceInstanceDeploy",
            "DeploymentStatus",
            "DeploymentStatus",
            "DeploymentStatus",
            "DeploymentStatus",
            "DeploymentLogs",
            "BuildLogs",
            "EnvironmentServices",
            "ServiceVariables",
            "ServiceDelete",
            "EnvironmentServices"
        ]
    );
    let reqs = s.state.requests.lock().unwrap().clone();
    assert_eq!(
        reqs[0]["variables"],
        json!({"name": "agent-42", "projectId": "proj-1", "environmentId": "env-1",
               "source": {"image": "ghcr.io/octo/app:1", "repo": null}, "branch": null,
               "variables": {"TRI_ISSUE": "42", "TRI_REPO": "octo/demo"}})
    );
    assert_eq!(
        reqs[1]["variables"],
        json!({"environmentId": "env-1", "serviceId": svc.id})
    );
    assert_eq!(
        reqs[reqs.len() - 2]["variables"],
        json!({"environmentId": "env-1", "serviceId": svc.id})
    );
    assert_eq!(
        reqs.last().unwrap()["variables"],
        json!({"id": "env-1", "projectId": "proj-1", "after": null})
    );
    assert!(s
        .state
        .auth
        .lock()
        .unwrap()
        .iter()
        .all(|a| a == "Bearer tok-1"));
}

#[tokio::test]
async fn project_tokens_and_farm_account_suffixes() {
    let s = RailwayStandIn::start(&["SUCCESS"]).await;
    let p = RailwayProvider::from_env(&env(
        &s.url(),
        &[
            ("RAILWAY_TOKEN_3", "ptok-3"),
            ("RAILWAY_PROJECT_ID_3", "proj-3"),
            ("RAILWAY_ENVIRONMENT_ID_3", "env-3"),
        ],
    ))
    .unwrap();
    assert!(!p.has_credentials(1));
    assert!(p.has_credentials(3));
    p.create(&CreateRequest {
        account_id: 3,
        ..req("agent-7")
    })
    .await
    .unwrap();
    assert_eq!(s.state.auth.lock().unwrap()[0], "pat:ptok-3");
    assert_eq!(
        s.state.requests.lock().unwrap()[0]["variables"]["projectId"],
        "proj-3"
    );
    // Account 1 has no credentials: an auth error naming the variables.
    let err = p.create(&req("agent-8")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err}");
    assert!(err.to_string().contains("RAILWAY_API_TOKEN"), "{err}");
    assert_eq!(err.exit_code(), 4);
}

#[tokio::test]
async fn a_failed_deployment_is_reported_as_failed() {
    let s = RailwayStandIn::start(&["BUILDING", "FAILED"]).await;
    let p = RailwayProvider::from_env(&env(&s.url(), &CREDS)).unwrap();
    let svc = p.create(&req("agent-1")).await.unwrap();
    let dep = p.deploy(1, &svc.id).await.unwrap();
    assert_eq!(p.status(1, &dep).await.unwrap(), DeployStatus::Building);
    let st = p.status(1, &dep).await.unwrap();
    assert_eq!(st, DeployStatus::Failed);
    assert!(st.is_terminal() && !st.is_success());
    assert!(s.invalid().is_empty());
}

#[tokio::test]
async fn a_429_is_retried_after_its_retry_after() {
    let s = RailwayStandIn::start(&["SUCCESS"]).await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_string("slow down"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s.server)
        .await;
    let p = RailwayProvider::from_env(&env(&s.url(), &CREDS)).unwrap();
    let t0 = std::time::Instant::now();
    let svc = p.create(&req("agent-2")).await.unwrap();
    let waited = t0.elapsed();
    assert_eq!(svc.name, "agent-2");
    // A lower bound only (tri waited at least what Railway asked): a busy machine only adds.
    assert!(
        waited >= std::time::Duration::from_millis(950),
        "{waited:?}"
    );
    let all = s.server.received_requests().await.unwrap();
    assert_eq!(all.len(), 2, "one 429, then the retry");
    assert_eq!(all[0].body, all[1].body);
    assert!(s.invalid().is_empty());
}

#[tokio::test]
async fn a_429_blocks_every_client_of_the_token_on_the_machine() {
    let s = RailwayStandIn::start(&["SUCCESS"]).await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "3600")
                .set_body_string("slow down"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s.server)
        .await;
    let gate = tempfile::tempdir().unwrap();
    let dir = gate.path().to_string_lossy().into_owned();
    let with_gate = |creds: &[(&'static str, &'static str)]| {
        let mut v: Vec<(&str, &str)> = creds.to_vec();
        v.push(("TRI_GATE_DIR", &dir));
        v
    };
    let p = RailwayProvider::from_env(&env(&s.url(), &with_gate(&CREDS))).unwrap();
    let e = p.create(&req("agent-3")).await.unwrap_err().to_string();
    assert!(e.contains("Railway asked to wait until "), "{e}");
    assert_eq!(s.server.received_requests().await.unwrap().len(), 1);
    // Another process (the tri binary) with the same token: refused at once, nothing sent.
    let ws = railway_standin::linked_workspace(42, None);
    let out = railway_standin::std_tri(ws.path())
        .envs(CREDS)
        .env("TRI_RAILWAY_API_URL", s.url())
        .env("TRI_GATE_DIR", &dir)
        .args(["agent", "sandbox", "create"])
        .output()
        .unwrap();
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{e}");
    assert!(e.contains("Railway asked to wait until "), "{e}");
    assert_eq!(s.server.received_requests().await.unwrap().len(), 1);
    // Another token has its own gate.
    let other = [
        ("RAILWAY_API_TOKEN", "tok-other"),
        ("RAILWAY_PROJECT_ID", "proj-1"),
        ("RAILWAY_ENVIRONMENT_ID", "env-1"),
    ];
    let r = RailwayProvider::from_env(&env(&s.url(), &with_gate(&other))).unwrap();
    assert_eq!(r.create(&req("agent-3")).await.unwrap().name, "agent-3");
    assert!(s.invalid().is_empty());
}

#[tokio::test]
async fn server_errors_are_retried_for_queries_but_not_for_creating_a_service() {
    let s = RailwayStandIn::start(&["SUCCESS"]).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s.server)
        .await;
    let p = RailwayProvider::from_env(&env(&s.url(), &CREDS)).unwrap();
    // A query: retried after the 500.
    assert_eq!(p.status(1, "dep-x").await.unwrap(), DeployStatus::Success);
    assert_eq!(s.server.received_requests().await.unwrap().len(), 2);

    let s2 = RailwayStandIn::start(&["SUCCESS"]).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&s2.server)
        .await;
    let p2 = RailwayProvider::from_env(&env(&s2.url(), &CREDS)).unwrap();
    // serviceCreate after a 500 might have been carried out: not re-sent.
    let err = p2.create(&req("agent-3")).await.unwrap_err();
    assert!(err.to_string().contains("HTTP 500"), "{err}");
    assert!(matches!(err, tri::error::Error::Unconfirmed(_)), "{err:?}");
    assert_eq!(s2.server.received_requests().await.unwrap().len(), 1);

    // No answer at all (a time-out): the same, distinct error; a query is not one.
    let s3 = RailwayStandIn::start(&["SUCCESS"]).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(3)))
        .with_priority(1)
        .mount(&s3.server)
        .await;
    let mut e = CREDS.to_vec();
    e.push(("TRI_HTTP_TIMEOUT_S", "1"));
    let p3 = RailwayProvider::from_env(&env(&s3.url(), &e)).unwrap();
    let err = p3.create(&req("agent-4")).await.unwrap_err();
    assert!(matches!(err, tri::error::Error::Unconfirmed(_)), "{err:?}");
    assert!(err.to_string().contains("may have carried it out"), "{err}");
    assert_eq!(s3.server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn http_401_and_403_are_auth_errors_naming_the_variable() {
    for (status, account, var) in [
        (401, 1u32, "RAILWAY_API_TOKEN"),
        (403, 2, "RAILWAY_API_TOKEN_2"),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        let url = format!("{}/graphql/v2", server.uri());
        let sfx = if account == 1 {
            String::new()
        } else {
            format!("_{account}")
        };
        let (t, pr, en) = (
            format!("RAILWAY_API_TOKEN{sfx}"),
            format!("RAILWAY_PROJECT_ID{sfx}"),
            format!("RAILWAY_ENVIRONMENT_ID{sfx}"),
        );
        let p = RailwayProvider::from_env(&env(
            &url,
            &[(t.as_str(), "bad"), (pr.as_str(), "p"), (en.as_str(), "e")],
        ))
        .unwrap();
        let err = p.status(account, "dep").await.unwrap_err();
        assert!(matches!(err, Error::Auth(_)), "{err}");
        let msg = err.to_string();
        assert!(msg.contains(var), "{msg}");
        assert!(!msg.contains("bad"), "never the token: {msg}");
        assert_eq!(err.exit_code(), 4);
        // Not retried.
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn graphql_not_authorized_is_an_auth_error() {
    let s = RailwayStandIn::start(&["SUCCESS"]).await;
    *s.state.refuse_token.lock().unwrap() = Some("tok-1".into());
    let p = RailwayProvider::from_env(&env(&s.url(), &CREDS)).unwrap();
    let err = p.deploy(1, "svc").await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err}");
    assert!(err.to_string().contains("RAILWAY_API_TOKEN"), "{err}");
}
