//! Clients (with Auth0's field visibility by scope), secret rotation, and client grants.

use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::Utc;
use serde_json::{Map, Value, json};

use super::ctx::{ApiResult, Ctx, ok};
use super::query::{Totals, checkpoint_page, page, project};
use crate::tenant::errors::ApiError;
use crate::tenant::seed::new_secret;
use crate::tenant::store::{ClientView, Store};

fn view(ctx: &Ctx) -> ClientView {
    if ctx.has("read:client_keys") || ctx.has("read:client_credentials") {
        ClientView::Secrets
    } else if ctx.has("read:clients") {
        ClientView::Config
    } else {
        ClientView::Summary
    }
}

fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "Client not found.").code("inexistent_client")
}

fn render(ctx: &Ctx, store: &Store, client_id: &str, view: ClientView) -> Option<Value> {
    let key = &ctx.tenant.key;
    store.client(client_id).map(|c| store.client_json(c, view, &key.cert_pem(), &key.pkcs7_pem()))
}

pub fn list(ctx: &Ctx, store: &Store) -> ApiResult {
    let q = &ctx.query;
    let fields = q.fields()?;
    let app_types: Vec<String> =
        q.get("app_type").map(|s| s.split(',').map(|t| t.trim().to_string()).collect()).unwrap_or_default();
    let is_global = q.bool("is_global")?;
    let is_first_party = q.bool("is_first_party")?;
    let v = view(ctx);
    let items: Vec<Value> = store
        .clients
        .iter()
        .filter(|c| app_types.is_empty() || app_types.contains(&c.app_type))
        // Seed clients are all first-party, none global.
        .filter(|_| is_global != Some(true) && is_first_party != Some(false))
        .filter_map(|c| render(ctx, store, &c.client_id, v))
        .map(|c| project(c, &fields))
        .collect();
    if let Some(cp) = q.checkpoint()? {
        return ok(&checkpoint_page(items, cp, "clients", false));
    }
    ok(&page(items, q.paging(50)?, "clients", Totals::Plain))
}

pub fn get(ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    let fields = ctx.query.fields()?;
    let client = render(ctx, store, id, view(ctx)).ok_or_else(not_found)?;
    ok(&project(client, &fields))
}

/// New secret; tokens already issued stay valid (docs/auth0.md#lifecycle): nothing else changes.
pub fn rotate(ctx: &Ctx, store: &mut Store, id: &str) -> ApiResult {
    let client = store.clients.iter_mut().find(|c| c.client_id == id).ok_or_else(not_found)?;
    if client.client_secret.is_none() {
        // Auth0's OpenAPI spec says rotation is refused for private_key_jwt clients; the wording is ours.
        return Err(ApiError::bad_request(
            "The client uses private_key_jwt authentication and has no secret to rotate.",
            "operation_not_supported",
        ));
    }
    client.client_secret = Some(new_secret());
    let name = client.name.clone();
    api_log(
        ctx,
        store,
        "Rotate client secret",
        &format!("/api/v2/clients/{id}/rotate-secret"),
        "post",
        &name,
    );
    ok(&render(ctx, store, id, ClientView::Secrets).ok_or_else(not_found)?)
}

pub fn grants(ctx: &Ctx, store: &Store) -> ApiResult {
    let q = &ctx.query;
    let audience = q.get("audience");
    let client_id = q.get("client_id");
    let items: Vec<Value> = store
        .grants
        .iter()
        .filter(|g| audience.is_none_or(|a| g.audience == a))
        .filter(|g| client_id.is_none_or(|c| g.client_id == c))
        .map(|g| g.to_json())
        .collect();
    if let Some(cp) = q.checkpoint()? {
        return ok(&checkpoint_page(items, cp, "client_grants", false));
    }
    ok(&page(items, q.paging(50)?, "client_grants", Totals::Plain))
}

/// Stops *new* tokens for the client and audience; issued tokens live until `exp` (docs/auth0.md#lifecycle).
pub fn delete_grant(ctx: &Ctx, store: &mut Store, id: &str) -> ApiResult {
    let Some(pos) = store.grants.iter().position(|g| g.id == id) else {
        // Auth0's 404 text for client grants (unconfirmed).
        return Err(ApiError::new(StatusCode::NOT_FOUND, "The client grant does not exist.")
            .code("inexistent_client_grant"));
    };
    let grant = store.grants.remove(pos);
    let name = store.client(&grant.client_id).map(|c| c.name.clone()).unwrap_or_default();
    api_log(ctx, store, "Delete client grant", &format!("/api/v2/client-grants/{id}"), "delete", &name);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Auth0 records Management API writes as `sapi` events.
fn api_log(ctx: &Ctx, store: &mut Store, description: &str, path: &str, method: &str, target: &str) {
    let caller = store.client(&ctx.client_id).map(|c| c.name.clone()).unwrap_or_default();
    let mut m = Map::new();
    m.insert("type".into(), json!("sapi"));
    m.insert("description".into(), json!(description));
    m.insert("client_id".into(), json!(ctx.client_id));
    m.insert("client_name".into(), json!(caller));
    m.insert("ip".into(), json!(ctx.ip));
    m.insert("user_agent".into(), json!(ctx.user_agent));
    m.insert("hostname".into(), json!("127.0.0.1"));
    m.insert("user_id".into(), json!(""));
    m.insert("user_name".into(), json!(""));
    m.insert(
        "details".into(),
        json!({"request": {"method": method, "path": path, "auth": {"strategy": "jwt", "credentials": {"jti": null}}},
               "response": {"statusCode": if method == "delete" { 204 } else { 200 }}, "target": target}),
    );
    m.insert("isMobile".into(), json!(false));
    store.push_log(Utc::now(), m);
}
