//! A corpus of secret shapes, one `tri agent step` each, in realistic text (log lines, curl
//! commands, JSON, .env files, stack traces), through the real binary: no secret reaches
//! the comment bodies the GitHub stand-in receives, the experience files, the outbox, the
//! audit log, or stdout/stderr — and the text around each secret, and a paragraph of
//! ordinary prose (git SHAs, UUIDs, URLs without passwords, the words token and password in
//! sentences), come through unchanged.
//!
//! As an independent oracle, with `TRI_SECRETLINT_DIR` naming a directory where secretlint
//! and its recommended preset are installed from npm, secretlint must find the corpus's
//! secrets in the raw text and none in what tri publishes (skipped, saying so, without it).
//!
//! The fake secrets are made at run time from pieces and a fixed pseudo-random sequence, in
//! the providers' documented formats: no realistic secret is committed.

mod common;

use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const HEX: &str = "0123456789abcdef";
const DIGITS: &str = "0123456789";
const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URLSAFE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A fixed pseudo-random sequence (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick(&mut self, alphabet: &str, n: usize) -> String {
        let a: Vec<char> = alphabet.chars().collect();
        (0..n)
            .map(|_| a[(self.next() % a.len() as u64) as usize])
            .collect()
    }
}

/// One secret shape: a name, the secret, and the step message holding it.
struct Shape {
    name: &'static str,
    secret: String,
    message: String,
    /// Text around the secret that must survive (besides the step's own marker words).
    keep: Vec<String>,
}

fn shape(name: &'static str, secret: String, line: String, keep: &[&str]) -> Shape {
    Shape {
        name,
        message: format!(
            "Step about {name}: ran the deploy job.\n{line}\nThe build went on; nothing else changed."
        ),
        secret,
        keep: keep.iter().map(|s| s.to_string()).collect(),
    }
}

fn pem(r: &mut Rng, kind: &str) -> (String, String) {
    let body: Vec<String> = (0..6).map(|_| r.pick(B64, 64)).collect();
    let body = body.join("\n");
    let block = format!("-----BEGIN {kind}-----\n{body}\n-----END {kind}-----");
    (body, block)
}

