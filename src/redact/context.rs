//! Secrets that gitleaks' rules leave to context, and tri's own known-prefix backstop.
//! Pure. Each rule replaces only the secret part and keeps the shape of the text around it:
//!
//! | rule id | what | rendered as |
//! |---|---|---|
//! | `private-key-block` | a PEM / OpenSSH / PGP private key block (to its END line, or to the end of the text) | the BEGIN and END lines kept, the body `[redacted]` |
//! | `known-prefix` | tokens of a documented prefix (GitHub `ghp_` … `github_pat_`, GitLab `glpat-`, Slack `xox?-`, OpenAI `sk-proj-`, Anthropic `sk-ant-`, Stripe `sk_live_`, npm `npm_`, Google `AIza`, AWS key ids, JWTs), also lengths gitleaks' exact rules miss | `ghp_…[redacted]` (see [`super::mask`]) |
//! | `bearer` | `Bearer <token>` / `Basic <token>` (a token of 8+ characters holding a digit, or 20+) | `Bearer [redacted]` |
//! | `url-userinfo` | the password in `scheme://user:password@host` | `postgres://app_user:[redacted]@db:5432/app` |
//! | `secret-header` | the value of the headers Authorization, Proxy-Authorization, Project-Access-Token, X-Api-Key, Api-Key, X-Auth-Token, Private-Token, X-Goog-Api-Key, Cookie | `Authorization: Bearer [redacted]` (an auth scheme word is kept) |
//! | `secret-assignment` | `NAME=value`, `NAME: value`, `"name": "value"`, `name := value`, `name => value` where NAME says secret ([`is_secret_key`]) | `password=[redacted]`, `"token": "[redacted]"` |
//!
//! `NAME: value` in the middle of a line is prose as often as an assignment ("the token: it
//! expired"): there the value is redacted only when quoted or when it looks like a secret
//! (6+ characters, not all letters). At the start of a line (YAML, `.env`, headers), with
//! `=`, `:=`, `=>` or a quoted name, any value is redacted except placeholders (`$VAR`,
//! `${VAR}`, `{{ x }}`, `<x>`, `true`/`false`/`null`, `***`).

use super::{mask, Counts, REDACTED};
use regex::{Captures, Regex};
use std::sync::OnceLock;

macro_rules! lazy_re {
    ($name:ident, $pat:expr) => {
        fn $name() -> &'static Regex {
            static R: OnceLock<Regex> = OnceLock::new();
            R.get_or_init(|| Regex::new($pat).expect("context pattern"))
        }
    };
}

lazy_re!(
    private_key_re,
    r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?s:.*?)(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z)"
);
lazy_re!(
    known_prefix_re,
    r"(?:github_pat_[A-Za-z0-9_]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_\-]{20,}|xox[abposre]-[A-Za-z0-9\-]{10,}|xapp-[A-Za-z0-9\-]{10,}|sk-ant-[a-z0-9]+-[A-Za-z0-9_\-]{20,}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,}|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}|npm_[A-Za-z0-9]{30,}|AIza[0-9A-Za-z_\-]{30,}|\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b|eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})"
);
lazy_re!(
    bearer_re,
    r"(?i)\b(bearer|basic)([ \t]+)([A-Za-z0-9\-._~+/]+=*)"
);
lazy_re!(
    url_re,
    r#"(?i)\b([a-z][a-z0-9+.\-]*://[^\s:/?#@'"<>]*:)([^\s/?#'"<>]+)@"#
);
lazy_re!(
    header_re,
    r#"(?im)\b(authorization|proxy-authorization|project-access-token|x-api-key|api-key|x-auth-token|private-token|x-goog-api-key|cookie)([ \t]*:[ \t]*)([^\r\n'"]+)"#
);
lazy_re!(
    assign_re,
    r#"(?i)(["'`]?)([0-9A-Za-z_.\-]*(?:pass|pwd|secret|token|key|auth|credential)[0-9A-Za-z_.\-]*)(["'`]?)([ \t]*(?::=|=>|=|:)[ \t]*)("[^"\r\n]*"|'[^'\r\n]*'|`[^`\r\n]*`|[^\s"'`]+)"#
);

