//! The server's standard input and output, between the host and rmcp's transport.
//!
//! rmcp's stdio transport drops a line that is not JSON without a word (rust-sdk#938); JSON-RPC
//! 2.0 ("Error object") answers it with a Parse error, -32700, and `id: null`, so the host
//! learns its message was lost. Here a pump reads standard input line by line: a line that
//! is JSON goes on to rmcp unchanged, one that is not is answered; a writer puts rmcp's
//! messages and those answers on standard output, each whole, one per line. It is the only
//! writer of stdout: nothing but protocol messages goes there.

use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::mpsc;

/// The longest line read (rmcp's own limit, `DEFAULT_MAX_LINE_LENGTH`): a longer one is
/// dropped and answered as a parse error, so a host cannot make the server hold unbounded
/// memory.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// What one line of standard input is. Pure.
#[derive(Debug, PartialEq)]
pub enum Line {
    /// Empty or whitespace only: skipped, as rmcp does.
    Blank,
    /// A JSON document: rmcp's to read (and to refuse, when it is not a JSON-RPC message).
    Json,
    /// Not JSON: answered with [`parse_error`]; the reason, for its message.
    NotJson(String),
}

/// Classifies `line` (its `\n` and a `\r` before it removed; a UTF-8 byte order mark is
/// allowed at its start, as rmcp allows it). Pure.
pub fn classify(line: &[u8]) -> Line {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    if line.iter().all(u8::is_ascii_whitespace) {
        return Line::Blank;
    }
    match serde_json::from_slice::<serde::de::IgnoredAny>(line) {
        Ok(_) => Line::Json,
        Err(e) => Line::NotJson(e.to_string()),
    }
}

/// The JSON-RPC answer to a line that is not JSON: code -32700, `id: null`, one line. Pure.
pub fn parse_error(reason: &str) -> String {
    json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": -32700, "message": format!("Parse error: {reason}")},
    })
    .to_string()
}

/// The transport to hand rmcp (what it reads, where it writes) and the pumps between it
/// and standard input and output, spawned on the current runtime. The pumps end when
/// standard input closes (rmcp then reads its end) and when rmcp closes its writer; join
/// the returned writer task to have every message it wrote flushed.
pub fn start() -> ((DuplexStream, DuplexStream), tokio::task::JoinHandle<()>) {
    let (to_rmcp, rmcp_reads) = tokio::io::duplex(64 * 1024);
    let (rmcp_writes, from_rmcp) = tokio::io::duplex(64 * 1024);
    let (answers, answered) = mpsc::unbounded_channel();
    tokio::spawn(pump_in(tokio::io::stdin(), to_rmcp, answers));
    let writer = tokio::spawn(pump_out(from_rmcp, answered, tokio::io::stdout()));
    ((rmcp_reads, rmcp_writes), writer)
}

/// Reads `input` line by line: JSON to `to_rmcp`, an answer for any other line to
/// `answers`. Ends at the end of `input` (closing `to_rmcp`) or when rmcp stops reading.
async fn pump_in(
    input: impl AsyncRead + Unpin,
    mut to_rmcp: impl AsyncWrite + Unpin,
    answers: mpsc::UnboundedSender<String>,
) {
    let mut input = BufReader::new(input);
    let mut line = Vec::new();
    loop {
        line.clear();
        let too_long = match read_line(&mut input, &mut line).await {
            Ok(None) => break,
            Ok(Some(too_long)) => too_long,
            Err(_) => break,
        };
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        let kind = if too_long {
            Line::NotJson(format!("a line longer than {MAX_LINE_BYTES} bytes"))
        } else {
            classify(text)
        };
        match kind {
            Line::Blank => {}
            Line::NotJson(reason) => {
                let _ = answers.send(parse_error(&reason));
            }
            Line::Json => {
                let sent = async {
                    to_rmcp.write_all(text).await?;
                    to_rmcp.write_all(b"\n").await?;
                    to_rmcp.flush().await
                };
                if sent.await.is_err() {
                    break;
                }
            }
        }
    }
    let _ = to_rmcp.shutdown().await;
}

