//! `--public-url`: the name the tenant gives itself (issuer, audience, discovery, `Link` headers,
//! the `hostname` of its log events), e.g. `https://localhost:8443`, so that Auth0's SDKs, which
//! build `https://{domain}/…` themselves, find the URLs they expect.

use std::fmt;

/// An origin: `http` or `https`, a host, an optional port; no user, path, query or fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUrl {
    origin: String,
    host: String,
    port: Option<u16>,
    https: bool,
}

/// Why a `--public-url` was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PublicUrlError {
    #[error("invalid public URL {0:?}: expected http(s)://HOST[:PORT], e.g. https://localhost:8443")]
    Shape(String),
    #[error(
        "invalid public URL {0:?}: only the scheme, host and port may be given (no user, path, query or fragment)"
    )]
    Extra(String),
}

impl PublicUrl {
    /// `https://localhost:8443` (no trailing slash).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The host as URLs write it (`localhost`, `127.0.0.1`, `[::1]` without brackets: `::1`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port the URL names, when it names one.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    pub fn is_https(&self) -> bool {
        self.https
    }
}

impl std::str::FromStr for PublicUrl {
    type Err = PublicUrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let shape = || PublicUrlError::Shape(s.to_string());
        let url = url::Url::parse(s.trim()).map_err(|_| shape())?;
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            _ => return Err(shape()),
        };
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_string(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(shape()),
        };
        let extra = !url.username().is_empty()
            || url.password().is_some()
            || url.path() != "/"
            || url.query().is_some()
            || url.fragment().is_some();
        if extra {
            return Err(PublicUrlError::Extra(s.to_string()));
        }
        let origin = url.origin().ascii_serialization();
        Ok(PublicUrl { origin, host, port: url.port(), https })
    }
}

impl fmt::Display for PublicUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_only() {
        let url: PublicUrl = "https://localhost:8443".parse().expect("valid");
        assert_eq!(
            (url.origin(), url.host(), url.port(), url.is_https()),
            ("https://localhost:8443", "localhost", Some(8443), true)
        );
        let default_port: PublicUrl = "HTTPS://Tenant.Example/".parse().expect("valid");
        assert_eq!((default_port.origin(), default_port.port()), ("https://tenant.example", None));
        let v6: PublicUrl = "http://[::1]:4000".parse().expect("valid");
        assert_eq!((v6.origin(), v6.host()), ("http://[::1]:4000", "::1"));
        for bad in [
            "localhost:8443",
            "ftp://x",
            "https://",
            "https://u:p@x",
            "https://x/api",
            "https://x?q",
            "https://x#f",
        ] {
            assert!(bad.parse::<PublicUrl>().is_err(), "{bad}");
        }
    }
}
