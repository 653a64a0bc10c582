//! Creating and changing client grants (`POST /client-grants`, `PATCH /client-grants/{id}`), so
//! grant drift can be shown end to end offline: a changed grant changes the scopes of *new*
//! tokens only; tokens already issued keep theirs until `exp` (docs/auth0.md#lifecycle).
//! The validation follows Auth0's shapes; the exact message texts are the local tenant's own.

use super::ctx::{ApiResult, Ctx};
use crate::tenant::errors::{ApiError, json_response};
use crate::tenant::store::{Grant, Store};
use axum::http::StatusCode;
use serde_json::{Map, Value};
use std::collections::HashSet;

fn invalid_body(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(format!("Payload validation error: {}", message.into()), "invalid_body")
}

fn object(ctx: &Ctx) -> Result<&Map<String, Value>, ApiError> {
    ctx.body.as_ref().and_then(Value::as_object).ok_or_else(|| invalid_body("'Expected type object'."))
}

/// `scope` as a list of distinct strings in the order given, checked in one pass (a set of
/// those seen, not a scan per item) and without the store.
fn requested_scopes(value: Option<&Value>) -> Result<Vec<String>, ApiError> {
    let Some(list) = value.and_then(Value::as_array) else {
        return Err(invalid_body("'Expected type array' on property scope."));
    };
    let mut seen = HashSet::with_capacity(list.len());
    let mut scopes = Vec::new();
    for item in list {
        let Some(scope) = item.as_str() else {
            return Err(invalid_body("'Expected type string' on property scope items."));
        };
        if seen.insert(scope) {
            scopes.push(scope.to_owned());
        }
    }
    Ok(scopes)
}

/// Each scope must be defined on the API the grant is for. Stops at the first unknown one, so
/// the work under the store's lock is bounded by the API's own scope count.
fn check_defined(store: &Store, audience: &str, scopes: &[String]) -> Result<(), ApiError> {
    let api = store.resource_server(audience).ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "No resource server found by specified identifier")
            .code("inexistent_resource_server")
    })?;
    let defined: HashSet<&str> = api["scopes"]
        .as_array()
        .map(|s| s.iter().filter_map(|s| s["value"].as_str()).collect())
        .unwrap_or_default();
    if let Some(unknown) = scopes.iter().find(|s| !defined.contains(s.as_str())) {
        return Err(ApiError::bad_request(
            format!("Scope '{unknown}' is not defined on the resource server {audience}"),
            "invalid_scope",
        ));
    }
    Ok(())
}

/// `POST /client-grants`: `client_id`, `audience` and `scope` are required; one grant per
/// client and audience (409 otherwise).
pub fn create(ctx: &Ctx) -> ApiResult {
    let body = object(ctx)?;
    if let Some(unknown) = body.keys().find(|k| {
        !["client_id", "audience", "scope", "organization_usage", "allow_any_organization"]
            .contains(&k.as_str())
    }) {
        return Err(invalid_body(format!("'Additional properties not allowed: {unknown}'.")));
    }
    let text = |name: &str| body.get(name).and_then(Value::as_str).map(str::to_owned);
    let client_id =
        text("client_id").ok_or_else(|| invalid_body("'Missing required property: client_id'."))?;
    let audience = text("audience").ok_or_else(|| invalid_body("'Missing required property: audience'."))?;
    if !body.contains_key("scope") {
        return Err(invalid_body("'Missing required property: scope'."));
    }
    let scope = requested_scopes(body.get("scope"))?;
    let mut store = ctx.tenant.lock();
    if store.client(&client_id).is_none() {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "Client not found").code("inexistent_client"));
    }
    check_defined(&store, &audience, &scope)?;
    if store.grant_for(&client_id, &audience).is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "A client grant for this client and audience already exists",
        )
        .code("client_grant_conflict"));
    }
    let grant = Grant { id: new_grant_id(&store), client_id, audience, scope };
    let answer = grant.to_json();
    store.grants.push(grant);
    Ok(json_response(StatusCode::CREATED, &answer))
}

/// `PATCH /client-grants/{id}`: changes `scope` (the only field the local tenant keeps).
pub fn update(ctx: &Ctx, id: &str) -> ApiResult {
    let body = object(ctx)?;
    if let Some(unknown) =
        body.keys().find(|k| !["scope", "organization_usage", "allow_any_organization"].contains(&k.as_str()))
    {
        return Err(invalid_body(format!("'Additional properties not allowed: {unknown}'.")));
    }
    let scope = body.get("scope").map(|v| requested_scopes(Some(v))).transpose()?;
    let mut store = ctx.tenant.lock();
    let Some(position) = store.grants.iter().position(|g| g.id == id) else {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "The client grant does not exist.")
            .code("inexistent_client_grant"));
    };
    if let Some(scope) = scope {
        let audience = store.grants[position].audience.clone();
        check_defined(&store, &audience, &scope)?;
        store.grants[position].scope = scope;
    }
    Ok(json_response(StatusCode::OK, &store.grants[position].to_json()))
}

/// `cgr_` and 16 characters, unique in the store.
fn new_grant_id(store: &Store) -> String {
    let mut n = store.grants.len() as u64;
    loop {
        let id = format!("cgr_local{n:011}");
        if store.grants.iter().all(|g| g.id != id) {
            return id;
        }
        n += 1;
    }
}
