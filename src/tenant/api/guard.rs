//! The one layer in front of every matched Management API route, in Auth0's order: bearer token
//! (400/401), payload (413/400), then the route's scopes from [`super::scopes`] (403). It hands
//! the handler a [`Caller`] and the body it read.

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{MatchedPath, State};
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

use super::auth::authenticate;
use super::ctx::Caller;
use super::scopes::{Needs, requirement};
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
    // A route without a row is refused rather than served unchecked.
    let needed = requirement(&parts.method, template)
        .ok_or_else(|| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error"))?;
    let claims = authenticate(&t, &parts.headers)?;
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
    if !needed.allows(&scopes) {
        return Err(ApiError::insufficient_scope(needed.needs == Needs::All, needed.scopes));
    }
    let client_id = claims["azp"].as_str().unwrap_or("").to_string();
    parts.extensions.insert(Caller { scopes, client_id });
    Ok(next.run(Request::from_parts(parts, Body::from(bytes))).await)
}
