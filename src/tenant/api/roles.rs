//! Roles and their permissions: list, get, create, change, delete; a role's permissions listed,
//! added and removed. Auth0's shapes and statuses (`POST /roles` answers 200, adding permissions
//! 201, `DELETE /roles/{id}` 200 `{}`); ids `rol_` + 16 random characters, never reused. Texts
//! Auth0 does not publish are the local tenant's own (docs/auth0.md#local-tenant-operations).

use std::collections::{HashMap, HashSet};

use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::body::{Body, invalid};
use super::ctx::{ApiResult, Ctx, ok};
use super::query::{Totals, page};
use crate::tenant::errors::ApiError;
use crate::tenant::ids::new_id;
use crate::tenant::store::{Permission, Store};

/// Roles a tenant keeps at most, and permissions per role or user (Auth0 documents 1,000 for both).
pub const MAX_ROLES: usize = 1_000;
pub const MAX_PERMISSIONS: usize = 1_000;

pub fn role_not_found() -> ApiError {
    // Recorded without an errorCode (docs/auth0.md#management-api-errors).
    ApiError::new(StatusCode::NOT_FOUND, "The role does not exist.")
}

pub fn limit_reached(what: &str, max: usize) -> ApiError {
    ApiError::bad_request(format!("The local tenant keeps at most {max} {what}."), "too_many_entities")
}

/// `permissions: [{resource_server_identifier, permission_name}, …]`: at least one, distinct,
/// read without the store.
pub fn requested_permissions(body: &Body) -> Result<Vec<Permission>, ApiError> {
    let items =
        body.array("permissions")?.ok_or_else(|| invalid("'Missing required property: permissions'."))?;
    if items.is_empty() {
        return Err(invalid("'Array is too short (0), minimum 1' on property permissions."));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in items {
        let field = |name: &str| {
            item.get(name).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| {
                invalid(format_args!("'Missing required property: {name}' on property permissions items."))
            })
        };
        let permission = Permission {
            resource_server_identifier: field("resource_server_identifier")?,
            permission_name: field("permission_name")?,
        };
        if seen.insert(permission.clone()) {
            out.push(permission);
        }
        if out.len() > MAX_PERMISSIONS {
            return Err(limit_reached("permissions per role or user", MAX_PERMISSIONS));
        }
    }
    Ok(out)
}

/// Each permission must be a scope of an existing API; each API's scopes are gathered into a set
/// once, not scanned per permission.
/// Adds to `held` the permissions of `wanted` it lacks, within [`MAX_PERMISSIONS`] (a role's
/// or a user's: Auth0 words the limit the same for both).
pub fn grant(held: &mut Vec<Permission>, wanted: Vec<Permission>) -> Result<(), ApiError> {
    let had: HashSet<Permission> = held.iter().cloned().collect();
    let new: Vec<Permission> = wanted.into_iter().filter(|p| !had.contains(p)).collect();
    if held.len() + new.len() > MAX_PERMISSIONS {
        return Err(limit_reached("permissions per role or user", MAX_PERMISSIONS));
    }
    held.extend(new);
    Ok(())
}

pub fn check_permissions(store: &Store, permissions: &[Permission]) -> Result<(), ApiError> {
    let mut defined: HashMap<&str, HashSet<&str>> = HashMap::new();
    for p in permissions {
        let identifier = p.resource_server_identifier.as_str();
        if !defined.contains_key(identifier) {
            let Some(api) = store.resource_server(identifier) else {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    "No resource server found by specified identifier",
                )
                .code("inexistent_resource_server"));
            };
            let scopes =
                api["scopes"].as_array().map(|s| s.iter().filter_map(|s| s["value"].as_str()).collect());
            defined.insert(identifier, scopes.unwrap_or_default());
        }
        if !defined.get(identifier).is_some_and(|scopes| scopes.contains(p.permission_name.as_str())) {
            return Err(ApiError::bad_request(
                format!(
                    "Permission '{}' is not defined on the resource server {identifier}",
                    p.permission_name
                ),
                "invalid_scope",
            ));
        }
    }
    Ok(())
}

/// `GET /roles`, `name_filter` case-insensitive.
pub fn list(ctx: &Ctx, store: &Store) -> ApiResult {
    let q = &ctx.query;
    let filter = q.get("name_filter").map(str::to_lowercase);
    let items: Vec<Value> = store
        .roles
        .iter()
        .filter(|r| {
            filter.as_deref().is_none_or(|f| r["name"].as_str().is_some_and(|n| n.to_lowercase().contains(f)))
        })
        .cloned()
        .collect();
    ok(&page(items, q.paging(50)?, "roles", Totals::ItemsFirst))
}

