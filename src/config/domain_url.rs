//! The one check every URL a credential or token may go to passes: the profile's domain, the
//! discovered `token_endpoint` and `jwks_uri`, `--jwks URL`, a token's own issuer and every
//! Management API call. The string is parsed once (`reqwest::Url`, the parser reqwest itself
//! uses) and the parsed value is checked and then used, so what is checked is what is sent to.
//!
//! Rules: `https`, or `http` only when the parsed host is loopback (127.0.0.0/8, `::1`,
//! `localhost`); no user name or password in the URL. Decisions: `localhost.` (a fully
//! qualified name the resolver may send to DNS) and IPv4-mapped IPv6 (`::ffff:127.0.0.1`,
//! which the standard library does not call loopback) are refused for `http`.

use crate::domain::api_path::{API_PREFIX, ApiPathError};
use crate::domain::api_response::api_url;
use reqwest::Url;
use std::net::{Ipv4Addr, Ipv6Addr};

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
    #[error("`{0}`: a user name or password in the URL is refused")]
    UserInfo(String),
}

/// Parses an absolute URL and checks it: the one gate before anything is sent.
pub fn check_url(input: &str) -> Result<Url, DomainError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(DomainError::Empty);
    }
    let shown = || crate::domain::sanitize::escape_control(trimmed).into_owned();
    let url = Url::parse(trimmed).map_err(|_| DomainError::Invalid(shown()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(DomainError::UserInfo(shown()));
    }
    if !matches!(url.scheme(), "https" | "http") {
        return Err(DomainError::Scheme(shown()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(DomainError::Invalid(shown()));
    }
    if url.scheme() == "http" && !is_loopback(&url) {
        return Err(DomainError::InsecureHttp(shown()));
    }
    Ok(url)
}

/// True when `input` names its own scheme (`http:/x`, `HTTP://x`, `http:\\x`): such strings
/// are parsed as written, never prefixed with `https://`.
pub fn has_scheme(input: &str) -> bool {
    let Some((scheme, rest)) = input.trim().split_once(':') else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && (rest.starts_with('/') || rest.starts_with('\\'))
}

/// Normalises a profile domain to a checked base URL without a trailing slash:
/// `acme.eu.auth0.com` → `https://acme.eu.auth0.com`. A path (issuer URLs of other
/// providers) is kept; a query or fragment is refused.
pub fn normalize_domain(input: &str) -> Result<String, DomainError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(DomainError::Empty);
    }
    let with_scheme = if has_scheme(trimmed) { trimmed.to_owned() } else { format!("https://{trimmed}") };
    let url = check_url(&with_scheme).map_err(|error| match error {
        // Name the input as written, not the `https://` the bare host was given.
        DomainError::Invalid(_) => {
            DomainError::Invalid(crate::domain::sanitize::escape_control(trimmed).into_owned())
        }
        other => other,
    })?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(DomainError::Invalid(crate::domain::sanitize::escape_control(trimmed).into_owned()));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// `scheme://host:port` of a URL, for "same origin" checks and messages.
pub fn origin_of(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// On the parsed host: the URL parser has already decoded percent escapes and turned every
/// IPv4 spelling (`2130706433`, `0x7f.1`) into dotted form and IPv6 into brackets.
fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
    }
    host == "localhost" || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Auth0's Management API audience for a domain: `<domain>/api/v2/`.
pub fn management_audience(domain: &str) -> String {
    format!("{}/api/v2/", domain.trim_end_matches('/'))
}

/// Why a Management API call's URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiUrlError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Path(#[from] ApiPathError),
}

