//! The Management API's rate limit: one token bucket in front of everything under `/api/v2`
//! (unknown routes included, as Auth0 counts them), and the `x-ratelimit-*` headers on every
//! answer (docs/auth0.md#rate-limits). A refusal writes an `api_limit` event, at most one a
//! second (docs/auth0.md#log-events).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, OriginalUri, State};
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::json;

use super::auth::authenticate;
use crate::tenant::errors::ApiError;
use crate::tenant::events::{self, Origin, Subject};
use crate::tenant::request::{client_ip, user_agent};
use crate::tenant::state::Tenant;

/// The body real tenants are reported to send; unconfirmed (docs/auth0.md#management-api-errors).
const LIMIT_MESSAGE: &str = "Global limit has been reached";

pub async fn rate_limit(State(t): State<Arc<Tenant>>, req: Request<Body>, next: Next) -> Response {
    let decision = t.limiter.take();
    let mut resp = if decision.allowed {
        next.run(req).await
    } else {
        if t.event_throttle.admit("management-api") {
            log_refusal(&t, &req);
        }
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, LIMIT_MESSAGE).code("too_many_requests").into_response()
    };
    decision.insert_headers(resp.headers_mut());
    resp
}

/// `api_limit`, naming the caller when its token is valid (checked only for an event that is
/// written, so a flood of refusals costs no signature checks).
fn log_refusal(t: &Tenant, req: &Request<Body>) {
    let client_id = authenticate(t, req.headers())
        .ok()
        .and_then(|claims| claims["azp"].as_str().map(str::to_owned))
        .unwrap_or_default();
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    let origin = Origin { ip: client_ip(peer), user_agent: user_agent(req.headers()) };
    let path = req.extensions().get::<OriginalUri>().map_or_else(|| req.uri().path(), |u| u.0.path());
    let mut store = t.lock();
    let name = store.client_name(&client_id);
    let head = events::head(
        "api_limit",
        "Rate limit exceeded",
        &Subject { client_id: &client_id, client_name: &name },
        &origin,
        &t.hostname,
    );
    let details = json!({
        "limit": {"bucket": "management-api", "global": true, "size": t.limiter.config().burst},
        "request": {"method": req.method().as_str().to_lowercase(), "path": path},
        "response": LIMIT_MESSAGE,
    });
    store.push_log(Utc::now(), events::tail(head, details, &t.tenant_name));
}
