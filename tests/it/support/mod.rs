//! Helpers shared by the integration tests: building unsigned-but-well-formed tokens.

pub mod tmux;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

pub fn segment(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// A compact JWT with the given header and payload and a fake (but base64url) signature.
pub fn token(header: Value, payload: Value) -> String {
    format!("{}.{}.{}", segment(&header), segment(&payload), URL_SAFE_NO_PAD.encode([7u8; 64]))
}

pub const NOW: i64 = 1_764_320_000;

/// An Auth0-shaped Management API token issued at `iat` for `lifetime` seconds.
pub fn management_token(iat: i64, lifetime: i64, scope: &str) -> String {
    token(
        json!({"typ": "JWT", "alg": "RS256", "kid": "kid-1"}),
        json!({
            "iss": "https://acme.eu.auth0.com/",
            "sub": "abc123@clients",
            "aud": "https://acme.eu.auth0.com/api/v2/",
            "iat": iat,
            "exp": iat + lifetime,
            "scope": scope,
            "gty": "client-credentials",
            "azp": "abc123",
        }),
    )
}

pub const RFC7519_EXAMPLE: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
