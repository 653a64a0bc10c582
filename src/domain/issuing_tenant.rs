//! Which tenant a token belongs to, and whether a call target is that tenant. A Management
//! API token cannot be revoked (docs/auth0.md#lifecycle): handing it to another host is a leak
//! that lasts until `exp`. So before any call the target is compared with the token's own
//! tenant, named by its Management API audience (`https://{domain}/api/v2/`) and its issuer
//! (`https://{domain}/`; with a custom domain the issuer is the domain the token was requested
//! from, which is also where the API must be called: docs/auth0.md#access-tokens).

use super::Inspection;
use url::Url;

/// The token's tenants as base URLs (`https://acme.eu.auth0.com`, or with a path for issuers
/// that have one), audience first. A genuine Auth0 token names one tenant twice, or two names
/// of one tenant (a custom domain in `iss`, the canonical domain in `aud`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenTenants {
    pub origins: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantVerdict {
    /// The target is one of the token's tenants.
    Same,
    /// The target is another host; `token_tenant` is where the token may go.
    Foreign { token_tenant: String, target: String },
    /// The token names no tenant (no Management API audience, no usable `iss`).
    Unknown,
}

/// `scheme://host[:port][/path]` of `url` as parsed: scheme and host lower-case, default ports
/// dropped, no trailing slash; `None` when it does not parse as an absolute http(s) URL. The
/// path is kept so that tenants told apart by path are told apart here too.
pub fn tenant_base(url: &str) -> Option<String> {
    let parsed = Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() {
        return None;
    }
    let origin = parsed.origin();
    origin
        .is_tuple()
        .then(|| format!("{}{}", origin.ascii_serialization(), parsed.path().trim_end_matches('/')))
}

/// `host[:port]` of a URL, what a user types to confirm a target.
pub fn host_of(url: &str) -> Option<String> {
    let parsed = Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?;
    Some(match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

impl TokenTenants {
    pub fn of(inspection: &Inspection) -> Self {
        let claims = &inspection.claims;
        let audiences =
            claims.aud.iter().filter_map(|aud| aud.strip_suffix("/api/v2/")).filter_map(tenant_base);
        let mut origins: Vec<String> = Vec::new();
        for origin in audiences.chain(claims.iss.as_deref().and_then(tenant_base)) {
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        Self { origins }
    }

    /// Whether `target` (a tenant domain as configured, e.g. `https://acme.auth0.com`) is one
    /// of the token's tenants. Compared as parsed origins: scheme, host and port.
    pub fn verdict(&self, target: &str) -> TenantVerdict {
        let Some(first) = self.origins.first() else { return TenantVerdict::Unknown };
        let target_origin = tenant_base(target);
        if target_origin.as_ref().is_some_and(|target| self.origins.contains(target)) {
            return TenantVerdict::Same;
        }
        TenantVerdict::Foreign {
            token_tenant: first.clone(),
            target: target_origin.unwrap_or_else(|| target.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn token(claims: serde_json::Value) -> Inspection {
        let part = |v: serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let raw = format!("{}.{}.c2ln", part(serde_json::json!({"alg": "RS256"})), part(claims));
        Inspection::from_compact(&raw).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn same_tenant_by_audience_or_issuer() {
        let t = TokenTenants::of(&token(
            serde_json::json!({"iss": "https://login.acme.com/", "aud": "https://acme.eu.auth0.com/api/v2/"}),
        ));
        assert_eq!(t.verdict("https://acme.eu.auth0.com"), TenantVerdict::Same);
        assert_eq!(t.verdict("https://ACME.eu.auth0.com:443/"), TenantVerdict::Same);
        assert_eq!(t.verdict("https://login.acme.com"), TenantVerdict::Same);
        let local = TokenTenants::of(&token(serde_json::json!({"aud": ["http://127.0.0.1:4000/api/v2/"]})));
        assert_eq!(local.verdict("http://127.0.0.1:4000"), TenantVerdict::Same);
        assert!(matches!(local.verdict("http://127.0.0.1:4001"), TenantVerdict::Foreign { .. }));
        // Tenants told apart by path stay apart.
        let pathed = TokenTenants::of(&token(serde_json::json!({"aud": "https://idp.example/a/api/v2/"})));
        assert_eq!(pathed.verdict("https://idp.example/a/"), TenantVerdict::Same);
        assert!(matches!(pathed.verdict("https://idp.example/b"), TenantVerdict::Foreign { .. }));
    }

    #[test]
    fn foreign_targets_name_the_token_tenant() {
        let t = TokenTenants::of(&token(
            serde_json::json!({"iss": "https://a.auth0.com/", "aud": "https://a.auth0.com/api/v2/"}),
        ));
        assert_eq!(
            t.verdict("https://b.auth0.com"),
            TenantVerdict::Foreign {
                token_tenant: "https://a.auth0.com".into(),
                target: "https://b.auth0.com".into()
            }
        );
        // Same host, other scheme or port: another origin.
        assert!(matches!(t.verdict("http://a.auth0.com"), TenantVerdict::Foreign { .. }));
        assert!(matches!(t.verdict("https://a.auth0.com:8443"), TenantVerdict::Foreign { .. }));
        assert!(matches!(t.verdict("https://a.auth0.com.evil.example"), TenantVerdict::Foreign { .. }));
        assert!(matches!(t.verdict("https://a.auth0.com@b.auth0.com"), TenantVerdict::Foreign { .. }));
    }

    #[test]
    fn a_token_without_tenant_claims_is_unknown() {
        let t = TokenTenants::of(&token(serde_json::json!({"aud": "my-api", "sub": "x"})));
        assert_eq!(t.verdict("https://a.auth0.com"), TenantVerdict::Unknown);
    }
}
