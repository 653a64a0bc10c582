//! The bearer-token check every Management API route starts with (400/401 in Auth0's words).

use axum::http::{HeaderMap, StatusCode, header};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::Value;

use crate::tenant::errors::ApiError;
use crate::tenant::state::Tenant;

/// Validates `Authorization: Bearer <jwt>` and returns the token's claims.
pub fn authenticate(t: &Tenant, headers: &HeaderMap) -> Result<Value, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        // Hapi's default text for a request without credentials (unconfirmed for Auth0).
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "Missing authentication"));
    };
    let bad_format = || ApiError::new(StatusCode::BAD_REQUEST, "Bad HTTP authentication header format");
    let value = value.to_str().map_err(|_| bad_format())?;
    let mut parts = value.split(' ').filter(|p| !p.is_empty());
    let (Some(scheme), Some(token), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad_format());
    };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(bad_format());
    }
    let invalid = || ApiError::unauthorized("Invalid token");
    let bad_signature =
        || ApiError::unauthorized("Invalid signature received for JSON Web Token validation.");
    let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
    if header.alg != Algorithm::RS256 {
        return Err(invalid());
    }
    if header.kid.as_deref() != Some(t.key.kid.as_str()) {
        // A token signed by some other key (another tenant run): its signature cannot verify here.
        return Err(bad_signature());
    }
    let mut v = Validation::new(Algorithm::RS256);
    v.leeway = 0;
    v.validate_aud = false;
    v.set_required_spec_claims(&["exp"]);
    let claims = jsonwebtoken::decode::<Value>(token, t.key.decoding_key(), &v)
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidSignature => bad_signature(),
            ErrorKind::ExpiredSignature => {
                ApiError::unauthorized("Expired token received for JSON Web Token validation")
            }
            _ => invalid(),
        })?
        .claims;
    let aud_ok = match &claims["aud"] {
        Value::String(a) => *a == t.mgmt_audience,
        Value::Array(a) => a.iter().any(|x| *x == t.mgmt_audience.as_str()),
        _ => false,
    };
    if !aud_ok {
        // Auth0's text for a token minted for another API (unconfirmed).
        let aud = match &claims["aud"] {
            Value::String(a) => a.clone(),
            other => other.to_string(),
        };
        return Err(ApiError::unauthorized(format!("Bad audience: {aud}")));
    }
    if claims["iss"] != t.issuer().as_str() {
        return Err(invalid());
    }
    Ok(claims)
}
