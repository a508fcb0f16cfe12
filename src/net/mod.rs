//! The HTTP client shared by the GitHub and Railway clients: one place for TLS trust,
//! proxies and time-outs, and for describing what went wrong on the network.
//!
//! - Trust ([`TrustPaths`]): rustls with the `ring` provider, verifying against the
//!   platform's certificate store and `SSL_CERT_FILE` / `SSL_CERT_DIR` with the rules Go
//!   (and so gh) applies on Linux: `SSL_CERT_FILE` replaces the platform's bundle file,
//!   `SSL_CERT_DIR` (`:`-separated) replaces the platform's certificate directories. The
//!   certificates are read on the first https handshake, not when the client is built, so a
//!   command that makes no https connection never reads them.
//! - Proxies ([`ProxySettings`]): `https_proxy`/`HTTPS_PROXY`, `http_proxy`/`HTTP_PROXY`,
//!   `all_proxy`/`ALL_PROXY` and `no_proxy`/`NO_PROXY`, lower case first, as curl reads them
//!   (curl's `CURLOPT_NOPROXY` rules: host suffixes, `*`, IP addresses and CIDR ranges, and
//!   `host:port` entries as Go's `httpproxy` reads them).
//! - Time-outs ([`Timeouts`]): connect [`DEFAULT_CONNECT_TIMEOUT_S`] s and whole request
//!   [`DEFAULT_REQUEST_TIMEOUT_S`] s; `TRI_HTTP_CONNECT_TIMEOUT_S` and `TRI_HTTP_TIMEOUT_S`
//!   change them.
//! - Errors ([`describe_error`], [`classify`]): one line naming the cause (untrusted
//!   certificate, refused proxy, unknown host, time-out), without the wrapping of each layer.

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

// ---------------------------------------------------------------------------------------
// Proxies
// ---------------------------------------------------------------------------------------

/// A proxy URL and the environment variable it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyVar {
    /// The variable, e.g. `HTTPS_PROXY`.
    pub var: &'static str,
    /// The proxy URL, scheme added (`http://` when the value has none), credentials kept.
    pub url: String,
}

impl ProxyVar {
    /// The proxy as it may be shown: `scheme://host:port`, without credentials or path.
    pub fn shown(&self) -> String {
        match reqwest::Url::parse(&self.url) {
            Ok(u) => format!(
                "{}://{}{}",
                u.scheme(),
                u.host_str().unwrap_or(""),
                u.port().map(|p| format!(":{p}")).unwrap_or_default()
            ),
            Err(_) => "(unreadable proxy URL)".to_string(),
        }
    }
}

/// The proxy settings of the environment, read as curl reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxySettings {
    /// Proxy for https URLs (`https_proxy`, then `HTTPS_PROXY`).
    pub https: Option<ProxyVar>,
    /// Proxy for plain http URLs (`http_proxy`, then `HTTP_PROXY`).
    pub http: Option<ProxyVar>,
    /// Proxy for any URL the two above do not cover (`all_proxy`, then `ALL_PROXY`).
    pub all: Option<ProxyVar>,
    /// Hosts reached directly (`no_proxy`, then `NO_PROXY`).
    pub no_proxy: NoProxy,
}

/// Proxy URL schemes tri (reqwest) can use.
pub const PROXY_SCHEMES: &[&str] = &["http", "https", "socks4", "socks4a", "socks5", "socks5h"];

