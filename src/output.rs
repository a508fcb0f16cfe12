//! What commands print: human lines, or with `--json` one JSON document on stdout and the
//! human lines on stderr. Writers are injected so commands run in tests without a process.

use serde::Serialize;
use std::io::Write;

/// Where a command's output goes.
pub struct Output {
    stdout: Box<dyn Write>,
    stderr: Box<dyn Write>,
    /// `--json` is on.
    pub json: bool,
    /// `--verbose` is on.
    pub verbose: bool,
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
        }
    }

    /// Output to the process's stdout and stderr.
    pub fn stdio(json: bool, verbose: bool) -> Output {
        Output::new(
            Box::new(std::io::stdout()),
            Box::new(std::io::stderr()),
            json,
            verbose,
        )
    }

    /// A human line: stdout normally, stderr under `--json` (stdout then holds only JSON).
    pub fn line(&mut self, text: &str) {
        let w = if self.json {
            &mut self.stderr
        } else {
            &mut self.stdout
        };
        let _ = writeln!(w, "{text}");
    }

    /// A warning or note, always on stderr.
    pub fn warn(&mut self, text: &str) {
        let _ = writeln!(self.stderr, "{text}");
    }

    /// Detail shown only with `--verbose`, on stderr.
    pub fn detail(&mut self, text: &str) {
        if self.verbose {
            let _ = writeln!(self.stderr, "{text}");
        }
    }

    /// The JSON result of a command: printed (pretty, one document) only under `--json`.
    pub fn result<T: Serialize>(&mut self, value: &T) {
        if self.json {
            if let Ok(s) = serde_json::to_string_pretty(value) {
                let _ = writeln!(self.stdout, "{s}");
            }
        }
    }
}
