//! A GitHub stand-in that fails on purpose, for the publishing tests: it serves the issue
//! comment endpoints (create, list with `since` and pages, edit) over plain HTTP/1.1 on
//! 127.0.0.1, and on a share of requests it answers 5xx (with or without writing the
//! comment first), drops the connection after writing, rate limits (429 with
//! `retry-after`, or a secondary-limit 403), or answers too slowly after writing.
//!
//! wiremock cannot drop a connection after acting on a request, hence this small server.
//!
//! It also keeps what the hand-off tests need, across the processes of a test: issues (title
//! and author), issue and repository labels (with scripted failures), and comments written
//! by people (login and `author_association`); see `faulty_github_issues.rs`. It knows
//! several users by their tokens (`add_user`): what a token posts is that user's, with that
//! user's `author_association`, and `GET /user` names them; any other token is `tri-bot`, a
//! COLLABORATOR.
#![allow(dead_code)]

#[path = "faulty_github_issues.rs"]
mod issues;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// A comment the stand-in holds.
#[derive(Debug, Clone)]
pub struct Comment {
    pub id: u64,
    pub issue: u64,
    pub body: String,
    pub updated: SystemTime,
    /// When it was written (GitHub gives it to the second).
    pub created: SystemTime,
    /// Its author's login (`tri-bot` for what tri posts).
    pub login: String,
    /// Its author's `author_association` (`COLLABORATOR` for what tri posts).
    pub association: String,
}

/// What the stand-in did with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fault {
    None,
    ServerError,
    WriteThenServerError,
    WriteThenDrop,
    TooMany,
    SecondaryLimit,
    SecondaryLimitNoHeader,
    WriteThenSlow,
    ListServerError,
    ListDrop,
}

struct State {
    comments: Vec<Comment>,
    next_id: u64,
    rng: fastrand::Rng,
    faults: BTreeMap<Fault, usize>,
    /// Faults for the next POSTs, in order, before the random ones.
    script: std::collections::VecDeque<Fault>,
    /// Issues, labels and the request log (`faulty_github_issues.rs`).
    issues: issues::Issues,
}

/// The running stand-in; it stops when dropped.
pub struct FaultyGitHub {
    pub port: u16,
    state: Arc<Mutex<State>>,
    fault_rate: f64,
    slow_ms: u64,
    stop: Arc<AtomicBool>,
    busy: Arc<AtomicUsize>,
}

