//! What commands print: human lines, or with `--json` one JSON document on stdout and on
//! stderr only warnings and errors, as gh does (scripts that merge the streams with `2>&1`
//! get the document and the problems, not the human view twice). Writers are injected so
//! commands run in tests without a process.

use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// Where a command's output goes.
pub struct Output {
    stdout: Box<dyn Write>,
    stderr: Box<dyn Write>,
    /// `--json` is on.
    pub json: bool,
    /// `--verbose` is on.
    pub verbose: bool,
    /// Colour the human lines (see [`use_colour`]); off for injected writers.
    pub colour: bool,
    /// Colour what goes to stderr (warnings, errors).
    pub colour_err: bool,
    /// stderr is a terminal: progress bars may be drawn there.
    pub stderr_is_terminal: bool,
    /// Literal secret values redacted, with the rule set, from everything written
    /// ([`crate::redact`]): lines, warnings, details and the JSON document.
    pub secrets: Vec<String>,
    /// Under `--json`, keep the human lines on stderr (`tri mcp`'s captured output, whose
    /// text content they are); the command line drops them.
    lines_under_json: bool,
}

/// A style for [`Output::paint`]: what a word means, not how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Headings and key values.
    Bold,
    /// Secondary text (times, paths).
    Dim,
    /// Done, published, succeeded.
    Good,
    /// Queued, waiting, warnings.
    Warn,
    /// Failed, errors.
    Bad,
    /// Links and names.
    Accent,
}

/// Whether to colour output going to a stream: `CLICOLOR_FORCE` (not `0`) forces colour,
/// unless `NO_COLOR` is set (any non-empty value) which always wins; `CLICOLOR=0` or
/// `TERM=dumb` turns it off; otherwise colour only when the stream is a terminal. Pure: the
/// environment is injected (empty values count as unset, as [`crate::env::process_env`]).
pub fn use_colour(is_terminal: bool, env: &crate::env::Env) -> bool {
    let set = |k: &str| env(k).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if set("CLICOLOR").is_some_and(|v| v == "0") || set("TERM").is_some_and(|v| v == "dumb") {
        return false;
    }
    is_terminal
}

/// The one line an error is reported as: `tri: <what failed>; <what to do>`, with any line
/// breaks in the message folded into spaces. `tri:` is red when `colour`. Pure.
pub fn error_line(e: &dyn std::fmt::Display, colour: bool) -> String {
    // An error can quote input (a setting's value, a file's text): redacted like all output.
    let msg = crate::redact::redact(&e.to_string(), &crate::redact::process_secrets());
    let msg = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{} {msg}", paint("tri:", Style::Bad, colour))
}

/// What `--verbose` adds under an error line: the exit code and what the error is made of
/// (the OS error kind for I/O errors). Pure; never holds a token (errors never do).
pub fn error_detail(e: &crate::error::Error) -> String {
    use crate::error::Error;
    let what = match e {
        Error::Usage(_) => "usage error".to_string(),
        Error::NotLinked => "not linked: .trinity/current_issue.json is missing".to_string(),
        Error::Auth(_) => "authentication needed or refused".to_string(),
        Error::Unconfirmed(_) => "a change sent to Railway got no answer".to_string(),
        Error::BreakerOpen(_) => {
            "the crash-loop breaker refused the deploy (nothing recorded, Railway not asked)"
                .to_string()
        }
        Error::Corrupt { path, detail, .. } => {
            format!("unparseable file {}: {detail}", path.display())
        }
        Error::Io {
            action,
            path,
            source,
        } => format!(
            "I/O error: {action} {}: {:?} (os error {})",
            path.display(),
            source.kind(),
            source
                .raw_os_error()
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into())
        ),
        Error::Other(_) => "error".to_string(),
    };
    format!("tri: detail: exit code {}; {what}", e.exit_code())
}

/// `text` in `style` through `colored` when `on`; `text` unchanged otherwise.
pub fn paint(text: &str, style: Style, on: bool) -> String {
    use colored::Colorize;
    if !on {
        return text.to_string();
    }
    match style {
        Style::Bold => text.bold(),
        Style::Dim => text.dimmed(),
        Style::Good => text.green(),
        Style::Warn => text.yellow(),
        Style::Bad => text.red().bold(),
        Style::Accent => text.cyan(),
    }
    .to_string()
}

impl Output {
    /// Output to the given writers.
    pub fn new(
        stdout: Box<dyn Write>,
        stderr: Box<dyn Write>,
        json: bool,
        verbose: bool,
    ) -> Output {
        Output {
            stdout,
            stderr,
            json,
            verbose,
            colour: false,
            colour_err: false,
            stderr_is_terminal: false,
            secrets: Vec::new(),
            lines_under_json: false,
        }
    }

