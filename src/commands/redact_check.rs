//! `tri agent redact-check [MESSAGE] | --file PATH (- = stdin)`: shows what would be
//! published — the text with its secrets replaced by the marker — and how many secrets
//! each rule redacted (stderr; `--json`: rule ids and counts, never a secret). Records
//! nothing, sends nothing, needs no link.

use super::shared::{read_message, Cap, Message};
use super::Ctx;
use crate::error::Result;
use clap::Args;
use serde_json::json;
use std::path::PathBuf;

/// `tri agent redact-check`.
#[derive(Debug, Args)]
pub struct RedactCheckArgs {
    /// The text to check. Or use --file.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub message: Option<String>,

    /// Read the text from a file (`-` for standard input).
    #[arg(long, short, value_name = "PATH")]
    pub file: Option<PathBuf>,
}

/// The text in errors: it is only looked at, so it may be larger than a record.
const TEXT: Message = Message {
    what: "text to check",
    say: "give the text to check",
    cap: Cap::Text,
};

/// Runs `tri agent redact-check`: exit 0 whether or not anything was redacted.
///
/// Errors: [`crate::error::Error::Usage`] when the text cannot be read or is empty.
pub fn run(args: &RedactCheckArgs, ctx: &mut Ctx) -> Result<i32> {
    let text = read_message(&args.message, &args.file, ctx, &TEXT)?;
    let r = crate::redact::redact_counted(&text, &ctx.secrets);
    let total = r.counts.total();
    ctx.out.line(r.text.strip_suffix('\n').unwrap_or(&r.text));
    for c in &r.counts.0 {
        ctx.out.warn(&format!("redacted {} by {}", c.count, c.rule));
    }
    ctx.out.warn(&match total {
        0 => "Nothing to redact.".to_string(),
        1 => "1 redaction.".to_string(),
        n => format!("{n} redactions."),
    });
    ctx.out.result(&json!({
        "redactions": r.counts.0,
        "total": total,
        "text": r.text,
    }));
    Ok(0)
}
