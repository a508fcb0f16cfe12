//! A GitHub stand-in for the way back (issue 22): issue comments (post, list with `since`),
//! the issue, pull requests of a branch, a pull request's reviews and review comments —
//! several people with their `author_association` — over plain HTTP/1.1 on 127.0.0.1.
//!
//! Every list answer carries an `ETag` (a hash of its body); a GET whose `If-None-Match`
//! names the current one is answered 304 with no body. It counts 200s, 304s and conditional
//! GETs, and adds replies when told "after N more list reads" — event-driven, so a test
//! never sleeps to make a reply appear mid-wait.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

/// What a reply is.
#[derive(Debug, Clone)]
pub enum Kind {
    /// An issue (or pull request conversation) comment on issue `n`.
    Comment { issue: u64 },
    /// A review of pull request `pr` with `state`.
    Review { pr: u64, state: String },
    /// A review comment on pull request `pr` at `path`:`line`.
    ReviewComment { pr: u64, path: String, line: u64 },
}

/// A reply by a person (or tri's own comment).
#[derive(Debug, Clone)]
pub struct Item {
    pub id: u64,
    pub kind: Kind,
    pub login: String,
    pub association: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

#[derive(Default)]
struct State {
    items: Vec<Item>,
    next_id: u64,
    /// List GETs served so far.
    list_reads: u64,
    /// Replies to add once `list_reads` reaches the number.
    scheduled: Vec<(u64, Item)>,
    /// Open pull requests by head (`OWNER:BRANCH`).
    pulls: BTreeMap<String, u64>,
    heads_asked: Vec<String>,
    posts: u64,
    ok_200: u64,
    not_modified: u64,
    conditional: u64,
    log: Vec<String>,
    /// `X-Poll-Interval` sent with every list answer, seconds.
    poll_interval_s: Option<u64>,
}

/// Counters of list reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Comments posted.
    pub posts: u64,
    /// List GETs answered 200.
    pub ok_200: u64,
    /// List GETs answered 304.
    pub not_modified: u64,
    /// List GETs that carried `If-None-Match`.
    pub conditional: u64,
}

pub struct ReplyGitHub {
    pub port: u16,
    state: Arc<Mutex<State>>,
    /// Notified after each list read.
    read: Arc<std::sync::Condvar>,
    stop: Arc<AtomicBool>,
}

impl Drop for ReplyGitHub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl ReplyGitHub {
    pub fn start() -> ReplyGitHub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State {
            next_id: 1,
            ..Default::default()
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let read = Arc::new(std::sync::Condvar::new());
        let (st, stp, rd) = (state.clone(), stop.clone(), read.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stp.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (st, rd) = (st.clone(), rd.clone());
                std::thread::spawn(move || {
                    let _ = handle(conn, &st, port, &rd);
                });
            }
        });
        ReplyGitHub {
            port,
            state,
            read,
            stop,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn item(&self, kind: Kind, login: &str, assoc: &str, body: &str, age_s: i64) -> Item {
        let mut st = self.state.lock().unwrap();
        let id = st.next_id;
        st.next_id += 1;
        Item {
            id,
            kind,
            login: login.into(),
            association: assoc.into(),
            body: body.into(),
            at: Utc::now() - chrono::Duration::seconds(age_s),
        }
    }

    /// Adds a reply now, written `age_s` seconds ago.
    pub fn add(&self, kind: Kind, login: &str, assoc: &str, body: &str, age_s: i64) {
        let i = self.item(kind, login, assoc, body, age_s);
        self.state.lock().unwrap().items.push(i);
    }

    /// Adds a reply (written when it appears) once `n` more list reads have been served.
    pub fn add_after_reads(&self, n: u64, kind: Kind, login: &str, assoc: &str, body: &str) {
        let i = self.item(kind, login, assoc, body, 0);
        let mut st = self.state.lock().unwrap();
        let at = st.list_reads + n;
        st.scheduled.push((at, i));
    }

    /// Declares pull request `n` open with head `owner:branch`.
    pub fn set_pull(&self, head: &str, n: u64) {
        self.state.lock().unwrap().pulls.insert(head.into(), n);
    }

    /// Sends `X-Poll-Interval: secs` with every list answer (200 and 304), as GitHub does
    /// for lists it wants polled less often.
    pub fn set_poll_interval(&self, secs: u64) {
        self.state.lock().unwrap().poll_interval_s = Some(secs);
    }

    pub fn heads_asked(&self) -> Vec<String> {
        self.state.lock().unwrap().heads_asked.clone()
    }

    pub fn counts(&self) -> Counts {
        let st = self.state.lock().unwrap();
        Counts {
            posts: st.posts,
            ok_200: st.ok_200,
            not_modified: st.not_modified,
            conditional: st.conditional,
        }
    }

    /// The comments on issue `n`, oldest first.
    pub fn comments(&self, n: u64) -> Vec<Item> {
        self.state
            .lock()
            .unwrap()
            .items
            .iter()
            .filter(|i| matches!(i.kind, Kind::Comment { issue } if issue == n))
            .cloned()
            .collect()
    }

    /// List reads received so far.
    pub fn reads(&self) -> u64 {
        self.state.lock().unwrap().list_reads
    }

    /// Blocks until `n` list reads have been received in all (a client is then waiting on
    /// the answer of the last); panics after 60 s.
    pub fn wait_for_reads(&self, n: u64) {
        let st = self.state.lock().unwrap();
        let (st, t) = self
            .read
            .wait_timeout_while(st, Duration::from_secs(60), |s| s.list_reads < n)
            .unwrap();
        assert!(!t.timed_out(), "only {} list reads came", st.list_reads);
    }

    pub fn log(&self) -> Vec<String> {
        self.state.lock().unwrap().log.clone()
    }
}