/// Which context rules may match a text: the literals each rule's matches hold, searched
/// for with ASCII case ignored (one pass of an Aho-Corasick automaton over a long text;
/// needle by needle over a short one).
struct Needles {
    known_prefix: bool,
    bearer: bool,
    url: bool,
    header: bool,
    assign: bool,
}

const BEARER_NEEDLES: [&str; 2] = ["bearer", "basic"];
const HEADER_NEEDLES: [&str; 4] = ["authorization", "token", "api-key", "cookie"];
const ASSIGN_NEEDLES: [&str; 6] = ["pass", "pwd", "secret", "key", "auth", "credential"];

/// Every needle of [`needles`] in one list: the known prefixes, [`BEARER_NEEDLES`], `://`,
/// [`HEADER_NEEDLES`], [`ASSIGN_NEEDLES`].
fn all_needles() -> impl Iterator<Item = &'static str> {
    KNOWN_PREFIX_NEEDLES
        .iter()
        .chain(&BEARER_NEEDLES)
        .chain(&["://"])
        .chain(&HEADER_NEEDLES)
        .chain(&ASSIGN_NEEDLES)
        .copied()
}

/// Every occurrence of every needle in `text`, ASCII case ignored, overlapping ones
/// included, as (needle index in [`all_needles`], end offset), by an Aho-Corasick automaton
/// built once per process (about 0.54 million instructions).
fn occurrences_by_automaton(text: &str) -> Vec<(usize, usize)> {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(all_needles())
            .expect("context needles")
    });
    ac.find_overlapping_iter(text)
        .map(|m| (m.pattern().as_usize(), m.end()))
        .collect()
}

