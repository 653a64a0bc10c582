//! A profile's `domain`: a bare host means `https://`; plain `http://` is allowed only for
//! loopback hosts so a secret is never sent in clear over a network.

use reqwest::Url;
use std::net::IpAddr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("the domain is empty")]
    Empty,
    #[error("`{0}` is not a valid URL or host name")]
    Invalid(String),
    #[error("`{0}`: plain http:// is only allowed for 127.0.0.0/8, ::1 and localhost — use https://")]
    InsecureHttp(String),
    #[error("`{0}`: only https:// (or http:// on loopback) is supported")]
    Scheme(String),
}

/// Normalises to a base URL without a trailing slash: `acme.eu.auth0.com` →
/// `https://acme.eu.auth0.com`. A path (issuer URLs of other providers) is kept.
pub fn normalize_domain(input: &str) -> Result<String, DomainError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(DomainError::Empty);
    }
    let with_scheme = if trimmed.contains("://") { trimmed.to_owned() } else { format!("https://{trimmed}") };
    let url = Url::parse(&with_scheme).map_err(|_| DomainError::Invalid(trimmed.to_owned()))?;
    if url.host_str().is_none_or(str::is_empty) || url.query().is_some() || url.fragment().is_some() {
        return Err(DomainError::Invalid(trimmed.to_owned()));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => return Err(DomainError::InsecureHttp(trimmed.to_owned())),
        _ => return Err(DomainError::Scheme(trimmed.to_owned())),
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    // IPv6 hosts come bracketed (`[::1]`).
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Auth0's Management API audience for a domain: `<domain>/api/v2/`.
pub fn management_audience(domain: &str) -> String {
    format!("{}/api/v2/", domain.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_domain_becomes_https() {
        assert_eq!(normalize_domain("acme.eu.auth0.com").as_deref(), Ok("https://acme.eu.auth0.com"));
        assert_eq!(
            normalize_domain(" https://acme.eu.auth0.com/ ").as_deref(),
            Ok("https://acme.eu.auth0.com")
        );
        assert_eq!(
            normalize_domain("https://idp.example/tenant/x/").as_deref(),
            Ok("https://idp.example/tenant/x")
        );
    }

    #[test]
    fn http_only_on_loopback() {
        assert_eq!(normalize_domain("http://127.0.0.1:8080").as_deref(), Ok("http://127.0.0.1:8080"));
        assert_eq!(normalize_domain("http://127.8.9.10").as_deref(), Ok("http://127.8.9.10"));
        assert_eq!(normalize_domain("http://[::1]:9000").as_deref(), Ok("http://[::1]:9000"));
        assert_eq!(normalize_domain("http://localhost:3000").as_deref(), Ok("http://localhost:3000"));
        assert!(matches!(normalize_domain("http://acme.auth0.com"), Err(DomainError::InsecureHttp(_))));
        assert!(matches!(normalize_domain("http://10.0.0.1"), Err(DomainError::InsecureHttp(_))));
        assert!(matches!(normalize_domain("http://localhost.evil.com"), Err(DomainError::InsecureHttp(_))));
        assert!(matches!(normalize_domain("ftp://x"), Err(DomainError::Scheme(_))));
        assert_eq!(normalize_domain(""), Err(DomainError::Empty));
    }

    #[test]
    fn audience_has_trailing_slash() {
        assert_eq!(management_audience("https://a.auth0.com"), "https://a.auth0.com/api/v2/");
    }
}
