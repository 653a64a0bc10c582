//! What a Management API handler receives, as axum extractors: [`Ctx`] (caller, query, JSON body)
//! and [`Id`] (the route's path parameter).

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use serde_json::Value;

use super::query::Query;
use crate::tenant::errors::{ApiError, json_response};
use crate::tenant::request::{MAX_BODY, client_ip, user_agent};
use crate::tenant::state::Tenant;

/// Who called, as the guard established it from the bearer token.
#[derive(Clone, Debug)]
pub struct Caller {
    pub scopes: HashSet<String>,
    pub client_id: String,
}

/// Everything a handler gets.
pub struct Ctx {
    pub tenant: Arc<Tenant>,
    pub query: Query,
    /// The JSON request body, when one was sent (already checked to parse).
    pub body: Option<Value>,
    pub scopes: HashSet<String>,
    pub client_id: String,
    pub ip: String,
    pub user_agent: String,
}

impl Ctx {
    pub fn has(&self, scope: &str) -> bool {
        self.scopes.contains(scope)
    }
}

pub type ApiResult = Result<Response, ApiError>;

pub fn ok(body: &Value) -> ApiResult {
    Ok(json_response(StatusCode::OK, body))
}

/// A route reached without the guard in front of it: a wiring mistake, never the client's.
fn unguarded() -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
}

impl FromRequest<Arc<Tenant>> for Ctx {
    type Rejection = ApiError;

    async fn from_request(req: Request<Body>, tenant: &Arc<Tenant>) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let caller = parts.extensions.get::<Caller>().cloned().ok_or_else(unguarded)?;
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
        let query = Query::parse(parts.uri.query().unwrap_or(""))?;
        // The guard already read, bounded and checked the body; this only takes it back.
        let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| unguarded())?;
        let body = if bytes.is_empty() { None } else { serde_json::from_slice::<Value>(&bytes).ok() };
        Ok(Ctx {
            tenant: tenant.clone(),
            query,
            body,
            scopes: caller.scopes,
            client_id: caller.client_id,
            ip: client_ip(peer),
            user_agent: user_agent(&parts.headers),
        })
    }
}

/// The route's one path parameter (`{id}`), percent-decoded like Auth0 does; never empty,
/// because the router does not match empty segments.
pub struct Id(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let params = RawPathParams::from_request_parts(parts, state).await.map_err(|_| unguarded())?;
        let (_, raw) = params.iter().next().ok_or_else(unguarded)?;
        Ok(Id(percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned()))
    }
}