/// The same occurrences as [`occurrences_by_automaton`] (in another order), found by
/// searching the ASCII-lower-cased text for each needle in turn, overlapping ones
/// included: cheaper than building the automaton for a short text. Lower-casing ASCII
/// keeps every byte offset.
fn occurrences_by_search(text: &str) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for (i, needle) in all_needles().enumerate() {
        let needle = needle.to_ascii_lowercase();
        let mut from = 0;
        while let Some(at) = lower.get(from..).and_then(|rest| rest.find(&needle)) {
            let start = from + at;
            found.push((i, start + needle.len()));
            // the next occurrence may overlap this one: go on one character later
            from = start + lower[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

fn needles(text: &str) -> Needles {
    let odd = !text.is_ascii() && text.contains(ODD_CASE);
    let mut n = Needles {
        known_prefix: false,
        bearer: false,
        url: false,
        header: odd,
        assign: odd,
    };
    let kp = KNOWN_PREFIX_NEEDLES.len();
    let b = kp + BEARER_NEEDLES.len();
    let u = b + 1;
    let h = u + HEADER_NEEDLES.len();
    // Below this size, searching for each needle costs less than building the automaton
    // (the same trade as the gitleaks keywords', `benches/profile-step.sh`).
    let found = if text.len() >= super::gitleaks::engine::AUTOMATON_MIN_BYTES {
        occurrences_by_automaton(text)
    } else {
        occurrences_by_search(text)
    };
    for (i, end) in found {
        match i {
            i if i < kp => n.known_prefix = true,
            i if i < b => n.bearer = true,
            i if i < u => n.url = true,
            // headers and assignments: the name goes on to an operator (`=`, `:`), so
            // prose ("the password was rotated") compiles neither pattern
            i if i < h => {
                let op = operator_follows(text, end);
                n.header |= op;
                // "token" is an assignment word too
                n.assign |= op && i == u + 1;
            }
            _ => n.assign |= operator_follows(text, end),
        }
    }
    // a password in a URL needs an `@`
    n.url &= text.contains('@');
    n
}

/// Whether, after the rest of a name (`[A-Za-z0-9_.-]*`), an optional closing quote and
/// blanks, `text[at..]` goes on with `=` or `:`.
fn operator_follows(text: &str, at: usize) -> bool {
    let rest = text[at..]
        .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    let rest = rest.strip_prefix(['"', '\'', '`']).unwrap_or(rest);
    rest.trim_start_matches([' ', '\t']).starts_with(['=', ':'])
}

const KNOWN_PREFIX_NEEDLES: [&str; 28] = [
    "github_pat_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "glpat-",
    "xox",
    "xapp-",
    "sk-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "npm_",
    "AIza",
    "AKIA",
    "ASIA",
    "ABIA",
    "ACCA",
    "AGPA",
    "AIDA",
    "AROA",
    "AIPA",
    "ANPA",
    "ANVA",
    "APKA",
    "eyJ",
];

/// Non-ASCII characters that Unicode simple case folding makes equal to an ASCII letter
/// (`ſ` ~ s, `K` ~ k, `ı`/`İ` ~ i), so that `(?i)` patterns match them.
const ODD_CASE: [char; 4] = ['\u{17F}', '\u{212A}', '\u{131}', '\u{130}'];

/// Folds the characters of [`ODD_CASE`] and ASCII to lower case.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{17F}' => 's',
            '\u{212A}' => 'k',
            '\u{131}' | '\u{130}' => 'i',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The words of a name, folded to lower case: split at every non-alphanumeric character
/// and at camelCase boundaries (`maxTokens` -> `max`, `tokens`).
fn segments(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(fold(&std::mem::take(&mut cur)));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(fold(&std::mem::take(&mut cur)));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(fold(&cur));
    }
    out
}

/// Whether a key or variable name says its value is secret: it holds password, passwd,
/// passphrase, secret, token, credential, authorization, api key, access key, private key,
/// or has a word pwd, pass, pat, auth, oauth, or a key word such as `ssh_key`,
/// `signing_key`, `key` — and is not a name *about* a secret (a word such as count, type,
/// limit, length, expiry, ttl, path, file, dir, url, endpoint, max, min, total, id, name,
/// format, mode, version, size, or a plural: `tokens`, `secrets`, `keys`).
pub fn is_secret_key(name: &str) -> bool {
    let segs = segments(name);
    const ABOUT: [&str; 37] = [
        "count",
        "type",
        "limit",
        "length",
        "len",
        "expiry",
        "expires",
        "expiration",
        "expire",
        "expired",
        "ttl",
        "path",
        "file",
        "dir",
        "url",
        "uri",
        "endpoint",
        "usage",
        "budget",
        "max",
        "min",
        "total",
        "tokens",
        "secrets",
        "passwords",
        "keys",
        "id",
        "name",
        "format",
        "method",
        "mode",
        "enabled",
        "required",
        "version",
        "at",
        "size",
        "used",
    ];
    if segs.iter().any(|s| ABOUT.contains(&s.as_str())) {
        return false;
    }
    let glued = segs.concat();
    const WORDS: [&str; 10] = [
        "password",
        "passwd",
        "passphrase",
        "secret",
        "token",
        "credential",
        "authorization",
        "apikey",
        "accesskey",
        "privatekey",
    ];
    if WORDS.iter().any(|w| glued.contains(w)) {
        return true;
    }
    const KEY_OF: [&str; 14] = [
        "ssh",
        "signing",
        "encryption",
        "master",
        "license",
        "app",
        "client",
        "account",
        "service",
        "deploy",
        "storage",
        "shared",
        "session",
        "auth",
    ];
    segs.iter().enumerate().any(|(i, s)| match s.as_str() {
        "pwd" | "pass" | "pat" | "auth" | "oauth" => true,
        "key" => segs.len() == 1 || i > 0 && KEY_OF.contains(&segs[i - 1].as_str()),
        _ => false,
    })
}

fn is_placeholder(v: &str) -> bool {
    let t = v.trim();
    let l = t.to_ascii_lowercase();
    t.is_empty()
        || matches!(
            l.as_str(),
            "true" | "false" | "null" | "none" | "nil" | "undefined" | "yes" | "no"
        )
        || t.starts_with('$')
        || t.starts_with("{{")
        || t.starts_with('<') && t.ends_with('>')
        || t.starts_with('%') && t.ends_with('%')
        || t.contains(REDACTED)
        || t.chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '.' || c == '…')
        || t.starts_with("process.env")
        || t.starts_with("os.environ")
        || t.starts_with("env.")
        || t.starts_with("secrets.")
        || {
            // a call or a reference in code: getToken(), config.token, self.secret
            let head: String = t
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            !head.is_empty()
                && (t[head.len()..].starts_with('(')
                    || head.contains('.')
                        && head.len() == t.len()
                        && !head.chars().any(|c| c.is_ascii_digit()))
        }
}

fn looks_secret(v: &str) -> bool {
    v.chars().count() >= 6 && !v.chars().all(char::is_alphabetic)
}

fn line_start(text: &str, at: usize) -> bool {
    let ls = text[..at].rfind('\n').map_or(0, |p| p + 1);
    text[ls..at]
        .trim_start_matches([' ', '\t', '-', '*', '>', '#'])
        .trim_start_matches("export ")
        .trim()
        .is_empty()
}

/// Applies `re` with `f` deciding each replacement (`None`: keep the match); counts under
/// `rule`.
fn apply(
    text: String,
    re: &Regex,
    rule: &'static str,
    counts: &mut Counts,
    mut f: impl FnMut(&Captures, &str) -> Option<String>,
) -> String {
    if !re.is_match(&text) {
        return text;
    }
    let mut n = 0;
    let out = re
        .replace_all(&text, |c: &Captures| match f(c, &text) {
            Some(s) => {
                n += 1;
                s
            }
            None => c[0].to_string(),
        })
        .into_owned();
    counts.add(rule, n);
    out
}

/// Private key blocks: the BEGIN and END lines stay, the body becomes [`REDACTED`].
pub fn private_keys(text: String, counts: &mut Counts) -> String {
    if !text.contains("-----BEGIN") {
        return text;
    }
    apply(
        text,
        private_key_re(),
        "private-key-block",
        counts,
        |c, _| {
            let m = &c[0];
            let begin_end = m.find("-----\n").or_else(|| m.find("-----"))?;
            let begin = &m[..begin_end + 5];
            let end = m
                .rfind("-----END")
                .filter(|p| *p > begin_end)
                .map(|p| &m[p..]);
            if m[begin.len()..m.len() - end.map_or(0, str::len)].trim() == REDACTED {
                return None;
            }
            Some(match end {
                Some(e) => format!("{begin}\n{REDACTED}\n{e}"),
                None => format!("{begin}\n{REDACTED}"),
            })
        },
    )
}

/// The rules after gitleaks': known prefixes, bearer, URL passwords, headers, assignments.
pub fn after_gitleaks(mut text: String, counts: &mut Counts) -> String {
    let n = needles(&text);
    if n.known_prefix {
        text = apply(text, known_prefix_re(), "known-prefix", counts, |c, _| {
            Some(mask(&c[0]))
        });
    }
    if n.bearer {
        text = apply(text, bearer_re(), "bearer", counts, |c, _| {
            let v = &c[3];
            let secretish =
                v.len() >= 20 || v.len() >= 8 && v.chars().any(|ch| ch.is_ascii_digit());
            secretish.then(|| format!("{}{}{}", &c[1], &c[2], mask(v)))
        });
    }
    if n.url {
        text = apply(text, url_re(), "url-userinfo", counts, |c, _| {
            let pw = &c[2];
            (!pw.contains(REDACTED) && !pw.starts_with('$'))
                .then(|| format!("{}{REDACTED}@", &c[1]))
        });
    }
    if n.header {
        text = apply(text, header_re(), "secret-header", counts, |c, _| {
            let v = c[3].trim_end();
            let (scheme, rest) = match v.split_once([' ', '\t']) {
                Some((s, r))
                    if ["bearer", "basic", "token", "digest", "bot", "negotiate"]
                        .contains(&s.to_ascii_lowercase().as_str()) =>
                {
                    (format!("{s} "), r.trim_start())
                }
                _ => (String::new(), v),
            };
            if rest.is_empty() || is_placeholder(rest) && !rest.contains(' ') {
                return None;
            }
            let trail = &c[3][v.len()..];
            Some(format!("{}{}{scheme}{}{trail}", &c[1], &c[2], mask(rest)))
        });
    }
    if n.assign {
        text = apply(text, assign_re(), "secret-assignment", counts, |c, all| {
            let name = &c[2];
            let op = c[4].trim();
            let raw = &c[5];
            if !is_secret_key(name) {
                return None;
            }
            let quoted_value = raw.len() >= 2
                && (raw.starts_with('"') || raw.starts_with('\'') || raw.starts_with('`'));
            let inner = if quoted_value {
                &raw[1..raw.len() - 1]
            } else {
                raw
            };
            if inner.contains(REDACTED) {
                return None;
            }
            // `==`, `=~`, `::` are comparisons and paths, not assignments.
            if !quoted_value
                && (inner.starts_with('=') || inner.starts_with('~') || inner.starts_with(':'))
            {
                return None;
            }
            let value = if quoted_value {
                inner
            } else {
                inner.trim_end_matches([',', ';', ')', '}', ']', '.'])
            };
            // `Authorization: Bearer …` is the header rule's (the scheme word is kept).
            if is_placeholder(value)
                || !quoted_value
                    && ["bearer", "basic", "token", "digest"]
                        .iter()
                        .any(|w| value.eq_ignore_ascii_case(w))
            {
                return None;
            }
            if value.starts_with(['/', '~']) && (fold(name) == "pwd" || fold(name) == "oldpwd") {
                return None;
            }
            let m = c.get(0).expect("match");
            let quoted_name = !c[1].is_empty() && c[1] == c[3];
            let strong = quoted_name || quoted_value || op != ":" || line_start(all, m.start());
            if !strong && !looks_secret(value) {
                return None;
            }
            let masked = mask(value);
            let rebuilt = if quoted_value {
                let q = &raw[..1];
                format!("{q}{masked}{q}")
            } else {
                format!("{masked}{}", &inner[value.len()..])
            };
            let head = &c[0][..c[0].len() - raw.len()];
            Some(format!("{head}{rebuilt}"))
        });
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searching_needle_by_needle_finds_what_the_automaton_finds() {
        let mut texts: Vec<String> = vec![
            String::new(),
            "ran the tests: 412 of 412 pass".into(),
            "PASSWORD=x Authorization: Bearer abc postgres://u:p@h AKIA ghp_ eyJ".into(),
            "passpass tokentoken sk-sk- xoxox ://:// ſecret Kelvin \u{212A}ey é€".into(),
            "ééé password = 'v' and the token: it expired; api-key:x cookie=y".into(),
        ];
        for n in all_needles() {
            texts.push(format!("{n}{n}: {}", n.to_ascii_uppercase()));
            texts.push(format!("é{}=", n.to_ascii_lowercase()));
        }
        let mut found_some = 0;
        for t in &texts {
            let mut a = occurrences_by_automaton(t);
            let mut s = occurrences_by_search(t);
            a.sort_unstable();
            s.sort_unstable();
            assert_eq!(a, s, "{t:?}");
            found_some += usize::from(!a.is_empty());
        }
        assert!(found_some > all_needles().count(), "needles were found");
    }

    #[test]
    fn secret_key_names() {
        for n in [
            "password",
            "DB_PASSWORD",
            "passwd",
            "PGPASSWORD",
            "pwd",
            "db_pass",
            "client_secret",
            "GITHUB_TOKEN",
            "accessToken",
            "api-key",
            "apiKey",
            "X-Api-Key",
            "access_key",
            "auth",
            "authorization",
            "credentials",
            "private_key",
            "NPM_PAT",
            "oauth",
            "Project-Access-Token",
        ] {
            assert!(is_secret_key(n), "{n}");
        }
        for n in [
            "author",
            "authority",
            "tokens",
            "max_tokens",
            "token_count",
            "secret_name",
            "key_file",
            "auth_url",
            "keyboard",
            "monkey",
            "token_type",
            "access_key_id",
            "passenger",
            "compass",
        ] {
            assert!(!is_secret_key(n), "{n}");
        }
    }
}
