//! The HTTP client shared by the GitHub and Railway clients: one place for TLS trust,
//! proxies and time-outs, and for describing what went wrong on the network.
//!
//! - [`Client`]: reqwest plus the settings it was built with, so that it describes its own
//!   errors ([`Client::classify`]) with the proxy and time-outs that were in force.
//! - Time-outs ([`Timeouts`]): connect [`DEFAULT_CONNECT_TIMEOUT_S`] s and whole request
//!   [`DEFAULT_REQUEST_TIMEOUT_S`] s; [`CONNECT_TIMEOUT`] (`TRI_HTTP_CONNECT_TIMEOUT_S`) and
//!   [`REQUEST_TIMEOUT`] (`TRI_HTTP_TIMEOUT_S`) change them.
//! - [`proxy`]: which proxy a request goes through (`HTTPS_PROXY`, `NO_PROXY`, ... as curl
//!   reads them).
//! - [`roots`]: which certificates are trusted (`SSL_CERT_FILE`, `SSL_CERT_DIR` as gh reads
//!   them), read on the first https handshake only.
//! - [`diagnose`]: one line naming the cause of a transport error, and when it happened.
//! - Redirects ([`redirect_policy`]) and API URLs ([`check_api_url`]): tokens go only to the
//!   host they were set for, so that a redirect or a mistyped URL cannot carry them away.

pub mod diagnose;
pub mod proxy;
pub mod retry;
pub mod roots;

pub use diagnose::Phase;
pub use proxy::{NoProxy, ProxySettings, ProxyVar};
pub use roots::{trust_loads, TrustPaths};

use crate::env::{process_env, DurationVar, Env, Unit};
use crate::error::{Error, Result};
use std::sync::Arc;
use std::time::Duration;

/// How many async runtimes this process has started (0 or 1: [`runtime`] makes one, once).
/// `--verbose` prints it, so a test can check that a command started one.
static RUNTIMES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many HTTP clients ([`Client`]) this process has built: one per API host a command
/// talks to, whose connections every request to that host reuses. `--verbose` prints it.
static CLIENTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The process's one async runtime (single-threaded), made on first use and kept for the
/// life of the process: every network call of tri goes through it, so the HTTP clients'
/// pooled connections are never used from a runtime that has gone (reqwest#1148, #2501).
/// A long-lived process (the MCP server) reuses it across commands.
///
/// Errors: [`Error::Other`] when the runtime cannot be started.
pub fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    if let Some(rt) = RT.get() {
        return Ok(rt);
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("cannot start the async runtime: {e}")))?;
    let mut built = false;
    let rt = RT.get_or_init(|| {
        built = true;
        rt
    });
    if built {
        RUNTIMES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    Ok(rt)
}

/// Runs a client's future to completion on the process's one runtime ([`runtime`]). tri's
/// commands are synchronous; this is where they wait for the network. Not to be called
/// from inside a future running on it (tokio refuses nested `block_on`).
///
/// Errors: [`Error::Other`] when the runtime cannot be started.
pub fn block_on<F: std::future::Future>(fut: F) -> Result<F::Output> {
    Ok(runtime()?.block_on(fut))
}

/// How many async runtimes this process started, and how many HTTP clients it built (see
/// [`runtime`], [`client_with`]).
pub fn counters() -> (usize, usize) {
    use std::sync::atomic::Ordering::Relaxed;
    (RUNTIMES.load(Relaxed), CLIENTS.load(Relaxed))
}

/// Default connect time-out, seconds.
pub const DEFAULT_CONNECT_TIMEOUT_S: u64 = 10;
/// Default whole-request time-out, seconds.
pub const DEFAULT_REQUEST_TIMEOUT_S: u64 = 30;

/// `TRI_HTTP_CONNECT_TIMEOUT_S`: the connect time-out (TCP, proxy tunnel and TLS), seconds,
/// fractions allowed, more than 0.
pub const CONNECT_TIMEOUT: DurationVar = DurationVar {
    name: "TRI_HTTP_CONNECT_TIMEOUT_S",
    unit: Unit::S,
    default_ms: DEFAULT_CONNECT_TIMEOUT_S * 1000,
    positive: true,
};

