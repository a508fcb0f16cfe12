//! In-process command tests (`#[cfg(test)]` only): a [`Ctx`] over a temporary workspace
//! with a given environment, output captured, and the clients injected — GitHub pointed at
//! a local stand-in (wiremock), Railway replaced by a fake.

use crate::commands::Ctx;
use crate::output::Output;
use crate::recorder::Clients;
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;

/// A captured output stream.
#[derive(Clone, Default)]
pub struct Buf(Rc<RefCell<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buf {
    /// What was written, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

/// A command's context in `root` with `env` (plus pacing off and a gate of its own),
/// `--json` on, and its stdout and stderr.
pub fn ctx(root: &Path, env: &[(&str, &str)]) -> (Ctx, Buf, Buf) {
    let mut m: HashMap<String, String> = HashMap::new();
    m.insert("TRI_PUBLISH_INTERVAL_MS".into(), "0".into());
    m.insert("TRI_PUBLISH_MAX_WAIT_S".into(), "0".into());
    m.insert("TRI_SANDBOX_POLL_MS".into(), "1".into());
    m.insert(
        "TRI_CONFIG_DIR".into(),
        root.join(".home").to_string_lossy().into_owned(),
    );
    m.insert(
        "TRI_GATE_DIR".into(),
        root.join(".gate").to_string_lossy().into_owned(),
    );
    for (k, v) in env {
        m.insert(k.to_string(), v.to_string());
    }
    let (out, err) = (Buf::default(), Buf::default());
    let ctx = Ctx::new(
        root.to_path_buf(),
        Box::new(move |k| m.get(k).cloned()),
        Output::new(Box::new(out.clone()), Box::new(err.clone()), true, false),
    );
    (ctx, out, err)
}

/// Clients whose GitHub client talks to `base` (a stand-in's URL), whatever the settings'
/// API URL.
pub fn github_at(base: &str) -> Clients {
    let base = base.to_string();
    Clients::with_github(std::sync::Arc::new(move |s| {
        let (token, var) = s.token.clone().expect("a token is set");
        let http = crate::net::client_with(s.timeouts, s.proxies.clone())?;
        crate::github::GitHub::new(&base, &token, var, http)
    }))
}

/// Links the workspace at `root` to `repo#issue`.
pub fn link(root: &Path, repo: &str, issue: u64) {
    let ws = crate::workspace::Workspace::at(root.to_path_buf());
    ws.create().unwrap();
    let l = crate::workspace::link::Link::new(issue, repo.to_string(), crate::event::now_ms());
    crate::workspace::link::write(&ws.link_file(), &l).unwrap();
}

/// A temporary workspace linked to `o/r#42`, and a context in it ([`ctx`]) with `GH_TOKEN`
/// set (plus `env`) whose GitHub client talks to `gh` ([`github_at`]).
pub fn linked(
    gh: &wiremock::MockServer,
    env: &[(&str, &str)],
) -> (tempfile::TempDir, Ctx, Buf, Buf) {
    let t = tempfile::tempdir().unwrap();
    link(t.path(), "o/r", 42);
    let env: Vec<_> = [("GH_TOKEN", "ghp_test")]
        .iter()
        .chain(env)
        .copied()
        .collect();
    let (mut ctx, out, err) = ctx(t.path(), &env);
    ctx.clients = github_at(&gh.uri());
    (t, ctx, out, err)
}

/// A runtime, and on it the GitHub stand-in of [`github`].
pub fn runtime_and_github() -> (tokio::runtime::Runtime, wiremock::MockServer) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let gh = rt.block_on(github());
    (rt, gh)
}

/// A GitHub stand-in that refuses the token: 401 "Bad credentials" to every request.
pub async fn github_refusing() -> wiremock::MockServer {
    use wiremock::{matchers::any, Mock, MockServer, ResponseTemplate};
    let gh = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"message": "Bad credentials"})),
        )
        .mount(&gh)
        .await;
    gh
}

/// A GitHub stand-in that takes comments (201 with an URL) and lists none.
pub async fn github() -> wiremock::MockServer {
    use wiremock::matchers::{method, path_regex};
    use wiremock::{Mock, MockServer, Request, ResponseTemplate};
    let gh = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex(r"^/repos/[^/]+/[^/]+/issues/\d+/comments$"))
        .respond_with(|req: &Request| {
            let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
            ResponseTemplate::new(201).set_body_json(serde_json::json!({
                "id": 7,
                "html_url": "https://github.com/o/r/issues/42#issuecomment-7",
                "body": body["body"],
            }))
        })
        .mount(&gh)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/repos/[^/]+/[^/]+/issues/\d+/comments$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&gh)
        .await;
    gh
}

/// The bodies of the comments `gh` received.
pub fn comment_bodies(rt: &tokio::runtime::Runtime, gh: &wiremock::MockServer) -> Vec<String> {
    rt.block_on(gh.received_requests())
        .unwrap_or_default()
        .iter()
        .filter(|r| r.method.as_str() == "POST" && r.url.path().ends_with("/comments"))
        .map(|r| {
            let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            v["body"].as_str().unwrap_or("").to_string()
        })
        .collect()
}
