//! The Management API's rate limit: one token bucket in front of everything under `/api/v2`
//! (unknown routes included, as Auth0 counts them), and the `x-ratelimit-*` headers on every
//! answer (docs/auth0.md#rate-limits).

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::tenant::errors::ApiError;
use crate::tenant::state::Tenant;

pub async fn rate_limit(State(t): State<Arc<Tenant>>, req: Request<Body>, next: Next) -> Response {
    let decision = t.limiter.take();
    let mut resp = if decision.allowed {
        next.run(req).await
    } else {
        // The body real tenants are reported to send; unconfirmed (docs/auth0.md#management-api-errors).
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Global limit has been reached")
            .code("too_many_requests")
            .into_response()
    };
    decision.insert_headers(resp.headers_mut());
    resp
}
