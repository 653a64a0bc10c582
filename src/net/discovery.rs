//! Where a tenant's token endpoint and JWKS are: OIDC discovery when it answers (so other
//! providers and issuer URLs with a path work), else Auth0's fixed paths.
//!
//! A discovered `token_endpoint` or `jwks_uri` passes the one URL check and must have the
//! profile's origin (scheme, host and port; Auth0's always do): the discovery document must
//! not be able to send the client secret or the token anywhere else. A profile that really
//! needs another origin names it (`token_endpoint = "…"`, `jwks_uri = "…"`).

use super::endpoints::{EndpointSource, Endpoints};
use super::http::Http;
use super::size::DISCOVERY_BODY_LIMIT;
use super::transport::TransportError;
use crate::config::{DomainError, check_url, origin_of};
use crate::domain::sanitize::escape_control;
use serde::Deserialize;

/// Endpoints a profile names itself; each replaces the discovered one and may be on
/// another origin. Already checked when the profile was loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExplicitEndpoints<'a> {
    pub token_endpoint: Option<&'a str>,
    pub jwks_uri: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoveryError {
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error("the discovery document's {field} `{url}` is refused: {reason}")]
    UnsafeUrl { field: &'static str, url: String, reason: DomainError },
    #[error(
        "the discovery document's {field} is on {found}, not on the profile's origin {expected}: \
         refused (name it as `{field} = \"…\"` in the profile if that origin is intended)"
    )]
    ForeignOrigin { field: &'static str, found: String, expected: String },
}

#[derive(Deserialize)]
struct DiscoveryDocument {
    issuer: Option<String>,
    token_endpoint: Option<String>,
    jwks_uri: Option<String>,
}

/// Discovers a tenant's endpoints (cached) and checks them against the domain's origin.
pub async fn endpoints(http: &Http, domain: &str) -> Result<Endpoints, DiscoveryError> {
    endpoints_with(http, domain, ExplicitEndpoints::default()).await
}

/// [`endpoints`], with the endpoints a profile names itself taking the discovered ones' place.
/// A server that answers badly means fallback; a server that cannot be reached is an error,
/// since the fallback would fail the same way.
pub async fn endpoints_with(
    http: &Http,
    domain: &str,
    explicit: ExplicitEndpoints<'_>,
) -> Result<Endpoints, DiscoveryError> {
    let domain = domain.trim_end_matches('/');
    let url = format!("{domain}/.well-known/openid-configuration");
    let found = match http.discovery.get(&url) {
        Some(cached) => cached,
        None => {
            let found = discover(http, &url, domain).await?;
            http.discovery.put(&url, found.clone());
            found
        }
    };
    checked(found, domain, explicit)
}

/// Applies the explicit endpoints, then the one URL check and the origin rule to the rest.
fn checked(
    mut found: Endpoints,
    domain: &str,
    explicit: ExplicitEndpoints<'_>,
) -> Result<Endpoints, DiscoveryError> {
    let expected = check_url(domain).map(|url| origin_of(&url)).map_err(|reason| {
        DiscoveryError::UnsafeUrl { field: "domain", url: escape_control(domain).into_owned(), reason }
    })?;
    found.token_endpoint = match explicit.token_endpoint {
        Some(url) => url.to_owned(),
        None => same_origin("token_endpoint", &found.token_endpoint, &expected)?,
    };
    found.jwks_uri = match (explicit.jwks_uri, found.jwks_uri) {
        (Some(url), _) => Some(url.to_owned()),
        (None, Some(url)) => Some(same_origin("jwks_uri", &url, &expected)?),
        (None, None) => None,
    };
    Ok(found)
}

/// The URL in the spelling it is used in, when it passes the check and has `expected` origin.
fn same_origin(field: &'static str, url: &str, expected: &str) -> Result<String, DiscoveryError> {
    let parsed = check_url(url).map_err(|reason| DiscoveryError::UnsafeUrl {
        field,
        url: escape_control(url).into_owned(),
        reason,
    })?;
    let found = origin_of(&parsed);
    if found != expected {
        return Err(DiscoveryError::ForeignOrigin {
            field,
            found: escape_control(&found).into_owned(),
            expected: expected.to_owned(),
        });
    }
    Ok(parsed.into())
}

async fn discover(http: &Http, url: &str, domain: &str) -> Result<Endpoints, TransportError> {
    let (status, body) = http.get_json(url, DISCOVERY_BODY_LIMIT).await?;
    if !status.is_success() {
        return Ok(Endpoints::auth0_fallback(domain, format!("discovery answered HTTP {}", status.as_u16())));
    }
    let document: DiscoveryDocument = match serde_json::from_slice(&body) {
        Ok(document) => document,
        Err(_) => return Ok(Endpoints::auth0_fallback(domain, "discovery document is not JSON")),
    };
    let Some(token_endpoint) = document.token_endpoint else {
        return Ok(Endpoints::auth0_fallback(domain, "discovery document has no token_endpoint"));
    };
    Ok(Endpoints {
        issuer: document.issuer.unwrap_or_else(|| format!("{domain}/")),
        token_endpoint,
        jwks_uri: document.jwks_uri,
        source: EndpointSource::Discovery,
    })
}