impl ProxySettings {
    /// Reads the proxy variables through `env` (lower-case name first, as curl does; empty
    /// values count as unset). Pure.
    ///
    /// Errors: [`Error::Usage`] naming the variable when a value is not a proxy URL.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<ProxySettings> {
        let first = |names: [&'static str; 2]| -> Option<(&'static str, String)> {
            names.into_iter().find_map(|n| {
                env(n)
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .map(|v| (n, v))
            })
        };
        let proxy = |names: [&'static str; 2]| -> Result<Option<ProxyVar>> {
            match first(names) {
                None => Ok(None),
                Some((var, v)) => Ok(Some(ProxyVar {
                    var,
                    url: normalize_proxy(var, &v)?,
                })),
            }
        };
        Ok(ProxySettings {
            https: proxy(["https_proxy", "HTTPS_PROXY"])?,
            http: proxy(["http_proxy", "HTTP_PROXY"])?,
            all: proxy(["all_proxy", "ALL_PROXY"])?,
            no_proxy: first(["no_proxy", "NO_PROXY"])
                .map(|(_, v)| NoProxy::parse(&v))
                .unwrap_or_default(),
        })
    }

    /// Whether any proxy is set.
    pub fn any(&self) -> bool {
        self.https.is_some() || self.http.is_some() || self.all.is_some()
    }

    /// The proxy to use for a URL of `scheme` to `host` (a name, an IP address, or an IPv6
    /// address in brackets) and `port`, or `None` to connect directly. Pure.
    pub fn proxy_for(&self, scheme: &str, host: &str, port: Option<u16>) -> Option<&ProxyVar> {
        if self.no_proxy.matches(host, port) {
            return None;
        }
        let own = match scheme {
            "https" => self.https.as_ref(),
            "http" => self.http.as_ref(),
            _ => None,
        };
        own.or(self.all.as_ref())
    }
}

fn normalize_proxy(var: &str, value: &str) -> Result<String> {
    let with_scheme = if value.contains("://") {
        value.to_string()
    } else {
        format!("http://{value}")
    };
    let bad = |why: &str| {
        Error::Usage(format!(
            "{var} is not a proxy URL tri can use ({why}); write it as http://HOST:PORT"
        ))
    };
    let url = reqwest::Url::parse(&with_scheme).map_err(|e| bad(&e.to_string()))?;
    if !PROXY_SCHEMES.contains(&url.scheme()) {
        return Err(bad(&format!("scheme `{}`", url.scheme())));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("no host"));
    }
    Ok(with_scheme)
}

/// The hosts to reach without a proxy: curl's `NO_PROXY` rules (comma- or space-separated;
/// `*` alone means every host; a name matches itself and every name under it, a leading `.`
/// changes nothing; an IP address or CIDR range matches those addresses), plus Go's
/// `host:port` entries, which match only that port. Case-insensitive; trailing dots are
/// ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoProxy {
    every_host: bool,
    entries: Vec<NoProxyEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum NoProxyEntry {
    Name {
        name: String,
        port: Option<u16>,
    },
    Net {
        addr: std::net::IpAddr,
        prefix: u8,
        port: Option<u16>,
    },
}

impl NoProxy {
    /// Parses a `NO_PROXY` value. Pure; entries that cannot be read are skipped.
    pub fn parse(value: &str) -> NoProxy {
        let mut out = NoProxy::default();
        for raw in value.split(|c: char| c == ',' || c.is_whitespace()) {
            let raw = raw.trim();
            if raw.is_empty() {
                continue;
            }
            if raw == "*" {
                out.every_host = true;
                continue;
            }
            if let Some(e) = parse_no_proxy_entry(raw) {
                out.entries.push(e);
            }
        }
        out
    }

    /// Whether `host` (a name, an IP address, or an IPv6 address in brackets) on `port`
    /// is to be reached directly.
    pub fn matches(&self, host: &str, port: Option<u16>) -> bool {
        if self.every_host {
            return true;
        }
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let ip: Option<std::net::IpAddr> = host.parse().ok();
        let port_ok = |p: &Option<u16>| p.is_none() || *p == port;
        self.entries.iter().any(|e| match e {
            NoProxyEntry::Name { name, port: p } => {
                port_ok(p)
                    && ip.is_none()
                    && (host == *name
                        || (host.len() > name.len()
                            && host.ends_with(name.as_str())
                            && host.as_bytes()[host.len() - name.len() - 1] == b'.'))
            }
            NoProxyEntry::Net {
                addr,
                prefix,
                port: p,
            } => port_ok(p) && ip.is_some_and(|ip| in_net(ip, *addr, *prefix)),
        })
    }
}

