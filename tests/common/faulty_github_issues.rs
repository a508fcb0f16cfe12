//! The GitHub stand-in's issues, labels and human comments (a part of `faulty_github.rs`):
//! `GET /repos/{o}/{r}/issues/{n}`, `GET`/`PUT .../issues/{n}/labels`, `GET`/`POST
//! /repos/{o}/{r}/labels`, with scripted label failures; `GET /user` and the users known by
//! token; a log of every request.

use super::{respond, Comment, FaultyGitHub, Req, State};
use std::collections::{BTreeMap, VecDeque};
use std::net::TcpStream;
use std::sync::Mutex;
use std::time::SystemTime;

#[derive(Default)]
pub(super) struct Issues {
    /// Title and author by issue number (default: `Issue N` by `opener`).
    issues: BTreeMap<u64, (String, String)>,
    /// Labels by issue number.
    labels: BTreeMap<u64, Vec<String>>,
    /// The repository's labels.
    repo_labels: Vec<String>,
    /// Statuses for the next label requests, in order.
    label_faults: VecDeque<u16>,
    /// `METHOD /path` of every request.
    pub(super) log: Vec<String>,
    /// Users by token: login, `author_association`, and whether `GET /user` answers for
    /// them (Actions' `GITHUB_TOKEN` gets 403).
    users: BTreeMap<String, (String, String, bool)>,
}

impl Issues {
    /// The login and association of what `token` writes (`tri-bot`, COLLABORATOR for a
    /// token the stand-in does not know).
    pub(super) fn user_of(&self, token: &Option<String>) -> (String, String) {
        token
            .as_ref()
            .and_then(|t| self.users.get(t))
            .map(|(l, a, _)| (l.clone(), a.clone()))
            .unwrap_or_else(|| ("tri-bot".into(), "COLLABORATOR".into()))
    }
}

impl FaultyGitHub {
    /// Makes `token` write as `login` with `association`; `GET /user` answers for it unless
    /// `user_readable` is false (then 403, as for Actions' `GITHUB_TOKEN`).
    pub fn add_user(&self, token: &str, login: &str, association: &str, user_readable: bool) {
        self.state.lock().unwrap().issues.users.insert(
            token.into(),
            (login.into(), association.into(), user_readable),
        );
    }

    /// Sets issue `n`'s title and author.
    pub fn set_issue(&self, n: u64, title: &str, author: &str) {
        self.state
            .lock()
            .unwrap()
            .issues
            .issues
            .insert(n, (title.into(), author.into()));
    }

    /// Adds a comment by a person on issue `n`, written now.
    pub fn add_comment(&self, n: u64, login: &str, association: &str, body: &str) -> u64 {
        self.add_comment_at(n, login, association, body, SystemTime::now())
    }

    /// [`FaultyGitHub::add_comment`] written (created and updated) at `at`, a time on the
    /// test's own clock: a test orders comments and steps by construction, not by waiting
    /// for the wall clock to pass a second (GitHub gives comment times to the second).
    pub fn add_comment_at(
        &self,
        n: u64,
        login: &str,
        association: &str,
        body: &str,
        at: SystemTime,
    ) -> u64 {
        let mut st = self.state.lock().unwrap();
        let id = st.next_id;
        st.next_id += 1;
        st.comments.push(Comment {
            id,
            issue: n,
            body: body.into(),
            updated: at,
            created: at,
            login: login.into(),
            association: association.into(),
        });
        id
    }

    /// Issue `n`'s labels.
    pub fn issue_labels(&self, n: u64) -> Vec<String> {
        let st = self.state.lock().unwrap();
        st.issues.labels.get(&n).cloned().unwrap_or_default()
    }

    /// Sets issue `n`'s labels (as a person would).
    pub fn put_issue_labels(&self, n: u64, labels: &[&str]) {
        let mut st = self.state.lock().unwrap();
        for l in labels {
            if !st.issues.repo_labels.iter().any(|r| r == l) {
                st.issues.repo_labels.push(l.to_string());
            }
        }
        st.issues
            .labels
            .insert(n, labels.iter().map(|l| l.to_string()).collect());
    }

    /// The repository's labels.
    pub fn repo_labels(&self) -> Vec<String> {
        self.state.lock().unwrap().issues.repo_labels.clone()
    }

