//! The tenant's axum router: every path it answers, in one place.

use std::sync::Arc;

use axum::Router;
use axum::response::{IntoResponse, Response};
use axum::routing::any;

use super::errors::ApiError;
use super::state::Tenant;
use super::{api, oauth, wellknown};

pub fn router(tenant: Arc<Tenant>) -> Router {
    Router::new()
        .route("/.well-known/jwks.json", any(wellknown::jwks))
        .route("/.well-known/openid-configuration", any(wellknown::discovery))
        .route("/.well-known/oauth-authorization-server", any(wellknown::discovery))
        .route("/oauth/token", any(oauth::token))
        .nest("/api/v2", api::router(tenant.clone()))
        .fallback(not_found)
        .with_state(tenant)
}

async fn not_found() -> Response {
    ApiError::not_found_route().into_response()
}