/// The corpus; `env` receives the variables the binary must run with (for the shapes that
/// are secrets only because of the environment).
fn corpus(env: &mut Vec<(String, String)>) -> Vec<Shape> {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let mut v = Vec::new();

    let t = format!("{}{}", ["gh", "p_"].concat(), r.pick(ALNUM, 36));
    v.push(shape(
        "GitHub classic token",
        t.clone(),
        format!("$ git push https://github.com/octo/demo.git\nremote: using token {t} for octo"),
        &["remote: using token ", " for octo"],
    ));
    let t = format!(
        "{}{}_{}",
        ["git", "hub_pat_"].concat(),
        r.pick(ALNUM, 22),
        r.pick(ALNUM, 59)
    );
    v.push(shape(
        "GitHub fine-grained token",
        t.clone(),
        format!("export GH_TOKEN={t}"),
        &["export GH_TOKEN="],
    ));
    let t = format!("{}{}", ["gh", "o_"].concat(), r.pick(ALNUM, 36));
    v.push(shape(
        "GitHub OAuth token",
        t.clone(),
        format!("2026-12-02T10:00:01Z INFO oauth ok access={t} scope=repo"),
        &["INFO oauth ok", "scope=repo"],
    ));
    let t = format!("{}{}", ["gh", "s_"].concat(), r.pick(ALNUM, 36));
    v.push(shape(
        "GitHub app token in a remote URL",
        t.clone(),
        format!("git remote set-url origin https://x-access-token:{t}@github.com/octo/demo.git"),
        &["https://x-access-token:", "@github.com/octo/demo.git"],
    ));
    let t = format!("{}{}", ["AK", "IA"].concat(), r.pick(UPPER32, 16));
    v.push(shape(
        "AWS access key id",
        t.clone(),
        format!("[default]\naws_access_key_id = {t}\nregion = eu-west-1"),
        &["[default]", "region = eu-west-1"],
    ));
    let t = r.pick(B64, 40);
    v.push(shape(
        "AWS secret access key",
        t.clone(),
        format!("aws_secret_access_key = {t}"),
        &["aws_secret_access_key = "],
    ));
    let t = format!("Tr0ub4dor{}", r.pick(ALNUM, 6));
    v.push(shape(
        "password=",
        t.clone(),
        format!("mysql -h db -u app password={t} --ssl"),
        &["mysql -h db -u app password=", " --ssl"],
    ));
    let t = r.pick(ALNUM, 18);
    v.push(shape(
        "postgres URL with a password",
        t.clone(),
        format!("DATABASE_URL=postgres://app_user:{t}@db:5432/app"),
        &["postgres://app_user:[redacted]@db:5432/app"],
    ));
    let t = format!(
        "{}{}-{}-{}",
        ["xo", "xb-"].concat(),
        r.pick(DIGITS, 13),
        r.pick(DIGITS, 13),
        r.pick(ALNUM, 24)
    );
    v.push(shape(
        "Slack bot token",
        t.clone(),
        format!("curl -s -H \"Authorization: Bearer {t}\" https://slack.com/api/auth.test"),
        &[
            "curl -s -H \"Authorization: Bearer ",
            "https://slack.com/api/auth.test",
        ],
    ));
    let t = format!(
        "{}{}{}{}",
        ["sk-", "proj-"].concat(),
        r.pick(URLSAFE, 74),
        ["T3Blbk", "FJ"].concat(),
        r.pick(URLSAFE, 74)
    );
    v.push(shape(
        "OpenAI project key",
        t.clone(),
        format!("openai.AuthenticationError: Incorrect API key provided: {t}.\n  File \"app.py\", line 12, in <module>"),
        &["openai.AuthenticationError: Incorrect API key provided: ", "File \"app.py\", line 12"],
    ));
    let t = format!(
        "{}{}AA",
        ["sk-", "ant-", "api03-"].concat(),
        r.pick(URLSAFE, 93)
    );
    v.push(shape(
        "Anthropic key",
        t.clone(),
        format!("client = Anthropic(api_key=\"{t}\")"),
        &["client = Anthropic(api_key=\""],
    ));
    let t = format!("{}{}", ["sk_", "live_"].concat(), r.pick(ALNUM, 24));
    v.push(shape(
        "Stripe live key",
        t.clone(),
        format!("curl https://api.stripe.com/v1/charges -u {t}: -d amount=2000"),
        &[
            "curl https://api.stripe.com/v1/charges -u ",
            " -d amount=2000",
        ],
    ));
    let t = format!("{}{}", ["gl", "pat-"].concat(), r.pick(URLSAFE, 20));
    v.push(shape(
        "GitLab token",
        t.clone(),
        format!("curl --header \"PRIVATE-TOKEN: {t}\" https://gitlab.example.com/api/v4/projects"),
        &[
            "curl --header \"PRIVATE-TOKEN: ",
            "https://gitlab.example.com/api/v4/projects",
        ],
    ));
    let t = format!("{}{}", ["np", "m_"].concat(), r.pick(ALNUM, 36));
    v.push(shape(
        "npm token",
        t.clone(),
        format!("//registry.npmjs.org/:_authToken={t}"),
        &["//registry.npmjs.org/:_authToken="],
    ));
    let t = format!("{}{}", ["AI", "za"].concat(), r.pick(URLSAFE, 35));
    v.push(shape(
        "Google API key",
        t.clone(),
        format!("GET https://maps.googleapis.com/maps/api/geocode/json?address=x&key={t} 200"),
        &["GET https://maps.googleapis.com/maps/api/geocode/json?address=x&key="],
    ));
    let t = format!(
        "{}.{}.{}",
        ["eyJhbGciOiJIUzI1NiIs", "InR5cCI6IkpXVCJ9"].concat(),
        ["eyJzdWIiOi", &r.pick(ALNUM, 40)].concat(),
        r.pick(URLSAFE, 43)
    );
    v.push(shape(
        "JWT",
        t.clone(),
        format!("request failed: 401 with cookie session={t}"),
        &["request failed: 401 with cookie session="],
    ));
    let t = r.pick(ALNUM, 28);
    v.push(shape(
        "JSON token field",
        t.clone(),
        format!("{{\"user\": \"octo\", \"token\": \"{t}\", \"expires_in\": 3600}}"),
        &[
            "{\"user\": \"octo\", \"token\": \"",
            "\", \"expires_in\": 3600}",
        ],
    ));
    let t = format!(
        "{}-{}-{}-{}-{}",
        r.pick(HEX, 8),
        r.pick(HEX, 4),
        r.pick(HEX, 4),
        r.pick(HEX, 4),
        r.pick(HEX, 12)
    );
    v.push(shape(
        "Railway Project-Access-Token header",
        t.clone(),
        format!("curl -X POST https://backboard.railway.app/graphql/v2 -H 'Project-Access-Token: {t}' -d @q.json"),
        &["https://backboard.railway.app/graphql/v2 -H 'Project-Access-Token: ", "' -d @q.json"],
    ));
    let t = format!("pg{}", r.pick(ALNUM, 14));
    env.push(("PGPASSWORD".into(), t.clone()));
    v.push(shape(
        "PGPASSWORD value",
        t.clone(),
        format!("psql: connected as app with {t} (from the environment)"),
        &["psql: connected as app with ", " (from the environment)"],
    ));
    let t = format!(
        "{}-{}-{}-{}-{}",
        r.pick(HEX, 8),
        r.pick(HEX, 4),
        r.pick(HEX, 4),
        r.pick(HEX, 4),
        r.pick(HEX, 12)
    );
    env.push(("RAILWAY_TOKEN".into(), t.clone()));
    v.push(shape(
        "RAILWAY_TOKEN value",
        t.clone(),
        format!("railway up --detach # used {t}"),
        &["railway up --detach # used "],
    ));
    let t = r.pick(ALNUM, 20);
    env.push((
        "DATABASE_URL".into(),
        format!("postgres://app:{t}@db.internal:5432/app"),
    ));
    v.push(shape(
        "DATABASE_URL's password, alone",
        t.clone(),
        format!("pg_dump failed for password {t} on db.internal"),
        &["pg_dump failed for password ", " on db.internal"],
    ));
    let (body, block) = pem(&mut r, "RSA PRIVATE KEY");
    v.push(shape(
        "PEM private key",
        body,
        format!("cat deploy.pem\n{block}"),
        &[
            "-----BEGIN RSA PRIVATE KEY-----",
            "-----END RSA PRIVATE KEY-----",
        ],
    ));
    let (body, block) = pem(&mut r, "OPENSSH PRIVATE KEY");
    v.push(shape(
        "OpenSSH private key",
        body,
        format!("~/.ssh/id_ed25519:\n{block}"),
        &["-----BEGIN OPENSSH PRIVATE KEY-----"],
    ));
    let (body, block) = pem(&mut r, "PGP PRIVATE KEY BLOCK");
    v.push(shape(
        "PGP private key",
        body,
        format!("gpg --export-secret-keys -a\n{block}"),
        &["-----BEGIN PGP PRIVATE KEY BLOCK-----"],
    ));
    let t = r.pick(ALNUM, 40);
    v.push(shape(
        "Bearer header",
        t.clone(),
        format!("> GET /v1/me HTTP/1.1\n> Authorization: Bearer {t}\n< HTTP/1.1 200 OK"),
        &[
            "> GET /v1/me HTTP/1.1",
            "> Authorization: Bearer ",
            "< HTTP/1.1 200 OK",
        ],
    ));
    let t = r.pick(HEX, 64);
    v.push(shape(
        ".env SECRET_KEY_BASE",
        t.clone(),
        format!("# .env\nRAILS_ENV=production\nSECRET_KEY_BASE={t}\nPORT=3000"),
        &["RAILS_ENV=production", "PORT=3000"],
    ));
    let t = r.pick(ALNUM, 24);
    v.push(shape(
        "YAML api_key",
        t.clone(),
        format!("service:\n  url: https://api.example.com\n  api_key: {t}\n  retries: 3"),
        &["  url: https://api.example.com", "  retries: 3"],
    ));
    let t = format!(
        "https://hooks.slack.com/services/T{}/B{}/{}",
        r.pick(UPPER32, 10),
        r.pick(UPPER32, 10),
        r.pick(ALNUM, 24)
    );
    v.push(shape(
        "Slack webhook URL",
        t.clone(),
        format!("notify: POST {t} -> 200"),
        &["notify: POST "],
    ));
    let t = r.pick(ALNUM, 22);
    v.push(shape(
        "X-Api-Key header",
        t.clone(),
        format!("curl -H \"X-Api-Key: {t}\" https://api.example.com/v2/items"),
        &["https://api.example.com/v2/items"],
    ));
    v
}

