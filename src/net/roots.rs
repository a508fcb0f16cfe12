//! Which server certificates tri trusts, and when it reads them.
//!
//! rustls with the `ring` provider, verifying against the platform's certificate store and
//! `SSL_CERT_FILE` / `SSL_CERT_DIR` by the rules of Go's `crypto/x509` on Linux, which gh
//! follows: `SSL_CERT_FILE` replaces the platform's bundle file, `SSL_CERT_DIR`
//! (`:`-separated) replaces the platform's certificate directories. The certificates are read
//! on a client's first https handshake ([`LazyVerifier`]), not when the client is built:
//! loading them costs milliseconds, and a command that makes no https connection (a plain
//! http request, or none at all) never reads them.

use crate::env::{process_env, Env};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// Certificate bundle files tried on Linux when `SSL_CERT_FILE` is unset, first found wins
/// (Go's `crypto/x509` list, which gh uses).
pub const PLATFORM_CERT_FILES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// Certificate directories read on Linux when `SSL_CERT_DIR` is unset (Go's list).
pub const PLATFORM_CERT_DIRS: &[&str] = &["/etc/ssl/certs", "/etc/pki/tls/certs"];

/// Where trusted certificates are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustPaths {
    /// The PEM bundle file, and whether it came from `SSL_CERT_FILE`.
    pub file: Option<(PathBuf, bool)>,
    /// Directories of PEM files.
    pub dirs: Vec<PathBuf>,
    /// Whether `dirs` came from `SSL_CERT_DIR`.
    pub dirs_from_env: bool,
}

impl TrustPaths {
    /// Where to read trusted certificates, by Go's rules (which gh follows): `SSL_CERT_FILE`
    /// replaces the platform bundle ([`PLATFORM_CERT_FILES`], first that `exists`);
    /// `SSL_CERT_DIR` (`:`-separated) replaces the platform directories
    /// ([`PLATFORM_CERT_DIRS`]). The platform directories are read only when
    /// `SSL_CERT_FILE` is set or no platform bundle exists (the bundle holds the same
    /// certificates, and reading one file is faster). Pure.
    pub fn from_env(env: &Env, exists: &dyn Fn(&Path) -> bool) -> TrustPaths {
        let env_file = env("SSL_CERT_FILE").map(PathBuf::from);
        let env_dirs: Vec<PathBuf> = env("SSL_CERT_DIR")
            .map(|d| {
                d.split(':')
                    .filter(|p| !p.is_empty())
                    .map(PathBuf::from)
                    .collect()
            })
            .unwrap_or_default();
        let file = match &env_file {
            Some(f) => Some((f.clone(), true)),
            None => PLATFORM_CERT_FILES
                .iter()
                .map(Path::new)
                .find(|p| exists(p))
                .map(|p| (p.to_path_buf(), false)),
        };
        let dirs_from_env = !env_dirs.is_empty();
        let dirs = if dirs_from_env {
            env_dirs
        } else if env_file.is_some() || file.is_none() {
            PLATFORM_CERT_DIRS
                .iter()
                .map(Path::new)
                .filter(|p| exists(p))
                .map(Path::to_path_buf)
                .collect()
        } else {
            Vec::new()
        };
        TrustPaths {
            file,
            dirs,
            dirs_from_env,
        }
    }

    /// Reads the certificates (PEM files; on other systems than Linux the platform's store
    /// is added unless `SSL_CERT_FILE` or `SSL_CERT_DIR` is set).
    ///
    /// Errors: a one-line reason when `SSL_CERT_FILE` or `SSL_CERT_DIR` names something
    /// that cannot be read or holds no certificate, or when no certificate is found at all.
    pub fn load(&self) -> std::result::Result<rustls::RootCertStore, String> {
        let mut store = rustls::RootCertStore::empty();
        if let Some((file, from_env)) = &self.file {
            let r = rustls_native_certs::load_certs_from_paths(Some(file), None);
            if *from_env {
                if let Some(e) = r.errors.first() {
                    return Err(format!("SSL_CERT_FILE={}: {e}", file.display()));
                }
                if r.certs.is_empty() {
                    return Err(format!(
                        "SSL_CERT_FILE={} holds no PEM certificate",
                        file.display()
                    ));
                }
            }
            store.add_parsable_certificates(r.certs);
        }
        for dir in &self.dirs {
            let r = rustls_native_certs::load_certs_from_paths(None, Some(dir));
            if self.dirs_from_env {
                if let Some(e) = r.errors.first() {
                    return Err(format!("SSL_CERT_DIR={}: {e}", dir.display()));
                }
            }
            store.add_parsable_certificates(r.certs);
        }
        #[cfg(not(target_os = "linux"))]
        if self.file.as_ref().is_none_or(|(_, e)| !e) && !self.dirs_from_env {
            store.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        }
        if store.is_empty() {
            return Err(
                "no trusted certificate found in the platform store; install the ca-certificates package or set SSL_CERT_FILE"
                    .to_string(),
            );
        }
        Ok(store)
    }
}

