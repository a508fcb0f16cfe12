//! A GitHub stand-in that enforces GitHub's secondary rate limits, scaled down, for the
//! gate tests: content-creating requests must come one at a time and at most
//! `per_window` in any `window`; a request that breaks either rule is answered 403
//! (secondary rate limit, `retry-after`), and after any limit answer the stand-in is
//! blocked for `block`: every request arriving then is counted as inside a block (and
//! answered 403 again). Limit answers can also be scripted for given POSTs. It serves
//! creating and listing issue comments over plain HTTP/1.1 on 127.0.0.1.
#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::io::BufReader;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::faulty_github::{read_req, respond};

/// The limits the stand-in enforces.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// Most POSTs in any window.
    pub per_window: usize,
    /// The window.
    pub window: Duration,
    /// How long a limit answer blocks (also its `retry-after`, whole seconds).
    pub block: Duration,
    /// How long a POST takes to handle.
    pub send: Duration,
}

/// What to do with a given POST instead of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scripted {
    /// Answer 429 with `retry-after: N` (and block for N s).
    Limit(u64),
    /// Write the comment, then answer only after this long (not counted as in flight).
    Slow(Duration),
}

/// What the stand-in saw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    /// Every request.
    pub requests: usize,
    /// POSTs.
    pub posts: usize,
    /// Answers 403/429 for a rate limit (scripted ones included).
    pub limit_answers: usize,
    /// Requests that arrived while a block was in force.
    pub inside_block: usize,
    /// POSTs that arrived while another was being handled.
    pub concurrent: usize,
    /// POSTs over the per-window count.
    pub over_window: usize,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: u64,
    pub issue: u64,
    pub body: String,
}

struct State {
    comments: Vec<Comment>,
    next_id: u64,
    sends: VecDeque<Instant>,
    in_flight: usize,
    blocked_until: Option<Instant>,
    seen: Seen,
    /// Scripted answers by POST number (1-based).
    script: BTreeMap<usize, Scripted>,
}

/// The running stand-in; it stops when dropped.
pub struct LimitedGitHub {
    pub port: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

impl Drop for LimitedGitHub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl LimitedGitHub {
    pub fn start(rules: Rules) -> LimitedGitHub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State {
            comments: Vec::new(),
            next_id: 1,
            sends: VecDeque::new(),
            in_flight: 0,
            blocked_until: None,
            seen: Seen::default(),
            script: BTreeMap::new(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let (st, stp) = (state.clone(), stop.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stp.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let st = st.clone();
                std::thread::spawn(move || handle(conn, &st, rules, port));
            }
        });
        LimitedGitHub { port, state, stop }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Answers POST number `n` (1-based, counting from the start) as `what`.
    pub fn script(&self, n: usize, what: Scripted) {
        self.state.lock().unwrap().script.insert(n, what);
    }

    pub fn seen(&self) -> Seen {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn comments(&self) -> Vec<Comment> {
        self.state.lock().unwrap().comments.clone()
    }
}

fn limit(conn: &mut TcpStream, status: u16, retry_after: u64) {
    respond(
        conn,
        status,
        &[("retry-after", retry_after.to_string())],
        r#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#,
    );
}

fn comment_json(c: &Comment, port: u16) -> String {
    serde_json::json!({
        "id": c.id,
        "html_url": format!("http://127.0.0.1:{port}/issues/{}#issuecomment-{}", c.issue, c.id),
        "body": c.body,
        "user": { "login": "tri-bot" },
        "author_association": "COLLABORATOR",
    })
    .to_string()
}

fn handle(stream: TcpStream, state: &Mutex<State>, rules: Rules, port: u16) -> Option<()> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let req = read_req(&mut reader)?;
    let mut conn = stream;
    let seg: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    let block_s = rules.block.as_secs().max(1);
    let mut st = state.lock().unwrap();
    let now = Instant::now();
    st.seen.requests += 1;
    if st.blocked_until.is_some_and(|u| now < u) {
        st.seen.inside_block += 1;
        st.seen.limit_answers += 1;
        drop(st);
        limit(&mut conn, 403, block_s);
        return Some(());
    }
    match (req.method.as_str(), seg.as_slice()) {
        ("POST", ["repos", _, _, "issues", n, "comments"]) => {
            let issue: u64 = n.parse().ok()?;
            let body: serde_json::Value = serde_json::from_slice(&req.body).ok()?;
            let text = body["body"].as_str()?.to_string();
            st.seen.posts += 1;
            let n = st.seen.posts;
            while st
                .sends
                .front()
                .is_some_and(|t| now.duration_since(*t) >= rules.window)
            {
                st.sends.pop_front();
            }
            let scripted = st.script.get(&n).copied();
            let broke = if st.in_flight > 0 {
                st.seen.concurrent += 1;
                true
            } else if st.sends.len() >= rules.per_window {
                st.seen.over_window += 1;
                true
            } else {
                false
            };
            if broke || matches!(scripted, Some(Scripted::Limit(_))) {
                let secs = match scripted {
                    Some(Scripted::Limit(s)) if !broke => s,
                    _ => block_s,
                };
                st.seen.limit_answers += 1;
                st.blocked_until = Some(now + Duration::from_secs(secs));
                drop(st);
                limit(&mut conn, if broke { 403 } else { 429 }, secs);
                return Some(());
            }
            st.sends.push_back(now);
            let c = Comment {
                id: st.next_id,
                issue,
                body: text,
            };
            st.next_id += 1;
            if let Some(Scripted::Slow(d)) = scripted {
                st.comments.push(c.clone());
                drop(st);
                // Stand-in behaviour: the scripted slow answer.
                std::thread::sleep(d);
                respond(&mut conn, 201, &[], &comment_json(&c, port));
                return Some(());
            }
            st.in_flight += 1;
            drop(st);
            // Stand-in behaviour: a send takes this long, so overlapping POSTs can be seen.
            std::thread::sleep(rules.send);
            let mut st = state.lock().unwrap();
            st.comments.push(c.clone());
            st.in_flight -= 1;
            drop(st);
            respond(&mut conn, 201, &[], &comment_json(&c, port));
        }
        ("GET", ["repos", _, _, "issues", n, "comments"]) => {
            let issue: u64 = n.parse().ok()?;
            let list: Vec<serde_json::Value> = st
                .comments
                .iter()
                .filter(|c| c.issue == issue)
                .map(|c| serde_json::from_str(&comment_json(c, port)).unwrap())
                .collect();
            drop(st);
            respond(
                &mut conn,
                200,
                &[],
                &serde_json::Value::Array(list).to_string(),
            );
        }
        _ => {
            drop(st);
            respond(&mut conn, 404, &[], r#"{"message":"Not Found"}"#);
        }
    }
    Some(())
}