    /// Output into memory, for a caller that runs a command in-process and reads what it
    /// wrote (`tri mcp`): returns the output (no colour, no progress bars) and the
    /// [`Captured`] handle to read its stdout (with `json`: the one JSON document) and
    /// stderr (the human lines and warnings) once the command has run.
    pub fn captured(json: bool, verbose: bool) -> (Output, Captured) {
        let cap = Captured::default();
        let mut out = Output::new(
            Box::new(cap.stdout.clone()),
            Box::new(cap.stderr.clone()),
            json,
            verbose,
        );
        out.lines_under_json = true;
        (out, cap)
    }

    /// Output to the process's stdout and stderr, coloured per [`use_colour`] for the stream
    /// human lines go to (stdout, or stderr under `--json`).
    pub fn stdio(json: bool, verbose: bool) -> Output {
        use std::io::IsTerminal;
        let env = crate::env::process_env;
        let out_tty = std::io::stdout().is_terminal();
        let err_tty = std::io::stderr().is_terminal();
        let mut o = Output::new(
            Box::new(std::io::stdout()),
            Box::new(std::io::stderr()),
            json,
            verbose,
        );
        o.colour_err = use_colour(err_tty, &env);
        o.colour = if json {
            o.colour_err
        } else {
            use_colour(out_tty, &env)
        };
        o.stderr_is_terminal = err_tty;
        // `colored` decides on its own too; make it follow the decision above.
        colored::control::set_override(o.colour || o.colour_err);
        o
    }

    /// `text` styled for the human-line stream (unchanged when colour is off).
    pub fn paint(&self, text: &str, style: Style) -> String {
        paint(text, style, self.colour)
    }

    /// A progress bar on stderr for `len` items: drawn only when stderr is a terminal,
    /// hidden (draws nothing) otherwise. Write other stderr lines through
    /// `bar.suspend(|| ...)` while it is shown.
    pub fn progress(&self, len: u64, what: &str) -> indicatif::ProgressBar {
        if !self.stderr_is_terminal {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(len),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} {msg} [{bar:30}] {pos}/{len} {elapsed}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }

    /// A human line: stdout normally; under `--json` nothing (stdout then holds only the
    /// document, stderr only warnings and errors), except into an [`Output::captured`]
    /// output, whose stderr keeps it.
    pub fn line(&mut self, text: &str) {
        if self.json && !self.lines_under_json {
            return;
        }
        let text = crate::redact::redact(text, &self.secrets);
        let w = if self.json {
            &mut self.stderr
        } else {
            &mut self.stdout
        };
        let _ = writeln!(w, "{text}");
    }

    /// A warning or note, always on stderr.
    pub fn warn(&mut self, text: &str) {
        let text = crate::redact::redact(text, &self.secrets);
        let _ = writeln!(self.stderr, "{text}");
    }

    /// Detail shown only with `--verbose`, on stderr.
    pub fn detail(&mut self, text: &str) {
        if self.verbose {
            let text = crate::redact::redact(text, &self.secrets);
            let _ = writeln!(self.stderr, "{text}");
        }
    }

    /// The JSON result of a command: printed (pretty, one document) only under `--json`.
    pub fn result<T: Serialize>(&mut self, value: &T) {
        if self.json {
            let Ok(mut v) = serde_json::to_value(value) else {
                return;
            };
            redact_strings(&mut v, &self.secrets);
            if let Ok(s) = serde_json::to_string_pretty(&v) {
                let _ = writeln!(self.stdout, "{s}");
            }
        }
    }
}

/// A writer into a shared in-memory buffer (one of [`Captured`]'s two streams).
#[derive(Clone, Default)]
pub struct SharedBuf(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl SharedBuf {
    /// What was written so far, as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        let b = self.0.lock().unwrap_or_else(|p| p.into_inner());
        String::from_utf8_lossy(&b).into_owned()
    }
}

impl Write for SharedBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut b = self.0.lock().unwrap_or_else(|p| p.into_inner());
        b.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What an [`Output::captured`] output wrote: its stdout and stderr, kept in memory.
#[derive(Clone, Default)]
pub struct Captured {
    /// The stdout stream (with `json`: the command's JSON document, or nothing).
    pub stdout: SharedBuf,
    /// The stderr stream (human lines under `json`, warnings, details).
    pub stderr: SharedBuf,
}

/// Redacts every string in `v` (keys are tri's own names and are left alone).
fn redact_strings(v: &mut serde_json::Value, secrets: &[String]) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            if let std::borrow::Cow::Owned(r) = redact_cow(s, secrets) {
                *s = r;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| redact_strings(x, secrets)),
        Value::Object(o) => o.values_mut().for_each(|x| redact_strings(x, secrets)),
        _ => {}
    }
}

