//! Redaction of secrets from text that leaves the machine (comments) or is kept in
//! `.trinity/` (experience files, outbox, audit log). Pure.
//!
//! What is replaced by [`REDACTED`]:
//! - GitHub tokens: `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` (classic and OAuth/app forms,
//!   per GitHub's "About authentication to GitHub" token prefixes) and `github_pat_`
//!   (fine-grained);
//! - AWS access key ids (`AKIA`, `ASIA`, ... followed by 16 upper-case letters or digits);
//! - the value of an `Authorization:` header (to the end of the line) and `Bearer <token>`;
//! - PEM private key blocks (`-----BEGIN ... PRIVATE KEY-----` to its END line, or to the
//!   end of the text when unterminated);
//! - the value in `NAME=value` / `NAME: value` when NAME ends in `_TOKEN`, `_SECRET`,
//!   `_KEY` or `_PASSWORD`;
//! - every occurrence of the values of such environment variables ([`secret_env_values`]).

use regex::Regex;
use std::sync::OnceLock;

/// What a secret is replaced with.
pub const REDACTED: &str = "[REDACTED]";

/// Suffixes of environment variable names whose values are secrets.
pub const SECRET_SUFFIXES: [&str; 4] = ["_TOKEN", "_SECRET", "_KEY", "_PASSWORD"];

/// Secret values shorter than this (characters) are not searched for literally: redacting
/// every "1" or "true" would destroy the message and protect nothing.
pub const MIN_SECRET_LEN: usize = 6;

struct Rule {
    pattern: &'static str,
    /// Replacement template (regex syntax: `${1}` keeps group 1).
    with: &'static str,
    /// Literals of which every match holds at least one: a text holding none is left alone
    /// without compiling the pattern (compiling all of them is most of a step's CPU time).
    needles: &'static [&'static str],
    /// Whether `needles` are compared ignoring case (the pattern is `(?i)`).
    ci: bool,
    re: OnceLock<Regex>,
}

impl Rule {
    const fn new(
        pattern: &'static str,
        with: &'static str,
        needles: &'static [&'static str],
        ci: bool,
    ) -> Rule {
        Rule {
            pattern,
            with,
            needles,
            ci,
            re: OnceLock::new(),
        }
    }

    fn re(&self) -> &Regex {
        self.re
            .get_or_init(|| Regex::new(self.pattern).expect("redaction pattern"))
    }

    /// Whether the pattern may match `text`; `lower` is `text` in ASCII lower case, and
    /// `odd_case` says whether `text` holds a non-ASCII letter that `(?i)` matches as an
    /// ASCII one (then a case-insensitive rule always runs).
    fn may_match(&self, text: &str, lower: &str, odd_case: bool) -> bool {
        if self.ci {
            odd_case || self.needles.iter().any(|n| lower.contains(n))
        } else {
            self.needles.iter().any(|n| text.contains(n))
        }
    }
}

/// Non-ASCII characters that Unicode simple case folding makes equal to an ASCII letter
/// (`ſ` ~ s, `K` ~ k, `ı`/`İ` ~ i), so that `(?i)` patterns match them.
const ODD_CASE: [char; 4] = ['\u{17F}', '\u{212A}', '\u{131}', '\u{130}'];

