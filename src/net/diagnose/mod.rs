//! What went wrong on the network, in one line: the cause (untrusted certificate, refused
//! proxy, unknown host, time-out) without the wrapping of each layer, and the [`Phase`] the
//! failure happened in, which tells the retry policy whether the server may have acted.
//!
//! Pure functions of an error and the settings of the client that made the request
//! ([`crate::net::Client::classify`] passes its own).

mod symptoms;

pub use symptoms::{symptoms, tls_problem, Symptoms, TlsProblem};

use super::proxy::{ProxySettings, ProxyVar};
use super::{Timeouts, CONNECT_TIMEOUT, REQUEST_TIMEOUT};

/// When a transport failure happened, which decides whether the server may have acted on
/// the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Before the request was sent, because of this machine's setup (the server's
    /// certificate is not trusted, SSL_CERT_FILE cannot be read, the proxy wants
    /// credentials): never sent, and trying again will not help until the setup changes.
    Setup,
    /// Before the request was sent (DNS, TCP, proxy, TLS, connect time-out): never sent.
    Connect,
    /// Sent, and no answer came within the request time-out: the server may have acted.
    Timeout,
    /// Sent, and the connection broke: the server may have acted.
    Dropped,
}

/// The phase and one-line description of transport error `err` (anything in a reqwest,
/// hyper, io or rustls chain), for a request made with `proxies` and `timeouts`, e.g.
/// `(Setup, "the certificate of ghe.corp:443 is not trusted ...")`,
/// `(Connect, "the proxy http://proxy:3128 (HTTPS_PROXY) refused the connection")`,
/// `(Connect, "cannot resolve the host name ghe.corp: ...")`. Pure but for reading the chain.
pub fn classify(
    err: &(dyn std::error::Error + 'static),
    proxies: &ProxySettings,
    timeouts: Timeouts,
) -> (Phase, String) {
    describe_symptoms(&symptoms(err), proxies, timeouts)
}

/// The one-line description of [`classify`].
pub fn describe(
    err: &(dyn std::error::Error + 'static),
    proxies: &ProxySettings,
    timeouts: Timeouts,
) -> String {
    classify(err, proxies, timeouts).1
}

/// `ms` as seconds for a message: `30`, `2.5`.
fn secs(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{}", ms / 1000)
    } else {
        format!("{:.1}", ms as f64 / 1000.0)
    }
}

/// The phase and one-line description for `s`, naming the proxy that `proxies` chose for
/// the request's URL (never its credentials) and the time-out of `timeouts` that fired, in
/// seconds. Pure.
pub fn describe_symptoms(
    s: &Symptoms,
    proxies: &ProxySettings,
    timeouts: Timeouts,
) -> (Phase, String) {
    let url = s.url.as_deref().and_then(|u| reqwest::Url::parse(u).ok());
    let host = url
        .as_ref()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "the server".to_string());
    let target = match url.as_ref().and_then(|u| u.port_or_known_default()) {
        Some(p) => format!("{host}:{p}"),
        None => host.clone(),
    };
    let proxy = url
        .as_ref()
        .and_then(|u| proxies.proxy_for(u.scheme(), u.host_str()?, u.port_or_known_default()));
    let via = |p: &ProxyVar| format!("the proxy {} ({})", p.shown(), p.var);
    if let Some(t) = &s.tls {
        let m = match t {
            TlsProblem::UnknownIssuer => format!(
                "the certificate of {target} is not trusted (issued by an authority this machine does not trust); if the server uses an internal certificate authority, set SSL_CERT_FILE to a PEM file holding that authority's certificate"
            ),
            TlsProblem::Expired => format!(
                "the certificate of {target} has expired or is not yet valid; check this machine's clock"
            ),
            TlsProblem::WrongName => {
                format!("the certificate of {target} is not valid for the name {host}")
            }
            TlsProblem::TrustStore(m) => format!("cannot read the trusted certificates: {m}"),
            TlsProblem::BadCertificate(m) => {
                format!("the certificate of {target} is not acceptable ({m})")
            }
            TlsProblem::Other(m) => format!("the TLS handshake with {target} failed: {m}"),
        };
        let phase = match t {
            TlsProblem::Other(_) => Phase::Connect,
            _ => Phase::Setup,
        };
        return (phase, m);
    }
    if s.proxy_auth {
        if let Some(p) = proxy {
            return (
                Phase::Setup,
                format!(
                    "{} asks for credentials (407); put them in the URL: http://USER:PASSWORD@HOST:PORT",
                    via(p)
                ),
            );
        }
    }
    if s.tunnel_refused {
        let who = proxy.map(via).unwrap_or_else(|| "the proxy".to_string());
        return (
            Phase::Connect,
            format!("{who} refused to open a tunnel to {target}"),
        );
    }
    if s.dns {
        return match proxy {
            Some(p) => (
                Phase::Connect,
                format!(
                    "cannot resolve the host name of {}: {}",
                    via(p),
                    s.innermost
                ),
            ),
            None => (
                Phase::Connect,
                format!("cannot resolve the host name {host}: {}", s.innermost),
            ),
        };
    }
    if s.timeout {
        if s.connect {
            let who = proxy.map(via).unwrap_or_else(|| target.clone());
            return (
                Phase::Connect,
                format!(
                    "{who} did not answer within {} s while connecting ({})",
                    secs(timeouts.connect_ms),
                    CONNECT_TIMEOUT.name
                ),
            );
        }
        return (
            Phase::Timeout,
            format!(
                "{target} did not answer within {} s ({})",
                secs(timeouts.request_ms),
                REQUEST_TIMEOUT.name
            ),
        );
    }
    if s.refused {
        return match proxy {
            Some(p) => (Phase::Connect, format!("{} refused the connection", via(p))),
            None => (Phase::Connect, format!("{target} refused the connection")),
        };
    }
    if s.connect {
        let who = match proxy {
            Some(p) => format!("{} to {target}", via(p)),
            None => target,
        };
        return (
            Phase::Connect,
            format!("cannot connect to {who}: {}", s.innermost),
        );
    }
    (Phase::Dropped, format!("{} ({target})", s.innermost))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::tests::env_of;

    fn sym(url: &str) -> Symptoms {
        Symptoms {
            url: Some(url.to_string()),
            connect: true,
            innermost: "x".into(),
            ..Default::default()
        }
    }

    const T: Timeouts = Timeouts {
        connect_ms: 10_000,
        request_ms: 2_500,
    };

    #[test]
    fn descriptions_name_the_cause() {
        let none = ProxySettings::default();
        let ghe = "https://ghe.corp/api/v3/repos/o/r/issues/1/comments";
        let (ph, m) = describe_symptoms(
            &Symptoms {
                tls: Some(TlsProblem::UnknownIssuer),
                ..sym(ghe)
            },
            &none,
            T,
        );
        assert_eq!(ph, Phase::Setup);
        assert!(
            m.contains("certificate of ghe.corp:443 is not trusted"),
            "{m}"
        );
        assert!(m.contains("SSL_CERT_FILE"), "{m}");

        let (_, m) = describe_symptoms(
            &Symptoms {
                dns: true,
                ..sym(ghe)
            },
            &none,
            T,
        );
        assert!(m.contains("cannot resolve the host name ghe.corp"), "{m}");

        let (ph, m) = describe_symptoms(
            &Symptoms {
                timeout: true,
                connect: false,
                ..sym(ghe)
            },
            &none,
            T,
        );
        assert_eq!(ph, Phase::Timeout);
        assert_eq!(
            m,
            "ghe.corp:443 did not answer within 2.5 s (TRI_HTTP_TIMEOUT_S)"
        );

        let (ph, m) = describe_symptoms(
            &Symptoms {
                timeout: true,
                ..sym(ghe)
            },
            &none,
            T,
        );
        assert_eq!(ph, Phase::Connect);
        assert!(m.contains("within 10 s while connecting"), "{m}");

        let (ph, m) = describe_symptoms(
            &Symptoms {
                connect: false,
                innermost: "connection reset".into(),
                ..sym(ghe)
            },
            &none,
            T,
        );
        assert_eq!(ph, Phase::Dropped);
        assert_eq!(m, "connection reset (ghe.corp:443)");
    }

    #[test]
    fn proxy_failures_name_the_proxy() {
        let p = ProxySettings::from_env(&env_of(&[("HTTPS_PROXY", "http://u:pw@proxy.corp:3128")]))
            .unwrap();
        let url = "https://api.github.com/repos/o/r/issues/1/comments";
        let (ph, m) = describe_symptoms(
            &Symptoms {
                refused: true,
                ..sym(url)
            },
            &p,
            T,
        );
        assert_eq!(ph, Phase::Connect);
        assert_eq!(
            m,
            "the proxy http://proxy.corp:3128 (HTTPS_PROXY) refused the connection"
        );
        assert!(!m.contains("pw"));
        let (_, m) = describe_symptoms(
            &Symptoms {
                dns: true,
                ..sym(url)
            },
            &p,
            T,
        );
        assert!(
            m.contains("the proxy http://proxy.corp:3128 (HTTPS_PROXY)"),
            "{m}"
        );
        let (_, m) = describe_symptoms(
            &Symptoms {
                tunnel_refused: true,
                ..sym(url)
            },
            &p,
            T,
        );
        assert!(
            m.contains("refused to open a tunnel to api.github.com:443"),
            "{m}"
        );
    }

    #[test]
    fn proxy_credentials_and_no_proxy() {
        let p = ProxySettings::from_env(&env_of(&[
            ("HTTPS_PROXY", "http://u:pw@proxy.corp:3128"),
            ("NO_PROXY", "ghe.corp"),
        ]))
        .unwrap();
        let (ph, m) = describe_symptoms(
            &Symptoms {
                proxy_auth: true,
                ..sym("https://api.github.com/x")
            },
            &p,
            T,
        );
        assert_eq!(ph, Phase::Setup);
        assert!(
            m.starts_with(
                "the proxy http://proxy.corp:3128 (HTTPS_PROXY) asks for credentials (407)"
            ),
            "{m}"
        );
        assert!(!m.contains("pw"), "{m}");
        // A host in NO_PROXY is reached directly: its failure does not name the proxy.
        let (_, m) = describe_symptoms(
            &Symptoms {
                refused: true,
                ..sym("https://ghe.corp/api/v3")
            },
            &p,
            T,
        );
        assert_eq!(m, "ghe.corp:443 refused the connection");
    }

    #[test]
    fn classify_reads_a_real_chain() {
        let err = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let (ph, m) = classify(&err, &ProxySettings::default(), T);
        assert_eq!(ph, Phase::Connect);
        assert_eq!(m, "the server refused the connection");
        assert_eq!(describe(&err, &ProxySettings::default(), T), m);
    }
}
