//! Redaction of secrets from text that leaves the machine (comments) or is kept in
//! `.trinity/` (experience files, outbox, audit log), and from everything tri prints. Pure.
//!
//! A text goes through, in this order (each step sees the previous one's output):
//! 1. `env-value`: every occurrence of the literal values of secret-named environment
//!    variables ([`secret_env_values`]);
//! 2. `private-key-block`: PEM / OpenSSH / PGP private key blocks ([`context`]);
//! 3. gitleaks' maintained rule set ([`gitleaks`]: gitleaks v8.30.1, MIT, vendored in
//!    `vendor/gitleaks/`), each finding reported under the gitleaks rule id;
//! 4. what gitleaks leaves to context ([`context`]): known-prefix tokens, `Bearer`, the
//!    password of `user:password@` URLs, secret headers and `NAME=value` assignments.
//!
//! A secret becomes [`REDACTED`]; a token with a documented public prefix keeps the prefix,
//! followed by `…` and the marker (`ghp_…[redacted]`, see [`mask`]), so a reader still sees
//! what kind of credential was there. Redacting redacted text changes nothing.

pub mod context;
pub mod gitleaks;

/// What a secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Suffixes of environment variable names whose values are secrets.
pub const SECRET_SUFFIXES: [&str; 6] =
    ["_TOKEN", "_SECRET", "_KEY", "_PASSWORD", "_PASSWD", "_PAT"];

/// Whole environment variable names whose values are secrets.
pub const SECRET_NAMES: [&str; 1] = ["PGPASSWORD"];

/// Secret values shorter than this (characters) are not searched for literally: redacting
/// every "1" or "true" would destroy the message and protect nothing.
pub const MIN_SECRET_LEN: usize = 6;

/// Public prefixes of token formats, kept readable in front of the marker (providers'
/// documented formats: GitHub, GitLab, Slack, OpenAI, Anthropic, Stripe, npm, PyPI, Google,
/// AWS, Hugging Face, DigitalOcean, SendGrid, Shopify, JWT). Longest first where one is a
/// prefix of another.
pub const KNOWN_PREFIXES: [&str; 40] = [
    "github_pat_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "glpat-",
    "gldt-",
    "glrt-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxr-",
    "xoxs-",
    "xoxe-",
    "xapp-",
    "sk-ant-api03-",
    "sk-ant-admin01-",
    "sk-proj-",
    "sk-svcacct-",
    "sk-admin-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "whsec_",
    "npm_",
    "pypi-",
    "AIza",
    "AKIA",
    "ASIA",
    "hf_",
    "dop_v1_",
    "doo_v1_",
    "SG.",
    "shpat_",
    "shpss_",
    "glc_",
    "lin_api_",
    "eyJ",
];

/// How a secret is rendered: `<prefix>…[redacted]` when it starts with one of
/// [`KNOWN_PREFIXES`] and is longer than the prefix, else [`REDACTED`].
pub fn mask(secret: &str) -> String {
    match KNOWN_PREFIXES
        .iter()
        .find(|p| secret.len() > p.len() + 3 && secret.starts_with(**p))
    {
        Some(p) => format!("{p}\u{2026}{REDACTED}"),
        None => REDACTED.to_string(),
    }
}

/// How many secrets one rule redacted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    /// The rule id: a gitleaks rule id (`github-pat`, `generic-api-key`, …) or one of tri's
    /// (`env-value`, `private-key-block`, `known-prefix`, `bearer`, `url-userinfo`,
    /// `secret-header`, `secret-assignment`).
    pub rule: String,
    /// Secrets redacted by it.
    pub count: usize,
}

/// Counts per rule, in the order rules first fired.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts(pub Vec<RuleCount>);

impl Counts {
    /// Adds `n` redactions under `rule` (nothing when `n` is 0).
    pub fn add(&mut self, rule: &str, n: usize) {
        if n == 0 {
            return;
        }
        match self.0.iter_mut().find(|c| c.rule == rule) {
            Some(c) => c.count += n,
            None => self.0.push(RuleCount {
                rule: rule.to_string(),
                count: n,
            }),
        }
    }

    /// All redactions.
    pub fn total(&self) -> usize {
        self.0.iter().map(|c| c.count).sum()
    }
}

/// A redacted text and what was redacted (never the secrets themselves).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redaction {
    /// The text as it may be published.
    pub text: String,
    /// Redactions per rule.
    pub counts: Counts,
}

/// Whether an environment variable name marks its value as a secret: it ends in one of
/// [`SECRET_SUFFIXES`], is one of [`SECRET_NAMES`], or is `RAILWAY_*TOKEN*`
/// (case-insensitive).
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_SUFFIXES.iter().any(|s| upper.ends_with(s))
        || SECRET_NAMES.contains(&upper.as_str())
        || upper.starts_with("RAILWAY_") && upper.contains("TOKEN")
}