fn parse_no_proxy_entry(raw: &str) -> Option<NoProxyEntry> {
    use std::net::IpAddr;
    let lower = raw.to_ascii_lowercase();
    // [v6]:port or [v6]
    if let Some(rest) = lower.strip_prefix('[') {
        let (addr, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p.parse().ok()?),
            None if after.is_empty() => None,
            None => return None,
        };
        let addr: IpAddr = addr.parse().ok()?;
        return Some(NoProxyEntry::Net {
            addr,
            prefix: full_prefix(addr),
            port,
        });
    }
    if let Some((addr, prefix)) = lower.split_once('/') {
        let addr: IpAddr = addr.parse().ok()?;
        let prefix: u8 = prefix.parse().ok()?;
        return (prefix <= full_prefix(addr)).then_some(NoProxyEntry::Net {
            addr,
            prefix,
            port: None,
        });
    }
    if let Ok(addr) = lower.parse::<IpAddr>() {
        return Some(NoProxyEntry::Net {
            addr,
            prefix: full_prefix(addr),
            port: None,
        });
    }
    let (name, port) = match lower.rsplit_once(':') {
        Some((n, p)) => (n.to_string(), Some(p.parse::<u16>().ok()?)),
        None => (lower.clone(), None),
    };
    if let Ok(addr) = name.parse::<IpAddr>() {
        return Some(NoProxyEntry::Net {
            addr,
            prefix: full_prefix(addr),
            port,
        });
    }
    let name = name
        .trim_start_matches("*.")
        .trim_start_matches('.')
        .trim_end_matches('.')
        .to_string();
    (!name.is_empty()).then_some(NoProxyEntry::Name { name, port })
}

fn full_prefix(addr: std::net::IpAddr) -> u8 {
    if addr.is_ipv4() {
        32
    } else {
        128
    }
}

