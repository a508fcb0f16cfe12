//! gitleaks' maintained rule set, applied to text.
//!
//! Source: gitleaks' default configuration `config/gitleaks.toml`
//! (<https://github.com/gitleaks/gitleaks>, MIT licence, Copyright (c) 2019 Zachary Rice),
//! vendored at `vendor/gitleaks/` with its licence and version (`vendor/gitleaks/SOURCE.md`)
//! and turned into the table [`rules::RULES`] by `tests/redaction_rules.rs`
//! (`TRI_REGENERATE=1 cargo test --test redaction_rules` after a refresh).
//!
//! What is kept of gitleaks' semantics (its `detect/detect.go`, v8.30.1): the keyword
//! pre-filter (a rule runs only when one of its keywords occurs in the text, compared
//! ignoring ASCII case), the secret group (`secretGroup`, else the first non-empty group,
//! else the whole match), the Shannon entropy threshold (a secret whose entropy is at or
//! below it is not one), the global and per-rule allowlists (regexes on the secret, the
//! match or the line; stopwords; `condition = "AND"`). Patterns run with RE2's ASCII classes
//! (`\w`, `\s`, `\d`, `\b`, `(?i)` are ASCII, as in Go), on bytes.
//!
//! What is left out, on purpose: file-path conditions (tri redacts text, which has no path:
//! rules that apply only to some paths are skipped by the generator, and an allowlist that
//! needs a path never allows), commit allowlists, the `gitleaks:allow` comment (a public
//! comment must not carry a secret whatever the line says), and decoding (base64, hex,
//! percent) before matching.

pub mod engine;
#[rustfmt::skip]
pub mod rules;

/// What an allowlist's regexes are matched against (gitleaks' `regexTarget`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The secret (the secret group), the default.
    Secret,
    /// The whole match of the rule.
    Match,
    /// The line(s) holding the match.
    Line,
}

/// One allowlist of a rule, or the global one: a finding it matches is not a secret.
#[derive(Debug)]
pub struct AllowlistDef {
    /// What `regexes` are matched against.
    pub target: Target,
    /// `condition = "AND"`: every check present must hold (else any one).
    pub and: bool,
    /// Whether gitleaks' allowlist also names file paths: with `and`, such an allowlist
    /// never allows here (text has no path).
    pub has_paths: bool,
    /// Go RE2 patterns (compiled by [`engine::compile`]).
    pub regexes: &'static [&'static str],
    /// Lower-case words: a secret holding one (ignoring case) is allowed.
    pub stopwords: &'static [&'static str],
}

/// One gitleaks rule.
#[derive(Debug)]
pub struct RuleDef {
    /// gitleaks' rule id, e.g. `github-pat`; reported as the rule of a redaction.
    pub id: &'static str,
    /// The Go RE2 pattern (compiled lazily by [`engine::compile`]).
    pub regex: &'static str,
    /// The capture group holding the secret; 0: the first non-empty group, else the match.
    pub secret_group: usize,
    /// Shannon entropy (bits per character) a secret must exceed; 0: no threshold.
    pub entropy: f64,
    /// Lower-case keywords; the rule runs only on text holding one (none: always runs).
    pub keywords: &'static [&'static str],
    /// The rule's allowlists.
    pub allowlists: &'static [AllowlistDef],
}
