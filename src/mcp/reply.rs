//! What a tool call answers, from what its command did (pure): the structured content (the
//! command's `--json` document, or an error object), a short text for people, and whether
//! it is an error result (`isError`).
//!
//! Error kinds ([`Kind`]) follow the CLI's exit codes (docs/exit-codes.md, "Exit codes",
//! [`crate::error`]): `usage` (2), `not_linked` (3), `credentials` (4), `timed_out` (5,
//! `wait`), `interrupted` (130), `failed` (1 and anything else). A refused call's structured
//! content is
//! `{"error": {"kind", "message", "exit_code"}}`; a command that finished with a non-zero
//! exit (sync leaving events queued) keeps its document and gains that `error` member.

use crate::error::{
    Error, EXIT_AUTH, EXIT_INTERRUPTED, EXIT_NOT_LINKED, EXIT_TIMED_OUT, EXIT_USAGE,
};
use serde_json::{json, Value};

/// The message of a call refused for want of a link: what the agent should do.
pub const NOT_LINKED: &str = "not linked: call link with the issue number first";

/// Most characters of the text beside the structured content; longer text is cut at a line
/// and says so (the structured content always holds everything).
pub const MAX_TEXT_CHARS: usize = 8000;

/// The answer to one tool call.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The result is an error (`isError: true`).
    pub is_error: bool,
    /// `structuredContent`.
    pub structured: Value,
    /// The text content beside it.
    pub text: String,
}

/// The kind of a refused call (`error.kind`), one per exit code the commands give
/// (docs/exit-codes.md, [`crate::error`]). The server's instructions and docs/mcp.md list
/// every one of [`Kind::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 2: bad arguments, with what is wrong.
    Usage,
    /// 3: nothing is linked.
    NotLinked,
    /// 4: a token is missing or refused.
    Credentials,
    /// 5: `wait` saw no reply within its time-out.
    TimedOut,
    /// 130: the call was cancelled, or the server interrupted (nothing recorded).
    Interrupted,
    /// 1, and any other code.
    Failed,
}

impl Kind {
    /// Every kind, in the order the instructions list them.
    pub const ALL: [Kind; 6] = [
        Kind::Usage,
        Kind::NotLinked,
        Kind::Credentials,
        Kind::TimedOut,
        Kind::Interrupted,
        Kind::Failed,
    ];

    /// The kind of a command's exit code.
    pub fn of(exit_code: i32) -> Kind {
        match exit_code {
            EXIT_USAGE => Kind::Usage,
            EXIT_NOT_LINKED => Kind::NotLinked,
            EXIT_AUTH => Kind::Credentials,
            EXIT_TIMED_OUT => Kind::TimedOut,
            EXIT_INTERRUPTED => Kind::Interrupted,
            _ => Kind::Failed,
        }
    }

    /// Its name in `error.kind`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Usage => "usage",
            Kind::NotLinked => "not_linked",
            Kind::Credentials => "credentials",
            Kind::TimedOut => "timed_out",
            Kind::Interrupted => "interrupted",
            Kind::Failed => "failed",
        }
    }
}

/// The kind of an error by exit code, as `error.kind` names it.
pub fn kind(exit_code: i32) -> &'static str {
    Kind::of(exit_code).name()
}

fn error_object(exit_code: i32, message: &str) -> Value {
    json!({"kind": kind(exit_code), "message": message, "exit_code": exit_code})
}

/// The one-line message of `e` for an agent (redacted with `secrets`, line breaks folded).
pub fn message(e: &Error, secrets: &[String]) -> String {
    match e {
        Error::NotLinked => NOT_LINKED.to_string(),
        e => {
            let m = crate::redact::redact(&e.to_string(), secrets);
            m.split_whitespace().collect::<Vec<_>>().join(" ")
        }
    }
}