fn in_net(ip: std::net::IpAddr, net: std::net::IpAddr, prefix: u8) -> bool {
    use std::net::IpAddr::{V4, V6};
    match (ip, net) {
        (V4(a), V4(b)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix))
            };
            u32::from(a) & mask == u32::from(b) & mask
        }
        (V6(a), V6(b)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            u128::from(a) & mask == u128::from(b) & mask
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// Trust
// ---------------------------------------------------------------------------------------

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
    pub file: Option<(std::path::PathBuf, bool)>,
    /// Directories of PEM files.
    pub dirs: Vec<std::path::PathBuf>,
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
    pub fn from_env(
        env: &dyn Fn(&str) -> Option<String>,
        exists: &dyn Fn(&std::path::Path) -> bool,
    ) -> TrustPaths {
        use std::path::{Path, PathBuf};
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

    /// Reads the certificates.
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

/// How many times this process has read its trusted certificates (0 until the first https
/// handshake; then 1).
pub fn trust_loads() -> usize {
    TRUST_LOADS.load(std::sync::atomic::Ordering::Relaxed)
}

static TRUST_LOADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A server certificate verifier that reads the trusted certificates on first use.
#[derive(Debug)]
struct LazyVerifier {
    provider: std::sync::Arc<rustls::crypto::CryptoProvider>,
    inner: std::sync::OnceLock<
        std::result::Result<std::sync::Arc<rustls::client::WebPkiServerVerifier>, String>,
    >,
}

impl LazyVerifier {
    fn verifier(
        &self,
    ) -> std::result::Result<&std::sync::Arc<rustls::client::WebPkiServerVerifier>, rustls::Error>
    {
        self.inner
            .get_or_init(|| {
                TRUST_LOADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let roots =
                    TrustPaths::from_env(&process_env, &|p: &std::path::Path| p.exists()).load()?;
                rustls::client::WebPkiServerVerifier::builder_with_provider(
                    std::sync::Arc::new(roots),
                    self.provider.clone(),
                )
                .build()
                .map_err(|e| format!("cannot use the trusted certificates: {e}"))
            })
            .as_ref()
            .map_err(|m| rustls::Error::General(format!("{TRUST_PREFIX}{m}")))
    }
}

/// Prefix of the rustls error that carries a failure to read the trusted certificates.
const TRUST_PREFIX: &str = "trust store: ";

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

fn tls_config() -> Result<rustls::ClientConfig> {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let verifier = std::sync::Arc::new(LazyVerifier {
        provider: provider.clone(),
        inner: std::sync::OnceLock::new(),
    });
    let mut cfg = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Other(format!("cannot set up TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    cfg.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(cfg)
}

// ---------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------

/// The proxy and time-out settings of the last client built, for describing its errors.
static ACTIVE: std::sync::RwLock<Option<(ProxySettings, Timeouts)>> = std::sync::RwLock::new(None);

/// Builds the shared reqwest client with tri's trust, proxy and time-out rules, reading the
/// proxy variables from this process's environment. Reads no certificate (see the module
/// docs).
///
/// Errors: [`Error::Usage`] for a proxy variable that is not a URL; [`Error::Other`] when
/// the TLS configuration cannot be built.
pub fn client(timeouts: Timeouts) -> Result<reqwest::Client> {
    client_with(timeouts, ProxySettings::from_env(&process_env)?)
}

/// [`client`] with the given proxy settings.
///
/// Errors: as [`client`].
pub fn client_with(timeouts: Timeouts, proxies: ProxySettings) -> Result<reqwest::Client> {
    install_crypto_provider();
    if let Ok(mut a) = ACTIVE.write() {
        *a = Some((proxies.clone(), timeouts));
    }
    let mut b = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_millis(timeouts.connect_ms))
        .timeout(Duration::from_millis(timeouts.request_ms))
        .tls_backend_preconfigured(tls_config()?)
        .no_proxy();
    if proxies.any() {
        b = b.proxy(reqwest::Proxy::custom(move |url| {
            proxies
                .proxy_for(url.scheme(), url.host_str()?, url.port_or_known_default())
                .map(|p| p.url.clone())
        }));
    }
    b.build()
        .map_err(|e| Error::Other(format!("cannot set up the HTTP client: {e}")))
}

/// The environment of this process, as the `env` readers of pure functions take it.
/// Empty values count as unset.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

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

/// One line naming the cause of a transport error, e.g. `the certificate of ghe.corp:443
/// is not trusted ...`, `the proxy http://proxy:3128 (HTTPS_PROXY) refused the
/// connection`, `cannot resolve the host name ghe.corp`. Uses the proxy and time-out
/// settings of the last client built.
pub fn describe_error(err: &(dyn std::error::Error + 'static)) -> String {
    classify(err).1
}

/// The phase and one-line description of a transport error (see [`describe_error`]).
pub fn classify(err: &(dyn std::error::Error + 'static)) -> (Phase, String) {
    let active = ACTIVE.read().ok().and_then(|a| a.clone());
    let (proxies, timeouts) = active.unwrap_or_else(|| {
        (
            ProxySettings::default(),
            Timeouts {
                connect_ms: DEFAULT_CONNECT_TIMEOUT_S * 1000,
                request_ms: DEFAULT_REQUEST_TIMEOUT_S * 1000,
            },
        )
    });
    classify_with(err, &proxies, timeouts)
}

/// What [`classify_with`] reads from an error chain. Pure data.
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

fn tls_problem(e: &rustls::Error) -> TlsProblem {
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

/// The phase and one-line description of a transport error, given the proxy and time-out
/// settings in force. Pure but for reading the chain.
pub fn classify_with(
    err: &(dyn std::error::Error + 'static),
    proxies: &ProxySettings,
    timeouts: Timeouts,
) -> (Phase, String) {
    describe_symptoms(&symptoms(err), proxies, timeouts)
}

fn secs(ms: u64) -> String {
    if ms % 1000 == 0 {
        format!("{}", ms / 1000)
    } else {
        format!("{:.1}", ms as f64 / 1000.0)
    }
}

/// The phase and one-line description for `s`. Pure.
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
                    "{who} did not answer within {} s while connecting (TRI_HTTP_CONNECT_TIMEOUT_S)",
                    secs(timeouts.connect_ms)
                ),
            );
        }
        return (
            Phase::Timeout,
            format!(
                "{target} did not answer within {} s (TRI_HTTP_TIMEOUT_S)",
                secs(timeouts.request_ms)
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

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

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

    #[test]
    fn building_the_client_reads_no_certificate() {
        let before = trust_loads();
        let t = Timeouts::from_env(&|_: &str| None).unwrap();
        let _c = client_with(t, ProxySettings::default()).unwrap();
        assert_eq!(trust_loads(), before);
    }

    #[test]
    fn proxies_read_lower_case_first_and_add_a_scheme() {
        let env = env_of(&[
            ("https_proxy", "proxy.corp:3128"),
            ("HTTPS_PROXY", "http://other:1"),
            ("HTTP_PROXY", "http://plain:8080"),
            ("ALL_PROXY", "socks5h://socks:1080"),
        ]);
        let p = ProxySettings::from_env(&env).unwrap();
        let https = p.https.as_ref().unwrap();
        assert_eq!(
            (https.var, https.url.as_str()),
            ("https_proxy", "http://proxy.corp:3128")
        );
        assert_eq!(
            p.proxy_for("https", "api.github.com", Some(443)),
            Some(https)
        );
        assert_eq!(
            p.proxy_for("http", "ghe", Some(80)).unwrap().var,
            "HTTP_PROXY"
        );
        let only_all = ProxySettings::from_env(&env_of(&[("ALL_PROXY", "http://a:1")])).unwrap();
        assert_eq!(
            only_all.proxy_for("https", "x", Some(443)).unwrap().var,
            "ALL_PROXY"
        );
        assert!(!ProxySettings::from_env(&env_of(&[])).unwrap().any());
    }

    #[test]
    fn bad_proxy_names_the_variable() {
        let e = ProxySettings::from_env(&env_of(&[("HTTPS_PROXY", "ftp://x:1")])).unwrap_err();
        assert!(e.to_string().contains("HTTPS_PROXY"), "{e}");
        let e = ProxySettings::from_env(&env_of(&[("https_proxy", "http://")])).unwrap_err();
        assert!(e.to_string().contains("https_proxy"), "{e}");
    }

    #[test]
    fn proxy_shown_without_credentials() {
        let p = ProxyVar {
            var: "HTTPS_PROXY",
            url: "http://me:secret@proxy.corp:3128/".into(),
        };
        assert_eq!(p.shown(), "http://proxy.corp:3128");
    }

    #[test]
    fn no_proxy_follows_curl() {
        let n =
            NoProxy::parse("example.com, .corp.net ,10.0.0.0/8 ::1 localhost:8443,[fe80::1]:443");
        assert!(n.matches("example.com", Some(443)));
        assert!(n.matches("API.Example.com.", Some(443)));
        assert!(!n.matches("notexample.com", Some(443)));
        assert!(n.matches("corp.net", None));
        assert!(n.matches("ghe.corp.net", None));
        assert!(n.matches("10.1.2.3", Some(80)));
        assert!(!n.matches("11.1.2.3", Some(80)));
        assert!(n.matches("[::1]", Some(443)));
        assert!(n.matches("localhost", Some(8443)));
        assert!(!n.matches("localhost", Some(443)));
        assert!(n.matches("[fe80::1]", Some(443)));
        assert!(!n.matches("[fe80::1]", Some(80)));
        let all = NoProxy::parse("*");
        assert!(all.matches("anything", None) && all.matches("127.0.0.1", Some(1)));
        assert!(!NoProxy::parse("").matches("x", None));
        let p = ProxySettings {
            https: Some(ProxyVar {
                var: "HTTPS_PROXY",
                url: "http://p:1".into(),
            }),
            no_proxy: NoProxy::parse("localhost"),
            ..Default::default()
        };
        assert!(p.proxy_for("https", "localhost", Some(8443)).is_none());
        assert!(p.proxy_for("https", "127.0.0.1", Some(8443)).is_some());
    }

    #[test]
    fn trust_paths_follow_go() {
        use std::path::{Path, PathBuf};
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
}