fn redact_cow<'a>(s: &'a str, secrets: &[String]) -> std::borrow::Cow<'a, str> {
    let r = crate::redact::redact(s, secrets);
    if r == s {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(r)
    }
}

/// A number for display: integers without a fraction, others with up to 4 decimals. Pure.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `tokens=1200 cost_usd=0.03` (sorted by name), or `none`. Pure.
pub fn format_sums(sums: &BTreeMap<String, f64>) -> String {
    if sums.is_empty() {
        return "none".to_string();
    }
    sums.iter()
        .map(|(k, v)| format!("{k}={}", number(*v)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
                .filter(|v| !v.is_empty())
        }
    }

    #[test]
    fn colour_only_on_a_terminal_by_default() {
        assert!(use_colour(true, &env_of(&[])));
        assert!(!use_colour(false, &env_of(&[])));
    }

    #[test]
    fn no_color_wins_over_everything() {
        assert!(!use_colour(true, &env_of(&[("NO_COLOR", "1")])));
        assert!(!use_colour(
            true,
            &env_of(&[("NO_COLOR", "yes"), ("CLICOLOR_FORCE", "1")])
        ));
        // An empty NO_COLOR is unset (no-color.org).
        assert!(use_colour(true, &env_of(&[("NO_COLOR", "")])));
    }

    #[test]
    fn clicolor_zero_turns_off_and_force_turns_on() {
        assert!(!use_colour(true, &env_of(&[("CLICOLOR", "0")])));
        assert!(use_colour(true, &env_of(&[("CLICOLOR", "1")])));
        assert!(use_colour(false, &env_of(&[("CLICOLOR_FORCE", "1")])));
        assert!(use_colour(
            false,
            &env_of(&[("CLICOLOR_FORCE", "1"), ("CLICOLOR", "0")])
        ));
        assert!(!use_colour(false, &env_of(&[("CLICOLOR_FORCE", "0")])));
        assert!(!use_colour(true, &env_of(&[("TERM", "dumb")])));
    }

    #[test]
    fn error_lines_are_one_line_and_detail_names_the_exit_code() {
        let e = crate::error::Error::Other("cannot do it;\n  try again".into());
        assert_eq!(error_line(&e, false), "tri: cannot do it; try again");
        let io = crate::error::Error::io(
            "read",
            std::path::Path::new("/x"),
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        let d = error_detail(&io);
        assert!(
            d.starts_with("tri: detail: exit code 1; I/O error: read /x: PermissionDenied"),
            "{d}"
        );
        assert!(error_detail(&crate::error::Error::NotLinked).contains("exit code 3"));
    }

    #[test]
    fn paint_off_is_the_identity() {
        assert_eq!(paint("x", Style::Bad, false), "x");
        colored::control::set_override(true);
        assert!(paint("x", Style::Bad, true).contains('\x1b'));
    }

    #[test]
    fn captured_output_keeps_the_json_document_and_the_lines_apart() {
        let (mut out, cap) = Output::captured(true, false);
        out.secrets = vec!["hunter2-secret-value".into()];
        out.line("Recorded step 1");
        out.warn("tri: warning: hunter2-secret-value refused");
        out.result(&serde_json::json!({"ok": true, "note": "hunter2-secret-value"}));
        let doc: serde_json::Value = serde_json::from_str(&cap.stdout.text()).unwrap();
        assert_eq!(doc["ok"], true);
        assert!(
            !cap.stdout.text().contains("hunter2"),
            "the document is redacted"
        );
        let err = cap.stderr.text();
        assert!(err.starts_with("Recorded step 1\n"), "{err}");
        assert!(err.contains("warning") && !err.contains("hunter2"), "{err}");
    }

    #[test]
    fn under_json_stderr_holds_warnings_only() {
        let (err, json) = (SharedBuf::default(), SharedBuf::default());
        let mut out = Output::new(Box::new(json.clone()), Box::new(err.clone()), true, false);
        out.line("Journal of o/r#1: 3 step(s)");
        out.warn("tri: warning: something to know");
        out.result(&serde_json::json!({"ok": true}));
        assert_eq!(err.text(), "tri: warning: something to know\n");
        assert!(json.text().contains("\"ok\": true"), "{}", json.text());
    }

    #[test]
    fn sums_and_numbers() {
        let m = BTreeMap::from([("tokens".to_string(), 2400.0), ("cost_usd".into(), 0.06)]);
        assert_eq!(format_sums(&m), "cost_usd=0.06 tokens=2400");
        assert_eq!(format_sums(&BTreeMap::new()), "none");
        assert_eq!(number(0.1 + 0.2), "0.3");
    }
}
