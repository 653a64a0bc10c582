//! Error types: the library's own `TenantError`, and the two wire shapes Auth0 answers with —
//! the Management API's Hapi/Boom body and the Authentication API's OAuth body (docs/auth0.md#token-endpoint,
//! docs/auth0.md#management-api-errors).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::domain::scope_rule::Requirement;

/// Failures of starting or running the tenant itself (not HTTP errors).
#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    #[error("could not create the tenant's signing key: {0}")]
    Key(String),
    #[error("could not listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: std::io::Error },
    #[error("--public-url {0} names plain http, but --tls serves https: use https://")]
    PlainPublicUrlWithTls(String),
    #[error("the built-in seed data is invalid: {0}")]
    Seed(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

/// Content type Auth0 sends on JSON responses (as recorded from real tenants).
pub const JSON_UTF8: &str = "application/json; charset=utf-8";

/// A JSON response with Auth0's content type.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8));
    resp
}

/// Management API error: `{statusCode, error, message, errorCode?, attributes?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub error_code: Option<&'static str>,
    /// 401s from the token check carry `attributes.error` and a `WWW-Authenticate` header (Boom).
    pub attributes: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError { status, message: message.into(), error_code: None, attributes: false }
    }
    pub fn code(mut self, code: &'static str) -> Self {
        self.error_code = Some(code);
        self
    }
    pub fn bad_request(message: impl Into<String>, code: &'static str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message).code(code)
    }
    /// Query-string validation failures. The errorCode `invalid_query_string` is unconfirmed
    /// (docs/auth0.md#management-api-errors).
    pub fn query(message: impl Into<String>) -> Self {
        Self::bad_request(message, "invalid_query_string")
    }
    pub fn not_found_route() -> Self {
        Self::new(StatusCode::NOT_FOUND, "Not Found")
    }
    /// A 401 from token validation: message mirrored into `attributes.error` (as observed).
    pub fn unauthorized(message: impl Into<String>) -> Self {
        ApiError { attributes: true, ..Self::new(StatusCode::UNAUTHORIZED, message) }
    }
    /// Auth0's 403 for a token without the scopes `requirement` states: "expected any of: …" for
    /// one clause, "expected all of: …" for single-scope clauses, and for a mix Auth0's
    /// "expected: a and any of: b or c" (docs/auth0.md#management-api-errors).
    pub fn insufficient_scope(requirement: &Requirement) -> Self {
        let clauses = requirement.clauses();
        let expected = if clauses.len() <= 1 {
            format!("expected any of: {}", requirement.scopes().join(", "))
        } else if requirement.is_all_of() {
            format!("expected all of: {}", requirement.scopes().join(", "))
        } else {
            let parts: Vec<String> = clauses
                .iter()
                .map(|c| if c.len() == 1 { c[0].clone() } else { format!("any of: {}", c.join(" or ")) })
                .collect();
            format!("expected: {}", parts.join(" and "))
        };
        Self::new(StatusCode::FORBIDDEN, format!("Insufficient scope, {expected}")).code("insufficient_scope")
    }
    /// 501 in Auth0's error shape for an operation the local tenant has no handler for;
    /// `operation` is its method and template (`GET /api/v2/users/{id}/permissions`).
    /// `status` is 501, or 404 under `--unimplemented 404` (no SDK retries a 404).
    pub fn not_implemented(operation: &str, status: StatusCode) -> Self {
        Self::new(
            status,
            format!("The local tenant does not implement {operation}; a real Auth0 tenant would answer it."),
        )
        .code("not_implemented")
    }
    pub fn body(&self) -> Value {
        let mut m = Map::new();
        m.insert("statusCode".into(), json!(self.status.as_u16()));
        m.insert("error".into(), json!(self.status.canonical_reason().unwrap_or("Error")));
        m.insert("message".into(), json!(self.message));
        if let Some(code) = self.error_code {
            m.insert("errorCode".into(), json!(code));
        }
        if self.attributes {
            m.insert("attributes".into(), json!({ "error": self.message }));
        }
        Value::Object(m)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = json_response(self.status, &self.body());
        if self.attributes {
            // Boom.unauthorized(msg, 'Bearer', {error: msg}) renders exactly this header.
            let value = format!("Bearer error=\"{}\"", self.message.replace('"', "'"));
            if let Ok(v) = HeaderValue::from_str(&value) {
                resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
            }
        } else if self.status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp
    }
}

/// Authentication API error: `{error, error_description, error_uri?}`.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
    pub uri: Option<&'static str>,
}

impl OAuthError {
    pub fn new(status: StatusCode, error: &'static str, description: impl Into<String>) -> Self {
        OAuthError { status, error, description: description.into(), uri: None }
    }
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", description)
    }
    /// Wrong secret or unknown client: Auth0 answers 401 access_denied "Unauthorized" (as observed).
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "access_denied", "Unauthorized")
    }
    pub fn body(&self) -> Value {
        let mut m = Map::new();
        m.insert("error".into(), json!(self.error));
        m.insert("error_description".into(), json!(self.description));
        if let Some(uri) = self.uri {
            m.insert("error_uri".into(), json!(uri));
        }
        Value::Object(m)
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body())
    }
}
