//! `/.well-known/jwks.json` and OIDC discovery (docs/auth0.md#access-tokens).

use std::sync::Arc;

use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::errors::{ApiError, json_response};
use super::state::Tenant;
use axum::response::IntoResponse;

fn method_ok(method: &Method) -> bool {
    method == Method::GET || method == Method::HEAD
}

pub async fn jwks(State(t): State<Arc<Tenant>>, method: Method) -> Response {
    if !method_ok(&method) {
        return ApiError::not_found_route().into_response();
    }
    json_response(StatusCode::OK, &json!({ "keys": [t.key.jwk()] }))
}

pub async fn discovery(State(t): State<Arc<Tenant>>, method: Method) -> Response {
    if !method_ok(&method) {
        return ApiError::not_found_route().into_response();
    }
    json_response(StatusCode::OK, &document(&t.domain))
}

/// Auth0's discovery document; the endpoints this tenant does not implement are still
/// advertised at Auth0's paths so clients see the same document shape.
pub fn document(domain: &str) -> Value {
    json!({
        "issuer": format!("{domain}/"),
        "authorization_endpoint": format!("{domain}/authorize"),
        "token_endpoint": format!("{domain}/oauth/token"),
        "device_authorization_endpoint": format!("{domain}/oauth/device/code"),
        "userinfo_endpoint": format!("{domain}/userinfo"),
        "mfa_challenge_endpoint": format!("{domain}/mfa/challenge"),
        "jwks_uri": format!("{domain}/.well-known/jwks.json"),
        "registration_endpoint": format!("{domain}/oidc/register"),
        "revocation_endpoint": format!("{domain}/oauth/revoke"),
        "scopes_supported": ["openid", "profile", "offline_access", "name", "given_name", "family_name",
            "nickname", "email", "email_verified", "picture", "created_at", "identities", "phone", "address"],
        "response_types_supported": ["code", "token", "id_token", "code token", "code id_token",
            "token id_token", "code token id_token"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["HS256", "RS256", "PS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
        "claims_supported": ["aud", "auth_time", "created_at", "email", "email_verified", "exp", "family_name",
            "given_name", "iat", "identities", "iss", "name", "nickname", "phone_number", "picture", "sub"],
        "request_uri_parameter_supported": false,
        "request_parameter_supported": false,
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "PS256", "PS384", "ES256", "ES384"],
        "end_session_endpoint": format!("{domain}/oidc/logout"),
    })
}
