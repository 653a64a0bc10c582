//! Every operation of the Management API the local tenant has no handler for: the call is
//! authenticated and its scopes checked exactly as for an implemented one (401, 403), then
//! answered 501 in Auth0's error shape, so any operation's verdict can be checked end to end.
//! A path that is no operation at all answers Auth0's 404, as before.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::Request;
use axum::response::{IntoResponse, Response};

use super::guard::unimplemented;
use super::scopes::operation;
use crate::tenant::errors::ApiError;
use crate::tenant::state::Tenant;

/// The router's fallback for unmatched paths and methods under `/api/v2`.
pub async fn unimplemented_or_not_found(State(t): State<Arc<Tenant>>, req: Request<Body>) -> Response {
    let (parts, body) = req.into_parts();
    match operation(&parts.method, parts.uri.path()) {
        Some(endpoint) => unimplemented(&t, &parts, body, endpoint).await,
        None => ApiError::not_found_route().into_response(),
    }
}
