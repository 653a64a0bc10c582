//! A tenant's token endpoint and JWKS location, as discovered or assumed: plain data that
//! discovery produces and the client's cache keeps.

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