/// The URL a call goes to, checked (https, or http on loopback only) and in the spelling it
/// is sent in.
/// The path is checked again on the parsed URL: what is sent must still be under the
/// tenant's `/api/v2`, whatever the URL parser normalised.
pub fn checked_api_url(base_domain: &str, path_and_query: &str) -> Result<String, ApiUrlError> {
    let domain = normalize_domain(base_domain)?;
    let url = check_url(&api_url(&domain, path_and_query)?)?;
    let api_root = format!("{}{}", check_url(&domain)?.path().trim_end_matches('/'), API_PREFIX);
    let path = url.path();
    if path != api_root && !path.starts_with(&format!("{api_root}/")) {
        return Err(ApiUrlError::Path(ApiPathError::OutsideApi(path.to_owned())));
    }
    Ok(url.into())
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
        assert_eq!(normalize_domain("localhost:3000").as_deref(), Ok("https://localhost:3000"));
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

    /// Every spelling reqwest reads as plain http to a non-loopback host is refused, for a
    /// domain and for an endpoint alike (the old code read `http:/host` as `https://http/host`).
    #[test]
    fn sloppy_http_spellings_are_read_as_reqwest_reads_them() {
        for spelling in [
            "http:/203.0.113.5/oauth/token",
            "http:203.0.113.5/oauth/token",
            "http:\\\\203.0.113.5\\oauth\\token",
            "http:/\\203.0.113.5/oauth/token",
            "HTTP://203.0.113.5/oauth/token",
            "hTtP://203.0.113.5:8080/oauth/token",
            " http://203.0.113.5/oauth/token ",
            "http://203.0.113.5\t/oauth/token",
            "http://127.0.0.1.nip.io/oauth/token",
            "http://%32%30%33.0.113.5/oauth/token",
        ] {
            let checked = check_url(spelling);
            assert!(
                matches!(checked, Err(DomainError::InsecureHttp(_))),
                "{spelling:?} gave {checked:?}, reqwest reads {:?}",
                Url::parse(spelling.trim()).map(|u| u.to_string())
            );
            let normalized = normalize_domain(spelling.trim_end_matches("/oauth/token"));
            assert!(normalized.is_err(), "{spelling:?} as a domain gave {normalized:?}");
        }
    }

    #[test]
    fn the_value_used_is_the_value_checked() {
        // Loopback in a sloppy spelling is fine, and comes back in the one spelling reqwest uses.
        assert_eq!(normalize_domain("http:\\\\127.0.0.1:9").as_deref(), Ok("http://127.0.0.1:9"));
        assert_eq!(normalize_domain("HTTP://LOCALHOST:9").as_deref(), Ok("http://localhost:9"));
        assert_eq!(normalize_domain("http://%31%32%37.0.0.1:9").as_deref(), Ok("http://127.0.0.1:9"));
        assert_eq!(normalize_domain("http://2130706433:9").as_deref(), Ok("http://127.0.0.1:9"));
        assert_eq!(
            check_url("HTTPS://Acme.EU.auth0.com/oauth/token").map(String::from).as_deref(),
            Ok("https://acme.eu.auth0.com/oauth/token")
        );
    }

    #[test]
    fn userinfo_tricks_are_refused() {
        for spelling in [
            "https://a@b/",
            "https://acme.auth0.com@evil.example/oauth/token",
            "http://127.0.0.1@evil.example/",
            "http://127.0.0.1:9@127.0.0.1:10/",
            "https://user:pass@acme.auth0.com/",
            "https://:pass@acme.auth0.com/",
        ] {
            assert!(matches!(check_url(spelling), Err(DomainError::UserInfo(_))), "{spelling}");
            assert!(normalize_domain(spelling).is_err(), "{spelling}");
        }
    }

    #[test]
    fn loopback_decisions() {
        // `localhost.` may be resolved through DNS; IPv4-mapped IPv6 is not `::1`: both refused.
        for refused in [
            "http://localhost./",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]:8080/",
            "http://0.0.0.0/",
            "http://[::]/",
            "http://localhost%2eevil.example/",
            "http://127.0.0.1%2eevil.example/",
        ] {
            assert!(matches!(check_url(refused), Err(DomainError::InsecureHttp(_))), "{refused}");
        }
        for allowed in
            ["http://127.0.0.1/", "http://127.255.255.254:1/", "http://[::1]/", "http://localhost/"]
        {
            assert!(check_url(allowed).is_ok(), "{allowed}");
        }
        // Over https every host is fine: the certificate proves it.
        assert!(check_url("https://[::ffff:127.0.0.1]/").is_ok());
        assert!(check_url("https://localhost./").is_ok());
    }

    #[test]
    fn other_schemes_and_garbage_are_refused() {
        for (input, scheme) in
            [("ftp://x/", true), ("file:///etc/passwd", true), ("javascript:alert(1)", true)]
        {
            let checked = check_url(input);
            assert!(checked.is_err(), "{input}");
            assert_eq!(matches!(checked, Err(DomainError::Scheme(_))), scheme, "{input}: {checked:?}");
        }
        assert!(check_url("acme.auth0.com").is_err(), "no scheme is not an absolute URL");
        assert!(normalize_domain("https://acme.auth0.com/?q=1").is_err());
        assert!(normalize_domain("https://acme.auth0.com/#x").is_err());
    }

    #[test]
    fn scheme_detection() {
        assert!(has_scheme("http:/x") && has_scheme("HTTP://x") && has_scheme("http:\\\\x"));
        assert!(!has_scheme("localhost:3000") && !has_scheme("acme.auth0.com") && !has_scheme("1http://x"));
    }

    #[test]
    fn audience_has_trailing_slash() {
        assert_eq!(management_audience("https://a.auth0.com"), "https://a.auth0.com/api/v2/");
    }
}
