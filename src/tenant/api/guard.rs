//! The one layer in front of every Management API operation, in Auth0's order: bearer token
//! (400/401), payload (413/400), then the operation's scopes as the catalog states them (403).
//! Matched routes go through [`guard`], which hands the handler a [`Caller`] and the body it
//! read, and records the call's log event ([`super::audit`]) once it is answered; operations
//! the local tenant does not implement go through the same [`admit`] in [`unimplemented`]
//! before their 501 (the router's fallback reaches it through [`super::unimplemented`]).

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, MatchedPath, OriginalUri, State};
use axum::http::request::Parts;
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::MOUNT;
use super::audit::{self, Call};
use super::auth::authenticate;
use super::caller::Caller;
use super::params;
use super::scopes::operation;
use crate::domain::catalog::{Endpoint, ScopeSet};
use crate::tenant::config::Unimplemented;
use crate::tenant::errors::ApiError;
use crate::tenant::events::Origin;
use crate::tenant::request::{BodyError, MAX_BODY, client_ip, is_json, read_body, user_agent};
use crate::tenant::state::Tenant;
use crate::tenant::target::{decode_segment, parse_params};

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
    let caller = caller(&authenticate(&t, &parts.headers)?);
    let query = parse_params(parts.uri.query().unwrap_or("")).map_err(|_| invalid_query_string())?;
    let mut call = Call {
        method: parts.method.clone(),
        path: original_path(&parts),
        query,
        origin: origin(&parts),
        caller: caller.clone(),
        body: None,
        description: audit::description(needed),
    };
    let checked = match params::check(&parts.method, template, &call.query) {
        Ok(()) => checked_body(&parts, body, needed, &caller).await,
        Err(error) => Err(error),
    };
    let answer = match checked {
        Ok(bytes) => {
            call.body = serde_json::from_slice(&bytes).ok();
            parts.extensions.insert(caller);
            next.run(Request::from_parts(parts, Body::from(bytes))).await
        }
        Err(error) => error.into_response(),
    };
    Ok(audit::record(&t, call, answer).await)
}

/// A query string that is not UTF-8 once percent-decoded (or has too many parameters).
pub fn invalid_query_string() -> ApiError {
    ApiError::bad_request("Invalid request query string", "invalid_uri")
}

/// Who called, from the verified token's claims.
fn caller(claims: &Value) -> Caller {
    let scopes: HashSet<String> =
        claims["scope"].as_str().unwrap_or("").split_whitespace().map(str::to_string).collect();
    let text = |name: &str| claims[name].as_str().unwrap_or("").to_string();
    Caller { scopes, client_id: text("azp"), subject: text("sub") }
}

/// The path as the client sent it: inside the nested router `parts.uri` has lost `/api/v2`.
pub fn original_path(parts: &Parts) -> String {
    parts.extensions.get::<OriginalUri>().map_or_else(|| parts.uri.path(), |u| u.0.path()).to_string()
}

fn origin(parts: &Parts) -> Origin {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    Origin { ip: client_ip(peer), user_agent: user_agent(&parts.headers) }
}

/// Reads the call's body (bounded) and checks the token's scopes against the operation's
/// requirement: what the caller sent, or Auth0's error.
async fn checked_body(
    parts: &Parts,
    body: Body,
    needed: &Endpoint,
    caller: &Caller,
) -> Result<Bytes, ApiError> {
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
    let granted: Vec<String> = caller.scopes.iter().cloned().collect();
    if !needed.check(&ScopeSet::new(&granted)).is_allowed() {
        return Err(ApiError::insufficient_scope(&needed.requirement));
    }
    Ok(bytes)
}

/// An operation the local tenant has no handler for: `endpoint`'s checks, then 501.
pub async fn unimplemented(t: &Tenant, parts: &Parts, body: Body, endpoint: &Endpoint) -> Response {
    let admitted = match authenticate(t, &parts.headers) {
        Ok(claims) => checked_body(parts, body, endpoint, &caller(&claims)).await.map(|_| ()),
        Err(error) => Err(error),
    };
    let answer = match admitted {
        Ok(()) if parts.uri.path().split('/').any(|s| decode_segment(s).is_err()) => ApiError::bad_request(
            "Path validation error: 'the path is not valid UTF-8 once percent-decoded'.",
            "invalid_uri",
        ),
        // The operation's template, not the path as sent: nothing of the request is echoed.
        Ok(()) => ApiError::not_implemented(
            &endpoint.id(),
            match t.unimplemented {
                Unimplemented::NotImplemented => StatusCode::NOT_IMPLEMENTED,
                Unimplemented::NotFound => StatusCode::NOT_FOUND,
            },
        ),
        Err(error) => error,
    };
    answer.into_response()
}
