//! Client grants: list, get, create, change and (in `clients.rs`) delete, with the fields of
//! Auth0's client-grant schema (`subject_type`, `default_for`, `authorization_details_types`,
//! `allow_all_scopes`, optional `scope`). A changed grant changes the scopes of *new* tokens
//! only; tokens already issued keep theirs until `exp` (docs/auth0.md#lifecycle). The work a
//! request brings (a long scope list) is done before the store is locked; under the lock only
//! lookups bounded by the API's own scopes happen. Validation follows Auth0's shapes; texts
//! Auth0 does not publish are the local tenant's own (docs/auth0.md#local-tenant-operations).

use std::collections::HashSet;

use axum::http::StatusCode;
use serde_json::Value;

use super::body::{Body, invalid};
use super::ctx::{ApiResult, Ctx, ok};
use super::query::{Totals, checkpoint_page, page};
use crate::tenant::errors::{ApiError, json_response};
use crate::tenant::ids::new_id;
use crate::tenant::store::{Grant, Store};

const ORGANIZATION_USAGE: [&str; 3] = ["deny", "allow", "require"];
const SUBJECT_TYPES: [&str; 3] = ["client", "user", "anonymous_user"];

fn not_found() -> ApiError {
    // Auth0's 404 text for client grants (unconfirmed).
    ApiError::new(StatusCode::NOT_FOUND, "The client grant does not exist.").code("inexistent_client_grant")
}

/// `scope` as distinct strings in the order given, checked in one pass (a set of those seen,
/// not a scan per item) and without the store.
fn requested_scopes(body: &Body, name: &str) -> Result<Option<Vec<String>>, ApiError> {
    let Some(list) = body.strings(name)? else { return Ok(None) };
    let mut seen = HashSet::with_capacity(list.len());
    Ok(Some(list.into_iter().filter(|s| seen.insert(*s)).map(str::to_owned).collect()))
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

/// `GET /client-grants`: filtered by `audience`, `client_id`, `allow_any_organization`,
/// `subject_type`; offset or checkpoint pages.
pub fn list(ctx: &Ctx, store: &Store) -> ApiResult {
    let q = &ctx.query;
    let audience = q.get("audience");
    let client_id = q.get("client_id");
    let subject_type = q.get("subject_type");
    let any_org = q.bool("allow_any_organization")?;
    let items: Vec<Value> = store
        .grants
        .iter()
        .filter(|g| audience.is_none_or(|a| g.audience == a))
        .filter(|g| client_id.is_none_or(|c| g.client_id == c))
        .filter(|g| subject_type.is_none_or(|s| g.subject_type == s))
        .filter(|g| any_org.is_none_or(|a| g.allow_any_organization == a))
        .map(Grant::to_json)
        .collect();
    if let Some(cp) = q.checkpoint()? {
        return ok(&checkpoint_page(items, cp, "client_grants", false));
    }
    ok(&page(items, q.paging(50)?, "client_grants", Totals::Plain))
}

/// `GET /client-grants/{id}`.
pub fn get(_ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    ok(&store.grants.iter().find(|g| g.id == id).ok_or_else(not_found)?.to_json())
}

/// `POST /client-grants`: `audience` is required, `client_id` unless `default_for` says whom the
/// grant is for; `scope` is optional (none). One grant per client, audience and subject type
/// (409 otherwise).
pub fn create(ctx: &Ctx) -> ApiResult {
    let body = Body::of(
        ctx,
        &[
            "client_id",
            "audience",
            "scope",
            "organization_usage",
            "allow_any_organization",
            "default_for",
            "subject_type",
            "authorization_details_types",
            "allow_all_scopes",
        ],
    )?;
    let default_for = body.one_of("default_for", &["third_party_clients"])?;
    let client_id = match (body.string("client_id")?, default_for) {
        (Some(id), _) => id.to_owned(),
        (None, Some(_)) => String::new(),
        (None, None) => return Err(invalid("'Missing required property: client_id'.")),
    };
    let audience = body.required_string("audience")?.to_owned();
    let scope = requested_scopes(&body, "scope")?.unwrap_or_default();
    let mut grant = Grant::new(String::new(), client_id, audience, scope);
    grant.default_for = default_for.map(str::to_owned);
    grant.organization_usage =
        body.one_of("organization_usage", &ORGANIZATION_USAGE)?.unwrap_or("deny").to_owned();
    grant.allow_any_organization = body.bool("allow_any_organization")?.unwrap_or(false);
    grant.subject_type = body.one_of("subject_type", &SUBJECT_TYPES)?.unwrap_or("client").to_owned();
    grant.authorization_details_types = body
        .strings("authorization_details_types")?
        .unwrap_or_default()
        .into_iter()
        .map(str::to_owned)
        .collect();
    grant.allow_all_scopes = body.bool("allow_all_scopes")?.unwrap_or(false);

    let mut store = ctx.tenant.lock();
    if !grant.client_id.is_empty() && store.client(&grant.client_id).is_none() {
        return Err(ApiError::new(StatusCode::NOT_FOUND, "Client not found").code("inexistent_client"));
    }
    check_defined(&store, &grant.audience, &grant.scope)?;
    let conflict = store.grants.iter().any(|g| {
        g.client_id == grant.client_id && g.audience == grant.audience && g.subject_type == grant.subject_type
    });
    if conflict {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "A client grant for this client and audience already exists",
        )
        .code("client_grant_conflict"));
    }
    grant.id = new_id("cgr_", 16, |id| store.grants.iter().any(|g| g.id == id));
    let answer = grant.to_json();
    store.grants.push(grant);
    Ok(json_response(StatusCode::CREATED, &answer))
}

/// `PATCH /client-grants/{id}`: `scope`, `organization_usage`, `allow_any_organization`,
/// `authorization_details_types`, `allow_all_scopes`; `null` leaves a nullable field as it is.
pub fn update(ctx: &Ctx, id: &str) -> ApiResult {
    let body = Body::of(
        ctx,
        &[
            "scope",
            "organization_usage",
            "allow_any_organization",
            "authorization_details_types",
            "allow_all_scopes",
        ],
    )?;
    let present = |name: &str| body.has(name) && ctx.body.as_ref().is_some_and(|b| !b[name].is_null());
    let scope = if present("scope") { requested_scopes(&body, "scope")? } else { None };
    let usage = if present("organization_usage") {
        body.one_of("organization_usage", &ORGANIZATION_USAGE)?
    } else {
        None
    };
    let any_org = if present("allow_any_organization") { body.bool("allow_any_organization")? } else { None };
    let all_scopes = if present("allow_all_scopes") { body.bool("allow_all_scopes")? } else { None };
    let details = body.strings("authorization_details_types")?;

    let mut store = ctx.tenant.lock();
    let position = store.grants.iter().position(|g| g.id == id).ok_or_else(not_found)?;
    if let Some(scope) = &scope {
        check_defined(&store, &store.grants[position].audience, scope)?;
    }
    let grant = &mut store.grants[position];
    if let Some(scope) = scope {
        grant.scope = scope;
    }
    if let Some(usage) = usage {
        grant.organization_usage = usage.to_owned();
    }
    if let Some(any_org) = any_org {
        grant.allow_any_organization = any_org;
    }
    if let Some(all) = all_scopes {
        grant.allow_all_scopes = all;
    }
    if let Some(types) = details {
        grant.authorization_details_types = types.into_iter().map(str::to_owned).collect();
    }
    Ok(json_response(StatusCode::OK, &grant.to_json()))
}
