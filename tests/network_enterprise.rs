//! tri on real networks (issue 7): a GitHub Enterprise stand-in at
//! https://localhost:PORT/api/v3 whose certificate comes from a CA made in the test and is
//! trusted only through SSL_CERT_FILE; a CONNECT proxy (HTTPS_PROXY, NO_PROXY); a refused
//! proxy; an untrusted certificate; servers that never answer; an unknown host. Everything
//! listens on 127.0.0.1.

mod common;
#[path = "common/netfix.rs"]
mod netfix;

use common::Repo;
use netfix::{closed_port, silent_server, tls_front, ConnectProxy, Pki};
use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The GitHub Enterprise stand-in: wiremock behind a TLS front.
struct Ghe {
    mock: MockServer,
    port: u16,
    ca_file: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Ghe {
    async fn start() -> Ghe {
        let mock = MockServer::start().await;
        let pki = Pki::new();
        let front = tls_front(&pki, *mock.address()).await;
        let port = front.port();
        Mock::given(method("POST"))
            .and(path_regex(r"^/api/v3/repos/o/r/issues/7/comments$"))
            .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
                "id": 1,
                "html_url": format!("https://localhost:{port}/o/r/issues/7#issuecomment-1"),
                "body": "x",
            })))
            .mount(&mock)
            .await;
        Mock::given(method("GET"))
            .and(path_regex(r"^/api/v3/repos/o/r/issues/7/comments$"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
            .mount(&mock)
            .await;
        let tmp = tempfile::tempdir().unwrap();
        let ca_file = pki.write_ca(tmp.path());
        Ghe {
            mock,
            port,
            ca_file,
            _tmp: tmp,
        }
    }

    fn api_url(&self) -> String {
        format!("https://localhost:{}/api/v3", self.port)
    }

    async fn paths(&self) -> Vec<String> {
        self.mock
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .map(|r| format!("{} {}", r.method, r.url.path()))
            .collect()
    }
}

