//! The physical floor of a published step, for scripts/bench.sh: the least any tool can do
//! to keep a note durably and post it as a comment — one file written and fsync'd with its
//! directory, and one HTTP/1.1 POST over a plain socket (no TLS, no client library, no
//! JSON library, no parsing beyond the status line). tri's step is measured against it.
//!
//! Usage: GH_TOKEN=... GITHUB_API_URL=http://127.0.0.1:PORT REPO=o/r ISSUE=42 \
//!        NOTES_DIR=notes floor "message"
//! Exit 0 when the stand-in answers 201; 1 otherwise. Plain `http://` only.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"))
}

fn main() {
    let msg = std::env::args().nth(1).expect("usage: floor MESSAGE");
    let (api, repo, issue) = (var("GITHUB_API_URL"), var("REPO"), var("ISSUE"));
    let token = var("GH_TOKEN");
    let dir = std::env::var("NOTES_DIR").unwrap_or_else(|_| "notes".into());

    // 1. The note, durable: write, fsync the file, fsync its directory.
    fs::create_dir_all(&dir).expect("notes dir");
    let ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let path = Path::new(&dir).join(format!("{ns}_{issue}.md"));
    let mut f = File::create(&path).expect("create note");
    write!(
        f,
        "---\nissue: {issue}\nrepo: {repo}\ntime: {ns}\n---\n{msg}\n"
    )
    .expect("write");
    f.sync_all().expect("fsync note");
    File::open(&dir)
        .and_then(|d| d.sync_all())
        .expect("fsync dir");

    // 2. The comment: one POST on a fresh connection.
    let hostport = api
        .strip_prefix("http://")
        .expect("GITHUB_API_URL must be http://HOST:PORT")
        .trim_end_matches('/');
    let escaped = msg.replace('\\', "\\\\").replace('"', "\\\"");
    let body = format!("{{\"body\":\"{escaped}\"}}");
    let req = format!(
        "POST /repos/{repo}/issues/{issue}/comments HTTP/1.1\r\nHost: {hostport}\r\n\
         Authorization: Bearer {token}\r\nAccept: application/vnd.github+json\r\n\
         X-GitHub-Api-Version: 2022-11-28\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut s = TcpStream::connect(hostport).expect("connect");
    s.write_all(req.as_bytes()).expect("send");
    let mut head = [0u8; 12];
    s.read_exact(&mut head).expect("answer");
    let mut rest = Vec::new();
    let _ = s.read_to_end(&mut rest);
    std::process::exit(if &head[9..12] == b"201" { 0 } else { 1 });
}