    /// Answers the next label requests (any of the four) with `statuses`, in order.
    pub fn fail_label_requests(&self, statuses: &[u16]) {
        self.state
            .lock()
            .unwrap()
            .issues
            .label_faults
            .extend(statuses.iter().copied());
    }

    /// `METHOD /path` of every request so far.
    pub fn requests(&self) -> Vec<String> {
        self.state.lock().unwrap().issues.log.clone()
    }
}

fn names(v: &[String]) -> String {
    serde_json::Value::Array(v.iter().map(|n| serde_json::json!({ "name": n })).collect())
        .to_string()
}

/// Serves the routes of this file; false for any other request.
pub(super) fn handle(
    req: &Req,
    seg: &[&str],
    state: &Mutex<State>,
    conn: &mut TcpStream,
    port: u16,
) -> bool {
    let is_label = matches!(
        seg,
        ["repos", _, _, "issues", _, "labels"] | ["repos", _, _, "labels"]
    );
    if is_label {
        if let Some(status) = state.lock().unwrap().issues.label_faults.pop_front() {
            let msg = if status == 404 {
                "Not Found"
            } else {
                "Resource not accessible by integration"
            };
            respond(conn, status, &[], &format!(r#"{{"message":"{msg}"}}"#));
            return true;
        }
    }
    let mut st = state.lock().unwrap();
    let is = &mut st.issues;
    match (req.method.as_str(), seg) {
        ("GET", ["user"]) => {
            let known = req.token.as_ref().and_then(|t| is.users.get(t)).cloned();
            drop(st);
            match known {
                Some((_, _, false)) => respond(
                    conn,
                    403,
                    &[],
                    r#"{"message":"Resource not accessible by integration"}"#,
                ),
                Some((login, _, true)) => respond(
                    conn,
                    200,
                    &[],
                    &serde_json::json!({ "login": login }).to_string(),
                ),
                None => respond(conn, 200, &[], r#"{"login":"tri-bot"}"#),
            }
        }
        ("GET", ["repos", o, r, "issues", n]) => {
            let Ok(n) = n.parse::<u64>() else {
                return false;
            };
            let (title, author) = is
                .issues
                .get(&n)
                .cloned()
                .unwrap_or((format!("Issue {n}"), "opener".into()));
            let body = serde_json::json!({
                "number": n, "title": title, "state": "open",
                "user": { "login": author },
                "html_url": format!("http://127.0.0.1:{port}/{o}/{r}/issues/{n}"),
            });
            drop(st);
            respond(conn, 200, &[], &body.to_string());
        }
        ("GET", ["repos", _, _, "issues", n, "labels"]) => {
            let Ok(n) = n.parse::<u64>() else {
                return false;
            };
            let body = names(&is.labels.get(&n).cloned().unwrap_or_default());
            drop(st);
            respond(conn, 200, &[], &body);
        }
        ("PUT", ["repos", _, _, "issues", n, "labels"]) => {
            let Ok(n) = n.parse::<u64>() else {
                return false;
            };
            let v: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            let new: Vec<String> = v["labels"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            for l in &new {
                if !is.repo_labels.contains(l) {
                    is.repo_labels.push(l.clone());
                }
            }
            is.labels.insert(n, new.clone());
            drop(st);
            respond(conn, 200, &[], &names(&new));
        }
        ("GET", ["repos", _, _, "labels"]) => {
            let body = names(&is.repo_labels);
            drop(st);
            respond(conn, 200, &[], &body);
        }
        ("POST", ["repos", _, _, "labels"]) => {
            let v: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            let name = v["name"].as_str().unwrap_or_default().to_string();
            if is.repo_labels.contains(&name) {
                drop(st);
                respond(
                    conn,
                    422,
                    &[],
                    r#"{"message":"Validation Failed","errors":[{"resource":"Label","code":"already_exists","field":"name"}]}"#,
                );
            } else {
                is.repo_labels.push(name.clone());
                drop(st);
                respond(
                    conn,
                    201,
                    &[],
                    &serde_json::json!({ "name": name, "color": v["color"] }).to_string(),
                );
            }
        }
        _ => return false,
    }
    true
}