/// A linked repo (o/r#7).
fn linked() -> Repo {
    let repo = Repo::plain();
    let out = repo
        .tri()
        .args(["agent", "link", "7", "--repo", "o/r"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    repo
}

/// Runs `tri agent step MESSAGE` in `repo` with a token and `env`, off the async runtime.
async fn step(repo: &Repo, message: &str, env: &[(&str, String)]) -> (Output, Duration) {
    let mut cmd = repo.tri();
    cmd.args(["agent", "step", message])
        .env("GH_TOKEN", "ghp_test");
    for (k, v) in env {
        cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || {
        let t = Instant::now();
        let out = cmd.output().unwrap();
        (out, t.elapsed())
    })
    .await
    .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn assert_queued(repo: &Repo, out: &Output) {
    let t = text(out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("Recorded step"), "{t}");
    assert!(t.contains("Queued:"), "{t}");
    assert_eq!(repo.outbox_entries().len(), 1, "the step stays queued: {t}");
    assert_eq!(repo.experience_files().len(), 1, "{t}");
}

fn one_line_cause(out: &Output) {
    let t = text(out);
    assert!(!t.contains("Service Error"), "{t}");
    assert!(!t.contains("Reqwest Error"), "{t}");
    assert!(!t.contains("error sending request for url"), "{t}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_and_step_publish_to_enterprise_trusted_through_ssl_cert_file() {
    let ghe = Ghe::start().await;
    let repo = linked();
    let (out, _) = step(
        &repo,
        "over https",
        &[
            ("GITHUB_API_URL", ghe.api_url()),
            ("SSL_CERT_FILE", ghe.ca_file.display().to_string()),
            (
                "GITHUB_SERVER_URL",
                format!("https://localhost:{}", ghe.port),
            ),
            ("GITHUB_REPOSITORY", "o/r".to_string()),
            ("GITHUB_RUN_ID", "99".to_string()),
        ],
    )
    .await;
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    let link = format!("https://localhost:{}/o/r/issues/7#issuecomment-1", ghe.port);
    assert!(t.contains(&format!("Published: {link}")), "{t}");
    assert!(repo.outbox_entries().is_empty(), "{t}");
    // Every request went under /api/v3.
    let paths = ghe.paths().await;
    assert!(
        paths.contains(&"POST /api/v3/repos/o/r/issues/7/comments".to_string()),
        "{paths:?}"
    );
    assert!(paths.iter().all(|p| p.contains(" /api/v3/")), "{paths:?}");
    // The comment links to the run on the Enterprise host.
    let reqs = ghe.mock.received_requests().await.unwrap();
    let body = common::json_body(reqs.iter().find(|r| r.method.as_str() == "POST").unwrap());
    let body = body["body"].as_str().unwrap();
    assert!(
        body.contains(&format!(
            "https://localhost:{}/o/r/actions/runs/99",
            ghe.port
        )),
        "{body}"
    );
    // The experience file records the Enterprise link.
    let exp = std::fs::read_to_string(&repo.experience_files()[0]).unwrap();
    assert!(exp.contains(&link), "{exp}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_proxy_sees_the_connect_and_the_comment_arrives() {
    let ghe = Ghe::start().await;
    let proxy = ConnectProxy::start().await;
    let repo = linked();
    let (out, _) = step(
        &repo,
        "through the proxy",
        &[
            ("GITHUB_API_URL", ghe.api_url()),
            ("SSL_CERT_FILE", ghe.ca_file.display().to_string()),
            ("HTTPS_PROXY", proxy.url()),
        ],
    )
    .await;
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("Published: "), "{t}");
    let seen = proxy.seen();
    assert!(
        seen.iter()
            .any(|l| l.starts_with(&format!("CONNECT localhost:{} ", ghe.port))),
        "{seen:?}"
    );
    assert!(ghe
        .paths()
        .await
        .contains(&"POST /api/v3/repos/o/r/issues/7/comments".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lower_case_https_proxy_is_used_too() {
    let ghe = Ghe::start().await;
    let proxy = ConnectProxy::start().await;
    let repo = linked();
    let (out, _) = step(
        &repo,
        "through the proxy",
        &[
            ("GITHUB_API_URL", ghe.api_url()),
            ("SSL_CERT_FILE", ghe.ca_file.display().to_string()),
            ("https_proxy", proxy.addr.to_string()),
        ],
    )
    .await;
    assert!(text(&out).contains("Published: "), "{}", text(&out));
    assert_eq!(proxy.seen().len(), 1, "{:?}", proxy.seen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_proxy_localhost_does_not_pass_the_proxy() {
    let ghe = Ghe::start().await;
    let proxy = ConnectProxy::start().await;
    for no_proxy in [
        "localhost",
        ".localhost",
        "*",
        &format!("localhost:{}", ghe.port),
    ] {
        let repo = linked();
        let (out, _) = step(
            &repo,
            "direct",
            &[
                ("GITHUB_API_URL", ghe.api_url()),
                ("SSL_CERT_FILE", ghe.ca_file.display().to_string()),
                ("HTTPS_PROXY", proxy.url()),
                ("NO_PROXY", no_proxy.to_string()),
            ],
        )
        .await;
        let t = text(&out);
        assert!(t.contains("Published: "), "NO_PROXY={no_proxy}: {t}");
        assert!(
            proxy.seen().is_empty(),
            "NO_PROXY={no_proxy}: {:?}",
            proxy.seen()
        );
    }
    // A NO_PROXY entry for another port does not bypass it.
    let repo = linked();
    let (out, _) = step(
        &repo,
        "proxied",
        &[
            ("GITHUB_API_URL", ghe.api_url()),
            ("SSL_CERT_FILE", ghe.ca_file.display().to_string()),
            ("HTTPS_PROXY", proxy.url()),
            ("no_proxy", "localhost:1".to_string()),
        ],
    )
    .await;
    assert!(text(&out).contains("Published: "), "{}", text(&out));
    assert_eq!(proxy.seen().len(), 1, "{:?}", proxy.seen());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn untrusted_certificate_is_named_and_the_step_is_kept() {
    let ghe = Ghe::start().await;
    let repo = linked();
    // No SSL_CERT_FILE: only the platform store, which does not hold the test CA.
    let (out, _) = step(&repo, "not trusted", &[("GITHUB_API_URL", ghe.api_url())]).await;
    let t = text(&out);
    assert_queued(&repo, &out);
    one_line_cause(&out);
    assert!(
        t.contains(&format!(
            "the certificate of localhost:{} is not trusted",
            ghe.port
        )),
        "{t}"
    );
    assert!(t.contains("SSL_CERT_FILE"), "{t}");
    assert!(ghe.paths().await.is_empty(), "nothing reached the server");
    // Trusting another CA does not help either.
    let other = Pki::new();
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = step(
        &repo,
        "other CA",
        &[
            ("GITHUB_API_URL", ghe.api_url()),
            (
                "SSL_CERT_FILE",
                other.write_ca(dir.path()).display().to_string(),
            ),
        ],
    )
    .await;
    assert!(text(&out).contains("is not trusted"), "{}", text(&out));
    assert_eq!(repo.outbox_entries().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_ssl_cert_file_is_named() {
    let ghe = Ghe::start().await;
    let repo = linked();
    let (out, _) = step(
        &repo,
        "bad file",
        &[
            ("GITHUB_API_URL", ghe.api_url()),
            ("SSL_CERT_FILE", "/nonexistent/tri-ca.pem".to_string()),
        ],
    )
    .await;
    let t = text(&out);
    assert_queued(&repo, &out);
    assert!(t.contains("SSL_CERT_FILE=/nonexistent/tri-ca.pem"), "{t}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_proxy_is_named_and_the_step_is_kept() {
    let ghe = Ghe::start().await;
    let repo = linked();
    let port = closed_port();
    let (out, _) = step(
        &repo,
        "proxy down",
        &[
            ("GITHUB_API_URL", ghe.api_url()),
            ("SSL_CERT_FILE", ghe.ca_file.display().to_string()),
            ("HTTPS_PROXY", format!("http://user:pw@127.0.0.1:{port}")),
        ],
    )
    .await;
    let t = text(&out);
    assert_queued(&repo, &out);
    one_line_cause(&out);
    assert!(
        t.contains(&format!(
            "the proxy http://127.0.0.1:{port} (HTTPS_PROXY) refused the connection"
        )),
        "{t}"
    );
    assert!(!t.contains("pw"), "proxy credentials are not shown: {t}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_host_is_named_and_the_step_is_kept() {
    let repo = linked();
    let (out, _) = step(
        &repo,
        "no dns",
        &[
            ("GITHUB_API_URL", "https://ghe.invalid/api/v3".to_string()),
            ("TRI_HTTP_CONNECT_TIMEOUT_S", "5".to_string()),
        ],
    )
    .await;
    let t = text(&out);
    assert_queued(&repo, &out);
    one_line_cause(&out);
    assert!(t.contains("ghe.invalid"), "{t}");
}

// A step against a server that never answers ends by tri's own time-out: the message names
// the configured time-out ("did not answer within 1 s"), which is what the tests below check;
// how long it took is not asserted (no timed assertions: a busy machine takes longer). A tri
// that hung instead would hang its test, which nextest ends (.config/nextest.toml).

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enterprise_that_never_answers_times_out_and_the_step_is_queued() {
    // TLS is fine, then the HTTP answer never comes.
    let silent = silent_server().await;
    let pki = Pki::new();
    let front = tls_front(&pki, silent).await;
    let tmp = tempfile::tempdir().unwrap();
    let repo = linked();
    let (out, _) = step(
        &repo,
        "hung",
        &[
            (
                "GITHUB_API_URL",
                format!("https://localhost:{}/api/v3", front.port()),
            ),
            (
                "SSL_CERT_FILE",
                pki.write_ca(tmp.path()).display().to_string(),
            ),
            ("TRI_HTTP_TIMEOUT_S", "1".to_string()),
        ],
    )
    .await;
    let t = text(&out);
    assert_queued(&repo, &out);
    one_line_cause(&out);
    assert!(t.contains("did not answer"), "{t}");
    assert!(t.contains("TRI_HTTP_TIMEOUT_S"), "{t}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_that_accepts_and_never_answers_times_out() {
    // Plain http: the request is sent, nothing comes back.
    let silent = silent_server().await;
    let repo = linked();
    let (out, _) = step(
        &repo,
        "hung",
        &[
            ("GITHUB_API_URL", format!("http://{silent}/api/v3")),
            ("TRI_HTTP_TIMEOUT_S", "1".to_string()),
        ],
    )
    .await;
    let t = text(&out);
    assert_queued(&repo, &out);
    assert!(
        t.contains(&format!("{silent} did not answer within 1 s")),
        "{t}"
    );

    // A TLS handshake that never completes is bounded by the connect time-out.
    let (out, _) = step(
        &repo,
        "hung handshake",
        &[
            (
                "GITHUB_API_URL",
                format!("https://localhost:{}/api/v3", silent.port()),
            ),
            ("TRI_HTTP_CONNECT_TIMEOUT_S", "1".to_string()),
            ("TRI_HTTP_TIMEOUT_S", "30".to_string()),
        ],
    )
    .await;
    let t = text(&out);
    assert!(t.contains("did not answer within 1 s"), "{t}");
    assert_eq!(repo.outbox_entries().len(), 2, "{t}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marker_look_up_follows_absolute_link_pages_on_the_enterprise_host() {
    use std::sync::{Arc, Mutex};
    let mock = MockServer::start().await;
    let pki = Pki::new();
    let port = tls_front(&pki, *mock.address()).await.port();
    let posted: Arc<Mutex<Option<String>>> = Arc::default();
    // The first send reaches GitHub but its answer is a 502: tri must look before resending.
    let keep = posted.clone();
    Mock::given(method("POST"))
        .and(path_regex(r"^/api/v3/repos/o/r/issues/7/comments$"))
        .respond_with(move |r: &wiremock::Request| {
            let body = common::json_body(r)["body"].as_str().unwrap().to_string();
            *keep.lock().unwrap() = Some(body);
            ResponseTemplate::new(502)
        })
        .mount(&mock)
        .await;
    let next = format!(
        "<https://localhost:{port}/api/v3/repositories/1/issues/7/comments?page=2&per_page=100>; rel=\"next\""
    );
    Mock::given(method("GET"))
        .and(path_regex(r"^/api/v3/repos/o/r/issues/7/comments$"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next.as_str())
                .set_body_json(serde_json::json!([])),
        )
        .mount(&mock)
        .await;
    let found = posted.clone();
    Mock::given(method("GET"))
        .and(path_regex(r"^/api/v3/repositories/1/issues/7/comments$"))
        .respond_with(move |_: &wiremock::Request| {
            let body = found.lock().unwrap().clone().unwrap_or_default();
            ResponseTemplate::new(200).set_body_json(serde_json::json!([{
                "id": 5,
                "html_url": format!("https://localhost:{port}/o/r/issues/7#issuecomment-5"),
                "body": body,
                // tri's own comment: a collaborator's (only a journal writer's marker counts).
                "user": {"login": "tri-bot"},
                "author_association": "COLLABORATOR",
            }]))
        })
        .mount(&mock)
        .await;
    let tmp = tempfile::tempdir().unwrap();
    let repo = linked();
    let (out, _) = step(
        &repo,
        "paged",
        &[
            ("GITHUB_API_URL", format!("https://localhost:{port}/api/v3")),
            (
                "SSL_CERT_FILE",
                pki.write_ca(tmp.path()).display().to_string(),
            ),
            // A budget, not a timing: it only caps the waits (a busy machine retries slower).
            ("TRI_PUBLISH_MAX_WAIT_S", "60".to_string()),
        ],
    )
    .await;
    let t = text(&out);
    assert!(
        t.contains(&format!(
            "Published: https://localhost:{port}/o/r/issues/7#issuecomment-5"
        )),
        "{t}"
    );
    assert!(t.contains("earlier try"), "{t}");
    let paths: Vec<String> = mock
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(
        paths.iter().filter(|p| p.starts_with("POST")).count(),
        1,
        "no duplicate: {paths:?}"
    );
    assert!(
        paths.contains(&"GET /api/v3/repositories/1/issues/7/comments".to_string()),
        "{paths:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_proxy_carries_plain_http_api_urls() {
    // The recording proxy answers 405 to anything but CONNECT: enough to see what it got.
    let proxy = ConnectProxy::start().await;
    let repo = linked();
    let port = closed_port();
    let (out, _) = step(
        &repo,
        "plain http",
        &[
            ("GITHUB_API_URL", format!("http://localhost:{port}/api/v3")),
            ("HTTP_PROXY", proxy.url()),
            ("HTTPS_PROXY", "http://127.0.0.1:1".to_string()),
        ],
    )
    .await;
    assert_queued(&repo, &out);
    let seen = proxy.seen();
    assert_eq!(
        seen,
        vec![format!(
            "POST http://localhost:{port}/api/v3/repos/o/r/issues/7/comments HTTP/1.1"
        )],
        "{}",
        text(&out)
    );
}