static RULES: [Rule; 7] = [
    Rule::new(
        r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY-----(?s:.*?)(?:-----END[A-Z0-9 ]*PRIVATE KEY-----|\z)",
        REDACTED,
        &["-----BEGIN"],
        false,
    ),
    Rule::new(
        r"(?im)(authorization[ \t]*:[ \t]*)[^\r\n]+",
        "${1}[REDACTED]",
        &["authorization"],
        true,
    ),
    Rule::new(
        r"(?i)\b(bearer[ \t]+)[A-Za-z0-9\-._~+/]+=*",
        "${1}[REDACTED]",
        &["bearer"],
        true,
    ),
    Rule::new(
        r"github_pat_[A-Za-z0-9_]{20,}",
        REDACTED,
        &["github_pat_"],
        false,
    ),
    Rule::new(
        r"gh[pousr]_[A-Za-z0-9]{20,}",
        REDACTED,
        &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        false,
    ),
    Rule::new(
        r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b",
        REDACTED,
        &[
            "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA",
        ],
        false,
    ),
    Rule::new(
        r#"(?i)\b([A-Z0-9_]*(?:_TOKEN|_SECRET|_KEY|_PASSWORD)["']?[ \t]*[=:][ \t]*)("[^"\r\n]*"|'[^'\r\n]*'|[^\s"']+)"#,
        "${1}[REDACTED]",
        &["_token", "_secret", "_key", "_password"],
        true,
    ),
];

/// Whether an environment variable name marks its value as a secret (ends in one of
/// [`SECRET_SUFFIXES`], case-insensitive).
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_SUFFIXES.iter().any(|s| upper.ends_with(s))
}

/// Values of the given environment variables that are secrets by name and at least
/// [`MIN_SECRET_LEN`] characters long, longest first.
pub fn secret_env_values<I: IntoIterator<Item = (String, String)>>(vars: I) -> Vec<String> {
    let mut v: Vec<String> = vars
        .into_iter()
        .filter(|(k, val)| is_secret_name(k) && val.chars().count() >= MIN_SECRET_LEN)
        .map(|(_, val)| val)
        .collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    v.dedup();
    v
}

/// The secret values of this process's environment (see [`secret_env_values`]).
pub fn process_secrets() -> Vec<String> {
    secret_env_values(
        std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
    )
}

