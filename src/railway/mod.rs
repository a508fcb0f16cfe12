//! The Railway GraphQL client: reqwest (tri's shared client, [`crate::net::Client`]) and
//! serde_json, with every operation a `graphql_client` derive checked at compile time
//! against Railway's schema vendored in `src/railway/gql/` (from the crates.io package
//! `railwayapp`, MIT; see `gql/README.md`).
//!
//! Environment (DESIGN.md, "Environment"); account 1 uses the plain names, farm accounts 2..8
//! the same names with the suffix `_2`..`_8`:
//! - `RAILWAY_API_TOKEN` (sent as `Authorization: Bearer`) or `RAILWAY_TOKEN` (a project
//!   token, sent as `Project-Access-Token`);
//! - `RAILWAY_PROJECT_ID`, `RAILWAY_ENVIRONMENT_ID`;
//! - `TRI_RAILWAY_API_URL` overrides [`DEFAULT_API_URL`] (all accounts).
//!
//! Retries: see [`retry_wait_ms`]. 401/403, and GraphQL errors saying "Not Authorized", are
//! [`Error::Auth`] naming the variable to set.
//!
//! Rate limits: every request passes the machine's gate for this endpoint and token
//! ([`crate::gate`], [`crate::gate::Limits::BLOCKS_ONLY`]): a 429 is written there as a
//! block until its `retry-after` (or the backoff), so every tri process on the machine
//! holds off until then, not just this one. A request waits for a block at most
//! [`MAX_RETRY_AFTER_MS`]; past that it fails at once, saying until when. Railway requests
//! are not paced or made serial (Railway documents no such rule): they respect blocks only.

pub mod ops;

use crate::error::{Error, Result};
use crate::gate::{self, Gate, Kind, Limits};
use crate::net::retry::{self, Failure, RetryDecision, StatusFailure};
use graphql_client::{GraphQLQuery, QueryBody, Response};
use std::time::Duration;

/// Railway's public GraphQL endpoint.
pub const DEFAULT_API_URL: &str = "https://backboard.railway.com/graphql/v2";

/// Longest wait for a rate limit (`retry-after`, a block in the gate) within one request,
/// ms; a longer one fails the request, saying until when.
pub const MAX_RETRY_AFTER_MS: u64 = 60_000;

/// How a token is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// An account or team token: `Authorization: Bearer <token>`.
    Bearer,
    /// A project token: `Project-Access-Token: <token>`.
    ProjectAccess,
}

/// The credentials and target of one farm account.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The farm account (1..8).
    pub account_id: u32,
    /// The token.
    pub token: String,
    /// How it is sent.
    pub kind: TokenKind,
    /// The variable it came from (for messages; never the value).
    pub token_var: String,
    /// `RAILWAY_PROJECT_ID[_N]`.
    pub project_id: Option<String>,
    /// `RAILWAY_ENVIRONMENT_ID[_N]`.
    pub environment_id: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("account_id", &self.account_id)
            .field("token", &format!("<from {}>", self.token_var))
            .field("project_id", &self.project_id)
            .field("environment_id", &self.environment_id)
            .finish()
    }
}

/// The variable suffix of a farm account: `""` for 1, `"_N"` for 2..8.
pub fn suffix(account_id: u32) -> String {
    if account_id <= 1 {
        String::new()
    } else {
        format!("_{account_id}")
    }
}

/// The credentials of `account_id` from `env`; `None` when neither token variable is set.
/// `RAILWAY_API_TOKEN[_N]` wins over `RAILWAY_TOKEN[_N]`. Pure.
pub fn credentials(account_id: u32, env: &crate::env::Env) -> Option<Credentials> {
    let sfx = suffix(account_id);
    let pick = |name: &str, kind| {
        let var = format!("{name}{sfx}");
        env(&var).map(|t| (t.trim().to_string(), kind, var))
    };
    let (token, kind, token_var) = pick("RAILWAY_API_TOKEN", TokenKind::Bearer)
        .or_else(|| pick("RAILWAY_TOKEN", TokenKind::ProjectAccess))?;
    Some(Credentials {
        account_id,
        token,
        kind,
        token_var,
        project_id: env(&format!("RAILWAY_PROJECT_ID{sfx}")),
        environment_id: env(&format!("RAILWAY_ENVIRONMENT_ID{sfx}")),
    })
}

/// The endpoint: `TRI_RAILWAY_API_URL` or [`DEFAULT_API_URL`], checked
/// ([`crate::net::check_api_url`]: https, or plain http only to a loopback host).
///
/// Errors: [`Error::Usage`] naming `TRI_RAILWAY_API_URL`.
pub fn api_url(env: &crate::env::Env) -> Result<String> {
    let url = env("TRI_RAILWAY_API_URL")
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| DEFAULT_API_URL.to_string());
    crate::net::check_api_url("TRI_RAILWAY_API_URL", &url, DEFAULT_API_URL)?;
    Ok(url)
}

