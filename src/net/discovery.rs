//! Where a tenant's token endpoint and JWKS are: OIDC discovery when it answers (so other
//! providers and issuer URLs with a path work), else Auth0's fixed paths.

use super::http::Http;
use super::transport::TransportError;
use crate::config::normalize_domain;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointSource {
    Discovery,
    /// Discovery did not answer usefully; Auth0's paths are assumed. The reason says why.
    Fallback {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The `iss` tokens from this tenant carry.
    pub issuer: String,
    pub token_endpoint: String,
    /// `None` when discovery answered without a `jwks_uri`.
    pub jwks_uri: Option<String>,
    pub source: EndpointSource,
}

#[derive(Deserialize)]
struct DiscoveryDocument {
    issuer: Option<String>,
    token_endpoint: Option<String>,
    jwks_uri: Option<String>,
}

impl Endpoints {
    /// Auth0's own layout for a normalised domain.
    pub fn auth0_fallback(domain: &str, reason: impl Into<String>) -> Self {
        Self {
            issuer: format!("{domain}/"),
            token_endpoint: format!("{domain}/oauth/token"),
            jwks_uri: Some(format!("{domain}/.well-known/jwks.json")),
            source: EndpointSource::Fallback { reason: reason.into() },
        }
    }
}

/// Discovers a tenant's endpoints (cached). A server that answers badly means fallback; a
/// server that cannot be reached is an error, since the fallback would fail the same way.
pub async fn endpoints(http: &Http, domain: &str) -> Result<Endpoints, TransportError> {
    let url = format!("{}/.well-known/openid-configuration", domain.trim_end_matches('/'));
    if let Some(cached) = http.discovery.get(&url) {
        return Ok(cached);
    }
    let domain = domain.trim_end_matches('/');
    let found = discover(http, &url, domain).await?;
    http.discovery.put(&url, found.clone());
    Ok(found)
}

async fn discover(http: &Http, url: &str, domain: &str) -> Result<Endpoints, TransportError> {
    let (status, body) = http.get_json(url).await?;
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
    // The same rule as for profiles: a secret goes only over https (or to loopback).
    if let Err(error) = normalize_domain(&token_endpoint) {
        return Ok(Endpoints::auth0_fallback(domain, format!("discovery token_endpoint refused: {error}")));
    }
    let jwks_uri = document.jwks_uri.filter(|uri| normalize_domain(uri).is_ok());
    Ok(Endpoints {
        issuer: document.issuer.unwrap_or_else(|| format!("{domain}/")),
        token_endpoint,
        jwks_uri,
        source: EndpointSource::Discovery,
    })
}