struct Req {
    method: String,
    path: String,
    query: BTreeMap<String, String>,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(x) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(x);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn read_req(conn: &mut BufReader<TcpStream>) -> Option<Req> {
    let mut line = String::new();
    conn.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        conn.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    conn.read_exact(&mut body).ok()?;
    let (path, q) = target.split_once('?').unwrap_or((&target, ""));
    let query = q
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), decode(v)))
        .collect();
    Some(Req {
        method,
        path: path.to_string(),
        query,
        headers,
        body,
    })
}

fn respond(conn: &mut TcpStream, status: u16, headers: &[(&str, String)], body: &str) {
    let mut out = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    let _ = conn.write_all(out.as_bytes());
    let _ = conn.flush();
}

fn secs(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn to_json(i: &Item, port: u16) -> Value {
    let user = json!({ "login": i.login });
    match &i.kind {
        Kind::Comment { issue } => json!({
            "id": i.id, "html_url": format!("http://127.0.0.1:{port}/issues/{issue}#issuecomment-{}", i.id),
            "body": i.body, "created_at": secs(i.at), "updated_at": secs(i.at), "user": user,
            "author_association": i.association,
        }),
        Kind::Review { pr, state } => json!({
            "id": i.id, "html_url": format!("http://127.0.0.1:{port}/pull/{pr}#pullrequestreview-{}", i.id),
            "body": i.body, "state": state, "submitted_at": secs(i.at), "user": user,
            "author_association": i.association, "commit_id": "abc",
        }),
        Kind::ReviewComment { pr, path, line } => json!({
            "id": i.id, "html_url": format!("http://127.0.0.1:{port}/pull/{pr}#discussion_r{}", i.id),
            "body": i.body, "path": path, "line": line, "original_line": line,
            "created_at": secs(i.at), "updated_at": secs(i.at), "user": user,
            "author_association": i.association,
        }),
    }
}

/// Serves a list: 304 when `If-None-Match` names its ETag, else 200 with it.
fn serve_list(conn: &mut TcpStream, req: &Req, st: &Mutex<State>, items: Vec<Value>) {
    let body = Value::Array(items).to_string();
    let etag = format!("\"{:016x}\"", fxhash(&body));
    let mut s = st.lock().unwrap();
    let poll = s
        .poll_interval_s
        .map(|p| format!("x-poll-interval: {p}\r\n"))
        .unwrap_or_default();
    let inm = req.headers.get("if-none-match").cloned();
    if inm.is_some() {
        s.conditional += 1;
    }
    if inm.as_deref() == Some(etag.as_str()) {
        s.not_modified += 1;
        drop(s);
        let out = format!("HTTP/1.1 304 Not Modified\r\netag: {etag}\r\n{poll}content-length: 0\r\nconnection: close\r\n\r\n");
        let _ = conn.write_all(out.as_bytes());
        return;
    }
    s.ok_200 += 1;
    let poll_header = s
        .poll_interval_s
        .map(|p| ("x-poll-interval", p.to_string()));
    drop(s);
    let mut headers = vec![("etag", etag)];
    headers.extend(poll_header);
    respond(conn, 200, &headers, &body);
}

fn fxhash(s: &str) -> u64 {
    // FNV-1a: stable across runs.
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

fn since_of(req: &Req) -> Option<DateTime<Utc>> {
    req.query.get("since").and_then(|s| s.parse().ok())
}

fn handle(
    stream: TcpStream,
    st: &Mutex<State>,
    port: u16,
    read: &std::sync::Condvar,
) -> Option<()> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let req = read_req(&mut reader)?;
    let mut conn = stream;
    let seg: Vec<String> = req
        .path
        .trim_matches('/')
        .split('/')
        .map(str::to_string)
        .collect();
    let seg: Vec<&str> = seg.iter().map(String::as_str).collect();
    {
        let mut s = st.lock().unwrap();
        let q: Vec<String> = req.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        s.log
            .push(format!("{} {}?{}", req.method, req.path, q.join("&")));
        let is_list = req.method == "GET"
            && matches!(
                seg.as_slice(),
                ["repos", _, _, "issues", _, "comments"]
                    | ["repos", _, _, "pulls", _, "reviews"]
                    | ["repos", _, _, "pulls", _, "comments"]
            );
        if is_list {
            // Replies due at this read appear before it is answered.
            s.list_reads += 1;
            let n = s.list_reads;
            let due: Vec<Item> = s
                .scheduled
                .iter()
                .filter(|(at, _)| *at <= n)
                .map(|(_, i)| {
                    let mut i = i.clone();
                    i.at = Utc::now();
                    i
                })
                .collect();
            s.scheduled.retain(|(at, _)| *at > n);
            s.items.extend(due);
            read.notify_all();
        }
    }
    match (req.method.as_str(), seg.as_slice()) {
        ("POST", ["repos", _, _, "issues", n, "comments"]) => {
            let issue: u64 = n.parse().ok()?;
            let body: Value = serde_json::from_slice(&req.body).ok()?;
            let mut s = st.lock().unwrap();
            let item = Item {
                id: s.next_id,
                kind: Kind::Comment { issue },
                login: "tri-bot".into(),
                association: "COLLABORATOR".into(),
                body: body["body"].as_str()?.to_string(),
                at: Utc::now(),
            };
            s.next_id += 1;
            s.posts += 1;
            s.items.push(item.clone());
            drop(s);
            respond(&mut conn, 201, &[], &to_json(&item, port).to_string());
        }
        ("GET", ["repos", _, _, "issues", n, "comments"]) => {
            let issue: u64 = n.parse().ok()?;
            let since = since_of(&req);
            let items: Vec<Value> = st
                .lock()
                .unwrap()
                .items
                .iter()
                .filter(|i| matches!(i.kind, Kind::Comment { issue: x } if x == issue))
                .filter(|i| since.is_none_or(|s| secs(i.at) >= secs(s)))
                .map(|i| to_json(i, port))
                .collect();
            serve_list(&mut conn, &req, st, items);
        }
        ("GET", ["repos", _, _, "issues", n]) => {
            let issue: u64 = n.parse().ok()?;
            respond(
                &mut conn,
                200,
                &[],
                &json!({"number": issue, "title": "Pick a database", "user": {"login": "opener"}})
                    .to_string(),
            );
        }
        ("GET", ["repos", _, _, "pulls"]) => {
            let head = req.query.get("head").cloned().unwrap_or_default();
            let mut s = st.lock().unwrap();
            s.heads_asked.push(head.clone());
            let list: Vec<Value> = s
                .pulls
                .get(&head)
                .map(|n| vec![json!({"number": n, "html_url": format!("http://127.0.0.1:{port}/pull/{n}"), "state": "open"})])
                .unwrap_or_default();
            drop(s);
            respond(&mut conn, 200, &[], &Value::Array(list).to_string());
        }
        ("GET", ["repos", _, _, "pulls", n, "reviews"]) => {
            let pr: u64 = n.parse().ok()?;
            let items: Vec<Value> = st
                .lock()
                .unwrap()
                .items
                .iter()
                .filter(|i| matches!(&i.kind, Kind::Review { pr: x, .. } if *x == pr))
                .map(|i| to_json(i, port))
                .collect();
            serve_list(&mut conn, &req, st, items);
        }
        ("GET", ["repos", _, _, "pulls", n, "comments"]) => {
            let pr: u64 = n.parse().ok()?;
            let since = since_of(&req);
            let items: Vec<Value> = st
                .lock()
                .unwrap()
                .items
                .iter()
                .filter(|i| matches!(&i.kind, Kind::ReviewComment { pr: x, .. } if *x == pr))
                .filter(|i| since.is_none_or(|s| secs(i.at) >= secs(s)))
                .map(|i| to_json(i, port))
                .collect();
            serve_list(&mut conn, &req, st, items);
        }
        _ => respond(&mut conn, 404, &[], r#"{"message":"Not Found"}"#),
    }
    Some(())
}
