//! A stand-in's gatekeeper for race tests (issue 24): an HTTP/1.1 proxy on 127.0.0.1 in front
//! of a stand-in that holds every request a predicate picks until the test says go. A race
//! test then makes its overlap by construction (the first process is inside its request
//! while the second runs) instead of hoping a delay is long enough.
//!
//! Each connection has its own threads, so a held request holds only its own connection
//! (wiremock answers on one thread: blocking in a responder would block everything).
//! Requests need a `Content-Length` body or none (what reqwest sends).
//!
//! Include with `#[path = "common/hold.rs"] mod hold;` (or `common::hold`).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long [`Hold::wait_seen`] waits before failing the test: a guard against a hang, not a
/// timing assumption (the event normally comes in milliseconds).
pub const HANG_GUARD: Duration = Duration::from_secs(120);

type Pick = dyn Fn(&str, &[u8]) -> bool + Send + Sync;

#[derive(Default)]
struct State {
    /// Picked requests seen so far.
    seen: usize,
    /// Picked requests with an index below this go on.
    released_upto: usize,
    /// Whether picked requests are held (else they pass and only count).
    holding: bool,
    /// Picked requests handed on to the upstream server.
    forwarded: usize,
    /// When each picked request arrived, in order.
    arrivals: Vec<Instant>,
}

/// A running holding proxy.
pub struct Hold {
    port: u16,
    state: Arc<(Mutex<State>, Condvar)>,
}

impl Hold {
    /// A proxy to `upstream` (`host:port`, e.g. `127.0.0.1:4000`) holding each request for
    /// which `pick(request head, body)` is true, from the start.
    pub fn start(
        upstream: &str,
        pick: impl Fn(&str, &[u8]) -> bool + Send + Sync + 'static,
    ) -> Hold {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new((
            Mutex::new(State {
                holding: true,
                ..State::default()
            }),
            Condvar::new(),
        ));
        let pick: Arc<Pick> = Arc::new(pick);
        let upstream = upstream.to_string();
        let st = state.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (st, pick, upstream) = (st.clone(), pick.clone(), upstream.clone());
                std::thread::spawn(move || {
                    let _ = serve(conn, &upstream, &st, &*pick);
                });
            }
        });
        Hold { port, state }
    }

    /// A proxy to the server at `base` (`http://127.0.0.1:PORT`, any path after it ignored).
    pub fn in_front_of(
        base: &str,
        pick: impl Fn(&str, &[u8]) -> bool + Send + Sync + 'static,
    ) -> Hold {
        let hostport = base
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        Hold::start(&hostport, pick)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// How many picked requests arrived.
    pub fn seen(&self) -> usize {
        self.state.0.lock().unwrap().seen
    }

    /// Waits until `n` picked requests arrived, or `give_up()` is true (checked every 50 ms
    /// of waiting); returns whether they arrived. Panics after [`HANG_GUARD`].
    pub fn wait_seen_or(&self, n: usize, mut give_up: impl FnMut() -> bool) -> bool {
        let (m, cv) = &*self.state;
        let t0 = Instant::now();
        let mut s = m.lock().unwrap();
        loop {
            if s.seen >= n {
                return true;
            }
            if give_up() {
                return false;
            }
            assert!(
                t0.elapsed() < HANG_GUARD,
                "only {} of {n} held requests arrived",
                s.seen
            );
            s = cv.wait_timeout(s, Duration::from_millis(50)).unwrap().0;
        }
    }

    /// Waits until `n` picked requests arrived (panics after [`HANG_GUARD`]).
    pub fn wait_seen(&self, n: usize) {
        self.wait_seen_or(n, || false);
    }

    /// Waits until `n` picked requests were handed on to the upstream server (panics after
    /// [`HANG_GUARD`]).
    pub fn wait_forwarded(&self, n: usize) {
        let (m, cv) = &*self.state;
        let t0 = Instant::now();
        let mut s = m.lock().unwrap();
        while s.forwarded < n {
            assert!(
                t0.elapsed() < HANG_GUARD,
                "only {} of {n} forwarded",
                s.forwarded
            );
            s = cv.wait_timeout(s, Duration::from_millis(50)).unwrap().0;
        }
    }

    /// When each picked request arrived, in order.
    pub fn arrivals(&self) -> Vec<Instant> {
        self.state.0.lock().unwrap().arrivals.clone()
    }

    /// Lets every held request go on, and those to come pass.
    pub fn release(&self) {
        let (m, cv) = &*self.state;
        let mut s = m.lock().unwrap();
        s.released_upto = s.seen;
        s.holding = false;
        cv.notify_all();
    }

    /// Holds picked requests again from now on.
    pub fn hold_again(&self) {
        let (m, _) = &*self.state;
        let mut s = m.lock().unwrap();
        s.released_upto = s.seen;
        s.holding = true;
    }
}

impl Drop for Hold {
    fn drop(&mut self) {
        self.release();
    }
}

/// One client connection: requests forwarded one at a time, answers copied back.
fn serve(
    client: TcpStream,
    upstream: &str,
    st: &(Mutex<State>, Condvar),
    pick: &Pick,
) -> std::io::Result<()> {
    let server = TcpStream::connect(upstream)?;
    let (mut back_from, mut back_to) = (server.try_clone()?, client.try_clone()?);
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut back_from, &mut back_to);
        let _ = back_to.shutdown(std::net::Shutdown::Both);
    });
    let mut to_server = server;
    let mut from_client = BufReader::new(client);
    loop {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if from_client.read_line(&mut line)? == 0 {
                let _ = to_server.shutdown(std::net::Shutdown::Write);
                return Ok(());
            }
            head.push_str(&line);
            if line == "\r\n" || line == "\n" {
                break;
            }
        }
        let len = head
            .lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse::<usize>().ok())?
            })
            .unwrap_or(0);
        let mut body = vec![0; len];
        from_client.read_exact(&mut body)?;
        let picked = pick(&head, &body);
        if picked {
            let (m, cv) = st;
            let mut s = m.lock().unwrap();
            let me = s.seen;
            s.seen += 1;
            s.arrivals.push(Instant::now());
            cv.notify_all();
            while s.holding && me >= s.released_upto {
                s = cv.wait(s).unwrap();
            }
        }
        let sent = to_server
            .write_all(head.as_bytes())
            .and_then(|_| to_server.write_all(&body));
        if picked {
            let (m, cv) = st;
            m.lock().unwrap().forwarded += 1;
            cv.notify_all();
        }
        sent?;
    }
}

/// The GraphQL `operationName` of a request body, or "" (for picking Railway requests).
pub fn gql_op(body: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["operationName"].as_str().map(str::to_string))
        .unwrap_or_default()
}