/// Ordinary text that no rule may touch.
const PROSE: &str = "The token expired yesterday, so I rotated the password in the vault and \
updated the runbook. Note: the password field is required; the auth flow now asks for a \
token only once. Fixed in commit 3f9a2c1d8e7b6a5f4c3d2e1f0a9b8c7d6e5f4a3b (short 3f9a2c1), \
request 550e8400-e29b-41d4-a716-446655440000 and trace 019a9f2e-6c1b-7d3e-9a4b-2f6e8c0d1a2b.\n\
See https://github.com/octo-org/octo-repo/pull/7, https://docs.example.com/auth/tokens?page=2 \
and postgres://db.internal:5432/app (no password in it), ssh://git@github.com/octo/demo.git.\n\
The fixture is base64: aGVsbG8gd29ybGQ= and the test used 1200 tokens; max_tokens=4096, \
author: octocat, key_count=3, monkey_key_id is a name.\n\
| metric | value |\n|---|---|\n| tokens | 1200 |\n";

async fn github() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/repos/octo/demo/issues/42/comments"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": 1,
            "html_url": "https://github.com/octo/demo/issues/42#issuecomment-1",
            "body": "x"
        })))
        .mount(&server)
        .await;
    server
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn assert_clean(what: &str, text: &str, shapes: &[Shape]) {
    for s in shapes {
        assert!(
            !text.contains(&s.secret),
            "{what} holds the secret of shape {:?}:\n{text}",
            s.name
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn no_secret_of_the_corpus_reaches_github_files_or_output_and_the_text_around_survives() {
    let gh = github().await;
    let mut env = Vec::new();
    let shapes = corpus(&mut env);
    assert!(shapes.len() >= 25, "{} shapes", shapes.len());
    let repo = Repo::with_origin("octo/demo");
    let with_env = |c: &mut assert_cmd::Command| {
        for (k, v) in &env {
            c.env(k, v);
        }
    };
    repo.tri().args(["agent", "link", "42"]).assert().success();

    // One queued step per shape: the outbox then holds every message.
    for s in &shapes {
        let mut c = repo.tri();
        with_env(&mut c);
        let out = c
            .args(["agent", "step", "--file", "-"])
            .write_stdin(s.message.clone())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}: {:?}", s.name, out);
        assert_clean(
            &format!("stdout/stderr of the step for {:?}", s.name),
            &format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
            &shapes,
        );
    }
    let mut c = repo.tri();
    with_env(&mut c);
    c.args(["agent", "step", PROSE]).assert().success();

    assert_eq!(repo.outbox_entries().len(), shapes.len() + 1);
    for f in walk(&repo.trinity()) {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        assert_clean(&f.display().to_string(), &text, &shapes);
    }
    let experience: String = repo
        .experience_files()
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(experience.contains(PROSE), "prose changed:\n{experience}");

    // Publish everything.
    let mut c = repo.tri();
    with_env(&mut c);
    let out = c
        .args(["agent", "sync"])
        .env("GH_TOKEN", "tok-for-the-stand-in")
        .env("GITHUB_API_URL", gh.uri())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_clean(
        "sync's output",
        &format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        &shapes,
    );
    let reqs = gh.received_requests().await.unwrap();
    let bodies: Vec<String> = reqs
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| json_body(r)["body"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(bodies.len(), shapes.len() + 1);
    let all = bodies.join("\n");
    assert_clean("the comments", &all, &shapes);
    if let Some(dir) = secretlint_dir() {
        let found = secretlint_findings(&dir, "bodies.md", &all);
        assert!(found.is_empty(), "secretlint in the comments: {found:#?}");
    }
    for s in &shapes {
        let body = bodies
            .iter()
            .find(|b| b.contains(&format!("Step about {}:", s.name)))
            .unwrap_or_else(|| panic!("no comment for {:?}", s.name));
        assert!(body.contains("[redacted]"), "{}: {body}", s.name);
        assert!(
            body.contains("ran the deploy job.")
                && body.contains("The build went on; nothing else changed."),
            "{}: the text around was cut:\n{body}",
            s.name
        );
        for k in &s.keep {
            assert!(body.contains(k.as_str()), "{}: lost {k:?}:\n{body}", s.name);
        }
    }
    assert!(all.contains(PROSE), "prose changed in the comment:\n{all}");
    for f in walk(&repo.trinity()) {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        assert_clean(&f.display().to_string(), &text, &shapes);
    }
}

#[test]
fn redact_check_shows_the_corpus_redacted_and_counts_without_a_secret() {
    let mut env = Vec::new();
    let shapes = corpus(&mut env);
    let text: String = shapes
        .iter()
        .map(|s| s.message.clone() + "\n")
        .chain([PROSE.to_string()])
        .collect();
    let repo = Repo::plain();
    let mut c = repo.tri();
    for (k, v) in &env {
        c.env(k, v);
    }
    let out = c
        .args(["agent", "redact-check", "--json", "--file", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_clean("redact-check --json", &stdout, &shapes);
    assert_clean(
        "redact-check's stderr",
        &String::from_utf8_lossy(&out.stderr),
        &shapes,
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let total = doc["total"].as_u64().unwrap();
    let sum: u64 = doc["redactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, sum);
    assert!(total >= shapes.len() as u64, "{doc:#}");
    assert!(doc["text"].as_str().unwrap().ends_with(PROSE));
    assert!(!repo.trinity().exists(), "redact-check wrote .trinity/");

    // Without --json: the text on stdout, the counts on stderr.
    let mut c = repo.tri();
    let out = c
        .args([
            "agent",
            "redact-check",
            "password=hunter2hunter2 and the rest",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "password=[redacted] and the rest\n"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 redaction."), "{err}");
}

/// An independent oracle, when secretlint is installed: `TRI_SECRETLINT_DIR` names a
/// directory where `npm install secretlint @secretlint/secretlint-rule-preset-recommend`
/// was run. secretlint (its recommended preset) must find the secrets in the raw corpus
/// (so the oracle works) and nothing in what tri would publish. Without it: a failure, unless
/// `TRI_SKIP_SECRETLINT=1` (tests/common/skip.rs).
#[test]
fn secretlint_finds_nothing_in_what_tri_publishes() {
    let Some(dir) = secretlint_dir() else {
        return;
    };
    let mut env = Vec::new();
    let shapes = corpus(&mut env);
    let raw: String = shapes.iter().map(|s| s.message.clone() + "\n").collect();
    let repo = Repo::plain();
    let mut c = repo.tri();
    for (k, v) in &env {
        c.env(k, v);
    }
    let out = c
        .args(["agent", "redact-check", "--json", "--file", "-"])
        .write_stdin(raw.clone())
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let published = doc["text"].as_str().unwrap().to_string();
    let findings = |name: &str, text: &str| secretlint_findings(&dir, name, text);
    let before = findings("raw.txt", &raw);
    assert!(
        before.len() >= 10,
        "secretlint found only {} secrets in the raw corpus: the oracle does not work",
        before.len()
    );
    let after = findings("published.txt", &published);
    assert!(
        after.is_empty(),
        "secretlint found secrets in what tri publishes: {after:#?}"
    );
    eprintln!(
        "secretlint: {} findings in the raw corpus, none in what tri publishes",
        before.len()
    );
}

/// Where secretlint is installed: `TRI_SECRETLINT_DIR`, else tests/contract (where
/// scripts/test.sh runs `npm ci`); `None` only when the developer set `TRI_SKIP_SECRETLINT=1`.
fn secretlint_dir() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("TRI_SECRETLINT_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/contract"));
    if dir.join("node_modules/.bin/secretlint").exists() {
        return Some(dir);
    }
    skip::missing(
        "SECRETLINT",
        &format!("secretlint not installed under {}", dir.display()),
        "./scripts/test.sh",
    );
    None
}

/// secretlint's findings (`--format json`, the recommended preset) in `text`, written to a
/// scratch file `name`, but those whose matched text holds the marker: a connection string
/// is still one with `[redacted]` as its password (`postgres://app_user:[redacted]@db:5432/app`,
/// the shape tri keeps on purpose). `dir`: where secretlint is installed.
fn secretlint_findings(dir: &std::path::Path, name: &str, text: &str) -> Vec<String> {
    let scratch = tempfile::tempdir().unwrap();
    let rc = scratch.path().join(".secretlintrc.json");
    std::fs::write(
        &rc,
        r#"{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}"#,
    )
    .unwrap();
    let f = scratch.path().join(name);
    std::fs::write(&f, text).unwrap();
    let out = std::process::Command::new(dir.join("node_modules/.bin/secretlint"))
        .current_dir(dir)
        .args(["--format", "json", "--secretlintrc"])
        .arg(&rc)
        .arg(&f)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("secretlint's output: {e}: {out:?}"));
    let units: Vec<u16> = text.encode_utf16().collect();
    doc.as_array()
        .unwrap()
        .iter()
        .flat_map(|file| file["messages"].as_array().unwrap().clone())
        .filter_map(|m| {
            let r = m["range"].as_array().unwrap();
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            let matched = String::from_utf16_lossy(&units[a..b.min(units.len())]);
            (!matched.contains("[redacted]")).then(|| format!("{}: {matched}", m["ruleId"]))
        })
        .collect()
}
