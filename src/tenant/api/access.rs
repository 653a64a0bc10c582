//! What a user may do: the roles assigned to them (`POST`/`DELETE /users/{id}/roles`) and the
//! permissions given to them directly (`GET`/`POST`/`DELETE /users/{id}/permissions`), in Auth0's
//! shapes and statuses (assigning roles answers 204, adding permissions 201).

use std::collections::HashSet;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::Value;

use super::body::{Body, invalid};
use super::ctx::{ApiResult, Ctx, ok};
use super::query::{Totals, page};
use super::roles::{
    MAX_PERMISSIONS, check_permissions, grant, limit_reached, requested_permissions, role_not_found,
};
use crate::tenant::errors::ApiError;
use crate::tenant::store::{Permission, Store};

fn inexistent_user() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "The user does not exist.").code("inexistent_user")
}

fn user_exists(store: &Store, id: &str) -> Result<(), ApiError> {
    if store.users.iter().any(|u| u["user_id"] == id) { Ok(()) } else { Err(inexistent_user()) }
}

/// `roles: ["rol_…", …]`: at least one, distinct.
fn requested_roles(ctx: &Ctx) -> Result<Vec<String>, ApiError> {
    let body = Body::of(ctx, &["roles"])?;
    let roles = body.strings("roles")?.ok_or_else(|| invalid("'Missing required property: roles'."))?;
    if roles.is_empty() {
        return Err(invalid("'Array is too short (0), minimum 1' on property roles."));
    }
    let mut seen = HashSet::new();
    Ok(roles.into_iter().filter(|r| seen.insert(*r)).map(str::to_owned).collect())
}

/// `POST /users/{id}/roles`: 204.
pub fn assign_roles(ctx: &Ctx, id: &str) -> ApiResult {
    let wanted = requested_roles(ctx)?;
    if wanted.len() > MAX_PERMISSIONS {
        return Err(limit_reached("roles per user", MAX_PERMISSIONS));
    }
    let mut store = ctx.tenant.lock();
    user_exists(&store, id)?;
    let known: HashSet<&str> = store.roles.iter().filter_map(|r| r["id"].as_str()).collect();
    if wanted.iter().any(|r| !known.contains(r.as_str())) {
        return Err(role_not_found());
    }
    let held = store.user_roles.entry(id.to_string()).or_default();
    let had: HashSet<String> = held.iter().cloned().collect();
    held.extend(wanted.into_iter().filter(|r| !had.contains(r)));
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /users/{id}/roles`: 204.
pub fn remove_roles(ctx: &Ctx, id: &str) -> ApiResult {
    let unwanted: HashSet<String> = requested_roles(ctx)?.into_iter().collect();
    let mut store = ctx.tenant.lock();
    user_exists(&store, id)?;
    if let Some(held) = store.user_roles.get_mut(id) {
        held.retain(|r| !unwanted.contains(r));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /users/{id}/permissions`: the permissions given to the user directly.
pub fn permissions(ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    user_exists(store, id)?;
    let held = store.user_permissions.get(id).map(Vec::as_slice).unwrap_or_default();
    let items: Vec<Value> = held.iter().map(|p| store.permission_json(p)).collect();
    ok(&page(items, ctx.query.paging(50)?, "permissions", Totals::Plain))
}

/// `POST /users/{id}/permissions`: 201.
pub fn add_permissions(ctx: &Ctx, id: &str) -> ApiResult {
    let wanted = requested_permissions(&Body::of(ctx, &["permissions"])?)?;
    let mut store = ctx.tenant.lock();
    user_exists(&store, id)?;
    check_permissions(&store, &wanted)?;
    grant(store.user_permissions.entry(id.to_string()).or_default(), wanted)?;
    Ok(StatusCode::CREATED.into_response())
}

/// `DELETE /users/{id}/permissions`: 204.
pub fn remove_permissions(ctx: &Ctx, id: &str) -> ApiResult {
    let unwanted: HashSet<Permission> =
        requested_permissions(&Body::of(ctx, &["permissions"])?)?.into_iter().collect();
    let mut store = ctx.tenant.lock();
    user_exists(&store, id)?;
    if let Some(held) = store.user_permissions.get_mut(id) {
        held.retain(|p| !unwanted.contains(p));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