/// Reads one line (with its `\n`, if any) into `buf`, keeping at most [`MAX_LINE_BYTES`]
/// of it: `Some(true)` when it was longer (the rest read and dropped), `None` at the end of
/// input with nothing read.
async fn read_line(
    input: &mut (impl tokio::io::AsyncBufRead + Unpin),
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<bool>> {
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = input.fill_buf().await?;
        if available.is_empty() {
            return Ok(any.then_some(too_long));
        }
        any = true;
        let end = available.iter().position(|b| *b == b'\n');
        let take = end.map_or(available.len(), |i| i + 1);
        if !too_long && buf.len() + take <= MAX_LINE_BYTES {
            buf.extend_from_slice(&available[..take]);
        } else {
            too_long = true;
            buf.clear();
        }
        input.consume(take);
        if end.is_some() {
            return Ok(Some(too_long));
        }
    }
}

/// Writes rmcp's messages (from `from_rmcp`, whole lines) and the parse-error `answers` to
/// `out`, each flushed whole. Ends when rmcp closes its writer.
async fn pump_out(
    from_rmcp: impl AsyncRead + Unpin,
    mut answers: mpsc::UnboundedReceiver<String>,
    mut out: impl AsyncWrite + Unpin,
) {
    let mut from_rmcp = BufReader::new(from_rmcp);
    let mut line = Vec::new();
    let mut answers_open = true;
    loop {
        tokio::select! {
            // Cancel-safe: a part of a line read stays in `line` for the next turn.
            n = from_rmcp.read_until(b'\n', &mut line) => {
                match n {
                    Ok(0) | Err(_) => break,
                    Ok(_) if line.ends_with(b"\n") => {
                        if write_flushed(&mut out, &line).await.is_err() {
                            return;
                        }
                        line.clear();
                    }
                    Ok(_) => {}
                }
            }
            a = answers.recv(), if answers_open => match a {
                Some(a) => {
                    if write_flushed(&mut out, format!("{a}\n").as_bytes()).await.is_err() {
                        return;
                    }
                }
                None => answers_open = false,
            },
        }
    }
    // rmcp is done: what it wrote last without a line end, and answers still queued.
    if !line.is_empty() {
        let _ = write_flushed(&mut out, &line).await;
    }
    while let Ok(a) = answers.try_recv() {
        let _ = write_flushed(&mut out, format!("{a}\n").as_bytes()).await;
    }
}

async fn write_flushed(out: &mut (impl AsyncWrite + Unpin), bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(bytes).await?;
    out.flush().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_json_blank_or_not_json() {
        assert_eq!(
            classify(br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#),
            Line::Json
        );
        assert_eq!(classify(b"\xEF\xBB\xBF{}"), Line::Json);
        assert_eq!(classify(b"[1, 2]"), Line::Json);
        assert_eq!(classify(b"  \t"), Line::Blank);
        assert!(matches!(classify(b"this is not json"), Line::NotJson(_)));
        assert!(matches!(
            classify(br#"{"jsonrpc": "2.0""#),
            Line::NotJson(_)
        ));
        assert!(matches!(classify(b"\xff\xfe{}"), Line::NotJson(_)));
    }

    #[test]
    fn a_parse_error_has_a_null_id() {
        let v: serde_json::Value = serde_json::from_str(&parse_error("expected value")).unwrap();
        assert_eq!(v["jsonrpc"], "2.0");
        assert!(v["id"].is_null() && v.as_object().unwrap().contains_key("id"));
        assert_eq!(v["error"]["code"], -32700);
        assert!(v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Parse error: "));
    }

    #[test]
    fn the_pumps_pass_json_answer_the_rest_and_keep_lines_whole() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let input: &[u8] = b"{\"a\":1}\r\nnot json\n\n{\"b\":2}";
            let (to_rmcp, mut rmcp_reads) = tokio::io::duplex(16);
            let (tx, rx) = mpsc::unbounded_channel();
            let fed = tokio::spawn(pump_in(input, to_rmcp, tx));
            let mut got = String::new();
            tokio::io::AsyncReadExt::read_to_string(&mut rmcp_reads, &mut got)
                .await
                .unwrap();
            fed.await.unwrap();
            assert_eq!(got, "{\"a\":1}\n{\"b\":2}\n");

            let rmcp_said: &[u8] = b"{\"id\":1}\n{\"id\":2}\n";
            let mut out = Vec::new();
            pump_out(rmcp_said, rx, &mut out).await;
            let out = String::from_utf8(out).unwrap();
            let lines: Vec<&str> = out.lines().collect();
            assert_eq!(lines.len(), 3, "{out}");
            assert!(lines.contains(&"{\"id\":1}") && lines.contains(&"{\"id\":2}"));
            assert!(lines.iter().any(|l| l.contains("-32700")), "{out}");
        });
    }
}
