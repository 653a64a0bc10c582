//! The `/api/v2` router: each handler registered once with axum, the scope guard on every matched
//! route, the rate limit in front of everything. Other operations of the Management API are
//! checked the same way and answer 501; paths that are no operation answer Auth0's 404.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::ctx::{ApiResult, Ctx, Id};
use super::guard::guard;
use super::limit::rate_limit;
use super::unimplemented::unimplemented_or_not_found;
use super::{access, clients, grants, logs, misc, resource_servers, roles, users, users_write};
use crate::tenant::state::Tenant;
use crate::tenant::store::Store;

pub fn router(tenant: Arc<Tenant>) -> Router<Arc<Tenant>> {
    Router::new()
        .route("/users", get(unlocked(users::list)).post(writes(users_write::create)))
        .route(
            "/users/{id}",
            get(reads_id(users::get)).patch(writes_id(users::update)).delete(writes_id(users_write::delete)),
        )
        .route(
            "/users/{id}/roles",
            get(reads_id(users::roles))
                .post(unlocked_id(access::assign_roles))
                .delete(unlocked_id(access::remove_roles)),
        )
        .route(
            "/users/{id}/permissions",
            get(reads_id(access::permissions))
                .post(unlocked_id(access::add_permissions))
                .delete(unlocked_id(access::remove_permissions)),
        )
        .route("/users/{id}/logs", get(unlocked_id(logs::for_user)))
        .route("/users-by-email", get(reads(users::by_email)))
        .route("/clients", get(reads(clients::list)))
        .route("/clients/{id}", get(reads_id(clients::get)))
        .route("/clients/{id}/rotate-secret", post(writes_id(clients::rotate)))
        .route("/client-grants", get(reads(grants::list)).post(unlocked(grants::create)))
        .route(
            "/client-grants/{id}",
            get(reads_id(grants::get))
                .delete(writes_id(clients::delete_grant))
                .patch(unlocked_id(grants::update)),
        )
        .route("/resource-servers", get(reads(misc::resource_servers)))
        .route(
            "/resource-servers/{id}",
            get(reads_id(misc::resource_server)).patch(writes_id(resource_servers::update)),
        )
        .route("/connections", get(reads(misc::connections)))
        .route("/connections/{id}", get(reads_id(misc::connection)))
        .route("/roles", get(reads(roles::list)).post(writes(roles::create)))
        .route(
            "/roles/{id}",
            get(reads_id(roles::get)).patch(writes_id(roles::update)).delete(writes_id(roles::delete)),
        )
        .route(
            "/roles/{id}/permissions",
            get(reads_id(roles::permissions))
                .post(unlocked_id(roles::add_permissions))
                .delete(unlocked_id(roles::remove_permissions)),
        )
        .route("/logs", get(unlocked(logs::list)))
        .route("/logs/{id}", get(unlocked_id(logs::get)))
        .route("/stats/active-users", get(reads(misc::active_users)))
        .route("/stats/daily", get(reads(misc::daily)))
        .route("/tenants/settings", get(reads(misc::settings)))
        .route("/keys/signing", get(reads(misc::signing_keys)))
        .route("/keys/signing/{id}", get(reads_id(misc::signing_key)))
        .route("/organizations", get(reads(misc::organizations)))
        .route("/organizations/{id}", get(reads_id(misc::organization)))
        .route_layer(from_fn_with_state(tenant.clone(), guard))
        .fallback(unimplemented_or_not_found)
        .method_not_allowed_fallback(unimplemented_or_not_found)
        .layer(from_fn_with_state(tenant, rate_limit))
}

type Answer = Pin<Box<dyn Future<Output = Response> + Send>>;

/// The store is locked only for the synchronous handler call, never across an await.
fn answer(result: ApiResult) -> Response {
    result.unwrap_or_else(IntoResponse::into_response)
}

fn reads(f: fn(&Ctx, &Store) -> ApiResult) -> impl Fn(Ctx) -> Answer + Clone + Send + Sync + 'static {
    move |ctx: Ctx| {
        let resp = answer(f(&ctx, &ctx.tenant.lock()));
        Box::pin(async move { resp }) as Answer
    }
}

fn reads_id(
    f: fn(&Ctx, &Store, &str) -> ApiResult,
) -> impl Fn(Id, Ctx) -> Answer + Clone + Send + Sync + 'static {
    move |Id(id): Id, ctx: Ctx| {
        let resp = answer(f(&ctx, &ctx.tenant.lock(), &id));
        Box::pin(async move { resp }) as Answer
    }
}

fn writes(f: fn(&Ctx, &mut Store) -> ApiResult) -> impl Fn(Ctx) -> Answer + Clone + Send + Sync + 'static {
    move |ctx: Ctx| {
        let resp = answer(f(&ctx, &mut ctx.tenant.lock()));
        Box::pin(async move { resp }) as Answer
    }
}

/// A handler that locks the store itself, only around the lookups and the change, so that
/// work proportional to the request (a long scope list, a search) happens without the lock.
fn unlocked(f: fn(&Ctx) -> ApiResult) -> impl Fn(Ctx) -> Answer + Clone + Send + Sync + 'static {
    move |ctx: Ctx| {
        let resp = answer(f(&ctx));
        Box::pin(async move { resp }) as Answer
    }
}

fn unlocked_id(f: fn(&Ctx, &str) -> ApiResult) -> impl Fn(Id, Ctx) -> Answer + Clone + Send + Sync + 'static {
    move |Id(id): Id, ctx: Ctx| {
        let resp = answer(f(&ctx, &id));
        Box::pin(async move { resp }) as Answer
    }
}

fn writes_id(
    f: fn(&Ctx, &mut Store, &str) -> ApiResult,
) -> impl Fn(Id, Ctx) -> Answer + Clone + Send + Sync + 'static {
    move |Id(id): Id, ctx: Ctx| {
        let resp = answer(f(&ctx, &mut ctx.tenant.lock(), &id));
        Box::pin(async move { resp }) as Answer
    }
}
