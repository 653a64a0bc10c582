//! The read-only catalogue endpoints: resource servers, connections, roles, organizations,
//! stats, tenant settings and signing keys.

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use serde_json::{Value, json};

use super::ctx::{ApiResult, Ctx, ok};
use super::query::{Totals, checkpoint_page, page, project};
use crate::tenant::errors::ApiError;
use crate::tenant::store::{Store, iso};

pub fn resource_servers(ctx: &Ctx, store: &Store) -> ApiResult {
    let q = &ctx.query;
    let identifiers = q.all("identifiers");
    if identifiers.len() > 10 {
        return Err(ApiError::query(
            "Query validation error: 'Array is too long (11), maximum 10' on property identifiers.",
        ));
    }
    let fields = q.fields()?;
    let items: Vec<Value> = store
        .resource_servers
        .iter()
        .filter(|r| identifiers.is_empty() || identifiers.iter().any(|i| r["identifier"] == *i))
        .map(|r| project(r.clone(), &fields))
        .collect();
    ok(&page(items, q.paging(50)?, "resource_servers", Totals::Plain))
}

pub fn resource_server(_ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    let found = store.resource_servers.iter().find(|r| r["id"] == id || r["identifier"] == id);
    ok(found.ok_or_else(|| {
        // The errorCode is unconfirmed; the message is from Auth0's OpenAPI spec.
        ApiError::new(StatusCode::NOT_FOUND, "Resource server not found.").code("inexistent_resource_server")
    })?)
}

pub fn connections(ctx: &Ctx, store: &Store) -> ApiResult {
    let q = &ctx.query;
    let strategies = q.all("strategy");
    let name = q.get("name");
    let fields = q.fields()?;
    let items: Vec<Value> = store
        .connections
        .iter()
        .filter(|c| strategies.is_empty() || strategies.iter().any(|s| c["strategy"] == *s))
        .filter(|c| name.is_none_or(|n| c["name"] == n))
        .map(|c| project(c.clone(), &fields))
        .collect();
    if let Some(cp) = q.checkpoint()? {
        return ok(&checkpoint_page(items, cp, "connections", false));
    }
    ok(&page(items, q.paging(50)?, "connections", Totals::Plain))
}

pub fn connection(ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    let fields = ctx.query.fields()?;
    let found = store.connections.iter().find(|c| c["id"] == id).ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "The connection does not exist").code("inexistent_connection")
    })?;
    ok(&project(found.clone(), &fields))
}

pub fn organizations(ctx: &Ctx, store: &Store) -> ApiResult {
    let q = &ctx.query;
    let summary_only = !ctx.has("read:organizations");
    let items: Vec<Value> = store
        .organizations
        .iter()
        .map(|o| {
            if summary_only {
                json!({"id": o["id"], "name": o["name"], "display_name": o["display_name"]})
            } else {
                o.clone()
            }
        })
        .collect();
    if let Some(cp) = q.checkpoint()? {
        return ok(&checkpoint_page(items, cp, "organizations", true));
    }
    ok(&page(items, q.paging(50)?, "organizations", Totals::ItemsFirst))
}

pub fn organization(_ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    let found = store.organizations.iter().find(|o| o["id"] == id);
    // The errorCode is unconfirmed; the message is recorded (docs/auth0.md#management-api-errors).
    ok(found.ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "No organization found by that id or name")
            .code("inexistent_organization")
    })?)
}

/// Users whose last login is within the past 30 days: a bare JSON number.
pub fn active_users(_ctx: &Ctx, store: &Store) -> ApiResult {
    let since = iso(Utc::now() - Duration::days(30));
    let n =
        store.users.iter().filter(|u| u["last_login"].as_str().is_some_and(|d| d >= since.as_str())).count();
    ok(&json!(n))
}

fn day_param(ctx: &Ctx, name: &str) -> Result<Option<NaiveDate>, ApiError> {
    match ctx.query.get(name) {
        None => Ok(None),
        Some(raw) => NaiveDate::parse_from_str(raw, "%Y%m%d").map(Some).map_err(|_| {
            ApiError::query(format!(
                "Query validation error: 'String does not match pattern ^\\d{{8}}$: {raw}' on property {name}."
            ))
        }),
    }
}

pub fn daily(ctx: &Ctx, store: &Store) -> ApiResult {
    let from = day_param(ctx, "from")?;
    let to = day_param(ctx, "to")?;
    let items: Vec<Value> = store
        .daily_stats
        .iter()
        .filter(|d| {
            let day = d["date"]
                .as_str()
                .and_then(|s| s.get(..10))
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
            day.is_some_and(|day| from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t))
        })
        .cloned()
        .collect();
    ok(&Value::Array(items))
}

pub fn settings(ctx: &Ctx, store: &Store) -> ApiResult {
    let fields = ctx.query.fields()?;
    ok(&project(store.settings.clone(), &fields))
}

fn signing_key_json(ctx: &Ctx) -> Value {
    let k = &ctx.tenant.key;
    // Auth0 also pre-publishes a `next` key; this tenant has a single key (its flags are unconfirmed).
    json!({
        "kid": k.kid,
        "cert": k.cert_pem(),
        "pkcs7": k.pkcs7_pem(),
        "current": true,
        "next": false,
        "previous": false,
        "current_since": iso(k.created_at),
        "fingerprint": k.fingerprint(),
        "thumbprint": k.thumbprint(),
        "revoked": false,
    })
}

pub fn signing_keys(ctx: &Ctx, _store: &Store) -> ApiResult {
    ok(&json!([signing_key_json(ctx)]))
}

pub fn signing_key(ctx: &Ctx, _store: &Store, kid: &str) -> ApiResult {
    if kid != ctx.tenant.key.kid {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "Signing key not found.").code("inexistent_key"));
    }
    ok(&signing_key_json(ctx))
}