/// What came back from one attempt, as the retry rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The connection could not be made (nothing reached Railway).
    Connect,
    /// Sent, but no answer came (time-out, dropped connection): Railway may have acted.
    NoAnswer,
    /// An HTTP status, with `retry-after` seconds when given.
    Status(u16, Option<u64>),
}

/// How long to wait before attempt `attempts + 1`, ms; `None` to stop. Pure: the shared
/// policy ([`crate::net::retry`], the same attempts and backoff as GitHub's) with
/// [`retry::decide_blind`]'s rule for mutations, which Railway has no look-up for:
/// - 429: `retry-after` (capped at [`MAX_RETRY_AFTER_MS`]) or backoff;
/// - connection errors: backoff (nothing reached Railway);
/// - 5xx and lost answers: backoff for queries; a mutation is never sent again, since
///   re-sending a `serviceCreate` Railway carried out would make a second service (a 502,
///   503 or 504 included: a gateway can give up after Railway finished);
/// - anything else (incl. 401/403): no retry.
pub fn retry_wait_ms(a: &Attempt, attempts: u32, mutation: bool, jitter: f64) -> Option<u64> {
    let f = match a {
        Attempt::Connect => Failure::Connect(String::new()),
        Attempt::NoAnswer => Failure::Timeout(String::new()),
        Attempt::Status(code, ra) => Failure::Status(StatusFailure {
            status: *code,
            retry_after_s: *ra,
            // Railway's 403 is a refusal of the token, never a rate limit.
            message: String::new(),
            ..Default::default()
        }),
    };
    if attempts >= retry::MAX_ATTEMPTS {
        return None;
    }
    match a {
        // Railway's 403 refuses the token; it is never a rate limit.
        Attempt::Status(403, _) => return None,
        // Railway's 429: its `retry-after`, capped, else backoff (GitHub's secondary-limit
        // minute does not apply here).
        Attempt::Status(429, ra) => {
            return Some(
                ra.map(|s| s.saturating_mul(1000).min(MAX_RETRY_AFTER_MS))
                    .unwrap_or_else(|| retry::backoff_ms(attempts, jitter)),
            )
        }
        _ => {}
    }
    let ctx = retry::Context {
        attempts,
        now_epoch_s: 0,
        waited_ms: 0,
        budget_ms: MAX_RETRY_AFTER_MS,
        jitter,
        secondary_wait_ms: retry::SECONDARY_MIN_WAIT_MS,
    };
    match retry::decide_blind(&f, mutation, &ctx) {
        RetryDecision::RetryAfter(ms) => Some(ms.min(MAX_RETRY_AFTER_MS)),
        RetryDecision::GiveUp(_) => None,
    }
}

/// Whether a GraphQL document's first operation is a mutation (its first word outside
/// `#` comments is `mutation`). Pure.
pub fn is_mutation(query: &str) -> bool {
    query
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .find(|l| !l.is_empty())
        .is_some_and(|l| l.split(|c: char| !c.is_ascii_alphanumeric()).next() == Some("mutation"))
}

/// The message of an authentication failure: what was refused and which variable to set.
pub fn auth_message(creds: &Credentials, what: &str) -> String {
    let sfx = suffix(creds.account_id);
    format!(
        "Railway refused the token in {} ({what}); set RAILWAY_API_TOKEN{sfx} to an account or team token (or RAILWAY_TOKEN{sfx} to a project token) from https://railway.com/account/tokens",
        creds.token_var
    )
}

/// A Railway client for one farm account.
#[derive(Clone)]
pub struct Railway {
    http: crate::net::Client,
    url: String,
    creds: Credentials,
    gate: Gate,
}

impl std::fmt::Debug for Railway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Railway")
            .field("url", &self.url)
            .field("creds", &self.creds)
            .finish()
    }
}