/// `text` trimmed, cut to [`MAX_TEXT_CHARS`] at a line boundary.
fn short(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() <= MAX_TEXT_CHARS {
        return t.to_string();
    }
    let mut out = String::new();
    for line in t.lines() {
        if out.chars().count() + line.chars().count() + 1 > MAX_TEXT_CHARS {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("… (cut; the structured content holds everything)");
    out
}

/// The reply to a call of `tool` whose command ended with `outcome`, having written
/// `stdout` (its JSON document under `--json`) and `stderr` (its human lines). `secrets`
/// redact an error's message (the command's own output is redacted already).
pub fn reply(
    tool: &str,
    outcome: &Result<i32, Error>,
    stdout: &str,
    stderr: &str,
    secrets: &[String],
) -> Reply {
    let doc = serde_json::from_str::<Value>(stdout.trim()).ok();
    match outcome {
        Ok(0) => Reply {
            is_error: false,
            structured: doc.unwrap_or_else(|| json!({})),
            text: match short(stderr) {
                t if t.is_empty() => format!("{tool}: done"),
                t => t,
            },
        },
        Ok(code) => {
            let lines = short(stderr);
            let last = lines.lines().last().unwrap_or("").trim();
            let message = if last.is_empty() {
                format!("{tool} failed (exit code {code})")
            } else {
                last.to_string()
            };
            let mut structured = match doc {
                Some(Value::Object(o)) => Value::Object(o),
                Some(other) => json!({"result": other}),
                None => json!({}),
            };
            structured["error"] = error_object(*code, &message);
            Reply {
                is_error: true,
                structured,
                text: if lines.is_empty() {
                    message
                } else {
                    format!("{lines}\n({tool} failed: exit code {code})")
                },
            }
        }
        Err(e) => {
            let message = message(e, secrets);
            Reply {
                is_error: true,
                structured: json!({"error": error_object(e.exit_code(), &message)}),
                text: message,
            }
        }
    }
}

/// The reply to a call the host cancelled before its command began: `interrupted`,
/// nothing run.
pub fn cancelled(tool: &str) -> Reply {
    let message = format!("{tool} cancelled before it began; nothing recorded");
    Reply {
        is_error: true,
        structured: json!({"error": error_object(EXIT_INTERRUPTED, &message)}),
        text: message,
    }
}

/// The reply to a call whose command panicked: a `failed` error result; the server goes on.
pub fn panicked(tool: &str) -> Reply {
    let message = format!("{tool} failed: tri hit an internal error (see the server's stderr)");
    Reply {
        is_error: true,
        structured: json!({"error": error_object(1, &message)}),
        text: message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_done_call_is_the_document_and_the_human_lines() {
        let r = reply(
            "step",
            &Ok(0),
            "{\n  \"event_id\": \"e1\"\n}\n",
            "Recorded step 1\nPublished: u\n",
            &[],
        );
        assert!(!r.is_error);
        assert_eq!(r.structured, json!({"event_id": "e1"}));
        assert_eq!(r.text, "Recorded step 1\nPublished: u");
    }

    #[test]
    fn refusals_carry_kind_message_and_exit_code() {
        let r = reply("step", &Err(Error::NotLinked), "", "", &[]);
        assert!(r.is_error);
        assert_eq!(
            r.structured,
            json!({"error": {"kind": "not_linked", "message": NOT_LINKED, "exit_code": 3}})
        );
        assert_eq!(r.text, NOT_LINKED);
        let r = reply(
            "inbox",
            &Err(Error::Auth("GH_TOKEN ghp_secretvalue1 was\nrefused".into())),
            "",
            "",
            &["ghp_secretvalue1".into()],
        );
        assert_eq!(r.structured["error"]["kind"], "credentials");
        assert_eq!(r.structured["error"]["exit_code"], 4);
        assert!(!r.text.contains("ghp_secretvalue1") && !r.text.contains('\n'));
        let r = reply("step", &Err(Error::Usage("bad".into())), "", "", &[]);
        assert_eq!(r.structured["error"]["kind"], "usage");
        let r = reply("sync", &Err(Error::Other("x".into())), "", "", &[]);
        assert_eq!(r.structured["error"]["kind"], "failed");
    }

    #[test]
    fn every_exit_code_has_a_listed_kind_named_once() {
        for code in -1..=256 {
            assert!(Kind::ALL.contains(&Kind::of(code)), "{code}");
        }
        for k in Kind::ALL {
            assert_eq!(Kind::ALL.iter().filter(|o| o.name() == k.name()).count(), 1);
        }
        assert_eq!(kind(EXIT_TIMED_OUT), "timed_out");
        assert_eq!(kind(EXIT_INTERRUPTED), "interrupted");
        assert_eq!(cancelled("step").structured["error"]["kind"], "interrupted");
    }

    #[test]
    fn the_mcp_page_names_every_kind_in_its_mcp_section() {
        let readme = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/mcp.md"));
        let start = readme
            .find("\n## MCP: ")
            .expect("docs/mcp.md has an MCP section");
        let len = readme[start + 1..]
            .find("\n## ")
            .unwrap_or(readme.len() - start - 1);
        let section = &readme[start..start + 1 + len];
        for k in Kind::ALL {
            assert!(
                section.contains(&format!("`{}`", k.name())),
                "docs/mcp.md's MCP section does not name `{}`",
                k.name()
            );
        }
    }

    #[test]
    fn a_non_zero_exit_keeps_the_document_and_adds_the_error() {
        let r = reply(
            "sync",
            &Ok(1),
            "{\"published\": 0, \"queued\": 2}",
            "2 left queued; GitHub is down\n",
            &[],
        );
        assert!(r.is_error);
        assert_eq!(r.structured["queued"], 2);
        assert_eq!(r.structured["error"]["kind"], "failed");
        assert_eq!(
            r.structured["error"]["message"],
            "2 left queued; GitHub is down"
        );
        assert!(r.text.ends_with("(sync failed: exit code 1)"));
    }

    #[test]
    fn long_text_is_cut_at_a_line() {
        let long = "x".repeat(100) + "\n";
        let r = reply("brief", &Ok(0), "{}", &long.repeat(200), &[]);
        assert!(r.text.chars().count() <= MAX_TEXT_CHARS + 60);
        assert!(r.text.ends_with("holds everything)"));
    }
}