/// The password of a `scheme://user:password@host…` URL, if it has one.
pub fn url_password(url: &str) -> Option<&str> {
    let rest = &url[url.find("://")? + 3..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let userinfo = &authority[..authority.rfind('@')?];
    let (_, pw) = userinfo.split_once(':')?;
    (!pw.is_empty()).then_some(pw)
}

/// `url` without its userinfo (`user:password@`, `user@`: RFC 3986 3.2.1, the part of the
/// authority before its last `@`), for every URL tri prints, records or sends on — a service
/// URL, a GitHub deployment's `environment_url` and `log_url` — so a credential written into
/// one never leaves the machine. A URL with no scheme (`user:pw@host/path`) is read from its
/// authority. Anything else is returned as it is. Pure.
pub fn without_userinfo(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// Values of the given environment variables that are secrets, at least [`MIN_SECRET_LEN`]
/// characters long, longest first: the values of secret names ([`is_secret_name`]) and
/// the password inside `DATABASE_URL` (and `*_DATABASE_URL`).
pub fn secret_env_values<I: IntoIterator<Item = (String, String)>>(vars: I) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for (k, val) in vars {
        if is_secret_name(&k) {
            v.push(val);
        } else if k.to_ascii_uppercase().ends_with("DATABASE_URL") {
            if let Some(pw) = url_password(&val) {
                v.push(pw.to_string());
            }
        }
    }
    v.retain(|s| s.chars().count() >= MIN_SECRET_LEN && !REDACTED.contains(s.as_str()));
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

/// Returns `text` with every secret replaced (see the module docs). `secrets` are literal
/// values to remove wherever they appear (typically [`process_secrets`]).
pub fn redact(text: &str, secrets: &[String]) -> String {
    redact_counted(text, secrets).text
}

/// [`redact`], also counting the redactions per rule.
pub fn redact_counted(text: &str, secrets: &[String]) -> Redaction {
    let mut counts = Counts::default();
    let mut out = text.to_string();
    for s in secrets {
        if !s.is_empty() && out.contains(s.as_str()) {
            let n = out.matches(s.as_str()).count();
            out = out.replace(s.as_str(), &mask(s));
            counts.add("env-value", n);
        }
    }
    out = context::private_keys(out, &mut counts);
    out = apply_gitleaks(out, &mut counts);
    out = context::after_gitleaks(out, &mut counts);
    Redaction { text: out, counts }
}

/// A metric name (`--metric NAME=…`, MCP `metrics` keys: ASCII letters, digits, `_`, `.`,
/// `-`) with any secret in it redacted and still a metric name, so the comment's marker
/// keeps it: each marker becomes the word `redacted` (`ghp_…[redacted]` → `ghp_redacted`)
/// and nothing else a metric name cannot hold is kept. A name with no secret is returned
/// as it is. Pure.
pub fn metric_name(name: &str, secrets: &[String]) -> String {
    let r = redact(name, secrets);
    if r == name {
        return r;
    }
    r.replace(&format!("\u{2026}{REDACTED}"), "redacted")
        .replace(REDACTED, "redacted")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        .collect()
}

/// A link tri publishes (the Actions run link), without userinfo
/// ([`without_userinfo`]); `None` when a secret is still found in it — a
/// link with a secret in its path is no link to publish. Pure.
pub fn link(url: &str, secrets: &[String]) -> Option<String> {
    let url = without_userinfo(url);
    (redact(&url, secrets) == url).then_some(url)
}

/// Replaces the secrets gitleaks' rules find; overlapping findings become one redaction,
/// counted under the rule of the one that starts first (the longest on a tie).
fn apply_gitleaks(text: String, counts: &mut Counts) -> String {
    let mut found = gitleaks::engine::find(&text);
    if found.is_empty() {
        return text;
    }
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut i = 0;
    while i < found.len() {
        let (start, rule) = (found[i].start, found[i].rule);
        let mut end = found[i].end;
        i += 1;
        while i < found.len() && found[i].start < end {
            end = end.max(found[i].end);
            i += 1;
        }
        if start < at {
            continue;
        }
        let secret = &text[start..end];
        if secret.contains(REDACTED) {
            continue;
        }
        out.push_str(&text[at..start]);
        // `curl -H "Authorization: Bearer …"` rules take the scheme word with the secret.
        let scheme = ["bearer ", "basic ", "token "]
            .iter()
            .find(|w| secret.len() > w.len() && secret[..w.len()].eq_ignore_ascii_case(w))
            .map_or(0, |w| w.len());
        out.push_str(&secret[..scheme]);
        out.push_str(&mask(&secret[scheme..]));
        counts.add(rule, 1);
        at = end;
    }
    out.push_str(&text[at..]);
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
            assert!(out.contains(REDACTED), "{text} -> {out}");
            for gone in ["hunter2hunter", "sk live x", "abc def", "tok-123456"] {
                assert!(!out.contains(gone), "{text} -> {out}");
            }
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
        assert_eq!(out, "logged in with [redacted] as /root, step 1");
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
    fn ordinary_text_is_untouched() {
        let text = "Step 3: tests pass (42 of 42); see https://github.com/o/r/pull/7\nmonkey_key_id is a name";
        assert_eq!(redact(text, &[]), text);
    }

    #[test]
    fn renderings_keep_the_shape() {
        for (text, want) in [
            (
                "postgres://app_user:s3cretPw0rd@db:5432/app",
                "postgres://app_user:[redacted]@db:5432/app",
            ),
            (
                "token ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5 end",
                "token ghp_\u{2026}[redacted] end",
            ),
            ("password=hunter2hunter", "password=[redacted]"),
            (
                "{\"token\": \"abc123def456\"}",
                "{\"token\": \"[redacted]\"}",
            ),
            (
                "Authorization: Bearer abcdef123456",
                "Authorization: Bearer [redacted]",
            ),
            (
                "Project-Access-Token: 7c3f9e2a-1b4d",
                "Project-Access-Token: [redacted]",
            ),
            ("  db_pass: hunter", "  db_pass: [redacted]"),
            (
                "login with password: hunter2 now",
                "login with password: [redacted] now",
            ),
        ] {
            assert_eq!(redact(text, &[]), want, "{text}");
        }
    }

    #[test]
    fn prose_about_secrets_is_untouched() {
        for text in [
            "The token expired yesterday, so I rotated the password.",
            "Note the token: it was revoked. The password field is required; see the auth flow.",
            "send a bearer token in the Authorization header",
            "used 1200 tokens, max_tokens=4096, author: octocat, token_count=3",
            "commit 3f9a2c1d8e7b6a5f4c3d2e1f0a9b8c7d6e5f4a3b, id 550e8400-e29b-41d4-a716-446655440000",
            "see https://user@example.com/x and postgres://db:5432/app and ssh://git@github.com/o/r",
            "if token == nil { return }",
            "PWD=/home/me/src",
            "password=${PGPASSWORD} and token: $GH_TOKEN",
        ] {
            assert_eq!(redact(text, &[]), text);
        }
    }

    #[test]
    fn secret_environment_names() {
        for n in [
            "PGPASSWORD",
            "DB_PASSWD",
            "GITLAB_PAT",
            "RAILWAY_API_TOKEN",
            "RAILWAY_TOKEN",
            "gh_token",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in ["HOME", "PATH", "RAILWAY_PROJECT_ID", "DATABASE_URL"] {
            assert!(!is_secret_name(n), "{n}");
        }
        let v = secret_env_values([
            (
                "DATABASE_URL".to_string(),
                "postgres://u:pa55word@h:5432/db".to_string(),
            ),
            ("PGPASSWORD".to_string(), "another-secret".to_string()),
        ]);
        assert_eq!(
            v,
            vec!["another-secret".to_string(), "pa55word".to_string()]
        );
        assert_eq!(url_password("https://x:y@h/p@q"), Some("y"));
        assert_eq!(url_password("https://h/p@q"), None);
    }

    #[test]
    fn counts_per_rule() {
        let r = redact_counted(
            "a ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5 b postgres://u:pw123456@h/x c",
            &["zz-secret-zz".to_string()],
        );
        assert_eq!(r.counts.total(), 2, "{:?}", r.counts);
        assert_eq!(r.counts.0[0].rule, "github-pat");
        assert_eq!(r.counts.0[1].rule, "url-userinfo");
    }

    #[test]
    fn metric_names_stay_metric_names() {
        let name = format!("{GHP}_calls");
        let out = metric_name(&name, &[]);
        assert_eq!(out, "ghp_redacted_calls");
        assert_eq!(metric_name(&out, &[]), out, "idempotent");
        let out = metric_name("tok-s3cr3t-value", &["s3cr3t-value".to_string()]);
        assert_eq!(out, "tok-redacted");
        assert_eq!(metric_name("tokens", &[]), "tokens");
    }

    #[test]
    fn links_lose_userinfo_and_secrets() {
        assert_eq!(
            link("https://u:pw@github.com/o/r/actions/runs/1", &[]).as_deref(),
            Some("https://github.com/o/r/actions/runs/1")
        );
        assert_eq!(link(&format!("https://github.com/{GHP}/runs/1"), &[]), None);
    }

    proptest! {
        #[test]
        fn redaction_is_idempotent(prefix in "[ -~\n]{0,60}", suffix in "[ -~\n]{0,60}",
                                   body in "[A-Za-z0-9]{36}") {
            let text = format!("{prefix} password={body} ghp_{body} {suffix}");
            let once = redact(&text, &[]);
            prop_assert_eq!(redact(&once, &[]), once.clone());
        }

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

    #[test]
    fn urls_lose_their_userinfo_and_nothing_else() {
        for (given, want) in [
            (
                "https://user:pw@host.example/p?q=a@b#f",
                "https://host.example/p?q=a@b#f",
            ),
            ("http://token@127.0.0.1:8080/", "http://127.0.0.1:8080/"),
            ("https://a:b@c@host/x", "https://host/x"),
            ("user:pw@svc.up.railway.app", "svc.up.railway.app"),
            ("https://host.example/a@b", "https://host.example/a@b"),
            ("svc.up.railway.app", "svc.up.railway.app"),
            ("", ""),
        ] {
            assert_eq!(without_userinfo(given), want, "{given}");
        }
    }
}
