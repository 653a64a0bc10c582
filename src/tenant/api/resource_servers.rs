//! `PATCH /resource-servers/{id}` (by id or identifier): the token lifetimes of an API, which
//! the tokens issued afterwards get (tokens already issued keep theirs). The other properties
//! of an API are not changed by the local tenant (docs/auth0.md#local-tenant-operations).

use axum::http::StatusCode;
use serde_json::json;

use super::body::Body;
use super::ctx::{ApiResult, Ctx, ok};
use crate::tenant::MAX_TOKEN_LIFETIME_SECS;
use crate::tenant::errors::ApiError;
use crate::tenant::store::Store;

pub fn update(ctx: &Ctx, store: &mut Store, id: &str) -> ApiResult {
    let body = Body::of(ctx, &["token_lifetime", "token_lifetime_for_web"])?;
    let lifetime = body.integer("token_lifetime", 1, MAX_TOKEN_LIFETIME_SECS)?;
    let for_web = body.integer("token_lifetime_for_web", 1, MAX_TOKEN_LIFETIME_SECS)?;
    let api = store.resource_servers.iter_mut().find(|r| r["id"] == id || r["identifier"] == id).ok_or_else(
        || {
            // The errorCode is unconfirmed; the message is from Auth0's OpenAPI spec.
            ApiError::new(StatusCode::NOT_FOUND, "Resource server not found.")
                .code("inexistent_resource_server")
        },
    )?;
    if let Some(seconds) = lifetime {
        api["token_lifetime"] = json!(seconds);
    }
    if let Some(seconds) = for_web {
        api["token_lifetime_for_web"] = json!(seconds);
    }
    ok(api)
}
