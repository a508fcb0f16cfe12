//! What an error chain says happened: reads reqwest's, hyper's, io's and rustls' errors,
//! wherever they sit in the chain, into plain [`Symptoms`].

use crate::net::roots::TRUST_PREFIX;

/// What [`super::classify`] reads from an error chain. Pure data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Symptoms {
    /// The request URL, if the chain names it.
    pub url: Option<String>,
    /// Whether the failure happened while connecting.
    pub connect: bool,
    /// Whether a time-out fired.
    pub timeout: bool,
    /// Whether DNS resolution failed.
    pub dns: bool,
    /// Whether the connection was refused.
    pub refused: bool,
    /// The proxy answered 407.
    pub proxy_auth: bool,
    /// The proxy refused the CONNECT tunnel.
    pub tunnel_refused: bool,
    /// A TLS failure, classed.
    pub tls: Option<TlsProblem>,
    /// The innermost message of the chain.
    pub innermost: String,
}

/// A TLS failure, classed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsProblem {
    /// The certificate was issued by an authority not trusted here.
    UnknownIssuer,
    /// The certificate has expired or is not yet valid.
    Expired,
    /// The certificate does not name the host.
    WrongName,
    /// The trusted certificates could not be read (the reason).
    TrustStore(String),
    /// A handshake failure not about the certificate (rustls' text).
    Other(String),
    /// The certificate was refused for another reason (webpki's name for it).
    BadCertificate(String),
}

/// Reads the [`Symptoms`] of an error chain (reqwest, hyper, io and rustls errors).
pub fn symptoms(err: &(dyn std::error::Error + 'static)) -> Symptoms {
    let mut s = Symptoms::default();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    let tls_err = |e: &rustls::Error, s: &mut Symptoms| {
        if s.tls.is_none() {
            s.tls = Some(tls_problem(e));
        }
    };
    while let Some(e) = cur {
        if let Some(re) = e.downcast_ref::<reqwest::Error>() {
            if s.url.is_none() {
                s.url = re.url().map(|u| u.to_string());
            }
            s.connect |= re.is_connect();
            s.timeout |= re.is_timeout();
        }
        if let Some(te) = e.downcast_ref::<rustls::Error>() {
            tls_err(te, &mut s);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::TimedOut => s.timeout = true,
                std::io::ErrorKind::ConnectionRefused => s.refused = true,
                _ => {}
            }
            // io::Error::source() skips the error it wraps, which may be another io::Error
            // (hyper-rustls wraps rustls' error twice): look inside here.
            let mut inner = io.get_ref();
            while let Some(i) = inner {
                if let Some(te) = i.downcast_ref::<rustls::Error>() {
                    tls_err(te, &mut s);
                }
                inner = i
                    .downcast_ref::<std::io::Error>()
                    .and_then(std::io::Error::get_ref);
            }
        }
        let text = e.to_string();
        if text == "dns error" || text.starts_with("dns error:") {
            s.dns = true;
        }
        if text.contains("proxy authorization required") {
            s.proxy_auth = true;
        }
        if text.contains("tunnel error: unsuccessful") {
            s.tunnel_refused = true;
        }
        if text.contains("timed out") || text.contains("deadline has elapsed") {
            s.timeout = true;
        }
        if !text.is_empty() {
            s.innermost = text;
        }
        cur = e.source();
    }
    s
}

/// Classes a rustls error: the certificate problems a user can act on, a failure to read
/// the trusted certificates (an error [`crate::net::roots`] made), or rustls' own text.
pub fn tls_problem(e: &rustls::Error) -> TlsProblem {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            // BadSignature: a trusted authority of that name exists, but it did not sign
            // this certificate (another CA with the same name): untrusted all the same.
            C::UnknownIssuer | C::BadSignature => TlsProblem::UnknownIssuer,
            C::Expired
            | C::ExpiredContext { .. }
            | C::NotValidYet
            | C::NotValidYetContext { .. } => TlsProblem::Expired,
            C::NotValidForName | C::NotValidForNameContext { .. } => TlsProblem::WrongName,
            C::Other(o) => TlsProblem::BadCertificate(o.0.to_string()),
            other => TlsProblem::BadCertificate(format!("{other:?}")),
        },
        rustls::Error::General(m) if m.starts_with(TRUST_PREFIX) => {
            TlsProblem::TrustStore(m[TRUST_PREFIX.len()..].to_string())
        }
        other => TlsProblem::Other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustls_errors_are_classed() {
        use rustls::CertificateError as C;
        assert_eq!(
            tls_problem(&rustls::Error::InvalidCertificate(C::UnknownIssuer)),
            TlsProblem::UnknownIssuer
        );
        assert_eq!(
            tls_problem(&rustls::Error::InvalidCertificate(C::Expired)),
            TlsProblem::Expired
        );
        assert_eq!(
            tls_problem(&rustls::Error::General(format!(
                "{TRUST_PREFIX}SSL_CERT_FILE=/x: gone"
            ))),
            TlsProblem::TrustStore("SSL_CERT_FILE=/x: gone".into())
        );
        // Wrapped as hyper-rustls wraps it: inside an io::Error.
        let io = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(C::UnknownIssuer),
        );
        assert_eq!(symptoms(&io).tls, Some(TlsProblem::UnknownIssuer));
        // And twice, as reqwest's connector does.
        let twice = std::io::Error::other(io);
        assert_eq!(symptoms(&twice).tls, Some(TlsProblem::UnknownIssuer));
    }

    #[test]
    fn io_kinds_and_texts_are_read() {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let s = symptoms(&refused);
        assert!(s.refused && !s.timeout && !s.dns);
        let timed_out = std::io::Error::from(std::io::ErrorKind::TimedOut);
        assert!(symptoms(&timed_out).timeout);
        let dns = std::io::Error::other("dns error: failed to lookup address information");
        let s = symptoms(&dns);
        assert!(s.dns);
        assert_eq!(
            s.innermost,
            "dns error: failed to lookup address information"
        );
    }
}