/// `TRI_HTTP_TIMEOUT_S`: the whole-request time-out (connect, send, answer), seconds,
/// fractions allowed, more than 0.
pub const REQUEST_TIMEOUT: DurationVar = DurationVar {
    name: "TRI_HTTP_TIMEOUT_S",
    unit: Unit::S,
    default_ms: DEFAULT_REQUEST_TIMEOUT_S * 1000,
    positive: true,
};

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

impl Default for Timeouts {
    /// [`DEFAULT_CONNECT_TIMEOUT_S`] and [`DEFAULT_REQUEST_TIMEOUT_S`], in ms.
    fn default() -> Timeouts {
        Timeouts {
            connect_ms: CONNECT_TIMEOUT.default_ms,
            request_ms: REQUEST_TIMEOUT.default_ms,
        }
    }
}

impl Timeouts {
    /// Reads [`CONNECT_TIMEOUT`] and [`REQUEST_TIMEOUT`] through `env`, falling back to the
    /// defaults. Pure.
    ///
    /// Errors: [`Error::Usage`] naming the variable and its value when it is not a positive
    /// number of seconds.
    pub fn from_env(env: &Env) -> Result<Timeouts> {
        Ok(Timeouts {
            connect_ms: CONNECT_TIMEOUT.read(env)?,
            request_ms: REQUEST_TIMEOUT.read(env)?,
        })
    }
}

/// Installs rustls' `ring` provider as the process default (once; later calls do nothing).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// tri's HTTP client: a `reqwest::Client` with tri's trust, proxy and time-out rules, and
/// the [`ProxySettings`] and [`Timeouts`] it was built with, so that it describes its own
/// errors. Cheap to clone (the clones share connections and the trusted certificates).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    proxies: Arc<ProxySettings>,
    timeouts: Timeouts,
    trust: Arc<roots::LazyVerifier>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Proxy URLs may hold credentials: show them as `ProxyVar::shown` does.
        let shown = |p: &Option<ProxyVar>| p.as_ref().map(|p| format!("{} ({})", p.shown(), p.var));
        f.debug_struct("Client")
            .field("https_proxy", &shown(&self.proxies.https))
            .field("http_proxy", &shown(&self.proxies.http))
            .field("all_proxy", &shown(&self.proxies.all))
            .field("timeouts", &self.timeouts)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The reqwest client, to send requests with.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The proxy settings this client was built with.
    pub fn proxies(&self) -> &ProxySettings {
        &self.proxies
    }

    /// The time-outs this client was built with.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// Whether this client has read the trusted certificates: false until its first https
    /// handshake reaches certificate verification.
    pub fn trust_loaded(&self) -> bool {
        self.trust.loaded()
    }

    /// The [`Phase`] and one-line cause of `err`, an error from a request this client sent
    /// (see [`diagnose::classify`]), naming this client's proxy and time-outs.
    pub fn classify(&self, err: &(dyn std::error::Error + 'static)) -> (Phase, String) {
        diagnose::classify(err, &self.proxies, self.timeouts)
    }

    /// The one-line cause of `err` (see [`Client::classify`]), e.g. `the proxy
    /// http://proxy:3128 (HTTPS_PROXY) refused the connection`.
    pub fn describe(&self, err: &(dyn std::error::Error + 'static)) -> String {
        self.classify(err).1
    }
}

/// Builds tri's HTTP client with `timeouts`, reading the proxy variables from this
/// process's environment ([`ProxySettings::from_env`]). Reads no certificate (see
/// [`roots`]).
///
/// Errors: [`Error::Usage`] for a proxy variable that is not a proxy URL; [`Error::Other`]
/// when the TLS configuration or the client cannot be built.
pub fn client(timeouts: Timeouts) -> Result<Client> {
    client_with(timeouts, ProxySettings::from_env(&process_env)?)
}

/// [`client`] with the given proxy settings instead of the environment's.
///
/// Errors: [`Error::Other`] when the TLS configuration or the client cannot be built.
pub fn client_with(timeouts: Timeouts, proxies: ProxySettings) -> Result<Client> {
    install_crypto_provider();
    let (tls, trust) = roots::tls_config()?;
    let proxies = Arc::new(proxies);
    let mut b = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_millis(timeouts.connect_ms))
        .timeout(Duration::from_millis(timeouts.request_ms))
        .tls_backend_preconfigured(tls)
        .redirect(redirect_policy())
        .no_proxy();
    if proxies.any() {
        let chosen = proxies.clone();
        b = b.proxy(reqwest::Proxy::custom(move |url| {
            chosen
                .proxy_for(url.scheme(), url.host_str()?, url.port_or_known_default())
                .map(|p| p.url.clone())
        }));
    }
    let http = b
        .build()
        .map_err(|e| Error::Other(format!("cannot set up the HTTP client: {e}")))?;
    CLIENTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Ok(Client {
        http,
        proxies,
        timeouts,
        trust,
    })
}