pub fn get(_ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    ok(store.roles.iter().find(|r| r["id"] == id).ok_or_else(role_not_found)?)
}

fn name_taken(store: &Store, name: &str, other_than: &str) -> bool {
    store
        .roles
        .iter()
        .any(|r| r["id"] != other_than && r["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name)))
}

fn conflict() -> ApiError {
    // Auth0 refuses a second role of the same name; its wording is unconfirmed.
    ApiError::new(StatusCode::CONFLICT, "A role with this name already exists.").code("role_conflict")
}

/// `POST /roles`: `name` (required), `description`.
pub fn create(ctx: &Ctx, store: &mut Store) -> ApiResult {
    let body = Body::of(ctx, &["name", "description"])?;
    let name = body.sized("name", 1, 50)?.ok_or_else(|| invalid("'Missing required property: name'."))?;
    let description = body.sized("description", 0, 140)?;
    if name_taken(store, name, "") {
        return Err(conflict());
    }
    if store.roles.len() >= MAX_ROLES {
        return Err(limit_reached("roles", MAX_ROLES));
    }
    let id = new_id("rol_", 16, |id| store.roles.iter().any(|r| r["id"] == id));
    let mut role = json!({"id": id, "name": name});
    if let Some(description) = description {
        role["description"] = json!(description);
    }
    store.roles.push(role.clone());
    ok(&role)
}

/// `PATCH /roles/{id}`: `name`, `description`.
pub fn update(ctx: &Ctx, store: &mut Store, id: &str) -> ApiResult {
    let body = Body::of(ctx, &["name", "description"])?;
    let name = body.sized("name", 1, 50)?;
    let description = body.sized("description", 0, 140)?;
    if name.is_some_and(|n| name_taken(store, n, id)) {
        return Err(conflict());
    }
    let role = store.roles.iter_mut().find(|r| r["id"] == id).ok_or_else(role_not_found)?;
    if let Some(name) = name {
        role["name"] = json!(name);
    }
    if let Some(description) = description {
        role["description"] = json!(description);
    }
    ok(role)
}

/// `DELETE /roles/{id}`: the role, its permissions and its members go; 200 `{}` as recorded.
pub fn delete(_ctx: &Ctx, store: &mut Store, id: &str) -> ApiResult {
    let before = store.roles.len();
    store.roles.retain(|r| r["id"] != id);
    if store.roles.len() == before {
        return Err(role_not_found());
    }
    store.role_permissions.remove(id);
    for roles in store.user_roles.values_mut() {
        roles.retain(|r| r != id);
    }
    ok(&json!({}))
}

/// `GET /roles/{id}/permissions`.
pub fn permissions(ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    if !store.roles.iter().any(|r| r["id"] == id) {
        return Err(role_not_found());
    }
    let held = store.role_permissions.get(id).map(Vec::as_slice).unwrap_or_default();
    let items: Vec<Value> = held.iter().map(|p| store.permission_json(p)).collect();
    ok(&page(items, ctx.query.paging(50)?, "permissions", Totals::Plain))
}

/// `POST /roles/{id}/permissions`: 201 without a body.
pub fn add_permissions(ctx: &Ctx, id: &str) -> ApiResult {
    let wanted = requested_permissions(&Body::of(ctx, &["permissions"])?)?;
    let mut store = ctx.tenant.lock();
    if !store.roles.iter().any(|r| r["id"] == id) {
        return Err(role_not_found());
    }
    check_permissions(&store, &wanted)?;
    grant(store.role_permissions.entry(id.to_string()).or_default(), wanted)?;
    Ok(StatusCode::CREATED.into_response())
}

/// `DELETE /roles/{id}/permissions`: 200 without a body.
pub fn remove_permissions(ctx: &Ctx, id: &str) -> ApiResult {
    let unwanted: HashSet<Permission> =
        requested_permissions(&Body::of(ctx, &["permissions"])?)?.into_iter().collect();
    let mut store = ctx.tenant.lock();
    if !store.roles.iter().any(|r| r["id"] == id) {
        return Err(role_not_found());
    }
    if let Some(held) = store.role_permissions.get_mut(id) {
        held.retain(|p| !unwanted.contains(p));
    }
    Ok(StatusCode::OK.into_response())
}
