//! The one layer in front of every Management API operation, in Auth0's order: bearer token
//! (400/401), payload (413/400), then the operation's scopes as the catalog states them (403).
//! Matched routes go through [`guard`], which hands the handler a [`Caller`] and the body it
//! read; operations the local tenant does not implement go through the same [`admit`] in
//! [`unimplemented`] before their 501 (the router's fallback reaches it through
//! [`super::unimplemented`]).

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, State};
use axum::http::request::Parts;
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::auth::authenticate;
use super::ctx::Caller;
use super::scopes::operation;
use crate::domain::catalog::{Endpoint, ScopeSet};
use crate::tenant::errors::ApiError;
use crate::tenant::request::{BodyError, MAX_BODY, is_json, read_body};
use crate::tenant::state::Tenant;

/// Where the Management API router is mounted; matched paths may carry it.
pub const MOUNT: &str = "/api/v2";

pub async fn guard(
    State(t): State<Arc<Tenant>>,
    matched: MatchedPath,
    req: Request<Body>,
    next: Next,
) -> Result<Response, ApiError> {
    let (mut parts, body) = req.into_parts();
    let template = matched.as_str();
    let template = template.strip_prefix(MOUNT).unwrap_or(template);
    // A route that is no operation of the catalog is refused rather than served unchecked.
    let needed = operation(&parts.method, template)
        .ok_or_else(|| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error"))?;
    // A literal operation the route's placeholder caught (`GET /clients/search` on the
    // `/clients/{id}` route) is that operation, which the local tenant does not implement.
    if let Some(called) = operation(&parts.method, parts.uri.path())
        && !std::ptr::eq(called, needed)
    {
        return Ok(unimplemented(&t, &parts, body, called).await);
    }
    let (caller, bytes) = admit(&t, &parts, body, needed).await?;
    parts.extensions.insert(caller);
    Ok(next.run(Request::from_parts(parts, Body::from(bytes))).await)
}

/// Authenticates the call, reads its body (bounded) and checks the token's scopes against the
/// operation's requirement: who called and what they sent, or Auth0's error.
async fn admit(
    t: &Tenant,
    parts: &Parts,
    body: Body,
    needed: &Endpoint,
) -> Result<(Caller, Bytes), ApiError> {
    let claims = authenticate(t, &parts.headers)?;
    let bytes = read_body(&parts.headers, body).await.map_err(|e| match e {
        // Hapi's own 413 text.
        BodyError::TooLarge => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Payload content length greater than maximum allowed: {MAX_BODY}"),
        ),
        BodyError::Unreadable => ApiError::bad_request("Unable to read the request payload", "invalid_body"),
    })?;
    if !bytes.is_empty() && is_json(&parts.headers) && serde_json::from_slice::<Value>(&bytes).is_err() {
        // Hapi's text for unparsable JSON payloads.
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "Invalid request payload JSON format"));
    }
    let scopes: HashSet<String> =
        claims["scope"].as_str().unwrap_or("").split_whitespace().map(str::to_string).collect();
    let granted: Vec<String> = scopes.iter().cloned().collect();
    if !needed.check(&ScopeSet::new(&granted)).is_allowed() {
        return Err(ApiError::insufficient_scope(&needed.requirement));
    }
    let client_id = claims["azp"].as_str().unwrap_or("").to_string();
    Ok((Caller { scopes, client_id }, bytes))
}

/// An operation the local tenant has no handler for: `endpoint`'s checks, then 501.
pub async fn unimplemented(t: &Tenant, parts: &Parts, body: Body, endpoint: &Endpoint) -> Response {
    let answer = match admit(t, parts, body, endpoint).await {
        // The operation's template, not the path as sent: nothing of the request is echoed.
        Ok(_) => ApiError::not_implemented(&endpoint.id()),
        Err(error) => error,
    };
    answer.into_response()
}