/// Most redirects followed for one request (all on the request's own origin).
pub const MAX_REDIRECTS: usize = 10;

/// Whether `a` and `b` have the same origin: scheme, host and port (the port the scheme
/// implies when none is written). Pure.
pub fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The redirects tri's API clients follow: up to [`MAX_REDIRECTS`], each to the same origin
/// ([`same_origin`]) as the request's first URL; a redirect anywhere else (another host or
/// port, https to http) is not followed and its 3xx answer is what the caller sees.
///
/// Why: reqwest removes only `Authorization` and `Cookie` when it follows a redirect to
/// another host (DESIGN.md), so Railway's `Project-Access-Token` would reach that host.
/// GitHub's REST API redirects only within itself (a renamed repository: 301 to
/// `/repositories/<id>/...` on the same host) and Railway's GraphQL endpoint does not
/// redirect, so nothing tri needs is lost. octocrab's own redirect layer (feature
/// `follow-redirect`) is not built: tri turns off octocrab's default features.
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().cloned();
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else if first.is_some_and(|f| same_origin(&f, attempt.url())) {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// What a redirect answer that [`redirect_policy`] did not follow says, for the error line:
/// `a redirect to <Location>, not followed: tri sends the token only to <var>'s host`;
/// `None` for any status outside 300..=399. Pure.
pub fn unfollowed_redirect(status: u16, headers: &http::HeaderMap, var: &str) -> Option<String> {
    if !(300..400).contains(&status) {
        return None;
    }
    let to = headers
        .get(http::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("another place");
    Some(format!(
        "a redirect to {to}, not followed: tri sends the token only to {var}'s host; set {var} to the address the API answers at"
    ))
}

/// Whether `host` (a name, or an IP address, IPv6 with or without brackets) is a loopback
/// address: `localhost`, 127.0.0.0/8 or `::1`. Pure; resolves no name.
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    if h.eq_ignore_ascii_case("localhost") {
        return true;
    }
    h.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback())
}

