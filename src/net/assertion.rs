//! The `private_key_jwt` client assertion (RFC 7523): RS256, `iss` = `sub` = client id,
//! `aud` = `<domain>/`, a random `jti`, and one minute of life (Auth0 allows ≤ 5 min).

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

pub const ASSERTION_LIFETIME_SECS: i64 = 60;

#[derive(Serialize)]
struct AssertionClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    jti: &'a str,
    iat: i64,
    exp: i64,
}

pub fn client_assertion(
    client_id: &str,
    audience: &str,
    key: &EncodingKey,
    now: i64,
    jti: &str,
) -> Result<String, jsonwebtoken::errors::Error> {
    let claims = AssertionClaims {
        iss: client_id,
        sub: client_id,
        aud: audience,
        jti,
        iat: now,
        exp: now + ASSERTION_LIFETIME_SECS,
    };
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, key)
}

/// 128 random bits as hex: unique enough for a one-time `jti`.
pub fn random_jti() -> Result<String, aws_lc_rs::error::Unspecified> {
    let mut bytes = [0u8; 16];
    aws_lc_rs::rand::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
