//! Logs: the search form (`q`, `page`, `per_page`, `sort`, `fields`) and the checkpoint form
//! (`from` = a log_id, `take`), which answers a bare array plus a `Link: <…>; rel="next"` header
//! (docs/auth0.md#log-events). The store is locked only to take a snapshot of the log; searching
//! and sorting it happen without the lock.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use serde_json::Value;

use super::ctx::{ApiResult, Ctx, ok};
use super::query::{Totals, page, project, search_refused, sort_by};
use crate::tenant::errors::{ApiError, json_response};
use crate::tenant::search;

const SEARCH_LIMIT: usize = 1000;

pub fn list(ctx: &Ctx) -> ApiResult {
    let q = &ctx.query;
    if q.get("from").is_some() || q.get("take").is_some() {
        return checkpoint(ctx);
    }
    let paging = q.paging(50)?;
    if (paging.page + 1) * paging.per_page > SEARCH_LIMIT {
        return Err(ApiError::query(
            "You can only page through the first 1000 records. See https://auth0.com/docs/logs/retrieve-log-events-using-mgmt-api#limitations.",
        ));
    }
    let query = match q.get("q").filter(|s| !s.trim().is_empty()) {
        None => search::Query::All,
        Some(text) => search::parse(text, &search::LOGS).map_err(|e| search_refused(text, e))?,
    };
    let (field, asc) = q.sort()?.unwrap_or(("date".into(), false));
    let fields = q.fields()?;
    let snapshot = ctx.tenant.lock().logs.snapshot();
    let mut hits: Vec<Arc<Value>> =
        snapshot.into_iter().filter(|l| query.matches(l, &search::LOGS)).collect();
    sort_by(&mut hits, &field, asc);
    let hits = hits.into_iter().take(SEARCH_LIMIT).map(|l| project(Value::clone(&l), &fields)).collect();
    ok(&page(hits, paging, "logs", Totals::WithLength))
}

/// `GET /users/{id}/logs`: that user's events, newest first by default, paged (docs/auth0.md#endpoints).
pub fn for_user(ctx: &Ctx, id: &str) -> ApiResult {
    let q = &ctx.query;
    let paging = q.paging(50)?;
    let snapshot = {
        let mut store = ctx.tenant.lock();
        if !store.users.iter().any(|u| u["user_id"] == id) {
            return Err(
                ApiError::new(StatusCode::NOT_FOUND, "The user does not exist.").code("inexistent_user")
            );
        }
        store.logs.snapshot()
    };
    let (field, asc) = q.sort()?.unwrap_or(("date".into(), false));
    let mut hits: Vec<Arc<Value>> = snapshot.into_iter().filter(|l| l["user_id"] == id).collect();
    sort_by(&mut hits, &field, asc);
    let hits = hits.into_iter().map(|l| Value::clone(&l)).collect();
    ok(&page(hits, paging, "logs", Totals::WithLength))
}

/// Events after `from` (exclusive), oldest first. Without `from`, from the oldest kept event
/// (Auth0 does not document the start point).
fn checkpoint(ctx: &Ctx) -> ApiResult {
    let q = &ctx.query;
    let take = q.int("take", 1, 100)?.unwrap_or(50) as usize;
    let from = q.get("from").unwrap_or("");
    let items: Vec<Value> =
        ctx.tenant.lock().logs.after(from, take).into_iter().map(|l| Value::clone(&l)).collect();
    // An empty page's next link repeats the same position.
    let last = items.last().and_then(|l| l["log_id"].as_str()).unwrap_or(from);
    let next = format!("<{}/api/v2/logs?from={last}&take={take}>; rel=\"next\"", ctx.tenant.domain);
    let mut resp = json_response(StatusCode::OK, &Value::Array(items));
    if let Ok(v) = HeaderValue::from_str(&next) {
        resp.headers_mut().insert(header::LINK, v);
    }
    Ok(resp)
}

pub fn get(ctx: &Ctx, id: &str) -> ApiResult {
    let log = ctx.tenant.lock().logs.get(id);
    // The errorCode is unconfirmed; the message is from Auth0's OpenAPI spec.
    let log =
        log.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "Log not found.").code("inexistent_log"))?;
    ok(&log)
}