/// Checks the API URL `url` read from variable `var`: an absolute `https://` URL, or a
/// plain `http://` one only to a loopback host ([`is_loopback_host`]: local stand-ins and
/// tunnels), since over plain http to another host the token travels in clear text.
/// `example` is shown as what to give. Pure; callers run it before anything is recorded.
///
/// Errors: [`Error::Usage`] (exit 2), one line naming `var` and the value.
pub fn check_api_url(var: &str, url: &str, example: &str) -> Result<()> {
    let parsed = reqwest::Url::parse(url).ok().filter(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    });
    let Some(u) = parsed else {
        return Err(Error::Usage(format!(
            "{var}=`{url}` is not an absolute http(s) URL; use e.g. {example}"
        )));
    };
    if u.scheme() == "http" && !is_loopback_host(u.host_str().unwrap_or_default()) {
        return Err(Error::Usage(format!(
            "{var}=`{url}` is plain http to a host that is not this machine, which would send the token unencrypted; use https (plain http only for localhost, 127.0.0.0/8 or ::1)"
        )));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An [`Env`] of `pairs`.
    pub(crate) fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
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
        assert_eq!(Timeouts::default(), Timeouts::from_env(&none).unwrap());
        let some = env_of(&[("TRI_HTTP_TIMEOUT_S", "0.5")]);
        assert_eq!(Timeouts::from_env(&some).unwrap().request_ms, 500);
        for bad in ["soon", "0", "-3"] {
            let env = env_of(&[("TRI_HTTP_CONNECT_TIMEOUT_S", bad)]);
            match Timeouts::from_env(&env) {
                Err(Error::Usage(m)) => assert!(
                    m.starts_with(&format!("TRI_HTTP_CONNECT_TIMEOUT_S=`{bad}` is not")),
                    "{m}"
                ),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn building_the_client_reads_no_certificate() {
        let before = trust_loads();
        let c = client_with(Timeouts::default(), ProxySettings::default()).unwrap();
        assert!(!c.trust_loaded());
        // No unit test makes an https connection, so the process counter holds still too.
        assert_eq!(trust_loads(), before);
    }

    #[test]
    fn plain_http_only_to_this_machine() {
        for ok in [
            "https://backboard.railway.com/graphql/v2",
            "http://127.0.0.1:9/graphql/v2",
            "http://127.8.9.10/x",
            "http://localhost:8080",
            "http://LOCALHOST",
            "http://[::1]:1/x",
        ] {
            assert!(check_api_url("V", ok, "https://x").is_ok(), "{ok}");
        }
        for bad in [
            "http://railway.internal/graphql/v2",
            "http://10.0.0.1/x",
            "http://128.0.0.1/x",
            "http://localhost.example.com/",
            "http://[::2]/x",
            "ftp://127.0.0.1/",
            "backboard.railway.com",
        ] {
            match check_api_url("TRI_RAILWAY_API_URL", bad, "https://x") {
                Err(Error::Usage(m)) => {
                    assert!(
                        m.starts_with(&format!("TRI_RAILWAY_API_URL=`{bad}`")),
                        "{m}"
                    );
                    assert!(!m.contains('\n'), "{m}");
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    /// A redirect to another origin is not followed, so neither `Authorization`
    /// nor Railway's `Project-Access-Token` reaches it; a redirect within the origin is.
    #[tokio::test(flavor = "current_thread")]
    async fn credentials_never_follow_a_redirect_to_another_host() {
        use wiremock::matchers::{method, path};
        use wiremock::{Mock, MockServer, ResponseTemplate};
        // The other host: 127.0.0.2 (loopback too), on a port of its own.
        let elsewhere = MockServer::builder()
            .listener(
                std::net::TcpListener::bind("127.0.0.2:0")
                    // 127.0.0.2 is loopback on Linux; elsewhere (macOS) another port will do.
                    .or_else(|_| std::net::TcpListener::bind("127.0.0.1:0"))
                    .unwrap(),
            )
            .start()
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_string("stolen"))
            .mount(&elsewhere)
            .await;
        let api = MockServer::start().await;
        for (from, to) in [
            ("/away", format!("{}/graphql/v2", elsewhere.uri())),
            ("/same", format!("{}/moved", api.uri())),
        ] {
            Mock::given(path(from))
                .respond_with(ResponseTemplate::new(307).insert_header("location", to.as_str()))
                .mount(&api)
                .await;
        }
        Mock::given(path("/moved"))
            .respond_with(ResponseTemplate::new(200).set_body_string("moved here"))
            .mount(&api)
            .await;
        let c = client_with(Timeouts::default(), ProxySettings::default()).unwrap();
        let send = |p: &str| {
            c.http()
                .post(format!("{}{p}", api.uri()))
                .header("Project-Access-Token", "rw-project-secret")
                .header("Authorization", "Bearer gh-secret")
                .body("{}")
                .send()
        };
        let away = send("/away").await.unwrap();
        assert_eq!(away.status().as_u16(), 307, "not followed");
        assert!(
            elsewhere.received_requests().await.unwrap().is_empty(),
            "a request reached the other host"
        );
        let same = send("/same").await.unwrap();
        assert_eq!(same.status().as_u16(), 200);
        assert_eq!(same.text().await.unwrap(), "moved here");
        let moved: Vec<_> = api
            .received_requests()
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.url.path() == "/moved")
            .collect();
        assert_eq!(moved.len(), 1);
        assert_eq!(
            moved[0].headers["project-access-token"],
            "rw-project-secret"
        );
    }

    #[test]
    fn unfollowed_redirects_say_where_they_led() {
        let mut h = http::HeaderMap::new();
        h.insert(
            http::header::LOCATION,
            "https://evil.example/x".parse().unwrap(),
        );
        let m = unfollowed_redirect(307, &h, "TRI_RAILWAY_API_URL").unwrap();
        assert!(
            m.contains("https://evil.example/x") && m.contains("TRI_RAILWAY_API_URL"),
            "{m}"
        );
        assert_eq!(unfollowed_redirect(404, &h, "X"), None);
    }

    #[test]
    fn origins() {
        let u = |s: &str| reqwest::Url::parse(s).unwrap();
        assert!(same_origin(
            &u("https://a.com/x"),
            &u("https://a.com:443/y")
        ));
        assert!(!same_origin(&u("https://a.com/x"), &u("http://a.com/x")));
        assert!(!same_origin(&u("https://a.com/x"), &u("https://b.a.com/x")));
        assert!(!same_origin(
            &u("http://127.0.0.1:1/"),
            &u("http://127.0.0.1:2/")
        ));
    }

    /// A one-shot plain-http server on 127.0.0.1 answering 204 to the first request.
    fn one_answer() -> (String, std::thread::JoinHandle<()>) {
        use std::io::{Read, Write};
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", l.local_addr().unwrap());
        let h = std::thread::spawn(move || {
            let (mut s, _) = l.accept().unwrap();
            let mut buf = [0u8; 4096];
            let mut got = Vec::new();
            while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = s.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
            }
            s.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
                .unwrap();
        });
        (url, h)
    }

    #[tokio::test]
    async fn a_plain_http_request_reads_no_certificate() {
        let (url, server) = one_answer();
        let c = client_with(Timeouts::default(), ProxySettings::default()).unwrap();
        let status = c.http().get(&url).send().await.unwrap().status();
        server.join().unwrap();
        assert_eq!(status.as_u16(), 204);
        assert!(!c.trust_loaded());
    }

    #[tokio::test]
    async fn the_client_describes_errors_with_its_own_settings() {
        // A port nothing listens on: bind one, note it, close it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let proxied = client_with(
            Timeouts::default(),
            ProxySettings::from_env(&env_of(&[(
                "HTTP_PROXY",
                &format!("http://u:pw@127.0.0.1:{port}"),
            )]))
            .unwrap(),
        )
        .unwrap();
        let direct = client_with(Timeouts::default(), ProxySettings::default()).unwrap();
        let url = format!("http://127.0.0.1:{port}/x");
        let e1 = proxied.http().get(&url).send().await.unwrap_err();
        let e2 = direct.http().get(&url).send().await.unwrap_err();
        // Each client names what it went through, whichever was built last.
        assert_eq!(
            proxied.classify(&e1),
            (
                Phase::Connect,
                format!("the proxy http://127.0.0.1:{port} (HTTP_PROXY) refused the connection")
            )
        );
        assert_eq!(
            direct.describe(&e2),
            format!("127.0.0.1:{port} refused the connection")
        );
        assert!(!format!("{proxied:?}").contains("pw"));
    }
}