/// How many times this process has read its trusted certificates: 0 until the first https
/// handshake, then one per client ([`crate::net::Client`]) that has made one. A plain http
/// request reads none.
pub fn trust_loads() -> usize {
    TRUST_LOADS.load(Ordering::Relaxed)
}

static TRUST_LOADS: AtomicUsize = AtomicUsize::new(0);

type Loaded = std::result::Result<Arc<rustls::client::WebPkiServerVerifier>, String>;

/// A server certificate verifier that reads the trusted certificates ([`TrustPaths`] of this
/// process's environment) on its first use, once, and keeps them (or the reason they could
/// not be read) for the life of the client.
#[derive(Debug)]
pub struct LazyVerifier {
    provider: Arc<rustls::crypto::CryptoProvider>,
    inner: OnceLock<Loaded>,
}

impl LazyVerifier {
    /// Whether this verifier has read the trusted certificates (tried to, at least).
    pub fn loaded(&self) -> bool {
        self.inner.get().is_some()
    }

    fn verifier(
        &self,
    ) -> std::result::Result<&Arc<rustls::client::WebPkiServerVerifier>, rustls::Error> {
        self.inner
            .get_or_init(|| {
                TRUST_LOADS.fetch_add(1, Ordering::Relaxed);
                let roots = TrustPaths::from_env(&process_env, &|p: &Path| p.exists()).load()?;
                rustls::client::WebPkiServerVerifier::builder_with_provider(
                    Arc::new(roots),
                    self.provider.clone(),
                )
                .build()
                .map_err(|e| format!("cannot use the trusted certificates: {e}"))
            })
            .as_ref()
            .map_err(|m| rustls::Error::General(format!("{TRUST_PREFIX}{m}")))
    }
}

/// Prefix of the rustls error that carries a failure to read the trusted certificates
/// ([`crate::net::diagnose`] reads it back as `TlsProblem::TrustStore`).
pub(crate) const TRUST_PREFIX: &str = "trust store: ";

impl rustls::client::danger::ServerCertVerifier for LazyVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        self.verifier()?.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The TLS configuration of one client: the `ring` provider, rustls' safe default protocol
/// versions, ALPN `h2` then `http/1.1`, and a [`LazyVerifier`] (returned too, so the client
/// can tell whether it has read the certificates). Reads no certificate.
///
/// Errors: [`Error::Other`] when rustls refuses the protocol versions.
pub fn tls_config() -> Result<(rustls::ClientConfig, Arc<LazyVerifier>)> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Arc::new(LazyVerifier {
        provider: provider.clone(),
        inner: OnceLock::new(),
    });
    let mut cfg = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Other(format!("cannot set up TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok((cfg, verifier))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::tests::env_of;

    #[test]
    fn trust_paths_follow_go() {
        let all = |_: &Path| true;
        let t = TrustPaths::from_env(&env_of(&[]), &all);
        assert_eq!(t.file, Some((PathBuf::from(PLATFORM_CERT_FILES[0]), false)));
        assert!(t.dirs.is_empty());
        let t = TrustPaths::from_env(&env_of(&[("SSL_CERT_FILE", "/ca.pem")]), &all);
        assert_eq!(t.file, Some((PathBuf::from("/ca.pem"), true)));
        assert_eq!(t.dirs.len(), PLATFORM_CERT_DIRS.len());
        let t = TrustPaths::from_env(&env_of(&[("SSL_CERT_DIR", "/a::/b")]), &all);
        assert_eq!(t.dirs, vec![PathBuf::from("/a"), PathBuf::from("/b")]);
        assert!(t.dirs_from_env);
        let none = |_: &Path| false;
        let t = TrustPaths::from_env(&env_of(&[]), &none);
        assert_eq!((t.file, t.dirs.len()), (None, 0));
    }

    #[test]
    fn unreadable_ssl_cert_file_is_named() {
        let t = TrustPaths {
            file: Some(("/nonexistent/ca.pem".into(), true)),
            dirs: vec![],
            dirs_from_env: false,
        };
        let e = t.load().unwrap_err();
        assert!(e.starts_with("SSL_CERT_FILE=/nonexistent/ca.pem"), "{e}");
    }

    #[test]
    fn an_empty_ssl_cert_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("empty.pem");
        std::fs::write(&f, "not a certificate\n").unwrap();
        let t = TrustPaths {
            file: Some((f.clone(), true)),
            dirs: vec![],
            dirs_from_env: false,
        };
        let e = t.load().unwrap_err();
        assert_eq!(
            e,
            format!("SSL_CERT_FILE={} holds no PEM certificate", f.display())
        );
    }

    #[test]
    fn the_config_reads_no_certificate() {
        let (_, v) = tls_config().unwrap();
        assert!(!v.loaded());
    }
}
