//! Which proxy a request goes through: the proxy variables read as curl reads them.
//!
//! Sources: curl's manual on its proxy environment variables (`https_proxy`, `http_proxy`,
//! `all_proxy`, `no_proxy`; the lower-case name wins over the upper-case one. curl ignores
//! upper-case `HTTP_PROXY`; tri reads it, as Go's `httpproxy` and so gh do) and on
//! `CURLOPT_NOPROXY` (host suffixes, `*`, IP addresses and CIDR ranges), plus the
//! `host:port` entries of Go's `golang.org/x/net/http/httpproxy`. CIDR ranges are matched
//! with the `ipnet` crate.

use crate::env::Env;
use crate::error::{Error, Result};
use ipnet::IpNet;
use std::net::IpAddr;

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

/// The proxy settings of the environment, read as curl reads them. Its `Debug` output
/// holds proxy URLs with their credentials: never print it to the user.
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
    /// or blank values count as unset). Pure.
    ///
    /// Errors: [`Error::Usage`] naming the variable when a value is not a proxy URL with a
    /// host and one of the [`PROXY_SCHEMES`].
    pub fn from_env(env: &Env) -> Result<ProxySettings> {
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
/// or `*.` changes nothing; an IP address or CIDR range matches those addresses), plus Go's
/// `host:port` entries (`[v6]:port` for IPv6), which match only that port. Case-insensitive;
/// trailing dots are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoProxy {
    every_host: bool,
    entries: Vec<NoProxyEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum NoProxyEntry {
    /// A host name and the names under it.
    Name { name: String, port: Option<u16> },
    /// An address range (a single address is a range of one).
    Net { net: IpNet, port: Option<u16> },
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
            if let Some(e) = parse_entry(raw) {
                out.entries.push(e);
            }
        }
        out
    }

    /// Whether `host` (a name, an IP address, or an IPv6 address in brackets) on `port`
    /// is to be reached directly. Pure.
    pub fn matches(&self, host: &str, port: Option<u16>) -> bool {
        if self.every_host {
            return true;
        }
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let ip: Option<IpAddr> = host.parse().ok();
        let port_ok = |p: &Option<u16>| p.is_none() || *p == port;
        self.entries.iter().any(|e| match e {
            NoProxyEntry::Name { name, port: p } => {
                port_ok(p)
                    && ip.is_none()
                    && (host == *name
                        || host
                            .strip_suffix(name.as_str())
                            .is_some_and(|head| head.ends_with('.')))
            }
            NoProxyEntry::Net { net, port: p } => {
                port_ok(p) && ip.is_some_and(|ip| net.contains(&ip))
            }
        })
    }
}

fn parse_entry(raw: &str) -> Option<NoProxyEntry> {
    let lower = raw.to_ascii_lowercase();
    let host = |addr: IpAddr, port| NoProxyEntry::Net {
        net: IpNet::from(addr),
        port,
    };
    // [v6]:port or [v6]
    if let Some(rest) = lower.strip_prefix('[') {
        let (addr, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p.parse().ok()?),
            None if after.is_empty() => None,
            None => return None,
        };
        return Some(host(addr.parse().ok()?, port));
    }
    // A CIDR range (10.0.0.0/8, fd00::/8); bits past the prefix are ignored, as curl does.
    if lower.contains('/') {
        let net: IpNet = lower.parse().ok()?;
        return Some(NoProxyEntry::Net { net, port: None });
    }
    if let Ok(addr) = lower.parse::<IpAddr>() {
        return Some(host(addr, None));
    }
    let (name, port) = match lower.rsplit_once(':') {
        Some((n, p)) => (n, Some(p.parse::<u16>().ok()?)),
        None => (lower.as_str(), None),
    };
    if let Ok(addr) = name.parse::<IpAddr>() {
        return Some(host(addr, port));
    }
    let name = name
        .trim_start_matches("*.")
        .trim_start_matches('.')
        .trim_end_matches('.')
        .to_string();
    (!name.is_empty()).then_some(NoProxyEntry::Name { name, port })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::tests::env_of;

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
    fn no_proxy_ranges() {
        // Host bits past the prefix are ignored; /0 is every address of the family.
        let n = NoProxy::parse("192.168.1.77/24, fd00::/8, 0.0.0.0/0x, 127.0.0.1:9");
        assert!(n.matches("192.168.1.1", None));
        assert!(!n.matches("192.168.2.1", None));
        assert!(n.matches("[fd12::1]", Some(443)));
        assert!(!n.matches("[fe80::1]", Some(443)));
        // `0.0.0.0/0x` cannot be read and is skipped; a prefix too long for the family too.
        assert!(!n.matches("8.8.8.8", None));
        assert!(!NoProxy::parse("10.0.0.0/33").matches("10.0.0.1", None));
        assert!(NoProxy::parse("0.0.0.0/0").matches("8.8.8.8", None));
        assert!(!NoProxy::parse("0.0.0.0/0").matches("[::1]", None));
        // An address with a port matches only that port; a name never matches an address.
        assert!(n.matches("127.0.0.1", Some(9)) && !n.matches("127.0.0.1", Some(8)));
        assert!(!NoProxy::parse("localhost").matches("127.0.0.1", None));
        assert!(NoProxy::parse("*.corp.net").matches("a.corp.net", None));
    }
}