impl Drop for FaultyGitHub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl FaultyGitHub {
    /// Starts a stand-in failing `fault_rate` (0..1) of requests; a slow answer takes
    /// `slow_ms`. `seed` makes the fault sequence repeatable.
    pub fn start(fault_rate: f64, slow_ms: u64, seed: u64) -> FaultyGitHub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State {
            comments: Vec::new(),
            next_id: 1,
            rng: fastrand::Rng::with_seed(seed),
            faults: BTreeMap::new(),
            script: Default::default(),
            issues: Default::default(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let busy = Arc::new(AtomicUsize::new(0));
        let gh = FaultyGitHub {
            port,
            state: state.clone(),
            fault_rate,
            slow_ms,
            stop: stop.clone(),
            busy: busy.clone(),
        };
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (state, busy) = (state.clone(), busy.clone());
                busy.fetch_add(1, Ordering::SeqCst);
                std::thread::spawn(move || {
                    let _ = handle(conn, &state, fault_rate, slow_ms, port);
                    busy.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        gh
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every comment held now.
    pub fn comments(&self) -> Vec<Comment> {
        self.state.lock().unwrap().comments.clone()
    }

    /// Answers the next POSTs with `faults`, in order (then the random faults again).
    pub fn script(&self, faults: &[Fault]) {
        self.state
            .lock()
            .unwrap()
            .script
            .extend(faults.iter().copied());
    }

    /// How often each fault was injected.
    pub fn faults(&self) -> BTreeMap<Fault, usize> {
        self.state.lock().unwrap().faults.clone()
    }

    /// Waits until no request is being handled (a killed client's request may still be
    /// on its way to being written).
    pub fn wait_idle(&self) {
        let t0 = std::time::Instant::now();
        while self.busy.load(Ordering::SeqCst) != 0 {
            // A hang guard, not a timing assumption: fails rather than going on half-idle.
            assert!(
                t0.elapsed() < Duration::from_secs(120),
                "the GitHub stand-in never became idle"
            );
            // A poll for a condition (no request being handled) with the deadline above; how
            // long the last request takes changes nothing.
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

pub struct Req {
    /// The token of the `authorization` header (`Bearer X` or `token X`), if any.
    pub token: Option<String>,
    pub method: String,
    pub path: String,
    pub query: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

pub fn read_req(conn: &mut BufReader<TcpStream>) -> Option<Req> {
    let mut line = String::new();
    conn.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut len = 0usize;
    let mut token = None;
    loop {
        let mut h = String::new();
        conn.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().ok()?;
            }
            if k.eq_ignore_ascii_case("authorization") {
                token = v.split_whitespace().nth(1).map(str::to_string);
            }
        }
    }
    let mut body = vec![0; len];
    conn.read_exact(&mut body).ok()?;
    let (path, q) = target.split_once('?').unwrap_or((&target, ""));
    let query = q
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.replace("%3A", ":")))
        .collect();
    Some(Req {
        token,
        method,
        path: path.to_string(),
        query,
        body,
    })
}

pub fn respond(conn: &mut TcpStream, status: u16, headers: &[(&str, String)], body: &str) {
    let mut out = format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    let _ = conn.write_all(out.as_bytes());
    let _ = conn.flush();
}

fn comment_json(c: &Comment, port: u16) -> serde_json::Value {
    let created: chrono::DateTime<chrono::Utc> = c.created.into();
    serde_json::json!({
        "id": c.id,
        "html_url": format!("http://127.0.0.1:{port}/issues/{}#issuecomment-{}", c.issue, c.id),
        "body": c.body,
        "created_at": created.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "user": { "login": c.login },
        "author_association": c.association,
    })
}

fn parse_time(s: &str) -> Option<SystemTime> {
    // YYYY-MM-DDTHH:MM:SSZ
    let dt = chrono::DateTime::parse_from_rfc3339(s).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(dt.timestamp().max(0) as u64))
}

fn handle(
    stream: TcpStream,
    state: &Mutex<State>,
    rate: f64,
    slow_ms: u64,
    port: u16,
) -> Option<()> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let req = read_req(&mut reader)?;
    let mut conn = stream;
    state
        .lock()
        .unwrap()
        .issues
        .log
        .push(format!("{} {}", req.method, req.path));
    let seg: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    if issues::handle(&req, &seg, state, &mut conn, port) {
        return Some(());
    }
    match (req.method.as_str(), seg.as_slice()) {
        ("POST", ["repos", _, _, "issues", n, "comments"]) => {
            let issue: u64 = n.parse().ok()?;
            let body: serde_json::Value = serde_json::from_slice(&req.body).ok()?;
            let text = body["body"].as_str()?.to_string();
            let fault = {
                let mut st = state.lock().unwrap();
                let f = if let Some(f) = st.script.pop_front() {
                    f
                } else if st.rng.f64() < rate {
                    [
                        Fault::ServerError,
                        Fault::WriteThenServerError,
                        Fault::WriteThenDrop,
                        Fault::TooMany,
                        Fault::SecondaryLimit,
                        Fault::SecondaryLimitNoHeader,
                        Fault::WriteThenSlow,
                    ][st.rng.usize(..7)]
                } else {
                    Fault::None
                };
                *st.faults.entry(f).or_default() += 1;
                f
            };
            let (login, association) = state.lock().unwrap().issues.user_of(&req.token);
            let write = |state: &Mutex<State>| {
                let mut st = state.lock().unwrap();
                let c = Comment {
                    id: st.next_id,
                    issue,
                    body: text.clone(),
                    updated: SystemTime::now(),
                    created: SystemTime::now(),
                    login: login.clone(),
                    association: association.clone(),
                };
                st.next_id += 1;
                st.comments.push(c.clone());
                c
            };
            match fault {
                Fault::None => {
                    let c = write(state);
                    respond(&mut conn, 201, &[], &comment_json(&c, port).to_string());
                }
                Fault::ServerError => respond(&mut conn, 500, &[], r#"{"message":"Server Error"}"#),
                Fault::WriteThenServerError => {
                    write(state);
                    respond(&mut conn, 502, &[], r#"{"message":"Bad Gateway"}"#);
                }
                Fault::WriteThenDrop => {
                    write(state);
                    let _ = conn.shutdown(std::net::Shutdown::Both);
                }
                Fault::TooMany => respond(
                    &mut conn,
                    429,
                    &[("retry-after", "1".into())],
                    r#"{"message":"Too Many Requests"}"#,
                ),
                Fault::SecondaryLimit => respond(
                    &mut conn,
                    403,
                    &[("retry-after", "1".into())],
                    r#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#,
                ),
                Fault::SecondaryLimitNoHeader => respond(
                    &mut conn,
                    403,
                    &[],
                    r#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#,
                ),
                Fault::WriteThenSlow => {
                    let c = write(state);
                    // Stand-in behaviour: a GitHub that answers slowly after writing.
                    std::thread::sleep(Duration::from_millis(slow_ms));
                    respond(&mut conn, 201, &[], &comment_json(&c, port).to_string());
                }
                _ => unreachable!(),
            }
        }
        ("GET", ["repos", _, _, "issues", n, "comments"]) => {
            let issue: u64 = n.parse().ok()?;
            let fault = {
                let mut st = state.lock().unwrap();
                let f = if st.rng.f64() < rate / 2.0 {
                    [Fault::ListServerError, Fault::ListDrop][st.rng.usize(..2)]
                } else {
                    Fault::None
                };
                if f != Fault::None {
                    *st.faults.entry(f).or_default() += 1;
                }
                f
            };
            match fault {
                Fault::ListServerError => {
                    respond(&mut conn, 503, &[], "{}");
                    return Some(());
                }
                Fault::ListDrop => {
                    drop(conn);
                    return Some(());
                }
                _ => {}
            }
            let since = req.query.get("since").and_then(|s| parse_time(s));
            let per_page: usize = req
                .query
                .get("per_page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(30);
            let page: usize = req
                .query
                .get("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let all: Vec<Comment> = state
                .lock()
                .unwrap()
                .comments
                .iter()
                .filter(|c| c.issue == issue && since.is_none_or(|s| c.updated >= s))
                .cloned()
                .collect();
            let chunk: Vec<serde_json::Value> = all
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .map(|c| comment_json(c, port))
                .collect();
            let mut headers = Vec::new();
            if page * per_page < all.len() {
                let mut q: Vec<String> = req
                    .query
                    .iter()
                    .filter(|(k, _)| *k != "page")
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                q.push(format!("page={}", page + 1));
                headers.push((
                    "link",
                    format!(
                        "<http://127.0.0.1:{port}{}?{}>; rel=\"next\"",
                        req.path,
                        q.join("&")
                    ),
                ));
            }
            respond(
                &mut conn,
                200,
                &headers,
                &serde_json::Value::Array(chunk).to_string(),
            );
        }
        ("PATCH", ["repos", _, _, "issues", "comments", id]) => {
            let id: u64 = id.parse().ok()?;
            let body: serde_json::Value = serde_json::from_slice(&req.body).ok()?;
            let mut st = state.lock().unwrap();
            let c = st.comments.iter_mut().find(|c| c.id == id)?;
            c.body = body["body"].as_str()?.to_string();
            c.updated = SystemTime::now();
            let j = comment_json(c, port).to_string();
            drop(st);
            respond(&mut conn, 200, &[], &j);
        }
        _ => respond(&mut conn, 404, &[], r#"{"message":"Not Found"}"#),
    }
    Some(())
}
