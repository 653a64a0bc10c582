//! What a Management API handler receives, as axum extractors: [`Ctx`] (caller, query, JSON body)
//! and [`Id`] (the route's path parameter).

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, MatchedPath};
use axum::http::request::Parts;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use serde_json::Value;

use super::MOUNT;
use super::caller::Caller;
use super::query::Query;
use crate::tenant::errors::{ApiError, json_response};
use crate::tenant::request::MAX_BODY;
use crate::tenant::state::Tenant;
use crate::tenant::target::{TargetError, path_param};

/// Everything a handler gets.
pub struct Ctx {
    pub tenant: Arc<Tenant>,
    pub query: Query,
    /// The JSON request body, when one was sent (already checked to parse).
    pub body: Option<Value>,
    pub scopes: HashSet<String>,
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
        let query = Query::parse(parts.uri.query().unwrap_or(""))?;
        // The guard already read, bounded and checked the body; this only takes it back.
        let bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| unguarded())?;
        let body = if bytes.is_empty() { None } else { serde_json::from_slice::<Value>(&bytes).ok() };
        Ok(Ctx { tenant: tenant.clone(), query, body, scopes: caller.scopes })
    }
}

/// The route's one path parameter (`{id}`), percent-decoded like Auth0 does; never empty,
/// because the router does not match empty segments. An id that is not UTF-8 once decoded
/// (`%ff`) is Auth0's 400 `invalid_uri`, never a server error.
pub struct Id(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let matched = MatchedPath::from_request_parts(parts, state).await.map_err(|_| unguarded())?;
        // Inside the nested `/api/v2` router the request's path has lost the mount point that
        // the matched template still carries.
        let path = parts.uri.path();
        let template = matched.as_str();
        let template = match template.strip_prefix(MOUNT) {
            Some(inner) if !path.starts_with(&format!("{MOUNT}/")) => inner,
            _ => template,
        };
        match path_param(template, path) {
            Ok(Some(id)) => Ok(Id(id)),
            Ok(None) | Err(TargetError::NotInRoute) => Err(unguarded()),
            Err(e) => Err(ApiError::bad_request(
                format!("Path validation error: '{e}' on property id."),
                "invalid_uri",
            )),
        }
    }
}
