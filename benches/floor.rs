//! The physical floor of a published step, for scripts/bench.sh: the least any tool can do
//! to keep a note durably and post it as a comment — one file written and fsync'd with its
//! directory, and one HTTP/1.1 POST over a plain socket (no TLS, no client library, no
//! JSON library, no parsing beyond the status line). tri's step is measured against it.
//!
//! Usage: GH_TOKEN=... GITHUB_API_URL=http://127.0.0.1:PORT REPO=o/r ISSUE=42 \
//!        NOTES_DIR=notes floor "message"
//! Exit 0 when the stand-in answers 201; 1 otherwise. Plain `http://` only.
//!
//! Kept-alive mode, the floor of a step in a long-lived process (`tri mcp`, for
//! scripts/bench-mcp.sh): `FLOOR_KEEPALIVE=N floor "message"` opens one connection, then
//! does N times (one note written and fsync'd with its directory, one POST on that
//! connection, its whole answer read), and prints the wall time of each, in microseconds,
//! one per line on stdout.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

/// Writes one note under `dir` and fsyncs it and its directory.
fn note(dir: &str, repo: &str, issue: &str, msg: &str) {
    let ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let path = Path::new(dir).join(format!("{ns}_{issue}.md"));
    let mut f = File::create(&path).expect("create note");
    write!(
        f,
        "---\nissue: {issue}\nrepo: {repo}\ntime: {ns}\n---\n{msg}\n"
    )
    .expect("write");
    f.sync_all().expect("fsync note");
    File::open(dir)
        .and_then(|d| d.sync_all())
        .expect("fsync dir");
}

/// The POST of `msg` as a comment, as bytes (`keep_alive`: no `Connection: close`).
fn request(
    hostport: &str,
    repo: &str,
    issue: &str,
    token: &str,
    msg: &str,
    keep_alive: bool,
) -> String {
    let escaped = msg.replace('\\', "\\\\").replace('"', "\\\"");
    let body = format!("{{\"body\":\"{escaped}\"}}");
    let conn = if keep_alive { "keep-alive" } else { "close" };
    format!(
        "POST /repos/{repo}/issues/{issue}/comments HTTP/1.1\r\nHost: {hostport}\r\n\
         Authorization: Bearer {token}\r\nAccept: application/vnd.github+json\r\n\
         X-GitHub-Api-Version: 2022-11-28\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: {conn}\r\n\r\n{body}",
        body.len()
    )
}

/// Reads one whole answer (head, then `Content-Length` bytes of body) from a kept-alive
/// connection; true when it is a 201.
fn read_answer(s: &mut TcpStream) -> bool {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut b).expect("answer");
        head.push(b[0]);
    }
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let len: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().expect("content-length"))
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).expect("body");
    head.len() > 12 && &head[9..12] == b"201"
}

fn main() {
    let msg = std::env::args().nth(1).expect("usage: floor MESSAGE");
    let (api, repo, issue) = (var("GITHUB_API_URL"), var("REPO"), var("ISSUE"));
    let token = var("GH_TOKEN");
    let dir = std::env::var("NOTES_DIR").unwrap_or_else(|_| "notes".into());
    fs::create_dir_all(&dir).expect("notes dir");
    let hostport = api
        .strip_prefix("http://")
        .expect("GITHUB_API_URL must be http://HOST:PORT")
        .trim_end_matches('/')
        .to_string();

    if let Ok(n) = std::env::var("FLOOR_KEEPALIVE") {
        let n: usize = n.parse().expect("FLOOR_KEEPALIVE is a count");
        let mut s = TcpStream::connect(&hostport).expect("connect");
        s.set_nodelay(true).expect("nodelay");
        let mut ok = true;
        for i in 0..n {
            let t = std::time::Instant::now();
            note(&dir, &repo, &issue, &msg);
            let m = format!("{msg} {i}");
            s.write_all(request(&hostport, &repo, &issue, &token, &m, true).as_bytes())
                .expect("send");
            ok &= read_answer(&mut s);
            println!("{}", t.elapsed().as_micros());
        }
        std::process::exit(if ok { 0 } else { 1 });
    }

    // 1. The note, durable: write, fsync the file, fsync its directory.
    note(&dir, &repo, &issue, &msg);

    // 2. The comment: one POST on a fresh connection.
    let req = request(&hostport, &repo, &issue, &token, &msg, false);
    let mut s = TcpStream::connect(&hostport).expect("connect");
    s.write_all(req.as_bytes()).expect("send");
    let mut head = [0u8; 12];
    s.read_exact(&mut head).expect("answer");
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    std::process::exit(if &head[9..12] == b"201" { 0 } else { 1 });
}
