//! GitHub's deployments as GitHub keeps them, mounted on a GitHub stand-in (wiremock) for
//! the sandbox tests (GitHub REST, "Deployments" and "Deployment statuses"):
//! - `POST /repos/{repo}/deployments` makes one (ids 1, 2, …; its `environment`, `ref`,
//!   `transient_environment` and `payload` kept) and answers 201 with its id;
//! - `GET /repos/{repo}/deployments?environment=E&per_page=N` lists the environment's,
//!   newest first, with their payloads;
//! - `POST /repos/{repo}/deployments/{id}/statuses` appends a status (404 for an unknown
//!   id); `auto_inactive` (default true) on a `success` adds `inactive` to the environment's
//!   earlier deployments whose latest status is `success` — only non-transient ones, as
//!   GitHub documents.
//!
//! A fault point: [`GithubDeployments::hold`] makes the next request of one kind be carried
//! out and its answer held until [`GithubDeployments::release`], so a test can kill `tri`
//! after GitHub acted and before tri learnt it. wiremock answers on one thread per server:
//! holding blocks this stand-in only, which is what a process waiting on that answer sees.
//!
//! Include with `#[path = "common/github_deployments.rs"] mod github_deployments;`.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A deployment the stand-in holds.
#[derive(Debug, Clone)]
pub struct Deployment {
    /// Its id.
    pub id: u64,
    /// Its environment.
    pub environment: String,
    /// Its `ref`.
    pub git_ref: String,
    /// Whether it was made with `transient_environment: true`.
    pub transient: bool,
    /// Its `payload`.
    pub payload: Value,
    /// Its statuses' request bodies, oldest first.
    pub statuses: Vec<Value>,
}

impl Deployment {
    /// The state of its latest status, if it has one.
    pub fn latest_state(&self) -> Option<String> {
        self.statuses
            .last()
            .and_then(|s| s["state"].as_str())
            .map(str::to_string)
    }
}

/// Which request a fault point holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// `POST …/deployments`.
    Create,
    /// `POST …/deployments/{id}/statuses`.
    Status,
}

#[derive(Default)]
struct State {
    made: Vec<Deployment>,
    /// The fault point armed, and how many requests it held.
    hold: Option<Held>,
    held: usize,
    released: bool,
}

/// The deployments of one repository on a GitHub stand-in.
#[derive(Clone, Default)]
pub struct GithubDeployments {
    state: Arc<(Mutex<State>, Condvar)>,
}

impl GithubDeployments {
    /// Mounts the deployment endpoints of `repo` (`OWNER/NAME`) on `gh`.
    pub async fn mount(gh: &MockServer, repo: &str) -> GithubDeployments {
        let me = GithubDeployments::default();
        let base = format!("/repos/{repo}/deployments");
        let s = me.clone();
        Mock::given(method("POST"))
            .and(path(base.clone()))
            .respond_with(move |req: &Request| s.create(req))
            .mount(gh)
            .await;
        let s = me.clone();
        Mock::given(method("GET"))
            .and(path(base.clone()))
            .respond_with(move |req: &Request| s.list(req))
            .mount(gh)
            .await;
        let s = me.clone();
        Mock::given(method("POST"))
            .and(path_regex(format!(r"^{base}/\d+/statuses$")))
            .respond_with(move |req: &Request| s.status(req))
            .mount(gh)
            .await;
        me
    }

    /// Every deployment made, oldest first.
    pub fn all(&self) -> Vec<Deployment> {
        self.state.0.lock().unwrap().made.clone()
    }

    /// Arms the fault point: the next request of kind `what` is carried out and its answer
    /// held until [`Self::release`] (at most 120 s).
    pub fn hold(&self, what: Held) {
        let mut s = self.state.0.lock().unwrap();
        s.hold = Some(what);
        s.released = false;
    }

    /// How many requests the fault point held.
    pub fn held(&self) -> usize {
        self.state.0.lock().unwrap().held
    }

    /// Lets a held answer go (to a killed process: nowhere).
    pub fn release(&self) {
        let (m, cv) = &*self.state;
        m.lock().unwrap().released = true;
        cv.notify_all();
    }

    /// Holds the answer when the fault point is armed for `what` (once).
    fn maybe_hold(&self, what: Held) {
        let (m, cv) = &*self.state;
        let mut s = m.lock().unwrap();
        if s.hold != Some(what) {
            return;
        }
        s.hold = None;
        s.held += 1;
        let _ = cv
            .wait_timeout_while(s, Duration::from_secs(120), |s| !s.released)
            .unwrap();
    }

    fn create(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap();
        let id = {
            let mut s = self.state.0.lock().unwrap();
            let id = s.made.len() as u64 + 1;
            s.made.push(Deployment {
                id,
                environment: body["environment"].as_str().unwrap_or("").to_string(),
                git_ref: body["ref"].as_str().unwrap_or("").to_string(),
                transient: body["transient_environment"] == true,
                payload: body.get("payload").cloned().unwrap_or(json!({})),
                statuses: Vec::new(),
            });
            id
        };
        self.maybe_hold(Held::Create);
        ResponseTemplate::new(201).set_body_json(json!({"id": id}))
    }

    fn list(&self, req: &Request) -> ResponseTemplate {
        let q = |k: &str| {
            req.url
                .query_pairs()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.into_owned())
        };
        let env = q("environment");
        let per_page: usize = q("per_page").and_then(|n| n.parse().ok()).unwrap_or(30);
        let s = self.state.0.lock().unwrap();
        let list: Vec<Value> = s
            .made
            .iter()
            .rev()
            .filter(|d| env.as_deref().is_none_or(|e| e == d.environment))
            .take(per_page)
            .map(|d| {
                json!({"id": d.id, "environment": d.environment, "ref": d.git_ref,
                       "payload": d.payload})
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(list)
    }

    fn status(&self, req: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&req.body).unwrap();
        let id: u64 = req
            .url
            .path()
            .trim_end_matches("/statuses")
            .rsplit('/')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap();
        {
            let mut s = self.state.0.lock().unwrap();
            let Some(i) = s.made.iter().position(|d| d.id == id) else {
                return ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"}));
            };
            let success = body["state"] == "success";
            let auto_inactive = body.get("auto_inactive") != Some(&json!(false));
            let env = s.made[i].environment.clone();
            s.made[i].statuses.push(body);
            if success && auto_inactive {
                for d in s.made[..i].iter_mut().filter(|d| {
                    d.environment == env
                        && !d.transient
                        && d.latest_state().as_deref() == Some("success")
                }) {
                    d.statuses
                        .push(json!({"state": "inactive", "description": "auto_inactive"}));
                }
            }
        }
        self.maybe_hold(Held::Status);
        ResponseTemplate::new(201).set_body_json(json!({"id": id * 1000}))
    }
}