impl Railway {
    /// A client for `creds` at `url` over `http` (build it with [`crate::net::client`]);
    /// transport errors are described with `http`'s proxy and time-outs.
    ///
    /// Errors: [`Error::Auth`] when the token holds characters no header may carry.
    pub fn new(http: crate::net::Client, url: String, creds: Credentials) -> Result<Railway> {
        if creds.token.is_empty() || !creds.token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::Auth(format!(
                "{} holds characters a Railway token cannot have; {}",
                creds.token_var,
                auth_message(&creds, "malformed")
                    .split_once("; ")
                    .map(|(_, b)| b)
                    .unwrap_or("")
            )));
        }
        let gate = Gate::per_process(gate::Api::Railway, Limits::BLOCKS_ONLY);
        Ok(Railway {
            http,
            url,
            creds,
            gate,
        })
    }

    /// The machine's gate for this endpoint and token in `dir` ([`gate::dir_from_env`]):
    /// what [`Railway::with_gate`] takes.
    pub fn machine_gate(url: &str, creds: &Credentials, dir: Option<&std::path::Path>) -> Gate {
        Gate::open_in(
            dir,
            gate::Api::Railway,
            url,
            &creds.token,
            Limits::BLOCKS_ONLY,
        )
    }

    /// This client passing `gate` (from [`Railway::machine_gate`]) instead of one kept by
    /// this client alone.
    pub fn with_gate(mut self, gate: Gate) -> Railway {
        self.gate = gate;
        self
    }

    /// The gate this client passes (for its warnings and blocks).
    pub fn gate(&self) -> &Gate {
        &self.gate
    }

    /// The credentials in use.
    pub fn credentials(&self) -> &Credentials {
        &self.creds
    }

    /// `RAILWAY_PROJECT_ID[_N]`, or a usage error naming it.
    pub fn project_id(&self) -> Result<String> {
        self.creds.project_id.clone().ok_or_else(|| {
            Error::Usage(format!(
                "set RAILWAY_PROJECT_ID{} to the Railway project that holds the sandboxes",
                suffix(self.creds.account_id)
            ))
        })
    }

    /// `RAILWAY_ENVIRONMENT_ID[_N]`, or a usage error naming it.
    pub fn environment_id(&self) -> Result<String> {
        self.creds.environment_id.clone().ok_or_else(|| {
            Error::Usage(format!(
                "set RAILWAY_ENVIRONMENT_ID{} to the Railway environment of the sandboxes",
                suffix(self.creds.account_id)
            ))
        })
    }

    /// Sends operation `Q` with `vars` and returns its data, retrying per [`retry_wait_ms`].
    ///
    /// Errors: [`Error::Auth`] (401/403/"Not Authorized"); [`Error::Unconfirmed`] for a
    /// mutation that got no answer or a 5xx (it may have been carried out; it is not sent
    /// again); [`Error::Other`] for other failures (the GraphQL error messages, or the HTTP
    /// status).
    pub async fn send<Q: GraphQLQuery>(&self, vars: Q::Variables) -> Result<Q::ResponseData> {
        let body: QueryBody<Q::Variables> = Q::build_query(vars);
        let op = body.operation_name;
        let mutation = is_mutation(body.query);
        let bytes = serde_json::to_vec(&body)
            .map_err(|e| Error::Other(format!("cannot encode Railway {op}: {e}")))?;
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let permit = self
                .gate
                .acquire(Kind::Read, MAX_RETRY_AFTER_MS)
                .await
                .map_err(|r| Error::Other(format!("Railway {op}: {r}; try again then")))?;
            // The gate's warnings (an unusable directory, a corrupt state file), once each;
            // stderr, as this client has no output of its own.
            for w in self.gate.take_warnings() {
                eprintln!("tri: warning: {w}");
            }
            let mut req = self
                .http
                .http()
                .post(&self.url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(bytes.clone());
            req = match self.creds.kind {
                TokenKind::Bearer => req.bearer_auth(&self.creds.token),
                TokenKind::ProjectAccess => req.header("Project-Access-Token", &self.creds.token),
            };
            let (attempt, text) = match req.send().await {
                Err(e) => {
                    let a = if e.is_connect() {
                        Attempt::Connect
                    } else {
                        Attempt::NoAnswer
                    };
                    (a, self.http.describe(&e))
                }
                Ok(res) => {
                    let status = res.status().as_u16();
                    let ra = res
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok());
                    let redirect = crate::net::unfollowed_redirect(
                        status,
                        res.headers(),
                        "TRI_RAILWAY_API_URL",
                    );
                    match res.bytes().await {
                        Ok(b) if (200..300).contains(&status) => {
                            return self.decode::<Q>(op, &b);
                        }
                        Ok(b) => {
                            if status == 401 || status == 403 {
                                return Err(Error::Auth(auth_message(
                                    &self.creds,
                                    &format!("HTTP {status}"),
                                )));
                            }
                            let snippet: String = redirect.unwrap_or_else(|| {
                                String::from_utf8_lossy(&b).chars().take(200).collect()
                            });
                            (
                                Attempt::Status(status, ra),
                                format!("HTTP {status}: {snippet}"),
                            )
                        }
                        Err(e) => (Attempt::NoAnswer, self.http.describe(&e)),
                    }
                }
            };
            drop(permit);
            match retry_wait_ms(&attempt, attempts, mutation, fastrand::f64()) {
                Some(ms) => match attempt {
                    // Every process holds off: the next try waits for the block at the gate.
                    Attempt::Status(429, ra) => self.gate.record_block(
                        gate::now_ms().saturating_add(ra.map_or(ms, |s| s.saturating_mul(1000))),
                        &format!(
                            "Railway answered 429{}",
                            ra.map(|s| format!(" with retry-after: {s}"))
                                .unwrap_or_default()
                        ),
                    ),
                    _ => tokio::time::sleep(Duration::from_millis(ms)).await,
                },
                None => {
                    // A change that may have been carried out: say so, distinctly.
                    let unanswered = match attempt {
                        Attempt::NoAnswer => true,
                        Attempt::Status(code, _) => code >= 500,
                        Attempt::Connect => false,
                    };
                    if mutation && unanswered {
                        return Err(Error::Unconfirmed(format!(
                            "Railway {op} got no answer ({text}); Railway may have carried it out, and tri does not send a change twice"
                        )));
                    }
                    return Err(Error::Other(format!(
                        "Railway {op} failed after {attempts} attempt(s): {text}"
                    )));
                }
            }
        }
    }

    fn decode<Q: GraphQLQuery>(&self, op: &str, bytes: &[u8]) -> Result<Q::ResponseData> {
        let res: Response<Q::ResponseData> = serde_json::from_slice(bytes).map_err(|e| {
            Error::Other(format!(
                "Railway answered {op} with something tri cannot read: {e}"
            ))
        })?;
        if let Some(errors) = res.errors.filter(|e| !e.is_empty()) {
            let msgs: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
            let joined = msgs.join("; ");
            let lower = joined.to_ascii_lowercase();
            if lower.contains("not authorized") || lower.contains("unauthorized") {
                return Err(Error::Auth(auth_message(&self.creds, &joined)));
            }
            return Err(Error::Other(format!("Railway {op}: {joined}")));
        }
        res.data
            .ok_or_else(|| Error::Other(format!("Railway answered {op} with no data")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn credentials_per_account_with_suffixes() {
        let e = env(&[
            ("RAILWAY_TOKEN", "p1"),
            ("RAILWAY_PROJECT_ID", "proj1"),
            ("RAILWAY_API_TOKEN_3", "a3"),
            ("RAILWAY_TOKEN_3", "p3"),
            ("RAILWAY_ENVIRONMENT_ID_3", "env3"),
        ]);
        let c1 = credentials(1, &e).unwrap();
        assert_eq!(c1.kind, TokenKind::ProjectAccess);
        assert_eq!(c1.token_var, "RAILWAY_TOKEN");
        assert_eq!(c1.project_id.as_deref(), Some("proj1"));
        assert!(credentials(2, &e).is_none());
        let c3 = credentials(3, &e).unwrap();
        assert_eq!(c3.kind, TokenKind::Bearer);
        assert_eq!(c3.token_var, "RAILWAY_API_TOKEN_3");
        assert_eq!(c3.environment_id.as_deref(), Some("env3"));
        assert!(!format!("{c3:?}").contains("a3\""));
    }

    #[test]
    fn mutations_are_told_from_queries() {
        assert!(is_mutation(ops::service_create::QUERY));
        assert!(!is_mutation(ops::deployment_status::QUERY));
        assert!(is_mutation("# c\n\nmutation X { a }"));
        assert!(!is_mutation("# mutation in a comment\nquery Q { a }"));
        assert!(!is_mutation("{ a }"));
    }

    #[test]
    fn retry_rule() {
        assert_eq!(
            retry_wait_ms(&Attempt::Status(429, Some(2)), 1, true, 0.0),
            Some(2000)
        );
        assert_eq!(
            retry_wait_ms(&Attempt::Status(429, None), 1, true, 0.0),
            Some(250)
        );
        assert_eq!(
            retry_wait_ms(&Attempt::Status(500, None), 1, false, 1.0),
            Some(500)
        );
        assert_eq!(
            retry_wait_ms(&Attempt::Status(500, None), 1, true, 1.0),
            None
        );
        // A mutation is not sent again after any 5xx, 502-504 included: a gateway can
        // give up after Railway carried it out, and a second send would do it twice.
        for code in [502, 503, 504] {
            assert_eq!(
                retry_wait_ms(&Attempt::Status(code, None), 2, true, 0.0),
                None
            );
            assert_eq!(
                retry_wait_ms(&Attempt::Status(code, None), 2, false, 0.0),
                Some(500)
            );
        }
        assert_eq!(
            retry_wait_ms(&Attempt::Status(401, None), 1, false, 0.0),
            None
        );
        assert_eq!(retry_wait_ms(&Attempt::NoAnswer, 1, true, 0.0), None);
        assert_eq!(
            retry_wait_ms(&Attempt::Status(429, None), retry::MAX_ATTEMPTS, false, 0.0),
            None
        );
        assert_eq!(
            retry_wait_ms(&Attempt::Status(429, Some(3600)), 1, false, 0.0),
            Some(MAX_RETRY_AFTER_MS)
        );
    }
}
