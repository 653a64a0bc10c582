//! Who is asking for a token: client_secret_post, HTTP Basic, or a private_key_jwt assertion
//! (docs/auth0.md#token-endpoint). The store is locked only to look the client up and to burn an
//! assertion's `jti`; the assertion's signature is checked without it.

use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::Utc;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::Value;

use super::Params;
use crate::tenant::errors::OAuthError;
use crate::tenant::state::Tenant;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// private_key_jwt limits from Auth0's docs (docs/auth0.md#token-endpoint).
const MAX_ASSERTION: usize = 2048;
const MAX_ASSERTION_LIFETIME: i64 = 300;
const CLOCK_SKEW: u64 = 10;

/// A failed authentication: the error to answer and the client id the request named, if any.
pub type AuthFailure = (OAuthError, Option<String>);

/// The client id a request names, before anything is checked: the body's `client_id`, the
/// Basic user, or an assertion's `iss`. `""` when it names none.
pub fn named_client(headers: &HeaderMap, p: &Params) -> String {
    if let Some(id) = p.get("client_id") {
        return id.clone();
    }
    if let Some(Ok((id, _))) = basic_credentials(headers) {
        return id;
    }
    p.get("client_assertion")
        .filter(|a| a.len() <= MAX_ASSERTION)
        .and_then(|a| jsonwebtoken::dangerous::insecure_decode::<Value>(a).ok())
        .and_then(|data| data.claims["iss"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Identifies and authenticates the client; returns its id.
pub fn authenticate(t: &Tenant, headers: &HeaderMap, p: &Params) -> Result<String, AuthFailure> {
    if let Some(assertion) = p.get("client_assertion") {
        return verify_assertion(t, p, assertion);
    }
    let (client_id, secret) = match basic_credentials(headers) {
        Some(Ok(pair)) => pair,
        Some(Err(())) => return Err((OAuthError::unauthorized(), None)),
        None => {
            let id = p.get("client_id").cloned().unwrap_or_default();
            (id, p.get("client_secret").cloned().unwrap_or_default())
        }
    };
    if client_id.is_empty() {
        // Auth0's text for a request naming no client at all (unconfirmed).
        return Err((OAuthError::invalid_request("Missing required parameter: client_id"), None));
    }
    if p.get("client_id").is_some_and(|body_id| *body_id != client_id) {
        return Err((OAuthError::unauthorized(), Some(client_id)));
    }
    let store = t.lock();
    let Some(client) = store.client(&client_id) else {
        return Err((OAuthError::unauthorized(), Some(client_id)));
    };
    let ok = client.client_secret.as_ref().is_some_and(|s| {
        aws_lc_rs::constant_time::verify_slices_are_equal(s.as_bytes(), secret.as_bytes()).is_ok()
    });
    drop(store);
    if ok { Ok(client_id) } else { Err((OAuthError::unauthorized(), Some(client_id))) }
}

/// `Authorization: Basic base64(id:secret)`; `None` if no Basic header, `Err` if malformed.
pub fn basic_credentials(headers: &HeaderMap) -> Option<Result<(String, String), ()>> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(rest.trim()).ok().and_then(|b| String::from_utf8(b).ok());
    let Some((id, secret)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
        return Some(Err(()));
    };
    // RFC 6749 §2.3.1 form-encodes both parts (Go's x/oauth2 does); decode them back.
    let unescape = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    Some(Ok((unescape(id), unescape(secret))))
}

/// The audiences an assertion may name: the issuer (`https://{domain}/`, with its slash) or
/// the token endpoint (`https://{domain}/oauth/token`), as Auth0 accepts both
/// (docs/auth0.md#token-endpoint). On a tenant served over plain http the same in `https://`
/// too: Auth0's SDKs sign `aud = https://{domain}/` whatever the scheme they talk.
fn assertion_audiences(t: &Tenant) -> Vec<String> {
    let issuer = t.issuer();
    let mut audiences = vec![format!("{issuer}oauth/token"), issuer];
    if let Some(authority) = t.domain.strip_prefix("http://") {
        audiences.push(format!("https://{authority}/"));
        audiences.push(format!("https://{authority}/oauth/token"));
    }
    audiences
}

/// private_key_jwt: verifies the client assertion and burns its `jti`.
fn verify_assertion(t: &Tenant, p: &Params, assertion: &str) -> Result<String, AuthFailure> {
    let body_id = p.get("client_id").cloned();
    // Auth0's descriptions for assertion failures are unconfirmed; 401 access_denied as for secrets.
    let deny = |why: &str, id: Option<String>| {
        (
            OAuthError::new(
                StatusCode::UNAUTHORIZED,
                "access_denied",
                format!("Invalid client_assertion: {why}"),
            ),
            id,
        )
    };
    if p.get("client_assertion_type").map(String::as_str) != Some(JWT_BEARER) {
        return Err((
            OAuthError::invalid_request(format!("client_assertion_type must be {JWT_BEARER}")),
            body_id,
        ));
    }
    if assertion.len() > MAX_ASSERTION {
        return Err(deny("the assertion exceeds 2048 bytes", body_id));
    }
    let header =
        jsonwebtoken::decode_header(assertion).map_err(|_| deny("malformed JWT", body_id.clone()))?;
    if !matches!(header.alg, Algorithm::RS256 | Algorithm::RS384 | Algorithm::PS256) {
        return Err(deny("unsupported alg", body_id));
    }
    // Read `iss` before verifying, only to find which client's key to verify with.
    let unverified = jsonwebtoken::dangerous::insecure_decode::<Value>(assertion)
        .map_err(|_| deny("malformed JWT", body_id.clone()))?
        .claims;
    let iss = unverified["iss"].as_str().unwrap_or("").to_string();
    let client_id = body_id.clone().unwrap_or_else(|| iss.clone());
    let key = {
        let store = t.lock();
        let Some(client) = store.client(&client_id) else {
            return Err((OAuthError::unauthorized(), Some(client_id)));
        };
        let Some((key, _)) = &client.public_key else {
            return Err(deny("the client has no registered public key", Some(client_id)));
        };
        key.clone()
    };
    let mut v = Validation::new(header.alg);
    v.leeway = CLOCK_SKEW;
    v.set_audience(&assertion_audiences(t));
    v.set_issuer(&[client_id.as_str()]);
    v.sub = Some(client_id.clone());
    v.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
    let claims = jsonwebtoken::decode::<Value>(assertion, &key, &v)
        .map_err(|e| deny(&assertion_error(e.kind()), Some(client_id.clone())))?
        .claims;
    let now = Utc::now().timestamp();
    let exp = claims["exp"].as_i64().unwrap_or(0);
    if exp > now + MAX_ASSERTION_LIFETIME + CLOCK_SKEW as i64 {
        return Err(deny("exp must be at most 5 minutes in the future", Some(client_id)));
    }
    let jti = claims["jti"].as_str().unwrap_or("");
    if jti.is_empty() || jti.len() > 64 {
        return Err(deny("jti is required (at most 64 characters)", Some(client_id)));
    }
    if !t.lock().burn_jti(&client_id, jti, exp, now, CLOCK_SKEW as i64) {
        return Err(deny("jti has already been used", Some(client_id)));
    }
    Ok(client_id)
}

fn assertion_error(kind: &jsonwebtoken::errors::ErrorKind) -> String {
    use jsonwebtoken::errors::ErrorKind as K;
    match kind {
        K::InvalidSignature => "invalid signature".into(),
        K::ExpiredSignature => "the assertion has expired".into(),
        K::InvalidAudience => {
            "aud must be the tenant's domain with a trailing slash, or its token endpoint".into()
        }
        K::InvalidIssuer | K::InvalidSubject => "iss and sub must both be the client_id".into(),
        K::MissingRequiredClaim(c) => format!("missing required claim {c}"),
        K::ImmatureSignature => "the assertion is not valid yet".into(),
        _ => "malformed JWT".into(),
    }
}
