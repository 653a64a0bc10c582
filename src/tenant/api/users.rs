//! Users: list/search (v3 syntax), by id, by email, and a user's roles.

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::Value;

use super::ctx::{ApiResult, Ctx, ok};
use super::query::{Totals, page, project, search_refused, sort_by};
use crate::tenant::errors::ApiError;
use crate::tenant::search;
use crate::tenant::store::Store;

/// Auth0 pages through at most the first 1000 results of a search (docs/auth0.md#user-search).
const SEARCH_LIMIT: usize = 1000;

fn inexistent_user() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "The user does not exist.").code("inexistent_user")
}

/// `GET /users`: the store is locked only to take a snapshot of the users; the search and the
/// sort run without it.
pub fn list(ctx: &Ctx) -> ApiResult {
    let q = &ctx.query;
    let paging = q.paging(50)?;
    match q.get("search_engine") {
        None | Some("v3") => {}
        Some(engine @ ("v1" | "v2")) => {
            return Err(ApiError::query(format!(
                "You are not allowed to use search_engine={engine}. Use search_engine=v3 instead."
            )));
        }
        Some(other) => {
            return Err(ApiError::query(format!(
                "Query validation error: 'No enum match for: \"{other}\"' on property search_engine."
            )));
        }
    }
    if (paging.page + 1) * paging.per_page > SEARCH_LIMIT {
        return Err(ApiError::query(
            "You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation.",
        ));
    }
    let query = match q.get("q").filter(|s| !s.trim().is_empty()) {
        None => search::Query::All,
        Some(text) => {
            if q.get("search_engine").is_none() {
                return Err(ApiError::query(
                    "The 'q' parameter is available only if you specify 'search_engine=v2|v3'.",
                ));
            }
            search::parse(text, &search::USERS).map_err(|e| search_refused(text, e))?
        }
    };
    let sort = q.sort()?;
    if let Some((field, _)) = &sort
        && (field.starts_with("app_metadata") || field.starts_with("user_metadata"))
    {
        return Err(ApiError::query("Sorting by metadata fields is not supported."));
    }
    let fields = q.fields()?;
    let snapshot: Vec<Arc<Value>> = ctx.tenant.lock().users.clone();
    let mut hits: Vec<Arc<Value>> =
        snapshot.into_iter().filter(|u| query.matches(u, &search::USERS)).collect();
    if let Some((field, asc)) = sort {
        sort_by(&mut hits, &field, asc);
    }
    let hits: Vec<Value> =
        hits.into_iter().take(SEARCH_LIMIT).map(|u| project(Value::clone(&u), &fields)).collect();
    ok(&page(hits, paging, "users", Totals::Users))
}

pub fn get(ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    let fields = ctx.query.fields()?;
    let user = store.users.iter().find(|u| u["user_id"] == id).ok_or_else(inexistent_user)?;
    ok(&project(Value::clone(user), &fields))
}

pub fn by_email(ctx: &Ctx, store: &Store) -> ApiResult {
    let fields = ctx.query.fields()?;
    let Some(email) = ctx.query.get("email") else {
        return Err(ApiError::query(
            "Query validation error: 'Missing required property: email' on property email.",
        ));
    };
    // Exact and case-sensitive (docs/auth0.md#endpoints; Auth0 stores emails lower-cased).
    let found: Vec<Value> = store
        .users
        .iter()
        .filter(|u| u["email"] == email)
        .map(|u| project(Value::clone(u), &fields))
        .collect();
    ok(&Value::Array(found))
}

/// Properties `PATCH /users/{id}` accepts (Auth0's UserUpdate schema, the common subset).
const UPDATABLE: [&str; 17] = [
    "blocked",
    "email_verified",
    "email",
    "phone_number",
    "phone_verified",
    "user_metadata",
    "app_metadata",
    "given_name",
    "family_name",
    "name",
    "nickname",
    "picture",
    "verify_email",
    "verify_phone_number",
    "password",
    "connection",
    "username",
];

