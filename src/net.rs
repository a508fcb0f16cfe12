//! The HTTP client shared by the GitHub and Railway clients: one place for TLS trust,
//! proxies and time-outs.
//!
//! - TLS: rustls with the `ring` provider; trust through `rustls-platform-verifier` (the
//!   platform store, which on Linux honours `SSL_CERT_FILE` and `SSL_CERT_DIR`).
//! - Proxies: reqwest reads `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (and
//!   their lower-case forms) as curl does.
//! - Time-outs: connect [`DEFAULT_CONNECT_TIMEOUT_S`] s and whole request
//!   [`DEFAULT_REQUEST_TIMEOUT_S`] s; `TRI_HTTP_CONNECT_TIMEOUT_S` and `TRI_HTTP_TIMEOUT_S`
//!   change them.

use crate::error::{Error, Result};
use std::time::Duration;

/// Default connect time-out, seconds.
pub const DEFAULT_CONNECT_TIMEOUT_S: u64 = 10;
/// Default whole-request time-out, seconds.
pub const DEFAULT_REQUEST_TIMEOUT_S: u64 = 30;

/// The User-Agent tri sends (GitHub requires one).
pub const USER_AGENT: &str = concat!("tri/", env!("CARGO_PKG_VERSION"));

/// Time-outs of the HTTP client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// TCP + TLS connect, ms.
    pub connect_ms: u64,
    /// The whole request (connect, send, answer), ms.
    pub request_ms: u64,
}

impl Timeouts {
    /// Reads `TRI_HTTP_CONNECT_TIMEOUT_S` / `TRI_HTTP_TIMEOUT_S` (seconds, fractions allowed)
    /// through `env`, falling back to the defaults. Pure.
    ///
    /// Errors: [`Error::Usage`] when a value is not a positive number.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Timeouts> {
        let read = |name: &str, default_s: u64| -> Result<u64> {
            match env(name) {
                None => Ok(default_s * 1000),
                Some(v) => match v.trim().parse::<f64>() {
                    Ok(s) if s > 0.0 && s.is_finite() => Ok((s * 1000.0).round().max(1.0) as u64),
                    _ => Err(Error::Usage(format!(
                        "{name}=`{v}` is not a positive number of seconds"
                    ))),
                },
            }
        };
        Ok(Timeouts {
            connect_ms: read("TRI_HTTP_CONNECT_TIMEOUT_S", DEFAULT_CONNECT_TIMEOUT_S)?,
            request_ms: read("TRI_HTTP_TIMEOUT_S", DEFAULT_REQUEST_TIMEOUT_S)?,
        })
    }
}

/// Installs rustls' `ring` provider as the process default (once; later calls do nothing).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Builds the shared reqwest client with tri's trust, proxy and time-out rules.
///
/// Errors: [`Error::Other`] when the TLS or proxy configuration cannot be built.
pub fn client(timeouts: Timeouts) -> Result<reqwest::Client> {
    install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_millis(timeouts.connect_ms))
        .timeout(Duration::from_millis(timeouts.request_ms))
        .build()
        .map_err(|e| Error::Other(format!("cannot set up the HTTP client: {e}")))
}

/// The environment of this process, as the `env` readers of pure functions take it.
/// Empty values count as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_default_and_override() {
        let none = |_: &str| None;
        assert_eq!(
            Timeouts::from_env(&none).unwrap(),
            Timeouts {
                connect_ms: 10_000,
                request_ms: 30_000
            }
        );
        let some = |k: &str| (k == "TRI_HTTP_TIMEOUT_S").then(|| "0.5".to_string());
        assert_eq!(Timeouts::from_env(&some).unwrap().request_ms, 500);
        let bad = |k: &str| (k == "TRI_HTTP_TIMEOUT_S").then(|| "soon".to_string());
        assert!(matches!(Timeouts::from_env(&bad), Err(Error::Usage(_))));
    }
}

/// One line describing an error and its causes, outermost first, repeated parts removed:
/// e.g. `error sending request: client error (Connect): tcp connect error: Connection refused`.
pub fn describe_error(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        let s = e.to_string();
        if !s.is_empty() && !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = e.source();
    }
    parts.join(": ")
}
