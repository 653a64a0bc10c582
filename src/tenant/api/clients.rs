//! Clients (with Auth0's field visibility by scope), secret rotation, and client grants.

use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::Value;

use super::audit::SecretsReturned;
use super::ctx::{ApiResult, Ctx, ok};
use super::query::{Totals, checkpoint_page, page, project};
use crate::tenant::errors::ApiError;
use crate::tenant::events::secrets_in;
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

/// The answer, marked for a `mgmt_api_read` event when it shows secrets (docs/auth0.md#log-events).
fn marked(answer: &Value, v: ClientView) -> ApiResult {
    let mut resp = ok(answer)?;
    let items = answer.get("clients").unwrap_or(answer);
    if v == ClientView::Secrets && !secrets_in(items).is_empty() {
        resp.extensions_mut().insert(SecretsReturned);
    }
    Ok(resp)
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
    let answer = match q.checkpoint()? {
        Some(cp) => checkpoint_page(items, cp, "clients", false),
        None => page(items, q.paging(50)?, "clients", Totals::Plain),
    };
    marked(&answer, v)
}

pub fn get(ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    let fields = ctx.query.fields()?;
    let v = view(ctx);
    let client = render(ctx, store, id, v).ok_or_else(not_found)?;
    marked(&project(client, &fields), v)
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
    ok(&render(ctx, store, id, ClientView::Secrets).ok_or_else(not_found)?)
}

/// Stops *new* tokens for the client and audience; issued tokens live until `exp` (docs/auth0.md#lifecycle).
pub fn delete_grant(_ctx: &Ctx, store: &mut Store, id: &str) -> ApiResult {
    let Some(pos) = store.grants.iter().position(|g| g.id == id) else {
        // Auth0's 404 text for client grants (unconfirmed).
        return Err(ApiError::new(StatusCode::NOT_FOUND, "The client grant does not exist.")
            .code("inexistent_client_grant"));
    };
    store.grants.remove(pos);
    Ok(StatusCode::NO_CONTENT.into_response())
}
