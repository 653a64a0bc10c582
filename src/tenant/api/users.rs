//! Users: list/search (v3 syntax), by id, by email, and a user's roles.

use axum::http::StatusCode;
use serde_json::Value;

use super::query::{Totals, page, project, sort_by};
use super::{ApiResult, Ctx, ok};
use crate::tenant::errors::ApiError;
use crate::tenant::search;
use crate::tenant::store::Store;

/// Auth0 pages through at most the first 1000 results of a search (facts.md §6).
const SEARCH_LIMIT: usize = 1000;

fn inexistent_user() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "The user does not exist.").code("inexistent_user")
}

pub fn list(ctx: &Ctx, store: &Store) -> ApiResult {
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
            // [unconf] Auth0's wording for a query its parser refuses.
            search::parse(text, &search::USERS)
                .map_err(|e| ApiError::query(format!("Invalid query: {text} ({e})")))?
        }
    };
    let sort = q.sort()?;
    if let Some((field, _)) = &sort
        && (field.starts_with("app_metadata") || field.starts_with("user_metadata"))
    {
        return Err(ApiError::query("Sorting by metadata fields is not supported."));
    }
    let fields = q.fields()?;
    let mut hits: Vec<Value> =
        store.users.iter().filter(|u| query.matches(u, &search::USERS)).cloned().collect();
    if let Some((field, asc)) = sort {
        sort_by(&mut hits, &field, asc);
    }
    let hits: Vec<Value> = hits.into_iter().take(SEARCH_LIMIT).map(|u| project(u, &fields)).collect();
    ok(&page(hits, paging, "users", Totals::Users))
}

pub fn get(ctx: &Ctx, store: &Store, id: &str) -> ApiResult {
    let fields = ctx.query.fields()?;
    let user = store.users.iter().find(|u| u["user_id"] == id).ok_or_else(inexistent_user)?;
    ok(&project(user.clone(), &fields))
}

pub fn by_email(ctx: &Ctx, store: &Store) -> ApiResult {
    let fields = ctx.query.fields()?;
    let Some(email) = ctx.query.get("email") else {
        return Err(ApiError::query(
            "Query validation error: 'Missing required property: email' on property email.",
        ));
    };
    // Exact and case-sensitive, per facts.md §5 (Auth0 stores emails lower-cased).
    let found: Vec<Value> =
        store.users.iter().filter(|u| u["email"] == email).map(|u| project(u.clone(), &fields)).collect();
    ok(&Value::Array(found))
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