fn invalid_body(message: String) -> ApiError {
    ApiError::bad_request(format!("Payload validation error: {message}"), "invalid_body")
}

/// `PATCH /users/{id}`: validates like Auth0, merges metadata one level deep (a `null`
/// member removes that key), stamps `updated_at`, and answers the updated user.
pub fn update(ctx: &Ctx, store: &mut Store, id: &str) -> ApiResult {
    let Some(body) = ctx.body.as_ref() else {
        return Err(invalid_body("'Expected type object but found type null'.".into()));
    };
    let Some(changes) = body.as_object() else {
        let found = match body {
            Value::Array(_) => "array",
            Value::String(_) => "string",
            Value::Number(_) => "number",
            Value::Bool(_) => "boolean",
            _ => "null",
        };
        return Err(invalid_body(format!("'Expected type object but found type {found}'.")));
    };
    if let Some(unknown) = changes.keys().find(|k| !UPDATABLE.contains(&k.as_str())) {
        return Err(invalid_body(format!("'Additional properties not allowed: {unknown}'.")));
    }
    for (name, value) in changes {
        let expected_ok = match name.as_str() {
            "blocked" | "email_verified" | "phone_verified" | "verify_email" | "verify_phone_number" => {
                value.is_boolean()
            }
            "user_metadata" | "app_metadata" => value.is_object(),
            _ => value.is_string(),
        };
        if !expected_ok {
            return Err(invalid_body(format!("'Expected type {}' on property {name}.", expected_type(name))));
        }
    }
    // Password and email cannot change in one request (docs/auth0.md#endpoints).
    if changes.contains_key("password") && changes.contains_key("email") {
        return Err(ApiError::bad_request("Cannot update password and email simultaneously", "invalid_body"));
    }
    let metadata_only = changes.keys().all(|k| k == "app_metadata" || k == "user_metadata");
    let permitted = ctx.has("update:users") || (metadata_only && ctx.has("update:users_app_metadata"));
    if !permitted {
        // A client token has no user subject, so update:current_user_metadata never applies.
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "Some fields cannot be updated with the permissions granted by the bearer token scopes.",
        )
        .code("insufficient_scope"));
    }
    let user = store.users.iter_mut().find(|u| u["user_id"] == id).ok_or_else(inexistent_user)?;
    let user = Arc::make_mut(user);
    for (name, value) in changes {
        match name.as_str() {
            "user_metadata" | "app_metadata" => merge_metadata(&mut user[name.as_str()], value),
            // Write-only inputs: they trigger actions in Auth0 and are not stored on the user.
            "password" | "verify_email" | "verify_phone_number" | "connection" => {}
            _ => user[name.as_str()] = value.clone(),
        }
    }
    user["updated_at"] = Value::String(crate::tenant::store::iso(chrono::Utc::now()));
    let updated = user.clone();
    ok(&updated)
}

fn expected_type(name: &str) -> &'static str {
    match name {
        "blocked" | "email_verified" | "phone_verified" | "verify_email" | "verify_phone_number" => "boolean",
        "user_metadata" | "app_metadata" => "object",
        _ => "string",
    }
}

fn merge_metadata(target: &mut Value, changes: &Value) {
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    if let (Some(target), Some(changes)) = (target.as_object_mut(), changes.as_object()) {
        for (key, value) in changes {
            if value.is_null() {
                target.remove(key);
            } else {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

pub fn roles(ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    let paging = ctx.query.paging(50)?;
    if !store.users.iter().any(|u| u["user_id"] == id) {
        return Err(inexistent_user());
    }
    let ids = store.user_roles.get(id).cloned().unwrap_or_default();
    let roles: Vec<Value> =
        store.roles.iter().filter(|r| ids.iter().any(|i| r["id"] == i.as_str())).cloned().collect();
    ok(&page(roles, paging, "roles", Totals::Plain))
}
