//! What an authenticated client gets: the checks of grant type, audience and client grant in
//! Auth0's order and words (docs/auth0.md#token-endpoint), and the claims of its token.

use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{Map, Value, json};

use super::Params;
use crate::tenant::errors::OAuthError;
use crate::tenant::state::Tenant;
use crate::tenant::store::Store;

/// The claims of the token to sign, its `scope` claim, its lifetime, and the instant it is
/// issued at (its `iat` is that instant's second, and its `seccft` event is dated that instant,
/// so the log tells each token's `exp` to the second).
pub struct Claims {
    pub claims: Value,
    pub scope: String,
    pub lifetime: i64,
    pub issued_at: chrono::DateTime<Utc>,
}

/// Checks grant type, audience and client grant; returns the claims to sign.
pub fn authorize(
    t: &Tenant,
    store: &Store,
    client_id: &str,
    audience: &str,
    p: &Params,
) -> Result<Claims, OAuthError> {
    let Some(client) = store.client(client_id) else {
        return Err(OAuthError::unauthorized());
    };
    if !client.grant_types.iter().any(|g| g == "client_credentials") {
        return Err(OAuthError {
            uri: Some("https://auth0.com/docs/clients/client-grant-types"),
            ..OAuthError::new(
                StatusCode::FORBIDDEN,
                "unauthorized_client",
                "Grant type 'client_credentials' not allowed for the client.",
            )
        });
    }
    if audience.is_empty() {
        return Err(OAuthError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            "No audience parameter was provided, and no default audience has been configured",
        ));
    }
    if store.resource_server(audience).is_none() {
        return Err(OAuthError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            format!("Service not enabled within domain: {audience}"),
        ));
    }
    let Some(grant) = store.grant_for(client_id, audience) else {
        return Err(OAuthError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            format!(
                "Client is not authorized to access \"{audience}\". You need to create a \"client-grant\" associated to this API."
            ),
        ));
    };
    let org = match p.get("organization").filter(|o| !o.is_empty()) {
        None => None,
        Some(wanted) => {
            let found = store
                .organizations
                .iter()
                .find(|o| o["id"] == wanted.as_str() || o["name"] == wanted.as_str());
            // Auth0's wording for an unknown organization on client credentials (unconfirmed).
            Some(found.cloned().ok_or_else(|| {
                OAuthError::new(
                    StatusCode::FORBIDDEN,
                    "access_denied",
                    format!("Organization \"{wanted}\" does not exist"),
                )
            })?)
        }
    };
    let scope = granted_scope(t, &store.granted_scopes(grant), p.get("scope").map(String::as_str))?;
    let issued_at = Utc::now();
    let now = issued_at.timestamp();
    // The API's own lifetime (`PATCH /resource-servers/{id}` changes it for new tokens).
    let lifetime = store
        .resource_server(audience)
        .and_then(|api| api["token_lifetime"].as_i64())
        .filter(|seconds| *seconds > 0)
        .unwrap_or(t.token_lifetime);
    // Claim order of Auth0's samples: iss, sub, aud, iat, exp, scope, [org_id, org_name,] gty, azp.
    let mut c = Map::new();
    c.insert("iss".into(), json!(t.issuer()));
    c.insert("sub".into(), json!(format!("{client_id}@clients")));
    c.insert("aud".into(), json!(audience));
    c.insert("iat".into(), json!(now));
    c.insert("exp".into(), json!(now + lifetime));
    c.insert("scope".into(), json!(scope));
    if let Some(org) = org {
        c.insert("org_id".into(), org["id"].clone());
        c.insert("org_name".into(), org["name"].clone());
    }
    c.insert("gty".into(), json!("client-credentials"));
    c.insert("azp".into(), json!(client_id));
    Ok(Claims { claims: Value::Object(c), scope, lifetime, issued_at })
}

/// The token's `scope`: the whole grant, or with `--allow-scope-request` the subset the request
/// names (in the grant's order), as Auth0 does for custom APIs. A scope outside the grant is
/// refused with Auth0's error rather than dropped, so a test learns what it did not get.
fn granted_scope(t: &Tenant, granted: &[String], requested: Option<&str>) -> Result<String, OAuthError> {
    let Some(requested) = requested.filter(|r| t.allow_scope_request && !r.trim().is_empty()) else {
        return Ok(granted.join(" "));
    };
    let wanted: std::collections::HashSet<&str> = requested.split_whitespace().collect();
    let held: std::collections::HashSet<&str> = granted.iter().map(String::as_str).collect();
    let mut missing: Vec<&str> = requested.split_whitespace().filter(|s| !held.contains(s)).collect();
    missing.dedup();
    if !missing.is_empty() {
        // Auth0's text for scopes the grant lacks (as reported by users; unconfirmed).
        return Err(OAuthError::new(
            StatusCode::FORBIDDEN,
            "access_denied",
            format!("Client has not been granted scopes: {}", missing.join(" ")),
        ));
    }
    Ok(granted.iter().filter(|s| wanted.contains(s.as_str())).cloned().collect::<Vec<_>>().join(" "))
}