/// Returns `text` with every secret replaced by [`REDACTED`]. `secrets` are literal values
/// to remove wherever they appear (typically [`process_secrets`]).
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if !s.is_empty() && out.contains(s.as_str()) {
            out = out.replace(s.as_str(), REDACTED);
        }
    }
    let odd_case = !out.is_ascii() && out.contains(ODD_CASE);
    let mut lower = out.to_ascii_lowercase();
    for rule in RULES.iter() {
        if !rule.may_match(&out, &lower, odd_case) {
            continue;
        }
        let re = rule.re();
        if re.is_match(&out) {
            out = re.replace_all(&out, rule.with).into_owned();
            lower = out.to_ascii_lowercase();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const GHP: &str = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";

    fn clean(text: &str, secret: &str) {
        let out = redact(text, &[]);
        assert!(!out.contains(secret), "leaked {secret:?} in {out:?}");
        assert!(out.contains(REDACTED), "{out}");
    }

    #[test]
    fn each_github_token_form() {
        for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            let t = format!("{p}{}", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8");
            clean(&format!("token is {t}."), &t);
        }
        let pat = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP";
        clean(&format!("use {pat}"), pat);
    }

    #[test]
    fn aws_key_id() {
        clean("key AKIAIOSFODNN7EXAMPLE here", "AKIAIOSFODNN7EXAMPLE");
        clean("ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A");
    }

    #[test]
    fn authorization_and_bearer() {
        let out = redact("curl -H 'Authorization: token abc123secret' x", &[]);
        assert!(!out.contains("abc123secret"), "{out}");
        let out = redact("sent Bearer eyJhbGciOi.J9xyz-_ to it", &[]);
        assert!(!out.contains("eyJhbGciOi"), "{out}");
        assert!(out.contains("to it"), "{out}");
    }

    #[test]
    fn private_key_blocks_terminated_or_not() {
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\nAAAA\n-----END OPENSSH PRIVATE KEY-----";
        let out = redact(&format!("before\n{key}\nafter"), &[]);
        assert!(!out.contains("b3BlbnNzaC1rZXk"), "{out}");
        assert!(
            out.starts_with("before\n") && out.ends_with("\nafter"),
            "{out}"
        );
        let out = redact("x\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow", &[]);
        assert!(!out.contains("MIIEow"), "{out}");
    }

    #[test]
    fn assignments_of_secret_names() {
        for text in [
            "DB_PASSWORD=hunter2hunter",
            "export STRIPE_SECRET='sk live x'",
            "api_key: \"abc def\"",
            "RAILWAY_TOKEN = tok-123456",
        ] {
            let out = redact(text, &[]);
            assert!(out.ends_with(REDACTED), "{text} -> {out}");
        }
    }

    #[test]
    fn literal_env_values_anywhere() {
        let secrets = secret_env_values([
            ("MY_TOKEN".to_string(), "s3cr3t-value".to_string()),
            ("SHORT_KEY".to_string(), "1".to_string()),
            ("HOME".to_string(), "/root".to_string()),
        ]);
        assert_eq!(secrets, vec!["s3cr3t-value".to_string()]);
        let out = redact("logged in with s3cr3t-value as /root, step 1", &secrets);
        assert_eq!(out, "logged in with [REDACTED] as /root, step 1");
    }

    #[test]
    fn case_insensitive_rules_see_unicode_case_variants() {
        // `(?i)` matches the Kelvin sign as `k` and long s as `s`: the literal pre-check
        // must not skip such text.
        let out = redact("API_\u{212A}EY=abcdef123", &[]);
        assert!(out.ends_with(REDACTED), "{out}");
        let out = redact("DB_PA\u{17F}SWORD=hunter2hunter", &[]);
        assert!(out.ends_with(REDACTED), "{out}");
    }

    #[test]
    fn every_rule_names_literals_its_matches_hold() {
        for (text, needle_rule) in [
            ("-----BEGIN EC PRIVATE KEY-----\nx", 0),
            ("AUTHORIZATION: token x", 1),
            ("BeArEr abc", 2),
            ("github_pat_11ABCDEFG0123456789_abc", 3),
            ("ghs_A1b2C3d4E5f6G7h8I9j0K1", 4),
            ("AKIAIOSFODNN7EXAMPLE", 5),
            ("my_Token=x", 6),
        ] {
            let rule = &RULES[needle_rule];
            assert!(rule.re().is_match(text), "{text}");
            let lower = text.to_ascii_lowercase();
            assert!(rule.may_match(text, &lower, false), "{text}");
        }
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let text = "Step 3: tests pass (42 of 42); see https://github.com/o/r/pull/7\nmonkey_key_id is a name";
        assert_eq!(redact(text, &[]), text);
    }

    proptest! {
        #[test]
        fn no_github_token_survives(prefix in "[ -~\n]{0,40}", suffix in "[ -~\n]{0,40}",
                                    kind in prop::sample::select(vec!["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]),
                                    body in "[A-Za-z0-9]{36,40}") {
            let token = format!("{kind}{body}");
            let out = redact(&format!("{prefix}{token}{suffix}"), &[]);
            prop_assert!(!out.contains(&token));
        }

        #[test]
        fn no_env_secret_survives(prefix in "[ -~]{0,40}", suffix in "[ -~]{0,40}", value in "[!-~]{6,30}") {
            let secrets = vec![value.clone()];
            let out = redact(&format!("{prefix}{value}{suffix}"), &secrets);
            prop_assert!(!out.contains(&value), "{:?}", out);
        }

        #[test]
        fn no_aws_key_survives(prefix in "[ a-z]{0,20}", body in "[A-Z0-9]{16}") {
            let key = format!("AKIA{body}");
            let out = redact(&format!("{prefix} {key} end"), &[]);
            prop_assert!(!out.contains(&key));
        }

        #[test]
        fn github_token_survives_nothing_around_it(token_body in "[A-Za-z0-9]{36}") {
            let t = format!("{GHP}{token_body}");
            prop_assert!(!redact(&t, &[]).contains(&t));
        }
    }
}
